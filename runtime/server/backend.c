/* backend.c - the simulator and DiskPart-process backends of `mrb run`.
 *
 * Design.  Both kinds take the same script text and give back what DiskPart
 * printed and its exit code, so the executor judges their answers by one
 * rule.  The simulator saves its server after every command, before it
 * runs the next: a process killed at any moment leaves the state file
 * before or after a whole command, exactly as a real disk would be.  The
 * process kind writes the script through fileio, so that once a flush has
 * failed in this process (fileio's poisoned flag) no script can be written
 * and no DiskPart launched.  It spaces its launches as Microsoft asks
 * (wait_ms from the end of one to the start of the next) and kills a
 * launch that outlives timeout_ms: the executor then stops with the
 * command in doubt, for --resume to settle.
 */
#include "server/backend.h"

#include <string.h>

#include "base/fileio.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "diskpart/print.h"
#include "diskpart/state.h"

void bk_result_init(bk_result *r)
{
    r->exit_code = 0;
    buf_init(&r->out);
    buf_init(&r->err);
    buf_init(&r->why);
}

void bk_result_free(bk_result *r)
{
    buf_free(&r->out);
    buf_free(&r->err);
    buf_free(&r->why);
}

static void result_reset(bk_result *r)
{
    r->exit_code = 0;
    buf_reset(&r->out);
    buf_reset(&r->err);
    buf_reset(&r->why);
}

static bool open_sim(bk_backend *b, const char *state_path, const mdl_server *start, const sim_opts *o,
                     diag_sink *d)
{
    const char *why = "";
    enum st_status st;
    memset(b, 0, sizeof *b);
    b->kind = BK_SIM;
    b->state_path = state_path;
    mdl_server_init(&b->srv);
    if (o)
        b->opts = *o;
    else
        sim_opts_default(&b->opts);
    if (plat_file_exists(state_path)) {
        switch (st_load(state_path, &b->srv, d)) {
        case ST_OK:
            sim_infer(&b->srv);
            return true;
        case ST_NOT_STATE:
            diag_error(d, NULL, 0, 0, E810, "%s is not a state file (it does not start with '%s'): mrb run "
                                            "keeps the simulated server there and will not overwrite it",
                       state_path, ST_MAGIC);
            return false;
        case ST_BAD:
        case ST_IO:
        case ST_NOMEM:
            return false;
        }
    }
    if (!mdl_server_copy(&b->srv, start)) {
        diag_error(d, NULL, 0, 0, E010, "out of memory");
        return false;
    }
    sim_infer(&b->srv);
    if ((st = st_save(state_path, &b->srv, &why)) != ST_OK) {
        diag_error(d, NULL, 0, 0, st == ST_NOMEM ? E010 : E810, "cannot create the state file %s: %s", state_path,
                   why);
        return false;
    }
    b->created = true;
    return true;
}

/* On failure nothing stays allocated: the caller does not close it. */
bool bk_open_sim(bk_backend *b, const char *state_path, const mdl_server *start, const sim_opts *o,
                 diag_sink *d)
{
    if (open_sim(b, state_path, start, o, d))
        return true;
    mdl_server_free(&b->srv);
    return false;
}

void bk_open_process(bk_backend *b, const char *program, const char *script_path)
{
    memset(b, 0, sizeof *b);
    b->kind = BK_PROCESS;
    b->program = program;
    b->script_path = script_path;
    b->wait_ms = BK_DISKPART_WAIT_MS;
    b->timeout_ms = BK_DISKPART_TIMEOUT_MS;
    b->robocopy = "robocopy";
    b->bcdedit = "bcdedit";
    mdl_server_init(&b->srv);
    buf_init(&b->saved);
}

void bk_close(bk_backend *b)
{
    mdl_server_free(&b->srv);
    buf_free(&b->saved);
}

typedef struct save_ctx {
    bk_backend *b;
    bk_result *r;
} save_ctx;

/* After every simulated command: save the server before the next one, if
 * the command changed it (a select or a list does not: writing the same
 * bytes again would cost two flushes for nothing). */
static bool save_state(void *p)
{
    save_ctx *c = p;
    const char *why = "";
    enum st_status st;
    buf now;
    buf_init(&now);
    st_write(&now, &c->b->srv);
    if (!now.failed && !c->b->saved.failed && now.len == c->b->saved.len && now.len &&
        memcmp(now.data, c->b->saved.data, now.len) == 0) {
        buf_free(&now);
        return true;
    }
    buf_free(&c->b->saved);
    c->b->saved = now;   /* on failure below the next command saves again */
    if ((st = st_save(c->b->state_path, &c->b->srv, &why)) != ST_OK) {
        buf_free(&c->b->saved);
        buf_printf(&c->r->why, "cannot save the state file %s: %s", c->b->state_path, why);
        c->b->broken = st != ST_NOMEM;     /* out of memory: BK_ERR_NOMEM below, E010 */
        return false;
    }
    return true;
}

static enum bk_status run_sim(bk_backend *b, const char *script, bk_result *r)
{
    sim m;
    save_ctx ctx;
    enum sim_rc rc;
    enum bk_status st = BK_OK;
    buf text;
    if (b->broken) {
        buf_puts(&r->why, "the state file could not be saved earlier: nothing more is run");
        return BK_ERR_IO;
    }
    buf_init(&text);
    buf_puts(&text, script);
    buf_puts(&text, "exit\n");
    if (text.failed) {
        buf_free(&text);
        return BK_ERR_NOMEM;
    }
    sim_init(&m, &b->srv, &b->opts, &r->out);
    ctx.b = b;
    ctx.r = r;
    rc = sim_script(&m, text.data, text.len, save_state, &ctx);
    switch (rc) {
    case SIM_OK:
    case SIM_EXIT:
    case SIM_FAILED:
        r->exit_code = m.exit_code;
        break;
    case SIM_UNKNOWN:
    case SIM_UNMODELLED:
        buf_printf(&r->why, "the simulator cannot tell what DiskPart would do with line %lu: %s", m.line,
                   buf_cstr(&m.why));
        st = BK_ERR_UNKNOWN;
        break;
    case SIM_NOMEM:
        st = b->broken ? BK_ERR_IO : BK_ERR_NOMEM;
        break;
    }
    sim_free(&m);
    buf_free(&text);
    return st;
}

/* CRLF to LF, as the listing reader and the executor expect. */
static void to_lf(buf *out)
{
    size_t k, o = 0;
    for (k = 0; k < out->len; k++)
        if (!(out->data[k] == '\r' && k + 1 < out->len && out->data[k + 1] == '\n'))
            out->data[o++] = out->data[k];
    out->len = o;
    if (out->data)
        out->data[o] = '\0';
}

bool bk_pause(bk_backend *b)
{
    if (b->kind != BK_PROCESS)
        return true;
    /* in slices of at most a second, saying how long is left */
    while (b->launched && b->wait_ms && !plat_interrupted()) {
        uint64_t since = plat_monotonic_ms() - b->last_end;
        unsigned long left;
        if (since >= b->wait_ms)
            break;
        left = (unsigned long)(b->wait_ms - since);
        if (b->waiting)
            b->waiting(b->waiting_ctx, left);
        plat_sleep_ms(left < 1000 ? left : 1000);
    }
    return !plat_interrupted();
}

static enum bk_status run_process(bk_backend *b, const char *script, bk_result *r)
{
    const char *why = "";
    const char *argv[4];
    buf text;
    size_t i;
    bool truncated = false, timed_out = false;
    enum fio_status fs;
    enum plat_status ps;
    buf_init(&text);
    /* DiskPart reads its script in the console's code page: ASCII and CRLF */
    for (i = 0; script[i]; i++) {
        if (script[i] == '\n')
            buf_putc(&text, '\r');
        buf_putc(&text, (unsigned char)script[i] < 0x80 ? script[i] : '?');
    }
    buf_puts(&text, "exit\r\n");
    if (text.failed) {
        buf_free(&text);
        return BK_ERR_NOMEM;
    }
    fs = fio_write_atomic(b->script_path, text.data, text.len, &why);
    buf_free(&text);
    if (fs != FIO_OK) {
        buf_printf(&r->why, "cannot write the DiskPart script %s: %s", b->script_path, why);
        return BK_ERR_IO;
    }
    argv[0] = b->program;
    argv[1] = "/s";
    argv[2] = b->script_path;
    argv[3] = NULL;
    if (!bk_pause(b)) {
        buf_printf(&r->why, "%s was not started: the run was interrupted (%s)", b->program, plat_interrupted());
        return BK_ERR_IO;
    }
    ps = plat_run_held(argv, LIM_LISTING_BYTES, b->timeout_ms, &r->out, &r->err, &truncated, &timed_out,
                       &r->exit_code, &why, b->started, b->started_ctx);
    b->launched = true;
    b->last_end = plat_monotonic_ms();
    if (timed_out) {
        buf_printf(&r->why, "%s did not finish within %lu s and was killed: what it did is not known", b->program,
                   (b->timeout_ms + 999) / 1000);
        return BK_ERR_IO;
    }
    if (ps != PLAT_OK) {
        buf_printf(&r->why, "cannot run %s: %s", b->program, why);
        return BK_ERR_IO;
    }
    if (truncated) {
        buf_printf(&r->why, "%s printed more than %u bytes", b->program, LIM_LISTING_BYTES);
        return BK_ERR_IO;
    }
    to_lf(&r->out);
    return BK_OK;
}

enum bk_status bk_run_program(bk_backend *b, const char *line, bk_result *r)
{
    const char *why = "", **argv = NULL, *program;
    buf words;
    size_t n = 0, i, k, start;
    bool truncated = false, timed_out = false, quoted = false, in_word = false;
    enum plat_status ps;
    enum bk_status st = BK_OK;
    result_reset(r);
    if (b->kind != BK_PROCESS) {
        buf_puts(&r->why, "the simulator runs no programs");
        return BK_ERR_UNKNOWN;
    }
    /* the words, each NUL-ended in words */
    buf_init(&words);
    for (i = 0; line[i]; i++) {
        char c = line[i];
        if (c == '"') {
            quoted = !quoted;
            if (!in_word)
                in_word = true;
            continue;
        }
        if ((c == ' ' || c == '\t') && !quoted) {
            if (in_word) {
                buf_putc(&words, '\0');
                n++;
            }
            in_word = false;
            continue;
        }
        in_word = true;
        buf_putc(&words, c);
    }
    if (in_word) {
        buf_putc(&words, '\0');
        n++;
    }
    if (words.failed || n == 0 || !(argv = util_calloc(n + 1, sizeof *argv))) {
        buf_free(&words);
        if (n == 0) {
            buf_puts(&r->why, "an empty command line");
            return BK_ERR_IO;
        }
        return BK_ERR_NOMEM;
    }
    for (i = 0, k = 0, start = 0; i < words.len; i++)
        if (words.data[i] == '\0') {
            argv[k++] = words.data + start;
            start = i + 1;
        }
    program = argv[0];
    if (strcmp(argv[0], "robocopy") == 0)
        argv[0] = program = b->robocopy;
    else if (strcmp(argv[0], "bcdedit") == 0)
        argv[0] = program = b->bcdedit;
    ps = plat_run_held(argv, LIM_LISTING_BYTES, b->timeout_ms, &r->out, &r->err, &truncated, &timed_out,
                       &r->exit_code, &why, b->started, b->started_ctx);
    if (timed_out) {
        buf_printf(&r->why, "%s did not finish within %lu s and was killed: what it did is not known", program,
                   (b->timeout_ms + 999) / 1000);
        st = BK_ERR_IO;
    } else if (ps != PLAT_OK) {
        buf_printf(&r->why, "cannot run %s: %s", program, why);
        st = BK_ERR_IO;
    } else {
        to_lf(&r->out);
        if (r->out.failed)
            st = BK_ERR_NOMEM;
    }
    util_free(argv);
    buf_free(&words);
    return st;
}

enum bk_status bk_run(bk_backend *b, const char *script, bk_result *r)
{
    result_reset(r);
    return b->kind == BK_SIM ? run_sim(b, script, r) : run_process(b, script, r);
}

enum bk_status bk_listing(bk_backend *b, const bk_disk_want *want, size_t n, bk_result *r)
{
    buf script;
    size_t i;
    enum bk_status st;
    result_reset(r);
    if (b->kind == BK_SIM) {
        prt_snapshot(&r->out, &b->srv);
        return r->out.failed ? BK_ERR_NOMEM : BK_OK;
    }
    buf_init(&script);
    buf_puts(&script, "list disk\nlist volume\n");
    for (i = 0; i < n; i++) {
        if (!want[i].parts && !want[i].detail)
            continue;
        buf_printf(&script, "select disk " MDL_DISK_FMT "\n", MDL_DISK_ARGS(want[i].ref));
        if (want[i].parts)
            buf_puts(&script, "list partition\n");
        if (want[i].detail)
            buf_puts(&script, "detail disk\n");
    }
    st = script.failed ? BK_ERR_NOMEM : run_process(b, buf_cstr(&script), r);
    buf_free(&script);
    if (st == BK_OK && r->exit_code != 0) {
        buf_printf(&r->why, "%s exited with code %d while listing the disks", b->program, r->exit_code);
        st = BK_ERR_IO;
    }
    return st;
}
