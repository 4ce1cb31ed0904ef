#!/bin/sh
# web-deps.sh - build the C libraries the coordinator's page needs (libsodium, zlib) for
# WebAssembly with Debian's emscripten, from Debian's own source packages, and print where they
# were installed (a prefix with include/ and lib/).
#
#   scripts/web-deps.sh            build when not cached, print the prefix
#   SD_WEB_DEPS_CACHE=DIR ...      keep the built libraries under DIR (default ~/.cache/shadowday)
#
# The sources come from the machine's Debian archive through `apt-get source` (a deb-src entry
# for the same archive is added when missing, as root or through sudo, like deps.sh), pinned to
# the exact versions below and checked against the SHA-256 sums written here before they are
# unpacked: nothing is fetched from anywhere else. A build is cached under a key made of this
# script and the emcc version, so CI and the next build reuse it; change a pin and it rebuilds.
set -eu
cd "$(dirname "$0")/.."
here=$(pwd)

# package  version  then "sha256 file" of the .dsc and of each tarball it lists. Versions of
# bookworm's main archive (its point releases keep them); zlib's +deb12u1 security update
# changes only minizip, which is not built here.
pins='
libsodium 1.0.18-1+deb12u1
2c23c57b5a9385dab5a1916014c9b5f2cdd7dadeb8a35b28c1bfb603ce7095c4 libsodium_1.0.18-1+deb12u1.dsc
d59323c6b712a1519a5daf710b68f5e7fde57040845ffec53850911f10a5d4f4 libsodium_1.0.18.orig.tar.gz
f410474e46346b06b162defa05b1be26906aeed6cf309e3d4ebe30b4d1350733 libsodium_1.0.18-1+deb12u1.debian.tar.xz
zlib 1:1.2.13.dfsg-1
3fa1e6b2fc525062aa88207dda52fed8e045373c809d362fe8a2bfbf7cf515a8 zlib_1.2.13.dfsg-1.dsc
71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1 zlib_1.2.13.dfsg.orig.tar.bz2
f66cf3d4f2d7defcd4d1fd1fb0a11ee39f1e01b42ec7d059c9dc5c1695133c44 zlib_1.2.13.dfsg-1.debian.tar.xz
'

# emscripten's tools are Node programs that need Debian's node-acorn: Debian's own node finds it,
# a node from elsewhere needs the path.
NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
export NODE_PATH

say() { echo "web-deps.sh: $*" >&2; }

command -v emcc >/dev/null 2>&1 || { say "emcc is missing: run scripts/deps.sh web"; exit 1; }
key=$( (cat "$0"; emcc --version | head -1) | sha256sum | cut -c1-16)
cache=${SD_WEB_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shadowday}
prefix=$cache/web-deps-$key
if [ -f "$prefix/.complete" ]; then
    echo "$prefix"
    exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

# apt-get source needs a deb-src line for the archive the machine already uses.
ensure_deb_src() {
    apt-cache showsrc libsodium 2>/dev/null | grep -q '^Package: libsodium' && return 0
    list=/etc/apt/sources.list.d/shadowday-src.sources
    say "adding $list (deb-src for the machine's Debian archive)"
    src=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | sort -u)
    [ -n "$src" ] || src=$(awk '$1 == "deb" {print $2}' /etc/apt/sources.list 2>/dev/null | sort -u)
    [ -n "$src" ] || { say "no Debian archive found in the apt sources"; exit 1; }
    tmp=$(mktemp)
    for uri in $src; do
        case $uri in
            *security*) suites=bookworm-security ;;
            *) suites="bookworm bookworm-updates" ;;
        esac
        printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' \
            "$uri" "$suites" >> "$tmp"
    done
    $sudo install -m 0644 "$tmp" "$list"
    rm -f "$tmp"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq
}

# Download one pinned source package into $work, check every file, unpack it; print its folder.
fetch_source() {
    pkg=$1 version=$2
    mkdir -p "$work/$pkg"
    (cd "$work/$pkg" && apt-get source --download-only -qq "$pkg=$version" >/dev/null) ||
        { say "apt-get source $pkg=$version failed: is that version still in the archive? Update the pin."; exit 1; }
    echo "$pins" | awk -v p="$pkg" 'NF == 2 && length($1) != 64 {on = ($1 == p); next} on && NF == 2 {print}' |
        (cd "$work/$pkg" && sha256sum --quiet -c -) ||
        { say "$pkg: the downloaded files do not match the pinned SHA-256 sums"; exit 1; }
    dsc=$(ls "$work/$pkg"/*.dsc)
    (cd "$work/$pkg" && dpkg-source --no-check -x "$(basename "$dsc")" src >/dev/null)
    echo "$work/$pkg/src"
}

build_zlib() {
    dir=$1
    (cd "$dir" && emconfigure ./configure --static --prefix="$prefix" >/dev/null &&
        emmake make -j2 libz.a >/dev/null &&
        cp libz.a "$prefix/lib/" && cp zlib.h zconf.h "$prefix/include/")
}

build_sodium() {
    dir=$1
    # Debian's tarball is the upstream git tree: configure is made by autoreconf, as debian/rules
    # does. No threads, no assembly, no stack protector: what the WebAssembly target has.
    (cd "$dir" && autoreconf -fi >/dev/null 2>&1 &&
        emconfigure ./configure --host=wasm32-unknown-emscripten --prefix="$prefix" --disable-shared \
            --enable-static --without-pthreads --disable-ssp --disable-asm --disable-pie >/dev/null &&
        emmake make -j2 >/dev/null && emmake make install >/dev/null)
}

ensure_deb_src
work=$(mktemp -d "${TMPDIR:-/tmp}/shadowday-web-deps.XXXXXX")
chmod 755 "$work"    # apt-get downloads as the _apt user
trap 'rm -rf "$work"' EXIT
mkdir -p "$prefix/lib" "$prefix/include"
say "building libsodium and zlib for WebAssembly (once; cached in $prefix)"
for pkg in libsodium zlib; do
    case $pkg in
        libsodium) lib=libsodium.a ;;
        zlib) lib=libz.a ;;
    esac
    [ -f "$prefix/lib/$lib" ] && continue
    version=$(echo "$pins" | awk -v p="$pkg" '$1 == p {print $2}')
    dir=$(fetch_source "$pkg" "$version" < /dev/null)
    case $pkg in
        libsodium) build_sodium "$dir" < /dev/null ;;
        zlib) build_zlib "$dir" < /dev/null ;;
    esac
    say "built $pkg $version"
done
[ -f "$prefix/lib/libz.a" ] && [ -f "$prefix/lib/libsodium.a" ] && [ -f "$prefix/include/sodium.h" ] ||
    { say "the build did not leave libz.a and libsodium.a in $prefix"; exit 1; }
printf '%s\n' "$pins" > "$prefix/.complete"
cd "$here"
echo "$prefix"
