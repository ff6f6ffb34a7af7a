#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server (Debian's postgresql-15) on a free localhost port for the url-provider
# tests, with two password roles:
#   preflight            LOGIN CREATEDB, owner of the database "preflight" (the URL's own database)
#   preflight_nocreatedb LOGIN NOCREATEDB, for the "no privilege" test
# Idempotent: a second run reuses the running server (state in $SQL_PREFLIGHT_PG_DIR, default
# /tmp/sql-preflight-postgres). Quiet; stdout is exactly two KEY=value lines, the main URL last:
#   SQL_PREFLIGHT_TEST_DATABASE_URL_NOCREATEDB=postgres://preflight_nocreatedb:...@127.0.0.1:PORT/preflight
#   SQL_PREFLIGHT_TEST_DATABASE_URL=postgres://preflight:...@127.0.0.1:PORT/preflight
# so a caller can run (capturing first, so that `set -e` sees a failure):
#   pg_env=$(.ci/setup-postgres.sh); while IFS= read -r line; do export "$line"; done <<<"$pg_env"
# Stop it with: runuser -u postgres -- pg_ctl -D "$SQL_PREFLIGHT_PG_DIR/data" stop
set -euo pipefail

state=${SQL_PREFLIGHT_PG_DIR:-/tmp/sql-preflight-postgres}
bin=/usr/lib/postgresql/15/bin
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail() {
  echo "setup-postgres: $*" >&2
  if [ -s "$log" ]; then
    echo "--- last lines of the log:" >&2
    tail -n 25 "$log" >&2
  fi
  exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root: the server runs as the 'postgres' user, and PostgreSQL refuses to run as root"
if [ ! -x "$bin/postgres" ]; then
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15; } \
    >>"$log" 2>&1 || fail "installing postgresql-15 failed"
fi

as_postgres() { runuser -u postgres -- "$@"; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running() { [ -f "$state/port" ] && as_postgres "$bin/pg_ctl" -D "$state/data" status >/dev/null 2>&1; }

if ! running; then
  if [ ! -s "$state/data/PG_VERSION" ]; then
    rm -rf "$state"
    mkdir -p "$state/data"
    chown -R postgres:postgres "$state"
    chmod 700 "$state" "$state/data"
    as_postgres "$bin/initdb" -D "$state/data" --username=postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >>"$log" 2>&1 || fail "initdb failed"
    for role in preflight preflight_nocreatedb; do
      # Stored once, so that reruns print the same URLs.
      head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/$role.password"
    done
    chmod 600 "$state"/*.password
  fi

  started=
  for port in $(seq 54320 54399); do
    port_in_use "$port" && continue
    if as_postgres "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$state -c fsync=off" \
      start >>"$log" 2>&1; then
      echo "$port" >"$state/port"
      started=1
      break
    fi
    # Lost a race for the port to another process: try the next one.
  done
  [ -n "$started" ] || { cat "$state/server.log" >>"$log" 2>/dev/null || true; fail "the server did not start on any port in 54320-54399"; }
fi

port=$(cat "$state/port")
nocreatedb_password=$(cat "$state/preflight_nocreatedb.password")
password=$(cat "$state/preflight.password")

# Roles and database are created idempotently, so a rerun also repairs a half-finished first run.
as_postgres "$bin/psql" -h "$state" -p "$port" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
  -v pw="$password" -v nopw="$nocreatedb_password" >>"$log" 2>&1 <<'SQL' || fail "creating the roles failed"
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['preflight', 'preflight_nocreatedb']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE preflight LOGIN CREATEDB PASSWORD :'pw';
ALTER ROLE preflight_nocreatedb LOGIN NOCREATEDB PASSWORD :'nopw';
SELECT 'CREATE DATABASE preflight OWNER preflight'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'preflight') \gexec
SQL

echo "SQL_PREFLIGHT_TEST_DATABASE_URL_NOCREATEDB=postgres://preflight_nocreatedb:$nocreatedb_password@127.0.0.1:$port/preflight"
echo "SQL_PREFLIGHT_TEST_DATABASE_URL=postgres://preflight:$password@127.0.0.1:$port/preflight"
