/* diag.h - diagnostics: located messages with permanent codes.
 *
 * Every stage reports problems through a diag_sink carried in its context;
 * only main decides the exit status.  A location is a byte range in a
 * diag_src (a file's decoded text); line and column are computed when the
 * message is printed, columns counted in characters (UTF-8 code points).
 *
 * Format (gcc/clang style):
 *   FILE:LINE:COL: error: message [Ennn]
 *    source line
 *    ^~~~
 *
 * Codes are permanent; runtime/diag_codes.def is their registry.
 * Ownership: the sink owns its output buffer; a diag_src borrows its text.
 */
#ifndef MRB_DIAG_H
#define MRB_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum diag_code {
#define DIAG(code, name, summary) code,
#include "diag_codes.def"
#undef DIAG
    DIAG_COUNT
};

typedef struct diag_src {
    const char *name;   /* file name as given on the command line */
    const char *text;   /* decoded text (UTF-8, LF line ends) */
    size_t len;
} diag_src;

enum diag_format { DIAG_TEXT, DIAG_JSON };

typedef struct diag_sink {
    buf out;                /* rendered diagnostics, flushed by the caller */
    unsigned errors;        /* errors reported (including those dropped) */
    unsigned max_errors;    /* 0: no limit; past it messages are counted only */
    enum diag_format format;
    bool json_started;
} diag_sink;

void diag_init(diag_sink *d);
void diag_free(diag_sink *d);

/* Report an error over [start, end) of src (src may be NULL: no location). */
void diag_error(diag_sink *d, const diag_src *src, size_t start, size_t end,
                enum diag_code code, const char *fmt, ...)
    MRB_PRINTF(6, 7)
    ;
/* A note attached to the previous error (no code), e.g. a candidate list. */
void diag_note(diag_sink *d, const diag_src *src, size_t start, size_t end,
               const char *fmt, ...)
    MRB_PRINTF(5, 6)
    ;

/* 1-based line and column of byte offset off in src. */
void diag_linecol(const diag_src *src, size_t off, unsigned long *line, unsigned long *col);

const char *diag_code_str(enum diag_code code);    /* "E101" */
const char *diag_code_name(enum diag_code code);   /* "listing-unknown-word" */
const char *diag_code_summary(enum diag_code code);

/* Append s to b with every byte that is not printable ASCII or a valid
 * UTF-8 letter escaped as \xNN, bidirectional controls as \u{NNNN}. */
void diag_escape(buf *b, const char *s, size_t n);

#endif
