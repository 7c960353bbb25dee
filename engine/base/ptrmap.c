/*
 * ptrmap.c — a map from pointers (a document's cells, tables) to indexes.
 *
 * The workbook looks up, for every cell it writes, where it was placed and
 * which finding corrects it; a linear search made that cells × findings.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

static size_t slot_of(const void *key, size_t mask)
{
    /* Fibonacci hashing of the address: objects of an arena are evenly spaced. */
    uint64_t h = (uint64_t)(uintptr_t)key * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 17) & mask;
}

static bool ptrmap_rehash(jx_ptrmap *m, size_t cap)
{
    jx_ptrmap_entry *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key == NULL)
            continue;
        size_t s = slot_of(m->slots[i].key, cap - 1);
        while (slots[s].key != NULL)
            s = (s + 1) & (cap - 1);
        slots[s] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

bool jx_ptrmap_put(jx_ptrmap *m, const void *key, size_t value)
{
    if (key == NULL)
        return true;
    if ((m->count + 1) * 2 > m->cap && !ptrmap_rehash(m, m->cap ? m->cap * 2 : 64))
        return false;
    size_t s = slot_of(key, m->cap - 1);
    while (m->slots[s].key != NULL && m->slots[s].key != key)
        s = (s + 1) & (m->cap - 1);
    if (m->slots[s].key == NULL)
        m->count++;
    m->slots[s] = (jx_ptrmap_entry){key, value};
    return true;
}

bool jx_ptrmap_get(const jx_ptrmap *m, const void *key, size_t *value)
{
    if (key == NULL || m->cap == 0)
        return false;
    size_t s = slot_of(key, m->cap - 1);
    while (m->slots[s].key != NULL) {
        if (m->slots[s].key == key) {
            *value = m->slots[s].value;
            return true;
        }
        s = (s + 1) & (m->cap - 1);
    }
    return false;
}

void jx_ptrmap_free(jx_ptrmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}
