/* cli.h - what every subcommand shares: reading inputs, reporting, writing.
 *
 * The exit statuses (RC_OK, RC_REFUSED, RC_USAGE) are runtime/base/diag.h's.
 */
#ifndef MRB_CLI_H
#define MRB_CLI_H

#include <stdbool.h>

#include "base/diag.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/text.h"
#include "base/util.h"

/* Print "mrb: message" and a hint to run `mrb --help`; returns RC_USAGE. */
int cli_usage(const char *fmt, ...)
    MRB_PRINTF(1, 2)
    ;

/* Read and decode a file.  Returns RC_OK, RC_REFUSED (decoding refused it:
 * diagnostics in d) or RC_USAGE (cannot read it, or over max bytes: the
 * message is in d too). */
int cli_read_text(const char *path, enum txt_kind kind, size_t max, buf *text, diag_sink *d);

/* --words FILE: the words an operator supplies for the listings a command
 * reads (grammar/capture/listing.h, lst_words).  Read once, on the first listing
 * (after the procedure, whose errors come first), and kept for every
 * listing the command reads (the server's fresh listings in `mrb run`
 * too); path must outlive w.  All zeros is a cli_words of no file. */
typedef struct cli_words {
    const char *path;   /* NULL: no words file */
    lst_words w;
    bool read;          /* read (rc says how it went) */
    int rc;
} cli_words;

void cli_words_init(cli_words *w, const char *path);
void cli_words_free(cli_words *w);
/* Read the words file if not read yet; RC_OK when there is none. */
int cli_words_load(cli_words *w, diag_sink *d);
/* The words read, or NULL (none, or not read). */
const lst_words *cli_words_of(const cli_words *w);

/* Load a server: a captured DiskPart listing, or a simulator state file
 * (grammar/capture/snapshot.h), with w's words (read first if not yet). */
int cli_load_server(const char *path, cli_words *w, mdl_server *s, diag_sink *d);

/* Read the disks of a capture that need hold no more than `list disk` (the
 * first stage of `mrb probe`); refused (E205) when it shows no disk. */
int cli_load_disks(const char *path, cli_words *w, mdl_server *s, diag_sink *d);

/* Read path's bytes (at most max) into raw; E002 (RC_REFUSED) when
 * larger, E001 (RC_USAGE) when it cannot be read. */
int cli_read_raw(const char *path, size_t max, buf *raw, diag_sink *d);

/* --inventory FILE: read the inventory (grammar/capture/inventory.h) and join it to
 * s, a listing's model, refusing any disagreement (RC_REFUSED). */
int cli_load_inventory(const char *path, mdl_server *s, diag_sink *d);
/* What the inventory added to s, as text: one line a disk. */
void cli_print_inventory(buf *out, const mdl_server *s);

/* Read the procedure file and prove_procedure it, then w's words and the
 * listing file, and prove (compiler/plan/prove.h) on those bytes. */
struct proved;
int cli_prove(struct proved *x, const char *file, const char *listing, cli_words *w, diag_sink *d);
/* compile --continue FROM: cli_prove on the earlier listing, FROM itself
 * or, when FROM is the earlier plan's folder, its NAME.listing.txt (its
 * NAME.cmd must cite the procedure's and that listing's SHA-256: E623),
 * then the new capture listing (and x->inventory) read and prove_rest
 * (compiler/plan/prove.h) on it. */
int cli_prove_continue(struct proved *x, const char *file, const char *from, const char *listing, cli_words *w,
                       diag_sink *d);

/* Colours for d when standard error is a terminal and NO_COLOR is unset
 * or empty (https://no-color.org's convention). */
void cli_color(diag_sink *d);

/* Write the sink's diagnostics to stderr. */
void cli_flush(diag_sink *d);

/* Write all of b to stdout; false (and a message, E009, the first time
 * only) on an I/O error, and at once after one. */
bool cli_stdout(const buf *b);

/* At the end of every subcommand (main): flush standard output; when it
 * failed, now or before, say so once (E009) and return RC_USAGE, else rc. */
int cli_finish(int rc);

/* Match "--name=value" or "--name value"; advances *i past what it used. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

/* ---- one option parser for every subcommand ------------------------------
 *
 * A subcommand lists its options in a table, CLI_FLAG("--resume") or
 * CLI_VALUE("--state", "a file") each (tests/scripts/help_options.sh reads
 * these tables to hold them to the help and the manual), and takes its
 * arguments one at a time from cli_next, deciding what each means and what
 * to say when one is wrong; cli_next itself refuses an unknown option and a
 * value option given without its value. */
typedef struct cli_optdef {
    const char *name;   /* "--state", "-o" */
    bool value;         /* takes a value: "--state=F" or "--state F" */
    const char *needs;  /* what its value is, for "CMD: --state needs a file"
                           when it has none; NULL: the subcommand gets the
                           option with a NULL value and says what it takes */
} cli_optdef;

#define CLI_FLAG(name) {(name), false, NULL}
#define CLI_VALUE(name, needs) {(name), true, (needs)}

typedef struct cli_args {
    const char *cmd;        /* the subcommand, for the usage errors */
    int argc;
    char **argv;
    int i;                  /* the next argument */
    const cli_optdef *defs;
    size_t ndefs;
    bool options;           /* options are still read (until "--", which cli_next skips) */
} cli_args;

enum cli_next {
    CLI_END,        /* no argument left */
    CLI_OPT,        /* option defs[*id]; *v its value, NULL when it has none */
    CLI_ARG,        /* *v is an argument that is no option ("-" is one) */
    CLI_BAD         /* an unknown option, or a value option without the value its
                       entry needs: said (cli_usage); the subcommand returns RC_USAGE */
};

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv, const cli_optdef *defs, size_t ndefs);
/* The next argument; the first "--" ends the options (for every
 * subcommand): it is skipped, and every argument after it is a CLI_ARG. */
enum cli_next cli_next(cli_args *a, int *id, const char **v);

/* compile --ticket FILE (compiler/cli/cmd_ticket.c): read the ticket at
 * path and tkt_check it (plan/ticket.h); an exit status.  With refused (the
 * plan was refused on its listing, and p holds what was resolved), a disk
 * to keep that p does not bind is not checked. */
int tkt_check_file(const char *path, const plan *p, const mdl_server *snap, bool refused, diag_sink *d);

#endif
