// The README's command-line walk-through (the ```sh block of "## Command line") runs as written with
// the real bin: `sim` in "terminal 1", the `export` line, then every other command, exit 0 each.
// Substitutions, and only these: `npx sft-endpoints` → `node dist/cli.js`; the sim's port → any free
// port (the export line's URL follows it); `--sims 1000` → 60, to keep the test short.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(root, 'dist', 'cli.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The commands of the first ```sh block after "## Command line", comments stripped. */
function walkThrough(): string[] {
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README "## Command line" has no sh block');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Splits `npx sft-endpoints a b c` into its arguments (the README's commands need no quoting). */
function binArgs(line: string): string[] {
  expect(line.startsWith('npx sft-endpoints ')).toBe(true);
  return line.slice('npx sft-endpoints '.length).split(/\s+/);
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

const commands = walkThrough();
let dir: string;
let sim: ChildProcess | undefined;
let simUrl = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sft-readme-cli-'));
  const args = binArgs(commands[0] as string).map((a, i, all) =>
    all[i - 1] === '--port' ? '0' : all[i - 1] === '--sims' ? '60' : a,
  );
  expect(args[0]).toBe('sim');
  const child = spawn(process.execPath, [BIN, ...args, '--json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sim = child;
  simUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0] as string) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`sim exited with ${code}`)));
  });
});
afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = new Promise((resolve) => sim?.once('exit', resolve));
    sim.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('README command-line walk-through', () => {
  it('provisions at a rate the simulator it starts allows (not the default 2 requests/s)', () => {
    const simTps = Number(flag(binArgs(commands[0] as string), '--tps') ?? 2);
    const provision = commands.find((c) => c.startsWith('npx sft-endpoints provision')) as string;
    const maxTps = Number(flag(binArgs(provision), '--max-tps') ?? 2);
    expect(maxTps).toBeGreaterThan(2);
    expect(simTps === 0 || simTps >= maxTps).toBe(true);
  });

  it('runs every command as written, each exiting 0', async () => {
    const exportLine = commands.find((c) => c.startsWith('export ')) as string;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    for (const pair of exportLine.slice('export '.length).split(/\s+/)) {
      const [name, value] = pair.split('=') as [string, string];
      env[name] = name === 'SFT_BASE_URL' ? simUrl : value;
    }
    expect(exportLine).toContain('SFT_ROAMING_PROFILE_ID=');

    for (const line of commands.slice(1).filter((c) => c.startsWith('npx '))) {
      const run = await runCli(binArgs(line), env, dir);
      expect(run.code, `${line}\n${run.stderr}`).toBe(0);
      if (line.includes('allocate') && line.includes('--json')) {
        expect(Object.keys(JSON.parse(run.stdout.trim())).sort()).toEqual([
          'activationCode',
          'endpointId',
          'iccid',
        ]);
      }
      if (line.includes('report')) expect(run.stdout).toMatch(/batch-1\s+59\s+0\s+1\s/);
    }
  });
});
