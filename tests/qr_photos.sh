#!/bin/sh
# qr_photos.sh SHADOWDAY EXPORT_MAKER SOURCE_DIR [KIOSK] - the kiosk's QR codes photographed with
# a phone and given to `shadowday collect`, as a coordinator does it.
#
#   1. A day of 24 shadows, encrypted, and one of 10, plain (export_maker): each code as the 800x480
#      screen draws it, turned by ImageMagick into a phone's photo of a screen (three times the
#      pixels, the screen's weaker contrast, a view a few degrees off square with its keystone,
#      blur, sensor noise, JPEG quality 60); two codes in one photo too. (A keystone twice as
#      strong defeats libzbar on a full version 20 code, zbarimg as much as collect.) collect of the photos alone gives the export's receipt; with
#      the USB export beside them every QR record is found equal to its USB copy.
#   2. With the kiosk: screenshots of its QR screen after a short day (the whole screen, text and
#      buttons around the code) photographed the same way, and the codes scanned into a note
#      as a phone app saves it (a title, bullets, two codes glued on one line); collect of each
#      gives every record of the kiosk's database once, field for field.
# Exits 77 (skipped) without ImageMagick (convert), zbarimg or sqlite3.
set -eu
sd=$1
maker=$2
src=$3
kiosk=${4:-}
tmp=${SD_TEST_TMP:-/tmp/qr_photos}
here=$(cd "$(dirname "$0")" && pwd)
for tool in convert identify zbarimg sqlite3; do
    command -v $tool >/dev/null 2>&1 || { echo "qr_photos: $tool is not installed; skipped"; exit 77; }
done
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp"
fail() { echo "qr_photos: FAIL: $*" >&2; exit 1; }
get() { sed -n "s/^$2=//p" "$1"; }

# photo IN OUT TURN: IN as a phone photographs it off a screen, turned TURN degrees.
photo() {
    w=$(identify -format %w "$1")
    h=$(identify -format %h "$1")
    W=$((w * 3 + 240))
    H=$((h * 3 + 240))
    convert "$1" -resize 300% +level 10%,90% -bordercolor '#4a4a4a' -border 120 \
        -virtual-pixel edge -distort Perspective \
        "0,0 $((W * 3 / 100)),$((H * 4 / 100))  $W,0 $((W * 98 / 100)),$((H / 100))  $W,$H $((W * 95 / 100)),$((H * 98 / 100))  0,$H $((W / 100)),$((H * 95 / 100))" \
        -rotate "$3" -blur 0x2 -attenuate 0.6 +noise Gaussian -quality 60 "$2"
}

# ---------------------------------------------------------------- 1. export_maker's codes
printf "kuusi kahvia\n" > pass.txt
"$sd" keygen -o keys --passphrase-file pass.txt > /dev/null || fail "keygen"
"$maker" day big -n 24 -k keys/coordinator.key --png > big.out || fail "export_maker big"
"$maker" day small -n 10 --png > small.out || fail "export_maker small"
for day in big small; do
    n=$(get $day.out qr_codes)
    [ "$n" -ge 2 ] || fail "$day: expected at least 2 codes, got $n"
    mkdir -p $day/photos
    i=1
    while [ $i -le "$n" ]; do
        photo $day/code-$i.png $day/photos/IMG_00$i.jpg "$((i * 2 - 3))"
        i=$((i + 1))
    done
    convert $day/code-1.png $day/code-2.png +append $day/pair.png
    photo $day/pair.png $day/photos/IMG_0100.jpg -2
done

# The photos of the big day, last first: the receipt, and no problem.
"$sd" collect -o out-big -k keys/coordinator.key --passphrase-file pass.txt $(ls -r big/photos/IMG_00*.jpg) > big.txt 2> big.err ||
    { cat big.txt big.err; fail "collect of the photos of the big day"; }
r=$(get big.out qr_receipt)
grep -q "$(echo "$r" | cut -c1-4) $(echo "$r" | cut -c5-8)" big.txt || { cat big.txt; fail "no receipt $r"; }
grep -q "^Read $(get big.out qr_codes) inputs: $(get big.out records) records" big.txt ||
    { cat big.txt; fail "the big day's records"; }

# The pair photo and the rest of the small day, with its USB export: every QR record is a USB
# record field for field (all counted as copies read twice).
n=$(get small.out qr_codes)
others=""
i=3
while [ $i -le "$n" ]; do others="$others small/photos/IMG_00$i.jpg"; i=$((i + 1)); done
# shellcheck disable=SC2086
"$sd" collect -o out-small small/photos/IMG_0100.jpg $others "$(get small.out usb_folder)" \
    > small.txt 2> small.err || { cat small.txt small.err; fail "collect of the small day"; }
records=$(get small.out records)
grep -q "^Read .* inputs: $records records ($records copies of records read twice were dropped)" small.txt ||
    { cat small.txt; fail "the QR records are not the USB records"; }
r=$(get small.out qr_receipt)
grep -q "$(echo "$r" | cut -c1-4) $(echo "$r" | cut -c5-8)" small.txt || fail "no receipt for the QR codes"
echo "qr_photos: $(get big.out qr_codes) + $n codes photographed, all read"

# ---------------------------------------------------------------- 2. the kiosk's screen
[ -n "$kiosk" ] || exit 0
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=Europe/Helsinki LANGUAGE= LC_ALL=C.UTF-8
mkdir -p kiosk/usb kiosk/shots
cat > kiosk.script <<'EOF'
clock 2027-04-15 08:30
tap suomi
tap "_(Touch to start)"
tap Matti
tap "_(Yes, that is me)"
tap "_(I am %s|Liisa)"
pin 1111
tap "_(I understand)"
tap "_(I have a question)"
tap "_(Ask later)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(Continue)"
tap "_(Continue)"
clock 2027-04-15 14:30
tap "_(Evaluate)"
tap "_(Start)"
tap "_(Very much)"
tap "_(Quite a lot)"
tap "_(Skip)"
tap "_(Not much)"
tap "_(Very much)"
tap "_(I want to try this work again)"
tap "_(Write a comment)"
type "kiva päivä"
tap "_(Done)"
tap "_(Back to the menu)"
clock 2027-04-15 16:00
hold clock
pin 246810
expect screen admin
tap "_(Export as QR codes)"
expect screen admin_qr
expect text "_(Part %d of %d|1|2)"
shot qr-1.png
tap "_(Next)"
shot qr-2.png
expect no-button "_(Next)"
EOF
"$kiosk" --data kiosk --pack "$src/assets/sample-pack/shadowday" --usb kiosk/usb \
    --script kiosk.script --shots kiosk/shots --size 800x480 > kiosk.log 2>&1 ||
    { cat kiosk.log; fail "the kiosk's day"; }
photo kiosk/shots/qr-2.png kiosk/IMG_2001.jpg 2
photo kiosk/shots/qr-1.png kiosk/IMG_2002.jpg -3

# Every record of the kiosk's database once, field for field, in OUT/records.csv.
same_as_db() {
    d=$("$here/same_records.sh" kiosk/shadowday.db "$1/records.csv" compare.db) ||
        fail "$1: collected records differ from the kiosk's database: $d"
}
"$sd" collect -o out-kiosk kiosk/IMG_2001.jpg kiosk/IMG_2002.jpg > kiosk.txt 2> kiosk.err ||
    { cat kiosk.txt kiosk.err; fail "collect of the photos of the kiosk's screen"; }
same_as_db out-kiosk

# The same codes scanned into a phone's note: a title, bullets, the two glued on one line.
zbarimg --raw -q kiosk/shots/qr-1.png 2>/dev/null | grep '^SD2:' > part1.txt || fail "zbarimg part 1"
zbarimg --raw -q kiosk/shots/qr-2.png 2>/dev/null | grep '^SD2:' > part2.txt || fail "zbarimg part 2"
printf 'QR-koodit, Kahvila Kaneli\r\n\r\n• %s%s\r\nLähetetty iPhonesta\r\n' "$(cat part2.txt)" \
    "$(cat part1.txt)" > note.txt
"$sd" collect -o out-note note.txt > note.out 2> note.err || { cat note.out note.err; fail "collect of the note"; }
grep -q "note.txt: 2 lines without a QR code part were left out" note.out || { cat note.out; fail "the note's other lines"; }
same_as_db out-note
echo "qr_photos: the kiosk's screen photographed and scanned into a note, every record read back"
