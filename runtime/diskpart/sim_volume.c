/* sim_volume.c - the DiskPart commands that make partitions and volumes:
 * create partition efi|msr|primary, format, assign and remove a letter,
 * and the mirror's add disk and break disk, with the same-size replacement
 * assumption (runtime/diskpart/MODEL.md, A1) add disk may make.  Each checks what
 * DiskPart checks, in its order, refuses with DiskPart's message, or
 * returns SIM_UNKNOWN before anything changes (sim.c).
 */
#include "diskpart/sim_int.h"

#include <string.h>

enum sim_rc sim_do_break(sim *m, const dp_cmd *c, mdl_volume *v)
{
    mdl_disk_ref r;
    mdl_disk *d;
    size_t i;
    if (v->type != VT_MIRROR)
        return sim_refuse(m, DM_NOT_MIRROR);
    if (!sim_parse_disk(c->value, &r))
        return sim_syntax(m, c->id);
    if (!v->where_known)
        return sim_unknown(m, "which disks volume %u lives on is unknown: capture `detail volume` for it", v->num);
    if (!(d = sim_find_ref(m->srv, r)) || sim_vol_is_on(v, d) != T_YES)
        return sim_refuse(m, DM_NOT_PLEX_DISK);
    if (!(c->opts & DP_BIT(DPO_NOKEEP)))
        return sim_unmodelled(m, "`break` without nokeep (the kept plex's new volume)");
    /* The plex on d goes: its space becomes free. */
    if (d->status != DS_MISSING) {
        sim_layout_changed(d);
        d->free = sz_add(d->free, v->size);
        for (i = d->nparts; i-- > 0;)
            if (d->parts[i].vol_known && d->parts[i].has_vol && d->parts[i].vol == v->num &&
                d->parts[i].type == PT_DYN_DATA)
                sim_remove_part(d, i);
        sim_renumber(d);
    }
    sim_drop_plex(v, d);
    v->type = VT_SIMPLE;
    v->status = VS_HEALTHY;
    m->fdisk = m->fvol = m->fpart = SF_NONE;
    sim_say(m, DM_BROKE);
    return SIM_OK;
}

/* Where `create partition` puts a partition of mb MiB (0: all of the gap
 * it finds) at kb KiB (0: the first gap that fits): DiskPart's first fit
 * from 1 MiB, aligned to 1 MiB, before the room kept at the end.  *found
 * false when none fits; SIM_UNKNOWN when the listing's sizes cannot tell. */
static enum sim_rc place_partition(sim *m, const mdl_disk *d, uint64_t mb, uint64_t kb, uint64_t *off,
                                   mdl_size *size, bool *found)
{
    mdl_size end_disk = sz_sub(d->size, mdl_exact(TAIL_BYTES));
    uint64_t cursor = ALIGN;
    size_t i;
    char n[16];
    *found = false;
    for (i = 0; i <= d->nparts && !*found; i++) {
        mdl_size gap_end = i < d->nparts ? d->parts[i].offset : end_disk;
        uint64_t start = kb ? kb * MDL_KiB : align_up(cursor);
        if (kb && (start < cursor || start >= gap_end.lo)) {
            if (i < d->nparts) {
                mdl_size e = sz_add(d->parts[i].offset, d->parts[i].size);
                if (!sz_exact(e))
                    return sim_unknown(m, "where partition %u of disk %s ends is unknown to the byte", d->parts[i].num,
                                       sim_disk_name(d, n, sizeof n));
                cursor = e.lo;
            }
            continue;
        }
        if (mb) {
            mdl_size want = mdl_exact(start + mb * MDL_MiB);
            enum tri fits = sz_ge(gap_end, want);
            if (fits == T_UNKNOWN)
                return sim_unknown(m, "whether %llu MB fit before %s of disk %s is unknown: the sizes are known only "
                                      "as DiskPart displays them", (unsigned long long)mb,
                                   i < d->nparts ? "the next partition" : "the end", sim_disk_name(d, n, sizeof n));
            if (fits == T_YES) {
                *found = true;
                *off = start;
                *size = mdl_exact(mb * MDL_MiB);
            }
        } else if (gap_end.lo > start + ALIGN) {
            *found = true;
            *off = start;
            *size = sz_sub(gap_end, mdl_exact(start));
        } else if (gap_end.hi - 1 > start + ALIGN) {
            return sim_unknown(m, "whether disk %s has free space there is unknown", sim_disk_name(d, n, sizeof n));
        }
        if (!*found && i < d->nparts) {
            mdl_size e = sz_add(d->parts[i].offset, d->parts[i].size);
            if (align_up(e.lo) != align_up(e.hi - 1))
                return sim_unknown(m, "where partition %u of disk %s ends is unknown to the megabyte: capture "
                                      "`detail partition`", d->parts[i].num, sim_disk_name(d, n, sizeof n));
            cursor = e.lo;
        }
    }
    return SIM_OK;
}

/* The partition `create partition` made, of type at off, with its volume
 * (none for an MSR), and the focus on both. */
static enum sim_rc add_created(sim *m, mdl_disk *d, enum mdl_part_type type, uint64_t off, mdl_size size)
{
    mdl_volume nv;
    char empty[1] = "";
    memset(&nv, 0, sizeof nv);
    nv.num = sim_free_vol_num(m->srv);
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
    if (!sim_add_part(d, type, off, size, type != PT_RESERVED ? &nv : NULL))
        return SIM_NOMEM;
    sim_basic_free(d);
    m->fpart = SF_SET;
    m->part_off = off;
    m->fvol = type != PT_RESERVED ? SF_SET : SF_NONE;
    m->vol = nv.num;
    sim_say(m, DM_CREATED_PART);
    return SIM_OK;
}

/* create partition efi|msr|primary: DiskPart's checks (the disk's state
 * and style, where the partition goes, whether it fits) come in order, each
 * with its refusal or its unknown, before the one place the partition is
 * added. */
enum sim_rc sim_do_create(sim *m, const dp_cmd *c, mdl_disk *d)
{
    static const enum mdl_part_type types[] = {PT_SYSTEM, PT_RESERVED, PT_PRIMARY};
    enum mdl_part_type type = types[c->id - CMD_CREATE_EFI];
    uint64_t mb = 0, kb = 0, off = 0;
    mdl_size size = mdl_exact(0);
    bool found = false, init = false;
    char n[16];
    enum sim_rc rc;
    if ((c->opts & DP_BIT(DPO_SIZE)) && !sim_parse_uint(c->optval[DPO_SIZE], 1ull << 40, &mb))
        return sim_syntax(m, c->id);
    if ((c->opts & DP_BIT(DPO_OFFSET)) && !sim_parse_uint(c->optval[DPO_OFFSET], 1ull << 50, &kb))
        return sim_syntax(m, c->id);
    if (c->opts & (DP_BIT(DPO_ID) | DP_BIT(DPO_ALIGN)))
        return sim_unmodelled(m, "`create partition` with id= or align=");
    if (d->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    if (d->dyn)
        return sim_refuse(m, DM_DYNAMIC_DISK);
    if (d->raw) {
        if (c->id != CMD_CREATE_PRIMARY)
            return sim_unknown(m, "disk %s is not initialised: whether DiskPart initialises it for an EFI or MSR "
                                  "partition is unverified", sim_disk_name(d, n, sizeof n));
        init = true;
    } else if (type != PT_PRIMARY && !d->gpt) {
        return sim_refuse(m, DM_NOT_GPT);
    }
    if ((rc = sim_need_parts(m, d)) != SIM_OK)
        return rc;
    if (init) {
        sim_say(m, DM_INIT_GPT);
        d->raw = false;
        d->gpt = true;
        if (m->opts.auto_msr_size &&
            !sim_add_part(d, PT_RESERVED, m->opts.auto_msr_offset, mdl_exact(m->opts.auto_msr_size), NULL))
            return SIM_NOMEM;
    }
    if ((rc = place_partition(m, d, mb, kb, &off, &size, &found)) != SIM_OK)
        return rc;
    if (!found) {
        if (init)
            sim_basic_free(d);
        return sim_refuse(m, DM_NO_SPACE);
    }
    return add_created(m, d, type, off, size);
}

enum sim_rc sim_do_format(sim *m, const dp_cmd *c, mdl_volume *v)
{
    int fs = FS_NTFS, i;
    char *label;
    if (c->opts & DP_BIT(DPO_FS)) {
        fs = -1;
        for (i = 1; i < FS_COUNT; i++)
            if (util_ieqn(c->optval[DPO_FS].s, c->optval[DPO_FS].n, mdl_word(&mdl_fs_vocab, i)))
                fs = i;
        if (fs < 0 || fs == FS_RAW || fs == FS_CDFS || fs == FS_UDF)
            return sim_syntax(m, c->id);
    }
    if (c->opts & (DP_BIT(DPO_UNIT) | DP_BIT(DPO_COMPRESS)))
        return sim_unmodelled(m, "`format` with unit= or compress");
    if (sim_data_protected(m->srv, v))
        return sim_refuse(m, DM_FORMAT_SYSTEM);
    if (v->type == VT_CDROM || v->type == VT_DVDROM)
        return sim_refuse(m, DM_NO_MEDIA);
    label = util_strndup(c->optval[DPO_LABEL].s ? c->optval[DPO_LABEL].s : "", c->optval[DPO_LABEL].n);
    if (!label)
        return SIM_NOMEM;
    util_free(v->label);
    v->label = label;
    v->fs = (enum mdl_fs)fs;
    if (v->status == VS_NONE)
        v->status = VS_HEALTHY;
    sim_say(m, DM_FORMAT_PROGRESS);
    sim_say(m, DM_FORMATTED);
    return SIM_OK;
}

enum sim_rc sim_do_assign(sim *m, const dp_cmd *c, mdl_volume *v)
{
    char letter = 0, l;
    mdl_volume *other;
    enum sim_rc rc;
    if (c->opts & DP_BIT(DPO_MOUNT))
        return sim_unmodelled(m, "`assign mount=`");
    if ((c->opts & DP_BIT(DPO_LETTER)) && !sim_parse_letter(c->optval[DPO_LETTER], &letter))
        return sim_syntax(m, c->id);
    if ((rc = sim_letter_guard(m, v)) != SIM_OK)
        return rc;
    if (!letter) {
        for (l = 'C'; l <= 'Z' && !letter; l++)
            if (!sim_find_letter(m->srv, l))
                letter = l;
        if (!letter)
            return sim_refuse(m, DM_LETTER_IN_USE);
    }
    if ((other = sim_find_letter(m->srv, letter)))
        return sim_refuse(m, DM_LETTER_IN_USE);
    if (v->letter)
        return sim_unknown(m, "volume %u already has the letter %c: whether DiskPart replaces it is unverified",
                           v->num, v->letter);
    v->letter = letter;
    sim_say(m, DM_ASSIGNED);
    return SIM_OK;
}

enum sim_rc sim_do_remove(sim *m, const dp_cmd *c, mdl_volume *v)
{
    char letter = 0;
    enum sim_rc rc;
    if (c->opts & (DP_BIT(DPO_MOUNT) | DP_BIT(DPO_DISMOUNT)))
        return sim_unmodelled(m, "`remove mount=` or `remove dismount`");
    if ((c->opts & DP_BIT(DPO_LETTER)) && !sim_parse_letter(c->optval[DPO_LETTER], &letter))
        return sim_syntax(m, c->id);
    if ((rc = sim_letter_guard(m, v)) != SIM_OK)
        return rc;
    if (!v->letter || (letter && letter != v->letter))
        return sim_refuse(m, DM_NO_LETTER);
    v->letter = 0;
    sim_say(m, DM_REMOVED);
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
        on_t = sim_vol_is_on(w, t);
        if (on_t == T_UNKNOWN || (on_t == T_YES && sim_vol_is_on(w, src) != T_YES))
            return false;
    }
    return true;
}

/* The same-size replacement assumption (runtime/diskpart/MODEL.md, A1): may target
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
        if (sim_vol_is_on(&s->vols[i], t) == T_YES && mdl_vol_type_dynamic(s->vols[i].type))
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
        if (mdl_vol_type_dynamic(w->type) && sim_vol_is_on(w, src) == T_YES && sim_vol_is_on(w, t) != T_YES)
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
        rc = sim_unknown(m, "whether disk %s has room for volume %u is unknown: disk %s is %llu bytes and disk %s "
                            "%llu bytes (the inventory), not the same size; disk %s has %s bytes free, volume %u "
                            "shows %s (%llu to %llu bytes)", tn, v->num, tn, (unsigned long long)t->inv.bytes, sn,
                         (unsigned long long)src->inv.bytes, tn, buf_cstr(&fr), v->num,
                         buf_cstr(&shown) + strspn(buf_cstr(&shown), " "), (unsigned long long)v->size.lo,
                         (unsigned long long)(v->size.hi - 1));
    else
        rc = sim_unknown(m, "whether disk %s has room for volume %u is unknown: both are known only as DiskPart "
                            "displays them (%s free); a larger disk, or `list partition` of disk %s and disk %s "
                            "on disks of the same size, settles it", tn, v->num,
                         buf_cstr(&shown) + strspn(buf_cstr(&shown), " "), sn, tn);
    buf_free(&shown);
    buf_free(&fr);
    return rc;
}

enum sim_rc sim_do_add(sim *m, const dp_cmd *c, mdl_volume *v)
{
    mdl_disk_ref r;
    mdl_disk *t, *src;
    mdl_size free_after;
    enum tri room;
    bool twin, assumed = false;
    char tn[16], sn[16];
    enum sim_rc rc;
    if (c->opts & DP_BIT(DPO_ALIGN))
        return sim_unmodelled(m, "`add disk` with align=");
    if (v->type != VT_SIMPLE)
        return sim_refuse(m, DM_NOT_SIMPLE);
    if (!sim_parse_disk(c->value, &r))
        return sim_syntax(m, c->id);
    if (!(t = sim_find_ref(m->srv, r)))
        return sim_refuse(m, DM_DISK_INVALID);
    if (t->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    if (!v->where_known || v->non != 1)
        return sim_unknown(m, "which disk volume %u lives on is unknown: capture `detail volume` for it", v->num);
    if (sim_vol_is_on(v, t) == T_YES)
        return sim_refuse(m, DM_SAME_DISK);
    if (!(src = sim_find_ref(m->srv, v->on[0])))
        return sim_unknown(m, "the disk volume %u lives on is not in the listing", v->num);
    sim_disk_name(t, tn, sizeof tn);
    sim_disk_name(src, sn, sizeof sn);
    twin = same_size_twin(m->srv, t, src);
    /* Room on the target once dynamic: MBR loses the LDM database MiB. */
    free_after = t->dyn || t->gpt ? t->free : sz_sub(t->free, mdl_exact(LDM_BYTES));
    room = sz_ge(free_after, v->size);
    if (room == T_NO)
        return sim_refuse(m, DM_NO_SPACE);
    if (room == T_UNKNOWN) {
        if (!twin)
            return room_unknown(m, t, src, v, tn, sn);
        assumed = true;
    }
    if (!t->dyn) {
        /* The seed's GPT session adds a mirror on a basic disk, which is
         * dynamic afterwards: DiskPart converts it (MODEL.md, rule Q1). */
        if ((rc = sim_make_dynamic(m, t)) != SIM_OK)
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
    sim_say(m, DM_ADDED);
    return SIM_OK;
}
