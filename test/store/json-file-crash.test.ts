import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonFileStore } from '../../src/store/index.js';
import { parseInventory } from '../../src/store/internal/json-format.js';
import { runChild } from './support/child.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-json-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jsonFileStore killed while writing', () => {
  it('leaves the old or the new file after SIGKILL, never a torn one', async () => {
    const path = join(dir, 'inventory.json');
    const size = 3000;
    for (const killAfter of [1, 3, 6]) {
      const writer = runChild('json-writer.ts', [path, String(size)]);
      const line = await writer.waitForLine((l) => Number(l.split(' ')[1]) >= killAfter);
      const lastReported = Number(line.split(' ')[1]);
      // The writer is in the middle of the next generation's write when the signal lands.
      writer.kill('SIGKILL');
      const { signal } = await writer.exited;
      expect(signal).toBe('SIGKILL');

      const records = parseInventory(readFileSync(path, 'utf8'));
      expect(records).toHaveLength(size);
      const generations = new Set(records.map((r) => r.name));
      expect(generations.size).toBe(1);
      const generation = Number([...generations][0]!.split(' ')[1]);
      // Never older than what the writer reported as saved (it may have saved more before dying).
      expect(generation).toBeGreaterThanOrEqual(lastReported);
    }
    // The store opens the survivor normally (leftover temporary files are ignored).
    const store = jsonFileStore(path);
    expect((await store.list({}, { limit: 1 })).items).toHaveLength(1);
    await store.close();
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.tmp'))).toEqual(['inventory.json']);
  });
});
