#!/bin/sh
# sync_kiosk.sh KIOSK SHADOWDAY SOURCE_DIR - the kiosk's export screens end to end, with the
# real programs: the scripted driver records a short day and exports it, `shadowday collect`
# reads the exports back, and sqlite3 looks into the kiosk's database.
#
#   1. encrypted: a copy of the sample pack carries the public key of `shadowday keygen`; the
#      screen shows its fingerprint, the stick gets export.sdenc + manifest only, collect needs
#      the secret key and then gives every record once, from the folder and from the QR codes.
#   2. plain: one flipped byte in the export folder is refused by the file's name; the receipt
#      code collect printed, typed on the kiosk, marks the records delivered, and "Delete"
#      purges them (a canary comment is then in none of the database files).
#   3. import: a pack with an error shows its problems and cannot be installed; a good one
#      replaces the kiosk's pack after a confirmation, and a second time changes nothing; a new
#      kiosk (no pack, so no admin PIN yet) opens the import for a stick by itself.
#   4. when root may mount: a full stick (a nearly full tmpfs) and a read-only stick: a clear message,
#      nothing marked exported; after the stick is made right, the same export succeeds.
# A stick pulled in the middle of writing is ui_sync_faults.c (the fault hook, every write).
set -eu
kiosk=$1
cli=$2
src=$3
tmp=${SD_TEST_TMP:-/tmp/sync_kiosk}
pack="$src/assets/sample-pack/shadowday"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=Europe/Helsinki LANGUAGE= LC_ALL=C.UTF-8
rm -rf "$tmp"
mkdir -p "$tmp"
mounted=""
cleanup() { for m in $mounted; do umount "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "sync_kiosk: FAIL: $*" >&2; exit 1; }
ok() { echo "sync_kiosk: ok: $*"; }

# kiosk NAME PACK: run the script on stdin on the data folder tmp/NAME (its stick: NAME/usb/stick
# unless that usb folder is a mount point already). PACK "" starts the kiosk without --pack.
kiosk() {
    name=$1
    cat > "$tmp/$name.script"
    mkdir -p "$tmp/$name/usb" "$tmp/$name/shots"
    if [ -n "$2" ]; then set -- --pack "$2"; else set --; fi
    "$kiosk" --data "$tmp/$name" "$@" --usb "$tmp/$name/usb" --script "$tmp/$name.script" \
        --shots "$tmp/$name/shots" --size 800x480 > "$tmp/$name.log" 2>&1 ||
        { cat "$tmp/$name.log"; fail "the kiosk script of $name failed"; }
}

# A short day of Matti with a comment ("kanelipulla", the canary), then English on Start.
day() {
    cat <<'EOF'
clock 2027-04-15 08:30
tap English
tap "Touch to start"
tap Matti
tap "Yes, that is me"
tap "I am Liisa"
pin 1111
tap "I understand"
tap "I understand"
tap "I understand"
tap "I understand"
tap "I understand"
tap "I understand"
tap Continue
tap Continue
clock 2027-04-15 14:30
tap Evaluate
tap Start
tap "Very much"
tap Skip
tap Skip
tap Skip
tap Skip
tap "I want to try this work again"
tap "Write a comment"
type kanelipulla
tap Done
tap "Back to the menu"
clock 2027-04-15 15:30
tap "I'm leaving"
tap Liisa
pin 1111
tap "No, thank you"
wait 30
expect screen start
EOF
}

admin() {
    cat <<'EOF'
clock 2027-04-15 16:00
tap English
hold clock
pin 246810
expect screen admin
EOF
}

# same_as_db DB RECORDS_CSV: every record of the database once in the collected CSV.
same_as_db() {
    d=$("$(dirname "$0")/same_records.sh" "$1" "$2" "$tmp/compare.db") ||
        fail "collected records differ from the database: $d"
}

# qr_scan NAME OUT: open the QR screen, count the parts, then (a second run) shoot each one
# and decode the shots with zbarimg into OUT.
qr_scan() {
    { admin; printf 'tap "Export as QR codes"\nexpect screen admin_qr\ndump\n'; } | kiosk "$1" "$2"
    n=$(sed -n 's/.*Part 1 of \([0-9]*\).*/\1/p' "$tmp/$1.log" | head -n 1)
    [ -n "$n" ] || fail "no \"Part 1 of N\" on the QR screen"
    {
        admin
        printf 'tap "Export as QR codes"\nexpect text "Part 1 of %s"\n' "$n"
        i=1
        while [ "$i" -le "$n" ]; do
            printf 'shot qr-%s.png\n' "$i"
            [ "$i" -lt "$n" ] && printf 'tap Next\n'
            i=$((i + 1))
        done
        printf 'tap Done\n'
    } | kiosk "$1" "$2"
    : > "$3"
    i=1
    while [ "$i" -le "$n" ]; do
        zbarimg --raw -q "$tmp/$1/shots/qr-$i.png" 2>/dev/null | grep '^SD[12]:' >> "$3" ||
            fail "QR code $i of $n could not be read from the screenshot"
        i=$((i + 1))
    done
}

command -v zbarimg >/dev/null || { echo "sync_kiosk: zbarimg is missing (zbar-tools); skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sync_kiosk: sqlite3 is missing; skipped"; exit 77; }

# ---------------------------------------------------------------- 1. encrypted
echo "koordinaattorin salalause" > "$tmp/pass.txt"
"$cli" keygen -o "$tmp/keys" --passphrase-file "$tmp/pass.txt" > "$tmp/keygen.txt"
# keygen prints the line with the template's ';'; pasted as printed into the sample pack's
# comma-separated workplace.csv it must still be read as the key (the kiosk encrypts below).
publine=$(grep '^coordinator_public_key;' "$tmp/keygen.txt") || fail "keygen printed no key line"
fp=$(grep -o '[0-9a-f]\{4\} [0-9a-f]\{4\} [0-9a-f]\{4\} [0-9a-f]\{4\}' "$tmp/keygen.txt" | head -n 1)
[ -n "$fp" ] || fail "keygen printed no fingerprint"
cp -r "$pack" "$tmp/encpack"
printf '%s\r\n' "$publine" >> "$tmp/encpack/workplace.csv"
mkdir -p "$tmp/enc/usb/stick"
{ day; admin; cat <<EOF
tap "Export to USB stick"
expect text "Encrypted: only the coordinator's key $fp can open it."
shot encrypted-ready.png
tap Export
expect text "Safe to remove the stick."
tap Done
EOF
} | kiosk enc "$tmp/encpack"
set -- "$tmp"/enc/usb/stick/shadowday-export/*/
[ $# -eq 1 ] || fail "expected one export folder, found $#"
encdir=$1
[ "$(ls "$encdir" | tr '\n' ' ')" = "export.sdenc manifest.sha256 " ] ||
    fail "an encrypted export holds only export.sdenc and the manifest: $(ls "$encdir")"
(cd "$encdir" && sha256sum --quiet -c manifest.sha256) || fail "manifest of the encrypted export"
! grep -rq kanelipulla "$tmp/enc/usb" || fail "plaintext on the stick of an encrypted export"
[ "$(ls "$tmp/enc" | grep -v -e '^shadowday.db' -e '^usb$' -e '^shots$' | wc -l)" -eq 0 ] ||
    fail "the kiosk keeps other files: $(ls "$tmp/enc")"
if "$cli" collect -o "$tmp/enc-nokey" "$encdir" > "$tmp/enc-nokey.txt" 2>&1; then
    fail "collect read an encrypted export without the key"
fi
qr_scan enc "$tmp/encpack" "$tmp/enc-scans.txt"
"$cli" collect -o "$tmp/enc-out" -k "$tmp/keys/coordinator.key" --passphrase-file "$tmp/pass.txt" "$encdir" "$tmp/enc-scans.txt" \
    > "$tmp/enc-collect.txt" 2>&1 || { cat "$tmp/enc-collect.txt"; fail "collect -k"; }
same_as_db "$tmp/enc/shadowday.db" "$tmp/enc-out/records.csv"
[ "$(grep -c 'records): ' "$tmp/enc-collect.txt")" -eq 2 ] || fail "a receipt for the folder and the QR batch"
ok "encrypted export: fingerprint $fp shown, only ciphertext on the stick, collect -k gives every record once"

# ---------------------------------------------------------------- 2. plain: tamper, receipt, purge
mkdir -p "$tmp/plain/usb/stick"
{ day; admin; cat <<'EOF'
tap "Export to USB stick"
expect text "Not encrypted"
tap Export
expect text "Safe to remove the stick."
tap Done
EOF
} | kiosk plain "$pack"
set -- "$tmp"/plain/usb/stick/shadowday-export/*/
plaindir=$1
[ "$(sqlite3 "$tmp/plain/shadowday.db" "SELECT count(*) FROM export_batch WHERE status = 'verified'")" -eq 1 ] ||
    fail "the export is not noted as verified"
cp -r "$plaindir" "$tmp/tampered"
# Flip one byte in the middle of visits.csv.
size=$(wc -c < "$tmp/tampered/visits.csv")
off=$((size / 2))
byte=$(dd if="$tmp/tampered/visits.csv" bs=1 skip="$off" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
printf "$(printf '\\%03o' $((byte ^ 1)))" |
    dd of="$tmp/tampered/visits.csv" bs=1 seek="$off" count=1 conv=notrunc 2>/dev/null
if "$cli" collect -o "$tmp/tampered-out" "$tmp/tampered" > "$tmp/tampered.txt" 2>&1; then
    fail "collect accepted a folder with a flipped byte"
fi
grep -q 'visits.csv' "$tmp/tampered.txt" || { cat "$tmp/tampered.txt"; fail "the changed file is not named"; }
ok "a flipped byte in visits.csv is refused by name"

"$cli" collect -o "$tmp/plain-out" "$plaindir" > "$tmp/plain-collect.txt" 2>&1 ||
    { cat "$tmp/plain-collect.txt"; fail "collect of the plain export"; }
same_as_db "$tmp/plain/shadowday.db" "$tmp/plain-out/records.csv"
code=$(sed -n 's/.*records): \([0-9]\{4\}\) \([0-9]\{4\}\).*/\1\2/p' "$tmp/plain-collect.txt" | head -n 1)
[ -n "$code" ] || fail "no receipt code printed"
records=$(sqlite3 "$tmp/plain/shadowday.db" 'SELECT count(*) FROM record')
{ admin; cat <<EOF
tap "Receipt and delete"
pin $code
expect text "records are now marked as received by the coordinator."
shot receipt-done.png
tap "Delete delivered records"
expect text "Delete the delivered records?"
tap "Yes, delete"
expect text "Deleted: $records delivered records"
shot purged.png
tap Done
expect screen admin
EOF
} | kiosk plain "$pack"
[ "$(sqlite3 "$tmp/plain/shadowday.db" 'SELECT count(*) FROM record')" -eq 0 ] || fail "records left after the purge"
[ "$(sqlite3 "$tmp/plain/shadowday.db" "SELECT status FROM export_batch")" = delivered ] || fail "the batch is not delivered"
for f in "$tmp"/plain/shadowday.db*; do
    [ "$(grep -c kanelipulla "$f" || true)" -eq 0 ] || fail "the purged comment is still in $f"
done
ok "receipt $code marks $records records delivered, the purge leaves no trace"

# ---------------------------------------------------------------- 3. import from the stick
# Two packs on the stick: a good one for another workplace, and one with an unknown escort.
mkdir -p "$tmp/imp/usb/stick"
cp -r "$pack" "$tmp/imp/usb/stick/shadowday"
sed -i 's/^name,Kahvila Kaneli/name,Leipomo Testi/; /^name_sv,/d; /^name_en,/d' \
    "$tmp/imp/usb/stick/shadowday/workplace.csv"
cp -r "$pack" "$tmp/imp/usb/stick/shadowday-broken"
sed -i 's/^matti,Matti,liisa,/matti,Matti,nobody,/' "$tmp/imp/usb/stick/shadowday-broken/shadows.csv"
{ admin; cat <<'EOF'
tap "Import day pack"
expect screen admin_import
expect text "Day packs on the USB stick."
shot import-list.png
tap "shadowday-broken: 1 problem"
expect text "This day pack has 1 problem, so it cannot be installed."
expect text "shadows.csv:2:"
expect no-button Install
shot import-problems.png
tap Back
tap "shadowday: Leipomo Testi, Thursday 15 April 2027"
expect text "Workplace: Leipomo Testi"
expect text "Shadows: 9"
shot import-preview.png
tap Install
expect text "It replaces the pack for Café Kaneli"
tap "Yes, install"
expect screen admin
expect text "The day pack for Leipomo Testi is installed."
tap OK
expect text "Workplace: Leipomo Testi"
tap "Import day pack"
tap "shadowday: Leipomo Testi, Thursday 15 April 2027"
tap Install
tap "Yes, install"
expect text "This day pack is installed already."
EOF
} | kiosk imp "$pack"
sqlite3 "$tmp/imp/shadowday.db" "SELECT CAST(data AS TEXT) FROM pack_file WHERE name = 'workplace.csv'" |
    grep -q 'Leipomo Testi' || fail "the imported workplace.csv is not in the database"
ok "import: a broken pack lists its problems and cannot be installed; the good one is installed once"

# A new kiosk has no pack and so no admin PIN: a stick with a pack opens the import at once
# (in the kiosk's first language, Finnish), and the pack is installed without a PIN.
mkdir -p "$tmp/new/usb/stick"
cp -r "$pack" "$tmp/new/usb/stick/shadowday"
kiosk new "" <<'EOF'
wait 2
expect screen admin_import
expect text "Työpaikka: Kahvila Kaneli"
shot first-pack.png
tap Asenna
tap "Kyllä, asenna"
expect screen start
expect text "Päiväpaketti on asennettu: Kahvila Kaneli."
EOF
[ "$(sqlite3 "$tmp/new/shadowday.db" 'SELECT count(*) FROM pack_file')" -gt 4 ] || fail "the first pack was not installed"
{ admin; printf 'tap "Import day pack"\nexpect text "Workplace: Café Kaneli"\n'; } | kiosk new ""
ok "a new kiosk imports its first pack from the stick without a PIN; then the admin PIN guards it"

# ---------------------------------------------------------------- 4. full and read-only sticks
probe="$tmp/probe"
mkdir -p "$probe"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=64k tmpfs "$probe" 2>/dev/null; then
    echo "sync_kiosk: not root or no mount: the full and read-only sticks are left to ui_sync_faults"
    exit 0
fi
umount "$probe"
export_expect() {
    { admin; printf 'tap "Export to USB stick"\ntap Export\nexpect text "%s"\nshot %s.png\n' "$1" "$2"; }
}

mkdir -p "$tmp/full/usb"
# 1 MiB, of which the filler leaves less than the export needs (its files and a FAT cluster of
# slack for each); without the filler it fits.
mount -t tmpfs -o size=1m tmpfs "$tmp/full/usb"
mounted="$tmp/full/usb"
dd if=/dev/zero of="$tmp/full/usb/filler" bs=1k count=800 2>/dev/null || true
{ day; export_expect "The USB stick is full." full; } | kiosk full "$pack"
[ "$(sqlite3 "$tmp/full/shadowday.db" 'SELECT count(*) FROM export_batch')" -eq 0 ] || fail "a full stick noted an export"
[ "$(sqlite3 "$tmp/full/shadowday.db" 'SELECT count(*) FROM record WHERE exported_batch IS NOT NULL')" -eq 0 ] ||
    fail "records marked exported to a full stick"
! ls "$tmp"/full/usb/shadowday-export/*/manifest.sha256 2>/dev/null || fail "a full stick got a manifest"
rm -f "$tmp/full/usb/filler"
export_expect "Safe to remove the stick." full-retry | kiosk full "$pack"
(cd "$tmp"/full/usb/shadowday-export/*/ 2>/dev/null && ls manifest.sha256 >/dev/null && \
    sha256sum --quiet -c manifest.sha256) || fail "the retry on the freed stick did not write a good export"
umount "$tmp/full/usb"
mounted=""
ok "full stick: clear message, nothing noted; the retry after freeing space succeeds"

mkdir -p "$tmp/ro/usb"
mount -t tmpfs -o size=1m,ro tmpfs "$tmp/ro/usb"
mounted="$tmp/ro/usb"
{ day; export_expect "The USB stick cannot be written to" ro; } | kiosk ro "$pack"
[ "$(sqlite3 "$tmp/ro/shadowday.db" 'SELECT count(*) FROM export_batch')" -eq 0 ] || fail "a read-only stick noted an export"
mount -o remount,rw "$tmp/ro/usb"
export_expect "Safe to remove the stick." ro-retry | kiosk ro "$pack"
[ "$(sqlite3 "$tmp/ro/shadowday.db" "SELECT count(*) FROM export_batch WHERE status = 'verified'")" -eq 1 ] ||
    fail "the retry on a writable stick was not noted"
umount "$tmp/ro/usb"
mounted=""
ok "read-only stick: clear message, nothing noted; writable again, the export succeeds"
