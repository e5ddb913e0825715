/* cmd_explain.c - `mrbc explain CODE...` / `--list`: what a diagnostic code means. */
#include "cli.h"
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"

/* --list: every code of the registry, one a line: code, name, summary. */
static void list_codes(void)
{
    int c, w = 0, n;
    for (c = 0; c < DIAG_COUNT; c++)
        if ((n = (int)strlen(diag_code_name((enum diag_code)c))) > w)
            w = n;
    for (c = 0; c < DIAG_COUNT; c++)
        printf("%s  %-*s  %s\n", diag_code_str((enum diag_code)c), w, diag_code_name((enum diag_code)c),
               diag_code_summary((enum diag_code)c));
}

/* Prints, for each code: the code, its name and severity, and the
 * registry's summary (runtime/diag_codes.def), then where SPEC.md explains
 * it with an example.  An unknown code is a usage error (exit 2). */
int cmd_explain(int argc, char **argv)
{
    int i, code;
    if (argc == 0)
        return cli_usage("explain: no code given (usage: mrbc explain CODE..., e.g. mrbc explain E401)");
    for (i = 0; i < argc; i++)
        if (strcmp(argv[i], "--list") == 0 && argc > 1)
            return cli_usage("explain: --list takes no code");
        else if (strcmp(argv[i], "--list") != 0 && diag_code_find(argv[i]) < 0)
            return cli_usage("explain: unknown code '%s' (codes look like E401 or W401)", argv[i]);
    if (argc == 1 && strcmp(argv[0], "--list") == 0)
        list_codes();
    for (i = 0; i < argc && strcmp(argv[0], "--list") != 0; i++) {
        enum diag_code c;
        code = diag_code_find(argv[i]);
        c = (enum diag_code)code;
        printf("%s%s %s (%s)\n  %s.\n  SPEC.md, section 8 \"Diagnostics\", explains it with an example.\n",
               i ? "\n" : "", diag_code_str(c), diag_code_name(c),
               diag_code_severity(c) == DIAG_SEV_WARNING ? "warning" : "error", diag_code_summary(c));
    }
    if (fflush(stdout) != 0) {
        fputs("mrbc: cannot write to standard output\n", stderr);
        return CLI_USAGE;
    }
    return CLI_OK;
}
