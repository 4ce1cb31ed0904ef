#!/bin/sh
# boot-qemu.sh - boot the Pi image in qemu-system-aarch64 and see the kiosk's first frame.
#
#   image/boot-qemu.sh IMAGE [OUT_DIR]        (OUT_DIR default: build-pi-qemu/)
#
# QEMU's raspi3b machine has no VideoCore display engine, which Debian's kernel (vc4 KMS) and
# the kiosk (KMS/DRM) need, so this boots the same disk on the `virt` machine instead: Debian's
# arm64 kernel and initrd taken from the image's firmware partition, the image's own cmdline.txt
# (overlayroot, consoleblank=0, root=LABEL=SD_ROOT), a virtio disk, an emulated KMS display
# (SD_QEMU_GPU, default bochs-display: bochs-drm; virtio-gpu-pci also works) so SDL's kmsdrm driver
# runs as on the Pi, with Mesa's software rasteriser, and a virtio tablet (a pointer with a left
# button, so --require-input is satisfied). SD_QEMU_APPEND adds kernel parameters (e.g.
# systemd.setenv=SDL_RENDER_DRIVER=software). The Pi's firmware, device trees and displays are
# NOT exercised.
# The image file is not changed (-snapshot). The journal is forwarded to the serial console
# (serial.log) so the boot can be followed without a login.
#
# Steps, each timed: the kiosk unit started (READY=1); a screen dump of the emulated display
# (first-frame.png); findmnt-like facts from the journal (overlay root, data partition); a FAT32
# USB stick plugged in through QEMU's monitor: the udev rule, shadowday-usb@.service and
# usb-mount mount it at /media/shadowday (seen in the journal), a second screen dump
# (stick.png), the stick pulled: unmounted. Under software emulation (TCG) on this machine a
# boot takes minutes: SD_QEMU_TIMEOUT (default 900 s) bounds the wait.
# Needs qemu-system-arm, mtools, fdisk, dosfstools; not root. Prints "N passed, N failed".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
img=${1:?usage: boot-qemu.sh IMAGE [OUT_DIR]}
out=${2:-$top/build-pi-qemu}
timeout=${SD_QEMU_TIMEOUT:-900}
# The emulated display: a KMS device Debian's arm64 kernel drives (bochs-drm or virtio-gpu).
gpu=${SD_QEMU_GPU:-bochs-display,romfile=,xres=800,yres=480}
img=$(cd "$(dirname "$img")" && pwd)/$(basename "$img")
mkdir -p "$out"
rm -f "$out"/*.png "$out"/serial.log "$out"/monitor.sock
export MTOOLS_SKIP_CHECK=1
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }

# ---------------------------------------------------------------- kernel, initrd, cmdline
start=$(sfdisk -d "$img" | sed -n 's/^[^ ]*1 : start= *\([0-9]*\),.*/\1/p')
size=$(sfdisk -d "$img" | sed -n 's/^[^ ]*1 : .*size= *\([0-9]*\),.*/\1/p')
dd if="$img" of="$out/boot.img" bs=512 skip="$start" count="$size" status=none
kernel=$(mdir -b -i "$out/boot.img" :: | sed 's|^::/||' | grep '^vmlinuz-' | head -n 1)
initrd=$(mdir -b -i "$out/boot.img" :: | sed 's|^::/||' | grep '^initrd.img-' | head -n 1)
mcopy -o -i "$out/boot.img" "::$kernel" "$out/vmlinuz"
mcopy -o -i "$out/boot.img" "::$initrd" "$out/initrd.img"
mcopy -o -i "$out/boot.img" ::cmdline.txt "$out/cmdline.txt"
rm -f "$out/boot.img"
# The Pi's consoles (ttyS1, tty1) become the virt machine's serial port and the virtio screen.
# quiet/loglevel go too: the test reads the kernel's and the journal's messages on the serial port.
cmdline=$(tr -d '\r\n' < "$out/cmdline.txt" | sed 's/console=[^ ]*//g; s/\bquiet\b//; s/loglevel=[0-9]//; s/  */ /g')
# The emulated GPU has no 3D engine (the Pi's vc4 has): Mesa's software rasteriser draws.
cmdline="console=tty1 console=ttyAMA0,115200 $cmdline loglevel=6 systemd.journald.forward_to_console=1"
cmdline="$cmdline systemd.setenv=LIBGL_ALWAYS_SOFTWARE=1 ${SD_QEMU_APPEND:-}"
echo "# kernel $kernel, cmdline: $cmdline"

# ---------------------------------------------------------------- a FAT32 stick
stick=$out/stick.img
rm -f "$stick"
mkfs.vfat -F 32 -n STICK -C "$stick" 40960 >/dev/null
echo "shadowday test stick" > "$out/hello.txt"
mcopy -i "$stick" "$out/hello.txt" ::hello.txt

mon() {  # mon COMMAND: one command to QEMU's monitor, its answer on stdout
    python3 - "$out/monitor.sock" "$1" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)
def read():
    data = b""
    try:
        while not data.endswith(b"(qemu) "):
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    return data
read()
s.sendall(sys.argv[2].encode() + b"\n")
time.sleep(0.5)
sys.stdout.write(read().decode("utf-8", "replace"))
PY
}
qemu_alive() { [ -d "/proc/$qemu" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$qemu/status" 2>/dev/null; }
# Seconds since power-on when an extended regex shows up in the serial log; fails when it has
# not within LIMIT_S seconds from now, or when QEMU has ended.
wait_log() {  # wait_log REGEX LIMIT_S
    w0=$(date +%s)
    while [ "$(( $(date +%s) - w0 ))" -lt "$2" ]; do
        grep -qE "$1" "$out/serial.log" 2>/dev/null && { echo $(( $(date +%s) - t0 )); return 0; }
        qemu_alive || return 1
        sleep 2
    done
    return 1
}
shot() {  # shot NAME: a PNG of the emulated screen
    mon "screendump $out/$1.png -f png" >/dev/null
    [ -s "$out/$1.png" ] && return 0
    mon "screendump $out/$1.ppm" >/dev/null
    command -v pnmtopng >/dev/null 2>&1 && pnmtopng "$out/$1.ppm" > "$out/$1.png" && rm -f "$out/$1.ppm"
    [ -s "$out/$1.png" ] || [ -s "$out/$1.ppm" ]
}

# ---------------------------------------------------------------- boot
t0=$(date +%s)
qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1024 \
    -kernel "$out/vmlinuz" -initrd "$out/initrd.img" -append "$cmdline" \
    -drive file="$img",format=raw,if=none,id=sd,snapshot=on -device virtio-blk-pci,drive=sd \
    -device "$gpu" -device virtio-tablet-pci -device virtio-keyboard-pci \
    -device qemu-xhci,id=xhci -nic none \
    -display none -serial file:"$out/serial.log" \
    -monitor unix:"$out/monitor.sock",server,nowait &
qemu=$!
trap 'kill "$qemu" 2>/dev/null || true' EXIT INT TERM

if s=$(wait_log 'systemd\[1\]' 600); then ok "the kernel starts and runs systemd ($s s)"; else bad "the kernel starts and runs systemd"; fi
if s=$(wait_log 'Started shadowday-kiosk.service' "$timeout"); then
    ok "shadowday-kiosk.service started: READY=1 after the kiosk's first frame ($s s after power-on)"
    sleep 2
    if shot first-frame; then ok "screen dump of the first frame: $out/first-frame.png"; else bad "screen dump"; fi
    # The Start screen has a coloured header and buttons: a dump of one colour shows nothing.
    mon "screendump $out/first-frame.ppm" >/dev/null
    colours=$(python3 - "$out/first-frame.ppm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# P6 header: magic, width, height, maxval, each followed by whitespace
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
pixels = data[pos + 1:]
print(len({pixels[i:i + 3] for i in range(0, len(pixels), 3)}))
PY
)
    if [ "${colours:-0}" -gt 8 ]; then
        ok "the first frame shows a picture ($colours colours)"
    else
        bad "the first frame shows a picture: the dump has ${colours:-0} colour(s)"
    fi
    rm -f "$out/first-frame.ppm"
    # A tap in the middle of the screen (the virtio tablet), then another screen dump.
    mon "mouse_move 400 240" >/dev/null; mon "mouse_button 1" >/dev/null; mon "mouse_button 0" >/dev/null
    sleep 5
    shot after-tap || true
else
    bad "shadowday-kiosk.service started within $timeout s"
    shot timeout || true
fi
# overlayroot's initramfs script says "Success: overlayroot: configured root with ..." or
# "Failure: overlayroot: ..." on the console.
grep -v 'ernel command line' "$out/serial.log" | grep -iE 'overlayroot' > "$out/overlayroot.txt" || true
if grep -q "^Success: overlayroot: configured root with 'tmpfs:recurse=0'" "$out/overlayroot.txt" &&
   ! grep -qiE 'failure|not found' "$out/overlayroot.txt"; then
    ok "$(grep -m 1 '^Success: overlayroot' "$out/overlayroot.txt" | cut -c1-150)"
else
    bad "overlayroot: $(grep -iE -m 1 'failure|not found' "$out/overlayroot.txt" | cut -c1-150)"
fi
if grep -qE 'shadowday-kiosk.*(No touch screen|Failed with result)' "$out/serial.log"; then
    bad "the kiosk ran without errors (see serial.log)"
else
    ok "no kiosk failure in the journal"
fi
if grep -q 'Mounted var-lib-shadowday.mount' "$out/serial.log"; then
    ok "the data partition is mounted at /var/lib/shadowday"
else
    bad "the data partition is mounted at /var/lib/shadowday"
fi

# ---------------------------------------------------------------- a USB stick, hot-plugged
if qemu_alive; then
    mon "drive_add 0 if=none,id=stick,file=$stick,format=raw" >/dev/null
    mon "device_add usb-storage,bus=xhci.0,drive=stick,id=stickdev" >/dev/null
    t1=$(date +%s)
    if s=$(wait_log 'usb-mount: /dev/sd[a-z]+1? \(vfat\) mounted at /media/shadowday' "$timeout"); then
        ok "USB stick: udev -> shadowday-usb@.service -> usb-mount mounted it ($(( $(date +%s) - t1 )) s after plugging)"
        sleep 8
        shot stick || true
    else
        bad "USB stick mounted at /media/shadowday"
    fi
    mon "device_del stickdev" >/dev/null
    t1=$(date +%s)
    if s=$(wait_log 'usb-mount: /dev/sd[a-z]+1? unmounted from /media/shadowday|Stopped .*USB stick' 120); then
        ok "USB stick pulled: unmounted ($(( $(date +%s) - t1 )) s)"
    else
        bad "USB stick pulled: unmounted"
    fi
fi
mon quit >/dev/null 2>&1 || true
wait "$qemu" 2>/dev/null || true
echo "# boot-qemu.sh took $(( $(date +%s) - t0 )) s; serial log: $out/serial.log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
