/* test_property.c - the wrong-disk safety property, on random servers, checked on the model.
 *
 * Design.  docs/TESTING.md T7.  A seeded generator (property_gen.h) builds
 * a random server, writes it as DiskPart listing text and reads that text
 * back with the real reader.  Both examples are compiled against it in
 * process (resolve, verify, emit), and on every fifth server a few hostile
 * procedures too (selectors that could reach a disk with data), which only
 * the verifier's own rules stop - those the checker already refuses (E424)
 * are left out and counted.
 *
 * Every plan that compiles is run again here, on a fresh simulator, and
 * checked against what the generator knows (property_check.h: not against
 * the listing as the compiler read it, nor with the verifier's code).
 * Servers in the ideal state (one missing disk, one blank disk as large as
 * the survivor, one degraded mirror C:, the survivor's partitions listed)
 * must compile with the example of their partition style, in every shape
 * the generator gives them: two mirrors on the survivor, a third dynamic
 * disk (a simple volume, or a healthy mirror on two more disks) when
 * `detail disk` was captured, a gap in the disk numbers, more than 8 disks.
 *
 * Every other server is also printed in French or German and read back
 * with the words it was printed with: it must come to the same DiskPart
 * scripts as its English twin, word for word.
 *
 * The inventory (`--inventory`).  The other half of the servers (those
 * without a localised twin) is compiled again with its inventory joined;
 * the checker then also holds by the generator's exact bytes and buses.
 * With the inventory, ideal servers whose replacement has at least the
 * survivor's bytes must compile.  Without it, the adds that do not fit but
 * went through under assumption A1 (its note printed), and the plans that
 * destroy on a USB disk no capture showed as such, are counted: what the
 * inventory is for.  TEST_LONG=1 sweeps SERVERS_LONG servers instead of
 * SERVERS.
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

#include "property_gen.h"
#include "property_check.h"

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

/* ---- what a compile comes to ----------------------------------------------- */

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
