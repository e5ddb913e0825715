/* plan_json.h - a proved plan as one JSON document, for review tools.
 *
 * `mrb compile --format=json` prints, once the set is written, what the
 * reviewer's summary says and more, as data (schema "mrb-plan", version
 * PJ_VERSION; SPEC.md, "The JSON plan"): the inputs and their SHA-256, the
 * compile id and every file of the set with its SHA-256, each name and what
 * it resolved to with the evidence, each step (those `when` leaves out
 * included) and its commands with the file that runs them, what happens to
 * each disk, the assumptions the model made, the rows the stale-plan guard
 * checks, and the model after the last step (what NAME.after.txt shows).
 *
 * Ownership: pj_plan only appends to b; it keeps nothing.
 */
#ifndef MRB_PLAN_JSON_H
#define MRB_PLAN_JSON_H

#include <stdbool.h>

#include "out/emit.h"
#include "server/journal.h"
#include "plan/prove.h"
#include "base/util.h"

/* Bump when a key changes meaning or goes away (adding keys does not). */
#define PJ_VERSION 1

typedef struct pj_input {
    const proved *x;            /* the proved plan, its listing and source */
    const emit_out *o;          /* the set, as written (the driver last) */
    const char *name;           /* NAME */
    const char *source;         /* the procedure's path as given */
    const char *listing;        /* the listing's path as given */
    const char *dir;            /* -o DIR as given ("." by default) */
} pj_input;

/* Append the document (ending in a newline) to b; a failed allocation
 * marks b failed. */
void pj_plan(buf *b, const pj_input *in);

#endif
