/* review.h - what a proved plan does to each disk, in words a reviewer reads.
 *
 * rev_summary writes one line per disk of the listing (its names in the
 * procedure, size, kind, and what the plan does to it: wiped, converted,
 * receives or loses plexes, removed from the configuration, or only read),
 * then the steps left out and the assumptions the model made, each once.
 * It needs a plan the verifier proved (plan.proved); else it writes nothing.
 */
#ifndef MRB_REVIEW_H
#define MRB_REVIEW_H

#include "model.h"
#include "plan.h"
#include "util.h"

void rev_summary(buf *b, const plan *p, const mdl_server *snap);

#endif
