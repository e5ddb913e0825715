/* carry.h - carry on a plan that stopped part-way (`compile --continue`).
 *
 * A driver or a run that stopped after some command leaves the server
 * between two states of the earlier plan's model.  That plan, proved again
 * on its own listing (the same procedure, the same listing: the same
 * plan), predicts the server after every DiskPart command.  carry_plan
 * finds the one command after which the prediction shows what the new
 * capture shows (disks by number and identity, their partitions, volumes
 * by content: SPEC.md, "Carrying on"), and makes the plan of what is left:
 * the rest of the earlier plan's commands from there, the focus DiskPart
 * had there restored by `select` lines when the rest starts inside a
 * DiskPart script, proved again on the model from that prediction with
 * the safety rules of the earlier listing (verify.h, vfy_plan_from), and
 * reaching the earlier plan's end.
 *
 * Ownership: the plan made points into the earlier plan's tree (as the
 * earlier plan does); it owns its arrays and strings (plan_free).
 */
#ifndef MRB_CARRY_H
#define MRB_CARRY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "diskpart/sim.h"

/* Where the earlier plan stands on the new capture. */
typedef struct carry_cut {
    size_t done;            /* its DiskPart commands already done (0..total) */
    size_t total;           /* its DiskPart commands */
    size_t step, act;       /* where what is left starts (step == nsteps: nothing) */
    size_t focus;           /* select lines put before it to restore the focus */
    char *last;             /* the last command done, or NULL (none) */
} carry_cut;

void carry_cut_free(carry_cut *c);

/* earlier: proved on snap (completed by sim_infer) with the simulator's
 * options so; now: the new capture (completed by sim_infer).  On success
 * out (empty, plan_init) holds the plan of what is left, proved
 * (plan.after is the earlier plan's end), with the rows of now for the
 * driver's stale-plan guard, the steps already done as left-out steps,
 * and cut says where it starts; notes in d say what was done.  False when
 * the capture matches no point of the plan (E620), more than one (E621),
 * or the rest does not prove (E6xx): diagnostics in d. */
bool carry_plan(const plan *earlier, const mdl_server *snap, const sim_opts *so, const mdl_server *now,
                const diag_src *src, plan *out, carry_cut *cut, diag_sink *d);

#endif
