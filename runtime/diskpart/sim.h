/* sim.h - the DiskPart simulator: a DiskPart session on an mdl_server.
 *
 * The one model of DiskPart (runtime/diskpart/MODEL.md): `mrb sim`, the verifier and
 * `mrb run --simulate` all run commands here.  A session holds DiskPart's
 * focus (disk, volume, partition) and runs one command at a time on the
 * server: it changes the model as DiskPart changes the disks, prints what
 * DiskPart prints in script mode, and refuses what DiskPart refuses, with
 * DiskPart's message (runtime/diskpart/dpmsg.h) and exit code.
 *
 * What a listing leaves unsaid stays unknown (runtime/diskpart/MODEL.md).  A command
 * whose outcome depends on an unknown is not run: it returns SIM_UNKNOWN and
 * sim.why says what the model cannot tell and which probe output would
 * settle it.  The model never guesses in the direction that turns a refusal
 * into a success, except for the one named assumption MODEL.md describes
 * (same-size replacement disk), which is recorded in sim.notes.
 *
 * Ownership: the session borrows the server and the output buffer; it owns
 * why and notes (sim_free).
 */
#ifndef MRB_SIM_H
#define MRB_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "diskpart/dpcmd.h"
#include "diskpart/dpmsg.h"
#include "diskpart/infer.h"
#include "diskpart/model.h"
#include "base/util.h"

typedef struct sim_opts {
    const char *version;        /* banner: "10.0.19041.964" */
    const char *host;           /* banner: "On computer: HOST" */
    uint64_t auto_msr_size;     /* the partition `convert gpt` makes; 0: none */
    uint64_t auto_msr_offset;
} sim_opts;

enum sim_rc {
    SIM_OK,         /* the command ran (or was a blank line / rem) */
    SIM_FAILED,     /* DiskPart refused it: message printed, exit code set */
    SIM_EXIT,       /* `exit`: the session is over */
    SIM_UNKNOWN,    /* the model cannot tell what DiskPart would do: see why */
    SIM_UNMODELLED, /* a DiskPart command or form the simulator does not model */
    SIM_NOMEM
};

/* Focus on one kind of object: none, a known one, or one the model cannot
 * name (a volume whose disks are unknown was selected, say). */
enum sim_focus { SF_NONE, SF_SET, SF_UNKNOWN };

typedef struct sim {
    mdl_server *srv;            /* borrowed */
    buf *out;                   /* borrowed: what DiskPart prints */
    sim_opts opts;
    buf why;                    /* owned: why the last command was SIM_UNKNOWN/UNMODELLED */
    buf notes;                  /* owned: assumptions made, one per line */
    enum sim_focus fdisk, fvol, fpart;
    mdl_disk_ref disk;          /* when fdisk == SF_SET */
    unsigned vol;               /* volume number, when fvol == SF_SET */
    uint64_t part_off;          /* the partition's offset (lower bound), when fpart == SF_SET */
    int exit_code;              /* DiskPart's exit status so far */
    enum dp_msg last_error;     /* the refusal of the last SIM_FAILED */
    unsigned long line;         /* script line being run (1-based) */
} sim;

/* Defaults: Windows 10 banner, host "SERVER", the auto MSR of modern builds
 * (16 MiB less 17 KiB at offset 17 KiB: docs/DISKPART.md 1.9). */
void sim_opts_default(sim_opts *o);

/* Start a session on srv (which sim_infer completes first). */
void sim_init(sim *m, mdl_server *srv, const sim_opts *o, buf *out);
void sim_free(sim *m);

/* Print DiskPart's banner. */
void sim_banner(sim *m);

/* Run one parsed command. */
enum sim_rc sim_exec(sim *m, const dp_cmd *c);

/* Read and run one script line (line[len] must be '\0').  A syntax error is
 * SIM_FAILED whatever noerr says; a refusal with noerr is SIM_OK. */
enum sim_rc sim_line(sim *m, const char *line, size_t len);

/* Run a whole script text (UTF-8, LF line ends): the banner, then line by
 * line until the end, `exit`, or a command that stops it.  after(ctx) is
 * called after every line that ran a command; when it returns false the
 * script stops with SIM_NOMEM (the caller could not save the state). */
enum sim_rc sim_script(sim *m, const char *text, size_t len, bool (*after)(void *ctx), void *ctx);

#endif
