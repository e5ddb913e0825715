/* sim.c - the DiskPart simulator: focus, each command's effect, refusals.
 *
 * Each command runs in three stages: the focus it needs (dpcmd.h's table;
 * missing focus is DiskPart's "There is no X selected" refusal), the checks
 * DiskPart makes (a refusal prints DiskPart's message and fails the
 * command), then the effect on the model and the success message.  Every
 * check that depends on something the listing did not say returns
 * SIM_UNKNOWN before anything changes, so a command either runs whole or
 * leaves the model as it was.
 *
 * Sizes are intervals (model.h): the arithmetic below keeps them sound, and
 * a comparison is yes, no or unknown (tri).  Partitions are kept sorted by
 * offset and numbered 1..n in that order, as DiskPart lists them; focus on
 * a partition is held by its offset so that renumbering keeps it.
 *
 * The rules that infer a volume's disks and a partition's volume from a
 * listing are in runtime/infer.c and explained in runtime/MODEL.md.
 *
 * Length.  Over the house's 900 lines because it is one job with many
 * cases: each modelled DiskPart command is a do_ function with DiskPart's
 * checks, refusals and effect, and they share the focus and size helpers
 * at the top; splitting the commands across files would only spread those
 * helpers.
 */
#include "sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

#define DP_MSG_ROW(e, code, verified, text) {code, verified, text},
const dp_msg_info dp_messages[DM_COUNT] = {DP_MESSAGES(DP_MSG_ROW)};
#undef DP_MSG_ROW

#define ALIGN MDL_MiB               /* DiskPart's default partition alignment */
#define LDM_BYTES MDL_MiB           /* the dynamic-disk database (docs/DISKPART.md 1.9) */
#define TAIL_BYTES MDL_MiB          /* room kept free at a disk's end (GPT backup), conservatively */

enum tri { T_NO, T_YES, T_UNKNOWN };

/* ---- sizes ------------------------------------------------------------ */

static mdl_size sz_add(mdl_size a, mdl_size b)
{
    mdl_size r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi - 1;
    return r;
}

/* a - b, floored at 0. */
static mdl_size sz_sub(mdl_size a, mdl_size b)
{
    mdl_size r;
    r.lo = a.lo > b.hi - 1 ? a.lo - (b.hi - 1) : 0;
    r.hi = a.hi > b.lo ? a.hi - b.lo : 1;
    if (r.hi <= r.lo)
        r.hi = r.lo + 1;
    return r;
}

static enum tri sz_ge(mdl_size a, mdl_size b)
{
    if (a.lo >= b.hi - 1)
        return T_YES;
    if (a.hi - 1 < b.lo)
        return T_NO;
    return T_UNKNOWN;
}

static bool sz_exact(mdl_size a) { return a.hi == a.lo + 1; }

static uint64_t align_up(uint64_t v) { return (v + ALIGN - 1) / ALIGN * ALIGN; }

/* ---- output ----------------------------------------------------------- */

/* Print message msg as DiskPart does in script mode: a blank line, the text. */
static void say(sim *m, enum dp_msg msg, ...)
{
    va_list ap;
    buf_putc(m->out, '\n');
    va_start(ap, msg);
    buf_vprintf(m->out, dp_messages[msg].text, ap);
    va_end(ap);
    buf_putc(m->out, '\n');
}

static enum sim_rc refuse(sim *m, enum dp_msg msg, ...)
{
    va_list ap;
    buf_putc(m->out, '\n');
    va_start(ap, msg);
    buf_vprintf(m->out, dp_messages[msg].text, ap);
    va_end(ap);
    buf_putc(m->out, '\n');
    m->last_error = msg;
    return SIM_FAILED;
}

static enum sim_rc unknown(sim *m, const char *fmt, ...) MRB_PRINTF(2, 3);
static enum sim_rc unknown(sim *m, const char *fmt, ...)
{
    va_list ap;
    buf_reset(&m->why);
    va_start(ap, fmt);
    buf_vprintf(&m->why, fmt, ap);
    va_end(ap);
    return SIM_UNKNOWN;
}

static enum sim_rc unmodelled(sim *m, const char *what)
{
    buf_reset(&m->why);
    buf_printf(&m->why, "%s is not modelled by the simulator", what);
    return SIM_UNMODELLED;
}

/* A table from print.c, without the blank line it ends with: in script
 * mode the next output starts with its own blank line. */
static void table_done(sim *m)
{
    if (m->out->len >= 2 && m->out->data[m->out->len - 1] == '\n' && m->out->data[m->out->len - 2] == '\n')
        m->out->data[--m->out->len] = '\0';
}

static const char *disk_name(const mdl_disk *d, char *b, size_t n)
{
    snprintf(b, n, MDL_DISK_FMT, MDL_DISK_ARGS(*d));
    return b;
}

/* ---- the model -------------------------------------------------------- */

/* The partition volume v lives on, when the model knows it. */
static const mdl_partition *vol_partition(const mdl_server *s, const mdl_volume *v, const mdl_disk **on)
{
    size_t i, j;
    for (i = 0; i < s->ndisks; i++)
        for (j = 0; j < s->disks[i].nparts; j++) {
            const mdl_partition *p = &s->disks[i].parts[j];
            if (p->vol_known && p->has_vol && p->vol == v->num) {
                *on = &s->disks[i];
                return p;
            }
        }
    return NULL;
}

/* The one definition of the volumes DiskPart protects (runtime/MODEL.md,
 * "Protected volumes").  For its data (clean of its disk, delete, format,
 * offline): the boot, system, pagefile, crashdump and hibernation volumes
 * (docs/DISKPART.md 1.7, 1.10).  For its letter (assign, remove): the boot and
 * pagefile volumes, and a system volume unless it is an EFI system
 * partition, a FAT volume on a GPT disk's System partition (the guide's GPT
 * session assigns and removes the letter of one).  Unknown only for a
 * letter, when v shows System and the model cannot tell whether it is an
 * ESP. */
enum protect_use { PROTECT_DATA, PROTECT_LETTER };

static enum tri protected_vol(const mdl_server *s, const mdl_volume *v, enum protect_use use)
{
    const mdl_disk *d = NULL;
    const mdl_partition *p;
    switch (v->info) {
    case VI_BOOT:
    case VI_PAGEFILE: return T_YES;
    case VI_CRASHDUMP:
    case VI_HIBERNAT: return use == PROTECT_DATA ? T_YES : T_NO;
    case VI_SYSTEM: break;
    default: return T_NO;
    }
    if (use == PROTECT_DATA || v->type != VT_PARTITION || (v->fs != FS_FAT32 && v->fs != FS_FAT))
        return T_YES;
    if (!(p = vol_partition(s, v, &d)))
        return T_UNKNOWN;
    return p->type == PT_SYSTEM && d->gpt ? T_NO : T_YES;
}

static bool data_protected(const mdl_server *s, const mdl_volume *v)
{
    return protected_vol(s, v, PROTECT_DATA) == T_YES;
}

static enum sim_rc letter_guard(sim *m, const mdl_volume *v)
{
    enum tri t = protected_vol(m->srv, v, PROTECT_LETTER);
    if (t == T_YES)
        return refuse(m, DM_LETTER_SYSTEM);
    if (t == T_UNKNOWN)
        return unknown(m, "volume %u shows System: whether it is an EFI system partition, whose letter DiskPart "
                          "changes, or the system volume, whose letter it does not, is unknown: capture "
                          "`list partition` of its disk", v->num);
    return SIM_OK;
}

/* Does volume v live (at least partly) on disk d?  infer.c's rules. */
static enum tri vol_on(const mdl_volume *v, const mdl_disk *d)
{
    int on = sim_vol_on(v, d);
    return on > 0 ? T_YES : on == 0 ? T_NO : T_UNKNOWN;
}

static mdl_disk *find_ref(const mdl_server *s, mdl_disk_ref r) { return mdl_find_disk(s, r.num, r.missing_id); }

static mdl_volume *find_letter(const mdl_server *s, char letter)
{
    size_t i;
    for (i = 0; i < s->nvols; i++)
        if (s->vols[i].letter == letter)
            return &s->vols[i];
    return NULL;
}

static long part_index(const mdl_disk *d, uint64_t off)
{
    size_t i;
    for (i = 0; i < d->nparts; i++)
        if (d->parts[i].offset.lo == off)
            return (long)i;
    return -1;
}

static void renumber(mdl_disk *d)
{
    size_t i, j;
    for (i = 1; i < d->nparts; i++)
        for (j = i; j > 0 && d->parts[j - 1].offset.lo > d->parts[j].offset.lo; j--) {
            mdl_partition t = d->parts[j];
            d->parts[j] = d->parts[j - 1];
            d->parts[j - 1] = t;
        }
    for (i = 0; i < d->nparts; i++)
        d->parts[i].num = (unsigned)i + 1;
}

/* A command other than `add disk` changed d's partitions or free space:
 * the same-size assumption (A1) no longer speaks for it. */
static void layout_changed(mdl_disk *d) { d->has_twin = false; }

/* Free space of a basic disk whose partitions are known (after any change
 * of them). */
static void basic_free(mdl_disk *d)
{
    mdl_size used = mdl_exact(0);
    size_t i;
    for (i = 0; i < d->nparts; i++)
        used = sz_add(used, d->parts[i].size);
    d->free = sz_sub(d->size, used);
    layout_changed(d);
}

static void remove_part(mdl_disk *d, size_t i)
{
    memmove(&d->parts[i], &d->parts[i + 1], (d->nparts - i - 1) * sizeof *d->parts);
    d->nparts--;
}

static void remove_volume(mdl_server *s, unsigned num)
{
    size_t i, j;
    for (i = 0; i < s->ndisks; i++)
        for (j = 0; j < s->disks[i].nparts; j++) {
            mdl_partition *p = &s->disks[i].parts[j];
            if (p->vol_known && p->has_vol && p->vol == num)
                p->has_vol = false;
        }
    for (i = 0; i < s->nvols; i++)
        if (s->vols[i].num == num) {
            mdl_remove_volume(s, i);
            return;
        }
}

/* The lowest volume number not in use (docs/DISKPART.md 1.1: numbers are reused). */
static unsigned free_vol_num(const mdl_server *s)
{
    unsigned n = 0;
    while (mdl_find_volume(s, n))
        n++;
    return n;
}

static void drop_plex(mdl_volume *v, const mdl_disk *d)
{
    unsigned i;
    for (i = 0; i < v->non; i++)
        if (mdl_ref_is(v->on[i], d)) {
            memmove(&v->on[i], &v->on[i + 1], (v->non - i - 1) * sizeof *v->on);
            v->non--;
            return;
        }
}

/* ---- session ---------------------------------------------------------- */

void sim_opts_default(sim_opts *o)
{
    o->version = "10.0.19041.964";
    o->host = "SERVER";
    o->auto_msr_size = 16 * MDL_MiB - 17 * MDL_KiB;
    o->auto_msr_offset = 17 * MDL_KiB;
}

void sim_init(sim *m, mdl_server *srv, const sim_opts *o, buf *out)
{
    memset(m, 0, sizeof *m);
    m->srv = srv;
    m->out = out;
    if (o)
        m->opts = *o;
    else
        sim_opts_default(&m->opts);
    buf_init(&m->why);
    buf_init(&m->notes);
    sim_infer(srv);
}

void sim_free(sim *m)
{
    buf_free(&m->why);
    buf_free(&m->notes);
}

void sim_banner(sim *m)
{
    say(m, DM_BANNER, m->opts.version, m->opts.host);
}

static mdl_disk *focus_disk(const sim *m) { return m->fdisk == SF_SET ? find_ref(m->srv, m->disk) : NULL; }
static mdl_volume *focus_vol(const sim *m) { return m->fvol == SF_SET ? mdl_find_volume(m->srv, m->vol) : NULL; }

static mdl_partition *focus_part(const sim *m)
{
    mdl_disk *d = focus_disk(m);
    long i;
    if (!d || m->fpart != SF_SET || (i = part_index(d, m->part_off)) < 0)
        return NULL;
    return &d->parts[i];
}

static void focus_partition(sim *m, const mdl_partition *p)
{
    m->fpart = SF_SET;
    m->part_off = p->offset.lo;
    if (!p->vol_known) {
        m->fvol = SF_UNKNOWN;
    } else if (p->has_vol) {
        m->fvol = SF_SET;
        m->vol = p->vol;
    } else {
        m->fvol = SF_NONE;
    }
}

/* Focus on volume v: its disk and partition too when it lives on exactly
 * one partition (docs/DISKPART.md 1.1). */
static void focus_volume(sim *m, const mdl_volume *v)
{
    size_t j;
    const mdl_disk *d;
    m->fvol = SF_SET;
    m->vol = v->num;
    m->fpart = SF_NONE;
    if (!v->where_known) {
        m->fdisk = SF_UNKNOWN;
        m->fpart = SF_UNKNOWN;
        return;
    }
    if (v->non != 1) {
        m->fdisk = SF_NONE;
        return;
    }
    m->fdisk = SF_SET;
    m->disk = v->on[0];
    d = find_ref(m->srv, v->on[0]);
    if (!d || !d->parts_known) {
        m->fpart = SF_UNKNOWN;
        return;
    }
    for (j = 0; j < d->nparts; j++) {
        const mdl_partition *p = &d->parts[j];
        if (!p->vol_known) {
            m->fpart = SF_UNKNOWN;
            return;
        }
        if (p->has_vol && p->vol == v->num) {
            if (m->fpart == SF_SET) {
                m->fpart = SF_NONE; /* more than one partition: none */
                return;
            }
            m->fpart = SF_SET;
            m->part_off = p->offset.lo;
        }
    }
}

/* The object each command needs, or DiskPart's refusal. */
static enum sim_rc need_disk(sim *m, mdl_disk **d)
{
    if (m->fdisk == SF_UNKNOWN)
        return unknown(m, "the disk with focus is unknown: the volume selected last lives on disks the "
                          "listing does not name; capture `detail volume` for it");
    if (!(*d = focus_disk(m)))
        return refuse(m, DM_NO_DISK);
    return SIM_OK;
}

static enum sim_rc need_vol(sim *m, mdl_volume **v)
{
    if (m->fvol == SF_UNKNOWN)
        return unknown(m, "the volume with focus is unknown: the partition selected last may hold a volume; "
                          "capture `detail partition` for it");
    if (!(*v = focus_vol(m)))
        return refuse(m, DM_NO_VOLUME);
    return SIM_OK;
}

static enum sim_rc need_part(sim *m, mdl_disk **d, mdl_partition **p)
{
    if (m->fdisk == SF_UNKNOWN || m->fpart == SF_UNKNOWN)
        return unknown(m, "the partition with focus is unknown: capture `list partition` of the disk "
                          "holding the volume selected last");
    *d = focus_disk(m);
    if (!(*p = focus_part(m)))
        return refuse(m, DM_NO_PART);
    return SIM_OK;
}

static enum sim_rc need_parts(sim *m, const mdl_disk *d)
{
    char n[16];
    if (!d->parts_known)
        return unknown(m, "the partitions of disk %s are unknown: capture `select disk %s` and "
                          "`list partition`", disk_name(d, n, sizeof n), n);
    return SIM_OK;
}

/* ---- values ----------------------------------------------------------- */

static bool parse_uint(dp_slice s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;
    if (s.n == 0 || s.n > 12)
        return false;
    for (i = 0; i < s.n; i++) {
        if (s.s[i] < '0' || s.s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s.s[i] - '0');
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

/* "1" or "M0" (any case). */
static bool parse_disk(dp_slice s, mdl_disk_ref *r)
{
    uint64_t n;
    r->missing_id = s.n > 0 && (s.s[0] == 'M' || s.s[0] == 'm');
    if (r->missing_id) {
        s.s++;
        s.n--;
    }
    if (!parse_uint(s, 999999999u, &n))
        return false;
    r->num = (unsigned)n;
    return true;
}

/* "t", "T" or "t:" */
static bool parse_letter(dp_slice s, char *letter)
{
    char c;
    if (s.n < 1 || s.n > 2 || (s.n == 2 && s.s[1] != ':'))
        return false;
    c = (char)util_lower((unsigned char)s.s[0]);
    if (c < 'a' || c > 'z')
        return false;
    *letter = (char)(c - 'a' + 'A');
    return true;
}

static enum sim_rc syntax(sim *m, enum dp_cmd_id id)
{
    char name[64];
    dp_cmd_name(id, name, sizeof name);
    return refuse(m, DM_SYNTAX, name);
}

/* ---- commands --------------------------------------------------------- */

static enum sim_rc do_select_disk(sim *m, const dp_cmd *c)
{
    mdl_disk_ref r;
    mdl_disk *d;
    char n[16];
    if (!c->has_value) {
        if (!(d = focus_disk(m)))
            return m->fdisk == SF_UNKNOWN ? need_disk(m, &d) : refuse(m, DM_NO_DISK);
        say(m, DM_DISK_SELECTED, disk_name(d, n, sizeof n));
        return SIM_OK;
    }
    if (util_ieqn(c->value.s, c->value.n, "system") || util_ieqn(c->value.s, c->value.n, "next"))
        return unmodelled(m, "`select disk system|next`");
    m->fpart = SF_NONE;
    m->fvol = SF_NONE;
    if (!parse_disk(c->value, &r) || !(d = find_ref(m->srv, r))) {
        m->fdisk = SF_NONE;
        return refuse(m, DM_DISK_INVALID);
    }
    m->fdisk = SF_SET;
    m->disk = r;
    say(m, DM_DISK_SELECTED, disk_name(d, n, sizeof n));
    return SIM_OK;
}

static enum sim_rc do_select_volume(sim *m, const dp_cmd *c)
{
    mdl_volume *v = NULL;
    uint64_t n;
    char letter;
    if (!c->has_value) {
        enum sim_rc rc = need_vol(m, &v);
        if (rc != SIM_OK)
            return rc;
        say(m, DM_VOLUME_SELECTED, v->num);
        return SIM_OK;
    }
    if (parse_uint(c->value, 999999999u, &n))
        v = mdl_find_volume(m->srv, (unsigned)n);
    else if (parse_letter(c->value, &letter))
        v = find_letter(m->srv, letter);
    else if (memchr(c->value.s, '\\', c->value.n))
        return unmodelled(m, "selecting a volume by mount path");
    if (!v) {
        m->fvol = SF_NONE;
        m->fpart = m->fpart == SF_UNKNOWN ? SF_UNKNOWN : SF_NONE;
        return refuse(m, DM_VOLUME_INVALID);
    }
    focus_volume(m, v);
    say(m, DM_VOLUME_SELECTED, v->num);
    return SIM_OK;
}

static enum sim_rc do_select_partition(sim *m, const dp_cmd *c, mdl_disk *d)
{
    uint64_t n;
    size_t i;
    enum sim_rc rc;
    if (!c->has_value) {
        mdl_partition *p;
        if ((rc = need_part(m, &d, &p)) != SIM_OK)
            return rc;
        say(m, DM_PART_SELECTED, p->num);
        return SIM_OK;
    }
    if ((rc = need_parts(m, d)) != SIM_OK)
        return rc;
    if (parse_uint(c->value, 999999999u, &n))
        for (i = 0; i < d->nparts; i++)
            if (d->parts[i].num == n) {
                focus_partition(m, &d->parts[i]);
                say(m, DM_PART_SELECTED, d->parts[i].num);
                return SIM_OK;
            }
    m->fpart = SF_NONE;
    m->fvol = SF_NONE;
    return refuse(m, DM_PART_INVALID);
}

static enum sim_rc do_list(sim *m, enum dp_cmd_id id)
{
    size_t i;
    long focus = -1;
    if (id == CMD_LIST_DISK) {
        if (m->fdisk == SF_UNKNOWN)
            return unknown(m, "which disk `list disk` stars is unknown: capture `detail volume` for the "
                              "volume selected last");
        for (i = 0; i < m->srv->ndisks; i++)
            if (m->fdisk == SF_SET && mdl_ref_is(m->disk, &m->srv->disks[i]))
                focus = (long)i;
        prt_list_disk(m->out, m->srv, focus);
    } else if (id == CMD_LIST_VOLUME) {
        if (m->fvol == SF_UNKNOWN)
            return unknown(m, "which volume `list volume` stars is unknown: capture `detail partition` for "
                              "the partition selected last");
        for (i = 0; i < m->srv->nvols; i++)
            if (m->fvol == SF_SET && m->srv->vols[i].num == m->vol)
                focus = (long)i;
        prt_list_volume(m->out, m->srv, focus);
    } else {
        mdl_disk *d;
        enum sim_rc rc;
        if (m->fdisk == SF_NONE || !focus_disk(m)) {
            if (m->fdisk == SF_UNKNOWN)
                return need_disk(m, &d);
            return refuse(m, DM_NO_DISK_TO_LIST);
        }
        d = focus_disk(m);
        if ((rc = need_parts(m, d)) != SIM_OK)
            return rc;
        if (m->fpart == SF_UNKNOWN)
            return need_part(m, &d, NULL);
        if (m->fpart == SF_SET)
            focus = part_index(d, m->part_off);
        prt_list_partition(m->out, d, focus);
    }
    table_done(m);
    return SIM_OK;
}

static enum sim_rc do_detail_disk(sim *m, mdl_disk *d)
{
    mdl_disk copy;
    unsigned *vols;
    size_t i, n = 0;
    char name[16];
    if (!d->detail.known)
        return unknown(m, "what `detail disk` prints for disk %s is unknown: capture `select disk %s` and "
                          "`detail disk`", disk_name(d, name, sizeof name), name);
    for (i = 0; i < m->srv->nvols; i++)
        if (vol_on(&m->srv->vols[i], d) == T_UNKNOWN)
            return unknown(m, "whether volume %u lives on disk %s is unknown: capture `detail volume` for it",
                           m->srv->vols[i].num, disk_name(d, name, sizeof name));
    if (!(vols = util_calloc(m->srv->nvols + 1, sizeof *vols)))
        return SIM_NOMEM;
    for (i = 0; i < m->srv->nvols; i++)
        if (vol_on(&m->srv->vols[i], d) == T_YES)
            vols[n++] = m->srv->vols[i].num;
    copy = *d;
    copy.detail.vols = vols;
    copy.detail.nvols = n;
    prt_detail_disk(m->out, m->srv, &copy);
    util_free(vols);
    table_done(m);
    return SIM_OK;
}

static enum sim_rc do_break(sim *m, const dp_cmd *c, mdl_volume *v)
{
    mdl_disk_ref r;
    mdl_disk *d;
    size_t i;
    if (v->type != VT_MIRROR)
        return refuse(m, DM_NOT_MIRROR);
    if (!parse_disk(c->value, &r))
        return syntax(m, c->id);
    if (!v->where_known)
        return unknown(m, "which disks volume %u lives on is unknown: capture `detail volume` for it", v->num);
    if (!(d = find_ref(m->srv, r)) || vol_on(v, d) != T_YES)
        return refuse(m, DM_NOT_PLEX_DISK);
    if (!(c->opts & DP_BIT(DPO_NOKEEP)))
        return unmodelled(m, "`break` without nokeep (the kept plex's new volume)");
    /* The plex on d goes: its space becomes free. */
    if (d->status != DS_MISSING) {
        layout_changed(d);
        d->free = sz_add(d->free, v->size);
        for (i = d->nparts; i-- > 0;)
            if (d->parts[i].vol_known && d->parts[i].has_vol && d->parts[i].vol == v->num &&
                d->parts[i].type == PT_DYN_DATA)
                remove_part(d, i);
        renumber(d);
    }
    drop_plex(v, d);
    v->type = VT_SIMPLE;
    v->status = VS_HEALTHY;
    m->fdisk = m->fvol = m->fpart = SF_NONE;
    say(m, DM_BROKE);
    return SIM_OK;
}

static enum sim_rc do_delete_disk(sim *m, const dp_cmd *c, mdl_disk *d)
{
    size_t i;
    if (d->status != DS_MISSING)
        return refuse(m, DM_NOT_MISSING);
    for (i = 0; i < m->srv->nvols; i++) {
        enum tri t = vol_on(&m->srv->vols[i], d);
        if (t == T_UNKNOWN)
            return unknown(m, "whether volume %u has a plex on the missing disk is unknown: capture `detail "
                              "volume` for it", m->srv->vols[i].num);
        if (t == T_YES && !(c->opts & DP_BIT(DPO_OVERRIDE)))
            return refuse(m, DM_DISK_HAS_PLEXES);
    }
    for (i = m->srv->nvols; i-- > 0;) {
        mdl_volume *v = &m->srv->vols[i];
        if (vol_on(v, d) != T_YES)
            continue;
        if (v->non <= 1) {
            remove_volume(m->srv, v->num);
        } else {
            drop_plex(v, d);
            if (v->type == VT_MIRROR && v->non == 1) {
                v->type = VT_SIMPLE;
                v->status = VS_HEALTHY;
            }
        }
    }
    mdl_remove_disk(m->srv, (size_t)(d - m->srv->disks));
    m->fdisk = m->fpart = SF_NONE;
    say(m, DM_DELETED_DISK);
    return SIM_OK;
}

static enum sim_rc do_delete_partition(sim *m, const dp_cmd *c, mdl_disk *d, mdl_partition *p)
{
    mdl_volume *v = NULL;
    if (!p->vol_known)
        return unknown(m, "which volume partition %u holds is unknown: capture `detail partition` for it", p->num);
    if (p->has_vol && (v = mdl_find_volume(m->srv, p->vol)) && data_protected(m->srv, v))
        return refuse(m, DM_DELETE_SYSTEM);
    if (d->dyn)
        return unmodelled(m, "`delete partition` on a dynamic disk");
    if (p->type != PT_PRIMARY && p->type != PT_LOGICAL && !(c->opts & DP_BIT(DPO_OVERRIDE)))
        return refuse(m, DM_DELETE_PROTECTED);
    if (v) {
        if (m->fvol == SF_SET && m->vol == v->num)
            m->fvol = SF_NONE;
        remove_volume(m->srv, v->num);
    }
    remove_part(d, (size_t)(p - d->parts));
    layout_changed(d);
    renumber(d);
    basic_free(d);
    m->fpart = SF_NONE;
    if (m->fvol == SF_UNKNOWN)
        m->fvol = SF_NONE;
    say(m, DM_DELETED_PART);
    return SIM_OK;
}

static enum sim_rc do_delete_volume(sim *m, mdl_volume *v)
{
    size_t i, j;
    if (data_protected(m->srv, v))
        return refuse(m, DM_DELETE_VOLUME_SYSTEM);
    if (!v->where_known)
        return unknown(m, "which disks volume %u lives on is unknown: capture `detail volume` for it", v->num);
    if (v->type != VT_PARTITION)
        return unmodelled(m, "`delete volume` of a dynamic volume");
    for (i = 0; i < v->non; i++) {
        mdl_disk *d = find_ref(m->srv, v->on[i]);
        if (!d)
            continue;
        if (!d->parts_known)
            return need_parts(m, d);
        for (j = d->nparts; j-- > 0;)
            if (d->parts[j].vol_known && d->parts[j].has_vol && d->parts[j].vol == v->num) {
                if (m->fpart == SF_SET && m->fdisk == SF_SET && mdl_ref_is(m->disk, d) &&
                    m->part_off == d->parts[j].offset.lo)
                    m->fpart = SF_NONE;
                remove_part(d, j);
            }
        renumber(d);
        basic_free(d);
    }
    remove_volume(m->srv, v->num);
    m->fvol = SF_NONE;
    say(m, DM_DELETED_VOLUME);
    return SIM_OK;
}

/* Is disk d empty (no partitions)? */
static enum tri disk_empty(const sim *m, const mdl_disk *d)
{
    size_t i;
    if (d->parts_known)
        return d->nparts == 0 ? T_YES : T_NO;
    for (i = 0; i < m->srv->nvols; i++)
        if (vol_on(&m->srv->vols[i], d) == T_YES)
            return T_NO;
    return T_UNKNOWN;
}

static bool add_part(mdl_disk *d, enum mdl_part_type type, uint64_t off, mdl_size size, const mdl_volume *v)
{
    mdl_partition p;
    memset(&p, 0, sizeof p);
    p.type = type;
    p.offset = mdl_exact(off);
    p.size = size;
    p.vol_known = true;
    p.has_vol = v != NULL;
    p.vol = v ? v->num : 0;
    if (!mdl_add_partition(d, &p))
        return false;
    renumber(d);
    return true;
}

static enum sim_rc do_convert_style(sim *m, const dp_cmd *c, mdl_disk *d)
{
    char n[16];
    bool gpt = c->id == CMD_CONVERT_GPT;
    enum tri empty;
    if (d->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    if (d->dyn)
        return refuse(m, DM_DYNAMIC_DISK);
    empty = disk_empty(m, d);
    if (empty == T_NO)
        return refuse(m, DM_NOT_CONVERTIBLE);
    if (empty == T_UNKNOWN)
        return unknown(m, "whether disk %s is empty is unknown: capture `select disk %s` and `list partition`",
                       disk_name(d, n, sizeof n), n);
    d->gpt = gpt;
    d->raw = false;
    d->parts_known = true;
    d->nparts = 0;
    if (gpt && m->opts.auto_msr_size &&
        !add_part(d, PT_RESERVED, m->opts.auto_msr_offset, mdl_exact(m->opts.auto_msr_size), NULL))
        return SIM_NOMEM;
    basic_free(d);
    say(m, gpt ? DM_CONVERTED_GPT : DM_CONVERTED_MBR);
    return SIM_OK;
}

/* Make basic disk d dynamic as `convert dynamic` does (docs/DISKPART.md 1.9):
 * on GPT the MSR gives its first MiB to a Dynamic Reserved partition; data
 * partitions become Dynamic Data and their volumes simple volumes. */
static enum sim_rc make_dynamic(sim *m, mdl_disk *d)
{
    size_t i, msr = (size_t)-1;
    char n[16];
    if (d->raw)
        return unknown(m, "disk %s is not initialised: whether DiskPart makes it dynamic is unverified",
                       disk_name(d, n, sizeof n));
    if (!d->parts_known)
        return need_parts(m, d);
    for (i = 0; i < d->nparts; i++) {
        if (!d->parts[i].vol_known)
            return unknown(m, "which volume partition %u of disk %s holds is unknown: capture `detail "
                              "partition` for it", d->parts[i].num, disk_name(d, n, sizeof n));
        if (d->parts[i].type == PT_RESERVED)
            msr = i;
    }
    if (d->gpt && msr == (size_t)-1)
        return unknown(m, "disk %s has no MSR: how DiskPart makes it dynamic is unverified",
                       disk_name(d, n, sizeof n));
    if (d->gpt && !(sz_exact(d->parts[msr].offset) && d->parts[msr].size.lo > LDM_BYTES))
        return unknown(m, "the MSR of disk %s is not known to the byte: capture `detail partition`",
                       disk_name(d, n, sizeof n));
    for (i = 0; i < d->nparts; i++) {
        mdl_partition *p = &d->parts[i];
        mdl_volume *v;
        if (p->type != PT_PRIMARY || !p->has_vol)
            continue;
        p->type = PT_DYN_DATA;
        if ((v = mdl_find_volume(m->srv, p->vol)))
            v->type = VT_SIMPLE;
    }
    if (d->gpt) {
        uint64_t off = d->parts[msr].offset.lo;
        if (m->fpart == SF_SET && m->fdisk == SF_SET && mdl_ref_is(m->disk, d) && m->part_off == off)
            m->part_off = off + LDM_BYTES; /* focus stays on the MSR */
        d->parts[msr].offset = mdl_exact(off + LDM_BYTES);
        d->parts[msr].size.lo -= LDM_BYTES;
        d->parts[msr].size.hi -= LDM_BYTES;
        if (!add_part(d, PT_DYN_RESERVED, off, mdl_exact(LDM_BYTES), NULL))
            return SIM_NOMEM;
    } else {
        d->free = sz_sub(d->free, mdl_exact(LDM_BYTES));
    }
    layout_changed(d);
    d->dyn = true;
    return SIM_OK;
}

static enum sim_rc do_convert_dynamic(sim *m, mdl_disk *d)
{
    enum sim_rc rc;
    if (d->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    if (d->dyn)
        return refuse(m, DM_ALREADY_DYNAMIC);
    if ((rc = make_dynamic(m, d)) != SIM_OK)
        return rc;
    say(m, DM_CONVERTED_DYN);
    return SIM_OK;
}

static enum sim_rc do_convert_basic(sim *m, mdl_disk *d)
{
    size_t i;
    char n[16];
    if (d->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    if (!d->dyn)
        return refuse(m, DM_NOT_DYNAMIC);
    for (i = 0; i < m->srv->nvols; i++) {
        enum tri t = vol_on(&m->srv->vols[i], d);
        if (t == T_YES && mdl_vol_type_dynamic(m->srv->vols[i].type))
            return refuse(m, DM_NOT_CONVERTIBLE);
        if (t == T_UNKNOWN)
            return unknown(m, "whether volume %u lives on disk %s is unknown: capture `detail volume` for it",
                           m->srv->vols[i].num, disk_name(d, n, sizeof n));
    }
    d->dyn = false;
    for (i = 0; i < d->nparts; i++)
        if (d->parts[i].type == PT_DYN_DATA || d->parts[i].type == PT_DYN_RESERVED)
            d->parts_known = false; /* how DiskPart gives back the MSR is unverified */
    say(m, DM_CONVERTED_BASIC);
    return SIM_OK;
}

static enum sim_rc do_clean(sim *m, mdl_disk *d)
{
    size_t i;
    char n[16];
    if (d->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    for (i = 0; i < m->srv->nvols; i++) {
        const mdl_volume *v = &m->srv->vols[i];
        enum tri t = vol_on(v, d);
        if (t == T_YES && data_protected(m->srv, v))
            return refuse(m, DM_CLEAN_SYSTEM);
    }
    for (i = 0; i < m->srv->nvols; i++) {
        const mdl_volume *v = &m->srv->vols[i];
        enum tri t = vol_on(v, d);
        if (t == T_UNKNOWN)
            return unknown(m, "whether volume %u%s lives on disk %s is unknown: capture `select disk %s`, "
                              "`list partition` and `detail disk`", v->num,
                           data_protected(m->srv, v) ? " (a boot or system volume)" : "", disk_name(d, n, sizeof n), n);
        if (t == T_YES && v->non > 1)
            return unmodelled(m, "`clean` of a disk holding one plex of a multi-disk volume");
    }
    for (i = m->srv->nvols; i-- > 0;)
        if (vol_on(&m->srv->vols[i], d) == T_YES) {
            if (m->fvol == SF_SET && m->vol == m->srv->vols[i].num)
                m->fvol = SF_NONE;
            remove_volume(m->srv, m->srv->vols[i].num);
        }
    d->nparts = 0;
    d->parts_known = true;
    d->raw = true;
    layout_changed(d);
    d->gpt = false;
    d->dyn = false;
    d->free = d->size;
    m->fpart = SF_NONE;
    if (m->fvol == SF_UNKNOWN)
        m->fvol = SF_NONE;
    say(m, DM_CLEANED);
    return SIM_OK;
}

/* create partition efi|msr|primary.  Over 100 lines: DiskPart's checks
 * (the disk's state and style, where the partition goes, whether it fits)
 * come in order, each with its refusal or its unknown, before the one place
 * the partition is added. */
static enum sim_rc do_create(sim *m, const dp_cmd *c, mdl_disk *d)
{
    static const enum mdl_part_type types[] = {PT_SYSTEM, PT_RESERVED, PT_PRIMARY};
    enum mdl_part_type type = types[c->id - CMD_CREATE_EFI];
    uint64_t mb = 0, kb = 0, cursor, off = 0;
    mdl_size size, end_disk;
    mdl_volume nv;
    char empty[1] = "";
    size_t i;
    bool found = false, init = false;
    char n[16];
    enum sim_rc rc;
    if ((c->opts & DP_BIT(DPO_SIZE)) && !parse_uint(c->optval[DPO_SIZE], 1ull << 40, &mb))
        return syntax(m, c->id);
    if ((c->opts & DP_BIT(DPO_OFFSET)) && !parse_uint(c->optval[DPO_OFFSET], 1ull << 50, &kb))
        return syntax(m, c->id);
    if (c->opts & (DP_BIT(DPO_ID) | DP_BIT(DPO_ALIGN)))
        return unmodelled(m, "`create partition` with id= or align=");
    if (d->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    if (d->dyn)
        return refuse(m, DM_DYNAMIC_DISK);
    if (d->raw) {
        if (c->id != CMD_CREATE_PRIMARY)
            return unknown(m, "disk %s is not initialised: whether DiskPart initialises it for an EFI or MSR "
                              "partition is unverified", disk_name(d, n, sizeof n));
        init = true;
    } else if (type != PT_PRIMARY && !d->gpt) {
        return refuse(m, DM_NOT_GPT);
    }
    if ((rc = need_parts(m, d)) != SIM_OK)
        return rc;
    if (init) {
        say(m, DM_INIT_GPT);
        d->raw = false;
        d->gpt = true;
        if (m->opts.auto_msr_size &&
            !add_part(d, PT_RESERVED, m->opts.auto_msr_offset, mdl_exact(m->opts.auto_msr_size), NULL))
            return SIM_NOMEM;
    }
    /* First fit from 1 MiB, aligned to 1 MiB, before the room kept at the end. */
    end_disk = sz_sub(d->size, mdl_exact(TAIL_BYTES));
    cursor = ALIGN;
    for (i = 0; i <= d->nparts && !found; i++) {
        mdl_size gap_end = i < d->nparts ? d->parts[i].offset : end_disk;
        uint64_t start = kb ? kb * MDL_KiB : align_up(cursor);
        if (kb && (start < cursor || start >= gap_end.lo)) {
            if (i < d->nparts) {
                mdl_size e = sz_add(d->parts[i].offset, d->parts[i].size);
                if (!sz_exact(e))
                    return unknown(m, "where partition %u of disk %s ends is unknown to the byte", d->parts[i].num,
                                   disk_name(d, n, sizeof n));
                cursor = e.lo;
            }
            continue;
        }
        if (mb) {
            mdl_size want = mdl_exact(start + mb * MDL_MiB);
            enum tri fits = sz_ge(gap_end, want);
            if (fits == T_UNKNOWN)
                return unknown(m, "whether %llu MB fit before %s of disk %s is unknown: the sizes are known only "
                                  "as DiskPart displays them", (unsigned long long)mb,
                               i < d->nparts ? "the next partition" : "the end", disk_name(d, n, sizeof n));
            if (fits == T_YES) {
                found = true;
                off = start;
                size = mdl_exact(mb * MDL_MiB);
            }
        } else if (gap_end.lo > start + ALIGN) {
            found = true;
            off = start;
            size = sz_sub(gap_end, mdl_exact(start));
        } else if (gap_end.hi - 1 > start + ALIGN) {
            return unknown(m, "whether disk %s has free space there is unknown", disk_name(d, n, sizeof n));
        }
        if (!found && i < d->nparts) {
            mdl_size e = sz_add(d->parts[i].offset, d->parts[i].size);
            if (align_up(e.lo) != align_up(e.hi - 1))
                return unknown(m, "where partition %u of disk %s ends is unknown to the megabyte: capture "
                                  "`detail partition`", d->parts[i].num, disk_name(d, n, sizeof n));
            cursor = e.lo;
        }
    }
    if (!found) {
        if (init)
            basic_free(d);
        return refuse(m, DM_NO_SPACE);
    }
    memset(&nv, 0, sizeof nv);
    nv.num = free_vol_num(m->srv);
    nv.label = empty;
    nv.fs = FS_RAW;
    nv.type = VT_PARTITION;
    nv.size = size;
    nv.status = VS_HEALTHY;
    nv.info = type == PT_SYSTEM ? VI_HIDDEN : VI_NONE;
    nv.where_known = true;
    nv.non = 1;
    nv.on[0] = mdl_ref_of(d);
    if (type != PT_RESERVED && !mdl_add_volume(m->srv, &nv))
        return SIM_NOMEM;
    if (!add_part(d, type, off, size, type != PT_RESERVED ? &nv : NULL))
        return SIM_NOMEM;
    basic_free(d);
    m->fpart = SF_SET;
    m->part_off = off;
    m->fvol = type != PT_RESERVED ? SF_SET : SF_NONE;
    m->vol = nv.num;
    say(m, DM_CREATED_PART);
    return SIM_OK;
}

static enum sim_rc do_format(sim *m, const dp_cmd *c, mdl_volume *v)
{
    int fs = FS_NTFS, i;
    char *label;
    if (c->opts & DP_BIT(DPO_FS)) {
        fs = -1;
        for (i = 1; i < FS_COUNT; i++)
            if (util_ieqn(c->optval[DPO_FS].s, c->optval[DPO_FS].n, mdl_word(&mdl_fs_vocab, i)))
                fs = i;
        if (fs < 0 || fs == FS_RAW || fs == FS_CDFS || fs == FS_UDF)
            return syntax(m, c->id);
    }
    if (c->opts & (DP_BIT(DPO_UNIT) | DP_BIT(DPO_COMPRESS)))
        return unmodelled(m, "`format` with unit= or compress");
    if (data_protected(m->srv, v))
        return refuse(m, DM_FORMAT_SYSTEM);
    if (v->type == VT_CDROM || v->type == VT_DVDROM)
        return refuse(m, DM_NO_MEDIA);
    label = util_strndup(c->optval[DPO_LABEL].s ? c->optval[DPO_LABEL].s : "", c->optval[DPO_LABEL].n);
    if (!label)
        return SIM_NOMEM;
    util_free(v->label);
    v->label = label;
    v->fs = (enum mdl_fs)fs;
    if (v->status == VS_NONE)
        v->status = VS_HEALTHY;
    say(m, DM_FORMAT_PROGRESS);
    say(m, DM_FORMATTED);
    return SIM_OK;
}

static enum sim_rc do_assign(sim *m, const dp_cmd *c, mdl_volume *v)
{
    char letter = 0, l;
    mdl_volume *other;
    enum sim_rc rc;
    if (c->opts & DP_BIT(DPO_MOUNT))
        return unmodelled(m, "`assign mount=`");
    if ((c->opts & DP_BIT(DPO_LETTER)) && !parse_letter(c->optval[DPO_LETTER], &letter))
        return syntax(m, c->id);
    if ((rc = letter_guard(m, v)) != SIM_OK)
        return rc;
    if (!letter) {
        for (l = 'C'; l <= 'Z' && !letter; l++)
            if (!find_letter(m->srv, l))
                letter = l;
        if (!letter)
            return refuse(m, DM_LETTER_IN_USE);
    }
    if ((other = find_letter(m->srv, letter)))
        return refuse(m, DM_LETTER_IN_USE);
    if (v->letter)
        return unknown(m, "volume %u already has the letter %c: whether DiskPart replaces it is unverified",
                       v->num, v->letter);
    v->letter = letter;
    say(m, DM_ASSIGNED);
    return SIM_OK;
}

static enum sim_rc do_remove(sim *m, const dp_cmd *c, mdl_volume *v)
{
    char letter = 0;
    enum sim_rc rc;
    if (c->opts & (DP_BIT(DPO_MOUNT) | DP_BIT(DPO_DISMOUNT)))
        return unmodelled(m, "`remove mount=` or `remove dismount`");
    if ((c->opts & DP_BIT(DPO_LETTER)) && !parse_letter(c->optval[DPO_LETTER], &letter))
        return syntax(m, c->id);
    if ((rc = letter_guard(m, v)) != SIM_OK)
        return rc;
    if (!v->letter || (letter && letter != v->letter))
        return refuse(m, DM_NO_LETTER);
    v->letter = 0;
    say(m, DM_REMOVED);
    return SIM_OK;
}

/* The space on d that its partitions other than those of dynamic volumes
 * take (ESP, MSR, Dynamic Reserved, a Dynamic Data partition known to hold
 * no volume). */
static mdl_size overhead(const mdl_disk *d)
{
    mdl_size s = mdl_exact(0);
    size_t i;
    for (i = 0; i < d->nparts; i++) {
        const mdl_partition *p = &d->parts[i];
        if (p->type != PT_DYN_DATA || (p->vol_known && !p->has_vol))
            s = sz_add(s, p->size);
    }
    return s;
}

/* Whether the dynamic volumes on t are all plexes of volumes on src. */
static bool only_plexes_of(const mdl_server *s, const mdl_disk *t, const mdl_disk *src)
{
    size_t i;
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *w = &s->vols[i];
        enum tri on_t;
        if (!mdl_vol_type_dynamic(w->type))
            continue;   /* partitions: same_size_twin weighs them */
        on_t = vol_on(w, t);
        if (on_t == T_UNKNOWN || (on_t == T_YES && vol_on(w, src) != T_YES))
            return false;
    }
    return true;
}

/* The same-size replacement assumption (runtime/MODEL.md, A1): may target
 * t, which DiskPart displays at the size of src (with the inventory: which
 * has at least src's bytes), be taken to have room for src's plexes?
 * Either t is src's twin already (an earlier `add` from src made it so and
 * nothing else changed t since), or t holds nothing yet but partitions no
 * larger than src's. */
static bool same_size_twin(const mdl_server *s, const mdl_disk *t, const mdl_disk *src)
{
    size_t i;
    bool exact = t->inv.known && src->inv.known;
    if ((exact ? t->inv.bytes < src->inv.bytes : !mdl_size_eq(t->size, src->size)) || !only_plexes_of(s, t, src))
        return false;
    if (t->has_twin)
        return mdl_ref_is(t->twin, src);
    if (!t->parts_known)
        return false;
    for (i = 0; i < s->nvols; i++)
        if (vol_on(&s->vols[i], t) == T_YES && mdl_vol_type_dynamic(s->vols[i].type))
            return false;   /* a plex already there, yet t is no twin */
    return t->nparts == 0 || (src->parts_known && sz_ge(overhead(src), overhead(t)) == T_YES);
}

/* t's free space after an add under A1: src's free space, and the room of
 * the plexes of src that t does not hold yet. */
static mdl_size twin_free(const mdl_server *s, const mdl_disk *t, const mdl_disk *src)
{
    mdl_size f = src->free;
    size_t i;
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *w = &s->vols[i];
        if (mdl_vol_type_dynamic(w->type) && vol_on(w, src) == T_YES && vol_on(w, t) != T_YES)
            f.lo += w->size.lo;
    }
    if (f.lo >= t->size.hi)
        f.lo = t->size.hi - 1;
    if (f.lo != src->free.lo || !mdl_size_eq(t->size, src->size))
        f.hi = t->size.hi;  /* t larger than src (the inventory): more room than src has, perhaps */
    return f;
}

/* `add disk`: the room on t for v is unknown and no assumption holds. */
static enum sim_rc room_unknown(sim *m, const mdl_disk *t, const mdl_disk *src, const mdl_volume *v,
                                const char *tn, const char *sn)
{
    buf shown, fr;
    enum sim_rc rc;
    buf_init(&shown);
    buf_init(&fr);
    mdl_format_size(&shown, t->inv.known ? v->size : t->free);
    buf_printf(&fr, "%llu", (unsigned long long)t->free.lo);
    if (t->free.hi != t->free.lo + 1)
        buf_printf(&fr, " to %llu", (unsigned long long)(t->free.hi - 1));
    if (t->inv.known && src->inv.known)     /* exact sizes (the inventory): A1 is not needed */
        rc = unknown(m, "whether disk %s has room for volume %u is unknown: disk %s is %llu bytes and disk %s "
                        "%llu bytes (the inventory), not the same size; disk %s has %s bytes free, volume %u "
                        "shows %s (%llu to %llu bytes)", tn, v->num, tn, (unsigned long long)t->inv.bytes, sn,
                     (unsigned long long)src->inv.bytes, tn, buf_cstr(&fr), v->num,
                     buf_cstr(&shown) + strspn(buf_cstr(&shown), " "), (unsigned long long)v->size.lo,
                     (unsigned long long)(v->size.hi - 1));
    else
        rc = unknown(m, "whether disk %s has room for volume %u is unknown: both are known only as DiskPart "
                        "displays them (%s free); a larger disk, or `list partition` of disk %s and disk %s "
                        "on disks of the same size, settles it", tn, v->num,
                     buf_cstr(&shown) + strspn(buf_cstr(&shown), " "), sn, tn);
    buf_free(&shown);
    buf_free(&fr);
    return rc;
}

static enum sim_rc do_add(sim *m, const dp_cmd *c, mdl_volume *v)
{
    mdl_disk_ref r;
    mdl_disk *t, *src;
    mdl_size free_after;
    enum tri room;
    bool twin, assumed = false;
    char tn[16], sn[16];
    enum sim_rc rc;
    if (c->opts & DP_BIT(DPO_ALIGN))
        return unmodelled(m, "`add disk` with align=");
    if (v->type != VT_SIMPLE)
        return refuse(m, DM_NOT_SIMPLE);
    if (!parse_disk(c->value, &r))
        return syntax(m, c->id);
    if (!(t = find_ref(m->srv, r)))
        return refuse(m, DM_DISK_INVALID);
    if (t->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    if (!v->where_known || v->non != 1)
        return unknown(m, "which disk volume %u lives on is unknown: capture `detail volume` for it", v->num);
    if (vol_on(v, t) == T_YES)
        return refuse(m, DM_SAME_DISK);
    if (!(src = find_ref(m->srv, v->on[0])))
        return unknown(m, "the disk volume %u lives on is not in the listing", v->num);
    disk_name(t, tn, sizeof tn);
    disk_name(src, sn, sizeof sn);
    twin = same_size_twin(m->srv, t, src);
    /* Room on the target once dynamic: MBR loses the LDM database MiB. */
    free_after = t->dyn || t->gpt ? t->free : sz_sub(t->free, mdl_exact(LDM_BYTES));
    room = sz_ge(free_after, v->size);
    if (room == T_NO)
        return refuse(m, DM_NO_SPACE);
    if (room == T_UNKNOWN) {
        if (!twin)
            return room_unknown(m, t, src, v, tn, sn);
        assumed = true;
    }
    if (!t->dyn) {
        /* The seed's GPT session adds a mirror on a basic disk, which is
         * dynamic afterwards: DiskPart converts it (MODEL.md, rule Q1). */
        if ((rc = make_dynamic(m, t)) != SIM_OK)
            return rc;
    }
    if (assumed) {
        buf shown;
        buf_init(&shown);
        mdl_format_size(&shown, t->size);
        if (t->inv.known && t->inv.bytes == src->inv.bytes)
            buf_printf(&m->notes, "assumed disk %s has room for volume %u as disk %s does: both are %llu bytes "
                       "(the inventory)\n", tn, v->num, sn, (unsigned long long)t->inv.bytes);
        else if (t->inv.known)
            buf_printf(&m->notes, "assumed disk %s has room for volume %u as disk %s does: it is %llu bytes, "
                       "disk %s %llu (the inventory)\n", tn, v->num, sn, (unsigned long long)t->inv.bytes, sn,
                       (unsigned long long)src->inv.bytes);
        else
            buf_printf(&m->notes, "assumed disk %s has room for volume %u as disk %s does: both display %s\n", tn,
                       v->num, sn, buf_cstr(&shown) + strspn(buf_cstr(&shown), " "));
        buf_free(&shown);
    }
    v->on[v->non++] = mdl_ref_of(t);
    if (assumed)
        t->free = twin_free(m->srv, t, src);
    else
        t->free = sz_sub(free_after, v->size);
    t->parts_known = false; /* how DiskPart lays out the new Dynamic Data partitions is unverified */
    t->has_twin = twin;
    t->twin = mdl_ref_of(src);
    v->type = VT_MIRROR;
    v->status = (c->opts & DP_BIT(DPO_WAIT)) ? VS_HEALTHY : VS_REBUILD;
    m->fdisk = SF_SET;
    m->disk = mdl_ref_of(src);
    m->fpart = SF_NONE;
    say(m, DM_ADDED);
    return SIM_OK;
}

static enum sim_rc do_online(sim *m, const dp_cmd *c, mdl_disk *d)
{
    size_t i;
    char n[16];
    bool on = c->id == CMD_ONLINE_DISK;
    if (d->status == DS_MISSING)
        return refuse(m, DM_MISSING_DISK);
    if (on && d->status == DS_ONLINE)
        return refuse(m, DM_ALREADY_ONLINE);
    if (!on && d->status == DS_OFFLINE)
        return refuse(m, DM_ALREADY_OFFLINE);
    if (!on)
        for (i = 0; i < m->srv->nvols; i++)
            if (data_protected(m->srv, &m->srv->vols[i]) && vol_on(&m->srv->vols[i], d) != T_NO)
                return unknown(m, "disk %s may hold the boot or system volume %u: what DiskPart does when it is "
                                  "taken offline is unverified", disk_name(d, n, sizeof n), m->srv->vols[i].num);
    if (on && d->status != DS_OFFLINE)
        return unmodelled(m, "`online disk` on a disk that is neither online nor offline");
    d->status = on ? DS_ONLINE : DS_OFFLINE;
    say(m, on ? DM_ONLINED : DM_OFFLINED);
    return SIM_OK;
}

enum sim_rc sim_exec(sim *m, const dp_cmd *c)
{
    const dp_cmd_info *info = &dp_commands[c->id];
    mdl_disk *d = NULL;
    mdl_volume *v = NULL;
    mdl_partition *p = NULL;
    enum sim_rc rc = SIM_OK;
    buf_reset(&m->why);
    if (info->focus == DPF_UNMODELLED)
        return unmodelled(m, "this DiskPart command");
    if (c->id == CMD_LIST_PARTITION || c->id == CMD_LIST_DISK || c->id == CMD_LIST_VOLUME)
        return do_list(m, c->id);
    if (info->focus == DPF_DISK)
        rc = need_disk(m, &d);
    else if (info->focus == DPF_VOLUME)
        rc = need_vol(m, &v);
    else if (info->focus == DPF_PARTITION)
        rc = need_part(m, &d, &p);
    if (rc != SIM_OK)
        return rc;
    switch (c->id) {
    case CMD_SELECT_DISK: return do_select_disk(m, c);
    case CMD_SELECT_VOLUME: return do_select_volume(m, c);
    case CMD_SELECT_PARTITION: return do_select_partition(m, c, d);
    case CMD_DETAIL_DISK: return do_detail_disk(m, d);
    case CMD_DETAIL_VOLUME: return unmodelled(m, "`detail volume` (its layout is unverified)");
    case CMD_DETAIL_PARTITION: return unmodelled(m, "`detail partition` (its layout is unverified)");
    case CMD_BREAK_DISK: return do_break(m, c, v);
    case CMD_DELETE_DISK: return do_delete_disk(m, c, d);
    case CMD_DELETE_PARTITION: return do_delete_partition(m, c, d, p);
    case CMD_DELETE_VOLUME: return do_delete_volume(m, v);
    case CMD_CONVERT_GPT:
    case CMD_CONVERT_MBR: return do_convert_style(m, c, d);
    case CMD_CONVERT_DYNAMIC: return do_convert_dynamic(m, d);
    case CMD_CONVERT_BASIC: return do_convert_basic(m, d);
    case CMD_CLEAN: return do_clean(m, d);
    case CMD_CREATE_EFI:
    case CMD_CREATE_MSR:
    case CMD_CREATE_PRIMARY: return do_create(m, c, d);
    case CMD_FORMAT: return do_format(m, c, v);
    case CMD_ASSIGN: return do_assign(m, c, v);
    case CMD_REMOVE: return do_remove(m, c, v);
    case CMD_ADD_DISK: return do_add(m, c, v);
    case CMD_ONLINE_DISK:
    case CMD_OFFLINE_DISK: return do_online(m, c, d);
    case CMD_RESCAN: say(m, DM_RESCAN); return SIM_OK;
    case CMD_EXIT: say(m, DM_LEAVING); return SIM_EXIT;
    default: return SIM_OK;
    }
}

enum sim_rc sim_line(sim *m, const char *line, size_t len)
{
    dp_cmd c;
    size_t at;
    enum sim_rc rc;
    char word[64];
    size_t n;
    switch (dp_parse_line(line, len, &c, &at)) {
    case DPP_EMPTY:
        return SIM_OK;
    case DPP_UNKNOWN:
        for (n = 0; n < len && n + 1 < sizeof word && line[n] != ' ' && line[n] != '\t'; n++)
            word[n] = line[n];
        word[n] = '\0';
        while (len && (*line == ' ' || *line == '\t'))
            line++, len--;
        rc = refuse(m, DM_UNKNOWN_COMMAND, word);
        m->exit_code = dp_messages[m->last_error].exit_code;
        return rc;
    case DPP_SYNTAX:
        rc = syntax(m, c.id);
        m->exit_code = dp_messages[m->last_error].exit_code;
        return rc;
    case DPP_OK:
        break;
    }
    rc = sim_exec(m, &c);
    if (rc == SIM_FAILED) {
        if (c.opts & DP_BIT(DPO_NOERR))
            return SIM_OK;
        m->exit_code = dp_messages[m->last_error].exit_code;
    }
    return rc;
}

enum sim_rc sim_script(sim *m, const char *text, size_t len, bool (*after)(void *ctx), void *ctx)
{
    size_t pos = 0;
    buf line;
    enum sim_rc rc = SIM_OK;
    buf_init(&line);
    sim_banner(m);
    m->line = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        m->line++;
        buf_reset(&line);
        buf_put(&line, text + pos, end - pos);
        if (line.failed) {
            rc = SIM_NOMEM;
            break;
        }
        pos = end + 1;
        rc = sim_line(m, buf_cstr(&line), line.len);
        if ((rc == SIM_OK || rc == SIM_EXIT || rc == SIM_FAILED) && after && !after(ctx)) {
            rc = SIM_NOMEM;
            break;
        }
        if (rc != SIM_OK)
            break;
    }
    buf_free(&line);
    return rc;
}
