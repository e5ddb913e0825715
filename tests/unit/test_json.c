/* test_json.c - the one JSON string escaper (runtime/base/json.h) and the strict
 * UTF-8 reader it relies on (util_utf8_len). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/json.h"
#include "base/util.h"

/* s[0..n) escaped, compared with want */
static void expect(const char *s, size_t n, const char *want)
{
    buf b;
    buf_init(&b);
    json_string_n(&b, s, n);
    assert_false(b.failed);
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}
#define EXPECT(lit, want) expect(lit, sizeof lit - 1, want)

static void test_plain_and_escapes(void **state)
{
    (void)state;
    EXPECT("", "\"\"");
    EXPECT("C: Windows", "\"C: Windows\"");
    EXPECT("a\"b\\c", "\"a\\\"b\\\\c\"");
    EXPECT("l1\nl2\tx\r\x01\x1f\x7f", "\"l1\\nl2\\u0009x\\u000d\\u0001\\u001f\\u007f\"");
    EXPECT("a\0b", "\"a\\u0000b\"");
}

static void test_utf8_kept(void **state)
{
    (void)state;
    EXPECT("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbe", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbe\"");
    EXPECT("\xef\xbf\xbd", "\"\xef\xbf\xbd\"");
}

/* every byte that is not part of well-formed UTF-8 is one \ufffd */
static void test_not_utf8(void **state)
{
    (void)state;
    EXPECT("bad\xffname", "\"bad\\ufffdname\"");
    EXPECT("\x80", "\"\\ufffd\"");                         /* lone continuation */
    EXPECT("\xc3", "\"\\ufffd\"");                         /* cut short at the end */
    EXPECT("\xe2\x82", "\"\\ufffd\\ufffd\"");
    EXPECT("\xc3(", "\"\\ufffd(\"");                       /* cut short by ASCII */
    EXPECT("\xc0\xaf", "\"\\ufffd\\ufffd\"");              /* overlong '/' */
    EXPECT("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");   /* overlong, 3 bytes */
    EXPECT("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");   /* surrogate U+D800 */
    EXPECT("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* over U+10FFFF */
    EXPECT("\xf5\x80", "\"\\ufffd\\ufffd\"");
}

static void test_null_and_nul_terminated(void **state)
{
    buf b;
    (void)state;
    buf_init(&b);
    json_string(&b, NULL);
    json_string(&b, "x\xff");
    assert_string_equal(buf_cstr(&b), "\"\"\"x\\ufffd\"");
    buf_free(&b);
}

static void test_utf8_len(void **state)
{
    unsigned long cp = 0;
    (void)state;
    assert_int_equal(util_utf8_len((const unsigned char *)"A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(util_utf8_len((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(util_utf8_len((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, NULL), 4);
    assert_int_equal(util_utf8_len((const unsigned char *)"\xe2\x82\xac", 2, &cp), 0);
    assert_int_equal(util_utf8_len((const unsigned char *)"\xc1\xbf", 2, &cp), 0);
    assert_int_equal(util_utf8_len((const unsigned char *)"\xed\xbf\xbf", 3, &cp), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_escapes),
        cmocka_unit_test(test_utf8_kept),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_null_and_nul_terminated),
        cmocka_unit_test(test_utf8_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
