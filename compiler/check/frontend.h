/* frontend.h - the .mrb front end's one entry point: parse, then check.
 *
 * fe_check runs the parser of grammar/lang/parse.h and, when the parse had no
 * error, the checker (compiler/check/check.h).  The folders depend one way:
 * compiler/ on grammar/ (this file), grammar/ on runtime/.
 */
#ifndef MRB_FRONTEND_H
#define MRB_FRONTEND_H

#include "lang/parse.h"

/* Parse, then check when the parse had no error. */
enum fe_status fe_check(arena *a, const diag_src *src, diag_sink *d, ast_file *out);

#endif
