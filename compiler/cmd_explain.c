/* cmd_explain.c - `mrbc explain CODE...`: what a diagnostic code means. */
#include "cli.h"
#include "cmd.h"

#include <stdio.h>

#include "diag.h"

/* Prints, for each code: the code, its name and severity, and the
 * registry's summary (runtime/diag_codes.def), then where SPEC.md explains
 * it with an example.  An unknown code is a usage error (exit 2). */
int cmd_explain(int argc, char **argv)
{
    int i, code;
    if (argc == 0)
        return cli_usage("explain: no code given (usage: mrbc explain CODE..., e.g. mrbc explain E401)");
    for (i = 0; i < argc; i++)
        if (diag_code_find(argv[i]) < 0)
            return cli_usage("explain: unknown code '%s' (codes look like E401 or W401)", argv[i]);
    for (i = 0; i < argc; i++) {
        enum diag_code c;
        code = diag_code_find(argv[i]);
        c = (enum diag_code)code;
        printf("%s%s %s (%s)\n  %s.\n  SPEC.md, section 8 \"Diagnostics\", explains it with an example.\n",
               i ? "\n" : "", diag_code_str(c), diag_code_name(c),
               diag_code_severity(c) == DIAG_SEV_WARNING ? "warning" : "error", diag_code_summary(c));
    }
    return CLI_OK;     /* main's cli_finish flushes standard output and checks it */
}
