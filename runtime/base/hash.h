/* hash.h - CRC32C and SHA-256, written from their specifications.
 *
 * CRC32C (Castagnoli; RFC 3720 appendix B.4 gives test vectors) checks each
 * record of the run journal; SHA-256 (FIPS 180-4) binds a journal to the
 * procedure and listing it was made for, and fingerprints the files compile
 * writes.  The names keep the jrn_ prefix of the journal, their first user.
 */
#ifndef MRB_HASH_H
#define MRB_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct jrn_hash {
    uint8_t b[32];
} jrn_hash;

/* SHA-256, for the caller to hash the procedure and the listing. */
typedef struct jrn_sha256 {
    uint32_t h[8];
    uint64_t total;         /* bytes added */
    uint8_t block[64];
    size_t used;            /* bytes waiting in block */
} jrn_sha256;

void jrn_sha256_begin(jrn_sha256 *s);
void jrn_sha256_add(jrn_sha256 *s, const void *data, size_t n);
void jrn_sha256_end(jrn_sha256 *s, jrn_hash *out);
void jrn_hash_bytes(const void *data, size_t n, jrn_hash *out);     /* SHA-256 in one call */
/* A 64-bit value as a hash: 24 zero bytes, then v big-endian. */
void jrn_hash_from_u64(uint64_t v, jrn_hash *out);
bool jrn_hash_eq(const jrn_hash *a, const jrn_hash *b);
/* 64 lowercase hex digits and a NUL. */
void jrn_hash_hex(const jrn_hash *h, char out[65]);

/* CRC32C (Castagnoli, reflected, initial and final XOR 0xFFFFFFFF):
 * continue crc (0 to start) over n more bytes. */
uint32_t jrn_crc32c(uint32_t crc, const void *data, size_t n);

#endif
