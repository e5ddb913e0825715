/* test_exec.c - the executor of `mrb run`: I/O failures at every point, resume, the drift comparison, E806. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diskpart/compare.h"
#include "base/arena.h"
#include "server/backend.h"
#include "cli/cli.h"
#include "run/exec.h"
#include "scratch.h"
#include "base/fileio.h"
#include "check/frontend.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "diskpart/print.h"
#include "plan/resolve.h"
#include "diskpart/state.h"
#include "plan/verify.h"

/* ---- a scratch folder per test, the working directory while it runs ----- */

static int setup(void **state)
{
    (void)state;
    return scratch_enter("exec");
}

static int teardown(void **state)
{
    (void)state;
    return scratch_leave();
}

/* ---- a procedure resolved and proved, as cmd_run does ------------------ */

typedef struct fixture {
    buf text;
    diag_src src;
    arena a;
    ast_file ast;
    mdl_server snap;
    plan p;
    exec_input in;
    diag_sink d;
} fixture;

static void load(fixture *f, const char *mrb, const char *listing)
{
    char path[4600];
    size_t n;
    memset(f, 0, sizeof *f);
    buf_init(&f->text);
    arena_init(&f->a);
    mdl_server_init(&f->snap);
    plan_init(&f->p);
    diag_init(&f->d);
    snprintf(path, sizeof path, "%s/%s", home, mrb);
    assert_int_equal(cli_read_text(path, TXT_SOURCE, LIM_SOURCE_BYTES, &f->text, &f->d), RC_OK);
    f->src.name = mrb;
    f->src.text = buf_cstr(&f->text);
    f->src.len = f->text.len;
    assert_int_equal(fe_check(&f->a, &f->src, &f->d, &f->ast), FE_OK);
    snprintf(path, sizeof path, "%s/%s", home, listing);
    assert_int_equal(cli_load_server(path, &(cli_words){0}, &f->snap, &f->d), RC_OK);
    sim_infer(&f->snap);
    sim_opts_default(&f->in.so);
    assert_true(res_plan(&f->ast, &f->src, &f->snap, &f->p, &f->d));
    assert_true(vfy_plan(&f->p, &f->src, &f->snap, &f->in.so, &f->d));
    f->in.p = &f->p;
    f->in.ast = &f->ast;
    f->in.src = &f->src;
    f->in.start = &f->snap;
    jrn_hash_bytes(mrb, strlen(mrb), &f->in.procedure);
    jrn_hash_bytes(listing, strlen(listing), &f->in.listing);
    assert_true(exec_prepare(&f->in, BK_SIM, &n, &f->d));
    assert_true(n > 0);
}

static void unload(fixture *f)
{
    plan_free(&f->p);
    mdl_server_free(&f->snap);
    arena_free(&f->a);
    buf_free(&f->text);
    diag_free(&f->d);
}

static enum exec_status run_once(fixture *f, bool resume)
{
    exec_opts o;
    exec_journal j;
    bk_backend bk;
    enum exec_status st;
    memset(&o, 0, sizeof o);
    o.journal = "j";
    o.resume = resume;
    o.mode = EXEC_QUIET;
    buf_reset(&f->d.out);
    st = exec_open_journal(&j, &f->in, &o, &f->d);
    if (st == EXEC_DONE) {
        if (bk_open_sim(&bk, "s", &f->snap, &f->in.so, &f->d)) {
            st = exec_run(&f->in, &j, &bk, &o, &f->d);
            bk_close(&bk);
        } else {
            st = EXEC_IO;
        }
    }
    exec_close_journal(&j);
    return st;
}

static void read_state(buf *out)
{
    const char *why;
    buf_reset(out);
    assert_int_equal(plat_read_file("s", LIM_LISTING_BYTES, out, &why), PLAT_OK);
}

/* ---- tests ---------------------------------------------------------------- */

/* A run to the end, then a resume of the ended journal does nothing. */
static void test_run_and_resume_ended(void **state)
{
    fixture f;
    buf a, b;
    (void)state;
    load(&f, "examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt");
    buf_init(&a);
    buf_init(&b);
    assert_int_equal(run_once(&f, false), EXEC_DONE);
    read_state(&a);
    assert_int_equal(run_once(&f, false), EXEC_STOPPED);   /* E711: the journal exists */
    assert_non_null(strstr(buf_cstr(&f.d.out), "[E711]"));
    assert_int_equal(run_once(&f, true), EXEC_DONE);
    read_state(&b);
    assert_string_equal(buf_cstr(&a), buf_cstr(&b));
    buf_free(&a);
    buf_free(&b);
    unload(&f);
}

/* T5: fail the Nth write, flush, rename ... of a run, one-off and
 * persistent; every case stops cleanly (a failed flush poisons the
 * process: nothing more is sent) and a resume in a new "process" reaches
 * the uninterrupted run's end. */
static void sweep(const char *mrb, const char *listing, unsigned kinds, bool persistent, unsigned long *points)
{
    fixture f;
    buf ref, got;
    unsigned long n;
    load(&f, mrb, listing);
    buf_init(&ref);
    buf_init(&got);
    fio_test_reset();
    remove("s");
    remove("j");
    assert_int_equal(run_once(&f, false), EXEC_DONE);
    read_state(&ref);
    for (n = 1;; n++) {
        enum exec_status st;
        unsigned injected;
        remove("s");
        remove("j");
        fio_test_reset();
        fio_fail_kinds(kinds);
        fio_fail_at(n, persistent);
        st = run_once(&f, false);
        injected = fio_injected_kinds();
        if (!injected) {
            assert_int_equal(st, EXEC_DONE);
            break;
        }
        ++*points;
        if (st != EXEC_IO && st != EXEC_STOPPED)
            fail_msg("point %lu: status %d: %s", n, (int)st, buf_cstr(&f.d.out));
        if (injected & (FIO_OP_FLUSH | FIO_OP_SYNCDIR))
            assert_true(fio_poisoned());
        /* a new process resumes (or starts, when no journal was made) */
        fio_test_reset();
        st = run_once(&f, plat_file_exists("j"));
        if (st != EXEC_DONE)
            fail_msg("point %lu: the resume ended with %d: %s", n, (int)st, buf_cstr(&f.d.out));
        read_state(&got);
        assert_string_equal(buf_cstr(&ref), buf_cstr(&got));
    }
    buf_free(&ref);
    buf_free(&got);
    unload(&f);
}

static void test_io_failures(void **state)
{
    unsigned long points = 0;
    (void)state;
    sweep("examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt", FIO_OP_FLUSH, false, &points);
    sweep("examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt", FIO_OP_ALL, false, &points);
    sweep("examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt", FIO_OP_ALL, true, &points);
    sweep("examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt", FIO_OP_FLUSH, false, &points);
    sweep("examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt", FIO_OP_WRITE, true, &points);
    print_message("# %lu I/O failure points stopped cleanly and resumed to the same end\n", points);
    assert_true(points > 100);
}

/* The drift comparison: a disk more, a disk less, a changed size. */
static void test_compare(void **state)
{
    fixture f;
    mdl_server other;
    buf why;
    (void)state;
    load(&f, "examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt");
    mdl_server_init(&other);
    buf_init(&why);
    assert_true(mdl_server_copy(&other, &f.snap));
    assert_int_equal(mdl_server_diff(&f.snap, &other, &why), 0);
    other.disks[1].size.lo /= 2;
    other.disks[1].size.hi /= 2;
    assert_int_equal(mdl_server_diff(&f.snap, &other, &why), 1);
    assert_non_null(strstr(buf_cstr(&why), "Disk 1: expected 'Disk 1 Online 447 GB"));
    mdl_remove_disk(&other, 1);
    buf_reset(&why);
    assert_true(mdl_server_diff(&f.snap, &other, &why) >= 1);
    assert_non_null(strstr(buf_cstr(&why), "found '(none)'"));
    buf_reset(&why);
    assert_true(mdl_server_diff(&other, &f.snap, &why) >= 1);
    assert_non_null(strstr(buf_cstr(&why), "Disk 1: expected '(none)'"));
    buf_free(&why);
    mdl_server_free(&other);
    unload(&f);
}

static void count_diff(void *ctx, const mdl_cmp_diff *x)
{
    (void)x;
    ++*(size_t *)ctx;
}

/* The one comparer's leniency: by volume number (the drift check) a
 * renumbered volume is two differences and its info word none; matched by
 * what volumes show (the end-of-run check) the other way round. */
static void test_compare_rules(void **state)
{
    fixture f;
    mdl_server other;
    mdl_cmp_rules by_number = {.details = true}, anywhere = {.any_volume_number = true};
    size_t handed = 0;
    bool nomem;
    (void)state;
    load(&f, "examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt");
    mdl_server_init(&other);
    assert_true(mdl_server_copy(&other, &f.snap));
    assert_true(other.nvols > 0);
    other.vols[0].num += 40;
    assert_int_equal(mdl_compare(&f.snap, &other, &by_number, count_diff, &handed, &nomem), 2);
    assert_false(nomem);
    assert_int_equal(handed, 2);
    assert_int_equal(mdl_compare(&f.snap, &other, &anywhere, count_diff, &handed, &nomem), 0);
    other.vols[0].num -= 40;
    other.vols[0].info = other.vols[0].info == VI_NONE ? VI_PAGEFILE : VI_NONE;
    assert_int_equal(mdl_compare(&f.snap, &other, &by_number, count_diff, &handed, &nomem), 0);
    assert_int_equal(mdl_compare(&f.snap, &other, &anywhere, count_diff, &handed, &nomem), 2);
    assert_int_equal(handed, 4);
    mdl_server_free(&other);
    unload(&f);
}

/* The rules compile --continue adds: a Location Path is a difference only
 * with rules.location, and the disk rules.new_id (the disk a plan erases)
 * may show another Disk ID; any other disk's ID stays a difference. */
static void test_compare_continue_rules(void **state)
{
    fixture f;
    mdl_server other;
    mdl_cmp_rules details = {.details = true}, cont = {.details = true, .location = true};
    size_t handed = 0;
    bool nomem;
    mdl_disk *de, *dk;
    (void)state;
    load(&f, "examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt");
    assert_true(f.snap.ndisks > 0);
    de = &f.snap.disks[0];   /* as `detail disk` shows it */
    de->detail.known = true;
    util_free(de->detail.location);
    util_free(de->detail.disk_id);
    de->detail.location = util_strndup("PCIROOT(0)#PCI(0100)", 20);
    de->detail.disk_id = util_strndup("1234ABCD", 8);
    assert_true(de->detail.location && de->detail.disk_id);
    mdl_server_init(&other);
    assert_true(mdl_server_copy(&other, &f.snap));
    dk = &other.disks[0];
    util_free(dk->detail.location);
    dk->detail.location = util_strndup("PCIROOT(9)#PCI(0900)", 20);
    assert_non_null(dk->detail.location);
    assert_int_equal(mdl_compare(&f.snap, &other, &details, count_diff, &handed, &nomem), 0);
    assert_int_equal(mdl_compare(&f.snap, &other, &cont, count_diff, &handed, &nomem), 1);
    util_free(dk->detail.disk_id);
    dk->detail.disk_id = util_strndup("0BADF00D", 8);
    assert_non_null(dk->detail.disk_id);
    assert_int_equal(mdl_compare(&f.snap, &other, &cont, count_diff, &handed, &nomem), 2);
    cont.new_id = de;
    assert_int_equal(mdl_compare(&f.snap, &other, &cont, count_diff, &handed, &nomem), 1);
    assert_false(nomem);
    assert_int_equal(handed, 4);
    mdl_server_free(&other);
    unload(&f);
}

/* E806: a plan that no longer runs on the model as it did when it was
 * proved (its line changed after vfy_plan) is refused before anything is
 * sent.  The other E806 case, a line whose focus selects cannot restore in
 * a new process, has no valid plan to show it: see SPEC.md section 15. */
/* A program line is split at blanks outside double quotes, the quotes
 * removed, and run as the program named for it: printf shows each
 * argument it was given between brackets. */
static void test_program_line_arguments(void **state)
{
    bk_backend b;
    bk_result r;
    (void)state;
    bk_open_process(&b, "diskpart", "unused.txt");
    b.robocopy = "printf";
    b.bcdedit = "false";
    bk_result_init(&r);
    assert_int_equal(bk_run_program(&b, "robocopy [%s] s:\\ \"System Volume Information\" x\"y z\" BCD.*", &r),
                     BK_OK);
    assert_int_equal(r.exit_code, 0);
    assert_string_equal(buf_cstr(&r.out), "[s:\\][System Volume Information][xy z][BCD.*]");
    assert_int_equal(bk_run_program(&b, "bcdedit /export t:\\EFI", &r), BK_OK);
    assert_int_equal(r.exit_code, 1);
    b.bcdedit = "no-such-program-for-mrb";
    assert_int_equal(bk_run_program(&b, "bcdedit /export t:\\EFI", &r), BK_ERR_IO);
    assert_non_null(strstr(buf_cstr(&r.why), "cannot run no-such-program-for-mrb"));
    assert_int_equal(bk_run_program(&b, "   ", &r), BK_ERR_IO);
    bk_close(&b);
    bk_result_free(&r);
}

static void test_prepare_refuses_changed_plan(void **state)
{
    fixture f;
    size_t i, j, n;
    char *saved = NULL;
    plan_act *a = NULL;
    (void)state;
    load(&f, "examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt");
    for (i = 0; i < f.p.nsteps && !a; i++)
        for (j = 0; j < f.p.steps[i].nacts && !a; j++)
            if (f.p.steps[i].acts[j].kind == PA_DISKPART &&
                strcmp(f.p.steps[i].acts[j].text, "convert dynamic") == 0)
                a = &f.p.steps[i].acts[j];
    assert_non_null(a);
    saved = a->text;
    a->text = (char *)(uintptr_t) "delete disk";    /* disk 1 is not missing: DiskPart refuses it */
    buf_reset(&f.d.out);
    assert_false(exec_prepare(&f.in, BK_SIM, &n, &f.d));
    a->text = saved;
    assert_non_null(strstr(buf_cstr(&f.d.out), "'delete disk' does not run on the model as it did when the plan "
                                                  "was proved [E806]"));
    unload(&f);
}

/* Write a journal "j" for f: its header, then command c of step 0 sent
 * (text) and failed with exit code 4. */
static void journal_failed(fixture *f, uint32_t c, const char *text)
{
    jrn_writer w;
    remove("s");
    remove("j");
    assert_int_equal(jrn_create(&w, "j", &f->in.procedure, &f->in.listing, &f->d), JRN_OK);
    assert_int_equal(jrn_intent(&w, 0, c, text, strlen(text)), JRN_OK);
    assert_int_equal(jrn_failed(&w, 0, c, 4), JRN_OK);
    jrn_close(&w);
}

/* A command the journal records failed is not done: the resume looks at
 * the server (no effect: run again; a select: done, under an intent of its
 * own) and reaches the uninterrupted end.  A failed record for a command
 * the step does not have next is refused (E704). */
static void test_failed_record(void **state)
{
    fixture f;
    buf ref, got;
    const plan_act *first = NULL, *second = NULL;
    size_t j;
    (void)state;
    load(&f, "examples/mbr-rebuild.mrb", "examples/listings/seed-mbr-probed.txt");
    buf_init(&ref);
    buf_init(&got);
    for (j = 0; j < f.p.steps[0].nacts && !second; j++)
        if (f.p.steps[0].acts[j].kind == PA_DISKPART) {
            if (first)
                second = &f.p.steps[0].acts[j];
            else
                first = &f.p.steps[0].acts[j];
        }
    assert_non_null(second);
    remove("s");
    remove("j");
    assert_int_equal(run_once(&f, false), EXEC_DONE);
    read_state(&ref);
    journal_failed(&f, 0, first->text);
    assert_int_equal(run_once(&f, true), EXEC_DONE);
    read_state(&got);
    assert_string_equal(buf_cstr(&ref), buf_cstr(&got));
    journal_failed(&f, 3, "clean");
    assert_int_equal(run_once(&f, true), EXEC_STOPPED);
    assert_non_null(strstr(buf_cstr(&f.d.out), "journal j records a command of step 1 that the procedure does not "
                                                "have there [E704]"));
    buf_free(&ref);
    buf_free(&got);
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_run_and_resume_ended, setup, teardown),
        cmocka_unit_test_setup_teardown(test_io_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_continue_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_refuses_changed_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_record, setup, teardown),
        cmocka_unit_test(test_program_line_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
