/* state.c - writing and reading the simulator's --state file.
 *
 * Format, one record per line, fields separated by one space:
 *
 *   mrb-state 1
 *   disk NUM M|- STATUS SIZE FREE DYN GPT RAW PARTS_KNOWN
 *   part NUM TYPE SIZE OFFSET VOL_KNOWN HAS_VOL VOL          (of the disk above)
 *   detail KNOWN MODEL ID TYPE LOCATION RO BOOT PF HIB CD CL NVOLS VOL...
 *   twin DISK                         (of the disk above, when it has one)
 *   volume NUM LETTER|- FS TYPE SIZE STATUS INFO WHERE_KNOWN NON DISK... LABEL
 *   end
 *
 * SIZE is two numbers, the interval [lo, hi) of bytes; enumerations are the
 * English words of model.h with spaces as '_'; booleans 0/1; a disk in a
 * volume's list is NUM or MNUM; strings are '-' for none, else '=' and the
 * bytes with space, '%' and control bytes as %XX.
 */
#include "diskpart/state.h"

#include "base/fileio.h"

#include <string.h>

#include "base/mrblimits.h"
#include "base/platform.h"

/* ---- writing ---------------------------------------------------------- */

static void put_word(buf *b, const mdl_vocab *v, int value)
{
    const char *w = mdl_word(v, value);
    buf_putc(b, ' ');
    if (!*w)
        buf_putc(b, '_');
    for (; *w; w++)
        buf_putc(b, *w == ' ' ? '_' : *w);
}

static void put_str(buf *b, const char *s)
{
    buf_putc(b, ' ');
    if (!s) {
        buf_putc(b, '-');
        return;
    }
    buf_putc(b, '=');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= ' ' || c == '%' || c == 0x7f)
            buf_printf(b, "%%%02X", c);
        else
            buf_putc(b, (char)c);
    }
}

static void put_size(buf *b, mdl_size s)
{
    buf_printf(b, " %llu %llu", (unsigned long long)s.lo, (unsigned long long)s.hi);
}

void st_write(buf *b, const mdl_server *s)
{
    size_t i, j;
    buf_puts(b, ST_MAGIC "\n");
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *d = &s->disks[i];
        const mdl_disk_detail *x = &d->detail;
        buf_printf(b, "disk %u %s", d->num, d->missing_id ? "M" : "-");
        put_word(b, &mdl_disk_status_vocab, (int)d->status);
        put_size(b, d->size);
        put_size(b, d->free);
        buf_printf(b, " %d %d %d %d\n", d->dyn, d->gpt, d->raw, d->parts_known);
        for (j = 0; j < d->nparts; j++) {
            const mdl_partition *p = &d->parts[j];
            buf_printf(b, "part %u", p->num);
            put_word(b, &mdl_part_type_vocab, (int)p->type);
            put_size(b, p->size);
            put_size(b, p->offset);
            buf_printf(b, " %d %d %u\n", p->vol_known, p->has_vol, p->vol);
        }
        buf_printf(b, "detail %d", x->known);
        put_str(b, x->model);
        put_str(b, x->disk_id);
        put_str(b, x->type);
        put_str(b, x->location);
        buf_printf(b, " %d %d %d %d %d %d %zu", x->read_only, x->boot, x->pagefile, x->hibernation, x->crashdump,
                   x->clustered, x->nvols);
        for (j = 0; j < x->nvols; j++)
            buf_printf(b, " %u", x->vols[j]);
        buf_putc(b, '\n');
        if (d->has_twin)
            buf_printf(b, "twin " MDL_DISK_FMT "\n", MDL_DISK_ARGS(d->twin));
    }
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *v = &s->vols[i];
        buf_printf(b, "volume %u %c", v->num, v->letter ? v->letter : '-');
        put_word(b, &mdl_fs_vocab, (int)v->fs);
        put_word(b, &mdl_vol_type_vocab, (int)v->type);
        put_size(b, v->size);
        put_word(b, &mdl_vol_status_vocab, (int)v->status);
        put_word(b, &mdl_vol_info_vocab, (int)v->info);
        buf_printf(b, " %d %u", v->where_known, v->non);
        for (j = 0; j < v->non && j < MDL_VOL_DISKS; j++)
            buf_printf(b, " " MDL_DISK_FMT, MDL_DISK_ARGS(v->on[j]));
        put_str(b, v->label);
        buf_putc(b, '\n');
    }
    buf_puts(b, "end\n");
}

enum st_status st_save(const char *path, const mdl_server *s, const char **why)
{
    buf b;
    enum st_status st = ST_OK;
    enum fio_status fs;
    buf_init(&b);
    st_write(&b, s);
    if (b.failed) {
        *why = "out of memory";
        st = ST_NOMEM;
    } else if ((fs = fio_write_atomic(path, b.data, b.len, why)) != FIO_OK) {
        st = fs == FIO_ERR_NOMEM ? ST_NOMEM : ST_IO;
    }
    buf_free(&b);
    return st;
}

/* ---- reading ---------------------------------------------------------- */

#define ST_MAX_FIELDS 64

typedef struct reader {
    diag_src src;
    diag_sink *d;
    size_t line_start;
    const char *f[ST_MAX_FIELDS];   /* the fields of the current line */
    size_t flen[ST_MAX_FIELDS];
    size_t nf, at;                  /* fields, next field to read */
    size_t detailed;                /* disks (counted from 1) whose detail line was read */
    bool bad;
} reader;

bool st_is_state(const char *data, size_t len)
{
    size_t n = strlen(ST_MAGIC);
    return len > n && memcmp(data, ST_MAGIC, n) == 0 && (data[n] == '\n' || data[n] == '\r');
}

static void bad(reader *r, const char *what)
{
    size_t off = r->line_start;
    if (r->bad)
        return;
    if (r->at > 0 && r->at <= r->nf)
        off = (size_t)(r->f[r->at - 1] - r->src.text);
    diag_error(r->d, &r->src, off, off + 1, E221, "state file: %s", what);
    r->bad = true;
}

static const char *field(reader *r, size_t *n)
{
    if (r->at >= r->nf) {
        r->at = r->nf + 1;
        bad(r, "a line with too few fields");
        *n = 0;
        return "";
    }
    *n = r->flen[r->at];
    return r->f[r->at++];
}

static uint64_t num(reader *r, uint64_t max)
{
    size_t n, i;
    const char *s = field(r, &n);
    uint64_t v = 0;
    if (n == 0 || n > 20)
        goto fail;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
            goto fail;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > max)
        goto fail;
    return v;
fail:
    bad(r, "a number out of range");
    return 0;
}

static bool flag(reader *r) { return num(r, 1) != 0; }

static mdl_size size(reader *r)
{
    mdl_size s;
    s.lo = num(r, UINT64_MAX - 1);
    s.hi = num(r, UINT64_MAX);
    if (s.hi <= s.lo) {
        bad(r, "an empty size interval");
        s.hi = s.lo + 1;
    }
    return s;
}

static int word(reader *r, const mdl_vocab *v)
{
    size_t n, i;
    const char *s = field(r, &n);
    char w[32];
    int value;
    if (n == 1 && s[0] == '_')
        n = 0;
    if (n >= sizeof w)
        goto fail;
    for (i = 0; i < n; i++)
        w[i] = s[i] == '_' ? ' ' : s[i];
    if ((value = mdl_lookup(v, LANG_EN, w, n)) >= 0)
        return value;
fail:
    bad(r, "an unknown word");
    return 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A string field; NULL for '-'.  *ok false on a failed allocation. */
static char *str(reader *r, bool *ok)
{
    size_t n, i, o = 0;
    const char *s = field(r, &n);
    char *out;
    if (n == 1 && s[0] == '-')
        return NULL;
    if (n == 0 || s[0] != '=') {
        bad(r, "a string that is neither '-' nor '=...'");
        return NULL;
    }
    if (!(out = util_alloc(n))) {
        *ok = false;
        return NULL;
    }
    for (i = 1; i < n; i++) {
        if (s[i] == '%') {
            int h, l;
            if (i + 2 >= n + 0 || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0 || (h == 0 && l == 0)) {
                bad(r, "a bad %XX escape");
                break;
            }
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

static bool is(reader *r, const char *kw)
{
    return r->nf > 0 && r->flen[0] == strlen(kw) && memcmp(r->f[0], kw, r->flen[0]) == 0;
}

static void split(reader *r, const char *p, size_t n)
{
    size_t i = 0;
    r->nf = 0;
    r->at = 1;
    while (i < n) {
        size_t j = i;
        while (j < n && p[j] != ' ')
            j++;
        if (r->nf == ST_MAX_FIELDS) {
            bad(r, "a line with too many fields");
            return;
        }
        r->f[r->nf] = p + i;
        r->flen[r->nf++] = j - i;
        i = j + 1;
    }
}

static void read_disk(reader *r, mdl_server *s, bool *ok)
{
    mdl_disk d;
    size_t n;
    const char *m;
    memset(&d, 0, sizeof d);
    d.num = (unsigned)num(r, LIM_NUMBER);
    m = field(r, &n);
    if (n != 1 || (m[0] != 'M' && m[0] != '-'))
        bad(r, "M or - expected");
    d.missing_id = m[0] == 'M';
    d.status = (enum mdl_disk_status)word(r, &mdl_disk_status_vocab);
    d.size = size(r);
    d.free = size(r);
    d.dyn = flag(r);
    d.gpt = flag(r);
    d.raw = flag(r);
    d.parts_known = flag(r);
    if (s->ndisks >= LIM_DISKS)
        bad(r, "too many disks");
    if (!r->bad && !mdl_add_disk(s, &d))
        *ok = false;
}

static void read_part(reader *r, mdl_server *s, bool *ok)
{
    mdl_partition p;
    memset(&p, 0, sizeof p);
    p.num = (unsigned)num(r, LIM_NUMBER);
    p.type = (enum mdl_part_type)word(r, &mdl_part_type_vocab);
    p.size = size(r);
    p.offset = size(r);
    p.vol_known = flag(r);
    p.has_vol = flag(r);
    p.vol = (unsigned)num(r, LIM_NUMBER);
    if (s->ndisks == 0)
        bad(r, "a partition before any disk");
    else if (s->disks[s->ndisks - 1].nparts >= LIM_PARTITIONS)
        bad(r, "too many partitions");
    if (!r->bad && !mdl_add_partition(&s->disks[s->ndisks - 1], &p))
        *ok = false;
}

static void read_detail(reader *r, mdl_server *s, bool *ok)
{
    mdl_disk_detail *x;
    size_t i, n;
    if (s->ndisks == 0) {
        bad(r, "a detail before any disk");
        return;
    }
    x = &s->disks[s->ndisks - 1].detail;
    if (r->detailed == s->ndisks) {
        /* whatever the first one held (a string field may be "="): the
         * second one must not overwrite it */
        bad(r, "a second detail for one disk");
        return;
    }
    r->detailed = s->ndisks;
    x->known = flag(r);
    x->model = str(r, ok);
    x->disk_id = str(r, ok);
    x->type = str(r, ok);
    x->location = str(r, ok);
    x->read_only = flag(r);
    x->boot = flag(r);
    x->pagefile = flag(r);
    x->hibernation = flag(r);
    x->crashdump = flag(r);
    x->clustered = flag(r);
    n = (size_t)num(r, LIM_VOLUMES);
    if (r->bad || n == 0)
        return;
    if (!(x->vols = util_calloc(n, sizeof *x->vols))) {
        *ok = false;
        return;
    }
    x->nvols = n;
    for (i = 0; i < n; i++)
        x->vols[i] = (unsigned)num(r, LIM_NUMBER);
}

/* A disk as a volume's list names it: NUM or MNUM. */
static mdl_disk_ref disk_ref(reader *r)
{
    mdl_disk_ref ref;
    size_t k, n;
    uint64_t x = 0;
    const char *f = field(r, &n);
    ref.missing_id = n > 0 && f[0] == 'M';
    k = ref.missing_id;
    if (k >= n)
        bad(r, "a disk number expected");
    for (; k < n; k++) {
        if (f[k] < '0' || f[k] > '9' || x > LIM_NUMBER) {
            bad(r, "a disk number expected");
            break;
        }
        x = x * 10 + (uint64_t)(f[k] - '0');
    }
    ref.num = (unsigned)x;
    return ref;
}

static void read_twin(reader *r, mdl_server *s)
{
    mdl_disk *d;
    if (s->ndisks == 0) {
        bad(r, "a twin before any disk");
        return;
    }
    d = &s->disks[s->ndisks - 1];
    if (d->has_twin) {
        bad(r, "a second twin for one disk");
        return;
    }
    d->twin = disk_ref(r);
    d->has_twin = !r->bad;
}

static void read_volume(reader *r, mdl_server *s, bool *ok)
{
    mdl_volume v;
    size_t n, i;
    const char *l;
    memset(&v, 0, sizeof v);
    v.num = (unsigned)num(r, LIM_NUMBER);
    l = field(r, &n);
    if (n != 1 || (l[0] != '-' && (l[0] < 'A' || l[0] > 'Z')))
        bad(r, "a drive letter A-Z or - expected");
    v.letter = l[0] == '-' ? 0 : l[0];
    v.fs = (enum mdl_fs)word(r, &mdl_fs_vocab);
    v.type = (enum mdl_vol_type)word(r, &mdl_vol_type_vocab);
    v.size = size(r);
    v.status = (enum mdl_vol_status)word(r, &mdl_vol_status_vocab);
    v.info = (enum mdl_vol_info)word(r, &mdl_vol_info_vocab);
    v.where_known = flag(r);
    v.non = (unsigned)num(r, MDL_VOL_DISKS);
    for (i = 0; i < v.non; i++)
        v.on[i] = disk_ref(r);
    v.label = str(r, ok);
    if (!v.label && !r->bad)
        bad(r, "a volume label ('=' for none) expected");
    if (s->nvols >= LIM_VOLUMES)
        bad(r, "too many volumes");
    if (!r->bad && *ok && !mdl_add_volume(s, &v))
        *ok = false;
    util_free(v.label);
}

enum st_status st_parse(const char *name, const char *data, size_t len, mdl_server *s, diag_sink *d)
{
    reader r;
    size_t pos = 0;
    bool ok = true, ended = false, first = true;
    if (!st_is_state(data, len))
        return ST_NOT_STATE;
    memset(&r, 0, sizeof r);
    r.src.name = name;
    r.src.text = data;
    r.src.len = len;
    r.d = d;
    while (pos < len && !r.bad && ok) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len, n = end - pos;
        r.line_start = pos;
        if (n && data[end - 1] == '\r')
            n--;
        if (memchr(data + pos, '\0', n)) {
            diag_error(d, &r.src, pos, pos + 1, E101, "state file: a NUL byte");
            r.bad = true;
            break;
        }
        if (ended) {
            r.at = 0;
            bad(&r, "text after the line 'end'");
            break;
        }
        split(&r, data + pos, n);
        pos = end + 1;
        if (first) {
            first = false;
            continue;
        }
        if (is(&r, "disk"))
            read_disk(&r, s, &ok);
        else if (is(&r, "part"))
            read_part(&r, s, &ok);
        else if (is(&r, "detail"))
            read_detail(&r, s, &ok);
        else if (is(&r, "volume"))
            read_volume(&r, s, &ok);
        else if (is(&r, "twin"))
            read_twin(&r, s);
        else if (is(&r, "end") && r.nf == 1)
            ended = true;
        else {
            r.at = 0;
            diag_error(d, &r.src, r.line_start, r.line_start + 1, E220,
                       "state file: a line that is no disk, part, detail, twin, volume or end record");
            r.bad = true;
        }
        if (!r.bad && r.at <= r.nf && r.at < r.nf && !ended)
            bad(&r, "a line with too many fields");
    }
    if (!ok) {
        diag_error(d, NULL, 0, 0, E010, "%s: out of memory", name);
        mdl_server_free(s);
        return ST_IO;
    }
    if (!r.bad && !ended) {
        diag_error(d, &r.src, len ? len - 1 : 0, len, E222, "state file: cut short (no line 'end')");
        r.bad = true;
    }
    if (r.bad) {
        mdl_server_free(s);
        return ST_BAD;
    }
    return ST_OK;
}

enum st_status st_load(const char *path, mdl_server *s, diag_sink *d)
{
    buf raw;
    const char *why = "";
    enum st_status st;
    buf_init(&raw);
    if (plat_read_file(path, LIM_LISTING_BYTES, &raw, &why) != PLAT_OK) {
        diag_error(d, NULL, 0, 0, raw.failed ? E010 : E001, "%s: cannot read: %s", path, why);
        buf_free(&raw);
        return ST_IO;
    }
    st = st_parse(path, buf_cstr(&raw), raw.len, s, d);
    buf_free(&raw);
    return st;
}
