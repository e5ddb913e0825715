/* identity.c - the disks whose physical identity the guards check
 * (compiler/plan/identity.h). */
#include "plan/identity.h"

#include <string.h>

/* Mark the disk r of snap, when the listing shows it present. */
static void mark(const mdl_server *snap, mdl_disk_ref r, bool *want)
{
    size_t i;
    for (i = 0; i < snap->ndisks; i++)
        if (mdl_ref_is(r, &snap->disks[i]) && !snap->disks[i].missing_id && snap->disks[i].status != DS_MISSING)
            want[i] = true;
}

/* Mark the disks binding b denotes: a disk, a partition's disk, the disks
 * a volume lives on (when known). */
static void mark_bind(const mdl_server *snap, const plan_bind *b, bool *want)
{
    const mdl_volume *v;
    unsigned k;
    if (b->obj == OBJ_DISK || b->obj == OBJ_PARTITION) {
        mark(snap, b->disk, want);
    } else if (b->obj == OBJ_VOLUME && (v = mdl_find_volume(snap, b->num)) != NULL && v->where_known) {
        for (k = 0; k < v->non; k++)
            mark(snap, v->on[k], want);
    }
}

bool idn_disks(const plan *p, const mdl_server *snap, idn_set *out)
{
    bool *want;
    size_t i, j, k;
    const mdl_disk *target = NULL;
    out->n = 0;
    out->disks = NULL;
    if (!(want = util_calloc(snap->ndisks + 1, sizeof *want)))
        return false;
    for (i = 0; i < p->nbinds; i++)
        mark_bind(snap, &p->binds[i], want);
    for (i = 0; i < p->nsteps; i++)
        for (j = 0; j < p->steps[i].nacts; j++)
            for (k = 0; k < p->steps[i].acts[j].nbinds; k++)
                mark_bind(snap, &p->steps[i].acts[j].binds[k], want);
    if (p->has_target) {
        mark(snap, p->target, want);
        target = mdl_find_disk(snap, p->target.num, p->target.missing_id);
    }
    if (!(out->disks = util_calloc(snap->ndisks + 1, sizeof *out->disks))) {
        util_free(want);
        return false;
    }
    if (target && want[target - snap->disks])
        out->disks[out->n++] = target;
    for (i = 0; i < snap->ndisks; i++)
        if (want[i] && &snap->disks[i] != target)
            out->disks[out->n++] = &snap->disks[i];
    util_free(want);
    return true;
}

void idn_free(idn_set *s)
{
    util_free(s->disks);
    s->disks = NULL;
    s->n = 0;
}

const char *idn_field_name(enum idn_field f)
{
    static const char *const names[IDN_COUNT] = {"model", "Disk ID", "Location Path"};
    return f < IDN_COUNT ? names[f] : "";
}

const char *idn_value(const mdl_disk *d, enum idn_field f)
{
    const char *v = NULL;
    if (!d->detail.known)
        return "";
    if (f == IDN_MODEL)
        v = d->detail.model;
    else if (f == IDN_DISK_ID)
        v = d->detail.disk_id;
    else if (f == IDN_LOCATION)
        v = d->detail.location;
    return v ? v : "";
}

bool idn_checkable(const mdl_disk *d)
{
    int f;
    for (f = 0; f < IDN_COUNT; f++)
        if (*idn_value(d, (enum idn_field)f))
            return true;
    return false;
}
