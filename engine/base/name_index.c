/*
 * name_index.c — thousands of names found in a text in one pass, leftmost
 * and longest first. `--rules auto` looks for every division of China (some
 * 10,000 spellings) in every document; a search per name would read the text
 * 10,000 times. Names are grouped by their first JX_NAME_INDEX_PREFIX bytes
 * (two Chinese characters) in an open-addressing table, longest first within
 * a group, and a bitmap of those prefixes (hashed) lets most positions of a
 * text pass without a probe. A bitmap of first characters let every common
 * character through (中, 县, 市 begin names too): one of two-character
 * prefixes passes a position in a few dozen, and reading the text costs a
 * few instructions a byte.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

/* Bits of the prefix filter per group of names: 1 position in 30 or so that
 * begins no name passes it, at 4 bytes a group. */
#define FILTER_BITS_PER_GROUP 32

typedef struct {
    size_t offset, len; /* into the pool */
    uint64_t prefix;
    uint32_t value;
} name_entry;

typedef struct {
    uint64_t prefix;
    uint32_t first, count; /* a run of entries; count 0: an empty slot */
} prefix_slot;

struct jx_name_index {
    char *pool;
    size_t pool_len, pool_cap;
    name_entry *entries;
    size_t n, cap;
    prefix_slot *slots;
    size_t nslots; /* a power of two */
    uint64_t *filter; /* a bit per prefix hash: set where some group's prefix hashes */
    unsigned filter_shift; /* 64 less the filter's bits (a power of two) */
    bool begins[256]; /* a byte a name begins with that does not continue a character:
                         ASCII (digits, tabs) and continuation bytes pass at once */
};

jx_name_index *jx_name_index_new(void)
{
    return calloc(1, sizeof(jx_name_index));
}

void jx_name_index_free(jx_name_index *ix)
{
    if (ix == NULL)
        return;
    free(ix->pool);
    free(ix->entries);
    free(ix->slots);
    free(ix->filter);
    free(ix);
}

bool jx_name_index_add(jx_name_index *ix, const char *name, size_t len, uint32_t value)
{
    if (len < JX_NAME_INDEX_PREFIX || ix->slots != NULL)
        return false;
    char *pool = jx_grow(ix->pool, &ix->pool_cap, ix->pool_len + len, 1);
    if (pool == NULL)
        return false;
    ix->pool = pool;
    name_entry *entries = jx_grow(ix->entries, &ix->cap, ix->n + 1, sizeof *entries);
    if (entries == NULL)
        return false;
    ix->entries = entries;
    memcpy(ix->pool + ix->pool_len, name, len);
    entries[ix->n++] = (name_entry){ix->pool_len, len, jx_prefix_key((const unsigned char *)name),
                                    value};
    ix->pool_len += len;
    return true;
}

/* qsort has no context: entries are compared through a pool pointer beside them. */
typedef struct {
    name_entry e;
    const char *pool;
} sort_item;

static int by_prefix_longest(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->e.prefix != y->e.prefix)
        return x->e.prefix < y->e.prefix ? -1 : 1;
    if (x->e.len != y->e.len)
        return x->e.len > y->e.len ? -1 : 1;
    int c = memcmp(x->pool + x->e.offset, y->pool + y->e.offset, x->e.len);
    if (c != 0)
        return c;
    return x->e.value < y->e.value ? -1 : x->e.value > y->e.value;
}

bool jx_name_index_finish(jx_name_index *ix)
{
    if (ix->slots != NULL)
        return true;
    sort_item *items = malloc((ix->n ? ix->n : 1) * sizeof *items);
    if (items == NULL)
        return false;
    for (size_t i = 0; i < ix->n; i++)
        items[i] = (sort_item){ix->entries[i], ix->pool};
    qsort(items, ix->n, sizeof *items, by_prefix_longest);
    /* One entry per spelling; a spelling given with two values is ambiguous. */
    size_t n = 0, groups = 0;
    for (size_t i = 0; i < ix->n; i++) {
        const name_entry *e = &items[i].e;
        name_entry *last = n > 0 ? &ix->entries[n - 1] : NULL;
        if (last != NULL && last->len == e->len
            && memcmp(ix->pool + last->offset, ix->pool + e->offset, e->len) == 0) {
            if (last->value != e->value)
                last->value = JX_NAME_AMBIGUOUS;
            continue;
        }
        groups += last == NULL || last->prefix != e->prefix;
        ix->entries[n++] = *e;
    }
    free(items);
    ix->n = n;
    size_t nslots = 16;
    while (nslots < 2 * groups)
        nslots *= 2;
    ix->slots = calloc(nslots, sizeof *ix->slots);
    if (ix->slots == NULL)
        return false;
    ix->nslots = nslots;
    unsigned filter_log = 12;
    while (((size_t)1 << filter_log) < groups * FILTER_BITS_PER_GROUP && filter_log < 30)
        filter_log++;
    ix->filter = calloc(((size_t)1 << filter_log) / 64, sizeof *ix->filter);
    if (ix->filter == NULL)
        return false;
    ix->filter_shift = 64 - filter_log;
    for (size_t i = 0; i < n;) {
        size_t run = 1;
        while (i + run < n && ix->entries[i + run].prefix == ix->entries[i].prefix)
            run++;
        size_t s = jx_prefix_slot(ix->entries[i].prefix, nslots);
        while (ix->slots[s].count != 0)
            s = (s + 1) & (nslots - 1);
        ix->slots[s] = (prefix_slot){ix->entries[i].prefix, (uint32_t)i, (uint32_t)run};
        size_t k = jx_prefix_filter_bit(ix->entries[i].prefix, ix->filter_shift);
        ix->filter[k >> 6] |= UINT64_C(1) << (k & 63);
        unsigned char first = (unsigned char)ix->pool[ix->entries[i].offset];
        ix->begins[first] = (first & 0xC0) != 0x80;
        i += run;
    }
    return true;
}

size_t jx_name_index_size(const jx_name_index *ix)
{
    return ix != NULL ? ix->n : 0;
}

/* The longest name at t[0..avail) whose first bytes are `prefix`, or NULL. */
static const name_entry *longest_at(const jx_name_index *ix, uint64_t prefix,
                                    const unsigned char *t, size_t avail)
{
    for (size_t s = jx_prefix_slot(prefix, ix->nslots); ix->slots[s].count != 0;
         s = (s + 1) & (ix->nslots - 1)) {
        if (ix->slots[s].prefix != prefix)
            continue;
        for (uint32_t k = 0; k < ix->slots[s].count; k++) {
            const name_entry *e = &ix->entries[ix->slots[s].first + k];
            if (e->len <= avail && memcmp(ix->pool + e->offset, t, e->len) == 0)
                return e;
        }
        return NULL;
    }
    return NULL;
}

size_t jx_name_index_next(const jx_name_index *ix, const char *text, size_t len, size_t *pos,
                          uint32_t *value)
{
    if (ix == NULL || ix->slots == NULL || text == NULL)
        return 0;
    const unsigned char *t = (const unsigned char *)text;
    const uint64_t *filter = ix->filter;
    unsigned shift = ix->filter_shift;
    /* A three-byte character's lead and its two continuation bytes, as they
     * stand in the prefix's first word: (word & mask) == lead3. */
    static const unsigned char mask_bytes[4] = {0xF0, 0xC0, 0xC0, 0},
                               lead3_bytes[4] = {0xE0, 0x80, 0x80, 0};
    uint32_t mask, lead3;
    memcpy(&mask, mask_bytes, sizeof mask);
    memcpy(&lead3, lead3_bytes, sizeof lead3);
    for (size_t i = *pos; len >= JX_NAME_INDEX_PREFIX && i <= len - JX_NAME_INDEX_PREFIX;) {
        if (!ix->begins[t[i]]) {
            i++; /* no name begins so, and none inside a character */
            continue;
        }
        uint64_t prefix = jx_prefix_key(t + i);
        size_t k = jx_prefix_filter_bit(prefix, shift);
        if ((filter[k >> 6] >> (k & 63)) & 1) {
            const name_entry *e = longest_at(ix, prefix, t + i, len - i);
            if (e != NULL) {
                *pos = i + e->len;
                *value = e->value;
                return e->len;
            }
        }
        /* A three-byte character (all of Chinese) is stepped over whole: its
         * next two bytes begin nothing. Anything else goes byte by byte. */
        i += 1 + 2 * (((uint32_t)prefix & mask) == lead3);
    }
    *pos = len;
    return 0;
}
