/* run_guard.c - `mrb run`'s looks at the server (compiler/run/exec_int.h).
 *
 * Before each step the server, listed afresh, must show what the model
 * expects at that point, and the step's requires (before the first step
 * the guards too) must hold on it; after each step the same, with its
 * ensures.  After the last step the mirrors are watched while they
 * resynchronise.
 */
#include "run/exec_int.h"

#include <string.h>

#include "diskpart/compare.h"
#include "plan/identity.h"
#include "base/platform.h"
#include "plan/resolve.h"
#include "capture/snapshot.h"

/* A fresh listing of the server, read by the one listing reader. */
enum exec_status ex_fresh_listing(executor *x, mdl_server *out)
{
    bk_disk_want *want;
    size_t i;
    enum bk_status st;
    snap_options so = {x->o->words, false, false, true};
    if (!(want = util_calloc(x->model.ndisks + 1, sizeof *want))) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    for (i = 0; i < x->model.ndisks; i++) {
        want[i].ref.num = x->model.disks[i].num;
        want[i].ref.missing_id = x->model.disks[i].missing_id;
        want[i].parts = x->model.disks[i].parts_known;
        want[i].detail = x->model.disks[i].detail.known;
    }
    if (plat_interrupted()) {
        util_free(want);
        ex_stop(x, E816, "interrupted (%s): the run stops before its next look at the server; continue with --resume",
                plat_interrupted());
        return EXEC_STOPPED;
    }
    x->wait_shown = 0;
    st = bk_listing(x->bk, want, x->model.ndisks, &x->res);
    util_free(want);
    if (x->bk->kind == BK_PROCESS)
        ex_log_run(x, "a listing of the server", NULL, &x->res, st == BK_OK || x->res.out.len);
    if (st == BK_ERR_NOMEM) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    if (st != BK_OK) {
        ex_stop(x, E810, "cannot take a listing of the server: %s", buf_cstr(&x->res.why));
        return EXEC_IO;
    }
    if (snap_load("the server's listing", x->res.out.data, x->res.out.len, &so, out, x->d) != SNAP_OK) {
        ex_stop(x, E809, "the listing the server gave cannot be read (the messages above say why)");
        return EXEC_STOPPED;
    }
    return EXEC_DONE;
}

/* The conditions of kind k of step s (or the guards when s is nsteps) on
 * a fresh listing. */
bool ex_conditions_hold(executor *x, const mdl_server *fresh, size_t s, enum plan_kind k)
{
    buf why;
    bool ok = true;
    buf_init(&why);
    if (s == x->p->nsteps) {
        const ast_node *n;
        for (n = x->in->ast->items; n; n = n->next) {
            tri t;
            if (n->kind != AST_GUARD)
                continue;
            buf_reset(&why);
            t = res_cond(n->u.guard.cond, x->in->src, fresh, x->p, NULL, &why);
            if (t != TRI_TRUE) {
                ex_stop(x, E803, "guard %s on the server before the first step%s%s%s%s",
                        t == TRI_FALSE ? "is false" : "is unknown", why.len ? ": " : "", buf_cstr(&why),
                        n->u.guard.msg ? ": " : "", n->u.guard.msg ? n->u.guard.msg->u.string.text : "");
                ok = false;
                break;
            }
        }
    } else {
        const plan_step *st = &x->p->steps[s];
        size_t j;
        for (j = 0; j < st->nacts && ok; j++) {
            const plan_act *a = &st->acts[j];
            tri t;
            if (a->kind != k)
                continue;
            buf_reset(&why);
            t = res_cond(a->node->u.guard.cond, x->in->src, fresh, x->p, a, &why);
            if (t != TRI_TRUE) {
                const char *msg = a->node->u.guard.msg ? a->node->u.guard.msg->u.string.text : NULL;
                ex_stop(x, k == PA_REQUIRE ? E803 : E802, "%s:%lu: %s %s on the server %s step %zu \"%s\"%s%s%s%s",
                        x->in->src->name, a->line, k == PA_REQUIRE ? "require" : "ensure",
                        t == TRI_FALSE ? "is false" : "is unknown", k == PA_REQUIRE ? "before" : "after", s + 1,
                        st->name, why.len ? ": " : "", buf_cstr(&why), msg ? ": " : "", msg ? msg : "");
                ok = false;
            }
        }
    }
    buf_free(&why);
    return ok;
}

/* The difference of disk d (of the starting listing) and f (the same
 * number on the fresh listing) in field k, one line appended to why;
 * whether they differ. */
static bool identity_diff(buf *why, const mdl_disk *d, const mdl_disk *f, enum idn_field k)
{
    const char *was = idn_value(d, k), *now = f->detail.known ? idn_value(f, k) : "";
    if (!*was || strcmp(was, now) == 0)
        return false;
    buf_printf(why, "Disk %u: its %s is ", d->num, idn_field_name(k));
    if (!f->detail.known)
        buf_puts(why, "not shown (no detail disk)");
    else
        buf_printf(why, "'%s'", now);
    buf_printf(why, ", the listing captured '%s'", was);
    return true;
}

/* Before the first change: each disk whose identity is checked
 * (compiler/plan/identity.h) must show on the fresh listing the model, Disk ID
 * and Location Path the starting listing captured (E818: the first
 * difference, then the others as notes); the disks that cannot be checked
 * are noted. */
static bool same_disks(executor *x, const mdl_server *fresh)
{
    idn_set ids;
    buf first, more, cannot;
    size_t i, n = 0, k = 0;
    int f;
    bool same = true;
    if (!idn_disks(x->p, x->in->start, &ids)) {
        x->oom = true;
        return false;
    }
    buf_init(&first);
    buf_init(&more);
    buf_init(&cannot);
    for (i = 0; i < ids.n; i++)
        n += !idn_checkable(ids.disks[i]);
    for (i = 0; i < ids.n; i++) {
        const mdl_disk *d = ids.disks[i], *fd = mdl_find_disk(fresh, d->num, false);
        if (!idn_checkable(d)) {
            buf_printf(&cannot, "%sDisk %u", k == 0 ? "" : k + 1 < n ? ", " : " and ", d->num);
            k++;
            continue;
        }
        for (f = 0; fd && f < IDN_COUNT; f++)
            if (identity_diff(same ? &first : &more, d, fd, (enum idn_field)f)) {
                if (!same)
                    buf_putc(&more, '\n');
                same = false;
            }
    }
    if (n)
        diag_note(x->d, NULL, 0, 0, "the identity of %s cannot be checked: the listing has no detail disk for %s; "
                                    "only what list disk and list volume show is compared",
                  buf_cstr(&cannot), n == 1 ? "it" : "them");
    if (!same) {
        ex_stop(x, E818, "%s: that is not the physical disk the listing captured; nothing was sent",
                   buf_cstr(&first));
        ex_notes(x, "", &more);
    }
    if (first.failed || more.failed || cannot.failed)
        x->oom = true;
    idn_free(&ids);
    buf_free(&first);
    buf_free(&more);
    buf_free(&cannot);
    return same && !x->oom;
}

/* Where the server is checked against the model: at the start of a step,
 * where a resumed step continues, or after a step. */
enum check_at { AT_STEP_START, AT_CONTINUE, AT_STEP_END };

/* The E801 of a server that does not show what the model says at `at`. */
static void changed(executor *x, size_t s, size_t c, enum check_at at)
{
    const char *name = x->p->steps[s].name;
    if (at == AT_STEP_START)
        ex_stop(x, E801, "the server changed: before step %zu \"%s\" it does not show what the run expects, so "
                         "the step is not started", s + 1, name);
    else if (at == AT_CONTINUE)
        ex_stop(x, E801, "the server changed: step %zu \"%s\" would continue at command %zu/%zu, but the server "
                         "does not show what the run expects there, so nothing more is sent",
                s + 1, name, x->first_cmd[s] + c + 1, x->ncmds);
    else
        ex_stop(x, E801, "after step %zu \"%s\" the server does not show what the model of DiskPart predicts", s + 1,
                name);
}

/* A fresh listing against the model at `at` of step s (command c where it
 * continues), then the conditions that hold there: before the first change
 * (first), the identity of the disks before all and the guards after; at a
 * step's start its requires, at its end its ensures. */
static enum exec_status check(executor *x, size_t s, size_t c, enum check_at at, bool first)
{
    mdl_server fresh;
    buf why;
    enum exec_status rc;
    mdl_server_init(&fresh);
    buf_init(&why);
    rc = ex_fresh_listing(x, &fresh);
    if (rc == EXEC_DONE && first && !same_disks(x, &fresh))
        rc = x->oom ? EXEC_NOMEM : EXEC_STOPPED;
    if (rc == EXEC_DONE && mdl_server_diff(&x->model, &fresh, &why) > 0) {
        changed(x, s, c, at);
        ex_notes(x, "", &why);
        rc = EXEC_STOPPED;
    }
    if (rc == EXEC_DONE && first && !ex_conditions_hold(x, &fresh, x->p->nsteps, PA_REQUIRE))
        rc = EXEC_STOPPED;
    if (rc == EXEC_DONE && at != AT_CONTINUE &&
        !ex_conditions_hold(x, &fresh, s, at == AT_STEP_START ? PA_REQUIRE : PA_ENSURE))
        rc = EXEC_STOPPED;
    mdl_server_free(&fresh);
    buf_free(&why);
    return rc;
}

enum exec_status ex_check_before(executor *x, size_t s, size_t c, bool step_start, bool first)
{
    return check(x, s, c, step_start ? AT_STEP_START : AT_CONTINUE, first);
}

enum exec_status ex_check_after(executor *x, size_t s)
{
    return check(x, s, 0, AT_STEP_END, false);
}

/* After the last step: the mirrors resynchronise on their own (`add disk`
 * returns at once).  On a server, look at `list volume` every
 * resync_poll_ms, saying each mirror's status and the time since the
 * watch began (DiskPart shows no percentage), until none shows Rebuild;
 * with no poll interval, or on the simulator (whose mirrors never finish),
 * say how to watch it. */
enum exec_status ex_resync_watch(executor *x)
{
    static const char how[] = "watch them with diskpart, list volume, until every Mirror volume shows Healthy "
                              "instead of Rebuild; do not restart the server before then";
    mdl_server fresh;
    uint64_t start = plat_monotonic_ms();
    enum exec_status rc = EXEC_DONE;
    size_t i;
    bool any = false;
    for (i = 0; i < x->model.nvols; i++)
        any = any || (x->model.vols[i].type == VT_MIRROR && x->model.vols[i].status == VS_REBUILD);
    if (!any)
        return EXEC_DONE;
    if (x->bk->kind == BK_SIM || x->o->resync_poll_ms == 0) {
        ex_event(x, "resync", EV(EV_S("watched", "no"), EV_S("how", how)), "the mirrors now resynchronise on their own%s: %s",
                 x->bk->kind == BK_SIM ? " (on a server; the simulator does not model the time it takes)" : "", how);
        return EXEC_DONE;
    }
    ex_event(x, NULL, EV_NONE,
             "the mirrors now resynchronise on their own: watching list volume every %lu s (DiskPart shows no "
             "percentage)", (x->o->resync_poll_ms + 999) / 1000);
    mdl_server_init(&fresh);
    for (;;) {
        unsigned long elapsed;
        bool rebuilding = false, failed = false;
        mdl_server_free(&fresh);
        mdl_server_init(&fresh);
        if ((rc = ex_fresh_listing(x, &fresh)) != EXEC_DONE)
            break;
        elapsed = (unsigned long)((plat_monotonic_ms() - start) / 1000);
        for (i = 0; i < fresh.nvols; i++) {
            const mdl_volume *v = &fresh.vols[i];
            const char *st = mdl_word(&mdl_vol_status_vocab, (int)v->status);
            char letter[2] = {v->letter ? v->letter : '-', '\0'};
            if (v->type != VT_MIRROR)
                continue;
            rebuilding = rebuilding || v->status == VS_REBUILD;
            failed = failed || (v->status != VS_REBUILD && v->status != VS_HEALTHY);
            ex_event(x, "resync",
                     EV(EV_N("elapsed", elapsed), EV_N("volume", v->num), EV_S("letter", letter), EV_S("status", st)),
                     "  resync after %lu s: Volume %u (%s) %s", elapsed, v->num, letter, st);
        }
        if (!rebuilding) {
            if (failed) {
                ex_stop(x, E812, "after %lu s no mirror resynchronises any more, but not every one is Healthy: look "
                                 "at them with diskpart, list volume", elapsed);
                rc = EXEC_STOPPED;
            } else {
                ex_event(x, "resync-done", EV(EV_N("elapsed", elapsed)), "resync done: every mirror is Healthy after %lu s",
                         elapsed);
            }
            break;
        }
        {
            uint64_t until = plat_monotonic_ms() + x->o->resync_poll_ms;
            x->wait_why = "to the next look at the mirrors";
            x->wait_for = "resync";
            x->wait_shown = 0;
            for (;;) {
                uint64_t now = plat_monotonic_ms();
                unsigned long left;
                if (now >= until || plat_interrupted())
                    break;
                left = (unsigned long)(until - now);
                ex_show_wait(x, left);
                plat_sleep_ms(left < 1000 ? left : 1000);
            }
        }
        if (plat_interrupted()) {
            ex_stop(x, E816, "interrupted (%s) while watching the resync: every step is done; the mirrors "
                             "resynchronise on their own: %s", plat_interrupted(), how);
            rc = EXEC_STOPPED;
            break;
        }
    }
    mdl_server_free(&fresh);
    return rc;
}

