/* json.c - JSON string literals (runtime/base/json.h). */
#include "base/json.h"

#include <string.h>

void json_string_n(buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    buf_putc(b, '"');
    while (p < end) {
        size_t k = util_utf8_len(p, (size_t)(end - p), NULL);
        if (k == 0) {
            buf_puts(b, "\\ufffd");
            p++;
        } else if (*p == '"' || *p == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)*p++);
        } else if (*p == '\n') {
            buf_puts(b, "\\n");
            p++;
        } else if (*p < 0x20 || *p == 0x7F) {
            buf_printf(b, "\\u%04x", *p++);
        } else {
            buf_put(b, p, k);
            p += k;
        }
    }
    buf_putc(b, '"');
}

void json_string(buf *b, const char *s)
{
    if (!s)
        s = "";
    json_string_n(b, s, strlen(s));
}
