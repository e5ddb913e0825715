#!/usr/bin/env bash
# driver.sh - the emitted .cmd driver, run by cmd.exe (under wine), with
# diskpart, findstr, robocopy and bcdedit replaced by standin.c: diskpart
# is the Windows build of `mrbc sim` on a state file, the last two log
# their arguments.
# Usage: MRBC=build/mrbc MRBC_EXE=build/mrbc.exe STANDIN_EXE=... driver.sh
#
# Checks that the driver runs every script and command in order and ends
# in the state an uninterrupted simulation reaches; that its stale-plan
# guard refuses a server that changed since the listing, changing nothing;
# that it stops at the first failing step with that step's message; and
# that it refuses, running nothing, when a script is not of its compile.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
ex=$here/../examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# a folder with the compiled driver and the stand-ins, from listing $2
setup() {
    local dir=$work/$1 listing=$2
    mkdir -p "$dir"
    "$MRBC" compile "$ex/gpt-rebuild.mrb" --listing "$ex/listings/seed-gpt-probed.txt" -o "$dir" >/dev/null 2>&1 ||
        { fail "$1: compile refused"; return 1; }
    cp "$MRBC_EXE" "$dir/mrbc.exe"
    for p in diskpart findstr robocopy bcdedit; do cp "$STANDIN_EXE" "$dir/$p.exe"; done
    cp "$listing" "$dir/server.txt"
}

run() { (cd "$work/$1" && MRB_PAUSE=1 WINEDEBUG=-all timeout 300 wine cmd /c gpt-rebuild.cmd >out.txt 2>&1); }
same_as_listing() { [ "$("$MRBC" listing "$1/state.txt" 2>&1)" = "$("$MRBC" listing "$1/server.txt" 2>&1)" ]; }

# 1. the whole procedure
setup ok "$ex/listings/seed-gpt-probed.txt" && {
    run ok; rc=$?
    [ $rc = 0 ] || fail "the driver exited $rc: $(tr -d '\r' <"$work/ok/out.txt" | tail -n 5)"
    grep -q 'mrb: all steps done' "$work/ok/out.txt" || fail "no 'all steps done'"
    # what the same scripts do, run by mrbc sim directly
    ( cd "$work/ok" && rm -f ref.txt && for s in gpt-rebuild.0[1-9].diskpart.txt; do
        "$MRBC" sim server.txt "$s" --state ref.txt >/dev/null 2>&1; done )
    "$MRBC" listing "$work/ok/state.txt" >"$work/ok/got.txt" 2>&1
    "$MRBC" listing "$work/ok/ref.txt" >"$work/ok/want.txt" 2>&1
    cmp -s "$work/ok/got.txt" "$work/ok/want.txt" || fail "the driver's end state differs from the scripts' own"
    grep -q 'Volume 0     C   Windows      NTFS   Mirror      1862 GB  Rebuild' "$work/ok/got.txt" ||
        fail "volume C is not rebuilding at the end: $(cat "$work/ok/got.txt")"
    tr -d '\r' <"$work/ok/calls.log" | sed 's/ *$//' >"$work/ok/calls.txt"
    printf '%s\n' 'robocopy s:\ t:\ * /e /copyall /xf BCD.* /xd "System Volume Information"' \
        'bcdedit /export t:\EFI\Microsoft\Boot\BCD' \
        'bcdedit /store t:\EFI\Microsoft\Boot\BCD /set {bootmgr} device partition=t:' >"$work/ok/calls.want"
    diff -u "$work/ok/calls.want" "$work/ok/calls.txt" || fail "robocopy/bcdedit calls differ"
}

# 2. the server changed since the listing: nothing runs
stale=$work/stale-listing.txt
sed 's/^  Disk 1    Online         1863 GB  1863 GB$/  Disk 1    Online         1863 GB  1000 GB/' \
    "$ex/listings/seed-gpt-probed.txt" >"$stale"
setup stale "$stale" && {
    run stale; rc=$?
    [ $rc = 1 ] || fail "stale: the driver exited $rc, expected 1"
    grep -q 'the server no longer shows' "$work/stale/out.txt" || fail "stale: no message"
    grep -q 'Disk 1    Online         1863 GB  1863 GB' "$work/stale/out.txt" || fail "stale: the row is not shown"
    [ ! -e "$work/stale/state.txt" ] || same_as_listing "$work/stale" || fail "stale: something ran"
    grep -q 'step 1 of' "$work/stale/out.txt" && fail "stale: a step started"
}

# 3. a step fails: the driver stops there and says which
setup broken "$ex/listings/seed-gpt-probed.txt" && {
    STANDIN_ROBOCOPY=16 run broken; rc=$?
    [ $rc = 1 ] || fail "broken: the driver exited $rc, expected 1"
    grep -q 'mrb: step 4 failed: Copy the boot environment to the replacement disk' "$work/broken/out.txt" ||
        fail "broken: no step-4 failure message: $(tr -d '\r' <"$work/broken/out.txt" | tail -n 8)"
    grep -q bcdedit "$work/broken/calls.log" && fail "broken: bcdedit ran after robocopy failed"
    grep -q 'step 5 of' "$work/broken/out.txt" && fail "broken: step 5 started"
}

# 4. a script of another compile beside the driver (a compile killed while
# it put its files in place): the compile-id check refuses, nothing runs
setup mixed "$ex/listings/seed-gpt-probed.txt" && {
    sed -i 's/^rem mrb compile id [0-9a-f]*/rem mrb compile id 0123456789abcdef0123456789abcdef/' \
        "$work/mixed/gpt-rebuild.03.diskpart.txt"
    run mixed; rc=$?
    [ $rc = 1 ] || fail "mixed: the driver exited $rc, expected 1"
    grep -q 'not all of its compile' "$work/mixed/out.txt" ||
        fail "mixed: no message: $(tr -d '\r' <"$work/mixed/out.txt" | tail -n 5)"
    [ ! -e "$work/mixed/state.txt" ] || fail "mixed: DiskPart ran"
    grep -q 'checking that the server' "$work/mixed/out.txt" && fail "mixed: the guard ran"
}

[ $fails = 0 ] && echo "the driver runs, guards and stops as it should (4 cases)"
[ $fails = 0 ]
