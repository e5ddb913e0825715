/* cmd_verify.c - `mrb verify`: does a folder hold what compile writes?
 *
 *   mrb verify DIR FILE.mrb --listing SNAPSHOT [--words FILE]
 *
 * Compiles the procedure against the listing in memory, exactly as
 * `mrb compile` does (prove, then emit_set), and compares every file of
 * that set byte for byte with the file of the same name in DIR.  One line
 * on standard output per file: "same", "differs" (with the first line that
 * differs), "missing"; then "extra" for each file in DIR that only a
 * compile of NAME writes (NAME.NN.diskpart.txt, a staging file
 * NAME.*.mrb-*) but that the set does not hold, in byte order of their
 * names; then a last line that sums it up.  Exit status 0 when the
 * folder holds exactly the set, 1 when it does not (or the procedure is
 * refused on that listing), 2 on a usage or I/O error.  Files of other names (NAME.log, other procedures') are not
 * looked at.  Every file of the set names the procedure and the listing by
 * their base names with their SHA-256 (compiler/out/emit.h), so that the
 * comparison does not depend on the folder verify runs from.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help.h"
#include "cli/cmd.h"
#include "out/emit.h"
#include "out/outdir.h"
#include "base/platform.h"
#include "plan/prove.h"

/* Does the line (n bytes) hold a compile id ("compile id ")? */
static bool memmem_id(const char *line, size_t n)
{
    static const char key[] = "compile id ";
    size_t i;
    for (i = 0; i + sizeof key - 1 <= n; i++)
        if (memcmp(line + i, key, sizeof key - 1) == 0)
            return true;
    return false;
}

static void join(buf *b, const char *dir, const char *name)
{
    buf_reset(b);
    buf_puts(b, dir);
    if (b->len && b->data[b->len - 1] != '/' && b->data[b->len - 1] != '\\')
        buf_putc(b, '/');
    buf_puts(b, name);
}

/* The line of text t (n bytes) that starts at *at, without its line end;
 * *at moves past it. */
static void next_line(const char *t, size_t n, size_t *at, const char **line, size_t *len)
{
    const char *nl = memchr(t + *at, '\n', n - *at);
    size_t end = nl ? (size_t)(nl - t) : n;
    *line = t + *at;
    *len = end - *at;
    if (*len && (*line)[*len - 1] == '\r')
        (*len)--;
    *at = nl ? end + 1 : n;
}

/* Say where file have differs from want: the first line that differs,
 * passing over lines that differ only as lines holding the compile id do
 * (the id hashes the whole set, so it differs whenever anything does),
 * with both texts. */
static void say_difference(buf *out, const char *have, size_t nh, const char *want, size_t nw)
{
    size_t i = 0, j = 0, lh, lw;
    unsigned long n = 0, id_line = 0;
    const char *x, *y;
    while (i < nh || j < nw) {
        bool end_h = i >= nh, end_w = j >= nw;
        x = y = "";
        lh = lw = 0;
        if (!end_h)
            next_line(have, nh, &i, &x, &lh);
        if (!end_w)
            next_line(want, nw, &j, &y, &lw);
        n++;
        if (end_h != end_w || lh != lw || memcmp(x, y, lh) != 0) {
            if (!end_h && !end_w && memmem_id(x, lh) && memmem_id(y, lw)) {
                if (!id_line)
                    id_line = n;
                continue;
            }
            buf_printf(out, ": first at line %lu: ", n);
            if (end_h)
                buf_puts(out, "the file ends");
            else
                buf_printf(out, "'%.*s'", (int)lh, x);
            buf_puts(out, ", compile writes ");
            if (end_w)
                buf_puts(out, "no more");
            else
                buf_printf(out, "'%.*s'", (int)lw, y);
            buf_putc(out, '\n');
            return;
        }
    }
    buf_printf(out, ": only in its compile id (line %lu)\n", id_line ? id_line : 1ul);
}

/* Is s a name only a compile of NAME writes: a script
 * NAME.<digits>.diskpart.txt or a staging file (compiler/out/outdir.h)? */
static bool of_compile(const char *s, const char *name)
{
    return outdir_is_script(s, name) || outdir_is_staging(s, name);
}

/* The extra file that follows after in byte order (the first when after
 * is NULL): a name of names only a compile of NAME writes that is not in
 * the set o; NULL when there is none.  The folder's own order is the file
 * system's, which differs from one to another. */
static const char *next_extra(const emit_out *o, const buf *names, const char *name, const char *after)
{
    const char *p, *best = NULL;
    size_t i;
    for (p = names->data; p && p < names->data + names->len; p += strlen(p) + 1) {
        bool in_set = false;
        if (!of_compile(p, name) || (after && strcmp(p, after) <= 0) || (best && strcmp(p, best) >= 0))
            continue;
        for (i = 0; i < o->nfiles && !in_set; i++)
            in_set = strcmp(o->files[i].name, p) == 0;
        if (!in_set)
            best = p;
    }
    return best;
}

/* How much longer than the set's a file may be and still be read to find
 * its first difference. */
#define SLACK ((size_t)1 << 20)

typedef struct tally {
    size_t same, differ, missing, extra;
} tally;

/* Compare the set o with the files in dir: lines into out; RC_OK, or
 * RC_USAGE with the message in d when a file cannot be read. */
static int compare(const emit_out *o, const char *dir, const char *name, buf *out, tally *t, diag_sink *d)
{
    buf path, have, names;
    size_t i;
    const char *why = "", *p;
    int rc = RC_OK;
    buf_init(&path);
    buf_init(&have);
    buf_init(&names);
    for (i = 0; i < o->nfiles && rc == RC_OK; i++) {
        const emit_file *f = &o->files[i];
        enum plat_status st;
        join(&path, dir, f->name);
        buf_reset(&have);
        if (!plat_file_exists(buf_cstr(&path))) {
            buf_printf(out, "missing  %s\n", buf_cstr(&path));
            t->missing++;
            continue;
        }
        st = plat_read_file(buf_cstr(&path), f->data.len + SLACK, &have, &why);
        if (st == PLAT_ERR_TOO_LARGE) {
            buf_printf(out, "differs  %s: over a megabyte longer than compile writes it\n", buf_cstr(&path));
            t->differ++;
        } else if (st != PLAT_OK) {
            diag_error(d, NULL, 0, 0, have.failed ? E010 : E001, "%s: cannot read: %s", buf_cstr(&path), why);
            rc = RC_USAGE;
        } else if (have.len != f->data.len || (have.len && memcmp(have.data, f->data.data, have.len) != 0)) {
            buf_printf(out, "differs  %s", buf_cstr(&path));
            say_difference(out, have.data ? have.data : "", have.len, f->data.data ? f->data.data : "",
                           f->data.len);
            t->differ++;
        } else {
            buf_printf(out, "same     %s\n", buf_cstr(&path));
            t->same++;
        }
    }
    if (rc == RC_OK && plat_list_dir(dir, &names, &why) != PLAT_OK) {
        diag_error(d, NULL, 0, 0, E008, "cannot list the folder %s: %s", dir, why);
        rc = RC_USAGE;
    }
    for (p = NULL; rc == RC_OK && (p = next_extra(o, &names, name, p)) != NULL;) {
        join(&path, dir, p);
        buf_printf(out, "extra    %s\n", buf_cstr(&path));
        t->extra++;
    }
    if (path.failed || have.failed || names.failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while comparing the folder");
        rc = RC_USAGE;
    }
    buf_free(&path);
    buf_free(&have);
    buf_free(&names);
    return rc;
}

/* What mrb verify was given. */
typedef struct verify_args {
    const char *dir, *file, *listing, *words, *inventory, *from;
} verify_args;

static int verify_parse(int argc, char **argv, verify_args *r)
{
    enum { O_LISTING, O_CONTINUE, O_WORDS, O_INVENTORY };
    static const cli_optdef opts[] = {
        CLI_VALUE("--listing", "a SNAPSHOT file"), CLI_VALUE("--continue", "the earlier plan's folder (or its listing)"),
        CLI_VALUE("--words", "a FILE"), CLI_VALUE("--inventory", "a FILE (what the command of 'mrb probe' wrote)")};
    cli_args a;
    enum cli_next k;
    const char *v;
    int id = 0;
    memset(r, 0, sizeof *r);
    cli_args_init(&a, "verify", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_OPT && id == O_LISTING) {
            r->listing = v;
        } else if (k == CLI_OPT && id == O_CONTINUE) {
            r->from = v;
        } else if (k == CLI_OPT && id == O_WORDS) {
            r->words = v;
        } else if (k == CLI_OPT && id == O_INVENTORY) {
            r->inventory = v;
        } else if (k == CLI_BAD) {
            return RC_USAGE;
        } else if (!r->dir) {
            r->dir = v;
        } else if (!r->file) {
            r->file = v;
        } else {
            return cli_usage("verify: one DIR and one FILE.mrb only");
        }
    }
    if (!r->dir || !r->file || !r->listing)
        return help_usage_error("verify", NULL);
    return RC_OK;
}

int cmd_verify(int argc, char **argv)
{
    verify_args r;
    const char *file, *listing, *dir;
    diag_sink d;
    buf name, out;
    proved x;
    cli_words w;
    emit_out set;
    tally t = {0, 0, 0, 0};
    int rc = verify_parse(argc, argv, &r);

    if (rc != RC_OK)
        return rc;
    file = r.file;
    listing = r.listing;
    dir = r.dir;
    diag_init(&d);
    cli_color(&d);
    buf_init(&name);
    buf_init(&out);
    prove_init(&x);
    cli_words_init(&w, r.words);
    emit_out_init(&set);

    x.inventory = r.inventory;
    rc = r.from ? cli_prove_continue(&x, file, r.from, listing, &w, &d) : cli_prove(&x, file, listing, &w, &d);
    if (rc == RC_OK) {
        util_base_name(&name, file);
        if (name.failed || !emit_proved(&x, buf_cstr(&name), file, listing, &set)) {
            diag_error(&d, NULL, 0, 0, E010, "out of memory while compiling the set");
            rc = RC_USAGE;
        }
    }
    if (rc == RC_OK)
        rc = compare(&set, dir, buf_cstr(&name), &out, &t, &d);
    if (rc == RC_OK) {
        if (t.differ + t.missing + t.extra == 0)
            buf_printf(&out, "%s holds what mrb compile writes for %s against %s: %zu files, the same byte for "
                             "byte\n", dir, file, listing, t.same);
        else
            buf_printf(&out, "%s does not hold what mrb compile writes for %s against %s: %zu differ, %zu "
                             "missing, %zu extra, %zu the same\n",
                       dir, file, listing, t.differ, t.missing, t.extra, t.same);
        if (!cli_stdout(&out))
            rc = RC_USAGE;
        else if (t.differ + t.missing + t.extra)
            rc = RC_REFUSED;
    }
    cli_flush(&d);
    emit_out_free(&set);
    prove_free(&x);
    cli_words_free(&w);
    buf_free(&out);
    buf_free(&name);
    diag_free(&d);
    return rc;
}
