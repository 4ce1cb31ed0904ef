#!/bin/sh
# test.sh - the README's second command: install what is missing (build and test tools), build
# with warnings as errors, and run every test. With --sanitize, the suite runs a second time in
# an AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan/).
#
# The coordinator's page is built first (scripts/build-web.sh) and tested in chromium with the
# rest. Screenshots the tests take are kept in build/tests/screenshots/.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh test
jobs=$(nproc)
scripts/build-web.sh
cmake -S . -B build -DSD_WERROR=ON -DSD_WEB_REQUIRED=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
if [ "${1:-}" = "--sanitize" ]; then
    cmake -S . -B build-asan -DSD_WERROR=ON -DSD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DSD_WEB_REQUIRED=ON >/dev/null
    cmake --build build-asan -j"$jobs"
    ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
