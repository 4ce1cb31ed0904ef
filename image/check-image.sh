#!/bin/sh
# check-image.sh - check a shadowday Pi image without booting or mounting it.
#
#   image/check-image.sh shadowday-pi-arm64.img
#
# Reads the partition table (sfdisk), the FAT partition with mtools and the ext4 partitions with
# debugfs, so it needs neither root nor loop devices. Checks: MBR with FAT32 boot + ext4 root +
# ext4 data; the firmware, kernel, initrd and Pi 3/Pi 4 DTBs; cmdline.txt (overlayroot
# tmpfs:recurse=0, consoleblank=0, root by label); the data partition in fstab read-write at
# /var/lib/shadowday; the shadowday package installed, its service enabled, the kiosk user; the
# network services, ssh, getty on tty1 and ctrl-alt-del absent or masked; the clock file on the
# data partition. Prints "N passed, N failed"; exit status 1 when anything failed.
set -eu
img=${1:?usage: check-image.sh IMAGE}
[ -f "$img" ] || { echo "check-image.sh: no file $img" >&2; exit 2; }
for tool in sfdisk debugfs mtype mdir; do
    command -v "$tool" >/dev/null 2>&1 || { echo "check-image.sh: needs $tool (fdisk, e2fsprogs, mtools)" >&2; exit 2; }
done
export MTOOLS_SKIP_CHECK=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() { what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }

# ---------------------------------------------------------------- partition table
sfdisk -d "$img" > "$tmp/table" 2>/dev/null || true
check "MBR (dos) partition table" grep -q '^label: dos' "$tmp/table"
parts=$(grep -c ' : start=' "$tmp/table" || true)
check "three partitions" test "$parts" -eq 3
field() {  # field N start|size|type
    sed -n "s/.*${1} : \(.*\)/\1/p" "$tmp/table" | tr ',' '\n' | sed -n "s/^ *$2= *//p"
}
line() { grep "^[^ ]*$1 :" "$tmp/table" | head -n 1; }
check "partition 1 is FAT32 (type c) and bootable" sh -c "echo '$(line 1)' | grep -q 'type=c' && echo '$(line 1)' | grep -q bootable"
check "partitions 2 and 3 are Linux (type 83)" sh -c "echo '$(line 2)' | grep -q 'type=83' && echo '$(line 3)' | grep -q 'type=83'"
start_of() { line "$1" | sed -n 's/.*start= *\([0-9]*\).*/\1/p'; }
size_of() { line "$1" | sed -n 's/.*size= *\([0-9]*\).*/\1/p'; }
check "partitions start on 4 MiB boundaries (SD erase blocks)" sh -c "[ \$(( $(start_of 1) % 8192 )) -eq 0 ] && [ \$(( $(start_of 2) % 2048 )) -eq 0 ] && [ \$(( $(start_of 3) % 2048 )) -eq 0 ]"

extract() {  # extract N FILE
    dd if="$img" of="$2" bs=512 skip="$(start_of "$1")" count="$(size_of "$1")" status=none
}
extract 1 "$tmp/boot.img"
extract 2 "$tmp/root.img"
extract 3 "$tmp/data.img"

# ---------------------------------------------------------------- boot partition
fat() { mtype -i "$tmp/boot.img" "::$1" 2>/dev/null | tr -d '\r'; }
mdir -b -i "$tmp/boot.img" :: 2>/dev/null | sed 's|^::/||' > "$tmp/bootfiles" || true
check "boot partition label SD_BOOT" sh -c "mlabel -s -i '$tmp/boot.img' :: | grep -q SD_BOOT"
check "Pi firmware (start4.elf, fixup4.dat, start.elf, bootcode.bin)" sh -c "grep -qx start4.elf '$tmp/bootfiles' && grep -qx fixup4.dat '$tmp/bootfiles' && grep -qx start.elf '$tmp/bootfiles' && grep -qx bootcode.bin '$tmp/bootfiles'"
check "kernel and initrd on the boot partition" sh -c "grep -q '^vmlinuz-' '$tmp/bootfiles' && grep -q '^initrd.img-' '$tmp/bootfiles'"
check "device trees for Pi 4 and Pi 3" sh -c "grep -qx bcm2711-rpi-4-b.dtb '$tmp/bootfiles' && grep -qx bcm2837-rpi-3-b.dtb '$tmp/bootfiles' && grep -qx bcm2837-rpi-3-b-plus.dtb '$tmp/bootfiles'"
fat config.txt > "$tmp/config.txt"
fat cmdline.txt > "$tmp/cmdline.txt"
check "config.txt: 64-bit, kernel and initramfs named" sh -c "grep -q '^arm_64bit=1' '$tmp/config.txt' && grep -q '^kernel=vmlinuz-' '$tmp/config.txt' && grep -q '^initramfs initrd.img-' '$tmp/config.txt'"
check "cmdline.txt is one line" test "$(wc -l < "$tmp/cmdline.txt")" -eq 1
check "cmdline.txt: overlayroot=tmpfs:recurse=0" grep -qw 'overlayroot=tmpfs:recurse=0' "$tmp/cmdline.txt"
check "cmdline.txt: consoleblank=0" grep -qw 'consoleblank=0' "$tmp/cmdline.txt"
check "cmdline.txt: root=LABEL=SD_ROOT" grep -qw 'root=LABEL=SD_ROOT' "$tmp/cmdline.txt"
check "cmdline.txt: no cma= (DTB default on Pi 3 and 4)" sh -c "! grep -q 'cma=' '$tmp/cmdline.txt'"

# ---------------------------------------------------------------- root partition
rootcat() { debugfs -R "cat $1" "$tmp/root.img" 2>/dev/null; }
# "Fast link dest" (short) or the contents of a symlink's one block: where a link points.
rootlink() { debugfs -R "stat $1" "$tmp/root.img" 2>/dev/null | sed -n 's/^Fast link dest: "\(.*\)"$/\1/p'; }
rootexists() { debugfs -R "stat $1" "$tmp/root.img" 2>&1 | grep -q '^Inode:'; }
check "root partition is ext4 labelled SD_ROOT" sh -c "dumpe2fs -h '$tmp/root.img' 2>/dev/null | grep -q '^Filesystem volume name: *SD_ROOT' && dumpe2fs -h '$tmp/root.img' 2>/dev/null | grep -q 'extent'"
rootcat /etc/fstab > "$tmp/fstab"
check "fstab: data partition read-write at /var/lib/shadowday" sh -c "awk '\$1==\"LABEL=SD_DATA\" && \$2==\"/var/lib/shadowday\" && \$3==\"ext4\" && \$4 ~ /(^|,)rw(,|\$)/ && \$4 !~ /(^|,)ro(,|\$)/' '$tmp/fstab' | grep -q ."
check "fstab: root by label, firmware partition read-only" sh -c "grep -q '^LABEL=SD_ROOT  */ ' '$tmp/fstab' && awk '\$2==\"/boot/firmware\" && \$4 ~ /(^|,)ro(,|\$)/' '$tmp/fstab' | grep -q ."
rootcat /var/lib/dpkg/status > "$tmp/status"
installed() { awk -v p="$1" '$1=="Package:"{cur=$2} $1=="Status:" && cur==p {print}' "$tmp/status" | grep -q 'install ok installed'; }
check "package shadowday installed" installed shadowday
check "package overlayroot installed" installed overlayroot
check "package busybox installed (overlayroot's initramfs script needs its grep)" installed busybox
check "kernel linux-image-arm64 and raspi-firmware installed" sh -c "awk '\$1==\"Package:\"{p=\$2} \$1==\"Status:\" && \$4==\"installed\"{print p}' '$tmp/status' | grep -qx linux-image-arm64 && awk '\$1==\"Package:\"{p=\$2} \$1==\"Status:\" && \$4==\"installed\"{print p}' '$tmp/status' | grep -qx raspi-firmware"
check "no ssh server, no network managers installed" sh -c "! awk '\$1==\"Package:\"{p=\$2} \$1==\"Status:\" && \$4==\"installed\"{print p}' '$tmp/status' | grep -qxE 'openssh-server|dropbear|wpasupplicant|ifupdown|network-manager|isc-dhcp-client|dhcpcd5|avahi-daemon'"
check "shadowday-kiosk.service enabled" rootexists /etc/systemd/system/multi-user.target.wants/shadowday-kiosk.service
check "the unit asks for the watchdog and no network" sh -c "debugfs -R 'cat /lib/systemd/system/shadowday-kiosk.service' '$tmp/root.img' 2>/dev/null | grep -q '^WatchdogSec=' && debugfs -R 'cat /lib/systemd/system/shadowday-kiosk.service' '$tmp/root.img' 2>/dev/null | grep -q '^PrivateNetwork=yes'"
for unit in ctrl-alt-del.target getty@tty1.service getty-static.service networking.service wpa_supplicant.service \
            systemd-networkd-wait-online.service systemd-timesyncd.service; do
    check "$unit masked" test "$(rootlink "/etc/systemd/system/$unit")" = /dev/null
done
check "kiosk user shadowday exists" sh -c "debugfs -R 'cat /etc/passwd' '$tmp/root.img' 2>/dev/null | grep -q '^shadowday:'"
check "kiosk user in video, input and render" sh -c "debugfs -R 'cat /etc/group' '$tmp/root.img' 2>/dev/null > '$tmp/group'; for g in video input render; do grep -q \"^\$g:.*[:,]shadowday\\(,\\|\$\\)\" '$tmp/group' || exit 1; done"
check "USB automount rule and unit installed" sh -c "$(printf '%s' "debugfs -R 'stat /lib/udev/rules.d/90-shadowday-usb.rules' '$tmp/root.img' 2>&1 | grep -q '^Inode:' && debugfs -R 'stat /lib/systemd/system/shadowday-usb@.service' '$tmp/root.img' 2>&1 | grep -q '^Inode:'")"
check "clock file on the data partition (fake-hwclock FILE=)" sh -c "debugfs -R 'cat /etc/default/fake-hwclock' '$tmp/root.img' 2>/dev/null | grep -q '^FILE=/var/lib/shadowday/'"
check "overlayroot hook in the initramfs tools" rootexists /usr/share/initramfs-tools/scripts/init-bottom/overlayroot
check "/var/lib/shadowday is an empty mount point" sh -c "[ \"\$(debugfs -R 'ls /var/lib/shadowday' '$tmp/root.img' 2>/dev/null | tr -s ' ' '\n' | grep -vc -e '^\.\$' -e '^\.\.\$' -e '^(' -e '^[0-9]*\$' -e '^\$')\" -eq 0 ]"

# ---------------------------------------------------------------- data partition
uid=$(debugfs -R 'cat /etc/passwd' "$tmp/root.img" 2>/dev/null | awk -F: '$1=="shadowday"{print $3}')
check "data partition is ext4 labelled SD_DATA" sh -c "dumpe2fs -h '$tmp/data.img' 2>/dev/null | grep -q '^Filesystem volume name: *SD_DATA'"
check "data partition's top folder: the kiosk user's, mode 0700" sh -c "debugfs -R 'stat /' '$tmp/data.img' 2>/dev/null | grep -q 'Mode:  0700' && debugfs -R 'stat /' '$tmp/data.img' 2>/dev/null | grep -q 'User: *${uid:-none} '"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
