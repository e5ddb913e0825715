/* review_html.c - NAME.review.html: the page a change ticket links to.
 *
 * One self-contained HTML file (inline CSS and SVG, no script, no
 * request to anywhere), ASCII like every file of the set (characters
 * outside ASCII as numeric character references): the procedure's title,
 * the files it comes from with their SHA-256, the plan disk by disk (the
 * summary compile prints), each disk before and after as Disk Management
 * draws it (one SVG group per disk, data-disk="Disk N", holding a bar for
 * before and one for after, data-bar="before|after", to scale), every
 * step with its commands and what their names resolved to, the steps
 * left out and the assumptions.  Deterministic: the same inputs give the
 * same bytes.
 */
#include "out/review_html.h"

#include <string.h>

#include "diskpart/print.h"
#include "out/emit.h"
#include "out/review.h"

/* Text as HTML: & < > " escaped, characters outside ASCII as &#xN; (an
 * invalid UTF-8 byte as '?'), line ends as CRLF. */
static void html(buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, n = 0, k;
        if (c == '&')
            buf_puts(b, "&amp;");
        else if (c == '<')
            buf_puts(b, "&lt;");
        else if (c == '>')
            buf_puts(b, "&gt;");
        else if (c == '"')
            buf_puts(b, "&quot;");
        else if (c == '\n')
            buf_puts(b, "\r\n");
        else if (c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F))
            buf_putc(b, c == '\t' ? ' ' : (char)c);
        else if (c < 0x80)
            buf_putc(b, '?');
        else {
            n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            c &= n == 3 ? 0x07 : n == 2 ? 0x0F : 0x1F;
            for (k = 1; k <= n && (p[k] & 0xC0) == 0x80; k++)
                c = (c << 6) | (p[k] & 0x3F);
            if (n == 0 || k <= n) {
                buf_putc(b, '?');
                n = 0;
            } else {
                buf_printf(b, "&#x%X;", c);
            }
        }
        p += 1 + n;
    }
}

static void crlf(buf *b) { buf_puts(b, "\r\n"); }

/* Empty scratch buffer t for reuse, passing a failure on to b first. */
static void reuse(buf *t, buf *b)
{
    if (t->failed)
        b->failed = true;
    buf_reset(t);
}

/* A size as DiskPart displays it, without the column's padding. */
static void size_text(buf *b, mdl_size sz)
{
    buf t;
    buf_init(&t);
    mdl_format_size(&t, sz);
    buf_puts(b, buf_cstr(&t) + strspn(buf_cstr(&t), " "));
    if (t.failed)
        b->failed = true;
    buf_free(&t);
}

/* Nothing scrolls sideways, at any width: long lines (the plan's, a
 * hash) wrap, and the picture scales to the page (svg_disks). */
static const char style[] =
    "body{font-family:sans-serif;margin:2em;max-width:72em;color:#222}\r\n"
    "pre{background:#f4f4f4;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere}\r\n"
    "code,pre{font-family:monospace}code{overflow-wrap:anywhere}\r\n"
    "table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #ddd}\r\n"
    "svg{display:block;width:100%;height:auto;max-width:60em}\r\n"
    ".note{color:#555}.approve{font-weight:bold}\r\n";

/* Colours after Disk Management's legend: a mirrored volume, a simple
 * volume or partition, space held by partitions that are not volumes,
 * unallocated space. */
static const char *fill_of(const rev_seg *g)
{
    switch (g->kind) {
    case RS_FREE: return "#ffffff";
    case RS_OTHER: return "#9e9e9e";
    case RS_VOLUME: break;
    }
    return g->v->type == VT_MIRROR ? "#a3413f" : g->v->type == VT_SPANNED ? "#8a6d1f" : "#2f5fa8";
}

enum { BAR_X = 120, BAR_W = 600, BAR_H = 34, ROW_H = 96 };
/* A part narrower than SMALL_W (a 350 MB EFI partition on a 2 TB disk is
 * a tenth of a unit) is drawn as wide as its name, at least SMALL_W. */
enum { SMALL_W = 16 };

/* The width a name takes: about 7 units a character at 12 units, and a
 * margin. */
static double name_w(size_t len) { return 7.0 * (double)len + 8; }

/* The drawn width w[i] of each of n parts: to scale, but a part too small
 * to see (widened[i]) as wide as its name (len[i] characters), the room
 * taken from the others in proportion to their bytes; the widened parts
 * take at most half the bar. */
static void bar_widths(const rev_seg *g, size_t n, const size_t *len, double *w, bool *widened)
{
    uint64_t total = 0, rest = 0;
    double small = 0, scale = 1;
    size_t i;
    for (i = 0; i < n; i++)
        total += g[i].bytes;
    for (i = 0; i < n; i++) {
        double natural = total ? (double)g[i].bytes * BAR_W / (double)total : (double)BAR_W / (double)n;
        widened[i] = total && natural < SMALL_W;
        w[i] = natural;
        if (widened[i]) {
            w[i] = name_w(len[i]) > SMALL_W ? name_w(len[i]) : SMALL_W;
            small += w[i];
        } else {
            rest += g[i].bytes;
        }
    }
    if (small > BAR_W / 2)
        scale = (BAR_W / 2) / small;
    for (i = 0; i < n; i++) {
        if (widened[i])
            w[i] *= rest ? scale : (double)BAR_W / small;
        else if (small > 0)
            w[i] = (double)g[i].bytes * (BAR_W - small * scale) / (double)rest;
    }
}

/* One part of a bar at x: its rect (its name and size as the tooltip), and
 * its name inside when it fits. */
static void svg_part(buf *b, const rev_seg *g, double x, int y, double w, bool widened, buf *label)
{
    reuse(label, b);
    rev_seg_label(label, g);
    buf_puts(label, ", ");
    size_text(label, (mdl_size){g->bytes, g->bytes + 1});
    buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"%s\" "
                  "stroke-width=\"%d\"%s><title>",
               x, y, w, BAR_H, fill_of(g), g->fresh ? "#1a9b3c" : "#333", g->fresh ? 3 : 1,
               widened ? " stroke-dasharray=\"4 2\" data-widened=\"1\"" : "");
    html(b, buf_cstr(label));
    buf_puts(b, "</title></rect>");
    reuse(label, b);
    if (g->fresh)
        buf_putc(label, '+');
    rev_seg_label(label, g);
    if (w >= name_w(label->len)) {
        buf_printf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"%s\">", x + 4, y + 21,
                   g->kind == RS_VOLUME ? "#fff" : "#222");
        html(b, buf_cstr(label));
        buf_puts(b, "</text>");
    }
}

/* The parts of disk d at y, each to scale (bar_widths). */
static void svg_parts(buf *b, int y, const mdl_server *s, const mdl_disk *d, const mdl_server *was,
                      const mdl_disk *wd)
{
    rev_seg *g;
    size_t n, i, *len;
    double *w, x = BAR_X;
    bool *widened;
    buf label;
    n = rev_layout(s, d, was, wd, &g);
    if (n == (size_t)-1) {
        b->failed = true;
        return;
    }
    len = util_calloc(n + 1, sizeof *len);
    w = util_calloc(n + 1, sizeof *w);
    widened = util_calloc(n + 1, sizeof *widened);
    buf_init(&label);
    if (!len || !w || !widened)
        b->failed = true;
    for (i = 0; i < n && !b->failed; i++) {
        reuse(&label, b);
        if (g[i].fresh)
            buf_putc(&label, '+');
        rev_seg_label(&label, &g[i]);
        len[i] = label.len;
    }
    if (!b->failed)
        bar_widths(g, n, len, w, widened);
    for (i = 0; i < n && !b->failed; i++) {
        svg_part(b, &g[i], x, y, w[i], widened[i], &label);
        x += w[i];
    }
    if (label.failed)
        b->failed = true;
    buf_free(&label);
    util_free(len);
    util_free(w);
    util_free(widened);
    util_free(g);
}

/* One bar at y: a rect per part (svg_parts); a part the disk gains
 * outlined in green, an erased disk's bar crossed out in red. */
static void svg_bar(buf *b, const char *when, int y, const mdl_server *s, const mdl_disk *d,
                    const mdl_server *was, const mdl_disk *wd, bool wiped)
{
    buf_printf(b, "<g class=\"bar\" data-bar=\"%s\">", when);
    buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>", BAR_X - 50, y + 22, when);
    if (!d) {
        buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\">removed from the configuration</text></g>", BAR_X,
                   y + 22);
        return;
    }
    if (d->status == DS_MISSING) {
        buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#555\" "
                      "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%d\" font-size=\"13\">missing: DiskPart shows "
                      "no size</text></g>",
                   BAR_X, y, BAR_W, BAR_H, BAR_X + 8, y + 22);
        return;
    }
    svg_parts(b, y, s, d, was, wd);
    if (wiped)
        buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d00\" stroke-width=\"3\"/>"
                      "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#d00\">erased</text>",
                   BAR_X, y + BAR_H, BAR_X + BAR_W, y, BAR_X + BAR_W + 8, y + 22);
    buf_puts(b, "</g>");
}

static void svg_disks(buf *b, const plan *p, const mdl_server *snap)
{
    size_t i;
    buf name;
    buf_init(&name);
    /* drawn in viewBox units, scaled to the page's width (style) */
    buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %zu\" width=\"100%%\" "
                  "font-family=\"sans-serif\" role=\"img\" aria-label=\"each disk before and after the plan\">",
               BAR_X + BAR_W + 70, snap->ndisks * ROW_H + 10);
    crlf(b);
    for (i = 0; i < snap->ndisks; i++) {
        const mdl_disk *d = &snap->disks[i];
        const mdl_disk *a = mdl_find_disk(&p->after, d->num, d->missing_id);
        int y = (int)(i * ROW_H) + 8;
        reuse(&name, b);
        prt_disk_name(&name, d);
        buf_printf(b, "<g class=\"disk\" data-disk=\"%s\">", buf_cstr(&name));
        buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>", y + 22,
                   buf_cstr(&name));
        buf_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"11\">", y + 38);
        reuse(&name, b);
        size_text(&name, d->size);
        html(b, buf_cstr(&name));
        buf_puts(b, "</text>");
        svg_bar(b, "before", y, snap, d, NULL, NULL, rev_wiped(p, d));
        svg_bar(b, "after", y + BAR_H + 8, &p->after, a, snap, d, false);
        buf_puts(b, "</g>");
        crlf(b);
    }
    buf_puts(b, "</svg>");
    crlf(b);
    if (name.failed)
        b->failed = true;
    buf_free(&name);
}

static void steps(buf *b, const plan *p)
{
    size_t i, j;
    buf_puts(b, "<h2>Steps</h2>\r\n<ol>\r\n");
    for (i = 0; i < p->nsteps; i++) {
        const plan_step *s = &p->steps[i];
        buf_puts(b, "<li><h3>");
        html(b, s->name);
        /* (a line end right after <pre> is not part of its text) */
        buf_printf(b, "</h3><p class=\"note\">procedure line %lu</p>\r\n<pre>\r\n", s->line);
        for (j = 0; j < s->nacts; j++) {
            const plan_act *a = &s->acts[j];
            if (a->kind == PA_REQUIRE || a->kind == PA_ENSURE)
                continue;
            /* the rem lines of the scripts: each name as the model shows it */
            emit_rem_record(b, &a->rec, true, html);
            html(b, a->text);
            crlf(b);
        }
        buf_puts(b, "</pre></li>\r\n");
    }
    buf_puts(b, "</ol>\r\n");
}

bool rev_html(buf *b, const rev_page *in)
{
    const plan *p = in->p;
    buf t;
    size_t i;
    buf_init(&t);
    buf_puts(b, "<!DOCTYPE html>\r\n<html lang=\"en\">\r\n<head>\r\n<meta charset=\"utf-8\">\r\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\r\n<title>mrb review: ");
    html(b, in->name);
    buf_puts(b, "</title>\r\n<style>\r\n");
    buf_puts(b, style);
    buf_puts(b, "</style>\r\n</head>\r\n<body>\r\n<h1>");
    html(b, p->title ? p->title : in->name);
    buf_puts(b, "</h1>\r\n<p>Written by mrb compile, beside the scripts it describes. It compiles from these "
                "files (<code>sha256sum</code> prints the same digits):</p>\r\n<table>\r\n"
                "<tr><th>procedure</th><td><code>");
    html(b, util_file_part(in->source));
    buf_puts(b, "</code></td><td><code>");
    html(b, in->source_sha256 ? in->source_sha256 : "unknown");
    buf_puts(b, "</code></td></tr>\r\n<tr><th>listing</th><td><code>");
    html(b, util_file_part(in->listing));
    buf_puts(b, "</code></td><td><code>");
    html(b, in->listing_sha256 ? in->listing_sha256 : "unknown");
    /* one line holding "compile id ", which verify passes over (the id
     * hashes the set, so it differs whenever anything does) */
    buf_puts(b, "</code></td></tr>\r\n</table>\r\n<p class=\"approve\">The id to approve, once this page is "
                "read: compile id <code id=\"compile-id\">");
    html(b, in->compile_id && *in->compile_id ? in->compile_id : "unknown");
    buf_puts(b, "</code> (the first line of every script of the set holds it; the fleet's gate asks for "
                "it).</p>\r\n<h2>The plan, disk by disk</h2>\r\n<pre>");
    rev_summary(&t, p, in->snap);
    html(b, buf_cstr(&t));
    buf_puts(b, "</pre>\r\n<h2>Each disk before and after</h2>\r\n<p>As Disk Management draws them, each disk to "
                "its own scale: red a mirrored volume, blue a simple volume or partition, grey reserved space, "
                "white free space; outlined in green what a disk gains; crossed out in red the disk the plan "
                "erases; dashed, a part too small to see at its disk's scale, drawn as wide as its "
                "name.</p>\r\n");
    svg_disks(b, p, in->snap);
    steps(b, p);
    if (p->nskips) {
        buf_puts(b, "<h2>Steps left out on this server</h2>\r\n<ul>\r\n");
        for (i = 0; i < p->nskips; i++) {
            buf_puts(b, "<li>");
            html(b, p->skips[i].name);
            buf_printf(b, " (line %lu): ", p->skips[i].line);
            html(b, p->skips[i].why);
            buf_puts(b, "</li>\r\n");
        }
        buf_puts(b, "</ul>\r\n");
    }
    reuse(&t, b);
    rev_assumptions(&t, p);
    buf_puts(b, "<h2>Assumptions</h2>\r\n");
    if (t.len) {
        buf_puts(b, "<pre>");
        html(b, buf_cstr(&t));
        buf_puts(b, "</pre>\r\n");
    } else {
        buf_puts(b, "<p>None: the plan relies on the listing alone.</p>\r\n");
    }
    buf_puts(b, "<h2>The predicted listing</h2>\r\n<pre>");
    reuse(&t, b);
    buf_puts(&t, "DISKPART> list disk\n");
    prt_list_disk(&t, &p->after, -1);
    buf_puts(&t, "\nDISKPART> list volume\n");
    prt_list_volume(&t, &p->after, -1);
    html(b, buf_cstr(&t));
    buf_puts(b, "</pre>\r\n</body>\r\n</html>\r\n");
    if (t.failed)
        b->failed = true;
    buf_free(&t);
    return !b->failed;
}
