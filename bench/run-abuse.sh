#!/bin/sh
# run-abuse.sh [SECONDS]: what abusive clients cost an honest OPD. On a
# throwaway PostgreSQL (fsync on) with rapord (CURVE, production defaults:
# 200 requests/s per key), rapor-bench-abuse measures one registered OPD's
# submit latency, unloaded and then under each abuse for SECONDS (30):
# unknown keys, wrong server key, plaintext (4 processes each), 1,000
# half-open sockets, malformed bodies from a registered key, and one
# 300 x 1 MB message; then unloaded again, to show how much the machine
# drifted. The abusers connect from 127.0.0.2, the measured OPD from
# 127.0.0.1. Beside each figure: the unloaded one, the audit rows added,
# rapord's peak RSS, and the targets; last, the audit rows of the whole run
# counted after rapord stopped. Prints figures only; it never fails on
# them. RAPORD_LOG_LEVEL sets rapord's log level (warn).
# RAPOR_BENCH_ABUSE_ONLY=MODE[,MODE] runs only those scenarios (modes:
# unknown-key, wrong-server-key, plaintext, half-open, malformed,
# big-message, busy). RAPOR_BENCH_FIREWALL=1 (root, nftables) first loads
# deploy/rapor-nftables.conf for rapord's port, as the operations guide
# advises, and removes it at the end.
# RAPOR_BENCH_SPLIT=1 (2 or more CPUs) runs the abusers on the last CPU and
# everything else (PostgreSQL, rapord, the measured OPD) on the others: an
# attacker's own CPU is not the server's, but on one machine the flooders
# would otherwise take the server's cores (the "busy" control shows how
# much that alone costs).
set -eu
if [ "${RAPOR_BENCH_SPLIT:-0}" = 1 ] && [ -z "${RAPOR_BENCH_ABUSER_CPU:-}" ]; then
    last=$(($(nproc --all) - 1))
    [ "$last" -ge 1 ] || { echo "RAPOR_BENCH_SPLIT needs 2 CPUs" >&2; exit 2; }
    RAPOR_BENCH_ABUSER_CPU=$last exec taskset -c "0-$((last - 1))" sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
seconds=${1:-30}
bench_setup
createdb rapor
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
psql -X -q -d rapor -c "INSERT INTO opds (code, name, kind) VALUES
    ('UJIJUJUR', 'OPD uji: klien jujur', 'kantor'),
    ('UJINAKAL', 'OPD uji: klien nakal', 'kantor')"
psql -X -q -d rapor -c "INSERT INTO periods (code) VALUES ('2031-Q3')"
bench_keygen server
bench_keygen honest
bench_keygen abuser
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-key-add" "$work/honest" UJIJUJUR opd >/dev/null
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-key-add" "$work/abuser" UJINAKAL opd >/dev/null
"$build/server/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
    --endpoint-file "$work/ep" --curve-secret-file "$work/server_secret" \
    --log-level ${RAPORD_LOG_LEVEL:-warn} 2>"$work/rapord.log" \
    --database "host=$PGHOST port=$PGPORT dbname=rapor user=rapor_app" &
pid=$!
while [ ! -s "$work/ep" ]; do sleep 0.05; done
if [ "${RAPOR_BENCH_FIREWALL:-0}" = 1 ]; then
    port=$(sed -n '1s/.*://p' "$work/ep")
    sed "s/^define RAPOR_PORT = .*/define RAPOR_PORT = $port/" "$root/deploy/rapor-nftables.conf" \
        > "$work/nftables.conf"
    nft -f "$work/nftables.conf"
    trap 'nft delete table inet rapor_guard 2>/dev/null; if [ -n "$pid" ]; then kill $pid 2>/dev/null; fi; "$root/deploy/pg-tmp" stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
    echo "== firewall: deploy/rapor-nftables.conf loaded for port $port"
fi
echo "== rapord $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), open files limit" \
     "$(awk '/Max open files/ {print $4}' /proc/$pid/limits); load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores${RAPOR_BENCH_ABUSER_CPU:+, abusers on CPU $RAPOR_BENCH_ABUSER_CPU}"
"$build/bench/rapor-bench-abuse" "$(sed -n 1p "$work/ep")" "$work/server" \
    "$work/honest_secret" "$work/abuser_secret" "$pid" \
    "host=$PGHOST port=$PGPORT dbname=rapor user=postgres" 2031-Q3 UJIJUJUR "$seconds"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${RAPOR_BENCH_FIREWALL:-0}" = 1 ]; then
    echo "== firewall counters (new connections dropped):"
    nft list table inet rapor_guard | grep counter
fi
if kill -0 "$pid" 2>/dev/null; then
    echo "rapord peak RSS over the whole run: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
    # Stopped before the last count: a rapord that writes its refusals as
    # summary rows writes what it still holds when it stops.
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
else
    echo "rapord is no longer running; its last log lines:"
    tail -n 5 "$work/rapord.log"
fi
honest=$(sed -n 's/^ *public-key = "\(.*\)" *$/\1/p' "$work/honest" | head -n 1)
echo "audit rows over the whole run, rapord stopped, the measured OPD's own left out:" \
     "$(psql -X -q -At -d rapor -v key="$honest" <<'SQL'
SELECT count(*) FROM audit_log WHERE public_key IS DISTINCT FROM :'key';
SQL
)"
