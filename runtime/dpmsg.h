/* dpmsg.h - every text the simulator prints as DiskPart: one X-macro table.
 *
 * X(enum, exit code, verified, text).  verified is 1 when docs/DISKPART.md shows
 * the wording in a real transcript (verified), 0 when it is unverified: the
 * closest wording docs/DISKPART.md gives, to be checked on a real Windows
 * before anyone relies on it.  `%s`/`%u` are filled by the simulator.
 * Multi-line texts are separated by "\n\n" as DiskPart prints them.
 *
 * The exit code is what DiskPart returns when the message ends a script
 * (the command failed and had no `noerr`); 0 for success texts.  DiskPart's
 * codes are all unverified (docs/DISKPART.md 2, from KB 300415): 5 for an
 * object that is missing, not selected or wrong for the command, and for a
 * syntax error; 4 for a refusal by the disk service.
 */
#ifndef MRB_DPMSG_H
#define MRB_DPMSG_H

#define DP_MESSAGES(X)                                                                            \
    /* banner and session */                                                                      \
    X(DM_BANNER, 0, 1, "Microsoft DiskPart version %s\n\nCopyright (C) Microsoft Corporation.\nOn computer: %s") \
    X(DM_LEAVING, 0, 1, "Leaving DiskPart...")                                                    \
    X(DM_RESCAN, 0, 1, "Please wait while DiskPart scans your configuration...\n\nDiskPart has finished scanning your configuration.") \
    /* select */                                                                                  \
    X(DM_DISK_SELECTED, 0, 1, "Disk %s is now the selected disk.")                               \
    X(DM_VOLUME_SELECTED, 0, 1, "Volume %u is the selected volume.")                             \
    X(DM_PART_SELECTED, 0, 1, "Partition %u is now the selected partition.")                     \
    X(DM_DISK_INVALID, 5, 1, "The disk you specified is not valid.\n\nThere is no disk selected.") \
    X(DM_VOLUME_INVALID, 5, 0, "The volume you selected is not valid or does not exist.")        \
    X(DM_PART_INVALID, 5, 0, "The partition you specified is not valid.\n\nThere is no partition selected.") \
    X(DM_NO_DISK, 5, 0, "There is no disk selected.\nPlease select a disk and try again.")      \
    X(DM_NO_VOLUME, 5, 0, "There is no volume selected.\nPlease select a volume and try again.") \
    X(DM_NO_PART, 5, 0, "There is no partition selected.\nPlease select a partition and try again.") \
    X(DM_NO_DISK_TO_LIST, 5, 0, "There is no disk selected to list partitions.\nSelect a disk and try again.") \
    /* successes */                                                                               \
    X(DM_BROKE, 0, 1, "DiskPart successfully broke the mirror volume.")                           \
    X(DM_DELETED_DISK, 0, 1, "DiskPart successfully deleted the missing disk.")                   \
    X(DM_DELETED_PART, 0, 1, "DiskPart successfully deleted the selected partition.")             \
    X(DM_DELETED_VOLUME, 0, 0, "DiskPart successfully deleted the volume.")                       \
    X(DM_CONVERTED_GPT, 0, 1, "DiskPart successfully converted the selected disk to GPT format.") \
    X(DM_CONVERTED_MBR, 0, 1, "DiskPart successfully converted the selected disk to MBR format.") \
    X(DM_CONVERTED_DYN, 0, 1, "DiskPart successfully converted the selected disk to dynamic format.") \
    X(DM_CONVERTED_BASIC, 0, 0, "DiskPart successfully converted the selected disk to basic format.") \
    X(DM_CLEANED, 0, 1, "DiskPart succeeded in cleaning the disk.")                               \
    X(DM_CREATED_PART, 0, 1, "DiskPart succeeded in creating the specified partition.")          \
    X(DM_INIT_GPT, 0, 1, "Disk is uninitialized, initializing it to GPT.")                       \
    X(DM_FORMAT_PROGRESS, 0, 1, "  100 percent completed")                                       \
    X(DM_FORMATTED, 0, 1, "DiskPart successfully formatted the volume.")                          \
    X(DM_ASSIGNED, 0, 1, "DiskPart successfully assigned the drive letter or mount point.")       \
    X(DM_REMOVED, 0, 1, "DiskPart successfully removed the drive letter or mount point.")         \
    X(DM_ADDED, 0, 1, "DiskPart succeeded in adding a mirror to the volume.")                     \
    X(DM_ONLINED, 0, 0, "DiskPart successfully onlined the selected disk.")                       \
    X(DM_OFFLINED, 0, 0, "DiskPart successfully offlined the selected disk.")                     \
    /* refusals */                                                                                \
    X(DM_SYNTAX, 5, 0, "The arguments specified for this command are not valid.\nFor more information on the command type: HELP %s") \
    X(DM_UNKNOWN_COMMAND, 5, 0, "The command is not recognized: %s")                              \
    X(DM_CLEAN_SYSTEM, 4, 0, "Virtual Disk Service error:\nClean is not allowed on the disk containing the current boot,\nsystem, pagefile, crashdump or hibernation volume.") \
    X(DM_DELETE_SYSTEM, 4, 0, "Virtual Disk Service error:\nCannot delete the system, boot, pagefile, crashdump or hibernation partition.") \
    X(DM_DELETE_PROTECTED, 4, 0, "Virtual Disk Service error:\nCannot delete a protected partition without the force protected parameter set.") \
    X(DM_DELETE_VOLUME_SYSTEM, 4, 0, "Virtual Disk Service error:\nCannot delete the system, boot, pagefile, crashdump or hibernation volume.") \
    X(DM_NOT_MIRROR, 5, 0, "The volume you have selected is not a mirror volume.\nPlease select a mirror volume and try again.") \
    X(DM_NOT_PLEX_DISK, 5, 0, "The specified disk does not contain a plex of the selected volume.") \
    X(DM_NOT_SIMPLE, 5, 0, "The volume you have selected is not a simple volume.\nPlease select a simple volume and try again.") \
    X(DM_SAME_DISK, 5, 0, "The specified disk already contains a plex of the selected volume.")  \
    X(DM_NO_SPACE, 4, 0, "Virtual Disk Service error:\nThere is not enough usable space for this operation.") \
    X(DM_NOT_MISSING, 4, 0, "Virtual Disk Service error:\nThe disk is not missing.")             \
    X(DM_DISK_HAS_PLEXES, 4, 0, "Virtual Disk Service error:\nThe missing disk still contains volumes. Use the override parameter.") \
    X(DM_NOT_CONVERTIBLE, 4, 0, "Virtual Disk Service error:\nThe specified disk is not convertible because it contains partitions.") \
    X(DM_ALREADY_DYNAMIC, 4, 0, "Virtual Disk Service error:\nThe disk is already dynamic.")     \
    X(DM_NOT_DYNAMIC, 4, 0, "Virtual Disk Service error:\nThe disk is not dynamic.")             \
    X(DM_DYNAMIC_DISK, 4, 0, "Virtual Disk Service error:\nThe operation is not supported on a dynamic disk.") \
    X(DM_NOT_GPT, 4, 0, "Virtual Disk Service error:\nThe specified partition type is not valid for this disk. EFI and MSR partitions need a GPT disk.") \
    X(DM_MISSING_DISK, 4, 0, "Virtual Disk Service error:\nThe device is not ready.")            \
    X(DM_LETTER_IN_USE, 4, 0, "The specified drive letter is not free to be assigned.")          \
    X(DM_LETTER_SYSTEM, 4, 0, "Virtual Disk Service error:\nThe drive letter of the boot, system or pagefile volume cannot be changed.") \
    X(DM_NO_LETTER, 4, 0, "The volume has no drive letter or mount point to remove.")            \
    X(DM_FORMAT_SYSTEM, 4, 0, "Virtual Disk Service error:\nThe boot, system or pagefile volume cannot be formatted.") \
    X(DM_NO_MEDIA, 4, 0, "There is no media in the device.")                                      \
    X(DM_ALREADY_ONLINE, 4, 0, "Online a disk that is currently marked as offline.")             \
    X(DM_ALREADY_OFFLINE, 4, 0, "The disk is already offline.")

#define DP_MSG_ENUM(e, code, verified, text) e,
enum dp_msg { DP_MESSAGES(DP_MSG_ENUM) DM_COUNT };
#undef DP_MSG_ENUM

typedef struct dp_msg_info {
    int exit_code;
    int verified;
    const char *text;
} dp_msg_info;

/* Defined in runtime/sim.c. */
extern const dp_msg_info dp_messages[DM_COUNT];

#endif
