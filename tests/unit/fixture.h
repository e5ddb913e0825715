/* fixture.h - read and decode a fixture of the tree, for the unit tests
 * that read listings (listing, inventory): the test fails if it cannot.
 * Included after cmocka.h. */
#ifndef MRB_TEST_FIXTURE_H
#define MRB_TEST_FIXTURE_H

#include "diag.h"
#include "mrblimits.h"
#include "platform.h"
#include "text.h"
#include "util.h"

static void load(const char *path, buf *text)
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

#endif
