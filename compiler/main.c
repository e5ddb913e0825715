/* main.c - the mrbc command line: dispatch to one function per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

#define MRBC_VERSION "0.1.0"

static const char usage[] =
    "usage: mrbc <command> [options]\n"
    "\n"
    "Rebuild a Windows software mirror safely: procedures (.mrb files) are\n"
    "checked, resolved against a server's captured DiskPart listing and proved\n"
    "on a model of that server before anything runs.\n"
    "\n"
    "commands:\n"
    "  check [--format=text|json|sarif] [--werror] FILE.mrb...\n"
    "                        parse and type-check procedures (a linter for CI;\n"
    "                        --werror: warnings refuse the file too)\n"
    "  explain CODE...       what a diagnostic code (E401, W401, ...) means\n"
    "  listing SNAPSHOT [--format=text|json]\n"
    "                        read a captured DiskPart listing (or a --state file)\n"
    "                        and print it back as English DiskPart listings\n"
    "  compile FILE.mrb --listing SNAPSHOT [-o DIR]\n"
    "                        resolve the procedure against a server's listing,\n"
    "                        prove it on a model of that server, and write\n"
    "                        DIR/NAME.cmd and DIR/NAME.NN.diskpart.txt\n"
    "  run FILE.mrb --simulate SNAPSHOT [--state FILE] [--journal FILE] [--resume]\n"
    "                        prove the procedure as compile does, then run it\n"
    "                        command by command on the simulated server kept in\n"
    "                        --state (default NAME.state), re-checking the server\n"
    "                        before every step, with a checkpoint journal (default\n"
    "                        NAME.journal) that --resume continues; --quiet, --json;\n"
    "                        --listing SNAPSHOT --diskpart PROGRAM runs PROGRAM /s\n"
    "                        SCRIPT instead of the simulator, waiting\n"
    "                        --diskpart-wait SECONDS (15) between launches and\n"
    "                        stopping one after --diskpart-timeout SECONDS (3600);\n"
    "                        robocopy and bcdedit lines run as --robocopy PROGRAM\n"
    "                        and --bcdedit PROGRAM (robocopy, bcdedit); after the\n"
    "                        last step it watches the mirrors resynchronise every\n"
    "                        --resync-poll SECONDS (30; 0: do not wait)\n"
    "  probe [--disks N]     print the DiskPart script that captures a snapshot\n"
    "  sim SNAPSHOT SCRIPT [--state FILE]\n"
    "                        run a DiskPart script on the simulated server\n"
    "\n"
    "exit status: 0 success, 1 input refused (diagnostics on stderr),\n"
    "             2 usage or I/O error\n"
    "\n"
    "  mrbc --help           this text\n"
    "  mrbc --version        the version\n";

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"check", cmd_check}, {"compile", cmd_compile}, {"explain", cmd_explain}, {"listing", cmd_listing},
        {"probe", cmd_probe}, {"run", cmd_run}, {"sim", cmd_sim},
    };
    size_t i;
    if (argc < 2)
        return cli_usage("no command given");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("mrbc " MRBC_VERSION);
        return CLI_OK;
    }
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 2, argv + 2);
    return cli_usage("unknown command '%s'", argv[1]);
}
