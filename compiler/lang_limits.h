/* lang_limits.h - the limits of the .mrb language, one place (SPEC.md "Limits").
 *
 * To be merged into runtime/limits.h.  Each limit has its own diagnostic,
 * "too many X (limit is N)" style, and a test at and just past it.  The file
 * size (LIM_SOURCE_BYTES), the line length (LIM_LINE_BYTES) and the errors
 * shown (LIM_ERRORS) are in runtime/limits.h already.
 */
#ifndef MRB_LANG_LIMITS_H
#define MRB_LANG_LIMITS_H

#define LANG_MAX_DEPTH 32u      /* nested braces and parentheses, together (E306) */
#define LANG_MAX_IDENT 64u      /* bytes in an identifier (E305) */
#define LANG_MAX_NAMES 256u     /* selectors, letter variables and loop variables (E421) */
#define LANG_MAX_STEPS 256u     /* steps in one procedure (E422) */

#endif
