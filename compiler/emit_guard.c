/* emit_guard.c - the driver's stale-plan guard (compiler/emit_int.h).
 *
 * Before it changes anything the driver lists the server with
 * NAME.00.diskpart.txt and looks, with findstr, for every row of the
 * listing that the plan relies on; a row not found refuses the run.  The
 * text of the checks goes through emit.c's helpers (emit_int.h), and the
 * rows through row_regex, which makes a findstr expression of a row.
 */
#include "emit_int.h"

#include <string.h>

static void crlf(buf *b) { buf_puts(b, "\r\n"); }

/* A findstr regular expression matching the row exactly, with any trailing
 * spaces: letters, digits, spaces and a few safe marks stand for
 * themselves, '*' is escaped, every other character matches any one. */
static void row_regex(buf *b, const char *row)
{
    const unsigned char *p = (const unsigned char *)row;
    buf_puts(b, "^  ");
    for (; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == ' ' || *p == '-' || *p == '_' || *p == ',')
            buf_putc(b, (char)*p);
        else if (*p == '*')
            buf_puts(b, "\\*");
        else if ((*p & 0xC0) != 0x80)
            buf_putc(b, '.');   /* one OEM byte per character in DiskPart's output */
    }
    buf_puts(b, " *$");
}

bool emit_guard_script(emit_out *o, const emit_input *in)
{
    buf *guard = emit_new_file(o, in->name, 0, ".diskpart.txt");
    if (!guard)
        return false;
    buf_puts(guard, "rem mrb stale-plan guard: lists the disks and volumes, changes nothing");
    crlf(guard);
    emit_provenance(guard, in, "rem mrb");
    buf_puts(guard, "list disk\r\n"
                    "list volume\r\n"
                    "exit\r\n");
    return true;
}

/* The stale-plan guard: every row the plan relies on, on a fresh listing. */
void emit_driver_guard(buf *drv, const plan *p)
{
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
}
