/* listing_rows.c - a table's dashes and rows (listing_int.h).
 *
 * Rows are split into space-separated tokens with their columns.  Volume and
 * partition rows are read by position: each token belongs to the column
 * whose span (given by the dash line) holds its first character, with one
 * column of slack either side.  Disk rows are read in sequence, because
 * French rows overflow their columns ("Disque 0" is one column wider than
 * its dashes, "G octets" wider than the Size column): name, status words,
 * size, free, then the Dyn and Gpt stars, placed by their distance from the
 * end of the Free value.
 */
#include "capture/listing_int.h"

#include <string.h>

#include "base/mrblimits.h"

/* ---- tokens of a table row ---- */

static size_t tokenize(const char *p, size_t n, token *t, size_t max)
{
    size_t i = 0, col = 0, k = 0;
    while (i < n && k < max) {
        if (p[i] == ' ') {
            i++;
            col++;
            continue;
        }
        t[k].off = i;
        t[k].col = col;
        while (i < n && p[i] != ' ') {
            i++;    /* one character: a byte and its UTF-8 continuation bytes */
            while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
                i++;
            col++;
        }
        t[k].len = i - t[k].off;
        t[k].endcol = col;
        k++;
    }
    return i < n ? max + 1 : k;
}

/* ---- numbers and sizes ---- */

bool lst_parse_number(const char *p, size_t n, unsigned long *v)
{
    size_t i;
    unsigned long x = 0;
    if (n == 0 || n > 9)
        return false;
    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        x = x * 10 + (unsigned long)(p[i] - '0');
    }
    *v = x;
    return x <= LIM_NUMBER;
}

static const struct {
    const char *word;
    uint64_t unit;
} units[] = {
    {"B", 1}, {"KB", MDL_KiB}, {"MB", MDL_MiB}, {"GB", MDL_GiB}, {"TB", MDL_TiB},
    {"octets", 1}, {"K octets", MDL_KiB}, {"M octets", MDL_MiB}, {"G octets", MDL_GiB},
    {"T octets", MDL_TiB}, {"K", MDL_KiB}, {"M", MDL_MiB}, {"G", MDL_GiB}, {"T", MDL_TiB},
    {"o", 1},   /* French `list volume`: a DVD drive's `0 o` (runtime/diskpart/MODEL.md, T14) */
};

static bool unit_of(const char *p, size_t n, uint64_t *unit)
{
    size_t i;
    for (i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].word) == n && memcmp(units[i].word, p, n) == 0) {
            *unit = units[i].unit;
            return true;
        }
    return false;
}

/* A size from tokens t[0..k): a number then a unit of one or two words. */
static bool size_of(reader *r, const char *line, size_t line_off, const token *t, size_t k,
                    mdl_size *out)
{
    unsigned long v;
    uint64_t unit;
    size_t uoff, ulen;
    if (k < 2 || k > 3) {
        lst_err(r, line_off + (k ? t[0].off : 0), k ? t[k - 1].off + t[k - 1].len - t[0].off : 0, E203,
            "expected a size such as '447 GB'");
        return false;
    }
    if (!lst_parse_number(line + t[0].off, t[0].len, &v)) {
        lst_err(r, line_off + t[0].off, t[0].len, E211, "expected a number up to %u here",
            LIM_NUMBER);
        return false;
    }
    uoff = t[1].off;
    ulen = t[k - 1].off + t[k - 1].len - uoff;
    if (!unit_of(line + uoff, ulen, &unit)) {
        buf shown;
        buf_init(&shown);
        diag_escape(&shown, line + uoff, ulen);
        lst_err(r, line_off + uoff, ulen, E202,
            "unknown size unit '%s' (known: B, KB, MB, GB, TB, and the French octets, K, M, G, T, o)",
            buf_cstr(&shown));
        buf_free(&shown);
        return false;
    }
    if (!mdl_displayed(v, unit, out)) {
        lst_err(r, line_off + t[0].off, t[0].len, E211, "size out of range");
        return false;
    }
    return true;
}

/* ---- rows ---- */

/* The span a token starting at column col belongs to, with one column of
 * slack either side; -1 when none. */
static long span_of(const reader *r, size_t col)
{
    size_t i;
    for (i = 0; i < r->nspans; i++) {
        size_t lo = r->spans[i].start > 0 ? r->spans[i].start - 1 : 0;
        if (col >= lo && col <= r->spans[i].end + 1)
            return (long)i;
    }
    return -1;
}

/* Group tokens t[0..n) by span: first[i], count[i] for span i. */
static bool by_span(reader *r, const char *line, size_t line_off, const token *t, size_t n,
                    size_t *first, size_t *count)
{
    size_t i;
    for (i = 0; i < r->nspans; i++)
        count[i] = 0;
    for (i = 0; i < n; i++) {
        long s = span_of(r, t[i].col);
        if (s < 0) {
            lst_err(r, line_off + t[i].off, t[i].len, E203,
                "text outside the columns of the table header");
            return false;
        }
        if (count[s] == 0)
            first[s] = i;
        else if (first[s] + count[s] != i) {
            lst_err(r, line_off + t[i].off, t[i].len, E203, "row does not line up with its header");
            return false;
        }
        count[s]++;
    }
    (void)line;
    return true;
}

static const char *const disk_words[LANG_COUNT] = {"Disk", "Disque", "Datentr\xC3\xA4ger"};

static bool parse_id(const char *p, size_t n, unsigned long *num, bool *missing)
{
    *missing = n > 1 && p[0] == 'M';
    if (*missing) {
        p++;
        n--;
    }
    return lst_parse_number(p, n, num);
}

static bool name_ok(reader *r, const char *line, size_t line_off, const token *t, size_t n,
                    const char *want, bool allow_m, unsigned long *num, bool *missing)
{
    if (n < 2 || strlen(want) != t[0].len || memcmp(line + t[0].off, want, t[0].len) != 0) {
        lst_err(r, line_off + (n ? t[0].off : 0), n ? t[0].len : 0, E203,
            "expected a row starting with '%s N'", want);
        return false;
    }
    if (!parse_id(line + t[1].off, t[1].len, num, missing) || (*missing && !allow_m)) {
        lst_err(r, line_off + t[1].off, t[1].len, E211, "expected a %snumber up to %u after '%s'",
            allow_m ? "disk " : "", LIM_NUMBER, want);
        return false;
    }
    return true;
}

static void disk_row(reader *r, const char *line, size_t line_off, const token *t, size_t n)
{
    mdl_disk dk;
    unsigned long num;
    size_t i = 2, j, stat_end = 0, size_end, free_end;
    int st = -1;
    long shift;
    memset(&dk, 0, sizeof dk);
    if (!name_ok(r, line, line_off, t, n, disk_words[r->lang], true, &num, &dk.missing_id))
        return;
    dk.num = (unsigned)num;
    /* status: the longest run of words (1 to 4) that the vocabulary knows */
    for (j = 4; j >= 1 && st < 0; j--)
        if (i + j <= n) {
            st = lst_lookup(r, &mdl_disk_status_vocab, line + t[i].off,
                        t[i + j - 1].off + t[i + j - 1].len - t[i].off);
            stat_end = i + j;
        }
    if (st < 0) {
        if (i < n)
            lst_vocab_word(r, &mdl_disk_status_vocab, line, line_off, t[i].off, t[i].len);
        else
            lst_err(r, line_off + t[n - 1].off, t[n - 1].len, E203, "row cut short: no status");
        return;
    }
    dk.status = (enum mdl_disk_status)st;
    i = stat_end;
    /* size and free: a number and a unit of one or two words each */
    for (size_end = i + 1; size_end < n && !(line[t[size_end].off] >= '0' && line[t[size_end].off] <= '9');
         size_end++)
        ;
    if (size_end >= n) {
        lst_err(r, line_off + t[n - 1].off, t[n - 1].len, E203, "row cut short: expected size and free space");
        return;
    }
    if (!size_of(r, line, line_off, t + i, size_end - i, &dk.size))
        return;
    for (free_end = size_end + 1; free_end < n && line[t[free_end].off] != '*'; free_end++)
        ;
    if (!size_of(r, line, line_off, t + size_end, free_end - size_end, &dk.free))
        return;
    /* stars: placed relative to where the Free value ends */
    shift = (long)t[free_end - 1].endcol - 1 - (long)r->spans[3].end;
    for (i = free_end; i < n; i++) {
        long col = (long)t[i].col - shift, s;
        if (t[i].len != 1 || line[t[i].off] != '*') {
            lst_err(r, line_off + t[i].off, t[i].len, E203, "expected '*' or nothing in the Dyn and Gpt columns");
            return;
        }
        s = col < 0 ? -1 : span_of(r, (size_t)col);
        if (s == 4)
            dk.dyn = true;
        else if (s == 5)
            dk.gpt = true;
        else {
            lst_err(r, line_off + t[i].off, 1, E203, "'*' outside the Dyn and Gpt columns");
            return;
        }
    }
    if (mdl_find_disk(&r->cur, dk.num, dk.missing_id)) {
        lst_err(r, line_off + t[1].off, t[1].len, E210, "disk %s%lu is listed twice",
            dk.missing_id ? "M" : "", num);
        return;
    }
    if (r->cur.ndisks >= LIM_DISKS) {
        lst_err(r, line_off, 1, E212, "too many disks (limit is %u)", LIM_DISKS);
        return;
    }
    if (!(dk.row = util_strndup(r->row_text, r->row_len)) || !mdl_add_disk(&r->cur, &dk))
        lst_err(r, line_off, 0, E010, "out of memory");
    util_free(dk.row);
}

/* The start of a volume or partition row: 'want N', then the other tokens
 * grouped by the table's ncols columns (first[i], count[i] for column i,
 * indexes into t). */
static bool cells(reader *r, const char *line, size_t line_off, const token *t, size_t n, const char *want,
                  size_t ncols, unsigned long *num, size_t *first, size_t *count)
{
    bool missing;
    size_t i;
    if (!name_ok(r, line, line_off, t, n, want, false, num, &missing))
        return false;
    if (r->nspans != ncols) {
        lst_err(r, r->table_off, 0, E203, "a %c%s table has %zu columns", (char)util_lower((unsigned char)want[0]),
                want + 1, ncols);
        return false;
    }
    if (!by_span(r, line, line_off, t + 2, n - 2, first, count))
        return false;
    for (i = 0; i < ncols; i++)
        first[i] += 2;
    return true;
}

static void cell_text(const token *t, size_t first, size_t count, size_t *off,
                      size_t *len)
{
    *off = t[first].off;
    *len = t[first + count - 1].off + t[first + count - 1].len - *off;
}

static void volume_row(reader *r, const char *line, size_t line_off, const token *t, size_t n)
{
    size_t first[MAX_SPANS], count[MAX_SPANS], off, len;
    mdl_volume v;
    unsigned long num;
    int k;
    char label[64];
    memset(&v, 0, sizeof v);
    if (!cells(r, line, line_off, t, n, "Volume", 8, &num, first, count))
        return;
    v.num = (unsigned)num;
    if (count[0] != 0) {
        lst_err(r, line_off + t[2].off, t[2].len, E203, "unexpected text after the volume number");
        return;
    }
    if (count[1]) {
        cell_text(t, first[1], count[1], &off, &len);
        if (len != 1 || line[off] < 'A' || line[off] > 'Z') {
            lst_err(r, line_off + off, len, E203, "expected a drive letter A to Z in the Ltr column");
            return;
        }
        v.letter = line[off];
    }
    label[0] = '\0';
    if (count[2]) {
        cell_text(t, first[2], count[2], &off, &len);
        if (len >= sizeof label) {
            lst_err(r, line_off + off, len, E203, "label longer than DiskPart shows");
            return;
        }
        memcpy(label, line + off, len);
        label[len] = '\0';
    }
    v.label = label;
    if (count[3]) {
        cell_text(t, first[3], count[3], &off, &len);
        if ((k = lst_vocab_word(r, &mdl_fs_vocab, line, line_off, off, len)) < 0)
            return;
        v.fs = (enum mdl_fs)k;
    }
    if (!count[4] || !count[5]) {
        lst_err(r, line_off + t[n - 1].off, t[n - 1].len, E203,
            "row cut short: a volume row needs a type and a size");
        return;
    }
    cell_text(t, first[4], count[4], &off, &len);
    if ((k = lst_vocab_word(r, &mdl_vol_type_vocab, line, line_off, off, len)) < 0)
        return;
    v.type = (enum mdl_vol_type)k;
    if (!size_of(r, line, line_off, t + first[5], count[5], &v.size))
        return;
    if (count[6]) {
        cell_text(t, first[6], count[6], &off, &len);
        if ((k = lst_vocab_word(r, &mdl_vol_status_vocab, line, line_off, off, len)) < 0)
            return;
        v.status = (enum mdl_vol_status)k;
    }
    if (count[7]) {
        cell_text(t, first[7], count[7], &off, &len);
        if ((k = lst_vocab_word(r, &mdl_vol_info_vocab, line, line_off, off, len)) < 0)
            return;
        v.info = (enum mdl_vol_info)k;
    }
    if (mdl_find_volume(&r->cur, v.num)) {
        lst_err(r, line_off + t[1].off, t[1].len, E210, "volume %lu is listed twice", num);
        return;
    }
    if (r->cur.nvols >= LIM_VOLUMES) {
        lst_err(r, line_off, 1, E212, "too many volumes (limit is %u)", LIM_VOLUMES);
        return;
    }
    if (!(v.row = util_strndup(r->row_text, r->row_len)) || !mdl_add_volume(&r->cur, &v))
        lst_err(r, line_off, 0, E010, "out of memory");
    util_free(v.row);
}

static void partition_row(reader *r, const char *line, size_t line_off, const token *t, size_t n)
{
    size_t first[MAX_SPANS], count[MAX_SPANS], off, len, i;
    mdl_partition p;
    unsigned long num;
    int k;
    memset(&p, 0, sizeof p);
    if (!cells(r, line, line_off, t, n, "Partition", 4, &num, first, count))
        return;
    p.num = (unsigned)num;
    if (count[0] != 0 || !count[1] || !count[2] || !count[3]) {
        lst_err(r, line_off + t[n - 1].off, t[n - 1].len, E203,
            "a partition row needs a type, a size and an offset");
        return;
    }
    cell_text(t, first[1], count[1], &off, &len);
    if ((k = lst_vocab_word(r, &mdl_part_type_vocab, line, line_off, off, len)) < 0)
        return;
    p.type = (enum mdl_part_type)k;
    if (!size_of(r, line, line_off, t + first[2], count[2], &p.size) ||
        !size_of(r, line, line_off, t + first[3], count[3], &p.offset))
        return;
    /* DiskPart numbers several partitions 0 (extended, unrecognised): only
     * numbers above 0 must be unique. */
    for (i = 0; i < r->cur_parts.nparts; i++)
        if (p.num != 0 && r->cur_parts.parts[i].num == p.num) {
            lst_err(r, line_off + t[1].off, t[1].len, E210, "partition %lu is listed twice", num);
            return;
        }
    if (r->cur_parts.nparts >= LIM_PARTITIONS) {
        lst_err(r, line_off, 1, E212, "too many partitions on one disk (limit is %u)", LIM_PARTITIONS);
        return;
    }
    if (!mdl_add_partition(&r->cur_parts, &p))
        lst_err(r, line_off, 0, E010, "out of memory");
}

void lst_row(reader *r, const char *line, size_t len, size_t line_off)
{
    token t[MAX_TOKENS + 1];
    size_t n = tokenize(line, len, t, MAX_TOKENS);
    if (n > MAX_TOKENS) {
        lst_err(r, line_off, len, E203, "too many words in one row");
        return;
    }
    /* the first token may be the focus star */
    if (n && t[0].col == 0) {
        if (t[0].len != 1 || line[0] != '*') {
            lst_err(r, line_off, t[0].len, E203, "a row starts with two spaces or '* '");
            return;
        }
        memmove(t, t + 1, (n - 1) * sizeof *t);
        n--;
    }
    r->rows++;
    r->row_text = line + 2;
    r->row_len = len - 2;
    switch (r->table) {
    case TB_DISK: disk_row(r, line, line_off, t, n); break;
    case TB_VOLUME: volume_row(r, line, line_off, t, n); break;
    case TB_PARTITION: partition_row(r, line, line_off, t, n); break;
    case TB_NONE: break;
    }
}

/* The dashes under a table header: each column's span. */
void lst_dashes(reader *r, const char *line, size_t len, size_t off)
{
    token t[MAX_SPANS + 1];
    size_t n = tokenize(line, len, t, MAX_SPANS), k;
    size_t want = r->table == TB_DISK ? 6 : r->table == TB_VOLUME ? 8 : 4;
    if (n != want) {
        lst_err(r, off, len, E203, "the dashes under the header do not match its columns");
        lst_free_rows(r);
        r->table = TB_NONE;
        r->skip = SKIP_TO_PROMPT;   /* its rows cannot be read */
        return;
    }
    for (k = 0; k < n; k++) {
        r->spans[k].start = t[k].col;
        r->spans[k].end = t[k].endcol - 1;
    }
    r->nspans = n;
    r->have_dashes = true;
}
