/* exec.h - the checkpointed executor of `mrb run`: a proven plan, run command by command on a backend.
 *
 * The plan has been resolved against the starting listing and proved on
 * the model (vfy_plan) before the executor is called.  The executor keeps
 * that model running beside the real server: before each step it takes a
 * fresh listing from the backend, checks that every disk, volume and
 * partition shows what the model expects at that point (same number,
 * status, size, type flags, and disk ID where `detail disk` gives one; no
 * disk or volume more or less), and checks the step's `require`s (and,
 * before the first step, the guards) on that listing.  Any difference
 * stops the run before the step, listing what changed.
 *
 * Each DiskPart line of the plan is one journal command and runs in a
 * DiskPart process of its own: the journal can only record what one
 * process launch did, so one command per launch keeps a crash to one
 * command in doubt.  The launch's script restores the focus the line
 * needs (`select disk N`, `select partition K`, `select volume V`, from the
 * model's session) and then runs the line; exec_prepare proves, on the
 * model, that every launch does exactly what the line does in one
 * continuous session.  Around each launch: an intent record, flushed,
 * before; a done record after.  DiskPart succeeded when it exits with 0
 * and prints the line the model prints for the command; anything else
 * stops the run.  After each step its `ensure`s are checked on a fresh
 * listing, then the step-done record is written.
 *
 * Resuming (--resume): the plan is proved again, the journal read back
 * (jrn_resume refuses one of another procedure or listing), and the model
 * replayed through what the journal says was done.  A command in doubt
 * (intent without done) is settled on a fresh listing: the server shows
 * the model's state before the command -> it is run again; it shows the
 * state after it -> it is recorded done; anything else stops the run with
 * exit status 1 and both differences, for a person to look at.
 *
 * robocopy and bcdedit lines: the simulated server has no files, so on the
 * simulator backend they are not run; the progress says so, with the
 * drive letters they need (checked on the model).  The process backend
 * does not run them either, so exec_prepare refuses a plan that has any
 * (E808) when it is asked for that backend.
 *
 * Ownership: exec_input borrows everything it points to; an exec_journal
 * owns its writer and summary (exec_close_journal).
 */
#ifndef MRB_EXEC_H
#define MRB_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/ast.h"
#include "server/backend.h"
#include "base/diag.h"
#include "server/journal.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "diskpart/sim.h"

typedef struct exec_input {
    plan *p;                    /* proved by vfy_plan */
    const ast_file *ast;        /* for the guards */
    const diag_src *src;        /* the procedure */
    const mdl_server *start;    /* the starting listing, completed by sim_infer */
    sim_opts so;
    jrn_hash procedure, listing;    /* what the journal is bound to */
} exec_input;

enum exec_mode { EXEC_TEXT, EXEC_QUIET, EXEC_JSON };

typedef struct exec_opts {
    const char *journal;        /* the journal's path */
    bool resume;
    unsigned long crash_after;  /* MRBC_CRASH_AFTER: kill the process after this many commands (0: never) */
    unsigned long crash_before; /* MRBC_CRASH_BEFORE: kill it once the intent record of its Nth command is
                                   flushed, before that command is sent (0: never) */
    enum exec_mode mode;
    bool terminal;              /* progress goes to a terminal: waits rewrite one line in place */
    /* after the last step, on a server (BK_PROCESS): look at the mirrors
     * every resync_poll_ms until none shows Rebuild (0: do not wait, say
     * how to watch them) */
    unsigned long resync_poll_ms;
    /* a text log appended to (NULL: none): every script sent and program
     * run, with what it printed and its exit code, with the time of day */
    const char *log;
    /* where progress goes, a line at a time (with its newline) */
    void (*print)(void *ctx, const char *text, size_t len);
    void *print_ctx;
    const lst_words *words;     /* the operator's words (--words) for the server's listings, or NULL */
} exec_opts;

enum exec_status {
    EXEC_DONE,      /* every step done (or the journal's run had ended) */
    EXEC_STOPPED,   /* refused, drift, a failed command or a doubt for a person: exit 1 */
    EXEC_IO,        /* the journal, the state or the program failed: exit 2 */
    EXEC_NOMEM
};

/* Prove that every DiskPart line of p can run in a process of its own
 * (its focus restored by selects) and count them; for BK_PROCESS also
 * refuse robocopy and bcdedit lines.  False with diagnostics in d. */
bool exec_prepare(const exec_input *in, enum bk_kind kind, size_t *ncommands, diag_sink *d);

typedef struct exec_journal {
    jrn_writer w;
    jrn_summary sum;
    bool open;
    bool resumed;               /* opened by jrn_resume (sum is filled) */
} exec_journal;

/* Create the journal (a new run; E711 when it exists) or open it to resume
 * (E807 when there is none; E701-E711 as jrn_resume reports).  Before the
 * backend is opened, so that a refused journal changes nothing. */
enum exec_status exec_open_journal(exec_journal *j, const exec_input *in, const exec_opts *o, diag_sink *d);
void exec_close_journal(exec_journal *j);

/* Run (or continue) the plan on bk. */
enum exec_status exec_run(const exec_input *in, exec_journal *j, bk_backend *bk, const exec_opts *o,
                          diag_sink *d);

#endif
