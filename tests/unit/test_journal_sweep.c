/* test_journal_sweep.c - the run journal under damage and failure: the T4 (every bit flip and
 * truncation) and T5 (every I/O failure) sweeps and every allocation failure. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "journal_fixture.h"

/* ---- T4: every bit flip and every truncation --------------------------- */

typedef struct t4_stats {
    unsigned long mutations, flips, truncations;
    unsigned long recovered, refused, accepted, silent;
} t4_stats;

/* All mutations of the first n records of full (bounds as record_bounds). */
static void t4_journal(const uint8_t *full, const size_t *bounds, unsigned n, t4_stats *st)
{
    jrn_summary ref[8], s;
    buf out;
    size_t len = bounds[n], i, t;
    unsigned k, bit;
    uint8_t *m = malloc(len ? len : 1);
    assert_non_null(m);
    buf_init(&out);
    for (k = 0; k <= n; k++)
        assert_int_equal(read_bytes(full, bounds[k], &ref[k], &out), JRN_OK);
    /* bit flips */
    for (i = 0, k = 0; i < len; i++) {
        while (i >= bounds[k + 1])
            k++;
        for (bit = 0; bit < 8; bit++) {
            enum jrn_status rs;
            memcpy(m, full, len);
            m[i] ^= (uint8_t)(1u << bit);
            rs = read_bytes(m, len, &s, &out);
            st->mutations++, st->flips++;
            if (rs == JRN_OK && !s.tail_dropped) {
                st->silent++;
                print_message("silent acceptance: %u records, flip of bit %u at byte %zu\n", n, bit, i);
            } else if (rs == JRN_OK) {
                /* only damage to the last record may be recovered, to the records before it */
                assert_int_equal(k, n - 1);
                assert_int_equal(s.tail_offset, bounds[n - 1]);
                assert_same_summary(&s, &ref[n - 1], true);
                st->recovered++;
            } else {
                assert_int_equal(rs, JRN_ERR_REFUSED);
                assert_true(strstr(out.data, "[E701]") || strstr(out.data, "[E703]"));
                /* the last record is refused only when it is the header and
                 * its magic is gone: the file is no journal then */
                if (k == n - 1)
                    assert_true(k == 0 && i < 4);
                st->refused++;
            }
            jrn_summary_free(&s);
        }
    }
    /* truncations */
    for (t = 0, k = 0; t < len; t++) {
        while (t >= bounds[k + 1])
            k++;
        assert_int_equal(read_bytes(full, t, &s, &out), JRN_OK);
        st->mutations++, st->truncations++;
        if (t == bounds[k]) {
            assert_false(s.tail_dropped);
            st->accepted++;
        } else {
            assert_true(s.tail_dropped);
            assert_int_equal(s.tail_offset, bounds[k]);
            assert_int_equal(s.tail_bytes, t - bounds[k]);
            st->recovered++;
        }
        assert_same_summary(&s, &ref[k], true);
        jrn_summary_free(&s);
    }
    for (k = 0; k <= n; k++)
        jrn_summary_free(&ref[k]);
    buf_free(&out);
    free(m);
}

static void test_t4_corruption(void **state)
{
    const char *p = "j";
    jrn_writer w;
    diag_sink d;
    jrn_summary s;
    t4_stats st;
    buf a, b;
    size_t bounds[8];
    unsigned n, total;
    (void)state;
    memset(&st, 0, sizeof st);
    buf_init(&a);
    buf_init(&b);
    diag_init(&d);
    /* journal A: header, intent, done, step-done, end */
    unlink(p);
    assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_OK);
    assert_int_equal(jrn_intent(&w, 0, 0, "select disk 1", 13), JRN_OK);
    assert_int_equal(jrn_done(&w, 0, 0, 0), JRN_OK);
    assert_int_equal(jrn_step_done(&w, 0), JRN_OK);
    assert_int_equal(jrn_end(&w, 0), JRN_OK);
    jrn_close(&w);
    slurp(p, &a);
    /* journal B: header, intent, resume, intent again, done */
    unlink(p);
    assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_OK);
    assert_int_equal(jrn_intent(&w, 2, 5, "delete partition override", 25), JRN_OK);
    jrn_close(&w);
    assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
    jrn_summary_free(&s);
    assert_int_equal(jrn_intent(&w, 2, 5, "delete partition override", 25), JRN_OK);
    assert_int_equal(jrn_done(&w, 2, 5, 1), JRN_OK);
    jrn_close(&w);
    slurp(p, &b);
    assert_int_equal(d.errors, 0);

    total = record_bounds((const uint8_t *)a.data, a.len, bounds, 7);
    assert_int_equal(total, 5);
    for (n = 1; n <= total; n++)
        t4_journal((const uint8_t *)a.data, bounds, n, &st);
    total = record_bounds((const uint8_t *)b.data, b.len, bounds, 7);
    assert_int_equal(total, 5);
    for (n = 1; n <= total; n++)
        t4_journal((const uint8_t *)b.data, bounds, n, &st);
    print_message("T4: %lu mutations (%lu bit flips, %lu truncations) of 10 journals of 1 to 5 records: "
                  "%lu recovered-tail, %lu refused, %lu accepted (cut at a record boundary), "
                  "%lu silent acceptances\n",
                  st.mutations, st.flips, st.truncations, st.recovered, st.refused, st.accepted, st.silent);
    assert_int_equal(st.silent, 0);
    assert_int_equal(st.mutations, st.recovered + st.refused + st.accepted);
    /* journal A is 84, 125, 157, 181, 205 bytes long; B 84, 137, 157, 210, 242 */
    assert_int_equal(st.flips, 8 * (84 + 125 + 157 + 181 + 205 + 84 + 137 + 157 + 210 + 242));
    assert_int_equal(st.truncations, st.flips / 8);
    diag_free(&d);
    buf_free(&a);
    buf_free(&b);
}

/* ---- T5: fail the Nth I/O operation ------------------------------------ */

typedef struct t5_stats {
    unsigned long cases, failed, poisoned, torn, missing;
} t5_stats;

/* The script with a fault at the Nth operation; then the "next process"
 * reads what is left (a valid prefix of the uninterrupted journal), resumes
 * and finishes.  True when the run reached the end without the fault. */
static bool t5_case(const char *p, unsigned long n, bool persistent, const buf *ref, const size_t *bounds,
                    const jrn_summary *ref_sum, t5_stats *st)
{
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    enum jrn_status rs;
    size_t acked = 0, i, pos;
    unsigned kinds;
    bool poisoned;
    buf b;
    buf_init(&b);
    diag_init(&d);
    unlink(p);
    fio_test_reset();
    fio_fail_at(n, persistent);
    rs = jrn_create(&w, p, &P, &L, &d);
    if (rs == JRN_OK) {
        acked = 1;
        for (i = 0; i < SCRIPT_LEN; i++) {
            /* the fsyncgate rule, as the executor applies it: a command is
             * sent only after its intent is durable, never once poisoned */
            bool was_poisoned = fio_poisoned();
            rs = apply(&w, &script[i]);
            if (was_poisoned)
                assert_int_not_equal(rs, JRN_OK);
            if (rs != JRN_OK)
                break;
            acked++;
        }
    }
    kinds = fio_injected_kinds();
    st->cases++;
    if (rs == JRN_OK) {
        jrn_close(&w);
        assert_int_equal(kinds, 0);
        assert_true(fio_op_count() < n);
        diag_free(&d);
        buf_free(&b);
        return true;
    }
    /* a clean error: a status, one message, and nothing more accepted */
    st->failed++;
    assert_int_equal(rs, JRN_ERR_IO);
    assert_int_equal(d.errors, 1);
    assert_non_null(strstr(d.out.data, "[E709]"));
    assert_int_not_equal(kinds, 0);
    assert_int_not_equal(jrn_end(&w, 0), JRN_OK);
    poisoned = fio_poisoned();
    assert_int_equal(poisoned, (kinds & (FIO_OP_FLUSH | FIO_OP_SYNCDIR)) != 0);
    if (poisoned) {
        const char *why;
        fio_file f;
        st->poisoned++;
        assert_int_equal(fio_open(&f, "other", FIO_CREATE, &why), FIO_ERR_POISONED);
    }
    jrn_close(&w);

    /* the next process */
    fio_test_reset();
    if (!plat_file_exists(p)) {
        st->missing++;
        assert_int_equal(acked, 0);
        assert_int_equal(jrn_create(&w, p, &P, &L, &d), JRN_OK);
        pos = 0;
    } else {
        assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
        /* a valid prefix of the uninterrupted journal: the acknowledged
         * records, and perhaps the one whose flush failed */
        assert_true(s.records == acked || s.records == acked + 1);
        slurp(p, &b);
        assert_int_equal(s.valid_bytes, bounds[s.records]);
        assert_memory_equal(b.data, ref->data, s.valid_bytes);
        if (s.tail_dropped) {
            st->torn++;
            assert_true(kinds & FIO_OP_WRITE);
        }
        jrn_summary_free(&s);
        assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
        pos = s.empty ? 0 : s.records - 1 - s.resumes;
        jrn_summary_free(&s);
    }
    for (i = pos; i < SCRIPT_LEN; i++)
        assert_int_equal(apply(&w, &script[i]), JRN_OK);
    jrn_close(&w);
    /* the same end as the uninterrupted run */
    assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
    assert_false(s.tail_dropped);
    assert_same_summary(&s, ref_sum, false);
    jrn_summary_free(&s);
    assert_int_equal(d.errors, 2);     /* the failure, and the append refused after it */
    diag_free(&d);
    buf_free(&b);
    return false;
}

static void test_t5_io_faults(void **state)
{
    const char *p = "j";
    jrn_summary ref_sum;
    diag_sink d;
    t5_stats st;
    buf ref;
    size_t bounds[16];
    unsigned long n, points[2];
    int mode;
    (void)state;
    memset(&st, 0, sizeof st);
    buf_init(&ref);
    diag_init(&d);
    write_script(p, SCRIPT_LEN);
    slurp(p, &ref);
    assert_int_equal(record_bounds((const uint8_t *)ref.data, ref.len, bounds, 16), 1 + SCRIPT_LEN);
    assert_int_equal(jrn_read_file(p, &P, &L, &ref_sum, &d), JRN_OK);
    for (mode = 0; mode < 2; mode++) {
        for (n = 1; !t5_case(p, n, mode == 1, &ref, bounds, &ref_sum, &st); n++)
            ;
        points[mode] = n - 1;
        /* open, folder flush, then a write and a flush per record */
        assert_int_equal(points[mode], 2 + 2 * (1 + SCRIPT_LEN));
    }
    print_message("T5: %lu cases (%lu injection points x 2 modes, then the run to the end): %lu clean errors, "
                  "%lu poisoned, %lu torn tails dropped, %lu journals never created, 0 bad\n",
                  st.cases, points[0], st.failed, st.poisoned, st.torn, st.missing);
    jrn_summary_free(&ref_sum);
    diag_free(&d);
    buf_free(&ref);
}

/* T5 during recovery: the run was killed with a torn record; the resume
 * itself (read, open, truncate, flush, resume record) meets the fault. */
static void test_t5_faults_in_resume(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s, ref_sum;
    diag_sink d;
    buf torn, b;
    size_t bounds[16], i;
    unsigned long n, cases = 0;
    int mode;
    (void)state;
    buf_init(&torn);
    buf_init(&b);
    diag_init(&d);
    write_script(p, SCRIPT_LEN);
    assert_int_equal(jrn_read_file(p, &P, &L, &ref_sum, &d), JRN_OK);
    slurp(p, &torn);
    assert_int_equal(record_bounds((const uint8_t *)torn.data, torn.len, bounds, 16), 1 + SCRIPT_LEN);
    torn.len = bounds[5] + 7;       /* killed while writing record 6 */
    for (mode = 0; mode < 2; mode++) {
        for (n = 1;; n++) {
            enum jrn_status rs;
            spit(p, torn.data, torn.len);
            fio_test_reset();
            fio_fail_at(n, mode == 1);
            rs = jrn_resume(&w, p, &P, &L, &s, &d);
            jrn_summary_free(&s);
            cases++;
            if (rs == JRN_OK && fio_injected_kinds() == 0) {
                jrn_close(&w);
                break;
            }
            assert_int_equal(rs, JRN_ERR_IO);
            assert_int_equal(fio_poisoned(), (fio_injected_kinds() & (FIO_OP_FLUSH | FIO_OP_SYNCDIR)) != 0);
            /* the file still reads as the same prefix, torn tail or not */
            fio_test_reset();
            assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
            /* the resume record is there when only its flush failed */
            assert_true(s.valid_bytes == bounds[5] || s.valid_bytes == bounds[5] + 20);
            jrn_summary_free(&s);
            /* and a later resume finishes the run */
            assert_int_equal(jrn_resume(&w, p, &P, &L, &s, &d), JRN_OK);
            for (i = s.records - 1 - s.resumes; i < SCRIPT_LEN; i++)
                assert_int_equal(apply(&w, &script[i]), JRN_OK);
            jrn_summary_free(&s);
            jrn_close(&w);
            assert_int_equal(jrn_read_file(p, &P, &L, &s, &d), JRN_OK);
            assert_same_summary(&s, &ref_sum, false);
            jrn_summary_free(&s);
        }
        /* open, truncate, flush, then write and flush of the resume record */
        assert_int_equal(n, 6);
    }
    print_message("T5 in resume: %lu cases, all clean\n", cases);
    jrn_summary_free(&ref_sum);
    diag_free(&d);
    buf_free(&torn);
    buf_free(&b);
}

/* ---- allocation failure ------------------------------------------------ */

static void test_alloc_failure(void **state)
{
    const char *p = "j";
    jrn_writer w;
    jrn_summary s;
    diag_sink d;
    buf good, bad;
    unsigned long n, used, cases = 0;
    int mode;
    (void)state;
    buf_init(&good);
    buf_init(&bad);
    write_script(p, 8);     /* in doubt at step 1 command 1 */
    slurp(p, &good);
    buf_put(&bad, good.data, good.len);
    bad.data[100] ^= 1;     /* damage in record 2 */
    for (mode = 0; mode < 2; mode++) {
        /* reading a good journal: OK or out of memory, nothing else */
        for (n = 1;; n++) {
            enum jrn_status rs;
            diag_init(&d);
            util_fail_alloc_at(n, mode == 1);
            rs = jrn_read(good.data, good.len, "j", &P, &L, &s, &d);
            used = util_alloc_count();
            util_fail_alloc_at(0, false);
            cases++;
            jrn_summary_free(&s);
            diag_free(&d);
            if (rs == JRN_OK && used < n)
                break;
            assert_true(rs == JRN_OK || rs == JRN_ERR_NOMEM);
        }
        assert_true(n > 2);
        /* refusing a damaged one: refused whatever the allocator says */
        for (n = 1;; n++) {
            enum jrn_status rs;
            diag_init(&d);
            util_fail_alloc_at(n, mode == 1);
            rs = jrn_read(bad.data, bad.len, "j", &P, &L, &s, &d);
            used = util_alloc_count();
            util_fail_alloc_at(0, false);
            cases++;
            jrn_summary_free(&s);
            diag_free(&d);
            assert_int_equal(rs, JRN_ERR_REFUSED);
            if (used < n)
                break;
        }
        /* resuming, then appending */
        for (n = 1;; n++) {
            enum jrn_status rs;
            buf after;
            spit(p, good.data, good.len);
            diag_init(&d);
            util_fail_alloc_at(n, mode == 1);
            rs = jrn_resume(&w, p, &P, &L, &s, &d);
            if (rs == JRN_OK)
                rs = jrn_done(&w, 1, 1, 0);
            used = util_alloc_count();
            util_fail_alloc_at(0, false);
            jrn_close(&w);
            jrn_summary_free(&s);
            diag_free(&d);
            cases++;
            if (rs == JRN_OK && used < n)
                break;
            assert_true(rs == JRN_OK || rs == JRN_ERR_NOMEM);
            /* an allocation failure before anything is written leaves the file alone */
            if (rs == JRN_ERR_NOMEM) {
                buf_init(&after);
                slurp(p, &after);
                assert_int_equal(after.len, good.len);
                buf_free(&after);
            }
        }
    }
    print_message("allocation failure: %lu cases, all OK, out of memory or refused, no leak\n", cases);
    buf_free(&good);
    buf_free(&bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_t4_corruption, setup, teardown),
        cmocka_unit_test_setup_teardown(test_t5_io_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_t5_faults_in_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
