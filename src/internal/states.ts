/**
 * SFT's state names (as strings on the wire) to the SDK's lowercase state names.
 */
import type { PlatformEndpointState } from '../types.js';

/**
 * The SDK state of an SFT endpoint or SIM status string ("Pre-Active", "Active", "Active-Test",
 * "Suspended", "Hold"), case- and separator-insensitive; `undefined` for anything else
 * (e.g. a SIM's "Ready To Activate").
 */
export function toPlatformState(status: string | undefined): PlatformEndpointState | undefined {
  if (status === undefined) return undefined;
  const key = status.toLowerCase().replace(/[\s_-]+/g, '');
  switch (key) {
    case 'preactive':
      return 'pre-active';
    case 'active':
    case 'activetest':
      return 'active';
    case 'suspended':
    case 'suspend':
      return 'suspended';
    case 'hold':
      return 'hold';
    default:
      return undefined;
  }
}
