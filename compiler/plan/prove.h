/* prove.h - what compile and run share: from a procedure and a listing to a
 * plan proved on the model.
 *
 * prove_procedure() decodes and checks the procedure; prove() then reads
 * the listing (or a state file) and completes it by the model's rules
 * (grammar/capture/snapshot.h), resolves the procedure against it and verifies the
 * plan on the simulator: the one path by which `mrb compile`, `verify` and
 * `mrb run` reach a plan, so that what run executes was proved exactly as
 * compile proves it.  Both take the bytes as read and hash those very
 * bytes: the hashes stamped into every artifact and the journal are of
 * what was proved.  Reading the files is the caller's (compiler/cli/cli.c,
 * cli_prove).
 *
 * Ownership: a proved owns everything in it (prove_free); the plan and the
 * tree point into its text and arena.
 */
#ifndef MRB_PROVE_H
#define MRB_PROVE_H

#include "base/arena.h"
#include "lang/ast.h"
#include "plan/carry.h"
#include "base/diag.h"
#include "base/hash.h"
#include "capture/listing.h"
#include "diskpart/model.h"
#include "plan/plan.h"
#include "diskpart/sim.h"
#include "base/util.h"

typedef struct proved {
    buf text;           /* the procedure, decoded */
    diag_src src;
    arena a;            /* the tree */
    ast_file ast;
    mdl_server snap;    /* the listing, completed by sim_infer */
    /* set before prove(): an inventory's bytes (grammar/capture/inventory.h),
     * joined to the listing before the proof; inventory NULL: none */
    const char *inventory;  /* its name in diagnostics */
    const void *inventory_raw;
    size_t inventory_len;
    plan p;
    sim_opts so;        /* the simulator's options the plan was proved with */
    /* SHA-256 of the procedure's and the listing's bytes that were proved,
     * and in hexadecimal: what every file compile writes and `mrb run`'s
     * journal name */
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

/* The procedure's bytes raw[0..len) (named name): hashed, decoded and
 * checked; false when refused (diagnostics in d). */
bool prove_procedure(proved *x, const char *name, const void *raw, size_t len, diag_sink *d);

enum prove_status {
    PROVE_OK,       /* x->p proved */
    PROVE_REFUSED,  /* diagnostics in d */
    PROVE_NOMEM     /* out of memory, said in d */
};

/* After prove_procedure: the listing's bytes raw[0..len) (named name),
 * hashed and read with the operator's words (NULL: none), and the plan
 * resolved and proved on it. */
enum prove_status prove(proved *x, const char *name, const void *raw, size_t len, const lst_words *words,
                        diag_sink *d);

/* Once prove() has proved x on the earlier listing: the new capture's
 * bytes raw[0..len) (named name), hashed and read as prove() reads a
 * listing (the inventory, if any, joined to it), and the plan of what is
 * left (carry.h) made x's plan, as above; the same returns. */
enum prove_status prove_rest(proved *x, const char *name, const void *raw, size_t len, const lst_words *words,
                             diag_sink *d);

/* Does the driver text t[0..n) of an earlier plan cite, on its "rem mrb"
 * lines, the SHA-256 of x's procedure and of the listing x was proved on
 * (compile --continue DIR: the same bytes give the same plan; E623 when
 * not, said by the caller)? */
bool prove_cites(const proved *x, const char *t, size_t n);

#endif
