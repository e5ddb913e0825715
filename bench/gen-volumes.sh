#!/bin/sh
# gen-volumes.sh - write a procedure whose 'for each' unrolls over VOLUMES volumes, and its server's listing.
#
# usage: sh bench/gen-volumes.sh VOLUMES DIR     (writes DIR/vol-VOLUMES.mrb and DIR/vol-VOLUMES.txt)
#
# The procedure is examples/mbr-rebuild.mrb, whose two 'for each volume v
# where type = Mirror' loops unroll once per mirrored volume.  The listing
# is the guide's MBR server (examples/listings/seed-mbr-probed.txt) with
# VOLUMES mirrored volumes in 'Failed Rd': C: and VOLUMES - 1 data volumes
# without a letter, all on disk 0 and the missing disk M0.
set -eu

n=$1
dir=$2
here=$(dirname "$0")
[ "$n" -ge 1 ] || { echo "gen-volumes.sh: VOLUMES must be at least 1" >&2; exit 2; }
mkdir -p "$dir"

sed "s/^procedure \"\(.*\)\"\$/procedure \"\1, $n mirrored volumes\"/" \
    "$here/../examples/mbr-rebuild.mrb" > "$dir/vol-$n.mrb"

awk -v n="$n" 'BEGIN {
    print "DISKPART> list disk"
    print ""
    print "  Disk ###  Status         Size     Free     Dyn  Gpt"
    print "  --------  -------------  -------  -------  ---  ---"
    print "  Disk 0    Online         1863 GB      0 B   *"
    print "  Disk 1    Online         1863 GB  1863 GB"
    print "  Disk M0   Missing            0 B      0 B   *"
    print ""
    print "DISKPART> list volume"
    print ""
    print "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info"
    print "  ----------  ---  -----------  -----  ----------  -------  ---------  --------"
    print "  Volume 0     C   Windows      NTFS   Mirror       400 GB  Failed Rd  System"
    for (v = 1; v < n; v++)
        printf "  %-10s       %-11s  NTFS   Mirror       100 MB  Failed Rd\n", "Volume " v, "Data" v
    print ""
    print "DISKPART> select disk 1"
    print ""
    print "Disk 1 is now the selected disk."
    print ""
    print "DISKPART> list partition"
    print ""
    print "There are no partitions on this disk to show."
    print ""
}' > "$dir/vol-$n.txt"
