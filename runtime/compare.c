/* compare.c - the expected server against a fresh listing of it, compared
 * as DiskPart displays them (compare.h). */
#include "compare.h"

#include <stdio.h>
#include <string.h>

#include "print.h"

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

static bool same_display(mdl_size a, mdl_size b)
{
    buf x, y;
    bool eq;
    buf_init(&x);
    buf_init(&y);
    size_str(&x, a);
    size_str(&y, b);
    eq = x.len == y.len && strcmp(buf_cstr(&x), buf_cstr(&y)) == 0;
    buf_free(&x);
    buf_free(&y);
    return eq;
}

/* A mirror resynchronising ("Rebuild") and a healthy one are the same
 * volume: the disks do that on their own after `add disk`. */
static int vol_status_class(enum mdl_vol_status s) { return s == VS_REBUILD ? VS_HEALTHY : (int)s; }

static void disk_row(buf *b, const mdl_disk *d)
{
    buf t;
    const char *p;
    buf_init(&t);
    prt_disk_row(&t, d);
    /* the table's columns, squeezed: "Disk 1 Online 1863 GB 1863 GB *" */
    for (p = buf_cstr(&t); *p; p++)
        if (!(*p == ' ' && (p[1] == ' ' || p[1] == '\0')))
            buf_putc(b, *p);
    buf_free(&t);
}

static void vol_row(buf *b, const mdl_volume *v)
{
    buf t;
    const char *p;
    buf_init(&t);
    prt_volume_row(&t, v);
    for (p = buf_cstr(&t); *p; p++)
        if (!(*p == ' ' && (p[1] == ' ' || p[1] == '\0')))
            buf_putc(b, *p);
    buf_free(&t);
}

static void part_row(buf *b, const mdl_partition *p)
{
    buf_printf(b, "Partition %u %s ", p->num, mdl_word(&mdl_part_type_vocab, (int)p->type));
    size_str(b, p->size);
    buf_puts(b, " at ");
    size_str(b, p->offset);
}

static size_t diff_line(buf *why, const char *what, void (*row)(buf *, const void *), const void *e, const void *f)
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
    return 1;
}

static void disk_row_v(buf *b, const void *d) { disk_row(b, d); }
static void vol_row_v(buf *b, const void *v) { vol_row(b, v); }
static void part_row_v(buf *b, const void *p) { part_row(b, p); }

size_t mdl_parts_diff(const mdl_disk *e, const mdl_disk *f, const char *dname, buf *why)
{
    size_t i, n = 0;
    char what[96];
    for (i = 0; i < e->nparts || i < f->nparts; i++) {
        const mdl_partition *pe = i < e->nparts ? &e->parts[i] : NULL;
        const mdl_partition *pf = i < f->nparts ? &f->parts[i] : NULL;
        if (pe && pf && pe->num == pf->num && pe->type == pf->type && same_display(pe->size, pf->size) &&
            same_display(pe->offset, pf->offset))
            continue;
        snprintf(what, sizeof what, "%s, partition %u", dname, pe ? pe->num : pf->num);
        n += diff_line(why, what, part_row_v, pe, pf);
    }
    return n;
}

size_t mdl_server_diff(const mdl_server *e, const mdl_server *f, buf *why)
{
    size_t i, n = 0;
    char name[48];
    for (i = 0; i < e->ndisks; i++) {
        const mdl_disk *de = &e->disks[i];
        const mdl_disk *df = mdl_find_disk(f, de->num, de->missing_id);
        snprintf(name, sizeof name, "Disk " MDL_DISK_FMT, MDL_DISK_ARGS(*de));
        if (!df) {
            n += diff_line(why, name, disk_row_v, de, NULL);
            continue;
        }
        if (de->status != df->status || !same_display(de->size, df->size) || de->dyn != df->dyn ||
            de->gpt != df->gpt)
            n += diff_line(why, name, disk_row_v, de, df);
        if (de->detail.known && df->detail.known && de->detail.disk_id && df->detail.disk_id &&
            strcmp(de->detail.disk_id, df->detail.disk_id) != 0) {
            buf_printf(why, "%s: expected disk ID %s, found %s\n", name, de->detail.disk_id, df->detail.disk_id);
            n++;
        }
        if (de->parts_known && df->parts_known)
            n += mdl_parts_diff(de, df, name, why);
    }
    for (i = 0; i < f->ndisks; i++) {
        const mdl_disk *df = &f->disks[i];
        if (!mdl_find_disk(e, df->num, df->missing_id)) {
            snprintf(name, sizeof name, "Disk " MDL_DISK_FMT, MDL_DISK_ARGS(*df));
            n += diff_line(why, name, disk_row_v, NULL, df);
        }
    }
    for (i = 0; i < e->nvols; i++) {
        const mdl_volume *ve = &e->vols[i];
        const mdl_volume *vf = mdl_find_volume(f, ve->num);
        snprintf(name, sizeof name, "Volume %u", ve->num);
        if (!vf || ve->letter != vf->letter || ve->fs != vf->fs || ve->type != vf->type ||
            strcmp(ve->label ? ve->label : "", vf->label ? vf->label : "") != 0 ||
            !same_display(ve->size, vf->size) || vol_status_class(ve->status) != vol_status_class(vf->status))
            n += diff_line(why, name, vol_row_v, ve, vf);
    }
    for (i = 0; i < f->nvols; i++) {
        const mdl_volume *vf = &f->vols[i];
        if (!mdl_find_volume(e, vf->num)) {
            snprintf(name, sizeof name, "Volume %u", vf->num);
            n += diff_line(why, name, vol_row_v, NULL, vf);
        }
    }
    return n;
}
