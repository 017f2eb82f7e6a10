#!/bin/sh
# run-quarter.sh [N...]: time finalizing and broadcasting a quarter of N OPDs
# (default: 70 3000 30000), each OPD with six verified scores.
#
# The scores are written straight into a throwaway PostgreSQL with SQL
# (setup, not measured); then rapor-bench-finalize asks rapord to finalize
# and times the reply and the broadcast reaching a subscriber.
set -eu
. "$(dirname "$0")/lib.sh"
sizes=${*:-70 3000 30000}
bench_setup
# CURVE on, as in production: a server key and the inspectorate's key.
bench_keygen server
bench_keygen inspectorate
export RAPOR_KEY="$work/inspectorate_secret" RAPOR_SERVER_KEY="$work/server"

for n in $sizes; do
    db=q$n
    createdb "$db"
    RAPOR_DATABASE="dbname=$db" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v n="$n" <<'SQL'
INSERT INTO opds (code, name, kind) VALUES ('INSPEKTORAT', 'Inspektorat', 'inspektorat');
INSERT INTO opds (code, name, kind)
SELECT 'S' || lpad(g::text, 6, '0'), 'OPD sintetis ' || g, 'dinas' FROM generate_series(1, :n - 1) g;
INSERT INTO periods (code) VALUES ('2030-Q1');
INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256, request_id, kind,
                         submitter_opd_id)
SELECT substring(sha256(('bench' || o.id)::bytea) FROM 1 FOR 16), p.id, o.id,
       sha256(('bench' || o.id)::bytea), 0, 'verified', o.id
  FROM opds o CROSS JOIN periods p;
INSERT INTO scores (submission_id, component_id, score_centi)
SELECT s.id, c.id, 4000 + (hashtext(s.id || '-' || c.id) & 2147483647) % 6001
  FROM submissions s CROSS JOIN components c;
UPDATE periods SET status = 'closed';
SQL
    RAPOR_DATABASE="dbname=$db" "$root/deploy/rapor-key-add" "$work/inspectorate" INSPEKTORAT \
        inspectorate >/dev/null
    rm -f "$work/ep"
    "$build/server/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
        --endpoint-file "$work/ep" --log-level info --db-timeout-ms 60000 2>"$work/rapord.log" \
        --curve-secret-file "$work/server_secret" \
        --database "host=$PGHOST port=$PGPORT dbname=$db user=rapor_app" &
    pid=$!
    while [ ! -s "$work/ep" ]; do sleep 0.05; done
    "$build/bench/rapor-bench-finalize" "$(sed -n 1p "$work/ep")" "$(sed -n 2p "$work/ep")" 2030-Q1
    kill "$pid"
    wait "$pid" || true
    pid=""
    grep "finalize period" "$work/rapord.log" | sed 's/.*INFO  /  rapord: /' || true
done
