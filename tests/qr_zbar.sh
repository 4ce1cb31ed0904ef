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
#
# Where the time goes: this used to start a kiosk per shadow (28), each importing the sample
# pack, whose plain PINs are hashed with Argon2id (64 MiB, memory-bound: slow on a busy machine
# and under the sanitizers), and spent about 1,300 sqlite3, 84 zbarimg and many more grep and sed
# processes on the checks. Now the pack is imported once into a data folder each walk starts
# from a copy of; one kiosk run walks every shadow of a language in turn (holding the clock and
# cancelling the admin PIN pad brings it back to Start between them); one zbarimg reads all the
# codes of a run; and each shadow's checks take a few sqlite3 queries and awk runs. Every code
# is still decoded and checked as before.
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
us=$(printf '\037')

# The sample pack as tables, to say what each code must hold.
ref="$work/pack.db"
sqlite3 -batch "$ref" ".import --csv '$pack/plan.csv' plan" ".import --csv '$pack/hosts.csv' hosts" \
    ".import --csv '$pack/shadows.csv' shadows" ".import --csv '$pack/workplace.csv' workplace"
ref_q() { sqlite3 -batch -noheader -separator "$us" "$ref" "$1"; }
# A pack text in a language: the lang column when there is one and it is not empty, else the base.
tr_col() { # column lang
    if [ "$2" = fi ]; then echo "$1"; else echo "coalesce(nullif($1_$2, ''), $1)"; fi
}
minutes() { echo "(cast(substr($1, 1, instr($1, ':') - 1) AS INTEGER) * 60 + cast(substr($1, instr($1, ':') + 1) AS INTEGER))"; }
stamp() { echo "printf('20270415T%02d%02d00', $(minutes "$1") / 60, $(minutes "$1") % 60)"; }

# walk_steps LANG PER_PAGE ID...: the steps that take each shadow to the three codes and back.
walk_steps() {
    lang=$1 per_page=$2
    shift 2
    case $lang in fi) button=suomi ;; sv) button=svenska ;; *) button=English ;; esac
    echo "clock 2027-04-15 09:30"
    for id in "$@"; do
        ref_q "SELECT s.first_name, h.name, h.pin, s.agreement_signed,
                      (SELECT count(*) FROM shadows WHERE rowid < s.rowid) / $per_page
               FROM shadows s JOIN hosts h ON h.id = s.escort WHERE s.id = '$id';" |
        while IFS="$us" read -r name hname pin signed pages; do
            printf 'tap %s\ntap "_(Touch to start)"\n' "$button"
            i=0
            while [ "$i" -lt "$pages" ]; do echo 'tap "_(Next)"'; i=$((i + 1)); done
            printf 'tap %s\ntap "_(Yes, that is me)"\ntap "_(I am %%s|%s)"\n' "$name" "$hname"
            [ "$signed" = no ] && echo 'tap "_(I understand, continue)"'
            echo "pin $pin"
            for card in 1 2 3 4 5 6; do echo 'tap "_(I understand)"'; done
            printf 'tap "_(Continue)"\ntap "_(Take it with you)"\nexpect screen take_away\n'
            printf 'shot %s-text.png\ntap "_(Calendar)"\nshot %s-calendar.png\n' "$id" "$id"
            printf 'tap "_(Contact)"\nshot %s-contact.png\n' "$id"
            # The coordinator's way out (hold the clock, then Cancel on the admin PIN pad) ends
            # the visit; the next shadow starts at Start.
            printf 'hold clock\ntap "_(Cancel)"\nexpect screen start\n'
        done
    done
}

# decode_all DIR ID...: every code of the walk with one zbarimg, into $work/ID-WALK.text, .ics
# and .vcf (WALK: DIR's name, LANG-SIZE), each exactly what `zbarimg --raw` prints for that screenshot alone: the data and a
# newline of zbarimg's own. The codes come in the order of the files; where one ends is certain
# from its format: the plan text has no empty line, the calendar ends with END:VCALENDAR and the
# contact with END:VCARD (CRLF), and zbarimg's own newline then makes an empty line.
decode_all() {
    dir=$1
    shift
    files=""
    for id in "$@"; do
        files="$files $dir/$id-text.png $dir/$id-calendar.png $dir/$id-contact.png"
    done
    # shellcheck disable=SC2086 # one argument per screenshot
    zbarimg --raw -q $files > "$dir/codes.raw" 2>/dev/null ||
        fail "zbarimg could not read a QR code in every screenshot of $dir"
    awk -v dir="$work" -v ids="$*" -v walk="$(basename "$dir")" '
        BEGIN { n = split(ids, id, " "); k = 1; part = 0; split("text ics vcf", ext, " "); next_out() }
        function next_out() { out = dir "/" id[k] "-" walk "." ext[part + 1]; printf "" > out }
        {
            print > out
            if ($0 == "" && (part == 0 || prev == "END:VCALENDAR\r" || prev == "END:VCARD\r")) {
                close(out)
                if (++part == 3) { part = 0; k++ }
                if (k <= n) next_out()
            }
            prev = $0
        }
        END { if (k <= n) { print "the codes end before " id[k] "." ext[part + 1] > "/dev/stderr"; exit 1 } }
    ' "$dir/codes.raw" || fail "the codes of $dir do not split into three per shadow"
}

# check_text ID OUT ITEMS COUNT NAME: (a) the plan as text, the time in the language's way
# ("9.00" or "9:00")
check_text() {
    id=$1 out=$2 items=$3 count=$4 want_name=$5
    [ "$(grep -c . "$out.text")" -eq $((count + 2)) ] || fail "$id: the plan text has not $count items"
    exec 3< "$out.text"
    IFS= read -r line <&3
    [ "$line" = "$want_name" ] || fail "$id: the plan text does not start with $want_name"
    IFS= read -r line <&3
    while IFS="$us" read -r start end kind title place s e d; do
        IFS= read -r line <&3
        times=${line%% *}
        [ "$times" = "$start–$end" ] || [ "$times" = "${start%%:*}.${start#*:}–${end%%:*}.${end#*:}" ] ||
            fail "$id: plan line [$line], want the time $start–$end"
        [ "${line#* }" = "$title, $place" ] || fail "$id: plan line [$line], want [$title, $place]"
    done < "$items"
    exec 3<&-
}

# check_calendar ID OUT ITEMS COUNT BREAKS: (b) the iCalendar: CRLF lines, one VEVENT per item
check_calendar() {
    id=$1 out=$2 items=$3 count=$4 breaks=$5
    ics="$out.ics"
    head -n 3 "$ics" | tr -d '\r' | tr '\n' ' ' | grep -qx 'BEGIN:VCALENDAR VERSION:2.0 PRODID:[^ ]* ' ||
        fail "$id: the calendar does not begin as an iCalendar: $(head -n 3 "$ics")"
    grep -q '^END:VCALENDAR' "$ics" || fail "$id: the calendar does not end"
    [ "$(grep -c "$(printf '\r')\$" "$ics")" -eq "$(grep -c . "$ics")" ] || fail "$id: calendar lines must end in CRLF"
    events=$(grep -c '^BEGIN:VEVENT' "$ics")
    [ "$events" -eq "$count" ] || [ "$events" -eq $((count - breaks)) ] ||
        fail "$id: $events events in the calendar, want $count (or $((count - breaks)) without the breaks)"
    uids=$(grep -c '^UID:' "$ics" || true)
    [ "$uids" -eq 0 ] || [ "$(grep '^UID:' "$ics" | sort -u | grep -c .)" -eq "$events" ] ||
        fail "$id: the events' UIDs are not unique"
    # Each item (the breaks may be left out) is an event with its start, title and its end or
    # duration; the title escaped as RFC 5545 says.
    tr -d '\r' < "$ics" | awk -v items="$items" -v all=$((events == count)) -v id="$id" '
        BEGIN { FS = "\037" }
        /^BEGIN:VEVENT/ { e = "" }
        { e = e $0 FS }
        /^END:VEVENT/ { ev[++n] = e }
        END {
            while ((getline line < items) > 0) {
                split(line, f, FS)
                if (f[3] == "break" && !all) continue
                t = f[4]; gsub(/[\\;,]/, "\\\\&", t)
                found = 0
                for (i = 1; i <= n && !found; i++)
                    found = index(ev[i], "DTSTART:" f[6] FS) && index(ev[i], "SUMMARY:" t FS) &&
                            (index(ev[i], "DTEND:" f[7] FS) || index(ev[i], "DURATION:" f[8] FS))
                if (!found) { print id ": no event for " f[1] "–" f[2] " " f[4] " in the calendar" > "/dev/stderr"; exit 1 }
            }
        }' || fail "$id: the calendar does not hold every plan item"
    echo "$events"
}

# check_contact ID LANG OUT: (c) the escort's vCard
check_contact() {
    id=$1 lang=$2 out=$3
    ref_q "SELECT h.name, $(tr_col h.role "$lang"), h.phone,
                  coalesce((SELECT value FROM workplace WHERE key = 'name_$lang' AND value <> ''),
                           (SELECT value FROM workplace WHERE key = 'name'))
           FROM shadows s JOIN hosts h ON h.id = s.escort WHERE s.id = '$id';" > "$out.host"
    IFS="$us" read -r hname role phone org < "$out.host"
    tr -d '\r' < "$out.vcf" | awk -v id="$id" '
        BEGIN { for (i = 2; i < ARGC; i++) want[ARGV[i]] = 1; ARGC = 2; ARGV[1] = "-" }
        { have[$0] = 1; all = all $0 "|" }
        END { for (w in want) if (!(w in have)) { print id ": the contact has no line [" w "]: " all > "/dev/stderr"; exit 1 } }
    ' - "BEGIN:VCARD" "VERSION:3.0" "FN:$hname" "N:;$hname;;;" "ORG:$org" "TITLE:$role" \
        "TEL;TYPE=CELL:$phone" "END:VCARD" || fail "$id: the contact is not the escort's"
    echo "$hname"
}

# check_shadow ID LANG SIZE: compare the three decoded codes with the pack
check_shadow() {
    id=$1 lang=$2 size=$3
    out="$work/$id-$lang-$size"
    [ -s "$out.text" ] && [ -s "$out.ics" ] && [ -s "$out.vcf" ] || fail "$id: a code is empty"
    # The shadow's plan items in order, with what the calendar must say of each.
    ref_q "SELECT start, \"end\", kind, $(tr_col title "$lang"), $(tr_col place "$lang"),
                  $(stamp start), $(stamp '"end"'),
                  printf('PT%dM', $(minutes '"end"') - $(minutes start))
           FROM plan WHERE shadow IN ('*', '$id') ORDER BY $(minutes start);" > "$out.items"
    count=$(grep -c . "$out.items" || true)
    breaks=$(awk -F "$us" '$3 == "break"' "$out.items" | grep -c . || true)
    check_text "$id" "$out" "$out.items" "$count" "$(workplace_name "$lang")"
    events=$(check_calendar "$id" "$out" "$out.items" "$count" "$breaks")
    hname=$(check_contact "$id" "$lang" "$out")
    echo "qr_zbar: $id ($lang, $size): plan text, $events calendar events and the contact of $hname read back right"
}

workplace_name() { # lang
    ref_q "SELECT coalesce((SELECT value FROM workplace WHERE key = 'name_$1' AND value <> ''),
                           (SELECT value FROM workplace WHERE key = 'name'));"
}

# run_walk LANG SIZE PER_PAGE ID...: one kiosk walks the shadows, then every code is checked
run_walk() {
    lang=$1 size=$2 per_page=$3
    shift 3
    shots="$shots_root/$lang-$size"
    data="$work/data-$lang-$size"
    mkdir -p "$shots"
    cp -R "$work/installed" "$data"
    walk_steps "$lang" "$per_page" "$@" > "$work/$lang-$size.script"
    "$kiosk" --data "$data" --pack "$pack" --size "$size" --script "$work/$lang-$size.script" \
        --shots "$shots" > "$work/$lang-$size.log" 2>&1 ||
        { cat "$work/$lang-$size.log" >&2; fail "the walk in $lang at $size failed"; }
    decode_all "$shots" "$@"
    for id in "$@"; do
        check_shadow "$id" "$lang" "$size"
    done
}

# The sample pack installed once (its PINs hashed once); every walk starts from a copy.
"$kiosk" --data "$work/installed" --pack "$pack" --script /dev/null > "$work/installed.log" 2>&1 ||
    { cat "$work/installed.log" >&2; fail "the sample pack could not be installed"; }

# Every shadow of the sample in every language on the 7" display (the densest codes), and one
# on the portrait display.
ids=$(ref_q "SELECT id FROM shadows ORDER BY rowid;")
for lang in fi sv en; do
    # shellcheck disable=SC2086 # one argument per shadow id
    run_walk "$lang" 800x480 4 $ids
done
run_walk en 720x1280 1000 elias
