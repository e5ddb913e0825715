/* test_property.c - the wrong-disk safety property, on random servers, checked on the model.
 *
 * Design.  docs/TESTING.md T7.  A seeded generator builds a random server
 * (2 to 12 disks in every status the reader knows, random sizes and free
 * space, dynamic and GPT flags, 0 to 2 missing disks, mirrored, simple and
 * partition volumes with letters, DVD drives, USB sticks, each disk's
 * `list partition` captured or not, `detail disk` of every disk or of
 * none, gaps in the disk numbers), writes it as DiskPart listing text and
 * reads that text back with the real reader.  Both examples are compiled
 * against it in process (resolve, verify, emit), and on every fifth server
 * a few hostile procedures too (selectors that could reach a disk with
 * data), which only the verifier's own rules stop - those the checker
 * already refuses (E424) are left out and counted.
 *
 * Every plan that compiles is run again here, on a fresh simulator, and
 * checked against what the generator knows (not against the listing as the
 * compiler read it, nor with the verifier's code): destructive commands
 * reach one disk only, which the generator made blank; `break ... nokeep`
 * and `delete disk` reach only disks it made missing; `add` reaches only
 * that blank disk, which has room for the volume (or the model noted
 * assumption A1); `assign` takes no letter in use.  Servers in the ideal
 * state (one missing disk, one blank disk as large as the survivor, one
 * degraded mirror C:, the survivor's partitions listed) must compile with
 * the example of their partition style, in every shape the generator
 * gives them: two mirrors on the survivor, a third dynamic disk (a simple
 * volume, or a healthy mirror on two more disks) when `detail disk` was
 * captured, a gap in the disk numbers, more than 8 disks.
 *
 * Every other server is also printed in French or German (print.c in that
 * language, with the words files of tests/fixtures/listings and stand-ins
 * for the words no file gives) and read back with those words: it must
 * come to the same DiskPart scripts as its English twin, word for word.
 *
 * The inventory (grammar/capture/inventory.h, `--inventory`).  The generator also
 * gives every disk exact bytes within what the listing displays, and every
 * volume exact bytes within its display (on ideal servers its plexes fill
 * the survivor but for its first partitions and last MiB; C: may display
 * the disk's own size on MBR); some blank disks and every USB stick are on
 * a USB bus.  An ideal server's replacement displays the survivor's size
 * and is its twin in bytes, or a few MB larger, or 4 MB to 1000 MB
 * smaller, or its twin on a USB bus.  The other half of the servers (those
 * without a localised twin) is compiled again with its inventory written
 * as `mrb probe --inventory`'s command writes it and joined.  The checker
 * then also holds, by its own arithmetic on the generator's bytes (not
 * the model's rules): no `add` onto a disk smaller than the volume's bytes,
 * the partitions the plan made there and the least a partition table takes
 * (add_fits); no destructive command on a USB disk that the inventory or
 * `detail disk` (its Type line) shows.  With the inventory, ideal servers
 * whose replacement has at least the survivor's bytes must compile.
 * Without it, the adds that do not fit but went through under assumption
 * A1 (its note printed), and the plans that destroy on a USB disk no
 * capture showed as such, are counted: what the inventory is for.  TEST_LONG=1 sweeps
 * SERVERS_LONG servers instead of SERVERS.
 *
 * A failure prints its seed and the listing and writes the listing to
 * tests/fixtures/property/; every listing kept there is checked again on
 * each run ("ideal-*" ones must also compile).
 *
 * Carrying on (test_continue_cuts, `compile --continue`): on ideal servers
 * of both styles, each example's plan is cut after every DiskPart command
 * (and before the first): the model there, printed as a capture and read
 * back, is given to carry_plan with the plan; what is left is run from the
 * model at the cut, checked against the truth as above, and must end
 * where the uninterrupted plan ends.  CONTINUE_FULL=1, or TEST_LONG=1
 * (make check-long, by tests/scripts/compile_continue.sh), sweeps
 * CONTINUE_FULL_SERVERS servers instead of a few.
 *
 * The file is over 900 lines: the generator, the checker that reads only
 * the truth and the tests that share them are one unit, and splitting
 * them would only export the generator's internals to a second file.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/after.h"
#include "base/arena.h"
#include "plan/carry.h"
#include "lang/ast.h"
#include "base/diag.h"
#include "diskpart/dpcmd.h"
#include "out/emit.h"
#include "check/frontend.h"
#include "capture/inventory.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/platform.h"
#include "diskpart/print.h"
#include "plan/resolve.h"
#include "diskpart/sim.h"
#include "base/text.h"
#include "plan/verify.h"

#define SERVERS 8000u     /* half of them also with their inventory joined, the other half in French or German */
#define SERVERS_LONG 50000u     /* TEST_LONG=1 (make check-long) */
#define FIXTURES "tests/fixtures/property"

/* ---- the procedures ------------------------------------------------------ */

typedef struct procedure {
    const char *name;
    const char *text;       /* NULL: read from path */
    const char *path;
    buf source;
    diag_src src;
    arena a;
    ast_file ast;
    bool usable;            /* it passes the checker (a hostile one may not) */
} procedure;

/* Hostile procedures: each selector may pick a disk with data, so that only
 * the verifier's rules (E605, E606) stand between them and the wrong disk. */
static procedure procs[] = {
    {"gpt-rebuild", NULL, "examples/gpt-rebuild.mrb", {0}, {0}, {0}, {0}, false},
    {"mbr-rebuild", NULL, "examples/mbr-rebuild.mrb", {0}, {0}, {0}, {0}, false},
    {"rebuild", NULL, "examples/rebuild.mrb", {0}, {0}, {0}, {0}, false},
    {"wipe-basic", "procedure \"h\"\n"
                   "disk victim = disk where status = Online and not dynamic and size >= 100 GB\n"
                   "step \"wipe\" {\n    select disk victim\n    clean\n    convert gpt\n"
                   "    ensure victim.gpt\n}\n", NULL, {0}, {0}, {0}, {0}, false},
    {"wipe-every-blank", "procedure \"h\"\n"
                         "step \"wipe\" {\n    for each disk x where status = Online and blank {\n"
                         "        select disk x\n        clean\n    }\n}\n", NULL, {0}, {0}, {0}, {0}, false},
    {"break-online", "procedure \"h\"\n"
                     "disk other = disk where status = Online and dynamic and size >= 1000 GB\n"
                     "step \"break\" {\n    for each volume v where type = Mirror {\n"
                     "        select volume v\n        break disk other nokeep\n    }\n}\n", NULL, {0}, {0}, {0}, {0}, false},
    {"add-anywhere", "procedure \"h\"\n"
                     "disk other = disk where status = Online and not dynamic and size >= 2000 GB\n"
                     "step \"add\" {\n    for each volume v where type = Mirror {\n"
                     "        select volume v\n        add disk other\n    }\n}\n", NULL, {0}, {0}, {0}, {0}, false},
    {"format-data", "procedure \"h\"\n"
                    "volume data = volume where type = Partition and size >= 500 GB\n"
                    "step \"format\" {\n    select volume data\n    format quick fs = ntfs\n}\n", NULL, {0}, {0}, {0}, {0}, false},
};
#define NPROCS (sizeof procs / sizeof procs[0])
#define NEXAMPLES 3

static void load_procedures(void)
{
    size_t i;
    for (i = 0; i < NPROCS; i++) {
        procedure *p = &procs[i];
        diag_sink d;
        diag_init(&d);
        buf_init(&p->source);
        if (p->path) {
            buf raw;
            const char *why;
            enum txt_encoding enc;
            buf_init(&raw);
            assert_int_equal(plat_read_file(p->path, 1u << 20, &raw, &why), PLAT_OK);
            assert_true(txt_decode(p->path, (const unsigned char *)raw.data, raw.len, TXT_SOURCE, &p->source,
                                   &enc, &d));
            buf_free(&raw);
        } else {
            buf_puts(&p->source, p->text);
        }
        p->src.name = p->name;
        p->src.text = buf_cstr(&p->source);
        p->src.len = p->source.len;
        arena_init(&p->a);
        p->usable = fe_check(&p->a, &p->src, &d, &p->ast) == FE_OK;
        if (!p->usable && i < NEXAMPLES)
            fail_msg("%s does not check:\n%s", p->name, buf_cstr(&d.out));
        diag_free(&d);
    }
}

static void free_procedures(void)
{
    size_t i;
    for (i = 0; i < NPROCS; i++) {
        arena_free(&procs[i].a);
        buf_free(&procs[i].source);
    }
}

/* ---- the generator --------------------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    /* splitmix64: any seed, 0 included, gives a good stream */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static unsigned below(rng *r, unsigned n) { return (unsigned)(next(r) % n); }
static bool chance(rng *r, unsigned percent) { return below(r, 100) < percent; }

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

static mdl_size gb(uint64_t n)
{
    mdl_size s;
    mdl_displayed(n, MDL_GiB, &s);
    return s;
}

static mdl_size mb(uint64_t n)
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
static void lives_on(gen *g, size_t i, unsigned vol)
{
    assert_true(i < 24 && g->non[i] < 24);
    g->on[i][g->non[i]++] = vol;
}

/* The Disk ID `detail disk` shows for d (and the inventory's Guid or
 * Signature says): a GUID on GPT, 8 hex digits on MBR. */
static void disk_id(const mdl_disk *d, char *out, size_t n)
{
    if (d->gpt)
        snprintf(out, n, "{5EED%04X-0000-4000-8000-%012X}", d->num, 0x5EED00u + d->num);
    else
        snprintf(out, n, "%08X", 0x5EED0000u + d->num);
}

/* The `detail disk` of every disk that is not missing, from what the
 * generator placed there. */
static void write_details(gen *g)
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

static char take_letter(gen *g)
{
    return g->nletters ? g->letters[--g->nletters] : 0;
}

static unsigned add_volume(gen *g, enum mdl_vol_type type, char letter, const char *label, enum mdl_fs fs,
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
static uint64_t within(rng *r, mdl_size size)
{
    uint64_t sectors = (size.hi - size.lo) / 512;
    return size.lo + (sectors > 1 ? 512 * (next(r) % sectors) : 0);
}

static mdl_disk *add_disk(gen *g, unsigned num, bool missing_id, enum mdl_disk_status st, mdl_size size, mdl_size free,
                          bool dyn, bool gpt, bool parts_known, bool blank)
{
    mdl_disk d;
    mdl_disk *out;
    memset(&d, 0, sizeof d);
    d.num = num;
    d.missing_id = missing_id;
    d.status = st;
    d.size = size;
    d.free = free;
    d.dyn = dyn;
    d.gpt = gpt;
    d.parts_known = parts_known;
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
static void add_part(mdl_disk *d, enum mdl_part_type type, uint64_t size_mb, uint64_t *at_mb)
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
static size_t survivor(gen *g, unsigned num, uint64_t size_gb, bool gpt, const uint64_t *plex_mb, size_t nplex,
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

static void shuffle_letters(gen *g)
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
static unsigned next_num(gen *g, unsigned *num)
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
static void extras(gen *g, unsigned *num, bool ideal_server)
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
static void data_disk(gen *g, unsigned *num, bool gpt)
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
static void ideal_bytes(gen *g, size_t surv, bool gpt, const unsigned *vols, size_t nplex)
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
static void ideal(gen *g, bool gpt)
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
static void random_server(gen *g)
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
static void write_inventory(buf *out, const mdl_server *s, const truth *t, rng *ir)
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
static void generate(uint64_t seed, buf *listing, truth *t, const prt_locale *loc, buf *local, buf *inv)
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

static const char *local_of(const void *ctx, const char *english)
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
static void stand_ins(locale *l, const mdl_vocab *v, lst_words *file)
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

static void load_locales(void)
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

static void free_locales(void)
{
    size_t k;
    for (k = 0; k < NLOCALES; k++) {
        lst_words_free(&locales[k].words);
        buf_free(&locales[k].text);
    }
}

/* ---- the check on the model ------------------------------------------------ */

static const lst_options english_reading = {false, NULL};

/* What a compile's file says of the plan, whatever the listing's language:
 * the DiskPart scripts without their compile id (which covers the driver,
 * whose stale-plan guard holds the listing as the server prints it). */
static void plan_text(buf *out, const emit_file *f)
{
    const char *s = buf_cstr(&f->data), *nl;
    size_t n = strlen(f->name);
    if (n < 13 || strcmp(f->name + n - 13, ".diskpart.txt") != 0)
        return;
    buf_printf(out, "== %s\n", f->name);
    for (; *s; s = nl + 1) {
        if (!(nl = strchr(s, '\n')))
            nl = s + strlen(s) - 1;
        if (strncmp(s, "rem mrb compile id ", 19) != 0)
            buf_put(out, s, (size_t)(nl - s + 1));
    }
}

typedef struct stats {
    unsigned long servers, unread, compiled[NPROCS], refused[NPROCS], ideal, violations;
    unsigned long shapes[SHAPE_COUNT];      /* ideal servers of each shape */
    unsigned long by_code[DIAG_COUNT];
    /* the examples on ideal servers, by their replacement (REPLACEMENTS) */
    unsigned long repl_compiled[REPL_COUNT], repl_refused[REPL_COUNT];
    unsigned long repl_codes[REPL_COUNT][DIAG_COUNT];
    unsigned long unfit_noted;  /* listing only: plans whose `add` does not fit in bytes, under A1's note */
    unsigned long usb_target;   /* listing only: plans that destroy on a USB disk (no inventory to tell) */
} stats;

static bool same_ref(mdl_disk_ref a, mdl_disk_ref b) { return a.num == b.num && a.missing_id == b.missing_id; }

static int truth_of(const truth *t, mdl_disk_ref r)
{
    size_t i;
    for (i = 0; i < t->ndisks; i++)
        if (same_ref(t->disk[i].ref, r))
            return (int)i;
    return -1;
}

static bool disk_value(dp_slice v, mdl_disk_ref *r)
{
    size_t i;
    unsigned long n = 0;
    r->missing_id = v.n > 0 && (v.s[0] == 'M' || v.s[0] == 'm');
    i = r->missing_id ? 1 : 0;
    if (i >= v.n || v.n - i > 9)
        return false;
    for (; i < v.n; i++) {
        if (v.s[i] < '0' || v.s[i] > '9')
            return false;
        n = n * 10 + (unsigned long)(v.s[i] - '0');
    }
    r->num = (unsigned)n;
    return true;
}

typedef struct checker {
    const truth *t;
    bool joined;            /* the listing was read with its inventory */
    bool have_target;
    mdl_disk_ref target;
    uint64_t used[24];      /* by disk (truth's index): bytes the plan put there since it last emptied it */
    bool unfit;             /* an `add` that does not fit in exact bytes */
    bool unfit_noted;       /* one that A1's note let through (without the inventory) */
    buf problem;
} checker;

static void violation(checker *c, const plan_act *a, const char *what)
{
    if (!c->problem.len)
        buf_printf(&c->problem, "'%s' (procedure line %lu): %s", a->text, a->line, what);
}

/* A destructive command reaches r: r must have been blank, and the one. */
static void destroys(checker *c, const plan_act *a, mdl_disk_ref r)
{
    int i = truth_of(c->t, r);
    if (i < 0 || !c->t->disk[i].blank)
        violation(c, a, "a destructive command reaches a disk that was not blank");
    else if ((c->joined || c->t->details) && c->t->disk[i].removable)
        violation(c, a, "a destructive command reaches a disk on a USB bus, which the inventory or `detail disk` "
                        "shows");
    else if (c->have_target && !same_ref(c->target, r))
        violation(c, a, "destructive commands reach two disks");
    c->have_target = true;
    c->target = r;
}

/* The bytes the plan puts on the disk with focus in m, counted low: a
 * `clean` or a `delete partition` empties it, a `create partition` takes
 * its size= (all that is left without one).  Partitions `convert` makes
 * are not counted. */
static void track_layout(checker *c, const sim *m, const dp_cmd *cmd)
{
    int i = m->fdisk == SF_SET ? truth_of(c->t, m->disk) : -1;
    uint64_t mib = 0;
    size_t k;
    if (i < 0)
        return;
    switch (cmd->id) {
    case CMD_CLEAN:
    case CMD_DELETE_PARTITION:
        c->used[i] = 0;
        break;
    case CMD_CREATE_EFI:
    case CMD_CREATE_MSR:
    case CMD_CREATE_PRIMARY:
        if (!(cmd->opts & DP_BIT(DPO_SIZE))) {
            c->used[i] = c->t->disk[i].bytes;
            break;
        }
        for (k = 0; k < cmd->optval[DPO_SIZE].n && mib < (1u << 30); k++)
            mib = mib * 10 + (uint64_t)(cmd->optval[DPO_SIZE].s[k] - '0');
        c->used[i] += mib * MDL_MiB;
        break;
    default:
        break;
    }
}

/* `add` of volume vol onto disk r (d in the model, of index i in the
 * truth): does it fit, by the generator's exact bytes?  r must hold vol's
 * bytes, what the plan put on r before, and the least a partition table
 * takes: GPT 34 sectors at the start and 33 at the end; MBR its first
 * sector and the LDM database's MiB at the end, as the disk becomes
 * dynamic.  Counted low everywhere, so that a plan this calls unfit fails
 * on the server. */
static void add_fits(checker *c, const mdl_disk *d, int i, unsigned vol)
{
    uint64_t table = d && d->gpt ? 67 * 512 : 512 + MDL_MiB, bytes = vol < MAXVOLS ? c->t->vol_bytes[vol] : 0;
    if (c->t->disk[i].bytes < bytes + c->used[i] + table)
        c->unfit = true;
    c->used[i] += bytes;
}

static void must_be_missing(checker *c, const plan_act *a, mdl_disk_ref r)
{
    int i = truth_of(c->t, r);
    if (i < 0 || !c->t->disk[i].missing)
        violation(c, a, "break or delete disk reaches a disk that was not missing");
}

/* Before line a runs on m: what it would reach, against the truth. */
static void before(checker *c, sim *m, const plan_act *a, const dp_cmd *cmd, bool *adds, uint64_t *need,
                   uint64_t *room)
{
    const mdl_volume *v = m->fvol == SF_SET ? mdl_find_volume(m->srv, m->vol) : NULL;
    mdl_disk_ref r;
    size_t i;
    *adds = false;
    switch (cmd->id) {
    case CMD_BREAK_DISK:
        if (cmd->opts & DP_BIT(DPO_NOKEEP)) {
            if (!cmd->has_value || !disk_value(cmd->value, &r))
                violation(c, a, "break without a disk");
            else
                must_be_missing(c, a, r);
        }
        return;
    case CMD_DELETE_DISK:
        if (m->fdisk != SF_SET)
            violation(c, a, "delete disk with no known disk in focus");
        else
            must_be_missing(c, a, m->disk);
        return;
    case CMD_ADD_DISK: {
        const mdl_disk *d;
        if (!cmd->has_value || !disk_value(cmd->value, &r) || !v) {
            violation(c, a, "add without a known volume or disk");
            return;
        }
        destroys(c, a, r);
        d = mdl_find_disk(m->srv, r.num, r.missing_id);
        if (truth_of(c->t, r) >= 0)
            add_fits(c, d, truth_of(c->t, r), v->num);
        *adds = true;
        *need = v->size.hi - 1;
        *room = d ? d->free.lo : 0;
        return;
    }
    case CMD_ASSIGN:
        if (cmd->opts & DP_BIT(DPO_LETTER)) {
            char l = (char)(cmd->optval[DPO_LETTER].n ? cmd->optval[DPO_LETTER].s[0] : '?');
            l = (char)(l >= 'a' && l <= 'z' ? l - 'a' + 'A' : l);
            for (i = 0; i < m->srv->nvols; i++)
                if (m->srv->vols[i].letter == l)
                    violation(c, a, "assign takes a letter in use");
        }
        return;
    default:
        break;
    }
    if (dp_commands[cmd->id].destroy != DPD_YES)
        return;
    if (dp_commands[cmd->id].focus == DPF_VOLUME && v && m->fpart != SF_SET) {
        if (!v->where_known || v->non == 0)
            violation(c, a, "a destructive command on a volume whose disks are not known");
        for (i = 0; i < v->non; i++)
            destroys(c, a, v->on[i]);
    } else if (m->fdisk == SF_SET) {
        destroys(c, a, m->disk);
    } else {
        violation(c, a, "a destructive command with no known disk in focus");
    }
}

/* Run plan p on a fresh model of snap; the problem, if any, in c.problem;
 * the model at the end in end, unless it is NULL. */
static void check_plan(checker *c, const plan *p, const mdl_server *snap, mdl_server *end)
{
    mdl_server model;
    sim m;
    buf out;
    sim_opts so;
    size_t i, j;
    mdl_server_init(&model);
    buf_init(&out);
    assert_true(mdl_server_copy(&model, snap));
    sim_opts_default(&so);
    sim_init(&m, &model, &so, &out);
    for (i = 0; i < p->nsteps && !c->problem.len; i++) {
        const plan_step *s = &p->steps[i];
        bool fresh = true;      /* each DiskPart script is a new process, without focus */
        for (j = 0; j < s->nacts && !c->problem.len; j++) {
            const plan_act *a = &s->acts[j];
            dp_cmd cmd;
            size_t at, notes = m.notes.len;
            bool adds;
            uint64_t need = 0, room = 0;
            enum sim_rc rc;
            if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT)
                fresh = true;
            if (a->kind != PA_DISKPART)
                continue;
            if (fresh)
                m.fdisk = m.fvol = m.fpart = SF_NONE;
            fresh = false;
            if (dp_parse_line(a->text, strlen(a->text), &cmd, &at) != DPP_OK) {
                violation(c, a, "a compiled line DiskPart cannot read");
                break;
            }
            track_layout(c, &m, &cmd);
            c->unfit = false;
            before(c, &m, a, &cmd, &adds, &need, &room);
            buf_reset(&out);
            rc = sim_line(&m, a->text, strlen(a->text));
            if (rc != SIM_OK && rc != SIM_EXIT)
                violation(c, a, "a compiled line fails on the model");
            if (adds && need > room && m.notes.len == notes)
                violation(c, a, "add to a disk without room for the volume, and no assumption noted");
            if (c->unfit && (c->joined || m.notes.len == notes))
                violation(c, a, c->joined ? "add to a disk too small for the volume in exact bytes (the inventory)"
                                          : "add to a disk too small for the volume in exact bytes, and no "
                                            "assumption noted");
            else if (c->unfit)
                c->unfit_noted = true;
        }
    }
    if (end)
        assert_true(mdl_server_copy(end, &model));
    sim_free(&m);
    buf_free(&out);
    mdl_server_free(&model);
}

/* ---- one server ------------------------------------------------------------ */

static void keep_file(const char *path, const buf *b)
{
    FILE *f;
    if ((f = fopen(path, "wb")) != NULL) {
        fwrite(b->data, 1, b->len, f);
        fclose(f);
    }
}

/* inv: the inventory joined to the listing, or NULL. */
static void keep_failure(uint64_t seed, const buf *listing, const buf *inv, const char *why)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "/failure-%llu.txt", (unsigned long long)seed);
    print_message("property violated, seed %llu: %s\nlisting (kept as %s):\n%s\n", (unsigned long long)seed, why,
                  path, buf_cstr(listing));
    keep_file(path, listing);
    if (inv) {
        snprintf(path, sizeof path, FIXTURES "/failure-%llu.csv", (unsigned long long)seed);
        print_message("inventory (kept as %s):\n%s\n", path, buf_cstr(inv));
        keep_file(path, inv);
    }
}

/* Must procedure k compile on a server of truth t?  The GPT example on an
 * ideal GPT server, the MBR one on an MBR server, the one for both on
 * either. */
static bool ideal_for(size_t k, const truth *t)
{
    return (k == 0 && t->ideal_gpt) || (k == 1 && t->ideal_mbr) || (k == 2 && (t->ideal_gpt || t->ideal_mbr));
}

/* Must it compile?  Read with the inventory, only when the replacement
 * has at least the survivor's bytes (A1 then holds, with its note); and
 * never when the replacement is on a USB bus that the inventory or
 * `detail disk` shows. */
static bool must_compile(size_t k, const truth *t, bool joined)
{
    if (t->repl == REPL_USB && (joined || t->details))
        return false;
    return ideal_for(k, t) && (!joined || t->repl == REPL_TWIN || t->repl == REPL_LARGER);
}

/* Procedure k was refused on the server of truth t (its diagnostics in
 * kept): counted by its first error's code, which outcome (when not NULL)
 * receives. */
static void refused(size_t k, const truth *t, const diag_list *kept, stats *st, buf *outcome)
{
    size_t i;
    int code = -1;
    st->refused[k]++;
    for (i = 0; i < kept->n && code < 0; i++)
        if (kept->items[i].severity == DIAG_SEV_ERROR)
            code = kept->items[i].code;
    if (code >= 0 && code < DIAG_COUNT) {
        st->by_code[code]++;
        if (ideal_for(k, t))
            st->repl_codes[t->repl][code]++;
    }
    if (ideal_for(k, t))
        st->repl_refused[t->repl]++;
    if (outcome)
        buf_printf(outcome, "%s refused: %s\n", procs[k].name,
                   code >= 0 ? diag_code_str((enum diag_code)code) : "no error");
}

/* Compile every procedure (the examples only unless all) against listing,
 * read with opt (NULL: English) and joined to the inventory inv (NULL:
 * none); false and a message in why on a violation.  outcome (when not
 * NULL) receives what came of each: the files a compile wrote, or the
 * first error's code. */
static bool check_server(const buf *listing, const lst_options *opt, const buf *inv, const truth *t, bool all,
                         stats *st, buf *why, buf *outcome)
{
    diag_sink d;
    diag_src src = {"listing", buf_cstr(listing), listing->len};
    mdl_server snap;
    size_t k;
    bool ok = true;
    diag_init(&d);
    mdl_server_init(&snap);
    st->servers++;
    if (!lst_read_opts(&src, opt ? opt : &english_reading, &snap, &d)) {
        st->unread++;
        if (outcome)
            buf_puts(outcome, "unread\n");
        if (t->ideal_gpt || t->ideal_mbr) {
            buf_printf(why, "the reader refuses an ideal server: %s", buf_cstr(&d.out));
            ok = false;
        }
        goto done;
    }
    if (inv && !inv_load("inventory", inv->data, inv->len, &snap, &d)) {
        buf_printf(why, "the generated inventory is refused:\n%s", buf_cstr(&d.out));
        ok = false;
        goto done;
    }
    sim_infer(&snap);
    for (k = 0; k < (all ? NPROCS : NEXAMPLES) && ok; k++) {
        procedure *p = &procs[k];
        plan pl;
        emit_out o;
        sim_opts so;
        diag_sink pd;
        diag_list kept;
        bool compiled;
        if (!p->usable)
            continue;
        diag_init(&pd);
        diag_list_init(&kept);
        pd.keep = &kept;
        plan_init(&pl);
        emit_out_init(&o);
        sim_opts_default(&so);
        compiled = res_plan(&p->ast, &p->src, &snap, &pl, &pd) && vfy_plan(&pl, &p->src, &snap, &so, &pd) &&
                   emit_plan(&pl, p->name, p->name, "listing", &o);
        if (compiled) {
            checker c;
            memset(&c, 0, sizeof c);
            c.t = t;
            c.joined = inv != NULL;
            buf_init(&c.problem);
            check_plan(&c, &pl, &snap, NULL);
            st->compiled[k]++;
            st->unfit_noted += c.unfit_noted;
            if (c.have_target && truth_of(t, c.target) >= 0 && t->disk[truth_of(t, c.target)].removable)
                st->usb_target++;
            if (ideal_for(k, t))
                st->repl_compiled[t->repl]++;
            if (outcome) {
                size_t f;
                buf_printf(outcome, "%s compiled\n", p->name);
                for (f = 0; f < o.nfiles; f++)
                    plan_text(outcome, &o.files[f]);
            }
            if (c.problem.len) {
                buf_printf(why, "%s: %s", p->name, buf_cstr(&c.problem));
                ok = false;
            }
            buf_free(&c.problem);
        } else {
            refused(k, t, &kept, st, outcome);
            if (must_compile(k, t, inv != NULL)) {
                buf_printf(why, "%s refuses an ideal server:\n%s", p->name, buf_cstr(&pd.out));
                ok = false;
            }
        }
        if (must_compile(k, t, inv != NULL)) {
            unsigned b;
            st->ideal++;
            for (b = 0; b < SHAPE_COUNT; b++)
                if (t->shape & (1u << b))
                    st->shapes[b]++;
        }
        emit_out_free(&o);
        plan_free(&pl);
        diag_list_free(&kept);
        diag_free(&pd);
    }
done:
    if (!ok)
        st->violations++;
    mdl_server_free(&snap);
    diag_free(&d);
    return ok;
}

/* The examples on ideal servers, by how the replacement compares with
 * the survivor in bytes. */
static void report_replacements(const stats *st)
{
    static const char *const names[] = {
#define REPL_NAME(e, s) s,
        REPLACEMENTS(REPL_NAME)
#undef REPL_NAME
    };
    size_t r;
    int c;
    for (r = 0; r < REPL_COUNT; r++) {
        printf("# property: ideal, replacement %-28s compiled %lu, refused %lu", names[r], st->repl_compiled[r],
               st->repl_refused[r]);
        for (c = 0; c < DIAG_COUNT; c++)
            if (st->repl_codes[r][c])
                printf(" %s %lu", diag_code_str((enum diag_code)c), st->repl_codes[r][c]);
        printf("\n");
    }
    if (st->unfit_noted || st->usb_target)
        printf("# property: without the inventory: %lu plans whose `add` does not fit in bytes, under A1's note; "
               "%lu plans that destroy on a USB disk\n", st->unfit_noted, st->usb_target);
}

static void report(const stats *st)
{
    size_t k;
    int c;
    printf("# property: %lu servers, %lu refused by the reader, %lu compiles of an example on an ideal server "
           "(all succeeded), %lu violations\n",
           st->servers, st->unread, st->ideal, st->violations);
    for (k = 0; k < NPROCS; k++)
        printf("# property: %-16s %s compiled %lu, refused %lu\n", procs[k].name,
               procs[k].usable ? "" : "(refused by the checker)", st->compiled[k], st->refused[k]);
    {
        static const char *const names[] = {
#define SHAPE_NAME(e, s) s,
            SHAPES(SHAPE_NAME)
#undef SHAPE_NAME
        };
        printf("# property: those compiles by the server's shape:");
        for (c = 0; c < SHAPE_COUNT; c++)
            printf("%s %s %lu", c ? "," : "", names[c], st->shapes[c]);
        printf("\n");
    }
    printf("# property: refusals by code:");
    for (c = 0; c < DIAG_COUNT; c++)
        if (st->by_code[c])
            printf(" %s %lu", diag_code_str((enum diag_code)c), st->by_code[c]);
    printf("\n");
    report_replacements(st);
}

/* ---- tests ----------------------------------------------------------------- */

/* The localised twin of the server of seed (every other seed, French and
 * German in turn): read with its words, it must come to exactly what the
 * English listing came to. */
static void check_twin(uint64_t seed, const buf *local, const locale *l, const truth *t, const buf *english,
                       stats *st, buf *why)
{
    buf outcome;
    buf_init(&outcome);
    buf_reset(why);
    assert_non_null(
        strstr(buf_cstr(local), l->lang == LANG_FR ? "N\xC2\xB0 disque  Statut" : "Datentr\xC3\xA4ger ###"));
    if (!check_server(local, &l->opt, NULL, t, seed % 5 == 0, st, why, &outcome))
        keep_failure(seed, local, NULL, buf_cstr(why));
    else if (outcome.len != english->len || memcmp(buf_cstr(&outcome), buf_cstr(english), english->len) != 0) {
        const char *a = buf_cstr(&outcome), *b = buf_cstr(english), *line = a;
        size_t i;
        for (i = 0; a[i] && a[i] == b[i]; i++)
            if (a[i] == '\n')
                line = a + i + 1;
        buf_reset(why);
        buf_printf(why, "the %s listing comes to another plan than the English one, from the line\n%.200s\n"
                        "where the English one has\n%.200s", l->name, line, b + (line - a));
        st->violations++;
        keep_failure(seed, local, NULL, buf_cstr(why));
    }
    buf_free(&outcome);
}

static void test_random_servers(void **state)
{
    stats st, lst, ist;
    uint64_t seed, first = 1, servers = SERVERS;
    buf listing, local, why, outcome, inv;
    const char *env = getenv("MRB_PROPERTY_SEED"), *full = getenv("TEST_LONG");
    (void)state;
    memset(&st, 0, sizeof st);
    memset(&lst, 0, sizeof lst);
    memset(&ist, 0, sizeof ist);
    if (full && strcmp(full, "1") == 0)
        servers = SERVERS_LONG;
    if (env && *env)
        first = strtoull(env, NULL, 10);
    load_procedures();
    load_locales();
    buf_init(&listing);
    buf_init(&local);
    buf_init(&why);
    buf_init(&outcome);
    buf_init(&inv);
    for (seed = first; seed < first + servers; seed++) {
        truth t;
        const locale *l = seed % 2 ? &locales[(seed / 2) % NLOCALES] : NULL;
        buf_reset(&listing);
        buf_reset(&local);
        buf_reset(&why);
        buf_reset(&outcome);
        buf_reset(&inv);
        generate(seed, &listing, &t, l ? &l->prt : NULL, &local, l ? NULL : &inv);
        if (!check_server(&listing, NULL, NULL, &t, seed % 5 == 0, &st, &why, &outcome))
            keep_failure(seed, &listing, NULL, buf_cstr(&why));
        else if (l)
            check_twin(seed, &local, l, &t, &outcome, &lst, &why);
        else if (!check_server(&listing, NULL, &inv, &t, seed % 5 == 0, &ist, &why, NULL))
            keep_failure(seed, &listing, &inv, buf_cstr(&why));
    }
    report(&st);
    printf("# property: localised twins (French, German):\n");
    report(&lst);
    printf("# property: with the inventory joined (the other half of the servers):\n");
    report(&ist);
    buf_free(&inv);
    buf_free(&listing);
    buf_free(&local);
    buf_free(&why);
    buf_free(&outcome);
    free_locales();
    free_procedures();
    assert_int_equal(st.violations, 0);
    assert_int_equal(lst.violations, 0);
    assert_int_equal(ist.violations, 0);
    assert_true(st.ideal > 0);
    assert_true(lst.ideal > 0);
    assert_true(ist.ideal > 0);
}

/* Every listing kept in tests/fixtures/property: no violation, and the
 * ideal-* ones compile.  What a kept listing knows is what its name says:
 * "ideal-gpt-*" and "ideal-mbr-*" are ideal servers (disk 1 the blank one,
 * M0 the missing one); in the others no disk counts as blank. */
static void test_kept_listings(void **state)
{
    DIR *dir;
    struct dirent *e;
    stats st;
    unsigned n = 0;
    (void)state;
    memset(&st, 0, sizeof st);
    load_procedures();
    if ((dir = opendir(FIXTURES)) != NULL) {
        while ((e = readdir(dir)) != NULL) {
            char path[512];
            buf listing, why;
            const char *reason;
            truth t;
            size_t n = strlen(e->d_name);
            if (e->d_name[0] == '.' || (n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0))
                continue;   /* a failure's inventory: for its reader (MRB_PROPERTY_SEED replays it) */
            snprintf(path, sizeof path, FIXTURES "/%s", e->d_name);
            buf_init(&listing);
            buf_init(&why);
            assert_int_equal(plat_read_file(path, 1u << 20, &listing, &reason), PLAT_OK);
            memset(&t, 0, sizeof t);
            if (strncmp(e->d_name, "ideal-", 6) == 0) {
                t.ndisks = 2;
                t.disk[0].ref.num = 1;
                t.disk[0].blank = true;
                t.disk[1].ref.missing_id = true;
                t.disk[1].missing = true;
                t.ideal_gpt = strncmp(e->d_name, "ideal-gpt", 9) == 0;
                t.ideal_mbr = !t.ideal_gpt;
            }
            if (!check_server(&listing, NULL, NULL, &t, true, &st, &why, NULL))
                fail_msg("%s: %s", path, buf_cstr(&why));
            n++;
            buf_free(&listing);
            buf_free(&why);
        }
        closedir(dir);
    }
    free_procedures();
    printf("# property: %u kept listings checked\n", n);
}

/* s's lines that are not blank, from the first table on, without the
 * `detail disk` lines the model does not keep (Path, Target, LUN ID: print.c)
 * and DiskPart's prompts and exit line. */
static void table_lines(buf *out, const char *s)
{
    static const char *const unkept[] = {
        "Chemin : ", "Cible : ", "ID LUN : ", "Pfad   : ", "Ziel   : ", "LUN-ID : ",
        "DISKPART>", "Quitte DiskPart", "Datentr\xC3\xA4gerpartitionierung wird beendet",
    };
    const char *nl;
    size_t k;
    s = strstr(s, "\n  ");
    assert_non_null(s);
    for (s++; *s; s = nl + 1) {
        if (!(nl = strchr(s, '\n')))
            nl = s + strlen(s) - 1;
        for (k = 0; k < sizeof unkept / sizeof unkept[0] && strncmp(s, unkept[k], strlen(unkept[k])) != 0; k++)
            ;
        if (nl > s && !(nl == s + 1 && *s == '\r') && k == sizeof unkept / sizeof unkept[0])
            buf_put(out, s, (size_t)(nl - s + 1));
    }
}

/* The printer in French and German prints back, line for line, the
 * fixtures of tests/fixtures/listings it reads (their banner and blank
 * lines aside). */
static void test_localised_printer(void **state)
{
    static const struct {
        size_t locale;
        const char *path;
    } cases[] = {
        {0, "tests/fixtures/listings/fr-third-dynamic.txt"},
        {0, "tests/fixtures/listings/fr-gpt-degraded.txt"},
        {1, "tests/fixtures/listings/de-third-dynamic.txt"},
        {1, "tests/fixtures/listings/de-gpt-degraded.txt"},
    };
    size_t k;
    (void)state;
    load_locales();
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const locale *l = &locales[cases[k].locale];
        buf text, printed, want, got;
        const char *reason;
        diag_src src;
        diag_sink d;
        mdl_server s;
        buf_init(&text);
        buf_init(&printed);
        diag_init(&d);
        mdl_server_init(&s);
        assert_int_equal(plat_read_file(cases[k].path, 1u << 20, &text, &reason), PLAT_OK);
        src.name = cases[k].path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        if (!lst_read_opts(&src, &l->opt, &s, &d))
            fail_msg("%s", buf_cstr(&d.out));
        prt_snapshot_in(&printed, &s, &l->prt);
        buf_init(&want);
        buf_init(&got);
        table_lines(&want, buf_cstr(&text));
        table_lines(&got, buf_cstr(&printed));
        if (strcmp(buf_cstr(&want), buf_cstr(&got)) != 0) {
            const char *a = buf_cstr(&want), *b = buf_cstr(&got), *line = a;
            size_t i;
            for (i = 0; a[i] && a[i] == b[i]; i++)
                if (a[i] == '\n')
                    line = a + i + 1;
            fail_msg("%s is printed back otherwise from the line\n%.160s\nwhich is printed\n%.160s", cases[k].path,
                     line, b + (line - a));
        }
        buf_free(&want);
        buf_free(&got);
        mdl_server_free(&s);
        diag_free(&d);
        buf_free(&printed);
        buf_free(&text);
    }
    free_locales();
}

/* ---- carrying on: compile --continue at every cut point --------------------- */

#define CONTINUE_SERVERS 12u
#define CONTINUE_FULL_SERVERS 240u

typedef struct cstats {
    unsigned long servers, gpt, mbr, plans, cuts, carried, refused, other_disk, other_end;
} cstats;

/* The server at the cut: printed as a capture, read back, carried on; what
 * is left run from at (the server as it really is) under the checker. */
static void try_cut(const procedure *p, const plan *pl, const mdl_server *snap, const mdl_server *at,
                    const mdl_server *end0, const truth *t, cstats *cs, buf *why)
{
    buf text, diff;
    mdl_server now, end;
    diag_sink d;
    plan rest;
    carry_cut cut;
    sim_opts so;
    diag_src src;
    checker c;
    buf_init(&text);
    buf_init(&diff);
    mdl_server_init(&now);
    mdl_server_init(&end);
    diag_init(&d);
    plan_init(&rest);
    sim_opts_default(&so);
    memset(&c, 0, sizeof c);
    c.t = t;
    buf_init(&c.problem);
    cs->cuts++;
    prt_snapshot(&text, at);
    src.name = "capture";
    src.text = buf_cstr(&text);
    src.len = text.len;
    assert_true(lst_read_opts(&src, &english_reading, &now, &d));
    sim_infer(&now);
    if (!carry_plan(pl, snap, &so, &now, &p->src, &rest, &cut, &d)) {
        cs->refused++;
        if (!why->len)
            buf_printf(why, "%s: the capture after %zu commands is refused:\n%s", p->name, cs->cuts,
                       buf_cstr(&d.out));
    } else {
        check_plan(&c, &rest, at, &end);
        if (c.problem.len) {
            cs->other_disk++;
            if (!why->len)
                buf_printf(why, "%s: what is left: %s", p->name, buf_cstr(&c.problem));
        } else if (mdl_predicted_diff(end0, &end, &diff) != 0) {
            cs->other_end++;
            if (!why->len)
                buf_printf(why, "%s: carried on from %zu commands, another end:\n%s", p->name, cut.done,
                           buf_cstr(&diff));
        } else {
            cs->carried++;
        }
    }
    carry_cut_free(&cut);
    buf_free(&c.problem);
    plan_free(&rest);
    diag_free(&d);
    mdl_server_free(&end);
    mdl_server_free(&now);
    buf_free(&diff);
    buf_free(&text);
}

/* Every cut point of plan pl (proved on snap). */
static void cut_points(const procedure *p, const plan *pl, const mdl_server *snap, const truth *t, cstats *cs,
                       buf *why)
{
    mdl_server model, end0;
    sim m;
    buf out;
    sim_opts so;
    checker c;
    size_t i, j;
    memset(&c, 0, sizeof c);
    c.t = t;
    buf_init(&c.problem);
    mdl_server_init(&end0);
    check_plan(&c, pl, snap, &end0);    /* the uninterrupted end */
    assert_int_equal(c.problem.len, 0);
    buf_free(&c.problem);
    mdl_server_init(&model);
    buf_init(&out);
    sim_opts_default(&so);
    assert_true(mdl_server_copy(&model, snap));
    sim_init(&m, &model, &so, &out);
    try_cut(p, pl, snap, &model, &end0, t, cs, why);
    for (i = 0; i < pl->nsteps; i++)
        for (j = 0; j < pl->steps[i].nacts; j++) {
            const plan_act *a = &pl->steps[i].acts[j];
            if (vfy_new_session(&pl->steps[i], j))
                m.fdisk = m.fvol = m.fpart = SF_NONE;
            if (a->kind != PA_DISKPART)
                continue;
            buf_reset(&out);
            assert_true(sim_line(&m, a->text, strlen(a->text)) == SIM_OK);
            try_cut(p, pl, snap, &model, &end0, t, cs, why);
        }
    sim_free(&m);
    buf_free(&out);
    mdl_server_free(&model);
    mdl_server_free(&end0);
}

static void test_continue_cuts(void **state)
{
    const char *full = getenv("CONTINUE_FULL");   /* the knob wins; else TEST_LONG (make check-long) */
    if (!full || !*full)
        full = getenv("TEST_LONG");
    unsigned long want = full && strcmp(full, "1") == 0 ? CONTINUE_FULL_SERVERS : CONTINUE_SERVERS;
    uint64_t seed;
    cstats cs;
    buf listing, why;
    (void)state;
    memset(&cs, 0, sizeof cs);
    load_procedures();
    buf_init(&listing);
    buf_init(&why);
    for (seed = 1; (cs.gpt < want / 2 || cs.mbr < want / 2) && seed < 100000; seed++) {
        truth t;
        diag_sink d;
        diag_src src;
        mdl_server snap;
        size_t k;
        buf_reset(&listing);
        generate(seed, &listing, &t, NULL, NULL, NULL);
        if (!(t.ideal_gpt && cs.gpt < want / 2) && !(t.ideal_mbr && cs.mbr < want / 2))
            continue;
        cs.servers++;
        cs.gpt += t.ideal_gpt;
        cs.mbr += t.ideal_mbr;
        diag_init(&d);
        mdl_server_init(&snap);
        src.name = "listing";
        src.text = buf_cstr(&listing);
        src.len = listing.len;
        assert_true(lst_read_opts(&src, &english_reading, &snap, &d));
        sim_infer(&snap);
        for (k = 0; k < NEXAMPLES; k++) {
            plan pl;
            sim_opts so;
            diag_sink pd;
            if (!ideal_for(k, &t))
                continue;
            diag_init(&pd);
            plan_init(&pl);
            sim_opts_default(&so);
            if (res_plan(&procs[k].ast, &procs[k].src, &snap, &pl, &pd) &&
                vfy_plan(&pl, &procs[k].src, &snap, &so, &pd)) {
                size_t before = why.len;
                cs.plans++;
                cut_points(&procs[k], &pl, &snap, &t, &cs, &why);
                if (why.len != before)
                    keep_failure(seed, &listing, NULL, buf_cstr(&why));
            }
            plan_free(&pl);
            diag_free(&pd);
        }
        mdl_server_free(&snap);
        diag_free(&d);
    }
    printf("# continue: %lu servers (%lu GPT, %lu MBR), %lu plans, %lu cut points: %lu carried on to the same "
           "end, %lu refused, %lu reaching another disk, %lu ending elsewhere\n",
           cs.servers, cs.gpt, cs.mbr, cs.plans, cs.cuts, cs.carried, cs.refused, cs.other_disk, cs.other_end);
    buf_free(&listing);
    buf_free(&why);
    free_procedures();
    assert_true(cs.plans >= cs.servers);
    assert_int_equal(cs.carried, cs.cuts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_servers),
        cmocka_unit_test(test_kept_listings),
        cmocka_unit_test(test_localised_printer),
        cmocka_unit_test(test_continue_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
