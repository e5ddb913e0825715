/* print.c - DiskPart tables and the JSON form of the model.
 *
 * Checked against the corpus of real transcripts (tests/corpus, by
 * tests/scripts/dpmsg_verified.sh):
 *  - the headers and dashes of `list disk`, `list volume` and `list
 *    partition`: every English transcript that shows them (05 06 07 09 29 30);
 *  - the rows of `list disk` and `list volume`: corpus 02 (Server 2012 R2)
 *    is printed back row for row; `list partition` rows and the rest against
 *    the OVHcloud guide (corpus 29 30) by tests/scripts/sim_seed_tables.sh;
 *  - "There are no partitions on this disk to show.": corpus 43 44;
 *  - the field labels of `detail disk` and the blank line before its volume
 *    table: corpus 32 (Server 2008 R2). Real `detail disk` also prints
 *    `Path   : 0`, `Target : 1` and `LUN ID : 0` between Status and Location
 *    Path (corpus 32); the model does not keep them, so they are not printed;
 *  - "There are no volumes." (a `detail disk` with no volume): no transcript
 *    shows it (unverified).
 */
#include "diskpart/print.h"

#include <stdio.h>
#include <string.h>

#include "base/json.h"

/* Number of characters (UTF-8 code points) in s[0..n). */
static size_t nchars(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Append s cut to width characters, padded with spaces to width. */
static void cell(buf *b, const char *s, size_t width)
{
    size_t n = strlen(s), i = 0, c = 0;
    while (i < n && c < width) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    buf_put(b, s, i);
    buf_pad(b, ' ', width - nchars(s, i));
}

/* A row of a table ends without the blanks of its last cells. */
static void trim_row(buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

static void end_row(buf *b)
{
    trim_row(b);
    buf_putc(b, '\n');
}

/* What DiskPart prints in each language around the model's words.  French
 * and German forms as the fixtures in tests/fixtures/listings show them
 * (docs/DISKPART.md, "Languages"); a word the model does not know in a
 * language (NULL in model.h, a message) comes from the locale's local(). */
enum { F_DISK_ID, F_TYPE, F_STATUS, F_LOCATION, F_RO_STATE, F_RO, F_BOOT, F_PAGEFILE, F_HIBERNATION,
       F_CRASHDUMP, F_CLUSTERED, F_COUNT };

static const struct {
    const char *name, *sep;
} field_en[F_COUNT] = {
    {"Disk ID", ": "}, {"Type", "   : "}, {"Status", " : "}, {"Location Path", " : "},
    {"Current Read-only State", " : "}, {"Read-only", "  : "}, {"Boot Disk", "  : "},
    {"Pagefile Disk", "  : "}, {"Hibernation File Disk", "  : "}, {"Crashdump Disk", "  : "},
    {"Clustered Disk", "  : "},
};

typedef struct lang_text {
    const char *disk_header, *disk_dashes, *disk_word;
    size_t disk_width;                  /* the name's cell in a `list disk` row */
    const char *vol_header, *vol_dashes, *part_header, *part_dashes;
    const char *sel_before, *sel_after; /* around the number in "Disk 1 is now the selected disk." */
    const char *yes, *no;
    const char *disk_units[5];          /* `list disk`: NULL, English's mdl_format_size */
    const char *table_units[5];         /* `list volume`, `list partition`: NULL likewise */
    const char *fields[F_COUNT];        /* whole `detail disk` labels; NULL: local() + English spacing */
} lang_text;

static const lang_text texts[LANG_COUNT] = {
    [LANG_EN] = {"  Disk ###  Status         Size     Free     Dyn  Gpt",
                 "  --------  -------------  -------  -------  ---  ---", "Disk", 8,
                 "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info",
                 "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
                 "  Partition ###  Type              Size     Offset",
                 "  -------------  ----------------  -------  -------",
                 "Disk ", " is now the selected disk.", "Yes", "No", {NULL}, {NULL},
                 {"Disk ID: ", "Type   : ", "Status : ", "Location Path : ", "Current Read-only State : ",
                  "Read-only  : ", "Boot Disk  : ", "Pagefile Disk  : ", "Hibernation File Disk  : ",
                  "Crashdump Disk  : ", "Clustered Disk  : "}},
    [LANG_FR] = {"  N\xC2\xB0 disque  Statut         Taille   Libre    Dyn  GPT",
                 "  ---------  -------------  -------  -------  ---  ---", "Disque", 10,
                 "  N\xC2\xB0 volume   Ltr  Nom          Fs     Type        Taille   Statut     Info",
                 "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
                 "  N\xC2\xB0 partition   Type              Taille   D\xC3\xA9" "calage",
                 "  -------------  ----------------  -------  --------",
                 "Le disque ", " est maintenant le disque s\xC3\xA9lectionn\xC3\xA9.", "Oui", "Non",
                 {"octets", "K octets", "M octets", "G octets", "T octets"},
                 {"o", "K", "M", "G", "T"},
                 {"ID du disque : ", "Type : ", "\xC3\x89tat : ",
                  "Chemin d\xE2\x80\x99" "acc\xC3\xA8s de l\xE2\x80\x99" "emplacement : ",
                  "\xC3\x89tat en lecture seule actuel : ", "Lecture seule : ",
                  "Disque de d\xC3\xA9marrage : ", "Disque de fichiers d\xE2\x80\x99\xC3\xA9" "change : ",
                  "Disque de fichiers de mise en veille prolong\xC3\xA9" "e : ",
                  "Disque de fichiers de vidage sur incident : ", "Disque en cluster  : "}},
    [LANG_DE] = {"  Datentr\xC3\xA4ger ###  Status         Gr\xC3\xB6\xC3\x9F" "e    Frei     Dyn  GPT",
                 "  ---------------  -------------  -------  -------  ---  ---", "Datentr\xC3\xA4ger", 15,
                 "  Volume ###  Bst  Bezeichnung  DS     Typ         Gr\xC3\xB6\xC3\x9F" "e    Status     Info",
                 "  ----------  ---  -----------  -----  ----------  -------  ---------  --------",
                 "  Partition ###  Typ               Gr\xC3\xB6\xC3\x9F" "e    Offset",
                 "  -------------  ----------------  -------  -------",
                 "Datentr\xC3\xA4ger ", " ist jetzt der gew\xC3\xA4hlte Datentr\xC3\xA4ger.", "Ja", "Nein",
                 {NULL}, {NULL}, {NULL}},
};

static const prt_locale english = {LANG_EN, NULL, NULL};

/* A word in loc's language: the model's, else local(), else English. */
static const char *local_word(const prt_locale *loc, const char *english_word)
{
    const char *w = loc->local ? loc->local(loc->ctx, english_word) : NULL;
    return w ? w : english_word;
}

static const char *vocab_word(const prt_locale *loc, const mdl_vocab *v, int value)
{
    const char *w = mdl_word_in(v, value, loc->lang);
    return w ? w : local_word(loc, mdl_word(v, value));
}

/* A size in a `list disk` row (disk) or another table. */
static void size_cell_in(buf *b, const prt_locale *loc, mdl_size sz, bool disk)
{
    const char *const *units = disk ? texts[loc->lang].disk_units : texts[loc->lang].table_units;
    uint64_t v;
    int k;
    if (!units[0]) {
        mdl_format_size(b, sz);
        return;
    }
    k = mdl_size_unit(sz, &v);
    buf_printf(b, disk ? "%4llu %s" : "%4llu %-2s", (unsigned long long)v, units[k]);
}


/* "Disk 0", "Disk M0" into a caller's array: no allocation that could fail
 * and leave a row shorter than DiskPart prints it. */
static const char *disk_name_in(char *s, size_t n, const mdl_disk *d, const prt_locale *loc)
{
    snprintf(s, n, "%s " MDL_DISK_FMT, texts[loc->lang].disk_word, MDL_DISK_ARGS(*d));
    return s;
}

static const char *disk_name(char *s, size_t n, const mdl_disk *d) { return disk_name_in(s, n, d, &english); }

void prt_disk_name(buf *b, const mdl_disk *d)
{
    char name[32];
    buf_puts(b, disk_name(name, sizeof name, d));
}

static void disk_row(buf *b, const mdl_disk *d, const prt_locale *loc)
{
    char name[48];
    cell(b, disk_name_in(name, sizeof name, d, loc), texts[loc->lang].disk_width);
    buf_puts(b, "  ");
    cell(b, vocab_word(loc, &mdl_disk_status_vocab, (int)d->status), 13);
    buf_puts(b, "  ");
    size_cell_in(b, loc, d->size, true);
    buf_puts(b, "  ");
    size_cell_in(b, loc, d->free, true);
    buf_puts(b, d->dyn ? "   * " : "     ");
    buf_puts(b, d->gpt ? "   *" : "");
    trim_row(b);
}

void prt_disk_row(buf *b, const mdl_disk *d) { disk_row(b, d, &english); }

static void list_disk(buf *b, const mdl_server *s, long focus, const prt_locale *loc)
{
    size_t i;
    buf_printf(b, "\n%s\n%s\n", texts[loc->lang].disk_header, texts[loc->lang].disk_dashes);
    for (i = 0; i < s->ndisks; i++) {
        buf_puts(b, (long)i == focus ? "* " : "  ");
        disk_row(b, &s->disks[i], loc);
        end_row(b);
    }
    buf_putc(b, '\n');
}

void prt_list_disk(buf *b, const mdl_server *s, long focus) { list_disk(b, s, focus, &english); }

static void volume_row(buf *b, const mdl_volume *v, const prt_locale *loc)
{
    char num[32];
    snprintf(num, sizeof num, "Volume %u", v->num);
    cell(b, num, 10);
    buf_puts(b, "   ");
    buf_putc(b, v->letter ? v->letter : ' ');
    buf_puts(b, "   ");
    cell(b, v->label ? v->label : "", 11);
    buf_puts(b, "  ");
    cell(b, vocab_word(loc, &mdl_fs_vocab, (int)v->fs), 5);
    buf_puts(b, "  ");
    cell(b, vocab_word(loc, &mdl_vol_type_vocab, (int)v->type), 10);
    buf_puts(b, "  ");
    size_cell_in(b, loc, v->size, false);
    buf_puts(b, "  ");
    cell(b, vocab_word(loc, &mdl_vol_status_vocab, (int)v->status), 9);
    buf_puts(b, "  ");
    cell(b, vocab_word(loc, &mdl_vol_info_vocab, (int)v->info), 8);
    trim_row(b);
}

void prt_volume_row(buf *b, const mdl_volume *v) { volume_row(b, v, &english); }

static void volume_table(buf *b, const mdl_server *s, const unsigned *only, size_t nonly, long focus,
                         const prt_locale *loc)
{
    size_t i, j;
    buf_printf(b, "\n%s\n%s\n", texts[loc->lang].vol_header, texts[loc->lang].vol_dashes);
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *v = &s->vols[i];
        if (only) {
            for (j = 0; j < nonly && only[j] != v->num; j++)
                ;
            if (j == nonly)
                continue;
        }
        buf_puts(b, (long)i == focus ? "* " : "  ");
        volume_row(b, v, loc);
        end_row(b);
    }
    buf_putc(b, '\n');
}

void prt_list_volume(buf *b, const mdl_server *s, long focus) { volume_table(b, s, NULL, 0, focus, &english); }

static void list_partition(buf *b, const mdl_disk *d, long focus, const prt_locale *loc)
{
    size_t i;
    if (d->nparts == 0) {
        buf_printf(b, "\n%s\n\n", local_word(loc, "There are no partitions on this disk to show."));
        return;
    }
    buf_printf(b, "\n%s\n%s\n", texts[loc->lang].part_header, texts[loc->lang].part_dashes);
    for (i = 0; i < d->nparts; i++) {
        const mdl_partition *p = &d->parts[i];
        char num[32];
        buf_puts(b, (long)i == focus ? "* " : "  ");
        snprintf(num, sizeof num, "Partition %u", p->num);
        cell(b, num, 13);
        buf_puts(b, "  ");
        cell(b, vocab_word(loc, &mdl_part_type_vocab, (int)p->type), 16);
        buf_puts(b, "  ");
        size_cell_in(b, loc, p->size, false);
        buf_puts(b, "  ");
        size_cell_in(b, loc, p->offset, false);
        end_row(b);
    }
    buf_putc(b, '\n');
}

void prt_list_partition(buf *b, const mdl_disk *d, long focus) { list_partition(b, d, focus, &english); }

/* One `detail disk` line: its label in loc's language, then value. */
static void field(buf *b, const prt_locale *loc, int f, const char *value)
{
    const lang_text *t = &texts[loc->lang];
    if (t->fields[f])
        buf_puts(b, t->fields[f]);
    else
        buf_printf(b, "%s%s", local_word(loc, field_en[f].name), field_en[f].sep);
    buf_printf(b, "%s\n", value);
}

static void detail_disk(buf *b, const mdl_server *s, const mdl_disk *d, const prt_locale *loc)
{
    const mdl_disk_detail *x = &d->detail;
    const lang_text *t = &texts[loc->lang];
    buf_printf(b, "\n%s\n", x->model ? x->model : "");
    field(b, loc, F_DISK_ID, x->disk_id ? x->disk_id : "");
    field(b, loc, F_TYPE, x->type ? x->type : "");
    field(b, loc, F_STATUS, vocab_word(loc, &mdl_disk_status_vocab, (int)d->status));
    field(b, loc, F_LOCATION, x->location ? x->location : "");
    field(b, loc, F_RO_STATE, x->read_only ? t->yes : t->no);
    field(b, loc, F_RO, x->read_only ? t->yes : t->no);
    field(b, loc, F_BOOT, x->boot ? t->yes : t->no);
    field(b, loc, F_PAGEFILE, x->pagefile ? t->yes : t->no);
    field(b, loc, F_HIBERNATION, x->hibernation ? t->yes : t->no);
    field(b, loc, F_CRASHDUMP, x->crashdump ? t->yes : t->no);
    field(b, loc, F_CLUSTERED, x->clustered ? t->yes : t->no);
    if (x->nvols == 0)
        buf_printf(b, "\n%s\n\n", local_word(loc, "There are no volumes."));
    else
        volume_table(b, s, x->vols, x->nvols, -1, loc);
}

void prt_detail_disk(buf *b, const mdl_server *s, const mdl_disk *d) { detail_disk(b, s, d, &english); }

void prt_snapshot_in(buf *b, const mdl_server *s, const prt_locale *loc)
{
    size_t i;
    if (!loc)
        loc = &english;
    list_disk(b, s, -1, loc);
    volume_table(b, s, NULL, 0, -1, loc);
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *d = &s->disks[i];
        if (!d->parts_known && !d->detail.known)
            continue;
        buf_printf(b, "\n%s" MDL_DISK_FMT "%s\n\n", texts[loc->lang].sel_before, MDL_DISK_ARGS(*d),
                   texts[loc->lang].sel_after);
        if (d->parts_known)
            list_partition(b, d, -1, loc);
        if (d->detail.known)
            detail_disk(b, s, d, loc);
    }
}

void prt_snapshot(buf *b, const mdl_server *s) { prt_snapshot_in(b, s, NULL); }

static void json_str(buf *b, const char *s)
{
    json_string(b, s);
}

static void json_size(buf *b, const char *key, mdl_size sz)
{
    buf_printf(b, "\"%s\":{\"min\":%llu,\"max\":%llu}", key, (unsigned long long)sz.lo,
               (unsigned long long)(sz.hi - 1));
}

void prt_json(buf *b, const mdl_server *s)
{
    size_t i, j;
    buf_puts(b, "{\"disks\":[");
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *d = &s->disks[i];
        char name[32];
        buf_puts(b, i ? ",\n  {" : "\n  {");
        buf_puts(b, "\"name\":");
        json_str(b, disk_name(name, sizeof name, d));
        buf_printf(b, ",\"number\":%u,\"missing_id\":%s,\"status\":", d->num, d->missing_id ? "true" : "false");
        json_str(b, mdl_word(&mdl_disk_status_vocab, (int)d->status));
        buf_putc(b, ',');
        json_size(b, "size", d->size);
        buf_putc(b, ',');
        json_size(b, "free", d->free);
        buf_printf(b, ",\"dynamic\":%s,\"gpt\":%s,\"partitions\":", d->dyn ? "true" : "false",
                   d->gpt ? "true" : "false");
        if (!d->parts_known) {
            buf_puts(b, "null");
        } else {
            buf_putc(b, '[');
            for (j = 0; j < d->nparts; j++) {
                const mdl_partition *p = &d->parts[j];
                buf_printf(b, "%s{\"number\":%u,\"type\":", j ? "," : "", p->num);
                json_str(b, mdl_word(&mdl_part_type_vocab, (int)p->type));
                buf_putc(b, ',');
                json_size(b, "size", p->size);
                buf_putc(b, ',');
                json_size(b, "offset", p->offset);
                buf_putc(b, '}');
            }
            buf_putc(b, ']');
        }
        if (d->inv.known) {     /* only with --inventory: the JSON stays as it was without */
            buf_printf(b, ",\"inventory\":{\"bytes\":%llu,\"serial\":", (unsigned long long)d->inv.bytes);
            json_str(b, d->inv.serial);
            buf_puts(b, ",\"bus_type\":");
            json_str(b, d->inv.bus);
            buf_puts(b, ",\"friendly_name\":");
            json_str(b, d->inv.name);
            buf_printf(b, ",\"removable\":%s}", d->inv.removable ? "true" : "false");
        }
        buf_puts(b, ",\"detail\":");
        if (!d->detail.known) {
            buf_puts(b, "null");
        } else {
            const mdl_disk_detail *x = &d->detail;
            buf_puts(b, "{\"model\":");
            json_str(b, x->model);
            buf_puts(b, ",\"disk_id\":");
            json_str(b, x->disk_id);
            buf_puts(b, ",\"type\":");
            json_str(b, x->type);
            buf_puts(b, ",\"location_path\":");
            json_str(b, x->location);
            buf_printf(b, ",\"read_only\":%s,\"boot\":%s,\"pagefile\":%s,\"hibernation\":%s,"
                          "\"crashdump\":%s,\"clustered\":%s,\"volumes\":[",
                       x->read_only ? "true" : "false", x->boot ? "true" : "false",
                       x->pagefile ? "true" : "false", x->hibernation ? "true" : "false",
                       x->crashdump ? "true" : "false", x->clustered ? "true" : "false");
            for (j = 0; j < x->nvols; j++)
                buf_printf(b, "%s%u", j ? "," : "", x->vols[j]);
            buf_puts(b, "]}");
        }
        buf_putc(b, '}');
    }
    buf_puts(b, "\n],\"volumes\":[");
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *v = &s->vols[i];
        char ltr[2] = {v->letter, 0};
        buf_puts(b, i ? ",\n  {" : "\n  {");
        buf_printf(b, "\"number\":%u,\"letter\":", v->num);
        if (v->letter)
            json_str(b, ltr);
        else
            buf_puts(b, "null");
        buf_puts(b, ",\"label\":");
        json_str(b, v->label);
        buf_puts(b, ",\"fs\":");
        json_str(b, mdl_word(&mdl_fs_vocab, (int)v->fs));
        buf_puts(b, ",\"type\":");
        json_str(b, mdl_word(&mdl_vol_type_vocab, (int)v->type));
        buf_putc(b, ',');
        json_size(b, "size", v->size);
        buf_puts(b, ",\"status\":");
        json_str(b, mdl_word(&mdl_vol_status_vocab, (int)v->status));
        buf_puts(b, ",\"info\":");
        json_str(b, mdl_word(&mdl_vol_info_vocab, (int)v->info));
        if (v->detail_known) {  /* what `detail volume` showed, when captured */
            unsigned k;
            buf_puts(b, ",\"detail_disks\":[");
            for (k = 0; k < v->ndetail && k < MDL_VOL_DISKS; k++)
                buf_printf(b, "%s\"Disk " MDL_DISK_FMT "\"", k ? "," : "", MDL_DISK_ARGS(v->detail_on[k]));
            buf_putc(b, ']');
        }
        buf_putc(b, '}');
    }
    buf_puts(b, "\n]}\n");
}
