import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresStore } from '../../src/store/postgres.js';
import type { StoredEndpoint } from '../../src/store/types.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

const onRealServer = Boolean(process.env.SFT_TEST_POSTGRES_URL);
if (!onRealServer) {
  console.warn(
    'SKIPPED postgresStore "64 claimers on 4 hosts" and "locked pool" tests: SFT_TEST_POSTGRES_URL is not set, and ' +
      'PGlite serves a single session, so it cannot run concurrent SKIP LOCKED transactions. Run .ci/run (or source ' +
      '.ci/postgres.sh) to run them.',
  );
}

let database: TestPostgres;
beforeAll(async () => {
  if (onRealServer) database = await startTestPostgres();
});
afterAll(() => database?.stop());

describe('postgresStore shared by many hosts', () => {
  it.skipIf(!onRealServer)(
    'lets 64 claimers on 4 connection pools drain a pool of 1,000 without claiming any endpoint twice',
    async () => {
      const table = `claimers_${process.pid}`;
      const hosts = Array.from({ length: 4 }, () => postgresStore(database.url, { table, poolSize: 16 }));
      try {
        await hosts[0]!.upsertMany(
          Array.from({ length: 1000 }, (_, i) => ({
            iccid: `89320000${String(i).padStart(11, '0')}`,
            name: `pool-${i}`,
            state: 'pre-active' as const,
            tags: ['pool'],
          })),
        );
        const claims = (
          await Promise.all(
            hosts.flatMap((host, h) =>
              Array.from({ length: 16 }, async (_, c) => {
                const mine: StoredEndpoint[] = [];
                for (;;) {
                  try {
                    mine.push(await host.claim({ tag: 'pool' }, `host-${h}/claimer-${c}`));
                  } catch (error) {
                    if ((error as Error).name === 'SftEmptyPoolError') return mine;
                    throw error;
                  }
                }
              }),
            ),
          )
        ).flat();
        expect(claims).toHaveLength(1000);
        expect(new Set(claims.map((c) => c.iccid)).size).toBe(1000);
        const { rows } = await database.query(
          `SELECT count(*)::int AS claimed, count(DISTINCT claimed_by)::int AS claimants FROM "${table}" WHERE claimed_by IS NOT NULL`,
        );
        expect(rows[0].claimed).toBe(1000);
        console.info(`64 claimers: ${rows[0].claimants} distinct claimants got endpoints`);
        for (const claim of claims.slice(0, 50)) {
          expect((await hosts[1]!.getByIccid(claim.iccid))?.claimedBy).toBe(claim.claimedBy);
        }
      } finally {
        await Promise.all(hosts.map((h) => h.close()));
        await database.query(`DROP TABLE IF EXISTS "${table}", "${table}_migrations"`);
      }
    },
  );

  it.skipIf(!onRealServer)(
    'gives up with "unavailable", claiming nothing, when every matching endpoint stays locked by another transaction',
    async () => {
      const table = `locked_${process.pid}`;
      const store = postgresStore(database.url, { table, claimWaitMs: 200 });
      const pg = (await import('pg')).default;
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      try {
        await store.upsert({ iccid: '1', name: 'n', state: 'pre-active', tags: ['pool'] });
        await holder.query('BEGIN');
        await holder.query(`SELECT * FROM "${table}" FOR UPDATE`);
        await expect(store.claim({ tag: 'pool' }, 'me')).rejects.toMatchObject({
          name: 'SftStoreError',
          reason: 'unavailable',
        });
        await holder.query('ROLLBACK');
        expect((await store.getByIccid('1'))?.claimedBy).toBeUndefined();
        expect((await store.claim({ tag: 'pool' }, 'me')).claimedBy).toBe('me');
      } finally {
        await holder.end();
        await store.close();
        await database.query(`DROP TABLE IF EXISTS "${table}", "${table}_migrations"`);
      }
    },
  );
});
