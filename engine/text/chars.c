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

bool jx_is_dash_placeholder(const char *norm)
{
    /* Runs of one dash-like character, one to six of them: -, --, —, ——, –,
     * ―, ─, －. The first character says which dash the run must be of
     * (none is a prefix of another); most cells fail on their first byte
     * (this runs on every cell of every document). */
    static const char dashes[][4] = {"\xE2\x80\x94" /* — */, "\xE2\x80\x93" /* – */,
        "\xE2\x80\x95" /* ― */, "\xE2\x94\x80" /* ─ */, "\xEF\xBC\x8D" /* － */};
    if (norm == NULL)
        return false;
    const char *dash = NULL;
    size_t unit = 3;
    if (norm[0] == '-') {
        dash = "-";
        unit = 1;
    } else if (norm[0] == '\xE2' || norm[0] == '\xEF') {
        for (size_t d = 0; d < sizeof dashes / sizeof dashes[0] && dash == NULL; d++)
            if (norm[0] == dashes[d][0] && norm[1] == dashes[d][1] && norm[2] == dashes[d][2])
                dash = dashes[d];
    }
    if (dash == NULL)
        return false;
    const char *p = norm;
    size_t count = 0;
    /* Byte by byte: the string's NUL differs from every dash byte, so no
     * comparison reads past it. */
    while (p[0] == dash[0] && (unit == 1 || (p[1] == dash[1] && p[2] == dash[2]))) {
        p += unit;
        count++;
    }
    return *p == '\0' && count <= 6;
}

size_t jx_numeral_length(const char *s)
{
    static const char numerals[][4] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    /* Byte by byte, the first settling nearly every text: s's NUL stops a
     * comparison before anything past it is read. */
    for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
        if (s[0] == numerals[i][0] && s[1] == numerals[i][1] && s[2] == numerals[i][2])
            return 3;
    return 0;
}
