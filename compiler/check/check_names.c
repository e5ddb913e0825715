/* check_names.c - the checker's table of names, and what it says of a word
 * it does not know: "not defined", "did you mean", why a disk number is no
 * name.
 *
 * Names are declarations, then loop variables pushed and popped around
 * their body (check.c); the newest of a name wins.  A suggestion is the
 * nearest candidate by chk_distance within one edit for a short word, two
 * for a longer one.
 */
#include "check/check_int.h"

#include <string.h>

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

void chk_sug_init(chk_sug *s, ast_str word)
{
    s->word = word;
    s->best = NULL;
    s->best_n = 0;
    s->dist = word.n < 4 ? 1 : 2;      /* one edit for short words, two for longer ones */
}

void chk_sug_try(chk_sug *s, const char *cand, size_t n)
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
void chk_sug_put(buf *b, const chk_sug *s)
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

const char *chk_type_kind(enum ast_type t)
{
    switch (t) {
    case TY_DISK: return "a disk";
    case TY_VOLUME: return "a volume";
    case TY_PARTITION: return "a partition";
    case TY_LETTER: return "a letter variable";
    default: return ast_type_name(t);
    }
}

chk_sym *chk_define(chk *c, ast_str name, ast_loc loc, enum ast_type type, const ast_node *decl)
{
    chk_sym *old = chk_lookup(c, name);
    chk_sym *s;
    if (old) {
        unsigned long line;
        chk_line_of(c, old->loc, &line);
        chk_err(c, loc, E402, "'%.*s' is already defined, as %s, at line %lu", STR(name),
            chk_type_kind(old->type), line);
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
bool chk_is_missing_disk_id(ast_str w)
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

void chk_disk_number_error(chk *c, ast_loc loc, const char *what)
{
    buf b;
    buf_init(&b);
    buf_printf(&b, "%s: disk numbers change between boots; name a disk selector instead", what);
    put_disk_names(c, &b);
    chk_err(c, loc, E406, "%s", buf_cstr(&b));
    buf_free(&b);
}

/* Report a word that is neither an attribute here nor a declared name. */
void chk_undefined(chk *c, const ast_node *n, enum ast_obj ctx)
{
    ast_str w = n->u.name.name;
    chk_sug s;
    buf b;
    size_t i;
    if (chk_is_missing_disk_id(w)) {
        buf_init(&b);
        buf_printf(&b, "'%.*s' is DiskPart's number for a missing disk", STR(w));
        chk_disk_number_error(c, n->loc, buf_cstr(&b));
        buf_free(&b);
        return;
    }
    if (ctx == OBJ_DISK && ast_str_eq(w, "number")) {
        chk_disk_number_error(c, n->loc, "disks are not selected by number");
        return;
    }
    if (ctx == OBJ_NONE && is_any_attr(w)) {
        chk_err(c, n->loc, E413,
            "'%.*s' is an attribute: say whose, e.g. NAME.%.*s, or use it inside 'where'", STR(w), STR(w));
        return;
    }
    chk_sug_init(&s, w);
    for (i = 0; i < c->nsyms; i++)
        chk_sug_try(&s, c->syms[i].name.p, c->syms[i].name.n);
    if (ctx != OBJ_NONE) {
        int a;
        for (a = 0; a < ATTR_COUNT; a++)
            if (ast_attr_obj((enum ast_attr)a) == ctx)
                chk_sug_try(&s, ast_attr_name((enum ast_attr)a), strlen(ast_attr_name((enum ast_attr)a)));
    }
    buf_init(&b);
    buf_printf(&b, "'%.*s' is not defined", STR(w));
    chk_sug_put(&b, &s);
    chk_err(c, n->loc, E401, "%s", buf_cstr(&b));
    buf_free(&b);
}

/* Report w, which is not one of words[0..count), with a suggestion or the list. */
void chk_unknown_value(chk *c, ast_loc loc, ast_str w, const char *what,
                              const char *const *words, size_t count)
{
    chk_sug s;
    buf b;
    size_t i, k = 0;
    chk_sug_init(&s, w);
    for (i = 0; i < count; i++)
        if (words[i])
            chk_sug_try(&s, words[i], strlen(words[i]));
    buf_init(&b);
    buf_printf(&b, "unknown %s '%.*s'", what, STR(w));
    if (s.best) {
        chk_sug_put(&b, &s);
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
