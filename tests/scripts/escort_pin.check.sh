#!/bin/sh
# escort_pin.check.sh DB BUILD - one escort confirmation, by Liisa, made after the restart and
# the wait; the count of wrong PINs was cleared by the right one.
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "escort_pin.check: $*" >&2; exit 1; }
[ "$(q "SELECT count(*) || ' ' || group_concat(host_id) FROM record WHERE kind = 'escort';")" = "1 liisa" ] ||
    fail "want exactly one escort confirmation, by liisa: $(q "SELECT * FROM record WHERE kind = 'escort';")"
at=$(TZ=Europe/Helsinki date -d "@$(q "SELECT wall_time FROM record WHERE kind = 'escort';")" +%H:%M)
[ "$at" = 08:31 ] || fail "the escort was confirmed at $at, not after the restart and the wait (08:31)"
[ "$(q "SELECT count(*) FROM pin_attempt WHERE subject = 'liisa' AND failures > 0;")" = 0 ] ||
    fail "the wrong PINs are still counted after the right one"
[ "$(q "SELECT count(*) FROM record WHERE kind = 'checkin';")" = 1 ] || fail "not one check-in"
echo "escort_pin.check: the wait survived the restart; Liisa confirmed after it"
