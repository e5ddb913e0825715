/* prove.c - procedure + listing -> a plan proved on the model. */
#include "plan/prove.h"

#include <string.h>

#include "check/frontend.h"
#include "capture/inventory.h"
#include "server/journal.h"
#include "plan/resolve.h"
#include "capture/snapshot.h"
#include "base/text.h"
#include "plan/verify.h"

void prove_init(proved *x)
{
    memset(x, 0, sizeof *x);
    buf_init(&x->text);
    arena_init(&x->a);
    mdl_server_init(&x->snap);
    plan_init(&x->p);
    sim_opts_default(&x->so);
    buf_init(&x->listing_bytes);
    mdl_server_init(&x->earlier_snap);
    plan_init(&x->earlier);
}

void prove_free(proved *x)
{
    carry_cut_free(&x->cut);
    plan_free(&x->earlier);
    mdl_server_free(&x->earlier_snap);
    buf_free(&x->listing_bytes);
    plan_free(&x->p);
    mdl_server_free(&x->snap);
    arena_free(&x->a);
    buf_free(&x->text);
}

/* The SHA-256 of the bytes given, and in hexadecimal. */
static void hash_bytes(const void *raw, size_t len, jrn_hash *h, char hex[65])
{
    jrn_hash_bytes(raw ? raw : "", len, h);
    jrn_hash_hex(h, hex);
}

bool prove_procedure(proved *x, const char *name, const void *raw, size_t len, diag_sink *d)
{
    enum txt_encoding enc;
    enum fe_status st;
    hash_bytes(raw, len, &x->procedure_hash, x->procedure_sha256);
    if (!txt_decode(name, raw ? raw : (const void *)"", len, TXT_SOURCE, &x->text, &enc, d))
        return false;
    x->src.name = name;
    x->src.text = buf_cstr(&x->text);
    x->src.len = x->text.len;
    st = fe_check(&x->a, &x->src, d, &x->ast);
    if (st == FE_NOMEM)
        diag_error(d, NULL, 0, 0, E010, "out of memory while reading the procedure");
    return st == FE_OK;
}

enum prove_status prove(proved *x, const char *name, const void *raw, size_t len, const lst_words *words,
                        diag_sink *d)
{
    /* completed by the model's rules only once the inventory is joined */
    snap_options o = {words, true, false, false};
    enum snap_status st;
    hash_bytes(raw, len, &x->listing_hash, x->listing_sha256);
    buf_reset(&x->listing_bytes);
    buf_put(&x->listing_bytes, raw ? raw : "", len);
    if (x->listing_bytes.failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while reading the listing");
        return PROVE_NOMEM;
    }
    st = snap_load(name, raw, len, &o, &x->snap, d);
    if (st != SNAP_OK)
        return st == SNAP_NOMEM ? PROVE_NOMEM : PROVE_REFUSED;
    if (x->inventory && !inv_load(x->inventory, x->inventory_raw, x->inventory_len, &x->snap, d))
        return PROVE_REFUSED;
    sim_infer(&x->snap);
    if (!res_plan(&x->ast, &x->src, &x->snap, &x->p, d) || !vfy_plan(&x->p, &x->src, &x->snap, &x->so, d)) {
        x->plan_refused = true;
        return PROVE_REFUSED;
    }
    return PROVE_OK;
}

enum prove_status prove_rest(proved *x, const char *name, const void *raw, size_t len, const lst_words *words,
                             diag_sink *d)
{
    snap_options o = {words, true, false, false};
    enum snap_status st;
    enum prove_status ps = PROVE_OK;
    mdl_server now;
    plan rest;
    char hex[65];
    jrn_hash h;
    mdl_server_init(&now);
    plan_init(&rest);
    hash_bytes(raw, len, &h, hex);
    st = snap_load(name, raw, len, &o, &now, d);
    if (st != SNAP_OK)
        ps = st == SNAP_NOMEM ? PROVE_NOMEM : PROVE_REFUSED;
    else if (x->inventory && !inv_load(x->inventory, x->inventory_raw, x->inventory_len, &now, d))
        ps = PROVE_REFUSED;
    if (ps == PROVE_OK) {
        sim_infer(&now);
        if (!carry_plan(&x->p, &x->snap, &x->so, &now, &x->src, &rest, &x->cut, d))
            ps = PROVE_REFUSED;
    }
    if (ps != PROVE_OK) {
        plan_free(&rest);
        mdl_server_free(&now);
        return ps;
    }
    /* the record's effects compare the model at the end with the listing
     * the artifacts show: the new capture */
    if (!rec_finish(&rest, &now)) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while carrying on the earlier plan");
        plan_free(&rest);
        mdl_server_free(&now);
        return PROVE_NOMEM;
    }
    x->carried = true;
    x->earlier = x->p;
    x->p = rest;
    x->earlier_snap = x->snap;
    x->snap = now;
    memcpy(x->earlier_sha256, x->listing_sha256, sizeof x->earlier_sha256);
    memcpy(x->listing_sha256, hex, sizeof hex);
    x->listing_hash = h;
    return PROVE_OK;
}

bool prove_cites(const proved *x, const char *t, size_t n)
{
    const char *ph = x->procedure_sha256, *lh = x->listing_sha256;
    bool proc = false, list = false;
    size_t i = 0;
    while (i < n) {
        const char *ln = t + i, *end = memchr(ln, '\n', n - i);
        size_t len = end ? (size_t)(end - ln) : n - i;
        i += len + 1;
        if (len && ln[len - 1] == '\r')
            len--;
        if (len < 8 || memcmp(ln, "rem mrb ", 8) != 0)
            continue;
        /* "rem mrb procedure NAME sha256 H", "rem mrb listing NAME sha256 H",
         * "rem mrb carries on the plan proved on the listing NAME sha256 H: ..." */
        if (len > 18 + 64 && memcmp(ln + 8, "procedure ", 10) == 0 && memcmp(ln + len - 64, ph, 64) == 0)
            proc = true;
        else if ((len >= 16 && memcmp(ln + 8, "listing ", 8) == 0) ||
                 (len >= 19 && memcmp(ln + 8, "carries on ", 11) == 0)) {
            size_t k;
            for (k = 8; k + 7 + 64 <= len; k++)
                if (memcmp(ln + k, "sha256 ", 7) == 0 && memcmp(ln + k + 7, lh, 64) == 0)
                    list = true;
        }
    }
    return proc && list;
}
