#!/bin/sh
# core_calls.sh - no call cycle between the files of src/core (issue 14, DEVELOPERS.md): each
# file can be read, tested and replaced knowing only the files below it.
#
# Reads the symbol tables of the core library (`nm -P -A`): a file depends on another when it
# uses (U) a symbol the other defines (T, D, B, R). Two files that reach each other through
# these dependencies form a cycle; every cycle is printed with the calls that make it, and the
# test fails. The script first proves it can see a cycle: two small objects calling each other.
# Usage: core_calls.sh LIBRARY SCRATCH_DIR
set -eu
lib=$1
tmp=$2
rm -rf "$tmp"
mkdir -p "$tmp"

# cycles ARCHIVE: print "a.c <-> b.c" for each pair of files in a cycle, then "  a.c -> b.c:
# symbols" for each dependency inside a cycle; nothing when there is none.
cycles() {
    nm -P -A "$1" | awk '
        {
            file = $1
            sub(/\]:$/, "", file)
            sub(/^.*\[/, "", file)
            sub(/\.o$/, "", file)
            if ($3 ~ /^[TDBR]$/)
                def[$2] = file
            else if ($3 == "U")
                use[++n] = file SUBSEP $2
        }
        END {
            for (i = 1; i <= n; i++) {
                split(use[i], u, SUBSEP)
                if (!(u[2] in def) || def[u[2]] == u[1])
                    continue
                from = u[1]; to = def[u[2]]
                calls[from, to] = calls[from, to] " " u[2]
                reach[from, to] = 1
                node[from]; node[to]
            }
            for (k in node) for (i in node) if ((i, k) in reach)
                for (j in node) if ((k, j) in reach) reach[i, j] = 1
            for (i in node) for (j in node)
                if (i < j && ((i, j) in reach) && ((j, i) in reach))
                    print "1 " i " <-> " j
            for (i in node) for (j in node)
                if (((i, j) in calls) && ((j, i) in reach))
                    print "2   " i " -> " j ":" calls[i, j]
        }' | sort | cut -c3-
}

# The check can fail: two files that call each other are a cycle.
cc=${CC:-cc}
printf 'int side_b(int);\nint side_a(int x) { return x ? side_b(x - 1) : 0; }\n' > "$tmp/side_a.c"
printf 'int side_a(int);\nint side_b(int x) { return x ? side_a(x - 1) : 1; }\n' > "$tmp/side_b.c"
printf 'int side_a(int);\nint leaf(int x) { return side_a(x); }\n' > "$tmp/leaf.c"
for f in side_a side_b leaf; do
    "$cc" -c -o "$tmp/$f.c.o" "$tmp/$f.c"
done
ar rc "$tmp/probe.a" "$tmp/side_a.c.o" "$tmp/side_b.c.o" "$tmp/leaf.c.o"
cycles "$tmp/probe.a" > "$tmp/probe.txt"
grep -qx 'side_a.c <-> side_b.c' "$tmp/probe.txt" || {
    cat "$tmp/probe.txt" >&2
    echo "FAIL: the check does not see a cycle of two files" >&2
    exit 1
}
if grep -q leaf "$tmp/probe.txt"; then
    echo "FAIL: a file that only calls into a cycle was counted in it" >&2
    exit 1
fi

# The core: a symbol table must be there, and no cycle.
test "$(nm -P -A "$lib" | awk '$3 == "T"' | wc -l)" -gt 100 || {
    echo "FAIL: no functions found in $lib" >&2
    exit 1
}
cycles "$lib" > "$tmp/core.txt"
if [ -s "$tmp/core.txt" ]; then
    echo "FAIL: call cycles between files of src/core (split or move a function so that" >&2
    echo "one of the two files no longer calls the other):" >&2
    cat "$tmp/core.txt" >&2
    exit 1
fi
echo "core_calls: $(nm -P -A "$lib" | awk '$3 == "T"' | wc -l) functions in" \
     "$(nm -P -A "$lib" | sed 's/\].*//; s/.*\[//' | sort -u | wc -l) files, no call cycle"
