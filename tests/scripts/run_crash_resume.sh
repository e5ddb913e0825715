#!/usr/bin/env bash
# run_crash_resume.sh - `mrb run` killed after every DiskPart command resumes to the same end.
#
# For each example procedure and its probed seed listing: an uninterrupted
# run gives the reference end state; then, for every N from 1 to the number
# of DiskPart commands, a run killed by MRBC_CRASH_AFTER=N (SIGKILL right
# after the Nth command took effect, before its done record) is resumed
# with --resume, and the resumed run must finish (exit 0) with the same
# `mrb listing` of the state file.  A second kill during the resume (at
# the first command it sends) is tried too.  make test kills after every
# other command (the odd ones and the last) of each example.
# long: TEST_LONG=1 (make check-long) kills after every command.
set -eu
. "$(dirname "$0")/common.bash"
points=0
for ex in gpt mbr; do
    mrb=$root/examples/$ex-rebuild.mrb
    snap=$root/examples/listings/seed-$ex-probed.txt
    rm -f "$work"/ref.*
    "$MRBC" run "$mrb" --simulate "$snap" --state "$work/ref.state" --journal "$work/ref.journal" --quiet 2>/dev/null
    "$MRBC" listing "$work/ref.state" >"$work/ref.txt"
    # the number of DiskPart commands, from the run's own progress ("5
    # steps, 9 DiskPart commands", or "5 steps, 25 commands (22 DiskPart,
    # 3 robocopy or bcdedit)": the simulator runs no program)
    n=$("$MRBC" run "$mrb" --simulate "$snap" --state "$work/count.state" --journal "$work/count.journal" 2>/dev/null |
        sed -n 's/^run: .*steps, \(.*(\)\{0,1\}\([0-9]*\) DiskPart.*$/\2/p')
    rm -f "$work/count.state" "$work/count.journal"
    [ "$n" -gt 0 ] || { echo "$ex: no command count"; exit 1; }
    if cmp -s "$work/ref.txt" <("$MRBC" listing "$snap"); then echo "$ex: the run changed nothing"; exit 1; fi
    for i in $(seq 1 "$n"); do
        [ "${TEST_LONG:-0}" = 1 ] || [ $((i % 2)) = 1 ] || [ "$i" = "$n" ] || continue
        for second in 0 1; do
            rm -f "$work/s" "$work/j"
            set +e
            { MRBC_CRASH_AFTER=$i "$MRBC" run "$mrb" --simulate "$snap" --state "$work/s" --journal "$work/j" \
                --quiet; } 2>/dev/null
            rc=$?
            set -e
            [ $rc = 137 ] || { echo "$ex N=$i: expected a kill (137), got $rc"; exit 1; }
            if [ $second = 1 ]; then
                set +e
                { MRBC_CRASH_AFTER=1 "$MRBC" run "$mrb" --simulate "$snap" --state "$work/s" --journal "$work/j" \
                    --resume --quiet; } 2>/dev/null
                rc=$?
                set -e
                # the last command may need no launch on resume (settled as done): then it finishes
                [ $rc = 137 ] || [ $rc = 0 ] || { echo "$ex N=$i: second kill: got $rc"; exit 1; }
            fi
            if ! "$MRBC" run "$mrb" --simulate "$snap" --state "$work/s" --journal "$work/j" --resume >"$work/out" 2>"$work/err"; then
                echo "$ex N=$i (second kill $second): the resume failed"; cat "$work/out" "$work/err"; exit 1
            fi
            "$MRBC" listing "$work/s" >"$work/got.txt"
            if ! cmp -s "$work/ref.txt" "$work/got.txt"; then
                echo "$ex N=$i (second kill $second): the end state differs from an uninterrupted run's"
                diff "$work/ref.txt" "$work/got.txt"; exit 1
            fi
            # the journal is complete: a further resume has nothing to do
            "$MRBC" run "$mrb" --simulate "$snap" --state "$work/s" --journal "$work/j" --resume 2>/dev/null |
                grep -q 'records a run that ended' || { echo "$ex N=$i: the journal did not end"; exit 1; }
            points=$((points + 1))
        done
    done
done
echo "ok ($points crash points resumed)"
