import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftClient } from '../../src/client.js';
import { allocateEndpoint } from '../../src/inventory/allocate.js';
import { syncInventory } from '../../src/inventory/sync.js';
import { memoryStore } from '../../src/store/memory.js';
import { type RunningSftSimulator, startSftSimulator } from '../../src/testing/server.js';
import { activations, stockPool } from './harness.js';

describe('allocation over the HTTP simulator (real sockets)', () => {
  let server: RunningSftSimulator;
  beforeAll(async () => {
    server = await startSftSimulator({ tps: 0, sims: 20 });
  });
  afterAll(() => server.close());

  it('recovers lost and dropped activation answers without a second activation, and sync finds no drift', async () => {
    const client = createSftClient({
      credentials: server.credentials,
      baseUrl: server.url,
      store: memoryStore(),
      maxTps: 1000,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
    });
    const pool = await stockPool(server.sim, client, 3);
    server.sim.failNext({ kind: 'lostAfterCommit', operation: 'activateEndpoint' });
    const first = await allocateEndpoint(client, { tag: 'batch-1' }, { reconcile: { delayMs: 0 } });
    server.sim.failNext({ kind: 'dropAfterCommit', operation: 'activateEndpoint' });
    const second = await allocateEndpoint(client, { tag: 'batch-1' }, { reconcile: { delayMs: 0 } });
    const third = await allocateEndpoint(client, { tag: 'batch-1' });

    expect([first.recovered, second.recovered, third.recovered]).toEqual([true, true, false]);
    expect(server.sim.counters().faultsInjected).toMatchObject({ lostAfterCommit: 1, dropAfterCommit: 1 });
    expect(server.sim.counters().requestsByOperation.activateEndpoint).toBe(3);
    expect(activations(server.sim)).toEqual(Object.fromEntries(pool.map((p) => [p.endpointId, 1])));
    expect((await syncInventory(client, { dryRun: true })).drift).toEqual([]);
  });
});
