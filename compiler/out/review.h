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

#include <stdbool.h>
#include <stdint.h>

#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/util.h"

void rev_summary(buf *b, const plan *p, const mdl_server *snap);
/* The assumptions alone (the last lines of the summary), one a line. */
void rev_assumptions(buf *b, const plan *p);

/* Each disk of the listing before and after the plan, as Disk Management
 * draws it: a bar per disk, its size the bar's width, cut into the volumes
 * that live on it (a '+' before one it gains), reserved space ('#') and
 * free space ('.'); an erased disk is marked, a removed one says so.
 * Colour (ANSI) only when colour is set.  Nothing for a plan not proved. */
void rev_pictures(buf *b, const plan *p, const mdl_server *snap, bool colour);

/* A part of a disk's layout, for the pictures (text here, SVG in
 * review_html.c). */
enum rev_seg_kind { RS_VOLUME, RS_OTHER, RS_FREE };
typedef struct rev_seg {
    enum rev_seg_kind kind;
    uint64_t bytes;
    const mdl_volume *v;    /* RS_VOLUME */
    bool fresh;             /* a volume that did not live on the disk before */
} rev_seg;

/* The layout of disk d of server s in order; was and wd (or NULL) the
 * server and the disk before, to mark fresh volumes.  Returns the number
 * of parts with *out allocated (util_free), or (size_t)-1 when out of
 * memory. */
size_t rev_layout(const mdl_server *s, const mdl_disk *d, const mdl_server *was, const mdl_disk *wd,
                  rev_seg **out);
/* "C: Windows", "EFI", "volume 3", "free", "reserved". */
void rev_seg_label(buf *b, const rev_seg *g);
/* Is d the one disk the plan's destructive commands reach (erased)? */
bool rev_wiped(const plan *p, const mdl_disk *d);

#endif
