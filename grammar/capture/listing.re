/* listing.re - the DiskPart listing reader (listing.h): each line's class
 * (re2c), and the reading of the text line by line.
 *
 * Design.  The text is read line by line.  Each line is first classified
 * by the re2c scanner below: blank, a prompt, a banner line, a selection
 * message, a table header (which names the table and its language), a dash
 * line, a `detail disk` field, a message that shows the capture changed the
 * server, or anything else.  A small state machine then follows tables:
 * header, dashes, rows up to a blank line.  The dash line gives each column
 * its span of character columns.
 *
 * The reader's state and its other parts are in listing_int.h: a table's
 * rows (listing_rows.c), where a table goes and the joining at the end
 * (listing_tables.c), the fields of `detail` (listing_detail.c), the
 * errors (listing_errors.c).  A table seen twice must have the same
 * contents (the focus star aside).
 *
 * What else real transcripts hold (tests/corpus/README.md) is read or
 * passed over: the shell's line that started DiskPart, `detail partition`,
 * `attributes disk`, help text up to the next prompt, the messages of a
 * command that did nothing.  One cause gives one error: reading stops at the
 * first change (E209) or contradiction (E207); of the lines not understood
 * only the first is an error, a note names the others.
 *
 * The words file's parser is in words.c; it asks this reader's field and
 * message tables through listing_int.h.
 */
#include "capture/listing.h"
#include "capture/listing_int.h"

#include <string.h>

#include "base/mrblimits.h"

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

/* ---- one line ---- */

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
    lst_changed(r, off + at[0], n[0], w, n[0]);
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
    if ((en = lst_supplied(r->words, line, len)) != NULL) {
        classified m = classify_str(en);
        if (message_kind(m.kind))
            return m;
    }
    if ((colon = memchr(line, ':', len)) != NULL) {
        k = lst_key_len(line, colon);
        if ((en = lst_translated(r->words, line, k)) != NULL && (lst_is_field(en, strlen(en)) || lst_is_vfield(en, strlen(en))))
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

/* Inside a table: the dashes, then rows up to anything else.  True when the
 * line was the table's (or its end, a blank line). */
static bool table_line(reader *r, classified c, const char *line, size_t len, size_t off)
{
    bool cut;
    if (c.kind == L_DASHES && !r->have_dashes && r->rows == 0) {
        lst_dashes(r, line, len, off);
        return true;
    }
    if (r->have_dashes && c.kind == L_OTHER && len > 2 && (line[0] == ' ' || line[0] == '*') &&
        line[1] == ' ' && line[2] != ' ') {
        lst_row(r, line, len, off);
        if (r->table_bad && r->last_code == E203) {
            lst_end_table(r);               /* a row of another shape: the rest is not read */
            r->skip = SKIP_TO_BLANK;
        }
        return true;
    }
    cut = !r->have_dashes;
    lst_end_table(r);
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
        lst_settle_vd(r, c.kind == L_FIELD && lst_is_vfield_line(r, line, len));
    if (r->vd_fields && c.kind != L_FIELD && c.kind != L_BLANK)
        r->vd_fields = false;
    if (c.kind != L_FIELD)
        lst_flush_pending(r);
    if (c.kind != L_FIELD && c.kind != L_BLANK && !vol_header) {
        r->in_detail = false;
        r->in_dpart = false;
    }
    if (c.kind != L_FIELD && c.kind != L_BLANK)
        r->in_attr = false;
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
        lst_err(r, off, 0, E003, "line too long (limit is %u bytes)", LIM_LINE_BYTES);
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
        lst_select_disk(r, line, len, off);
        break;
    case L_SEL_VOLUME:
    case L_SEL_PARTITION:
    case L_BAD_DISK:
    case L_NO_DISK:
        lst_select_other(r, c.kind, line, len, off);
        break;
    case L_NO_PARTITIONS:
        lst_no_partitions(r, off, len);
        break;
    case L_NO_VOLUMES:
        r->in_detail = false;
        break;
    case L_CHANGE:
        lst_changed(r, off, len, NULL, 0);
        break;
    case L_HEADER:
        lst_header(r, c, off, len);
        break;
    case L_DASHES:
        if (!lst_quiet_now(r, off))
            lst_err(r, off, len, E204, "dashes without a table header above them");
        break;
    case L_FIELD:
        lst_any_field(r, line, len, off);
        break;
    case L_DPART:
        r->in_dpart = true;
        break;
    case L_OTHER:
        lst_flush_pending(r);
        r->pending = true;
        r->pending_off = off;
        r->pending_len = len;
        break;
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
        lst_end_table(&r);
    if (!r.stopped)
        lst_flush_pending(&r);
    lst_quiet_end(&r);
    lst_finish(&r, opt);
    lst_free_rows(&r);
    lst_aside_free(&r.aux);
    lst_aside_free(&r.vaux);
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

int lst_line_class(const char *s)
{
    enum line_kind k = classify_str(s).kind;
    return message_kind(k) ? 1 : k == L_OTHER ? -1 : 0;
}
