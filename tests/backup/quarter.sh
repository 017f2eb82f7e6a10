# quarter.sh: sourced by the backup, restore and upgrade tests and by
# tests/upgrade/make-schema-11.sh. A private PostgreSQL, rapord on loopback
# ports, and a quarter finalized through the real tools, using only what
# Rapor had at schema version 11 too (rapor-key-add, rapor-submit --opd,
# rapor-admin open/close/finalize), so the same steps make the upgrade
# fixture with that release's binaries.
#
# The caller sets: root (source tree), bin (dir holding rapord, rapor-admin,
# rapor-submit), work (a temp dir, chmod 755), and may set RAPORD_EXTRA
# (more rapord flags). Every function exits the script on failure.

q_fail() { echo "FAIL: $*" >&2; exit 1; }

# q_workdir NAME BUILD_DIR: sets work (a new temp dir, chmod 755) and bin
# (links there to BUILD_DIR's rapord, rapor-admin and rapor-submit), and
# the rapord flags of a test (no config file, no waiting for the database).
q_workdir() {
    work=$(mktemp -d "/tmp/rapor-$1.XXXXXX")
    chmod 755 "$work"
    mkdir "$work/bin"
    for b in server/rapord client/rapor-admin client/rapor-submit; do
        ln -s "$2/$b" "$work/bin/"
    done
    bin=$work/bin
    RAPORD_EXTRA="--no-config --database-wait-seconds 0"
}

# q_pg_start DIR: a new cluster in DIR (deploy/pg-tmp), PG* exported.
q_pg_start() {
    eval "$("$root/deploy/pg-tmp" start "$1" 5432)" || q_fail "cannot start PostgreSQL in $1"
    export PGDATABASE=rapor
}

# q_keys DIR: the server's key pair and one key per OPD and role.
q_keys() {
    mkdir -p "$1"
    "$bin/rapor-admin" keygen "$1/server" >/dev/null || q_fail keygen
    for k in INSPEKTORAT.inspectorate INSPEKTORAT.assessor BAPPEDA.assessor ORGANISASI.assessor \
             BPKAD.assessor PBJ.assessor DINKES.opd DISHUB.opd KEC_LICIN.opd; do
        "$bin/rapor-admin" keygen "$1/$k" >/dev/null || q_fail keygen
    done
}

# q_rapord_start NAME KEYS: rapord on the database rapor of $PGHOST, as
# rapor_app; its log is $work/NAME.log; sets rapord_pid, endpoint.
q_rapord_start() {
    rm -f "$work/$1.endpoint"
    # shellcheck disable=SC2086
    "$bin/rapord" --endpoint "tcp://127.0.0.1:*" --pub-endpoint "tcp://127.0.0.1:*" \
        --endpoint-file "$work/$1.endpoint" --curve-secret-file "$2/server_secret" \
        --database "host=$PGHOST port=$PGPORT dbname=rapor user=rapor_app" ${RAPORD_EXTRA:-} \
        2>"$work/$1.log" &
    rapord_pid=$!
    i=0
    while [ ! -s "$work/$1.endpoint" ] || [ "$(wc -l < "$work/$1.endpoint")" -lt 2 ]; do
        i=$((i + 1))
        if [ $i -gt 300 ] || ! kill -0 "$rapord_pid" 2>/dev/null; then
            cat "$work/$1.log" >&2
            q_fail "rapord did not start"
        fi
        sleep 0.1
    done
    endpoint=$(sed -n 1p "$work/$1.endpoint")
}

q_rapord_stop() {
    if [ -n "${rapord_pid:-}" ]; then
        kill -TERM "$rapord_pid" 2>/dev/null || true
        wait "$rapord_pid" 2>/dev/null || true
        rapord_pid=""
    fi
}

# q_admin KEYS ARGS...: rapor-admin with the inspectorate's key.
q_admin() {
    keys=$1
    shift
    "$bin/rapor-admin" --server "$endpoint" --server-key "$keys/server" \
        --key "$keys/INSPEKTORAT.inspectorate_secret" "$@"
}

# q_submit ARGS...: rapor-submit; $keys holds the server's public key.
q_submit() {
    "$bin/rapor-submit" --server "$endpoint" --server-key "$keys/server" --quiet "$@" ||
        q_fail "rapor-submit $*"
}

# q_quarter KEYS PERIOD: on a migrated, empty database rapor: the OPDs,
# the first key as the owner, the others over the protocol; the period is
# opened, every OPD self-assesses, the assessors send verified scores,
# the period is closed and finalized.
q_quarter() {
    keys=$1
    period=$2
    psql -X -q -v ON_ERROR_STOP=1 -f "$root/tests/backup/opds.sql" || q_fail "opds.sql"
    "$root/deploy/rapor-key-add" "$keys/INSPEKTORAT.inspectorate" INSPEKTORAT inspectorate \
        >/dev/null || q_fail rapor-key-add
    q_rapord_start before "$keys"
    for k in INSPEKTORAT.assessor BAPPEDA.assessor ORGANISASI.assessor BPKAD.assessor \
             PBJ.assessor DINKES.opd DISHUB.opd KEC_LICIN.opd; do
        q_admin "$keys" key add "$keys/$k" "${k%.*}" "${k#*.}" >/dev/null || q_fail "key add $k"
    done
    q_admin "$keys" open "$period" >/dev/null || q_fail "open $period"
    q_admin "$keys" tpp "$period" DINKES 150000000 >/dev/null || q_fail tpp
    n=0
    for opd in INSPEKTORAT BAPPEDA ORGANISASI BPKAD PBJ DINKES DISHUB KEC_LICIN; do
        n=$((n + 1))
        # Distinct, reproducible scores with two decimals.
        a=$((60 + n * 4)).$((n * 7 % 100))
        b=$((95 - n * 3)).5
        c=$((70 + n)).25
        if [ -f "$keys/$opd.opd" ]; then
            q_submit --key "$keys/$opd.opd_secret" --opd "$opd" --period "$period" \
                pengawasan="$b" perencanaan="$a" pelaporan="$c" anggaran="$a" inovasi="$b" \
                pengadaan="$c"
        fi
        q_submit --key "$keys/INSPEKTORAT.assessor_secret" --verified --opd "$opd" \
            --period "$period" pengawasan="$a"
        q_submit --key "$keys/BAPPEDA.assessor_secret" --verified --opd "$opd" \
            --period "$period" perencanaan="$b" inovasi="$c"
        q_submit --key "$keys/ORGANISASI.assessor_secret" --verified --opd "$opd" \
            --period "$period" pelaporan="$c"
        q_submit --key "$keys/BPKAD.assessor_secret" --verified --opd "$opd" \
            --period "$period" anggaran="$b"
        q_submit --key "$keys/PBJ.assessor_secret" --verified --opd "$opd" \
            --period "$period" pengadaan="$a"
    done
    q_admin "$keys" close "$period" >/dev/null || q_fail "close $period"
    q_admin "$keys" finalize "$period" >/dev/null || q_fail "finalize $period"
}

# q_served KEYS PERIOD OUT: the finalized ranking as served, into OUT: the
# BPKAD CSV (with the digest) and the JSON standings. Fails unless verify
# passes.
q_served() {
    q_admin "$1" verify "$2" > "$3.verify" || { cat "$3.verify" >&2; q_fail "verify $2"; }
    q_admin "$1" export "$2" > "$3.csv" || q_fail "export $2"
    q_admin "$1" --json standings "$2" > "$3.json" 2>"$3.json.err" || q_fail "standings $2"
}
