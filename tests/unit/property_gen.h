/* property_gen.h - test_property.c's generator: random servers, their
 * listings (in English, French or German) and their inventories, and what
 * is true of each (truth).  Included after cmocka.h, by test_property.c.
 *
 * A seeded generator builds a random server (2 to 12 disks in every status
 * the reader knows, random sizes and free space, dynamic and GPT flags, 0
 * to 2 missing disks, mirrored, simple and partition volumes with letters,
 * DVD drives, USB sticks, each disk's `list partition` captured or not,
 * `detail disk` of every disk or of none, gaps in the disk numbers), or a
 * server in the ideal state the examples are written for, in the shapes
 * real servers take, and writes it as DiskPart listing text; when asked,
 * also in French or German (print.c in that language, with the words files
 * of tests/fixtures/listings and stand-ins for the words no file gives).
 *
 * The inventory (grammar/capture/inventory.h, `--inventory`).  The
 * generator also gives every disk exact bytes within what the listing
 * displays, and every volume exact bytes within its display (on ideal
 * servers its plexes fill the survivor but for its first partitions and
 * last MiB; C: may display the disk's own size on MBR); some blank disks
 * and every USB stick are on a USB bus.  An ideal server's replacement
 * displays the survivor's size and is its twin in bytes, or a few MB
 * larger, or 4 MB to 1000 MB smaller, or its twin on a USB bus.  When
 * asked, it writes the inventory as `mrb probe --inventory`'s command
 * writes it.
 */
#ifndef MRB_TEST_PROPERTY_GEN_H
#define MRB_TEST_PROPERTY_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/platform.h"
#include "base/util.h"
#include "capture/inventory.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "diskpart/print.h"

typedef struct rng {
    uint64_t s;
} rng;

static inline uint64_t next(rng *r)
{
    /* splitmix64: any seed, 0 included, gives a good stream */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static inline unsigned below(rng *r, unsigned n) { return (unsigned)(next(r) % n); }
static inline bool chance(rng *r, unsigned percent) { return below(r, 100) < percent; }

/* How an ideal server's replacement compares with its survivor, in exact
 * bytes (both display the same size in the listing). */
#define REPLACEMENTS(X)                                         \
    X(REPL_TWIN, "the same bytes")                              \
    X(REPL_LARGER, "larger by a few MB")                        \
    X(REPL_SMALLER, "smaller by 4 MB to 1000 MB")               \
    X(REPL_USB, "the same bytes, on a USB bus")
#define REPL_ENUM(e, s) e,
enum repl { REPLACEMENTS(REPL_ENUM) REPL_COUNT };
#undef REPL_ENUM

#define MAXVOLS 64

/* What the generator knows about each disk, by its name in the listing,
 * and about each volume, by its number. */
typedef struct truth {
    size_t ndisks;
    struct {
        mdl_disk_ref ref;
        bool blank, missing;
        bool removable;     /* on a USB bus */
        uint64_t bytes;     /* its exact size (0 when missing) */
    } disk[24];
    uint64_t vol_bytes[MAXVOLS];    /* a volume's exact size */
    bool details;           /* `detail disk` captured: its Type line shows the bus */
    bool ideal_gpt, ideal_mbr;
    unsigned shape;         /* SHAPE_ bits of an ideal server */
    enum repl repl;         /* of an ideal server */
} truth;

/* The shapes of ideal servers, counted so that a run shows it tried them. */
#define SHAPES(X)                                               \
    X(SHAPE_TWO_MIRRORS, "two mirrors on the survivor")         \
    X(SHAPE_DETAILS, "detail disk captured")                    \
    X(SHAPE_THIRD_DYNAMIC, "a third dynamic disk")              \
    X(SHAPE_GAP, "a gap in the disk numbers")                   \
    X(SHAPE_MANY_DISKS, "more than 8 disks")
#define SHAPE_ENUM(e, s) e##_BIT,
enum { SHAPES(SHAPE_ENUM) SHAPE_COUNT };
#define SHAPE_TWO_MIRRORS (1u << SHAPE_TWO_MIRRORS_BIT)
#define SHAPE_DETAILS (1u << SHAPE_DETAILS_BIT)
#define SHAPE_THIRD_DYNAMIC (1u << SHAPE_THIRD_DYNAMIC_BIT)
#define SHAPE_GAP (1u << SHAPE_GAP_BIT)
#define SHAPE_MANY_DISKS (1u << SHAPE_MANY_DISKS_BIT)

static inline mdl_size gb(uint64_t n)
{
    mdl_size s;
    mdl_displayed(n, MDL_GiB, &s);
    return s;
}

static inline mdl_size mb(uint64_t n)
{
    mdl_size s;
    mdl_displayed(n, MDL_MiB, &s);
    return s;
}

typedef struct gen {
    rng *r;
    rng *ir;                /* exact sizes, buses, MBR's full C:: a stream of their own, so that r's, and
                               the shapes of the servers, stay those the generator gave before */
    mdl_server *s;
    truth *t;
    char letters[26];       /* unused letters, shuffled */
    unsigned nletters;
    unsigned nextvol;
    bool details;           /* capture `detail disk` of every disk that is not missing */
    unsigned on[24][24];    /* by disk index: the volumes that live there */
    unsigned non[24];
} gen;

/* Volume vol lives on the disk at index i of the server (what its
 * `detail disk` will list). */
static inline void lives_on(gen *g, size_t i, unsigned vol)
{
    assert_true(i < 24 && g->non[i] < 24);
    g->on[i][g->non[i]++] = vol;
}

/* The Disk ID `detail disk` shows for d (and the inventory's Guid or
 * Signature says): a GUID on GPT, 8 hex digits on MBR. */
static inline void disk_id(const mdl_disk *d, char *out, size_t n)
{
    if (d->gpt)
        snprintf(out, n, "{5EED%04X-0000-4000-8000-%012X}", d->num, 0x5EED00u + d->num);
    else
        snprintf(out, n, "%08X", 0x5EED0000u + d->num);
}

/* The `detail disk` of every disk that is not missing, from what the
 * generator placed there. */
static inline void write_details(gen *g)
{
    size_t i, k;
    char text[64];
    g->t->details = g->details;
    for (i = 0; g->details && i < g->s->ndisks; i++) {
        mdl_disk *d = &g->s->disks[i];
        mdl_disk_detail *x = &d->detail;
        if (d->status == DS_MISSING)
            continue;
        x->known = true;
        snprintf(text, sizeof text, "Generated Disk %u SCSI Disk Device", d->num);
        assert_non_null(x->model = util_strndup(text, strlen(text)));
        disk_id(d, text, sizeof text);
        assert_non_null(x->disk_id = util_strndup(text, strlen(text)));
        assert_non_null(x->type = util_strndup(g->t->disk[i].removable ? "USB" : "SAS", 3));
        snprintf(text, sizeof text, "PCIROOT(0)#PCI(0300)#SAS(P00T%02uL00)", d->num);
        assert_non_null(x->location = util_strndup(text, strlen(text)));
        x->nvols = g->non[i];
        if (x->nvols) {
            assert_non_null(x->vols = util_calloc(x->nvols, sizeof *x->vols));
            for (k = 0; k < x->nvols; k++)
                x->vols[k] = g->on[i][k];
        }
    }
}

static inline char take_letter(gen *g)
{
    return g->nletters ? g->letters[--g->nletters] : 0;
}

static inline unsigned add_volume(gen *g, enum mdl_vol_type type, char letter, const char *label, enum mdl_fs fs,
                                  mdl_size size, enum mdl_vol_status st, enum mdl_vol_info info)
{
    mdl_volume v;
    memset(&v, 0, sizeof v);
    v.num = g->nextvol++;
    v.letter = letter;
    v.label = (char *)(uintptr_t)label;     /* copied by mdl_add_volume */
    v.fs = fs;
    v.type = type;
    v.size = size;
    v.status = st;
    v.info = info;
    assert_non_null(mdl_add_volume(g->s, &v));
    assert_true(v.num < MAXVOLS);
    g->t->vol_bytes[v.num] = size.lo;   /* ideal servers choose within the display */
    return v.num;
}

/* A number of bytes that displays as size, in whole sectors. */
static inline uint64_t within(rng *r, mdl_size size)
{
    uint64_t sectors = (size.hi - size.lo) / 512;
    return size.lo + (sectors > 1 ? 512 * (next(r) % sectors) : 0);
}

static inline mdl_disk *add_disk(gen *g, unsigned num, bool missing_id, enum mdl_disk_status st, mdl_size size,
                                 mdl_size free, bool dyn, bool gpt, bool parts_known, bool blank)
{
    mdl_disk d = {.num = num, .missing_id = missing_id, .status = st, .size = size, .free = free, .dyn = dyn,
                  .gpt = gpt, .parts_known = parts_known};
    mdl_disk *out;
    assert_non_null(out = mdl_add_disk(g->s, &d));
    assert_true(g->t->ndisks < 24);
    g->t->disk[g->t->ndisks].ref.num = num;
    g->t->disk[g->t->ndisks].ref.missing_id = missing_id;
    g->t->disk[g->t->ndisks].blank = blank;
    g->t->disk[g->t->ndisks].missing = st == DS_MISSING;
    g->t->disk[g->t->ndisks].bytes = st == DS_MISSING ? 0 : within(g->ir, size);
    g->t->ndisks++;
    return out;
}

/* Partitions, laid out from 1 MiB on; sizes in MiB. */
static inline void add_part(mdl_disk *d, enum mdl_part_type type, uint64_t size_mb, uint64_t *at_mb)
{
    mdl_partition p;
    memset(&p, 0, sizeof p);
    p.num = (unsigned)d->nparts + 1;
    p.type = type;
    p.size = size_mb >= 1024 ? gb(size_mb / 1024) : mb(size_mb);
    p.offset = *at_mb >= 1024 ? gb(*at_mb / 1024) : mb(*at_mb);
    assert_non_null(mdl_add_partition(d, &p));
    *at_mb += size_mb;
}

/* A dynamic disk holding the mirrors (and maybe more); GPT ones with the
 * ESP, the reserved partitions and the LDM data as `convert dynamic` makes.
 * plex_mb: the Dynamic Data partitions, in MiB, nplex of them. */
static inline size_t survivor(gen *g, unsigned num, uint64_t size_gb, bool gpt, const uint64_t *plex_mb, size_t nplex,
                              bool listed, bool esp)
{
    mdl_disk *d = add_disk(g, num, false, DS_ONLINE, gb(size_gb), gb(0), true, gpt, listed, false);
    uint64_t at = 1;
    size_t k;
    if (!listed)
        return g->s->ndisks - 1;
    if (gpt) {
        if (esp)
            add_part(d, PT_SYSTEM, 350, &at);
        add_part(d, PT_DYN_RESERVED, 1, &at);
        add_part(d, PT_RESERVED, 127, &at);
    }
    for (k = 0; k < nplex; k++)
        add_part(d, PT_DYN_DATA, plex_mb[k], &at);
    return g->s->ndisks - 1;
}

static inline void shuffle_letters(gen *g)
{
    unsigned i;
    g->nletters = 0;
    for (i = 'D'; i <= 'Z'; i++)
        g->letters[g->nletters++] = (char)i;
    for (i = g->nletters - 1; i > 0; i--) {
        unsigned j = below(g->r, i + 1);
        char c = g->letters[i];
        g->letters[i] = g->letters[j];
        g->letters[j] = c;
    }
}

/* The next disk number: DiskPart numbers disks as it finds them, and a
 * server may show a gap (disk 0, then disk 2). */
static inline unsigned next_num(gen *g, unsigned *num)
{
    unsigned n = *num;
    *num = n + 1;
    if (chance(g->r, 10)) {
        (*num)++;
        g->t->shape |= SHAPE_GAP;
    }
    return n;
}

/* Things a real server also has: a DVD drive, a USB stick, a disk that is
 * offline.  On an ideal server they must not matter, so the stick's
 * partitions are listed there (a disk that might hold the EFI volume makes
 * the ESP's place unknown, rightly) and no disk is offline. */
static inline void extras(gen *g, unsigned *num, bool ideal_server)
{
    if (chance(g->r, 40))
        add_volume(g, VT_DVDROM, take_letter(g), "", FS_NONE, gb(0), VS_NO_MEDIA, VI_NONE);
    if (chance(g->r, 30)) {
        uint64_t size = 8 + below(g->r, 56), at = 1;
        mdl_disk *d = add_disk(g, next_num(g, num), false, DS_ONLINE, gb(size), gb(0), false, false,
                               ideal_server || chance(g->r, 70), false);
        size_t i = g->s->ndisks - 1;
        g->t->disk[i].removable = true;
        if (d->parts_known)
            add_part(d, PT_PRIMARY, size * 1024 - 1, &at);
        lives_on(g, i, add_volume(g, VT_REMOVABLE, take_letter(g), "USB", FS_FAT32, gb(size - 1), VS_HEALTHY,
                                  VI_NONE));
    }
    if (!ideal_server && chance(g->r, 20))
        add_disk(g, next_num(g, num), false, DS_OFFLINE, gb(500 + below(g->r, 3000)), gb(0), false, false, false,
                 false);
}

/* A basic disk holding one partition volume, its partitions listed. */
static inline void data_disk(gen *g, unsigned *num, bool gpt)
{
    uint64_t size = 100 + below(g->r, 900), at = 1;
    mdl_disk *d = add_disk(g, next_num(g, num), false, DS_ONLINE, gb(size), gb(1), false, gpt, true, false);
    size_t i = g->s->ndisks - 1;
    if (gpt)
        add_part(d, PT_RESERVED, 16, &at);
    add_part(d, PT_PRIMARY, (size - 1) * 1024 - 32, &at);
    lives_on(g, i, add_volume(g, VT_PARTITION, take_letter(g), "Data", FS_NTFS, gb(size - 2), VS_HEALTHY, VI_NONE));
}

/* The exact bytes of an ideal server's survivor (at index surv), of its
 * replacement (the next disk) and of the nplex volumes vols whose plexes
 * the survivor holds, in its order: each volume within its display, all
 * of them within the survivor's bytes, from its first free MiB (after its
 * ESP and reserved partitions on GPT) up to its last MiB (the backup GPT,
 * or the LDM database on MBR).  The replacement displays the survivor's
 * size, and is its twin, or a few MB larger, or 4 MB to 1000 MB smaller,
 * or its twin on a USB bus. */
static inline void ideal_bytes(gen *g, size_t surv, bool gpt, const unsigned *vols, size_t nplex)
{
    truth *t = g->t;
    mdl_size shown = g->s->disks[surv].size;
    uint64_t delta = 0, s, room, lo = 0, slack, start = (gpt ? 479 : 1) * MDL_MiB, least;
    unsigned k = below(g->ir, 100);
    size_t i;
    for (i = 0; i < nplex; i++)
        lo += t->vol_bytes[vols[i]];
    least = lo + start + 2 * MDL_MiB > shown.lo ? lo + start + 2 * MDL_MiB : shown.lo;
    t->repl = k < 40 ? REPL_TWIN : k < 55 ? REPL_LARGER : k < 90 ? REPL_SMALLER : REPL_USB;
    if (t->repl == REPL_SMALLER)
        delta = chance(g->ir, 50) ? 4 * MDL_MiB + 512u * below(g->ir, 60 * 2048)
                                  : 64 * MDL_MiB + 512u * below(g->ir, 936 * 2048);
    else if (t->repl == REPL_LARGER)
        delta = MDL_MiB + 512u * below(g->ir, 63 * 2048);
    if (least + 2 * delta >= shown.hi)
        delta = (shown.hi - least) / 4 / 512 * 512;    /* a volume as large as the disk leaves less */
    s = least + 512 * (next(g->ir) % ((shown.hi - least - delta) / 512));
    if (t->repl == REPL_SMALLER && s - delta < shown.lo)
        s += delta;
    t->disk[surv].bytes = s;
    t->disk[surv + 1].bytes = t->repl == REPL_SMALLER ? s - delta : t->repl == REPL_LARGER ? s + delta : s;
    t->disk[surv + 1].removable = t->repl == REPL_USB;
    room = s - start - MDL_MiB;
    assert_true(room > lo);
    slack = (room - lo) / nplex;
    for (i = 0; i < nplex; i++) {
        const mdl_volume *v = mdl_find_volume(g->s, vols[i]);
        uint64_t most = v->size.hi - 1 - v->size.lo;
        if (most > slack)
            most = slack;
        t->vol_bytes[vols[i]] += 512 * (next(g->ir) % (most / 512 + 1));
    }
}

/* The state the examples are written for, in the shapes real servers
 * take: C: alone or with a second mirror (System Reserved on MBR, a data
 * volume on GPT) on one survivor; with `detail disk` captured, a third
 * dynamic disk holding a simple volume or a healthy mirror of its own;
 * a gap in the disk numbers; more than 8 disks. */
static inline void ideal(gen *g, bool gpt)
{
    unsigned num = 0;
    uint64_t size = 100 + below(g->r, 4000), plex[2];
    size_t nplex = 1, surv, k;
    bool second = chance(g->r, 35) && (!gpt || size > 101);     /* room for a 100 GB C: and a data volume */
    unsigned c, other = 0;
    g->details = chance(g->r, 50);
    if (second) {
        plex[0] = gpt ? 100 * 1024 : 500;
        plex[1] = (size - 1) * 1024 - plex[0];
        nplex = 2;
    } else {
        /* on MBR, C: may display the disk's size (1863 GB on 1863 GB) */
        plex[0] = (gpt || chance(g->ir, 50) ? size - 1 : size) * 1024;
    }
    surv = survivor(g, next_num(g, &num), size, gpt, plex, nplex, true, gpt);
    add_disk(g, next_num(g, &num), false, DS_ONLINE, gb(size), gb(size), false, chance(g->r, 20), true, true);
    add_disk(g, 0, true, DS_MISSING, gb(0), gb(0), true, false, false, false);
    if (second && !gpt) {
        other = add_volume(g, VT_MIRROR, 0, "System Rese", FS_NTFS, mb(plex[0]), VS_FAILED_RD, VI_SYSTEM);
        c = add_volume(g, VT_MIRROR, 'C', "Windows", FS_NTFS, gb(plex[1] / 1024), VS_FAILED_RD, VI_BOOT);
    } else {
        c = add_volume(g, VT_MIRROR, 'C', "Windows", FS_NTFS, gb(plex[0] / 1024), VS_FAILED_RD, VI_BOOT);
        if (second)
            other = add_volume(g, VT_MIRROR, take_letter(g), "Data", FS_NTFS, gb(plex[1] / 1024), VS_FAILED_RD,
                               VI_NONE);
    }
    {
        unsigned vols[2];
        vols[0] = second && !gpt ? other : c;
        vols[1] = second && !gpt ? c : other;
        ideal_bytes(g, surv, gpt, vols, nplex);
    }
    lives_on(g, surv, c);
    if (second)
        lives_on(g, surv, other);
    if (gpt)
        lives_on(g, surv, add_volume(g, VT_PARTITION, 0, "EFI", FS_FAT32, mb(350), VS_HEALTHY, VI_SYSTEM));
    if (g->details && chance(g->r, 40)) {
        /* a third dynamic disk: a simple data volume, or one plex of a
         * healthy mirror whose other plex is on a fourth */
        uint64_t dsize = 200 + below(g->r, 3000), dplex = (dsize - 1) * 1024;
        size_t d1 = survivor(g, next_num(g, &num), dsize, gpt, &dplex, 1, true, false);
        g->t->shape |= SHAPE_THIRD_DYNAMIC;
        if (chance(g->r, 50)) {
            lives_on(g, d1, add_volume(g, VT_SIMPLE, take_letter(g), "Data", FS_NTFS, gb(dsize - 1), VS_HEALTHY,
                                       VI_NONE));
        } else {
            size_t d2 = survivor(g, next_num(g, &num), dsize, gpt, &dplex, 1, true, false);
            unsigned m = add_volume(g, VT_MIRROR, take_letter(g), "Archive", FS_NTFS, gb(dsize - 1), VS_HEALTHY,
                                    VI_NONE);
            lives_on(g, d1, m);
            lives_on(g, d2, m);
        }
    }
    if (chance(g->r, 15))
        for (k = 0; k < 7; k++)
            data_disk(g, &num, chance(g->r, 50));
    extras(g, &num, true);
    write_details(g);
    g->t->shape |= (second ? SHAPE_TWO_MIRRORS : 0) | (g->details ? SHAPE_DETAILS : 0) |
                   (g->s->ndisks > 8 ? SHAPE_MANY_DISKS : 0);
    if (gpt)
        g->t->ideal_gpt = true;
    else
        g->t->ideal_mbr = true;
}

/* Anything: disks in every status, any mix of contents. */
static inline void random_server(gen *g)
{
    unsigned ndisks = 2 + below(g->r, 11), nmissing = below(g->r, 3), num = 0, i, k;
    unsigned nmirrors = 0, nsurv = 0;
    size_t surv[16];
    uint64_t mirror_gb = 0;
    static const enum mdl_disk_status other[] = {DS_OFFLINE, DS_NO_MEDIA, DS_FOREIGN, DS_INVALID, DS_NOT_INIT};
    g->details = chance(g->r, 30);
    for (i = 0; i < ndisks; i++) {
        unsigned kind = below(g->r, 100);
        uint64_t size = chance(g->r, 30) ? 1863 : 16 + below(g->r, 4000);
        bool listed = chance(g->r, 80), gpt = chance(g->r, 50);
        uint64_t at = 1;
        if (kind < 25) {                /* dynamic, holding a mirror plex and maybe simple volumes */
            uint64_t m = size > 2 ? size - 1 - below(g->r, 2) : 1, plex;
            if (!mirror_gb)
                mirror_gb = m;
            plex = (mirror_gb < size ? mirror_gb : m) * 1024;
            surv[nsurv++] = survivor(g, next_num(g, &num), size, gpt, &plex, 1, listed, gpt && chance(g->r, 70));
            nmirrors++;
            if (chance(g->r, 30))
                lives_on(g, surv[nsurv - 1], add_volume(g, VT_SIMPLE, take_letter(g), "Data", FS_NTFS,
                                                        gb(1 + below(g->r, 50)), VS_HEALTHY, VI_NONE));
        } else if (kind < 55) {         /* blank, or nearly: some free space missing */
            bool blank = chance(g->r, 80);
            add_disk(g, next_num(g, &num), false, DS_ONLINE, gb(size), blank ? gb(size) : gb(size / 2), false, gpt,
                     listed, blank);
            g->t->disk[g->t->ndisks - 1].removable = chance(g->ir, 15);     /* a USB disk */
        } else if (kind < 80) {         /* basic, with partition volumes */
            mdl_disk *d = add_disk(g, next_num(g, &num), false, DS_ONLINE, gb(size), gb(size / 3), false, gpt,
                                   listed, false);
            size_t at_disk = g->s->ndisks - 1;
            unsigned n = 1 + below(g->r, 3);
            for (k = 0; k < n; k++) {
                uint64_t psz = 1 + size / 4;
                if (d->parts_known)
                    add_part(d, PT_PRIMARY, psz * 1024, &at);
                lives_on(g, at_disk, add_volume(g, VT_PARTITION, take_letter(g), "Data",
                                                chance(g->r, 80) ? FS_NTFS : FS_REFS, gb(psz), VS_HEALTHY, VI_NONE));
            }
        } else {                        /* offline, foreign, not initialised ... */
            enum mdl_disk_status st = other[below(g->r, 5)];
            add_disk(g, next_num(g, &num), false, st, gb(size), st == DS_NOT_INIT ? gb(size) : gb(0),
                     st == DS_FOREIGN, gpt, false, false);
        }
    }
    for (i = 0; i < nmissing; i++)
        add_disk(g, i, true, DS_MISSING, gb(0), gb(0), true, false, false, false);
    if (nmirrors || nmissing) {
        unsigned c = add_volume(g, VT_MIRROR, 'C', "Windows", FS_NTFS, gb(mirror_gb ? mirror_gb : 100),
                                nmissing && chance(g->r, 85) ? VS_FAILED_RD : VS_HEALTHY, VI_BOOT);
        for (k = 0; k < nsurv; k++)
            lives_on(g, surv[k], c);
    }
    extras(g, &num, false);
    write_details(g);
}

/* The inventory of server s (what `mrb probe --inventory`'s command
 * writes, grammar/capture/inventory.h) from what the generator knows: one line a
 * disk that is not missing, its exact bytes, its style and Disk ID as the
 * listing shows them, a serial number, bus SAS or USB.  Some files have a
 * BOM, CRLF line ends, the enumerations' names for their numbers, or a
 * FriendlyName that needs quoting. */
static inline void write_inventory(buf *out, const mdl_server *s, const truth *t, rng *ir)
{
    const char *eol = chance(ir, 50) ? "\r\n" : "\n";
    bool names = chance(ir, 20);
    size_t i;
    char id[64];
    if (chance(ir, 50))
        buf_puts(out, "\xEF\xBB\xBF");
    buf_printf(out, "%s%s", INV_HEADER, eol);
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *d = &s->disks[i];
        bool raw = d->status == DS_NOT_INIT && !d->gpt, usb = t->disk[i].removable;
        if (d->missing_id)
            continue;
        disk_id(d, id, sizeof id);
        buf_printf(out, "\"%u\",", d->num);
        if (names)
            buf_printf(out, "\"%s\",", d->gpt ? "GPT" : raw ? "RAW" : "MBR");
        else
            buf_printf(out, "\"%d\",", d->gpt ? 2 : raw ? 0 : 1);
        if (d->gpt || raw)
            buf_printf(out, "\"\",\"%s\",", raw ? "" : id);
        else
            buf_printf(out, "\"%lu\",\"\",", (unsigned long)strtoul(id, NULL, 16));
        buf_printf(out, "\"%llu\",", (unsigned long long)t->disk[i].bytes);
        if (usb && chance(ir, 30))
            buf_puts(out, "\"\",");     /* USB bridges often give none */
        else
            buf_printf(out, "\"%s%08llX\",", usb ? "USB" : "ZC1", (unsigned long long)(next(ir) >> 32));
        if (names)
            buf_printf(out, "\"%s\",", usb ? "USB" : "SAS");
        else
            buf_printf(out, "\"%d\",", usb ? 7 : 10);
        if (chance(ir, 10))
            buf_printf(out, "\"Vendor \"\"%u\"\", Model %s\",", d->num, usb ? "USB Device" : "SAS");
        else
            buf_printf(out, "\"%s %u\",", usb ? "Generic USB Disk" : "Generated Disk", d->num);
        buf_printf(out, "\"5000C500%08llX\"%s", (unsigned long long)(next(ir) >> 32), eol);
    }
}

/* A server for seed: its listing text, and what is true of it; when loc,
 * also the same server's listing in loc's language (into local); when inv,
 * its inventory. */
static inline void generate(uint64_t seed, buf *listing, truth *t, const prt_locale *loc, buf *local, buf *inv)
{
    rng r = {seed}, ir = {~seed * 0x2545f4914f6cdd1du};
    mdl_server s;
    gen g;
    memset(t, 0, sizeof *t);
    mdl_server_init(&s);
    memset(&g, 0, sizeof g);
    g.r = &r;
    g.ir = &ir;
    g.s = &s;
    g.t = t;
    shuffle_letters(&g);
    switch (below(&r, 8)) {
    case 0: ideal(&g, true); break;
    case 1: ideal(&g, false); break;
    default: random_server(&g); break;
    }
    prt_snapshot(listing, &s);
    assert_false(listing->failed);
    if (loc) {
        prt_snapshot_in(local, &s, loc);
        assert_false(local->failed);
    }
    if (inv) {
        write_inventory(inv, &s, t, &ir);
        assert_false(inv->failed);
    }
    mdl_server_free(&s);
}

/* ---- localised listings ------------------------------------------------------ */

/* A French or German server prints the words the model knows in that
 * language (model.h) and others the operator gives with `--words`: the
 * words files of tests/fixtures/listings, and here, for every word that
 * neither knows, a stand-in (the English word in capitals, cut to the
 * column).  What is tested is that the reader reads every column, message
 * and `detail disk` field of such a server through those words, and that
 * the server then gets exactly the plan of its English twin. */
typedef struct locale {
    enum mdl_lang lang;
    const char *name, *words_path;
    buf text;
    diag_src src;
    lst_words words;
    prt_locale prt;
    lst_options opt;
} locale;

static locale locales[] = {
    {LANG_FR, "French", "tests/fixtures/listings/words-fr.txt", {0}, {0}, {0}, {0}, {0}},
    {LANG_DE, "German", "tests/fixtures/listings/words-de.txt", {0}, {0}, {0}, {0}, {0}},
};
#define NLOCALES (sizeof locales / sizeof locales[0])

static inline const char *local_of(const void *ctx, const char *english)
{
    const lst_words *w = ctx;
    size_t i;
    for (i = 0; i < w->n; i++)
        if (strcmp(w->w[i].english, english) == 0)
            return w->w[i].local;
    return NULL;
}

/* Add "ENGLISH = English" to l's words text for each word of v that neither
 * the model nor the words file knows in l's language. */
static inline void stand_ins(locale *l, const mdl_vocab *v, lst_words *file)
{
    int i;
    for (i = 0; i < v->count; i++) {
        const char *en = mdl_word(v, i), *c;
        char line[128];
        if (!*en || mdl_word_in(v, i, l->lang) || local_of(file, en))
            continue;
        snprintf(line, sizeof line, "= %s\n", en);
        if (strstr(buf_cstr(&l->text), line))
            continue;
        for (c = en; *c; c++)
            buf_putc(&l->text, (*c >= 'a' && *c <= 'z') ? (char)(*c - 'a' + 'A') : *c);
        buf_printf(&l->text, " %s", line);
    }
}

static inline void load_locales(void)
{
    size_t k;
    for (k = 0; k < NLOCALES; k++) {
        locale *l = &locales[k];
        const char *reason;
        lst_words file;
        diag_sink d;
        buf_init(&l->text);
        lst_words_init(&l->words);
        lst_words_init(&file);
        diag_init(&d);
        assert_int_equal(plat_read_file(l->words_path, 1u << 20, &l->text, &reason), PLAT_OK);
        l->src.name = l->words_path;
        l->src.text = buf_cstr(&l->text);
        l->src.len = l->text.len;
        if (!lst_words_parse(&l->src, &file, &d))
            fail_msg("%s", buf_cstr(&d.out));
        stand_ins(l, &mdl_disk_status_vocab, &file);
        stand_ins(l, &mdl_vol_type_vocab, &file);
        stand_ins(l, &mdl_vol_status_vocab, &file);
        stand_ins(l, &mdl_vol_info_vocab, &file);
        stand_ins(l, &mdl_part_type_vocab, &file);
        l->src.text = buf_cstr(&l->text);
        l->src.len = l->text.len;
        if (!lst_words_parse(&l->src, &l->words, &d))
            fail_msg("%s", buf_cstr(&d.out));
        l->prt.lang = l->lang;
        l->prt.local = local_of;
        l->prt.ctx = &l->words;
        l->opt.words = &l->words;
        lst_words_free(&file);
        diag_free(&d);
    }
}

static inline void free_locales(void)
{
    size_t k;
    for (k = 0; k < NLOCALES; k++) {
        lst_words_free(&locales[k].words);
        buf_free(&locales[k].text);
    }
}

#endif
