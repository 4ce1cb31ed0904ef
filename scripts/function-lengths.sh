#!/bin/sh
# function-lengths.sh - list the C functions longer than a limit (default 80 lines), longest first.
#
# DEVELOPERS.md: a function that needs headings inside it is several functions. The count runs
# from the line that names the function to its closing brace. The code's own layout is what is
# read (a definition starts at the left margin, its body opens with "{" alone on a line and
# ends with "}" alone on a line), so no compiler or ctags is needed. CI prints the list.
# Usage: scripts/function-lengths.sh [-n LIMIT] [PATH...]   (default: src/)
# Exit status: 0 (the list is information), 2 on wrong arguments.
set -eu
limit=80
if [ "${1:-}" = "-n" ]; then
    [ $# -ge 2 ] || { echo "usage: $0 [-n LIMIT] [PATH...]" >&2; exit 2; }
    limit=$2
    shift 2
fi
case $limit in ''|*[!0-9]*) echo "$0: the limit must be a number" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- src
find "$@" -name '*.c' | sort | while read -r file; do
    awk -v file="$file" -v limit="$limit" '
        # A line at the left margin that starts a declaration: remember where it began.
        /^[A-Za-z_]/ && !/;[ \t]*$/ && !/^(typedef|struct [A-Za-z_]+ *\{|enum|union)/ {
            if (!inhead) { head = FNR; text = "" }
            inhead = 1
            text = text " " $0
            next
        }
        /^\{[ \t]*$/ && inhead { start = head; sig = text; inbody = 1; inhead = 0; next }
        /^\}/ && inbody {
            inbody = 0
            n = FNR - start + 1
            if (n > limit) {
                name = sig
                sub(/\(.*/, "", name)
                sub(/.*[ \t*]/, "", name)
                printf "%5d  %s:%d  %s\n", n, file, start, name
            }
            next
        }
        inhead && /\)[ \t]*$/ { text = text " " $0; next }
        inhead && !/^\{/ { if ($0 ~ /^[ \t]/) { text = text " " $0 } else { inhead = 0 } }
    ' "$file"
done | sort -rn
