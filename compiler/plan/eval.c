/* eval.c - the three-valued evaluator: conditions and selectors on a model state.
 *
 * Design.  One evaluator serves every use: deciding which object a selector
 * denotes (each candidate of the listing in turn is "it", the object whose
 * attributes bare names read), deciding guards on the listing, and deciding
 * require/ensure on the model as the verifier runs the plan and as `mrb
 * run` checks fresh listings.  Values carry their uncertainty: a size is an
 * interval of bytes, a count an interval of counts (objects that may or may
 * not match), a condition true, false or unknown (Kleene's logic: false and
 * unknown is false, true or unknown is true).  Every false or unknown leaf
 * says why, in the procedure's words, so that a refusal can show both
 * intervals.
 */
#include "plan/eval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diskpart/print.h"
#include "diskpart/sim.h"

enum vkind { V_BOOL, V_SIZE, V_ENUM, V_LETTER, V_STRING, V_OBJ, V_NONE };

typedef struct val {
    enum vkind k;
    tri b;
    mdl_size sz;            /* V_SIZE: bytes, or with count set a number of objects */
    bool count;
    int e;
    char letter;
    const char *s;
    size_t sn;
    plan_bind obj;
} val;

void ev_why(const ev_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (!c->why)
        return;
    if (c->why->len)
        buf_puts(c->why, "; ");
    va_start(ap, fmt);
    buf_vprintf(c->why, fmt, ap);
    va_end(ap);
}

static void src_text(buf *b, const diag_src *src, ast_loc loc)
{
    if (loc.end > loc.start && loc.end <= src->len)
        buf_put(b, src->text + loc.start, loc.end - loc.start);
}

/* ---- sizes and counts ---- */

static void show_size(buf *b, mdl_size s)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    uint64_t u = 1;
    int k = 0;
    if (s.hi == s.lo + 1) {
        while (k < 4 && s.lo >= u * 1024 && s.lo % (u * 1024) == 0) {
            u *= 1024;
            k++;
        }
        buf_printf(b, "%llu %s", (unsigned long long)(s.lo / u), units[k]);
        return;
    }
    while (k < 4 && s.lo % (u * 1024) == 0 && s.hi % (u * 1024) == 0 && s.hi > u * 1024) {
        u *= 1024;
        k++;
    }
    buf_printf(b, "[%llu %s, %llu %s)", (unsigned long long)(s.lo / u), units[k],
               (unsigned long long)(s.hi / u), units[k]);
}

static void show_count(buf *b, mdl_size s)
{
    if (s.hi == s.lo + 1)
        buf_printf(b, "%llu", (unsigned long long)s.lo);
    else
        buf_printf(b, "between %llu and %llu", (unsigned long long)s.lo, (unsigned long long)(s.hi - 1));
}

static tri cmp_interval(enum ast_cmp op, mdl_size a, mdl_size b)
{
    uint64_t amax = a.hi - 1, bmax = b.hi - 1;
    switch (op) {
    case CMP_EQ:
        if (a.hi == a.lo + 1 && b.hi == b.lo + 1 && a.lo == b.lo)
            return TRI_TRUE;
        return (amax < b.lo || bmax < a.lo) ? TRI_FALSE : TRI_UNKNOWN;
    case CMP_NE: {
        tri t = cmp_interval(CMP_EQ, a, b);
        return t == TRI_UNKNOWN ? t : t == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
    }
    case CMP_LT: return amax < b.lo ? TRI_TRUE : a.lo >= bmax ? TRI_FALSE : TRI_UNKNOWN;
    case CMP_LE: return amax <= b.lo ? TRI_TRUE : a.lo > bmax ? TRI_FALSE : TRI_UNKNOWN;
    case CMP_GT: return a.lo > bmax ? TRI_TRUE : amax <= b.lo ? TRI_FALSE : TRI_UNKNOWN;
    case CMP_GE: return a.lo >= bmax ? TRI_TRUE : amax < b.lo ? TRI_FALSE : TRI_UNKNOWN;
    }
    return TRI_UNKNOWN;
}

static tri tri_not(tri t) { return t == TRI_UNKNOWN ? t : t == TRI_TRUE ? TRI_FALSE : TRI_TRUE; }

static val v_bool(tri t)
{
    val v;
    memset(&v, 0, sizeof v);
    v.k = V_BOOL;
    v.b = t;
    return v;
}

static val v_none(void)
{
    val v;
    memset(&v, 0, sizeof v);
    v.k = V_NONE;
    v.b = TRI_UNKNOWN;
    return v;
}

/* ---- objects ---- */

const mdl_disk *ev_find_disk(const mdl_server *s, mdl_disk_ref r)
{
    return mdl_find_disk(s, r.num, r.missing_id);
}

static const mdl_partition *find_part(const mdl_disk *d, unsigned num)
{
    size_t i;
    for (i = 0; d && d->parts_known && i < d->nparts; i++)
        if (d->parts[i].num == num)
            return &d->parts[i];
    return NULL;
}

static void disk_name(buf *b, mdl_disk_ref r) { buf_printf(b, "Disk " MDL_DISK_FMT, MDL_DISK_ARGS(r)); }

/* A size as DiskPart shows it, without the padding of its column. */
static void size_text(buf *b, mdl_size sz)
{
    buf t;
    const char *p;
    buf_init(&t);
    mdl_format_size(&t, sz);
    for (p = buf_cstr(&t); *p == ' '; p++)
        ;
    buf_puts(b, p);
    if (t.failed)
        b->failed = true;   /* a description without its size is cut short */
    buf_free(&t);
}

void ev_describe_disk(buf *b, const mdl_disk *d)
{
    prt_disk_name(b, d);
    buf_printf(b, " (%s, ", mdl_word(&mdl_disk_status_vocab, (int)d->status));
    size_text(b, d->size);
    buf_puts(b, ", free ");
    size_text(b, d->free);
    /* what identifies it physically (serial number, ...) is not its state:
     * the plan's files give it on a line of its own (record.h, rec_identity) */
    buf_printf(b, ", %s, %s)", d->dyn ? "dynamic" : "basic", d->gpt ? "GPT" : "MBR");
}

void ev_describe_volume(buf *b, const mdl_volume *v)
{
    buf_printf(b, "Volume %u (", v->num);
    if (v->letter)
        buf_printf(b, "%c, ", v->letter);
    if (v->label && *v->label) {
        diag_escape(b, v->label, strlen(v->label));
        buf_puts(b, ", ");
    }
    if (v->fs != FS_NONE)
        buf_printf(b, "%s, ", mdl_word(&mdl_fs_vocab, (int)v->fs));
    buf_printf(b, "%s, ", mdl_word(&mdl_vol_type_vocab, (int)v->type));
    size_text(b, v->size);
    if (v->status != VS_NONE)
        buf_printf(b, ", %s", mdl_word(&mdl_vol_status_vocab, (int)v->status));
    if (v->info != VI_NONE)
        buf_printf(b, ", %s", mdl_word(&mdl_vol_info_vocab, (int)v->info));
    buf_putc(b, ')');
}

void ev_describe_part(buf *b, const mdl_disk *d, const mdl_partition *p)
{
    buf_printf(b, "Partition %u of ", p->num);
    prt_disk_name(b, d);
    buf_printf(b, " (%s, ", mdl_word(&mdl_part_type_vocab, (int)p->type));
    size_text(b, p->size);
    buf_puts(b, " at ");
    size_text(b, p->offset);
    buf_putc(b, ')');
}

void res_describe(buf *b, const mdl_server *srv, const plan_bind *o)
{
    const mdl_disk *d;
    const mdl_volume *v;
    switch (o->obj) {
    case OBJ_DISK:
        if ((d = ev_find_disk(srv, o->disk)))
            ev_describe_disk(b, d);
        else {
            disk_name(b, o->disk);
            buf_puts(b, " (no longer listed)");
        }
        break;
    case OBJ_VOLUME:
        if ((v = mdl_find_volume(srv, o->num)))
            ev_describe_volume(b, v);
        else
            buf_printf(b, "Volume %u (no longer listed)", o->num);
        break;
    case OBJ_PARTITION:
        d = ev_find_disk(srv, o->disk);
        if (d && find_part(d, o->num))
            ev_describe_part(b, d, find_part(d, o->num));
        else {
            buf_printf(b, "Partition %u of ", o->num);
            disk_name(b, o->disk);
        }
        break;
    case OBJ_NONE:
        buf_printf(b, "%c:", o->letter);
        break;
    }
}

/* Whether volume v lives on disk d: the simulator's rules (MODEL.md). */
static tri vol_on_disk(const mdl_volume *v, const mdl_disk *d)
{
    int on = sim_vol_on(v, d);
    return on == 1 ? TRI_TRUE : on == 0 ? TRI_FALSE : TRI_UNKNOWN;
}

/* `blank`: the listing shows nothing on the disk (SPEC.md, Attributes). */
static tri disk_blank(const ev_ctx *c, const mdl_disk *d)
{
    size_t i;
    buf name;
    tri t = TRI_TRUE;
    buf_init(&name);
    prt_disk_name(&name, d);
    if (d->status != DS_ONLINE) {
        ev_why(c, "%s is %s, not online", buf_cstr(&name), mdl_word(&mdl_disk_status_vocab, (int)d->status));
        t = TRI_FALSE;
    } else if (d->dyn) {
        ev_why(c, "%s is dynamic", buf_cstr(&name));
        t = TRI_FALSE;
    } else if (d->parts_known && d->nparts > 0) {
        ev_why(c, "%s has %zu partition%s", buf_cstr(&name), d->nparts, d->nparts == 1 ? "" : "s");
        t = TRI_FALSE;
    } else if (!mdl_size_eq(d->size, d->free)) {
        buf s;
        buf_init(&s);
        size_text(&s, d->free);
        buf_puts(&s, " free of ");
        size_text(&s, d->size);
        ev_why(c, "%s shows %s", buf_cstr(&name), buf_cstr(&s));
        buf_free(&s);
        t = TRI_FALSE;
    } else {
        for (i = 0; i < c->srv->nvols && t == TRI_TRUE; i++) {
            tri on = vol_on_disk(&c->srv->vols[i], d);
            if (on == TRI_TRUE) {
                ev_why(c, "volume %u lives on %s", c->srv->vols[i].num, buf_cstr(&name));
                t = TRI_FALSE;
            }
        }
        for (i = 0; i < c->srv->nvols && t == TRI_TRUE; i++)
            if (vol_on_disk(&c->srv->vols[i], d) == TRI_UNKNOWN) {
                ev_why(c, "the listing does not say whether volume %u lives on %s (capture `select disk " MDL_DISK_FMT "` "
                       "and `list partition`, as 'mrb probe' does)",
                    c->srv->vols[i].num, buf_cstr(&name), MDL_DISK_ARGS(*d));
                if (c->uncaptured && !d->parts_known)
                    *c->uncaptured = true;
                t = TRI_UNKNOWN;
            }
        if (t == TRI_TRUE && !d->parts_known) {
            ev_why(c, "the partitions of %s were not captured (capture `select disk %u` and `list partition`, "
                   "as 'mrb probe' does)",
                buf_cstr(&name), d->num);
            if (c->uncaptured)
                *c->uncaptured = true;
            t = TRI_UNKNOWN;
        }
    }
    buf_free(&name);
    return t;
}

/* A disk's identity (SPEC.md, "Attributes"): model, location and bus as
 * `detail disk` printed them, serial and bytes from the inventory; bus
 * falls back on the inventory's BusType.  Unknown, with the capture that
 * settles it, when the listing lacks them. */
static val identity_of(const ev_ctx *c, enum ast_attr a, const mdl_disk *d)
{
    val r = v_none();
    const char *s = NULL, *what = "`detail disk`";
    if (a == ATTR_DISK_BYTES || a == ATTR_DISK_SERIAL) {
        what = "the inventory (--inventory)";
        if (d->inv.known && a == ATTR_DISK_BYTES) {
            r.k = V_SIZE;
            r.sz = mdl_exact(d->inv.bytes);
            return r;
        }
        s = d->inv.known ? d->inv.serial : NULL;
    } else if (d->detail.known) {
        s = a == ATTR_DISK_MODEL ? d->detail.model : a == ATTR_DISK_LOCATION ? d->detail.location : d->detail.type;
    }
    if (!s && a == ATTR_DISK_BUS && d->inv.known)
        s = d->inv.bus;
    if (s) {
        r.k = V_STRING;
        r.s = s;
        r.sn = strlen(s);
        return r;
    }
    if (d->missing_id)
        ev_why(c, "the %s of Disk " MDL_DISK_FMT " is unknown: DiskPart shows nothing of a missing disk",
            ast_attr_name(a), MDL_DISK_ARGS(*d));
    else if (a == ATTR_DISK_BYTES || a == ATTR_DISK_SERIAL)
        ev_why(c, "the %s of Disk %u is unknown: it is not in %s (capture it with the command 'mrb probe "
               "--inventory' prints)", ast_attr_name(a), d->num, what);
    else
        ev_why(c, "the %s of Disk %u is unknown: %s of it was not captured (capture `select disk %u` and "
               "`detail disk`, as 'mrb probe' does)", ast_attr_name(a), d->num, what, d->num);
    return r;
}

/* The value of attribute a of an object. */
static val attr_of(const ev_ctx *c, enum ast_attr a, const mdl_disk *d, const mdl_volume *v,
                   const mdl_partition *p, bool part_unknown)
{
    val r = v_none();
    switch (a) {
    case ATTR_DISK_STATUS: r.k = V_ENUM; r.e = (int)d->status; break;
    case ATTR_DISK_SIZE: r.k = V_SIZE; r.sz = d->size; break;
    case ATTR_DISK_FREE: r.k = V_SIZE; r.sz = d->free; break;
    case ATTR_DISK_DYNAMIC: r = v_bool(d->dyn ? TRI_TRUE : TRI_FALSE); break;
    case ATTR_DISK_GPT: r = v_bool(d->gpt ? TRI_TRUE : TRI_FALSE); break;
    case ATTR_DISK_BLANK: r = v_bool(disk_blank(c, d)); break;
    case ATTR_DISK_MODEL:
    case ATTR_DISK_LOCATION:
    case ATTR_DISK_BUS:
    case ATTR_DISK_SERIAL:
    case ATTR_DISK_BYTES: r = identity_of(c, a, d); break;
    case ATTR_VOL_LETTER: r.k = V_LETTER; r.letter = v->letter; break;
    case ATTR_VOL_LABEL: r.k = V_STRING; r.s = v->label; r.sn = strlen(v->label); break;
    case ATTR_VOL_FS: r.k = V_ENUM; r.e = (int)v->fs; break;
    case ATTR_VOL_TYPE: r.k = V_ENUM; r.e = (int)v->type; break;
    case ATTR_VOL_SIZE: r.k = V_SIZE; r.sz = v->size; break;
    case ATTR_VOL_STATUS: r.k = V_ENUM; r.e = (int)v->status; break;
    case ATTR_VOL_INFO: r.k = V_ENUM; r.e = (int)v->info; break;
    case ATTR_PART_DISK:
        r.k = V_OBJ;
        r.obj.obj = OBJ_DISK;
        r.obj.disk.num = d->num;
        r.obj.disk.missing_id = d->missing_id;
        break;
    case ATTR_PART_TYPE:
    case ATTR_PART_SIZE:
    case ATTR_PART_OFFSET:
        if (part_unknown) {
            ev_why(c, "the partitions of Disk " MDL_DISK_FMT " were not captured (capture `select disk " MDL_DISK_FMT "` and "
                   "`list partition`, as 'mrb probe' does)",
                MDL_DISK_ARGS(*d), MDL_DISK_ARGS(*d));
            if (c->uncaptured)
                *c->uncaptured = true;
            return v_none();
        }
        if (a == ATTR_PART_TYPE) {
            r.k = V_ENUM;
            r.e = (int)p->type;
        } else {
            r.k = V_SIZE;
            r.sz = a == ATTR_PART_SIZE ? p->size : p->offset;
        }
        break;
    case ATTR_COUNT:
        break;
    }
    return r;
}

const plan_bind *ev_binding(const ev_ctx *c, const ast_node *decl)
{
    size_t i;
    for (i = c->nloc; i-- > 0;)
        if (c->loc[i].decl == decl)
            return &c->loc[i];
    for (i = 0; c->p && i < c->p->nbinds; i++)
        if (c->p->binds[i].decl == decl)
            return &c->p->binds[i];
    return NULL;
}

/* The attribute a of the object a binding denotes, in the current state. */
static val attr_of_bind(const ev_ctx *c, const plan_bind *b, enum ast_attr a)
{
    const mdl_disk *d = NULL;
    const mdl_volume *v = NULL;
    const mdl_partition *p = NULL;
    buf name;
    buf_init(&name);
    switch (b->obj) {
    case OBJ_DISK:
        d = ev_find_disk(c->srv, b->disk);
        break;
    case OBJ_VOLUME:
        v = mdl_find_volume(c->srv, b->num);
        break;
    case OBJ_PARTITION:
        d = ev_find_disk(c->srv, b->disk);
        p = find_part(d, b->num);
        if (d && !p && d->parts_known)
            d = NULL;
        break;
    case OBJ_NONE:
        break;
    }
    if ((b->obj == OBJ_VOLUME && !v) || (b->obj != OBJ_VOLUME && !d)) {
        res_describe(&name, c->srv, b);
        ev_why(c, "%s is not there any more", buf_cstr(&name));
        buf_free(&name);
        return v_none();
    }
    buf_free(&name);
    return attr_of(c, a, d, v, p, b->obj == OBJ_PARTITION && !p);
}

static val eval(ev_ctx *c, const ast_node *n);

/* Does the candidate (set in c) match predicate pred? */
tri ev_match(ev_ctx *c, const ast_node *sel)
{
    if (sel->u.sel.letter) {
        char l = (char)sel->u.sel.letter->u.name.value;
        if (c->it_vol->letter == l)
            return TRI_TRUE;
        ev_why(c, "its letter is %c, not %c", c->it_vol->letter ? c->it_vol->letter : '-', l);
        return TRI_FALSE;
    }
    return ev_cond(c, sel->u.sel.cond);
}

/* Call fn for every candidate of selector kind obj in srv, in listing order;
 * c's candidate is set for the call.  A partition of a disk whose
 * partitions were not captured is one unknown candidate. */
bool ev_each_candidate(ev_ctx *c, enum ast_obj obj, ev_cand_fn fn, void *arg)
{
    size_t i, j;
    c->it = obj;
    c->it_disk = NULL;
    c->it_vol = NULL;
    c->it_part = NULL;
    if (obj == OBJ_DISK) {
        for (i = 0; i < c->srv->ndisks; i++) {
            c->it_disk = &c->srv->disks[i];
            if (!fn(c, arg))
                return false;
        }
    } else if (obj == OBJ_VOLUME) {
        for (i = 0; i < c->srv->nvols; i++) {
            c->it_vol = &c->srv->vols[i];
            if (!fn(c, arg))
                return false;
        }
    } else {
        for (i = 0; i < c->srv->ndisks; i++) {
            c->it_disk = &c->srv->disks[i];
            if (!c->it_disk->parts_known) {
                if (c->it_disk->missing_id)
                    continue;   /* DiskPart lists no partitions of a missing disk */
                c->it_part = NULL;
                if (!fn(c, arg))
                    return false;
                continue;
            }
            for (j = 0; j < c->it_disk->nparts; j++) {
                c->it_part = &c->it_disk->parts[j];
                if (!fn(c, arg))
                    return false;
            }
        }
    }
    return true;
}

typedef struct counting {
    const ast_node *sel;
    uint64_t yes, maybe;
} counting;

static bool count_one(ev_ctx *c, void *arg)
{
    counting *k = arg;
    buf *saved = c->why;
    tri t;
    c->why = NULL;
    t = ev_match(c, k->sel);
    c->why = saved;
    if (t == TRI_TRUE)
        k->yes++;
    else if (t == TRI_UNKNOWN)
        k->maybe++;
    return true;
}

static val eval_count(ev_ctx *c, const ast_node *sel)
{
    ev_ctx sub = *c;
    counting k;
    val r = v_none();
    k.sel = sel;
    k.yes = k.maybe = 0;
    ev_each_candidate(&sub, sel->u.sel.obj, count_one, &k);
    r.k = V_SIZE;
    r.count = true;
    r.sz.lo = k.yes;
    r.sz.hi = k.yes + k.maybe + 1;
    if (k.maybe)
        ev_why(c, "%llu %s%s may or may not match", (unsigned long long)k.maybe, ast_obj_name(sel->u.sel.obj),
            k.maybe == 1 ? "" : "s");
    return r;
}

static int enum_of_string(const ast_node *n)
{
    const mdl_vocab *v;
    switch (n->type) {
    case TY_DISK_STATUS: v = &mdl_disk_status_vocab; break;
    case TY_VOL_TYPE: v = &mdl_vol_type_vocab; break;
    case TY_VOL_STATUS: v = &mdl_vol_status_vocab; break;
    case TY_VOL_INFO: v = &mdl_vol_info_vocab; break;
    case TY_FS: v = &mdl_fs_vocab; break;
    case TY_PART_TYPE: v = &mdl_part_type_vocab; break;
    default: return -1;
    }
    return mdl_lookup(v, LANG_EN, n->u.string.text, n->u.string.len);
}

static val eval(ev_ctx *c, const ast_node *n)
{
    val r = v_none();
    const plan_bind *b;
    switch (n->kind) {
    case AST_AND:
    case AST_OR:
    case AST_NOT:
    case AST_CMP:
    case AST_HOLDS:
        return v_bool(ev_cond(c, n));
    case AST_NUMBER:
        r.k = V_SIZE;
        r.count = true;
        r.sz = mdl_exact(n->u.number.value);
        return r;
    case AST_SIZE:
        r.k = V_SIZE;
        r.sz = mdl_exact(n->u.size.bytes);
        return r;
    case AST_STRING:
        if ((r.e = enum_of_string(n)) >= 0) {
            r.k = V_ENUM;
            return r;
        }
        r.k = V_STRING;
        r.s = n->u.string.text;
        r.sn = n->u.string.len;
        return r;
    case AST_COUNT:
        return eval_count(c, n->u.count.sel);
    case AST_MEMBER:
        if (n->u.member.object->kind != AST_NAME || n->u.member.object->u.name.res != RES_SYMBOL ||
            !(b = ev_binding(c, n->u.member.object->u.name.decl)))
            return v_none();
        return attr_of_bind(c, b, (enum ast_attr)n->u.member.attr_id);
    case AST_NAME:
        switch (n->u.name.res) {
        case RES_ATTR:
            if (c->it == OBJ_NONE)
                return v_none();
            return attr_of(c, (enum ast_attr)n->u.name.value, c->it_disk, c->it_vol, c->it_part,
                           c->it == OBJ_PARTITION && !c->it_part);
        case RES_ENUM:
            r.k = V_ENUM;
            r.e = n->u.name.value;
            return r;
        case RES_LETTER:
            r.k = V_LETTER;
            r.letter = (char)n->u.name.value;
            return r;
        case RES_SYMBOL:
            if (!(b = ev_binding(c, n->u.name.decl)))
                return v_none();
            if (b->obj == OBJ_NONE) {
                r.k = V_LETTER;
                r.letter = b->letter;
            } else {
                r.k = V_OBJ;
                r.obj = *b;
            }
            return r;
        case RES_NONE:
            return v_none();
        }
        return v_none();
    default:
        return v_none();
    }
}

static bool same_obj(const plan_bind *a, const plan_bind *b)
{
    if (a->obj != b->obj)
        return false;
    if (a->obj == OBJ_VOLUME)
        return a->num == b->num;
    return a->disk.num == b->disk.num && a->disk.missing_id == b->disk.missing_id &&
           (a->obj == OBJ_DISK || a->num == b->num);
}

/* What would decide a comparison of sizes that the listing leaves unknown:
 * DiskPart truncates the sizes it displays, so each side stands for a range
 * of bytes, and the ranges overlap; a bound written in the procedure that
 * the displayed size settles does decide (e.g. `size >= 1863 GB`). */
static void undecided_hint(buf *s, mdl_size other, const char *other_text)
{
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
    uint64_t u = 1;
    int k = 0;
    while (k < 4 && other.lo >= u * 1024 && other.lo % (u * 1024) == 0) {
        u *= 1024;
        k++;
    }
    buf_printf(s, " (DiskPart truncates the sizes it displays, so each side stands for a range of sizes and "
                  "the ranges overlap: no listing can decide it; a bound the displayed sizes settle does, such as "
                  "%llu %s in place of '%s')", (unsigned long long)(other.lo / u), units[k], other_text);
}

static tri compare(ev_ctx *c, const ast_node *n)
{
    val a = eval(c, n->u.cmp.lhs), b = eval(c, n->u.cmp.rhs);
    enum ast_cmp op = n->u.cmp.op;
    tri t;
    bool eq;
    if (a.k == V_NONE || b.k == V_NONE)
        return TRI_UNKNOWN;
    if (a.k == V_SIZE && b.k == V_SIZE) {
        t = cmp_interval(op, a.sz, b.sz);
        if (t != TRI_TRUE && c->why) {
            buf s;
            buf_init(&s);
            buf_puts(&s, "'");
            src_text(&s, c->src, n->loc);
            buf_printf(&s, "' is %s: ", t == TRI_FALSE ? "false" : "unknown");
            (a.count ? show_count : show_size)(&s, a.sz);
            buf_printf(&s, " %s ", ast_cmp_str(op));
            (b.count ? show_count : show_size)(&s, b.sz);
            if (t == TRI_UNKNOWN && !a.count && !b.count) {
                buf o;
                buf_init(&o);
                src_text(&o, c->src, n->u.cmp.rhs->loc);
                undecided_hint(&s, b.sz, buf_cstr(&o));
                buf_free(&o);
            }
            ev_why(c, "%s", buf_cstr(&s));
            buf_free(&s);
        }
        return t;
    }
    if (a.k == V_BOOL && b.k == V_BOOL) {
        if (a.b == TRI_UNKNOWN || b.b == TRI_UNKNOWN)
            return TRI_UNKNOWN;
        eq = a.b == b.b;
    } else if (a.k == V_ENUM && b.k == V_ENUM) {
        eq = a.e == b.e;
    } else if (a.k == V_LETTER && b.k == V_LETTER) {
        eq = a.letter == b.letter;
    } else if (a.k == V_STRING && b.k == V_STRING) {
        eq = a.sn == b.sn && memcmp(a.s, b.s, a.sn) == 0;
    } else if (a.k == V_OBJ && b.k == V_OBJ) {
        eq = same_obj(&a.obj, &b.obj);
    } else {
        return TRI_UNKNOWN;     /* the checker refuses mixed types */
    }
    t = (op == CMP_EQ) == eq ? TRI_TRUE : TRI_FALSE;
    if (op != CMP_EQ && op != CMP_NE)
        t = TRI_UNKNOWN;
    if (t == TRI_FALSE && c->why) {
        buf s;
        buf_init(&s);
        src_text(&s, c->src, n->loc);
        ev_why(c, "'%s' is false", buf_cstr(&s));
        buf_free(&s);
    }
    return t;
}

/* `DISK holds VOLUME`, `holds VOLUME`, `on DISK`: whether the volume lives
 * (at least one plex or partition of it) on the disk, by the model's rules
 * (runtime/diskpart/MODEL.md).  The implicit side is the object the predicate tests. */
static tri holds(ev_ctx *c, const ast_node *n)
{
    const mdl_disk *d = NULL;
    const mdl_volume *v = NULL;
    val x;
    tri t;
    if (!n->u.holds.disk)
        d = c->it == OBJ_DISK ? c->it_disk : NULL;
    else if ((x = eval(c, n->u.holds.disk)).k == V_OBJ && x.obj.obj == OBJ_DISK)
        d = ev_find_disk(c->srv, x.obj.disk);
    if (!n->u.holds.vol)
        v = c->it == OBJ_VOLUME ? c->it_vol : NULL;
    else if ((x = eval(c, n->u.holds.vol)).k == V_OBJ && x.obj.obj == OBJ_VOLUME)
        v = mdl_find_volume(c->srv, x.obj.num);
    if (!d || !v)
        return TRI_UNKNOWN;
    t = vol_on_disk(v, d);
    if (t != TRI_TRUE && c->why) {
        buf s, name;
        buf_init(&s);
        buf_init(&name);
        src_text(&s, c->src, n->loc);
        prt_disk_name(&name, d);
        if (t == TRI_FALSE)
            ev_why(c, "'%s' is false: volume %u does not live on %s", buf_cstr(&s), v->num, buf_cstr(&name));
        else if (d->status == DS_MISSING)
            ev_why(c, "'%s' is unknown: the listing does not say whether volume %u lives on %s (capture `detail "
                   "disk` of every disk that is not missing, as 'mrb probe' does)",
                buf_cstr(&s), v->num, buf_cstr(&name));
        else
            ev_why(c, "'%s' is unknown: the listing does not say whether volume %u lives on %s (capture `select "
                   "disk %u`, `list partition` and `detail disk`, as 'mrb probe' does)",
                buf_cstr(&s), v->num, buf_cstr(&name), d->num);
        buf_free(&name);
        buf_free(&s);
    }
    return t;
}

tri ev_cond(ev_ctx *c, const ast_node *n)
{
    const ast_node *o;
    tri t, r;
    switch (n->kind) {
    case AST_AND:
        r = TRI_TRUE;
        for (o = n->u.logic.operands; o; o = o->next) {
            t = ev_cond(c, o);
            if (t == TRI_FALSE)
                return TRI_FALSE;   /* the first false operand is the reason */
            if (t == TRI_UNKNOWN)
                r = TRI_UNKNOWN;
        }
        return r;
    case AST_OR:
        r = TRI_FALSE;
        for (o = n->u.logic.operands; o; o = o->next) {
            t = ev_cond(c, o);
            if (t == TRI_TRUE)
                return TRI_TRUE;
            if (t == TRI_UNKNOWN)
                r = TRI_UNKNOWN;
        }
        return r;
    case AST_NOT: {
        buf *saved = c->why;
        c->why = NULL;
        t = tri_not(ev_cond(c, n->u.not_.operand));
        c->why = saved;
        if (t != TRI_TRUE && c->why) {
            buf s;
            buf_init(&s);
            src_text(&s, c->src, n->loc);
            ev_why(c, "'%s' is %s", buf_cstr(&s), t == TRI_FALSE ? "false" : "unknown");
            buf_free(&s);
        }
        return t;
    }
    case AST_CMP:
        return compare(c, n);
    case AST_HOLDS:
        return holds(c, n);
    default: {
        val v = eval(c, n);
        if (v.k != V_BOOL)
            return TRI_UNKNOWN;
        if (v.b == TRI_FALSE && c->why &&
            ((n->kind == AST_NAME && n->u.name.res == RES_ATTR && n->u.name.value != ATTR_DISK_BLANK) ||
             (n->kind == AST_MEMBER && n->u.member.attr_id != ATTR_DISK_BLANK))) {
            buf s;
            buf_init(&s);
            src_text(&s, c->src, n->loc);
            ev_why(c, "'%s' is false", buf_cstr(&s));
            buf_free(&s);
        }
        return v.b;
    }
    }
}

tri res_cond(const ast_node *cn, const diag_src *src, const mdl_server *srv, const plan *p,
             const plan_act *a, buf *whybuf)
{
    ev_ctx c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.srv = srv;
    c.p = p;
    c.loc = a ? a->binds : NULL;
    c.nloc = a ? a->nbinds : 0;
    c.why = whybuf;
    c.it = OBJ_NONE;
    return ev_cond(&c, cn);
}

tri res_blank(const mdl_server *srv, const mdl_disk *d, buf *whybuf)
{
    ev_ctx c;
    memset(&c, 0, sizeof c);
    c.srv = srv;
    c.why = whybuf;
    return disk_blank(&c, d);
}
