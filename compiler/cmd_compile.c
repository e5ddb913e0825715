/* cmd_compile.c - `mrbc compile`: procedure + listing -> verified scripts.
 *
 * parse and check the procedure, read the listing, resolve, verify on the
 * model, emit the set (compiler/emit.h); then write
 * the set so that the folder never holds a mix of two compiles that the
 * driver would run (write_all below); then print the plan, disk by disk,
 * for the reviewer (compiler/review.h), or with --format=json the plan as
 * one JSON document (compiler/plan_json.h), made before anything is
 * written.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "emit.h"
#include "fileio.h"
#include "mrblimits.h"
#include "plan_json.h"
#include "platform.h"
#include "print.h"
#include "prove.h"
#include "review.h"

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

/* ---- writing the set ------------------------------------------------------
 *
 * The folder must never hold a mix of two compiles that the driver would
 * run, whatever the moment of a kill or a power loss:
 *   1. every file is written under a staging name of its own, FINAL.mrbc-
 *      and 16 random hexadecimal digits, created exclusively (a name planted
 *      beforehand, a symbolic link say, makes the compile fail rather than
 *      be followed), and flushed to the disk;
 *   2. every final name is checked (no folder in the way) and the folder is
 *      flushed: what can fail before anything is replaced has been tried;
 *   3. the scripts are renamed into place, the folder flushed, then the
 *      driver renamed last and the folder flushed again.  Until the driver
 *      is in place, the earlier driver (if any) is the one that runs, and
 *      it refuses scripts that are not of its compile (emit.c: the compile
 *      id); a power loss cannot make the new driver durable without its
 *      scripts, which were flushed before it was renamed;
 *   4. files of an earlier compile of the same NAME that the new set does
 *      not have (NAME.NN.diskpart.txt past the new last one) and staging
 *      files a killed compile left behind are removed, and the folder
 *      flushed.
 * An error before step 3 leaves the folder as it was; an error during it is
 * reported with exactly what the folder holds then. */

typedef struct writer {
    const emit_out *o;
    const char *dir;
    const char *name;       /* NAME */
    diag_sink *d;
    buf *staged;            /* staging name of each file (o->nfiles of them) */
    buf *final;             /* final name of each file */
    size_t nstaged;
    buf leftovers;          /* paths to remove after the set is in place, NUL-ended */
    buf path;
} writer;

/* FIO's why for a status, in the words of a diagnostic. */
static void io_error(writer *w, enum diag_code code, const char *what, const char *path, const char *why)
{
    diag_error(w->d, NULL, 0, 0, code, "%s %s: %s", what, path, why);
}

/* Stage file i: write it under a fresh staging name and flush it.  Errors
 * name the file by its final name (the staging name is random). */
static bool stage(writer *w, size_t i)
{
    fio_file f;
    enum fio_status st;
    const char *why = "", *ignored, *final = buf_cstr(&w->final[i]);
    join(&w->path, w->dir, w->o->files[i].name, ".mrbc-");
    if (w->path.failed) {
        io_error(w, E010, "cannot write", final, "out of memory");
        return false;
    }
    st = fio_open_temp(&f, buf_cstr(&w->path), &w->staged[i], &why);
    if (st != FIO_OK) {
        io_error(w, st == FIO_ERR_NOMEM ? E010 : E004, "cannot write", final, why);
        return false;
    }
    w->nstaged = i + 1;
    if ((st = fio_append(&f, w->o->files[i].data.data, w->o->files[i].data.len, &why)) != FIO_OK) {
        (void)fio_close(&f, &ignored);
        io_error(w, E004, "cannot write", final, why);
        return false;
    }
    if ((st = fio_flush(&f, &why)) != FIO_OK) {
        (void)fio_close(&f, &ignored);
        io_error(w, E005, "cannot flush to the disk", final, why);
        return false;
    }
    if ((st = fio_close(&f, &why)) != FIO_OK) {
        io_error(w, E004, "cannot write", final, why);
        return false;
    }
    return true;
}

/* Remove the staging files from index from on (those not renamed). */
static void unstage(writer *w, size_t from)
{
    size_t i;
    for (i = from; i < w->nstaged; i++)
        (void)plat_remove(buf_cstr(&w->staged[i]));
}

static bool flush_dir(writer *w, const char *path)
{
    const char *why = "";
    if (fio_flush_dir(path, &why) != FIO_OK) {
        diag_error(w->d, NULL, 0, 0, E005, "cannot flush the folder of %s to the disk: %s", path, why);
        return false;
    }
    return true;
}

/* Is file name s, in the folder, of NAME's sets but not of the new one:
 * NAME.<digits>.diskpart.txt not in o, or a staging file FINAL.mrbc-new
 * (an earlier mrbc's) or FINAL.mrbc-<16 hex digits> of a file of NAME? */
static bool is_leftover(const writer *w, const char *s)
{
    size_t n = strlen(w->name), i, len;
    const char *p, *q;
    if (strncmp(s, w->name, n) != 0 || s[n] != '.')
        return false;
    p = s + n + 1;
    if ((q = strstr(p, ".mrbc-")) != NULL) {
        const char *tail = q + 6;
        len = strlen(tail);
        if (strcmp(tail, "new") != 0) {
            if (len != 16)
                return false;
            for (i = 0; i < 16; i++)
                if (!((tail[i] >= '0' && tail[i] <= '9') || (tail[i] >= 'a' && tail[i] <= 'f')))
                    return false;
        }
        len = (size_t)(q - p);
        if ((len == 3 && strncmp(p, "cmd", 3) == 0) || (len == 9 && strncmp(p, "after.txt", 9) == 0) ||
            (len == 11 && strncmp(p, "review.html", 11) == 0))
            return true;
    } else {
        len = strlen(p);
    }
    /* <digits>.diskpart.txt, up to len */
    for (i = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++)
        ;
    if (i < 2 || len - i != strlen(".diskpart.txt") || strncmp(p + i, ".diskpart.txt", len - i) != 0)
        return false;
    if (q)
        return true;
    for (i = 0; i < w->o->nfiles; i++)
        if (strcmp(w->o->files[i].name, s) == 0)
            return false;
    return true;
}

/* For step 4, before anything is replaced: the paths of the files an
 * earlier compile of NAME left that the new set does not have. */
static bool find_leftovers(writer *w)
{
    buf names;
    const char *why = "", *p;
    buf_init(&names);
    if (plat_list_dir(w->dir, &names, &why) != PLAT_OK) {
        diag_error(w->d, NULL, 0, 0, names.failed ? E010 : E008,
                   "cannot list the folder %s (to remove files of an earlier compile): %s",
                   w->dir, why);
        buf_free(&names);
        return false;
    }
    for (p = names.data; p && p < names.data + names.len; p += strlen(p) + 1) {
        size_t i, n = strlen(p);
        bool ours = false;
        if (!is_leftover(w, p))
            continue;
        for (i = 0; i < w->nstaged && !ours; i++)   /* this compile's own staging files */
            ours = w->staged[i].len >= n && strcmp(w->staged[i].data + w->staged[i].len - n, p) == 0 &&
                   (w->staged[i].len == n || w->staged[i].data[w->staged[i].len - n - 1] == '/' ||
                    w->staged[i].data[w->staged[i].len - n - 1] == '\\');
        if (ours)
            continue;
        join(&w->path, w->dir, p, "");
        buf_put(&w->leftovers, w->path.data ? w->path.data : "", w->path.len + 1);
        if (w->path.failed)
            w->leftovers.failed = true;
    }
    buf_free(&names);
    if (w->leftovers.failed) {
        diag_error(w->d, NULL, 0, 0, E010, "out of memory while writing the scripts");
        return false;
    }
    return true;
}

/* Step 4 (no allocation: the set is in place already). */
static bool remove_leftovers(writer *w)
{
    const char *p;
    bool ok = true, removed = false;
    for (p = w->leftovers.data; p && p < w->leftovers.data + w->leftovers.len; p += strlen(p) + 1) {
        if (plat_remove(p))
            removed = true;
        else if (plat_file_exists(p)) {
            diag_error(w->d, NULL, 0, 0, E008, "cannot remove %s, left by an earlier compile", p);
            ok = false;
        }
    }
    if (removed)
        ok = flush_dir(w, buf_cstr(&w->final[0])) && ok;
    return ok;
}

/* Say what the folder holds after the first placed renames of the scripts
 * (the driver not yet in place). */
static void say_partial(writer *w, size_t placed)
{
    size_t last = w->o->nfiles - 1;
    diag_note(w->d, NULL, 0, 0,
              "%s now holds %zu of the %zu new scripts (%s to %s) and %s; the driver will not run "
              "scripts of another compile: compile again to complete the set",
              strcmp(w->dir, ".") == 0 ? "the current folder" : w->dir, placed, last, w->o->files[0].name,
              w->o->files[placed - 1].name,
              plat_file_exists(buf_cstr(&w->final[last])) ? "the earlier driver" : "no driver");
}

/* Write every file, or none (steps 1 to 4 above). */
static int write_all(const emit_out *o, const char *dir, const char *name, diag_sink *d, bool list)
{
    writer w;
    size_t i, placed = 0, last;
    const char *why = "";
    int rc = CLI_USAGE;
    if (o->nfiles == 0)
        return CLI_OK;
    memset(&w, 0, sizeof w);
    w.o = o;
    w.dir = dir;
    w.name = name;
    w.d = d;
    buf_init(&w.path);
    buf_init(&w.leftovers);
    last = o->nfiles - 1;   /* the driver */
    w.staged = util_calloc(o->nfiles, sizeof *w.staged);
    w.final = util_calloc(o->nfiles, sizeof *w.final);
    if (!w.staged || !w.final) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while writing the scripts");
        diag_note(d, NULL, 0, 0, "nothing was written");
        goto out;
    }
    for (i = 0; i < o->nfiles; i++) {
        buf_init(&w.staged[i]);
        buf_init(&w.final[i]);
        join(&w.final[i], dir, o->files[i].name, "");
        if (w.final[i].failed) {
            diag_error(d, NULL, 0, 0, E010, "out of memory while writing the scripts");
            diag_note(d, NULL, 0, 0, "nothing was written");
            goto out;
        }
    }

    /* 1, 2: stage, check, list what step 4 removes, flush */
    for (i = 0; i < o->nfiles; i++)
        if (!stage(&w, i))
            goto untouched;
    for (i = 0; i < o->nfiles; i++) {
        if (plat_check_replaceable(buf_cstr(&w.final[i]), &why) != PLAT_OK) {
            diag_error(d, NULL, 0, 0, E006, "cannot write %s: %s", buf_cstr(&w.final[i]), why);
            goto untouched;
        }
    }
    if (!find_leftovers(&w) || !flush_dir(&w, buf_cstr(&w.staged[0])))
        goto untouched;

    /* 3: the scripts, then the driver (nothing allocated from here on) */
    for (i = 0; i < o->nfiles; i++) {
        if (i == last && !flush_dir(&w, buf_cstr(&w.staged[last])))
            break;     /* the scripts must be on the disk before the driver */
        if (fio_rename_unflushed(buf_cstr(&w.staged[i]), buf_cstr(&w.final[i]), &why) != FIO_OK) {
            diag_error(d, NULL, 0, 0, E007, "cannot put %s in place (rename): %s", buf_cstr(&w.final[i]), why);
            break;
        }
        placed++;
    }
    if (placed < o->nfiles) {
        unstage(&w, placed);
        if (placed == 0)
            diag_note(d, NULL, 0, 0, "nothing was written");
        else
            say_partial(&w, placed);
        goto out;
    }
    if (!flush_dir(&w, buf_cstr(&w.final[last]))) {
        diag_note(d, NULL, 0, 0, "the new files are in place but not known to be on the disk: compile again");
        goto out;
    }

    /* 4 */
    if (!remove_leftovers(&w)) {
        diag_note(d, NULL, 0, 0, "the new set is in place and whole; only the files above are left over");
        goto out;
    }
    for (i = 0; list && i < o->nfiles; i++)
        printf("%s\n", buf_cstr(&w.final[i]));
    rc = CLI_OK;
    goto out;
untouched:
    unstage(&w, 0);
    diag_note(d, NULL, 0, 0, "nothing was written");
out:
    for (i = 0; i < o->nfiles; i++) {
        if (w.staged)
            buf_free(&w.staged[i]);
        if (w.final)
            buf_free(&w.final[i]);
    }
    util_free(w.staged);
    util_free(w.final);
    buf_free(&w.path);
    buf_free(&w.leftovers);
    return rc;
}

/* --format=json: the plan as JSON (compiler/plan_json.h), with the SHA-256
 * of the procedure's and the listing's bytes that prove() took. */
static int make_plan_json(buf *b, const proved *x, const emit_out *o, const char *name, const char *file,
                          const char *listing, const char *dir, diag_sink *d)
{
    pj_input in = {x, o, name, file, listing, dir};
    pj_plan(b, &in);
    if (b->failed) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while writing the JSON plan");
        diag_note(d, NULL, 0, 0, "nothing was written");
        return CLI_REFUSED;
    }
    return CLI_OK;
}

int cmd_compile(int argc, char **argv)
{
    enum { O_LISTING, O_WORDS, O_DIR, O_FORMAT };
    static const cli_optdef opts[] = {CLI_VALUE("--listing"), CLI_VALUE("--words"), CLI_VALUE("-o"),
                                      CLI_VALUE("--format")};
    const char *file = NULL, *listing = NULL, *dir = ".", *v;
    diag_sink d;
    buf name;
    proved x;
    emit_out out;
    cli_args a;
    enum cli_next k;
    int id = 0, rc;
    bool json = false;
    buf plan_json;

    cli_args_init(&a, argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_OPT && id == O_FORMAT) {
            if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0))
                return cli_usage("compile: --format takes text or json, not '%s'", v ? v : "");
            json = strcmp(v, "json") == 0;
        } else if (k == CLI_OPT && id == O_LISTING) {
            if (!v)
                return cli_usage("compile: --listing needs a SNAPSHOT file");
            listing = v;
        } else if (k == CLI_OPT && id == O_WORDS) {
            if (!v)
                return cli_usage("compile: --words needs a FILE");
            cli_use_words(v);
        } else if (k == CLI_OPT && id == O_DIR) {
            if (!v)
                return cli_usage("compile: -o needs a folder");
            dir = v;
        } else if (k == CLI_UNKNOWN) {
            return cli_usage("compile: unknown option '%s'", v);
        } else if (file) {
            return cli_usage("compile: one FILE.mrb only");
        } else {
            file = v;
        }
    }
    if (!file || !listing)
        return cli_usage("compile: usage: mrbc compile FILE.mrb --listing SNAPSHOT [--words FILE] [-o DIR] "
                         "[--format=text|json]");

    diag_init(&d);
    cli_color(&d);
    buf_init(&name);
    prove_init(&x);
    emit_out_init(&out);
    buf_init(&plan_json);

    rc = prove(&x, file, listing, &d);
    if (rc == CLI_OK) {
        cli_base_name(&name, file);
        if (name.failed || !emit_set(&(emit_input){.p = &x.p, .snap = &x.snap, .name = buf_cstr(&name),
                                                    .source = file, .listing = listing,
                                                    .source_sha256 = x.procedure_sha256,
                                                    .listing_sha256 = x.listing_sha256},
                                     &out)) {
            diag_error(&d, NULL, 0, 0, E010, "out of memory while writing the scripts");
            rc = CLI_REFUSED;
        }
    }
    if (rc == CLI_OK && json)   /* made before anything is written */
        rc = make_plan_json(&plan_json, &x, &out, buf_cstr(&name), file, listing, dir, &d);
    cli_flush(&d);
    if (rc == CLI_OK) {
        rc = write_all(&out, dir, buf_cstr(&name), &d, !json);
        cli_flush(&d);
    }
    if (rc == CLI_OK && json) {
        if (!cli_stdout(&plan_json))
            rc = CLI_USAGE;
    } else if (rc == CLI_OK) {
        /* what the scripts do, disk by disk, for the reviewer (stderr:
         * standard output lists the files written) */
        buf summary;
        buf_init(&summary);
        rev_summary(&summary, &x.p, &x.snap);
        rev_pictures(&summary, &x.p, &x.snap, d.color);
        if (!summary.failed)
            fputs(buf_cstr(&summary), stderr);
        else
            fputs("mrbc: note: out of memory while writing the plan's summary; the files are whole\n", stderr);
        buf_free(&summary);
    }
    buf_free(&plan_json);
    emit_out_free(&out);
    prove_free(&x);
    buf_free(&name);
    diag_free(&d);
    return rc;
}
