/* render.h - a statement of the procedure as the line the plan runs.
 *
 * Each function appends to text the line for statement n (a DiskPart
 * command, robocopy, bcdedit) with the bindings in scope in c (c->srv is
 * the listing the names were resolved on), and to rec what each name
 * stood for (compiler/plan/record.h); a failed allocation sets *failed.  The resolver (resolve.c) is the caller.
 */
#ifndef MRB_RENDER_H
#define MRB_RENDER_H

#include "lang/ast.h"
#include "plan/eval.h"
#include "plan/record.h"
#include "base/util.h"

void rnd_diskpart(const ev_ctx *c, const ast_node *n, buf *text, rec_cmd *rec, bool *failed);
void rnd_robocopy(const ev_ctx *c, const ast_node *n, buf *text, rec_cmd *rec, bool *failed);
void rnd_bcdedit(const ev_ctx *c, const ast_node *n, buf *text, rec_cmd *rec, bool *failed);

#endif
