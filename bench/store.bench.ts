/**
 * `npm run bench:store`: batched upserts per second and claims per second for every store
 * adapter, side by side. Not a test: numbers depend on the machine.
 *
 * PostgreSQL: the server of SFT_TEST_POSTGRES_URL when set (`source .ci/postgres.sh` starts one),
 * else embedded PGlite over its socket (single session: slower, and said so in the output).
 *
 * Options (environment): BENCH_RECORDS (default 50000), BENCH_BATCH (1000), BENCH_CLAIMS (5000),
 * BENCH_CLAIMERS (8 concurrent claimers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonFileStore, memoryStore } from '../src/store/index.js';
import { postgresStore } from '../src/store/postgres.js';
import { sqliteStore } from '../src/store/sqlite.js';
import type { EndpointStore, EndpointUpsert } from '../src/store/types.js';
import { startTestPostgres } from '../test/store/support/postgres.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 50_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 5_000);
const CLAIMERS = Number(process.env.BENCH_CLAIMERS ?? 8);

interface Result {
  adapter: string;
  records: number;
  upsertsPerSecond: number;
  upsertsPerCpuSecond: number;
  claims: number;
  claimsPerSecond: number;
  target: string;
  note: string;
}

function rows(count: number): EndpointUpsert[] {
  return Array.from({ length: count }, (_, i) => ({
    iccid: `8932${String(i).padStart(15, '0')}`,
    name: `bench-${i}`,
    state: 'pre-active' as const,
    tags: ['bench', `batch-${Math.floor(i / BATCH)}`],
    jobId: 'bench-job',
  }));
}

async function measure(
  adapter: string,
  store: EndpointStore,
  options: { records?: number; target: string; note?: string },
): Promise<Result> {
  const records = rows(options.records ?? RECORDS);
  const startUpserts = performance.now();
  const startCpu = process.cpuUsage();
  for (let i = 0; i < records.length; i += BATCH) await store.upsertMany(records.slice(i, i + BATCH));
  const upsertSeconds = (performance.now() - startUpserts) / 1000;
  const cpu = process.cpuUsage(startCpu);
  const upsertCpuSeconds = (cpu.user + cpu.system) / 1e6;

  const claims = Math.min(CLAIMS, records.length);
  let left = claims;
  const startClaims = performance.now();
  await Promise.all(
    Array.from({ length: CLAIMERS }, async (_, c) => {
      while (left > 0) {
        left -= 1;
        await store.claim({ tag: 'bench' }, `claimer-${c}`);
      }
    }),
  );
  const claimSeconds = (performance.now() - startClaims) / 1000;
  await store.close();
  return {
    adapter,
    records: records.length,
    upsertsPerSecond: Math.round(records.length / upsertSeconds),
    upsertsPerCpuSecond: Math.round(records.length / upsertCpuSeconds),
    claims,
    claimsPerSecond: Math.round(claims / claimSeconds),
    target: options.target,
    note: options.note ?? '',
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sft-store-bench-'));
const results: Result[] = [];
try {
  results.push(await measure('memory', memoryStore(), { target: '≥ 200,000 upserts/s' }));
  results.push(
    await measure('json-file', jsonFileStore(join(dir, 'bench.json')), {
      records: Math.min(RECORDS, 5_000),
      target: '(none; small inventories)',
      note: 'whole file rewritten per change',
    }),
  );
  results.push(await measure('sqlite', sqliteStore(join(dir, 'bench.db')), { target: '≥ 20,000 upserts/s' }));

  const database = await startTestPostgres();
  try {
    const onServer = database.kind === 'server';
    const store = postgresStore(onServer ? database.url : database.target, {
      table: `bench_${process.pid}`,
      poolSize: CLAIMERS,
    });
    results.push(
      await measure(onServer ? 'postgres' : 'postgres (PGlite)', store, {
        target: '≥ 5,000 upserts/s',
        note: onServer
          ? 'real server (SFT_TEST_POSTGRES_URL)'
          : 'SFT_TEST_POSTGRES_URL not set: embedded PGlite, one session; target applies to a real server',
      }),
    );
    await database.query(`DROP TABLE IF EXISTS "bench_${process.pid}", "bench_${process.pid}_migrations"`);
  } finally {
    await database.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nstore bench: batches of ${BATCH}, ${CLAIMERS} concurrent claimers (node ${process.version}, ` +
    `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)})`,
);
console.log(
  "upserts/s is wall-clock; upserts/cpu-s divides by this process's CPU time (it excludes the PostgreSQL\n" +
    "server's own work), which shows an adapter's cost when the machine is shared.\n",
);
console.table(
  results.map((r) => ({
    adapter: r.adapter,
    records: r.records,
    'upserts/s': r.upsertsPerSecond,
    'upserts/cpu-s': r.upsertsPerCpuSecond,
    claims: r.claims,
    'claims/s': r.claimsPerSecond,
    target: r.target,
    note: r.note,
  })),
);
