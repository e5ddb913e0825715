/* emit.h - reviewable scripts from a verified plan.
 *
 * Writes, in memory, what `mrb compile` puts in its output folder:
 *   NAME.00.diskpart.txt  the stale-plan guard's listing script (lists only)
 *   NAME.00.diskN.diskpart.txt  the identity guard's `detail disk` of disk N,
 *                         one per disk it checks (compiler/out/emit_guard.c)
 *   NAME.NN.diskpart.txt  one DiskPart /s script per run of consecutive
 *                         DiskPart commands within a step (NN from 01)
 *   NAME.cmd              the driver: checks it runs elevated, that the
 *                         server still shows the rows the plan relied on
 *                         and that its disks are the physical disks the
 *                         listing captured (compiler/plan/identity.h),
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
 *   NAME.after.txt        the `list disk` and `list volume` the model predicts
 *                         once every step has run; the driver compares the
 *                         server with it at the end
 *   NAME.review.html      the review page: summary, pictures, steps,
 *                         assumptions, hashes
 *   NAME.listing.txt      the listing the plan was proved on, its bytes as
 *                         given (for `compile --continue`: the first plan's
 *                         listing, whatever number of continuations since)
 * Every script starts with "rem mrb compile id ID", ID a hash of the whole
 * set; the driver checks that line in every script before it runs any.
 * Every file names the procedure and the listing by their base names, with
 * the SHA-256 of each (provenance), so that the same inputs give the same
 * bytes wherever the compile runs (`mrb verify` relies on it).
 *
 * Ownership: an emit_out owns its files' names and contents.
 */
#ifndef MRB_EMIT_H
#define MRB_EMIT_H

#include <stdbool.h>

#include "diskpart/model.h"
#include "plan/plan.h"
#include "plan/prove.h"
#include "base/util.h"

/* What a file of the set is (the JSON plan's "role"). */
enum emit_role {
    ER_GUARD,       /* NAME.00.diskpart.txt, NAME.00.diskN.diskpart.txt */
    ER_SCRIPT,      /* NAME.NN.diskpart.txt */
    ER_DRIVER,      /* NAME.cmd */
    ER_AFTER,       /* NAME.after.txt */
    ER_LISTING,     /* NAME.listing.txt */
    ER_REVIEW,      /* NAME.review.html */
    ER_COUNT
};

/* "guard", "diskpart-script", "driver", "after-listing", "listing",
 * "review-page". */
extern const char *const emit_role_word[ER_COUNT];

typedef struct emit_file {
    char *name;     /* file name, without folder */
    enum emit_role role;
    buf data;
} emit_file;

typedef struct emit_out {
    size_t nfiles, capfiles;
    emit_file *files;
    char compile_id[33];    /* the set's compile id (hex), "" before it is known */
} emit_out;

void emit_out_init(emit_out *o);
void emit_out_free(emit_out *o);

/* What a compile is made of. */
typedef struct emit_input {
    const plan *p;              /* proved (plan.proved, plan.after) for emit_set */
    const mdl_server *snap;     /* the listing it was resolved against, or NULL */
    const char *name;           /* the procedure file's base name without .mrb */
    const char *source;         /* the procedure's and the listing's paths: */
    const char *listing;        /* their base names are cited */
    const char *source_sha256;  /* SHA-256 of their bytes, 64 hexadecimal */
    const char *listing_sha256; /* digits, or NULL ("unknown") */
    const mdl_server *after;    /* set by emit_set: the driver compares the
                                   server with it at the end */
    const buf *origin;          /* the bytes of the listing the whole plan was
                                   proved on (NAME.listing.txt), or NULL */
    /* compile --continue: the SHA-256 of origin (NULL: not a continuation),
     * and how many of the earlier plan's DiskPart commands were done */
    const char *origin_sha256;
    size_t done, total;
} emit_input;

/* The whole set `mrb compile` writes, in this order: the scripts
 * NAME.00 to NAME.NN, NAME.after.txt, NAME.listing.txt (with origin),
 * NAME.review.html (the review page,
 * compiler/out/review_html.h), then the driver NAME.cmd last (it is written
 * last).  The driver's header repeats the plan's summary
 * (compiler/out/review.h), and it ends by comparing the server with
 * NAME.after.txt.  False on allocation failure. */
bool emit_set(const emit_input *in, emit_out *o);

/* The set compile writes for x, proved by prove() (plan/prove.h), NAME
 * name, from the procedure file and the listing (as given): emit_set with
 * the hashes, the listing's bytes and, for compile --continue, the earlier
 * plan's listing and how far it got; false on allocation failure. */
bool emit_proved(const proved *x, const char *name, const char *file, const char *listing, emit_out *o);

/* The scripts and the driver only, without provenance hashes, summary or
 * final comparison (for tests of the emitter alone).  False on allocation
 * failure. */
bool emit_plan(const plan *p, const char *name, const char *source, const char *listing,
               emit_out *o);

/* The `rem` lines of a command's record (rec_text, compiler/plan/record.h):
 * "rem ", one line of it as esc writes it, CRLF, for each line; model as
 * rec_text's.  The scripts carry them (esc NULL: the rem text cmd reads
 * safely); the review page shows them (esc its HTML escaping). */
void emit_rem_record(buf *b, const rec_cmd *rec, bool model, void (*esc)(buf *, const char *));

/* The seconds the driver waits between two DiskPart runs (DiskPart's
 * documentation asks for about 15). */
#define EMIT_DISKPART_PAUSE 15
/* The seconds between two looks at the mirrors resynchronising after the
 * last step. */
#define EMIT_RESYNC_POLL 30

#endif
