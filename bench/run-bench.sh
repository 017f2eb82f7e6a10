#!/bin/sh
# run-bench.sh [K] [SECONDS]: every figure the performance section quotes,
# in one run, on a throwaway PostgreSQL (fsync on) with rapord and CURVE:
#   1. rapor-bench: K OPD clients for SECONDS through rapord, then the same
#      submissions raw over libpq, and the ratio; meanwhile a dashboard
#      times the heartbeats (rapord's set to 200 ms here, the tests'
#      setting: the shorter it is, the harder to keep);
#   2. 100 and 1000 dashboards: time until all hold a finalized ranking,
#      and rapord's memory with them (and as many request clients) connected;
#   3. finalize and broadcast 70, 3,000 and 30,000 OPDs (bench/run-quarter.sh).
# Prints figures only; it never fails on them. With RAPORD_LOG_LEVEL=debug it
# also prints where a group commit's time goes (debug logging slows rapord).
set -eu
. "$(dirname "$0")/lib.sh"
k=${1:-32}
seconds=${2:-10}
bench_setup
createdb rapor
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
bench_keygen server
"$build/server/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
    --endpoint-file "$work/ep" --curve-secret-file "$work/server_secret" \
    --key-requests-per-second 0 --heartbeat-ms 200 --log-level ${RAPORD_LOG_LEVEL:-warn} 2>"$work/rapord.log" \
    --database "host=$PGHOST port=$PGPORT dbname=rapor user=rapor_app" &
pid=$!
while [ ! -s "$work/ep" ]; do sleep 0.05; done
echo "== rapor-bench: K=$k clients for $seconds s through rapord (CURVE), then raw libpq"
"$build/bench/rapor-bench" "$(sed -n 1p "$work/ep")" "$work/server" \
    "host=$PGHOST port=$PGPORT dbname=rapor user=postgres" "$k" "$seconds" "$(sed -n 2p "$work/ep")"

if [ "${RAPORD_LOG_LEVEL:-}" = debug ]; then
    # Where a group's time goes (rapord's debug lines): how many submissions
    # a group held, the two round trips to PostgreSQL, and the replies.
    echo "group commits replayed carefully: $(grep -c "replayed" "$work/rapord.log" || true)"
    echo "group sizes (count size):"
    grep -o "group commit submissions=[0-9]*" "$work/rapord.log" | cut -d= -f2 |
        sort -n | uniq -c | sort -rn | head -5
    for field in waited_us facts_us store_us reply_us; do
        grep -o "$field=[0-9]*" "$work/rapord.log" | cut -d= -f2 | sort -n |
            awk -v f="$field" '{v[NR] = $1} END { if (NR) printf "%s per group: p50 %d, p90 %d, p99 %d\n",
                f, v[int(NR * 0.5) + 1], v[int(NR * 0.9) + 1], v[int(NR * 0.99) + 1] }'
    done
fi
echo "== 100 and 1000 dashboards: finalize, then every subscriber holds the ranking"
bench_keygen dash
bench_keygen insp
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-key-add" "$work/dash" DISKOMINFO dashboard >/dev/null 2>&1 || {
    psql -X -q -d rapor -c "INSERT INTO opds (code, name, kind) VALUES
        ('DISKOMINFO', 'Dinas Komunikasi, Informatika dan Persandian', 'dinas'),
        ('INSPEKTORAT', 'Inspektorat', 'inspektorat') ON CONFLICT DO NOTHING"
    RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-key-add" "$work/dash" DISKOMINFO dashboard >/dev/null
}
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-key-add" "$work/insp" INSPEKTORAT inspectorate >/dev/null
ulimit -n 8192 2>/dev/null || true
for n in 100 1000; do
    period=2032-Q$(( n == 100 ? 1 : 2 ))
    psql -X -q -d rapor -c "INSERT INTO periods (code, status) VALUES ('$period', 'closed')"
    rm -f "$work/fanout.err"
    "$build/bench/rapor-bench-fanout" "$(sed -n 1p "$work/ep")" "$(sed -n 2p "$work/ep")" \
        "$work/server" "$work/dash_secret" "$work/insp_secret" "$period" "$n" 2>"$work/fanout.err" &
    fan=$!
    while ! grep -q CLIENTS "$work/fanout.err" 2>/dev/null && kill -0 $fan 2>/dev/null; do sleep 0.1; done
    sleep 0.5
    echo "rapord RSS with $n request clients connected:" \
         "$(grep VmRSS /proc/$pid/status | awk '{print $2, $3}')"
    while ! grep -q READY "$work/fanout.err" 2>/dev/null && kill -0 $fan 2>/dev/null; do sleep 0.2; done
    sleep 0.5
    echo "rapord RSS with $n request clients and $n dashboards connected:" \
         "$(grep VmRSS /proc/$pid/status | awk '{print $2, $3}')"
    wait $fan
done
echo "rapord peak RSS over the whole run: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
echo "== finalize and broadcast"
RAPOR_BUILD_DIR="$build" sh "$root/bench/run-quarter.sh" 70 3000 30000
