/* resolve.h - selectors against a listing; conditions on a model state.
 *
 * res_plan turns a checked procedure and a snapshot into a plan (plan.h):
 * each selector must match exactly one object of the listing, or the
 * compile stops listing every candidate and why it matched or not; `for
 * each` unrolls over the objects its predicate matches, in listing order;
 * letter variables take letters the listing shows unused; guards are
 * decided on the listing.  Conditions are evaluated by eval.h (res_cond,
 * res_blank, res_describe), which this header includes.
 */
#ifndef MRB_RESOLVE_H
#define MRB_RESOLVE_H

#include <stdbool.h>

#include "lang/ast.h"
#include "base/diag.h"
#include "plan/eval.h"
#include "diskpart/model.h"
#include "plan/plan.h"

/* Resolve f against snap (already completed by sim_infer) into p.  False
 * when anything was refused: the diagnostics are in d. */
bool res_plan(const ast_file *f, const diag_src *src, const mdl_server *snap, plan *p, diag_sink *d);

/* Resolve only the disk, volume and partition declarations of f named in
 * names[0..nnames), and the declarations they use, into p's bindings, with
 * res_plan's diagnostics; guards and steps are left out (mrb ticket: before
 * the swap, the replacement a procedure names is not there yet).  A name
 * that f does not declare is not an error here.  False when refused. */
bool res_decls(const ast_file *f, const diag_src *src, const mdl_server *snap, const char *const *names,
               size_t nnames, plan *p, diag_sink *d);

#endif
