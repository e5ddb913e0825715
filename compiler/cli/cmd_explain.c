/* cmd_explain.c - `mrb explain CODE...` / `--list`: what a diagnostic code means. */
#include "cli/cli.h"
#include "cli/help.h"
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>

#include "base/diag.h"

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

/* Prints, for each code: the code, its name and severity, the registry's
 * summary (runtime/base/diag_codes.def), then SPEC.md's explanation with its
 * example, which the build copies in (diag_code_explain): the text stands
 * alone where SPEC.md is not installed.  An unknown code is a usage error (exit 2). */
int cmd_explain(int argc, char **argv)
{
    static const cli_optdef opts[] = {CLI_FLAG("--list")};
    cli_args a;
    enum cli_next k;
    const char *v;
    int id, n = 0;
    bool list = false;
    cli_args_init(&a, "explain", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END)
        if (k == CLI_BAD)
            return RC_USAGE;
        else if (k == CLI_OPT)
            list = true;
        else if (diag_code_find(v) < 0)
            return cli_usage("explain: unknown code '%s' (codes look like E401 or W401)", v);
        else
            n++;
    if (list && n > 0)
        return cli_usage("explain: --list takes no code");
    if (!list && n == 0)
        return help_usage_error("explain", "no code given, e.g. mrb explain E401");
    if (list)
        list_codes();
    /* the codes, read again: every argument is one now */
    cli_args_init(&a, "explain", argc, argv, opts, sizeof opts / sizeof opts[0]);
    for (n = 0; (k = cli_next(&a, &id, &v)) != CLI_END;) {
        buf b;
        if (k != CLI_ARG)
            continue;
        buf_init(&b);
        diag_code_explain(&b, (enum diag_code)diag_code_find(v));
        printf("%s%s", n++ ? "\n" : "", buf_cstr(&b));
        buf_free(&b);
    }
    return RC_OK;     /* main's cli_finish flushes standard output and checks it */
}
