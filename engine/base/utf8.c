/* utf8.c — UTF-8 decoding, encoding and validation shared by every stage. */
#include "base.h"

#include <stdio.h>
#include <string.h>

size_t jx_utf8_next_multibyte(const char *str, size_t avail, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (avail == 0) {
        *cp = 0;
        return 0;
    }
    size_t len = s[0] < 0x80 ? 1 : jx_utf8_sequence(s, avail);
    switch (len) {
    case 1: *cp = s[0]; return 1;
    case 2: *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F); return 2;
    case 3:
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    case 4:
        *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12
            | (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
        return 4;
    default:
        *cp = 0xFFFD;
        return 1;
    }
}

size_t jx_utf8_put(char *out, uint32_t cp)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A byte below 0x20 other than TAB, LF, VT, FF and CR. */
static bool is_stray_control(unsigned char c)
{
    return c < 0x20 && (c < '\t' || c > '\r');
}

/* Whether some byte of the eight in `word` is below 0x20 (exact: a borrow
 * from a lower byte flags a higher one only when the lower one is flagged). */
static bool word_has_control(uint64_t word)
{
    return ((word - 0x2020202020202020u) & ~word & 0x8080808080808080u) != 0;
}

bool jx_utf8_scan(const unsigned char *s, size_t n, size_t *bad_offset, size_t *stray)
{
    size_t i = 0, controls = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            /* ASCII comes in runs: the rest of one, eight bytes at a time. */
            if (stray)
                controls += is_stray_control(c);
            i++;
            uint64_t word;
            while (n - i >= 8 && (memcpy(&word, s + i, 8), (word & 0x8080808080808080u) == 0)) {
                if (stray && word_has_control(word))
                    for (size_t k = 0; k < 8; k++)
                        controls += is_stray_control(s[i + k]);
                i += 8;
            }
            continue;
        }
        /* Most of a Chinese document: three bytes led by E1..EC or EE..EF,
         * which are never overlong or a surrogate, in runs. */
        size_t run = jx_three_byte_run(s, i, n, 0xE1, 0xEF);
        if (run > i) {
            i = run;
            continue;
        }
        /* A U+FFFD is valid only when it was spelled out (EF BF BD), as
         * jx_utf8_sequence takes it. */
        size_t len = jx_utf8_sequence(s + i, n - i);
        if (len == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += len;
    }
    if (stray)
        *stray = controls;
    return true;
}

bool jx_utf8_valid(const unsigned char *s, size_t n, size_t *bad_offset)
{
    return jx_utf8_scan(s, n, bad_offset, NULL);
}

void jx_utf8_trim_partial(char *s)
{
    /* Back up over continuation bytes to the last lead byte, and drop that
     * character if its sequence is not complete. */
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    uint32_t cp;
    size_t len = jx_utf8_next(s + start - 1, n - (start - 1), &cp);
    if (cp == 0xFFFD && len == 1)
        s[start - 1] = '\0';
}

