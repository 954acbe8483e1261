// Shared fixtures of the CLI tests: a simulator over HTTP in the test process, a temp folder, and a
// runner for the real bin (dist/cli.js, built by global-setup.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type RunningSftSimulator,
  type StartSftSimulatorOptions,
  startSftSimulator,
} from '../../src/testing/server.js';

/** The real bin. */
export const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What one run of the bin printed and how it exited. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A simulator, a temp folder and the environment pointing the CLI at both. */
export interface CliFixture {
  sim: RunningSftSimulator;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs the bin with `args` in `dir`. */
  run(args: readonly string[], options?: RunOptions): Promise<CliRun>;
  /** Writes a file in `dir`; returns its path. */
  write(name: string, content: string): string;
  close(): Promise<void>;
}

/** Options of {@link CliFixture.run}. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with the child once spawned (e.g. to send it SIGINT). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** Starts a simulator (rate limit off, no latency unless asked) and a temp folder. */
export async function cliFixture(options: StartSftSimulatorOptions = {}): Promise<CliFixture> {
  const sim = await startSftSimulator({ port: 0, tps: 0, sims: 50, seed: 3, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'sft-cli-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SFT_BASE_URL: sim.url,
    SFT_USERNAME: sim.credentials.username,
    SFT_PASSWORD: sim.credentials.password,
    SFT_ROAMING_PROFILE_ID: 'DEFAULT',
    SFT_STORE: `sqlite:${join(dir, 'inventory.db')}`,
  };
  return {
    sim,
    dir,
    env,
    // The client paces at 2 requests/s unless told otherwise; the simulator here has no limit.
    run: (args, runOptions = {}) =>
      runCli(
        args.includes('--max-tps') ? args : ['--max-tps', '1000', ...args],
        { ...env, ...runOptions.env },
        dir,
        runOptions.onSpawn,
      ),
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the bin; resolves when it exits. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  onSpawn?: RunOptions['onSpawn'],
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(child);
  });
}

/** The last line of stdout parsed as JSON (`--json` output ends with exactly one JSON value). */
export function lastJson(run: CliRun): unknown {
  const lines = run.stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1] as string);
}

/** A CSV of the first `count` SIMs of the simulator (`iccid,name`). */
export function simCsv(sim: RunningSftSimulator, count: number, extraLines: readonly string[] = []): string {
  const rows = sim.sim
    .listSims()
    .slice(0, count)
    .map((s) => `${s.iccid},${s.suggestedName}`);
  return `${['iccid,name', ...rows, ...extraLines].join('\n')}\n`;
}
