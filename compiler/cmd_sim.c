/* cmd_sim.c - `mrbc sim`: placeholder until the simulator lands. */
#include "cli.h"
#include "cmd.h"

int cmd_sim(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage("'sim' is not available yet");
}
