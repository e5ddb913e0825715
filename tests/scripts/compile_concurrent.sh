#!/usr/bin/env bash
# compile_concurrent.sh - ten `mrb compile -o c` of one procedure at once.
#
# Each trial starts ten compiles of p.mrb into one folder at the same
# moment, five against listing a.txt and five against b.txt (the same
# listing with one more line: another SHA-256, so every file differs).
# Before the folder lock, they removed each other's staging files (E007
# "cannot put c/... in place") and could leave a mixed folder although
# several had exited 0.  Now each compile must either exit 0 or be refused
# with exit 1 by E012 (another compile of p holds the folder's lock; the
# message gives that compile's pid) or E011 (the folder holds the other
# listing's plan); at least one exits 0; and once all have ended the
# folder holds exactly the set of one exit-0 compile (mrb verify), with
# no staging or lock file left.  Without --force every exit-0 compile is
# of the same listing; with --force any may replace the plan.
# COMPILE_CONCURRENT_TRIALS sets the trials of each kind (default 3).
# long: TEST_LONG=1 (make check-long) runs 50 trials of each kind.
set -u
. "$(dirname "$0")/common.bash"
ex=$here/../examples
cd "$work" || exit 1
fails=0 ok=0 busy=0 other=0 trials=${COMPILE_CONCURRENT_TRIALS:-$([ "${TEST_LONG:-0}" = 1 ] && echo 50 || echo 3)}
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

cp "$ex/gpt-rebuild.mrb" p.mrb
cp "$ex/listings/seed-gpt-probed.txt" a.txt
{ cat a.txt; echo; } >b.txt

trial() {
    local force=$1 t=$2 i rc l won=""
    rm -rf c r && mkdir c r
    for i in 0 1 2 3 4 5 6 7 8 9; do
        l=a; [ $((i % 2)) = 1 ] && l=b
        ( "$MRBC" compile p.mrb --listing $l.txt -o c $force >/dev/null 2>"r/$i.err"; echo $? >"r/$i.rc"; echo $l >"r/$i.l" ) &
    done
    wait
    for i in 0 1 2 3 4 5 6 7 8 9; do
        rc=$(cat "r/$i.rc") l=$(cat "r/$i.l")
        tr -d '\r' <"r/$i.err" >"r/$i.e"     # (mrb.exe under wine: CRLF)
        if [ "$rc" = 0 ]; then
            ok=$((ok + 1))
            case $won in "") won=$l ;; "$l") ;; *) [ -z "$force" ] && fail "trial $t: both listings' compiles exited 0 without --force" ;; esac
        elif [ "$rc" = 1 ] && grep -q '^mrb: error: another mrb compile of p is writing c\( (pid [0-9]*)\)\?: try again once it has ended \[E012\]$' "r/$i.e"; then
            busy=$((busy + 1))
        elif [ "$rc" = 1 ] && [ -z "$force" ] && grep -q '^mrb: error: c holds another plan of p (another listing): --force replaces it \[E011\]$' "r/$i.e"; then
            other=$((other + 1))
        else
            fail "trial $t${force:+ $force}: compile $i ($l.txt) exited $rc: $(grep -v '^ \|note: assumed' "r/$i.e" | head -3)"
        fi
    done
    [ -n "$won" ] || fail "trial $t${force:+ $force}: no compile exited 0"
    if ! "$MRBC" verify c p.mrb --listing a.txt >/dev/null 2>&1 && ! "$MRBC" verify c p.mrb --listing b.txt >/dev/null 2>&1; then
        fail "trial $t${force:+ $force}: the folder is not one whole set: $(ls c | tr '\n' ' ')"
    elif [ -z "$force" ] && ! "$MRBC" verify c p.mrb --listing $won.txt >/dev/null 2>&1; then
        fail "trial $t: the folder is not the set of $won.txt, the listing of every compile that exited 0"
    fi
    ls -A c | grep -q 'mrb-' && fail "trial $t${force:+ $force}: left in the folder: $(ls -A c | grep 'mrb-')"
}

for ((n = 1; n <= trials; n++)); do
    trial "" "$n"
    trial --force "$n"
done
echo "compile_concurrent: $((2 * trials)) trials of 10 compiles: $ok exited 0, $busy refused as the folder was in use (E012)," \
    "$other as it held the other listing's plan (E011); $fails failures"
[ $fails = 0 ]
