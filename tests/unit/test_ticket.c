/* test_ticket.c - the swap ticket's writer and reader (compiler/plan/ticket.h):
 * what is written reads back the same, escapes included; every ticket cut
 * short is refused, never read as a smaller one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/diag.h"
#include "plan/ticket.h"

static char *dup(const char *s) { return util_strndup(s, strlen(s)); }

/* A ticket of every record, strings with a quote, a backslash and UTF-8. */
static void full(ticket *t)
{
    tkt_init(t);
    memset(t->listing_sha256, 'a', 64);
    t->keep.name = dup("survivor");
    t->keep.disk.num = 12;
    t->keep.field[TF_MODEL] = dup("WDC \"Red\" \\ 2 To é");
    t->keep.field[TF_ID] = dup("{6E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B}");
    t->keep.field[TF_LOCATION] = dup("PCIROOT(0)#PCI(1F02)#ATA(C00T00L00)");
    t->keep.field[TF_SERIAL] = dup("  WD-WCC4 ");
    t->replace.name = dup("failing_1");
    t->replace.disk.num = 0;
    t->replace.disk.missing_id = true;
}

/* Parse text; the code of the first error, or -1 when read. */
static int parse(const char *text, size_t len, ticket *out)
{
    diag_sink d;
    diag_list keep;
    diag_src src = {"t", text, len};
    int code = -1;
    diag_init(&d);
    diag_list_init(&keep);
    d.keep = &keep;
    tkt_init(out);
    if (!tkt_parse(&src, out, &d))
        code = keep.n ? keep.items[0].code : 0;
    diag_list_free(&keep);
    diag_free(&d);
    return code;
}

static void test_round_trip(void **state)
{
    ticket t, u;
    buf b;
    int f;
    (void)state;
    full(&t);
    buf_init(&b);
    tkt_write(&b, &t);
    assert_false(b.failed);
    assert_int_equal(parse(b.data, b.len, &u), -1);
    assert_string_equal(u.listing_sha256, t.listing_sha256);
    assert_string_equal(u.keep.name, "survivor");
    assert_string_equal(u.replace.name, "failing_1");
    assert_int_equal(u.keep.disk.num, 12);
    assert_false(u.keep.disk.missing_id);
    assert_int_equal(u.replace.disk.num, 0);
    assert_true(u.replace.disk.missing_id);
    for (f = 0; f < TF_COUNT; f++) {
        assert_string_equal(u.keep.field[f], t.keep.field[f]);
        assert_null(u.replace.field[f]);
    }
    tkt_free(&u);
    tkt_free(&t);
    buf_free(&b);
}

/* Every proper prefix of a ticket is refused: E242 (cut inside a line or
 * before 'end'), or E240 (inside the first line). */
static void test_cut_short(void **state)
{
    ticket t, u;
    buf b;
    size_t n;
    int code;
    (void)state;
    full(&t);
    buf_init(&b);
    tkt_write(&b, &t);
    for (n = 0; n < b.len; n++) {
        code = parse(b.data, n, &u);
        tkt_free(&u);
        if (n < strlen(TKT_MAGIC))
            assert_int_equal(code, E240);
        else if (n < b.len - 1)     /* "end" without its line end is whole */
            assert_int_equal(code, E242);
    }
    assert_int_equal(parse(b.data, b.len - 1, &u), -1);
    tkt_free(&u);
    tkt_free(&t);
    buf_free(&b);
}

/* Each record's value refused in the wrong form (E241). */
static void test_values(void **state)
{
    static const char *const bad[] = {
        "listing-sha256 abc\n", "keep 9x\n", "keep a-b\n", "keep-disk -1\n", "keep-disk 1000000000\n",
        "keep-disk M\n", "keep-model \"a\tb\"\n", "keep-model \"a\\\"\n", "keep-model \"\n", "keep-model a\"\n",
    };
    static const char *const head = "mrb-ticket 1\nlisting-sha256 "
                                    "0000000000000000000000000000000000000000000000000000000000000000\n";
    char text[512];
    ticket u;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *pre = strncmp(bad[i], "listing", 7) == 0 ? "mrb-ticket 1\n"
                          : strncmp(bad[i], "keep ", 5) == 0 ? head
                                                               : NULL;
        if (pre)
            snprintf(text, sizeof text, "%s%s", pre, bad[i]);
        else
            snprintf(text, sizeof text, "%skeep s\n%s%s", head, strncmp(bad[i], "keep-disk", 9) ? "keep-disk 0\n" : "",
                     bad[i]);
        assert_int_equal(parse(text, strlen(text), &u), E241);
        tkt_free(&u);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_cut_short),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
