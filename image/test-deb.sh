#!/bin/sh
# test-deb.sh - install the shadowday .deb into a clean Debian 12 root and check it there.
#
#   image/test-deb.sh [PACKAGE.deb]
#
# Without an argument the native package is built first (cpack in $SD_DEB_BUILD, default
# build-deb/). The clean root is
# made with debootstrap (minbase, cached as a tarball in $SD_TEST_DEB_DIR, default
# /tmp/shadowday-test-deb) and unpacked anew for every run. Checks: the package installs with
# its dependencies from the mirror; the user, groups, data folder and enabled service are there;
# `systemd-analyze verify` accepts every unit it installs; the installed kiosk draws its Start
# screen headless (SDL dummy driver) as the kiosk user and saves it as a PNG; --require-input
# stops it with a message and status 1 when there is no input device; the udev rule asks for
# shadowday-usb@.service for a USB FAT32 stick and for nothing else (udevadm test on a loop
# device); then the root boots with systemd as PID 1 (systemd-nspawn --boot) and the installed,
# hardened unit is run for real: READY=1, its user and capabilities, no network, a USB mount
# reaching it, the watchdog restarting it after SIGSTOP, Restart=always after SIGKILL, and
# --require-input's exit and restart; remove and purge keep the records. Needs root, loop
# devices and a Debian mirror; not part of ctest. Takes about 1.5-3 minutes (plus debootstrap
# the first time). SD_TEST_NSPAWN=0 leaves out the systemd part. Prints "N passed, N failed".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
work=${SD_TEST_DEB_DIR:-/tmp/shadowday-test-deb}
mirror=${SD_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
root=$work/root
passed=0
failed=0

[ "$(id -u)" -eq 0 ] || { echo "test-deb.sh: run as root (debootstrap, chroot)" >&2; exit 2; }

if [ $# -ge 1 ]; then
    deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    b=${SD_DEB_BUILD:-$top/build-deb}
    cmake -S "$top" -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$b" -j2 >/dev/null
    (cd "$b" && cpack -G DEB >/dev/null)
    deb=$(ls -t "$b"/shadowday_*.deb | head -n 1)
fi
[ -f "$deb" ] || { echo "test-deb.sh: no package $deb" >&2; exit 2; }

ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
check() {  # check "what" command...
    what=$1; shift
    if "$@" >"$work/last.log" 2>&1; then ok "$what"; else bad "$what"; sed 's/^/     /' "$work/last.log" | tail -n 15; fi
}
in_root() { chroot "$root" "$@"; }

unmount_all() {
    for m in dev/pts dev proc sys run; do
        mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
    done
    return 0
}
mount_all() {
    mount -t proc proc "$root/proc"
    mount -t sysfs sys "$root/sys"
    mount --bind /dev "$root/dev"
    mount --bind /dev/pts "$root/dev/pts"
    mount -t tmpfs tmpfs "$root/run"
}
nspawn_pid=""
cleanup() {
    [ -n "$nspawn_pid" ] && kill "$nspawn_pid" 2>/dev/null && sleep 2
    unmount_all
}
trap cleanup EXIT INT TERM

mkdir -p "$work"
start=$(date +%s)
if [ ! -f "$work/base.tar" ]; then
    echo "# debootstrap $suite (minbase) into $work/base.tar"
    rm -rf "$work/base"
    debootstrap --variant=minbase "$suite" "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        { tail -n 20 "$work/debootstrap.log"; exit 1; }
    tar -C "$work/base" -cf "$work/base.tar" .
    rm -rf "$work/base"
fi
unmount_all
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$work/base.tar"
mount_all
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Nothing may start services inside the test root.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/shadowday.deb"

echo "# installing $(basename "$deb")"
check "apt-get installs the package and its dependencies" \
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/shadowday.deb
check "dpkg says installed" sh -c "chroot '$root' dpkg-query -W -f='\${Status}' shadowday | grep -qx 'install ok installed'"
check "Depends has the fonts, Recommends espeak-ng" sh -c "dpkg-deb -f '$deb' Depends | grep -q fonts-noto-core && dpkg-deb -f '$deb' Depends | grep -q fonts-material-design-icons-iconfont && dpkg-deb -f '$deb' Recommends | grep -q espeak-ng"
check "shlibdeps found the libraries (libsdl2, libsqlite3, libsodium)" sh -c "dpkg-deb -f '$deb' Depends | grep -q libsdl2 && dpkg-deb -f '$deb' Depends | grep -q libsqlite3 && dpkg-deb -f '$deb' Depends | grep -q libsodium"
check "user shadowday in video, input and render" sh -c "chroot '$root' id -nG shadowday | tr ' ' '\n' | sort | tr '\n' ' ' | grep -q 'input render shadowday video'"
check "the user has no login shell" sh -c "chroot '$root' getent passwd shadowday | grep -q ':/usr/sbin/nologin$'"
check "/var/lib/shadowday is 0700 and the user's" sh -c "[ \"\$(chroot '$root' stat -c '%a %U %G' /var/lib/shadowday)\" = '700 shadowday shadowday' ]"
check "/media/shadowday exists" test -d "$root/media/shadowday"
check "the service is enabled (multi-user.target)" test -L "$root/etc/systemd/system/multi-user.target.wants/shadowday-kiosk.service"
check "both programs, the sample pack and the coordinator's page are installed" sh -c "test -x '$root/usr/bin/shadowday-kiosk' && test -x '$root/usr/bin/shadowday' && test -f '$root/usr/share/shadowday/sample-pack/shadowday/workplace.csv' && test -f '$root/usr/share/doc/shadowday/shadowday-coordinator.html'"
# The translations are compiled into the programs (no .mo files): the installed CLI speaks them.
check "the installed programs carry the Finnish and Swedish translations" sh -c "chroot '$root' env LANGUAGE=fi LC_ALL=C.UTF-8 shadowday --help | grep -q '^Käyttö: shadowday' && chroot '$root' env LANGUAGE=sv LC_ALL=C.UTF-8 shadowday --help | grep -q '^Användning: shadowday'"
check "udev rule and USB helper installed" sh -c "test -f '$root/lib/udev/rules.d/90-shadowday-usb.rules' && test -x '$root/usr/libexec/shadowday/usb-mount'"

# systemd-analyze verify: the template through an instance name.
mkdir -p "$root/tmp/verify"
ln -sf /lib/systemd/system/shadowday-usb@.service "$root/tmp/verify/shadowday-usb@sda1.service"
check "systemd-analyze verify accepts shadowday-kiosk.service" \
    sh -c "chroot '$root' systemd-analyze verify /lib/systemd/system/shadowday-kiosk.service 2>&1 | tee /dev/stderr | grep -v -e 'dev-sda1.device' -e '^\$' | grep . && exit 1 || exit 0"
check "systemd-analyze verify accepts shadowday-usb@.service" \
    sh -c "chroot '$root' systemd-analyze verify /tmp/verify/shadowday-usb@sda1.service 2>&1 | tee /dev/stderr | grep -v -e 'dev-sda1.device' -e '^\$' | grep . && exit 1 || exit 0"
check "systemd-analyze security rates the kiosk unit" \
    sh -c "chroot '$root' systemd-analyze security --offline=yes /lib/systemd/system/shadowday-kiosk.service > '$work/security.txt' 2>&1; tail -n 1 '$work/security.txt'; grep -q 'Overall exposure level' '$work/security.txt'"

check "--help lists --require-input" sh -c "chroot '$root' shadowday-kiosk --help | grep -q -- --require-input"

# The installed kiosk, as its own user, headless: the Start screen drawn and saved.
cat >"$root/tmp/start.script" <<'SCRIPT'
clock 2027-04-15 08:30
expect screen start
shot start.png
SCRIPT
mkdir -p "$root/tmp/shots"
chown shadowday:shadowday "$root/tmp/shots" 2>/dev/null || chroot "$root" chown shadowday:shadowday /tmp/shots
t0=$(date +%s%N)
check "the installed kiosk draws its first frame headless (dummy video driver, kiosk user)" \
    chroot --userspec=shadowday:shadowday "$root" env HOME=/var/lib/shadowday SDL_VIDEODRIVER=dummy \
        shadowday-kiosk --data /var/lib/shadowday --pack /usr/share/shadowday/sample-pack/shadowday \
        --windowed --size 800x480 --script /tmp/start.script --shots /tmp/shots
t1=$(date +%s%N)
echo "     (start to exit: $(( (t1 - t0) / 1000000 )) ms)"
check "the Start screen was saved as a PNG" sh -c "file '$root/tmp/shots/start.png' | grep -q 'PNG image data, 800 x 480'"
[ -f "$root/tmp/shots/start.png" ] && cp "$root/tmp/shots/start.png" "$work/start.png"
check "the records database is in /var/lib/shadowday" test -f "$root/var/lib/shadowday/shadowday.db"

# --require-input with no input device at all: a message and exit status 1 (after the 15 s the
# message stays on screen). Without a pack the kiosk speaks Finnish: the message in Finnish
# also shows that the installed translations are found.
check "--require-input without any input device: status 1 and a message (in Finnish)" sh -c "
    chroot --userspec=shadowday:shadowday '$root' env HOME=/var/lib/shadowday SDL_VIDEODRIVER=dummy \
        shadowday-kiosk --data /tmp/noinput --require-input > '$work/noinput.log' 2>&1
    rc=\$?; cat '$work/noinput.log'; [ \$rc -eq 1 ] && grep -q 'Kosketusnäyttöä tai hiirtä ei löytynyt' '$work/noinput.log'"

# ------------------------------------------------------------------ the udev rule
# udevadm test runs the installed rules on a loop device holding a FAT32 stick image (blkid reads
# it; no vfat driver needed). A loop device is not on USB: a rule in /run plays the USB bus.
if losetup -f >/dev/null 2>&1; then
    truncate -s 40M "$work/stick.img"
    mkfs.vfat -F 32 -n STICK "$work/stick.img" >/dev/null
    loopdev=$(losetup -f --show "$work/stick.img")
    loopname=$(basename "$loopdev")
    check "udev: a disk not on USB starts nothing" sh -c "
        chroot '$root' udevadm test --action=add /sys/class/block/$loopname > '$work/udev-plain.txt' 2>&1;
        grep -q '^ID_FS_TYPE=vfat' '$work/udev-plain.txt' && ! grep -q '^SYSTEMD_WANTS=.*shadowday' '$work/udev-plain.txt'"
    mkdir -p "$root/run/udev/rules.d"
    echo "SUBSYSTEM==\"block\", KERNEL==\"$loopname\", ENV{ID_BUS}=\"usb\"" > "$root/run/udev/rules.d/80-test-usb-bus.rules"
    check "udev: a FAT32 stick on USB asks systemd for shadowday-usb@$loopname.service" sh -c "
        chroot '$root' udevadm test --action=add /sys/class/block/$loopname > '$work/udev-usb.txt' 2>&1;
        grep -E '^(ID_BUS|ID_FS_TYPE|SYSTEMD_WANTS|TAGS|UDISKS_IGNORE)=' '$work/udev-usb.txt';
        grep -qx 'SYSTEMD_WANTS=shadowday-usb@$loopname.service' '$work/udev-usb.txt' && grep -q '^TAGS=.*:systemd:' '$work/udev-usb.txt'"
    rm -f "$root/run/udev/rules.d/80-test-usb-bus.rules"
    losetup -d "$loopdev"
    rm -f "$work/stick.img"
else
    echo "# udev rule not checked: no free loop device"
fi

# ------------------------------------------------------------------ under systemd
# The root boots with systemd as PID 1 in a container (systemd-nspawn --boot): the installed unit
# runs with all its hardening, Type=notify and WatchdogSec=. A drop-in replaces only what a
# container lacks: the display (dummy driver, a window instead of DRM), tty1 and input devices.
# SD_TEST_NSPAWN=0 skips this part.
if [ "${SD_TEST_NSPAWN:-1}" != 0 ] && command -v systemd-nspawn >/dev/null 2>&1; then
    echo "# booting the root with systemd-nspawn"
    rm -f "$root/usr/sbin/policy-rc.d"
    rm -rf "$root/var/lib/shadowday/"*
    dropin=$root/etc/systemd/system/shadowday-kiosk.service.d
    mkdir -p "$dropin"
    cat >"$dropin/test.conf" <<'DROPIN'
# image/test-deb.sh only: a container has no display, no tty1 and no input devices.
[Service]
Environment=SDL_VIDEODRIVER=dummy
ExecStart=
ExecStart=/usr/bin/shadowday-kiosk --data /var/lib/shadowday --usb /media/shadowday --pack /usr/share/shadowday/sample-pack/shadowday --windowed --size 800x480
TTYPath=
StandardInput=null
StandardError=journal
DROPIN
    unmount_all
    # CAP_SYS_TIME: nspawn withholds it from containers by default; the unit passes it on.
    systemd-nspawn -D "$root" --boot --register=no --keep-unit --console=pipe -M shadowday-test \
        --capability=CAP_SYS_TIME \
        </dev/null >"$work/nspawn.log" 2>&1 &
    nspawn_pid=$!
    init=""
    for _ in $(seq 1 100); do
        init=$(pgrep -P "$nspawn_pid" -x systemd || true)
        [ -n "$init" ] && break
        sleep 0.2
    done
    box() { nsenter -t "$init" -a "$@"; }
    unit() { box systemctl show -p "$1" --value shadowday-kiosk.service; }
    # The kiosk's process id on this side of the container's PID namespace.
    host_pid() {
        inner=$(unit MainPID)
        for p in $(pgrep -x shadowday-kiosk); do
            [ "$(awk '/^NSpid:/{print $NF}' "/proc/$p/status" 2>/dev/null)" = "$inner" ] && { echo "$p"; return 0; }
        done
        return 1
    }
    # Seconds until the unit is active with a main process other than $1 (READY=1 came).
    wait_active() {
        t0=$(date +%s%N)
        for _ in $(seq 1 300); do
            if [ "$(unit ActiveState 2>/dev/null)" = active ] && [ "$(unit MainPID 2>/dev/null)" != "$1" ] &&
               [ "$(unit MainPID 2>/dev/null)" != 0 ]; then
                echo "$(( ($(date +%s%N) - t0) / 1000000 ))"
                return 0
            fi
            sleep 0.1
        done
        return 1
    }
    booted=""
    if [ -n "$init" ]; then
        for _ in $(seq 1 150); do
            state=$(box systemctl is-system-running 2>/dev/null || true)
            case "$state" in running|degraded) booted=$state; break ;; esac
            sleep 0.2
        done
    fi
    if [ -z "$booted" ]; then
        bad "systemd boots in the container (systemd-nspawn --boot); see $work/nspawn.log"
    else
        ok "systemd boots in the container ($booted)"
        check "under systemd the kiosk unit is active (Type=notify: READY=1 after its first frame)" \
            sh -c "for i in \$(seq 1 300); do [ \"\$(nsenter -t $init -a systemctl is-active shadowday-kiosk.service)\" = active ] && exit 0; sleep 0.1; done; exit 1"
        kp=$(host_pid || true)
        check "it runs as shadowday, its only capability CAP_SYS_TIME (bounding and ambient)" sh -c "
            grep -E '^(Uid|CapBnd|CapAmb):' /proc/$kp/status;
            grep -q '^Uid:.*\b$(chroot "$root" id -u shadowday)\b' /proc/$kp/status &&
            grep -qx 'CapBnd:.*0000000002000000' /proc/$kp/status && grep -qx 'CapAmb:.*0000000002000000' /proc/$kp/status"
        check "it has no network: its namespace holds only the loopback device" \
            sh -c "[ \$(tail -n +3 /proc/$kp/net/dev | wc -l) -eq 1 ] && tail -n +3 /proc/$kp/net/dev | grep -q '^ *lo:'"
        check "its records are on /var/lib/shadowday" test -f "$root/var/lib/shadowday/shadowday.db"

        # A USB stick mounted later (here a tmpfs, as usb-mount would) reaches the kiosk's mount
        # namespace, writable by the kiosk user, while /usr stays read-only there.
        box sh -c 'mount -t tmpfs -o size=1m,nosuid,nodev,noexec tmpfs /media/shadowday && chown shadowday:shadowday /media/shadowday'
        sleep 0.5
        uid=$(chroot "$root" id -u shadowday); gid=$(chroot "$root" id -g shadowday)
        check "a stick mounted at /media/shadowday after start is seen and writable inside the unit" \
            nsenter -t "$kp" -m -p --setuid "$uid" --setgid "$gid" sh -c 'echo x > /media/shadowday/probe && ! touch /usr/probe 2>/dev/null'
        box umount /media/shadowday
        sleep 0.5
        check "its unmount reaches the unit too" sh -c "! grep -q ' /media/shadowday .* - tmpfs ' /proc/$kp/mountinfo"

        # The watchdog: SIGSTOP stops the feeding; systemd kills it (SIGABRT) and restarts it.
        before=$(unit MainPID)
        restarts=$(unit NRestarts)
        kill -STOP "$kp"
        if ms=$(wait_active "$before"); then
            ok "SIGSTOP: systemd's watchdog restarted the kiosk, back at its first frame after $ms ms (WatchdogSec=$(unit WatchdogUSec))"
        else
            bad "SIGSTOP: the kiosk was not restarted within 30 s"
        fi
        check "the journal says the watchdog did it" sh -c "nsenter -t $init -a journalctl -u shadowday-kiosk.service --no-pager | grep -q \"Failed with result 'watchdog'\""
        check "NRestarts went up by one" test "$(unit NRestarts)" -eq $(( restarts + 1 ))
        before=$(unit MainPID)
        kp=$(host_pid || true)
        kill -KILL "$kp"
        if ms=$(wait_active "$before"); then
            ok "SIGKILL: Restart=always brought the kiosk back to its first frame after $ms ms"
        else
            bad "SIGKILL: the kiosk was not back within 30 s"
        fi

        # No input device in the container: with --require-input (as the real unit) the kiosk
        # says so, exits 1 after showing it for 15 s, and systemd starts it again.
        sed -i 's|--windowed --size 800x480|--require-input|; s|--pack [^ ]* ||' "$dropin/test.conf"
        box systemctl daemon-reload
        box systemctl restart --no-block shadowday-kiosk.service
        check "--require-input under systemd: the message in the journal, exit status 1, started again" sh -c "
            for i in \$(seq 1 60); do
                nsenter -t $init -a journalctl -u shadowday-kiosk.service --no-pager > '$work/journal.txt' 2>&1
                grep -q 'Kosketusnäyttöä tai hiirtä ei löytynyt' '$work/journal.txt' &&
                    grep -q 'status=1/FAILURE' '$work/journal.txt' &&
                    grep -q \"Failed with result 'exit-code'\" '$work/journal.txt' &&
                    grep -A 3 \"Failed with result 'exit-code'\" '$work/journal.txt' | grep -q 'Scheduled restart job' && exit 0
                sleep 0.5
            done; tail -n 8 '$work/journal.txt'; exit 1"
        box journalctl -u shadowday-kiosk.service --no-pager > "$work/journal.txt" 2>&1 || true
        box systemctl poweroff >/dev/null 2>&1 || true
    fi
    for _ in $(seq 1 100); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill "$nspawn_pid" 2>/dev/null || true
    wait "$nspawn_pid" 2>/dev/null || true
    nspawn_pid=""
    rm -rf "$dropin"
    mount_all
else
    echo "# systemd-nspawn skipped (SD_TEST_NSPAWN=0 or not installed): the watchdog was not exercised"
fi

check "dpkg -r keeps the records" sh -c "chroot '$root' dpkg -r shadowday && test -f '$root/var/lib/shadowday/shadowday.db'"
check "dpkg -P keeps the records and forgets the service" sh -c "chroot '$root' dpkg -P shadowday && test -f '$root/var/lib/shadowday/shadowday.db' && ! test -e '$root/etc/systemd/system/multi-user.target.wants/shadowday-kiosk.service'"

end=$(date +%s)
echo "# test-deb.sh took $((end - start)) s; screenshot: $work/start.png"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
