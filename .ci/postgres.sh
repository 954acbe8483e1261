#!/usr/bin/env bash
# Sourced by .ci/run (bash, set -euo pipefail). Starts a throwaway PostgreSQL on 127.0.0.1 and
# exports SFT_TEST_POSTGRES_URL, so that the postgresStore tests run against a real server.
# Installs PostgreSQL from Debian packages first if no server binaries are present (whatever major
# version Debian ships), without letting the package create and start its own "main" cluster.
# The cluster lives in a temporary directory and is stopped and deleted when the shell exits.
#
# Failure here fails .ci/run (the acceptance needs the real server): every step says what failed,
# with the server's log when it would not start. The cleanup never fails, so it cannot turn a
# green run red. Note: this installs an EXIT trap in the sourcing shell (replacing any other).

# Set before anything can fail, so that the EXIT trap can always clean up what exists.
SFT_PG_DIR=''
SFT_PG_CTL=''
SFT_PG_AS=()

# The newest /usr/lib/postgresql/<major>/bin holding a server (initdb and pg_ctl), or nothing.
sft_pg_bin() {
  local dir found=''
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && found="$found$dir"$'\n'
  done
  printf '%s' "$found" | sort -V | tail -n 1
}

sft_pg_install() {
  echo "postgres.sh: no PostgreSQL server found; installing it from Debian packages"
  local -a sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  # postgresql-common first, so that the server package does not create (and start, on port 5432)
  # a "main" cluster that nobody stops: the tests use their own cluster below.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-common
  if [ -f /etc/postgresql-common/createcluster.conf ]; then
    "${sudo[@]}" sed -ri 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*$/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
}

sft_pg_main() {
  local bin
  bin="$(sft_pg_bin)"
  if [ -z "$bin" ]; then
    sft_pg_install
    bin="$(sft_pg_bin)"
    if [ -z "$bin" ]; then
      echo "postgres.sh: apt-get installed postgresql, but no /usr/lib/postgresql/*/bin has initdb and pg_ctl" >&2
      return 1
    fi
  fi

  SFT_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sft-ci-postgres.XXXXXX")"
  SFT_PG_CTL="$bin/pg_ctl"
  # initdb refuses to run as root: run the server as the `postgres` system user then (the Debian
  # package creates it).
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$SFT_PG_DIR"
    SFT_PG_AS=(runuser -u postgres --)
  fi

  if ! "${SFT_PG_AS[@]}" "$bin/initdb" -D "$SFT_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C \
    >"$SFT_PG_DIR/initdb.log" 2>&1; then
    echo "postgres.sh: initdb failed:" >&2
    cat "$SFT_PG_DIR/initdb.log" >&2
    return 1
  fi

  # A free port, asked of the kernel; another process may take it before the server binds it, so
  # try a few (bounded). pg_ctl -w waits, at most 60 s, until the server accepts connections.
  local port attempt
  for attempt in 1 2 3; do
    port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
    if "${SFT_PG_AS[@]}" "$SFT_PG_CTL" -D "$SFT_PG_DIR/data" -l "$SFT_PG_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $SFT_PG_DIR -c max_connections=200" start >/dev/null; then
      break
    fi
    # Stop whatever half-started, so that the next attempt (or the cleanup) starts from nothing.
    "${SFT_PG_AS[@]}" "$SFT_PG_CTL" -D "$SFT_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    if [ "$attempt" = 3 ] || ! grep -q 'could not bind\|Address already in use' "$SFT_PG_DIR/server.log"; then
      echo "postgres.sh: PostgreSQL did not start; its log:" >&2
      tail -n 40 "$SFT_PG_DIR/server.log" >&2 || true
      return 1
    fi
  done

  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres sft_test
  export SFT_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/sft_test"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (SFT_TEST_POSTGRES_URL exported)"
}

# Stops the server and deletes its directory; never fails (it runs in the EXIT trap of a set -e shell).
sft_pg_stop() {
  if [ -n "${SFT_PG_DIR:-}" ] && [ -d "$SFT_PG_DIR" ]; then
    if [ -n "${SFT_PG_CTL:-}" ] && [ -f "$SFT_PG_DIR/data/postmaster.pid" ]; then
      "${SFT_PG_AS[@]}" "$SFT_PG_CTL" -D "$SFT_PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
        "${SFT_PG_AS[@]}" "$SFT_PG_CTL" -D "$SFT_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$SFT_PG_DIR" || true
  fi
  return 0
}

trap sft_pg_stop EXIT
sft_pg_main
