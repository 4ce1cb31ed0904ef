#!/bin/sh
# csv_libreoffice.sh - the export's CSV files in LibreOffice: cells with =1+1, +1, -1, @SUM(A1),
# a tab, "a,b", line breaks, CR and å ä ö are converted headless to .xlsx; no cell may become a
# formula and the text must survive. A raw =1+1 (not from our writer) must become a formula,
# which shows the check can see one. Skipped (77) without soffice or unzip.
# Usage: csv_libreoffice.sh EXPORT_MAKER
set -u
maker=$1
tmp=${SD_TEST_TMP:-/tmp/shadowday-test/csv_libreoffice}
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v soffice >/dev/null || { echo "LibreOffice (soffice) is not installed: skipped"; exit 77; }
command -v unzip >/dev/null || { echo "unzip is not installed: skipped"; exit 77; }

"$maker" tricky . > made.txt || fail "export_maker tricky"
folder=$(sed -n 's/^usb_folder=//p' made.txt)
cp "$folder/answers.csv" "$folder/visits.csv" cells.csv . 2>/dev/null || cp "$folder/answers.csv" "$folder/visits.csv" .
printf '\357\273\277cell\r\n=1+1\r\n' > control.csv

# A private profile, so no user's settings (or a running LibreOffice) change the result.
for f in answers.csv visits.csv cells.csv control.csv; do
    timeout 300 soffice --headless "-env:UserInstallation=file://$tmp/profile" \
        --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir xlsx "$f" > /dev/null 2>&1 ||
        fail "soffice could not convert $f"
    test -s "xlsx/${f%.csv}.xlsx" || fail "no xlsx for $f"
done
sheet() { unzip -p "xlsx/$1.xlsx" xl/worksheets/sheet1.xml; }
strings() { unzip -p "xlsx/$1.xlsx" xl/sharedStrings.xml; }

# The control: LibreOffice does evaluate a plain =1+1.
sheet control | grep -q "<f" || fail "the control formula was not seen: the check is blind"

for f in answers visits cells; do
    if sheet "$f" | grep -q "<f"; then
        fail "a cell of $f.csv became a formula"
    fi
done
# The text survived (XML-escaped in the shared strings).
for want in "=1+1" "+1" "@SUM(A1)" "=2+2" "&quot;a,b&quot;" "rivi 1&#10;rivi 2" \
            "Hyvä päivä, ÅÄÖ åäö" "=HYPERLINK(&quot;x&quot;,&quot;y&quot;)" "-2+3"; do
    strings answers | grep -qF -- "$want" || fail "answers.csv lost the text $want"
    strings cells | grep -qF -- "$want" || fail "cells.csv lost the text $want"
done
strings cells | grep -qF "=3+3" || fail "cells.csv lost the CR cell"
strings visits | grep -qF "Åsa" || fail "visits.csv lost å"
# A number the program wrote stays a number.
sheet cells | grep -q "<v>-42</v>" || fail "the number -42 is not a number"
echo "csv_libreoffice: ok"
