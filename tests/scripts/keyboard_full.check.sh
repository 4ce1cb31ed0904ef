#!/bin/sh
# keyboard_full.check.sh DB BUILD - the comment has 300 characters (563 bytes of UTF-8).
set -eu
got=$(sqlite3 -batch -noheader "$1" "SELECT length(value) || ' ' || length(CAST(value AS BLOB)) FROM record WHERE item = 'comment';")
[ "$got" = "300 563" ] || { echo "keyboard_full.check: comment length (characters bytes) $got, want 300 563" >&2; exit 1; }
echo "keyboard_full.check: 300 letters saved"
