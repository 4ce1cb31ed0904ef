#!/bin/sh
# clock_wrong.check.sh DB BUILD - records made while the clock was before the build date (Matti)
# or before a time already seen (Saara) are clock_suspect = 1; those after the admin set the
# clock (Elias) are 0; setting the clock left a clock_set record with the time before.
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "clock_wrong.check: $*" >&2; exit 1; }
got=$(q "SELECT kind, shadow_id, clock_suspect FROM record ORDER BY seq;")
want='checkin|matti|1
clock_set||0
checkin|elias|0
escort|elias|0
safety_ack|elias|0
checkin|saara|1'
[ "$got" = "$want" ] || fail "the records are
$got
but should be
$want"
before=$(q "SELECT value FROM record WHERE kind = 'clock_set';")
case "$before" in
2020-01-01T08:3*) ;;
*) fail "the clock_set record should keep the time before (2020-01-01T08:3x), not [$before]" ;;
esac
at=$(TZ=Europe/Helsinki date -d "@$(q "SELECT wall_time FROM record WHERE shadow_id = 'elias' AND kind = 'checkin';")" '+%F %H')
[ "$at" = "2027-04-15 08" ] || fail "Elias checked in at $at, not on the day pack's date"
echo "clock_wrong.check: suspect records flagged, the others not"
