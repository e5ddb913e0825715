/* listing.re - the DiskPart listing reader (re2c line classifier + tables).
 *
 * Design.  The text is read line by line.  Each line is first classified
 * by the re2c scanner below: blank, a prompt, a banner line, a selection
 * message, a table header (which names the table and its language), a dash
 * line, a `detail disk` field, a message that shows the capture changed the
 * server, or anything else.  A small state machine then follows tables:
 * header, dashes, rows up to a blank line.  The dash line gives each column
 * its span of character columns.
 *
 * Rows are split into space-separated tokens with their columns.  Volume and
 * partition rows are read by position: each token belongs to the column
 * whose span holds its first character (one column of slack either side).
 * Disk rows are read in sequence, because French rows overflow their
 * columns ("Disque 0" is one column wider than its dashes, "G octets" wider
 * than the Size column): name, status words, size, free, then the Dyn and
 * Gpt stars, placed by their distance from the end of the Free value.
 *
 * Partition tables and disk details belong to the disk named by the last
 * "Disk N is now the selected disk." line, or to the disk of the volume
 * named by the last "Volume N is the selected volume." (DiskPart gives the
 * focus to a volume's disk); they are kept aside and joined to the disks at
 * the end, so they may come before or after `list disk`.  A table seen
 * twice must have the same contents (the focus star aside).
 *
 * What else real transcripts hold (tests/corpus/README.md) is read or
 * passed over: the shell's line that started DiskPart, `detail partition`,
 * `attributes disk`, help text up to the next prompt, the messages of a
 * command that did nothing.  One cause gives one error: reading stops at the
 * first change (E209) or contradiction (E207); of the lines not understood
 * only the first is an error, a note names the others.
 *
 * Length.  Over the house's 900 lines: every part (line classes, rows,
 * the aside store, `detail` fields, joining) reads and writes the one
 * reader state below.  Splitting it means an internal header for that
 * state, as the checker has (compiler/check/check_int.h); not done yet.  The
 * words file's parser is in words.c; it asks this reader's field and
 * message tables through listing_int.h.
 */
#include "capture/listing.h"
#include "capture/listing_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/mrblimits.h"

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

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    sp = " "+;
    any = [^\x00];
    num = "M"? [0-9]+;
    dash = "-"+;
    ae = "\xC3\xA4";
    oe = "\xC3\xB6";
    ss = "\xC3\x9F";
    eacute = "\xC3\xA9";
    deg = "\xC2\xB0";
*/

/* Classify one line (s .. lim, NUL at lim, trailing spaces removed).  Over
 * 100 lines because it is one re2c scanner: a rule a kind of line DiskPart
 * (or the shell before it) prints, in every language, kept in one table. */
static classified classify(const unsigned char *s, const unsigned char *lim)
{
    const unsigned char *YYCURSOR = s, *YYLIMIT = lim, *YYMARKER = s;
    classified c;
    c.kind = L_OTHER;
    c.table = TB_NONE;
    c.lang = LANG_EN;
    /*!re2c
        $ { c.kind = L_BLANK; return c; }

        "DISKPART>" any* { c.kind = L_PROMPT; return c; }

        /* the shell's line that started DiskPart: cmd, PowerShell, Git Bash
         * (its `user@host MINGW64 ~` line, then `$ diskpart`), or the
         * command alone (tests/corpus/README.md, G1) */
        [A-Za-z] ":\\" [^\x00>]* ">" any* { c.kind = L_SHELL_PROMPT; return c; }
        "PS " [A-Za-z] ":" [^\x00>]* ">" any* { c.kind = L_SHELL_PROMPT; return c; }
        "$" sp 'diskpart' any* { c.kind = L_SHELL_PROMPT; return c; }
        'diskpart' '.exe'? (sp "/" any*)? { c.kind = L_SHELL_PROMPT; goto whole; }
        [^ \x00@]+ "@" [^ \x00]+ " " ("MINGW32" | "MINGW64" | "UCRT64" | "MSYS") (" " any*)?
            { c.kind = L_SHELL_PROMPT; goto whole; }

        "Microsoft DiskPart" any* { c.kind = L_BANNER; return c; }
        "Copyright (C)" any* { c.kind = L_BANNER; return c; }
        "On computer: " any* { c.kind = L_BANNER; return c; }
        "Sur l" ("\xE2\x80\x99" | "'" | "?") "ordinateur" any* { c.kind = L_BANNER; return c; }
        "Auf Computer: " any* { c.kind = L_BANNER; return c; }

        "Disk " num " is now the selected disk." { c.kind = L_SEL_DISK; goto whole; }
        "Le disque " num " est maintenant le disque s" eacute "lectionn" eacute "."
            { c.kind = L_SEL_DISK; c.lang = LANG_FR; goto whole; }
        "Datentr" ae "ger " num " ist jetzt der gew" ae "hlte Datentr" ae "ger."
            { c.kind = L_SEL_DISK; c.lang = LANG_DE; goto whole; }
        "Volume " [0-9]+ " is the selected volume." { c.kind = L_SEL_VOLUME; goto whole; }
        "Le volume " [0-9]+ " est le volume s" eacute "lectionn" eacute "."
            { c.kind = L_SEL_VOLUME; c.lang = LANG_FR; goto whole; }
        "Partition " [0-9]+ " is now the selected partition." { c.kind = L_SEL_PARTITION; goto whole; }
        "Partition " [0-9]+ " ist jetzt die gew" ae "hlte Partition."
            { c.kind = L_SEL_PARTITION; c.lang = LANG_DE; goto whole; }

        "The disk you specified is not valid." { c.kind = L_BAD_DISK; goto whole; }
        "The volume you selected is not valid or does not exist." { c.kind = L_BAD_DISK; goto whole; }
        "There is no disk selected." { c.kind = L_NO_DISK; goto whole; }
        "There is no disk selected to list partitions." { c.kind = L_NO_DISK; goto whole; }

        /* refusals: the command did nothing (corpus 05 11 38 39 40 42) */
        ("Please s" | "S") "elect a " ("disk" | "volume" | "partition") " and try again."
            { c.kind = L_NEUTRAL; goto whole; }
        "There is no " ("volume" | "partition") " selected." { c.kind = L_NEUTRAL; goto whole; }
        "The partition you specified is not valid." { c.kind = L_NEUTRAL; goto whole; }
        "The arguments specified for this command are not valid." { c.kind = L_NEUTRAL; goto whole; }
        "For more information on the command type: HELP" (" " any*)? { c.kind = L_NEUTRAL; return c; }
        "DiskPart has encountered an error: " any* { c.kind = L_NEUTRAL; return c; }
        "See the System Event Log for more information." { c.kind = L_NEUTRAL; goto whole; }
        "Virtual Disk Service error:" { c.kind = L_VDS_ERROR; goto whole; }
        "There is no volume associated with this partition." { c.kind = L_NEUTRAL; goto whole; }

        /* `detail partition`: its first line (corpus 03 04 06 07 08 44) */
        "Partition " [0-9]+ { c.kind = L_DPART; goto whole; }
        "There are no partitions on this disk to show." { c.kind = L_NO_PARTITIONS; goto whole; }
        "There are no volumes." { c.kind = L_NO_VOLUMES; goto whole; }
        "Leaving DiskPart..." { c.kind = L_NEUTRAL; goto whole; }
        "Datentr" ae "gerpartitionierung wird beendet..." { c.kind = L_NEUTRAL; goto whole; }
        "Please wait while DiskPart scans your configuration..." { c.kind = L_NEUTRAL; goto whole; }
        "DiskPart has finished scanning your configuration." { c.kind = L_NEUTRAL; goto whole; }

        "DiskPart " ("succe" | "a " | "hat ") any* { c.kind = L_CHANGE; return c; }
        "Der Datentr" ae "ger wurde bereinigt." { c.kind = L_CHANGE; goto whole; }
        "Die angegebene Partition wurde erfolgreich erstellt." { c.kind = L_CHANGE; goto whole; }
        "Die gew" ae "hlte Partition wurde erfolgreich gel" oe "scht." { c.kind = L_CHANGE; goto whole; }
        "Die aktuelle Partition wurde als aktiv markiert." { c.kind = L_CHANGE; goto whole; }
        "Der Laufwerkbuchstabe oder der Bereitstellungspunkt wurde zugewiesen." { c.kind = L_CHANGE; goto whole; }
        "DiskPart marked the current partition as active." { c.kind = L_CHANGE; goto whole; }
        ("Disk" | "Volume") " attributes " ("set" | "cleared") " successfully." { c.kind = L_CHANGE; goto whole; }
        "Disk is uninitialized, initializing it to " ("GPT" | "MBR") "." { c.kind = L_CHANGE; goto whole; }
        " "* [0-9]+ (" percent completed" | " Prozent bearbeitet" | " pour cent effectu" eacute "s")
            { c.kind = L_CHANGE; goto whole; }

        "  Disk ###" sp "Status" sp "Size" sp "Free" sp "Dyn" sp "Gpt"
            { c.kind = L_HEADER; c.table = TB_DISK; goto whole; }
        "  N" deg " disque" sp "Statut" sp "Taille" sp "Libre" sp "Dyn" sp "GPT"
            { c.kind = L_HEADER; c.table = TB_DISK; c.lang = LANG_FR; goto whole; }
        "  Datentr" ae "ger ###" sp "Status" sp "Gr" oe ss "e" sp "Frei" sp "Dyn" sp "GPT"
            { c.kind = L_HEADER; c.table = TB_DISK; c.lang = LANG_DE; goto whole; }
        "  Volume ###" sp "Ltr" sp "Label" sp "Fs" sp "Type" sp "Size" sp "Status" sp "Info"
            { c.kind = L_HEADER; c.table = TB_VOLUME; goto whole; }
        "  N" deg " volume" sp "Ltr" sp "Nom" sp "Fs" sp "Type" sp "Taille" sp "Statut" sp "Info"
            { c.kind = L_HEADER; c.table = TB_VOLUME; c.lang = LANG_FR; goto whole; }
        "  Volume ###" sp "Bst" sp "Bezeichnung" sp "DS" sp "Typ" sp "Gr" oe ss "e" sp "Status" sp "Info"
            { c.kind = L_HEADER; c.table = TB_VOLUME; c.lang = LANG_DE; goto whole; }
        "  Partition ###" sp "Type" sp "Size" sp "Offset"
            { c.kind = L_HEADER; c.table = TB_PARTITION; goto whole; }
        "  N" deg " partition" sp "Type" sp "Taille" sp "D" eacute "calage"
            { c.kind = L_HEADER; c.table = TB_PARTITION; c.lang = LANG_FR; goto whole; }
        "  Partition ###" sp "Typ" sp "Gr" oe ss "e" sp "Offset"
            { c.kind = L_HEADER; c.table = TB_PARTITION; c.lang = LANG_DE; goto whole; }

        "  " dash (sp dash)* { c.kind = L_DASHES; goto whole; }

        [A-Z] [A-Za-z -]* ":" (" " any*)? { c.kind = L_FIELD; return c; }

        * { c.kind = L_OTHER; return c; }
    */
whole:
    if (YYCURSOR != lim)
        c.kind = L_OTHER;
    return c;
}

/* ---- tokens of a table row ---- */

typedef struct token {
    size_t off, len;        /* bytes, relative to the line */
    size_t col, endcol;     /* character columns [col, endcol) */
} token;

#define MAX_TOKENS 64
#define MAX_SPANS 16

typedef struct span {
    size_t start, end;      /* character columns, inclusive */
} span;

static size_t tokenize(const char *p, size_t n, token *t, size_t max)
{
    size_t i = 0, col = 0, k = 0;
    while (i < n && k < max) {
        if (p[i] == ' ') {
            i++;
            col++;
            continue;
        }
        t[k].off = i;
        t[k].col = col;
        while (i < n && p[i] != ' ') {
            i++;    /* one character: a byte and its UTF-8 continuation bytes */
            while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
                i++;
            col++;
        }
        t[k].len = i - t[k].off;
        t[k].endcol = col;
        k++;
    }
    return i < n ? max + 1 : k;
}

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

static void err(reader *r, size_t off, size_t len, enum diag_code code, const char *fmt, ...)
    MRB_PRINTF(5, 6)
    ;

static void err(reader *r, size_t off, size_t len, enum diag_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(r->d, r->src, off, off + len, code, fmt, ap);
    va_end(ap);
    r->last_code = code;
    r->table_bad = true;
}

/* E207: the capture shows two moments.  That is its cause: nothing after
 * it is read (one error per cause). */
static void two_moments(reader *r, size_t off, const char *fmt, ...) MRB_PRINTF(3, 4);

static void two_moments(reader *r, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(r->d, r->src, off, off, E207, fmt, ap);
    va_end(ap);
    r->last_code = E207;
    r->stopped = true;
}

static unsigned long line_of(const reader *r, size_t off)
{
    unsigned long line, col;
    diag_linecol(r->src, off, &line, &col);
    return line;
}

/* List the words of vocabulary v in language lang, for "expected one of". */
static void known_words(buf *b, const mdl_vocab *v, enum mdl_lang lang)
{
    int i;
    bool first = true;
    for (i = 0; i < v->count; i++) {
        const char *w = v->words[i][lang];
        if (!w || !*w)
            continue;
        buf_printf(b, "%s'%s'", first ? "" : ", ", w);
        first = false;
    }
    if (first)
        buf_puts(b, "none yet");
}

static const char *const lang_names[LANG_COUNT] = {"English", "French", "German"};

/* ---- words the operator supplies (--words) ---- */

/* The `detail disk` fields the reader knows, in English. */
static const char *const detail_fields[] = {
    "Disk ID", "Type", "Status", "Path", "Target", "LUN ID", "Location Path",
    "Current Read-only State", "Read-only", "Boot Disk", "Pagefile Disk",
    "Hibernation File Disk", "Crashdump Disk", "Clustered Disk",
};

/* The `detail volume` fields (after its disk table), in English: read and
 * not used. */
static const char *const vdetail_fields[] = {
    "Read-only", "Hidden", "No Default Drive Letter", "Shadow Copy", "Offline",
    "BitLocker Encrypted", "Installable", "Volume Capacity", "Volume Free Space",
};

static bool is_vfield(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof vdetail_fields / sizeof vdetail_fields[0]; i++)
        if (strlen(vdetail_fields[i]) == n && memcmp(vdetail_fields[i], s, n) == 0)
            return true;
    return false;
}

static bool is_field(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof detail_fields / sizeof detail_fields[0]; i++)
        if (strlen(detail_fields[i]) == n && memcmp(detail_fields[i], s, n) == 0)
            return true;
    return false;
}

/* `detail disk` field names and Yes/No in other languages, each seen in a
 * real listing (runtime/diskpart/MODEL.md, "Languages": French T16; German Ja/Nein
 * in `detail partition`, T2). */
static const struct {
    const char *local, *english;
} builtin_words[] = {
    {"ID du disque", "Disk ID"},
    {"\xC3\x89tat", "Status"},
    {"Chemin", "Path"},
    {"Cible", "Target"},
    {"ID LUN", "LUN ID"},
    {"Chemin d\xE2\x80\x99" "acc\xC3\xA8s de l\xE2\x80\x99" "emplacement", "Location Path"},
    {"\xC3\x89tat en lecture seule actuel", "Current Read-only State"},
    {"Lecture seule", "Read-only"},
    {"Disque de d\xC3\xA9marrage", "Boot Disk"},
    {"Disque de fichiers d\xE2\x80\x99\xC3\xA9" "change", "Pagefile Disk"},
    {"Disque de fichiers de mise en veille prolong\xC3\xA9" "e", "Hibernation File Disk"},
    {"Disque de fichiers de vidage sur incident", "Crashdump Disk"},
    {"Disque en cluster", "Clustered Disk"},
    {"Oui", "Yes"},
    {"Non", "No"},
    {"Ja", "Yes"},
    {"Nein", "No"},
};

static const char *builtin_word(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof builtin_words / sizeof builtin_words[0]; i++)
        if (strlen(builtin_words[i].local) == n && memcmp(builtin_words[i].local, s, n) == 0)
            return builtin_words[i].english;
    return NULL;
}

/* The English word the operator gave for s[0..n), or NULL. */
static const char *supplied(const lst_words *w, const char *s, size_t n) { return lst_words_find(w, s, n); }

/* The English of a field name or Yes/No: built in, or given by the operator. */
static const char *translated(const lst_words *w, const char *s, size_t n)
{
    const char *en = builtin_word(s, n);
    return en ? en : supplied(w, s, n);
}

/* A vocabulary word in the listing's language, or one the operator gave. */
static int lookup(const reader *r, const mdl_vocab *v, const char *s, size_t n)
{
    int k = mdl_lookup(v, r->lang, s, n);
    const char *en;
    if (k < 0 && (en = supplied(r->words, s, n)) != NULL)
        k = mdl_lookup(v, LANG_EN, en, strlen(en));
    return k;
}

/* How an unknown word can be given: appended to the messages of E202. */
static const char *const words_hint = "; if DiskPart prints it, give its English word in a file "
                                      "passed with --words (a line 'LOCAL = English')";

/* Has E202 named this word already?  Marks it named. */
static bool named_before(reader *r, const char *s, size_t n)
{
    buf key;
    bool seen;
    buf_init(&key);
    buf_putc(&key, '\x01');
    buf_put(&key, s, n);
    buf_putc(&key, '\x01');
    seen = r->unknown_words.len && strstr(buf_cstr(&r->unknown_words), buf_cstr(&key)) != NULL;
    if (!seen)
        buf_put(&r->unknown_words, key.data, key.len);
    buf_free(&key);
    return seen;
}

/* Look a cell up in a vocabulary; reports E202 (once for each word: one
 * unknown word is one cause) and returns -1 if unknown. */
static int word(reader *r, const mdl_vocab *v, const char *line, size_t line_off, size_t off,
                size_t len)
{
    int k = lookup(r, v, line + off, len);
    if (k < 0)
        r->table_bad = true;
    if (k < 0 && !named_before(r, line + off, len)) {
        buf known, shown;
        buf_init(&known);
        buf_init(&shown);
        known_words(&known, v, r->lang);
        diag_escape(&shown, line + off, len);
        err(r, line_off + off, len, E202, "unknown %s '%s' (%s listing; known: %s)%s", v->kind,
            buf_cstr(&shown), lang_names[r->lang], buf_cstr(&known), words_hint);
        buf_free(&known);
        buf_free(&shown);
    }
    return k;
}

/* ---- numbers and sizes ---- */

static bool parse_number(const char *p, size_t n, unsigned long *v)
{
    size_t i;
    unsigned long x = 0;
    if (n == 0 || n > 9)
        return false;
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        x = x * 10 + (unsigned long)(p[i] - '0');
    }
    *v = x;
    return x <= LIM_NUMBER;
}

static const struct {
    const char *word;
    uint64_t unit;
} units[] = {
    {"B", 1}, {"KB", MDL_KiB}, {"MB", MDL_MiB}, {"GB", MDL_GiB}, {"TB", MDL_TiB},
    {"octets", 1}, {"K octets", MDL_KiB}, {"M octets", MDL_MiB}, {"G octets", MDL_GiB},
    {"T octets", MDL_TiB}, {"K", MDL_KiB}, {"M", MDL_MiB}, {"G", MDL_GiB}, {"T", MDL_TiB},
    {"o", 1},   /* French `list volume`: a DVD drive's `0 o` (runtime/diskpart/MODEL.md, T14) */
};

static bool unit_of(const char *p, size_t n, uint64_t *unit)
{
    size_t i;
    for (i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].word) == n && memcmp(units[i].word, p, n) == 0) {
            *unit = units[i].unit;
            return true;
        }
    return false;
}

/* A size from tokens t[0..k): a number then a unit of one or two words. */
static bool size_of(reader *r, const char *line, size_t line_off, const token *t, size_t k,
                    mdl_size *out)
{
    unsigned long v;
    uint64_t unit;
    size_t uoff, ulen;
    if (k < 2 || k > 3) {
        err(r, line_off + (k ? t[0].off : 0), k ? t[k - 1].off + t[k - 1].len - t[0].off : 0, E203,
            "expected a size such as '447 GB'");
        return false;
    }
    if (!parse_number(line + t[0].off, t[0].len, &v)) {
        err(r, line_off + t[0].off, t[0].len, E211, "expected a number up to %u here",
            LIM_NUMBER);
        return false;
    }
    uoff = t[1].off;
    ulen = t[k - 1].off + t[k - 1].len - uoff;
    if (!unit_of(line + uoff, ulen, &unit)) {
        buf shown;
        buf_init(&shown);
        diag_escape(&shown, line + uoff, ulen);
        err(r, line_off + uoff, ulen, E202,
            "unknown size unit '%s' (known: B, KB, MB, GB, TB, and the French octets, K, M, G, T, o)",
            buf_cstr(&shown));
        buf_free(&shown);
        return false;
    }
    if (!mdl_displayed(v, unit, out)) {
        err(r, line_off + t[0].off, t[0].len, E211, "size out of range");
        return false;
    }
    return true;
}

/* ---- rows ---- */

/* The span a token starting at column col belongs to, with one column of
 * slack either side; -1 when none. */
static long span_of(const reader *r, size_t col)
{
    size_t i;
    for (i = 0; i < r->nspans; i++) {
        size_t lo = r->spans[i].start > 0 ? r->spans[i].start - 1 : 0;
        if (col >= lo && col <= r->spans[i].end + 1)
            return (long)i;
    }
    return -1;
}

/* Group tokens t[0..n) by span: first[i], count[i] for span i. */
static bool by_span(reader *r, const char *line, size_t line_off, const token *t, size_t n,
                    size_t *first, size_t *count)
{
    size_t i;
    for (i = 0; i < r->nspans; i++)
        count[i] = 0;
    for (i = 0; i < n; i++) {
        long s = span_of(r, t[i].col);
        if (s < 0) {
            err(r, line_off + t[i].off, t[i].len, E203,
                "text outside the columns of the table header");
            return false;
        }
        if (count[s] == 0)
            first[s] = i;
        else if (first[s] + count[s] != i) {
            err(r, line_off + t[i].off, t[i].len, E203, "row does not line up with its header");
            return false;
        }
        count[s]++;
    }
    (void)line;
    return true;
}

static const char *const disk_words[LANG_COUNT] = {"Disk", "Disque", "Datentr\xC3\xA4ger"};

static bool parse_id(const char *p, size_t n, unsigned long *num, bool *missing)
{
    *missing = n > 1 && p[0] == 'M';
    if (*missing) {
        p++;
        n--;
    }
    return parse_number(p, n, num);
}

static bool name_ok(reader *r, const char *line, size_t line_off, const token *t, size_t n,
                    const char *want, bool allow_m, unsigned long *num, bool *missing)
{
    if (n < 2 || strlen(want) != t[0].len || memcmp(line + t[0].off, want, t[0].len) != 0) {
        err(r, line_off + (n ? t[0].off : 0), n ? t[0].len : 0, E203,
            "expected a row starting with '%s N'", want);
        return false;
    }
    if (!parse_id(line + t[1].off, t[1].len, num, missing) || (*missing && !allow_m)) {
        err(r, line_off + t[1].off, t[1].len, E211, "expected a %snumber up to %u after '%s'",
            allow_m ? "disk " : "", LIM_NUMBER, want);
        return false;
    }
    return true;
}

static void disk_row(reader *r, const char *line, size_t line_off, const token *t, size_t n)
{
    mdl_disk dk;
    unsigned long num;
    size_t i = 2, j, stat_end = 0, size_end, free_end;
    int st = -1;
    long shift;
    memset(&dk, 0, sizeof dk);
    if (!name_ok(r, line, line_off, t, n, disk_words[r->lang], true, &num, &dk.missing_id))
        return;
    dk.num = (unsigned)num;
    /* status: the longest run of words (1 to 4) that the vocabulary knows */
    for (j = 4; j >= 1 && st < 0; j--)
        if (i + j <= n) {
            st = lookup(r, &mdl_disk_status_vocab, line + t[i].off,
                        t[i + j - 1].off + t[i + j - 1].len - t[i].off);
            stat_end = i + j;
        }
    if (st < 0) {
        if (i < n)
            word(r, &mdl_disk_status_vocab, line, line_off, t[i].off, t[i].len);
        else
            err(r, line_off + t[n - 1].off, t[n - 1].len, E203, "row cut short: no status");
        return;
    }
    dk.status = (enum mdl_disk_status)st;
    i = stat_end;
    /* size and free: a number and a unit of one or two words each */
    for (size_end = i + 1; size_end < n && !(line[t[size_end].off] >= '0' && line[t[size_end].off] <= '9');
         size_end++)
        ;
    if (size_end >= n) {
        err(r, line_off + t[n - 1].off, t[n - 1].len, E203, "row cut short: expected size and free space");
        return;
    }
    if (!size_of(r, line, line_off, t + i, size_end - i, &dk.size))
        return;
    for (free_end = size_end + 1; free_end < n && line[t[free_end].off] != '*'; free_end++)
        ;
    if (!size_of(r, line, line_off, t + size_end, free_end - size_end, &dk.free))
        return;
    /* stars: placed relative to where the Free value ends */
    shift = (long)t[free_end - 1].endcol - 1 - (long)r->spans[3].end;
    for (i = free_end; i < n; i++) {
        long col = (long)t[i].col - shift, s;
        if (t[i].len != 1 || line[t[i].off] != '*') {
            err(r, line_off + t[i].off, t[i].len, E203, "expected '*' or nothing in the Dyn and Gpt columns");
            return;
        }
        s = col < 0 ? -1 : span_of(r, (size_t)col);
        if (s == 4)
            dk.dyn = true;
        else if (s == 5)
            dk.gpt = true;
        else {
            err(r, line_off + t[i].off, 1, E203, "'*' outside the Dyn and Gpt columns");
            return;
        }
    }
    if (mdl_find_disk(&r->cur, dk.num, dk.missing_id)) {
        err(r, line_off + t[1].off, t[1].len, E210, "disk %s%lu is listed twice",
            dk.missing_id ? "M" : "", num);
        return;
    }
    if (r->cur.ndisks >= LIM_DISKS) {
        err(r, line_off, 1, E212, "too many disks (limit is %u)", LIM_DISKS);
        return;
    }
    if (!(dk.row = util_strndup(r->row_text, r->row_len)) || !mdl_add_disk(&r->cur, &dk))
        err(r, line_off, 0, E010, "out of memory");
    util_free(dk.row);
}

static void cell_text(const token *t, size_t first, size_t count, size_t *off,
                      size_t *len)
{
    *off = t[first].off;
    *len = t[first + count - 1].off + t[first + count - 1].len - *off;
}

static void volume_row(reader *r, const char *line, size_t line_off, const token *t, size_t n)
{
    size_t first[MAX_SPANS], count[MAX_SPANS], off, len;
    mdl_volume v;
    unsigned long num;
    bool missing;
    int k;
    char label[64];
    memset(&v, 0, sizeof v);
    if (!name_ok(r, line, line_off, t, n, "Volume", false, &num, &missing))
        return;
    v.num = (unsigned)num;
    if (r->nspans != 8) {
        err(r, r->table_off, 0, E203, "a volume table has 8 columns");
        return;
    }
    if (!by_span(r, line, line_off, t + 2, n - 2, first, count))
        return;
    for (k = 0; k < 8; k++)
        first[k] += 2;
    if (count[0] != 0) {
        err(r, line_off + t[2].off, t[2].len, E203, "unexpected text after the volume number");
        return;
    }
    if (count[1]) {
        cell_text(t, first[1], count[1], &off, &len);
        if (len != 1 || line[off] < 'A' || line[off] > 'Z') {
            err(r, line_off + off, len, E203, "expected a drive letter A to Z in the Ltr column");
            return;
        }
        v.letter = line[off];
    }
    label[0] = '\0';
    if (count[2]) {
        cell_text(t, first[2], count[2], &off, &len);
        if (len >= sizeof label) {
            err(r, line_off + off, len, E203, "label longer than DiskPart shows");
            return;
        }
        memcpy(label, line + off, len);
        label[len] = '\0';
    }
    v.label = label;
    if (count[3]) {
        cell_text(t, first[3], count[3], &off, &len);
        if ((k = word(r, &mdl_fs_vocab, line, line_off, off, len)) < 0)
            return;
        v.fs = (enum mdl_fs)k;
    }
    if (!count[4] || !count[5]) {
        err(r, line_off + t[n - 1].off, t[n - 1].len, E203,
            "row cut short: a volume row needs a type and a size");
        return;
    }
    cell_text(t, first[4], count[4], &off, &len);
    if ((k = word(r, &mdl_vol_type_vocab, line, line_off, off, len)) < 0)
        return;
    v.type = (enum mdl_vol_type)k;
    if (!size_of(r, line, line_off, t + first[5], count[5], &v.size))
        return;
    if (count[6]) {
        cell_text(t, first[6], count[6], &off, &len);
        if ((k = word(r, &mdl_vol_status_vocab, line, line_off, off, len)) < 0)
            return;
        v.status = (enum mdl_vol_status)k;
    }
    if (count[7]) {
        cell_text(t, first[7], count[7], &off, &len);
        if ((k = word(r, &mdl_vol_info_vocab, line, line_off, off, len)) < 0)
            return;
        v.info = (enum mdl_vol_info)k;
    }
    if (mdl_find_volume(&r->cur, v.num)) {
        err(r, line_off + t[1].off, t[1].len, E210, "volume %lu is listed twice", num);
        return;
    }
    if (r->cur.nvols >= LIM_VOLUMES) {
        err(r, line_off, 1, E212, "too many volumes (limit is %u)", LIM_VOLUMES);
        return;
    }
    if (!(v.row = util_strndup(r->row_text, r->row_len)) || !mdl_add_volume(&r->cur, &v))
        err(r, line_off, 0, E010, "out of memory");
    util_free(v.row);
}

static void partition_row(reader *r, const char *line, size_t line_off, const token *t, size_t n)
{
    size_t first[MAX_SPANS], count[MAX_SPANS], off, len, i;
    mdl_partition p;
    unsigned long num;
    bool missing;
    int k;
    memset(&p, 0, sizeof p);
    if (!name_ok(r, line, line_off, t, n, "Partition", false, &num, &missing))
        return;
    p.num = (unsigned)num;
    if (r->nspans != 4) {
        err(r, r->table_off, 0, E203, "a partition table has 4 columns");
        return;
    }
    if (!by_span(r, line, line_off, t + 2, n - 2, first, count))
        return;
    for (i = 0; i < 4; i++)
        first[i] += 2;
    if (count[0] != 0 || !count[1] || !count[2] || !count[3]) {
        err(r, line_off + t[n - 1].off, t[n - 1].len, E203,
            "a partition row needs a type, a size and an offset");
        return;
    }
    cell_text(t, first[1], count[1], &off, &len);
    if ((k = word(r, &mdl_part_type_vocab, line, line_off, off, len)) < 0)
        return;
    p.type = (enum mdl_part_type)k;
    if (!size_of(r, line, line_off, t + first[2], count[2], &p.size) ||
        !size_of(r, line, line_off, t + first[3], count[3], &p.offset))
        return;
    /* DiskPart numbers several partitions 0 (extended, unrecognised): only
     * numbers above 0 must be unique. */
    for (i = 0; i < r->cur_parts.nparts; i++)
        if (p.num != 0 && r->cur_parts.parts[i].num == p.num) {
            err(r, line_off + t[1].off, t[1].len, E210, "partition %lu is listed twice", num);
            return;
        }
    if (r->cur_parts.nparts >= LIM_PARTITIONS) {
        err(r, line_off, 1, E212, "too many partitions on one disk (limit is %u)", LIM_PARTITIONS);
        return;
    }
    if (!mdl_add_partition(&r->cur_parts, &p))
        err(r, line_off, 0, E010, "out of memory");
}

static void row(reader *r, const char *line, size_t len, size_t line_off)
{
    token t[MAX_TOKENS + 1];
    size_t n = tokenize(line, len, t, MAX_TOKENS);
    if (n > MAX_TOKENS) {
        err(r, line_off, len, E203, "too many words in one row");
        return;
    }
    /* the first token may be the focus star */
    if (n && t[0].col == 0) {
        if (t[0].len != 1 || line[0] != '*') {
            err(r, line_off, t[0].len, E203, "a row starts with two spaces or '* '");
            return;
        }
        memmove(t, t + 1, (n - 1) * sizeof *t);
        n--;
    }
    r->rows++;
    r->row_text = line + 2;
    r->row_len = len - 2;
    switch (r->table) {
    case TB_DISK: disk_row(r, line, line_off, t, n); break;
    case TB_VOLUME: volume_row(r, line, line_off, t, n); break;
    case TB_PARTITION: partition_row(r, line, line_off, t, n); break;
    case TB_NONE: break;
    }
}

/* ---- the aside store: partitions and details by selected disk ---- */

static long aside_select(aside *a, unsigned long num, bool missing)
{
    mdl_disk dk, *found = mdl_find_disk(&a->s, (unsigned)num, missing);
    if (found)
        return found - a->s.disks;
    memset(&dk, 0, sizeof dk);
    dk.num = (unsigned)num;
    dk.missing_id = missing;
    if (!util_grow((void **)&a->e, &a->cap, a->s.ndisks + 1, sizeof *a->e) ||
        !mdl_add_disk(&a->s, &dk))
        return -1;
    memset(&a->e[a->s.ndisks - 1], 0, sizeof *a->e);
    return (long)a->s.ndisks - 1;
}

static void aside_free(aside *a)
{
    mdl_server_free(&a->s);
    util_free(a->e);
}

/* The aside entry of the disk with the focus (r->sel >= 0). */
static mdl_disk *sel_disk(reader *r)
{
    return &(r->sel_vol ? &r->vaux : &r->aux)->s.disks[r->sel];
}

static aux_entry *sel_entry(reader *r)
{
    return &(r->sel_vol ? &r->vaux : &r->aux)->e[r->sel];
}

/* How the disk with the focus is named in a message: "disk 1", or "the disk
 * of volume 2". */
static void sel_name(reader *r, buf *b)
{
    const mdl_disk *dk = sel_disk(r);
    if (r->sel_vol)
        buf_printf(b, "the disk of volume %u", dk->num);
    else
        buf_printf(b, "disk " MDL_DISK_FMT, MDL_DISK_ARGS(*dk));
}

static bool parts_eq(const mdl_disk *a, const mdl_disk *b)
{
    size_t i;
    if (a->nparts != b->nparts)
        return false;
    for (i = 0; i < a->nparts; i++)
        if (a->parts[i].num != b->parts[i].num || a->parts[i].type != b->parts[i].type ||
            !mdl_size_eq(a->parts[i].size, b->parts[i].size) ||
            !mdl_size_eq(a->parts[i].offset, b->parts[i].offset))
            return false;
    return true;
}

static void swap_parts(mdl_disk *a, mdl_disk *b)
{
    mdl_partition *p = a->parts;
    size_t n = a->nparts, c = a->capparts;
    a->parts = b->parts;
    a->nparts = b->nparts;
    a->capparts = b->capparts;
    b->parts = p;
    b->nparts = n;
    b->capparts = c;
}

/* ---- end of a table ---- */

static void free_rows(reader *r)
{
    mdl_server_free(&r->cur);
    util_free(r->cur_parts.parts);
    memset(&r->cur_parts, 0, sizeof r->cur_parts);
}

static void swap_disks(mdl_server *a, mdl_server *b)
{
    mdl_server t = *a;
    a->disks = b->disks;
    a->ndisks = b->ndisks;
    a->capdisks = b->capdisks;
    b->disks = t.disks;
    b->ndisks = t.ndisks;
    b->capdisks = t.capdisks;
}

/* A `list disk` table, read at table_off: the first is the snapshot's, a
 * later one must show the same. */
static void store_disks(reader *r, mdl_server *rows, size_t table_off)
{
    buf why;
    r->seen_disks = true;
    if (!r->have_disks) {
        swap_disks(r->out, rows);
        r->have_disks = true;
        r->disks_off = table_off;
        return;
    }
    buf_init(&why);
    {
        mdl_server a = *r->out, b = *rows;
        a.nvols = b.nvols = 0;
        if (!mdl_server_eq(&a, &b, &why))
            two_moments(r, table_off,
                "this 'list disk' differs from the one at line %lu (%s): a snapshot must "
                "describe one moment", line_of(r, r->disks_off), buf_cstr(&why));
    }
    buf_free(&why);
}

/* The held disk table after a volume selection: the volume's `detail volume`
 * table (as_detail) or a `list disk`. */
static void settle_vd(reader *r, bool as_detail)
{
    if (!r->vd_pending)
        return;
    r->vd_pending = false;
    if (!as_detail) {
        store_disks(r, &r->vd_rows, r->vd_off);
    } else {
        mdl_volume v, *w = mdl_find_volume(&r->vdetails, (unsigned)r->vd_vol);
        size_t i;
        memset(&v, 0, sizeof v);
        v.num = (unsigned)r->vd_vol;
        v.detail_known = true;
        for (i = 0; i < r->vd_rows.ndisks && i < MDL_VOL_DISKS; i++) {
            v.detail_on[i].num = r->vd_rows.disks[i].num;
            v.detail_on[i].missing_id = r->vd_rows.disks[i].missing_id;
        }
        v.ndetail = (unsigned)i;
        if (r->vd_rows.ndisks > MDL_VOL_DISKS) {
            err(r, r->vd_off, 0, E212, "a volume on more than %u disks", MDL_VOL_DISKS);
        } else if (w) {
            if (w->ndetail != v.ndetail || memcmp(w->detail_on, v.detail_on, v.ndetail * sizeof *v.detail_on) != 0)
                two_moments(r, r->vd_off,
                    "this 'detail volume' of volume %ld shows other disks than the one at line %lu: a "
                    "snapshot must describe one moment", r->vd_vol,
                    line_of(r, r->vdoff[w - r->vdetails.vols]));
        } else if (!util_grow((void **)&r->vdoff, &r->capvdoff, r->vdetails.nvols + 1, sizeof *r->vdoff) ||
                   !mdl_add_volume(&r->vdetails, &v)) {
            err(r, r->vd_off, 0, E010, "out of memory");
        } else {
            r->vdoff[r->vdetails.nvols - 1] = r->vd_off;
            /* each row must be the disk's `list disk` row: checked at the end */
            for (i = 0; i < r->vd_rows.ndisks; i++)
                if (!util_grow((void **)&r->vdcoff, &r->capvdcoff, r->vd_check.ndisks + 1, sizeof *r->vdcoff) ||
                    !mdl_add_disk(&r->vd_check, &r->vd_rows.disks[i]))
                    err(r, r->vd_off, 0, E010, "out of memory");
                else
                    r->vdcoff[r->vd_check.ndisks - 1] = r->vd_off;
        }
        r->vd_fields = true;
    }
    mdl_server_free(&r->vd_rows);
}

/* The rows of a volume table that only shows some volumes (`detail disk`,
 * `detail partition`): each must be as `list volume` shows it (checked at
 * the end). */
static void keep_detail_vols(reader *r)
{
    size_t i;
    for (i = 0; i < r->cur.nvols; i++)
        if (!mdl_find_volume(&r->detail_vols, r->cur.vols[i].num) &&
            !mdl_add_volume(&r->detail_vols, &r->cur.vols[i]))
            err(r, r->table_off, 0, E010, "out of memory");
}

static void end_table(reader *r)
{
    buf why;
    if (r->table == TB_NONE)
        return;
    buf_init(&why);
    if (!r->have_dashes || r->rows == 0) {
        if (!(r->table == TB_PARTITION && r->have_dashes))
            err(r, r->table_off, 0, E204, "table cut short: %s",
                r->have_dashes ? "no rows after the dashes" : "no dashes under the header");
        goto done;
    }
    if (r->table_bad)
        goto done;      /* a bad row: the table is not trusted, compare nothing */
    if (r->table == TB_DISK && r->vd_table) {
        swap_disks(&r->vd_rows, &r->cur);
        r->vd_pending = true;
        r->vd_off = r->table_off;
    } else if (r->table == TB_DISK) {
        store_disks(r, &r->cur, r->table_off);
    } else if (r->table == TB_VOLUME && r->dpart_table) {
        keep_detail_vols(r);
        r->in_dpart = false;    /* a volume table after it is another command's */
    } else if (r->table == TB_VOLUME && r->in_detail_table) {
        size_t i;
        mdl_disk *dk = r->sel >= 0 ? sel_disk(r) : NULL;
        if (dk) {
            util_free(dk->detail.vols);
            dk->detail.nvols = 0;
            if (!(dk->detail.vols = util_calloc(r->cur.nvols, sizeof *dk->detail.vols)))
                err(r, r->table_off, 0, E010, "out of memory");
            for (i = 0; dk->detail.vols && i < r->cur.nvols; i++) {
                dk->detail.vols[i] = r->cur.vols[i].num;
                dk->detail.nvols = i + 1;
                if (!mdl_find_volume(&r->detail_vols, r->cur.vols[i].num) &&
                    !mdl_add_volume(&r->detail_vols, &r->cur.vols[i]))
                    err(r, r->table_off, 0, E010, "out of memory");
            }
        }
        r->in_detail = false;
    } else if (r->table == TB_VOLUME) {
        if (!r->have_vols) {
            mdl_server tmp = *r->out;
            r->out->vols = r->cur.vols;
            r->out->nvols = r->cur.nvols;
            r->out->capvols = r->cur.capvols;
            r->cur.vols = tmp.vols;
            r->cur.nvols = tmp.nvols;
            r->cur.capvols = tmp.capvols;
            r->have_vols = true;
            r->vols_off = r->table_off;
        } else {
            mdl_server a = *r->out, b = r->cur;
            a.ndisks = b.ndisks = 0;
            if (!mdl_server_eq(&a, &b, &why))
                two_moments(r, r->table_off,
                    "this 'list volume' differs from the one at line %lu (%s): a snapshot must "
                    "describe one moment", line_of(r, r->vols_off), buf_cstr(&why));
        }
    } else if (r->table == TB_PARTITION) {
        mdl_disk *dk = sel_disk(r);
        if (!dk->parts_known) {
            swap_parts(dk, &r->cur_parts);
            dk->parts_known = true;
            sel_entry(r)->part_off = r->table_off;
        } else if (!parts_eq(dk, &r->cur_parts)) {
            buf name;
            buf_init(&name);
            sel_name(r, &name);
            two_moments(r, r->table_off, "this 'list partition' of %s differs from the one at line %lu: a "
                        "snapshot must describe one moment", buf_cstr(&name),
                        line_of(r, sel_entry(r)->part_off));
            buf_free(&name);
        }
    }
done:
    buf_free(&why);
    free_rows(r);
    r->table = TB_NONE;
    r->in_detail_table = false;
    r->dpart_table = false;
}

/* ---- detail disk fields ---- */

static bool yes_no(reader *r, const char *v, size_t n, size_t off, bool *out)
{
    const char *en = translated(r->words, v, n);
    if (en && strchr(en, ' ') == NULL) {
        v = en;
        n = strlen(en);
    }
    if (n == 3 && memcmp(v, "Yes", 3) == 0)
        *out = true;
    else if (n == 2 && memcmp(v, "No", 2) == 0)
        *out = false;
    else {
        err(r, off, n, E202, "expected 'Yes' or 'No'%s", words_hint);
        return false;
    }
    return true;
}

static bool set_str(reader *r, char **dst, const char *v, size_t n, size_t off)
{
    util_free(*dst);
    if (!(*dst = util_strndup(v, n))) {
        err(r, off, 0, E010, "out of memory");
        return false;
    }
    return true;
}

/* Lines not understood: the first is reported, the others only counted and
 * named at the end (a damaged paste is one cause, not one error a line).
 * True when this one is not to be reported. */
static bool quiet_now(reader *r, size_t off)
{
    if (!r->quiet) {
        r->quiet = true;
        return false;
    }
    if (r->quiet_more == 0)
        r->quiet_first = off;
    if (r->quiet_more < 8)
        buf_printf(&r->quiet_lines, "%s%lu", r->quiet_more ? ", " : "", line_of(r, off));
    else if (r->quiet_more == 8)
        buf_puts(&r->quiet_lines, ", ...");
    r->quiet_more++;
    return true;
}

/* At the end: say which other lines were not understood either. */
static void quiet_end(reader *r)
{
    if (r->quiet_more)
        diag_note(r->d, r->src, r->quiet_first, r->quiet_first,
                  "%zu more line%s not understood either (line%s %s)", r->quiet_more,
                  r->quiet_more == 1 ? "" : "s", r->quiet_more == 1 ? "" : "s",
                  buf_cstr(&r->quiet_lines));
}

static void field(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len);
    size_t klen = (size_t)(colon - line), voff, vlen;
    mdl_disk_detail *x;
    const char *key = line, *en;
    while (klen > 0 && line[klen - 1] == ' ')
        klen--;
    voff = (size_t)(colon - line) + 1;
    while (voff < len && line[voff] == ' ')
        voff++;
    vlen = len - voff;
    /* a field name the operator gave (--words) stands for its English name */
    if (!is_field(line, klen) && (en = translated(r->words, line, klen)) != NULL && is_field(en, strlen(en))) {
        key = en;
        klen = strlen(en);
    }
#define KEY(s) (klen == sizeof(s) - 1 && memcmp(key, s, klen) == 0)
    if (KEY("Disk ID")) {
        if (r->sel < 0) {
            err(r, off, len, E208,
                "disk details with no disk selected before them (expected a line 'Disk N is now "
                "the selected disk.')");
            r->pending = false;
            return;
        }
        x = &sel_disk(r)->detail;
        x->known = true;
        sel_entry(r)->detail_off = off;
        r->in_detail = true;
        if (r->pending) {
            set_str(r, &x->model, r->src->text + r->pending_off, r->pending_len, off);
            r->pending = false;
        } else if (!x->model) {
            set_str(r, &x->model, "", 0, off);
        }
        set_str(r, &x->disk_id, line + voff, vlen, off);
        return;
    }
    if (!r->in_detail) {
        if (!quiet_now(r, off))
            err(r, off, klen, E201, "'%.*s:' outside the output of 'detail disk'", (int)klen, key);
        return;
    }
    x = &sel_disk(r)->detail;
    if (KEY("Type"))
        set_str(r, &x->type, line + voff, vlen, off);
    else if (KEY("Location Path"))
        set_str(r, &x->location, line + voff, vlen, off);
    else if (KEY("Current Read-only State") || KEY("Read-only"))
        yes_no(r, line + voff, vlen, off + voff, &x->read_only);
    else if (KEY("Boot Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->boot);
    else if (KEY("Pagefile Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->pagefile);
    else if (KEY("Hibernation File Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->hibernation);
    else if (KEY("Crashdump Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->crashdump);
    else if (KEY("Clustered Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->clustered);
    else if (KEY("Status") || KEY("Path") || KEY("Target") || KEY("LUN ID"))
        ; /* shown elsewhere, or not used */
    else
        err(r, off, klen, E202,
            "unknown 'detail disk' field '%.*s' (known: Disk ID, Type, Status, Path, Target, "
            "LUN ID, Location Path, Current Read-only State, Read-only, Boot Disk, Pagefile Disk, "
            "Hibernation File Disk, Crashdump Disk, Clustered Disk)%s",
            (int)klen, key, words_hint);
#undef KEY
}

/* A field of `detail volume`: the names are checked, the values not used
 * (which disks the volume lives on is its table's). */
static void vfield(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen = (size_t)(colon - line);
    (void)len;
    while (klen > 0 && line[klen - 1] == ' ')
        klen--;
    if (is_vfield(line, klen))
        return;
    if ((en = translated(r->words, line, klen)) != NULL && is_vfield(en, strlen(en)))
        return;
    err(r, off, klen, E202,
        "unknown 'detail volume' field '%.*s' (known: Read-only, Hidden, No Default Drive Letter, "
        "Shadow Copy, Offline, BitLocker Encrypted, Installable, Volume Capacity, Volume Free Space)%s",
        (int)klen, line, words_hint);
}

/* The fields of `detail partition`, English and German (corpus 03 04 06 07
 * 08 44): read and not used. */
static const char *const dpart_fields[] = {
    "Type", "Hidden", "Active", "Required", "Attrib", "Offset in Bytes",
    "Typ", "Versteckt", "Aktiv", "Offset in Byte",
};

static void dpart_field(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen = (size_t)(colon - line), i;
    while (klen > 0 && line[klen - 1] == ' ')
        klen--;
    en = supplied(r->words, line, klen);
    for (i = 0; i < sizeof dpart_fields / sizeof dpart_fields[0]; i++)
        if ((strlen(dpart_fields[i]) == klen && memcmp(dpart_fields[i], line, klen) == 0) ||
            (en && strcmp(en, dpart_fields[i]) == 0))
            return;
    err(r, off, klen, E202,
        "unknown 'detail partition' field '%.*s' (known: Type, Hidden, Active, Required, Attrib, "
        "Offset in Bytes)%s", (int)klen, line, words_hint);
}

/* The output of `attributes disk` or `attributes volume`: fields named as
 * in `detail disk` and `detail volume` (corpus 41); read and not used. */
static void attr_field(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen = (size_t)(colon - line);
    while (klen > 0 && line[klen - 1] == ' ')
        klen--;
    en = translated(r->words, line, klen);
    if (is_field(line, klen) || is_vfield(line, klen) ||
        (en && (is_field(en, strlen(en)) || is_vfield(en, strlen(en)))))
        return;
    err(r, off, klen, E202, "unknown attribute '%.*s' (known: the fields of 'detail disk' and "
        "'detail volume')%s", (int)klen, line, words_hint);
}

/* Is this line a field of `detail volume` (the held disk table is then its)? */
static bool is_vfield_line(const reader *r, const char *line, size_t len)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen;
    if (!colon)
        return false;
    klen = (size_t)(colon - line);
    while (klen > 0 && line[klen - 1] == ' ')
        klen--;
    if (is_vfield(line, klen))
        return true;
    return (en = translated(r->words, line, klen)) != NULL && is_vfield(en, strlen(en));
}

/* ---- one line ---- */

static void flush_pending(reader *r)
{
    buf shown;
    if (!r->pending)
        return;
    r->pending = false;
    if (quiet_now(r, r->pending_off))
        return;
    buf_init(&shown);
    diag_escape(&shown, r->src->text + r->pending_off, r->pending_len > 60 ? 60 : r->pending_len);
    err(r, r->pending_off, r->pending_len, E201,
        "line not understood: '%s%s' is not a DiskPart listing, prompt or message%s",
        buf_cstr(&shown), r->pending_len > 60 ? "..." : "",
        r->src->text[r->pending_off] == ' ' ? ""
                                            : " (a message in the server's language can be "
                                              "given its English text with --words)");
    buf_free(&shown);
}

/* E209: the capture changed the server.  That is its cause: nothing after it
 * is read (one error per cause). */
static void changed(reader *r, size_t off, size_t len, const char *cmd, size_t cmdlen)
{
    if (cmd)
        err(r, off, len, E209,
            "the capture runs '%.*s', which may change the server: a snapshot must come from list, "
            "select and detail commands only (see 'mrb probe')", (int)cmdlen, cmd);
    else
        err(r, off, len, E209,
            "this message shows that the capture changed the server: a snapshot must come from "
            "list, select and detail commands only (see 'mrb probe')");
    r->stopped = true;
}

/* Is word w[0..n) the keyword kw as DiskPart takes it: any prefix of at
 * least min letters (3 for most keywords), in any case? */
static bool keyword(const char *w, size_t n, const char *kw, size_t min)
{
    size_t j, k = strlen(kw);
    if (n > k || (n < min && n != k))
        return false;
    for (j = 0; j < n; j++)
        if (util_lower((unsigned char)w[j]) != kw[j])
            return false;
    return true;
}

static const char *const neutral_commands[] = {"list", "select", "detail", "exit", "help", "rem", "rescan"};

/* The words of a command line: up to 3, as offsets into line. */
static size_t command_words(const char *line, size_t len, size_t i, size_t *at, size_t *n, size_t max)
{
    size_t k = 0;
    while (k < max) {
        while (i < len && line[i] == ' ')
            i++;
        if (i == len)
            break;
        at[k] = i;
        while (i < len && line[i] != ' ')
            i++;
        n[k] = i - at[k];
        k++;
    }
    return k;
}

/* A prompt: the command after it either changes the server (E209), prints
 * help (`help`, `?`, or `list`/`select`/`detail` without an object: its text
 * is skipped up to the next prompt), prints attributes, or reads. */
static void prompt(reader *r, const char *line, size_t len, size_t off)
{
    size_t at[3], n[3], nw = command_words(line, len, 9, at, n, 3), k;   /* after "DISKPART>" */
    const char *w = line + (nw ? at[0] : 0);
    if (nw == 0)
        return;
    /* a volume selection stays for `detail volume` only */
    if (!keyword(w, n[0], "detail", 3))
        r->vsel = -1;
    if ((n[0] == 1 && w[0] == '?') || keyword(w, n[0], "help", 3) ||
        (nw == 1 && (keyword(w, n[0], "list", 3) || keyword(w, n[0], "select", 3) ||
                     keyword(w, n[0], "detail", 3)))) {
        r->skip = SKIP_TO_PROMPT;
        return;
    }
    if (nw == 1 && keyword(w, n[0], "exit", 4)) {
        r->skip = SKIP_LEAVING;
        return;
    }
    for (k = 0; k < sizeof neutral_commands / sizeof neutral_commands[0]; k++)
        if (keyword(w, n[0], neutral_commands[k], 3))
            return;
    /* `attributes disk` and `attributes volume` with nothing after them only
     * show the attributes (corpus 41) */
    if (nw == 2 && keyword(w, n[0], "attributes", 4) &&
        (keyword(line + at[1], n[1], "disk", 3) || keyword(line + at[1], n[1], "volume", 3))) {
        r->in_attr = true;
        return;
    }
    changed(r, off + at[0], n[0], w, n[0]);
}

/* The messages a words file may translate: those that change nothing. */
static bool message_kind(enum line_kind k)
{
    return k == L_NEUTRAL || k == L_NO_PARTITIONS || k == L_NO_VOLUMES || k == L_BAD_DISK ||
           k == L_NO_DISK;
}

static classified classify_str(const char *s)
{
    return classify((const unsigned char *)s, (const unsigned char *)s + strlen(s));
}

/* A line the classifier does not know may be a message or a `detail disk`
 * field in words the operator gave (--words). */
static classified localized(const reader *r, const char *line, size_t len, classified c)
{
    const char *en, *colon;
    size_t k;
    if (len == 0 || line[0] == ' ' || line[0] == '*')
        return c;
    if ((en = supplied(r->words, line, len)) != NULL) {
        classified m = classify_str(en);
        if (message_kind(m.kind))
            return m;
    }
    if ((colon = memchr(line, ':', len)) != NULL) {
        k = (size_t)(colon - line);
        while (k > 0 && line[k - 1] == ' ')
            k--;
        if ((en = translated(r->words, line, k)) != NULL && (is_field(en, strlen(en)) || is_vfield(en, strlen(en))))
            c.kind = L_FIELD;
    }
    return c;
}

/* Lines that change what a skip passes over: they are read even inside
 * help text or a refused table's remains. */
static bool strong(enum line_kind k)
{
    return k == L_PROMPT || k == L_HEADER || k == L_SEL_DISK || k == L_SEL_VOLUME ||
           k == L_SEL_PARTITION || k == L_CHANGE;
}

/* Is this line passed over (help text, a refused table's rows)? */
static bool skipped(reader *r, classified c)
{
    switch (r->skip) {
    case SKIP_NONE:
        return false;
    case SKIP_TO_BLANK:
    case SKIP_MESSAGE:
        if (c.kind == L_BLANK) {
            r->skip = SKIP_NONE;
            return true;
        }
        break;
    case SKIP_TO_PROMPT:
        break;
    case SKIP_LEAVING:
        /* the first line after `exit` that is not blank is DiskPart's
         * "Leaving DiskPart..." in the server's language: it changes nothing */
        if (c.kind == L_BLANK)
            return true;
        r->skip = SKIP_NONE;
        return !strong(c.kind);
    }
    if (strong(c.kind)) {
        r->skip = SKIP_NONE;
        return false;
    }
    return true;
}

/* The dashes under a table header: each column's span. */
static void dashes(reader *r, const char *line, size_t len, size_t off)
{
    token t[MAX_SPANS + 1];
    size_t n = tokenize(line, len, t, MAX_SPANS), k;
    size_t want = r->table == TB_DISK ? 6 : r->table == TB_VOLUME ? 8 : 4;
    if (n != want) {
        err(r, off, len, E203, "the dashes under the header do not match its columns");
        free_rows(r);
        r->table = TB_NONE;
        r->skip = SKIP_TO_PROMPT;   /* its rows cannot be read */
        return;
    }
    for (k = 0; k < n; k++) {
        r->spans[k].start = t[k].col;
        r->spans[k].end = t[k].endcol - 1;
    }
    r->nspans = n;
    r->have_dashes = true;
}

/* Inside a table: the dashes, then rows up to anything else.  True when the
 * line was the table's (or its end, a blank line). */
static bool table_line(reader *r, classified c, const char *line, size_t len, size_t off)
{
    bool cut;
    if (c.kind == L_DASHES && !r->have_dashes && r->rows == 0) {
        dashes(r, line, len, off);
        return true;
    }
    if (r->have_dashes && c.kind == L_OTHER && len > 2 && (line[0] == ' ' || line[0] == '*') &&
        line[1] == ' ' && line[2] != ' ') {
        row(r, line, len, off);
        if (r->table_bad && r->last_code == E203) {
            end_table(r);               /* a row of another shape: the rest is not read */
            r->skip = SKIP_TO_BLANK;
        }
        return true;
    }
    cut = !r->have_dashes;
    end_table(r);
    if (cut && c.kind == L_OTHER) {
        r->skip = SKIP_TO_PROMPT;       /* the rows of a table refused at its header */
        return true;
    }
    return c.kind == L_BLANK;
}

/* What a line ends: a held disk table, a pending line, the fields of a
 * detail. */
static void before_line(reader *r, classified c, const char *line, size_t len)
{
    bool vol_header = c.kind == L_HEADER && c.table == TB_VOLUME;
    /* a disk table held after a volume selection: this line tells whose */
    if (r->vd_pending && c.kind != L_BLANK)
        settle_vd(r, c.kind == L_FIELD && is_vfield_line(r, line, len));
    if (r->vd_fields && c.kind != L_FIELD && c.kind != L_BLANK)
        r->vd_fields = false;
    if (c.kind != L_FIELD)
        flush_pending(r);
    if (c.kind != L_FIELD && c.kind != L_BLANK && !vol_header) {
        r->in_detail = false;
        r->in_dpart = false;
    }
    if (c.kind != L_FIELD && c.kind != L_BLANK)
        r->in_attr = false;
}

/* The number in a selection message ("Disk M1 is now ..."). */
static bool message_number(const char *line, size_t len, unsigned long *num, bool *missing,
                           size_t *at, size_t *n)
{
    size_t i, j;
    for (i = 0; i < len && !(line[i] >= '0' && line[i] <= '9'); i++)
        ;
    *missing = i > 0 && line[i - 1] == 'M';
    for (j = i; j < len && line[j] >= '0' && line[j] <= '9'; j++)
        ;
    *at = i;
    *n = j - i;
    return parse_number(line + i, j - i, num);
}

/* "Disk N is now the selected disk." */
static void select_disk(reader *r, const char *line, size_t len, size_t off)
{
    unsigned long num;
    bool missing;
    size_t at, n;
    r->vsel = -1;
    r->sel_vol = false;
    if (!message_number(line, len, &num, &missing, &at, &n)) {
        err(r, off + at, n, E211, "disk number out of range");
        r->sel = -1;
        return;
    }
    r->sel = aside_select(&r->aux, num, missing);
    if (r->sel < 0)
        err(r, off, 0, E010, "out of memory");
}

/* A volume selected, a partition selected, or a selection refused.
 * Selecting a volume moves the disk focus to the volume's disk (corpus 06,
 * 07): a partition table or disk detail that follows is kept aside under the
 * volume's number and joined to its disk at the end (finish). */
static void select_other(reader *r, enum line_kind k, const char *line, size_t len, size_t off)
{
    unsigned long num;
    bool missing;
    size_t at, n;
    r->vsel = -1;
    if (k == L_SEL_PARTITION)
        return;     /* the disk focus stays */
    r->sel = -1;
    r->sel_vol = false;
    if (k != L_SEL_VOLUME || !message_number(line, len, &num, &missing, &at, &n))
        return;
    r->vsel = (long)num;
    r->sel = aside_select(&r->vaux, num, false);
    r->sel_vol = r->sel >= 0;
    if (r->sel < 0)
        err(r, off, 0, E010, "out of memory");
}

static void no_selected_disk(reader *r, size_t off, size_t len)
{
    err(r, off, len, E208, "partition listing with no disk selected before it "
                           "(expected a line 'Disk N is now the selected disk.')");
}

/* "There are no partitions on this disk to show." */
static void no_partitions(reader *r, size_t off, size_t len)
{
    mdl_disk *dk;
    if (r->sel < 0) {
        no_selected_disk(r, off, len);
        return;
    }
    dk = sel_disk(r);
    if (!dk->parts_known) {
        dk->parts_known = true;
        sel_entry(r)->part_off = off;
    } else if (dk->nparts != 0) {
        buf name;
        buf_init(&name);
        sel_name(r, &name);
        two_moments(r, off, "%s was listed with partitions at line %lu", buf_cstr(&name),
                    line_of(r, sel_entry(r)->part_off));
        buf_free(&name);
    }
}

/* A table header: the table it starts, and whose it is. */
static void header(reader *r, classified c, size_t off, size_t len)
{
    r->table = c.table;
    r->lang = c.lang;
    r->table_off = off;
    r->have_dashes = false;
    r->rows = 0;
    r->nspans = 0;
    r->table_bad = false;
    r->in_detail_table = c.table == TB_VOLUME && r->in_detail && r->sel >= 0;
    r->dpart_table = c.table == TB_VOLUME && r->in_dpart && !r->in_detail_table;
    r->vd_table = c.table == TB_DISK && r->vsel >= 0;
    r->vd_vol = r->vsel;
    r->vsel = -1;
    if (c.table == TB_DISK && !r->vd_table)
        r->seen_disks = true;
    if (c.table == TB_VOLUME && !r->in_detail_table && !r->dpart_table)
        r->seen_vols = true;
    if (c.table == TB_PARTITION && r->sel < 0) {
        no_selected_disk(r, off, len);
        r->table = TB_NONE;
        r->skip = SKIP_TO_BLANK;
    }
}

/* A line `name: value`: whose field it is depends on what came before. */
static void any_field(reader *r, const char *line, size_t len, size_t off)
{
    if (r->vd_fields)
        vfield(r, line, len, off);
    else if (r->in_dpart)
        dpart_field(r, line, len, off);
    else if (r->in_attr)
        attr_field(r, line, len, off);
    else
        field(r, line, len, off);
}

static classified classify_line(const reader *r, const char *line, size_t len)
{
    char tmp[LIM_LINE_BYTES + 1];
    classified c;
    memcpy(tmp, line, len);
    tmp[len] = '\0';
    c = classify((const unsigned char *)tmp, (const unsigned char *)tmp + len);
    if (c.kind == L_OTHER)
        c = localized(r, tmp, len, c);
    return c;
}

static void one_line(reader *r, const char *line, size_t len, size_t off)
{
    classified c;
    if (r->stopped)
        return;
    if (len > LIM_LINE_BYTES) {
        err(r, off, 0, E003, "line too long (limit is %u bytes)", LIM_LINE_BYTES);
        return;
    }
    c = classify_line(r, line, len);
    if (skipped(r, c))
        return;
    if (r->table != TB_NONE && table_line(r, c, line, len, off))
        return;
    before_line(r, c, line, len);
    if (r->stopped)
        return;
    switch (c.kind) {
    case L_BLANK:
    case L_BANNER:
    case L_SHELL_PROMPT:
    case L_NEUTRAL:
        break;
    case L_VDS_ERROR:
        r->skip = SKIP_MESSAGE;     /* its text follows, up to a blank line */
        break;
    case L_PROMPT:
        prompt(r, line, len, off);
        break;
    case L_SEL_DISK:
        select_disk(r, line, len, off);
        break;
    case L_SEL_VOLUME:
    case L_SEL_PARTITION:
    case L_BAD_DISK:
    case L_NO_DISK:
        select_other(r, c.kind, line, len, off);
        break;
    case L_NO_PARTITIONS:
        no_partitions(r, off, len);
        break;
    case L_NO_VOLUMES:
        r->in_detail = false;
        break;
    case L_CHANGE:
        changed(r, off, len, NULL, 0);
        break;
    case L_HEADER:
        header(r, c, off, len);
        break;
    case L_DASHES:
        if (!quiet_now(r, off))
            err(r, off, len, E204, "dashes without a table header above them");
        break;
    case L_FIELD:
        any_field(r, line, len, off);
        break;
    case L_DPART:
        r->in_dpart = true;
        break;
    case L_OTHER:
        flush_pending(r);
        r->pending = true;
        r->pending_off = off;
        r->pending_len = len;
        break;
    }
}

/* ---- joining and final checks ---- */

static bool vol_eq(const mdl_volume *a, const mdl_volume *b)
{
    return a->letter == b->letter && strcmp(a->label, b->label) == 0 && a->fs == b->fs &&
           a->type == b->type && mdl_size_eq(a->size, b->size) && a->status == b->status &&
           a->info == b->info;
}

/* The disk of volume v as the capture shows it: its `detail volume` (one
 * disk), the one `detail disk` whose volume table holds it, or the only disk
 * `list disk` shows.  NULL when the capture does not tell, or when the volume
 * is a CD or DVD drive, on no disk `list disk` shows. */
static const mdl_disk *volume_disk(const reader *r, unsigned v)
{
    const mdl_volume *dv = mdl_find_volume(&r->vdetails, v), *lv = mdl_find_volume(r->out, v);
    const mdl_disk *found = NULL;
    size_t i, j;
    if (lv && (lv->type == VT_DVDROM || lv->type == VT_CDROM))
        return NULL;
    if (dv)
        return dv->ndetail == 1 ? mdl_find_disk(r->out, dv->detail_on[0].num, dv->detail_on[0].missing_id)
                                : NULL;
    for (i = 0; i < r->aux.s.ndisks; i++) {
        const mdl_disk *a = &r->aux.s.disks[i];
        for (j = 0; a->detail.known && j < a->detail.nvols; j++)
            if (a->detail.vols[j] == v) {
                if (found)
                    return NULL;
                if (!(found = mdl_find_disk(r->out, a->num, a->missing_id)))
                    return NULL;
            }
    }
    if (found)
        return found;
    return r->out->ndisks == 1 ? &r->out->disks[0] : NULL;
}

/* Does volume v live on more than one disk (its type says so, or its
 * `detail volume` shows several)? */
static bool on_many_disks(const reader *r, unsigned v)
{
    const mdl_volume *dv = mdl_find_volume(&r->vdetails, v), *lv = mdl_find_volume(r->out, v);
    if (dv && dv->ndetail > 1)
        return true;
    return lv && (lv->type == VT_MIRROR || lv->type == VT_STRIPE || lv->type == VT_SPANNED ||
                  lv->type == VT_RAID5);
}

/* Partition tables and details seen while a volume had the focus: joined to
 * the volume's disk when the capture tells which it is; else left out (that
 * disk's partitions stay unknown to the model). */
static void join_volume_focus(reader *r)
{
    size_t i;
    for (i = 0; i < r->vaux.s.ndisks; i++) {
        mdl_disk *v = &r->vaux.s.disks[i], *a;
        const mdl_disk *dk;
        size_t at = v->parts_known ? r->vaux.e[i].part_off : r->vaux.e[i].detail_off;
        long k;
        if (!v->parts_known && !v->detail.known)
            continue;
        if (r->have_vols && !mdl_find_volume(r->out, v->num)) {
            err(r, at, 0, E218, "volume %u, selected before this, is not in the 'list volume' output", v->num);
            continue;
        }
        if (on_many_disks(r, v->num)) {
            err(r, at, 0, E208,
                "%s with no disk selected before it: volume %u, selected before it, lives on more "
                "than one disk, and DiskPart then gives no disk the focus",
                v->parts_known ? "partition listing" : "disk details", v->num);
            continue;
        }
        if (!(dk = volume_disk(r, v->num)))
            continue;
        if ((k = aside_select(&r->aux, dk->num, dk->missing_id)) < 0) {
            err(r, at, 0, E010, "out of memory");
            return;
        }
        a = &r->aux.s.disks[k];
        v = &r->vaux.s.disks[i];
        if (v->parts_known && !a->parts_known) {
            swap_parts(a, v);
            a->parts_known = true;
            r->aux.e[k].part_off = r->vaux.e[i].part_off;
        } else if (v->parts_known && !parts_eq(a, v)) {
            err(r, r->vaux.e[i].part_off, 0, E207,
                "this 'list partition' of disk " MDL_DISK_FMT " (the disk of volume %u) differs from the one at "
                "line %lu: a snapshot must describe one moment", MDL_DISK_ARGS(*a),
                v->num, line_of(r, r->aux.e[k].part_off));
        }
        if (v->detail.known && !a->detail.known) {
            mdl_disk_detail t = a->detail;
            a->detail = v->detail;
            v->detail = t;
            r->aux.e[k].detail_off = r->vaux.e[i].detail_off;
        }
    }
}

static void finish(reader *r, const lst_options *opt)
{
    size_t i;
    if (r->stopped)
        return;     /* its cause is reported; nothing else would help */
    settle_vd(r, false);
    if (r->stopped)
        return;
    /* a missing listing is said once, and only when nothing else was wrong
     * (a table the reader could not read may be the one missing) */
    if (!opt->partial && r->d->errors == r->start_errors && r->seen_disks && !r->seen_vols &&
        r->aux.s.ndisks == 0)     /* 'list disk' alone: what stage 1 of the probe prints */
        err(r, r->src->len, 0, E206,
            "no 'list volume' output in this capture: it holds 'list disk' alone, as stage 1 of the "
            "probe prints; make stage 2 with `mrb probe --from %s > probe.txt`, run `diskpart /s "
            "probe.txt > snapshot.txt` on the server and give snapshot.txt", r->src->name);
    else if (!opt->partial && r->d->errors == r->start_errors && (!r->seen_disks || !r->seen_vols))
        err(r, r->src->len, 0, r->seen_disks ? E206 : E205,
            "no %s output in this capture: " LST_CAPTURE_HOW, r->seen_disks ? "'list volume'"
                                   : r->seen_vols ? "'list disk'" : "'list disk' nor 'list volume'");
    join_volume_focus(r);
    for (i = 0; i < r->aux.s.ndisks; i++) {
        mdl_disk *a = &r->aux.s.disks[i], *dk;
        if (!a->parts_known && !a->detail.known)
            continue;
        dk = mdl_find_disk(r->out, a->num, a->missing_id);
        if (!dk) {
            if (r->have_disks)
                err(r, a->parts_known ? r->aux.e[i].part_off : r->aux.e[i].detail_off, 0, E213,
                    "disk " MDL_DISK_FMT " is not in the 'list disk' output", MDL_DISK_ARGS(*a));
            continue;
        }
        if (a->parts_known) {
            swap_parts(dk, a);
            dk->parts_known = true;
        }
        if (a->detail.known) {
            mdl_disk_detail t = dk->detail;
            dk->detail = a->detail;
            a->detail = t;
        }
    }
    for (i = 0; i < r->vdetails.nvols; i++) {
        const mdl_volume *v = &r->vdetails.vols[i];
        mdl_volume *w = mdl_find_volume(r->out, v->num);
        if (!w) {
            if (r->have_vols)
                err(r, r->vdoff[i], 0, E218, "volume %u is not in the 'list volume' output", v->num);
            continue;
        }
        w->detail_known = true;
        w->ndetail = v->ndetail;
        memcpy(w->detail_on, v->detail_on, sizeof w->detail_on);
    }
    for (i = 0; r->have_disks && i < r->vd_check.ndisks; i++) {
        const mdl_disk *a = &r->vd_check.disks[i], *dk = mdl_find_disk(r->out, a->num, a->missing_id);
        if (!dk)
            err(r, r->vdcoff[i], 0, E213, "this 'detail volume' shows disk " MDL_DISK_FMT ", which the 'list disk' output does not",
                MDL_DISK_ARGS(*a));
        else if (dk->status != a->status || !mdl_size_eq(dk->size, a->size) || !mdl_size_eq(dk->free, a->free) ||
                 dk->dyn != a->dyn || dk->gpt != a->gpt)
            err(r, r->vdcoff[i], 0, E207,
                "this 'detail volume' shows disk " MDL_DISK_FMT " otherwise than 'list disk' at line %lu: a snapshot "
                "must describe one moment", MDL_DISK_ARGS(*a), line_of(r, r->disks_off));
    }
    for (i = 0; i < r->detail_vols.nvols; i++) {
        const mdl_volume *v = &r->detail_vols.vols[i], *w = mdl_find_volume(r->out, v->num);
        if (r->have_vols && (!w || !vol_eq(v, w)))
            err(r, r->src->len, 0, E207,
                "volume %u is shown differently by 'detail disk' or 'detail partition' and 'list volume'", v->num);
    }
}

/* Does any line show DiskPart: a prompt, its banner, a table header or one
 * of its messages?  A file with none (a README, a log) is refused with one
 * error rather than one per line. */
static bool looks_like_capture(const reader *r, size_t *first, size_t *first_len, size_t *nlines)
{
    char tmp[LIM_LINE_BYTES + 1];
    size_t off = 0;
    bool seen = false;
    *nlines = 0;
    while (off < r->src->len) {
        const char *p = r->src->text + off, *nl = memchr(p, '\n', r->src->len - off);
        size_t len = nl ? (size_t)(nl - p) : r->src->len - off, n = len;
        classified c;
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n > 0 && n <= LIM_LINE_BYTES) {
            if (!seen) {
                *first = off;
                *first_len = n;
                seen = true;
            }
            (*nlines)++;
            memcpy(tmp, p, n);
            tmp[n] = '\0';
            c = classify((const unsigned char *)tmp, (const unsigned char *)tmp + n);
            if (c.kind == L_OTHER)
                c = localized(r, tmp, n, c);
            switch (c.kind) {
            case L_PROMPT: case L_BANNER: case L_SEL_DISK: case L_SEL_VOLUME: case L_SEL_PARTITION:
            case L_BAD_DISK: case L_NO_DISK: case L_NO_PARTITIONS: case L_NO_VOLUMES: case L_NEUTRAL:
            case L_VDS_ERROR: case L_CHANGE: case L_HEADER:
                return true;
            default:
                break;
            }
        } else if (n > LIM_LINE_BYTES) {
            return true;    /* let the reader report it where it is */
        }
        off += len + (nl ? 1 : 0);
    }
    return !seen;           /* an empty file: the reader says what is missing */
}

/* Whether a line of src, blanks before it aside, starts with word and a blank. */
static bool has_line_starting(const diag_src *src, const char *word)
{
    size_t off = 0, n = strlen(word);
    while (off < src->len) {
        const char *p = src->text + off, *nl = memchr(p, '\n', src->len - off);
        size_t len = nl ? (size_t)(nl - p) : src->len - off, i = 0;
        while (i < len && (p[i] == ' ' || p[i] == '\t'))
            i++;
        if (len - i > n && memcmp(p + i, word, n) == 0 && (p[i + n] == ' ' || p[i + n] == '\t'))
            return true;
        off += len + (nl ? 1 : 0);
    }
    return false;
}

bool lst_looks_like_capture(const diag_src *src)
{
    reader r;
    size_t first = 0, first_len = 0, nlines = 0;
    memset(&r, 0, sizeof r);
    r.src = src;
    r.words = NULL;      /* the built-in words only */
    return !has_line_starting(src, "procedure") && looks_like_capture(&r, &first, &first_len, &nlines) &&
           nlines > 0;
}

bool lst_read_opts(const diag_src *src, const lst_options *opt, mdl_server *s, diag_sink *d)
{
    reader r;
    size_t off = 0;
    unsigned start = d->errors;
    memset(&r, 0, sizeof r);
    r.src = src;
    r.d = d;
    r.out = s;
    r.sel = -1;
    r.vsel = -1;
    r.words = opt->words;
    r.start_errors = d->errors;
    {
        size_t first = 0, first_len = 0, nlines = 0;
        if (!looks_like_capture(&r, &first, &first_len, &nlines) && has_line_starting(src, "procedure")) {
            diag_error(d, src, first, first + first_len, E217,
                       "this is a procedure (.mrb), not a DiskPart capture: give it as FILE.mrb, and the "
                       "capture with --listing (mrb compile FILE.mrb --listing SNAPSHOT)");
            return false;
        }
        if (!looks_like_capture(&r, &first, &first_len, &nlines)) {
            diag_error(d, src, first, first + first_len, E217,
                       "this is not a DiskPart capture: none of its %zu non-blank line%s is a DiskPart table, "
                       "prompt or message; " LST_CAPTURE_HOW,
                       nlines, nlines == 1 ? "" : "s");
            return false;
        }
    }
    mdl_server_init(&r.cur);
    buf_init(&r.unknown_words);
    buf_init(&r.quiet_lines);
    mdl_server_init(&r.detail_vols);
    while (off < src->len) {
        const char *p = src->text + off, *nl = memchr(p, '\n', src->len - off);
        size_t len = nl ? (size_t)(nl - p) : src->len - off, trimmed = len;
        while (trimmed > 0 && (p[trimmed - 1] == ' ' || p[trimmed - 1] == '\t'))
            trimmed--;
        one_line(&r, p, trimmed, off);
        off += len + (nl ? 1 : 0);
    }
    if (r.table != TB_NONE && !r.stopped)
        end_table(&r);
    if (!r.stopped)
        flush_pending(&r);
    quiet_end(&r);
    finish(&r, opt);
    free_rows(&r);
    aside_free(&r.aux);
    aside_free(&r.vaux);
    buf_free(&r.unknown_words);
    buf_free(&r.quiet_lines);
    mdl_server_free(&r.detail_vols);
    mdl_server_free(&r.vd_rows);
    mdl_server_free(&r.vdetails);
    mdl_server_free(&r.vd_check);
    util_free(r.vdoff);
    util_free(r.vdcoff);
    return d->errors == start;
}

bool lst_read(const diag_src *src, mdl_server *s, diag_sink *d)
{
    lst_options opt = {false, NULL};
    return lst_read_opts(src, &opt, s, d);
}

/* ---- what the words file's parser asks the reader (listing_int.h) ---- */

bool lst_is_field(const char *s, size_t n) { return is_field(s, n); }
bool lst_is_vfield(const char *s, size_t n) { return is_vfield(s, n); }
const char *lst_builtin_word(const char *s, size_t n) { return builtin_word(s, n); }

int lst_line_class(const char *s)
{
    enum line_kind k = classify_str(s).kind;
    return message_kind(k) ? 1 : k == L_OTHER ? -1 : 0;
}
