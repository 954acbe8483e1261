/**
 * Bulk activation, suspension and resumption of every endpoint with a tag, through the client's
 * pacer and the transport's retry policy (the same ones bulk creation uses), with per-item results,
 * progress, resume and abort.
 *
 * @module
 */
import { activateEndpoint, changeLifecycle } from '../api/index.js';
import type { SftClient } from '../client.js';
import { isUnknownOutcome } from '../errors.js';
import { runOrdered } from '../provisioning/runner.js';
import type { StoredEndpoint } from '../store/types.js';
import type { EndpointState, PlatformEndpointState } from '../types.js';
import { type ConfirmStateOptions, confirmState } from './confirm-state.js';
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
  /** The platform refused, or the outcome stayed unknown (see `error.outcome`). */
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
}

/** Options of {@link changeStateByTag}. */
export interface BulkLifecycleOptions {
  /** Endpoints in flight at once. Default: the client's `concurrency`. The pacer sets the request rate whatever this is. */
  concurrency?: number;
  /** Stops taking new endpoints; those in flight are seen through and reported. */
  signal?: AbortSignal;
  /** Called after each endpoint. */
  onProgress?: (progress: LifecycleProgress) => void;
  /** How an unknown outcome is confirmed (reads, never a second send). */
  reconcile?: ConfirmStateOptions;
}

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
 * (the allocation activates them itself). An unknown outcome is confirmed by reading the state, never
 * by sending again; the store follows each confirmed change.
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
  const started = Date.now();
  const counts = await client.store.counts({ tag });
  const progress: LifecycleProgress = {
    total: counts.filter((c) => c.tag === tag).reduce((sum, c) => sum + c.count, 0),
    done: 0,
    changed: 0,
    recovered: 0,
    skipped: 0,
    failed: 0,
  };
  const run = runOrdered({
    source: listInventory(client, { tag }),
    worker: async (endpoint: StoredEndpoint, index: number): Promise<LifecycleItemResult> => {
      const result = { index, ...(await applyOne(client, endpoint, action, options.reconcile)) };
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

async function applyOne(
  client: SftClient,
  snapshot: StoredEndpoint,
  action: LifecycleAction,
  reconcile: ConfirmStateOptions | undefined,
): Promise<ItemOutcome> {
  const { from, to } = TRANSITIONS[action];
  // Re-read: the selection may be stale (an allocation or another run may have moved it since).
  const current = (await client.store.getByIccid(snapshot.iccid)) ?? snapshot;
  const base = { iccid: current.iccid, endpointId: current.endpointId };
  const skip = skipReason(current, action, from, to);
  if (skip !== undefined) return { ...base, status: 'skipped', reason: skip };
  const endpointId = current.endpointId!;
  const keys = { endpointId, iccid: current.iccid };
  try {
    // "Already active" (a claimed code) means an earlier, lost activation went through.
    let alreadyDone = false;
    if (action === 'activate') alreadyDone = (await activateEndpoint(client, endpointId)).alreadyActive;
    else await changeLifecycle(client, endpointId, action === 'suspend' ? 'S' : 'A');
    await client.store.transition(current.iccid, to, { from, lastError: null });
    return { ...base, status: alreadyDone ? 'recovered' : 'changed' };
  } catch (error) {
    // Unknown outcome: read until the change shows (never re-send). Refusal: one read, in case the
    // platform is already in the target state (e.g. a rerun after a crash before the store write).
    const confirm = isUnknownOutcome(error) ? reconcile : { ...reconcile, attempts: 1 };
    if (await confirmState(client, keys, to, confirm).catch(() => false)) {
      await client.store.transition(current.iccid, to, { from, lastError: null });
      return { ...base, status: 'recovered' };
    }
    const reason = error instanceof Error ? error.message : String(error);
    await client.store.upsert({ iccid: current.iccid, lastError: `${action} failed: ${reason}` });
    return { ...base, status: 'failed', reason, error };
  }
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
