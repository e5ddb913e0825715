/* cmd_check.c - `mrbc check [--format=text|json] FILE.mrb...`: the linter. */
#include "cli.h"
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "frontend.h"
#include "limits.h"

/* Check one file; returns its exit status.  Diagnostics go to stderr as
 * text, or to stdout as JSON lines (one object per diagnostic). */
static int check_one(const char *path, enum diag_format format)
{
    diag_sink sink;
    buf text;
    int rc;
    diag_init(&sink);
    sink.format = format;
    sink.max_errors = LIM_ERRORS;
    buf_init(&text);
    rc = cli_read_text(path, TXT_SOURCE, LIM_SOURCE_BYTES, &text, &sink);
    if (rc == CLI_OK) {
        arena a;
        ast_file file;
        diag_src src;
        enum fe_status st;
        src.name = path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        arena_init(&a);
        st = fe_check(&a, &src, &sink, &file);
        arena_free(&a);
        if (st == FE_NOMEM) {
            fprintf(stderr, "mrbc: %s: out of memory\n", path);
            rc = CLI_USAGE;
        } else if (st == FE_ERRORS) {
            rc = CLI_REFUSED;
        }
    }
    if (format == DIAG_JSON) {
        if (!cli_stdout(&sink.out))
            rc = CLI_USAGE;
        buf_reset(&sink.out);
    } else {
        cli_flush(&sink);
    }
    buf_free(&text);
    diag_free(&sink);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    enum diag_format format = DIAG_TEXT;
    int i, rc = CLI_OK, nfiles = 0;
    bool options = true;
    for (i = 0; i < argc; i++) {
        const char *v;
        if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && cli_opt(argc, argv, &i, "--format", &v)) {
            if (v && strcmp(v, "text") == 0)
                format = DIAG_TEXT;
            else if (v && strcmp(v, "json") == 0)
                format = DIAG_JSON;
            else
                return cli_usage("check: --format takes text or json, not '%s'", v ? v : "");
        } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage("check: unknown option '%s'", argv[i]);
        } else {
            nfiles++;
        }
    }
    if (nfiles == 0)
        return cli_usage("check: no file given (usage: mrbc check [--format=text|json] FILE.mrb...)");
    options = true;
    for (i = 0; i < argc; i++) {
        const char *v;
        int one;
        if (options && strcmp(argv[i], "--") == 0) {
            options = false;
            continue;
        }
        if (options && cli_opt(argc, argv, &i, "--format", &v))
            continue;
        one = check_one(argv[i], format);
        if (one > rc)
            rc = one;
    }
    return rc;
}
