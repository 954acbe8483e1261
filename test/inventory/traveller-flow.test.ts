import { describe, expect, it } from 'vitest';
import { addEndpointAddons } from '../../src/api/addons.js';
import { createTag } from '../../src/api/tags.js';
import { getEndpointUsage } from '../../src/api/usage.js';
import { allocateEndpoint } from '../../src/inventory/allocate.js';
import { suspendByTag } from '../../src/inventory/bulk-lifecycle.js';
import { inventoryReport } from '../../src/inventory/report.js';
import { syncInventory } from '../../src/inventory/sync.js';
import { collectInventory, tagEndpoints } from '../../src/inventory/tagging.js';
import { createBulkEndpoints } from '../../src/provisioning/bulk.js';
import { memoryStore } from '../../src/store/memory.js';
import { clientFor, useSimulator } from './harness.js';

describe('the traveller purchase flow of docs/traveller-flow.md', () => {
  const { sim } = useSimulator({ sims: 20 });

  it('stocks a tagged batch, allocates for a traveller, adds an add-on, reads usage, suspends and syncs', async () => {
    const client = clientFor(sim, memoryStore(), { defaults: { roamingProfileId: '3017' } });
    const rows = sim
      .listSims()
      .slice(0, 10)
      .map((s, i) => ({ iccid: s.iccid, name: `eu-travel-${i}` }));
    const created = await createBulkEndpoints(client, rows, { tag: 'eu-2026-07' });
    expect(created).toMatchObject({ created: 10, failed: 0 });
    await createTag(client, { tagName: 'eu-2026-07', tagDescription: 'July EU stock' });
    expect(sim.listTags().map((t) => t.tagName)).toEqual(['eu-2026-07']);
    expect((await inventoryReport(client, { tag: 'eu-2026-07' })).tags[0]).toMatchObject({ available: 10 });

    const allocation = await allocateEndpoint(client, { tag: 'eu-2026-07' }, { claimant: 'order-42' });
    expect(allocation.activationCode).toMatch(/^LPA:1\$/);
    await tagEndpoints(client, { endpointIds: [allocation.endpointId] }, ['sold-july']);
    const { addons } = await addEndpointAddons(client, allocation.endpointId, ['EU-5GB-30D']);
    expect(addons).toHaveLength(1);
    const usage = await getEndpointUsage(client, allocation.endpointId, {
      from: '2026-07-01',
      to: '2026-07-02',
    });
    expect(usage.dataUsage).toHaveLength(2);

    const suspended = await suspendByTag(client, 'sold-july');
    expect(suspended.progress).toMatchObject({ total: 1, changed: 1 });
    expect((await inventoryReport(client, { tag: 'eu-2026-07' })).tags[0]).toMatchObject({
      available: 9,
      suspended: 1,
      total: 10,
    });
    const sync = await syncInventory(client, { dryRun: true });
    expect(sync.drift).toEqual([]);
    expect(await collectInventory(client, { tag: 'sold-july' })).toEqual([
      expect.objectContaining({
        endpointId: allocation.endpointId,
        state: 'suspended',
        claimedBy: 'order-42',
      }),
    ]);
  });
});
