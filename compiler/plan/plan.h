/* plan.h - a resolved procedure: steps of concrete commands for one server.
 *
 * The resolver (compiler/plan/resolve.c) turns a checked procedure and a snapshot
 * into a plan: every selector replaced by the disk, volume or partition it
 * denotes, `for each` unrolled, letter variables given letters.  The plan is
 * what the verifier runs on the model, what the emitter writes out and what
 * `mrb run` executes: the DiskPart lines in it are the very text of the
 * scripts, so what was proved is what runs.
 *
 * Ownership: a plan owns its arrays and strings (plan_free); the AST nodes
 * it points to belong to the compilation's arena.
 */
#ifndef MRB_PLAN_H
#define MRB_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/ast.h"
#include "diskpart/model.h"
#include "plan/record.h"
#include "base/util.h"

/* What a name denotes once resolved: a disk, volume or partition by its
 * identity (numbers as DiskPart showed them in the listing), or a letter. */
typedef struct plan_bind {
    const ast_node *decl;   /* AST_SEL_DECL, AST_LETTER_DECL or AST_FOR_EACH */
    enum ast_obj obj;       /* OBJ_NONE: a letter */
    mdl_disk_ref disk;      /* the disk, or the disk a partition is on */
    unsigned num;           /* volume or partition number */
    char letter;            /* letter variables: 'A'..'Z' */
} plan_bind;

enum plan_kind {
    PA_DISKPART,    /* one DiskPart script line */
    PA_ROBOCOPY,    /* cmd: robocopy; exit codes 8 and above are failures */
    PA_BCDEDIT,     /* cmd: bcdedit; any non-zero exit code is a failure */
    PA_REQUIRE,     /* a condition that must hold here (checked, not emitted) */
    PA_ENSURE       /* a condition that must hold after the step */
};

typedef struct plan_act {
    enum plan_kind kind;
    char *text;             /* the line as emitted: "select disk 1", "robocopy s:\ t:\ ..." */
    rec_cmd rec;            /* what the proof found of it (record.h): the names on
                               the line, as the listing and the model show them */
    unsigned long line;     /* procedure line it comes from */
    const ast_node *node;   /* its statement (conditions are evaluated from it) */
    size_t nbinds;          /* the loop variables in scope, for conditions */
    plan_bind *binds;
} plan_act;

typedef struct plan_step {
    char *name;
    unsigned long line;
    size_t nacts, capacts;
    plan_act *acts;
} plan_step;

/* A step of the procedure that this server does not need: its `when`
 * condition is false on the listing (SPEC.md, "Steps"). */
typedef struct plan_skip {
    char *name;
    unsigned long line;
    char *why;              /* "'survivor.gpt' is false" */
    size_t before;          /* the number of plan steps that run before it */
} plan_skip;

typedef struct plan {
    char *title;            /* the procedure's title */
    size_t nsteps, capsteps;
    plan_step *steps;
    size_t nskips, capskips;
    plan_skip *skips;
    /* the listing rows the plan relies on, as captured (without the focus
     * mark): the driver checks them against a fresh listing before it
     * changes anything */
    size_t nrows, caprows;
    char **rows;
    /* an index of rows, so that adding one is not a scan of all: an open
     * addressing table of caprowidx slots (a power of two), each 0 or a
     * row's index + 1 */
    size_t caprowidx;
    size_t *rowidx;
    /* what every declared selector and letter variable denotes */
    size_t nbinds, capbinds;
    plan_bind *binds;
    /* set by the verifier once the plan is proved: the model of the server
     * after the last step, and the one disk destructive commands reach */
    bool proved;
    mdl_server after;
    bool has_target;
    mdl_disk_ref target;
    /* what happens to each disk and the assumptions, once proved (record.h) */
    rec_plan rec;
} plan;

void plan_init(plan *p);
void plan_free(plan *p);

/* Append; NULL/false on allocation failure.  Strings are copied. */
plan_step *plan_add_step(plan *p, const char *name, unsigned long line);
/* plan_add_act copies rec (NULL: none). */
plan_act *plan_add_act(plan_step *s, enum plan_kind kind, const char *text, const rec_cmd *rec,
                       unsigned long line, const ast_node *node);
bool plan_add_row(plan *p, const char *row);
bool plan_add_bind(plan *p, const plan_bind *b);
bool plan_add_skip(plan *p, const char *name, unsigned long line, const char *why);
/* Give a an own copy of the n loop bindings in scope. */
bool plan_act_binds(plan_act *a, const plan_bind *b, size_t n);

/* The binding of decl: among the action's loop variables, then the plan's. */
const plan_bind *plan_find(const plan *p, const plan_act *a, const ast_node *decl);

#endif
