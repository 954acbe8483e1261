/**
 * Acceptance: a child process provisioning 1,000 rows into a SQLite store is killed with SIGKILL at
 * three random moments; reruns converge to the same exactly-once result.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite.js';
import type { RunningSftSimulator } from '../../src/testing/server.js';
import { allStored, expectExactlyOnce, rowsOf, startSim } from './fixture.js';

const ROWS = 1_000;
const CHILD = join(import.meta.dirname, 'crash-child.ts');

let running: RunningSftSimulator;
let dir: string;
beforeAll(async () => {
  running = await startSim({ sims: ROWS, latencyMs: 5 });
  dir = mkdtempSync(join(tmpdir(), 'sft-crash-'));
});
afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ChildRun {
  child: ChildProcess;
  /** Resolves when the child reported its first row sent in this run (created or recovered, not skipped). */
  firstRow: Promise<void>;
  /** Resolves with the exit code (null when killed) and the last stdout line. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; lastLine: string; rowsSeen: number }>;
}

function startChild(env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  let rowsSeen = 0;
  let stderr = '';
  let onFirst!: () => void;
  const firstRow = new Promise<void>((resolve) => {
    onFirst = resolve;
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    rowsSeen = (buffer.match(/^row /gm) ?? []).length;
    if (/^row \d+ (created|recovered)$/m.test(buffer)) onFirst();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    lastLine: string;
    rowsSeen: number;
  }>((resolve) => {
    child.on('exit', (code, signal) => {
      onFirst();
      if (code !== 0 && signal === null) console.error(stderr);
      resolve({ code, signal, lastLine: buffer.trim().split('\n').at(-1) ?? '', rowsSeen });
    });
  });
  return { child, firstRow, exit };
}

describe('createBulkEndpoints killed with SIGKILL', () => {
  it('converges to exactly one endpoint per ICCID over reruns after three kills at random moments', async () => {
    const rows = rowsOf(running.sim, ROWS);
    const rowsFile = join(dir, 'rows.json');
    writeFileSync(rowsFile, JSON.stringify(rows));
    const env = { SIM_URL: running.url, DB: join(dir, 'journal.db'), ROWS_FILE: rowsFile, MAX_TPS: '150' };

    const kills: { afterMs: number; rowsSeen: number; pendingLeft: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const run = startChild(env);
      await run.firstRow;
      const afterMs = Math.round(100 + Math.random() * 2400);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      run.child.kill('SIGKILL');
      const { signal, rowsSeen } = await run.exit;
      expect(signal, `run ${i + 1} must still be running when killed`).toBe('SIGKILL');
      const journal = sqliteStore(env.DB);
      const pendingLeft = (await allStored(journal)).filter((s) => s.state === 'pending').length;
      await journal.close();
      kills.push({ afterMs, rowsSeen, pendingLeft });
    }

    const final = startChild(env);
    const { code, lastLine } = await final.exit;
    expect(code).toBe(0);
    const summary = JSON.parse(lastLine);
    console.log(
      `kills (ms after the first row sent, rows reported, rows left pending): ${JSON.stringify(kills)}; final run: ${lastLine}`,
    );
    expect(summary.failed).toBe(0);
    expect(summary.created + summary.recovered + summary.skipped).toBe(ROWS);
    expect(summary.skipped).toBeGreaterThan(0);

    const store = sqliteStore(env.DB);
    try {
      await expectExactlyOnce(running.sim, store, rows);
      const stored = await allStored(store);
      expect(stored).toHaveLength(ROWS);
      expect(stored.every((s) => s.tags.includes('crash'))).toBe(true);
      expect(new Set(stored.map((s) => s.endpointId))).toEqual(
        new Set(running.sim.listEndpoints().map((e) => e.endpointId)),
      );
    } finally {
      await store.close();
    }
  });
});
