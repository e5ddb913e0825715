/* model_trace.h - the rem lines of the scripts: each object as the command
 * meets it.
 *
 * The resolver describes what each name denotes as the listing shows it
 * ("replacement -> Disk 1 (Online, 1863 GB, free 1863 GB, basic, MBR)").
 * By step 3 the plan has made that disk GPT and dynamic: the rem line
 * above a DiskPart command shows the disk, volume or partition as the
 * model sees it when the command runs (the plan run on the model up to
 * there, a DiskPart session per script as the driver runs them), and says
 * "in the listing" when the model no longer has it.  An object the plan
 * has not changed keeps the listing's words.
 *
 * Ownership: a mtr_model owns its copy of the server and its session
 * (mtr_free).
 */
#ifndef MRB_MODEL_TRACE_H
#define MRB_MODEL_TRACE_H

#include <stdbool.h>

#include "model.h"
#include "plan.h"
#include "sim.h"
#include "util.h"

typedef struct mtr_model {
    bool on;                /* false: describe as the listing does */
    const mdl_server *snap; /* the listing (borrowed) */
    mdl_server srv;         /* the model, as the next command meets it */
    sim_opts so;
    sim m;
    buf out;
    bool session;           /* m is a session under way */
} mtr_model;

/* Start on a copy of snap (on false when snap is NULL).  False when out of
 * memory. */
bool mtr_init(mtr_model *t, const mdl_server *snap);
void mtr_free(mtr_model *t);

/* The trace with each of the listing's descriptions replaced by the
 * model's, into out. */
void mtr_trace(buf *out, const char *trace, const mtr_model *t);

/* Run DiskPart line a on the model, in the session of the current script. */
void mtr_step(mtr_model *t, const plan_act *a);

/* The end of a script: the next line runs in a new DiskPart session. */
void mtr_end_session(mtr_model *t);

#endif
