/* dpmsg.h - every text the simulator prints as DiskPart: one X-macro table.
 *
 * X(enum, exit code, verified, text).  `verified` says what backs the text:
 *   1  a real transcript of tests/corpus/ shows it, word for word (the
 *      comment names the transcripts: "corpus: 05 30" is
 *      tests/corpus/05-*.txt and tests/corpus/30-*.txt);
 *   2  it is Microsoft's own message text for that Virtual Disk Service
 *      error (vdserr.h of the Windows SDK, MessageText of the error the
 *      comment names), printed after the line "Virtual Disk Service error:"
 *      as the corpus shows DiskPart print those errors (40, 42); which VDS
 *      error DiskPart meets in that case is inferred, no transcript shows it;
 *   0  unverified: the closest wording known, to be checked on a real
 *      Windows before anyone relies on it.
 * tests/scripts/dpmsg_verified.sh checks every mark and prints the count.
 * `%s`/`%u` are filled by the simulator.  Multi-line texts are separated by
 * "\n\n" or "\n" as DiskPart prints them.
 *
 * The exit code is what DiskPart returns when the message ends a script
 * (the command failed and had no `noerr`); 0 for success texts.  The
 * meanings of DiskPart's codes are documented (runtime/diskpart/MODEL.md, "What the
 * corpus verified"): 4 "one of the services DiskPart uses returned a
 * failure", 5 "a command syntax error occurred ... an object was improperly
 * selected or was invalid for use with that command".  Which code each
 * refusal gives follows those meanings; no transcript shows an exit code.
 */
#ifndef MRB_DPMSG_H
#define MRB_DPMSG_H

#define DP_MESSAGES(X)                                                                            \
    /* banner and session */                                                                      \
    X(DM_BANNER, 0, 1, "Microsoft DiskPart version %s\n\nCopyright (C) Microsoft Corporation.\nOn computer: %s") /* corpus: 05 06 08 09 22 37 */ \
    X(DM_LEAVING, 0, 1, "Leaving DiskPart...") /* corpus: 01 05 06 08 22 23 30 */             \
    X(DM_RESCAN, 0, 1, "Please wait while DiskPart scans your configuration...\n\nDiskPart has finished scanning your configuration.") /* corpus: 26 */ \
    /* select */                                                                                  \
    X(DM_DISK_SELECTED, 0, 1, "Disk %s is now the selected disk.") /* corpus: 05 08 29 31 37 */ \
    X(DM_VOLUME_SELECTED, 0, 1, "Volume %u is the selected volume.") /* corpus: 06 07 29 38 */ \
    X(DM_PART_SELECTED, 0, 1, "Partition %u is now the selected partition.") /* corpus: 05 09 26 30 37 */ \
    X(DM_DISK_INVALID, 5, 1, "The disk you specified is not valid.\n\nThere is no disk selected.") /* corpus: 37 */ \
    X(DM_VOLUME_INVALID, 5, 0, "The volume you selected is not valid or does not exist.")        \
    X(DM_PART_INVALID, 5, 0, "The partition you specified is not valid.\n\nThere is no partition selected.") \
    X(DM_NO_DISK, 5, 0, "There is no disk selected.\nPlease select a disk and try again.")      \
    X(DM_NO_VOLUME, 5, 1, "There is no volume selected.\nPlease select a volume and try again.") /* corpus: 11 */ \
    X(DM_NO_PART, 5, 0, "There is no partition selected.\nPlease select a partition and try again.") \
    X(DM_NO_DISK_TO_LIST, 5, 1, "There is no disk selected to list partitions.\nSelect a disk and try again.") /* corpus: 39 */ \
    /* successes */                                                                               \
    X(DM_BROKE, 0, 1, "DiskPart successfully broke the mirror volume.") /* corpus: 29 30 31 */  \
    X(DM_DELETED_DISK, 0, 1, "DiskPart successfully deleted the missing disk.") /* corpus: 29 30 31 */ \
    X(DM_DELETED_PART, 0, 1, "DiskPart successfully deleted the selected partition.") /* corpus: 26 30 37 */ \
    X(DM_DELETED_VOLUME, 0, 1, "DiskPart successfully deleted the volume.") /* corpus: 32 */    \
    X(DM_CONVERTED_GPT, 0, 1, "DiskPart successfully converted the selected disk to GPT format.") /* corpus: 30 */ \
    X(DM_CONVERTED_MBR, 0, 1, "DiskPart successfully converted the selected disk to MBR format.") /* corpus: 29 */ \
    X(DM_CONVERTED_DYN, 0, 1, "DiskPart successfully converted the selected disk to dynamic format.") /* corpus: 29 31 33 */ \
    X(DM_CONVERTED_BASIC, 0, 0, "DiskPart successfully converted the selected disk to basic format.") \
    X(DM_CLEANED, 0, 1, "DiskPart succeeded in cleaning the disk.") /* corpus: 11 30 */          \
    X(DM_CREATED_PART, 0, 1, "DiskPart succeeded in creating the specified partition.") /* corpus: 05 26 30 */ \
    X(DM_INIT_GPT, 0, 1, "Disk is uninitialized, initializing it to GPT.") /* corpus: 05 */      \
    X(DM_FORMAT_PROGRESS, 0, 1, "  100 percent completed") /* corpus: 05 30 32 38 */            \
    X(DM_FORMATTED, 0, 1, "DiskPart successfully formatted the volume.") /* corpus: 05 30 32 38 */ \
    X(DM_ASSIGNED, 0, 1, "DiskPart successfully assigned the drive letter or mount point.") /* corpus: 05 30 32 */ \
    X(DM_REMOVED, 0, 1, "DiskPart successfully removed the drive letter or mount point.") /* corpus: 09 */ \
    X(DM_ADDED, 0, 1, "DiskPart succeeded in adding a mirror to the volume.") /* corpus: 29 30 31 */ \
    X(DM_ONLINED, 0, 1, "DiskPart successfully onlined the selected disk.") /* corpus: 41 */     \
    X(DM_OFFLINED, 0, 0, "DiskPart successfully offlined the selected disk.")                     \
    /* refusals */                                                                                \
    X(DM_SYNTAX, 5, 1, "The arguments specified for this command are not valid.\nFor more information on the command type: HELP %s") /* corpus: 38 */ \
    X(DM_UNKNOWN_COMMAND, 5, 0, "The command is not recognized: %s")                              \
    X(DM_CLEAN_SYSTEM, 4, 1, "Virtual Disk Service error:\nClean is not allowed on the disk containing the current boot,\nsystem, pagefile, crashdump or hibernation volume.") /* corpus: 42; vdserr.h VDS_E_CLEAN_WITH_CRITICAL */ \
    X(DM_DELETE_SYSTEM, 4, 2, "Virtual Disk Service error:\nDelete is not allowed on the current boot, system, pagefile,\ncrashdump or hibernation volume.") /* vdserr.h VDS_E_DELETE_WITH_CRITICAL */ \
    X(DM_DELETE_PROTECTED, 4, 2, "Virtual Disk Service error:\nCannot delete a protected partition without the force protected parameter set.") /* vdserr.h VDS_E_PARTITION_PROTECTED */ \
    X(DM_DELETE_VOLUME_SYSTEM, 4, 2, "Virtual Disk Service error:\nDelete is not allowed on the current boot, system, pagefile,\ncrashdump or hibernation volume.") /* vdserr.h VDS_E_DELETE_WITH_CRITICAL */ \
    X(DM_NOT_MIRROR, 5, 0, "The volume you have selected is not a mirror volume.\nPlease select a mirror volume and try again.") \
    X(DM_NOT_PLEX_DISK, 5, 0, "The specified disk does not contain a plex of the selected volume.") \
    X(DM_NOT_SIMPLE, 5, 0, "The volume you have selected is not a simple volume.\nPlease select a simple volume and try again.") \
    X(DM_SAME_DISK, 5, 0, "The specified disk already contains a plex of the selected volume.")  \
    X(DM_NO_SPACE, 4, 1, "Virtual Disk Service error:\nThere is not enough usable space for this operation.") /* corpus: 40; vdserr.h VDS_E_NOT_ENOUGH_SPACE */ \
    X(DM_NOT_MISSING, 4, 2, "Virtual Disk Service error:\nThe disk is not missing.") /* vdserr.h VDS_E_DISK_NOT_MISSING */ \
    X(DM_DISK_HAS_PLEXES, 4, 0, "Virtual Disk Service error:\nThe missing disk still contains volumes. Use the override parameter.") \
    X(DM_NOT_CONVERTIBLE, 4, 1, "Virtual Disk Service error:\nThe specified disk is not convertible. CDROMs and DVDs\nare examples of disks that are not convertable.") /* corpus: 40; vdserr.h VDS_E_DISK_NOT_CONVERTIBLE */ \
    X(DM_ALREADY_DYNAMIC, 4, 2, "Virtual Disk Service error:\nThe disk is already dynamic.") /* vdserr.h VDS_E_DISK_DYNAMIC */ \
    X(DM_NOT_DYNAMIC, 4, 0, "Virtual Disk Service error:\nThe disk is not dynamic.")             \
    X(DM_DYNAMIC_DISK, 4, 0, "Virtual Disk Service error:\nThe operation is not supported on a dynamic disk.") \
    X(DM_NOT_GPT, 4, 2, "Virtual Disk Service error:\nThe specified partition type is not valid for this operation.") /* vdserr.h VDS_E_INVALID_PARTITION_TYPE */ \
    X(DM_MISSING_DISK, 4, 1, "DiskPart has encountered an error: The device is not ready.\nSee the System Event Log for more information.") /* corpus: 40 */ \
    X(DM_LETTER_IN_USE, 4, 2, "Virtual Disk Service error:\nThe specified drive letter is not free to be assigned.") /* vdserr.h VDS_E_DRIVE_LETTER_NOT_FREE */ \
    X(DM_LETTER_SYSTEM, 4, 2, "Virtual Disk Service error:\nAssigning or removing drive letters on the current boot or pagefile\nvolume is not allowed.") /* vdserr.h VDS_E_BOOT_PAGEFILE_DRIVE_LETTER */ \
    X(DM_NO_LETTER, 4, 0, "The volume has no drive letter or mount point to remove.")            \
    X(DM_FORMAT_SYSTEM, 4, 2, "Virtual Disk Service error:\nFormat is not allowed on the current boot, system, pagefile,\ncrashdump or hibernation volume.") /* vdserr.h VDS_E_FORMAT_CRITICAL */ \
    X(DM_NO_MEDIA, 4, 2, "Virtual Disk Service error:\nThere is no media in the device.") /* vdserr.h VDS_E_NO_MEDIA */ \
    X(DM_ALREADY_ONLINE, 4, 1, "Online a disk that is currently marked as offline.") /* corpus: 05 */ \
    X(DM_ALREADY_OFFLINE, 4, 2, "Virtual Disk Service error:\nThis disk is already offline.") /* vdserr.h VDS_E_DISK_NOT_ONLINE */

#define DP_MSG_ENUM(e, code, verified, text) e,
enum dp_msg { DP_MESSAGES(DP_MSG_ENUM) DM_COUNT };
#undef DP_MSG_ENUM

typedef struct dp_msg_info {
    int exit_code;
    int verified;
    const char *text;
} dp_msg_info;

/* Defined in runtime/diskpart/sim.c. */
extern const dp_msg_info dp_messages[DM_COUNT];

#endif
