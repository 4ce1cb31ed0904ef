#!/bin/sh
# pi_units.sh - static checks of the Raspberry Pi files (issue #5) that need no root: the kiosk
# unit has the settings the issue asks for, the kiosk, its unit, the USB helper and its unit
# agree on the folders, usb-mount gives the safe options per filesystem, the maintainer and
# image scripts parse. The full checks (install, systemd, udev, watchdog, image) need root:
# image/test-deb.sh, image/test-usb.sh, image/build.sh + check-image.sh, image/boot-qemu.sh.
#
#   tests/pi_units.sh SOURCE_DIR [KIOSK]
set -eu
src=${1:?usage: pi_units.sh SOURCE_DIR [KIOSK]}
kiosk=${2:-}
img=$src/image
unit=$img/shadowday-kiosk.service
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() { what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }

# The kiosk unit: one line per required setting (a regular expression on the whole line).
while IFS='|' read -r what line; do
    [ -n "$what" ] || continue
    check "kiosk unit: $what" grep -qE "^$line\$" "$unit"
done <<'TABLE'
Type=notify|Type=notify
watchdog|WatchdogSec=[0-9]+s?
restarted always|Restart=always
KMS/DRM without X|Environment=SDL_VIDEODRIVER=kmsdrm
checks display and input at start|ExecStart=/usr/bin/shadowday-kiosk .*--require-input.*
data and USB folders|ExecStart=/usr/bin/shadowday-kiosk --data /var/lib/shadowday --usb /media/shadowday .*
own user|User=shadowday
groups video, input, render|SupplementaryGroups=video input render
no network at all|PrivateNetwork=yes
AF_UNIX for sd_notify|RestrictAddressFamilies=AF_UNIX( .*)?
read-only system|ProtectSystem=strict
writable: data and USB folders only|ReadWritePaths=/var/lib/shadowday -/media/shadowday
no new privileges|NoNewPrivileges=yes
no home folders|ProtectHome=yes
private /tmp|PrivateTmp=yes
may set the clock|AmbientCapabilities=CAP_SYS_TIME
and nothing else|CapabilityBoundingSet=CAP_SYS_TIME
devices closed|DevicePolicy=closed
DRM devices|DeviceAllow=char-drm rw
input devices|DeviceAllow=char-input rw
tty1|DeviceAllow=/dev/tty1 rw
takes tty1|TTYPath=/dev/tty1
no getty on tty1|Conflicts=getty@tty1.service
waits for the data partition|RequiresMountsFor=/var/lib/shadowday
started at boot|WantedBy=multi-user.target
TABLE

# The USB chain agrees on names and the folder.
check "udev rule starts shadowday-usb@%k.service on add" grep -q 'ACTION!="add".*' "$img/90-shadowday-usb.rules"
check "udev rule: SYSTEMD_WANTS, never a mount from udev" sh -c "grep -q 'ENV{SYSTEMD_WANTS}+=\"shadowday-usb@%k.service\"' '$img/90-shadowday-usb.rules' && ! grep -vE '^#' '$img/90-shadowday-usb.rules' | grep -qE 'RUN.*mount'"
check "udev rule: only USB devices with a filesystem" sh -c "grep -q 'ENV{ID_BUS}!=\"usb\"' '$img/90-shadowday-usb.rules' && grep -q 'ENV{ID_FS_USAGE}!=\"filesystem\"' '$img/90-shadowday-usb.rules'"
check "USB unit bound to the device, runs usb-mount" sh -c "grep -qx 'BindsTo=dev-%i.device' '$img/shadowday-usb@.service' && grep -qx 'ExecStart=/usr/libexec/shadowday/usb-mount mount /dev/%I' '$img/shadowday-usb@.service' && grep -qx 'ExecStop=/usr/libexec/shadowday/usb-mount unmount /dev/%I' '$img/shadowday-usb@.service'"
check "usb-mount mounts at /media/shadowday by default" grep -q 'dir=${SHADOWDAY_USB_DIR:-/media/shadowday}' "$img/usb-mount"
check "tmpfiles make /var/lib/shadowday 0700 for the user and /media/shadowday" sh -c "grep -qE '^d /var/lib/shadowday 0700 shadowday shadowday' '$img/shadowday.tmpfiles' && grep -qE '^d /media/shadowday ' '$img/shadowday.tmpfiles'"
if [ -n "$kiosk" ] && [ -x "$kiosk" ]; then
    check "the kiosk's own default USB folder is /media/shadowday" sh -c "'$kiosk' --help | grep -q 'default /media/shadowday'"
    check "the kiosk knows --require-input" sh -c "'$kiosk' --help | grep -q -- '--require-input'"
fi

# usb-mount's table of options, as the unit gets them.
while IFS='|' read -r fs want; do
    [ -n "$fs" ] || continue
    check "usb-mount options $fs" test "$(sh "$img/usb-mount" options "$fs" 1001 1002)" = "$want"
done <<'TABLE'
vfat|nosuid,nodev,noexec,noatime,uid=1001,gid=1002,fmask=0177,dmask=0077,flush,utf8,shortname=mixed,errors=remount-ro
exfat|nosuid,nodev,noexec,noatime,uid=1001,gid=1002,fmask=0177,dmask=0077,iocharset=utf8,errors=remount-ro
ext4|nosuid,nodev,noexec,noatime,errors=remount-ro
TABLE
check "usb-mount refuses other filesystems (ntfs)" sh -c "! sh '$img/usb-mount' options ntfs 1 1"

# Every script parses.
for f in postinst prerm postrm usb-mount build.sh customize.sh check-image.sh test-deb.sh \
         test-usb.sh boot-qemu.sh; do
    check "sh -n image/$f" sh -n "$img/$f"
done
check "sh -n scripts/cross-build.sh" sh -n "$src/scripts/cross-build.sh"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
