#!/usr/bin/env bash
# crash_run.sh - `mrb run` killed at every file system call, with a power loss, then resumed.
#
# The GPT example runs on the simulator with its state file and journal.
# With strace's fault injection the run is killed (SIGKILL) as it enters
# call K of a kind (openat, write, fsync, rename on the state file, the
# journal or their folder), for every K; then a power loss is simulated on
# top: the journal's bytes written after its last flush are dropped (the
# journal cut back to its size at that flush).  Then `--resume` runs (again
# after a hand-over or a kill of its own, at most 5 processes) and must end
# with exit 0, the journal's end record, and the server's `mrb listing`
# equal to an uninterrupted run's.  Then the state file's rename undone:
# killed between a rename over the state file and the folder flush after
# it, the state file put back as it was before the rename, the journal cut
# back to its last flush; the resume must reach the same end.
# make test runs the fsync and rename calls, every CRASH_STRIDE-th (default 2),
# in a few seconds.
# long: CRASH_FULL=1, which TEST_LONG=1 (make check-long) sets: every call
# of the four kinds.
set -u
: "${CRASH_FULL:=${TEST_LONG:-0}}"
# LeakSanitizer cannot run under ptrace (strace): leaks are checked by the
# rest of the suite
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
. "$(dirname "$0")/common.bash"
awkf=$here/scripts/journal_records.awk
command -v strace >/dev/null || { echo "crash_run: strace is missing (apt-get install strace)"; exit 1; }
cd "$work" || exit 1
mrb=$root/examples/gpt-rebuild.mrb
snap=$root/examples/listings/seed-gpt-probed.txt
fails=0 points=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
run() { "$MRBC" run "$mrb" --simulate "$snap" --state s --journal j --quiet "$@"; }
# power loss after the kill kill.log traced: the journal back to its size at
# its last flush (none flushed: no header on the disk, as if never created)
power_loss() {
    local keep
    keep=$(awk -v j="<$PWD/j>" '
        index($0, j) && / write\(/ && / = [0-9]+$/ { size += $NF }
        index($0, j) && / fsync\(/ && / = 0$/ { flushed = size }
        END { print flushed + 0 }' kill.log)
    [ -e j ] && truncate -s "$keep" j
    [ "$keep" -gt 0 ] || rm -f j
}
# resume (a run afresh when no journal is left), again after a hand-over or
# a kill of its own, at most 5 processes; the last one's exit status
resume() {
    local rc=1 tries=0
    while [ $rc != 0 ] && [ $tries -lt 5 ]; do
        tries=$((tries + 1))
        if [ -e j ]; then run --resume >/dev/null 2>err.txt; else run >/dev/null 2>err.txt; fi
        rc=$?
    done
    return $rc
}

run >/dev/null 2>&1 || { echo "the uninterrupted run failed"; exit 1; }
"$MRBC" listing s >ref.txt
rm -f s j
strace -f -y -o trace.log -e trace=openat,write,fsync,close,rename,unlink "$MRBC" run "$mrb" --simulate "$snap" \
    --state s --journal j --quiet >/dev/null 2>&1
rm -f s j

if [ "${CRASH_FULL:-0}" = 1 ]; then kinds="openat write fsync rename" stride=1
else kinds="fsync rename" stride=${CRASH_STRIDE:-2}; fi

for sc in $kinds; do
    # the calls of this kind on the state file, the journal or their folder
    ks=$(grep " $sc(" trace.log | awk -v d="$PWD" -v st="$stride" '{ n++ }
        (index($0, "<" d "/s") || index($0, "<" d "/j") || index($0, "<" d ">") || index($0, "\"s.tmp") ||
         index($0, "\"s\"") || index($0, "\"j\"")) && (m++ % st == 0) { print n }')
    for k in $ks; do
        points=$((points + 1))
        rm -f s j s.tmp-*
        strace -f -y -o kill.log -e trace=openat,write,fsync,close,rename,unlink \
            -e inject=$sc:signal=SIGKILL:when=$k "$MRBC" run "$mrb" --simulate "$snap" --state s --journal j \
            --quiet >/dev/null 2>&1 &
        { wait $!; } 2>/dev/null
        power_loss
        resume
        rc=$?
        if [ $rc != 0 ]; then
            fail "killed at $sc #$k: the resume ends with exit $rc: $(head -3 err.txt)"; continue
        fi
        "$MRBC" listing s | cmp -s - ref.txt || fail "killed at $sc #$k: the end state differs from an uninterrupted run's"
        last=$(od -An -v -tu1 j | awk -f "$awkf" | tail -n 1 | awk '{ print $2 }')
        [ "$last" = end ] || fail "killed at $sc #$k: the journal does not end with its end record ($last)"
        ls s.tmp-* >/dev/null 2>&1 && [ "${CRASH_STRICT_TMP:-0}" = 1 ] && fail "killed at $sc #$k: a temporary state file left"
    done
done
# The state file's rename, undone by a power loss: killed at the folder
# flush right after the Kth rename of a temporary file over the state file
# (the rename not yet durable), the state file is put back to what it was
# before that rename (what a kill at the rename itself leaves), the journal
# cut back to its last flush; the resume must still reach the end.
renames=$(grep -c ' rename(' trace.log)
undone=0
for ((k = 1; k <= renames; k++)); do
    [ "${CRASH_FULL:-0}" = 1 ] || [ $((k % stride)) = 1 ] || [ "$stride" = 1 ] || continue
    f=$(awk -v k="$k" -v d="<$PWD>" '/ rename\(/ { r++ } / fsync\(/ { n++; if (r == k && index($0, d)) { print n; exit } }' trace.log)
    [ -n "$f" ] || { fail "no folder flush after rename #$k"; continue; }
    rm -f s j s.tmp-*
    strace -f -o /dev/null -e inject=rename:signal=SIGKILL:when=$k "$MRBC" run "$mrb" --simulate "$snap" \
        --state s --journal j --quiet >/dev/null 2>&1 &
    { wait $!; } 2>/dev/null
    rm -f before; [ -e s ] && cp s before
    rm -f s j s.tmp-*
    strace -f -y -o kill.log -e trace=openat,write,fsync,close,rename,unlink \
        -e inject=fsync:signal=SIGKILL:when=$f "$MRBC" run "$mrb" --simulate "$snap" --state s --journal j \
        --quiet >/dev/null 2>&1 &
    { wait $!; } 2>/dev/null
    if [ -e before ]; then cp before s; else rm -f s; fi
    power_loss
    undone=$((undone + 1))
    resume
    rc=$?
    if [ $rc != 0 ]; then
        fail "state rename #$k undone: the resume ends with exit $rc: $(grep -v "^ \|W402\|note: assumed" err.txt | head -3)"; continue
    fi
    "$MRBC" listing s | cmp -s - ref.txt || fail "state rename #$k undone: the end state differs from an uninterrupted run's"
done
echo "crash_run: $points kill points, $undone state renames undone, $fails failures"
[ $fails = 0 ]
