/* check_allow.c - `# mrb: allow CODE... -- reason` comments (SPEC.md,
 * "Allowing a warning").
 *
 * Before the walk, chk_find_allows reads every `# mrb:` comment of the
 * source into c->allows; a warning on a line a comment covers is then
 * reported as suppressed, with the comment's reason (chk_allowed, from
 * chk_warn); after the walk, a code no warning needed is W404
 * (chk_unused_allows).
 */
#include "check/check_int.h"

#include <string.h>

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
void chk_find_allows(chk *c)
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

/* The `allow` comment that covers code on the line of loc, if any (it is
 * then marked used for that code). */
chk_allow *chk_allowed(chk *c, ast_loc loc, enum diag_code code)
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


/* W404: each code of an `allow` comment that no warning needed. */
void chk_unused_allows(chk *c)
{
    chk_allow *a;
    for (a = c->allows; a; a = a->next) {
        int i;
        for (i = 0; i < a->ncodes; i++)
            if (!(a->used & (1u << i)))
                chk_warn(c, a->loc, W404, "no %s here needed this 'allow': remove it, so that it cannot hide a "
                                       "later one", diag_code_str(a->codes[i]));
    }
}
