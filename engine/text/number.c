/*
 * number.c — parses table cells into exact decimals, rounds and prints them.
 *
 * A value is an int64 count of micros (value × 10^6). Money must sum exactly
 * and a declared figure is compared at the precision it was printed with, so
 * nothing here uses binary floating point.
 *
 * Parsing works in two steps: jx_normalize_into() (grid.c) removes the
 * hazards of PDF extraction (tags, markdown markers, full-width forms, spaces
 * inside numbers), then parse_value() reads the grammar
 *
 *     [comparator] [sign] digits [,ddd…] [.fraction] [exponent] [%] [unit]
 *
 * from the cleaned text. Anything that does not fit is text, never an error.
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Magnitudes from JX_AMOUNT_LIMIT (2^62 micros, about 4.6×10^12) up are
 * refused: the difference of any two accepted values, or of a checked sum
 * and a value, then fits in int64 (see jx_decimal_add). */
#define LIMIT_MICROS ((uint64_t)JX_AMOUNT_LIMIT)

/* Significant digits kept. An accepted value has at most 13 integer digits
 * and rounding looks at the 7th decimal, so digits beyond 20 never matter. */
#define SIG_MAX 40

/* Bounds on the decimal point's position and the exponent: far beyond any
 * accepted value, small enough that their arithmetic cannot overflow. */
#define POINT_CLAMP 100000
#define EXPONENT_CLAMP 1000

/* A number with comparator, markup and a unit is far shorter than this;
 * longer cells are text, and a bounded buffer keeps parsing allocation-free. */
#define LONGEST_NUMBER_CELL 1024

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* ------------------------------------------------------------ comparators */

/* A spelling with its length, known when compiled. */
#define SPELLING(s) s, sizeof(s) - 1

static const struct {
    const char *spelling;
    size_t len;
    jx_comparator cmp;
} comparators[] = {
    /* Longer spellings before their prefixes: ">=" before ">", 大于等于
     * before 大于. Full-width ＞＜＝ arrive folded to ASCII. A spelling that
     * starts with an ideograph not yet listed in may_start_comparator must be
     * added there (test_number checks every spelling). */
    {SPELLING(">="), JX_CMP_GE},       {SPELLING("<="), JX_CMP_LE},
    {SPELLING("≥"), JX_CMP_GE},        {SPELLING("≧"), JX_CMP_GE},
    {SPELLING("≤"), JX_CMP_LE},        {SPELLING("≦"), JX_CMP_LE},
    {SPELLING(">"), JX_CMP_GT},        {SPELLING("<"), JX_CMP_LT},
    {SPELLING("="), JX_CMP_EQ},
    {SPELLING("大于等于"), JX_CMP_GE}, {SPELLING("小于等于"), JX_CMP_LE},
    {SPELLING("不低于"), JX_CMP_GE},   {SPELLING("不少于"), JX_CMP_GE},
    {SPELLING("至少"), JX_CMP_GE},     {SPELLING("不高于"), JX_CMP_LE},
    {SPELLING("不超过"), JX_CMP_LE},   {SPELLING("不多于"), JX_CMP_LE},
    {SPELLING("至多"), JX_CMP_LE},     {SPELLING("大于"), JX_CMP_GT},
    {SPELLING("高于"), JX_CMP_GT},     {SPELLING("超过"), JX_CMP_GT},
    {SPELLING("小于"), JX_CMP_LT},     {SPELLING("低于"), JX_CMP_LT},
};

const char *jx_comparator_spelling(size_t i)
{
    return i < sizeof comparators / sizeof comparators[0] ? comparators[i].spelling : NULL;
}

/* Whether s starts with the spelling (n bytes): byte by byte, so a shorter s
 * stops at its NUL. */
static bool starts_with_spelling(const char *s, const char *spelling, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != spelling[i])
            return false;
    return true;
}

/* Reads a leading comparator, if any, and the spaces after it. */
static jx_comparator scan_comparator(const char **pp)
{
    if (is_digit(**pp))
        return JX_CMP_NONE; /* most values; no spelling starts with a digit */
    for (size_t i = 0; i < sizeof comparators / sizeof comparators[0]; i++) {
        if (**pp != comparators[i].spelling[0]) /* settles nearly every spelling */
            continue;
        if (starts_with_spelling(*pp, comparators[i].spelling, comparators[i].len)) {
            *pp = skip_spaces(*pp + comparators[i].len);
            return comparators[i].cmp;
        }
    }
    return JX_CMP_NONE;
}

/* The ideographs a comparator's spelling starts with (大于, 小于, 不低于, 至少,
 * 高于, 超过, 低于): any other ideograph starts none. */
static bool may_start_comparator(uint32_t cp)
{
    switch (cp) {
    case 0x5927: /* 大 */
    case 0x5C0F: /* 小 */
    case 0x4E0D: /* 不 */
    case 0x81F3: /* 至 */
    case 0x9AD8: /* 高 */
    case 0x8D85: /* 超 */
    case 0x4F4E: /* 低 */
        return true;
    default:
        return false;
    }
}

const char *jx_comparator_symbol(jx_comparator cmp)
{
    switch (cmp) {
    case JX_CMP_EQ: return "=";
    case JX_CMP_GE: return "≥";
    case JX_CMP_LE: return "≤";
    case JX_CMP_GT: return ">";
    case JX_CMP_LT: return "<";
    case JX_CMP_NONE:
    default:
        return "";
    }
}

/* ------------------------------------------------------------ digits */

/*
 * The digits read so far as value = 0.sig × 10^point, leading zeros dropped:
 * "120" is sig "120", point 3; "0.05" is sig "5", point -1. Keeping digits
 * rather than a running sum lets an exponent shift the point before anything
 * is rounded.
 */
typedef struct {
    char sig[SIG_MAX];
    int nsig;
    int point;
    int fraction_digits; /* digits printed after '.', clamped */
} mantissa;

static void mantissa_push(mantissa *m, char digit, bool fraction)
{
    if (fraction && m->fraction_digits < POINT_CLAMP)
        m->fraction_digits++;
    if (m->nsig == 0 && digit == '0') {
        /* A leading zero is not significant; after '.' it moves the point. */
        if (fraction && m->point > -POINT_CLAMP)
            m->point--;
        return;
    }
    if (m->nsig < SIG_MAX)
        m->sig[m->nsig++] = digit;
    if (!fraction && m->point < POINT_CLAMP)
        m->point++;
}

/* The k-th digit of 0.sig (0-based); zero outside the stored digits. */
static unsigned mantissa_digit(const mantissa *m, int k)
{
    return k >= 0 && k < m->nsig ? (unsigned)(m->sig[k] - '0') : 0;
}

/*
 * Converts to micros, rounding half-up at the 7th decimal. Fails when the
 * value reaches the limit.
 */
static bool mantissa_micros(const mantissa *m, uint64_t *micros)
{
    if (m->point > 13)
        return false;
    uint64_t v = 0; /* at most 19 digits: below 2^64 */
    for (int k = 0; k < m->point + 6; k++)
        v = v * 10 + mantissa_digit(m, k);
    if (mantissa_digit(m, m->point + 6) >= 5)
        v++;
    if (v >= LIMIT_MICROS)
        return false;
    *micros = v;
    return true;
}

/* Whether a thousands group of `len` digits may end where a ',' stands. */
static bool group_ok(size_t len, bool first)
{
    return first ? len >= 1 && len <= 3 : len == 3;
}

/*
 * Reads integer digits, with thousands separators and the stray spaces PDF
 * extraction leaves inside numbers ("2, 129", "1 338"). A space is skipped
 * only when the number goes on after it, so "2023 年底" stops after 2023.
 */
static bool scan_integer(const char **pp, mantissa *m, bool *thousands)
{
    const char *p = *pp;
    size_t group = 0;
    bool grouped = false;
    for (;;) {
        if (is_digit(*p)) {
            mantissa_push(m, *p++, false);
            group++;
            continue;
        }
        const char *q = skip_spaces(p);
        if (q != p && is_digit(*q)) {
            p = q;
            continue;
        }
        if (*q == ',' && is_digit(*skip_spaces(q + 1))) {
            if (!group_ok(group, !grouped))
                return false;
            grouped = true;
            group = 0;
            p = skip_spaces(q + 1);
            continue;
        }
        break;
    }
    if (grouped && group != 3)
        return false;
    *thousands = grouped;
    *pp = p;
    return true;
}

/* Reads ".fraction" if a digit follows the '.' (spaces allowed as above). */
static void scan_fraction(const char **pp, mantissa *m)
{
    const char *dot = skip_spaces(*pp);
    if (*dot != '.')
        return;
    const char *p = skip_spaces(dot + 1);
    if (!is_digit(*p))
        return;
    for (;;) {
        if (is_digit(*p)) {
            mantissa_push(m, *p++, true);
            continue;
        }
        const char *q = skip_spaces(p);
        if (q != p && is_digit(*q)) {
            p = q;
            continue;
        }
        break;
    }
    *pp = p;
}

/* Reads "E+06", "e5", "E-3" directly after the mantissa. */
static bool scan_exponent(const char **pp, int *exponent)
{
    const char *p = *pp;
    if (*p != 'e' && *p != 'E')
        return false;
    p++;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    if (!is_digit(*p))
        return false; /* "5em": the 'e' starts a unit */
    int e = 0;
    for (; is_digit(*p); p++) {
        if (e < EXPONENT_CLAMP)
            e = e * 10 + (*p - '0');
    }
    *exponent = negative ? -e : e;
    *pp = p;
    return true;
}

/* ------------------------------------------------------------ units */

/*
 * A unit is short trailing text without digits: 人次, 元/人/年, 万/次, 年底.
 * Anything else after a number — a second number, a range, stray
 * punctuation, broken UTF-8 — makes the whole cell text.
 */
static bool copy_unit(const char *s, char unit[JX_UNIT_MAX])
{
    size_t n = strlen(s);
    if (n == 0 || n >= JX_UNIT_MAX || strchr(".,%+-=<>", s[0]) != NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || is_digit(s[i]) || c == '%')
            return false;
    }
    if (!jx_utf8_valid((const unsigned char *)s, n, NULL))
        return false;
    memcpy(unit, s, n + 1);
    return true;
}

/* ------------------------------------------------------------ parsing */

/* Decimals as printed; an exponent moves them ("1.5E-01" shows 0.15). */
static uint8_t printed_decimals(const mantissa *m, bool has_exponent,
                                int exponent)
{
    int d = has_exponent ? m->fraction_digits - exponent : m->fraction_digits;
    if (d < 0)
        d = 0;
    return (uint8_t)(d > 6 ? 6 : d);
}

/* Parses cleaned, trimmed, non-empty text; false when it is not a value. */
static bool parse_value(const char *s, jx_number *out)
{
    const char *p = s;
    jx_comparator cmp = scan_comparator(&p);

    bool negative = false;
    if ((*p == '-' || *p == '+') && is_digit(p[1]))
        negative = *p++ == '-';
    if (!is_digit(*p))
        return false; /* text before the number, or a comparator alone */

    mantissa m = {{0}, 0, 0, 0};
    bool thousands = false;
    if (!scan_integer(&p, &m, &thousands))
        return false;
    scan_fraction(&p, &m);
    int exponent = 0;
    bool has_exponent = scan_exponent(&p, &exponent);
    m.point += exponent;

    p = skip_spaces(p);
    bool percent = *p == '%';
    if (percent)
        p = skip_spaces(p + 1);
    if (*p != '\0' && (percent || !copy_unit(p, out->unit)))
        return false;

    uint64_t magnitude;
    if (!mantissa_micros(&m, &magnitude)) {
        out->too_large = true; /* said by the checks, never silently text */
        return false;
    }

    out->kind = JX_NUM_VALUE;
    out->micros = negative ? -(int64_t)magnitude : (int64_t)magnitude;
    out->decimals = printed_decimals(&m, has_exponent, exponent);
    out->percent = percent;
    out->thousands = thousands;
    out->corrupt_code = has_exponent;
    out->cmp = cmp;
    return true;
}

/* Blank, a run of one dash, or a lone 一 (a dash misread by OCR). */
static bool is_placeholder(const char *s)
{
    return *s == '\0' || jx_is_dash_placeholder(s) || strcmp(s, "一") == 0;
}

static jx_number_kind classify(const char *cleaned, jx_number *out)
{
    if (is_placeholder(cleaned))
        return out->kind = JX_NUM_EMPTY;
    if (parse_value(cleaned, out))
        return JX_NUM_VALUE;
    bool too_large = out->too_large;
    memset(out, 0, sizeof *out); /* parse_value may have filled a unit */
    out->too_large = too_large;
    return out->kind = JX_NUM_TEXT;
}

/*
 * Whether text is surely words, told by its first character alone: one the
 * normaliser leaves as it is and that starts no number, comparator or
 * placeholder — an ASCII letter, or an ideograph (U+4000..U+9FFF) with no
 * simplified form other than "一" and the first characters of comparators.
 * Most cells a number is asked of are such words (names, headers, notes):
 * they are answered without being normalised again.
 */
static bool starts_as_words(const char *text)
{
    const unsigned char *u = (const unsigned char *)text;
    if (((u[0] | 0x20) >= 'a' && (u[0] | 0x20) <= 'z'))
        return true;
    if (u[0] < 0xE4 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return false;
    uint32_t cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    return cp != 0x4E00 /* 一 */ && jx_simplify(cp) == cp && !may_start_comparator(cp);
}

static const uint64_t pow10_table[7] = {
    1, 10, 100, 1000, 10000, 100000, 1000000,
};

/*
 * The shape most values have, read in one pass: digits, optionally a point
 * and one to six decimals, optionally %, and nothing else (no sign,
 * comparator, separator, space, exponent or unit), at most 12 integer
 * digits: exact without rounding, as the grammar below reads it. False
 * leaves everything else to the grammar.
 */
static bool parse_plain_decimal(const char *s, jx_number *out)
{
    const char *p = s;
    uint64_t whole = 0, fraction = 0;
    int nwhole = 0, nfraction = 0;
    for (; is_digit(*p); p++, nwhole++)
        whole = whole * 10 + (uint64_t)(*p - '0');
    if (nwhole == 0 || nwhole > 12)
        return false;
    if (*p == '.') {
        for (p++; is_digit(*p); p++, nfraction++) {
            if (nfraction == 6)
                return false;
            fraction = fraction * 10 + (uint64_t)(*p - '0');
        }
        if (nfraction == 0)
            return false;
    }
    bool percent = *p == '%';
    if (percent)
        p++;
    if (*p != '\0')
        return false;
    out->kind = JX_NUM_VALUE;
    out->micros = (int64_t)(whole * (uint64_t)JX_MICRO + fraction * pow10_table[6 - nfraction]);
    out->decimals = (uint8_t)nfraction;
    out->percent = percent;
    return true;
}

jx_number_kind jx_number_parse(const char *text, jx_number *out)
{
    jx_number scratch;
    if (out == NULL)
        out = &scratch;
    memset(out, 0, sizeof *out);
    if (text == NULL)
        return out->kind = JX_NUM_EMPTY;
    if (starts_as_words(text))
        return out->kind = JX_NUM_TEXT;
    if (parse_plain_decimal(text, out)) /* its own norm: plain ASCII */
        return JX_NUM_VALUE;

    size_t len = strlen(text);
    if (len >= LONGEST_NUMBER_CELL)
        return out->kind = JX_NUM_TEXT;
    /* A cell's norm is asked again and again: it is normal already, read as
     * it is (a run of dashes, which normalises to "", is a placeholder as it
     * stands). Other text is normalised first. */
    if (jx_takes_fast_paths(text, len))
        return classify(text, out);
    char clean[LONGEST_NUMBER_CELL];
    jx_normalize_into(text, len, clean);
    return classify(clean, out);
}

/* ------------------------------------------------------------ rounding */


static int clamp_decimals(int decimals)
{
    return decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
}

/* |v| without the overflow of -INT64_MIN. */
static uint64_t magnitude_of(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* Rounds a magnitude half-up to a multiple of step. Magnitudes are at most
 * 2^63 and step at most 10^6, so the sum stays inside uint64. */
static uint64_t round_magnitude(uint64_t mag, uint64_t step)
{
    uint64_t rest = mag % step;
    mag -= rest;
    return rest * 2 >= step ? mag + step : mag;
}

int64_t jx_decimal_round(int64_t micros, int decimals)
{
    uint64_t step = pow10_table[6 - clamp_decimals(decimals)];
    bool negative = micros < 0;
    uint64_t mag = round_magnitude(magnitude_of(micros), step);

    /* Rounding up near the int64 limits would overflow: saturate at the
     * largest multiple of step that fits, so the result stays rounded. */
    uint64_t max = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (mag > max)
        mag = max - max % step;
    if (!negative)
        return (int64_t)mag;
    return mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
}

/* Rounding the magnitude in uint64 is exact even at the int64 limits; no
 * "-0.00". Written by hand: every amount of every JSON line comes through
 * here, and printf's format parsing cost more than the digits. */
size_t jx_decimal_text(char *out, int64_t micros, int decimals)
{
    int d = clamp_decimals(decimals);
    uint64_t step = pow10_table[6 - d];
    uint64_t mag = round_magnitude(magnitude_of(micros), step);
    uint64_t whole = mag / (uint64_t)JX_MICRO;
    uint64_t fraction = mag % (uint64_t)JX_MICRO / step;
    char digits[24];
    size_t nd = sizeof digits, n = 0;
    do {
        digits[--nd] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    if (micros < 0 && mag != 0)
        out[n++] = '-';
    memcpy(out + n, digits + nd, sizeof digits - nd);
    n += sizeof digits - nd;
    if (d > 0) {
        out[n++] = '.';
        for (int k = d - 1; k >= 0; k--) {
            out[n + (size_t)k] = (char)('0' + fraction % 10);
            fraction /= 10;
        }
        n += (size_t)d;
    }
    return n;
}

int jx_decimal_format(char *buf, size_t size, int64_t micros, int decimals)
{
    char text[JX_DECIMAL_TEXT_MAX];
    size_t n = jx_decimal_text(text, micros, decimals);
    /* snprintf's contract: as much as fits, NUL-terminated; the full length back. */
    if (buf != NULL && size > 0) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(buf, text, k);
        buf[k] = '\0';
    }
    return (int)n;
}

/* ------------------------------------------------------------ arithmetic */

/* 128-bit intermediates keep products and quotients of micros exact. */
static int64_t saturate(__int128 v)
{
    if (v > INT64_MAX)
        return INT64_MAX;
    if (v < INT64_MIN)
        return INT64_MIN;
    return (int64_t)v;
}

/* n / d rounded half away from zero; d > 0. */
static __int128 divide_half_up(__int128 n, __int128 d)
{
    __int128 q = n / d, r = n % d;
    if (r < 0)
        r = -r;
    if (2 * r >= d)
        q += n < 0 ? -1 : 1;
    return q;
}

static bool in_range(__int128 v)
{
    return v > -(__int128)JX_AMOUNT_LIMIT && v < (__int128)JX_AMOUNT_LIMIT;
}

bool jx_decimal_add(int64_t a, int64_t b, int64_t *sum)
{
    __int128 v = (__int128)a + b;
    if (!in_range(v))
        return false;
    *sum = (int64_t)v;
    return true;
}

void jx_sum_add(int64_t *sum, int64_t v, bool *overflow)
{
    if (!jx_decimal_add(*sum, v, sum))
        *overflow = true;
}

bool jx_decimal_sub(int64_t a, int64_t b, int64_t *difference)
{
    __int128 v = (__int128)a - b;
    if (!in_range(v))
        return false;
    *difference = (int64_t)v;
    return true;
}

bool jx_decimal_muldiv(int64_t a, int64_t b, int64_t c, int64_t *result)
{
    if (c == 0)
        return false;
    /* |a·b| < 2^126: exact in 128 bits, whatever a and b are. */
    __int128 n = (__int128)a * b, d = c;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    __int128 q = divide_half_up(n, d);
    if (!in_range(q))
        return false;
    *result = (int64_t)q;
    return true;
}

int64_t jx_decimal_mul(int64_t a, int64_t b)
{
    return saturate(divide_half_up((__int128)a * b, JX_MICRO));
}

bool jx_decimal_div(int64_t a, int64_t b, int64_t *quotient)
{
    if (b == 0)
        return false;
    __int128 n = (__int128)a * JX_MICRO, d = b;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    *quotient = saturate(divide_half_up(n, d));
    return true;
}

bool jx_decimal_agrees(const jx_number *declared, int64_t computed)
{
    return declared->kind == JX_NUM_VALUE
        && jx_decimal_round(computed, declared->decimals) == declared->micros;
}
void jx_buf_decimal(jx_buf *buf, int64_t micros, int decimals)
{
    char *out = jx_buf_room(buf, JX_DECIMAL_TEXT_MAX);
    if (out != NULL)
        jx_buf_wrote(buf, jx_decimal_text(out, micros, decimals));
}

void jx_buf_json_number(jx_buf *buf, const jx_number *num)
{
    if (num->kind == JX_NUM_VALUE)
        jx_buf_decimal(buf, num->micros, num->decimals);
    else
        JX_BUF_LIT(buf, "null");
}

bool jx_decimal_read_strict(const char *s, int64_t *micros, bool *percent)
{
    const char *p = s;
    size_t whole = 0, fraction = 0;
    for (; is_digit(*p); p++)
        whole++;
    if (*p == '.') {
        for (p++; is_digit(*p); p++)
            fraction++;
        if (fraction == 0)
            return false;
    }
    if (whole == 0 || whole > 12 || fraction > 6)
        return false;
    *percent = *p == '%';
    if (*percent)
        p++;
    if (*p != '\0')
        return false;
    jx_number n;
    if (jx_number_parse(s, &n) != JX_NUM_VALUE || n.percent != *percent || n.unit[0] != '\0')
        return false;
    *micros = n.micros;
    return true;
}

