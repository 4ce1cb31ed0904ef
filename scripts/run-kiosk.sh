#!/bin/sh
# run-kiosk.sh - the README's first command: install what is missing, build, and start the
# kiosk on the bundled sample day pack. In a window where there is a desktop (X11 or Wayland),
# full screen on the console otherwise (KMS/DRM, as on the Raspberry Pi).
#
# Extra arguments go to shadowday-kiosk (e.g. --size 720x1280). The kiosk's data lives in
# $SHADOWDAY_DATA (default ~/.local/share/shadowday); the sample pack's PINs are in
# assets/sample-pack/README.md.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
mode=""
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    mode="--windowed"
fi
exec build/shadowday-kiosk $mode --data "${SHADOWDAY_DATA:-$HOME/.local/share/shadowday}" \
    --pack assets/sample-pack/shadowday "$@"
