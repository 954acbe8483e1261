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
    const size = 10_000;
    for (let round = 0; round < 8; round++) {
      const writer = runChild('json-writer.ts', [path, String(size)]);
      const line = await writer.waitForLine((l) => l.startsWith('generation '));
      const lastReported = Number(line.split(' ')[1]);
      // Fault injection, not synchronisation: spread the kill over the next write cycle (building,
      // serialising, writing, fsync, rename) so that some rounds land in the middle of the write.
      // Against a plain fs.writeFile, most runs of this test find a torn file.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
      writer.kill('SIGKILL');
      const { signal } = await writer.exited;
      expect(signal).toBe('SIGKILL');

      const records = parseInventory(readFileSync(path, 'utf8'));
      expect(records).toHaveLength(size);
      // Never older than what the writer reported as saved (it may have saved more before dying).
      const generation = Number(records[0]!.jobId!.split(' ')[1]);
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
