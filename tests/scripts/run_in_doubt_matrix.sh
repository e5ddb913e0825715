#!/usr/bin/env bash
# run_in_doubt_matrix.sh - T3: every destructive command in doubt, at three crash points, against four servers.
#
# docs/TESTING.md T3.  For each destructive DiskPart command of
# the two examples (break disk ... nokeep, delete disk, clean, convert
# gpt/mbr/dynamic, delete partition, format) the run is crashed at three
# points: A, right after the command's intent record is flushed and before
# it is sent (MRBC_CRASH_BEFORE=N); B, right after it took effect and before
# its done record (MRBC_CRASH_AFTER=N); C, as B with a torn done record at
# the end of the journal (a prefix of the record, or the whole record with a
# bad checksum, written here byte by byte as journal.h lays it out).  Each
# journal is then resumed against four servers: the command's post-condition
# met (the state after it), not met (the state before it), cannot tell
# (another disk changed: neither state), and another disk in its place (the
# state before it with disks 0 and 1 swapped).  Expected: met is recorded
# done with no new launch; not met is re-launched once, after the "settled"
# event that follows the fresh listing's comparison; cannot tell and another
# disk hand over with exit 1 and E804, send nothing (no new intent record,
# the state file unchanged).  Every resumed run that continues must end in
# the uninterrupted run's state with an ended journal.  The launches are
# counted on the journal itself: an intent record precedes every launch.
# The torn record's four shapes take turns from one command to the next.
# long: TEST_LONG=1 (make check-long) resumes every destructive command at
# every point; make test resumes the first command of each kind (break
# disk, delete disk, clean, each convert, delete partition, format) whose
# effect a listing shows, or does not, of either example, at B and C
# against the four servers, and at A the first of them only: A's journal
# is B's (checked for every command), only the servers differ, and those
# are the four of B.  Every command is still crashed at A and at B.
set -eu
. "$(dirname "$0")/common.bash"
awkf=$here/scripts/journal_records.awk
cases=0 failures=0 commands=0 shapes=0
full=${TEST_LONG:-0}
declare -A kinds_seen
declare -A tally
invisible=()

records() { od -An -v -tu1 "$1" | awk -f "$awkf"; }
le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
# a torn done record for step S, command C (both from 1), sequence Q, shape K
torn_done() {
    local s=$1 c=$2 q=$3 k=$4 rec
    rec="\\x6d\\x72\\x62\\x4a\\x01\\x03\\x00\\x00$(le32 "$q")$(le32 12)$(le32 $((s - 1)))$(le32 $((c - 1)))$(le32 0)"
    case $k in
    0) printf "$rec" | head -c 4 ;;      # the magic only
    1) printf "$rec" | head -c 16 ;;     # the fixed fields, no payload
    2) printf "$rec" | head -c 28 ;;     # all but the checksum
    3) printf "$rec\\x00\\x00\\x00\\x00" ;; # whole, with a wrong checksum
    esac
}
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
run() { "$MRBC" run "$mrb" --simulate "$snap" --state "$1" --journal "$2" "${@:3}"; }

for ex in gpt mbr; do
    mrb=$root/examples/$ex-rebuild.mrb
    snap=$root/examples/listings/seed-$ex-probed.txt
    run "$work/ref.s" "$work/ref.j" --json >"$work/ref.json" 2>/dev/null
    "$MRBC" listing "$work/ref.s" >"$work/ref.txt"
    total=$(sed -n 's/.*"event":"start".*"commands":\([0-9]*\)}$/\1/p' "$work/ref.json")
    rm -f "$work"/ref.s "$work"/ref.j
    # N<TAB>step<TAB>text for every destructive command
    sed -n 's/^{"event":"command","step":\([0-9]*\),"command":\([0-9]*\),"of":[0-9]*,"text":"\([^"]*\)".*/\2\t\1\t\3/p' \
        "$work/ref.json" | grep -E $'\t(clean|convert (gpt|mbr|dynamic)|delete partition|format|break disk .* nokeep|delete disk)' \
        >"$work/destructive"
    while IFS=$'\t' read -r n step text; do
        rm -f "$work"/[ABC].* "$work"/state.*
        # A: intent flushed, command not sent
        rc=0; { MRBC_CRASH_BEFORE=$n run "$work/A.s" "$work/A.j" --quiet; } 2>/dev/null || rc=$?
        [ $rc = 137 ] || { fail "$ex [$n] $text: MRBC_CRASH_BEFORE gave $rc"; continue; }
        # B: took effect, no done record
        rc=0; { MRBC_CRASH_AFTER=$n run "$work/B.s" "$work/B.j" --quiet; } 2>/dev/null || rc=$?
        [ $rc = 137 ] || { fail "$ex [$n] $text: MRBC_CRASH_AFTER gave $rc"; continue; }
        last=$(records "$work/A.j" | tail -n 1)
        read -r seq type s c _ <<<"$last"
        [ "$type" = intent ] && [ "$s" = "$step" ] || { fail "$ex [$n] $text: A ends with '$last'"; continue; }
        [ "$(records "$work/B.j" | tail -n 1)" = "$last" ] || { fail "$ex [$n] $text: B does not end as A"; continue; }
        # a command whose effect no listing shows (clean on a blank disk, convert
        # mbr on an empty MBR disk): met and not met look the same, and SPEC
        # section 15 runs it again in both cases
        visible=1
        cmp -s <("$MRBC" listing "$work/A.s") <("$MRBC" listing "$work/B.s") && visible=0
        [ $visible = 1 ] || invisible+=("$ex [$n] $text")
        # make test: the first command of each kind, seen or not by a listing
        kind=$(sed -E 's/^(break disk|delete (disk|partition)|convert [a-z]+|[a-z]+).*/\1/' <<<"$text")
        if [ "$full" != 1 ] && [ -n "${kinds_seen[$kind $visible]:-}" ]; then continue; fi
        kinds_seen[$kind $visible]=1
        points="A B C"
        [ "$full" = 1 ] || [ $commands = 0 ] || points="B C"
        commands=$((commands + 1))
        # C: B plus a torn done record
        cp "$work/B.j" "$work/C.j"
        shape=$((shapes++ % 4))
        torn_done "$s" "$c" $((seq + 1)) $shape >>"$work/C.j"
        [ $(($(wc -c <"$work/C.j") - $(wc -c <"$work/B.j"))) -gt 0 ] || { fail "$ex [$n] $text: C has no tail"; continue; }
        # the four servers
        cp "$work/B.s" "$work/state.met"
        cp "$work/A.s" "$work/state.notmet"
        awk '$1 == "disk" && $2 == "0" && $3 == "-" { $5 = sprintf("%.0f", int($5 / 2)); $6 = sprintf("%.0f", int($6 / 2)) } { print }' "$work/A.s" >"$work/state.unknown"
        sed 's/^disk 0 /disk X /; s/^disk 1 /disk 0 /; s/^disk X /disk 1 /' "$work/A.s" >"$work/state.swapped"
        for o in met notmet unknown swapped; do
            cmp -s "$work/state.$o" "$work/A.s" && [ $o != notmet ] && [ $visible$o != 0met ] && { fail "$ex [$n] $o: no change made"; continue; }
        done
        for point in $points; do
            for o in met notmet unknown swapped; do
                cases=$((cases + 1))
                id="$ex [$n/$total] $text, point $point, $o"
                cp "$work/$point.j" "$work/j"
                cp "$work/state.$o" "$work/s"
                intents0=$(records "$work/j" | awk -v s="$s" -v c="$c" '$2 == "intent" && $3 == s && $4 == c' | wc -l)
                rc=0
                run "$work/s" "$work/j" --resume --json >"$work/out" 2>"$work/err" || rc=$?
                recs=$(records "$work/j")
                intents=$(awk -v s="$s" -v c="$c" '$2 == "intent" && $3 == s && $4 == c' <<<"$recs" | wc -l)
                launched=$(grep -c "^{\"event\":\"command\",\"step\":$step,\"command\":$n," "$work/out" || true)
                settled=$(sed -n "s/^{\"event\":\"settled\",\"step\":$step,\"command\":$n,.*\"outcome\":\"\([^\"]*\)\"}$/\1/p" "$work/out")
                # the record after the intent in doubt is this process's resume record
                # (at C the torn done record was cut off first)
                awk -v q=$((seq + 1)) '$1 == q && $2 == "resume" { ok = 1 } END { exit !ok }' <<<"$recs" ||
                    { fail "$id: no resume record after the intent (a torn tail kept?)"; continue; }
                case $o in
                met | notmet)
                    want=done; [ $o = notmet ] || [ $visible = 0 ] && want="run again"
                    [ $rc = 0 ] || { fail "$id: exit $rc"; cat "$work/err"; continue; }
                    [ "$settled" = "$want" ] || { fail "$id: settled '$settled', expected '$want'"; continue; }
                    if [ "$want" = done ]; then
                        [ "$launched" = 0 ] && [ "$intents" = "$intents0" ] ||
                            { fail "$id: re-launched ($launched launches, $intents intents)"; continue; }
                    else
                        [ "$launched" = 1 ] && [ "$intents" = $((intents0 + 1)) ] ||
                            { fail "$id: $launched launches, $intents intents"; continue; }
                        # the settling (fresh listing compared) comes before the launch
                        first=$(grep -n -m1 -E "^\\{\"event\":\"(settled|command)\",\"step\":$step,\"command\":$n," "$work/out")
                        case $first in *'"event":"settled"'*) ;; *) fail "$id: launched before it was settled"; continue ;; esac
                        # and the new intent follows this process's resume record
                        awk -v s="$s" -v c="$c" '$2 == "resume" { r = NR } $2 == "intent" && $3 == s && $4 == c { i = NR } END { exit !(i > r) }' \
                            <<<"$recs" || { fail "$id: re-launch before the resume record"; continue; }
                    fi
                    "$MRBC" listing "$work/s" | cmp -s - "$work/ref.txt" || { fail "$id: end state differs"; continue; }
                    tail -n 1 <<<"$recs" | grep -q ' end ' || { fail "$id: the journal did not end"; continue; }
                    ;;
                unknown | swapped)
                    [ $rc = 1 ] || { fail "$id: exit $rc, expected 1"; continue; }
                    grep -q "command $n/$total '$text' was sent before the run stopped.*\\[E804\\]" "$work/err" ||
                        { fail "$id: no E804"; cat "$work/err"; continue; }
                    grep -q '^{"event":"stopped","code":"E804"' "$work/out" || { fail "$id: no stopped event"; continue; }
                    ! grep -q '"event":"command"' "$work/out" && [ "$intents" = "$intents0" ] ||
                        { fail "$id: something was sent"; continue; }
                    cmp -s "$work/s" "$work/state.$o" || { fail "$id: the state file changed"; continue; }
                    ;;
                esac
                tally[$point.$o]=$((${tally[$point.$o]:-0} + 1))
            done
        done
    done <"$work/destructive"
done
echo "in-doubt matrix: $cases cases ($commands commands), $failures failures$([ "$full" = 1 ] || echo "; TEST_LONG=1 resumes every command")"
for i in "${invisible[@]+"${invisible[@]}"}"; do echo "no listing shows the effect of $i: met is run again too"; done
printf '%-6s %8s %8s %8s %8s\n' point met notmet unknown swapped
for point in A B C; do
    printf '%-6s %8s %8s %8s %8s\n' $point "${tally[$point.met]:-0}" "${tally[$point.notmet]:-0}" \
        "${tally[$point.unknown]:-0}" "${tally[$point.swapped]:-0}"
done
[ $failures = 0 ] && [ $cases -ge $([ "$full" = 1 ] && echo 120 || echo 68) ] && [ $shapes -ge 4 ]
