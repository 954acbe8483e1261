import type { EndpointState } from '../../types.js';
import type {
  ClaimCriteria,
  EndpointCount,
  EndpointFilter,
  EndpointPage,
  EndpointUpsert,
  ListOptions,
  StoredEndpoint,
  TransitionOptions,
} from '../types.js';
import { countEndpoints } from './counts.js';
import { emptyPoolError, endpointIdConflictError } from './errors.js';
import { matchesFilter } from './filter.js';
import {
  applyTransition,
  applyUpsert,
  checkTagList,
  cloneEndpoint,
  collapseByIccid,
  uniqueTags,
} from './merge.js';
import { decodeCursor, encodeCursor, pageLimit } from './paging.js';

/**
 * The synchronous in-process table behind `memoryStore` and `jsonFileStore`. Every method runs to
 * completion without awaiting, which is what makes it atomic in a single Node process. Records
 * handed out are copies.
 */
export class MemoryTable {
  readonly #byIccid = new Map<string, StoredEndpoint>();
  readonly #iccidByEndpointId = new Map<string, string>();
  /** Unclaimed ICCIDs per state: makes `claim` O(1) rather than a scan of claimed rows. */
  readonly #unclaimed = new Map<EndpointState, Set<string>>();
  #sortedIccids: string[] | undefined;

  constructor(records: Iterable<StoredEndpoint> = []) {
    for (const record of records) {
      const endpointOwner =
        record.endpointId === undefined ? undefined : this.#iccidByEndpointId.get(record.endpointId);
      if (this.#byIccid.has(record.iccid)) throw new Error(`ICCID ${record.iccid} appears twice`);
      if (endpointOwner !== undefined) throw new Error(`endpoint id ${record.endpointId} appears twice`);
      this.#put(cloneEndpoint(record));
    }
  }

  get size(): number {
    return this.#byIccid.size;
  }

  /** Every record, ordered by ICCID (live objects: do not mutate). */
  *records(): IterableIterator<StoredEndpoint> {
    for (const iccid of this.#sorted()) yield this.#byIccid.get(iccid)!;
  }

  getByIccid(iccid: string): StoredEndpoint | undefined {
    const record = this.#byIccid.get(iccid);
    return record === undefined ? undefined : cloneEndpoint(record);
  }

  getByEndpointId(endpointId: string): StoredEndpoint | undefined {
    const iccid = this.#iccidByEndpointId.get(endpointId);
    return iccid === undefined ? undefined : this.getByIccid(iccid);
  }

  findByName(name: string): StoredEndpoint[] {
    const found: StoredEndpoint[] = [];
    for (const record of this.records()) if (record.name === name) found.push(cloneEndpoint(record));
    return found;
  }

  upsert(upsert: EndpointUpsert, now = new Date()): StoredEndpoint {
    const next = applyUpsert(this.#byIccid.get(upsert.iccid), upsert, now);
    this.#checkEndpointIdFree(next);
    this.#put(next);
    return cloneEndpoint(next);
  }

  /** All or nothing: every record is merged and checked before the first one is written. */
  upsertMany(records: readonly EndpointUpsert[], now = new Date()): void {
    const merged = collapseByIccid(records).map((u, row) =>
      applyUpsert(this.#byIccid.get(u.iccid), u, now, row),
    );
    const claimedIds = new Map<string, string>();
    for (const next of merged) {
      this.#checkEndpointIdFree(next, merged);
      if (next.endpointId === undefined) continue;
      const other = claimedIds.get(next.endpointId);
      if (other !== undefined && other !== next.iccid) throw endpointIdConflictError(next.endpointId);
      claimedIds.set(next.endpointId, next.iccid);
    }
    for (const next of merged) this.#put(next);
  }

  list(filter: EndpointFilter = {}, options?: ListOptions): EndpointPage {
    const limit = pageLimit(options);
    const after = decodeCursor(options?.cursor);
    const sorted = this.#sorted();
    const items: StoredEndpoint[] = [];
    for (let i = after === undefined ? 0 : upperBound(sorted, after); i < sorted.length; i++) {
      const record = this.#byIccid.get(sorted[i]!)!;
      if (!matchesFilter(record, filter)) continue;
      if (items.length === limit) return { items, nextCursor: encodeCursor(items[limit - 1]!.iccid) };
      items.push(cloneEndpoint(record));
    }
    return { items };
  }

  addTags(iccids: readonly string[], tags: readonly string[], now = new Date()): number {
    checkTagList(tags);
    const wanted = uniqueTags(tags);
    return this.#editTags(iccids, now, (current) => {
      const missing = wanted.filter((t) => !current.includes(t));
      return missing.length === 0 ? undefined : [...current, ...missing];
    });
  }

  removeTags(iccids: readonly string[], tags: readonly string[], now = new Date()): number {
    checkTagList(tags);
    const unwanted = new Set(tags);
    return this.#editTags(iccids, now, (current) => {
      const kept = current.filter((t) => !unwanted.has(t));
      return kept.length === current.length ? undefined : kept;
    });
  }

  transition(
    iccid: string,
    state: EndpointState,
    options: TransitionOptions = {},
    now = new Date(),
  ): StoredEndpoint | undefined {
    const record = this.#byIccid.get(iccid);
    if (record === undefined) return undefined;
    const next = applyTransition(record, state, options, now);
    if (next === undefined) return undefined;
    this.#checkEndpointIdFree(next);
    this.#put(next);
    return cloneEndpoint(next);
  }

  claim(criteria: ClaimCriteria, claimant: string, now = new Date()): StoredEndpoint {
    const pool = this.#unclaimed.get(criteria.state ?? 'pre-active');
    for (const iccid of pool ?? []) {
      const record = this.#byIccid.get(iccid)!;
      if (criteria.tag !== undefined && !record.tags.includes(criteria.tag)) continue;
      const next: StoredEndpoint = { ...record, claimedBy: claimant, claimedAt: now, updatedAt: now };
      this.#put(next);
      return cloneEndpoint(next);
    }
    throw emptyPoolError(criteria);
  }

  release(iccid: string, claimant?: string, now = new Date()): boolean {
    const record = this.#byIccid.get(iccid);
    if (record?.claimedBy === undefined) return false;
    if (claimant !== undefined && record.claimedBy !== claimant) return false;
    const next: StoredEndpoint = { ...record, updatedAt: now };
    delete next.claimedBy;
    delete next.claimedAt;
    this.#put(next);
    return true;
  }

  counts(filter: EndpointFilter = {}): EndpointCount[] {
    const matching: StoredEndpoint[] = [];
    for (const record of this.#byIccid.values()) if (matchesFilter(record, filter)) matching.push(record);
    return countEndpoints(matching);
  }

  #editTags(
    iccids: readonly string[],
    now: Date,
    edit: (current: readonly string[]) => string[] | undefined,
  ): number {
    let changed = 0;
    for (const iccid of new Set(iccids)) {
      const record = this.#byIccid.get(iccid);
      if (record === undefined) continue;
      const tags = edit(record.tags);
      if (tags === undefined) continue;
      this.#put({ ...record, tags, updatedAt: now });
      changed += 1;
    }
    return changed;
  }

  /** Rejects a record whose endpoint id belongs to another ICCID (ignoring ICCIDs being rewritten in `batch`). */
  #checkEndpointIdFree(next: StoredEndpoint, batch: readonly StoredEndpoint[] = []): void {
    if (next.endpointId === undefined) return;
    const owner = this.#iccidByEndpointId.get(next.endpointId);
    if (owner === undefined || owner === next.iccid) return;
    const rewritten = batch.find((r) => r.iccid === owner);
    if (rewritten !== undefined && rewritten.endpointId !== next.endpointId) return;
    throw endpointIdConflictError(next.endpointId);
  }

  /** Writes `next` over the record of its ICCID, keeping every index in step. */
  #put(next: StoredEndpoint): void {
    const previous = this.#byIccid.get(next.iccid);
    if (previous === undefined) this.#sortedIccids = undefined;
    else {
      if (
        previous.endpointId !== undefined &&
        this.#iccidByEndpointId.get(previous.endpointId) === next.iccid
      ) {
        this.#iccidByEndpointId.delete(previous.endpointId);
      }
      this.#unclaimed.get(previous.state)?.delete(next.iccid);
    }
    this.#byIccid.set(next.iccid, next);
    if (next.endpointId !== undefined) this.#iccidByEndpointId.set(next.endpointId, next.iccid);
    if (next.claimedBy === undefined) {
      const pool = this.#unclaimed.get(next.state);
      if (pool === undefined) this.#unclaimed.set(next.state, new Set([next.iccid]));
      else pool.add(next.iccid);
    }
  }

  #sorted(): string[] {
    this.#sortedIccids ??= [...this.#byIccid.keys()].sort(compareStrings);
    return this.#sortedIccids;
  }
}

/** UTF-16 code-unit order; for ICCIDs (digits) the same as SQL `COLLATE "C"` and SQLite BINARY. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the first element of `sorted` greater than `value`. */
function upperBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
