#!/usr/bin/env bash
# run.sh - run every test: cmocka unit tests (TAP), golden cases, the fuzz
# corpora and tests/scripts/*.sh, JOBS at a time; ends with "N passed, N failed".
#
# A golden case is a folder tests/golden/SUITE/CASE holding
#   cmd   the arguments to mrb, one shell line, run from the case folder
#   out   the exact expected standard output   (absent: must be empty)
#   err   the exact expected standard error    (absent: must be empty)
#   rc    the expected exit status             (absent: 0)
#   setup optional shell script run first, in the scratch folder (to make
#         inputs too large or too odd to keep in git)
#   files optional list of files the command must leave behind, each compared
#         with the file of the same name under expect/ (absent: none checked)
# The case runs in a scratch copy of its folder, so commands may write files;
# "root" there links to the top of the tree (root/examples/...).
# Every fuzz target's corpus (tests/fuzz/corpus/NAME) is replayed through it.
#
# Each unit binary, golden case, corpus and script is one job; JOBS of them
# (default: the number of cores) run at once, the longest first when an
# earlier run's durations are known.  Progress: one updating line on a
# terminal, a plain line every few seconds otherwise.  A job's output is
# kept (under TEST_LOG when set, which make sets to build/test-log) and
# shown only when it fails.
#
# WRAP, when set, prefixes every command (make valgrind sets it).
# SUITE=NAME runs (or updates) the golden cases of one suite only; SUITE=unit,
#   SUITE=corpus and SUITE=scripts run those jobs only.
# MRBC_UPDATE=1 rewrites out/err/rc (and expect/) from what mrb did (review the diff!).
# TEST_LONG=1 runs the long set instead (make check-long): the scripts whose
#   header has a line "# long: ...", each with TEST_LONG=1 in its
#   environment, which makes it sweep in full (docs/TESTING.md, "Long checks").
set -u
: "${MRBC:?set MRBC to the mrb binary}"
: "${UNIT_DIR:?set UNIT_DIR to the folder of the unit-test binaries}"
[ -x "$MRBC" ] || { echo "run.sh: no mrb binary at $MRBC" >&2; exit 2; }
((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) || { echo "run.sh: needs bash 5.1 or later" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"   # unit tests open fixtures by paths from the top of the tree
jobs=${JOBS:-$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: JOBS must be a positive number, not '$jobs'" >&2; exit 2; }
long=${TEST_LONG:-0}
# the tests' scratch files on a RAM file system when there is one (TEST_TMPDIR
# chooses another): a flush there returns at once, and the order of the
# calls, which crash_*.sh check, is the same
tmp_base=${TEST_TMPDIR:-}
if [ -z "$tmp_base" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
    tmp_base=/dev/shm
fi
scratch=$(mktemp -d ${tmp_base:+-p "$tmp_base"}) || exit 2
mkdir -p "$scratch/tmp" && export TMPDIR=$scratch/tmp
trap 'rm -rf "$scratch"' EXIT
trap 'kill "${!running[@]}" 2>/dev/null; exit 130' INT TERM
logs=${TEST_LOG:-$scratch/log}
mkdir -p "$logs" "$scratch/res" && touch "$logs/durations" || exit 2
find "$logs" -mindepth 1 -maxdepth 1 ! -name durations -exec rm -rf {} + 2>/dev/null
export MRBC TEST_LONG=$long
export -n TEST_LOG TEST_TMPDIR JOBS SUITE   # the runner's, not the jobs'

ms() { local t=${EPOCHREALTIME/./}; echo $((10#$t / 1000)); }

# ---- the jobs: one a line, "SUITE ID", in the order they start ------------

# ID is unit/test_x, golden/SUITE/CASE, corpus/NAME or scripts/NAME.sh
list_jobs() {
    local t c s
    if [ "$long" = 1 ]; then
        for s in "$here"/scripts/*.sh; do
            head -n 40 "$s" | grep -q '^# long:' && echo "scripts scripts/${s##*/}"
        done
        return
    fi
    if [ -z "${SUITE:-}" ] || [ "$SUITE" = scripts ]; then
        for s in "$here"/scripts/*.sh; do [ -f "$s" ] && echo "scripts scripts/${s##*/}"; done
    fi
    if [ -z "${SUITE:-}" ] || [ "$SUITE" = unit ]; then
        for t in "$UNIT_DIR"/test_*; do [ -x "$t" ] && [ -f "$t" ] && echo "unit unit/${t##*/}"; done
    fi
    if [ -z "${SUITE:-}" ] || [ "$SUITE" = corpus ]; then
        for t in "$UNIT_DIR"/replay_*; do [ -x "$t" ] && echo "corpus corpus/${t##*/replay_}"; done
    fi
    case ${SUITE:-} in unit | corpus | scripts) return ;; esac
    for c in "$here"/golden/${SUITE:-*}/*/; do
        [ -f "$c/cmd" ] || continue
        c=${c#"$here"/golden/}
        echo "golden golden/${c%/}"
    done
}

# the same, those no earlier run timed first, in that order (scripts first),
# then the longest first by the durations of earlier runs
order_jobs() {
    list_jobs | awk 'FILENAME == ARGV[1] { ms[$1] = $2; next }
        { n++; key = ($2 in ms) ? sprintf("1 %015.0f", 1e12 - ms[$2]) : sprintf("0 %015.0f", n); print key "\t" $0 }' \
        "$logs/durations" - | sort | cut -f2-
}

# ---- running one job: its output to LOG, "PASSED FAILED" then the names
# of what failed to RES ------------------------------------------------------

job_unit() {
    local t=$UNIT_DIR/${1#unit/} out rc p f n
    out=$(CMOCKA_MESSAGE_OUTPUT=TAP ${WRAP:-} "$t" 2>&1) && rc=0 || rc=$?
    printf '%s\n' "$out"
    p=$(grep -c '^ok ' <<<"$out")
    f=$(grep -c '^not ok ' <<<"$out")
    # cmocka exits with the number of failed tests: any other end (a
    # sanitizer's report, a crash, an exit from the code under test) and a
    # plan of N tests without N results are failures too
    n=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' <<<"$out" | head -n 1)
    {
        if [ -z "$n" ] || [ "$rc" != "$f" ] || [ $((p + f)) != "$n" ]; then
            echo "$p $((f + 1))"; echo "${t##*/} (crashed)"
        else
            echo "$p $f"
        fi
        [ "$f" = 0 ] || echo "${t##*/}"
    } >"$2"
}

# compare what the command did with the case's out, err, rc and files
golden_compare() {
    local c=$1 w=$2 rc=$3 name=$4 want_rc=0 f ok=0
    [ -f "$c/rc" ] && want_rc=$(cat "$c/rc")
    if ! cmp -s "$w.out" "${c}out" 2>/dev/null && { [ -f "${c}out" ] || [ -s "$w.out" ]; }; then
        ok=1; echo "--- $name: standard output differs"; diff -u "${c}out" "$w.out" 2>/dev/null | head -n 40 || head -n 40 "$w.out"
    fi
    if ! cmp -s "$w.err" "${c}err" 2>/dev/null && { [ -f "${c}err" ] || [ -s "$w.err" ]; }; then
        ok=1; echo "--- $name: standard error differs"; diff -u "${c}err" "$w.err" 2>/dev/null | head -n 40 || head -n 40 "$w.err"
    fi
    if [ "$rc" != "$want_rc" ]; then ok=1; echo "--- $name: exit status $rc, expected $want_rc"; fi
    if [ -f "$c/files" ]; then
        while read -r f; do
            [ -n "$f" ] || continue
            if ! cmp -s "$w/$f" "$c/expect/$f"; then
                ok=1; echo "--- $name: file $f differs from expect/$f"
            fi
        done <"$c/files"
    fi
    return $ok
}

# MRBC_UPDATE=1: the case's out, err, rc and expect/ from what mrb did
golden_update() {
    local c=$1 w=$2 rc=$3 f
    cp "$w.out" "$c/out"; [ -s "$c/out" ] || rm -f "$c/out"
    cp "$w.err" "$c/err"; [ -s "$c/err" ] || rm -f "$c/err"
    if [ "$rc" != 0 ]; then echo "$rc" >"$c/rc"; else rm -f "$c/rc"; fi
    if [ -f "$c/files" ]; then
        rm -rf "$c/expect" && mkdir -p "$c/expect"
        while read -r f; do [ -z "$f" ] || cp "$w/$f" "$c/expect/$f" 2>/dev/null; done <"$c/files"
    fi
}

job_golden() {
    local name=${1#golden/} c w rc
    c=$here/golden/$name/ w=$scratch/g/$name
    mkdir -p "$w" && cp -R "$c". "$w"/ && ln -s "$top" "$w/root"
    if [ -f "$c/setup" ] && ! (cd "$w" && bash ./setup); then
        printf '0 1\n%s (setup)\n' "$name" >"$2"; return
    fi
    (cd "$w" && eval "${WRAP:-} \"\$MRBC\" $(cat cmd)" >"$w.out" 2>"$w.err" </dev/null); rc=$?
    [ "${MRBC_UPDATE:-}" = 1 ] && golden_update "$c" "$w" "$rc"
    if golden_compare "$c" "$w" "$rc" "$name"; then echo "1 0" >"$2"
    else
        printf '0 1\n%s\n' "$name" >"$2"
        # what it left, beside its log
        [ -z "${TEST_LOG:-}" ] || cp -R "$w" "$logs/golden/$name.files" 2>/dev/null
    fi
    rm -rf "$w" "$w.out" "$w.err"
}

# every corpus input of a fuzz target, replayed (must not crash)
job_corpus() {
    local t=${1#corpus/}
    if ${WRAP:-} "$UNIT_DIR/replay_$t" "$here"/fuzz/corpus/"$t"/*; then echo "1 0" >"$2"
    else printf '0 1\nfuzz corpus %s\n' "$t" >"$2"; fi
}

job_script() {
    if bash "$here/$1"; then echo "1 0" >"$2"; else printf '0 1\n%s\n' "$1" >"$2"; fi
}

run_job() {
    local id=$2 res=$scratch/res/${2//\//:} log=$logs/$2.log t0
    mkdir -p "${log%/*}"
    t0=$(ms)
    case $1 in
    unit) job_unit "$id" "$res" ;;
    golden) job_golden "$id" "$res" ;;
    corpus) job_corpus "$id" "$res" ;;
    scripts) job_script "$id" "$res" ;;
    esac >"$log" 2>&1 </dev/null
    [ -s "$res" ] || printf '0 1\n%s (no result)\n' "$id" >"$res"
    echo "$id $(($(ms) - t0))" >"$res.ms"
}

# ---- progress -----------------------------------------------------------------

declare -A total=() done_n=()
declare -A running=()  # pid -> "SUITE ID"
suites=()
pass=0 fail=0 started=$(ms) last_plain=0
failed=()
tty=0 cols=80
if [ -t 1 ]; then
    tty=1
    cols=$( (stty size </dev/tty) 2>/dev/null | cut -d' ' -f2)
    [[ $cols =~ ^[0-9]+$ ]] && [ "$cols" -gt 20 ] || cols=80
fi

progress() {
    local s line="" now=$(($(ms) - started)) names=() p
    for s in "${suites[@]}"; do line+="${line:+  }$s ${done_n[$s]}/${total[$s]}"; done
    line="[$((now / 1000)) s] $line; $pass passed, $fail failed"
    if [ $tty = 1 ]; then
        printf '\r%s\033[K' "${line:0:$((cols - 1))}"
    elif [ "${1:-}" = force ] || [ $((now - last_plain)) -ge 5000 ]; then
        for p in "${!running[@]}"; do names+=("${running[$p]#* }"); done
        echo "$line${names[0]:+ (running: ${names[*]})}"
        last_plain=$now
    fi
}

# a job ended: count it, and show its output when it failed
finished() {
    local suite=${1% *} id=${1#* } res p f log names
    res=$scratch/res/${id//\//:} log=$logs/$id.log
    done_n[$suite]=$((done_n[$suite] + 1))
    { read -r p f; mapfile -t names; } <"$res"
    pass=$((pass + p)); fail=$((fail + f))
    cat "$res.ms" >>"$scratch/durations"
    [ "$f" = 0 ] && return
    failed+=("${names[@]}")
    [ $tty = 1 ] && printf '\r\033[K'
    echo "--- FAILED: $id${TEST_LOG:+ (all its output: $log)}"
    if [ "$suite" = unit ]; then
        { grep -B2 -A6 '^not ok ' "$log" | head -n 60; grep -q '^not ok ' "$log" || tail -n 20 "$log"; } 2>/dev/null
    else
        tail -n 40 "$log"
    fi
}

# wait for a job to end (or for the ticker, to show progress)
reap() {
    local pid
    [ -n "${ticker:-}" ] || { sleep 1 & ticker=$!; }
    wait -n -p pid "${!running[@]}" "$ticker"
    if [ "$pid" = "$ticker" ]; then ticker=; progress; return; fi
    [ -n "$pid" ] && [ -n "${running[$pid]:-}" ] || return
    finished "${running[$pid]}"
    unset "running[$pid]"
    progress
}

mapfile -t all < <(order_jobs)
for j in "${all[@]}"; do
    s=${j% *}
    [ -n "${total[$s]:-}" ] || { suites+=("$s"); total[$s]=0; done_n[$s]=0; }
    total[$s]=$((total[$s] + 1))
done
[ "$tty" = 1 ] || echo "running ${#all[@]} jobs, $jobs at a time"
for j in "${all[@]}"; do
    while [ "${#running[@]}" -ge "$jobs" ]; do reap; done
    run_job "${j%% *}" "${j#* }" &
    running[$!]=$j
done
while [ "${#running[@]}" -gt 0 ]; do reap; done
[ -n "${ticker:-}" ] && kill "$ticker" 2>/dev/null
progress force
[ $tty = 1 ] && echo

# keep the durations for the next run's order
if [ -n "${TEST_LOG:-}" ] && [ -s "$scratch/durations" ]; then
    awk 'FILENAME == ARGV[1] { new[$1] = $2; next } !($1 in new) { print } END { for (k in new) print k, new[k] }' \
        "$scratch/durations" "$logs/durations" >"$scratch/durations.all" && mv "$scratch/durations.all" "$logs/durations"
fi
for n in "${failed[@]+"${failed[@]}"}"; do echo "FAILED: $n"; done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
