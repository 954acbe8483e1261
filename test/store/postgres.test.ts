import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POSTGRES_IDENTIFIER } from '../../src/store/internal/postgres-schema.js';
import { postgresStore } from '../../src/store/postgres.js';
import type { EndpointStore } from '../../src/store/types.js';
import { HOSTILE_VALUES, runStoreConformance } from '../../src/testing/store-conformance.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

let database: TestPostgres;
beforeAll(async () => {
  database = await startTestPostgres();
  console.info(
    database.kind === 'server'
      ? `postgresStore tests: real PostgreSQL server (SFT_TEST_POSTGRES_URL)`
      : 'postgresStore tests: SFT_TEST_POSTGRES_URL is not set, running the same SQL on embedded PGlite through the pg driver',
  );
});
afterAll(() => database?.stop());

const tables = new WeakMap<EndpointStore, string>();
let counter = 0;

function newStore(table = `conformance_${process.pid}_${++counter}`): EndpointStore {
  const store = postgresStore(database.target, { table });
  tables.set(store, table);
  return store;
}

async function dropTables(store: EndpointStore): Promise<void> {
  const table = tables.get(store)!;
  await database.query(`DROP TABLE IF EXISTS "${table}", "${table}_migrations"`);
}

runStoreConformance({
  name: 'postgresStore',
  harness: { describe, it },
  create: () => newStore(),
  reopen: (store) => newStore(tables.get(store)),
  destroy: dropTables,
});

describe('postgresStore below its API (SQL)', () => {
  it('stores hostile values verbatim in the columns, tags as a text[] in order', async () => {
    const store = newStore();
    try {
      await store.upsert({
        iccid: '1',
        name: HOSTILE_VALUES[1]!,
        state: 'pre-active',
        tags: [...HOSTILE_VALUES],
      });
      const table = tables.get(store)!;
      const { rows } = await database.query(`SELECT name, tags FROM "${table}" WHERE iccid = '1'`);
      expect(rows[0]).toEqual({ name: HOSTILE_VALUES[1], tags: HOSTILE_VALUES });
    } finally {
      await store.close();
      await dropTables(store);
    }
  });

  it('enforces one record per ICCID and per endpoint id with database constraints', async () => {
    const store = newStore();
    try {
      await store.upsert({ iccid: '1', name: 'n', state: 'pre-active', endpointId: 'EP-1' });
      const table = tables.get(store)!;
      await expect(
        database.query(`INSERT INTO "${table}" (iccid, name, state, endpoint_id, created_at, updated_at)
          VALUES ('2', 'n', 'pre-active', 'EP-1', now(), now())`),
      ).rejects.toThrow(/unique|duplicate/i);
      await expect(
        database.query(`INSERT INTO "${table}" (iccid, name, state, created_at, updated_at)
          VALUES ('1', 'n', 'pre-active', now(), now())`),
      ).rejects.toThrow(/unique|duplicate/i);
    } finally {
      await store.close();
      await dropTables(store);
    }
  });

  it('rejects a table or schema name that is not a plain identifier, naming the option', () => {
    for (const [options, field] of [
      [{ table: 'x"; DROP TABLE sft_endpoints; --' }, 'table'],
      [{ table: 'a'.repeat(MAX_POSTGRES_IDENTIFIER + 1) }, 'table'],
      [{ schema: 'public.evil' }, 'schema'],
      [{ schema: '' }, 'schema'],
    ] as const) {
      expect(() => postgresStore(database.target, options)).toThrow(
        expect.objectContaining({ name: 'SftValidationError', issues: [expect.objectContaining({ field })] }),
      );
    }
  });

  it('keeps every derived name whole at the longest allowed table name (PostgreSQL truncates at 63 bytes)', async () => {
    const table = `t${process.pid}`.padEnd(MAX_POSTGRES_IDENTIFIER, 'x');
    const store = newStore(table);
    try {
      await store.upsert({ iccid: '1', name: 'n', state: 'pre-active', endpointId: 'EP-1' });
      const { rows } = await database.query(
        `SELECT conname FROM pg_constraint WHERE conrelid = '"${table}"'::regclass AND contype = 'u'`,
      );
      expect(rows).toEqual([{ conname: `${table}_endpoint_id_unique` }]);
    } finally {
      await store.close();
      await dropTables(store);
    }
  });

  it('creates its schema once, even when many stores start at the same time', async () => {
    const table = `migrate_${process.pid}`;
    const stores = Array.from({ length: 4 }, () => newStore(table));
    try {
      await Promise.all(stores.map((s, i) => s.upsert({ iccid: String(i), name: 'n', state: 'pre-active' })));
      const { rows } = await database.query(`SELECT version FROM "${table}_migrations"`);
      expect(rows).toEqual([{ version: 1 }]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await dropTables(stores[0]!);
    }
  });
});
