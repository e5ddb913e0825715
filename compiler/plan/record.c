/* record.c - what the proof found, as data (compiler/plan/record.h). */
#include "plan/record.h"

#include <stdarg.h>
#include <string.h>

#include "plan/eval.h"
#include "plan/plan.h"

static char *dup(const char *s) { return s ? util_strndup(s, strlen(s)) : NULL; }

/* ---- one command -------------------------------------------------------- */

static void name_free(rec_name *n)
{
    util_free(n->identity);
    util_free(n->lead);
    util_free(n->listing);
    util_free(n->model);
}

void rec_cmd_free(rec_cmd *c)
{
    size_t i;
    for (i = 0; i < c->nnames; i++)
        name_free(&c->names[i]);
    for (i = 0; i < c->nnotes; i++)
        util_free(c->notes[i]);
    util_free(c->names);
    util_free(c->notes);
    util_free(c->says);
    memset(c, 0, sizeof *c);
}

bool rec_cmd_copy(rec_cmd *out, const rec_cmd *c)
{
    size_t i;
    bool ok = true;
    memset(out, 0, sizeof *out);
    out->cited = c->cited;
    out->line = c->line;
    if (c->says && !(out->says = dup(c->says)))
        ok = false;
    for (i = 0; ok && i < c->nnames; i++) {
        const rec_name *n = &c->names[i];
        rec_add_object(out, &(bool){false}, n->lead, n->obj, n->disk, n->num, n->listing, n->identity);
        ok = out->nnames == i + 1;
        if (ok)
            out->names[i].described = n->described;
    }
    for (i = 0; ok && i < c->nnotes; i++)
        ok = rec_add_note(out, c->notes[i], strlen(c->notes[i]));
    if (!ok)
        rec_cmd_free(out);
    return ok;
}

/* A new piece: lead owned, the rest empty. */
static rec_name *add_piece(rec_cmd *c, char *lead)
{
    rec_name *n;
    if (!lead || !util_grow((void **)&c->names, &c->capnames, c->nnames + 1, sizeof *c->names)) {
        util_free(lead);
        return NULL;
    }
    n = &c->names[c->nnames++];
    memset(n, 0, sizeof *n);
    n->lead = lead;
    return n;
}

void rec_add_text(rec_cmd *c, bool *failed, const char *fmt, ...)
{
    va_list ap;
    buf t;
    buf_init(&t);
    va_start(ap, fmt);
    buf_vprintf(&t, fmt, ap);
    va_end(ap);
    if (t.failed || !add_piece(c, t.data ? t.data : dup(""))) {
        if (t.failed)
            buf_free(&t);
        *failed = true;
    }
}

void rec_add_object(rec_cmd *c, bool *failed, const char *lead, enum ast_obj obj, mdl_disk_ref disk, unsigned num,
                    const char *listing, const char *identity)
{
    rec_name *n = add_piece(c, dup(lead));
    if (!n) {
        *failed = true;
        return;
    }
    n->obj = obj;
    n->disk = disk;
    n->num = num;
    if ((listing && !(n->listing = dup(listing))) || (identity && !(n->identity = dup(identity)))) {
        *failed = true;
        return;
    }
    /* a disk, volume or partition the listing describes: "Disk 1 (...",
     * "Volume 2 (...", "Partition 1 of Disk 0 (..." (one it does not is
     * words only) */
    n->described = obj != OBJ_NONE && listing && strstr(listing, " (") != NULL &&
                   !(obj == OBJ_PARTITION && strncmp(listing, "Partition ", 10) != 0);
}

bool rec_has_lead(const rec_cmd *c, const char *text)
{
    size_t i;
    for (i = 0; i < c->nnames; i++)
        if (strstr(c->names[i].lead, text))
            return true;
    return false;
}

bool rec_add_note(rec_cmd *c, const char *note, size_t n)
{
    char *s;
    if (!util_grow((void **)&c->notes, &c->capnotes, c->nnotes + 1, sizeof *c->notes) ||
        !(s = util_strndup(note, n)))
        return false;
    c->notes[c->nnotes++] = s;
    return true;
}

/* Is the object of n on server s? */
static bool has_object(const mdl_server *s, const rec_name *n)
{
    const mdl_disk *d = mdl_find_disk(s, n->disk.num, n->disk.missing_id);
    size_t i;
    switch (n->obj) {
    case OBJ_DISK: return d != NULL;
    case OBJ_VOLUME: return mdl_find_volume(s, n->num) != NULL;
    case OBJ_PARTITION:
        for (i = 0; d && i < d->nparts; i++)
            if (d->parts[i].num == n->num)
                return true;
        return false;
    case OBJ_NONE: break;
    }
    return false;
}

/* The object of n as a bind res_describe takes. */
static plan_bind bind_of(const rec_name *n)
{
    plan_bind o;
    memset(&o, 0, sizeof o);
    o.obj = n->obj;
    o.disk = n->disk;
    o.num = n->num;
    return o;
}

bool rec_hold(rec_cmd *c, const mdl_server *now)
{
    size_t i;
    bool ok = true;
    for (i = 0; i < c->nnames; i++) {
        rec_name *n = &c->names[i];
        plan_bind o = bind_of(n);
        buf t;
        if (!n->described)
            continue;
        buf_init(&t);
        res_describe(&t, now, &o);
        ok = ok && !t.failed;
        n->held = t.len == 0 || strncmp(n->listing, buf_cstr(&t), t.len) != 0;
        buf_free(&t);
    }
    return ok;
}

bool rec_see(rec_cmd *c, const mdl_server *m)
{
    size_t i;
    bool ok = true;
    for (i = 0; i < c->nnames; i++) {
        rec_name *n = &c->names[i];
        buf t;
        if (!n->described || n->held)
            continue;
        buf_init(&t);
        if (has_object(m, n)) {
            plan_bind o = bind_of(n);
            res_describe(&t, m, &o);
        } else {
            /* the plan took it away: as the listing showed it */
            buf_printf(&t, "%s in the listing", n->listing);
        }
        util_free(n->model);
        n->model = NULL;
        if (t.failed)
            ok = false;
        else
            n->model = t.data ? t.data : dup("");
        if (!t.failed && !n->model)
            ok = false;
        if (t.failed)
            buf_free(&t);
    }
    return ok;
}

static void pieces(buf *b, const rec_cmd *c, bool model)
{
    size_t i;
    for (i = 0; i < c->nnames; i++) {
        const rec_name *n = &c->names[i];
        buf_puts(b, n->lead);
        if (n->listing)
            buf_puts(b, model && n->model ? n->model : n->listing);
    }
}

bool rec_identity(buf *b, const mdl_disk *d)
{
    const mdl_disk_detail *t = &d->detail;
    const char *sep = "";
    if (d->missing_id || d->status == DS_MISSING)
        return false;
    if (t->known && t->model && *t->model) {
        buf_printf(b, "model \"%s\"", t->model);
        sep = ", ";
    }
    if (t->known && t->disk_id && *t->disk_id) {
        buf_printf(b, "%sDisk ID %s", sep, t->disk_id);
        sep = ", ";
    }
    if (t->known && t->location && *t->location) {
        buf_printf(b, "%slocation \"%s\"", sep, t->location);
        sep = ", ";
    }
    if (d->inv.known) {
        buf_printf(b, "%sserial ", sep);
        mdl_serial_ascii(b, d);
        buf_printf(b, ", %s, %llu bytes", d->inv.bus, (unsigned long long)d->inv.bytes);
        sep = ", ";
    }
    if (!*sep)
        buf_puts(b, "identity not captured");
    return true;
}

/* "mrb: Disk N: IDENTITY" for each disk the names of c are or are on, once. */
static void identities(buf *b, const rec_cmd *c)
{
    size_t i, j;
    for (i = 0; i < c->nnames; i++) {
        const rec_name *n = &c->names[i];
        bool seen = false;
        if (!n->identity)
            continue;
        for (j = 0; j < i && !seen; j++)
            seen = c->names[j].identity && c->names[j].disk.num == n->disk.num &&
                   c->names[j].disk.missing_id == n->disk.missing_id;
        if (!seen)
            buf_printf(b, "\nmrb: Disk " MDL_DISK_FMT ": %s", MDL_DISK_ARGS(n->disk), n->identity);
    }
}

void rec_text(buf *b, const rec_cmd *c, bool model)
{
    size_t i;
    if (!c->cited)
        return;
    if (c->says)
        buf_printf(b, "mrb: %s", c->says);
    else
        buf_printf(b, "mrb:%lu", c->line);
    pieces(b, c, model);
    identities(b, c);
    for (i = 0; i < c->nnotes; i++)
        buf_printf(b, "\nmrb: note: %s", c->notes[i]);
}

bool rec_evidence(buf *b, const rec_cmd *c)
{
    size_t at = b->len, lead;
    if (!c->cited)
        return false;
    if (c->says)
        buf_puts(b, c->says);
    pieces(b, c, false);
    lead = strspn(buf_cstr(b) + at, " ");
    if (lead && !b->failed) {
        memmove(b->data + at, b->data + at + lead, b->len - at - lead + 1);
        b->len -= lead;
    }
    if (b->len > at)
        return true;
    return false;
}

/* ---- the plan: each disk's effects, the assumptions ---------------------- */

const char *const rec_effect_word[EF_COUNT] = {
    "removed", "wiped", "converted", "made-dynamic", "gets-volume", "receives-plex", "receives-volume",
    "loses-plex", "loses-volume", "only-read"};

bool rec_lives_on(const mdl_volume *v, const mdl_disk *d)
{
    unsigned i;
    if (!v->where_known)
        return false;
    for (i = 0; i < v->non; i++)
        if (mdl_ref_is(v->on[i], d))
            return true;
    return false;
}

/* A volume as a reviewer names it: its letter, else its label, else its number. */
static void volume_name(buf *b, const mdl_volume *v)
{
    if (v->letter)
        buf_printf(b, "%c:", v->letter);
    else if (v->label && *v->label)
        buf_printf(b, "volume %u (%s)", v->num, v->label);
    else
        buf_printf(b, "volume %u", v->num);
}

/* Add an effect: text is words, or else "lead" and the volume's name. */
static bool effect(rec_disk *r, enum rec_effect_kind e, const char *lead, const mdl_volume *v, const char *to)
{
    rec_effect *f;
    buf t, name;
    bool ok;
    if (!util_grow((void **)&r->fx, &r->capfx, r->nfx + 1, sizeof *r->fx))
        return false;
    f = &r->fx[r->nfx];
    memset(f, 0, sizeof *f);
    buf_init(&t);
    buf_init(&name);
    buf_puts(&t, lead);
    if (v) {
        volume_name(&name, v);
        buf_puts(&t, buf_cstr(&name));
        f->has_volume = true;
        f->volume = v->num;
        f->volume_name = dup(buf_cstr(&name));
    }
    f->what = e;
    f->to = to;
    f->text = dup(buf_cstr(&t));
    ok = !t.failed && !name.failed && f->text && (!v || f->volume_name);
    buf_free(&t);
    buf_free(&name);
    if (ok)
        r->nfx++;
    else {
        util_free(f->text);
        util_free(f->volume_name);
    }
    return ok;
}

/* What the plan does to disk d of the listing snap. */
static bool effects(rec_disk *r, const plan *p, const mdl_server *snap, const mdl_disk *d)
{
    const mdl_disk *a = mdl_find_disk(&p->after, d->num, d->missing_id);
    size_t i;
    bool ok = true;
    if (!a)
        return effect(r, EF_REMOVED, "removed from the configuration ('delete disk')", NULL, NULL);
    if (p->has_target && mdl_ref_is(p->target, d))
        ok = effect(r, EF_WIPED, "erased or re-initialised, the one disk that may be (the listing shows it blank: "
                                 "no partition, no volume, Free = Size)", NULL, NULL);
    if (ok && (a->gpt != d->gpt || (d->raw && !a->raw)))
        ok = effect(r, EF_CONVERTED, a->gpt ? "made GPT" : "made MBR", NULL, a->gpt ? "GPT" : "MBR");
    if (ok && a->dyn && !d->dyn)
        ok = effect(r, EF_MADE_DYNAMIC, "made dynamic", NULL, NULL);
    for (i = 0; ok && i < p->after.nvols; i++) {
        const mdl_volume *v = &p->after.vols[i];
        const mdl_volume *before = mdl_find_volume(snap, v->num);
        enum rec_effect_kind e = !before ? EF_GETS_VOLUME : v->type == VT_MIRROR ? EF_RECEIVES_PLEX : EF_RECEIVES;
        if (!rec_lives_on(v, a) || (before && rec_lives_on(before, d)))
            continue;
        ok = effect(r, e, e == EF_GETS_VOLUME ? "gets a new " : e == EF_RECEIVES_PLEX ? "receives a plex of " : "receives ",
                    v, NULL);
    }
    for (i = 0; ok && i < snap->nvols; i++) {
        const mdl_volume *v = &snap->vols[i];
        const mdl_volume *now = mdl_find_volume(&p->after, v->num);
        if (!rec_lives_on(v, d) || (now && rec_lives_on(now, a)))
            continue;
        ok = effect(r, now ? EF_LOSES_PLEX : EF_LOSES, now ? "loses its plex of " : "loses ", v, NULL);
    }
    if (ok && r->nfx == 0)
        ok = effect(r, EF_ONLY_READ, "only read", NULL, NULL);
    return ok;
}

static void disks_free(rec_plan *r)
{
    size_t i, j;
    for (i = 0; i < r->ndisks; i++) {
        util_free(r->disks[i].identity);
        for (j = 0; j < r->disks[i].nfx; j++) {
            util_free(r->disks[i].fx[j].text);
            util_free(r->disks[i].fx[j].volume_name);
        }
        util_free(r->disks[i].fx);
    }
    util_free(r->disks);
    r->disks = NULL;
    r->ndisks = 0;
}

void rec_plan_free(rec_plan *r)
{
    size_t i;
    disks_free(r);
    for (i = 0; i < r->nassume; i++)
        util_free(r->assumptions[i]);
    util_free(r->assumptions);
    memset(r, 0, sizeof *r);
}

static bool assume(rec_plan *r, const char *note)
{
    size_t i;
    char *s;
    for (i = 0; i < r->nassume; i++)
        if (strcmp(r->assumptions[i], note) == 0)
            return true;
    if (!util_grow((void **)&r->assumptions, &r->capassume, r->nassume + 1, sizeof *r->assumptions) ||
        !(s = dup(note)))
        return false;
    r->assumptions[r->nassume++] = s;
    return true;
}

bool rec_finish(plan *p, const mdl_server *snap)
{
    rec_plan *r = &p->rec;
    size_t i, j, k;
    bool ok = true;
    rec_plan_free(r);
    if (snap->ndisks && !(r->disks = util_calloc(snap->ndisks, sizeof *r->disks)))
        return false;
    r->ndisks = snap->ndisks;
    for (i = 0; i < snap->ndisks && ok; i++) {
        buf id;
        buf_init(&id);
        r->disks[i].disk = (mdl_disk_ref){snap->disks[i].num, snap->disks[i].missing_id};
        if (rec_identity(&id, &snap->disks[i]))
            ok = !id.failed && (r->disks[i].identity = dup(buf_cstr(&id))) != NULL;
        buf_free(&id);
        ok = ok && effects(&r->disks[i], p, snap, &snap->disks[i]);
    }
    for (i = 0; i < p->nsteps && ok; i++)
        for (j = 0; j < p->steps[i].nacts && ok; j++)
            for (k = 0; k < p->steps[i].acts[j].rec.nnotes && ok; k++)
                ok = assume(r, p->steps[i].acts[j].rec.notes[k]);
    r->done = ok;
    if (!ok)
        rec_plan_free(r);
    return ok;
}

const rec_disk *rec_disk_of(const rec_plan *r, const mdl_disk *d)
{
    size_t i;
    for (i = 0; i < r->ndisks; i++)
        if (mdl_ref_is(r->disks[i].disk, d))
            return &r->disks[i];
    return NULL;
}

void rec_disk_words(buf *b, const rec_disk *r)
{
    size_t i;
    for (i = 0; i < r->nfx; i++) {
        buf_puts(b, i ? "; " : "");
        buf_puts(b, r->fx[i].text);
    }
}

bool rec_has_effect(const rec_disk *r, enum rec_effect_kind e)
{
    size_t i;
    for (i = 0; r && i < r->nfx; i++)
        if (r->fx[i].what == e)
            return true;
    return false;
}
