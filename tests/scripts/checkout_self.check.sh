#!/bin/sh
# checkout_self.check.sh DB BUILD - Saara checked out by herself (no host), Elias by Jari after
# a wrong PIN; no host evaluation; no answers (both left without answering).
set -eu
db=$1
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "checkout_self.check: $*" >&2; exit 1; }
got=$(q "SELECT shadow_id || ':' || value || ':' || host_id FROM record WHERE kind = 'checkout' ORDER BY seq;" | tr '\n' ' ')
[ "$got" = "saara:self: elias:host:jari " ] || fail "check-outs: $got"
[ "$(q "SELECT count(*) FROM record WHERE kind IN ('host_eval', 'answer');")" = 0 ] ||
    fail "no answers nor host evaluations were given"
echo "checkout_self.check: Saara by herself, Elias by Jari"
