/* test_gazetteer.c — the gazetteer (engine/rules/gazetteer.c) and the name
 * index under it (engine/base/name_index.c): the shipped rules/gazetteer.tsv
 * reads, each province's mentions are counted so that an ambiguous county
 * decides only beside its city, and a malformed line is refused with its line. */
#include "testutil.h"

/* ------------------------------------------------------------ name index */

static void test_index_longest_first(void **state)
{
    (void)state;
    jx_name_index *ix = jx_name_index_new();
    assert_non_null(ix);
    assert_true(jx_name_index_add(ix, "丽江市", strlen("丽江市"), 1));
    assert_true(jx_name_index_add(ix, "丽江市古城区", strlen("丽江市古城区"), 1));
    assert_true(jx_name_index_add(ix, "朝阳区", strlen("朝阳区"), 2));
    assert_true(jx_name_index_add(ix, "朝阳区", strlen("朝阳区"), 3)); /* two places */
    assert_true(jx_name_index_add(ix, "朝阳", strlen("朝阳"), 4));
    assert_false(jx_name_index_add(ix, "区", strlen("区"), 5)); /* shorter than the key */
    assert_true(jx_name_index_finish(ix));
    assert_int_equal(jx_name_index_size(ix), 4);

    const char *text = "在丽江市古城区和朝阳区，朝阳市";
    size_t len = strlen(text), pos = 0;
    uint32_t value;
    assert_int_equal(jx_name_index_next(ix, text, len, &pos, &value), strlen("丽江市古城区"));
    assert_int_equal(value, 1);
    assert_int_equal(jx_name_index_next(ix, text, len, &pos, &value), strlen("朝阳区"));
    assert_int_equal(value, JX_NAME_AMBIGUOUS); /* found whole: 朝阳 inside it is not */
    assert_int_equal(jx_name_index_next(ix, text, len, &pos, &value), strlen("朝阳"));
    assert_int_equal(value, 4);
    assert_int_equal(jx_name_index_next(ix, text, len, &pos, &value), 0);
    assert_int_equal(pos, len);
    /* A name cut by the end of the text is not there. */
    pos = 0;
    assert_int_equal(jx_name_index_next(ix, "丽江", strlen("丽江"), &pos, &value), 0);
    jx_name_index_free(ix);
}

/* The reference for the index: at each position that does not continue a
 * character, every name compared; the longest found wins. */
static size_t naive_next(const char *const *names, size_t n, const char *text, size_t len,
                         size_t *pos, uint32_t *value)
{
    for (size_t i = *pos; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        size_t best = 0;
        for (size_t k = 0; k < n; k++) {
            size_t m = strlen(names[k]);
            if (m > best && m <= len - i && memcmp(text + i, names[k], m) == 0) {
                best = m;
                *value = (uint32_t)k;
            }
        }
        if (best > 0) {
            *pos = i + best;
            return best;
        }
    }
    *pos = len;
    return 0;
}

/* Random texts of characters, ASCII and broken UTF-8 (a lead byte alone, a
 * continuation byte alone): the scan, which steps over whole characters, finds
 * what a comparison at every byte finds. */
static void test_index_random_texts(void **state)
{
    (void)state;
    static const char *const names[] = {"丽江市", "江市丽", "丽江市古城区", "aa丽江", "\xE4丽江",
                                        "市\x80丽江", "abcdef", "古城区a"};
    static const char *const alphabet[] = {"丽", "江", "市", "古", "城", "区", "a", "b",
                                           "\xE4", "\x80", "\xE4\xB8", "，"};
    size_t nnames = sizeof names / sizeof names[0];
    jx_name_index *ix = jx_name_index_new();
    assert_non_null(ix);
    for (size_t k = 0; k < nnames; k++)
        assert_true(jx_name_index_add(ix, names[k], strlen(names[k]), (uint32_t)k));
    assert_true(jx_name_index_finish(ix));
    uint32_t seed = 2024;
    for (int round = 0; round < 500; round++) {
        char text[2048];
        size_t len = 0;
        for (int c = 0; c < 200; c++) {
            seed = seed * 1103515245u + 12345u;
            const char *ch = alphabet[(seed >> 16) % (sizeof alphabet / sizeof alphabet[0])];
            memcpy(text + len, ch, strlen(ch));
            len += strlen(ch);
        }
        size_t pos = 0, want_pos = 0;
        for (;;) {
            uint32_t value = 0, want_value = 0;
            size_t got = jx_name_index_next(ix, text, len, &pos, &value);
            size_t want = naive_next(names, nnames, text, len, &want_pos, &want_value);
            assert_int_equal(got, want);
            assert_int_equal(pos, want_pos);
            if (want == 0)
                break;
            assert_int_equal(value, want_value);
        }
    }
    jx_name_index_free(ix);
}

/* ------------------------------------------------------------ the shipped file */

static jx_gazetteer *shipped(void)
{
    jx_gazetteer *g = NULL;
    jx_error err;
    if (jx_gazetteer_load("rules/" JX_GAZETTEER_FILE, &g, &err) != JX_OK)
        fail_msg("rules/gazetteer.tsv:%u: %s", err.line, err.message);
    return g;
}

/* The mentions of one province in text. */
static size_t mentions_of(const jx_gazetteer *g, const char *province, const char *text)
{
    size_t p = jx_gazetteer_find_province(g, province);
    if (p == JX_NO_PROVINCE)
        fail_msg("no province %s", province);
    size_t mentions[JX_GAZETTEER_MAX_PROVINCES];
    jx_gazetteer_mentions(g, text, strlen(text), mentions);
    return mentions[p];
}

/* Every province's mentions added up. */
static size_t all_mentions(const jx_gazetteer *g, const char *text)
{
    size_t mentions[JX_GAZETTEER_MAX_PROVINCES], sum = 0;
    jx_gazetteer_mentions(g, text, strlen(text), mentions);
    for (size_t p = 0; p < jx_gazetteer_province_count(g); p++)
        sum += mentions[p];
    return sum;
}

static void test_shipped_reads(void **state)
{
    (void)state;
    jx_gazetteer *g = shipped();
    assert_int_equal(jx_gazetteer_province_count(g), 31);
    size_t p = jx_gazetteer_find_province(g, "陕西");
    assert_int_not_equal(p, JX_NO_PROVINCE);
    assert_int_equal(jx_gazetteer_find_province(g, "陕西省"), p);
    assert_string_equal(jx_gazetteer_province_name(g, p), "陕西省");
    assert_int_not_equal(jx_gazetteer_find_province(g, "广西"), JX_NO_PROVINCE);
    assert_int_equal(jx_gazetteer_find_province(g, "陝西"), JX_NO_PROVINCE);
    assert_int_equal(jx_gazetteer_find_province(g, ""), JX_NO_PROVINCE);
    jx_gazetteer_free(g);
}

static void test_counties_in_full(void **state)
{
    (void)state;
    jx_gazetteer *g = shipped();
    assert_int_equal(mentions_of(g, "陕西", "神木市医疗保障局"), 1);
    assert_int_equal(mentions_of(g, "安徽", "濉溪县医疗保障局"), 1);
    assert_int_equal(mentions_of(g, "河南", "孟州市医疗保障局"), 1);
    /* A prefecture and a county-level city by their stems. */
    assert_int_equal(mentions_of(g, "陕西", "榆林神木两地"), 2);
    /* A county with its city is one mention, not two. */
    assert_int_equal(mentions_of(g, "云南", "丽江市古城区财政局"), 1);
    assert_int_equal(mentions_of(g, "云南", "丽江古城区财政局"), 1);
    assert_int_equal(mentions_of(g, "青海", "西宁市城中区医疗保障局"), 1);
    jx_gazetteer_free(g);
}

static void test_ambiguous_county(void **state)
{
    (void)state;
    jx_gazetteer *g = shipped();
    /* 朝阳区: 北京 and 长春; 鼓楼区: 南京, 徐州, 福州, 开封; 城中区: 西宁, 柳州. */
    assert_int_equal(all_mentions(g, "朝阳区财政局"), 0);
    assert_int_equal(all_mentions(g, "鼓楼区财政局"), 0);
    assert_int_equal(all_mentions(g, "城中区医疗保障局"), 0);
    /* Found whole, so 朝阳 (辽宁's 朝阳市) inside it does not count either. */
    assert_int_equal(mentions_of(g, "辽宁", "朝阳区财政局"), 0);
    assert_int_equal(mentions_of(g, "辽宁", "朝阳市财政局"), 1);
    /* With its city, or a municipality, before it, it decides. */
    assert_int_equal(mentions_of(g, "北京", "北京市朝阳区财政局"), 1);
    assert_int_equal(mentions_of(g, "吉林", "长春市朝阳区财政局"), 1);
    assert_int_equal(mentions_of(g, "福建", "福州市鼓楼区"), 1);
    assert_int_equal(mentions_of(g, "广西", "柳州市城中区"), 1);
    /* Stems that are words are not names: 城中村, 中山路, 合作社. */
    assert_int_equal(all_mentions(g, "城中村改造，中山路，合作社，资源整合"), 0);
    jx_gazetteer_free(g);
}

/* ------------------------------------------------------------ malformed files */

static void expect_refused(const char *text, uint32_t line, const char *message)
{
    jx_gazetteer *g = (jx_gazetteer *)&g;
    jx_error err;
    assert_int_equal(jx_gazetteer_parse(text, strlen(text), &g, &err), JX_ERR_FORMAT);
    assert_null(g);
    assert_int_equal(err.line, line);
    if (strstr(err.message, message) == NULL)
        fail_msg("'%s' lacks '%s'", err.message, message);
}

#define GOOD "# a comment\n610000\t陕西省\t\t陕西省\t陕西\n610800\t榆林市\t\t陕西省\t榆林\n"

static void test_malformed_lines(void **state)
{
    (void)state;
    jx_gazetteer *g = NULL;
    jx_error err;
    assert_int_equal(jx_gazetteer_parse(GOOD, strlen(GOOD), &g, &err), JX_OK);
    assert_int_equal(jx_gazetteer_province_count(g), 1);
    jx_gazetteer_free(g);

    expect_refused(GOOD "610881\t神木市\t榆林市\t陕西省\n", 4, "fewer than five fields");
    expect_refused(GOOD "610881\t神木市\t榆林市\t陕西省\t神木\tx\n", 4, "more than five fields");
    expect_refused(GOOD "61088\t神木市\t榆林市\t陕西省\t神木\n", 4, "code: not six digits");
    expect_refused(GOOD "61088x\t神木市\t榆林市\t陕西省\t神木\n", 4, "code: not six digits");
    expect_refused(GOOD "610881\t\t榆林市\t陕西省\t神木\n", 4, "name: empty");
    expect_refused(GOOD "610881\t神木市\t榆林市\t\t神木\n", 4, "province: empty");
    expect_refused(GOOD "610881\t神木市\t榆林市\t陕西省\t神\n", 4, "short: shorter than two");
    expect_refused(GOOD "610881\t神\x01木\t榆林市\t陕西省\t\n", 4, "name: a control character");
    expect_refused(GOOD "610881\t神木\xff\t榆林市\t陕西省\t\n", 4, "not UTF-8");
    expect_refused("# only a comment\n", 0, "no divisions");
    expect_refused("", 0, "no divisions");
}

static void test_load_errors(void **state)
{
    (void)state;
    jx_gazetteer *g = NULL;
    jx_error err;
    assert_int_equal(jx_gazetteer_load("no/such/gazetteer.tsv", &g, &err), JX_ERR_IO);
    assert_null(g);
    char path[] = "/tmp/jx_gazetteer_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(GOOD "610881\t神木市\t榆林市\n", f);
    fclose(f);
    assert_int_equal(jx_gazetteer_load(path, &g, &err), JX_ERR_FORMAT);
    assert_int_equal(err.line, 4);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_longest_first),
        cmocka_unit_test(test_index_random_texts), cmocka_unit_test(test_shipped_reads),
        cmocka_unit_test(test_counties_in_full),    cmocka_unit_test(test_ambiguous_county),
        cmocka_unit_test(test_malformed_lines),     cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
