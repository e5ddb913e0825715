/* render.c - a statement of the procedure as the line the plan runs.
 *
 * DiskPart lines are written in the guide's style: `select volume c` by
 * letter when the volume has one, `select disk 1`, `break disk M0 nokeep`,
 * `size=350` in MB; robocopy and bcdedit lines with the letters the
 * resolver chose.  The record says what each name stood for
 * (" survivor -> " and Disk 0 as the listing shows it: record.h).
 */
#include "plan/render.h"

#include <stdio.h>
#include <string.h>

static const plan_bind *target_bind(const ev_ctx *c, const ast_node *t)
{
    if (!t || t->kind != AST_NAME || t->u.name.res != RES_SYMBOL)
        return NULL;
    return ev_binding(c, t->u.name.decl);
}

/* The target as DiskPart takes it, and its piece of the record. */
static void target_text(const ev_ctx *c, buf *text, rec_cmd *rec, bool *failed, const ast_node *t)
{
    const plan_bind *b;
    if (!t)
        return;
    if (t->kind == AST_NUMBER) {
        buf_printf(text, " %llu", (unsigned long long)t->u.number.value);
        return;
    }
    if (!(b = target_bind(c, t)))
        return;
    switch (b->obj) {
    case OBJ_DISK:
        buf_printf(text, " " MDL_DISK_FMT, MDL_DISK_ARGS(b->disk));
        break;
    case OBJ_VOLUME: {
        const mdl_volume *v = mdl_find_volume(c->srv, b->num);
        if (v && v->letter)
            buf_printf(text, " %c", util_lower(v->letter));
        else
            buf_printf(text, " %u", b->num);
        break;
    }
    case OBJ_PARTITION:
        buf_printf(text, " %u", b->num);
        break;
    case OBJ_NONE:
        buf_printf(text, " %c", util_lower(b->letter));
        break;
    }
    {
        buf lead, words, id;
        const mdl_disk *d = b->obj == OBJ_DISK || b->obj == OBJ_PARTITION
                                ? mdl_find_disk(c->srv, b->disk.num, b->disk.missing_id)
                                : NULL;
        bool has_id;
        buf_init(&lead);
        buf_init(&words);
        buf_init(&id);
        buf_printf(&lead, " %.*s -> ", (int)t->u.name.name.n, t->u.name.name.p);
        res_describe(&words, c->srv, b);
        has_id = d && rec_identity(&id, d);
        if (lead.failed || words.failed || id.failed)
            *failed = true;
        else
            rec_add_object(rec, failed, buf_cstr(&lead), b->obj, b->disk, b->num, buf_cstr(&words),
                           has_id ? buf_cstr(&id) : NULL);
        buf_free(&lead);
        buf_free(&words);
        buf_free(&id);
    }
}

static void option_text(const ev_ctx *c, buf *text, rec_cmd *rec, bool *failed, const ast_node *o)
{
    buf_printf(text, " %s", ast_opt_word(o->u.opt.opt));
    if (!o->u.opt.value)
        return;
    buf_putc(text, '=');
    switch (o->u.opt.value->kind) {
    case AST_SIZE:
        buf_printf(text, "%llu", (unsigned long long)(o->u.opt.value->u.size.bytes / MDL_MiB));
        break;
    case AST_STRING: {
        const char *s = o->u.opt.value->u.string.text;
        bool quote = strchr(s, ' ') != NULL;
        buf_printf(text, quote ? "\"%s\"" : "%s", s);
        break;
    }
    case AST_NAME:
        if (o->u.opt.value->u.name.res == RES_SYMBOL) {
            const plan_bind *b = ev_binding(c, o->u.opt.value->u.name.decl);
            if (b) {
                buf_printf(text, "%c", util_lower(b->letter));
                rec_add_text(rec, failed, " %.*s -> %c: (free in the listing)",
                             (int)o->u.opt.value->u.name.name.n, o->u.opt.value->u.name.name.p, b->letter);
            }
        } else {
            ast_str w = o->u.opt.value->u.name.name;
            size_t i;
            for (i = 0; i < w.n; i++)
                buf_putc(text, (char)util_lower((unsigned char)w.p[i]));
        }
        break;
    case AST_NUMBER:
        buf_printf(text, "%llu", (unsigned long long)o->u.opt.value->u.number.value);
        break;
    default:
        break;
    }
}

static void drive_text(const ev_ctx *c, buf *text, rec_cmd *rec, bool *failed, const ast_node *dr)
{
    const plan_bind *b = dr->u.drive.decl ? ev_binding(c, dr->u.drive.decl) : NULL;
    char l = b ? (char)util_lower(b->letter) : '?';
    buf_printf(text, "%c:", l);
    if (dr->u.drive.path.n)
        buf_put(text, dr->u.drive.path.p, dr->u.drive.path.n);
    if (b && !rec_has_lead(rec, "->")) {
        rec_add_text(rec, failed, " %.*s -> %c:", (int)dr->u.drive.var.n, dr->u.drive.var.p, b->letter);
    } else if (b) {
        char seen[64];
        snprintf(seen, sizeof seen, " %.*s -> ", (int)dr->u.drive.var.n, dr->u.drive.var.p);
        if (!rec_has_lead(rec, seen))
            rec_add_text(rec, failed, ",%s%c:", seen, b->letter);
    }
}

void rnd_diskpart(const ev_ctx *c, const ast_node *n, buf *text, rec_cmd *rec, bool *failed)
{
    const ast_node *o;
    buf_puts(text, ast_cmd_words(n->u.dp.cmd));
    target_text(c, text, rec, failed, n->u.dp.target);
    for (o = n->u.dp.opts; o; o = o->next)
        option_text(c, text, rec, failed, o);
}

void rnd_robocopy(const ev_ctx *c, const ast_node *n, buf *text, rec_cmd *rec, bool *failed)
{
    const ast_node *a;
    buf_puts(text, "robocopy ");
    drive_text(c, text, rec, failed, n->u.robo.src);
    buf_putc(text, ' ');
    drive_text(c, text, rec, failed, n->u.robo.dst);
    for (a = n->u.robo.args; a; a = a->next) {
        buf_putc(text, ' ');
        if (a->kind == AST_STRING)
            buf_printf(text, "\"%s\"", a->u.string.text);
        else if (a->kind == AST_NAME)
            buf_put(text, a->u.name.name.p, a->u.name.name.n);
        else
            buf_put(text, a->u.word.text.p, a->u.word.text.n);
    }
}

void rnd_bcdedit(const ev_ctx *c, const ast_node *n, buf *text, rec_cmd *rec, bool *failed)
{
    if (n->u.bcd.form == BCD_EXPORT) {
        buf_puts(text, "bcdedit /export ");
        drive_text(c, text, rec, failed, n->u.bcd.file);
    } else {
        buf_puts(text, "bcdedit /store ");
        drive_text(c, text, rec, failed, n->u.bcd.file);
        buf_puts(text, " /set ");
        buf_put(text, n->u.bcd.id->u.word.text.p, n->u.bcd.id->u.word.text.n);
        buf_putc(text, ' ');
        buf_put(text, n->u.bcd.elem->u.name.name.p, n->u.bcd.elem->u.name.name.n);
        buf_puts(text, " partition=");
        drive_text(c, text, rec, failed, n->u.bcd.value);
    }
}
