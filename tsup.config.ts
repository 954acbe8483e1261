import { defineConfig } from 'tsup';

/**
 * Entry points, one per subpath export of package.json.
 * `cli` is the `sft-endpoints` bin (ESM only, it is never `require`d).
 */
const entry = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  'stores/sqlite': 'src/store/sqlite.ts',
  'stores/postgres': 'src/store/postgres.ts',
};

/** Optional peer dependencies: always loaded from the user's node_modules, never bundled. */
const peers = ['better-sqlite3', 'pg', 'msw', /^msw\//];

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    external: peers,
  },
  {
    // ky, p-limit and p-retry are ESM-only: bundle them so that `require('sft-endpoints')` works on Node 20.
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    shims: true,
    external: peers,
    noExternal: ['ky', 'p-limit', 'p-retry', 'yocto-queue', 'is-network-error'],
  },
  {
    entry: { cli: 'src/cli/index.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    external: peers,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
