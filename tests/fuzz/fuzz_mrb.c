/* fuzz_mrb.c - libFuzzer target: raw bytes -> decoder -> .mrb lexer and parser -> checker. */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "lang/ast.h"
#include "base/diag.h"
#include "check/frontend.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf text;
    diag_sink d;
    enum txt_encoding enc;
    arena a;
    ast_file f = {0};
    buf_init(&text);
    diag_init(&d);
    arena_init(&a);
    if (txt_decode("fuzz.mrb", data, size, TXT_SOURCE, &text, &enc, &d)) {
        diag_src src = {"fuzz.mrb", buf_cstr(&text), text.len};
        (void)fe_check(&a, &src, &d, &f);
    }
    arena_free(&a);
    buf_free(&text);
    diag_free(&d);
    return 0;
}
