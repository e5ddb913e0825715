/* compare.h - the expected server against a fresh listing of it.
 *
 * mdl_server_diff compares what DiskPart would display: it is how `mrbc
 * run` checks the server against the model before and after each step.
 * Its exact counterpart, mdl_server_eq (model.h), is what a state file or a
 * listing's round trip must preserve.
 */
#ifndef MRB_COMPARE_H
#define MRB_COMPARE_H

#include <stddef.h>

#include "model.h"
#include "util.h"

/* Differences between the expected server and a fresh listing of it that
 * the run stops for, one "Disk 1: ..." line each, appended to why; the
 * number of differences.  Sizes are compared as DiskPart displays them, and
 * a mirror resynchronising (Rebuild) counts as Healthy. */
size_t mdl_server_diff(const mdl_server *expect, const mdl_server *fresh, buf *why);

/* The partitions of two disks whose partitions are known, row by row as
 * DiskPart displays them (number, type, size, offset): one "DNAME,
 * partition N: ..." line per difference, appended to why; their number. */
size_t mdl_parts_diff(const mdl_disk *e, const mdl_disk *f, const char *dname, buf *why);

#endif
