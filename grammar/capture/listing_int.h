/* listing_int.h - the DiskPart listing reader's state, shared by its files.
 *
 * listing.re classifies each line (re2c) and follows the text line by line;
 * listing_rows.c reads a table's dashes and rows; listing_tables.c keeps
 * what a table shows (the disk with the focus, the aside store, the end of
 * a table) and joins it all at the end; listing_detail.c reads the fields of
 * `detail disk`, `detail volume`, `detail partition` and `attributes`, and
 * knows their names in other languages; listing_errors.c reports (one error
 * per cause).  The words file's parser (words.c) asks the reader's field
 * names and message classes through the four functions at the top.  Nothing
 * else includes this header: listing.h is the reader's interface.
 */
#ifndef MRB_LISTING_INT_H
#define MRB_LISTING_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "capture/listing.h"

/* ---- what the words file's parser asks (words.c) ---- */

/* s[0..n) is a `detail disk` field name in English. */
bool lst_is_field(const char *s, size_t n);
/* s[0..n) is a `detail volume` field name in English. */
bool lst_is_vfield(const char *s, size_t n);
/* The English of a built-in local field name or Yes/No, or NULL. */
const char *lst_builtin_word(const char *s, size_t n);
/* The whole line s: 1 a message that changes nothing (a words file may
 * translate it), 0 another line the reader knows, -1 a line it does not know. */
int lst_line_class(const char *s);

/* ---- the class of a line (listing.re) ---- */

enum line_kind {
    L_BLANK, L_PROMPT, L_SHELL_PROMPT, L_BANNER, L_SEL_DISK, L_SEL_VOLUME, L_SEL_PARTITION,
    L_BAD_DISK, L_NO_DISK, L_NO_PARTITIONS, L_NO_VOLUMES, L_NEUTRAL, L_VDS_ERROR, L_CHANGE,
    L_HEADER, L_DASHES, L_FIELD, L_DPART, L_OTHER
};

enum table_kind { TB_NONE, TB_DISK, TB_VOLUME, TB_PARTITION };

typedef struct classified {
    enum line_kind kind;
    enum table_kind table;  /* L_HEADER */
    enum mdl_lang lang;     /* L_HEADER, L_SEL_* */
} classified;

/* ---- a table row's tokens, a column's span ---- */

typedef struct token {
    size_t off, len;        /* bytes, relative to the line */
    size_t col, endcol;     /* character columns [col, endcol) */
} token;

#define MAX_TOKENS 64
#define MAX_SPANS 16

typedef struct span {
    size_t start, end;      /* character columns, inclusive */
} span;

/* ---- the reader's state ---- */

typedef struct aux_entry {
    size_t part_off, detail_off;    /* where its partition table / detail was seen */
} aux_entry;

/* Partition tables and details kept aside, one entry per key (a disk's
 * number, or the number of the volume whose disk had the focus). */
typedef struct aside {
    mdl_server s;
    size_t cap;
    aux_entry *e;
} aside;

/* Lines the reader passes over without reading them. */
enum skip_kind {
    SKIP_NONE,
    SKIP_TO_BLANK,      /* the rest of a refused table */
    SKIP_TO_PROMPT,     /* help text; a table refused at its header */
    SKIP_MESSAGE,       /* the text of a Virtual Disk Service error */
    SKIP_LEAVING,       /* after `exit`: DiskPart's leaving line, in any language */
};

typedef struct reader {
    const diag_src *src;
    diag_sink *d;
    mdl_server *out;
    unsigned start_errors;          /* the sink's error count when reading began */
    enum diag_code last_code;       /* the last error reported */
    bool table_bad;                 /* a row of the table being read was refused */

    /* the table being read */
    enum table_kind table;
    enum mdl_lang lang;
    bool in_detail_table;           /* a volume table inside `detail disk` */
    bool dpart_table;               /* a volume table inside `detail partition` */
    size_t table_off;               /* header line */
    bool have_dashes;
    size_t nspans;
    span spans[MAX_SPANS];
    size_t rows;
    mdl_server cur;                 /* rows of the table being read */
    mdl_disk cur_parts;             /* partition rows */

    bool have_disks, have_vols;     /* a table was stored */
    bool seen_disks, seen_vols;     /* a table was seen, even one refused */
    enum skip_kind skip;
    size_t disks_off, vols_off;

    /* One error per cause.  stopped: the capture changed the server or
     * showed two moments; nothing after that is read. */
    bool stopped;
    bool quiet;                     /* a line not understood was reported */
    size_t quiet_more;              /* lines not understood after it */
    size_t quiet_first;             /* where the first of them is */
    buf quiet_lines;                /* their line numbers, the first 8 */
    buf unknown_words;              /* words E202 named, each once: "\x01word\x01..." */

    /* the disk DiskPart has selected: index into aux (or into vaux when
     * sel_vol: the disk of a selected volume), or -1 when none or unknown */
    long sel;
    bool sel_vol;
    aside aux, vaux;
    mdl_server detail_vols;         /* rows of every detail volume table */

    bool in_detail;                 /* after "Disk ID:" of the selected disk */
    bool in_dpart;                  /* after the "Partition N" line of `detail partition` */
    bool in_attr;                   /* after `attributes disk` or `attributes volume` */
    const char *row_text;           /* the row being read, without its focus mark */
    size_t row_len;
    bool pending;                   /* an unrecognised line that may be a disk model */
    size_t pending_off, pending_len;

    const lst_words *words;         /* supplied by the operator, or NULL */

    /* `detail volume`: its disk table looks like `list disk`; one that comes
     * right after a volume selection is held (vd_rows) until the next line
     * tells: a `detail volume` field makes it the volume's, anything else a
     * `list disk`. */
    long vsel;                      /* the volume just selected, or -1 */
    bool vd_table;                  /* the disk table being read may be detail volume's */
    bool vd_pending;                /* vd_rows wait for the next line */
    bool vd_fields;                 /* in the fields of a detail volume */
    long vd_vol;
    size_t vd_off;
    mdl_server vd_rows;
    mdl_server vdetails;            /* per volume: num, detail_on */
    mdl_server vd_check;            /* the rows detail volume showed, checked at the end */
    size_t capvdcoff, *vdcoff;      /* where each of vd_check was seen */
    size_t capvdoff, *vdoff;        /* where each of vdetails was seen */
} reader;

/* ---- listing_errors.c: reporting, one error per cause ---- */

/* An error at off..off+len; the table being read is not trusted. */
void lst_err(reader *r, size_t off, size_t len, enum diag_code code, const char *fmt, ...) MRB_PRINTF(5, 6);
/* E207, after which nothing is read. */
void lst_two_moments(reader *r, size_t off, const char *fmt, ...) MRB_PRINTF(3, 4);
/* The line number of byte off. */
unsigned long lst_line_of(const reader *r, size_t off);
/* Appended to the messages of E202. */
extern const char *const lst_words_hint;
/* A word of vocabulary v in the listing's language, or one the operator
 * gave (--words): its index, or -1. */
int lst_lookup(const reader *r, const mdl_vocab *v, const char *s, size_t n);
/* The same for a cell of a row (line[off..off+len)); an unknown word is
 * reported (E202), once a word. */
int lst_vocab_word(reader *r, const mdl_vocab *v, const char *line, size_t line_off, size_t off, size_t len);
/* A line not understood at off: true when it is not the first, and is
 * only counted. */
bool lst_quiet_now(reader *r, size_t off);
/* At the end: the note naming the other lines not understood. */
void lst_quiet_end(reader *r);
/* The line held as a possible disk model, when it was not one (E201). */
void lst_flush_pending(reader *r);
/* E209, after which nothing is read: the command cmd (NULL: a message)
 * may change the server. */
void lst_changed(reader *r, size_t off, size_t len, const char *cmd, size_t cmdlen);

/* ---- listing_rows.c: a table's dashes and rows ---- */

/* p[0..n) as a number up to LIM_NUMBER. */
bool lst_parse_number(const char *p, size_t n, unsigned long *v);
/* The dashes under a table header: each column's span. */
void lst_dashes(reader *r, const char *line, size_t len, size_t off);
/* A row of the table being read. */
void lst_row(reader *r, const char *line, size_t len, size_t line_off);

/* ---- listing_tables.c: where a table goes, and the joining at the end ---- */

void lst_aside_free(aside *a);
/* The disk with the focus (r->sel >= 0) as kept aside, and where its
 * partition table and details were seen. */
mdl_disk *lst_sel_disk(reader *r);
aux_entry *lst_sel_entry(reader *r);
/* A table header: the table it starts, and whose it is. */
void lst_header(reader *r, classified c, size_t off, size_t len);
/* A table ends (lst_free_rows: its rows dropped), or a disk table held
 * after a volume selection is settled: `detail volume` (as_detail) or
 * `list disk`. */
void lst_free_rows(reader *r);
void lst_end_table(reader *r);
void lst_settle_vd(reader *r, bool as_detail);
/* The selection messages, and "There are no partitions on this disk". */
void lst_select_disk(reader *r, const char *line, size_t len, size_t off);
void lst_select_other(reader *r, enum line_kind k, const char *line, size_t len, size_t off);
void lst_no_partitions(reader *r, size_t off, size_t len);
/* At the end: what was kept aside joined to the disks, and the checks
 * across tables. */
void lst_finish(reader *r, const lst_options *opt);

/* ---- listing_detail.c: the fields of detail and attributes ---- */

/* The length of a field's name: up to its colon, without the blanks
 * before it. */
size_t lst_key_len(const char *line, const char *colon);
/* The English word the operator gave for s[0..n) (--words), or NULL;
 * translated: built in, or given. */
const char *lst_supplied(const lst_words *w, const char *s, size_t n);
const char *lst_translated(const lst_words *w, const char *s, size_t n);
/* Is this line a field of `detail volume`? */
bool lst_is_vfield_line(const reader *r, const char *line, size_t len);
/* A line `name: value`, whose field it is depending on what came before. */
void lst_any_field(reader *r, const char *line, size_t len, size_t off);

#endif
