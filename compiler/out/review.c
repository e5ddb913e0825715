/* review.c - what a proved plan does to each disk, for the reviewer.
 *
 * The summary is read from the plan alone, once the verifier has proved
 * it: the listing the plan was resolved against (the snapshot), the model
 * after its last step (plan.after), the one disk its destructive commands
 * reach (plan.target), the names the procedure gives to disks, the steps
 * left out and the assumptions the model made.  For each disk of the
 * listing, one line: its names, its size and kind, and what happens to it,
 * then a line of what identifies it physically (none for a missing disk),
 * as the proof's record has it (compiler/plan/record.h, rec_finish: the disk
 * before and after compared):
 *
 *   erased or re-initialised (the one disk destructive commands may reach,
 *   with the evidence: the listing shows it blank), made GPT or MBR, made
 *   dynamic, receives a plex of each volume that gains one there, gets new
 *   volumes, loses the plexes it held of others, removed from the
 *   configuration (a missing disk that `delete disk` takes away), or only
 *   read.
 *
 * The assumptions (runtime/diskpart/MODEL.md, A1) are the record's: the notes the
 * verifier made for the plan's lines, each once.
 */
#include "out/review.h"

#include <string.h>

#include "diskpart/print.h"

static const mdl_disk *disk_of(const mdl_server *s, mdl_disk_ref r)
{
    return mdl_find_disk(s, r.num, r.missing_id);
}

/* The names the procedure gives to disk d ("survivor"), comma-separated. */
static void names_of(buf *b, const plan *p, const mdl_disk *d)
{
    size_t i;
    bool any = false;
    for (i = 0; i < p->nbinds; i++) {
        const plan_bind *k = &p->binds[i];
        if (k->obj != OBJ_DISK || !mdl_ref_is(k->disk, d) || !k->decl || k->decl->kind != AST_SEL_DECL)
            continue;
        buf_printf(b, "%s%.*s", any ? ", " : "", (int)k->decl->u.decl.name.n, k->decl->u.decl.name.p);
        any = true;
    }
    if (!any)
        buf_puts(b, "(no name)");    /* a disk no selector of the procedure names */
}

static void kind_of(buf *b, const mdl_disk *d)
{
    if (d->status != DS_ONLINE) {
        buf_puts(b, mdl_word(&mdl_disk_status_vocab, (int)d->status));
        return;
    }
    buf_printf(b, "%s %s", d->dyn ? "dynamic" : "basic", d->gpt ? "GPT" : d->raw ? "raw" : "MBR");
}

void rev_summary(buf *b, const plan *p, const mdl_server *snap)
{
    size_t i;
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
        {
            /* what it does to the disk, then, on a line of its own, what
             * identifies the disk (none for a missing disk) */
            const rec_disk *r = rec_disk_of(&p->rec, d);
            if (r)
                rec_disk_words(b, r);
            if (r && r->identity)
                buf_printf(b, "\n  %-8s %s", "", r->identity);
        }
        buf_putc(b, '\n');
        buf_free(&row);
    }
    for (i = 0; i < p->nskips; i++)
        buf_printf(b, "left out: step \"%s\" (line %lu): %s\n", p->skips[i].name, p->skips[i].line, p->skips[i].why);
    rev_assumptions(b, p);
}

void rev_assumptions(buf *b, const plan *p)
{
    size_t i;
    for (i = 0; i < p->rec.nassume; i++)
        buf_printf(b, "%s\n", p->rec.assumptions[i]);
}

/* ---- the pictures: each disk's layout before and after -----------------
 *
 * As Disk Management draws them: a bar per disk, the whole bar the disk's
 * size (each disk to its own scale), cut into what lives on it: a plex or
 * extent of each volume that lives there, the space partitions hold that
 * is not a volume (reserved, MSR, metadata), and the free space.  Volumes
 * are in the order of their partitions on the disk when `list partition`
 * or the model places them, else by number.  Sizes are the middle of what
 * DiskPart's rounded display stands for. */

static uint64_t mid(mdl_size s) { return s.lo + (s.hi - s.lo) / 2; }

/* Where volume v starts on disk d (its first partition's offset), or
 * UINT64_MAX when no partition says. */
static uint64_t start_of(const mdl_disk *d, const mdl_volume *v)
{
    uint64_t at = UINT64_MAX;
    size_t i;
    for (i = 0; i < d->nparts; i++) {
        const mdl_partition *q = &d->parts[i];
        if (q->vol_known && q->has_vol && q->vol == v->num && mid(q->offset) < at)
            at = mid(q->offset);
    }
    return at;
}

size_t rev_layout(const mdl_server *s, const mdl_disk *d, const mdl_server *was, const mdl_disk *wd,
                  rev_seg **out)
{
    size_t i, j, n = 0;
    uint64_t used = 0, size = mid(d->size), free = mid(d->free);
    uint64_t *at;
    rev_seg *g = util_calloc(s->nvols + 2, sizeof *g);
    *out = g;
    if (!g || !(at = util_calloc(s->nvols + 2, sizeof *at))) {
        util_free(g);
        *out = NULL;
        return (size_t)-1;
    }
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *v = &s->vols[i], *before;
        uint64_t bytes;
        if (!rec_lives_on(v, d))
            continue;
        bytes = mid(v->size);
        if ((v->type == VT_SPANNED || v->type == VT_STRIPE || v->type == VT_RAID5) && v->non > 1)
            bytes /= v->non;
        before = was ? mdl_find_volume(was, v->num) : NULL;
        g[n].kind = RS_VOLUME;
        g[n].bytes = bytes;
        g[n].v = v;
        g[n].fresh = was && (!before || !wd || !rec_lives_on(before, wd));
        at[n] = start_of(d, v);
        used += bytes;
        /* in the order of their place on the disk (insertion: few volumes) */
        for (j = n; j > 0 && at[j - 1] > at[j]; j--) {
            rev_seg t = g[j];
            uint64_t a = at[j];
            g[j] = g[j - 1];
            at[j] = at[j - 1];
            g[j - 1] = t;
            at[j - 1] = a;
        }
        n++;
    }
    util_free(at);
    if (size > used + free && size - used - free > size / 200) {
        g[n].kind = RS_OTHER;
        g[n].bytes = size - used - free;
        n++;
    }
    if (free > 0) {
        g[n].kind = RS_FREE;
        g[n].bytes = free;
        n++;
    }
    return n;
}

void rev_seg_label(buf *b, const rev_seg *g)
{
    switch (g->kind) {
    case RS_FREE: buf_puts(b, "free"); return;
    case RS_OTHER: buf_puts(b, "reserved"); return;
    case RS_VOLUME: break;
    }
    if (g->v->letter)
        buf_printf(b, "%c:%s%s", g->v->letter, g->v->label && *g->v->label ? " " : "", g->v->label ? g->v->label : "");
    else if (g->v->label && *g->v->label)
        buf_puts(b, g->v->label);
    else
        buf_printf(b, "volume %u", g->v->num);
}

bool rev_wiped(const plan *p, const mdl_disk *d) { return p->has_target && mdl_ref_is(p->target, d); }

/* The width of each of n segments of a bar w columns wide: to scale, at
 * least one column each, the rounding taken from the widest. */
static void widths(const rev_seg *g, size_t n, unsigned w, unsigned *cols)
{
    uint64_t total = 0;
    size_t i, widest = 0;
    unsigned sum = 0;
    for (i = 0; i < n; i++)
        total += g[i].bytes;
    for (i = 0; i < n; i++) {
        cols[i] = total ? (unsigned)((g[i].bytes * (uint64_t)w + total / 2) / total) : 0;
        if (cols[i] == 0)
            cols[i] = 1;
        sum += cols[i];
        if (cols[i] > cols[widest])
            widest = i;
    }
    if (n && sum != w && cols[widest] + w > sum + 1)
        cols[widest] = cols[widest] + w - sum;
}

enum { BAR = 50 };

/* One bar in text: "[C: Windows      |EF|.....]" then the parts with their sizes. */
static void text_bar(buf *b, const rev_seg *g, size_t n, bool colour, bool wiped)
{
    unsigned cols[BAR + 2];
    size_t i, k;
    buf label;
    if (n > BAR)
        n = BAR;
    widths(g, n, BAR, cols);
    buf_init(&label);
    if (colour && wiped)
        buf_puts(b, "\033[31m");
    buf_putc(b, '[');
    for (i = 0; i < n; i++) {
        const char *l;
        char fill = g[i].kind == RS_FREE ? '.' : g[i].kind == RS_OTHER ? '#' : ' ';
        if (label.failed)
            b->failed = true;
        buf_reset(&label);
        if (g[i].fresh)
            buf_putc(&label, '+');
        if (g[i].kind == RS_VOLUME)
            rev_seg_label(&label, &g[i]);
        l = buf_cstr(&label);
        if (colour && g[i].fresh)
            buf_puts(b, "\033[32m");
        for (k = 0; k < cols[i]; k++) {
            if (k == 0 && i > 0)
                buf_putc(b, '|');
            else if (k - (i > 0) < strlen(l))
                buf_putc(b, (unsigned char)l[k - (i > 0)] < 0x80 ? l[k - (i > 0)] : '?');
            else
                buf_putc(b, fill);
        }
        if (colour && g[i].fresh)
            buf_puts(b, wiped ? "\033[31m" : "\033[0m");
    }
    buf_putc(b, ']');
    if (colour && wiped)
        buf_puts(b, "\033[0m");
    for (i = 0; i < n; i++) {
        buf_puts(b, i ? ", " : "  ");
        if (label.failed)
            b->failed = true;
        buf_reset(&label);
        rev_seg_label(&label, &g[i]);
        buf_puts(b, buf_cstr(&label));
        buf_putc(b, ' ');
        mdl_format_size(b, (mdl_size){g[i].bytes, g[i].bytes + 1});
    }
    if (label.failed)
        b->failed = true;
    buf_free(&label);
}

/* The sizes, without the padding mdl_format_size puts in front. */
static void trim_sizes(buf *b, size_t from)
{
    size_t i, o = from;
    for (i = from; i < b->len; i++)
        if (!(b->data[i] == ' ' && i + 1 < b->len && b->data[i + 1] == ' '))
            b->data[o++] = b->data[i];
    b->len = o;
    if (b->data)
        b->data[o] = '\0';
}

/* One line "  NAME     when  [bar]  parts" of disk d in server s. */
static void text_line(buf *b, const char *name, const char *when, const mdl_server *s, const mdl_disk *d,
                      const mdl_server *was, const mdl_disk *wd, bool colour, bool wiped)
{
    rev_seg *g;
    size_t n, at;
    buf_printf(b, "  %-8s %-6s ", name, when);
    if (d->status == DS_MISSING || mid(d->size) == 0) {
        buf_printf(b, "[%-*s]", BAR, "missing: DiskPart shows no size");
        return;
    }
    n = rev_layout(s, d, was, wd, &g);
    if (n == (size_t)-1) {
        b->failed = true;
        return;
    }
    at = b->len;
    text_bar(b, g, n, colour, wiped);
    util_free(g);
    /* "1862 GB" rather than "   1862 GB" in the list of parts, which
     * follows the bar's ']' */
    {
        const char *close = b->data ? strrchr(b->data + at, ']') : NULL;
        if (close)
            trim_sizes(b, (size_t)(close - b->data));
    }
}

void rev_pictures(buf *b, const plan *p, const mdl_server *snap, bool colour)
{
    size_t i;
    buf name;
    if (!p->proved)
        return;
    buf_init(&name);
    buf_puts(b, "each disk before and after, to scale ('+' a volume it gains, '.' free, '#' reserved):\n");
    for (i = 0; i < snap->ndisks; i++) {
        const mdl_disk *d = &snap->disks[i];
        const mdl_disk *a = disk_of(&p->after, (mdl_disk_ref){d->num, d->missing_id});
        bool wiped = rev_wiped(p, d);
        if (name.failed)
            b->failed = true;
        buf_reset(&name);
        prt_disk_name(&name, d);
        text_line(b, buf_cstr(&name), "before", snap, d, NULL, NULL, colour, wiped);
        if (wiped)
            buf_puts(b, "  (erased)");
        buf_putc(b, '\n');
        if (a)
            text_line(b, "", "after", &p->after, a, snap, d, colour, false);
        else
            buf_printf(b, "  %-8s %-6s (removed from the configuration)", "", "after");
        buf_putc(b, '\n');
    }
    if (name.failed)
        b->failed = true;
    buf_free(&name);
}
