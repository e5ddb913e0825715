/* test_parser.c - the .mrb parser: trees, recovery, and out-of-memory paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lang/ast.h"
#include "base/diag.h"
#include "fixture.h"
#include "check/frontend.h"

typedef struct parsed {
    arena a;
    diag_sink d;
    diag_src src;
    ast_file f;
    enum fe_status st;
    buf dump;
} parsed;

static void parse(const char *text, parsed *p)
{
    memset(p, 0, sizeof *p);
    arena_init(&p->a);
    diag_init(&p->d);
    buf_init(&p->dump);
    p->src.name = "t.mrb";
    p->src.text = text;
    p->src.len = strlen(text);
    p->st = fe_parse(&p->a, &p->src, &p->d, &p->f);
    if (p->st != FE_NOMEM)
        ast_dump(&p->dump, &p->f);
}

static void done(parsed *p)
{
    buf_free(&p->dump);
    diag_free(&p->d);
    arena_free(&p->a);
}

static void test_declarations(void **state)
{
    parsed p;
    parse("procedure \"P\"\n"
          "disk missing = disk where status = Missing\n"
          "disk r = disk where status = Online and not dynamic\n"
          "    and free = size and size >= survivor.size\n"
          "volume system = volume C\n"
          "partition esp = partition where disk = r and type = System\n"
          "letter src = free letter from S\n"
          "letter dst = free letter\n",
          &p);
    assert_int_equal(p.st, FE_OK);
    assert_string_equal(buf_cstr(&p.dump),
                        "(procedure \"P\")\n"
                        "(disk missing (disk (= status Missing)))\n"
                        "(disk r (disk (and (= status Online) (not dynamic) (= free size) (>= size survivor.size))))\n"
                        "(volume system (volume C))\n"
                        "(partition esp (partition (and (= disk r) (= type System))))\n"
                        "(letter src from S)\n"
                        "(letter dst)\n");
    done(&p);
}

static void test_guard_and_precedence(void **state)
{
    parsed p;
    parse("procedure \"P\"\n"
          "guard a.x = 1 or b.y = 2 and not (c.z = 3 or d) else \"m\"\n"
          "guard count(disk where status = Missing) = 0 else \"n\"\n",
          &p);
    assert_int_equal(p.st, FE_OK);
    assert_string_equal(buf_cstr(&p.dump),
                        "(procedure \"P\")\n"
                        "(guard (or (= a.x 1) (and (= b.y 2) (not (or (= c.z 3) d)))) \"m\")\n"
                        "(guard (= (count (disk (= status Missing))) 0) \"n\")\n");
    done(&p);
}

static void test_step_commands(void **state)
{
    parsed p;
    parse("procedure \"P\"\n"
          "step \"s\" {\n"
          "    select disk replacement\n"
          "    clean\n"
          "    convert gpt\n"
          "    select partition 1\n"
          "    delete partition override\n"
          "    create partition efi size = 350 MB\n"
          "    format quick fs = fat32 label = \"EFI\"\n"
          "    assign letter = dst\n"
          "    for each volume v where type = Mirror {\n"
          "        select volume v\n"
          "        break disk missing nokeep\n"
          "    }\n"
          "    require x.y = 1 else \"why\"\n"
          "    ensure count(disk where status = Missing) = 0\n"
          "    robocopy src:\\ dst:\\ * /e /xf BCD.* /xd \"System Volume Information\"\n"
          "    bcdedit /export dst:\\EFI\\BCD\n"
          "    bcdedit /store dst:\\EFI\\BCD /set {bootmgr} device partition=dst:\n"
          "    remove\n"
          "}\n",
          &p);
    assert_int_equal(p.st, FE_OK);
    assert_string_equal(buf_cstr(&p.dump),
                        "(procedure \"P\")\n"
                        "(step \"s\" (select disk replacement) (clean) (convert gpt) (select partition 1)"
                        " (delete partition override) (create partition efi size=350MB)"
                        " (format quick fs=fat32 label=\"EFI\") (assign letter=dst)"
                        " (for-each volume v (= type Mirror) (select volume v) (break disk missing nokeep))"
                        " (require (= x.y 1) \"why\") (ensure (= (count (disk (= status Missing))) 0))"
                        " (robocopy src:\\ dst:\\ * /e /xf BCD.* /xd \"System Volume Information\")"
                        " (bcdedit-export dst:\\EFI\\BCD)"
                        " (bcdedit-store-set dst:\\EFI\\BCD {bootmgr} device dst:) (remove))\n");
    done(&p);
}

static void test_locations(void **state)
{
    parsed p;
    const ast_node *step, *cmd;
    parse("procedure \"P\"\nstep \"s\" {\n    select disk d\n}\n", &p);
    assert_int_equal(p.st, FE_OK);
    step = p.f.items;
    assert_int_equal(step->kind, AST_STEP);
    cmd = step->u.step.body;
    assert_int_equal(cmd->kind, AST_DISKPART);
    assert_int_equal(cmd->u.dp.cmd, AST_CMD_SELECT_DISK);
    assert_int_equal(cmd->loc.start, strlen("procedure \"P\"\nstep \"s\" {\n    "));
    assert_int_equal(cmd->loc.end - cmd->loc.start, strlen("select disk d"));
    assert_int_equal(cmd->u.dp.target->loc.end - cmd->u.dp.target->loc.start, 1);
    done(&p);
}

static void test_recovery_reports_every_error(void **state)
{
    parsed p;
    parse("procedure \"P\"\n"
          "disk a = disk where status == Missing\n"
          "disk b = disk status = Online\n"
          "step \"s\" {\n"
          "    select disk\n"
          "    clean\n"
          "    convert\n"
          "}\n"
          "guard else \"x\"\n"
          "disk c = disk where gpt\n",
          &p);
    assert_int_equal(p.st, FE_ERRORS);
    assert_int_equal(p.d.errors, 5);
    /* what parsed around the errors is kept */
    assert_non_null(strstr(buf_cstr(&p.dump), "(step \"s\" (clean))"));
    assert_non_null(strstr(buf_cstr(&p.dump), "(disk c (disk gpt))"));
    done(&p);
}

static void test_recovery_at_a_broken_header(void **state)
{
    parsed p;
    parse("procedure \"P\"\n"
          "step {\n    clean\n}\n"
          "step \"t\" {\n    for each volume where gpt {\n        clean\n    }\n    clean\n}\n"
          "disk c = disk where gpt\n",
          &p);
    assert_int_equal(p.st, FE_ERRORS);
    assert_int_equal(p.d.errors, 2);
    assert_non_null(strstr(buf_cstr(&p.dump), "(step \"t\" (clean))"));
    assert_non_null(strstr(buf_cstr(&p.dump), "(disk c (disk gpt))"));
    done(&p);
}

static void test_messages_use_the_users_words(void **state)
{
    parsed p;
    parse("procedure \"P\"\ndisk b = disk status = Online\n", &p);
    assert_string_equal(buf_cstr(&p.d.out),
                        "t.mrb:2:15: error: unexpected identifier, expecting 'where' [E301]\n"
                        " disk b = disk status = Online\n"
                        "               ^~~~~~\n");
    done(&p);
}

static void test_empty_and_missing_title(void **state)
{
    parsed p;
    parse("", &p);
    assert_int_equal(p.st, FE_ERRORS);
    assert_non_null(strstr(buf_cstr(&p.d.out), "unexpected end of file, expecting 'procedure'"));
    done(&p);
    parse("procedure \"P\"", &p);
    assert_int_equal(p.st, FE_OK);
    done(&p);
}

static void test_size_option_is_not_two_options(void **state)
{
    parsed p;
    parse("procedure \"P\"\nstep \"s\" {\n    create partition msr size = 128 MB\n"
          "    create partition primary size = 10 quick\n}\n",
          &p);
    assert_int_equal(p.st, FE_OK);
    assert_non_null(strstr(buf_cstr(&p.dump), "(create partition msr size=128MB)"));
    assert_non_null(strstr(buf_cstr(&p.dump), "(create partition primary size=10quick)"));
    done(&p);
}

static void test_examples_parse(void **state)
{
    static const char *const files[] = {"examples/mbr-rebuild.mrb", "examples/gpt-rebuild.mrb"};
    size_t i;
    for (i = 0; i < 2; i++) {
        buf text;
        parsed p;
        buf_init(&text);
        slurp(files[i], &text);
        parse(buf_cstr(&text), &p);
        assert_int_equal(p.st, FE_OK);
        done(&p);
        buf_free(&text);
    }
}

/* Every allocation of a parse may fail: the result is FE_NOMEM, no crash, no leak. */
static void test_out_of_memory(void **state)
{
    (void)state;
    sweep_allocations("examples/gpt-rebuild.mrb", 200, fe_parse);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declarations),
        cmocka_unit_test(test_guard_and_precedence),
        cmocka_unit_test(test_step_commands),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_recovery_reports_every_error),
        cmocka_unit_test(test_recovery_at_a_broken_header),
        cmocka_unit_test(test_messages_use_the_users_words),
        cmocka_unit_test(test_empty_and_missing_title),
        cmocka_unit_test(test_size_option_is_not_two_options),
        cmocka_unit_test(test_examples_parse),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
