// `npm run demo`: the whole product in one minute, with no account and no network.
//
// 1. builds dist/ if it is missing or stale (a fresh clone needs only `npm install`);
// 2. starts the local SFT simulator over HTTP, with 5,000 SIMs;
// 3. writes those SIMs to a CSV file and provisions them, tagged batch-1, into the embedded SQLite
//    store with the real `sft-endpoints` bin (progress bar on a terminal);
// 4. allocates and activates one endpoint for a traveller;
// 5. prints the inventory report and stops the simulator.
//
// Options (environment): DEMO_SIMS (default 5000), DEMO_TPS (simulated rate limit, default 400),
// DEMO_DIR (where the CSV and the SQLite file go; default a new folder under .tmp/).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, root } from './ensure-built.mjs';

const sims = Number(process.env.DEMO_SIMS ?? 5000);
const tps = Number(process.env.DEMO_TPS ?? 400);
const dir = process.env.DEMO_DIR ?? join(root, '.tmp', `demo-${Date.now()}`);

function step(text) {
  process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}

/** Runs the real bin; resolves to its exit code. */
function cli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

async function main() {
  ensureBuilt();
  const { startSftSimulator } = await import('../dist/testing.js');
  mkdirSync(dir, { recursive: true });

  step(`Starting the SFT simulator (${sims} SIMs, ${tps} requests/s per account)`);
  const simulator = await startSftSimulator({ port: 0, sims, tps, seed: 7, latencyMs: 2 });
  const stop = async () => {
    await simulator.close();
  };
  process.once('SIGINT', () => {
    stop().finally(() => process.exit(130));
  });
  try {
    process.stdout.write(`Simulator at ${simulator.url}, demo account ${simulator.credentials.username}\n`);
    const csv = join(dir, 'sims.csv');
    writeFileSync(csv, simulator.sim.inventoryCsv());
    const env = {
      SFT_BASE_URL: simulator.url,
      SFT_USERNAME: simulator.credentials.username,
      SFT_PASSWORD: simulator.credentials.password,
      SFT_STORE: `sqlite:${join(dir, 'sft-inventory.db')}`,
      SFT_ROAMING_PROFILE_ID: 'DEFAULT',
    };
    process.stdout.write(`Wrote ${sims} SIMs to ${csv}\n`);

    step('sft-endpoints provision --input sims.csv --tag batch-1');
    const provisioned = await cli(
      ['provision', '--input', csv, '--tag', 'batch-1', '--max-tps', String(tps)],
      env,
    );
    if (provisioned !== 0) throw new Error(`provision exited with ${provisioned}`);

    step('A traveller buys connectivity: sft-endpoints allocate --tag batch-1');
    const allocated = await cli(['allocate', '--tag', 'batch-1'], env);
    if (allocated !== 0) throw new Error(`allocate exited with ${allocated}`);

    step('sft-endpoints report');
    const reported = await cli(['report'], env);
    if (reported !== 0) throw new Error(`report exited with ${reported}`);

    process.stdout.write(
      `\nThe simulator holds ${simulator.sim.listEndpoints().length} endpoints; the inventory is in ${join(dir, 'sft-inventory.db')}.\n`,
    );
  } finally {
    await stop();
    step('Simulator stopped');
  }
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
