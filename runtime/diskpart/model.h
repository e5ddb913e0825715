/* model.h - the one model of a server's disks, volumes and partitions.
 *
 * A snapshot read from a captured DiskPart listing (grammar/listing) and the
 * simulator's state (runtime/sim) are both an mdl_server: one data type per
 * concept.  What a listing does not say stays unknown: sizes are intervals
 * of bytes (DiskPart truncates them for display), a disk whose partitions
 * were not listed has parts_known false, a volume whose disks are not known
 * has no extents.
 *
 * Every word DiskPart prints for a status, a type or a unit is listed once,
 * below, with its English, French and German spelling where a real listing
 * shows it (NULL where no real listing was seen: the reader then refuses the
 * word rather than guess, and the operator may give it with --words).
 * runtime/diskpart/MODEL.md, "Languages", names the transcript each word was seen in
 * and the words searched for in vain.
 *
 * Ownership: an mdl_server owns its arrays and strings; mdl_server_free
 * releases everything.
 */
#ifndef MRB_MODEL_H
#define MRB_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

enum mdl_lang { LANG_EN, LANG_FR, LANG_DE, LANG_COUNT };

/* Sizes: every byte count in [lo, hi).  An exact size has hi == lo + 1. */
typedef struct mdl_size {
    uint64_t lo, hi;
} mdl_size;

#define MDL_KiB ((uint64_t)1024)
#define MDL_MiB (MDL_KiB * 1024)
#define MDL_GiB (MDL_MiB * 1024)
#define MDL_TiB (MDL_GiB * 1024)

/* X(enum, english, french, german) */
#define MDL_DISK_STATUS(X)                              \
    X(DS_ONLINE, "Online", "En ligne", "Online")        \
    X(DS_OFFLINE, "Offline", NULL, NULL)                \
    X(DS_MISSING, "Missing", NULL, NULL)                \
    X(DS_NO_MEDIA, "No Media", NULL, NULL)              \
    X(DS_FOREIGN, "Foreign", NULL, NULL)                \
    X(DS_INVALID, "Invalid", NULL, NULL)                \
    X(DS_NOT_INIT, "Not Initialized", NULL, NULL)

#define MDL_VOL_TYPE(X)                                 \
    X(VT_SIMPLE, "Simple", "Simple", NULL)              \
    X(VT_MIRROR, "Mirror", NULL, NULL)                  \
    X(VT_SPANNED, "Spanned", "Fractionné", NULL)        \
    X(VT_STRIPE, "Stripe", NULL, NULL)                  \
    X(VT_RAID5, "RAID-5", NULL, NULL)                   \
    X(VT_PARTITION, "Partition", "Partition", "Partition") \
    X(VT_REMOVABLE, "Removable", NULL, "Wechselmed")    \
    X(VT_CDROM, "CD-ROM", NULL, NULL)                   \
    X(VT_DVDROM, "DVD-ROM", "DVD-ROM", "DVD-ROM")       \
    X(VT_UNKNOWN, "Unknown", NULL, NULL)

/* VS_NONE: the Status column is blank. */
#define MDL_VOL_STATUS(X)                               \
    X(VS_NONE, "", "", "")                              \
    X(VS_HEALTHY, "Healthy", "Sain", "Fehlerfre")       \
    X(VS_FAILED_RD, "Failed Rd", NULL, NULL)            \
    X(VS_REBUILD, "Rebuild", NULL, NULL)                \
    X(VS_NO_MEDIA, "No Media", "0 média", "Kein Medi")  \
    X(VS_FAILED, "Failed", NULL, NULL)                  \
    X(VS_AT_RISK, "At Risk", NULL, NULL)                \
    X(VS_UNKNOWN, "Unknown", NULL, NULL)                \
    X(VS_FORMATTING, "Formatting", NULL, NULL)          \
    X(VS_UNUSABLE, "Unusable", NULL, NULL)

/* VI_NONE: the Info column is blank. */
#define MDL_VOL_INFO(X)                                 \
    X(VI_NONE, "", "", "")                              \
    X(VI_BOOT, "Boot", "Démarrag", "Startpar")          \
    X(VI_SYSTEM, "System", "Système", "System")         \
    X(VI_HIDDEN, "Hidden", "Masqué", "Versteck")        \
    X(VI_PAGEFILE, "Pagefile", NULL, NULL)              \
    X(VI_CRASHDUMP, "Crashdump", NULL, NULL)            \
    X(VI_HIBERNAT, "Hibernat", NULL, NULL)

/* File systems are spelled the same in every language. */
#define MDL_FS(X)                                       \
    X(FS_NONE, "", "", "")                              \
    X(FS_NTFS, "NTFS", "NTFS", "NTFS")                  \
    X(FS_FAT32, "FAT32", "FAT32", "FAT32")              \
    X(FS_FAT, "FAT", "FAT", "FAT")                      \
    X(FS_EXFAT, "exFAT", "exFAT", "exFAT")              \
    X(FS_REFS, "ReFS", "ReFS", "ReFS")                  \
    X(FS_UDF, "UDF", "UDF", "UDF")                      \
    X(FS_CDFS, "CDFS", "CDFS", "CDFS")                  \
    X(FS_RAW, "RAW", "RAW", "RAW")

#define MDL_PART_TYPE(X)                                        \
    X(PT_PRIMARY, "Primary", "Principale", "Primär")            \
    X(PT_EXTENDED, "Extended", NULL, "Erweitert")               \
    X(PT_LOGICAL, "Logical", NULL, "Logisch")                   \
    X(PT_SYSTEM, "System", "Système", NULL)                     \
    X(PT_RESERVED, "Reserved", "Réservé", NULL)                 \
    X(PT_RECOVERY, "Recovery", "Récupération", NULL)            \
    X(PT_DYN_RESERVED, "Dynamic Reserved", NULL, NULL)          \
    X(PT_DYN_DATA, "Dynamic Data", NULL, NULL)                  \
    X(PT_OEM, "OEM", NULL, NULL)                                \
    X(PT_UNKNOWN, "Unknown", NULL, NULL)

/* A second spelling of a word some build prints (model.c, mdl_lookup): the
 * French Boot info is cut to `Démarrag` by most builds and whole,
 * `Démarrage`, by 10.0.19041.1. */

#define MDL_ENUM(e, en, fr, de) e,
enum mdl_disk_status { MDL_DISK_STATUS(MDL_ENUM) DS_COUNT };
enum mdl_vol_type { MDL_VOL_TYPE(MDL_ENUM) VT_COUNT };
enum mdl_vol_status { MDL_VOL_STATUS(MDL_ENUM) VS_COUNT };
enum mdl_vol_info { MDL_VOL_INFO(MDL_ENUM) VI_COUNT };
enum mdl_fs { MDL_FS(MDL_ENUM) FS_COUNT };
enum mdl_part_type { MDL_PART_TYPE(MDL_ENUM) PT_COUNT };
#undef MDL_ENUM

/* A vocabulary: the words of one column kind, indexed [value][language]. */
typedef struct mdl_vocab {
    const char *kind;               /* "disk status", for messages */
    const char *const (*words)[LANG_COUNT];
    int count;
} mdl_vocab;

extern const mdl_vocab mdl_disk_status_vocab, mdl_vol_type_vocab, mdl_vol_status_vocab,
    mdl_vol_info_vocab, mdl_fs_vocab, mdl_part_type_vocab;

/* English word of value v (what `mrb listing` prints). */
const char *mdl_word(const mdl_vocab *v, int value);
/* The word of value in lang; NULL when the model does not know it. */
const char *mdl_word_in(const mdl_vocab *v, int value, enum mdl_lang lang);
/* Value whose word in lang is exactly s[0..n), or -1. */
int mdl_lookup(const mdl_vocab *v, enum mdl_lang lang, const char *s, size_t n);

typedef struct mdl_partition {
    unsigned num;
    enum mdl_part_type type;
    mdl_size size, offset;
    /* Which volume lives here (the simulator's knowledge, see
     * runtime/diskpart/MODEL.md): vol_known false means nobody knows yet; then
     * has_vol and vol mean nothing. */
    bool vol_known;
    bool has_vol;
    unsigned vol;
} mdl_partition;

/* A disk as DiskPart names it: Disk 1, Disk M0. */
typedef struct mdl_disk_ref {
    unsigned num;
    bool missing_id;
} mdl_disk_ref;

/* A disk's number as DiskPart writes it ("1", "M0"), for printf:
 * printf("Disk " MDL_DISK_FMT, MDL_DISK_ARGS(d)), d an mdl_disk_ref or
 * mdl_disk (anything with missing_id and num). */
#define MDL_DISK_FMT "%s%u"
#define MDL_DISK_ARGS(d) ((d).missing_id ? "M" : ""), ((d).num)

#define MDL_VOL_DISKS 8     /* disks one volume is known to live on, at most */

/* What `detail disk` says; known is false when it was not captured. */
typedef struct mdl_disk_detail {
    bool known;
    char *model;            /* first line, e.g. "VMware Virtual disk SCSI Disk Device" */
    char *disk_id;          /* "{GUID}" or 8 hex digits, as printed */
    char *type;             /* "SATA", "SAS", ... */
    char *location;         /* Location Path */
    bool read_only, boot, pagefile, hibernation, crashdump, clustered;
    size_t nvols;           /* volumes shown on this disk, by number */
    unsigned *vols;
} mdl_disk_detail;

/* What the inventory (grammar/capture/inventory.h: Get-Disk's output, captured
 * beside the listing) says of a disk; known is false without one. */
typedef struct mdl_disk_inv {
    bool known;
    uint64_t bytes;         /* the exact size */
    char *serial;           /* SerialNumber, as printed ("" when none) */
    char *bus;              /* BusType: "SATA", "USB", ... */
    char *name;             /* FriendlyName */
    bool removable;         /* a bus type that is never a target (USB, SD, ...) */
} mdl_disk_inv;

typedef struct mdl_disk {
    unsigned num;           /* N of "Disk N", or of "Disk MN" when missing_id */
    bool missing_id;        /* a missing dynamic disk, named M<num> */
    enum mdl_disk_status status;
    mdl_size size, free;
    bool dyn, gpt;
    bool raw;               /* known to be uninitialised (after `clean`); a
                               listing cannot tell a raw disk from an empty MBR one */
    bool parts_known;       /* its `list partition` was captured */
    size_t nparts, capparts;
    mdl_partition *parts;
    mdl_disk_detail detail;
    mdl_disk_inv inv;       /* not kept in state files nor compared by mdl_server_eq */
    /* The same-size assumption (runtime/diskpart/MODEL.md, A1): this disk, which
     * displays the size of disk `twin`, is assumed to have room for every
     * plex `twin` holds.  Set by `add disk`; any other change of its layout
     * drops it.  Never set on a disk read from a listing. */
    bool has_twin;
    mdl_disk_ref twin;
    char *row;              /* its `list disk` row as captured, without the focus
                               mark; NULL when it did not come from a listing */
} mdl_disk;

typedef struct mdl_volume {
    unsigned num;
    char letter;            /* 'A'..'Z', or 0 for none */
    char *label;            /* UTF-8, "" for none */
    enum mdl_fs fs;
    enum mdl_vol_type type;
    mdl_size size;
    enum mdl_vol_status status;
    enum mdl_vol_info info;
    /* The disks it lives on (a mirror: one per plex), when known: a listing
     * does not say; runtime/diskpart/MODEL.md gives the rules that infer it. */
    bool where_known;
    unsigned non;
    mdl_disk_ref on[MDL_VOL_DISKS];
    char *row;              /* its `list volume` row as captured (see mdl_disk) */
    /* What `detail volume` showed, when it was captured (the listing
     * reader's evidence; runtime/diskpart/MODEL.md, "detail volume"): the disks of
     * its disk table, in the order shown (a degraded mirror: the online
     * disk and the missing one).  Not kept in state files and not compared
     * by mdl_server_eq: sim_infer turns it into where_known/on, which are. */
    bool detail_known;
    unsigned ndetail;
    mdl_disk_ref detail_on[MDL_VOL_DISKS];
} mdl_volume;

typedef struct mdl_server {
    size_t ndisks, capdisks;
    mdl_disk *disks;        /* in listing order */
    size_t nvols, capvols;
    mdl_volume *vols;       /* in listing order */
} mdl_server;

void mdl_server_init(mdl_server *s);
void mdl_server_free(mdl_server *s);

/* Append a copy (strings duplicated); NULL on allocation failure. */
mdl_disk *mdl_add_disk(mdl_server *s, const mdl_disk *d);
mdl_volume *mdl_add_volume(mdl_server *s, const mdl_volume *v);
mdl_partition *mdl_add_partition(mdl_disk *d, const mdl_partition *p);

/* Remove the disk or volume at index i, releasing what it owns. */
void mdl_remove_disk(mdl_server *s, size_t i);
void mdl_remove_volume(mdl_server *s, size_t i);

/* A deep copy of src into dst (which must be empty); false on allocation
 * failure (dst is then empty again). */
bool mdl_server_copy(mdl_server *dst, const mdl_server *src);

mdl_disk *mdl_find_disk(const mdl_server *s, unsigned num, bool missing_id);

/* The name of disk d, and whether r names d. */
static inline mdl_disk_ref mdl_ref_of(const mdl_disk *d)
{
    mdl_disk_ref r;
    r.num = d->num;
    r.missing_id = d->missing_id;
    return r;
}

static inline bool mdl_ref_is(mdl_disk_ref r, const mdl_disk *d)
{
    return r.num == d->num && r.missing_id == d->missing_id;
}

/* Volume types that live on dynamic disks only. */
static inline bool mdl_vol_type_dynamic(enum mdl_vol_type t)
{
    return t == VT_SIMPLE || t == VT_MIRROR || t == VT_SPANNED || t == VT_STRIPE || t == VT_RAID5;
}

/* Partition types that never hold a volume. */
static inline bool mdl_part_type_volumeless(enum mdl_part_type t)
{
    return t == PT_RESERVED || t == PT_DYN_RESERVED || t == PT_EXTENDED;
}
mdl_volume *mdl_find_volume(const mdl_server *s, unsigned num);

/* Sizes. */
mdl_size mdl_exact(uint64_t bytes);
/* The interval a display of value in unit stands for: [v*u, (v+1)*u). */
bool mdl_displayed(uint64_t value, uint64_t unit, mdl_size *out);
bool mdl_size_eq(mdl_size a, mdl_size b);
/* Format as DiskPart does in its tables: "N U" right-aligned in 7 columns. */
void mdl_format_size(buf *b, mdl_size sz);
/* What that display shows: the number (in *value) and the unit, 0..4 for
 * B KB MB GB TB. */
int mdl_size_unit(mdl_size sz, uint64_t *value);

/* Is bus (a bus type as `detail disk` prints it on its Type line, or as
 * Get-Disk names it) one of removable media: USB, 1394, SD, MMC?  A disk
 * on one is never a target (E607). */
bool mdl_bus_removable(const char *bus);

/* d's serial number (the inventory) for a plan's files: letters, digits,
 * '-', '_' and '.' kept, '?' for any other character, "(none)" when empty. */
void mdl_serial_ascii(buf *b, const mdl_disk *d);

/* Equality of two models (what a round trip must preserve); on difference
 * writes a one-line description into why. */
bool mdl_server_eq(const mdl_server *a, const mdl_server *b, buf *why);

#endif
