/* test_number.c — cell parsing, rounding and printing of exact decimals. */
#include "testutil.h"

#include "render.h"

#include <inttypes.h>

/* ------------------------------------------------------------ helpers */

/* What a cell must parse to when it is a value. */
typedef struct {
    const char *text;
    int64_t micros;
    int decimals;
    bool percent;
    bool thousands;
    jx_comparator cmp;
    const char *unit;
} value_case;

/* Fails naming the cell, so a table of cases says which row broke. */
static void check_value(const value_case *c)
{
    jx_number n;
    jx_number_kind kind = jx_number_parse(c->text, &n);
    if (kind != JX_NUM_VALUE || n.kind != JX_NUM_VALUE)
        fail_msg("\"%s\": kind %d, want VALUE", c->text, (int)kind);
    if (n.micros != c->micros)
        fail_msg("\"%s\": micros %" PRId64 ", want %" PRId64, c->text,
                 n.micros, c->micros);
    if (n.decimals != c->decimals)
        fail_msg("\"%s\": decimals %d, want %d", c->text, n.decimals,
                 c->decimals);
    if (n.percent != c->percent)
        fail_msg("\"%s\": percent %d", c->text, n.percent);
    if (n.thousands != c->thousands)
        fail_msg("\"%s\": thousands %d", c->text, n.thousands);
    if (n.cmp != c->cmp)
        fail_msg("\"%s\": cmp %d, want %d", c->text, (int)n.cmp, (int)c->cmp);
    if (strcmp(n.unit, c->unit) != 0)
        fail_msg("\"%s\": unit \"%s\", want \"%s\"", c->text, n.unit, c->unit);
    if (n.corrupt_code)
        fail_msg("\"%s\": corrupt_code set", c->text);
}

static void check_values(const value_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++)
        check_value(&cases[i]);
}

/* A whole struct of zeros except the kind, as the API promises. */
static void check_kind_only(const char *text, jx_number_kind want)
{
    jx_number n;
    memset(&n, 0xA5, sizeof n); /* garbage the parser must clear */
    jx_number_kind kind = jx_number_parse(text, &n);
    if (kind != want || n.kind != want)
        fail_msg("\"%s\": kind %d, want %d", text ? text : "(null)",
                 (int)kind, (int)want);
    if (n.micros != 0 || n.decimals != 0 || n.percent || n.thousands
        || n.corrupt_code || n.cmp != JX_CMP_NONE || n.unit[0] != '\0')
        fail_msg("\"%s\": fields not cleared", text ? text : "(null)");
}

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ values */

static void test_plain_numbers(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"99.56", 99560000, 2, false, false, JX_CMP_NONE, ""},
        {"0", 0, 0, false, false, JX_CMP_NONE, ""},
        {"10", 10000000, 0, false, false, JX_CMP_NONE, ""},
        {"0.05", 50000, 2, false, false, JX_CMP_NONE, ""},
        {"007", 7000000, 0, false, false, JX_CMP_NONE, ""},
        {"120.50", 120500000, 2, false, false, JX_CMP_NONE, ""},
        {"-3.5", -3500000, 1, false, false, JX_CMP_NONE, ""},
        {"+3.5", 3500000, 1, false, false, JX_CMP_NONE, ""},
        {"-0.00", 0, 2, false, false, JX_CMP_NONE, ""},
        {"  42 ", 42000000, 0, false, false, JX_CMP_NONE, ""},
        {"\t42\n", 42000000, 0, false, false, JX_CMP_NONE, ""},
        {"\xE3\x80\x80" "42" "\xE3\x80\x80", 42000000, 0, false, false,
         JX_CMP_NONE, ""}, /* ideographic spaces */
        {"4611686018427.38", INT64_C(4611686018427380000), 2, false, false,
         JX_CMP_NONE, ""}, /* just below JX_AMOUNT_LIMIT */
    };
    check_values(cases, N_CASES(cases));
}

static void test_percent(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"95.74%", 95740000, 2, true, false, JX_CMP_NONE, ""},
        {"100%", 100000000, 0, true, false, JX_CMP_NONE, ""},
        {"-100.00%", -100000000, 2, true, false, JX_CMP_NONE, ""},
        {"95.74 %", 95740000, 2, true, false, JX_CMP_NONE, ""},
        {"\xEF\xBC\x99\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x97\xEF\xBC\x94"
         "\xEF\xBC\x85", 95740000, 2, true, false, JX_CMP_NONE, ""}, /* ９５．７４％ */
        {"≥90%", 90000000, 0, true, false, JX_CMP_GE, ""},
    };
    check_values(cases, N_CASES(cases));
}

static void test_full_width(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"１２３．４５", 123450000, 2, false, false, JX_CMP_NONE, ""},
        {"－５", -5000000, 0, false, false, JX_CMP_NONE, ""},
        {"\xE2\x88\x92" "5", -5000000, 0, false, false, JX_CMP_NONE, ""}, /* U+2212 */
        {"１，２３４", 1234000000, 0, false, true, JX_CMP_NONE, ""},
        {"＞２７万人", 27000000, 0, false, false, JX_CMP_GT, "万人"},
        {"＜＝５", 5000000, 0, false, false, JX_CMP_LE, ""},
        {"＝１", 1000000, 0, false, false, JX_CMP_EQ, ""},
        {"５元／人", 5000000, 0, false, false, JX_CMP_NONE, "元/人"}, /* unit folded too */
    };
    check_values(cases, N_CASES(cases));
    check_kind_only("元／人", JX_NUM_TEXT);
}

static void test_thousands_and_spaces(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"2,129.35", 2129350000, 2, false, true, JX_CMP_NONE, ""},
        {"2, 129. 35", 2129350000, 2, false, true, JX_CMP_NONE, ""},
        {"1, 125. 87", 1125870000, 2, false, true, JX_CMP_NONE, ""},
        {"1,234,567.89", INT64_C(1234567890000), 2, false, true, JX_CMP_NONE,
         ""},
        {"1 338", 1338000000, 0, false, false, JX_CMP_NONE, ""},
        {"12 .5", 12500000, 1, false, false, JX_CMP_NONE, ""},
        {"1,338人", 1338000000, 0, false, true, JX_CMP_NONE, "人"},
        {"-1,000", -1000000000, 0, false, true, JX_CMP_NONE, ""},
    };
    check_values(cases, N_CASES(cases));
}

static void test_markup(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"<b>2,129.35</b>", 2129350000, 2, false, true, JX_CMP_NONE, ""},
        {"<p>95.74%</p>", 95740000, 2, true, false, JX_CMP_NONE, ""},
        {"**2,129.35**", 2129350000, 2, false, true, JX_CMP_NONE, ""},
        {"<td class=\"n\">**7**</td>", 7000000, 0, false, false, JX_CMP_NONE,
         ""},
        {"<=5", 5000000, 0, false, false, JX_CMP_LE, ""},   /* not a tag */
        {"< 5", 5000000, 0, false, false, JX_CMP_LT, ""},
    };
    check_values(cases, N_CASES(cases));
    check_kind_only("<p>…</p>", JX_NUM_TEXT);
    check_kind_only("<b></b>", JX_NUM_EMPTY);
    check_kind_only("**", JX_NUM_EMPTY);
}

static void test_comparators(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"≥1428人次", 1428000000, 0, false, false, JX_CMP_GE, "人次"},
        {"≧3", 3000000, 0, false, false, JX_CMP_GE, ""},
        {">=3", 3000000, 0, false, false, JX_CMP_GE, ""},
        {"≤5万/次", 5000000, 0, false, false, JX_CMP_LE, "万/次"},
        {"≦5", 5000000, 0, false, false, JX_CMP_LE, ""},
        {"<=5", 5000000, 0, false, false, JX_CMP_LE, ""},
        {">27万人", 27000000, 0, false, false, JX_CMP_GT, "万人"},
        {"<1", 1000000, 0, false, false, JX_CMP_LT, ""},
        {"=100%", 100000000, 0, true, false, JX_CMP_EQ, ""},
        {"≥ 95 %", 95000000, 0, true, false, JX_CMP_GE, ""},
        {"≥-5", -5000000, 0, false, false, JX_CMP_GE, ""},
        {"不低于90%", 90000000, 0, true, false, JX_CMP_GE, ""},
        {"不少于3次", 3000000, 0, false, false, JX_CMP_GE, "次"},
        {"大于等于3", 3000000, 0, false, false, JX_CMP_GE, ""},
        {"至少 2 个", 2000000, 0, false, false, JX_CMP_GE, "个"},
        {"不高于5%", 5000000, 0, true, false, JX_CMP_LE, ""},
        {"不超过10天", 10000000, 0, false, false, JX_CMP_LE, "天"},
        {"不多于2", 2000000, 0, false, false, JX_CMP_LE, ""},
        {"小于等于2", 2000000, 0, false, false, JX_CMP_LE, ""},
        {"至多1", 1000000, 0, false, false, JX_CMP_LE, ""},
        {"大于0", 0, 0, false, false, JX_CMP_GT, ""},
        {"高于80%", 80000000, 0, true, false, JX_CMP_GT, ""},
        {"超过3", 3000000, 0, false, false, JX_CMP_GT, ""},
        {"小于1%", 1000000, 0, true, false, JX_CMP_LT, ""},
        {"低于 0.5", 500000, 1, false, false, JX_CMP_LT, ""},
    };
    check_values(cases, N_CASES(cases));
}

static void test_units(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"1338人", 1338000000, 0, false, false, JX_CMP_NONE, "人"},
        {"2310元/人/年", 2310000000, 0, false, false, JX_CMP_NONE, "元/人/年"},
        {"1421.47元", 1421470000, 2, false, false, JX_CMP_NONE, "元"},
        {"≥1247万元", 1247000000, 0, false, false, JX_CMP_GE, "万元"},
        {"8.7万份", 8700000, 1, false, false, JX_CMP_NONE, "万份"},
        {"2023 年底", 2023000000, 0, false, false, JX_CMP_NONE, "年底"},
        {"≥57.6元/人", 57600000, 1, false, false, JX_CMP_GE, "元/人"},
        {"5em", 5000000, 0, false, false, JX_CMP_NONE, "em"},
        {"3 万 元", 3000000, 0, false, false, JX_CMP_NONE, "万元"}, /* spaces inside CJK dropped */
        /* 23 bytes of unit: the most that fits with its NUL. */
        {"1一二三四五六七ab", 1000000, 0, false, false, JX_CMP_NONE, "一二三四五六七ab"},
    };
    check_values(cases, N_CASES(cases));
    assert_int_equal(strlen(cases[N_CASES(cases) - 1].unit), JX_UNIT_MAX - 1);
    /* 24 bytes: one too many; a sentence after a number is text. */
    check_kind_only("1一二三四五六七abc", JX_NUM_TEXT);
    check_kind_only("13个离休老干预计医疗费", JX_NUM_TEXT);
}

static void test_fraction_rounding(void **state)
{
    (void)state;
    static const value_case cases[] = {
        {"0.123456", 123456, 6, false, false, JX_CMP_NONE, ""},
        {"0.1234565", 123457, 6, false, false, JX_CMP_NONE, ""},  /* tie: up */
        {"0.1234564999", 123456, 6, false, false, JX_CMP_NONE, ""},
        {"-0.1234565", -123457, 6, false, false, JX_CMP_NONE, ""}, /* away */
        {"0.9999995", 1000000, 6, false, false, JX_CMP_NONE, ""}, /* carry */
        {"0.0000004", 0, 6, false, false, JX_CMP_NONE, ""},
        {"1.00000000000000000000000000000000000000000000000001", 1000000, 6,
         false, false, JX_CMP_NONE, ""},
    };
    check_values(cases, N_CASES(cases));
}

static void test_scientific(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t micros;
        int decimals;
    } cases[] = {
        {"1E+06", INT64_C(1000000000000), 0},
        {"1.2E+07", INT64_C(12000000000000), 0},
        {"3e5", INT64_C(300000000000), 0},
        {"1.23456789E+03", 1234567890, 5},
        {"1.5E-01", 150000, 2},
        {"2E-9", 0, 6},
        {"-4.1E+2", -410000000, 0},
    };
    for (size_t i = 0; i < N_CASES(cases); i++) {
        jx_number n;
        if (jx_number_parse(cases[i].text, &n) != JX_NUM_VALUE)
            fail_msg("\"%s\": not a value", cases[i].text);
        if (n.micros != cases[i].micros || n.decimals != cases[i].decimals
            || !n.corrupt_code)
            fail_msg("\"%s\": micros %" PRId64 " decimals %d corrupt %d",
                     cases[i].text, n.micros, n.decimals, n.corrupt_code);
    }
    check_kind_only("1E+99", JX_NUM_TEXT);
    check_kind_only("9E+12", JX_NUM_TEXT);
    check_kind_only("1E+0600000000000000000000", JX_NUM_TEXT);
}

/* ------------------------------------------------------------ empty / text */

static void test_placeholders(void **state)
{
    (void)state;
    static const char *const empties[] = {
        "", " ", "\xE3\x80\x80 \t", "-", "--", "—", "——", "–", "―", "－",
        "一", " 一 ", "<b>—</b>", "**--**", "－－",
    };
    for (size_t i = 0; i < N_CASES(empties); i++)
        check_kind_only(empties[i], JX_NUM_EMPTY);
    check_kind_only(NULL, JX_NUM_EMPTY);
    assert_int_equal(jx_number_parse(NULL, NULL), JX_NUM_EMPTY);
    assert_int_equal(jx_number_parse("5", NULL), JX_NUM_VALUE);
}

static void test_text(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "明显提高", "在职27人", "各 1 次", "≤预算", "≥", "不超过",
        "2024 年 4 月 1 日-4 月 5 日", "100%-90%", "1.2.3", "12..5", "5 %x",
        "1,2", "12,5", "1234,567", "1,23,456", "1,2345", "5,", "5,人",
        "12.", ".5", "- 5", "+-5", "5-", "5%人", "5万%", "3-5天", "E5",
        "达成预期", "不适用", "5\x01", "一一",
    };
    for (size_t i = 0; i < N_CASES(texts); i++)
        check_kind_only(texts[i], JX_NUM_TEXT);
}

static void test_overflow(void **state)
{
    (void)state;
    check_kind_only("1234567890123456789012345678901234567890", JX_NUM_TEXT);
    check_kind_only("-1234567890123456789012345678901234567890", JX_NUM_TEXT);
    check_kind_only("9000000000000", JX_NUM_TEXT);
    check_kind_only("9,000,000,000,000.00", JX_NUM_TEXT);
    check_kind_only("4611686018427.387904", JX_NUM_TEXT);  /* 2^62 micros: the limit */
    check_kind_only("4611686018427.3879035", JX_NUM_TEXT); /* rounds up to it */
    jx_number edge;
    assert_int_equal(jx_number_parse("4611686018427.387903", &edge), JX_NUM_VALUE);
    assert_int_equal(edge.micros, JX_AMOUNT_LIMIT - 1);
    /* Too large is said, not silent: the checks report it (amount_too_large). */
    jx_number big;
    assert_int_equal(jx_number_parse("8999999999999", &big), JX_NUM_TEXT);
    assert_true(big.too_large);
    assert_int_equal(jx_number_parse("8999999999999元", &big), JX_NUM_TEXT);
    assert_true(big.too_large);
    assert_int_equal(jx_number_parse("项目8999999999999", &big), JX_NUM_TEXT);
    assert_false(big.too_large);
    check_kind_only("99999999999999999999%", JX_NUM_TEXT);
    /* 2^64 micros + 1: a careless uint64 sum would wrap to 0.000001. */
    check_kind_only("18446744073709.551617", JX_NUM_TEXT);
    /* A valid unit after a number too large: the unit must not linger. */
    check_kind_only("1234567890123456789012345人", JX_NUM_TEXT);

    value_case zeros = {"0000000000000000000000000000000000000001", 1000000, 0,
                        false, false, JX_CMP_NONE, ""};
    check_value(&zeros);
}

/* A cell longer than the parser's stack buffer takes the heap path. */
static void test_long_cells(void **state)
{
    (void)state;
    char big[2048];
    memset(big, ' ', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    /* A cell of 1024 bytes or more is prose, whatever it holds. */
    check_kind_only(big, JX_NUM_TEXT);
    memcpy(big + 1000, "12.5%", 5);
    check_kind_only(big, JX_NUM_TEXT);
    big[1020] = '\0';
    value_case c = {big, 12500000, 1, true, false, JX_CMP_NONE, ""};
    check_value(&c);

    memset(big, '<', 1000); /* unclosed tags, none stripped */
    big[1] = 'a';
    check_kind_only(big, JX_NUM_TEXT);
}

/* Pseudo-random bytes, weighted towards the characters the parser cares
 * about and including broken UTF-8; only termination and sane output are
 * asserted. */
static void test_random_bytes(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "0", "1", "9", ",", ".", "%", "-", "+", "E", "e", " ", "<", ">", "=",
        "/", "*", "**", "<b>", "</b>", "≥", "≤", "一", "—", "人次", "万",
        "不超过", "大于", "\xEF\xBC\x91", "\xEF\xBC\x8E", "\xE3\x80\x80",
        "\xE4\xB8", "\xC3", "\x80", "\xFF", "\xF4\x90\x80\x80",
    };
    uint32_t seed = 12345;
    char s[128];
    for (int round = 0; round < 5000; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t parts = (seed >> 16) % 12;
        for (size_t k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = seed >> 8;
            if (r % 3 == 0) {
                s[len++] = (char)(1 + (r >> 4) % 255); /* any non-NUL byte */
            } else {
                const char *piece = pieces[(r >> 4) % N_CASES(pieces)];
                size_t n = strlen(piece);
                memcpy(s + len, piece, n);
                len += n;
            }
        }
        s[len] = '\0';

        jx_number n;
        jx_number_kind kind = jx_number_parse(s, &n);
        assert_true(kind == JX_NUM_EMPTY || kind == JX_NUM_VALUE
                    || kind == JX_NUM_TEXT);
        assert_int_equal(kind, n.kind);
        assert_non_null(memchr(n.unit, '\0', sizeof n.unit));
        assert_true(jx_utf8_valid((const unsigned char *)n.unit,
                                  strlen(n.unit), NULL));
        assert_true(n.decimals <= 6);
        if (kind != JX_NUM_VALUE)
            assert_true(n.micros == 0 && n.cmp == JX_CMP_NONE);
    }
}

/* ------------------------------------------------------------ round / format */

static void test_round(void **state)
{
    (void)state;
    assert_int_equal(jx_decimal_round(9574000, 1), 9600000);
    assert_int_equal(jx_decimal_round(-1250000, 1), -1300000);
    assert_int_equal(jx_decimal_round(1250000, 1), 1300000);
    assert_int_equal(jx_decimal_round(1249999, 1), 1200000);
    assert_int_equal(jx_decimal_round(-1249999, 1), -1200000);
    assert_int_equal(jx_decimal_round(85640000, 0), 86000000);
    assert_int_equal(jx_decimal_round(85500000, 0), 86000000);
    assert_int_equal(jx_decimal_round(-85500000, 0), -86000000);
    assert_int_equal(jx_decimal_round(-400000, 0), 0);
    assert_int_equal(jx_decimal_round(123456, 6), 123456);
    assert_int_equal(jx_decimal_round(123456, 9), 123456);  /* clamped to 6 */
    assert_int_equal(jx_decimal_round(1500000, -3), 2000000); /* clamped to 0 */
    assert_int_equal(jx_decimal_round(9995000, 2), 10000000);
}

static void test_round_limits(void **state)
{
    (void)state;
    /* Rounding up would leave int64: saturate at a rounded value. */
    assert_true(jx_decimal_round(INT64_MAX, 0) == INT64_C(9223372036854000000));
    assert_true(jx_decimal_round(INT64_MIN, 0) == -INT64_C(9223372036854000000));
    assert_true(jx_decimal_round(INT64_MAX, 6) == INT64_MAX);
    assert_true(jx_decimal_round(INT64_MIN, 6) == INT64_MIN);
    assert_true(jx_decimal_round(INT64_C(9223372036854400000), 0)
                == INT64_C(9223372036854000000)); /* rounds down: fits */
    assert_true(jx_decimal_round(INT64_MIN + 1, 3) == -INT64_C(9223372036854775000));
}

static void check_format(int64_t micros, int decimals, const char *want)
{
    char buf[64];
    int n = jx_decimal_format(buf, sizeof buf, micros, decimals);
    if (strcmp(buf, want) != 0 || n != (int)strlen(want))
        fail_msg("format(%" PRId64 ", %d) = \"%s\" (%d), want \"%s\"", micros,
                 decimals, buf, n, want);
}

static void test_format(void **state)
{
    (void)state;
    check_format(2129350000, 2, "2129.35");
    check_format(-500000, 1, "-0.5");
    check_format(10000000, 0, "10");
    check_format(0, 2, "0.00");
    check_format(0, 0, "0");
    check_format(-1, 2, "0.00");        /* rounds to zero: no sign */
    check_format(-4999, 2, "0.00");
    check_format(-5000, 2, "-0.01");
    check_format(9574000, 1, "9.6");
    check_format(85640000, 0, "86");
    check_format(-1250000, 1, "-1.3");
    check_format(1050000, 2, "1.05");     /* leading zero of the fraction */
    check_format(123456, 6, "0.123456");
    check_format(123456, 8, "0.123456");  /* clamped */
    check_format(1500000, -1, "2");       /* clamped */
    check_format(INT64_C(1234567890000), 2, "1234567.89");
    check_format(INT64_MAX, 6, "9223372036854.775807");
    check_format(INT64_MIN, 6, "-9223372036854.775808");
    check_format(INT64_MAX, 0, "9223372036855"); /* exact, no saturation */
    check_format(INT64_MIN, 0, "-9223372036855");
}

static void test_format_truncation(void **state)
{
    (void)state;
    char buf[4];
    memset(buf, 'x', sizeof buf);
    assert_int_equal(jx_decimal_format(buf, sizeof buf, 2129350000, 2), 7);
    assert_string_equal(buf, "212");
    assert_int_equal(jx_decimal_format(NULL, 0, -2129350000, 2), 8);
    buf[0] = 'x';
    assert_int_equal(jx_decimal_format(buf, 1, 5000000, 0), 1);
    assert_int_equal(buf[0], '\0');
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "2129.35", "-0.5", "10", "0.00", "95.74", "-100.00", "0.000001",
        "4611686018427.387903",
    };
    for (size_t i = 0; i < N_CASES(texts); i++) {
        jx_number n;
        char buf[64];
        assert_int_equal(jx_number_parse(texts[i], &n), JX_NUM_VALUE);
        jx_decimal_format(buf, sizeof buf, n.micros, n.decimals);
        if (strcmp(buf, texts[i]) != 0)
            fail_msg("\"%s\" printed back as \"%s\"", texts[i], buf);
    }
}

/* Every spelling of a comparator is read before a number, whatever character
 * it starts with (the parser answers "words" early by the first character). */
static void test_every_comparator_spelling(void **state)
{
    (void)state;
    size_t n = 0;
    for (const char *sp; (sp = jx_comparator_spelling(n)) != NULL; n++) {
        char text[64];
        assert_false(sp[0] >= '0' && sp[0] <= '9'); /* the parser skips them before a digit */
        snprintf(text, sizeof text, "%s5", sp);
        jx_number num;
        assert_int_equal(jx_number_parse(text, &num), JX_NUM_VALUE);
        assert_int_not_equal(num.cmp, JX_CMP_NONE);
        assert_int_equal(num.micros, 5000000);
    }
    assert_true(n >= 20);
}

static void test_comparator_symbol(void **state)
{
    (void)state;
    assert_string_equal(jx_comparator_symbol(JX_CMP_NONE), "");
    assert_string_equal(jx_comparator_symbol(JX_CMP_EQ), "=");
    assert_string_equal(jx_comparator_symbol(JX_CMP_GE), "≥");
    assert_string_equal(jx_comparator_symbol(JX_CMP_LE), "≤");
    assert_string_equal(jx_comparator_symbol(JX_CMP_GT), ">");
    assert_string_equal(jx_comparator_symbol(JX_CMP_LT), "<");
    assert_string_equal(jx_comparator_symbol((jx_comparator)99), "");
}

/* Issue 8.6/8.7: sums are checked, rates of large amounts exact. */
static void test_checked_arithmetic(void **state)
{
    (void)state;
    const int64_t limit = JX_AMOUNT_LIMIT, big = INT64_C(4000000000000) * JX_MICRO;
    int64_t r = 0;
    assert_true(jx_decimal_add(big / 2, big / 2, &r));
    assert_int_equal(r, big);
    assert_false(jx_decimal_add(big, big, &r));          /* past the limit: refused */
    assert_false(jx_decimal_add(limit - 1, 1, &r));
    assert_true(jx_decimal_add(limit - 2, 1, &r));
    assert_false(jx_decimal_sub(-big, big, &r));
    bool overflow = false;
    int64_t sum = 0;
    for (int i = 0; i < 3; i++)
        jx_sum_add(&sum, big, &overflow);
    assert_true(overflow);
    assert_int_equal(sum, big); /* kept at the last sum that fit */
    /* 150000000000 / 150000000000 = 100% (an int64 product saturated to 61.49%). */
    int64_t amount = INT64_C(150000000000) * JX_MICRO;
    assert_true(jx_decimal_muldiv(amount, 100 * JX_MICRO, amount, &r));
    assert_int_equal(r, 100 * JX_MICRO);
    assert_true(jx_decimal_muldiv(amount / 3 * 2, 100 * JX_MICRO, amount, &r));
    assert_int_equal(r, 66666667); /* 66.666667%, half-up */
    assert_true(jx_decimal_muldiv(-7, 1, 2, &r));
    assert_int_equal(r, -4);                            /* half away from zero */
    assert_false(jx_decimal_muldiv(amount, 100 * JX_MICRO, 1, &r)); /* too large */
    assert_false(jx_decimal_muldiv(1, 1, 0, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_full_width),
        cmocka_unit_test(test_thousands_and_spaces),
        cmocka_unit_test(test_markup),
        cmocka_unit_test(test_comparators),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_fraction_rounding),
        cmocka_unit_test(test_scientific),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_long_cells),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_round_limits),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_truncation),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_checked_arithmetic),
        cmocka_unit_test(test_every_comparator_spelling),
        cmocka_unit_test(test_comparator_symbol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
