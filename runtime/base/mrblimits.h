/* mrblimits.h - every limit mrb enforces, in one place.
 *
 * Each has its own diagnostic, "too many X (limit is N)" style, and a test
 * at and just past it.  SPEC.md lists them for users.
 */
#ifndef MRB_LIMITS_H
#define MRB_LIMITS_H

#define LIM_SOURCE_BYTES (1024u * 1024u)        /* a .mrb file */
#define LIM_LISTING_BYTES (8u * 1024u * 1024u)  /* a captured listing or state file (raw bytes) */
#define LIM_LINE_BYTES 4096u                    /* one line, after decoding */
#define LIM_ERRORS 50u                          /* errors shown before the rest are only counted */
#define LIM_DISKS 1024u                         /* disks in one listing */
#define LIM_VOLUMES 16384u                      /* volumes in one listing */
#define LIM_PARTITIONS 256u                     /* partitions on one disk */
#define LIM_NUMBER 999999999u                   /* a disk, volume or partition number; a size value */

/* The .mrb language (SPEC.md section 6). */
#define LIM_DEPTH 32u                           /* nested braces and parentheses, together (E306) */
#define LIM_IDENT_BYTES 64u                     /* bytes in an identifier (E305) */
#define LIM_NAMES 256u                          /* selectors, letter variables and loop variables (E421) */
#define LIM_STEPS 256u                          /* steps in one procedure (E422) */

/* The run journal (runtime/server/journal.h). */
#define LIM_JOURNAL_BYTES (16u * 1024u * 1024u) /* a run journal, read whole on --resume (E710) */
#define LIM_JOURNAL_TEXT LIM_LINE_BYTES         /* the command text of one journal intent record (E704) */
#define LIM_JOURNAL_STEPS 4096u                 /* step indexes in a journal, 0 to this - 1 (E704) */

#endif
