/*
 * numfmt.c — Excel's number formats: the text a cell shows for the number a
 * workbook stores. A workbook holds 0.9374 and a format "0.00%"; the person
 * who typed the scorecard saw 93.74%, and that is what the checks must read.
 *
 * The stored value is the file's decimal string ("2224.1",
 * "0.30000000000000004", "4.5E-3"), read as exact decimal digits and never
 * as a double: rounding is done on the digits, half away from zero, first to
 * the 15 significant digits Excel keeps (so binary noise goes, as it does in
 * Excel), then to the format's decimals.
 *
 * What is understood of a format code: up to three sections (positive;
 * negative; zero), digit placeholders 0 # ?, the decimal point, thousands
 * separators, trailing commas that scale by 1000, percent, scientific
 * notation, literal text ("万元", \-, ¥ in [$¥-804]), General (and Chinese
 * Excel's G/通用格式), text @, and dates and times, which are always shown as
 * YYYY-MM-DD and HH:MM[:SS] whatever their pattern. Not rendered: fractions
 * (# ?/? shows the decimal as General), [DBNum1] Chinese numerals (digits
 * stay Arabic), colours and conditions (sections are taken by position), a
 * negative number in a date format (General), and a negative zero after
 * rounding, which shows without its minus.
 */
#include "read.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ exact decimals */

/* More significant digits than any double has: what lies beyond only ever
 * matters as the digit after the 15th, and that is kept. */
#define DIGITS_KEPT 40
/* |exponent| past a double's range: such a value is shown as stored. */
#define POINT_LIMIT 330
#define LITERAL_MAX 96  /* bytes of literal text before or after a number */
#define DECIMALS_MAX 30 /* Excel shows at most 30 decimals */
#define EXCEL_DIGITS 15 /* significant digits Excel keeps */

/* value = ±0.d[0]d[1]…d[n-1] × 10^point; d[0] is not '0'; n = 0 is zero. */
typedef struct {
    bool negative;
    int n;
    int point;
    char d[DIGITS_KEPT];
} decimal;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char digit_at(const decimal *x, int i)
{
    return i >= 0 && i < x->n ? x->d[i] : '0';
}

static void drop_trailing_zeros(decimal *x)
{
    while (x->n > 0 && x->d[x->n - 1] == '0')
        x->n--;
    if (x->n == 0) {
        x->negative = false;
        x->point = 0;
    }
}

/* A stored number: [+-]digits[.digits][E[+-]digits], nothing else. */
static bool decimal_parse(const char *s, decimal *x)
{
    memset(x, 0, sizeof *x);
    const char *p = s;
    if (*p == '-' || *p == '+')
        x->negative = *p++ == '-';
    long point = 0, exponent = 0;
    bool fraction = false, any = false;
    for (;; p++) {
        if (is_digit(*p)) {
            any = true;
            if (x->n == 0 && *p == '0') { /* a leading zero */
                point -= fraction;
                continue;
            }
            if (x->n < DIGITS_KEPT)
                x->d[x->n++] = *p;
            point += !fraction;
        } else if (*p == '.' && !fraction) {
            fraction = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool minus = *p == '-';
        if (*p == '-' || *p == '+')
            p++;
        if (!is_digit(*p))
            return false;
        for (; is_digit(*p); p++)
            if (exponent < 100000)
                exponent = exponent * 10 + (*p - '0');
        exponent = minus ? -exponent : exponent;
    }
    if (*p != '\0')
        return false;
    drop_trailing_zeros(x);
    if (x->n == 0)
        return true;
    point += exponent;
    if (point > POINT_LIMIT || point < -POINT_LIMIT)
        return false;
    x->point = (int)point;
    return true;
}

/* Keeps `keep` significant digits, rounding half away from zero. */
static void decimal_round(decimal *x, long keep)
{
    if (keep >= x->n)
        return;
    if (keep < 0) {
        x->n = 0;
        drop_trailing_zeros(x);
        return;
    }
    bool up = x->d[keep] >= '5';
    x->n = (int)keep;
    if (up) {
        int i = x->n - 1;
        while (i >= 0 && x->d[i] == '9')
            x->d[i--] = '0';
        if (i >= 0) {
            x->d[i]++;
        } else { /* 9.99 → 10.0: one digit more in front */
            x->d[0] = '1';
            x->n = 1;
            x->point++;
        }
    }
    drop_trailing_zeros(x);
}

/* ------------------------------------------------------------ output */

typedef struct {
    char *p;
    size_t left; /* room, keeping one byte for the NUL */
} out_text;

static void put(out_text *o, const char *s, size_t n)
{
    if (n > o->left)
        n = o->left;
    memcpy(o->p, s, n);
    o->p += n;
    o->left -= n;
    *o->p = '\0';
}

static void put_char(out_text *o, char c)
{
    put(o, &c, 1);
}

/* ------------------------------------------------------------ format codes */

typedef struct {
    bool general;             /* General, G/通用格式, @, or fractions */
    bool date, time, seconds; /* a date or time code: which parts it shows */
    bool digits;              /* has digit placeholders 0 # ? */
    bool point;               /* has a decimal point */
    bool thousands;
    bool sci, exp_plus;
    int exp_digits;
    int int_zeros;        /* '0' before the point: integer digits always shown */
    int dec_min, dec_max; /* '0' '?' after the point; all placeholders after it */
    int percent;          /* each '%' multiplies by 100 */
    int scale;            /* each trailing ',' divides by 1000 */
    char prefix[LITERAL_MAX], suffix[LITERAL_MAX];
} section;

struct jx_numfmt {
    section sec[3]; /* positive (and all, alone); negative; zero */
    int nsec;
};

static bool starts_with_ci(const char *s, const char *word)
{
    for (; *word; s++, word++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
        if (c != *word)
            return false;
    }
    return true;
}

/* Literal text goes before the number until a digit placeholder (or General) is seen. */
static void add_literal(section *s, const char *text, size_t n)
{
    char *dst = s->digits || s->general ? s->suffix : s->prefix;
    size_t have = strlen(dst);
    if (have + n < LITERAL_MAX) { /* whole pieces only: UTF-8 is never cut */
        memcpy(dst + have, text, n);
        dst[have + n] = '\0';
    }
}

static bool is_placeholder(char c)
{
    return c == '0' || c == '#' || c == '?';
}

/* [..]: a currency symbol ([$¥-804] shows ¥), the system date and time
 * formats ([$-F800], [$-F400]), elapsed time ([h]); colours, conditions and
 * [DBNum1] change nothing here. */
static void read_bracket(section *s, const char *body, size_t n)
{
    if (n > 0 && body[0] == '$') {
        if (n >= 6 && strncmp(body, "$-F800", 6) == 0)
            s->date = true;
        else if (n >= 6 && strncmp(body, "$-F400", 6) == 0)
            s->time = s->seconds = true;
        size_t k = 1;
        while (k < n && body[k] != '-')
            k++;
        add_literal(s, body + 1, k - 1);
        return;
    }
    char c = n > 0 ? (char)(body[0] | 0x20) : 0;
    if (c == 'h' || c == 'm' || c == 's') {
        s->time = true;
        s->seconds |= c == 's';
    }
}

/* One section of a code, from p to end. */
static void read_section(section *s, const char *p, const char *end)
{
    bool after_point = false, in_exponent = false, day_or_year = false, month = false;
    while (p < end) {
        char c = *p;
        if (c == '"') {
            const char *q = p + 1;
            while (q < end && *q != '"')
                q++;
            add_literal(s, p + 1, (size_t)(q - p - 1));
            p = q < end ? q + 1 : end;
        } else if (c == '\\' && p + 1 < end) {
            uint32_t cp;
            size_t k = jx_utf8_next(p + 1, (size_t)(end - p - 1), &cp);
            add_literal(s, p + 1, k);
            p += 1 + k;
        } else if ((c == '_' || c == '*') && p + 1 < end) {
            uint32_t cp; /* padding and fill: widths, not characters */
            p += 1 + jx_utf8_next(p + 1, (size_t)(end - p - 1), &cp);
        } else if (c == '[') {
            const char *q = p + 1;
            while (q < end && *q != ']')
                q++;
            read_bracket(s, p + 1, (size_t)(q - p - 1));
            p = q < end ? q + 1 : end;
        } else if (starts_with_ci(p, "general") && end - p >= 7) {
            s->general = true;
            p += 7;
        } else if (end - p >= 14
                   && strncmp(p, "G/\xE9\x80\x9A\xE7\x94\xA8\xE6\xA0\xBC\xE5\xBC\x8F", 14) == 0) {
            s->general = true; /* G/通用格式: General as Chinese Excel saves it */
            p += 14;
        } else if (is_placeholder(c)) {
            if (in_exponent) {
                s->exp_digits++;
            } else if (after_point) {
                s->dec_max++;
                s->dec_min += c != '#';
            } else {
                s->int_zeros += c == '0';
            }
            s->digits = true;
            p++;
        } else if (c == '.' && !after_point && !in_exponent) {
            s->point = after_point = true;
            p++;
        } else if (c == ',' && s->digits) {
            if (!after_point && p + 1 < end && is_placeholder(p[1]))
                s->thousands = true;
            else
                s->scale++;
            p++;
        } else if (c == '%') {
            s->percent++;
            add_literal(s, "%", 1);
            p++;
        } else if ((c == 'E' || c == 'e') && s->digits && p + 1 < end
                   && (p[1] == '+' || p[1] == '-')) {
            s->sci = in_exponent = true;
            s->exp_plus = p[1] == '+';
            p += 2;
        } else if (c == '@' || (c == '/' && s->digits)) {
            s->general = true; /* text, or a fraction: shown as General */
            p++;
        } else if (starts_with_ci(p, "am/pm") || starts_with_ci(p, "a/p")) {
            s->time = true;
            p += p[1] == '/' ? 3 : 5;
        } else if (c == 'm' || c == 'M') {
            month = true;
            p++;
        } else if (strchr("yYdDeEbBgG", c) != NULL) {
            day_or_year = true;
            p++;
        } else if (strchr("hHsS", c) != NULL) {
            s->time = true;
            s->seconds |= c == 's' || c == 'S';
            p++;
        } else {
            uint32_t cp;
            size_t k = jx_utf8_next(p, (size_t)(end - p), &cp);
            add_literal(s, p, k);
            p += k;
        }
    }
    /* An m is the month unless the code shows a time: "h:mm", "mm:ss" are
     * minutes, "yyyy/m/d h:mm" has its date from y and d. */
    s->date |= day_or_year || (month && !s->time);
    if (s->dec_max > DECIMALS_MAX)
        s->dec_max = DECIMALS_MAX;
    if (s->dec_min > s->dec_max)
        s->dec_min = s->dec_max;
    if (s->percent > 3)
        s->percent = 3;
    if (s->scale > 3)
        s->scale = 3;
}

/* The sections of a code, split at ';' outside quotes, escapes and brackets. */
jx_numfmt *jx_numfmt_parse(jx_arena *arena, const char *code)
{
    jx_numfmt *f = jx_arena_alloc(arena, sizeof *f);
    if (f == NULL)
        return NULL;
    const char *start = code;
    for (const char *p = code;; p++) {
        if (*p == '"') {
            while (p[1] != '\0' && p[1] != '"')
                p++;
            if (p[1] == '"')
                p++;
        } else if (*p == '[') {
            while (p[1] != '\0' && p[1] != ']')
                p++;
        } else if (*p == '\\' && p[1] != '\0') {
            p++;
        } else if (*p == ';' || *p == '\0') {
            if (f->nsec < 3)
                read_section(&f->sec[f->nsec++], start, p);
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    return f;
}

/* ECMA-376 Part 1, 18.8.30: the built-in formats; those that depend on the
 * locale as Chinese (zh-CN) Excel has them. */
const char *jx_numfmt_builtin(uint32_t id)
{
    static const char *const codes[] = {
        [0] = "General",
        [1] = "0",
        [2] = "0.00",
        [3] = "#,##0",
        [4] = "#,##0.00",
        [5] = "\"\xC2\xA5\"#,##0;\"\xC2\xA5\"\\-#,##0",
        [6] = "\"\xC2\xA5\"#,##0;[Red]\"\xC2\xA5\"\\-#,##0",
        [7] = "\"\xC2\xA5\"#,##0.00;\"\xC2\xA5\"\\-#,##0.00",
        [8] = "\"\xC2\xA5\"#,##0.00;[Red]\"\xC2\xA5\"\\-#,##0.00",
        [9] = "0%",
        [10] = "0.00%",
        [11] = "0.00E+00",
        [12] = "# ?/?",
        [13] = "# ?\?/??",
        [14] = "yyyy/m/d",
        [15] = "d-mmm-yy",
        [16] = "d-mmm",
        [17] = "mmm-yy",
        [18] = "h:mm AM/PM",
        [19] = "h:mm:ss AM/PM",
        [20] = "h:mm",
        [21] = "h:mm:ss",
        [22] = "yyyy/m/d h:mm",
        /* 27-36 and 50-58: the East Asian dates and times (年 月 日, 时 分 秒). */
        [27] = "yyyy\"年\"m\"月\"",
        [28] = "m\"月\"d\"日\"",
        [29] = "m\"月\"d\"日\"",
        [30] = "m-d-yy",
        [31] = "yyyy\"年\"m\"月\"d\"日\"",
        [32] = "h\"时\"mm\"分\"",
        [33] = "h\"时\"mm\"分\"ss\"秒\"",
        [34] = "上午/下午h\"时\"mm\"分\"",
        [35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        [36] = "yyyy\"年\"m\"月\"",
        [37] = "#,##0 ;(#,##0)",
        [38] = "#,##0 ;[Red](#,##0)",
        [39] = "#,##0.00;(#,##0.00)",
        [40] = "#,##0.00;[Red](#,##0.00)",
        [41] = "_ * #,##0_ ;_ * \\-#,##0_ ;_ * \"-\"_ ;_ @_ ",
        [42] = "_ \"\xC2\xA5\"* #,##0_ ;_ \"\xC2\xA5\"* \\-#,##0_ ;_ \"\xC2\xA5\"* \"-\"_ ;_ @_ ",
        [43] = "_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * \"-\"??_ ;_ @_ ",
        [44] = "_ \"\xC2\xA5\"* #,##0.00_ ;_ \"\xC2\xA5\"* \\-#,##0.00_ ;_ \"\xC2\xA5\"* \"-\"??_ "
               ";_ @_ ",
        [45] = "mm:ss",
        [46] = "[h]:mm:ss",
        [47] = "mm:ss.0",
        [48] = "##0.0E+0",
        [49] = "@",
        [50] = "yyyy\"年\"m\"月\"",
        [51] = "m\"月\"d\"日\"",
        [52] = "yyyy\"年\"m\"月\"",
        [53] = "m\"月\"d\"日\"",
        [54] = "m\"月\"d\"日\"",
        [55] = "上午/下午h\"时\"mm\"分\"",
        [56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        [57] = "yyyy\"年\"m\"月\"",
        [58] = "m\"月\"d\"日\"",
    };
    return id < sizeof codes / sizeof codes[0] ? codes[id] : NULL;
}

/* ------------------------------------------------------------ display */

/* Excel's General: up to 15 significant digits, plain unless very large or small. */
static void show_general(out_text *o, const decimal *x)
{
    if (x->n == 0) {
        put_char(o, '0');
        return;
    }
    if (x->point > -9 && x->point <= EXCEL_DIGITS) {
        if (x->point <= 0) {
            put(o, "0.", 2);
            for (int i = x->point; i < 0; i++)
                put_char(o, '0');
            put(o, x->d, (size_t)x->n);
            return;
        }
        for (int i = 0; i < x->point; i++)
            put_char(o, digit_at(x, i));
        if (x->n > x->point) {
            put_char(o, '.');
            put(o, x->d + x->point, (size_t)(x->n - x->point));
        }
        return;
    }
    char exp[16];
    put_char(o, x->d[0]);
    if (x->n > 1) {
        put_char(o, '.');
        put(o, x->d + 1, (size_t)(x->n - 1));
    }
    int n = snprintf(exp, sizeof exp, "E%c%02d", x->point > 0 ? '+' : '-',
                     x->point > 0 ? x->point - 1 : 1 - x->point);
    put(o, exp, (size_t)n);
}

static void show_fraction(out_text *o, const section *s, const decimal *x, int first)
{
    int shown = s->dec_max;
    while (shown > s->dec_min && digit_at(x, first + shown - 1) == '0')
        shown--;
    if (s->point)
        put_char(o, '.');
    for (int i = 0; i < shown; i++)
        put_char(o, digit_at(x, first + i));
}

static void show_scientific(out_text *o, const section *s, decimal *x)
{
    decimal_round(x, 1 + s->dec_max);
    put_char(o, digit_at(x, 0));
    show_fraction(o, s, x, 1);
    int e = x->n == 0 ? 0 : x->point - 1;
    char exp[16];
    int n = snprintf(exp, sizeof exp, "E%s%0*d",
                     e < 0         ? "-"
                     : s->exp_plus ? "+"
                                   : "",
                     s->exp_digits > 0 ? (s->exp_digits < 5 ? s->exp_digits : 5) : 1,
                     e < 0 ? -e : e);
    put(o, exp, (size_t)n);
}

/* Fixed decimals: "0", "0.00", "#,##0.00", "000". */
static void show_fixed(out_text *o, const section *s, decimal *x)
{
    decimal_round(x, (long)x->point + s->dec_max);
    int whole = x->n == 0 ? 0 : x->point > 0 ? x->point : 0; /* integer digits */
    int pad = s->int_zeros > whole ? s->int_zeros - whole : 0;
    int total = pad + whole;
    for (int i = 0; i < total; i++) {
        put_char(o, i < pad ? '0' : digit_at(x, i - pad));
        int after = total - 1 - i;
        if (s->thousands && after > 0 && after % 3 == 0)
            put_char(o, ',');
    }
    show_fraction(o, s, x, x->point);
}

/* Days since 1970-01-01 → civil date (H. Hinnant's algorithm, proleptic Gregorian). */
static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

#define SERIAL_MAX 2958465L       /* 9999-12-31 */
#define DAYS_1899_12_30 (-25569L) /* from 1970-01-01 */
#define DAYS_1904_01_01 (-24107L)

/* A serial date: YYYY-MM-DD and/or HH:MM[:SS]. Excel's 1900 system counts
 * 1900-02-29, a day that never was (serial 60), and serial 0 is 1900-01-00. */
static bool show_date(out_text *o, const section *s, decimal x, bool date1904)
{
    if (x.negative)
        return false;
    long days = 0;
    for (int i = 0; i < x.point; i++) {
        days = days * 10 + (digit_at(&x, i) - '0');
        if (days > SERIAL_MAX)
            return false;
    }
    long long frac = 0; /* 12 fractional digits: far below a second */
    for (int i = 0; i < 12; i++)
        frac = frac * 10 + (digit_at(&x, x.point + i) - '0');
    long seconds = (long)((frac * 86400 + 500000000000LL) / 1000000000000LL);
    if (seconds >= 86400) {
        seconds -= 86400;
        days++;
    }
    char text[48];
    int n = 0;
    if (s->date || !s->time) {
        long y = 1900;
        int m = 1, d = 0;
        if (date1904)
            civil_from_days(DAYS_1904_01_01 + days, &y, &m, &d);
        else if (days == 60)
            m = 2, d = 29;
        else if (days > 0)
            civil_from_days(DAYS_1899_12_30 + days + (days < 60), &y, &m, &d);
        n = snprintf(text, sizeof text, "%04ld-%02d-%02d", y, m, d);
    }
    if (s->time) {
        n += snprintf(text + n, sizeof text - (size_t)n, "%s%02ld:%02ld", n > 0 ? " " : "",
                      seconds / 3600, seconds / 60 % 60);
        if (s->seconds)
            n += snprintf(text + n, sizeof text - (size_t)n, ":%02ld", seconds % 60);
    }
    put(o, text, (size_t)n);
    return true;
}

bool jx_numfmt_display(const jx_numfmt *fmt, const char *stored, bool date1904,
                       char out[JX_NUMFMT_TEXT_MAX])
{
    decimal x;
    if (!decimal_parse(stored, &x))
        return false;
    decimal_round(&x, EXCEL_DIGITS);
    char text[JX_NUMFMT_TEXT_MAX];
    out_text o = {text, sizeof text - 1};
    text[0] = '\0';
    static const section general = {.general = true};
    const section *s = fmt != NULL ? &fmt->sec[0] : &general;
    bool sign = x.negative;
    if ((s->date || s->time) && show_date(&o, s, x, date1904)) {
        sign = false;
        s = NULL;
    } else if (fmt != NULL && fmt->nsec >= 2 && x.negative) {
        s = &fmt->sec[1]; /* its own text says how a negative looks */
        sign = x.negative = false;
    } else if (fmt != NULL && fmt->nsec >= 3 && x.n == 0) {
        s = &fmt->sec[2];
    }
    /* An empty code is General; an empty section of several hides the value. */
    if (s != NULL
        && (s->date || s->time
            || (fmt != NULL && fmt->nsec == 1 && !s->general && !s->digits && !s->prefix[0]
                && !s->suffix[0])))
        s = &general;
    if (s != NULL) {
        char number[JX_NUMFMT_TEXT_MAX];
        out_text num = {number, sizeof number - 1};
        number[0] = '\0';
        if (s->general) {
            show_general(&num, &x);
        } else if (s->digits) {
            x.point += 2 * s->percent - 3 * s->scale;
            if (x.n == 0)
                x.point = 0;
            if (s->sci)
                show_scientific(&num, s, &x);
            else
                show_fixed(&num, s, &x);
        }
        if (sign && x.n > 0) /* rounded to zero: no "-0.00" */
            put_char(&o, '-');
        put(&o, s->prefix, strlen(s->prefix));
        put(&o, number, strlen(number));
        put(&o, s->suffix, strlen(s->suffix));
    }
    /* Padding aside, a trailing or leading space is layout, not text. */
    const char *start = text;
    while (*start == ' ')
        start++;
    size_t n = strlen(start);
    while (n > 0 && start[n - 1] == ' ')
        n--;
    memcpy(out, start, n);
    out[n] = '\0';
    return true;
}
