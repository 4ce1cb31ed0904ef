#!/bin/sh
# collect_cli.sh - `shadowday collect` and `shadowday keygen` as a coordinator runs them: two
# kiosks (one encrypting to the coordinator's key), USB folders and scanned QR codes mixed in
# any order, every record once, receipt codes printed, exit codes, a tampered file and a missing
# QR code named, sha256sum -c on an export folder, a self-contained report.
# Usage: collect_cli.sh SHADOWDAY EXPORT_MAKER
set -u
sd=$1
maker=$2
tmp=${SD_TEST_TMP:-/tmp/shadowday-test/collect_cli}
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
get() { sed -n "s/^$2=//p" "$1"; }
command -v sha256sum >/dev/null || { echo "sha256sum is not installed: skipped"; exit 77; }

# --help and wrong arguments.
"$sd" collect --help > help.txt || fail "collect --help exit $?"
grep -q "shadowday collect \[-o OUTDIR\] \[-k KEYFILE\] INPUT" help.txt || fail "collect --help text"
"$sd" keygen --help | grep -q "coordinator.key" || fail "keygen --help"
"$sd" collect 2>/dev/null; test $? -eq 2 || fail "no input must exit 2"
"$sd" collect --bogus x 2>/dev/null; test $? -eq 2 || fail "unknown option must exit 2"
"$sd" collect -k /nonexistent/key x 2>/dev/null; test $? -eq 2 || fail "bad key file must exit 2"

# The coordinator's key, locked with a passphrase from a file (no terminal here); a second
# keygen into the same folder refuses to overwrite it.
echo "kahvi ja pulla" > pass.txt
echo "kahvi ja pullaa" > wrongpass.txt
echo "lyhyt" > shortpass.txt
"$sd" keygen -o nokey < /dev/null > /dev/null 2>&1; test $? -eq 2 || fail "keygen with no terminal and no passphrase file must exit 2"
"$sd" keygen -o nokey --passphrase-file shortpass.txt > /dev/null 2>&1; test $? -eq 1 || fail "keygen with a short passphrase must exit 1"
test ! -e nokey/coordinator.key || fail "a refused keygen wrote a key"
"$sd" keygen -o keys --passphrase-file pass.txt > keygen.txt || fail "keygen"
grep -q "^kdf: argon2id13$" keys/coordinator.key || fail "the key file is locked with Argon2id"
key=keys/coordinator.key
test "$(stat -c %a "$key")" = 600 || fail "the key file must be 0600"
grep -q "^coordinator_public_key;[A-Za-z0-9+/]\{43\}=$" keygen.txt || fail "keygen public key line (with the template's ;)"
grep -Eq "[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}" keygen.txt || fail "keygen fingerprint"
cp "$key" key.before
"$sd" keygen -o keys --passphrase-file pass.txt > /dev/null 2>&1; test $? -eq 3 || fail "keygen over an existing key must exit 3"
cmp -s "$key" key.before || fail "keygen changed an existing key"

# Two kiosks: A plain, B encrypted to the key.
"$maker" day a -n 6 -w "Kahvila Aurinko" > a.out || fail "export_maker a"
"$maker" day b -n 4 -w "Kirjasto" -k "$key" > b.out || fail "export_maker b"
a_usb=$(get a.out usb_folder)
b_usb=$(get b.out usb_folder)
records=$(( $(get a.out records) + $(get b.out records) ))
(cd "$a_usb" && sha256sum -c --quiet manifest.sha256) || fail "sha256sum -c in an export folder"
test -e "$b_usb/export.sdenc" || fail "encrypted export file"
test "$(ls "$b_usb" | wc -l)" -eq 2 || fail "an encrypted export folder holds two files"

# Everything, mixed order: exit 0, each record once, four receipts.
# A wrong passphrase, or none without a terminal: exit 2 naming the key file, nothing written.
"$sd" collect -o wrongout -k "$key" --passphrase-file wrongpass.txt "$b_usb" > /dev/null 2> wrong.err
test $? -eq 2 || fail "a wrong passphrase must exit 2"
grep -q "$key: the passphrase does not open this key file" wrong.err || { cat wrong.err; fail "wrong passphrase message"; }
test ! -e wrongout || fail "collect wrote output with a wrong passphrase"
"$sd" collect -o wrongout -k "$key" "$b_usb" < /dev/null > /dev/null 2>&1; test $? -eq 2 || fail "a locked key without a passphrase must exit 2"
"$sd" collect -o out -k "$key" --passphrase-file pass.txt b/scans.txt "$a_usb" a/scans.txt "$b_usb" > run1.txt 2> run1.err
status=$?
cat run1.txt
test $status -eq 0 || { cat run1.err; fail "a clean collect must exit 0, got $status"; }
for r in $(get a.out usb_receipt) $(get a.out qr_receipt) $(get b.out usb_receipt) $(get b.out qr_receipt); do
    spaced=$(echo "$r" | sed 's/^\(....\)\(....\)$/\1 \2/')
    grep -q ": $spaced\$" run1.txt || fail "receipt $spaced not printed"
done
lines=$(grep -c . out/records.csv)
test "$lines" -eq $((records + 1)) || fail "records.csv has $lines lines, want $((records + 1))"
for f in visits.csv safety.csv answers.csv host_evaluations.csv records.csv report.html; do
    test -s "out/$f" || fail "out/$f missing"
done
head -c 3 out/visits.csv | od -An -tx1 | grep -q "ef bb bf" || fail "CSV without BOM"
grep -q "Kahvila Aurinko" out/visits.csv && grep -q "Kirjasto" out/visits.csv || fail "workplaces"
grep -q "'=1+1 <b>lihava</b>" out/answers.csv || fail "the comment must be formula-safe in CSV"
grep -q "=1+1 &lt;b&gt;lihava&lt;/b&gt;" out/report.html || fail "the comment must be escaped in HTML"
if grep -Eiq "<script|https?://|<link|<img| src=|href=|url\(" out/report.html; then
    fail "report.html must not load or run anything"
fi
grep -q "<svg" out/report.html || fail "no SVG bars in report.html"

# Without the key: the encrypted inputs are problems (exit 1), the plain ones still count.
"$sd" collect -o out2 "$a_usb" "$b_usb" > run2.txt 2> run2.err
test $? -eq 1 || fail "an encrypted input without -k must exit 1"
grep -q -- "-k" run2.err || fail "the message must say to give -k"
grep -q "$(get a.out usb_receipt | cut -c1-4)" run2.txt || fail "the plain export still gets its receipt"

# A tampered export folder is named, its records are not used.
cp -r "$a_usb" tampered
printf 'X' | dd of=tampered/visits.csv bs=1 seek=40 conv=notrunc 2>/dev/null
"$sd" collect -o out3 tampered > run3.txt 2> run3.err
test $? -eq 1 || fail "a tampered folder must exit 1"
grep -q "visits.csv was changed" run3.err || { cat run3.err; fail "the tampered file must be named"; }
grep -q "^Read 1 input: 0 records" run3.txt || fail "nothing of a tampered export may be used"

# A QR code not scanned: named by number.
n=$(get a.out qr_codes)
grep -v ":2/$n:" a/scans.txt > missing.txt
"$sd" collect -o out4 missing.txt > run4.txt 2> run4.err
test $? -eq 1 || fail "a missing QR code must exit 1"
grep -q "part 2 of $n is missing" run4.err || { cat run4.err; fail "the missing part must be named"; }

# An input that does not exist, and one that is no export.
"$sd" collect -o out5 /nonexistent/export keygen.txt > /dev/null 2> run5.err
test $? -eq 1 || fail "bad inputs must exit 1"
grep -q "/nonexistent/export" run5.err && grep -q "keygen.txt" run5.err || fail "bad inputs named"

# An output folder that cannot be written: exit 3.
"$sd" collect -o /proc/shadowday-out "$a_usb" > /dev/null 2>&1
test $? -eq 3 || fail "an unwritable output must exit 3"
echo "collect_cli: ok"
