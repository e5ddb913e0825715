/* journal_write.c - the journal's appender (journal.h): create, resume,
 * and one function a record type.  Before each append it runs the checks
 * and the protocol the reader runs (journal_int.h), so it never writes a
 * journal the reader would refuse; each record is flushed to the disk
 * before the next is written (a launched record aside, see journal.h).
 */
#include "server/journal_int.h"

#include <string.h>

#include "base/platform.h"
#include "base/util.h"

static void writer_init(jrn_writer *w, const char *path, diag_sink *d)
{
    memset(w, 0, sizeof *w);
    w->f.h = PLAT_NO_HANDLE;
    w->path = path;
    w->d = d;
    w->next_seq = 1;
}

/* Append r; flush: and flush it to the disk (every record but a launched
 * one, see journal.h). */
static enum jrn_status append_rec(jrn_writer *w, const rec *r, bool flush)
{
    uint8_t out[MAX_RECORD];
    const char *why = "";
    size_t n;
    buf msg;
    enum diag_code code;
    bool ok;
    if (w->broken || w->f.h == PLAT_NO_HANDLE) {
        diag_error(w->d, NULL, 0, 0, E709, "journal %s: record %lu not written: %s", w->path,
                   (unsigned long)w->next_seq,
                   w->broken ? "an earlier write to the journal failed" : "the journal is not open");
        return JRN_ERR_IO;
    }
    buf_init(&msg);
    code = E704;
    ok = jrn_check_values(r, &msg);
    if (ok) {
        code = E708;
        ok = jrn_proto_check(&w->proto, r, &msg);
    }
    if (!ok) {
        diag_error(w->d, NULL, 0, 0, code, "journal %s: record %lu (%s) not written: %s", w->path,
                   (unsigned long)w->next_seq, jrn_type_name(r->type), buf_cstr(&msg));
        buf_free(&msg);
        return JRN_ERR_MISUSE;
    }
    buf_free(&msg);
    n = jrn_encode(r, w->next_seq, out);
    if (fio_append(&w->f, out, n, &why) != FIO_OK) {
        w->broken = true;
        diag_error(w->d, NULL, 0, 0, E709, "journal %s: cannot write record %lu (%s): %s", w->path,
                   (unsigned long)w->next_seq, jrn_type_name(r->type), why);
        return JRN_ERR_IO;
    }
    if (flush && fio_flush(&w->f, &why) != FIO_OK) {
        w->broken = true;
        diag_error(w->d, NULL, 0, 0, E709, "journal %s: cannot flush record %lu (%s) to the disk: %s", w->path,
                   (unsigned long)w->next_seq, jrn_type_name(r->type), why);
        return JRN_ERR_IO;
    }
    jrn_proto_apply(&w->proto, r);
    w->next_seq++;
    return JRN_OK;
}

static enum jrn_status append(jrn_writer *w, const rec *r) { return append_rec(w, r, true); }

static enum jrn_status write_header(jrn_writer *w, const jrn_hash *procedure, const jrn_hash *listing)
{
    const rec r = {.type = JRN_HEADER, .proc = *procedure, .listing = *listing};
    return append(w, &r);
}

/* Hold the journal for this run alone: two runs appending to one journal
 * would interleave their records (E712).  The lock dies with the process. */
static enum jrn_status lock(jrn_writer *w, const char *path, diag_sink *d)
{
    const char *why = "";
    enum fio_status fs = fio_lock(&w->f, &why);
    if (fs == FIO_OK)
        return JRN_OK;
    if (fs == FIO_ERR_BUSY)
        diag_error(d, NULL, 0, 0, E712, "journal %s is in use by another mrb run: wait for it to end, or "
                                        "stop it before resuming", path);
    else
        diag_error(d, NULL, 0, 0, E709, "cannot lock journal %s: %s", path, why);
    jrn_close(w);
    return fs == FIO_ERR_BUSY ? JRN_ERR_REFUSED : JRN_ERR_IO;
}

enum jrn_status jrn_create(jrn_writer *w, const char *path, const jrn_hash *procedure,
                           const jrn_hash *listing, diag_sink *d)
{
    const char *why = "";
    enum fio_status fs;
    enum jrn_status st;
    writer_init(w, path, d);
    fs = fio_open(&w->f, path, FIO_CREATE, &why);
    if (fs != FIO_OK) {
        if (plat_is_dir(path)) {
            diag_error(d, NULL, 0, 0, E709, "cannot create journal %s: it is a folder (--journal names a file)",
                       path);
            return JRN_ERR_IO;
        }
        if (fs == FIO_ERR_OPEN && plat_file_exists(path)) {
            diag_error(d, NULL, 0, 0, E711, "journal %s exists already: resume the run with --resume, or remove it",
                       path);
            return JRN_ERR_EXISTS;
        }
        diag_error(d, NULL, 0, 0, E709, "cannot create journal %s: %s", path, why);
        return JRN_ERR_IO;
    }
    if ((st = lock(w, path, d)) != JRN_OK)
        return st;
    st = write_header(w, procedure, listing);
    if (st != JRN_OK)
        jrn_close(w);
    return st;
}

enum jrn_status jrn_resume(jrn_writer *w, const char *path, const jrn_hash *procedure,
                           const jrn_hash *listing, jrn_summary *sum, diag_sink *d)
{
    buf raw;
    const char *why = "";
    enum jrn_status st;
    const rec resume = {.type = JRN_RESUME};
    writer_init(w, path, d);
    jrn_summary_init(sum);
    buf_init(&raw);
    /* the lock first: no other run may append between the read and ours */
    st = jrn_load(path, &raw, d);
    if (st == JRN_OK && fio_open(&w->f, path, FIO_APPEND, &why) != FIO_OK) {
        diag_error(d, NULL, 0, 0, E709, "cannot open journal %s for appending: %s", path, why);
        st = JRN_ERR_IO;
    } else if (st == JRN_OK && (st = lock(w, path, d)) == JRN_OK) {
        buf_reset(&raw);
        st = jrn_load(path, &raw, d);
        if (st == JRN_OK)
            st = jrn_read(raw.data ? raw.data : "", raw.len, path, procedure, listing, sum, d);
        if (st != JRN_OK)
            jrn_close(w);
    }
    buf_free(&raw);
    if (st != JRN_OK)
        return st;
    if (sum->tail_dropped) {
        if (w->f.size != sum->valid_bytes + sum->tail_bytes) {
            diag_error(d, NULL, 0, 0, E709, "journal %s changed while it was being read", path);
            jrn_close(w);
            return JRN_ERR_IO;
        }
        if (fio_truncate(&w->f, sum->valid_bytes, &why) != FIO_OK || fio_flush(&w->f, &why) != FIO_OK) {
            diag_error(d, NULL, 0, 0, E709, "journal %s: cannot cut off its torn last record at byte offset %lu: %s",
                       path, (unsigned long)sum->valid_bytes, why);
            jrn_close(w);
            return JRN_ERR_IO;
        }
    }
    w->proto = sum->proto;
    w->next_seq = sum->records + 1;
    if (sum->empty)
        st = write_header(w, procedure, listing);
    else if (!sum->ended)
        st = append(w, &resume);
    if (st != JRN_OK)
        jrn_close(w);
    return st;
}

enum jrn_status jrn_intent(jrn_writer *w, uint32_t step, uint32_t cmd, const char *text, size_t len)
{
    const rec r = {.type = JRN_INTENT, .step = step, .cmd = cmd, .text = text, .textlen = len};
    return append(w, &r);
}

/* A command's outcome: done or failed, with its result. */
static enum jrn_status outcome(jrn_writer *w, enum jrn_type type, uint32_t step, uint32_t cmd, int32_t result)
{
    const rec r = {.type = type, .step = step, .cmd = cmd, .result = result};
    return append(w, &r);
}

enum jrn_status jrn_done(jrn_writer *w, uint32_t step, uint32_t cmd, int32_t result)
{
    return outcome(w, JRN_DONE, step, cmd, result);
}

enum jrn_status jrn_step_done(jrn_writer *w, uint32_t step)
{
    const rec r = {.type = JRN_STEP_DONE, .step = step};
    return append(w, &r);
}

enum jrn_status jrn_end(jrn_writer *w, uint32_t code)
{
    const rec r = {.type = JRN_END, .code = code};
    return append(w, &r);
}

enum jrn_status jrn_failed(jrn_writer *w, uint32_t step, uint32_t cmd, int32_t result)
{
    return outcome(w, JRN_FAILED, step, cmd, result);
}

enum jrn_status jrn_launched(jrn_writer *w, unsigned long pid, uint64_t start)
{
    const rec r = {.type = JRN_LAUNCHED, .pid = (uint32_t)pid, .start = start};
    return append_rec(w, &r, false);
}

void jrn_close(jrn_writer *w)
{
    const char *ignored;
    (void)fio_close(&w->f, &ignored);
}
