/* test_diag.c - the diagnostic sink: severities, kept records, JSON and SARIF, the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

/* ---- a small JSON reader: is the text one valid JSON value? ---------- */

static const char *js_value(const char *p, int depth);

static const char *js_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

static const char *js_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                int i;
                for (i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
                return NULL;
            }
        }
        p++;
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *js_number(const char *p)
{
    const char *s = p;
    if (*p == '-')
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > s ? p : NULL;
}

static const char *js_list(const char *p, char close, bool members, int depth)
{
    p = js_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (members) {
            if (!(p = js_string(js_ws(p))))
                return NULL;
            p = js_ws(p);
            if (*p++ != ':')
                return NULL;
        }
        if (!(p = js_value(p, depth + 1)))
            return NULL;
        p = js_ws(p);
        if (*p == close)
            return p + 1;
        if (*p++ != ',')
            return NULL;
    }
}

static const char *js_value(const char *p, int depth)
{
    p = js_ws(p);
    if (depth > 64)
        return NULL;
    switch (*p) {
    case '{': return js_list(p, '}', true, depth);
    case '[': return js_list(p, ']', false, depth);
    case '"': return js_string(p);
    case 't': return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f': return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n': return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default: return js_number(p);
    }
}

static bool json_valid(const char *text)
{
    const char *end = js_value(text, 0);
    return end && *js_ws(end) == '\0';
}

/* ---- tests --------------------------------------------------------- */

static const char source[] = "procedure \"p\"\nstep \"s\" {\n    clean\n}\n";

static void report_some(diag_sink *d, const diag_src *src)
{
    diag_error(d, src, 29, 34, E423, "'clean' needs a disk with \"focus\"");
    diag_note(d, src, 14, 18, "the step starts here");
    diag_warning(d, src, 19, 22, W401, "this step destroys data");
    diag_error(d, NULL, 0, 0, E001, "x.mrb: cannot read");
}

static void test_text_unchanged_by_keeping(void **state)
{
    diag_src src = {"a b.mrb", source, sizeof source - 1};
    diag_sink plain, kept;
    diag_list l;
    diag_init(&plain);
    diag_init(&kept);
    diag_list_init(&l);
    kept.keep = &l;
    report_some(&plain, &src);
    report_some(&kept, &src);
    assert_string_equal(buf_cstr(&plain.out), buf_cstr(&kept.out));
    assert_non_null(strstr(buf_cstr(&plain.out),
                           "a b.mrb:3:5: error: 'clean' needs a disk with \"focus\" [E423]\n     clean\n     ^~~~~\n"));
    assert_non_null(strstr(buf_cstr(&plain.out), "a b.mrb:2:6: warning: this step destroys data [W401]\n"));
    assert_int_equal(plain.errors, 2);
    assert_int_equal(plain.warnings, 1);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.items[0].line, 3);
    assert_int_equal(l.items[0].column, 5);
    assert_int_equal(l.items[0].end_line, 3);
    assert_int_equal(l.items[0].end_column, 10);
    assert_int_equal(l.items[1].code, -1);
    assert_int_equal(l.items[2].severity, DIAG_SEV_WARNING);
    assert_null(l.items[3].file);
    diag_list_free(&l);
    diag_free(&plain);
    diag_free(&kept);
}

static void test_werror(void **state)
{
    diag_src src = {"a.mrb", source, sizeof source - 1};
    diag_sink d;
    diag_init(&d);
    d.werror = true;
    diag_warning(&d, &src, 19, 22, W401, "risky");
    assert_string_equal(buf_cstr(&d.out), "a.mrb:2:6: error: risky [W401]\n step \"s\" {\n      ^~~\n");
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 0);
    diag_free(&d);
}

static void test_json_lines(void **state)
{
    diag_src src = {"a.mrb", source, sizeof source - 1};
    diag_sink d;
    char *line, *next;
    unsigned n = 0;
    diag_init(&d);
    d.format = DIAG_JSON;
    report_some(&d, &src);
    for (line = d.out.data; line && *line; line = next) {
        next = strchr(line, '\n');
        assert_non_null(next);
        *next++ = '\0';
        if (!json_valid(line))
            fail_msg("not JSON: %s", line);
        n++;
    }
    assert_int_equal(n, 4);
    assert_non_null(strstr(d.out.data, "\"line\":3,\"column\":5,\"end_line\":3,\"end_column\":10,\"severity\":\"error\",\"code\":\"E423\""));
    diag_free(&d);
}

static void test_sarif(void **state)
{
    diag_src src = {"dir\\a b.mrb", source, sizeof source - 1};
    diag_sink d;
    diag_list l;
    buf out;
    const char *s;
    char want[64];
    int c;
    diag_init(&d);
    diag_list_init(&l);
    buf_init(&out);
    d.keep = &l;
    d.file = "x.mrb";
    report_some(&d, &src);
    diag_sarif(&out, &l, "1.2.3", "https://example.org/mrb");
    s = buf_cstr(&out);
    if (!json_valid(s))
        fail_msg("not JSON:\n%s", s);
    assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
    assert_non_null(strstr(s, "\"name\": \"mrb\""));
    assert_non_null(strstr(s, "\"version\": \"1.2.3\""));
    assert_non_null(strstr(s, "\"informationUri\": \"https://example.org/mrb\""));
    /* each rule: short and full description, and explain's text as help */
    assert_non_null(strstr(s, "{\"id\": \"W401\", \"name\": \"destructive-step-without-ensure\", "
                              "\"shortDescription\": {\"text\": \"a step that destroys data has no 'ensure', so "
                              "resuming cannot tell whether it ran\"}, \"fullDescription\": {\"text\": \"a step "
                              "that destroys data has no 'ensure', so resuming cannot tell whether it ran. A "
                              "warning: reported, but the file is refused only under --werror.\"}, \"help\": "
                              "{\"text\": \"W401 destructive-step-without-ensure (warning)\\n  a step"));
    assert_non_null(strstr(s, "\"help\": {\"text\": \"E707 journal-other-listing (error)\\n  the journal was "
                              "written for another starting listing (another server).\\n\\n  `--resume` "
                              "with a journal that started from another listing (another\\n  server).\\n\"}"));
    for (c = 0; c < DIAG_COUNT; c++) {
        snprintf(want, sizeof want, "{\"id\": \"%s\"", diag_code_str((enum diag_code)c));
        assert_non_null(strstr(s, want));
    }
    assert_non_null(strstr(s, "{\"ruleId\": \"E423\", \"ruleIndex\": "));
    assert_non_null(strstr(s, "\"level\": \"warning\", \"message\": {\"text\": \"this step destroys data\"}"));
    assert_non_null(strstr(s, "\"text\": \"'clean' needs a disk with \\\"focus\\\"\""));
    assert_non_null(strstr(s, "\"artifactLocation\": {\"uri\": \"dir/a%20b.mrb\"}, \"region\": {\"startLine\": 3, "
                              "\"startColumn\": 5, \"endLine\": 3, \"endColumn\": 10}"));
    assert_non_null(strstr(s, "\"relatedLocations\": [{\"id\": 1, "));
    assert_non_null(strstr(s, "{\"uri\": \"x.mrb\"}}}]"));     /* E001: the file, no region */
    buf_reset(&out);
    diag_list_free(&l);
    diag_sarif(&out, &l, NULL, NULL);
    assert_true(json_valid(buf_cstr(&out)));
    assert_non_null(strstr(buf_cstr(&out), "\"results\": []"));
    buf_free(&out);
    diag_free(&d);
}

static void test_registry(void **state)
{
    assert_int_equal(diag_code_find("E423"), E423);
    assert_int_equal(diag_code_find("w401"), W401);
    assert_int_equal(diag_code_find("E999"), -1);
    assert_int_equal(diag_code_find(""), -1);
    assert_int_equal(diag_code_severity(E401), DIAG_SEV_ERROR);
    assert_int_equal(diag_code_severity(W403), DIAG_SEV_WARNING);
}

/* SPEC.md explains every code of the registry: "**Ennn name**". */
static void test_every_code_in_spec(void **state)
{
    FILE *f = fopen("SPEC.md", "rb");
    buf spec;
    char chunk[4096], want[128];
    size_t n;
    int c;
    assert_non_null(f);
    buf_init(&spec);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&spec, chunk, n);
    fclose(f);
    for (c = 0; c < DIAG_COUNT; c++) {
        const char *code = diag_code_str((enum diag_code)c);
        snprintf(want, sizeof want, "**%s %s**", code, diag_code_name((enum diag_code)c));
        if (!strstr(buf_cstr(&spec), want))
            fail_msg("SPEC.md does not explain %s (want \"%s\")", code, want);
    }
    buf_free(&spec);
}

/* explain's text for every code: the header, the summary, then SPEC.md's
 * explanation (more than the summary); a run error says what to do. */
static void test_explain_every_code(void **state)
{
    buf b;
    int c;
    char head[160];
    (void)state;
    buf_init(&b);
    for (c = 0; c < DIAG_COUNT; c++) {
        enum diag_code dc = (enum diag_code)c;
        const char *t, *para;
        buf_reset(&b);
        diag_code_explain(&b, dc);
        t = buf_cstr(&b);
        snprintf(head, sizeof head, "%s %s (%s)\n  ", diag_code_str(dc), diag_code_name(dc),
                 diag_code_severity(dc) == DIAG_SEV_WARNING ? "warning" : "error");
        assert_memory_equal(t, head, strlen(head));
        para = strstr(t, ".\n\n  ");
        if (!para || strlen(para) < 12)
            fail_msg("explain %s gives no explanation after its summary:\n%s", diag_code_str(dc), t);
        if (strstr(t, "SPEC.md") || strstr(t, "tests/"))
            fail_msg("explain %s points at a file that is not installed:\n%s", diag_code_str(dc), t);
        if (diag_code_str(dc)[1] == '8' && !strstr(para, "\n\n  What to do: "))
            fail_msg("explain %s (a run error) does not say what to do:\n%s", diag_code_str(dc), t);
    }
    buf_free(&b);
}

/* On a terminal: the location bold, the severity in its colour, the caret
 * green; nothing of the kind otherwise. */
static void test_colours(void **state)
{
    diag_sink d;
    diag_src src = {"t.mrb", "select disk 1\n", 14};
    (void)state;
    diag_init(&d);
    d.color = true;
    diag_error(&d, &src, 12, 13, E406, "a disk number");
    assert_string_equal(buf_cstr(&d.out), "\033[1mt.mrb:1:13:\033[0m \033[1;31merror:\033[0m a disk number [E406]\n"
                                          " select disk 1\n"
                                          "             \033[1;32m^\033[0m\n");
    diag_free(&d);
    diag_init(&d);
    diag_error(&d, &src, 12, 13, E406, "a disk number");
    assert_null(strchr(buf_cstr(&d.out), '\033'));
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colours),
        cmocka_unit_test(test_text_unchanged_by_keeping),
        cmocka_unit_test(test_werror),
        cmocka_unit_test(test_json_lines),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_every_code_in_spec),
        cmocka_unit_test(test_explain_every_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
