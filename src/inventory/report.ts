/**
 * The inventory report: per tag, how many endpoints are ready for a traveller, held by an allocation,
 * active, suspended or failed. Computed by the store (`counts`), so it costs one query whatever the size.
 *
 * @module
 */
import type { EndpointCount, EndpointFilter, EndpointStore } from '../store/types.js';

/** The report line of one tag. */
export interface TagInventory {
  /** The tag, or `null` for endpoints without any tag. */
  tag: string | null;
  /** Pre-active and unclaimed: what `allocateEndpoint` can still hand out. */
  available: number;
  /** Pre-active and claimed: an allocation is in progress (or was interrupted and awaits `syncInventory`). */
  claimed: number;
  /** Active on the platform (allocated to a traveller, or activated in bulk). */
  active: number;
  /** Suspended. */
  suspended: number;
  /** Create failed definitively (see each record's `lastError`). */
  failed: number;
  /** Journaled, create not yet confirmed (a bulk run in progress, or one to resume). */
  pending: number;
  /** On Hold: the SIM was de-linked. */
  hold: number;
  /** Deleted on the platform. */
  deleted: number;
  /** All of the above. */
  total: number;
}

/** The inventory report, one line per tag. */
export interface InventoryReport {
  /** One line per tag, ordered by tag name; endpoints without tags last (tag `null`). */
  tags: TagInventory[];
}

/**
 * Folds the store's counts into one line per tag. An endpoint with two tags counts under both, so
 * lines must not be added up across tags.
 */
export function summariseCounts(counts: readonly EndpointCount[]): InventoryReport {
  const lines = new Map<string | null, TagInventory>();
  for (const row of counts) {
    let line = lines.get(row.tag);
    if (line === undefined) {
      line = emptyLine(row.tag);
      lines.set(row.tag, line);
    }
    line.total += row.count;
    switch (row.state) {
      case 'pre-active':
        if (row.claimed) line.claimed += row.count;
        else line.available += row.count;
        break;
      case 'active':
        line.active += row.count;
        break;
      case 'suspended':
        line.suspended += row.count;
        break;
      case 'failed':
        line.failed += row.count;
        break;
      case 'pending':
        line.pending += row.count;
        break;
      case 'hold':
        line.hold += row.count;
        break;
      case 'deleted':
        line.deleted += row.count;
        break;
    }
  }
  const tags = [...lines.values()].sort(byTagNullLast);
  return { tags };
}

/**
 * The inventory report of the endpoints matching `filter` (e.g. `{ tag: 'batch-1' }` for one line).
 * Accepts the client or a bare store.
 */
export async function inventoryReport(
  source: { store: EndpointStore } | EndpointStore,
  filter: EndpointFilter = {},
): Promise<InventoryReport> {
  const store = 'store' in source ? source.store : source;
  const report = summariseCounts(await store.counts(filter));
  if (filter.tag === undefined) return report;
  // A store counts every tag of the matching endpoints; keep only the line asked for.
  const line = report.tags.find((t) => t.tag === filter.tag) ?? emptyLine(filter.tag);
  return { tags: [line] };
}

function emptyLine(tag: string | null): TagInventory {
  return {
    tag,
    available: 0,
    claimed: 0,
    active: 0,
    suspended: 0,
    failed: 0,
    pending: 0,
    hold: 0,
    deleted: 0,
    total: 0,
  };
}

function byTagNullLast(a: TagInventory, b: TagInventory): number {
  if (a.tag === b.tag) return 0;
  if (a.tag === null) return 1;
  if (b.tag === null) return -1;
  return a.tag < b.tag ? -1 : 1;
}
