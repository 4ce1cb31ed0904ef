#!/bin/sh
# whole_day.check.sh DB BUILD - every record whole_day.script left, checked with sqlite3:
# the list of records in order (kind, shadow, host, item, value, language), then what each
# must carry: unique UUIDs, increasing sequence numbers, this kiosk's id and pack, the visit id
# of the check-in, the wall time the script's clock said, clock_suspect 0, and each safety
# acknowledgement's content hash = SHA-256 of the card's icon, title and text in its language.
set -eu
db=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
pack="$src/assets/sample-pack/shadowday"
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "whole_day.check: $*" >&2; exit 1; }
same() { # what, got, want
    [ "$2" = "$3" ] || fail "$1: got [$2], want [$3]"
}

# ---- every record, in order
got=$(q "SELECT kind, shadow_id, host_id, item, value, lang FROM record ORDER BY seq;")
want='checkin|matti||||fi
escort|matti|liisa|||fi
safety_ack|matti||fire-alarm|understood|fi
safety_ack|matti||exits|question|fi
safety_ack|matti||exits|understood|fi
safety_ack|matti||first-aid|understood|fi
safety_ack|matti||hot|understood|fi
safety_ack|matti||hand-washing|understood|fi
safety_ack|matti||ask|understood|fi
checkin|johannes||||sv
escort|johannes|pekka|||sv
safety_ack|johannes||fire-alarm|understood|sv
safety_ack|johannes||exits|understood|sv
safety_ack|johannes||first-aid|understood|sv
safety_ack|johannes||hot|understood|sv
safety_ack|johannes||hand-washing|understood|sv
safety_ack|johannes||ask|understood|sv
answer|matti||liked_work|4|fi
answer|matti||escort_helped|3|fi
answer|matti||felt_safe|skip|fi
answer|matti||understood|2|fi
answer|matti||want_this_work|4|fi
answer|matti||next|study_field|fi
answer|matti||comment|Kahvi oli hyvää ja työ kivaa Tänään sain päättää itse|fi
answer|matti||done|complete|fi
checkout|matti|liisa||host|fi
host_eval|matti|liisa|host_interested|4|fi
host_eval|matti|liisa|host_instructions|3|fi
host_eval|matti|liisa|host_try_again|skip|fi
answer|johannes||liked_work|3|sv
answer|johannes||escort_helped|4|sv
answer|johannes||felt_safe|4|sv
answer|johannes||understood|skip|sv
answer|johannes||want_this_work|2|sv
answer|johannes||next|dont_know|sv
answer|johannes||next|other_field|sv
answer|johannes||comment|Bra dag på jobbet åtta timmar|sv
answer|johannes||done|complete|sv
checkout|johannes|sanna||host|sv'
if [ "$got" != "$want" ]; then
    printf '%s\n' "$want" > "$db.want"
    printf '%s\n' "$got" > "$db.got"
    diff -u "$db.want" "$db.got" >&2 || true
    fail "the records are not the ones the day should leave (diff above)"
fi

# ---- identity, order, kiosk, pack, clock
same "records" "$(q "SELECT count(*) FROM record;")" 39
same "distinct uuids" "$(q "SELECT count(DISTINCT uuid) FROM record;")" 39
x4="[0-9a-f][0-9a-f][0-9a-f][0-9a-f]"; x3="[0-9a-f][0-9a-f][0-9a-f]"; x8="$x4$x4"
same "uuid format (8-4-4-4-12 lower-case hex, version 4)" \
    "$(q "SELECT count(*) FROM record WHERE uuid NOT GLOB '$x8-$x4-4$x3-[89ab]$x3-$x8$x4';")" 0
same "sequence numbers increase with time" \
    "$(q "SELECT count(*) FROM record a JOIN record b ON b.seq > a.seq WHERE b.wall_time < a.wall_time;")" 0
same "sequence numbers are 1..39" "$(q "SELECT min(seq) || '..' || max(seq) FROM record;")" "1..39"
kiosk=$(q "SELECT value FROM meta WHERE key = 'kiosk_id';")
[ -n "$kiosk" ] || fail "the kiosk has no id in meta"
same "records of another kiosk id" "$(q "SELECT count(*) FROM record WHERE kiosk_id <> '$kiosk';")" 0
pack_id=$(q "SELECT value FROM meta WHERE key = 'pack_id';")
same "records of another pack" "$(q "SELECT count(*) FROM record WHERE pack_id <> '$pack_id';")" 0
same "records of another day" "$(q "SELECT count(*) FROM record WHERE day <> '2027-04-15';")" 0
same "suspect clocks" "$(q "SELECT count(*) FROM record WHERE clock_suspect <> 0;")" 0
same "UTC offset (EEST)" "$(q "SELECT DISTINCT utc_offset_min FROM record;")" 180
same "exported or delivered" "$(q "SELECT count(*) FROM record WHERE exported_batch IS NOT NULL OR delivered <> 0;")" 0

# ---- every record of a visit carries the check-in's uuid as its visit
same "check-ins are their own visit" "$(q "SELECT count(*) FROM record WHERE kind = 'checkin' AND visit <> uuid;")" 0
same "records outside their shadow's visit" "$(q "SELECT count(*) FROM record r WHERE visit <> (SELECT c.uuid FROM record c WHERE c.kind = 'checkin' AND c.shadow_id = r.shadow_id);")" 0

# ---- wall times as the script's clock said (Europe/Helsinki): first and last of each kind
at() { # kind shadow -> HH:MM of the first record
    TZ=Europe/Helsinki date -d "@$(q "SELECT min(wall_time) FROM record WHERE kind = '$1' AND shadow_id = '$2';")" +%H:%M
}
same "Matti checks in" "$(at checkin matti)" 08:20
same "Liisa confirms" "$(at escort matti)" 08:20
same "Johannes checks in" "$(at checkin johannes)" 08:40
same "Matti answers" "$(at answer matti)" 15:35
same "Matti checks out" "$(at checkout matti)" 15:55
same "Liisa evaluates" "$(at host_eval matti)" 15:55
same "Johannes answers" "$(at answer johannes)" 15:58
same "Johannes checks out" "$(at checkout johannes)" 15:58

# ---- only safety acknowledgements carry a content hash: SHA-256 of icon NUL title NUL text NUL
same "hashes on other records" "$(q "SELECT count(*) FROM record WHERE kind <> 'safety_ack' AND content_hash <> '';")" 0
cards=$(sqlite3 -batch -noheader -separator "$(printf '\037')" :memory: \
    ".import --csv '$pack/safety.csv' s" \
    "SELECT id, 'fi', icon, title, text FROM s UNION ALL SELECT id, 'sv', icon, title_sv, text_sv FROM s;")
checked=0
printf '%s\n' "$cards" > "$db.cards"
while IFS="$(printf '\037')" read -r id lang icon title text; do
    want=$(printf '%s\0%s\0%s\0' "$icon" "$title" "$text" | sha256sum | cut -d' ' -f1)
    for h in $(q "SELECT content_hash FROM record WHERE kind = 'safety_ack' AND item = '$id' AND lang = '$lang';"); do
        same "hash of $id ($lang)" "$h" "$want"
        checked=$((checked + 1))
    done
done < "$db.cards"
same "safety acknowledgements with a checked hash" "$checked" 13
echo "whole_day.check: all 39 records are right"
