/* ticket.c - the swap ticket: made, written, printed, read and checked (ticket.h). */
#include "plan/ticket.h"

#include <string.h>

#include "plan/eval.h"
#include "base/mrblimits.h"
#include "diskpart/print.h"

static const char *const field_key[TF_COUNT] = {"model", "id", "location", "serial"};
static const char *const field_label[TF_COUNT] = {"model", "Disk ID", "Location Path", "serial"};

void tkt_init(ticket *t) { memset(t, 0, sizeof *t); }

static void disk_free(tkt_disk *k)
{
    int f;
    util_free(k->name);
    for (f = 0; f < TF_COUNT; f++)
        util_free(k->field[f]);
    memset(k, 0, sizeof *k);
}

void tkt_free(ticket *t)
{
    disk_free(&t->keep);
    disk_free(&t->replace);
}

const char *tkt_field_of(const mdl_disk *d, enum tkt_field f)
{
    const char *s = NULL;
    if (f == TF_SERIAL)
        s = d->inv.known ? d->inv.serial : NULL;
    else if (d->detail.known)
        s = f == TF_MODEL ? d->detail.model : f == TF_ID ? d->detail.disk_id : d->detail.location;
    return s && *s ? s : NULL;
}

const plan_bind *tkt_bind(const plan *p, const char *name)
{
    size_t i, n = strlen(name);
    for (i = 0; i < p->nbinds; i++) {
        const plan_bind *b = &p->binds[i];
        if (b->obj == OBJ_DISK && b->decl->kind == AST_SEL_DECL && b->decl->u.decl.name.n == n &&
            memcmp(b->decl->u.decl.name.p, name, n) == 0)
            return b;
    }
    return NULL;
}

static bool make_disk(tkt_disk *k, const plan *p, const mdl_server *snap, const char *name)
{
    const plan_bind *b = tkt_bind(p, name);
    const mdl_disk *d = b ? ev_find_disk(snap, b->disk) : NULL;
    int f;
    if (!d || !(k->name = util_strndup(name, strlen(name))))
        return false;
    k->disk = b->disk;
    for (f = 0; f < TF_COUNT; f++) {
        const char *s = tkt_field_of(d, (enum tkt_field)f);
        if (s && !(k->field[f] = util_strndup(s, strlen(s))))
            return false;
    }
    return true;
}

bool tkt_make(ticket *t, const plan *p, const mdl_server *snap, const char *keep, const char *replace,
              const char sha256[65])
{
    memcpy(t->listing_sha256, sha256, sizeof t->listing_sha256);
    return make_disk(&t->keep, p, snap, keep) && make_disk(&t->replace, p, snap, replace);
}

/* ---- writing ------------------------------------------------------------ */

static void put_string(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

static void write_disk(buf *b, const char *role, const tkt_disk *k)
{
    int f;
    buf_printf(b, "%s %s\n%s-disk " MDL_DISK_FMT "\n", role, k->name, role, MDL_DISK_ARGS(k->disk));
    for (f = 0; f < TF_COUNT; f++)
        if (k->field[f]) {
            buf_printf(b, "%s-%s ", role, field_key[f]);
            put_string(b, k->field[f]);
            buf_putc(b, '\n');
        }
}

void tkt_write(buf *b, const ticket *t)
{
    buf_printf(b, TKT_MAGIC "\nlisting-sha256 %s\n", t->listing_sha256);
    write_disk(b, "keep", &t->keep);
    write_disk(b, "replace", &t->replace);
    buf_puts(b, "end\n");
}

/* ---- printing, for the technician ---------------------------------------- */

static void print_disk(buf *b, const tkt_disk *k, const mdl_server *snap)
{
    const mdl_disk *d = ev_find_disk(snap, k->disk);
    int f;
    if (d && d->status == DS_MISSING) {
        buf_puts(b, "  Windows shows it Missing: the capture cannot say which drive it is.\n"
                    "  It is the drive of the mirror that is NOT the one to keep.\n");
        return;
    }
    for (f = 0; f < TF_COUNT; f++) {
        buf_printf(b, "  %-14s ", field_label[f]);
        if (k->field[f])
            buf_printf(b, "%s\n", k->field[f]);
        else
            buf_puts(b, f == TF_SERIAL ? "not captured (capture the inventory: mrb probe --inventory)\n"
                                       : "not captured (capture with mrb probe)\n");
    }
    if (d) {
        buf sz;
        buf_init(&sz);
        mdl_format_size(&sz, d->size);
        buf_printf(b, "  %-14s %s", "size", buf_cstr(&sz) + strspn(buf_cstr(&sz), " "));
        buf_free(&sz);
        if (d->inv.known)
            buf_printf(b, " (%llu bytes)", (unsigned long long)d->inv.bytes);
        buf_putc(b, '\n');
    }
}

void tkt_print(buf *b, const ticket *t, const mdl_server *snap)
{
    buf_printf(b, "REPLACE the disk '%s' names (Disk " MDL_DISK_FMT " in the capture):\n", t->replace.name,
               MDL_DISK_ARGS(t->replace.disk));
    print_disk(b, &t->replace, snap);
    buf_printf(b, "\nKEEP the disk '%s' names (Disk " MDL_DISK_FMT " in the capture): do not pull it:\n",
               t->keep.name, MDL_DISK_ARGS(t->keep.disk));
    print_disk(b, &t->keep, snap);
}

/* ---- reading ------------------------------------------------------------ */

enum rec_kind { K_HEX, K_NAME, K_DISK, K_STRING, K_END };

typedef struct rec {
    const char *key;
    enum rec_kind kind;
    bool required;
    int role;       /* 0 keep, 1 replace, -1 neither */
    int field;      /* an enum tkt_field, or -1 */
} rec;

static const rec recs[] = {
    {"listing-sha256", K_HEX, true, -1, -1},
    {"keep", K_NAME, true, 0, -1},
    {"keep-disk", K_DISK, true, 0, -1},
    {"keep-model", K_STRING, false, 0, TF_MODEL},
    {"keep-id", K_STRING, false, 0, TF_ID},
    {"keep-location", K_STRING, false, 0, TF_LOCATION},
    {"keep-serial", K_STRING, false, 0, TF_SERIAL},
    {"replace", K_NAME, true, 1, -1},
    {"replace-disk", K_DISK, true, 1, -1},
    {"replace-model", K_STRING, false, 1, TF_MODEL},
    {"replace-id", K_STRING, false, 1, TF_ID},
    {"replace-location", K_STRING, false, 1, TF_LOCATION},
    {"replace-serial", K_STRING, false, 1, TF_SERIAL},
    {"end", K_END, true, -1, -1},
};
#define NRECS (sizeof recs / sizeof recs[0])

typedef struct reader {
    const diag_src *src;
    diag_sink *d;
    ticket *t;
    size_t off;         /* the line's offset */
} reader;

static bool bad(reader *r, size_t at, size_t n, const char *what, const char *key)
{
    diag_error(r->d, r->src, r->off + at, r->off + at + (n ? n : 1), E241, "%s '%s'", what, key);
    return false;
}

/* A string in double quotes, \" and \\ its escapes, not empty. */
static bool read_string(reader *r, const char *v, size_t n, size_t at, const char *key, char **out)
{
    buf s;
    size_t i;
    bool ok = n >= 2 && v[0] == '"' && v[n - 1] == '"';
    buf_init(&s);
    for (i = 1; ok && i + 1 < n; i++) {
        if (v[i] == '\t' || v[i] == '"' || (v[i] == '\\' && (i + 2 >= n || (v[i + 1] != '"' && v[i + 1] != '\\'))))
            ok = false;
        else
            buf_putc(&s, v[i] == '\\' ? v[++i] : v[i]);
    }
    if (ok && s.len && !s.failed)
        *out = util_strndup(s.data, s.len);
    buf_free(&s);
    if (!ok || !*out)
        return bad(r, at, n, "not a string in double quotes (\\\" and \\\\ its escapes, not empty) in", key);
    return true;
}

static bool read_disk(reader *r, const char *v, size_t n, size_t at, const char *key, mdl_disk_ref *out)
{
    uint64_t num = 0;
    size_t i = n && v[0] == 'M';
    memset(out, 0, sizeof *out);
    out->missing_id = i == 1;
    if (i >= n || (v[i] == '0' && i + 1 < n))
        return bad(r, at, n, "not a disk number (N or MN, no leading zero) in", key);
    for (; i < n; i++) {
        if (v[i] < '0' || v[i] > '9' || (num = num * 10 + (uint64_t)(v[i] - '0')) > LIM_NUMBER)
            return bad(r, at, n, "not a disk number (N or MN, no leading zero) in", key);
    }
    out->num = (unsigned)num;
    return true;
}

static bool read_name(reader *r, const char *v, size_t n, size_t at, const char *key, char **out)
{
    size_t i;
    bool ok = n >= 1 && n <= LIM_IDENT_BYTES && !(v[0] >= '0' && v[0] <= '9');
    for (i = 0; ok && i < n; i++)
        ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9') ||
             v[i] == '_';
    if (ok && !(*out = util_strndup(v, n)))
        ok = false;
    return ok || bad(r, at, n, "not a name of the procedure in", key);
}

static bool read_hex(reader *r, const char *v, size_t n, size_t at, const char *key)
{
    size_t i;
    bool ok = n == 64;
    for (i = 0; ok && i < n; i++)
        ok = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f');
    if (!ok)
        return bad(r, at, n, "not a SHA-256 (64 lower-case hexadecimal digits) in", key);
    memcpy(r->t->listing_sha256, v, 64);
    r->t->listing_sha256[64] = '\0';
    return true;
}

/* The value v[0..n) (at column at of the line) of record k. */
static bool read_value(reader *r, const rec *k, const char *v, size_t n, size_t at, bool has)
{
    tkt_disk *dk = k->role == 1 ? &r->t->replace : &r->t->keep;
    if (k->kind == K_END)
        return !has || bad(r, at - 1, n + 1, "a value after", k->key);
    if (!has)
        return bad(r, 0, strlen(k->key), "no value (one space, then the value) after", k->key);
    switch (k->kind) {
    case K_HEX: return read_hex(r, v, n, at, k->key);
    case K_DISK: return read_disk(r, v, n, at, k->key, &dk->disk);
    case K_NAME:
        dk->at = r->off;
        dk->end = r->off + at + n;
        return read_name(r, v, n, at, k->key, &dk->name);
    default: return read_string(r, v, n, at, k->key, &dk->field[k->field]);
    }
}

/* One record line[0..len); *next is the index of the first record that may
 * come; false (E241) when the line is not one that may. */
static bool record(reader *r, const char *line, size_t len, size_t *next)
{
    const char *sp = memchr(line, ' ', len);
    size_t klen = sp ? (size_t)(sp - line) : len, k, j;
    for (k = 0; k < NRECS; k++)
        if (strlen(recs[k].key) == klen && memcmp(recs[k].key, line, klen) == 0)
            break;
    if (*next >= NRECS)
        return bad(r, 0, len, "a line after", "end");
    if (k == NRECS && !klen)
        return bad(r, 0, 0, "an empty line where a record must be: the next record is", recs[*next].key);
    if (k == NRECS) {
        diag_error(r->d, r->src, r->off, r->off + klen, E241, "no record of the ticket format is called '%.*s': "
                   "the next record is '%s'", (int)klen, line, recs[*next].key);
        return false;
    }
    if (k < *next)
        return bad(r, 0, klen, "a record out of order or repeated:", recs[k].key);
    for (j = *next; j < k; j++)
        if (recs[j].required) {
            diag_error(r->d, r->src, r->off, r->off + klen, E241, "no '%s' record before '%s'", recs[j].key,
                       recs[k].key);
            return false;
        }
    *next = k + 1;
    return read_value(r, &recs[k], sp ? sp + 1 : line + len, sp ? len - klen - 1 : 0, klen + 1, sp != NULL);
}

bool tkt_parse(const diag_src *src, ticket *t, diag_sink *d)
{
    reader r = {src, d, t, 0};
    size_t next = 0, len;
    const char *nl;
    if (!src->len) {
        diag_error(d, src, 0, 0, E240, "an empty file: the first line of a ticket is '" TKT_MAGIC "'");
        return false;
    }
    while (r.off < src->len) {
        nl = memchr(src->text + r.off, '\n', src->len - r.off);
        len = nl ? (size_t)(nl - (src->text + r.off)) : src->len - r.off;
        if (r.off == 0 && (len != strlen(TKT_MAGIC) || memcmp(src->text, TKT_MAGIC, len) != 0)) {
            diag_error(d, src, 0, len ? len : 1, E240, "%s: the first line of a ticket is '" TKT_MAGIC "'",
                       len > 11 && memcmp(src->text, "mrb-ticket ", 11) == 0
                           ? "a ticket of another format version (this mrb reads version 1)"
                           : "not a ticket (mrb ticket writes them)");
            return false;
        }
        if (!nl && (len != 3 || memcmp(src->text + r.off, "end", 3) != 0))
            break;  /* a last line without its line end: cut short */
        if (r.off > 0 && !record(&r, src->text + r.off, len, &next))
            return false;
        r.off += len + 1;
    }
    if (r.off < src->len) {
        diag_error(d, src, r.off, src->len, E242, "the ticket ends inside a line, without its line end: it was "
                   "cut short");
        return false;
    }
    if (next < NRECS) {
        diag_error(d, src, src->len, src->len, E242,
                   "the ticket ends without its line 'end' (the next record was '%s'): it was cut short",
                   recs[next].key);
        return false;
    }
    return true;
}

/* ---- checking, after the swap (compile --ticket) ------------------------- */

/* The fields the ticket records for k, as d shows them now (d NULL: as the
 * ticket has them): ", "-separated. */
static void fields(buf *b, const tkt_disk *k, const mdl_disk *d)
{
    int f, n = 0;
    for (f = TF_ID; f < TF_COUNT; f++) {
        const char *s = d ? tkt_field_of(d, (enum tkt_field)f) : k->field[f];
        if (!k->field[f])
            continue;
        buf_printf(b, "%s%s ", n++ ? ", " : "", field_label[f]);
        if (s)
            buf_printf(b, "\"%s\"", s);
        else
            buf_puts(b, "not captured");
    }
}

/* A disk of snap, other than not, whose field f is s; NULL when none. */
static const mdl_disk *find_by(const mdl_server *snap, enum tkt_field f, const char *s, const mdl_disk *not)
{
    size_t i;
    for (i = 0; s && i < snap->ndisks; i++) {
        const char *v = tkt_field_of(&snap->disks[i], f);
        if (&snap->disks[i] != not && v && strcmp(v, s) == 0)
            return &snap->disks[i];
    }
    return NULL;
}

static const mdl_disk *missing_disk(const mdl_server *snap)
{
    size_t i;
    for (i = 0; i < snap->ndisks; i++)
        if (snap->disks[i].status == DS_MISSING)
            return &snap->disks[i];
    return NULL;
}

/* E508: the survivor sv is not the disk the ticket keeps. */
static void wrong_keep(const ticket *t, const diag_src *src, const mdl_disk *sv, const mdl_server *snap,
                       diag_sink *d)
{
    const tkt_disk *k = &t->keep;
    const mdl_disk *x, *m = missing_disk(snap);
    buf b;
    buf_init(&b);
    diag_error(d, src, k->at, k->end, E508,
               "the disk to keep is not '%s', Disk " MDL_DISK_FMT " of this capture: the wrong disk may have been "
               "pulled", k->name, MDL_DISK_ARGS(*sv));
    fields(&b, k, NULL);
    diag_note(d, NULL, 0, 0, "the ticket keeps Disk " MDL_DISK_FMT " of the capture before the swap: %s",
              MDL_DISK_ARGS(k->disk), buf_cstr(&b));
    buf_reset(&b);
    fields(&b, k, sv);
    diag_note(d, NULL, 0, 0, "'%s' is now Disk " MDL_DISK_FMT ": %s", k->name, MDL_DISK_ARGS(*sv), buf_cstr(&b));
    if ((x = find_by(snap, TF_ID, k->field[TF_ID], sv)) || (x = find_by(snap, TF_SERIAL, k->field[TF_SERIAL], sv)))
        diag_note(d, NULL, 0, 0, "Disk " MDL_DISK_FMT " shows the disk to keep's Disk ID or serial", MDL_DISK_ARGS(*x));
    else if (m)
        diag_note(d, NULL, 0, 0, "no disk of this capture shows the disk to keep's Disk ID or serial: it may be the "
                  "missing Disk " MDL_DISK_FMT ", pulled from the server", MDL_DISK_ARGS(*m));
    if ((x = find_by(snap, TF_LOCATION, k->field[TF_LOCATION], sv)))
        diag_note(d, NULL, 0, 0, "Disk " MDL_DISK_FMT ", a %s disk, sits at the disk to keep's Location Path%s",
                  MDL_DISK_ARGS(*x), x->dyn ? "dynamic" : "basic", x->dyn ? "" : ": the new disk, in its slot?");
    if ((x = find_by(snap, TF_ID, t->replace.field[TF_ID], NULL)) ||
        (x = find_by(snap, TF_SERIAL, t->replace.field[TF_SERIAL], NULL)))
        diag_note(d, NULL, 0, 0, "Disk " MDL_DISK_FMT " shows the Disk ID or serial of the disk to replace: the "
                  "failing disk is still in the server", MDL_DISK_ARGS(*x));
    diag_note(d, NULL, 0, 0, "run nothing on this server: ask the datacenter which drive they pulled, put the disk "
              "to keep back, capture the server again and compile with --ticket again");
    buf_free(&b);
}

/* E508 when a disk of snap still shows the Disk ID or serial of the disk
 * the ticket replaces. */
static bool replaced(const ticket *t, const diag_src *src, const mdl_server *snap, diag_sink *d)
{
    const tkt_disk *k = &t->replace;
    const mdl_disk *x = find_by(snap, TF_ID, k->field[TF_ID], NULL);
    if (!x)
        x = find_by(snap, TF_SERIAL, k->field[TF_SERIAL], NULL);
    if (!x)
        return true;
    diag_error(d, src, k->at, k->end, E508,
               "the disk to replace is still in the server: Disk " MDL_DISK_FMT " shows its Disk ID or serial "
               "number: the wrong disk may have been pulled, or none", MDL_DISK_ARGS(*x));
    diag_note(d, NULL, 0, 0, "run nothing on this server: ask the datacenter which drive they pulled, capture the "
              "server again and compile with --ticket again");
    return false;
}

bool tkt_check(const ticket *t, const diag_src *src, const plan *p, const mdl_server *snap, diag_sink *d)
{
    const plan_bind *b = tkt_bind(p, t->keep.name);
    const mdl_disk *sv = b ? ev_find_disk(snap, b->disk) : NULL;
    bool differs = false, unknown = false, compared = false;
    int f;
    buf why;
    if (!sv) {
        diag_error(d, src, t->keep.at, t->keep.end, E401,
                   "the procedure declares no disk '%s', the disk this ticket keeps", t->keep.name);
        return false;
    }
    for (f = TF_ID; f < TF_COUNT; f++) {
        const char *now = tkt_field_of(sv, (enum tkt_field)f);
        if (!t->keep.field[f])
            continue;
        if (!now)
            unknown = true;
        else if (strcmp(now, t->keep.field[f]) != 0)
            differs = true;
        else
            compared = true;
    }
    if (differs) {
        wrong_keep(t, src, sv, snap, d);
        return false;
    }
    buf_init(&why);
    fields(&why, &t->keep, sv);
    if (unknown || !compared) {
        diag_error(d, src, t->keep.at, t->keep.end, E509,
                   "cannot tell whether '%s', Disk " MDL_DISK_FMT ", is the disk to keep: %s", t->keep.name,
                   MDL_DISK_ARGS(*sv), compared || unknown ? buf_cstr(&why) : "the ticket records no Disk ID, "
                   "Location Path or serial");
        diag_note(d, NULL, 0, 0, "capture the server with both stages of mrb probe (detail disk)%s",
                  t->keep.field[TF_SERIAL] ? ", and the inventory (--inventory), as the ticket was made" : "");
    } else if (replaced(t, src, snap, d)) {
        diag_note(d, NULL, 0, 0, "the disk to keep is '%s', Disk " MDL_DISK_FMT " (%s), as the ticket says",
                  t->keep.name, MDL_DISK_ARGS(*sv), buf_cstr(&why));
        buf_free(&why);
        return true;
    }
    buf_free(&why);
    return false;
}
