import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { iterateEndpoints } from '../../src/store/index.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import { runChild } from './support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-sqlite-processes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqliteStore shared by several processes', () => {
  it('lets 64 claimers in 4 processes drain a pool of 1,000 without claiming any endpoint twice', async () => {
    const path = join(dir, 'shared.db');
    const setup = sqliteStore(path);
    await setup.upsertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        iccid: `89320000${String(i).padStart(11, '0')}`,
        name: `pool-${i}`,
        state: 'pre-active' as const,
        tags: ['pool'],
      })),
    );
    await setup.close();

    const children = ['p0', 'p1', 'p2', 'p3'].map((name) =>
      runChild('sqlite-claimer.ts', [path, name, '16']),
    );
    await Promise.all(children.map((c) => c.waitForLine((line) => line === 'ready')));
    for (const child of children) child.send('go');
    const results = await Promise.all(children.map((c) => c.exited));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const claims = results.flatMap(
      (r) => JSON.parse(r.stdout.split('\n').at(-2)!) as { iccid: string; claimedBy: string }[],
    );

    expect(claims).toHaveLength(1000);
    expect(new Set(claims.map((c) => c.iccid)).size).toBe(1000);
    const perProcess = ['p0', 'p1', 'p2', 'p3'].map(
      (n) => claims.filter((c) => c.claimedBy.startsWith(`${n}/`)).length,
    );
    console.info(`claims per process: ${perProcess.join(', ')}`);
    // Several processes got some: the claims really were contended across processes (SQLite's
    // busy handler is not fair, so one process may occasionally get none).
    expect(perProcess.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    const check = sqliteStore(path);
    const stored = new Map<string, string | undefined>();
    for await (const record of iterateEndpoints(check, { tag: 'pool' }))
      stored.set(record.iccid, record.claimedBy);
    await check.close();
    for (const claim of claims) expect(stored.get(claim.iccid)).toBe(claim.claimedBy);
  });
});
