/**
 * Reading an endpoint's state back from the platform after a write whose outcome is unknown (a
 * timeout, the 10240 "verify completion" answer, a dropped connection). The write is never re-sent:
 * the platform is asked what happened instead.
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { findSimByIccid, getEndpointProfile } from '../api/index.js';
import type { SftClient } from '../client.js';
import type { PlatformEndpointState } from '../types.js';
import { endpointStateFromSimStatus } from './platform-state.js';

/**
 * Where to read an endpoint's state from.
 * - `'sim'` (default): fetchSIM by ICCID, the SIM's `simStatus` (documented call; a linked SIM shares
 *   its endpoint's state).
 * - `'profile'`: GetEndPointProfile's `endPointStatus` (*unverified*: the field is not in the known docs).
 */
export type StateSource = 'sim' | 'profile';

/** How to confirm a state after an unknown outcome. */
export interface ConfirmStateOptions {
  /** Where to read the state from. Default `'sim'`. */
  source?: StateSource;
  /**
   * How many reads before giving up. Default 3. The platform keeps processing a write after its own
   * timeout, so a first read may still show the old state.
   */
  attempts?: number;
  /** Milliseconds between reads. Default 2,000. */
  delayMs?: number;
}

/** The endpoint to read, by both of its keys. */
export interface EndpointKeys {
  endpointId: string;
  iccid: string;
}

/** The endpoint's current state on the platform, or `undefined` when the platform does not say. */
export async function readPlatformState(
  client: SftClient,
  endpoint: EndpointKeys,
  source: StateSource = 'sim',
  signal?: AbortSignal,
): Promise<PlatformEndpointState | undefined> {
  if (source === 'profile') {
    const profile = await getEndpointProfile(client, endpoint.endpointId, { signal });
    return profile.state;
  }
  const sim = await findSimByIccid(client, endpoint.iccid, { signal });
  if (sim === undefined || sim.endpointId !== endpoint.endpointId) return undefined;
  return endpointStateFromSimStatus(sim.simStatus);
}

/**
 * Reads the endpoint's state until it is `expected` or the attempts run out; resolves to whether it
 * reached `expected`. Read errors are thrown (the transport has already retried what is safe).
 */
export async function confirmState(
  client: SftClient,
  endpoint: EndpointKeys,
  expected: PlatformEndpointState,
  options: ConfirmStateOptions & { signal?: AbortSignal } = {},
): Promise<boolean> {
  return (await readUntilState(client, endpoint, expected, options)) === expected;
}

/**
 * Like {@link confirmState}, but resolves to the last state read: `expected` when it was reached,
 * otherwise what the platform showed on the last read (`undefined` when it did not say), so that the
 * caller can tell "still in the old state" (safe to send again) from anything else.
 */
export async function readUntilState(
  client: SftClient,
  endpoint: EndpointKeys,
  expected: PlatformEndpointState,
  options: ConfirmStateOptions & { signal?: AbortSignal } = {},
): Promise<PlatformEndpointState | undefined> {
  const attempts = Math.max(1, options.attempts ?? 3);
  let state: PlatformEndpointState | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    state = await readPlatformState(client, endpoint, options.source, options.signal);
    if (state === expected) return state;
    if (attempt < attempts) await sleep(options.delayMs ?? 2_000, undefined, { signal: options.signal });
  }
  return state;
}
