// Builds dist/ with tsup when it is missing or older than the sources, so that `npm run demo` and the
// CLI tests always run the current code on a fresh clone (after `npm install` alone) and after a
// `git pull`. Plain Node ESM: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (this file lives in scripts/). */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Files whose change makes dist/ stale. */
const INPUTS = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'];
/** Files the build must produce. */
const OUTPUTS = ['dist/cli.js', 'dist/index.js', 'dist/testing.js', 'dist/stores/sqlite.js'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why dist/ must be rebuilt, or `undefined` when it is up to date. */
export function staleReason() {
  const missing = OUTPUTS.find((f) => !existsSync(join(root, f)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((f) => statSync(join(root, f)).mtimeMs));
  const changed = INPUTS.find((f) => existsSync(join(root, f)) && newestMtime(join(root, f)) > built);
  return changed ? `${changed} changed since the last build` : undefined;
}

/** Runs `npm run build` when dist/ is stale; throws when the build fails. */
export function ensureBuilt({ quiet = false } = {}) {
  // SFT_SKIP_BUILD=1: use dist/ as it is (e.g. while another change breaks the declaration build).
  if (process.env.SFT_SKIP_BUILD === '1') return false;
  const reason = staleReason();
  if (reason === undefined) return false;
  if (!quiet) process.stderr.write(`Building sft-endpoints (${reason})…\n`);
  const result = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuilt();
