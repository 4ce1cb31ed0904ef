#!/bin/sh
# pi_watchdog.sh - the kiosk's side of systemd's notify + watchdog protocol (issue #5), without
# systemd: image/test-watchdog.py plays systemd on a NOTIFY_SOCKET (READY=1 after the first
# frame, WATCHDOG=1 every half period, none while SIGSTOPped, READY again after a restart).
# The real restart by systemd is checked by image/test-deb.sh (root, systemd-nspawn).
#
#   tests/pi_watchdog.sh KIOSK SOURCE_DIR         exit 77 (skipped) without python3
set -eu
kiosk=${1:?usage: pi_watchdog.sh KIOSK SOURCE_DIR}
src=${2:?usage: pi_watchdog.sh KIOSK SOURCE_DIR}
command -v python3 >/dev/null 2>&1 || { echo "pi_watchdog: no python3, skipped"; exit 77; }
exec python3 "$src/image/test-watchdog.py" "$kiosk" "$src/assets/sample-pack/shadowday"
