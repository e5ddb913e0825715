/* exec_report.c - what `mrb run` tells: its progress, the diagnostics that
 * stop it, its text log (compiler/run/exec_int.h).
 */
#include "run/exec_int.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "base/json.h"

/* Append to the text log: the time of day, what ran (a program line, or a
 * DiskPart script, indented), what it printed and its exit code.  The log
 * is for people: a write that fails is not an error of the run. */
void ex_log_run(executor *x, const char *what, const char *script, const bk_result *r, bool ran)
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

static void json_str(buf *b, const char *s)
{
    json_string(b, s);
}

/* An event in JSON-lines mode: {"event":name, then each field}. */
void ex_event_json(executor *x, const char *name, const ev_field *f, size_t nf)
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
void ex_event(executor *x, const char *name, const ev_field *f, size_t nf, const char *fmt, ...)
{
    va_list ap;
    if (x->o->mode == EXEC_JSON && name) {
        ex_event_json(x, name, f, nf);
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
void ex_show_wait(executor *x, unsigned long left_ms)
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
    ex_event(x, "wait", EV(EV_S("for", x->wait_for), EV_N("seconds_left", left)), "  waiting %lu s %s", left,
             x->wait_why);
}

/* The backend's wait between two DiskPart launches. */
void ex_bk_waiting(void *ctx, unsigned long left_ms)
{
    executor *x = ctx;
    x->wait_why = "before the next DiskPart run (DiskPart asks for a pause)";
    x->wait_for = "diskpart";
    ex_show_wait(x, left_ms);
}

/* Stop: a diagnostic, and the same as a JSON event. */
void ex_stop(executor *x, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    buf msg;
    buf_init(&msg);
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    diag_error(x->d, NULL, 0, 0, code, "%s", buf_cstr(&msg));
    ex_event_json(x, "stopped", EV(EV_S("code", diag_code_str(code)), EV_S("message", buf_cstr(&msg))));
    buf_free(&msg);
}

/* Each line of lines as a note. */
void ex_notes(executor *x, const char *prefix, const buf *lines)
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

