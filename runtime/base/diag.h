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
 * A warning (a code Wnnn) reads "warning:" instead; it does not count as an
 * error unless the sink's werror is set, when it is reported as one.
 *
 * Besides the rendered text (or JSON lines), a sink can keep every
 * diagnostic as a record (diag_list), for output that needs them all at
 * once: SARIF (diag_sarif).
 *
 * Codes are permanent; runtime/base/diag_codes.def is their registry.
 * Ownership: the sink owns its output buffer; a diag_src borrows its text;
 * a diag_list owns its records and their strings.
 */
#ifndef MRB_DIAG_H
#define MRB_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/util.h"

enum diag_code {
#define DIAG(code, name, summary) code,
#include "base/diag_codes.def"
#undef DIAG
    DIAG_COUNT
};

typedef struct diag_src {
    const char *name;   /* file name as given on the command line */
    const char *text;   /* decoded text (UTF-8, LF line ends) */
    size_t len;
} diag_src;

enum diag_format { DIAG_TEXT, DIAG_JSON };

enum diag_severity { DIAG_SEV_ERROR, DIAG_SEV_WARNING, DIAG_SEV_NOTE };

/* One diagnostic, kept for structured output.  Lines and columns start at
 * 1 (columns count code points); the end is the position just after the
 * range (as SARIF's endColumn).  All 0 when there is no location. */
typedef struct diag_record {
    enum diag_severity severity;    /* as reported (a warning under werror is an error) */
    int code;                       /* enum diag_code; -1 for a note */
    char *file;                     /* NULL: not about a file */
    unsigned long line, column, end_line, end_column;
    char *message;
    char *justification;            /* a warning allowed in the source: the reason given; else NULL */
} diag_record;

typedef struct diag_list {
    diag_record *items;
    size_t n, cap;
    bool failed;                    /* a record could not be kept (out of memory) */
} diag_list;

void diag_list_init(diag_list *l);
void diag_list_free(diag_list *l);

typedef struct diag_sink {
    buf out;                /* rendered diagnostics, flushed by the caller */
    unsigned errors;        /* errors reported (including those dropped) */
    unsigned max_errors;    /* 0: no limit; past it messages are counted only */
    enum diag_format format;
    bool json_started;
    bool color;             /* ANSI colours in text output: the command line
                               sets it for a terminal, never under NO_COLOR */
    unsigned warnings;      /* warnings reported (not counting those made errors) */
    bool werror;            /* report warnings as errors */
    diag_list *keep;        /* when set, every diagnostic shown is also kept here */
    bool disabled[DIAG_COUNT];  /* warnings not to report at all (mrb check --disable) */
    unsigned suppressed;    /* warnings allowed in the source (diag_suppressed) */
    const char *file;       /* for kept records without a diag_src: the file they are about */
} diag_sink;

void diag_init(diag_sink *d);
void diag_free(diag_sink *d);

/* Report an error over [start, end) of src (src may be NULL: no location). */
void diag_error(diag_sink *d, const diag_src *src, size_t start, size_t end,
                enum diag_code code, const char *fmt, ...)
    MRB_PRINTF(6, 7)
    ;
/* Report a warning (code is a Wnnn): risky but legal. */
/* The same, for wrappers that take their own variable arguments. */
void diag_verror(diag_sink *d, const diag_src *src, size_t start, size_t end, enum diag_code code,
                 const char *fmt, va_list ap) MRB_PRINTF(6, 0);
void diag_warning(diag_sink *d, const diag_src *src, size_t start, size_t end,
                  enum diag_code code, const char *fmt, ...)
    MRB_PRINTF(6, 7)
    ;
/* A note attached to the previous error (no code), e.g. a candidate list. */
/* A warning the source allows (`# mrb: allow W402 -- reason`): not shown,
 * only counted and kept (SARIF reports it as suppressed, with the reason). */
void diag_suppressed(diag_sink *d, const diag_src *src, size_t start, size_t end, enum diag_code code,
                     const char *justification, const char *fmt, ...) MRB_PRINTF(7, 8);
void diag_note(diag_sink *d, const diag_src *src, size_t start, size_t end,
               const char *fmt, ...)
    MRB_PRINTF(5, 6)
    ;

/* 1-based line and column of byte offset off in src. */
void diag_linecol(const diag_src *src, size_t off, unsigned long *line, unsigned long *col);

const char *diag_code_str(enum diag_code code);    /* "E101" */
const char *diag_code_name(enum diag_code code);   /* "listing-unknown-word" */
const char *diag_code_summary(enum diag_code code);
/* The severity a code is reported with: DIAG_SEV_WARNING for Wnnn. */
enum diag_severity diag_code_severity(enum diag_code code);
/* The code spelled s ("E401", any case), or -1. */
int diag_code_find(const char *s);

/* Append what `mrb explain CODE` prints: the code, its name and severity,
 * its summary, and the SPEC.md section that explains it with an example. */
void diag_code_explain(buf *b, enum diag_code code);

/* Write l as one SARIF 2.1.0 log with one run: tool.driver "mrb" (with
 * version and informationUri, unless NULL), one rule per code of the
 * registry (short and full description, help as diag_code_explain), one
 * result per error or warning (a note goes to the previous result's
 * relatedLocations). */
void diag_sarif(buf *out, const diag_list *l, const char *version, const char *uri);

/* Append s to b with every byte that is not printable ASCII or a valid
 * UTF-8 letter escaped as \xNN, bidirectional controls as \u{NNNN}. */
void diag_escape(buf *b, const char *s, size_t n);

/* Exit statuses (docs/mrb.1, EXIT STATUS): RC_OK 0, RC_REFUSED 1 (the
 * input was read and refused), RC_USAGE 2 (bad arguments, or a file that
 * cannot be read or written). */
enum { RC_OK = 0, RC_REFUSED = 1, RC_USAGE = 2 };

#endif
