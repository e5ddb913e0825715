/* fuzz_sim.c - libFuzzer target: raw bytes -> DiskPart script reader -> simulator on the seed server.
 *
 * The input is a DiskPart script, decoded as a source file and run line by
 * line on a copy of the guide's GPT server (a fixed listing, read once).
 * Beyond "no crash", the model the script leaves must survive the state
 * file's round trip (st_write, st_parse) unchanged: the state file is how
 * `mrb sim --state` and `mrb run` carry the model between processes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "diskpart/print.h"
#include "diskpart/sim.h"
#include "diskpart/state.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The guide's GPT server, probed (examples/listings/seed-gpt-probed.txt). */
static const char seed_listing[] =
    "DISKPART> list disk\n\n"
    "  Disk ###  Status         Size     Free     Dyn  Gpt\n"
    "  --------  -------------  -------  -------  ---  ---\n"
    "  Disk 0    Online         1863 GB      0 B   *    *\n"
    "  Disk 1    Online         1863 GB  1863 GB\n"
    "  Disk M0   Missing            0 B      0 B   *\n\n"
    "DISKPART> list volume\n\n"
    "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n"
    "  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n"
    "  Volume 0     C   Windows      NTFS   Mirror      1862 GB  Failed Rd  Boot\n"
    "  Volume 1         EFI          FAT32  Partition    350 MB  Healthy    System\n\n"
    "DISKPART> select disk 0\n\n"
    "Disk 0 is now the selected disk.\n\n"
    "DISKPART> list partition\n\n"
    "  Partition ###  Type              Size     Offset\n"
    "  -------------  ----------------  -------  -------\n"
    "  Partition 1    System             350 MB  1024 KB\n"
    "  Partition 2    Dynamic Reserved  1024 KB   351 MB\n"
    "  Partition 3    Reserved           127 MB   352 MB\n"
    "  Partition 4    Dynamic Data      1862 GB   479 MB\n"
    "  Partition 5    Dynamic Data        71 KB  1863 GB\n\n"
    "DISKPART> select disk 1\n\n"
    "Disk 1 is now the selected disk.\n\n"
    "DISKPART> list partition\n\n"
    "There are no partitions on this disk to show.\n";

static mdl_server seed;
static int seed_state;   /* 0 not read yet, 1 ready, -1 refused */

static void read_seed(void)
{
    diag_sink d;
    diag_src src = {"seed", seed_listing, sizeof seed_listing - 1};
    diag_init(&d);
    mdl_server_init(&seed);
    seed_state = lst_read(&src, &seed, &d) ? 1 : -1;
    if (seed_state < 0) {
        fprintf(stderr, "fuzz_sim: the seed listing is refused:\n%s", buf_cstr(&d.out));
        abort();
    }
    sim_infer(&seed);
    diag_free(&d);
}

/* Nothing to save between lines; keep the output from growing. */
static bool after_line(void *ctx)
{
    buf_reset(ctx);
    return true;
}

/* The model must come back from its state file as it was. */
static void round_trip(const mdl_server *s)
{
    buf text, why;
    diag_sink d;
    mdl_server back;
    buf_init(&text);
    buf_init(&why);
    diag_init(&d);
    mdl_server_init(&back);
    st_write(&text, s);
    if (!text.failed) {
        if (st_parse("state", buf_cstr(&text), text.len, &back, &d) != ST_OK) {
            fprintf(stderr, "fuzz_sim: the state file is refused:\n%s\n%s", buf_cstr(&d.out), buf_cstr(&text));
            abort();
        }
        if (!mdl_server_eq(s, &back, &why)) {
            fprintf(stderr, "fuzz_sim: the state file changes the model: %s\n", buf_cstr(&why));
            abort();
        }
    }
    mdl_server_free(&back);
    diag_free(&d);
    buf_free(&why);
    buf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf text, out;
    diag_sink d;
    enum txt_encoding enc;
    mdl_server srv;
    if (!seed_state)
        read_seed();
    buf_init(&text);
    buf_init(&out);
    diag_init(&d);
    mdl_server_init(&srv);
    if (txt_decode("fuzz.txt", data, size, TXT_SOURCE, &text, &enc, &d) && mdl_server_copy(&srv, &seed)) {
        sim m;
        sim_init(&m, &srv, NULL, &out);
        (void)sim_script(&m, buf_cstr(&text), text.len, after_line, &out);
        sim_free(&m);
        buf_reset(&out);
        prt_list_disk(&out, &srv, -1);
        prt_list_volume(&out, &srv, -1);
        round_trip(&srv);
    }
    mdl_server_free(&srv);
    buf_free(&out);
    buf_free(&text);
    diag_free(&d);
    return 0;
}
