#!/bin/sh
# pack_cli.sh - `shadowday pack new`, `pack check` and `pin-hash` as a coordinator runs them:
# the template passes its own check and is never overwritten, the sample pack gets a summary,
# the many-problems fixture lists every problem as file:line: message, garbage is refused,
# pin-hash prints an Argon2id hash and never the PIN, --help and --version work on every
# command, and the exit codes are the documented 0 valid / 1 problems / 2 usage / 3 cannot read.
# A valid pack gets the sending organisation's checklist per shadow as a table that fits a
# terminal, in the user's language; the key line keygen prints goes into a pack as printed.
# Usage: pack_cli.sh SHADOWDAY SOURCE_DIR
set -u
sd=$1
src=$2
tmp=${SD_TEST_TMP:-/tmp/shadowday-test/pack_cli}
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
# run EXPECTED_STATUS ARGS...: run shadowday, output in out.txt/err.txt, check the exit status.
run() {
    want=$1
    shift
    "$sd" "$@" > out.txt 2> err.txt < /dev/null
    got=$?
    test "$got" -eq "$want" || { cat out.txt err.txt >&2; fail "shadowday $* exited $got, want $want"; }
}

# --help and --version on every command (and on the tool itself).
run 0 --help
grep -q "pack" out.txt || fail "--help lists no pack command"
grep -q "Exit codes" out.txt || fail "--help says nothing about exit codes"
run 0 --version
grep -Eq "^shadowday [0-9]+\.[0-9]+" out.txt || fail "--version"
version=$(cat out.txt)
for cmd in version keygen collect pack pin-hash; do
    run 0 "$cmd" --help
    test -s out.txt || fail "$cmd --help printed nothing"
    run 0 "$cmd" --version
    test "$(cat out.txt)" = "$version" || fail "$cmd --version printed '$(cat out.txt)'"
done
run 0 pack check --help
grep -q "pack check DIR" out.txt || fail "pack check --help"
run 0 pack new --help
grep -q "OHJE.txt" out.txt || fail "pack new --help names no guide"
run 0 pin-hash --help
grep -q -- "--stdin" out.txt || fail "pin-hash --help"

# Wrong arguments: exit 2 with the usage on stderr.
run 2
run 2 bogus
run 2 pack
run 2 pack check
run 2 pack new
run 2 pack bogus DIR
grep -q "Usage: shadowday pack" err.txt || fail "pack usage on stderr"
run 2 pack check a b
run 2 pin-hash --bogus
run 2 pin-hash          # stdin is not a terminal: --stdin is needed

# pack new: a template that passes its own check, with both guides.
run 0 pack new tpl
for f in workplace.csv hosts.csv shadows.csv plan.csv safety.csv OHJE.txt GUIDE.txt; do
    test -s "tpl/$f" || fail "pack new wrote no $f"
done
grep -q "pack check" out.txt || fail "pack new does not say how to check"
# The guides explain every file and the things a coordinator must know, in Finnish and English.
for g in OHJE.txt GUIDE.txt; do
    for word in workplace.csv hosts.csv shadows.csv plan.csv safety.csv questions.csv \
                admin_pin admin_pin_hash pin_hash pin-hash coordinator_public_key keygen \
                retention_days idle_timeout self_checkout end_of_day contact_phone lunch_note \
                default_language agreement_signed escort first_name lunch_provided \
                "pack check" _sv _en first_aid; do
        grep -q -- "$word" "tpl/$g" || fail "$g does not mention $word"
    done
done
grep -qi "kyllä" tpl/OHJE.txt || fail "OHJE.txt is not in Finnish"
grep -qi "translation" tpl/GUIDE.txt || fail "GUIDE.txt does not explain translations"
grep -qi "käännö" tpl/OHJE.txt || fail "OHJE.txt does not explain translations"
cp tpl/workplace.csv workplace.before
run 0 pack check tpl
grep -q "The day pack is valid" out.txt || fail "the template is not valid"
# Never overwrite: exit 3, nothing changed, every existing file named.
echo "my own work" > tpl/plan.csv
run 3 pack new tpl
grep -q "plan.csv" err.txt || fail "pack new does not name the existing file"
test "$(cat tpl/plan.csv)" = "my own work" || fail "pack new overwrote plan.csv"
cmp -s tpl/workplace.csv workplace.before || fail "pack new changed workplace.csv"
# A folder with other files (not the pack's) is fine.
mkdir other && echo x > other/notes.txt
run 0 pack new other

# pack check on the sample pack: exit 0 and a summary.
run 0 pack check "$src/assets/sample-pack/shadowday"
for want in "The day pack is valid" "Kahvila Kaneli" "2027-04-15" "Matti" "Aino" \
            "built-in default set" "fi (" "sv (" "en (" "pack id:"; do
    grep -q "$want" out.txt || { cat out.txt; fail "sample summary lacks '$want'"; }
done
grep -q "^  shadows: *9 " out.txt || fail "sample summary: shadow count"
grep -q "^  hosts: *4 " out.txt || fail "sample summary: host count"
grep -q "^  safety cards: *6" out.txt || fail "sample summary: safety cards"
# No warning about the files; the one warning is the checklist's: Oskar's agreement (point 9).
grep -q '^shadows.csv:8: warning: Oskar: the agreement is not signed .*(checklist point 9)$' out.txt ||
    { cat out.txt; fail "no warning that names Oskar's unsigned agreement"; }
grep -q '^The day pack is valid, with 1 warning (above)\.$' out.txt || fail "sample: one warning"
test "$(grep -c 'warning' out.txt)" -eq 2 || { cat out.txt; fail "the sample pack has other warnings"; }
# The checklist per shadow: a heading line, the points, a rule, a line per shadow, the count.
grep -q "^Ready for the day? The sending organisation's checklist, shadow by shadow:$" out.txt ||
    fail "no checklist table"
grep -Eq '^  shadow +agreement +escort +lunch +safety cards +arrival$' out.txt || fail "table heading"
grep -Eq '^ +point 9 +point 10 +point 7 +point 7 +point 4$' out.txt || fail "table points"
grep -Eq '^  Oskar +NOT SIGNED +Jari +11:30 offered +6 cards, fi +8:30 Pääovi$' out.txt ||
    { cat out.txt; fail "Oskar's line"; }
grep -Eq '^  Johannes +signed +Sanna +11:30 offered +6 cards, sv +8:30 Pääovi$' out.txt ||
    fail "Johannes's line (Swedish cards)"
test "$(grep -Ec '^  (Matti|Aino|Elias|Saara|Johannes|Linnea|Oskar|Emilia|Wilma) ' out.txt)" -eq 9 ||
    fail "a line per shadow"
grep -q '^8 of 9 shadows are ready for the day\.$' out.txt || fail "ready count"
grep -q '^What is in capitals still needs doing before the day\.$' out.txt || fail "legend"
# The table is readable in an 80-column terminal (characters, not bytes).
long=$(LC_ALL=C.UTF-8 awk '/^Ready for the day/ { t = 1 } t && length($0) > 80' out.txt)
test -z "$long" || fail "table lines over 80 columns: $long"

# The user's language holds for the whole output, also after the built-in questions were read
# in every language (a look-up in another language must not leave that one behind).
LANGUAGE=fi "$sd" pack check "$src/assets/sample-pack/shadowday" > out.txt 2> err.txt
grep -q "^Päiväpaketti on kunnossa" out.txt || { cat out.txt; fail "LANGUAGE=fi: summary not in Finnish"; }
grep -q "^  työpaikka:" out.txt || { cat out.txt; fail "LANGUAGE=fi: summary labels not in Finnish"; }
grep -q "^shadows.csv:8: varoitus: Oskar: sopimusta ei ole allekirjoitettu" out.txt ||
    { cat out.txt; fail "LANGUAGE=fi: the agreement warning is not in Finnish"; }
grep -Eq '^  työn seuraaja +sopimus +ohjaaja +lounas +turvakortit +saapuminen$' out.txt ||
    { cat out.txt; fail "LANGUAGE=fi: table heading not in Finnish"; }
grep -Eq '^  Oskar +PUUTTUU +Jari +11:30 tarjotaan +6 korttia, fi +8:30 Pääovi$' out.txt ||
    fail "LANGUAGE=fi: Oskar's line"
grep -q '^Päivään valmiina on 8/9 työn seuraajaa\.$' out.txt || fail "LANGUAGE=fi: ready count"
LANGUAGE=sv "$sd" pack check "$src/assets/sample-pack/shadowday" > out.txt 2> err.txt
grep -Eq '^  jobbskuggare +avtal +handledare +lunch +säkerhetskort +ankomst$' out.txt ||
    { cat out.txt; fail "LANGUAGE=sv: table heading not in Swedish"; }
LANGUAGE=sv "$sd" pack check "$src/tests/data/pack/many-problems" > out.txt 2> err.txt
grep -q "kiosken tar inte emot" out.txt err.txt || { cat out.txt err.txt; fail "LANGUAGE=sv: verdict not in Swedish"; }

# Excel-style fixtures pass (the Windows-1252 one with a warning per converted file).
run 0 pack check "$src/tests/data/pack/excel-utf8"
run 0 pack check "$src/tests/data/pack/excel-cp1252"
grep -q "hosts.csv: warning: the file was saved as Windows-1252" out.txt || fail "cp1252 warning"

# pack check on many-problems: exit 1, every problem listed as file:line: message.
run 1 pack check "$src/tests/data/pack/many-problems"
cat out.txt
for want in \
    'workplace.csv:4: "31.2.2027" is not a date' \
    'workplace.csv:5: the key "date" is already on line 4' \
    'workplace.csv:6: warning: the phone number "401234567"' \
    'workplace.csv:7: lunch is "maybe"' \
    'workplace.csv:8: "25:00" is not a time' \
    'workplace.csv:9: the language "de" is not available' \
    'workplace.csv:10: idle_timeout must be a whole number from 30 to 600' \
    'workplace.csv:11: the PIN must be 4 to 12 digits' \
    'workplace.csv:12: warning: the key "colour" is not known' \
    'workplace.csv:13: warning: the key "adress" is not known and is ignored — did you mean "address"?' \
    'hosts.csv:1: warning: the column "titel_sv"' \
    'hosts.csv:3: the id "liisa" is already used on line 2' \
    'hosts.csv:4: the id "pek ka" is not valid' \
    'hosts.csv:4: this host has no PIN' \
    'hosts.csv:5: the id "admin" is kept for the admin PIN' \
    'shadows.csv:2: escort "liisa2" is not in hosts.csv — use one of the ids in hosts.csv' \
    'shadows.csv:2: the photo "matti.jpg" is not in the pack' \
    'shadows.csv:3: "first_name" is empty' \
    'shadows.csv:4: "agreement_signed" is empty' \
    'plan.csv:4: the item starts at 9:30 but the one on line 3 ends at 10:00 — items of one shadow must not overlap' \
    'plan.csv:5: the item starts at 8:45 but the one on line 4 starts later, at 9:30 — list the items in time order' \
    'plan.csv:6: the item starts at 10:00 and ends at 9:00' \
    'plan.csv:7: the kind "dance" is not known' \
    'plan.csv:8: "title" is empty' \
    'plan.csv:8: "with" is "jari", which is not in hosts.csv' \
    'plan.csv:9: shadow "oskar" is not in shadows.csv' \
    'safety.csv:3: the id "fire" is already used on line 2' \
    'safety.csv:3: the icon "bomb" is not known' \
    'safety.csv:3: warning: the text (fi) has 4 sentences' \
    'questions.csv: there are 3 questions for shadows' \
    'questions.csv:3: the id "next" is used by the kiosk itself' \
    'questions.csv:4: the audience "boss" is not known' \
    'safty.csv: warning: this file is not part of a day pack and is ignored — did you mean safety.csv?' \
    'errors and' ; do
    grep -qF -- "$want" out.txt || fail "many-problems: missing '$want'"
done
# Every problem line starts with a file name: "file:line: " or "file: ".
problems=$(grep -c '^[a-z_]*\.csv\(:[0-9][0-9]*\)\?: ' out.txt)
test "$problems" -ge 34 || fail "many-problems: only $problems problem lines"
summary=$(tail -n 1 out.txt)
errors=$(echo "$summary" | sed -n 's/^\([0-9]*\) errors and \([0-9]*\) warnings.*/\1/p')
warnings=$(echo "$summary" | sed -n 's/^\([0-9]*\) errors and \([0-9]*\) warnings.*/\2/p')
test -n "$errors" || fail "no summary line: $summary"
test "$((errors + warnings))" -eq "$problems" || fail "$problems lines but $errors + $warnings problems"
test "$(grep -c ': warning: ' out.txt)" -eq "$warnings" || fail "warning count"

# Garbage: binary files in place of the CSV files, links, a FIFO, a huge sparse file.
mkdir garbage
for f in workplace hosts shadows plan safety; do
    head -c 3000 /dev/urandom > "garbage/$f.csv"
done
printf 'PK\003\004binary xlsx' > garbage/questions.csv
run 1 pack check garbage
for f in workplace hosts shadows plan safety questions; do
    grep -q "^$f.csv: this is not a text file" out.txt || fail "garbage: $f.csv not named"
done
cp -r tpl hostile
rm hostile/hosts.csv hostile/shadows.csv hostile/safety.csv
ln -s /etc/passwd hostile/hosts.csv
mkfifo hostile/safety.csv
mkdir hostile/shadows.csv
truncate -s 100M hostile/plan.csv
start=$(date +%s)
run 1 pack check hostile
test $(( $(date +%s) - start )) -le 3 || fail "a 100 MB file or a FIFO slowed the check down"
grep -q "^hosts.csv: this is a link" out.txt || fail "symlink not refused"
grep -q "^safety.csv: this is not a plain file" out.txt || fail "FIFO not refused"
grep -q "^shadows.csv: this is a folder" out.txt || fail "folder not refused"
grep -q "^plan.csv: the file is 102400 KB" out.txt || fail "huge file not refused"
# An empty folder lists every missing file; a missing folder or a file is "cannot read" (3).
mkdir empty
run 1 pack check empty
for f in workplace hosts shadows plan safety; do
    grep -q "^$f.csv: the file is missing" out.txt || fail "empty: $f.csv not missing"
done
# One message for one problem: the reason, once, on stderr.
run 3 pack check "$tmp/does-not-exist"
test ! -s out.txt || fail "a missing folder printed on stdout"
test "$(wc -l < err.txt)" -eq 1 || { cat err.txt; fail "a missing folder: not one message"; }
grep -q "does-not-exist cannot be opened: No such file or directory" err.txt || fail "missing folder message"
run 3 pack check tpl/workplace.csv
test "$(cat out.txt err.txt | wc -l)" -eq 1 || { cat out.txt err.txt; fail "not a folder: not one message"; }
grep -q "is not a folder" err.txt || fail "not a folder message"

# pin-hash --stdin: a hash that verifies, never the PIN itself.
echo 4812 | "$sd" pin-hash --stdin > hash.txt 2> hint.txt || fail "pin-hash --stdin exit $?"
grep -q '^\$argon2id\$v=19\$' hash.txt || fail "pin-hash printed no Argon2id hash"
test "$(wc -l < hash.txt)" -eq 1 || fail "pin-hash prints one line on stdout"
! grep -q 4812 hash.txt hint.txt || fail "pin-hash echoed the PIN"
grep -q "quotes" hint.txt || fail "pin-hash gives no hint about quotes"
printf '0123\r\n' | "$sd" pin-hash --stdin > hash2.txt 2>/dev/null || fail "pin-hash with CRLF"
cmp -s hash.txt hash2.txt && fail "two hashes are equal: no salt"
for bad in 123 1234567890123 12a4 "" " 1234"; do
    printf '%s\n' "$bad" | "$sd" pin-hash --stdin > bad.txt 2> bad.err
    status=$?
    test $status -eq 1 || fail "pin-hash '$bad' exited $status, want 1"
    test -s bad.txt && fail "pin-hash '$bad' printed a hash"
    if [ -n "$bad" ]; then ! grep -qF -- "$bad" bad.err || fail "pin-hash echoed '$bad'"; fi
done
"$sd" pin-hash --stdin < /dev/null > bad.txt 2>&1; test $? -eq 1 || fail "pin-hash with no input"

# The hash works in a pack: the template with the admin PIN as a hash is still valid.
hash=$(cat hash.txt)
cp -r other hashed
# (the template is written as Excel writes: BOM, semicolons, CRLF)
{ grep -v '^admin_pin;' other/workplace.csv; printf 'admin_pin_hash;"%s"\r\n' "$hash"; } > hashed/workplace.csv
grep -q '^admin_pin_hash;"\$argon2id' hashed/workplace.csv || fail "could not put the hash in"
run 0 pack check hashed

# keygen's key line goes into workplace.csv as printed, with the template's separator, and pack
# check shows the fingerprint keygen printed: one format everywhere.
echo "salalause päiväpaketille" > keypass.txt       # the key file is locked with a passphrase
run 0 keygen -o keys --passphrase-file keypass.txt
keyline=$(grep '^coordinator_public_key;' out.txt) || { cat out.txt; fail "keygen printed no key line with ;"; }
fp=$(sed -n 's/^Key fingerprint: \([0-9a-f]\{4\} [0-9a-f]\{4\} [0-9a-f]\{4\} [0-9a-f]\{4\}\)$/\1/p' out.txt)
test -n "$fp" || fail "keygen printed no fingerprint"
key=${keyline#coordinator_public_key;}
# In place of the template's empty line (BOM, semicolons, CRLF as Excel writes)...
cp -r other keyed
{ grep -v '^coordinator_public_key;' other/workplace.csv; printf '%s\r\n' "$keyline"; } > keyed/workplace.csv
run 0 pack check keyed
grep -q "^  coordinator key: fingerprint $fp (exports are encrypted)$" out.txt ||
    { cat out.txt; fail "the pasted key line is not read back with keygen's fingerprint"; }
# ... added to a comma-separated pack (the sample's), or the old comma line into the template.
cp -r "$src/assets/sample-pack/shadowday" keyed2
printf '%s\n' "$keyline" >> keyed2/workplace.csv
run 0 pack check keyed2
grep -q "fingerprint $fp (exports are encrypted)" out.txt || fail "the ; line in a comma file"
{ grep -v '^coordinator_public_key;' other/workplace.csv; printf 'coordinator_public_key,%s\r\n' "$key"; } > keyed/workplace.csv
run 0 pack check keyed
grep -q "fingerprint $fp (exports are encrypted)" out.txt || fail "the , line in a ; file"
# Cut short, or under another name: an error (exit 1), never a pack that is quietly unencrypted.
{ grep -v '^coordinator_public_key;' other/workplace.csv; printf '%s\r\n' "${keyline%?}"; } > keyed/workplace.csv
run 1 pack check keyed
grep -q "^workplace.csv:[0-9]*: the coordinator key is not valid" out.txt || fail "a cut key is not an error"
{ grep -v '^coordinator_public_key;' other/workplace.csv; printf 'coordinator_key;%s\r\n' "$key"; } > keyed/workplace.csv
run 1 pack check keyed
grep -q "^workplace.csv:[0-9]*: the key \"coordinator_key\" is not known — the coordinator's public key goes on" out.txt ||
    { cat out.txt; fail "a key under another name is not an error"; }
! grep -q "^  coordinator key:" out.txt || fail "an invalid pack got a summary"
echo "pack_cli: all passed"
