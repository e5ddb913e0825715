/* snapshot.h - one way in for a server's snapshot: bytes -> mdl_server.
 *
 * Every reader of a snapshot goes through snap_load: `mrb compile`,
 * `verify` and `run` (through prove), `listing` and `sim` (through
 * compiler/cli/cli.c), and `mrb run`'s fresh listings of the server
 * (compiler/run/exec.c, compiler/run/after.c).  It decodes the bytes
 * (runtime/base/text.h), reads them as a simulator state file (runtime/diskpart/state.h,
 * when allowed and the magic first line says so) or as a DiskPart listing
 * (grammar/capture/listing.h) with the operator's words, and, when asked, completes
 * the result by the model's rules (sim_infer).
 */
#ifndef MRB_SNAPSHOT_H
#define MRB_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "capture/listing.h"
#include "diskpart/model.h"

typedef struct snap_options {
    const lst_words *words;     /* the operator's words (--words), or NULL */
    bool state_files;           /* a simulator state file is accepted too */
    /* the capture of `mrb probe`'s first stage: a capture without `list
     * disk` or `list volume` is accepted, one showing no disk refused (E205) */
    bool first_stage;
    bool infer;                 /* complete the server by the model's rules (sim_infer) */
} snap_options;

enum snap_status {
    SNAP_OK,
    SNAP_REFUSED,   /* the bytes were refused: diagnostics in d */
    SNAP_NOMEM      /* out of memory: said in d */
};

/* Read the raw bytes raw[0..len) (named name in diagnostics) into s, which
 * must be empty. */
enum snap_status snap_load(const char *name, const void *raw, size_t len, const snap_options *o, mdl_server *s,
                           diag_sink *d);

#endif
