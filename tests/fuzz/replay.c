/* replay.c - run a fuzz target over files, without libFuzzer.
 *
 * Linked with one fuzz_*.c into a normal test binary, so that every corpus
 * input (and every input that ever crashed) is replayed by `make test`,
 * under the sanitizers with `make SAN=1 test`.
 */
#include <stdint.h>
#include <stdio.h>

#include "base/platform.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i, bad = 0;
    for (i = 1; i < argc; i++) {
        buf b;
        const char *why;
        buf_init(&b);
        if (plat_read_file(argv[i], 1u << 24, &b, &why) != PLAT_OK) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], why);
            bad = 1;
        } else {
            LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
        }
        buf_free(&b);
    }
    printf("replayed %d inputs\n", argc - 1);
    return bad;
}
