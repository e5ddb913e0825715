/* emit_driver.h - the driver's fixed parts: its end, its subroutines.
 *
 * emit.c writes the driver NAME.cmd; these are its parts that hold no
 * text of the listing or the procedure (compiler/out/emit_driver.c), each
 * appended to drv.
 */
#ifndef MRB_EMIT_DRIVER_H
#define MRB_EMIT_DRIVER_H

#include "out/emit.h"
#include "plan/plan.h"
#include "base/util.h"

/* What the driver does once every step is done (and the resync watched). */
enum driver_end {
    END_EXIT,       /* nothing more (no predicted listing: emit_plan) */
    END_COMPARE,    /* compare the server with NAME.after.txt (driver_after) */
    END_BY_HAND     /* say to compare it by hand: the server's listings are
                       not in English, which the predicted one is */
};

/* The end of the driver's run: at goto_to when comparing (the label to
 * go to), else say so when by hand, and exit 0. */
void driver_end(buf *drv, enum driver_end end, const char *goto_to);

/* Where the driver goes once every step is done: the resync watch when the
 * plan adds a mirror (or carries on one that resynchronises), then end. */
void driver_done(buf *drv, const emit_input *in, enum driver_end end);

/* The driver's subroutines (:diskpart, :wait) and the refusals of its
 * opening. */
void driver_tail(buf *drv);

/* :way_forward, the way on from a server a run left part-way. */
void driver_way_forward(buf *drv);

#endif
