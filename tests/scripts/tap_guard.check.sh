#!/bin/sh
# tap_guard.check.sh DB BUILD - each double tap of tap_guard.script made exactly one record.
set -eu
db=$1
got=$(sqlite3 -batch -noheader "$db" "SELECT kind, item, value FROM record WHERE kind IN ('safety_ack', 'answer') ORDER BY seq;")
want='safety_ack|fire-alarm|understood
safety_ack|exits|understood
safety_ack|first-aid|question
safety_ack|hot|understood
safety_ack|hand-washing|understood
safety_ack|ask|understood
answer|liked_work|4
answer|escort_helped|skip'
if [ "$got" != "$want" ]; then
    printf 'tap_guard.check: the records are\n%s\nbut should be\n%s\n' "$got" "$want" >&2
    exit 1
fi
[ "$(sqlite3 "$db" "SELECT count(*) FROM record WHERE kind = 'escort';")" = 1 ] ||
    { echo "tap_guard.check: not exactly one escort confirmation" >&2; exit 1; }
echo "tap_guard.check: one record per double tap"
