import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite.js';
import type { EndpointStore } from '../../src/store/types.js';
import { runStoreConformance } from '../../src/testing/store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paths = new WeakMap<EndpointStore, string>();
let counter = 0;

runStoreConformance({
  name: 'sqliteStore',
  harness: { describe, it },
  create: () => {
    counter += 1;
    const path = join(dir, `inventory-${counter}.db`);
    const store = sqliteStore(path);
    paths.set(store, path);
    return store;
  },
  reopen: (store) => sqliteStore(paths.get(store)!),
  destroy: (store) => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${paths.get(store)!}${suffix}`, { force: true });
  },
});
