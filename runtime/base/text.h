/* text.h - decoding of input files into UTF-8 text with LF line ends.
 *
 * Every reader (the .mrb lexer, the listing reader, the DiskPart script
 * reader) works on decoded text, so that encodings are handled once.
 *
 * Sources (.mrb, DiskPart scripts): UTF-8, with or without BOM.
 * Listings, in addition: UTF-16LE (with BOM, or recognised by its NUL high
 * bytes), and the OEM code pages cmd.exe redirection writes (CP437, CP850)
 * for the bytes on which those two agree; a byte they read differently is
 * refused (E104) rather than guessed.
 *
 * Line ends CRLF, LF and lone CR all become LF.  Refused, with a located
 * diagnostic: NUL bytes (E101), invalid UTF-8 (E102), control characters
 * (E103), invalid UTF-16 (E105), bidirectional controls and invisible
 * characters (E106), lines over LIM_LINE_BYTES (E003).
 */
#ifndef MRB_TEXT_H
#define MRB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/util.h"

enum txt_kind { TXT_SOURCE, TXT_LISTING };
enum txt_encoding { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE, ENC_OEM };

/* Decode raw bytes (named name for diagnostics) into out.  On failure the
 * diagnostics are in d and out must not be used. */
bool txt_decode(const char *name, const unsigned char *raw, size_t len, enum txt_kind kind,
                buf *out, enum txt_encoding *enc, diag_sink *d);

const char *txt_encoding_name(enum txt_encoding enc);

#endif
