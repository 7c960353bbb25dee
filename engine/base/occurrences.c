/*
 * occurrences.c — how often a list of words stands in a text of bytes, in one
 * pass. `--rules auto` counts every rule set's place names in every document;
 * a search per word (memchr on the first byte, which stops every few bytes in
 * Chinese text, whose characters share a handful of lead bytes) made that
 * half the cost of checking a document. One pass looks up each position's
 * first three bytes (hashed) in a bitmap of the words' and compares only there.
 * It visits characters, not bytes, when no word begins inside one: a
 * three-byte character is stepped over whole.
 *
 * A few words (a rule set names one or two) are rather looked for one by
 * one, by the byte of each that Chinese text holds least often: memchr finds
 * a continuation byte of a given value at one byte in a hundred or so, and
 * skips the rest at many bytes an instruction.
 */
#include "base.h"

#include <string.h>

#define KEY_BITS 65536
/* Up to this many words, each is searched for alone by its rarest byte. */
#define FEW_WORDS 8

/* Three bytes (a whole CJK character) as one number, hashed to 16 bits. */
static unsigned key_of(uint32_t v)
{
    return (unsigned)((v * UINT32_C(2654435761)) >> 16) & (KEY_BITS - 1);
}

/* A position's key, the bytes past the text read as 0. */
static unsigned key_at(const unsigned char *t, size_t i, size_t len)
{
    uint32_t v = (uint32_t)t[i] << 16 | (uint32_t)(i + 1 < len ? t[i + 1] : 0) << 8
               | (uint32_t)(i + 2 < len ? t[i + 2] : 0);
    return key_of(v);
}

static bool is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The words, ready for a pass. */
typedef struct {
    const char (*words)[48];
    size_t nwords;
    uint64_t keys[KEY_BITS / 64]; /* the keys of the words of three bytes or more */
    bool firsts[256];             /* the first bytes of the shorter ones */
    size_t wlen[JX_COUNT_WORDS_MAX], next[JX_COUNT_WORDS_MAX];
    unsigned wkey[JX_COUNT_WORDS_MAX];
    bool inner_words;             /* one begins with a continuation byte: every byte starts one */
} counter;

/* The words that stand at t[i] (key: its key), counted; each word's occurrences
 * do not overlap each other, as if counted alone. */
static size_t count_at(counter *k, const unsigned char *t, size_t i, size_t len, unsigned key,
                       bool keyed)
{
    size_t count = 0;
    for (size_t w = 0; w < k->nwords; w++) {
        size_t n = k->wlen[w];
        if (n == 0 || i < k->next[w] || n > len - i)
            continue;
        if (n >= 3 ? !keyed || k->wkey[w] != key : t[i] != (unsigned char)k->words[w][0])
            continue;
        if (memcmp(t + i, k->words[w], n) == 0) {
            count++;
            k->next[w] = i + n;
        }
    }
    return count;
}

/* How common a byte is in Chinese text, roughly: ASCII (digits, spaces,
 * punctuation) and lead bytes most, continuation bytes least. */
static int commonness(unsigned char c)
{
    return c < 0x80 ? 2 : c >= 0xC0 ? 3 : 1;
}

/* One word's non-overlapping occurrences, found by memchr on its rarest byte. */
static size_t count_word(const unsigned char *t, size_t len, const char *word, size_t n)
{
    const unsigned char *w = (const unsigned char *)word;
    size_t at = n - 1; /* the rarest byte, the last of equals (a character's last) */
    for (size_t j = n; j-- > 0;)
        if (commonness(w[j]) < commonness(w[at]))
            at = j;
    size_t count = 0, next = 0; /* the first start a next occurrence may have */
    for (size_t i = at; i < len;) {
        const unsigned char *hit = memchr(t + i, w[at], len - i);
        if (hit == NULL)
            break;
        size_t h = (size_t)(hit - t), start = h - at;
        /* The first byte before the call: the rarest byte alone often stands elsewhere. */
        if (start >= next && n <= len - start && t[start] == w[0]
            && memcmp(t + start, w, n) == 0) {
            count++;
            next = start + n;
        }
        i = h + 1;
    }
    return count;
}

size_t jx_count_words(const char *text, size_t len, const char (*words)[48], size_t nwords)
{
    if (text == NULL || nwords == 0 || nwords > JX_COUNT_WORDS_MAX)
        return 0;
    if (nwords <= FEW_WORDS) {
        size_t count = 0;
        for (size_t w = 0; w < nwords; w++) {
            size_t n = strnlen(words[w], sizeof words[w]);
            if (n > 0)
                count += count_word((const unsigned char *)text, len, words[w], n);
        }
        return count;
    }
    counter k;
    memset(&k, 0, sizeof k);
    k.words = words;
    k.nwords = nwords;
    for (size_t w = 0; w < nwords; w++) {
        size_t n = k.wlen[w] = strnlen(words[w], sizeof words[w]);
        k.wkey[w] = n >= 3 ? key_at((const unsigned char *)words[w], 0, n) : 0;
        if (n >= 3)
            k.keys[k.wkey[w] >> 6] |= UINT64_C(1) << (k.wkey[w] & 63);
        else if (n > 0)
            k.firsts[(unsigned char)words[w][0]] = true;
        k.inner_words = k.inner_words || (n > 0 && is_continuation((unsigned char)words[w][0]));
    }
    /* The lead byte of a three-byte character and its two continuation bytes:
     * v & LEAD3_MASK == LEAD3 (nothing begins at the two after it). */
    const uint32_t lead3_mask = k.inner_words ? 0 : 0xF0C0C0, lead3 = 0xE08080;
    const unsigned char *t = (const unsigned char *)text;
    size_t count = 0, i = 0;
    for (; len >= 3 && i < len - 2;) {
        uint32_t v = (uint32_t)t[i] << 16 | (uint32_t)t[i + 1] << 8 | t[i + 2];
        unsigned key = key_of(v);
        bool keyed = (k.keys[key >> 6] >> (key & 63)) & 1;
        if (keyed | k.firsts[t[i]])
            count += count_at(&k, t, i, len, key, keyed);
        i += 1 + 2 * ((v & lead3_mask) == lead3);
    }
    for (; i < len; i++) { /* the last two bytes */
        unsigned key = key_at(t, i, len);
        count += count_at(&k, t, i, len, key, (k.keys[key >> 6] >> (key & 63)) & 1);
    }
    return count;
}
