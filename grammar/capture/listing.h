/* listing.h - the DiskPart listing reader: captured text -> mdl_server.
 *
 * Reads what an operator captured on a server: `list disk`, `list volume`,
 * and per disk `select disk N` + `list partition` + `detail disk`, either
 * as an interactive transcript (DISKPART> prompts, copied from a console)
 * or as the output of `diskpart /s probe.txt` (banner, no prompts, no
 * echo), in English, French or German.  The text is already decoded
 * (runtime/base/text.h).
 *
 * It never guesses: an unknown word, an unknown line, a table cut short, a
 * listing repeated with other contents, a capture that changed the server:
 * each is an error with its location, and the model is then not to be used.
 */
#ifndef MRB_LISTING_H
#define MRB_LISTING_H

#include <stdbool.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "capture/words.h"

typedef struct lst_options {
    bool partial;   /* accept a capture without `list disk` or `list volume` */
    const lst_words *words;     /* the operator's words, or NULL: none */
} lst_options;

/* Read src into s (which must be empty).  False when anything was refused:
 * the diagnostics are in d. */
bool lst_read(const diag_src *src, mdl_server *s, diag_sink *d);

/* Whether src reads as a DiskPart capture and not as a procedure: no line
 * starts with `procedure`, and one is a DiskPart table, prompt or message
 * (for the one error that says a capture was given as the procedure). */
bool lst_looks_like_capture(const diag_src *src);

/* How to capture a snapshot, for the diagnostics that ask for one: the two
 * stages of `mrb probe`, in the words of README.md, "Capturing a server's
 * listing".  One text, so that no hint gives an older way. */
#define LST_CAPTURE_HOW                                                                                   \
    "capture a snapshot in two stages: `mrb probe > probe1.txt`, on the server `diskpart /s probe1.txt > "      \
    "disks.txt`, then `mrb probe --from disks.txt > probe.txt`, on the server `diskpart /s probe.txt > " \
    "snapshot.txt`"
bool lst_read_opts(const diag_src *src, const lst_options *opt, mdl_server *s, diag_sink *d);

#endif
