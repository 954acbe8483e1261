/**
 * Settling a create whose outcome is unknown: look the ICCID up on the platform (`fetchSIM?iccid=`)
 * and see whether it is linked to an endpoint. Never re-send a create before this says "not linked".
 *
 * @module
 */
import pRetry from 'p-retry';
import { findSimByIccid } from '../api/sims.js';
import type { SftClient } from '../client.js';
import { SftAuthError, SftValidationError } from '../errors.js';
import { delay } from '../internal/signals.js';
import { toPlatformState } from '../internal/states.js';
import { fullJitterBackoff } from '../transport/backoff.js';
import type { PlatformEndpointState } from '../types.js';

/** What the platform says about an ICCID. */
export type ReconcileVerdict =
  | {
      /** The ICCID is linked to an endpoint: the create happened. */
      linked: true;
      /** The endpoint the SIM is linked to. */
      endpointId: string;
      /** The endpoint's state as the SIM row reports it, when known. */
      state: PlatformEndpointState | undefined;
    }
  | {
      /** The ICCID is not linked: the create did not happen (yet). */
      linked: false;
    };

/** Options of {@link reconcileUnknownOutcome}. */
export interface ReconcileOptions {
  /** Look-ups re-tried after a failure of the look-up itself (on top of the transport's). Default 5. */
  retries?: number;
  /** Backoff cap before the first re-try, in milliseconds. Default 500. */
  minDelayMs?: number;
  /** Longest backoff wait, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /** Random source for jitter. */
  random?: () => number;
  /** Called before each look-up is sent (for counting). */
  onLookUp?: () => void;
}

/**
 * Looks `iccid` up and tells whether it is linked to an endpoint (and which). Failed look-ups are
 * tried again with full-jitter backoff; authentication and validation errors are not.
 *
 * @throws the last look-up error when every try failed: the outcome is then still unknown.
 */
export async function reconcileUnknownOutcome(
  client: SftClient,
  iccid: string,
  options: ReconcileOptions = {},
): Promise<ReconcileVerdict> {
  const bounds = { minDelayMs: options.minDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000 };
  return pRetry(
    async () => {
      options.onLookUp?.();
      const sim = await findSimByIccid(client, iccid);
      if (sim?.endpointId === undefined) return { linked: false } as const;
      return { linked: true, endpointId: sim.endpointId, state: toPlatformState(sim.simStatus) } as const;
    },
    {
      retries: options.retries ?? 5,
      minTimeout: 0,
      factor: 1,
      shouldRetry: async ({ error, retriesConsumed }) => {
        if (error instanceof SftAuthError || error instanceof SftValidationError) return false;
        await delay(fullJitterBackoff(retriesConsumed, bounds, options.random), client.signal);
        return true;
      },
    },
  );
}
