/* journal_fixture.h - what the journal's tests share (test_journal.c,
 * test_journal_sweep.c): a scratch folder per test, files, records built
 * byte by byte, and the executor's records as a script.  Included after
 * cmocka.h. */
#ifndef MRB_TEST_JOURNAL_FIXTURE_H
#define MRB_TEST_JOURNAL_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/fileio.h"
#include "server/journal.h"
#include "scratch.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "base/util.h"

/* ---- scratch folder, files, hashes -------------------------------------
 * Each test runs in a fresh scratch folder (its working directory), so
 * file names are relative and show as such in messages. */

static jrn_hash P, L;

static inline int setup(void **state)
{
    (void)state;
    if (scratch_enter("jrn") != 0)
        return -1;
    jrn_hash_bytes("procedure text", 14, &P);
    jrn_hash_bytes("listing text", 12, &L);
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    return scratch_leave();
}

static inline void slurp(const char *path, buf *b)
{
    const char *why;
    buf_reset(b);
    assert_int_equal(plat_read_file(path, LIM_JOURNAL_BYTES, b, &why), PLAT_OK);
}

static inline void spit(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static inline uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/* Record boundaries of a well-formed journal: bounds[0] = 0 ... bounds[n] = len. */
static inline unsigned record_bounds(const uint8_t *p, size_t len, size_t *bounds, unsigned max)
{
    unsigned n = 0;
    size_t off = 0;
    bounds[0] = 0;
    while (off < len && n < max) {
        off += JRN_RECORD_OVERHEAD + rd32(p + off + 12);
        bounds[++n] = off;
    }
    assert_int_equal(off, len);
    return n;
}

/* Append to b a record built by hand, with a correct checksum. */
static inline void mkrec(buf *b, unsigned version, unsigned type, uint32_t seq, const void *payload, uint32_t n)
{
    uint8_t h[16], c[4];
    size_t start = b->len;
    memcpy(h, "mrbJ", 4);
    h[4] = (uint8_t)version;
    h[5] = (uint8_t)type;
    h[6] = h[7] = 0;
    wr32(h + 8, seq);
    wr32(h + 12, n);
    buf_put(b, h, 16);
    buf_put(b, payload, n);
    wr32(c, jrn_crc32c(0, b->data + start, 16 + (size_t)n));
    buf_put(b, c, 4);
}

static inline void mkheader(buf *b, uint32_t seq, const jrn_hash *proc, const jrn_hash *listing)
{
    uint8_t pl[64];
    memcpy(pl, proc->b, 32);
    memcpy(pl + 32, listing->b, 32);
    mkrec(b, JRN_VERSION, JRN_HEADER, seq, pl, 64);
}

static inline void mkintent(buf *b, uint32_t seq, uint32_t step, uint32_t cmd, const char *text)
{
    uint8_t pl[64];
    size_t n = strlen(text);
    wr32(pl, step);
    wr32(pl + 4, cmd);
    memcpy(pl + 8, text, n);
    mkrec(b, JRN_VERSION, JRN_INTENT, seq, pl, (uint32_t)(8 + n));
}

static inline void mkdone(buf *b, uint32_t seq, uint32_t step, uint32_t cmd, int32_t result)
{
    uint8_t pl[12];
    wr32(pl, step);
    wr32(pl + 4, cmd);
    wr32(pl + 8, (uint32_t)result);
    mkrec(b, JRN_VERSION, JRN_DONE, seq, pl, 12);
}

static inline void mku32(buf *b, unsigned type, uint32_t seq, uint32_t v)
{
    uint8_t pl[4];
    wr32(pl, v);
    mkrec(b, JRN_VERSION, type, seq, pl, 4);
}

/* Read bytes; the status, and the diagnostics in out (NUL-terminated). */
static inline enum jrn_status read_bytes(const void *p, size_t n, jrn_summary *s, buf *out)
{
    diag_sink d;
    enum jrn_status st;
    diag_init(&d);
    st = jrn_read(p, n, "j", &P, &L, s, &d);
    buf_reset(out);
    buf_put(out, d.out.data ? d.out.data : "", d.out.len);
    buf_putc(out, '\0');
    diag_free(&d);
    return st;
}

/* The bytes refused with exactly this diagnostic line. */
static inline void assert_refused(const buf *b, const char *message)
{
    jrn_summary s;
    buf out;
    buf_init(&out);
    assert_int_equal(read_bytes(b->data, b->len, &s, &out), JRN_ERR_REFUSED);
    assert_string_equal(out.data, message);
    assert_null(s.steps);
    jrn_summary_free(&s);
    buf_free(&out);
}

/* ---- the executor's records as a script -------------------------------- */

typedef struct op {
    enum jrn_type t;
    uint32_t step, cmd;
    int32_t result;
    const char *text;
} op;

/* A whole run after the header: two steps, then the end. */
static const op script[] = {
    {JRN_INTENT, 0, 0, 0, "select disk 1"},
    {JRN_DONE, 0, 0, 0, NULL},
    {JRN_INTENT, 0, 1, 0, "clean"},
    {JRN_DONE, 0, 1, 0, NULL},
    {JRN_STEP_DONE, 0, 0, 0, NULL},
    {JRN_INTENT, 1, 0, 0, "select disk 0"},
    {JRN_DONE, 1, 0, 0, NULL},
    {JRN_INTENT, 1, 1, 0, "add disk=1"},
    {JRN_DONE, 1, 1, -2, NULL},
    {JRN_STEP_DONE, 1, 0, 0, NULL},
    {JRN_END, 0, 0, 7, NULL},
};
#define SCRIPT_LEN (sizeof script / sizeof script[0])

static inline enum jrn_status apply(jrn_writer *w, const op *o)
{
    switch (o->t) {
    case JRN_INTENT: return jrn_intent(w, o->step, o->cmd, o->text, strlen(o->text));
    case JRN_DONE: return jrn_done(w, o->step, o->cmd, o->result);
    case JRN_STEP_DONE: return jrn_step_done(w, o->step);
    case JRN_END: return jrn_end(w, (uint32_t)o->result);
    default: fail();
    }
    return JRN_ERR_MISUSE;
}

/* Write header + script[0..n) to path with no fault. */
static inline void write_script(const char *path, size_t n)
{
    jrn_writer w;
    diag_sink d;
    size_t i;
    diag_init(&d);
    unlink(path);
    assert_int_equal(jrn_create(&w, path, &P, &L, &d), JRN_OK);
    for (i = 0; i < n; i++)
        assert_int_equal(apply(&w, &script[i]), JRN_OK);
    jrn_close(&w);
    assert_int_equal(d.errors, 0);
    diag_free(&d);
}

static inline void assert_same_summary(const jrn_summary *a, const jrn_summary *b, bool counts)
{
    assert_int_equal(a->empty, b->empty);
    assert_memory_equal(a->procedure.b, b->procedure.b, 32);
    assert_memory_equal(a->listing.b, b->listing.b, 32);
    assert_int_equal(a->nsteps, b->nsteps);
    if (a->nsteps)
        assert_memory_equal(a->steps, b->steps, a->nsteps * sizeof *a->steps);
    assert_int_equal(a->steps_done, b->steps_done);
    assert_int_equal(a->in_doubt, b->in_doubt);
    if (a->in_doubt) {
        assert_int_equal(a->doubt_step, b->doubt_step);
        assert_int_equal(a->doubt_cmd, b->doubt_cmd);
        assert_string_equal(a->doubt_text, b->doubt_text);
    }
    assert_int_equal(a->ended, b->ended);
    assert_int_equal(a->end_code, b->end_code);
    if (counts) {
        assert_int_equal(a->records, b->records);
        assert_int_equal(a->valid_bytes, b->valid_bytes);
        assert_int_equal(a->resumes, b->resumes);
        assert_int_equal(a->doubt_resumed, b->doubt_resumed);
    }
}

#endif
