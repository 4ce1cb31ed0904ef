#!/bin/sh
# bench_qr.sh - QR code exports and scans, for docs/performance.md (issues 13 and 9):
#
#   codes    how many version 20-M codes a day takes (tests/export_maker day -n N, N = 1, 10,
#            24, plain and encrypted; and a pack of 7 cards in three languages with 3 shadows,
#            encrypted), the bytes they carry and the bytes a record;
#   hostile  time and peak memory of `shadowday collect` on hostile scans files: a 61 MB file
#            of two million batch ids, a 60 MB line, 30,000 good parts of 30 batches (more
#            than the cap), and a 0.6 MB file of 20,000 batch ids in the old SD1 frame.
#
#   bench/bench_qr.sh [--before OLD_BUILD] [--only codes|hostile] [BUILD]
#
# BUILD (default build) holds shadowday and tests/export_maker. --before OLD_BUILD adds the
# same figures for another build (e.g. of the commit before the compact form): in `codes` its
# column comes first; in `hostile` it runs only on the small file, under a 2 GiB memory limit
# (the old reader reserved 999 parts for every batch id). Scratch files go under $TMPDIR.
# Prints Markdown. Never a test: nothing is asserted.
set -eu
before=""
only=""
while [ $# -gt 0 ]; do
    case $1 in
        --before) before=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        -*) echo "usage: $0 [--before OLD_BUILD] [--only codes|hostile] [BUILD]" >&2; exit 2 ;;
        *) break ;;
    esac
done
build=$(cd "${1:-build}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/bench_qr.XXXXXX")
trap 'rm -rf "$work"' EXIT

# day BUILD NAME ARGS...: export_maker's day; prints "codes bytes records" (bytes: what the codes
# carry, their Base45 decoded), or "- - -" when that build's export_maker lacks an option.
day() {
    b=$1 name=$2
    shift 2
    out="$work/$name"
    if ! SD_TEST_TMP="$work/tmp-$name" "$b/tests/export_maker" day "$out" "$@" > "$out.txt" 2>/dev/null; then
        echo "- - -"
        return
    fi
    codes=$(sed -n 's/^qr_codes=//p' "$out.txt")
    records=$(sed -n 's/^records=//p' "$out.txt")
    bytes=$(sed 's/^ *//; s/ *$//' "$out/scans.txt" | grep '^SD[12]:' | sort -u |
            awk '{ n = length($0); h = 0; c = 0
                   for (i = 1; i <= n && c < 4; i++) if (substr($0, i, 1) == ":") { c++; h = i }
                   d = n - h; total += int(d / 3) * 2 + (d % 3 == 2) } END { print total }')
    echo "$codes $bytes $records"
}

codes_table() {
    printf "kuusi kahvia\n" > "$work/pass.txt"
    "$build/shadowday" keygen -o "$work/key" --passphrase-file "$work/pass.txt" > /dev/null
    key="$work/key/coordinator.key"
    echo "| day | records | before: codes | before: bytes | before: bytes a record | after: codes | after: bytes | after: bytes a record |"
    echo "|---|---|---|---|---|---|---|---|"
    for spec in "1 shadow, plain|-n 1" "1 shadow, encrypted|-n 1 -k $key" \
                "10 shadows, plain|-n 10" "10 shadows, encrypted|-n 10 -k $key" \
                "24 shadows, plain|-n 24" "24 shadows, encrypted|-n 24 -k $key" \
                "7 cards in fi/sv/en, 3 shadows, encrypted|-n 3 -c 7 -k $key"; do
        label=${spec%%|*}
        args=${spec#*|}
        tag=$(echo "$label" | tr -c 'a-z0-9' _)
        # shellcheck disable=SC2086
        set -- $(day "$build" "after-$tag" $args)
        ac=$1 ab=$2 n=$3
        bc=- bb=- bpr=-
        if [ -n "$before" ]; then
            # shellcheck disable=SC2086
            set -- $(day "$before" "before-$tag" $args)
            bc=$1 bb=$2
            [ "$bb" != - ] && bpr=$(awk -v b="$bb" -v n="$3" 'BEGIN { printf "%.1f", b / n }')
        fi
        apr=$(awk -v b="$ab" -v n="$n" 'BEGIN { printf "%.1f", b / n }')
        echo "| $label | $n | $bc | $bb | $bpr | **$ac** | $ab | $apr |"
    done
}

# measure LABEL FILE [BUILD]: elapsed seconds and peak memory of collect on FILE.
measure() {
    b=${3:-$build}
    rm -rf "$work/out"
    /usr/bin/time -f '%e %M' -o "$work/time" "$b/shadowday" collect -o "$work/out" "$2" \
        > "$work/collect.out" 2> "$work/collect.err" || true
    set -- "$1" "$2" $(cat "$work/time" | tail -n 1)
    problems=$(grep -c '^  ' "$work/collect.err" || true)
    size=$(du -h "$2" | cut -f1)
    echo "| $1 | $size | $3 s | $(( $4 / 1024 )) MiB | $problems |"
}

hostile_table() {
    # 61 MB: two million lines, each a part 1 of 999 of a batch of its own.
    awk 'BEGIN { for (i = 0; i < 2000000; i++) printf "SD2:X%07d:1/999:D202EF8D:00\n", i }' > "$work/ids.txt"
    # The same shape in SD1 frames, 20,000 lines (0.6 MB): small enough for the old reader.
    awk 'BEGIN { for (i = 0; i < 20000; i++) printf "SD1:Y%07d:%d/999:D202EF8D:00\n", i, 1 + i % 999 }' > "$work/ids-sd1.txt"
    # One line of 60 MB: a frame and then Base45 without end.
    awk 'BEGIN { printf "SD2:LONG:1/1:00000000:"; for (i = 0; i < 600000; i++) printf "%0100d", 0; printf "\n" }' > "$work/line.txt"
    # 30,000 good parts: the parts of a 700 KB export under 30 batch ids (the cap keeps 20,000).
    SD_TEST_TMP="$work/tmp-big" "$build/tests/export_maker" day "$work/big" -n 24 > /dev/null
    one=$(grep '^SD2:' "$work/big/scans.txt" | head -n 1)
    awk -v line="$one" 'BEGIN { split(line, f, ":"); data = substr(line, length(f[1] f[2] f[3] f[4]) + 5)
                               for (b = 0; b < 30; b++) for (p = 1; p <= 999 && n < 30000; p++) {
                                   printf "SD2:P%02d:%d/999:%s:%s\n", b, p, f[4], data; n++ } }' > "$work/parts.txt"
    echo "| scans file | size | time | peak memory | problems listed |"
    echo "|---|---|---|---|---|"
    measure "2,000,000 batch ids (part 1 of 999 each), SD2" "$work/ids.txt"
    measure "20,000 batch ids, SD1" "$work/ids-sd1.txt"
    measure "one line of 60 MB" "$work/line.txt"
    measure "30,000 good parts of 30 batches of 999 (20,000 kept)" "$work/parts.txt"
    if [ -n "$before" ]; then
        echo
        echo "Before (OLD_BUILD), under a 2 GiB address-space limit:"
        echo
        echo "| scans file | size | time | peak memory | problems listed |"
        echo "|---|---|---|---|---|"
        (ulimit -v 2097152; measure "20,000 batch ids, SD1" "$work/ids-sd1.txt" "$before")
        (ulimit -v 2097152; measure "one line of 60 MB" "$work/line.txt" "$before")
    fi
}

echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if [ "$only" != hostile ]; then
    echo "### Codes a day (version 20-M, alphanumeric)"
    echo
    codes_table
    echo
fi
if [ "$only" != codes ]; then
    echo "### Hostile scans files"
    echo
    hostile_table
fi
