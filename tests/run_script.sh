#!/bin/sh
# run_script.sh - run one scripted-driver file against the kiosk, headless, on a fresh data
# folder with the sample day pack; then, when tests/scripts/<name>.check.sh exists, run it with
# the database path so it can check every record with sqlite3. When <name>.restart exists, the
# kiosk is started again on the same data folder and runs it: what must survive a restart.
#
#   run_script.sh KIOSK SOURCE_DIR BUILD_DIR NAME
#
# Screenshots go to BUILD_DIR/tests/screenshots/<name>/ (kept by CI). The kiosk watches
# <data>/usb for USB sticks (--usb); the folder <data>/usb/stick in it plays a stick that is in
# from the start (the export and import screens use it; nothing is offered for it).
# Per test, optional: <name>.pack names a day pack folder under tests/data/ to use instead of the
# sample (<name>.restart.pack: the one the restart imports, e.g. a card changed since), and
# <name>.size a screen size instead of 800x480 (SD_SCRIPT_SIZE, when set, wins over both).
set -eu
kiosk=$1
src=$2
build=$3
name=$4
script="$src/tests/scripts/$name.script"
shots="$build/tests/screenshots/$name"
data="$build/tests/tmp/scripts/$name"
rm -rf "$data" "$shots"
mkdir -p "$shots" "$data/usb/stick"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=Europe/Helsinki
pack="$src/assets/sample-pack/shadowday"
[ -f "$src/tests/scripts/$name.pack" ] && pack="$src/tests/data/$(head -n 1 "$src/tests/scripts/$name.pack")"
restart_pack=$pack
[ -f "$src/tests/scripts/$name.restart.pack" ] &&
    restart_pack="$src/tests/data/$(head -n 1 "$src/tests/scripts/$name.restart.pack")"
size=800x480
[ -f "$src/tests/scripts/$name.size" ] && size=$(head -n 1 "$src/tests/scripts/$name.size")
size=${SD_SCRIPT_SIZE:-$size}
"$kiosk" --data "$data" --pack "$pack" --usb "$data/usb" --script "$script" \
    --shots "$shots" --size "$size"
if [ -f "$src/tests/scripts/$name.restart" ]; then
    "$kiosk" --data "$data" --pack "$restart_pack" --usb "$data/usb" \
        --script "$src/tests/scripts/$name.restart" --shots "$shots" --size "$size"
fi
check="$src/tests/scripts/$name.check.sh"
if [ -x "$check" ]; then
    "$check" "$data/shadowday.db" "$build"
fi
