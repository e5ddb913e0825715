#!/usr/bin/env bash
# test_runner.sh - tests/run.sh itself, on a tree of its own: a copy of
# run.sh beside golden cases, scripts and unit binaries made to pass, fail
# and crash.  It counts them ("N passed, N failed", exit 1), names what
# failed and shows its output, not the output of what passed, keeps every
# job's output under TEST_LOG, runs JOBS jobs at once (two scripts that
# wait for each other end only if they run together), says how far it is,
# runs only the scripts with a "# long:" line with TEST_LONG=1, and
# refuses a JOBS that is not a number.
set -u
. "$(dirname "$0")/common.bash"
fail() { echo "test_runner: $*"; exit 1; }
t=$work/tree/tests
mkdir -p "$t/golden/s/pass" "$t/golden/s/fail" "$t/golden/s/exit" "$t/scripts" "$work/unit"
cp "$here/run.sh" "$t/"
echo '--version' >"$t/golden/s/pass/cmd"
"$MRBC" --version >"$t/golden/s/pass/out"
echo '--version' >"$t/golden/s/fail/cmd"
echo 'mrb 0.0.0-not-this-one' >"$t/golden/s/fail/out"
echo 'no-such-command' >"$t/golden/s/exit/cmd"
"$MRBC" no-such-command >/dev/null 2>"$t/golden/s/exit/err"
echo $? >"$t/golden/s/exit/rc"
printf '#!/bin/sh\necho "1..2"\necho "ok 1 - a"\necho "ok 2 - b"\n' >"$work/unit/test_ok"
printf '#!/bin/sh\necho "1..2"\necho "ok 1 - a"\necho "died here"\nexit 0\n' >"$work/unit/test_dies"
chmod +x "$work/unit"/test_*
# two scripts that end only when both run: each writes its fifo, then reads
# the other's (a read waits 10 s at most)
for me in a b; do
    other=$([ $me = a ] && echo b || echo a)
    cat >"$t/scripts/meet_$me.sh" <<EOF
#!/usr/bin/env bash
# long: meets the other script too
exec {w}<>"$work/fifo_$me" {r}<>"$work/fifo_$other"
echo here >&\$w
read -r -t 10 -u \$r _ || { echo "meet_$me: alone"; exit 1; }
echo "meet_$me: TEST_LONG=\$TEST_LONG"
EOF
done
mkfifo "$work/fifo_a" "$work/fifo_b"
printf '#!/usr/bin/env bash\necho "this line is shown"\nexit 3\n' >"$t/scripts/bad.sh"
printf '#!/usr/bin/env bash\necho "this line is not shown"\n' >"$t/scripts/good.sh"

run() { env -u TEST_LOG -u SUITE -u TEST_LONG -u MRBC_UPDATE -u WRAP MRBC="$MRBC" UNIT_DIR="$work/unit" "$@" bash "$t/run.sh"; }

rc=0; run JOBS=2 TEST_LOG="$work/log" >"$work/out" 2>&1 || rc=$?
[ $rc = 1 ] || fail "exit $rc, expected 1: $(cat "$work/out")"
# passes: test_ok 2 + test_dies 1, golden pass and exit, meet_a, meet_b, good
[ "$(tail -n 1 "$work/out")" = "8 passed, 3 failed" ] || fail "the last line: $(tail -n 1 "$work/out")"
for f in 's/fail' 'scripts/bad.sh' 'test_dies (crashed)'; do
    grep -qxF "FAILED: $f" "$work/out" || fail "no 'FAILED: $f' line: $(cat "$work/out")"
done
grep -q 'meet_.*alone' "$work/out" && fail "JOBS=2 ran the two scripts one after the other"
grep -qx 'this line is shown' "$work/out" && grep -qx -- '-mrb 0.0.0-not-this-one' "$work/out" &&
    grep -qx 'died here' "$work/out" || fail "a failure's output is not shown: $(cat "$work/out")"
grep -q 'this line is not shown\|meet_a: TEST_LONG' "$work/out" && fail "the output of a job that passed is shown"
grep -qE '^running 9 jobs, 2 at a time$' "$work/out" &&
    grep -qE '^\[[0-9]+ s\] scripts 4/4  unit 2/2  golden 3/3; 8 passed, 3 failed$' "$work/out" ||
    fail "no progress lines: $(cat "$work/out")"
grep -qx 'this line is not shown' "$work/log/scripts/good.sh.log" && [ -f "$work/log/golden/s/pass.log" ] &&
    [ -f "$work/log/golden/s/fail.files/cmd" ] && grep -q '^unit/test_ok [0-9]' "$work/log/durations" ||
    fail "the jobs' output is not kept under TEST_LOG: $(cd "$work/log" && find . | sort)"

# the long set: the scripts with a "# long:" line, with TEST_LONG=1
rc=0; run JOBS=2 TEST_LONG=1 >"$work/out" 2>&1 || rc=$?
[ $rc = 0 ] && [ "$(tail -n 1 "$work/out")" = "2 passed, 0 failed" ] || fail "TEST_LONG=1: exit $rc: $(cat "$work/out")"

# a job at a time, one golden suite
rc=0; run JOBS=1 SUITE=s >"$work/out" 2>&1 || rc=$?
[ $rc = 1 ] && [ "$(tail -n 1 "$work/out")" = "2 passed, 1 failed" ] || fail "JOBS=1 SUITE=s: exit $rc: $(cat "$work/out")"

for bad in 0 two -1; do
    rc=0; run JOBS=$bad >"$work/out" 2>&1 || rc=$?
    [ $rc = 2 ] && grep -q "run.sh: JOBS must be a positive number, not '$bad'" "$work/out" ||
        fail "JOBS=$bad: exit $rc: $(cat "$work/out")"
done
echo "ok (counts, failures shown, output kept, two jobs at once, progress, the long set, JOBS checked)"
