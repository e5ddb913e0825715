/* compare.c - the expected server against a fresh listing of it, compared
 * as DiskPart displays them (compare.h). */
#include "diskpart/compare.h"

#include <stdio.h>
#include <string.h>

#include "diskpart/print.h"

static void size_str(buf *b, mdl_size s)
{
    buf t;
    const char *p;
    buf_init(&t);
    mdl_format_size(&t, s);
    p = buf_cstr(&t);
    buf_puts(b, p + strspn(p, " "));
    buf_free(&t);
}

/* Two sizes that DiskPart displays alike. */
static bool same_display(mdl_size a, mdl_size b)
{
    buf x, y;
    bool eq;
    buf_init(&x);
    buf_init(&y);
    mdl_format_size(&x, a);
    mdl_format_size(&y, b);
    eq = !x.failed && !y.failed && strcmp(buf_cstr(&x), buf_cstr(&y)) == 0;
    buf_free(&x);
    buf_free(&y);
    return eq;
}

/* A mirror resynchronising ("Rebuild") and a healthy one are the same
 * volume: the disks do that on their own after `add disk`. */
static int vol_status_class(enum mdl_vol_status s) { return s == VS_REBUILD ? VS_HEALTHY : (int)s; }

/* A row of a DiskPart table, its columns squeezed (into b), then freed:
 * "Disk 1 Online 1863 GB 1863 GB *". */
static void squeezed(buf *b, buf *row)
{
    const char *p;
    for (p = buf_cstr(row); *p; p++)
        if (!(*p == ' ' && (p[1] == ' ' || p[1] == '\0')))
            buf_putc(b, *p);
    buf_free(row);
}

static void disk_row(buf *b, const mdl_disk *d)
{
    buf t;
    buf_init(&t);
    prt_disk_row(&t, d);
    squeezed(b, &t);
}

static void vol_row(buf *b, const mdl_volume *v)
{
    buf t;
    buf_init(&t);
    prt_volume_row(&t, v);
    squeezed(b, &t);
}

static void part_row(buf *b, const mdl_partition *p)
{
    buf_printf(b, "Partition %u %s ", p->num, mdl_word(&mdl_part_type_vocab, (int)p->type));
    size_str(b, p->size);
    buf_puts(b, " at ");
    size_str(b, p->offset);
}

static bool same_disk(const mdl_disk *a, const mdl_disk *b)
{
    return a->status == b->status && same_display(a->size, b->size) && a->dyn == b->dyn && a->gpt == b->gpt;
}

static bool same_volume(const mdl_volume *a, const mdl_volume *b, bool info)
{
    return a->letter == b->letter && strcmp(a->label ? a->label : "", b->label ? b->label : "") == 0 &&
           a->fs == b->fs && a->type == b->type && same_display(a->size, b->size) &&
           vol_status_class(a->status) == vol_status_class(b->status) && (!info || a->info == b->info);
}

typedef struct cmp {
    void (*diff)(void *ctx, const mdl_cmp_diff *);
    void *ctx;
    size_t n;
} cmp;

static void say(cmp *c, mdl_cmp_diff x)
{
    c->diff(c->ctx, &x);
    c->n++;
}

static void compare_details(cmp *c, const mdl_disk *e, const mdl_disk *f, const mdl_cmp_rules *r)
{
    size_t i;
    if (r->location && e->detail.known && f->detail.known && e->detail.location && f->detail.location &&
        strcmp(e->detail.location, f->detail.location) != 0)
        say(c, (mdl_cmp_diff){.what = CMP_LOCATION, .de = e, .df = f});
    if (e->detail.known && f->detail.known && e->detail.disk_id && f->detail.disk_id &&
        strcmp(e->detail.disk_id, f->detail.disk_id) != 0 && e != r->new_id)
        say(c, (mdl_cmp_diff){.what = CMP_DISK_ID, .de = e, .df = f});
    if (!e->parts_known || !f->parts_known)
        return;
    for (i = 0; i < e->nparts || i < f->nparts; i++) {
        const mdl_partition *pe = i < e->nparts ? &e->parts[i] : NULL;
        const mdl_partition *pf = i < f->nparts ? &f->parts[i] : NULL;
        if (!(pe && pf && pe->num == pf->num && pe->type == pf->type && same_display(pe->size, pf->size) &&
              same_display(pe->offset, pf->offset)))
            say(c, (mdl_cmp_diff){.what = CMP_PARTITION, .de = e, .df = f, .pe = pe, .pf = pf});
    }
}

static void compare_disks(cmp *c, const mdl_server *e, const mdl_server *f, const mdl_cmp_rules *r)
{
    size_t i;
    for (i = 0; i < e->ndisks; i++) {
        const mdl_disk *de = &e->disks[i];
        const mdl_disk *df = mdl_find_disk(f, de->num, de->missing_id);
        if (!df || !same_disk(de, df))
            say(c, (mdl_cmp_diff){.what = CMP_DISK, .de = de, .df = df});
        if (df && r->details)
            compare_details(c, de, df, r);
    }
    for (i = 0; i < f->ndisks; i++)
        if (!mdl_find_disk(e, f->disks[i].num, f->disks[i].missing_id))
            say(c, (mdl_cmp_diff){.what = CMP_DISK, .df = &f->disks[i]});
}

/* Volumes by what they show: each found volume answers one expected one. */
static bool compare_volumes_anywhere(cmp *c, const mdl_server *e, const mdl_server *f)
{
    size_t i, j;
    bool *used = util_calloc(f->nvols + 1, sizeof *used);
    if (!used)
        return false;
    for (i = 0; i < e->nvols; i++) {
        for (j = 0; j < f->nvols; j++)
            if (!used[j] && same_volume(&e->vols[i], &f->vols[j], true))
                break;
        if (j < f->nvols)
            used[j] = true;
        else
            say(c, (mdl_cmp_diff){.what = CMP_VOLUME, .ve = &e->vols[i]});
    }
    for (j = 0; j < f->nvols; j++)
        if (!used[j])
            say(c, (mdl_cmp_diff){.what = CMP_VOLUME, .vf = &f->vols[j]});
    util_free(used);
    return true;
}

static void compare_volumes_by_number(cmp *c, const mdl_server *e, const mdl_server *f)
{
    size_t i;
    for (i = 0; i < e->nvols; i++) {
        const mdl_volume *vf = mdl_find_volume(f, e->vols[i].num);
        if (!vf || !same_volume(&e->vols[i], vf, false))
            say(c, (mdl_cmp_diff){.what = CMP_VOLUME, .ve = &e->vols[i], .vf = vf});
    }
    for (i = 0; i < f->nvols; i++)
        if (!mdl_find_volume(e, f->vols[i].num))
            say(c, (mdl_cmp_diff){.what = CMP_VOLUME, .vf = &f->vols[i]});
}

size_t mdl_compare(const mdl_server *e, const mdl_server *f, const mdl_cmp_rules *r,
                   void (*diff)(void *ctx, const mdl_cmp_diff *), void *ctx, bool *nomem)
{
    cmp c = {diff, ctx, 0};
    *nomem = false;
    compare_disks(&c, e, f, r);
    if (!r->any_volume_number)
        compare_volumes_by_number(&c, e, f);
    else if (!compare_volumes_anywhere(&c, e, f))
        *nomem = true;
    return c.n;
}

/* ---- mdl_server_diff: "Disk 1: expected '...', found '...'" ---- */

static void diff_line(buf *why, const char *what, void (*row)(buf *, const void *), const void *e, const void *f)
{
    buf_printf(why, "%s: expected '", what);
    if (e)
        row(why, e);
    else
        buf_puts(why, "(none)");
    buf_puts(why, "', found '");
    if (f)
        row(why, f);
    else
        buf_puts(why, "(none)");
    buf_puts(why, "'\n");
}

static void disk_row_v(buf *b, const void *d) { disk_row(b, d); }
static void vol_row_v(buf *b, const void *v) { vol_row(b, v); }
static void part_row_v(buf *b, const void *p) { part_row(b, p); }

void mdl_say_diff(void *ctx, const mdl_cmp_diff *x)
{
    buf *why = ctx;
    char name[96];
    const mdl_disk *dk = x->de ? x->de : x->df;
    if (x->what == CMP_VOLUME) {
        snprintf(name, sizeof name, "Volume %u", x->ve ? x->ve->num : x->vf->num);
        diff_line(why, name, vol_row_v, x->ve, x->vf);
        return;
    }
    snprintf(name, sizeof name, "Disk " MDL_DISK_FMT, MDL_DISK_ARGS(*dk));
    if (x->what == CMP_DISK) {
        diff_line(why, name, disk_row_v, x->de, x->df);
    } else if (x->what == CMP_DISK_ID) {
        buf_printf(why, "%s: expected disk ID %s, found %s\n", name, x->de->detail.disk_id, x->df->detail.disk_id);
    } else if (x->what == CMP_LOCATION) {
        buf_printf(why, "%s: expected Location Path %s, found %s\n", name, x->de->detail.location,
                   x->df->detail.location);
    } else {
        size_t n = strlen(name);
        snprintf(name + n, sizeof name - n, ", partition %u", x->pe ? x->pe->num : x->pf->num);
        diff_line(why, name, part_row_v, x->pe, x->pf);
    }
}

size_t mdl_server_diff(const mdl_server *e, const mdl_server *f, buf *why)
{
    mdl_cmp_rules r = {.details = true};
    bool nomem;
    return mdl_compare(e, f, &r, mdl_say_diff, why, &nomem);
}

/* ---- the end-of-run check's wording ---- */

/* One line per difference (every line ends with a newline). */
static void predicted_line(buf *why, const char *what, void (*row)(buf *, const void *), const void *obj)
{
    buf_puts(why, what);
    buf_puts(why, ": '");
    row(why, obj);
    buf_puts(why, "'\n");
}

static void shown_disk_row(buf *b, const void *d) { prt_disk_row(b, d); }
static void shown_volume_row(buf *b, const void *v) { prt_volume_row(b, v); }

void mdl_say_predicted(void *ctx, const mdl_cmp_diff *x)
{
    buf *why = ctx;
    void (*row)(buf *, const void *) = x->what == CMP_VOLUME ? shown_volume_row : shown_disk_row;
    const void *e = x->what == CMP_VOLUME ? (const void *)x->ve : (const void *)x->de;
    const void *f = x->what == CMP_VOLUME ? (const void *)x->vf : (const void *)x->df;
    if (e && f) {
        predicted_line(why, "predicted", row, e);
        predicted_line(why, "shown instead", row, f);
    } else {
        predicted_line(why, e ? "predicted, not shown" : "shown, not predicted", row, e ? e : f);
    }
}

size_t mdl_predicted_diff(const mdl_server *e, const mdl_server *f, buf *why)
{
    /* the leniency of SPEC.md, "The predicted listing" (compare.h) */
    mdl_cmp_rules r = {.any_volume_number = true};
    bool nomem;
    size_t n = mdl_compare(e, f, &r, mdl_say_predicted, why, &nomem);
    if (nomem) {
        why->failed = true;
        return n ? n : 1;
    }
    return n;
}
