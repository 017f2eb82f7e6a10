#!/bin/sh
# run-tests.sh: build Rapor and run every test, as CI does.
#
#   1. the normal build (-Werror) and the whole suite with ctest: unit tests,
#      integration tests and fault tests (label "fault": rapord killed,
#      PostgreSQL restarted and paused under load, a dashboard killed)
#      against a throwaway PostgreSQL that ctest starts (tests/pg-fixture.sh)
#      and removes again;
#   2. the same suite built with clang under AddressSanitizer and
#      UndefinedBehaviorSanitizer (any report fails a test);
#   3. the libFuzzer target over the request path, for RAPOR_FUZZ_SECONDS
#      (default 60), from the seed corpus in tests/fuzz/corpus;
#   beside 2 and 3, in the background, the package test
#      (tests/package/install-test.sh; RAPOR_PACKAGE_TEST=0 skips it).
# RAPOR_SANITIZE=0 skips 2 and 3. Installs what it needs with apt-get (as
# root). Exit status: non-zero if anything failed.
#
#   sh deploy/run-tests.sh --repeat N
# hunts flaky tests instead: builds both, then runs the integration and
# fault labels N times in a row in the normal build and N times in the
# sanitizer build (fault tests included), every other run beside a
# CPU-busy neighbour, as CI's two stages share two cores. It stops at the
# first failing run and says which; otherwise it prints the counts.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RAPOR_BUILD_DIR:-$root/build}
san=$build-sanitize
jobs=$(nproc)

"$root/deploy/install-deps"

# One configuration of each build, whether for the suite or for a hunt.
build_normal () {
    cmake -S "$root" -B "$build" -DRAPOR_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j "$jobs"
}
build_sanitize () {
    CC=clang cmake -S "$root" -B "$san" -DRAPOR_WERROR=ON -DRAPOR_SANITIZE=ON -DRAPOR_FUZZ=ON \
        -DCMAKE_BUILD_TYPE=Debug >/dev/null
    cmake --build "$san" -j "$jobs"
}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
# What pango, cairo and fontconfig keep until exit is not ours (see the file).
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

if [ "${1:-}" = "--repeat" ]; then
    runs=${2:?--repeat needs a number of runs}
    case $runs in ''|*[!0-9]*) echo "--repeat needs a number, not '$runs'" >&2; exit 2 ;; esac
    build_normal >/dev/null
    build_sanitize >/dev/null
    busy=""
    trap '[ -z "$busy" ] || kill "$busy" 2>/dev/null' EXIT
    for dir in "$build" "$san"; do
        i=1
        while [ "$i" -le "$runs" ]; do
            neighbour="alone"
            if [ $((i % 2)) = 0 ]; then
                sh -c 'while :; do :; done' &
                busy=$!
                neighbour="beside a busy neighbour"
            fi
            started=$(date +%s)
            if ! (cd "$dir" && ctest -j 2 -L 'integration|fault' --output-on-failure) \
                    >"$dir/repeat-$i.log" 2>&1; then
                [ -z "$busy" ] || kill "$busy"
                grep -E "Failed|FAIL|Assertion|expression" "$dir/repeat-$i.log" | head -20
                echo "FLAKY: run $i of $runs in $(basename "$dir") failed ($neighbour);" \
                     "the whole output is in $dir/repeat-$i.log" >&2
                exit 1
            fi
            [ -z "$busy" ] || kill "$busy"
            busy=""
            echo "$(basename "$dir"): run $i of $runs passed in $(($(date +%s) - started)) s ($neighbour)"
            i=$((i + 1))
        done
    done
    echo "all $runs runs passed in both builds"
    exit 0
fi

# The package test (ctest label "package": build the .debs, debootstrap a
# clean Debian 12 root, install them and run a quarter in it) takes many
# minutes of wall time but few of CPU (6m20s to 13m49s, and 3m20s, measured
# on a busy 2-core machine): it waits on Debian's archive and dpkg. So it
# runs in the background beside stages 2 and 3, started by the script
# itself (two ctest runs must not share a build directory's logs), and its
# result is read at the end. RAPOR_PACKAGE_TEST=0 skips it;
# it skips itself (exit 77) without root or debootstrap.
package_pid=""
package_log=$build/package-test.log
corpus=""
trap '[ -z "$package_pid" ] || kill "$package_pid" 2>/dev/null; [ -z "$corpus" ] || rm -rf "$corpus"' EXIT
package_result () {
    [ -n "$package_pid" ] || return 0
    echo "== the package test (started in the background; log: $package_log)"
    package_status=0
    wait "$package_pid" || package_status=$?
    package_pid=""
    case $package_status in
        0)  tail -n 1 "$package_log" ;;
        77) echo "package test skipped: $(tail -n 1 "$package_log")" ;;
        *)  tail -n 60 "$package_log"
            echo "the package test FAILED (exit $package_status); the whole log: $package_log" >&2
            return 1 ;;
    esac
}

echo "== 1. build and test"
build_normal
(cd "$build" && ctest --output-on-failure -j 2 -LE package "$@")
# Started only now: the fault tests of stage 1 are the ones that a busy
# neighbour could hurt, and the sanitizer stage's deadlines are generous.
if [ "${RAPOR_PACKAGE_TEST:-1}" != 0 ] && [ $# = 0 ]; then
    sh "$root/tests/package/install-test.sh" > "$package_log" 2>&1 &
    package_pid=$!
fi

if [ "${RAPOR_SANITIZE:-1}" = 0 ]; then
    package_result
    exit 0
fi

echo "== 2. the same tests under ASan and UBSan"
build_sanitize
# The fault tests ran in stage 1; under the sanitizers they would only be slow.
# The package test builds its own packages (without sanitizers): stage 1 ran it.
(cd "$san" && ctest --output-on-failure -j 2 -LE 'fault|package' "$@")

echo "== 3. fuzzing the request path for ${RAPOR_FUZZ_SECONDS:-60} s"
corpus=$(mktemp -d /tmp/rapor-fuzz.XXXXXX)
cp "$root"/tests/fuzz/corpus/* "$corpus"/
status=0
"$san/fuzz_request" -max_total_time="${RAPOR_FUZZ_SECONDS:-60}" -max_len=70000 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$corpus/" "$corpus" \
    >"$corpus/fuzz.log" 2>&1 || status=$?
grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$corpus/fuzz.log" || true
if [ "$status" != 0 ]; then
    tail -n 60 "$corpus/fuzz.log"
    echo "fuzzing FOUND A PROBLEM (exit $status); the input is in the log above" >&2
    exit 1
fi
echo "fuzzing: no crash, leak or undefined behaviour found"
package_result
