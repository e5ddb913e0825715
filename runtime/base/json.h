/* json.h - JSON string literals: the one escaper of every JSON mrb writes.
 *
 * The plan (compile --format=json), the model (listing --format=json), the
 * diagnostics (check --format=json and SARIF) and run's events all write
 * their strings through it, so that every document is valid JSON whatever
 * bytes a file name, a label or a message holds: '"' and '\\' escaped, a
 * line end as \n, other control characters and DEL as \u00XX, and a byte
 * that is not part of well-formed UTF-8 (util_utf8_len) as \ufffd, the
 * replacement character.  (docs/schema/ describes the plan and check's lines.)
 */
#ifndef MRB_JSON_H
#define MRB_JSON_H

#include <stddef.h>

#include "base/util.h"

/* s[0..n) as a JSON string, quotes included. */
void json_string_n(buf *b, const char *s, size_t n);
/* The NUL-terminated s as a JSON string; NULL as "". */
void json_string(buf *b, const char *s);

#endif
