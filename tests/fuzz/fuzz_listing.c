/* fuzz_listing.c - libFuzzer target: raw bytes -> decoder -> listing reader -> printer;
 * the same text as a --words file, and as a listing read with those words. */
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "capture/listing.h"
#include "diskpart/print.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf text, out;
    diag_sink d;
    enum txt_encoding enc;
    mdl_server s;
    buf_init(&text);
    buf_init(&out);
    diag_init(&d);
    mdl_server_init(&s);
    if (txt_decode("fuzz", data, size, TXT_LISTING, &text, &enc, &d)) {
        diag_src src = {"fuzz", buf_cstr(&text), text.len};
        lst_words w;
        lst_options opt = {false, NULL};
        if (lst_read(&src, &s, &d)) {
            prt_snapshot(&out, &s);
            prt_json(&out, &s);
        }
        /* the same bytes as a --words file, then as a listing read with the
         * words they give */
        lst_words_init(&w);
        if (lst_words_parse(&src, &w, &d)) {
            opt.words = &w;
            mdl_server_free(&s);
            mdl_server_init(&s);
            if (lst_read_opts(&src, &opt, &s, &d))
                prt_json(&out, &s);
        }
        lst_words_free(&w);
    }
    mdl_server_free(&s);
    buf_free(&text);
    buf_free(&out);
    diag_free(&d);
    return 0;
}
