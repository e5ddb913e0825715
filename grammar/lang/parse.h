/* parse.h - the .mrb lexer and parser: lexer state, parser context, entry point.
 *
 * grammar/lang/lexer.re turns decoded source text into tokens (lex_*), and
 * grammar/lang/parser.y turns tokens into an ast_file (grammar/lang/ast.h), reporting
 * syntax errors through the sink and recovering at the next statement, so
 * that one run reports every syntax error.  fe_parse runs both; the checker
 * is the compiler's (compiler/check/frontend.h runs parse and check).
 *
 * The token codes (TK_*) and the lexer's value type come from the bison
 * header "parser.tab.h", which also declares lex_next.
 *
 * Ownership: the lexer allocates nothing (tokens are slices of the text);
 * the parser allocates nodes in the caller's arena.  The text and the
 * diag_src must outlive the tree.
 */
#ifndef MRB_PARSE_H
#define MRB_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "lang/ast.h"
#include "base/diag.h"

typedef struct lex_state {
    const char *text;       /* the decoded source; text[len] must be '\0' */
    size_t len;
    size_t cur;             /* offset of the next byte to scan */
    const diag_src *src;    /* for diagnostics */
    diag_sink *diag;
    unsigned braces, parens;    /* open { and ( */
    int last;               /* the last token returned; 0 before the first */
    bool stopped;           /* a fatal limit was hit: only end of file follows */
} lex_state;

/* Start lexing src (src->text[src->len] must be '\0'). */
void lex_init(lex_state *ls, const diag_src *src, diag_sink *d);

/* Undo the escapes of a string token's contents (valid escapes only; the
 * lexer has reported the others) into a NUL-terminated copy in a. */
char *lex_unescape(arena *a, const char *p, size_t n, size_t *out_len);

typedef struct fe_parser {
    lex_state lex;
    arena *arena;
    ast_file *file;
    diag_sink *diag;
    const diag_src *src;
    bool nomem;             /* an allocation failed: the tree is incomplete */
} fe_parser;

enum fe_status {
    FE_OK,                  /* no diagnostic */
    FE_ERRORS,              /* diagnostics were reported */
    FE_NOMEM                /* out of memory: nothing can be trusted */
};

/* Parse src into *out, nodes in a. */
enum fe_status fe_parse(arena *a, const diag_src *src, diag_sink *d, ast_file *out);

#endif
