import { describe, expect, it } from 'vitest';
import { countEndpoints } from '../../src/store/internal/counts.js';
import { applyUpsert, collapseByIccid, composeUpserts, uniqueTags } from '../../src/store/internal/merge.js';
import { decodeCursor, encodeCursor, pageLimit } from '../../src/store/internal/paging.js';
import type { StoredEndpoint } from '../../src/store/types.js';

const now = new Date('2026-01-02T03:04:05.678Z');
const later = new Date('2026-01-03T00:00:00.000Z');

describe('store merge rules (pure)', () => {
  it('inserts with defaults: no tags, createdAt = updatedAt = now', () => {
    expect(applyUpsert(undefined, { iccid: '1', name: 'n', state: 'pending' }, now)).toEqual({
      iccid: '1',
      name: 'n',
      state: 'pending',
      tags: [],
      createdAt: now,
      updatedAt: now,
    });
  });

  it('keeps undefined fields, clears null ones, keeps createdAt and the claim', () => {
    const stored: StoredEndpoint = {
      iccid: '1',
      name: 'n',
      state: 'pre-active',
      tags: ['a'],
      endpointId: 'EP',
      jobId: 'j',
      lastError: 'e',
      claimedBy: 'me',
      claimedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    expect(
      applyUpsert(stored, { iccid: '1', endpointId: null, lastError: null, tags: ['b', 'b'] }, later),
    ).toEqual({
      iccid: '1',
      name: 'n',
      state: 'pre-active',
      tags: ['b'],
      jobId: 'j',
      claimedBy: 'me',
      claimedAt: now,
      createdAt: now,
      updatedAt: later,
    });
  });

  it('rejects an insert without name or state, naming the field and row', () => {
    expect(() => applyUpsert(undefined, { iccid: '1', state: 'pending' }, now, 3)).toThrow(/row 3: name/);
    expect(() => applyUpsert(undefined, { iccid: '1', name: 'n', state: 'nope' as never }, now)).toThrow(
      /state/,
    );
  });

  it('composes upserts so that later defined fields win and null survives', () => {
    expect(
      composeUpserts({ iccid: '1', name: 'a', jobId: 'j' }, { iccid: '1', name: undefined, jobId: null }),
    ).toEqual({
      iccid: '1',
      name: 'a',
      jobId: null,
    });
    expect(
      collapseByIccid([{ iccid: '2', name: 'x' }, { iccid: '1' }, { iccid: '2', state: 'active' }]),
    ).toEqual([{ iccid: '2', name: 'x', state: 'active' }, { iccid: '1' }]);
  });

  it('deduplicates tags keeping first-seen order', () => {
    expect(uniqueTags(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  });
});

describe('store paging and counts (pure)', () => {
  it('round-trips a cursor and rejects a forged one', () => {
    expect(decodeCursor(encodeCursor('8932"\\;🚀'))).toBe('8932"\\;🚀');
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(() => decodeCursor('garbage')).toThrow(/cursor/);
  });

  it('bounds the page size', () => {
    expect(pageLimit(undefined)).toBe(500);
    expect(() => pageLimit({ limit: 0 })).toThrow(/limit/);
    expect(() => pageLimit({ limit: 10_001 })).toThrow(/limit/);
  });

  it('counts an endpoint under each of its tags, untagged under null, in a stable order', () => {
    const base = { name: 'n', createdAt: now, updatedAt: now };
    expect(
      countEndpoints([
        { ...base, iccid: '1', state: 'active', tags: [] },
        { ...base, iccid: '2', state: 'pre-active', tags: ['b', 'a'], claimedBy: 'x' },
        { ...base, iccid: '3', state: 'pre-active', tags: ['a'] },
      ]),
    ).toEqual([
      { tag: 'a', state: 'pre-active', claimed: false, count: 1 },
      { tag: 'a', state: 'pre-active', claimed: true, count: 1 },
      { tag: 'b', state: 'pre-active', claimed: true, count: 1 },
      { tag: null, state: 'active', claimed: false, count: 1 },
    ]);
  });
});
