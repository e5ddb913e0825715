/* fileio.c - durable file writes, operation counting, fault injection and poisoning. */
#include "base/fileio.h"

#include <string.h>

#include "base/util.h"

static const char injected_why[] = "injected I/O fault (test)";
static const char poisoned_why[] = "an earlier flush to the disk failed in this process";

static unsigned long op_count;
static unsigned long fail_at;
static bool fail_persistent;
static unsigned fail_mask = FIO_OP_ALL;
static unsigned injected;
static bool poisoned;

void fio_fail_at(unsigned long n, bool persistent)
{
    op_count = 0;
    fail_at = n;
    fail_persistent = persistent;
}

void fio_fail_kinds(unsigned mask) { fail_mask = mask & FIO_OP_ALL; }

unsigned long fio_op_count(void) { return op_count; }

unsigned fio_injected_kinds(void) { return injected; }

void fio_test_reset(void)
{
    op_count = 0;
    fail_at = 0;
    fail_persistent = false;
    fail_mask = FIO_OP_ALL;
    injected = 0;
    poisoned = false;
}

bool fio_poisoned(void) { return poisoned; }

const char *fio_status_str(enum fio_status st)
{
    switch (st) {
    case FIO_OK: return "ok";
    case FIO_ERR_OPEN: return "cannot open";
    case FIO_ERR_WRITE: return "write failed";
    case FIO_ERR_FLUSH: return "flush to the disk failed";
    case FIO_ERR_RENAME: return "rename failed";
    case FIO_ERR_POISONED: return "refused after an earlier failed flush";
    case FIO_ERR_NOMEM: return "out of memory";
    case FIO_ERR_BUSY: return "in use by another process";
    }
    return "?";
}

/* Count one operation of the given kind; true when it must fail. */
static bool inject(unsigned kind)
{
    if (!(kind & fail_mask))
        return false;
    op_count++;
    if (fail_at == 0 || op_count < fail_at || (op_count > fail_at && !fail_persistent))
        return false;
    injected |= kind;
    return true;
}

static enum fio_status refuse_poisoned(const char **why)
{
    *why = poisoned_why;
    return FIO_ERR_POISONED;
}

/* Flush the folder holding path; a failure poisons the layer. */
static enum fio_status sync_dir(const char *path, const char **why)
{
    if (inject(FIO_OP_SYNCDIR)) {
        *why = injected_why;
        poisoned = true;
        return FIO_ERR_FLUSH;
    }
    if (plat_flush_dir(path, why) != PLAT_OK) {
        poisoned = true;
        return FIO_ERR_FLUSH;
    }
    return FIO_OK;
}

enum fio_status fio_open(fio_file *f, const char *path, enum fio_mode mode, const char **why)
{
    static const enum plat_open_mode pm[] = {
        [FIO_CREATE] = PLAT_OPEN_NEW, [FIO_APPEND] = PLAT_OPEN_APPEND, [FIO_REPLACE] = PLAT_OPEN_REPLACE,
        [FIO_EXCLUSIVE] = PLAT_OPEN_NEW
    };
    enum fio_status st;
    const char *ignored;
    f->h = PLAT_NO_HANDLE;
    f->size = 0;
    if (poisoned)
        return refuse_poisoned(why);
    if (inject(FIO_OP_OPEN)) {
        *why = injected_why;
        return FIO_ERR_OPEN;
    }
    if (plat_open_write(path, pm[mode], &f->h, &f->size, why) != PLAT_OK) {
        f->h = PLAT_NO_HANDLE;
        return FIO_ERR_OPEN;
    }
    if (mode == FIO_CREATE && (st = sync_dir(path, why)) != FIO_OK) {
        (void)fio_close(f, &ignored);
        return st;
    }
    return FIO_OK;
}

enum fio_status fio_append(fio_file *f, const void *data, size_t n, const char **why)
{
    if (poisoned)
        return refuse_poisoned(why);
    if (f->h == PLAT_NO_HANDLE) {
        *why = "the file is not open";
        return FIO_ERR_WRITE;
    }
    if (inject(FIO_OP_WRITE)) {
        /* a torn write: the first half of the bytes reach the file */
        const char *ignored;
        if (plat_write(f->h, data, n / 2, &ignored) == PLAT_OK)
            f->size += n / 2;
        *why = injected_why;
        return FIO_ERR_WRITE;
    }
    if (plat_write(f->h, data, n, why) != PLAT_OK)
        return FIO_ERR_WRITE;
    f->size += n;
    return FIO_OK;
}

enum fio_status fio_flush(fio_file *f, const char **why)
{
    if (poisoned)
        return refuse_poisoned(why);
    if (f->h == PLAT_NO_HANDLE) {
        *why = "the file is not open";
        return FIO_ERR_FLUSH;
    }
    if (inject(FIO_OP_FLUSH)) {
        *why = injected_why;
        poisoned = true;
        return FIO_ERR_FLUSH;
    }
    if (plat_flush(f->h, why) != PLAT_OK) {
        poisoned = true;
        return FIO_ERR_FLUSH;
    }
    return FIO_OK;
}

enum fio_status fio_truncate(fio_file *f, uint64_t size, const char **why)
{
    if (poisoned)
        return refuse_poisoned(why);
    if (f->h == PLAT_NO_HANDLE || size > f->size) {
        *why = f->h == PLAT_NO_HANDLE ? "the file is not open" : "truncation past the end of the file";
        return FIO_ERR_WRITE;
    }
    if (inject(FIO_OP_TRUNCATE)) {
        *why = injected_why;
        return FIO_ERR_WRITE;
    }
    if (plat_truncate(f->h, size, why) != PLAT_OK)
        return FIO_ERR_WRITE;
    f->size = size;
    return FIO_OK;
}

enum fio_status fio_close(fio_file *f, const char **why)
{
    plat_handle h = f->h;
    if (h == PLAT_NO_HANDLE)
        return FIO_OK;
    f->h = PLAT_NO_HANDLE;
    return plat_close(h, why) == PLAT_OK ? FIO_OK : FIO_ERR_WRITE;
}

enum fio_status fio_rename_unflushed(const char *from, const char *to, const char **why)
{
    if (poisoned)
        return refuse_poisoned(why);
    if (inject(FIO_OP_RENAME)) {
        *why = injected_why;
        return FIO_ERR_RENAME;
    }
    if (plat_rename(from, to, why) != PLAT_OK)
        return FIO_ERR_RENAME;
    return FIO_OK;
}

enum fio_status fio_rename(const char *from, const char *to, const char **why)
{
    enum fio_status st = fio_rename_unflushed(from, to, why);
    return st != FIO_OK ? st : sync_dir(to, why);
}

enum fio_status fio_flush_dir(const char *path, const char **why)
{
    if (poisoned)
        return refuse_poisoned(why);
    return sync_dir(path, why);
}

enum fio_status fio_open_temp(fio_file *f, const char *prefix, buf *name, const char **why)
{
    static unsigned long serial;
    enum fio_status st = FIO_ERR_OPEN;
    int tries;
    f->h = PLAT_NO_HANDLE;
    for (tries = 0; tries < 4; tries++) {
        unsigned char r[8];
        size_t i;
        if (!plat_random(r, sizeof r)) {
            /* no random source: still exclusive, only guessable */
            uint64_t v = plat_monotonic_ms() ^ ((uint64_t)plat_process_id() << 32) ^ ++serial * 0x9E3779B97F4A7C15u;
            for (i = 0; i < sizeof r; i++)
                r[i] = (unsigned char)(v >> (8 * i));
        }
        buf_reset(name);
        buf_puts(name, prefix);
        for (i = 0; i < sizeof r; i++)
            buf_printf(name, "%02x", r[i]);
        if (name->failed) {
            *why = "out of memory";
            return FIO_ERR_NOMEM;
        }
        if ((st = fio_open(f, name->data, FIO_EXCLUSIVE, why)) == FIO_OK || poisoned ||
            !plat_file_exists(name->data))
            break;  /* done, or failed for another reason than a taken name */
    }
    return st;
}

enum fio_status fio_write_atomic(const char *path, const void *data, size_t len, const char **why)
{
    buf tmp, prefix;
    fio_file f;
    enum fio_status st;
    const char *ignored;
    if (poisoned)
        return refuse_poisoned(why);
    buf_init(&tmp);
    buf_init(&prefix);
    buf_printf(&prefix, "%s.tmp-%lu-", path, plat_process_id());
    if (prefix.failed) {
        buf_free(&prefix);
        *why = "out of memory";
        return FIO_ERR_NOMEM;
    }
    st = fio_open_temp(&f, prefix.data, &tmp, why);
    buf_free(&prefix);
    if (st != FIO_OK) {
        buf_free(&tmp);
        return st;
    }
    if ((st = fio_append(&f, data, len, why)) != FIO_OK || (st = fio_flush(&f, why)) != FIO_OK ||
        (st = fio_close(&f, why)) != FIO_OK || (st = fio_rename(tmp.data, path, why)) != FIO_OK) {
        (void)fio_close(&f, &ignored);
        /* after a successful rename only the folder flush can have failed:
         * the temporary name is gone then and removing it does nothing */
        (void)plat_remove(tmp.data);
    }
    buf_free(&tmp);
    return st;
}

enum fio_status fio_lock(fio_file *f, const char **why)
{
    enum plat_status st = plat_lock(f->h, why);
    return st == PLAT_OK ? FIO_OK : st == PLAT_ERR_BUSY ? FIO_ERR_BUSY : FIO_ERR_OPEN;
}
