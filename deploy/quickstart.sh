#!/bin/sh
# quickstart.sh: the demo quarter, end to end, on a private PostgreSQL.
#
#   1. installs the Debian packages it needs (as root) and builds Rapor;
#   2. starts a throwaway PostgreSQL in a temp dir on a unix socket only
#      (the system cluster is not touched), migrates it and loads the
#      Banyuwangi OPD list;
#   3. opens the current quarter, starts rapord on a loopback port;
#   4. has every OPD send its six component scores with rapor-submit;
#   5. prints what was stored, then stops everything and cleans up.
#
# KEEP=1 leaves the database and rapord's log in place for a look around.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RAPOR_BUILD_DIR:-$root/build}
started=$(date +%s)

say() { printf '\n== %s\n' "$*"; }

say "Installing packages and building"
"$root/deploy/install-deps"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
rapord=$build/server/rapord
submit=$build/client/rapor-submit

work=$(mktemp -d /tmp/rapor-quickstart.XXXXXX)
chmod 755 "$work"
rapord_pid=""
cleanup() {
    if [ -n "$rapord_pid" ]; then
        kill -TERM "$rapord_pid" 2>/dev/null || true
        wait "$rapord_pid" 2>/dev/null || true
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        echo "KEEP=1: database left running at $work (PGHOST=$work PGPORT=5432);"
        echo "        stop it with: $root/deploy/pg-tmp stop $work"
    else
        "$root/deploy/pg-tmp" stop "$work/pg" >/dev/null 2>&1 || true
        rm -rf "$work"
    fi
}
trap cleanup EXIT INT TERM

say "Starting a private PostgreSQL in $work/pg (unix socket only)"
eval "$("$root/deploy/pg-tmp" start "$work/pg" 5432)"
createdb rapor
export PGDATABASE=rapor
RAPOR_DATABASE="dbname=rapor" "$root/deploy/rapor-migrate" "$root/sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$root/deploy/banyuwangi-opd.sql"
echo "loaded $(psql -X -At -c 'SELECT count(*) FROM opds') OPDs of Kabupaten Banyuwangi"

period=$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))
say "Opening quarter $period"
# rapor-admin arrives with the quarter lifecycle; until then, plain SQL.
psql -X -q -v ON_ERROR_STOP=1 -v period="$period" <<'SQL'
INSERT INTO periods (code) VALUES (:'period');
SQL

say "Starting rapord on a loopback port"
"$rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" --endpoint-file "$work/endpoint" \
          --database "host=$PGHOST port=$PGPORT dbname=rapor user=postgres" \
          2>"$work/rapord.log" &
rapord_pid=$!
i=0
while [ ! -s "$work/endpoint" ]; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$rapord_pid" 2>/dev/null; then
        cat "$work/rapord.log" >&2
        echo "rapord did not start" >&2
        exit 1
    fi
    sleep 0.1
done
endpoint=$(sed -n 1p "$work/endpoint")
pub_endpoint=$(sed -n 2p "$work/endpoint")
echo "rapord is listening on $endpoint (log: $work/rapord.log)"

say "Every OPD submits its six component scores"
# A seeded, realistic spread: each OPD has a general level around 80, and
# each component wanders a little around it. Same seed, same demo.
psql -X -At -F ' ' -c "SELECT code FROM opds WHERE active ORDER BY id" |
awk 'BEGIN { srand(2024) }
     function clamp(x) { return x < 35 ? 35 : (x > 100 ? 100 : x) }
     { level = 62 + 30 * rand()
       printf "%s", $1
       for (c = 0; c < 6; c++) printf " %.2f", clamp(level + 16 * (rand() - 0.5))
       printf "\n" }' > "$work/scores.txt"
accepted=0
rejected=0
while read -r opd s1 s2 s3 s4 s5 s6; do
    if "$submit" --server "$endpoint" --opd "$opd" --period "$period" --quiet \
        pengawasan="$s1" perencanaan="$s2" pelaporan="$s3" \
        anggaran="$s4" inovasi="$s5" pengadaan="$s6" \
        --evidence inovasi="Laporan inovasi $opd triwulan $period"; then
        accepted=$((accepted + 1))
    else
        rejected=$((rejected + 1))
    fi
done < "$work/scores.txt"
echo "$accepted OPDs accepted, $rejected rejected"

say "A typing mistake (a score above 100) is caught before anything is sent"
"$submit" --server "$endpoint" --opd DINKES --period "$period" pengawasan=101 || true
say "A submission for a quarter that is not open is refused by the server"
"$submit" --server "$endpoint" --opd DINKES --period 2019-Q1 pengawasan=80 || true

say "What the database now holds for $period (latest value per component)"
psql -X -P pager=off -v period="$period" <<'SQL'
SELECT o.code AS opd,
       left(o.name, 32) AS name,
       (max(cs.score_centi) FILTER (WHERE cs.component = 'pengawasan') / 100.0)::numeric(5,2) AS pengawasan,
       (max(cs.score_centi) FILTER (WHERE cs.component = 'perencanaan') / 100.0)::numeric(5,2) AS perencanaan,
       (max(cs.score_centi) FILTER (WHERE cs.component = 'pelaporan') / 100.0)::numeric(5,2) AS pelaporan,
       (max(cs.score_centi) FILTER (WHERE cs.component = 'anggaran') / 100.0)::numeric(5,2) AS anggaran,
       (max(cs.score_centi) FILTER (WHERE cs.component = 'inovasi') / 100.0)::numeric(5,2) AS inovasi,
       (max(cs.score_centi) FILTER (WHERE cs.component = 'pengadaan') / 100.0)::numeric(5,2) AS pengadaan
  FROM current_scores cs JOIN opds o ON o.code = cs.opd
 WHERE cs.period = :'period'
 GROUP BY o.id, o.code, o.name
 ORDER BY o.id;
SELECT count(*) AS submissions,
       (SELECT count(*) FROM scores) AS scores,
       count(DISTINCT opd_id) AS opds
  FROM submissions;
SQL

say "rapord's log (last lines)"
tail -n 4 "$work/rapord.log"
echo
echo "Quickstart finished in $(( $(date +%s) - started )) s."
