/* prove.c - procedure + listing -> a plan proved on the model. */
#include "prove.h"

#include <string.h>

#include "cli.h"
#include "emit.h"
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

/* The SHA-256 of a file's bytes in hexadecimal; the bytes in keep, unless
 * it is NULL. */
static int hash_file(const char *path, size_t max, jrn_hash *h, char hex[65], buf *keep, diag_sink *d)
{
    buf raw;
    const char *why = "";
    buf_init(&raw);
    if (plat_read_file(path, max, &raw, &why) != PLAT_OK) {
        diag_error(d, NULL, 0, 0, E001, "%s: cannot read: %s", path, why);
        buf_free(&raw);
        return CLI_USAGE;
    }
    jrn_hash_bytes(raw.data ? raw.data : "", raw.len, h);
    jrn_hash_hex(h, hex);
    if (keep) {
        buf_free(keep);
        *keep = raw;
    } else {
        buf_free(&raw);
    }
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
            diag_error(d, NULL, 0, 0, E001, "out of memory while reading the procedure");
        if (st != FE_OK)
            rc = CLI_REFUSED;
    }
    if (rc == CLI_OK)
        rc = cli_load_server(listing, &x->snap, d);
    if (rc == CLI_OK) {
        sim_infer(&x->snap);
        if (!res_plan(&x->ast, &x->src, &x->snap, &x->p, d) || !vfy_plan(&x->p, &x->src, &x->snap, &x->so, d)) {
            rc = CLI_REFUSED;
            x->plan_refused = true;
        }
    }
    if (rc == CLI_OK)
        rc = hash_file(file, LIM_SOURCE_BYTES, &x->procedure_hash, x->procedure_sha256, NULL, d);
    if (rc == CLI_OK)
        rc = hash_file(listing, LIM_LISTING_BYTES, &x->listing_hash, x->listing_sha256, &x->listing_bytes, d);
    return rc;
}

int prove_rest(proved *x, const char *listing, diag_sink *d)
{
    mdl_server now;
    plan rest;
    char hex[65];
    jrn_hash h;
    int rc;
    mdl_server_init(&now);
    plan_init(&rest);
    rc = cli_load_server(listing, &now, d);
    if (rc == CLI_OK) {
        sim_infer(&now);
        if (!carry_plan(&x->p, &x->snap, &x->so, &now, &x->src, &rest, &x->cut, d))
            rc = CLI_REFUSED;
    }
    if (rc == CLI_OK)
        rc = hash_file(listing, LIM_LISTING_BYTES, &h, hex, NULL, d);
    if (rc != CLI_OK) {
        plan_free(&rest);
        mdl_server_free(&now);
        return rc;
    }
    x->carried = true;
    x->earlier = x->p;
    x->p = rest;
    x->earlier_snap = x->snap;
    x->snap = now;
    memcpy(x->earlier_sha256, x->listing_sha256, sizeof x->earlier_sha256);
    memcpy(x->listing_sha256, hex, sizeof hex);
    x->listing_hash = h;
    return CLI_OK;
}

/* Does the driver text cite, on a "rem mrb ..." line, a procedure of the
 * SHA-256 ph and a listing of the SHA-256 lh? */
static bool cites(const char *t, size_t n, const char *ph, const char *lh)
{
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
        else if (memcmp(ln + 8, "listing ", 8) == 0 || memcmp(ln + 8, "carries on ", 11) == 0) {
            size_t k;
            for (k = 8; k + 7 + 64 <= len; k++)
                if (memcmp(ln + k, "sha256 ", 7) == 0 && memcmp(ln + k + 7, lh, 64) == 0)
                    list = true;
        }
    }
    return proc && list;
}

/* The folder of an earlier plan: its NAME.listing.txt is the listing, and
 * its driver must cite this procedure's bytes and that listing's. */
static int earlier_of_folder(const char *dir, const char *file, buf *listing, buf *driver, diag_sink *d)
{
    buf name;
    buf_init(&name);
    cli_base_name(&name, file);
    buf_reset(listing);
    buf_reset(driver);
    buf_puts(listing, dir);
    if (listing->len && listing->data[listing->len - 1] != '/' && listing->data[listing->len - 1] != '\\')
        buf_putc(listing, '/');
    buf_put(driver, listing->data ? listing->data : "", listing->len);
    buf_printf(listing, "%s.listing.txt", buf_cstr(&name));
    buf_printf(driver, "%s.cmd", buf_cstr(&name));
    if (name.failed || listing->failed || driver->failed) {
        buf_free(&name);
        diag_error(d, NULL, 0, 0, E001, "out of memory while reading the earlier plan");
        return CLI_REFUSED;
    }
    if (!plat_file_exists(buf_cstr(listing)) || !plat_file_exists(buf_cstr(driver))) {
        diag_error(d, NULL, 0, 0, E610, "%s holds no plan of %s: no %s.listing.txt and %s.cmd there", dir,
                   file, buf_cstr(&name), buf_cstr(&name));
        buf_free(&name);
        return CLI_REFUSED;
    }
    buf_free(&name);
    return CLI_OK;
}

int prove_continue(proved *x, const char *file, const char *from, const char *listing, diag_sink *d)
{
    buf earlier, driver, text;
    const char *why = "";
    int rc = CLI_OK;
    bool dir = plat_is_dir(from);
    buf_init(&earlier);
    buf_init(&driver);
    buf_init(&text);
    if (dir)
        rc = earlier_of_folder(from, file, &earlier, &driver, d);
    else
        buf_puts(&earlier, from);
    if (rc == CLI_OK)
        rc = prove(x, file, buf_cstr(&earlier), d);
    if (rc == CLI_OK && dir) {
        if (plat_read_file(buf_cstr(&driver), LIM_SOURCE_BYTES, &text, &why) != PLAT_OK) {
            diag_error(d, NULL, 0, 0, E001, "%s: cannot read: %s", buf_cstr(&driver), why);
            rc = CLI_USAGE;
        } else if (!cites(text.data ? text.data : "", text.len, x->procedure_sha256, x->listing_sha256)) {
            diag_error(d, NULL, 0, 0, E610,
                       "%s was not compiled from this procedure and %s: its procedure's or listing's SHA-256 "
                       "differs",
                       buf_cstr(&driver), buf_cstr(&earlier));
            diag_note(d, NULL, 0, 0, "compile the procedure the earlier plan was compiled from, byte for byte");
            rc = CLI_REFUSED;
        }
    }
    if (rc == CLI_OK)
        rc = prove_rest(x, listing, d);
    buf_free(&earlier);
    buf_free(&driver);
    buf_free(&text);
    return rc;
}

bool prove_emit(const proved *x, const char *name, const char *file, const char *listing, emit_out *o)
{
    return emit_set(&(emit_input){.p = &x->p, .snap = &x->snap, .name = name, .source = file, .listing = listing,
                                  .source_sha256 = x->procedure_sha256, .listing_sha256 = x->listing_sha256,
                                  .origin = &x->listing_bytes,
                                  .origin_sha256 = x->carried ? x->earlier_sha256 : NULL, .done = x->cut.done,
                                  .total = x->cut.total},
                    o);
}
