/* emit.h - reviewable scripts from a verified plan.
 *
 * Writes, in memory, what `mrbc compile` puts in its output folder:
 *   NAME.00.diskpart.txt  the stale-plan guard's listing script (lists only)
 *   NAME.NN.diskpart.txt  one DiskPart /s script per run of consecutive
 *                         DiskPart commands within a step (NN from 01)
 *   NAME.cmd              the driver: checks it runs elevated and that the
 *                         server still shows the rows the plan relied on,
 *                         then runs the scripts and the robocopy/bcdedit
 *                         commands in order, checking every exit code, and
 *                         stops at the first failure saying which step failed
 *                         and what state the server is in; logs every
 *                         DiskPart output to NAME.log beside itself; after
 *                         the last step watches the mirrors resynchronise.
 *                         It never holds NAME: it takes its own file name,
 *                         so any name cmd could misread is safe.
 * Every file is ASCII with CRLF line ends, has no blank line in DiskPart
 * scripts and no `noerr`, and is the same byte for byte on every run.
 * Every script starts with "rem mrb compile id ID", ID a hash of the whole
 * set; the driver checks that line in every script before it runs any.
 *
 * Ownership: an emit_out owns its files' names and contents.
 */
#ifndef MRB_EMIT_H
#define MRB_EMIT_H

#include <stdbool.h>

#include "plan.h"
#include "util.h"

typedef struct emit_file {
    char *name;     /* file name, without folder */
    buf data;
} emit_file;

typedef struct emit_out {
    size_t nfiles, capfiles;
    emit_file *files;
} emit_out;

void emit_out_init(emit_out *o);
void emit_out_free(emit_out *o);

/* name: the procedure file's base name without .mrb; source and listing:
 * the file names to cite in comments.  False on allocation failure. */
bool emit_plan(const plan *p, const char *name, const char *source, const char *listing,
               emit_out *o);

/* The seconds the driver waits between two DiskPart runs (DiskPart's
 * documentation asks for about 15). */
#define EMIT_DISKPART_PAUSE 15
/* The seconds between two looks at the mirrors resynchronising after the
 * last step. */
#define EMIT_RESYNC_POLL 30

#endif
