/* disk_name.h - a disk as a compiled DiskPart script names it ("1", "M0"),
 * read back by the tests that check plans from their text on their own,
 * without the compiler's code (tests/unit/property_check.h,
 * tests/fuzz/fuzz_compile.c). */
#ifndef MRB_TEST_DISK_NAME_H
#define MRB_TEST_DISK_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "diskpart/dpcmd.h"
#include "diskpart/model.h"

static inline bool same_disk(mdl_disk_ref a, mdl_disk_ref b) { return a.num == b.num && a.missing_id == b.missing_id; }

/* The disk v names: a number, or M and a number (a missing disk). */
static inline bool disk_value(dp_slice v, mdl_disk_ref *r)
{
    size_t i;
    unsigned long n = 0;
    r->missing_id = v.n > 0 && (v.s[0] == 'M' || v.s[0] == 'm');
    i = r->missing_id ? 1 : 0;
    if (i >= v.n || v.n - i > 9)
        return false;
    for (; i < v.n; i++) {
        if (v.s[i] < '0' || v.s[i] > '9')
            return false;
        n = n * 10 + (unsigned long)(v.s[i] - '0');
    }
    r->num = (unsigned)n;
    return true;
}

#endif
