// The README's Node service snippets (ESM `service.mjs` and CommonJS `service.cjs`) load and work as
// written, against the HTTP simulator, with the inventory provisioned by the real bin.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSftSimulator, startSftSimulator } from '../../src/testing/server.js';
import { runNode } from './run-node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The code of the fenced js block whose first line is `// <file> …`. */
function snippet(file: string): string {
  const found = [...readme.matchAll(/^```js\n([\s\S]*?)^```/gm)].find((m) => m[1]?.startsWith(`// ${file}`));
  if (!found) throw new Error(`README has no js block starting with "// ${file}"`);
  return found[1] as string;
}

let sim: RunningSftSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  sim = await startSftSimulator({ port: 0, tps: 0, sims: 10, seed: 5 });
  mkdirSync(join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, '.tmp', 'readme-service-'));
  env = {
    SFT_BASE_URL: sim.url,
    SFT_USERNAME: sim.credentials.username,
    SFT_PASSWORD: sim.credentials.password,
    SFT_ROAMING_PROFILE_ID: 'DEFAULT',
    SFT_SQLITE_PATH: join(dir, 'inventory.db'),
  };
  writeFileSync(join(dir, 'sims.csv'), sim.sim.inventoryCsv());
  const provisioned = await runNode(
    [
      join(root, 'dist', 'cli.js'),
      'provision',
      '--input',
      'sims.csv',
      '--tag',
      'batch-1',
      '--max-tps',
      '100',
    ],
    dir,
    { ...env, SFT_STORE: `sqlite:${env.SFT_SQLITE_PATH}` },
  );
  expect(provisioned.code, provisioned.stderr).toBe(0);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's Node service snippets", () => {
  it('ESM: onOrderPaid allocates and activates one endpoint', async () => {
    writeFileSync(join(dir, 'service.mjs'), snippet('service.mjs'));
    const run = await runNode(
      [
        '--input-type=module',
        '-e',
        "const m = await import('./service.mjs'); console.log(JSON.stringify(await m.onOrderPaid('order-1')));",
      ],
      dir,
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const allocated = JSON.parse(run.stdout) as { endpointId: string; activationCode: string };
    expect(allocated.activationCode).toMatch(/^LPA:1\$/);
    expect(sim.sim.getEndpoint(allocated.endpointId)?.status).toBe('Active');
  });

  it('CommonJS: stockLevels reads the inventory report through require', async () => {
    writeFileSync(join(dir, 'service.cjs'), snippet('service.cjs'));
    const run = await runNode(
      ['-e', "require('./service.cjs').stockLevels().then((r) => console.log(JSON.stringify(r)))"],
      dir,
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const levels = JSON.parse(run.stdout) as { tag: string; available: number; active: number }[];
    expect(levels.find((l) => l.tag === 'batch-1')?.available).toBeGreaterThan(0);
  });
});
