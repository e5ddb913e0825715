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
#include "diag.h"
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
    const char *inventory;  /* --inventory FILE joined to the listing, or NULL (set before prove) */
    plan p;
    sim_opts so;        /* the simulator's options the plan was proved with */
    /* SHA-256 of the procedure's and the listing's bytes, and in
     * hexadecimal (set once the plan is proved; the files are read again
     * for it): what every file compile writes and `mrbc run`'s journal name */
    jrn_hash procedure_hash, listing_hash;
    char procedure_sha256[65], listing_sha256[65];
} proved;

void prove_init(proved *x);
void prove_free(proved *x);

/* CLI_OK with x->p proved and the files' hashes set; CLI_REFUSED (diagnostics in d) or CLI_USAGE (a
 * file that cannot be read). */
int prove(proved *x, const char *file, const char *listing, diag_sink *d);

#endif
