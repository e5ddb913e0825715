/* text.c - decoding of input files into UTF-8 text with LF line ends.
 *
 * The decoder works in two steps: find the encoding (BOM, NUL pattern,
 * UTF-8 validity), then convert code point by code point, checking each one
 * (controls, invisible characters, line length).  Errors are reported at
 * the end of the text decoded so far, so their line and column are those a
 * reader of the file sees.
 */
#include "base/text.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "base/mrblimits.h"

/* CP437 and CP850 read bytes 0x80-0xFF alike only at some positions; those
 * are the bytes decoded here (0 where the two code pages differ). */
static const unsigned short oem_common[128] = {
    /* 0x80 */ 0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    /* 0x88 */ 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    /* 0x90 */ 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    /* 0x98 */ 0x00FF, 0x00D6, 0x00DC, 0, 0x00A3, 0, 0, 0x0192,
    /* 0xA0 */ 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    /* 0xA8 */ 0x00BF, 0, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    /* 0xB0 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xB8 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xC0 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xC8 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xD0 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xD8 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xE0 */ 0, 0x00DF, 0, 0, 0, 0, 0x00B5, 0,
    /* 0xE8 */ 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0xF0 */ 0, 0x00B1, 0, 0, 0, 0, 0x00F7, 0,
    /* 0xF8 */ 0x00B0, 0, 0x00B7, 0, 0, 0x00B2, 0x25A0, 0x00A0,
};

const char *txt_encoding_name(enum txt_encoding enc)
{
    switch (enc) {
    case ENC_UTF8: return "UTF-8";
    case ENC_UTF8_BOM: return "UTF-8 with BOM";
    case ENC_UTF16LE: return "UTF-16LE";
    case ENC_OEM: return "OEM code page (CP437/CP850)";
    }
    return "?";
}

static bool is_invisible(unsigned long cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
           cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

/* Length of a valid UTF-8 sequence at p (strict: no overlongs, surrogates
 * or code points over U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n, unsigned long *cp)
{
    return util_utf8_len(p, n, cp);
}

static void put_utf8(buf *b, unsigned long cp)
{
    char s[4];
    if (cp < 0x80) {
        buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        buf_put(b, s, 2);
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        buf_put(b, s, 3);
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        buf_put(b, s, 4);
    }
}

typedef struct decoder {
    const char *name;
    buf *out;
    diag_sink *d;
    size_t line_start;  /* offset in out of the current line */
    bool pending_cr;    /* the previous character was CR */
} decoder;

MRB_PRINTF(3, 4)
static void fail(decoder *x, enum diag_code code, const char *fmt, ...)
{
    diag_src src;
    buf msg;
    va_list ap;
    buf_init(&msg);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    src.name = x->name;
    src.text = buf_cstr(x->out);
    src.len = x->out->failed ? 0 : x->out->len;
    diag_error(x->d, &src, src.len, src.len, code, "%s", buf_cstr(&msg));
    buf_free(&msg);
}

/* Append one decoded code point; false when it is refused. */
static bool emit(decoder *x, unsigned long cp)
{
    if (cp == '\r') {
        buf_putc(x->out, '\n');
        x->line_start = x->out->len;
        x->pending_cr = true;
        return true;
    }
    if (cp == '\n') {
        if (!x->pending_cr) {
            buf_putc(x->out, '\n');
            x->line_start = x->out->len;
        }
        x->pending_cr = false;
        return true;
    }
    x->pending_cr = false;
    if (cp == 0) {
        fail(x, E101, "NUL byte in a text file");
        return false;
    }
    if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
        fail(x, E103, "control character U+%04lX: this is not a text file, or it is damaged", cp);
        return false;
    }
    if (is_invisible(cp)) {
        fail(x, E106,
             "invisible or bidirectional control character U+%04lX: it can make text read "
             "differently from what it does", cp);
        return false;
    }
    put_utf8(x->out, cp);
    if (x->out->len - x->line_start > LIM_LINE_BYTES) {
        fail(x, E003, "line too long (limit is %lu bytes)", (unsigned long)LIM_LINE_BYTES);
        return false;
    }
    return true;
}

/* Printable ASCII and tab: the bytes that decode to themselves and need no
 * check but the line length. */
static bool plain_byte(unsigned char c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t';
}

/* Append the run of plain bytes at p, n of them, as emit would one by one.
 * Fast path: source files are almost all plain ASCII, and appending them
 * byte by byte was most of what `mrb check` cost.  The line
 * length is still checked at the byte that crosses the limit, so E003 is
 * reported where emit reports it. */
static bool emit_plain(decoder *x, const unsigned char *p, size_t n)
{
    size_t used = x->out->len - x->line_start;
    size_t room = used < LIM_LINE_BYTES ? LIM_LINE_BYTES - used : 0;
    x->pending_cr = false;
    /* Past the room, the next byte is the one emit would stop at; the rest
     * is dropped then (or dropped by a buffer that failed, as emit's would). */
    buf_put(x->out, p, n > room ? room + 1 : n);
    if (x->out->len - x->line_start > LIM_LINE_BYTES) {
        fail(x, E003, "line too long (limit is %lu bytes)", (unsigned long)LIM_LINE_BYTES);
        return false;
    }
    return true;
}

/* Length of the run of plain bytes at p, at most n.  Eight bytes at a
 * time while none of them is below 0x20 or above 0x7E (the usual
 * bit tricks: subtracting 0x20 from a byte below it, or adding 1 to one
 * above 0x7E, sets its top bit), then byte by byte: tabs end the fast
 * steps, not the run. */
static size_t plain_run(const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t k = 0;
    uint64_t w;
    for (; k + 8 <= n; k += 8) {
        memcpy(&w, p + k, 8);
        if ((((w - ones * 0x20) & ~w) | ((w + ones) | w)) & highs)
            break;
    }
    while (k < n && plain_byte(p[k]))
        k++;
    return k;
}

static bool looks_utf16(const unsigned char *raw, size_t len)
{
    size_t i, n = len < 64 ? len : 64;
    if (len < 2 || len % 2)
        return false;
    for (i = 0; i + 1 < n; i += 2)
        if (raw[i + 1] != 0 || raw[i] == 0)
            return false;
    return true;
}

/* The encoding of raw (a listing may be UTF-16LE or OEM text, anything
 * else is UTF-8); *bom: the bytes of its byte-order mark.  False, with the
 * error reported, for UTF-16 where it is not accepted. */
static bool sniff(decoder *x, const unsigned char *raw, size_t len, enum txt_kind kind, enum txt_encoding *enc,
                  size_t *bom)
{
    size_t k;
    unsigned long cp;
    bool multibyte = false, valid = true;
    *bom = 0;
    if (len >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
        *enc = ENC_UTF8_BOM;
        *bom = 3;
        return true;
    }
    if (len >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))) {
        if (kind != TXT_LISTING || raw[0] == 0xFE) {
            fail(x, E105, "%s text is not accepted here: save the file as UTF-8",
                 raw[0] == 0xFE ? "UTF-16BE" : "UTF-16");
            return false;
        }
        *enc = ENC_UTF16LE;
        *bom = 2;
        return true;
    }
    if (kind == TXT_LISTING && looks_utf16(raw, len)) {
        *enc = ENC_UTF16LE;
        return true;
    }
    *enc = ENC_UTF8;
    /* Only a listing may be OEM text; anything else is decoded as UTF-8
     * whatever this scan finds, so it is skipped. */
    for (k = 0; kind == TXT_LISTING && k < len;) {
        size_t n;
        if (raw[k] < 0x80) {    /* ASCII is valid UTF-8: skip it fast */
            k++;
            continue;
        }
        n = utf8_seq(raw + k, len - k, &cp);
        if (n == 0) {
            valid = false;
            k++;
        } else {
            multibyte |= n > 1;
            k += n;
        }
    }
    if (!valid && !multibyte && kind == TXT_LISTING)
        *enc = ENC_OEM;
    return true;
}

static bool decode_utf16le(decoder *x, const unsigned char *raw, size_t len, size_t i)
{
    if ((len - i) % 2) {
        fail(x, E105, "UTF-16 text with an odd number of bytes (%lu): the file is cut short", (unsigned long)len);
        return false;
    }
    for (; i < len; i += 2) {
        unsigned long u = raw[i] | ((unsigned long)raw[i + 1] << 8);
        if (u >= 0xD800 && u <= 0xDBFF) {
            unsigned long lo = i + 3 < len ? (raw[i + 2] | ((unsigned long)raw[i + 3] << 8)) : 0;
            if (lo < 0xDC00 || lo > 0xDFFF) {
                fail(x, E105, "UTF-16 high surrogate 0x%04lX without its low half", u);
                return false;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            fail(x, E105, "UTF-16 low surrogate 0x%04lX without its high half", u);
            return false;
        }
        if (!emit(x, u))
            return false;
    }
    return true;
}

static bool decode_oem(decoder *x, const unsigned char *raw, size_t len, size_t i)
{
    unsigned long cp;
    for (; i < len; i++) {
        if (raw[i] < 0x80) {
            cp = raw[i];
        } else if (!(cp = oem_common[raw[i] - 0x80])) {
            fail(x, E104,
                 "byte 0x%02lX is not UTF-8 and means different characters in the OEM code "
                 "pages CP437 and CP850: capture the listing again as UTF-8 or UTF-16 "
                 "(PowerShell's '>' writes UTF-16)", (unsigned long)raw[i]);
            return false;
        }
        if (!emit(x, cp))
            return false;
    }
    return true;
}

static bool decode_utf8(decoder *x, const unsigned char *raw, size_t len, size_t i)
{
    unsigned long cp;
    while (i < len) {
        size_t n = plain_run(raw + i, len - i);
        if (n > 0) {
            if (!emit_plain(x, raw + i, n))
                return false;
            i += n;
            continue;
        }
        n = utf8_seq(raw + i, len - i, &cp);
        if (n == 0) {
            fail(x, E102, "invalid UTF-8 byte 0x%02lX", (unsigned long)raw[i]);
            return false;
        }
        if (!emit(x, cp))
            return false;
        i += n;
    }
    return true;
}

bool txt_decode(const char *name, const unsigned char *raw, size_t len, enum txt_kind kind,
                buf *out, enum txt_encoding *enc, diag_sink *d)
{
    decoder x;
    size_t bom;
    bool ok;

    x.name = name;
    x.out = out;
    x.d = d;
    x.line_start = out->len;
    x.pending_cr = false;
    buf_reset(out);
    /* Reserve room for the whole text at once: decoded UTF-8 is never
     * longer than UTF-8 input (UTF-16 and OEM text may grow past it, and
     * then the buffer grows as it fills).  Only a hint: if it cannot be had,
     * the reset forgets the failure and the appends allocate as they go. */
    buf_pad(out, '\0', len);
    buf_reset(out);
    buf_put(out, "", 0);

    if (!sniff(&x, raw, len, kind, enc, &bom))
        return false;
    if (*enc == ENC_UTF16LE)
        ok = decode_utf16le(&x, raw, len, bom);
    else if (*enc == ENC_OEM)
        ok = decode_oem(&x, raw, len, bom);
    else
        ok = decode_utf8(&x, raw, len, bom);
    if (!ok)
        return false;
    if (out->failed) {
        fail(&x, E010, "out of memory while decoding");
        return false;
    }
    return true;
}
