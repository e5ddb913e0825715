#!/usr/bin/env bash
# run_diskpart_process.sh - `mrb run --diskpart PROGRAM`: the process backend, with a stand-in DiskPart.
#
# The stand-in is a shell script called as `PROGRAM /s SCRIPTFILE`, as
# diskpart.exe is: it appends the script to a witness log and runs it with
# `mrb sim` on a state file, printing what DiskPart prints and exiting with
# its code.  The run must end in the same state as the simulator backend's,
# every launch must hold exactly one command of the plan (after the selects
# that restore its focus), and a kill after any command must resume to the
# same end.  A refusal by the stand-in stops the run (E805).  The GPT
# procedure's robocopy and bcdedit lines run through stand-ins too, killed
# after each of them; their failures stop the run (E811).  The launches
# are not spaced here (--diskpart-wait 0); run_diskpart_timing.sh tests that.
# make test kills the MBR run after its odd commands and the GPT run after
# each program (robocopy, bcdedit, bcdedit).
# long: TEST_LONG=1 (make check-long) kills after every MBR command and
# after each command around the programs too.
set -eu
long=${TEST_LONG:-0} points=0
. "$(dirname "$0")/common.bash"
mrb=$root/examples/mbr-rebuild.mrb
snap=$root/examples/listings/seed-mbr-probed.txt

cat >"$work/fake-diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || { echo "usage: fake-diskpart /s SCRIPT" >&2; exit 2; }
{ cat "$2"; echo "--"; } >>"$FAKE_WITNESS"
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$work/fake-diskpart"
export FAKE_WITNESS=$work/witness FAKE_SNAPSHOT=$snap FAKE_STATE=$work/server.state MRBC

# the simulator backend's end state
"$MRBC" run "$mrb" --simulate "$snap" --state "$work/ref.state" --journal "$work/ref.journal" --quiet 2>/dev/null
"$MRBC" listing "$work/ref.state" >"$work/ref.txt"

# an uninterrupted run through the stand-in
cd "$work"
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/fake-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/p.journal" >"$work/out" 2>"$work/err" ||
    { echo "the process run failed"; cat "$work/out" "$work/err"; exit 1; }
grep -q '^done: 3 steps, 9 DiskPart commands$' "$work/out" || { echo "no done line"; cat "$work/out"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/got.txt"
cmp -s "$work/ref.txt" "$work/got.txt" || { echo "the end states differ"; diff "$work/ref.txt" "$work/got.txt"; exit 1; }
# each launch is CRLF, ends with exit, and holds one plan command after its selects
launches=$(grep -c '^--$' "$work/witness")
listings=$(grep -c '^list disk' "$work/witness")
[ $((launches - listings)) = 9 ] || { echo "expected 9 command launches, got $((launches - listings))"; exit 1; }
grep -q $'exit\r$' "$work/witness" || { echo "scripts are not CRLF"; exit 1; }

# kill after every command, resume through the stand-in
for i in $(seq 1 9); do
    [ "$long" = 1 ] || [ $((i % 2)) = 1 ] || continue
    points=$((points + 1))
    rm -f "$work/server.state" "$work/p.journal" "$work/witness"
    set +e
    { MRBC_CRASH_AFTER=$i "$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/fake-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/p.journal" --quiet; } 2>/dev/null
    rc=$?
    set -e
    [ $rc = 137 ] || { echo "N=$i: expected a kill, got $rc"; exit 1; }
    "$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/fake-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/p.journal" --resume --quiet \
        2>"$work/err" || { echo "N=$i: resume failed"; cat "$work/err"; exit 1; }
    "$MRBC" listing "$work/server.state" >"$work/got.txt"
    cmp -s "$work/ref.txt" "$work/got.txt" || { echo "N=$i: the end states differ"; exit 1; }
done

# a stand-in that refuses: the run stops with E805 and exit 1
cat >"$work/refusing-diskpart" <<'FAKE'
#!/usr/bin/env bash
if grep -q '^convert mbr' "$2"; then
    printf '\nMicrosoft DiskPart version 10.0.19041.964\n\nDisk 1 is now the selected disk.\n\nVirtual Disk Service error:\nThe device is not ready.\n'
    exit 4
fi
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$work/refusing-diskpart"
rm -f "$work/server.state" "$work/p.journal"
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/refusing-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/p.journal" --quiet 2>"$work/err"
rc=$?
set -e
[ $rc = 1 ] || { echo "refusing stand-in: exit $rc, expected 1"; cat "$work/err"; exit 1; }
grep -q "error: step 2, command 6/9 'convert mbr' failed: DiskPart exited with code 4 and said 'The device is not ready.' \[E805\]" "$work/err" ||
    { echo "refusing stand-in: wrong message"; cat "$work/err"; exit 1; }

# a program that does not exist: exit 2, E810, nothing else launched
rm -f "$work/p.journal"
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/no-such-program" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/p.journal" --quiet 2>"$work/err"
rc=$?
set -e
[ $rc = 2 ] || { echo "missing program: exit $rc, expected 2"; cat "$work/err"; exit 1; }
grep -q 'E810' "$work/err" || { echo "missing program: no E810"; cat "$work/err"; exit 1; }

# a program whose listing is not a DiskPart listing: E809, exit 1, nothing sent
printf '#!/bin/sh\necho "this is not DiskPart"\n' >"$work/garbage-diskpart"
chmod +x "$work/garbage-diskpart"
rm -f "$work/p.journal"
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/garbage-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/p.journal" --quiet 2>"$work/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q 'the listing the server gave cannot be read (the messages above say why) \[E809\]' "$work/err" ||
    { echo "garbage listing: exit $rc"; cat "$work/err"; exit 1; }

# the GPT procedure: its robocopy and bcdedit lines run as the programs
# named for them (stand-ins that log their arguments and exit with
# FAKE_ROBOCOPY_RC / FAKE_BCDEDIT_RC), journaled like DiskPart commands
cat >"$work/fake-program" <<'FAKE'
#!/usr/bin/env bash
name=$(basename "$0")
printf '%s' "$name" >>"$FAKE_CALLS"; printf ' [%s]' "$@" >>"$FAKE_CALLS"; echo >>"$FAKE_CALLS"
echo "$name: done"
[ "$name" = fake-robocopy ] && exit "${FAKE_ROBOCOPY_RC:-1}"
exit "${FAKE_BCDEDIT_RC:-0}"
FAKE
chmod +x "$work/fake-program"
ln -s fake-program "$work/fake-robocopy"
ln -s fake-program "$work/fake-bcdedit"
gpt=$root/examples/gpt-rebuild.mrb
gsnap=$root/examples/listings/seed-gpt-probed.txt
export FAKE_SNAPSHOT=$gsnap FAKE_CALLS=$work/calls
grun() {
    "$MRBC" run "$gpt" --listing "$gsnap" --diskpart "$work/fake-diskpart" --yes --diskpart-wait 0 --resync-poll 0 \
        --robocopy "$work/fake-robocopy" --bcdedit "$work/fake-bcdedit" --journal "$work/g.journal" "$@"
}
"$MRBC" run "$gpt" --simulate "$gsnap" --state "$work/gref.state" --journal "$work/gref.journal" --quiet 2>/dev/null
"$MRBC" listing "$work/gref.state" >"$work/gref.txt"
rm -f "$work/server.state" "$work/g.journal" "$work/calls"
grun >"$work/out" 2>"$work/err" || { echo "gpt on a process: the run failed"; cat "$work/out" "$work/err"; exit 1; }
grep -q '^run: ".*": 5 steps, 25 commands (22 DiskPart, 3 robocopy or bcdedit)$' "$work/out" &&
    grep -qF '  [19/25] robocopy s:\ t:\ * /e /copyall /xf BCD.* /xd "System Volume Information": exit code 1 (files copied)' "$work/out" &&
    grep -qF '  [21/25] bcdedit /store t:\EFI\Microsoft\Boot\BCD /set {bootmgr} device partition=t:: exit code 0' "$work/out" ||
    { echo "gpt on a process: progress"; cat "$work/out"; exit 1; }
printf '%s\n' 'fake-robocopy [s:\] [t:\] [*] [/e] [/copyall] [/xf] [BCD.*] [/xd] [System Volume Information]' \
    'fake-bcdedit [/export] [t:\EFI\Microsoft\Boot\BCD]' \
    'fake-bcdedit [/store] [t:\EFI\Microsoft\Boot\BCD] [/set] [{bootmgr}] [device] [partition=t:]' >"$work/calls.want"
diff -u "$work/calls.want" "$work/calls" || { echo "gpt on a process: the programs' arguments differ"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/got.txt"
cmp -s "$work/gref.txt" "$work/got.txt" || { echo "gpt on a process: the end states differ"; exit 1; }
# the text log beside the journal: each script with DiskPart's output and
# exit code, each program, each listing, with the time of day
log=$work/g.journal.log
grep -qE '^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\] step 2, command 6/25: clean$' "$log" &&
    grep -A2 'step 2, command 6/25: clean$' "$log" | grep -qx '    clean' &&
    grep -A12 'step 2, command 6/25: clean$' "$log" | grep -qx 'DiskPart succeeded in cleaning the disk.' &&
    grep -A1 'command 19/25: robocopy s:' "$log" | grep -qE '^fake-robocopy: done$' &&
    [ "$(grep -c '\] step [0-9], command [0-9]*/25: ' "$log")" = 25 ] &&
    grep -q '\] a listing of the server$' "$log" || { echo "gpt on a process: the log"; head -n 40 "$log"; exit 1; }

# kill after each command around the programs (18: assign letter=s, 19-21
# the programs, 22: select volume s; the other DiskPart commands are killed
# at above and in run_crash_resume.sh), resume: the same end, and a program
# in doubt runs again
for i in $(seq 18 22); do
    if [ "$long" != 1 ] && { [ "$i" -lt 19 ] || [ "$i" -gt 21 ]; }; then continue; fi
    points=$((points + 1))
    rm -f "$work/server.state" "$work/g.journal" "$work/calls"
    set +e
    { MRBC_CRASH_AFTER=$i grun --quiet; } 2>/dev/null
    rc=$?
    set -e
    [ $rc = 137 ] || { echo "gpt N=$i: expected a kill, got $rc"; exit 1; }
    grun --resume >"$work/out" 2>"$work/err" || { echo "gpt N=$i: resume failed"; cat "$work/err"; exit 1; }
    "$MRBC" listing "$work/server.state" >"$work/got.txt"
    cmp -s "$work/gref.txt" "$work/got.txt" || { echo "gpt N=$i: the end states differ"; exit 1; }
    n=$(wc -l <"$work/calls")
    if grep -q 'in doubt; it can run again without harm: running it again' "$work/out"; then
        [ "$n" = 4 ] || { echo "gpt N=$i: a program in doubt: $n calls, expected 4"; exit 1; }
    else
        [ "$n" = 3 ] || { echo "gpt N=$i: $n program calls, expected 3"; cat "$work/calls"; exit 1; }
    fi
done

# robocopy exit codes 8 and above, bcdedit's non-zero: E811, exit 1
for fail in ROBOCOPY:8 ROBOCOPY:16 BCDEDIT:1; do
    rm -f "$work/server.state" "$work/g.journal" "$work/calls"
    set +e
    env "FAKE_${fail%%:*}_RC=${fail#*:}" "$MRBC" run "$gpt" --listing "$gsnap" --diskpart "$work/fake-diskpart" --yes \
        --diskpart-wait 0 --resync-poll 0 --robocopy "$work/fake-robocopy" --bcdedit "$work/fake-bcdedit" --journal "$work/g.journal" \
        --quiet 2>"$work/err"
    rc=$?
    set -e
    [ $rc = 1 ] && grep -q "exited with code ${fail#*:}.* and said: fake-.*: done \[E811\]" "$work/err" ||
        { echo "$fail: exit $rc"; cat "$work/err"; exit 1; }
done
# not elevated (as the test switch says): E813, exit 1, no journal, nothing sent
rm -f "$work/server.state" "$work/g.journal" "$work/calls"
set +e
MRBC_ASSUME_NOT_ELEVATED=1 grun --quiet 2>"$work/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q 'error: this needs an elevated command prompt (Run as administrator), as DiskPart does: nothing was sent, no journal was written \[E813\]' "$work/err" &&
    [ ! -e "$work/g.journal" ] && [ ! -e "$work/server.state" ] || { echo "not elevated: exit $rc"; cat "$work/err"; exit 1; }
# a person's approval (without --yes): on a terminal (as the test switch
# says) the summary and the question, then the disk's number typed; the
# compile id; anything else is E817 with nothing sent and no journal
arun() {
    "$MRBC" run "$gpt" --listing "$gsnap" --diskpart "$work/fake-diskpart" --diskpart-wait 0 --resync-poll 0 \
        --robocopy "$work/fake-robocopy" --bcdedit "$work/fake-bcdedit" --journal "$work/g.journal" --quiet "$@"
}
rm -f "$work/server.state" "$work/g.journal" "$work/calls"
set +e
echo 2 | MRBC_ASSUME_TERMINAL=1 arun 2>"$work/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q '^  Disk 1   1863 GB  basic MBR     replacement: erased or re-initialised' "$work/err" &&
    grep -q "^This run erases Disk 1. Type its number to go on (anything else stops): mrb: error: not approved: '2' is not the number of the disk this run erases, 1: nothing was sent, no journal was written \[E817\]$" "$work/err" &&
    [ ! -e "$work/g.journal" ] && [ ! -e "$work/server.state" ] || { echo "approval, a wrong disk: exit $rc"; cat "$work/err"; exit 1; }
echo " disk 1 " | MRBC_ASSUME_TERMINAL=1 arun 2>"$work/err" || { echo "approval, the disk typed: refused"; cat "$work/err"; exit 1; }
mkdir -p "$work/compiled"
id=$("$MRBC" compile "$gpt" --listing "$gsnap" -o "$work/compiled" --format json 2>/dev/null | sed -n 's/^  "compile_id": "\([0-9a-f]*\)",$/\1/p')
[ ${#id} = 32 ] || { echo "approval: no compile id from compile"; exit 1; }
rm -f "$work/server.state" "$work/g.journal"
arun --approve "$id" </dev/null 2>"$work/err" || { echo "approval by compile id: refused"; cat "$work/err"; exit 1; }
"$MRBC" listing "$work/server.state" >"$work/got.txt"
cmp -s "$work/gref.txt" "$work/got.txt" || { echo "approval by compile id: the end states differ"; exit 1; }
echo "ok ($points crash points through the stand-ins)"
