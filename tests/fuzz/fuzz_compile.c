/* fuzz_compile.c - libFuzzer target: listing bytes -> a whole compile of both examples -> the emitter's rules.
 *
 * The input is a captured listing.  It is decoded and read, and both example
 * procedures (examples/gpt-rebuild.mrb and examples/mbr-rebuild.mrb, read
 * and parsed once) are resolved against it,
 * verified on the model and emitted, as `mrb compile` does, in memory.
 *
 * Every plan that compiles is then checked from its output alone, whatever
 * the verifier said (docs/TESTING.md T15): every file is ASCII with CRLF line
 * ends and the same on a second emit; DiskPart scripts hold no blank line and
 * no `noerr`; a destructive command runs only with a disk in focus that the
 * listing shows blank, the same disk for the whole plan; `add disk` reaches
 * that disk only; `break disk ... nokeep` and `delete disk` reach only disks
 * the listing shows missing.  Each DiskPart script is a new process, so
 * focus starts empty in each.  A violation aborts, so libFuzzer keeps it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "lang/ast.h"
#include "base/diag.h"
#include "diskpart/dpcmd.h"
#include "out/emit.h"
#include "check/frontend.h"
#include "base/mrblimits.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/platform.h"
#include "plan/resolve.h"
#include "diskpart/sim.h"
#include "base/text.h"
#include "plan/verify.h"

#include "../disk_name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct procedure {
    const char *path, *name;
    buf text;
    diag_src src;
    arena a;
    ast_file ast;
} procedure;

/* The examples themselves, read once, so that the target cannot drift from
 * them: from the top of the tree, which is $MRB_TOP when set, else the
 * folder the Makefile built this target in (MRB_TOP, an absolute path),
 * else the current folder. */
#ifndef MRB_TOP
#define MRB_TOP "."
#endif
static procedure procs[2] = {
    {.path = "examples/gpt-rebuild.mrb", .name = "gpt-rebuild"},
    {.path = "examples/mbr-rebuild.mrb", .name = "mbr-rebuild"},
};
static bool parsed;

static void parse_procedures(void)
{
    size_t i;
    for (i = 0; i < 2; i++) {
        procedure *p = &procs[i];
        diag_sink d;
        buf raw;
        const char *why = "";
        enum txt_encoding enc;
        buf full;
        const char *top = getenv("MRB_TOP");
        diag_init(&d);
        arena_init(&p->a);
        buf_init(&raw);
        buf_init(&full);
        buf_init(&p->text);
        buf_printf(&full, "%s/%s", top && *top ? top : MRB_TOP, p->path);
        if (plat_read_file(buf_cstr(&full), LIM_SOURCE_BYTES, &raw, &why) != PLAT_OK ||
            !txt_decode(p->path, (const unsigned char *)raw.data, raw.len, TXT_SOURCE, &p->text, &enc, &d)) {
            fprintf(stderr, "fuzz_compile: cannot read %s (set MRB_TOP to the top of the tree): %s%s\n",
                    buf_cstr(&full), why, buf_cstr(&d.out));
            abort();
        }
        buf_free(&raw);
        buf_free(&full);
        p->src.name = p->path;
        p->src.text = buf_cstr(&p->text);
        p->src.len = p->text.len;
        if (fe_check(&p->a, &p->src, &d, &p->ast) != FE_OK) {
            fprintf(stderr, "fuzz_compile: %s does not check:\n%s", p->path, buf_cstr(&d.out));
            abort();
        }
        diag_free(&d);
    }
    parsed = true;
}

static void violation(const emit_file *f, const char *line, size_t n, const char *what)
{
    fprintf(stderr, "fuzz_compile: %s: %s: '%.*s'\n", f->name, what, (int)n, line);
    abort();
}

/* SPEC.md's `blank`, written again from the listing and the model's rules
 * (not the resolver's): online, basic, its partitions captured and none
 * shown, Free the same as Size, and no volume that is or may be on it. */
static bool blank_in_listing(const mdl_server *snap, mdl_disk_ref r)
{
    const mdl_disk *d = mdl_find_disk(snap, r.num, r.missing_id);
    size_t i;
    if (!d || d->status != DS_ONLINE || d->dyn || !d->parts_known || d->nparts != 0 ||
        d->size.lo != d->free.lo || d->size.hi != d->free.hi)
        return false;
    for (i = 0; i < snap->nvols; i++)
        if (sim_vol_on(&snap->vols[i], d) != 0)
            return false;
    return true;
}

static bool missing_in_listing(const mdl_server *snap, mdl_disk_ref r)
{
    const mdl_disk *d = mdl_find_disk(snap, r.num, r.missing_id);
    return d && d->status == DS_MISSING;
}

typedef struct target {
    bool set;
    mdl_disk_ref disk;
} target;

/* The one disk destructive commands may reach: the first one they reach,
 * which must be blank in the listing. */
static void destroy_on(const emit_file *f, const char *line, size_t n, const mdl_server *snap, target *t,
                       mdl_disk_ref r)
{
    if (!blank_in_listing(snap, r))
        violation(f, line, n, "a destructive command on a disk the listing does not show blank");
    if (t->set && !same_disk(t->disk, r))
        violation(f, line, n, "destructive commands on two disks");
    t->set = true;
    t->disk = r;
}

/* One DiskPart script: its lines, and the focus they give, from the text. */
static void check_script(const emit_file *f, const mdl_server *snap, target *t)
{
    const char *p = f->data.data, *end = p + f->data.len;
    bool have_disk = false;
    mdl_disk_ref disk = {0, false};
    char line[4096];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        dp_cmd c;
        size_t at;
        mdl_disk_ref r;
        size_t k;
        if (n == 0 || p[n - 1] != '\r')
            violation(f, p, n, "a line without CRLF");
        n--;
        if (n == 0)
            violation(f, p, n, "a blank line");
        if (n >= sizeof line)
            violation(f, p, n, "a line too long");
        for (k = 0; k + 5 <= n; k++)
            if (util_ieqn(p + k, 5, "noerr"))
                violation(f, p, n, "noerr");
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + 2;
        switch (dp_parse_line(line, n, &c, &at)) {
        case DPP_EMPTY:
            continue;
        case DPP_OK:
            break;
        default:
            violation(f, line, n, "a line DiskPart cannot read");
        }
        switch (c.id) {
        case CMD_SELECT_DISK:
            have_disk = c.has_value && disk_value(c.value, &disk);
            break;
        case CMD_SELECT_VOLUME:
            have_disk = false;      /* which disk a volume is on is the model's business */
            break;
        case CMD_BREAK_DISK:
            if ((c.opts & DP_BIT(DPO_NOKEEP)) &&
                (!c.has_value || !disk_value(c.value, &r) || !missing_in_listing(snap, r)))
                violation(f, line, n, "break ... nokeep on a disk the listing does not show missing");
            have_disk = false;
            break;
        case CMD_DELETE_DISK:
            if (!have_disk || !missing_in_listing(snap, disk))
                violation(f, line, n, "delete disk on a disk the listing does not show missing");
            have_disk = false;
            break;
        case CMD_ADD_DISK:
            if (!c.has_value || !disk_value(c.value, &r))
                violation(f, line, n, "add disk without a disk");
            destroy_on(f, line, n, snap, t, r);
            have_disk = false;
            break;
        default:
            if (dp_commands[c.id].destroy == DPD_YES) {
                if (!have_disk)
                    violation(f, line, n, "a destructive command without a disk in focus");
                destroy_on(f, line, n, snap, t, disk);
            }
            break;
        }
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void check_output(const emit_out *o, const emit_out *again, const mdl_server *snap)
{
    size_t i, j;
    target t = {false, {0, false}};
    if (o->nfiles != again->nfiles)
        violation(&o->files[0], "", 0, "a second emit writes other files");
    for (i = 0; i < o->nfiles; i++) {
        const emit_file *f = &o->files[i];
        if (strcmp(f->name, again->files[i].name) != 0 || f->data.len != again->files[i].data.len ||
            memcmp(f->data.data, again->files[i].data.data, f->data.len) != 0)
            violation(f, "", 0, "a second emit writes other bytes");
        for (j = 0; j < f->data.len; j++) {
            unsigned char ch = (unsigned char)f->data.data[j];
            if (ch >= 0x80 || (ch < 0x20 && ch != '\r' && ch != '\n'))
                violation(f, f->data.data + j, 1, "a byte that is not printable ASCII");
            if ((ch == '\r') != (j + 1 < f->data.len && f->data.data[j + 1] == '\n'))
                violation(f, f->data.data + j, 1, "a CR without LF");
            if (ch == '\n' && (j == 0 || f->data.data[j - 1] != '\r'))
                violation(f, f->data.data + j, 1, "an LF without CR");
        }
        if (f->data.len && f->data.data[f->data.len - 1] != '\n')
            violation(f, "", 0, "no line end at the end");
        if (ends_with(f->name, ".diskpart.txt"))
            check_script(f, snap, &t);
    }
}

static void compile(procedure *p, const mdl_server *snap)
{
    diag_sink d;
    plan pl;
    emit_out o, again;
    sim_opts so;
    diag_init(&d);
    plan_init(&pl);
    emit_out_init(&o);
    emit_out_init(&again);
    sim_opts_default(&so);
    if (res_plan(&p->ast, &p->src, snap, &pl, &d) && vfy_plan(&pl, &p->src, snap, &so, &d) &&
        emit_plan(&pl, p->name, "fuzz.mrb", "fuzz.txt", &o) && emit_plan(&pl, p->name, "fuzz.mrb", "fuzz.txt", &again))
        check_output(&o, &again, snap);
    emit_out_free(&again);
    emit_out_free(&o);
    plan_free(&pl);
    diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf text;
    diag_sink d;
    enum txt_encoding enc;
    mdl_server snap;
    if (!parsed)
        parse_procedures();
    buf_init(&text);
    diag_init(&d);
    mdl_server_init(&snap);
    if (txt_decode("fuzz.txt", data, size, TXT_LISTING, &text, &enc, &d)) {
        diag_src src = {"fuzz.txt", buf_cstr(&text), text.len};
        if (lst_read(&src, &snap, &d)) {
            sim_infer(&snap);
            compile(&procs[0], &snap);
            compile(&procs[1], &snap);
        }
    }
    mdl_server_free(&snap);
    buf_free(&text);
    diag_free(&d);
    return 0;
}
