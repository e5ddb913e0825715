/* infer.h - what a listing implies, by the rules of runtime/diskpart/MODEL.md.
 *
 * The simulator (sim_init) completes every server with sim_infer before it
 * runs a command; the resolver asks sim_vol_on.  The names keep the sim_
 * prefix of the simulator, their first user.
 */
#ifndef MRB_INFER_H
#define MRB_INFER_H

#include "diskpart/model.h"

/* Fill in what the listing implies by the rules of runtime/diskpart/MODEL.md:
 * which disks each volume lives on, which volume each partition holds.
 * Idempotent. */
void sim_infer(mdl_server *s);

/* Whether volume v lives (at least partly) on disk d, by the rules of
 * runtime/diskpart/MODEL.md: 1 yes, 0 no, -1 the listing does not say. */
int sim_vol_on(const mdl_volume *v, const mdl_disk *d);

#endif
