/**
 * The engine's work on one batch of rows (one row with the default strategy): skip what the store
 * holds as created, reconcile what a previous run left pending (and look up what one recorded as
 * failed, in case another run created it), journal the rest as pending, send,
 * then settle every row — created, recovered after an unknown outcome, re-sent with backoff when it
 * surely was not applied, or failed with the platform's reason.
 *
 * @module
 */
import pRetry from 'p-retry';
import { getEndpointProfile } from '../api/endpoints.js';
import { findSimByIccid } from '../api/sims.js';
import type { SftClient } from '../client.js';
import { SftApiError, SftAuthError, SftError, SftStoreError, SftValidationError } from '../errors.js';
import { delay } from '../internal/signals.js';
import { toPlatformState } from '../internal/states.js';
import type { StoredEndpoint } from '../store/types.js';
import { fullJitterBackoff } from '../transport/backoff.js';
import type { RequestPacer } from '../transport/pacer.js';
import type { EndpointState, PlatformEndpointState } from '../types.js';
import type { ConcurrencyController } from './concurrency.js';
import { reconcileUnknownOutcome } from './reconcile.js';
import type { ProvisioningStrategy, RowOutcome } from './strategy.js';
import type { BulkResult } from './types.js';
import type { RowVerdict, ValidRow } from './validate-rows.js';

/** The engine's retry settings with every field set. */
export interface ResolvedBulkRetry {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  reconcileRetries: number;
}

/** What {@link provisionBatch} needs from the run. */
export interface BatchContext {
  client: SftClient;
  strategy: ProvisioningStrategy;
  jobId: string;
  retry: ResolvedBulkRetry;
  random: () => number;
  /** The run's own extra limiter (`maxTps` of the run), if any. */
  runLimiter: RequestPacer | undefined;
  /** The run's abort signal: stops re-sends and backoff waits, never a create already sent. */
  signal: AbortSignal | undefined;
  concurrency: ConcurrencyController;
  stats: { retries: number; reconciliations: number };
  /** Whether the run was stopped by a fatal error. */
  isStopped(): boolean;
  /** Stops the whole run (authentication refused, store failure, unexpected error). */
  fatal(error: SftError): void;
}

/** How the engine treats an error of a create. */
type ErrorClass = 'unknown' | 'retry' | 'definitive' | 'fatal';

/** Classifies a create error: what may be re-sent, what must be reconciled, what stops the run. */
export function classifyCreateError(error: SftError): ErrorClass {
  if (error instanceof SftAuthError || error instanceof SftStoreError) return 'fatal';
  if (error.outcome === 'unknown') return 'unknown';
  if (error instanceof SftValidationError) return 'definitive';
  if (error instanceof SftApiError) {
    return error.httpStatus !== undefined && error.httpStatus >= 500 ? 'retry' : 'definitive';
  }
  // Rate limited after the transport's own retries, connection refused before sending, …
  return 'retry';
}

/** Any thrown value as an {@link SftError}; a foreign error may have hit mid-request, so its outcome is unknown. */
export function asSftError(error: unknown): SftError {
  if (error instanceof SftError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SftError(`createBulkEndpoints: ${message}`, { cause: error, outcome: 'unknown' });
}

const CREATED_STATES: readonly EndpointState[] = ['pre-active', 'active', 'suspended', 'hold'];

/** One row being worked on. */
interface Work {
  row: ValidRow;
  attempts: number;
  /** A create of this row may have happened without us knowing (seen an unknown outcome). */
  uncertain: boolean;
  lastError: SftError | undefined;
  result: BulkResult | undefined;
}

class RowsToResend extends Error {
  override name = 'RowsToResend';
}

function describe(error: SftError): string {
  if (error instanceof SftApiError) {
    return `${error.resultCode}${error.resultDescription ? `: ${error.resultDescription}` : ''}`;
  }
  return `${error.name}: ${error.message}`;
}

function stateAfterCreate(row: ValidRow, platform?: PlatformEndpointState): EndpointState {
  return platform ?? (row.input.isDefaultActivation === true ? 'active' : 'pre-active');
}

/** Works one batch of verdicts; resolves with one result per verdict, in order. Never rejects. */
export async function provisionBatch(
  ctx: BatchContext,
  verdicts: readonly RowVerdict[],
): Promise<BulkResult[]> {
  const { client } = ctx;
  const store = client.store;
  const results: BulkResult[] = new Array(verdicts.length);
  const work: (Work | undefined)[] = verdicts.map((v) =>
    v.ok ? { row: v.row, attempts: 0, uncertain: false, lastError: undefined, result: undefined } : undefined,
  );

  const settle = (w: Work, result: Omit<BulkResult, 'index' | 'input' | 'attempts'>) => {
    w.result = { index: w.row.index, input: w.row.input, attempts: w.attempts, ...result };
  };

  const recordCreated = async (
    w: Work,
    endpointId: string,
    status: 'created' | 'recovered',
    state?: PlatformEndpointState,
  ) => {
    await store.transition(w.row.input.iccid, stateAfterCreate(w.row, state), {
      endpointId,
      lastError: null,
    });
    settle(w, { status, endpointId });
  };

  const reconcile = async (w: Work): Promise<boolean> => {
    const verdict = await reconcileUnknownOutcome(client, w.row.input.iccid, {
      retries: ctx.retry.reconcileRetries,
      minDelayMs: ctx.retry.minDelayMs,
      maxDelayMs: ctx.retry.maxDelayMs,
      random: ctx.random,
      onLookUp: () => {
        ctx.stats.reconciliations++;
      },
    });
    if (!verdict.linked) return false;
    await recordCreated(w, verdict.endpointId, 'recovered', verdict.state);
    return true;
  };

  /**
   * For a row an earlier run recorded as failed, or one the platform just refused: linked to an endpoint
   * with this row's name → recovered (created by another run, or by a run whose journal was lost);
   * linked to another endpoint → false (a refusal the create will repeat).
   */
  const recoverOwnEndpoint = async (w: Work): Promise<boolean> => {
    ctx.stats.reconciliations++;
    const sim = await findSimByIccid(client, w.row.input.iccid);
    if (sim?.endpointId === undefined) return false;
    const profile = await getEndpointProfile(client, sim.endpointId);
    if (profile.name !== w.row.input.name) return false;
    await recordCreated(w, sim.endpointId, 'recovered', toPlatformState(sim.simStatus));
    return true;
  };

  /** {@link recoverOwnEndpoint} for a row just refused: a failed look-up counts as "not recovered". */
  const recoverOwn = async (w: Work): Promise<boolean> => {
    try {
      return await recoverOwnEndpoint(w);
    } catch (error) {
      const e = asSftError(error);
      if (classifyCreateError(e) === 'fatal') ctx.fatal(e);
      return false;
    }
  };

  try {
    // 1. What the store already knows: skip created rows, reconcile rows a previous run left pending.
    const toSend: Work[] = [];
    const existing = new Map<Work, StoredEndpoint | undefined>();
    for (const w of work) {
      if (!w) continue;
      const stored = await store.getByIccid(w.row.input.iccid);
      existing.set(w, stored);
      if (stored?.endpointId !== undefined && CREATED_STATES.includes(stored.state)) {
        const missing = w.row.tags.filter((t) => !stored.tags.includes(t));
        if (missing.length > 0) await store.addTags([w.row.input.iccid], missing);
        settle(w, { status: 'skipped', endpointId: stored.endpointId });
        continue;
      }
      if (stored?.state === 'pending') {
        w.uncertain = true;
        try {
          if (await reconcile(w)) continue;
        } catch (error) {
          const e = asSftError(error);
          if (classifyCreateError(e) === 'fatal') throw e;
          await store.upsert({ iccid: w.row.input.iccid, lastError: describe(e) });
          settle(w, { status: 'failed', error: e });
          continue;
        }
      } else if (stored?.state === 'failed' && stored.jobId !== undefined) {
        // An earlier run refused it, possibly because another run created it meanwhile (two processes on
        // the same rows): look it up before sending again, and recover it if it is this row's endpoint.
        try {
          if (await recoverOwnEndpoint(w)) continue;
        } catch (error) {
          const e = asSftError(error);
          if (classifyCreateError(e) === 'fatal') throw e;
          // The look-up failed: send anyway; the platform refuses a SIM that is already linked.
        }
      }
      toSend.push(w);
    }

    // 2. Journal before sending: a crash from here on leaves the rows pending, and a rerun reconciles them.
    if (toSend.length > 0) {
      await store.upsertMany(
        toSend.map((w) => ({
          iccid: w.row.input.iccid,
          name: w.row.input.name,
          tags: [...new Set([...(existing.get(w)?.tags ?? []), ...w.row.tags])],
          state: 'pending' as const,
          jobId: ctx.jobId,
          endpointId: null,
          lastError: null,
        })),
      );
    }

    // 3. Send, settle, and re-send what surely was not applied, with full-jitter backoff.
    let pending = toSend;
    if (pending.length > 0) {
      try {
        await pRetry(
          async () => {
            pending = await sendOnce(ctx, pending, { recordCreated, reconcile, recoverOwn, settle });
            if (pending.length > 0) throw new RowsToResend(`${pending.length} row(s) to send again`);
          },
          {
            retries: ctx.retry.retries,
            minTimeout: 0,
            factor: 1,
            shouldRetry: async ({ error, retriesConsumed }) => {
              // Anything but "rows to send again" (e.g. the store failing) must not re-send creates.
              if (!(error instanceof RowsToResend)) return false;
              if (ctx.signal?.aborted || ctx.isStopped()) return false;
              try {
                await delay(fullJitterBackoff(retriesConsumed, ctx.retry, ctx.random), ctx.signal);
              } catch {
                return false;
              }
              ctx.stats.retries += pending.length;
              return true;
            },
          },
        );
      } catch (error) {
        if (!(error instanceof RowsToResend)) throw error;
      }
      // Rows still unsent: retries exhausted, or the run was aborted/stopped before re-sending.
      for (const w of pending) {
        const stopped = ctx.signal?.aborted || ctx.isStopped();
        const last = w.lastError ?? new SftError('create was not attempted');
        const error = stopped
          ? new SftError(
              'The run stopped before this row could be sent again; rerun the same input to finish it.',
              {
                cause: last,
                operation: 'createBulkEndpoints',
                outcome: w.uncertain ? 'unknown' : 'not-applied',
              },
            )
          : last;
        // A row whose create may have happened stays pending, so that a rerun looks it up before sending.
        if (w.uncertain) await store.upsert({ iccid: w.row.input.iccid, lastError: describe(last) });
        else await store.transition(w.row.input.iccid, 'failed', { lastError: describe(last) });
        settle(w, { status: 'failed', error });
      }
    }
  } catch (error) {
    const e = asSftError(error);
    ctx.fatal(e);
    for (const w of work) {
      if (w && !w.result) settle(w, { status: 'failed', error: e });
    }
  }

  verdicts.forEach((v, i) => {
    const w = work[i];
    if (w?.result) results[i] = w.result;
    else if (!v.ok)
      results[i] = {
        index: v.index,
        input: v.input as BulkResult['input'],
        status: 'failed',
        error: v.error,
        attempts: 0,
      };
  });
  return results;
}

interface Settlers {
  recordCreated(w: Work, endpointId: string, status: 'created' | 'recovered'): Promise<void>;
  reconcile(w: Work): Promise<boolean>;
  /** Looks a refused row's ICCID up; true when it is linked to an endpoint with the row's name (recorded). */
  recoverOwn(w: Work): Promise<boolean>;
  settle(w: Work, result: Omit<BulkResult, 'index' | 'input' | 'attempts'>): void;
}

/** Sends `rows` once through the strategy and settles each; resolves with the rows to send again. */
async function sendOnce(ctx: BatchContext, rows: Work[], settlers: Settlers): Promise<Work[]> {
  if (ctx.runLimiter) {
    try {
      await ctx.runLimiter.acquire(ctx.signal);
    } catch {
      // Aborted while waiting for the run's own limiter: nothing was sent.
      return rows;
    }
  }
  for (const w of rows) w.attempts++;
  let outcomes: RowOutcome[];
  try {
    // No abort signal here: a create that was sent is finished (or reconciled), never cut off.
    outcomes = await ctx.strategy.send(
      ctx.client,
      rows.map((w) => w.row.input),
      {},
    );
    if (outcomes.length !== rows.length) {
      throw new SftError(
        `strategy ${ctx.strategy.name} returned ${outcomes.length} outcomes for ${rows.length} rows`,
        {
          outcome: 'unknown',
        },
      );
    }
  } catch (error) {
    const e = asSftError(error);
    outcomes = rows.map(() => ({ error: e }));
  } finally {
    ctx.concurrency.onRequestFinished();
  }

  const again: Work[] = [];
  const store = ctx.client.store;
  for (let i = 0; i < rows.length; i++) {
    const w = rows[i]!;
    const outcome = outcomes[i]!;
    if (outcome.error === undefined) {
      await settlers.recordCreated(w, outcome.endpointId, 'created');
      continue;
    }
    const error = outcome.error;
    w.lastError = error;
    switch (classifyCreateError(error)) {
      case 'fatal':
        ctx.fatal(error);
        if (error.outcome === 'unknown') w.uncertain = true;
        await store.upsert({ iccid: w.row.input.iccid, lastError: describe(error) });
        settlers.settle(w, { status: 'failed', error });
        break;
      case 'unknown': {
        w.uncertain = true;
        let linked: boolean;
        try {
          linked = await settlers.reconcile(w);
        } catch (lookUpError) {
          const e = asSftError(lookUpError);
          if (classifyCreateError(e) === 'fatal') ctx.fatal(e);
          await store.upsert({ iccid: w.row.input.iccid, lastError: describe(error) });
          settlers.settle(w, { status: 'failed', error });
          break;
        }
        if (!linked) again.push(w);
        break;
      }
      case 'retry':
        again.push(w);
        break;
      case 'definitive':
        if (w.uncertain) {
          // An earlier attempt may have created it late (the refusal may say the SIM is taken): look again.
          try {
            if (await settlers.reconcile(w)) break;
          } catch {
            // Still unknown: fall through and keep the row pending.
          }
          await store.upsert({ iccid: w.row.input.iccid, lastError: describe(error) });
        } else {
          // Refused on a first try: the SIM may be linked to this row's endpoint already (created by a run
          // whose journal was lost, or by another process). Look it up before recording a failure.
          if (error instanceof SftApiError && (await settlers.recoverOwn(w))) break;
          await store.transition(w.row.input.iccid, 'failed', { lastError: describe(error) });
        }
        settlers.settle(w, { status: 'failed', error });
        break;
    }
  }
  return again;
}
