import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds dist/ when missing or stale: the CLI and README tests run the real bin and the packaged entries.
    globalSetup: ['test/cli/global-setup.ts'],
  },
});
