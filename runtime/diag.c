/* diag.c - rendering of located diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

static const struct {
    const char *code, *name, *summary;
} registry[] = {
#define DIAG(code, name, summary) {#code, name, summary},
#include "diag_codes.def"
#undef DIAG
};

const char *diag_code_str(enum diag_code code) { return registry[code].code; }
const char *diag_code_name(enum diag_code code) { return registry[code].name; }
const char *diag_code_summary(enum diag_code code) { return registry[code].summary; }

void diag_init(diag_sink *d)
{
    memset(d, 0, sizeof *d);
    buf_init(&d->out);
    d->max_errors = 50;
}

void diag_free(diag_sink *d) { buf_free(&d->out); }

/* Length of the UTF-8 sequence starting at s (1 for anything malformed). */
static size_t u8len(const unsigned char *s, size_t n)
{
    size_t want = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                : (s[0] & 0xF8) == 0xF0 ? 4 : 1;
    size_t i;
    if (want > n)
        return 1;
    for (i = 1; i < want; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return want;
}

static unsigned long u8decode(const unsigned char *s, size_t k)
{
    switch (k) {
    case 2: return ((unsigned long)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    case 3: return ((unsigned long)(s[0] & 0x0F) << 12) | ((unsigned long)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    case 4: return ((unsigned long)(s[0] & 0x07) << 18) | ((unsigned long)(s[1] & 0x3F) << 12)
                 | ((unsigned long)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    default: return s[0];
    }
}

static bool is_invisible(unsigned long cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
           cp == 0xFEFF || cp == 0x00AD;
}

void diag_escape(buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = u8len(p + i, n - i);
        if (k == 1) {
            if ((p[i] >= 0x20 && p[i] < 0x7F) || p[i] == '\t')
                buf_putc(b, (char)p[i]);
            else
                buf_printf(b, "\\x%02X", p[i]);
        } else {
            unsigned long cp = u8decode(p + i, k);
            if (is_invisible(cp) || (cp >= 0x80 && cp < 0xA0))
                buf_printf(b, "\\u{%04lX}", cp);
            else
                buf_put(b, p + i, k);
        }
        i += k;
    }
}

void diag_linecol(const diag_src *src, size_t off, unsigned long *line, unsigned long *col)
{
    const unsigned char *t = (const unsigned char *)src->text;
    size_t i = 0;
    *line = 1;
    *col = 1;
    if (off > src->len)
        off = src->len;
    while (i < off) {
        if (t[i] == '\n') {
            (*line)++;
            *col = 1;
            i++;
        } else {
            i += u8len(t + i, src->len - i);
            (*col)++;
        }
    }
}

static void json_str(buf *b, const char *s, size_t n)
{
    size_t i;
    buf_putc(b, '"');
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

static void render(diag_sink *d, const diag_src *src, size_t start, size_t end,
                   const char *kind, const char *code, const char *fmt, va_list ap) MRB_PRINTF(7, 0);

static void render(diag_sink *d, const diag_src *src, size_t start, size_t end,
                   const char *kind, const char *code, const char *fmt, va_list ap)
{
    buf msg;
    unsigned long line = 0, col = 0;
    buf_init(&msg);
    buf_vprintf(&msg, fmt, ap);
    if (src)
        diag_linecol(src, start, &line, &col);
    if (d->format == DIAG_JSON) {
        buf *o = &d->out;
        buf_puts(o, "{\"file\":");
        if (src)
            json_str(o, src->name, strlen(src->name));
        else
            buf_puts(o, "null");
        buf_printf(o, ",\"line\":%lu,\"column\":%lu,\"severity\":\"%s\",\"code\":", line, col, kind);
        if (code)
            json_str(o, code, strlen(code));
        else
            buf_puts(o, "null");
        buf_puts(o, ",\"message\":");
        json_str(o, buf_cstr(&msg), msg.len);
        buf_puts(o, "}\n");
        buf_free(&msg);
        return;
    }
    if (src)
        buf_printf(&d->out, "%s:%lu:%lu: ", src->name, line, col);
    else
        buf_puts(&d->out, "mrbc: ");
    buf_printf(&d->out, "%s: %s", kind, buf_cstr(&msg));
    if (code)
        buf_printf(&d->out, " [%s]", code);
    buf_putc(&d->out, '\n');
    buf_free(&msg);
    if (src && src->len > 0 && start <= src->len) {
        size_t ls = start, le = start, i;
        unsigned long ncar = 0;
        while (ls > 0 && src->text[ls - 1] != '\n')
            ls--;
        while (le < src->len && src->text[le] != '\n')
            le++;
        for (i = ls; i < le && (src->text[i] == ' ' || src->text[i] == '\t'); i++)
            ;
        if (i == le && start == le)
            return;     /* a blank line (e.g. the end of the file) shows nothing */
        if (end > le)
            end = le;
        /* a very long line is shown as a window around the location */
        {
            bool cut_left = false, cut_right = false;
            if (start - ls > 80) {
                ls = start - 60;
                while (ls < start && (((unsigned char)src->text[ls]) & 0xC0) == 0x80)
                    ls++;
                cut_left = true;
            }
            if (le - ls > 160) {
                le = ls + 160 > end ? ls + 160 : end;
                while (le > start && le < src->len && (((unsigned char)src->text[le]) & 0xC0) == 0x80)
                    le--;
                cut_right = true;
            }
            if (end > le)
                end = le;
            buf_puts(&d->out, cut_left ? " ..." : " ");
            diag_escape(&d->out, src->text + ls, le - ls);
            buf_puts(&d->out, cut_right ? "...\n " : "\n ");
            if (cut_left)
                buf_puts(&d->out, "   ");
        }
        /* the caret line mirrors the escaped source line's widths */
        {
            buf pre;
            buf_init(&pre);
            diag_escape(&pre, src->text + ls, start - ls);
            for (i = 0; i < pre.len; i++) {
                unsigned char c = (unsigned char)pre.data[i];
                if (c == '\t')
                    buf_putc(&d->out, '\t');
                else if ((c & 0xC0) != 0x80)
                    buf_putc(&d->out, ' ');
            }
            buf_free(&pre);
        }
        buf_putc(&d->out, '^');
        {
            buf mid;
            buf_init(&mid);
            if (end > start + 1)
                diag_escape(&mid, src->text + start, end - start);
            for (i = 0; i < mid.len; i++)
                if ((((unsigned char)mid.data[i]) & 0xC0) != 0x80)
                    ncar++;
            for (i = 1; i < ncar; i++)
                buf_putc(&d->out, '~');
            buf_free(&mid);
        }
        buf_putc(&d->out, '\n');
    }
}

void diag_error(diag_sink *d, const diag_src *src, size_t start, size_t end,
                enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    d->errors++;
    if (d->max_errors && d->errors > d->max_errors) {
        if (d->errors == d->max_errors + 1 && d->format == DIAG_TEXT)
            buf_printf(&d->out, "mrbc: too many errors (limit is %u); the rest are not shown\n",
                       d->max_errors);
        return;
    }
    va_start(ap, fmt);
    render(d, src, start, end, "error", diag_code_str(code), fmt, ap);
    va_end(ap);
}

void diag_note(diag_sink *d, const diag_src *src, size_t start, size_t end, const char *fmt, ...)
{
    va_list ap;
    if (d->max_errors && d->errors > d->max_errors)
        return;
    va_start(ap, fmt);
    render(d, src, start, end, "note", NULL, fmt, ap);
    va_end(ap);
}
