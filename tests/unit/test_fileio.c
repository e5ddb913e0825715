/* test_fileio.c - the durable-write layer: real files, fault injection, poisoning, atomic replacement. */
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
#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "scratch.h"
#include "base/platform.h"
#include "base/util.h"

/* ---- a scratch folder per test, the working directory while it runs ----- */

static int setup(void **state)
{
    (void)state;
    return scratch_enter("fio");
}

static int teardown(void **state)
{
    (void)state;
    return scratch_leave();
}

/* Number of entries in the scratch folder. */
static int entries(void)
{
    DIR *dir = opendir(".");
    struct dirent *e;
    int n = 0;
    assert_non_null(dir);
    while ((e = readdir(dir)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(dir);
    return n;
}

/* The contents of a file, NUL-terminated, in b (reset first). */
static bool slurp(const char *path, buf *b)
{
    const char *why;
    buf_reset(b);
    return plat_read_file(path, 1u << 20, b, &why) == PLAT_OK;
}

/* ---- plain use --------------------------------------------------------- */

static void test_open_modes(void **state)
{
    fio_file f;
    const char *why = NULL, *p = "a";
    buf b;
    (void)state;
    buf_init(&b);
    assert_int_equal(fio_open(&f, p, FIO_CREATE, &why), FIO_OK);
    assert_int_equal(f.size, 0);
    assert_int_equal(fio_append(&f, "hello ", 6, &why), FIO_OK);
    assert_int_equal(fio_append(&f, "world", 5, &why), FIO_OK);
    assert_int_equal(f.size, 11);
    assert_int_equal(fio_flush(&f, &why), FIO_OK);
    assert_int_equal(fio_close(&f, &why), FIO_OK);
    assert_int_equal(fio_close(&f, &why), FIO_OK);     /* closing twice is harmless */
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "hello world");

    /* a second creation is refused and leaves the file alone */
    assert_int_equal(fio_open(&f, p, FIO_CREATE, &why), FIO_ERR_OPEN);
    assert_non_null(why);
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "hello world");

    /* append continues at the end; truncate cuts; later writes go to the new end */
    assert_int_equal(fio_open(&f, p, FIO_APPEND, &why), FIO_OK);
    assert_int_equal(f.size, 11);
    assert_int_equal(fio_append(&f, "!", 1, &why), FIO_OK);
    assert_int_equal(fio_truncate(&f, 5, &why), FIO_OK);
    assert_int_equal(fio_truncate(&f, 6, &why), FIO_ERR_WRITE);   /* past the end */
    assert_int_equal(fio_append(&f, "?", 1, &why), FIO_OK);
    assert_int_equal(fio_flush(&f, &why), FIO_OK);
    assert_int_equal(fio_close(&f, &why), FIO_OK);
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "hello?");

    /* replace empties it */
    assert_int_equal(fio_open(&f, p, FIO_REPLACE, &why), FIO_OK);
    assert_int_equal(f.size, 0);
    assert_int_equal(fio_close(&f, &why), FIO_OK);
    assert_true(slurp(p, &b));
    assert_int_equal(b.len, 0);
    assert_false(fio_poisoned());
    buf_free(&b);
}

static void test_os_errors(void **state)
{
    fio_file f;
    const char *why = NULL;
    (void)state;
    /* append to a missing file; a file in a missing folder; a folder */
    assert_int_equal(fio_open(&f, "missing", FIO_APPEND, &why), FIO_ERR_OPEN);
    assert_int_equal(f.h, PLAT_NO_HANDLE);
    assert_int_equal(fio_open(&f, "no/such", FIO_CREATE, &why), FIO_ERR_OPEN);
    assert_int_equal(fio_open(&f, ".", FIO_APPEND, &why), FIO_ERR_OPEN);
    /* a closed file */
    assert_int_equal(fio_append(&f, "x", 1, &why), FIO_ERR_WRITE);
    assert_int_equal(fio_flush(&f, &why), FIO_ERR_FLUSH);
    assert_int_equal(fio_truncate(&f, 0, &why), FIO_ERR_WRITE);
    /* renaming a missing file */
    assert_int_equal(fio_rename("missing", "b", &why), FIO_ERR_RENAME);
    assert_int_equal(fio_write_atomic("no/such", "x", 1, &why), FIO_ERR_OPEN);
    assert_int_equal(entries(), 0);
    /* flushing a closed file is the caller's error, not the disk's */
    assert_false(fio_poisoned());
    assert_string_equal(fio_status_str(FIO_ERR_POISONED), "refused after an earlier failed flush");
    assert_string_equal(fio_status_str(FIO_OK), "ok");
    {
        enum fio_status st;
        for (st = FIO_OK; st <= FIO_ERR_NOMEM; st++)
            assert_string_not_equal(fio_status_str(st), "?");
        assert_string_equal(fio_status_str((enum fio_status)99), "?");
    }
}

static void test_write_atomic(void **state)
{
    const char *why = NULL, *p = "state";
    buf b;
    (void)state;
    buf_init(&b);
    assert_int_equal(fio_write_atomic(p, "one", 3, &why), FIO_OK);
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "one");
    assert_int_equal(fio_write_atomic(p, "second", 6, &why), FIO_OK);
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "second");
    assert_int_equal(fio_write_atomic(p, "", 0, &why), FIO_OK);
    assert_true(slurp(p, &b));
    assert_int_equal(b.len, 0);
    assert_int_equal(entries(), 1);     /* no temporary file left */
    /* the operations: open, write, flush, rename, folder flush */
    fio_test_reset();
    assert_int_equal(fio_write_atomic(p, "x", 1, &why), FIO_OK);
    assert_int_equal(fio_op_count(), 5);
    buf_free(&b);
}

/* ---- fault injection --------------------------------------------------- */

static void test_counting_and_kinds(void **state)
{
    fio_file f;
    const char *why = NULL, *p = "c";
    buf b;
    (void)state;
    buf_init(&b);
    /* create = open + folder flush */
    assert_int_equal(fio_open(&f, p, FIO_CREATE, &why), FIO_OK);
    assert_int_equal(fio_op_count(), 2);
    /* only writes counted: the 2nd write fails, torn in half */
    fio_fail_kinds(FIO_OP_WRITE);
    fio_fail_at(2, false);
    assert_int_equal(fio_append(&f, "abcd", 4, &why), FIO_OK);
    assert_int_equal(fio_flush(&f, &why), FIO_OK);
    assert_int_equal(fio_append(&f, "efghij", 6, &why), FIO_ERR_WRITE);
    assert_string_equal(why, "injected I/O fault (test)");
    assert_int_equal(f.size, 7);
    assert_int_equal(fio_injected_kinds(), FIO_OP_WRITE);
    assert_false(fio_poisoned());
    /* one-off: the next write works */
    assert_int_equal(fio_append(&f, "k", 1, &why), FIO_OK);
    assert_int_equal(fio_op_count(), 3);
    assert_int_equal(fio_flush(&f, &why), FIO_OK);
    assert_int_equal(fio_close(&f, &why), FIO_OK);
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "abcdefgk");
    /* persistent: every counted operation from the Nth on fails */
    fio_test_reset();
    fio_fail_kinds(FIO_OP_OPEN | FIO_OP_TRUNCATE);
    fio_fail_at(2, true);
    assert_int_equal(fio_open(&f, p, FIO_APPEND, &why), FIO_OK);
    assert_int_equal(fio_truncate(&f, 1, &why), FIO_ERR_WRITE);
    assert_int_equal(fio_truncate(&f, 1, &why), FIO_ERR_WRITE);
    assert_int_equal(fio_append(&f, "z", 1, &why), FIO_OK);      /* not counted */
    assert_int_equal(fio_close(&f, &why), FIO_OK);
    assert_int_equal(fio_open(&f, p, FIO_APPEND, &why), FIO_ERR_OPEN);
    assert_int_equal(fio_injected_kinds(), FIO_OP_OPEN | FIO_OP_TRUNCATE);
    assert_int_equal(fio_op_count(), 4);
    /* an injected rename leaves both files alone */
    fio_test_reset();
    fio_fail_at(1, false);
    assert_int_equal(fio_rename(p, "d", &why), FIO_ERR_RENAME);
    assert_true(plat_file_exists(p));
    assert_false(plat_file_exists("d"));
    assert_false(fio_poisoned());
    buf_free(&b);
}

static void test_poisoning(void **state)
{
    fio_file f, g;
    const char *why = NULL, *p = "p";
    (void)state;
    assert_int_equal(fio_open(&f, p, FIO_CREATE, &why), FIO_OK);
    assert_int_equal(fio_append(&f, "abc", 3, &why), FIO_OK);
    fio_fail_kinds(FIO_OP_FLUSH);
    fio_fail_at(1, false);
    assert_int_equal(fio_flush(&f, &why), FIO_ERR_FLUSH);
    assert_true(fio_poisoned());
    /* one-off fault, yet everything that writes is refused from now on */
    assert_int_equal(fio_flush(&f, &why), FIO_ERR_POISONED);
    assert_string_equal(why, "an earlier flush to the disk failed in this process");
    assert_int_equal(fio_append(&f, "d", 1, &why), FIO_ERR_POISONED);
    assert_int_equal(fio_truncate(&f, 0, &why), FIO_ERR_POISONED);
    assert_int_equal(fio_open(&g, "q", FIO_CREATE, &why), FIO_ERR_POISONED);
    assert_int_equal(fio_rename(p, "r", &why), FIO_ERR_POISONED);
    assert_int_equal(fio_write_atomic("s", "x", 1, &why), FIO_ERR_POISONED);
    assert_int_equal(fio_close(&f, &why), FIO_OK);      /* closing still works */
    assert_int_equal(entries(), 1);
    assert_int_equal(fio_op_count(), 1);                /* refusals are not counted */
    /* a failed folder flush poisons too */
    fio_test_reset();
    fio_fail_kinds(FIO_OP_SYNCDIR);
    fio_fail_at(1, false);
    assert_int_equal(fio_open(&g, "q", FIO_CREATE, &why), FIO_ERR_FLUSH);
    assert_int_equal(g.h, PLAT_NO_HANDLE);
    assert_true(fio_poisoned());
}

/* T5 on the atomic write: fail the Nth operation, one-off and persistent,
 * for N = 1 until the write succeeds.  The target holds the old text or the
 * new one, never a mix; no temporary file is left; the layer is poisoned
 * exactly when a flush failed; an error is a status and a reason. */
static void test_write_atomic_sweep(void **state)
{
    const char *p = "state";
    const char *oldtext = "old contents\n", *newtext = "new contents, longer than the old\n";
    unsigned long n, cases = 0;
    int mode;
    buf b;
    (void)state;
    buf_init(&b);
    for (mode = 0; mode < 2; mode++) {
        for (n = 1;; n++) {
            const char *why = NULL;
            enum fio_status st;
            unsigned kinds;
            fio_test_reset();
            assert_int_equal(fio_write_atomic(p, oldtext, strlen(oldtext), &why), FIO_OK);
            fio_fail_at(n, mode == 1);
            st = fio_write_atomic(p, newtext, strlen(newtext), &why);
            kinds = fio_injected_kinds();
            cases++;
            assert_true(slurp(p, &b));
            assert_int_equal(entries(), 1);
            if (st == FIO_OK) {
                assert_int_equal(kinds, 0);
                assert_string_equal(b.data, newtext);
                assert_false(fio_poisoned());
                assert_true(n > fio_op_count());
                break;
            }
            assert_non_null(why);
            assert_int_not_equal(kinds, 0);
            assert_int_equal(fio_poisoned(), (kinds & (FIO_OP_FLUSH | FIO_OP_SYNCDIR)) != 0);
            /* only a failed folder flush comes after the rename */
            if (kinds == FIO_OP_SYNCDIR) {
                assert_int_equal(st, FIO_ERR_FLUSH);
                assert_string_equal(b.data, newtext);
            } else {
                assert_string_equal(b.data, oldtext);
            }
        }
        assert_int_equal(n, 6);     /* 5 operations */
    }
    print_message("fio_write_atomic: %lu injection cases (2 modes), all clean\n", cases);
    buf_free(&b);
}

static void test_write_atomic_alloc_sweep(void **state)
{
    const char *p = "state";
    unsigned long n;
    buf b;
    (void)state;
    buf_init(&b);
    for (n = 1;; n++) {
        const char *why = NULL;
        enum fio_status st;
        util_fail_alloc_at(n, false);
        st = fio_write_atomic(p, "abc", 3, &why);
        util_fail_alloc_at(0, false);
        if (st == FIO_OK)
            break;
        assert_int_equal(st, FIO_ERR_NOMEM);
        assert_false(plat_file_exists(p));
        assert_int_equal(entries(), 0);
    }
    assert_true(n >= 2);
    assert_true(slurp(p, &b));
    assert_string_equal(b.data, "abc");
    buf_free(&b);
}

/* ---- exclusive creation: temporary and staging files ------------------ */

static void test_exclusive_never_follows(void **state)
{
    fio_file f;
    const char *why = "";
    buf b;
    (void)state;
    buf_init(&b);
    /* a symbolic link under the name, dangling or not: refused, the target
     * neither created nor written */
    assert_int_equal(symlink("victim", "link"), 0);
    assert_int_equal(fio_open(&f, "link", FIO_EXCLUSIVE, &why), FIO_ERR_OPEN);
    assert_false(plat_file_exists("victim"));
    assert_int_equal(fio_write_atomic("victim", "precious", 8, &why), FIO_OK);
    assert_int_equal(fio_open(&f, "link", FIO_EXCLUSIVE, &why), FIO_ERR_OPEN);
    assert_true(slurp("victim", &b));
    assert_string_equal(b.data, "precious");
    /* a file under the name: refused, left as it was */
    assert_int_equal(fio_open(&f, "victim", FIO_EXCLUSIVE, &why), FIO_ERR_OPEN);
    assert_true(slurp("victim", &b));
    assert_string_equal(b.data, "precious");
    buf_free(&b);
}

static void test_open_temp(void **state)
{
    fio_file f, g;
    buf a, b;
    const char *why = "";
    size_t i;
    (void)state;
    buf_init(&a);
    buf_init(&b);
    assert_int_equal(fio_open_temp(&f, "x.mrb-", &a, &why), FIO_OK);
    assert_int_equal(fio_open_temp(&g, "x.mrb-", &b, &why), FIO_OK);
    /* the prefix and 16 lowercase hexadecimal digits, two different names */
    assert_int_equal(a.len, strlen("x.mrb-") + 16);
    assert_memory_equal(a.data, "x.mrb-", 6);
    for (i = 6; i < a.len; i++)
        assert_non_null(strchr("0123456789abcdef", a.data[i]));
    assert_string_not_equal(a.data, b.data);
    assert_int_equal(fio_append(&f, "1", 1, &why), FIO_OK);
    assert_int_equal(fio_close(&f, &why), FIO_OK);
    assert_int_equal(fio_close(&g, &why), FIO_OK);
    assert_int_equal(entries(), 2);
    /* an injected failure of the open: no file, the status said */
    fio_fail_at(1, false);
    assert_int_equal(fio_open_temp(&f, "y.mrb-", &a, &why), FIO_ERR_OPEN);
    assert_int_equal(entries(), 2);
    /* a folder that does not exist: refused at once */
    fio_test_reset();
    assert_int_equal(fio_open_temp(&f, "no/such/y.mrb-", &a, &why), FIO_ERR_OPEN);
    buf_free(&a);
    buf_free(&b);
}

static void test_atomic_leaves_no_temporary(void **state)
{
    const char *why = "";
    (void)state;
    assert_int_equal(fio_write_atomic("s", "one\n", 4, &why), FIO_OK);
    assert_int_equal(fio_write_atomic("s", "two\n", 4, &why), FIO_OK);
    assert_int_equal(entries(), 1);
}

static void test_platform_folder_calls(void **state)
{
    buf names;
    const char *why = "", *p;
    int n = 0;
    bool saw_a = false, saw_d = false;
    (void)state;
    buf_init(&names);
    assert_int_equal(mkdir("d", 0700), 0);
    assert_int_equal(fio_write_atomic("a", "x", 1, &why), FIO_OK);
    assert_int_equal(plat_list_dir(".", &names, &why), PLAT_OK);
    for (p = names.data; p < names.data + names.len; p += strlen(p) + 1) {
        n++;
        saw_a |= strcmp(p, "a") == 0;
        saw_d |= strcmp(p, "d") == 0;
    }
    assert_int_equal(n, 2);
    assert_true(saw_a && saw_d);
    assert_int_equal(plat_list_dir("nosuch", &names, &why), PLAT_ERR_OPEN);
    /* a rename may replace a file, a link or nothing; not a folder */
    assert_int_equal(plat_check_replaceable("a", &why), PLAT_OK);
    assert_int_equal(plat_check_replaceable("nothing", &why), PLAT_OK);
    assert_int_equal(plat_check_replaceable("d", &why), PLAT_ERR_OPEN);
    assert_non_null(strstr(why, "folder"));
    assert_int_equal(symlink("d", "l"), 0);
    assert_int_equal(plat_check_replaceable("l", &why), PLAT_OK);
    rmdir("d");
    buf_free(&names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_os_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counting_and_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poisoning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_alloc_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exclusive_never_follows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_temp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_leaves_no_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_folder_calls, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
