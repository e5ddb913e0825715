/* diag.c - rendering of located diagnostics: text, JSON lines, SARIF. */
#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

#include "base/json.h"
#include "base/mrblimits.h"

static const struct {
    const char *code, *name, *summary;
} registry[] = {
#define DIAG(code, name, summary) {#code, name, summary},
#include "base/diag_codes.def"
#undef DIAG
};

const char *diag_code_str(enum diag_code code) { return registry[code].code; }
const char *diag_code_name(enum diag_code code) { return registry[code].name; }
const char *diag_code_summary(enum diag_code code) { return registry[code].summary; }

/* Each code's explanation with its example, as SPEC.md gives it (the
 * build takes it from there: runtime/base/diag_explain.awk), in the registry's order. */
static const char *const explained[] = {
#include "diag_explain.h"
};
_Static_assert(sizeof explained / sizeof explained[0] == DIAG_COUNT, "one explanation per code");

void diag_code_explain(buf *b, enum diag_code code)
{
    buf_printf(b, "%s %s (%s)\n  %s.\n\n%s", diag_code_str(code), diag_code_name(code),
               diag_code_severity(code) == DIAG_SEV_WARNING ? "warning" : "error", diag_code_summary(code),
               explained[code]);
}

enum diag_severity diag_code_severity(enum diag_code code)
{
    return registry[code].code[0] == 'W' ? DIAG_SEV_WARNING : DIAG_SEV_ERROR;
}

int diag_code_find(const char *s)
{
    int i;
    for (i = 0; i < DIAG_COUNT; i++)
        if (util_ieq(s, registry[i].code))
            return i;
    return -1;
}

void diag_list_init(diag_list *l) { memset(l, 0, sizeof *l); }

void diag_list_free(diag_list *l)
{
    size_t i;
    for (i = 0; i < l->n; i++) {
        util_free(l->items[i].file);
        util_free(l->items[i].message);
        util_free(l->items[i].justification);
    }
    util_free(l->items);
    memset(l, 0, sizeof *l);
}

void diag_init(diag_sink *d)
{
    memset(d, 0, sizeof *d);
    buf_init(&d->out);
    d->max_errors = LIM_ERRORS;
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
    json_string_n(b, s, n);
}

static const char *const severity_words[] = {"error", "warning", "note"};
/* bold red, bold magenta, bold cyan, as gcc and clang colour them */
static const char *const severity_colors[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

/* The end of [start, end) for structured output: an empty range covers the
 * character at start, if there is one on its line. */
static size_t range_end(const diag_src *src, size_t start, size_t end)
{
    if (start > src->len)
        start = src->len;
    if (end > src->len)
        end = src->len;
    if (end > start)
        return end;
    if (start < src->len && src->text[start] != '\n')
        return start + u8len((const unsigned char *)src->text + start, src->len - start);
    return start;
}

/* Keep a copy of one diagnostic in d->keep. */
static diag_record *keep(diag_sink *d, const diag_src *src, size_t start, size_t end, enum diag_severity sev,
                        int code, const buf *msg)
{
    diag_list *l = d->keep;
    diag_record *r;
    const char *file = src ? src->name : d->file;
    if (!util_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items)) {
        l->failed = true;
        return NULL;
    }
    r = &l->items[l->n];
    memset(r, 0, sizeof *r);
    r->severity = sev;
    r->code = code;
    r->message = util_strndup(msg->data ? msg->data : "", msg->len);
    r->file = file ? util_strndup(file, strlen(file)) : NULL;
    if (!r->message || (file && !r->file) || msg->failed) {
        util_free(r->message);
        util_free(r->file);
        l->failed = true;
        return NULL;
    }
    if (src) {
        diag_linecol(src, start, &r->line, &r->column);
        diag_linecol(src, range_end(src, start, end), &r->end_line, &r->end_column);
    }
    l->n++;
    return r;
}

/* One diagnostic as a JSON line. */
static void render_json(diag_sink *d, const diag_src *src, size_t start, size_t end, const char *kind,
                        const char *code, const buf *msg)
{
    buf *o = &d->out;
    unsigned long line = 0, col = 0, eline = 0, ecol = 0;
    if (src) {
        diag_linecol(src, start, &line, &col);
        diag_linecol(src, range_end(src, start, end), &eline, &ecol);
    }
    buf_puts(o, "{\"file\":");
    if (src)
        json_str(o, src->name, strlen(src->name));
    else
        buf_puts(o, "null");
    buf_printf(o, ",\"line\":%lu,\"column\":%lu,\"end_line\":%lu,\"end_column\":%lu,"
                  "\"severity\":\"%s\",\"code\":", line, col, eline, ecol, kind);
    if (code)
        json_str(o, code, strlen(code));
    else
        buf_puts(o, "null");
    buf_puts(o, ",\"message\":");
    json_str(o, buf_cstr(msg), msg->len);
    buf_puts(o, "}\n");
}

/* The source line of a diagnostic, a window around the location when the
 * line is very long (" ..." and "..." mark the cuts); [ls, le) is the
 * line, narrowed to the window. */
static void excerpt_line(diag_sink *d, const diag_src *src, size_t start, size_t end, size_t *ls, size_t *le)
{
    bool cut_left = false, cut_right = false;
    if (start - *ls > 80) {
        *ls = start - 60;
        while (*ls < start && (((unsigned char)src->text[*ls]) & 0xC0) == 0x80)
            (*ls)++;
        cut_left = true;
    }
    if (*le - *ls > 160) {
        *le = *ls + 160 > end ? *ls + 160 : end;
        while (*le > start && *le < src->len && (((unsigned char)src->text[*le]) & 0xC0) == 0x80)
            (*le)--;
        cut_right = true;
    }
    buf_puts(&d->out, cut_left ? " ..." : " ");
    diag_escape(&d->out, src->text + *ls, *le - *ls);
    buf_puts(&d->out, cut_right ? "...\n " : "\n ");
    if (cut_left)
        buf_puts(&d->out, "   ");
}

/* The caret line under the excerpt: it mirrors the escaped source line's
 * widths up to start, then '^' and a '~' per further character to end. */
static void caret_line(diag_sink *d, const diag_src *src, size_t ls, size_t start, size_t end)
{
    buf pre, mid;
    size_t i;
    unsigned long ncar = 0;
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
    if (d->color)
        buf_puts(&d->out, GREEN);
    buf_putc(&d->out, '^');
    buf_init(&mid);
    if (end > start + 1)
        diag_escape(&mid, src->text + start, end - start);
    for (i = 0; i < mid.len; i++)
        if ((((unsigned char)mid.data[i]) & 0xC0) != 0x80)
            ncar++;
    for (i = 1; i < ncar; i++)
        buf_putc(&d->out, '~');
    buf_free(&mid);
    if (d->color)
        buf_puts(&d->out, RESET);
    buf_putc(&d->out, '\n');
}

/* The source line and caret of a text diagnostic (nothing on a blank line,
 * e.g. the end of the file). */
static void excerpt(diag_sink *d, const diag_src *src, size_t start, size_t end)
{
    size_t ls = start, le = start, i;
    while (ls > 0 && src->text[ls - 1] != '\n')
        ls--;
    while (le < src->len && src->text[le] != '\n')
        le++;
    for (i = ls; i < le && (src->text[i] == ' ' || src->text[i] == '\t'); i++)
        ;
    if (i == le && start == le)
        return;
    if (end > le)
        end = le;
    excerpt_line(d, src, start, end, &ls, &le);
    if (end > le)
        end = le;
    caret_line(d, src, ls, start, end);
}

static void render(diag_sink *d, const diag_src *src, size_t start, size_t end,
                   enum diag_severity sev, int code_id, const char *fmt, va_list ap) MRB_PRINTF(7, 0);

static void render(diag_sink *d, const diag_src *src, size_t start, size_t end,
                   enum diag_severity sev, int code_id, const char *fmt, va_list ap)
{
    buf msg;
    unsigned long line = 0, col = 0;
    const char *kind = severity_words[sev];
    const char *code = code_id >= 0 ? diag_code_str((enum diag_code)code_id) : NULL;
    buf_init(&msg);
    buf_vprintf(&msg, fmt, ap);
    if (d->keep)
        keep(d, src, start, end, sev, code_id, &msg);
    if (d->format == DIAG_JSON) {
        render_json(d, src, start, end, kind, code, &msg);
        buf_free(&msg);
        return;
    }
    if (src) {
        diag_linecol(src, start, &line, &col);
        buf_printf(&d->out, "%s%s:%lu:%lu:%s ", d->color ? BOLD : "", src->name, line, col,
                   d->color ? RESET : "");
    } else {
        buf_puts(&d->out, "mrb: ");
    }
    buf_printf(&d->out, "%s%s:%s %s", d->color ? severity_colors[sev] : "", kind, d->color ? RESET : "",
               buf_cstr(&msg));
    if (code)
        buf_printf(&d->out, " [%s]", code);
    buf_putc(&d->out, '\n');
    buf_free(&msg);
    if (src && src->len > 0 && start <= src->len)
        excerpt(d, src, start, end);
}

/* Count one more error; false when it is over the sink's limit and is not
 * to be shown (the first one over says so, once). */
static bool error_shown(diag_sink *d)
{
    d->errors++;
    if (d->max_errors && d->errors > d->max_errors) {
        if (d->errors == d->max_errors + 1 && d->format == DIAG_TEXT)
            buf_printf(&d->out, "mrb: too many errors (limit is %u); the rest are not shown\n",
                       d->max_errors);
        return false;
    }
    return true;
}

void diag_verror(diag_sink *d, const diag_src *src, size_t start, size_t end, enum diag_code code,
                 const char *fmt, va_list ap)
{
    if (!error_shown(d))
        return;
    render(d, src, start, end, DIAG_SEV_ERROR, (int)code, fmt, ap);
}

void diag_error(diag_sink *d, const diag_src *src, size_t start, size_t end,
                enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(d, src, start, end, code, fmt, ap);
    va_end(ap);
}

void diag_warning(diag_sink *d, const diag_src *src, size_t start, size_t end,
                  enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    if (d->disabled[code])
        return;
    if (d->werror) {
        if (!error_shown(d))
            return;
    } else {
        d->warnings++;
        if (d->max_errors && d->errors > d->max_errors)
            return;
    }
    va_start(ap, fmt);
    render(d, src, start, end, d->werror ? DIAG_SEV_ERROR : DIAG_SEV_WARNING, (int)code, fmt, ap);
    va_end(ap);
}

void diag_suppressed(diag_sink *d, const diag_src *src, size_t start, size_t end, enum diag_code code,
                     const char *justification, const char *fmt, ...)
{
    va_list ap;
    buf msg;
    diag_record *r;
    if (d->disabled[code])
        return;
    d->suppressed++;
    if (!d->keep)
        return;
    buf_init(&msg);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if ((r = keep(d, src, start, end, DIAG_SEV_WARNING, (int)code, &msg)) &&
        !(r->justification = util_strndup(justification, strlen(justification))))
        d->keep->failed = true;
    buf_free(&msg);
}

void diag_note(diag_sink *d, const diag_src *src, size_t start, size_t end, const char *fmt, ...)
{
    va_list ap;
    if (d->max_errors && d->errors > d->max_errors)
        return;
    va_start(ap, fmt);
    render(d, src, start, end, DIAG_SEV_NOTE, -1, fmt, ap);
    va_end(ap);
}

/* ---- SARIF ------------------------------------------------------------- */

/* A file name as a relative URI reference: '\' becomes '/', and bytes that
 * may not appear in a URI are percent-encoded. */
static void uri_str(buf *b, const char *s)
{
    static const char ok[] = "-._~/:@!$&'()*+,;=";
    buf u;
    buf_init(&u);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\')
            buf_putc(&u, '/');
        else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(ok, c))
            buf_putc(&u, (char)c);
        else
            buf_printf(&u, "%%%02X", c);
    }
    json_str(b, buf_cstr(&u), u.len);
    buf_free(&u);
}

/* "physicalLocation": {...} of r (r->file is set). */
static void sarif_physical(buf *o, const diag_record *r)
{
    buf_puts(o, "\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    uri_str(o, r->file);
    buf_putc(o, '}');
    if (r->line)
        buf_printf(o, ", \"region\": {\"startLine\": %lu, \"startColumn\": %lu, \"endLine\": %lu, "
                      "\"endColumn\": %lu}",
                   r->line, r->column, r->end_line, r->end_column);
    buf_putc(o, '}');
}

void diag_sarif(buf *out, const diag_list *l, const char *version, const char *uri)
{
    size_t i, j;
    int c;
    bool first = true;
    buf_puts(out, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                  "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
                  "      \"tool\": {\n        \"driver\": {\n          \"name\": \"mrb\",\n");
    if (version) {
        buf_puts(out, "          \"version\": ");
        json_str(out, version, strlen(version));
        buf_puts(out, ",\n");
    }
    if (uri) {
        buf_puts(out, "          \"informationUri\": ");
        json_str(out, uri, strlen(uri));
        buf_puts(out, ",\n");
    }
    /* one rule per code: its summary, the summary and what the severity
     * means, and as help what `mrb explain CODE` prints */
    buf_puts(out, "          \"rules\": [\n");
    for (c = 0; c < DIAG_COUNT; c++) {
        enum diag_code dc = (enum diag_code)c;
        const char *code = diag_code_str(dc), *sum = diag_code_summary(dc);
        bool warning = diag_code_severity(dc) == DIAG_SEV_WARNING;
        buf text;
        buf_init(&text);
        buf_puts(out, "            {\"id\": ");
        json_str(out, code, strlen(code));
        buf_puts(out, ", \"name\": ");
        json_str(out, diag_code_name(dc), strlen(diag_code_name(dc)));
        buf_puts(out, ", \"shortDescription\": {\"text\": ");
        json_str(out, sum, strlen(sum));
        buf_printf(&text, "%s. %s", sum,
                   warning ? "A warning: reported, but the file is refused only under --werror."
                           : "An error: the input is refused.");
        buf_puts(out, "}, \"fullDescription\": {\"text\": ");
        json_str(out, buf_cstr(&text), text.len);
        buf_reset(&text);
        diag_code_explain(&text, dc);
        buf_puts(out, "}, \"help\": {\"text\": ");
        json_str(out, buf_cstr(&text), text.len);
        buf_printf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}%s\n", warning ? "warning" : "error",
                   c + 1 < DIAG_COUNT ? "," : "");
        buf_free(&text);
    }
    buf_puts(out, "          ]\n        }\n      },\n      \"columnKind\": \"unicodeCodePoints\",\n"
                  "      \"results\": [");
    for (i = 0; i < l->n; i = j) {
        const diag_record *r = &l->items[i];
        size_t k;
        bool any;
        j = i + 1;
        if (r->code < 0)
            continue;       /* a note with no result before it */
        buf_puts(out, first ? "\n        " : ",\n        ");
        first = false;
        buf_puts(out, "{\"ruleId\": ");
        json_str(out, diag_code_str((enum diag_code)r->code), strlen(diag_code_str((enum diag_code)r->code)));
        buf_printf(out, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ", r->code,
                   r->severity == DIAG_SEV_WARNING ? "warning" : "error");
        json_str(out, r->message, strlen(r->message));
        buf_puts(out, "}");
        if (r->justification) {
            buf_puts(out, ", \"suppressions\": [{\"kind\": \"inSource\", \"justification\": ");
            json_str(out, r->justification, strlen(r->justification));
            buf_puts(out, "}]");
        }
        if (r->file) {
            buf_puts(out, ", \"locations\": [{");
            sarif_physical(out, r);
            buf_puts(out, "}]");
        }
        while (j < l->n && l->items[j].code < 0)
            j++;
        for (k = i + 1, any = false; k < j; k++) {
            const diag_record *n = &l->items[k];
            if (!n->file)
                continue;
            buf_puts(out, any ? ", " : ", \"relatedLocations\": [");
            any = true;
            buf_printf(out, "{\"id\": %lu, ", (unsigned long)(k - i));
            sarif_physical(out, n);
            buf_puts(out, ", \"message\": {\"text\": ");
            json_str(out, n->message, strlen(n->message));
            buf_puts(out, "}}");
        }
        if (any)
            buf_puts(out, "]");
        buf_puts(out, "}");
    }
    buf_puts(out, first ? "]\n" : "\n      ]\n");
    buf_puts(out, "    }\n  ]\n}\n");
}
