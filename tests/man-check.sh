#!/bin/sh
# man-check.sh BUILD_DIR: every program the install ships has a man page
# in man/man1 or man/man8; each page formats without a warning
# (`man --warnings`); and every long option its --help names is in its page
# (a setting may appear as its config-file name, with underscores), so a
# new option cannot land undocumented.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?usage: man-check.sh BUILD_DIR}" && pwd)
failed=0
progs="$build/server/rapord $root/deploy/rapor-migrate $root/deploy/rapor-init $root/deploy/rapor-key-add"
for exe in "$build"/client/rapor-*; do
    [ -f "$exe" ] && [ -x "$exe" ] && progs="$progs $exe"
done
for exe in $progs; do
    name=$(basename "$exe")
    page=""
    for p in "$root/man/man1/$name.1" "$root/man/man8/$name.8"; do
        [ -f "$p" ] && page=$p
    done
    if [ -z "$page" ]; then
        echo "man-check: $name has no page in man/man1 or man/man8" >&2
        failed=1
        continue
    fi
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
        echo "man-check: $page: $warnings" >&2
        failed=1
    fi
    # The page's text with groff's \- as plain dashes.
    text=$(sed 's/\\-/-/g' "$page")
    for opt in $("$exe" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        setting=$(echo "${opt#--}" | tr - _)
        if ! printf '%s\n' "$text" | grep -q -e "$opt" -e "^\.B $setting\$"; then
            echo "man-check: $name --help names $opt, $page does not" >&2
            failed=1
        fi
    done
done
[ $failed = 0 ] && echo "man-check: $(echo $progs | wc -w) programs, each with a page that documents its --help"
exit $failed
