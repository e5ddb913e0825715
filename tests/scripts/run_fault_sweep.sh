#!/usr/bin/env bash
# run_fault_sweep.sh - a command that failed is never done: --resume runs it again.
#
# Each program launch of a `mrb run` of the GPT example fails once,
# without effect: the Kth command launch (K counted over DiskPart, robocopy
# and bcdedit launches, not listings) answers as DiskPart does when the
# Virtual Disk Service fails ("Virtual Disk Service error:", exit code 4),
# as robocopy when files could not be copied (exit code 8), as bcdedit on
# an error (exit code 1).  The first run must stop with exit status 1 (E805
# or E811); the resume must run the failed command again (after looking at
# the server) and reach the uninterrupted run's end state, every DiskPart
# command applied once and each program called once more than it failed.
# A false success is a run that exits 0 short of that end.
#
# By default K runs over one launch of each DiskPart command kind and each
# program kind; FAULT_SWEEP_FULL=1 (the long set): every one of the 25.
# long: TEST_LONG=1 (make check-long) sets FAULT_SWEEP_FULL=1: every launch.
set -eu
. "$(dirname "$0")/common.bash"
gpt=$root/examples/gpt-rebuild.mrb
snap=$root/examples/listings/seed-gpt-probed.txt

cat >"$work/faulty-diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || { echo "usage: faulty-diskpart /s SCRIPT" >&2; exit 2; }
if ! grep -q '^list disk' "$2"; then
    n=$(( $(cat "$FAKE_DIR/count" 2>/dev/null || echo 0) + 1 ))
    echo "$n" >"$FAKE_DIR/count"
    if [ "$n" = "${FAULT_AT:-0}" ]; then
        printf '\nMicrosoft DiskPart version 10.0.19041.964\n\nVirtual Disk Service error:\nThe device is not ready.\n\n'
        exit 4
    fi
    grep -v '^select \|^exit' "$2" | tr -d '\r' >>"$FAKE_DIR/applied"
fi
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_DIR/server.state"
FAKE
cat >"$work/faulty-program" <<'FAKE'
#!/usr/bin/env bash
name=$(basename "$0")
n=$(( $(cat "$FAKE_DIR/count" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$FAKE_DIR/count"
echo "$name $*" >>"$FAKE_DIR/calls"
if [ "$n" = "${FAULT_AT:-0}" ]; then
    echo "ERROR: $name failed"
    [ "$name" = robocopy ] && exit 8
    exit 1
fi
echo "$name: done"
[ "$name" = robocopy ] && exit 1
exit 0
FAKE
chmod +x "$work/faulty-diskpart" "$work/faulty-program"
ln -s faulty-program "$work/robocopy"
ln -s faulty-program "$work/bcdedit"
export FAKE_DIR=$work FAKE_SNAPSHOT=$snap MRBC
grun() {
    "$MRBC" run "$gpt" --listing "$snap" --diskpart "$work/faulty-diskpart" --yes --diskpart-wait 0 --resync-poll 0 \
        --robocopy "$work/robocopy" --bcdedit "$work/bcdedit" --journal "$work/j" "$@"
}
fresh() { rm -f "$work/server.state" "$work/j" "$work/j.log" "$work/count" "$work/applied" "$work/calls"; touch "$work/calls"; }

fresh
grun --quiet 2>"$work/err" || { echo "the uninterrupted run failed"; cat "$work/err"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/ref.txt"
cp "$work/applied" "$work/ref.applied"
cp "$work/calls" "$work/ref.calls"

# select, break, select disk, delete disk, clean, convert gpt, delete
# partition, create partition efi, format, assign, create partition msr,
# add disk, robocopy, bcdedit /export, bcdedit /set, remove
points="1 2 3 4 6 7 9 10 11 12 13 15 19 20 21 23"
[ "${FAULT_SWEEP_FULL:-${TEST_LONG:-0}}" = 1 ] && points=$(seq 1 25)
checked=0 reached=0 false_success=0
for k in $points; do
    fresh
    checked=$((checked + 1))
    set +e
    FAULT_AT=$k grun --quiet 2>"$work/err1"
    rc=$?
    (grun --resume) >"$work/out" 2>"$work/err2"
    rc2=$?
    set -e
    if [ $rc = 0 ]; then
        echo "K=$k: the run with a failed command exited 0"
        false_success=$((false_success + 1))
        continue
    fi
    [ $rc = 1 ] && grep -q '\[E80[5]\]\|\[E811\]' "$work/err1" || { echo "K=$k: the failing run: exit $rc"; tail -n 3 "$work/err1"; exit 1; }
    "$MRBC" listing "$work/server.state" >"$work/got.txt"
    # the program that failed is called twice, every other launch as in the reference
    calls=$(wc -l <"$work/ref.calls")
    grep -q '\[E811\]' "$work/err1" && calls=$((calls + 1))
    if [ $rc2 = 0 ] && ! { cmp -s "$work/ref.txt" "$work/got.txt" && cmp -s "$work/ref.applied" "$work/applied" &&
        [ "$(sort -u "$work/calls")" = "$(sort -u "$work/ref.calls")" ] && [ "$(wc -l <"$work/calls")" = $calls ]; }; then
        echo "K=$k: --resume exited 0 short of the uninterrupted run's end"
        false_success=$((false_success + 1))
        continue
    fi
    if [ $rc2 != 0 ]; then
        echo "K=$k: --resume exited $rc2: $(grep -o 'error: .*' "$work/err2" | head -n 1)"
        continue
    fi
    if ! grep -q "^  \[$k/25\] .*: it failed before (exit code [148]); " "$work/out"; then
        echo "K=$k: the resume did not settle the failed command: $(grep '\[' "$work/out" | head -n 1)"
        continue
    fi
    reached=$((reached + 1))
done
echo "fault sweep: $reached of $checked failed launches resumed to the end, $false_success false successes"
[ $reached = $checked ] && [ $false_success = 0 ]
