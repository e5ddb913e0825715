/* listing_int.h - what the listing reader (listing.re) tells the words
 * file's parser (words.c) about the words it knows.  Not for other users. */
#ifndef MRB_LISTING_INT_H
#define MRB_LISTING_INT_H

#include <stdbool.h>
#include <stddef.h>

/* s[0..n) is a `detail disk` field name in English. */
bool lst_is_field(const char *s, size_t n);
/* s[0..n) is a `detail volume` field name in English. */
bool lst_is_vfield(const char *s, size_t n);
/* The English of a built-in local field name or Yes/No, or NULL. */
const char *lst_builtin_word(const char *s, size_t n);
/* The whole line s: 1 a message that changes nothing (a words file may
 * translate it), 0 another line the reader knows, -1 a line it does not know. */
int lst_line_class(const char *s);

#endif
