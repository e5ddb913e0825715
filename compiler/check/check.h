/* check.h - the checker: names, kinds, types, values of a parsed procedure.
 *
 * chk_file walks the tree in source order and reports every problem it
 * finds (codes E4xx), filling in what each name means as it goes (ast.h:
 * the "res" fields, the type of each expression, each option's enum, the
 * precise DiskPart command of `convert` and `create partition`, the byte
 * count of each size), so that a clean tree is the typed procedure later
 * stages read.  It also follows DiskPart's focus through each step by the
 * simulator's table of DiskPart commands (runtime/diskpart/dpcmd.h): a command with
 * no object of the kind it needs in focus is E423.  Risky but legal
 * procedures get warnings (W4xx), which do not make chk_file false.
 *
 * Ownership: the checker's tables live in the arena of the compilation.
 */
#ifndef MRB_CHECK_H
#define MRB_CHECK_H

#include <stdbool.h>

#include "base/arena.h"
#include "lang/ast.h"
#include "base/diag.h"

/* True when the procedure has no error (warnings do not count). */
bool chk_file(ast_file *f, const diag_src *src, diag_sink *d, arena *a);

/* Edit distance between a and b, counting a change of case as half a step
 * (so "missing" is nearer "Missing" than "Mising" is); for suggestions. */
unsigned chk_distance(const char *a, size_t an, const char *b, size_t bn);

#endif
