/* test_verify.c - the verifier's safety rules hold whatever the plan says.
 *
 * The checker (E424) and the resolver keep a procedure from naming a disk
 * that holds data; the verifier checks again on the model, from the
 * listing's facts alone.  These tests take the guide's GPT plan and change
 * its DiskPart lines as a faulty resolver might, then expect the verifier
 * to refuse: E605 for a destructive command on a disk that holds data or a
 * break of a plex that is not missing, E606 for a second disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "cli/cli.h"
#include "base/diag.h"
#include "check/frontend.h"
#include "base/mrblimits.h"
#include "plan/plan.h"
#include "plan/resolve.h"
#include "diskpart/sim.h"
#include "plan/verify.h"

typedef struct fixture {
    arena a;
    diag_sink d;
    buf text;
    diag_src src;
    ast_file f;
    mdl_server snap;
    plan p;
} fixture;

static void setup(fixture *x, const char *mrb, const char *listing)
{
    memset(x, 0, sizeof *x);
    arena_init(&x->a);
    diag_init(&x->d);
    buf_init(&x->text);
    mdl_server_init(&x->snap);
    plan_init(&x->p);
    assert_int_equal(cli_read_text(mrb, TXT_SOURCE, LIM_SOURCE_BYTES, &x->text, &x->d), RC_OK);
    x->src.name = mrb;
    x->src.text = buf_cstr(&x->text);
    x->src.len = x->text.len;
    assert_int_equal(fe_check(&x->a, &x->src, &x->d, &x->f), FE_OK);
    assert_int_equal(cli_load_server(listing, &(cli_words){0}, &x->snap, &x->d), RC_OK);
    sim_infer(&x->snap);
    assert_true(res_plan(&x->f, &x->src, &x->snap, &x->p, &x->d));
}

static void done(fixture *x)
{
    plan_free(&x->p);
    mdl_server_free(&x->snap);
    buf_free(&x->text);
    diag_free(&x->d);
    arena_free(&x->a);
}

/* Replace the text of the first action whose text is from with to. */
static void rewrite(plan *p, const char *from, const char *to)
{
    size_t i, j;
    for (i = 0; i < p->nsteps; i++)
        for (j = 0; j < p->steps[i].nacts; j++) {
            plan_act *a = &p->steps[i].acts[j];
            if (a->text && strcmp(a->text, from) == 0) {
                util_free(a->text);
                a->text = util_strndup(to, strlen(to));
                assert_non_null(a->text);
                return;
            }
        }
    fail_msg("no action '%s' in the plan", from);
}

static const char *verify(fixture *x)
{
    sim_opts o;
    sim_opts_default(&o);
    buf_reset(&x->d.out);
    if (vfy_plan(&x->p, &x->src, &x->snap, &o, &x->d))
        return "";
    return buf_cstr(&x->d.out);
}

static void test_the_guide_verifies(void **state)
{
    fixture x;
    (void)state;
    setup(&x, "examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt");
    assert_string_equal(verify(&x), "");
    done(&x);
}

static void test_clean_on_the_survivor(void **state)
{
    fixture x;
    (void)state;
    setup(&x, "examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt");
    rewrite(&x.p, "select disk 1", "select disk 0");
    assert_non_null(strstr(verify(&x), "'clean' would reach Disk 0, which holds data in the listing: Disk 0 is "
                                       "dynamic [E605]"));
    done(&x);
}

static void test_break_of_an_online_plex(void **state)
{
    fixture x;
    (void)state;
    setup(&x, "examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt");
    rewrite(&x.p, "break disk M0 nokeep", "break disk 0 nokeep");
    assert_non_null(strstr(verify(&x), "'break disk 0 nokeep' would reach Disk 0, which is not a missing disk "
                                       "in the listing [E605]"));
    done(&x);
}

static void test_delete_of_an_online_disk(void **state)
{
    fixture x;
    (void)state;
    setup(&x, "examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt");
    rewrite(&x.p, "select disk M0", "select disk 1");
    assert_non_null(strstr(verify(&x), "'delete disk' would reach Disk 1, which is not a missing disk in the "
                                       "listing [E605]"));
    done(&x);
}

static void test_add_onto_the_survivor(void **state)
{
    fixture x;
    (void)state;
    setup(&x, "examples/gpt-rebuild.mrb", "examples/listings/seed-gpt-probed.txt");
    rewrite(&x.p, "add disk 1", "add disk 0");
    assert_non_null(strstr(verify(&x), "'add disk 0' would reach Disk 0, which holds data in the listing: Disk 0 "
                                       "is dynamic [E605]"));
    done(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_guide_verifies),   cmocka_unit_test(test_clean_on_the_survivor),
        cmocka_unit_test(test_break_of_an_online_plex), cmocka_unit_test(test_delete_of_an_online_disk),
        cmocka_unit_test(test_add_onto_the_survivor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
