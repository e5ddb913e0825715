/* run_approve.h - `mrb run --diskpart`: a person's approval before the first change (compiler/cli/run_approve.c). */
#ifndef MRB_RUN_APPROVE_H
#define MRB_RUN_APPROVE_H

#include <stdbool.h>

#include "base/diag.h"
#include "plan/prove.h"

/* Whether the proved plan x (of the procedure at file, resolved against
 * the listing at listing) may run on a server: approve, when not NULL,
 * must be its compile id; else yes lets it; else on a terminal the person
 * is shown the plan's summary and types the number of the disk it erases.
 * RC_OK to go on; RC_REFUSED after an E817 (or E001) diagnostic. */
int run_approve(const proved *x, const char *file, const char *listing, const char *approve, bool yes,
                diag_sink *d);

#endif
