import { describe, expect, it } from 'vitest';
import { SftValidationError } from '../../src/errors.js';
import { inventoryReport } from '../../src/inventory/report.js';
import { collectInventory, tagEndpoints, untagEndpoints } from '../../src/inventory/tagging.js';
import { memoryStore } from '../../src/store/memory.js';

async function storeWith(n: number) {
  const store = memoryStore();
  await store.upsertMany(
    Array.from({ length: n }, (_, i) => ({
      iccid: `8900000000000000${String(i).padStart(3, '0')}`,
      endpointId: `ep-${i}`,
      name: `inv-${i}`,
      state: i % 2 === 0 ? ('pre-active' as const) : ('active' as const),
    })),
  );
  return { store };
}

describe('tagEndpoints / untagEndpoints', () => {
  it('tags endpoints chosen by ICCID, endpoint id and filter, and reports the ones it cannot find', async () => {
    const client = await storeWith(6);
    const result = await tagEndpoints(
      client,
      {
        iccids: ['8900000000000000000', 'nope'],
        endpointIds: ['ep-1', 'ep-missing'],
        filter: { name: 'inv-5' },
      },
      ['batch-1'],
    );
    expect(result).toEqual({ changed: 3, notFound: ['nope', 'ep-missing'] });
    const tagged = await collectInventory(client, { tag: 'batch-1' });
    expect(tagged.map((e) => e.endpointId)).toEqual(['ep-0', 'ep-1', 'ep-5']);
  });

  it('counts only records that actually changed', async () => {
    const client = await storeWith(2);
    await tagEndpoints(client, { endpointIds: ['ep-0'] }, ['a']);
    expect((await tagEndpoints(client, { endpointIds: ['ep-0', 'ep-1'] }, ['a'])).changed).toBe(1);
    expect((await untagEndpoints(client, { endpointIds: ['ep-0', 'ep-1'] }, ['a'])).changed).toBe(2);
    expect(await collectInventory(client, { tag: 'a' })).toEqual([]);
  });

  it('rejects a bad tag before changing anything, naming the tag', async () => {
    const client = await storeWith(1);
    const error = await tagEndpoints(client, { endpointIds: ['ep-0'] }, ['ok', 'bad tag!']).catch((e) => e);
    expect(error).toBeInstanceOf(SftValidationError);
    expect(error.issues).toEqual([{ field: 'tags.1', message: expect.stringContaining('letters, digits') }]);
    expect((await client.store.getByIccid('8900000000000000000'))?.tags).toEqual([]);
  });

  it('lists by tag and state, and the report counts the tag', async () => {
    const client = await storeWith(6);
    await tagEndpoints(client, { filter: {} }, ['batch-1']);
    const preActive = await collectInventory(client, { tag: 'batch-1', state: 'pre-active' });
    expect(preActive.map((e) => e.endpointId)).toEqual(['ep-0', 'ep-2', 'ep-4']);
    const report = await inventoryReport(client, { tag: 'batch-1' });
    expect(report.tags).toEqual([
      expect.objectContaining({ tag: 'batch-1', available: 3, active: 3, total: 6 }),
    ]);
  });
});
