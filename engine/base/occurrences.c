/*
 * occurrences.c — how often a list of words stands in a text of bytes, in one
 * pass. `--rules auto` counts every rule set's place names in every document;
 * a search per word (memchr on the first byte, which stops every few bytes in
 * Chinese text, whose characters share a handful of lead bytes) made that
 * half the cost of checking a document. One pass looks up each position's
 * first three bytes (hashed) in a bitmap of the words' and compares only there.
 */
#include "base.h"

#include <string.h>

#define KEY_BITS 65536

/* A position's key: its first three bytes (a whole CJK character) hashed to 16 bits. */
static unsigned key_at(const unsigned char *t, size_t i, size_t len)
{
    uint32_t v = (uint32_t)t[i] << 16 | (uint32_t)(i + 1 < len ? t[i + 1] : 0) << 8
               | (uint32_t)(i + 2 < len ? t[i + 2] : 0);
    return (unsigned)((v * UINT32_C(2654435761)) >> 16) & (KEY_BITS - 1);
}

size_t jx_count_words(const char *text, size_t len, const char (*words)[48], size_t nwords)
{
    if (text == NULL || nwords == 0 || nwords > JX_COUNT_WORDS_MAX)
        return 0;
    uint64_t keys[KEY_BITS / 64] = {0};
    size_t wlen[JX_COUNT_WORDS_MAX], next[JX_COUNT_WORDS_MAX] = {0};
    unsigned wkey[JX_COUNT_WORDS_MAX];
    bool short_words = false; /* under three bytes: no key, compared by first byte */
    for (size_t w = 0; w < nwords; w++) {
        wlen[w] = strnlen(words[w], sizeof words[w]);
        wkey[w] = wlen[w] >= 3 ? key_at((const unsigned char *)words[w], 0, wlen[w]) : 0;
        if (wlen[w] >= 3)
            keys[wkey[w] >> 6] |= UINT64_C(1) << (wkey[w] & 63);
        else
            short_words = short_words || wlen[w] > 0;
    }
    const unsigned char *t = (const unsigned char *)text;
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned key = key_at(t, i, len);
        bool keyed = (keys[key >> 6] >> (key & 63)) & 1;
        if (!keyed && !short_words)
            continue;
        /* Each word's occurrences do not overlap each other, as if counted alone. */
        for (size_t w = 0; w < nwords; w++) {
            if (wlen[w] == 0 || i < next[w] || wlen[w] > len - i)
                continue;
            if (wlen[w] >= 3 ? !keyed || wkey[w] != key : t[i] != (unsigned char)words[w][0])
                continue;
            if (memcmp(t + i, words[w], wlen[w]) == 0) {
                count++;
                next[w] = i + wlen[w];
            }
        }
    }
    return count;
}
