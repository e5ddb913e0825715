/* fileio.h - durable file writes with fault injection: the layer under the journal and the state file.
 *
 * Every write that must survive a crash (journal appends, state files) goes
 * through this layer, which counts its operations so that a test can make
 * the Nth one fail (fio_fail_at, in the manner of util_fail_alloc_at):
 *
 *   FIO_OP_OPEN      opening a file for writing
 *   FIO_OP_WRITE     writing bytes (an injected failure writes the first
 *                    half of them, as a torn write would, then fails)
 *   FIO_OP_FLUSH     flushing a file to the disk (fsync, FlushFileBuffers)
 *   FIO_OP_TRUNCATE  cutting a file short
 *   FIO_OP_RENAME    renaming over a file
 *   FIO_OP_SYNCDIR   flushing the folder after a creation or rename
 *
 * Closing is not counted and is never injected: every caller flushes first.
 *
 * Poisoning (the "fsyncgate" rule): on Linux a failed fsync may drop the
 * dirty pages, so a later fsync can succeed although the data never reached
 * the disk.  After any failed flush (of a file or of a folder) the layer is
 * poisoned for the rest of the process: every later open for writing,
 * write, flush, truncate and rename fails with FIO_ERR_POISONED and
 * fio_poisoned() says so.  A process that sees it poisoned must send no
 * further DiskPart command; a new process (--resume) starts clean.
 *
 * Ownership: a fio_file lives in the caller's storage and holds no memory;
 * the caller closes it.  Reasons returned through why are static strings.
 */
#ifndef MRB_FILEIO_H
#define MRB_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/platform.h"

enum fio_status {
    FIO_OK,
    FIO_ERR_OPEN,       /* cannot create or open the file */
    FIO_ERR_WRITE,      /* a write or truncation failed (bytes may be half written) */
    FIO_ERR_FLUSH,      /* a flush failed: the layer is now poisoned */
    FIO_ERR_RENAME,     /* the rename failed: the target is unchanged */
    FIO_ERR_POISONED,   /* refused: an earlier flush failed in this process */
    FIO_ERR_NOMEM,
    FIO_ERR_BUSY        /* fio_lock: another open of the file holds the lock */
};

enum fio_op {
    FIO_OP_OPEN = 1u << 0,
    FIO_OP_WRITE = 1u << 1,
    FIO_OP_FLUSH = 1u << 2,
    FIO_OP_TRUNCATE = 1u << 3,
    FIO_OP_RENAME = 1u << 4,
    FIO_OP_SYNCDIR = 1u << 5,
    FIO_OP_ALL = (1u << 6) - 1
};

enum fio_mode {
    FIO_CREATE,     /* a new file: fail if it exists; the folder is flushed */
    FIO_APPEND,     /* an existing file, appended to */
    FIO_REPLACE,    /* create or empty the file */
    FIO_EXCLUSIVE   /* a new file: fail if the name exists in any form (a
                     * symbolic link is never followed); the folder is not
                     * flushed (for a temporary file renamed later) */
};

typedef struct fio_file {
    plat_handle h;      /* PLAT_NO_HANDLE when closed */
    uint64_t size;      /* bytes in the file, counting this handle's writes */
} fio_file;

/* Open path for writing.  FIO_CREATE also flushes the folder, so that the
 * new file's name is durable before anything depends on it. */
enum fio_status fio_open(fio_file *f, const char *path, enum fio_mode mode, const char **why);
/* An exclusive advisory lock on the open file (plat_lock), released when it
 * is closed or the process dies; not counted for fault injection. */
enum fio_status fio_lock(fio_file *f, const char **why);
/* Append n bytes.  On failure part of them may be in the file. */
enum fio_status fio_append(fio_file *f, const void *data, size_t n, const char **why);
/* Flush the file to the disk.  A failure poisons the layer. */
enum fio_status fio_flush(fio_file *f, const char **why);
/* Cut the file to size bytes (at most its current size). */
enum fio_status fio_truncate(fio_file *f, uint64_t size, const char **why);
/* Close (no-op when already closed).  Never injected; an error of the
 * system's close is reported as FIO_ERR_WRITE. */
enum fio_status fio_close(fio_file *f, const char **why);
/* Rename from over to, then flush the folder of to. */
enum fio_status fio_rename(const char *from, const char *to, const char **why);
/* Rename from over to without flushing the folder: for a caller that renames
 * several files and then flushes their folder once (fio_flush_dir); until
 * then the rename is not known to be durable. */
enum fio_status fio_rename_unflushed(const char *from, const char *to, const char **why);
/* Flush the folder holding path (counted as FIO_OP_SYNCDIR).  A failure
 * poisons the layer. */
enum fio_status fio_flush_dir(const char *path, const char **why);

/* Create a temporary file exclusively (FIO_EXCLUSIVE) under the name
 * prefix followed by 16 random hexadecimal digits (the system's random
 * source; a few tries when the name is taken), so that nobody can plant a
 * symbolic link or a file under it beforehand.  The name is put in name
 * (replacing what it held). */
enum fio_status fio_open_temp(fio_file *f, const char *prefix, buf *name, const char **why);

/* Write data to path atomically, with this contract: a temporary
 * file beside path (path.tmp-PID-RANDOM, fio_open_temp), written, flushed, closed,
 * renamed over path, then the folder flushed (POSIX).  A crash leaves the
 * old file or the new one, never a mix; on error the temporary file is
 * removed and path is unchanged, except after a failed folder flush (the
 * new file may be in place but is not known to be durable: poisoned). */
enum fio_status fio_write_atomic(const char *path, const void *data, size_t len, const char **why);

/* True once a flush has failed in this process. */
bool fio_poisoned(void);

const char *fio_status_str(enum fio_status st);

/* ---- test hooks ---------------------------------------------------------
 * The Nth counted operation from now on fails (0 disables); with persistent
 * set every counted operation after it fails too.  Only operations whose
 * kind is in the mask (fio_fail_kinds, default FIO_OP_ALL) are counted.
 * fio_test_reset clears the counter, the injection and the poisoning. */
void fio_fail_at(unsigned long n, bool persistent);
void fio_fail_kinds(unsigned mask);
unsigned long fio_op_count(void);
/* Kinds of the operations whose failure was injected since the last reset
 * (an OR of enum fio_op). */
unsigned fio_injected_kinds(void);
void fio_test_reset(void);

#endif
