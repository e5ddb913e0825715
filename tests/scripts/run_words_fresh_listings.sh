#!/usr/bin/env bash
# run_words_fresh_listings.sh - `mrb run --words FILE` reads the server's
# fresh listings (before and after each step, and at the end against the
# predicted listing) with the operator's words, as it reads the snapshot.
# The stand-in DiskPart runs `mrb sim` and prints one word, Online, as a
# word no vocabulary holds (Zaxonq, as long): without --words the first
# fresh listing is refused (E809); with a words file saying what it means
# the run ends as on the simulator.
set -u
. "$(dirname "$0")/common.bash"
fail() { echo "FAIL: $*"; exit 1; }
mrb=$root/examples/mbr-rebuild.mrb
snap=$root/examples/listings/seed-mbr-probed.txt

cat >"$work/fake-diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || { echo "usage: fake-diskpart /s SCRIPT" >&2; exit 2; }
"$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE" >"$2.out"
rc=$?
sed 's/Online/Zaxonq/g' "$2.out"
exit $rc
FAKE
chmod +x "$work/fake-diskpart"
export FAKE_SNAPSHOT=$snap FAKE_STATE=$work/server.state MRBC
printf '# the stand-in prints Online so\nZaxonq = Online\n' >"$work/words.txt"
cd "$work" || exit 1

# without the words: the first fresh listing cannot be read
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/fake-diskpart" --yes --diskpart-wait 0 --resync-poll 0 \
    --journal "$work/a.journal" --quiet >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" = 1 ] || fail "without --words: exit $rc, expected 1"
grep -q "Zaxonq" "$work/err" || fail "without --words: the unknown word is not named"
grep -q "E809" "$work/err" || fail "without --words: no E809"

# with them: the run ends as the simulator's does
rm -f "$work/server.state"
"$MRBC" run "$mrb" --simulate "$snap" --state "$work/ref.state" --journal "$work/ref.journal" --quiet 2>/dev/null ||
    fail "the simulator run failed"
"$MRBC" run "$mrb" --listing "$snap" --words "$work/words.txt" --diskpart "$work/fake-diskpart" --yes --diskpart-wait 0 \
    --resync-poll 0 --journal "$work/b.journal" >"$work/out" 2>"$work/err" ||
    { cat "$work/out" "$work/err"; fail "with --words: the run failed"; }
grep -q '^done: 3 steps, 9 DiskPart commands$' "$work/out" || { cat "$work/out"; fail "with --words: no done line"; }
grep -q 'the server shows the' "$work/out" || { cat "$work/out"; fail "with --words: no end-of-run comparison"; }
"$MRBC" listing "$work/ref.state" >"$work/ref.txt"
"$MRBC" listing "$work/server.state" >"$work/got.txt"
cmp -s "$work/ref.txt" "$work/got.txt" || { diff "$work/ref.txt" "$work/got.txt"; fail "the end states differ"; }
echo "run_words_fresh_listings: refused without the words (E809), the same end with them"
