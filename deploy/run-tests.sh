#!/bin/sh
# run-tests.sh: build Rapor and run the whole test suite with ctest.
#
# Installs what it needs with apt-get (as root), builds with -Werror in
# build/, and lets ctest start a throwaway PostgreSQL (tests/pg-fixture.sh)
# that it removes again at the end. Exit status is ctest's.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RAPOR_BUILD_DIR:-$root/build}

"$root/deploy/install-deps"
cmake -S "$root" -B "$build" -DRAPOR_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j 2 "$@"
