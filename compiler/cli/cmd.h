/* cmd.h - the mrb subcommands, one function each (docs/mrb.1).
 *
 * Each takes the arguments after the subcommand name and returns the exit
 * status: 0 success, 1 input refused (diagnostics on stderr), 2 usage or
 * I/O error.
 */
#ifndef MRB_CMD_H
#define MRB_CMD_H

int cmd_check(int argc, char **argv);    /* compiler/cli/cmd_check.c */
int cmd_compile(int argc, char **argv);  /* compiler/cli/cmd_compile.c */
int cmd_explain(int argc, char **argv);  /* compiler/cli/cmd_explain.c */
int cmd_listing(int argc, char **argv);  /* compiler/cli/cmd_listing.c */
int cmd_probe(int argc, char **argv);    /* compiler/cli/cmd_listing.c */
int cmd_run(int argc, char **argv);      /* compiler/cli/cmd_run.c */
int cmd_sim(int argc, char **argv);      /* compiler/cli/cmd_sim.c */
int cmd_verify(int argc, char **argv);   /* compiler/cli/cmd_verify.c */
int cmd_ticket(int argc, char **argv);   /* compiler/cli/cmd_ticket.c */

#endif
