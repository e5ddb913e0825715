/* fuzz_inventory.c - libFuzzer target: raw bytes -> the inventory reader -> its join to a listing.
 *
 * The input is decoded as a listing is (runtime/base/text.h) and read as an
 * inventory (grammar/capture/inventory.h); what reads is joined to a fixed listing
 * of four disks.  Whatever joins must hold: every disk of the inventory is
 * in the model with its exact size, inside what the listing displayed; the
 * model copies (mdl_server_copy) with the inventory's strings, and prints
 * as text and JSON.  A violation aborts, so libFuzzer keeps it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "capture/inventory.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "diskpart/print.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char listing[] =
    "  Disk ###  Status         Size     Free     Dyn  Gpt\n"
    "  --------  -------------  -------  -------  ---  ---\n"
    "  Disk 0    Online         1863 GB      0 B   *    *\n"
    "  Disk 1    Online         1863 GB  1863 GB\n"
    "  Disk 2    Online         3726 GB  1862 GB   *    *\n"
    "  Disk M0   Missing            0 B      0 B   *\n"
    "\n"
    "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n"
    "  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n"
    "  Volume 0     C   Windows      NTFS   Mirror      1862 GB  Failed Rd  Boot\n";

static void fail(const char *why, const diag_sink *d)
{
    fprintf(stderr, "fuzz_inventory: %s\n%s", why, buf_cstr(&d->out));
    abort();
}

static void check_joined(const inv_table *t, const mdl_server *s, const mdl_server *before, diag_sink *d)
{
    size_t i;
    mdl_server copy;
    buf out;
    for (i = 0; i < t->n; i++) {
        const mdl_disk *x = mdl_find_disk(s, t->disks[i].num, false);
        const mdl_disk *y = mdl_find_disk(before, t->disks[i].num, false);
        if (!x || !y || !x->inv.known || x->inv.bytes != t->disks[i].bytes || x->size.lo != x->inv.bytes ||
            x->size.hi != x->inv.bytes + 1 || x->inv.bytes < y->size.lo || x->inv.bytes >= y->size.hi ||
            x->free.hi > x->size.hi)
            fail("a joined disk is not as its inventory line says", d);
    }
    mdl_server_init(&copy);
    buf_init(&out);
    if (mdl_server_copy(&copy, s)) {
        for (i = 0; i < copy.ndisks; i++)
            if (copy.disks[i].inv.known && strcmp(copy.disks[i].inv.serial, s->disks[i].inv.serial) != 0)
                fail("a copy of the model lost a serial number", d);
    }
    prt_json(&out, s);
    prt_snapshot(&out, s);
    buf_free(&out);
    mdl_server_free(&copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_sink d;
    buf text;
    enum txt_encoding enc;
    mdl_server s, before;
    inv_table t;
    diag_src lsrc = {"listing", listing, sizeof listing - 1};
    diag_init(&d);
    buf_init(&text);
    mdl_server_init(&s);
    mdl_server_init(&before);
    inv_init(&t);
    if (!lst_read(&lsrc, &s, &d) || !lst_read(&lsrc, &before, &d))
        fail("the fixed listing does not read", &d);
    if (txt_decode("fuzz", data, size, TXT_LISTING, &text, &enc, &d)) {
        diag_src src = {"fuzz", buf_cstr(&text), text.len};
        if (inv_read(&src, &t, &d) && inv_join(&src, &t, &s, &d))
            check_joined(&t, &s, &before, &d);
    }
    inv_free(&t);
    mdl_server_free(&s);
    mdl_server_free(&before);
    buf_free(&text);
    diag_free(&d);
    return 0;
}
