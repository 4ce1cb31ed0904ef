#!/bin/sh
# po_complete.sh - every string the source marks for translation is translated in every catalogue.
#
# xgettext collects _(), N_(), C_() and NG_() from src/, and _() and NG_() from the coordinator's
# page (web/*.js, which the same catalogue translates); msgcmp then names any msgid a catalogue
# lacks or leaves untranslated. English is the source language: en.po needs only the strings that
# differ from their msgid (the language name), so it is only checked to compile; so is a variant
# such as fi-selko.po, which falls back to fi.po for what it leaves out.
# Usage: po_complete.sh SOURCE_DIR SCRATCH_DIR
set -eu
src=$1
tmp=$2
mkdir -p "$tmp"
find "$src/src" -name '*.c' | sort > "$tmp/files"
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NG_:1,2 \
    --keyword=C_:1c,2 --keyword=CN_:1c,2 --add-comments=TRANSLATORS: --package-name=shadowday \
    -f "$tmp/files" -o "$tmp/shadowday.pot"
if ls "$src"/web/*.js >/dev/null 2>&1; then
    xgettext --language=JavaScript --from-code=UTF-8 --keyword=_ --keyword=NG_:1,2 -j \
        -o "$tmp/shadowday.pot" "$src"/web/*.js
fi
status=0
for po in "$src"/assets/po/*.po; do
    lang=$(basename "$po" .po)
    case $lang in
        en | *-*) ;;
        *) msgcmp "$po" "$tmp/shadowday.pot" || status=1 ;;
    esac
    msgfmt --check -o /dev/null "$po" || status=1
done
[ $status -eq 0 ] && echo "every marked string is in every catalogue ($(grep -c '^msgid ' "$tmp/shadowday.pot") msgids)"
exit $status
