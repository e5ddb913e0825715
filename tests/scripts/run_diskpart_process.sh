#!/usr/bin/env bash
# run_diskpart_process.sh - `mrbc run --diskpart PROGRAM`: the process backend, with a stand-in DiskPart.
#
# The stand-in is a shell script called as `PROGRAM /s SCRIPTFILE`, as
# diskpart.exe is: it appends the script to a witness log and runs it with
# `mrbc sim` on a state file, printing what DiskPart prints and exiting with
# its code.  The run must end in the same state as the simulator backend's,
# every launch must hold exactly one command of the plan (after the selects
# that restore its focus), and a kill after any command must resume to the
# same end.  A refusal by the stand-in stops the run (E805).  The launches
# are not spaced here (--diskpart-wait 0); run_diskpart_timing.sh tests that.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$here/..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mrb=$root/examples/mbr-rebuild.mrb
snap=$root/examples/listings/seed-mbr-probed.txt

cat >"$tmp/fake-diskpart" <<'FAKE'
#!/usr/bin/env bash
[ "$1" = /s ] || { echo "usage: fake-diskpart /s SCRIPT" >&2; exit 2; }
{ cat "$2"; echo "--"; } >>"$FAKE_WITNESS"
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$tmp/fake-diskpart"
export FAKE_WITNESS=$tmp/witness FAKE_SNAPSHOT=$snap FAKE_STATE=$tmp/server.state MRBC

# the simulator backend's end state
"$MRBC" run "$mrb" --simulate "$snap" --state "$tmp/ref.state" --journal "$tmp/ref.journal" --quiet 2>/dev/null
"$MRBC" listing "$tmp/ref.state" >"$tmp/ref.txt"

# an uninterrupted run through the stand-in
cd "$tmp"
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/fake-diskpart" --diskpart-wait 0 --journal "$tmp/p.journal" >"$tmp/out" 2>"$tmp/err" ||
    { echo "the process run failed"; cat "$tmp/out" "$tmp/err"; exit 1; }
grep -q '^done: 3 steps, 9 DiskPart commands$' "$tmp/out" || { echo "no done line"; cat "$tmp/out"; exit 1; }
"$MRBC" listing "$tmp/server.state" >"$tmp/got.txt"
cmp -s "$tmp/ref.txt" "$tmp/got.txt" || { echo "the end states differ"; diff "$tmp/ref.txt" "$tmp/got.txt"; exit 1; }
# each launch is CRLF, ends with exit, and holds one plan command after its selects
launches=$(grep -c '^--$' "$tmp/witness")
listings=$(grep -c '^list disk' "$tmp/witness")
[ $((launches - listings)) = 9 ] || { echo "expected 9 command launches, got $((launches - listings))"; exit 1; }
grep -q $'exit\r$' "$tmp/witness" || { echo "scripts are not CRLF"; exit 1; }

# kill after every command, resume through the stand-in
for i in $(seq 1 9); do
    rm -f "$tmp/server.state" "$tmp/p.journal" "$tmp/witness"
    set +e
    { MRBC_CRASH_AFTER=$i "$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/fake-diskpart" --diskpart-wait 0 --journal "$tmp/p.journal" --quiet; } 2>/dev/null
    rc=$?
    set -e
    [ $rc = 137 ] || { echo "N=$i: expected a kill, got $rc"; exit 1; }
    "$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/fake-diskpart" --diskpart-wait 0 --journal "$tmp/p.journal" --resume --quiet \
        2>"$tmp/err" || { echo "N=$i: resume failed"; cat "$tmp/err"; exit 1; }
    "$MRBC" listing "$tmp/server.state" >"$tmp/got.txt"
    cmp -s "$tmp/ref.txt" "$tmp/got.txt" || { echo "N=$i: the end states differ"; exit 1; }
done

# a stand-in that refuses: the run stops with E805 and exit 1
cat >"$tmp/refusing-diskpart" <<'FAKE'
#!/usr/bin/env bash
if grep -q '^convert mbr' "$2"; then
    printf '\nMicrosoft DiskPart version 10.0.19041.964\n\nDisk 1 is now the selected disk.\n\nVirtual Disk Service error:\nThe device is not ready.\n'
    exit 4
fi
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$tmp/refusing-diskpart"
rm -f "$tmp/server.state" "$tmp/p.journal"
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/refusing-diskpart" --diskpart-wait 0 --journal "$tmp/p.journal" --quiet 2>"$tmp/err"
rc=$?
set -e
[ $rc = 1 ] || { echo "refusing stand-in: exit $rc, expected 1"; cat "$tmp/err"; exit 1; }
grep -q "error: step 2, command 6/9 'convert mbr' failed: DiskPart exited with code 4 and said 'The device is not ready.' \[E805\]" "$tmp/err" ||
    { echo "refusing stand-in: wrong message"; cat "$tmp/err"; exit 1; }

# a program that does not exist: exit 2, E810, nothing else launched
rm -f "$tmp/p.journal"
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/no-such-program" --diskpart-wait 0 --journal "$tmp/p.journal" --quiet 2>"$tmp/err"
rc=$?
set -e
[ $rc = 2 ] || { echo "missing program: exit $rc, expected 2"; cat "$tmp/err"; exit 1; }
grep -q 'E810' "$tmp/err" || { echo "missing program: no E810"; cat "$tmp/err"; exit 1; }

# a program whose listing is not a DiskPart listing: E809, exit 1, nothing sent
printf '#!/bin/sh\necho "this is not DiskPart"\n' >"$tmp/garbage-diskpart"
chmod +x "$tmp/garbage-diskpart"
rm -f "$tmp/p.journal"
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$tmp/garbage-diskpart" --diskpart-wait 0 --journal "$tmp/p.journal" --quiet 2>"$tmp/err"
rc=$?
set -e
[ $rc = 1 ] && grep -q 'the listing the server gave cannot be read (the messages above say why) \[E809\]' "$tmp/err" ||
    { echo "garbage listing: exit $rc"; cat "$tmp/err"; exit 1; }

# robocopy and bcdedit lines are refused on a DiskPart process
set +e
"$MRBC" run "$root/examples/gpt-rebuild.mrb" --listing "$root/examples/listings/seed-gpt-probed.txt" \
    --diskpart "$tmp/fake-diskpart" --diskpart-wait 0 --journal "$tmp/g.journal" 2>"$tmp/err" >/dev/null
rc=$?
set -e
[ $rc = 1 ] && grep -q 'E808' "$tmp/err" && [ ! -e "$tmp/g.journal" ] || { echo "gpt on a process: not refused"; cat "$tmp/err"; exit 1; }
echo "ok (9 crash points through the stand-in)"
