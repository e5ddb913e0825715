/* resolve.c - selectors against a listing: a checked procedure and a snapshot into a plan.
 *
 * Design.  Each selector is decided by the evaluator (eval.c), every object
 * of the listing in turn its candidate; `for each` unrolls over the objects
 * its predicate matches; guards and `when` are decided on the listing.
 * Each statement becomes a plan action whose line render.c writes.
 */
#include "plan/resolve.h"

#include <stdio.h>
#include <string.h>

#include "capture/listing.h"
#include "diskpart/print.h"
#include "plan/render.h"

/* ---- the resolver proper ---- */

#define MAX_LOOP 64

typedef struct resolver {
    const diag_src *src;
    diag_sink *d;
    const mdl_server *snap;
    plan *p;
    plan_bind loops[MAX_LOOP];      /* loop variables in scope */
    size_t nloops;
    bool failed;
    bool oom;
    bool probe_told;                /* the one "capture with mrb probe" error was given */
    /* the offsets of the source's line ends, for line_at; lines_made once
     * built (nl stays NULL if that failed) */
    bool lines_made;
    size_t *nl, nnl;
} resolver;

/* Offsets of every LF in the source: one pass, so that line_at is a
 * bisection rather than a scan from the start for each of the plan's lines. */
static void make_lines(resolver *r)
{
    size_t i, n = 0, cap = 0;
    r->lines_made = true;
    for (i = 0; i < r->src->len; i++) {
        if (r->src->text[i] != '\n')
            continue;
        if (!util_grow((void **)&r->nl, &cap, n + 1, sizeof *r->nl)) {
            util_free(r->nl);
            r->nl = NULL;
            return;
        }
        r->nl[n++] = i;
    }
    r->nnl = n;
}

static unsigned long line_at(resolver *r, size_t off)
{
    unsigned long line, col;
    size_t lo = 0, hi, mid;
    if (!r->lines_made)
        make_lines(r);
    if (!r->nl) {   /* no table (no LF, or no memory for it): the plain count */
        diag_linecol(r->src, off, &line, &col);
        return line;
    }
    /* as diag_linecol: 1 + the LFs before off, off at most the length */
    if (off > r->src->len)
        off = r->src->len;
    hi = r->nnl;
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (r->nl[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 1 + (unsigned long)lo;
}

static ev_ctx ctx_of(resolver *r, buf *whybuf)
{
    ev_ctx c;
    memset(&c, 0, sizeof c);
    c.src = r->src;
    c.srv = r->snap;
    c.p = r->p;
    c.loc = r->loops;
    c.nloc = r->nloops;
    c.why = whybuf;
    c.it = OBJ_NONE;
    return c;
}

static plan_bind bind_of_candidate(const ev_ctx *c, const ast_node *decl)
{
    plan_bind b;
    memset(&b, 0, sizeof b);
    b.decl = decl;
    b.obj = c->it;
    if (c->it == OBJ_VOLUME) {
        b.num = c->it_vol->num;
    } else {
        b.disk.num = c->it_disk->num;
        b.disk.missing_id = c->it_disk->missing_id;
        if (c->it == OBJ_PARTITION)
            b.num = c->it_part ? c->it_part->num : 0;
    }
    return b;
}

static void describe_candidate(buf *b, const ev_ctx *c)
{
    if (c->it == OBJ_DISK)
        ev_describe_disk(b, c->it_disk);
    else if (c->it == OBJ_VOLUME)
        ev_describe_volume(b, c->it_vol);
    else if (c->it_part)
        ev_describe_part(b, c->it_disk, c->it_part);
    else {
        buf_puts(b, "a partition of ");
        prt_disk_name(b, c->it_disk);
    }
}

typedef struct selecting {
    resolver *r;
    const ast_node *sel;
    const ast_node *decl;
    size_t yes, maybe, total;
    size_t uncaptured;  /* unknowns due to a disk whose `list partition` is missing */
    plan_bind found;
    buf notes;      /* one line per candidate */
    buf ident;      /* the identity of each disk that matches, when known */
} selecting;

/* What tells disk d from another that lists alike (SPEC.md, "Attributes"):
 * one line, none when nothing of it is known. */
static void identity_line(buf *b, const mdl_disk *d)
{
    const char *model = d->detail.known ? d->detail.model : NULL;
    const char *where = d->detail.known ? d->detail.location : NULL;
    const char *serial = d->inv.known && d->inv.serial && *d->inv.serial ? d->inv.serial : NULL;
    if (!model && !where && !serial)
        return;
    prt_disk_name(b, d);
    buf_putc(b, ':');
    if (model)
        buf_printf(b, " model \"%s\"%s", model, where || serial ? "," : "");
    if (where)
        buf_printf(b, " location \"%s\"%s", where, serial ? "," : "");
    if (serial)
        buf_printf(b, " serial \"%s\"", serial);
    buf_putc(b, '\n');
}

/* Candidate c decided by judge (ev_match or ev_cond) on n: reason (set up
 * here, freed by the caller) says what made it false or unknown, *unc
 * whether an unknown is due to a disk whose `list partition` is missing. */
static tri decide(ev_ctx *c, tri (*judge)(ev_ctx *, const ast_node *), const ast_node *n, buf *reason,
                  bool *unc)
{
    tri t;
    buf_init(reason);
    *unc = false;
    c->why = reason;
    c->uncaptured = unc;
    t = judge(c, n);
    c->why = NULL;
    c->uncaptured = NULL;
    return t;
}

/* The end of a candidate's note line when the listing cannot decide it. */
static void note_cannot_tell(buf *notes, const buf *reason)
{
    buf_printf(notes, ": cannot tell: %s\n", reason->len ? buf_cstr(reason) : "the listing does not say");
}

static bool select_one(ev_ctx *c, void *arg)
{
    selecting *s = arg;
    buf reason;
    tri t;
    bool unc;
    t = decide(c, ev_match, s->sel, &reason, &unc);
    s->total++;
    describe_candidate(&s->notes, c);
    if (t == TRI_TRUE) {
        s->yes++;
        s->found = bind_of_candidate(c, s->decl);
        buf_puts(&s->notes, ": matches\n");
        if (c->it == OBJ_DISK)
            identity_line(&s->ident, c->it_disk);
    } else if (t == TRI_FALSE) {
        buf_printf(&s->notes, ": excluded: %s\n", reason.len ? buf_cstr(&reason) : "the predicate is false");
    } else {
        s->maybe++;
        s->uncaptured += unc;
        note_cannot_tell(&s->notes, &reason);
    }
    buf_free(&reason);
    return true;
}

static void notes_out(resolver *r, const buf *notes)
{
    const char *p = buf_cstr(notes);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        diag_note(r->d, NULL, 0, 0, "%.*s", (int)n, p);
        p += n + (nl ? 1 : 0);
    }
}

/* A listing without the per-disk captures (the guide's own listings): when
 * every undecided candidate is undecided for that reason, one error says
 * which capture to make, once, instead of a note per candidate; later
 * selectors undecided for the same reason add nothing.  True when it took
 * care of the refusal. */
static bool need_probe(resolver *r, ast_loc at, const char *what)
{
    size_t i, n = 0;
    buf disks;
    r->failed = true;
    if (r->probe_told)
        return true;
    r->probe_told = true;
    buf_init(&disks);
    for (i = 0; i < r->snap->ndisks; i++) {
        const mdl_disk *d = &r->snap->disks[i];
        if (d->parts_known || d->missing_id || d->status != DS_ONLINE)
            continue;
        buf_printf(&disks, "%s%u", n ? ", " : "", d->num);
        n++;
    }
    diag_error(r->d, r->src, at.start, at.end, E503,
               "cannot tell %s: the listing does not show the partitions of disk%s %s; "
               LST_CAPTURE_HOW " and compile against that snapshot",
               what, n == 1 ? "" : "s", n ? buf_cstr(&disks) : "that the procedure names");
    buf_free(&disks);
    return true;
}

/* Resolve a selector to exactly one object of the listing. */
static bool resolve_selector(resolver *r, const ast_node *decl, const ast_node *sel, ast_loc at,
                             const char *name, size_t namelen, plan_bind *out)
{
    ev_ctx c = ctx_of(r, NULL);
    selecting s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.sel = sel;
    s.decl = decl;
    buf_init(&s.notes);
    buf_init(&s.ident);
    ev_each_candidate(&c, sel->u.sel.obj, select_one, &s);
    if (s.yes == 1 && s.maybe == 0) {
        *out = s.found;
        buf_free(&s.notes);
        buf_free(&s.ident);
        return true;
    }
    if (s.maybe && s.uncaptured == s.maybe) {
        buf what;
        buf_init(&what);
        buf_printf(&what, "which %s '%.*s' is", ast_obj_name(sel->u.sel.obj), (int)namelen, name);
        need_probe(r, at, buf_cstr(&what));
        buf_free(&what);
        buf_free(&s.notes);
        buf_free(&s.ident);
        return false;
    }
    if (s.maybe)
        diag_error(r->d, r->src, at.start, at.end, E503,
                   "cannot tell which %s '%.*s' is: the listing does not decide %zu candidate%s",
                   ast_obj_name(sel->u.sel.obj), (int)namelen, name, s.maybe, s.maybe == 1 ? "" : "s");
    else if (s.yes == 0)
        diag_error(r->d, r->src, at.start, at.end, E501, "no %s of the listing matches '%.*s'%s",
                   ast_obj_name(sel->u.sel.obj), (int)namelen, name, s.total ? "" : " (the listing shows none)");
    else
        diag_error(r->d, r->src, at.start, at.end, E502,
                   "'%.*s' matches %zu %ss of the listing: it must denote exactly one", (int)namelen, name,
                   s.yes, ast_obj_name(sel->u.sel.obj));
    notes_out(r, &s.notes);
    if (!s.maybe && s.yes > 1 && s.ident.len) {
        notes_out(r, &s.ident);
        diag_note(r->d, NULL, 0, 0, "say which one by its identity: 'and location = \"...\"', 'and model != "
                  "\"...\"', ... (SPEC.md, section 4, \"Attributes\")");
    }
    buf_free(&s.notes);
    buf_free(&s.ident);
    r->failed = true;
    return false;
}

/* Letters the listing shows in use, or that an earlier variable took. */
static bool letter_taken(const resolver *r, char l)
{
    size_t i;
    for (i = 0; i < r->snap->nvols; i++)
        if (r->snap->vols[i].letter == l)
            return true;
    for (i = 0; i < r->p->nbinds; i++)
        if (r->p->binds[i].obj == OBJ_NONE && r->p->binds[i].letter == l)
            return true;
    return false;
}

static void letter_decl(resolver *r, const ast_node *n)
{
    plan_bind b;
    char start = (char)(n->u.letter.letter ? n->u.letter.letter : 'D'), l;
    int k;
    memset(&b, 0, sizeof b);
    b.decl = n;
    b.obj = OBJ_NONE;
    /* from the named letter to Z, then from D up to it (A and B are left
     * to floppy drives, C is the system) */
    for (k = 0, l = start; k < 26; k++) {
        if (l >= 'D' && !letter_taken(r, l)) {
            b.letter = l;
            if (!plan_add_bind(r->p, &b))
                r->oom = true;
            return;
        }
        l = l == 'Z' ? 'D' : (char)(l + 1);
    }
    diag_error(r->d, r->src, n->loc.start, n->loc.end, E506,
               "no drive letter is free for '%.*s': the listing shows every letter from D to Z in use",
               (int)n->u.letter.name.n, n->u.letter.name.p);
    r->failed = true;
}

static void guard(resolver *r, const ast_node *n)
{
    buf w;
    ev_ctx c;
    tri t;
    buf_init(&w);
    c = ctx_of(r, &w);
    t = ev_cond(&c, n->u.guard.cond);
    if (t == TRI_FALSE) {
        diag_error(r->d, r->src, n->loc.start, n->u.guard.cond->loc.end, E504, "guard failed: %s",
                   n->u.guard.msg ? n->u.guard.msg->u.string.text : "the condition is false");
        if (w.len)
            diag_note(r->d, NULL, 0, 0, "on the listing: %s", buf_cstr(&w));
        r->failed = true;
    } else if (t == TRI_UNKNOWN) {
        diag_error(r->d, r->src, n->u.guard.cond->loc.start, n->u.guard.cond->loc.end, E505,
                   "the listing cannot decide this guard%s%s", w.len ? ": " : "", buf_cstr(&w));
        if (n->u.guard.msg)
            diag_note(r->d, NULL, 0, 0, "it guards against: %s", n->u.guard.msg->u.string.text);
        r->failed = true;
    }
    buf_free(&w);
}

/* ---- statements to plan actions ---- */

static void add_act(resolver *r, plan_step *s, enum plan_kind k, const buf *text, const rec_cmd *rec,
                    const ast_node *n)
{
    plan_act *a;
    if (text && text->failed) {
        r->oom = true;  /* a line cut short must not reach the plan */
        return;
    }
    a = plan_add_act(s, k, text ? buf_cstr(text) : NULL, rec, line_at(r, n->loc.start), n);
    if (!a || !plan_act_binds(a, r->loops, r->nloops))
        r->oom = true;
}

/* A statement as the line the plan runs (render.c), with its record: what
 * the names on it stand for (record.h). */
static void action(resolver *r, plan_step *s, enum plan_kind k, const ast_node *n)
{
    buf text;
    rec_cmd rec;
    bool failed = false;
    ev_ctx c = ctx_of(r, NULL);
    buf_init(&text);
    memset(&rec, 0, sizeof rec);
    rec.cited = true;
    rec.line = line_at(r, n->loc.start);
    switch (k) {
    case PA_DISKPART: rnd_diskpart(&c, n, &text, &rec, &failed); break;
    case PA_ROBOCOPY: rnd_robocopy(&c, n, &text, &rec, &failed); break;
    case PA_BCDEDIT: rnd_bcdedit(&c, n, &text, &rec, &failed); break;
    default: break;
    }
    if (failed)
        r->oom = true;  /* a record cut short must not reach the plan */
    else
        add_act(r, s, k, &text, &rec, n);
    buf_free(&text);
    rec_cmd_free(&rec);
}

static void statements(resolver *r, plan_step *s, const ast_node *n);

typedef struct unrolling {
    resolver *r;
    const ast_node *loop;
    size_t n, cap;
    plan_bind *found;
    buf notes;
    bool unknown, oom;
    bool other_unknown;     /* an unknown not due to a missing `list partition` */
} unrolling;

static bool unroll_one(ev_ctx *c, void *arg)
{
    unrolling *u = arg;
    buf reason;
    tri t;
    bool unc;
    t = decide(c, ev_cond, u->loop->u.each.cond, &reason, &unc);
    if (t == TRI_TRUE) {
        if (!util_grow((void **)&u->found, &u->cap, u->n + 1, sizeof *u->found))
            u->oom = true;
        else
            u->found[u->n++] = bind_of_candidate(c, u->loop);
    }
    if (t == TRI_UNKNOWN) {
        u->unknown = true;
        u->other_unknown |= !unc;
        describe_candidate(&u->notes, c);
        note_cannot_tell(&u->notes, &reason);
    }
    buf_free(&reason);
    return true;
}

static void for_each(resolver *r, plan_step *s, const ast_node *n)
{
    unrolling *u = util_calloc(1, sizeof *u);
    ev_ctx c = ctx_of(r, NULL);
    size_t i;
    if (!u) {
        r->oom = true;
        return;
    }
    u->r = r;
    u->loop = n;
    buf_init(&u->notes);
    ev_each_candidate(&c, n->u.each.obj, unroll_one, u);
    if (u->oom) {
        r->oom = true;
    } else if (u->unknown && !u->other_unknown) {
        ast_loc at = n->loc;
        buf what;
        buf_init(&what);
        at.end = n->u.each.cond->loc.end;
        buf_printf(&what, "which %ss this loop covers", ast_obj_name(n->u.each.obj));
        need_probe(r, at, buf_cstr(&what));
        buf_free(&what);
    } else if (u->unknown) {
        diag_error(r->d, r->src, n->loc.start, n->u.each.cond->loc.end, E503,
                   "the listing cannot tell which %ss this loop covers", ast_obj_name(n->u.each.obj));
        notes_out(r, &u->notes);
        r->failed = true;
    } else if (r->nloops >= MAX_LOOP) {
        r->oom = true;
    } else {
        for (i = 0; i < u->n; i++) {
            r->loops[r->nloops++] = u->found[i];
            statements(r, s, n->u.each.body);
            r->nloops--;
        }
    }
    buf_free(&u->notes);
    util_free(u->found);
    util_free(u);
}

static void statements(resolver *r, plan_step *s, const ast_node *n)
{
    for (; n; n = n->next) {
        switch (n->kind) {
        case AST_DISKPART: action(r, s, PA_DISKPART, n); break;
        case AST_ROBOCOPY: action(r, s, PA_ROBOCOPY, n); break;
        case AST_BCDEDIT: action(r, s, PA_BCDEDIT, n); break;
        case AST_REQUIRE: add_act(r, s, PA_REQUIRE, NULL, NULL, n); break;
        case AST_ENSURE: add_act(r, s, PA_ENSURE, NULL, NULL, n); break;
        case AST_FOR_EACH: for_each(r, s, n); break;
        default: break;
        }
    }
}

/* The listing rows of the objects the plan names, for the stale-plan guard. */
static void rows_of(resolver *r, const plan_bind *b)
{
    buf row;
    const mdl_disk *d;
    const mdl_volume *v;
    buf_init(&row);
    if (b->obj == OBJ_DISK || b->obj == OBJ_PARTITION) {
        if ((d = ev_find_disk(r->snap, b->disk))) {
            if (d->row)
                buf_puts(&row, d->row);
            else
                prt_disk_row(&row, d);
        }
    } else if (b->obj == OBJ_VOLUME && (v = mdl_find_volume(r->snap, b->num))) {
        if (v->row)
            buf_puts(&row, v->row);
        else
            prt_volume_row(&row, v);
    }
    if (row.failed || (row.len && !plan_add_row(r->p, buf_cstr(&row))))
        r->oom = true;  /* a row the stale-plan guard would not check */
    buf_free(&row);
}

/* ---- which declarations a server needs: steps `when` (SPEC.md) ---- */

/* The declarations of a file, and what is known of each: whether a step
 * that applies, a guard or a `when` condition uses it (live), whether
 * anything uses it at all (used), and whether it has been resolved. */
typedef struct decl_set {
    const ast_node **decl;
    bool *live, *used, *done;
    size_t n;
} decl_set;

static long decl_index(const decl_set *ds, const ast_node *decl)
{
    size_t i;
    for (i = 0; i < ds->n; i++)
        if (ds->decl[i] == decl)
            return (long)i;
    return -1;
}

typedef struct mark_ctx {
    decl_set *ds;
    bool *flags;
} mark_ctx;

static void mark_ref(const ast_node *n, void *ctxp)
{
    mark_ctx *m = ctxp;
    const ast_node *decl = NULL;
    long i;
    if (n->kind == AST_NAME && n->u.name.res == RES_SYMBOL)
        decl = n->u.name.decl;
    else if (n->kind == AST_DRIVE)
        decl = n->u.drive.decl;
    if (decl && (i = decl_index(m->ds, decl)) >= 0)
        m->flags[i] = true;
}

static void mark(decl_set *ds, bool *flags, const ast_node *n)
{
    mark_ctx m = {ds, flags};
    ast_walk(n, mark_ref, &m);
}

/* Close flags over the declarations live ones use: a declaration only uses
 * earlier ones, so one pass from the last does it. */
static void close_over(decl_set *ds, bool *flags)
{
    size_t i;
    for (i = ds->n; i-- > 0;)
        if (flags[i])
            mark(ds, flags, ds->decl[i]);
}

static void resolve_decl(resolver *r, decl_set *ds, size_t i)
{
    const ast_node *n = ds->decl[i];
    plan_bind b;
    ds->done[i] = true;
    if (n->kind == AST_LETTER_DECL)
        letter_decl(r, n);
    else if (resolve_selector(r, n, n->u.decl.sel, n->loc, n->u.decl.name.p, n->u.decl.name.n, &b) &&
             !plan_add_bind(r->p, &b))
        r->oom = true;
}

/* Whether step n applies to this server: its `when` on the listing.  On
 * false, why says so; unknown refuses the compile. */
static tri step_applies(resolver *r, const ast_node *n, buf *why)
{
    ev_ctx c;
    tri t;
    if (!n->u.step.when)
        return TRI_TRUE;
    c = ctx_of(r, why);
    t = ev_cond(&c, n->u.step.when);
    if (t == TRI_UNKNOWN) {
        diag_error(r->d, r->src, n->u.step.when->loc.start, n->u.step.when->loc.end, E507,
                   "the listing cannot tell whether step \"%s\" applies to this server%s%s",
                   n->u.step.name->u.string.text, why->len ? ": " : "", buf_cstr(why));
        r->failed = true;
    } else if (t == TRI_FALSE && !why->len) {
        buf_puts(why, "its condition is false");
    }
    return t;
}

/* Mark in ds.live every declaration that a step which applies, or a guard,
 * uses, and every declaration nothing uses; applies[] is each step's `when`. */
static void mark_needed(const ast_file *f, decl_set *ds, const tri *applies)
{
    const ast_node *n;
    size_t i, si;
    for (n = f->items, si = 0; n; n = n->next) {
        if (n->kind == AST_STEP) {
            mark(ds, ds->used, n);
            if (applies[si++] == TRI_TRUE)
                mark(ds, ds->live, n);
        } else if (n->kind == AST_GUARD) {
            mark(ds, ds->live, n);
        } else {
            mark(ds, ds->used, n->kind == AST_SEL_DECL ? n->u.decl.sel : n->u.letter.from);
        }
    }
    for (i = 0; i < ds->n; i++)
        if (!ds->used[i])
            ds->live[i] = true;
    close_over(ds, ds->live);
}

/* Step n into the plan, or, when its `when` is false (t), into the plan's
 * steps left out, with a note saying why. */
static void plan_step_of(resolver *r, const ast_node *n, tri t)
{
    plan_step *s;
    if (t == TRI_FALSE) {
        buf why;
        buf_init(&why);
        step_applies(r, n, &why);
        if (why.failed || !plan_add_skip(r->p, n->u.step.name->u.string.text, line_at(r, n->loc.start),
                                         buf_cstr(&why)))
            r->oom = true;
        else
            diag_note(r->d, r->src, n->loc.start, n->u.step.name->loc.end, "step \"%s\" is left out on this server: %s",
                      n->u.step.name->u.string.text, buf_cstr(&why));
        buf_free(&why);
        return;
    }
    if (!(s = plan_add_step(r->p, n->u.step.name->u.string.text, line_at(r, n->loc.start)))) {
        r->oom = true;
        return;
    }
    statements(r, s, n->u.step.body);
}

/* The listing rows of each binding: the global selectors', then every loop
 * variable's. */
static void rows_all(resolver *r)
{
    const plan *p = r->p;
    size_t i, j, k;
    for (i = 0; i < p->nbinds && !r->oom; i++)
        rows_of(r, &p->binds[i]);
    for (i = 0; i < p->nsteps && !r->oom; i++)
        for (j = 0; j < p->steps[i].nacts; j++)
            for (k = 0; k < p->steps[i].acts[j].nbinds; k++)
                rows_of(r, &p->steps[i].acts[j].binds[k]);
}

/* ---- a resolver over a file's declarations: res_plan and res_decls ---- */

/* A resolver of f against snap into p, and ds over f's declarations (with
 * `used` when with_used): r->oom when there is no memory for it. */
static void resolver_open(resolver *r, decl_set *ds, const ast_file *f, const diag_src *src, const mdl_server *snap,
                          plan *p, diag_sink *d, bool with_used)
{
    const ast_node *n;
    size_t i;
    memset(r, 0, sizeof *r);
    memset(ds, 0, sizeof *ds);
    r->src = src;
    r->d = d;
    r->snap = snap;
    r->p = p;
    for (n = f->items; n; n = n->next)
        ds->n += n->kind == AST_SEL_DECL || n->kind == AST_LETTER_DECL;
    if (ds->n && (!(ds->decl = util_calloc(ds->n, sizeof *ds->decl)) ||
                  !(ds->live = util_calloc(ds->n, sizeof *ds->live)) ||
                  (with_used && !(ds->used = util_calloc(ds->n, sizeof *ds->used))) ||
                  !(ds->done = util_calloc(ds->n, sizeof *ds->done)))) {
        r->oom = true;
        return;
    }
    for (n = f->items, i = 0; n; n = n->next)
        if (n->kind == AST_SEL_DECL || n->kind == AST_LETTER_DECL)
            ds->decl[i++] = n;
}

/* The end of resolver_open's: true when the plan is whole. */
static bool resolver_close(resolver *r, decl_set *ds)
{
    util_free(ds->decl);
    util_free(ds->live);
    util_free(ds->used);
    util_free(ds->done);
    if (r->oom)
        diag_error(r->d, NULL, 0, 0, E010, "out of memory while resolving");
    util_free(r->nl);
    return !r->failed && !r->oom;
}

bool res_plan(const ast_file *f, const diag_src *src, const mdl_server *snap, plan *p, diag_sink *d)
{
    resolver r;
    const ast_node *n;
    decl_set ds;
    tri *applies = NULL;
    size_t i, nsteps = 0, si;
    resolver_open(&r, &ds, f, src, snap, p, d, true);
    if (!r.oom && f->title && !(p->title = util_strndup(f->title->u.string.text, f->title->u.string.len)))
        r.oom = true;
    for (n = f->items; n; n = n->next)
        nsteps += n->kind == AST_STEP;
    if (!r.oom && nsteps && !(applies = util_calloc(nsteps, sizeof *applies)))
        r.oom = true;
    /* 1. the declarations the `when` conditions use, resolved first */
    for (n = f->items; n && !r.oom; n = n->next)
        if (n->kind == AST_STEP && n->u.step.when)
            mark(&ds, ds.live, n->u.step.when);
    if (!r.oom)
        close_over(&ds, ds.live);
    for (i = 0; i < ds.n && !r.oom && !r.failed; i++)
        if (ds.live[i])
            resolve_decl(&r, &ds, i);
    /* 2. which steps apply */
    for (n = f->items, si = 0; n && !r.oom && !r.failed; n = n->next) {
        buf why;
        if (n->kind != AST_STEP)
            continue;
        buf_init(&why);
        applies[si++] = step_applies(&r, n, &why);
        buf_free(&why);
    }
    /* 3. the declarations anything that applies uses, and those nothing
     * uses (resolved, as they always were); the rest only steps left out use */
    if (!r.oom)
        mark_needed(f, &ds, applies);
    /* 4. in file order */
    for (n = f->items, i = 0, si = 0; n && !r.oom; n = n->next) {
        switch (n->kind) {
        case AST_SEL_DECL:
        case AST_LETTER_DECL:
            if (ds.live[i] && !ds.done[i])
                resolve_decl(&r, &ds, i);
            i++;
            break;
        case AST_GUARD:
            if (!r.failed)
                guard(&r, n);
            break;
        case AST_STEP: {
            tri t = applies[si++];
            if (!r.failed)
                plan_step_of(&r, n, t);
            break;
        }
        default:
            break;
        }
    }
    util_free(applies);
    rows_all(&r);
    return resolver_close(&r, &ds);
}

/* ---- some declarations only: mrb ticket (compiler/plan/ticket.h) ---- */

bool res_decls(const ast_file *f, const diag_src *src, const mdl_server *snap, const char *const *names,
               size_t nnames, plan *p, diag_sink *d)
{
    resolver r;
    decl_set ds;
    size_t i, k;
    resolver_open(&r, &ds, f, src, snap, p, d, false);
    for (i = 0; i < ds.n && !r.oom; i++) {
        const ast_node *n = ds.decl[i];
        for (k = 0; k < nnames && n->kind == AST_SEL_DECL; k++)
            if (n->u.decl.name.n == strlen(names[k]) && memcmp(n->u.decl.name.p, names[k], n->u.decl.name.n) == 0)
                ds.live[i] = true;
    }
    if (!r.oom)
        close_over(&ds, ds.live);
    for (i = 0; i < ds.n && !r.oom; i++)
        if (ds.live[i])
            resolve_decl(&r, &ds, i);
    return resolver_close(&r, &ds);
}
