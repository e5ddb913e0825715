/* prove.c - procedure + listing -> a plan proved on the model. */
#include "prove.h"

#include <string.h>

#include "cli.h"
#include "frontend.h"
#include "journal.h"
#include "mrblimits.h"
#include "platform.h"
#include "resolve.h"
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

/* The SHA-256 of a file's bytes in hexadecimal. */
static int hash_file(const char *path, size_t max, jrn_hash *h, char hex[65], diag_sink *d)
{
    buf raw;
    const char *why = "";
    buf_init(&raw);
    if (plat_read_file(path, max, &raw, &why) != PLAT_OK) {
        diag_error(d, NULL, 0, 0, raw.failed ? E010 : E001, "%s: cannot read: %s", path, why);
        buf_free(&raw);
        return CLI_USAGE;
    }
    jrn_hash_bytes(raw.data ? raw.data : "", raw.len, h);
    jrn_hash_hex(h, hex);
    buf_free(&raw);
    return CLI_OK;
}

int prove(proved *x, const char *file, const char *listing, diag_sink *d)
{
    int rc = cli_read_text(file, TXT_SOURCE, LIM_SOURCE_BYTES, &x->text, d);
    if (rc == CLI_OK) {
        enum fe_status st;
        x->src.name = file;
        x->src.text = buf_cstr(&x->text);
        x->src.len = x->text.len;
        st = fe_check(&x->a, &x->src, d, &x->ast);
        if (st == FE_NOMEM)
            diag_error(d, NULL, 0, 0, E010, "out of memory while reading the procedure");
        if (st != FE_OK)
            rc = CLI_REFUSED;
    }
    if (rc == CLI_OK)
        rc = cli_load_server(listing, &x->snap, d);
    if (rc == CLI_OK) {
        sim_infer(&x->snap);
        if (!res_plan(&x->ast, &x->src, &x->snap, &x->p, d) || !vfy_plan(&x->p, &x->src, &x->snap, &x->so, d))
            rc = CLI_REFUSED;
    }
    if (rc == CLI_OK)
        rc = hash_file(file, LIM_SOURCE_BYTES, &x->procedure_hash, x->procedure_sha256, d);
    if (rc == CLI_OK)
        rc = hash_file(listing, LIM_LISTING_BYTES, &x->listing_hash, x->listing_sha256, d);
    return rc;
}
