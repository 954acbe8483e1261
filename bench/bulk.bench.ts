/**
 * Bulk provisioning benchmark (not a test), all against the HTTP simulator, in one run:
 *
 * 1. Pacing: 2,000 endpoints at 20 TPS and 200 endpoints at 2 TPS, 400 ms median latency, through
 *    `createBulkEndpoints` (client defaults: starts at 2 TPS, follows `X-Rate-Limit-TPS`), and the
 *    2,000 @ 20 TPS workload through two naive baselines: a p-limit(8) loop with p-retry, and p-queue
 *    with interval pacing. Targets for the SDK: achieved rate ≥ 0.95 × TPS, 429s ≤ 1% of requests.
 *    Runs go one at a time, each against a fresh simulator (its own account limit).
 * 2. Memory: 100,000 and 10,000 rows streamed from a CSV file (rate limit off, zero latency, SQLite
 *    journal), each in a child process that reports its peak RSS. Target: peak(100k) ≤ 1.5 × peak(10k).
 *
 *   npm run bench:bulk
 *   BENCH_SKIP_MEMORY=1 npm run bench:bulk     # pacing only
 *   BENCH_SKIP_PACING=1 npm run bench:bulk     # memory only
 *   BENCH_SKIP_BASELINES=1 npm run bench:bulk  # no p-limit / p-queue runs
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import pRetry from 'p-retry';
import { createEndpoint } from '../src/api/endpoints.js';
import { createSftClient, type SftClient, type SftClientOptions } from '../src/client.js';
import { createBulkEndpoints } from '../src/provisioning/bulk.js';
import { memoryStore } from '../src/store/memory.js';
import { sqliteStore } from '../src/store/sqlite.js';
import { type RunningSftSimulator, startSftSimulator } from '../src/testing/server.js';
import { unpaced } from '../src/transport/pacer.js';
import type { CreateEndpointInput } from '../src/types.js';

const SELF = fileURLToPath(import.meta.url);
const LATENCY_MS = 400;

interface Workload {
  label: string;
  endpoints: number;
  tps: number;
}

interface Measure {
  runner: string;
  durationS: number;
  requests: number;
  rateLimited: number;
  created: number;
  failed: number;
  achievedTps: number;
}

function clientOf(running: RunningSftSimulator, extra: Partial<SftClientOptions>): SftClient {
  return createSftClient({
    credentials: running.credentials,
    baseUrl: running.url,
    store: memoryStore(),
    defaults: { roamingProfileId: '3017' },
    ...extra,
  });
}

function rowsOf(running: RunningSftSimulator, n: number): CreateEndpointInput[] {
  return running.sim
    .listSims()
    .slice(0, n)
    .map((s, i) => ({ name: `bench-${i}`, iccid: s.iccid }));
}

function measureOf(
  runner: string,
  running: RunningSftSimulator,
  startedAt: number,
  created: number,
  failed: number,
): Measure {
  const durationS = (performance.now() - startedAt) / 1000;
  const c = running.sim.counters();
  const requests = Object.values(c.requestsByOperation).reduce((a, b) => a + (b ?? 0), 0);
  return {
    runner,
    durationS,
    requests,
    rateLimited: c.rateLimited,
    created,
    failed,
    achievedTps: (requests - c.rateLimited) / durationS,
  };
}

/** The SDK: client defaults (start at 2 TPS, follow X-Rate-Limit-TPS), automatic concurrency. */
async function runSdk(running: RunningSftSimulator, rows: CreateEndpointInput[]): Promise<Measure> {
  const client = clientOf(running, {});
  const t0 = performance.now();
  const summary = await createBulkEndpoints(client, rows);
  return measureOf('createBulkEndpoints', running, t0, summary.created + summary.recovered, summary.failed);
}

/** Naive baseline 1: p-limit(8) over every row, each create wrapped in p-retry (defaults), no pacing. */
async function runPLimit(running: RunningSftSimulator, rows: CreateEndpointInput[]): Promise<Measure> {
  const client = clientOf(running, { pacer: unpaced, retry: { retries: 0 } });
  const limit = pLimit(8);
  const t0 = performance.now();
  let created = 0;
  let failed = 0;
  await Promise.all(
    rows.map((row) =>
      limit(() =>
        pRetry(() => createEndpoint(client, row), { retries: 10, minTimeout: 250 }).then(
          () => created++,
          () => failed++,
        ),
      ),
    ),
  );
  return measureOf('p-limit(8) + p-retry', running, t0, created, failed);
}

/** Naive baseline 2: p-queue with interval pacing at the account's TPS, each create wrapped in p-retry. */
async function runPQueue(
  running: RunningSftSimulator,
  rows: CreateEndpointInput[],
  tps: number,
): Promise<Measure> {
  const client = clientOf(running, { pacer: unpaced, retry: { retries: 0 } });
  const queue = new PQueue({ interval: 1000, intervalCap: tps });
  const t0 = performance.now();
  let created = 0;
  let failed = 0;
  for (const row of rows) {
    void queue.add(() =>
      pRetry(() => createEndpoint(client, row), { retries: 10, minTimeout: 250 }).then(
        () => created++,
        () => failed++,
      ),
    );
  }
  await queue.onIdle();
  return measureOf(`p-queue(interval 1 s, cap ${tps}) + p-retry`, running, t0, created, failed);
}

/** One runner on one workload, against a simulator of its own (its own account limit). */
async function onFreshSimulator(
  w: Workload,
  run: (running: RunningSftSimulator, rows: CreateEndpointInput[]) => Promise<Measure>,
): Promise<Measure> {
  const running = await startSftSimulator({ tps: w.tps, sims: w.endpoints, latencyMs: LATENCY_MS, seed: 7 });
  try {
    return await run(running, rowsOf(running, w.endpoints));
  } finally {
    await running.close();
  }
}

function printPacing({ w, results }: { w: Workload; results: Measure[] }): boolean {
  console.log(
    `\n== ${w.label}: ${w.endpoints} endpoints at ${w.tps} TPS, ${LATENCY_MS} ms median latency ==`,
  );
  const sdk = results[0]!;
  console.log(
    [
      'runner'.padEnd(42),
      'time s'.padStart(8),
      'ok'.padStart(6),
      'failed'.padStart(7),
      'requests'.padStart(9),
      '429s'.padStart(6),
      '429 %'.padStart(7),
      'TPS'.padStart(7),
      '÷ limit'.padStart(8),
      'SDK ÷ it'.padStart(9),
    ].join(' '),
  );
  for (const m of results) {
    console.log(
      [
        m.runner.padEnd(42),
        m.durationS.toFixed(1).padStart(8),
        String(m.created).padStart(6),
        String(m.failed).padStart(7),
        String(m.requests).padStart(9),
        String(m.rateLimited).padStart(6),
        ((100 * m.rateLimited) / Math.max(1, m.requests)).toFixed(2).padStart(7),
        m.achievedTps.toFixed(2).padStart(7),
        (m.achievedTps / w.tps).toFixed(3).padStart(8),
        (sdk.achievedTps / m.achievedTps).toFixed(2).padStart(9),
      ].join(' '),
    );
  }
  const rateOk = sdk.achievedTps >= 0.95 * w.tps;
  const limitedOk = sdk.rateLimited <= 0.01 * sdk.requests;
  console.log(
    `SDK: achieved ${(sdk.achievedTps / w.tps).toFixed(3)} × TPS (target ≥ 0.95: ${rateOk ? 'PASS' : 'FAIL'}), ` +
      `429s ${((100 * sdk.rateLimited) / sdk.requests).toFixed(2)}% (target ≤ 1%: ${limitedOk ? 'PASS' : 'FAIL'})`,
  );
  console.log(
    '(TPS = answered requests without a 429 ÷ wall time from start to last result, login included; the tail\n' +
      ' of the last answers and the start at 2 TPS before the platform announces its limit are counted.)',
  );
  return rateOk && limitedOk && sdk.failed === 0;
}

/** Child: provisions the rows of a CSV stream into a SQLite journal, prints its peak RSS as JSON. */
async function memoryChild(url: string, csv: string, db: string): Promise<void> {
  const store = sqliteStore(db);
  const client = createSftClient({
    credentials: { username: 'demo-enterprise', password: 'demo-password' },
    baseUrl: url,
    store,
    pacer: unpaced,
    defaults: { roamingProfileId: '3017' },
  });
  async function* rows(): AsyncGenerator<CreateEndpointInput> {
    const lines = createInterface({ input: createReadStream(csv), crlfDelay: Number.POSITIVE_INFINITY });
    let header = true;
    for await (const line of lines) {
      if (header || line === '') {
        header = false;
        continue;
      }
      const [iccid, name] = line.split(',');
      yield { iccid: iccid!, name: name! };
    }
  }
  const t0 = performance.now();
  const summary = await createBulkEndpoints(client, rows());
  await store.close();
  process.stdout.write(
    `${JSON.stringify({
      rows: summary.total,
      created: summary.created,
      failed: summary.failed,
      seconds: (performance.now() - t0) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

async function memoryRun(
  n: number,
  dir: string,
): Promise<{ rows: number; created: number; failed: number; seconds: number; peakRssMb: number }> {
  const running = await startSftSimulator({ tps: 0, sims: n, seed: 11 });
  try {
    const csv = join(dir, `rows-${n}.csv`);
    writeFileSync(csv, running.sim.inventoryCsv());
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SELF, '--memory-child', running.url, csv, join(dir, `journal-${n}.db`)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`memory child for ${n} rows exited with ${code}`);
    return JSON.parse(out.trim().split('\n').at(-1)!);
  } finally {
    await running.close();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--memory-child') {
    await memoryChild(process.argv[3]!, process.argv[4]!, process.argv[5]!);
    return;
  }
  console.log(`bulk provisioning benchmark — node ${process.version}, ${new Date().toISOString()}`);
  let ok = true;
  if (!process.env.BENCH_SKIP_PACING) {
    // One run at a time, so that no run steals another's CPU (timers, parsing) and skews its rate.
    const large: Workload = { label: 'large', endpoints: 2_000, tps: 20 };
    const small: Workload = { label: 'default limit', endpoints: 200, tps: 2 };
    const largeSdk = await onFreshSimulator(large, runSdk);
    const smallSdk = await onFreshSimulator(small, runSdk);
    const baselines = process.env.BENCH_SKIP_BASELINES
      ? []
      : [
          await onFreshSimulator(large, runPLimit),
          await onFreshSimulator(large, (r, rows) => runPQueue(r, rows, large.tps)),
        ];
    ok = printPacing({ w: large, results: [largeSdk, ...baselines] }) && ok;
    ok = printPacing({ w: small, results: [smallSdk] }) && ok;
  }
  if (!process.env.BENCH_SKIP_MEMORY) {
    const dir = mkdtempSync(join(tmpdir(), 'sft-bulk-bench-'));
    try {
      console.log(
        '\n== memory: rows streamed from a CSV file, rate limit off, zero latency, SQLite journal ==',
      );
      const smallRows = Number(process.env.BENCH_MEMORY_SMALL ?? 10_000);
      const largeRows = smallRows * 10;
      const small = await memoryRun(smallRows, dir);
      console.log(`${smallRows} rows: ${JSON.stringify(small)}`);
      const large = await memoryRun(largeRows, dir);
      console.log(`${largeRows} rows: ${JSON.stringify(large)}`);
      const ratio = large.peakRssMb / small.peakRssMb;
      const memOk = ratio <= 1.5 && large.failed === 0 && small.failed === 0;
      console.log(
        `peak RSS ratio ${largeRows} ÷ ${smallRows} rows = ${ratio.toFixed(2)} (target ≤ 1.5: ${memOk ? 'PASS' : 'FAIL'})`,
      );
      ok = memOk && ok;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(ok ? '\nall targets met' : '\nsome targets missed');
  process.exitCode = ok ? 0 : 1;
}

await main();
