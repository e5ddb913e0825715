/* frontend.c - parse and check a .mrb file: the front end's one entry point. */
#include "frontend.h"

#include "check.h"

enum fe_status fe_check(arena *a, const diag_src *src, diag_sink *d, ast_file *out)
{
    enum fe_status st = fe_parse(a, src, d, out);
    if (st != FE_OK)
        return st;
    if (!chk_file(out, src, d, a))
        return a->failed ? FE_NOMEM : FE_ERRORS;
    return a->failed ? FE_NOMEM : FE_OK;
}
