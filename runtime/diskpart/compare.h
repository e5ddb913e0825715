/* compare.h - an expected server against a fresh listing of it.
 *
 * mdl_compare is the one comparer: it compares what DiskPart would display
 * (sizes as displayed, a mirror resynchronising, Rebuild, as Healthy, no
 * disk's Free) and hands each difference to its caller, who words it.  How
 * lenient it is comes as a parameter (mdl_cmp_rules): `mrb run` checks
 * the server against the model before and after each step by volume number
 * and with the disks' IDs and partitions (mdl_server_diff, below); the
 * end-of-run check against the predicted listing matches volumes by what
 * they show whatever their number (compiler/run/after.c).  Its exact
 * counterpart, mdl_server_eq (model.h), is what a state file or a
 * listing's round trip must preserve.
 */
#ifndef MRB_COMPARE_H
#define MRB_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "diskpart/model.h"
#include "base/util.h"

typedef struct mdl_cmp_rules {
    /* volumes are matched by what they show (letter, label, file system,
     * type, size, status and info), whatever their number: DiskPart numbers
     * them afresh in each session.  Else by number, the info word aside. */
    bool any_volume_number;
    /* a disk's ID and partitions are compared where both sides know them */
    bool details;
    /* compile --continue (compiler/plan/carry.c), with details: a disk's
     * Location Path too where both captured `detail disk`; and the expected
     * disk new_id (NULL: none), the disk a plan erases (`clean` and
     * `convert` give it a new Disk ID), may show another ID */
    bool location;
    const mdl_disk *new_id;
} mdl_cmp_rules;

enum mdl_cmp_what {
    CMP_DISK,           /* de and/or df: one side lacks it, or status, size, Dyn or Gpt differ */
    CMP_DISK_ID,        /* de and df: their disk IDs differ */
    CMP_LOCATION,       /* de and df: their Location Paths differ (rules.location) */
    CMP_PARTITION,      /* de and df, pe and/or pf */
    CMP_VOLUME          /* ve and/or vf: one side lacks it, or (by number) it differs */
};

typedef struct mdl_cmp_diff {
    enum mdl_cmp_what what;
    const mdl_disk *de, *df;            /* expected, found (NULL: not on that side) */
    const mdl_partition *pe, *pf;
    const mdl_volume *ve, *vf;
} mdl_cmp_diff;

/* Each difference, in order (each expected disk with its ID and partitions,
 * the disks only found, each expected volume, the volumes only found),
 * handed to diff; their number.  *nomem is set when memory ran out: the
 * differences handed are then not all there are. */
size_t mdl_compare(const mdl_server *expect, const mdl_server *fresh, const mdl_cmp_rules *r,
                   void (*diff)(void *ctx, const mdl_cmp_diff *), void *ctx, bool *nomem);

/* A difference in the words of mdl_server_diff, "Disk 1: expected '...',
 * found '...'", one line appended to why (a buf *). */
void mdl_say_diff(void *why, const mdl_cmp_diff *x);

/* Differences between the expected server and a fresh listing of it that
 * `mrb run` stops for (by volume number, with IDs and partitions), one
 * "Disk 1: ..." line each, appended to why; the number of differences. */
size_t mdl_server_diff(const mdl_server *expect, const mdl_server *fresh, buf *why);

/* The predicted listing (SPEC.md, "The predicted listing") against a
 * fresh one, as the end-of-run check (compiler/run/after.h) and compile
 * --continue (compiler/plan/carry.c) compare them: mdl_compare with the
 * leniency of any_volume_number, and without details.  A disk (matched by
 * its number) whose status, size, Dyn or Gpt differs, or that one side
 * lacks; a volume of one side that the other does not show.  What may
 * legitimately differ is not a difference: a mirror's status Rebuild or
 * Healthy (the resync runs on its own, for minutes to hours), a disk's
 * Free (the model knows the space a plex takes only as DiskPart displays
 * sizes, rounded), and a volume's number (DiskPart numbers volumes afresh
 * in each session: volumes are matched by letter, label, file system,
 * type, size, status and info).
 *
 * mdl_say_predicted words a disk or volume difference (CMP_DISK,
 * CMP_VOLUME), "predicted: '...'" and "shown instead: '...'" or
 * "predicted, not shown: '...'", appended to why (a buf *);
 * mdl_predicted_diff appends one such line for each difference and
 * returns their number. */
void mdl_say_predicted(void *why, const mdl_cmp_diff *x);
size_t mdl_predicted_diff(const mdl_server *predicted, const mdl_server *found, buf *why);

#endif
