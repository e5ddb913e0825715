/* sim.c - the DiskPart simulator's session: output, focus, the dispatcher.
 *
 * Each command runs in three stages: the focus it needs (dpcmd.h's table;
 * missing focus is DiskPart's "There is no X selected" refusal), the checks
 * DiskPart makes (a refusal prints DiskPart's message and fails the
 * command), then the effect on the model and the success message.  Every
 * check that depends on something the listing did not say returns
 * SIM_UNKNOWN before anything changes, so a command either runs whole or
 * leaves the model as it was.
 *
 * Sizes are intervals (model.h): the arithmetic in sim_int.h keeps them
 * sound, and a comparison is yes, no or unknown (tri).  Partitions are kept
 * sorted by offset and numbered 1..n in that order, as DiskPart lists them;
 * focus on a partition is held by its offset so that renumbering keeps it.
 *
 * Files.  This one holds the session (what DiskPart prints, the focus each
 * command needs, the values it reads), the commands that only select or
 * list, and the dispatcher (sim_exec, sim_line, sim_script).  Each other
 * command is a sim_do_ function with DiskPart's checks, refusals and
 * effect:
 *   sim_disk.c    delete, convert, clean, online/offline
 *   sim_volume.c  create partition, format, assign/remove a letter, and the
 *                 mirror's add disk and break disk
 *   sim_layout.c  what they share: the protected volumes, and keeping a
 *                 disk's partitions and the volumes in order
 * The rules that infer a volume's disks and a partition's volume from a
 * listing are in runtime/diskpart/infer.c and explained in runtime/diskpart/MODEL.md.
 */
#include "diskpart/sim_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diskpart/print.h"

#define DP_MSG_ROW(e, code, verified, text) {code, verified, text},
const dp_msg_info dp_messages[DM_COUNT] = {DP_MESSAGES(DP_MSG_ROW)};
#undef DP_MSG_ROW

/* ---- output ----------------------------------------------------------- */

/* Print message msg as DiskPart does in script mode: a blank line, the text. */
void sim_say(sim *m, enum dp_msg msg, ...)
{
    va_list ap;
    buf_putc(m->out, '\n');
    va_start(ap, msg);
    buf_vprintf(m->out, dp_messages[msg].text, ap);
    va_end(ap);
    buf_putc(m->out, '\n');
}

enum sim_rc sim_refuse(sim *m, enum dp_msg msg, ...)
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

enum sim_rc sim_unknown(sim *m, const char *fmt, ...)
{
    va_list ap;
    buf_reset(&m->why);
    va_start(ap, fmt);
    buf_vprintf(&m->why, fmt, ap);
    va_end(ap);
    return SIM_UNKNOWN;
}

enum sim_rc sim_unmodelled(sim *m, const char *what)
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

const char *sim_disk_name(const mdl_disk *d, char *b, size_t n)
{
    snprintf(b, n, MDL_DISK_FMT, MDL_DISK_ARGS(*d));
    return b;
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
    sim_say(m, DM_BANNER, m->opts.version, m->opts.host);
}

static mdl_disk *focus_disk(const sim *m) { return m->fdisk == SF_SET ? sim_find_ref(m->srv, m->disk) : NULL; }
static mdl_volume *focus_vol(const sim *m) { return m->fvol == SF_SET ? mdl_find_volume(m->srv, m->vol) : NULL; }

static mdl_partition *focus_part(const sim *m)
{
    mdl_disk *d = focus_disk(m);
    long i;
    if (!d || m->fpart != SF_SET || (i = sim_part_index(d, m->part_off)) < 0)
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
    d = sim_find_ref(m->srv, v->on[0]);
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
        return sim_unknown(m, "the disk with focus is unknown: the volume selected last lives on disks the "
                              "listing does not name; capture `detail volume` for it");
    if (!(*d = focus_disk(m)))
        return sim_refuse(m, DM_NO_DISK);
    return SIM_OK;
}

static enum sim_rc need_vol(sim *m, mdl_volume **v)
{
    if (m->fvol == SF_UNKNOWN)
        return sim_unknown(m, "the volume with focus is unknown: the partition selected last may hold a volume; "
                              "capture `detail partition` for it");
    if (!(*v = focus_vol(m)))
        return sim_refuse(m, DM_NO_VOLUME);
    return SIM_OK;
}

static enum sim_rc need_part(sim *m, mdl_disk **d, mdl_partition **p)
{
    if (m->fdisk == SF_UNKNOWN || m->fpart == SF_UNKNOWN)
        return sim_unknown(m, "the partition with focus is unknown: capture `list partition` of the disk "
                              "holding the volume selected last");
    *d = focus_disk(m);
    if (!(*p = focus_part(m)))
        return sim_refuse(m, DM_NO_PART);
    return SIM_OK;
}

enum sim_rc sim_need_parts(sim *m, const mdl_disk *d)
{
    char n[16];
    if (!d->parts_known)
        return sim_unknown(m, "the partitions of disk %s are unknown: capture `select disk %s` and "
                              "`list partition`", sim_disk_name(d, n, sizeof n), n);
    return SIM_OK;
}

/* ---- values ----------------------------------------------------------- */

bool sim_parse_uint(dp_slice s, uint64_t max, uint64_t *out)
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
bool sim_parse_disk(dp_slice s, mdl_disk_ref *r)
{
    uint64_t n;
    r->missing_id = s.n > 0 && (s.s[0] == 'M' || s.s[0] == 'm');
    if (r->missing_id) {
        s.s++;
        s.n--;
    }
    if (!sim_parse_uint(s, 999999999u, &n))
        return false;
    r->num = (unsigned)n;
    return true;
}

/* "t", "T" or "t:" */
bool sim_parse_letter(dp_slice s, char *letter)
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

enum sim_rc sim_syntax(sim *m, enum dp_cmd_id id)
{
    char name[64];
    dp_cmd_name(id, name, sizeof name);
    return sim_refuse(m, DM_SYNTAX, name);
}

/* ---- select, list, detail: the commands that change no disk ---------- */

static enum sim_rc do_select_disk(sim *m, const dp_cmd *c)
{
    mdl_disk_ref r;
    mdl_disk *d;
    char n[16];
    if (!c->has_value) {
        if (!(d = focus_disk(m)))
            return m->fdisk == SF_UNKNOWN ? need_disk(m, &d) : sim_refuse(m, DM_NO_DISK);
        sim_say(m, DM_DISK_SELECTED, sim_disk_name(d, n, sizeof n));
        return SIM_OK;
    }
    if (util_ieqn(c->value.s, c->value.n, "system") || util_ieqn(c->value.s, c->value.n, "next"))
        return sim_unmodelled(m, "`select disk system|next`");
    m->fpart = SF_NONE;
    m->fvol = SF_NONE;
    if (!sim_parse_disk(c->value, &r) || !(d = sim_find_ref(m->srv, r))) {
        m->fdisk = SF_NONE;
        return sim_refuse(m, DM_DISK_INVALID);
    }
    m->fdisk = SF_SET;
    m->disk = r;
    sim_say(m, DM_DISK_SELECTED, sim_disk_name(d, n, sizeof n));
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
        sim_say(m, DM_VOLUME_SELECTED, v->num);
        return SIM_OK;
    }
    if (sim_parse_uint(c->value, 999999999u, &n))
        v = mdl_find_volume(m->srv, (unsigned)n);
    else if (sim_parse_letter(c->value, &letter))
        v = sim_find_letter(m->srv, letter);
    else if (memchr(c->value.s, '\\', c->value.n))
        return sim_unmodelled(m, "selecting a volume by mount path");
    if (!v) {
        m->fvol = SF_NONE;
        m->fpart = m->fpart == SF_UNKNOWN ? SF_UNKNOWN : SF_NONE;
        return sim_refuse(m, DM_VOLUME_INVALID);
    }
    focus_volume(m, v);
    sim_say(m, DM_VOLUME_SELECTED, v->num);
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
        sim_say(m, DM_PART_SELECTED, p->num);
        return SIM_OK;
    }
    if ((rc = sim_need_parts(m, d)) != SIM_OK)
        return rc;
    if (sim_parse_uint(c->value, 999999999u, &n))
        for (i = 0; i < d->nparts; i++)
            if (d->parts[i].num == n) {
                focus_partition(m, &d->parts[i]);
                sim_say(m, DM_PART_SELECTED, d->parts[i].num);
                return SIM_OK;
            }
    m->fpart = SF_NONE;
    m->fvol = SF_NONE;
    return sim_refuse(m, DM_PART_INVALID);
}

static enum sim_rc do_list(sim *m, enum dp_cmd_id id)
{
    size_t i;
    long focus = -1;
    if (id == CMD_LIST_DISK) {
        if (m->fdisk == SF_UNKNOWN)
            return sim_unknown(m, "which disk `list disk` stars is unknown: capture `detail volume` for the "
                                  "volume selected last");
        for (i = 0; i < m->srv->ndisks; i++)
            if (m->fdisk == SF_SET && mdl_ref_is(m->disk, &m->srv->disks[i]))
                focus = (long)i;
        prt_list_disk(m->out, m->srv, focus);
    } else if (id == CMD_LIST_VOLUME) {
        if (m->fvol == SF_UNKNOWN)
            return sim_unknown(m, "which volume `list volume` stars is unknown: capture `detail partition` for "
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
            return sim_refuse(m, DM_NO_DISK_TO_LIST);
        }
        d = focus_disk(m);
        if ((rc = sim_need_parts(m, d)) != SIM_OK)
            return rc;
        if (m->fpart == SF_UNKNOWN)
            return need_part(m, &d, NULL);
        if (m->fpart == SF_SET)
            focus = sim_part_index(d, m->part_off);
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
    enum sim_rc rc;
    enum tri t;
    if (!d->detail.known)
        return sim_unknown(m, "what `detail disk` prints for disk %s is unknown: capture `select disk %s` and "
                              "`detail disk`", sim_disk_name(d, name, sizeof name), name);
    for (i = 0; i < m->srv->nvols; i++)
        if ((rc = sim_vol_known_on(m, i, d, &t)) != SIM_OK)
            return rc;
    if (!(vols = util_calloc(m->srv->nvols + 1, sizeof *vols)))
        return SIM_NOMEM;
    for (i = 0; i < m->srv->nvols; i++)
        if (sim_vol_is_on(&m->srv->vols[i], d) == T_YES)
            vols[n++] = m->srv->vols[i].num;
    copy = *d;
    copy.detail.vols = vols;
    copy.detail.nvols = n;
    prt_detail_disk(m->out, m->srv, &copy);
    util_free(vols);
    table_done(m);
    return SIM_OK;
}

/* ---- the dispatcher --------------------------------------------------- */

enum sim_rc sim_exec(sim *m, const dp_cmd *c)
{
    const dp_cmd_info *info = &dp_commands[c->id];
    mdl_disk *d = NULL;
    mdl_volume *v = NULL;
    mdl_partition *p = NULL;
    enum sim_rc rc = SIM_OK;
    buf_reset(&m->why);
    if (info->focus == DPF_UNMODELLED)
        return sim_unmodelled(m, "this DiskPart command");
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
    case CMD_DETAIL_VOLUME: return sim_unmodelled(m, "`detail volume` (its layout is unverified)");
    case CMD_DETAIL_PARTITION: return sim_unmodelled(m, "`detail partition` (its layout is unverified)");
    case CMD_BREAK_DISK: return sim_do_break(m, c, v);
    case CMD_DELETE_DISK: return sim_do_delete_disk(m, c, d);
    case CMD_DELETE_PARTITION: return sim_do_delete_partition(m, c, d, p);
    case CMD_DELETE_VOLUME: return sim_do_delete_volume(m, v);
    case CMD_CONVERT_GPT:
    case CMD_CONVERT_MBR: return sim_do_convert_style(m, c, d);
    case CMD_CONVERT_DYNAMIC: return sim_do_convert_dynamic(m, d);
    case CMD_CONVERT_BASIC: return sim_do_convert_basic(m, d);
    case CMD_CLEAN: return sim_do_clean(m, d);
    case CMD_CREATE_EFI:
    case CMD_CREATE_MSR:
    case CMD_CREATE_PRIMARY: return sim_do_create(m, c, d);
    case CMD_FORMAT: return sim_do_format(m, c, v);
    case CMD_ASSIGN: return sim_do_assign(m, c, v);
    case CMD_REMOVE: return sim_do_remove(m, c, v);
    case CMD_ADD_DISK: return sim_do_add(m, c, v);
    case CMD_ONLINE_DISK:
    case CMD_OFFLINE_DISK: return sim_do_online(m, c, d);
    case CMD_RESCAN: sim_say(m, DM_RESCAN); return SIM_OK;
    case CMD_EXIT: sim_say(m, DM_LEAVING); return SIM_EXIT;
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
        rc = sim_refuse(m, DM_UNKNOWN_COMMAND, word);
        m->exit_code = dp_messages[m->last_error].exit_code;
        return rc;
    case DPP_SYNTAX:
        rc = sim_syntax(m, c.id);
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
