import { describe, expect, it } from 'vitest';
import { activateByTag, resumeByTag, suspendByTag } from '../../src/inventory/bulk-lifecycle.js';
import { memoryStore } from '../../src/store/memory.js';
import { activations, clientFor, stockPool, useSimulator } from './harness.js';

const FAST_RECONCILE = { reconcile: { attempts: 1, delayMs: 0 } };
const FAST_RETRY = { retry: { minDelayMs: 1, maxDelayMs: 20 } };

describe('bulk activation and suspension by tag', () => {
  const { sim } = useSimulator({ sims: 600 });

  it('activates 500 endpoints at 20 TPS with faults in one run, each exactly once', async () => {
    sim.configure({ tps: 20, faults: { serverError: 0.03, lostAfterCommit: 0.03, dropAfterCommit: 0.02 } });
    const client = clientFor(sim, memoryStore(), { maxTps: 20 });
    const pool = await stockPool(sim, client, 500);
    const run = await activateByTag(client, 'batch-1', { ...FAST_RECONCILE, ...FAST_RETRY });

    expect(run.progress).toMatchObject({ total: 500, done: 500, failed: 0, skipped: 0 });
    expect(run.results.map((r) => r.index)).toEqual([...Array(500).keys()]);
    expect(run.results.every((r) => r.status === 'changed' || r.status === 'recovered')).toBe(true);
    expect(new Set(run.results.map((r) => r.endpointId))).toEqual(new Set(pool.map((p) => p.endpointId)));

    const counters = sim.counters();
    expect(counters.faultsInjected.lostAfterCommit + counters.faultsInjected.dropAfterCommit).toBeGreaterThan(
      0,
    );
    expect(run.progress.recovered).toBeGreaterThan(0);
    // 5xx answers are not applied by the simulator: those endpoints were re-sent after reading them back.
    expect(counters.faultsInjected.serverError).toBeGreaterThan(0);
    expect(run.progress.retries).toBeGreaterThan(0);
    expect(run.results.some((r) => r.attempts > 1)).toBe(true);
    const counted = activations(sim);
    expect(Object.keys(counted)).toHaveLength(500);
    expect(Object.values(counted).every((n) => n === 1)).toBe(true);
    expect(sim.listEndpoints().every((e) => e.status === 'Active')).toBe(true);
    expect((await client.store.counts({ tag: 'batch-1', state: 'active' }))[0]?.count).toBe(500);
  }, 120_000);

  it('re-sends a change whose answer was a 5xx only after reading shows it was not applied', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    sim.configure({ faults: { perOperation: { activateEndpoint: { serverError: 1 } } } });
    const reads = () => sim.counters().requestsByOperation.fetchSims ?? 0;
    const activationsSent = () => sim.counters().requestsByOperation.activateEndpoint ?? 0;
    const run = await activateByTag(client, 'batch-1', {
      ...FAST_RECONCILE,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 },
    });
    // Every try failed with a 500 (never applied): 1 send + 2 re-sends, each followed by a read.
    expect(run.results[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(activationsSent()).toBe(3);
    expect(reads()).toBeGreaterThanOrEqual(3);
    expect(run.progress.retries).toBe(2);
    expect(activations(sim)[stocked!.endpointId]).toBeUndefined();
    expect((await client.store.getByIccid(stocked!.iccid))?.state).toBe('pre-active');
  });

  it('does not re-send when reading shows neither the old nor the new state', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    sim.configure({ faults: { perOperation: { activateEndpoint: { serverError: 1 } } } });
    // The platform moved it elsewhere behind our back; the 500 tells nothing, the read says "Suspended".
    sim.admin.setEndpointState(stocked!.endpointId, 'Suspended');
    const run = await activateByTag(client, 'batch-1', { ...FAST_RECONCILE, ...FAST_RETRY });
    expect(run.results[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(sim.counters().requestsByOperation.activateEndpoint).toBe(1);
  });

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

  it('rejects a bad retry policy before reading or sending anything', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 1);
    await expect(activateByTag(client, 'batch-1', { retry: { retries: -1 } })).rejects.toMatchObject({
      name: 'SftValidationError',
      issues: [expect.objectContaining({ field: 'retry.retries' })],
    });
    expect(sim.counters().requestsByOperation.activateEndpoint).toBeUndefined();
  });
});
