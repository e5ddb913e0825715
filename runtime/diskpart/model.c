/* model.c - the server model: vocabularies, construction, sizes, equality. */
#include "diskpart/model.h"

#include <stdio.h>
#include <string.h>

#define MDL_WORDS(e, en, fr, de) {en, fr, de},
static const char *const disk_status_words[][LANG_COUNT] = {MDL_DISK_STATUS(MDL_WORDS)};
static const char *const vol_type_words[][LANG_COUNT] = {MDL_VOL_TYPE(MDL_WORDS)};
static const char *const vol_status_words[][LANG_COUNT] = {MDL_VOL_STATUS(MDL_WORDS)};
static const char *const vol_info_words[][LANG_COUNT] = {MDL_VOL_INFO(MDL_WORDS)};
static const char *const fs_words[][LANG_COUNT] = {MDL_FS(MDL_WORDS)};
static const char *const part_type_words[][LANG_COUNT] = {MDL_PART_TYPE(MDL_WORDS)};
#undef MDL_WORDS

const mdl_vocab mdl_disk_status_vocab = {"disk status", disk_status_words, DS_COUNT};
const mdl_vocab mdl_vol_type_vocab = {"volume type", vol_type_words, VT_COUNT};
const mdl_vocab mdl_vol_status_vocab = {"volume status", vol_status_words, VS_COUNT};
const mdl_vocab mdl_vol_info_vocab = {"volume info", vol_info_words, VI_COUNT};
const mdl_vocab mdl_fs_vocab = {"file system", fs_words, FS_COUNT};
const mdl_vocab mdl_part_type_vocab = {"partition type", part_type_words, PT_COUNT};

const char *mdl_word(const mdl_vocab *v, int value)
{
    if (value < 0 || value >= v->count)
        return "?";
    return v->words[value][LANG_EN];
}

const char *mdl_word_in(const mdl_vocab *v, int value, enum mdl_lang lang)
{
    if (value < 0 || value >= v->count)
        return NULL;
    return v->words[value][lang];
}

/* Second spellings (model.h); each seen in a real listing (runtime/diskpart/MODEL.md,
 * "Languages"). */
static const struct {
    const mdl_vocab *vocab;
    int value;
    enum mdl_lang lang;
    const char *word;
} aliases[] = {
    {&mdl_vol_info_vocab, VI_BOOT, LANG_FR, "D\xC3\xA9marrage"},
};

int mdl_lookup(const mdl_vocab *v, enum mdl_lang lang, const char *s, size_t n)
{
    int i;
    size_t k;
    for (i = 0; i < v->count; i++) {
        const char *w = v->words[i][lang];
        if (w && strlen(w) == n && memcmp(w, s, n) == 0)
            return i;
    }
    for (k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (aliases[k].vocab == v && aliases[k].lang == lang && strlen(aliases[k].word) == n &&
            memcmp(aliases[k].word, s, n) == 0)
            return aliases[k].value;
    return -1;
}

void mdl_server_init(mdl_server *s) { memset(s, 0, sizeof *s); }

static void free_detail(mdl_disk_detail *d)
{
    util_free(d->model);
    util_free(d->disk_id);
    util_free(d->type);
    util_free(d->location);
    util_free(d->vols);
}

static void free_inv(mdl_disk_inv *v)
{
    util_free(v->serial);
    util_free(v->bus);
    util_free(v->name);
}

static void free_disk(mdl_disk *d)
{
    util_free(d->parts);
    free_inv(&d->inv);
    free_detail(&d->detail);
    util_free(d->row);
}

static void free_volume(mdl_volume *v)
{
    util_free(v->label);
    util_free(v->row);
}

void mdl_remove_disk(mdl_server *s, size_t i)
{
    free_disk(&s->disks[i]);
    memmove(&s->disks[i], &s->disks[i + 1], (s->ndisks - i - 1) * sizeof *s->disks);
    s->ndisks--;
}

void mdl_remove_volume(mdl_server *s, size_t i)
{
    free_volume(&s->vols[i]);
    memmove(&s->vols[i], &s->vols[i + 1], (s->nvols - i - 1) * sizeof *s->vols);
    s->nvols--;
}

void mdl_server_free(mdl_server *s)
{
    size_t i;
    for (i = 0; i < s->ndisks; i++)
        free_disk(&s->disks[i]);
    for (i = 0; i < s->nvols; i++)
        free_volume(&s->vols[i]);
    util_free(s->disks);
    util_free(s->vols);
    mdl_server_init(s);
}

static bool dup_str(char **dst, const char *src)
{
    if (!src) {
        *dst = NULL;
        return true;
    }
    *dst = util_strndup(src, strlen(src));
    return *dst != NULL;
}

mdl_disk *mdl_add_disk(mdl_server *s, const mdl_disk *d)
{
    mdl_disk *n;
    size_t bytes;
    if (!util_grow((void **)&s->disks, &s->capdisks, s->ndisks + 1, sizeof *s->disks))
        return NULL;
    n = &s->disks[s->ndisks];
    *n = *d;
    n->parts = NULL;
    n->capparts = 0;
    n->nparts = 0;
    memset(&n->detail, 0, sizeof n->detail);
    n->detail.known = d->detail.known;
    n->detail.read_only = d->detail.read_only;
    n->detail.boot = d->detail.boot;
    n->detail.pagefile = d->detail.pagefile;
    n->detail.hibernation = d->detail.hibernation;
    n->detail.crashdump = d->detail.crashdump;
    n->detail.clustered = d->detail.clustered;
    n->row = NULL;
    n->inv.serial = n->inv.bus = n->inv.name = NULL;
    if (!dup_str(&n->row, d->row) || !dup_str(&n->inv.serial, d->inv.serial) ||
        !dup_str(&n->inv.bus, d->inv.bus) || !dup_str(&n->inv.name, d->inv.name) ||
        !dup_str(&n->detail.model, d->detail.model) || !dup_str(&n->detail.disk_id, d->detail.disk_id) ||
        !dup_str(&n->detail.type, d->detail.type) || !dup_str(&n->detail.location, d->detail.location))
        goto fail;
    if (d->detail.nvols) {
        if (!util_mul(d->detail.nvols, sizeof *d->detail.vols, &bytes) ||
            !(n->detail.vols = util_alloc(bytes)))
            goto fail;
        memcpy(n->detail.vols, d->detail.vols, bytes);
        n->detail.nvols = d->detail.nvols;
    }
    if (d->nparts) {
        if (!util_grow((void **)&n->parts, &n->capparts, d->nparts, sizeof *n->parts))
            goto fail;
        memcpy(n->parts, d->parts, d->nparts * sizeof *n->parts);
        n->nparts = d->nparts;
    }
    s->ndisks++;
    return n;
fail:
    util_free(n->parts);
    util_free(n->row);
    free_inv(&n->inv);
    free_detail(&n->detail);
    return NULL;
}

mdl_volume *mdl_add_volume(mdl_server *s, const mdl_volume *v)
{
    mdl_volume *n;
    if (!util_grow((void **)&s->vols, &s->capvols, s->nvols + 1, sizeof *s->vols))
        return NULL;
    n = &s->vols[s->nvols];
    *n = *v;
    if (!dup_str(&n->label, v->label ? v->label : ""))
        return NULL;
    if (!dup_str(&n->row, v->row)) {
        util_free(n->label);
        return NULL;
    }
    s->nvols++;
    return n;
}

mdl_partition *mdl_add_partition(mdl_disk *d, const mdl_partition *p)
{
    if (!util_grow((void **)&d->parts, &d->capparts, d->nparts + 1, sizeof *d->parts))
        return NULL;
    d->parts[d->nparts] = *p;
    return &d->parts[d->nparts++];
}

bool mdl_server_copy(mdl_server *dst, const mdl_server *src)
{
    size_t i;
    for (i = 0; i < src->ndisks; i++)
        if (!mdl_add_disk(dst, &src->disks[i]))
            goto fail;
    for (i = 0; i < src->nvols; i++)
        if (!mdl_add_volume(dst, &src->vols[i]))
            goto fail;
    return true;
fail:
    mdl_server_free(dst);
    return false;
}

mdl_disk *mdl_find_disk(const mdl_server *s, unsigned num, bool missing_id)
{
    size_t i;
    for (i = 0; i < s->ndisks; i++)
        if (s->disks[i].num == num && s->disks[i].missing_id == missing_id)
            return &s->disks[i];
    return NULL;
}

mdl_volume *mdl_find_volume(const mdl_server *s, unsigned num)
{
    size_t i, lo = 0, hi = s->nvols, mid;
    /* Fast path: volumes are listed in number order and the simulator keeps
     * them so unless it adds a volume under a lower free number, and the
     * numbers are unique (the listing reader refuses a volume listed twice,
     * the simulator takes a free number; only a state file edited by hand
     * could repeat one).  So bisect first, as if they were sorted; a hit is
     * the volume.  A miss may be the order's fault: then search them all. */
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (s->vols[mid].num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->nvols && s->vols[lo].num == num)
        return &s->vols[lo];
    for (i = 0; i < s->nvols; i++)
        if (s->vols[i].num == num)
            return &s->vols[i];
    return NULL;
}

mdl_size mdl_exact(uint64_t bytes)
{
    mdl_size s;
    s.lo = bytes;
    s.hi = bytes + 1;
    return s;
}

bool mdl_displayed(uint64_t value, uint64_t unit, mdl_size *out)
{
    uint64_t lo, hi;
    if (!util_mul64(value, unit, &lo) || !util_add64(lo, unit, &hi))
        return false;
    out->lo = lo;
    out->hi = hi;
    return true;
}

bool mdl_size_eq(mdl_size a, mdl_size b) { return a.lo == b.lo && a.hi == b.hi; }

static const char *const unit_names[] = {"B", "KB", "MB", "GB", "TB"};

int mdl_size_unit(mdl_size sz, uint64_t *value)
{
    uint64_t span = sz.hi - sz.lo, unit = 1, v = sz.lo;
    int k = 0;
    /* A displayed size keeps the unit it was displayed in; an exact one
     * takes the largest unit of which it holds at least 8 (docs/DISKPART.md 3.4). */
    if (span > 1 && (span & (span - 1)) == 0 && sz.lo % span == 0) {
        while (unit < span && k < 4) {
            unit *= 1024;
            k++;
        }
    } else {
        /* A computed interval (the simulator's arithmetic on displayed
         * sizes) shows the display of its middle: the most likely one. */
        v = sz.lo + (span - 1) / 2;
        while (k < 4 && v >= 8 * unit * 1024) {
            unit *= 1024;
            k++;
        }
    }
    *value = v / unit;
    return k;
}

void mdl_format_size(buf *b, mdl_size sz)
{
    uint64_t v;
    int k = mdl_size_unit(sz, &v);
    /* "N U" right-aligned in 7 columns: " 447 GB", "   0 B" is "    0 B" in
     * the guide's listings (docs/DISKPART.md 3.4: "%4u %-2s", which the seed's
     * "0 B" rows contradict) */
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%llu %s", (unsigned long long)v, unit_names[k]);
    if (n > 0 && n < 7)
        buf_pad(b, ' ', (size_t)(7 - n));
    buf_puts(b, tmp);
}

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool mdl_server_eq(const mdl_server *a, const mdl_server *b, buf *why)
{
    size_t i, j;
    if (a->ndisks != b->ndisks) {
        buf_printf(why, "%zu disks against %zu", a->ndisks, b->ndisks);
        return false;
    }
    if (a->nvols != b->nvols) {
        buf_printf(why, "%zu volumes against %zu", a->nvols, b->nvols);
        return false;
    }
    for (i = 0; i < a->ndisks; i++) {
        const mdl_disk *x = &a->disks[i], *y = &b->disks[i];
        if (x->num != y->num || x->missing_id != y->missing_id || x->status != y->status ||
            !mdl_size_eq(x->size, y->size) || !mdl_size_eq(x->free, y->free) || x->dyn != y->dyn ||
            x->gpt != y->gpt || x->raw != y->raw || x->parts_known != y->parts_known ||
            x->has_twin != y->has_twin ||
            (x->has_twin && (x->twin.num != y->twin.num || x->twin.missing_id != y->twin.missing_id)) ||
            x->nparts != y->nparts) {
            buf_printf(why, "disk " MDL_DISK_FMT " differs", MDL_DISK_ARGS(*x));
            return false;
        }
        for (j = 0; j < x->nparts; j++) {
            const mdl_partition *p = &x->parts[j], *q = &y->parts[j];
            if (p->num != q->num || p->type != q->type || !mdl_size_eq(p->size, q->size) ||
                !mdl_size_eq(p->offset, q->offset) || p->vol_known != q->vol_known ||
                (p->vol_known && (p->has_vol != q->has_vol || (p->has_vol && p->vol != q->vol)))) {
                buf_printf(why, "disk %u partition %u differs", x->num, p->num);
                return false;
            }
        }
        if (x->detail.known != y->detail.known || !str_eq(x->detail.disk_id, y->detail.disk_id) ||
            !str_eq(x->detail.model, y->detail.model) || !str_eq(x->detail.location, y->detail.location) ||
            !str_eq(x->detail.type, y->detail.type) || x->detail.boot != y->detail.boot ||
            x->detail.pagefile != y->detail.pagefile || x->detail.crashdump != y->detail.crashdump ||
            x->detail.hibernation != y->detail.hibernation || x->detail.clustered != y->detail.clustered ||
            x->detail.read_only != y->detail.read_only || x->detail.nvols != y->detail.nvols ||
            (x->detail.nvols && memcmp(x->detail.vols, y->detail.vols, x->detail.nvols * sizeof *x->detail.vols))) {
            buf_printf(why, "disk %u detail differs", x->num);
            return false;
        }
    }
    for (i = 0; i < a->nvols; i++) {
        const mdl_volume *x = &a->vols[i], *y = &b->vols[i];
        if (x->num != y->num || x->letter != y->letter || !str_eq(x->label, y->label) || x->fs != y->fs ||
            x->type != y->type || !mdl_size_eq(x->size, y->size) || x->status != y->status ||
            x->info != y->info || x->where_known != y->where_known || x->non != y->non) {
            buf_printf(why, "volume %u differs", x->num);
            return false;
        }
        for (j = 0; j < x->non && j < MDL_VOL_DISKS; j++)
            if (x->on[j].num != y->on[j].num || x->on[j].missing_id != y->on[j].missing_id) {
                buf_printf(why, "volume %u lives on other disks", x->num);
                return false;
            }
    }
    return true;
}

bool mdl_bus_removable(const char *bus)
{
    static const char *const removable[] = {"USB", "1394", "SD", "MMC"};
    size_t i;
    for (i = 0; bus && i < sizeof removable / sizeof removable[0]; i++)
        if (util_ieq(bus, removable[i]))
            return true;
    return false;
}

void mdl_serial_ascii(buf *b, const mdl_disk *d)
{
    const char *p = d->inv.serial ? d->inv.serial : "";
    if (!*p)
        buf_puts(b, "(none)");
    for (; *p; p++)
        buf_putc(b, (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                            *p == '-' || *p == '_' || *p == '.' ? *p : '?');
}
