/* test_lexer.c - the .mrb lexer: tokens, lines, literals, errors and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "check/frontend.h"
#include "base/mrblimits.h"
#include "parser.tab.h"

#define MAXTOK 64

typedef struct lexed {
    int tok[MAXTOK];
    PRS_STYPE val[MAXTOK];
    ast_loc loc[MAXTOK];
    int n;
    diag_sink d;
} lexed;

/* Lex text (of len bytes; text[len] must be NUL) up to the end of file. */
static void lex_all(const char *text, size_t len, lexed *out)
{
    diag_src src = {"t.mrb", text, len};
    lex_state ls;
    memset(out, 0, sizeof *out);
    diag_init(&out->d);
    lex_init(&ls, &src, &out->d);
    for (;;) {
        PRS_STYPE v;
        ast_loc l;
        int t = lex_next(&ls, &v, &l);
        if (out->n < MAXTOK) {
            out->tok[out->n] = t;
            out->val[out->n] = v;
            out->loc[out->n] = l;
            out->n++;
        }
        if (t == TK_END)
            break;
    }
}

static void lex_str(const char *text, lexed *out) { lex_all(text, strlen(text), out); }

static void expect(const lexed *l, const int *want, int n)
{
    int i;
    for (i = 0; i < n && i < l->n; i++)
        if (l->tok[i] != want[i])
            fail_msg("token %d: got %d, want %d", i, l->tok[i], want[i]);
    assert_int_equal(l->n, n);
}

static bool has_code(lexed *l, const char *code)
{
    return strstr(buf_cstr(&l->d.out), code) != NULL;
}

static void test_declaration(void **state)
{
    static const int want[] = {TK_DISK, TK_IDENT, TK_EQ, TK_DISK, TK_WHERE, TK_IDENT, TK_GE,
                               TK_NUMBER, TK_IDENT, TK_NL, TK_END};
    lexed l;
    lex_str("disk a = disk where size >= 350 MB", &l);
    expect(&l, want, 11);
    assert_int_equal(l.val[7].num, 350);
    assert_int_equal(l.val[8].str.n, 2);
    assert_memory_equal(l.val[8].str.p, "MB", 2);
    assert_int_equal(l.loc[1].start, 5);
    assert_int_equal(l.loc[1].end, 6);
    assert_int_equal(l.d.errors, 0);
    diag_free(&l.d);
}

static void test_keywords_are_whole_words(void **state)
{
    static const int want[] = {TK_IDENT, TK_IDENT, TK_STEP, TK_IDENT, TK_NL, TK_END};
    lexed l;
    lex_str("procedures disks step Step", &l);
    expect(&l, want, 6);
    diag_free(&l.d);
}

static void test_operators(void **state)
{
    static const int want[] = {TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_DOT, TK_LPAREN,
                               TK_RPAREN, TK_NL, TK_END};
    lexed l;
    lex_str("= != < <= > >= . ( )", &l);
    expect(&l, want, 11);
    diag_free(&l.d);
}

static void test_blank_lines_and_comments_collapse(void **state)
{
    static const int want[] = {TK_CLEAN, TK_NL, TK_CLEAN, TK_NL, TK_END};
    lexed l;
    lex_str("\n\n# a comment\nclean   # trailing\n\n\n# more\nclean\n\n", &l);
    expect(&l, want, 5);
    diag_free(&l.d);
}

static void test_continuation_lines(void **state)
{
    /* after an operator, and before a line that starts with and/or/else */
    static const int want[] = {TK_GUARD, TK_IDENT, TK_EQ, TK_IDENT, TK_AND, TK_IDENT, TK_OR,
                               TK_IDENT, TK_ELSE, TK_STRING, TK_NL, TK_END};
    lexed l;
    lex_str("guard a =\n    b\n    and c\n\n  # note\n    or d\n    else \"m\"\n", &l);
    expect(&l, want, 12);
    diag_free(&l.d);
}

static void test_newline_before_closing_brace(void **state)
{
    static const int want[] = {TK_STEP, TK_STRING, TK_LBRACE, TK_CLEAN, TK_NL, TK_RBRACE, TK_NL,
                               TK_END};
    lexed l;
    lex_str("step \"s\" { clean }", &l);
    expect(&l, want, 8);
    /* the inserted newline is empty, at the brace */
    assert_int_equal(l.loc[4].start, 17);
    assert_int_equal(l.loc[4].end, 17);
    diag_free(&l.d);
}

static void test_parentheses_do_not_join_lines(void **state)
{
    static const int want[] = {TK_COUNT, TK_LPAREN, TK_DISK, TK_NL, TK_CLEAN, TK_NL, TK_END};
    lexed l;
    lex_str("count(disk\nclean\n", &l);
    expect(&l, want, 7);
    diag_free(&l.d);
}

static void test_cmd_side_tokens(void **state)
{
    static const int want[] = {TK_ROBOCOPY, TK_DRIVE, TK_DRIVE, TK_GLOB, TK_SWITCH, TK_SWITCH,
                               TK_SWITCH, TK_GLOB, TK_SWITCH, TK_STRING, TK_SWITCH, TK_NL, TK_END};
    lexed l;
    lex_str("robocopy src:\\ dst:\\EFI\\Boot * /e /copyall /xf BCD.* /xd \"System Volume Information\" /r:0",
            &l);
    expect(&l, want, 13);
    assert_int_equal(l.val[2].str.n, strlen("dst:\\EFI\\Boot"));
    assert_int_equal(l.val[12 - 2].str.n, 4);
    diag_free(&l.d);
}

static void test_bcdedit_tokens(void **state)
{
    static const int want[] = {TK_BCDEDIT, TK_STORE, TK_DRIVE, TK_SET, TK_BCDID, TK_IDENT,
                               TK_PARTITION, TK_EQ, TK_DRIVE, TK_NL, TK_END};
    lexed l;
    lex_str("bcdedit /store t:\\EFI\\Microsoft\\Boot\\BCD /set {bootmgr} device partition=t:", &l);
    expect(&l, want, 11);
    diag_free(&l.d);
    lex_str("{9dea862c-5cdd-4e70-acc1-f32b344d4795}", &l);
    assert_int_equal(l.tok[0], TK_BCDID);
    diag_free(&l.d);
}

static void test_strings_and_escapes(void **state)
{
    arena a;
    size_t n = 0;
    char *s;
    lexed l;
    lex_str("\"a \\\"b\\\" \\\\ \\n\\t\"", &l);
    assert_int_equal(l.tok[0], TK_STRING);
    assert_int_equal(l.d.errors, 0);
    arena_init(&a);
    s = lex_unescape(&a, l.val[0].str.p, l.val[0].str.n, &n);
    assert_non_null(s);
    assert_string_equal(s, "a \"b\" \\ \n\t");
    assert_int_equal(n, 10);
    arena_free(&a);
    diag_free(&l.d);
}

static void test_string_errors(void **state)
{
    lexed l;
    lex_str("\"bad \\q\"", &l);
    assert_true(has_code(&l, "[E304]"));
    assert_int_equal(l.tok[0], TK_STRING);
    diag_free(&l.d);
    lex_str("\"open\nclean", &l);
    assert_true(has_code(&l, "[E303]"));
    assert_int_equal(l.tok[0], TK_STRING);
    assert_int_equal(l.tok[1], TK_NL);
    assert_int_equal(l.tok[2], TK_CLEAN);
    diag_free(&l.d);
    lex_str("\"open at the end", &l);
    assert_true(has_code(&l, "[E303]"));
    diag_free(&l.d);
}

static void test_unexpected_characters(void **state)
{
    static const int want[] = {TK_CLEAN, TK_CLEAN, TK_NL, TK_END};
    lexed l;
    lex_str("clean @ \xc3\xa9 clean", &l);
    expect(&l, want, 4);
    assert_int_equal(l.d.errors, 2);
    assert_true(has_code(&l, "unexpected character '@'"));
    assert_true(has_code(&l, "unexpected character '\xc3\xa9'"));
    diag_free(&l.d);
}

static void test_stray_nul_is_located(void **state)
{
    /* a NUL before the end is an error, not the end of the input */
    static const char text[] = "clean\0clean";
    static const int want[] = {TK_CLEAN, TK_CLEAN, TK_NL, TK_END};
    lexed l;
    lex_all(text, sizeof text - 1, &l);
    expect(&l, want, 4);
    assert_true(has_code(&l, "unexpected byte 0x00"));
    diag_free(&l.d);
}

static void test_identifier_limit(void **state)
{
    char text[LIM_IDENT_BYTES + 8];
    lexed l;
    memset(text, 'x', LIM_IDENT_BYTES);
    text[LIM_IDENT_BYTES] = '\0';
    lex_str(text, &l);
    assert_int_equal(l.tok[0], TK_IDENT);
    assert_int_equal(l.d.errors, 0);
    diag_free(&l.d);
    text[LIM_IDENT_BYTES] = 'x';
    text[LIM_IDENT_BYTES + 1] = '\0';
    lex_str(text, &l);
    assert_int_equal(l.tok[0], TK_IDENT);
    assert_true(has_code(&l, "identifier too long: 65 bytes (limit is 64) [E305]"));
    diag_free(&l.d);
}

static void test_number_limit(void **state)
{
    lexed l;
    lex_str("999999999", &l);
    assert_int_equal(l.val[0].num, LIM_NUMBER);
    assert_int_equal(l.d.errors, 0);
    diag_free(&l.d);
    lex_str("1000000000", &l);
    assert_true(has_code(&l, "[E307]"));
    diag_free(&l.d);
    lex_str("184467440737095516160000", &l);
    assert_true(has_code(&l, "[E307]"));
    diag_free(&l.d);
}

static void test_nesting_limit(void **state)
{
    char text[2 * LIM_DEPTH + 8];
    lexed l;
    size_t i;
    for (i = 0; i < LIM_DEPTH; i++)
        text[i] = i % 2 ? '(' : '{';
    text[LIM_DEPTH] = '\0';
    lex_str(text, &l);
    assert_int_equal(l.d.errors, 0);
    diag_free(&l.d);
    text[LIM_DEPTH] = '(';
    text[LIM_DEPTH + 1] = '(';
    text[LIM_DEPTH + 2] = '\0';
    lex_str(text, &l);
    assert_int_equal(l.d.errors, 1);
    assert_true(has_code(&l, "(limit is 32) [E306]"));
    /* the lexer stops there: only the end of file follows */
    assert_int_equal(l.tok[l.n - 1], TK_END);
    assert_int_equal(l.n, LIM_DEPTH + 1);
    diag_free(&l.d);
}

static void test_deep_nesting_never_overflows(void **state)
{
    size_t n = 200000, i;
    char *text = util_alloc(n + 1);
    lexed l;
    assert_non_null(text);
    for (i = 0; i < n; i++)
        text[i] = '(';
    text[n] = '\0';
    lex_all(text, n, &l);
    assert_int_equal(l.d.errors, 1);
    diag_free(&l.d);
    util_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declaration),
        cmocka_unit_test(test_keywords_are_whole_words),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_blank_lines_and_comments_collapse),
        cmocka_unit_test(test_continuation_lines),
        cmocka_unit_test(test_newline_before_closing_brace),
        cmocka_unit_test(test_parentheses_do_not_join_lines),
        cmocka_unit_test(test_cmd_side_tokens),
        cmocka_unit_test(test_bcdedit_tokens),
        cmocka_unit_test(test_strings_and_escapes),
        cmocka_unit_test(test_string_errors),
        cmocka_unit_test(test_unexpected_characters),
        cmocka_unit_test(test_stray_nul_is_located),
        cmocka_unit_test(test_identifier_limit),
        cmocka_unit_test(test_number_limit),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_deep_nesting_never_overflows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
