/* parser.y - the .mrb grammar (GNU bison): tokens to an ast_file.
 *
 * Design.  A pure parser (api.pure full) with one context parameter, the
 * fe_parser of grammar/lang/parse.h.  Locations are byte ranges (ast_loc),
 * turned into lines and columns only when a diagnostic is printed.  Actions
 * build nodes and nothing else: every meaning (names, kinds, units, which
 * DiskPart command a word names) is the checker's, where every node has its
 * location.  Syntax errors use bison's detailed messages, whose token names
 * are the user's words thanks to the string aliases below (`unexpected
 * identifier, expecting "="`), and LAC so that the expected tokens listed
 * are really acceptable.  Recovery: a statement or declaration that does not
 * parse is skipped up to the end of its line (`error NL`), and parsing
 * resumes there, so one run reports every syntax error.  A step or loop
 * whose header does not parse resumes at its `{`, so that its body is
 * still read as statements.
 *
 * The grammar is SPEC.md's EBNF; the rule names below are the same.
 */
%require "3.8"
%define api.pure full
%define api.prefix {prs_}
%define api.location.type {ast_loc}
%define parse.error detailed
%define parse.lac full
%locations
%expect 0
%parse-param {fe_parser *p}
%lex-param {fe_parser *p}

%code requires {
#include <stdint.h>

#include "lang/ast.h"
#include "lang/parse.h"
}

%code provides {
int lex_next(lex_state *ls, PRS_STYPE *val, ast_loc *loc);
}

%code {
#include <string.h>

#include "base/diag.h"

/* Locations: the span from the first to the last symbol of a rule; an
 * empty rule sits at the end of what precedes it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                         \
    do {                                                                    \
        if (N) {                                                            \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                           \
            (Cur).end = YYRHSLOC(Rhs, N).end;                               \
        } else {                                                            \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                 \
        }                                                                   \
    } while (0)

static int prs_lex(PRS_STYPE *val, ast_loc *loc, fe_parser *p)
{
    return lex_next(&p->lex, val, loc);
}

static void prs_error(ast_loc *loc, fe_parser *p, const char *msg)
{
    static const char prefix[] = "syntax error, ";
    if (p->nomem || p->lex.stopped)
        return;     /* already reported */
    if (strncmp(msg, prefix, sizeof prefix - 1) == 0)
        msg += sizeof prefix - 1;
    diag_error(p->diag, p->src, loc->start, loc->end, E301, "%s", msg);
}

/* A new node, or out of the action with "memory exhausted". */
#define NODE(var, kind, loc)                        \
    do {                                            \
        if (!((var) = ast_new(p->arena, (kind), (loc)))) { \
            p->nomem = true;                        \
            YYNOMEM;                                \
        }                                           \
    } while (0)
}

%union {
    ast_str str;
    uint64_t num;
    ast_node *node;
    ast_list list;
    enum ast_obj obj;
    enum ast_cmp op;
}

%token TK_END 0 "end of file"
%token TK_NL "end of line"
%token <str> TK_IDENT "identifier"
%token <num> TK_NUMBER "number"
%token <str> TK_STRING "string"
%token <str> TK_DRIVE "drive path"
%token <str> TK_SWITCH "switch"
%token <str> TK_GLOB "file pattern"
%token <str> TK_BCDID "BCD identifier"
%token TK_PROCEDURE "'procedure'"
%token TK_DISK "'disk'"
%token TK_VOLUME "'volume'"
%token TK_PARTITION "'partition'"
%token TK_LETTER "'letter'"
%token TK_FREE "'free'"
%token TK_FROM "'from'"
%token TK_WHERE "'where'"
%token TK_GUARD "'guard'"
%token TK_ELSE "'else'"
%token TK_STEP "'step'"
%token TK_REQUIRE "'require'"
%token TK_ENSURE "'ensure'"
%token TK_FOR "'for'"
%token TK_EACH "'each'"
%token TK_AND "'and'"
%token TK_OR "'or'"
%token TK_NOT "'not'"
%token TK_COUNT "'count'"
%token TK_HOLDS "'holds'"
%token TK_WHEN "'when'"
%token TK_ON "'on'"
%token TK_SELECT "'select'"
%token TK_BREAK "'break'"
%token TK_DELETE "'delete'"
%token TK_CLEAN "'clean'"
%token TK_CONVERT "'convert'"
%token TK_CREATE "'create'"
%token TK_FORMAT "'format'"
%token TK_ASSIGN "'assign'"
%token TK_REMOVE "'remove'"
%token TK_ADD "'add'"
%token TK_LIST "'list'"
%token TK_ROBOCOPY "'robocopy'"
%token TK_BCDEDIT "'bcdedit'"
%token <str> TK_EXPORT "'/export'"
%token <str> TK_STORE "'/store'"
%token <str> TK_SET "'/set'"
%token TK_LBRACE "'{'"
%token TK_RBRACE "'}'"
%token TK_LPAREN "'('"
%token TK_RPAREN "')'"
%token TK_DOT "'.'"
%token TK_EQ "'='"
%token TK_NE "'!='"
%token TK_LT "'<'"
%token TK_LE "'<='"
%token TK_GT "'>'"
%token TK_GE "'>='"

/* `size = 350 MB`: a number followed by an identifier is a size, not a
 * number followed by the next option (the identifier is shifted). */
%precedence NUMBER_ALONE
%precedence TK_IDENT

%type <node> item decl selector step stmt command for_each ref word opt value
%type <node> robo_arg cond or_expr and_expr not_expr cmp operand name_ref string drive
%type <list> items stmts opts robo_args
%type <obj> obj_kw
%type <op> relop
%type <str> attr_word

%%

/* file = title { item } */
file
    : title items           { p->file->items = $2.head; }
    ;

/* title = "procedure" STRING NL */
title
    : TK_PROCEDURE string TK_NL  { p->file->title = $2; }
    | error TK_NL               { yyerrok; }
    ;

items
    : %empty                { $$.head = $$.tail = NULL; }
    | items item            { $$ = $1; ast_append(&$$, $2); }
    ;

/* item = decl NL | guard NL | step NL */
item
    : decl TK_NL                            { $$ = $1; }
    | TK_GUARD cond TK_ELSE string TK_NL      {
        NODE($$, AST_GUARD, @$);
        $$->u.guard.cond = $2;
        $$->u.guard.msg = $4;
    }
    | step TK_NL                            { $$ = $1; }
    | error TK_NL                           { $$ = NULL; yyerrok; }
    ;

/* decl = obj_kw IDENT "=" selector
 *      | "letter" IDENT "=" "free" "letter" [ "from" IDENT ] */
decl
    : obj_kw TK_IDENT TK_EQ selector {
        NODE($$, AST_SEL_DECL, @$);
        $$->u.decl.obj = $1;
        $$->u.decl.name = $2;
        $$->u.decl.name_loc = @2;
        $$->u.decl.sel = $4;
    }
    | TK_LETTER TK_IDENT TK_EQ TK_FREE TK_LETTER {
        NODE($$, AST_LETTER_DECL, @$);
        $$->u.letter.name = $2;
        $$->u.letter.name_loc = @2;
    }
    | TK_LETTER TK_IDENT TK_EQ TK_FREE TK_LETTER TK_FROM name_ref {
        NODE($$, AST_LETTER_DECL, @$);
        $$->u.letter.name = $2;
        $$->u.letter.name_loc = @2;
        $$->u.letter.from = $7;
    }
    ;

obj_kw
    : TK_DISK                { $$ = OBJ_DISK; }
    | TK_VOLUME              { $$ = OBJ_VOLUME; }
    | TK_PARTITION           { $$ = OBJ_PARTITION; }
    ;

/* selector = obj_kw "where" cond | "volume" IDENT */
selector
    : obj_kw TK_WHERE cond {
        NODE($$, AST_SELECTOR, @$);
        $$->u.sel.obj = $1;
        $$->u.sel.cond = $3;
    }
    | TK_VOLUME name_ref {
        NODE($$, AST_SELECTOR, @$);
        $$->u.sel.obj = OBJ_VOLUME;
        $$->u.sel.letter = $2;
    }
    ;

/* step = "step" STRING [ "when" cond ] "{" { stmt NL } "}" */
step
    : TK_STEP string TK_LBRACE stmts TK_RBRACE {
        NODE($$, AST_STEP, @$);
        $$->u.step.name = $2;
        $$->u.step.body = $4.head;
    }
    | TK_STEP string TK_WHEN cond TK_LBRACE stmts TK_RBRACE {
        NODE($$, AST_STEP, @$);
        $$->u.step.name = $2;
        $$->u.step.when = $4;
        $$->u.step.body = $6.head;
    }
    | TK_STEP error TK_LBRACE stmts TK_RBRACE { $$ = NULL; }
    ;

stmts
    : %empty                { $$.head = $$.tail = NULL; }
    | stmts stmt TK_NL      { $$ = $1; ast_append(&$$, $2); }
    | stmts error TK_NL     { $$ = $1; yyerrok; }
    ;

/* stmt = "require" cond [ "else" STRING ] | "ensure" cond | for_each | command */
stmt
    : TK_REQUIRE cond {
        NODE($$, AST_REQUIRE, @$);
        $$->u.guard.cond = $2;
    }
    | TK_REQUIRE cond TK_ELSE string {
        NODE($$, AST_REQUIRE, @$);
        $$->u.guard.cond = $2;
        $$->u.guard.msg = $4;
    }
    | TK_ENSURE cond {
        NODE($$, AST_ENSURE, @$);
        $$->u.guard.cond = $2;
    }
    | for_each              { $$ = $1; }
    | command               { $$ = $1; }
    ;

/* for_each = "for" "each" obj_kw IDENT "where" cond "{" { stmt NL } "}" */
for_each
    : TK_FOR TK_EACH obj_kw TK_IDENT TK_WHERE cond TK_LBRACE stmts TK_RBRACE {
        NODE($$, AST_FOR_EACH, @$);
        $$->u.each.obj = $3;
        $$->u.each.var = $4;
        $$->u.each.var_loc = @4;
        $$->u.each.cond = $6;
        $$->u.each.body = $8.head;
    }
    | TK_FOR error TK_LBRACE stmts TK_RBRACE { $$ = NULL; }
    ;

/* command: DiskPart's words; a ref where DiskPart takes a number. */
command
    : TK_SELECT TK_DISK ref           { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_SELECT_DISK; $$->u.dp.target = $3; }
    | TK_SELECT TK_VOLUME ref         { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_SELECT_VOLUME; $$->u.dp.target = $3; }
    | TK_SELECT TK_PARTITION ref      { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_SELECT_PARTITION; $$->u.dp.target = $3; }
    | TK_BREAK TK_DISK ref opts       { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_BREAK_DISK; $$->u.dp.target = $3; $$->u.dp.opts = $4.head; }
    | TK_DELETE TK_DISK opts          { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_DELETE_DISK; $$->u.dp.opts = $3.head; }
    | TK_DELETE TK_PARTITION opts     { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_DELETE_PARTITION; $$->u.dp.opts = $3.head; }
    | TK_CLEAN opts                  { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_CLEAN; $$->u.dp.opts = $2.head; }
    | TK_CONVERT word                { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_CONVERT; $$->u.dp.word = $2; }
    | TK_CREATE TK_PARTITION word opts { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_CREATE_PARTITION; $$->u.dp.word = $3; $$->u.dp.opts = $4.head; }
    | TK_FORMAT opts                 { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_FORMAT; $$->u.dp.opts = $2.head; }
    | TK_ASSIGN opts                 { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_ASSIGN; $$->u.dp.opts = $2.head; }
    | TK_REMOVE opts                 { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_REMOVE; $$->u.dp.opts = $2.head; }
    | TK_ADD TK_DISK ref opts         { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_ADD_DISK; $$->u.dp.target = $3; $$->u.dp.opts = $4.head; }
    | TK_LIST TK_DISK                 { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_LIST_DISK; }
    | TK_LIST TK_VOLUME               { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_LIST_VOLUME; }
    | TK_LIST TK_PARTITION            { NODE($$, AST_DISKPART, @$); $$->u.dp.cmd = AST_CMD_LIST_PARTITION; }
    | TK_ROBOCOPY drive drive robo_args {
        NODE($$, AST_ROBOCOPY, @$);
        $$->u.robo.src = $2;
        $$->u.robo.dst = $3;
        $$->u.robo.args = $4.head;
    }
    | TK_BCDEDIT TK_EXPORT drive {
        NODE($$, AST_BCDEDIT, @$);
        $$->u.bcd.form = BCD_EXPORT;
        $$->u.bcd.file = $3;
    }
    | TK_BCDEDIT TK_STORE drive TK_SET TK_BCDID word TK_PARTITION TK_EQ drive {
        NODE($$, AST_BCDEDIT, @$);
        $$->u.bcd.form = BCD_STORE_SET;
        $$->u.bcd.file = $3;
        NODE($$->u.bcd.id, AST_BCDID, @5);
        $$->u.bcd.id->u.word.text = $5;
        $$->u.bcd.elem = $6;
        $$->u.bcd.value = $9;
    }
    ;

/* ref = IDENT | NUMBER (numbers are refused by the checker, but for partitions) */
ref
    : name_ref              { $$ = $1; }
    | TK_NUMBER             { NODE($$, AST_NUMBER, @$); $$->u.number.value = $1; }
    ;

word
    : TK_IDENT              { NODE($$, AST_NAME, @$); $$->u.name.name = $1; }
    ;

opts
    : %empty                { $$.head = $$.tail = NULL; }
    | opts opt              { $$ = $1; ast_append(&$$, $2); }
    ;

/* opt = IDENT [ "=" value ] | "letter" "=" value */
opt
    : TK_IDENT              { NODE($$, AST_OPTION, @$); $$->u.opt.name = $1; }
    | TK_IDENT TK_EQ value    { NODE($$, AST_OPTION, @$); $$->u.opt.name = $1; $$->u.opt.value = $3; }
    | TK_LETTER TK_EQ value {
        static const char letter_word[] = "letter";
        NODE($$, AST_OPTION, @$);
        $$->u.opt.name.p = letter_word;
        $$->u.opt.name.n = sizeof letter_word - 1;
        $$->u.opt.value = $3;
    }
    ;

/* value = IDENT | STRING | NUMBER [ IDENT ] */
value
    : TK_IDENT              { NODE($$, AST_NAME, @$); $$->u.name.name = $1; }
    | string                { $$ = $1; }
    | TK_NUMBER %prec NUMBER_ALONE { NODE($$, AST_NUMBER, @$); $$->u.number.value = $1; }
    | TK_NUMBER TK_IDENT {
        NODE($$, AST_SIZE, @$);
        $$->u.size.value = $1;
        $$->u.size.unit = $2;
        $$->u.size.unit_loc = @2;
    }
    ;

robo_args
    : %empty                { $$.head = $$.tail = NULL; }
    | robo_args robo_arg    { $$ = $1; ast_append(&$$, $2); }
    ;

robo_arg
    : TK_SWITCH             { NODE($$, AST_SWITCH, @$); $$->u.word.text = $1; }
    | TK_GLOB               { NODE($$, AST_GLOB, @$); $$->u.word.text = $1; }
    | string                { $$ = $1; }
    | TK_IDENT              { NODE($$, AST_NAME, @$); $$->u.name.name = $1; }
    ;

drive
    : TK_DRIVE {
        const char *colon = memchr($1.p, ':', $1.n);
        NODE($$, AST_DRIVE, @$);
        $$->u.drive.var.p = $1.p;
        $$->u.drive.var.n = (size_t)(colon - $1.p);
        $$->u.drive.path.p = colon + 1;
        $$->u.drive.path.n = $1.n - $$->u.drive.var.n - 1;
    }
    ;

string
    : TK_STRING {
        char *text;
        size_t len = 0;
        NODE($$, AST_STRING, @$);
        if (!(text = lex_unescape(p->arena, $1.p, $1.n, &len))) {
            p->nomem = true;
            YYNOMEM;
        }
        $$->u.string.text = text;
        $$->u.string.len = len;
    }
    ;

/* cond = and_expr { "or" and_expr }
 * and_expr = not_expr { "and" not_expr }
 * not_expr = [ "not" ] cmp
 * cmp = operand [ relop operand ] | [ operand ] "holds" operand | "on" operand */
cond
    : or_expr               { $$ = $1; }
    ;

or_expr
    : and_expr              { $$ = $1; }
    | or_expr TK_OR and_expr {
        if ($1->kind == AST_OR && $1->u.logic.last) {
            $$ = $1;
        } else {
            NODE($$, AST_OR, @1);
            $$->u.logic.operands = $$->u.logic.last = $1;
        }
        $$->u.logic.last->next = $3;
        $$->u.logic.last = $3;
        $$->loc.end = @3.end;
    }
    ;

and_expr
    : not_expr              { $$ = $1; }
    | and_expr TK_AND not_expr {
        if ($1->kind == AST_AND && $1->u.logic.last) {
            $$ = $1;
        } else {
            NODE($$, AST_AND, @1);
            $$->u.logic.operands = $$->u.logic.last = $1;
        }
        $$->u.logic.last->next = $3;
        $$->u.logic.last = $3;
        $$->loc.end = @3.end;
    }
    ;

not_expr
    : cmp                   { $$ = $1; }
    | TK_NOT cmp             { NODE($$, AST_NOT, @$); $$->u.not_.operand = $2; }
    ;

cmp
    : operand               { $$ = $1; }
    | operand relop operand {
        NODE($$, AST_CMP, @$);
        $$->u.cmp.op = $2;
        $$->u.cmp.op_loc = @2;
        $$->u.cmp.lhs = $1;
        $$->u.cmp.rhs = $3;
    }
    | operand TK_HOLDS operand {
        NODE($$, AST_HOLDS, @$);
        $$->u.holds.disk = $1;
        $$->u.holds.vol = $3;
    }
    | TK_HOLDS operand      { NODE($$, AST_HOLDS, @$); $$->u.holds.vol = $2; }
    | TK_ON operand         { NODE($$, AST_HOLDS, @$); $$->u.holds.disk = $2; }
    ;

relop
    : TK_EQ                   { $$ = CMP_EQ; }
    | TK_NE                  { $$ = CMP_NE; }
    | TK_LT                   { $$ = CMP_LT; }
    | TK_LE                  { $$ = CMP_LE; }
    | TK_GT                   { $$ = CMP_GT; }
    | TK_GE                  { $$ = CMP_GE; }
    ;

/* operand = name | name "." attr | NUMBER [ IDENT ] | STRING
 *         | "count" "(" selector ")" | "(" cond ")" */
operand
    : name_ref              { $$ = $1; }
    | name_ref TK_DOT attr_word {
        NODE($$, AST_MEMBER, @$);
        $$->u.member.object = $1;
        $$->u.member.attr = $3;
        $$->u.member.attr_loc = @3;
    }
    | TK_NUMBER             { NODE($$, AST_NUMBER, @$); $$->u.number.value = $1; }
    | TK_NUMBER TK_IDENT {
        NODE($$, AST_SIZE, @$);
        $$->u.size.value = $1;
        $$->u.size.unit = $2;
        $$->u.size.unit_loc = @2;
    }
    | string                { $$ = $1; }
    | TK_COUNT TK_LPAREN selector TK_RPAREN { NODE($$, AST_COUNT, @$); $$->u.count.sel = $3; }
    | TK_LPAREN cond TK_RPAREN          { $$ = $2; }
    ;

/* Attribute names that are also keywords read as names here. */
name_ref
    : attr_word             { NODE($$, AST_NAME, @$); $$->u.name.name = $1; }
    ;

attr_word
    : TK_IDENT              { $$ = $1; }
    | TK_DISK                { $$.p = p->lex.text + @1.start; $$.n = @1.end - @1.start; }
    | TK_LETTER              { $$.p = p->lex.text + @1.start; $$.n = @1.end - @1.start; }
    | TK_FREE                { $$.p = p->lex.text + @1.start; $$.n = @1.end - @1.start; }
    ;

%%

enum fe_status fe_parse(arena *a, const diag_src *src, diag_sink *d, ast_file *out)
{
    fe_parser p;
    unsigned before = d->errors;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    lex_init(&p.lex, src, d);
    p.arena = a;
    p.file = out;
    p.diag = d;
    p.src = src;
    rc = prs_parse(&p);
    if (p.nomem || a->failed || rc == 2)
        return FE_NOMEM;
    return d->errors != before || rc != 0 ? FE_ERRORS : FE_OK;
}
