/* cli.c - reading inputs, reporting and writing for every subcommand. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mrblimits.h"
#include "capture/listing.h"
#include "plan/prove.h"
#include "capture/snapshot.h"
#include "base/platform.h"
#include "diskpart/state.h"

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("mrb: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'mrb --help' for more information.\n", stderr);
    return RC_USAGE;
}

/* The raw bytes of a file of at most max bytes: E002 (RC_REFUSED) when it
 * is larger, E001 (RC_USAGE) when it cannot be read. */
int cli_read_raw(const char *path, size_t max, buf *raw, diag_sink *d)
{
    const char *why = "";
    enum plat_status st = plat_read_file(path, max, raw, &why);
    if (st == PLAT_ERR_TOO_LARGE) {
        diag_error(d, NULL, 0, 0, E002, "%s: file too large (limit is %lu bytes)", path,
                   (unsigned long)max);
        return RC_REFUSED;
    }
    if (st != PLAT_OK) {
        diag_error(d, NULL, 0, 0, raw->failed ? E010 : E001, "%s: cannot read: %s", path, why);
        return RC_USAGE;
    }
    return RC_OK;
}

int cli_read_text(const char *path, enum txt_kind kind, size_t max, buf *text, diag_sink *d)
{
    buf raw;
    enum txt_encoding enc;
    int rc;
    buf_init(&raw);
    rc = cli_read_raw(path, max, &raw, d);
    if (rc == RC_OK && !txt_decode(path, (const unsigned char *)raw.data, raw.len, kind, text, &enc, d))
        rc = RC_REFUSED;
    buf_free(&raw);
    return rc;
}

void cli_words_init(cli_words *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->path = path;
}

void cli_words_free(cli_words *w) { lst_words_free(&w->w); }

int cli_words_load(cli_words *w, diag_sink *d)
{
    buf text;
    diag_src src;
    if (!w->path)
        return RC_OK;
    if (w->read)
        return w->rc;
    w->read = true;
    buf_init(&text);
    w->rc = cli_read_text(w->path, TXT_SOURCE, LIM_SOURCE_BYTES, &text, d);
    if (w->rc == RC_OK) {
        src.name = w->path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        if (!lst_words_parse(&src, &w->w, d))
            w->rc = RC_REFUSED;
    }
    buf_free(&text);
    return w->rc;
}

const lst_words *cli_words_of(const cli_words *w) { return w->path && w->read && w->rc == RC_OK ? &w->w : NULL; }

static int snap_rc(enum snap_status st)
{
    return st == SNAP_OK ? RC_OK : st == SNAP_REFUSED ? RC_REFUSED : RC_USAGE;
}


/* The inventory's bytes (x->inventory, if any) into inv, where prove()
 * reads them (x->inventory_raw, x->inventory_len). */
static int read_inventory(proved *x, buf *inv, diag_sink *d)
{
    int rc;
    if (!x->inventory)
        return RC_OK;
    rc = cli_read_raw(x->inventory, LIM_LISTING_BYTES, inv, d);
    x->inventory_raw = inv->data;
    x->inventory_len = inv->len;
    return rc;
}

/* A proof's status as the command line's exit code. */
static int status_rc(enum prove_status st)
{
    return st == PROVE_OK ? RC_OK : st == PROVE_REFUSED ? RC_REFUSED : RC_USAGE;
}

/* The words (--words), then the listing's bytes, read as o says. */
static int load(const char *path, cli_words *w, snap_options *o, mdl_server *s, diag_sink *d)
{
    buf raw;
    int rc = cli_words_load(w, d);
    buf_init(&raw);
    if (rc == RC_OK)
        rc = cli_read_raw(path, LIM_LISTING_BYTES, &raw, d);
    if (rc == RC_OK) {
        o->words = cli_words_of(w);
        rc = snap_rc(snap_load(path, raw.data, raw.len, o, s, d));
    }
    buf_free(&raw);
    return rc;
}

int cli_load_server(const char *path, cli_words *w, mdl_server *s, diag_sink *d)
{
    snap_options o = {NULL, true, false, false};
    return load(path, w, &o, s, d);
}

int cli_load_disks(const char *path, cli_words *w, mdl_server *s, diag_sink *d)
{
    snap_options o = {NULL, false, true, false};
    return load(path, w, &o, s, d);
}

/* The listing's bytes (and the inventory's, if any) read once, then
 * prove(), or prove_rest() of an earlier plan when rest. */
static int prove_listing(proved *x, const char *listing, cli_words *w, bool rest, diag_sink *d)
{
    buf lst, inv;
    int rc;
    buf_init(&lst);
    buf_init(&inv);
    rc = cli_read_raw(listing, LIM_LISTING_BYTES, &lst, d);
    if (rc == RC_OK)
        rc = read_inventory(x, &inv, d);
    if (rc == RC_OK)
        rc = status_rc((rest ? prove_rest : prove)(x, listing, lst.data, lst.len, cli_words_of(w), d));
    x->inventory_raw = NULL;   /* the bytes go with inv */
    buf_free(&inv);
    buf_free(&lst);
    return rc;
}

int cli_prove(proved *x, const char *file, const char *listing, cli_words *w, diag_sink *d)
{
    buf proc;
    int rc;
    buf_init(&proc);
    rc = cli_read_raw(file, LIM_SOURCE_BYTES, &proc, d);
    if (rc == RC_OK && !prove_procedure(x, file, proc.data, proc.len, d))
        rc = RC_REFUSED;
    if (rc == RC_OK)
        rc = cli_words_load(w, d);
    if (rc == RC_OK)
        rc = prove_listing(x, listing, w, false, d);
    buf_free(&proc);
    return rc;
}

/* The folder of an earlier plan: its NAME.listing.txt is the listing, and
 * its NAME.cmd the driver that must cite the procedure's bytes and that
 * listing's (E623 when either is missing). */
static int earlier_of_folder(const char *dir, const char *file, buf *listing, buf *driver, diag_sink *d)
{
    buf name;
    int rc = RC_OK;
    buf_init(&name);
    util_base_name(&name, file);
    buf_reset(listing);
    buf_reset(driver);
    buf_puts(listing, dir);
    if (listing->len && listing->data[listing->len - 1] != '/' && listing->data[listing->len - 1] != '\\')
        buf_putc(listing, '/');
    buf_put(driver, listing->data ? listing->data : "", listing->len);
    buf_printf(listing, "%s.listing.txt", buf_cstr(&name));
    buf_printf(driver, "%s.cmd", buf_cstr(&name));
    if (name.failed || listing->failed || driver->failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while reading the earlier plan");
        rc = RC_USAGE;
    } else if (!plat_file_exists(buf_cstr(listing)) || !plat_file_exists(buf_cstr(driver))) {
        diag_error(d, NULL, 0, 0, E623, "%s holds no plan of %s: no %s.listing.txt and %s.cmd there", dir, file,
                   buf_cstr(&name), buf_cstr(&name));
        rc = RC_REFUSED;
    }
    buf_free(&name);
    return rc;
}

/* The earlier plan's driver must cite x's procedure and listing (E623). */
static int check_driver(const proved *x, const char *driver, const char *listing, diag_sink *d)
{
    buf text;
    int rc;
    buf_init(&text);
    rc = cli_read_raw(driver, LIM_SOURCE_BYTES, &text, d);
    if (rc == RC_OK && !prove_cites(x, text.data ? text.data : "", text.len)) {
        diag_error(d, NULL, 0, 0, E623,
                   "%s was not compiled from this procedure and %s: its procedure's or listing's SHA-256 differs",
                   driver, listing);
        diag_note(d, NULL, 0, 0, "compile the procedure the earlier plan was compiled from, byte for byte");
        rc = RC_REFUSED;
    }
    buf_free(&text);
    return rc;
}

int cli_prove_continue(proved *x, const char *file, const char *from, const char *listing, cli_words *w,
                       diag_sink *d)
{
    buf earlier, driver;
    const char *inventory = x->inventory;
    bool dir = plat_is_dir(from);
    int rc = RC_OK;
    buf_init(&earlier);
    buf_init(&driver);
    if (dir)
        rc = earlier_of_folder(from, file, &earlier, &driver, d);
    else
        buf_puts(&earlier, from);
    if (rc == RC_OK && earlier.failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while reading the earlier plan");
        rc = RC_USAGE;
    }
    x->inventory = NULL;   /* the inventory is of the server now: joined to the new capture only */
    if (rc == RC_OK)
        rc = cli_prove(x, file, buf_cstr(&earlier), w, d);
    x->inventory = inventory;
    if (rc == RC_OK && dir)
        rc = check_driver(x, buf_cstr(&driver), buf_cstr(&earlier), d);
    if (rc == RC_OK)
        rc = prove_listing(x, listing, w, true, d);
    buf_free(&earlier);
    buf_free(&driver);
    return rc;
}

void cli_color(diag_sink *d)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    /* TERM=dumb: a terminal that shows escape sequences as text (Emacs's shell, some CI logs) */
    d->color = d->format == DIAG_TEXT && plat_stderr_is_terminal() && !(no && *no) &&
               !(term && strcmp(term, "dumb") == 0);
}

void cli_flush(diag_sink *d)
{
    if (d->out.len)
        fwrite(d->out.data, 1, d->out.len, stderr);
    if (d->out.failed)
        fputs("mrb: error: out of memory while reporting errors [E010]\n", stderr);
    buf_reset(&d->out);
    fflush(stderr);
}

/* Set once standard output failed and it was said: said once only. */
static bool stdout_failed;

static void stdout_error(int err)
{
    if (!stdout_failed)
        fprintf(stderr, "mrb: error: cannot write to standard output: %s [E009]\n",
                err ? strerror(err) : "write error");
    stdout_failed = true;
}

bool cli_stdout(const buf *b)
{
    if (stdout_failed)
        return false;
    if (b->failed) {
        fputs("mrb: error: out of memory [E010]\n", stderr);
        return false;
    }
    errno = 0;
    if ((b->len && fwrite(b->data, 1, b->len, stdout) != b->len) || fflush(stdout) != 0) {
        stdout_error(errno);
        return false;
    }
    return true;
}

int cli_finish(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout) || stdout_failed) {
        stdout_error(errno);
        fflush(stderr);
        return RC_USAGE;
    }
    return rc;
}

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        return true;
    }
    if (a[n] == '\0' && *i + 1 < argc) {
        *value = argv[++*i];
        return true;
    }
    if (a[n] == '\0') {
        *value = NULL;  /* the caller reports the missing value */
        return true;
    }
    return false;
}

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv, const cli_optdef *defs, size_t ndefs)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->argc = argc;
    a->argv = argv;
    a->defs = defs;
    a->ndefs = ndefs;
    a->options = true;
}

enum cli_next cli_next(cli_args *a, int *id, const char **v)
{
    const char *arg;
    size_t k;
    if (a->options && a->i < a->argc && strcmp(a->argv[a->i], "--") == 0) {
        a->options = false;     /* "--": every later argument is no option */
        a->i++;
    }
    if (a->i >= a->argc)
        return CLI_END;
    arg = a->argv[a->i];
    *v = arg;
    if (!a->options || arg[0] != '-' || arg[1] == '\0') {
        a->i++;
        return CLI_ARG;
    }
    for (k = 0; k < a->ndefs; k++) {
        const cli_optdef *o = &a->defs[k];
        if (o->value ? cli_opt(a->argc, a->argv, &a->i, o->name, v) : strcmp(arg, o->name) == 0) {
            *id = (int)k;
            if (!o->value)
                *v = NULL;
            a->i++;
            if (o->value && !*v && o->needs) {
                cli_usage("%s: %s needs %s", a->cmd, o->name, o->needs);
                return CLI_BAD;
            }
            return CLI_OPT;
        }
    }
    a->i++;
    cli_usage("%s: unknown option '%s'", a->cmd, arg);
    return CLI_BAD;
}
