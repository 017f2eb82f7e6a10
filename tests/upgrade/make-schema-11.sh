#!/bin/sh
# make-schema-11.sh OLD_SOURCE OLD_BUILD: regenerates tests/upgrade/schema-11.sql
# and schema-11.export.csv, the upgrade test's fixture, with the previous
# release's own rapor-migrate, SQL, rapord, rapor-admin and rapor-submit
# (see README.md beside this script for how OLD_SOURCE and OLD_BUILD are made).
# The quarter is finalized by tests/backup/quarter.sh, the same steps the
# restore test runs with today's binaries.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
old=$(cd "${1:?usage: make-schema-11.sh OLD_SOURCE OLD_BUILD}" && pwd)
old_build=$(cd "${2:?usage: make-schema-11.sh OLD_SOURCE OLD_BUILD}" && pwd)
. "$root/tests/backup/quarter.sh"
q_workdir schema11 "$old_build"
RAPORD_EXTRA=""     # as before q_workdir: the old rapord runs with its own defaults
cleanup() {
    q_rapord_stop
    "$root/deploy/pg-tmp" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
keys=$work/keys
q_keys "$keys"
q_pg_start "$work/pg"
createdb rapor
RAPOR_DATABASE="dbname=rapor" "$old/deploy/rapor-migrate" "$old/sql"
[ "$(psql -X -At -c 'SELECT max(version) FROM schema_version')" = 11 ] ||
    q_fail "$old is not at schema version 11"
q_quarter "$keys" 2025-Q1
q_served "$keys" 2025-Q1 "$work/served"
q_rapord_stop
cp "$work/served.csv" "$here/schema-11.export.csv"
# Plain SQL, objects owned by whoever restores it; the grants to rapor_app
# stay, so the restoring test creates that role first.
pg_dump --no-owner rapor > "$here/schema-11.sql"
echo "wrote $here/schema-11.sql and schema-11.export.csv"
