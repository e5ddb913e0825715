/* review_html.h - NAME.review.html, the review page of a compile.
 *
 * rev_html writes a self-contained HTML page (no script, no network):
 * the title, the procedure and listing with their SHA-256, the compile id
 * (the one the fleet's gate asks the reviewer to approve), the plan disk
 * by disk, each disk before and after as an inline SVG picture (one group
 * per disk with data-disk="Disk N", a bar for before and one for after),
 * every step with its commands, the steps left out, the assumptions and
 * the predicted listing.  ASCII with CRLF line ends, deterministic.
 */
#ifndef MRB_REVIEW_HTML_H
#define MRB_REVIEW_HTML_H

#include <stdbool.h>

#include "diskpart/model.h"
#include "plan/plan.h"
#include "base/util.h"

typedef struct rev_page {
    const plan *p;              /* proved */
    const mdl_server *snap;     /* the listing it was resolved against */
    const char *name;           /* NAME */
    const char *source, *listing;               /* paths: base names cited */
    const char *source_sha256, *listing_sha256; /* hex, or NULL */
    const char *compile_id;     /* the set's compile id, or NULL or "" */
} rev_page;

/* False on allocation failure (b failed). */
bool rev_html(buf *b, const rev_page *in);

#endif
