/* test_inventory.c - the inventory reader and its join: the fixtures, each
 * refusal, exact sizes, and byte-level damage to a fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "capture/inventory.h"
#include "capture/listing.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "base/text.h"

#include "fixture.h"

static void load_server(const char *path, mdl_server *s)
{
    buf text;
    diag_sink d;
    diag_src src;
    buf_init(&text);
    diag_init(&d);
    load(path, &text);
    src.name = path;
    src.text = buf_cstr(&text);
    src.len = text.len;
    mdl_server_init(s);
    assert_true(lst_read(&src, s, &d));
    buf_free(&text);
    diag_free(&d);
}

#define HEADER INV_HEADER "\n"
#define ROW0 "\"0\",\"2\",\"\",\"{8e3c5a21-6b1f-4c2d-9e7a-0f4b2c6d8e10}\",\"2000398934016\",\"K4GA1B2C\",\"11\",\"HGST\",\"U0\"\n"
#define ROW1 "\"1\",\"1\",\"0\",\"\",\"2000398934016\",\"K4GA7D8E\",\"11\",\"HGST\",\"U1\"\n"
#define ROW2 "\"2\",\"2\",\"\",\"{2f6a1b3c-4d5e-4f60-8a71-92b3c4d5e6f7}\",\"4000787030016\",\"K4HB3F4G\",\"7\",\"HGST\",\"U2\"\n"

/* Read text and join it to third-dynamic; the code of the first error, or -1. */
static int try_text(const char *text, mdl_server *s)
{
    diag_sink d;
    diag_list keep;
    diag_src src = {"inv", text, strlen(text)};
    inv_table t;
    int code = -1;
    diag_init(&d);
    diag_list_init(&keep);
    d.keep = &keep;
    inv_init(&t);
    load_server("tests/fixtures/listings/third-dynamic.txt", s);
    if (!inv_read(&src, &t, &d) || !inv_join(&src, &t, s, &d))
        code = keep.n ? keep.items[0].code : 0;
    inv_free(&t);
    diag_list_free(&keep);
    diag_free(&d);
    return code;
}

static int try_refused(const char *text)
{
    mdl_server s;
    int code = try_text(text, &s);
    mdl_server_free(&s);
    return code;
}

static void test_fixture_joined(void **state)
{
    buf text;
    mdl_server s;
    (void)state;
    buf_init(&text);
    load("tests/fixtures/inventory/third-dynamic.csv", &text);    /* UTF-16LE with BOM */
    assert_int_equal(try_text(buf_cstr(&text), &s), -1);
    assert_true(s.disks[0].inv.known);
    assert_int_equal(s.disks[0].size.lo, 2000398934016ull);
    assert_int_equal(s.disks[0].size.hi, 2000398934017ull);
    assert_string_equal(s.disks[0].inv.serial, "K4GA1B2C");
    assert_string_equal(s.disks[0].inv.bus, "SATA");
    assert_false(s.disks[0].inv.removable);
    assert_int_equal(s.disks[2].inv.bytes, 4000787030016ull);
    assert_true(s.disks[1].free.hi <= s.disks[1].size.hi);
    assert_false(s.disks[3].inv.known);    /* M0: missing, not in Get-Disk */
    mdl_server_free(&s);
    buf_free(&text);
}

static void test_usb_removable(void **state)
{
    mdl_server s;
    (void)state;
    assert_int_equal(try_text(HEADER ROW0 ROW1 ROW2, &s), -1);
    assert_string_equal(s.disks[2].inv.bus, "USB");
    assert_true(s.disks[2].inv.removable);
    mdl_server_free(&s);
}

static void test_names_and_bare_fields(void **state)
{
    (void)state;
    assert_int_equal(try_refused(HEADER ROW0 ROW1
                                 "2,GPT,,{2F6A1B3C-4D5E-4F60-8A71-92B3C4D5E6F7},4000787030016,X,SATA,\"a \"\"b\"\", c\",U\n"),
                     -1);
    assert_int_equal(try_refused(HEADER ROW0 ROW1 ROW2 "\n\n"), -1);
}

static void test_refusals(void **state)
{
    (void)state;
    assert_int_equal(try_refused(""), E231);
    assert_int_equal(try_refused("#TYPE x\n" HEADER ROW0), E231);
    assert_int_equal(try_refused(HEADER ROW0 "\n" ROW1 ROW2), E230);
    assert_int_equal(try_refused(HEADER ROW0 "\"1\",\"1\"\n" ROW2), E230);
    assert_int_equal(try_refused(HEADER ROW0 "\"1\n" ROW2), E230);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000398934016,a\"b,11,H,U\n" ROW2), E230);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000398934016,\"a\"b,11,H,U\n" ROW2), E230);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000398934016,a,11,H,U,V\n" ROW2), E230);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,-1,a,11,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,18446744073709551616,a,11,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000398934016,a,20,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 "1,3,0,,2000398934016,a,11,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,x,,2000398934016,a,11,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,{x},2000398934016,a,11,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 "1000000000,1,0,,2000398934016,a,11,H,U\n" ROW2), E232);
    assert_int_equal(try_refused(HEADER ROW0 ROW1 ROW1 ROW2), E233);
}

static void test_disagreements(void **state)
{
    (void)state;
    /* 50 MB short of what 1863 GB can be */
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000346505216,a,11,H,U\n" ROW2), E234);
    /* the largest and smallest sizes 1863 GB stands for */
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000381018112,a,11,H,U\n" ROW2), -1);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2001454759935,a,11,H,U\n" ROW2), -1);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2000381018111,a,11,H,U\n" ROW2), E234);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,0,,2001454759936,a,11,H,U\n" ROW2), E234);
    assert_int_equal(try_refused(HEADER ROW0 "1,1,1,,2000398934016,a,11,H,U\n" ROW2), E234);      /* signature */
    assert_int_equal(try_refused(HEADER ROW0 "1,2,,,2000398934016,a,11,H,U\n" ROW2), E234);       /* style */
    assert_int_equal(try_refused(HEADER ROW0 ROW1), E234);                                         /* disk 2 absent */
    assert_int_equal(try_refused(HEADER ROW0 ROW1 ROW2 "3,1,0,,8004799488,a,7,H,U\n"), E234);     /* disk 3 */
    assert_int_equal(try_refused(HEADER "0,2,,,2000398934016,a,11,H,U\n" ROW1 ROW2), E234);      /* no Guid */
}

/* Every byte of a fixture replaced, in turn, by characters that matter to
 * the reader: whatever comes, it answers (ASan and UBSan watch). */
static void test_damage(void **state)
{
    static const char subst[] = {'"', ',', '\n', '0', '{', 'x', '9', '-'};
    char text[] = HEADER ROW0 ROW1 ROW2;
    size_t i, k, len = strlen(text);
    (void)state;
    for (i = 0; i < len; i++)
        for (k = 0; k < sizeof subst; k++) {
            char was = text[i];
            text[i] = subst[k];
            (void)try_refused(text);
            text[i] = was;
        }
    for (i = 0; i < len; i++) {     /* cut short anywhere */
        char was = text[i];
        text[i] = '\0';
        (void)try_refused(text);
        text[i] = was;
    }
}

/* Read the inventory at path (no join); its table in t. */
static void read_corpus(const char *path, buf *text, inv_table *t)
{
    diag_sink d;
    diag_src src;
    buf_init(text);
    diag_init(&d);
    load(path, text);
    src.name = path;
    src.text = buf_cstr(text);
    src.len = text->len;
    inv_init(t);
    if (!inv_read(&src, t, &d))
        fail_msg("%s", buf_cstr(&d.out));
    diag_free(&d);
}

/* Real Get-Disk outputs (tests/corpus, README "Get-Disk outputs"), laid out
 * as the probe's command writes them: each fact is read as published. */
static void test_corpus_outputs(void **state)
{
    buf text;
    inv_table t;
    (void)state;
    read_corpus("tests/corpus/inv-01-en-ws1709-azure-data-disk.csv", &text, &t);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.disks[0].num, 5);
    assert_int_equal(t.disks[0].style, INV_MBR);
    assert_true(t.disks[0].has_signature);
    assert_int_equal(t.disks[0].signature, 0x7F34DA1Bu);     /* `detail disk` would show Disk ID 7F34DA1B */
    assert_null(t.disks[0].guid);
    assert_int_equal(t.disks[0].bytes, 5368709120ull);
    assert_string_equal(t.disks[0].serial, "");
    assert_string_equal(t.disks[0].bus, "SAS");
    assert_false(t.disks[0].removable);
    assert_string_equal(t.disks[0].name, "Msft Virtual Disk");
    assert_string_equal(t.disks[0].unique_id, "4D534654202020209C8E3C77A846CD4AA6B8901C0E8E917D");
    inv_free(&t);
    buf_free(&text);
    read_corpus("tests/corpus/inv-02-fr-samsung-860-evo-raid.csv", &text, &t);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.disks[0].num, 0);
    assert_int_equal(t.disks[0].style, INV_GPT);
    assert_false(t.disks[0].has_signature);
    assert_string_equal(t.disks[0].guid, "{0a51a6af-cb23-42dc-895c-a765d01d9893}");
    assert_int_equal(t.disks[0].bytes, 1000204886016ull);
    assert_string_equal(t.disks[0].serial, "S5GENJ0N808902D");
    assert_string_equal(t.disks[0].bus, "RAID");
    assert_false(t.disks[0].removable);
    assert_string_equal(t.disks[0].name, "Samsung SSD 860 EVO M.2 1TB");
    assert_string_equal(t.disks[0].unique_id, "5002538E30834143");
    inv_free(&t);
    buf_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_joined), cmocka_unit_test(test_usb_removable),
        cmocka_unit_test(test_names_and_bare_fields), cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_disagreements), cmocka_unit_test(test_damage),
        cmocka_unit_test(test_corpus_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
