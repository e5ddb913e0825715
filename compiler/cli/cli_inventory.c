/* cli_inventory.c - `--inventory FILE`: the inventory read and joined to a
 * listing's model (grammar/capture/inventory.h). */
#include "cli/cli.h"
#include "capture/inventory.h"
#include "base/mrblimits.h"

int cli_load_inventory(const char *path, mdl_server *s, diag_sink *d)
{
    buf raw;
    int rc;
    buf_init(&raw);
    rc = cli_read_raw(path, LIM_LISTING_BYTES, &raw, d);
    if (rc == RC_OK && !inv_load(path, raw.data, raw.len, s, d))
        rc = RC_REFUSED;
    buf_free(&raw);
    return rc;
}

void cli_print_inventory(buf *out, const mdl_server *s)
{
    size_t i;
    buf_puts(out, "\nInventory (Get-Disk):\n\n");
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *dk = &s->disks[i];
        if (!dk->inv.known)
            continue;
        buf_printf(out, "  Disk %-4u %20llu bytes  %-10s serial %s%s%s  %s\n", dk->num,
                   (unsigned long long)dk->inv.bytes, dk->inv.bus, *dk->inv.serial ? "'" : "",
                   *dk->inv.serial ? dk->inv.serial : "(none)", *dk->inv.serial ? "'" : "", dk->inv.name);
    }
}
