/* record.h - what the proof found, as data: the one thing the artifacts
 * render.
 *
 * The resolver writes, for each command of the plan, what each name on its
 * line resolved to, as the listing shows it, and for a disk (or a
 * partition's disk) what identifies it physically (rec_cmd.names).  The verifier,
 * which runs every line on the model with the scripts' own session
 * boundaries, adds the rest while it runs: each name as the model shows it
 * when the command runs, the assumptions the model made for the command
 * (notes), the DiskPart script the command goes in and its place there,
 * and the command as DiskPart parses it; once the plan is proved,
 * rec_finish adds the plan's part: what happens to each disk of the
 * listing and its identity (rec_plan.disks), and each assumption once
 * (rec_plan.assumptions).
 *
 * The scripts' rem lines, the driver, the summary, the review page and the
 * JSON plan only render this record (compiler/out/emit.c, review.c,
 * review_html.c, plan_json.c): none of them parses another's text or runs
 * the plan again.  docs/PIPELINE.md shows where the record sits.
 *
 * Ownership: a rec_cmd owns its strings and arrays (rec_cmd_free), and so
 * does a rec_plan (rec_plan_free); a plan owns both (plan.h).
 */
#ifndef MRB_RECORD_H
#define MRB_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/ast.h"
#include "diskpart/dpcmd.h"
#include "diskpart/model.h"
#include "base/util.h"

/* One piece of a command's evidence: lead, then (when described) the
 * object as the listing shows it.  " survivor -> " + "Disk 0 (Online,
 * ...)"; or only a lead, " dst -> T: (free in the listing)". */
typedef struct rec_name {
    char *lead;
    bool described;         /* a disk, volume or partition of the listing follows */
    enum ast_obj obj;       /* what it is */
    mdl_disk_ref disk;      /* the disk, or the disk a partition is on */
    unsigned num;           /* volume or partition number */
    char *listing;          /* as the listing shows it (res_describe) */
    char *model;            /* as the model shows it when the command runs: set by
                               the verifier for DiskPart lines; NULL: not run */
    bool held;              /* the listing's words only: the capture a carried plan
                               is shown against describes the object otherwise
                               (compiler/plan/carry.c, rec_hold) */
    char *identity;         /* a disk's or a partition's: the disk's identity
                               (rec_identity); NULL: none (the missing disk) */
} rec_name;

typedef struct rec_cmd {
    bool cited;             /* the command has evidence (false: require, ensure) */
    unsigned long line;     /* the procedure line it cites */
    char *says;             /* or, instead of the line, these words ("restores the
                               focus ..." of a carried plan's select lines) */
    size_t nnames, capnames;
    rec_name *names;
    size_t nnotes, capnotes;
    char **notes;           /* the assumptions the model made for it */
    unsigned script;        /* NN of NAME.NN.diskpart.txt; 0: the driver runs it
                               (robocopy, bcdedit) or nothing does (conditions) */
    size_t place;           /* its place among the script's commands, from 1 */
    bool parsed;            /* a DiskPart line DiskPart reads: cmd (its slices
                               point into the plan action's text) */
    dp_cmd cmd;
} rec_cmd;

/* What the plan does to a disk of the listing. */
enum rec_effect_kind {
    EF_REMOVED, EF_WIPED, EF_CONVERTED, EF_MADE_DYNAMIC, EF_GETS_VOLUME, EF_RECEIVES_PLEX, EF_RECEIVES,
    EF_LOSES_PLEX, EF_LOSES, EF_ONLY_READ, EF_COUNT
};

/* "removed", "wiped", ... "only-read": the words a program tests. */
extern const char *const rec_effect_word[EF_COUNT];

typedef struct rec_effect {
    enum rec_effect_kind what;
    char *text;             /* in words: "receives a plex of C:" */
    bool has_volume;
    unsigned volume;        /* the volume it concerns */
    char *volume_name;      /* "C:", "volume 3 (EFI)", "volume 3" */
    const char *to;         /* EF_CONVERTED: "GPT" or "MBR" */
} rec_effect;

typedef struct rec_disk {
    mdl_disk_ref disk;
    char *identity;         /* rec_identity; NULL: none (a missing disk) */
    size_t nfx, capfx;
    rec_effect *fx;
} rec_disk;

typedef struct rec_plan {
    bool done;              /* rec_finish ran */
    size_t ndisks;          /* one per disk of the listing, in its order */
    rec_disk *disks;
    size_t nassume, capassume;
    char **assumptions;     /* each note of the commands once, in plan order */
} rec_plan;

void rec_cmd_free(rec_cmd *c);
/* An own copy of c in out, without the model's view; false when out of
 * memory (out freed). */
bool rec_cmd_copy(rec_cmd *out, const rec_cmd *c);

/* The resolver's pieces: a lead alone (printf-like), or a lead and an
 * object of the listing with its description there.  A failed allocation
 * marks failed. */
void rec_add_text(rec_cmd *c, bool *failed, const char *fmt, ...) MRB_PRINTF(3, 4);
void rec_add_object(rec_cmd *c, bool *failed, const char *lead, enum ast_obj obj, mdl_disk_ref disk, unsigned num,
                    const char *listing, const char *identity);
/* Does a piece of c lead with text? */
bool rec_has_lead(const rec_cmd *c, const char *text);

/* A carried plan's (compiler/plan/carry.c): each described name that now, the
 * new capture, does not describe as the earlier listing did keeps the
 * listing's words (held).  False when out of memory. */
bool rec_hold(rec_cmd *c, const mdl_server *now);

/* The verifier's: a note; each described name (not held) as the model m
 * shows it. */
bool rec_add_note(rec_cmd *c, const char *note, size_t n);
bool rec_see(rec_cmd *c, const mdl_server *m);

/* What identifies disk d physically, one line (SPEC.md, "Output"): from
 * `detail disk` its model, Disk ID and Location Path, from the inventory
 * its serial number, bus type and exact size, those captured;
 * "identity not captured" when none is.  False, and nothing written, for
 * a missing disk, which has none. */
bool rec_identity(buf *b, const mdl_disk *d);

/* The command's evidence as the rem lines give it: "mrb:LINE" and the
 * pieces, each name as the model shows it (model, when seen) or as the
 * listing does; a line "mrb: Disk N: IDENTITY" for each disk the names
 * are or are on, once; then a line "mrb: note: NOTE" per note; lines
 * separated by '\n'.  Nothing for a command without evidence. */
void rec_text(buf *b, const rec_cmd *c, bool model);
/* The pieces alone, as the listing shows the names, without the line:
 * "survivor -> Disk 0 (...)" (or the words that stand for the line).
 * False when there is none. */
bool rec_evidence(buf *b, const rec_cmd *c);

typedef struct plan plan;

/* The plan's part, once p is proved against snap (p->after set): the
 * effects on each disk of snap and the assumptions.  False when out of
 * memory. */
bool rec_finish(plan *p, const mdl_server *snap);
void rec_plan_free(rec_plan *r);

/* The effects on disk d of the listing, or NULL. */
const rec_disk *rec_disk_of(const rec_plan *r, const mdl_disk *d);
/* Does r (may be NULL) have an effect of kind e? */
bool rec_has_effect(const rec_disk *r, enum rec_effect_kind e);
/* Does v live on d, as the model places it (where_known)? */
bool rec_lives_on(const mdl_volume *v, const mdl_disk *d);
/* Their words, "; " between: "made GPT; made dynamic; receives a plex of C:". */
void rec_disk_words(buf *b, const rec_disk *r);

#endif
