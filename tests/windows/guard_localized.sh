#!/usr/bin/env bash
# guard_localized.sh - the emitted driver's stale-plan guard on a French
# server, run by cmd.exe under wine: the plan compiled from a French capture
# (words given with --words) must accept what that server prints (French
# rows, in the OEM code page CP850 that cmd's redirection writes, CRLF) and
# refuse, changing nothing, a server that changed since, or rows that are
# not the server's own (the English listing of the same disks); and its
# identity guard on a French capture with detail disk: the disks as
# captured pass, a disk with another Location Path is refused.
# Usage: MRBC=build/mrb STANDIN_EXE=... LISTING_STANDIN_EXE=... guard_localized.sh
set -u
. "$(dirname "$0")/common.bash"
fx=$here/fixtures/listings

# what the server prints, from a capture (UTF-8, LF): in the OEM code page
# (a character it lacks, ’, as cmd's redirection writes it: ') with CRLF
oem() { iconv -f UTF-8 -t CP850//TRANSLIT | sed 's/$/\r/'; }

# $1: case name, $2: what the server prints now (UTF-8, LF; converted
# here), and for each disk N it has a section of (from its line "Le disque
# N est maintenant le disque sélectionné."), what `select disk N` and
# `detail disk` print (server-now-diskN.txt); compiled against COMPILED
# (default fr-gpt-degraded.txt)
setup() {
    local dir=$work/$1 n
    mkdir -p "$dir"
    "$MRBC" compile "$ex/gpt-rebuild.mrb" --listing "${COMPILED:-$fx/fr-gpt-degraded.txt}" --words "$fx/words-fr.txt" \
        -o "$dir" >/dev/null 2>&1 || { fail "$1: compile refused"; return 1; }
    cp "$LISTING_STANDIN_EXE" "$dir/diskpart.exe"
    for p in findstr robocopy bcdedit fltmc; do cp "$STANDIN_EXE" "$dir/$p.exe"; done
    oem <"$2" >"$dir/server-now.txt" || { fail "$1: iconv"; return 1; }
    for n in $(sed -n 's/^Le disque \([0-9]*\) est maintenant le disque s.*/\1/p' "$2"); do
        awk -v n="$n" '/^Le disque [0-9]+ est maintenant le disque s/ { on = ($3 == n) } on' "$2" |
            oem >"$dir/server-now-disk$n.txt" || { fail "$1: iconv"; return 1; }
    done
}
run() { (cd "$work/$1" && MRB_PAUSE=1 WINEDEBUG=-all timeout 300 wine cmd /c gpt-rebuild.cmd >out.txt 2>&1); }

# 1. the server as captured: the guard passes, every step runs
setup same "$fx/fr-gpt-degraded.txt" && {
    run same; rc=$?
    [ $rc = 0 ] || fail "same: the driver exited $rc: $(tr -d '\r' <"$work/same/out.txt" | tail -n 5)"
    grep -q 'no longer shows' "$work/same/out.txt" && fail "same: the guard refused the server's own rows"
    grep -q 'mrb: every step is done' "$work/same/out.txt" || fail "same: no 'every step is done'"
    # the resync watch reads English words: on this server it says how to
    # watch, and never that the rebuild is complete
    grep -q 'mrb: to watch it: run diskpart' "$work/same/out.txt" || fail "same: no advice on the resync"
    grep -q 'the rebuild is complete' "$work/same/out.txt" && fail "same: the rebuild said complete"
    printf 'diskpart gpt-rebuild.0%s.diskpart.txt\n' 1 2 3 4 5 >"$work/same/want.log"
    grep '^diskpart' "$work/same/calls.log" | tr -d '\r' | diff -u "$work/same/want.log" - || fail "same: the steps ran otherwise"
}

# 2. the replacement disk's free space changed: refused, nothing runs
sed 's/^  Disque 1    En ligne       1863 G octets  1863 G octets$/  Disque 1    En ligne       1863 G octets  1000 G octets/' \
    "$fx/fr-gpt-degraded.txt" >"$work/changed.txt"
cmp -s "$work/changed.txt" "$fx/fr-gpt-degraded.txt" && fail "changed: the test did not change the capture"
setup changed "$work/changed.txt" && {
    run changed; rc=$?
    [ $rc = 1 ] || fail "changed: the driver exited $rc, expected 1"
    grep -q 'the server no longer shows' "$work/changed/out.txt" || fail "changed: no message"
    grep -q 'Disque 1    En ligne       1863 G octets  1863 G octets' "$work/changed/out.txt" ||
        fail "changed: the row is not shown"
    [ -e "$work/changed/calls.log" ] && fail "changed: something ran: $(cat "$work/changed/calls.log")"
    grep -q 'step 1 of' "$work/changed/out.txt" && fail "changed: a step started"
}

# 3. the English listing of the same disks is not what this server prints
setup english "$ex/listings/seed-gpt-probed.txt" && {
    run english; rc=$?
    [ $rc = 1 ] || fail "english: the driver exited $rc, expected 1"
    grep -q 'the server no longer shows' "$work/english/out.txt" || fail "english: no message"
    [ -e "$work/english/calls.log" ] && fail "english: something ran"
}

# 4. a French capture with detail disk: the identity guard checks disks 1
# and 0 in the server's words and passes them, every step runs
third=$fx/fr-third-dynamic.txt
COMPILED=$third setup same-disks "$third" && {
    run same-disks
    identity_passed same-disks $?
    grep -q 'does not show the' "$work/same-disks/out.lf" && fail "same-disks: a disk was refused"
    printf 'diskpart gpt-rebuild.0%s.diskpart.txt\n' 1 2 3 4 5 >"$work/same-disks/want.log"
    grep '^diskpart' "$work/same-disks/calls.log" | tr -d '\r' | diff -u "$work/same-disks/want.log" - ||
        fail "same-disks: the steps ran otherwise"
}

# 5. the same, but disk 1 (the target) is in another slot: refused, naming
# the field, nothing runs
COMPILED=$third setup other-slot "$third" && {
    sed -i 's/ATA(C00T01L00)/ATA(C00T04L00)/' "$work/other-slot/server-now-disk1.txt"
    grep -q 'C00T04L00' "$work/other-slot/server-now-disk1.txt" || fail "other-slot: the test did not change disk 1"
    run other-slot; rc=$?
    tr -d '\r' <"$work/other-slot/out.txt" >"$work/other-slot/out.lf"
    [ $rc = 1 ] || fail "other-slot: the driver exited $rc, expected 1"
    grep -A1 'mrb: Disk 1 does not show the Location Path the listing captured:' "$work/other-slot/out.lf" |
        grep -q '^  PCIROOT(0)#PCI(1F02)#ATA(C00T01L00)$' ||
        fail "other-slot: no message: $(tail -n 8 "$work/other-slot/out.lf")"
    [ -e "$work/other-slot/calls.log" ] && fail "other-slot: something ran: $(cat "$work/other-slot/calls.log")"
}

passed "the guard checks a French server's own rows and disks (5 cases)"
