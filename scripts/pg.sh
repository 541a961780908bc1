#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test suite (Debian's postgresql package).
# Usage: scripts/pg.sh start|stop|url
set -euo pipefail
PGDATA="${CBEC_PGDATA:-/tmp/cbec-pg}"
PORT="${CBEC_PGPORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
RUN_AS=(); [ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)
case "${1:-}" in
  start)
    # A server left running by an interrupted run would hold the port: stop it first.
    [ -f "$PGDATA/postmaster.pid" ] && { "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true; }
    rm -rf "$PGDATA"; mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
    "${RUN_AS[@]}" "$BIN/initdb" -D "$PGDATA" -U cbec --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDATA" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" -l "$PGDATA/log" -w start >/dev/null
    "${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U cbec cbec
    echo "postgres on 127.0.0.1:$PORT" ;;
  stop) "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null || true ;;
  url) echo "postgres://cbec@127.0.0.1:$PORT/cbec" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
