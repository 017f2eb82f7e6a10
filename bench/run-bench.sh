#!/bin/sh
# run-bench.sh [K] [SECONDS]: rapor-bench on a throwaway PostgreSQL (fsync
# on) and rapord with CURVE, on this machine; then the finalize benchmark.
# Prints figures only.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RAPOR_BUILD_DIR:-$root/build}
k=${1:-32}
seconds=${2:-10}
"$root/deploy/install-deps"
cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null

work=$(mktemp -d /tmp/rapor-bench.XXXXXX)
chmod 755 "$work"
pid=""
trap 'test -n "$pid" && kill $pid; "$root/deploy/pg-tmp" stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
eval "$("$root/deploy/pg-tmp" start "$work/pg" 5432)"
createdb rapor
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
"$build/client/rapor-admin" keygen "$work/server" >/dev/null
"$build/server/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
    --endpoint-file "$work/ep" --curve-secret-file "$work/server_secret" \
    --key-requests-per-second 0 --log-level warn \
    --database "host=$PGHOST port=$PGPORT dbname=rapor user=rapor_app" &
pid=$!
while [ ! -s "$work/ep" ]; do sleep 0.05; done
echo "== rapor-bench: K=$k clients for $seconds s through rapord (CURVE), then raw libpq"
"$build/bench/rapor-bench" "$(sed -n 1p "$work/ep")" "$work/server" \
    "host=$PGHOST port=$PGPORT dbname=rapor user=postgres" "$k" "$seconds"
echo "rapord peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
