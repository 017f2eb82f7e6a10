#!/bin/sh
# pg-fixture.sh setup|cleanup ENVFILE [RAPOR_ADMIN]
# CTest fixture: one throwaway PostgreSQL for the whole test run, with a
# template database every integration test clones. ENVFILE records where
# the cluster lives so the tests and the cleanup can find it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cmd=$1
envfile=$2
admin=${3:-}

case "$cmd" in
setup)
    if [ -f "$envfile" ]; then
        . "$envfile"
        "$root/deploy/pg-tmp" stop "$PGHOST" 2>/dev/null || true
        rm -rf "$PGHOST"
    fi
    dir=$(mktemp -d /tmp/rapor-test-pg.XXXXXX)
    chmod 755 "$dir"
    eval "$("$root/deploy/pg-tmp" start "$dir" 5432)"
    RAPOR_TEST_KEYS=$dir/keys
    export RAPOR_TEST_KEYS
    "$here/support/make-keys.sh" "$admin" "$RAPOR_TEST_KEYS"
    "$here/support/make-db.sh" rapor_template
    printf 'PGHOST=%s\nPGPORT=%s\nPGUSER=%s\nRAPOR_TEST_KEYS=%s\n' "$PGHOST" "$PGPORT" \
        "$PGUSER" "$RAPOR_TEST_KEYS" >"$envfile"
    echo "test PostgreSQL ready at $dir"
    ;;
cleanup)
    if [ -f "$envfile" ]; then
        . "$envfile"
        "$root/deploy/pg-tmp" stop "$PGHOST" || true
        rm -rf "$PGHOST" "$envfile"
    fi
    ;;
esac
