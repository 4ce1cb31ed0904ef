#!/bin/sh
# sync_day.check.sh DB BUILD - after sync_day.script: the two USB export folders pass
# `sha256sum -c`, the QR codes on the screenshots decode (zbarimg) into 2 parts, and
# `shadowday collect` of both folders and the scanned codes gives every record of the kiosk's
# database exactly once, field for field; nothing is marked delivered before a receipt.
set -eu
db=$1
build=$2
data=$(dirname "$db")
stick="$data/usb/stick"
shots="$build/tests/screenshots/sync_day"
out="$data/collect"
fail() { echo "sync_day.check: $*" >&2; exit 1; }

set -- "$stick"/shadowday-export/*/
[ $# -eq 2 ] || fail "expected 2 export folders on the stick, found $#"
for d in "$@"; do
    (cd "$d" && sha256sum --quiet -c manifest.sha256) || fail "manifest of $d does not check"
done

command -v zbarimg >/dev/null || fail "zbarimg is not installed (apt-get install zbar-tools)"
: > "$data/scans.txt"
for png in "$shots"/sync-qr-*.png; do
    # zbarimg may print D-Bus noise on stdout in containers: keep only our parts.
    zbarimg --raw -q "$png" 2>/dev/null | grep '^SD2:' >> "$data/scans.txt" || fail "no QR code read from $png"
done
[ "$(sort -u "$data/scans.txt" | wc -l)" -eq 2 ] || fail "expected 2 different QR parts: $(wc -l < "$data/scans.txt")"

rm -rf "$out"
"$build/shadowday" collect -o "$out" "$1" "$data/scans.txt" "$2" > "$data/collect.txt" ||
    { cat "$data/collect.txt"; fail "collect reported problems"; }
grep -q "export .* (17 records): [0-9]\{4\} [0-9]\{4\}" "$data/collect.txt" || fail "no receipt codes printed"
[ "$(grep -c 'records): ' "$data/collect.txt")" -eq 3 ] || fail "expected a receipt for each of 3 exports"

# Every record exactly once, field for field: load records.csv next to the kiosk's table.
cols="seq, uuid, kiosk_id, kind, wall_time, utc_offset_min, clock_suspect, day, pack_id, visit, shadow_id, host_id, item, value, lang, content_hash"
cp "$db" "$data/compare.db"
diffs=$(sqlite3 "$data/compare.db" <<SQL
CREATE TABLE got(workplace, seq, uuid, kiosk_id, kind, wall_time, time, utc_offset_min,
                 clock_suspect, day, pack_id, visit, shadow_id, host_id, item, value, lang,
                 content_hash);
.import --csv --skip 1 $out/records.csv got
SELECT 'rows ' || (SELECT count(*) FROM got) || ' ' || (SELECT count(*) FROM record)
  WHERE (SELECT count(*) FROM got) != (SELECT count(*) FROM record);
SELECT 'twice ' || uuid FROM got GROUP BY uuid HAVING count(*) > 1;
SELECT 'missing ' || uuid FROM (SELECT $cols FROM record EXCEPT
  SELECT CAST(seq AS INTEGER), uuid, kiosk_id, kind, CAST(wall_time AS INTEGER),
         CAST(utc_offset_min AS INTEGER), CAST(clock_suspect AS INTEGER), day, pack_id, visit,
         shadow_id, host_id, item, value, lang, content_hash FROM got);
SQL
)
[ -z "$diffs" ] || fail "collect does not match the database: $diffs"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM record')" -eq 17 ] || fail "expected 17 records"
grep -q 'kiva päivä' "$out/answers.csv" || fail "the comment is not in answers.csv"

# The kiosk noted 2 verified USB exports and 1 QR export; nothing delivered yet.
[ "$(sqlite3 "$db" "SELECT group_concat(medium || ':' || status, ' ') FROM (SELECT medium, status FROM export_batch ORDER BY medium, status)")" = "qr:written usb:verified usb:verified" ] ||
    fail "export batches: $(sqlite3 "$db" 'SELECT * FROM export_batch')"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM record WHERE delivered = 1')" -eq 0 ] || fail "records delivered without a receipt"
echo "sync_day.check: 2 folders, 2 QR parts, 17 records each once"
