#!/bin/sh
# safety_changed.check.sh DB BUILD - the card about hot ovens was acknowledged twice: in the
# morning with the hash of its old text, after the new pack with the hash of its new text; no
# other card again. Hash = SHA-256 of icon NUL title NUL text NUL (pack_safety_hash).
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "safety_changed.check: $*" >&2; exit 1; }
hash() { printf '%s\0%s\0%s\0' "$1" "$2" "$3" | sha256sum | cut -d' ' -f1; }
got=$(q "SELECT item FROM record WHERE kind = 'safety_ack' ORDER BY seq;" | tr '\n' ' ')
[ "$got" = "fire-alarm exits first-aid hot hand-washing ask hot " ] || fail "acknowledged: $got"
old=$(hash hot "Kuumat uunit ja kahvikone" "Uunit, pellit ja kahvikoneen höyry ovat kuumia. Älä koske niihin ilman ohjaajaa. Käytä patalappuja.")
new=$(hash hot "Kuumat uunit ja kahvikone" "Uunit, pellit ja kahvikoneen höyry ovat kuumia. Älä koske niihin ilman ohjaajaa. Käytä aina patalappuja ja pidä hihat poissa uunin luukulta.")
got=$(q "SELECT content_hash FROM record WHERE kind = 'safety_ack' AND item = 'hot' ORDER BY seq;" | tr '\n' ' ')
[ "$got" = "$old $new " ] || fail "the hot card's hashes are [$got], want the old then the new text's [$old $new ]"
[ "$(q "SELECT count(DISTINCT pack_id) FROM record WHERE kind = 'safety_ack';")" = 2 ] ||
    fail "the two acknowledgements of the hot card should be of the two packs"
[ "$(q "SELECT count(*) FROM record WHERE kind = 'checkin';")" = 1 ] || fail "one check-in only"
echo "safety_changed.check: the changed card was acknowledged again, with its new hash"
