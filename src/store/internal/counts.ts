import { ENDPOINT_STATES } from '../../types.js';
import type { EndpointCount, StoredEndpoint } from '../types.js';

/** Counts records by tag (`null` when untagged), state and claim status. */
export function countEndpoints(records: Iterable<StoredEndpoint>): EndpointCount[] {
  const rows = new Map<string, EndpointCount>();
  for (const record of records) {
    const claimed = record.claimedBy !== undefined;
    const tags: (string | null)[] = record.tags.length === 0 ? [null] : record.tags;
    for (const tag of tags) {
      const key = JSON.stringify([tag, record.state, claimed]);
      const row = rows.get(key);
      if (row === undefined) rows.set(key, { tag, state: record.state, claimed, count: 1 });
      else row.count += 1;
    }
  }
  return sortCounts([...rows.values()]);
}

/** The one order every adapter returns counts in: tag (untagged last), lifecycle state, unclaimed first. */
export function sortCounts(rows: EndpointCount[]): EndpointCount[] {
  return rows.sort((a, b) => {
    if (a.tag !== b.tag) {
      if (a.tag === null) return 1;
      if (b.tag === null) return -1;
      return a.tag < b.tag ? -1 : 1;
    }
    const byState = ENDPOINT_STATES.indexOf(a.state) - ENDPOINT_STATES.indexOf(b.state);
    if (byState !== 0) return byState;
    return Number(a.claimed) - Number(b.claimed);
  });
}
