#!/usr/bin/env bash
# sim_state_kill.sh - a state file survives a kill between (or during) commands.
#
# `mrb sim --state` saves the server after every command, atomically.  The
# script below toggles drive letter X on the EFI volume, so every saved state
# is one of two known texts.  The test kills mrb at random moments and
# checks that the state file is then absent (killed before the first save)
# or exactly one of the two states, never a mix; then that a run resumed
# from the state file reads it.
set -eu
. "$(dirname "$0")/common.bash"
snap=$here/../examples/listings/seed-gpt-probed.txt

# The two states: with and without the letter.
printf 'select volume 1\nassign letter=x\n' >"$work/on.txt"
printf 'select volume 1\nassign letter=x\nremove\n' >"$work/off.txt"
"$MRBC" sim "$snap" "$work/on.txt" --state "$work/state-on" >/dev/null
"$MRBC" sim "$snap" "$work/off.txt" --state "$work/state-off" >/dev/null
cmp -s "$work/state-on" "$work/state-off" && { echo "the two states should differ"; exit 1; }

{
    echo 'select volume 1'
    for i in $(seq 1 400); do echo 'assign letter=x'; echo 'remove'; done
} >"$work/long.txt"

kills=0
for i in $(seq 1 12); do
    rm -f "$work/state"
    "$MRBC" sim "$snap" "$work/long.txt" --state "$work/state" >/dev/null 2>&1 &
    pid=$!
    sleep "0.0$((RANDOM % 9 + 1))"
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    if [ -e "$work/state" ]; then
        if ! cmp -s "$work/state" "$work/state-on" && ! cmp -s "$work/state" "$work/state-off"; then
            echo "run $i: the state file is neither the old nor the new state:"; cat "$work/state"; exit 1
        fi
        # A state file left by a kill loads: listing it and resuming work.
        "$MRBC" listing "$work/state" >/dev/null
        "$MRBC" sim "$snap" "$work/off.txt" --state "$work/state" >/dev/null 2>&1 || {
            rc=$?; [ $rc = 4 ] || { echo "resume failed ($rc)"; exit 1; }; }
    fi
done
echo "ok ($kills kills)"
