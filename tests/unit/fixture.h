/* fixture.h - the unit tests' files of the tree: read one as it is, or
 * read and decode a listing (listing, inventory), the test failing if it
 * cannot; and the allocation-failure sweep of the front end (parser,
 * checker).  Included after cmocka.h; tests run from the top folder. */
#ifndef MRB_TEST_FIXTURE_H
#define MRB_TEST_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "check/frontend.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "base/text.h"
#include "base/util.h"

static inline void load(const char *path, buf *text)
{
    buf raw;
    const char *why;
    enum txt_encoding enc;
    diag_sink d;
    buf_init(&raw);
    diag_init(&d);
    assert_int_equal(plat_read_file(path, LIM_LISTING_BYTES, &raw, &why), PLAT_OK);
    assert_true(txt_decode(path, (const unsigned char *)raw.data, raw.len, TXT_LISTING, text, &enc, &d));
    buf_free(&raw);
    diag_free(&d);
}

/* A file of the tree into b, as it is. */
static inline void slurp(const char *path, buf *b)
{
    char chunk[4096];
    size_t n;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(b, chunk, n);
    fclose(f);
    assert_false(b->failed);
}

/* Every allocation of stage (fe_parse or fe_check) on the text of file
 * path fails in turn, from the first: each such run must end FE_NOMEM,
 * with no crash (and no leak, under the sanitizers), until one is left to
 * finish FE_OK before the most-th. */
static inline void sweep_allocations(const char *path, unsigned long most,
                                     enum fe_status (*stage)(arena *, const diag_src *, diag_sink *, ast_file *))
{
    buf text;
    unsigned long n;
    bool finished = false;
    buf_init(&text);
    slurp(path, &text);
    for (n = 1; n < most && !finished; n++) {
        arena a;
        diag_sink d;
        diag_src src;
        ast_file f;
        enum fe_status st;
        memset(&src, 0, sizeof src);
        src.name = path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        arena_init(&a);
        diag_init(&d);
        util_fail_alloc_at(n, true);
        st = stage(&a, &src, &d, &f);
        util_fail_alloc_at(0, false);
        if (st == FE_OK)
            finished = true;
        else
            assert_int_equal(st, FE_NOMEM);
        diag_free(&d);
        arena_free(&a);
    }
    assert_true(finished);
    buf_free(&text);
}

#endif
