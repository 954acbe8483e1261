/**
 * The `EndpointStore` contract: where the SDK keeps the mapping name ↔ endpointId ↔ iccid, tags
 * and state. Implement it to plug in your own backend, and prove it with `runStoreConformance`
 * from `sft-endpoints/testing`.
 *
 * @module
 */
import type { EndpointState } from '../types.js';

/** One endpoint as kept in a store. Unique on `iccid`, and on `endpointId` when set. */
export interface StoredEndpoint {
  /** The SIM's ICCID: the primary key of a store. */
  iccid: string;
  /** SFT's endpoint id; absent while the create is pending or after it failed. */
  endpointId?: string;
  /** The endpoint's name (not unique). */
  name: string;
  /** Local tags, in insertion order, without duplicates. */
  tags: string[];
  /** Where the endpoint is in its lifecycle. */
  state: EndpointState;
  /** The bulk job that journaled this row. */
  jobId?: string;
  /** Who holds the endpoint (set by {@link EndpointStore.claim}, cleared by `release`). */
  claimedBy?: string;
  /** When it was claimed. */
  claimedAt?: Date;
  /** The last error seen for this endpoint, as a readable line (never a secret). */
  lastError?: string;
  /** When the store first saw the row. */
  createdAt: Date;
  /** When the row last changed. */
  updatedAt: Date;
}

/**
 * A write keyed by `iccid`. Fields left `undefined` keep their stored value (or their default on
 * insert: `tags: []`); `null` clears an optional field. `createdAt` is kept on update, and so is
 * the claim (`claimedBy`/`claimedAt` change only through `claim` and `release`).
 */
export interface EndpointUpsert {
  /** The key. */
  iccid: string;
  /** Required on insert; kept when omitted on update. */
  name?: string;
  /** SFT's endpoint id; `null` clears it. */
  endpointId?: string | null;
  /** Replaces the tag list when given. */
  tags?: readonly string[];
  /** Required on insert; kept when omitted on update. */
  state?: EndpointState;
  /** The journaling job; `null` clears it. */
  jobId?: string | null;
  /** Last error; `null` clears it. */
  lastError?: string | null;
}

/** Which endpoints an operation applies to. All given fields must match. */
export interface EndpointFilter {
  /** Has this tag. */
  tag?: string;
  /** Is in this state (or one of these states). */
  state?: EndpointState | readonly EndpointState[];
  /** Was journaled by this job. */
  jobId?: string;
  /** `true`: claimed by someone; `false`: unclaimed. */
  claimed?: boolean;
  /** Has exactly this name. */
  name?: string;
}

/** One page of a listing. */
export interface EndpointPage {
  /** The endpoints of this page, ordered by `iccid`. */
  items: StoredEndpoint[];
  /** Pass to the next `list` call to continue; absent on the last page. */
  nextCursor?: string;
}

/** Paging options of {@link EndpointStore.list}. */
export interface ListOptions {
  /** At most this many items (default 500; 1 to 10,000, else `SftValidationError`). */
  limit?: number;
  /** The `nextCursor` of the previous page; opaque to callers. */
  cursor?: string;
}

/** Options of {@link EndpointStore.transition}. */
export interface TransitionOptions {
  /** Only transition when the current state is this one (or one of these): compare-and-set. */
  from?: EndpointState | readonly EndpointState[];
  /** Set the endpoint id at the same time (e.g. pending → pre-active after a create). */
  endpointId?: string;
  /** Record (string) or clear (`null`) the last error at the same time. */
  lastError?: string | null;
}

/** One row of {@link EndpointStore.counts}: how many endpoints share a tag, state and claim status. */
export interface EndpointCount {
  /** The tag, or `null` for endpoints without tags. An endpoint with two tags counts under both. */
  tag: string | null;
  /** The state. */
  state: EndpointState;
  /** Whether these endpoints are claimed. */
  claimed: boolean;
  /** How many. */
  count: number;
}

/** What {@link EndpointStore.claim} looks for. */
export interface ClaimCriteria {
  /** Only endpoints with this tag. */
  tag?: string;
  /** Only endpoints in this state. Default `'pre-active'`. */
  state?: EndpointState;
}

/**
 * Persistent mapping name ↔ endpointId ↔ iccid with tags and state.
 *
 * Contract for adapters (checked by `runStoreConformance`):
 * - one record per `iccid`; at most one record per `endpointId` (a write that would break this
 *   rejects with `SftStoreError` reason `'conflict'`);
 * - every method is safe to call concurrently; `claim` hands any endpoint to exactly one caller,
 *   even across processes for the adapters that support several processes;
 * - values (names, tags, errors) are stored and returned verbatim, whatever their characters;
 * - methods after `close()` reject with `SftStoreError` reason `'closed'`.
 */
export interface EndpointStore {
  /** The endpoint with this SFT endpoint id, if any. */
  getByEndpointId(endpointId: string): Promise<StoredEndpoint | undefined>;
  /** The endpoint with this ICCID, if any. */
  getByIccid(iccid: string): Promise<StoredEndpoint | undefined>;
  /** Every endpoint with exactly this name (names are not unique), ordered by iccid. */
  findByName(name: string): Promise<StoredEndpoint[]>;
  /** Insert or update one record (see {@link EndpointUpsert}); resolves to the stored record. */
  upsert(record: EndpointUpsert): Promise<StoredEndpoint>;
  /** Insert or update many records in one batch (a transaction where the backend has them). */
  upsertMany(records: readonly EndpointUpsert[]): Promise<void>;
  /** One page of the endpoints matching `filter`, ordered by iccid. */
  list(filter?: EndpointFilter, options?: ListOptions): Promise<EndpointPage>;
  /** Add tags to the endpoints with these ICCIDs; resolves to how many records changed. */
  addTags(iccids: readonly string[], tags: readonly string[]): Promise<number>;
  /** Remove tags from the endpoints with these ICCIDs; resolves to how many records changed. */
  removeTags(iccids: readonly string[], tags: readonly string[]): Promise<number>;
  /**
   * Move one endpoint to `state`. With `from`, only when its current state matches (atomically);
   * resolves to the updated record, or `undefined` when there is no such endpoint or `from` did not match.
   */
  transition(
    iccid: string,
    state: EndpointState,
    options?: TransitionOptions,
  ): Promise<StoredEndpoint | undefined>;
  /**
   * Atomically take one unclaimed endpoint matching `criteria` (default state `'pre-active'`) for
   * `claimant`. Rejects with `SftEmptyPoolError` when none is left.
   */
  claim(criteria: ClaimCriteria, claimant: string): Promise<StoredEndpoint>;
  /**
   * Give a claimed endpoint back to the pool. With `claimant`, only if that claimant holds it.
   * Resolves to whether a claim was released.
   */
  release(iccid: string, claimant?: string): Promise<boolean>;
  /** Counts by tag, state and claim status, of the endpoints matching `filter`. */
  counts(filter?: EndpointFilter): Promise<EndpointCount[]>;
  /** Release resources (connections, file handles). Further calls reject. */
  close(): Promise<void>;
}
