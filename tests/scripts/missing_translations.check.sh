#!/bin/sh
# missing_translations.check.sh DB BUILD - an acknowledgement records the language on screen and
# the hash of the text shown: for a card without that language, the Finnish text.
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "missing_translations.check: $*" >&2; exit 1; }
hash() { printf '%s\0%s\0%s\0' "$1" "$2" "$3" | sha256sum | cut -d' ' -f1; }
fire_fi=$(hash fire Palohälytys "Kun palohälytin soi, lopeta työ ja mene ulos. Kokoontumispaikka on pihalla lipputangon luona.")
exits_fi=$(hash exit Uloskäynnit "Vihreä kyltti näyttää tien ulos. Uloskäynnit ovat pääovi ja leipomon takaovi.")
fire_sv=$(hash fire Brandlarm "När brandlarmet ljuder, sluta arbeta och gå ut. Samlingsplatsen är på gården vid flaggstången.")
got=$(q "SELECT shadow_id || ' ' || item || ' ' || lang || ' ' || content_hash FROM record WHERE kind = 'safety_ack' AND item IN ('fire-alarm', 'exits') ORDER BY seq;")
want="elias fire-alarm en $fire_fi
elias exits en $exits_fi
johannes fire-alarm sv $fire_sv
johannes exits sv $exits_fi"
[ "$got" = "$want" ] || fail "the acknowledgements are
$got
but should be
$want"
[ "$(q "SELECT count(*) FROM record WHERE kind = 'safety_ack' AND shadow_id = 'elias';")" = 6 ] ||
    fail "Elias did not acknowledge all six cards"
echo "missing_translations.check: Finnish text shown and hashed where a language is missing"
