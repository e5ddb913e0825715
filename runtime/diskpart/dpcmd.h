/* dpcmd.h - the DiskPart commands and their properties: one X-macro table.
 *
 * Shared by the script reader (runtime/diskpart/dpscript.re), the simulator
 * (runtime/diskpart/sim.c), the language checker and the verifier: what focus each
 * command needs, what it does to focus, whether it destroys data, which
 * safety rule guards it, which options it takes.  Nothing here depends on
 * the simulator's internals.
 *
 * A command is written as up to three keywords (verb, object, kind), each of
 * which DiskPart accepts abbreviated to a prefix (docs/DISKPART.md section 1: at
 * least 3 letters always works; shorter prefixes are [UNVERIFIED] and the
 * reader refuses them unless they are the whole keyword).  Verbs are listed
 * in DiskPart's own (alphabetical) order, since an abbreviation that fits two
 * verbs (`det` for detach and detail) goes to the first one DiskPart lists
 * that mrb knows (docs/DISKPART.md 1: `det part` is detail partition).
 *
 * Commands DiskPart has but the simulator does not model are listed with
 * DPF_UNMODELLED so that a script using them is refused by name instead of
 * misread as another command.
 */
#ifndef MRB_DPCMD_H
#define MRB_DPCMD_H

#include <stdbool.h>
#include <stddef.h>

/* The focus a command needs before it runs. */
enum dp_focus {
    DPF_NONE,        /* runs without focus */
    DPF_DISK,        /* a disk */
    DPF_PARTITION,   /* a partition (on the disk with focus) */
    DPF_VOLUME,      /* a volume, or a partition that holds one */
    DPF_UNMODELLED   /* not simulated: refused by name */
};

/* What a command does to focus when it succeeds (docs/DISKPART.md 1.1). */
enum dp_effect {
    DPE_KEEP,          /* focus unchanged */
    DPE_SELECT,        /* select: the named object; a failed select clears that focus */
    DPE_NEW_PARTITION, /* create partition: the new partition (and its volume) */
    DPE_DROP_PART,     /* delete partition: no partition (nor its volume) in focus */
    DPE_DROP_VOLUME,   /* delete volume: no volume in focus */
    DPE_DROP_DISK,     /* delete disk: no disk in focus */
    DPE_DROP_CONTENT,  /* clean: the disk keeps focus, its partitions lose it */
    DPE_BREAK,         /* break: nokeep: no focus; otherwise the split-off volume */
    DPE_ADD            /* add disk: volume kept, disk focus = the source disk */
};

/* Whether a command destroys data: DPD_NOKEEP only with the nokeep option. */
enum dp_destroy { DPD_NO, DPD_YES, DPD_NOKEEP };

/* The safety rule that guards a command: which disk it reaches and what that
 * disk must be for the command to be allowed.  The checker (compiler/check/check_target.c,
 * on the selector's predicate) and the verifier (compiler/plan/verify.c, on the
 * model) both read this column; where one of them does not apply a rule, the
 * reader says why. */
enum dp_guard {
    DPG_NONE,           /* no rule */
    DPG_FOCUS_EMPTY,    /* destroys what focus reaches: the disk with focus (or the
                           disks of the volume with focus) must hold nothing still needed */
    DPG_FOCUS_FREE,     /* writes into the disk with focus (create partition): the
                           checker, which cannot see free space, wants it blank; the
                           verifier's model places it in free space or refuses */
    DPG_FOCUS_MISSING,  /* the disk with focus must be Missing (delete disk) */
    DPG_TARGET_MISSING, /* the disk the command names must be Missing, when the
                           command destroys data (break disk ... nokeep) */
    DPG_TARGET_EMPTY    /* the disk the command names must hold nothing still
                           needed (add disk: the verifier; the checker warns W402) */
};

/* How the object keyword takes a value: `select disk 1`, `select disk=1`. */
enum dp_value { DPV_NONE, DPV_OPTIONAL, DPV_REQUIRED };

/* Options: X(enum, spelling, takes a value after `=`). */
#define DP_OPTIONS(X)              \
    X(DPO_NOERR, "noerr", 0)       \
    X(DPO_OVERRIDE, "override", 0) \
    X(DPO_NOKEEP, "nokeep", 0)     \
    X(DPO_QUICK, "quick", 0)       \
    X(DPO_ALL, "all", 0)           \
    X(DPO_WAIT, "wait", 0)         \
    X(DPO_NOWAIT, "nowait", 0)     \
    X(DPO_COMPRESS, "compress", 0) \
    X(DPO_DISMOUNT, "dismount", 0) \
    X(DPO_SIZE, "size", 1)         \
    X(DPO_OFFSET, "offset", 1)     \
    X(DPO_ALIGN, "align", 1)       \
    X(DPO_ID, "id", 1)             \
    X(DPO_FS, "fs", 1)             \
    X(DPO_LABEL, "label", 1)       \
    X(DPO_UNIT, "unit", 1)         \
    X(DPO_LETTER, "letter", 1)     \
    X(DPO_MOUNT, "mount", 1)

#define DP_OPT_ENUM(e, s, v) e,
enum dp_opt { DP_OPTIONS(DP_OPT_ENUM) DPO_COUNT };
#undef DP_OPT_ENUM

#define DP_BIT(o) (1u << (o))
#define DPO_N DP_BIT(DPO_NOERR)

/* X(enum, verb, object, kind, object value, focus needed, focus effect,
 *   destroys, safety rule, options accepted, summary).
 * NULL object/kind: the command has none. */
#define DP_COMMANDS(X)                                                                                         \
    X(CMD_ADD_DISK, "add", "disk", NULL, DPV_REQUIRED,                                                         \
      DPF_VOLUME, DPE_ADD, DPD_NO, DPG_TARGET_EMPTY,                                                           \
      DPO_N | DP_BIT(DPO_ALIGN) | DP_BIT(DPO_WAIT), "mirror the simple volume with focus onto a disk")         \
    X(CMD_ASSIGN, "assign", NULL, NULL, DPV_NONE,                                                              \
      DPF_VOLUME, DPE_KEEP, DPD_NO, DPG_NONE,                                                                  \
      DPO_N | DP_BIT(DPO_LETTER) | DP_BIT(DPO_MOUNT), "give the volume with focus a drive letter")             \
    X(CMD_ATTACH, "attach", NULL, NULL, DPV_NONE,                                                              \
      DPF_UNMODELLED, DPE_KEEP, DPD_NO, DPG_NONE,                                                              \
      0, "attach a virtual disk")                                                                              \
    X(CMD_ATTRIBUTES, "attributes", NULL, NULL, DPV_NONE,                                                      \
      DPF_UNMODELLED, DPE_KEEP, DPD_NO, DPG_NONE,                                                              \
      0, "disk or volume attributes")                                                                          \
    X(CMD_BREAK_DISK, "break", "disk", NULL, DPV_REQUIRED,                                                     \
      DPF_VOLUME, DPE_BREAK, DPD_NOKEEP, DPG_TARGET_MISSING,                                                   \
      DPO_N | DP_BIT(DPO_NOKEEP), "split the mirror with focus, removing the plex on a disk")                  \
    X(CMD_CLEAN, "clean", NULL, NULL, DPV_NONE,                                                                \
      DPF_DISK, DPE_DROP_CONTENT, DPD_YES, DPG_FOCUS_EMPTY,                                                    \
      DP_BIT(DPO_ALL), "remove every partition from the disk with focus")                                      \
    X(CMD_CONVERT_BASIC, "convert", "basic", NULL, DPV_NONE,                                                   \
      DPF_DISK, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      DPO_N, "make the empty dynamic disk with focus basic")                                                   \
    X(CMD_CONVERT_DYNAMIC, "convert", "dynamic", NULL, DPV_NONE,                                               \
      DPF_DISK, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      DPO_N, "make the basic disk with focus dynamic")                                                         \
    X(CMD_CONVERT_GPT, "convert", "gpt", NULL, DPV_NONE,                                                       \
      DPF_DISK, DPE_KEEP, DPD_YES, DPG_FOCUS_EMPTY,                                                            \
      DPO_N, "make the empty basic disk with focus GPT")                                                       \
    X(CMD_CONVERT_MBR, "convert", "mbr", NULL, DPV_NONE,                                                       \
      DPF_DISK, DPE_KEEP, DPD_YES, DPG_FOCUS_EMPTY,                                                            \
      DPO_N, "make the empty basic disk with focus MBR")                                                       \
    X(CMD_CREATE_EFI, "create", "partition", "efi", DPV_NONE,                                                  \
      DPF_DISK, DPE_NEW_PARTITION, DPD_NO, DPG_FOCUS_FREE,                                                     \
      DPO_N | DP_BIT(DPO_SIZE) | DP_BIT(DPO_OFFSET), "create an EFI system partition")                         \
    X(CMD_CREATE_MSR, "create", "partition", "msr", DPV_NONE,                                                  \
      DPF_DISK, DPE_NEW_PARTITION, DPD_NO, DPG_FOCUS_FREE,                                                     \
      DPO_N | DP_BIT(DPO_SIZE) | DP_BIT(DPO_OFFSET), "create a Microsoft Reserved partition")                  \
    X(CMD_CREATE_PRIMARY, "create", "partition", "primary", DPV_NONE,                                          \
      DPF_DISK, DPE_NEW_PARTITION, DPD_NO, DPG_FOCUS_FREE,                                                     \
      DPO_N | DP_BIT(DPO_SIZE) | DP_BIT(DPO_OFFSET) | DP_BIT(DPO_ID) | DP_BIT(DPO_ALIGN),                      \
      "create a primary partition")                                                                            \
    X(CMD_DELETE_DISK, "delete", "disk", NULL, DPV_NONE,                                                       \
      DPF_DISK, DPE_DROP_DISK, DPD_YES, DPG_FOCUS_MISSING,                                                     \
      DPO_N | DP_BIT(DPO_OVERRIDE), "remove the missing dynamic disk with focus")                              \
    X(CMD_DELETE_PARTITION, "delete", "partition", NULL, DPV_NONE,                                             \
      DPF_PARTITION, DPE_DROP_PART, DPD_YES, DPG_FOCUS_EMPTY,                                                  \
      DPO_N | DP_BIT(DPO_OVERRIDE), "delete the partition with focus")                                         \
    X(CMD_DELETE_VOLUME, "delete", "volume", NULL, DPV_NONE,                                                   \
      DPF_VOLUME, DPE_DROP_VOLUME, DPD_YES, DPG_FOCUS_EMPTY,                                                   \
      DPO_N | DP_BIT(DPO_OVERRIDE), "delete the volume with focus")                                            \
    X(CMD_DETAIL_DISK, "detail", "disk", NULL, DPV_NONE,                                                       \
      DPF_DISK, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "describe the disk with focus")                                                                       \
    X(CMD_DETAIL_PARTITION, "detail", "partition", NULL, DPV_NONE,                                             \
      DPF_PARTITION, DPE_KEEP, DPD_NO, DPG_NONE,                                                               \
      0, "describe the partition with focus")                                                                  \
    X(CMD_DETAIL_VOLUME, "detail", "volume", NULL, DPV_NONE,                                                   \
      DPF_VOLUME, DPE_KEEP, DPD_NO, DPG_NONE,                                                                  \
      0, "describe the volume with focus")                                                                     \
    X(CMD_DETACH, "detach", NULL, NULL, DPV_NONE,                                                              \
      DPF_UNMODELLED, DPE_KEEP, DPD_NO, DPG_NONE,                                                              \
      0, "detach a virtual disk")                                                                              \
    X(CMD_EXIT, "exit", NULL, NULL, DPV_NONE,                                                                  \
      DPF_NONE, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "leave DiskPart")                                                                                     \
    X(CMD_EXTEND, "extend", NULL, NULL, DPV_NONE,                                                              \
      DPF_UNMODELLED, DPE_KEEP, DPD_NO, DPG_NONE,                                                              \
      0, "extend a volume")                                                                                    \
    X(CMD_FORMAT, "format", NULL, NULL, DPV_NONE,                                                              \
      DPF_VOLUME, DPE_KEEP, DPD_YES, DPG_FOCUS_EMPTY,                                                          \
      DPO_N | DP_BIT(DPO_FS) | DP_BIT(DPO_LABEL) | DP_BIT(DPO_QUICK) | DP_BIT(DPO_UNIT) |                      \
          DP_BIT(DPO_COMPRESS) | DP_BIT(DPO_OVERRIDE) | DP_BIT(DPO_NOWAIT),                                    \
      "make a file system on the volume with focus")                                                           \
    X(CMD_LIST_DISK, "list", "disk", NULL, DPV_NONE,                                                           \
      DPF_NONE, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "list the disks")                                                                                     \
    X(CMD_LIST_PARTITION, "list", "partition", NULL, DPV_NONE,                                                 \
      DPF_DISK, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "list the partitions of the disk with focus")                                                         \
    X(CMD_LIST_VOLUME, "list", "volume", NULL, DPV_NONE,                                                       \
      DPF_NONE, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "list the volumes")                                                                                   \
    X(CMD_OFFLINE_DISK, "offline", "disk", NULL, DPV_NONE,                                                     \
      DPF_DISK, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      DPO_N, "take the disk with focus offline")                                                               \
    X(CMD_ONLINE_DISK, "online", "disk", NULL, DPV_NONE,                                                       \
      DPF_DISK, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      DPO_N, "bring the disk with focus online")                                                               \
    X(CMD_REM, "rem", NULL, NULL, DPV_NONE,                                                                    \
      DPF_NONE, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "a comment")                                                                                          \
    X(CMD_REMOVE, "remove", NULL, NULL, DPV_NONE,                                                              \
      DPF_VOLUME, DPE_KEEP, DPD_NO, DPG_NONE,                                                                  \
      DPO_N | DP_BIT(DPO_LETTER) | DP_BIT(DPO_MOUNT) | DP_BIT(DPO_ALL) | DP_BIT(DPO_DISMOUNT),                 \
      "remove a drive letter from the volume with focus")                                                      \
    X(CMD_RESCAN, "rescan", NULL, NULL, DPV_NONE,                                                              \
      DPF_NONE, DPE_KEEP, DPD_NO, DPG_NONE,                                                                    \
      0, "look for new disks")                                                                                 \
    X(CMD_SELECT_DISK, "select", "disk", NULL, DPV_OPTIONAL,                                                   \
      DPF_NONE, DPE_SELECT, DPD_NO, DPG_NONE,                                                                  \
      DPO_N, "give a disk focus")                                                                              \
    X(CMD_SELECT_PARTITION, "select", "partition", NULL, DPV_OPTIONAL,                                         \
      DPF_DISK, DPE_SELECT, DPD_NO, DPG_NONE,                                                                  \
      DPO_N, "give a partition of the disk with focus focus")                                                  \
    X(CMD_SELECT_VOLUME, "select", "volume", NULL, DPV_OPTIONAL,                                               \
      DPF_NONE, DPE_SELECT, DPD_NO, DPG_NONE,                                                                  \
      DPO_N, "give a volume focus")                                                                            \
    X(CMD_SHRINK, "shrink", NULL, NULL, DPV_NONE,                                                              \
      DPF_UNMODELLED, DPE_KEEP, DPD_NO, DPG_NONE,                                                              \
      0, "shrink a volume")                                                                                    \
    X(CMD_UNIQUEID, "uniqueid", NULL, NULL, DPV_NONE,                                                          \
      DPF_UNMODELLED, DPE_KEEP, DPD_NO, DPG_NONE,                                                              \
      0, "disk identifier")

#define DP_CMD_ENUM(e, verb, obj, kind, val, focus, effect, destroy, guard, opts, summary) e,
enum dp_cmd_id { DP_COMMANDS(DP_CMD_ENUM) CMD_COUNT };
#undef DP_CMD_ENUM

/* The table as data, in the order above (dp_commands[CMD_X]). */
typedef struct dp_cmd_info {
    const char *verb, *object, *kind;
    enum dp_value value;
    enum dp_focus focus;
    enum dp_effect effect;
    enum dp_destroy destroy;
    enum dp_guard guard;
    unsigned options;       /* DP_BIT(DPO_x) set for each option it accepts */
    const char *summary;
} dp_cmd_info;

extern const dp_cmd_info dp_commands[CMD_COUNT];

/* Whether command id, given the options opts (DP_BIT(DPO_x) each), destroys
 * data: the one answer the checker, the resolver and the verifier use. */
static inline bool dp_destroys(enum dp_cmd_id id, unsigned opts)
{
    return id < CMD_COUNT && (dp_commands[id].destroy == DPD_YES ||
                              (dp_commands[id].destroy == DPD_NOKEEP && (opts & DP_BIT(DPO_NOKEEP))));
}

/* The kinds of object DiskPart keeps in focus, and what a command that
 * succeeds leaves in focus for each. */
enum dp_kind { DPK_DISK, DPK_PART, DPK_VOL, DPK_COUNT };
enum dp_after {
    DPA_KEEP,   /* as it was */
    DPA_SET,    /* a known object: the one selected, or the one the command made */
    DPA_NONE,   /* nothing */
    DPA_MAYBE   /* depends on the layout: an object, or nothing */
};

/* The table's focus effect for command id with options opts, per kind of
 * object: the checker follows focus by it, and tests/unit/test_sim.c proves
 * that the simulator, which knows the layout, leaves focus as it says. */
static inline void dp_focus_after(enum dp_cmd_id id, unsigned opts, enum dp_after after[DPK_COUNT])
{
    enum dp_effect e = id < CMD_COUNT ? dp_commands[id].effect : DPE_KEEP;
    after[DPK_DISK] = after[DPK_PART] = after[DPK_VOL] = DPA_KEEP;
    switch (e) {
    case DPE_KEEP:
        break;
    case DPE_SELECT:
        if (id == CMD_SELECT_DISK) {
            after[DPK_DISK] = DPA_SET;
            after[DPK_PART] = after[DPK_VOL] = DPA_NONE;
        } else if (id == CMD_SELECT_VOLUME) {
            after[DPK_VOL] = DPA_SET;
            after[DPK_DISK] = after[DPK_PART] = DPA_MAYBE;
        } else {
            after[DPK_PART] = DPA_SET;
            after[DPK_VOL] = DPA_MAYBE;
        }
        break;
    case DPE_NEW_PARTITION:
        after[DPK_PART] = DPA_SET;
        after[DPK_VOL] = DPA_MAYBE;
        break;
    case DPE_DROP_PART:
    case DPE_DROP_VOLUME:
    case DPE_DROP_CONTENT:
        after[DPK_PART] = after[DPK_VOL] = DPA_NONE;
        break;
    case DPE_DROP_DISK:
        after[DPK_DISK] = after[DPK_PART] = DPA_NONE;
        break;
    case DPE_BREAK:
        if (opts & DP_BIT(DPO_NOKEEP)) {
            after[DPK_DISK] = after[DPK_PART] = after[DPK_VOL] = DPA_NONE;
        } else {
            after[DPK_VOL] = DPA_SET;
            after[DPK_DISK] = after[DPK_PART] = DPA_MAYBE;
        }
        break;
    case DPE_ADD:
        after[DPK_DISK] = DPA_SET;
        after[DPK_PART] = DPA_NONE;
        break;
    }
}

typedef struct dp_opt_info {
    const char *name;
    int takes_value;
} dp_opt_info;

extern const dp_opt_info dp_options[DPO_COUNT];

/* A slice of the line a command was read from. */
typedef struct dp_slice {
    const char *s;
    size_t n;
} dp_slice;

/* One command line as DiskPart reads it (runtime/diskpart/dpscript.re).  Slices point
 * into the line given to dp_parse_line: the line must outlive the command. */
typedef struct dp_cmd {
    enum dp_cmd_id id;
    bool has_value;             /* the object's value: `1` in `select disk 1` */
    dp_slice value;
    unsigned opts;              /* DP_BIT(DPO_x) for each option given */
    dp_slice optval[DPO_COUNT]; /* value of each option that takes one */
} dp_cmd;

enum dp_parse {
    DPP_OK,
    DPP_EMPTY,      /* blank line or `rem`: nothing to run */
    DPP_UNKNOWN,    /* the first word is no DiskPart command */
    DPP_SYNTAX      /* a command, with arguments DiskPart would refuse */
};

/* Read one script line: line[len] must be '\0' (the reader stops there and
 * refuses a NUL inside the line).  On DPP_SYNTAX, out->id names the command
 * (for DiskPart's "HELP <command>" hint) and *err_at is the byte offset of the
 * word it could not read; on DPP_UNKNOWN *err_at is 0. */
enum dp_parse dp_parse_line(const char *line, size_t len, dp_cmd *out, size_t *err_at);

/* "SELECT DISK": the command's keywords in capitals, as DiskPart's help
 * names it; written into b. */
void dp_cmd_name(enum dp_cmd_id id, char *b, size_t n);

#endif
