#!/usr/bin/env bash
# driver.sh - the emitted .cmd driver, run by cmd.exe (under wine), with
# diskpart, findstr, robocopy and bcdedit replaced by standin.c: diskpart
# is the Windows build of `mrb sim` on a state file, the last two log
# their arguments.
# Usage: MRBC=build/mrb MRBC_EXE=build/mrb.exe STANDIN_EXE=... driver.sh
#
# Checks that the driver runs every script and command in order and ends
# in the state an uninterrupted simulation reaches, logging every DiskPart
# output, then watches the mirrors resynchronise until they are Healthy;
# that it then compares the server with the predicted listing, NAME.after.txt
# (a mirror Rebuild or Healthy alike) and reports each row it lacks;
# that its stale-plan guard refuses a server that changed since the
# listing, changing nothing; that its identity guard (detail disk of each
# disk the plan writes or reads) passes the disks the listing captured and
# refuses, changing nothing, a disk with another Disk ID or Location Path,
# naming the disk and the field; that it stops at the first failing step with
# that step's message; that it refuses to run unelevated or renamed; and
# that procedure file names with spaces, & ^ ( ) ! and characters outside
# ASCII give a driver that runs as well; and that it refuses, running
# nothing, when a script is not of its compile.  (A '%' in a name is not tried:
# wine's cmd expands a variable's value a second time, which cmd.exe does
# not; the driver never writes the name, so it is the same text.)
set -u
. "$(dirname "$0")/common.bash"

# a folder with the compiled driver and the stand-ins, from listing $2 (what
# the server shows); the procedure is named $3 (default gpt-rebuild) and
# compiled against COMPILED (default the guide's probed listing)
setup() {
    local dir=$work/$1 listing=$2 name=${3:-gpt-rebuild}
    mkdir -p "$dir"
    cp "$ex/gpt-rebuild.mrb" "$dir/$name.mrb"
    (cd "$dir" && "$MRBC" compile "$name.mrb" --listing "${COMPILED:-$ex/listings/seed-gpt-probed.txt}" -o . \
        >/dev/null 2>&1) ||
        { fail "$1: compile refused"; return 1; }
    cp "$MRBC_EXE" "$dir/mrb.exe"
    for p in diskpart findstr robocopy bcdedit fltmc; do cp "$STANDIN_EXE" "$dir/$p.exe"; done
    cp "$listing" "$dir/server.txt"
    # cmd /c "NAME.cmd" would drop the quotes of a name with & or ( in it:
    # the driver is started by a launcher that takes its name from MRB_T
    printf '@"%%MRB_T%%"\r\n' >"$dir/launch.cmd"
}

# run the driver NAME.cmd ($2, default gpt-rebuild.cmd) of folder $1: 1 s
# between two DiskPart runs, looks at the mirrors 2 s apart (1 s of wait, then
# the pause before the look's DiskPart run)
run() {
    (cd "$work/$1" && MRB_T=${2:-gpt-rebuild.cmd} MRB_PAUSE=${MRB_PAUSE:-1} MRB_RESYNC=${MRB_RESYNC:-2} \
        STANDIN_RESYNC=${STANDIN_RESYNC:-4} WINEDEBUG=-all timeout 300 wine cmd /c launch.cmd >out.txt 2>&1)
}
same_as_listing() { [ "$("$MRBC" listing "$1/state.txt" 2>&1)" = "$("$MRBC" listing "$1/server.txt" 2>&1)" ]; }

# 1. the whole procedure
setup ok "$ex/listings/seed-gpt-probed.txt" && {
    run ok; rc=$?
    [ $rc = 0 ] || fail "the driver exited $rc: $(tr -d '\r' <"$work/ok/out.txt" | tail -n 5)"
    tr -d '\r' <"$work/ok/out.txt" >"$work/ok/out.lf"
    grep -q 'mrb: every step is done; the mirrors now resynchronise on their own' "$work/ok/out.lf" ||
        fail "no 'every step is done'"
    grep -A1 'mrb: the mirrored volumes after 0 s' "$work/ok/out.lf" | grep -q 'Mirror .* Rebuild ' ||
        fail "the resync's first look does not show volume C rebuilding"
    grep -q 'mrb: 1 s to the next look at the mirrors' "$work/ok/out.lf" || fail "no line during the wait"
    grep -q 'mrb: no mirror shows Rebuild any more' "$work/ok/out.lf" || fail "the resync's end is not reported"
    grep -q 'mrb: the server shows the disks and volumes compile predicted' "$work/ok/out.lf" ||
        fail "the end is not compared with the predicted listing: $(tail -n 8 "$work/ok/out.lf")"
    grep -q 'not shown' "$work/ok/out.lf" && fail "a predicted row is reported missing: $(tail -n 8 "$work/ok/out.lf")"
    grep -q 'DiskPart successfully converted the selected disk to GPT format' "$work/ok/out.lf" ||
        fail "DiskPart's output is not on the screen"
    tr -d '\r' <"$work/ok/gpt-rebuild.log" >"$work/ok/log.lf" 2>/dev/null
    grep -q '^\[.*\] diskpart /s "gpt-rebuild.02.diskpart.txt"$' "$work/ok/log.lf" &&
        grep -q 'DiskPart successfully converted the selected disk to GPT format' "$work/ok/log.lf" &&
        grep -q '^\[.*\] DiskPart exited with code 0$' "$work/ok/log.lf" &&
        grep -A1 '^\[.*\] robocopy s:' "$work/ok/log.lf" | grep -q '^\[.*\] exit code 1$' ||
        fail "the log lacks DiskPart's output, the times or the exit codes: $(head -n 20 "$work/ok/log.lf")"
    # every DiskPart run but the first (the guard's listing, the steps', the
    # resync's looks, the final listing) waits MRB_PAUSE (1 s: one line) first
    runs=$(grep -c '^\[.*\] diskpart /s ' "$work/ok/log.lf")
    waits=$(grep -c '^mrb: 1 s to the next DiskPart run, as DiskPart asks$' "$work/ok/out.lf")
    [ "$waits" = $((runs - 1)) ] || fail "$runs DiskPart runs, but $waits waits before them"
    # what the same scripts do, run by mrb sim directly
    ( cd "$work/ok" && rm -f ref.txt && for s in gpt-rebuild.0[1-9].diskpart.txt; do
        "$MRBC" sim server.txt "$s" --state ref.txt >/dev/null 2>&1; done
      sed -i 's/ Rebuild / Healthy /' ref.txt )
    "$MRBC" listing "$work/ok/state.txt" >"$work/ok/got.txt" 2>&1
    "$MRBC" listing "$work/ok/ref.txt" >"$work/ok/want.txt" 2>&1
    cmp -s "$work/ok/got.txt" "$work/ok/want.txt" || fail "the driver's end state differs from the scripts' own"
    grep -q 'Volume 0     C   Windows      NTFS   Mirror      1862 GB  Healthy' "$work/ok/got.txt" ||
        fail "volume C is not a healthy mirror at the end: $(cat "$work/ok/got.txt")"
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

# 2b. the identity guard, on a listing with detail disk (disks 1, the
# target, and 0, the survivor, are checked; disk 2 is not the procedure's)
third=$here/fixtures/listings/third-dynamic.txt
COMPILED=$third setup same-disks "$third" && {
    run same-disks
    identity_passed same-disks $?
    grep -q 'checking that Disk 2' "$work/same-disks/out.lf" && fail "same-disks: disk 2 was checked"
    tr -d '\r' <"$work/same-disks/gpt-rebuild.log" | grep -q '^\[.*\] diskpart /s "gpt-rebuild.00.disk1.diskpart.txt"$' ||
        fail "same-disks: the identity run is not in the log"
}
# $1 (a case set up on a changed capture) is refused before anything runs,
# saying that Disk $2 does not show the $3 $4
refused_identity() {
    local c=$1
    run "$c"; rc=$?
    tr -d '\r' <"$work/$c/out.txt" >"$work/$c/out.lf"
    [ $rc = 1 ] || fail "$c: the driver exited $rc, expected 1"
    grep -A1 "mrb: Disk $2 does not show the $3 the listing captured:" "$work/$c/out.lf" | grep -qxF "  $4" ||
        fail "$c: no message: $(tail -n 8 "$work/$c/out.lf")"
    grep -q 'make sure the failed one was pulled' "$work/$c/out.lf" || fail "$c: no advice"
    grep -q 'step 1 of' "$work/$c/out.lf" && fail "$c: a step started"
    [ ! -e "$work/$c/state.txt" ] || same_as_listing "$work/$c" || fail "$c: something ran"
}
# the target shows another Disk ID: another new disk in its slot
sed 's/^Disk ID: 00000000$/Disk ID: 5A5A5A5A/' "$third" >"$work/other-id.txt"
cmp -s "$work/other-id.txt" "$third" && fail "other-id: the test did not change the capture"
COMPILED=$third setup other-id "$work/other-id.txt" && refused_identity other-id 1 'Disk ID' 00000000
# the survivor shows another Location Path: another disk in its place
sed 's/^\(Location Path : PCIROOT(0)#PCI(1F02)#ATA(C00T\)00L00)$/\103L00)/' "$third" >"$work/other-slot.txt"
cmp -s "$work/other-slot.txt" "$third" && fail "other-slot: the test did not change the capture"
COMPILED=$third setup other-slot "$work/other-slot.txt" &&
    refused_identity other-slot 0 'Location Path' 'PCIROOT(0)#PCI(1F02)#ATA(C00T00L00)'

# 3. a step fails: the driver stops there and says which
setup broken "$ex/listings/seed-gpt-probed.txt" && {
    STANDIN_ROBOCOPY=16 run broken; rc=$?
    [ $rc = 1 ] || fail "broken: the driver exited $rc, expected 1"
    grep -q 'mrb: step 4 failed: Copy the boot environment to the replacement disk' "$work/broken/out.txt" ||
        fail "broken: no step-4 failure message: $(tr -d '\r' <"$work/broken/out.txt" | tail -n 8)"
    grep -q bcdedit "$work/broken/calls.log" && fail "broken: bcdedit ran after robocopy failed"
    grep -q 'step 5 of' "$work/broken/out.txt" && fail "broken: step 5 started"
    tr -d '\r' <"$work/broken/out.txt" >"$work/broken/out.lf"
    grep -q "mrb: the failing program's output is above" "$work/broken/out.lf" || fail "broken: no word of the output"
    grep -q '^ *mrb probe > probe1.txt$' "$work/broken/out.lf" &&
        grep -q '^ *mrb compile "gpt-rebuild.mrb" --listing snapshot-now.txt --continue ".*broken" -o NEWFOLDER$' \
            "$work/broken/out.lf" || fail "broken: the way forward is not printed: $(tail -n 12 "$work/broken/out.lf")"
    # 3d. carry on as it says: capture the server again, compile with
    # --continue, run the new driver: it ends where the whole run ends
    mkdir -p "$work/carried" && cp "$work/broken/"{state.txt,server.txt,launch.cmd,*.exe,gpt-rebuild.mrb} "$work/carried/"
    "$MRBC" listing "$work/broken/state.txt" >"$work/broken/snapshot-now.txt" 2>&1
    (cd "$work/broken" && "$MRBC" compile gpt-rebuild.mrb --listing snapshot-now.txt --continue . \
        -o ../carried >/dev/null 2>"$work/carried/compile.err") ||
        fail "carried: compile --continue refused: $(cat "$work/carried/compile.err")"
    grep -q 'commands 1 to 18 of the earlier plan' "$work/carried/compile.err" ||
        fail "carried: not the cut expected: $(cat "$work/carried/compile.err")"
    run carried; rc=$?
    [ $rc = 0 ] || fail "carried: the new driver exited $rc: $(tr -d '\r' <"$work/carried/out.txt" | tail -n 8)"
    "$MRBC" listing "$work/carried/state.txt" >"$work/carried/got.txt" 2>&1
    [ ! -f "$work/ok/got.txt" ] || cmp -s "$work/carried/got.txt" "$work/ok/got.txt" ||
        fail "carried: another end than the whole run's: $(diff "$work/ok/got.txt" "$work/carried/got.txt")"
    tr -d '\r' <"$work/carried/calls.log" | grep -c robocopy | grep -qx 1 || fail "carried: robocopy did not run again"
}

# 3c. a script of another compile beside the driver (a compile killed while
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


# 3b. robocopy crashes (a negative exit code): that is a failure too
setup crashed "$ex/listings/seed-gpt-probed.txt" && {
    STANDIN_ROBOCOPY=-1073741819 run crashed; rc=$?
    [ $rc = 1 ] || fail "crashed: the driver exited $rc, expected 1"
    grep -q 'mrb: step 4 failed' "$work/crashed/out.txt" || fail "crashed: no step-4 failure message"
    grep -q bcdedit "$work/crashed/calls.log" && fail "crashed: bcdedit ran after robocopy crashed"
}

# 4. not elevated: nothing runs
setup user "$ex/listings/seed-gpt-probed.txt" && {
    STANDIN_FLTMC=1 run user; rc=$?
    [ $rc = 1 ] || fail "user: the driver exited $rc, expected 1"
    grep -q 'mrb: this needs an elevated command prompt' "$work/user/out.txt" || fail "user: no message"
    [ ! -e "$work/user/state.txt" ] || fail "user: DiskPart ran"
}

# 5. the driver renamed: its scripts are not found under its new name
setup renamed "$ex/listings/seed-gpt-probed.txt" && {
    mv "$work/renamed/gpt-rebuild.cmd" "$work/renamed/rebuild.cmd"
    run renamed rebuild.cmd; rc=$?
    [ $rc = 1 ] || fail "renamed: the driver exited $rc, expected 1"
    grep -q 'mrb: "rebuild.00.diskpart.txt" is not beside this driver' "$work/renamed/out.txt" ||
        fail "renamed: no message: $(tr -d '\r' <"$work/renamed/out.txt")"
    [ ! -e "$work/renamed/state.txt" ] || fail "renamed: DiskPart ran"
}

# 6. no waiting for the resync: the driver says how to watch it
setup nowait "$ex/listings/seed-gpt-probed.txt" && {
    MRB_RESYNC=0 run nowait; rc=$?
    [ $rc = 0 ] || fail "nowait: the driver exited $rc"
    grep -q 'mrb: to watch it: run diskpart, then list volume' "$work/nowait/out.txt" || fail "nowait: no advice"
    grep -q 'mrb: the mirrored volumes after' "$work/nowait/out.txt" && fail "nowait: it waited"
    # compared while the mirror still rebuilds: Rebuild is what was predicted
    grep -q 'mrb: the server shows the disks and volumes compile predicted' "$work/nowait/out.txt" ||
        fail "nowait: no comparison with the predicted listing"
}

# 6b. the server ends otherwise than predicted (the prediction edited in the
# driver: disk 1 predicted at another size): each row not found is shown,
# and the driver exits 1 after every step ran
setup differs "$ex/listings/seed-gpt-probed.txt" && {
    sed -i '/^:after_compare/,/^:after_differs/s/Disk 1    Online         1863 GB/Disk 1    Online         1000 GB/' \
        "$work/differs/gpt-rebuild.cmd"
    run differs; rc=$?
    tr -d '\r' <"$work/differs/out.txt" >"$work/differs/out.lf"
    [ $rc = 1 ] || fail "differs: the driver exited $rc, expected 1"
    grep -q 'mrb: no mirror shows Rebuild any more' "$work/differs/out.lf" || fail "differs: the steps did not all run"
    grep -A1 'mrb: not shown:' "$work/differs/out.lf" | grep -q '^  Disk 1    Online         1000 GB      0 B   \*    \*$' ||
        fail "differs: the row not found is not shown: $(tail -n 8 "$work/differs/out.lf")"
    [ "$(grep -c 'mrb: not shown:' "$work/differs/out.lf")" = 1 ] || fail "differs: more than the one row reported"
    grep -q 'the server does not show what compile predicted' "$work/differs/out.lf" || fail "differs: no conclusion"
}

# 7. names cmd reads specially: each driver runs to the same end state
names=('re mirror' 'a&b' 'x^y' 'p(1) q)' 'e!f' 'caf'$'\xc3\xa9' 'a&b ^c (d) e!f '$'\xc3\xa9')
k=0
for name in "${names[@]}"; do
    k=$((k + 1))
    setup "name$k" "$ex/listings/seed-gpt-probed.txt" "$name" || continue
    run "name$k" "$name.cmd"; rc=$?
    [ $rc = 0 ] || { fail "name '$name': the driver exited $rc: $(tr -d '\r' <"$work/name$k/out.txt" | tail -n 4)"; continue; }
    "$MRBC" listing "$work/name$k/state.txt" >"$work/name$k/got.txt" 2>&1
    cmp -s "$work/name$k/got.txt" "$work/ok/got.txt" || fail "name '$name': the end state differs"
    [ -s "$work/name$k/$name.log" ] || fail "name '$name': no log beside the driver"
done

passed "the driver runs, guards, stops, refuses and takes odd names as it should (13 cases, ${#names[@]} names)"
