/* listing_errors.c - how the listing reader reports (listing_int.h).
 *
 * One cause gives one error: the first change (E209) or contradiction
 * (E207) stops the reading; an unknown word is named once (E202); of the
 * lines not understood only the first is an error, and a note at the end
 * names the others (E201).
 */
#include "capture/listing_int.h"

#include <stdarg.h>
#include <string.h>

void lst_err(reader *r, size_t off, size_t len, enum diag_code code, const char *fmt, ...)
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
void lst_two_moments(reader *r, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(r->d, r->src, off, off, E207, fmt, ap);
    va_end(ap);
    r->last_code = E207;
    r->stopped = true;
}

unsigned long lst_line_of(const reader *r, size_t off)
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

/* A vocabulary word in the listing's language, or one the operator gave. */
int lst_lookup(const reader *r, const mdl_vocab *v, const char *s, size_t n)
{
    int k = mdl_lookup(v, r->lang, s, n);
    const char *en;
    if (k < 0 && (en = lst_supplied(r->words, s, n)) != NULL)
        k = mdl_lookup(v, LANG_EN, en, strlen(en));
    return k;
}

/* How an unknown word can be given: appended to the messages of E202. */
const char *const lst_words_hint = "; if DiskPart prints it, give its English word in a file "
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
int lst_vocab_word(reader *r, const mdl_vocab *v, const char *line, size_t line_off, size_t off,
                size_t len)
{
    int k = lst_lookup(r, v, line + off, len);
    if (k < 0)
        r->table_bad = true;
    if (k < 0 && !named_before(r, line + off, len)) {
        buf known, shown;
        buf_init(&known);
        buf_init(&shown);
        known_words(&known, v, r->lang);
        diag_escape(&shown, line + off, len);
        lst_err(r, line_off + off, len, E202, "unknown %s '%s' (%s listing; known: %s)%s", v->kind,
            buf_cstr(&shown), lang_names[r->lang], buf_cstr(&known), lst_words_hint);
        buf_free(&known);
        buf_free(&shown);
    }
    return k;
}

/* Lines not understood: the first is reported, the others only counted and
 * named at the end (a damaged paste is one cause, not one error a line).
 * True when this one is not to be reported. */
bool lst_quiet_now(reader *r, size_t off)
{
    if (!r->quiet) {
        r->quiet = true;
        return false;
    }
    if (r->quiet_more == 0)
        r->quiet_first = off;
    if (r->quiet_more < 8)
        buf_printf(&r->quiet_lines, "%s%lu", r->quiet_more ? ", " : "", lst_line_of(r, off));
    else if (r->quiet_more == 8)
        buf_puts(&r->quiet_lines, ", ...");
    r->quiet_more++;
    return true;
}

/* At the end: say which other lines were not understood either. */
void lst_quiet_end(reader *r)
{
    if (r->quiet_more)
        diag_note(r->d, r->src, r->quiet_first, r->quiet_first,
                  "%zu more line%s not understood either (line%s %s)", r->quiet_more,
                  r->quiet_more == 1 ? "" : "s", r->quiet_more == 1 ? "" : "s",
                  buf_cstr(&r->quiet_lines));
}

void lst_flush_pending(reader *r)
{
    buf shown;
    if (!r->pending)
        return;
    r->pending = false;
    if (lst_quiet_now(r, r->pending_off))
        return;
    buf_init(&shown);
    diag_escape(&shown, r->src->text + r->pending_off, r->pending_len > 60 ? 60 : r->pending_len);
    lst_err(r, r->pending_off, r->pending_len, E201,
        "line not understood: '%s%s' is not a DiskPart listing, prompt or message%s",
        buf_cstr(&shown), r->pending_len > 60 ? "..." : "",
        r->src->text[r->pending_off] == ' ' ? ""
                                            : " (a message in the server's language can be "
                                              "given its English text with --words)");
    buf_free(&shown);
}

/* E209: the capture changed the server.  That is its cause: nothing after it
 * is read (one error per cause). */
void lst_changed(reader *r, size_t off, size_t len, const char *cmd, size_t cmdlen)
{
    if (cmd)
        lst_err(r, off, len, E209,
            "the capture runs '%.*s', which may change the server: a snapshot must come from list, "
            "select and detail commands only (see 'mrb probe')", (int)cmdlen, cmd);
    else
        lst_err(r, off, len, E209,
            "this message shows that the capture changed the server: a snapshot must come from "
            "list, select and detail commands only (see 'mrb probe')");
    r->stopped = true;
}
