#!/bin/sh
# customize.sh - make the new Debian root a shadowday kiosk. Run by build.sh through
# mmdebstrap's --customize-hook with the root's path; everything here is configuration files and
# systemctl --root, so it also documents what the image changes from plain Debian 12.
set -eu
r=$1
etc=$r/etc

# ------------------------------------------------------------ name, time zone, mounts
echo shadowday > "$etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tshadowday\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$etc/hosts"
ln -sf /usr/share/zoneinfo/Europe/Helsinki "$etc/localtime"
echo Europe/Helsinki > "$etc/timezone"
# Empty: systemd makes one per boot (the kiosk's own id is in its database, not this).
: > "$etc/machine-id"

cat > "$etc/fstab" <<'FSTAB'
# shadowday kiosk. The root is read-only under overlayroot (tmpfs:recurse=0, see cmdline.txt):
# changes to / vanish at power-off, while the data partition below stays read-write.
LABEL=SD_ROOT  /                   ext4  defaults,noatime,errors=remount-ro                      0  1
LABEL=SD_BOOT  /boot/firmware      vfat  ro,nosuid,nodev,noexec,noatime,umask=0022,nofail,x-systemd.device-timeout=30s  0  2
LABEL=SD_DATA  /var/lib/shadowday  ext4  rw,nosuid,nodev,noexec,noatime,errors=remount-ro        0  2
FSTAB

# ------------------------------------------------------------ boot: firmware, kernel command line
# raspi-firmware writes config.txt and cmdline.txt from these on every kernel/initramfs update.
# CMA=0: no cma= on the command line; the DTB's own pool is used (Debian warns that cma=64M
# can stop a Pi 4 from booting, and this image serves Pi 3 and Pi 4 alike).
cat > "$etc/default/raspi-firmware" <<'RASPI'
# shadowday kiosk image (image/customize.sh)
ROOTPART="LABEL=SD_ROOT"
CONSOLES="ttyS1,115200 tty1"
CMA=0
KERNEL="auto"
INITRAMFS="auto"
RASPI
# One line, no comments (raspi-firmware pastes it as is). Display rotation goes here too; see
# image/README.md, "Displays".
echo "overlayroot=tmpfs:recurse=0 consoleblank=0 quiet loglevel=3 vt.global_cursor_default=0 logo.nologo systemd.show_status=error" \
    > "$etc/default/raspi-extra-cmdline"
cat > "$etc/default/raspi-firmware-custom" <<'CUSTOM'
# shadowday kiosk image: no rainbow splash, use the whole screen.
disable_splash=1
disable_overscan=1
# Official touch displays (overlays from Raspberry Pi's kernel tree; see image/README.md):
# Touch Display 1 (800x480):   dtoverlay=vc4-kms-dsi-7inch
# Touch Display 2 (720x1280):  dtoverlay=vc4-kms-dsi-ili9881-7inch  (5": ...-5inch)
CUSTOM

# ------------------------------------------------------------ systemd: nothing but the kiosk
# No network anywhere (ssh, wpa_supplicant, ifupdown are not even installed; masked in case a
# later package pulls one in), no network time (there is no network), no apt timers, no login on
# the screen, no reboot by Ctrl-Alt-Del, no first-boot questions on a root reset every boot.
systemctl --root="$r" mask --quiet \
    networking.service wpa_supplicant.service ssh.service ssh.socket \
    systemd-networkd.service systemd-networkd.socket systemd-networkd-wait-online.service \
    systemd-resolved.service systemd-timesyncd.service \
    apt-daily.timer apt-daily-upgrade.timer \
    getty@tty1.service getty-static.service ctrl-alt-del.target systemd-firstboot.service

mkdir -p "$etc/systemd/logind.conf.d" "$etc/systemd/system.conf.d" "$etc/systemd/journald.conf.d"
# No getty springs up on another VT either (getty-static, masked above, starts tty2-tty6 when
# logind is missing, as it is without D-Bus).
printf '[Login]\nNAutoVTs=0\nReserveVT=0\n' > "$etc/systemd/logind.conf.d/shadowday.conf"
# PID 1 feeds the SoC's watchdog (bcm2835_wdt allows at most 15 s): a hung system reboots,
# as a hung kiosk is restarted by its own WatchdogSec=.
printf '[Manager]\nRuntimeWatchdogSec=14s\nRebootWatchdogSec=2min\nCtrlAltDelBurstAction=none\n' \
    > "$etc/systemd/system.conf.d/shadowday.conf"
# The root is in RAM anyway; keep the journal there, bounded.
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' > "$etc/systemd/journald.conf.d/shadowday.conf"

# ------------------------------------------------------------ the clock (no RTC on Pi 3/4)
# fake-hwclock keeps its file on the data partition, so the time survives the overlay: loaded
# at boot (forward only), saved every 15 minutes and at shutdown. The systemd clock floor is the
# image's build time. The kiosk itself flags times that still look wrong (clock_suspect).
echo 'FILE=/var/lib/shadowday/fake-hwclock.data' > "$etc/default/fake-hwclock"
mkdir -p "$etc/systemd/system/fake-hwclock.service.d"
printf '[Unit]\nRequiresMountsFor=/var/lib/shadowday\n' > "$etc/systemd/system/fake-hwclock.service.d/shadowday.conf"
cat > "$etc/systemd/system/shadowday-clock-save.service" <<'UNIT'
[Unit]
Description=Save the clock to the data partition (fake-hwclock)
RequiresMountsFor=/var/lib/shadowday

[Service]
Type=oneshot
EnvironmentFile=-/etc/default/fake-hwclock
ExecStart=/sbin/fake-hwclock save
UNIT
cat > "$etc/systemd/system/shadowday-clock-save.timer" <<'UNIT'
[Unit]
Description=Save the clock every 15 minutes

[Timer]
OnBootSec=5min
OnUnitActiveSec=15min

[Install]
WantedBy=timers.target
UNIT
systemctl --root="$r" enable --quiet shadowday-clock-save.timer
touch -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" "$r/usr/lib/clock-epoch"

# ------------------------------------------------------------ the kiosk
# The .deb enabled shadowday-kiosk.service and made the user; the data partition's mount point
# stays empty in the root filesystem.
systemctl --root="$r" is-enabled --quiet shadowday-kiosk.service
rm -rf "$r/var/lib/shadowday/"* 2>/dev/null || true

# ------------------------------------------------------------ regenerate boot files
# The initramfs was made after overlayroot's hook was installed (a dpkg trigger at the end of the
# install); it is rebuilt only if that hook is missing (slow under emulation: minutes). Then
# raspi-firmware's hook copies kernel, initrd and DTBs to /boot/firmware and writes config.txt
# and cmdline.txt from the settings above.
# busybox must be in it: overlayroot's script needs grep, which klibc alone does not have (without
# it overlayroot fails and the root stays writable; seen in the qemu boot).
if ! ls "$r"/boot/initrd.img-* >/dev/null 2>&1; then
    chroot "$r" update-initramfs -c -k all
elif ! chroot "$r" sh -c 'lsinitramfs /boot/initrd.img-* | grep -q "scripts/init-bottom/overlayroot"'; then
    chroot "$r" update-initramfs -u -k all
fi
chroot "$r" sh -c 'lsinitramfs /boot/initrd.img-* | grep -q "scripts/init-bottom/overlayroot" &&
                   lsinitramfs /boot/initrd.img-* | grep -qE "(^|/)bin/busybox$"' ||
    { echo "customize.sh: the initramfs lacks overlayroot or busybox" >&2; exit 1; }
chroot "$r" env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware

# ------------------------------------------------------------ tidy
chroot "$r" apt-get clean
rm -rf "$r/var/lib/apt/lists/"* "$r/tmp/shadowday-image-pkg"
