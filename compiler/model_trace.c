/* model_trace.c - the rem lines: each object as the command meets it
 * (compiler/model_trace.h). */
#include "model_trace.h"

#include <stdio.h>
#include <string.h>

#include "resolve.h"

bool mtr_init(mtr_model *t, const mdl_server *snap)
{
    memset(t, 0, sizeof *t);
    mdl_server_init(&t->srv);
    buf_init(&t->out);
    sim_opts_default(&t->so);
    t->snap = snap;
    if (!snap)
        return true;
    t->on = mdl_server_copy(&t->srv, snap);
    return t->on;
}

void mtr_free(mtr_model *t)
{
    mtr_end_session(t);
    mdl_server_free(&t->srv);
    buf_free(&t->out);
}

/* Parse the object a description starts with at s: "Disk 1 (", "Disk M0 (",
 * "Volume 2 (", "Partition 1 of Disk 0 (".  False when it is none. */
static bool described(const char *s, plan_bind *o)
{
    unsigned a, b;
    int n = 0;
    char m[2] = "";
    memset(o, 0, sizeof *o);
    if (sscanf(s, "Partition %u of Disk %1[M]%u (%n", &a, m, &b, &n) == 3 && n > 0) {
        o->obj = OBJ_PARTITION, o->num = a, o->disk.num = b, o->disk.missing_id = true;
        return true;
    }
    n = 0;
    if (sscanf(s, "Partition %u of Disk %u (%n", &a, &b, &n) == 2 && n > 0) {
        o->obj = OBJ_PARTITION, o->num = a, o->disk.num = b;
        return true;
    }
    n = 0;
    if (sscanf(s, "Disk %1[M]%u (%n", m, &a, &n) == 2 && n > 0) {
        o->obj = OBJ_DISK, o->disk.num = a, o->disk.missing_id = true;
        return true;
    }
    n = 0;
    if (sscanf(s, "Disk %u (%n", &a, &n) == 1 && n > 0) {
        o->obj = OBJ_DISK, o->disk.num = a;
        return true;
    }
    n = 0;
    if (sscanf(s, "Volume %u (%n", &a, &n) == 1 && n > 0) {
        o->obj = OBJ_VOLUME, o->num = a;
        return true;
    }
    return false;
}

/* Is object o on server s? */
static bool has_object(const mdl_server *s, const plan_bind *o)
{
    const mdl_disk *d;
    size_t i;
    switch (o->obj) {
    case OBJ_DISK: return mdl_find_disk(s, o->disk.num, o->disk.missing_id) != NULL;
    case OBJ_VOLUME: return mdl_find_volume(s, o->num) != NULL;
    case OBJ_PARTITION:
        if (!(d = mdl_find_disk(s, o->disk.num, o->disk.missing_id)))
            return false;
        for (i = 0; i < d->nparts; i++)
            if (d->parts[i].num == o->num)
                return true;
        return false;
    case OBJ_NONE: break;
    }
    return false;
}

void mtr_trace(buf *out, const char *trace, const mtr_model *mr)
{
    static const char arrow[] = " -> ";
    const char *p = trace, *q;
    buf was, now;
    buf_init(&was);
    buf_init(&now);
    while ((q = strstr(p, arrow)) != NULL) {
        plan_bind o;
        q += sizeof arrow - 1;
        buf_put(out, p, (size_t)(q - p));
        p = q;
        if (!described(q, &o))
            continue;
        if (was.failed || now.failed)
            out->failed = true;
        buf_reset(&was);
        buf_reset(&now);
        res_describe(&was, mr->snap, &o);
        if (strncmp(q, buf_cstr(&was), was.len) != 0 || was.len == 0)
            continue;   /* not the listing's words: leave it */
        if (!has_object(&mr->srv, &o)) {
            buf_put(out, q, was.len);
            buf_puts(out, " in the listing");
        } else {
            res_describe(&now, &mr->srv, &o);
            buf_puts(out, buf_cstr(&now));
        }
        p = q + was.len;
    }
    buf_puts(out, p);
    if (was.failed || now.failed)
        out->failed = true;
    buf_free(&was);
    buf_free(&now);
}

void mtr_step(mtr_model *mr, const plan_act *a)
{
    if (!mr->on)
        return;
    if (!mr->session) {
        sim_init(&mr->m, &mr->srv, &mr->so, &mr->out);
        mr->session = true;
    }
    buf_reset(&mr->out);
    if (sim_line(&mr->m, a->text, strlen(a->text)) != SIM_OK)
        mr->on = false;     /* the verifier ran it: cannot happen; then the listing's words */
}

void mtr_end_session(mtr_model *mr)
{
    if (mr->session)
        sim_free(&mr->m);
    mr->session = false;
}

