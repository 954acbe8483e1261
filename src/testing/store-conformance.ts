/**
 * The conformance suite every {@link EndpointStore} adapter must pass, modelled on keyv's
 * test-suite: call {@link runStoreConformance} from a test file with a factory of empty stores.
 *
 * It asserts with `node:assert/strict` and needs only `describe` and `it` from your test runner
 * (vitest, jest, mocha and `node:test` all work): pass them, or let it use the runner's globals.
 *
 * @module
 */
import assert from 'node:assert/strict';
import type {
  EndpointCount,
  EndpointFilter,
  EndpointStore,
  EndpointUpsert,
  StoredEndpoint,
} from '../store/types.js';

/** The test-runner functions the suite registers its cases with. */
export interface StoreConformanceHarness {
  /** Groups cases (vitest/jest/mocha/node:test `describe`). */
  describe: (name: string, body: () => void) => unknown;
  /** Registers one case; the body returns a promise. */
  it: (name: string, body: () => Promise<void>) => unknown;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** The adapter's name, used as the suite's title. */
  name: string;
  /** Makes a new, EMPTY store; called once per case (each case closes its store). */
  create: () => EndpointStore | Promise<EndpointStore>;
  /** Called after each case has closed its store, e.g. to delete its file or drop its table. */
  destroy?: (store: EndpointStore) => void | Promise<void>;
  /**
   * For persistent adapters: opens the same storage again after `store` was closed. When given,
   * the suite checks that every field survives a close and a reopen.
   */
  reopen?: (store: EndpointStore) => EndpointStore | Promise<EndpointStore>;
  /** `describe`/`it` of your test runner. Default: the runner's globals (vitest needs `globals: true`). */
  harness?: StoreConformanceHarness;
  /** Size of the concurrency cases. */
  concurrency?: StoreConformanceConcurrency;
}

/** Size of the concurrency cases of {@link runStoreConformance}. */
export interface StoreConformanceConcurrency {
  /** Parallel claimers draining the pool. Default 24. */
  claimers?: number;
  /** Endpoints in the pool. Default 200. */
  pool?: number;
}

/** Names, tags and errors that break naive SQL, JSON or CSV handling; each must come back verbatim. */
export const HOSTILE_VALUES: readonly string[] = [
  `O'Brien "quoted" \`backtick\``,
  "x'; DROP TABLE sft_endpoints; --",
  'semi;colon;;',
  'back\\slash\\\\ and \\n not a newline',
  'emoji 🚀📡 ünïcødé 中文',
  'percent % and under_score (SQL LIKE wildcards)',
  'line\nbreak\ttab',
  'n'.repeat(100),
  `${'🚀'.repeat(20)}${'x'.repeat(60)}`,
];

/**
 * Registers the conformance cases for one adapter.
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { runStoreConformance } from 'sft-endpoints/testing';
 * runStoreConformance({ name: 'my store', create: () => myStore(), harness: { describe, it } });
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  const { describe, it } = options.harness ?? globalHarness();
  const claimers = options.concurrency?.claimers ?? 24;
  const poolSize = options.concurrency?.pool ?? 200;

  const test = (title: string, body: (store: EndpointStore) => Promise<void>) =>
    it(title, async () => {
      const store = await options.create();
      try {
        await body(store);
      } finally {
        await store.close().catch(() => undefined);
        await options.destroy?.(store);
      }
    });

  describe(`EndpointStore conformance: ${options.name}`, () => {
    describe('records', () => {
      test('inserts a record and finds it by iccid, endpoint id and name', async (store) => {
        const stored = await store.upsert(
          endpoint(1, { endpointId: 'EP-1', tags: ['a', 'b'], jobId: 'job-1', lastError: 'boom' }),
        );
        assert.equal(stored.iccid, iccid(1));
        assert.equal(stored.name, 'name-1');
        assert.equal(stored.endpointId, 'EP-1');
        assert.deepEqual(stored.tags, ['a', 'b']);
        assert.equal(stored.state, 'pre-active');
        assert.equal(stored.jobId, 'job-1');
        assert.equal(stored.lastError, 'boom');
        assert.equal(stored.claimedBy, undefined);
        assert.ok(stored.createdAt instanceof Date && stored.updatedAt instanceof Date);
        assertSame(await store.getByIccid(iccid(1)), stored);
        assertSame(await store.getByEndpointId('EP-1'), stored);
        assert.deepEqual(
          (await store.findByName('name-1')).map((r) => r.iccid),
          [iccid(1)],
        );
        assert.equal(await store.getByIccid(iccid(2)), undefined);
        assert.equal(await store.getByEndpointId('EP-2'), undefined);
        assert.deepEqual(await store.findByName('nobody'), []);
      });

      test('inserts with the minimum fields: no tags, no endpoint id', async (store) => {
        const stored = await store.upsert({ iccid: iccid(1), name: 'bare', state: 'pending' });
        assert.deepEqual(stored.tags, []);
        assert.equal(stored.endpointId, undefined);
        await store.upsertMany([{ iccid: iccid(2), name: 'bare', state: 'pending' }]);
        assert.deepEqual((await store.getByIccid(iccid(2)))?.tags, []);
        assert.equal((await store.findByName('bare')).length, 2);
      });

      test('rejects an insert without a name or a state, and writes nothing', async (store) => {
        await assertRejects(store.upsert({ iccid: iccid(1), state: 'pending' }), 'SftValidationError');
        await assertRejects(store.upsert({ iccid: iccid(1), name: 'n' }), 'SftValidationError');
        await assertRejects(
          store.upsertMany([endpoint(2), { iccid: iccid(3), name: 'no state' }]),
          'SftValidationError',
        );
        assert.equal((await store.list()).items.length, 0);
      });

      test('rejects unknown states and wrongly typed fields with SftValidationError, and writes nothing', async (store) => {
        await store.upsert(endpoint(1, { tags: ['a'] }));
        const bad: unknown[] = [
          { iccid: iccid(2), name: 'n', state: 'bogus' },
          { iccid: iccid(2), name: 'n', state: 'pending', tags: 'a,b' },
          { iccid: iccid(2), name: 'n', state: 'pending', endpointId: 42 },
          { iccid: iccid(2), name: 'n', state: 'pending', jobId: 42 },
          { iccid: iccid(2), name: 'n', state: 'pending', lastError: {} },
        ];
        for (const record of bad) {
          await assertRejects(store.upsert(record as EndpointUpsert), 'SftValidationError');
          await assertRejects(
            store.upsertMany([endpoint(3), record as EndpointUpsert]),
            'SftValidationError',
          );
        }
        await assertRejects(store.transition(iccid(1), 'bogus' as 'pending'), 'SftValidationError');
        await assertRejects(store.addTags([iccid(1)], [42] as unknown as string[]), 'SftValidationError');
        await assertRejects(store.removeTags([iccid(1)], 'a' as unknown as string[]), 'SftValidationError');
        const [only, ...others] = (await store.list()).items;
        assert.equal(others.length, 0);
        assert.equal(only?.state, 'pre-active');
        assert.deepEqual(only?.tags, ['a']);
      });

      test('on update keeps undefined fields, clears null ones, replaces tags and keeps createdAt', async (store) => {
        const first = await store.upsert(
          endpoint(1, { endpointId: 'EP-1', tags: ['a'], jobId: 'job-1', lastError: 'boom' }),
        );
        const renamed = await store.upsert({ iccid: iccid(1), name: 'renamed' });
        assert.equal(renamed.name, 'renamed');
        assert.equal(renamed.endpointId, 'EP-1');
        assert.deepEqual(renamed.tags, ['a']);
        assert.equal(renamed.state, 'pre-active');
        assert.equal(renamed.jobId, 'job-1');
        assert.equal(renamed.lastError, 'boom');
        assert.equal(renamed.createdAt.getTime(), first.createdAt.getTime());
        assert.ok(renamed.updatedAt.getTime() >= first.updatedAt.getTime());

        const cleared = await store.upsert({
          iccid: iccid(1),
          endpointId: null,
          jobId: null,
          lastError: null,
          tags: ['c', 'd'],
          state: 'failed',
        });
        assert.equal(cleared.endpointId, undefined);
        assert.equal(cleared.jobId, undefined);
        assert.equal(cleared.lastError, undefined);
        assert.deepEqual(cleared.tags, ['c', 'd']);
        assert.equal(cleared.state, 'failed');
        assertSame(await store.getByIccid(iccid(1)), cleared);
        assert.equal(await store.getByEndpointId('EP-1'), undefined);
      });

      test('keeps tags in first-seen order without duplicates', async (store) => {
        const stored = await store.upsert(endpoint(1, { tags: ['z', 'a', 'z', 'm', 'a'] }));
        assert.deepEqual(stored.tags, ['z', 'a', 'm']);
        assert.deepEqual((await store.getByIccid(iccid(1)))?.tags, ['z', 'a', 'm']);
      });

      test('hands out copies: changing a returned record does not change the store', async (store) => {
        const stored = await store.upsert(endpoint(1, { tags: ['a'] }));
        stored.tags.push('mutated');
        stored.name = 'mutated';
        const again = await store.getByIccid(iccid(1));
        assert.deepEqual(again?.tags, ['a']);
        assert.equal(again?.name, 'name-1');
      });

      test('allows one name on several endpoints and finds them all, ordered by iccid', async (store) => {
        await store.upsertMany([
          endpoint(3, { name: 'shared' }),
          endpoint(1, { name: 'shared' }),
          endpoint(2),
        ]);
        assert.deepEqual(
          (await store.findByName('shared')).map((r) => r.iccid),
          [iccid(1), iccid(3)],
        );
      });

      test('rejects a second ICCID with the same endpoint id (conflict) and changes nothing', async (store) => {
        await store.upsert(endpoint(1, { endpointId: 'EP-1' }));
        await store.upsert(endpoint(2));
        await assertRejects(
          store.upsert({ iccid: iccid(2), endpointId: 'EP-1' }),
          'SftStoreError',
          'conflict',
        );
        await assertRejects(store.upsert(endpoint(3, { endpointId: 'EP-1' })), 'SftStoreError', 'conflict');
        assert.equal((await store.getByIccid(iccid(2)))?.endpointId, undefined);
        assert.equal(await store.getByIccid(iccid(3)), undefined);
        assert.equal((await store.getByEndpointId('EP-1'))?.iccid, iccid(1));
      });

      test('upsertMany writes a batch, composing several writes to one ICCID', async (store) => {
        await store.upsertMany([
          endpoint(1, { jobId: 'job-1' }),
          endpoint(2),
          { iccid: iccid(1), endpointId: 'EP-1', state: 'active' },
          { iccid: iccid(1), name: 'last name wins' },
        ]);
        const one = await store.getByIccid(iccid(1));
        assert.equal(one?.name, 'last name wins');
        assert.equal(one?.endpointId, 'EP-1');
        assert.equal(one?.state, 'active');
        assert.equal(one?.jobId, 'job-1');
        assert.equal((await store.list()).items.length, 2);
        await store.upsertMany([]);
      });

      test('upsertMany may move endpoint ids between ICCIDs of the batch, in any order', async (store) => {
        await store.upsertMany([endpoint(1, { endpointId: 'EP-1' }), endpoint(2, { endpointId: 'EP-2' })]);
        // A swap, and a hand-over to a new ICCID listed before the one giving the id up.
        await store.upsertMany([
          { iccid: iccid(1), endpointId: 'EP-2' },
          { iccid: iccid(2), endpointId: 'EP-1' },
        ]);
        assert.equal((await store.getByEndpointId('EP-1'))?.iccid, iccid(2));
        assert.equal((await store.getByEndpointId('EP-2'))?.iccid, iccid(1));
        await store.upsertMany([endpoint(3, { endpointId: 'EP-1' }), { iccid: iccid(2), endpointId: null }]);
        assert.equal((await store.getByEndpointId('EP-1'))?.iccid, iccid(3));
        assert.equal((await store.getByIccid(iccid(2)))?.endpointId, undefined);
      });

      test('upsertMany is all or nothing when one record conflicts', async (store) => {
        await store.upsert(endpoint(1, { endpointId: 'EP-1' }));
        await assertRejects(
          store.upsertMany([endpoint(2), endpoint(3, { endpointId: 'EP-1' }), endpoint(4)]),
          'SftStoreError',
          'conflict',
        );
        assert.deepEqual(
          (await store.list()).items.map((r) => r.iccid),
          [iccid(1)],
        );
      });

      if (options.reopen !== undefined) {
        const reopen = options.reopen;
        it('keeps every field across close and reopen', async () => {
          const store = await options.create();
          let reopened: EndpointStore | undefined;
          try {
            await store.upsert(
              endpoint(1, { endpointId: 'EP-1', tags: ['a', 'b'], jobId: 'j', lastError: 'e' }),
            );
            await store.upsert(endpoint(2, { tags: [] }));
            const claimed = await store.claim({ tag: 'a' }, 'worker-1');
            const before = (await store.list()).items;
            await store.close();
            reopened = await reopen(store);
            const after = (await reopened.list()).items;
            assert.equal(after.length, 2);
            for (const [i, record] of after.entries()) assertSame(record, before[i]);
            assert.equal((await reopened.getByIccid(claimed.iccid))?.claimedBy, 'worker-1');
          } finally {
            await store.close().catch(() => undefined);
            await reopened?.close().catch(() => undefined);
            await options.destroy?.(store);
          }
        });
      }
    });

    describe('listing', () => {
      test('pages through every record in ICCID order, with no cursor after the last page', async (store) => {
        const records = [7, 3, 9, 1, 5, 2, 8, 4, 6].map((n) => endpoint(n));
        await store.upsertMany(records);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.list({}, cursor === undefined ? { limit: 3 } : { limit: 3, cursor });
          assert.ok(page.items.length <= 3);
          seen.push(...page.items.map((r) => r.iccid));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor !== undefined);
        assert.equal(pages, 3);
        assert.deepEqual(
          seen,
          [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => iccid(n)),
        );
      });

      test('lists an empty store as one empty page', async (store) => {
        assert.deepEqual(await store.list(), { items: [] });
      });

      test('filters by tag, state (one or several), job, claim status and name, all combined', async (store) => {
        await store.upsertMany([
          endpoint(1, { tags: ['red'], jobId: 'j1' }),
          endpoint(2, { tags: ['red', 'blue'], state: 'active', jobId: 'j1' }),
          endpoint(3, { tags: ['blue'], state: 'pending', jobId: 'j2', name: 'special' }),
          endpoint(4, { tags: [], state: 'failed' }),
          endpoint(5, { tags: ['red'] }),
        ]);
        await store.claim({ tag: 'red' }, 'me');
        const ids = async (filter: EndpointFilter) => (await store.list(filter)).items.map((r) => r.iccid);
        assert.deepEqual(await ids({ tag: 'red' }), [iccid(1), iccid(2), iccid(5)]);
        assert.deepEqual(await ids({ tag: 'blue', state: 'active' }), [iccid(2)]);
        assert.deepEqual(await ids({ state: ['pending', 'failed'] }), [iccid(3), iccid(4)]);
        assert.deepEqual(await ids({ state: [] }), []);
        assert.deepEqual(await ids({ jobId: 'j1' }), [iccid(1), iccid(2)]);
        assert.deepEqual(await ids({ name: 'special' }), [iccid(3)]);
        assert.deepEqual(await ids({ claimed: true }), [iccid(1)]);
        assert.deepEqual(await ids({ claimed: false, tag: 'red', state: 'pre-active' }), [iccid(5)]);
        assert.deepEqual(await ids({ tag: 'green' }), []);
      });

      test('rejects a cursor it did not issue', async (store) => {
        await store.upsert(endpoint(1));
        await assertRejects(store.list({}, { cursor: 'not a cursor' }), 'SftValidationError');
      });
    });

    describe('tags', () => {
      test('addTags appends missing tags in order and counts the records it changed', async (store) => {
        await store.upsertMany([
          endpoint(1, { tags: ['a'] }),
          endpoint(2, { tags: ['b', 'c'] }),
          endpoint(3),
        ]);
        const changed = await store.addTags([iccid(1), iccid(2), iccid(9)], ['c', 'a', 'c']);
        assert.equal(changed, 2);
        assert.deepEqual((await store.getByIccid(iccid(1)))?.tags, ['a', 'c']);
        assert.deepEqual((await store.getByIccid(iccid(2)))?.tags, ['b', 'c', 'a']);
        assert.deepEqual((await store.getByIccid(iccid(3)))?.tags, []);
        assert.equal(await store.addTags([iccid(1)], ['a']), 0);
        assert.deepEqual(
          (await store.list({ tag: 'c' })).items.map((r) => r.iccid),
          [iccid(1), iccid(2)],
        );
      });

      test('removeTags removes tags, keeps the order of the rest and counts the records it changed', async (store) => {
        await store.upsertMany([
          endpoint(1, { tags: ['a', 'b', 'c'] }),
          endpoint(2, { tags: ['b'] }),
          endpoint(3),
        ]);
        assert.equal(await store.removeTags([iccid(1), iccid(2), iccid(3)], ['b', 'x']), 2);
        assert.deepEqual((await store.getByIccid(iccid(1)))?.tags, ['a', 'c']);
        assert.deepEqual((await store.getByIccid(iccid(2)))?.tags, []);
        assert.equal(await store.removeTags([iccid(1)], ['b']), 0);
        assert.deepEqual((await store.list({ tag: 'b' })).items, []);
      });
    });

    describe('transitions', () => {
      test('moves an endpoint to a state, optionally setting its endpoint id and last error', async (store) => {
        await store.upsert(endpoint(1, { state: 'pending' }));
        const created = await store.transition(iccid(1), 'pre-active', {
          endpointId: 'EP-1',
          lastError: 'retried',
        });
        assert.equal(created?.state, 'pre-active');
        assert.equal(created?.endpointId, 'EP-1');
        assert.equal(created?.lastError, 'retried');
        const cleared = await store.transition(iccid(1), 'active', { lastError: null });
        assert.equal(cleared?.lastError, undefined);
        assert.equal(cleared?.endpointId, 'EP-1');
        assertSame(await store.getByEndpointId('EP-1'), cleared);
      });

      test('with `from`, moves only from a matching state (compare-and-set)', async (store) => {
        await store.upsert(endpoint(1, { state: 'pending' }));
        assert.equal(await store.transition(iccid(1), 'active', { from: 'pre-active' }), undefined);
        assert.equal((await store.getByIccid(iccid(1)))?.state, 'pending');
        assert.equal(
          (await store.transition(iccid(1), 'failed', { from: ['pending', 'hold'] }))?.state,
          'failed',
        );
        assert.equal(await store.transition(iccid(9), 'active'), undefined);
        assert.equal(await store.getByIccid(iccid(9)), undefined);
      });

      test('lets exactly one of many parallel compare-and-set transitions win', async (store) => {
        await store.upsert(endpoint(1, { state: 'pending' }));
        const results = await Promise.all(
          Array.from({ length: 16 }, () => store.transition(iccid(1), 'pre-active', { from: 'pending' })),
        );
        assert.equal(results.filter((r) => r !== undefined).length, 1);
      });

      test('rejects an endpoint id that belongs to another ICCID', async (store) => {
        await store.upsertMany([endpoint(1, { endpointId: 'EP-1' }), endpoint(2, { state: 'pending' })]);
        await assertRejects(
          store.transition(iccid(2), 'pre-active', { endpointId: 'EP-1' }),
          'SftStoreError',
          'conflict',
        );
        assert.equal((await store.getByIccid(iccid(2)))?.state, 'pending');
      });
    });

    describe('claims', () => {
      test('claims an unclaimed pre-active endpoint with the tag, then another, then reports an empty pool', async (store) => {
        await store.upsertMany([
          endpoint(1, { tags: ['pool'] }),
          endpoint(2, { tags: ['pool'] }),
          endpoint(3, { tags: ['other'] }),
          endpoint(4, { tags: ['pool'], state: 'active' }),
          endpoint(5, { tags: ['pool'], state: 'pending' }),
        ]);
        const first = await store.claim({ tag: 'pool' }, 'worker-1');
        const second = await store.claim({ tag: 'pool', state: 'pre-active' }, 'worker-2');
        assert.deepEqual([first.iccid, second.iccid].sort(), [iccid(1), iccid(2)]);
        assert.equal(first.claimedBy, 'worker-1');
        assert.ok(first.claimedAt instanceof Date);
        assert.equal((await store.getByIccid(second.iccid))?.claimedBy, 'worker-2');
        const empty = await assertRejects(store.claim({ tag: 'pool' }, 'worker-3'), 'SftEmptyPoolError');
        assert.equal((empty as { tag?: string }).tag, 'pool');
        assert.match((empty as Error).message, /pool/);
        assert.equal((await store.claim({}, 'worker-3')).iccid, iccid(3));
        assert.equal((await store.claim({ state: 'active' }, 'worker-3')).iccid, iccid(4));
      });

      test('release gives the endpoint back, only to its claimant when one is named', async (store) => {
        await store.upsert(endpoint(1, { tags: ['pool'] }));
        const claimed = await store.claim({ tag: 'pool' }, 'worker-1');
        assert.equal(await store.release(claimed.iccid, 'worker-2'), false);
        assert.equal((await store.getByIccid(claimed.iccid))?.claimedBy, 'worker-1');
        assert.equal(await store.release(claimed.iccid, 'worker-1'), true);
        const released = await store.getByIccid(claimed.iccid);
        assert.equal(released?.claimedBy, undefined);
        assert.equal(released?.claimedAt, undefined);
        assert.equal(await store.release(claimed.iccid), false);
        assert.equal(await store.release(iccid(9)), false);
        await store.claim({ tag: 'pool' }, 'worker-2');
        assert.equal(await store.release(claimed.iccid), true);
      });

      test('keeps the claim when the record is upserted or transitioned', async (store) => {
        await store.upsert(endpoint(1));
        await store.claim({}, 'worker-1');
        await store.upsert({ iccid: iccid(1), name: 'renamed', tags: ['t'] });
        await store.transition(iccid(1), 'active', { endpointId: 'EP-1' });
        assert.equal((await store.getByIccid(iccid(1)))?.claimedBy, 'worker-1');
      });

      test('a claim on an empty store is a clear, typed error', async (store) => {
        const error = await assertRejects(store.claim({}, 'worker-1'), 'SftEmptyPoolError');
        assert.match((error as Error).message, /pre-active/);
      });
    });

    describe('counts', () => {
      test('counts by tag, state and claim status; an untagged endpoint counts under null', async (store) => {
        await store.upsertMany([
          endpoint(1, { tags: ['a', 'b'] }),
          endpoint(2, { tags: ['a'] }),
          endpoint(3, { tags: ['a'], state: 'active' }),
          endpoint(4, { tags: [] }),
        ]);
        await store.claim({ tag: 'b' }, 'me');
        assert.deepEqual(sorted(await store.counts()), [
          { tag: 'a', state: 'pre-active', claimed: false, count: 1 },
          { tag: 'a', state: 'pre-active', claimed: true, count: 1 },
          { tag: 'a', state: 'active', claimed: false, count: 1 },
          { tag: 'b', state: 'pre-active', claimed: true, count: 1 },
          { tag: null, state: 'pre-active', claimed: false, count: 1 },
        ]);
        assert.deepEqual(sorted(await store.counts({ state: 'active' })), [
          { tag: 'a', state: 'active', claimed: false, count: 1 },
        ]);
        assert.deepEqual(await store.counts({ tag: 'none' }), []);
      });
    });

    describe('concurrency', () => {
      test(`${claimers} parallel claimers drain a pool of ${poolSize} without handing any endpoint out twice`, async (store) => {
        const pool = Array.from({ length: poolSize }, (_, i) => endpoint(1000 + i, { tags: ['pool'] }));
        await store.upsertMany(pool);
        await store.upsert(endpoint(9999, { tags: ['elsewhere'] }));
        let handedOut = 0;
        const byClaimer = await Promise.all(
          Array.from({ length: claimers }, async (_, w) => {
            const mine: StoredEndpoint[] = [];
            // Stop a broken adapter that never runs dry instead of looping forever (the count then fails).
            while (handedOut <= poolSize) {
              try {
                mine.push(await store.claim({ tag: 'pool' }, `worker-${w}`));
                handedOut += 1;
              } catch (error) {
                if ((error as Error).name === 'SftEmptyPoolError') return mine;
                throw error;
              }
            }
            return mine;
          }),
        );
        const all = byClaimer.flat();
        assert.equal(all.length, poolSize);
        assert.equal(new Set(all.map((r) => r.iccid)).size, poolSize);
        for (const [w, mine] of byClaimer.entries()) {
          for (const record of mine) assert.equal(record.claimedBy, `worker-${w}`);
        }
        const stored = await allRecords(store, { tag: 'pool' });
        assert.equal(stored.filter((r) => r.claimedBy !== undefined).length, poolSize);
        for (const record of all) {
          assert.equal(stored.find((r) => r.iccid === record.iccid)?.claimedBy, record.claimedBy);
        }
      });

      test('parallel upserts of one ICCID leave exactly one record', async (store) => {
        await Promise.all(
          Array.from({ length: 32 }, (_, i) =>
            i % 2 === 0
              ? store.upsert(endpoint(1, { name: `writer-${i}`, tags: [`t${i}`] }))
              : store.upsertMany([endpoint(1, { name: `writer-${i}` }), endpoint(2 + (i % 3))]),
          ),
        );
        const records = await allRecords(store);
        assert.equal(records.filter((r) => r.iccid === iccid(1)).length, 1);
        assert.equal(records.length, 4);
        const total = (await store.counts()).reduce((sum, row) => sum + row.count, 0);
        assert.ok(total >= 4);
      });

      test('parallel upserts keeping different fields of one new ICCID lose none of them', async (store) => {
        await Promise.all([
          store.upsert(endpoint(1, { jobId: 'job-1' })),
          store.upsert(endpoint(1, { lastError: 'err' })),
          store.upsert(endpoint(1, { endpointId: 'EP-1' })),
        ]);
        const record = await store.getByIccid(iccid(1));
        assert.equal(record?.jobId, 'job-1');
        assert.equal(record?.lastError, 'err');
        assert.equal(record?.endpointId, 'EP-1');
      });
    });

    describe('hostile values', () => {
      test('stores names, tags, job ids, errors and claimants verbatim, and filters on them', async (store) => {
        const records = HOSTILE_VALUES.map((value, i) =>
          endpoint(i + 1, {
            name: value,
            tags: [value, `${value}-2`],
            jobId: value,
            lastError: value,
            endpointId: value,
          }),
        );
        await store.upsertMany(records);
        for (const [i, value] of HOSTILE_VALUES.entries()) {
          const stored = await store.getByIccid(iccid(i + 1));
          assert.equal(stored?.name, value);
          assert.deepEqual(stored?.tags, [value, `${value}-2`]);
          assert.equal(stored?.jobId, value);
          assert.equal(stored?.lastError, value);
          assert.equal((await store.getByEndpointId(value))?.iccid, iccid(i + 1));
          assert.deepEqual(
            (await store.findByName(value)).map((r) => r.iccid),
            [iccid(i + 1)],
          );
          assert.deepEqual(
            (await store.list({ tag: value })).items.map((r) => r.iccid),
            [iccid(i + 1)],
          );
          assert.deepEqual(
            (await store.list({ jobId: value })).items.map((r) => r.iccid),
            [iccid(i + 1)],
          );
          const claimed = await store.claim({ tag: value }, value);
          assert.equal(claimed.claimedBy, value);
          assert.equal(await store.release(claimed.iccid, value), true);
          assert.ok((await store.counts({ tag: value })).some((row) => row.tag === value && row.count === 1));
        }
        assert.equal(await store.removeTags([iccid(1)], [HOSTILE_VALUES[0]!]), 1);
        assert.deepEqual((await store.getByIccid(iccid(1)))?.tags, [`${HOSTILE_VALUES[0]}-2`]);
        assert.equal((await store.list()).items.length, HOSTILE_VALUES.length);
      });
    });

    describe('lifecycle', () => {
      test('rejects every call after close with reason "closed"; closing twice is harmless', async (store) => {
        await store.upsert(endpoint(1));
        await store.close();
        await store.close();
        const calls: Promise<unknown>[] = [
          store.getByIccid(iccid(1)),
          store.getByEndpointId('EP'),
          store.findByName('n'),
          store.upsert(endpoint(2)),
          store.upsertMany([endpoint(2)]),
          store.list(),
          store.addTags([iccid(1)], ['t']),
          store.removeTags([iccid(1)], ['t']),
          store.transition(iccid(1), 'active'),
          store.claim({}, 'me'),
          store.release(iccid(1)),
          store.counts(),
        ];
        for (const call of calls) await assertRejects(call, 'SftStoreError', 'closed');
      });
    });
  });
}

/** A valid-looking ICCID for test record `n` (the suite does not need Luhn-valid ones). */
function iccid(n: number): string {
  return `8932000000000${String(n).padStart(6, '0')}`;
}

function endpoint(n: number, fields: Partial<EndpointUpsert> = {}): EndpointUpsert {
  return { iccid: iccid(n), name: `name-${n}`, state: 'pre-active', tags: [], ...fields };
}

/** Compares by name and fields rather than `instanceof`: the error classes may come from another copy of the SDK. */
async function assertRejects(promise: Promise<unknown>, name: string, reason?: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    assert.equal((error as Error).name, name, `expected ${name}, got ${String(error)}`);
    if (reason !== undefined) assert.equal((error as { reason?: string }).reason, reason);
    return error;
  }
  assert.fail(`expected a rejection with ${name}${reason === undefined ? '' : ` (${reason})`}`);
}

function assertSame(actual: StoredEndpoint | undefined, expected: StoredEndpoint | undefined): void {
  assert.deepEqual(plain(actual), plain(expected));
}

function plain(record: StoredEndpoint | undefined): Record<string, unknown> | undefined {
  if (record === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) out[key] = value instanceof Date ? value.getTime() : value;
  }
  return out;
}

function sorted(rows: EndpointCount[]): EndpointCount[] {
  const order = ['pending', 'pre-active', 'active', 'suspended', 'hold', 'deleted', 'failed'];
  return [...rows].sort(
    (a, b) =>
      (a.tag ?? '\uffff').localeCompare(b.tag ?? '\uffff') ||
      order.indexOf(a.state) - order.indexOf(b.state) ||
      Number(a.claimed) - Number(b.claimed),
  );
}

async function allRecords(store: EndpointStore, filter: EndpointFilter = {}): Promise<StoredEndpoint[]> {
  const records: StoredEndpoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(filter, cursor === undefined ? {} : { cursor });
    records.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
}

function globalHarness(): StoreConformanceHarness {
  const g = globalThis as {
    describe?: StoreConformanceHarness['describe'];
    it?: StoreConformanceHarness['it'];
  };
  if (typeof g.describe !== 'function' || typeof g.it !== 'function') {
    throw new TypeError(
      'runStoreConformance needs describe() and it(): pass { harness: { describe, it } } from your test runner, or enable its globals.',
    );
  }
  return { describe: g.describe, it: g.it };
}
