#!/bin/sh
# backup-check.sh BUILD_DIR: the backup and restore of docs/OPERATIONS.md §6,
# command for command. A quarter is finalized through rapord, rapor-submit
# and rapor-admin; the database is dumped with pg_dump -Fc; a NEW cluster
# (its own initdb, its own socket) gets the role and the restore;
# rapor-migrate must apply nothing; a rapord on the restored database
# serves a ranking that verifies and is byte for byte the one served
# before the dump (CSV with its digest, JSON standings, verify's output).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?usage: backup-check.sh BUILD_DIR}" && pwd)
. "$here/backup/quarter.sh"
q_workdir backup "$build"
cleanup() {
    q_rapord_stop
    "$root/deploy/pg-tmp" stop "$work/old" >/dev/null 2>&1 || true
    "$root/deploy/pg-tmp" stop "$work/new" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
period=2025-Q1
keys=$work/keys
q_keys "$keys"

q_pg_start "$work/old"
createdb rapor
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
q_quarter "$keys" "$period"
q_served "$keys" "$period" "$work/before"
q_rapord_stop

# OPERATIONS.md §6, the backup (there as the postgres OS user).
pg_dump -Fc rapor > "$work/rapor.dump"
"$root/deploy/pg-tmp" stop "$work/old" >/dev/null

# OPERATIONS.md §6, the restore into a new cluster.
q_pg_start "$work/new"
psql -X -q -d postgres -c 'CREATE ROLE rapor_app LOGIN'
createdb rapor
pg_restore --exit-on-error --single-transaction -d rapor "$work/rapor.dump"
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql" > "$work/migrate.out"
grep -q "(0 applied now)" "$work/migrate.out" ||
    { cat "$work/migrate.out" >&2; q_fail "rapor-migrate changed a restored database"; }

q_rapord_start after "$keys"
q_served "$keys" "$period" "$work/after"
for f in csv json verify; do
    cmp "$work/before.$f" "$work/after.$f" ||
        { diff "$work/before.$f" "$work/after.$f" >&2 || true; q_fail "the restored $f differs"; }
done
rows=$(wc -l < "$work/after.csv")
[ "$rows" -ge 9 ] || q_fail "the export has $rows lines, wanted a header and 8 OPDs"
echo "backup-check: restored $period verifies; export, standings and verify identical"
echo "backup-check: $(grep -o '[0-9a-f]\{64\}' "$work/after.verify" | head -n 1)"
