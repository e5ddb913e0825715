/* frontend.c - parse and check a .mrb file: the front end's one entry point. */
#include "frontend.h"

#include <string.h>

#include "check.h"
#include "listing.h"

enum fe_status fe_check(arena *a, const diag_src *src, diag_sink *d, ast_file *out)
{
    enum fe_status st;
    /* a listing given as the procedure (the arguments swapped): one error
     * that says so, not one per dash of its tables */
    if (lst_looks_like_capture(src)) {
        size_t at = strspn(src->text, " \t\n"), n;    /* the first line that is not blank */
        while (at > 0 && src->text[at - 1] != '\n')
            at--;
        n = strcspn(src->text + at, "\n");
        diag_error(d, src, at, at + n, E301,
                   "this is a DiskPart capture, not a procedure (.mrb): it has no 'procedure' line, and "
                   "DiskPart's tables; give the procedure first and the capture with --listing (mrbc compile "
                   "FILE.mrb --listing SNAPSHOT)");
        return FE_ERRORS;
    }
    st = fe_parse(a, src, d, out);
    if (st != FE_OK)
        return st;
    if (!chk_file(out, src, d, a))
        return a->failed ? FE_NOMEM : FE_ERRORS;
    return a->failed ? FE_NOMEM : FE_OK;
}
