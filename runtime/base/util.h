/* util.h - memory, checked size arithmetic and growable byte buffers.
 *
 * The lowest layer: every stage (grammar, compiler, runtime) uses it.
 * Allocation goes through util_alloc/util_realloc so that a test build can
 * make the Nth allocation fail (util_fail_alloc_at).  Library code never
 * aborts on a failed allocation: it returns an error to its caller.
 *
 * Ownership: a buf owns its bytes; buf_free releases them.
 */
#ifndef MRB_UTIL_H
#define MRB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* printf-style checking of our own formatting functions.  mingw-w64 builds
 * use the C99 printf (-D__USE_MINGW_ANSI_STDIO=1), hence gnu_printf there. */
#if defined(__MINGW32__)
#define MRB_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#define MRB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MRB_PRINTF(f, a)
#endif

/* Returns NULL on failure (or when fault injection says so). */
void *util_alloc(size_t n);
void *util_realloc(void *p, size_t n);
void *util_calloc(size_t count, size_t size);
char *util_strndup(const char *s, size_t n);
void util_free(void *p);

/* Fault injection: the Nth allocation from now on fails (0 disables).
 * With persistent set, every allocation after it fails too. */
void util_fail_alloc_at(unsigned long n, bool persistent);
unsigned long util_alloc_count(void);

/* Checked arithmetic: false on overflow, *out untouched then. */
bool util_add(size_t a, size_t b, size_t *out);
bool util_mul(size_t a, size_t b, size_t *out);
bool util_add64(uint64_t a, uint64_t b, uint64_t *out);
bool util_mul64(uint64_t a, uint64_t b, uint64_t *out);

/* Grow a dynamic array *items of *cap elements of elem bytes so that it holds
 * at least need elements.  False on overflow or allocation failure. */
bool util_grow(void **items, size_t *cap, size_t need, size_t elem);

/* ASCII helpers: locale-independent. */
int util_lower(int c);
bool util_ieq(const char *a, const char *b);                 /* case-insensitive equal */
bool util_ieqn(const char *a, size_t alen, const char *b);   /* a[0..alen) vs b */

/* The length of the well-formed UTF-8 character at p (n > 0 bytes left),
 * or 0 when it is not one (strict: no overlong forms, surrogates or code
 * points over U+10FFFF); its code point in *cp when cp is not NULL. */
size_t util_utf8_len(const unsigned char *p, size_t n, unsigned long *cp);

typedef struct buf {
    char *data;     /* NUL-terminated when len > 0 or after buf_cstr */
    size_t len;
    size_t cap;
    bool failed;    /* an append failed: the contents are incomplete */
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
    MRB_PRINTF(2, 3)
    ;
void buf_vprintf(buf *b, const char *fmt, va_list ap) MRB_PRINTF(2, 0);
void buf_pad(buf *b, char c, size_t n);
const char *buf_cstr(const buf *b);   /* "" when empty; when failed, the text before the failure */

/* The part of path after its last '/' or '\\' (the file's name). */
const char *util_file_part(const char *path);
/* Append the procedure file's base name without its .mrb extension
 * (NAME of NAME.cmd, NAME.journal...): the part after the last / or \. */
void util_base_name(buf *b, const char *path);

#endif
