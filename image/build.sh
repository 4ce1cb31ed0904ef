#!/bin/sh
# build.sh - build the bootable Raspberry Pi image (arm64: Pi 4 and Pi 3) from Debian packages.
#
#   sudo image/build.sh [--deb shadowday_VERSION_arm64.deb] [--out DIR]
#
# One command: cross-builds the arm64 .deb when none is given (scripts/cross-build.sh), makes
# the root filesystem with mmdebstrap (Debian 12, main + non-free-firmware for raspi-firmware;
# packages configured under qemu-user-static), configures it for the kiosk (customize.sh), and
# assembles an MBR disk image of three partitions:
#   1 SD_BOOT  FAT32  256 MiB  /boot/firmware: Pi firmware, kernel, initrd, DTBs, config.txt, cmdline.txt
#   2 SD_ROOT  ext4   ~1 GiB   /, read-only under overlayroot (tmpfs:recurse=0)
#   3 SD_DATA  ext4   512 MiB  /var/lib/shadowday, read-write: the records and the saved clock
# The filesystems are made from directories (mkfs.ext4 -d, mtools), never mounted, so neither
# loop partitions, device-mapper nor a vfat driver are needed on the build machine.
# Output in DIR (default build-image/): shadowday-pi-arm64.img, .sha256, .packages (dpkg -l).
# Environment: SD_MIRROR (Debian mirror), SD_DATA_MB (data partition size, default 512),
# SD_ARM64_BUILD (the cross build's folder, default build-arm64/),
# SOURCE_DATE_EPOCH (default: the last commit's time), SD_CROSS_TESTS (see cross-build.sh).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build-image
deb=""
mirror=${SD_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
boot_mb=256
data_mb=${SD_DATA_MB:-512}

while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "build.sh: run as root (mmdebstrap root mode, chroot)" >&2; exit 2; }
"$top/scripts/deps.sh" image
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || {
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
}
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] ||
    { echo "build.sh: arm64 programs cannot run here (binfmt_misc, qemu-user-static)" >&2; exit 1; }

if [ -z "$deb" ]; then
    arm64_build=${SD_ARM64_BUILD:-$top/build-arm64}
    SD_CROSS_TESTS=${SD_CROSS_TESTS:-0} "$top/scripts/cross-build.sh" "$arm64_build"
    deb=$(ls -t "$arm64_build"/shadowday_*_arm64.deb | head -n 1)
fi
[ -f "$deb" ] || { echo "build.sh: no package $deb" >&2; exit 2; }
[ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ] || { echo "build.sh: $deb is not arm64" >&2; exit 2; }

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

work=$out/work
rootfs=$work/rootfs
rm -rf "$work"
mkdir -p "$work/boot" "$work/data"
# The package must be at the same path inside the chroot as outside (apt hands dpkg the path).
pkgdir=/tmp/shadowday-image-pkg
rm -rf "$pkgdir"
mkdir -p "$pkgdir"
cp "$deb" "$pkgdir/shadowday.deb"
started=$(date +%s)

echo "build.sh: root filesystem (mmdebstrap $suite arm64)"
# The kernel's own postinst makes no initramfs (INITRD=No): customize.sh makes it once, when all
# hooks (overlayroot) are in; each build of it takes many minutes under emulation.
export INITRD=No
mmdebstrap --architectures=arm64 --variant=minbase --components=main,non-free-firmware \
    --include=systemd-sysv,udev,kmod,initramfs-tools,zstd,linux-image-arm64,raspi-firmware \
    --include=overlayroot,busybox,fake-hwclock,e2fsprogs,dosfstools,tzdata \
    --include=libgl1-mesa-dri,libegl1,libegl-mesa0,libgles2,libgbm1,espeak-ng \
    --include="$pkgdir/shadowday.deb" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-include=/usr/share/doc/shadowday/*' \
    --setup-hook="mkdir -p \"\$1$pkgdir\" && cp '$pkgdir/shadowday.deb' \"\$1$pkgdir/\"" \
    --customize-hook="'$top/image/customize.sh' \"\$1\"" \
    "$suite" "$rootfs" "$mirror"
rm -rf "$pkgdir"

# The firmware partition's files leave the root tree; the empty folders stay as mount points.
mv "$rootfs"/boot/firmware/* "$work/boot/"
chroot "$rootfs" dpkg-query -W -f='${Package} ${Version} ${Architecture}\n' > "$out/shadowday-pi-arm64.packages"
uid=$(chroot "$rootfs" id -u shadowday)
gid=$(chroot "$rootfs" id -g shadowday)

echo "build.sh: filesystems"
used_mb=$(du -sm "$rootfs" | cut -f1)
root_mb=$(( used_mb + used_mb / 4 + 128 ))
export MTOOLS_SKIP_CHECK=1
rm -f "$work"/*.img
mkfs.vfat -F 32 -n SD_BOOT -i 5d5d0001 -C "$work/boot.img" $(( boot_mb * 1024 )) >/dev/null
mcopy -s -m -i "$work/boot.img" "$work"/boot/* ::/
truncate -s "${root_mb}M" "$work/root.img"
mkfs.ext4 -q -F -L SD_ROOT -m 1 -E root_owner=0:0 -d "$rootfs" "$work/root.img"
chmod 0700 "$work/data"
truncate -s "${data_mb}M" "$work/data.img"
mkfs.ext4 -q -F -L SD_DATA -m 2 -E "root_owner=$uid:$gid" -d "$work/data" "$work/data.img"
# mkfs.ext4 -d keeps its own 0755 for the top folder: the records are the kiosk user's alone.
debugfs -w -R "sif / mode 040700" "$work/data.img" >/dev/null 2>&1

echo "build.sh: disk image"
img=$out/shadowday-pi-arm64.img
p1=4; p2=$(( p1 + boot_mb )); p3=$(( p2 + root_mb )); end=$(( p3 + data_mb ))
rm -f "$img"
truncate -s "$(( end + 1 ))M" "$img"
sfdisk --quiet "$img" <<PARTS
label: dos
label-id: 0x5d5d0001
unit: sectors
start=$(( p1 * 2048 )), size=$(( boot_mb * 2048 )), type=c, bootable
start=$(( p2 * 2048 )), size=$(( root_mb * 2048 )), type=83
start=$(( p3 * 2048 )), size=$(( data_mb * 2048 )), type=83
PARTS
dd if="$work/boot.img" of="$img" bs=1M seek=$p1 conv=notrunc,sparse status=none
dd if="$work/root.img" of="$img" bs=1M seek=$p2 conv=notrunc,sparse status=none
dd if="$work/data.img" of="$img" bs=1M seek=$p3 conv=notrunc,sparse status=none
rm -f "$work"/*.img
(cd "$out" && sha256sum "$(basename "$img")" > "$(basename "$img").sha256")

echo "build.sh: checking"
"$top/image/check-image.sh" "$img"
echo "build.sh: $img ($(( end + 1 )) MiB) in $(( $(date +%s) - started )) s"
