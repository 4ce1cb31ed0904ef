#!/bin/sh
# walk_away.check.sh DB BUILD - the two answers given before the walk-away were saved before it
# (a partial evaluation: answers, no "done" until Matti came back), and the rest after it.
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "walk_away.check: $*" >&2; exit 1; }
got=$(q "SELECT item, value FROM record WHERE kind = 'answer' ORDER BY seq;")
want='liked_work|3
escort_helped|2
felt_safe|4
understood|4
want_this_work|4
next|try_again
done|complete'
[ "$got" = "$want" ] || fail "the answers are
$got
but should be
$want"
# Partial at the walk-away (15:30 + ~1.5 min): two answers, no "done" before Matti came back.
first=$(q "SELECT min(wall_time) FROM record WHERE kind = 'answer';")
done_at=$(q "SELECT wall_time FROM record WHERE kind = 'answer' AND item = 'done';")
before=$(q "SELECT count(*) FROM record WHERE kind = 'answer' AND wall_time < $first + 60;")
[ "$before" = 2 ] || fail "$before answers before the walk-away, want 2"
[ "$done_at" -ge $((first + 90)) ] || fail "the evaluation was done before the walk-away"
[ "$(q "SELECT count(DISTINCT visit) FROM record WHERE kind = 'answer';")" = 1 ] ||
    fail "the answers are not all of the one visit"
echo "walk_away.check: a partial evaluation, then resumed and finished"
