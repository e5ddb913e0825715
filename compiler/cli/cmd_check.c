/* cmd_check.c - `mrb check [--format=text|json|sarif] [--werror] FILE.mrb...`: the linter. */
#include "cli/cli.h"
#include "cli/cmd.h"

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "check/frontend.h"
#include "cli/help.h"
#include "base/mrblimits.h"

enum check_format { CF_TEXT, CF_JSON, CF_SARIF };

/* --disable=W401,W403 and --enable=...: set the warnings in the list (a
 * comma-separated list of Wnnn) to off; false on a code that is no warning. */
static bool set_codes(bool *disabled, const char *list, bool off, const char **bad, size_t *badlen)
{
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char word[8];
        int code = -1;
        if (n > 0 && n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            code = diag_code_find(word);
        }
        if (code < 0 || diag_code_severity((enum diag_code)code) != DIAG_SEV_WARNING) {
            *bad = p;
            *badlen = n;
            return false;
        }
        disabled[code] = off;
        p += n + (e ? 1 : 0);
    }
    return true;
}

/* Check one file; returns its exit status.  Diagnostics go to stderr as
 * text, to stdout as JSON lines (one object per diagnostic), or into keep
 * for one SARIF log at the end.  Warnings do not refuse the file unless
 * werror makes them errors. */
static int check_one(const char *path, enum check_format format, bool werror, const bool *disabled,
                     diag_list *keep)
{
    diag_sink sink;
    buf text;
    int rc;
    diag_init(&sink);
    sink.format = format == CF_JSON ? DIAG_JSON : DIAG_TEXT;
    cli_color(&sink);
    sink.max_errors = LIM_ERRORS;
    sink.werror = werror;
    memcpy(sink.disabled, disabled, sizeof sink.disabled);
    sink.file = path;
    if (format == CF_SARIF)
        sink.keep = keep;
    buf_init(&text);
    rc = cli_read_text(path, TXT_SOURCE, LIM_SOURCE_BYTES, &text, &sink);
    if (rc == RC_OK) {
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
            fprintf(stderr, "mrb: error: %s: out of memory [E010]\n", path);
            rc = RC_USAGE;
        } else if (st == FE_ERRORS || sink.errors > 0) {
            rc = RC_REFUSED;
        }
    }
    if (format == CF_JSON) {
        if (!cli_stdout(&sink.out))
            rc = RC_USAGE;
        buf_reset(&sink.out);
    } else if (format == CF_SARIF) {
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
    enum { O_FORMAT, O_WERROR, O_DISABLE, O_ENABLE, O_SEVERITY };
    static const cli_optdef opts[] = {CLI_VALUE("--format", NULL), CLI_FLAG("--werror"), CLI_VALUE("--disable", NULL),
                                      CLI_VALUE("--enable", NULL), CLI_VALUE("--severity", NULL)};
    enum check_format format = CF_TEXT;
    int id = 0, rc = RC_OK, nfiles = 0;
    bool werror = false;
    bool disabled[DIAG_COUNT];
    diag_list keep;
    cli_args a;
    enum cli_next k;
    const char *v;
    memset(disabled, 0, sizeof disabled);
    cli_args_init(&a, "check", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        const char *bad;
        size_t badlen;
        if (k == CLI_OPT && id == O_FORMAT) {
            if (v && strcmp(v, "text") == 0)
                format = CF_TEXT;
            else if (v && strcmp(v, "json") == 0)
                format = CF_JSON;
            else if (v && strcmp(v, "sarif") == 0)
                format = CF_SARIF;
            else
                return cli_usage("check: --format takes text, json or sarif, not '%s'", v ? v : "");
        } else if (k == CLI_OPT && id == O_WERROR) {
            werror = true;
        } else if (k == CLI_OPT && (id == O_DISABLE || id == O_ENABLE)) {
            bool off = id == O_DISABLE;
            if (!v || !set_codes(disabled, v, off, &bad, &badlen))
                return cli_usage("check: --%s takes warning codes (W401,W403), not '%.*s'", off ? "disable" : "enable",
                                 v ? (int)badlen : 0, v ? bad : "");
        } else if (k == CLI_OPT && id == O_SEVERITY) {
            int c;
            if (!v || (strcmp(v, "warning") != 0 && strcmp(v, "error") != 0))
                return cli_usage("check: --severity takes warning or error, not '%s'", v ? v : "");
            for (c = 0; c < DIAG_COUNT; c++)
                if (diag_code_severity((enum diag_code)c) == DIAG_SEV_WARNING)
                    disabled[c] = strcmp(v, "error") == 0;
        } else if (k == CLI_BAD) {
            return RC_USAGE;
        } else {
            nfiles++;
        }
    }
    if (nfiles == 0)
        return help_usage_error("check", "no file given");
    diag_list_init(&keep);
    cli_args_init(&a, "check", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        int one;
        if (k != CLI_ARG)
            continue;   /* the options, read above */
        one = check_one(v, format, werror, disabled, &keep);
        if (one > rc)
            rc = one;
    }
    if (format == CF_SARIF) {
        buf out;
        buf_init(&out);
        if (keep.failed) {
            fputs("mrb: error: out of memory while keeping diagnostics [E010]\n", stderr);
            rc = RC_USAGE;
        } else {
            diag_sarif(&out, &keep, MRB_VERSION, *MRB_HOME ? MRB_HOME : NULL);
            if (!cli_stdout(&out))
                rc = RC_USAGE;
        }
        buf_free(&out);
    }
    diag_list_free(&keep);
    return rc;
}
