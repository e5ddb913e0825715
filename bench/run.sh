#!/bin/sh
# run.sh - make the benchmark inputs, time mrb beside its references, and print one table.
#
# usage: MRBC=build/mrb sh bench/run.sh     (what `make bench` runs; see bench/README.md)
#
# Needs hyperfine, GNU time (/usr/bin/time) and a C compiler ($CC, for the
# flushed-write reference).  Every input is generated under $BENCH_DIR
# (default build/bench); the table also goes to $BENCH_DIR/RESULTS.md with
# the machine it ran on.  Timings are hyperfine medians, without a shell
# (-N); every figure is a ratio to a reference timed in the same run.
set -eu

here=$(dirname "$0")
B=${BENCH_DIR:-build/bench}
MRBC=${MRBC:-build/mrb}
CC=${CC:-cc}
mkdir -p "$B"
B=$(cd "$B" && pwd)
# a scratch folder on tmpfs, when the machine has one
T=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    T=$(mktemp -d /dev/shm/mrb-bench.XXXXXX)
    trap 'rm -rf "$T"' EXIT
    trap 'exit 1' INT TERM
fi
# time a copy: a rebuild of the tree during the run must not change the binary
cp "$MRBC" "$B/mrb"
MRBC=$B/mrb
EX=$(cd "$here/../examples" && pwd)
: > "$B/hyperfine.log"
: > "$B/rows.txt"

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

# hf GROUP [HYPERFINE OPTION...] -n NAME CMD [-n NAME CMD...]: medians into GROUP.csv
hf() {
    g=$1; shift
    hyperfine -N --warmup 3 --style basic --export-csv "$B/$g.csv" "$@" >> "$B/hyperfine.log" 2>&1 || { tail -n 20 "$B/hyperfine.log" >&2; die "hyperfine failed in $g"; }
}
# med GROUP NAME: the median of NAME, in seconds
med() { awk -F, -v n="$2" '$1 == n { print $4 }' "$B/$1.csv"; }
# rss CMD...: peak resident set of CMD in KB, the largest of 3 runs
rss() {
    best=0
    for i in 1 2 3; do
        /usr/bin/time -f %M -o "$B/rss.out" "$@" >/dev/null 2>&1 || die "failed: $*"
        k=$(tail -n 1 "$B/rss.out")
        [ "$k" -gt "$best" ] && best=$k
    done
    echo "$best"
}
# row FIGURE MRBC REFERENCE RATIO BUDGET VERDICT
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$B/rows.txt"; }
# ms SECONDS: milliseconds, 3 significant digits
ms() { awk -v s="$1" 'BEGIN { v = s * 1000; printf (v >= 100 ? "%.0f ms" : v >= 10 ? "%.1f ms" : "%.2f ms"), v }'; }
# ratio A B; within RATIO LIMIT (ratio <= limit)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
within() { awk -v r="$1" -v l="$2" 'BEGIN { print (r <= l ? "met" : "MISSED") }'; }

# ---- lint throughput ---------------------------------------------------
say "lint corpus"
sh "$here/gen-lint.sh" "$B/lint" 10000 >/dev/null
cd "$B/lint"
files=$(ls)
nfiles=$(echo "$files" | wc -l)
bytes=$(cat $files | wc -c)
"$MRBC" check $files > "$B/lint-check.out" 2>&1 || true
if [ -s "$B/lint-check.out" ]; then
    sed -n '1,20p' "$B/lint-check.out" >&2
    die "the lint corpus does not check clean (all diagnostics in $B/lint-check.out)"
fi
say "lint: mrb check, awk, wc -l over $nfiles files"
hf lint -n check "$MRBC check $files" -n awk "awk '{n += NF}' $files" -n wc "wc -l $files"
tc=$(med lint check); ta=$(med lint awk); tw=$(med lint wc)
mbs() { awk -v b="$bytes" -v t="$1" -v f="$nfiles" 'BEGIN { printf "%.1f MB/s, %.0f files/s", b / 1e6 / t, f / t }'; }
r=$(ratio "$tc" "$ta")
row "lint: check $nfiles files ($(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'))" \
    "$(mbs "$tc")" "awk: $(mbs "$ta")" "$r" "<= 1 (time)" "$(within "$r" 1)"
row "lint: check beside wc -l" "$(ms "$tc")" "wc -l: $(ms "$tw")" "$(ratio "$tc" "$tw")" "-" "info"
cd - >/dev/null

# ---- compile latency ---------------------------------------------------
mkdir -p "$B/compile"
for ex in gpt mbr; do
    src="$EX/$ex-rebuild.mrb"
    lst="$EX/listings/seed-$ex-probed.txt"
    "$MRBC" compile "$src" --listing "$lst" -o "$B/compile" >/dev/null 2>&1 || die "compile of $src failed"
    say "compile: $ex example, /bin/true, cat"
    hf "compile-$ex" -n mrb "$MRBC compile $src --listing $lst -o $B/compile" -n true "/bin/true" -n cat "cat $src $lst"
    tm=$(med "compile-$ex" mrb); tt=$(med "compile-$ex" true); tk=$(med "compile-$ex" cat)
    r=$(ratio "$tm" "$tt")
    row "compile $ex example: time" "$(ms "$tm")" "/bin/true: $(ms "$tt")" "$r" "<= 3" "$(within "$r" 3)"
    row "compile $ex example: time beside cat" "$(ms "$tm")" "cat: $(ms "$tk")" "$(ratio "$tm" "$tk")" "-" "info"
    km=$(rss "$MRBC" compile "$src" --listing "$lst" -o "$B/compile"); kt=$(rss /bin/true)
    row "compile $ex example: peak RSS" "$km KB" "/bin/true: $kt KB" "$(ratio "$km" "$kt")" "< 4096 KB" \
        "$(awk -v k="$km" 'BEGIN { print (k < 4096 ? "met" : "MISSED") }')"
done

# The same compiles with the output on tmpfs: the time without the flushes.
if [ -n "$T" ]; then
    for ex in gpt mbr; do
        src="$EX/$ex-rebuild.mrb"
        hf "tmpfs-$ex" -n mrb "$MRBC compile $src --listing $EX/listings/seed-$ex-probed.txt -o $T" -n true "/bin/true"
        tm=$(med "tmpfs-$ex" mrb); tt=$(med "tmpfs-$ex" true)
        row "compile $ex example, output on tmpfs: time" "$(ms "$tm")" "/bin/true: $(ms "$tt")" "$(ratio "$tm" "$tt")" \
            "-" "info"
    done
fi

# ---- scaling -----------------------------------------------------------
# Output on tmpfs when there is one: the flushes of the written files cost
# the same at every size and would hide how the compile itself grows.
mkdir -p "$B/scale"
O=${T:-$B/scale}
for n in 8 64 512; do
    sh "$here/gen-server.sh" "$n" > "$B/scale/disks-$n.txt"
    "$MRBC" compile "$EX/gpt-rebuild.mrb" --listing "$B/scale/disks-$n.txt" -o "$B/scale" --force >/dev/null 2>&1 ||
        die "compile against $B/scale/disks-$n.txt failed"
done
for n in 1 100 10000; do
    sh "$here/gen-volumes.sh" "$n" "$B/scale"
    "$MRBC" compile "$B/scale/vol-$n.mrb" --listing "$B/scale/vol-$n.txt" -o "$B/scale" >/dev/null 2>&1 ||
        die "compile of $B/scale/vol-$n.mrb failed"
done
say "scaling: 8, 64, 512 disks"
# --force: each listing's plan replaces the last one's in the same folder
c="$MRBC compile $EX/gpt-rebuild.mrb -o $O --force --listing $B/scale"
hf disks -n d8 "$c/disks-8.txt" -n d64 "$c/disks-64.txt" -n d512 "$c/disks-512.txt"
say "scaling: 1, 100, 10000 volumes"
c="$MRBC compile -o $O"
hf volumes --min-runs 5 -n v1 "$c $B/scale/vol-1.mrb --listing $B/scale/vol-1.txt" \
    -n v100 "$c $B/scale/vol-100.mrb --listing $B/scale/vol-100.txt" \
    -n v10000 "$c $B/scale/vol-10000.mrb --listing $B/scale/vol-10000.txt"
scale() { # GROUP SMALL BIG LABEL-SMALL LABEL-BIG LIMIT
    a=$(med "$1" "$2"); b=$(med "$1" "$3"); r=$(ratio "$b" "$a")
    row "scaling: compile, $4 -> $5$W" "$5: $(ms "$b")" "$4: $(ms "$a")" "$r" "<= $6" "$(within "$r" "$6")"
}
W=""; [ -n "$T" ] && W=" (output on tmpfs)"
scale disks d8 d64 "8 disks" "64 disks" 9
scale disks d64 d512 "64 disks" "512 disks" 9
scale volumes v1 v100 "1 volume" "100 volumes" 112
scale volumes v100 v10000 "100 volumes" "10000 volumes" 112

# ---- run overhead ------------------------------------------------------
# `mrb sim --state` saves the simulated server atomically (write, fsync,
# rename, fsync of the folder) after every DiskPart command of the GPT
# example's compiled scripts, run as one script.
mkdir -p "$B/run"
cat "$B/compile"/gpt-rebuild.0[1-9].diskpart.txt | tr -d '\r' | grep -v -e '^rem ' -e '^exit$' > "$B/run/gpt.script"
ncmd=$(wc -l < "$B/run/gpt.script")
lst="$EX/listings/seed-gpt-probed.txt"
rm -f "$B/run/state"
"$MRBC" sim "$lst" "$B/run/gpt.script" --state "$B/run/state" >/dev/null 2>&1 || die "mrb sim of the GPT example failed"
size=$(wc -c < "$B/run/state")
"$CC" -std=c11 -O2 -o "$B/flushw" "$here/flushw.c"
say "run overhead: mrb sim --state, $ncmd commands, beside $ncmd flushed writes of $size bytes"
hf run --prepare "rm -f $B/run/state" -n state "$MRBC sim $lst $B/run/gpt.script --state $B/run/state" \
    -n nostate "$MRBC sim $lst $B/run/gpt.script" -n flushw "$B/flushw $B/run/flushed $size $ncmd"
ts=$(med run state); tn=$(med run nostate); tf=$(med run flushw)
per=$(awk -v a="$ts" -v b="$tn" -v n="$ncmd" 'BEGIN { print (a - b) / n }')
ref=$(awk -v a="$tf" -v n="$ncmd" 'BEGIN { print a / n }')
r=$(ratio "$per" "$ref")
row "run overhead per command (sim --state, state only, $ncmd cmds)" "$(ms "$per")" "flushed write of $size B: $(ms "$ref")" \
    "$r" "<= 2" "$(within "$r" 2)"

# `mrb run --simulate` of the GPT example, when this mrb has it: the
# journal (intent and done records, each flushed) and the state file (saved
# atomically) of every DiskPart command.  Its own cost beyond the flushes,
# proving the procedure as compile does, is taken off with the compile's
# time on tmpfs (or on disk when there is no tmpfs).
if "$MRBC" --help 2>/dev/null | grep -q '^  run .*--simulate'; then
    src="$EX/gpt-rebuild.mrb"
    cmd="$MRBC run $src --simulate $lst --state $B/run/run.state --journal $B/run/run.journal"
    rm -f "$B/run/run.state" "$B/run/run.journal"
    $cmd >/dev/null 2>&1 || die "mrb run --simulate of the GPT example failed"
    size=$(wc -c < "$B/run/run.state")
    say "run overhead: mrb run --simulate, $ncmd commands"
    hf runj --prepare "rm -f $B/run/run.state $B/run/run.journal" -n run "$cmd" \
        -n compile "$MRBC compile $src --listing $lst -o ${T:-$B/compile}" -n flushw "$B/flushw $B/run/flushed $size $ncmd"
    tr=$(med runj run); tc=$(med runj compile); tf=$(med runj flushw)
    per=$(awk -v a="$tr" -v b="$tc" -v n="$ncmd" 'BEGIN { print (a - b) / n }')
    ref=$(awk -v a="$tf" -v n="$ncmd" 'BEGIN { print a / n }')
    r=$(ratio "$per" "$ref")
    row "run overhead per command (run --simulate, journal + state, $ncmd cmds)" "$(ms "$per")" \
        "flushed write of $size B: $(ms "$ref")" "$r" "<= 2" "$(within "$r" 2)"
fi

# ---- listing reader ----------------------------------------------------
say "listing reader: 512 disks, 512 volumes"
l="$B/scale/disks-512.txt"
hf listing -n mrb "$MRBC listing $l" -n awk "awk '{n += NF}' $l"
tl=$(med listing mrb); ta=$(med listing awk)
row "listing: 512 disks, 512 volumes ($(wc -c < "$l") B)" "$(ms "$tl")" "awk: $(ms "$ta")" "$(ratio "$tl" "$ta")" "-" "info"

# ---- the table ---------------------------------------------------------
{
    printf '| figure | mrb | reference | ratio | budget | verdict |\n'
    printf '| --- | --- | --- | --- | --- | --- |\n'
    awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$B/rows.txt"
} > "$B/table.md"
{
    echo "# mrb benchmarks: the last full run"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), mrb $("$MRBC" --version | cut -d' ' -f2), $(hyperfine --version)"
    echo
    cat "$B/table.md"
    echo
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
        "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory," \
        "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)," \
        "$(df -PT "$B" | awk 'NR == 2 { print $2 }') under the bench folder."
} > "$B/RESULTS.md" 2>/dev/null || true
cat "$B/table.md"
