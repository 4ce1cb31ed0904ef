#!/bin/sh
# escort_unsigned.check.sh DB BUILD - Sanna confirmed Oskar's escort after the warning.
set -eu
db=$1
got=$(sqlite3 -batch -noheader "$db" "SELECT shadow_id, host_id FROM record WHERE kind = 'escort';")
[ "$got" = "oskar|sanna" ] || { echo "escort_unsigned.check: escort records: $got" >&2; exit 1; }
echo "escort_unsigned.check: confirmed after the warning"
