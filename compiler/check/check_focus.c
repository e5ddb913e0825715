/* check_focus.c - the checker's model of DiskPart's focus through a step.
 *
 * DiskPart's focus, followed as the simulator follows it (runtime/diskpart/sim.c),
 * by the same table (runtime/diskpart/dpcmd.h): the focus each command needs and
 * what it does to focus.  The checker does not know the server, so for
 * each kind of object it knows that one has focus (HAS_SET), that none has
 * (HAS_NONE), or that one may have, depending on the server (HAS_MAYBE:
 * `select volume v` gives focus to v's disk only when v lives on one disk).
 * A command whose focus is HAS_NONE fails on every server: E423.  What
 * depends on the server is left to verification on the model.  A step
 * starts a new DiskPart run, with no focus; so does each DiskPart command
 * after a robocopy or bcdedit (compiler/out/emit.c writes one script per run
 * of consecutive DiskPart commands).
 */
#include "check/check_int.h"

#include <stdio.h>
#include <string.h>

static const char *const fk_names[FK_COUNT] = {"disk", "partition", "volume"};

void chk_focus_none(chk_focus *f, const ast_node *by)
{
    int k;
    for (k = 0; k < FK_COUNT; k++) {
        f->has[k] = HAS_NONE;
        f->by[k] = by;
        f->decl[k] = NULL;
    }
}

static void focus_put(chk_focus *f, int k, enum chk_has h, const ast_node *by, const ast_node *decl)
{
    f->has[k] = h;
    f->by[k] = by;
    f->decl[k] = h == HAS_SET ? decl : NULL;
}

/* The state at a point two paths reach: what both guarantee. */
static void focus_meet(chk_focus *a, const chk_focus *b)
{
    int k;
    for (k = 0; k < FK_COUNT; k++) {
        if (b->has[k] < a->has[k] || (b->has[k] == a->has[k] && !a->by[k])) {
            a->has[k] = b->has[k];
            a->by[k] = b->by[k];  /* say what a command did rather than "the step's start" */
        }
        if (a->decl[k] != b->decl[k] || a->has[k] != HAS_SET)
            a->decl[k] = NULL;
    }
}

static bool focus_same(const chk_focus *a, const chk_focus *b)
{
    int k;
    for (k = 0; k < FK_COUNT; k++)
        if (a->has[k] != b->has[k] || a->decl[k] != b->decl[k])
            return false;
    return true;
}

/* The DiskPart command of a DiskPart node, CMD_COUNT if not known (yet):
 * a `convert WORD` the checker has not reached is looked up here. */
static enum dp_cmd_id node_dp(const ast_node *n)
{
    enum ast_cmd cmd = n->u.dp.cmd;
    if ((cmd == AST_CMD_CONVERT || cmd == AST_CMD_CREATE_PARTITION) && n->u.dp.word) {
        int k = ast_cmd_find(cmd == AST_CMD_CONVERT ? "convert" : "create partition", n->u.dp.word->u.name.name);
        if (k < 0)
            return CMD_COUNT;
        cmd = (enum ast_cmd)k;
    }
    return ast_cmd_dp(cmd);
}

bool chk_has_option(const ast_node *n, enum ast_opt o)
{
    const ast_node *p;
    for (p = n->u.dp.opts; p; p = p->next)
        if (ast_str_eq(p->u.opt.name, ast_opt_word(o)))
            return true;
    return false;
}

/* Whether a DiskPart node destroys data (dpcmd.h: DPD_YES, or DPD_NOKEEP
 * with nokeep). */
bool chk_destroys(const ast_node *n)
{
    return dp_destroys(node_dp(n), chk_has_option(n, OPT_NOKEEP) ? DP_BIT(DPO_NOKEEP) : 0u);
}

/* The declaration a command's target names, when it is a declared object. */
const ast_node *chk_target_decl(chk *c, const ast_node *t)
{
    chk_sym *s;
    if (!t || t->kind != AST_NAME || !(s = chk_lookup(c, t->u.name.name)))
        return NULL;
    return s->type == TY_LETTER ? NULL : s->decl;
}

static chk_sym *chk_sym_of_decl(chk *c, const ast_node *decl)
{
    size_t i;
    for (i = 0; decl && i < c->nsyms; i++)
        if (c->syms[i].decl == decl)
            return &c->syms[i];
    return NULL;
}

/* Why kind k has no focus, for E423 (into b). */
static void no_focus_reason(chk *c, buf *b, int k, const ast_node *at)
{
    const ast_node *by = c->focus.by[k];
    unsigned long line;
    if (!by) {
        buf_puts(b, "each step starts a new DiskPart run, with no focus");
        return;
    }
    chk_line_of(c, by->loc, &line);
    if (by->kind == AST_ROBOCOPY || by->kind == AST_BCDEDIT)
        buf_printf(b, "the DiskPart run ended at the %s on line %lu, and a new one starts with no focus",
                   by->kind == AST_ROBOCOPY ? "robocopy" : "bcdedit", line);
    else
        buf_printf(b, "'%s' on line %lu leaves none", ast_cmd_words(by->u.dp.cmd), line);
    if (by->loc.start > at->loc.start)
        buf_puts(b, " (in the loop's previous round)");
}

/* Apply a command's focus effect, dpcmd.h's dp_focus_after: what a select
 * names is its declaration; what a command makes has none. */
static void focus_apply(chk *c, const ast_node *n, enum dp_cmd_id id)
{
    static const int kind_of[DPK_COUNT] = {[DPK_DISK] = FK_DISK, [DPK_PART] = FK_PART, [DPK_VOL] = FK_VOL};
    static const enum chk_has has_of[] = {[DPA_SET] = HAS_SET, [DPA_NONE] = HAS_NONE, [DPA_MAYBE] = HAS_MAYBE};
    enum dp_after after[DPK_COUNT];
    const ast_node *decl = NULL;
    int k;
    dp_focus_after(id, chk_has_option(n, OPT_NOKEEP) ? DP_BIT(DPO_NOKEEP) : 0u, after);
    if (dp_commands[id].effect == DPE_SELECT)
        decl = chk_target_decl(c, n->u.dp.target);
    for (k = 0; k < DPK_COUNT; k++)
        if (after[k] != DPA_KEEP)
            focus_put(&c->focus, kind_of[k], has_of[after[k]], n, decl);
}

/* Follow one DiskPart command: check the focus it needs, then apply its
 * effect.  Reports only when c->focus_quiet is false. */
void chk_focus_command(chk *c, const ast_node *n)
{
    enum dp_cmd_id id = node_dp(n);
    const dp_cmd_info *info;
    chk_focus *f = &c->focus;
    int need = -1;
    if (id == CMD_COUNT)
        return;
    info = &dp_commands[id];
    switch (info->focus) {
    case DPF_DISK: need = FK_DISK; break;
    case DPF_PARTITION: need = FK_PART; break;
    case DPF_VOLUME: need = FK_VOL; break;
    case DPF_NONE:
    case DPF_UNMODELLED: break;
    }
    if (need >= 0 && !c->focus_quiet) {
        const ast_node *by = f->by[need];
        if (f->has[need] == HAS_NONE) {
            buf b;
            buf_init(&b);
            buf_printf(&b, "'%s' needs a %s with focus, but no %s has focus here: ", ast_cmd_words(n->u.dp.cmd),
                       fk_names[need], fk_names[need]);
            no_focus_reason(c, &b, need, n);
            buf_printf(&b, "; select one first ('select %s NAME')", fk_names[need]);
            chk_err(c, n->loc, E423, "%s", buf_cstr(&b));
            buf_free(&b);
        } else if (f->has[need] == HAS_MAYBE && by && by->kind == AST_DISKPART &&
                   dp_commands[node_dp(by)].effect == DPE_SELECT && chk_destroys(n)) {
            unsigned long line;
            chk_line_of(c, by->loc, &line);
            chk_warn(c, n->loc, W403,
                 "'%s' acts on the %s that '%s' on line %lu gave focus to in passing, which DiskPart "
                 "does only for some layouts; select the %s by name first",
                 ast_cmd_words(n->u.dp.cmd), fk_names[need], ast_cmd_words(by->u.dp.cmd), line, fk_names[need]);
        }
    }
    if (!c->focus_quiet && (need < 0 || f->has[need] != HAS_NONE))
        chk_target_rule(c, n, id);
    if (id == CMD_CONVERT_DYNAMIC && !c->focus_quiet && f->has[FK_DISK] == HAS_SET) {
        chk_sym *s = chk_sym_of_decl(c, f->decl[FK_DISK]);
        if (s)
            s->made_dynamic = true;
    }
    focus_apply(c, n, id);
}

/* Follow focus through statements without reporting (for loops). */
static void focus_walk(chk *c, const ast_node *n)
{
    for (; n; n = n->next) {
        if (n->kind == AST_DISKPART) {
            chk_focus_command(c, n);
        } else if (n->kind == AST_ROBOCOPY || n->kind == AST_BCDEDIT) {
            chk_focus_none(&c->focus, n);
        } else if (n->kind == AST_FOR_EACH) {
            chk_focus e;
            chk_focus_loop(c, n, &e);
            c->focus = e;
        }
    }
}

/* The focus at the head of loop n, from c->focus before it: the meet of the
 * state before the loop and the state after each round, until it no longer
 * changes (the lattice is finite, so this ends; a loop may also run zero
 * times, so the state after it is the state at its head). */
void chk_focus_loop(chk *c, const ast_node *n, chk_focus *entry)
{
    chk_focus before = c->focus, head = c->focus;
    bool quiet = c->focus_quiet, stable;
    int round;
    c->focus_quiet = true;
    for (round = 0; round < 16; round++) {
        chk_focus next = before;
        c->focus = head;
        focus_walk(c, n->u.each.body);
        focus_meet(&next, &c->focus);
        stable = focus_same(&next, &head);
        head = next;
        if (stable)
            break;
    }
    c->focus_quiet = quiet;
    *entry = head;
}
