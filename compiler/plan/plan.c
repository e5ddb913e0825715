/* plan.c - construction and release of plans. */
#include "plan/plan.h"

#include <stdint.h>
#include <string.h>

static char *dup(const char *s)
{
    return s ? util_strndup(s, strlen(s)) : NULL;
}

void plan_init(plan *p) { memset(p, 0, sizeof *p); }

void plan_free(plan *p)
{
    size_t i, j;
    for (i = 0; i < p->nsteps; i++) {
        for (j = 0; j < p->steps[i].nacts; j++) {
            util_free(p->steps[i].acts[j].text);
            rec_cmd_free(&p->steps[i].acts[j].rec);
            util_free(p->steps[i].acts[j].binds);
        }
        util_free(p->steps[i].acts);
        util_free(p->steps[i].name);
    }
    for (i = 0; i < p->nskips; i++) {
        util_free(p->skips[i].name);
        util_free(p->skips[i].why);
    }
    util_free(p->skips);
    mdl_server_free(&p->after);
    rec_plan_free(&p->rec);
    for (i = 0; i < p->nrows; i++)
        util_free(p->rows[i]);
    util_free(p->rows);
    util_free(p->rowidx);
    util_free(p->binds);
    util_free(p->steps);
    util_free(p->title);
    plan_init(p);
}

plan_step *plan_add_step(plan *p, const char *name, unsigned long line)
{
    plan_step *s;
    if (!util_grow((void **)&p->steps, &p->capsteps, p->nsteps + 1, sizeof *p->steps))
        return NULL;
    s = &p->steps[p->nsteps];
    memset(s, 0, sizeof *s);
    s->line = line;
    if (!(s->name = dup(name)))
        return NULL;
    p->nsteps++;
    return s;
}

plan_act *plan_add_act(plan_step *s, enum plan_kind kind, const char *text, const rec_cmd *rec,
                       unsigned long line, const ast_node *node)
{
    plan_act *a;
    if (!util_grow((void **)&s->acts, &s->capacts, s->nacts + 1, sizeof *s->acts))
        return NULL;
    a = &s->acts[s->nacts];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->line = line;
    a->node = node;
    if (text && !(a->text = dup(text)))
        return NULL;
    if (rec && !rec_cmd_copy(&a->rec, rec)) {
        util_free(a->text);
        return NULL;
    }
    s->nacts++;
    return a;
}

/* FNV-1a, for the row index. */
static size_t row_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot of row in the index: where it is, or the empty slot where it
 * would go. */
static size_t row_slot(const plan *p, const char *row)
{
    size_t mask = p->caprowidx - 1, i;
    for (i = row_hash(row) & mask; p->rowidx[i]; i = (i + 1) & mask)
        if (strcmp(p->rows[p->rowidx[i] - 1], row) == 0)
            break;
    return i;
}

/* Rebuild the index with cap slots. */
static bool rows_reindex(plan *p, size_t cap)
{
    size_t i, *old = p->rowidx;
    if (!(p->rowidx = util_calloc(cap, sizeof *p->rowidx))) {
        p->rowidx = old;
        return false;
    }
    p->caprowidx = cap;
    for (i = 0; i < p->nrows; i++)
        p->rowidx[row_slot(p, p->rows[i])] = i + 1;
    util_free(old);
    return true;
}

bool plan_add_row(plan *p, const char *row)
{
    size_t slot;
    /* keep the index at most half full */
    if (p->nrows + 1 > p->caprowidx / 2 && !rows_reindex(p, p->caprowidx ? p->caprowidx * 2 : 64))
        return false;
    slot = row_slot(p, row);
    if (p->rowidx[slot])
        return true;
    if (!util_grow((void **)&p->rows, &p->caprows, p->nrows + 1, sizeof *p->rows) ||
        !(p->rows[p->nrows] = dup(row)))
        return false;
    p->rowidx[slot] = ++p->nrows;
    return true;
}

bool plan_add_skip(plan *p, const char *name, unsigned long line, const char *why)
{
    plan_skip *k;
    if (!util_grow((void **)&p->skips, &p->capskips, p->nskips + 1, sizeof *p->skips))
        return false;
    k = &p->skips[p->nskips];
    k->name = util_strndup(name, strlen(name));
    k->why = util_strndup(why, strlen(why));
    if (!k->name || !k->why) {
        util_free(k->name);
        util_free(k->why);
        return false;
    }
    k->line = line;
    k->before = p->nsteps;
    p->nskips++;
    return true;
}

bool plan_add_bind(plan *p, const plan_bind *b)
{
    if (!util_grow((void **)&p->binds, &p->capbinds, p->nbinds + 1, sizeof *p->binds))
        return false;
    p->binds[p->nbinds++] = *b;
    return true;
}

bool plan_act_binds(plan_act *a, const plan_bind *b, size_t n)
{
    if (n == 0)
        return true;
    if (!(a->binds = util_calloc(n, sizeof *b)))
        return false;
    memcpy(a->binds, b, n * sizeof *b);
    a->nbinds = n;
    return true;
}

const plan_bind *plan_find(const plan *p, const plan_act *a, const ast_node *decl)
{
    size_t i;
    for (i = a ? a->nbinds : 0; i-- > 0;)
        if (a->binds[i].decl == decl)
            return &a->binds[i];
    for (i = 0; i < p->nbinds; i++)
        if (p->binds[i].decl == decl)
            return &p->binds[i];
    return NULL;
}
