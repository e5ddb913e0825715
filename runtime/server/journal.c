/* journal.c - the checkpoint journal: record encoding, the protocol, the torn-tail reader.
 *
 * The record format and the protocol are written down in journal.h.  One
 * pair of functions, jrn_proto_check and jrn_proto_apply, holds the
 * protocol; the writer (journal_write.c) runs it before each append (so it
 * never writes a journal the reader would refuse) and the reader runs it on
 * each record it accepts.  Each record type's rules (its payload, its
 * encoding and decoding, its values, where it may come) are in this file;
 * the writer only builds records and appends them.
 *
 * The reader walks the file record by record.  A record that is not whole
 * and valid (short, bad magic, length over the limit or past the end of the
 * file, checksum mismatch) is a torn tail only if no valid record can be
 * found at any later byte offset and the bytes from it on could be one
 * record (or are zeros beyond that): each append is flushed before the next
 * begins, so a crash can tear only the last one.  Anything else is damage
 * and is refused: there is no mode that skips a bad record.
 */
#include "server/journal_int.h"

#include <string.h>

#include "base/mrblimits.h"
#include "base/platform.h"
#include "base/util.h"

static const uint8_t jrn_magic[4] = {0x6D, 0x72, 0x62, 0x4A};    /* "mrbJ" */

/* ---- little-endian integers ------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- records ----------------------------------------------------------- */

const char *jrn_type_name(enum jrn_type t)
{
    switch (t) {
    case JRN_HEADER: return "header";
    case JRN_INTENT: return "intent";
    case JRN_DONE: return "done";
    case JRN_STEP_DONE: return "step-done";
    case JRN_RESUME: return "resume";
    case JRN_END: return "end";
    case JRN_LAUNCHED: return "launched";
    case JRN_FAILED: return "failed";
    }
    return "unknown";
}

/* "an intent record", "a done record", ... for messages. */
static const char *phrase(enum jrn_type t)
{
    switch (t) {
    case JRN_HEADER: return "a header record";
    case JRN_INTENT: return "an intent record";
    case JRN_DONE: return "a done record";
    case JRN_STEP_DONE: return "a step-done record";
    case JRN_RESUME: return "a resume record";
    case JRN_END: return "an end record";
    case JRN_LAUNCHED: return "a launched record";
    case JRN_FAILED: return "a failed record";
    }
    return "a record of unknown type";
}

/* The payload length a record of type t must have (intent: the minimum). */
static uint32_t payload_size(enum jrn_type t)
{
    switch (t) {
    case JRN_HEADER: return 64;
    case JRN_INTENT: return 9;
    case JRN_DONE: return 12;
    case JRN_STEP_DONE: return 4;
    case JRN_RESUME: return 0;
    case JRN_END: return 4;
    case JRN_LAUNCHED: return 12;
    case JRN_FAILED: return 12;
    }
    return 0;
}

/* Encode r as record number seq into out (MAX_RECORD bytes); its size. */
size_t jrn_encode(const rec *r, uint32_t seq, uint8_t *out)
{
    uint8_t *p = out + FIXED_BYTES;
    size_t n = 0;
    switch (r->type) {
    case JRN_HEADER:
        memcpy(p, r->proc.b, 32);
        memcpy(p + 32, r->listing.b, 32);
        n = 64;
        break;
    case JRN_INTENT:
        put32(p, r->step);
        put32(p + 4, r->cmd);
        memcpy(p + 8, r->text, r->textlen);
        n = 8 + r->textlen;
        break;
    case JRN_DONE:
    case JRN_FAILED:
        put32(p, r->step);
        put32(p + 4, r->cmd);
        put32(p + 8, (uint32_t)r->result);
        n = 12;
        break;
    case JRN_LAUNCHED:
        put32(p, r->pid);
        put32(p + 4, (uint32_t)r->start);
        put32(p + 8, (uint32_t)(r->start >> 32));
        n = 12;
        break;
    case JRN_STEP_DONE:
        put32(p, r->step);
        n = 4;
        break;
    case JRN_RESUME:
        break;
    case JRN_END:
        put32(p, r->code);
        n = 4;
        break;
    }
    memcpy(out, jrn_magic, 4);
    out[4] = (uint8_t)JRN_VERSION;
    out[5] = (uint8_t)r->type;
    out[6] = out[7] = 0;
    put32(out + 8, seq);
    put32(out + 12, (uint32_t)n);
    put32(out + FIXED_BYTES + n, jrn_crc32c(0, out, FIXED_BYTES + n));
    return JRN_RECORD_OVERHEAD + n;
}

/* How the bytes at an offset fail to be a whole record. */
enum frame { FR_OK, FR_SHORT, FR_MAGIC, FR_LENGTH, FR_PAST_END, FR_CRC };

/* Check the frame at off: magic, length, checksum.  On FR_OK *size is the
 * record's size in bytes. */
static enum frame check_frame(const uint8_t *data, size_t len, size_t off, size_t *size)
{
    const uint8_t *p = data + off;
    size_t left = len - off;
    uint32_t plen;
    if (memcmp(p, jrn_magic, left < 4 ? left : 4) != 0)
        return FR_MAGIC;
    if (left < FIXED_BYTES)
        return FR_SHORT;
    plen = get32(p + 12);
    if (plen > MAX_PAYLOAD)
        return FR_LENGTH;
    *size = JRN_RECORD_OVERHEAD + plen;
    if (*size > left)
        return FR_PAST_END;
    if (get32(p + FIXED_BYTES + plen) != jrn_crc32c(0, p, FIXED_BYTES + plen))
        return FR_CRC;
    return FR_OK;
}

/* The offset of the first whole record after off, or len when none. */
static size_t next_valid(const uint8_t *data, size_t len, size_t off)
{
    size_t p, size;
    for (p = off + 1; p + JRN_RECORD_OVERHEAD <= len; p++)
        if (data[p] == jrn_magic[0] && check_frame(data, len, p, &size) == FR_OK)
            return p;
    return len;
}

/* ---- the protocol ------------------------------------------------------ */

/* Whether r may follow the records that led to p; if not, why says so. */
bool jrn_proto_check(const jrn_proto *p, const rec *r, buf *why)
{
    if (!p->header) {
        if (r->type != JRN_HEADER) {
            buf_printf(why, "the first record is %s, not a header", phrase(r->type));
            return false;
        }
        return true;
    }
    if (r->type == JRN_HEADER) {
        buf_puts(why, "a second header record");
        return false;
    }
    if (p->ended) {
        buf_printf(why, "%s after the end record", phrase(r->type));
        return false;
    }
    switch (r->type) {
    case JRN_INTENT:
    case JRN_STEP_DONE:
        if (p->open && (!p->open_resumed || r->step != p->open_step)) {
            buf_printf(why, "%s for step %lu while the intent for step %lu command %lu has no done record",
                       phrase(r->type), (unsigned long)r->step, (unsigned long)p->open_step,
                       (unsigned long)p->open_cmd);
            return false;
        }
        if (p->any_step_done && r->step <= p->last_step_done) {
            buf_printf(why, "%s for step %lu, after step %lu was done", phrase(r->type), (unsigned long)r->step,
                       (unsigned long)p->last_step_done);
            return false;
        }
        if (p->any_step && r->step < p->cur_step) {
            buf_printf(why, "%s for step %lu after step %lu (steps only go forward)", phrase(r->type),
                       (unsigned long)r->step, (unsigned long)p->cur_step);
            return false;
        }
        return true;
    case JRN_DONE:
    case JRN_FAILED:
        if (!p->open || r->step != p->open_step || r->cmd != p->open_cmd) {
            buf_printf(why, "%s for step %lu command %lu without its intent", phrase(r->type), (unsigned long)r->step,
                       (unsigned long)r->cmd);
            return false;
        }
        return true;
    case JRN_END:
        if (p->open) {
            buf_printf(why, "an end record while the intent for step %lu command %lu has no done record",
                       (unsigned long)p->open_step, (unsigned long)p->open_cmd);
            return false;
        }
        return true;
    case JRN_RESUME:
    case JRN_HEADER:
    case JRN_LAUNCHED:
        return true;
    }
    return true;
}

void jrn_proto_apply(jrn_proto *p, const rec *r)
{
    switch (r->type) {
    case JRN_HEADER:
        p->header = true;
        break;
    case JRN_INTENT:
        p->open = true;
        p->open_resumed = false;
        p->open_step = r->step;
        p->open_cmd = r->cmd;
        p->any_step = true;
        p->cur_step = r->step;
        break;
    case JRN_DONE:
    case JRN_FAILED:
        p->open = false;
        break;
    case JRN_LAUNCHED:
        break;
    case JRN_STEP_DONE:
        p->open = false;
        p->any_step = true;
        p->cur_step = r->step;
        p->any_step_done = true;
        p->last_step_done = r->step;
        break;
    case JRN_RESUME:
        if (p->open)
            p->open_resumed = true;
        break;
    case JRN_END:
        p->ended = true;
        break;
    }
}

/* The checks on a record's values that do not depend on what came before;
 * the writer and the reader share them.  False (with why) when wrong. */
bool jrn_check_values(const rec *r, buf *why)
{
    if ((r->type == JRN_INTENT || r->type == JRN_DONE || r->type == JRN_FAILED || r->type == JRN_STEP_DONE) &&
        r->step >= LIM_JOURNAL_STEPS) {
        buf_printf(why, "step index %lu is out of range (limit is %u)", (unsigned long)r->step, LIM_JOURNAL_STEPS);
        return false;
    }
    if (r->type == JRN_INTENT) {
        if (r->textlen == 0 || !r->text) {
            buf_puts(why, "the command text is empty");
            return false;
        }
        if (r->textlen > LIM_JOURNAL_TEXT) {
            buf_printf(why, "the command text is %zu bytes long (limit is %u)", r->textlen, LIM_JOURNAL_TEXT);
            return false;
        }
        if (memchr(r->text, '\0', r->textlen)) {
            buf_puts(why, "the command text holds a NUL byte");
            return false;
        }
    }
    return true;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct reader {
    const uint8_t *data;
    size_t len;
    const char *name;
    const jrn_hash *want_proc, *want_listing;
    diag_sink *d;
    jrn_summary *s;
    size_t steps_cap;
    const char *doubt_text;     /* borrowed from data until the end */
    size_t doubt_len;
} reader;

void jrn_summary_init(jrn_summary *s) { memset(s, 0, sizeof *s); }

void jrn_summary_free(jrn_summary *s)
{
    util_free(s->steps);
    util_free(s->doubt_text);
    jrn_summary_init(s);
}

static void bytes_hex(char out[12], const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t i, o = 0;
    for (i = 0; i < n && i < 4; i++) {
        if (i)
            out[o++] = ' ';
        out[o++] = digits[p[i] >> 4];
        out[o++] = digits[p[i] & 15u];
    }
    out[o] = '\0';
}

/* Report damage at record number num (1-based) at off, given that a valid
 * record follows at next (or that too many bytes follow, next == len). */
static void report_damage(reader *r, uint32_t num, size_t off, enum frame fr, size_t next)
{
    char hex[12];
    buf tail;
    buf_init(&tail);
    if (next < r->len)
        buf_printf(&tail, ", and a valid record follows at byte offset %zu", next);
    else
        buf_printf(&tail, ", and the %zu bytes from there to the end of the file are more than one torn "
                   "record can leave", r->len - off);
    switch (fr) {
    case FR_MAGIC:
        bytes_hex(hex, r->data + off, r->len - off);
        diag_error(r->d, NULL, 0, 0, E701,
                   "journal %s: record %lu at byte offset %zu starts with %s, not the journal magic 6D 72 62 4A%s",
                   r->name, (unsigned long)num, off, hex, buf_cstr(&tail));
        break;
    case FR_LENGTH:
        diag_error(r->d, NULL, 0, 0, E703,
                   "journal %s: record %lu at byte offset %zu is damaged: its payload length %lu is over the "
                   "limit of %u bytes%s",
                   r->name, (unsigned long)num, off, (unsigned long)get32(r->data + off + 12), MAX_PAYLOAD,
                   buf_cstr(&tail));
        break;
    case FR_PAST_END:
    case FR_SHORT:
        diag_error(r->d, NULL, 0, 0, E703,
                   "journal %s: record %lu at byte offset %zu is damaged: it runs past the end of the file%s",
                   r->name, (unsigned long)num, off, buf_cstr(&tail));
        break;
    case FR_CRC:
    case FR_OK:
        diag_error(r->d, NULL, 0, 0, E703,
                   "journal %s: record %lu at byte offset %zu is damaged: its checksum does not match%s",
                   r->name, (unsigned long)num, off, buf_cstr(&tail));
        break;
    }
    buf_free(&tail);
}

/* Whether the bytes from off on, which hold no whole record, can be the
 * remains of one torn append; *next is where a valid record follows (len
 * when none). */
static bool torn_tail(const reader *r, size_t off, size_t *next)
{
    size_t i;
    *next = next_valid(r->data, r->len, off);
    if (*next < r->len)
        return false;
    for (i = off + MAX_RECORD; i < r->len; i++)
        if (r->data[i] != 0)
            return false;
    return true;
}

/* Decode the payload of a whole record at off (size bytes); false (with a
 * diagnostic) when a value is wrong. */
static bool decode(reader *r, uint32_t num, size_t off, rec *out)
{
    const uint8_t *p = r->data + off;
    uint32_t plen = get32(p + 12), want;
    const uint8_t *pl = p + FIXED_BYTES;
    buf why;
    unsigned type = p[5];
    memset(out, 0, sizeof *out);
    if (p[4] != JRN_VERSION) {
        diag_error(r->d, NULL, 0, 0, E702,
                   "journal %s: record %lu at byte offset %zu has format version %u; this mrb reads version %u",
                   r->name, (unsigned long)num, off, p[4], JRN_VERSION);
        return false;
    }
    if (p[6] != 0 || p[7] != 0) {
        diag_error(r->d, NULL, 0, 0, E704, "journal %s: record %lu at byte offset %zu has non-zero reserved bytes",
                   r->name, (unsigned long)num, off);
        return false;
    }
    if (get32(p + 8) != num) {
        diag_error(r->d, NULL, 0, 0, E705,
                   "journal %s: record %lu at byte offset %zu has sequence number %lu, expected %lu",
                   r->name, (unsigned long)num, off, (unsigned long)get32(p + 8), (unsigned long)num);
        return false;
    }
    if (type < JRN_HEADER || type > JRN_FAILED) {
        diag_error(r->d, NULL, 0, 0, E704, "journal %s: record %lu at byte offset %zu has an unknown type %u",
                   r->name, (unsigned long)num, off, type);
        return false;
    }
    out->type = (enum jrn_type)type;
    want = payload_size(out->type);
    if (out->type == JRN_INTENT ? plen < want : plen != want) {
        diag_error(r->d, NULL, 0, 0, E704,
                   "journal %s: record %lu at byte offset %zu: %s with a payload of %lu bytes (expected %s%lu)",
                   r->name, (unsigned long)num, off, phrase(out->type), (unsigned long)plen,
                   out->type == JRN_INTENT ? "at least " : "", (unsigned long)want);
        return false;
    }
    switch (out->type) {
    case JRN_HEADER:
        memcpy(out->proc.b, pl, 32);
        memcpy(out->listing.b, pl + 32, 32);
        break;
    case JRN_INTENT:
        out->text = (const char *)pl + 8;
        out->textlen = plen - 8;
        /* fall through */
    case JRN_DONE:
    case JRN_FAILED:
        out->cmd = get32(pl + 4);
        out->result = out->type != JRN_INTENT ? (int32_t)get32(pl + 8) : 0;
        /* fall through */
    case JRN_STEP_DONE:
        out->step = get32(pl);
        break;
    case JRN_END:
        out->code = get32(pl);
        break;
    case JRN_LAUNCHED:
        out->pid = get32(pl);
        out->start = (uint64_t)get32(pl + 4) | (uint64_t)get32(pl + 8) << 32;
        break;
    case JRN_RESUME:
        break;
    }
    buf_init(&why);
    if (!jrn_check_values(out, &why)) {
        diag_error(r->d, NULL, 0, 0, E704, "journal %s: record %lu at byte offset %zu (%s): %s", r->name,
                   (unsigned long)num, off, jrn_type_name(out->type), buf_cstr(&why));
        buf_free(&why);
        return false;
    }
    buf_free(&why);
    return true;
}

static bool check_header(reader *r, const rec *h)
{
    char have[65], want[65];
    if (r->want_proc && !jrn_hash_eq(&h->proc, r->want_proc)) {
        jrn_hash_hex(&h->proc, have);
        jrn_hash_hex(r->want_proc, want);
        diag_error(r->d, NULL, 0, 0, E706,
                   "journal %s was written for another procedure (procedure hash %.16s..., this procedure's is "
                   "%.16s...)",
                   r->name, have, want);
        return false;
    }
    if (r->want_listing && !jrn_hash_eq(&h->listing, r->want_listing)) {
        jrn_hash_hex(&h->listing, have);
        jrn_hash_hex(r->want_listing, want);
        diag_error(r->d, NULL, 0, 0, E707,
                   "journal %s was written for another starting listing, another server or another capture "
                   "(listing hash %.16s..., this listing's is %.16s...)",
                   r->name, have, want);
        return false;
    }
    return true;
}

/* Apply an accepted record to the summary; false when out of memory. */
static bool summarise(reader *r, const rec *x)
{
    jrn_summary *s = r->s;
    jrn_step_info *st = NULL;
    if (x->type == JRN_INTENT || x->type == JRN_DONE || x->type == JRN_FAILED || x->type == JRN_STEP_DONE) {
        if (x->step >= s->nsteps) {
            if (!util_grow((void **)&s->steps, &r->steps_cap, (size_t)x->step + 1, sizeof *s->steps))
                return false;
            memset(s->steps + s->nsteps, 0, ((size_t)x->step + 1 - s->nsteps) * sizeof *s->steps);
            s->nsteps = x->step + 1;
        }
        st = &s->steps[x->step];
    }
    switch (x->type) {
    case JRN_HEADER:
        s->procedure = x->proc;
        s->listing = x->listing;
        break;
    case JRN_INTENT:
        st->intents++;
        st->failed = false;     /* the failed command, sent again */
        r->doubt_text = x->text;
        r->doubt_len = x->textlen;
        break;
    case JRN_DONE:
    case JRN_FAILED:
        if (x->type == JRN_FAILED || x->result != 0) {
            /* a done record with a result other than 0 is how a journal
             * written before the failed record said the same */
            st->failed = true;
            st->failed_cmd = x->cmd;
            st->failed_result = x->result;
            break;
        }
        st->has_done_cmd = true;
        st->last_done_cmd = x->cmd;
        st->last_result = x->result;
        break;
    case JRN_LAUNCHED:
        s->launched = true;
        s->launch_pid = x->pid;
        s->launch_start = x->start;
        break;
    case JRN_STEP_DONE:
        st->done = true;
        s->steps_done++;
        break;
    case JRN_RESUME:
        s->resumes++;
        break;
    case JRN_END:
        s->ended = true;
        s->end_code = x->code;
        break;
    }
    return true;
}

static enum jrn_status read_records(reader *r)
{
    jrn_summary *s = r->s;
    size_t off = 0, size = 0, next;
    uint32_t num = 1;
    char hex[12];
    buf why;
    rec x;
    enum frame fr;
    if (r->len > LIM_JOURNAL_BYTES) {
        diag_error(r->d, NULL, 0, 0, E710, "journal %s is larger than the limit of %u bytes", r->name,
                   LIM_JOURNAL_BYTES);
        return JRN_ERR_REFUSED;
    }
    if (r->len > 0 && memcmp(r->data, jrn_magic, r->len < 4 ? r->len : 4) != 0) {
        bytes_hex(hex, r->data, r->len);
        diag_error(r->d, NULL, 0, 0, E701,
                   "%s is not a mrb journal: it starts with %s, not the journal magic 6D 72 62 4A", r->name, hex);
        return JRN_ERR_REFUSED;
    }
    while (off < r->len) {
        fr = check_frame(r->data, r->len, off, &size);
        if (fr != FR_OK) {
            if (!torn_tail(r, off, &next)) {
                report_damage(r, num, off, fr, next);
                return JRN_ERR_REFUSED;
            }
            s->tail_dropped = true;
            s->tail_offset = off;
            s->tail_bytes = r->len - off;
            break;
        }
        if (!decode(r, num, off, &x))
            return JRN_ERR_REFUSED;
        buf_init(&why);
        if (!jrn_proto_check(&s->proto, &x, &why)) {
            diag_error(r->d, NULL, 0, 0, E708, "journal %s: record %lu at byte offset %zu: %s", r->name,
                       (unsigned long)num, off, buf_cstr(&why));
            buf_free(&why);
            return JRN_ERR_REFUSED;
        }
        buf_free(&why);
        if (x.type == JRN_HEADER && !check_header(r, &x))
            return JRN_ERR_REFUSED;
        jrn_proto_apply(&s->proto, &x);
        if (!summarise(r, &x))
            return JRN_ERR_NOMEM;
        s->records = num++;
        off += size;
        s->valid_bytes = off;
    }
    s->empty = !s->proto.header;
    if (s->proto.open) {
        s->in_doubt = true;
        s->doubt_step = s->proto.open_step;
        s->doubt_cmd = s->proto.open_cmd;
        s->doubt_resumed = s->proto.open_resumed;
        if (!(s->doubt_text = util_strndup(r->doubt_text, r->doubt_len)))
            return JRN_ERR_NOMEM;
    }
    return JRN_OK;
}

enum jrn_status jrn_read(const void *data, size_t len, const char *name, const jrn_hash *procedure,
                         const jrn_hash *listing, jrn_summary *out, diag_sink *d)
{
    reader r;
    enum jrn_status st;
    jrn_summary_init(out);
    memset(&r, 0, sizeof r);
    r.data = data;
    r.len = len;
    r.name = name;
    r.want_proc = procedure;
    r.want_listing = listing;
    r.d = d;
    r.s = out;
    st = read_records(&r);
    if (st != JRN_OK)
        jrn_summary_free(out);
    return st;
}

/* Read path whole; JRN_OK with its bytes in raw. */
enum jrn_status jrn_load(const char *path, buf *raw, diag_sink *d)
{
    const char *why = "";
    enum plat_status ps = plat_read_file(path, LIM_JOURNAL_BYTES, raw, &why);
    if (ps == PLAT_OK)
        return JRN_OK;
    if (raw->failed)
        return JRN_ERR_NOMEM;
    if (ps == PLAT_ERR_TOO_LARGE) {
        diag_error(d, NULL, 0, 0, E710, "journal %s is larger than the limit of %u bytes", path, LIM_JOURNAL_BYTES);
        return JRN_ERR_REFUSED;
    }
    diag_error(d, NULL, 0, 0, E709, "cannot read journal %s: %s", path, why);
    return JRN_ERR_IO;
}

enum jrn_status jrn_read_file(const char *path, const jrn_hash *procedure, const jrn_hash *listing,
                              jrn_summary *out, diag_sink *d)
{
    buf raw;
    enum jrn_status st;
    jrn_summary_init(out);
    buf_init(&raw);
    st = jrn_load(path, &raw, d);
    if (st == JRN_OK)
        st = jrn_read(raw.data ? raw.data : "", raw.len, path, procedure, listing, out, d);
    buf_free(&raw);
    return st;
}
