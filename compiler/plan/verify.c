/* verify.c - run the plan on the simulator; check conditions and safety.
 *
 * Design.  The safety rules are checked here, on the model, before each
 * command runs, whatever the procedure's guards say: they are what stands
 * between a wrong selector and a wiped disk, so they read the facts from
 * the snapshot (what the operator's listing showed) and the simulator's
 * focus (which disk DiskPart would act on), never from the procedure.
 */
#include "plan/verify.h"

#include <string.h>

#include "diskpart/dpcmd.h"
#include "diskpart/dpmsg.h"
#include "diskpart/print.h"
#include "plan/resolve.h"

typedef struct verifier {
    plan *p;
    const diag_src *src;
    const mdl_server *snap;
    diag_sink *d;
    sim m;
    mdl_server model;
    buf out;
    bool failed, oom;
    bool have_target;           /* the one disk destructive commands may reach */
    mdl_disk_ref target;
    unsigned script;            /* the record's DiskPart script so far, and the */
    size_t place;               /* number of commands in it */
} verifier;

bool vfy_new_session(const plan_step *s, size_t j)
{
    size_t k;
    if (j == 0)
        return true;
    for (k = j; k-- > 0;) {
        if (s->acts[k].kind == PA_DISKPART)
            return false;
        if (s->acts[k].kind == PA_ROBOCOPY || s->acts[k].kind == PA_BCDEDIT)
            return true;
    }
    return true;
}

static void fail_at(verifier *v, const plan_act *a, enum diag_code code, const char *fmt, ...)
    MRB_PRINTF(4, 5);

static void fail_at(verifier *v, const plan_act *a, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(v->d, v->src, a->node->loc.start, a->node->loc.end, code, fmt, ap);
    va_end(ap);
    v->failed = true;
}

static void name_of(buf *b, mdl_disk_ref r) { buf_printf(b, "Disk " MDL_DISK_FMT, MDL_DISK_ARGS(r)); }

/* The disk of the snapshot a reference names, or NULL. */
static const mdl_disk *snap_disk(const verifier *v, mdl_disk_ref r)
{
    return mdl_find_disk(v->snap, r.num, r.missing_id);
}

/* A destructive command may reach r only if the listing showed it blank,
 * and only one such disk per plan. */
static bool may_destroy(verifier *v, const plan_act *a, mdl_disk_ref r)
{
    const mdl_disk *d;
    buf why, name;
    bool ok = true;
    /* The target passed every check below when it was taken, and what they
     * read (the snapshot) does not change: a plan that destroys on one disk
     * again and again (an unrolled loop) proves its blankness only once. */
    if (v->have_target && v->target.num == r.num && v->target.missing_id == r.missing_id)
        return true;
    d = snap_disk(v, r);
    buf_init(&why);
    buf_init(&name);
    name_of(&name, r);
    if (!d) {
        fail_at(v, a, E605, "'%s' reaches %s, which the listing does not show", a->text, buf_cstr(&name));
        ok = false;
    } else if (res_blank(v->snap, d, &why) != TRI_TRUE) {
        fail_at(v, a, E605, "'%s' would reach %s, which holds data in the listing: %s", a->text,
                buf_cstr(&name), buf_cstr(&why));
        ok = false;
    } else if (d->inv.known && d->inv.removable) {
        fail_at(v, a, E607, "'%s' would reach %s, which the inventory shows on a %s bus (serial '%s'): a "
                            "removable disk is never a target", a->text, buf_cstr(&name), d->inv.bus, d->inv.serial);
        ok = false;
    } else if (d->detail.known && mdl_bus_removable(d->detail.type)) {
        fail_at(v, a, E607, "'%s' would reach %s, which `detail disk` shows on a %s bus (Type): a removable "
                            "disk is never a target", a->text, buf_cstr(&name), d->detail.type);
        ok = false;
    } else if (v->have_target && (v->target.num != r.num || v->target.missing_id != r.missing_id)) {
        buf first;
        buf_init(&first);
        name_of(&first, v->target);
        fail_at(v, a, E606, "'%s' would reach %s, but destructive commands already reach %s: a plan "
                            "may only change one disk",
                a->text, buf_cstr(&name), buf_cstr(&first));
        buf_free(&first);
        ok = false;
    } else {
        v->have_target = true;
        v->target = r;
    }
    buf_free(&why);
    buf_free(&name);
    return ok;
}

static bool must_be_missing(verifier *v, const plan_act *a, mdl_disk_ref r)
{
    const mdl_disk *d = snap_disk(v, r);
    buf name;
    buf_init(&name);
    name_of(&name, r);
    if (!d || d->status != DS_MISSING) {
        fail_at(v, a, E605, "'%s' would reach %s, which is not a missing disk in the listing", a->text,
                buf_cstr(&name));
        buf_free(&name);
        return false;
    }
    buf_free(&name);
    return true;
}

static bool parse_disk_value(const dp_cmd *c, mdl_disk_ref *r)
{
    size_t i = 0;
    unsigned long n = 0;
    if (!c->has_value || c->value.n == 0)
        return false;
    r->missing_id = c->value.s[0] == 'M' || c->value.s[0] == 'm';
    if (r->missing_id)
        i = 1;
    if (i >= c->value.n)
        return false;
    for (; i < c->value.n; i++) {
        if (c->value.s[i] < '0' || c->value.s[i] > '9' || n > 99999999)
            return false;
        n = n * 10 + (unsigned long)(c->value.s[i] - '0');
    }
    r->num = (unsigned)n;
    return true;
}

/* The safety rule for one DiskPart line, before it runs: dpcmd.h's guard
 * column, checked on the model. */
static bool safe(verifier *v, const plan_act *a)
{
    dp_cmd c;
    size_t at;
    mdl_disk_ref r;
    const mdl_volume *vol;
    unsigned i;
    if (dp_parse_line(a->text, strlen(a->text), &c, &at) != DPP_OK)
        return true;    /* the simulator refuses it, with DiskPart's words */
    switch (dp_commands[c.id].guard) {
    case DPG_NONE:
    case DPG_FOCUS_FREE: /* the model places a new partition in free space, or the simulator refuses */
        return true;
    case DPG_TARGET_MISSING:
        if (dp_destroys(c.id, c.opts) && parse_disk_value(&c, &r))
            return must_be_missing(v, a, r);
        return true;
    case DPG_FOCUS_MISSING:
        return v->m.fdisk != SF_SET || must_be_missing(v, a, v->m.disk);
    case DPG_TARGET_EMPTY:
        return !parse_disk_value(&c, &r) || may_destroy(v, a, r);
    case DPG_FOCUS_EMPTY:
        break;
    }
    if (dp_commands[c.id].focus == DPF_VOLUME && v->m.fvol == SF_SET &&
        (vol = mdl_find_volume(&v->model, v->m.vol)) && vol->where_known) {
        for (i = 0; i < vol->non; i++)
            if (!may_destroy(v, a, vol->on[i]))
                return false;
        return true;
    }
    if (v->m.fdisk == SF_SET)
        return may_destroy(v, a, v->m.disk);
    if (dp_commands[c.id].focus == DPF_VOLUME && v->m.fvol != SF_NONE) {
        /* a volume in focus whose disks the model does not know: it may be
         * on any disk, one with data included */
        fail_at(v, a, E605, "'%s' would reach a volume whose disks the listing does not show", a->text);
        return false;
    }
    return true;   /* nothing in focus: the simulator refuses */
}

static void add_note(verifier *v, plan_act *a, const char *note, size_t n)
{
    if (!rec_add_note(&a->rec, note, n))
        v->oom = true;
    diag_note(v->d, v->src, a->node->loc.start, a->node->loc.end, "%.*s", (int)n, note);
}

/* DiskPart's message for a refusal: the last paragraph it printed, its
 * lines joined by spaces, without the "Virtual Disk Service error:" line
 * that introduces the disk service's own texts (runtime/diskpart/dpmsg.h). */
static void refusal_text(buf *b, const char *o, size_t len)
{
    static const char vds[] = "Virtual Disk Service error:";
    size_t end = len, start, i;
    bool sep = false;
    while (end > 0 && (o[end - 1] == '\n' || o[end - 1] == ' '))
        end--;
    for (start = end; start > 0 && !(o[start - 1] == '\n' && start >= 2 && o[start - 2] == '\n'); start--)
        ;
    while (start < end && (o[start] == '\n' || o[start] == ' '))
        start++;
    if (end - start >= sizeof vds - 1 && memcmp(o + start, vds, sizeof vds - 1) == 0)
        start += sizeof vds - 1;
    for (i = start; i < end; i++) {
        if (o[i] == '\n' || o[i] == ' ') {
            sep = true;
            continue;
        }
        if (sep && b->len)
            buf_putc(b, ' ');
        sep = false;
        buf_putc(b, o[i]);
    }
}

static void run_line(verifier *v, plan_act *a)
{
    size_t notes_before = v->m.notes.len, i;
    enum sim_rc rc;
    size_t at;
    /* the record: the line as DiskPart reads it, each name as the model
     * shows it now */
    a->rec.parsed = dp_parse_line(a->text, strlen(a->text), &a->rec.cmd, &at) == DPP_OK;
    if (!rec_see(&a->rec, &v->model))
        v->oom = true;
    if (!safe(v, a))
        return;
    buf_reset(&v->out);
    buf_reset(&v->m.why);
    rc = sim_line(&v->m, a->text, strlen(a->text));
    switch (rc) {
    case SIM_OK:
    case SIM_EXIT:
        break;
    case SIM_FAILED: {
        buf msg;
        buf_init(&msg);
        refusal_text(&msg, buf_cstr(&v->out), v->out.len);
        if (msg.failed)
            v->oom = true;
        else
            fail_at(v, a, E601, "DiskPart would refuse '%s' here: %s", a->text, buf_cstr(&msg));
        buf_free(&msg);
        break;
    }
    case SIM_UNKNOWN:
    case SIM_UNMODELLED:
        fail_at(v, a, E602, "the model cannot tell what DiskPart would do with '%s': %s", a->text,
                buf_cstr(&v->m.why));
        break;
    case SIM_NOMEM:
        v->oom = true;
        break;
    }
    /* assumptions the model made for this command */
    for (i = notes_before; i < v->m.notes.len;) {
        const char *p = v->m.notes.data + i, *nl = memchr(p, '\n', v->m.notes.len - i);
        size_t n = nl ? (size_t)(nl - p) : v->m.notes.len - i;
        add_note(v, a, p, n);
        i += n + 1;
    }
}

/* A robocopy or bcdedit line needs the drive letters it names. */
static void check_letters(verifier *v, const plan_act *a)
{
    const char *t = a->text;
    size_t i, n = strlen(t);
    for (i = 1; i < n; i++) {
        char l;
        size_t k;
        bool found = false;
        /* a drive "x:" stands after a space or '=' */
        if (t[i] != ':' || (i >= 2 && t[i - 2] != ' ' && t[i - 2] != '='))
            continue;
        l = t[i - 1];
        if (!((l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z')))
            continue;
        l = (char)(l >= 'a' ? l - 'a' + 'A' : l);
        for (k = 0; k < v->model.nvols; k++)
            found |= v->model.vols[k].letter == l;
        if (!found) {
            fail_at(v, a, E601, "no volume has the letter %c: on the model when '%s' runs", l, a->text);
            return;
        }
    }
}

static void conditions(verifier *v, plan_step *s, enum plan_kind k)
{
    size_t j;
    for (j = 0; j < s->nacts && !v->oom; j++) {
        plan_act *a = &s->acts[j];
        buf why;
        tri t;
        if (a->kind != k)
            continue;
        buf_init(&why);
        t = res_cond(a->node->u.guard.cond, v->src, &v->model, v->p, a, &why);
        if (t != TRI_TRUE) {
            const char *msg = a->node->u.guard.msg ? a->node->u.guard.msg->u.string.text : NULL;
            fail_at(v, a, k == PA_REQUIRE ? E603 : E604, "%s %s on the model %s step '%s'%s%s%s%s%s",
                    k == PA_REQUIRE ? "require" : "ensure", t == TRI_FALSE ? "is false" : "is unknown",
                    k == PA_REQUIRE ? "when" : "after", s->name, k == PA_REQUIRE ? " starts" : "", why.len ? ": " : "", buf_cstr(&why),
                    msg ? ": " : "", msg ? msg : "");
        }
        buf_free(&why);
    }
}

/* The record's script of action j of step s and its place there: a new
 * DiskPart script where a new DiskPart process starts, the driver for a
 * robocopy or bcdedit line (emit.c cuts the scripts by this). */
static void place(verifier *v, const plan_step *s, size_t j)
{
    plan_act *a = &s->acts[j];
    a->rec.script = 0;
    a->rec.place = 0;
    if (a->kind != PA_DISKPART)
        return;
    if (vfy_new_session(s, j)) {
        v->script++;
        v->place = 0;
    }
    a->rec.script = v->script;
    a->rec.place = ++v->place;
}

bool vfy_plan(plan *p, const diag_src *src, const mdl_server *snap, const sim_opts *o, diag_sink *d)
{
    return vfy_plan_from(p, src, snap, snap, o, d);
}

bool vfy_plan_from(plan *p, const diag_src *src, const mdl_server *snap, const mdl_server *start,
                   const sim_opts *o, diag_sink *d)
{
    verifier v;
    size_t i, j;
    memset(&v, 0, sizeof v);
    v.p = p;
    v.src = src;
    v.snap = snap;
    v.d = d;
    buf_init(&v.out);
    mdl_server_init(&v.model);
    if (!mdl_server_copy(&v.model, start)) {
        diag_error(d, NULL, 0, 0, E010, "out of memory while verifying");
        return false;
    }
    sim_init(&v.m, &v.model, o, &v.out);
    for (i = 0; i < p->nsteps && !v.failed && !v.oom; i++) {
        plan_step *s = &p->steps[i];
        conditions(&v, s, PA_REQUIRE);
        for (j = 0; j < s->nacts && !v.failed && !v.oom; j++) {
            plan_act *a = &s->acts[j];
            if (vfy_new_session(s, j))
                v.m.fdisk = v.m.fvol = v.m.fpart = SF_NONE;
            place(&v, s, j);
            if (a->kind == PA_DISKPART)
                run_line(&v, a);
            else if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT)
                check_letters(&v, a);
        }
        if (!v.failed && !v.oom)
            conditions(&v, s, PA_ENSURE);
    }
    if (v.oom)
        diag_error(d, NULL, 0, 0, E010, "out of memory while verifying");
    sim_free(&v.m);
    if (!v.failed && !v.oom) {
        /* the plan keeps what it leaves behind (the review reads it) */
        mdl_server_free(&p->after);
        p->after = v.model;
        p->proved = true;
        p->has_target = v.have_target;
        p->target = v.target;
        if (!rec_finish(p, snap)) {
            diag_error(d, NULL, 0, 0, E010, "out of memory while verifying");
            v.oom = true;
        }
    } else {
        mdl_server_free(&v.model);
    }
    buf_free(&v.out);
    return !v.failed && !v.oom;
}
