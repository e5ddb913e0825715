/* main.c - the mrbc command line: dispatch to one function per subcommand. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "help.h"
#include "platform.h"

/* `mrbc CMD ... --help` (before any "--"): the command's help, exit 0. */
static bool wants_help(int argc, char **argv)
{
    int i;
    for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"check", cmd_check}, {"compile", cmd_compile}, {"explain", cmd_explain}, {"listing", cmd_listing},
        {"probe", cmd_probe}, {"run", cmd_run}, {"sim", cmd_sim}, {"verify", cmd_verify},
    };
    size_t i;
    plat_init_process();
    if (argc < 2)
        return cli_usage("no command given");
    if (strcmp(argv[1], "help") == 0 && argc > 2) {
        const help_cmd *h = help_find(argv[2]);
        if (!h)
            return cli_usage("help: unknown command '%s'", argv[2]);
        help_print_cmd(stdout, h);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        help_print_main(stdout);
        return cli_finish(CLI_OK);
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("mrbc " MRBC_VERSION);
        return cli_finish(CLI_OK);
    }
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0) {
            if (wants_help(argc - 2, argv + 2)) {
                help_print_cmd(stdout, help_find(cmds[i].name));
                return cli_finish(CLI_OK);
            }
            return cli_finish(cmds[i].fn(argc - 2, argv + 2));
        }
    return cli_usage("unknown command '%s'", argv[1]);
}
