#!/bin/sh
# quickstart.sh: the demo quarter, end to end, on a private PostgreSQL.
#
#   1. installs the Debian packages it needs (as root) and builds Rapor;
#   2. starts a throwaway PostgreSQL in a temp dir on a unix socket only
#      (the system cluster is not touched), migrates it and loads the
#      Banyuwangi OPD list with the default assessors;
#   3. starts rapord on loopback ports; the inspectorate opens the current
#      quarter with rapor-admin and sets base TPP; a dashboard starts;
#   4. every OPD self-assesses, the five assessor OPDs send verified scores
#      for every OPD (a seeded, realistic spread), mistakes are refused;
#   5. the inspectorate closes the quarter; finalizing is refused while one
#      verified score is still missing, and the missing list names it and
#      who owes it; once it arrives, the preview and then the finalization
#      go through;
#      DINKES objects to a verified score during the masa sanggah and the
#      assessor accepts it with a correction;
#   6. rapor-watch shows
#      the announced ranking with best, worst and TPP consequences, and the
#      CSV for BPKAD is written; rapor-card prints the 67 report cards and
#      the announcement into build/rapor-card-PERIOD/ (they stay); then
#      everything else is stopped and removed.
#
# rapor-web, the hall screen, runs along from step 3 on and prints the
# address to open (http://127.0.0.1:8080/ unless WEB_LISTEN says another;
# WEB=0 leaves it out). WEB_HOLD=1 keeps everything up at the end until
# Enter is pressed, to look at the screens (and /upacara) at leisure.
# KEEP=1 leaves the database and rapord's log in place for a look around.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RAPOR_BUILD_DIR:-$root/build}
started=$(date +%s)

say() { printf '\n== %s\n' "$*"; }

# The demo speaks Indonesian, as its users do (DEMO_LANG=en keeps it
# English): LANG=id_ID.UTF-8 when that locale is installed, else
# LANGUAGE=id over C.UTF-8, which glibc honours with no generated locale.
# The catalogs come from the build tree (build/locale).
if [ "${DEMO_LANG:-id}" = id ]; then
    unset LC_ALL LC_MESSAGES
    if locale -a 2>/dev/null | grep -qix 'id_ID\.utf-\?8'; then
        export LANG=id_ID.UTF-8
    else
        export LANG=C.UTF-8 LANGUAGE=id
    fi
    export RAPOR_LOCALEDIR="$build/locale"
fi

say "Installing packages and building"
"$root/deploy/install-deps"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
rapord=$build/server/rapord
submit=$build/client/rapor-submit

work=$(mktemp -d /tmp/rapor-quickstart.XXXXXX)
chmod 755 "$work"
rapord_pid=""
web_pid=""
cleanup() {
    if [ -n "$web_pid" ]; then
        kill -TERM "$web_pid" 2>/dev/null || true
        wait "$web_pid" 2>/dev/null || true
    fi
    if [ -n "$rapord_pid" ]; then
        kill -TERM "$rapord_pid" 2>/dev/null || true
        wait "$rapord_pid" 2>/dev/null || true
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        echo "KEEP=1: database left running (PGHOST=$work/pg PGPORT=5432 PGDATABASE=rapor);"
        echo "        stop it with: $root/deploy/pg-tmp stop $work/pg"
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
admin=$build/client/rapor-admin
watch=$build/client/rapor-watch

say "Keys: one for the server, and one per OPD and role (CURVE)"
keys=$work/keys
mkdir -p "$keys"
"$admin" keygen "$keys/server" "rapord" | tail -n 1
"$admin" keygen "$keys/INSPEKTORAT.inspectorate" "inspektorat" >/dev/null
# The first inspectorate key goes in as the database owner; every other
# key is then registered by the inspectorate over the protocol.
"$root/deploy/rapor-key-add" "$keys/INSPEKTORAT.inspectorate" INSPEKTORAT inspectorate >/dev/null
export RAPOR_SERVER_KEY="$keys/server"

say "Starting rapord on loopback ports, CURVE on, as the least-privilege role rapor_app"
"$rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
          --endpoint-file "$work/endpoint" --curve-secret-file "$keys/server_secret" \
          --database "host=$PGHOST port=$PGPORT dbname=rapor user=rapor_app" \
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
export RAPOR_SERVER="$endpoint" RAPOR_BROADCAST="$pub_endpoint"
echo "rapord: requests on $endpoint, broadcasts on $pub_endpoint (log: $work/rapord.log)"

inspectorate="--key $keys/INSPEKTORAT.inspectorate_secret"
say "The inspectorate registers a key for every OPD, the assessors and a dashboard"
n=0
for opd in $(psql -X -At -c "SELECT code FROM opds WHERE active ORDER BY id"); do
    "$admin" keygen "$keys/$opd.opd" "$opd" >/dev/null
    "$admin" $inspectorate key add "$keys/$opd.opd" "$opd" opd >/dev/null
    n=$((n + 1))
done
for opd in INSPEKTORAT BAPPEDA ORGANISASI BPKAD PBJ; do
    "$admin" keygen "$keys/$opd.assessor" "$opd assessor" >/dev/null
    "$admin" $inspectorate key add "$keys/$opd.assessor" "$opd" assessor >/dev/null
done
"$admin" keygen "$keys/DISKOMINFO.dashboard" "dashboard" >/dev/null
"$admin" $inspectorate key add "$keys/DISKOMINFO.dashboard" DISKOMINFO dashboard
echo "$n OPD keys, 5 assessor keys, 1 dashboard key, 1 inspectorate key"

if [ "${WEB:-1}" != 0 ]; then
    say "The hall screen: rapor-web, with the dashboard key"
    web_listen=${WEB_LISTEN:-127.0.0.1:8080}
    "$build/client/rapor-web" --listen "$web_listen" --key "$keys/DISKOMINFO.dashboard_secret" \
        --server "$endpoint" --broadcast "$pub_endpoint" --state "$work/web.state" \
        2>"$work/rapor-web.log" &
    web_pid=$!
    i=0
    while ! grep -q "url=" "$work/rapor-web.log" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 50 ] || ! kill -0 "$web_pid" 2>/dev/null; then
            cat "$work/rapor-web.log" >&2
            echo "rapor-web did not start (the demo goes on without it; WEB_LISTEN=127.0.0.1:8081 picks another port)" >&2
            web_pid=""
            break
        fi
        sleep 0.1
    done
    if [ -n "$web_pid" ]; then
        echo "Open http://$web_listen/ for the hall screen, http://$web_listen/upacara for the ceremony"
    fi
fi

say "The inspectorate opens quarter $period"
"$admin" $inspectorate open "$period"
# Base TPP per OPD (rupiah, demo figures) so the consequences show in rupiah.
psql -X -At -c "SELECT code FROM opds WHERE active ORDER BY id" | awk 'BEGIN { srand(7) }
    { printf "%s %d\n", $1, (40 + int(rand() * 80)) * 5000000 }' > "$work/tpp.txt"
while read -r opd amount; do
    "$admin" $inspectorate tpp "$period" "$opd" "$amount" >/dev/null
done < "$work/tpp.txt"
echo "base TPP set for $(wc -l < "$work/tpp.txt") OPDs"

say "A dashboard starts watching before the quarter is announced"
"$watch" --key "$keys/DISKOMINFO.dashboard_secret" --period "$period" --once \
    > "$work/watch.txt" 2>"$work/watch.err" &
watch_pid=$!

# A seeded, realistic spread: each OPD has a general level around 78, each
# component wanders around it, and self-assessments run a little generous.
# Same seed, same demo.
psql -X -At -c "SELECT code FROM opds WHERE active ORDER BY id" |
awk 'BEGIN { srand(2024) }
     function clamp(x) { return x < 35 ? 35 : (x > 100 ? 100 : x) }
     { level = 62 + 32 * rand()
       printf "%s", $1
       for (c = 0; c < 6; c++) { v = clamp(level + 16 * (rand() - 0.5)); printf " %.2f %.2f", v, clamp(v + 8 * rand()) }
       printf "\n" }' > "$work/scores.txt"

say "Every OPD sends its self-assessment"
n=0
while read -r opd v1 s1 v2 s2 v3 s3 v4 s4 v5 s5 v6 s6; do
    "$submit" --key "$keys/$opd.opd_secret" --opd "$opd" --period "$period" --quiet \
        pengawasan="$s1" perencanaan="$s2" pelaporan="$s3" \
        anggaran="$s4" inovasi="$s5" pengadaan="$s6" \
        --evidence inovasi="Laporan inovasi $opd triwulan $period" && n=$((n + 1))
done < "$work/scores.txt"
echo "$n self-assessments stored"

say "The assessors send verified scores for every OPD"
echo "  pengawasan: INSPEKTORAT   perencanaan, inovasi: BAPPEDA   pelaporan: ORGANISASI"
echo "  anggaran: BPKAD           pengadaan: PBJ"
n=0
while read -r opd v1 s1 v2 s2 v3 s3 v4 s4 v5 s5 v6 s6; do
    "$submit" -q -k "$keys/INSPEKTORAT.assessor_secret" --verified --opd "$opd" --period "$period" pengawasan="$v1" &&
    "$submit" -q -k "$keys/BAPPEDA.assessor_secret" --verified --opd "$opd" --period "$period" perencanaan="$v2" inovasi="$v5" &&
    "$submit" -q -k "$keys/ORGANISASI.assessor_secret" --verified --opd "$opd" --period "$period" pelaporan="$v3" &&
    "$submit" -q -k "$keys/BPKAD.assessor_secret" --verified --opd "$opd" --period "$period" anggaran="$v4" &&
    # PBJ is late with one OPD's procurement score; the guard below notices.
    if [ "$opd" != KEC_LICIN ]; then
        "$submit" -q -k "$keys/PBJ.assessor_secret" --verified --opd "$opd" --period "$period" pengadaan="$v6"
    fi &&
    n=$((n + 1))
done < "$work/scores.txt"
echo "verified scores stored for $n OPDs (PBJ has not yet scored KEC_LICIN)"

say "Mistakes and overreach are refused, and nothing is stored"
"$submit" -k "$keys/DINKES.opd_secret" --opd DINKES --period "$period" pengawasan=101 || true
"$submit" -k "$keys/DINKES.opd_secret" --opd DISHUB --period "$period" pengawasan=100 || true
"$submit" -k "$keys/DINKES.opd_secret" --verified --opd DINKES --period "$period" pengawasan=100 || true
"$submit" -k "$keys/BAPPEDA.assessor_secret" --verified --opd DISHUB --period "$period" pengawasan=100 || true
"$admin" keygen "$keys/stranger" >/dev/null
"$submit" -k "$keys/stranger_secret" --opd DINKES --period "$period" pengawasan=100 -t 1000 || true

say "The inspectorate closes $period; finalizing is refused while a score is missing"
"$admin" $inspectorate close "$period"
"$admin" $inspectorate finalize "$period" || true
"$admin" $inspectorate missing "$period"

say "The late score: the quarter is reopened with a reason, PBJ sends it, the quarter is closed"
"$admin" $inspectorate reopen "$period" "PBJ belum menilai Kecamatan Licin"
licin=$(grep '^KEC_LICIN ' "$work/scores.txt" | awk '{ print $12 }')
"$submit" -q -k "$keys/PBJ.assessor_secret" --verified --opd KEC_LICIN --period "$period" pengadaan="$licin"
"$admin" $inspectorate close "$period"

say "Masa sanggah: DINKES checks its verified scores and objects to one"
"$submit" -k "$keys/DINKES.opd_secret" --opd DINKES --period "$period" --mine
"$submit" -k "$keys/DINKES.opd_secret" --opd DINKES --period "$period" \
    --object inovasi "Bukti inovasi (aplikasi antrean online) sudah diunggah 12 September"
"$admin" $inspectorate finalize "$period" || true
objection=$(psql -X -At -c "SELECT max(id) FROM objections")
echo "BAPPEDA, the inovasi assessor, accepts it with a corrected score:"
"$admin" -k "$keys/BAPPEDA.assessor_secret" answer "$period" "$objection" accept 88.50 \
    "Bukti diterima; nilai dikoreksi"
"$admin" $inspectorate finalize "$period" --preview | head -n 3

say "The inspectorate finalizes $period"
start_ns=$(date +%s%N)
"$admin" $inspectorate finalize "$period" | head -n 1
wait "$watch_pid" || true
end_ns=$(date +%s%N)
echo "finalize to the dashboard's table: $(( (end_ns - start_ns) / 1000000 )) ms (including starting rapor-admin)"

say "The announced ranking, as rapor-watch shows it"
if [ -s "$work/watch.txt" ]; then
    cat "$work/watch.txt"
else
    echo "rapor-watch showed nothing; what it said:" >&2
    cat "$work/watch.err" >&2
    exit 1
fi

say "Anyone can check the stored record against its digest"
"$admin" $inspectorate verify "$period"

say "The payroll file for BPKAD (first lines)"
"$admin" $inspectorate export "$period" "$work/tpp-$period.csv"
head -n 4 "$work/tpp-$period.csv"

say "The rapor: a report card for every OPD and the announcement (rapor-card)"
# Written outside the temp dir, so they stay after the quickstart.
cards=${RAPOR_CARDS_DIR:-$build/rapor-card-$period}
mkdir -p "$cards"
"$build/client/rapor-card" $inspectorate --config "$root/deploy/rapor-card.conf" \
    --period "$period" --out "$cards" --announcement "$cards/pengumuman-$period.pdf"
echo "DINKES prints its own card with its own key; another OPD's card is refused:"
"$build/client/rapor-card" --key "$keys/DINKES.opd_secret" --period "$period" --opd DINKES \
    --config "$root/deploy/rapor-card.conf" --combined "$cards/DINKES-sendiri.pdf"
"$build/client/rapor-card" --key "$keys/DINKES.opd_secret" --period "$period" --opd BAPPEDA \
    --config "$root/deploy/rapor-card.conf" --combined "$cards/BAPPEDA.pdf" || true
echo "The $(ls "$cards" | grep -c '^[A-Z0-9_]*\.pdf$') cards (one PDF per OPD, named by its code) and the"
echo "announcement are in $cards/"

say "A late submission for the finalized quarter is refused"
"$submit" -k "$keys/DINKES.opd_secret" --opd DINKES --period "$period" inovasi=100 || true

say "The audit log (last entries)"
psql -X -P pager=off -c "SELECT to_char(at, 'HH24:MI:SS') AS at, opd, role, action, outcome, reason
                           FROM audit_log ORDER BY id DESC LIMIT 8"

say "rapord's log (last lines)"
tail -n 4 "$work/rapord.log"
if [ -n "$web_pid" ] && [ "${WEB_HOLD:-0}" = 1 ]; then
    say "The hall screen is at http://$web_listen/ (ceremony: /upacara); press Enter to stop"
    read -r _ || true
fi
echo
echo "Quickstart finished in $(( $(date +%s) - started )) s."
