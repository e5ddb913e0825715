/* emit_int.h - what the emitter's files share (compiler/out/emit.c,
 * compiler/out/emit_guard.c); not for other callers.
 *
 * emit.c writes the set; emit_guard.c writes the driver's guard (the
 * stale-plan guard's listing script and its checks) through emit.c's
 * helpers, so that every text that reaches cmd.exe or DiskPart goes
 * through the same escaping.
 */
#ifndef MRB_EMIT_INT_H
#define MRB_EMIT_INT_H

#include <stdbool.h>

#include "out/emit.h"

/* emit.c: a new file of o, NAME.NN<suffix> (NAME<suffix> when nn is
 * (unsigned)-1), of the given role; NULL on allocation failure. */
buf *emit_new_file(emit_out *o, const char *name, unsigned nn, const char *suffix, enum emit_role role);
/* emit.c: the findstr regular expression of text s[from, to): letters,
 * digits, spaces and a few safe marks stand for themselves, '*' is
 * escaped, every other character matches any one (one OEM byte per
 * character in DiskPart's output). */
void emit_regex(buf *b, const char *s, size_t from, size_t to);
/* emit.c: the provenance lines, each after prefix ("rem mrb"). */
void emit_provenance(buf *b, const emit_input *in, const char *prefix);
/* emit.c: text safe inside a parenthesised block of the driver, and after
 * `echo` outside one. */
void emit_block_text(buf *b, const char *s);
void emit_echo_text(buf *b, const char *s);

/* emit_guard.c: NAME.00.diskpart.txt, the listing script of the
 * stale-plan guard, of the resync watch and of the comparison with the
 * predicted listing; then NAME.00.diskN.diskpart.txt, `detail disk` of
 * each disk the identity guard checks.  False on allocation failure. */
bool emit_guard_script(emit_out *o, const emit_input *in);
/* emit_guard.c: the driver's header lines that name the disks whose
 * identity cannot be checked (no `detail disk` in the listing). */
void emit_guard_header(buf *drv, const emit_input *in);
/* emit_guard.c: the driver's guard: the stale-plan guard, then the
 * identity guard. */
void emit_driver_guard(buf *drv, const emit_input *in);

#endif
