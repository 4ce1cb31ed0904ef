#!/bin/sh
# cross-build.sh - build shadowday for the Raspberry Pi (arm64) on an amd64 Debian 12 machine,
# run its tests under qemu user-mode emulation, and make the arm64 .deb.
#
#   scripts/cross-build.sh [BUILD_DIR]        default build-arm64/
#   SD_CROSS_TESTS=0 scripts/cross-build.sh   build and package only
#
# Uses Debian's cross compiler (crossbuild-essential-arm64) and the arm64 -dev packages
# installed beside the amd64 ones (multiarch: dpkg --add-architecture arm64), with the CMake
# toolchain file image/arm64-toolchain.cmake. The tests run through qemu-aarch64: ctest starts
# cmocka tests through CMAKE_CROSSCOMPILING_EMULATOR, and the shell tests start arm64 programs
# directly, which binfmt_misc hands to qemu-aarch64-static (registered by qemu-user-static).
# Needs root (or sudo) the first time, to install packages.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-arm64}
triplet=aarch64-linux-gnu

scripts/deps.sh image
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

# The arm64 libraries the project links, beside the native ones. (Debian 12's -dev packages of
# these are Multi-Arch: same, so they co-install; see image/README.md for the sysroot fallback.)
arm64_pkgs="libsdl2-dev libsdl2-ttf-dev libpng-dev libjpeg-dev libsqlite3-dev libqrencode-dev
 libsodium-dev zlib1g-dev libzbar-dev libcmocka-dev"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
fi
missing=""
for p in $arm64_pkgs; do
    dpkg-query -W -f='${Status}' "$p:arm64" 2>/dev/null | grep -q "ok installed" || missing="$missing $p:arm64"
done
if [ -n "$missing" ]; then
    echo "cross-build.sh: installing$missing"
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# binfmt: arm64 programs run as if native (the shell tests start them directly).
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    [ -e /proc/sys/fs/binfmt_misc/register ] || $sudo mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
    $sudo update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi

# The coordinator's page (the same on every architecture) goes into the package too.
scripts/build-web.sh

# The toolchain file counts only when the build folder is new (CMake keeps it in its cache).
toolchain=""
[ -f "$build/CMakeCache.txt" ] || toolchain=-DCMAKE_TOOLCHAIN_FILE=image/arm64-toolchain.cmake
cmake -S . -B "$build" $toolchain -DSD_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
grep -q '^CMAKE_LINKER:.*aarch64-linux-gnu-ld' "$build/CMakeCache.txt" ||
    { echo "cross-build.sh: $build is not an arm64 build folder" >&2; exit 2; }
cmake --build "$build" -j2
file "$build/shadowday-kiosk" "$build/shadowday" | sed 's/, BuildID[^,]*//'

if [ "${SD_CROSS_TESTS:-1}" != 0 ]; then
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] ||
        { echo "cross-build.sh: binfmt_misc has no qemu-aarch64; the shell tests cannot run" >&2; exit 1; }
    # Under emulation two tests cannot pass for time alone: ui_layout (every screen x language x
    # size: > 600 s) and crash (its kills land before the slow-starting writer's first attempt).
    # SD_CROSS_CTEST_ARGS replaces this exclusion.
    # shellcheck disable=SC2086
    ctest --test-dir "$build" --output-on-failure -j2 ${SD_CROSS_CTEST_ARGS:--E ^(ui_layout|crash)\$}
fi

# dpkg-shlibdeps (through CPack) must look for the arm64 libraries, not the host's.
(cd "$build" && DEB_HOST_ARCH=arm64 DEB_HOST_MULTIARCH=$triplet cpack -G DEB)
ls -l "$build"/shadowday_*_arm64.deb
