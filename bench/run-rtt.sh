#!/bin/sh
# run-rtt.sh [COUNT]: measure one submit round trip.
#
# Builds Rapor, starts a throwaway PostgreSQL (fsync on, as in production)
# and rapord on loopback, then runs rapor-bench-rtt over one connection and
# times whole `rapor-submit` runs (process start, connect, submit, exit).
set -eu
. "$(dirname "$0")/lib.sh"
count=${1:-2000}
bench_setup
createdb rapor
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
psql -X -q -d rapor -f "$root/deploy/banyuwangi-opd.sql"
psql -X -q -d rapor -c "INSERT INTO periods (code) VALUES ('2024-Q2')"
# CURVE on, as in production: a server key and DINKES's key.
bench_keygen server
bench_keygen dinkes
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-key-add" "$work/dinkes" DINKES opd >/dev/null
export RAPOR_KEY="$work/dinkes_secret" RAPOR_SERVER_KEY="$work/server"
"$build/server/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" --endpoint-file "$work/ep" \
    --curve-secret-file "$work/server_secret" --key-requests-per-second 0 \
    --log-level warn --database "host=$PGHOST port=$PGPORT dbname=rapor user=rapor_app" &
pid=$!
while [ ! -s "$work/ep" ]; do sleep 0.05; done
ep=$(sed -n 1p "$work/ep")

echo "== one connection (CURVE), $count requests each (rapor-bench-rtt)"
"$build/bench/rapor-bench-rtt" "$ep" "$count"

echo "== whole rapor-submit runs (process start, CURVE handshake, submit, exit), 200 runs"
start=$(date +%s%N)
i=0
while [ $i -lt 200 ]; do
    "$build/client/rapor-submit" -q -s "$ep" -o DINKES -p 2024-Q2 pengawasan=87.50 inovasi=90
    i=$((i + 1))
done
end=$(date +%s%N)
echo "rapor-submit mean wall time: $(( (end - start) / 200000 )) us per run"
