/* after.h - the server once every step has run, against the listing
 * compile predicted (NAME.after.txt, the model after the last step).
 *
 * aft_compare words, one line each, the differences the one comparer
 * (mdl_compare, runtime/diskpart/compare.h) finds with this check's leniency: a disk
 * (matched by its number) whose status, size, Dyn or Gpt differs, or that
 * one side lacks; a volume of one side that the other does not show.  What
 * may legitimately differ is not a difference (SPEC.md, "The predicted
 * listing"): a mirror's status Rebuild or Healthy (the resync runs on its
 * own, for minutes to hours), a disk's Free (the model knows the space a
 * plex takes only as DiskPart displays sizes, rounded), and a volume's
 * number (DiskPart numbers volumes afresh in each session: volumes are
 * matched by letter, label, file system, type, size, status and info).
 *
 * aft_check_run is the end of `mrb run`: a fresh listing from the
 * backend, compared with plan.after, reported as progress (text or JSON)
 * and, when they differ, as an error E814 with each difference.
 */
#ifndef MRB_AFTER_H
#define MRB_AFTER_H

#include <stddef.h>

#include "server/backend.h"
#include "diskpart/compare.h"
#include "base/diag.h"
#include "run/exec.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/util.h"

/* A disk or volume difference (CMP_DISK, CMP_VOLUME) in this check's
 * words, "predicted: '...'" and "shown instead: '...'" or "predicted, not
 * shown: '...'", appended to why (a buf *). */
void aft_say_diff(void *why, const mdl_cmp_diff *x);

/* The differences between predicted and found, one line each appended to
 * why; their number. */
size_t aft_compare(const mdl_server *predicted, const mdl_server *found, buf *why);

/* procedure: the .mrb file's path, for the name of NAME.after.txt.
 * RC_OK when the server shows what was predicted; RC_REFUSED when it
 * does not (E814) or its listing cannot be read (E809); RC_USAGE when no
 * listing could be taken (E810). */
int aft_check_run(bk_backend *bk, const plan *p, const char *procedure, const exec_opts *o, diag_sink *d);

#endif
