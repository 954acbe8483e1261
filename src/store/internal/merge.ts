import { ENDPOINT_STATES, type EndpointState } from '../../types.js';
import type { EndpointUpsert, StoredEndpoint, TransitionOptions } from '../types.js';
import { storeArgumentError } from './errors.js';
import { filterStates } from './filter.js';

const STATES = new Set<string>(ENDPOINT_STATES);

/** Whether `value` is one of the {@link EndpointState}s. */
export function isEndpointState(value: unknown): value is EndpointState {
  return typeof value === 'string' && STATES.has(value);
}

/** Tags in first-seen order, without duplicates. */
export function uniqueTags(tags: readonly string[]): string[] {
  if (tags.length < 2) return [...tags];
  const unique: string[] = [];
  for (const tag of tags) if (!unique.includes(tag)) unique.push(tag);
  return unique;
}

/** Rejects an upsert whose fields are of the wrong type (before anything is written). */
export function checkUpsert(record: EndpointUpsert, row?: number): void {
  if (typeof record.iccid !== 'string' || record.iccid.length === 0) {
    throw storeArgumentError('iccid', 'must be a non-empty string', row);
  }
  if (record.state !== undefined && !isEndpointState(record.state)) {
    throw storeArgumentError('state', `must be one of ${ENDPOINT_STATES.join(', ')}`, row);
  }
  if (record.name !== undefined && typeof record.name !== 'string') {
    throw storeArgumentError('name', 'must be a string', row);
  }
  if (record.tags !== undefined && !isStringList(record.tags)) {
    throw storeArgumentError('tags', 'must be an array of strings', row);
  }
  for (const field of ['endpointId', 'jobId', 'lastError'] as const) {
    const value = record[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw storeArgumentError(field, 'must be a string, or null to clear it', row);
    }
  }
}

/** Whether `value` is an array of strings (the shape of a tag list). */
export function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((t) => typeof t === 'string');
}

/** Rejects a tag list of `addTags`/`removeTags` that is not an array of strings. */
export function checkTagList(tags: unknown): asserts tags is readonly string[] {
  if (!isStringList(tags)) throw storeArgumentError('tags', 'must be an array of strings');
}

/** Rejects a state that is not one of the {@link EndpointState}s (before anything is written). */
export function checkState(state: unknown, field = 'state'): asserts state is EndpointState {
  if (!isEndpointState(state))
    throw storeArgumentError(field, `must be one of ${ENDPOINT_STATES.join(', ')}`);
}

/**
 * Applies an upsert to the stored record (or to nothing, for an insert), following the rules of
 * {@link EndpointUpsert}: `undefined` keeps, `null` clears, `tags` replaces, `createdAt` is kept,
 * the claim is kept. Pure: every adapter uses it so that all of them merge the same way.
 */
export function applyUpsert(
  existing: StoredEndpoint | undefined,
  upsert: EndpointUpsert,
  now: Date,
  row?: number,
): StoredEndpoint {
  checkUpsert(upsert, row);
  if (existing === undefined) {
    if (upsert.name === undefined) throw storeArgumentError('name', 'is required for a new record', row);
    if (upsert.state === undefined) throw storeArgumentError('state', 'is required for a new record', row);
  }
  // Built field by field (no spread, no delete): this runs once per record of every batch.
  const next: StoredEndpoint = {
    iccid: upsert.iccid,
    name: upsert.name ?? (existing as StoredEndpoint).name,
    tags:
      upsert.tags !== undefined ? uniqueTags(upsert.tags) : existing === undefined ? [] : [...existing.tags],
    state: upsert.state ?? (existing as StoredEndpoint).state,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const endpointId = upsert.endpointId === undefined ? existing?.endpointId : upsert.endpointId;
  if (endpointId !== undefined && endpointId !== null) next.endpointId = endpointId;
  const jobId = upsert.jobId === undefined ? existing?.jobId : upsert.jobId;
  if (jobId !== undefined && jobId !== null) next.jobId = jobId;
  const lastError = upsert.lastError === undefined ? existing?.lastError : upsert.lastError;
  if (lastError !== undefined && lastError !== null) next.lastError = lastError;
  if (existing?.claimedBy !== undefined) next.claimedBy = existing.claimedBy;
  if (existing?.claimedAt !== undefined) next.claimedAt = existing.claimedAt;
  return next;
}

/**
 * One upsert equivalent to applying `first` then `second` (later defined fields win), so that a
 * batch may hold several writes to one ICCID and still be sent as one row per ICCID.
 */
export function composeUpserts(first: EndpointUpsert, second: EndpointUpsert): EndpointUpsert {
  const merged: EndpointUpsert = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * Collapses several upserts of one ICCID into one, keeping the first-seen order of ICCIDs.
 * Validation is left to {@link applyUpsert}, which every adapter runs on the result.
 */
export function collapseByIccid(records: readonly EndpointUpsert[]): EndpointUpsert[] {
  const seen = new Set<string>();
  for (const record of records) seen.add(record.iccid);
  if (seen.size === records.length) return [...records];
  const byIccid = new Map<string, EndpointUpsert>();
  for (const record of records) {
    const previous = byIccid.get(record.iccid);
    byIccid.set(record.iccid, previous === undefined ? record : composeUpserts(previous, record));
  }
  return [...byIccid.values()];
}

/** A deep copy, so that callers can never mutate what a store holds. */
export function cloneEndpoint(record: StoredEndpoint): StoredEndpoint {
  const copy: StoredEndpoint = {
    ...record,
    tags: [...record.tags],
    createdAt: new Date(record.createdAt.getTime()),
    updatedAt: new Date(record.updatedAt.getTime()),
  };
  if (record.claimedAt !== undefined) copy.claimedAt = new Date(record.claimedAt.getTime());
  return copy;
}

/**
 * `record` moved to `state` as `transition` describes it (with `endpointId` / `lastError` when
 * given), or `undefined` when `options.from` names states and the record is in none of them.
 * Pure: the adapters that transition in JavaScript share it.
 */
export function applyTransition(
  record: StoredEndpoint,
  state: EndpointState,
  options: TransitionOptions,
  now: Date,
): StoredEndpoint | undefined {
  const from = filterStates({ state: options.from });
  if (from !== undefined && !from.includes(record.state)) return undefined;
  return applyUpsert(
    record,
    {
      iccid: record.iccid,
      state,
      ...(options.endpointId === undefined ? {} : { endpointId: options.endpointId }),
      ...(options.lastError === undefined ? {} : { lastError: options.lastError }),
    },
    now,
  );
}
