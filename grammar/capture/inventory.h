/* inventory.h - the inventory reader: Get-Disk's output -> exact disk facts.
 *
 * The inventory is a second capture beside the DiskPart listing: the CSV
 * that the read-only PowerShell command `mrb probe` prints writes
 * (INV_COMMAND).  It gives what DiskPart does not: a disk's size in exact
 * bytes, its serial number and its bus type.  Its columns are MSFT_Disk
 * property names (never localised); PartitionStyle and BusType are the
 * documented numbers (the command reads them from the CIM instance, not
 * through the Storage module's display names), and the English names are
 * accepted too.
 *
 * The format, read strictly (RFC 4180 as ConvertTo-Csv writes it): the
 * header line exactly INV_HEADER; then one record a disk, nine fields,
 * each quoted ("a ""b""") or bare (no quote, comma or line break); no
 * line break inside a field; no blank line but at the end.  The text is
 * already decoded (runtime/base/text.h: UTF-8 with or without BOM, UTF-16LE).
 *
 * inv_join checks it against a listing's model, disk by disk, and refuses
 * any disagreement (E234) with both values; the model then gains the exact
 * size and the inventory's facts (runtime/diskpart/model.h, mdl_disk_inv).
 */
#ifndef MRB_INVENTORY_H
#define MRB_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "diskpart/model.h"

#define INV_HEADER \
    "\"Number\",\"PartitionStyle\",\"Signature\",\"Guid\",\"Size\",\"SerialNumber\",\"BusType\",\"FriendlyName\",\"UniqueId\""

/* The command, one line for cmd.exe or PowerShell; it only reads. */
#define INV_COMMAND                                                                                       \
    "powershell -NoProfile -Command \"Get-Disk | Sort-Object Number | Select-Object Number,"              \
    "@{n='PartitionStyle';e={$_.CimInstanceProperties['PartitionStyle'].Value}},Signature,Guid,Size,"     \
    "SerialNumber,@{n='BusType';e={$_.CimInstanceProperties['BusType'].Value}},FriendlyName,UniqueId | "  \
    "ConvertTo-Csv -NoTypeInformation | Out-File -Encoding utf8 inventory.csv\""

enum inv_style { INV_RAW, INV_MBR, INV_GPT };

typedef struct inv_disk {
    unsigned num;
    enum inv_style style;
    bool has_signature;
    uint32_t signature;
    char *guid;             /* "{...}" as printed, NULL when empty */
    uint64_t bytes;
    char *serial, *name, *unique_id;    /* as printed, "" when empty */
    const char *bus;        /* the bus type's name (static) */
    bool removable;         /* USB, 1394, SD, MMC: never a target */
    size_t at, end;         /* the record in the text */
} inv_disk;

typedef struct inv_table {
    size_t n, cap;
    inv_disk *disks;
    size_t header_end;      /* the header line is [0, header_end) */
} inv_table;

void inv_init(inv_table *t);
void inv_free(inv_table *t);

/* Read src into t (which must be empty).  False when anything was refused:
 * E230 (not CSV as written), E231 (not the header), E232 (a value out of
 * its form or range), E233 (a disk number twice), E212 (too many disks). */
bool inv_read(const diag_src *src, inv_table *t, diag_sink *d);

/* Join t (read from src) to the model s of a listing: every disk of one is
 * a disk of the other (missing disks, M0, aside), and they agree on the
 * partition style, the Disk ID of `detail disk` (when captured) and the
 * size (the listing's display is the floor of the exact bytes in its
 * unit).  Each disagreement is an error (E234); false when there was one,
 * and s must then not be used. */
bool inv_join(const diag_src *src, const inv_table *t, mdl_server *s, diag_sink *d);

/* The inventory's bytes raw[0..len) (named name): decoded as a listing is
 * (runtime/base/text.h), read and joined to s; false when refused. */
bool inv_load(const char *name, const void *raw, size_t len, mdl_server *s, diag_sink *d);

#endif
