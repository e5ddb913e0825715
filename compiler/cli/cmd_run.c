/* cmd_run.c - `mrb run`: execute a procedure command by command, with a checkpoint journal.
 *
 *   mrb run FILE.mrb --simulate SNAPSHOT [--state FILE] [--journal FILE] [--resume]
 *   mrb run FILE.mrb --listing SNAPSHOT --diskpart PROGRAM [--journal FILE] [--resume]
 *   options: --quiet (no progress), --json (progress as JSON lines);
 *   with --diskpart: --diskpart-wait SECONDS (between two launches, default
 *   15), --diskpart-timeout SECONDS (a launch is killed after it, default
 *   3600, 0 none), --robocopy PROGRAM and --bcdedit PROGRAM (what runs the
 *   plan's robocopy and bcdedit lines, default robocopy and bcdedit),
 *   --resync-poll SECONDS (after the last step, look at the mirrors this
 *   often until none shows Rebuild; default 30, 0: do not wait),
 *   --approve COMPILE_ID or --yes (the approval a run on a server needs
 *   when standard input is not a terminal: compiler/cli/run_approve.h);
 *   --inventory FILE (the server's Get-Disk inventory, joined to SNAPSHOT
 *   before the proof, as `mrb compile --inventory` joins it)
 *
 * The procedure is parsed, checked, resolved against SNAPSHOT (the
 * starting listing) and proved on the model exactly as `mrb compile`
 * does; any error refuses it before anything is sent.  Then the executor
 * (compiler/run/exec.h) runs it on the backend (runtime/server/backend.h): the
 * simulator on the --state file, or PROGRAM run as `PROGRAM /s SCRIPT`.
 * Without --state and --journal the files are NAME.state and NAME.journal
 * in the current folder, NAME being the procedure's base name (as
 * `mrb compile` writes NAME.cmd there); the process backend writes each
 * script to JOURNAL.diskpart.txt and keeps a text log, NAME.log (with
 * --journal: JOURNAL.log), of every script, program and listing with what
 * it printed, its exit code and the time of day.  MRBC_CRASH_AFTER=N kills the process
 * right after its Nth DiskPart command took effect; MRBC_CRASH_BEFORE=N
 * right after the intent record of its Nth command is flushed, before the
 * command is sent; MRBC_ASSUME_NOT_ELEVATED (any value) makes a --diskpart
 * run act as if the prompt were not elevated, MRBC_ASSUME_TERMINAL (any
 * value) as if standard input were a terminal (test switches).  A --diskpart
 * run from a prompt that is not elevated is refused (E813) before the
 * journal is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/after.h"
#include "server/backend.h"
#include "cli/cli.h"
#include "cli/help.h"
#include "cli/cmd.h"
#include "run/exec.h"
#include "server/journal.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "plan/prove.h"
#include "cli/run_approve.h"
#include "diskpart/sim.h"


static void print_stdout(void *ctx, const char *text, size_t len)
{
    /* a failure (a closed pipe: `| head -1`) is said once, E009; the run
     * goes on to its end and exits 2 (cli_finish) */
    const buf b = {(char *)(uintptr_t)text, len, len, false};
    (void)ctx;
    (void)cli_stdout(&b);
}

/* NAME.suffix in the current folder, NAME the procedure's base name. */
static void default_name(buf *b, const char *path, const char *suffix)
{
    util_base_name(b, path);
    buf_puts(b, suffix);
}

#define NO_SECONDS 86401ul

/* A number of seconds from 0 to 86400 (a day). */
static bool seconds(const char *v, unsigned long *out)
{
    char *end;
    if (!v || !*v || *v < '0' || *v > '9')
        return false;
    *out = strtoul(v, &end, 10);
    return *end == '\0' && *out <= 86400ul;
}

/* A test switch: the environment variable name, a number from 1, or unset. */
static int crash_switch(const char *name, unsigned long *n)
{
    const char *v = getenv(name);
    char *end;
    *n = 0;
    if (!v || !*v)
        return RC_OK;
    *n = strtoul(v, &end, 10);
    if (*end || *n == 0 || v[0] == '-')
        return cli_usage("%s must be a number from 1 (it is '%s')", name, v);
    return RC_OK;
}

static int status_rc(enum exec_status st)
{
    switch (st) {
    case EXEC_DONE: return RC_OK;
    case EXEC_STOPPED: return RC_REFUSED;
    case EXEC_IO:
    case EXEC_NOMEM: break;
    }
    return RC_USAGE;
}

/* What the command line asked for. */
typedef struct run_args {
    const char *file, *snapshot, *listing, *state, *journal, *program, *robocopy, *bcdedit, *approve, *inventory;
    cli_words words;            /* --words */
    bool yes;
    unsigned long wait_s, timeout_s, resync_s;  /* NO_SECONDS: not given */
} run_args;

/* The options that go together, and those that do not. */
static int run_check_args(const run_args *r)
{
    if (!r->file || (!r->snapshot && !r->listing))
        return help_usage_error("run", NULL);
    if (r->snapshot && (r->listing || r->program))
        return cli_usage("run: --simulate runs on the simulator: --listing and --diskpart are for a DiskPart process");
    if (r->listing && !r->program)
        return cli_usage("run: --listing SNAPSHOT needs --diskpart PROGRAM (e.g. --diskpart diskpart.exe)");
    if (r->program && r->state)
        return cli_usage("run: --state is the simulator's: a DiskPart process has no state file");
    if (!r->program && (r->wait_s != NO_SECONDS || r->timeout_s != NO_SECONDS))
        return cli_usage("run: --diskpart-wait and --diskpart-timeout are for a DiskPart process (--diskpart)");
    if (!r->program && r->resync_s != NO_SECONDS)
        return cli_usage("run: --resync-poll is for a run on a server (--diskpart): the simulator's mirrors do not "
                         "resynchronise");
    if (!r->program && (r->approve || r->yes))
        return cli_usage("run: --approve and --yes are for a run on a server (--diskpart): the simulator does not "
                         "ask");
    if (!r->program && (r->robocopy || r->bcdedit))
        return cli_usage("run: --robocopy and --bcdedit are for a run on a server (--diskpart): the simulator "
                         "runs no programs");
    return RC_OK;
}

/* Read the command line into r and eo (resume, mode); RC_OK or a usage error. */
static int run_parse(int argc, char **argv, run_args *r, exec_opts *eo)
{
    enum {
        O_SIMULATE, O_LISTING, O_WORDS, O_DISKPART, O_ROBOCOPY, O_BCDEDIT, O_STATE, O_JOURNAL, O_WAIT, O_TIMEOUT,
        O_RESYNC, O_RESUME, O_QUIET, O_JSON, O_APPROVE, O_YES, O_INVENTORY
    };
    static const cli_optdef opts[] = {
        CLI_VALUE("--simulate", "a SNAPSHOT file"), CLI_VALUE("--listing", "a SNAPSHOT file"),
        CLI_VALUE("--words", "a FILE"), CLI_VALUE("--diskpart", "a PROGRAM"), CLI_VALUE("--robocopy", "a PROGRAM"),
        CLI_VALUE("--bcdedit", "a PROGRAM"), CLI_VALUE("--state", "a file"), CLI_VALUE("--journal", "a file"),
        CLI_VALUE("--diskpart-wait", NULL), CLI_VALUE("--diskpart-timeout", NULL), CLI_VALUE("--resync-poll", NULL),
        CLI_FLAG("--resume"), CLI_FLAG("--quiet"), CLI_FLAG("--json"), CLI_VALUE("--approve", "a COMPILE_ID"),
        CLI_FLAG("--yes"), CLI_VALUE("--inventory", "a FILE (what the command of 'mrb probe' wrote)"),
    };
    cli_args a;
    enum cli_next k;
    const char *v;
    int id = 0;
    memset(r, 0, sizeof *r);
    r->wait_s = r->timeout_s = r->resync_s = NO_SECONDS;
    cli_args_init(&a, "run", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_BAD)
            return RC_USAGE;
        if (k == CLI_ARG) {
            if (r->file)
                return cli_usage("run: one FILE.mrb only");
            r->file = v;
            continue;
        }
        switch (id) {
        case O_SIMULATE: r->snapshot = v; break;
        case O_LISTING: r->listing = v; break;
        case O_WORDS: r->words.path = v; break;
        case O_DISKPART: r->program = v; break;
        case O_ROBOCOPY: r->robocopy = v; break;
        case O_BCDEDIT: r->bcdedit = v; break;
        case O_STATE: r->state = v; break;
        case O_JOURNAL: r->journal = v; break;
        case O_WAIT:
            if (!seconds(v, &r->wait_s))
                return cli_usage("run: --diskpart-wait needs a number of seconds from 0 to 86400");
            break;
        case O_TIMEOUT:
            if (!seconds(v, &r->timeout_s))
                return cli_usage("run: --diskpart-timeout needs a number of seconds from 0 to 86400 (0: none)");
            break;
        case O_RESYNC:
            if (!seconds(v, &r->resync_s))
                return cli_usage("run: --resync-poll needs a number of seconds from 0 to 86400 (0: do not wait)");
            break;
        case O_RESUME: eo->resume = true; break;
        case O_QUIET: eo->mode = EXEC_QUIET; break;
        case O_JSON: eo->mode = EXEC_JSON; break;
        case O_APPROVE: r->approve = v; break;
        case O_YES: r->yes = true; break;
        case O_INVENTORY: r->inventory = v; break;
        }
    }
    return run_check_args(r);
}

/* The files' names that were not given: NAME.state and NAME.journal (or
 * JOURNAL), the log NAME.log (or JOURNAL.log), the script beside the
 * journal. */
static void run_names(run_args *r, exec_opts *eo, buf *state_name, buf *journal_name, buf *log_name,
                      buf *script_name)
{
    if (!r->snapshot)
        r->snapshot = r->listing;
    if (!r->state) {
        default_name(state_name, r->file, ".state");
        r->state = buf_cstr(state_name);
    }
    if (!r->journal) {
        default_name(journal_name, r->file, ".journal");
        r->journal = buf_cstr(journal_name);
        default_name(log_name, r->file, ".log");
    } else {
        buf_puts(log_name, r->journal);
        buf_puts(log_name, ".log");
    }
    if (r->program)
        eo->log = buf_cstr(log_name);
    buf_puts(script_name, r->journal);
    buf_puts(script_name, ".diskpart.txt");
    eo->journal = r->journal;
}

/* Open the backend the run talks to: a DiskPart process (--diskpart) or
 * the simulator on its state file. */
static int run_backend(bk_backend *bk, const run_args *r, const char *script, const mdl_server *snap,
                       const sim_opts *so, diag_sink *d, bool *open)
{
    if (r->program) {
        bk_open_process(bk, r->program, script);
        if (r->wait_s != NO_SECONDS)
            bk->wait_ms = r->wait_s * 1000ul;
        if (r->timeout_s != NO_SECONDS)
            bk->timeout_ms = r->timeout_s * 1000ul;
        if (r->robocopy)
            bk->robocopy = r->robocopy;
        if (r->bcdedit)
            bk->bcdedit = r->bcdedit;
        *open = true;
    } else if (bk_open_sim(bk, r->state, snap, so, d)) {
        *open = true;
    } else {
        return RC_USAGE;
    }
    return RC_OK;
}

int cmd_run(int argc, char **argv)
{
    run_args r;
    exec_opts eo;
    exec_input in;
    exec_journal jr;
    bk_backend bk;
    diag_sink d;
    buf state_name, journal_name, script_name, log_name;
    proved x;
    size_t ncmds = 0;
    int rc;
    bool bk_open = false;

    memset(&eo, 0, sizeof eo);
    eo.mode = EXEC_TEXT;
    eo.print = print_stdout;
    eo.terminal = plat_stdout_is_terminal();
    if ((rc = run_parse(argc, argv, &r, &eo)) != RC_OK)
        return rc;
    eo.resync_poll_ms = (r.resync_s == NO_SECONDS ? 30ul : r.resync_s) * 1000ul;
    if ((rc = crash_switch("MRBC_CRASH_AFTER", &eo.crash_after)) != RC_OK ||
        (rc = crash_switch("MRBC_CRASH_BEFORE", &eo.crash_before)) != RC_OK)
        return rc;

    diag_init(&d);
    cli_color(&d);
    buf_init(&state_name);
    buf_init(&journal_name);
    buf_init(&script_name);
    buf_init(&log_name);
    prove_init(&x);
    memset(&in, 0, sizeof in);
    memset(&jr, 0, sizeof jr);

    run_names(&r, &eo, &state_name, &journal_name, &log_name, &script_name);

    /* parse, check, resolve and prove, exactly as compile does (the
     * inventory, if any, joined to the snapshot first) */
    x.inventory = r.inventory;
    rc = cli_prove(&x, r.file, r.snapshot, &r.words, &d);
    eo.words = cli_words_of(&r.words);
    in.so = x.so;
    if (rc == RC_OK &&
        !exec_prepare(&(exec_input){.p = &x.p, .ast = &x.ast, .src = &x.src, .start = &x.snap, .so = x.so},
                      r.program ? BK_PROCESS : BK_SIM, &ncmds, &d))
        rc = RC_REFUSED;
    if (rc == RC_OK) {
        in.procedure = x.procedure_hash;
        in.listing = x.listing_hash;
    }
    if (rc == RC_OK && r.program && (!plat_is_elevated() || getenv("MRBC_ASSUME_NOT_ELEVATED"))) {
        diag_error(&d, NULL, 0, 0, E813, "this needs an elevated command prompt (Run as administrator), as DiskPart "
                                         "does: nothing was sent, no journal was written");
        rc = RC_REFUSED;
    }
    if (rc == RC_OK && r.program)  /* a person's approval (compiler/cli/run_approve.h) */
        rc = run_approve(&x, r.file, r.listing, r.approve, r.yes, &d);
    cli_flush(&d);
    if (rc == RC_OK) {
        in.p = &x.p;
        in.ast = &x.ast;
        in.src = &x.src;
        in.start = &x.snap;
        rc = status_rc(exec_open_journal(&jr, &in, &eo, &d));
    }
    if (rc == RC_OK)
        rc = run_backend(&bk, &r, buf_cstr(&script_name), &x.snap, &in.so, &d, &bk_open);
    if (rc == RC_OK) {
        /* from here a Ctrl-C lets the program running finish, then stops (E816) */
        plat_catch_interrupts();
        rc = status_rc(exec_run(&in, &jr, &bk, &eo, &d));
    }
    if (rc == RC_OK)   /* the server against the predicted listing (compiler/run/after.h) */
        rc = aft_check_run(&bk, &x.p, r.file, &eo, &d);
    exec_close_journal(&jr);
    if (bk_open)
        bk_close(&bk);
    cli_flush(&d);
    prove_free(&x);
    cli_words_free(&r.words);
    buf_free(&script_name);
    buf_free(&log_name);
    buf_free(&journal_name);
    buf_free(&state_name);
    diag_free(&d);
    return rc;
}
