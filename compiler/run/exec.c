/* exec.c - `mrb run`'s executor: the plan run command by command, checked against the model, journaled.
 *
 * Design.  The executor lives beside the resolver and the verifier, not in
 * runtime/: it consumes the plan (compiler/plan/plan.h) and evaluates the
 * procedure's conditions with the resolver (res_cond), and runtime/ must
 * not depend on the compiler's types.  What talks to the server (the
 * simulator on a state file, a DiskPart process) is runtime/backend.
 *
 * One model, one timeline.  The executor runs the plan on a copy of the
 * starting snapshot, with the simulator's session (the same code that
 * proved the plan), in step with the server: the model is always at the
 * point the server should be at.  Every check is a comparison between the
 * two (mdl_server_diff, runtime/diskpart/compare.c) or a condition evaluated on a fresh listing.  On
 * resume the model is replayed through what the journal says was done,
 * which is deterministic because the model is.
 *
 * The order around each command is the journal's protocol (journal.h):
 * intent (flushed) -> [MRBC_CRASH_BEFORE] -> launch (the program started
 * held, its launched record written, then let go: started()) ->
 * [MRBC_CRASH_AFTER] -> done or failed (flushed).  A resume first waits
 * for the last program the earlier run launched (earlier_program()), then
 * settles a command in doubt or failed.  An interruption (Ctrl-C) is
 * looked at before each command and listing, never during one.  A
 * failed journal write stops the run before the next launch; after a
 * failed flush fileio refuses every later write, so no further DiskPart
 * command can be sent by this process (the backend writes its script
 * through fileio too).
 *
 * The protocol around a command (journal, launch, settle after a crash)
 * is read here as one sequence; what it calls lives beside it
 * (compiler/run/exec_int.h): the launches' scripts and their proof
 * (exec_launch.c), the progress and the log (exec_report.c), the looks at
 * the server before and after each step and the resync watch
 * (run_guard.c); the comparison of models is runtime/diskpart/compare.c.
 */
#include "run/exec.h"
#include "run/exec_int.h"

#include <stdio.h>
#include <string.h>

#include "diskpart/compare.h"
#include "diskpart/dpcmd.h"
#include "base/fileio.h"
#include "base/platform.h"
#include "plan/verify.h"

/* A command of the journal: a DiskPart line, or a robocopy or bcdedit
 * line (a program line). */
static bool is_program(const plan_act *a) { return a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT; }
static bool is_command(const plan_act *a) { return a->kind == PA_DISKPART || is_program(a); }

/* The number of commands of step s, and the index of the action of its
 * command c (nacts when c is past the last). */
static size_t step_commands(const plan_step *s)
{
    size_t j, n = 0;
    for (j = 0; j < s->nacts; j++)
        n += is_command(&s->acts[j]);
    return n;
}

static size_t act_of_command(const plan_step *s, size_t c)
{
    size_t j;
    for (j = 0; j < s->nacts; j++)
        if (is_command(&s->acts[j]) && c-- == 0)
            return j;
    return s->nacts;
}

/* ---- the journal -------------------------------------------------------- */

enum exec_status exec_open_journal(exec_journal *j, const exec_input *in, const exec_opts *o, diag_sink *d)
{
    enum jrn_status st;
    memset(j, 0, sizeof *j);
    if (o->resume) {
        if (!plat_file_exists(o->journal)) {
            diag_error(d, NULL, 0, 0, E807, "--resume: there is no journal %s to continue (run without --resume "
                                            "to start)", o->journal);
            return EXEC_STOPPED;
        }
        st = jrn_resume(&j->w, o->journal, &in->procedure, &in->listing, &j->sum, d);
        j->resumed = true;
    } else {
        st = jrn_create(&j->w, o->journal, &in->procedure, &in->listing, d);
    }
    switch (st) {
    case JRN_OK:
        j->open = true;
        return EXEC_DONE;
    case JRN_ERR_EXISTS:
    case JRN_ERR_REFUSED:
    case JRN_ERR_MISUSE:
        return EXEC_STOPPED;
    case JRN_ERR_IO:
        return EXEC_IO;
    case JRN_ERR_NOMEM:
        break;
    }
    diag_error(d, NULL, 0, 0, E010, "out of memory");
    return EXEC_NOMEM;
}

void exec_close_journal(exec_journal *j)
{
    if (j->open)
        jrn_close(&j->w);
    if (j->resumed)
        jrn_summary_free(&j->sum);
    j->open = false;
    j->resumed = false;
}

/* ---- the executor ------------------------------------------------------- */

/* Enter action (s, j) on the model: a new DiskPart session where the
 * emitted driver would start one. */
static void model_enter(executor *x, size_t s, size_t j)
{
    if (vfy_new_session(&x->p->steps[s], j))
        x->ms.fdisk = x->ms.fvol = x->ms.fpart = SF_NONE;
}

static bool model_exec(executor *x, const plan_act *a)
{
    enum sim_rc rc;
    if (a->kind != PA_DISKPART)
        return true;
    buf_reset(&x->ms_out);
    rc = sim_line(&x->ms, a->text, strlen(a->text));
    if (rc == SIM_NOMEM)
        x->oom = true;
    return rc == SIM_OK;
}

/* Run the model up to action j of step s (not included). */
static bool model_to(executor *x, size_t s, size_t j)
{
    while (x->cur_step < s || (x->cur_step == s && x->cur_act < j)) {
        const plan_step *st = &x->p->steps[x->cur_step];
        if (x->cur_act >= st->nacts) {
            x->cur_step++;
            x->cur_act = 0;
            continue;
        }
        model_enter(x, x->cur_step, x->cur_act);
        if (!model_exec(x, &st->acts[x->cur_act])) {
            if (!x->oom)
                ex_stop(x, E806, "the model refuses '%s' while replaying the journal", st->acts[x->cur_act].text);
            return false;
        }
        x->cur_act++;
    }
    return true;
}

static bool has_kind(const plan_step *s, enum plan_kind k)
{
    size_t j;
    for (j = 0; j < s->nacts; j++)
        if (s->acts[j].kind == k)
            return true;
    return false;
}

static enum exec_status journal_status(executor *x, enum jrn_status st)
{
    if (st == JRN_OK)
        return EXEC_DONE;
    if (st == JRN_ERR_NOMEM) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    ex_event_json(x, "stopped", EV(EV_S("code", "E709"), EV_S("message", "the journal cannot be written")));
    return st == JRN_ERR_IO ? EXEC_IO : EXEC_STOPPED;
}

/* Before command c of step s (action a) is sent: the pause DiskPart asks
 * for, then nothing more after an interruption (E816) or a failed flush,
 * then its intent in the journal.  EXEC_DONE to go on. */
static enum exec_status begin_command(executor *x, size_t s, size_t c, const plan_act *a)
{
    enum jrn_status js;
    if (a->kind == PA_DISKPART)
        (void)bk_pause(x->bk);
    if (plat_interrupted()) {
        ex_stop(x, E816, "interrupted (%s): the run stops before step %zu, command %zu/%zu '%s', which was not sent; "
                         "continue with --resume",
                plat_interrupted(), s + 1, x->first_cmd[s] + c + 1, x->ncmds, a->text);
        return EXEC_STOPPED;
    }
    if (fio_poisoned()) {
        ex_stop(x, E709, "a flush to the disk failed earlier in this process: no further command is sent; resume "
                         "with --resume");
        return EXEC_IO;
    }
    if ((js = jrn_intent(&x->j->w, (uint32_t)s, (uint32_t)c, a->text, strlen(a->text))) != JRN_OK)
        return journal_status(x, js);
    return EXEC_DONE;
}

/* After command c of step s ran (rc EXEC_DONE) or failed (EXEC_STOPPED):
 * its outcome in the journal, done or failed, so that a resume knows it is
 * no longer in doubt (and runs a failed one again, after a look at the
 * server).  Other statuses leave it in doubt. */
static enum exec_status end_command(executor *x, size_t s, size_t c, enum exec_status rc)
{
    enum jrn_status js;
    if (rc != EXEC_DONE && rc != EXEC_STOPPED)
        return rc;
    js = rc == EXEC_DONE ? jrn_done(&x->j->w, (uint32_t)s, (uint32_t)c, 0)
                         : jrn_failed(&x->j->w, (uint32_t)s, (uint32_t)c, x->res.exit_code ? x->res.exit_code : -1);
    if (js != JRN_OK && rc == EXEC_DONE)
        rc = journal_status(x, js);
    return rc;
}

/* Run command c of step s (action a) on the backend: DiskPart on script,
 * or the program line itself when script is NULL.  The crash points the
 * tests ask for stand around it, the process log gets it, and it counts as
 * launched. */
static enum bk_status run_counted(executor *x, size_t s, size_t c, const plan_act *a, const char *script)
{
    enum bk_status bs;
    if (x->o->crash_before && x->launched + 1 == x->o->crash_before)
        plat_kill_self();
    bs = script ? bk_run(x->bk, script, &x->res) : bk_run_program(x->bk, a->text, &x->res);
    if (x->bk->kind == BK_PROCESS) {
        buf_reset(&x->tmp);
        buf_printf(&x->tmp, "step %zu, command %zu/%zu: %s", s + 1, x->first_cmd[s] + c + 1, x->ncmds, a->text);
        ex_log_run(x, buf_cstr(&x->tmp), script, &x->res, bs == BK_OK);
    }
    x->launched++;
    if (x->o->crash_after && x->launched == x->o->crash_after)
        plat_kill_self();
    return bs;
}

/* The stop when the backend could not run command c of step s (bs not
 * BK_OK): out of memory, E805 when the simulator cannot tell what DiskPart
 * would do, E810 otherwise. */
static enum exec_status not_run(executor *x, size_t s, size_t c, const plan_act *a, enum bk_status bs)
{
    size_t global = x->first_cmd[s] + c + 1;
    if (bs == BK_ERR_NOMEM) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    ex_stop(x, bs == BK_ERR_UNKNOWN ? E805 : E810, "step %zu, command %zu/%zu '%s': %s", s + 1, global, x->ncmds,
            a->text, buf_cstr(&x->res.why));
    return bs == BK_ERR_UNKNOWN ? EXEC_STOPPED : EXEC_IO;
}

/* Launch command c of step s (action a): the model has just run it, its
 * output is in ms_out. */
static enum exec_status launch(executor *x, size_t s, size_t c, const plan_act *a, const char *script)
{
    enum bk_status bs;
    size_t global = x->first_cmd[s] + c + 1;
    bool ok;
    buf expect;
    enum exec_status rc = begin_command(x, s, c, a);
    if (rc != EXEC_DONE)
        return rc;
    buf_init(&expect);
    ex_last_line(&x->ms_out, &expect);
    x->wait_shown = 0;
    bs = run_counted(x, s, c, a, script);
    ok = bs == BK_OK && x->res.exit_code == 0 && ex_has_line(&x->res.out, buf_cstr(&expect));
    ex_last_line(&x->res.out, &x->tmp);
    if (bs != BK_OK) {
        rc = not_run(x, s, c, a, bs);
    } else if (!ok) {
        ex_stop(x, E805, "step %zu, command %zu/%zu '%s' failed: DiskPart exited with code %d and said '%s'%s%s%s",
                s + 1, global, x->ncmds, a->text, x->res.exit_code, buf_cstr(&x->tmp),
                x->res.exit_code == 0 ? " instead of '" : "", x->res.exit_code == 0 ? buf_cstr(&expect) : "",
                x->res.exit_code == 0 ? "'" : "");
        rc = EXEC_STOPPED;
    }
    rc = end_command(x, s, c, rc);
    if (rc == EXEC_DONE) {
        ex_event(x, "command",
                 EV(EV_N("step", s + 1), EV_N("command", global), EV_N("of", x->ncmds), EV_S("text", a->text),
                    EV_S("script", script), EV_S("result", buf_cstr(&expect))),
                 "  [%zu/%zu] %s: %s", global, x->ncmds, a->text, buf_cstr(&expect));
    }
    buf_free(&expect);
    return rc;
}

/* The letters a robocopy or bcdedit line names ("S: T:"). */
static void letters_of(const char *t, buf *out)
{
    size_t i, n = strlen(t);
    for (i = 2; i < n; i++)
        if (t[i] == ':' && (t[i - 2] == ' ' || t[i - 2] == '=') &&
            ((t[i - 1] >= 'a' && t[i - 1] <= 'z') || (t[i - 1] >= 'A' && t[i - 1] <= 'Z')))
        {
            char l = (char)(t[i - 1] >= 'a' ? t[i - 1] - 'a' + 'A' : t[i - 1]);
            char d[3] = {l, ':', '\0'};
            if (!strstr(buf_cstr(out), d))
                buf_printf(out, "%s%s", out->len ? " " : "", d);
        }
}

/* What robocopy's exit code says (bits: 1 files copied, 2 extra files in
 * the destination, 4 mismatches; 8 some files failed, 16 a fatal error:
 * Microsoft's robocopy documentation). */
static const char *robocopy_meaning(int code)
{
    if (code < 0 || code >= 8)
        return code >= 16 || code < 0 ? "a fatal error, nothing copied" : "some files could not be copied";
    if (code == 0)
        return "nothing to copy: the destination has every file";
    if (code & 1)
        return "files copied";
    return "nothing copied: the destination differs in files the source does not have";
}

/* Run program line c of step s (action a): robocopy or bcdedit, journaled
 * as a command.  The simulator has no files: there it is journaled and
 * skipped, saying which drive letters it needs (the proof checked them).
 * robocopy succeeds with exit codes 0 to 7, bcdedit with 0. */
static enum exec_status run_program(executor *x, size_t s, size_t c, const plan_act *a)
{
    enum jrn_status js;
    enum bk_status bs;
    size_t global = x->first_cmd[s] + c + 1;
    bool robo = a->kind == PA_ROBOCOPY, ok;
    enum exec_status rc = begin_command(x, s, c, a);
    if (rc != EXEC_DONE)
        return rc;
    if (x->bk->kind == BK_SIM) {
        buf_reset(&x->tmp);
        letters_of(a->text, &x->tmp);
        if ((js = jrn_done(&x->j->w, (uint32_t)s, (uint32_t)c, 0)) != JRN_OK)
            return journal_status(x, js);
        ex_event(x, "skipped",
                 EV(EV_N("step", s + 1), EV_N("command", global), EV_N("of", x->ncmds), EV_S("text", a->text),
                    EV_S("letters", buf_cstr(&x->tmp))),
                 "  [%zu/%zu] skipped on the simulator (no files there): %s%s%s%s", global, x->ncmds, a->text,
                 x->tmp.len ? " [drive letters " : "", buf_cstr(&x->tmp), x->tmp.len ? " assigned]" : "");
        return EXEC_DONE;
    }
    bs = run_counted(x, s, c, a, NULL);
    ok = bs == BK_OK && (robo ? x->res.exit_code >= 0 && x->res.exit_code < 8 : x->res.exit_code == 0);
    ex_last_line(&x->res.out, &x->tmp);
    if (bs != BK_OK) {
        rc = not_run(x, s, c, a, bs);
    } else if (!ok) {
        ex_stop(x, E811, "step %zu, command %zu/%zu '%s' failed: %s exited with code %d%s%s%s%s%s", s + 1, global,
                x->ncmds, a->text, robo ? "robocopy" : "bcdedit", x->res.exit_code, robo ? " (" : "",
                robo ? robocopy_meaning(x->res.exit_code) : "", robo ? ")" : "", x->tmp.len ? " and said: " : "",
                buf_cstr(&x->tmp));
        rc = EXEC_STOPPED;
    }
    rc = end_command(x, s, c, rc);
    if (rc == EXEC_DONE) {
        ex_event(x, "command",
                 EV(EV_N("step", s + 1), EV_N("command", global), EV_N("of", x->ncmds), EV_S("text", a->text),
                    EV_N("exit_code", x->res.exit_code < 0 ? 0 : x->res.exit_code), EV_S("result", buf_cstr(&x->tmp))),
                 "  [%zu/%zu] %s: exit code %d%s%s%s", global, x->ncmds, a->text, x->res.exit_code, robo ? " (" : "",
                 robo ? robocopy_meaning(x->res.exit_code) : "", robo ? ")" : "");
    }
    return rc;
}

/* Record command c of step s (action a), in doubt or failed before, done:
 * a failed command's intent was answered by its failed record, so it gets a
 * new one first. */
static enum exec_status settled_done(executor *x, size_t s, size_t c, const plan_act *a)
{
    enum jrn_status js = JRN_OK;
    if (x->was == x->was_failed)
        js = jrn_intent(&x->j->w, (uint32_t)s, (uint32_t)c, a->text, strlen(a->text));
    if (js == JRN_OK)
        js = jrn_done(&x->j->w, (uint32_t)s, (uint32_t)c, 0);
    return journal_status(x, js);
}

/* Settle command c of step s, in doubt after a crash.  The model stands
 * before it.  On return: *rerun says it must be launched again (the model
 * has run it: its output is in ms_out, its script in script; the step's
 * requires, and before the first step the guards, hold when c is the
 * step's first command); otherwise it was recorded done. */
static enum exec_status settle(executor *x, size_t s, size_t c, const plan_act *a, buf *script, bool first,
                               bool *rerun)
{
    mdl_server before, fresh;
    buf db, da;
    size_t nb, na, global = x->first_cmd[s] + c + 1;
    enum exec_status rc;
    *rerun = false;
    mdl_server_init(&before);
    mdl_server_init(&fresh);
    buf_init(&db);
    buf_init(&da);
    if (!mdl_server_copy(&before, &x->model)) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    buf_reset(script);
    ex_launch_script(&x->ms, &x->model, a->text, script);
    if (!model_exec(x, a)) {
        mdl_server_free(&before);
        if (!x->oom)
            ex_stop(x, E806, "the model refuses '%s' while replaying the journal", a->text);
        return x->oom ? EXEC_NOMEM : EXEC_STOPPED;
    }
    x->cur_act++;
    rc = ex_fresh_listing(x, &fresh);
    if (rc == EXEC_DONE) {
        nb = mdl_server_diff(&before, &fresh, &db);
        na = mdl_server_diff(&x->model, &fresh, &da);
        if (nb == 0 && ((first && !ex_conditions_hold(x, &fresh, x->p->nsteps, PA_REQUIRE)) ||
                        (c == 0 && !ex_conditions_hold(x, &fresh, s, PA_REQUIRE)))) {
            rc = EXEC_STOPPED;
        } else if (nb == 0) {
            ex_event(x, "settled",
                     EV(EV_N("step", s + 1), EV_N("command", global), EV_S("text", a->text), EV_S("outcome", "run again")),
                     "  [%zu/%zu] %s: %s; the server shows no effect of it: running it again", global, x->ncmds,
                     a->text, x->was);
            *rerun = true;
        } else if (na == 0) {
            if ((rc = settled_done(x, s, c, a)) == EXEC_DONE) {
                ex_event(x, "settled",
                         EV(EV_N("step", s + 1), EV_N("command", global), EV_S("text", a->text), EV_S("outcome", "done")),
                         "  [%zu/%zu] %s: %s; the server shows its effect: done", global, x->ncmds, a->text, x->was);
            }
        } else {
            ex_stop(x, E804, "step %zu \"%s\", command %zu/%zu '%s' was sent before the run stopped%s, and the "
                             "server shows neither the state before it nor the state after it: a person must look "
                             "before anything else is done",
                    s + 1, x->p->steps[s].name, global, x->ncmds, a->text,
                    x->was == x->was_failed ? " and failed" : "");
            ex_notes(x, "if it did not run: ", &db);
            ex_notes(x, "if it ran: ", &da);
            rc = EXEC_STOPPED;
        }
    }
    mdl_server_free(&before);
    mdl_server_free(&fresh);
    buf_free(&db);
    buf_free(&da);
    return rc;
}

static bool is_select(const plan_act *a)
{
    dp_cmd c;
    size_t at;
    return dp_parse_line(a->text, strlen(a->text), &c, &at) == DPP_OK &&
           (c.id == CMD_SELECT_DISK || c.id == CMD_SELECT_VOLUME || c.id == CMD_SELECT_PARTITION);
}

/* Is the resumed journal one this plan can continue?  Steps go forward:
 * only the first step that is not done may have records. */
static bool journal_fits(executor *x)
{
    const jrn_summary *sum = &x->j->sum;
    size_t s;
    bool open_seen = false;
    if (sum->nsteps > x->p->nsteps) {
        ex_stop(x, E704, "journal %s records step %u, but the procedure has %zu steps", x->o->journal, sum->nsteps,
                x->p->nsteps);
        return false;
    }
    for (s = 0; s < sum->nsteps; s++) {
        const jrn_step_info *si = &sum->steps[s];
        size_t n = step_commands(&x->p->steps[s]);
        bool any = si->done || si->intents || si->has_done_cmd;
        if (any && open_seen) {
            ex_stop(x, E704, "journal %s records step %zu after a step that is not done", x->o->journal, s + 1);
            return false;
        }
        if ((si->has_done_cmd && si->last_done_cmd >= n) ||
            (si->failed && (si->failed_cmd >= n || si->failed_cmd != (si->has_done_cmd ? si->last_done_cmd + 1 : 0))) ||
            (sum->in_doubt && sum->doubt_step == s &&
             (sum->doubt_cmd >= n || sum->doubt_cmd != (si->has_done_cmd ? si->last_done_cmd + 1 : 0)))) {
            ex_stop(x, E704, "journal %s records a command of step %zu that the procedure does not have there",
                    x->o->journal, s + 1);
            return false;
        }
        if (!si->done)
            open_seen = true;
    }
    return true;
}

/* "run: "TITLE": 5 steps, 17 DiskPart commands" (title NULL: "done: ..."),
 * or "..., 20 commands: 17 DiskPart, 3 robocopy or bcdedit" when the plan
 * has program lines. */
/* The backend started a program, held: record it before it runs anything,
 * so that a resume knows to wait for it should this process die. */
static bool started(void *ctx, unsigned long pid, uint64_t start)
{
    executor *x = ctx;
    if (x->j->w.proto.ended)    /* the resync watch: a resume has nothing to do */
        return true;
    return jrn_launched(&x->j->w, pid, start) == JRN_OK;
}

/* DiskPart's pause (--diskpart-wait) counts from now, as from the end of a
 * launch: the earlier run's last program ended now, or at a moment not
 * known. */
static void pause_from_now(executor *x)
{
    if (x->bk->kind == BK_PROCESS) {
        x->bk->launched = true;
        x->bk->last_end = plat_monotonic_ms();
    }
}

/* On resume, before anything is looked at or sent: the program the
 * earlier run started last (only the last can outlive it: each is waited
 * for before the next) must have ended, or a command in doubt could be
 * sent a second time beside its first sending.  Wait for it as long as a
 * launch may last (--diskpart-timeout; 0: as long as it takes), saying so;
 * E815 when it outlives that, E816 on an interruption.  Ended earlier or
 * just now, the first launch waits DiskPart's whole pause from now. */
static enum exec_status earlier_program(executor *x)
{
    const jrn_summary *sum = &x->j->sum;
    uint64_t since = plat_monotonic_ms();
    unsigned long limit = x->bk->kind == BK_PROCESS ? x->bk->timeout_ms : 0;
    if (!sum->launched)
        return EXEC_DONE;
    if (!plat_process_alive(sum->launch_pid, sum->launch_start)) {
        pause_from_now(x);  /* it may have ended a moment before the crash */
        return EXEC_DONE;
    }
    ex_event(x, "earlier-program",
             EV(EV_N("pid", sum->launch_pid), EV_S("in_doubt", sum->in_doubt ? sum->doubt_text : "")),
             "resume: process %lu that the earlier run started%s%s%s still runs: waiting for it to end before "
             "anything is looked at or sent", (unsigned long)sum->launch_pid, sum->in_doubt ? " (for '" : "",
             sum->in_doubt ? sum->doubt_text : "", sum->in_doubt ? "')" : "");
    x->wait_why = "for the earlier run's program to end";
    x->wait_for = "earlier-program";
    x->wait_shown = 0;
    while (plat_process_alive(sum->launch_pid, sum->launch_start)) {
        uint64_t waited = plat_monotonic_ms() - since;
        if (plat_interrupted()) {
            ex_stop(x, E816, "interrupted (%s) while waiting for process %lu that the earlier run started: nothing "
                             "was looked at or sent; continue with --resume once it has ended",
                    plat_interrupted(), (unsigned long)sum->launch_pid);
            return EXEC_STOPPED;
        }
        if (limit && waited >= limit) {
            ex_stop(x, E815, "process %lu that the earlier run started%s%s%s still runs after %lu s "
                             "(--diskpart-timeout): nothing was looked at or sent; let it end, or end it and look at "
                             "the server, then --resume",
                    (unsigned long)sum->launch_pid, sum->in_doubt ? " (for '" : "", sum->in_doubt ? sum->doubt_text : "",
                    sum->in_doubt ? "')" : "", (limit + 999) / 1000);
            return EXEC_STOPPED;
        }
        if (limit)
            ex_show_wait(x, (unsigned long)(limit - waited));
        plat_sleep_ms(100);
    }
    pause_from_now(x);
    ex_event(x, "earlier-program-ended", EV(EV_N("pid", sum->launch_pid)),
             "resume: process %lu has ended after %lu s", (unsigned long)sum->launch_pid,
             (unsigned long)((plat_monotonic_ms() - since) / 1000));
    return EXEC_DONE;
}

/* The run's first events: what it runs, the steps left out, where a
 * resumed run stands. */
static void run_start(executor *x, size_t done_before)
{
    const jrn_summary *sum = x->j->resumed ? &x->j->sum : NULL;
    const char *title = x->p->title ? x->p->title : "";
    size_t s;
    if (x->nprogs)
        ex_event(x, "start",
                 EV(EV_S("title", title), EV_N("steps", x->p->nsteps), EV_N("programs", x->nprogs),
                    EV_N("commands", x->ncmds)),
                 "run: \"%s\": %zu steps, %zu commands (%zu DiskPart, %zu robocopy or bcdedit)", title, x->p->nsteps,
                 x->ncmds, x->ncmds - x->nprogs, x->nprogs);
    else
        ex_event(x, "start", EV(EV_S("title", title), EV_N("steps", x->p->nsteps), EV_N("commands", x->ncmds)),
                 "run: \"%s\": %zu steps, %zu DiskPart commands", title, x->p->nsteps, x->ncmds);
    for (s = 0; s < x->p->nskips; s++) /* steps this server does not need (`when`): not in the plan */
        ex_event(x, "step-left-out", EV(EV_S("name", x->p->skips[s].name), EV_S("why", x->p->skips[s].why)),
                 "left out: step \"%s\": %s", x->p->skips[s].name, x->p->skips[s].why);
    if (sum && !sum->empty)
        ex_event(x, "resume",
                 EV(EV_N("steps_done", done_before), EV_S("in_doubt", sum->in_doubt ? sum->doubt_text : "")),
                 "resume: journal %s: %zu of %zu steps done%s%s%s%s", x->o->journal, done_before, x->p->nsteps,
                 sum->in_doubt ? ", '" : "", sum->in_doubt ? sum->doubt_text : "", sum->in_doubt ? "' in doubt" : "",
                 sum->tail_dropped ? " (a torn last record was dropped)" : "");
}

/* Step s starts with its command c in doubt (the run stopped after its
 * intent, before its done record): settle it, and move *c past it.
 * from_start: c is the step's first command; first: no command of the run
 * is known done. */
static enum exec_status step_in_doubt(executor *x, size_t s, size_t *c, bool from_start, bool first, buf *script)
{
    const plan_step *st = &x->p->steps[s];
    const plan_act *a = &st->acts[x->cur_act];
    enum exec_status rc;
    model_enter(x, s, x->cur_act);
    if (is_program(a)) {
        /* robocopy copies what differs, so running it again finishes
         * what it began; bcdedit /export writes the store file again
         * and /set the same value: both are run again */
        x->cur_act++;
        ex_event(x, "settled",
                 EV(EV_N("step", s + 1), EV_N("command", x->first_cmd[s] + *c + 1), EV_S("text", a->text),
                    EV_S("outcome", "run again")),
                 "  [%zu/%zu] %s: %s; it can run again without harm: running it again", x->first_cmd[s] + *c + 1,
                 x->ncmds, a->text, x->was);
        rc = ex_check_before(x, s, *c, from_start, first);
        if (rc == EXEC_DONE)
            rc = run_program(x, s, *c, a);
        ++*c;
    } else if (is_select(a)) {
        /* a select changes nothing on the server: done, whatever it did */
        if (!model_exec(x, a))
            return x->oom ? EXEC_NOMEM : EXEC_STOPPED;
        x->cur_act++;
        if ((rc = settled_done(x, s, *c, a)) != EXEC_DONE)
            return rc;
        ex_event(x, "settled",
                 EV(EV_N("step", s + 1), EV_N("command", x->first_cmd[s] + *c + 1), EV_S("text", a->text),
                    EV_S("outcome", "done")),
                 "  [%zu/%zu] %s: %s; a select changes nothing on the server: done", x->first_cmd[s] + *c + 1,
                 x->ncmds, a->text, x->was);
        ++*c;
        rc = ex_check_before(x, s, *c, from_start, first);
    } else {
        bool rerun;
        rc = settle(x, s, *c, a, script, first, &rerun);
        if (rc == EXEC_DONE && rerun)
            rc = launch(x, s, *c, a, buf_cstr(script));
        ++*c;
    }
    return rc;
}

/* Run step s's actions from x->cur_act on, c the number of its commands
 * already run. */
static enum exec_status step_actions(executor *x, size_t s, size_t c, buf *script)
{
    const plan_step *st = &x->p->steps[s];
    enum exec_status rc = EXEC_DONE;
    size_t j;
    for (j = x->cur_act; j < st->nacts && rc == EXEC_DONE; j++) {
        const plan_act *a = &st->acts[j];
        model_enter(x, s, j);
        if (a->kind == PA_DISKPART) {
            buf_reset(script);
            ex_launch_script(&x->ms, &x->model, a->text, script);
            if (!model_exec(x, a)) {
                if (!x->oom)
                    ex_stop(x, E806, "the model refuses '%s'", a->text);
                return x->oom ? EXEC_NOMEM : EXEC_STOPPED;
            }
            x->cur_act = j + 1;
            rc = launch(x, s, c, a, buf_cstr(script));
            c++;
        } else {
            x->cur_act = j + 1;
            if (is_program(a)) {
                rc = run_program(x, s, c, a);
                c++;
            }
        }
    }
    return rc;
}

/* Step s has run: its ensures, then its step-done record. */
static enum exec_status step_end(executor *x, size_t s)
{
    const plan_step *st = &x->p->steps[s];
    enum exec_status rc;
    enum jrn_status js;
    x->cur_step = s + 1;
    x->cur_act = 0;
    if ((rc = ex_check_after(x, s)) != EXEC_DONE)
        return rc;
    if ((js = jrn_step_done(&x->j->w, (uint32_t)s)) != JRN_OK)
        return journal_status(x, js);
    ex_event(x, "step-done", EV(EV_N("step", s + 1), EV_S("name", st->name)), "step %zu/%zu done%s", s + 1,
             x->p->nsteps, has_kind(st, PA_ENSURE) ? ": ensure holds" : "");
    return EXEC_DONE;
}

/* Every step has run: the journal's end record, then the resync. */
static enum exec_status run_end(executor *x)
{
    enum jrn_status js = jrn_end(&x->j->w, 0);
    if (js != JRN_OK)
        return journal_status(x, js);
    if (x->nprogs)
        ex_event(x, "done", EV(EV_N("steps", x->p->nsteps), EV_N("commands", x->ncmds)),
                 "done: %zu steps, %zu commands (%zu DiskPart, %zu robocopy or bcdedit)", x->p->nsteps, x->ncmds,
                 x->ncmds - x->nprogs, x->nprogs);
    else
        ex_event(x, "done", EV(EV_N("steps", x->p->nsteps), EV_N("commands", x->ncmds)),
                 "done: %zu steps, %zu DiskPart commands", x->p->nsteps, x->ncmds);
    return ex_resync_watch(x);
}

static enum exec_status run_steps(executor *x)
{
    const jrn_summary *sum = x->j->resumed ? &x->j->sum : NULL;
    size_t s, c, done_before = 0;
    bool first = !sum || sum->records <= 1 || (sum->steps_done == 0 && !sum->in_doubt && sum->nsteps == 0);
    enum exec_status rc = EXEC_DONE;
    buf script;
    if (sum) {
        for (s = 0; s < sum->nsteps; s++)
            if (sum->steps[s].has_done_cmd)
                first = false;
        done_before = sum->steps_done;
    }
    run_start(x, done_before);
    buf_init(&script);
    for (s = 0; s < x->p->nsteps && rc == EXEC_DONE; s++) {
        const plan_step *st = &x->p->steps[s];
        const jrn_step_info *si = sum && s < sum->nsteps ? &sum->steps[s] : NULL;
        size_t c0;
        if (si && si->done) {
            if (!model_to(x, s + 1, 0)) {
                rc = x->oom ? EXEC_NOMEM : EXEC_STOPPED;
                break;
            }
            ex_event(x, "step-done-before", EV(EV_N("step", s + 1), EV_S("name", st->name)), "step %zu/%zu: %s: done before",
                     s + 1, x->p->nsteps, st->name);
            continue;
        }
        c0 = si && si->has_done_cmd ? si->last_done_cmd + 1 : 0;
        ex_event(x, "step", EV(EV_N("step", s + 1), EV_N("of", x->p->nsteps), EV_S("name", st->name)), "step %zu/%zu: %s",
                 s + 1, x->p->nsteps, st->name);
        if (!model_to(x, s, act_of_command(st, c0))) {
            rc = x->oom ? EXEC_NOMEM : EXEC_STOPPED;
            break;
        }
        c = c0;
        x->was = "in doubt";
        if (sum && sum->in_doubt && sum->doubt_step == s) {
            rc = step_in_doubt(x, s, &c, c0 == 0, first, &script);
        } else if (si && si->failed) {
            /* a failed command is not done: run again once the server
             * shows none of its effect (or done when it shows all of it) */
            snprintf(x->was_failed, sizeof x->was_failed, "it failed before (exit code %ld)",
                     (long)si->failed_result);
            x->was = x->was_failed;
            rc = step_in_doubt(x, s, &c, c0 == 0, first, &script);
        } else
            rc = ex_check_before(x, s, c, c0 == 0, first);
        first = false;
        if (rc == EXEC_DONE)
            rc = step_actions(x, s, c, &script);
        if (rc == EXEC_DONE)
            rc = step_end(x, s);
    }
    buf_free(&script);
    return rc == EXEC_DONE ? run_end(x) : rc;
}

enum exec_status exec_run(const exec_input *in, exec_journal *j, bk_backend *bk, const exec_opts *o,
                          diag_sink *d)
{
    executor x;
    size_t s;
    enum exec_status rc;
    const char *why = "";
    memset(&x, 0, sizeof x);
    x.in = in;
    x.o = o;
    x.j = j;
    x.bk = bk;
    x.d = d;
    x.p = in->p;
    mdl_server_init(&x.model);
    buf_init(&x.ms_out);
    buf_init(&x.line);
    buf_init(&x.tmp);
    bk_result_init(&x.res);
    bk->waiting = ex_bk_waiting;
    bk->waiting_ctx = &x;
    bk->started = started;
    bk->started_ctx = &x;
    /* no log if it cannot be opened (never through a link, never a FIFO):
     * the journal is the record */
    if (o->log && bk->kind == BK_PROCESS && !(x.log = plat_open_log(o->log, &why)))
        diag_note(d, NULL, 0, 0, "no text log: cannot open %s: %s; the journal is the run's record", o->log, why);
    if (j->resumed && j->sum.ended) {
        ex_event(&x, "done", EV(EV_N("steps", 0), EV_N("commands", 0)),
                 "the journal %s records a run that ended: nothing to do", o->journal);
        rc = EXEC_DONE;
        goto out;
    }
    if (!mdl_server_copy(&x.model, in->start) ||
        !(x.first_cmd = util_calloc(in->p->nsteps + 1, sizeof *x.first_cmd))) {
        x.oom = true;
        rc = EXEC_NOMEM;
        goto out;
    }
    for (s = 0; s < in->p->nsteps; s++) {
        x.first_cmd[s] = x.ncmds;
        x.ncmds += step_commands(&in->p->steps[s]);
        for (size_t k = 0; k < in->p->steps[s].nacts; k++)
            x.nprogs += is_program(&in->p->steps[s].acts[k]);
    }
    sim_init(&x.ms, &x.model, &in->so, &x.ms_out);
    if (j->resumed && !journal_fits(&x))
        rc = EXEC_STOPPED;
    else
        rc = j->resumed ? earlier_program(&x) : EXEC_DONE;
    if (rc == EXEC_DONE)
        rc = run_steps(&x);
    sim_free(&x.ms);
out:
    if (x.oom && rc != EXEC_IO)
        rc = EXEC_NOMEM;
    if (rc == EXEC_NOMEM)
        diag_error(d, NULL, 0, 0, E010, "out of memory");
    bk->waiting = NULL;
    bk->waiting_ctx = NULL;
    bk->started = NULL;
    bk->started_ctx = NULL;
    if (x.log)
        fclose(x.log);
    util_free(x.first_cmd);
    bk_result_free(&x.res);
    buf_free(&x.tmp);
    buf_free(&x.line);
    buf_free(&x.ms_out);
    mdl_server_free(&x.model);
    return rc;
}
