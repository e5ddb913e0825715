/* plan_json.c - a proved plan as one JSON document (compiler/out/plan_json.h).
 *
 * Everything here is rendered from what compile already has, nothing
 * worked out again: the proved plan and its record (compiler/plan/record.h:
 * each command's evidence, notes and script, each disk's effects, the
 * assumptions), the steps left out, the bindings, the rows the guard
 * checks, the model after the last step, the listing as completed, the
 * procedure's text and the set as emitted (each file's role, the compile
 * id).  Keys come in a fixed order and the layout is fixed, so that the
 * document is the same byte for byte on every run.
 */
#include "out/plan_json.h"

#include <string.h>

#include "base/version.h"
#include "base/json.h"
#include "diskpart/print.h"
#include "plan/resolve.h"

/* ---- JSON text --------------------------------------------------------- */

/* A JSON string of s[0..n) (runtime/base/json.h). */
static void str_n(buf *b, const char *s, size_t n) { json_string_n(b, s, n); }

static void str(buf *b, const char *s)
{
    if (s)
        str_n(b, s, strlen(s));
    else
        buf_puts(b, "null");
}

/* Empty the scratch buffer t for its next use, keeping in b that an
 * allocation failed in it (buf_reset forgets that). */
static void reuse(buf *t, buf *b)
{
    if (t->failed)
        b->failed = true;
    buf_reset(t);
}

/* "key": "value" after the separator sep (", " or "") */
static void kv(buf *b, const char *sep, const char *key, const char *value)
{
    buf_printf(b, "%s\"%s\": ", sep, key);
    str(b, value);
}

static void hex(char out[65], const jrn_hash *h) { jrn_hash_hex(h, out); }

/* The procedure's text from a to b, its runs of blanks (line ends
 * included) as one space: a selector or condition as written. */
static void source_text(buf *b, const diag_src *src, size_t from, size_t to)
{
    buf t;
    size_t i;
    bool blank = false;
    buf_init(&t);
    for (i = from; i < to && i < src->len; i++) {
        char c = src->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (blank && t.len)
            buf_putc(&t, ' ');
        blank = false;
        buf_putc(&t, c);
    }
    str_n(b, t.data ? t.data : "", t.len);
    if (t.failed)
        b->failed = true;
    buf_free(&t);
}

static unsigned long line_of(const diag_src *src, size_t at)
{
    unsigned long line = 1;
    size_t i;
    for (i = 0; i < at && i < src->len; i++)
        if (src->text[i] == '\n')
            line++;
    return line;
}

/* ---- names ------------------------------------------------------------- */

static const char *obj_word(enum ast_obj o)
{
    switch (o) {
    case OBJ_DISK: return "disk";
    case OBJ_VOLUME: return "volume";
    case OBJ_PARTITION: return "partition";
    case OBJ_NONE: break;
    }
    return "letter";
}

static void disk_ref_name(buf *b, mdl_disk_ref r) { buf_printf(b, "Disk %s%u", r.missing_id ? "M" : "", r.num); }

/* What a binding denotes, as the listing names it, and where it lives; a
 * disk's or a partition's: the disk's identity, as the record has it. */
static void bind_object(buf *b, const mdl_server *snap, const rec_plan *r, const plan_bind *k)
{
    buf t;
    buf_init(&t);
    switch (k->obj) {
    case OBJ_DISK:
        disk_ref_name(&t, k->disk);
        kv(b, ", ", "resolved", buf_cstr(&t));
        break;
    case OBJ_VOLUME: {
        const mdl_volume *v = mdl_find_volume(snap, k->num);
        unsigned i;
        buf_printf(&t, "Volume %u", k->num);
        kv(b, ", ", "resolved", buf_cstr(&t));
        buf_puts(b, ", \"disks\": ");
        if (!v || !v->where_known) {
            buf_puts(b, "null");
            break;
        }
        buf_putc(b, '[');
        for (i = 0; i < v->non; i++) {
            reuse(&t, b);
            disk_ref_name(&t, v->on[i]);
            buf_puts(b, i ? ", " : "");
            str(b, buf_cstr(&t));
        }
        buf_putc(b, ']');
        break;
    }
    case OBJ_PARTITION:
        buf_printf(&t, "Partition %u", k->num);
        kv(b, ", ", "resolved", buf_cstr(&t));
        reuse(&t, b);
        disk_ref_name(&t, k->disk);
        kv(b, ", ", "disk", buf_cstr(&t));
        break;
    case OBJ_NONE:
        buf_printf(&t, "%c:", k->letter);
        kv(b, ", ", "resolved", buf_cstr(&t));
        break;
    }
    reuse(&t, b);
    if (k->obj != OBJ_NONE)
        res_describe(&t, snap, k);
    else
        buf_puts(&t, "free in the listing");
    kv(b, ", ", "evidence", buf_cstr(&t));
    if (k->obj == OBJ_DISK || k->obj == OBJ_PARTITION) {
        const mdl_disk *d = mdl_find_disk(snap, k->disk.num, k->disk.missing_id);
        const rec_disk *rd = d ? rec_disk_of(r, d) : NULL;
        buf_puts(b, ", \"identity\": ");
        str(b, rd ? rd->identity : NULL);
    }
    if (t.failed)
        b->failed = true;
    buf_free(&t);
}

static bool same_bind(const plan_bind *a, const plan_bind *b)
{
    return a->obj == b->obj && a->disk.num == b->disk.num && a->disk.missing_id == b->disk.missing_id &&
           a->num == b->num && a->letter == b->letter;
}

/* The declared names, then each `for each` loop with what it covered
 * (from the bindings its commands carry: a loop that covers nothing runs
 * no command and has no entry). */
static void names(buf *b, const pj_input *in)
{
    const plan *p = &in->x->p;
    const diag_src *src = &in->x->src;
    size_t i, j, k, l, m;
    bool any = false;
    buf_puts(b, "  \"names\": [");
    for (i = 0; i < p->nbinds; i++) {
        const plan_bind *x = &p->binds[i];
        const ast_node *d = x->decl;
        if (!d || (d->kind != AST_SEL_DECL && d->kind != AST_LETTER_DECL))
            continue;
        buf_puts(b, any ? ",\n    {" : "\n    {");
        any = true;
        buf_puts(b, "\"name\": ");
        if (d->kind == AST_SEL_DECL)
            str_n(b, d->u.decl.name.p, d->u.decl.name.n);
        else
            str_n(b, d->u.letter.name.p, d->u.letter.name.n);
        kv(b, ", ", "kind", obj_word(x->obj));
        buf_printf(b, ", \"line\": %lu, \"loop\": false, \"selector\": ", line_of(src, d->loc.start));
        if (d->kind == AST_SEL_DECL && d->u.decl.sel)
            source_text(b, src, d->u.decl.sel->loc.start, d->u.decl.sel->loc.end);
        else if (d->kind == AST_SEL_DECL)
            buf_puts(b, "null");
        else    /* `letter NAME = free letter from S`: what follows '=' */
            source_text(b, src, d->u.letter.name_loc.end + strspn(src->text + d->u.letter.name_loc.end, " \t="),
                        d->loc.end);
        bind_object(b, &in->x->snap, &in->x->p.rec, x);
        buf_putc(b, '}');
    }
    /* loops: each AST_FOR_EACH once, in the order its first command comes */
    for (i = 0; i < p->nsteps; i++)
        for (j = 0; j < p->steps[i].nacts; j++)
            for (k = 0; k < p->steps[i].acts[j].nbinds; k++) {
                const plan_bind *x = &p->steps[i].acts[j].binds[k];
                const ast_node *d = x->decl;
                bool seen = false;
                /* seen before? */
                for (l = 0; l <= i && !seen; l++)
                    for (m = 0; m < (l == i ? j : p->steps[l].nacts) && !seen; m++) {
                        size_t q;
                        for (q = 0; q < p->steps[l].acts[m].nbinds; q++)
                            if (p->steps[l].acts[m].binds[q].decl == d)
                                seen = true;
                    }
                if (seen || !d || d->kind != AST_FOR_EACH)
                    continue;
                buf_puts(b, any ? ",\n    {" : "\n    {");
                any = true;
                buf_puts(b, "\"name\": ");
                str_n(b, d->u.each.var.p, d->u.each.var.n);
                kv(b, ", ", "kind", obj_word(d->u.each.obj));
                buf_printf(b, ", \"line\": %lu, \"loop\": true, \"selector\": ", line_of(src, d->loc.start));
                source_text(b, src, d->loc.start, d->u.each.cond ? d->u.each.cond->loc.end : d->loc.end);
                buf_puts(b, ", \"covers\": [");
                /* every distinct object the loop variable took, in order */
                {
                    size_t ii, jj, kk, n = 0;
                    const plan_bind **took = NULL;
                    size_t cap = 0;
                    for (ii = i; ii < p->nsteps; ii++)
                        for (jj = 0; jj < p->steps[ii].nacts; jj++)
                            for (kk = 0; kk < p->steps[ii].acts[jj].nbinds; kk++) {
                                const plan_bind *y = &p->steps[ii].acts[jj].binds[kk];
                                size_t t;
                                bool dup = false;
                                if (y->decl != d)
                                    continue;
                                for (t = 0; t < n && !dup; t++)
                                    dup = same_bind(took[t], y);
                                if (dup)
                                    continue;
                                if (!util_grow((void **)&took, &cap, n + 1, sizeof *took)) {
                                    b->failed = true;
                                    continue;
                                }
                                took[n++] = y;
                            }
                    for (ii = 0; ii < n; ii++) {
                        buf_puts(b, ii ? ",\n      {" : "\n      {");
                        /* bind_object starts with ", " */
                        buf_puts(b, "\"kind\": ");
                        str(b, obj_word(took[ii]->obj));
                        bind_object(b, &in->x->snap, &in->x->p.rec, took[ii]);
                        buf_putc(b, '}');
                    }
                    util_free(took);
                    buf_puts(b, n ? "\n    ]}" : "]}");
                }
            }
    buf_puts(b, any ? "\n  ],\n" : "],\n");
}

/* ---- steps ------------------------------------------------------------- */

static const char *act_word(enum plan_kind k)
{
    switch (k) {
    case PA_DISKPART: return "diskpart";
    case PA_ROBOCOPY: return "robocopy";
    case PA_BCDEDIT: return "bcdedit";
    case PA_REQUIRE: return "require";
    case PA_ENSURE: return "ensure";
    }
    return "?";
}

/* The command's record (compiler/plan/record.h): its evidence, the names on
 * its line as the listing shows them, and the assumptions the model made
 * for it. */
static void record_parts(buf *b, const rec_cmd *r)
{
    size_t i;
    buf t;
    buf_init(&t);
    buf_puts(b, ", \"evidence\": ");
    if (rec_evidence(&t, r))
        str(b, buf_cstr(&t));
    else
        buf_puts(b, "null");
    buf_puts(b, ", \"notes\": [");
    for (i = 0; i < r->nnotes; i++) {
        buf_puts(b, i ? ", " : "");
        str(b, r->notes[i]);
    }
    buf_putc(b, ']');
    if (t.failed)
        b->failed = true;
    buf_free(&t);
}

/* The step's commands, each with the file that runs it: the DiskPart
 * script the record places it in, the driver for a program. */
static void commands(buf *b, const pj_input *in, const plan_step *s)
{
    const diag_src *src = &in->x->src;
    size_t j;
    buf file;
    buf_init(&file);
    buf_puts(b, "\"commands\": [");
    for (j = 0; j < s->nacts; j++) {
        const plan_act *a = &s->acts[j];
        buf_puts(b, j ? ",\n        {" : "\n        {");
        buf_printf(b, "\"line\": %lu", a->line);
        kv(b, ", ", "kind", act_word(a->kind));
        buf_puts(b, ", \"text\": ");
        if (a->kind == PA_REQUIRE || a->kind == PA_ENSURE)
            source_text(b, src, a->node->loc.start, a->node->loc.end);
        else
            str(b, a->text);
        reuse(&file, b);
        if (a->kind == PA_DISKPART)
            buf_printf(&file, "%s.%02u.diskpart.txt", in->name, a->rec.script);
        else if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT)
            buf_printf(&file, "%s.cmd", in->name);
        buf_puts(b, ", \"file\": ");
        if (file.len)
            str(b, buf_cstr(&file));
        else
            buf_puts(b, "null");
        record_parts(b, &a->rec);
        buf_putc(b, '}');
    }
    buf_puts(b, s->nacts ? "\n      ]" : "]");
    if (file.failed)
        b->failed = true;
    buf_free(&file);
}

/* The steps in the procedure's order: those that run (numbered as the
 * driver numbers them) and those `when` leaves out on this server. */
static void steps(buf *b, const pj_input *in)
{
    const plan *p = &in->x->p;
    size_t i, k = 0;
    bool any = false;
    buf_puts(b, "  \"steps\": [");
    for (i = 0; i <= p->nsteps; i++) {
        for (; k < p->nskips && p->skips[k].before == i; k++) {
            const plan_skip *x = &p->skips[k];
            buf_puts(b, any ? ",\n    {" : "\n    {");
            any = true;
            buf_puts(b, "\"number\": null");
            kv(b, ", ", "name", x->name);
            buf_printf(b, ", \"line\": %lu, \"runs\": false", x->line);
            kv(b, ", ", "why_not", x->why);
            buf_puts(b, ", \"commands\": []}");
        }
        if (i == p->nsteps)
            break;
        buf_puts(b, any ? ",\n    {" : "\n    {");
        any = true;
        buf_printf(b, "\"number\": %zu", i + 1);
        kv(b, ", ", "name", p->steps[i].name);
        buf_printf(b, ", \"line\": %lu, \"runs\": true, \"why_not\": null,\n      ", p->steps[i].line);
        commands(b, in, &p->steps[i]);
        buf_putc(b, '}');
    }
    buf_puts(b, any ? "\n  ],\n" : "],\n");
}

/* ---- disks: the record's effects as data ------------------------------ */

/* The "effects" array of disk r, then its "summary": the effects' words as
 * the reviewer's summary gives them (rec_disk_words). */
static void effects(buf *b, const rec_disk *r)
{
    size_t i;
    buf t;
    buf_puts(b, "\"effects\": [");
    for (i = 0; r && i < r->nfx; i++) {
        const rec_effect *f = &r->fx[i];
        buf_puts(b, i ? ",\n        {" : "\n        {");
        kv(b, "", "what", rec_effect_word[f->what]);
        if (f->has_volume) {
            buf_printf(b, ", \"volume\": %u", f->volume);
            kv(b, ", ", "volume_name", f->volume_name);
        }
        if (f->to)
            kv(b, ", ", "to", f->to);
        kv(b, ", ", "text", f->text);
        buf_putc(b, '}');
    }
    buf_puts(b, "\n      ],\n      ");
    buf_init(&t);
    if (r)
        rec_disk_words(&t, r);
    kv(b, "", "summary", buf_cstr(&t));
    if (t.failed)
        b->failed = true;
    buf_free(&t);
}

static void kind_of(buf *b, const mdl_disk *d)
{
    if (d->status != DS_ONLINE)
        buf_puts(b, mdl_word(&mdl_disk_status_vocab, (int)d->status));
    else
        buf_printf(b, "%s %s", d->dyn ? "dynamic" : "basic", d->gpt ? "GPT" : d->raw ? "raw" : "MBR");
}

/* A text the capture gave, or null. */
static void known(buf *b, const char *sep, const char *key, bool is, const char *value)
{
    if (is && value && *value)
        kv(b, sep, key, value);
    else
        buf_printf(b, "%s\"%s\": null", sep, key);
}

/* "identity": what identifies disk d physically, as the record has it (its
 * text) and field by field, null where not captured; null for a missing
 * disk, which has none. */
static void identity(buf *b, const mdl_disk *d, const rec_disk *r)
{
    buf_puts(b, "\n      \"identity\": ");
    if (!r || !r->identity) {
        buf_puts(b, "null,");
        return;
    }
    buf_putc(b, '{');
    kv(b, "", "text", r->identity);
    known(b, ", ", "model", d->detail.known, d->detail.model);
    known(b, ", ", "disk_id", d->detail.known, d->detail.disk_id);
    known(b, ", ", "location", d->detail.known, d->detail.location);
    known(b, ", ", "serial", d->inv.known, d->inv.serial);
    known(b, ", ", "bus", d->inv.known, d->inv.bus);
    if (d->inv.known)
        buf_printf(b, ", \"bytes\": %llu},", (unsigned long long)d->inv.bytes);
    else
        buf_puts(b, ", \"bytes\": null},");
}

/* "disks" (each disk of the listing: its names and what happens to it),
 * then "blast_radius" (the disks under each effect). */
static void disks(buf *b, const pj_input *in)
{
    const plan *p = &in->x->p;
    const mdl_server *snap = &in->x->snap;
    size_t i, j;
    int e;
    buf t;
    buf_init(&t);
    buf_puts(b, "  \"disks\": [");
    for (i = 0; i < snap->ndisks; i++) {
        const mdl_disk *d = &snap->disks[i];
        bool any = false;
        buf_puts(b, i ? ",\n    {" : "\n    {");
        reuse(&t, b);
        prt_disk_name(&t, d);
        kv(b, "", "disk", buf_cstr(&t));
        reuse(&t, b);
        mdl_format_size(&t, d->size);     /* right-aligned: without the padding */
        kv(b, ", ", "size", buf_cstr(&t) + strspn(buf_cstr(&t), " "));
        reuse(&t, b);
        kind_of(&t, d);
        kv(b, ", ", "kind", buf_cstr(&t));
        buf_puts(b, ", \"names\": [");
        for (j = 0; j < p->nbinds; j++) {
            const plan_bind *k = &p->binds[j];
            if (k->obj != OBJ_DISK || !mdl_ref_is(k->disk, d) || !k->decl || k->decl->kind != AST_SEL_DECL)
                continue;
            buf_puts(b, any ? ", " : "");
            str_n(b, k->decl->u.decl.name.p, k->decl->u.decl.name.n);
            any = true;
        }
        buf_puts(b, "],");
        identity(b, d, rec_disk_of(&p->rec, d));
        buf_puts(b, "\n      ");
        effects(b, rec_disk_of(&p->rec, d));
        buf_putc(b, '}');
    }
    buf_puts(b, snap->ndisks ? "\n  ],\n" : "],\n");
    buf_puts(b, "  \"blast_radius\": {");
    for (e = 0; e < EF_COUNT; e++) {
        bool any = false;
        buf_printf(b, "%s\n    \"%s\": [", e ? "," : "", rec_effect_word[e]);
        for (i = 0; i < snap->ndisks; i++) {
            if (!rec_has_effect(rec_disk_of(&p->rec, &snap->disks[i]), (enum rec_effect_kind)e))
                continue;
            reuse(&t, b);
            prt_disk_name(&t, &snap->disks[i]);
            buf_puts(b, any ? ", " : "");
            str(b, buf_cstr(&t));
            any = true;
        }
        buf_putc(b, ']');
    }
    buf_puts(b, "\n  },\n");
    if (t.failed)
        b->failed = true;
    buf_free(&t);
}

/* Each assumption once, in plan order (as the summary lists them). */
static void assumptions(buf *b, const plan *p)
{
    size_t i;
    buf_puts(b, "  \"assumptions\": [");
    for (i = 0; i < p->rec.nassume; i++) {
        buf_puts(b, i ? ",\n    " : "\n    ");
        str(b, p->rec.assumptions[i]);
    }
    buf_puts(b, p->rec.nassume ? "\n  ],\n" : "],\n");
}

/* ---- the document ------------------------------------------------------ */

/* The compile id emit stamped on the set. */
static void compile_id(buf *b, const emit_out *o)
{
    if (o->compile_id[0])
        str(b, o->compile_id);
    else
        buf_puts(b, "null");
}

void pj_plan(buf *b, const pj_input *in)
{
    const plan *p = &in->x->p;
    char h[65];
    size_t i;
    buf path;
    buf_init(&path);
    buf_printf(b, "{\n  \"schema\": \"mrb-plan\",\n  \"version\": %d,\n", PJ_VERSION);
    kv(b, "  ", "mrb_version", MRB_VERSION);
    buf_puts(b, ",\n  \"compile_id\": ");
    compile_id(b, in->o);
    buf_puts(b, ",\n  \"procedure\": {");
    kv(b, "", "path", in->source);
    kv(b, ", ", "name", in->name);
    kv(b, ", ", "title", p->title ? p->title : "");
    kv(b, ", ", "sha256", in->x->procedure_sha256);
    buf_puts(b, "},\n  \"listing\": {");
    kv(b, "", "path", in->listing);
    kv(b, ", ", "sha256", in->x->listing_sha256);
    buf_puts(b, "},\n");
    kv(b, "  ", "folder", in->dir);
    buf_puts(b, ",\n  \"files\": [");
    for (i = 0; i < in->o->nfiles; i++) {
        const emit_file *f = &in->o->files[i];
        jrn_hash sum;
        buf_puts(b, i ? ",\n    {" : "\n    {");
        kv(b, "", "name", f->name);
        reuse(&path, b);
        if (strcmp(in->dir, ".") != 0) {
            size_t n = strlen(in->dir);
            buf_puts(&path, in->dir);
            if (n && in->dir[n - 1] != '/' && in->dir[n - 1] != '\\')
                buf_putc(&path, '/');
        }
        buf_puts(&path, f->name);
        kv(b, ", ", "path", buf_cstr(&path));
        kv(b, ", ", "role", emit_role_word[f->role]);
        jrn_hash_bytes(f->data.data ? f->data.data : "", f->data.len, &sum);
        hex(h, &sum);
        kv(b, ", ", "sha256", h);
        buf_putc(b, '}');
    }
    buf_puts(b, in->o->nfiles ? "\n  ],\n" : "],\n");
    names(b, in);
    steps(b, in);
    disks(b, in);
    assumptions(b, p);
    buf_puts(b, "  \"guard_rows\": [");
    for (i = 0; i < p->nrows; i++) {
        buf_puts(b, i ? ",\n    " : "\n    ");
        str(b, p->rows[i]);
    }
    buf_puts(b, p->nrows ? "\n  ],\n" : "],\n");
    reuse(&path, b);
    buf_printf(&path, "%s.after.txt", in->name);
    buf_puts(b, "  \"after\": {");
    kv(b, "", "file", buf_cstr(&path));
    buf_puts(b, ", \"model\": ");
    {
        size_t at = b->len;
        prt_json(b, &p->after);
        /* prt_json ends its document with a newline: not inside this one */
        if (!b->failed && b->len > at && b->data[b->len - 1] == '\n')
            b->data[--b->len] = '\0';
    }
    buf_puts(b, "}\n}\n");
    if (path.failed)
        b->failed = true;
    buf_free(&path);
}
