/* exec_launch.c - `mrb run`'s launches: one DiskPart process per command
 * (compiler/run/exec_int.h).
 *
 * Each DiskPart line of the plan runs in a DiskPart process of its own; its
 * script first restores, with selects, the focus the line has in the
 * model's continuous session.  exec_prepare proves on the model, before
 * anything is sent, that every such script does what its line does in one
 * session.
 */
#include "run/exec_int.h"

#include <string.h>

#include "diskpart/dpcmd.h"
#include "diskpart/dpmsg.h"
#include "base/mrblimits.h"
#include "plan/verify.h"

static const mdl_partition *focused_part(const sim *m, const mdl_server *srv)
{
    const mdl_disk *d;
    size_t i;
    if (m->fdisk != SF_SET || m->fpart != SF_SET || !(d = mdl_find_disk(srv, m->disk.num, m->disk.missing_id)))
        return NULL;
    for (i = 0; i < d->nparts; i++)
        if (d->parts[i].offset.lo == m->part_off)
            return &d->parts[i];
    return NULL;
}

/* The script of one launch: the selects that give the line the focus it
 * has in the model's continuous session, then the line. */
void ex_launch_script(const sim *m, const mdl_server *srv, const char *line, buf *script)
{
    dp_cmd c;
    size_t at;
    enum dp_focus need = DPF_NONE;
    const mdl_partition *p = focused_part(m, srv);
    if (dp_parse_line(line, strlen(line), &c, &at) == DPP_OK)
        need = dp_commands[c.id].focus;
    if (need == DPF_DISK || need == DPF_PARTITION || (need == DPF_VOLUME && p)) {
        if (m->fdisk == SF_SET)
            buf_printf(script, "select disk " MDL_DISK_FMT "\n", MDL_DISK_ARGS(m->disk));
        if (need != DPF_DISK && p)
            buf_printf(script, "select partition %u\n", p->num);
    } else if (need == DPF_VOLUME && m->fvol == SF_SET) {
        buf_printf(script, "select volume %u\n", m->vol);
    }
    buf_puts(script, line);
    buf_putc(script, '\n');
}

/* The last non-blank line of DiskPart's output, trimmed, not counting the
 * "Leaving DiskPart..." of its `exit`. */
void ex_last_line(const buf *out, buf *line)
{
    const char *o = buf_cstr(out);
    size_t end = out->len, start;
    for (;;) {
        while (end > 0 && (o[end - 1] == '\n' || o[end - 1] == ' ' || o[end - 1] == '\r'))
            end--;
        start = end;
        while (start > 0 && o[start - 1] != '\n')
            start--;
        if (end - start == strlen(dp_messages[DM_LEAVING].text) &&
            memcmp(o + start, dp_messages[DM_LEAVING].text, end - start) == 0) {
            end = start;
            continue;
        }
        break;
    }
    while (start < end && o[start] == ' ')
        start++;
    buf_reset(line);
    buf_put(line, o + start, end - start);
}

/* Whether out holds line as one of its lines (leading and trailing blanks
 * aside). */
bool ex_has_line(const buf *out, const char *line)
{
    const char *o = buf_cstr(out), *p = o;
    size_t n = strlen(line);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *s = p;
        while (len && (*s == ' ')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
            len--;
        if (len == n && memcmp(s, line, n) == 0)
            return true;
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

/* Run the line of a one-launch script on srv in a new session. */
static enum sim_rc run_launch_on(mdl_server *srv, const sim_opts *o, const char *script, buf *out)
{
    sim m;
    enum sim_rc rc = SIM_OK;
    const char *p = script;
    sim_init(&m, srv, o, out);
    while (*p && rc == SIM_OK) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[LIM_LINE_BYTES + 1];
        if (n > LIM_LINE_BYTES)
            n = LIM_LINE_BYTES;
        memcpy(line, p, n);
        line[n] = '\0';
        rc = sim_line(&m, line, n);
        p = nl ? nl + 1 : p + n;
    }
    sim_free(&m);
    return rc;
}

bool exec_prepare(const exec_input *in, enum bk_kind kind, size_t *ncommands, diag_sink *d)
{
    mdl_server model, scratch;
    sim m;
    buf out, sout, script, la, lb, why;
    size_t i, j;
    bool ok = true, oom = false;
    (void)kind;     /* every backend takes every line (program lines: see run_program) */
    *ncommands = 0;
    mdl_server_init(&model);
    mdl_server_init(&scratch);
    buf_init(&out);
    buf_init(&sout);
    buf_init(&script);
    buf_init(&la);
    buf_init(&lb);
    buf_init(&why);
    if (!mdl_server_copy(&model, in->start)) {
        diag_error(d, NULL, 0, 0, E010, "out of memory");
        return false;
    }
    sim_init(&m, &model, &in->so, &out);
    for (i = 0; i < in->p->nsteps && ok && !oom; i++) {
        const plan_step *s = &in->p->steps[i];
        for (j = 0; j < s->nacts && ok && !oom; j++) {
            const plan_act *a = &s->acts[j];
            enum sim_rc r1, r2;
            if (vfy_new_session(s, j))
                m.fdisk = m.fvol = m.fpart = SF_NONE;
            if (a->kind == PA_ROBOCOPY || a->kind == PA_BCDEDIT)
                continue;
            if (a->kind != PA_DISKPART)
                continue;
            ++*ncommands;
            buf_reset(&script);
            ex_launch_script(&m, &model, a->text, &script);
            mdl_server_free(&scratch);
            mdl_server_init(&scratch);
            if (script.failed || !mdl_server_copy(&scratch, &model)) {
                oom = true;
                break;
            }
            buf_reset(&sout);
            r1 = run_launch_on(&scratch, &in->so, buf_cstr(&script), &sout);
            buf_reset(&out);
            r2 = sim_line(&m, a->text, strlen(a->text));
            ex_last_line(&out, &la);
            ex_last_line(&sout, &lb);
            buf_reset(&why);
            if (r1 == SIM_NOMEM || r2 == SIM_NOMEM) {
                oom = true;
            } else if (r2 != SIM_OK) {
                /* vfy_plan proved it: the two runs of the model disagree */
                diag_error(d, in->src, a->node->loc.start, a->node->loc.end, E806,
                           "'%s' does not run on the model as it did when the plan was proved", a->text);
                ok = false;
            } else if (r1 != SIM_OK || !mdl_server_eq(&scratch, &model, &why) ||
                       strcmp(buf_cstr(&la), buf_cstr(&lb)) != 0) {
                buf shown;
                buf_init(&shown);
                for (const char *p = buf_cstr(&script); *p; p++) {
                    if (*p != '\n')
                        buf_putc(&shown, *p);
                    else if (p[1])
                        buf_puts(&shown, " / ");
                }
                diag_error(d, in->src, a->node->loc.start, a->node->loc.end, E806,
                           "'%s' cannot run in a DiskPart process of its own: the script '%s' does not do on "
                           "the model what the line does in one session%s%s",
                           a->text, buf_cstr(&shown), why.len ? ": " : "", buf_cstr(&why));
                buf_free(&shown);
                ok = false;
            }
        }
    }
    if (oom) {
        diag_error(d, NULL, 0, 0, E010, "out of memory");
        ok = false;
    }
    sim_free(&m);
    mdl_server_free(&model);
    mdl_server_free(&scratch);
    buf_free(&out);
    buf_free(&sout);
    buf_free(&script);
    buf_free(&la);
    buf_free(&lb);
    buf_free(&why);
    return ok;
}

