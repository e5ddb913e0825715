/* ast.c - syntax tree nodes, the tables behind them, and a dump for tests. */
#include "lang/ast.h"

#include <string.h>

#include "base/diag.h"

static const char *const kind_names[] = {
#define K(e, s) s,
    AST_KINDS(K)
#undef K
};

static const char *const type_names[] = {
#define T(e, s) s,
    AST_TYPES(T)
#undef T
};

static const struct {
    enum ast_obj obj;
    const char *name;
    enum ast_type type;
} attrs[] = {
#define A(e, o, s, t) {o, s, t},
    AST_ATTRS(A)
#undef A
};

static const enum dp_opt opts[] = {
#define O(e, d) d,
    AST_OPTS(O)
#undef O
};

static const struct {
    enum dp_cmd_id dp;
    const char *words;
    enum ast_obj target;
    unsigned allowed, required;
} cmds[] = {
#define C(e, d, w, t, a, r) {d, w, t, a, r},
    AST_CMDS(C)
#undef C
};

ast_node *ast_new(arena *a, enum ast_kind k, ast_loc loc)
{
    ast_node *n = arena_alloc(a, sizeof *n);
    if (!n)
        return NULL;
    n->kind = k;
    n->loc = loc;
    n->type = TY_ERROR;
    if (k == AST_MEMBER)
        n->u.member.attr_id = -1;
    if (k == AST_OPTION)
        n->u.opt.opt = OPT_UNKNOWN;
    return n;
}

void ast_append(ast_list *l, ast_node *n)
{
    if (!n)
        return;
    if (l->tail)
        l->tail->next = n;
    else
        l->head = n;
    l->tail = n;
}

const char *ast_kind_name(enum ast_kind k) { return kind_names[k]; }
const char *ast_type_name(enum ast_type t) { return type_names[t]; }

const char *ast_obj_name(enum ast_obj o)
{
    switch (o) {
    case OBJ_DISK: return "disk";
    case OBJ_VOLUME: return "volume";
    case OBJ_PARTITION: return "partition";
    case OBJ_NONE: break;
    }
    return "object";
}

const char *ast_cmd_words(enum ast_cmd c) { return cmds[c].words; }

enum dp_cmd_id ast_cmd_dp(enum ast_cmd c)
{
    const dp_cmd_info *d = &dp_commands[cmds[c].dp];
    int have = d->kind ? 3 : d->object ? 2 : 1, keywords = 1;
    const char *w;
    for (w = cmds[c].words; *w; w++)
        keywords += *w == ' ';
    return keywords < have ? CMD_COUNT : cmds[c].dp;
}

enum ast_obj ast_cmd_target(enum ast_cmd c) { return cmds[c].target; }
unsigned ast_cmd_allowed(enum ast_cmd c) { return cmds[c].allowed; }
unsigned ast_cmd_required(enum ast_cmd c) { return cmds[c].required; }
const char *ast_opt_word(enum ast_opt o) { return o < OPT_COUNT ? dp_options[opts[o]].name : "?"; }
bool ast_opt_has_value(enum ast_opt o) { return o < OPT_COUNT && dp_options[opts[o]].takes_value; }
enum dp_opt ast_opt_dp(enum ast_opt o) { return opts[o]; }
const char *ast_attr_name(enum ast_attr a) { return attrs[a].name; }
enum ast_obj ast_attr_obj(enum ast_attr a) { return attrs[a].obj; }
enum ast_type ast_attr_type(enum ast_attr a) { return attrs[a].type; }

const char *ast_cmp_str(enum ast_cmp op)
{
    static const char *const s[] = {"=", "!=", "<", "<=", ">", ">="};
    return s[op];
}

bool ast_str_eq(ast_str s, const char *lit)
{
    return strlen(lit) == s.n && memcmp(s.p, lit, s.n) == 0;
}

int ast_attr_find(enum ast_obj o, ast_str s)
{
    int i;
    for (i = 0; i < ATTR_COUNT; i++)
        if (attrs[i].obj == o && ast_str_eq(s, attrs[i].name))
            return i;
    return -1;
}

int ast_cmd_find(const char *family, ast_str word)
{
    size_t fl = strlen(family);
    int i;
    for (i = 0; i < AST_CMD_COUNT; i++) {
        const char *w = ast_cmd_words((enum ast_cmd)i);
        if (strncmp(w, family, fl) == 0 && w[fl] == ' ' && ast_str_eq(word, w + fl + 1))
            return i;
    }
    return -1;
}

/* ---- dump ------------------------------------------------------------ */

static void dump_str(buf *b, ast_str s) { buf_put(b, s.p, s.n); }

static void dump_node(buf *b, const ast_node *n);

static void dump_list(buf *b, const ast_node *n)
{
    for (; n; n = n->next) {
        buf_putc(b, ' ');
        dump_node(b, n);
    }
}

/* Declarations, guards, steps and loops. */
static void dump_statement(buf *b, const ast_node *n)
{
    switch (n->kind) {
    case AST_SEL_DECL:
        buf_printf(b, "(%s ", ast_obj_name(n->u.decl.obj));
        dump_str(b, n->u.decl.name);
        buf_putc(b, ' ');
        dump_node(b, n->u.decl.sel);
        buf_putc(b, ')');
        return;
    case AST_LETTER_DECL:
        buf_puts(b, "(letter ");
        dump_str(b, n->u.letter.name);
        if (n->u.letter.from) {
            buf_puts(b, " from ");
            dump_node(b, n->u.letter.from);
        }
        buf_putc(b, ')');
        return;
    case AST_GUARD:
    case AST_REQUIRE:
    case AST_ENSURE:
        buf_printf(b, "(%s ", kind_names[n->kind]);
        dump_node(b, n->u.guard.cond);
        if (n->u.guard.msg) {
            buf_putc(b, ' ');
            dump_node(b, n->u.guard.msg);
        }
        buf_putc(b, ')');
        return;
    case AST_STEP:
        buf_puts(b, "(step ");
        dump_node(b, n->u.step.name);
        if (n->u.step.when) {
            buf_puts(b, " when ");
            dump_node(b, n->u.step.when);
        }
        dump_list(b, n->u.step.body);
        buf_putc(b, ')');
        return;
    case AST_FOR_EACH:
        buf_printf(b, "(for-each %s ", ast_obj_name(n->u.each.obj));
        dump_str(b, n->u.each.var);
        buf_putc(b, ' ');
        dump_node(b, n->u.each.cond);
        dump_list(b, n->u.each.body);
        buf_putc(b, ')');
        return;
    default:
        break;
    }
}

/* DiskPart, robocopy and bcdedit commands and their parts. */
static void dump_command(buf *b, const ast_node *n)
{
    switch (n->kind) {
    case AST_DISKPART:
        buf_printf(b, "(%s", ast_cmd_words(n->u.dp.cmd));
        if (n->u.dp.word) {
            buf_putc(b, ' ');
            dump_node(b, n->u.dp.word);
        }
        if (n->u.dp.target) {
            buf_putc(b, ' ');
            dump_node(b, n->u.dp.target);
        }
        dump_list(b, n->u.dp.opts);
        buf_putc(b, ')');
        return;
    case AST_OPTION:
        dump_str(b, n->u.opt.name);
        if (n->u.opt.value) {
            buf_putc(b, '=');
            dump_node(b, n->u.opt.value);
        }
        return;
    case AST_ROBOCOPY:
        buf_puts(b, "(robocopy ");
        dump_node(b, n->u.robo.src);
        buf_putc(b, ' ');
        dump_node(b, n->u.robo.dst);
        dump_list(b, n->u.robo.args);
        buf_putc(b, ')');
        return;
    case AST_BCDEDIT:
        buf_puts(b, n->u.bcd.form == BCD_EXPORT ? "(bcdedit-export " : "(bcdedit-store-set ");
        dump_node(b, n->u.bcd.file);
        if (n->u.bcd.form == BCD_STORE_SET) {
            buf_putc(b, ' ');
            dump_node(b, n->u.bcd.id);
            buf_putc(b, ' ');
            dump_node(b, n->u.bcd.elem);
            buf_putc(b, ' ');
            dump_node(b, n->u.bcd.value);
        }
        buf_putc(b, ')');
        return;
    case AST_DRIVE:
        dump_str(b, n->u.drive.var);
        buf_putc(b, ':');
        dump_str(b, n->u.drive.path);
        return;
    default:
        break;
    }
}

/* and, or, not, comparisons and holds. */
static void dump_cond(buf *b, const ast_node *n)
{
    switch (n->kind) {
    case AST_AND:
    case AST_OR:
        buf_printf(b, "(%s", kind_names[n->kind]);
        dump_list(b, n->u.logic.operands);
        buf_putc(b, ')');
        return;
    case AST_NOT:
        buf_puts(b, "(not ");
        dump_node(b, n->u.not_.operand);
        buf_putc(b, ')');
        return;
    case AST_CMP:
        buf_printf(b, "(%s ", ast_cmp_str(n->u.cmp.op));
        dump_node(b, n->u.cmp.lhs);
        buf_putc(b, ' ');
        dump_node(b, n->u.cmp.rhs);
        buf_putc(b, ')');
        return;
    case AST_HOLDS:
        buf_puts(b, "(holds ");
        if (n->u.holds.disk)
            dump_node(b, n->u.holds.disk);
        else
            buf_puts(b, "it");
        buf_putc(b, ' ');
        if (n->u.holds.vol)
            dump_node(b, n->u.holds.vol);
        else
            buf_puts(b, "it");
        buf_putc(b, ')');
        return;
    default:
        break;
    }
}

/* Recursion is bounded: the parser refuses nesting beyond LIM_DEPTH.  Every
 * kind is named here, so that a new one is a compiler warning until it is
 * dumped. */
static void dump_node(buf *b, const ast_node *n)
{
    if (!n) {
        buf_puts(b, "()");
        return;
    }
    switch (n->kind) {
    case AST_SEL_DECL:
    case AST_LETTER_DECL:
    case AST_GUARD:
    case AST_REQUIRE:
    case AST_ENSURE:
    case AST_STEP:
    case AST_FOR_EACH:
        dump_statement(b, n);
        return;
    case AST_DISKPART:
    case AST_OPTION:
    case AST_ROBOCOPY:
    case AST_BCDEDIT:
    case AST_DRIVE:
        dump_command(b, n);
        return;
    case AST_AND:
    case AST_OR:
    case AST_NOT:
    case AST_CMP:
    case AST_HOLDS:
        dump_cond(b, n);
        return;
    case AST_NAME:
        dump_str(b, n->u.name.name);
        return;
    case AST_MEMBER:
        dump_node(b, n->u.member.object);
        buf_putc(b, '.');
        dump_str(b, n->u.member.attr);
        return;
    case AST_NUMBER:
        buf_printf(b, "%llu", (unsigned long long)n->u.number.value);
        return;
    case AST_SIZE:
        buf_printf(b, "%llu", (unsigned long long)n->u.size.value);
        dump_str(b, n->u.size.unit);
        return;
    case AST_STRING:
        buf_putc(b, '"');
        diag_escape(b, n->u.string.text, n->u.string.len);
        buf_putc(b, '"');
        return;
    case AST_COUNT:
        buf_puts(b, "(count ");
        dump_node(b, n->u.count.sel);
        buf_putc(b, ')');
        return;
    case AST_SELECTOR:
        buf_printf(b, "(%s ", ast_obj_name(n->u.sel.obj));
        dump_node(b, n->u.sel.cond ? n->u.sel.cond : n->u.sel.letter);
        buf_putc(b, ')');
        return;
    case AST_SWITCH:
    case AST_GLOB:
    case AST_BCDID:
        dump_str(b, n->u.word.text);
        return;
    case AST_KIND_COUNT:
        break;
    }
    buf_puts(b, "(?)");
}

void ast_dump(buf *b, const ast_file *f)
{
    const ast_node *n;
    buf_puts(b, "(procedure ");
    dump_node(b, f->title);
    buf_puts(b, ")\n");
    for (n = f->items; n; n = n->next) {
        dump_node(b, n);
        buf_putc(b, '\n');
    }
}

static void walk_list(const ast_node *n, void (*fn)(const ast_node *n, void *ctx), void *ctx)
{
    for (; n; n = n->next)
        ast_walk(n, fn, ctx);
}

void ast_walk(const ast_node *n, void (*fn)(const ast_node *n, void *ctx), void *ctx)
{
    if (!n)
        return;
    fn(n, ctx);
    switch (n->kind) {
    case AST_SEL_DECL: ast_walk(n->u.decl.sel, fn, ctx); break;
    case AST_LETTER_DECL: ast_walk(n->u.letter.from, fn, ctx); break;
    case AST_GUARD:
    case AST_REQUIRE:
    case AST_ENSURE:
        ast_walk(n->u.guard.cond, fn, ctx);
        ast_walk(n->u.guard.msg, fn, ctx);
        break;
    case AST_STEP:
        ast_walk(n->u.step.name, fn, ctx);
        ast_walk(n->u.step.when, fn, ctx);
        walk_list(n->u.step.body, fn, ctx);
        break;
    case AST_FOR_EACH:
        ast_walk(n->u.each.cond, fn, ctx);
        walk_list(n->u.each.body, fn, ctx);
        break;
    case AST_DISKPART:
        ast_walk(n->u.dp.word, fn, ctx);
        ast_walk(n->u.dp.target, fn, ctx);
        walk_list(n->u.dp.opts, fn, ctx);
        break;
    case AST_OPTION: ast_walk(n->u.opt.value, fn, ctx); break;
    case AST_ROBOCOPY:
        ast_walk(n->u.robo.src, fn, ctx);
        ast_walk(n->u.robo.dst, fn, ctx);
        walk_list(n->u.robo.args, fn, ctx);
        break;
    case AST_BCDEDIT:
        ast_walk(n->u.bcd.file, fn, ctx);
        ast_walk(n->u.bcd.id, fn, ctx);
        ast_walk(n->u.bcd.elem, fn, ctx);
        ast_walk(n->u.bcd.value, fn, ctx);
        break;
    case AST_AND:
    case AST_OR: walk_list(n->u.logic.operands, fn, ctx); break;
    case AST_NOT: ast_walk(n->u.not_.operand, fn, ctx); break;
    case AST_CMP:
        ast_walk(n->u.cmp.lhs, fn, ctx);
        ast_walk(n->u.cmp.rhs, fn, ctx);
        break;
    case AST_HOLDS:
        ast_walk(n->u.holds.disk, fn, ctx);
        ast_walk(n->u.holds.vol, fn, ctx);
        break;
    case AST_MEMBER: ast_walk(n->u.member.object, fn, ctx); break;
    case AST_COUNT: ast_walk(n->u.count.sel, fn, ctx); break;
    case AST_SELECTOR:
        ast_walk(n->u.sel.cond, fn, ctx);
        ast_walk(n->u.sel.letter, fn, ctx);
        break;
    default: break;
    }
}
