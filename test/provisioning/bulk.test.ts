import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SftApiError, SftAuthError, SftStoreError } from '../../src/errors.js';
import { createBulkEndpoints } from '../../src/provisioning/bulk.js';
import type { ProvisioningStrategy } from '../../src/provisioning/strategy.js';
import type { BulkProgress, BulkResult } from '../../src/provisioning/types.js';
import { memoryStore } from '../../src/store/memory.js';
import type { RunningSftSimulator } from '../../src/testing/server.js';
import { DEMO_RESELLER_CREDENTIALS } from '../../src/testing/simulator.js';
import { allStored, clientFor, expectExactlyOnce, FAST_RETRY, rowsOf, startSim } from './fixture.js';

let running: RunningSftSimulator;
beforeAll(async () => {
  running = await startSim();
});
afterAll(() => running.close());
beforeEach(() => running.sim.reset());

describe('createBulkEndpoints', () => {
  it('creates one pre-active endpoint per row and reports them in input order', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 40);
    const results: BulkResult[] = [];
    const run = createBulkEndpoints(client, rows, { tag: 'batch-1', retry: FAST_RETRY });
    for await (const r of run) results.push(r);
    const summary = await run;
    expect(results.map((r) => r.index)).toEqual(rows.map((_, i) => i));
    expect(results.every((r) => r.status === 'created' && r.endpointId)).toBe(true);
    expect(summary).toMatchObject({
      total: 40,
      created: 40,
      recovered: 0,
      skipped: 0,
      failed: 0,
      aborted: false,
    });
    await expectExactlyOnce(running.sim, client.store, rows);
    const stored = await allStored(client.store);
    expect(stored.every((s) => s.tags.includes('batch-1') && s.jobId === run.jobId)).toBe(true);
  });

  it('sends isDefaultActivation "false": endpoints stay Pre-Active', async () => {
    const client = clientFor(running);
    await createBulkEndpoints(client, rowsOf(running.sim, 3), { retry: FAST_RETRY });
    expect(running.sim.listEndpoints().map((e) => e.status)).toEqual([
      'Pre-Active',
      'Pre-Active',
      'Pre-Active',
    ]);
  });

  it('skips on a rerun what the store holds as created, and creates the rest', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 30);
    await createBulkEndpoints(client, rows.slice(0, 12), { retry: FAST_RETRY });
    const creates = running.sim.counters().requestsByOperation.createEndpoint;
    const summary = await createBulkEndpoints(client, rows, { retry: FAST_RETRY });
    expect(summary).toMatchObject({ created: 18, skipped: 12, failed: 0 });
    expect(running.sim.counters().requestsByOperation.createEndpoint).toBe((creates ?? 0) + 18);
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('reconciles a row a crashed run left pending: linked → recovered, without a second create', async () => {
    const client = clientFor(running);
    const [created, notCreated] = rowsOf(running.sim, 2);
    // A previous run journaled both, the platform created only the first, then the process died.
    running.sim.admin.createEndpoint({ name: created!.name, iccid: created!.iccid });
    await client.store.upsertMany([
      { iccid: created!.iccid, name: created!.name, state: 'pending', jobId: 'old' },
      { iccid: notCreated!.iccid, name: notCreated!.name, state: 'pending', jobId: 'old' },
    ]);
    const results: BulkResult[] = [];
    for await (const r of createBulkEndpoints(client, [created!, notCreated!], { retry: FAST_RETRY }))
      results.push(r);
    expect(results.map((r) => r.status)).toEqual(['recovered', 'created']);
    expect(running.sim.counters().createCallsByIccid[created!.iccid]).toBeUndefined();
    await expectExactlyOnce(running.sim, client.store, [created!, notCreated!]);
  });

  it('recovers a create the platform applied but answered 10240 (lost after commit)', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 1);
    running.sim.failNext({ kind: 'lostAfterCommit', operation: 'createEndpoint' });
    const summary = await createBulkEndpoints(client, rows, { retry: FAST_RETRY });
    expect(summary).toMatchObject({ recovered: 1, created: 0, failed: 0 });
    expect(summary.reconciliations).toBe(1);
    expect(running.sim.counters().createCallsByIccid[rows[0]!.iccid]).toBe(1);
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('recovers a create whose connection dropped after the platform applied it', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 1);
    running.sim.failNext({ kind: 'dropAfterCommit', operation: 'createEndpoint' });
    const summary = await createBulkEndpoints(client, rows, { retry: FAST_RETRY });
    expect(summary).toMatchObject({ recovered: 1, failed: 0 });
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('recovers a create that timed out on the client while the platform applied it', async () => {
    const client = clientFor(running, { timeouts: { createEndpoint: 30 } });
    const rows = rowsOf(running.sim, 2);
    running.sim.configure({ latency: { medianMs: 150, sigma: 0 } });
    try {
      const summary = await createBulkEndpoints(client, rows, { retry: FAST_RETRY });
      expect(summary).toMatchObject({ recovered: 2, created: 0, failed: 0 });
    } finally {
      running.sim.configure({ latency: { medianMs: 0 } });
    }
    expect(running.sim.counters().createCallsByIccid[rows[0]!.iccid]).toBe(1);
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('looks the ICCID up after a 5xx and creates again only when it is not linked', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 1);
    running.sim.failNext({ kind: 'serverError', operation: 'createEndpoint' });
    const [result] = await collect(createBulkEndpoints(client, rows, { retry: FAST_RETRY }));
    expect(result).toMatchObject({ status: 'created', attempts: 2 });
    expect(running.sim.counters().createCallsByIccid[rows[0]!.iccid]).toBe(2);
    expect(running.sim.counters().requestsByOperation.fetchSims).toBe(1);
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('recovers on a rerun a row another run created after this one recorded it failed (two processes on one row)', async () => {
    const client = clientFor(running);
    const [row] = rowsOf(running.sim, 1);
    // Process A created it; process B's journal overwrote A's record, B's create was refused → failed.
    const endpointId = running.sim.admin.createEndpoint({ name: row!.name, iccid: row!.iccid });
    await client.store.upsert({ iccid: row!.iccid, name: row!.name, state: 'failed', jobId: 'process-b' });
    const results = await collect(createBulkEndpoints(client, [row!], { retry: FAST_RETRY }));
    expect(results[0]).toMatchObject({ status: 'recovered', endpointId, attempts: 0 });
    expect(running.sim.counters().createCallsByIccid[row!.iccid]).toBeUndefined();
    await expectExactlyOnce(running.sim, client.store, [row!]);
  });

  it('does not take over, on a rerun, a failed row whose SIM is linked to an endpoint of another name', async () => {
    const client = clientFor(running);
    const [row] = rowsOf(running.sim, 1);
    running.sim.admin.createEndpoint({ name: 'elsewhere', iccid: row!.iccid });
    await client.store.upsert({ iccid: row!.iccid, name: row!.name, state: 'failed', jobId: 'earlier' });
    const results = await collect(createBulkEndpoints(client, [row!], { retry: FAST_RETRY }));
    expect(results[0]).toMatchObject({ status: 'failed' });
    expect(await client.store.getByIccid(row!.iccid)).toMatchObject({ state: 'failed' });
  });

  it('recovers, instead of failing, rows whose journal was lost: the refused SIM is linked to its own endpoint', async () => {
    const first = clientFor(running);
    const rows = rowsOf(running.sim, 5);
    await createBulkEndpoints(first, rows, { retry: FAST_RETRY });
    // A new, empty store (the old one was deleted): every create is refused, the SIM being linked already.
    const client = clientFor(running);
    const results = await collect(createBulkEndpoints(client, rows, { retry: FAST_RETRY }));
    expect(results.map((r) => r.status)).toEqual(rows.map(() => 'recovered'));
    for (const row of rows) expect(running.sim.counters().endpointsCreatedByIccid[row.iccid]).toBe(1);
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it("adds one listener to the caller's signal however many rows wait (no MaxListenersExceededWarning)", async () => {
    const client = clientFor(running);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const summary = await createBulkEndpoints(client, rowsOf(running.sim, 40), {
        retry: FAST_RETRY,
        maxTps: 1000,
        concurrency: 40,
        signal: controller.signal,
      });
      expect(summary.created).toBe(40);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('reports a definitive refusal with the platform code, marks the row failed, and goes on', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 3);
    // The middle SIM is already taken by an endpoint created outside the SDK.
    running.sim.admin.createEndpoint({ name: 'elsewhere', iccid: rows[1]!.iccid });
    const results = await collect(createBulkEndpoints(client, rows, { retry: FAST_RETRY }));
    expect(results.map((r) => r.status)).toEqual(['created', 'failed', 'created']);
    expect(results[1]!.error).toBeInstanceOf(SftApiError);
    expect((results[1]!.error as SftApiError).resultCode).toMatch(/^\d+$/);
    expect(results[1]!.attempts).toBe(1);
    const stored = await client.store.getByIccid(rows[1]!.iccid);
    expect(stored).toMatchObject({ state: 'failed' });
    expect(stored?.lastError).toContain((results[1]!.error as SftApiError).resultCode);
  });

  it('stops the whole run when authentication is refused, instead of failing every row', async () => {
    const client = clientFor(running, { credentials: { ...DEMO_RESELLER_CREDENTIALS } });
    const rows = rowsOf(running.sim, 50);
    const summary = await createBulkEndpoints(client, rows, { concurrency: 2, retry: FAST_RETRY });
    expect(summary.aborted).toBe(true);
    expect(summary.fatalError).toBeInstanceOf(SftAuthError);
    expect(summary.total).toBeLessThan(10);
    expect(running.sim.listEndpoints()).toHaveLength(0);
  });

  it('stops the run when the store fails after a create, without sending that create again', async () => {
    const inner = memoryStore();
    const failing = {
      ...inner,
      transition: async () => {
        throw new SftStoreError('disk full', { reason: 'unavailable' });
      },
    } as typeof inner;
    const client = clientFor(running, { store: failing });
    const rows = rowsOf(running.sim, 20);
    const summary = await createBulkEndpoints(client, rows, { concurrency: 1, retry: FAST_RETRY });
    expect(summary.fatalError).toBeInstanceOf(SftStoreError);
    expect(summary.aborted).toBe(true);
    expect(running.sim.counters().createCallsByIccid[rows[0]!.iccid]).toBe(1);
    expect(Object.keys(running.sim.counters().createCallsByIccid)).toHaveLength(1);
    // The row stays pending in the journal: a rerun looks it up before sending anything.
    expect(await inner.getByIccid(rows[0]!.iccid)).toMatchObject({ state: 'pending' });
  });

  it('reports progress with counts, rate and ETA, and a final snapshot', async () => {
    const client = clientFor(running);
    const events: BulkProgress[] = [];
    await createBulkEndpoints(client, rowsOf(running.sim, 20), {
      retry: FAST_RETRY,
      progressIntervalMs: 0,
      onProgress: (p) => events.push(p),
    });
    const last = events.at(-1)!;
    expect(last).toMatchObject({ done: 20, total: 20, created: 20, inFlight: 0, etaMs: 0 });
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e, i) => i === 0 || e.done >= events[i - 1]!.done)).toBe(true);
  });

  it('consumes an async iterable lazily and reports each result through onResult', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 25);
    async function* stream() {
      yield* rows;
    }
    const seen: number[] = [];
    const summary = await createBulkEndpoints(client, stream(), {
      retry: FAST_RETRY,
      onResult: (r) => seen.push(r.index),
    });
    expect(summary.created).toBe(25);
    expect(seen.sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
  });

  it('plugs a batch strategy in without changing journaling or reconciliation', async () => {
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 10);
    const batchSizes: number[] = [];
    const { perRowStrategy } = await import('../../src/provisioning/strategy.js');
    const batching: ProvisioningStrategy = {
      name: 'test batch of 4',
      maxBatchSize: 4,
      async send(c, inputs, options) {
        batchSizes.push(inputs.length);
        return perRowStrategy.send(c, inputs, options);
      },
    };
    running.sim.failNext({ kind: 'lostAfterCommit', operation: 'createEndpoint' });
    const results = await collect(
      createBulkEndpoints(client, rows, { strategy: batching, retry: FAST_RETRY }),
    );
    expect(batchSizes).toEqual([4, 4, 2]);
    expect(results.map((r) => r.index)).toEqual(rows.map((_, i) => i));
    expect(results.filter((r) => r.status === 'recovered')).toHaveLength(1);
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('is available as client.createBulkEndpoints', async () => {
    const client = clientFor(running);
    const summary = await client.createBulkEndpoints(rowsOf(running.sim, 3), { retry: FAST_RETRY });
    expect(summary).toMatchObject({ created: 3, failed: 0 });
  });

  it('rejects invalid options before reading any row', () => {
    const client = clientFor(running);
    expect(() => createBulkEndpoints(client, [], { tag: 'bad tag!' })).toThrow(/tag/);
    expect(() => createBulkEndpoints(client, [], { concurrency: 0 })).toThrow(/concurrency/);
  });

  it('can be consumed once: iterating after awaiting is refused', async () => {
    const client = clientFor(running);
    const run = createBulkEndpoints(client, [], {});
    await run;
    expect(() => run[Symbol.asyncIterator]()).toThrow(/already being consumed/);
  });

  it('caps the run with its own maxTps in front of the client pacer', async () => {
    const client = clientFor(running, { store: memoryStore() });
    const summary = await createBulkEndpoints(client, rowsOf(running.sim, 4), {
      maxTps: 1000,
      retry: FAST_RETRY,
    });
    expect(summary.created).toBe(4);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
