/* util.c - memory with fault injection, checked arithmetic, byte buffers. */
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long alloc_count;
static unsigned long fail_at;
static bool fail_persistent;

void util_fail_alloc_at(unsigned long n, bool persistent)
{
    alloc_count = 0;
    fail_at = n;
    fail_persistent = persistent;
}

unsigned long util_alloc_count(void) { return alloc_count; }

static bool should_fail(void)
{
    alloc_count++;
    if (fail_at == 0)
        return false;
    if (alloc_count == fail_at)
        return true;
    return fail_persistent && alloc_count > fail_at;
}

void *util_alloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *util_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void *util_calloc(size_t count, size_t size)
{
    size_t n;
    if (!util_mul(count, size, &n) || should_fail())
        return NULL;
    return calloc(1, n ? n : 1);
}

char *util_strndup(const char *s, size_t n)
{
    size_t total;
    char *p;
    if (!util_add(n, 1, &total) || !(p = util_alloc(total)))
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void util_free(void *p) { free(p); }

bool util_add(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

bool util_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return false;
    *out = a * b;
    return true;
}

bool util_add64(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a > UINT64_MAX - b)
        return false;
    *out = a + b;
    return true;
}

bool util_mul64(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a != 0 && b > UINT64_MAX / a)
        return false;
    *out = a * b;
    return true;
}

bool util_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    size_t ncap = *cap ? *cap : 8, bytes;
    void *p;
    if (need <= *cap)
        return true;
    while (ncap < need)
        if (!util_mul(ncap, 2, &ncap))
            return false;
    if (!util_mul(ncap, elem, &bytes) || !(p = util_realloc(*items, bytes)))
        return false;
    *items = p;
    *cap = ncap;
    return true;
}

int util_lower(int c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

bool util_ieqn(const char *a, size_t alen, const char *b)
{
    size_t i;
    for (i = 0; i < alen; i++)
        if (b[i] == '\0' || util_lower((unsigned char)a[i]) != util_lower((unsigned char)b[i]))
            return false;
    return b[alen] == '\0';
}

bool util_ieq(const char *a, const char *b) { return util_ieqn(a, strlen(a), b); }

void buf_init(buf *b) { memset(b, 0, sizeof *b); }

void buf_free(buf *b)
{
    util_free(b->data);
    buf_init(b);
}

void buf_reset(buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

static bool reserve(buf *b, size_t extra)
{
    size_t need;
    if (b->failed)
        return false;
    if (!util_add(b->len, extra, &need) || !util_add(need, 1, &need) ||
        !util_grow((void **)&b->data, &b->cap, need, 1)) {
        b->failed = true;
        return false;
    }
    return true;
}

void buf_put(buf *b, const void *p, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_put(b, &c, 1); }

void buf_pad(buf *b, char c, size_t n)
{
    if (!reserve(b, n))
        return;
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *buf_cstr(const buf *b)
{
    /* A failed buffer keeps what it held before the failure, so that its
     * text and its len always agree (b->failed says it is cut short). */
    if (!b->data)
        return "";
    return b->data;
}

size_t util_utf8_len(const unsigned char *p, size_t n, unsigned long *cp)
{
    unsigned long c;
    size_t k, i;
    if (p[0] < 0x80) {
        k = 1;
        c = p[0];
    } else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        k = 2;
        c = p[0] & 0x1Fu;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        k = 3;
        c = p[0] & 0x0Fu;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        k = 4;
        c = p[0] & 0x07u;
    } else {
        return 0;
    }
    if (k > n)
        return 0;
    for (i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    if (cp)
        *cp = c;
    return k;
}

const char *util_file_part(const char *path)
{
    const char *s = path, *p;
    for (p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    return s;
}

void util_base_name(buf *b, const char *path)
{
    const char *s = util_file_part(path);
    size_t n = strlen(s);
    if (n > 4 && strcmp(s + n - 4, ".mrb") == 0)
        n -= 4;
    buf_put(b, s, n);
}
