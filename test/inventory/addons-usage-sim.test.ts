import { describe, expect, it } from 'vitest';
import { addEndpointAddons, modifyEndpointAddons, removeEndpointAddons } from '../../src/api/addons.js';
import { getEndpointUsage } from '../../src/api/usage.js';
import { SftApiError } from '../../src/errors.js';
import { allocateEndpoint } from '../../src/inventory/allocate.js';
import { memoryStore } from '../../src/store/memory.js';
import { clientFor, stockPool, useSimulator } from './harness.js';

describe('add-ons and usage against the simulator (unverified calls)', () => {
  const { sim } = useSimulator({ sims: 10 });

  it('subscribes add-ons to an allocated endpoint and removes one by its unique id', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 1);
    const { endpointId } = await allocateEndpoint(client, { tag: 'batch-1' });
    const added = await addEndpointAddons(client, endpointId, ['EU-1GB', 'EU-5GB']);
    expect(added.addons?.map((a) => a.addonPlanId)).toEqual(['EU-1GB', 'EU-5GB']);
    const removed = await removeEndpointAddons(client, endpointId, [added.addons![0]!.uniqueId]);
    expect(removed.addons?.map((a) => a.addonPlanId)).toEqual(['EU-5GB']);
    expect(sim.getEndpoint(endpointId)?.addons.map((a) => a.addonPlanId)).toEqual(['EU-5GB']);
  });

  it('gets the platform’s refusal when the endpoint already holds 15 add-ons', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    const fifteen = Array.from({ length: 15 }, (_, i) => `plan-${i}`);
    await modifyEndpointAddons(client, stocked!.endpointId, { add: fifteen });
    const error = await addEndpointAddons(client, stocked!.endpointId, ['one-more']).catch((e) => e);
    expect(error).toBeInstanceOf(SftApiError);
    expect(sim.getEndpoint(stocked!.endpointId)?.addons).toHaveLength(15);
  });

  it('reads daily data usage of an endpoint over a period', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 1);
    const { endpointId } = await allocateEndpoint(client, { tag: 'batch-1' });
    const usage = await getEndpointUsage(client, endpointId, { from: '2026-07-01', to: '20260703' });
    expect(usage.dataUsage.map((d) => d.date)).toEqual(['20260701', '20260702', '20260703']);
    expect(usage.dataUsage.every((d) => typeof d.totalVolume === 'number')).toBe(true);
  });
});
