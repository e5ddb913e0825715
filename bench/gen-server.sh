#!/bin/sh
# gen-server.sh - print the probe output (diskpart /s) of a server with DISKS disks for the GPT procedure.
#
# usage: sh bench/gen-server.sh DISKS > FILE     (DISKS at least 4)
#
# The server is the guide's GPT server grown sideways: disk 0 survives
# (dynamic GPT, the EFI partition and the degraded mirror C:), disk 1 is the
# blank replacement, disk M0 is missing, and every other disk is a basic GPT
# data disk with one partition and one volume (disk 2 has two), each of its
# own size so that the listing places every volume.  So the listing holds
# DISKS disks and DISKS volumes, and examples/gpt-rebuild.mrb compiles
# against it.
set -eu

disks=$1
[ "$disks" -ge 4 ] || { echo "gen-server.sh: DISKS must be at least 4" >&2; exit 2; }

awk -v nd="$disks" '
function disk_row(name, status, size, free, dyn, gpt) {
    printf "  %-8s  %-13s  %7s  %7s  %-3s  %s\n", name, status, size, free, dyn, gpt
}
function vol_row(num, ltr, label, fs, type, size, status, info) {
    printf "  %-10s  %-3s  %-11s  %-5s  %-10s  %7s  %-9s  %s\n", "Volume " num, ltr, label, fs, type, size, status, info
}
function vol_header() {
    print "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info"
    print "  ----------  ---  -----------  -----  ----------  -------  ---------  --------"
}
function part_header() {
    print "  Partition ###  Type              Size     Offset"
    print "  -------------  ----------------  -------  -------"
}
# data disk d (2 .. nd-2) is 100 + d GB; its volumes are 2 and 3 on disk 2, else d + 1
function data_vol(d, p) { return d == 2 ? p + 1 : d + 1 }
function detail(d, target) {
    print ""
    print "BENCH VIRTUAL DISK " d
    printf "Disk ID: %08X\n", d == 1 ? 0 : 305419896 + d
    print "Type   : SAS"
    print "Status : Online"
    print "Path   : 0"
    print "Target : " target
    print "LUN ID : 0"
    printf "Location Path : PCIROOT(0)#PCI(0300)#SAS(P00T%02dL00)\n", target % 100
    print "Current Read-only State : No"
    print "Read-only  : No"
    print "Boot Disk  : " (d == 0 ? "Yes" : "No")
    print "Pagefile Disk  : " (d == 0 ? "Yes" : "No")
    print "Hibernation File Disk  : No"
    print "Crashdump Disk  : " (d == 0 ? "Yes" : "No")
    print "Clustered Disk  : No"
    print ""
}
BEGIN {
    print ""
    print "Microsoft DiskPart version 10.0.17763.1"
    print ""
    print "Copyright (C) Microsoft Corporation."
    print "On computer: BENCH-" nd
    print ""
    print "  Disk ###  Status         Size     Free     Dyn  Gpt"
    print "  --------  -------------  -------  -------  ---  ---"
    disk_row("Disk 0", "Online", "1863 GB", "0 B", " * ", " * ")
    disk_row("Disk 1", "Online", "1863 GB", "1863 GB", "", " * ")
    for (d = 2; d <= nd - 2; d++)
        disk_row("Disk " d, "Online", (100 + d) " GB", d == 2 ? "10 GB" : "0 B", "", " * ")
    disk_row("Disk M0", "Missing", "0 B", "0 B", " * ", "")
    print ""
    vol_header()
    vol_row(0, " C ", "Windows", "NTFS", "Mirror", "1862 GB", "Failed Rd", "Boot")
    vol_row(1, "", "EFI", "FAT32", "Partition", "350 MB", "Healthy", "System")
    for (d = 2; d <= nd - 2; d++) {
        vol_row(data_vol(d, 1), "", "Data" d, "NTFS", "Partition", (99 + d) " GB", "Healthy", "")
        if (d == 2)
            vol_row(data_vol(d, 2), "", "Logs", "NTFS", "Partition", "1 GB", "Healthy", "")
    }
    for (d = 0; d <= nd - 2; d++) {
        print ""
        print "Disk " d " is now the selected disk."
        print ""
        if (d == 0) {
            part_header()
            print "  Partition 1    System             350 MB  1024 KB"
            print "  Partition 2    Dynamic Reserved  1024 KB   351 MB"
            print "  Partition 3    Reserved           127 MB   352 MB"
            print "  Partition 4    Dynamic Data      1862 GB   479 MB"
            print "  Partition 5    Dynamic Data        71 KB  1863 GB"
            detail(d, d)
            vol_header()
            vol_row(0, " C ", "Windows", "NTFS", "Mirror", "1862 GB", "Failed Rd", "Boot")
            vol_row(1, "", "EFI", "FAT32", "Partition", "350 MB", "Healthy", "System")
        } else if (d == 1) {
            print "There are no partitions on this disk to show."
            detail(d, d)
            print "There are no volumes."
        } else {
            part_header()
            printf "  Partition 1    Primary           %4d GB  1024 KB\n", 99 + d
            if (d == 2)
                print "  Partition 2    Primary           1024 MB   102 GB"
            detail(d, d)
            vol_header()
            vol_row(data_vol(d, 1), "", "Data" d, "NTFS", "Partition", (99 + d) " GB", "Healthy", "")
            if (d == 2)
                vol_row(data_vol(d, 2), "", "Logs", "NTFS", "Partition", "1 GB", "Healthy", "")
        }
    }
    print ""
    print "The disk you specified is not valid."
    print ""
    print "There is no disk selected."
    print ""
}'
