#!/bin/sh
# coordinator_page.sh - run coordinator_page.cjs (the page in headless chromium, against the CLI).
#
# Usage: coordinator_page.sh PAGE SHADOWDAY EXPORT_MAKER. The page is built by
# scripts/build-web.sh; without it (or without node or chromium) the test is skipped (77),
# unless SD_WEB_REQUIRED=ON (scripts/test.sh and CI), where a missing page fails.
set -eu
page=$1 cli=$2 maker=$3
here=$(cd "$(dirname "$0")" && pwd)
missing=""
[ -f "$page" ] || missing="the page $page (build it with scripts/build-web.sh)"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -x "${SD_CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium"
command -v unzip >/dev/null 2>&1 || missing="$missing unzip"
if [ -n "$missing" ]; then
    echo "coordinator_page: missing:$missing"
    [ "${SD_WEB_REQUIRED:-OFF}" = ON ] && exit 1
    exit 77
fi
exec node "$here/coordinator_page.cjs" "$page" "$cli" "$maker" "${SD_SOURCE_DIR:-$here/..}" \
    "${SD_TEST_TMP:-/tmp/coordinator_page}" "${SD_BUILD_DIR:-.}/tests/screenshots"
