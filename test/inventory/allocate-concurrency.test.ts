import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SftEmptyPoolError } from '../../src/errors.js';
import { allocateEndpoint } from '../../src/inventory/allocate.js';
import { postgresStore } from '../../src/store/postgres.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import type { EndpointStore } from '../../src/store/types.js';
import { startTestPostgres, type TestPostgres } from '../store/support/postgres.js';
import { activations, clientFor, stockPool, useSimulator } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-inventory-'));
let postgres: TestPostgres | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await postgres?.stop();
});

/** Two store instances over one database: two "processes" allocating from the same pool. */
interface SharedStoreFactory {
  name: string;
  open(): Promise<{ stores: [EndpointStore, EndpointStore]; close(): Promise<void> }>;
}

let databases = 0;
const factories: SharedStoreFactory[] = [
  {
    name: 'SQLite (two connections to one file)',
    open: async () => {
      const file = join(dir, `pool-${databases++}.db`);
      const stores: [EndpointStore, EndpointStore] = [sqliteStore(file), sqliteStore(file)];
      return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
    },
  },
  {
    name: 'PostgreSQL (two stores on one table; SFT_TEST_POSTGRES_URL, else PGlite)',
    open: async () => {
      if (postgres === undefined) {
        postgres = await startTestPostgres();
        console.info(
          postgres.kind === 'server'
            ? 'allocation on PostgreSQL: real server (SFT_TEST_POSTGRES_URL)'
            : 'allocation on PostgreSQL: SFT_TEST_POSTGRES_URL is not set, using embedded PGlite through pg',
        );
      }
      const db = postgres;
      const table = `inventory_alloc_${process.pid}_${databases++}`;
      const stores: [EndpointStore, EndpointStore] = [
        postgresStore(db.target, { table }),
        postgresStore(db.target, { table }),
      ];
      return {
        stores,
        close: async () => {
          await Promise.all(stores.map((s) => s.close()));
          await db.query(`DROP TABLE IF EXISTS "${table}", "${table}_migrations"`);
        },
      };
    },
  },
];

describe.each(factories)('50 concurrent allocations from a pool of 40 on $name', (factory) => {
  const { sim } = useSimulator();

  it('allocates 40 distinct endpoints, each activated exactly once, and refuses 10 with SftEmptyPoolError', async () => {
    const { stores, close } = await factory.open();
    try {
      const clients = stores.map((store) => clientFor(sim, store));
      const pool = await stockPool(sim, clients[0]!, 40);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          allocateEndpoint(clients[i % 2]!, { tag: 'batch-1' }, { claimant: `order-${i}` }),
        ),
      );
      const allocated = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(allocated).toHaveLength(40);
      expect(new Set(allocated.map((a) => a.endpointId)).size).toBe(40);
      expect(new Set(allocated.map((a) => a.endpointId))).toEqual(new Set(pool.map((p) => p.endpointId)));
      expect(refused).toHaveLength(10);
      for (const error of refused) expect(error).toBeInstanceOf(SftEmptyPoolError);

      const counted = activations(sim);
      expect(Object.keys(counted)).toHaveLength(40);
      expect(Object.values(counted).every((n) => n === 1)).toBe(true);
      expect(sim.counters().requestsByOperation.activateEndpoint).toBe(40);
      const active = await stores[1].counts({ tag: 'batch-1', state: 'active' });
      expect(active.reduce((sum, c) => sum + c.count, 0)).toBe(40);
    } finally {
      await close();
    }
  });
});
