/* cmd_sim.c - `mrb sim SNAPSHOT SCRIPT [--state FILE]`: run a DiskPart script.
 *
 * Prints on stdout exactly what DiskPart prints in script mode and exits
 * with DiskPart's exit code (docs/mrb.1, EXIT STATUS).  With --state, the server comes
 * from FILE when it exists (else from SNAPSHOT) and is saved there,
 * atomically, after every line that ran a command.  When the model cannot
 * tell what DiskPart would do, or the script uses what the simulator does not
 * model, the run stops with a message on stderr naming the line and what
 * would settle it, and exit status 1.  Assumptions the simulator made are
 * printed on stderr as notes.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd.h"
#include "base/mrblimits.h"
#include "base/platform.h"
#include "diskpart/sim.h"
#include "diskpart/state.h"

typedef struct run_ctx {
    const char *state_path;
    mdl_server *srv;
    buf *out;
    bool io_failed;
} run_ctx;

/* After each command: print what DiskPart printed, then save the state. */
static bool after_command(void *p)
{
    run_ctx *c = p;
    const char *why = "";
    enum st_status st;
    if (c->out->len && !cli_stdout(c->out)) {
        c->io_failed = true;    /* said once by cli_stdout */
        return false;
    }
    buf_reset(c->out);
    if (c->state_path && (st = st_save(c->state_path, c->srv, &why)) != ST_OK) {
        fprintf(stderr, "mrb: error: cannot save the state to %s: %s [%s]\n", c->state_path, why,
                st == ST_NOMEM ? "E010" : "E004");
        c->io_failed = true;
        return false;
    }
    return true;
}

static int load(const char *path, cli_words *w, mdl_server *srv, diag_sink *d)
{
    switch (st_load(path, srv, d)) {
    case ST_OK: return RC_OK;
    case ST_BAD: return RC_REFUSED;
    case ST_IO:
    case ST_NOMEM: return RC_USAGE;
    case ST_NOT_STATE: break;
    }
    return cli_load_server(path, w, srv, d);
}

int cmd_sim(int argc, char **argv)
{
    enum { O_STATE, O_WORDS };
    static const cli_optdef opts[] = {CLI_VALUE("--state", "a file"), CLI_VALUE("--words", "a FILE")};
    const char *files[2] = {NULL, NULL}, *state = NULL, *words = NULL, *v;
    cli_args a;
    enum cli_next k;
    int id = 0, nfiles = 0, rc;
    mdl_server srv;
    cli_words w;
    diag_sink d;
    buf script, out;
    sim m;
    run_ctx ctx;
    enum sim_rc src;
    cli_args_init(&a, "sim", argc, argv, opts, sizeof opts / sizeof opts[0]);
    while ((k = cli_next(&a, &id, &v)) != CLI_END) {
        if (k == CLI_OPT && id == O_STATE) {
            state = v;
        } else if (k == CLI_OPT && id == O_WORDS) {
            words = v;
        } else if (k == CLI_BAD) {
            return RC_USAGE;
        } else if (nfiles < 2) {
            files[nfiles++] = v;
        } else {
            return cli_usage("sim: too many arguments");
        }
    }
    if (nfiles != 2)
        return cli_usage("sim needs a SNAPSHOT and a SCRIPT");
    mdl_server_init(&srv);
    diag_init(&d);
    cli_color(&d);
    buf_init(&script);
    buf_init(&out);
    cli_words_init(&w, words);
    rc = load(state && plat_file_exists(state) ? state : files[0], &w, &srv, &d);
    if (rc == RC_OK)
        rc = cli_read_text(files[1], TXT_SOURCE, LIM_SOURCE_BYTES, &script, &d);
    if (rc != RC_OK) {
        cli_flush(&d);
        goto done;
    }
    sim_init(&m, &srv, NULL, &out);
    ctx.state_path = state;
    ctx.srv = &srv;
    ctx.out = &out;
    ctx.io_failed = false;
    src = sim_script(&m, buf_cstr(&script), script.len, after_command, &ctx);
    if (out.len && !ctx.io_failed && !cli_stdout(&out))
        ctx.io_failed = true;
    if (m.notes.len)
        fprintf(stderr, "mrb: note: %s", buf_cstr(&m.notes));
    switch (src) {
    case SIM_OK:
    case SIM_EXIT:
    case SIM_FAILED:
        rc = m.exit_code;
        break;
    case SIM_UNKNOWN:
        fprintf(stderr, "%s:%lu: error: the model cannot tell what DiskPart would do: %s\n", files[1], m.line,
                buf_cstr(&m.why));
        rc = RC_REFUSED;
        break;
    case SIM_UNMODELLED:
        fprintf(stderr, "%s:%lu: error: %s\n", files[1], m.line, buf_cstr(&m.why));
        rc = RC_REFUSED;
        break;
    case SIM_NOMEM:
        if (!ctx.io_failed)
            fprintf(stderr, "mrb: error: out of memory [E010]\n");
        rc = RC_USAGE;
        break;
    }
    sim_free(&m);
done:
    buf_free(&script);
    buf_free(&out);
    diag_free(&d);
    mdl_server_free(&srv);
    cli_words_free(&w);
    return rc;
}
