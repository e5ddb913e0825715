#!/usr/bin/env bash
# run_resync_watch.sh - `mrb run --diskpart` after the last step: it
# watches the mirrors resynchronise, and no wait is silent.
#
# The stand-in DiskPart runs `mrb sim` on a state file; once it has been
# called FAKE_HEAL_AFTER times with a mirror resynchronising ("Rebuild" in
# the state), it makes the mirror Healthy, as the disks do in time.  The
# run must show the mirror rebuilding, wait with a line saying so, then
# report the resync done (text and JSON); with --resync-poll 0 it says how
# to watch instead.  A wait between two DiskPart launches prints a line
# at once and then every 5 seconds.  That 6-second wait runs beside the
# rest, in a folder of its own.
set -eu
. "$(dirname "$0")/common.bash"
mrb=$root/examples/mbr-rebuild.mrb
snap=$root/examples/listings/seed-mbr-probed.txt
cat >"$work/healing-diskpart" <<'FAKE'
#!/usr/bin/env bash
if [ -f "$FAKE_STATE" ] && grep -q ' Rebuild ' "$FAKE_STATE"; then
    n=$(( $(cat "$FAKE_STATE.count" 2>/dev/null || echo 0) + 1 ))
    echo $n >"$FAKE_STATE.count"
    [ $n -lt "$FAKE_HEAL_AFTER" ] || sed -i 's/ Rebuild / Healthy /' "$FAKE_STATE"
fi
exec "$MRBC" sim "$FAKE_SNAPSHOT" "$2" --state "$FAKE_STATE"
FAKE
chmod +x "$work/healing-diskpart"
export FAKE_SNAPSHOT=$snap FAKE_STATE=$work/server.state MRBC
cd "$work"
fresh() { rm -f server.state server.state.count j; }

# a 6-second wait between two launches: a line at once, another 5 s later
# (in the background, with a state file of its own)
mkdir "$work/wait"
( cd "$work/wait" && FAKE_STATE=$work/wait/server.state MRBC_CRASH_AFTER=1 "$MRBC" run "$mrb" --listing "$snap" \
    --diskpart "$work/healing-diskpart" --yes --diskpart-wait 6 --journal j >out ) 2>/dev/null &
waiter=$!
run() { "$MRBC" run "$mrb" --listing "$snap" --diskpart "$work/healing-diskpart" --yes --diskpart-wait 0 --journal j "$@"; }

# the mirror rebuilds from step 3's add disk on; its after-step listing is
# the first look that finds it, the watch's first listing the second
fresh
FAKE_HEAL_AFTER=3 run --resync-poll 1 >out 2>err || { echo "the run failed"; cat out err; exit 1; }
grep -qx 'the mirrors now resynchronise on their own: watching list volume every 1 s (DiskPart shows no percentage)' out &&
    grep -qx '  resync after 0 s: Volume 0 (C) Rebuild' out &&
    grep -qx '  waiting 1 s to the next look at the mirrors' out &&
    grep -qE '^  resync after [12] s: Volume 0 \(C\) Healthy$' out &&
    grep -qE '^resync done: every mirror is Healthy after [12] s$' out ||
    { echo "text: the watch is not reported"; cat out; exit 1; }

fresh
FAKE_HEAL_AFTER=3 run --resync-poll 1 --json >out 2>err || { echo "json: the run failed"; cat out err; exit 1; }
grep -qx '{"event":"resync","elapsed":0,"volume":0,"letter":"C","status":"Rebuild"}' out &&
    grep -qx '{"event":"wait","for":"resync","seconds_left":1}' out &&
    grep -qE '^\{"event":"resync-done","elapsed":[12]\}$' out ||
    { echo "json: the watch is not reported"; cat out; exit 1; }

fresh
FAKE_HEAL_AFTER=1000 run --resync-poll 0 >out 2>err || { echo "no watch: the run failed"; cat out err; exit 1; }
grep -qx 'the mirrors now resynchronise on their own: watch them with diskpart, list volume, until every Mirror volume shows Healthy instead of Rebuild; do not restart the server before then' out ||
    { echo "no watch: no advice"; cat out; exit 1; }

rc=0; wait $waiter || rc=$?
[ $rc = 137 ] || { echo "the run with a 6-second wait: exit $rc, expected the kill (137)"; cat wait/out; exit 1; }
grep -qx '  waiting 6 s before the next DiskPart run (DiskPart asks for a pause)' wait/out &&
    grep -qx '  waiting 1 s before the next DiskPart run (DiskPart asks for a pause)' wait/out ||
    { echo "the wait between launches is silent"; cat wait/out; exit 1; }
echo "ok (the resync watched in text and JSON, or explained; waits report every 5 s)"
