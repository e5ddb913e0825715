/* cmd_ticket.c - `mrb ticket`: before the swap, which disk to replace and
 * which to keep, printed for the technician and written as a ticket file
 * that `mrb compile --ticket` checks after the swap (compiler/plan/ticket.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help.h"
#include "cli/cmd.h"
#include "base/fileio.h"
#include "base/hash.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "plan/prove.h"
#include "plan/resolve.h"
#include "capture/snapshot.h"
#include "plan/ticket.h"

typedef struct ticket_args {
    const char *file, *listing, *words, *inventory, *out, *keep, *replace;
} ticket_args;

static int ticket_parse(int argc, char **argv, ticket_args *t)
{
    enum { O_LISTING, O_WORDS, O_INVENTORY, O_OUT, O_KEEP, O_REPLACE };
    static const cli_optdef opts[] = {
        CLI_VALUE("--listing", "a SNAPSHOT file"), CLI_VALUE("--words", "a FILE"),
        CLI_VALUE("--inventory", "a FILE (what the command of 'mrb probe' wrote)"),
        CLI_VALUE("-o", "the ticket FILE to write"), CLI_VALUE("--keep", "the NAME of a disk declaration"),
        CLI_VALUE("--replace", "the NAME of a disk declaration")};
    const char **slot[] = {&t->listing, &t->words, &t->inventory, &t->out, &t->keep, &t->replace};
    cli_args a;
    enum cli_next k;
    const char *v;
    int id = 0;
    memset(t, 0, sizeof *t);
    t->keep = "survivor";
    t->replace = "missing";
    cli_args_init(&a, "ticket", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_OPT)
            *slot[id] = v;
        else if (k == CLI_BAD)
            return RC_USAGE;
        else if (t->file)
            return cli_usage("ticket: one FILE.mrb only");
        else
            t->file = v;
    }
    if (!t->file || !t->listing || !t->out)
        return help_usage_error("ticket", NULL);
    return RC_OK;
}

/* The capture (and the inventory) into x->snap, as prove() reads it, and
 * its SHA-256 into x->listing_sha256. */
static int load_capture(proved *x, const ticket_args *t, cli_words *w, diag_sink *d)
{
    snap_options o = {NULL, true, false, false};
    buf raw;
    int rc = cli_words_load(w, d);
    buf_init(&raw);
    if (rc == RC_OK)
        rc = cli_read_raw(t->listing, LIM_LISTING_BYTES, &raw, d);
    if (rc == RC_OK) {
        jrn_hash_bytes(raw.data ? raw.data : "", raw.len, &x->listing_hash);
        jrn_hash_hex(&x->listing_hash, x->listing_sha256);
        o.words = cli_words_of(w);
        switch (snap_load(t->listing, raw.data, raw.len, &o, &x->snap, d)) {
        case SNAP_OK: break;
        case SNAP_REFUSED: rc = RC_REFUSED; break;
        case SNAP_NOMEM: rc = RC_USAGE; break;
        }
    }
    buf_free(&raw);
    if (rc == RC_OK && t->inventory)
        rc = cli_load_inventory(t->inventory, &x->snap, d);
    if (rc == RC_OK)
        sim_infer(&x->snap);
    return rc;
}

/* Each of --keep and --replace must name a disk the procedure declares. */
static int declared(const proved *x, const char *name, const char *opt, diag_sink *d)
{
    const ast_node *n;
    for (n = x->ast.items; n; n = n->next)
        if (n->kind == AST_SEL_DECL && n->u.decl.obj == OBJ_DISK && n->u.decl.name.n == strlen(name) &&
            memcmp(n->u.decl.name.p, name, n->u.decl.name.n) == 0)
            return RC_OK;
    diag_error(d, NULL, 0, 0, E401, "%s declares no disk '%s' (%s names the disk to %s)", x->src.name, name, opt,
               strcmp(opt, "--keep") == 0 ? "keep" : "replace");
    return RC_REFUSED;
}

/* The two disks resolved, told apart, and the one to keep identified. */
static int resolve_two(proved *x, const ticket_args *t, diag_sink *d)
{
    const char *names[2];
    const plan_bind *k, *r;
    const mdl_disk *kd;
    names[0] = t->keep;
    names[1] = t->replace;
    if (!res_decls(&x->ast, &x->src, &x->snap, names, 2, &x->p, d)) {
        diag_note(d, NULL, 0, 0, "a failing disk that is still online lists as the disk to keep does: name the two "
                  "by their identity in a procedure for the ticket (SPEC.md, \"The swap ticket\")");
        return RC_REFUSED;
    }
    k = tkt_bind(&x->p, t->keep);
    r = tkt_bind(&x->p, t->replace);
    if (k->disk.num == r->disk.num && k->disk.missing_id == r->disk.missing_id) {
        diag_error(d, NULL, 0, 0, E508, "'%s' and '%s' are one disk of %s, Disk " MDL_DISK_FMT
                   ": the disk to keep must not be the disk to replace", t->keep, t->replace, t->listing,
                   MDL_DISK_ARGS(k->disk));
        return RC_REFUSED;
    }
    kd = ev_find_disk(&x->snap, k->disk);
    if (!kd || !tkt_field_of(kd, TF_ID) || !tkt_field_of(kd, TF_LOCATION)) {
        diag_error(d, NULL, 0, 0, E509, "%s does not show what identifies '%s', Disk " MDL_DISK_FMT
                   " (its Disk ID and Location Path, from detail disk): a ticket would name it by number only",
                   t->listing, t->keep, MDL_DISK_ARGS(k->disk));
        diag_note(d, NULL, 0, 0, "capture the server with both stages of mrb probe, and give that capture");
        return RC_REFUSED;
    }
    return RC_OK;
}

/* A file in the way of -o: one that exists and is no ticket (a capture
 * named by mistake), which is not replaced (E006). */
static bool in_the_way(const char *path, diag_sink *d)
{
    buf old;
    const char *why = "";
    bool ticket_there;
    if (!plat_file_exists(path) && !plat_is_dir(path))
        return false;
    buf_init(&old);
    ticket_there = !plat_is_dir(path) && plat_read_file(path, LIM_SOURCE_BYTES, &old, &why) == PLAT_OK &&
                   old.len >= 11 && memcmp(old.data, "mrb-ticket ", 11) == 0;
    buf_free(&old);
    if (!ticket_there)
        diag_error(d, NULL, 0, 0, E006, "%s exists and is not a ticket: mrb ticket replaces only a ticket; "
                   "name another file with -o", path);
    return !ticket_there;
}

static int write_ticket(const ticket *tk, const char *path, diag_sink *d)
{
    buf b;
    const char *why = "";
    enum fio_status st;
    if (in_the_way(path, d))
        return RC_REFUSED;
    buf_init(&b);
    tkt_write(&b, tk);
    st = b.failed ? FIO_ERR_NOMEM : fio_write_atomic(path, b.data, b.len, &why);
    buf_free(&b);
    if (st == FIO_OK)
        return RC_OK;
    diag_error(d, NULL, 0, 0, st == FIO_ERR_NOMEM ? E010 : st == FIO_ERR_FLUSH ? E005 : E004,
               "cannot write %s: %s", path, st == FIO_ERR_NOMEM ? "out of memory" : why);
    return RC_USAGE;
}

int tkt_check_file(const char *path, const plan *p, const mdl_server *snap, bool refused, diag_sink *d)
{
    buf text;
    diag_src src;
    ticket tk;
    int rc;
    buf_init(&text);
    tkt_init(&tk);
    rc = cli_read_text(path, TXT_SOURCE, LIM_SOURCE_BYTES, &text, d);
    if (rc == RC_OK) {
        src.name = path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        if (!tkt_parse(&src, &tk, d))
            rc = RC_REFUSED;
        else if ((!refused || tkt_bind(p, tk.keep.name)) && !tkt_check(&tk, &src, p, snap, d))
            rc = RC_REFUSED;
    }
    tkt_free(&tk);
    buf_free(&text);
    return rc;
}

int cmd_ticket(int argc, char **argv)
{
    ticket_args t;
    diag_sink d;
    proved x;
    cli_words w;
    ticket tk;
    buf raw, out;
    int rc = ticket_parse(argc, argv, &t);
    if (rc != RC_OK)
        return rc;
    diag_init(&d);
    cli_color(&d);
    prove_init(&x);
    cli_words_init(&w, t.words);
    tkt_init(&tk);
    buf_init(&raw);
    buf_init(&out);
    rc = cli_read_raw(t.file, LIM_SOURCE_BYTES, &raw, &d);
    if (rc == RC_OK && !prove_procedure(&x, t.file, raw.data, raw.len, &d))
        rc = RC_REFUSED;
    if (rc == RC_OK && (declared(&x, t.keep, "--keep", &d) != RC_OK ||
                         declared(&x, t.replace, "--replace", &d) != RC_OK))
        rc = RC_REFUSED;
    if (rc == RC_OK)
        rc = load_capture(&x, &t, &w, &d);
    if (rc == RC_OK)
        rc = resolve_two(&x, &t, &d);
    if (rc == RC_OK && !tkt_make(&tk, &x.p, &x.snap, t.keep, t.replace, x.listing_sha256)) {
        diag_error(&d, NULL, 0, 0, E010, "out of memory while making the ticket");
        rc = RC_USAGE;
    }
    if (rc == RC_OK)
        rc = write_ticket(&tk, t.out, &d);
    if (rc == RC_OK) {
        const ast_node *title = x.ast.title;
        buf_printf(&out, "Swap ticket of \"%.*s\"\n  procedure  %s\n  capture    %s\n\n",
                   title ? (int)title->u.string.len : 0, title ? title->u.string.text : "", t.file, t.listing);
        tkt_print(&out, &tk, &x.snap);
        diag_note(&d, NULL, 0, 0, "wrote %s; after the swap, compile with it: mrb compile PROCEDURE.mrb --listing "
                  "NEW-SNAPSHOT --ticket %s ...", t.out, t.out);
    }
    cli_flush(&d);
    if (rc == RC_OK && !cli_stdout(&out))
        rc = RC_USAGE;
    buf_free(&out);
    buf_free(&raw);
    tkt_free(&tk);
    cli_words_free(&w);
    prove_free(&x);
    diag_free(&d);
    return rc;
}
