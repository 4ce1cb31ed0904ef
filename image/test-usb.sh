#!/bin/sh
# test-usb.sh - the USB automount helper (image/usb-mount) on real filesystems on loop devices.
#
#   sudo image/test-usb.sh
#
# Makes small FAT32, exFAT (when mkfs.exfat is there) and ext4 stick images, attaches them to
# loop devices and runs usb-mount exactly as shadowday-usb@.service does, with the mount folder,
# user and lock moved to a scratch folder. Checks with findmnt and by trying: the options
# (nosuid,nodev,noexec, owner uid/gid and masks, flush on vfat), that the kiosk user can write
# and another user cannot read, that nothing on the stick runs, one stick at a time, unmount
# only of the stick that is there, and a refusal of a stick without a known filesystem.
# The udev rule itself is checked by image/test-deb.sh (udevadm test in the installed root).
# Needs root and loop devices; not part of ctest. Takes a few seconds.
# Prints "N passed, N failed".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
helper=$top/image/usb-mount
[ "$(id -u)" -eq 0 ] || { echo "test-usb.sh: run as root (losetup, mount)" >&2; exit 2; }
losetup -f >/dev/null 2>&1 || { echo "test-usb.sh: no free loop device here" >&2; exit 2; }

work=$(mktemp -d /tmp/shadowday-test-usb.XXXXXX)
export SHADOWDAY_USB_DIR=$work/media/shadowday
export SHADOWDAY_USB_LOCK=$work/usb.lock
export SHADOWDAY_USER=nobody            # plays the kiosk user: any user that exists
uid=$(id -u nobody)
gid=$(id -g nobody)
other=4242                              # plays anyone else
passed=0
failed=0

cleanup() {
    mountpoint -q "$SHADOWDAY_USB_DIR" 2>/dev/null && umount -l "$SHADOWDAY_USB_DIR"
    # attach runs in $(...), a subshell: find the loop devices by their backing files.
    losetup -n -O NAME,BACK-FILE --list 2>/dev/null | while read -r l f; do
        case "$f" in "$work"/*) losetup -d "$l" 2>/dev/null || true ;; esac
    done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() {
    what=$1; shift
    if "$@" >"$work/last.log" 2>&1; then ok "$what"; else bad "$what"; sed 's/^/     /' "$work/last.log" | tail -n 10; fi
}
attach() {  # attach IMAGE -> prints the loop device
    losetup -f --show "$1"
}
opts() { findmnt -n -o OPTIONS --mountpoint "$SHADOWDAY_USB_DIR"; }
has_opt() { opts | tr ',' '\n' | grep -qx "$1"; }
as_user() { u=$1; shift; setpriv --reuid "$u" --regid "$u" --clear-groups "$@"; }

skipped=0
skip() { skipped=$((skipped + 1)); echo "skip - $*"; }
kernel_has() { grep -qw "$1" /proc/filesystems; }

# A FAT-like stick (vfat, exfat): owner and masks, the kiosk user writes, nobody else reads,
# nothing runs, and what was written is on the stick after a remount.
fat_checks() {  # fat_checks FSTYPE DEVICE EXTRA_OPTIONS...
    fs=$1; dev=$2; shift 2
    if ! "$helper" mount "$dev" >"$work/last.log" 2>&1; then
        bad "usb-mount mounts a $fs stick"; sed 's/^/     /' "$work/last.log"; return 0
    fi
    ok "usb-mount mounts a $fs stick"
    check "findmnt: $fs from $dev" sh -c "[ \"\$(findmnt -n -o SOURCE,FSTYPE --mountpoint '$SHADOWDAY_USB_DIR' | tr -s ' ')\" = '$dev $fs' ]"
    echo "     options: $(opts)"
    for o in nosuid nodev noexec "uid=$uid" "gid=$gid" fmask=0177 dmask=0077 "$@"; do
        check "$fs option $o" has_opt "$o"
    done
    check "the kiosk user can write an export to it" as_user "$uid" sh -c "echo ok > '$SHADOWDAY_USB_DIR/export.csv'"
    check "its files are the kiosk user's, mode 0600" sh -c "[ \"\$(stat -c '%u %a' '$SHADOWDAY_USB_DIR/export.csv')\" = '$uid 600' ]"
    check "another user cannot list or read the stick" sh -c "! setpriv --reuid $other --regid $other --clear-groups ls '$SHADOWDAY_USB_DIR' 2>/dev/null && ! setpriv --reuid $other --regid $other --clear-groups cat '$SHADOWDAY_USB_DIR/export.csv' 2>/dev/null"
    cp /bin/true "$SHADOWDAY_USB_DIR/run-me"
    check "nothing on the stick can be run (noexec), not even by root" sh -c "! '$SHADOWDAY_USB_DIR/run-me' 2>/dev/null"
    rm -f "$SHADOWDAY_USB_DIR/run-me"
    check "unmount, mount again: the export is on the stick" sh -c "'$helper' unmount '$dev' && ! mountpoint -q '$SHADOWDAY_USB_DIR' && '$helper' mount '$dev' && [ \"\$(cat '$SHADOWDAY_USB_DIR/export.csv')\" = ok ]"
    "$helper" unmount "$dev" 2>/dev/null || true
}

truncate -s 48M "$work/fat.img"
mkfs.vfat -F 32 -n STICK "$work/fat.img" >/dev/null
truncate -s 16M "$work/ext4a.img"
mkfs.ext4 -q -F -L STICKA "$work/ext4a.img"
truncate -s 16M "$work/ext4b.img"
mkfs.ext4 -q -F -L STICKB "$work/ext4b.img"
truncate -s 4M "$work/blank.img"
exta=$(attach "$work/ext4a.img")
extb=$(attach "$work/ext4b.img")
blank=$(attach "$work/blank.img")

# ---------------------------------------------------------------- FAT32, the usual stick
if kernel_has vfat; then
    fat_checks vfat "$(attach "$work/fat.img")" flush errors=remount-ro
else
    skip "FAT32: this kernel has no vfat driver (/proc/filesystems); checked in the booted image instead"
fi

# ---------------------------------------------------------------- exFAT
if ! command -v mkfs.exfat >/dev/null 2>&1; then
    skip "exFAT: no mkfs.exfat (Debian's exfatprogs)"
elif ! kernel_has exfat; then
    skip "exFAT: this kernel has no exfat driver"
else
    truncate -s 16M "$work/exfat.img"
    mkfs.exfat -n STICK "$work/exfat.img" >/dev/null
    fat_checks exfat "$(attach "$work/exfat.img")"
fi

# ---------------------------------------------------------------- ext4, one stick at a time
check "usb-mount mounts an ext4 stick" "$helper" mount "$exta"
echo "     options: $(opts)"
for o in nosuid nodev noexec errors=remount-ro; do
    check "ext4 option $o" has_opt "$o"
done
check "a second stick while one is mounted: left alone, status 0" "$helper" mount "$extb"
check "the first stick is still the one mounted" sh -c "[ \"\$(findmnt -n -o SOURCE --mountpoint '$SHADOWDAY_USB_DIR')\" = '$exta' ]"
check "unmount of the other device does nothing" sh -c "'$helper' unmount '$extb' && mountpoint -q '$SHADOWDAY_USB_DIR'"
check "unmount of the stick that is there unmounts it" sh -c "'$helper' unmount '$exta' && ! mountpoint -q '$SHADOWDAY_USB_DIR'"
check "a stick with no filesystem is refused (status 1, a message)" sh -c "! '$helper' mount '$blank' 2>'$work/err' && grep -q 'no filesystem' '$work/err' && ! mountpoint -q '$SHADOWDAY_USB_DIR'"
check "usb-mount options prints the vfat line the unit uses" sh -c "'$helper' options vfat 1 2 | grep -qx 'nosuid,nodev,noexec,noatime,uid=1,gid=2,fmask=0177,dmask=0077,flush,utf8,shortname=mixed,errors=remount-ro'"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
