/* sim_disk.c - the DiskPart commands on a disk as a whole: delete disk,
 * partition and volume, convert gpt|mbr|dynamic|basic, clean, online and
 * offline disk.  Each checks what DiskPart checks, in its order, refuses
 * with DiskPart's message, or returns SIM_UNKNOWN before anything changes
 * (sim.c).
 */
#include "diskpart/sim_int.h"

#include <string.h>

enum sim_rc sim_do_delete_disk(sim *m, const dp_cmd *c, mdl_disk *d)
{
    size_t i;
    if (d->status != DS_MISSING)
        return sim_refuse(m, DM_NOT_MISSING);
    for (i = 0; i < m->srv->nvols; i++) {
        enum tri t = sim_vol_is_on(&m->srv->vols[i], d);
        if (t == T_UNKNOWN)
            return sim_unknown(m, "whether volume %u has a plex on the missing disk is unknown: capture `detail "
                                  "volume` for it", m->srv->vols[i].num);
        if (t == T_YES && !(c->opts & DP_BIT(DPO_OVERRIDE)))
            return sim_refuse(m, DM_DISK_HAS_PLEXES);
    }
    for (i = m->srv->nvols; i-- > 0;) {
        mdl_volume *v = &m->srv->vols[i];
        if (sim_vol_is_on(v, d) != T_YES)
            continue;
        if (v->non <= 1) {
            sim_remove_volume(m->srv, v->num);
        } else {
            sim_drop_plex(v, d);
            if (v->type == VT_MIRROR && v->non == 1) {
                v->type = VT_SIMPLE;
                v->status = VS_HEALTHY;
            }
        }
    }
    mdl_remove_disk(m->srv, (size_t)(d - m->srv->disks));
    m->fdisk = m->fpart = SF_NONE;
    sim_say(m, DM_DELETED_DISK);
    return SIM_OK;
}

enum sim_rc sim_do_delete_partition(sim *m, const dp_cmd *c, mdl_disk *d, mdl_partition *p)
{
    mdl_volume *v = NULL;
    if (!p->vol_known)
        return sim_unknown(m, "which volume partition %u holds is unknown: capture `detail partition` for it", p->num);
    if (p->has_vol && (v = mdl_find_volume(m->srv, p->vol)) && sim_data_protected(m->srv, v))
        return sim_refuse(m, DM_DELETE_SYSTEM);
    if (d->dyn)
        return sim_unmodelled(m, "`delete partition` on a dynamic disk");
    if (p->type != PT_PRIMARY && p->type != PT_LOGICAL && !(c->opts & DP_BIT(DPO_OVERRIDE)))
        return sim_refuse(m, DM_DELETE_PROTECTED);
    if (v) {
        if (m->fvol == SF_SET && m->vol == v->num)
            m->fvol = SF_NONE;
        sim_remove_volume(m->srv, v->num);
    }
    sim_remove_part(d, (size_t)(p - d->parts));
    sim_layout_changed(d);
    sim_renumber(d);
    sim_basic_free(d);
    m->fpart = SF_NONE;
    if (m->fvol == SF_UNKNOWN)
        m->fvol = SF_NONE;
    sim_say(m, DM_DELETED_PART);
    return SIM_OK;
}

enum sim_rc sim_do_delete_volume(sim *m, mdl_volume *v)
{
    size_t i, j;
    if (sim_data_protected(m->srv, v))
        return sim_refuse(m, DM_DELETE_VOLUME_SYSTEM);
    if (!v->where_known)
        return sim_unknown(m, "which disks volume %u lives on is unknown: capture `detail volume` for it", v->num);
    if (v->type != VT_PARTITION)
        return sim_unmodelled(m, "`delete volume` of a dynamic volume");
    for (i = 0; i < v->non; i++) {
        mdl_disk *d = sim_find_ref(m->srv, v->on[i]);
        if (!d)
            continue;
        if (!d->parts_known)
            return sim_need_parts(m, d);
        for (j = d->nparts; j-- > 0;)
            if (d->parts[j].vol_known && d->parts[j].has_vol && d->parts[j].vol == v->num) {
                if (m->fpart == SF_SET && m->fdisk == SF_SET && mdl_ref_is(m->disk, d) &&
                    m->part_off == d->parts[j].offset.lo)
                    m->fpart = SF_NONE;
                sim_remove_part(d, j);
            }
        sim_renumber(d);
        sim_basic_free(d);
    }
    sim_remove_volume(m->srv, v->num);
    m->fvol = SF_NONE;
    sim_say(m, DM_DELETED_VOLUME);
    return SIM_OK;
}

enum sim_rc sim_do_convert_style(sim *m, const dp_cmd *c, mdl_disk *d)
{
    char n[16];
    bool gpt = c->id == CMD_CONVERT_GPT;
    enum tri empty;
    if (d->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    if (d->dyn)
        return sim_refuse(m, DM_DYNAMIC_DISK);
    empty = sim_disk_empty(m, d);
    if (empty == T_NO)
        return sim_refuse(m, DM_NOT_CONVERTIBLE);
    if (empty == T_UNKNOWN)
        return sim_unknown(m, "whether disk %s is empty is unknown: capture `select disk %s` and `list partition`",
                           sim_disk_name(d, n, sizeof n), n);
    d->gpt = gpt;
    d->raw = false;
    d->parts_known = true;
    d->nparts = 0;
    if (gpt && m->opts.auto_msr_size &&
        !sim_add_part(d, PT_RESERVED, m->opts.auto_msr_offset, mdl_exact(m->opts.auto_msr_size), NULL))
        return SIM_NOMEM;
    sim_basic_free(d);
    sim_say(m, gpt ? DM_CONVERTED_GPT : DM_CONVERTED_MBR);
    return SIM_OK;
}

/* Make basic disk d dynamic as `convert dynamic` does (docs/DISKPART.md 1.9):
 * on GPT the MSR gives its first MiB to a Dynamic Reserved partition; data
 * partitions become Dynamic Data and their volumes simple volumes. */
enum sim_rc sim_make_dynamic(sim *m, mdl_disk *d)
{
    size_t i, msr = (size_t)-1;
    char n[16];
    if (d->raw)
        return sim_unknown(m, "disk %s is not initialised: whether DiskPart makes it dynamic is unverified",
                           sim_disk_name(d, n, sizeof n));
    if (!d->parts_known)
        return sim_need_parts(m, d);
    for (i = 0; i < d->nparts; i++) {
        if (!d->parts[i].vol_known)
            return sim_unknown(m, "which volume partition %u of disk %s holds is unknown: capture `detail "
                                  "partition` for it", d->parts[i].num, sim_disk_name(d, n, sizeof n));
        if (d->parts[i].type == PT_RESERVED)
            msr = i;
    }
    if (d->gpt && msr == (size_t)-1)
        return sim_unknown(m, "disk %s has no MSR: how DiskPart makes it dynamic is unverified",
                           sim_disk_name(d, n, sizeof n));
    if (d->gpt && !(sz_exact(d->parts[msr].offset) && d->parts[msr].size.lo > LDM_BYTES))
        return sim_unknown(m, "the MSR of disk %s is not known to the byte: capture `detail partition`",
                           sim_disk_name(d, n, sizeof n));
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
        if (!sim_add_part(d, PT_DYN_RESERVED, off, mdl_exact(LDM_BYTES), NULL))
            return SIM_NOMEM;
    } else {
        d->free = sz_sub(d->free, mdl_exact(LDM_BYTES));
    }
    sim_layout_changed(d);
    d->dyn = true;
    return SIM_OK;
}

enum sim_rc sim_do_convert_dynamic(sim *m, mdl_disk *d)
{
    enum sim_rc rc;
    if (d->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    if (d->dyn)
        return sim_refuse(m, DM_ALREADY_DYNAMIC);
    if ((rc = sim_make_dynamic(m, d)) != SIM_OK)
        return rc;
    sim_say(m, DM_CONVERTED_DYN);
    return SIM_OK;
}

enum sim_rc sim_do_convert_basic(sim *m, mdl_disk *d)
{
    size_t i;
    enum sim_rc rc;
    enum tri t;
    if (d->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    if (!d->dyn)
        return sim_refuse(m, DM_NOT_DYNAMIC);
    for (i = 0; i < m->srv->nvols; i++) {
        if ((rc = sim_vol_known_on(m, i, d, &t)) != SIM_OK)
            return rc;
        if (t == T_YES && mdl_vol_type_dynamic(m->srv->vols[i].type))
            return sim_refuse(m, DM_NOT_CONVERTIBLE);
    }
    d->dyn = false;
    for (i = 0; i < d->nparts; i++)
        if (d->parts[i].type == PT_DYN_DATA || d->parts[i].type == PT_DYN_RESERVED)
            d->parts_known = false; /* how DiskPart gives back the MSR is unverified */
    sim_say(m, DM_CONVERTED_BASIC);
    return SIM_OK;
}

enum sim_rc sim_do_clean(sim *m, mdl_disk *d)
{
    size_t i;
    char n[16];
    if (d->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    for (i = 0; i < m->srv->nvols; i++) {
        const mdl_volume *v = &m->srv->vols[i];
        enum tri t = sim_vol_is_on(v, d);
        if (t == T_YES && sim_data_protected(m->srv, v))
            return sim_refuse(m, DM_CLEAN_SYSTEM);
    }
    for (i = 0; i < m->srv->nvols; i++) {
        const mdl_volume *v = &m->srv->vols[i];
        enum tri t = sim_vol_is_on(v, d);
        if (t == T_UNKNOWN)
            return sim_unknown(m, "whether volume %u%s lives on disk %s is unknown: capture `select disk %s`, "
                                  "`list partition` and `detail disk`", v->num,
                               sim_data_protected(m->srv, v) ? " (a boot or system volume)" : "",
                               sim_disk_name(d, n, sizeof n), n);
        if (t == T_YES && v->non > 1)
            return sim_unmodelled(m, "`clean` of a disk holding one plex of a multi-disk volume");
    }
    for (i = m->srv->nvols; i-- > 0;)
        if (sim_vol_is_on(&m->srv->vols[i], d) == T_YES) {
            if (m->fvol == SF_SET && m->vol == m->srv->vols[i].num)
                m->fvol = SF_NONE;
            sim_remove_volume(m->srv, m->srv->vols[i].num);
        }
    d->nparts = 0;
    d->parts_known = true;
    d->raw = true;
    sim_layout_changed(d);
    d->gpt = false;
    d->dyn = false;
    d->free = d->size;
    m->fpart = SF_NONE;
    if (m->fvol == SF_UNKNOWN)
        m->fvol = SF_NONE;
    sim_say(m, DM_CLEANED);
    return SIM_OK;
}

enum sim_rc sim_do_online(sim *m, const dp_cmd *c, mdl_disk *d)
{
    size_t i;
    char n[16];
    bool on = c->id == CMD_ONLINE_DISK;
    if (d->status == DS_MISSING)
        return sim_refuse(m, DM_MISSING_DISK);
    if (on && d->status == DS_ONLINE)
        return sim_refuse(m, DM_ALREADY_ONLINE);
    if (!on && d->status == DS_OFFLINE)
        return sim_refuse(m, DM_ALREADY_OFFLINE);
    if (!on)
        for (i = 0; i < m->srv->nvols; i++)
            if (sim_data_protected(m->srv, &m->srv->vols[i]) && sim_vol_is_on(&m->srv->vols[i], d) != T_NO)
                return sim_unknown(m, "disk %s may hold the boot or system volume %u: what DiskPart does when it is "
                                      "taken offline is unverified", sim_disk_name(d, n, sizeof n),
                                   m->srv->vols[i].num);
    if (on && d->status != DS_OFFLINE)
        return sim_unmodelled(m, "`online disk` on a disk that is neither online nor offline");
    d->status = on ? DS_ONLINE : DS_OFFLINE;
    sim_say(m, on ? DM_ONLINED : DM_OFFLINED);
    return SIM_OK;
}
