#!/usr/bin/env bash
# rehearse.sh - README.md's "Rehearse without a server" runs as written.
# The command lines between its "<!-- rehearse: begin -->" and "<!--
# rehearse: end -->" markers are taken from README.md (so they cannot drift
# from it) and run one by one in a scratch folder that holds the tree's
# examples/, with the mrb under test on PATH; a line ending in "(exit N)"
# must exit with N, any other with 0.  Then what each step must show.
set -u
. "$(dirname "$0")/common.bash"
fail=0
bad() { echo "rehearse: $*"; fail=1; }
mkdir "$work/bin" "$work/r"
ln -s "$MRBC" "$work/bin/mrb"
cp -R "$root/examples" "$work/r/examples"
awk '/^<!-- rehearse: begin -->$/ { on = 1; next } /^<!-- rehearse: end -->$/ { on = 0; next }
     on && /^    [^ ]/ { print substr($0, 5) }' "$root/README.md" >"$work/lines.txt"
[ "$(wc -l <"$work/lines.txt")" -ge 10 ] || { bad "README.md has no rehearsal between the markers"; exit 1; }
n=0
while IFS= read -r line; do
    n=$((n + 1))
    want=$(sed -n 's/.*(exit \([0-9]*\))$/\1/p' <<<"$line")
    # (in a command substitution whose stderr is closed: bash's "Killed" for the crash line)
    rc=$( { (cd "$work/r" && PATH="$work/bin:$PATH" bash -c "$line") >"$work/out.$n" 2>"$work/err.$n"; echo $?; } \
        2>/dev/null)
    [ "$rc" = "${want:-0}" ] || { bad "line $n exits with $rc, not ${want:-0}: $line"; tail -n 5 "$work/err.$n"; }
done <"$work/lines.txt"

# what the lines must show (numbers: the lines of lines.txt)
at() { grep -n -F -- "$1" "$work/lines.txt" | head -n 1 | cut -d: -f1; }
k=$(at 'compile examples/gpt-rebuild.mrb --listing disks.txt')
grep -q 'as stage 1 of the probe prints; make stage 2 with `mrb probe --from disks.txt' "$work/err.$k" ||
    bad "the stage-1 mistake is not named: $(head -n 1 "$work/err.$k")"
k=$(at 'mrb listing snapshot.txt')
grep -q 'Disk ID' "$work/out.$k" && grep -q 'Partition 4' "$work/out.$k" ||
    bad "the snapshot lacks the partitions or the disk details"
k=$(at '--simulate snapshot.txt --resume')
grep -q "'convert gpt' in doubt" "$work/out.$k" && grep -q '^done: 5 steps, 25 commands' "$work/out.$k" ||
    bad "the resumed run did not settle 'convert gpt' and finish: $(tail -n 3 "$work/out.$k")"
grep -q 'the server shows the 2 disks and 3 volumes compile predicted' "$work/out.$k" ||
    bad "the resumed run does not end on the predicted listing"
k=$(at '--diskpart ./diskpart.sh')
grep -q '^done: 5 steps, 25 commands' "$work/out.$k" ||
    bad "the run through --diskpart did not finish: $(tail -n 3 "$work/err.$k")"
[ -s "$work/r/gpt-rebuild.log" ] || bad "the --diskpart run left no log"
exit $fail
