/* after.h - the server once every step has run, against the listing
 * compile predicted (NAME.after.txt, the model after the last step).
 *
 * The comparison is the one of runtime/diskpart/compare.h
 * (mdl_predicted_diff), which compile --continue shares.
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

/* procedure: the .mrb file's path, for the name of NAME.after.txt.
 * RC_OK when the server shows what was predicted; RC_REFUSED when it
 * does not (E814) or its listing cannot be read (E809); RC_USAGE when no
 * listing could be taken (E810). */
int aft_check_run(bk_backend *bk, const plan *p, const char *procedure, const exec_opts *o, diag_sink *d);

#endif
