/* sim_int.h - the simulator's insides, shared by its files.
 *
 * sim.c runs the session (output, focus, values, the dispatcher) and the
 * commands that select and list; sim_disk.c and sim_volume.c hold the other
 * commands, one sim_do_ function each; sim_layout.c what they share.
 * Nothing outside the simulator includes this header: sim.h is its
 * interface.
 */
#ifndef MRB_SIM_INT_H
#define MRB_SIM_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "diskpart/sim.h"

#define ALIGN MDL_MiB               /* DiskPart's default partition alignment */
#define LDM_BYTES MDL_MiB           /* the dynamic-disk database (docs/DISKPART.md 1.9) */
#define TAIL_BYTES MDL_MiB          /* room kept free at a disk's end (GPT backup), conservatively */

enum tri { T_NO, T_YES, T_UNKNOWN };

/* ---- sizes ------------------------------------------------------------ */

static inline mdl_size sz_add(mdl_size a, mdl_size b)
{
    mdl_size r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi - 1;
    return r;
}

/* a - b, floored at 0. */
static inline mdl_size sz_sub(mdl_size a, mdl_size b)
{
    mdl_size r;
    r.lo = a.lo > b.hi - 1 ? a.lo - (b.hi - 1) : 0;
    r.hi = a.hi > b.lo ? a.hi - b.lo : 1;
    if (r.hi <= r.lo)
        r.hi = r.lo + 1;
    return r;
}

static inline enum tri sz_ge(mdl_size a, mdl_size b)
{
    if (a.lo >= b.hi - 1)
        return T_YES;
    if (a.hi - 1 < b.lo)
        return T_NO;
    return T_UNKNOWN;
}

static inline bool sz_exact(mdl_size a) { return a.hi == a.lo + 1; }

static inline uint64_t align_up(uint64_t v) { return (v + ALIGN - 1) / ALIGN * ALIGN; }

/* ---- sim.c: output, focus, values ------------------------------------- */

/* Print message msg as DiskPart does in script mode: a blank line, the text. */
void sim_say(sim *m, enum dp_msg msg, ...);
/* DiskPart refuses the command with msg: SIM_FAILED. */
enum sim_rc sim_refuse(sim *m, enum dp_msg msg, ...);
/* The model cannot tell what DiskPart would do (why, printf-style): SIM_UNKNOWN. */
enum sim_rc sim_unknown(sim *m, const char *fmt, ...) MRB_PRINTF(2, 3);
/* A command or form the simulator does not model: SIM_UNMODELLED. */
enum sim_rc sim_unmodelled(sim *m, const char *what);
/* "1" or "M0", into b (n bytes). */
const char *sim_disk_name(const mdl_disk *d, char *b, size_t n);
/* SIM_UNKNOWN when the partitions of d are unknown, SIM_OK otherwise. */
enum sim_rc sim_need_parts(sim *m, const mdl_disk *d);
/* A command's values: a number up to max; "1" or "M0"; "t", "T" or "t:". */
bool sim_parse_uint(dp_slice s, uint64_t max, uint64_t *out);
bool sim_parse_disk(dp_slice s, mdl_disk_ref *r);
bool sim_parse_letter(dp_slice s, char *letter);
/* DiskPart's syntax refusal for command id. */
enum sim_rc sim_syntax(sim *m, enum dp_cmd_id id);

/* ---- sim_layout.c: what the commands share ---------------------------- */

/* Whether v is a volume whose data DiskPart protects (MODEL.md, "Protected
 * volumes"). */
bool sim_data_protected(const mdl_server *s, const mdl_volume *v);
/* DiskPart's refusal (or unknown) to change v's letter; SIM_OK otherwise. */
enum sim_rc sim_letter_guard(sim *m, const mdl_volume *v);
/* Does volume v live (at least partly) on disk d?  infer.c's rules. */
enum tri sim_vol_is_on(const mdl_volume *v, const mdl_disk *d);
/* The same of the server's volume i, in *t: SIM_UNKNOWN, said, when the
 * listing does not tell; SIM_OK otherwise. */
enum sim_rc sim_vol_known_on(sim *m, size_t i, const mdl_disk *d, enum tri *t);
mdl_disk *sim_find_ref(const mdl_server *s, mdl_disk_ref r);
mdl_volume *sim_find_letter(const mdl_server *s, char letter);
/* The index of d's partition at offset off, or -1. */
long sim_part_index(const mdl_disk *d, uint64_t off);
/* Sort d's partitions by offset and number them 1..n. */
void sim_renumber(mdl_disk *d);
/* A command other than `add disk` changed d's partitions or free space. */
void sim_layout_changed(mdl_disk *d);
/* Free space of a basic disk whose partitions are known. */
void sim_basic_free(mdl_disk *d);
void sim_remove_part(mdl_disk *d, size_t i);
/* Remove volume num, and its mark on the partitions that held it. */
void sim_remove_volume(mdl_server *s, unsigned num);
/* The lowest volume number not in use. */
unsigned sim_free_vol_num(const mdl_server *s);
/* v no longer has a plex on d. */
void sim_drop_plex(mdl_volume *v, const mdl_disk *d);
/* Is disk d empty (no partitions)? */
enum tri sim_disk_empty(const sim *m, const mdl_disk *d);
/* Add a partition of type at off holding v (or none), and renumber. */
bool sim_add_part(mdl_disk *d, enum mdl_part_type type, uint64_t off, mdl_size size, const mdl_volume *v);

/* ---- sim_disk.c ------------------------------------------------------- */

enum sim_rc sim_do_delete_disk(sim *m, const dp_cmd *c, mdl_disk *d);
enum sim_rc sim_do_delete_partition(sim *m, const dp_cmd *c, mdl_disk *d, mdl_partition *p);
enum sim_rc sim_do_delete_volume(sim *m, mdl_volume *v);
enum sim_rc sim_do_convert_style(sim *m, const dp_cmd *c, mdl_disk *d);
enum sim_rc sim_do_convert_dynamic(sim *m, mdl_disk *d);
enum sim_rc sim_do_convert_basic(sim *m, mdl_disk *d);
enum sim_rc sim_do_clean(sim *m, mdl_disk *d);
enum sim_rc sim_do_online(sim *m, const dp_cmd *c, mdl_disk *d);
/* Make basic disk d dynamic as `convert dynamic` does; `add disk` too. */
enum sim_rc sim_make_dynamic(sim *m, mdl_disk *d);

/* ---- sim_volume.c ----------------------------------------------------- */

enum sim_rc sim_do_create(sim *m, const dp_cmd *c, mdl_disk *d);
enum sim_rc sim_do_format(sim *m, const dp_cmd *c, mdl_volume *v);
enum sim_rc sim_do_assign(sim *m, const dp_cmd *c, mdl_volume *v);
enum sim_rc sim_do_remove(sim *m, const dp_cmd *c, mdl_volume *v);
enum sim_rc sim_do_add(sim *m, const dp_cmd *c, mdl_volume *v);
enum sim_rc sim_do_break(sim *m, const dp_cmd *c, mdl_volume *v);

#endif
