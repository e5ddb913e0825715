/* test_plan_json.c - the JSON plan renders the proof's record.
 *
 * The golden cases pin the document for the guide's plans; here the plan's
 * model after the last step is changed as other plans would leave it
 * (a disk made MBR, a plex lost, a volume gone, a volume moved) and the
 * record's effects worked out again (rec_finish), so that every effect
 * the record knows is rendered.  Then: text that is not well-formed UTF-8
 * still makes valid JSON, and every allocation failure while writing the
 * document is reported, never a document cut short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "out/emit.h"
#include "out/plan_json.h"
#include "plan/prove.h"
#include "plan/record.h"

#define GPT "examples/gpt-rebuild.mrb"
#define GPT_LISTING "examples/listings/seed-gpt-probed.txt"

typedef struct fixture {
    proved x;
    diag_sink d;
    emit_out o;
    pj_input in;
} fixture;

static void setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    prove_init(&f->x);
    diag_init(&f->d);
    emit_out_init(&f->o);
    assert_int_equal(cli_prove(&f->x, GPT, GPT_LISTING, &(cli_words){0}, &f->d), RC_OK);
    assert_true(emit_plan(&f->x.p, "gpt-rebuild", GPT, GPT_LISTING, &f->o));
    f->in.x = &f->x;
    f->in.o = &f->o;
    f->in.name = "gpt-rebuild";
    f->in.source = GPT;
    f->in.listing = GPT_LISTING;
    f->in.dir = "out";
}

static void done(fixture *f)
{
    emit_out_free(&f->o);
    prove_free(&f->x);
    diag_free(&f->d);
}

/* The record's effects worked out again on the changed model: one entry
 * per disk of the listing, n of them. */
static void refinish(fixture *f, size_t n)
{
    assert_true(rec_finish(&f->x.p, &f->x.snap));
    assert_int_equal(f->x.p.rec.ndisks, n);
}

static bool has(const fixture *f, const char *text)
{
    buf doc;
    bool yes;
    buf_init(&doc);
    pj_plan(&doc, &f->in);
    assert_false(doc.failed);
    yes = strstr(buf_cstr(&doc), text) != NULL;
    if (!yes)
        print_message("not in the document: %s\n", text);
    buf_free(&doc);
    return yes;
}

static void test_guide_plan(void **state)
{
    fixture f;
    char id[40];
    (void)state;
    setup(&f);
    refinish(&f, 3);
    /* the compile id is the scripts' */
    assert_true(sscanf(f.o.files[0].data.data, "rem mrb compile id %32s", id) == 1);
    {
        char want[80];
        snprintf(want, sizeof want, "\"compile_id\": \"%s\"", id);
        assert_true(has(&f, want));
    }
    assert_true(has(&f, "\"wiped\": [\"Disk 1\"]"));
    assert_true(has(&f, "\"removed\": [\"Disk M0\"]"));
    assert_true(has(&f, "\"only-read\": [\"Disk 0\"]"));
    assert_true(has(&f, "\"path\": \"out/gpt-rebuild.cmd\", \"role\": \"driver\""));
    done(&f);
}

static mdl_volume *after_volume(fixture *f, unsigned num)
{
    mdl_volume *v = mdl_find_volume(&f->x.p.after, num);
    assert_non_null(v);
    return v;
}

/* Disk 0 made MBR, and volume 0 (C:) moved off it onto disk 1 alone, as a
 * simple volume: disk 0 loses its plex... of a volume no longer mirrored. */
static void test_other_effects(void **state)
{
    fixture f;
    mdl_disk *d0;
    mdl_volume *c;
    (void)state;
    setup(&f);
    d0 = mdl_find_disk(&f.x.p.after, 0, false);
    assert_non_null(d0);
    d0->gpt = false;
    c = after_volume(&f, 0);
    c->type = VT_SIMPLE;
    c->non = 1;
    c->on[0] = (mdl_disk_ref){1, false};
    refinish(&f, 3);
    assert_true(has(&f, "{\"what\": \"converted\", \"to\": \"MBR\", \"text\": \"made MBR\"}"));
    assert_true(has(&f, "{\"what\": \"loses-plex\", \"volume\": 0, \"volume_name\": \"C:\", \"text\": \"loses its plex of C:\"}"));
    assert_true(has(&f, "\"loses-plex\": [\"Disk 0\"]"));
    done(&f);
}

/* Volume 1 (the survivor's EFI partition, no letter) gone after the plan,
 * and a volume that was on disk 0 only moved to disk 1. */
static void test_volume_gone_and_moved(void **state)
{
    fixture f;
    mdl_volume *efi, *v;
    size_t i;
    (void)state;
    setup(&f);
    efi = after_volume(&f, 1);
    for (i = 0; i < f.x.p.after.nvols; i++)
        if (&f.x.p.after.vols[i] == efi)
            break;
    util_free(efi->label);
    util_free(efi->row);
    memmove(efi, efi + 1, (f.x.p.after.nvols - i - 1) * sizeof *efi);
    f.x.p.after.nvols--;
    v = after_volume(&f, 0);
    v->type = VT_SIMPLE;
    v->non = 1;
    v->on[0] = (mdl_disk_ref){1, false};
    refinish(&f, 3);
    assert_true(has(&f, "\"loses-volume\": [\"Disk 0\"]"));
    assert_true(has(&f, "{\"what\": \"receives-volume\", \"volume\": 0, \"volume_name\": \"C:\", \"text\": \"receives C:\"}"));
    done(&f);
}

/* The title and a name's evidence come from the server's listing and the
 * procedure: bytes that are not UTF-8, quotes and controls still give JSON. */
static void test_not_utf8(void **state)
{
    fixture f;
    (void)state;
    setup(&f);
    util_free(f.x.p.title);
    f.x.p.title = util_strndup("a\xff\xc3(\"b\"\\\n\t\xe2\x82\xac\xed\xa0\x80", 17);
    assert_non_null(f.x.p.title);
    assert_true(has(&f, "\"title\": \"a\\ufffd\\ufffd(\\\"b\\\"\\\\\\n\\u0009\xe2\x82\xac\\ufffd\\ufffd\\ufffd\""));
    done(&f);
}

/* Every allocation failure while writing: the buffer says so. */
static void test_oom(void **state)
{
    fixture f;
    buf whole, doc;
    unsigned long n;
    bool finished = false;
    (void)state;
    setup(&f);
    buf_init(&whole);
    pj_plan(&whole, &f.in);
    assert_false(whole.failed);
    for (n = 1; !finished && n < 100000; n++) {
        buf_init(&doc);
        util_fail_alloc_at(n, false);
        pj_plan(&doc, &f.in);
        finished = util_alloc_count() < n;  /* the nth allocation never came */
        util_fail_alloc_at(0, false);
        if (!doc.failed)
            assert_string_equal(buf_cstr(&doc), buf_cstr(&whole));
        else
            assert_false(finished);
        buf_free(&doc);
    }
    assert_true(finished);
    buf_free(&whole);
    done(&f);
}

/* prove takes the bytes it proves and hashes those very bytes: names that
 * are no files, and a listing that differs from the file of that name by a
 * blank line, are proved and stamped as given (nothing is read again). */
static void test_prove_hashes_bytes(void **state)
{
    buf proc, lst;
    proved x;
    diag_sink d;
    jrn_hash h;
    char hex[65];
    const char *why = "";
    (void)state;
    buf_init(&proc);
    buf_init(&lst);
    assert_int_equal(plat_read_file(GPT, LIM_SOURCE_BYTES, &proc, &why), PLAT_OK);
    assert_int_equal(plat_read_file(GPT_LISTING, LIM_LISTING_BYTES, &lst, &why), PLAT_OK);
    buf_puts(&lst, "\r\n");
    prove_init(&x);
    diag_init(&d);
    assert_true(prove_procedure(&x, "no-such-file.mrb", proc.data, proc.len, &d));
    assert_int_equal(prove(&x, "no-such-listing.txt", lst.data, lst.len, NULL, &d), PROVE_OK);
    assert_true(x.p.proved);
    jrn_hash_bytes(proc.data, proc.len, &h);
    jrn_hash_hex(&h, hex);
    assert_string_equal(x.procedure_sha256, hex);
    jrn_hash_bytes(lst.data, lst.len, &h);
    jrn_hash_hex(&h, hex);
    assert_string_equal(x.listing_sha256, hex);
    prove_free(&x);
    diag_free(&d);
    buf_free(&lst);
    buf_free(&proc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guide_plan),
        cmocka_unit_test(test_other_effects),
        cmocka_unit_test(test_volume_gone_and_moved),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_oom),
        cmocka_unit_test(test_prove_hashes_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
