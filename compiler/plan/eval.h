/* eval.h - the three-valued evaluator: conditions and selectors on a model state.
 *
 * Conditions are three-valued: DiskPart truncates sizes, so `447 GB` is an
 * interval of bytes and a comparison is true, false or unknown.  A guard or
 * a predicate that comes out unknown fails, with both intervals shown.
 *
 * res_cond evaluates a condition on any state of the server (the verifier
 * uses it on the model as the plan runs, `mrb run` on fresh listings);
 * res_blank and res_describe answer for one disk or binding.  The ev_
 * interface below is the resolver's (resolve.c): it walks a selector's
 * candidates with it.  (res_cond, res_blank and res_describe keep the
 * names they had in resolve.c.)
 */
#ifndef MRB_EVAL_H
#define MRB_EVAL_H

#include <stdbool.h>

#include "lang/ast.h"
#include "base/diag.h"
#include "diskpart/model.h"
#include "plan/plan.h"

typedef enum tri { TRI_FALSE, TRI_TRUE, TRI_UNKNOWN } tri;

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

/* ---- the resolver's interface ------------------------------------------- */

/* One evaluation: the server, the bindings in scope, the candidate bare
 * attribute names read, and where explanations go. */
typedef struct ev_ctx {
    const diag_src *src;
    const mdl_server *srv;
    const plan *p;
    const plan_bind *loc;       /* loop variables in scope */
    size_t nloc;
    buf *why;                   /* explanations of false/unknown leaves, or NULL */
    enum ast_obj it;            /* the candidate bare attribute names read */
    const mdl_disk *it_disk;
    const mdl_volume *it_vol;
    const mdl_partition *it_part;   /* NULL with it == OBJ_PARTITION: a partition
                                       of it_disk the listing does not show */
    bool *uncaptured;           /* when set: becomes true if an answer was unknown
                                   because a disk's `list partition` was not captured */
} ev_ctx;

typedef bool (*ev_cand_fn)(ev_ctx *c, void *arg);

/* Append "; "-separated explanation to c->why (when set). */
void ev_why(const ev_ctx *c, const char *fmt, ...) MRB_PRINTF(2, 3);

/* Evaluate condition n; does the candidate set in c match predicate sel? */
tri ev_cond(ev_ctx *c, const ast_node *n);
tri ev_match(ev_ctx *c, const ast_node *sel);

/* Call fn for every candidate of selector kind obj in c->srv, in listing
 * order; c's candidate is set for the call.  A partition of a disk whose
 * partitions were not captured is one unknown candidate.  Stops (false)
 * when fn returns false. */
bool ev_each_candidate(ev_ctx *c, enum ast_obj obj, ev_cand_fn fn, void *arg);

/* The binding of declaration decl in scope (loop variables, then the plan's). */
const plan_bind *ev_binding(const ev_ctx *c, const ast_node *decl);

/* The disk r names in s, or NULL; one object in DiskPart's words. */
const mdl_disk *ev_find_disk(const mdl_server *s, mdl_disk_ref r);
void ev_describe_disk(buf *b, const mdl_disk *d);
void ev_describe_volume(buf *b, const mdl_volume *v);
void ev_describe_part(buf *b, const mdl_disk *d, const mdl_partition *p);

#endif
