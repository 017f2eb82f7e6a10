#!/bin/sh
# make-db.sh NAME: create database NAME on $PGHOST/$PGPORT, migrate it, and
# load the demo OPDs plus the test fixture. Used by the test fixture for the
# template database and by tests that run a private cluster.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
name=$1
createdb "$name"
RAPOR_DATABASE="dbname=$name" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d "$name" -f "$root/deploy/banyuwangi-opd.sql" \
     -f "$here/fixture.sql"
# The test keys (tests/support/make-keys.sh), when the caller has them.
if [ -n "${RAPOR_TEST_KEYS:-}" ]; then
    psql -X -q -v ON_ERROR_STOP=1 -d "$name" -f "$RAPOR_TEST_KEYS/keys.sql"
fi
