/* prove.h - what compile and run share: from a procedure and a listing to a
 * plan proved on the model.
 *
 * prove() reads and checks the procedure, reads the listing (or a state
 * file), completes it by the model's rules (sim_infer), resolves the
 * procedure against it and verifies the plan on the simulator: the one
 * path by which `mrbc compile` and `mrbc run` reach a plan, so that what
 * run executes was proved exactly as compile proves it.
 *
 * Ownership: a proved owns everything in it (prove_free); the plan and the
 * tree point into its text and arena.
 */
#ifndef MRB_PROVE_H
#define MRB_PROVE_H

#include "arena.h"
#include "ast.h"
#include "carry.h"
#include "diag.h"
#include "emit.h"
#include "hash.h"
#include "model.h"
#include "plan.h"
#include "sim.h"
#include "util.h"

typedef struct proved {
    buf text;           /* the procedure, decoded */
    diag_src src;
    arena a;            /* the tree */
    ast_file ast;
    mdl_server snap;    /* the listing, completed by sim_infer */
    plan p;
    sim_opts so;        /* the simulator's options the plan was proved with */
    /* SHA-256 of the procedure's and the listing's bytes, and in
     * hexadecimal (set once the plan is proved; the files are read again
     * for it): what every file compile writes and `mrbc run`'s journal name */
    jrn_hash procedure_hash, listing_hash;
    char procedure_sha256[65], listing_sha256[65];
    buf listing_bytes;  /* the listing's bytes, as read for its hash */
    bool plan_refused;  /* the procedure was refused on the listing (E5xx, E6xx) */
    /* compile --continue (prove_rest): p, snap and the listing's hashes
     * become the plan of what is left, the new capture and its hashes; the
     * earlier plan, its listing and that listing's SHA-256 move here (the
     * listing's bytes stay in listing_bytes) */
    bool carried;
    plan earlier;
    mdl_server earlier_snap;
    char earlier_sha256[65];
    carry_cut cut;
} proved;

void prove_init(proved *x);
void prove_free(proved *x);

/* CLI_OK with x->p proved and the files' hashes set; CLI_REFUSED (diagnostics in d) or CLI_USAGE (a
 * file that cannot be read). */
int prove(proved *x, const char *file, const char *listing, diag_sink *d);

/* Once prove() has proved x on the earlier listing: read the new capture
 * and make the plan of what is left (carry.h) x's plan, as above; the same
 * returns. */
int prove_rest(proved *x, const char *listing, diag_sink *d);

/* compile --continue FROM: prove on the earlier listing, FROM itself or,
 * when FROM is the earlier plan's folder, its NAME.listing.txt (its driver
 * must cite the procedure's and that listing's SHA-256: E610), then
 * prove_rest on listing. */
int prove_continue(proved *x, const char *file, const char *from, const char *listing, diag_sink *d);

/* The set compile writes for x (emit.h, emit_set), NAME name, from the
 * procedure file and the listing; false on allocation failure. */
bool prove_emit(const proved *x, const char *name, const char *file, const char *listing, emit_out *o);

#endif
