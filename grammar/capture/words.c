/* words.c - the words file (--words): its parser (words.h).  What the
 * listing reader knows (its fields, built-in words and messages) it asks
 * the reader (listing_int.h). */
#include "capture/words.h"

#include <string.h>

#include "capture/listing_int.h"
#include "diskpart/model.h"

void lst_words_init(lst_words *w) { memset(w, 0, sizeof *w); }

void lst_words_free(lst_words *w)
{
    size_t i;
    for (i = 0; i < w->n; i++) {
        util_free(w->w[i].local);
        util_free(w->w[i].english);
    }
    util_free(w->w);
    lst_words_init(w);
}

static const mdl_vocab *const vocabs[] = {
    &mdl_disk_status_vocab, &mdl_vol_type_vocab, &mdl_vol_status_vocab,
    &mdl_vol_info_vocab, &mdl_fs_vocab, &mdl_part_type_vocab,
};
#define NVOCABS (sizeof vocabs / sizeof vocabs[0])

static bool is_yes_no(const char *s) { return strcmp(s, "Yes") == 0 || strcmp(s, "No") == 0; }

/* Is en a word the reader knows in English: a vocabulary word, a field, Yes
 * or No, or a message that changes nothing? */
static bool known_english(const char *en)
{
    size_t i;
    for (i = 0; i < NVOCABS; i++)
        if (*en && mdl_lookup(vocabs[i], LANG_EN, en, strlen(en)) >= 0)
            return true;
    return lst_is_field(en, strlen(en)) || lst_is_vfield(en, strlen(en)) || is_yes_no(en) ||
           lst_line_class(en) == 1;
}

/* Does local, built in, already mean something other than en in a kind of
 * word where en belongs?  Writes what it means into why. */
static bool builtin_clash(const char *local, const char *en, buf *why)
{
    size_t i, n = strlen(local);
    int lang;
    for (i = 0; i < NVOCABS; i++) {
        int want = mdl_lookup(vocabs[i], LANG_EN, en, strlen(en)), got;
        if (want < 0)
            continue;
        for (lang = 0; lang < LANG_COUNT; lang++)
            if ((got = mdl_lookup(vocabs[i], (enum mdl_lang)lang, local, n)) >= 0 && got != want) {
                buf_printf(why, "the %s '%s'", vocabs[i]->kind, mdl_word(vocabs[i], got));
                return true;
            }
    }
    if (lst_is_field(en, strlen(en)) && lst_is_field(local, n) && strcmp(local, en) != 0) {
        buf_printf(why, "the 'detail disk' field '%s'", local);
        return true;
    }
    if (lst_is_vfield(en, strlen(en)) && lst_is_vfield(local, n) && strcmp(local, en) != 0) {
        buf_printf(why, "the 'detail volume' field '%s'", local);
        return true;
    }
    if (is_yes_no(en) && is_yes_no(local) && strcmp(local, en) != 0) {
        buf_printf(why, "'%s'", local);
        return true;
    }
    {
        const char *b = lst_builtin_word(local, n);
        if (b && strcmp(b, en) != 0) {
            buf_printf(why, "'%s'", b);
            return true;
        }
    }
    if (lst_line_class(en) == 1 && lst_line_class(local) >= 0 && strcmp(local, en) != 0) {
        buf_printf(why, "a line DiskPart prints in English");
        return true;
    }
    return false;
}

bool lst_words_parse(const diag_src *src, lst_words *w, diag_sink *d)
{
    size_t off = 0;
    unsigned start = d->errors;
    while (off < src->len) {
        const char *p = src->text + off, *nl = memchr(p, '\n', src->len - off), *eq;
        size_t len = nl ? (size_t)(nl - p) : src->len - off, a = 0, b, c, e;
        char *local = NULL, *en = NULL;
        const char *prev;
        buf why;
        e = len;
        while (a < e && (p[a] == ' ' || p[a] == '\t'))
            a++;
        while (e > a && (p[e - 1] == ' ' || p[e - 1] == '\t'))
            e--;
        if (a == e || p[a] == '#')
            goto next;
        eq = memchr(p + a, '=', e - a);
        if (!eq) {
            diag_error(d, src, off + a, off + e, E214,
                       "expected a pair 'LOCAL = English' (the word as DiskPart prints it, '=', "
                       "its English word)");
            goto next;
        }
        b = (size_t)(eq - p);
        c = b + 1;
        while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'))
            b--;
        while (c < e && (p[c] == ' ' || p[c] == '\t'))
            c++;
        if (b == a || c == e) {
            diag_error(d, src, off + (b == a ? a : (size_t)(eq - p)), off + (b == a ? a : (size_t)(eq - p)) + 1,
                       E214, "expected a word on each side of '=' ('LOCAL = English')");
            goto next;
        }
        if (!(local = util_strndup(p + a, b - a)) || !(en = util_strndup(p + c, e - c))) {
            diag_error(d, src, off, off, E010, "out of memory");
            goto next;
        }
        if (!known_english(en)) {
            diag_error(d, src, off + c, off + e, E215,
                       "'%s' is not an English word the listing reader knows: give the English "
                       "word DiskPart prints in that place (a status, type or info word such as "
                       "'Missing' or 'Failed Rd', a 'detail disk' field such as 'Boot Disk', "
                       "'Yes', 'No', or a message such as 'Leaving DiskPart...')",
                       en);
            goto next;
        }
        buf_init(&why);
        if (builtin_clash(local, en, &why)) {
            diag_error(d, src, off + a, off + b, E216, "'%s' already stands for %s, not '%s'", local,
                       buf_cstr(&why), en);
            buf_free(&why);
            goto next;
        }
        buf_free(&why);
        if ((prev = lst_words_find(w, local, strlen(local))) != NULL) {
            if (strcmp(prev, en) != 0)
                diag_error(d, src, off + a, off + b, E216,
                           "'%s' is given twice, as '%s' and as '%s'", local, prev, en);
            goto next;
        }
        if (!util_grow((void **)&w->w, &w->cap, w->n + 1, sizeof *w->w)) {
            diag_error(d, src, off, off, E010, "out of memory");
            goto next;
        }
        w->w[w->n].local = local;
        w->w[w->n].english = en;
        w->n++;
        local = en = NULL;
    next:
        util_free(local);
        util_free(en);
        off += len + (nl ? 1 : 0);
    }
    return d->errors == start;
}

const char *lst_words_find(const lst_words *w, const char *s, size_t n)
{
    size_t i;
    for (i = 0; w && i < w->n; i++)
        if (strlen(w->w[i].local) == n && memcmp(w->w[i].local, s, n) == 0)
            return w->w[i].english;
    return NULL;
}
