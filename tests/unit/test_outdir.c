/* test_outdir.c - the output folder's lock, the plan it holds, the names of
 * a compile's files (compiler/out/outdir.h).
 *
 * The lock: a second lock of NAME.mrb-lock (another open of it, as a
 * second process would make) is refused with the holder's process id, and
 * E012 says so; the lock file goes when the lock is released; one left by
 * a killed compile (an id in it, no lock held) is taken over; a symbolic
 * link or a hard link under its name is refused, neither written through.
 * The plan: no driver, or one of the same hashes, may be replaced; other
 * hashes or none are E011.  The names: what is a script, what a staging
 * file, and that the lock file is neither.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/diag.h"
#include "out/outdir.h"
#include "base/platform.h"
#include "scratch.h"

static int enter(void **state)
{
    (void)state;
    return scratch_enter("outdir");
}

static int leave(void **state)
{
    (void)state;
    return scratch_leave();
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Does a line of d's text hold the code and text? */
static bool said(diag_sink *d, enum diag_code code, const char *text)
{
    char tag[16];
    const char *line = buf_cstr(&d->out), *end;
    snprintf(tag, sizeof tag, "[%s]", diag_code_str(code));
    for (; *line; line = *end ? end + 1 : end) {
        end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        if (strstr(line, tag) && strstr(line, text) && strstr(line, tag) < end && strstr(line, text) < end)
            return true;
    }
    return false;
}

static void test_second_lock_refused_with_pid(void **state)
{
    outdir_lock a, b;
    diag_sink d;
    char pid[32];
    (void)state;
    diag_init(&d);
    assert_int_equal(outdir_lock_take(&a, ".", "p", &d), RC_OK);
    assert_true(plat_file_exists("p" OUTDIR_LOCK_SUFFIX));
    assert_int_equal(outdir_lock_take(&b, ".", "p", &d), RC_REFUSED);
    snprintf(pid, sizeof pid, "(pid %lu)", plat_process_id());
    assert_true(said(&d, E012, pid));
    assert_true(outdir_unlock(&b, &d));     /* not held: nothing to do */
    assert_true(plat_file_exists("p" OUTDIR_LOCK_SUFFIX));
    /* another NAME has a lock of its own */
    assert_int_equal(outdir_lock_take(&b, ".", "q", &d), RC_OK);
    assert_true(outdir_unlock(&b, &d));
    assert_true(outdir_unlock(&a, &d));
    assert_false(plat_file_exists("p" OUTDIR_LOCK_SUFFIX));
    assert_int_equal(outdir_lock_take(&a, ".", "p", &d), RC_OK);
    assert_true(outdir_unlock(&a, &d));
    diag_free(&d);
}

static void test_stale_lock_taken_over(void **state)
{
    outdir_lock a;
    diag_sink d;
    (void)state;
    diag_init(&d);
    put("p.mrb-lock", "999999999\n");
    assert_int_equal(outdir_lock_take(&a, ".", "p", &d), RC_OK);
    assert_true(outdir_unlock(&a, &d));
    assert_false(plat_file_exists("p.mrb-lock"));
    assert_int_equal(d.errors, 0);
    diag_free(&d);
}

static void test_links_refused(void **state)
{
    outdir_lock a;
    diag_sink d;
    struct stat st;
    buf b;
    const char *why;
    (void)state;
    diag_init(&d);
    assert_int_equal(symlink("target", "p.mrb-lock"), 0);
    assert_int_equal(outdir_lock_take(&a, ".", "p", &d), RC_USAGE);
    assert_true(outdir_unlock(&a, &d));
    assert_int_equal(lstat("target", &st), -1);
    assert_true(said(&d, E004, "symbolic link"));
    put("victim", "precious\n");
    assert_int_equal(link("victim", "q.mrb-lock"), 0);
    assert_int_equal(outdir_lock_take(&a, ".", "q", &d), RC_USAGE);
    assert_true(outdir_unlock(&a, &d));
    assert_true(said(&d, E004, "hard link"));
    buf_init(&b);
    assert_int_equal(plat_read_file("victim", 100, &b, &why), PLAT_OK);
    assert_string_equal(buf_cstr(&b), "precious\n");
    buf_free(&b);
    remove("p.mrb-lock");
    remove("q.mrb-lock");
    diag_free(&d);
}

static const char proc[] = "c379ba69fc3c7f697b71be468769b600e3d308bd3bf996b81a83369d7ea78ccd";
static const char lst[] = "228f4a32ef0c7f25c41729d7ef40e1b412e334ed93cd656fb95f827a3b4607e4";
static const char other[] = "0bf6ea0724152e0bb93b472f64f784fb30f4483dd3eab1fa7aee8eaa4c5afa2d";

static int check(const char *driver, const char *proc_sha, const char *lst_sha, diag_sink *d)
{
    outdir_plan p = {".", "p", "p.mrb", "srv.txt", proc_sha, lst_sha};
    remove("p.cmd");
    if (driver)
        put("p.cmd", driver);
    return outdir_check_plan(&p, d);
}

static void test_plan_held(void **state)
{
    char driver[512];
    diag_sink d;
    (void)state;
    diag_init(&d);
    snprintf(driver, sizeof driver,
             "@echo off\r\nrem mrb procedure p.mrb sha256 %s\r\nrem mrb listing srv a.txt sha256 %s\r\n", proc, lst);
    assert_int_equal(check(NULL, proc, lst, &d), RC_OK);
    assert_int_equal(check(driver, proc, lst, &d), RC_OK);
    assert_int_equal(d.errors, 0);
    assert_int_equal(check(driver, proc, other, &d), RC_REFUSED);
    assert_true(said(&d, E011, "(another listing)"));
    assert_int_equal(check(driver, other, lst, &d), RC_REFUSED);
    assert_true(said(&d, E011, "(another procedure)"));
    assert_int_equal(check(driver, other, other, &d), RC_REFUSED);
    assert_true(said(&d, E011, "(another procedure and another listing)"));
    assert_int_equal(check("@echo off\r\ndiskpart /s p.01.diskpart.txt\r\n", proc, lst, &d), RC_REFUSED);
    assert_true(said(&d, E011, "does not say which procedure and listing"));
    /* a line cut short is not a provenance line */
    snprintf(driver, sizeof driver, "rem mrb procedure p.mrb sha256 %s\nrem mrb listing srv.txt sha256 %.63s\n", proc,
             lst);
    assert_int_equal(check(driver, proc, lst, &d), RC_REFUSED);
    remove("p.cmd");
    diag_free(&d);
}

static void test_names(void **state)
{
    (void)state;
    assert_true(outdir_is_script("p.00.diskpart.txt", "p"));
    assert_true(outdir_is_script("p.123.diskpart.txt", "p"));
    assert_false(outdir_is_script("p.0.diskpart.txt", "p"));
    assert_false(outdir_is_script("q.01.diskpart.txt", "p"));
    assert_false(outdir_is_script("p.01.diskpart.txt.bak", "p"));
    /* the identity guard's scripts (compiler/out/emit_guard.c) */
    assert_true(outdir_is_script("p.00.disk1.diskpart.txt", "p"));
    assert_true(outdir_is_script("p.00.disk12.diskpart.txt", "p"));
    assert_false(outdir_is_script("p.00.disk.diskpart.txt", "p"));
    assert_false(outdir_is_script("p.00.diskx.diskpart.txt", "p"));
    assert_false(outdir_is_script("p.0.disk1.diskpart.txt", "p"));
    assert_true(outdir_is_staging("p.00.disk1.diskpart.txt.mrb-new", "p"));
    assert_true(outdir_is_staging("p.cmd.mrb-0123456789abcdef", "p"));
    /* as written while the command was named mrbc */
    assert_true(outdir_is_staging("p.cmd.mrb" "c-0123456789abcdef", "p"));
    assert_false(outdir_is_staging("p.cmd.mrbx-0123456789abcdef", "p"));
    assert_true(outdir_is_staging("p.01.diskpart.txt.mrb-0123456789abcdef", "p"));
    assert_true(outdir_is_staging("p.review.html.mrb-new", "p"));
    assert_true(outdir_is_staging("p.after.txt.mrb-ffffffffffffffff", "p"));
    assert_false(outdir_is_staging("p.cmd.mrb-0123456789ABCDEF", "p"));
    assert_false(outdir_is_staging("p.log.mrb-0123456789abcdef", "p"));
    assert_false(outdir_is_staging("p.cmd.mrb-0123", "p"));
    /* the lock file is neither: not a left-over, not extra */
    assert_false(outdir_is_staging("p" OUTDIR_LOCK_SUFFIX, "p"));
    assert_false(outdir_is_script("p" OUTDIR_LOCK_SUFFIX, "p"));
    assert_false(outdir_is_staging("p.01" OUTDIR_LOCK_SUFFIX, "p"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_second_lock_refused_with_pid, enter, leave),
        cmocka_unit_test_setup_teardown(test_stale_lock_taken_over, enter, leave),
        cmocka_unit_test_setup_teardown(test_links_refused, enter, leave),
        cmocka_unit_test_setup_teardown(test_plan_held, enter, leave),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
