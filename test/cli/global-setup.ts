// vitest globalSetup: the CLI tests spawn the real bin (dist/cli.js), so build it once before the run
// when dist/ is missing or older than the sources (a fresh clone, or after a pull).
// @ts-expect-error -- a plain .mjs helper shared with `npm run demo`, without type declarations.
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

export default function setup(): void {
  (ensureBuilt as (options: { quiet: boolean }) => boolean)({ quiet: true });
}
