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
    int i, code, n = 0;
    bool options = true, list = false;  /* options until "--" */
    /* the codes are kept in argv[0..n) */
    for (i = 0; i < argc; i++)
        if (options && strcmp(argv[i], "--") == 0)
            options = false;
        else if (options && strcmp(argv[i], "--list") == 0)
            list = true;
        else if (diag_code_find(argv[i]) < 0)
            return cli_usage("explain: unknown code '%s' (codes look like E401 or W401)", argv[i]);
        else
            argv[n++] = argv[i];
    if (list && n > 0)
        return cli_usage("explain: --list takes no code");
    if (!list && n == 0)
        return help_usage_error("explain", "no code given, e.g. mrb explain E401");
    if (list)
        list_codes();
    for (i = 0; i < n; i++) {
        buf b;
        code = diag_code_find(argv[i]);
        buf_init(&b);
        diag_code_explain(&b, (enum diag_code)code);
        printf("%s%s", i ? "\n" : "", buf_cstr(&b));
        buf_free(&b);
    }
    return RC_OK;     /* main's cli_finish flushes standard output and checks it */
}
