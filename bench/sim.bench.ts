/**
 * Throughput of the HTTP simulator (not a test): requests/s with the rate limit off and zero latency,
 * keep-alive connections, over a concurrency sweep. The server runs in a child process so that the
 * load generator does not steal its CPU. Target: >= 2,000 requests/s on a 2-core machine.
 *
 *   npm run bench:sim            # default: 2 s per step
 *   BENCH_SECONDS=5 npm run bench:sim
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startSftSimulator } from '../src/testing/server.js';

const SIMS = 60_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONCURRENCY = [1, 4, 16, 64];

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

async function serve(): Promise<void> {
  const server = await startSftSimulator({ tps: 0, sims: SIMS, seed: 1 });
  const iccids = server.sim.listSims().map((s) => s.iccid);
  process.send?.({ url: server.url, credentials: server.credentials, iccids });
  process.on('message', async (message) => {
    if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
}

function send(
  agent: Agent,
  base: URL,
  token: string | undefined,
  call: Call,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: call.method,
        path: call.path,
        headers: {
          'Content-Type': 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
          ...(token ? { 'X-Authorization': `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

async function measure(
  base: URL,
  token: string,
  concurrency: number,
  next: () => Call,
): Promise<{ rps: number; errors: number; p50: number; p99: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const answer = await send(agent, base, token, next());
        latencies.push(performance.now() - t0);
        if (answer.status !== 200 || !answer.body.includes('"resultCode":"0"')) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / elapsed, errors, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; credentials: unknown; iccids: string[] }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string; credentials: unknown; iccids: string[] })),
  );
  const base = new URL(ready.url);
  const agent = new Agent({ keepAlive: true });
  const login = await send(agent, base, undefined, {
    method: 'POST',
    path: '/api/login',
    body: JSON.stringify(ready.credentials),
  });
  const token = (JSON.parse(login.body) as { AccessToken: string }).AccessToken;
  agent.destroy();

  let readIndex = 0;
  let createIndex = 0;
  const scenarios: Record<string, () => Call> = {
    'fetchSIM?iccid (read)': () => ({
      method: 'GET',
      path: `/api/fetchSIM?iccid=${ready.iccids[readIndex++ % ready.iccids.length]}&page=1&perPage=1`,
    }),
    'CreateEndPoint (write)': () => ({
      method: 'POST',
      path: '/api/CreateEndPoint',
      body: JSON.stringify({
        Request: {
          requestParam: {
            name: `bench-${createIndex}`,
            isLinkSIM: 'true',
            iccid: ready.iccids[createIndex++],
            roamingProfileId: '3017',
            isDefaultActivation: 'false',
          },
        },
      }),
    }),
  };

  console.log(`SFT simulator over HTTP: tps off, latency 0, keep-alive, ${SECONDS} s per step, ${SIMS} SIMs`);
  console.log('scenario                  concurrency   req/s   p50 ms   p99 ms   errors');
  let best = 0;
  for (const [name, next] of Object.entries(scenarios)) {
    for (const concurrency of CONCURRENCY) {
      if (name.startsWith('CreateEndPoint') && createIndex >= ready.iccids.length) break;
      const r = await measure(base, token, concurrency, next);
      best = Math.max(best, r.rps);
      console.log(
        `${name.padEnd(26)}${String(concurrency).padStart(11)}${r.rps.toFixed(0).padStart(8)}${r.p50.toFixed(2).padStart(9)}${r.p99.toFixed(2).padStart(9)}${String(r.errors).padStart(9)}`,
      );
    }
  }
  console.log(`best: ${best.toFixed(0)} req/s (target >= 2000): ${best >= 2000 ? 'met' : 'NOT met'}`);
  child.send('stop');
}

if (process.argv.includes('--serve')) {
  await serve();
} else {
  await main();
}
