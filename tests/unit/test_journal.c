/* test_journal.c - the run journal: hashes, round trips, resume and refusals; the sweeps are
 * test_journal_sweep.c. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "journal_fixture.h"

/* ---- hashes and checksums ---------------------------------------------- */

static void hex_of(const void *data, size_t n, char out[65])
{
    jrn_hash h;
    jrn_hash_bytes(data, n, &h);
    jrn_hash_hex(&h, out);
}

static void test_sha256_vectors(void **state)
{
    static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65];
    jrn_sha256 s;
    jrn_hash h, whole, part;
    uint8_t data[200];
    char *million;
    size_t i, cut;
    (void)state;
    hex_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hex_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    hex_of(two_blocks, strlen(two_blocks), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    million = malloc(1000000);
    assert_non_null(million);
    memset(million, 'a', 1000000);
    hex_of(million, 1000000, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
    /* added in two pieces, cut at every offset: the same digest (covers
     * every padding length: 55, 56, 63, 64 bytes in the last block) */
    for (i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    for (i = 0; i <= sizeof data; i++) {
        jrn_hash_bytes(data, i, &whole);
        for (cut = 0; cut <= i; cut += 13) {
            jrn_sha256_begin(&s);
            jrn_sha256_add(&s, data, cut);
            jrn_sha256_add(&s, data + cut, i - cut);
            jrn_sha256_end(&s, &part);
            assert_true(jrn_hash_eq(&whole, &part));
        }
    }
    jrn_hash_from_u64(0x0123456789ABCDEFull, &h);
    jrn_hash_hex(&h, hex);
    assert_string_equal(hex, "0000000000000000000000000000000000000000000000000123456789abcdef");
    assert_false(jrn_hash_eq(&P, &L));
}

static void test_crc32c_vectors(void **state)
{
    uint8_t b[32];
    unsigned i;
    (void)state;
    assert_int_equal(jrn_crc32c(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(jrn_crc32c(0, "", 0), 0);
    /* RFC 3720 (iSCSI) appendix B.4 */
    memset(b, 0, sizeof b);
    assert_int_equal(jrn_crc32c(0, b, 32), 0x8A9136AAu);
    memset(b, 0xFF, sizeof b);
    assert_int_equal(jrn_crc32c(0, b, 32), 0x62A8AB43u);
    for (i = 0; i < 32; i++)
        b[i] = (uint8_t)i;
    assert_int_equal(jrn_crc32c(0, b, 32), 0x46DD794Eu);
    for (i = 0; i < 32; i++)
        b[i] = (uint8_t)(31 - i);
    assert_int_equal(jrn_crc32c(0, b, 32), 0x113FDB5Cu);
    /* continued over pieces */
    assert_int_equal(jrn_crc32c(jrn_crc32c(0, "1234", 4), "56789", 5), 0xE3069283u);
    /* every entry of the table: one byte b reads entry (b ^ 0xFF), checked
     * against the polynomial applied bit by bit */
    for (i = 0; i < 256; i++) {
        uint8_t byte = (uint8_t)i;
        uint32_t want = 0xFFFFFFFFu ^ byte;
        unsigned k;
        for (k = 0; k < 8; k++)
            want = (want & 1u) ? (want >> 1) ^ 0x82F63B78u : want >> 1;
        assert_int_equal(jrn_crc32c(0, &byte, 1), ~want);
    }
}

/* ---- round trips ------------------------------------------------------- */

static void test_round_trip(void **state)
{
    const char *p = "j";
    jrn_summary s;
    diag_sink d;
    buf b;
    size_t bounds[16];
    (void)state;
    buf_init(&b);
    diag_init(&d);
    write_script(p, SCRIPT_LEN);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_int_equal(d.errors, 0);
    assert_false(s.empty);
    assert_true(jrn_hash_eq(&s.procedure, &P));
    assert_true(jrn_hash_eq(&s.listing, &L));
    assert_int_equal(s.records, 1 + SCRIPT_LEN);
    assert_false(s.tail_dropped);
    assert_int_equal(s.nsteps, 2);
    assert_true(s.steps[0].done && s.steps[1].done);
    assert_true(s.steps[0].has_done_cmd);
    assert_int_equal(s.steps[0].last_done_cmd, 1);
    assert_int_equal(s.steps[0].last_result, 0);
    /* a done record with a result other than 0 is how a journal from
     * before the failed record said "failed": read so */
    assert_int_equal(s.steps[1].last_done_cmd, 0);
    assert_int_equal(s.steps[1].last_result, 0);
    assert_true(s.steps[1].failed);
    assert_int_equal(s.steps[1].failed_cmd, 1);
    assert_int_equal(s.steps[1].failed_result, -2);
    assert_false(s.steps[0].failed);
    assert_false(s.launched);
    assert_int_equal(s.steps[1].intents, 2);
    assert_int_equal(s.steps_done, 2);
    assert_false(s.in_doubt);
    assert_null(s.doubt_text);
    assert_int_equal(s.resumes, 0);
    assert_true(s.ended);
    assert_int_equal(s.end_code, 7);
    /* sizes: header 84, intents 20+8+text, done 32, step-done and end 24 */
    slurp(p, &b);
    assert_int_equal(s.valid_bytes, b.len);
    assert_int_equal(record_bounds((const uint8_t *)b.data, b.len, bounds, 16), 1 + SCRIPT_LEN);
    assert_int_equal(bounds[1], 84);
    assert_int_equal(bounds[2] - bounds[1], 20 + 8 + 13);
    assert_int_equal(bounds[3] - bounds[2], 32);
    assert_int_equal(b.len, 84 + 4 * 28 + 13 + 5 + 13 + 10 + 4 * 32 + 3 * 24);
    /* the header, byte for byte */
    assert_memory_equal(b.data, "mrbJ\x01\x01\x00\x00\x01\x00\x00\x00\x40\x00\x00\x00", 16);
    assert_memory_equal(b.data + 16, P.b, 32);
    assert_int_equal(rd32((const uint8_t *)b.data + 80), jrn_crc32c(0, b.data, 80));
    jrn_summary_free(&s);
    /* no expected hashes: any header is accepted */
    assert_int_equal(jrn_read(b.data, b.len, "j", NULL, NULL, &s, &d), JRN_OK);
    assert_int_equal(s.records, 1 + SCRIPT_LEN);
    jrn_summary_free(&s);
    jrn_summary_free(&s);       /* freeing twice is harmless */
    assert_string_equal(jrn_type_name(JRN_STEP_DONE), "step-done");
    assert_string_equal(jrn_type_name((enum jrn_type)0), "unknown");
    diag_free(&d);
    buf_free(&b);
}

/* The launched and failed records: written, read back, their protocol.  A
 * launched record may stand anywhere between the header and the end and
 * is not flushed; a failed record answers an intent as a done record does,
 * and a later intent for the command (sent again) clears it. */
static void test_launched_and_failed(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    (void)state;
    diag_init(&d);
    assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_OK);
    assert_int_equal(jrn_launched(&w, 4242, 0x123456789ABCull), JRN_OK);   /* a listing */
    assert_int_equal(jrn_failed(&w, 0, 0, 8), JRN_ERR_MISUSE);                /* no intent */
    assert_non_null(strstr(d.out.data, "a failed record for step 0 command 0 without its intent [E708]"));
    assert_int_equal(jrn_intent(&w, 0, 0, "clean", 5), JRN_OK);
    assert_int_equal(jrn_launched(&w, 0xFFFFFFFFul, UINT64_MAX), JRN_OK);
    assert_int_equal(jrn_failed(&w, 0, 0, 4), JRN_OK);
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_int_equal(s.records, 5);
    assert_true(s.launched);
    assert_int_equal(s.launch_pid, 0xFFFFFFFFu);
    assert_true(s.launch_start == UINT64_MAX);
    assert_false(s.in_doubt);
    assert_true(s.steps[0].failed);
    assert_false(s.steps[0].has_done_cmd);
    assert_int_equal(s.steps[0].failed_cmd, 0);
    assert_int_equal(s.steps[0].failed_result, 4);
    assert_string_equal(jrn_type_name(JRN_LAUNCHED), "launched");
    assert_string_equal(jrn_type_name(JRN_FAILED), "failed");
    jrn_summary_free(&s);
    /* resumed: sent again (its intent clears the failure), then done */
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    jrn_summary_free(&s);
    assert_int_equal(jrn_intent(&w, 0, 0, "clean", 5), JRN_OK);
    assert_int_equal(jrn_launched(&w, 7, 9), JRN_OK);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_false(s.steps[0].failed);
    assert_true(s.in_doubt);
    assert_int_equal(s.launch_pid, 7);
    assert_true(s.launch_start == 9);
    jrn_summary_free(&s);
    assert_int_equal(jrn_done(&w, 0, 0, 0), JRN_OK);
    assert_int_equal(jrn_end(&w, 0), JRN_OK);
    assert_int_equal(jrn_launched(&w, 1, 1), JRN_ERR_MISUSE);      /* nothing after the end */
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.ended && s.steps[0].has_done_cmd && !s.steps[0].failed);
    jrn_summary_free(&s);
    diag_free(&d);
}

static void test_long_text(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    char *text = malloc(LIM_JOURNAL_TEXT + 1);
    (void)state;
    assert_non_null(text);
    memset(text, 'x', LIM_JOURNAL_TEXT + 1);
    diag_init(&d);
    assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_OK);
    /* at the limit, and one past it */
    assert_int_equal(jrn_intent(&w, LIM_JOURNAL_STEPS - 1, 0xFFFFFFFFu, text, LIM_JOURNAL_TEXT), JRN_OK);
    assert_int_equal(jrn_done(&w, LIM_JOURNAL_STEPS - 1, 0xFFFFFFFFu, INT32_MIN), JRN_OK);
    assert_int_equal(jrn_intent(&w, LIM_JOURNAL_STEPS - 1, 1, text, LIM_JOURNAL_TEXT + 1), JRN_ERR_MISUSE);
    assert_int_equal(jrn_intent(&w, LIM_JOURNAL_STEPS, 1, "x", 1), JRN_ERR_MISUSE);
    assert_int_equal(jrn_step_done(&w, LIM_JOURNAL_STEPS), JRN_ERR_MISUSE);
    assert_non_null(strstr(d.out.data, "the command text is 4097 bytes long (limit is 4096) [E704]"));
    assert_non_null(strstr(d.out.data, "step index 4096 is out of range (limit is 4096) [E704]"));
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_int_equal(s.nsteps, LIM_JOURNAL_STEPS);
    assert_int_equal(s.steps[LIM_JOURNAL_STEPS - 1].failed_cmd, 0xFFFFFFFFu);
    assert_int_equal(s.steps[LIM_JOURNAL_STEPS - 1].failed_result, INT32_MIN);
    assert_int_equal(s.records, 3);
    jrn_summary_free(&s);
    free(text);
    diag_free(&d);
}

static void test_writer_protocol(void **state)
{
    const char *p = "J";
    jrn_writer w;
    diag_sink d;
    buf before, after;
    (void)state;
    buf_init(&before);
    buf_init(&after);
    diag_init(&d);
    assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_OK);
    assert_int_equal(jrn_done(&w, 0, 0, 0), JRN_ERR_MISUSE);
    assert_int_equal(jrn_intent(&w, 0, 0, "", 0), JRN_ERR_MISUSE);
    assert_int_equal(jrn_intent(&w, 0, 0, "a\0b", 3), JRN_ERR_MISUSE);
    assert_int_equal(jrn_intent(&w, 3, 0, "select disk 1", 13), JRN_OK);
    assert_int_equal(jrn_intent(&w, 3, 1, "clean", 5), JRN_ERR_MISUSE);
    assert_int_equal(jrn_done(&w, 3, 1, 0), JRN_ERR_MISUSE);
    assert_int_equal(jrn_done(&w, 4, 0, 0), JRN_ERR_MISUSE);
    assert_int_equal(jrn_step_done(&w, 3), JRN_ERR_MISUSE);
    assert_int_equal(jrn_end(&w, 0), JRN_ERR_MISUSE);
    assert_int_equal(jrn_done(&w, 3, 0, 0), JRN_OK);
    assert_int_equal(jrn_intent(&w, 2, 0, "clean", 5), JRN_ERR_MISUSE);     /* backwards */
    assert_int_equal(jrn_step_done(&w, 3), JRN_OK);
    assert_int_equal(jrn_step_done(&w, 3), JRN_ERR_MISUSE);                 /* twice */
    assert_int_equal(jrn_intent(&w, 3, 2, "clean", 5), JRN_ERR_MISUSE);     /* a done step */
    assert_int_equal(jrn_step_done(&w, 5), JRN_OK);                         /* a step with no command */
    assert_int_equal(jrn_end(&w, 0), JRN_OK);
    assert_int_equal(jrn_intent(&w, 6, 0, "clean", 5), JRN_ERR_MISUSE);
    assert_int_equal(jrn_end(&w, 0), JRN_ERR_MISUSE);
    slurp(p, &before);
    jrn_close(&w);
    assert_int_equal(jrn_intent(&w, 6, 0, "clean", 5), JRN_ERR_IO);         /* closed */
    slurp(p, &after);
    assert_int_equal(before.len, after.len);
    assert_string_equal(
        d.out.data,
        "mrb: error: journal J: record 2 (done) not written: a done record for step 0 command 0 without its intent [E708]\n"
        "mrb: error: journal J: record 2 (intent) not written: the command text is empty [E704]\n"
        "mrb: error: journal J: record 2 (intent) not written: the command text holds a NUL byte [E704]\n"
        "mrb: error: journal J: record 3 (intent) not written: an intent record for step 3 while the intent for step 3 command 0 has no done record [E708]\n"
        "mrb: error: journal J: record 3 (done) not written: a done record for step 3 command 1 without its intent [E708]\n"
        "mrb: error: journal J: record 3 (done) not written: a done record for step 4 command 0 without its intent [E708]\n"
        "mrb: error: journal J: record 3 (step-done) not written: a step-done record for step 3 while the intent for step 3 command 0 has no done record [E708]\n"
        "mrb: error: journal J: record 3 (end) not written: an end record while the intent for step 3 command 0 has no done record [E708]\n"
        "mrb: error: journal J: record 4 (intent) not written: an intent record for step 2 after step 3 (steps only go forward) [E708]\n"
        "mrb: error: journal J: record 5 (step-done) not written: a step-done record for step 3, after step 3 was done [E708]\n"
        "mrb: error: journal J: record 5 (intent) not written: an intent record for step 3, after step 3 was done [E708]\n"
        "mrb: error: journal J: record 7 (intent) not written: an intent record after the end record [E708]\n"
        "mrb: error: journal J: record 7 (end) not written: an end record after the end record [E708]\n"
        "mrb: error: journal J: record 7 not written: the journal is not open [E709]\n");
    diag_free(&d);
    buf_free(&before);
    buf_free(&after);
}

/* ---- creation and resume ----------------------------------------------- */

static void test_create_exists(void **state)
{
    const char *p = "j";
    jrn_writer w;
    diag_sink d;
    buf b;
    (void)state;
    buf_init(&b);
    diag_init(&d);
    write_script(p, 2);
    slurp(p, &b);
    assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_ERR_EXISTS);
    assert_non_null(strstr(d.out.data, "exists already: resume the run with --resume, or remove it [E711]"));
    jrn_close(&w);
    {
        buf again;
        buf_init(&again);
        slurp(p, &again);
        assert_int_equal(again.len, b.len);
        assert_memory_equal(again.data, b.data, b.len);
        buf_free(&again);
    }
    assert_int_equal(jrn_create(&w, "no/such/j", &P, &L, &d), JRN_ERR_IO);
    assert_non_null(strstr(d.out.data, "cannot create journal"));
    diag_free(&d);
    buf_free(&b);
}

/* Two runs on one journal: the second is refused while the first holds it,
 * and may go on once the first has closed it (or died). */
static void test_one_run_at_a_time(void **state)
{
    const char *p = "j";
    jrn_writer w1, w2;
    jrn_summary sum;
    diag_sink d;
    (void)state;
    diag_init(&d);
    assert_int_equal(jrn_create(&w1, p, &P, &L, &d), JRN_OK);
    assert_int_equal(jrn_intent(&w1, 0, 0, "clean", 5), JRN_OK);
    assert_int_equal(jrn_resume(&w2, p, &P, &L, &sum, &d), JRN_ERR_REFUSED);
    assert_non_null(strstr(buf_cstr(&d.out), "journal j is in use by another mrb run: wait for it to end, or "
                                              "stop it before resuming [E712]"));
    jrn_summary_free(&sum);
    assert_int_equal(jrn_done(&w1, 0, 0, 0), JRN_OK);
    jrn_close(&w1);
    buf_reset(&d.out);
    assert_int_equal(jrn_resume(&w2, p, &P, &L, &sum, &d), JRN_OK);
    assert_int_equal(sum.records, 3);
    jrn_summary_free(&sum);
    jrn_close(&w2);
    diag_free(&d);
}

static void test_resume_in_doubt(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    (void)state;
    diag_init(&d);
    write_script(p, 3);     /* header, intent 0/0, done 0/0, intent 0/1 "clean": killed */
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    assert_false(s.empty);
    assert_true(s.in_doubt);
    assert_int_equal(s.doubt_step, 0);
    assert_int_equal(s.doubt_cmd, 1);
    assert_string_equal(s.doubt_text, "clean");
    assert_false(s.doubt_resumed);
    assert_int_equal(s.resumes, 0);
    assert_int_equal(s.records, 4);
    assert_true(s.steps[0].has_done_cmd);
    assert_int_equal(s.steps[0].last_done_cmd, 0);
    assert_int_equal(s.steps[0].intents, 2);
    jrn_summary_free(&s);
    jrn_close(&w);          /* killed again before settling */
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.in_doubt);
    assert_true(s.doubt_resumed);
    assert_int_equal(s.resumes, 1);
    jrn_summary_free(&s);
    /* settled: the command is sent again, answered; the run goes on */
    assert_int_equal(jrn_intent(&w, 0, 1, "clean", 5), JRN_OK);
    assert_int_equal(jrn_done(&w, 0, 1, 0), JRN_OK);
    assert_int_equal(jrn_step_done(&w, 0), JRN_OK);
    assert_int_equal(jrn_end(&w, 0), JRN_OK);
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.ended);
    assert_false(s.in_doubt);
    assert_int_equal(s.resumes, 2);
    assert_int_equal(s.records, 10);
    jrn_summary_free(&s);
    /* an ended run: nothing is appended, and appends are refused */
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.ended);
    assert_int_equal(jrn_intent(&w, 1, 0, "clean", 5), JRN_ERR_MISUSE);
    jrn_close(&w);
    jrn_summary_free(&s);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_int_equal(s.records, 10);
    jrn_summary_free(&s);
    assert_int_equal(d.errors, 1);
    diag_free(&d);
}

static void test_resume_settles_by_ensure(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    (void)state;
    diag_init(&d);
    write_script(p, 3);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    jrn_summary_free(&s);
    /* the step's ensure holds: step-done closes the command in doubt; an
     * intent for another step would not */
    assert_int_equal(jrn_intent(&w, 1, 0, "select disk 0", 13), JRN_ERR_MISUSE);
    assert_int_equal(jrn_step_done(&w, 1), JRN_ERR_MISUSE);
    assert_int_equal(jrn_step_done(&w, 0), JRN_OK);
    assert_int_equal(jrn_intent(&w, 1, 0, "select disk 0", 13), JRN_OK);
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.steps[0].done);
    assert_int_equal(s.steps[0].last_done_cmd, 0);
    assert_true(s.in_doubt);
    assert_int_equal(s.doubt_step, 1);
    assert_string_equal(s.doubt_text, "select disk 0");
    jrn_summary_free(&s);
    /* done for the settled command after resume */
    write_script(p, 3);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    jrn_summary_free(&s);
    assert_int_equal(jrn_done(&w, 0, 0, 0), JRN_ERR_MISUSE);
    assert_int_equal(jrn_done(&w, 0, 1, 0), JRN_OK);
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_false(s.in_doubt);
    assert_int_equal(s.steps[0].last_done_cmd, 1);
    jrn_summary_free(&s);
    assert_int_equal(d.errors, 3);
    diag_free(&d);
}

static void test_resume_torn_tail(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    buf full, b;
    size_t bounds[16], cut;
    (void)state;
    buf_init(&full);
    buf_init(&b);
    diag_init(&d);
    write_script(p, 4);
    slurp(p, &full);
    assert_int_equal(record_bounds((const uint8_t *)full.data, full.len, bounds, 16), 5);
    /* the done record 0/1 half written */
    cut = bounds[4] + 10;
    write_script(p, 5);
    slurp(p, &b);
    spit(p, b.data, cut);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.tail_dropped);
    assert_int_equal(s.tail_offset, bounds[4]);
    assert_int_equal(s.tail_bytes, 10);
    assert_int_equal(s.valid_bytes, bounds[4]);
    assert_int_equal(s.records, 4);
    assert_true(s.in_doubt);
    assert_int_equal(s.doubt_cmd, 1);
    jrn_summary_free(&s);
    assert_int_equal(jrn_done(&w, 0, 1, 0), JRN_OK);
    jrn_close(&w);
    slurp(p, &b);
    assert_int_equal(b.len, bounds[4] + 20 + 32);     /* cut, then resume and done */
    assert_memory_equal(b.data, full.data, bounds[4]);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_false(s.tail_dropped);
    assert_int_equal(s.records, 6);
    assert_int_equal(s.resumes, 1);
    jrn_summary_free(&s);
    assert_int_equal(d.errors, 0);
    diag_free(&d);
    buf_free(&full);
    buf_free(&b);
}

static void test_resume_empty(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    buf b;
    (void)state;
    buf_init(&b);
    diag_init(&d);
    /* an empty file, and a header cut short: the run starts afresh */
    spit(p, "", 0);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.empty);
    assert_false(s.tail_dropped);
    jrn_summary_free(&s);
    jrn_close(&w);
    write_script(p, 0);
    slurp(p, &b);
    spit(p, b.data, 30);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    assert_true(s.empty);
    assert_true(s.tail_dropped);
    assert_int_equal(s.tail_bytes, 30);
    jrn_summary_free(&s);
    assert_int_equal(jrn_intent(&w, 0, 0, "select disk 1", 13), JRN_OK);
    jrn_close(&w);
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_int_equal(s.records, 2);
    assert_int_equal(s.resumes, 0);
    assert_true(s.in_doubt);
    jrn_summary_free(&s);
    /* not a journal; a missing file; another procedure */
    spit(p, "select disk 1\n", 14);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_ERR_REFUSED);
    assert_int_equal(jrn_resume(&w, "none", &P, &L, &s, &d), JRN_ERR_IO);
    write_script(p, 2);
    assert_int_equal(jrn_resume(&w, p, &L, &L, &s, &d), JRN_ERR_REFUSED);
    assert_int_equal(jrn_read_file("none", &P, &L, &s, &d), JRN_ERR_IO);
    assert_non_null(strstr(d.out.data, "is not a mrb journal: it starts with 73 65 6C 65, not the journal magic "
                                       "6D 72 62 4A [E701]"));
    assert_non_null(strstr(d.out.data, "cannot read journal"));
    assert_non_null(strstr(d.out.data, "was written for another procedure (procedure hash "));
    assert_int_equal(d.errors, 4);
    diag_free(&d);
    buf_free(&b);
}

/* ---- refusals, record by record ---------------------------------------- */

static void test_refused_records(void **state)
{
    jrn_hash other;
    buf b;
    uint8_t pl[16];
    (void)state;
    buf_init(&b);
    jrn_hash_from_u64(42, &other);

    /* another format version: refused even as the last record */
    mkheader(&b, 1, &P, &L);
    mkrec(&b, 2, JRN_END, 2, "\0\0\0\0", 4);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 has format version 2; this mrb reads "
                       "version 1 [E702]\n");
    /* reserved bytes, unknown type, payload sizes, values */
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mku32(&b, JRN_END, 2, 0);
    b.data[84 + 6] = 1;
    wr32((uint8_t *)b.data + 84 + 20, jrn_crc32c(0, b.data + 84, 20));
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 has non-zero reserved bytes [E704]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mku32(&b, 9, 2, 0);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 has an unknown type 9 [E704]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkrec(&b, JRN_VERSION, JRN_DONE, 2, "\0\0\0\0\0\0\0\0", 8);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84: a done record with a payload of 8 bytes "
                       "(expected 12) [E704]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkrec(&b, JRN_VERSION, JRN_INTENT, 2, "\0\0\0\0\0\0\0\0", 8);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84: an intent record with a payload of 8 "
                       "bytes (expected at least 9) [E704]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkintent(&b, 2, LIM_JOURNAL_STEPS, 0, "clean");
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 (intent): step index 4096 is out of "
                       "range (limit is 4096) [E704]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    wr32(pl, 0), wr32(pl + 4, 0), memcpy(pl + 8, "ab\0c", 4);
    mkrec(&b, JRN_VERSION, JRN_INTENT, 2, pl, 12);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 (intent): the command text holds a NUL "
                       "byte [E704]\n");

    /* sequence numbers */
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkintent(&b, 3, 0, 0, "clean");
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 has sequence number 3, expected 2 [E705]\n");
    buf_reset(&b);
    mkheader(&b, 0, &P, &L);
    assert_refused(&b, "mrb: error: journal j: record 1 at byte offset 0 has sequence number 0, expected 1 [E705]\n");

    /* another procedure, another listing */
    buf_reset(&b);
    mkheader(&b, 1, &other, &L);
    assert_refused(&b, "mrb: error: journal j was written for another procedure (procedure hash "
                       "0000000000000000..., this procedure's is 0fbafba72efabbf2...) [E706]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &other);
    assert_refused(&b, "mrb: error: journal j was written for another starting listing, another server or "
                       "another capture (listing hash 0000000000000000..., this listing's is 1f182934a58277f5...) "
                       "[E707]\n");
    buf_free(&b);
}

static void test_refused_protocol(void **state)
{
    buf b;
    (void)state;
    buf_init(&b);
    /* the protocol */
    mkintent(&b, 1, 0, 0, "clean");
    assert_refused(&b, "mrb: error: journal j: record 1 at byte offset 0: the first record is an intent record, not "
                       "a header [E708]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkheader(&b, 2, &P, &L);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84: a second header record [E708]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkdone(&b, 2, 0, 0, 0);
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84: a done record for step 0 command 0 "
                       "without its intent [E708]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mkintent(&b, 2, 0, 0, "clean");
    mkintent(&b, 3, 0, 1, "clean");
    assert_refused(&b, "mrb: error: journal j: record 3 at byte offset 117: an intent record for step 0 while the "
                       "intent for step 0 command 0 has no done record [E708]\n");
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    mku32(&b, JRN_END, 2, 0);
    mkrec(&b, JRN_VERSION, JRN_RESUME, 3, "", 0);
    assert_refused(&b, "mrb: error: journal j: record 3 at byte offset 108: a resume record after the end record "
                       "[E708]\n");
    buf_free(&b);
}

static void test_damage_and_torn_tail(void **state)
{
    buf b, out;
    jrn_summary s;
    (void)state;
    buf_init(&b);
    buf_init(&out);
    /* damage before the last record */
    mkheader(&b, 1, &P, &L);
    mkintent(&b, 2, 0, 0, "clean");
    mkdone(&b, 3, 0, 0, 0);
    b.data[84 + 30] ^= 0x20;
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 is damaged: its checksum does not match, "
                       "and a valid record follows at byte offset 117 [E703]\n");
    b.data[84 + 30] ^= 0x20;
    b.data[84 + 1] = 'X';
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 starts with 6D 58 62 4A, not the journal "
                       "magic 6D 72 62 4A, and a valid record follows at byte offset 117 [E701]\n");
    b.data[84 + 1] = 'r';
    b.data[84 + 13] = 0x10;
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 is damaged: its payload length 4109 is "
                       "over the limit of 4104 bytes, and a valid record follows at byte offset 117 [E703]\n");
    b.data[84 + 13] = 0;
    b.data[84 + 12] = 0xFF;
    assert_refused(&b, "mrb: error: journal j: record 2 at byte offset 84 is damaged: it runs past the end of the "
                       "file, and a valid record follows at byte offset 117 [E703]\n");
    b.data[84 + 12] = 13;
    assert_int_equal(read_bytes(b.data, b.len, &s, &out), JRN_OK);
    jrn_summary_free(&s);

    /* after the last record: zeros are a torn tail, however many; other
     * bytes only up to one record's worth */
    buf_pad(&b, '\0', 10000);
    assert_int_equal(read_bytes(b.data, b.len, &s, &out), JRN_OK);
    assert_true(s.tail_dropped);
    assert_int_equal(s.tail_offset, 149);
    assert_int_equal(s.tail_bytes, 10000);
    assert_int_equal(s.records, 3);
    jrn_summary_free(&s);
    b.len = 149;
    buf_pad(&b, 'z', 4124);
    assert_int_equal(read_bytes(b.data, b.len, &s, &out), JRN_OK);
    assert_true(s.tail_dropped);
    jrn_summary_free(&s);
    buf_putc(&b, 'z');
    assert_refused(&b, "mrb: error: journal j: record 4 at byte offset 149 starts with 7A 7A 7A 7A, not the journal "
                       "magic 6D 72 62 4A, and the 4125 bytes from there to the end of the file are more than "
                       "one torn record can leave [E701]\n");
    buf_free(&b);
    buf_free(&out);
}

static void test_not_a_journal(void **state)
{
    buf b, out;
    jrn_summary s;
    (void)state;
    buf_init(&b);
    buf_init(&out);
    /* not a journal; too large */
    buf_puts(&b, "DISKPART> list disk\n");
    assert_refused(&b, "mrb: error: j is not a mrb journal: it starts with 44 49 53 4B, not the journal magic "
                       "6D 72 62 4A [E701]\n");
    buf_reset(&b);
    buf_puts(&b, "xy");
    assert_refused(&b, "mrb: error: j is not a mrb journal: it starts with 78 79, not the journal magic "
                       "6D 72 62 4A [E701]\n");
    buf_reset(&b);
    buf_puts(&b, "mr");
    assert_int_equal(read_bytes(b.data, b.len, &s, &out), JRN_OK);
    assert_true(s.empty && s.tail_dropped);
    jrn_summary_free(&s);
    buf_reset(&b);
    mkheader(&b, 1, &P, &L);
    buf_pad(&b, '\0', LIM_JOURNAL_BYTES - b.len + 1);
    assert_refused(&b, "mrb: error: journal j is larger than the limit of 16777216 bytes [E710]\n");
    {
        /* the same from a file (sparse: its size only) */
        jrn_summary fs;
        diag_sink d;
        FILE *f = fopen("big", "wb");
        assert_non_null(f);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(truncate("big", (off_t)LIM_JOURNAL_BYTES + 1), 0);
        diag_init(&d);
        assert_int_equal(jrn_read_file("big", &P, &L, &fs, &d), JRN_ERR_REFUSED);
        assert_string_equal(d.out.data, "mrb: error: journal big is larger than the limit of 16777216 bytes [E710]\n");
        diag_free(&d);
    }
    buf_free(&b);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sha256_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crc32c_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_launched_and_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_protocol, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_exists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_run_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_in_doubt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_settles_by_ensure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_torn_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_protocol, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damage_and_torn_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_journal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
