/* review.c - what a proved plan does to each disk, for the reviewer.
 *
 * The summary is read from the plan alone, once the verifier has proved
 * it: the listing the plan was resolved against (the snapshot), the model
 * after its last step (plan.after), the one disk its destructive commands
 * reach (plan.target), the names the procedure gives to disks, the steps
 * left out and the assumptions the model made.  For each disk of the
 * listing, one line: its names, its size and kind, and what happens to it,
 * worked out by comparing the disk before and after:
 *
 *   erased or re-initialised (the one disk destructive commands may reach,
 *   with the evidence: the listing shows it blank), made GPT or MBR, made
 *   dynamic, receives a plex of each volume that gains one there, gets new
 *   volumes, loses the plexes it held of others, removed from the
 *   configuration (a missing disk that `delete disk` takes away), or only
 *   read.
 *
 * The assumptions (runtime/MODEL.md, A1) come from the notes the verifier
 * attached to the plan's lines, each written once.
 */
#include "review.h"

#include <string.h>

#include "print.h"

static const mdl_disk *disk_of(const mdl_server *s, mdl_disk_ref r)
{
    return mdl_find_disk(s, r.num, r.missing_id);
}

static bool ref_is(mdl_disk_ref r, const mdl_disk *d) { return r.num == d->num && r.missing_id == d->missing_id; }

static bool lives_on(const mdl_volume *v, const mdl_disk *d)
{
    unsigned i;
    if (!v->where_known)
        return false;
    for (i = 0; i < v->non; i++)
        if (ref_is(v->on[i], d))
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

/* The names the procedure gives to disk d ("survivor"), comma-separated. */
static void names_of(buf *b, const plan *p, const mdl_disk *d)
{
    size_t i;
    bool any = false;
    for (i = 0; i < p->nbinds; i++) {
        const plan_bind *k = &p->binds[i];
        if (k->obj != OBJ_DISK || !ref_is(k->disk, d) || !k->decl || k->decl->kind != AST_SEL_DECL)
            continue;
        buf_printf(b, "%s%.*s", any ? ", " : "", (int)k->decl->u.decl.name.n, k->decl->u.decl.name.p);
        any = true;
    }
    if (!any)
        buf_puts(b, "-");
}

static void kind_of(buf *b, const mdl_disk *d)
{
    if (d->status != DS_ONLINE) {
        buf_puts(b, mdl_word(&mdl_disk_status_vocab, (int)d->status));
        return;
    }
    buf_printf(b, "%s %s", d->dyn ? "dynamic" : "basic", d->gpt ? "GPT" : d->raw ? "raw" : "MBR");
}

/* Append "; " then what, the first time what alone. */
static void item(buf *b, bool *first, const char *what)
{
    buf_puts(b, *first ? "" : "; ");
    buf_puts(b, what);
    *first = false;
}

/* What the plan does to disk d of the listing. */
static void effects(buf *b, const plan *p, const mdl_server *snap, const mdl_disk *d)
{
    const mdl_disk *a = disk_of(&p->after, (mdl_disk_ref){d->num, d->missing_id});
    bool first = true;
    size_t i;
    buf w;
    if (!a) {
        item(b, &first, "removed from the configuration ('delete disk')");
        return;
    }
    buf_init(&w);
    if (p->has_target && ref_is(p->target, d))
        item(b, &first, "erased or re-initialised, the one disk that may be (the listing shows it blank: no "
                        "partition, no volume, Free = Size)");
    if (a->gpt != d->gpt || (d->raw && !a->raw))
        item(b, &first, a->gpt ? "made GPT" : "made MBR");
    if (a->dyn && !d->dyn)
        item(b, &first, "made dynamic");
    for (i = 0; i < p->after.nvols; i++) {
        const mdl_volume *v = &p->after.vols[i];
        const mdl_volume *before = mdl_find_volume(snap, v->num);
        if (!lives_on(v, a) || (before && lives_on(before, d)))
            continue;
        if (w.failed)
            b->failed = true;
        buf_reset(&w);
        buf_puts(&w, !before ? "gets a new " : v->type == VT_MIRROR ? "receives a plex of " : "receives ");
        volume_name(&w, v);
        item(b, &first, buf_cstr(&w));
    }
    for (i = 0; i < snap->nvols; i++) {
        const mdl_volume *v = &snap->vols[i];
        const mdl_volume *now = mdl_find_volume(&p->after, v->num);
        if (!lives_on(v, d) || (now && lives_on(now, a)))
            continue;
        if (w.failed)
            b->failed = true;
        buf_reset(&w);
        buf_puts(&w, now ? "loses its plex of " : "loses ");
        volume_name(&w, v);
        item(b, &first, buf_cstr(&w));
    }
    if (first)
        item(b, &first, "only read");
    if (w.failed)
        b->failed = true;
    buf_free(&w);
}

void rev_summary(buf *b, const plan *p, const mdl_server *snap)
{
    size_t i, j;
    if (!p->proved)
        return;
    buf_puts(b, "plan, disk by disk (names as the procedure gives them):\n");
    for (i = 0; i < snap->ndisks; i++) {
        const mdl_disk *d = &snap->disks[i];
        buf row;
        buf_init(&row);
        prt_disk_name(&row, d);
        buf_printf(b, "  %-8s ", buf_cstr(&row));
        mdl_format_size(b, d->size);
        buf_puts(b, "  ");
        if (row.failed)
            b->failed = true;
        buf_reset(&row);
        kind_of(&row, d);
        buf_printf(b, "%-12s  ", buf_cstr(&row));
        if (row.failed)
            b->failed = true;
        buf_reset(&row);
        names_of(&row, p, d);
        buf_printf(b, "%s: ", buf_cstr(&row));
        if (row.failed)
            b->failed = true;
        effects(b, p, snap, d);
        buf_putc(b, '\n');
        buf_free(&row);
    }
    for (i = 0; i < p->nskips; i++)
        buf_printf(b, "left out: step \"%s\" (line %lu): %s\n", p->skips[i].name, p->skips[i].line, p->skips[i].why);
    /* each assumption once, in plan order */
    {
        buf seen;
        buf_init(&seen);
        for (i = 0; i < p->nsteps; i++)
            for (j = 0; j < p->steps[i].nacts; j++) {
                static const char mark[] = "note: ";
                const char *t = p->steps[i].acts[j].trace, *n;
                while (t && (n = strstr(t, mark))) {
                    size_t len = strcspn(n, "\n");
                    buf line;
                    buf_init(&line);
                    buf_put(&line, n + sizeof mark - 1, len - (sizeof mark - 1));
                    buf_putc(&line, '\n');
                    if (!strstr(buf_cstr(&seen), buf_cstr(&line))) {
                        buf_puts(&seen, buf_cstr(&line));
                        buf_puts(b, buf_cstr(&line));
                    }
                    if (line.failed || seen.failed)
                        b->failed = true;
                    buf_free(&line);
                    t = n + len;
                }
            }
        buf_free(&seen);
    }
}
