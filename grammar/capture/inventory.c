/* inventory.c - the inventory reader and its join to a listing (inventory.h).
 *
 * Sources: the property names and types are those of Microsoft's MSFT_Disk
 * class reference (Number UInt32, PartitionStyle UInt16, Signature UInt32,
 * Guid String, Size UInt64 in bytes, SerialNumber, BusType UInt16,
 * FriendlyName, UniqueId); the BusType numbers those of its BusType table
 * (the STORAGE_BUS_TYPE enumeration); the quoting that of ConvertTo-Csv's
 * reference (every field in double quotes, a header of property names).
 */
#include "capture/inventory.h"

#include <stdio.h>
#include <string.h>

#include "base/mrblimits.h"
#include "base/text.h"
#include "base/util.h"

enum { C_NUMBER, C_STYLE, C_SIGNATURE, C_GUID, C_SIZE, C_SERIAL, C_BUS, C_NAME, C_UNIQUE, C_COUNT };

static const char *const columns[C_COUNT] = {"Number", "PartitionStyle", "Signature", "Guid", "Size",
                                             "SerialNumber", "BusType", "FriendlyName", "UniqueId"};

/* BusType: the number is the index; the name as Get-Disk displays it. */
static const char *const buses[] = {
    "Unknown", "SCSI", "ATAPI", "ATA", "1394", "SSA", "Fibre Channel", "USB", "RAID", "iSCSI", "SAS",
    "SATA", "SD", "MMC", "Virtual", "File Backed Virtual", "Storage Spaces", "NVMe", "SCM", "UFS",
};
#define NBUSES (sizeof buses / sizeof buses[0])

/* One field of a record: its value (unquoted) and where it is. */
typedef struct field {
    buf value;
    size_t at, end;
} field;

void inv_init(inv_table *t) { memset(t, 0, sizeof *t); }

void inv_free(inv_table *t)
{
    size_t i;
    for (i = 0; i < t->n; i++) {
        util_free(t->disks[i].guid);
        util_free(t->disks[i].serial);
        util_free(t->disks[i].name);
        util_free(t->disks[i].unique_id);
    }
    util_free(t->disks);
    inv_init(t);
}

/* Read one field at *p; false (E230) when it is not CSV as written. */
static bool read_field(const diag_src *src, size_t *p, field *f, diag_sink *d)
{
    const char *s = src->text;
    size_t i = *p, n = src->len;
    buf_reset(&f->value);
    f->at = i;
    if (i < n && s[i] == '"') {
        for (i++;; i++) {
            if (i >= n || s[i] == '\n') {
                diag_error(d, src, f->at, i, E230, "a quoted field that does not end on its line");
                return false;
            }
            if (s[i] == '"') {
                if (i + 1 < n && s[i + 1] == '"') {
                    buf_putc(&f->value, '"');
                    i++;
                    continue;
                }
                i++;
                break;
            }
            buf_putc(&f->value, s[i]);
        }
        if (i < n && s[i] != ',' && s[i] != '\n') {
            diag_error(d, src, i, i + 1, E230, "a character after a quoted field's closing quote");
            return false;
        }
    } else {
        for (; i < n && s[i] != ',' && s[i] != '\n'; i++) {
            if (s[i] == '"') {
                diag_error(d, src, i, i + 1, E230, "a quote inside a field that does not start with one");
                return false;
            }
            buf_putc(&f->value, s[i]);
        }
    }
    f->end = i;
    *p = i;
    return true;
}

/* Read the record at *p into f[0..C_COUNT); *p moves past its line end. */
static bool read_record(const diag_src *src, size_t *p, field *f, diag_sink *d)
{
    size_t k = 0, start = *p;
    for (;;) {
        if (k == C_COUNT) {
            diag_error(d, src, start, *p, E230, "a line of more than %d fields: the header has %d", C_COUNT,
                       C_COUNT);
            return false;
        }
        if (!read_field(src, p, &f[k], d))
            return false;
        k++;
        if (*p < src->len && src->text[*p] == ',') {
            (*p)++;
            continue;
        }
        break;
    }
    if (*p < src->len)
        (*p)++;     /* the line end */
    if (k != C_COUNT) {
        diag_error(d, src, start, f[k - 1].end, E230, "a line of %zu field%s: the header has %d", k,
                   k == 1 ? "" : "s", C_COUNT);
        return false;
    }
    return true;
}

/* A decimal number with no sign, no leading zero and no more than max. */
static bool parse_dec(const buf *v, uint64_t max, uint64_t *out)
{
    const char *s = buf_cstr(v);
    uint64_t x = 0;
    size_t i;
    if (v->len == 0 || v->len > 20 || (v->len > 1 && s[0] == '0'))
        return false;
    for (i = 0; i < v->len; i++) {
        if (s[i] < '0' || s[i] > '9' || !util_mul64(x, 10, &x) || !util_add64(x, (uint64_t)(s[i] - '0'), &x))
            return false;
    }
    if (x > max)
        return false;
    *out = x;
    return true;
}

static bool is_guid(const buf *v)
{
    const char *s = buf_cstr(v);
    size_t i;
    if (v->len != 38 || s[0] != '{' || s[37] != '}')
        return false;
    for (i = 1; i < 37; i++) {
        bool dash = i == 9 || i == 14 || i == 19 || i == 24;
        char c = s[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/* A number from the documented table, or the name Get-Disk displays. */
static long enum_value(const buf *v, const char *const *names, size_t count)
{
    uint64_t x;
    size_t i;
    if (parse_dec(v, count - 1, &x))
        return (long)x;
    for (i = 0; i < count; i++)
        if (strcmp(buf_cstr(v), names[i]) == 0)
            return (long)i;
    return -1;
}

static bool bad_value(const diag_src *src, const field *f, int col, diag_sink *d, const char *what)
{
    diag_error(d, src, f[col].at, f[col].end, E232, "%s: '%s' is not %s", columns[col], buf_cstr(&f[col].value),
               what);
    return false;
}

static char *dup_value(const field *f) { return util_strndup(buf_cstr(&f->value), f->value.len); }

/* The values of one record into x; false (E232) on the first bad one. */
static bool parse_values(const diag_src *src, field *f, inv_disk *x, diag_sink *d)
{
    static const char *const styles[] = {"RAW", "MBR", "GPT"};
    uint64_t v;
    long e;
    if (!parse_dec(&f[C_NUMBER].value, LIM_NUMBER, &v))
        return bad_value(src, f, C_NUMBER, d, "a disk number");
    x->num = (unsigned)v;
    if ((e = enum_value(&f[C_STYLE].value, styles, 3)) < 0)
        return bad_value(src, f, C_STYLE, d, "a partition style (0 RAW, 1 MBR, 2 GPT)");
    x->style = (enum inv_style)e;
    x->has_signature = f[C_SIGNATURE].value.len > 0;
    if (x->has_signature && !parse_dec(&f[C_SIGNATURE].value, UINT32_MAX, &v))
        return bad_value(src, f, C_SIGNATURE, d, "an MBR signature (a decimal number below 2^32)");
    x->signature = x->has_signature ? (uint32_t)v : 0;
    if (f[C_GUID].value.len && !is_guid(&f[C_GUID].value))
        return bad_value(src, f, C_GUID, d, "a GUID in braces");
    if (!parse_dec(&f[C_SIZE].value, UINT64_MAX, &x->bytes))
        return bad_value(src, f, C_SIZE, d, "a size in bytes");
    if ((e = enum_value(&f[C_BUS].value, buses, NBUSES)) < 0)
        return bad_value(src, f, C_BUS, d, "a bus type (a number from 0 to 19, or its name)");
    x->bus = buses[e];
    x->removable = mdl_bus_removable(x->bus);
    return true;
}

/* The values of one record, checked and copied. */
static bool add_disk(const diag_src *src, inv_table *t, field *f, size_t at, size_t end, diag_sink *d)
{
    inv_disk x;
    size_t i;
    memset(&x, 0, sizeof x);
    x.at = at;
    x.end = end;
    if (!parse_values(src, f, &x, d))
        return false;
    for (i = 0; i < t->n; i++)
        if (t->disks[i].num == x.num) {
            diag_error(d, src, f[C_NUMBER].at, f[C_NUMBER].end, E233, "disk %u twice in the inventory", x.num);
            diag_note(d, src, t->disks[i].at, t->disks[i].end, "disk %u is first here", x.num);
            return false;
        }
    if (t->n >= LIM_DISKS) {
        diag_error(d, src, at, end, E212, "too many disks in the inventory (limit is %u)", LIM_DISKS);
        return false;
    }
    if (!util_grow((void **)&t->disks, &t->cap, t->n + 1, sizeof *t->disks))
        return false;
    x.guid = f[C_GUID].value.len ? dup_value(&f[C_GUID]) : NULL;
    x.serial = dup_value(&f[C_SERIAL]);
    x.name = dup_value(&f[C_NAME]);
    x.unique_id = dup_value(&f[C_UNIQUE]);
    t->disks[t->n++] = x;
    return true;
}

/* The first line, which must be INV_HEADER exactly; *p moves past it. */
static bool check_header(const diag_src *src, size_t len, size_t *p, diag_sink *d)
{
    const char *nl = memchr(src->text, '\n', len);
    size_t end = nl ? (size_t)(nl - src->text) : len;
    *p = nl ? end + 1 : end;
    if (end == strlen(INV_HEADER) && memcmp(src->text, INV_HEADER, end) == 0)
        return true;
    diag_error(d, src, 0, end, E231, "the first line is not the header %s%s", INV_HEADER,
               strncmp(src->text, "#TYPE", 5) == 0 ? " (the command takes -NoTypeInformation)" : "");
    return false;
}

bool inv_read(const diag_src *src, inv_table *t, diag_sink *d)
{
    field f[C_COUNT];
    size_t k, p = 0, len = src->len, at;
    bool ok = true;
    for (k = 0; k < C_COUNT; k++)
        buf_init(&f[k].value);
    while (len > 0 && src->text[len - 1] == '\n')
        len--;      /* the line ends at the end */
    if (len == 0) {
        diag_error(d, src, 0, 0, E231, "an empty inventory: the first line must be the header %s", INV_HEADER);
        ok = false;
    } else {
        diag_src body = *src;
        body.len = len;
        ok = check_header(src, len, &p, d);
        t->header_end = p;
        while (ok && p < len) {
            at = p;
            if (src->text[p] == '\n') {
                diag_error(d, src, p, p, E230, "an empty line inside the inventory");
                ok = false;
            } else {
                ok = read_record(&body, &p, f, d) && add_disk(src, t, f, at, p, d);
            }
        }
    }
    for (k = 0; k < C_COUNT; k++)
        buf_free(&f[k].value);
    return ok;
}

/* ---- the join --------------------------------------------------------- */

static const char *style_name(enum inv_style s) { return s == INV_GPT ? "GPT" : s == INV_MBR ? "MBR" : "RAW"; }

/* The Disk ID `detail disk` shows for x ("{GUID}" or 8 hex digits) into
 * out; false when the inventory gives none. */
static bool inv_disk_id(const inv_disk *x, char *out, size_t n)
{
    if (x->style == INV_GPT && x->guid) {
        snprintf(out, n, "%s", x->guid);
        return true;
    }
    if (x->style == INV_MBR && x->has_signature) {
        snprintf(out, n, "%08X", (unsigned)x->signature);
        return true;
    }
    return false;
}

/* Each way x and the listing's disk dk disagree: an error. */
static bool join_disk(const diag_src *src, const inv_disk *x, const mdl_disk *dk, diag_sink *d)
{
    bool ok = true;
    char id[48];
    if ((x->style == INV_GPT) != dk->gpt) {
        diag_error(d, src, x->at, x->end, E234, "disk %u: the inventory says partition style %s, the listing's "
                   "'list disk' %s", x->num, style_name(x->style), dk->gpt ? "GPT (a * in its Gpt column)" :
                   "not GPT (no * in its Gpt column)");
        ok = false;
    }
    if (x->bytes < dk->size.lo || x->bytes >= dk->size.hi) {
        buf shown;
        buf_init(&shown);
        mdl_format_size(&shown, dk->size);
        diag_error(d, src, x->at, x->end, E234, "disk %u: the inventory says %llu bytes, the listing shows %s "
                   "(from %llu to %llu bytes)", x->num, (unsigned long long)x->bytes,
                   buf_cstr(&shown) + strspn(buf_cstr(&shown), " "), (unsigned long long)dk->size.lo,
                   (unsigned long long)(dk->size.hi - 1));
        buf_free(&shown);
        ok = false;
    }
    if (ok && dk->free.lo > x->bytes) {
        diag_error(d, src, x->at, x->end, E234, "disk %u: the inventory says %llu bytes, less than the %llu bytes "
                   "free the listing shows", x->num, (unsigned long long)x->bytes, (unsigned long long)dk->free.lo);
        ok = false;
    }
    if (dk->detail.known && dk->detail.disk_id && ok) {
        if (!inv_disk_id(x, id, sizeof id)) {
            if (x->style != INV_RAW) {
                diag_error(d, src, x->at, x->end, E234, "disk %u: the inventory gives no %s, the listing's "
                           "'detail disk' shows Disk ID %s", x->num, x->style == INV_GPT ? "Guid" : "Signature",
                           dk->detail.disk_id);
                ok = false;
            }
        } else if (!util_ieq(id, dk->detail.disk_id)) {
            diag_error(d, src, x->at, x->end, E234, "disk %u: the inventory's %s gives Disk ID %s, the listing's "
                       "'detail disk' shows %s", x->num, x->style == INV_GPT ? "Guid" : "Signature", id,
                       dk->detail.disk_id);
            ok = false;
        }
    }
    return ok;
}

static bool set_inv(mdl_disk *dk, const inv_disk *x)
{
    dk->inv.known = true;
    dk->inv.bytes = x->bytes;
    dk->inv.removable = x->removable;
    dk->inv.serial = util_strndup(x->serial, strlen(x->serial));
    dk->inv.bus = util_strndup(x->bus, strlen(x->bus));
    dk->inv.name = util_strndup(x->name, strlen(x->name));
    /* A disk that displays its size free stays so (blank, for the rules
     * that read it); otherwise no more free space than the disk holds. */
    if (mdl_size_eq(dk->free, dk->size))
        dk->free = mdl_exact(x->bytes);
    else if (dk->free.hi > x->bytes + 1)
        dk->free.hi = x->bytes + 1;
    dk->size = mdl_exact(x->bytes);
    return dk->inv.serial && dk->inv.bus && dk->inv.name;
}

bool inv_join(const diag_src *src, const inv_table *t, mdl_server *s, diag_sink *d)
{
    bool ok = true;
    size_t i, k;
    for (i = 0; i < t->n; i++) {
        const inv_disk *x = &t->disks[i];
        const mdl_disk *dk = mdl_find_disk(s, x->num, false);
        if (!dk) {
            diag_error(d, src, x->at, x->end, E234, "disk %u is in the inventory, not in the listing's 'list disk'",
                       x->num);
            ok = false;
        } else if (!join_disk(src, x, dk, d)) {
            ok = false;
        }
    }
    for (k = 0; k < s->ndisks; k++) {
        const mdl_disk *dk = &s->disks[k];
        for (i = 0; i < t->n && t->disks[i].num != dk->num; i++)
            ;
        if (!dk->missing_id && i == t->n) {
            diag_error(d, src, 0, t->header_end ? t->header_end - 1 : 0, E234,
                       "disk %u is in the listing's 'list disk', not in the inventory", dk->num);
            ok = false;
        }
    }
    for (i = 0; ok && i < t->n; i++)
        if (!set_inv(mdl_find_disk(s, t->disks[i].num, false), &t->disks[i]))
            return false;
    return ok;
}

bool inv_load(const char *name, const void *raw, size_t len, mdl_server *s, diag_sink *d)
{
    buf text;
    diag_src src;
    inv_table t;
    enum txt_encoding enc;
    bool ok;
    buf_init(&text);
    inv_init(&t);
    ok = txt_decode(name, raw ? raw : (const void *)"", len, TXT_LISTING, &text, &enc, d);
    if (ok) {
        src.name = name;
        src.text = buf_cstr(&text);
        src.len = text.len;
        ok = inv_read(&src, &t, d) && inv_join(&src, &t, s, d);
    }
    inv_free(&t);
    buf_free(&text);
    return ok;
}
