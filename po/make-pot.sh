#!/bin/sh
# make-pot.sh SOURCE_DIR OUT.pot: the message template of every C source and
# of the shell tools in deploy/.
# Locations name the file only (no line numbers), so editing code that moves
# a message does not make the template stale.
# Used by `cmake --build build --target pot` and by tests/po-check.sh, so the
# committed po/rapor.pot and the check read the sources the same way.
set -eu
src=$1
out=$2
cd "$src"
# Sorted file list: the template does not change with the file system's order.
files=$(ls client/*.c server/*.c common/*.c | LC_ALL=C sort)
# shellcheck disable=SC2086
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NEED:2 --keyword=s_refuse:3 --keyword=s_say:3 \
         --add-comments=TRANSLATORS: --package-name=rapor \
         --msgid-bugs-address=https://example.invalid/rapor/issues \
         --sort-by-file --add-location=file --omit-header -o "$out.tmp" $files
# The shell tools' messages (gettext, eval_gettext of gettext.sh), joined.
if [ -f "$out.tmp" ]; then
    xgettext --language=Shell --from-code=UTF-8 --keyword=gettext --keyword=eval_gettext \
             --add-location=file --omit-header -j -o "$out.tmp" \
             deploy/rapor-init deploy/rapor-key-add deploy/rapor-migrate
fi
# No header: the template's text depends only on the sources, not the date.
if [ -f "$out.tmp" ]; then mv "$out.tmp" "$out"; else : > "$out"; fi
