#!/usr/bin/env bash
# run_orphan_resume.sh - a resume never runs beside a program that a killed run left running.
#
# `mrb run` starts each DiskPart (and robocopy, bcdedit) in a process
# group of its own, so a `kill -9` of mrb leaves the program running.
# Here the stand-ins are slow at one launch: the Kth command of the GPT
# example (K counted over DiskPart, robocopy and bcdedit launches, not
# listings) copies its script, says it has started, sleeps ORPHAN_DELAY
# seconds, and only then applies it (mrb sim on a state file).  mrb is
# killed while that launch sleeps and resumed at once.  The resume must
# wait for the orphan (it says so), then settle its command, and end in
# the uninterrupted run's state with every DiskPart command of the plan
# applied exactly once, and no program started while another still runs.
#
# A Ctrl-C (SIGINT) of mrb while the slow launch sleeps: mrb lets it
# finish, records its outcome, stops with E816 and exit 1, and the resume
# carries on from the next command without sending it again.
#
# By default K runs over 8 commands of the main kinds (ORPHAN_POINTS="1 2
# ..." to choose; ORPHAN_FULL=1: all 25, the long set).
# long: TEST_LONG=1 (make check-long) sets ORPHAN_FULL=1: all 25 kill points.
set -eu
. "$(dirname "$0")/common.bash"
orphans=
cleanup() {
    for p in $orphans; do kill -9 -- "-$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
gpt=$root/examples/gpt-rebuild.mrb
snap=$root/examples/listings/seed-gpt-probed.txt
delay=${ORPHAN_DELAY:-2}

# DiskPart: counts command launches; the ORPHAN_SLOW_AT'th is slow
cat >"$work/slow-diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || { echo "usage: slow-diskpart /s SCRIPT" >&2; exit 2; }
script=$(mktemp "$FAKE_DIR/script.XXXXXX")
cp "$2" "$script"
echo "start diskpart" >>"$FAKE_DIR/programs"
if ! grep -q '^list disk' "$script"; then
    n=$(( $(cat "$FAKE_DIR/count" 2>/dev/null || echo 0) + 1 ))
    echo "$n" >"$FAKE_DIR/count"
    if [ "$n" = "${ORPHAN_SLOW_AT:-0}" ]; then
        echo $$ >"$FAKE_DIR/slow.pid"
        sleep "$ORPHAN_DELAY"
    fi
    grep -v '^select \|^exit' "$script" | tr -d '\r' >>"$FAKE_DIR/applied"
fi
# applied whatever becomes of its output (mrb, which read it, may be gone)
"$MRBC" sim "$FAKE_SNAPSHOT" "$script" --state "$FAKE_DIR/server.state" >"$script.out" 2>&1
rc=$?
echo "end diskpart" >>"$FAKE_DIR/programs"
cat "$script.out" 2>/dev/null
rm -f "$script" "$script.out"
exit $rc
FAKE
# robocopy, bcdedit: counted with the same counter; each start and end logged
cat >"$work/slow-program" <<'FAKE'
#!/usr/bin/env bash
name=$(basename "$0")
n=$(( $(cat "$FAKE_DIR/count" 2>/dev/null || echo 0) + 1 ))
echo "$n" >"$FAKE_DIR/count"
echo "start $name" >>"$FAKE_DIR/programs"
if [ "$n" = "${ORPHAN_SLOW_AT:-0}" ]; then
    echo $$ >"$FAKE_DIR/slow.pid"
    sleep "$ORPHAN_DELAY"
fi
echo "end $name" >>"$FAKE_DIR/programs"
echo "$name: done" 2>/dev/null
[ "$name" = robocopy ] && exit 1
exit 0
FAKE
chmod +x "$work/slow-diskpart" "$work/slow-program"
ln -s slow-program "$work/robocopy"
ln -s slow-program "$work/bcdedit"
export FAKE_DIR=$work FAKE_SNAPSHOT=$snap ORPHAN_DELAY=$delay MRBC
# (exec: a run in the background is mrb itself, for kill to reach it)
grun() {
    exec "$MRBC" run "$gpt" --listing "$snap" --diskpart "$work/slow-diskpart" --yes --diskpart-wait 0 --resync-poll 0 \
        --robocopy "$work/robocopy" --bcdedit "$work/bcdedit" --journal "$work/j" "$@"
}
fresh() { rm -f "$work/server.state" "$work/j" "$work/j.log" "$work/count" "$work/applied" "$work/programs" "$work/slow.pid"; }
# whether process $1 runs (a zombie nobody reaps does not)
running() { kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null; }
# no program (DiskPart, robocopy, bcdedit) starts while another runs
overlap() { awk '/^start/ { if (open) bad = 1; open = 1 } /^end/ { open = 0 } END { exit !bad }' "$work/programs"; }

# the uninterrupted run: its end state and the commands it applied (no
# select: a select is a launch's focus, not a change)
fresh
(grun --quiet) 2>"$work/err" || { echo "the uninterrupted run failed"; cat "$work/err"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/ref.txt"
cp "$work/applied" "$work/ref.applied"
[ "$(wc -l <"$work/ref.applied")" -ge 10 ] || { echo "the stand-in recorded no commands"; exit 1; }

# by default: break, delete disk, clean, convert gpt, create partition efi,
# add disk, robocopy, bcdedit (every other kind: ORPHAN_FULL=1, the long set)
points=${ORPHAN_POINTS:-2 4 6 7 10 15 19 20}
[ "${ORPHAN_FULL:-${TEST_LONG:-0}}" = 1 ] && points=$(seq 1 25)
twice=0 checked=0 invisible=0 bad=0
for k in $points; do
    fresh
    (ORPHAN_SLOW_AT=$k grun --quiet >/dev/null 2>&1) &
    run=$!
    for _ in $(seq 1 300); do [ -s "$work/slow.pid" ] && break; sleep 0.05; done
    [ -s "$work/slow.pid" ] || { echo "K=$k: the slow launch never started"; exit 1; }
    orphans="$orphans $(cat "$work/slow.pid")"
    { kill -9 "$run" && wait "$run"; } 2>/dev/null || true
    kill -0 "$(cat "$work/slow.pid")" 2>/dev/null || { echo "K=$k: the slow launch died with mrb"; exit 1; }
    # resumed at once, while the orphan still sleeps; every kill point is
    # tried, the failures counted
    checked=$((checked + 1))
    if ! (grun --resume) >"$work/out" 2>"$work/err"; then
        echo "K=$k: --resume failed: $(grep -o '\[E[0-9]*\]' "$work/err" | tr '\n' ' ')"
        bad=$((bad + 1))
        continue
    fi
    # an orphan the resume did not wait for does its harm now
    for _ in $(seq 1 $((delay * 20 + 20))); do running "$(cat "$work/slow.pid")" || break; sleep 0.05; done
    "$MRBC" listing "$work/server.state" >"$work/got.txt"
    if ! cmp -s "$work/ref.txt" "$work/got.txt"; then
        echo "K=$k: the end state differs"
        bad=$((bad + 1))
    fi
    # the one command whose effect no listing shows on this server is
    # `clean` of the blank replacement: the settle runs it again (after the
    # orphan ended), as it must when it cannot tell
    if grep -qx "  \[$k/25\] clean: in doubt; the server shows no effect of it: running it again" "$work/out" &&
        grep -vx clean "$work/applied" >"$work/a" && grep -vx clean "$work/ref.applied" >"$work/b" &&
        cmp -s "$work/a" "$work/b" && [ "$(grep -cx clean "$work/applied")" = 2 ]; then
        invisible=$((invisible + 1))
    elif ! cmp -s "$work/ref.applied" "$work/applied"; then
        twice=$((twice + 1))
        echo "K=$k: the commands applied differ from the uninterrupted run's: $(diff "$work/ref.applied" "$work/applied" | grep '^[<>]' | tr '\n' ' ')"
    fi
    if overlap; then
        echo "K=$k: a program started while another ran"
        bad=$((bad + 1))
    fi
    grep -q "^resume: process $(cat "$work/slow.pid") that the earlier run started .* still runs: waiting for it to end" "$work/out" ||
        { echo "K=$k: the resume did not say it waits for the orphan"; bad=$((bad + 1)); }
done
[ $twice = 0 ] && [ $bad = 0 ] || { echo "$checked kill points: $twice applied a command twice, $bad other failures"; exit 1; }

# an orphan that outlives --diskpart-timeout: E815, nothing looked at or
# sent; once it has ended, the resume settles its command
fresh
(ORPHAN_SLOW_AT=7 ORPHAN_DELAY=4 grun --quiet >/dev/null 2>&1) &
run=$!
for _ in $(seq 1 300); do [ -s "$work/slow.pid" ] && break; sleep 0.05; done
orphan=$(cat "$work/slow.pid")
orphans="$orphans $orphan"
{ kill -9 "$run" && wait "$run"; } 2>/dev/null || true
set +e
(grun --resume --quiet --diskpart-timeout 1) 2>"$work/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q "error: process $orphan that the earlier run started (for 'convert gpt') still runs after 1 s (--diskpart-timeout): nothing was looked at or sent; let it end, or end it and look at the server, then --resume \[E815\]" "$work/err" &&
    [ "$(grep -c "" "$work/applied")" = 3 ] || { echo "E815: exit $rc"; cat "$work/err"; exit 1; }
(grun --resume --quiet) 2>"$work/err" || { echo "E815: the second --resume failed"; cat "$work/err"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/got.txt"
cmp -s "$work/ref.txt" "$work/got.txt" && cmp -s "$work/ref.applied" "$work/applied" ||
    { echo "E815: the end state or the commands applied differ"; exit 1; }

# Ctrl-C while the slow launch runs: it is let finish, its outcome is
# recorded, the run stops (E816, exit 1); the resume goes on after it
fresh
set +e
(ORPHAN_SLOW_AT=6 grun --quiet >/dev/null 2>"$work/err") &
run=$!
for _ in $(seq 1 300); do [ -s "$work/slow.pid" ] && break; sleep 0.05; done
kill -INT "$run"
wait "$run"
rc=$?
set -e
[ $rc = 1 ] && grep -q "^mrb: interrupted: the run stops once the program it runs (if any) has ended" "$work/err" &&
    grep -q "error: interrupted (Ctrl-C): the run stops before step 2, command 7/25 'convert gpt', which was not sent; continue with --resume \[E816\]" "$work/err" ||
    { echo "Ctrl-C: exit $rc"; cat "$work/err"; exit 1; }
(grun --resume) >"$work/out" 2>"$work/err" || { echo "Ctrl-C: --resume failed"; cat "$work/err"; exit 1; }
! grep -q 'in doubt\|still runs' "$work/out" || { echo "Ctrl-C: the resume found a doubt"; cat "$work/out"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/got.txt"
cmp -s "$work/ref.txt" "$work/got.txt" && cmp -s "$work/ref.applied" "$work/applied" ||
    { echo "Ctrl-C: the end state or the commands applied differ"; exit 1; }

# SIGTERM during the wait between two launches: nothing more is sent
fresh
set +e
(grun --diskpart-wait 30 --quiet >/dev/null 2>"$work/err") &
run=$!
for _ in $(seq 1 300); do grep -q 'a listing of the server' "$work/j.log" 2>/dev/null && break; sleep 0.05; done
kill -TERM "$run"
wait "$run"
rc=$?
set -e
[ $rc = 1 ] && grep -q "interrupted (SIGTERM): the run stops before step 1, command 1/25 'select volume c', which was not sent.*\[E816\]" "$work/err" &&
    [ ! -e "$work/count" ] || { echo "SIGTERM: exit $rc"; cat "$work/err"; exit 1; }
echo "ok ($checked kill points with an orphan: 0 commands applied twice, 0 programs overlapping ($invisible clean of a blank disk run again after the orphan ended); Ctrl-C and SIGTERM stop cleanly)"
