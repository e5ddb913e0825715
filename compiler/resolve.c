/* resolve.c - selectors against a listing, conditions on a model state.
 *
 * Design.  One evaluator serves every use: deciding which object a selector
 * denotes (each candidate of the listing in turn is "it", the object whose
 * attributes bare names read), deciding guards on the listing, and deciding
 * require/ensure on the model as the verifier runs the plan.  Values carry
 * their uncertainty: a size is an interval of bytes, a count an interval of
 * counts (objects that may or may not match), a condition true, false or
 * unknown (Kleene's logic: false and unknown is false, true or unknown is
 * true).  Every false or unknown leaf says why, in the procedure's words,
 * so that a refusal can show both intervals.
 *
 * The plan's DiskPart lines are written in the guide's style: `select
 * volume c` by letter when the volume has one, `select disk 1`, `break disk
 * M0 nokeep`, `size=350` in MB.
 */
#include "resolve.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dpcmd.h"
#include "print.h"
#include "sim.h"

typedef struct ctx {
    const diag_src *src;
    const mdl_server *srv;
    const plan *p;
    const plan_bind *loc;       /* loop variables in scope */
    size_t nloc;
    buf *why;                   /* explanations of false/unknown leaves, or NULL */
    enum ast_obj it;            /* the candidate bare attribute names read */
    const mdl_disk *it_disk;
    const mdl_volume *it_vol;
    const mdl_partition *it_part;   /* NULL with it == OBJ_PARTITION: a partition
                                       of it_disk the listing does not show */
    bool *uncaptured;           /* when set: becomes true if an answer was unknown
                                   because a disk's `list partition` was not captured */
} ctx;

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

static void why(const ctx *c, const char *fmt, ...) MRB_PRINTF(2, 3);

static void why(const ctx *c, const char *fmt, ...)
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

static const mdl_disk *find_disk(const mdl_server *s, mdl_disk_ref r)
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

static void disk_name(buf *b, mdl_disk_ref r) { buf_printf(b, "Disk %s%u", r.missing_id ? "M" : "", r.num); }

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

static void describe_disk(buf *b, const mdl_disk *d)
{
    prt_disk_name(b, d);
    buf_printf(b, " (%s, ", mdl_word(&mdl_disk_status_vocab, (int)d->status));
    size_text(b, d->size);
    buf_puts(b, ", free ");
    size_text(b, d->free);
    buf_printf(b, ", %s, %s)", d->dyn ? "dynamic" : "basic", d->gpt ? "GPT" : "MBR");
}

static void describe_volume(buf *b, const mdl_volume *v)
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

static void describe_part(buf *b, const mdl_disk *d, const mdl_partition *p)
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
        if ((d = find_disk(srv, o->disk)))
            describe_disk(b, d);
        else {
            disk_name(b, o->disk);
            buf_puts(b, " (no longer listed)");
        }
        break;
    case OBJ_VOLUME:
        if ((v = mdl_find_volume(srv, o->num)))
            describe_volume(b, v);
        else
            buf_printf(b, "Volume %u (no longer listed)", o->num);
        break;
    case OBJ_PARTITION:
        d = find_disk(srv, o->disk);
        if (d && find_part(d, o->num))
            describe_part(b, d, find_part(d, o->num));
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
static tri disk_blank(const ctx *c, const mdl_disk *d)
{
    size_t i;
    buf name;
    tri t = TRI_TRUE;
    buf_init(&name);
    prt_disk_name(&name, d);
    if (d->status != DS_ONLINE) {
        why(c, "%s is %s, not online", buf_cstr(&name), mdl_word(&mdl_disk_status_vocab, (int)d->status));
        t = TRI_FALSE;
    } else if (d->dyn) {
        why(c, "%s is dynamic", buf_cstr(&name));
        t = TRI_FALSE;
    } else if (d->parts_known && d->nparts > 0) {
        why(c, "%s has %zu partition%s", buf_cstr(&name), d->nparts, d->nparts == 1 ? "" : "s");
        t = TRI_FALSE;
    } else if (!mdl_size_eq(d->size, d->free)) {
        buf s;
        buf_init(&s);
        size_text(&s, d->free);
        buf_puts(&s, " free of ");
        size_text(&s, d->size);
        why(c, "%s shows %s", buf_cstr(&name), buf_cstr(&s));
        buf_free(&s);
        t = TRI_FALSE;
    } else {
        for (i = 0; i < c->srv->nvols && t == TRI_TRUE; i++) {
            tri on = vol_on_disk(&c->srv->vols[i], d);
            if (on == TRI_TRUE) {
                why(c, "volume %u lives on %s", c->srv->vols[i].num, buf_cstr(&name));
                t = TRI_FALSE;
            }
        }
        for (i = 0; i < c->srv->nvols && t == TRI_TRUE; i++)
            if (vol_on_disk(&c->srv->vols[i], d) == TRI_UNKNOWN) {
                why(c, "the listing does not say whether volume %u lives on %s (capture `select disk %s%u` "
                       "and `list partition`, as 'mrbc probe' does)",
                    c->srv->vols[i].num, buf_cstr(&name), d->missing_id ? "M" : "", d->num);
                if (c->uncaptured && !d->parts_known)
                    *c->uncaptured = true;
                t = TRI_UNKNOWN;
            }
        if (t == TRI_TRUE && !d->parts_known) {
            why(c, "the partitions of %s were not captured (capture `select disk %u` and `list partition`, "
                   "as 'mrbc probe' does)",
                buf_cstr(&name), d->num);
            if (c->uncaptured)
                *c->uncaptured = true;
            t = TRI_UNKNOWN;
        }
    }
    buf_free(&name);
    return t;
}

/* The value of attribute a of an object. */
static val attr_of(const ctx *c, enum ast_attr a, const mdl_disk *d, const mdl_volume *v,
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
            why(c, "the partitions of Disk %s%u were not captured (capture `select disk %s%u` and "
                   "`list partition`, as 'mrbc probe' does)",
                d->missing_id ? "M" : "", d->num, d->missing_id ? "M" : "", d->num);
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

static const plan_bind *binding(const ctx *c, const ast_node *decl)
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
static val attr_of_bind(const ctx *c, const plan_bind *b, enum ast_attr a)
{
    const mdl_disk *d = NULL;
    const mdl_volume *v = NULL;
    const mdl_partition *p = NULL;
    buf name;
    buf_init(&name);
    switch (b->obj) {
    case OBJ_DISK:
        d = find_disk(c->srv, b->disk);
        break;
    case OBJ_VOLUME:
        v = mdl_find_volume(c->srv, b->num);
        break;
    case OBJ_PARTITION:
        d = find_disk(c->srv, b->disk);
        p = find_part(d, b->num);
        if (d && !p && d->parts_known)
            d = NULL;
        break;
    case OBJ_NONE:
        break;
    }
    if ((b->obj == OBJ_VOLUME && !v) || (b->obj != OBJ_VOLUME && !d)) {
        res_describe(&name, c->srv, b);
        why(c, "%s is not there any more", buf_cstr(&name));
        buf_free(&name);
        return v_none();
    }
    buf_free(&name);
    return attr_of(c, a, d, v, p, b->obj == OBJ_PARTITION && !p);
}

static val eval(ctx *c, const ast_node *n);
static tri cond(ctx *c, const ast_node *n);

/* Does the candidate (set in c) match predicate pred? */
static tri match(ctx *c, const ast_node *sel)
{
    if (sel->u.sel.letter) {
        char l = (char)sel->u.sel.letter->u.name.value;
        if (c->it_vol->letter == l)
            return TRI_TRUE;
        why(c, "its letter is %c, not %c", c->it_vol->letter ? c->it_vol->letter : '-', l);
        return TRI_FALSE;
    }
    return cond(c, sel->u.sel.cond);
}

/* Call fn for every candidate of selector kind obj in srv, in listing order;
 * c's candidate is set for the call.  A partition of a disk whose
 * partitions were not captured is one unknown candidate. */
typedef bool (*cand_fn)(ctx *c, void *arg);

static bool each_candidate(ctx *c, enum ast_obj obj, cand_fn fn, void *arg)
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

static bool count_one(ctx *c, void *arg)
{
    counting *k = arg;
    buf *saved = c->why;
    tri t;
    c->why = NULL;
    t = match(c, k->sel);
    c->why = saved;
    if (t == TRI_TRUE)
        k->yes++;
    else if (t == TRI_UNKNOWN)
        k->maybe++;
    return true;
}

static val eval_count(ctx *c, const ast_node *sel)
{
    ctx sub = *c;
    counting k;
    val r = v_none();
    k.sel = sel;
    k.yes = k.maybe = 0;
    each_candidate(&sub, sel->u.sel.obj, count_one, &k);
    r.k = V_SIZE;
    r.count = true;
    r.sz.lo = k.yes;
    r.sz.hi = k.yes + k.maybe + 1;
    if (k.maybe)
        why(c, "%llu %s%s may or may not match", (unsigned long long)k.maybe, ast_obj_name(sel->u.sel.obj),
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

static val eval(ctx *c, const ast_node *n)
{
    val r = v_none();
    const plan_bind *b;
    switch (n->kind) {
    case AST_AND:
    case AST_OR:
    case AST_NOT:
    case AST_CMP:
    case AST_HOLDS:
        return v_bool(cond(c, n));
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
            !(b = binding(c, n->u.member.object->u.name.decl)))
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
            if (!(b = binding(c, n->u.name.decl)))
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

static tri compare(ctx *c, const ast_node *n)
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
            why(c, "%s", buf_cstr(&s));
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
        why(c, "'%s' is false", buf_cstr(&s));
        buf_free(&s);
    }
    return t;
}

/* `DISK holds VOLUME`, `holds VOLUME`, `on DISK`: whether the volume lives
 * (at least one plex or partition of it) on the disk, by the model's rules
 * (runtime/MODEL.md).  The implicit side is the object the predicate tests. */
static tri holds(ctx *c, const ast_node *n)
{
    const mdl_disk *d = NULL;
    const mdl_volume *v = NULL;
    val x;
    tri t;
    if (!n->u.holds.disk)
        d = c->it == OBJ_DISK ? c->it_disk : NULL;
    else if ((x = eval(c, n->u.holds.disk)).k == V_OBJ && x.obj.obj == OBJ_DISK)
        d = find_disk(c->srv, x.obj.disk);
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
            why(c, "'%s' is false: volume %u does not live on %s", buf_cstr(&s), v->num, buf_cstr(&name));
        else if (d->status == DS_MISSING)
            why(c, "'%s' is unknown: the listing does not say whether volume %u lives on %s (capture `detail "
                   "disk` of every disk that is not missing, as 'mrbc probe' does)",
                buf_cstr(&s), v->num, buf_cstr(&name));
        else
            why(c, "'%s' is unknown: the listing does not say whether volume %u lives on %s (capture `select "
                   "disk %u`, `list partition` and `detail disk`, as 'mrbc probe' does)",
                buf_cstr(&s), v->num, buf_cstr(&name), d->num);
        buf_free(&name);
        buf_free(&s);
    }
    return t;
}

static tri cond(ctx *c, const ast_node *n)
{
    const ast_node *o;
    tri t, r;
    switch (n->kind) {
    case AST_AND:
        r = TRI_TRUE;
        for (o = n->u.logic.operands; o; o = o->next) {
            t = cond(c, o);
            if (t == TRI_FALSE)
                return TRI_FALSE;   /* the first false operand is the reason */
            if (t == TRI_UNKNOWN)
                r = TRI_UNKNOWN;
        }
        return r;
    case AST_OR:
        r = TRI_FALSE;
        for (o = n->u.logic.operands; o; o = o->next) {
            t = cond(c, o);
            if (t == TRI_TRUE)
                return TRI_TRUE;
            if (t == TRI_UNKNOWN)
                r = TRI_UNKNOWN;
        }
        return r;
    case AST_NOT: {
        buf *saved = c->why;
        c->why = NULL;
        t = tri_not(cond(c, n->u.not_.operand));
        c->why = saved;
        if (t != TRI_TRUE && c->why) {
            buf s;
            buf_init(&s);
            src_text(&s, c->src, n->loc);
            why(c, "'%s' is %s", buf_cstr(&s), t == TRI_FALSE ? "false" : "unknown");
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
            why(c, "'%s' is false", buf_cstr(&s));
            buf_free(&s);
        }
        return v.b;
    }
    }
}

tri res_cond(const ast_node *cn, const diag_src *src, const mdl_server *srv, const plan *p,
             const plan_act *a, buf *whybuf)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.srv = srv;
    c.p = p;
    c.loc = a ? a->binds : NULL;
    c.nloc = a ? a->nbinds : 0;
    c.why = whybuf;
    c.it = OBJ_NONE;
    return cond(&c, cn);
}

tri res_blank(const mdl_server *srv, const mdl_disk *d, buf *whybuf)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.srv = srv;
    c.why = whybuf;
    return disk_blank(&c, d);
}

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
    bool probe_told;                /* the one "capture with mrbc probe" error was given */
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

static ctx ctx_of(resolver *r, buf *whybuf)
{
    ctx c;
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

static plan_bind bind_of_candidate(const ctx *c, const ast_node *decl)
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

static void describe_candidate(buf *b, const ctx *c)
{
    if (c->it == OBJ_DISK)
        describe_disk(b, c->it_disk);
    else if (c->it == OBJ_VOLUME)
        describe_volume(b, c->it_vol);
    else if (c->it_part)
        describe_part(b, c->it_disk, c->it_part);
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
} selecting;

static bool select_one(ctx *c, void *arg)
{
    selecting *s = arg;
    buf reason;
    tri t;
    bool unc = false;
    buf_init(&reason);
    c->why = &reason;
    c->uncaptured = &unc;
    t = match(c, s->sel);
    c->why = NULL;
    c->uncaptured = NULL;
    s->total++;
    describe_candidate(&s->notes, c);
    if (t == TRI_TRUE) {
        s->yes++;
        s->found = bind_of_candidate(c, s->decl);
        buf_puts(&s->notes, ": matches\n");
    } else if (t == TRI_FALSE) {
        buf_printf(&s->notes, ": excluded: %s\n", reason.len ? buf_cstr(&reason) : "the predicate is false");
    } else {
        s->maybe++;
        s->uncaptured += unc;
        buf_printf(&s->notes, ": cannot tell: %s\n", reason.len ? buf_cstr(&reason) : "the listing does not say");
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
               "cannot tell %s: the listing does not show the partitions of disk%s %s; capture the "
               "server with the script 'mrbc probe' prints (`diskpart /s probe.txt > snapshot.txt`) "
               "and compile against that snapshot",
               what, n == 1 ? "" : "s", n ? buf_cstr(&disks) : "that the procedure names");
    buf_free(&disks);
    return true;
}

/* Resolve a selector to exactly one object of the listing. */
static bool resolve_selector(resolver *r, const ast_node *decl, const ast_node *sel, ast_loc at,
                             const char *name, size_t namelen, plan_bind *out)
{
    ctx c = ctx_of(r, NULL);
    selecting s;
    memset(&s, 0, sizeof s);
    s.r = r;
    s.sel = sel;
    s.decl = decl;
    buf_init(&s.notes);
    each_candidate(&c, sel->u.sel.obj, select_one, &s);
    if (s.yes == 1 && s.maybe == 0) {
        *out = s.found;
        buf_free(&s.notes);
        return true;
    }
    if (s.maybe && s.uncaptured == s.maybe) {
        buf what;
        buf_init(&what);
        buf_printf(&what, "which %s '%.*s' is", ast_obj_name(sel->u.sel.obj), (int)namelen, name);
        need_probe(r, at, buf_cstr(&what));
        buf_free(&what);
        buf_free(&s.notes);
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
    buf_free(&s.notes);
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
    ctx c;
    tri t;
    buf_init(&w);
    c = ctx_of(r, &w);
    t = cond(&c, n->u.guard.cond);
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

static const plan_bind *target_bind(resolver *r, const ast_node *t)
{
    ctx c = ctx_of(r, NULL);
    if (!t || t->kind != AST_NAME || t->u.name.res != RES_SYMBOL)
        return NULL;
    return binding(&c, t->u.name.decl);
}

/* The target as DiskPart takes it, and a trace line for it. */
static void target_text(resolver *r, buf *text, buf *trace, const ast_node *t)
{
    const plan_bind *b;
    if (!t)
        return;
    if (t->kind == AST_NUMBER) {
        buf_printf(text, " %llu", (unsigned long long)t->u.number.value);
        return;
    }
    if (!(b = target_bind(r, t)))
        return;
    switch (b->obj) {
    case OBJ_DISK:
        buf_printf(text, " %s%u", b->disk.missing_id ? "M" : "", b->disk.num);
        break;
    case OBJ_VOLUME: {
        const mdl_volume *v = mdl_find_volume(r->snap, b->num);
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
    buf_printf(trace, " %.*s -> ", (int)t->u.name.name.n, t->u.name.name.p);
    res_describe(trace, r->snap, b);
}

static const plan_bind *letter_bind(resolver *r, const ast_node *decl)
{
    ctx c = ctx_of(r, NULL);
    return binding(&c, decl);
}

static void option_text(resolver *r, buf *text, buf *trace, const ast_node *o)
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
            const plan_bind *b = letter_bind(r, o->u.opt.value->u.name.decl);
            if (b) {
                buf_printf(text, "%c", util_lower(b->letter));
                buf_printf(trace, " %.*s -> %c: (free in the listing)", (int)o->u.opt.value->u.name.name.n,
                           o->u.opt.value->u.name.name.p, b->letter);
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

static void add_act(resolver *r, plan_step *s, enum plan_kind k, const buf *text, const buf *trace,
                    const ast_node *n)
{
    plan_act *a;
    if ((text && text->failed) || (trace && trace->failed)) {
        r->oom = true;  /* a line or its trace cut short must not reach the plan */
        return;
    }
    a = plan_add_act(s, k, text ? buf_cstr(text) : NULL, trace && trace->len ? buf_cstr(trace) : NULL,
                     line_at(r, n->loc.start), n);
    if (!a || !plan_act_binds(a, r->loops, r->nloops))
        r->oom = true;
}

static void drive_text(resolver *r, buf *text, buf *trace, const ast_node *dr)
{
    const plan_bind *b = dr->u.drive.decl ? letter_bind(r, dr->u.drive.decl) : NULL;
    char l = b ? (char)util_lower(b->letter) : '?';
    buf_printf(text, "%c:", l);
    if (dr->u.drive.path.n)
        buf_put(text, dr->u.drive.path.p, dr->u.drive.path.n);
    if (b && !strstr(buf_cstr(trace), "->")) {
        buf_printf(trace, " %.*s -> %c:", (int)dr->u.drive.var.n, dr->u.drive.var.p, b->letter);
    } else if (b) {
        char seen[64];
        snprintf(seen, sizeof seen, " %.*s -> ", (int)dr->u.drive.var.n, dr->u.drive.var.p);
        if (!strstr(buf_cstr(trace), seen))
            buf_printf(trace, ",%s%c:", seen, b->letter);
    }
}

static void robocopy(resolver *r, plan_step *s, const ast_node *n)
{
    buf text, trace;
    const ast_node *a;
    buf_init(&text);
    buf_init(&trace);
    buf_printf(&trace, "mrb:%lu", line_at(r, n->loc.start));
    buf_puts(&text, "robocopy ");
    drive_text(r, &text, &trace, n->u.robo.src);
    buf_putc(&text, ' ');
    drive_text(r, &text, &trace, n->u.robo.dst);
    for (a = n->u.robo.args; a; a = a->next) {
        buf_putc(&text, ' ');
        if (a->kind == AST_STRING)
            buf_printf(&text, "\"%s\"", a->u.string.text);
        else if (a->kind == AST_NAME)
            buf_put(&text, a->u.name.name.p, a->u.name.name.n);
        else
            buf_put(&text, a->u.word.text.p, a->u.word.text.n);
    }
    add_act(r, s, PA_ROBOCOPY, &text, &trace, n);
    buf_free(&text);
    buf_free(&trace);
}

static void bcdedit(resolver *r, plan_step *s, const ast_node *n)
{
    buf text, trace;
    buf_init(&text);
    buf_init(&trace);
    buf_printf(&trace, "mrb:%lu", line_at(r, n->loc.start));
    if (n->u.bcd.form == BCD_EXPORT) {
        buf_puts(&text, "bcdedit /export ");
        drive_text(r, &text, &trace, n->u.bcd.file);
    } else {
        buf_puts(&text, "bcdedit /store ");
        drive_text(r, &text, &trace, n->u.bcd.file);
        buf_puts(&text, " /set ");
        buf_put(&text, n->u.bcd.id->u.word.text.p, n->u.bcd.id->u.word.text.n);
        buf_putc(&text, ' ');
        buf_put(&text, n->u.bcd.elem->u.name.name.p, n->u.bcd.elem->u.name.name.n);
        buf_puts(&text, " partition=");
        drive_text(r, &text, &trace, n->u.bcd.value);
    }
    add_act(r, s, PA_BCDEDIT, &text, &trace, n);
    buf_free(&text);
    buf_free(&trace);
}

static void diskpart(resolver *r, plan_step *s, const ast_node *n)
{
    buf text, trace;
    const ast_node *o;
    buf_init(&text);
    buf_init(&trace);
    buf_printf(&trace, "mrb:%lu", line_at(r, n->loc.start));
    buf_puts(&text, ast_cmd_words(n->u.dp.cmd));
    target_text(r, &text, &trace, n->u.dp.target);
    for (o = n->u.dp.opts; o; o = o->next)
        option_text(r, &text, &trace, o);
    add_act(r, s, PA_DISKPART, &text, &trace, n);
    buf_free(&text);
    buf_free(&trace);
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

static bool unroll_one(ctx *c, void *arg)
{
    unrolling *u = arg;
    buf reason;
    tri t;
    bool unc = false;
    buf_init(&reason);
    c->why = &reason;
    c->uncaptured = &unc;
    t = cond(c, u->loop->u.each.cond);
    c->why = NULL;
    c->uncaptured = NULL;
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
        buf_printf(&u->notes, ": cannot tell: %s\n", reason.len ? buf_cstr(&reason) : "the listing does not say");
    }
    buf_free(&reason);
    return true;
}

static void for_each(resolver *r, plan_step *s, const ast_node *n)
{
    unrolling *u = util_calloc(1, sizeof *u);
    ctx c = ctx_of(r, NULL);
    size_t i;
    if (!u) {
        r->oom = true;
        return;
    }
    u->r = r;
    u->loop = n;
    buf_init(&u->notes);
    each_candidate(&c, n->u.each.obj, unroll_one, u);
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
        case AST_DISKPART: diskpart(r, s, n); break;
        case AST_ROBOCOPY: robocopy(r, s, n); break;
        case AST_BCDEDIT: bcdedit(r, s, n); break;
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
        if ((d = find_disk(r->snap, b->disk))) {
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
    ctx c;
    tri t;
    if (!n->u.step.when)
        return TRI_TRUE;
    c = ctx_of(r, why);
    t = cond(&c, n->u.step.when);
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

bool res_plan(const ast_file *f, const diag_src *src, const mdl_server *snap, plan *p, diag_sink *d)
{
    resolver r;
    const ast_node *n;
    decl_set ds;
    tri *applies = NULL;
    size_t i, j, k, nsteps = 0, si;
    memset(&r, 0, sizeof r);
    memset(&ds, 0, sizeof ds);
    r.src = src;
    r.d = d;
    r.snap = snap;
    r.p = p;
    if (f->title && !(p->title = util_strndup(f->title->u.string.text, f->title->u.string.len)))
        r.oom = true;
    for (n = f->items; n; n = n->next) {
        if (n->kind == AST_SEL_DECL || n->kind == AST_LETTER_DECL)
            ds.n++;
        else if (n->kind == AST_STEP)
            nsteps++;
    }
    if (!r.oom && ((ds.n && (!(ds.decl = util_calloc(ds.n, sizeof *ds.decl)) ||
                              !(ds.live = util_calloc(ds.n, sizeof *ds.live)) ||
                              !(ds.used = util_calloc(ds.n, sizeof *ds.used)) ||
                              !(ds.done = util_calloc(ds.n, sizeof *ds.done)))) ||
                   (nsteps && !(applies = util_calloc(nsteps, sizeof *applies)))))
        r.oom = true;
    for (n = f->items, i = 0; n && !r.oom; n = n->next)
        if (n->kind == AST_SEL_DECL || n->kind == AST_LETTER_DECL)
            ds.decl[i++] = n;
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
    for (n = f->items, si = 0; n && !r.oom; n = n->next) {
        if (n->kind == AST_STEP) {
            mark(&ds, ds.used, n);
            if (applies[si++] == TRI_TRUE)
                mark(&ds, ds.live, n);
        } else if (n->kind == AST_GUARD) {
            mark(&ds, ds.live, n);
        } else {
            mark(&ds, ds.used, n->kind == AST_SEL_DECL ? n->u.decl.sel : n->u.letter.from);
        }
    }
    for (i = 0; i < ds.n && !r.oom; i++)
        if (!ds.used[i])
            ds.live[i] = true;
    if (!r.oom)
        close_over(&ds, ds.live);
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
            plan_step *s;
            tri t = applies[si++];
            if (r.failed)
                break;
            if (t == TRI_FALSE) {
                buf why;
                buf_init(&why);
                step_applies(&r, n, &why);
                if (why.failed || !plan_add_skip(p, n->u.step.name->u.string.text, line_at(&r, n->loc.start),
                                                 buf_cstr(&why)))
                    r.oom = true;
                else
                    diag_note(d, src, n->loc.start, n->u.step.name->loc.end,
                              "step \"%s\" is left out on this server: %s", n->u.step.name->u.string.text,
                              buf_cstr(&why));
                buf_free(&why);
                break;
            }
            if (!(s = plan_add_step(p, n->u.step.name->u.string.text, line_at(&r, n->loc.start)))) {
                r.oom = true;
                break;
            }
            statements(&r, s, n->u.step.body);
            break;
        }
        default:
            break;
        }
    }
    util_free(ds.decl);
    util_free(ds.live);
    util_free(ds.used);
    util_free(ds.done);
    util_free(applies);
    /* rows: the global selectors', then every loop variable's */
    for (i = 0; i < p->nbinds && !r.oom; i++)
        rows_of(&r, &p->binds[i]);
    for (i = 0; i < p->nsteps && !r.oom; i++)
        for (j = 0; j < p->steps[i].nacts; j++)
            for (k = 0; k < p->steps[i].acts[j].nbinds; k++)
                rows_of(&r, &p->steps[i].acts[j].binds[k]);
    if (r.oom)
        diag_error(d, NULL, 0, 0, E001, "out of memory while resolving");
    util_free(r.nl);
    return !r.failed && !r.oom;
}
