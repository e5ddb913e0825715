/* dpscript.re - the reader of DiskPart /s script lines (re2c).
 *
 * DiskPart reads a script one line at a time (docs/DISKPART.md 1 and 2): words
 * separated by blanks, keywords in any case and abbreviated to a prefix,
 * `=` between a parameter and its value.  The reader splits a line into
 * tokens with one re2c block (words, `=`, quoted strings), then matches the
 * words against the command table of dpcmd.h:
 *
 *   line    := blank | "rem" anything | verb [object [kind]] [["="] value] option*
 *   option  := flag | name "=" (word | quoted)
 *
 * A keyword matches a word that is a prefix of it at least DP_MIN_PREFIX
 * letters long, or the whole keyword; among verbs the first in the table
 * wins.  `=` is optional only before the object's value (`select disk 1`,
 * `break disk M0`); for size=, letter=, fs=, label= ... the docs always show
 * it and the bare form is [UNVERIFIED], so the reader refuses it.
 *
 * The lexer allocates nothing: tokens are slices of the line.
 */
#include "diskpart/dpcmd.h"

#include <string.h>

#include "base/util.h"

#define DP_MIN_PREFIX 3     /* shortest abbreviation accepted (docs/DISKPART.md 1) */
#define DP_MAX_TOKENS 32    /* words on one command line */

#define DP_CMD_ROW(e, verb, obj, kind, val, focus, effect, destroy, guard, opts, summary) \
    {verb, obj, kind, val, focus, effect, destroy, guard, opts, summary},
const dp_cmd_info dp_commands[CMD_COUNT] = {DP_COMMANDS(DP_CMD_ROW)};
#undef DP_CMD_ROW

#define DP_OPT_ROW(e, s, v) {s, v},
const dp_opt_info dp_options[DPO_COUNT] = {DP_OPTIONS(DP_OPT_ROW)};
#undef DP_OPT_ROW

enum tok_kind { TK_WORD, TK_EQ, TK_QUOTED, TK_END, TK_BAD };

typedef struct token {
    enum tok_kind kind;
    size_t start, len;  /* byte range in the line; a quoted string without its quotes */
} token;

/* Next token of line from *pos; *pos moves past it. */
static enum tok_kind lex(const char *line, size_t len, size_t *pos, token *t)
{
    const unsigned char *base = (const unsigned char *)line;
    const unsigned char *cur = base + *pos, *lim = base + len, *mar = cur, *tok;
    (void)mar;
again:
    tok = cur;
    /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = "cur";
        re2c:define:YYMARKER = "mar";
        re2c:define:YYLIMIT = "lim";
        re2c:yyfill:enable = 0;
        re2c:eof = 0;

        blank  = [ \t\r\v\f];
        wordch = [^ \t\r\v\f="\x00];

        blank+              { goto again; }
        "="                 { t->kind = TK_EQ; goto done; }
        ["] [^"\x00]* ["]   { t->kind = TK_QUOTED; goto done; }
        wordch+             { t->kind = TK_WORD; goto done; }
        $                   { t->kind = TK_END; goto done; }
        *                   { t->kind = TK_BAD; goto done; }
    */
done:
    t->start = (size_t)(tok - base);
    t->len = (size_t)(cur - tok);
    if (t->kind == TK_QUOTED) {
        t->start++;
        t->len -= 2;
    }
    *pos = (size_t)(cur - base);
    return t->kind;
}

/* Case-insensitive: is w[0..n) a prefix of kw? */
static bool prefix_of(const char *w, size_t n, const char *kw)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (kw[i] == '\0' || util_lower((unsigned char)w[i]) != util_lower((unsigned char)kw[i]))
            return false;
    return true;
}

/* Does word w[0..n) stand for keyword kw? */
static bool matches(const char *w, size_t n, const char *kw)
{
    return n > 0 && prefix_of(w, n, kw) && (n >= DP_MIN_PREFIX || n == strlen(kw));
}

void dp_cmd_name(enum dp_cmd_id id, char *b, size_t n)
{
    const dp_cmd_info *c = &dp_commands[id];
    const char *parts[3];
    size_t i, j, o = 0;
    parts[0] = c->verb;
    parts[1] = c->object;
    parts[2] = c->kind;
    if (n == 0)
        return;
    for (i = 0; i < 3 && parts[i]; i++) {
        if (i && o + 1 < n)
            b[o++] = ' ';
        for (j = 0; parts[i][j] && o + 1 < n; j++)
            b[o++] = (char)(parts[i][j] >= 'a' && parts[i][j] <= 'z' ? parts[i][j] - 'a' + 'A' : parts[i][j]);
    }
    b[o] = '\0';
}

static dp_slice slice(const char *line, const token *t)
{
    dp_slice s;
    s.s = line + t->start;
    s.n = t->len;
    return s;
}

/* The option a word names among those cmd accepts, or -1. */
static int find_option(const char *w, size_t n, unsigned accepted)
{
    int o;
    for (o = 0; o < DPO_COUNT; o++)
        if ((accepted & DP_BIT(o)) && matches(w, n, dp_options[o].name))
            return o;
    return -1;
}

/* The command of verb whose object (and kind) tk[1] (and tk[2]) name, or -1. */
static int object_of(const char *line, const token *tk, size_t ntk, int verb)
{
    int c;
    if (ntk < 2 || tk[1].kind != TK_WORD)
        return -1;
    for (c = verb; c < CMD_COUNT && strcmp(dp_commands[c].verb, dp_commands[verb].verb) == 0; c++)
        if (matches(line + tk[1].start, tk[1].len, dp_commands[c].object)) {
            if (!dp_commands[c].kind)
                return c;
            if (ntk > 2 && tk[2].kind == TK_WORD && matches(line + tk[2].start, tk[2].len, dp_commands[c].kind))
                return c;
        }
    return -1;
}

/* The options of out's command from tk[*i] on; false with *i at the token
 * that is not one (unknown, repeated, or a value missing). */
static bool options(const char *line, const token *tk, size_t ntk, size_t *i, dp_cmd *out)
{
    while (*i < ntk) {
        int o;
        if (tk[*i].kind != TK_WORD)
            return false;
        o = find_option(line + tk[*i].start, tk[*i].len, dp_commands[out->id].options);
        if (o < 0 || (out->opts & DP_BIT(o)))
            return false;
        out->opts |= DP_BIT(o);
        (*i)++;
        if (dp_options[o].takes_value) {
            if (*i + 1 >= ntk || tk[*i].kind != TK_EQ || tk[*i + 1].kind == TK_EQ || tk[*i + 1].len == 0)
                return false;
            out->optval[o] = slice(line, &tk[*i + 1]);
            *i += 2;
        }
    }
    return true;
}

enum dp_parse dp_parse_line(const char *line, size_t len, dp_cmd *out, size_t *err_at)
{
    token tk[DP_MAX_TOKENS];
    size_t ntk = 0, pos = 0, i = 0;
    int c, verb = -1;
    memset(out, 0, sizeof *out);
    *err_at = 0;
    for (;;) {
        token t;
        enum tok_kind k = lex(line, len, &pos, &t);
        if (k == TK_END)
            break;
        if (k == TK_BAD || ntk == DP_MAX_TOKENS) {
            *err_at = t.start;
            if (ntk == 0)
                return DPP_UNKNOWN;
            goto syntax_unnamed;
        }
        tk[ntk++] = t;
    }
    if (ntk == 0)
        return DPP_EMPTY;
    if (tk[0].kind != TK_WORD)
        return DPP_UNKNOWN;
    /* The verb: the first command whose verb the word stands for. */
    for (c = 0; c < CMD_COUNT; c++)
        if (matches(line + tk[0].start, tk[0].len, dp_commands[c].verb)) {
            verb = c;
            break;
        }
    if (verb < 0)
        return DPP_UNKNOWN;
    out->id = (enum dp_cmd_id)verb;
    if (out->id == CMD_REM)
        return DPP_EMPTY;
    i = 1;
    /* The object and kind, among the commands of that verb. */
    if (dp_commands[verb].object) {
        int found = object_of(line, tk, ntk, verb);
        if (found < 0) {
            *err_at = i < ntk ? tk[i].start : len;
            return DPP_SYNTAX;
        }
        out->id = (enum dp_cmd_id)found;
        i += dp_commands[found].kind ? 2 : 1;
    }
    /* The object's value, `=` optional before it. */
    if (dp_commands[out->id].value != DPV_NONE) {
        size_t j = i;
        if (j < ntk && tk[j].kind == TK_EQ)
            j++;
        if (j < ntk && tk[j].kind == TK_WORD &&
            (j > i || find_option(line + tk[j].start, tk[j].len, dp_commands[out->id].options) < 0)) {
            out->has_value = true;
            out->value = slice(line, &tk[j]);
            i = j + 1;
        } else if (dp_commands[out->id].value == DPV_REQUIRED || j > i) {
            *err_at = j < ntk ? tk[j].start : len;
            return DPP_SYNTAX;
        }
    }
    if (!options(line, tk, ntk, &i, out)) {
        *err_at = i < ntk ? tk[i].start : len;
        return DPP_SYNTAX;
    }
    return DPP_OK;
syntax_unnamed:
    /* A stray quote or NUL after a known command word still names it. */
    for (c = 0; c < CMD_COUNT; c++)
        if (matches(line + tk[0].start, tk[0].len, dp_commands[c].verb)) {
            out->id = (enum dp_cmd_id)c;
            return DPP_SYNTAX;
        }
    return DPP_UNKNOWN;
}
