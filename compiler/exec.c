/* exec.c - `mrb run`'s executor: the plan run command by command, checked against the model, journaled.
 *
 * Design.  The executor lives beside the resolver and the verifier, not in
 * runtime/: it consumes the plan (compiler/plan.h) and evaluates the
 * procedure's conditions with the resolver (res_cond), and runtime/ must
 * not depend on the compiler's types.  What talks to the server (the
 * simulator on a state file, a DiskPart process) is runtime/backend.
 *
 * One model, one timeline.  The executor runs the plan on a copy of the
 * starting snapshot, with the simulator's session (the same code that
 * proved the plan), in step with the server: the model is always at the
 * point the server should be at.  Every check is a comparison between the
 * two (mdl_server_diff, runtime/compare.c) or a condition evaluated on a fresh listing.  On
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
 * Length.  Over the house's 900 lines because the protocol around a
 * command (journal, launch, settle after a crash, the checks before and
 * after each step, the resync watch) is read as one sequence; the
 * comparison of models is runtime/compare.c and the progress reporter is
 * one function, event().
 */
#include "exec.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dpcmd.h"
#include "compare.h"
#include "dpmsg.h"
#include "fileio.h"
#include "json.h"
#include "mrblimits.h"
#include "listing.h"
#include "platform.h"
#include "print.h"
#include "resolve.h"
#include "snapshot.h"
#include "text.h"
#include "verify.h"

/* ---- launches: one DiskPart process per command ------------------------- */

static const mdl_partition *focused_part(const sim *m, const mdl_server *srv)
{
    const mdl_disk *d;
    size_t i;
    if (m->fdisk != SF_SET || m->fpart != SF_SET || !(d = mdl_find_disk(srv, m->disk.num, m->disk.missing_id)))
        return NULL;
    for (i = 0; i < d->nparts; i++)
        if (d->parts[i].offset.lo == m->part_off)
            return &d->parts[i];
    return NULL;
}

/* The script of one launch: the selects that give the line the focus it
 * has in the model's continuous session, then the line. */
static void launch_script(const sim *m, const mdl_server *srv, const char *line, buf *script)
{
    dp_cmd c;
    size_t at;
    enum dp_focus need = DPF_NONE;
    const mdl_partition *p = focused_part(m, srv);
    if (dp_parse_line(line, strlen(line), &c, &at) == DPP_OK)
        need = dp_commands[c.id].focus;
    if (need == DPF_DISK || need == DPF_PARTITION || (need == DPF_VOLUME && p)) {
        if (m->fdisk == SF_SET)
            buf_printf(script, "select disk " MDL_DISK_FMT "\n", MDL_DISK_ARGS(m->disk));
        if (need != DPF_DISK && p)
            buf_printf(script, "select partition %u\n", p->num);
    } else if (need == DPF_VOLUME && m->fvol == SF_SET) {
        buf_printf(script, "select volume %u\n", m->vol);
    }
    buf_puts(script, line);
    buf_putc(script, '\n');
}

/* The last non-blank line of DiskPart's output, trimmed, not counting the
 * "Leaving DiskPart..." of its `exit`. */
static void last_line(const buf *out, buf *line)
{
    const char *o = buf_cstr(out);
    size_t end = out->len, start;
    for (;;) {
        while (end > 0 && (o[end - 1] == '\n' || o[end - 1] == ' ' || o[end - 1] == '\r'))
            end--;
        start = end;
        while (start > 0 && o[start - 1] != '\n')
            start--;
        if (end - start == strlen(dp_messages[DM_LEAVING].text) &&
            memcmp(o + start, dp_messages[DM_LEAVING].text, end - start) == 0) {
            end = start;
            continue;
        }
        break;
    }
    while (start < end && o[start] == ' ')
        start++;
    buf_reset(line);
    buf_put(line, o + start, end - start);
}

/* Whether out holds line as one of its lines (leading and trailing blanks
 * aside). */
static bool has_line(const buf *out, const char *line)
{
    const char *o = buf_cstr(out), *p = o;
    size_t n = strlen(line);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *s = p;
        while (len && (*s == ' ')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
            len--;
        if (len == n && memcmp(s, line, n) == 0)
            return true;
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

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

/* Run the line of a one-launch script on srv in a new session. */
static enum sim_rc run_launch_on(mdl_server *srv, const sim_opts *o, const char *script, buf *out)
{
    sim m;
    enum sim_rc rc = SIM_OK;
    const char *p = script;
    sim_init(&m, srv, o, out);
    while (*p && rc == SIM_OK) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[LIM_LINE_BYTES + 1];
        if (n > LIM_LINE_BYTES)
            n = LIM_LINE_BYTES;
        memcpy(line, p, n);
        line[n] = '\0';
        rc = sim_line(&m, line, n);
        p = nl ? nl + 1 : p + n;
    }
    sim_free(&m);
    return rc;
}

bool exec_prepare(const exec_input *in, enum bk_kind kind, size_t *ncommands, diag_sink *d)
{
    mdl_server model, scratch;
    sim m;
    buf out, sout, script, la, lb, why;
    size_t i, j;
    bool ok = true, oom = false;
    (void)kind;     /* every backend takes every line (program lines: see run_program) */
    *ncommands = 0;
    mdl_server_init(&model);
    mdl_server_init(&scratch);
    buf_init(&out);
    buf_init(&sout);
    buf_init(&script);
    buf_init(&la);
    buf_init(&lb);
    buf_init(&why);
    if (!mdl_server_copy(&model, in->start)) {
        diag_error(d, NULL, 0, 0, E010, "out of memory");
        return false;
    }
    sim_init(&m, &model, &in->so, &out);
    for (i = 0; i < in->p->nsteps && ok && !oom; i++) {
        const plan_step *s = &in->p->steps[i];
        for (j = 0; j < s->nacts && ok && !oom; j++) {
            const plan_act *a = &s->acts[j];
            enum sim_rc r1, r2;
            if (vfy_new_session(s, j))
                m.fdisk = m.fvol = m.fpart = SF_NONE;
            if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT)
                continue;
            if (a->kind != PA_DISKPART)
                continue;
            ++*ncommands;
            buf_reset(&script);
            launch_script(&m, &model, a->text, &script);
            mdl_server_free(&scratch);
            mdl_server_init(&scratch);
            if (script.failed || !mdl_server_copy(&scratch, &model)) {
                oom = true;
                break;
            }
            buf_reset(&sout);
            r1 = run_launch_on(&scratch, &in->so, buf_cstr(&script), &sout);
            buf_reset(&out);
            r2 = sim_line(&m, a->text, strlen(a->text));
            last_line(&out, &la);
            last_line(&sout, &lb);
            buf_reset(&why);
            if (r1 == SIM_NOMEM || r2 == SIM_NOMEM) {
                oom = true;
            } else if (r2 != SIM_OK) {
                /* vfy_plan proved it: the two runs of the model disagree */
                diag_error(d, in->src, a->node->loc.start, a->node->loc.end, E806,
                           "'%s' does not run on the model as it did when the plan was proved", a->text);
                ok = false;
            } else if (r1 != SIM_OK || !mdl_server_eq(&scratch, &model, &why) ||
                       strcmp(buf_cstr(&la), buf_cstr(&lb)) != 0) {
                buf shown;
                buf_init(&shown);
                for (const char *p = buf_cstr(&script); *p; p++) {
                    if (*p != '\n')
                        buf_putc(&shown, *p);
                    else if (p[1])
                        buf_puts(&shown, " / ");
                }
                diag_error(d, in->src, a->node->loc.start, a->node->loc.end, E806,
                           "'%s' cannot run in a DiskPart process of its own: the script '%s' does not do on "
                           "the model what the line does in one session%s%s",
                           a->text, buf_cstr(&shown), why.len ? ": " : "", buf_cstr(&why));
                buf_free(&shown);
                ok = false;
            }
        }
    }
    if (oom) {
        diag_error(d, NULL, 0, 0, E010, "out of memory");
        ok = false;
    }
    sim_free(&m);
    mdl_server_free(&model);
    mdl_server_free(&scratch);
    buf_free(&out);
    buf_free(&sout);
    buf_free(&script);
    buf_free(&la);
    buf_free(&lb);
    buf_free(&why);
    return ok;
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

/* Append to the text log: the time of day, what ran (a program line, or a
 * DiskPart script, indented), what it printed and its exit code.  The log
 * is for people: a write that fails is not an error of the run. */
static void log_run(executor *x, const char *what, const char *script, const bk_result *r, bool ran)
{
    char when[32];
    time_t now = time(NULL);
    const struct tm *tm = localtime(&now);
    const char *p;
    if (!x->log)
        return;
    if (!tm || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", tm))
        snprintf(when, sizeof when, "?");
    fprintf(x->log, "[%s] %s\n", when, what);
    for (p = script; p && *p;) {
        const char *nl = strchr(p, '\n');
        int n = (int)(nl ? (size_t)(nl - p) : strlen(p));
        fprintf(x->log, "    %.*s\n", n, p);
        p = nl ? nl + 1 : p + n;
    }
    if (ran) {
        fputs(buf_cstr(&r->out), x->log);
        if (r->out.len && r->out.data[r->out.len - 1] != '\n')
            fputc('\n', x->log);
        fprintf(x->log, "[%s] exit code %d\n", when, r->exit_code);
    } else {
        fprintf(x->log, "[%s] %s\n", when, buf_cstr(&r->why));
    }
    fflush(x->log);
}

static void put(executor *x, const buf *b)
{
    if (x->wait_line && x->o->print) {
        /* wipe the wait's line before anything else is printed */
        static const char wipe[] = "\r                                                                              \r";
        x->o->print(x->o->print_ctx, wipe, sizeof wipe - 1);
        x->wait_line = false;
    }
    if (b->len && !b->failed && x->o->print)
        x->o->print(x->o->print_ctx, b->data, b->len);
}

/* ---- progress: each event once, as a text line or a JSON line ----------- */

/* A field of an event's JSON line: a string, or a number when s is NULL. */
typedef struct ev_field {
    const char *key, *s;
    size_t n;
} ev_field;

#define EV_S(k, v) {(k), (v), 0}
#define EV_N(k, v) {(k), NULL, (size_t)(v)}
/* The fields of one event, for event() and event_json(): an array and its count. */
#define EV(...) (const ev_field[]){__VA_ARGS__}, sizeof((const ev_field[]){__VA_ARGS__}) / sizeof(ev_field)
#define EV_NONE NULL, 0

static void json_str(buf *b, const char *s)
{
    json_string(b, s);
}

/* An event in JSON-lines mode: {"event":name, then each field}. */
static void event_json(executor *x, const char *name, const ev_field *f, size_t nf)
{
    size_t i;
    if (x->o->mode != EXEC_JSON)
        return;
    buf_reset(&x->line);
    buf_puts(&x->line, "{\"event\":");
    json_str(&x->line, name);
    for (i = 0; i < nf; i++) {
        buf_putc(&x->line, ',');
        json_str(&x->line, f[i].key);
        buf_putc(&x->line, ':');
        if (f[i].s)
            json_str(&x->line, f[i].s);
        else
            buf_printf(&x->line, "%zu", f[i].n);
    }
    buf_puts(&x->line, "}\n");
    put(x, &x->line);
}

/* One event of the run, reported once: in text mode the line fmt, in
 * JSON-lines mode {"event":name, fields} (nothing when name is NULL: a
 * line for people only); nothing when quiet. */
static void event(executor *x, const char *name, const ev_field *f, size_t nf, const char *fmt, ...)
    MRB_PRINTF(5, 6);
static void event(executor *x, const char *name, const ev_field *f, size_t nf, const char *fmt, ...)
{
    va_list ap;
    if (x->o->mode == EXEC_JSON && name) {
        event_json(x, name, f, nf);
        return;
    }
    if (x->o->mode != EXEC_TEXT)
        return;
    buf_reset(&x->line);
    va_start(ap, fmt);
    buf_vprintf(&x->line, fmt, ap);
    va_end(ap);
    buf_putc(&x->line, '\n');
    put(x, &x->line);
}

/* A wait is under way with left_ms to go: on a terminal one line
 * rewritten every second; otherwise a line (or a JSON event) every 5
 * seconds, so that no wait is silent for longer. */
static void show_wait(executor *x, unsigned long left_ms)
{
    unsigned long left = (left_ms + 999) / 1000;
    if (!x->o->print || x->o->mode == EXEC_QUIET || left == 0)
        return;
    if (x->o->mode == EXEC_TEXT && x->o->terminal) {
        if (left == x->wait_shown && x->wait_line)
            return;
        buf_reset(&x->line);
        buf_printf(&x->line, "\r  waiting %lu s %s ", left, x->wait_why);
        if (!x->line.failed)
            x->o->print(x->o->print_ctx, x->line.data, x->line.len);
        x->wait_line = true;
        x->wait_shown = left;
        return;
    }
    if (x->wait_shown && x->wait_shown - left < 5 && left <= x->wait_shown)
        return;
    x->wait_shown = left;
    event(x, "wait", EV(EV_S("for", x->wait_for), EV_N("seconds_left", left)), "  waiting %lu s %s", left,
          x->wait_why);
}

/* The backend's wait between two DiskPart launches. */
static void bk_waiting(void *ctx, unsigned long left_ms)
{
    executor *x = ctx;
    x->wait_why = "before the next DiskPart run (DiskPart asks for a pause)";
    x->wait_for = "diskpart";
    show_wait(x, left_ms);
}

/* Stop: a diagnostic, and the same as a JSON event. */
static void stop(executor *x, enum diag_code code, const char *fmt, ...) MRB_PRINTF(3, 4);
static void stop(executor *x, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    buf msg;
    buf_init(&msg);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    diag_error(x->d, NULL, 0, 0, code, "%s", buf_cstr(&msg));
    event_json(x, "stopped", EV(EV_S("code", diag_code_str(code)), EV_S("message", buf_cstr(&msg))));
    buf_free(&msg);
}

/* Each line of lines as a note. */
static void notes(executor *x, const char *prefix, const buf *lines)
{
    const char *p = buf_cstr(lines);
    while (*p) {
        const char *nl = strchr(p, '\n');
        int n = (int)(nl ? (size_t)(nl - p) : strlen(p));
        diag_note(x->d, NULL, 0, 0, "%s%.*s", prefix, n, p);
        if (!nl)
            break;
        p = nl + 1;
    }
}

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
                stop(x, E806, "the model refuses '%s' while replaying the journal", st->acts[x->cur_act].text);
            return false;
        }
        x->cur_act++;
    }
    return true;
}

/* A fresh listing of the server, read by the one listing reader. */
static enum exec_status fresh_listing(executor *x, mdl_server *out)
{
    bk_disk_want *want;
    size_t i;
    enum bk_status st;
    snap_options so = {x->o->words, false, false, true};
    if (!(want = util_calloc(x->model.ndisks + 1, sizeof *want))) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    for (i = 0; i < x->model.ndisks; i++) {
        want[i].ref.num = x->model.disks[i].num;
        want[i].ref.missing_id = x->model.disks[i].missing_id;
        want[i].parts = x->model.disks[i].parts_known;
        want[i].detail = x->model.disks[i].detail.known;
    }
    if (plat_interrupted()) {
        util_free(want);
        stop(x, E816, "interrupted (%s): the run stops before its next look at the server; continue with --resume",
             plat_interrupted());
        return EXEC_STOPPED;
    }
    x->wait_shown = 0;
    st = bk_listing(x->bk, want, x->model.ndisks, &x->res);
    util_free(want);
    if (x->bk->kind == BK_PROCESS)
        log_run(x, "a listing of the server", NULL, &x->res, st == BK_OK || x->res.out.len);
    if (st == BK_ERR_NOMEM) {
        x->oom = true;
        return EXEC_NOMEM;
    }
    if (st != BK_OK) {
        stop(x, E810, "cannot take a listing of the server: %s", buf_cstr(&x->res.why));
        return EXEC_IO;
    }
    if (snap_load("the server's listing", x->res.out.data, x->res.out.len, &so, out, x->d) != SNAP_OK) {
        stop(x, E809, "the listing the server gave cannot be read (the messages above say why)");
        return EXEC_STOPPED;
    }
    return EXEC_DONE;
}

/* The conditions of kind k of step s (or the guards when s is nsteps) on
 * a fresh listing. */
static bool conditions_hold(executor *x, const mdl_server *fresh, size_t s, enum plan_kind k)
{
    buf why;
    bool ok = true;
    buf_init(&why);
    if (s == x->p->nsteps) {
        const ast_node *n;
        for (n = x->in->ast->items; n; n = n->next) {
            tri t;
            if (n->kind != AST_GUARD)
                continue;
            buf_reset(&why);
            t = res_cond(n->u.guard.cond, x->in->src, fresh, x->p, NULL, &why);
            if (t != TRI_TRUE) {
                stop(x, E803, "guard %s on the server before the first step%s%s%s%s",
                     t == TRI_FALSE ? "is false" : "is unknown", why.len ? ": " : "", buf_cstr(&why),
                     n->u.guard.msg ? ": " : "", n->u.guard.msg ? n->u.guard.msg->u.string.text : "");
                ok = false;
                break;
            }
        }
    } else {
        const plan_step *st = &x->p->steps[s];
        size_t j;
        for (j = 0; j < st->nacts && ok; j++) {
            const plan_act *a = &st->acts[j];
            tri t;
            if (a->kind != k)
                continue;
            buf_reset(&why);
            t = res_cond(a->node->u.guard.cond, x->in->src, fresh, x->p, a, &why);
            if (t != TRI_TRUE) {
                const char *msg = a->node->u.guard.msg ? a->node->u.guard.msg->u.string.text : NULL;
                stop(x, k == PA_REQUIRE ? E803 : E802, "%s:%lu: %s %s on the server %s step %zu \"%s\"%s%s%s%s",
                     x->in->src->name, a->line, k == PA_REQUIRE ? "require" : "ensure",
                     t == TRI_FALSE ? "is false" : "is unknown", k == PA_REQUIRE ? "before" : "after", s + 1,
                     st->name, why.len ? ": " : "", buf_cstr(&why), msg ? ": " : "", msg ? msg : "");
                ok = false;
            }
        }
    }
    buf_free(&why);
    return ok;
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
    event_json(x, "stopped", EV(EV_S("code", "E709"), EV_S("message", "the journal cannot be written")));
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
        stop(x, E816, "interrupted (%s): the run stops before step %zu, command %zu/%zu '%s', which was not sent; "
                      "continue with --resume",
             plat_interrupted(), s + 1, x->first_cmd[s] + c + 1, x->ncmds, a->text);
        return EXEC_STOPPED;
    }
    if (fio_poisoned()) {
        stop(x, E709, "a flush to the disk failed earlier in this process: no further command is sent; resume "
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
    if (x->o->crash_before && x->launched + 1 == x->o->crash_before)
        plat_kill_self();
    buf_init(&expect);
    last_line(&x->ms_out, &expect);
    x->wait_shown = 0;
    bs = bk_run(x->bk, script, &x->res);
    if (x->bk->kind == BK_PROCESS) {
        buf_reset(&x->tmp);
        buf_printf(&x->tmp, "step %zu, command %zu/%zu: %s", s + 1, global, x->ncmds, a->text);
        log_run(x, buf_cstr(&x->tmp), script, &x->res, bs == BK_OK);
    }
    x->launched++;
    if (x->o->crash_after && x->launched == x->o->crash_after)
        plat_kill_self();
    ok = bs == BK_OK && x->res.exit_code == 0 && has_line(&x->res.out, buf_cstr(&expect));
    last_line(&x->res.out, &x->tmp);
    if (bs == BK_ERR_NOMEM) {
        x->oom = true;
        rc = EXEC_NOMEM;
    } else if (bs == BK_ERR_IO) {
        stop(x, E810, "step %zu, command %zu/%zu '%s': %s", s + 1, global, x->ncmds, a->text,
             buf_cstr(&x->res.why));
        rc = EXEC_IO;
    } else if (bs == BK_ERR_UNKNOWN) {
        stop(x, E805, "step %zu, command %zu/%zu '%s': %s", s + 1, global, x->ncmds, a->text,
             buf_cstr(&x->res.why));
        rc = EXEC_STOPPED;
    } else if (!ok) {
        stop(x, E805, "step %zu, command %zu/%zu '%s' failed: DiskPart exited with code %d and said '%s'%s%s%s",
             s + 1, global, x->ncmds, a->text, x->res.exit_code, buf_cstr(&x->tmp),
             x->res.exit_code == 0 ? " instead of '" : "", x->res.exit_code == 0 ? buf_cstr(&expect) : "",
             x->res.exit_code == 0 ? "'" : "");
        rc = EXEC_STOPPED;
    }
    rc = end_command(x, s, c, rc);
    if (rc == EXEC_DONE) {
        event(x, "command",
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
        event(x, "skipped",
              EV(EV_N("step", s + 1), EV_N("command", global), EV_N("of", x->ncmds), EV_S("text", a->text),
                 EV_S("letters", buf_cstr(&x->tmp))),
              "  [%zu/%zu] skipped on the simulator (no files there): %s%s%s%s", global, x->ncmds, a->text,
              x->tmp.len ? " [drive letters " : "", buf_cstr(&x->tmp), x->tmp.len ? " assigned]" : "");
        return EXEC_DONE;
    }
    if (x->o->crash_before && x->launched + 1 == x->o->crash_before)
        plat_kill_self();
    bs = bk_run_program(x->bk, a->text, &x->res);
    buf_reset(&x->tmp);
    buf_printf(&x->tmp, "step %zu, command %zu/%zu: %s", s + 1, global, x->ncmds, a->text);
    log_run(x, buf_cstr(&x->tmp), NULL, &x->res, bs == BK_OK);
    x->launched++;
    if (x->o->crash_after && x->launched == x->o->crash_after)
        plat_kill_self();
    ok = bs == BK_OK && (robo ? x->res.exit_code >= 0 && x->res.exit_code < 8 : x->res.exit_code == 0);
    last_line(&x->res.out, &x->tmp);
    if (bs == BK_ERR_NOMEM) {
        x->oom = true;
        rc = EXEC_NOMEM;
    } else if (bs != BK_OK) {
        stop(x, E810, "step %zu, command %zu/%zu '%s': %s", s + 1, global, x->ncmds, a->text,
             buf_cstr(&x->res.why));
        rc = EXEC_IO;
    } else if (!ok) {
        stop(x, E811, "step %zu, command %zu/%zu '%s' failed: %s exited with code %d%s%s%s%s%s", s + 1, global,
             x->ncmds, a->text, robo ? "robocopy" : "bcdedit", x->res.exit_code, robo ? " (" : "",
             robo ? robocopy_meaning(x->res.exit_code) : "", robo ? ")" : "", x->tmp.len ? " and said: " : "",
             buf_cstr(&x->tmp));
        rc = EXEC_STOPPED;
    }
    rc = end_command(x, s, c, rc);
    if (rc == EXEC_DONE) {
        event(x, "command",
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
    launch_script(&x->ms, &x->model, a->text, script);
    if (!model_exec(x, a)) {
        mdl_server_free(&before);
        if (!x->oom)
            stop(x, E806, "the model refuses '%s' while replaying the journal", a->text);
        return x->oom ? EXEC_NOMEM : EXEC_STOPPED;
    }
    x->cur_act++;
    rc = fresh_listing(x, &fresh);
    if (rc == EXEC_DONE) {
        nb = mdl_server_diff(&before, &fresh, &db);
        na = mdl_server_diff(&x->model, &fresh, &da);
        if (nb == 0 && ((first && !conditions_hold(x, &fresh, x->p->nsteps, PA_REQUIRE)) ||
                        (c == 0 && !conditions_hold(x, &fresh, s, PA_REQUIRE)))) {
            rc = EXEC_STOPPED;
        } else if (nb == 0) {
            event(x, "settled",
                  EV(EV_N("step", s + 1), EV_N("command", global), EV_S("text", a->text), EV_S("outcome", "run again")),
                  "  [%zu/%zu] %s: %s; the server shows no effect of it: running it again", global, x->ncmds,
                  a->text, x->was);
            *rerun = true;
        } else if (na == 0) {
            if ((rc = settled_done(x, s, c, a)) == EXEC_DONE) {
                event(x, "settled",
                      EV(EV_N("step", s + 1), EV_N("command", global), EV_S("text", a->text), EV_S("outcome", "done")),
                      "  [%zu/%zu] %s: %s; the server shows its effect: done", global, x->ncmds, a->text, x->was);
            }
        } else {
            stop(x, E804, "step %zu \"%s\", command %zu/%zu '%s' was sent before the run stopped%s, and the "
                          "server shows neither the state before it nor the state after it: a person must look "
                          "before anything else is done",
                 s + 1, x->p->steps[s].name, global, x->ncmds, a->text,
                 x->was == x->was_failed ? " and failed" : "");
            notes(x, "if it did not run: ", &db);
            notes(x, "if it ran: ", &da);
            rc = EXEC_STOPPED;
        }
    }
    mdl_server_free(&before);
    mdl_server_free(&fresh);
    buf_free(&db);
    buf_free(&da);
    return rc;
}

/* Check the server against the model (and the conditions) at the start of
 * step s or where a resumed step continues. */
static enum exec_status check_before(executor *x, size_t s, size_t c, bool step_start, bool first)
{
    mdl_server fresh;
    buf why;
    enum exec_status rc;
    mdl_server_init(&fresh);
    buf_init(&why);
    rc = fresh_listing(x, &fresh);
    if (rc == EXEC_DONE && mdl_server_diff(&x->model, &fresh, &why) > 0) {
        if (step_start)
            stop(x, E801, "the server changed: before step %zu \"%s\" it does not show what the run expects, so "
                          "the step is not started",
                 s + 1, x->p->steps[s].name);
        else
            stop(x, E801, "the server changed: step %zu \"%s\" would continue at command %zu/%zu, but the server "
                          "does not show what the run expects there, so nothing more is sent",
                 s + 1, x->p->steps[s].name, x->first_cmd[s] + c + 1, x->ncmds);
        notes(x, "", &why);
        rc = EXEC_STOPPED;
    }
    if (rc == EXEC_DONE && first && !conditions_hold(x, &fresh, x->p->nsteps, PA_REQUIRE))
        rc = EXEC_STOPPED;
    if (rc == EXEC_DONE && step_start && !conditions_hold(x, &fresh, s, PA_REQUIRE))
        rc = EXEC_STOPPED;
    mdl_server_free(&fresh);
    buf_free(&why);
    return rc;
}

static enum exec_status check_after(executor *x, size_t s)
{
    mdl_server fresh;
    buf why;
    enum exec_status rc;
    mdl_server_init(&fresh);
    buf_init(&why);
    rc = fresh_listing(x, &fresh);
    if (rc == EXEC_DONE && mdl_server_diff(&x->model, &fresh, &why) > 0) {
        stop(x, E801, "after step %zu \"%s\" the server does not show what the model of DiskPart predicts",
             s + 1, x->p->steps[s].name);
        notes(x, "", &why);
        rc = EXEC_STOPPED;
    }
    if (rc == EXEC_DONE && !conditions_hold(x, &fresh, s, PA_ENSURE))
        rc = EXEC_STOPPED;
    mdl_server_free(&fresh);
    buf_free(&why);
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
        stop(x, E704, "journal %s records step %u, but the procedure has %zu steps", x->o->journal, sum->nsteps,
             x->p->nsteps);
        return false;
    }
    for (s = 0; s < sum->nsteps; s++) {
        const jrn_step_info *si = &sum->steps[s];
        size_t n = step_commands(&x->p->steps[s]);
        bool any = si->done || si->intents || si->has_done_cmd;
        if (any && open_seen) {
            stop(x, E704, "journal %s records step %zu after a step that is not done", x->o->journal, s + 1);
            return false;
        }
        if ((si->has_done_cmd && si->last_done_cmd >= n) ||
            (si->failed && (si->failed_cmd >= n || si->failed_cmd != (si->has_done_cmd ? si->last_done_cmd + 1 : 0))) ||
            (sum->in_doubt && sum->doubt_step == s &&
             (sum->doubt_cmd >= n || sum->doubt_cmd != (si->has_done_cmd ? si->last_done_cmd + 1 : 0)))) {
            stop(x, E704, "journal %s records a command of step %zu that the procedure does not have there",
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
/* After the last step: the mirrors resynchronise on their own (`add disk`
 * returns at once).  On a server, look at `list volume` every
 * resync_poll_ms, saying each mirror's status and the time since the
 * watch began (DiskPart shows no percentage), until none shows Rebuild;
 * with no poll interval, or on the simulator (whose mirrors never finish),
 * say how to watch it. */
static enum exec_status resync_watch(executor *x)
{
    static const char how[] = "watch them with diskpart, list volume, until every Mirror volume shows Healthy "
                              "instead of Rebuild; do not restart the server before then";
    mdl_server fresh;
    uint64_t start = plat_monotonic_ms();
    enum exec_status rc = EXEC_DONE;
    size_t i;
    bool any = false;
    for (i = 0; i < x->model.nvols; i++)
        any = any || (x->model.vols[i].type == VT_MIRROR && x->model.vols[i].status == VS_REBUILD);
    if (!any)
        return EXEC_DONE;
    if (x->bk->kind == BK_SIM || x->o->resync_poll_ms == 0) {
        event(x, "resync", EV(EV_S("watched", "no"), EV_S("how", how)), "the mirrors now resynchronise on their own%s: %s",
              x->bk->kind == BK_SIM ? " (on a server; the simulator does not model the time it takes)" : "", how);
        return EXEC_DONE;
    }
    event(x, NULL, EV_NONE,
          "the mirrors now resynchronise on their own: watching list volume every %lu s (DiskPart shows no "
          "percentage)", (x->o->resync_poll_ms + 999) / 1000);
    mdl_server_init(&fresh);
    for (;;) {
        unsigned long elapsed;
        bool rebuilding = false, failed = false;
        mdl_server_free(&fresh);
        mdl_server_init(&fresh);
        if ((rc = fresh_listing(x, &fresh)) != EXEC_DONE)
            break;
        elapsed = (unsigned long)((plat_monotonic_ms() - start) / 1000);
        for (i = 0; i < fresh.nvols; i++) {
            const mdl_volume *v = &fresh.vols[i];
            const char *st = mdl_word(&mdl_vol_status_vocab, (int)v->status);
            char letter[2] = {v->letter ? v->letter : '-', '\0'};
            if (v->type != VT_MIRROR)
                continue;
            rebuilding = rebuilding || v->status == VS_REBUILD;
            failed = failed || (v->status != VS_REBUILD && v->status != VS_HEALTHY);
            event(x, "resync",
                  EV(EV_N("elapsed", elapsed), EV_N("volume", v->num), EV_S("letter", letter), EV_S("status", st)),
                  "  resync after %lu s: Volume %u (%s) %s", elapsed, v->num, letter, st);
        }
        if (!rebuilding) {
            if (failed) {
                stop(x, E812, "after %lu s no mirror resynchronises any more, but not every one is Healthy: look "
                              "at them with diskpart, list volume", elapsed);
                rc = EXEC_STOPPED;
            } else {
                event(x, "resync-done", EV(EV_N("elapsed", elapsed)), "resync done: every mirror is Healthy after %lu s",
                      elapsed);
            }
            break;
        }
        {
            uint64_t until = plat_monotonic_ms() + x->o->resync_poll_ms;
            x->wait_why = "to the next look at the mirrors";
            x->wait_for = "resync";
            x->wait_shown = 0;
            for (;;) {
                uint64_t now = plat_monotonic_ms();
                unsigned long left;
                if (now >= until || plat_interrupted())
                    break;
                left = (unsigned long)(until - now);
                show_wait(x, left);
                plat_sleep_ms(left < 1000 ? left : 1000);
            }
        }
        if (plat_interrupted()) {
            stop(x, E816, "interrupted (%s) while watching the resync: every step is done; the mirrors "
                          "resynchronise on their own: %s", plat_interrupted(), how);
            rc = EXEC_STOPPED;
            break;
        }
    }
    mdl_server_free(&fresh);
    return rc;
}

/* The backend started a program, held: record it before it runs anything,
 * so that a resume knows to wait for it should this process die. */
static bool started(void *ctx, unsigned long pid, uint64_t start)
{
    executor *x = ctx;
    if (x->j->w.proto.ended)    /* the resync watch: a resume has nothing to do */
        return true;
    return jrn_launched(&x->j->w, pid, start) == JRN_OK;
}

/* On resume, before anything is looked at or sent: the program the
 * earlier run started last (only the last can outlive it: each is waited
 * for before the next) must have ended, or a command in doubt could be
 * sent a second time beside its first sending.  Wait for it as long as a
 * launch may last (--diskpart-timeout; 0: as long as it takes), saying so;
 * E815 when it outlives that, E816 on an interruption. */
static enum exec_status earlier_program(executor *x)
{
    const jrn_summary *sum = &x->j->sum;
    uint64_t since = plat_monotonic_ms();
    unsigned long limit = x->bk->kind == BK_PROCESS ? x->bk->timeout_ms : 0;
    if (!sum->launched || !plat_process_alive(sum->launch_pid, sum->launch_start))
        return EXEC_DONE;
    event(x, "earlier-program",
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
            stop(x, E816, "interrupted (%s) while waiting for process %lu that the earlier run started: nothing "
                          "was looked at or sent; continue with --resume once it has ended",
                 plat_interrupted(), (unsigned long)sum->launch_pid);
            return EXEC_STOPPED;
        }
        if (limit && waited >= limit) {
            stop(x, E815, "process %lu that the earlier run started%s%s%s still runs after %lu s "
                          "(--diskpart-timeout): nothing was looked at or sent; let it end, or end it and look at "
                          "the server, then --resume",
                 (unsigned long)sum->launch_pid, sum->in_doubt ? " (for '" : "", sum->in_doubt ? sum->doubt_text : "",
                 sum->in_doubt ? "')" : "", (limit + 999) / 1000);
            return EXEC_STOPPED;
        }
        if (limit)
            show_wait(x, (unsigned long)(limit - waited));
        plat_sleep_ms(100);
    }
    if (x->bk->kind == BK_PROCESS) {    /* DiskPart's pause counts from its end too */
        x->bk->launched = true;
        x->bk->last_end = plat_monotonic_ms();
    }
    event(x, "earlier-program-ended", EV(EV_N("pid", sum->launch_pid)),
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
        event(x, "start",
              EV(EV_S("title", title), EV_N("steps", x->p->nsteps), EV_N("programs", x->nprogs),
                 EV_N("commands", x->ncmds)),
              "run: \"%s\": %zu steps, %zu commands (%zu DiskPart, %zu robocopy or bcdedit)", title, x->p->nsteps,
              x->ncmds, x->ncmds - x->nprogs, x->nprogs);
    else
        event(x, "start", EV(EV_S("title", title), EV_N("steps", x->p->nsteps), EV_N("commands", x->ncmds)),
              "run: \"%s\": %zu steps, %zu DiskPart commands", title, x->p->nsteps, x->ncmds);
    for (s = 0; s < x->p->nskips; s++) /* steps this server does not need (`when`): not in the plan */
        event(x, "step-left-out", EV(EV_S("name", x->p->skips[s].name), EV_S("why", x->p->skips[s].why)),
              "left out: step \"%s\": %s", x->p->skips[s].name, x->p->skips[s].why);
    if (sum && !sum->empty)
        event(x, "resume",
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
        event(x, "settled",
              EV(EV_N("step", s + 1), EV_N("command", x->first_cmd[s] + *c + 1), EV_S("text", a->text),
                 EV_S("outcome", "run again")),
              "  [%zu/%zu] %s: %s; it can run again without harm: running it again", x->first_cmd[s] + *c + 1,
              x->ncmds, a->text, x->was);
        rc = check_before(x, s, *c, from_start, first);
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
        event(x, "settled",
              EV(EV_N("step", s + 1), EV_N("command", x->first_cmd[s] + *c + 1), EV_S("text", a->text),
                 EV_S("outcome", "done")),
              "  [%zu/%zu] %s: %s; a select changes nothing on the server: done", x->first_cmd[s] + *c + 1,
              x->ncmds, a->text, x->was);
        ++*c;
        rc = check_before(x, s, *c, from_start, first);
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
            launch_script(&x->ms, &x->model, a->text, script);
            if (!model_exec(x, a)) {
                if (!x->oom)
                    stop(x, E806, "the model refuses '%s'", a->text);
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
    if ((rc = check_after(x, s)) != EXEC_DONE)
        return rc;
    if ((js = jrn_step_done(&x->j->w, (uint32_t)s)) != JRN_OK)
        return journal_status(x, js);
    event(x, "step-done", EV(EV_N("step", s + 1), EV_S("name", st->name)), "step %zu/%zu done%s", s + 1,
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
        event(x, "done", EV(EV_N("steps", x->p->nsteps), EV_N("commands", x->ncmds)),
              "done: %zu steps, %zu commands (%zu DiskPart, %zu robocopy or bcdedit)", x->p->nsteps, x->ncmds,
              x->ncmds - x->nprogs, x->nprogs);
    else
        event(x, "done", EV(EV_N("steps", x->p->nsteps), EV_N("commands", x->ncmds)),
              "done: %zu steps, %zu DiskPart commands", x->p->nsteps, x->ncmds);
    return resync_watch(x);
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
            event(x, "step-done-before", EV(EV_N("step", s + 1), EV_S("name", st->name)), "step %zu/%zu: %s: done before",
                  s + 1, x->p->nsteps, st->name);
            continue;
        }
        c0 = si && si->has_done_cmd ? si->last_done_cmd + 1 : 0;
        event(x, "step", EV(EV_N("step", s + 1), EV_N("of", x->p->nsteps), EV_S("name", st->name)), "step %zu/%zu: %s",
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
            rc = check_before(x, s, c, c0 == 0, first);
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
    bk->waiting = bk_waiting;
    bk->waiting_ctx = &x;
    bk->started = started;
    bk->started_ctx = &x;
    /* no log if it cannot be opened (never through a link, never a FIFO):
     * the journal is the record */
    if (o->log && bk->kind == BK_PROCESS && !(x.log = plat_open_log(o->log, &why)))
        diag_note(d, NULL, 0, 0, "no text log: cannot open %s: %s; the journal is the run's record", o->log, why);
    if (j->resumed && j->sum.ended) {
        event(&x, "done", EV(EV_N("steps", 0), EV_N("commands", 0)),
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
