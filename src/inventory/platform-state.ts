/**
 * Reading SFT's state names (endpoint statuses of GetEndPoints / GetEndPointProfile, SIM statuses of
 * fetchSIM) as the SDK's {@link PlatformEndpointState}.
 *
 * @module
 */
import type { PlatformEndpointState } from '../types.js';

const ENDPOINT_STATUS: Readonly<Record<string, PlatformEndpointState>> = {
  'pre-active': 'pre-active',
  preactive: 'pre-active',
  active: 'active',
  'active-test': 'active',
  suspended: 'suspended',
  hold: 'hold',
};

/**
 * An endpoint status string as SFT names it ("Pre-Active", "Active", "Active-Test", "Suspended",
 * "Hold"; compared case-insensitively) in SDK form, or `undefined` for a name the SDK does not know.
 * *Unverified*: the key `endPointStatus` is not in the known docs; the names are the portal's.
 */
export function parseEndpointStatus(status: string | undefined): PlatformEndpointState | undefined {
  if (status === undefined) return undefined;
  return ENDPOINT_STATUS[status.trim().toLowerCase().replace(/\s+/g, '-')];
}

/**
 * The state of the endpoint a SIM is linked to, read from the SIM's fetchSIM `simStatus`
 * ("Pre-Active", "Active", "Suspended"). A linked SIM shares its endpoint's state (BICS: "Activate ⇒
 * both Active"); "Ready To Activate" means the SIM is in inventory, linked to no endpoint, and gives
 * `undefined`.
 */
export function endpointStateFromSimStatus(simStatus: string | undefined): PlatformEndpointState | undefined {
  const state = parseEndpointStatus(simStatus);
  return state === 'hold' ? undefined : state;
}
