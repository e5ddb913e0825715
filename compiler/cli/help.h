/* help.h - the text of `mrb --help` and `mrb SUBCOMMAND --help`, in one table.
 *
 * Each subcommand's synopsis, description, options and example are one
 * entry of help_cmds (compiler/cli/help.c); `mrb --help` is printed from the
 * same table.  An option a subcommand accepts is documented by adding one
 * line to its entry: tests/scripts/help_options.sh fails while an option the
 * subcommand's parser matches is missing from its help or from mrb(1).
 */
#ifndef MRB_HELP_H
#define MRB_HELP_H

#include <stdio.h>

#include "base/version.h"

typedef struct help_opt {
    const char *name;   /* "--format", "-o" */
    const char *arg;    /* "text|json|sarif", "DIR"; NULL: a flag */
    const char *text;   /* what it does: lines of at most 54 characters */
} help_opt;

typedef struct help_cmd {
    const char *name;       /* "check" */
    const char *usage;      /* after "mrb NAME ": lines of arguments */
    const char *summary;    /* lines for `mrb --help` */
    const char *about;      /* what the subcommand does: lines */
    help_opt opts[20];      /* ends at the first entry without a name */
    const char *example;    /* lines of shell */
} help_cmd;

extern const help_cmd help_cmds[];
extern const size_t help_ncmds;

/* The entry of subcommand name, or NULL. */
const help_cmd *help_find(const char *name);

/* The usage error of subcommand name (RC_USAGE, said on standard error):
 * "NAME: WHY (usage: mrb NAME USAGE)", or "NAME: usage: mrb NAME USAGE"
 * when why is NULL, USAGE the entry's usage on one line (another form after
 * " or "): the same text as its --help. */
int help_usage_error(const char *name, const char *why);

/* Print `mrb --help` / `mrb NAME --help` to f. */
void help_print_main(FILE *f);
void help_print_cmd(FILE *f, const help_cmd *c);

#endif
