#!/bin/sh
# run-card.sh [N...]: how fast rapor-card prints, for the 67 demo OPDs and
# for N synthetic ones (default: 67 3000).
#
# Four quarters (2024-Q1 to 2024-Q4) are filled with SQL (bench/card-quarter.sql,
# setup, not measured) and finalized by rapor-admin; then rapor-card, with
# the inspectorate's key, writes every card of 2024-Q4 into a directory and
# the announcement, and, separately, every card into one combined file.
# Printed: seconds, cards per second and rapor-card's peak RSS
# (/usr/bin/time). Targets: 67 cards plus the announcement in <= 3 s;
# >= 30 cards/s at 3,000; RSS <= 100 MiB writing 3,000 cards to one file.
# KEEP=DIR copies the demo's PDFs there (docs/rapor-card.png is rendered
# from its DINKES.pdf).
set -eu
. "$(dirname "$0")/lib.sh"
sizes=${*:-67 3000}
bench_setup
bench_keygen server
bench_keygen inspectorate
export RAPOR_KEY="$work/inspectorate_secret" RAPOR_SERVER_KEY="$work/server"
admin=$build/client/rapor-admin
card=$build/client/rapor-card

for n in $sizes; do
    db=c$n
    createdb "$db"
    RAPOR_DATABASE="dbname=$db" "$root/deploy/rapor-migrate" "$root/sql" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$root/deploy/banyuwangi-opd.sql"
    if [ "$n" != 67 ]; then
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v n="$n" <<'SQL'
INSERT INTO opds (code, name, kind)
SELECT 'S' || lpad(g::text, 6, '0'), 'Satuan Kerja Sintetis Nomor ' || g, 'kantor'
  FROM generate_series(1, :n - 67) g;
SQL
    fi
    RAPOR_DATABASE="dbname=$db" "$root/deploy/rapor-key-add" "$work/inspectorate" INSPEKTORAT \
        inspectorate >/dev/null
    rm -f "$work/ep"
    "$build/server/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
        --endpoint-file "$work/ep" --db-timeout-ms 60000 2>"$work/rapord.log" \
        --curve-secret-file "$work/server_secret" \
        --database "host=$PGHOST port=$PGPORT dbname=$db user=rapor_app" &
    pid=$!
    while [ ! -s "$work/ep" ]; do sleep 0.05; done
    export RAPOR_SERVER="$(sed -n 1p "$work/ep")"
    for q in 2024-Q1 2024-Q2 2024-Q3 2024-Q4; do
        skip=-
        if [ "$q" = 2024-Q4 ]; then skip=KEC_LICIN; fi
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v q="$q" -v skip="$skip" \
             -f "$root/bench/card-quarter.sql"
        "$admin" finalize "$q" >/dev/null 2>&1 \
            || "$admin" finalize "$q" --force "PBJ belum menilai Kecamatan Licin" >/dev/null 2>&1
    done
    out=$work/cards-$n
    mkdir -p "$out"
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss" "$card" --config "$root/deploy/rapor-card.conf" \
        --period 2024-Q4 --out "$out" --announcement "$out/pengumuman-2024-Q4.pdf" 2>/dev/null
    t1=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss-combined" "$card" --config "$root/deploy/rapor-card.conf" \
        --period 2024-Q4 --combined "$work/combined-$n.pdf" 2>/dev/null
    t2=$(date +%s%N)
    files=$(ls "$out" | grep -c '\.pdf$')
    awk -v n="$n" -v files="$files" -v a="$((t1 - t0))" -v b="$((t2 - t1))" \
        -v ra="$(cat "$work/rss")" -v rb="$(cat "$work/rss-combined")" 'BEGIN {
        printf "%5d OPDs: %d cards + announcement in %.2f s (%.0f cards/s), peak RSS %.1f MiB\n",
               n, files - 1, a / 1e9, n / (a / 1e9), ra / 1024
        printf "%5d OPDs: one combined file in %.2f s (%.0f cards/s), peak RSS %.1f MiB\n",
               n, b / 1e9, n / (b / 1e9), rb / 1024 }'
    if [ -n "${KEEP:-}" ] && [ "$n" = 67 ]; then
        mkdir -p "$KEEP"
        cp "$out"/*.pdf "$work/combined-$n.pdf" "$KEEP"/
    fi
    kill "$pid"
    wait "$pid" || true
    pid=""
done
