import type { EndpointState } from '../../types.js';
import type { EndpointFilter, StoredEndpoint } from '../types.js';

/** The states a filter accepts, as a list (`undefined`: any state). */
export function filterStates(filter: EndpointFilter): readonly EndpointState[] | undefined {
  if (filter.state === undefined) return undefined;
  return typeof filter.state === 'string' ? [filter.state] : filter.state;
}

/** Whether `record` matches every field given in `filter`. */
export function matchesFilter(record: StoredEndpoint, filter: EndpointFilter): boolean {
  const states = filterStates(filter);
  if (states !== undefined && !states.includes(record.state)) return false;
  if (filter.tag !== undefined && !record.tags.includes(filter.tag)) return false;
  if (filter.jobId !== undefined && record.jobId !== filter.jobId) return false;
  if (filter.name !== undefined && record.name !== filter.name) return false;
  if (filter.claimed !== undefined && (record.claimedBy !== undefined) !== filter.claimed) return false;
  return true;
}
