/* carry.c - the plan of what is left of an earlier plan (carry.h).
 *
 * Design.  The earlier plan is run again on the simulator, from its own
 * listing, a DiskPart session per script as the verifier runs it, and the
 * model is kept after every DiskPart command: point 0 is the listing,
 * point c the server once c commands are done.  The new capture is
 * compared with every point as a fresh listing shows a server (compare
 * below); the points it equals must form one run of consecutive points
 * (the commands between them change nothing a listing shows: `select`,
 * or `clean` on a disk that was blank), and what is left starts after the
 * first of them, so that a command whose effect no listing shows is run
 * again rather than taken as done.  Two runs, or none, are refused.
 */
#include "plan/carry.h"

#include <stdio.h>
#include <string.h>

#include "diskpart/compare.h"
#include "diskpart/print.h"
#include "plan/verify.h"

/* The earlier plan's model once some of its DiskPart commands are done. */
typedef struct point {
    mdl_server m;
    enum sim_focus fdisk, fvol, fpart;  /* DiskPart's focus then */
    mdl_disk_ref disk;
    unsigned vol;
    uint64_t part_off;
    size_t step, act;                   /* the action after it */
    const char *cmd;                    /* the command done last, or NULL */
} point;

typedef struct points {
    size_t n, cap;
    point *v;
} points;

static void points_free(points *ps)
{
    size_t i;
    for (i = 0; i < ps->n; i++)
        mdl_server_free(&ps->v[i].m);
    util_free(ps->v);
}

void carry_cut_free(carry_cut *c)
{
    util_free(c->last);
    c->last = NULL;
}

static bool add_point(points *ps, const sim *m, size_t step, size_t act, const char *cmd)
{
    point *pt;
    if (!util_grow((void **)&ps->v, &ps->cap, ps->n + 1, sizeof *ps->v))
        return false;
    pt = &ps->v[ps->n];
    memset(pt, 0, sizeof *pt);
    mdl_server_init(&pt->m);
    if (!mdl_server_copy(&pt->m, m->srv))
        return false;
    pt->fdisk = m->fdisk;
    pt->fvol = m->fvol;
    pt->fpart = m->fpart;
    pt->disk = m->disk;
    pt->vol = m->vol;
    pt->part_off = m->part_off;
    pt->step = step;
    pt->act = act;
    pt->cmd = cmd;
    ps->n++;
    return true;
}

/* Every point of the earlier plan.  False on allocation failure, or when a
 * command that was proved fails (which would be a bug: E602 says so). */
static bool predict(const plan *p, const mdl_server *snap, const sim_opts *so, points *ps, diag_sink *d)
{
    mdl_server model;
    sim m;
    buf out;
    size_t i, j;
    bool ok;
    mdl_server_init(&model);
    buf_init(&out);
    if (!mdl_server_copy(&model, snap)) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while carrying on the earlier plan");
        return false;
    }
    sim_init(&m, &model, so, &out);
    ok = add_point(ps, &m, 0, 0, NULL);
    for (i = 0; i < p->nsteps && ok; i++) {
        const plan_step *s = &p->steps[i];
        for (j = 0; j < s->nacts && ok; j++) {
            enum sim_rc rc;
            if (vfy_new_session(s, j))
                m.fdisk = m.fvol = m.fpart = SF_NONE;
            if (s->acts[j].kind != PA_DISKPART)
                continue;
            buf_reset(&out);
            rc = sim_line(&m, s->acts[j].text, strlen(s->acts[j].text));
            if (rc != SIM_OK && rc != SIM_EXIT) {
                diag_error(d, NULL, 0, 0, E602, "the earlier plan's '%s' no longer runs on the model: %s",
                           s->acts[j].text, buf_cstr(&m.why));
                ok = false;
                break;
            }
            ok = add_point(ps, &m, i, j + 1, s->acts[j].text);
            if (!ok)
                diag_error(d, NULL, 0, 0, E010, "out of memory while carrying on the earlier plan");
        }
    }
    sim_free(&m);
    mdl_server_free(&model);
    buf_free(&out);
    return ok;
}

/* ---- the capture against a point ------------------------------------------ */

/* A difference of compare, in words: disks and volumes as the end-of-run
 * check words them (mdl_say_predicted), partitions as a run's check does
 * (mdl_say_diff; both compare.h), a disk's identity against the earlier
 * listing. */
static void say_diff(void *ctx, const mdl_cmp_diff *x)
{
    buf *why = ctx;
    if (x->what == CMP_DISK || x->what == CMP_VOLUME)
        mdl_say_predicted(why, x);
    else if (x->what == CMP_LOCATION)
        buf_printf(why, "Disk " MDL_DISK_FMT ": Location Path %s in the earlier listing, %s now\n",
                   MDL_DISK_ARGS(*x->de), x->de->detail.location, x->df->detail.location);
    else if (x->what == CMP_DISK_ID)
        buf_printf(why, "Disk " MDL_DISK_FMT ": Disk ID %s in the earlier listing, %s now\n", MDL_DISK_ARGS(*x->de),
                   x->de->detail.disk_id, x->df->detail.disk_id);
    else
        mdl_say_diff(why, x);
}

/* What a fresh listing shows of predicted that now does not, by the one
 * comparer (compare.h) with the end-of-run check's leniency (compare.h:
 * Free, a volume's number and Rebuild against Healthy are not differences)
 * and the details: each disk's partitions where both sides list them, and
 * each disk's identity where both captured `detail disk`: its Location
 * Path, and its Disk ID unless it is the disk the plan erases (which gets a
 * new one).  One line per difference in why; their number (why failed when
 * memory ran out). */
static size_t compare(const mdl_server *pred, const mdl_server *now, const plan *p, buf *why)
{
    mdl_cmp_rules r = {.any_volume_number = true, .details = true, .location = true};
    size_t i, n;
    bool nomem;
    for (i = 0; i < pred->ndisks && p->has_target; i++)
        if (mdl_ref_is(p->target, &pred->disks[i]))
            r.new_id = &pred->disks[i];
    n = mdl_compare(pred, now, &r, say_diff, why, &nomem);
    if (nomem) {
        why->failed = true;
        return n ? n : 1;
    }
    return n;
}

static void say_point(buf *b, const points *ps, size_t c)
{
    if (c == 0)
        buf_puts(b, "before its first command");
    else
        buf_printf(b, "after command %zu of %zu, '%s'", c, ps->n - 1, ps->v[c].cmd);
}

/* The closest point, for the refusal: its differences as notes. */
static void no_match(const points *ps, const mdl_server *now, const plan *p, diag_sink *d)
{
    size_t c, best = 0, bestn = (size_t)-1;
    buf why, at;
    for (c = 0; c < ps->n; c++) {
        buf t;
        size_t k;
        buf_init(&t);
        k = compare(&ps->v[c].m, now, p, &t);
        buf_free(&t);
        if (k < bestn) {
            bestn = k;
            best = c;
        }
    }
    buf_init(&why);
    buf_init(&at);
    (void)compare(&ps->v[best].m, now, p, &why);
    say_point(&at, ps, best);
    diag_error(d, NULL, 0, 0, E620,
               "the listing shows the server at no point of the earlier plan: the closest is %s, with %zu "
               "difference%s",
               buf_cstr(&at), bestn, bestn == 1 ? "" : "s");
    {
        const char *s = buf_cstr(&why), *nl;
        for (; *s; s = nl + 1) {
            nl = strchr(s, '\n');
            if (!nl)
                break;
            diag_note(d, NULL, 0, 0, "%.*s", (int)(nl - s), s);
        }
    }
    buf_free(&why);
    buf_free(&at);
}

static bool same_model(const mdl_server *a, const mdl_server *b)
{
    buf why;
    bool eq;
    buf_init(&why);
    eq = mdl_server_eq(a, b, &why);
    buf_free(&why);
    return eq;
}

/* The point the capture stands at: the first of the points it equals,
 * when they form one run, or when every other run starts at the very same
 * model as the first (the plan changed something and changed it back, as
 * a temporary drive letter: what is left from the first is then proved on
 * the model the server has either way).  (size_t)-1 when refused. */
static size_t find_cut(const points *ps, const mdl_server *now, const plan *p, diag_sink *d)
{
    size_t c, first = (size_t)-1, end = 0;
    for (c = 0; c < ps->n; c++) {
        buf t;
        size_t k;
        buf_init(&t);
        k = compare(&ps->v[c].m, now, p, &t);
        if (t.failed) {
            buf_free(&t);
            diag_error(d, NULL, 0, 0, E010, "out of memory while carrying on the earlier plan");
            return (size_t)-1;
        }
        buf_free(&t);
        if (k != 0)
            continue;
        if (first == (size_t)-1) {
            first = end = c;
        } else if (c == end + 1) {
            end = c;
        } else if (same_model(&ps->v[first].m, &ps->v[c].m)) {
            end = c;    /* the plan came back to the very same model */
        } else {
            buf a, b;
            buf_init(&a);
            buf_init(&b);
            say_point(&a, ps, first);
            say_point(&b, ps, c);
            diag_error(d, NULL, 0, 0, E621,
                       "the listing shows the server as the earlier plan leaves it %s and again %s: it cannot "
                       "tell how much was done",
                       buf_cstr(&a), buf_cstr(&b));
            buf_free(&a);
            buf_free(&b);
            return (size_t)-1;
        }
    }
    if (first == (size_t)-1)
        no_match(ps, now, p, d);
    return first;
}

/* ---- the focus ------------------------------------------------------------- */

/* The select lines that give pt's focus, in lines (NUL-separated), or false
 * when no order of them does (or on allocation failure). */
static bool focus_lines(const point *pt, const sim_opts *so, buf *lines, size_t *nlines)
{
    char cand[3][48];
    size_t n = 0, k, i;
    const mdl_disk *dk = pt->fdisk == SF_SET ? mdl_find_disk(&pt->m, pt->disk.num, pt->disk.missing_id) : NULL;
    const mdl_volume *vol = pt->fvol == SF_SET ? mdl_find_volume(&pt->m, pt->vol) : NULL;
    if (pt->fdisk == SF_UNKNOWN || pt->fvol == SF_UNKNOWN || pt->fpart == SF_UNKNOWN)
        return false;
    if (dk)
        snprintf(cand[n++], sizeof cand[0], "select disk " MDL_DISK_FMT, MDL_DISK_ARGS(pt->disk));
    if (dk && pt->fpart == SF_SET) {
        for (i = 0; i < dk->nparts && dk->parts[i].offset.lo != pt->part_off; i++)
            ;
        if (i == dk->nparts)
            return false;
        snprintf(cand[n++], sizeof cand[0], "select partition %u", dk->parts[i].num);
    }
    if (vol && vol->letter)
        snprintf(cand[n++], sizeof cand[0], "select volume %c", vol->letter - 'A' + 'a');
    else if (vol)
        snprintf(cand[n++], sizeof cand[0], "select volume %u", vol->num);
    /* every ordered choice of the candidates, fewest lines first (a volume
     * also focuses its disk and partition) */
    static const unsigned char perms[][4] = {
        {1, 0}, {2, 0, 1}, {1, 1}, {1, 2}, {2, 1, 0}, {2, 0, 2}, {2, 2, 0}, {2, 1, 2}, {2, 2, 1},
        {3, 0, 1, 2}, {3, 0, 2, 1}, {3, 1, 0, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}, {3, 2, 1, 0}};
    /* a volume without a letter is selected by number only when nothing
     * else will do: DiskPart numbers volumes afresh in each session */
    size_t nvol = vol && !vol->letter ? n - 1 : n;
    for (k = 0; k < 2 * (sizeof perms / sizeof perms[0]); k++) {
        const unsigned char *pr = perms[k % (sizeof perms / sizeof perms[0])];
        size_t lim = k < sizeof perms / sizeof perms[0] ? nvol : n;
        mdl_server m;
        sim s;
        buf out;
        bool ok = true, same;
        for (i = 1; i <= pr[0]; i++)
            ok &= pr[i] < lim;
        if (!ok)
            continue;
        mdl_server_init(&m);
        buf_init(&out);
        if (!mdl_server_copy(&m, &pt->m))
            return false;
        sim_init(&s, &m, so, &out);
        for (i = 1; i <= pr[0] && ok; i++)
            ok = sim_line(&s, cand[pr[i]], strlen(cand[pr[i]])) == SIM_OK && s.exit_code == 0;
        same = ok && s.fdisk == pt->fdisk && s.fvol == pt->fvol && s.fpart == pt->fpart &&
               (s.fdisk != SF_SET || (s.disk.num == pt->disk.num && s.disk.missing_id == pt->disk.missing_id)) &&
               (s.fvol != SF_SET || s.vol == pt->vol) && (s.fpart != SF_SET || s.part_off == pt->part_off);
        sim_free(&s);
        mdl_server_free(&m);
        buf_free(&out);
        if (!same)
            continue;
        for (i = 1; i <= pr[0]; i++)
            buf_put(lines, cand[pr[i]], strlen(cand[pr[i]]) + 1);
        *nlines = pr[0];
        return !lines->failed;
    }
    return n == 0;
}

/* Does what is left of step s from action j start inside the DiskPart
 * script of the commands done before it? */
static bool mid_script(const plan_step *s, size_t j)
{
    for (; j < s->nacts; j++) {
        if (s->acts[j].kind == PA_DISKPART)
            return !vfy_new_session(s, j);
        if (s->acts[j].kind == PA_ROBOCOPY || s->acts[j].kind == PA_BCDEDIT)
            return false;
    }
    return false;
}

/* ---- the plan of what is left --------------------------------------------- */

/* A copy of a, its names kept in the listing's words where now, the new
 * capture, describes them otherwise (record.h, rec_hold). */
static bool copy_act(plan_step *ns, const plan_act *a, const mdl_server *now)
{
    plan_act *b = plan_add_act(ns, a->kind, a->text, &a->rec, a->line, a->node);
    return b && plan_act_binds(b, a->binds, a->nbinds) && rec_hold(&b->rec, now);
}

static bool done_steps(plan *out, const plan *p, const carry_cut *cut)
{
    size_t i;
    buf why;
    bool ok = true;
    buf_init(&why);
    buf_printf(&why, "already done (the listing shows the server as the earlier plan leaves it after command "
                     "%zu of %zu, '%s')",
               cut->done, cut->total, cut->last ? cut->last : "");
    for (i = 0; i < p->nskips && ok; i++)     /* the earlier plan's own, before the done steps */
        if (p->skips[i].before <= cut->step)
            ok = plan_add_skip(out, p->skips[i].name, p->skips[i].line, p->skips[i].why);
    for (i = 0; i < cut->step && ok; i++)
        ok = plan_add_skip(out, p->steps[i].name, p->steps[i].line, buf_cstr(&why));
    ok = ok && !why.failed;
    buf_free(&why);
    return ok;
}

/* The rest of p from cut, the focus lines first. */
static bool rest(plan *out, const plan *p, const carry_cut *cut, const buf *focus, size_t nfocus,
                 const mdl_server *now)
{
    static char says[] = "restores the focus the earlier plan's DiskPart had here";
    const rec_cmd restores = {.cited = true, .says = says};
    size_t i, j, k;
    if (!(out->title = util_strndup(p->title ? p->title : "", strlen(p->title ? p->title : ""))))
        return false;
    for (i = 0; i < p->nbinds; i++)
        if (!plan_add_bind(out, &p->binds[i]))
            return false;
    if (!done_steps(out, p, cut))
        return false;
    for (i = cut->step; i < p->nsteps; i++) {
        const plan_step *s = &p->steps[i];
        plan_step *ns = plan_add_step(out, s->name, s->line);
        const char *f = focus->data;
        if (!ns)
            return false;
        for (k = 0; k < p->nskips; k++)     /* left out before the next step */
            if (p->skips[k].before == i + 1 &&
                !plan_add_skip(out, p->skips[k].name, p->skips[k].line, p->skips[k].why))
                return false;
        j = i == cut->step ? cut->act : 0;
        for (k = 0; i == cut->step && k < nfocus; k++, f += strlen(f) + 1) {
            const plan_act *a = &s->acts[j];
            plan_act *b = plan_add_act(ns, PA_DISKPART, f, &restores, a->line, a->node);
            if (!b || !plan_act_binds(b, a->binds, a->nbinds))
                return false;
        }
        for (; j < s->nacts; j++) {
            if (i == cut->step && cut->act > 0 && s->acts[j].kind == PA_REQUIRE)
                continue;   /* it held when the step started */
            if (!copy_act(ns, &s->acts[j], now))
                return false;
        }
    }
    return true;
}

static bool capture_rows(plan *out, const mdl_server *now)
{
    size_t i;
    for (i = 0; i < now->ndisks; i++)
        if (now->disks[i].row && !plan_add_row(out, now->disks[i].row))
            return false;
    for (i = 0; i < now->nvols; i++)
        if (now->vols[i].row && !plan_add_row(out, now->vols[i].row))
            return false;
    return true;
}

/* The notes of what was done and what is left. */
static void say_done(const carry_cut *cut, const plan *p, diag_sink *d)
{
    if (cut->done == 0) {
        diag_note(d, NULL, 0, 0, "no command of the earlier plan is done: the whole plan is left");
        return;
    }
    diag_note(d, NULL, 0, 0, "commands 1 to %zu of the earlier plan's %zu DiskPart commands are done (the last: "
                             "'%s'): they are left out",
              cut->done, cut->total, cut->last);
    if (cut->step >= p->nsteps)
        diag_note(d, NULL, 0, 0, "every step of the earlier plan is done");
    else if (cut->act > 0)
        diag_note(d, NULL, 0, 0, "step %zu, '%s', is part-done: what is left of it starts at its action %zu%s",
                  cut->step + 1, p->steps[cut->step].name, cut->act + 1,
                  cut->focus ? ", after select lines that restore DiskPart's focus" : "");
    else if (cut->step > 0)
        diag_note(d, NULL, 0, 0, "steps 1 to %zu are done; what is left starts at step %zu, '%s'", cut->step,
                  cut->step + 1, p->steps[cut->step].name);
}

static bool oom(diag_sink *d)
{
    diag_error(d, NULL, 0, 0, E010, "out of memory while carrying on the earlier plan");
    return false;
}

bool carry_plan(const plan *p, const mdl_server *snap, const sim_opts *so, const mdl_server *now,
                const diag_src *src, plan *out, carry_cut *cut, diag_sink *d)
{
    points ps;
    size_t c, nfocus = 0;
    buf focus, why;
    bool ok = false;
    memset(cut, 0, sizeof *cut);
    memset(&ps, 0, sizeof ps);
    buf_init(&focus);
    buf_init(&why);
    if (!predict(p, snap, so, &ps, d) || (c = find_cut(&ps, now, p, d)) == (size_t)-1)
        goto out;
    cut->done = c;
    cut->total = ps.n - 1;
    cut->step = ps.v[c].step;
    cut->act = ps.v[c].act;
    while (cut->step < p->nsteps && cut->act >= p->steps[cut->step].nacts) {
        cut->step++;
        cut->act = 0;
    }
    if (ps.v[c].cmd && !(cut->last = util_strndup(ps.v[c].cmd, strlen(ps.v[c].cmd)))) {
        ok = oom(d);
        goto out;
    }
    /* when no order of select lines gives that focus (a mirror's after
     * `add`), what is left starts without one: the proof below then shows
     * that its first commands set their own, or refuses it */
    if (cut->step < p->nsteps && cut->act > 0 && mid_script(&p->steps[cut->step], cut->act) &&
        !focus_lines(&ps.v[c], so, &focus, &nfocus)) {
        if (focus.failed) {
            ok = oom(d);
            goto out;
        }
        buf_reset(&focus);
        nfocus = 0;
    }
    cut->focus = nfocus;
    if (!rest(out, p, cut, &focus, nfocus, now) || !capture_rows(out, now)) {
        ok = oom(d);
        goto out;
    }
    say_done(cut, p, d);
    if (!vfy_plan_from(out, src, snap, &ps.v[c].m, so, d))
        goto out;
    if ((out->has_target && (!p->has_target || out->target.num != p->target.num ||
                             out->target.missing_id != p->target.missing_id)) ||
        mdl_predicted_diff(&p->after, &out->after, &why) != 0) {
        diag_error(d, NULL, 0, 0, E622, "what is left of the earlier plan does not reach its end on the model%s%s",
                   why.len ? ": " : "", buf_cstr(&why));
        goto out;
    }
    ok = true;
out:
    points_free(&ps);
    buf_free(&focus);
    buf_free(&why);
    return ok;
}
