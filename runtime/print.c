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
#include "print.h"

#include <stdio.h>
#include <string.h>

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

static void end_row(buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->len--;
    if (b->data)
        b->data[b->len] = '\0';
    buf_putc(b, '\n');
}

static void size_cell(buf *b, mdl_size sz) { mdl_format_size(b, sz); }

/* "Disk 0", "Disk M0" into a caller's array: no allocation that could fail
 * and leave a row shorter than DiskPart prints it. */
static const char *disk_name(char *s, size_t n, const mdl_disk *d)
{
    snprintf(s, n, "Disk %s%u", d->missing_id ? "M" : "", d->num);
    return s;
}

void prt_disk_name(buf *b, const mdl_disk *d)
{
    char name[32];
    buf_puts(b, disk_name(name, sizeof name, d));
}

void prt_disk_row(buf *b, const mdl_disk *d)
{
    char name[32];
    cell(b, disk_name(name, sizeof name, d), 8);
    buf_puts(b, "  ");
    cell(b, mdl_word(&mdl_disk_status_vocab, (int)d->status), 13);
    buf_puts(b, "  ");
    size_cell(b, d->size);
    buf_puts(b, "  ");
    size_cell(b, d->free);
    buf_puts(b, d->dyn ? "   * " : "     ");
    buf_puts(b, d->gpt ? "   *" : "");
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

void prt_list_disk(buf *b, const mdl_server *s, long focus)
{
    size_t i;
    buf_puts(b, "\n  Disk ###  Status         Size     Free     Dyn  Gpt\n");
    buf_puts(b, "  --------  -------------  -------  -------  ---  ---\n");
    for (i = 0; i < s->ndisks; i++) {
        buf_puts(b, (long)i == focus ? "* " : "  ");
        prt_disk_row(b, &s->disks[i]);
        end_row(b);
    }
    buf_putc(b, '\n');
}

void prt_volume_row(buf *b, const mdl_volume *v)
{
    char num[32];
    snprintf(num, sizeof num, "Volume %u", v->num);
    cell(b, num, 10);
    buf_puts(b, "   ");
    buf_putc(b, v->letter ? v->letter : ' ');
    buf_puts(b, "   ");
    cell(b, v->label ? v->label : "", 11);
    buf_puts(b, "  ");
    cell(b, mdl_word(&mdl_fs_vocab, (int)v->fs), 5);
    buf_puts(b, "  ");
    cell(b, mdl_word(&mdl_vol_type_vocab, (int)v->type), 10);
    buf_puts(b, "  ");
    size_cell(b, v->size);
    buf_puts(b, "  ");
    cell(b, mdl_word(&mdl_vol_status_vocab, (int)v->status), 9);
    buf_puts(b, "  ");
    cell(b, mdl_word(&mdl_vol_info_vocab, (int)v->info), 8);
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

static void volume_table(buf *b, const mdl_server *s, const unsigned *only, size_t nonly, long focus)
{
    size_t i, j;
    buf_puts(b, "\n  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n");
    buf_puts(b, "  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n");
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *v = &s->vols[i];
        if (only) {
            for (j = 0; j < nonly && only[j] != v->num; j++)
                ;
            if (j == nonly)
                continue;
        }
        buf_puts(b, (long)i == focus ? "* " : "  ");
        prt_volume_row(b, v);
        end_row(b);
    }
    buf_putc(b, '\n');
}

void prt_list_volume(buf *b, const mdl_server *s, long focus) { volume_table(b, s, NULL, 0, focus); }

void prt_list_partition(buf *b, const mdl_disk *d, long focus)
{
    size_t i;
    if (d->nparts == 0) {
        buf_puts(b, "\nThere are no partitions on this disk to show.\n\n");
        return;
    }
    buf_puts(b, "\n  Partition ###  Type              Size     Offset\n");
    buf_puts(b, "  -------------  ----------------  -------  -------\n");
    for (i = 0; i < d->nparts; i++) {
        const mdl_partition *p = &d->parts[i];
        char num[32];
        buf_puts(b, (long)i == focus ? "* " : "  ");
        snprintf(num, sizeof num, "Partition %u", p->num);
        cell(b, num, 13);
        buf_puts(b, "  ");
        cell(b, mdl_word(&mdl_part_type_vocab, (int)p->type), 16);
        buf_puts(b, "  ");
        size_cell(b, p->size);
        buf_puts(b, "  ");
        size_cell(b, p->offset);
        end_row(b);
    }
    buf_putc(b, '\n');
}

static const char *yes_no(bool v) { return v ? "Yes" : "No"; }

void prt_detail_disk(buf *b, const mdl_server *s, const mdl_disk *d)
{
    const mdl_disk_detail *x = &d->detail;
    buf_printf(b, "\n%s\n", x->model ? x->model : "");
    buf_printf(b, "Disk ID: %s\n", x->disk_id ? x->disk_id : "");
    buf_printf(b, "Type   : %s\n", x->type ? x->type : "");
    buf_printf(b, "Status : %s\n", mdl_word(&mdl_disk_status_vocab, (int)d->status));
    buf_printf(b, "Location Path : %s\n", x->location ? x->location : "");
    buf_printf(b, "Current Read-only State : %s\n", yes_no(x->read_only));
    buf_printf(b, "Read-only  : %s\n", yes_no(x->read_only));
    buf_printf(b, "Boot Disk  : %s\n", yes_no(x->boot));
    buf_printf(b, "Pagefile Disk  : %s\n", yes_no(x->pagefile));
    buf_printf(b, "Hibernation File Disk  : %s\n", yes_no(x->hibernation));
    buf_printf(b, "Crashdump Disk  : %s\n", yes_no(x->crashdump));
    buf_printf(b, "Clustered Disk  : %s\n", yes_no(x->clustered));
    if (x->nvols == 0)
        buf_puts(b, "\nThere are no volumes.\n\n");
    else
        volume_table(b, s, x->vols, x->nvols, -1);
}

void prt_snapshot(buf *b, const mdl_server *s)
{
    size_t i;
    prt_list_disk(b, s, -1);
    prt_list_volume(b, s, -1);
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *d = &s->disks[i];
        if (!d->parts_known && !d->detail.known)
            continue;
        buf_puts(b, "\n");
        prt_disk_name(b, d);
        buf_puts(b, " is now the selected disk.\n\n");
        if (d->parts_known)
            prt_list_partition(b, d, -1);
        if (d->detail.known)
            prt_detail_disk(b, s, d);
    }
}

static void json_str(buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    buf_putc(b, '"');
    for (; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            buf_printf(b, "\\u%04x", *p);
        else
            buf_putc(b, (char)*p);
    }
    buf_putc(b, '"');
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
                buf_printf(b, "%s\"Disk %s%u\"", k ? "," : "", v->detail_on[k].missing_id ? "M" : "",
                           v->detail_on[k].num);
            buf_putc(b, ']');
        }
        buf_putc(b, '}');
    }
    buf_puts(b, "\n]}\n");
}
