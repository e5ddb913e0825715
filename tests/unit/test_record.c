/* test_record.c - the proof's record (compiler/plan/record.h), which every
 * artifact renders.
 *
 * On the guide's GPT plan: each DiskPart command's script and place in the
 * record are where the set written holds it; a name on a line is as the
 * listing shows it in the evidence and as the model shows it when the
 * command runs in the rem lines; the model's assumption is a note of the
 * command it serves and one assumption of the plan; each disk's effects;
 * a copy of a command's record keeps the listing's words and the notes,
 * not the model's view; a disk's identity, from what the capture has of
 * it to nothing for the missing disk; and the record is whole or absent
 * under every allocation failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "out/emit.h"
#include "plan/prove.h"
#include "plan/record.h"

#define GPT "examples/gpt-rebuild.mrb"
#define GPT_LISTING "examples/listings/seed-gpt-probed.txt"

typedef struct fixture {
    proved x;
    diag_sink d;
} fixture;

static void setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    prove_init(&f->x);
    diag_init(&f->d);
    assert_int_equal(cli_prove(&f->x, GPT, GPT_LISTING, &(cli_words){0}, &f->d), RC_OK);
    assert_true(f->x.p.proved);
}

static void done(fixture *f)
{
    prove_free(&f->x);
    diag_free(&f->d);
}

/* The act whose line is text. */
static const plan_act *act(const fixture *f, const char *text)
{
    size_t i, j;
    for (i = 0; i < f->x.p.nsteps; i++)
        for (j = 0; j < f->x.p.steps[i].nacts; j++)
            if (f->x.p.steps[i].acts[j].text && strcmp(f->x.p.steps[i].acts[j].text, text) == 0)
                return &f->x.p.steps[i].acts[j];
    fail_msg("no command '%s' in the plan", text);
    return NULL;
}

/* The command lines of a script (no rem, no exit), the place-th of them. */
static bool holds_at(const emit_file *file, size_t place, const char *text)
{
    const char *p = file->data.data;
    size_t n = 0, len;
    for (; p && *p; p += len + (p[len] ? 1 : 0)) {
        len = strcspn(p, "\n");
        if (strncmp(p, "rem ", 4) == 0 || strncmp(p, "exit\r", 5) == 0)
            continue;
        if (++n == place)
            return len == strlen(text) + 1 && strncmp(p, text, strlen(text)) == 0;
    }
    return false;
}

static void test_places(void **state)
{
    fixture f;
    emit_out o;
    size_t i, j, k, checked = 0;
    char name[64];
    (void)state;
    setup(&f);
    emit_out_init(&o);
    assert_true(emit_proved(&f.x, "gpt-rebuild", GPT, GPT_LISTING, &o));
    for (i = 0; i < f.x.p.nsteps; i++)
        for (j = 0; j < f.x.p.steps[i].nacts; j++) {
            const plan_act *a = &f.x.p.steps[i].acts[j];
            bool found = false;
            if (a->kind != PA_DISKPART) {
                assert_int_equal(a->rec.script, 0);
                continue;
            }
            assert_true(a->rec.parsed);
            assert_true(a->rec.script >= 1 && a->rec.place >= 1);
            snprintf(name, sizeof name, "gpt-rebuild.%02u.diskpart.txt", a->rec.script);
            for (k = 0; k < o.nfiles && !found; k++)
                if (strcmp(o.files[k].name, name) == 0) {
                    found = true;
                    assert_int_equal(o.files[k].role, ER_SCRIPT);
                    if (!holds_at(&o.files[k], a->rec.place, a->text))
                        fail_msg("'%s' is not command %zu of %s", a->text, a->rec.place, name);
                }
            assert_true(found);
            checked++;
        }
    assert_true(checked >= 20);
    assert_int_equal(o.files[0].role, ER_GUARD);
    assert_int_equal(o.files[o.nfiles - 1].role, ER_DRIVER);
    emit_out_free(&o);
    done(&f);
}

/* `add disk replacement` in step 3: the listing showed the replacement
 * blank, basic and MBR; when the command runs the plan has made it GPT. */
static void test_names_as_listing_and_model(void **state)
{
    fixture f;
    const plan_act *a;
    buf t;
    (void)state;
    setup(&f);
    a = act(&f, "add disk 1");
    assert_int_equal(a->rec.nnames, 1);
    assert_string_equal(a->rec.names[0].lead, " replacement -> ");
    assert_true(a->rec.names[0].described);
    assert_int_equal(a->rec.names[0].obj, OBJ_DISK);
    assert_non_null(strstr(a->rec.names[0].listing, "basic, MBR"));
    assert_non_null(a->rec.names[0].model);
    assert_non_null(strstr(a->rec.names[0].model, "GPT"));
    buf_init(&t);
    assert_true(rec_evidence(&t, &a->rec));
    assert_true(strncmp(buf_cstr(&t), "replacement -> Disk 1 (", 23) == 0);
    assert_non_null(strstr(buf_cstr(&t), "MBR"));
    buf_reset(&t);
    rec_text(&t, &a->rec, true);
    assert_true(strncmp(buf_cstr(&t), "mrb:51 replacement -> Disk 1 (", 30) == 0);
    /* then the disk's identity (the guide's listing has no `detail disk`),
     * then the note */
    assert_non_null(strstr(buf_cstr(&t), "GPT)\nmrb: Disk 1: identity not captured\nmrb: note: assumed disk 1 has room"));
    buf_free(&t);
    done(&f);
}

static void test_notes_and_assumptions(void **state)
{
    fixture f;
    const plan_act *a;
    (void)state;
    setup(&f);
    a = act(&f, "add disk 1");
    assert_int_equal(a->rec.nnotes, 1);
    assert_true(strncmp(a->rec.notes[0], "assumed disk 1 has room", 23) == 0);
    assert_int_equal(f.x.p.rec.nassume, 1);
    assert_string_equal(f.x.p.rec.assumptions[0], a->rec.notes[0]);
    assert_int_equal(act(&f, "clean")->rec.nnotes, 0);
    done(&f);
}

static void test_effects(void **state)
{
    fixture f;
    const rec_disk *r;
    buf t;
    (void)state;
    setup(&f);
    assert_true(f.x.p.rec.done);
    assert_int_equal(f.x.p.rec.ndisks, f.x.snap.ndisks);
    r = rec_disk_of(&f.x.p.rec, mdl_find_disk(&f.x.snap, 1, false));
    assert_non_null(r);
    assert_true(rec_has_effect(r, EF_WIPED));
    assert_true(rec_has_effect(r, EF_CONVERTED));
    assert_true(rec_has_effect(r, EF_MADE_DYNAMIC));
    assert_true(rec_has_effect(r, EF_RECEIVES_PLEX));
    assert_false(rec_has_effect(r, EF_ONLY_READ));
    buf_init(&t);
    rec_disk_words(&t, r);
    assert_non_null(strstr(buf_cstr(&t), "; made GPT; made dynamic; receives a plex of C:"));
    buf_free(&t);
    assert_true(rec_has_effect(rec_disk_of(&f.x.p.rec, mdl_find_disk(&f.x.snap, 0, true)), EF_REMOVED));
    done(&f);
}

static void test_copy(void **state)
{
    fixture f;
    const plan_act *a;
    rec_cmd c;
    (void)state;
    setup(&f);
    a = act(&f, "add disk 1");
    assert_true(rec_cmd_copy(&c, &a->rec));
    assert_int_equal(c.line, a->rec.line);
    assert_int_equal(c.nnames, 1);
    assert_string_equal(c.names[0].listing, a->rec.names[0].listing);
    assert_true(c.names[0].described);
    assert_null(c.names[0].model);
    assert_int_equal(c.nnotes, 1);
    assert_string_equal(c.notes[0], a->rec.notes[0]);
    rec_cmd_free(&c);
    done(&f);
}

/* What identifies a disk: what `detail disk` and the inventory captured,
 * "identity not captured" when neither did, nothing for a missing disk. */
static void test_identity(void **state)
{
    mdl_disk d;
    buf t;
    char model[] = "WDC WD20EFRX-68EUZN0", id[] = "00000000", where[] = "PCIROOT(0)#PCI(1F02)#ATA(C00T01L00)";
    char serial[] = "WD-WCC4M5HL2Q08", bus[] = "SATA";
    (void)state;
    memset(&d, 0, sizeof d);
    buf_init(&t);
    d.num = 1;
    d.status = DS_ONLINE;
    assert_true(rec_identity(&t, &d));
    assert_string_equal(buf_cstr(&t), "identity not captured");
    d.detail.known = true;
    d.detail.model = model;
    d.detail.disk_id = id;
    d.detail.location = where;
    buf_reset(&t);
    assert_true(rec_identity(&t, &d));
    assert_string_equal(buf_cstr(&t), "model \"WDC WD20EFRX-68EUZN0\", Disk ID 00000000, location "
                                      "\"PCIROOT(0)#PCI(1F02)#ATA(C00T01L00)\"");
    d.inv.known = true;
    d.inv.serial = serial;
    d.inv.bus = bus;
    d.inv.bytes = 2000398934016u;
    d.detail.known = false;
    buf_reset(&t);
    assert_true(rec_identity(&t, &d));
    assert_string_equal(buf_cstr(&t), "serial WD-WCC4M5HL2Q08, SATA, 2000398934016 bytes");
    d.detail.known = true;
    d.detail.model = NULL;
    buf_reset(&t);
    assert_true(rec_identity(&t, &d));
    assert_string_equal(buf_cstr(&t), "Disk ID 00000000, location \"PCIROOT(0)#PCI(1F02)#ATA(C00T01L00)\", serial "
                                      "WD-WCC4M5HL2Q08, SATA, 2000398934016 bytes");
    d.missing_id = true;
    d.status = DS_MISSING;
    buf_reset(&t);
    assert_false(rec_identity(&t, &d));
    assert_int_equal(t.len, 0);
    buf_free(&t);
}

/* The record's disks carry it: none for the missing disk. */
static void test_identity_recorded(void **state)
{
    fixture f;
    (void)state;
    setup(&f);
    assert_string_equal(rec_disk_of(&f.x.p.rec, mdl_find_disk(&f.x.snap, 1, false))->identity, "identity not captured");
    assert_null(rec_disk_of(&f.x.p.rec, mdl_find_disk(&f.x.snap, 0, true))->identity);
    assert_string_equal(act(&f, "select disk 1")->rec.names[0].identity, "identity not captured");
    assert_null(act(&f, "select disk M0")->rec.names[0].identity);
    done(&f);
}

/* Every allocation failure in rec_finish: false and nothing kept, or the
 * whole record. */
static void test_finish_oom(void **state)
{
    fixture f;
    unsigned long n;
    bool finished = false;
    (void)state;
    setup(&f);
    for (n = 1; !finished && n < 10000; n++) {
        bool ok;
        util_fail_alloc_at(n, false);
        ok = rec_finish(&f.x.p, &f.x.snap);
        finished = util_alloc_count() < n;
        util_fail_alloc_at(0, false);
        if (ok) {
            assert_true(f.x.p.rec.done);
            assert_int_equal(f.x.p.rec.ndisks, f.x.snap.ndisks);
        } else {
            assert_false(finished);
            assert_false(f.x.p.rec.done);
            assert_int_equal(f.x.p.rec.ndisks, 0);
        }
    }
    assert_true(finished);
    done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_names_as_listing_and_model),
        cmocka_unit_test(test_notes_and_assumptions),
        cmocka_unit_test(test_effects),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_identity_recorded),
        cmocka_unit_test(test_finish_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
