#!/bin/sh
# install-test.sh: build the Debian packages from this tree, install them on
# a clean Debian 12 root made with debootstrap, and run a regency's first
# quarter there from the installed files only (tests/package/inside.sh):
# PostgreSQL set up as docs/OPERATIONS.md says, rapor-migrate, rapor-init,
# `rapor-admin opd import`, rapord started as the rapor user by the unit's
# ExecStart line, scores submitted, the quarter closed, finalized and
# verified; then both packages purged, and what purge must leave is checked.
#
# Usage (as root): sh tests/package/install-test.sh
# Exit 77 (ctest's skip) when not root or debootstrap/dpkg-buildpackage are
# missing. Everything happens in a temp directory (a tmpfs when there is
# the memory); the host gets no package and no mount that outlives the
# script (the tmpfs and the root's /proc, unmounted by the trap).
#   RAPOR_PKG_DEBS=DIR          use the .debs in DIR instead of building them
#   RAPOR_PKG_MIRROR=URL        the Debian mirror (default: the host's apt source)
#   RAPOR_PKG_CACHE=DIR         keep the downloaded .debs there for the next run
#   RAPOR_PKG_TMPFS=0           work on the disk, not in a tmpfs
#   RAPOR_PKG_KEEP=1            leave the temp directory (the root) for a look
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "$(id -u)" != 0 ]; then
    echo "install-test: skipped: needs root (debootstrap, chroot)" >&2
    exit 77
fi
for tool in debootstrap dpkg-buildpackage chroot; do
    if ! command -v "$tool" >/dev/null; then
        echo "install-test: skipped: $tool is missing (deploy/install-deps installs it)" >&2
        exit 77
    fi
done

work=$(mktemp -d /tmp/rapor-pkgtest.XXXXXX)
root=$work/root
start=$(date +%s)
say() { echo "install-test [$(( $(date +%s) - start ))s]: $*"; }

# Ends what runs inside the root (by pid: only processes whose root is
# ours), unmounts what was mounted, then removes the directory.
cleanup() {
    status=$?
    if [ -d "$root" ]; then
        for p in /proc/[0-9]*; do
            if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then
                kill -KILL "${p#/proc/}" 2>/dev/null || true
            fi
        done
        if mountpoint -q "$root/proc"; then
            umount "$root/proc" || umount -l "$root/proc" || true
        fi
    fi
    if grep -q " $work/" /proc/mounts; then
        echo "install-test: something is still mounted under $work; left in place" >&2
    elif [ "${RAPOR_PKG_KEEP:-0}" = 1 ]; then
        echo "install-test: kept $work (umount it if it is a tmpfs)" >&2
    else
        if mountpoint -q "$work"; then
            umount "$work" || umount -l "$work"
        fi
        rm -rf "$work"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The whole test lives in a tmpfs when memory allows (about 1 GB is used):
# dpkg unpacking a root onto a shared disk is what made it slow, and it
# slowed PostgreSQL's fsyncs in the tests running beside it.
avail_kb=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo)
if [ "${RAPOR_PKG_TMPFS:-1}" != 0 ] && [ "${avail_kb:-0}" -gt 4000000 ]; then
    mount -t tmpfs -o size=3g,mode=0700 rapor-pkgtest "$work"
fi

# 1. The packages, built from a copy of the tree (tracked and new files,
#    not build/) so the worktree gets no debian/ leftovers.
if [ -n "${RAPOR_PKG_DEBS:-}" ]; then
    debs=$(cd "$RAPOR_PKG_DEBS" && pwd)
    say "using the packages in $debs"
else
    say "building the packages (dpkg-buildpackage -us -uc -b)"
    mkdir -p "$work/src"
    (cd "$top" && git ls-files -z --cached --others --exclude-standard) |
        (cd "$top" && tar --null -T - -cf -) | tar -xf - -C "$work/src"
    if ! (cd "$work/src" && dpkg-buildpackage -us -uc -b -j2) > "$work/build.log" 2>&1; then
        tail -n 40 "$work/build.log" >&2
        echo "install-test: dpkg-buildpackage failed (log above)" >&2
        exit 1
    fi
    debs=$work
fi
server_deb=$(ls "$debs"/rapor-server_*.deb)
client_deb=$(ls "$debs"/rapor-client_*.deb)
say "built $(basename "$server_deb") $(basename "$client_deb")"

# 2. A clean Debian 12 with what the packages depend on (read from the
#    packages themselves, first of each alternative) and PostgreSQL, in one
#    debootstrap.
mirror=${RAPOR_PKG_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
deps=$(for deb in "$server_deb" "$client_deb"; do dpkg-deb -f "$deb" Depends; done |
       tr ',' '\n' | sed 's/([^)]*)//g; s/|.*//; s/ //g' | grep . | sort -u | tr '\n' ',')
include="${deps}postgresql,fonts-dejavu-core"
say "debootstrap bookworm from $mirror with $include"
# PostgreSQL's packages must not start a server while the root is made:
# policy-rc.d says no to every service start, as in Debian's own images.
mkdir -p "$root/usr/sbin" "$root/etc/dpkg/dpkg.cfg.d"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
# A root that lives for minutes needs no fsync after every file dpkg
# unpacks (Debian's container images do the same).
echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/unsafe-io"
cache=""
if [ -n "${RAPOR_PKG_CACHE:-}" ]; then
    mkdir -p "$RAPOR_PKG_CACHE"
    cache="--cache-dir=$(cd "$RAPOR_PKG_CACHE" && pwd)"
fi
# shellcheck disable=SC2086
if ! debootstrap --variant=minbase $cache --include="$include" bookworm "$root" "$mirror" \
        > "$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    echo "install-test: debootstrap failed (log above)" >&2
    exit 1
fi
say "debootstrap done"

# 3. Install both packages in it, and run the quarter there.
mount -t proc proc "$root/proc"
mkdir -p "$root/tmp/rapor-test"
cp "$server_deb" "$client_deb" "$here/inside.sh" "$root/tmp/rapor-test/"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive sh -eu /tmp/rapor-test/inside.sh
say "passed in $(( $(date +%s) - start )) s"
