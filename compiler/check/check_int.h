/* check_int.h - the checker's state, shared by its files.
 *
 * check.c walks the tree (declarations, steps, statements) and reports;
 * check_names.c keeps the table of names and suggests near misses;
 * check_expr.c types values, attributes and conditions; check_command.c
 * holds each command's rules; check_allow.c reads `# mrb: allow` comments;
 * check_focus.c follows DiskPart's focus through each step; check_target.c
 * holds the destructive-target rule (what a disk's selector must prove).
 * Nothing outside the checker includes this header: check.h is its
 * interface.
 */
#ifndef MRB_CHECK_INT_H
#define MRB_CHECK_INT_H

#include <stdbool.h>

#include "check/check.h"
#include "diskpart/dpcmd.h"
#include "base/mrblimits.h"
#include "diskpart/model.h"

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

/* ---- check_allow.c ------------------------------------------------------ */

/* Read every `# mrb:` comment of the source into c->allows (E425 for one
 * that is not a well-formed `allow`). */
void chk_find_allows(chk *c);
/* The `allow` comment that covers code on the line of loc, or NULL (it is
 * then marked used for that code). */
chk_allow *chk_allowed(chk *c, ast_loc loc, enum diag_code code);
/* W404 for each code of an `allow` comment that no warning needed. */
void chk_unused_allows(chk *c);

/* ---- check_names.c ------------------------------------------------------ */

/* A suggestion: the candidate nearest word, if near enough. */
typedef struct chk_sug {
    ast_str word;
    const char *best;
    size_t best_n;
    unsigned dist;
} chk_sug;

void chk_sug_init(chk_sug *s, ast_str word);
/* Weigh candidate [cand, cand+n). */
void chk_sug_try(chk_sug *s, const char *cand, size_t n);
/* "; did you mean 'X'?" or "" (into b). */
void chk_sug_put(buf *b, const chk_sug *s);
/* Declare name (E402 when it is taken, E421 when the table is full). */
chk_sym *chk_define(chk *c, ast_str name, ast_loc loc, enum ast_type type, const ast_node *decl);
/* "a disk", "a letter variable", ... for messages. */
const char *chk_type_kind(enum ast_type t);
/* DiskPart's name of a missing disk: M0, M1, ... */
bool chk_is_missing_disk_id(ast_str w);
/* E406: a disk named by number; what says how, and the declared disks follow. */
void chk_disk_number_error(chk *c, ast_loc loc, const char *what);
/* Report AST_NAME n, neither an attribute of ctx nor a declared name. */
void chk_undefined(chk *c, const ast_node *n, enum ast_obj ctx);
/* E404: w is not one of words[0..count) (a suggestion, or the list). */
void chk_unknown_value(chk *c, ast_loc loc, ast_str w, const char *what, const char *const *words, size_t count);

/* ---- check_expr.c ------------------------------------------------------- */

/* A condition in the context of object ctx (OBJ_NONE: none): TY_BOOL, or
 * TY_ERROR once reported. */
enum ast_type chk_cond(chk *c, ast_node *n, enum ast_obj ctx);
/* `disk where COND`, `volume C` */
void chk_selector(chk *c, ast_node *n);
/* A one-letter word, A to Z in either case. */
bool chk_letter_word(ast_str w);
/* Resolve an AST_NAME as a drive letter literal (E419 when it is none). */
bool chk_letter_value(chk *c, ast_node *n);
/* The bytes of AST_SIZE n (E307, E410): TY_SIZE or TY_ERROR. */
enum ast_type chk_size_value(chk *c, ast_node *n);
/* The object a disk, volume or partition type names; OBJ_NONE otherwise. */
enum ast_obj chk_obj_of_type(enum ast_type t);

/* ---- check_command.c ---------------------------------------------------- */

/* One DiskPart command: its word, target, options, focus; W402. */
void chk_diskpart(chk *c, ast_node *n);
void chk_robocopy(chk *c, ast_node *n);
void chk_bcdedit(chk *c, ast_node *n);

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
