/* main.c - the mrb command line: dispatch to one function per subcommand. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check/check.h"
#include "cli/cli.h"
#include "cli/cmd.h"
#include "cli/help.h"
#include "base/platform.h"

/* `mrb CMD ... --help` or `--version` (before any "--"): the command's
 * help, or the version, exit 0. */
static bool wants(const char *opt, int argc, char **argv)
{
    int i;
    for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], opt) == 0)
            return true;
    return false;
}

/* The command nearest a mistyped one (an edit or two away), or NULL. */
static const char *nearest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    unsigned d, best_d = strlen(word) < 4 ? 1 : 2;
    size_t i;
    for (i = 0; i < n; i++)
        if ((d = chk_distance(word, strlen(word), names[i], strlen(names[i]))) <= best_d && (!best || d < best_d)) {
            best = names[i];
            best_d = d;
        }
    return best;
}

/* "unknown command 'X'", with the nearest command when there is one. */
static int unknown_command(const char *what, const char *word)
{
    static const char *const names[] = {"check", "compile", "explain", "help", "listing", "probe", "run", "sim", "verify", "ticket"};
    const char *near = nearest(word, names, sizeof names / sizeof names[0]);
    if (near)
        return cli_usage("%sunknown command '%s'; did you mean '%s'?", what, word, near);
    return cli_usage("%sunknown command '%s'", what, word);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"check", cmd_check}, {"compile", cmd_compile}, {"explain", cmd_explain}, {"listing", cmd_listing},
        {"probe", cmd_probe}, {"run", cmd_run}, {"sim", cmd_sim}, {"verify", cmd_verify},
        {"ticket", cmd_ticket},
    };
    size_t i;
    plat_init_process();
    if (argc < 2)
        return cli_usage("no command given");
    if (strcmp(argv[1], "help") == 0 && argc > 2) {
        const help_cmd *h = help_find(argv[2]);
        if (!h)
            return unknown_command("help: ", argv[2]);
        help_print_cmd(stdout, h);
        return RC_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        help_print_main(stdout);
        return cli_finish(RC_OK);
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("mrb " MRB_VERSION);
        return cli_finish(RC_OK);
    }
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(argv[1], cmds[i].name) == 0) {
            if (wants("--help", argc - 2, argv + 2)) {
                help_print_cmd(stdout, help_find(cmds[i].name));
                return cli_finish(RC_OK);
            }
            if (wants("--version", argc - 2, argv + 2)) {
                puts("mrb " MRB_VERSION);
                return cli_finish(RC_OK);
            }
            return cli_finish(cmds[i].fn(argc - 2, argv + 2));
        }
    return unknown_command("", argv[1]);
}
