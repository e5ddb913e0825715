/* test_resolve.c - three-valued conditions, selectors, letters, unrolling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "check/frontend.h"
#include "capture/listing.h"
#include "plan/plan.h"
#include "plan/resolve.h"
#include "diskpart/sim.h"

/* A server: disk 0 dynamic (447 GB, full), disk 1 blank (447 GB), disk 2
 * blank (931 GB), a missing disk, a degraded mirror C: and a DVD D:. */
static const char listing[] =
    "\n"
    "  Disk ###  Status         Size     Free     Dyn  Gpt\n"
    "  --------  -------------  -------  -------  ---  ---\n"
    "  Disk 0    Online          447 GB      0 B   *\n"
    "  Disk 1    Online          447 GB   447 GB\n"
    "  Disk 2    Online          931 GB   931 GB\n"
    "  Disk M0   Missing            0 B      0 B   *\n"
    "\n"
    "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n"
    "  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n"
    "  Volume 0     C   Windows      NTFS   Mirror       447 GB  Failed Rd  System\n"
    "  Volume 1     D                       DVD-ROM         0 B  No Media\n"
    "\n"
    "Disk 0 is now the selected disk.\n"
    "\n"
    "  Partition ###  Type              Size     Offset\n"
    "  -------------  ----------------  -------  -------\n"
    "  Partition 1    Dynamic Data       447 GB    31 KB\n"
    "\n"
    "Disk 1 is now the selected disk.\n"
    "\n"
    "There are no partitions on this disk to show.\n"
    "\n"
    "Disk 2 is now the selected disk.\n"
    "\n"
    "There are no partitions on this disk to show.\n";

typedef struct fixture {
    arena a;
    diag_sink d;
    diag_src src, lsrc;
    ast_file f;
    mdl_server snap;
    plan p;
    bool ok;
} fixture;

static const char head[] =
    "procedure \"t\"\n"
    "disk survivor = disk where status = Online and dynamic\n"
    "disk small = disk where blank and size < 500 GB\n"
    "disk large = disk where blank and size > 500 GB\n"
    "volume system = volume C\n";

static void resolve(fixture *x, const char *text)
{
    memset(x, 0, sizeof *x);
    arena_init(&x->a);
    diag_init(&x->d);
    x->d.max_errors = 0;
    x->src.name = "t.mrb";
    x->src.text = text;
    x->src.len = strlen(text);
    x->lsrc.name = "listing";
    x->lsrc.text = listing;
    x->lsrc.len = strlen(listing);
    mdl_server_init(&x->snap);
    plan_init(&x->p);
    if (fe_check(&x->a, &x->src, &x->d, &x->f) != FE_OK)
        fail_msg("front end refused:\n%s", buf_cstr(&x->d.out));
    if (!lst_read(&x->lsrc, &x->snap, &x->d))
        fail_msg("listing refused:\n%s", buf_cstr(&x->d.out));
    sim_infer(&x->snap);
    x->ok = res_plan(&x->f, &x->src, &x->snap, &x->p, &x->d);
}

static void done(fixture *x)
{
    plan_free(&x->p);
    mdl_server_free(&x->snap);
    diag_free(&x->d);
    arena_free(&x->a);
}

/* The value of `guard COND` on the listing: T, F or U. */
static char guard_value(const char *cond)
{
    fixture x;
    char text[1024];
    char r;
    snprintf(text, sizeof text, "%sguard %s else \"no\"\n", head, cond);
    resolve(&x, text);
    r = x.ok ? 'T' : strstr(buf_cstr(&x.d.out), "[E504]") ? 'F' : strstr(buf_cstr(&x.d.out), "[E505]") ? 'U' : '?';
    if (r == '?')
        fail_msg("%s: %s", cond, buf_cstr(&x.d.out));
    done(&x);
    return r;
}

static void test_sizes_three_valued(void **state)
{
    static const struct {
        const char *cond;
        char want;
    } cases[] = {
        /* a listed size is an interval: 447 GB is [447 GiB, 448 GiB) */
        {"survivor.size >= 447 GB", 'T'},   {"survivor.size < 448 GB", 'T'},
        {"survivor.size > 447 GB", 'U'},    {"survivor.size = 447 GB", 'U'},
        {"survivor.size >= 448 GB", 'F'},   {"survivor.size != 446 GB", 'T'},
        /* two listed sizes that display alike cannot be ordered */
        {"small.size >= survivor.size", 'U'}, {"small.size = survivor.size", 'U'},
        {"large.size > survivor.size", 'T'},  {"large.size <= survivor.size", 'F'},
        /* the volume: 447 GB too */
        {"system.size <= small.size", 'U'},  {"system.size < large.size", 'T'},
        /* exact sizes: 0 B */
        {"survivor.free = 0", 'T'},          {"survivor.free > 0", 'F'},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got = guard_value(cases[i].cond);
        if (got != cases[i].want)
            fail_msg("guard %s: %c, expected %c", cases[i].cond, got, cases[i].want);
    }
}

static void test_kleene(void **state)
{
    (void)state;
    /* false and unknown is false; true or unknown is true; not unknown is unknown */
    assert_int_equal(guard_value("survivor.size = 447 GB and survivor.gpt"), 'F');
    assert_int_equal(guard_value("survivor.size = 447 GB or survivor.dynamic"), 'T');
    assert_int_equal(guard_value("survivor.size = 447 GB and survivor.dynamic"), 'U');
    assert_int_equal(guard_value("not (survivor.size = 447 GB)"), 'U');
    /* counts: the missing disk, the two blank disks */
    assert_int_equal(guard_value("count(disk where status = Missing) = 1"), 'T');
    assert_int_equal(guard_value("count(disk where blank) = 2"), 'T');
    assert_int_equal(guard_value("count(volume where type = Mirror) >= 2"), 'F');
}

static void test_selectors_and_letters(void **state)
{
    fixture x;
    (void)state;
    resolve(&x, "procedure \"t\"\n"
                "disk small = disk where blank and size < 500 GB\n"
                "letter a = free letter\n"          /* D is the DVD's: E */
                "letter b = free letter from Y\n"   /* Y */
                "letter c = free letter from Z\n"   /* Z */
                "letter d = free letter from Z\n"); /* Z taken: wraps to F */
    assert_true(x.ok);
    assert_int_equal(x.p.nbinds, 5);
    assert_int_equal(x.p.binds[0].obj, OBJ_DISK);
    assert_int_equal(x.p.binds[0].disk.num, 1);
    assert_int_equal(x.p.binds[1].letter, 'E');
    assert_int_equal(x.p.binds[2].letter, 'Y');
    assert_int_equal(x.p.binds[3].letter, 'Z');
    assert_int_equal(x.p.binds[4].letter, 'F');
    done(&x);

    resolve(&x, "procedure \"t\"\ndisk any = disk where blank\n");
    assert_false(x.ok);
    assert_non_null(strstr(buf_cstr(&x.d.out), "'any' matches 2 disks of the listing"));
    assert_non_null(strstr(buf_cstr(&x.d.out), "Disk 1 (Online, 447 GB, free 447 GB, basic, MBR): matches"));
    assert_non_null(strstr(buf_cstr(&x.d.out), "Disk 0 (Online, 447 GB, free 0 B, dynamic, MBR): excluded: Disk 0 is dynamic"));
    done(&x);
}

static void test_for_each_unrolls_in_listing_order(void **state)
{
    fixture x;
    (void)state;
    resolve(&x, "procedure \"t\"\n"
                "step \"s\" {\n"
                "    for each disk d where blank {\n"
                "        select disk d\n"
                "    }\n"
                "}\n");
    assert_true(x.ok);
    assert_int_equal(x.p.nsteps, 1);
    assert_int_equal(x.p.steps[0].nacts, 2);
    assert_string_equal(x.p.steps[0].acts[0].text, "select disk 1");
    assert_string_equal(x.p.steps[0].acts[1].text, "select disk 2");
    assert_int_equal(x.p.steps[0].acts[1].line, 4);
    done(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes_three_valued),
        cmocka_unit_test(test_kleene),
        cmocka_unit_test(test_selectors_and_letters),
        cmocka_unit_test(test_for_each_unrolls_in_listing_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
