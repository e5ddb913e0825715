/* outdir_write.c - the crash-safe writer of `mrb compile`'s set of files
 * into the output folder (outdir_write, compiler/out/outdir.h). */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "out/emit.h"
#include "base/fileio.h"
#include "out/outdir.h"
#include "base/platform.h"

/* ---- writing the set ------------------------------------------------------
 *
 * The folder must never hold a mix of two compiles that the driver would
 * run, whatever the moment of a kill or a power loss:
 *   1. every file is written under a staging name of its own, FINAL.mrb-
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
 * reported with exactly what the folder holds then.  All four steps run
 * under the lock of the compiles of NAME into the folder (outdir_write,
 * compiler/out/outdir.h): the staging files step 4 finds are no live
 * writer's. */

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
    outdir_join(&w->path, w->dir, w->o->files[i].name, ".mrb-");
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
        io_error(w, st == FIO_ERR_NOMEM ? E010 : E004, "cannot write", final, why);
        return false;
    }
    if ((st = fio_flush(&f, &why)) != FIO_OK) {
        (void)fio_close(&f, &ignored);
        io_error(w, E005, "cannot flush to the disk", final, why);
        return false;
    }
    if ((st = fio_close(&f, &why)) != FIO_OK) {
        io_error(w, st == FIO_ERR_NOMEM ? E010 : E004, "cannot write", final, why);
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

/* Is file name s, in the folder, of NAME's sets but not of the new one: a
 * script NAME.NN.diskpart.txt that o does not have, or a staging file (an
 * earlier or a killed compile's: with the lock held, no live one's)? */
static bool is_leftover(const writer *w, const char *s)
{
    size_t i;
    if (outdir_is_staging(s, w->name))
        return true;
    if (!outdir_is_script(s, w->name))
        return false;
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
                   "cannot list the folder %s (to remove files of an earlier compile): %s", w->dir, why);
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
        outdir_join(&w->path, w->dir, p, "");
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

/* Say what the folder holds after the first placed renames (the driver
 * not yet in place): placed of the set's files, the driver one of them. */
static void say_partial(writer *w, size_t placed)
{
    size_t last = w->o->nfiles - 1;
    diag_note(w->d, NULL, 0, 0,
              "%s now holds %zu of the %zu new files (%s to %s) and %s; the driver will not run "
              "scripts of another compile: compile again to complete the set",
              strcmp(w->dir, ".") == 0 ? "the current folder" : w->dir, placed, w->o->nfiles, w->o->files[0].name,
              w->o->files[placed - 1].name,
              plat_file_exists(buf_cstr(&w->final[last])) ? "the earlier driver" : "no driver");
}

/* Write every file, or none (steps 1 to 4 above). */
static int write_all(const emit_out *o, const char *dir, const char *name, diag_sink *d, bool list)
{
    writer w;
    size_t i, placed = 0, last;
    const char *why = "";
    int rc = RC_USAGE;
    if (o->nfiles == 0)
        return RC_OK;
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
        outdir_join(&w.final[i], dir, o->files[i].name, "");
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
    rc = RC_OK;
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

/* Write the set under the lock of the compiles of NAME into the folder
 * (compiler/out/outdir.h), once the plan the folder holds is known to be one
 * this compile may replace (or --force). */
int outdir_write(const emit_out *o, const outdir_plan *t, bool force, diag_sink *d, bool list)
{
    outdir_lock lock;
    int rc;
    if (o->nfiles == 0)
        return RC_OK;
    if ((rc = outdir_lock_take(&lock, t->dir, t->name, d)) != RC_OK)
        diag_note(d, NULL, 0, 0, "nothing was written");
    else if (!force)
        rc = outdir_check_plan(t, d);
    if (rc == RC_OK)
        rc = write_all(o, t->dir, t->name, d, list);
    if (!outdir_unlock(&lock, d) && rc == RC_OK) {
        diag_note(d, NULL, 0, 0, "the new set is in place and whole; only the file above is left over");
        rc = RC_USAGE;
    }
    return rc;
}
