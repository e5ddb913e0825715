/* test_sim.c - the DiskPart simulator: script reader, focus, effects, refusals, state file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "diskpart/dpcmd.h"
#include "diskpart/sim.h"
#include "diskpart/state.h"

/* ---- the guide's GPT server, built by hand ---------------------------- */

static void add_disk(mdl_server *s, unsigned num, bool missing, enum mdl_disk_status st, uint64_t gib,
                     uint64_t free_gib, bool dyn, bool gpt)
{
    mdl_disk d;
    memset(&d, 0, sizeof d);
    d.num = num;
    d.missing_id = missing;
    d.status = st;
    assert_true(mdl_displayed(gib, MDL_GiB, &d.size));
    if (free_gib == (uint64_t)-1)
        d.free = mdl_exact(0);
    else
        assert_true(mdl_displayed(free_gib, MDL_GiB, &d.free));
    d.dyn = dyn;
    d.gpt = gpt;
    assert_non_null(mdl_add_disk(s, &d));
}

static void add_part(mdl_disk *d, enum mdl_part_type t, uint64_t size, uint64_t unit, uint64_t off, uint64_t ounit)
{
    mdl_partition p;
    memset(&p, 0, sizeof p);
    p.num = (unsigned)d->nparts + 1;
    p.type = t;
    assert_true(mdl_displayed(size, unit, &p.size));
    assert_true(mdl_displayed(off, ounit, &p.offset));
    assert_non_null(mdl_add_partition(d, &p));
}

static void add_vol(mdl_server *s, unsigned num, char letter, const char *label, enum mdl_fs fs,
                    enum mdl_vol_type t, uint64_t size, uint64_t unit, enum mdl_vol_status st, enum mdl_vol_info info)
{
    mdl_volume v;
    char l[32];
    memset(&v, 0, sizeof v);
    strcpy(l, label);
    v.num = num;
    v.letter = letter;
    v.label = l;
    v.fs = fs;
    v.type = t;
    assert_true(mdl_displayed(size, unit, &v.size));
    v.status = st;
    v.info = info;
    assert_non_null(mdl_add_volume(s, &v));
}

/* The guide's GPT start, with disk 0's and disk 1's `list partition`. */
static void gpt_seed(mdl_server *s)
{
    mdl_server_init(s);
    add_disk(s, 0, false, DS_ONLINE, 1863, (uint64_t)-1, true, true);
    add_disk(s, 1, false, DS_ONLINE, 1863, 1863, false, false);
    add_disk(s, 0, true, DS_MISSING, 0, (uint64_t)-1, true, false);
    s->disks[2].size = mdl_exact(0);
    s->disks[0].parts_known = true;
    add_part(&s->disks[0], PT_SYSTEM, 350, MDL_MiB, 1024, MDL_KiB);
    add_part(&s->disks[0], PT_DYN_RESERVED, 1024, MDL_KiB, 351, MDL_MiB);
    add_part(&s->disks[0], PT_RESERVED, 127, MDL_MiB, 352, MDL_MiB);
    add_part(&s->disks[0], PT_DYN_DATA, 1862, MDL_GiB, 479, MDL_MiB);
    add_part(&s->disks[0], PT_DYN_DATA, 71, MDL_KiB, 1863, MDL_GiB);
    s->disks[1].parts_known = true;
    add_vol(s, 0, 'C', "Windows", FS_NTFS, VT_MIRROR, 1862, MDL_GiB, VS_FAILED_RD, VI_BOOT);
    add_vol(s, 1, 0, "EFI", FS_FAT32, VT_PARTITION, 350, MDL_MiB, VS_HEALTHY, VI_SYSTEM);
}

typedef struct fx {
    mdl_server srv;
    buf out;
    sim m;
} fx;

static int setup(void **state)
{
    fx *f = test_malloc(sizeof *f);
    gpt_seed(&f->srv);
    buf_init(&f->out);
    sim_init(&f->m, &f->srv, NULL, &f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sim_free(&f->m);
    buf_free(&f->out);
    mdl_server_free(&f->srv);
    test_free(f);
    return 0;
}

/* Run lines (joined by '\n') and return the last result. */
static enum sim_rc run(fx *f, const char *lines)
{
    enum sim_rc rc = SIM_OK;
    const char *p = lines;
    char line[256];
    buf_reset(&f->out);
    while (*p) {
        size_t n = strcspn(p, "\n");
        assert_true(n < sizeof line);
        memcpy(line, p, n);
        line[n] = '\0';
        rc = sim_line(&f->m, line, n);
        if (rc != SIM_OK)
            return rc;
        p += n + (p[n] == '\n');
    }
    return rc;
}

static bool printed(fx *f, const char *s) { return strstr(buf_cstr(&f->out), s) != NULL; }

/* ---- the script reader ------------------------------------------------ */

static void parse_ok(const char *line, enum dp_cmd_id id, const char *value)
{
    dp_cmd c;
    size_t at;
    assert_int_equal(dp_parse_line(line, strlen(line), &c, &at), DPP_OK);
    assert_int_equal(c.id, id);
    if (value) {
        assert_true(c.has_value);
        assert_int_equal(c.value.n, strlen(value));
        assert_memory_equal(c.value.s, value, c.value.n);
    } else {
        assert_false(c.has_value);
    }
}

static void test_parse_keywords(void **state)
{
    (void)state;
    parse_ok("select disk 1", CMD_SELECT_DISK, "1");
    parse_ok("sel disk=1", CMD_SELECT_DISK, "1");
    parse_ok("SELECT DISK = M0", CMD_SELECT_DISK, "M0");
    parse_ok("sele vol c", CMD_SELECT_VOLUME, "c");
    parse_ok("lis dis", CMD_LIST_DISK, NULL);
    parse_ok("list part", CMD_LIST_PARTITION, NULL);
    parse_ok("det part", CMD_DETAIL_PARTITION, NULL);
    parse_ok("create part prim", CMD_CREATE_PRIMARY, NULL);
    parse_ok("Convert GPT", CMD_CONVERT_GPT, NULL);
    parse_ok("break disk M0 nokeep", CMD_BREAK_DISK, "M0");
    parse_ok("add disk=1", CMD_ADD_DISK, "1");
    parse_ok("remove", CMD_REMOVE, NULL);
    parse_ok("  exit  ", CMD_EXIT, NULL);
}

static void test_parse_options(void **state)
{
    dp_cmd c;
    size_t at;
    const char *l = "format quick fs=fat32 label=\"EFI Boot\" noerr";
    (void)state;
    assert_int_equal(dp_parse_line(l, strlen(l), &c, &at), DPP_OK);
    assert_true(c.opts & DP_BIT(DPO_QUICK));
    assert_true(c.opts & DP_BIT(DPO_NOERR));
    assert_int_equal(c.optval[DPO_LABEL].n, 8);
    assert_memory_equal(c.optval[DPO_LABEL].s, "EFI Boot", 8);
    assert_memory_equal(c.optval[DPO_FS].s, "fat32", 5);
}

static void test_parse_refusals(void **state)
{
    dp_cmd c;
    size_t at;
    (void)state;
    assert_int_equal(dp_parse_line("", 0, &c, &at), DPP_EMPTY);
    assert_int_equal(dp_parse_line("rem clean everything", 20, &c, &at), DPP_EMPTY);
    assert_int_equal(dp_parse_line("frobnicate", 10, &c, &at), DPP_UNKNOWN);
    /* Two letters are shorter than the prefixes known to work. */
    assert_int_equal(dp_parse_line("se disk 1", 9, &c, &at), DPP_UNKNOWN);
    /* size= without '=' is [UNVERIFIED]: refused. */
    assert_int_equal(dp_parse_line("create partition efi size 350", 29, &c, &at), DPP_SYNTAX);
    assert_int_equal(c.id, CMD_CREATE_EFI);
    assert_int_equal(at, 26); /* the value where '=' was expected */
    assert_int_equal(dp_parse_line("clean nokeep", 12, &c, &at), DPP_SYNTAX);
    assert_int_equal(dp_parse_line("break disk", 10, &c, &at), DPP_SYNTAX);
    assert_int_equal(dp_parse_line("assign letter=\"t", 16, &c, &at), DPP_SYNTAX);
    assert_int_equal(dp_parse_line("list disk disk", 14, &c, &at), DPP_SYNTAX);
}

static void test_dpcmd_table(void **state)
{
    (void)state;
    assert_int_equal(dp_commands[CMD_CLEAN].focus, DPF_DISK);
    assert_int_equal(dp_commands[CMD_CLEAN].destroy, DPD_YES);
    assert_int_equal(dp_commands[CMD_BREAK_DISK].destroy, DPD_NOKEEP);
    assert_int_equal(dp_commands[CMD_ADD_DISK].effect, DPE_ADD);
    assert_int_equal(dp_commands[CMD_DELETE_PARTITION].focus, DPF_PARTITION);
    assert_int_equal(dp_messages[DM_DISK_INVALID].verified, 1);
    assert_int_equal(dp_messages[DM_LETTER_IN_USE].verified, 2);
    assert_int_equal(dp_messages[DM_NO_LETTER].verified, 0);
}

/* ---- inference -------------------------------------------------------- */

static void test_infer(void **state)
{
    fx *f = *state;
    const mdl_volume *c = mdl_find_volume(&f->srv, 0), *esp = mdl_find_volume(&f->srv, 1);
    assert_true(c->where_known);
    assert_int_equal(c->non, 2); /* disk 0 and the missing disk: rule R1 */
    assert_true(esp->where_known);
    assert_int_equal(esp->on[0].num, 0); /* the 350 MB System partition: rule R3 */
    assert_true(f->srv.disks[0].parts[0].has_vol);
    assert_int_equal(f->srv.disks[0].parts[0].vol, 1);
    assert_true(f->srv.disks[0].parts[3].has_vol); /* Dynamic Data 1862 GB: rule R4 */
    assert_false(f->srv.disks[0].parts[4].has_vol);
}

/* ---- focus rules ------------------------------------------------------ */

static void test_focus_volume_one_partition(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select volume 1\nlist disk"), SIM_OK);
    assert_true(printed(f, "* Disk 0 "));
    assert_int_equal(run(f, "list partition"), SIM_OK);
    assert_true(printed(f, "* Partition 1 "));
}

static void test_focus_volume_two_disks(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk 1\nselect volume c\nlist disk"), SIM_OK);
    assert_false(printed(f, "\n* "));
}

static void test_focus_failed_select_clears(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk 1\nselect disk 9 noerr\nlist disk"), SIM_OK);
    assert_false(printed(f, "\n* "));
    assert_int_equal(run(f, "list partition"), SIM_FAILED);
    assert_true(printed(f, "There is no disk selected to list partitions."));
}

static void test_focus_create_partition(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk 1\nclean\nconvert gpt\ncreate partition msr size=128\nlist partition"), SIM_OK);
    assert_true(printed(f, "* Partition 2    Reserved           128 MB"));
}

static void test_focus_break_nokeep(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select volume c\nbreak disk=m0 nokeep\nlist volume"), SIM_OK);
    assert_false(printed(f, "\n* "));
    assert_true(printed(f, "Volume 0     C   Windows      NTFS   Simple      1862 GB  Healthy    Boot"));
}

static void test_focus_add_disk(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select volume c\nbreak disk=m0 nokeep\nselect disk m0\ndelete disk\nselect disk 1\n"
                            "convert gpt\nselect volume c\nadd disk 1\nlist disk\nlist volume"),
                     SIM_OK);
    assert_true(printed(f, "* Disk 0 "));
    assert_true(printed(f, "* Volume 0 "));
    assert_true(printed(f, "  Disk 1    Online         1863 GB      0 B   *    *"));
}

/* ---- effects ---------------------------------------------------------- */

static void test_convert_gpt_msr_parameter(void **state)
{
    fx *f = *state;
    f->m.opts.auto_msr_size = 128 * MDL_MiB;
    assert_int_equal(run(f, "select disk 1\nconvert gpt\nlist partition"), SIM_OK);
    assert_true(printed(f, "  Partition 1    Reserved           128 MB    17 KB"));
    assert_true(f->srv.disks[1].gpt);
}

static void test_convert_dynamic_gpt(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk 1\nclean\nconvert gpt\nselect partition 1\ndelete partition override\n"
                            "create partition efi size=350\ncreate partition msr size=128\nconvert dynamic\n"
                            "list partition"),
                     SIM_OK);
    assert_true(printed(f, "  Partition 2    Dynamic Reserved  1024 KB   351 MB"));
    assert_true(printed(f, "* Partition 3    Reserved           127 MB   352 MB"));
    assert_true(f->srv.disks[1].dyn);
}

static void test_format_assign_remove(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk 1\nconvert gpt\ncreate partition primary size=1000\n"
                            "format fs=ntfs label=Data quick\nassign letter=e\nlist volume"),
                     SIM_OK);
    assert_true(printed(f, "* Volume 2     E   Data         NTFS   Partition   1000 MB  Healthy"));
    assert_int_equal(run(f, "remove\nlist volume"), SIM_OK);
    assert_true(printed(f, "* Volume 2         Data"));
    assert_int_equal(run(f, "remove"), SIM_FAILED);
}

static void test_delete_disk_override(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk m0\ndelete disk override\nlist volume"), SIM_OK);
    assert_true(printed(f, "Simple      1862 GB  Healthy"));
    assert_int_equal(f->srv.ndisks, 2);
}

/* ---- the table and the simulator agree --------------------------------- */

/* Every command that destroys data is guarded by a safety rule (dpcmd.h's
 * guard column, read by the checker and the verifier). */
static void test_dpcmd_guards(void **state)
{
    unsigned id;
    (void)state;
    for (id = 0; id < CMD_COUNT; id++)
        if (dp_destroys((enum dp_cmd_id)id, ~0u))
            assert_int_not_equal(dp_commands[id].guard, DPG_NONE);
    assert_int_equal(dp_commands[CMD_DELETE_DISK].guard, DPG_FOCUS_MISSING);
    assert_int_equal(dp_commands[CMD_BREAK_DISK].guard, DPG_TARGET_MISSING);
    assert_int_equal(dp_commands[CMD_ADD_DISK].guard, DPG_TARGET_EMPTY);
    assert_int_equal(dp_commands[CMD_CREATE_PRIMARY].guard, DPG_FOCUS_FREE);
}

/* One command run after a setup that lets it succeed on the seed server. */
typedef struct focus_case {
    enum dp_cmd_id id;
    const char *setup, *line;
    enum sim_rc rc;         /* SIM_UNMODELLED: the simulator does not run it */
} focus_case;

static const focus_case focus_cases[] = {
    {CMD_ADD_DISK, "select volume c\nbreak disk=m0 nokeep\nselect disk 1\nconvert gpt\nselect volume c",
     "add disk 1", SIM_OK},
    {CMD_ASSIGN, "select disk 1\nconvert gpt\ncreate partition primary size=1000\nformat fs=ntfs quick", "assign letter=e",
     SIM_OK},
    {CMD_ATTACH, "", "attach", SIM_UNMODELLED},
    {CMD_ATTRIBUTES, "", "attributes", SIM_UNMODELLED},
    {CMD_BREAK_DISK, "select volume c", "break disk=m0 nokeep", SIM_OK},
    {CMD_BREAK_DISK, "select volume c", "break disk=m0", SIM_UNMODELLED}, /* the kept plex's new volume */
    {CMD_CLEAN, "select disk 1\nconvert gpt\ncreate partition primary size=1000", "clean", SIM_OK},
    {CMD_CONVERT_BASIC, "select disk 1\nconvert dynamic", "convert basic", SIM_OK},
    {CMD_CONVERT_DYNAMIC, "select disk 1", "convert dynamic", SIM_OK},
    {CMD_CONVERT_GPT, "select disk 1", "convert gpt", SIM_OK},
    {CMD_CONVERT_MBR, "select disk 1\nconvert gpt\nselect partition 1\ndelete partition override", "convert mbr",
     SIM_OK},
    {CMD_CREATE_EFI, "select disk 1\nconvert gpt", "create partition efi size=100", SIM_OK},
    {CMD_CREATE_MSR, "select disk 1\nconvert gpt", "create partition msr size=128", SIM_OK},
    {CMD_CREATE_PRIMARY, "select disk 1\nconvert gpt", "create partition primary size=1000", SIM_OK},
    {CMD_DELETE_DISK, "select disk m0", "delete disk override", SIM_OK},
    {CMD_DELETE_PARTITION, "select disk 1\nconvert gpt\ncreate partition primary size=1000", "delete partition",
     SIM_OK},
    {CMD_DELETE_VOLUME, "select disk 1\nconvert gpt\ncreate partition primary size=1000\nformat fs=ntfs quick",
     "delete volume", SIM_OK},
    {CMD_DETAIL_DISK, "select disk 1", "detail disk", SIM_OK},
    {CMD_DETAIL_PARTITION, "select disk 0\nselect partition 1", "detail partition", SIM_UNMODELLED},
    {CMD_DETAIL_VOLUME, "select volume 1", "detail volume", SIM_UNMODELLED},
    {CMD_DETACH, "", "detach", SIM_UNMODELLED},
    {CMD_EXIT, "select disk 1", "exit", SIM_EXIT},
    {CMD_EXTEND, "", "extend", SIM_UNMODELLED},
    {CMD_FORMAT, "select disk 1\nconvert gpt\ncreate partition primary size=1000", "format fs=ntfs quick", SIM_OK},
    {CMD_LIST_DISK, "select disk 1", "list disk", SIM_OK},
    {CMD_LIST_PARTITION, "select disk 0", "list partition", SIM_OK},
    {CMD_LIST_VOLUME, "select volume 1", "list volume", SIM_OK},
    {CMD_OFFLINE_DISK, "select disk 1", "offline disk", SIM_OK},
    {CMD_ONLINE_DISK, "select disk 1\noffline disk", "online disk", SIM_OK},
    {CMD_REM, "select disk 1", "rem a comment", SIM_OK},
    {CMD_REMOVE, "select disk 1\nconvert gpt\ncreate partition primary size=1000\nformat fs=ntfs quick\nassign letter=e",
     "remove", SIM_OK},
    {CMD_RESCAN, "select disk 1", "rescan", SIM_OK},
    {CMD_SELECT_DISK, "select volume 1", "select disk 1", SIM_OK},
    {CMD_SELECT_PARTITION, "select disk 0", "select partition 1", SIM_OK},
    {CMD_SELECT_VOLUME, "select disk 1", "select volume 1", SIM_OK},
    {CMD_SHRINK, "", "shrink", SIM_UNMODELLED},
    {CMD_UNIQUEID, "", "uniqueid", SIM_UNMODELLED},
};

/* For every command, the focus the simulator leaves is the one dpcmd.h's
 * effect column says (dp_focus_after), which the checker follows: a kept
 * focus is unchanged, a set one names an object, a dropped one is empty. */
static void test_focus_table_agrees(void **state)
{
    fx *f = *state;
    unsigned i, seen[CMD_COUNT] = {0};
    for (i = 0; i < sizeof focus_cases / sizeof focus_cases[0]; i++) {
        const focus_case *fc = &focus_cases[i];
        enum sim_focus before[DPK_COUNT], after[DPK_COUNT];
        enum dp_after want[DPK_COUNT];
        dp_cmd c;
        size_t at;
        int k;
        assert_int_equal(dp_parse_line(fc->line, strlen(fc->line), &c, &at),
                         fc->id == CMD_REM ? DPP_EMPTY : DPP_OK);
        assert_true(fc->id == CMD_REM || c.id == fc->id);
        seen[fc->id]++;
        sim_free(&f->m);
        mdl_server_free(&f->srv);
        gpt_seed(&f->srv);
        f->srv.disks[1].detail.known = true; /* an empty disk's `detail disk`, captured */
        sim_init(&f->m, &f->srv, NULL, &f->out);
        assert_int_equal(run(f, fc->setup), SIM_OK);
        before[DPK_DISK] = f->m.fdisk, before[DPK_PART] = f->m.fpart, before[DPK_VOL] = f->m.fvol;
        assert_int_equal(run(f, fc->line), fc->rc);
        if (fc->rc == SIM_UNMODELLED) {
            assert_true(fc->id == CMD_DETAIL_PARTITION || fc->id == CMD_DETAIL_VOLUME || fc->id == CMD_BREAK_DISK ||
                        dp_commands[fc->id].focus == DPF_UNMODELLED);
            continue;
        }
        after[DPK_DISK] = f->m.fdisk, after[DPK_PART] = f->m.fpart, after[DPK_VOL] = f->m.fvol;
        dp_focus_after(fc->id, fc->id == CMD_REM ? 0u : c.opts, want);
        for (k = 0; k < DPK_COUNT; k++) {
            switch (want[k]) {
            case DPA_KEEP: assert_int_equal(after[k], before[k]); break;
            case DPA_SET: assert_int_equal(after[k], SF_SET); break;
            case DPA_NONE: assert_int_equal(after[k], SF_NONE); break;
            case DPA_MAYBE: break;
            }
        }
    }
    for (i = 0; i < CMD_COUNT; i++)
        assert_true(seen[i] >= 1);
}

/* ---- refusals: message and exit code --------------------------------- */

/* From a fresh copy of the seed server, lines end in DiskPart's refusal msg. */
static void refused(fx *f, const char *lines, enum dp_msg msg)
{
    const char *text = dp_messages[msg].text;
    char first[128];
    size_t n = strcspn(text, "\n%");
    sim_free(&f->m);
    mdl_server_free(&f->srv);
    gpt_seed(&f->srv);
    sim_init(&f->m, &f->srv, NULL, &f->out);
    assert_int_equal(run(f, lines), SIM_FAILED);
    assert_int_equal(f->m.last_error, msg);
    assert_int_equal(f->m.exit_code, dp_messages[msg].exit_code);
    assert_true(n < sizeof first);
    memcpy(first, text, n);
    first[n] = '\0';
    assert_true(printed(f, first));
}

static void test_refusals(void **state)
{
    fx *f = *state;
    refused(f, "select disk 0\nclean", DM_CLEAN_SYSTEM);
    refused(f, "select disk 0\nselect partition 1\ndelete partition override", DM_DELETE_SYSTEM);
    refused(f, "select disk 5", DM_DISK_INVALID);
    refused(f, "select volume q", DM_VOLUME_INVALID);
    refused(f, "select disk 0\nselect partition 6", DM_PART_INVALID);
    refused(f, "select volume 1\nbreak disk=0 nokeep", DM_NOT_MIRROR);
    refused(f, "select volume c\nbreak disk=1 nokeep", DM_NOT_PLEX_DISK);
    refused(f, "select volume c\nadd disk=1", DM_NOT_SIMPLE);
    refused(f, "select disk 1\ndelete disk", DM_NOT_MISSING);
    refused(f, "select disk m0\ndelete disk", DM_DISK_HAS_PLEXES);
    refused(f, "select disk 1\nconvert gpt\nconvert gpt", DM_NOT_CONVERTIBLE);
    refused(f, "select disk 1\nconvert mbr\ncreate partition efi", DM_NOT_GPT);
    refused(f, "select disk 1\nconvert mbr\ncreate partition msr", DM_NOT_GPT);
    refused(f, "select volume 1\nassign letter=C", DM_LETTER_IN_USE);
    refused(f, "select volume c\nformat fs=ntfs", DM_FORMAT_SYSTEM);
    refused(f, "select disk 0\nconvert dynamic", DM_ALREADY_DYNAMIC);
    refused(f, "select disk 1\ncreate partition primary size=5 offset=x", DM_SYNTAX);
}

static void test_refusal_without_focus(void **state)
{
    fx *f = *state;
    refused(f, "clean", DM_NO_DISK);
    refused(f, "assign letter=q", DM_NO_VOLUME);
    refused(f, "select disk 1\ndelete partition", DM_NO_PART);
    refused(f, "break disk=m0 nokeep", DM_NO_VOLUME);
}

static void test_add_without_room(void **state)
{
    fx *f = *state;
    refused(f, "select volume c\nbreak disk m0 nokeep\nselect disk 1\nconvert gpt\ncreate partition primary size=4096\n"
               "select volume c\nadd disk 1",
            DM_NO_SPACE);
}

static void test_noerr(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "select disk 0\nclean noerr"), SIM_FAILED); /* clean takes no noerr: syntax */
    assert_int_equal(run(f, "select disk 0\nconvert gpt noerr\nlist disk"), SIM_OK);
    assert_int_equal(f->m.exit_code, 5); /* the syntax error above stays the exit code */
}

/* ---- unknowns --------------------------------------------------------- */

static void test_unknown_partitions(void **state)
{
    fx *f = *state;
    f->srv.disks[1].parts_known = false;
    mdl_find_volume(&f->srv, 1)->where_known = false;
    f->srv.disks[0].parts[0].vol_known = false;
    assert_int_equal(run(f, "select disk 1\nclean"), SIM_UNKNOWN);
    assert_non_null(strstr(buf_cstr(&f->m.why), "list partition"));
    assert_int_equal(run(f, "convert mbr"), SIM_UNKNOWN);
}

/* ---- state file ------------------------------------------------------- */

static void test_state_round_trip(void **state)
{
    fx *f = *state;
    buf text, why;
    mdl_server back;
    diag_sink d;
    assert_int_equal(run(f, "select volume c\nbreak disk m0 nokeep\nselect disk 1\nconvert gpt\n"
                            "create partition efi size=100\nformat fs=fat32 label=\"A b%c\"\nassign"),
                     SIM_OK);
    buf_init(&text);
    buf_init(&why);
    diag_init(&d);
    mdl_server_init(&back);
    st_write(&text, &f->srv);
    assert_true(st_is_state(text.data, text.len));
    assert_int_equal(st_parse("state", text.data, text.len, &back, &d), ST_OK);
    assert_true(mdl_server_eq(&f->srv, &back, &why));
    mdl_server_free(&back);
    /* Cut short: refused, never half-read. */
    assert_int_equal(st_parse("state", text.data, text.len - 4, &back, &d), ST_BAD);
    assert_int_equal(back.ndisks, 0);
    assert_int_equal(st_parse("state", "mrb-state 1\ndisk x\nend\n", 22, &back, &d), ST_BAD);
    assert_int_equal(st_parse("state", "list disk\n", 10, &back, &d), ST_NOT_STATE);
    buf_free(&text);
    buf_free(&why);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_keywords),
        cmocka_unit_test(test_parse_options),
        cmocka_unit_test(test_parse_refusals),
        cmocka_unit_test(test_dpcmd_table),
        cmocka_unit_test(test_dpcmd_guards),
        cmocka_unit_test_setup_teardown(test_focus_table_agrees, setup, teardown),
        cmocka_unit_test_setup_teardown(test_infer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_volume_one_partition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_volume_two_disks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_failed_select_clears, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_create_partition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_break_nokeep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_focus_add_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_convert_gpt_msr_parameter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_convert_dynamic_gpt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format_assign_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_disk_override, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusal_without_focus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_without_room, setup, teardown),
        cmocka_unit_test_setup_teardown(test_noerr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_partitions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_round_trip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
