/* resolve.h - selectors against a listing; conditions on a model state.
 *
 * res_plan turns a checked procedure and a snapshot into a plan (plan.h):
 * each selector must match exactly one object of the listing, or the
 * compile stops listing every candidate and why it matched or not; `for
 * each` unrolls over the objects its predicate matches, in listing order;
 * letter variables take letters the listing shows unused; guards are
 * decided on the listing.
 *
 * Conditions are three-valued: DiskPart truncates sizes, so `447 GB` is an
 * interval of bytes and a comparison is true, false or unknown.  A guard or
 * a predicate that comes out unknown fails, with both intervals shown.
 *
 * res_cond evaluates a condition on any state of the server (the verifier
 * uses it on the model as the plan runs, `mrbc run` on fresh listings).
 */
#ifndef MRB_RESOLVE_H
#define MRB_RESOLVE_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "model.h"
#include "plan.h"

typedef enum tri { TRI_FALSE, TRI_TRUE, TRI_UNKNOWN } tri;

/* Resolve f against snap (already completed by sim_infer) into p.  False
 * when anything was refused: the diagnostics are in d. */
bool res_plan(const ast_file *f, const diag_src *src, const mdl_server *snap, plan *p, diag_sink *d);

/* Evaluate cond on srv with the bindings of p and of action a (a may be
 * NULL).  When the result is not true, why says what made it false or
 * unknown (appended). */
tri res_cond(const ast_node *cond, const diag_src *src, const mdl_server *srv, const plan *p,
             const plan_act *a, buf *why);

/* Whether the listing srv shows nothing on disk d (SPEC.md: `blank`). */
tri res_blank(const mdl_server *srv, const mdl_disk *d, buf *why);

/* "Disk 1 (Online, 1863 GB, free 1863 GB, basic, MBR)" for a binding, as
 * the object shows in srv. */
void res_describe(buf *b, const mdl_server *srv, const plan_bind *obj);

#endif
