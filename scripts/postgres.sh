#!/usr/bin/env bash
# Makes a real PostgreSQL server available on 127.0.0.1 for offload's db tests (used by .ci/run, handy locally).
#   scripts/postgres.sh [start]  install PostgreSQL if missing, run a server on 127.0.0.1:$OFFLOAD_PG_PORT (default 5432),
#                                make sure role and database offload (password offload) exist, then print
#                                `export OFFLOAD_PG_...=...` lines on stdout, for: eval "$(scripts/postgres.sh start)"
#   scripts/postgres.sh stop     stop the cluster that start started (a server start found running is left alone)
# Messages go to stderr; stdout carries only the export lines. Needs root (apt-get, runuser). Safe to re-run.
set -euo pipefail

PORT=${OFFLOAD_PG_PORT:-5432}
# Which cluster start started, so that stop never stops a server somebody else runs.
# Under /run, so it goes away on reboot together with the server it describes.
STATE=/run/postgresql/offload-$PORT.started

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

start() {
  [ "$(id -u)" = 0 ] || die "must run as root (apt-get, runuser)"
  if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    say "PostgreSQL server binaries missing: installing Debian's postgresql package"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >&2 \
      || die "cannot install PostgreSQL: apt-get install postgresql failed"
  fi

  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
    say "reusing the PostgreSQL server already running on 127.0.0.1:$PORT"
  else
    start_cluster
  fi
  local i
  for i in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    [ "$i" -lt 30 ] || die "PostgreSQL on 127.0.0.1:$PORT not ready after 30 s"
    sleep 1
  done

  # As the postgres OS user over the Unix socket (peer auth), so no superuser password is needed; from /,
  # since psql warns when postgres cannot enter the current directory (a checkout under /root, say).
  # ALTER every time: a role left over from elsewhere still ends up with LOGIN and the expected password.
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres) >&2 <<'SQL' \
    || die "cannot create role/database offload on port $PORT (is it a local Debian cluster?)"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'offload') THEN CREATE ROLE offload; END IF;
END $$;
ALTER ROLE offload LOGIN PASSWORD 'offload';
SELECT 'CREATE DATABASE offload OWNER offload'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'offload') \gexec
ALTER DATABASE offload OWNER TO offload;
SQL

  # The tests log in with a password over TCP: check pg_hba.conf lets them (Debian's default allows
  # scram-sha-256 from 127.0.0.1/32) rather than let them fail later with a less obvious error.
  PGPASSWORD=offload psql -X -q -w -h 127.0.0.1 -p "$PORT" -U offload -d offload -c 'select 1' >/dev/null \
    || die "role offload cannot log in with its password on 127.0.0.1:$PORT: check pg_hba.conf"
  say "ready: database offload on 127.0.0.1:$PORT, user offload, password offload"

  echo "export OFFLOAD_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/offload"
  echo "export OFFLOAD_PG_USER=offload"
  echo "export OFFLOAD_PG_PASSWORD=offload"
}

start_cluster() {
  local ver="" name=""
  # The cluster configured for $PORT if there is one (the package's 'main' on 5432), else a new one.
  read -r ver name < <(pg_lsclusters -h | awk -v port="$PORT" '$3 == port { print $1, $2; exit }') || true
  if [ -z "$ver" ]; then
    ver=$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | cut -d/ -f5 | sort -n | tail -n 1)
    name=main
    if [ -e "/etc/postgresql/$ver/main" ]; then name=offload-$PORT; fi
    say "creating cluster $ver/$name on port $PORT"
    pg_createcluster -p "$PORT" "$ver" "$name" >&2 || die "cannot create cluster $ver/$name"
  fi
  say "starting cluster $ver/$name on 127.0.0.1:$PORT"
  # listen_addresses on the command line rather than in the config: 127.0.0.1 only for this run,
  # the cluster's own settings stay as they are.
  pg_ctlcluster -o "-c listen_addresses=127.0.0.1" "$ver" "$name" start >&2 \
    || die "cannot start cluster $ver/$name (see /var/log/postgresql/postgresql-$ver-$name.log)"
  echo "$ver $name" >"$STATE"
}

stop() {
  local ver name
  if [ ! -f "$STATE" ]; then
    say "no cluster on port $PORT was started by postgres.sh: nothing to stop"
    return 0
  fi
  read -r ver name <"$STATE"
  # Somebody may have stopped it already; that is not an error.
  if pg_ctlcluster "$ver" "$name" status >/dev/null 2>&1; then
    pg_ctlcluster "$ver" "$name" stop >&2 || die "cannot stop cluster $ver/$name"
  fi
  rm -f "$STATE"
  say "stopped cluster $ver/$name"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
