#!/usr/bin/env bash
# Run CMD with a throwaway PostgreSQL server, for the postgres tests:
#
#   bash scripts/with-postgres.sh .venv/bin/pytest tests
#
# Exports NEWSPRISM_TEST_PG=postgresql://postgres@127.0.0.1:PORT/newsprism while CMD runs,
# then stops the server, deletes its data and exits with CMD's status. Without PostgreSQL
# (and no way to install it) CMD runs alone and the postgres tests skip. If
# NEWSPRISM_TEST_PG is already set, that server is used and none is started.
set -uo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 2
fi

if [ -n "${NEWSPRISM_TEST_PG:-}" ]; then
    "$@"
    exit $?
fi

find_pg_bin() {
    local initdb
    initdb=$(command -v initdb 2>/dev/null) ||
        initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && [ -x "$initdb" ] || return 1
    # initdb is often a symlink; pg_ctl and postgres live next to the real file.
    dirname "$(readlink -f "$initdb")"
}

PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL with apt-get..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
        >/dev/null 2>&1
    PG_BIN=$(find_pg_bin)
fi
if [ -z "$PG_BIN" ]; then
    echo "PostgreSQL not available: postgres tests will be skipped"
    "$@"
    exit $?
fi

# initdb and postgres refuse to run as root: run them as the postgres user then.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
fi

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/newsprism-pg.XXXXXX")
started=0
cleanup() {
    if [ "$started" -eq 1 ]; then
        "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$PG_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
fi

fail() {
    echo "with-postgres.sh: $1" >&2
    [ -f "$PG_DIR/log" ] && tail -n 20 "$PG_DIR/log" >&2
    exit 1
}

"${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --no-sync \
    -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; fail "initdb failed"; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Durability is pointless for a server that is deleted afterwards.
PG_FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
# A free port can be taken between choosing it and starting: try a few.
for _ in 1 2 3; do
    PG_PORT=$(free_port) || fail "cannot pick a free port (python3 missing?)"
    if "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR $PG_FAST" start >/dev/null; then
        started=1
        break
    fi
done
[ "$started" -eq 1 ] || fail "PostgreSQL did not start"

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres newsprism ||
    fail "cannot create database newsprism"

export NEWSPRISM_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT/newsprism"
"$@"
exit $?
