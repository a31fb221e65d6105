#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1 (Debian's PostgreSQL packages).
# Exports RXANSWERS_DATABASE_URL for the command; stops the server and deletes the cluster afterwards.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "error: PostgreSQL server not installed (scripts/ensure-system-packages.sh postgresql)" >&2; exit 1; }
PORT=${RXANSWERS_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')}
DIR=$(mktemp -d /tmp/rxanswers-pg.XXXXXX)
chmod 755 "$DIR"

as_pg() {  # PostgreSQL refuses to run as root: use the postgres account when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$DIR" postgres
  chown postgres "$DIR"
fi

cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q \
  -c "CREATE ROLE rxanswers LOGIN CREATEDB PASSWORD 'rxanswers'" -c "CREATE DATABASE rxanswers OWNER rxanswers" >/dev/null

export RXANSWERS_DATABASE_URL="postgresql://rxanswers:rxanswers@127.0.0.1:$PORT/rxanswers"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
set +e
"$@"
status=$?
set -e
exit $status
