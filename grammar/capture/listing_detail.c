/* listing_detail.c - the fields of `detail disk`, `detail volume`,
 * `detail partition` and `attributes` (listing_int.h), and their names in
 * the languages the reader knows or in the operator's words (--words).
 */
#include "capture/listing_int.h"

#include <string.h>

/* ---- field names: in English, built in, or the operator's (--words) ---- */

/* The `detail disk` fields the reader knows, in English. */
static const char *const detail_fields[] = {
    "Disk ID", "Type", "Status", "Path", "Target", "LUN ID", "Location Path",
    "Current Read-only State", "Read-only", "Boot Disk", "Pagefile Disk",
    "Hibernation File Disk", "Crashdump Disk", "Clustered Disk",
};

/* The `detail volume` fields (after its disk table), in English: read and
 * not used. */
static const char *const vdetail_fields[] = {
    "Read-only", "Hidden", "No Default Drive Letter", "Shadow Copy", "Offline",
    "BitLocker Encrypted", "Installable", "Volume Capacity", "Volume Free Space",
};

/* The length of a field's name: up to its colon, without the blanks
 * before it. */
size_t lst_key_len(const char *line, const char *colon)
{
    size_t k = (size_t)(colon - line);
    while (k > 0 && line[k - 1] == ' ')
        k--;
    return k;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Is s[0..n) one of the names list[0..count)? */
static bool named_in(const char *const *list, size_t count, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return true;
    return false;
}

bool lst_is_vfield(const char *s, size_t n) { return named_in(vdetail_fields, COUNT(vdetail_fields), s, n); }

bool lst_is_field(const char *s, size_t n) { return named_in(detail_fields, COUNT(detail_fields), s, n); }

/* `detail disk` field names and Yes/No in other languages, each seen in a
 * real listing (runtime/diskpart/MODEL.md, "Languages": French T16; German Ja/Nein
 * in `detail partition`, T2). */
static const struct {
    const char *local, *english;
} builtin_words[] = {
    {"ID du disque", "Disk ID"},
    {"\xC3\x89tat", "Status"},
    {"Chemin", "Path"},
    {"Cible", "Target"},
    {"ID LUN", "LUN ID"},
    {"Chemin d\xE2\x80\x99" "acc\xC3\xA8s de l\xE2\x80\x99" "emplacement", "Location Path"},
    {"\xC3\x89tat en lecture seule actuel", "Current Read-only State"},
    {"Lecture seule", "Read-only"},
    {"Disque de d\xC3\xA9marrage", "Boot Disk"},
    {"Disque de fichiers d\xE2\x80\x99\xC3\xA9" "change", "Pagefile Disk"},
    {"Disque de fichiers de mise en veille prolong\xC3\xA9" "e", "Hibernation File Disk"},
    {"Disque de fichiers de vidage sur incident", "Crashdump Disk"},
    {"Disque en cluster", "Clustered Disk"},
    {"Oui", "Yes"},
    {"Non", "No"},
    {"Ja", "Yes"},
    {"Nein", "No"},
};

const char *lst_builtin_word(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof builtin_words / sizeof builtin_words[0]; i++)
        if (strlen(builtin_words[i].local) == n && memcmp(builtin_words[i].local, s, n) == 0)
            return builtin_words[i].english;
    return NULL;
}

/* The English word the operator gave for s[0..n), or NULL. */
const char *lst_supplied(const lst_words *w, const char *s, size_t n) { return lst_words_find(w, s, n); }

/* The English of a field name or Yes/No: built in, or given by the operator. */
const char *lst_translated(const lst_words *w, const char *s, size_t n)
{
    const char *en = lst_builtin_word(s, n);
    return en ? en : lst_supplied(w, s, n);
}

/* ---- the fields ---- */

static bool yes_no(reader *r, const char *v, size_t n, size_t off, bool *out)
{
    const char *en = lst_translated(r->words, v, n);
    if (en && strchr(en, ' ') == NULL) {
        v = en;
        n = strlen(en);
    }
    if (n == 3 && memcmp(v, "Yes", 3) == 0)
        *out = true;
    else if (n == 2 && memcmp(v, "No", 2) == 0)
        *out = false;
    else {
        lst_err(r, off, n, E202, "expected 'Yes' or 'No'%s", lst_words_hint);
        return false;
    }
    return true;
}

static bool set_str(reader *r, char **dst, const char *v, size_t n, size_t off)
{
    util_free(*dst);
    if (!(*dst = util_strndup(v, n))) {
        lst_err(r, off, 0, E010, "out of memory");
        return false;
    }
    return true;
}

static void field(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len);
    size_t klen = lst_key_len(line, colon), voff, vlen;
    mdl_disk_detail *x;
    const char *key = line, *en;
    voff = (size_t)(colon - line) + 1;
    while (voff < len && line[voff] == ' ')
        voff++;
    vlen = len - voff;
    /* a field name the operator gave (--words) stands for its English name */
    if (!lst_is_field(line, klen) && (en = lst_translated(r->words, line, klen)) != NULL && lst_is_field(en, strlen(en))) {
        key = en;
        klen = strlen(en);
    }
#define KEY(s) (klen == sizeof(s) - 1 && memcmp(key, s, klen) == 0)
    if (KEY("Disk ID")) {
        if (r->sel < 0) {
            lst_err(r, off, len, E208,
                "disk details with no disk selected before them (expected a line 'Disk N is now "
                "the selected disk.')");
            r->pending = false;
            return;
        }
        x = &lst_sel_disk(r)->detail;
        x->known = true;
        lst_sel_entry(r)->detail_off = off;
        r->in_detail = true;
        if (r->pending) {
            set_str(r, &x->model, r->src->text + r->pending_off, r->pending_len, off);
            r->pending = false;
        } else if (!x->model) {
            set_str(r, &x->model, "", 0, off);
        }
        set_str(r, &x->disk_id, line + voff, vlen, off);
        return;
    }
    if (!r->in_detail) {
        if (!lst_quiet_now(r, off))
            lst_err(r, off, klen, E201, "'%.*s:' outside the output of 'detail disk'", (int)klen, key);
        return;
    }
    x = &lst_sel_disk(r)->detail;
    if (KEY("Type"))
        set_str(r, &x->type, line + voff, vlen, off);
    else if (KEY("Location Path"))
        set_str(r, &x->location, line + voff, vlen, off);
    else if (KEY("Current Read-only State") || KEY("Read-only"))
        yes_no(r, line + voff, vlen, off + voff, &x->read_only);
    else if (KEY("Boot Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->boot);
    else if (KEY("Pagefile Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->pagefile);
    else if (KEY("Hibernation File Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->hibernation);
    else if (KEY("Crashdump Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->crashdump);
    else if (KEY("Clustered Disk"))
        yes_no(r, line + voff, vlen, off + voff, &x->clustered);
    else if (KEY("Status") || KEY("Path") || KEY("Target") || KEY("LUN ID"))
        ; /* shown elsewhere, or not used */
    else
        lst_err(r, off, klen, E202,
            "unknown 'detail disk' field '%.*s' (known: Disk ID, Type, Status, Path, Target, "
            "LUN ID, Location Path, Current Read-only State, Read-only, Boot Disk, Pagefile Disk, "
            "Hibernation File Disk, Crashdump Disk, Clustered Disk)%s",
            (int)klen, key, lst_words_hint);
#undef KEY
}

/* A field of `detail volume`: the names are checked, the values not used
 * (which disks the volume lives on is its table's). */
static void vfield(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen = lst_key_len(line, colon);
    (void)len;
    if (lst_is_vfield(line, klen))
        return;
    if ((en = lst_translated(r->words, line, klen)) != NULL && lst_is_vfield(en, strlen(en)))
        return;
    lst_err(r, off, klen, E202,
        "unknown 'detail volume' field '%.*s' (known: Read-only, Hidden, No Default Drive Letter, "
        "Shadow Copy, Offline, BitLocker Encrypted, Installable, Volume Capacity, Volume Free Space)%s",
        (int)klen, line, lst_words_hint);
}

/* The fields of `detail partition`, English and German (corpus 03 04 06 07
 * 08 44): read and not used. */
static const char *const dpart_fields[] = {
    "Type", "Hidden", "Active", "Required", "Attrib", "Offset in Bytes",
    "Typ", "Versteckt", "Aktiv", "Offset in Byte",
};

static void dpart_field(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen = lst_key_len(line, colon);
    en = lst_supplied(r->words, line, klen);
    if (named_in(dpart_fields, COUNT(dpart_fields), line, klen) ||
        (en && named_in(dpart_fields, COUNT(dpart_fields), en, strlen(en))))
        return;
    lst_err(r, off, klen, E202,
        "unknown 'detail partition' field '%.*s' (known: Type, Hidden, Active, Required, Attrib, "
        "Offset in Bytes)%s", (int)klen, line, lst_words_hint);
}

/* The output of `attributes disk` or `attributes volume`: fields named as
 * in `detail disk` and `detail volume` (corpus 41); read and not used. */
static void attr_field(reader *r, const char *line, size_t len, size_t off)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen = lst_key_len(line, colon);
    en = lst_translated(r->words, line, klen);
    if (lst_is_field(line, klen) || lst_is_vfield(line, klen) ||
        (en && (lst_is_field(en, strlen(en)) || lst_is_vfield(en, strlen(en)))))
        return;
    lst_err(r, off, klen, E202, "unknown attribute '%.*s' (known: the fields of 'detail disk' and "
        "'detail volume')%s", (int)klen, line, lst_words_hint);
}

/* Is this line a field of `detail volume` (the held disk table is then its)? */
bool lst_is_vfield_line(const reader *r, const char *line, size_t len)
{
    const char *colon = memchr(line, ':', len), *en;
    size_t klen;
    if (!colon)
        return false;
    klen = lst_key_len(line, colon);
    if (lst_is_vfield(line, klen))
        return true;
    return (en = lst_translated(r->words, line, klen)) != NULL && lst_is_vfield(en, strlen(en));
}

/* A line `name: value`: whose field it is depends on what came before. */
void lst_any_field(reader *r, const char *line, size_t len, size_t off)
{
    if (r->vd_fields)
        vfield(r, line, len, off);
    else if (r->in_dpart)
        dpart_field(r, line, len, off);
    else if (r->in_attr)
        attr_field(r, line, len, off);
    else
        field(r, line, len, off);
}
