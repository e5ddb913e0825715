/* prove.c - procedure + listing -> a plan proved on the model. */
#include "prove.h"

#include <string.h>

#include "frontend.h"
#include "inventory.h"
#include "journal.h"
#include "resolve.h"
#include "snapshot.h"
#include "text.h"
#include "verify.h"

void prove_init(proved *x)
{
    memset(x, 0, sizeof *x);
    buf_init(&x->text);
    arena_init(&x->a);
    mdl_server_init(&x->snap);
    plan_init(&x->p);
    sim_opts_default(&x->so);
}

void prove_free(proved *x)
{
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
    st = snap_load(name, raw, len, &o, &x->snap, d);
    if (st != SNAP_OK)
        return st == SNAP_NOMEM ? PROVE_NOMEM : PROVE_REFUSED;
    if (x->inventory && !inv_load(x->inventory, x->inventory_raw, x->inventory_len, &x->snap, d))
        return PROVE_REFUSED;
    sim_infer(&x->snap);
    if (!res_plan(&x->ast, &x->src, &x->snap, &x->p, d) || !vfy_plan(&x->p, &x->src, &x->snap, &x->so, d))
        return PROVE_REFUSED;
    return PROVE_OK;
}
