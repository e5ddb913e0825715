/* check_int.h - the checker's state, shared by its three files.
 *
 * check.c walks the tree (names, kinds, types, values, statements);
 * check_focus.c follows DiskPart's focus through each step; check_target.c
 * holds the destructive-target rule (what a disk's selector must prove).
 * Nothing outside the checker includes this header: check.h is its
 * interface.
 */
#ifndef MRB_CHECK_INT_H
#define MRB_CHECK_INT_H

#include <stdbool.h>

#include "check.h"
#include "dpcmd.h"
#include "mrblimits.h"
#include "model.h"

typedef struct chk_sym {
    ast_str name;
    ast_loc loc;
    enum ast_type type;     /* TY_DISK, TY_VOLUME, TY_PARTITION or TY_LETTER */
    const ast_node *decl;
    bool assigned;          /* letters: assigned and not removed since */
    ast_loc assigned_at;
    const ast_node *assigned_when;  /* the `when` of the step that assigned it, or NULL */
    bool made_dynamic;      /* disks: `convert dynamic` ran with it in focus */
} chk_sym;

/* What is known of DiskPart's focus on one kind of object (see "focus"). */
enum chk_has { HAS_NONE, HAS_MAYBE, HAS_SET };
enum { FK_DISK, FK_PART, FK_VOL, FK_COUNT };

typedef struct chk_focus {
    enum chk_has has[FK_COUNT];
    const ast_node *by[FK_COUNT];   /* the statement that set it last; NULL: the step's start */
    const ast_node *decl[FK_COUNT]; /* HAS_SET: the declared object with focus, if known */
} chk_focus;

/* `# mrb: allow W402 -- reason`: the warnings the source allows on one
 * line (SPEC.md, "Allowing a warning"). */
#define CHK_ALLOW_CODES 4
typedef struct chk_allow {
    unsigned long line;     /* the line it covers */
    ast_loc loc;            /* the comment */
    enum diag_code codes[CHK_ALLOW_CODES];
    int ncodes;
    const char *reason;
    size_t reason_len;
    unsigned used;          /* bit i: codes[i] allowed a warning */
    struct chk_allow *next;
} chk_allow;

typedef struct chk {
    const diag_src *src;
    diag_sink *d;
    arena *a;
    chk_sym *syms;          /* LIM_NAMES entries */
    size_t nsyms;
    bool names_full;        /* E421 reported */
    const ast_node **steps; /* LIM_STEPS entries */
    size_t nsteps;
    unsigned loops;         /* for-each bodies we are in */
    chk_sym *selected_letter;   /* the letter of the last `select volume L` */
    unsigned errors;
    chk_focus focus;        /* DiskPart's focus at the statement being checked */
    bool focus_quiet;       /* following focus round a loop: report nothing */
    const ast_node *step_destroys;  /* the step's first destructive command */
    bool step_ensures;      /* the step has an `ensure` */
    const ast_node *step_when;      /* the step's `when` condition, or NULL */
    chk_allow *allows;      /* in source order */
} chk;

#define STR(s) (int)(s).n, (s).p

/* ---- check.c ------------------------------------------------------------ */

/* An error at loc (counted), or a warning (legal but risky; an `allow`
 * comment on its line suppresses it, with its reason). */
void chk_err(chk *c, ast_loc loc, enum diag_code code, const char *fmt, ...) MRB_PRINTF(4, 5);
void chk_warn(chk *c, ast_loc loc, enum diag_code code, const char *fmt, ...) MRB_PRINTF(4, 5);
/* The line of loc in the source. */
void chk_line_of(chk *c, ast_loc loc, unsigned long *line);
/* The name in scope, or NULL. */
chk_sym *chk_lookup(chk *c, ast_str name);

/* ---- check_focus.c ------------------------------------------------------ */

/* No focus on anything: a step's start (by NULL), or after robocopy or
 * bcdedit (by that statement), which ends the DiskPart run. */
void chk_focus_none(chk_focus *f, const ast_node *by);
/* Follow DiskPart command n: check the focus it needs (E423, W403), its
 * target (chk_target_rule), then apply its effect to c->focus. */
void chk_focus_command(chk *c, const ast_node *n);
/* The focus at the head of loop n, from c->focus before it (into entry). */
void chk_focus_loop(chk *c, const ast_node *n, chk_focus *entry);
/* Whether DiskPart node n has option o; whether it destroys data. */
bool chk_has_option(const ast_node *n, enum ast_opt o);
bool chk_destroys(const ast_node *n);
/* The declaration a command's target names, when it is a declared object. */
const ast_node *chk_target_decl(chk *c, const ast_node *t);

/* ---- check_target.c ----------------------------------------------------- */

/* E424: the safety rule (dpcmd.h's guard column) for DiskPart command n,
 * id its command, with c->focus as it is before n runs. */
void chk_target_rule(chk *c, const ast_node *n, enum dp_cmd_id id);
/* Whether a selector's predicate requires the attribute a: `a`, or `a` as
 * one operand of a top-level `and`. */
bool chk_predicate_says(const ast_node *decl, enum ast_attr a);

#endif
