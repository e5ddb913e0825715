#!/usr/bin/env bash
# probe_two_stage.sh - the two-stage probe gives a complete snapshot whatever
# the disk numbering and count: stage 1 and stage 2 are run by the simulator
# (`mrb sim`, which ends a script at the first failing command as DiskPart
# does) on servers with a numbering gap and with more than 8 disks, and the
# snapshot reads as the server itself.  The one-stage script of disks 0..N-1
# stops at the first number the server lacks.
set -u
. "$(dirname "$0")/common.bash"
fail() { echo "FAIL: $*"; exit 1; }

# $1: the server (a listing with `detail disk` of every disk), $2: a name
two_stages() {
    local srv=$1 w=$work/$2
    mkdir "$w"
    "$MRBC" probe >"$w/probe1.txt" || fail "$2: probe"
    "$MRBC" sim "$srv" "$w/probe1.txt" >"$w/disks.txt" || fail "$2: stage 1 failed"
    "$MRBC" probe --from "$w/disks.txt" >"$w/probe.txt" || fail "$2: probe --from refused"
    "$MRBC" sim "$srv" "$w/probe.txt" >"$w/snapshot.txt" || fail "$2: stage 2 failed: $(tail -n 3 "$w/snapshot.txt")"
    "$MRBC" listing "$w/snapshot.txt" >"$w/got.txt" || fail "$2: the snapshot does not read"
    "$MRBC" listing "$srv" >"$w/want.txt"
    diff -u "$w/want.txt" "$w/got.txt" || fail "$2: the snapshot is not the whole server"
}

# disks 0, 2 and M0: a gap at 1
gap=$here/fixtures/listings/gap-server.txt
two_stages "$gap" gap
"$MRBC" probe --disks 3 >"$work/old.txt"
"$MRBC" sim "$gap" "$work/old.txt" >"$work/old-snapshot.txt"
[ $? = 5 ] || fail "the one-stage probe did not stop at 'select disk 1'"
grep -q 'Disk 2 is now the selected disk' "$work/old-snapshot.txt" && fail "the one-stage probe reached disk 2"

# 11 online disks numbered 0, 2..11, and a missing one
{
    printf 'DISKPART> list disk\n\n  Disk ###  Status         Size     Free     Dyn  Gpt\n'
    printf '  --------  -------------  -------  -------  ---  ---\n'
    printf '  Disk 0    Online          447 GB      0 B   *\n'
    for n in 2 3 4 5 6 7 8 9 10 11; do printf '  Disk %-4s Online          931 GB   931 GB\n' $n; done
    printf '  Disk M0   Missing            0 B      0 B   *\n\nDISKPART> list volume\n\n'
    printf '  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n'
    printf '  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n'
    printf '  Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System\n'
    printf '\nDISKPART> select disk 0\n\nDisk 0 is now the selected disk.\n\nDISKPART> list partition\n\n'
    printf '  Partition ###  Type              Size     Offset\n  -------------  ----------------  -------  -------\n'
    printf '  Partition 1    Primary            447 GB  1024 KB\n\nDISKPART> detail disk\n\nDISK0 MODEL\n'
    printf 'Disk ID: 1A2B3C4D\nType   : SATA\nStatus : Online\nBoot Disk  : Yes\nPagefile Disk  : Yes\n\n'
    printf '  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n'
    printf '  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n'
    printf '  Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System\n'
    for n in 2 3 4 5 6 7 8 9 10 11; do
        printf '\nDISKPART> select disk %s\n\nDisk %s is now the selected disk.\n\nDISKPART> list partition\n\n' $n $n
        printf 'There are no partitions on this disk to show.\n\nDISKPART> detail disk\n\nDISK%s MODEL\n' $n
        printf 'Disk ID: 00000000\nType   : SAS\nStatus : Online\nBoot Disk  : No\nPagefile Disk  : No\n\n'
        printf 'There are no volumes.\n'
    done
} >"$work/many.txt"
"$MRBC" listing "$work/many.txt" >/dev/null || fail "the many-disk server does not read"
two_stages "$work/many.txt" many
[ "$(grep -c '^select disk' "$work/many/probe.txt")" = 11 ] || fail "stage 2 does not select the 11 disks"
echo "the two-stage probe captures every disk (a gap; 11 disks)"
