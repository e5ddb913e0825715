/* cmd_listing.c - `mrbc listing` and `mrbc probe`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "print.h"

int cmd_listing(int argc, char **argv)
{
    const char *path = NULL, *format = "text";
    diag_sink d;
    mdl_server s;
    buf out;
    int i, rc;
    for (i = 0; i < argc; i++) {
        const char *v;
        if (cli_opt(argc, argv, &i, "--words", &v)) {
            if (!v)
                return cli_usage("listing: --words needs a FILE");
            cli_use_words(v);
        } else if (cli_opt(argc, argv, &i, "--format", &v)) {
            if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0))
                return cli_usage("listing: --format takes 'text' or 'json'");
            format = v;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage("listing: unknown option '%s'", argv[i]);
        } else if (path) {
            return cli_usage("listing: one SNAPSHOT only");
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return cli_usage("listing: no SNAPSHOT given (usage: mrbc listing SNAPSHOT [--format=text|json] [--words FILE])");
    diag_init(&d);
    cli_color(&d);
    mdl_server_init(&s);
    buf_init(&out);
    rc = cli_load_server(path, &s, &d);
    if (rc == CLI_OK) {
        if (strcmp(format, "json") == 0)
            prt_json(&out, &s);
        else
            prt_snapshot(&out, &s);
        if (!cli_stdout(&out))
            rc = CLI_USAGE;
    }
    cli_flush(&d);
    buf_free(&out);
    mdl_server_free(&s);
    diag_free(&d);
    return rc;
}

int cmd_probe(int argc, char **argv)
{
    unsigned long disks = 8, n;
    int i;
    buf out;
    for (i = 0; i < argc; i++) {
        const char *v;
        char *end;
        if (cli_opt(argc, argv, &i, "--disks", &v)) {
            if (!v || !*v || (n = strtoul(v, &end, 10), *end) || n < 1 || n > 64)
                return cli_usage("probe: --disks takes a number from 1 to 64");
            disks = n;
        } else {
            return cli_usage("probe: unknown argument '%s'", argv[i]);
        }
    }
    buf_init(&out);
    buf_puts(&out, "rem mrb probe: a snapshot of this server's disks for mrbc.\r\n"
                   "rem Run it as:  diskpart /s probe.txt > snapshot.txt\r\n"
                   "rem It only lists; it changes nothing.  DiskPart stops at the first disk\r\n"
                   "rem number that does not exist: the snapshot is complete all the same.\r\n"
                   "list disk\r\nlist volume\r\n");
    for (n = 0; n < disks; n++)
        buf_printf(&out, "select disk %lu\r\nlist partition\r\ndetail disk\r\n", n);
    i = cli_stdout(&out) ? CLI_OK : CLI_USAGE;
    buf_free(&out);
    return i;
}
