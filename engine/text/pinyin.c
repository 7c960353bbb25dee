/*
 * pinyin.c — recognising a pinyin reading that a mirror site inserted after a
 * character (項(xiàng)目, 指標(biāo)值), so the normaliser can drop it.
 *
 * The rule, chosen so that real parenthesised text stays ((A), (B/A), (万元),
 * (50分), (2024年度), (DRG), (%), a unit such as (m) or (kg)): inside the
 * brackets is exactly one pinyin syllable in lower case, with a tone mark.
 * A syllable is an optional initial (b p m f d t n l g k h j q x zh ch sh r z
 * c s y w), one to four vowels (a e i o u ü ê), and an optional n, ng or r; or
 * a syllabic ḿ ń ň ǹ. The tone is a marked vowel (ā á ǎ à … ǖ ǘ ǚ ǜ) or a
 * letter followed by a combining accent, as some OCR output writes ā. A
 * toneless reading (的(de)) stays: it cannot be told from a unit or a
 * lower-case abbreviation. Whether the brackets follow a CJK character is the
 * caller's (normalize.c) to check.
 */
#include "text.h"

/* A syllable has at most six letters (zhuang, shuang). */
#define PINYIN_LETTERS_MAX 6

/* One letter of a reading: its base letter ('U' for ü, 'N' for a syllabic
 * nasal with a tone) and whether it carried a tone mark. An ASCII v, which
 * some typists write for ü, carries no tone: such a reading stays anyway. */
typedef struct {
    char base;
    bool tone;
} pinyin_letter;

/* The letters of pinyin beyond ASCII: each with its base and whether it
 * carries a tone. ɑ and ɡ are the single-storey a and g of pinyin fonts. */
static const struct {
    uint32_t cp;
    char base;
    bool tone;
} pinyin_letters[] = {
    {0x0101, 'a', true},  {0x00E1, 'a', true},
    {0x01CE, 'a', true},  {0x00E0, 'a', true}, /* ā á ǎ à */
    {0x0113, 'e', true},  {0x00E9, 'e', true},
    {0x011B, 'e', true},  {0x00E8, 'e', true}, /* ē é ě è */
    {0x1EBF, 'e', true},  {0x1EC1, 'e', true}, /* ế ề */
    {0x012B, 'i', true},  {0x00ED, 'i', true},
    {0x01D0, 'i', true},  {0x00EC, 'i', true}, /* ī í ǐ ì */
    {0x014D, 'o', true},  {0x00F3, 'o', true},
    {0x01D2, 'o', true},  {0x00F2, 'o', true}, /* ō ó ǒ ò */
    {0x016B, 'u', true},  {0x00FA, 'u', true},
    {0x01D4, 'u', true},  {0x00F9, 'u', true}, /* ū ú ǔ ù */
    {0x01D6, 'U', true},  {0x01D8, 'U', true},
    {0x01DA, 'U', true},  {0x01DC, 'U', true}, /* ǖ ǘ ǚ ǜ */
    {0x1E3F, 'N', true},  {0x0144, 'N', true},
    {0x0148, 'N', true},  {0x01F9, 'N', true}, /* ḿ ń ň ǹ */
    {0x00FC, 'U', false}, {0x00EA, 'e', false},
    {0x0251, 'a', false}, {0x0261, 'g', false}, /* ü ê ɑ ɡ */
};

/* The base of a pinyin letter, 0 if cp is none. */
static char letter_base(uint32_t cp, bool *tone)
{
    *tone = false;
    if (cp >= 'a' && cp <= 'z')
        return (char)cp;
    for (size_t i = 0; i < sizeof pinyin_letters / sizeof pinyin_letters[0]; i++)
        if (pinyin_letters[i].cp == cp) {
            *tone = pinyin_letters[i].tone;
            return pinyin_letters[i].base;
        }
    return 0;
}

/* Grave, acute, macron, diaeresis, caron: the accents a tone is written with. */
static bool is_combining_tone(uint32_t cp)
{
    return cp == 0x0300 || cp == 0x0301 || cp == 0x0304 || cp == 0x0308 || cp == 0x030C;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'U';
}

/* Whether the letters make one syllable's shape (see the top of the file). */
static bool is_syllable(const pinyin_letter *l, size_t n)
{
    size_t i = 0;
    if (n >= 2 && (l[0].base == 'z' || l[0].base == 'c' || l[0].base == 's') && l[1].base == 'h')
        i = 2;
    else if (n >= 1 && l[0].base != 'N' && !is_vowel(l[0].base)) {
        static const char initials[] = "bpmfdtnlgkhjqxrzcsyw";
        bool found = false;
        for (const char *p = initials; *p != '\0'; p++)
            found = found || *p == l[0].base;
        if (!found)
            return false;
        i = 1;
    }
    size_t vowels = 0;
    while (i < n && is_vowel(l[i].base)) {
        i++;
        vowels++;
    }
    if (vowels == 0) { /* ḿ, ń, hm̀, ňg: a syllabic nasal */
        if (i < n && l[i].base == 'N')
            i++;
        else
            return false;
        if (i < n && l[i].base == 'g')
            i++;
        return i == n;
    }
    if (vowels > 4)
        return false;
    if (i < n && l[i].base == 'n') {
        i++;
        if (i < n && l[i].base == 'g')
            i++;
    } else if (i < n && l[i].base == 'r') {
        i++;
    }
    return i == n;
}

size_t jx_pinyin_annotation_length(const char *s, size_t avail)
{
    pinyin_letter letters[PINYIN_LETTERS_MAX];
    size_t n = 0, i = 0;
    bool tone = false;
    while (i < avail) {
        uint32_t cp;
        size_t k = jx_utf8_next(s + i, avail - i, &cp);
        i += k;
        if (cp == ')' || cp == 0xFF09 /* ） */)
            return n > 0 && tone && is_syllable(letters, n) ? i : 0;
        if (is_combining_tone(cp) && n > 0 && !letters[n - 1].tone) {
            char *b = &letters[n - 1].base;
            /* m̀ and ǹ written with a combining accent are syllabic nasals. */
            if (*b == 'm' || *b == 'n')
                *b = 'N';
            letters[n - 1].tone = tone = true;
            continue;
        }
        bool marked;
        char base = letter_base(cp, &marked);
        if (base == 0 || n == PINYIN_LETTERS_MAX)
            return 0;
        letters[n].base = base;
        letters[n].tone = marked;
        tone = tone || marked;
        n++;
    }
    return 0;
}
