/* infer.c - what a listing implies: which disks each volume lives on and
 * which volume each partition holds, by the rules R0 to R6 of
 * runtime/diskpart/MODEL.md (infer.h).
 *
 * A listing says some of this outright (`detail disk` names the volumes of
 * a disk) and leaves the rest to be worked out from sizes, types and which
 * disks are dynamic.  Each rule fills in only what it can prove; what no
 * rule settles stays unknown, and the simulator refuses to guess it.
 */
#include "diskpart/infer.h"

#include <stdlib.h>
#include <string.h>

enum tri { T_NO, T_YES, T_UNKNOWN };

static bool sz_overlap(mdl_size a, mdl_size b) { return a.lo < b.hi && b.lo < a.hi; }


/* Does volume v live (at least partly) on disk d? */
static enum tri vol_on(const mdl_volume *v, const mdl_disk *d)
{
    size_t i;
    if (v->where_known) {
        for (i = 0; i < v->non; i++)
            if (mdl_ref_is(v->on[i], d))
                return T_YES;
        return T_NO;
    }
    if (v->type == VT_CDROM || v->type == VT_DVDROM)
        return T_NO;
    if (mdl_vol_type_dynamic(v->type) && !d->dyn)
        return T_NO;
    /* a missing disk is a dynamic one, and removable media cannot be dynamic */
    if ((v->type == VT_PARTITION || v->type == VT_REMOVABLE) && d->status == DS_MISSING)
        return T_NO;
    if (d->parts_known) {
        bool all = true;
        for (i = 0; i < d->nparts; i++) {
            const mdl_partition *p = &d->parts[i];
            if (!p->vol_known)
                all = false;
            else if (p->has_vol && p->vol == v->num)
                return T_YES;
        }
        if (all)
            return T_NO;
    }
    return T_UNKNOWN;
}

int sim_vol_on(const mdl_volume *v, const mdl_disk *d)
{
    enum tri t = vol_on(v, d);
    return t == T_YES ? 1 : t == T_NO ? 0 : -1;
}

/* ---- inference (runtime/diskpart/MODEL.md) ------------------------------------- */

static void place(mdl_volume *v, const mdl_disk *a, const mdl_disk *b)
{
    v->where_known = true;
    v->non = 0;
    v->on[v->non++] = mdl_ref_of(a);
    if (b)
        v->on[v->non++] = mdl_ref_of(b);
}

/* R1, R2: dynamic volumes on the only dynamic disks that can hold them. */
static void infer_dynamic(mdl_server *s)
{
    size_t i, non = 0, nmiss = 0;
    const mdl_disk *on = NULL, *on2 = NULL, *miss = NULL;
    for (i = 0; i < s->ndisks; i++) {
        const mdl_disk *d = &s->disks[i];
        if (!d->dyn)
            continue;
        if (d->status == DS_MISSING) {
            nmiss++;
            miss = d;
        } else if (d->status == DS_ONLINE) {
            if (non == 0)
                on = d;
            else
                on2 = d;
            non++;
        }
    }
    for (i = 0; i < s->nvols; i++) {
        mdl_volume *v = &s->vols[i];
        if (v->where_known)
            continue;
        if (v->type == VT_SIMPLE && v->status == VS_HEALTHY && non == 1 && nmiss == 0)
            place(v, on, NULL);
        else if (v->type == VT_MIRROR && v->status == VS_FAILED_RD && non == 1 && nmiss == 1)
            place(v, on, miss);
        else if (v->type == VT_MIRROR && (v->status == VS_HEALTHY || v->status == VS_REBUILD) && non == 2 &&
                 nmiss == 0)
            place(v, on, on2);
    }
}

static bool detail_lists(const mdl_disk *d, unsigned vol)
{
    size_t i;
    for (i = 0; i < d->detail.nvols; i++)
        if (d->detail.vols[i] == vol)
            return true;
    return false;
}

/* R6: `detail volume` lists the disks of its volume, missing ones too: a
 * dynamic volume lives there.  `detail disk` lists the volumes on its disk.
 * Without a `detail volume`, a dynamic volume lives on the disks whose
 * detail lists it, once every disk that could hold it but is not missing
 * had its detail captured; a mirror in `Failed Rd` that they show on one
 * disk has its other plex on the one missing dynamic disk, when there is
 * exactly one. */
static void infer_details(mdl_server *s)
{
    size_t i, j;
    for (i = 0; i < s->nvols; i++) {
        mdl_volume *v = &s->vols[i];
        const mdl_disk *miss = NULL, *on[MDL_VOL_DISKS];
        size_t non = 0, nmiss = 0, k;
        bool blind = false, full = false;
        if (v->where_known || !mdl_vol_type_dynamic(v->type))
            continue;   /* partition volumes: R3 reads the details too */
        if (v->detail_known && v->ndetail > 0 && v->ndetail <= MDL_VOL_DISKS) {
            v->where_known = true;
            v->non = v->ndetail;
            memcpy(v->on, v->detail_on, v->ndetail * sizeof *v->on);
            continue;
        }
        for (j = 0; j < s->ndisks && !blind; j++) {
            const mdl_disk *d = &s->disks[j];
            if (vol_on(v, d) == T_NO)
                continue;
            if (d->status == DS_MISSING) {
                nmiss++;
                miss = d;
            } else if (!d->detail.known) {
                blind = true;
            } else if (detail_lists(d, v->num)) {
                if (non == MDL_VOL_DISKS)
                    full = true;
                else
                    on[non++] = d;
            }
        }
        if (blind || full || non == 0)
            continue;
        if (v->type == VT_SIMPLE) {
            if (non != 1 || v->status != VS_HEALTHY)
                continue;
        } else if (v->type == VT_MIRROR) {
            if (v->status == VS_FAILED_RD && non == 1) {
                if (nmiss != 1)
                    continue;
                on[non++] = miss;
            } else if (non != 2) {
                continue;
            }
        } else if (v->status != VS_HEALTHY) {
            continue;   /* a spanned, striped or RAID-5 volume with a member away */
        }
        v->where_known = true;
        v->non = 0;
        for (k = 0; k < non; k++)
            v->on[v->non++] = mdl_ref_of(on[k]);
    }
}

static bool may_hold_volume(enum mdl_part_type t)
{
    return !mdl_part_type_volumeless(t) && t != PT_DYN_DATA;
}

/* R3: a Partition volume and a listed partition that can only be each other
 * (R6: not on a disk whose `detail disk` does not list the volume). */
static bool infer_partitions(mdl_server *s)
{
    size_t i, j, k;
    bool changed = false;
    for (i = 0; i < s->nvols; i++) {
        mdl_volume *v = &s->vols[i];
        mdl_disk *cd = NULL;
        mdl_partition *cp = NULL;
        size_t ncand = 0;
        bool blind = false;
        if (v->where_known || v->type != VT_PARTITION)
            continue;
        for (j = 0; j < s->ndisks && !blind; j++) {
            mdl_disk *d = &s->disks[j];
            if (vol_on(v, d) == T_NO || (d->detail.known && !detail_lists(d, v->num)))
                continue;
            if (!d->parts_known) {
                blind = true;
                break;
            }
            for (k = 0; k < d->nparts; k++) {
                mdl_partition *p = &d->parts[k];
                if (p->vol_known || !may_hold_volume(p->type) || !sz_overlap(p->size, v->size))
                    continue;
                ncand++;
                cd = d;
                cp = p;
            }
        }
        if (blind || ncand != 1)
            continue;
        place(v, cd, NULL);
        cp->vol_known = true;
        cp->has_vol = true;
        cp->vol = v->num;
        changed = true;
    }
    return changed;
}

/* What infer_links needs to know of the volumes on one disk: whether one
 * may be there unknown (open), and the dynamic volumes there (ndyn of them,
 * only the last).  This asks vol_on of every volume: disks x volumes over
 * a server, the fallback of the index below. */
static void links_scan(const mdl_server *s, const mdl_disk *d, bool *open, size_t *ndyn, const mdl_volume **only)
{
    size_t k;
    for (k = 0; k < s->nvols; k++) {
        enum tri t = vol_on(&s->vols[k], d);
        if (t == T_UNKNOWN)
            *open = true;
        if (t == T_YES && mdl_vol_type_dynamic(s->vols[k].type)) {
            *only = &s->vols[k];
            (*ndyn)++;
        }
    }
}

/* The same answers from the other side, so that a server of hundreds of
 * disks and volumes is not a product of the two: vol_on places a volume
 * whose disks are not known through the partitions of the disk (by its
 * number), and one whose disks are known through that list.  So index the
 * first kind by number and the second kind's dynamic volumes by the disks
 * they name; a disk then looks up its partitions' volumes, and counts the
 * others that vol_on would find unknown rather than asking each. */
typedef struct link_key {
    unsigned num;       /* a volume number, or a disk number */
    bool missing_id;    /* by disk: the disk's number is an M number */
    size_t vol;         /* index of the volume in the server */
} link_key;

typedef struct link_index {
    link_key *byvol;    /* volumes whose disks are not known (no CD or DVD), by number */
    size_t nbyvol;
    size_t ndynamic, npartition, nother; /* those, by the types vol_on tells apart */
    link_key *bydisk;   /* dynamic volumes whose disks are known: one per volume and disk named, by disk */
    size_t nbydisk;
} link_index;

static int key_cmp(const void *a, const void *b)
{
    const link_key *x = a, *y = b;
    if (x->missing_id != y->missing_id)
        return x->missing_id ? 1 : -1;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return x->vol < y->vol ? -1 : x->vol > y->vol;
}

/* The first key of keys[0..n) not below (missing_id, num). */
static size_t key_lower(const link_key *keys, size_t n, bool missing_id, unsigned num)
{
    size_t lo = 0, hi = n, mid;
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (keys[mid].missing_id < missing_id || (keys[mid].missing_id == missing_id && keys[mid].num < num))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void links_free(link_index *x)
{
    util_free(x->byvol);
    util_free(x->bydisk);
}

/* False when there is no memory for it (nothing to free then). */
static bool links_index(link_index *x, const mdl_server *s)
{
    size_t i, j, k, room;
    memset(x, 0, sizeof *x);
    if (s->nvols == 0)
        return true;
    if (!util_mul(s->nvols, MDL_VOL_DISKS, &room) || !(x->byvol = util_calloc(s->nvols, sizeof *x->byvol)) ||
        !(x->bydisk = util_calloc(room, sizeof *x->bydisk))) {
        links_free(x);
        return false;
    }
    for (i = 0; i < s->nvols; i++) {
        const mdl_volume *v = &s->vols[i];
        link_key key;
        memset(&key, 0, sizeof key);
        key.vol = i;
        if (!v->where_known) {
            if (v->type == VT_CDROM || v->type == VT_DVDROM)
                continue;
            if (mdl_vol_type_dynamic(v->type))
                x->ndynamic++;
            else if (v->type == VT_PARTITION || v->type == VT_REMOVABLE)
                x->npartition++;
            else
                x->nother++;
            key.num = v->num;
            x->byvol[x->nbyvol++] = key;
        } else if (mdl_vol_type_dynamic(v->type)) {
            for (j = 0; j < v->non; j++) {
                for (k = 0; k < j && !(v->on[k].num == v->on[j].num && v->on[k].missing_id == v->on[j].missing_id); k++)
                    ;
                if (k < j)  /* the same disk named twice: vol_on finds it once */
                    continue;
                key.num = v->on[j].num;
                key.missing_id = v->on[j].missing_id;
                x->bydisk[x->nbydisk++] = key;
            }
        }
    }
    qsort(x->byvol, x->nbyvol, sizeof *x->byvol, key_cmp);
    qsort(x->bydisk, x->nbydisk, sizeof *x->bydisk, key_cmp);
    return true;
}

/* links_scan's answers for a disk whose partitions are known, from the index. */
static void links_indexed(const link_index *x, const mdl_server *s, const mdl_disk *d, bool *open, size_t *ndyn,
                          const mdl_volume **only)
{
    size_t j, k, placed = 0, eligible;
    bool all = true;
    for (j = 0; j < d->nparts; j++) {
        const mdl_partition *p = &d->parts[j];
        if (!p->vol_known) {
            all = false;
            continue;
        }
        if (!p->has_vol)
            continue;
        for (k = 0; k < j && !(d->parts[k].vol_known && d->parts[k].has_vol && d->parts[k].vol == p->vol); k++)
            ;
        if (k < j)  /* two partitions of one volume: vol_on finds it once */
            continue;
        for (k = key_lower(x->byvol, x->nbyvol, false, p->vol); k < x->nbyvol && x->byvol[k].num == p->vol; k++) {
            const mdl_volume *v = &s->vols[x->byvol[k].vol];
            /* vol_on's tests before it looks at the partitions */
            if ((mdl_vol_type_dynamic(v->type) && !d->dyn) ||
                ((v->type == VT_PARTITION || v->type == VT_REMOVABLE) && d->status == DS_MISSING))
                continue;
            placed++;
            if (mdl_vol_type_dynamic(v->type)) {
                *only = v;
                (*ndyn)++;
            }
        }
    }
    /* every other volume that passes those tests is unknown, unless all
     * partitions are known */
    eligible = x->nother + (d->dyn ? x->ndynamic : 0) + (d->status == DS_MISSING ? 0 : x->npartition);
    if (!all && eligible > placed)
        *open = true;
    for (k = key_lower(x->bydisk, x->nbydisk, d->missing_id, d->num);
         k < x->nbydisk && x->bydisk[k].missing_id == d->missing_id && x->bydisk[k].num == d->num; k++) {
        *only = &s->vols[x->bydisk[k].vol];
        (*ndyn)++;
    }
}

/* R4: dynamic data partitions of a disk that holds exactly one dynamic
 * volume, of the volume's size, hold it; R5: once no unplaced volume can be
 * on a listed disk, its other partitions hold none. */
static void infer_links(mdl_server *s)
{
    size_t i, j;
    link_index x;
    bool indexed = links_index(&x, s);
    for (i = 0; i < s->ndisks; i++) {
        mdl_disk *d = &s->disks[i];
        const mdl_volume *only = NULL;
        size_t ndyn = 0;
        bool open = false;
        if (!d->parts_known)
            continue;
        if (indexed)
            links_indexed(&x, s, d, &open, &ndyn, &only);
        else
            links_scan(s, d, &open, &ndyn, &only);
        for (j = 0; j < d->nparts; j++) {
            mdl_partition *p = &d->parts[j];
            if (p->vol_known)
                continue;
            if (mdl_part_type_volumeless(p->type)) {
                p->vol_known = true;
                p->has_vol = false;
            } else if (p->type == PT_DYN_DATA && ndyn == 1 && sz_overlap(p->size, only->size)) {
                p->vol_known = true;
                p->has_vol = true;
                p->vol = only->num;
            }
        }
        if (open)
            continue;
        for (j = 0; j < d->nparts; j++)
            if (!d->parts[j].vol_known) {
                d->parts[j].vol_known = true;
                d->parts[j].has_vol = false;
            }
    }
    if (indexed)
        links_free(&x);
}

void sim_infer(mdl_server *s)
{
    infer_details(s);
    infer_dynamic(s);
    do
        infer_links(s);
    while (infer_partitions(s));
    infer_links(s);
}
