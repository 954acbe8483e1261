import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonFileStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-json-behaviour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = { iccid: '8932000000000000001', name: 'n', state: 'pre-active' as const };

describe('jsonFileStore files', () => {
  it('treats a missing file as an empty inventory and creates it, owner-only (0600), on the first change', async () => {
    const path = join(dir, 'new.json');
    const store = jsonFileStore(path);
    expect((await store.list()).items).toEqual([]);
    expect(() => statSync(path)).toThrow();
    await store.upsert(record);
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8')).endpoints[0].iccid).toBe(record.iccid);
  });

  for (const [what, content] of [
    ['truncated JSON', '{"format":"sft-endpoints/inventory","version":1,"endpoints":[{"iccid":"1"'],
    ['a foreign JSON file', '{"hello":"world"}'],
    ['an empty file', ''],
  ] as const) {
    it(`refuses ${what} with reason "corrupt" and never overwrites it`, async () => {
      const path = join(dir, `corrupt-${what.replace(/\W/g, '-')}.json`);
      writeFileSync(path, content);
      const store = jsonFileStore(path);
      await expect(store.upsert(record)).rejects.toMatchObject({ name: 'SftStoreError', reason: 'corrupt' });
      await expect(store.list()).rejects.toThrow(new RegExp(`${path}.*left untouched`));
      await store.close();
      expect(readFileSync(path, 'utf8')).toBe(content);
    });
  }

  it('reads the file again after a failed read ("unavailable"), rather than failing for ever', async () => {
    const path = join(dir, 'unreadable.json');
    mkdirSync(path); // reading a directory fails with EISDIR, like any I/O error
    const store = jsonFileStore(path);
    await expect(store.list()).rejects.toMatchObject({ name: 'SftStoreError', reason: 'unavailable' });
    rmSync(path, { recursive: true });
    await store.upsert(record);
    expect((await store.list()).items.map((r) => r.iccid)).toEqual([record.iccid]);
    await store.close();
  });

  it('saves many concurrent changes with few writes, and all of them reach the file', async () => {
    const path = join(dir, 'coalesced.json');
    const store = jsonFileStore(path);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.upsert({ ...record, iccid: String(i).padStart(19, '0') })),
    );
    await store.close();
    expect(JSON.parse(readFileSync(path, 'utf8')).endpoints).toHaveLength(200);
  });
});
