#!/usr/bin/env bash
# Gives the tests a Docker engine and a PostgreSQL 15 image that exists locally, on a Debian bookworm machine
# that may reach Debian's mirror but no container registry:
#   1. installs Debian's docker.io if dockerd is missing,
#   2. starts dockerd in the background if no engine answers,
#   3. builds sql-preflight/postgres:15 from Debian packages (debootstrap + docker import) if it does not exist.
# Idempotent and quiet; prints the image name as its only line of output (for SQL_PREFLIGHT_TEST_POSTGRES_IMAGE).
set -euo pipefail

image=sql-preflight/postgres:15
suite=bookworm
dockerd_log=/var/log/sql-preflight-dockerd.log
log=$(mktemp)
rootfs=

fail() {
  echo "setup-docker: $*" >&2
  if [ -s "$log" ]; then
    echo "--- last lines of the log ($log):" >&2
    tail -n 25 "$log" >&2
  fi
  exit 1
}

cleanup() {
  if [ -n "$rootfs" ] && [ -d "$rootfs" ]; then
    # debootstrap mounts /proc and /sys inside the target; a failed run can leave them mounted, and deleting
    # through them would reach the host's files.
    awk -v dir="$rootfs" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r umount -l
    rm -rf --one-file-system "$rootfs"
  fi
}
trap 'cleanup; rm -f "$log"' EXIT

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

need_root() {
  [ "$(id -u)" = 0 ] || fail "$1 needs root (run this script as root, or do it yourself first)"
}

apt_updated=
apt_install() {
  need_root "installing $*"
  if [ -z "$apt_updated" ]; then
    apt-get update >>"$log" 2>&1 || fail "apt-get update failed"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1 \
    || fail "apt-get install $* failed"
}

# The URI apt uses for the main archive of $suite, from one-line .list files or deb822 .sources files.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v suite="$suite" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ")) { split(uris, u, " "); print u[1]; found = 1 }
        types = uris = suites = ""
      }
      /^[[:space:]]*$/ { flush(); if (found) exit; next }
      /^#/ { next }
      /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
      /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      END { if (!found) flush() }' "$f"
  done
}

# --- 1. Docker engine --------------------------------------------------------------------------------------
command -v dockerd >/dev/null 2>&1 || apt_install docker.io

if ! engine_answers; then
  need_root "starting dockerd"
  setsid dockerd >"$dockerd_log" 2>&1 </dev/null &
  dockerd_pid=$!
  for _ in $(seq 60); do
    engine_answers && break
    kill -0 "$dockerd_pid" 2>/dev/null || { tail -n 25 "$dockerd_log" >&2; fail "dockerd exited (log: $dockerd_log)"; }
    sleep 1
  done
  engine_answers || fail "dockerd started but 'docker info' did not answer within 60 s (log: $dockerd_log)"
fi

# --- 2. PostgreSQL image -----------------------------------------------------------------------------------
if ! docker image inspect "$image" >/dev/null 2>&1; then
  need_root "building $image"
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  mirror=$(debian_mirror | head -n 1)
  [ -n "$mirror" ] || fail "no apt source for the Debian '$suite' archive in /etc/apt/sources.list{,.d/}"

  rootfs=$(mktemp -d /var/tmp/sql-preflight-rootfs.XXXXXX)
  debootstrap --variant=minbase --include=postgresql-15 "$suite" "$rootfs" "$mirror" >>"$log" 2>&1 \
    || fail "debootstrap of $suite with postgresql-15 from $mirror failed"

  # The package creates a cluster of its own; the entrypoint makes its own in $PGDATA, as the official image does.
  rm -rf "$rootfs"/var/lib/postgresql/15 "$rootfs"/etc/postgresql/15 \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

  cat >"$rootfs"/usr/local/bin/docker-entrypoint.sh <<'ENTRYPOINT'
#!/bin/bash
# The part of the official postgres image's entrypoint that clients rely on: POSTGRES_USER, POSTGRES_PASSWORD
# and POSTGRES_DB create the superuser and database on first start; password authentication over TCP, trust
# on the local socket; then postgres runs in the foreground as PID 1 and logs "database system is ready to
# accept connections" to stderr. No temporary server is started during initialisation, so nothing answers
# on TCP (Testcontainers' `pg_isready --host localhost` health check) before the final server does.
set -euo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint: POSTGRES_PASSWORD must be set" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync \
    -D "$PGDATA" >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    # Single-user mode listens on nothing; exit_on_error turns a failed CREATE into a non-zero exit.
    printf 'CREATE DATABASE "%s"\n' "${db//\"/\"\"}" \
      | postgres --single -c exit_on_error=on -D "$PGDATA" postgres >/dev/null
  fi
fi

exec "$@"
ENTRYPOINT
  chmod 755 "$rootfs"/usr/local/bin/docker-entrypoint.sh

  tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV PGDATA=/var/lib/postgresql/data' \
    -c 'EXPOSE 5432' \
    -c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    -c 'CMD ["postgres"]' \
    - "$image" >>"$log" 2>&1 || fail "docker import of $image failed"
fi

echo "$image"
