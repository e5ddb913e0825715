/* test_check.c - the checker: every diagnostic, what names resolve to, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lang/ast.h"
#include "check/check.h"
#include "base/diag.h"
#include "fixture.h"
#include "check/frontend.h"
#include "base/mrblimits.h"
#include "diskpart/model.h"

typedef struct checked {
    arena a;
    diag_sink d;
    diag_src src;
    ast_file f;
    enum fe_status st;
} checked;

static void check(const char *text, checked *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->a);
    diag_init(&c->d);
    c->d.max_errors = 0;
    c->src.name = "t.mrb";
    c->src.text = text;
    c->src.len = strlen(text);
    c->st = fe_check(&c->a, &c->src, &c->d, &c->f);
}

static void done(checked *c)
{
    diag_free(&c->d);
    arena_free(&c->a);
}

static unsigned count_of(checked *c, const char *s)
{
    const char *p = buf_cstr(&c->d.out);
    unsigned n = 0;
    while ((p = strstr(p, s)) != NULL) {
        n++;
        p += strlen(s);
    }
    return n;
}

#define P "procedure \"p\"\n"
#define DECLS P "disk missing = disk where status = Missing\n" \
    "disk survivor = disk where status = Online and dynamic\n" \
    "disk replacement = disk where not dynamic and free = size and size >= survivor.size\n" \
    "volume system = volume C\n" \
    "partition esp = partition where disk = survivor and type = System\n" \
    "letter src = free letter from S\n" \
    "letter dst = free letter from T\n"

/* One mistake per line of this table: the source, and the code it must get. */
static const struct {
    const char *src;
    const char *code;
} mistakes[] = {
    {DECLS "guard survivr.size > 0 else \"x\"\n", "'survivr' is not defined; did you mean 'survivor'? [E401]"},
    {DECLS "disk a = disk where size >= later.size\ndisk later = disk where gpt\n", "[E401]"},
    {DECLS "disk missing = disk where gpt\n", "'missing' is already defined, as a disk, at line 2 [E402]"},
    {DECLS "step \"s\" {\n for each volume src where type = Mirror {\n }\n}\n", "[E402]"},
    {DECLS "step \"s\" {\n select disk system\n}\n", "'system' is a volume, but 'select disk' needs a disk [E403]"},
    {DECLS "step \"s\" {\n add disk esp\n}\n", "[E403]"},
    {DECLS "step \"s\" {\n select partition survivor\n}\n", "[E403]"},
    {DECLS "step \"s\" {\n assign letter = system\n}\n", "'system' is a volume, not a letter variable [E403]"},
    {DECLS "volume v = disk where gpt\n", "'v' is declared as a volume but this selects disks [E403]"},
    {DECLS "disk m = disk where status = Mising\n", "unknown disk status 'Mising'; did you mean 'Missing'? [E404]"},
    {DECLS "disk m = disk where status = missing\n", "did you mean 'Missing'? [E404]"},
    {DECLS "guard system.status = \"Failed rd\" else \"x\"\n", "did you mean 'Failed Rd'? [E404]"},
    {DECLS "guard system.info = Bot else \"x\"\n", "did you mean 'Boot'? [E404]"},
    {DECLS "partition p = partition where type = Banana\n", "unknown partition type 'Banana' (expected Primary, Extended, "},
    {DECLS "step \"s\" {\n convert dynamik\n}\n", "did you mean 'dynamic'? [E404]"},
    {DECLS "step \"s\" {\n format fs = ntf\n}\n", "did you mean 'NTFS'? [E404]"},
    {DECLS "disk d = disk where colour = \"red\"\n", "a disk has no attribute 'colour' (it has status, size, free, dynamic, gpt, blank, model, location, bus, serial, bytes) [E405]"},
    {DECLS "guard system.lable = \"x\" else \"x\"\n", "did you mean 'label'? [E405]"},
    {DECLS "disk d = disk where number = 1\n", "[E406]"},
    {DECLS "guard survivor.number = 0 else \"x\"\n", "[E406]"},
    {DECLS "step \"s\" {\n select disk 1\n}\n", "'select disk 1' uses a disk number: disk numbers change between boots; name a disk selector instead (declared: missing, survivor, replacement) [E406]"},
    {DECLS "step \"s\" {\n break disk m0 nokeep\n}\n", "'m0' is DiskPart's number for a missing disk"},
    {DECLS "step \"s\" {\n select volume 0\n}\n", "[E407]"},
    {DECLS "guard survivor.size = system.type else \"x\"\n", "cannot compare a size with a volume type [E408]"},
    {DECLS "guard survivor.size else \"x\"\n", "expected a condition, found a size [E408]"},
    {DECLS "guard src.size > 0 else \"x\"\n", "[E408]"},
    {DECLS "guard system.type > Mirror else \"x\"\n", "[E409]"},
    {DECLS "disk d = disk where size > 447\n", "a size needs a unit: write 447 MB, 447 GB, ... (units are binary, as in DiskPart) [E410]"},
    {DECLS "disk d = disk where size > 447 Gb\n", "did you mean 'GB'? [E410]"},
    {DECLS "step \"s\" {\n robocopy src:\\ dst:\\ *\n}\n", "letter 'src' is not assigned here"},
    {DECLS "step \"s\" {\n assign letter = src\n remove letter = src\n bcdedit /export src:\\BCD\n}\n", "[E411]"},
    {DECLS "step \"s\" {\n assign letter = src\n select volume src\n remove\n select volume src\n}\n", "[E411]"},
    {DECLS "step \"s\" {\n assign letter = s\n}\n", "'s' is a drive letter written out; letters are chosen per server"},
    {DECLS "step \"s\" {\n ensure free = 0\n}\n", "'free' is an attribute: say whose, e.g. NAME.free, or use it inside 'where' [E413]"},
    {DECLS "step \"s\" {\n create partition efi size = 1 KB\n}\n", "[E414]"},
    {DECLS "step \"s\" {\n break disk missing keep\n}\n", "'keep' is not an option of 'break disk' (its options: nokeep); did you mean 'nokeep'? [E415]"},
    {DECLS "step \"s\" {\n format fs = ntfs fs = fat32\n}\n", "'fs' is given twice [E415]"},
    {DECLS "step \"s\" {\n assign letter = dst\n robocopy src:\\ dst:\\ /purge\n}\n", "[E416]"},
    {DECLS "step \"s\" {\n select partition 0\n}\n", "partition numbers start at 1 [E417]"},
    {DECLS "step \"a\" {\n}\nstep \"a\" {\n}\n", "[E418]"},
    {DECLS "volume v = volume CD\n", "'CD' is not a drive letter (one letter, A to Z) [E419]"},
    {DECLS "guard system.letter = 5 else \"x\"\n", "[E408]"},
    {DECLS "step \"s\" {\n assign letter = dst\n assign letter = dst\n}\n", "letter 'dst' is already assigned (line 10); remove it first [E420]"},
    {DECLS "step \"s\" {\n clean\n}\n", "'clean' needs a disk with focus, but no disk has focus here: each step starts a new DiskPart run, with no focus; select one first ('select disk NAME') [E423]"},
    {DECLS "step \"s\" {\n select disk replacement\n delete partition\n}\n", "'delete partition' needs a partition with focus, but no partition has focus here: 'select disk' on line 10 leaves none; select one first"},
    {DECLS "step \"s\" {\n select volume system\n break disk missing nokeep\n format fs = ntfs\n}\n", "'format' needs a volume with focus, but no volume has focus here: 'break disk' on line 11 leaves none; select one first"},
    {DECLS "step \"s\" {\n select disk replacement\n}\nstep \"t\" {\n convert gpt\n}\n", "'convert gpt' needs a disk with focus, but no disk has focus here: each step starts"},
    {DECLS "step \"s\" {\n select disk survivor\n select partition esp\n assign letter = src\n robocopy src:\\ src:\\x *\n remove\n}\n", "the DiskPart run ended at the robocopy on line 13, and a new one starts with no focus; select one first"},
    {DECLS "step \"s\" {\n select disk replacement\n clean\n delete partition\n}\n", "'clean' on line 11 leaves none; select one first"},
    {DECLS "step \"s\" {\n select disk missing\n delete disk\n list partition\n}\n", "'delete disk' on line 11 leaves none; select one first"},
    {DECLS "step \"s\" {\n for each volume v where type = Mirror {\n  select volume v\n }\n select partition 1\n}\n", "'select partition' needs a disk with focus, but no disk has focus here: each step starts"},
    {DECLS "step \"s\" {\n for each volume v where type = Mirror {\n  add disk replacement\n  select volume v\n  break disk missing nokeep\n }\n}\n", "'break disk' on line 13 leaves none (in the loop's previous round); select"},
    /* destructive commands need a disk whose selector proves it holds nothing needed */
    {DECLS "step \"s\" {\n select volume system\n clean\n ensure system.size > 0\n}\n", "'clean' would reach the disk in focus, which no disk selector names here"},
    {DECLS "step \"s\" {\n select disk survivor\n clean\n ensure survivor.size > 0\n}\n", "'clean' would reach 'survivor', but its predicate does not show that the disk holds nothing still needed"},
    {DECLS "step \"s\" {\n select volume system\n break disk survivor nokeep\n ensure system.size > 0\n}\n", "it must require 'status = Missing'"},
    {DECLS "step \"s\" {\n select disk replacement\n delete disk\n ensure replacement.gpt\n}\n", "[E424]"},
};

/* Legal but risky: a warning, and the procedure is not refused. */
static const struct {
    const char *src;
    const char *code;
} risks[] = {
    {DECLS "step \"s\" {\n select disk replacement\n clean\n}\n", "this step destroys data ('clean' on line 11) but has no 'ensure'"},
    {DECLS "step \"s\" {\n for each volume v where type = Mirror {\n  select volume v\n  break disk missing nokeep\n }\n}\n", "('break disk' on line 12) but has no 'ensure'"},
    {DECLS "step \"s\" {\n select volume system\n add disk replacement\n}\n", "nothing before this converts 'replacement' to dynamic"},
    {DECLS "step \"s\" {\n select disk replacement\n select partition 1\n format fs = ntfs\n ensure replacement.gpt\n}\n", "'format' acts on the volume that 'select partition' on line 11 gave focus to in passing"},
};

/* Not even a warning. */
static const char *const fine[] = {
    /* break without nokeep keeps data; list disk needs no focus */
    DECLS "step \"s\" {\n list disk\n select volume system\n break disk missing\n}\n",
    /* focus carried round a loop: every round selects before it acts */
    DECLS "step \"s\" {\n for each volume v where type = Mirror {\n  select volume v\n  break disk missing nokeep\n }\n"
          " ensure system.type = Simple\n}\n",
    /* converted first: add disk is fine, as is a disk whose selector says dynamic */
    DECLS "step \"s\" {\n select disk replacement\n convert dynamic\n select volume system\n add disk replacement\n"
          " select volume system\n add disk survivor\n}\n",
    /* the new partition has focus, and its volume */
    DECLS "step \"s\" {\n select disk replacement\n convert gpt\n select partition 1\n delete partition override\n"
          " create partition efi size = 100 MB\n format quick fs = fat32\n assign letter = dst\n ensure replacement.gpt\n}\n",
};

static void test_each_mistake(void **state)
{
    size_t i;
    for (i = 0; i < sizeof mistakes / sizeof mistakes[0]; i++) {
        checked c;
        check(mistakes[i].src, &c);
        if (c.st != FE_ERRORS || !strstr(buf_cstr(&c.d.out), mistakes[i].code))
            fail_msg("case %lu: want \"%s\", got:\n%s", (unsigned long)i, mistakes[i].code,
                     buf_cstr(&c.d.out));
        done(&c);
    }
}

static void test_each_risk(void **state)
{
    size_t i;
    for (i = 0; i < sizeof risks / sizeof risks[0]; i++) {
        checked c;
        check(risks[i].src, &c);
        if (c.st != FE_OK || !strstr(buf_cstr(&c.d.out), risks[i].code) || c.d.warnings != 1)
            fail_msg("case %lu: want \"%s\" alone, got:\n%s", (unsigned long)i, risks[i].code,
                     buf_cstr(&c.d.out));
        done(&c);
    }
    for (i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        checked c;
        check(fine[i], &c);
        if (c.st != FE_OK || c.d.out.len)
            fail_msg("fine case %lu: got:\n%s", (unsigned long)i, buf_cstr(&c.d.out));
        done(&c);
    }
}

/* --werror: the same warning, reported and counted as an error. */
static void test_werror(void **state)
{
    checked c;
    memset(&c, 0, sizeof c);
    arena_init(&c.a);
    diag_init(&c.d);
    c.d.werror = true;
    c.src.name = "t.mrb";
    c.src.text = risks[0].src;
    c.src.len = strlen(risks[0].src);
    c.st = fe_check(&c.a, &c.src, &c.d, &c.f);
    assert_int_equal(c.d.errors, 1);
    assert_int_equal(c.d.warnings, 0);
    assert_non_null(strstr(buf_cstr(&c.d.out), ": error: this step destroys data"));
    done(&c);
}

/* Every command of the language is a DiskPart command of dpcmd.h, spelt
 * with its keywords, taking only options DiskPart takes. */
static void test_commands_are_diskparts(void **state)
{
    int i, o;
    for (i = 0; i < AST_CMD_COUNT; i++) {
        enum ast_cmd c = (enum ast_cmd)i;
        enum dp_cmd_id d = ast_cmd_dp(c);
        char words[64];
        const dp_cmd_info *info;
        if (c == AST_CMD_CONVERT || c == AST_CMD_CREATE_PARTITION) {
            assert_int_equal(d, CMD_COUNT);
            continue;
        }
        assert_true(d < CMD_COUNT);
        info = &dp_commands[d];
        snprintf(words, sizeof words, "%s%s%s%s%s", info->verb, info->object ? " " : "",
                 info->object ? info->object : "", info->kind ? " " : "", info->kind ? info->kind : "");
        assert_string_equal(ast_cmd_words(c), words);
        assert_true(info->focus != DPF_UNMODELLED);
        for (o = 0; o < OPT_COUNT; o++)
            if (ast_cmd_allowed(c) & OPTB(o))
                assert_true(info->options & DP_BIT(ast_opt_dp((enum ast_opt)o)));
    }
    assert_string_equal(ast_cmd_words(AST_CMD_CREATE_PARTITION), "create partition");
    assert_string_equal(ast_cmd_words(AST_CMD_CONVERT), "convert");
    assert_string_equal(ast_opt_word(OPT_NOKEEP), "nokeep");
    assert_true(ast_opt_has_value(OPT_SIZE));
}

static void test_declarations_are_clean(void **state)
{
    checked c;
    check(DECLS "guard system.type = Mirror and system.status = \"Failed Rd\" else \"x\"\n"
                "guard replacement.size >= survivor.size and count(disk where status = Missing) = 1 else \"y\"\n"
                "guard system.letter = C and system.label = \"Windows\" and system.fs = NTFS else \"z\"\n"
                "guard esp.disk = survivor and esp.size = 350 MB else \"w\"\n"
                "guard survivor.free = 0 and 0 = survivor.free else \"v\"\n",
          &c);
    assert_string_equal(buf_cstr(&c.d.out), "");
    assert_int_equal(c.st, FE_OK);
    done(&c);
}

static void test_examples_are_clean(void **state)
{
    static const char *const files[] = {"examples/mbr-rebuild.mrb", "examples/gpt-rebuild.mrb"};
    size_t i;
    for (i = 0; i < 2; i++) {
        buf text;
        checked c;
        buf_init(&text);
        slurp(files[i], &text);
        check(buf_cstr(&text), &c);
        /* warnings are allowed here (they do not refuse a procedure) */
        assert_null(strstr(buf_cstr(&c.d.out), ": error: "));
        assert_int_equal(c.d.errors, 0);
        assert_int_equal(c.st, FE_OK);
        done(&c);
        buf_free(&text);
    }
}

/* What the checker fills in for later stages. */
static void test_resolution(void **state)
{
    checked c;
    const ast_node *n, *sel, *cmp, *cmd;
    check(DECLS "step \"s\" {\n select disk replacement\n convert gpt\n create partition efi size = 350 MB\n"
                " format quick fs = fat32\n}\n",
          &c);
    assert_int_equal(c.st, FE_OK);
    n = c.f.items;                                  /* disk missing = disk where status = Missing */
    sel = n->u.decl.sel;
    cmp = sel->u.sel.cond;
    assert_int_equal(cmp->u.cmp.lhs->u.name.res, RES_ATTR);
    assert_int_equal(cmp->u.cmp.lhs->u.name.value, ATTR_DISK_STATUS);
    assert_int_equal(cmp->u.cmp.rhs->u.name.res, RES_ENUM);
    assert_int_equal(cmp->u.cmp.rhs->u.name.value, DS_MISSING);
    n = n->next->next->next;                        /* volume system = volume C */
    assert_int_equal(n->u.decl.sel->u.sel.letter->u.name.res, RES_LETTER);
    assert_int_equal(n->u.decl.sel->u.sel.letter->u.name.value, 'C');
    n = n->next;                                    /* partition esp = ... disk = survivor ... */
    cmp = n->u.decl.sel->u.sel.cond->u.logic.operands;
    assert_int_equal(cmp->u.cmp.rhs->u.name.res, RES_SYMBOL);
    assert_int_equal(cmp->u.cmp.rhs->u.name.decl, c.f.items->next);
    n = n->next;                                    /* letter src = free letter from S */
    assert_int_equal(n->u.letter.letter, 'S');
    n = n->next->next;                              /* the step */
    cmd = n->u.step.body;
    assert_int_equal(cmd->u.dp.target->u.name.decl, c.f.items->next->next);
    cmd = cmd->next;
    assert_int_equal(cmd->u.dp.cmd, AST_CMD_CONVERT_GPT);
    cmd = cmd->next;
    assert_int_equal(cmd->u.dp.cmd, AST_CMD_CREATE_EFI);
    assert_int_equal(cmd->u.dp.opts->u.opt.opt, OPT_SIZE);
    assert_int_equal(cmd->u.dp.opts->u.opt.value->u.size.bytes, 350 * MDL_MiB);
    cmd = cmd->next;
    assert_int_equal(cmd->u.dp.opts->next->u.opt.value->u.name.value, FS_FAT32);
    done(&c);
}

static void test_check_reports_all_and_goes_on(void **state)
{
    checked c;
    check(DECLS "disk a = disk where status = Mising\ndisk b = disk where status = Onlin\n"
                "step \"s\" {\n select disk 0\n select volume 1\n}\n",
          &c);
    assert_int_equal(c.st, FE_ERRORS);
    assert_int_equal(c.d.errors, 4);
    done(&c);
}

static void test_letters_follow_the_procedure(void **state)
{
    checked c;
    /* assign, use, remove through `select volume L` + `remove`, assign again */
    check(DECLS "step \"a\" {\n select volume system\n assign letter = dst\n}\n"
                "step \"b\" {\n robocopy dst:\\ dst:\\x *\n select volume dst\n remove\n"
                " assign letter = dst\n remove letter = dst\n}\n",
          &c);
    assert_string_equal(buf_cstr(&c.d.out), "");
    done(&c);
}

static void test_distance(void **state)
{
    assert_int_equal(chk_distance("Mising", 6, "Missing", 7), 1);
    assert_int_equal(chk_distance("missing", 7, "Missing", 7), 0);
    assert_int_equal(chk_distance("gtp", 3, "gpt", 3), 1);
    assert_int_equal(chk_distance("abc", 3, "xyz", 3), 3);
    assert_int_equal(chk_distance("", 0, "abc", 3), 3);
}

static void names_source(buf *b, unsigned n)
{
    unsigned i;
    buf_puts(b, P);
    for (i = 0; i < n; i++)
        buf_printf(b, "letter l%u = free letter\n", i);
}

static void steps_source(buf *b, unsigned n)
{
    unsigned i;
    buf_puts(b, P);
    for (i = 0; i < n; i++)
        buf_printf(b, "step \"s%u\" {\n}\n", i);
}

static void test_limits(void **state)
{
    buf b;
    checked c;
    buf_init(&b);
    names_source(&b, LIM_NAMES);
    check(buf_cstr(&b), &c);
    assert_int_equal(c.st, FE_OK);
    done(&c);
    buf_reset(&b);
    names_source(&b, LIM_NAMES + 1);
    check(buf_cstr(&b), &c);
    assert_int_equal(count_of(&c, "too many names (limit is 256) [E421]"), 1);
    done(&c);
    buf_reset(&b);
    steps_source(&b, LIM_STEPS);
    check(buf_cstr(&b), &c);
    assert_int_equal(c.st, FE_OK);
    done(&c);
    buf_reset(&b);
    steps_source(&b, LIM_STEPS + 2);
    check(buf_cstr(&b), &c);
    assert_int_equal(count_of(&c, "too many steps (limit is 256) [E422]"), 1);
    done(&c);
    buf_free(&b);
}

/* Every allocation of a check may fail: the result is FE_NOMEM, no crash, no leak. */
static void test_out_of_memory(void **state)
{
    (void)state;
    sweep_allocations("examples/gpt-rebuild.mrb", 300, fe_check);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_mistake),
        cmocka_unit_test(test_each_risk),
        cmocka_unit_test(test_werror),
        cmocka_unit_test(test_commands_are_diskparts),
        cmocka_unit_test(test_declarations_are_clean),
        cmocka_unit_test(test_examples_are_clean),
        cmocka_unit_test(test_resolution),
        cmocka_unit_test(test_check_reports_all_and_goes_on),
        cmocka_unit_test(test_letters_follow_the_procedure),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
