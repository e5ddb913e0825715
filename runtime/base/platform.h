/* platform.h - the only interface to operating-system specific calls.
 *
 * platform_posix.c implements it on Linux and other POSIX systems,
 * platform_win32.c on Windows.  Nothing else in the tree includes a POSIX
 * or Windows header.
 */
#ifndef MRB_PLATFORM_H
#define MRB_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/util.h"

enum plat_status { PLAT_OK, PLAT_ERR_OPEN, PLAT_ERR_READ, PLAT_ERR_TOO_LARGE, PLAT_ERR_WRITE, PLAT_ERR_BUSY };

/* Read the whole file at path into out (appended).  Files over max bytes
 * give PLAT_ERR_TOO_LARGE without reading them whole.  On error *why holds
 * the system's reason (static storage). */
enum plat_status plat_read_file(const char *path, size_t max, buf *out, const char **why);

bool plat_file_exists(const char *path);
/* Is path a folder? */
bool plat_is_dir(const char *path);

/* Whether standard error is a terminal that shows ANSI colours (always
 * false on Windows, whose console needs them switched on first). */
bool plat_stderr_is_terminal(void);
/* Whether standard output is a terminal (a console on Windows): where a
 * progress line may be rewritten in place with '\r'. */
bool plat_stdout_is_terminal(void);
/* Whether standard input is a terminal (a console on Windows): where a
 * person can be asked a question. */
bool plat_stdin_is_terminal(void);
/* Whether this process may run DiskPart: on Windows, its token is elevated
 * (Run as administrator); elsewhere always true (no such notion, and
 * DiskPart there is a stand-in). */
bool plat_is_elevated(void);
/* The path of the running program's executable, appended to out; false
 * when the system does not say (then out is unchanged). */
bool plat_self_path(buf *out);

/* ---- files written piece by piece (used only by fileio.c) -------------
 *
 * A plat_handle is an open file: a descriptor on POSIX, a HANDLE on
 * Windows, PLAT_NO_HANDLE when none.  Each call is one system call (or a
 * loop of them for a write); on error *why holds the system's reason
 * (static storage).  The caller owns an open handle and closes it. */

typedef intptr_t plat_handle;
#define PLAT_NO_HANDLE ((plat_handle)-1)

enum plat_open_mode {
    PLAT_OPEN_NEW,       /* create; fail if the name exists in any form (a
                          * symbolic link included: never followed) */
    PLAT_OPEN_APPEND,    /* an existing file, writes go to its end */
    PLAT_OPEN_REPLACE    /* create or truncate to 0 bytes */
};

/* Open path for writing; *size receives the file's size.  Only a regular
 * file, never through a symbolic link or reparse point (*why says so), and
 * not inherited by child processes. */
enum plat_status plat_open_write(const char *path, enum plat_open_mode mode, plat_handle *h,
                                 uint64_t *size, const char **why);
/* Open path (created when missing) to append text to, as a stream: the text
 * log of `mrb run`.  Like plat_open_write, and every open for writing
 * here, it never writes through a symbolic link (on Windows a reparse
 * point), opens only a regular file (a FIFO is refused at once, never
 * waited on) and is not inherited by the programs the run starts.  NULL
 * with *why on failure. */
FILE *plat_open_log(const char *path, const char **why);
/* Write all len bytes at the end of the file (retrying short writes). */
enum plat_status plat_write(plat_handle h, const void *data, size_t len, const char **why);
/* Flush the file's data and size to the disk (fsync, FlushFileBuffers). */
enum plat_status plat_flush(plat_handle h, const char **why);
/* Cut the file to size bytes (later writes go to the new end). */
enum plat_status plat_truncate(plat_handle h, uint64_t size, const char **why);
/* Take an exclusive lock on the open file, without waiting: PLAT_ERR_BUSY
 * when another open of it holds one (in this process or another).  The
 * system drops the lock when the handle is closed or the process dies, so
 * a killed run leaves no stale lock behind.  Advisory: reading and writing
 * the file are not blocked. */
enum plat_status plat_lock(plat_handle h, const char **why);
enum plat_status plat_close(plat_handle h, const char **why);
/* Rename from over to, replacing it (rename, MoveFileEx with
 * MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH). */
enum plat_status plat_rename(const char *from, const char *to, const char **why);
/* Flush the folder that holds path, so that a creation or rename in it
 * survives a power loss (POSIX; a no-op on Windows, which has no such call:
 * MOVEFILE_WRITE_THROUGH stands in for it). */
enum plat_status plat_flush_dir(const char *path, const char **why);
/* Remove a file; false when it could not be removed. */
bool plat_remove(const char *path);
unsigned long plat_process_id(void);

/* Can a rename put a file at path?  PLAT_OK when nothing is there or a file
 * that a rename replaces; PLAT_ERR_OPEN (*why says what is in the way) when
 * it is a folder, or on Windows a read-only file. */
enum plat_status plat_check_replaceable(const char *path, const char **why);
/* The names in folder dir (not . and ..), each ended by a NUL byte,
 * appended to names. */
enum plat_status plat_list_dir(const char *dir, buf *names, const char **why);
/* n bytes from the system's random source (/dev/urandom, rand_s), for
 * names nobody can guess; false when it cannot be read. */
bool plat_random(void *out, size_t n);
/* Once, at start: a write past the file size limit (ulimit -f), or to a
 * pipe whose reader has gone, fails with an error the caller reports
 * rather than killing the process (SIGXFSZ and SIGPIPE ignored, and reset
 * to their defaults in the programs plat_run starts; nothing to do on
 * Windows). */
void plat_init_process(void);

/* ---- the lock of a folder's writers ------------------------------------
 *
 * Take an exclusive lock, without waiting, on the lock file at path
 * (mrb compile's NAME.mrb-lock), created when missing and never opened
 * through a symbolic link (on Windows, a reparse point).  PLAT_ERR_BUSY
 * when another holds it (a process, or another lock of it in this one):
 * *holder is then the process id the holder wrote into the file (0 when
 * none yet).  Once locked, the file holds this process's id (best effort)
 * and the name is checked to still lead to the locked file: a holder that
 * ended has removed it, and the lock is taken again on the file under that
 * name now.  The system drops the lock when the process dies, so a killed
 * writer's file is taken over by the next one.  PLAT_ERR_OPEN (*why) when
 * the file cannot be opened, is not a regular file, or has another name (a
 * hard link, which writing the id would empty). */
enum plat_status plat_lock_file(const char *path, plat_handle *h, unsigned long *holder, const char **why);
/* Remove the lock file at path, then close h, which releases the lock;
 * false when the file could not be removed (h is closed all the same). */
bool plat_unlock_file(const char *path, plat_handle h);

/* ---- child processes (the DiskPart backend) ----------------------------
 *
 * Run a program and wait for it: argv[0] is the program (searched in PATH
 * when it holds no folder separator), argv[1..] its arguments, argv ends
 * with NULL.  Its standard output is appended to out and its standard error
 * to err (on Windows both go to out: DiskPart writes only the first), each
 * cut off after max bytes (*truncated is then set; the child still runs to
 * its end).  *exit_code is the program's exit status (128 + N when a POSIX
 * signal N ended it).  PLAT_ERR_OPEN when it could not be started
 * (*why: the system's reason), PLAT_ERR_READ when its output could not be
 * read.  timeout_ms, when not 0, bounds the wait: a program still running
 * then is killed (on POSIX with the process group it was started in, on
 * Windows with the processes it started, so that its own children go too), *timed_out is set and the status is
 * PLAT_ERR_READ. */
enum plat_status plat_run(const char *const *argv, size_t max, unsigned long timeout_ms, buf *out, buf *err,
                          bool *truncated, bool *timed_out, int *exit_code, const char **why);

/* plat_run with a say before the program runs anything: the program is
 * started held (on POSIX a forked child waiting on a pipe before its exec,
 * on Windows a suspended process), then started(ctx, pid, start) is called
 * with its process number and its start time (plat_process_alive's), and
 * only then is it let go.  When started returns false the program is
 * killed before it ran anything and the status is PLAT_ERR_OPEN; when this
 * process dies before it lets the program go, the program never runs.
 * started NULL: plat_run. */
typedef bool (*plat_started_fn)(void *ctx, unsigned long pid, uint64_t start);
enum plat_status plat_run_held(const char *const *argv, size_t max, unsigned long timeout_ms, buf *out, buf *err,
                               bool *truncated, bool *timed_out, int *exit_code, const char **why,
                               plat_started_fn started, void *ctx);

/* Whether the process pid that started at start (as plat_run_held gave
 * them; start 0: not known) still runs, or on POSIX anything still runs in
 * the process group it was started in.  A number used again by a process
 * that started later is not it. */
bool plat_process_alive(unsigned long pid, uint64_t start);

/* From now on Ctrl-C (and on POSIX SIGTERM and SIGHUP) do not end this
 * process: they are noted, for plat_interrupted(), and a program started
 * by plat_run is let finish (it is in a process group of its own, which
 * the terminal's Ctrl-C does not reach).  Each one also says so on
 * standard error. */
void plat_catch_interrupts(void);
/* The name of the interruption noted ("Ctrl-C", "SIGTERM", "SIGHUP"), or
 * NULL when none was. */
const char *plat_interrupted(void);

/* Milliseconds on a clock that only goes forward (not the time of day). */
uint64_t plat_monotonic_ms(void);
/* Sleep ms milliseconds. */
void plat_sleep_ms(unsigned long ms);

/* Kill the current process at once, without clean-up (SIGKILL on POSIX,
 * TerminateProcess on Windows). */
void plat_kill_self(void);

#endif
