/* arena.h - one region allocator per compilation.
 *
 * Tokens, AST nodes, unescaped strings and checker tables of one
 * compilation live in one arena and are released together by arena_free:
 * no node is ever freed alone, so the front end has no ownership puzzles.
 * Allocation goes through util_alloc, so fault injection reaches it; a
 * failed allocation returns NULL and the arena remembers it (arena.failed),
 * so that a caller may check once at the end instead of after every call.
 *
 * Ownership: the arena owns every block it returned; arena_free releases
 * them all.  Pointers into an arena must not outlive it.
 */
#ifndef MRB_ARENA_H
#define MRB_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;  /* most recent chunk first */
    size_t used;        /* bytes used in head */
    size_t cap;         /* bytes available in head */
    bool failed;        /* an allocation failed */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);

/* n bytes aligned for any object, zero-filled; NULL on failure or overflow. */
void *arena_alloc(arena *a, size_t n);
/* The same, not zero-filled: for tables whose entries are written before
 * they are read. */
void *arena_alloc_raw(arena *a, size_t n);

/* A NUL-terminated copy of s[0..n); NULL on failure. */
char *arena_strndup(arena *a, const char *s, size_t n);

#endif
