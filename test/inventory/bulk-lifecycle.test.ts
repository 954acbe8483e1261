import { describe, expect, it } from 'vitest';
import {
  activateByTag,
  type BulkLifecycleSummary,
  resumeByTag,
  suspendByTag,
} from '../../src/inventory/bulk-lifecycle.js';
import { memoryStore } from '../../src/store/memory.js';
import { activations, clientFor, stockPool, useSimulator } from './harness.js';

const FAST_RECONCILE = { reconcile: { attempts: 1, delayMs: 0 } };

describe('bulk activation and suspension by tag', () => {
  const { sim } = useSimulator({ sims: 600 });

  it('activates 500 endpoints at 20 TPS with faults, each exactly once, finishing what is left on rerun', async () => {
    sim.configure({ tps: 20, faults: { serverError: 0.03, lostAfterCommit: 0.03, dropAfterCommit: 0.02 } });
    const client = clientFor(sim, memoryStore(), { maxTps: 20 });
    const pool = await stockPool(sim, client, 500);
    const runs: BulkLifecycleSummary[] = [];
    do {
      runs.push(await activateByTag(client, 'batch-1', FAST_RECONCILE));
    } while (runs.at(-1)!.progress.failed > 0 && runs.length < 5);

    const last = runs.at(-1)!;
    expect(last.progress.failed).toBe(0);
    expect(runs[0]!.results).toHaveLength(500);
    expect(runs[0]!.results.map((r) => r.index)).toEqual([...Array(500).keys()]);
    const done = runs.flatMap((r) =>
      r.results.filter((x) => x.status === 'changed' || x.status === 'recovered'),
    );
    expect(done).toHaveLength(500);
    expect(new Set(done.map((r) => r.endpointId))).toEqual(new Set(pool.map((p) => p.endpointId)));

    const counters = sim.counters();
    expect(counters.faultsInjected.lostAfterCommit + counters.faultsInjected.dropAfterCommit).toBeGreaterThan(
      0,
    );
    expect(runs[0]!.progress.recovered).toBeGreaterThan(0);
    const counted = activations(sim);
    expect(Object.keys(counted)).toHaveLength(500);
    expect(Object.values(counted).every((n) => n === 1)).toBe(true);
    expect(sim.listEndpoints().every((e) => e.status === 'Active')).toBe(true);
    expect((await client.store.counts({ tag: 'batch-1', state: 'active' }))[0]?.count).toBe(500);
  }, 120_000);

  it('is resumable: a rerun skips what is already active', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 5);
    await activateByTag(client, 'batch-1');
    const rerun = await activateByTag(client, 'batch-1');
    expect(rerun.progress).toMatchObject({ total: 5, done: 5, skipped: 5, changed: 0 });
    expect(rerun.results.every((r) => r.reason === 'already active')).toBe(true);
    expect(sim.counters().requestsByOperation.activateEndpoint).toBe(5);
  });

  it('stops taking endpoints when aborted, reports what it did, and a rerun finishes the rest', async () => {
    const client = clientFor(sim, memoryStore(), { concurrency: 1 });
    await stockPool(sim, client, 10);
    const controller = new AbortController();
    const progress: number[] = [];
    const first = await activateByTag(client, 'batch-1', {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done === 3) controller.abort();
      },
    });
    expect(first.aborted).toBe(true);
    expect(first.results.map((r) => r.status)).toEqual(['changed', 'changed', 'changed']);
    expect(progress).toEqual([1, 2, 3]);
    const second = await activateByTag(client, 'batch-1');
    expect(second.progress).toMatchObject({ changed: 7, skipped: 3, failed: 0 });
    expect(second.aborted).toBe(false);
    expect(Object.values(activations(sim))).toEqual(Array(10).fill(1));
  });

  it('skips pre-active endpoints claimed by an allocation', async () => {
    const client = clientFor(sim, memoryStore());
    const [held] = await stockPool(sim, client, 2);
    await client.store.claim({ tag: 'batch-1' }, 'order-7');
    const run = await activateByTag(client, 'batch-1');
    expect(run.results.find((r) => r.iccid === held!.iccid)).toMatchObject({
      status: 'skipped',
      reason: 'claimed by order-7',
    });
    expect(run.progress.changed).toBe(1);
  });

  it('suspends the active endpoints of a tag and resumes them, recording each state', async () => {
    const client = clientFor(sim, memoryStore());
    const pool = await stockPool(sim, client, 4);
    await activateByTag(client, 'batch-1');
    const suspended = await suspendByTag(client, 'batch-1');
    expect(suspended.progress).toMatchObject({ changed: 4, failed: 0 });
    expect(pool.every((p) => sim.getEndpoint(p.endpointId)?.status === 'Suspended')).toBe(true);
    expect((await client.store.counts({ tag: 'batch-1', state: 'suspended' }))[0]?.count).toBe(4);
    const resumed = await resumeByTag(client, 'batch-1');
    expect(resumed.progress).toMatchObject({ changed: 4, failed: 0 });
    expect(pool.every((p) => sim.getEndpoint(p.endpointId)?.status === 'Active')).toBe(true);
  });

  it('records as recovered, without a second change, endpoints the platform already shows in the target state', async () => {
    const client = clientFor(sim, memoryStore());
    const [activated, suspended] = await stockPool(sim, client, 2);
    // A crash between the platform's change and the store write: the platform moved, the store did not.
    sim.admin.setEndpointState(activated!.endpointId, 'Active');
    const run = await activateByTag(client, 'batch-1');
    expect(run.results.find((r) => r.iccid === activated!.iccid)?.status).toBe('recovered');
    expect((await client.store.getByIccid(activated!.iccid))?.state).toBe('active');

    await client.store.transition(suspended!.iccid, 'suspended');
    const resumed = await resumeByTag(client, 'batch-1');
    expect(resumed.results.find((r) => r.iccid === suspended!.iccid)?.status).toBe('recovered');
    expect((await client.store.getByIccid(suspended!.iccid))?.state).toBe('active');
    expect(activations(sim)[suspended!.endpointId]).toBe(1);
  });

  it('reports a refused change as failed with the platform’s reason and records it', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    sim.admin.setEndpointState(stocked!.endpointId, 'Hold');
    const run = await activateByTag(client, 'batch-1');
    expect(run.results[0]).toMatchObject({ status: 'failed', reason: expect.any(String) });
    expect((await client.store.getByIccid(stocked!.iccid))?.lastError).toContain('activate failed');
  });
});
