#!/bin/sh
# build-web.sh - the README's command for the coordinator's page: install what is missing, build
# libsodium and zlib for WebAssembly from Debian's source packages (once, cached: web-deps.sh),
# compile the core and the CLI's commands with emscripten, and write one self-contained file:
#
#   build-web/shadowday-coordinator.html
#
# Nothing else is needed to use it: copy that file to the coordinator's laptop and open it.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh web
# emscripten's tools need Debian's node-acorn; a node from elsewhere does not look there.
NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
export NODE_PATH
prefix=$(scripts/web-deps.sh)
mkdir -p build-web
# The catalogue tool runs on this machine, so it is compiled for it.
cc -O2 -o build-web/po_compile tools/po_compile.c
node=$(command -v nodejs || command -v node)
cmake -S . -B build-web/wasm \
    -DCMAKE_TOOLCHAIN_FILE="$(em-config EMSCRIPTEN_ROOT)/cmake/Modules/Platform/Emscripten.cmake" \
    -DCMAKE_CROSSCOMPILING_EMULATOR="$node" -DCMAKE_BUILD_TYPE=Release \
    -DSD_WEB_DEPS="$prefix" -DSD_PO_COMPILE="$(pwd)/build-web/po_compile" >/dev/null
cmake --build build-web/wasm -j2
cp build-web/wasm/shadowday-coordinator.html build-web/shadowday-coordinator.html
ls -l build-web/shadowday-coordinator.html
