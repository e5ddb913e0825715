/* journal_int.h - what the journal's reader (journal.c) and its appender
 * (journal_write.c) share: the decoded record, its encoding, the checks on
 * its values and the protocol.  Nothing else includes this header:
 * journal.h is the journal's interface.
 */
#ifndef MRB_JOURNAL_INT_H
#define MRB_JOURNAL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/mrblimits.h"
#include "server/journal.h"

#define FIXED_BYTES 16u                                 /* magic to payload length */
#define MAX_PAYLOAD (8u + LIM_JOURNAL_TEXT)             /* the largest: an intent */
#define MAX_RECORD (JRN_RECORD_OVERHEAD + MAX_PAYLOAD)

/* One record, decoded. */
typedef struct rec {
    enum jrn_type type;
    uint32_t step, cmd;
    int32_t result;         /* done, failed */
    uint32_t pid;           /* launched */
    uint64_t start;
    uint32_t code;          /* end */
    const char *text;       /* intent: borrowed, not NUL-terminated */
    size_t textlen;
    jrn_hash proc, listing; /* header */
} rec;

/* Encode r as record number seq into out (MAX_RECORD bytes); its size. */
size_t jrn_encode(const rec *r, uint32_t seq, uint8_t *out);
/* The checks on a record's values that do not depend on what came before;
 * false (with why) when wrong. */
bool jrn_check_values(const rec *r, buf *why);
/* Whether r may follow the records that led to p; if not, why says so. */
bool jrn_proto_check(const jrn_proto *p, const rec *r, buf *why);
/* p after r. */
void jrn_proto_apply(jrn_proto *p, const rec *r);

void jrn_summary_init(jrn_summary *s);
/* Read path whole; JRN_OK with its bytes in raw. */
enum jrn_status jrn_load(const char *path, buf *raw, diag_sink *d);

#endif
