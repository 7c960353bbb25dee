/* chars.c — character classes of the forms: widths folded, CJK, ideographs, spaces, dash placeholders. */
#include "text.h"

#include <string.h>

uint32_t jx_fold_width(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFF01 + 0x21;
    switch (cp) {
    case 0x3000: /* ideographic space */
    case 0x00A0: /* no-break space */
        return ' ';
    case 0x2212: /* minus sign */
        return '-';
    default:
        return cp;
    }
}

bool jx_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF)     /* unified ideographs */
        || (cp >= 0x3400 && cp <= 0x4DBF)     /* extension A */
        || (cp >= 0x20000 && cp <= 0x2FA1F)   /* extensions B.. and compat */
        || (cp >= 0xF900 && cp <= 0xFAFF)     /* compatibility ideographs */
        || (cp >= 0x3001 && cp <= 0x303F)     /* CJK punctuation: 、。〈〉《》「」【】 */
        || (cp >= 0x2010 && cp <= 0x2027)     /* dashes, quotes “” ‘’, … */
        || (cp >= 0xFF01 && cp <= 0xFF65);    /* full-width forms */
}

bool jx_is_ideograph(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF)
        || cp == 0x3007; /* 〇 */
}

bool jx_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v'
        || cp == '\f' || cp == 0x00A0 || cp == 0x3000 || cp == 0xFEFF
        || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F;
}

bool jx_is_dash_placeholder(const char *norm)
{
    /* Runs of one dash-like character: -, --, —, ——, –, ―, ─, －. */
    static const char *const dashes[] = {"-", "\xE2\x80\x94" /* — */,
        "\xE2\x80\x93" /* – */, "\xE2\x80\x95" /* ― */, "\xE2\x94\x80" /* ─ */,
        "\xEF\xBC\x8D" /* － */};
    if (norm == NULL || *norm == '\0')
        return false;
    /* Every dash starts with one of three bytes: most cells are done here
     * (this runs on every cell of every document). */
    unsigned char lead = (unsigned char)*norm;
    if (lead != '-' && lead != 0xE2 && lead != 0xEF)
        return false;
    for (size_t d = 0; d < sizeof dashes / sizeof dashes[0]; d++) {
        size_t dl = strlen(dashes[d]);
        const char *p = norm;
        size_t count = 0;
        while (strncmp(p, dashes[d], dl) == 0) {
            p += dl;
            count++;
        }
        if (*p == '\0' && count > 0 && count <= 6)
            return true;
    }
    return false;
}

