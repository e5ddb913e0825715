/* after.c - the server after the last step against the predicted listing
 * (compiler/after.h). */
#include "after.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "listing.h"
#include "print.h"
#include "sim.h"
#include "text.h"

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

/* Rebuild and Healthy are one status here: the resync runs on its own. */
static int status_class(enum mdl_vol_status s) { return s == VS_REBUILD ? VS_HEALTHY : (int)s; }

static bool same_volume(const mdl_volume *a, const mdl_volume *b)
{
    return a->letter == b->letter && strcmp(a->label ? a->label : "", b->label ? b->label : "") == 0 &&
           a->fs == b->fs && a->type == b->type && same_display(a->size, b->size) &&
           status_class(a->status) == status_class(b->status) && a->info == b->info;
}

/* One line per difference (every line ends with a newline). */
static void line(buf *why, const char *what, void (*row)(buf *, const void *), const void *obj)
{
    buf_puts(why, what);
    buf_puts(why, ": '");
    row(why, obj);
    buf_puts(why, "'\n");
}

static void disk_row(buf *b, const void *d) { prt_disk_row(b, d); }
static void volume_row(buf *b, const void *v) { prt_volume_row(b, v); }

size_t aft_compare(const mdl_server *e, const mdl_server *f, buf *why)
{
    size_t i, j, n = 0;
    bool *used = util_calloc(f->nvols + 1, sizeof *used);
    if (!used) {
        why->failed = true;
        return 1;
    }
    for (i = 0; i < e->ndisks; i++) {
        const mdl_disk *de = &e->disks[i];
        const mdl_disk *df = mdl_find_disk(f, de->num, de->missing_id);
        if (!df) {
            line(why, "predicted, not shown", disk_row, de);
            n++;
        } else if (de->status != df->status || !same_display(de->size, df->size) || de->dyn != df->dyn ||
                   de->gpt != df->gpt) {
            line(why, "predicted", disk_row, de);
            line(why, "shown instead", disk_row, df);
            n++;
        }
    }
    for (i = 0; i < f->ndisks; i++)
        if (!mdl_find_disk(e, f->disks[i].num, f->disks[i].missing_id)) {
            line(why, "shown, not predicted", disk_row, &f->disks[i]);
            n++;
        }
    for (i = 0; i < e->nvols; i++) {
        for (j = 0; j < f->nvols; j++)
            if (!used[j] && same_volume(&e->vols[i], &f->vols[j]))
                break;
        if (j < f->nvols) {
            used[j] = true;
        } else {
            line(why, "predicted, not shown", volume_row, &e->vols[i]);
            n++;
        }
    }
    for (j = 0; j < f->nvols; j++)
        if (!used[j]) {
            line(why, "shown, not predicted", volume_row, &f->vols[j]);
            n++;
        }
    util_free(used);
    return n;
}

/* The progress line (text) or event (JSON) of the comparison. */
static void report(const exec_opts *o, size_t ndiff, const mdl_server *e, const char *after)
{
    buf b;
    if (!o->print || o->mode == EXEC_QUIET)
        return;
    buf_init(&b);
    if (o->mode == EXEC_JSON)
        buf_printf(&b, "{\"event\":\"after\",\"differences\":%zu}\n", ndiff);
    else if (ndiff == 0)
        buf_printf(&b, "the server shows the %zu disk%s and %zu volume%s compile predicted (%s)\n",
                   e->ndisks, e->ndisks == 1 ? "" : "s", e->nvols, e->nvols == 1 ? "" : "s", after);
    else
        buf_printf(&b, "the server does not show what compile predicted (%s): %zu difference%s\n",
                   after, ndiff, ndiff == 1 ? "" : "s");
    if (!b.failed)
        o->print(o->print_ctx, b.data, b.len);
    buf_free(&b);
}

int aft_check_run(bk_backend *bk, const plan *p, const char *procedure, const exec_opts *o, diag_sink *d)
{
    bk_result r;
    buf text, why, after;
    diag_src src;
    mdl_server found;
    enum txt_encoding enc;
    enum bk_status st;
    int rc = CLI_OK;
    size_t n;
    if (!p->proved)
        return CLI_OK;
    buf_init(&after);       /* NAME.after.txt, as compile names it */
    cli_base_name(&after, procedure);
    buf_puts(&after, ".after.txt");
    bk_result_init(&r);
    buf_init(&text);
    buf_init(&why);
    mdl_server_init(&found);
    st = bk_listing(bk, NULL, 0, &r);
    if (st != BK_OK) {
        diag_error(d, NULL, 0, 0, E810, "cannot take a listing of the server to compare it with the predicted one: %s",
                   st == BK_ERR_NOMEM ? "out of memory" : buf_cstr(&r.why));
        rc = CLI_USAGE;
    } else {
        src.name = "the server's listing";
        if (!txt_decode(src.name, (const unsigned char *)buf_cstr(&r.out), r.out.len, TXT_LISTING, &text, &enc, d))
            rc = CLI_REFUSED;
        src.text = buf_cstr(&text);
        src.len = text.len;
        if (rc == CLI_OK && !lst_read(&src, &found, d))
            rc = CLI_REFUSED;
        if (rc != CLI_OK)
            diag_error(d, NULL, 0, 0, E809, "the listing the server gave at the end cannot be read (the messages "
                                            "above say why): it was not compared with the predicted one");
    }
    if (rc == CLI_OK) {
        sim_infer(&found);
        n = aft_compare(&p->after, &found, &why);
        if (why.failed) {
            diag_error(d, NULL, 0, 0, E001, "out of memory");
            rc = CLI_USAGE;
        } else {
            report(o, n, &p->after, buf_cstr(&after));
            if (n) {
                const char *l = buf_cstr(&why), *nl;
                diag_error(d, NULL, 0, 0, E814,
                           "every step ran, but the server does not show what compile predicted (%s; "
                           "a mirror Rebuild or Healthy alike, any Free, any volume number)", buf_cstr(&after));
                for (; *l; l = nl + 1) {
                    nl = strchr(l, '\n');
                    diag_note(d, NULL, 0, 0, "%.*s", (int)(nl - l), l);
                }
                rc = CLI_REFUSED;
            }
        }
    }
    mdl_server_free(&found);
    buf_free(&why);
    buf_free(&text);
    buf_free(&after);
    bk_result_free(&r);
    return rc;
}
