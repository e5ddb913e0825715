/* identity.h - the disks whose physical identity the guards check.
 *
 * A listing names disks by number; the number does not say which physical
 * disk it is.  Before the first change, the driver's guard (emit_guard.c)
 * and `mrb run` (run_guard.c) check that each disk a plan relies on is
 * the one the listing captured: its model, Disk ID and Location Path, as
 * `detail disk` printed them.  Those disks are the target (the one disk
 * the plan writes, plan.target) and every other disk the procedure names:
 * a disk selector, the disk of a partition selector, the disks a volume
 * selector's volume lives on (a mirror's plexes: the disks the rebuild
 * reads from), loop variables included, when the listing shows it present
 * (a missing disk cannot be looked at).  A disk of the listing without
 * `detail disk` cannot be checked: idn_checkable says so, and the callers
 * say it (the driver's header, a note of the run).
 *
 * Ownership: an idn_set borrows the snapshot's disks; idn_free frees the
 * array only.
 */
#ifndef MRB_IDENTITY_H
#define MRB_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "diskpart/model.h"
#include "plan/plan.h"

typedef struct idn_set {
    size_t n;
    const mdl_disk **disks;     /* the target first, then in listing order */
} idn_set;

/* The disks of snap whose identity the guards check for plan p.  False on
 * allocation failure (*out then empty). */
bool idn_disks(const plan *p, const mdl_server *snap, idn_set *out);
void idn_free(idn_set *s);

/* What is compared, in this order. */
enum idn_field { IDN_MODEL, IDN_DISK_ID, IDN_LOCATION, IDN_COUNT };

/* "model", "Disk ID", "Location Path". */
const char *idn_field_name(enum idn_field f);
/* d's value of f as captured; "" when `detail disk` printed none (or
 * was not captured). */
const char *idn_value(const mdl_disk *d, enum idn_field f);
/* Whether `detail disk` was captured for d, with a value to compare. */
bool idn_checkable(const mdl_disk *d);

#endif
