/* cmd_listing.c - `mrb listing` and `mrb probe`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/help.h"
#include "cli/cmd.h"
#include "capture/inventory.h"
#include "diskpart/print.h"

int cmd_listing(int argc, char **argv)
{
    const char *path = NULL, *format = "text", *words = NULL, *inventory = NULL;
    diag_sink d;
    mdl_server s;
    cli_words w;
    buf out;
    enum { O_WORDS, O_FORMAT, O_INVENTORY };
    static const cli_optdef opts[] = {CLI_VALUE("--words", "a FILE"), CLI_VALUE("--format", NULL),
                                      CLI_VALUE("--inventory", "a FILE (what the command of 'mrb probe' wrote)")};
    cli_args a;
    enum cli_next k;
    const char *v;
    int id = 0, rc;
    cli_args_init(&a, "listing", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_OPT && id == O_WORDS) {
            words = v;
        } else if (k == CLI_OPT && id == O_FORMAT) {
            if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0))
                return cli_usage("listing: --format takes 'text' or 'json'");
            format = v;
        } else if (k == CLI_OPT && id == O_INVENTORY) {
            inventory = v;
        } else if (k == CLI_BAD) {
            return RC_USAGE;
        } else if (path) {
            return cli_usage("listing: one SNAPSHOT only");
        } else {
            path = v;
        }
    }
    if (!path)
        return help_usage_error("listing", "no SNAPSHOT given");
    diag_init(&d);
    cli_color(&d);
    mdl_server_init(&s);
    buf_init(&out);
    cli_words_init(&w, words);
    rc = cli_load_server(path, &w, &s, &d);
    if (rc == RC_OK && inventory)
        rc = cli_load_inventory(inventory, &s, &d);
    if (rc == RC_OK) {
        if (strcmp(format, "json") == 0) {
            prt_json(&out, &s);
        } else {
            prt_snapshot(&out, &s);
            if (inventory)
                cli_print_inventory(&out, &s);
        }
        if (!cli_stdout(&out))
            rc = RC_USAGE;
    }
    cli_flush(&d);
    buf_free(&out);
    mdl_server_free(&s);
    cli_words_free(&w);
    diag_free(&d);
    return rc;
}

/* The probe (SPEC.md, "Capturing a server").  What it relies on, from
 * Microsoft's DiskPart reference: a script runs one command a line, `rem`
 * lines are comments and empty lines are not allowed ("DiskPart scripts and
 * examples"); a command that fails ends the script with an error code
 * unless it takes `noerr`, and `select disk` takes no `noerr` ("select disk",
 * and the `noerr` parameter of the other commands): so `select disk N` on a
 * server without disk N ends the capture there.  Hence two stages: the
 * first lists the disks, the second selects exactly the disks that list
 * showed.  Whether DiskPart numbers disks the same way in two runs a
 * minute apart is not documented; if they changed, the second stage fails
 * at the first disk that went away, or its snapshot lacks a disk's
 * partitions, and compile refuses it rather than guess. */
static const char probe_stage1[] =
    "rem mrb probe, stage 1 of 2: the list of this server's disks.  It only lists.\r\n"
    "rem Run it as:  diskpart /s probe1.txt > disks.txt\r\n"
    "rem then make stage 2 with:  mrb probe --from disks.txt > probe.txt\r\n"
    "rem and capture the snapshot:  diskpart /s probe.txt > snapshot.txt\r\n"
    "rem Exact sizes, serial numbers and bus types (optional): mrb probe --inventory\r\n"
    "rem prints a PowerShell command that only reads and writes inventory.csv.\r\n"
    "list disk\r\n";

static void probe_disk(buf *out, const mdl_disk *d)
{
    buf_printf(out, "select disk " MDL_DISK_FMT "\r\nlist partition\r\ndetail disk\r\n", MDL_DISK_ARGS(*d));
}

static int probe_from(const char *path, const char *words, buf *out)
{
    diag_sink d;
    mdl_server s;
    cli_words w;
    size_t i, n = 0;
    int rc;
    diag_init(&d);
    cli_color(&d);
    mdl_server_init(&s);
    cli_words_init(&w, words);
    rc = cli_load_disks(path, &w, &s, &d);
    if (rc == RC_OK) {
        const char *p;
        buf_printf(out,
                   "rem mrb probe, stage 2 of 2: a snapshot of this server's disks for mrb,\r\n"
                   "rem for the %zu disk%s that 'list disk' showed in ", s.ndisks, s.ndisks == 1 ? "" : "s");
        for (p = path; *p; p++)     /* a file name, in printable ASCII */
            buf_putc(out, *p >= ' ' && *p <= '~' ? *p : '?');
        buf_printf(out, ".  It only lists.\r\n"
                   "rem Run it as:  diskpart /s probe.txt > snapshot.txt\r\n"
                   "rem DiskPart ends a script at the first command that fails (Microsoft's\r\n"
                   "rem reference says so; not seen in a transcript): if a disk below is gone,\r\n"
                   "rem capture both stages again.  Missing disks are not selected, and disks\r\n"
                   "rem that are not Online come last.\r\n"
                   "list disk\r\nlist volume\r\n");
        for (i = 0; i < s.ndisks; i++)
            if (s.disks[i].status == DS_ONLINE && !s.disks[i].missing_id) {
                probe_disk(out, &s.disks[i]);
                n++;
            }
        for (i = 0; i < s.ndisks; i++)
            if (s.disks[i].status != DS_ONLINE && !s.disks[i].missing_id) {
                probe_disk(out, &s.disks[i]);
                n++;
            }
        if (n == 0)
            buf_puts(out, "rem No disk to select: the snapshot is 'list disk' and 'list volume' only.\r\n");
    }
    cli_flush(&d);
    mdl_server_free(&s);
    cli_words_free(&w);
    diag_free(&d);
    return rc;
}

int cmd_probe(int argc, char **argv)
{
    unsigned long disks = 0, n;
    const char *from = NULL, *words = NULL;
    enum { O_DISKS, O_FROM, O_WORDS, O_INVENTORY };
    static const cli_optdef opts[] = {CLI_VALUE("--disks", NULL),
                                      CLI_VALUE("--from", "the file stage 1 wrote (disks.txt)"),
                                      CLI_VALUE("--words", "a FILE"), CLI_FLAG("--inventory")};
    bool inventory = false;
    cli_args a;
    enum cli_next k;
    const char *v;
    int id = 0, rc = RC_OK;
    buf out;
    cli_args_init(&a, "probe", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        char *end;
        if (k == CLI_OPT && id == O_DISKS) {
            if (!v || !*v || (n = strtoul(v, &end, 10), *end) || n < 1 || n > 64)
                return cli_usage("probe: --disks takes a number from 1 to 64");
            disks = n;
        } else if (k == CLI_OPT && id == O_FROM) {
            from = v;
        } else if (k == CLI_OPT && id == O_WORDS) {
            words = v;
        } else if (k == CLI_OPT && id == O_INVENTORY) {
            inventory = true;
        } else if (k == CLI_BAD) {
            return RC_USAGE;
        } else {
            return cli_usage("probe: unknown argument '%s'", v);
        }
    }
    if (from && disks)
        return cli_usage("probe: --from and --disks are two ways to choose the disks: give one");
    if (inventory && (from || disks))
        return cli_usage("probe: --inventory prints the PowerShell command alone: give it without --from or --disks");
    buf_init(&out);
    if (inventory) {
        /* The inventory (grammar/capture/inventory.h): the command, one line. */
        buf_puts(&out, INV_COMMAND "\r\n");
    } else if (from) {
        rc = probe_from(from, words, &out);
    } else if (disks) {
        buf_printf(&out,
                   "rem mrb probe: a snapshot of disks 0 to %lu for mrb.  It only lists.\r\n"
                   "rem Run it as:  diskpart /s probe.txt > snapshot.txt\r\n"
                   "rem DiskPart ends a script at the first command that fails (Microsoft's\r\n"
                   "rem reference): on a server without one of these disk numbers the snapshot\r\n"
                   "rem stops there, and compile refuses what it lacks.  'mrb probe' (two\r\n"
                   "rem stages) captures every disk.\r\n"
                   "list disk\r\nlist volume\r\n",
                   disks - 1);
        for (n = 0; n < disks; n++)
            buf_printf(&out, "select disk %lu\r\nlist partition\r\ndetail disk\r\n", n);
    } else {
        buf_puts(&out, probe_stage1);
    }
    if (rc == RC_OK && !cli_stdout(&out))
        rc = RC_USAGE;
    buf_free(&out);
    return rc;
}
