#!/bin/sh
# upgrade-check.sh BUILD_DIR: the upgrade of docs/OPERATIONS.md §7. The
# previous release's database (tests/upgrade/schema-11.sql: schema version
# 11, a quarter finalized by that release's rapord; tests/upgrade/README.md
# says how it was made) is restored into a new cluster and migrated by
# today's rapor-migrate; today's rapord serves it, `rapor-admin verify`
# passes, and the BPKAD export is byte for byte the one the old release
# served. Then: a second rapor-migrate applies nothing, and a database
# NEWER than the migrations is refused with nothing changed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?usage: upgrade-check.sh BUILD_DIR}" && pwd)
. "$here/backup/quarter.sh"
q_workdir upgrade "$build"
cleanup() {
    q_rapord_stop
    "$root/deploy/pg-tmp" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
period=2025-Q1
keys=$work/keys
q_keys "$keys"
migrate() { RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql"; }
newest=$(ls "$root/sql" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1)

q_pg_start "$work/pg"
psql -X -q -d postgres -c 'CREATE ROLE rapor_app LOGIN'
createdb rapor
psql -X -q -v ON_ERROR_STOP=1 -f "$here/upgrade/schema-11.sql" >/dev/null
[ "$(psql -X -At -c 'SELECT max(version) FROM schema_version')" = 11 ] ||
    q_fail "the fixture is not at schema version 11"
digest=$(psql -X -At -c "SELECT digest FROM rankings r JOIN periods p ON p.id = r.period_id
                          WHERE p.code = '$period'")

# OPERATIONS.md §7, step 3.
migrate > "$work/migrate.out" || { cat "$work/migrate.out" >&2; q_fail "rapor-migrate"; }
grep -q "schema is at version $newest ($((newest - 11)) applied now)" "$work/migrate.out" ||
    { cat "$work/migrate.out" >&2; q_fail "rapor-migrate did not reach $newest"; }

# The fixture's keys' secrets are not kept: a new inspectorate key, as the owner.
"$root/deploy/rapor-key-add" "$keys/INSPEKTORAT.inspectorate" INSPEKTORAT inspectorate \
    >/dev/null || q_fail rapor-key-add
q_rapord_start upgraded "$keys"
q_served "$keys" "$period" "$work/after"
grep -q "$digest" "$work/after.verify" ||
    { cat "$work/after.verify" >&2; q_fail "verify does not print the stored digest $digest"; }
cmp "$here/upgrade/schema-11.export.csv" "$work/after.csv" ||
    { diff "$here/upgrade/schema-11.export.csv" "$work/after.csv" >&2 || true
      q_fail "the export differs from the one the old release served"; }
q_rapord_stop

migrate > "$work/again.out" || q_fail "rapor-migrate, second run"
grep -q "(0 applied now)" "$work/again.out" || { cat "$work/again.out" >&2; q_fail "not a no-op"; }

# Forward-only: a database from a newer release is refused, untouched.
psql -X -q -c "INSERT INTO schema_version (version, name) VALUES ($newest + 1, 'future.sql')"
status=0
migrate > "$work/newer.out" 2>&1 || status=$?
[ "$status" = 3 ] || { cat "$work/newer.out" >&2; q_fail "a newer database: exit $status, wanted 3"; }
grep -q "newer than the newest migration here ($newest" "$work/newer.out" ||
    { cat "$work/newer.out" >&2; q_fail "the refusal does not say why"; }
[ "$(psql -X -At -c 'SELECT max(version) FROM schema_version')" = $((newest + 1)) ] ||
    q_fail "the refused database changed"
echo "upgrade-check: schema 11 -> $newest; $period verifies ($digest); export unchanged;" \
     "a newer database is refused"
