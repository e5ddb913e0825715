/* listing_tables.c - where what a table shows goes (listing_int.h).
 *
 * `list disk` and `list volume` go to the snapshot; one seen again must show
 * the same.  Partition tables and disk details belong to the disk named by
 * the last "Disk N is now the selected disk." line, or to the disk of the
 * volume named by the last "Volume N is the selected volume." (DiskPart
 * gives the focus to a volume's disk): they are kept aside and joined to the
 * disks at the end, so they may come before or after `list disk`.
 */
#include "capture/listing_int.h"

#include <string.h>

#include "base/mrblimits.h"

/* ---- the aside store: partitions and details by selected disk ---- */

static long aside_select(aside *a, unsigned long num, bool missing)
{
    mdl_disk dk, *found = mdl_find_disk(&a->s, (unsigned)num, missing);
    if (found)
        return (long)(found - a->s.disks);
    memset(&dk, 0, sizeof dk);
    dk.num = (unsigned)num;
    dk.missing_id = missing;
    if (!util_grow((void **)&a->e, &a->cap, a->s.ndisks + 1, sizeof *a->e) ||
        !mdl_add_disk(&a->s, &dk))
        return -1;
    memset(&a->e[a->s.ndisks - 1], 0, sizeof *a->e);
    return (long)a->s.ndisks - 1;
}

void lst_aside_free(aside *a)
{
    mdl_server_free(&a->s);
    util_free(a->e);
}

/* The aside entry of the disk with the focus (r->sel >= 0). */
mdl_disk *lst_sel_disk(reader *r)
{
    return &(r->sel_vol ? &r->vaux : &r->aux)->s.disks[r->sel];
}

aux_entry *lst_sel_entry(reader *r)
{
    return &(r->sel_vol ? &r->vaux : &r->aux)->e[r->sel];
}

/* How the disk with the focus is named in a message: "disk 1", or "the disk
 * of volume 2". */
static void sel_name(reader *r, buf *b)
{
    const mdl_disk *dk = lst_sel_disk(r);
    if (r->sel_vol)
        buf_printf(b, "the disk of volume %u", dk->num);
    else
        buf_printf(b, "disk " MDL_DISK_FMT, MDL_DISK_ARGS(*dk));
}

static bool parts_eq(const mdl_disk *a, const mdl_disk *b)
{
    size_t i;
    if (a->nparts != b->nparts)
        return false;
    for (i = 0; i < a->nparts; i++)
        if (a->parts[i].num != b->parts[i].num || a->parts[i].type != b->parts[i].type ||
            !mdl_size_eq(a->parts[i].size, b->parts[i].size) ||
            !mdl_size_eq(a->parts[i].offset, b->parts[i].offset))
            return false;
    return true;
}

static void swap_parts(mdl_disk *a, mdl_disk *b)
{
    mdl_partition *p = a->parts;
    size_t n = a->nparts, c = a->capparts;
    a->parts = b->parts;
    a->nparts = b->nparts;
    a->capparts = b->capparts;
    b->parts = p;
    b->nparts = n;
    b->capparts = c;
}

/* ---- end of a table ---- */

void lst_free_rows(reader *r)
{
    mdl_server_free(&r->cur);
    util_free(r->cur_parts.parts);
    memset(&r->cur_parts, 0, sizeof r->cur_parts);
}

static void swap_disks(mdl_server *a, mdl_server *b)
{
    mdl_server t = *a;
    a->disks = b->disks;
    a->ndisks = b->ndisks;
    a->capdisks = b->capdisks;
    b->disks = t.disks;
    b->ndisks = t.ndisks;
    b->capdisks = t.capdisks;
}

/* A `list disk` table, read at table_off: the first is the snapshot's, a
 * later one must show the same. */
static void store_disks(reader *r, mdl_server *rows, size_t table_off)
{
    buf why;
    r->seen_disks = true;
    if (!r->have_disks) {
        swap_disks(r->out, rows);
        r->have_disks = true;
        r->disks_off = table_off;
        return;
    }
    buf_init(&why);
    {
        mdl_server a = *r->out, b = *rows;
        a.nvols = b.nvols = 0;
        if (!mdl_server_eq(&a, &b, &why))
            lst_two_moments(r, table_off,
                "this 'list disk' differs from the one at line %lu (%s): a snapshot must "
                "describe one moment", lst_line_of(r, r->disks_off), buf_cstr(&why));
    }
    buf_free(&why);
}

/* The held disk table after a volume selection: the volume's `detail volume`
 * table (as_detail) or a `list disk`. */
void lst_settle_vd(reader *r, bool as_detail)
{
    if (!r->vd_pending)
        return;
    r->vd_pending = false;
    if (!as_detail) {
        store_disks(r, &r->vd_rows, r->vd_off);
    } else {
        mdl_volume v, *w = mdl_find_volume(&r->vdetails, (unsigned)r->vd_vol);
        size_t i;
        memset(&v, 0, sizeof v);
        v.num = (unsigned)r->vd_vol;
        v.detail_known = true;
        for (i = 0; i < r->vd_rows.ndisks && i < MDL_VOL_DISKS; i++) {
            v.detail_on[i].num = r->vd_rows.disks[i].num;
            v.detail_on[i].missing_id = r->vd_rows.disks[i].missing_id;
        }
        v.ndetail = (unsigned)i;
        if (r->vd_rows.ndisks > MDL_VOL_DISKS) {
            lst_err(r, r->vd_off, 0, E212, "a volume on more than %u disks", MDL_VOL_DISKS);
        } else if (w) {
            if (w->ndetail != v.ndetail || memcmp(w->detail_on, v.detail_on, v.ndetail * sizeof *v.detail_on) != 0)
                lst_two_moments(r, r->vd_off,
                    "this 'detail volume' of volume %ld shows other disks than the one at line %lu: a "
                    "snapshot must describe one moment", r->vd_vol,
                    lst_line_of(r, r->vdoff[w - r->vdetails.vols]));
        } else if (!util_grow((void **)&r->vdoff, &r->capvdoff, r->vdetails.nvols + 1, sizeof *r->vdoff) ||
                   !mdl_add_volume(&r->vdetails, &v)) {
            lst_err(r, r->vd_off, 0, E010, "out of memory");
        } else {
            r->vdoff[r->vdetails.nvols - 1] = r->vd_off;
            /* each row must be the disk's `list disk` row: checked at the end */
            for (i = 0; i < r->vd_rows.ndisks; i++)
                if (!util_grow((void **)&r->vdcoff, &r->capvdcoff, r->vd_check.ndisks + 1, sizeof *r->vdcoff) ||
                    !mdl_add_disk(&r->vd_check, &r->vd_rows.disks[i]))
                    lst_err(r, r->vd_off, 0, E010, "out of memory");
                else
                    r->vdcoff[r->vd_check.ndisks - 1] = r->vd_off;
        }
        r->vd_fields = true;
    }
    mdl_server_free(&r->vd_rows);
}

/* The rows of a volume table that only shows some volumes (`detail disk`,
 * `detail partition`): each must be as `list volume` shows it (checked at
 * the end). */
static void keep_detail_vols(reader *r)
{
    size_t i;
    for (i = 0; i < r->cur.nvols; i++)
        if (!mdl_find_volume(&r->detail_vols, r->cur.vols[i].num) &&
            !mdl_add_volume(&r->detail_vols, &r->cur.vols[i]))
            lst_err(r, r->table_off, 0, E010, "out of memory");
}

void lst_end_table(reader *r)
{
    buf why;
    if (r->table == TB_NONE)
        return;
    buf_init(&why);
    if (!r->have_dashes || r->rows == 0) {
        if (!(r->table == TB_PARTITION && r->have_dashes))
            lst_err(r, r->table_off, 0, E204, "table cut short: %s",
                r->have_dashes ? "no rows after the dashes" : "no dashes under the header");
        goto done;
    }
    if (r->table_bad)
        goto done;      /* a bad row: the table is not trusted, compare nothing */
    if (r->table == TB_DISK && r->vd_table) {
        swap_disks(&r->vd_rows, &r->cur);
        r->vd_pending = true;
        r->vd_off = r->table_off;
    } else if (r->table == TB_DISK) {
        store_disks(r, &r->cur, r->table_off);
    } else if (r->table == TB_VOLUME && r->dpart_table) {
        keep_detail_vols(r);
        r->in_dpart = false;    /* a volume table after it is another command's */
    } else if (r->table == TB_VOLUME && r->in_detail_table) {
        size_t i;
        mdl_disk *dk = r->sel >= 0 ? lst_sel_disk(r) : NULL;
        if (dk) {
            util_free(dk->detail.vols);
            dk->detail.nvols = 0;
            if (!(dk->detail.vols = util_calloc(r->cur.nvols, sizeof *dk->detail.vols)))
                lst_err(r, r->table_off, 0, E010, "out of memory");
            for (i = 0; dk->detail.vols && i < r->cur.nvols; i++) {
                dk->detail.vols[i] = r->cur.vols[i].num;
                dk->detail.nvols = i + 1;
                if (!mdl_find_volume(&r->detail_vols, r->cur.vols[i].num) &&
                    !mdl_add_volume(&r->detail_vols, &r->cur.vols[i]))
                    lst_err(r, r->table_off, 0, E010, "out of memory");
            }
        }
        r->in_detail = false;
    } else if (r->table == TB_VOLUME) {
        if (!r->have_vols) {
            mdl_server tmp = *r->out;
            r->out->vols = r->cur.vols;
            r->out->nvols = r->cur.nvols;
            r->out->capvols = r->cur.capvols;
            r->cur.vols = tmp.vols;
            r->cur.nvols = tmp.nvols;
            r->cur.capvols = tmp.capvols;
            r->have_vols = true;
            r->vols_off = r->table_off;
        } else {
            mdl_server a = *r->out, b = r->cur;
            a.ndisks = b.ndisks = 0;
            if (!mdl_server_eq(&a, &b, &why))
                lst_two_moments(r, r->table_off,
                    "this 'list volume' differs from the one at line %lu (%s): a snapshot must "
                    "describe one moment", lst_line_of(r, r->vols_off), buf_cstr(&why));
        }
    } else if (r->table == TB_PARTITION) {
        mdl_disk *dk = lst_sel_disk(r);
        if (!dk->parts_known) {
            swap_parts(dk, &r->cur_parts);
            dk->parts_known = true;
            lst_sel_entry(r)->part_off = r->table_off;
        } else if (!parts_eq(dk, &r->cur_parts)) {
            buf name;
            buf_init(&name);
            sel_name(r, &name);
            lst_two_moments(r, r->table_off, "this 'list partition' of %s differs from the one at line %lu: a "
                        "snapshot must describe one moment", buf_cstr(&name),
                        lst_line_of(r, lst_sel_entry(r)->part_off));
            buf_free(&name);
        }
    }
done:
    buf_free(&why);
    lst_free_rows(r);
    r->table = TB_NONE;
    r->in_detail_table = false;
    r->dpart_table = false;
}

/* ---- selections and table headers ---- */

/* The number in a selection message ("Disk M1 is now ..."). */
static bool message_number(const char *line, size_t len, unsigned long *num, bool *missing,
                           size_t *at, size_t *n)
{
    size_t i, j;
    for (i = 0; i < len && !(line[i] >= '0' && line[i] <= '9'); i++)
        ;
    *missing = i > 0 && line[i - 1] == 'M';
    for (j = i; j < len && line[j] >= '0' && line[j] <= '9'; j++)
        ;
    *at = i;
    *n = j - i;
    return lst_parse_number(line + i, j - i, num);
}

/* "Disk N is now the selected disk." */
void lst_select_disk(reader *r, const char *line, size_t len, size_t off)
{
    unsigned long num;
    bool missing;
    size_t at, n;
    r->vsel = -1;
    r->sel_vol = false;
    if (!message_number(line, len, &num, &missing, &at, &n)) {
        lst_err(r, off + at, n, E211, "disk number out of range");
        r->sel = -1;
        return;
    }
    r->sel = aside_select(&r->aux, num, missing);
    if (r->sel < 0)
        lst_err(r, off, 0, E010, "out of memory");
}

/* A volume selected, a partition selected, or a selection refused.
 * Selecting a volume moves the disk focus to the volume's disk (corpus 06,
 * 07): a partition table or disk detail that follows is kept aside under the
 * volume's number and joined to its disk at the end (finish). */
void lst_select_other(reader *r, enum line_kind k, const char *line, size_t len, size_t off)
{
    unsigned long num;
    bool missing;
    size_t at, n;
    r->vsel = -1;
    if (k == L_SEL_PARTITION)
        return;     /* the disk focus stays */
    r->sel = -1;
    r->sel_vol = false;
    if (k != L_SEL_VOLUME || !message_number(line, len, &num, &missing, &at, &n))
        return;
    r->vsel = (long)num;
    r->sel = aside_select(&r->vaux, num, false);
    r->sel_vol = r->sel >= 0;
    if (r->sel < 0)
        lst_err(r, off, 0, E010, "out of memory");
}

static void no_selected_disk(reader *r, size_t off, size_t len)
{
    lst_err(r, off, len, E208, "partition listing with no disk selected before it "
                           "(expected a line 'Disk N is now the selected disk.')");
}

/* "There are no partitions on this disk to show." */
void lst_no_partitions(reader *r, size_t off, size_t len)
{
    mdl_disk *dk;
    if (r->sel < 0) {
        no_selected_disk(r, off, len);
        return;
    }
    dk = lst_sel_disk(r);
    if (!dk->parts_known) {
        dk->parts_known = true;
        lst_sel_entry(r)->part_off = off;
    } else if (dk->nparts != 0) {
        buf name;
        buf_init(&name);
        sel_name(r, &name);
        lst_two_moments(r, off, "%s was listed with partitions at line %lu", buf_cstr(&name),
                    lst_line_of(r, lst_sel_entry(r)->part_off));
        buf_free(&name);
    }
}

/* A table header: the table it starts, and whose it is. */
void lst_header(reader *r, classified c, size_t off, size_t len)
{
    r->table = c.table;
    r->lang = c.lang;
    r->table_off = off;
    r->have_dashes = false;
    r->rows = 0;
    r->nspans = 0;
    r->table_bad = false;
    r->in_detail_table = c.table == TB_VOLUME && r->in_detail && r->sel >= 0;
    r->dpart_table = c.table == TB_VOLUME && r->in_dpart && !r->in_detail_table;
    r->vd_table = c.table == TB_DISK && r->vsel >= 0;
    r->vd_vol = r->vsel;
    r->vsel = -1;
    if (c.table == TB_DISK && !r->vd_table)
        r->seen_disks = true;
    if (c.table == TB_VOLUME && !r->in_detail_table && !r->dpart_table)
        r->seen_vols = true;
    if (c.table == TB_PARTITION && r->sel < 0) {
        no_selected_disk(r, off, len);
        r->table = TB_NONE;
        r->skip = SKIP_TO_BLANK;
    }
}

/* ---- joining and final checks ---- */

static bool vol_eq(const mdl_volume *a, const mdl_volume *b)
{
    return a->letter == b->letter && strcmp(a->label, b->label) == 0 && a->fs == b->fs &&
           a->type == b->type && mdl_size_eq(a->size, b->size) && a->status == b->status &&
           a->info == b->info;
}

/* The disk of volume v as the capture shows it: its `detail volume` (one
 * disk), the one `detail disk` whose volume table holds it, or the only disk
 * `list disk` shows.  NULL when the capture does not tell, or when the volume
 * is a CD or DVD drive, on no disk `list disk` shows. */
static const mdl_disk *volume_disk(const reader *r, unsigned v)
{
    const mdl_volume *dv = mdl_find_volume(&r->vdetails, v), *lv = mdl_find_volume(r->out, v);
    const mdl_disk *found = NULL;
    size_t i, j;
    if (lv && (lv->type == VT_DVDROM || lv->type == VT_CDROM))
        return NULL;
    if (dv)
        return dv->ndetail == 1 ? mdl_find_disk(r->out, dv->detail_on[0].num, dv->detail_on[0].missing_id)
                                : NULL;
    for (i = 0; i < r->aux.s.ndisks; i++) {
        const mdl_disk *a = &r->aux.s.disks[i];
        for (j = 0; a->detail.known && j < a->detail.nvols; j++)
            if (a->detail.vols[j] == v) {
                if (found)
                    return NULL;
                if (!(found = mdl_find_disk(r->out, a->num, a->missing_id)))
                    return NULL;
            }
    }
    if (found)
        return found;
    return r->out->ndisks == 1 ? &r->out->disks[0] : NULL;
}

/* Does volume v live on more than one disk (its type says so, or its
 * `detail volume` shows several)? */
static bool on_many_disks(const reader *r, unsigned v)
{
    const mdl_volume *dv = mdl_find_volume(&r->vdetails, v), *lv = mdl_find_volume(r->out, v);
    if (dv && dv->ndetail > 1)
        return true;
    return lv && (lv->type == VT_MIRROR || lv->type == VT_STRIPE || lv->type == VT_SPANNED ||
                  lv->type == VT_RAID5);
}

/* Partition tables and details seen while a volume had the focus: joined to
 * the volume's disk when the capture tells which it is; else left out (that
 * disk's partitions stay unknown to the model). */
static void join_volume_focus(reader *r)
{
    size_t i;
    for (i = 0; i < r->vaux.s.ndisks; i++) {
        mdl_disk *v = &r->vaux.s.disks[i], *a;
        const mdl_disk *dk;
        size_t at = v->parts_known ? r->vaux.e[i].part_off : r->vaux.e[i].detail_off;
        long k;
        if (!v->parts_known && !v->detail.known)
            continue;
        if (r->have_vols && !mdl_find_volume(r->out, v->num)) {
            lst_err(r, at, 0, E218, "volume %u, selected before this, is not in the 'list volume' output", v->num);
            continue;
        }
        if (on_many_disks(r, v->num)) {
            lst_err(r, at, 0, E208,
                "%s with no disk selected before it: volume %u, selected before it, lives on more "
                "than one disk, and DiskPart then gives no disk the focus",
                v->parts_known ? "partition listing" : "disk details", v->num);
            continue;
        }
        if (!(dk = volume_disk(r, v->num)))
            continue;
        if ((k = aside_select(&r->aux, dk->num, dk->missing_id)) < 0) {
            lst_err(r, at, 0, E010, "out of memory");
            return;
        }
        a = &r->aux.s.disks[k];
        v = &r->vaux.s.disks[i];
        if (v->parts_known && !a->parts_known) {
            swap_parts(a, v);
            a->parts_known = true;
            r->aux.e[k].part_off = r->vaux.e[i].part_off;
        } else if (v->parts_known && !parts_eq(a, v)) {
            lst_err(r, r->vaux.e[i].part_off, 0, E207,
                "this 'list partition' of disk " MDL_DISK_FMT " (the disk of volume %u) differs from the one at "
                "line %lu: a snapshot must describe one moment", MDL_DISK_ARGS(*a),
                v->num, lst_line_of(r, r->aux.e[k].part_off));
        }
        if (v->detail.known && !a->detail.known) {
            mdl_disk_detail t = a->detail;
            a->detail = v->detail;
            v->detail = t;
            r->aux.e[k].detail_off = r->vaux.e[i].detail_off;
        }
    }
}

void lst_finish(reader *r, const lst_options *opt)
{
    size_t i;
    if (r->stopped)
        return;     /* its cause is reported; nothing else would help */
    lst_settle_vd(r, false);
    if (r->stopped)
        return;
    /* a missing listing is said once, and only when nothing else was wrong
     * (a table the reader could not read may be the one missing) */
    if (!opt->partial && r->d->errors == r->start_errors && r->seen_disks && !r->seen_vols &&
        r->aux.s.ndisks == 0)     /* 'list disk' alone: what stage 1 of the probe prints */
        lst_err(r, r->src->len, 0, E206,
            "no 'list volume' output in this capture: it holds 'list disk' alone, as stage 1 of the "
            "probe prints; make stage 2 with `mrb probe --from %s > probe.txt`, run `diskpart /s "
            "probe.txt > snapshot.txt` on the server and give snapshot.txt", r->src->name);
    else if (!opt->partial && r->d->errors == r->start_errors && (!r->seen_disks || !r->seen_vols))
        lst_err(r, r->src->len, 0, r->seen_disks ? E206 : E205,
            "no %s output in this capture: " LST_CAPTURE_HOW, r->seen_disks ? "'list volume'"
                                   : r->seen_vols ? "'list disk'" : "'list disk' nor 'list volume'");
    join_volume_focus(r);
    for (i = 0; i < r->aux.s.ndisks; i++) {
        mdl_disk *a = &r->aux.s.disks[i], *dk;
        if (!a->parts_known && !a->detail.known)
            continue;
        dk = mdl_find_disk(r->out, a->num, a->missing_id);
        if (!dk) {
            if (r->have_disks)
                lst_err(r, a->parts_known ? r->aux.e[i].part_off : r->aux.e[i].detail_off, 0, E213,
                    "disk " MDL_DISK_FMT " is not in the 'list disk' output", MDL_DISK_ARGS(*a));
            continue;
        }
        if (a->parts_known) {
            swap_parts(dk, a);
            dk->parts_known = true;
        }
        if (a->detail.known) {
            mdl_disk_detail t = dk->detail;
            dk->detail = a->detail;
            a->detail = t;
        }
    }
    for (i = 0; i < r->vdetails.nvols; i++) {
        const mdl_volume *v = &r->vdetails.vols[i];
        mdl_volume *w = mdl_find_volume(r->out, v->num);
        if (!w) {
            if (r->have_vols)
                lst_err(r, r->vdoff[i], 0, E218, "volume %u is not in the 'list volume' output", v->num);
            continue;
        }
        w->detail_known = true;
        w->ndetail = v->ndetail;
        memcpy(w->detail_on, v->detail_on, sizeof w->detail_on);
    }
    for (i = 0; r->have_disks && i < r->vd_check.ndisks; i++) {
        const mdl_disk *a = &r->vd_check.disks[i], *dk = mdl_find_disk(r->out, a->num, a->missing_id);
        if (!dk)
            lst_err(r, r->vdcoff[i], 0, E213, "this 'detail volume' shows disk " MDL_DISK_FMT ", which the 'list disk' output does not",
                MDL_DISK_ARGS(*a));
        else if (dk->status != a->status || !mdl_size_eq(dk->size, a->size) || !mdl_size_eq(dk->free, a->free) ||
                 dk->dyn != a->dyn || dk->gpt != a->gpt)
            lst_err(r, r->vdcoff[i], 0, E207,
                "this 'detail volume' shows disk " MDL_DISK_FMT " otherwise than 'list disk' at line %lu: a snapshot "
                "must describe one moment", MDL_DISK_ARGS(*a), lst_line_of(r, r->disks_off));
    }
    for (i = 0; i < r->detail_vols.nvols; i++) {
        const mdl_volume *v = &r->detail_vols.vols[i], *w = mdl_find_volume(r->out, v->num);
        if (r->have_vols && (!w || !vol_eq(v, w)))
            lst_err(r, r->src->len, 0, E207,
                "volume %u is shown differently by 'detail disk' or 'detail partition' and 'list volume'", v->num);
    }
}
