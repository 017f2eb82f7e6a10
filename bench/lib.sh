# lib.sh: what every bench script does first; sourced, not run.
#   bench_setup   installs packages, builds, makes $work, starts a throwaway
#                 PostgreSQL there (PGHOST/PGPORT exported) and removes it
#                 all on exit; $pid, if set, is a rapord to stop on exit.
#   bench_keygen NAME   writes $work/NAME and $work/NAME_secret
bench_setup () {
    root=$(cd "$(dirname "$0")/.." && pwd)
    build=${RAPOR_BUILD_DIR:-$root/build}
    "$root/deploy/install-deps"
    cmake -S "$root" -B "$build" >/dev/null
    cmake --build "$build" -j "$(nproc)" >/dev/null
    work=$(mktemp -d /tmp/rapor-bench.XXXXXX)
    chmod 755 "$work"
    pid=""
    trap 'if [ -n "$pid" ]; then kill $pid 2>/dev/null; fi; "$root/deploy/pg-tmp" stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
    eval "$("$root/deploy/pg-tmp" start "$work/pg" 5432)"
}

bench_keygen () {
    "$build/client/rapor-admin" keygen "$work/$1" >/dev/null
}
