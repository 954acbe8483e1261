import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { jsonFileStore } from '../../src/store/index.js';
import type { EndpointStore } from '../../src/store/types.js';
import { runStoreConformance } from '../../src/testing/store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'sft-json-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paths = new WeakMap<EndpointStore, string>();
let counter = 0;

runStoreConformance({
  name: 'jsonFileStore',
  harness: { describe, it },
  create: () => {
    counter += 1;
    const path = join(dir, `inventory-${counter}.json`);
    const store = jsonFileStore(path);
    paths.set(store, path);
    return store;
  },
  reopen: (store) => jsonFileStore(paths.get(store)!),
  destroy: (store) => rmSync(paths.get(store)!, { force: true }),
});
