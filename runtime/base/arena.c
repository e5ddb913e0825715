/* arena.c - region allocation: big chunks, carved in order, freed at once. */
#include "base/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

#include "base/util.h"

/* A chunk's header is followed by its bytes.  Requests larger than a chunk
 * get a chunk of their own. */
struct arena_chunk {
    arena_chunk *next;
    alignas(max_align_t) unsigned char bytes[];
};

#define ARENA_CHUNK 16384u
#define ARENA_ALIGN (alignof(max_align_t))

void arena_init(arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->cap = 0;
    a->failed = false;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        util_free(c);
        c = next;
    }
    arena_init(a);
}

void *arena_alloc_raw(arena *a, size_t n)
{
    size_t need, size, total;
    void *p;
    if (!util_add(n, ARENA_ALIGN - 1, &need)) {
        a->failed = true;
        return NULL;
    }
    need -= need % ARENA_ALIGN;
    if (need == 0)
        need = ARENA_ALIGN;
    if (!a->head || a->cap - a->used < need) {
        arena_chunk *c;
        size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        if (!util_add(size, sizeof(arena_chunk), &total)) {
            a->failed = true;
            return NULL;
        }
        c = util_alloc(total);
        if (!c) {
            a->failed = true;
            return NULL;
        }
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->cap = size;
    }
    p = a->head->bytes + a->used;
    a->used += need;
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    size_t total;
    char *p;
    if (!util_add(n, 1, &total)) {
        a->failed = true;
        return NULL;
    }
    p = arena_alloc(a, total);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
