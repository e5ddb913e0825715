/* journal.h - the checkpoint journal of `mrb run`: append-only, checksummed, read back for --resume.
 *
 * The journal is how a run that was killed, or whose machine rebooted,
 * knows where it stopped.  It is a sequence of records appended to one
 * file; each append is flushed to the disk (through fileio) before the
 * append function returns, so a record that was acknowledged survives a
 * power loss.  The executor's protocol:
 *
 *   header                 written once, binds the file to one procedure
 *                          and one starting listing (two 256-bit hashes)
 *   intent  S C "text"     before command C of step S is sent: if it cannot
 *                          be written, the command must not be sent
 *   launched pid start     the program of a launch (a command's or a
 *                          listing's) was started, held before it runs
 *                          anything (plat_run_held): its process number and
 *                          start time, so that a resume knows whether it
 *                          still runs.  Written but not flushed: only a
 *                          killed mrb leaves its program running, and what
 *                          a killed process wrote is in the file; a power
 *                          loss ends every program.
 *   done    S C result     after DiskPart answered and the command succeeded
 *                          (result 0)
 *   failed  S C result     after the command failed (DiskPart, robocopy or
 *                          bcdedit reported no success; result its exit
 *                          code, or -1): it is not done, and a resume checks
 *                          the server and runs it again.  A journal written
 *                          before this record existed said the same with a
 *                          done record whose result is not 0; it is read so.
 *   step-done S            after step S's ensure holds
 *   resume                 written by jrn_resume: a new process took over
 *   end     code           the run finished; nothing may follow
 *
 * Record format (every integer little-endian, offsets in bytes):
 *
 *    0   4  magic "mrbJ" (6D 72 62 4A)
 *    4   1  format version, JRN_VERSION
 *    5   1  type: 1 header, 2 intent, 3 done, 4 step-done, 5 resume, 6 end,
 *           7 launched, 8 failed (7 and 8 came later within version 1: an
 *           mrb from before them refuses a journal that holds one, E704,
 *           and so misreads nothing)
 *    6   2  reserved, 0
 *    8   4  sequence number: 1 for the header, then 2, 3, ... with no gap
 *   12   4  payload length n
 *   16   n  payload:
 *             header     procedure hash (32), starting-listing hash (32)
 *             intent     step (4), command (4), command text (1 to
 *                        LIM_JOURNAL_TEXT bytes, no NUL)
 *             done       step (4), command (4), result (4, signed)
 *             failed     step (4), command (4), result (4, signed)
 *             launched   process number (4), start time (8: ticks since
 *                        the boot on Linux, the creation time on Windows,
 *                        0 when not known)
 *             step-done  step (4)
 *             resume     nothing
 *             end        code (4)
 *  16+n  4  CRC32C (Castagnoli) of bytes 0 to 16+n
 *
 * Steps are numbered from 0 and below LIM_JOURNAL_STEPS; commands are
 * numbered within their step.  Records must follow the protocol: an intent
 * is answered by its done record before any other intent, step-done or
 * end, except after a resume record (the executor then settles the command
 * in doubt: a new intent for the same step, its done record, or step-done
 * for its step); a failed record answers an intent as a done record does,
 * and launched records may stand anywhere between the header and the end; steps only go forward; nothing follows end.
 *
 * Reading (jrn_read) applies the "tolerate a torn tail, refuse everything
 * else" policy.  A record that is cut short or fails its checksum, with no
 * valid record after it and no more than one record's worth of bytes
 * (beyond that, only zeros), is a torn last write: it is dropped and the
 * summary says so.  Damage anywhere else (a valid record follows it), a
 * sequence gap, another format version, a record that breaks the protocol,
 * or a header for another procedure or listing is refused with its own
 * diagnostic (E7xx) giving the record number and byte offset.  A file that
 * does not start with the magic is not a journal and is refused.
 *
 * Ownership: a jrn_writer lives in the caller's storage, borrows its path
 * and diag_sink (both must outlive it) and is released by jrn_close.  A
 * jrn_summary owns its steps array and in-doubt text; jrn_summary_free
 * releases them.
 */
#ifndef MRB_JOURNAL_H
#define MRB_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/fileio.h"
#include "base/hash.h"

#define JRN_VERSION 1u
#define JRN_RECORD_OVERHEAD 20u     /* fixed fields and CRC around the payload */

enum jrn_type {
    JRN_HEADER = 1,
    JRN_INTENT = 2,
    JRN_DONE = 3,
    JRN_STEP_DONE = 4,
    JRN_RESUME = 5,
    JRN_END = 6,
    JRN_LAUNCHED = 7,
    JRN_FAILED = 8
};

enum jrn_status {
    JRN_OK,
    JRN_ERR_IO,         /* the file cannot be read or written (E709); after a
                           failed append the writer accepts nothing more */
    JRN_ERR_EXISTS,     /* jrn_create: the journal exists already (E711) */
    JRN_ERR_REFUSED,    /* the journal is damaged or belongs to another run (E701-E708, E710) */
    JRN_ERR_MISUSE,     /* an append that would break the protocol (E708); nothing written */
    JRN_ERR_NOMEM       /* no diagnostic: the caller says "out of memory" */
};

/* ---- reading ----------------------------------------------------------- */

typedef struct jrn_step_info {
    bool done;              /* a step-done record */
    bool has_done_cmd;      /* a done record for one of its commands */
    uint32_t last_done_cmd; /* the command of its last done record */
    int32_t last_result;    /* and that record's result */
    uint32_t intents;       /* intent records for the step */
    bool failed;            /* its last command record is a failed one ... */
    uint32_t failed_cmd;    /* ... for this command ... */
    int32_t failed_result;  /* ... with this result */
} jrn_step_info;

/* The protocol state after the records read so far (private to the
 * module; kept in the summary and the writer so that appends continue it). */
typedef struct jrn_proto {
    bool header;            /* the header record was seen */
    bool ended;
    bool open;              /* an intent without its done record */
    bool open_resumed;      /* a resume record since that intent */
    uint32_t open_step, open_cmd;
    bool any_step;          /* an intent or step-done seen */
    uint32_t cur_step;      /* the step of the last intent or step-done */
    bool any_step_done;
    uint32_t last_step_done;
} jrn_proto;

typedef struct jrn_summary {
    bool empty;             /* no complete header: nothing was ever done */
    jrn_hash procedure;     /* from the header (zero when empty) */
    jrn_hash listing;
    uint32_t records;       /* complete records accepted, the header included */
    uint64_t valid_bytes;   /* offset just past the last accepted record */
    bool tail_dropped;      /* a torn last record was dropped ... */
    uint64_t tail_offset;   /* ... starting at this byte offset */
    uint64_t tail_bytes;    /* ... this long */
    jrn_step_info *steps;   /* indexed by step; nsteps = highest step seen + 1 */
    uint32_t nsteps;
    uint32_t steps_done;    /* step-done records */
    bool in_doubt;          /* an intent without its done record: */
    uint32_t doubt_step, doubt_cmd;
    char *doubt_text;       /* its command text (NUL-terminated) */
    bool doubt_resumed;     /* a resume record followed that intent already */
    uint32_t resumes;       /* resume records */
    bool ended;             /* an end record: the run finished */
    uint32_t end_code;
    bool launched;          /* a launched record: the last one's */
    uint32_t launch_pid;    /* process number and */
    uint64_t launch_start;  /* start time */
    jrn_proto proto;
} jrn_summary;

/* Read a journal held in memory.  name is the file name for messages.  When
 * procedure or listing is not NULL the header must carry that hash.
 * JRN_OK fills *out (torn tail dropped if any, see tail_dropped);
 * JRN_ERR_REFUSED reports one diagnostic to d.  *out is always initialised
 * and must be freed with jrn_summary_free. */
enum jrn_status jrn_read(const void *data, size_t len, const char *name, const jrn_hash *procedure,
                         const jrn_hash *listing, jrn_summary *out, diag_sink *d);
/* The same on a file (at most LIM_JOURNAL_BYTES; E709 when unreadable). */
enum jrn_status jrn_read_file(const char *path, const jrn_hash *procedure, const jrn_hash *listing,
                              jrn_summary *out, diag_sink *d);
void jrn_summary_free(jrn_summary *s);

const char *jrn_type_name(enum jrn_type t);    /* "intent", ... */

/* ---- writing ----------------------------------------------------------- */

typedef struct jrn_writer {
    fio_file f;
    const char *path;       /* borrowed, for messages */
    diag_sink *d;           /* borrowed: where append failures are reported */
    uint32_t next_seq;
    jrn_proto proto;
    bool broken;            /* an append failed: nothing more is accepted */
} jrn_writer;

/* Create a new journal (it must not exist) and write its header. */
enum jrn_status jrn_create(jrn_writer *w, const char *path, const jrn_hash *procedure,
                           const jrn_hash *listing, diag_sink *d);
/* Open an existing journal to continue a run.  Reads and checks it as
 * jrn_read does (the summary goes to *sum, which the caller frees), cuts off
 * a torn tail (flushed), then: for a journal with no complete header,
 * writes a new header (sum->empty says the run starts afresh); for a run
 * that did not end, appends a resume record; for a run that ended, writes
 * nothing and every append is refused.  On error the writer is closed. */
enum jrn_status jrn_resume(jrn_writer *w, const char *path, const jrn_hash *procedure,
                           const jrn_hash *listing, jrn_summary *sum, diag_sink *d);

/* Append one record and flush it to the disk.  JRN_OK only when the record
 * is durable; on any other status the command must not be sent. */
enum jrn_status jrn_intent(jrn_writer *w, uint32_t step, uint32_t cmd, const char *text, size_t len);
enum jrn_status jrn_done(jrn_writer *w, uint32_t step, uint32_t cmd, int32_t result);
enum jrn_status jrn_failed(jrn_writer *w, uint32_t step, uint32_t cmd, int32_t result);
/* Appended without a flush (see the launched record above). */
enum jrn_status jrn_launched(jrn_writer *w, unsigned long pid, uint64_t start);
enum jrn_status jrn_step_done(jrn_writer *w, uint32_t step);
enum jrn_status jrn_end(jrn_writer *w, uint32_t code);

/* Close the file (no-op when closed). */
void jrn_close(jrn_writer *w);

#endif
