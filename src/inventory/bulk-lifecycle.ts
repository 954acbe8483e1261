/**
 * Bulk activation, suspension and resumption of every endpoint with a tag, through the client's
 * pacer and the transport's retry policy (the same ones bulk creation uses), with per-item results,
 * progress, resume and abort.
 *
 * @module
 */
import { activateEndpoint, changeLifecycle } from '../api/index.js';
import type { SftClient } from '../client.js';
import { isUnknownOutcome, SftApiError, SftAuthError, SftError, SftValidationError } from '../errors.js';
import { delay } from '../internal/signals.js';
import { runOrdered } from '../provisioning/runner.js';
import type { StoredEndpoint } from '../store/types.js';
import { fullJitterBackoff } from '../transport/backoff.js';
import type { EndpointState, PlatformEndpointState } from '../types.js';
import { type ConfirmStateOptions, readUntilState } from './confirm-state.js';
import { listInventory } from './tagging.js';

/**
 * What to do to each endpoint:
 * - `'activate'`: Pre-Active → Active with Endpoint Activation (`EndPointActivation`);
 * - `'suspend'`: Active → Suspended with Lifecycle Change `S`;
 * - `'resume'`: Suspended → Active with Lifecycle Change `A`.
 */
export type LifecycleAction = 'activate' | 'suspend' | 'resume';

const TRANSITIONS: Readonly<
  Record<LifecycleAction, { from: PlatformEndpointState; to: PlatformEndpointState }>
> = {
  activate: { from: 'pre-active', to: 'active' },
  suspend: { from: 'active', to: 'suspended' },
  resume: { from: 'suspended', to: 'active' },
};

/** What happened to one endpoint. */
export type LifecycleItemStatus =
  /** The platform confirmed the change. */
  | 'changed'
  /**
   * The change was already applied: its answer was lost and reading the state showed it (it was not
   * sent twice), or the platform was found in the target state already (e.g. a rerun after a crash).
   */
  | 'recovered'
  /** Nothing to do: already in the target state, not in the source state, or held by an allocation. */
  | 'skipped'
  /**
   * The platform refused, the outcome stayed unknown (see `error.outcome`), the re-sends ran out, or
   * the run was aborted before a re-send.
   */
  | 'failed';

/** The result of one endpoint, in the order the endpoints were selected (by ICCID). */
export interface LifecycleItemResult {
  /** Position in the run (0-based). */
  index: number;
  /** The SIM's ICCID. */
  iccid: string;
  /** SFT's endpoint id, when the store has one. */
  endpointId: string | undefined;
  /** What happened. */
  status: LifecycleItemStatus;
  /** Why it was skipped or failed, in words. */
  reason?: string;
  /** Change requests sent for this endpoint in this run (0 when skipped). */
  attempts: number;
  /** The error of a failed item. */
  error?: unknown;
}

/** Progress of a run, reported after each endpoint. */
export interface LifecycleProgress {
  /** Endpoints with the tag when the run started. */
  total: number;
  /** Endpoints finished. */
  done: number;
  /** Endpoints the platform confirmed changed. */
  changed: number;
  /** Endpoints whose answer was lost and whose change was confirmed by reading. */
  recovered: number;
  /** Endpoints with nothing to do. */
  skipped: number;
  /** Endpoints refused, or whose outcome stayed unknown. */
  failed: number;
  /** Change requests sent again after reading showed the first was not applied (or it never got through). */
  retries: number;
}

/** Options of {@link changeStateByTag}. */
export interface BulkLifecycleOptions {
  /** Endpoints in flight at once. Default: the client's `concurrency`. The pacer sets the request rate whatever this is. */
  concurrency?: number;
  /** Stops taking new endpoints; those in flight are seen through and reported. */
  signal?: AbortSignal;
  /** Called after each endpoint. */
  onProgress?: (progress: LifecycleProgress) => void;
  /** How an unknown outcome is confirmed by reading the state, before anything is sent again. */
  reconcile?: ConfirmStateOptions;
  /** Re-send policy; see {@link LifecycleRetryOptions}. */
  retry?: LifecycleRetryOptions;
  /** Random source for the backoff jitter, in `[0, 1)` (inject one in tests). Default `Math.random`. */
  random?: () => number;
}

/**
 * When a change is sent again (the same rules as bulk creation): only after it surely was not applied —
 * an unknown outcome (5xx after sending, timeout, 10240, dropped connection) whose state read shows the
 * endpoint still in the source state, or a failure that never reached the platform (a 429 or refused
 * connection left over by the transport). Each re-send waits a full-jitter backoff.
 */
export interface LifecycleRetryOptions {
  /** How many times one endpoint's change may be re-sent. Default 5; 0 never re-sends. */
  retries?: number;
  /** Backoff cap before the first re-send, in milliseconds (full jitter below it). Default 500. */
  minDelayMs?: number;
  /** Longest backoff wait, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
}

const DEFAULT_RETRY: Required<LifecycleRetryOptions> = Object.freeze({
  retries: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
});

/** The outcome of a run. */
export interface BulkLifecycleSummary {
  /** What was done. */
  action: LifecycleAction;
  /** The tag whose endpoints were selected. */
  tag: string;
  /** One result per endpoint attempted, in ICCID order. */
  results: LifecycleItemResult[];
  /** Final counts. */
  progress: LifecycleProgress;
  /** Whether the signal stopped the run before every endpoint was attempted (rerun to continue). */
  aborted: boolean;
  /** Wall time of the run, in milliseconds. */
  durationMs: number;
}

/**
 * Applies `action` to every stored endpoint tagged `tag`, streamed from the store in ICCID order through
 * the bulk engine's ordered runner (`runOrdered`): memory is bounded by the endpoints in flight, and
 * requests go through the client's pacer and the transport's retry policy.
 *
 * Resumable: endpoints already in the target state are skipped, so rerunning after a crash or an abort
 * only does what is left. Pre-active endpoints claimed by an allocation are skipped for `'activate'`
 * (the allocation activates them itself). An unknown outcome (5xx after sending, timeout, 10240,
 * dropped connection) is reconciled first, by reading the state: in the target state → `recovered`;
 * still in the source state → sent again after a full-jitter backoff (see {@link LifecycleRetryOptions}),
 * so one run finishes the endpoints whose change surely was not applied; anything else → `failed`.
 * A change is never re-sent while its outcome is unknown. The store follows each confirmed change.
 *
 * Aborting stops taking endpoints; those in flight finish and are reported. The summary then has
 * `aborted: true` and holds the results of the endpoints attempted; rerun to do the rest.
 */
export async function changeStateByTag(
  client: SftClient,
  tag: string,
  action: LifecycleAction,
  options: BulkLifecycleOptions = {},
): Promise<BulkLifecycleSummary> {
  validateRetry(options.retry);
  const started = Date.now();
  const counts = await client.store.counts({ tag });
  const progress: LifecycleProgress = {
    total: counts.filter((c) => c.tag === tag).reduce((sum, c) => sum + c.count, 0),
    done: 0,
    changed: 0,
    recovered: 0,
    skipped: 0,
    failed: 0,
    retries: 0,
  };
  const settings: RunSettings = {
    reconcile: options.reconcile,
    retry: { ...DEFAULT_RETRY, ...definedOnly(options.retry) },
    random: options.random ?? Math.random,
    signal: options.signal,
    onRetry: () => {
      progress.retries++;
    },
  };
  const run = runOrdered({
    source: listInventory(client, { tag }),
    worker: async (endpoint: StoredEndpoint, index: number): Promise<LifecycleItemResult> => {
      const result = { index, ...(await applyOne(client, endpoint, action, settings)) };
      progress.done++;
      progress[result.status]++;
      options.onProgress?.({ ...progress });
      return result;
    },
    concurrency: options.concurrency ?? client.concurrency,
    signal: options.signal,
  });
  const results: LifecycleItemResult[] = [];
  for await (const result of run) results.push(result);
  return {
    action,
    tag,
    results,
    progress,
    aborted: options.signal?.aborted === true && progress.done < progress.total,
    durationMs: Date.now() - started,
  };
}

/** {@link changeStateByTag} with `'activate'`. */
export function activateByTag(
  client: SftClient,
  tag: string,
  options?: BulkLifecycleOptions,
): Promise<BulkLifecycleSummary> {
  return changeStateByTag(client, tag, 'activate', options);
}

/** {@link changeStateByTag} with `'suspend'`. */
export function suspendByTag(
  client: SftClient,
  tag: string,
  options?: BulkLifecycleOptions,
): Promise<BulkLifecycleSummary> {
  return changeStateByTag(client, tag, 'suspend', options);
}

/** {@link changeStateByTag} with `'resume'`. */
export function resumeByTag(
  client: SftClient,
  tag: string,
  options?: BulkLifecycleOptions,
): Promise<BulkLifecycleSummary> {
  return changeStateByTag(client, tag, 'resume', options);
}

type ItemOutcome = Omit<LifecycleItemResult, 'index'>;

interface RunSettings {
  reconcile: ConfirmStateOptions | undefined;
  retry: Required<LifecycleRetryOptions>;
  random: () => number;
  signal: AbortSignal | undefined;
  onRetry(): void;
}

async function applyOne(
  client: SftClient,
  snapshot: StoredEndpoint,
  action: LifecycleAction,
  settings: RunSettings,
): Promise<ItemOutcome> {
  const { from, to } = TRANSITIONS[action];
  // Re-read: the selection may be stale (an allocation or another run may have moved it since).
  const current = (await client.store.getByIccid(snapshot.iccid)) ?? snapshot;
  const base = { iccid: current.iccid, endpointId: current.endpointId };
  const skip = skipReason(current, action, from, to);
  if (skip !== undefined) return { ...base, status: 'skipped', reason: skip, attempts: 0 };
  const endpointId = current.endpointId!;
  const keys = { endpointId, iccid: current.iccid };
  const recordDone = () => client.store.transition(current.iccid, to, { from, lastError: null });
  const recordFailed = async (error: unknown, attempts: number): Promise<ItemOutcome> => {
    const reason = error instanceof Error ? error.message : String(error);
    await client.store.upsert({ iccid: current.iccid, lastError: `${action} failed: ${reason}` });
    return { ...base, status: 'failed', reason, error, attempts };
  };

  for (let attempt = 1; ; attempt++) {
    // "Already active" (a claimed code) means an earlier, lost activation went through.
    let alreadyDone = false;
    try {
      if (action === 'activate') alreadyDone = (await activateEndpoint(client, endpointId)).alreadyActive;
      else await changeLifecycle(client, endpointId, action === 'suspend' ? 'S' : 'A');
    } catch (error) {
      // Unknown outcome: read the state (a few times: the platform may still be processing) before
      // anything else. Refusal: one read, in case the platform is already in the target state (e.g. a
      // rerun after a crash before the store write).
      const unknown = isUnknownOutcome(error);
      const confirm = unknown ? settings.reconcile : { ...settings.reconcile, attempts: 1 };
      let state: PlatformEndpointState | undefined | 'unreadable';
      try {
        state = await readUntilState(client, keys, to, confirm);
      } catch {
        state = 'unreadable';
      }
      if (state === to) {
        await recordDone();
        return { ...base, status: 'recovered', attempts: attempt };
      }
      // Send again only when it surely was not applied: an unknown outcome the read shows still in the
      // source state, or a failure that never reached the platform.
      const notApplied = unknown ? state === from : isSafeToResend(error);
      if (!notApplied || attempt > settings.retry.retries) return recordFailed(error, attempt);
      if (settings.signal?.aborted) return recordFailed(stoppedBeforeResend(action, error), attempt);
      try {
        await delay(fullJitterBackoff(attempt - 1, settings.retry, settings.random), settings.signal);
      } catch {
        return recordFailed(stoppedBeforeResend(action, error), attempt);
      }
      settings.onRetry();
      continue;
    }
    // Outside the try: a store failure here is not a failed send, and must never cause a re-send.
    await recordDone();
    return { ...base, status: alreadyDone ? 'recovered' : 'changed', attempts: attempt };
  }
}

/** A failure that never reached the platform (or was refused before being applied) and may be re-sent. */
function isSafeToResend(error: unknown): boolean {
  if (!(error instanceof SftError) || error.outcome === 'unknown') return false;
  if (error instanceof SftAuthError || error instanceof SftValidationError) return false;
  // A business refusal is definitive; a 429 left over by the transport or a refused connection is not.
  if (error instanceof SftApiError) {
    return error.httpStatus !== undefined && (error.httpStatus === 429 || error.httpStatus >= 500);
  }
  return true;
}

function stoppedBeforeResend(action: LifecycleAction, cause: unknown): SftError {
  return new SftError(
    `The run stopped before this ${action} could be sent again (reading showed it was not applied); rerun to finish it.`,
    { cause, operation: 'changeStateByTag', outcome: 'not-applied' },
  );
}

function validateRetry(retry: LifecycleRetryOptions | undefined): void {
  if (retry === undefined) return;
  const issues: { field: string; message: string }[] = [];
  if (retry.retries !== undefined && !(Number.isInteger(retry.retries) && retry.retries >= 0))
    issues.push({ field: 'retry.retries', message: 'must be an integer >= 0' });
  for (const field of ['minDelayMs', 'maxDelayMs'] as const) {
    const value = retry[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      issues.push({ field: `retry.${field}`, message: 'must be a finite number >= 0' });
  }
  if (issues.length > 0) throw new SftValidationError(issues, { operation: 'changeStateByTag' });
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function skipReason(
  e: StoredEndpoint,
  action: LifecycleAction,
  from: EndpointState,
  to: EndpointState,
): string | undefined {
  if (e.state === to) return `already ${to}`;
  if (e.state !== from) return `is ${e.state}, not ${from}`;
  if (e.endpointId === undefined) return 'the store holds no endpoint id';
  if (action === 'activate' && e.claimedBy !== undefined) return `claimed by ${e.claimedBy}`;
  return undefined;
}
