/* cmd_compile.c - `mrb compile`: procedure + listing -> verified scripts.
 *
 * parse and check the procedure, read the listing, resolve, verify on the
 * model, emit the set (compiler/out/emit.h); then write
 * the set so that the folder never holds a mix of two compiles that the
 * driver would run (outdir_write, compiler/out/outdir_write.c); then print the plan, disk by disk,
 * for the reviewer (compiler/out/review.h), or with --format=json the plan as
 * one JSON document (compiler/out/plan_json.h), made before anything is
 * written.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help.h"
#include "cli/cmd.h"
#include "out/emit.h"
#include "base/fileio.h"
#include "base/mrblimits.h"
#include "out/outdir.h"
#include "out/plan_json.h"
#include "base/platform.h"
#include "diskpart/print.h"
#include "plan/prove.h"
#include "out/review.h"
#include "plan/ticket.h"

/* --format=json: the plan as JSON (compiler/out/plan_json.h), with the SHA-256
 * of the procedure's and the listing's bytes that prove() took. */
static int make_plan_json(buf *b, const proved *x, const emit_out *o, const char *name, const char *file,
                          const char *listing, const char *dir, diag_sink *d)
{
    pj_input in = {x, o, name, file, listing, dir};
    pj_plan(b, &in);
    if (b->failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while writing the JSON plan");
        diag_note(d, NULL, 0, 0, "nothing was written");
        return RC_REFUSED;
    }
    return RC_OK;
}

/* What the scripts do, disk by disk, for the reviewer (stderr: standard
 * output lists the files written). */
static void print_summary(const proved *x, bool color)
{
    buf summary;
    buf_init(&summary);
    rev_summary(&summary, &x->p, &x->snap);
    rev_pictures(&summary, &x->p, &x->snap, color);
    if (!summary.failed)
        fputs(buf_cstr(&summary), stderr);
    else
        fputs("mrb: note: out of memory while writing the plan's summary; the files are whole\n", stderr);
    buf_free(&summary);
}

/* The plan proved (on what is left, with --continue FROM), then checked
 * against the swap ticket (--ticket), before anything is written; a plan
 * refused on its listing is checked too when the disk to keep was resolved
 * (the wrong disk pulled may be why it was refused). */
static int prove_checked(proved *x, const char *file, const char *from, const char *listing, const char *ticket_file,
                         cli_words *w, diag_sink *d)
{
    int rc = from ? cli_prove_continue(x, file, from, listing, w, d) : cli_prove(x, file, listing, w, d);
    if (ticket_file && (rc == RC_OK || (!from && x->plan_refused))) {
        int t = tkt_check_file(ticket_file, &x->p, &x->snap, rc != RC_OK, d);
        rc = rc == RC_OK ? t : rc;
    }
    if (!from && x->plan_refused)
        diag_note(d, NULL, 0, 0, "if an earlier plan of this procedure left this server part-way, compile with "
                                 "--continue and that plan's folder: it plans what is left");
    return rc;
}

int cmd_compile(int argc, char **argv)
{
    enum { O_LISTING, O_WORDS, O_DIR, O_FORMAT, O_FORCE, O_INVENTORY, O_CONTINUE, O_TICKET };
    static const cli_optdef opts[] = {
        CLI_VALUE("--listing", "a SNAPSHOT file"), CLI_VALUE("--words", "a FILE"), CLI_VALUE("-o", "a folder"),
        CLI_VALUE("--format", NULL), CLI_FLAG("--force"),
        CLI_VALUE("--inventory", "a FILE (what the command of 'mrb probe' wrote)"),
        CLI_VALUE("--continue", "the earlier plan's folder (or its listing)"),
        CLI_VALUE("--ticket", "the FILE that mrb ticket wrote before the swap")};
    const char *file = NULL, *listing = NULL, *dir = ".", *words = NULL, *v, *inventory = NULL, *from = NULL;
    const char *ticket_file = NULL;
    diag_sink d;
    buf name;
    proved x;
    cli_words w;
    emit_out out;
    cli_args a;
    enum cli_next k;
    int id = 0, rc;
    bool json = false, force = false;
    buf plan_json;

    cli_args_init(&a, "compile", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_OPT && id == O_FORMAT) {
            if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0))
                return cli_usage("compile: --format takes text or json, not '%s'", v ? v : "");
            json = strcmp(v, "json") == 0;
        } else if (k == CLI_OPT && id == O_LISTING) {
            listing = v;
        } else if (k == CLI_OPT && id == O_WORDS) {
            words = v;
        } else if (k == CLI_OPT && id == O_FORCE) {
            force = true;
        } else if (k == CLI_OPT && id == O_INVENTORY) {
            inventory = v;
        } else if (k == CLI_OPT && id == O_CONTINUE) {
            from = v;
        } else if (k == CLI_OPT && id == O_TICKET) {
            ticket_file = v;
        } else if (k == CLI_OPT && id == O_DIR) {
            dir = v;
        } else if (k == CLI_BAD) {
            return RC_USAGE;
        } else if (file) {
            return cli_usage("compile: one FILE.mrb only");
        } else {
            file = v;
        }
    }
    if (!file || !listing)
        return help_usage_error("compile", NULL);

    diag_init(&d);
    cli_color(&d);
    buf_init(&name);
    prove_init(&x);
    cli_words_init(&w, words);
    emit_out_init(&out);
    buf_init(&plan_json);

    x.inventory = inventory;
    rc = prove_checked(&x, file, from, listing, ticket_file, &w, &d);
    if (rc == RC_OK) {
        util_base_name(&name, file);
        if (name.failed || !emit_proved(&x, buf_cstr(&name), file, listing, &out)) {
            diag_error(&d, NULL, 0, 0, E010, "out of memory while writing the scripts");
            rc = RC_REFUSED;
        }
    }
    if (rc == RC_OK && json)   /* made before anything is written */
        rc = make_plan_json(&plan_json, &x, &out, buf_cstr(&name), file, listing, dir, &d);
    cli_flush(&d);
    if (rc == RC_OK) {
        outdir_plan t = {dir, buf_cstr(&name), file, listing, x.procedure_sha256, x.listing_sha256};
        rc = outdir_write(&out, &t, force, &d, !json);
        cli_flush(&d);
    }
    if (rc == RC_OK && json) {
        if (!cli_stdout(&plan_json))
            rc = RC_USAGE;
    } else if (rc == RC_OK) {
        print_summary(&x, d.color);
    }
    buf_free(&plan_json);
    emit_out_free(&out);
    prove_free(&x);
    cli_words_free(&w);
    buf_free(&name);
    diag_free(&d);
    return rc;
}
