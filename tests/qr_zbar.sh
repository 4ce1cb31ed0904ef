#!/bin/sh
# qr_zbar.sh KIOSK SOURCE_DIR BUILD_DIR - the "Take it with you" QR codes read by a real reader.
#
# For every shadow of the sample pack in Finnish, Swedish and English at 800x480 (and one on the
# 720x1280 portrait display) a scripted walk saves each of the three codes as a screenshot;
# `zbarimg --raw` decodes them and the texts are compared with what the sample pack says they
# must carry: the plan as text (workplace, then "start–end title, place" per plan item in the
# shadow's language), the iCalendar (one VEVENT per item at its local time; at 800x480 the short
# breaks may be left out to keep the code readable), the escort's vCard (name, role, phone,
# workplace). Exits 77 (skipped) when zbarimg is not installed.
set -eu
kiosk=$1
src=$2
build=$3
pack="$src/assets/sample-pack/shadowday"
work="$build/tests/tmp/qr_zbar"
shots_root="$build/tests/screenshots/qr_zbar"
command -v zbarimg >/dev/null 2>&1 || { echo "qr_zbar: zbarimg is not installed (zbar-tools)"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "qr_zbar: sqlite3 is not installed"; exit 77; }
rm -rf "$work" "$shots_root"
mkdir -p "$work" "$shots_root"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=Europe/Helsinki LANGUAGE= LC_ALL=C.UTF-8
fail() { echo "qr_zbar: $*" >&2; exit 1; }

# The sample pack as tables, to say what each code must hold.
ref="$work/pack.db"
sqlite3 -batch "$ref" ".import --csv '$pack/plan.csv' plan" ".import --csv '$pack/hosts.csv' hosts" \
    ".import --csv '$pack/shadows.csv' shadows" ".import --csv '$pack/workplace.csv' workplace"
ref_q() { sqlite3 -batch -noheader -separator "$(printf '\037')" "$ref" "$1"; }
# A pack text in a language: the lang column when there is one and it is not empty, else the base.
tr_col() { # column lang
    if [ "$2" = fi ]; then echo "$1"; else echo "coalesce(nullif($1_$2, ''), $1)"; fi
}
minutes() { echo "(cast(substr($1, 1, instr($1, ':') - 1) AS INTEGER) * 60 + cast(substr($1, instr($1, ':') + 1) AS INTEGER))"; }

# decode SHOT OUT: the one code in the screenshot, exactly as the reader gives it
decode() {
    zbarimg --raw -q "$1" > "$2" 2>/dev/null || fail "no QR code could be read in $1"
    # zbarimg ends its output with one newline of its own
    [ -s "$2" ] || fail "the code in $1 is empty"
}

check_shadow() { # id lang size shadows-per-page-of-Who
    id=$1 lang=$2 size=$3 per_page=$4
    case $lang in fi) button=suomi ;; sv) button=svenska ;; *) button=English ;; esac
    pages=$(ref_q "SELECT count(*) / $per_page FROM shadows WHERE rowid < (SELECT rowid FROM shadows WHERE id = '$id');")
    host=$(ref_q "SELECT escort FROM shadows WHERE id = '$id';")
    warning=""
    [ "$(ref_q "SELECT agreement_signed FROM shadows WHERE id = '$id';")" = no ] &&
        warning='tap "_(I understand, continue)"'
    shots="$shots_root/$id-$lang-$size"
    data="$work/data-$id-$lang-$size"
    mkdir -p "$shots" "$data"
    name=$(ref_q "SELECT first_name FROM shadows WHERE id = '$id';")
    hname=$(ref_q "SELECT name FROM hosts WHERE id = '$host';")
    pin=$(ref_q "SELECT pin FROM hosts WHERE id = '$host';")
    next=""
    i=0
    while [ $i -lt "$pages" ]; do next="${next}tap \"_(Next)\"
"; i=$((i + 1)); done
    cat > "$work/$id.script" <<SCRIPT
clock 2027-04-15 09:30
tap $button
tap "_(Touch to start)"
${next}tap $name
tap "_(Yes, that is me)"
tap "_(I am %s|$hname)"
$warning
pin $pin
tap "_(I understand)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(I understand)"
tap "_(Continue)"
tap "_(Take it with you)"
expect screen take_away
shot text.png
tap "_(Calendar)"
shot calendar.png
tap "_(Contact)"
shot contact.png
SCRIPT
    "$kiosk" --data "$data" --pack "$pack" --size "$size" --script "$work/$id.script" \
        --shots "$shots" > "$work/$id.log" 2>&1 || { cat "$work/$id.log" >&2; fail "the walk for $id ($lang, $size) failed"; }
    decode "$shots/text.png" "$work/$id.text"
    decode "$shots/calendar.png" "$work/$id.ics"
    decode "$shots/contact.png" "$work/$id.vcf"

    items="SELECT start, end, kind, $(tr_col title "$lang"), $(tr_col place "$lang") FROM plan
           WHERE shadow IN ('*', '$id') ORDER BY $(minutes start)"
    count=$(ref_q "SELECT count(*) FROM ($items);")

    # (a) the plan as text
    want_name=$(ref_q "SELECT coalesce((SELECT value FROM workplace WHERE key = 'name_$lang' AND value <> ''),
                                       (SELECT value FROM workplace WHERE key = 'name'));")
    [ "$(sed -n 1p "$work/$id.text")" = "$want_name" ] || fail "$id: the plan text does not start with $want_name"
    [ "$(grep -c . "$work/$id.text")" -eq $((count + 2)) ] || fail "$id: the plan text has not $count items"
    n=3
    ref_q "$items;" > "$work/$id.items"
    while IFS="$(printf '\037')" read -r start end kind title place; do
        line=$(sed -n "${n}p" "$work/$id.text")
        times=$(printf '%s' "${line%% *}" | tr . :)
        [ "$times" = "$start–$end" ] || fail "$id: plan line $n is [$line], want the time $start–$end"
        [ "${line#* }" = "$title, $place" ] || fail "$id: plan line $n is [$line], want [$title, $place]"
        n=$((n + 1))
    done < "$work/$id.items"

    # (b) the iCalendar: CRLF lines, one VEVENT per item (breaks may be left out)
    ics="$work/$id.ics"
    head -n 3 "$ics" | tr -d '\r' | tr '\n' ' ' | grep -qx 'BEGIN:VCALENDAR VERSION:2.0 PRODID:[^ ]* ' ||
        fail "$id: the calendar does not begin as an iCalendar: $(head -n 3 "$ics")"
    grep -q '^END:VCALENDAR' "$ics" || fail "$id: the calendar does not end"
    [ "$(grep -c "$(printf '\r')\$" "$ics")" -eq "$(grep -c . "$ics")" ] || fail "$id: calendar lines must end in CRLF"
    events=$(grep -c '^BEGIN:VEVENT' "$ics")
    breaks=$(ref_q "SELECT count(*) FROM ($items) WHERE kind = 'break';")
    [ "$events" -eq "$count" ] || [ "$events" -eq $((count - breaks)) ] ||
        fail "$id: $events events in the calendar, want $count (or $((count - breaks)) without the breaks)"
    uids=$(grep -c '^UID:' "$ics" || true)
    [ "$uids" -eq 0 ] || [ "$(grep '^UID:' "$ics" | sort -u | grep -c .)" -eq "$events" ] ||
        fail "$id: the events' UIDs are not unique"
    tr -d '\r' < "$ics" | awk '/^BEGIN:VEVENT/{e=""} {e=e $0 "\037"} /^END:VEVENT/{print e}' > "$work/$id.events"
    while IFS="$(printf '\037')" read -r start end kind title place; do
        [ "$kind" = break ] && [ "$events" -lt "$count" ] && continue
        s=$(ref_q "SELECT printf('20270415T%02d%02d00', $(minutes "'$start'") / 60, $(minutes "'$start'") % 60);")
        e=$(ref_q "SELECT printf('20270415T%02d%02d00', $(minutes "'$end'") / 60, $(minutes "'$end'") % 60);")
        d=$(ref_q "SELECT printf('PT%dM', $(minutes "'$end'") - $(minutes "'$start'"));")
        esc=$(printf '%s' "$title" | sed 's/[\\;,]/\\&/g')
        grep -F "DTSTART:$s$(printf '\037')" "$work/$id.events" | grep -F "SUMMARY:$esc$(printf '\037')" |
            grep -qE "DTEND:$e|DURATION:$d" || fail "$id: no event for $start–$end $title in the calendar"
    done < "$work/$id.items"

    # (c) the escort's vCard
    role=$(ref_q "SELECT $(tr_col role "$lang") FROM hosts WHERE id = '$host';")
    phone=$(ref_q "SELECT phone FROM hosts WHERE id = '$host';")
    tr -d '\r' < "$work/$id.vcf" > "$work/$id.vcf.lf"
    for want in "BEGIN:VCARD" "VERSION:3.0" "FN:$hname" "N:;$hname;;;" "ORG:$want_name" \
                "TITLE:$role" "TEL;TYPE=CELL:$phone" "END:VCARD"; do
        grep -qxF "$want" "$work/$id.vcf.lf" || fail "$id: the contact has no line [$want]: $(cat "$work/$id.vcf.lf")"
    done
    echo "qr_zbar: $id ($lang, $size): plan text, $events calendar events and the contact of $hname read back right"
}

# Every shadow of the sample in every language on the 7" display (the densest codes), and one
# on the portrait display.
for lang in fi sv en; do
    for id in $(ref_q "SELECT id FROM shadows ORDER BY rowid;"); do
        check_shadow "$id" "$lang" 800x480 4
    done
done
check_shadow elias en 720x1280 1000
