/* fuzz_state.c - libFuzzer target: raw bytes -> the simulator's state file reader -> writer -> reader.
 *
 * A state file is read back by every `mrb sim --state` and `mrb run`.
 * Whatever st_parse accepts is written again (st_write) and read again:
 * the second text must be accepted and written the same, byte for byte
 * (the file is a fixed point of read and write).  It is also printed as
 * DiskPart listings.  A difference aborts, so libFuzzer keeps it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "diskpart/print.h"
#include "diskpart/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mdl_server s, t;
    diag_sink d;
    buf once, twice, shown;
    mdl_server_init(&s);
    mdl_server_init(&t);
    diag_init(&d);
    buf_init(&once);
    buf_init(&twice);
    buf_init(&shown);
    if (st_parse("fuzz", (const char *)data, size, &s, &d) == ST_OK) {
        st_write(&once, &s);
        prt_snapshot(&shown, &s);
        if (!once.failed) {
            if (st_parse("again", once.data, once.len, &t, &d) != ST_OK) {
                fprintf(stderr, "fuzz_state: a state file it wrote does not read:\n%s", buf_cstr(&d.out));
                abort();
            }
            st_write(&twice, &t);
            if (!twice.failed && (twice.len != once.len || memcmp(twice.data, once.data, once.len) != 0)) {
                fprintf(stderr, "fuzz_state: read, write, read, write is not stable:\n%s\n---\n%s",
                        buf_cstr(&once), buf_cstr(&twice));
                abort();
            }
        }
    }
    mdl_server_free(&s);
    mdl_server_free(&t);
    buf_free(&once);
    buf_free(&twice);
    buf_free(&shown);
    diag_free(&d);
    return 0;
}
