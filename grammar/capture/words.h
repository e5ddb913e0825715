/* words.h - the words file (`--words FILE`): an operator's translations
 * for the listing reader (grammar/capture/listing.h).  Its parser is plain C
 * (words.c); what the reader knows it asks through listing_int.h. */
#ifndef MRB_WORDS_H
#define MRB_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

/* Words an operator supplies (`--words FILE`) for a listing whose language
 * prints words the reader's vocabularies do not hold (runtime/diskpart/model.h leaves
 * a word NULL unless a real listing showed it).  Each pair says which English
 * word a local word stands for: a status, type or info word (in every column
 * whose English vocabulary holds that English word), a `detail disk` field
 * name, Yes or No, or one of the messages the reader knows ("Leaving
 * DiskPart...").  Pairs apply in every language. */
typedef struct lst_word {
    char *local;            /* as DiskPart prints it (UTF-8) */
    char *english;
} lst_word;

typedef struct lst_words {
    size_t n, cap;
    lst_word *w;
} lst_words;

void lst_words_init(lst_words *w);
void lst_words_free(lst_words *w);

/* The English word w gives for s[0..n), or NULL (w may be NULL). */
const char *lst_words_find(const lst_words *w, const char *s, size_t n);

/* Read a words file (already decoded): one `LOCAL = English` pair a line;
 * blank lines and lines starting with '#' are skipped.  Refused, with the
 * line and column: a line that is not a pair (E214), an English word the
 * reader does not know in any column, field or message (E215), a local word
 * that already means something else, built in or given twice (E216).
 * Appends to w; false when anything was refused. */
bool lst_words_parse(const diag_src *src, lst_words *w, diag_sink *d);

#endif
