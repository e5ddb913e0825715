/* outdir.h - the output folder of `mrb compile`: its writers' lock and
 * the plan it holds.
 *
 * Two compiles of one NAME into one folder must not run at once: each
 * would take the other's staging files for a killed compile's and remove
 * them, and the folder could end up holding a mix.  A compile holds the
 * lock DIR/NAME.mrb-lock (platform.h, plat_lock_file) from before it
 * stages its first file until its set is in place; a second one is refused
 * (E012) and told the first one's process id.  The file is removed when
 * the lock is released; one that a killed compile left holds no lock and
 * is taken over.
 *
 * A compile replaces the plan the folder holds for NAME only when it is of
 * the same procedure and listing (SPEC.md section 12): a driver DIR/NAME.cmd
 * whose procedure or listing SHA-256 differs, or that names neither, is
 * another plan, refused (E011) unless --force.
 */
#ifndef MRB_OUTDIR_H
#define MRB_OUTDIR_H

#include <stdbool.h>

#include "base/diag.h"
#include "base/platform.h"
#include "base/util.h"

typedef struct outdir_lock {
    plat_handle h;      /* PLAT_NO_HANDLE when not held */
    buf path;           /* DIR/NAME.mrb-lock */
} outdir_lock;

/* b = dir/name + suffix (name + suffix alone when dir is "."). */
void outdir_join(buf *b, const char *dir, const char *name, const char *suffix);

/* Is file name s one of NAME's scripts, NAME.<2 or more digits>.diskpart.txt or
 * an identity script of the guard, NAME.00.disk<digits>.diskpart.txt? */
bool outdir_is_script(const char *s, const char *name);
/* Is it a staging file of a file of NAME's sets (the script above,
 * NAME.cmd, NAME.after.txt or NAME.review.html, then .mrb- and 16
 * hexadecimal digits, or an earlier mrb's .mrb-new)?  Only a compile of
 * NAME writes these names (and the lock file, which is neither). */
bool outdir_is_staging(const char *s, const char *name);

/* The lock file's name after NAME. */
#define OUTDIR_LOCK_SUFFIX ".mrb-lock"

/* Take the lock of the compiles of NAME into dir: RC_OK; RC_REFUSED
 * when another process holds it (E012), RC_USAGE when the lock file
 * cannot be made (E004), the message in d.  l is ready for
 * outdir_unlock either way. */
int outdir_lock_take(outdir_lock *l, const char *dir, const char *name, diag_sink *d);

/* Release the lock (a no-op when not held), removing its file: false,
 * with E008 in d, when the file could not be removed. */
bool outdir_unlock(outdir_lock *l, diag_sink *d);

/* What this compile is: the paths given and the SHA-256 of each file. */
typedef struct outdir_plan {
    const char *dir, *name;
    const char *source, *listing;
    const char *source_sha256, *listing_sha256;
} outdir_plan;

/* May the compile replace what dir holds for NAME?  RC_OK when it holds
 * no driver NAME.cmd, or one of the same procedure and listing; else
 * RC_REFUSED (E011, naming what it holds), or RC_USAGE when the driver
 * cannot be read (E001). */
int outdir_check_plan(const outdir_plan *p, diag_sink *d);

/* Write the set o into t->dir (compiler/out/outdir_write.c: crash-safe, the
 * driver last, never a mix of two compiles), under the lock of the
 * compiles of NAME, once the plan the folder holds is known to be one this
 * compile may replace (outdir_check_plan) or force is set; with list, print
 * each path written on stdout.  RC_OK, or the CLI_ status of the failure
 * (said in d, with what the folder holds then). */
struct emit_out;
int outdir_write(const struct emit_out *o, const outdir_plan *t, bool force, diag_sink *d, bool list);

#endif
