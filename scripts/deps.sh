#!/bin/sh
# deps.sh - install the Debian 12 packages shadowday needs, only those missing.
#
#   scripts/deps.sh build    compiler, CMake, the libraries, gettext, the fonts
#   scripts/deps.sh web      build + the coordinator's page: emscripten, and what web-deps.sh
#                            needs to build libsodium and zlib from Debian's source packages
#   scripts/deps.sh test     build + web + what the tests drive (cmocka, zbar, Xvfb, LibreOffice,
#                            chromium for the page, ...)
#   scripts/deps.sh image    build + the Raspberry Pi tools (image/, scripts/cross-build.sh): image
#                            builder, arm64 emulation and cross compiler; never needed by CI
#
# Runs apt-get as root, or through sudo when not root. Nothing is downloaded from
# anywhere but the machine's Debian archive.
set -eu

build_pkgs="build-essential cmake pkg-config gettext
 libsdl2-dev libsdl2-ttf-dev libpng-dev libjpeg-dev libsqlite3-dev libqrencode-dev libsodium-dev zlib1g-dev
 libzbar-dev
 fonts-noto-core fonts-material-design-icons-iconfont espeak-ng"

# The coordinator's page (issue #10): emscripten (with nodejs and node-acorn), dpkg-source and
# autotools for the libraries built from source (scripts/web-deps.sh).
web_pkgs="emscripten nodejs dpkg-dev autoconf automake libtool"

test_pkgs="libcmocka-dev sqlite3 zbar-tools xvfb xdotool x11-apps imagemagick procps
 libreoffice-calc-nogui chromium e2fsprogs dosfstools mtools"

# The Pi work (issue #5) only: heavy, so a group of its own that `test` does not pull in.
image_pkgs="mmdebstrap debootstrap qemu-user-static binfmt-support arch-test qemu-system-arm
 crossbuild-essential-arm64 fdisk dosfstools mtools e2fsprogs systemd-container dpkg-dev file xz-utils
 lintian"

want=$build_pkgs
case "${1:-build}" in
    build) ;;
    web) want="$build_pkgs $web_pkgs" ;;
    test) want="$build_pkgs $web_pkgs $test_pkgs unzip" ;;
    image) want="$build_pkgs $image_pkgs" ;;
    *) echo "usage: $0 build|web|test|image" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "deps.sh: these packages are missing and I am not root (no sudo):$missing" >&2
    exit 1
fi

echo "deps.sh: installing$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
