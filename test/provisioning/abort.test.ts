import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkEndpoints } from '../../src/provisioning/bulk.js';
import type { BulkResult } from '../../src/provisioning/types.js';
import type { RunningSftSimulator } from '../../src/testing/server.js';
import { allStored, clientFor, expectExactlyOnce, FAST_RETRY, rowsOf, startSim } from './fixture.js';

let running: RunningSftSimulator;
beforeAll(async () => {
  running = await startSim({ sims: 300, latencyMs: 20 });
});
afterAll(() => running.close());

describe('createBulkEndpoints with an AbortSignal', () => {
  it('stops taking rows, finishes the creates in flight, leaves no row pending, and a rerun completes the rest', async () => {
    const client = clientFor(running, { maxTps: 200 });
    const rows = rowsOf(running.sim, 300);
    const controller = new AbortController();
    const results: BulkResult[] = [];
    const run = createBulkEndpoints(client, rows, {
      concurrency: 8,
      signal: controller.signal,
      retry: FAST_RETRY,
    });
    for await (const r of run) {
      results.push(r);
      if (results.length === 40) controller.abort();
    }
    const summary = await run;

    expect(summary.aborted).toBe(true);
    expect(summary.total).toBe(results.length);
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(results.length).toBeLessThan(40 + 8 * 4 + 1);
    expect(results.map((r) => r.index)).toEqual(results.map((_, i) => i));
    expect(results.every((r) => r.status === 'created')).toBe(true);
    // The journal is consistent: nothing pending, and exactly what the platform has.
    const stored = await allStored(client.store);
    expect(stored.filter((s) => s.state === 'pending')).toEqual([]);
    expect(stored).toHaveLength(results.length);
    expect(running.sim.listEndpoints()).toHaveLength(results.length);
    await expectExactlyOnce(running.sim, client.store, rows.slice(0, results.length));

    const rerun = await createBulkEndpoints(client, rows, { retry: FAST_RETRY });
    expect(rerun).toMatchObject({ skipped: results.length, created: 300 - results.length, failed: 0 });
    await expectExactlyOnce(running.sim, client.store, rows);
  });

  it('does not start at all when the signal is already aborted', async () => {
    running.sim.reset();
    const client = clientFor(running);
    const summary = await createBulkEndpoints(client, rowsOf(running.sim, 10), {
      signal: AbortSignal.abort(),
    });
    expect(summary).toMatchObject({ total: 0, aborted: true });
    expect(running.sim.counters().requestsByOperation.createEndpoint).toBeUndefined();
  });

  it('stops when the reader breaks out of the loop, after finishing the rows in flight', async () => {
    running.sim.reset();
    const client = clientFor(running);
    const rows = rowsOf(running.sim, 100);
    const run = createBulkEndpoints(client, rows, { concurrency: 4, retry: FAST_RETRY });
    for await (const r of run) {
      if (r.index === 5) break;
    }
    const summary = await run;
    const stored = await allStored(client.store);
    expect(stored.filter((s) => s.state === 'pending')).toEqual([]);
    expect(summary.created).toBe(stored.length);
    expect(running.sim.listEndpoints()).toHaveLength(stored.length);
    expect(stored.length).toBeLessThan(100);
  });
});
