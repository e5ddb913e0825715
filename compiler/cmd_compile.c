/* cmd_compile.c - `mrbc compile`: procedure + listing -> verified scripts.
 *
 * parse and check the procedure, read the listing, resolve, verify on the
 * model, emit; then write every file beside its final name first, and
 * rename them into place only when all of them are whole: on any error
 * nothing is written.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "emit.h"
#include "fileio.h"
#include "limits.h"
#include "platform.h"
#include "prove.h"

/* The procedure file's base name without its .mrb extension. */
static void base_name(buf *b, const char *path)
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

static void join(buf *b, const char *dir, const char *name, const char *suffix)
{
    buf_reset(b);
    if (strcmp(dir, ".") != 0) {
        buf_puts(b, dir);
        if (b->len && b->data[b->len - 1] != '/' && b->data[b->len - 1] != '\\')
            buf_putc(b, '/');
    }
    buf_puts(b, name);
    buf_puts(b, suffix);
}

/* Stage one file: write it to path (NAME.mrbc-new) and flush it to the disk. */
static enum fio_status stage(const char *path, const buf *data, const char **why)
{
    fio_file f;
    enum fio_status st;
    const char *ignored;
    if ((st = fio_open(&f, path, FIO_REPLACE, why)) != FIO_OK)
        return st;
    if ((st = fio_append(&f, data->data, data->len, why)) != FIO_OK || (st = fio_flush(&f, why)) != FIO_OK ||
        (st = fio_close(&f, why)) != FIO_OK)
        (void)fio_close(&f, &ignored);
    return st;
}

/* Remove the first n files of o: by their final name below placed, by their
 * staging name from there on. */
static void take_back(const emit_out *o, const char *dir, size_t n, size_t placed, buf *tmp)
{
    size_t i;
    for (i = 0; i < n; i++) {
        join(tmp, dir, o->files[i].name, i < placed ? "" : ".mrbc-new");
        plat_remove(buf_cstr(tmp));
    }
}

/* Write every file, or none: stage each one beside its final name and flush
 * it, flush the folder, rename them all, then flush the folder again.  The
 * folder is flushed twice in all rather than after every file, which is
 * most of what a compile costs on a disk. */
static int write_all(const emit_out *o, const char *dir)
{
    size_t i, staged = 0;
    buf final, tmp;
    const char *why = "";
    int rc = CLI_OK;
    buf_init(&final);
    buf_init(&tmp);
    for (i = 0; i < o->nfiles && rc == CLI_OK; i++, staged++) {
        join(&tmp, dir, o->files[i].name, ".mrbc-new");
        if (tmp.failed || stage(buf_cstr(&tmp), &o->files[i].data, &why) != FIO_OK) {
            fprintf(stderr, "mrbc: cannot write %s: %s\n", buf_cstr(&tmp), tmp.failed ? "out of memory" : why);
            rc = CLI_USAGE;
        }
    }
    if (rc == CLI_OK && o->nfiles > 0) {
        join(&tmp, dir, o->files[0].name, ".mrbc-new");
        if (fio_flush_dir(buf_cstr(&tmp), &why) != FIO_OK) {
            fprintf(stderr, "mrbc: cannot flush the folder of %s: %s\n", buf_cstr(&tmp), why);
            rc = CLI_USAGE;
        }
    }
    if (rc != CLI_OK) {
        take_back(o, dir, staged, 0, &tmp);
    } else {
        size_t placed = 0;
        for (i = 0; i < o->nfiles && rc == CLI_OK; i++) {
            join(&tmp, dir, o->files[i].name, ".mrbc-new");
            join(&final, dir, o->files[i].name, "");
            if (fio_rename_unflushed(buf_cstr(&tmp), buf_cstr(&final), &why) != FIO_OK) {
                fprintf(stderr, "mrbc: cannot rename %s to %s: %s\n", buf_cstr(&tmp), buf_cstr(&final), why);
                rc = CLI_USAGE;
            } else {
                placed++;
            }
        }
        if (rc == CLI_OK && o->nfiles > 0 && fio_flush_dir(buf_cstr(&final), &why) != FIO_OK) {
            fprintf(stderr, "mrbc: cannot flush the folder of %s: %s\n", buf_cstr(&final), why);
            rc = CLI_USAGE;
        }
        if (rc != CLI_OK) {
            /* take back what was placed and what is still staged: a set of
             * scripts without its driver, or the reverse, must not be left */
            take_back(o, dir, o->nfiles, placed, &tmp);
            fprintf(stderr, "mrbc: nothing was written\n");
        } else {
            for (i = 0; i < o->nfiles; i++) {
                join(&final, dir, o->files[i].name, "");
                printf("%s\n", buf_cstr(&final));
            }
        }
    }
    buf_free(&final);
    buf_free(&tmp);
    return rc;
}

int cmd_compile(int argc, char **argv)
{
    const char *file = NULL, *listing = NULL, *dir = ".";
    diag_sink d;
    buf name;
    proved x;
    emit_out out;
    int i, rc;

    for (i = 0; i < argc; i++) {
        const char *v;
        if (cli_opt(argc, argv, &i, "--listing", &v)) {
            if (!v)
                return cli_usage("compile: --listing needs a SNAPSHOT file");
            listing = v;
        } else if (cli_opt(argc, argv, &i, "--words", &v)) {
            if (!v)
                return cli_usage("compile: --words needs a FILE");
            cli_use_words(v);
        } else if (cli_opt(argc, argv, &i, "-o", &v)) {
            if (!v)
                return cli_usage("compile: -o needs a folder");
            dir = v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage("compile: unknown option '%s'", argv[i]);
        } else if (file) {
            return cli_usage("compile: one FILE.mrb only");
        } else {
            file = argv[i];
        }
    }
    if (!file || !listing)
        return cli_usage("compile: usage: mrbc compile FILE.mrb --listing SNAPSHOT [--words FILE] [-o DIR]");

    diag_init(&d);
    cli_color(&d);
    buf_init(&name);
    prove_init(&x);
    emit_out_init(&out);

    rc = prove(&x, file, listing, &d);
    if (rc == CLI_OK) {
        base_name(&name, file);
        if (name.failed || !emit_plan(&x.p, buf_cstr(&name), file, listing, &out)) {
            diag_error(&d, NULL, 0, 0, E001, "out of memory while writing the scripts");
            rc = CLI_REFUSED;
        }
    }
    cli_flush(&d);
    if (rc == CLI_OK)
        rc = write_all(&out, dir);
    emit_out_free(&out);
    prove_free(&x);
    buf_free(&name);
    diag_free(&d);
    return rc;
}
