/* after.c - the server after the last step against the predicted listing
 * (compiler/run/after.h). */
#include "run/after.h"

#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "diskpart/compare.h"
#include "capture/snapshot.h"
#include "diskpart/print.h"
#include "diskpart/sim.h"
#include "base/text.h"

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
    buf why, after;
    mdl_server found;
    snap_options so = {o->words, false, false, true};
    enum bk_status st;
    int rc = RC_OK;
    size_t n;
    if (!p->proved)
        return RC_OK;
    buf_init(&after);       /* NAME.after.txt, as compile names it */
    util_base_name(&after, procedure);
    buf_puts(&after, ".after.txt");
    bk_result_init(&r);
    buf_init(&why);
    mdl_server_init(&found);
    st = bk_listing(bk, NULL, 0, &r);
    if (st != BK_OK) {
        diag_error(d, NULL, 0, 0, st == BK_ERR_NOMEM ? E010 : E810,
                   "cannot take a listing of the server to compare it with the predicted one: %s",
                   st == BK_ERR_NOMEM ? "out of memory" : buf_cstr(&r.why));
        rc = RC_USAGE;
    } else if (snap_load("the server's listing", r.out.data, r.out.len, &so, &found, d) != SNAP_OK) {
        rc = RC_REFUSED;
        diag_error(d, NULL, 0, 0, E809, "the listing the server gave at the end cannot be read (the messages "
                                        "above say why): it was not compared with the predicted one");
    }
    if (rc == RC_OK) {
        n = mdl_predicted_diff(&p->after, &found, &why);
        if (why.failed) {
            diag_error(d, NULL, 0, 0, E010, "out of memory");
            rc = RC_USAGE;
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
                rc = RC_REFUSED;
            }
        }
    }
    mdl_server_free(&found);
    buf_free(&why);
    buf_free(&after);
    bk_result_free(&r);
    return rc;
}
