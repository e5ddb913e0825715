/* fuzz_journal.c - libFuzzer target: raw bytes -> the run journal's reader (--resume's input).
 *
 * Each input is read twice: as it is, and with every record's CRC32C made
 * right (so that the fuzzer gets past the checksums to the protocol
 * checks).  Whatever jrn_read accepts is read again cut to its valid bytes
 * (the part --resume keeps): that must be accepted too, with the same
 * records and no torn tail.  A difference aborts, so libFuzzer keeps it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "server/journal.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Make each record's checksum right, as far as the records' lengths lead. */
static void fix_checksums(uint8_t *p, size_t n)
{
    size_t o = 0;
    while (o + 16 <= n) {
        uint32_t len = le32(p + o + 12), crc;
        if (len > n - o - 16 || n - o - 16 - len < 4)
            break;
        crc = jrn_crc32c(0, p + o, 16 + (size_t)len);
        p[o + 16 + len] = (uint8_t)crc;
        p[o + 17 + len] = (uint8_t)(crc >> 8);
        p[o + 18 + len] = (uint8_t)(crc >> 16);
        p[o + 19 + len] = (uint8_t)(crc >> 24);
        o += 20 + (size_t)len;
    }
}

static void read_once(const uint8_t *data, size_t size)
{
    jrn_summary s, again;
    diag_sink d;
    diag_init(&d);
    if (jrn_read(data, size, "fuzz", NULL, NULL, &s, &d) == JRN_OK) {
        if (s.valid_bytes > size) {
            fprintf(stderr, "fuzz_journal: %llu valid bytes of %zu\n", (unsigned long long)s.valid_bytes, size);
            abort();
        }
        if (jrn_read(data, (size_t)s.valid_bytes, "fuzz", NULL, NULL, &again, &d) != JRN_OK ||
            again.records != s.records || again.tail_dropped || again.ended != s.ended ||
            again.in_doubt != s.in_doubt || again.steps_done != s.steps_done) {
            fprintf(stderr, "fuzz_journal: the valid part of an accepted journal reads differently:\n%s",
                    buf_cstr(&d.out));
            abort();
        }
        jrn_summary_free(&again);
    }
    jrn_summary_free(&s);
    diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy;
    read_once(data, size);
    if (size == 0 || !(copy = malloc(size)))
        return 0;
    memcpy(copy, data, size);
    fix_checksums(copy, size);
    read_once(copy, size);
    free(copy);
    return 0;
}
