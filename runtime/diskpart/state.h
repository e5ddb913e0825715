/* state.h - the simulator's --state file: a server model saved between runs.
 *
 * A state file is the simulated server as it stands after the last command
 * that took effect: every field of the mdl_server, including what the
 * simulator knows that a listing does not show (which disks a volume lives
 * on, which volume a partition holds).  It is a line-oriented text file that
 * starts with the magic line ST_MAGIC, so that `mrb listing FILE` and
 * `mrb sim FILE ...` can tell it from a captured listing, and ends with a
 * line "end", so that a file cut short is refused rather than half-read.
 * Saving goes through fio_write_atomic: a process killed at any moment
 * leaves the old file or the new one, never a mix.
 *
 * Ownership: st_parse/st_load fill a server the caller initialised and
 * frees (on failure it is left empty).
 */
#ifndef MRB_STATE_H
#define MRB_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "base/util.h"

#define ST_MAGIC "mrb-state 1"

enum st_status {
    ST_OK,
    ST_NOT_STATE,   /* the file does not start with ST_MAGIC: not a state file */
    ST_BAD,         /* a state file that cannot be read: diagnostics in d */
    ST_IO,          /* the file cannot be read or written: message in d (or *why) */
    ST_NOMEM        /* st_save only: out of memory (*why says so), E010 */
};

/* Does data start with the magic line? */
bool st_is_state(const char *data, size_t len);

/* The state file text of s. */
void st_write(buf *b, const mdl_server *s);

/* Read a state file's text (name for diagnostics). */
enum st_status st_parse(const char *name, const char *data, size_t len, mdl_server *s, diag_sink *d);

/* Read the file at path; ST_NOT_STATE leaves s untouched. */
enum st_status st_load(const char *path, mdl_server *s, diag_sink *d);

/* Save s to path atomically. */
enum st_status st_save(const char *path, const mdl_server *s, const char **why);

#endif
