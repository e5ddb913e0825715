/* exec_int.h - what the files of `mrb run`'s executor share (not for other
 * callers; compiler/run/exec.h is the executor's interface).
 *
 *   exec.c        the run: the journal's protocol around each command,
 *                 settling a command in doubt, the steps in order
 *   exec_launch.c one DiskPart process per command: a launch's script,
 *                 exec_prepare's proof that each does what its line does
 *   exec_report.c the progress (a text line or a JSON line per event), the
 *                 diagnostics that stop a run, the text log
 *   run_guard.c   the looks at the server: a fresh listing, the checks
 *                 before and after each step (the identity of the disks
 *                 first), the resync watch after the last
 */
#ifndef MRB_EXEC_INT_H
#define MRB_EXEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "run/exec.h"

typedef struct executor {
    const exec_input *in;
    const exec_opts *o;
    exec_journal *j;
    bk_backend *bk;
    diag_sink *d;
    plan *p;
    mdl_server model;           /* where the server should be now */
    sim ms;                     /* the model's continuous DiskPart session */
    buf ms_out;
    size_t cur_step, cur_act;   /* the next action to run on the model */
    size_t ncmds;               /* commands in the plan: DiskPart lines and program lines */
    size_t nprogs;              /* of which program lines (robocopy, bcdedit) */
    size_t *first_cmd;          /* per step: the plan-wide number of its first command */
    unsigned long launched;     /* commands launched by this process */
    bk_result res;
    buf line, tmp;
    bool oom;
    const char *was;            /* while a command is settled on resume: "in doubt", or
                                   was_failed, for one the journal records failed: */
    char was_failed[48];        /* "it failed before (exit code N)" */
    const char *wait_why;       /* what a wait is for, in the progress */
    const char *wait_for;       /* the same in a JSON event: "diskpart" or "resync" */
    unsigned long wait_shown;   /* the seconds left last shown (0: none shown yet) */
    bool wait_line;             /* a wait's line is on the terminal, not ended */
    FILE *log;                  /* the text log, or NULL */
} executor;


/* ---- exec_report.c ---- */

/* A field of an event's JSON line: a string, or a number when s is NULL. */
typedef struct ev_field {
    const char *key, *s;
    size_t n;
} ev_field;

#define EV_S(k, v) {(k), (v), 0}
#define EV_N(k, v) {(k), NULL, (size_t)(v)}
/* The fields of one event, for ex_event() and ex_event_json(): an array and its count. */
#define EV(...) (const ev_field[]){__VA_ARGS__}, sizeof((const ev_field[]){__VA_ARGS__}) / sizeof(ev_field)
#define EV_NONE NULL, 0

/* Append to the text log (none when x->log is NULL): what ran, its script,
 * what it printed and its exit code (ran), or why it did not run. */
void ex_log_run(executor *x, const char *what, const char *script, const bk_result *r, bool ran);
/* An event in JSON-lines mode: {"event":name, then each field}. */
void ex_event_json(executor *x, const char *name, const ev_field *f, size_t nf);
/* One event of the run, reported once: in text mode the line fmt, in
 * JSON-lines mode {"event":name, fields} (nothing when name is NULL: a
 * line for people only); nothing when quiet. */
void ex_event(executor *x, const char *name, const ev_field *f, size_t nf, const char *fmt, ...) MRB_PRINTF(5, 6);
/* A wait under way with left_ms to go (x->wait_why says what for). */
void ex_show_wait(executor *x, unsigned long left_ms);
/* The backend's wait between two DiskPart launches (bk_backend.waiting). */
void ex_bk_waiting(void *ctx, unsigned long left_ms);
/* Stop: a diagnostic, and the same as a JSON event. */
void ex_stop(executor *x, enum diag_code code, const char *fmt, ...) MRB_PRINTF(3, 4);
/* Each line of lines as a note, after prefix. */
void ex_notes(executor *x, const char *prefix, const buf *lines);

/* ---- exec_launch.c ---- */

/* The script of one launch: the selects that give the line the focus it
 * has in the model's continuous session m (on srv), then the line. */
void ex_launch_script(const sim *m, const mdl_server *srv, const char *line, buf *script);
/* The last non-blank line of DiskPart's output, trimmed, not counting the
 * "Leaving DiskPart..." of its `exit`. */
void ex_last_line(const buf *out, buf *line);
/* Whether out holds line as one of its lines (leading and trailing blanks
 * aside). */
bool ex_has_line(const buf *out, const char *line);

/* ---- run_guard.c ---- */

/* A fresh listing of the server, read by the one listing reader. */
enum exec_status ex_fresh_listing(executor *x, mdl_server *out);
/* The conditions of kind k of step s (or the guards when s is nsteps) on
 * a fresh listing; false (stopped, E802/E803) when one does not hold. */
bool ex_conditions_hold(executor *x, const mdl_server *fresh, size_t s, enum plan_kind k);
/* Check the server against the model (and the conditions) at the start of
 * step s or where a resumed step continues (command c); first: no command
 * of the run is known done. */
enum exec_status ex_check_before(executor *x, size_t s, size_t c, bool step_start, bool first);
/* After step s: the server against the model, then the step's ensures. */
enum exec_status ex_check_after(executor *x, size_t s);
/* After the last step: watch the mirrors resynchronise. */
enum exec_status ex_resync_watch(executor *x);

#endif
