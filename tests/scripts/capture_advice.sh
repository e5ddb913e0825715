#!/usr/bin/env bash
# capture_advice.sh - the advice on capturing a snapshot does not loop.
# `mrb probe` prints stage 1 only: every text that tells how to capture
# (the manual, --help, README.md, the hints of E205, E206, E217 and E503)
# gives both stages, and a stage-1 capture given where a snapshot is wanted
# is recognised as such.  Then the advice is followed, literally, on the
# simulator: it ends with a snapshot that compile accepts.
set -u
. "$(dirname "$0")/common.bash"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# A paragraph that runs `diskpart /s probe.txt` must also make probe.txt
# with --from (the one-stage --disks script aside, which says it is one).
check_paragraphs() {     # $1: a name, stdin: the text
    awk -v name="$1" '
        function flush() {
            if (p ~ /diskpart \/s probe\.txt/ && p !~ /probe --from|probe \\?-\\?-from/ && p !~ /--disks/)
                { print name ": one stage only: " substr(p, 1, 160); bad = 1 }
            p = ""
        }
        /^[[:space:]]*$/ { flush(); next }
        { p = p " " $0 }
        END { flush(); exit bad }'
}
command -v groff >/dev/null && { groff -man -Tutf8 -P-cbou "$root/docs/mrb.1" 2>/dev/null |
    check_paragraphs mrb.1 || bad "mrb(1) gives a one-stage capture"; }
"$MRBC" --help | check_paragraphs "mrb --help" || bad "--help gives a one-stage capture"
for c in check explain compile run sim listing probe verify; do
    "$MRBC" "$c" --help | check_paragraphs "mrb $c --help" || bad "mrb $c --help gives a one-stage capture"
done
check_paragraphs README.md <"$root/README.md" || bad "README.md gives a one-stage capture"

# The hints: every refusal that asks for a snapshot names both stages.
srv=$here/fixtures/listings/gap-server.txt
gpt=$root/examples/gpt-rebuild.mrb
cd "$work" || exit 1
"$MRBC" probe >probe1.txt && "$MRBC" sim "$srv" probe1.txt >disks.txt || bad "stage 1 on the simulator"
printf '# notes\nnothing here\n' >notes.txt
"$MRBC" compile "$gpt" --listing "$root/examples/listings/seed-gpt.txt" -o . 2>e503.txt
"$MRBC" listing notes.txt 2>e217.txt
for f in e503.txt e217.txt; do
    grep -q 'mrb probe > probe1.txt' "$f" && grep -q 'mrb probe --from disks.txt > probe.txt' "$f" ||
        bad "$f: the hint does not give both stages: $(head -n 1 "$f")"
done

# A stage-1 capture given as the snapshot: said to be stage 1, and the
# advice is the command that makes stage 2 from that very file.
"$MRBC" compile "$gpt" --listing disks.txt -o . 2>e206.txt
[ $? = 1 ] || bad "compile took stage 1 as a snapshot"
grep -q 'as stage 1 of the probe prints; make stage 2 with `mrb probe --from disks.txt > probe.txt`' e206.txt ||
    bad "stage 1 not recognised: $(head -n 1 e206.txt)"

# Follow that advice word for word: a snapshot compile accepts.
cmd=$(sed -n 's/.*make stage 2 with `mrb \([^`]*\)`.*/\1/p' e206.txt)
run=$(sed -n 's/.*run `diskpart \/s \([^`]*\)` on the server.*/\1/p' e206.txt)
[ -n "$cmd" ] && [ -n "$run" ] || { bad "no command in the advice"; exit 1; }
eval "\"\$MRBC\" $cmd" || bad "the advised '$cmd' failed"
set -- $run     # probe.txt > snapshot.txt
[ "$2" = ">" ] || bad "the advice's DiskPart line is not 'SCRIPT > FILE': $run"
"$MRBC" sim "$srv" "$1" >"$3" || bad "the advised stage 2 failed on the simulator"
mkdir out
"$MRBC" compile "$root/examples/rebuild.mrb" --listing "$3" -o out >/dev/null 2>compile.txt ||
    bad "the snapshot the advice leads to is refused: $(head -n 3 compile.txt)"
exit $fail
