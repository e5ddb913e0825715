/* check.c - the checker: what every name means, and whether it fits.
 *
 * Design.  One walk over the tree in source order, which is also the order
 * the procedure runs in, so "defined before use" and "letter assigned
 * before use" are both checked by the state of the walk at each node.
 * Names live in one small table (declarations, then loop variables pushed
 * and popped around their body); a predicate (`disk where ...`) is checked
 * in the context of the object it tests, where a bare word is first an
 * attribute of that object, then a declared name, then a value compared
 * with an attribute (`status = Missing`).  Values are DiskPart's own words
 * from runtime/diskpart/model.h, so a listing and a procedure cannot disagree on
 * spelling; a near miss gets a "did you mean".  Each problem is reported
 * where it is and the walk goes on, so one run reports them all.
 *
 * Letters follow a simple rule: `assign letter = L` makes L usable, by
 * robocopy, bcdedit and `select volume L`, until `remove letter = L`, or a
 * bare `remove` after `select volume L`.
 *
 * Focus is followed in the same walk (check_focus.c), by the
 * simulator's table of DiskPart commands; a `for each` body is first
 * followed silently until the focus at its top no longer changes, then
 * checked once from there.  Warnings (W4xx) mark what is legal but risky:
 * a destructive step without `ensure`, `add disk` onto a disk not known to
 * be dynamic, a destructive command on focus given in passing.
 *
 * Files.  This one holds the walk (declarations, steps, statements, `for
 * each`) and the reporting of errors and warnings; the rest, one job each:
 *   check_names.c    the table of names, "not defined", "did you mean"
 *   check_expr.c     values, attributes, comparisons and conditions
 *   check_command.c  each command's rules: targets, options, letters,
 *                    robocopy and bcdedit
 *   check_allow.c    `# mrb: allow CODE -- reason` comments
 *   check_focus.c    DiskPart's focus through each step
 *   check_target.c   the destructive-target rule
 * check_int.h is the state they share.
 */
#include "check/check_int.h"

#include <stdarg.h>
#include <string.h>

/* ---- errors and warnings ------------------------------------------------- */

void chk_err(chk *c, ast_loc loc, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(c->d, c->src, loc.start, loc.end, code, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* A warning: legal but risky; it does not make the procedure refused. */
void chk_warn(chk *c, ast_loc loc, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    buf msg;
    chk_allow *a = chk_allowed(c, loc, code);
    buf_init(&msg);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (a) {
        char *why = arena_alloc_raw(c->a, a->reason_len + 1);
        if (why) {
            memcpy(why, a->reason, a->reason_len);
            why[a->reason_len] = '\0';
            diag_suppressed(c->d, c->src, loc.start, loc.end, code, why, "%s", buf_cstr(&msg));
        }
    } else {
        diag_warning(c->d, c->src, loc.start, loc.end, code, "%s", buf_cstr(&msg));
    }
    buf_free(&msg);
}

/* The line of loc, for messages; not computed (it costs a scan of the
 * text) once the sink shows no more errors. */
void chk_line_of(chk *c, ast_loc loc, unsigned long *line)
{
    unsigned long col;
    *line = 0;
    if (c->d->max_errors && c->d->errors >= c->d->max_errors)
        return;
    diag_linecol(c->src, loc.start, line, &col);
}

/* ---- the walk ----------------------------------------------------------- */

static void statements(chk *c, ast_node *n);

static void for_each(chk *c, ast_node *n)
{
    enum ast_obj o = n->u.each.obj;
    enum ast_type t = o == OBJ_DISK ? TY_DISK : o == OBJ_VOLUME ? TY_VOLUME : TY_PARTITION;
    size_t mark = c->nsyms;
    chk_sym *s;
    chk_focus head;
    chk_cond(c, n->u.each.cond, o);
    s = chk_define(c, n->u.each.var, n->u.each.var_loc, t, n);
    chk_focus_loop(c, n, &head);
    c->focus = head;
    c->loops++;
    statements(c, n->u.each.body);
    c->loops--;
    c->focus = head;
    if (s)
        c->nsyms = mark;
}

static void statements(chk *c, ast_node *n)
{
    for (; n; n = n->next) {
        switch (n->kind) {
        case AST_REQUIRE:
        case AST_ENSURE:
            chk_cond(c, n->u.guard.cond, OBJ_NONE);
            if (n->kind == AST_ENSURE)
                c->step_ensures = true;
            break;
        case AST_FOR_EACH:
            for_each(c, n);
            break;
        case AST_DISKPART:
            chk_diskpart(c, n);
            break;
        case AST_ROBOCOPY:
            chk_robocopy(c, n);
            chk_focus_none(&c->focus, n);
            break;
        case AST_BCDEDIT:
            chk_bcdedit(c, n);
            chk_focus_none(&c->focus, n);
            break;
        default:
            break;
        }
    }
}

static void step(chk *c, ast_node *n)
{
    const ast_node *name = n->u.step.name;
    size_t i;
    for (i = 0; i < c->nsteps && i < LIM_STEPS; i++) {
        const ast_node *o = c->steps[i]->u.step.name;
        if (o->u.string.len == name->u.string.len &&
            memcmp(o->u.string.text, name->u.string.text, name->u.string.len) == 0) {
            unsigned long line;
            chk_line_of(c, c->steps[i]->loc, &line);
            chk_err(c, name->loc, E418, "a step with this name already exists (line %lu): steps are "
                "checkpoints and need distinct names", line);
            break;
        }
    }
    if (c->nsteps == LIM_STEPS) {
        chk_err(c, name->loc, E422, "too many steps (limit is %u)", LIM_STEPS);
        c->nsteps++;
    } else if (c->nsteps < LIM_STEPS) {
        c->steps[c->nsteps++] = n;
    }
    c->selected_letter = NULL;
    chk_focus_none(&c->focus, NULL);
    c->step_destroys = NULL;
    c->step_ensures = false;
    c->step_when = n->u.step.when;
    if (n->u.step.when)
        chk_cond(c, n->u.step.when, OBJ_NONE);
    statements(c, n->u.step.body);
    if (c->step_destroys && !c->step_ensures) {
        unsigned long line;
        chk_line_of(c, c->step_destroys->loc, &line);
        chk_warn(c, name->loc, W401,
             "this step destroys data ('%s' on line %lu) but has no 'ensure': if the run stops "
             "partway, resuming cannot tell whether the step ran; add 'ensure CONDITION' saying "
             "what the step achieves",
             ast_cmd_words(c->step_destroys->u.dp.cmd), line);
    }
}

static void declaration(chk *c, ast_node *n)
{
    if (n->kind == AST_SEL_DECL) {
        ast_node *sel = n->u.decl.sel;
        enum ast_type t = n->u.decl.obj == OBJ_DISK ? TY_DISK : n->u.decl.obj == OBJ_VOLUME ? TY_VOLUME : TY_PARTITION;
        chk_selector(c, sel);
        if (sel->u.sel.obj != n->u.decl.obj)
            chk_err(c, sel->loc, E403, "'%.*s' is declared as a %s but this selects %ss", STR(n->u.decl.name),
                ast_obj_name(n->u.decl.obj), ast_obj_name(sel->u.sel.obj));
        chk_define(c, n->u.decl.name, n->u.decl.name_loc, t, n);
    } else {
        n->u.letter.letter = 'D';
        if (n->u.letter.from && chk_letter_value(c, n->u.letter.from))
            n->u.letter.letter = n->u.letter.from->u.name.value;
        chk_define(c, n->u.letter.name, n->u.letter.name_loc, TY_LETTER, n);
    }
}

bool chk_file(ast_file *f, const diag_src *src, diag_sink *d, arena *ar)
{
    chk c;
    ast_node *n;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.d = d;
    c.a = ar;
    /* entries are written as names and steps are defined: no need to zero
     * the whole tables for every file checked */
    c.syms = arena_alloc_raw(ar, LIM_NAMES * sizeof *c.syms);
    c.steps = arena_alloc_raw(ar, LIM_STEPS * sizeof *c.steps);
    if (!c.syms || !c.steps)
        return false;
    chk_find_allows(&c);
    for (n = f->items; n; n = n->next) {
        switch (n->kind) {
        case AST_SEL_DECL:
        case AST_LETTER_DECL:
            declaration(&c, n);
            break;
        case AST_GUARD:
            chk_cond(&c, n->u.guard.cond, OBJ_NONE);
            break;
        case AST_STEP:
            step(&c, n);
            break;
        default:
            break;
        }
    }
    chk_unused_allows(&c);
    return c.errors == 0;
}
