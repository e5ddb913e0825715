/* cli.c - reading inputs, reporting and writing for every subcommand. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mrblimits.h"
#include "listing.h"
#include "platform.h"
#include "state.h"

int cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("mrbc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'mrbc --help' for more information.\n", stderr);
    return CLI_USAGE;
}

int cli_read_text(const char *path, enum txt_kind kind, size_t max, buf *text, diag_sink *d)
{
    buf raw;
    const char *why = "";
    enum txt_encoding enc;
    enum plat_status st;
    int rc = CLI_OK;
    buf_init(&raw);
    st = plat_read_file(path, max, &raw, &why);
    if (st == PLAT_ERR_TOO_LARGE) {
        diag_error(d, NULL, 0, 0, E002, "%s: file too large (limit is %lu bytes)", path,
                   (unsigned long)max);
        rc = CLI_REFUSED;
    } else if (st != PLAT_OK) {
        diag_error(d, NULL, 0, 0, E001, "%s: cannot read: %s", path, why);
        rc = CLI_USAGE;
    } else if (!txt_decode(path, (const unsigned char *)raw.data, raw.len, kind, text, &enc, d)) {
        rc = CLI_REFUSED;
    }
    buf_free(&raw);
    return rc;
}

/* The words file given with --words: read once, on the first listing, and
 * kept for every listing the command reads (the server's fresh listings in
 * `mrbc run` too), then freed at exit. */
static const char *words_path;
static lst_words words;
static int words_rc = -1;      /* -1: not read yet */

void cli_use_words(const char *path) { words_path = path; }

static void free_words(void)
{
    lst_set_default_words(NULL);
    lst_words_free(&words);
}

static int load_words(diag_sink *d)
{
    buf text;
    diag_src src;
    if (!words_path)
        return CLI_OK;
    if (words_rc >= 0)
        return words_rc;
    buf_init(&text);
    words_rc = cli_read_text(words_path, TXT_SOURCE, LIM_SOURCE_BYTES, &text, d);
    if (words_rc == CLI_OK) {
        src.name = words_path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        atexit(free_words);
        if (lst_words_parse(&src, &words, d))
            lst_set_default_words(&words);
        else
            words_rc = CLI_REFUSED;
    }
    buf_free(&text);
    return words_rc;
}

/* The words (--words), then the listing's text, decoded, as src. */
static int read_listing(const char *path, buf *text, diag_src *src, diag_sink *d)
{
    int rc;
    buf_init(text);
    if ((rc = load_words(d)) != CLI_OK)
        return rc;
    rc = cli_read_text(path, TXT_LISTING, LIM_LISTING_BYTES, text, d);
    src->name = path;
    src->text = buf_cstr(text);
    src->len = text->len;
    return rc;
}

int cli_load_server(const char *path, mdl_server *s, diag_sink *d)
{
    buf text;
    diag_src src;
    int rc = read_listing(path, &text, &src, d);
    if (rc == CLI_OK) {
        /* A simulator state file is recognised by its magic first line
         * (runtime/state.h). */
        if (st_is_state(src.text, src.len)) {
            enum st_status st = st_parse(path, src.text, src.len, s, d);
            if (st != ST_OK)
                rc = st == ST_IO ? CLI_USAGE : CLI_REFUSED;
        } else if (!lst_read(&src, s, d)) {
            rc = CLI_REFUSED;
        }
    }
    buf_free(&text);
    return rc;
}

int cli_load_disks(const char *path, mdl_server *s, diag_sink *d)
{
    buf text;
    diag_src src;
    lst_options opt = {true, NULL};
    int rc = read_listing(path, &text, &src, d);
    if (rc == CLI_OK) {
        if (!lst_read_opts(&src, &opt, s, d)) {
            rc = CLI_REFUSED;
        } else if (s->ndisks == 0) {
            diag_error(d, &src, src.len, src.len, E205,
                       "no 'list disk' output in this capture: run the script 'mrbc probe' prints "
                       "(stage 1) and give its output");
            rc = CLI_REFUSED;
        }
    }
    buf_free(&text);
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
        fputs("mrbc: error: out of memory while reporting errors [E001]\n", stderr);
    buf_reset(&d->out);
    fflush(stderr);
}

/* Set once standard output failed and it was said: said once only. */
static bool stdout_failed;

static void stdout_error(int err)
{
    if (!stdout_failed)
        fprintf(stderr, "mrbc: error: cannot write to standard output: %s [E009]\n",
                err ? strerror(err) : "write error");
    stdout_failed = true;
}

bool cli_stdout(const buf *b)
{
    if (stdout_failed)
        return false;
    if (b->failed) {
        fputs("mrbc: error: out of memory [E001]\n", stderr);
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
        return CLI_USAGE;
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

void cli_args_init(cli_args *a, int argc, char **argv, const cli_optdef *defs, size_t ndefs)
{
    memset(a, 0, sizeof *a);
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
            return CLI_OPT;
        }
    }
    a->i++;
    return CLI_UNKNOWN;
}

void cli_base_name(buf *b, const char *path)
{
    const char *s = path, *p;
    size_t n;
    for (p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    n = strlen(s);
    if (n > 4 && strcmp(s + n - 4, ".mrb") == 0)
        n -= 4;
    buf_put(b, s, n);
}
