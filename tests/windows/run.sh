#!/usr/bin/env bash
# run.sh - `mrb.exe run` on a server, under wine: the Windows build's
# process spawning, its timeout and the journal's lock, with stand-ins for
# diskpart (the Windows build of `mrb sim` on a state file), robocopy and
# bcdedit (tests/windows/standin.c).
# Usage: MRBC=build/mrb MRBC_EXE=build/mrb.exe STANDIN_EXE=... run.sh
# (KILL_POINTS="19 20" kills at those commands only, for a quick try)
#
# Checks that the GPT example runs to the end state the simulator reaches,
# its robocopy and bcdedit lines called once each with their arguments,
# then watches the mirror resynchronise until it is Healthy;
# that a kill after every one of its 25 commands (MRBC_CRASH_AFTER=N),
# then --resume, reaches that same end state, a program in doubt being run
# again; that a DiskPart that outlives --diskpart-timeout is killed (E810,
# exit 2) and --resume settles its command; that a second run on a
# journal in use is refused (E712); that a resume right after mrb.exe was
# killed while a slow DiskPart ran waits for that orphan before it settles
# its command (nothing sent twice); and that a DiskPart, robocopy or
# bcdedit that fails without effect stops the run (exit 1) and is run
# again by --resume, to the same end; and that before the first change it
# checks each disk's identity (detail disk): the disks as captured pass, a
# target that shows another Disk ID is refused (E818) with nothing sent.
set -u
. "$(dirname "$0")/common.bash"

cp "$MRBC_EXE" "$work/mrb.exe"
for p in diskpart robocopy bcdedit; do cp "$STANDIN_EXE" "$work/$p.exe"; done
cp "$ex/listings/seed-gpt-probed.txt" "$work/server.txt"
cp "$ex/gpt-rebuild.mrb" "$work/"
cd "$work" || exit 2

# the simulator's end state
"$MRBC" run gpt-rebuild.mrb --simulate server.txt --state ref.state --journal ref.journal --quiet 2>/dev/null
"$MRBC" listing ref.state >want.txt
printf '%s\n' 'robocopy s:\ t:\ * /e /copyall /xf BCD.* /xd "System Volume Information"' \
    'bcdedit /export t:\EFI\Microsoft\Boot\BCD' \
    'bcdedit /store t:\EFI\Microsoft\Boot\BCD /set {bootmgr} device partition=t:' >calls.want

fresh() { rm -f state.txt j calls.log launches.count slow.pid held-*; }
run() {
    WINEDEBUG=-all timeout 300 wine mrb.exe run gpt-rebuild.mrb --listing server.txt --diskpart diskpart.exe --yes \
        --diskpart-wait 0 --resync-poll 0 --robocopy robocopy.exe --bcdedit bcdedit.exe --journal j "$@"
}
same_end() { "$MRBC" listing state.txt >got.txt 2>&1 && cmp -s got.txt want.txt; }
calls() { tr -d '\r' <calls.log | sed 's/ *$//'; }

# 1. the whole procedure, then the resync watched until the stand-in's
# mirror is Healthy (its 14th DiskPart run that finds it rebuilding: the
# watch's second look)
fresh
STANDIN_RESYNC=14 run --resync-poll 1 >out.txt 2>err.txt; rc=$?
[ $rc = 0 ] || fail "the run exited $rc: $(tail -n 3 err.txt)"
tr -d '\r' <out.txt >out.lf
grep -q '^done: 5 steps, 25 commands (22 DiskPart, 3 robocopy or bcdedit)$' out.lf || fail "no done line"
grep -qx '  resync after 0 s: Volume 0 (C) Rebuild' out.lf && grep -qx '  waiting 1 s to the next look at the mirrors' out.lf &&
    grep -qE '^resync done: every mirror is Healthy after [0-9]+ s$' out.lf ||
    fail "the resync is not watched: $(tail -n 6 out.lf)"
sed -i 's/ Rebuild / Healthy /' ref.state && "$MRBC" listing ref.state >want.txt
same_end || fail "the end state differs from the simulator's: $(diff want.txt got.txt)"
calls | diff -u calls.want - || fail "robocopy/bcdedit calls differ"
tr -d '\r' <j.log 2>/dev/null | grep -A12 'step 2, command 7/25: convert gpt$' |
    grep -q 'DiskPart successfully converted the selected disk to GPT format' || fail "no log of DiskPart's output"

# 2. killed after each command, then resumed (the end state as the run
# leaves it, the mirror rebuilding)
"$MRBC" run gpt-rebuild.mrb --simulate server.txt --state ref2.state --journal ref2.journal --quiet 2>/dev/null
"$MRBC" listing ref2.state >want.txt
for n in ${KILL_POINTS:-$(seq 1 25)}; do
    fresh
    MRBC_CRASH_AFTER=$n run --quiet >/dev/null 2>err.txt; rc=$?
    [ $rc = 137 ] || { fail "N=$n: the run exited $rc, expected a kill (137): $(tail -n 2 err.txt)"; continue; }
    run --resume >out.txt 2>err.txt; rc=$?
    [ $rc = 0 ] || { fail "N=$n: --resume exited $rc: $(tail -n 3 err.txt)"; continue; }
    same_end || fail "N=$n: the end state differs"
    if grep -q 'in doubt; it can run again without harm' out.txt; then
        [ "$(calls | sort -u)" = "$(sort calls.want)" ] && [ "$(calls | wc -l)" = 4 ] ||
            fail "N=$n: a program in doubt: the calls were $(calls)"
    else
        calls | diff -q calls.want - >/dev/null || fail "N=$n: the calls were $(calls)"
    fi
done

# 3. a DiskPart that does not finish in time is killed; --resume settles it
fresh
STANDIN_SLEEP_MS=20000 run --quiet --diskpart-timeout 1 >/dev/null 2>err.txt; rc=$?
[ $rc = 2 ] || fail "timeout: the run exited $rc, expected 2"
grep -q 'did not finish within 1 s and was killed.*\[E810\]' err.txt || fail "timeout: no E810: $(cat err.txt)"
run --resume --quiet >/dev/null 2>err.txt; rc=$?
[ $rc = 0 ] && same_end || fail "timeout: --resume exited $rc: $(tail -n 3 err.txt)"

# 3b. the timeout kills what that DiskPart started, too (a job object)
fresh
rm -f grandchild.txt
STANDIN_GRANDCHILD=1 STANDIN_SLEEP_MS=20000 run --quiet --diskpart-timeout 1 >/dev/null 2>err.txt; rc=$?
[ $rc = 2 ] || fail "timeout with a child: the run exited $rc, expected 2"
sleep 4
[ ! -e grandchild.txt ] || fail "timeout: a process DiskPart started outlived the kill"

# 4. a second run on a journal in use
fresh
STANDIN_SLEEP_MS=4000 MRBC_CRASH_AFTER=1 run --quiet >/dev/null 2>&1 &
first=$!
for _ in $(seq 1 50); do [ -s j ] && break; sleep 0.2; done
sleep 1
run --resume --quiet >/dev/null 2>err.txt; rc=$?
wait $first
grep -q 'E712' err.txt || fail "a journal in use: not refused (exit $rc): $(tail -n 3 err.txt)"

# 5. mrb.exe killed while the DiskPart of `convert gpt` (the 7th command)
# sleeps; --resume at once waits for that orphan, then finds its effect
# (want.txt: the end state as the run leaves it, from 2.)
for k in 7 10; do
    fresh
    STANDIN_SLOW_AT=$k STANDIN_SLOW_MS=4000 WINEDEBUG=-all wine mrb.exe run gpt-rebuild.mrb --listing server.txt \
        --diskpart diskpart.exe --yes --diskpart-wait 0 --resync-poll 0 --robocopy robocopy.exe --bcdedit bcdedit.exe \
        --journal j --quiet >/dev/null 2>&1 &
    first=$!
    for _ in $(seq 1 300); do [ -s slow.pid ] && break; sleep 0.1; done
    { kill -9 "$first" && wait "$first"; } 2>/dev/null
    run --resume >out.txt 2>err.txt; rc=$?
    tr -d '\r' <out.txt >out.lf
    [ $rc = 0 ] || { fail "orphan K=$k: --resume exited $rc: $(tail -n 3 err.txt)"; continue; }
    grep -q "^resume: process $(tr -d '\r\n' <slow.pid) that the earlier run started .* still runs: waiting for it to end" out.lf ||
        fail "orphan K=$k: the resume did not wait: $(head -n 3 out.lf)"
    grep -q "^  \[$k/25\] .*: in doubt; the server shows its effect: done$" out.lf ||
        fail "orphan K=$k: the command was not settled done: $(grep "\[$k/25\]" out.lf)"
    same_end || fail "orphan K=$k: the end state differs"
done

# 6. one failure of each program kind, without effect: exit 1, then
# --resume runs the failed command again and ends as the uninterrupted run
for case in 7:E805 19:E811 20:E811; do
    k=${case%%:*}
    fresh
    STANDIN_FAIL_AT=$k run --quiet >/dev/null 2>err.txt; rc=$?
    [ $rc = 1 ] && grep -q "\[${case#*:}\]" err.txt || { fail "failure K=$k: exit $rc: $(tail -n 2 err.txt)"; continue; }
    run --resume >out.txt 2>err.txt; rc=$?
    tr -d '\r' <out.txt >out.lf
    [ $rc = 0 ] || { fail "failure K=$k: --resume exited $rc: $(tail -n 3 err.txt)"; continue; }
    grep -q "^  \[$k/25\] .*: it failed before (exit code [148]); " out.lf ||
        fail "failure K=$k: not run again: $(grep "\[$k/25\]" out.lf)"
    same_end || fail "failure K=$k: the end state differs"
    [ "$(calls | wc -l)" = $(( $(wc -l <calls.want) + (k > 18) )) ] || fail "failure K=$k: the calls were $(calls)"
done

# 7. the identity of the disks before the first change, on a capture with
# detail disk: the server as captured runs to the end; a server whose disk
# 1 (the target) shows another Disk ID is refused, nothing sent
idrun() {
    WINEDEBUG=-all timeout 300 wine mrb.exe run gpt-rebuild.mrb --listing third.txt --diskpart diskpart.exe --yes \
        --diskpart-wait 0 --resync-poll 0 --robocopy robocopy.exe --bcdedit bcdedit.exe --journal j "$@"
}
cp "$here/fixtures/listings/third-dynamic.txt" third.txt
printf 'rem nothing\r\n' >empty.txt
fresh
"$MRBC" sim third.txt empty.txt --state state.txt >/dev/null
idrun --quiet >/dev/null 2>err.txt; rc=$?
[ $rc = 0 ] || fail "identity: the disks as captured: exit $rc: $(tail -n 3 err.txt)"
grep -q 'cannot be checked' err.txt && fail "identity: a disk with detail disk was not checked: $(cat err.txt)"
fresh
sed 's/^Disk ID: 00000000$/Disk ID: 5A5A5A5A/' third.txt >other-id.txt
"$MRBC" sim other-id.txt empty.txt --state state.txt >/dev/null
"$MRBC" listing state.txt >before.txt
idrun >/dev/null 2>err.txt; rc=$?
[ $rc = 1 ] || fail "identity: another Disk ID: exit $rc, expected 1"
tr -d '\r' <err.txt | grep -q "Disk 1: its Disk ID is '5A5A5A5A', the listing captured '00000000'.*\[E818\]" ||
    fail "identity: no E818: $(cat err.txt)"
"$MRBC" listing state.txt | cmp -s - before.txt || fail "identity: the server changed"
[ ! -e launches.count ] || fail "identity: a command was sent ($(cat launches.count))"

passed "mrb.exe run completes, resumes after 25 kill points, times out and locks as it should, waits for an orphan, runs a failed command again, checks the disks' identity"
