import type { EndpointState } from '../../types.js';
import type { EndpointCount } from '../types.js';
import { sortCounts } from './counts.js';

/** A `GROUP BY tag, state, claimed` row as SQL drivers return it (booleans as 0/1, counts as strings). */
export interface CountRow {
  tag: string | null;
  state: EndpointState;
  claimed: boolean | number | string;
  count: number | string | bigint;
}

/** Turns SQL count rows into {@link EndpointCount}s, in the order every adapter uses. */
export function countEndpointRows(rows: readonly CountRow[]): EndpointCount[] {
  return sortCounts(
    rows.map((row) => ({
      tag: row.tag,
      state: row.state,
      claimed: row.claimed === true || row.claimed === 1 || row.claimed === '1' || row.claimed === 't',
      count: Number(row.count),
    })),
  );
}
