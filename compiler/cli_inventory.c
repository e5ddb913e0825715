/* cli_inventory.c - `--inventory FILE`: the inventory read and joined to a
 * listing's model (grammar/inventory.h). */
#include "cli.h"
#include "inventory.h"
#include "mrblimits.h"

int cli_load_inventory(const char *path, mdl_server *s, diag_sink *d)
{
    buf text;
    diag_src src;
    inv_table t;
    int rc;
    buf_init(&text);
    inv_init(&t);
    rc = cli_read_text(path, TXT_LISTING, LIM_LISTING_BYTES, &text, d);
    if (rc == CLI_OK) {
        src.name = path;
        src.text = buf_cstr(&text);
        src.len = text.len;
        if (!inv_read(&src, &t, d) || !inv_join(&src, &t, s, d))
            rc = CLI_REFUSED;
    }
    inv_free(&t);
    buf_free(&text);
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
