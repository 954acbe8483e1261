import { describe, expect, it } from 'vitest';
import type { SftClient } from '../../src/client.js';
import type { PlatformSource } from '../../src/inventory/platform-endpoints.js';
import { syncInventory } from '../../src/inventory/sync.js';
import { collectInventory } from '../../src/inventory/tagging.js';
import { memoryStore } from '../../src/store/memory.js';
import type { SftSimulator } from '../../src/testing/simulator.js';
import { clientFor, stockPool, useSimulator } from './harness.js';

/** Drift behind the SDK's back: one endpoint created directly (portal), one deleted, one suspended. */
async function injectDrift(sim: SftSimulator, client: SftClient) {
  const pool = await stockPool(sim, client, 6);
  const [deleted, suspended] = pool;
  const free = sim.listSims().find((s) => s.status === 'Ready To Activate' && !s.endpointId)!;
  const strangerId = sim.admin.createEndpoint({ name: 'made-in-portal', iccid: free.iccid });
  sim.admin.deleteEndpoint(deleted!.endpointId);
  sim.admin.setEndpointState(suspended!.endpointId, 'Suspended');
  return {
    deleted: deleted!,
    suspended: suspended!,
    stranger: { endpointId: strangerId, iccid: free.iccid },
  };
}

describe.each<PlatformSource>(['endpoints', 'sims'])('syncInventory reading %s', (source) => {
  const { sim } = useSimulator({ sims: 50 });

  it('reports drift injected behind the SDK’s back in a dry run, and changes nothing', async () => {
    const client = clientFor(sim, memoryStore());
    const { deleted, suspended, stranger } = await injectDrift(sim, client);
    const before = await collectInventory(client);

    const report = await syncInventory(client, { dryRun: true, source, perPage: 4 });
    expect(report.dryRun).toBe(true);
    expect(report.counts).toEqual({ missingOnPlatform: 1, unknownToStore: 1, stateMismatch: 1 });
    expect(report.repaired).toBe(0);
    expect(report.drift).toEqual([
      expect.objectContaining({ kind: 'missing-on-platform', stored: expect.objectContaining(deleted) }),
      expect.objectContaining({ kind: 'unknown-to-store', platform: expect.objectContaining(stranger) }),
      expect.objectContaining({
        kind: 'state-mismatch',
        stored: expect.objectContaining({ ...suspended, state: 'pre-active' }),
        platform: expect.objectContaining({ state: 'suspended' }),
      }),
    ]);
    expect(await collectInventory(client)).toEqual(before);
  });

  it('repairs the store in a real run, after which no drift is left', async () => {
    const client = clientFor(sim, memoryStore());
    const { deleted, suspended, stranger } = await injectDrift(sim, client);

    const report = await syncInventory(client, { source, perPage: 4 });
    expect(report.repaired).toBe(3);
    expect(await client.store.getByIccid(deleted.iccid)).toMatchObject({
      state: 'deleted',
      lastError: expect.stringContaining('gone from the platform'),
    });
    expect((await client.store.getByIccid(suspended.iccid))?.state).toBe('suspended');
    expect(await client.store.getByIccid(stranger.iccid)).toMatchObject({
      endpointId: stranger.endpointId,
      state: 'pre-active',
      tags: [],
    });
    expect((await client.store.getByIccid(suspended.iccid))?.tags).toEqual(['batch-1']);

    const after = await syncInventory(client, { dryRun: true, source });
    expect(after.drift).toEqual([]);
  });
});

describe('syncInventory while another run creates endpoints', () => {
  const { sim } = useSimulator({ sims: 50 });

  it('does not mark deleted an endpoint created between its store and platform reads', async () => {
    const inner = memoryStore();
    let injected: { iccid: string; endpointId: string } | undefined;
    // A concurrent bulk run creates an endpoint (platform, then store) while sync reads the store.
    const store: typeof inner = Object.assign(Object.create(inner) as typeof inner, {
      list: async (...args: Parameters<typeof inner.list>) => {
        if (injected === undefined) {
          const free = sim.listSims().find((s) => s.status === 'Ready To Activate' && !s.endpointId)!;
          const endpointId = sim.admin.createEndpoint({ name: 'concurrent-0', iccid: free.iccid });
          injected = { iccid: free.iccid, endpointId };
          await inner.upsert({ ...injected, name: 'concurrent-0', state: 'pre-active', tags: ['batch-1'] });
        }
        return inner.list(...args);
      },
    });
    const client = clientFor(sim, store);
    await stockPool(sim, client, 3);
    const report = await syncInventory(client);
    expect(report.drift.filter((d) => d.kind === 'missing-on-platform')).toEqual([]);
    expect(await inner.getByIccid(injected!.iccid)).toMatchObject({ state: 'pre-active', tags: ['batch-1'] });
  });
});
