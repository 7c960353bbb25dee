/* arena.c — one allocation region per document, freed at once. */
#include "base.h"

#include <stdlib.h>
#include <string.h>

typedef struct jx_chunk {
    struct jx_chunk *next;
    size_t size, used;
    max_align_t data[]; /* aligned payload */
} jx_chunk;

/* A malloc'd block the arena frees with itself (jx_arena_adopt). */
typedef struct jx_adopted {
    struct jx_adopted *next;
    void *block;
} jx_adopted;

struct jx_arena {
    jx_chunk *head;
    jx_adopted *adopted;
};

#define JX_CHUNK_MIN ((size_t)64 * 1024)

jx_arena *jx_arena_new(void)
{
    return calloc(1, sizeof(jx_arena));
}

void jx_arena_free(jx_arena *arena)
{
    if (arena == NULL)
        return;
    /* The list of adopted blocks lives in the chunks: walk it first. */
    for (jx_adopted *a = arena->adopted; a != NULL; a = a->next)
        free(a->block);
    jx_chunk *c = arena->head;
    while (c) {
        jx_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(arena);
}

bool jx_arena_adopt(jx_arena *arena, void *block)
{
    jx_adopted *a = jx_arena_alloc(arena, sizeof *a);
    if (a == NULL)
        return false;
    a->block = block;
    a->next = arena->adopted;
    arena->adopted = a;
    return true;
}

/*
 * Takes size bytes (size > 0) at an alignment (1, or that of max_align_t)
 * from the head chunk, or from a new one. Strings are taken unaligned, so
 * the many short texts of a document's cells lie packed; an aligned block
 * after them skips to its alignment.
 */
static void *arena_take(jx_arena *arena, size_t size, size_t align)
{
    jx_chunk *c = arena->head;
    size_t at = c ? (c->used + align - 1) / align * align : 0;
    if (c == NULL || at > c->size || c->size - at < size) {
        size_t chunk = size > JX_CHUNK_MIN ? size : JX_CHUNK_MIN;
        c = malloc(sizeof(jx_chunk) + chunk);
        if (c == NULL)
            return NULL;
        c->size = chunk;
        c->used = 0;
        at = 0;
        /* Keep a partly used head in front: big one-off blocks go behind it. */
        if (arena->head && size > JX_CHUNK_MIN) {
            c->next = arena->head->next;
            arena->head->next = c;
        } else {
            c->next = arena->head;
            arena->head = c;
        }
    }
    void *p = (char *)c->data + at;
    c->used = at + size;
    return p;
}

void *jx_arena_alloc(jx_arena *arena, size_t size)
{
    const size_t align = sizeof(max_align_t);
    if (arena == NULL || size > SIZE_MAX / 2)
        return NULL;
    size_t need = (size + align - 1) / align * align;
    if (need == 0)
        need = align;
    void *p = arena_take(arena, need, align);
    if (p != NULL)
        memset(p, 0, need);
    return p;
}

char *jx_arena_chars(jx_arena *arena, size_t n)
{
    if (arena == NULL || n == 0 || n > SIZE_MAX / 2)
        return NULL;
    return arena_take(arena, n, 1);
}

void *jx_grow(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            return NULL;
        n *= 2;
    }
    void *grown = realloc(items, n * size);
    if (grown != NULL)
        *cap = n;
    return grown;
}

char *jx_arena_strndup(jx_arena *arena, const char *s, size_t n)
{
    char *p = n < SIZE_MAX / 2 ? jx_arena_chars(arena, n + 1) : NULL;
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
