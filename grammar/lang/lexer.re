/* lexer.re - the .mrb lexer (re2c): decoded source text to tokens.
 *
 * Design.  The lexer works on text that runtime/base/text.c has decoded (UTF-8,
 * LF line ends, no NUL, no control or invisible character) and allocates
 * nothing: a token is a byte range of that text.  End of input is the
 * re2c:eof sentinel rule, so a NUL before the end would be a located error
 * (the catch-all) rather than a silent stop.  Keywords are literal rules
 * placed before the identifier rule; re2c's longest match makes
 * `procedures` an identifier.
 *
 * Newlines end statements, so the lexer decides which ones matter (SPEC.md
 * "Lines"): a newline is a token unless it follows a token that cannot end
 * a statement (an operator, `and`, `or`, `not`, `where`, `else`, `{`, `(`,
 * `.`, another newline, the start of the file), or the next line starts
 * with `and`, `or` or `else`.  Parentheses do not join lines: an unclosed
 * one is then reported on its own line instead of swallowing the file.  Before a `}` that
 * does not start its line a newline is inserted, and one at the end of the
 * file, so that every statement ends with one.
 *
 * Limits: identifiers longer than LIM_IDENT_BYTES (E305), numbers above
 * LIM_NUMBER (E307), braces and parentheses nested deeper than
 * LIM_DEPTH (E306, which also ends the file: only the parser's stack
 * would grow past it).
 */
#include "lang/parse.h"

#include <string.h>

#include "base/mrblimits.h"
#include "parser.tab.h"

void lex_init(lex_state *ls, const diag_src *src, diag_sink *d)
{
    memset(ls, 0, sizeof *ls);
    ls->text = src->text;
    ls->len = src->len;
    ls->src = src;
    ls->diag = d;
}

/* Tokens after which a newline does not end the statement. */
static bool continues(int tok)
{
    switch (tok) {
    case 0: case TK_NL: case TK_LBRACE: case TK_LPAREN: case TK_DOT:
    case TK_AND: case TK_OR: case TK_NOT: case TK_WHERE: case TK_ELSE: case TK_HOLDS: case TK_ON: case TK_WHEN:
    case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
        return true;
    default:
        return false;
    }
}

static bool ident_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Does the next line that holds a token start with `and`, `or` or `else`? */
static bool next_line_continues(const lex_state *ls, size_t i)
{
    static const char *const words[] = {"and", "or", "else"};
    const char *t = ls->text;
    size_t k;
    for (;;) {
        while (i < ls->len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
            i++;
        if (i < ls->len && t[i] == '#') {
            while (i < ls->len && t[i] != '\n')
                i++;
            continue;
        }
        break;
    }
    for (k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]);
        if (ls->len - i >= n && memcmp(t + i, words[k], n) == 0 &&
            (i + n == ls->len || !ident_byte((unsigned char)t[i + n])))
            return true;
    }
    return false;
}

static bool unterminated(lex_state *ls, size_t open, const unsigned char *at)
{
    size_t end = (size_t)(at - (const unsigned char *)ls->text);
    diag_error(ls->diag, ls->src, open, end, E303, "string not closed before the end of the line");
    ls->cur = end;
    return false;
}

/* Scan the rest of a string literal whose opening quote ends at ls->cur;
 * leaves ls->cur after the closing quote, or at the end of the line and
 * returns false when there is none. */
static bool scan_string(lex_state *ls, size_t open)
{
    const unsigned char *YYCURSOR = (const unsigned char *)ls->text + ls->cur;
    const unsigned char *const YYLIMIT = (const unsigned char *)ls->text + ls->len;
    const unsigned char *YYMARKER = YYCURSOR;
    const unsigned char *tok;
    (void)YYMARKER;
    for (;;) {
        tok = YYCURSOR;
        /*!re2c
            re2c:define:YYCTYPE = "unsigned char";
            re2c:yyfill:enable = 0;
            re2c:eof = 0;

            ["] { ls->cur = (size_t)(YYCURSOR - (const unsigned char *)ls->text); return true; }
            "\\" ["\\nt] { continue; }
            "\\" [^"\\nt\n\x00] {
                diag_error(ls->diag, ls->src, (size_t)(tok - (const unsigned char *)ls->text),
                           (size_t)(YYCURSOR - (const unsigned char *)ls->text), E304,
                           "unknown escape '\\%c' in a string (known: \\\" \\\\ \\n \\t)",
                           tok[1] < 0x80 ? (char)tok[1] : '?');
                continue;
            }
            [\n] { return unterminated(ls, open, tok); }
            $ { return unterminated(ls, open, tok); }
            [^"\\\n\x00]+ { continue; }
            * {
                diag_error(ls->diag, ls->src, (size_t)(tok - (const unsigned char *)ls->text),
                           (size_t)(YYCURSOR - (const unsigned char *)ls->text), E304,
                           "a backslash in a string must be followed by \\\", \\\\, n or t");
                continue;
            }
        */
    }
}

/* Length of the UTF-8 sequence whose lead byte is c (1 when malformed). */
static size_t u8_lead_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static uint64_t number_value(lex_state *ls, size_t s, size_t e)
{
    uint64_t v = 0;
    size_t i;
    for (i = s; i < e; i++) {
        v = v * 10 + (uint64_t)(ls->text[i] - '0');
        if (v > LIM_NUMBER) {
            diag_error(ls->diag, ls->src, s, e, E307, "number too large (limit is %u)", LIM_NUMBER);
            return LIM_NUMBER;
        }
    }
    return v;
}

static int open_nest(lex_state *ls, unsigned *counter, size_t s, size_t e, int tok)
{
    (*counter)++;
    if (ls->braces + ls->parens > LIM_DEPTH) {
        diag_error(ls->diag, ls->src, s, e, E306,
                   "braces and parentheses nested too deeply (limit is %u)", LIM_DEPTH);
        ls->stopped = true;
        return TK_END;
    }
    return tok;
}

/* The next token, with its value and byte range.  Over 100 lines: it is
 * the one re2c scanner of the language, a rule per token kind, and re2c
 * builds one automaton per block; splitting it would split the automaton. */
static int scan(lex_state *ls, PRS_STYPE *val, ast_loc *loc)
{
    const unsigned char *const base = (const unsigned char *)ls->text;
    const unsigned char *YYCURSOR, *YYMARKER, *tok;
    const unsigned char *const YYLIMIT = base + ls->len;
    size_t s, e;
    if (ls->stopped)
        return TK_END;
    YYCURSOR = base + ls->cur;
    YYMARKER = YYCURSOR;
    (void)YYMARKER;
    for (;;) {
        tok = YYCURSOR;
        s = (size_t)(tok - base);
#define DONE(t) do { e = (size_t)(YYCURSOR - base); ls->cur = e; loc->start = s; loc->end = e; return (t); } while (0)
#define SLICE() do { val->str.p = ls->text + s; val->str.n = (size_t)(YYCURSOR - tok); } while (0)
        /*!re2c
            re2c:define:YYCTYPE = "unsigned char";
            re2c:yyfill:enable = 0;
            re2c:eof = 0;

            ident = [A-Za-z_][A-Za-z0-9_]*;
            pathc = [-A-Za-z0-9_.$~\\];
            wordc = [A-Za-z0-9_.-];
            hex = [0-9A-Fa-f];

            $ {
                loc->start = loc->end = ls->len;
                ls->cur = ls->len;
                if (!continues(ls->last))
                    return TK_NL;
                return TK_END;
            }
            [ \t]+ { continue; }
            "#" [^\n\x00]* { continue; }
            "\n" {
                if (continues(ls->last) || next_line_continues(ls, (size_t)(YYCURSOR - base)))
                    continue;
                ls->parens = 0;     /* a statement ends: a ( left open is the parser's error */
                DONE(TK_NL);
            }

            "procedure" { DONE(TK_PROCEDURE); }
            "disk"      { DONE(TK_DISK); }
            "volume"    { DONE(TK_VOLUME); }
            "partition" { DONE(TK_PARTITION); }
            "letter"    { DONE(TK_LETTER); }
            "free"      { DONE(TK_FREE); }
            "from"      { DONE(TK_FROM); }
            "where"     { DONE(TK_WHERE); }
            "guard"     { DONE(TK_GUARD); }
            "else"      { DONE(TK_ELSE); }
            "step"      { DONE(TK_STEP); }
            "require"   { DONE(TK_REQUIRE); }
            "ensure"    { DONE(TK_ENSURE); }
            "for"       { DONE(TK_FOR); }
            "each"      { DONE(TK_EACH); }
            "and"       { DONE(TK_AND); }
            "or"        { DONE(TK_OR); }
            "not"       { DONE(TK_NOT); }
            "count"     { DONE(TK_COUNT); }
            "holds"     { DONE(TK_HOLDS); }
            "when"      { DONE(TK_WHEN); }
            "on"        { DONE(TK_ON); }
            "select"    { DONE(TK_SELECT); }
            "break"     { DONE(TK_BREAK); }
            "delete"    { DONE(TK_DELETE); }
            "clean"     { DONE(TK_CLEAN); }
            "convert"   { DONE(TK_CONVERT); }
            "create"    { DONE(TK_CREATE); }
            "format"    { DONE(TK_FORMAT); }
            "assign"    { DONE(TK_ASSIGN); }
            "remove"    { DONE(TK_REMOVE); }
            "add"       { DONE(TK_ADD); }
            "list"      { DONE(TK_LIST); }
            "robocopy"  { DONE(TK_ROBOCOPY); }
            "bcdedit"   { DONE(TK_BCDEDIT); }
            "/export"   { SLICE(); DONE(TK_EXPORT); }
            "/store"    { SLICE(); DONE(TK_STORE); }
            "/set"      { SLICE(); DONE(TK_SET); }

            "{" {
                if (open_nest(ls, &ls->braces, s, (size_t)(YYCURSOR - base), TK_LBRACE) == TK_END) {
                    loc->start = s;
                    loc->end = ls->cur = (size_t)(YYCURSOR - base);
                    return TK_END;
                }
                DONE(TK_LBRACE);
            }
            "}" {
                if (ls->last != TK_NL && ls->last != TK_LBRACE) {
                    /* end the statement before the brace; scan the brace again */
                    ls->cur = s;
                    loc->start = loc->end = s;
                    return TK_NL;
                }
                if (ls->braces > 0)
                    ls->braces--;
                DONE(TK_RBRACE);
            }
            "(" {
                if (open_nest(ls, &ls->parens, s, (size_t)(YYCURSOR - base), TK_LPAREN) == TK_END) {
                    loc->start = s;
                    loc->end = ls->cur = (size_t)(YYCURSOR - base);
                    return TK_END;
                }
                DONE(TK_LPAREN);
            }
            ")" { if (ls->parens > 0) ls->parens--; DONE(TK_RPAREN); }
            "." { DONE(TK_DOT); }
            "=" { DONE(TK_EQ); }
            "!=" { DONE(TK_NE); }
            "<" { DONE(TK_LT); }
            "<=" { DONE(TK_LE); }
            ">" { DONE(TK_GT); }
            ">=" { DONE(TK_GE); }

            ["] {
                bool closed;
                ls->cur = (size_t)(YYCURSOR - base);
                closed = scan_string(ls, s);
                e = ls->cur;
                val->str.p = ls->text + s + 1;
                val->str.n = e - (s + 1) - (closed ? 1 : 0);
                loc->start = s;
                loc->end = e;
                return TK_STRING;
            }

            [0-9]+ { val->num = number_value(ls, s, (size_t)(YYCURSOR - base)); DONE(TK_NUMBER); }

            ident ":" ("\\" pathc*)? { SLICE(); DONE(TK_DRIVE); }

            "/" [A-Za-z][A-Za-z0-9]* (":" [A-Za-z0-9]+)? { SLICE(); DONE(TK_SWITCH); }

            wordc* [*?] [A-Za-z0-9_.*?-]* { SLICE(); DONE(TK_GLOB); }

            "{" ("bootmgr" | "default" | "current" | "fwbootmgr" | "memdiag" | "ntldr") "}"
                { SLICE(); DONE(TK_BCDID); }
            "{" hex{8} "-" hex{4} "-" hex{4} "-" hex{4} "-" hex{12} "}" { SLICE(); DONE(TK_BCDID); }

            ident {
                size_t n = (size_t)(YYCURSOR - tok);
                if (n > LIM_IDENT_BYTES)
                    diag_error(ls->diag, ls->src, s, s + n, E305,
                               "identifier too long: %lu bytes (limit is %u)", (unsigned long)n,
                               LIM_IDENT_BYTES);
                SLICE();
                DONE(TK_IDENT);
            }

            [\xc2-\xf4] {
                size_t n = u8_lead_len(*tok);
                if (n > (size_t)(YYLIMIT - tok))
                    n = (size_t)(YYLIMIT - tok);
                diag_error(ls->diag, ls->src, s, s + n, E302,
                           "unexpected character '%.*s' (names and keywords are ASCII; "
                           "other text belongs in a \"string\" or a # comment)",
                           (int)n, (const char *)tok);
                YYCURSOR = tok + n;
                ls->cur = (size_t)(YYCURSOR - base);
                continue;
            }
            * {
                unsigned char c = *tok;
                if (c >= 0x21 && c < 0x7F)
                    diag_error(ls->diag, ls->src, s, s + 1, E302, "unexpected character '%c'", (char)c);
                else
                    diag_error(ls->diag, ls->src, s, s + 1, E302, "unexpected byte 0x%02X", c);
                continue;
            }
        */
#undef DONE
#undef SLICE
    }
}

int lex_next(lex_state *ls, PRS_STYPE *val, ast_loc *loc)
{
    int t = scan(ls, val, loc);
    ls->last = t;
    return t;
}

char *lex_unescape(arena *a, const char *p, size_t n, size_t *out_len)
{
    char *out = arena_alloc(a, n + 1);
    size_t i, k = 0;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\' && i + 1 < n) {
            char d = p[i + 1];
            if (d == '"' || d == '\\') {
                c = d;
                i++;
            } else if (d == 'n') {
                c = '\n';
                i++;
            } else if (d == 't') {
                c = '\t';
                i++;
            }
        }
        out[k++] = c;
    }
    out[k] = '\0';
    *out_len = k;
    return out;
}
