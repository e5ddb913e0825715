/* cmd_compile.c - `mrbc compile`: placeholder while the resolver lands. */
#include "cli.h"
#include "cmd.h"

int cmd_compile(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage("'compile' is not available yet");
}
