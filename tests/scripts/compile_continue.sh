#!/usr/bin/env bash
# compile_continue.sh - `mrb compile --continue`: a plan cut after each of
# its DiskPart commands, captured again and compiled again, reaches the end
# of the uninterrupted run.
#
# For each example and each of the guide's listings it compiles, and each
# cut point k (0 to the plan's last DiskPart command): the plan's scripts
# run on the simulator (`mrb sim --state`, one DiskPart session per
# script, as the driver runs them) until k commands are done; `mrb
# listing` prints the simulated server as a capture; `compile --continue`
# with the earlier folder plans what is left; its scripts run; the end must
# print as the uninterrupted run's end does, and the continued plan must
# say which commands were done.
#
# long: TEST_LONG=1 (make check-long) then runs the unit test test_property
# (UNIT_DIR) with TEST_LONG=1: its cut-point sweep on 240 servers instead of
# 12 (CONTINUE_FULL=1 in its environment does the same), and its random
# servers (half of them with their inventory) 50,000 instead of 8,000.
set -u
. "$(dirname "$0")/common.bash"
fail=0 cuts=0

# run DIR NAME STATE LISTING LIMIT: the scripts NAME.01.. of DIR on STATE,
# at most LIMIT commands (-1: all); the number left of LIMIT on stdout
run_set() {
    local dir=$1 name=$2 state=$3 listing=$4 left=$5 f n
    for f in "$dir/$name".[0-9][0-9].diskpart.txt; do
        case $f in *.00.diskpart.txt) continue ;; esac
        : >"$work/part.txt"
        while IFS= read -r line; do
            line=${line%$'\r'}
            case $line in "rem "* | "rem" | exit) continue ;; esac
            [ "$left" = 0 ] && break
            printf '%s\n' "$line" >>"$work/part.txt"
            [ "$left" -gt 0 ] && left=$((left - 1))
        done <"$f"
        n=$(wc -l <"$work/part.txt")
        [ "$n" -gt 0 ] || continue
        "$MRBC" sim "$listing" "$work/part.txt" --state "$state" >/dev/null 2>&1 || {
            echo "sim failed on $f" >&2; return 1; }
    done
    echo "$left"
}

check() {   # PROCEDURE LISTING
    local mrb=$1 listing=$2 name total k
    name=$(basename "$mrb" .mrb)
    rm -rf "$work/out" "$work/end.state" && mkdir "$work/out"
    "$MRBC" compile "$mrb" --listing "$listing" -o "$work/out" >/dev/null 2>&1 || return 0
    run_set "$work/out" "$name" "$work/end.state" "$listing" -1 >/dev/null || { fail=$((fail + 1)); return; }
    "$MRBC" listing "$work/end.state" >"$work/end.txt"
    total=$(cat "$work/out/$name".[0-9][0-9].diskpart.txt | tr -d '\r' | grep -v -e '^rem\( \|$\)' -e '^exit$' | grep -c -v '^list ')
    for ((k = 0; k <= total; k++)); do
        cuts=$((cuts + 1))
        rm -rf "$work/cut.state" "$work/new" && mkdir "$work/new"
        run_set "$work/out" "$name" "$work/cut.state" "$listing" "$k" >/dev/null || { fail=$((fail + 1)); continue; }
        [ -f "$work/cut.state" ] || cp "$listing" "$work/cap.txt"
        [ -f "$work/cut.state" ] && "$MRBC" listing "$work/cut.state" >"$work/cap.txt"
        if ! "$MRBC" compile "$mrb" --listing "$work/cap.txt" --continue "$work/out" -o "$work/new" >/dev/null 2>"$work/err"; then
            echo "FAIL $(basename "$mrb") $(basename "$listing") cut $k: compile --continue refused" >&2
            sed 's/^/  /' "$work/err" >&2
            fail=$((fail + 1)); continue
        fi
        done=$(sed -n 's/.*note: commands 1 to \([0-9]*\) of the earlier plan.*/\1/p' "$work/err")
        grep -q "no command of the earlier plan is done" "$work/err" && done=0
        if [ -z "$done" ] || [ "$done" -gt "$k" ]; then
            echo "FAIL $(basename "$mrb") cut $k: no note of the commands done" >&2
            fail=$((fail + 1))
        fi
        cp "$work/cap.txt" "$work/rest.txt"
        run_set "$work/new" "$name" "$work/cut.state" "$work/cap.txt" -1 >/dev/null || { fail=$((fail + 1)); continue; }
        [ -f "$work/cut.state" ] || { echo "FAIL cut $k: nothing ran" >&2; fail=$((fail + 1)); continue; }
        "$MRBC" listing "$work/cut.state" >"$work/got.txt"
        if ! diff -u "$work/end.txt" "$work/got.txt" >"$work/diff"; then
            echo "FAIL $(basename "$mrb") $(basename "$listing") cut $k: another end" >&2
            head -20 "$work/diff" >&2
            fail=$((fail + 1))
        fi
    done
}

for mrb in "$root"/examples/*.mrb; do
    for listing in "$root"/examples/listings/seed-*.txt; do
        check "$mrb" "$listing"
    done
done
echo "compile_continue: $cuts cut points, $fail failed"
if [ "${TEST_LONG:-0}" = 1 ]; then
    : "${UNIT_DIR:?TEST_LONG=1: set UNIT_DIR to the folder of the unit-test binaries}"
    (cd "$root" && TEST_LONG=1 "$UNIT_DIR/test_property") >"$work/property" 2>&1 || {
        echo "FAIL test_property with TEST_LONG=1:" >&2
        tail -20 "$work/property" >&2
        fail=$((fail + 1))
    }
    grep 'continue' "$work/property" | tail -3
fi
[ "$fail" = 0 ] && [ "$cuts" -gt 40 ]
