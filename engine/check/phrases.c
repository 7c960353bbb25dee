/*
 * phrases.c — which of the forms' lists a sentence can hold a word of, found
 * in one walk over it.
 *
 * The prose checks ask a sentence for a dozen lists of phrases and topics
 * (jx_quote_after_list, jx_forms_match), each a strstr per word: some fifty
 * searches of every sentence that holds a figure, nearly all in vain. A
 * list matches a text only if the text holds one of its words, and so the
 * word's first JX_PHRASE_KEY bytes (two Chinese characters). Those keys are
 * indexed once per document; one walk over a sentence looks each position's
 * key up and marks the lists it begins a word of. A list not marked is not
 * asked; a list with a shorter word is always asked.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of a word's key: two Chinese characters. */
#define JX_PHRASE_KEY JX_NAME_INDEX_PREFIX /* what jx_prefix_key reads */
/* Filter bits per key: 1 position in 30 or so that begins no word passes. */
#define FILTER_BITS_PER_KEY 32

typedef struct {
    uint64_t key;  /* 0: an empty slot (no key is 0: words hold no NUL) */
    uint64_t lists; /* the lists (bits, in the order given) with a word of this key */
} key_slot;

struct jx_phrase_index {
    signed char bit_of[JX_FW_COUNT]; /* a list's bit; -1: not indexed */
    uint64_t always;       /* lists with a word shorter than a key: always asked */
    key_slot *slots;
    size_t nslots;         /* a power of two */
    uint64_t *filter;      /* a bit per key hash */
    unsigned filter_shift; /* 64 less the filter's bits */
    bool inner;            /* a word begins inside a character: every byte is a start */
};

static void put_key(jx_phrase_index *ix, uint64_t key, uint64_t bit)
{
    size_t s = jx_prefix_slot(key, ix->nslots);
    while (ix->slots[s].key != 0 && ix->slots[s].key != key)
        s = (s + 1) & (ix->nslots - 1);
    ix->slots[s].key = key;
    ix->slots[s].lists |= bit;
    size_t f = jx_prefix_filter_bit(key, ix->filter_shift);
    ix->filter[f >> 6] |= UINT64_C(1) << (f & 63);
}

jx_phrase_index *jx_phrase_index_build(const jx_forms *forms, const jx_form_list *lists,
                                       size_t nlists)
{
    if (nlists > JX_PHRASE_LISTS_MAX)
        return NULL;
    jx_phrase_index *ix = calloc(1, sizeof *ix);
    if (ix == NULL)
        return NULL;
    memset(ix->bit_of, -1, sizeof ix->bit_of);
    size_t words = 0;
    for (size_t k = 0; k < nlists; k++)
        words += forms->lists[lists[k]].n;
    ix->nslots = 16;
    while (ix->nslots < 2 * words)
        ix->nslots *= 2;
    unsigned filter_log = 12;
    while (((size_t)1 << filter_log) < words * FILTER_BITS_PER_KEY && filter_log < 30)
        filter_log++;
    ix->filter_shift = 64 - filter_log;
    ix->slots = calloc(ix->nslots, sizeof *ix->slots);
    ix->filter = calloc(((size_t)1 << filter_log) / 64, sizeof *ix->filter);
    if (ix->slots == NULL || ix->filter == NULL) {
        jx_phrase_index_free(ix);
        return NULL;
    }
    for (size_t k = 0; k < nlists; k++) {
        ix->bit_of[lists[k]] = (signed char)k;
        uint64_t bit = UINT64_C(1) << k;
        const jx_word_list *l = &forms->lists[lists[k]];
        for (size_t i = 0; i < l->n; i++) {
            const jx_form_word *w = &l->words[i];
            if (w->len < JX_PHRASE_KEY)
                ix->always |= bit;
            else
                put_key(ix, jx_prefix_key((const unsigned char *)w->word), bit);
            ix->inner = ix->inner || (w->len > 0 && ((unsigned char)w->word[0] & 0xC0) == 0x80);
        }
    }
    return ix;
}

void jx_phrase_index_free(jx_phrase_index *ix)
{
    if (ix == NULL)
        return;
    free(ix->slots);
    free(ix->filter);
    free(ix);
}

uint64_t jx_phrase_scan(const jx_phrase_index *ix, const char *text)
{
    uint64_t found = ix->always;
    const unsigned char *t = (const unsigned char *)text;
    size_t n = strlen(text);
    /* A three-byte character's lead and continuation bytes, as they stand in
     * the key's first word: (word & mask) == lead3. No word begins at its
     * second or third byte, unless one begins inside a character. */
    static const unsigned char mask_bytes[4] = {0xF0, 0xC0, 0xC0, 0},
                               lead3_bytes[4] = {0xE0, 0x80, 0x80, 0};
    uint32_t mask, lead3;
    memcpy(&mask, mask_bytes, sizeof mask);
    memcpy(&lead3, lead3_bytes, sizeof lead3);
    const uint64_t *filter = ix->filter;
    unsigned shift = ix->filter_shift;
    for (size_t i = 0; n >= JX_PHRASE_KEY && i <= n - JX_PHRASE_KEY;) {
        uint64_t key = jx_prefix_key(t + i);
        size_t f = jx_prefix_filter_bit(key, shift);
        if ((filter[f >> 6] >> (f & 63)) & 1) {
            for (size_t s = jx_prefix_slot(key, ix->nslots); ix->slots[s].key != 0;
                 s = (s + 1) & (ix->nslots - 1))
                if (ix->slots[s].key == key) {
                    found |= ix->slots[s].lists;
                    break;
                }
        }
        /* Any byte may be looked at (an extra position only marks more lists): the
         * walk need not know where characters begin, only skip what begins none. */
        i += !ix->inner && ((uint32_t)key & mask) == lead3 ? 3 : 1;
    }
    return found;
}

bool jx_phrase_may(const jx_phrase_index *ix, uint64_t found, jx_form_list list)
{
    int k = ix->bit_of[list];
    return k < 0 || ((found >> k) & 1); /* a list not indexed: ask it */
}
