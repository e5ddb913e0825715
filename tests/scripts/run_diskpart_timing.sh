#!/usr/bin/env bash
# run_diskpart_timing.sh - the DiskPart process backend spaces its launches and kills one that never ends.
#
# Microsoft asks for a pause between two DiskPart scripts; `mrb run
# --diskpart` waits --diskpart-wait seconds (default 15) from the end of one
# launch to the start of the next, listings included.  A stand-in records
# when each launch starts and ends; with --diskpart-wait 1 every gap must be
# at least a second (a run killed after its second command, then resumed
# at once and killed after one more, keeps this short), the first launch
# of the resume included.  A launch that never ends is killed after --diskpart-timeout
# seconds: a stand-in that sleeps (in a child of its own, to check that its
# children go too) is killed after 1 s, the run stops with E810 and exit 2
# and the command stays in doubt in the journal; a resume through a sound
# stand-in settles it and reaches the simulator backend's end.
set -eu
. "$(dirname "$0")/common.bash"
mrb=$root/examples/mbr-rebuild.mrb
snap=$root/examples/listings/seed-mbr-probed.txt
export FAKE_SNAPSHOT=$snap FAKE_STATE=$work/server.state FAKE_TIMES=$work/times FAKE_PIDS=$work/pids MRBC
ms() { local t=${EPOCHREALTIME/./}; echo $((10#$t / 1000)); }

# a stand-in that logs "start end" in milliseconds for each launch
cat >"$work/timed-diskpart" <<'FAKE'
#!/usr/bin/env bash
t0=${EPOCHREALTIME/./}
"$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
rc=$?
t1=${EPOCHREALTIME/./}
echo "$((10#$t0 / 1000)) $((10#$t1 / 1000))" >>"$FAKE_TIMES"
exit $rc
FAKE
# a stand-in whose command launches never end (listings answer)
cat >"$work/hanging-diskpart" <<'FAKE'
#!/usr/bin/env bash
if grep -q '^list disk' "$2"; then exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"; fi
exec 3>"$FAKE_ALIVE"   # held by this shell and its child until they end
sleep 60 &
echo "$$ $!" >>"$FAKE_PIDS"
wait
FAKE
cat >"$work/sound-diskpart" <<'FAKE'
#!/usr/bin/env bash
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$work"/*-diskpart
cd "$work"

# the spacing: a listing and two commands, then the kill
set +e
{ MRBC_CRASH_AFTER=2 "$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/timed-diskpart" --yes --diskpart-wait 1 --resync-poll 0 \
    --journal "$work/w.journal" --quiet; } 2>/dev/null
rc=$?
set -e
[ $rc = 137 ] || { echo "spacing: expected the kill, got $rc"; exit 1; }
[ "$(wc -l <"$work/times")" = 3 ] || { echo "spacing: expected 3 launches"; cat "$work/times"; exit 1; }
# resumed at once, the run cannot know when the last launch ended: its
# first launch waits the whole pause too (killed again after a command)
set +e
{ MRBC_CRASH_AFTER=1 "$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/timed-diskpart" --yes --diskpart-wait 1 \
    --resync-poll 0 --journal "$work/w.journal" --resume --quiet; } 2>/dev/null
rc=$?
set -e
[ $rc = 137 ] || { echo "spacing, resumed: expected the kill, got $rc"; exit 1; }
[ "$(wc -l <"$work/times")" -ge 5 ] || { echo "spacing, resumed: expected 2 launches more"; cat "$work/times"; exit 1; }
awk 'NR > 1 && $1 - prev < 1000 { print "launch " NR " started " $1 - prev " ms after the last ended"; bad = 1 }
     { prev = $2 } END { exit bad }' "$work/times"
gaps=$(awk 'NR > 1 { printf "%s%d ms", (NR > 2 ? ", " : ""), $1 - prev } { prev = $2 }' "$work/times")

# the timeout
rm -f "$work/server.state"
# the hanging stand-in and its child hold the write end of a fifo: reading
# it gives end-of-file once both are gone (no polling)
mkfifo "$work/alive"
exec {rw}<>"$work/alive" {alive}<"$work/alive" {rw}>&-
export FAKE_ALIVE=$work/alive
t0=$(ms)
set +e
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/hanging-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --diskpart-timeout 1 \
    --journal "$work/t.journal" --quiet 2>"$work/err"
rc=$?
set -e
took=$(($(ms) - t0))
[ $rc = 2 ] || { echo "timeout: exit $rc, expected 2"; cat "$work/err"; exit 1; }
grep -q "error: step 1, command 1/9 'select volume c': .*hanging-diskpart did not finish within 1 s and was killed: what it did is not known \[E810\]" "$work/err" ||
    { echo "timeout: wrong message"; cat "$work/err"; exit 1; }
[ $took -lt 10000 ] || { echo "timeout: the run took $took ms"; exit 1; }
read -r shell child <"$work/pids"
# end-of-file at once when the shell and its child are gone; a process
# still running keeps the read waiting (2 s at most)
rc=0; read -r -t 2 -u "$alive" _ || rc=$?
if [ $rc -gt 128 ]; then
    echo "timeout: the stand-in ($shell) or its child ($child) still runs"; kill "$shell" "$child" 2>/dev/null; exit 1
fi
# the command is in doubt (its intent is the journal's last record); a resume settles it
"$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/sound-diskpart" --yes --diskpart-wait 0 --resync-poll 0 --journal "$work/t.journal" \
    --resume >"$work/out" 2>"$work/err" || { echo "timeout: the resume failed"; cat "$work/out" "$work/err"; exit 1; }
grep -q "'select volume c' in doubt" "$work/out" && grep -q '^done: 3 steps, 9 DiskPart commands$' "$work/out" ||
    { echo "timeout: the resume did not settle and finish"; cat "$work/out"; exit 1; }
"$MRBC" run "$mrb" --simulate "$snap" --state "$work/ref.state" --journal "$work/ref.journal" --quiet 2>/dev/null
cmp -s <("$MRBC" listing "$work/ref.state") <("$MRBC" listing "$work/server.state") ||
    { echo "timeout: the end state differs from the simulator backend's"; exit 1; }

# the options are the process backend's
set +e
"$MRBC" run "$mrb" --simulate "$snap" --diskpart-wait 0 2>"$work/err"
rc=$?
set -e
[ $rc = 2 ] && grep -q 'are for a DiskPart process' "$work/err" || { echo "--diskpart-wait on the simulator: exit $rc"; exit 1; }
echo "ok (gaps between launches with --diskpart-wait 1: $gaps; a hanging launch killed after $took ms)"
