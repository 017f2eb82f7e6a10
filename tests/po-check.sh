#!/bin/sh
# po-check.sh SOURCE_DIR: the translations are complete and current.
#  1. msgfmt --check --statistics po/id.po: no untranslated, no fuzzy message,
#     placeholders and plural forms consistent;
#  2. po/rapor.pot is what the sources give today (make-pot.sh);
#  3. every msgid of the sources has its translation in po/id.po (msgcmp);
#  4. a shell tool answers in Indonesian (gettext.sh).
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$src/po/id.po" 2>&1) || {
    echo "po-check: msgfmt --check fails on po/id.po:"; echo "$stats"; exit 1; }
echo "po-check: id.po: $stats"
case $stats in
    *untranslated*|*fuzzy*) echo "po-check: id.po is not complete"; fail=1 ;;
esac

sh "$src/po/make-pot.sh" "$src" "$tmp/rapor.pot"
if ! cmp -s "$tmp/rapor.pot" "$src/po/rapor.pot"; then
    echo "po-check: po/rapor.pot is out of date: cmake --build build --target pot"
    diff "$src/po/rapor.pot" "$tmp/rapor.pot" | grep '^[<>] msgid' | head -20 || true
    fail=1
fi
if ! msgcmp "$src/po/id.po" "$tmp/rapor.pot" 2>"$tmp/msgcmp"; then
    echo "po-check: messages of the sources with no translation in po/id.po:"
    head -40 "$tmp/msgcmp"
    fail=1
fi
# 4. The shell tools speak it too (gettext.sh): rapor-migrate's refusal of
#    an unknown option, in Indonesian from a catalog compiled here.
mkdir -p "$tmp/locale/id/LC_MESSAGES"
msgfmt -o "$tmp/locale/id/LC_MESSAGES/rapor.mo" "$src/po/id.po"
said=$(RAPOR_LOCALEDIR="$tmp/locale" LANGUAGE=id LANG=C.UTF-8 LC_ALL= \
       sh "$src/deploy/rapor-migrate" --bogus 2>&1 || true)
case $said in
    *"opsi '--bogus' tidak dikenal"*) ;;
    *) echo "po-check: rapor-migrate did not answer in Indonesian:"; echo "$said" | head -3; fail=1 ;;
esac
exit $fail
