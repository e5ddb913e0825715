/* frontend.c - parse and check a .mrb file: the front end's one entry point. */
#include "check/frontend.h"

#include <string.h>

#include "check/check.h"
#include "base/diag.h"
#include "capture/listing.h"

/* Is the file name s[0..n) one Windows keeps for a device whatever its
 * extension: CON, PRN, AUX, NUL, COM0 to COM9, LPT0 to LPT9 (and COM and
 * LPT with a superscript 1, 2 or 3), CONIN$, CONOUT$, in any case, before
 * the first '.' and with trailing spaces ignored? */
static bool device_name(const char *s, size_t n)
{
    static const char *const fixed[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
    const char *dot = memchr(s, '.', n);
    size_t i;
    if (dot)
        n = (size_t)(dot - s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (util_ieqn(s, n, fixed[i]))
            return true;
    if (n < 4 || (!util_ieqn(s, 3, "COM") && !util_ieqn(s, 3, "LPT")))
        return false;
    return (n == 4 && s[3] >= '0' && s[3] <= '9') ||
           (n == 5 && (unsigned char)s[3] == 0xC2 &&
            ((unsigned char)s[4] == 0xB9 || (unsigned char)s[4] == 0xB2 || (unsigned char)s[4] == 0xB3));
}

/* NAME, the file's base name, names the files compile and run write
 * (NAME.cmd, NAME.journal...): a device's name cannot be one (E426). */
static bool file_name(const diag_src *src, diag_sink *d)
{
    buf name;
    bool ok;
    buf_init(&name);
    util_base_name(&name, src->name ? src->name : "");
    ok = name.failed || !device_name(buf_cstr(&name), name.len);
    if (!ok)
        diag_error(d, src, 0, 0, E426,
                   "'%s' is a name Windows keeps for a device (CON, NUL, COM1...), whatever follows its first '.': "
                   "mrb would write %s.cmd, %s.journal and the like, which Windows cannot create; rename the file",
                   buf_cstr(&name), buf_cstr(&name), buf_cstr(&name));
    buf_free(&name);
    return ok;
}

enum fe_status fe_check(arena *a, const diag_src *src, diag_sink *d, ast_file *out)
{
    enum fe_status st;
    bool named;
    /* a listing given as the procedure (the arguments swapped): one error
     * that says so, not one per dash of its tables */
    if (lst_looks_like_capture(src)) {
        size_t at = strspn(src->text, " \t\n"), n;    /* the first line that is not blank */
        while (at > 0 && src->text[at - 1] != '\n')
            at--;
        n = strcspn(src->text + at, "\n");
        diag_error(d, src, at, at + n, E301,
                   "this is a DiskPart capture, not a procedure (.mrb): it has no 'procedure' line, and "
                   "DiskPart's tables; give the procedure first and the capture with --listing (mrb compile "
                   "FILE.mrb --listing SNAPSHOT)");
        return FE_ERRORS;
    }
    st = fe_parse(a, src, d, out);
    if (st != FE_OK)
        return st;
    named = file_name(src, d);
    if (!chk_file(out, src, d, a) || !named)
        return a->failed ? FE_NOMEM : FE_ERRORS;
    return a->failed ? FE_NOMEM : FE_OK;
}
