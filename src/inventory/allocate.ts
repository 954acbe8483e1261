/**
 * Traveller allocation: hand one pre-created, Pre-Active endpoint to a traveller who just paid, and
 * activate it exactly once.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { activateEndpoint, findSimByIccid, type SimInfo } from '../api/index.js';
import type { SftClient } from '../client.js';
import { isUnknownOutcome, SftError } from '../errors.js';
import type { StoredEndpoint } from '../store/types.js';
import type { PlatformEndpointState } from '../types.js';
import { type ConfirmStateOptions, confirmState } from './confirm-state.js';
import { endpointStateFromSimStatus } from './platform-state.js';

/** Which pool to allocate from. */
export interface AllocationCriteria {
  /** Only endpoints with this local tag (e.g. the batch sold in one market). Default: any tag. */
  tag?: string;
}

/** Options of {@link allocateEndpoint}. */
export interface AllocateOptions {
  /**
   * Activate the endpoint (Endpoint Activation, 180 s). Default `true`. With `false` the endpoint is
   * only reserved: it stays Pre-Active and claimed by `claimant`.
   */
  activate?: boolean;
  /** Who holds the endpoint in the store (e.g. an order id). Default: a random `allocation-…` id. */
  claimant?: string;
  /** How an unknown activation outcome is confirmed (reads, never a second activation). */
  reconcile?: ConfirmStateOptions;
  /**
   * Stops the allocation before the activation is sent (the claim is released). Once the activation
   * is sent it is seen through, so that its outcome is known.
   */
  signal?: AbortSignal;
}

/** The endpoint handed to a traveller: what to deliver (the QR text) and what to keep (the ids). */
export interface Allocation {
  /** SFT's endpoint id: keep it for add-ons, usage and lifecycle calls. */
  endpointId: string;
  /** The SIM's ICCID. */
  iccid: string;
  /** The endpoint's name. */
  name: string;
  /** The eSIM's QR-code text (fetchSIM `activationCode.textQrCode`), to deliver to the traveller. */
  activationCode: string | undefined;
  /** Every activation detail fetchSIM gave (SM-DP+ address, matching id), when it gave them. */
  activationDetails: SimInfo['activationCode'];
  /** `'active'`, or `'pre-active'` when `activate: false`. */
  state: 'active' | 'pre-active';
  /** Who holds the endpoint in the store. */
  claimant: string;
  /** True when the activation's answer was lost and its success was confirmed by reading the state. */
  recovered: boolean;
}

/**
 * Allocates one endpoint for a traveller:
 *
 * 1. atomically claims one unclaimed pre-active endpoint matching `criteria` in the store (rejects with
 *    `SftEmptyPoolError` when none is left);
 * 2. reads its SIM (fetchSIM by ICCID) for the QR text, and checks the platform agrees it is a
 *    Pre-Active endpoint — an endpoint found in another state is recorded as such and the next one is
 *    claimed;
 * 3. activates it (Endpoint Activation). When the outcome is unknown (timeout, 10240, dropped
 *    connection), the endpoint's state is read back until it shows Active — the activation is **never
 *    sent twice**. If it still does not show Active, the endpoint stays claimed (it may yet become
 *    active; `syncInventory` settles it later) and an `SftError` with `outcome: 'unknown'` is thrown;
 * 4. marks it active in the store and returns what to deliver.
 *
 * A definitive failure (the platform refused the activation, or a read failed before it) releases the
 * claim: the endpoint goes back to the pool, with the reason in its `lastError`, and the error is thrown.
 */
export async function allocateEndpoint(
  client: SftClient,
  criteria: AllocationCriteria = {},
  options: AllocateOptions = {},
): Promise<Allocation> {
  const claimant = options.claimant ?? `allocation-${randomUUID()}`;
  const { store } = client;
  for (;;) {
    options.signal?.throwIfAborted();
    const claimed = await store.claim({ ...criteria, state: 'pre-active' }, claimant);
    const checked = await checkOnPlatform(client, claimed, claimant, options.signal);
    if (checked === undefined) continue;
    const base = {
      endpointId: checked.endpointId,
      iccid: claimed.iccid,
      name: claimed.name,
      activationCode: checked.sim.activationCode?.textQrCode,
      activationDetails: checked.sim.activationCode,
      claimant,
    };
    if (options.activate === false) return { ...base, state: 'pre-active', recovered: false };
    const recovered = await activateOnce(client, claimed, checked.endpointId, claimant, options);
    await store.transition(claimed.iccid, 'active', { from: 'pre-active', lastError: null });
    return { ...base, state: 'active', recovered };
  }
}

/**
 * Reads the claimed endpoint's SIM. Resolves to it when the platform agrees the endpoint is Pre-Active
 * with this SIM; otherwise records what the platform says, gives the claim back and resolves to
 * `undefined` (the caller claims another one). The record leaves the `pre-active` state, so it is never
 * claimed again by mistake.
 */
async function checkOnPlatform(
  client: SftClient,
  claimed: StoredEndpoint,
  claimant: string,
  signal: AbortSignal | undefined,
): Promise<{ endpointId: string; sim: SimInfo } | undefined> {
  const { store } = client;
  let sim: SimInfo | undefined;
  try {
    if (claimed.endpointId === undefined) throw new SftError('the store holds no endpoint id for this SIM');
    sim = await findSimByIccid(client, claimed.iccid, { signal });
  } catch (error) {
    await giveBack(client, claimed.iccid, claimant, error);
    throw error;
  }
  let platformState: PlatformEndpointState | undefined;
  if (sim !== undefined && sim.endpointId === claimed.endpointId) {
    platformState = endpointStateFromSimStatus(sim.simStatus);
    if (platformState === 'pre-active') return { endpointId: claimed.endpointId, sim };
  }
  const found =
    sim === undefined
      ? 'its SIM is unknown to the platform'
      : sim.endpointId !== claimed.endpointId
        ? `its SIM is linked to ${sim.endpointId ?? 'no endpoint'}`
        : `it is ${sim.simStatus ?? 'in an unknown state'}`;
  await store.transition(claimed.iccid, platformState ?? 'hold', {
    from: 'pre-active',
    lastError: `allocation skipped it: the store said pre-active but on the platform ${found}; run syncInventory`,
  });
  await store.release(claimed.iccid, claimant);
  return undefined;
}

/**
 * Sends Endpoint Activation once. Resolves to `true` when the answer was lost and success was
 * confirmed by reading, `false` on a plain success.
 */
async function activateOnce(
  client: SftClient,
  claimed: StoredEndpoint,
  endpointId: string,
  claimant: string,
  options: AllocateOptions,
): Promise<boolean> {
  try {
    options.signal?.throwIfAborted();
  } catch (error) {
    await client.store.release(claimed.iccid, claimant);
    throw error;
  }
  try {
    // "Already active" (a claimed code) means an earlier, lost activation went through.
    return (await activateEndpoint(client, endpointId)).alreadyActive;
  } catch (error) {
    if (!isUnknownOutcome(error)) {
      await giveBack(client, claimed.iccid, claimant, error);
      throw error;
    }
    const keys = { endpointId, iccid: claimed.iccid };
    if (await confirmState(client, keys, 'active', options.reconcile)) return true;
    const message =
      `Activation of endpoint ${endpointId} may still complete on the platform (${describe(error)}). ` +
      `It stays claimed by ${claimant} and was not sent again; run syncInventory later to settle it.`;
    await client.store.upsert({ iccid: claimed.iccid, lastError: message });
    throw new SftError(message, { cause: error, operation: 'allocateEndpoint', outcome: 'unknown' });
  }
}

async function giveBack(client: SftClient, iccid: string, claimant: string, error: unknown): Promise<void> {
  await client.store.upsert({ iccid, lastError: `allocation failed: ${describe(error)}` });
  await client.store.release(iccid, claimant);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
