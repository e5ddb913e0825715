/* check_target.c - the destructive-target rule: what a selector proves of its disk.
 *
 * A destructive command may only reach a disk whose selector, by its own
 * words, cannot match a disk that holds something still needed: one whose
 * predicate requires `blank` (or, as `blank` says it, `free = size` and
 * `not dynamic`), or, for `break ... nokeep` and `delete disk`, `status =
 * Missing`.  The test is on the predicate's top-level `and`: a condition
 * under `or` or `not` proves nothing.  The listing is checked again by the
 * verifier (E605); this rule makes the procedure itself say it.
 */
#include "check/check_int.h"

#include <stdio.h>

static const ast_node *predicate_of(const ast_node *decl)
{
    if (!decl)
        return NULL;
    if (decl->kind == AST_SEL_DECL && decl->u.decl.obj == OBJ_DISK && decl->u.decl.sel &&
        !decl->u.decl.sel->u.sel.letter)
        return decl->u.decl.sel->u.sel.cond;
    if (decl->kind == AST_FOR_EACH && decl->u.each.obj == OBJ_DISK)
        return decl->u.each.cond;
    return NULL;
}

static bool is_attr(const ast_node *n, enum ast_attr a)
{
    return n && n->kind == AST_NAME && n->u.name.res == RES_ATTR && n->u.name.value == (int)a;
}

/* Does a conjunct of the predicate say so? what: 0 blank, 1 missing. */
static bool conjunct_says(const ast_node *n, int what, bool *free_eq_size, bool *not_dynamic)
{
    if (what == 0 && is_attr(n, ATTR_DISK_BLANK))
        return true;
    if (n->kind == AST_NOT && is_attr(n->u.not_.operand, ATTR_DISK_DYNAMIC))
        *not_dynamic = true;
    if (n->kind == AST_CMP && n->u.cmp.op == CMP_EQ) {
        const ast_node *l = n->u.cmp.lhs, *r = n->u.cmp.rhs;
        if ((is_attr(l, ATTR_DISK_FREE) && is_attr(r, ATTR_DISK_SIZE)) ||
            (is_attr(l, ATTR_DISK_SIZE) && is_attr(r, ATTR_DISK_FREE)))
            *free_eq_size = true;
        if (what == 1 && (is_attr(l, ATTR_DISK_STATUS) || is_attr(r, ATTR_DISK_STATUS))) {
            const ast_node *v = is_attr(l, ATTR_DISK_STATUS) ? r : l;
            if (v->kind == AST_NAME && v->u.name.res == RES_ENUM && v->u.name.value == DS_MISSING)
                return true;
        }
    }
    return false;
}

static bool predicate_proves(const ast_node *cond, int what)
{
    bool free_eq_size = false, not_dynamic = false;
    const ast_node *o;
    if (!cond)
        return false;
    if (cond->kind != AST_AND)
        return conjunct_says(cond, what, &free_eq_size, &not_dynamic);
    for (o = cond->u.logic.operands; o; o = o->next)
        if (conjunct_says(o, what, &free_eq_size, &not_dynamic))
            return true;
    return what == 0 && free_eq_size && not_dynamic;
}

/* E424 for a destructive command n whose disk is decl (NULL: not a named disk). */
static void check_target(chk *c, const ast_node *n, const ast_node *decl, int what)
{
    const ast_node *pred = predicate_of(decl);
    const char *name_s = "the disk in focus";
    buf name;
    if (predicate_proves(pred, what))
        return;
    buf_init(&name);
    if (decl && decl->kind == AST_SEL_DECL)
        buf_printf(&name, "'%.*s'", (int)decl->u.decl.name.n, decl->u.decl.name.p);
    else if (decl && decl->kind == AST_FOR_EACH)
        buf_printf(&name, "'%.*s'", (int)decl->u.each.var.n, decl->u.each.var.p);
    if (name.len)
        name_s = buf_cstr(&name);
    if (!pred)
        chk_err(c, n->loc, E424,
            "'%s' would reach %s, which no disk selector names here: select the disk by a name "
            "whose predicate says %s",
            ast_cmd_words(n->u.dp.cmd), name_s, what == 0 ? "'blank'" : "'status = Missing'");
    else
        chk_err(c, n->loc, E424,
            "'%s' would reach %s, but its predicate does not show that the disk holds nothing still "
            "needed: it must require %s",
            ast_cmd_words(n->u.dp.cmd), name_s,
            what == 0 ? "'blank' (or 'free = size and not dynamic')" : "'status = Missing'");
    buf_free(&name);
}

/* The safety rule for one DiskPart command, before it runs: dpcmd.h's guard
 * column, checked on the predicate of the disk it reaches. */
void chk_target_rule(chk *c, const ast_node *n, enum dp_cmd_id id)
{
    const chk_focus *f = &c->focus;
    const ast_node *disk = f->has[FK_DISK] == HAS_SET ? f->decl[FK_DISK] : NULL;
    switch (dp_commands[id].guard) {
    case DPG_TARGET_MISSING:
        /* a number there is E406 already */
        if (chk_destroys(n) && n->u.dp.target && n->u.dp.target->kind == AST_NAME && chk_target_decl(c, n->u.dp.target))
            check_target(c, n, chk_target_decl(c, n->u.dp.target), 1);
        return;
    case DPG_FOCUS_MISSING:
        check_target(c, n, disk, 1);
        return;
    case DPG_FOCUS_EMPTY:
    case DPG_FOCUS_FREE:
        check_target(c, n, disk, 0);
        return;
    case DPG_TARGET_EMPTY: /* add disk: the verifier checks the disk on the model; here W402 */
    case DPG_NONE:
        return;
    }
}

/* Whether a selector's predicate requires the attribute a (a condition):
 * `a`, or `a` as one operand of a top-level `and`. */
bool chk_predicate_says(const ast_node *decl, enum ast_attr a)
{
    const ast_node *cond = predicate_of(decl), *o;
    if (!cond)
        return false;
    for (o = cond->kind == AST_AND ? cond->u.logic.operands : cond; o;
         o = cond->kind == AST_AND ? o->next : NULL)
        if (is_attr(o, a))
            return true;
    return false;
}
