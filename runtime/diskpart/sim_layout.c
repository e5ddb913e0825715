/* sim_layout.c - what the simulator's commands share: the one definition of
 * the volumes DiskPart protects, the disk a volume lives on, and keeping a
 * disk's partitions (sorted by offset, numbered 1..n, free space) and the
 * server's volumes in order as commands add and remove them.
 */
#include "diskpart/sim_int.h"

#include <string.h>

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

/* The one definition of the volumes DiskPart protects (runtime/diskpart/MODEL.md,
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

bool sim_data_protected(const mdl_server *s, const mdl_volume *v)
{
    return protected_vol(s, v, PROTECT_DATA) == T_YES;
}

enum sim_rc sim_letter_guard(sim *m, const mdl_volume *v)
{
    enum tri t = protected_vol(m->srv, v, PROTECT_LETTER);
    if (t == T_YES)
        return sim_refuse(m, DM_LETTER_SYSTEM);
    if (t == T_UNKNOWN)
        return sim_unknown(m, "volume %u shows System: whether it is an EFI system partition, whose letter DiskPart "
                              "changes, or the system volume, whose letter it does not, is unknown: capture "
                              "`list partition` of its disk", v->num);
    return SIM_OK;
}

/* Does volume v live (at least partly) on disk d?  infer.c's rules. */
enum tri sim_vol_is_on(const mdl_volume *v, const mdl_disk *d)
{
    int on = sim_vol_on(v, d);
    return on > 0 ? T_YES : on == 0 ? T_NO : T_UNKNOWN;
}

enum sim_rc sim_vol_known_on(sim *m, size_t i, const mdl_disk *d, enum tri *t)
{
    char n[16];
    *t = sim_vol_is_on(&m->srv->vols[i], d);
    if (*t == T_UNKNOWN)
        return sim_unknown(m, "whether volume %u lives on disk %s is unknown: capture `detail volume` for it",
                           m->srv->vols[i].num, sim_disk_name(d, n, sizeof n));
    return SIM_OK;
}

mdl_disk *sim_find_ref(const mdl_server *s, mdl_disk_ref r) { return mdl_find_disk(s, r.num, r.missing_id); }

mdl_volume *sim_find_letter(const mdl_server *s, char letter)
{
    size_t i;
    for (i = 0; i < s->nvols; i++)
        if (s->vols[i].letter == letter)
            return &s->vols[i];
    return NULL;
}

long sim_part_index(const mdl_disk *d, uint64_t off)
{
    size_t i;
    for (i = 0; i < d->nparts; i++)
        if (d->parts[i].offset.lo == off)
            return (long)i;
    return -1;
}

void sim_renumber(mdl_disk *d)
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
void sim_layout_changed(mdl_disk *d) { d->has_twin = false; }

/* Free space of a basic disk whose partitions are known (after any change
 * of them). */
void sim_basic_free(mdl_disk *d)
{
    mdl_size used = mdl_exact(0);
    size_t i;
    for (i = 0; i < d->nparts; i++)
        used = sz_add(used, d->parts[i].size);
    d->free = sz_sub(d->size, used);
    sim_layout_changed(d);
}

void sim_remove_part(mdl_disk *d, size_t i)
{
    memmove(&d->parts[i], &d->parts[i + 1], (d->nparts - i - 1) * sizeof *d->parts);
    d->nparts--;
}

void sim_remove_volume(mdl_server *s, unsigned num)
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
unsigned sim_free_vol_num(const mdl_server *s)
{
    unsigned n = 0;
    while (mdl_find_volume(s, n))
        n++;
    return n;
}

void sim_drop_plex(mdl_volume *v, const mdl_disk *d)
{
    unsigned i;
    for (i = 0; i < v->non; i++)
        if (mdl_ref_is(v->on[i], d)) {
            memmove(&v->on[i], &v->on[i + 1], (v->non - i - 1) * sizeof *v->on);
            v->non--;
            return;
        }
}

/* Is disk d empty (no partitions)? */
enum tri sim_disk_empty(const sim *m, const mdl_disk *d)
{
    size_t i;
    if (d->parts_known)
        return d->nparts == 0 ? T_YES : T_NO;
    for (i = 0; i < m->srv->nvols; i++)
        if (sim_vol_is_on(&m->srv->vols[i], d) == T_YES)
            return T_NO;
    return T_UNKNOWN;
}

bool sim_add_part(mdl_disk *d, enum mdl_part_type type, uint64_t off, mdl_size size, const mdl_volume *v)
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
    sim_renumber(d);
    return true;
}
