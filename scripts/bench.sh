#!/bin/sh
# bench.sh - build the benchmark programs in Release and run them all, for docs/performance.md.
#
#   scripts/bench.sh [BUILD_DIR]          default build-bench; figures go to BUILD_DIR/bench-results.md
#
# Needs the kiosk's build dependencies (scripts/deps.sh) and, for the x11 figures, Xvfb.
# Extra options for the programs: BENCH_KIOSK_ARGS="--runs 20" BENCH_EXPORT_ARGS="--runs 9"
# BENCH_QR_ARGS="--before OLD_BUILD" (bench/bench_qr.sh: QR codes a day, hostile scans files).
# BENCH_WEB_ARGS="--exports 100 --shadows 7 --runs 5" (the page's bench needs scripts/build-web.sh).
# Takes about 5 minutes on 2 cores. Nothing is asserted: read the numbers (the doc says how).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-bench}
jobs=${BENCH_JOBS:-2}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSD_BUILD_KIOSK=ON >/dev/null
cmake --build "$build" -j"$jobs" --target bench_kiosk bench_export bare_sdl shadowday-kiosk \
    shadowday export_maker >/dev/null
page=$src/build-web/shadowday-coordinator.html     # scripts/build-web.sh

out=$build/bench-results.md
{
    echo "# shadowday benchmark results"
    echo
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')" \
         "(plus uncommitted changes: $(git -C "$src" status --porcelain 2>/dev/null | wc -l) files)"
    echo "Machine: nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //');" \
         "$(uname -srm); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "## bench_kiosk ${BENCH_KIOSK_ARGS:-}"
    echo
    # shellcheck disable=SC2086
    "$build/bench_kiosk" ${BENCH_KIOSK_ARGS:-}
    echo
    echo "## bench_export ${BENCH_EXPORT_ARGS:-}"
    echo
    # shellcheck disable=SC2086
    "$build/bench_export" ${BENCH_EXPORT_ARGS:-}
    echo
    echo "## bench_qr.sh ${BENCH_QR_ARGS:-}"
    echo
    # shellcheck disable=SC2086
    "$src/bench/bench_qr.sh" ${BENCH_QR_ARGS:-} "$build"
    echo "## web_bench (the coordinator's page against the CLI) ${BENCH_WEB_ARGS:-}"
    echo
    if [ -f "$page" ]; then
        # shellcheck disable=SC2086
        node "$src/bench/web_bench.cjs" "$page" "$build/shadowday" "$build/tests/export_maker" ${BENCH_WEB_ARGS:-}
    else
        echo "(no page: run scripts/build-web.sh first)"
    fi
    echo
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo "bench.sh: results in $out" >&2
