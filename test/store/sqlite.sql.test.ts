import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite.js';
import { HOSTILE_VALUES } from '../../src/testing/store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-sqlite-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqliteStore below its API (SQL)', () => {
  it('uses WAL and stores hostile values verbatim in the columns and the tag index', async () => {
    const path = join(dir, 'hostile.db');
    const store = sqliteStore(path);
    await store.upsert({
      iccid: '1',
      name: HOSTILE_VALUES[1]!,
      state: 'pre-active',
      tags: [...HOSTILE_VALUES],
    });
    await store.close();

    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const row = db.prepare('SELECT name, tags FROM sft_endpoints WHERE iccid = ?').get('1') as {
        name: string;
        tags: string;
      };
      expect(row.name).toBe(HOSTILE_VALUES[1]);
      expect(JSON.parse(row.tags)).toEqual(HOSTILE_VALUES);
      const tags = db.prepare('SELECT tag FROM sft_endpoint_tags WHERE iccid = ?').pluck().all('1');
      expect([...tags].sort()).toEqual([...HOSTILE_VALUES].sort());
      expect(
        db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sft_endpoints'").pluck().get(),
      ).toBe(1);
    } finally {
      db.close();
    }
  });

  it('enforces one record per ICCID and per endpoint id with database constraints', async () => {
    const path = join(dir, 'constraints.db');
    const store = sqliteStore(path);
    await store.upsert({ iccid: '1', name: 'n', state: 'pre-active', endpointId: 'EP-1' });
    await store.close();
    const db = new Database(path);
    try {
      const insert = db.prepare(
        "INSERT INTO sft_endpoints (iccid, name, state, endpoint_id, created_at, updated_at) VALUES (?, 'n', 'pre-active', ?, 0, 0)",
      );
      expect(() => insert.run('2', 'EP-1')).toThrow(/UNIQUE/);
      expect(() => insert.run('1', null)).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not a SQLite database with reason "corrupt", leaving it untouched', async () => {
    const path = join(dir, 'not-a-db.db');
    const content = 'this is not a database, '.repeat(200);
    writeFileSync(path, content);
    const store = sqliteStore(path);
    await expect(store.list()).rejects.toMatchObject({ name: 'SftStoreError', reason: 'corrupt' });
    await store.close();
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('refuses a database written by a newer schema version', async () => {
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const store = sqliteStore(path);
    await expect(store.list()).rejects.toThrow(/newer sft-endpoints/);
    await store.close();
  });
});
