import { closedStoreError } from './internal/errors.js';
import { MemoryTable } from './internal/memory-table.js';
import type { EndpointStore } from './types.js';

/**
 * A store that keeps everything in this process's memory: the client's default, for tests and
 * short scripts. Nothing survives the process; use `jsonFileStore` or `sqliteStore` to keep the
 * inventory between runs, `postgresStore` to share it between processes and hosts.
 *
 * Every operation is atomic (it runs without yielding), so concurrent claims within the process
 * never hand out one endpoint twice.
 */
export function memoryStore(): EndpointStore {
  let table: MemoryTable | undefined = new MemoryTable();
  const open = (operation: string): MemoryTable => {
    if (table === undefined) throw closedStoreError(operation);
    return table;
  };
  return {
    getByEndpointId: async (endpointId) => open('getByEndpointId').getByEndpointId(endpointId),
    getByIccid: async (iccid) => open('getByIccid').getByIccid(iccid),
    findByName: async (name) => open('findByName').findByName(name),
    upsert: async (record) => open('upsert').upsert(record),
    upsertMany: async (records) => open('upsertMany').upsertMany(records),
    list: async (filter, options) => open('list').list(filter, options),
    addTags: async (iccids, tags) => open('addTags').addTags(iccids, tags),
    removeTags: async (iccids, tags) => open('removeTags').removeTags(iccids, tags),
    transition: async (iccid, state, options) => open('transition').transition(iccid, state, options),
    claim: async (criteria, claimant) => open('claim').claim(criteria, claimant),
    release: async (iccid, claimant) => open('release').release(iccid, claimant),
    counts: async (filter) => open('counts').counts(filter),
    close: async () => {
      table = undefined;
    },
  };
}
