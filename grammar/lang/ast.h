/* ast.h - the syntax tree of a .mrb procedure, and the tables it refers to.
 *
 * The parser builds the tree (grammar/lang/parser.y); the checker (compiler/
 * check.c) then fills in what names mean (the "res" fields and every
 * expression's type), so the checked tree is the typed procedure that the
 * resolver reads.  Every node has a byte range into the decoded source; no
 * node copies source text except string literals, whose escapes are undone.
 *
 * Tables that must agree come from one X-macro list each: the attributes a
 * selector's predicate may test, the DiskPart commands and the options each
 * takes.  A DiskPart command node records which command it is (enum
 * ast_cmd), and each command names its entry of runtime/diskpart/dpcmd.h's table of
 * DiskPart commands, which the simulator runs by: the checker follows focus
 * and finds destructive commands by that one table.
 *
 * Ownership: every node, list and string belongs to the arena it was
 * allocated in (one per compilation); ast_str slices point into the source
 * text, which must outlive the tree.
 */
#ifndef MRB_AST_H
#define MRB_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "diskpart/dpcmd.h"
#include "base/util.h"

typedef struct ast_loc {
    size_t start, end;      /* byte range [start, end) in the decoded source */
} ast_loc;

typedef struct ast_str {
    const char *p;          /* not NUL-terminated */
    size_t n;
} ast_str;

enum ast_obj { OBJ_NONE, OBJ_DISK, OBJ_VOLUME, OBJ_PARTITION };

/* Types of expressions, as the checker infers them. */
#define AST_TYPES(X)                            \
    X(TY_ERROR, "an erroneous expression")      \
    X(TY_BOOL, "a condition")                   \
    X(TY_SIZE, "a size")                        \
    X(TY_COUNT, "a count")                      \
    X(TY_STRING, "a string")                    \
    X(TY_LETTER, "a drive letter")              \
    X(TY_DISK, "a disk")                        \
    X(TY_VOLUME, "a volume")                    \
    X(TY_PARTITION, "a partition")              \
    X(TY_DISK_STATUS, "a disk status")          \
    X(TY_VOL_TYPE, "a volume type")             \
    X(TY_VOL_STATUS, "a volume status")         \
    X(TY_VOL_INFO, "a volume info")             \
    X(TY_FS, "a file system")                   \
    X(TY_PART_TYPE, "a partition type")         \
    X(TY_WORD, "a word")

#define AST_ENUM2(e, s) e,
enum ast_type { AST_TYPES(AST_ENUM2) TY_COUNT_ };

/* What a selector's predicate may test: X(enum, object, name, type).  The
 * words are those of DiskPart's listing columns, and for a disk's identity
 * (model to serial) of `detail disk` and the inventory.  Disks have no number. */
#define AST_ATTRS(X)                                        \
    X(ATTR_DISK_STATUS, OBJ_DISK, "status", TY_DISK_STATUS) \
    X(ATTR_DISK_SIZE, OBJ_DISK, "size", TY_SIZE)            \
    X(ATTR_DISK_FREE, OBJ_DISK, "free", TY_SIZE)            \
    X(ATTR_DISK_DYNAMIC, OBJ_DISK, "dynamic", TY_BOOL)      \
    X(ATTR_DISK_GPT, OBJ_DISK, "gpt", TY_BOOL)              \
    X(ATTR_DISK_BLANK, OBJ_DISK, "blank", TY_BOOL)          \
    X(ATTR_DISK_MODEL, OBJ_DISK, "model", TY_STRING)        \
    X(ATTR_DISK_LOCATION, OBJ_DISK, "location", TY_STRING)  \
    X(ATTR_DISK_BUS, OBJ_DISK, "bus", TY_STRING)            \
    X(ATTR_DISK_SERIAL, OBJ_DISK, "serial", TY_STRING)      \
    X(ATTR_DISK_BYTES, OBJ_DISK, "bytes", TY_SIZE)          \
    X(ATTR_VOL_LETTER, OBJ_VOLUME, "letter", TY_LETTER)     \
    X(ATTR_VOL_LABEL, OBJ_VOLUME, "label", TY_STRING)       \
    X(ATTR_VOL_FS, OBJ_VOLUME, "fs", TY_FS)                 \
    X(ATTR_VOL_TYPE, OBJ_VOLUME, "type", TY_VOL_TYPE)       \
    X(ATTR_VOL_SIZE, OBJ_VOLUME, "size", TY_SIZE)           \
    X(ATTR_VOL_STATUS, OBJ_VOLUME, "status", TY_VOL_STATUS) \
    X(ATTR_VOL_INFO, OBJ_VOLUME, "info", TY_VOL_INFO)       \
    X(ATTR_PART_TYPE, OBJ_PARTITION, "type", TY_PART_TYPE)  \
    X(ATTR_PART_SIZE, OBJ_PARTITION, "size", TY_SIZE)       \
    X(ATTR_PART_OFFSET, OBJ_PARTITION, "offset", TY_SIZE)   \
    X(ATTR_PART_DISK, OBJ_PARTITION, "disk", TY_DISK)

#define AST_ENUM4(e, o, s, t) e,
enum ast_attr { AST_ATTRS(AST_ENUM4) ATTR_COUNT };

/* Options of DiskPart commands mrb accepts: X(enum, DiskPart option).  The
 * spelling and whether it takes a value come from runtime/diskpart/dpcmd.h. */
#define AST_OPTS(X)                 \
    X(OPT_OVERRIDE, DPO_OVERRIDE)   \
    X(OPT_NOKEEP, DPO_NOKEEP)       \
    X(OPT_QUICK, DPO_QUICK)         \
    X(OPT_WAIT, DPO_WAIT)           \
    X(OPT_ALL, DPO_ALL)             \
    X(OPT_SIZE, DPO_SIZE)           \
    X(OPT_FS, DPO_FS)               \
    X(OPT_LABEL, DPO_LABEL)         \
    X(OPT_LETTER, DPO_LETTER)

#define AST_ENUM2B(e, d) e,
enum ast_opt { AST_OPTS(AST_ENUM2B) OPT_COUNT, OPT_UNKNOWN = OPT_COUNT };
#define OPTB(o) (1u << (o))

/* DiskPart commands: X(enum, DiskPart command, words, target, allowed
 * options, required options).  The command is an entry of runtime/diskpart/dpcmd.h's
 * table, which says what focus it needs, what it does to focus and whether
 * it destroys data; its words are the first keywords of that entry's
 * (verb, object, kind), as tests/unit/test_check.c checks.  target: what follows the words (OBJ_DISK: a disk;
 * OBJ_VOLUME: a volume or letter variable; OBJ_PARTITION: a partition or a
 * partition number; OBJ_NONE: nothing).  The options are those mrb allows,
 * a subset of DiskPart's.  AST_CMD_CONVERT and AST_CMD_CREATE_PARTITION
 * (fewer keywords than their entry has) are what the parser records when
 * the word after them is not known yet; the checker replaces them by the
 * precise command, and they stand for no DiskPart command (ast_cmd_dp). */
#define AST_CMDS(X)                                                                                  \
    X(AST_CMD_SELECT_DISK, CMD_SELECT_DISK, "select disk", OBJ_DISK, 0u, 0u)                         \
    X(AST_CMD_SELECT_VOLUME, CMD_SELECT_VOLUME, "select volume", OBJ_VOLUME, 0u, 0u)                 \
    X(AST_CMD_SELECT_PARTITION, CMD_SELECT_PARTITION, "select partition", OBJ_PARTITION, 0u, 0u)     \
    X(AST_CMD_BREAK_DISK, CMD_BREAK_DISK, "break disk", OBJ_DISK, OPTB(OPT_NOKEEP), 0u)              \
    X(AST_CMD_DELETE_DISK, CMD_DELETE_DISK, "delete disk", OBJ_NONE, OPTB(OPT_OVERRIDE), 0u)         \
    X(AST_CMD_DELETE_PARTITION, CMD_DELETE_PARTITION, "delete partition", OBJ_NONE, OPTB(OPT_OVERRIDE), 0u) \
    X(AST_CMD_CLEAN, CMD_CLEAN, "clean", OBJ_NONE, OPTB(OPT_ALL), 0u)                                \
    X(AST_CMD_CONVERT_MBR, CMD_CONVERT_MBR, "convert mbr", OBJ_NONE, 0u, 0u)                         \
    X(AST_CMD_CONVERT_GPT, CMD_CONVERT_GPT, "convert gpt", OBJ_NONE, 0u, 0u)                         \
    X(AST_CMD_CONVERT_DYNAMIC, CMD_CONVERT_DYNAMIC, "convert dynamic", OBJ_NONE, 0u, 0u)             \
    X(AST_CMD_CONVERT_BASIC, CMD_CONVERT_BASIC, "convert basic", OBJ_NONE, 0u, 0u)                   \
    X(AST_CMD_CREATE_EFI, CMD_CREATE_EFI, "create partition efi", OBJ_NONE, OPTB(OPT_SIZE), 0u)      \
    X(AST_CMD_CREATE_MSR, CMD_CREATE_MSR, "create partition msr", OBJ_NONE, OPTB(OPT_SIZE), 0u)      \
    X(AST_CMD_CREATE_PRIMARY, CMD_CREATE_PRIMARY, "create partition primary", OBJ_NONE, OPTB(OPT_SIZE), 0u) \
    X(AST_CMD_FORMAT, CMD_FORMAT, "format", OBJ_NONE, OPTB(OPT_QUICK) | OPTB(OPT_FS) | OPTB(OPT_LABEL), \
      OPTB(OPT_FS))                                                                                  \
    X(AST_CMD_ASSIGN, CMD_ASSIGN, "assign", OBJ_NONE, OPTB(OPT_LETTER), OPTB(OPT_LETTER))            \
    X(AST_CMD_REMOVE, CMD_REMOVE, "remove", OBJ_NONE, OPTB(OPT_LETTER), 0u)                          \
    X(AST_CMD_ADD_DISK, CMD_ADD_DISK, "add disk", OBJ_DISK, OPTB(OPT_WAIT), 0u)                      \
    X(AST_CMD_LIST_DISK, CMD_LIST_DISK, "list disk", OBJ_NONE, 0u, 0u)                               \
    X(AST_CMD_LIST_VOLUME, CMD_LIST_VOLUME, "list volume", OBJ_NONE, 0u, 0u)                         \
    X(AST_CMD_LIST_PARTITION, CMD_LIST_PARTITION, "list partition", OBJ_NONE, 0u, 0u)                \
    X(AST_CMD_CONVERT, CMD_CONVERT_MBR, "convert", OBJ_NONE, 0u, 0u)                                 \
    X(AST_CMD_CREATE_PARTITION, CMD_CREATE_EFI, "create partition", OBJ_NONE, OPTB(OPT_SIZE), 0u)

#define AST_ENUM6(e, d, w, t, a, r) e,
enum ast_cmd { AST_CMDS(AST_ENUM6) AST_CMD_COUNT };

enum ast_cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

/* How the checker resolved an AST_NAME. */
enum ast_res {
    RES_NONE,       /* not resolved (yet, or because of an error) */
    RES_ATTR,       /* an attribute of the object a predicate tests: value is the enum ast_attr */
    RES_SYMBOL,     /* a declared name: decl is its AST_SEL_DECL, AST_LETTER_DECL or AST_FOR_EACH */
    RES_ENUM,       /* a listing word: value is the model's enum (enum mdl_disk_status, ...) */
    RES_LETTER      /* a drive letter: value is 'A'..'Z' */
};

enum ast_bcd { BCD_EXPORT, BCD_STORE_SET };

#define AST_KINDS(X)                                                    \
    X(AST_SEL_DECL, "selector") X(AST_LETTER_DECL, "letter")            \
    X(AST_GUARD, "guard") X(AST_STEP, "step")                           \
    X(AST_REQUIRE, "require") X(AST_ENSURE, "ensure")                   \
    X(AST_FOR_EACH, "for-each") X(AST_DISKPART, "diskpart")             \
    X(AST_OPTION, "option") X(AST_ROBOCOPY, "robocopy")                 \
    X(AST_BCDEDIT, "bcdedit") X(AST_DRIVE, "drive")                     \
    X(AST_AND, "and") X(AST_OR, "or") X(AST_NOT, "not")                 \
    X(AST_CMP, "cmp") X(AST_HOLDS, "holds")                             \
    X(AST_NAME, "name") X(AST_MEMBER, "member")                         \
    X(AST_NUMBER, "number") X(AST_SIZE, "size") X(AST_STRING, "string") \
    X(AST_COUNT, "count") X(AST_SELECTOR, "selector-expr")              \
    X(AST_SWITCH, "switch") X(AST_GLOB, "glob") X(AST_BCDID, "bcd-id")

enum ast_kind { AST_KINDS(AST_ENUM2) AST_KIND_COUNT };

typedef struct ast_node ast_node;

struct ast_node {
    enum ast_kind kind;
    ast_loc loc;
    ast_node *next;         /* the next item, statement, operand or option of a list */
    enum ast_type type;     /* expressions: set by the checker */
    union {
        /* AST_SEL_DECL: `disk NAME = SELECTOR` */
        struct { enum ast_obj obj; ast_str name; ast_loc name_loc; ast_node *sel; } decl;
        /* AST_LETTER_DECL: `letter NAME = free letter [from LETTER]`; from is an
         * AST_NAME or NULL; letter is the resolved start letter ('D' by default) */
        struct { ast_str name; ast_loc name_loc; ast_node *from; int letter; } letter;
        /* AST_GUARD, AST_REQUIRE (msg may be NULL), AST_ENSURE (msg NULL) */
        struct { ast_node *cond; ast_node *msg; } guard;
        /* AST_STEP: name is an AST_STRING, when its condition (NULL: always),
         * body a list of statements */
        struct { ast_node *name; ast_node *when; ast_node *body; } step;
        /* AST_FOR_EACH: `for each OBJ VAR where COND { BODY }` */
        struct { enum ast_obj obj; ast_str var; ast_loc var_loc; ast_node *cond; ast_node *body; } each;
        /* AST_DISKPART: word is the AST_NAME after convert / create partition;
         * target an AST_NAME or AST_NUMBER or NULL; opts a list of AST_OPTION */
        struct { enum ast_cmd cmd; ast_node *word; ast_node *target; ast_node *opts; } dp;
        /* AST_OPTION: `NAME` or `NAME = VALUE`; opt set by the checker */
        struct { ast_str name; ast_node *value; enum ast_opt opt; } opt;
        /* AST_ROBOCOPY: src and dst are AST_DRIVE; args AST_SWITCH/GLOB/STRING/NAME */
        struct { ast_node *src, *dst, *args; } robo;
        /* AST_BCDEDIT: `/export FILE` or `/store FILE /set ID ELEM partition=DRIVE` */
        struct { enum ast_bcd form; ast_node *file, *id, *elem, *value; } bcd;
        /* AST_DRIVE: `NAME:` or `NAME:\path`; decl set by the checker */
        struct { ast_str var; ast_str path; const ast_node *decl; } drive;
        /* AST_AND, AST_OR: two or more operands (last: the parser's tail) */
        struct { ast_node *operands, *last; } logic;
        /* AST_NOT */
        struct { ast_node *operand; } not_;
        /* AST_CMP */
        struct { enum ast_cmp op; ast_loc op_loc; ast_node *lhs, *rhs; } cmp;
        /* AST_HOLDS: `DISK holds VOLUME`; `holds VOLUME` in a disk's predicate
         * (disk NULL: the disk tested), `on DISK` in a volume's (vol NULL) */
        struct { ast_node *disk, *vol; } holds;
        /* AST_NAME: an identifier; res, value and decl set by the checker */
        struct { ast_str name; enum ast_res res; int value; const ast_node *decl; } name;
        /* AST_MEMBER: `OBJECT.ATTR`; attr_id (enum ast_attr) set by the checker, -1 before */
        struct { ast_node *object; ast_str attr; ast_loc attr_loc; int attr_id; } member;
        /* AST_NUMBER */
        struct { uint64_t value; } number;
        /* AST_SIZE: `VALUE UNIT`; bytes set by the checker */
        struct { uint64_t value; ast_str unit; ast_loc unit_loc; uint64_t bytes; } size;
        /* AST_STRING: escapes undone, NUL-terminated, in the arena */
        struct { const char *text; size_t len; } string;
        /* AST_COUNT: `count(SELECTOR)` */
        struct { ast_node *sel; } count;
        /* AST_SELECTOR: `OBJ where COND`, or `volume LETTER` (letter an AST_NAME) */
        struct { enum ast_obj obj; ast_node *cond; ast_node *letter; } sel;
        /* AST_SWITCH (/e), AST_GLOB (BCD.*), AST_BCDID ({bootmgr}) */
        struct { ast_str text; } word;
    } u;
};

typedef struct ast_file {
    ast_node *title;        /* AST_STRING of `procedure "..."`, NULL if missing */
    ast_node *items;        /* declarations, guards and steps, in order */
} ast_file;

/* A list under construction: O(1) append. */
typedef struct ast_list {
    ast_node *head, *tail;
} ast_list;

/* A zeroed node of kind k at loc; NULL when the arena is out of memory. */
ast_node *ast_new(arena *a, enum ast_kind k, ast_loc loc);
void ast_append(ast_list *l, ast_node *n);

const char *ast_kind_name(enum ast_kind k);
const char *ast_type_name(enum ast_type t);      /* "a disk status" */
const char *ast_obj_name(enum ast_obj o);        /* "disk" */
const char *ast_cmd_words(enum ast_cmd c);       /* "create partition efi" */
/* The DiskPart command (runtime/diskpart/dpcmd.h) c is; CMD_COUNT for the two
 * placeholders AST_CMD_CONVERT and AST_CMD_CREATE_PARTITION. */
enum dp_cmd_id ast_cmd_dp(enum ast_cmd c);
enum ast_obj ast_cmd_target(enum ast_cmd c);
unsigned ast_cmd_allowed(enum ast_cmd c);        /* OPTB mask */
unsigned ast_cmd_required(enum ast_cmd c);
const char *ast_opt_word(enum ast_opt o);
bool ast_opt_has_value(enum ast_opt o);
enum dp_opt ast_opt_dp(enum ast_opt o);          /* DPO_OVERRIDE */
const char *ast_attr_name(enum ast_attr a);
enum ast_obj ast_attr_obj(enum ast_attr a);
enum ast_type ast_attr_type(enum ast_attr a);
const char *ast_cmp_str(enum ast_cmp op);        /* ">=" */

/* Attribute named s of object o, or -1. */
int ast_attr_find(enum ast_obj o, ast_str s);
/* The command spelled "family word" (e.g. "convert" + "gpt"), or -1. */
int ast_cmd_find(const char *family, ast_str word);

bool ast_str_eq(ast_str s, const char *lit);

/* Call fn on n and on every node below it (not on n->next), parents
 * before children. */
void ast_walk(const ast_node *n, void (*fn)(const ast_node *n, void *ctx), void *ctx);

/* A readable S-expression of the tree, one item per line (for tests). */
void ast_dump(buf *b, const ast_file *f);

#endif
