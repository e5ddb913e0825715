/* check_expr.c - values, attributes, comparisons and conditions.
 *
 * A predicate (`disk where ...`) is checked in the context of the object it
 * tests (ctx), where a bare word is first an attribute of that object, then
 * a declared name, then a value given its meaning by the other side of a
 * comparison (`status = Missing`): an enumeration's word from
 * runtime/diskpart/model.h, a drive letter, a string.  Sizes take a binary unit, as
 * in DiskPart.
 */
#include "check/check_int.h"

#include <string.h>

/* The word or the string n holds. */
static ast_str node_str(const ast_node *n)
{
    ast_str s = {"", 0};
    if (n->kind == AST_NAME)
        return n->u.name.name;
    if (n->kind == AST_STRING) {
        s.p = n->u.string.text;
        s.n = n->u.string.len;
    }
    return s;
}

/* ---- values -------------------------------------------------------------- */

static const mdl_vocab *vocab_of(enum ast_type t)
{
    switch (t) {
    case TY_DISK_STATUS: return &mdl_disk_status_vocab;
    case TY_VOL_TYPE: return &mdl_vol_type_vocab;
    case TY_VOL_STATUS: return &mdl_vol_status_vocab;
    case TY_VOL_INFO: return &mdl_vol_info_vocab;
    case TY_FS: return &mdl_fs_vocab;
    case TY_PART_TYPE: return &mdl_part_type_vocab;
    default: return NULL;
    }
}

/* Resolve n (an AST_NAME or AST_STRING) as a value of enumeration type t. */
static enum ast_type enum_value(chk *c, ast_node *n, enum ast_type t)
{
    const mdl_vocab *v = vocab_of(t);
    ast_str w = node_str(n);
    const char *words[16];
    int val, i;
    val = mdl_lookup(v, LANG_EN, w.p, w.n);
    if (val >= 0) {
        if (n->kind == AST_NAME) {
            n->u.name.res = RES_ENUM;
            n->u.name.value = val;
        }
        n->type = t;
        return t;
    }
    for (i = 0; i < v->count && i < 16; i++)
        words[i] = v->words[i][LANG_EN];
    chk_unknown_value(c, n->loc, w, v->kind, words, (size_t)i);
    return TY_ERROR;
}

bool chk_letter_word(ast_str w)
{
    return w.n == 1 && ((w.p[0] >= 'A' && w.p[0] <= 'Z') || (w.p[0] >= 'a' && w.p[0] <= 'z'));
}

/* Resolve an AST_NAME as a drive letter literal. */
bool chk_letter_value(chk *c, ast_node *n)
{
    ast_str w = n->u.name.name;
    if (n->kind != AST_NAME || !chk_letter_word(w)) {
        chk_err(c, n->loc, E419, "'%.*s' is not a drive letter (one letter, A to Z)", STR(node_str(n)));
        return false;
    }
    n->u.name.res = RES_LETTER;
    n->u.name.value = util_lower((unsigned char)w.p[0]) - 'a' + 'A';
    n->type = TY_LETTER;
    return true;
}

static const struct {
    const char *unit;
    uint64_t bytes;
} units[] = {{"B", 1}, {"KB", MDL_KiB}, {"MB", MDL_MiB}, {"GB", MDL_GiB}, {"TB", MDL_TiB}};

enum ast_type chk_size_value(chk *c, ast_node *n)
{
    size_t i;
    for (i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (ast_str_eq(n->u.size.unit, units[i].unit)) {
            if (!util_mul64(n->u.size.value, units[i].bytes, &n->u.size.bytes)) {
                chk_err(c, n->loc, E307, "size too large (limit is 2^64 bytes)");
                return TY_ERROR;
            }
            n->type = TY_SIZE;
            return TY_SIZE;
        }
    }
    {
        const char *words[] = {"B", "KB", "MB", "GB", "TB"};
        chk_sug s;
        buf b;
        chk_sug_init(&s, n->u.size.unit);
        for (i = 0; i < 5; i++)
            chk_sug_try(&s, words[i], strlen(words[i]));
        buf_init(&b);
        buf_printf(&b, "unknown size unit '%.*s' (units are B, KB, MB, GB and TB, binary as in DiskPart)",
                   STR(n->u.size.unit));
        chk_sug_put(&b, &s);
        chk_err(c, (ast_loc){n->u.size.unit_loc.start, n->u.size.unit_loc.end}, E410, "%s", buf_cstr(&b));
        buf_free(&b);
    }
    return TY_ERROR;
}

/* ---- expressions ------------------------------------------------------- */

enum ast_obj chk_obj_of_type(enum ast_type t)
{
    switch (t) {
    case TY_DISK: return OBJ_DISK;
    case TY_VOLUME: return OBJ_VOLUME;
    case TY_PARTITION: return OBJ_PARTITION;
    default: return OBJ_NONE;
    }
}

/* An AST_NAME in an expression: an attribute of ctx, a declared name, or
 * TY_WORD (a value to be resolved against the other operand). */
static enum ast_type name_type(chk *c, ast_node *n, enum ast_obj ctx)
{
    int a = ctx != OBJ_NONE ? ast_attr_find(ctx, n->u.name.name) : -1;
    chk_sym *s;
    if (a >= 0) {
        n->u.name.res = RES_ATTR;
        n->u.name.value = a;
        return n->type = ast_attr_type((enum ast_attr)a);
    }
    s = chk_lookup(c, n->u.name.name);
    if (s) {
        n->u.name.res = RES_SYMBOL;
        n->u.name.decl = s->decl;
        return n->type = s->type;
    }
    return n->type = TY_WORD;
}

static void attr_list(buf *b, enum ast_obj o)
{
    int a, k = 0;
    for (a = 0; a < ATTR_COUNT; a++)
        if (ast_attr_obj((enum ast_attr)a) == o)
            buf_printf(b, "%s%s", k++ ? ", " : "", ast_attr_name((enum ast_attr)a));
}

/* Report attr, which object o does not have. */
static void no_attribute(chk *c, ast_loc loc, enum ast_obj o, ast_str attr)
{
    buf b;
    chk_sug s;
    int a;
    if (o == OBJ_DISK && ast_str_eq(attr, "number")) {
        chk_disk_number_error(c, loc, "disks are not selected by number");
        return;
    }
    chk_sug_init(&s, attr);
    for (a = 0; a < ATTR_COUNT; a++)
        if (ast_attr_obj((enum ast_attr)a) == o)
            chk_sug_try(&s, ast_attr_name((enum ast_attr)a), strlen(ast_attr_name((enum ast_attr)a)));
    buf_init(&b);
    buf_printf(&b, "a %s has no attribute '%.*s' (it has ", ast_obj_name(o), STR(attr));
    attr_list(&b, o);
    buf_putc(&b, ')');
    chk_sug_put(&b, &s);
    chk_err(c, loc, E405, "%s", buf_cstr(&b));
    buf_free(&b);
}

static enum ast_type member(chk *c, ast_node *n, enum ast_obj ctx)
{
    ast_node *obj = n->u.member.object;
    enum ast_type t = name_type(c, obj, ctx);
    enum ast_obj o;
    ast_str attr = n->u.member.attr;
    ast_loc attr_loc = n->u.member.attr_loc;
    int a;
    if (t == TY_WORD) {
        chk_undefined(c, obj, OBJ_NONE);
        return TY_ERROR;
    }
    o = chk_obj_of_type(t);
    if (o == OBJ_NONE) {
        chk_err(c, obj->loc, E408, "'%.*s' is %s; only disks, volumes and partitions have attributes",
            STR(obj->u.name.name), chk_type_kind(t));
        return TY_ERROR;
    }
    a = ast_attr_find(o, attr);
    if (a < 0) {
        no_attribute(c, attr_loc, o, attr);
        return TY_ERROR;
    }
    n->u.member.attr_id = a;
    return n->type = ast_attr_type((enum ast_attr)a);
}

/* The type of an operand of a comparison; TY_WORD for a bare word that
 * only the other operand can give a meaning to. */
static enum ast_type operand(chk *c, ast_node *n, enum ast_obj ctx)
{
    switch (n->kind) {
    case AST_NAME:
        return name_type(c, n, ctx);
    case AST_MEMBER:
        return member(c, n, ctx);
    case AST_NUMBER:
        return n->type = TY_COUNT;
    case AST_SIZE:
        return chk_size_value(c, n);
    case AST_STRING:
        return n->type = TY_STRING;
    case AST_COUNT:
        chk_selector(c, n->u.count.sel);
        return n->type = TY_COUNT;
    default:
        return chk_cond(c, n, ctx);
    }
}

static bool is_enum(enum ast_type t) { return vocab_of(t) != NULL; }

/* The attribute name n reads (`label`, `v.label`), or "value" */
static const char *attr_word(const ast_node *n)
{
    if (n->kind == AST_NAME && n->u.name.res == RES_ATTR)
        return ast_attr_name((enum ast_attr)n->u.name.value);
    if (n->kind == AST_MEMBER && n->u.member.attr_id >= 0)
        return ast_attr_name((enum ast_attr)n->u.member.attr_id);
    return "value";
}

/* Give a bare word or string w the meaning the other side (o, of type t) asks for. */
static enum ast_type value_for(chk *c, ast_node *w, enum ast_type wt, const ast_node *o, enum ast_type t,
                               enum ast_obj ctx)
{
    if (wt == TY_WORD || wt == TY_STRING) {
        if (is_enum(t))
            return enum_value(c, w, t);
        if (t == TY_LETTER && wt == TY_WORD)
            return chk_letter_value(c, w) ? TY_LETTER : TY_ERROR;
    }
    if (wt == TY_WORD) {
        if (t == TY_STRING && w->kind == AST_NAME) {
            chk_err(c, w->loc, E401, "'%.*s' is not defined; a %s is a string: write \"%.*s\"",
                STR(w->u.name.name), attr_word(o), STR(w->u.name.name));
            return TY_ERROR;
        }
        chk_undefined(c, w, ctx);
        return TY_ERROR;
    }
    return wt;
}

static enum ast_type compare(chk *c, ast_node *n, enum ast_obj ctx)
{
    ast_node *l = n->u.cmp.lhs, *r = n->u.cmp.rhs;
    enum ast_type lt = operand(c, l, ctx), rt = operand(c, r, ctx);
    enum ast_cmp op = n->u.cmp.op;
    n->type = TY_BOOL;
    if (lt == TY_ERROR || rt == TY_ERROR)
        return TY_BOOL;
    /* in a predicate, `colour = red` is about an attribute that does not exist */
    if (ctx != OBJ_NONE && lt == TY_WORD && (rt == TY_WORD || l->kind == AST_NAME) &&
        !chk_is_missing_disk_id(l->u.name.name) &&
        (rt == TY_WORD || rt == TY_STRING || rt == TY_COUNT || rt == TY_SIZE)) {
        no_attribute(c, l->loc, ctx, l->u.name.name);
        return TY_BOOL;
    }
    /* `status = missing`, where missing is a disk: the value was meant */
    if (is_enum(lt) && r->kind == AST_NAME && rt != lt && rt != TY_WORD)
        rt = enum_value(c, r, lt);
    else if (is_enum(rt) && l->kind == AST_NAME && lt != rt && lt != TY_WORD)
        lt = enum_value(c, l, rt);
    if (lt == TY_ERROR || rt == TY_ERROR)
        return TY_BOOL;
    if (lt == TY_WORD || (lt == TY_STRING && rt != TY_STRING && rt != TY_WORD))
        lt = value_for(c, l, lt, r, rt, ctx);
    if (rt == TY_WORD || (rt == TY_STRING && lt != TY_STRING && lt != TY_WORD))
        rt = value_for(c, r, rt, l, lt, ctx);
    if (lt == TY_ERROR || rt == TY_ERROR)
        return TY_BOOL;
    /* 0 is a size in any unit */
    if (lt == TY_SIZE && r->kind == AST_NUMBER && r->u.number.value == 0)
        rt = r->type = TY_SIZE;
    if (rt == TY_SIZE && l->kind == AST_NUMBER && l->u.number.value == 0)
        lt = l->type = TY_SIZE;
    if ((lt == TY_SIZE && rt == TY_COUNT && r->kind == AST_NUMBER) ||
        (rt == TY_SIZE && lt == TY_COUNT && l->kind == AST_NUMBER)) {
        ast_node *num = lt == TY_COUNT ? l : r;
        chk_err(c, num->loc, E410, "a size needs a unit: write %llu MB, %llu GB, ... (units are binary, as in DiskPart)",
            (unsigned long long)num->u.number.value, (unsigned long long)num->u.number.value);
        return TY_BOOL;
    }
    if (lt != rt) {
        chk_err(c, n->u.cmp.op_loc, E408, "cannot compare %s with %s", ast_type_name(lt), ast_type_name(rt));
        return TY_BOOL;
    }
    if (op != CMP_EQ && op != CMP_NE && lt != TY_SIZE && lt != TY_COUNT)
        chk_err(c, n->u.cmp.op_loc, E409, "'%s' needs sizes or counts; %s can only be compared with = or !=",
            ast_cmp_str(op), ast_type_name(lt));
    return TY_BOOL;
}

/* One side of `holds`: a disk or volume expression, or (side NULL) the
 * object the predicate tests, which must then be of that kind. */
static void holds_side(chk *c, const ast_node *n, ast_node *side, enum ast_obj ctx, enum ast_obj want)
{
    enum ast_type t, wt = want == OBJ_DISK ? TY_DISK : TY_VOLUME;
    if (!side) {
        if (ctx != want)
            chk_err(c, n->loc, E413, "'%s' needs %s: use it inside '%s where', or write DISK holds VOLUME",
                want == OBJ_DISK ? "holds VOLUME" : "on DISK", want == OBJ_DISK ? "a disk" : "a volume",
                want == OBJ_DISK ? "disk" : "volume");
        return;
    }
    t = operand(c, side, ctx);
    if (t == TY_WORD) {
        chk_undefined(c, side, OBJ_NONE);
        return;
    }
    if (t != wt && t != TY_ERROR)
        chk_err(c, side->loc, E408, "'holds' relates a disk and a volume: expected %s, found %s", ast_type_name(wt),
            ast_type_name(t));
}

/* A condition: the result must be TY_BOOL. */
enum ast_type chk_cond(chk *c, ast_node *n, enum ast_obj ctx)
{
    enum ast_type t;
    ast_node *o;
    switch (n->kind) {
    case AST_AND:
    case AST_OR:
        for (o = n->u.logic.operands; o; o = o->next)
            chk_cond(c, o, ctx);
        return n->type = TY_BOOL;
    case AST_NOT:
        chk_cond(c, n->u.not_.operand, ctx);
        return n->type = TY_BOOL;
    case AST_CMP:
        return compare(c, n, ctx);
    case AST_HOLDS:
        holds_side(c, n, n->u.holds.disk, ctx, OBJ_DISK);
        holds_side(c, n, n->u.holds.vol, ctx, OBJ_VOLUME);
        return n->type = TY_BOOL;
    default:
        break;
    }
    t = operand(c, n, ctx);
    if (t == TY_WORD) {
        if (ctx != OBJ_NONE)
            no_attribute(c, n->loc, ctx, n->u.name.name);
        else
            chk_undefined(c, n, ctx);
        return TY_ERROR;
    }
    if (t != TY_BOOL && t != TY_ERROR) {
        chk_err(c, n->loc, E408, "expected a condition, found %s", ast_type_name(t));
        return TY_ERROR;
    }
    return t;
}

/* `disk where COND`, `volume C` */
void chk_selector(chk *c, ast_node *n)
{
    n->type = n->u.sel.obj == OBJ_DISK ? TY_DISK : n->u.sel.obj == OBJ_VOLUME ? TY_VOLUME : TY_PARTITION;
    if (n->u.sel.letter)
        chk_letter_value(c, n->u.sel.letter);
    else
        chk_cond(c, n->u.sel.cond, n->u.sel.obj);
}
