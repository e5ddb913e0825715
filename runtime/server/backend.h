/* backend.h - where `mrb run` sends DiskPart scripts: the simulator on a state file, or a DiskPart process.
 *
 * A backend runs one DiskPart `/s` script at a time and gives back what
 * DiskPart printed and its exit code; it also gives a fresh listing of the
 * server as DiskPart prints it (the executor reads it with the one listing
 * reader).  Two kinds:
 *
 *   BK_SIM      the simulator (runtime/diskpart/sim.c) on the server kept in a
 *               --state file: loaded once, created from the starting
 *               snapshot when the file is absent, and saved atomically
 *               after every command that ran, as `mrb sim --state` does,
 *               so the simulated server survives the process as a real
 *               server's disks would.  Its listing is the model printed
 *               by prt_snapshot.
 *   BK_PROCESS  a program run as `PROGRAM /s SCRIPTFILE` (diskpart.exe on
 *               Windows, or any stand-in): the script is written to
 *               SCRIPTFILE first (ASCII, CRLF), the program's standard
 *               output is what DiskPart printed.  Its listing comes from a
 *               script of `list disk`, `list volume` and, per disk, `select
 *               disk N`, `list partition` and `detail disk` as the caller
 *               asks.  Launches are spaced (wait_ms between the end of one
 *               and the start of the next, listings included) and bounded
 *               (timeout_ms: the program is killed and the launch fails).
 *               It also runs the plan's robocopy and bcdedit lines
 *               (bk_run_program), as the programs named for them.
 *
 * Neither kind decides whether a command succeeded: the executor does, from
 * the output and the exit code.  What a backend reports itself is only
 * that it could not do its part (a program that cannot be started, a
 * state file that cannot be saved, a command the simulator cannot tell the
 * outcome of).
 *
 * Ownership: a bk_backend lives in the caller's storage; it borrows the
 * path strings (they must outlive it) and owns its server (BK_SIM); bk_close
 * releases it.  bk_result owns its buffers (bk_result_free).
 */
#ifndef MRB_BACKEND_H
#define MRB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "diskpart/model.h"
#include "diskpart/sim.h"
#include "base/util.h"

enum bk_kind { BK_SIM, BK_PROCESS };

enum bk_status {
    BK_OK,          /* the script ran: see the result's exit code and output */
    BK_ERR_IO,      /* cannot start the program, write the script or save the state: see why */
    BK_ERR_UNKNOWN, /* the simulator cannot tell what DiskPart would do (or does not model it): see why */
    BK_ERR_NOMEM
};

typedef struct bk_result {
    int exit_code;      /* DiskPart's exit code */
    buf out;            /* what it printed (LF line ends) */
    buf err;            /* the program's standard error (BK_PROCESS), for messages */
    buf why;            /* when the status is not BK_OK: what went wrong */
} bk_result;

typedef struct bk_backend {
    enum bk_kind kind;
    /* BK_SIM */
    const char *state_path;     /* borrowed */
    mdl_server srv;             /* owned: the simulated server */
    sim_opts opts;
    bool created;               /* the state file was created from the snapshot */
    bool broken;                /* a save failed: nothing more is run */
    buf saved;                  /* owned: the state file's text as last saved */
    /* BK_PROCESS */
    const char *program;        /* borrowed */
    const char *script_path;    /* borrowed: where each script is written */
    unsigned long wait_ms;      /* at least this long between the end of one launch and the next
                                   (BK_DISKPART_WAIT_MS unless the caller changes it) */
    unsigned long timeout_ms;   /* a launch still running after this long is killed (0: none;
                                   BK_DISKPART_TIMEOUT_MS unless the caller changes it) */
    bool launched;              /* a launch ended ... */
    uint64_t last_end;          /* ... at this plat_monotonic_ms() */
    const char *robocopy;       /* borrowed: the programs run for robocopy and */
    const char *bcdedit;        /* bcdedit lines ("robocopy", "bcdedit" by default) */
    /* while a wait between two DiskPart launches lasts, called about every
     * second with the milliseconds left (NULL: none) */
    void (*waiting)(void *ctx, unsigned long left_ms);
    void *waiting_ctx;
    /* BK_PROCESS: each program (a command's, a listing's) is started held
     * and this is called with its process number and start time before it
     * runs anything; false: it is killed unrun and the launch fails
     * (plat_run_held).  NULL: none. */
    bool (*started)(void *ctx, unsigned long pid, uint64_t start);
    void *started_ctx;
} bk_backend;

/* Microsoft's DiskPart documentation asks for at least 15 seconds between
 * the end of one DiskPart script and the start of the next, for the
 * previous one to shut down fully. */
#define BK_DISKPART_WAIT_MS 15000ul
/* No command mrb sends takes an hour (`add disk` returns while the mirror
 * resynchronises unless the procedure says `wait`). */
#define BK_DISKPART_TIMEOUT_MS 3600000ul

void bk_result_init(bk_result *r);
void bk_result_free(bk_result *r);

/* The simulator on state_path: loaded from it when it exists, else a copy
 * of start, saved there at once.  ST_* failures are reported to d (a state
 * file that cannot be read) and give false. */
bool bk_open_sim(bk_backend *b, const char *state_path, const mdl_server *start, const sim_opts *o,
                 diag_sink *d);
/* A DiskPart program; scripts are written to script_path. */
void bk_open_process(bk_backend *b, const char *program, const char *script_path);
void bk_close(bk_backend *b);

/* BK_PROCESS: the wait before the next DiskPart launch, now (bk_run does
 * it too, and then finds it over).  It ends early, false, on an
 * interruption (plat_interrupted); true otherwise and on the simulator. */
bool bk_pause(bk_backend *b);

/* Run a DiskPart script (LF line ends, one command a line; the backend
 * adds `exit`).  r is reset first. */
enum bk_status bk_run(bk_backend *b, const char *script, bk_result *r);

/* Run a robocopy or bcdedit line of the plan (BK_PROCESS only): split into
 * arguments at blanks outside double quotes (the quotes removed), its first
 * word replaced by the program named for it, and run without spacing, with
 * the same timeout.  r gets its exit code and output (cut after
 * LIM_LISTING_BYTES: robocopy lists every file).  The caller judges the
 * exit code. */
enum bk_status bk_run_program(bk_backend *b, const char *line, bk_result *r);

/* Take a listing of the server: DiskPart's output of `list disk`, `list
 * volume` and, for each disk of want for which it is set, `select disk`
 * and `list partition` (parts) and `detail disk` (detail).  want is an
 * array of n disk references with two flags each.  The simulator prints
 * its whole model instead (prt_snapshot). */
typedef struct bk_disk_want {
    mdl_disk_ref ref;
    bool parts, detail;
} bk_disk_want;
enum bk_status bk_listing(bk_backend *b, const bk_disk_want *want, size_t n, bk_result *r);

#endif
