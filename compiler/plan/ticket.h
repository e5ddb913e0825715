/* ticket.h - the swap ticket: which disk the datacenter replaces, which it keeps.
 *
 * Before the swap, `mrb ticket` resolves two disk declarations of the
 * procedure (by default `missing`, the disk to replace, and `survivor`, the
 * disk to keep) against a capture of the server, prints them for the
 * technician by what identifies them physically (model, Location Path,
 * Disk ID, serial number when the inventory was captured) and writes a
 * ticket file for the operator.  After the swap, `mrb compile --ticket`
 * refuses a plan whose disk to keep is not the survivor the ticket names
 * (E508): the wrong disk may have been pulled.
 *
 * The ticket file (SPEC.md, "The swap ticket"): UTF-8 text, one record a
 * line, KEY, one space, VALUE, in this order, the optional ones (*) only
 * when the capture showed them:
 *
 *   mrb-ticket 1
 *   listing-sha256 HEX          the capture's bytes (64 lower-case digits)
 *   keep NAME                   the declaration of the disk to keep
 *   keep-disk N                 its number in that capture (N, or MN)
 *   keep-model "..."          * detail disk's first line
 *   keep-id "..."             * Disk ID
 *   keep-location "..."       * Location Path
 *   keep-serial "..."         * the inventory's SerialNumber
 *   replace NAME                the same for the disk to replace
 *   replace-disk N
 *   replace-model "..."       *   (and -id, -location, -serial)
 *   end
 *
 * Strings are in double quotes, \" and \\ their only escapes, never empty.
 * The reader refuses anything else with the line and column: E240 (first
 * line), E241 (a record), E242 (no `end`).
 *
 * Ownership: a ticket owns its strings (tkt_free).
 */
#ifndef MRB_TICKET_H
#define MRB_TICKET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/util.h"

#define TKT_MAGIC "mrb-ticket 1"

/* The identity fields of a disk, in the file's order. */
enum tkt_field { TF_MODEL, TF_ID, TF_LOCATION, TF_SERIAL, TF_COUNT };

typedef struct tkt_disk {
    char *name;                 /* the procedure's declaration: "survivor" */
    mdl_disk_ref disk;          /* its number in the capture before the swap */
    char *field[TF_COUNT];      /* NULL: not captured */
    size_t at, end;             /* reader: where its first record is in the file */
} tkt_disk;

typedef struct ticket {
    char listing_sha256[65];
    tkt_disk keep, replace;
} ticket;

void tkt_init(ticket *t);
void tkt_free(ticket *t);

/* The identity field f of d as the capture shows it, or NULL. */
const char *tkt_field_of(const mdl_disk *d, enum tkt_field f);

/* The bound disk of the declaration called name in p, or NULL. */
const plan_bind *tkt_bind(const plan *p, const char *name);

/* Fill t from the disks keep and replace are bound to in p, as snap shows
 * them; sha256 is the capture's.  False on allocation failure. */
bool tkt_make(ticket *t, const plan *p, const mdl_server *snap, const char *keep, const char *replace,
              const char sha256[65]);

/* The ticket file's text. */
void tkt_write(buf *b, const ticket *t);

/* What the technician reads: each disk by what identifies it. */
void tkt_print(buf *b, const ticket *t, const mdl_server *snap);

/* Read a ticket's decoded text; false (one error in d) when refused. */
bool tkt_parse(const diag_src *src, ticket *t, diag_sink *d);

/* compile --ticket: does the plan p, proved on the capture snap after the
 * swap, keep the disk the ticket src (read into t) says to keep, and is
 * the disk to replace gone?  False with E401, E508 or E509 in d. */
bool tkt_check(const ticket *t, const diag_src *src, const plan *p, const mdl_server *snap, diag_sink *d);

#endif
