/* emit_guard.c - the driver's guard (compiler/out/emit_int.h).
 *
 * Before it changes anything the driver lists the server with
 * NAME.00.diskpart.txt and looks, with findstr, for every row of the
 * listing that the plan relies on; a row not found refuses the run.  Then
 * the identity guard: for each disk whose identity is checked
 * (compiler/plan/identity.h) and whose `detail disk` the listing holds, a
 * DiskPart run of its own, NAME.00.diskN.diskpart.txt (`select disk N`,
 * `detail disk`), whose output must show the model, the Disk ID and the
 * Location Path the listing captured; any one not shown refuses the run,
 * naming the disk and the field.  One run per disk, so that what findstr
 * finds in an output is that disk's and no other's (two disks that swapped
 * numbers would otherwise pass).  The field lines are matched by their
 * value after a colon, whatever the label's words: the capture is in the
 * server's language, and so is what the server prints.  The text of the
 * checks goes through emit.c's helpers (emit_int.h), and what the server
 * printed through text_regex, which makes a findstr expression of it.
 */
#include "out/emit_int.h"

#include <string.h>

#include "plan/identity.h"

static void crlf(buf *b) { buf_puts(b, "\r\n"); }

/* A findstr regular expression of text, between before and after
 * (emit_regex's characters). */
static void text_regex(buf *b, const char *before, const char *text, const char *after)
{
    buf_puts(b, before);
    emit_regex(b, text, 0, strlen(text));
    buf_puts(b, after);
}

/* The row exactly, with any trailing spaces. */
static void row_regex(buf *b, const char *row) { text_regex(b, "^  ", row, " *$"); }

/* The disks whose identity is checked, of a compile against a listing. */
static bool identity_disks(const emit_input *in, idn_set *ids)
{
    ids->n = 0;
    ids->disks = NULL;
    return !in->snap || !in->p->proved || idn_disks(in->p, in->snap, ids);
}

/* NAME.00.diskN.diskpart.txt: `detail disk` of each disk the identity
 * guard checks. */
static bool identity_scripts(emit_out *o, const emit_input *in)
{
    idn_set ids;
    size_t i;
    bool ok = identity_disks(in, &ids);
    for (i = 0; ok && i < ids.n; i++) {
        const mdl_disk *d = ids.disks[i];
        buf suffix, *f;
        if (!idn_checkable(d))
            continue;
        buf_init(&suffix);
        buf_printf(&suffix, ".disk%u.diskpart.txt", d->num);
        f = suffix.failed ? NULL : emit_new_file(o, in->name, 0, buf_cstr(&suffix), ER_GUARD);
        buf_free(&suffix);
        if (!f) {
            ok = false;
            break;
        }
        buf_printf(f, "rem mrb identity guard: Disk %u's detail, to compare with the listing's; changes nothing\r\n",
                   d->num);
        emit_provenance(f, in, "rem mrb");
        buf_printf(f, "select disk %u\r\n"
                      "detail disk\r\n"
                      "exit\r\n", d->num);
    }
    idn_free(&ids);
    return ok;
}

bool emit_guard_script(emit_out *o, const emit_input *in)
{
    buf *guard = emit_new_file(o, in->name, 0, ".diskpart.txt", ER_GUARD);
    if (!guard)
        return false;
    buf_puts(guard, "rem mrb stale-plan guard: lists the disks and volumes, changes nothing");
    crlf(guard);
    emit_provenance(guard, in, "rem mrb");
    buf_puts(guard, "list disk\r\n"
                    "list volume\r\n"
                    "exit\r\n");
    return identity_scripts(o, in);
}

/* The findstr check of one field f of disk d in its `detail disk` output;
 * the value it lacks is shown outside a parenthesised block, where cmd
 * reads ( and ) as they are. */
static void identity_check(buf *drv, const mdl_disk *d, enum idn_field f)
{
    const char *v = idn_value(d, f);
    if (!*v)
        return;
    buf_puts(drv, "findstr /r /c:\"");
    if (f == IDN_MODEL)
        text_regex(drv, "^ *", v, " *$");
    else
        text_regex(drv, "^.*: *", v, " *$");
    buf_printf(drv, "\" \"%%MRB_NOW%%\" >nul\r\n"
                    "if not errorlevel 1 goto same_disk%u_%d\r\n"
                    "echo mrb: Disk %u does not show the %s the listing captured:\r\n"
                    "echo   ",
               d->num, (int)f, d->num, idn_field_name(f));
    emit_echo_text(drv, v);
    buf_printf(drv, "\r\n"
                    "goto not_the_disk\r\n"
                    ":same_disk%u_%d\r\n", d->num, (int)f);
}

/* The identity guard: each disk checked, in a DiskPart run of its own. */
static void identity_guard(buf *drv, const emit_input *in)
{
    idn_set ids;
    size_t i;
    int f;
    bool any = false;
    if (!identity_disks(in, &ids)) {
        drv->failed = true;
        return;
    }
    for (i = 0; i < ids.n; i++) {
        const mdl_disk *d = ids.disks[i];
        if (!idn_checkable(d))
            continue;
        if (!any)
            buf_puts(drv, "rem The identity guard: each disk this plan writes or reads must be the physical\r\n"
                          "rem disk the listing captured: its detail disk shows the same model, Disk ID\r\n"
                          "rem and Location Path.\r\n");
        any = true;
        buf_printf(drv, "echo mrb: checking that Disk %u is the disk the listing captured\r\n"
                        "call :diskpart 00.disk%u quiet\r\n"
                        "if errorlevel 1 goto guard_failed\r\n", d->num, d->num);
        for (f = 0; f < IDN_COUNT; f++)
            identity_check(drv, d, (enum idn_field)f);
    }
    if (any)
        buf_puts(drv, "goto same_disks\r\n"
                      ":not_the_disk\r\n"
                      ">>\"%MRB_LOG%\" echo [%date% %time%] mrb: a disk is not the one captured: nothing was changed\r\n"
                      "echo mrb: so it is not the physical disk the listing captured: another disk is\r\n"
                      "echo mrb: in its place, or the disks were renumbered.  Nothing was changed.\r\n"
                      "echo mrb: if a disk was replaced, make sure the failed one was pulled, not the\r\n"
                      "echo mrb: one to keep.  Look at the server (diskpart: list disk, select disk N,\r\n"
                      "echo mrb: detail disk), then capture a new listing and compile again.\r\n"
                      "exit /b 1\r\n"
                      ":same_disks\r\n");
    idn_free(&ids);
}

void emit_guard_header(buf *drv, const emit_input *in)
{
    idn_set ids;
    size_t i, n = 0, k = 0;
    if (!identity_disks(in, &ids)) {
        drv->failed = true;
        return;
    }
    for (i = 0; i < ids.n; i++)
        n += !idn_checkable(ids.disks[i]);
    for (i = 0; i < ids.n; i++) {
        if (idn_checkable(ids.disks[i]))
            continue;
        buf_puts(drv, k == 0 ? "rem The identity guard cannot check " : k + 1 < n ? ", " : " and ");
        buf_printf(drv, "Disk %u", ids.disks[i]->num);
        k++;
    }
    if (n)
        buf_printf(drv, ": the listing has no\r\n"
                        "rem detail disk for %s (mrb probe captures it); only %s listing rows are checked.\r\n",
                   n == 1 ? "it" : "them", n == 1 ? "its" : "their");
    idn_free(&ids);
}

/* The stale-plan guard: every row the plan relies on, on a fresh listing,
 * then the identity guard. */
void emit_driver_guard(buf *drv, const emit_input *in)
{
    const plan *p = in->p;
    size_t i;
    buf_puts(drv, "rem The stale-plan guard: the server must still show every row of the\r\n"
                  "rem listing that this plan relies on, before anything is changed.\r\n"
                  "echo mrb: checking that the server still matches the listing\r\n"
                  "call :diskpart 00 quiet\r\n"
                  "if errorlevel 1 goto guard_failed\r\n");
    for (i = 0; i < p->nrows; i++) {
        buf_puts(drv, "findstr /r /c:\"");
        row_regex(drv, p->rows[i]);
        buf_puts(drv, "\" \"%MRB_NOW%\" >nul\r\n"
                      "if errorlevel 1 (echo mrb: the server no longer shows:& echo   ");
        emit_block_text(drv, p->rows[i]);
        buf_puts(drv, "& goto stale)\r\n");
    }
    identity_guard(drv, in);
}
