#!/usr/bin/env bash
# Packaging check on the packed tarball: publint (strict), @arethetypeswrong/cli, and a smoke test that
# installs the tarball into an empty folder and both require()s and import()s every entry.
# Expects `npm run build` to have run (npm pack runs it again through `prepack`). Fails on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "-- npm pack"
TARBALL_NAME=$(npm pack --silent --pack-destination "$WORK" | tail -n 1)
TARBALL="$WORK/$TARBALL_NAME"
echo "packed $TARBALL_NAME ($(du -h "$TARBALL" | cut -f1))"
tar -tzf "$TARBALL" | sed 's/^/  /' | head -n 80

echo "-- publint (strict: warnings fail)"
npx --no-install publint run "$TARBALL" --strict

echo "-- are the types wrong (attw)"
# The bin (dist/cli.js) is ESM-only on purpose and never required; every library entry must resolve
# for node10, node16-cjs, node16-esm and bundler.
npx --no-install attw "$TARBALL" --exclude-entrypoints ./package.json

echo "-- smoke: install the tarball into an empty folder (no optional peers)"
APP="$WORK/app"
mkdir -p "$APP"
(cd "$APP" && npm init -y >/dev/null && npm install "$TARBALL" --no-audit --no-fund --ignore-scripts --loglevel=error)
test ! -e "$APP/node_modules/better-sqlite3" || { echo "better-sqlite3 was installed but is an optional peer"; exit 1; }
test ! -e "$APP/node_modules/pg" || { echo "pg was installed but is an optional peer"; exit 1; }

cat > "$APP/smoke.cjs" <<'JS'
const assert = require('node:assert');
const sdk = require('sft-endpoints');
for (const name of ['createSftClient', 'createEndpoint', 'sendCreateEndpoint', 'fetchSims', 'findSimByIccid',
  'SftError', 'SftTimeoutError', 'memoryStore', 'jsonFileStore', 'fullJitterBackoff', 'SFT_OPERATIONS']) {
  assert.ok(sdk[name], `require('sft-endpoints').${name} is missing`);
}
const client = sdk.createSftClient({ credentials: { username: 'u', password: 'p' } });
assert.equal(typeof client.createEndpoint, 'function');
assert.throws(() => sdk.createSftClient({ baseUrl: 'http://example.com', credentials: { username: 'u', password: 'p' } }),
  sdk.SftValidationError);
console.log('require(sft-endpoints): ok');
JS
cat > "$APP/smoke.mjs" <<'JS'
import assert from 'node:assert';
import * as sdk from 'sft-endpoints';
const dynamic = await import('sft-endpoints');
assert.equal(dynamic.createSftClient, sdk.createSftClient);
const client = sdk.createSftClient({ credentials: { username: 'u', password: 'p' } });
assert.equal(typeof client.findSimByIccid, 'function');
assert.ok(new sdk.SftTimeoutError('x', { method: 'POST', source: 'client', outcome: 'unknown' }) instanceof sdk.SftError);
console.log('import(sft-endpoints): ok');
JS
# Node >= 20.19 can require() ESM, which would hide an unbundled ESM-only dependency: turn that off, as on
# earlier Node 20 releases, and also check the CJS files for require() calls of the ESM-only packages.
REQUIRE_FLAG=""
if node --no-experimental-require-module -e "" 2>/dev/null; then REQUIRE_FLAG="--no-experimental-require-module"; fi
(cd "$APP" && node $REQUIRE_FLAG smoke.cjs && node smoke.mjs)
if grep -lE 'require\("(ky|p-limit|p-retry|yocto-queue|is-network-error)"\)' "$APP"/node_modules/sft-endpoints/dist/*.cjs "$APP"/node_modules/sft-endpoints/dist/stores/*.cjs; then
  echo "a CJS build requires an ESM-only package (bundle it in tsup.config.ts noExternal)"; exit 1
fi

echo "-- smoke: subpaths whose peers are absent load and fail only when used"
cat > "$APP/subpaths.mjs" <<'JS'
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
for (const sub of ['sft-endpoints/stores/sqlite', 'sft-endpoints/stores/postgres']) {
  const esm = await import(sub);
  const cjs = require(sub); // CJS entry of the subpath
  if (Object.keys(esm).length === 0 || Object.keys(cjs).length === 0) throw new Error(`${sub} exports nothing`);
  console.log(`${sub}: import and require ok (${Object.keys(esm).join(', ')})`);
}
JS
(cd "$APP" && node subpaths.mjs)

echo "-- smoke: the /testing subpath with msw installed"
MSW_VERSION=$(node -p "require('$ROOT/node_modules/msw/package.json').version")
(cd "$APP" && npm install "msw@$MSW_VERSION" --no-audit --no-fund --ignore-scripts --loglevel=error)
cat > "$APP/testing.cjs" <<'JS'
const testing = require('sft-endpoints/testing');
if (Object.keys(testing).length === 0) throw new Error('sft-endpoints/testing exports nothing');
console.log(`require(sft-endpoints/testing): ok (${Object.keys(testing).length} exports)`);
JS
cat > "$APP/testing.mjs" <<'JS'
const testing = await import('sft-endpoints/testing');
if (Object.keys(testing).length === 0) throw new Error('sft-endpoints/testing exports nothing');
console.log(`import(sft-endpoints/testing): ok (${Object.keys(testing).length} exports)`);
JS
# Not under $REQUIRE_FLAG: msw's own CJS build require()s ESM packages (rettime), so require('sft-endpoints/testing')
# needs Node >= 20.19, whatever this package does.
(cd "$APP" && node testing.cjs && node testing.mjs)

echo "-- smoke: the bin answers --help"
(cd "$APP" && npx --no-install sft-endpoints --help >/dev/null)

echo "package check: ok"
