#!/usr/bin/env bash
# run_words_fresh_listings.sh - `mrb run --words FILE` reads the server's
# fresh listings (before and after each step, and at the end against the
# predicted listing) with the operator's words, as it reads the snapshot.
# The stand-in DiskPart runs `mrb sim` and prints one word, Online, as a
# word no vocabulary holds (Zaxonq, as long): without --words the first
# fresh listing is refused (E809); with a words file saying what it means
# the run ends as on the simulator.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
root=$here/..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mrb=$root/examples/mbr-rebuild.mrb
snap=$root/examples/listings/seed-mbr-probed.txt

cat >"$tmp/fake-diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || { echo "usage: fake-diskpart /s SCRIPT" >&2; exit 2; }
"$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE" >"$2.out"
rc=$?
sed 's/Online/Zaxonq/g' "$2.out"
exit $rc
FAKE
chmod +x "$tmp/fake-diskpart"
export FAKE_SNAPSHOT=$snap FAKE_STATE=$tmp/server.state MRBC
printf '# the stand-in prints Online so\nZaxonq = Online\n' >"$tmp/words.txt"
cd "$tmp" || exit 1

# without the words: the first fresh listing cannot be read
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/fake-diskpart" --yes --diskpart-wait 0 --resync-poll 0 \
    --journal "$tmp/a.journal" --quiet >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "without --words: exit $rc, expected 1"
grep -q "Zaxonq" "$tmp/err" || fail "without --words: the unknown word is not named"
grep -q "E809" "$tmp/err" || fail "without --words: no E809"

# with them: the run ends as the simulator's does
rm -f "$tmp/server.state"
"$MRBC" run "$mrb" --simulate "$snap" --state "$tmp/ref.state" --journal "$tmp/ref.journal" --quiet 2>/dev/null ||
    fail "the simulator run failed"
"$MRBC" run "$mrb" --listing "$snap" --words "$tmp/words.txt" --diskpart "$tmp/fake-diskpart" --yes --diskpart-wait 0 \
    --resync-poll 0 --journal "$tmp/b.journal" >"$tmp/out" 2>"$tmp/err" ||
    { cat "$tmp/out" "$tmp/err"; fail "with --words: the run failed"; }
grep -q '^done: 3 steps, 9 DiskPart commands$' "$tmp/out" || { cat "$tmp/out"; fail "with --words: no done line"; }
grep -q 'the server shows the' "$tmp/out" || { cat "$tmp/out"; fail "with --words: no end-of-run comparison"; }
"$MRBC" listing "$tmp/ref.state" >"$tmp/ref.txt"
"$MRBC" listing "$tmp/server.state" >"$tmp/got.txt"
cmp -s "$tmp/ref.txt" "$tmp/got.txt" || { diff "$tmp/ref.txt" "$tmp/got.txt"; fail "the end states differ"; }
echo "run_words_fresh_listings: refused without the words (E809), the same end with them"
