#!/usr/bin/env bash
# Sourced by .ci/run (bash, set -euo pipefail). Starts a throwaway PostgreSQL on 127.0.0.1 and
# exports SFT_TEST_POSTGRES_URL, so that the postgresStore tests run against a real server.
# Installs PostgreSQL from Debian packages first if no server binaries are present.
# The cluster lives in a temporary directory and is stopped and deleted when the shell exits.

sft_pg_main() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
    echo "postgres.sh: installing PostgreSQL from Debian packages"
    local sudo=''
    [ "$(id -u)" = 0 ] || sudo='sudo'
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y postgresql
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

  # initdb refuses to run as root: run the server as the `postgres` system user then.
  local -a as_pg=()
  SFT_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sft-ci-postgres.XXXXXX")"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$SFT_PG_DIR"
    as_pg=(runuser -u postgres --)
  fi

  local port
  port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

  "${as_pg[@]}" "$bin/initdb" -D "$SFT_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$SFT_PG_DIR/initdb.log"
  "${as_pg[@]}" "$bin/pg_ctl" -D "$SFT_PG_DIR/data" -l "$SFT_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $SFT_PG_DIR -c max_connections=200" start >/dev/null
  SFT_PG_CTL="$bin/pg_ctl"
  SFT_PG_AS=("${as_pg[@]}")
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres sft_test

  export SFT_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/sft_test"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (SFT_TEST_POSTGRES_URL exported)"
}

sft_pg_stop() {
  if [ -n "${SFT_PG_DIR:-}" ] && [ -d "$SFT_PG_DIR/data" ]; then
    "${SFT_PG_AS[@]}" "$SFT_PG_CTL" -D "$SFT_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$SFT_PG_DIR"
  fi
}

trap sft_pg_stop EXIT
sft_pg_main
