/* check.c - the checker: what every name means, and whether it fits.
 *
 * Design.  One walk over the tree in source order, which is also the order
 * the procedure runs in, so "defined before use" and "letter assigned
 * before use" are both checked by the state of the walk at each node.
 * Names live in one small table (declarations, then loop variables pushed
 * and popped around their body); a predicate (`disk where ...`) is checked
 * in the context of the object it tests, where a bare word is first an
 * attribute of that object, then a declared name, then a value compared
 * with an attribute (`status = Missing`).  Values are DiskPart's own words
 * from runtime/model.h, so a listing and a procedure cannot disagree on
 * spelling; a near miss gets a "did you mean".  Each problem is reported
 * where it is and the walk goes on, so one run reports them all.
 *
 * Letters follow a simple rule: `assign letter = L` makes L usable, by
 * robocopy, bcdedit and `select volume L`, until `remove letter = L`, or a
 * bare `remove` after `select volume L`.
 *
 * Focus is followed in the same walk (check_focus.c), by the
 * simulator's table of DiskPart commands; a `for each` body is first
 * followed silently until the focus at its top no longer changes, then
 * checked once from there.  Warnings (W4xx) mark what is legal but risky:
 * a destructive step without `ensure`, `add disk` onto a disk not known to
 * be dynamic, a destructive command on focus given in passing.
 *
 * Length.  Over the house's 900 lines because every construct of the
 * language has its check here, one function each, in one walk; DiskPart's
 * focus is check_focus.c and the destructive-target rule check_target.c.
 */
#include "check_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>



void chk_err(chk *c, ast_loc loc, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(c->d, c->src, loc.start, loc.end, code, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* The `allow` comment that covers code on the line of loc, if any (it is
 * then marked used for that code). */
static chk_allow *allowed(chk *c, ast_loc loc, enum diag_code code)
{
    unsigned long line, col;
    chk_allow *a;
    int i;
    if (!c->allows)
        return NULL;
    diag_linecol(c->src, loc.start, &line, &col);
    for (a = c->allows; a; a = a->next)
        for (i = 0; a->line == line && i < a->ncodes; i++)
            if (a->codes[i] == code) {
                a->used |= 1u << i;
                return a;
            }
    return NULL;
}

/* A warning: legal but risky; it does not make the procedure refused. */
void chk_warn(chk *c, ast_loc loc, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    buf msg;
    chk_allow *a = allowed(c, loc, code);
    buf_init(&msg);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (a) {
        char *why = arena_alloc_raw(c->a, a->reason_len + 1);
        if (why) {
            memcpy(why, a->reason, a->reason_len);
            why[a->reason_len] = '\0';
            diag_suppressed(c->d, c->src, loc.start, loc.end, code, why, "%s", buf_cstr(&msg));
        }
    } else {
        diag_warning(c->d, c->src, loc.start, loc.end, code, "%s", buf_cstr(&msg));
    }
    buf_free(&msg);
}

/* ---- `# mrb: allow CODE... -- reason` ------------------------------------ */

static bool blank_byte(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* Read the directive in comment [p, e) (after '#'), which covers line; false
 * when the comment is not one (it does not start with "mrb:", or "mrbc:" as
 * written while the command was named so). */
static bool allow_comment(chk *c, const char *p, const char *e, unsigned long line)
{
    const char *q, *dash;
    ast_loc loc;
    chk_allow *a;
    loc.start = (size_t)(p - 1 - c->src->text);
    loc.end = (size_t)(e - c->src->text);
    while (p < e && blank_byte(*p))
        p++;
    if ((size_t)(e - p) >= 4 && memcmp(p, "mrb:", 4) == 0)
        p += 4;
    else if ((size_t)(e - p) >= 5 && memcmp(p, "mrb" "c:", 5) == 0)
        p += 5;     /* as written while the command was named mrbc */
    else
        return false;
    while (p < e && blank_byte(*p))
        p++;
    if ((size_t)(e - p) < 5 || memcmp(p, "allow", 5) != 0 || (p + 5 < e && !blank_byte(p[5]))) {
        chk_err(c, loc, E425, "'# mrb:' comments say 'allow CODE -- reason'");
        return true;
    }
    p += 5;
    for (dash = p; dash + 1 < e && !(dash[0] == '-' && dash[1] == '-'); dash++)
        ;
    if (dash + 1 >= e) {
        chk_err(c, loc, E425, "an allowed warning needs a reason: '# mrb: allow CODE -- why it is right here'");
        return true;
    }
    for (q = dash + 2; q < e && blank_byte(*q); q++)
        ;
    if (q == e) {
        chk_err(c, loc, E425, "an allowed warning needs a reason after '--'");
        return true;
    }
    if (!(a = arena_alloc(c->a, sizeof *a)))
        return true;
    a->line = line;
    a->loc = loc;
    a->reason = q;
    a->reason_len = (size_t)(e - q);
    while (a->reason_len && blank_byte(q[a->reason_len - 1]))
        a->reason_len--;
    while (p < dash) {
        const char *w;
        int code;
        char word[8];
        while (p < dash && (blank_byte(*p) || *p == ','))
            p++;
        for (w = p; p < dash && !blank_byte(*p) && *p != ','; p++)
            ;
        if (p == w)
            break;
        if ((size_t)(p - w) >= sizeof word || (code = (memcpy(word, w, (size_t)(p - w)), word[p - w] = '\0',
                                                       diag_code_find(word))) < 0) {
            chk_err(c, loc, E425, "'%.*s' is no diagnostic code ('mrb explain --list' lists them)", (int)(p - w), w);
            return true;
        }
        if (diag_code_severity((enum diag_code)code) != DIAG_SEV_WARNING) {
            chk_err(c, loc, E425, "%s is an error: errors cannot be allowed, only warnings (Wnnn)", word);
            return true;
        }
        if (a->ncodes == CHK_ALLOW_CODES) {
            chk_err(c, loc, E425, "too many codes in one comment (limit is %d)", CHK_ALLOW_CODES);
            return true;
        }
        a->codes[a->ncodes++] = (enum diag_code)code;
    }
    if (a->ncodes == 0) {
        chk_err(c, loc, E425, "'allow' names no warning: '# mrb: allow W402 -- reason'");
        return true;
    }
    a->next = NULL;
    if (!c->allows) {
        c->allows = a;
    } else {
        chk_allow *t = c->allows;
        while (t->next)
            t = t->next;
        t->next = a;
    }
    return true;
}

/* Find every `# mrb:` comment.  One after code on its line covers that
 * line; one alone on its line covers the next line that holds code. */
static void find_allows(chk *c)
{
    const char *s = c->src->text, *end = s + c->src->len, *p = s;
    unsigned long line = 1;
    chk_allow *pending = NULL, *a;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
        bool in_str = false, code = false;
        if (!eol)
            eol = end;
        for (q = p; q < eol; q++) {
            if (in_str) {
                if (*q == '\\' && q + 1 < eol)
                    q++;
                else if (*q == '"')
                    in_str = false;
            } else if (*q == '"') {
                in_str = code = true;
            } else if (*q == '#') {
                break;
            } else if (!blank_byte(*q)) {
                code = true;
            }
        }
        if (code)
            for (; pending; pending = pending->next)
                pending->line = line;
        if (q < eol) {
            chk_allow *last = c->allows;
            while (last && last->next)
                last = last->next;
            if (allow_comment(c, q + 1, eol, line) && !code) {
                /* alone on its line: it covers the next line of code */
                a = last ? last->next : c->allows;
                if (a && !pending)
                    pending = a;
            }
        }
        line++;
        p = eol + 1;
    }
}

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

/* ---- suggestions --------------------------------------------------------- */

unsigned chk_distance(const char *a, size_t an, const char *b, size_t bn)
{
    /* Damerau-Levenshtein: an insertion, a deletion, a substitution or a
     * swap of two neighbours costs 1; a change of case costs nothing. */
    unsigned rows[3][LIM_IDENT_BYTES + 2];
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    size_t i, j;
    if (an > LIM_IDENT_BYTES || bn > LIM_IDENT_BYTES)
        return 1000;
    for (j = 0; j <= bn; j++)
        prev[j] = (unsigned)j;
    for (i = 1; i <= an; i++) {
        cur[0] = (unsigned)i;
        for (j = 1; j <= bn; j++) {
            int ca = util_lower((unsigned char)a[i - 1]), cb = util_lower((unsigned char)b[j - 1]);
            unsigned best = prev[j - 1] + (ca == cb ? 0u : 1u);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == util_lower((unsigned char)b[j - 2]) &&
                util_lower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        {
            unsigned *t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
    }
    return prev[bn];
}

typedef struct sug {
    ast_str word;
    const char *best;
    size_t best_n;
    unsigned dist;
} sug;

static void sug_init(sug *s, ast_str word)
{
    s->word = word;
    s->best = NULL;
    s->best_n = 0;
    s->dist = word.n < 4 ? 1 : 2;      /* one edit for short words, two for longer ones */
}

static void sug_try(sug *s, const char *cand, size_t n)
{
    unsigned d;
    if (n == 0)
        return;
    d = chk_distance(s->word.p, s->word.n, cand, n);
    if (d <= s->dist && (!s->best || d < s->dist) && !(n == s->word.n && memcmp(cand, s->word.p, n) == 0)) {
        s->best = cand;
        s->best_n = n;
        s->dist = d;
    }
}

/* "; did you mean 'X'?" or "" (into b). */
static void sug_put(buf *b, const sug *s)
{
    if (s->best)
        buf_printf(b, "; did you mean '%.*s'?", (int)s->best_n, s->best);
}

/* ---- names ------------------------------------------------------------- */

chk_sym *chk_lookup(chk *c, ast_str name)
{
    size_t i = c->nsyms;
    while (i-- > 0)
        if (c->syms[i].name.n == name.n && memcmp(c->syms[i].name.p, name.p, name.n) == 0)
            return &c->syms[i];
    return NULL;
}

static const char *type_kind(enum ast_type t)
{
    switch (t) {
    case TY_DISK: return "a disk";
    case TY_VOLUME: return "a volume";
    case TY_PARTITION: return "a partition";
    case TY_LETTER: return "a letter variable";
    default: return ast_type_name(t);
    }
}

static chk_sym *define(chk *c, ast_str name, ast_loc loc, enum ast_type type, const ast_node *decl)
{
    chk_sym *old = chk_lookup(c, name);
    chk_sym *s;
    if (old) {
        unsigned long line;
        chk_line_of(c, old->loc, &line);
        chk_err(c, loc, E402, "'%.*s' is already defined, as %s, at line %lu", STR(name),
            type_kind(old->type), line);
        return NULL;
    }
    if (c->nsyms == LIM_NAMES) {
        if (!c->names_full)
            chk_err(c, loc, E421, "too many names (limit is %u)", LIM_NAMES);
        c->names_full = true;
        return NULL;
    }
    s = &c->syms[c->nsyms++];
    memset(s, 0, sizeof *s);
    s->name = name;
    s->loc = loc;
    s->type = type;
    s->decl = decl;
    return s;
}

static bool is_any_attr(ast_str w)
{
    return ast_attr_find(OBJ_DISK, w) >= 0 || ast_attr_find(OBJ_VOLUME, w) >= 0 ||
           ast_attr_find(OBJ_PARTITION, w) >= 0;
}

/* DiskPart's name of a missing disk: M0, M1, ... */
static bool is_missing_disk_id(ast_str w)
{
    size_t i;
    if (w.n < 2 || (w.p[0] != 'M' && w.p[0] != 'm'))
        return false;
    for (i = 1; i < w.n; i++)
        if (w.p[i] < '0' || w.p[i] > '9')
            return false;
    return true;
}

/* The disk selectors declared so far, for messages: " (declared: a, b)". */
static void put_disk_names(chk *c, buf *b)
{
    size_t i, k = 0;
    for (i = 0; i < c->nsyms; i++) {
        if (c->syms[i].type != TY_DISK)
            continue;
        buf_puts(b, k++ ? ", " : " (declared: ");
        buf_put(b, c->syms[i].name.p, c->syms[i].name.n);
    }
    if (k)
        buf_putc(b, ')');
}

static void disk_number_error(chk *c, ast_loc loc, const char *what)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s: disk numbers change between boots; name a disk selector instead", what);
    put_disk_names(c, &b);
    chk_err(c, loc, E406, "%s", buf_cstr(&b));
    buf_free(&b);
}

/* Report a word that is neither an attribute here nor a declared name. */
static void undefined(chk *c, const ast_node *n, enum ast_obj ctx)
{
    ast_str w = n->u.name.name;
    sug s;
    buf b;
    size_t i;
    if (is_missing_disk_id(w)) {
        buf_init(&b);
        buf_printf(&b, "'%.*s' is DiskPart's number for a missing disk", STR(w));
        disk_number_error(c, n->loc, buf_cstr(&b));
        buf_free(&b);
        return;
    }
    if (ctx == OBJ_DISK && ast_str_eq(w, "number")) {
        disk_number_error(c, n->loc, "disks are not selected by number");
        return;
    }
    if (ctx == OBJ_NONE && is_any_attr(w)) {
        chk_err(c, n->loc, E413,
            "'%.*s' is an attribute: say whose, e.g. NAME.%.*s, or use it inside 'where'", STR(w), STR(w));
        return;
    }
    sug_init(&s, w);
    for (i = 0; i < c->nsyms; i++)
        sug_try(&s, c->syms[i].name.p, c->syms[i].name.n);
    if (ctx != OBJ_NONE) {
        int a;
        for (a = 0; a < ATTR_COUNT; a++)
            if (ast_attr_obj((enum ast_attr)a) == ctx)
                sug_try(&s, ast_attr_name((enum ast_attr)a), strlen(ast_attr_name((enum ast_attr)a)));
    }
    buf_init(&b);
    buf_printf(&b, "'%.*s' is not defined", STR(w));
    sug_put(&b, &s);
    chk_err(c, n->loc, E401, "%s", buf_cstr(&b));
    buf_free(&b);
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

/* Report w, which is not one of words[0..count), with a suggestion or the list. */
static void unknown_value(chk *c, ast_loc loc, ast_str w, const char *what,
                          const char *const *words, size_t count)
{
    sug s;
    buf b;
    size_t i, k = 0;
    sug_init(&s, w);
    for (i = 0; i < count; i++)
        if (words[i])
            sug_try(&s, words[i], strlen(words[i]));
    buf_init(&b);
    buf_printf(&b, "unknown %s '%.*s'", what, STR(w));
    if (s.best) {
        sug_put(&b, &s);
    } else {
        buf_puts(&b, " (expected ");
        for (i = 0; i < count; i++) {
            if (!words[i] || !words[i][0])
                continue;
            buf_printf(&b, "%s%s", k++ ? ", " : "", words[i]);
        }
        buf_putc(&b, ')');
    }
    chk_err(c, loc, E404, "%s", buf_cstr(&b));
    buf_free(&b);
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
    unknown_value(c, n->loc, w, v->kind, words, (size_t)i);
    return TY_ERROR;
}

static bool letter_word(ast_str w)
{
    return w.n == 1 && ((w.p[0] >= 'A' && w.p[0] <= 'Z') || (w.p[0] >= 'a' && w.p[0] <= 'z'));
}

/* Resolve an AST_NAME as a drive letter literal. */
static bool letter_value(chk *c, ast_node *n)
{
    ast_str w = n->u.name.name;
    if (n->kind != AST_NAME || !letter_word(w)) {
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

static enum ast_type size_value(chk *c, ast_node *n)
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
        sug s;
        buf b;
        sug_init(&s, n->u.size.unit);
        for (i = 0; i < 5; i++)
            sug_try(&s, words[i], strlen(words[i]));
        buf_init(&b);
        buf_printf(&b, "unknown size unit '%.*s' (units are B, KB, MB, GB and TB, binary as in DiskPart)",
                   STR(n->u.size.unit));
        sug_put(&b, &s);
        chk_err(c, (ast_loc){n->u.size.unit_loc.start, n->u.size.unit_loc.end}, E410, "%s", buf_cstr(&b));
        buf_free(&b);
    }
    return TY_ERROR;
}

/* ---- expressions ------------------------------------------------------- */

static enum ast_type cond(chk *c, ast_node *n, enum ast_obj ctx);
static void selector(chk *c, ast_node *n);

static enum ast_obj obj_of_type(enum ast_type t)
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
    sug s;
    int a;
    if (o == OBJ_DISK && ast_str_eq(attr, "number")) {
        disk_number_error(c, loc, "disks are not selected by number");
        return;
    }
    sug_init(&s, attr);
    for (a = 0; a < ATTR_COUNT; a++)
        if (ast_attr_obj((enum ast_attr)a) == o)
            sug_try(&s, ast_attr_name((enum ast_attr)a), strlen(ast_attr_name((enum ast_attr)a)));
    buf_init(&b);
    buf_printf(&b, "a %s has no attribute '%.*s' (it has ", ast_obj_name(o), STR(attr));
    attr_list(&b, o);
    buf_putc(&b, ')');
    sug_put(&b, &s);
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
        undefined(c, obj, OBJ_NONE);
        return TY_ERROR;
    }
    o = obj_of_type(t);
    if (o == OBJ_NONE) {
        chk_err(c, obj->loc, E408, "'%.*s' is %s; only disks, volumes and partitions have attributes",
            STR(obj->u.name.name), type_kind(t));
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
        return size_value(c, n);
    case AST_STRING:
        return n->type = TY_STRING;
    case AST_COUNT:
        selector(c, n->u.count.sel);
        return n->type = TY_COUNT;
    default:
        return cond(c, n, ctx);
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
            return letter_value(c, w) ? TY_LETTER : TY_ERROR;
    }
    if (wt == TY_WORD) {
        if (t == TY_STRING && w->kind == AST_NAME) {
            chk_err(c, w->loc, E401, "'%.*s' is not defined; a %s is a string: write \"%.*s\"",
                STR(w->u.name.name), attr_word(o), STR(w->u.name.name));
            return TY_ERROR;
        }
        undefined(c, w, ctx);
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
        !is_missing_disk_id(l->u.name.name) && (rt == TY_WORD || rt == TY_STRING || rt == TY_COUNT || rt == TY_SIZE)) {
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
        undefined(c, side, OBJ_NONE);
        return;
    }
    if (t != wt && t != TY_ERROR)
        chk_err(c, side->loc, E408, "'holds' relates a disk and a volume: expected %s, found %s", ast_type_name(wt),
            ast_type_name(t));
}

/* A condition: the result must be TY_BOOL. */
static enum ast_type cond(chk *c, ast_node *n, enum ast_obj ctx)
{
    enum ast_type t;
    ast_node *o;
    switch (n->kind) {
    case AST_AND:
    case AST_OR:
        for (o = n->u.logic.operands; o; o = o->next)
            cond(c, o, ctx);
        return n->type = TY_BOOL;
    case AST_NOT:
        cond(c, n->u.not_.operand, ctx);
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
            undefined(c, n, ctx);
        return TY_ERROR;
    }
    if (t != TY_BOOL && t != TY_ERROR) {
        chk_err(c, n->loc, E408, "expected a condition, found %s", ast_type_name(t));
        return TY_ERROR;
    }
    return t;
}

/* `disk where COND`, `volume C` */
static void selector(chk *c, ast_node *n)
{
    n->type = n->u.sel.obj == OBJ_DISK ? TY_DISK : n->u.sel.obj == OBJ_VOLUME ? TY_VOLUME : TY_PARTITION;
    if (n->u.sel.letter)
        letter_value(c, n->u.sel.letter);
    else
        cond(c, n->u.sel.cond, n->u.sel.obj);
}

/* ---- statements -------------------------------------------------------- */

/* The line of loc, for messages; not computed (it costs a scan of the
 * text) once the sink shows no more errors. */
void chk_line_of(chk *c, ast_loc loc, unsigned long *line)
{
    unsigned long col;
    *line = 0;
    if (c->d->max_errors && c->d->errors >= c->d->max_errors)
        return;
    diag_linecol(c->src, loc.start, line, &col);
}

/* Two conditions written alike (blanks aside): steps `when` the same
 * condition run together or not at all. */
static bool same_text(const chk *c, const ast_node *a, const ast_node *b)
{
    const char *p = c->src->text + a->loc.start, *pe = c->src->text + a->loc.end;
    const char *q = c->src->text + b->loc.start, *qe = c->src->text + b->loc.end;
    for (;;) {
        while (p < pe && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
        while (q < qe && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (p == pe || q == qe)
            return p == pe && q == qe;
        if (*p++ != *q++)
            return false;
    }
}

/* Is letter s assigned in the step being checked?  One assigned in a step
 * that runs only `when` a condition holds is assigned in later steps with
 * the same condition, and not in the others. */
static bool assigned_here(const chk *c, const chk_sym *s)
{
    if (!s->assigned)
        return false;
    return !s->assigned_when || (c->step_when && same_text(c, s->assigned_when, c->step_when));
}

/* A name that must be a letter variable (assign, remove, drives). */
static chk_sym *letter_var(chk *c, ast_node *n, ast_str name, bool must_be_assigned)
{
    chk_sym *s = chk_lookup(c, name);
    if (!s) {
        if (letter_word(name)) {
            chk_err(c, n->loc, E412,
                "'%.*s' is a drive letter written out; letters are chosen per server: declare "
                "'letter NAME = free letter' and use NAME",
                STR(name));
            return NULL;
        }
        {
            ast_node tmp = *n;
            tmp.kind = AST_NAME;
            tmp.u.name.name = name;
            undefined(c, &tmp, OBJ_NONE);
        }
        return NULL;
    }
    if (s->type != TY_LETTER) {
        chk_err(c, n->loc, E403, "'%.*s' is %s, not a letter variable", STR(name), type_kind(s->type));
        return NULL;
    }
    if (must_be_assigned && !assigned_here(c, s)) {
        chk_err(c, n->loc, E411,
            "letter '%.*s' is not assigned here: assign it first ('assign letter = %.*s')", STR(name),
            STR(name));
        return NULL;
    }
    if (n->kind == AST_NAME) {
        n->u.name.res = RES_SYMBOL;
        n->u.name.decl = s->decl;
        n->type = TY_LETTER;
    }
    return s;
}

static void drive(chk *c, ast_node *n)
{
    chk_sym *s = letter_var(c, n, n->u.drive.var, true);
    if (s)
        n->u.drive.decl = s->decl;
}

/* The target of select/break/add: a name of the kind the command needs. */
static void target(chk *c, ast_node *cmdn, ast_node *t)
{
    enum ast_cmd cmd = cmdn->u.dp.cmd;
    enum ast_obj want = ast_cmd_target(cmd);
    chk_sym *s;
    c->selected_letter = NULL;
    if (t->kind == AST_NUMBER) {
        if (want == OBJ_DISK) {
            buf b;
            buf_init(&b);
            buf_printf(&b, "'%s %llu' uses a disk number", ast_cmd_words(cmd),
                       (unsigned long long)t->u.number.value);
            disk_number_error(c, t->loc, buf_cstr(&b));
            buf_free(&b);
        } else if (want == OBJ_VOLUME) {
            chk_err(c, t->loc, E407,
                "a volume number is not allowed: numbers change as volumes come and go; name a "
                "volume selector (e.g. 'volume system = volume C') or a letter variable");
        } else if (t->u.number.value == 0) {
            chk_err(c, t->loc, E417, "partition numbers start at 1");
        } else {
            t->type = TY_COUNT;
        }
        return;
    }
    s = chk_lookup(c, t->u.name.name);
    if (!s) {
        undefined(c, t, OBJ_NONE);
        return;
    }
    t->u.name.res = RES_SYMBOL;
    t->u.name.decl = s->decl;
    t->type = s->type;
    if (want == OBJ_VOLUME && s->type == TY_LETTER) {
        if (!assigned_here(c, s))
            chk_err(c, t->loc, E411, "letter '%.*s' is not assigned here: 'select volume %.*s' would fail",
                STR(s->name), STR(s->name));
        else
            c->selected_letter = s;
        return;
    }
    if (obj_of_type(s->type) != want)
        chk_err(c, t->loc, E403, "'%.*s' is %s, but '%s' needs a %s", STR(s->name), type_kind(s->type),
            ast_cmd_words(cmd), ast_obj_name(want));
}

/* `convert WORD`, `create partition WORD`: find the precise command. */
static void command_word(chk *c, ast_node *n, const char *family)
{
    int cmd = ast_cmd_find(family, n->u.dp.word->u.name.name);
    const char *words[4];
    size_t k = 0, fl = strlen(family);
    int i;
    char what[40];
    if (cmd >= 0) {
        n->u.dp.cmd = (enum ast_cmd)cmd;
        return;
    }
    for (i = 0; i < AST_CMD_COUNT && k < 4; i++) {
        const char *w = ast_cmd_words((enum ast_cmd)i);
        if (strncmp(w, family, fl) == 0 && w[fl] == ' ')
            words[k++] = w + fl + 1;
    }
    snprintf(what, sizeof what, "%s", fl == 7 ? "convert target" : "partition kind");
    unknown_value(c, n->u.dp.word->loc, n->u.dp.word->u.name.name, what, words, k);
}

/* A string that reaches a command line, a robocopy argument or a DiskPart
 * label: printable ASCII without '"'.  The driver writes a robocopy string
 * in a cmd line between double quotes, and a DiskPart script holds a label
 * on its command's line, quoted when it holds a space: a '"' would end the
 * quoting and a control character (a line break) start another command.
 * cmd, robocopy and DiskPart read anything beyond ASCII in the server's
 * code page, and the scripts are ASCII (a '?' would stand for it); `mrb
 * run` sends the same bytes.  takes and hint frame the message. */
static void printable_string(chk *c, const ast_node *a, enum diag_code code, const char *takes, const char *hint)
{
    size_t i;
    for (i = 0; i < a->u.string.len; i++) {
        unsigned char ch = (unsigned char)a->u.string.text[i];
        if (ch < 0x20 || ch == 0x7f || ch >= 0x80 || ch == '"') {
            chk_err(c, a->loc, code, "%s of printable ASCII without '\"' (this one holds %s): %s", takes,
                ch >= 0x80 ? "a character beyond ASCII" : ch == '"' ? "a '\"'" : "a control character", hint);
            return;
        }
    }
}

/* A volume label: a string printable_string accepts, of at most 32
 * characters (NTFS's and ReFS's limit; FAT, FAT32 and exFAT take 11, which
 * is not checked here). */
static void label_string(chk *c, const ast_node *v)
{
    printable_string(c, v, E415, "a label takes a string",
                     "DiskPart scripts are ASCII, one command a line, a label with a space in double quotes");
    if (v->u.string.len > 32)
        chk_err(c, v->loc, E415, "a label holds at most 32 characters (NTFS and ReFS; FAT, FAT32 and exFAT take "
                                 "11), this one %lu", (unsigned long)v->u.string.len);
}

static const char *const fs_words[] = {"NTFS", "FAT32", "FAT", "exFAT", "ReFS"};

static void option_value(chk *c, ast_node *cmdn, ast_node *o)
{
    ast_node *v = o->u.opt.value;
    enum ast_opt opt = o->u.opt.opt;
    switch (opt) {
    case OPT_SIZE:
        if (v->kind == AST_NUMBER) {
            chk_err(c, v->loc, E410, "a size needs a unit: write size = %llu MB",
                (unsigned long long)v->u.number.value);
            return;
        }
        if (v->kind != AST_SIZE) {
            chk_err(c, v->loc, E415, "size takes a size, e.g. size = 350 MB");
            return;
        }
        if (size_value(c, v) != TY_SIZE)
            return;
        if (v->u.size.bytes == 0 || v->u.size.bytes % MDL_MiB != 0)
            chk_err(c, v->loc, E414,
                "'%s' takes a whole number of MB, more than 0 (DiskPart's size= counts MB)",
                ast_cmd_words(cmdn->u.dp.cmd));
        return;
    case OPT_FS: {
        size_t i;
        if (v->kind == AST_NAME) {
            for (i = 0; i < sizeof fs_words / sizeof fs_words[0]; i++) {
                const char *w = fs_words[i];
                if (util_ieqn(v->u.name.name.p, v->u.name.name.n, w)) {
                    v->u.name.res = RES_ENUM;
                    v->u.name.value = mdl_lookup(&mdl_fs_vocab, LANG_EN, w, strlen(w));
                    v->type = TY_FS;
                    return;
                }
            }
            unknown_value(c, v->loc, v->u.name.name, "file system", fs_words,
                          sizeof fs_words / sizeof fs_words[0]);
            return;
        }
        chk_err(c, v->loc, E415, "fs takes a file system name, e.g. fs = ntfs");
        return;
    }
    case OPT_LABEL:
        if (v->kind != AST_STRING) {
            chk_err(c, v->loc, E415, "label takes a string, e.g. label = \"EFI\"");
        } else {
            label_string(c, v);
            v->type = TY_STRING;
        }
        return;
    case OPT_LETTER:
        if (v->kind != AST_NAME) {
            chk_err(c, v->loc, E415, "letter takes a letter variable, e.g. letter = dst");
            return;
        }
        if (cmdn->u.dp.cmd == AST_CMD_ASSIGN) {
            chk_sym *s = letter_var(c, v, v->u.name.name, false);
            if (!s)
                return;
            if (assigned_here(c, s)) {
                unsigned long line;
                chk_line_of(c, s->assigned_at, &line);
                chk_err(c, v->loc, E420, "letter '%.*s' is already assigned (line %lu); remove it first",
                    STR(s->name), line);
            } else if (c->loops > 0) {
                chk_err(c, v->loc, E420,
                    "assigning letter '%.*s' inside 'for each' would give it to every volume",
                    STR(s->name));
            }
            s->assigned = true;
            s->assigned_at = cmdn->loc;
            s->assigned_when = c->step_when;
        } else {
            chk_sym *s = letter_var(c, v, v->u.name.name, true);
            if (s)
                s->assigned = false;
        }
        return;
    default:
        return;
    }
}

static void options(chk *c, ast_node *n)
{
    enum ast_cmd cmd = n->u.dp.cmd;
    unsigned allowed = ast_cmd_allowed(cmd), seen = 0, required = ast_cmd_required(cmd);
    ast_node *o;
    for (o = n->u.dp.opts; o; o = o->next) {
        int i;
        enum ast_opt opt = OPT_UNKNOWN;
        for (i = 0; i < OPT_COUNT; i++)
            if (ast_str_eq(o->u.opt.name, ast_opt_word((enum ast_opt)i)))
                opt = (enum ast_opt)i;
        if (opt == OPT_UNKNOWN || !(allowed & OPTB(opt))) {
            buf b;
            sug s;
            int k = 0;
            sug_init(&s, o->u.opt.name);
            buf_init(&b);
            buf_printf(&b, "'%.*s' is not an option of '%s' (", STR(o->u.opt.name), ast_cmd_words(cmd));
            for (i = 0; i < OPT_COUNT; i++) {
                if (!(allowed & OPTB(i)))
                    continue;
                sug_try(&s, ast_opt_word((enum ast_opt)i), strlen(ast_opt_word((enum ast_opt)i)));
                buf_printf(&b, "%s%s", k++ ? ", " : "its options: ", ast_opt_word((enum ast_opt)i));
            }
            buf_puts(&b, k ? ")" : "it takes none)");
            sug_put(&b, &s);
            chk_err(c, o->loc, E415, "%s", buf_cstr(&b));
            buf_free(&b);
            continue;
        }
        o->u.opt.opt = opt;
        if (seen & OPTB(opt)) {
            chk_err(c, o->loc, E415, "'%s' is given twice", ast_opt_word(opt));
            continue;
        }
        seen |= OPTB(opt);
        if (ast_opt_has_value(opt) && !o->u.opt.value) {
            chk_err(c, o->loc, E415, "'%s' needs a value: %s = ...", ast_opt_word(opt), ast_opt_word(opt));
            continue;
        }
        if (!ast_opt_has_value(opt) && o->u.opt.value) {
            chk_err(c, o->loc, E415, "'%s' takes no value", ast_opt_word(opt));
            continue;
        }
        if (o->u.opt.value)
            option_value(c, n, o);
    }
    if (required & ~seen) {
        int i;
        for (i = 0; i < OPT_COUNT; i++)
            if (required & ~seen & OPTB(i))
                chk_err(c, n->loc, E415, "'%s' needs %s = ...", ast_cmd_words(cmd), ast_opt_word((enum ast_opt)i));
    }
}

/* W402: `add disk D` where D is not known to be dynamic: DiskPart converts
 * a basic disk on its own (runtime/MODEL.md, quirk Q1). */
static void add_disk_target(chk *c, const ast_node *n)
{
    const ast_node *t = n->u.dp.target;
    chk_sym *s;
    if (!t || t->kind != AST_NAME || !(s = chk_lookup(c, t->u.name.name)) || s->type != TY_DISK)
        return;
    if (s->made_dynamic || chk_predicate_says(s->decl, ATTR_DISK_DYNAMIC))
        return;
    chk_warn(c, t->loc, W402,
         "nothing before this converts '%.*s' to dynamic, and its selector does not say 'dynamic': "
         "DiskPart would convert it on its own; write 'select disk %.*s' and 'convert dynamic' first",
         STR(s->name), STR(s->name));
}

static void diskpart(chk *c, ast_node *n)
{
    if (n->u.dp.cmd == AST_CMD_CONVERT)
        command_word(c, n, "convert");
    else if (n->u.dp.cmd == AST_CMD_CREATE_PARTITION)
        command_word(c, n, "create partition");
    if (n->u.dp.target)
        target(c, n, n->u.dp.target);
    options(c, n);
    if (n->u.dp.cmd == AST_CMD_REMOVE && !n->u.dp.opts && c->selected_letter)
        c->selected_letter->assigned = false;
    chk_focus_command(c, n);
    if (n->u.dp.cmd == AST_CMD_ADD_DISK)
        add_disk_target(c, n);
    if (!c->step_destroys && chk_destroys(n))
        c->step_destroys = n;
}

/* robocopy switches: those that only read, copy or report.  Switches that
 * delete files in the destination (/mir, /purge, /move, /mov) are refused. */
static const char *const robo_switches[] = {
    "/e", "/s", "/copyall", "/copy", "/dcopy", "/xf", "/xd", "/xx", "/r", "/w", "/b", "/zb",
    "/j", "/np", "/nfl", "/ndl", "/njh", "/njs", "/mt", "/v", "/sec", "/xj",
};

static void robocopy(chk *c, ast_node *n)
{
    ast_node *a;
    drive(c, n->u.robo.src);
    drive(c, n->u.robo.dst);
    for (a = n->u.robo.args; a; a = a->next) {
        size_t i, len;
        const char *colon;
        bool ok = false;
        if (a->kind == AST_STRING)
            printable_string(c, a, E416, "robocopy takes strings",
                             "a wildcard such as '?' or '*' can stand for the character");
        if (a->kind != AST_SWITCH)
            continue;
        colon = memchr(a->u.word.text.p, ':', a->u.word.text.n);
        len = colon ? (size_t)(colon - a->u.word.text.p) : a->u.word.text.n;
        for (i = 0; i < sizeof robo_switches / sizeof robo_switches[0]; i++)
            if (util_ieqn(a->u.word.text.p, len, robo_switches[i]))
                ok = true;
        if (!ok)
            chk_err(c, a->loc, E416,
                "robocopy switch '%.*s' is not allowed here (allowed: those that copy and report; "
                "none that deletes files)",
                STR(a->u.word.text));
    }
}

static void bcdedit(chk *c, ast_node *n)
{
    ast_node *f = n->u.bcd.file;
    drive(c, f);
    if (f->u.drive.path.n < 2 || f->u.drive.path.p[0] != '\\')
        chk_err(c, f->loc, E416, "bcdedit needs a file path on the drive, e.g. %.*s:\\EFI\\Microsoft\\Boot\\BCD",
            STR(f->u.drive.var));
    if (n->u.bcd.form == BCD_STORE_SET) {
        ast_node *e = n->u.bcd.elem, *v = n->u.bcd.value;
        if (!ast_str_eq(e->u.name.name, "device") && !ast_str_eq(e->u.name.name, "osdevice"))
            chk_err(c, e->loc, E416, "bcdedit element '%.*s' is not one mrb sets (device or osdevice)",
                STR(e->u.name.name));
        drive(c, v);
        if (v->u.drive.path.n)
            chk_err(c, v->loc, E416, "partition= takes a drive alone, e.g. %.*s:", STR(v->u.drive.var));
    }
}

static void statements(chk *c, ast_node *n);

static void for_each(chk *c, ast_node *n)
{
    enum ast_obj o = n->u.each.obj;
    enum ast_type t = o == OBJ_DISK ? TY_DISK : o == OBJ_VOLUME ? TY_VOLUME : TY_PARTITION;
    size_t mark = c->nsyms;
    chk_sym *s;
    chk_focus head;
    cond(c, n->u.each.cond, o);
    s = define(c, n->u.each.var, n->u.each.var_loc, t, n);
    chk_focus_loop(c, n, &head);
    c->focus = head;
    c->loops++;
    statements(c, n->u.each.body);
    c->loops--;
    c->focus = head;
    if (s)
        c->nsyms = mark;
}

static void statements(chk *c, ast_node *n)
{
    for (; n; n = n->next) {
        switch (n->kind) {
        case AST_REQUIRE:
        case AST_ENSURE:
            cond(c, n->u.guard.cond, OBJ_NONE);
            if (n->kind == AST_ENSURE)
                c->step_ensures = true;
            break;
        case AST_FOR_EACH:
            for_each(c, n);
            break;
        case AST_DISKPART:
            diskpart(c, n);
            break;
        case AST_ROBOCOPY:
            robocopy(c, n);
            chk_focus_none(&c->focus, n);
            break;
        case AST_BCDEDIT:
            bcdedit(c, n);
            chk_focus_none(&c->focus, n);
            break;
        default:
            break;
        }
    }
}

static void step(chk *c, ast_node *n)
{
    const ast_node *name = n->u.step.name;
    size_t i;
    for (i = 0; i < c->nsteps && i < LIM_STEPS; i++) {
        const ast_node *o = c->steps[i]->u.step.name;
        if (o->u.string.len == name->u.string.len &&
            memcmp(o->u.string.text, name->u.string.text, name->u.string.len) == 0) {
            unsigned long line;
            chk_line_of(c, c->steps[i]->loc, &line);
            chk_err(c, name->loc, E418, "a step with this name already exists (line %lu): steps are "
                "checkpoints and need distinct names", line);
            break;
        }
    }
    if (c->nsteps == LIM_STEPS) {
        chk_err(c, name->loc, E422, "too many steps (limit is %u)", LIM_STEPS);
        c->nsteps++;
    } else if (c->nsteps < LIM_STEPS) {
        c->steps[c->nsteps++] = n;
    }
    c->selected_letter = NULL;
    chk_focus_none(&c->focus, NULL);
    c->step_destroys = NULL;
    c->step_ensures = false;
    c->step_when = n->u.step.when;
    if (n->u.step.when)
        cond(c, n->u.step.when, OBJ_NONE);
    statements(c, n->u.step.body);
    if (c->step_destroys && !c->step_ensures) {
        unsigned long line;
        chk_line_of(c, c->step_destroys->loc, &line);
        chk_warn(c, name->loc, W401,
             "this step destroys data ('%s' on line %lu) but has no 'ensure': if the run stops "
             "partway, resuming cannot tell whether the step ran; add 'ensure CONDITION' saying "
             "what the step achieves",
             ast_cmd_words(c->step_destroys->u.dp.cmd), line);
    }
}

static void declaration(chk *c, ast_node *n)
{
    if (n->kind == AST_SEL_DECL) {
        ast_node *sel = n->u.decl.sel;
        enum ast_type t = n->u.decl.obj == OBJ_DISK ? TY_DISK : n->u.decl.obj == OBJ_VOLUME ? TY_VOLUME : TY_PARTITION;
        selector(c, sel);
        if (sel->u.sel.obj != n->u.decl.obj)
            chk_err(c, sel->loc, E403, "'%.*s' is declared as a %s but this selects %ss", STR(n->u.decl.name),
                ast_obj_name(n->u.decl.obj), ast_obj_name(sel->u.sel.obj));
        define(c, n->u.decl.name, n->u.decl.name_loc, t, n);
    } else {
        n->u.letter.letter = 'D';
        if (n->u.letter.from && letter_value(c, n->u.letter.from))
            n->u.letter.letter = n->u.letter.from->u.name.value;
        define(c, n->u.letter.name, n->u.letter.name_loc, TY_LETTER, n);
    }
}

bool chk_file(ast_file *f, const diag_src *src, diag_sink *d, arena *ar)
{
    chk c;
    ast_node *n;
    chk_allow *a;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.d = d;
    c.a = ar;
    /* entries are written as names and steps are defined: no need to zero
     * the whole tables for every file checked */
    c.syms = arena_alloc_raw(ar, LIM_NAMES * sizeof *c.syms);
    c.steps = arena_alloc_raw(ar, LIM_STEPS * sizeof *c.steps);
    if (!c.syms || !c.steps)
        return false;
    find_allows(&c);
    for (n = f->items; n; n = n->next) {
        switch (n->kind) {
        case AST_SEL_DECL:
        case AST_LETTER_DECL:
            declaration(&c, n);
            break;
        case AST_GUARD:
            cond(&c, n->u.guard.cond, OBJ_NONE);
            break;
        case AST_STEP:
            step(&c, n);
            break;
        default:
            break;
        }
    }
    for (a = c.allows; a; a = a->next) {
        int i;
        for (i = 0; i < a->ncodes; i++)
            if (!(a->used & (1u << i)))
                chk_warn(&c, a->loc, W404, "no %s here needed this 'allow': remove it, so that it cannot hide a "
                                       "later one", diag_code_str(a->codes[i]));
    }
    return c.errors == 0;
}
