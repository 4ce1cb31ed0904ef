#!/bin/sh
# escort_absent.check.sh DB BUILD - one visit: checked in at 8.30, waiting, confirmed by Liisa
# at 8.50 (not before), and no second check-in when Aino came back.
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "escort_absent.check: $*" >&2; exit 1; }
got=$(q "SELECT kind, shadow_id, host_id FROM record WHERE kind IN ('checkin', 'escort') ORDER BY seq;")
[ "$got" = "checkin|aino|
escort|aino|liisa" ] || fail "want one check-in and one escort by liisa, got: $got"
at=$(TZ=Europe/Helsinki date -d "@$(q "SELECT wall_time FROM record WHERE kind = 'escort';")" +%H:%M)
[ "$at" = 08:50 ] || fail "the escort confirmed at $at, want 08:50"
[ "$(q "SELECT count(DISTINCT visit) FROM record;")" = 1 ] || fail "more than one visit"
echo "escort_absent.check: waited for the escort in one visit"
