#!/usr/bin/env bash
# run_kill_loop.sh - T2: `mrb run` killed with SIGKILL at random moments, resumed until done, ends as an uninterrupted run.
#
# docs/TESTING.md T2, on the GPT example and its probed seed.  A
# run starts `mrb run` on the simulator, waits a random time, sends SIGKILL,
# resumes (--resume) and repeats until a process exits 0 (the delays are
# described below).  Violations: any exit other than 0 or a kill (a
# resume that hands over or fails), an end state whose `mrb listing`
# differs from the uninterrupted run's, a journal that does not end with
# its end record, a step without exactly one
# step-done record, a command without exactly one done record, or a command
# launched twice by one process (two intent records with no resume record
# between them: a second launch needs the settling a resume does).  Where
# each kill landed is read from the journal (journal_records.awk): before
# the journal had its header, inside step S (its last record an intent or
# done of S), or at a step boundary (its last record the header, the done
# record of a step's last command, or a step-done: the process was between
# two steps' commands), counted per step; every step boundary must be hit
# at least KILL_LOOP_MIN_HITS times.  The kill times come from bash's RANDOM seeded
# with KILL_LOOP_SEED (printed): the sequence of delays is the same for a
# seed, where a delay lands also depends on the machine's scheduling.
# A process is killed after a delay drawn uniformly from 0 to its expected
# length: what any process spends before its first command, plus the share
# of an uninterrupted run (the median of five) that its commands not yet
# done take; so resumed processes are killed about as often as new ones.
# On a machine slower than when those lengths were measured (a loaded one)
# a run could be killed short of its next command for ever: after every 5
# processes in a row that ended no command, the delays of that run are
# drawn from a span one length longer.
# KILL_LOOP_RUNS=N runs N runs; otherwise runs start until KILL_LOOP_SECONDS
# (default 5) have passed.  Then, while a step boundary has fewer than
# KILL_LOOP_MIN_HITS hits, runs go on until KILL_LOOP_MAX_SECONDS (default
# 8) have passed; a boundary still short fails the test (unless there were
# fewer than KILL_LOOP_MIN_KILLS kills, default 300).  A boundary is a small
# part of a run's time (the rarest, between steps 1 and 2, gets about 1
# kill in 300 to 800), so in `make test` (KILL_LOOP_MIN_HITS 0) the hits
# are reported and an unhit boundary is named, not failed: that would make
# the suite flaky.
# long: TEST_LONG=1 (make check-long) changes the defaults to 1,000 runs
# and 10 hits per boundary, for at most 600 seconds.
set -eu
. "$(dirname "$0")/common.bash"
awkf=$here/scripts/journal_records.awk
mrb=$root/examples/gpt-rebuild.mrb
snap=$root/examples/listings/seed-gpt-probed.txt
seed=${KILL_LOOP_SEED:-$(( $(date +%s) % 1000000 ))}
budget=${KILL_LOOP_SECONDS:-5}
if [ "${TEST_LONG:-0}" = 1 ]; then
    want_runs=${KILL_LOOP_RUNS:-1000} min_hits=${KILL_LOOP_MIN_HITS:-10} cap=${KILL_LOOP_MAX_SECONDS:-600}
else
    want_runs=${KILL_LOOP_RUNS:-0} min_hits=${KILL_LOOP_MIN_HITS:-0} cap=${KILL_LOOP_MAX_SECONDS:-8}
fi
min_kills=${KILL_LOOP_MIN_KILLS:-300}
echo "kill loop: seed $seed (KILL_LOOP_SEED=$seed reproduces the delays)"
RANDOM=$seed
exec {nap}<> <(:)

run() { "$MRBC" run "$mrb" --simulate "$snap" --state "$1" --journal "$2" --quiet "${@:3}"; }
usec() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }

# the reference end state and the length of an uninterrupted run (the
# median of five)
run "$work/ref.s" "$work/ref.j" 2>/dev/null
"$MRBC" listing "$work/ref.s" >"$work/ref.txt"
nsteps=$(od -An -v -tu1 "$work/ref.j" | awk -f "$awkf" | awk '$2 == "step-done" { n = $3 } END { print n }')
# the number of commands of each step, "1:4 2:9 ...", for the kill points
ncmds=$(od -An -v -tu1 "$work/ref.j" | awk -f "$awkf" | awk '$2 == "done" { n[$3] = $4 } END { for (s in n) printf "%s:%s ", s, n[s] }')
spans=()
for i in 1 2 3 4 5; do
    rm -f "$work/t.s" "$work/t.j"
    t0=$(usec); run "$work/t.s" "$work/t.j" 2>/dev/null; spans+=($(($(usec) - t0)))
done
span=$(printf '%s\n' "${spans[@]}" | sort -n | sed -n 3p)
# what every process spends before its first command (parse, prove, read
# the journal): a resume of the ended journal does only that
starts=()
for i in 1 2 3 4 5; do
    t0=$(usec); run "$work/t.s" "$work/t.j" --resume >/dev/null 2>&1; starts+=($(($(usec) - t0)))
done
startup=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)
[ "$startup" -lt "$span" ] || startup=$((span / 2))
total=$(od -An -v -tu1 "$work/ref.j" | awk -f "$awkf" | awk '$2 == "done" { n++ } END { print n }')
echo "an uninterrupted run: $nsteps steps, ${span} us, of which ${startup} us before its first command"

declare -A hits
runs=0 kills=0 violations=0 processes=0
start=$(usec)
violation() { echo "VIOLATION (run $runs): $*"; violations=$((violations + 1)); }

# every step boundary short of min_hits hits, as a count
short() {
    local s n=0
    local want=$((min_hits > 0 ? min_hits : 1))   # try for one hit each even when none is required
    for s in $(seq 0 "$nsteps"); do [ "${hits["boundary $s"]:-0}" -ge $want ] || n=$((n + 1)); done
    echo $n
}
while :; do
    now=$(($(usec) - start))
    if [ "$want_runs" -gt 0 ]; then enough=$((runs >= want_runs))
    else enough=$((now >= budget * 1000000)); fi
    # past the budget, go on while a boundary is short of hits, up to the cap
    if [ $enough = 1 ] && { [ "$(short)" = 0 ] || [ $now -ge $((cap * 1000000)) ]; }; then break; fi
    runs=$((runs + 1))
    rm -f "$work/s" "$work/j"
    attempts=0 stalled=0 left_before=-1
    while :; do
        attempts=$((attempts + 1))
        [ $attempts -le 500 ] || { violation "no end after 500 processes"; break; }
        resume=(); [ -e "$work/j" ] && resume=(--resume)
        # uniform over what is left of the run: the commands not done yet
        left=$total
        [ -e "$work/j" ] && left=$((total - $(od -An -v -tu1 "$work/j" | awk -f "$awkf" | awk '$2 == "done" { n++ } END { print n + 0 }')))
        if [ "$left" = "$left_before" ]; then stalled=$((stalled + 1)); else stalled=0; fi
        left_before=$left
        delay=$(((RANDOM << 15 | RANDOM) % ((startup + (span - startup) * (left + 1) / (total + 1)) * (1 + stalled / 5) + 1)))
        # mrb itself in the background (not a function's subshell): $! is its pid
        "$MRBC" run "$mrb" --simulate "$snap" --state "$work/s" --journal "$work/j" --quiet "${resume[@]}" 2>"$work/err" &
        pid=$!
        processes=$((processes + 1))
        read -t "$((delay / 1000000)).$(printf '%06d' $((delay % 1000000)))" -u $nap || true
        kill -KILL $pid 2>/dev/null || true
        rc=0; wait $pid 2>/dev/null || rc=$?
        [ $rc = 0 ] && break
        if [ $rc != 137 ]; then violation "exit $rc"; cat "$work/err"; break; fi
        kills=$((kills + 1))
        # where it was killed: the journal's last record (resume records aside)
        if [ -e "$work/j" ]; then
            where=$(od -An -v -tu1 "$work/j" | awk -f "$awkf" | awk -v ncmds="$ncmds" '
                BEGIN { k = split(ncmds, a, " "); for (i = 1; i <= k; i++) { split(a[i], p, ":"); last[p[1]] = p[2] } }
                $1 == "torn" { torn = 1; next }
                $2 == "header" { w = "boundary 0" }
                $2 == "intent" { w = "step " $3 }
                $2 == "done" { w = ($4 == last[$3] ? "boundary " $3 : "step " $3) }
                $2 == "step-done" { w = "boundary " $3 }
                $2 == "end" { w = "ended" }
                END { print (w == "" ? "start" : w) (torn ? " torn" : "") }')
        else
            where=start
        fi
        hits[$where]=$((${hits[$where]:-0} + 1))
    done
    # the end: as an uninterrupted run, and the journal tells a clean story
    "$MRBC" listing "$work/s" | cmp -s - "$work/ref.txt" || { violation "the end state differs"; continue; }
    problems=$(od -An -v -tu1 "$work/j" | awk -f "$awkf" | awk -v nsteps="$nsteps" '
        $1 == "torn" { print "a torn tail after the end"; next }
        { last = $2 }
        $2 == "resume" { delete open_cmd; next }
        $2 == "intent" { k = $3 " " $4; if (k in open_cmd) print "command " k " launched twice by one process"; open_cmd[k] = 1 }
        $2 == "done" { k = $3 " " $4; done_n[k]++; if ($5 != 0) print "command " k " failed" }
        $2 == "step-done" { sd[$3]++ }
        END {
            if (last != "end") print "the journal did not end"
            for (s = 1; s <= nsteps; s++) if (sd[s] != 1) print "step " s ": " sd[s] + 0 " step-done records"
            for (k in done_n) if (done_n[k] != 1) print "command " k ": " done_n[k] " done records"
        }')
    [ -z "$problems" ] || violation "$problems"
done

elapsed=$((($(usec) - start) / 1000))
echo "kill loop: $runs runs, $processes processes, $kills kills, $violations violations, ${elapsed} ms"
echo "kill points:"
printf '  %-22s %6s\n' "before the journal" "${hits[start]:-0}"
missing=0
for s in $(seq 0 "$nsteps"); do
    b=${hits["boundary $s"]:-0}
    if [ "$s" = 0 ]; then label="boundary: before step 1"
    elif [ "$s" = "$nsteps" ]; then label="boundary: after step $s"
    else label="boundary: steps $s-$((s + 1))"; fi
    printf '  %-22s %6s\n' "$label" "$b"
    [ "$b" -gt 0 ] || echo "  (not hit in this run of the loop)"
    [ "$b" -ge "$min_hits" ] || { echo "  (fewer than $min_hits)"; missing=$((missing + 1)); }
    [ "$kills" -ge "$min_kills" ] || missing=0
    [ "$s" = "$nsteps" ] || printf '  %-22s %6s\n' "in step $((s + 1))" "${hits["step $((s + 1))"]:-0}"
done
printf '  %-22s %6s\n' "after the end record" "${hits[ended]:-0}"
for k in "${!hits[@]}"; do case $k in *torn) printf '  %-22s %6s\n' "$k" "${hits[$k]}" ;; esac; done
[ "$kills" -ge "$min_kills" ] ||
    echo "only $kills kills (a slow build?): the boundary hits are reported, not required, below $min_kills kills"
[ $violations = 0 ] && [ $missing = 0 ] && [ $runs -gt 0 ]
