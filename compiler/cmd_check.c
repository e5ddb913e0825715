/* cmd_check.c - `mrbc check`: placeholder until the front end lands. */
#include "cli.h"
#include "cmd.h"

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage("'check' is not available yet");
}
