/* verify.h - prove a plan on the model of the server before anything runs.
 *
 * The plan's DiskPart lines run, one by one, on the simulator (the same
 * code `mrb sim` and `mrb run --simulate` use), from the snapshot: every
 * one must succeed there, every `require` must hold when its step starts
 * and every `ensure` when it ends.  Independently of what the procedure
 * says, no destructive command may reach a disk that holds anything in the
 * listing: `clean`, `convert`, `delete partition`, `format` and `add` only
 * on disks the listing shows blank (and on one such disk only), `break ...
 * nokeep` and `delete disk` only on missing disks.
 *
 * Each DiskPart script the emitter writes starts a new DiskPart process,
 * hence with no focus; the verifier starts a new session at the same
 * places (a step's start, and after a robocopy or bcdedit line).
 */
#ifndef MRB_VERIFY_H
#define MRB_VERIFY_H

#include <stdbool.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "diskpart/sim.h"

/* Run p on a copy of snap (completed by sim_infer), writing the record
 * (compiler/plan/record.h) as it runs: each DiskPart line as DiskPart parses
 * it, the names on it as the model shows them then, its script and place;
 * the assumptions the model makes, each added to the action it serves and
 * reported as a note.  False when anything fails: the diagnostics are in
 * d.  On success p keeps the model after its last step, the disk its
 * destructive commands reach (plan.h) and the record's effects on each
 * disk of snap (rec_finish). */
bool vfy_plan(plan *p, const diag_src *src, const mdl_server *snap, const sim_opts *o, diag_sink *d);

/* The same from the model start, a state the plan's commands reach from
 * snap (`compile --continue`: the earlier plan's prediction that the new
 * capture equals): the safety rules still read snap, the listing the
 * earlier plan was proved on, so that nothing the procedure did not
 * create becomes a target because the procedure itself changed it. */
bool vfy_plan_from(plan *p, const diag_src *src, const mdl_server *snap, const mdl_server *start,
                   const sim_opts *o, diag_sink *d);

/* Where each new DiskPart process starts: before action j of a step, when
 * j is 0 or the action before it is not a DiskPart line. */
bool vfy_new_session(const plan_step *s, size_t j);

#endif
