/* print.h - DiskPart's listings and messages, printed from the model.
 *
 * The one printer of DiskPart tables: `mrb listing` and the simulator
 * (`mrb sim`, `list disk` ...) both call it, so what the simulator prints
 * and what the listing command prints cannot drift apart.
 *
 * Layout (docs/DISKPART.md section 3): two characters of focus mark ("* " or two
 * spaces), fixed-width columns separated by two spaces, sizes as "%4u %-2s",
 * trailing spaces trimmed, a blank line before and after every table.
 */
#ifndef MRB_PRINT_H
#define MRB_PRINT_H

#include "diskpart/model.h"
#include "base/util.h"

/* focus: index into s->disks / s->vols / d->parts of the starred row, or -1. */
void prt_list_disk(buf *b, const mdl_server *s, long focus);
void prt_list_volume(buf *b, const mdl_server *s, long focus);
void prt_list_partition(buf *b, const mdl_disk *d, long focus);
/* The block `detail disk` prints (model line to the volume table). */
void prt_detail_disk(buf *b, const mdl_server *s, const mdl_disk *d);

/* The whole model as the output of `mrb probe`'s script, without banner:
 * list disk, list volume, then per disk whose partitions are known the
 * selection message, its partition table and its detail. */
void prt_snapshot(buf *b, const mdl_server *s);

/* A listing's language.  The model's vocabularies (model.h) give the words
 * they know in it; local(ctx, english) gives the others (the words an
 * operator supplies with `--words`, a message), or NULL: then English. */
typedef struct prt_locale {
    enum mdl_lang lang;
    const char *(*local)(const void *ctx, const char *english);
    const void *ctx;
} prt_locale;

/* prt_snapshot in loc's language (NULL: English). */
void prt_snapshot_in(buf *b, const mdl_server *s, const prt_locale *loc);

/* The model as JSON (sizes as {"min":..,"max":..} inclusive byte bounds). */
void prt_json(buf *b, const mdl_server *s);

/* One row of `list disk` / `list volume`, without focus mark and newline. */
void prt_disk_row(buf *b, const mdl_disk *d);
void prt_volume_row(buf *b, const mdl_volume *v);

/* Name of a disk as DiskPart prints it: "Disk 0" or "Disk M0". */
void prt_disk_name(buf *b, const mdl_disk *d);

#endif
