#!/bin/sh
# units-check.sh BUILD_DIR: every systemd unit in deploy/ passes
# `systemd-analyze verify` (its ExecStart pointed at this build, its man
# pages found in man/), and each is rated "OK" or better by
# `systemd-analyze security --offline=yes` (exposure <= 2.0). Prints each
# unit's exposure figure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?usage: units-check.sh BUILD_DIR}" && pwd)
work=$(mktemp -d /tmp/rapor-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0
for unit in "$root"/deploy/*.service; do
    name=$(basename "$unit")
    # The package installs rapord in /usr/sbin, the tools in /usr/bin; here
    # they are in the build.
    sed -e "s|/usr/sbin/rapord|$build/server/rapord|" \
        -e "s|/usr/bin/rapor-|$build/client/rapor-|" "$unit" > "$work/$name"
    if ! MANPATH="$root/man" systemd-analyze verify "$work/$name"; then
        echo "units-check: systemd-analyze verify failed for $name" >&2
        failed=1
    fi
    exposure=$(systemd-analyze security --offline=yes "$work/$name" 2>/dev/null |
               sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    echo "units-check: $name exposure $exposure"
    if ! awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }'; then
        echo "units-check: $name exposure '$exposure' is above 2.0 (OK)" >&2
        failed=1
    fi
done
exit $failed
