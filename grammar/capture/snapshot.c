/* snapshot.c - one way in for a server's snapshot (snapshot.h). */
#include "capture/snapshot.h"

#include "diskpart/sim.h"
#include "diskpart/state.h"
#include "base/text.h"

enum snap_status snap_load(const char *name, const void *raw, size_t len, const snap_options *o, mdl_server *s,
                           diag_sink *d)
{
    buf text;
    diag_src src;
    enum txt_encoding enc;
    enum snap_status rc = SNAP_OK;
    buf_init(&text);
    if (!txt_decode(name, raw ? raw : (const void *)"", len, TXT_LISTING, &text, &enc, d)) {
        rc = SNAP_REFUSED;
    } else {
        src.name = name;
        src.text = buf_cstr(&text);
        src.len = text.len;
        if (o->state_files && st_is_state(src.text, src.len)) {
            enum st_status st = st_parse(name, src.text, src.len, s, d);
            if (st != ST_OK)
                rc = st == ST_IO ? SNAP_NOMEM : SNAP_REFUSED;
        } else {
            lst_options lo = {o->first_stage, o->words};
            if (!lst_read_opts(&src, &lo, s, d)) {
                rc = SNAP_REFUSED;
            } else if (o->first_stage && s->ndisks == 0) {
                diag_error(d, &src, src.len, src.len, E205,
                           "no 'list disk' output in this capture: run the script 'mrb probe' prints "
                           "(stage 1) and give its output");
                rc = SNAP_REFUSED;
            }
        }
    }
    if (rc == SNAP_OK && o->infer)
        sim_infer(s);
    buf_free(&text);
    return rc;
}
