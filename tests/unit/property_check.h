/* property_check.h - test_property.c's checker: a compiled plan run again
 * on a fresh simulator and checked against what the generator knows
 * (property_gen.h's truth), not against the listing as the compiler read
 * it, nor with the verifier's code.  Destructive commands reach one disk
 * only, which the generator made blank; `break ... nokeep` and `delete
 * disk` reach only disks it made missing; `add` reaches only that blank
 * disk, which has room for the volume (or the model noted assumption A1);
 * `assign` takes no letter in use.  By its own arithmetic on the
 * generator's bytes (not the model's rules): no `add` onto a disk smaller
 * than the volume's bytes, the partitions the plan made there and the
 * least a partition table takes (add_fits); no destructive command on a
 * USB disk that the inventory or `detail disk` (its Type line) shows.
 * Included after cmocka.h, by test_property.c.
 */
#ifndef MRB_TEST_PROPERTY_CHECK_H
#define MRB_TEST_PROPERTY_CHECK_H

#include <stdint.h>
#include <string.h>

#include "../disk_name.h"
#include "diskpart/dpcmd.h"
#include "diskpart/model.h"
#include "diskpart/sim.h"
#include "plan/plan.h"
#include "property_gen.h"

static inline int truth_of(const truth *t, mdl_disk_ref r)
{
    size_t i;
    for (i = 0; i < t->ndisks; i++)
        if (same_disk(t->disk[i].ref, r))
            return (int)i;
    return -1;
}

typedef struct checker {
    const truth *t;
    bool joined;            /* the listing was read with its inventory */
    bool have_target;
    mdl_disk_ref target;
    uint64_t used[24];      /* by disk (truth's index): bytes the plan put there since it last emptied it */
    bool unfit;             /* an `add` that does not fit in exact bytes */
    bool unfit_noted;       /* one that A1's note let through (without the inventory) */
    buf problem;
} checker;

static inline void violation(checker *c, const plan_act *a, const char *what)
{
    if (!c->problem.len)
        buf_printf(&c->problem, "'%s' (procedure line %lu): %s", a->text, a->line, what);
}

/* A destructive command reaches r: r must have been blank, and the one. */
static inline void destroys(checker *c, const plan_act *a, mdl_disk_ref r)
{
    int i = truth_of(c->t, r);
    if (i < 0 || !c->t->disk[i].blank)
        violation(c, a, "a destructive command reaches a disk that was not blank");
    else if ((c->joined || c->t->details) && c->t->disk[i].removable)
        violation(c, a, "a destructive command reaches a disk on a USB bus, which the inventory or `detail disk` "
                        "shows");
    else if (c->have_target && !same_disk(c->target, r))
        violation(c, a, "destructive commands reach two disks");
    c->have_target = true;
    c->target = r;
}

/* The bytes the plan puts on the disk with focus in m, counted low: a
 * `clean` or a `delete partition` empties it, a `create partition` takes
 * its size= (all that is left without one).  Partitions `convert` makes
 * are not counted. */
static inline void track_layout(checker *c, const sim *m, const dp_cmd *cmd)
{
    int i = m->fdisk == SF_SET ? truth_of(c->t, m->disk) : -1;
    uint64_t mib = 0;
    size_t k;
    if (i < 0)
        return;
    switch (cmd->id) {
    case CMD_CLEAN:
    case CMD_DELETE_PARTITION:
        c->used[i] = 0;
        break;
    case CMD_CREATE_EFI:
    case CMD_CREATE_MSR:
    case CMD_CREATE_PRIMARY:
        if (!(cmd->opts & DP_BIT(DPO_SIZE))) {
            c->used[i] = c->t->disk[i].bytes;
            break;
        }
        for (k = 0; k < cmd->optval[DPO_SIZE].n && mib < (1u << 30); k++)
            mib = mib * 10 + (uint64_t)(cmd->optval[DPO_SIZE].s[k] - '0');
        c->used[i] += mib * MDL_MiB;
        break;
    default:
        break;
    }
}

/* `add` of volume vol onto disk r (d in the model, of index i in the
 * truth): does it fit, by the generator's exact bytes?  r must hold vol's
 * bytes, what the plan put on r before, and the least a partition table
 * takes: GPT 34 sectors at the start and 33 at the end; MBR its first
 * sector and the LDM database's MiB at the end, as the disk becomes
 * dynamic.  Counted low everywhere, so that a plan this calls unfit fails
 * on the server. */
static inline void add_fits(checker *c, const mdl_disk *d, int i, unsigned vol)
{
    uint64_t table = d && d->gpt ? 67 * 512 : 512 + MDL_MiB, bytes = vol < MAXVOLS ? c->t->vol_bytes[vol] : 0;
    if (c->t->disk[i].bytes < bytes + c->used[i] + table)
        c->unfit = true;
    c->used[i] += bytes;
}

static inline void must_be_missing(checker *c, const plan_act *a, mdl_disk_ref r)
{
    int i = truth_of(c->t, r);
    if (i < 0 || !c->t->disk[i].missing)
        violation(c, a, "break or delete disk reaches a disk that was not missing");
}

/* Before line a runs on m: what it would reach, against the truth. */
static inline void before(checker *c, sim *m, const plan_act *a, const dp_cmd *cmd, bool *adds, uint64_t *need,
                          uint64_t *room)
{
    const mdl_volume *v = m->fvol == SF_SET ? mdl_find_volume(m->srv, m->vol) : NULL;
    mdl_disk_ref r;
    size_t i;
    *adds = false;
    switch (cmd->id) {
    case CMD_BREAK_DISK:
        if (cmd->opts & DP_BIT(DPO_NOKEEP)) {
            if (!cmd->has_value || !disk_value(cmd->value, &r))
                violation(c, a, "break without a disk");
            else
                must_be_missing(c, a, r);
        }
        return;
    case CMD_DELETE_DISK:
        if (m->fdisk != SF_SET)
            violation(c, a, "delete disk with no known disk in focus");
        else
            must_be_missing(c, a, m->disk);
        return;
    case CMD_ADD_DISK: {
        const mdl_disk *d;
        if (!cmd->has_value || !disk_value(cmd->value, &r) || !v) {
            violation(c, a, "add without a known volume or disk");
            return;
        }
        destroys(c, a, r);
        d = mdl_find_disk(m->srv, r.num, r.missing_id);
        if (truth_of(c->t, r) >= 0)
            add_fits(c, d, truth_of(c->t, r), v->num);
        *adds = true;
        *need = v->size.hi - 1;
        *room = d ? d->free.lo : 0;
        return;
    }
    case CMD_ASSIGN:
        if (cmd->opts & DP_BIT(DPO_LETTER)) {
            char l = (char)(cmd->optval[DPO_LETTER].n ? cmd->optval[DPO_LETTER].s[0] : '?');
            l = (char)(l >= 'a' && l <= 'z' ? l - 'a' + 'A' : l);
            for (i = 0; i < m->srv->nvols; i++)
                if (m->srv->vols[i].letter == l)
                    violation(c, a, "assign takes a letter in use");
        }
        return;
    default:
        break;
    }
    if (dp_commands[cmd->id].destroy != DPD_YES)
        return;
    if (dp_commands[cmd->id].focus == DPF_VOLUME && v && m->fpart != SF_SET) {
        if (!v->where_known || v->non == 0)
            violation(c, a, "a destructive command on a volume whose disks are not known");
        for (i = 0; i < v->non; i++)
            destroys(c, a, v->on[i]);
    } else if (m->fdisk == SF_SET) {
        destroys(c, a, m->disk);
    } else {
        violation(c, a, "a destructive command with no known disk in focus");
    }
}

/* Run plan p on a fresh model of snap; the problem, if any, in c.problem;
 * the model at the end in end, unless it is NULL. */
static inline void check_plan(checker *c, const plan *p, const mdl_server *snap, mdl_server *end)
{
    mdl_server model;
    sim m;
    buf out;
    sim_opts so;
    size_t i, j;
    mdl_server_init(&model);
    buf_init(&out);
    assert_true(mdl_server_copy(&model, snap));
    sim_opts_default(&so);
    sim_init(&m, &model, &so, &out);
    for (i = 0; i < p->nsteps && !c->problem.len; i++) {
        const plan_step *s = &p->steps[i];
        bool fresh = true;      /* each DiskPart script is a new process, without focus */
        for (j = 0; j < s->nacts && !c->problem.len; j++) {
            const plan_act *a = &s->acts[j];
            dp_cmd cmd;
            size_t at, notes = m.notes.len;
            bool adds;
            uint64_t need = 0, room = 0;
            enum sim_rc rc;
            if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT)
                fresh = true;
            if (a->kind != PA_DISKPART)
                continue;
            if (fresh)
                m.fdisk = m.fvol = m.fpart = SF_NONE;
            fresh = false;
            if (dp_parse_line(a->text, strlen(a->text), &cmd, &at) != DPP_OK) {
                violation(c, a, "a compiled line DiskPart cannot read");
                break;
            }
            track_layout(c, &m, &cmd);
            c->unfit = false;
            before(c, &m, a, &cmd, &adds, &need, &room);
            buf_reset(&out);
            rc = sim_line(&m, a->text, strlen(a->text));
            if (rc != SIM_OK && rc != SIM_EXIT)
                violation(c, a, "a compiled line fails on the model");
            if (adds && need > room && m.notes.len == notes)
                violation(c, a, "add to a disk without room for the volume, and no assumption noted");
            if (c->unfit && (c->joined || m.notes.len == notes))
                violation(c, a, c->joined ? "add to a disk too small for the volume in exact bytes (the inventory)"
                                          : "add to a disk too small for the volume in exact bytes, and no "
                                            "assumption noted");
            else if (c->unfit)
                c->unfit_noted = true;
        }
    }
    if (end)
        assert_true(mdl_server_copy(end, &model));
    sim_free(&m);
    buf_free(&out);
    mdl_server_free(&model);
}

#endif
