#!/bin/sh
# same_records.sh DB RECORDS_CSV SCRATCH_DB - whether collect's records.csv holds every record of a
# kiosk's database exactly once, field for field (sync_kiosk.sh, qr_photos.sh). Prints what
# differs and exits 1 when anything does. The database is copied to SCRATCH_DB first (removed).
set -eu
cp "$1" "$3"
d=$(sqlite3 "$3" <<SQL
CREATE TABLE got(workplace, seq, uuid, kiosk_id, kind, wall_time, time, utc_offset_min,
                 clock_suspect, day, pack_id, visit, shadow_id, host_id, item, value, lang,
                 content_hash);
.import --csv --skip 1 $2 got
SELECT 'rows ' || (SELECT count(*) FROM got) || '/' || (SELECT count(*) FROM record)
  WHERE (SELECT count(*) FROM got) != (SELECT count(*) FROM record);
SELECT 'missing ' || uuid FROM (SELECT seq, uuid, kiosk_id, kind, wall_time, utc_offset_min,
         clock_suspect, day, pack_id, visit, shadow_id, host_id, item, value, lang, content_hash
  FROM record EXCEPT
  SELECT CAST(seq AS INTEGER), uuid, kiosk_id, kind, CAST(wall_time AS INTEGER),
         CAST(utc_offset_min AS INTEGER), CAST(clock_suspect AS INTEGER), day, pack_id, visit,
         shadow_id, host_id, item, value, lang, content_hash FROM got);
SQL
)
rm -f "$3"
[ -z "$d" ] || { echo "$d"; exit 1; }
