/* run_approve.c - `mrb run --diskpart`: a person's last look before the first change.
 *
 * A run on a server goes on only when a person approved this plan for this
 * listing: on a terminal, by typing the number of the disk the run erases
 * after reading the plan's summary disk by disk (what `mrb compile`
 * prints); elsewhere by --approve with the plan's compile id (the id
 * `mrb compile` stamps on every file it writes for the same procedure and
 * listing, and prints under --format json), or --yes.  Anything else is
 * refused (E817) before the journal is written or anything is sent.
 */
#include "cli/run_approve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "out/emit.h"
#include "base/platform.h"
#include "out/review.h"

/* The compile id `mrb compile FILE --listing LISTING` stamps on its files
 * (the first line of its first script); false when out of memory. */
static bool compile_id(const proved *x, const char *file, const char *listing, buf *id)
{
    static const char mark[] = "rem mrb compile id ";
    emit_out out;
    buf name;
    bool ok;
    buf_init(&name);
    emit_out_init(&out);
    util_base_name(&name, file);
    ok = !name.failed && emit_proved(x, buf_cstr(&name), file, listing, &out);
    if (ok && out.nfiles && out.files[0].data.len > sizeof mark - 1 &&
        strncmp(out.files[0].data.data, mark, sizeof mark - 1) == 0) {
        const char *p = out.files[0].data.data + sizeof mark - 1;
        buf_put(id, p, strcspn(p, "\r\n"));
    }
    ok = ok && !id->failed;
    emit_out_free(&out);
    buf_free(&name);
    return ok;
}

/* What the compile id is of: the inputs this run was given. */
static const char *inputs(const proved *x)
{
    return x->inventory ? "procedure, listing and inventory" : "procedure and listing";
}

/* Whether the line typed is want ("1"), or "disk 1" in any case. */
static bool typed(const char *line, const char *want)
{
    size_t n = strlen(line), k = strlen(want);
    while (n && isspace((unsigned char)line[n - 1]))
        n--;
    while (n && isspace((unsigned char)*line)) {
        line++;
        n--;
    }
    if (n > 5 && tolower((unsigned char)line[0]) == 'd' && tolower((unsigned char)line[1]) == 'i' &&
        tolower((unsigned char)line[2]) == 's' && tolower((unsigned char)line[3]) == 'k' && line[4] == ' ') {
        line += 5;
        n -= 5;
    }
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)line[i]) != toupper((unsigned char)want[i]))
            return false;
    return true;
}

/* On a terminal: the summary, then the question; RC_OK when the answer
 * is the disk's number. */
static int ask(const proved *x, const buf *id, diag_sink *d)
{
    char line[128];
    char want[24];
    buf text;
    int rc = RC_OK;
    buf_init(&text);
    rev_summary(&text, &x->p, &x->snap);
    rev_pictures(&text, &x->p, &x->snap, d->color);
    if (x->p.has_target)
        snprintf(want, sizeof want, MDL_DISK_FMT, MDL_DISK_ARGS(x->p.target));
    else
        snprintf(want, sizeof want, "yes");
    buf_printf(&text, "compile id %s\n", buf_cstr(id));
    if (x->p.has_target)
        buf_printf(&text, "This run erases Disk %s. Type its number to go on (anything else stops): ", want);
    else
        buf_printf(&text, "This run erases no disk. Type yes to go on (anything else stops): ");
    fputs(buf_cstr(&text), stderr);
    fflush(stderr);
    buf_free(&text);
    if (!fgets(line, sizeof line, stdin))
        line[0] = '\0';
    if (!typed(line, want)) {
        line[strcspn(line, "\r\n")] = '\0';
        diag_error(d, NULL, 0, 0, E817, "not approved: '%s' is not %s%s: nothing was sent, no journal was written",
                   line, x->p.has_target ? "the number of the disk this run erases, " : "yes",
                   x->p.has_target ? want : "");
        rc = RC_REFUSED;
    }
    return rc;
}

int run_approve(const proved *x, const char *file, const char *listing, const char *approve, bool yes,
                diag_sink *d)
{
    buf id;
    int rc = RC_OK;
    if (yes && !approve)
        return RC_OK;
    buf_init(&id);
    if (!compile_id(x, file, listing, &id)) {
        diag_error(d, NULL, 0, 0, E001, "out of memory");
        rc = RC_REFUSED;
    } else if (approve) {
        if (strcmp(approve, buf_cstr(&id)) != 0) {
            diag_error(d, NULL, 0, 0, E817, "--approve %s is not the compile id of this %s: compile them, review "
                                            "the plan, then approve its id: nothing was sent, no journal was written",
                       approve, inputs(x));
            rc = RC_REFUSED;
        }
    } else if (plat_stdin_is_terminal() || getenv("MRBC_ASSUME_TERMINAL")) {
        cli_flush(d);
        rc = ask(x, &id, d);
    } else {
        diag_error(d, NULL, 0, 0, E817, "a run on a server (--diskpart) needs a person's approval, and standard input "
                                        "is not a terminal to ask one: give --approve COMPILE_ID (the compile id "
                                        "of this %s, from mrb compile) or --yes: nothing was sent, no journal was "
                                        "written", inputs(x));
        rc = RC_REFUSED;
    }
    buf_free(&id);
    return rc;
}
