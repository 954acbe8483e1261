/**
 * Reading an endpoint's state from its SIM's fetchSIM status.
 *
 * @module
 */
import { toPlatformState } from '../internal/states.js';
import type { PlatformEndpointState } from '../types.js';

/**
 * The state of the endpoint a SIM is linked to, read from the SIM's fetchSIM `simStatus`
 * ("Pre-Active", "Active", "Suspended"). A linked SIM shares its endpoint's state (BICS: "Activate ⇒
 * both Active"); "Ready To Activate" means the SIM is in inventory, linked to no endpoint, and gives
 * `undefined`.
 */
export function endpointStateFromSimStatus(simStatus: string | undefined): PlatformEndpointState | undefined {
  const state = toPlatformState(simStatus);
  return state === 'hold' ? undefined : state;
}
