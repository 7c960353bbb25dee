/* test_grid.c — cell normalisation, line splitting, CSV/TSV grids. */
#include "testutil.h"

#include "render.h"

static jx_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = jx_arena_new();
    return arena == NULL;
}

static int teardown(void **state)
{
    (void)state;
    jx_arena_free(arena);
    return 0;
}

static const char *norm(const char *s)
{
    return jx_cell_normalize(arena, s, strlen(s));
}

static void test_spaces_inside_words_and_numbers(void **state)
{
    (void)state;
    assert_string_equal(norm("产出 指标 (50 分)"), "产出指标(50分)");
    assert_string_equal(norm("满意度 指标 (10分)"), "满意度指标(10分)");
    assert_string_equal(norm("效益指 标(30分)"), "效益指标(30分)");
    assert_string_equal(norm("2, 129. 35"), "2,129.35");
    assert_string_equal(norm("1, 003. 48"), "1,003.48");
    assert_string_equal(norm("2023 年底"), "2023年底");
    assert_string_equal(norm("≥ 90%"), "≥90%");
    assert_string_equal(norm("15 人"), "15人");
    assert_string_equal(norm("  任务 1  "), "任务1");
}

static void test_ascii_words_keep_one_space(void **state)
{
    (void)state;
    assert_string_equal(norm("DRG   2.0 版"), "DRG 2.0版");
    assert_string_equal(norm("Hello,  world"), "Hello, world");
}

static void test_markup_is_stripped(void **state)
{
    (void)state;
    assert_string_equal(norm("<b>2,129.35</b>"), "2,129.35");
    assert_string_equal(norm("<b>本年收入合计</b>"), "本年收入合计");
    assert_string_equal(norm("<p>目标1: 贯彻执行。</p> <p>目标2: 监督。</p>"),
                        "目标1:贯彻执行。目标2:监督。");
    assert_string_equal(norm("**五是**广泛宣传"), "五是广泛宣传");
    assert_string_equal(norm("### **第三部分 2024年度部门决算表**"), "第三部分2024年度部门决算表");
    assert_string_equal(norm("A&nbsp;&amp;&nbsp;B"), "A & B");
    /* A comparator is no tag, and an unclosed tag is text. */
    assert_string_equal(norm("<5万/次"), "<5万/次");
    assert_string_equal(norm("<p 未闭合"), "<p未闭合");
}

static void test_full_width_is_folded(void **state)
{
    (void)state;
    assert_string_equal(norm("１２３．４５"), "123.45");
    assert_string_equal(norm("（５０分）"), "(50分)");
    assert_string_equal(norm("单位：万元"), "单位:万元");
    assert_string_equal(norm("９５．７４％"), "95.74%");
    assert_string_equal(norm("任务\xE3\x80\x80" "1"), "任务1"); /* ideographic space */
}

static void test_pinyin_readings_are_dropped(void **state)
{
    (void)state;
    /* Mirror sites insert a reading after some characters (realworld 104, 108). */
    assert_string_equal(norm("項(xiàng)目支出績效自評表"), "项目支出绩效自评表");
    assert_string_equal(norm("年度指標(biāo)值"), "年度指标值");
    assert_string_equal(norm("執(zhí)行率"), "执行率");
    assert_string_equal(norm("衛(wèi)片執(zhí)法"), "卫片执法");
    assert_string_equal(norm("(動物防疫項(xiàng)目)"), "(动物防疫项目)");
    assert_string_equal(norm("全年預(yù)算數(shù)(A)"), "全年预算数(A)");
    /* Full-width brackets, a space before them, ü, combining accents (OCR). */
    assert_string_equal(norm("項（xiàng）目"), "项目");
    assert_string_equal(norm("項 (xiàng) 目"), "项目");
    assert_string_equal(norm("綠(lǜ)化"), "绿化");
    assert_string_equal(norm("災(za\xCC\x84i)害"), "灾害");
    assert_string_equal(norm("嗯(ǹg)"), "嗯");
    assert_string_equal(norm("二(èr)"), "二");
}

static void test_real_brackets_stay(void **state)
{
    (void)state;
    /* Labels, units and years in brackets; readings without a tone, in
     * capitals, unclosed, too long, not pinyin, or after no character. */
    static const char *const cases[][2] = {
        {"全年执行数(B)", "全年执行数(B)"}, {"执行率(B/A)", "执行率(B/A)"},
        {"资金(萬元)", "资金(万元)"}, {"产出指标(50分)", "产出指标(50分)"},
        {"自评表(2024年度)", "自评表(2024年度)"}, {"按病种付费(DRG)", "按病种付费(DRG)"},
        {"完成率(%)", "完成率(%)"}, {"长度(m)", "长度(m)"}, {"重量(kg)", "重量(kg)"},
        {"的(de)", "的(de)"}, {"项(Xiàng)", "项(Xiàng)"}, {"项(xiàng", "项(xiàng"},
        {"项(xiàngxiàng)", "项(xiàngxiàng)"}, {"项(café)", "项(café)"},
        {"项(x1àng)", "项(x1àng)"}, {"项(vàng)", "项(vàng)"}, {"(xiàng)开头", "(xiàng)开头"},
        {"A(xiàng)", "A(xiàng)"}, {"，(xiàng)", ",(xiàng)"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(norm(cases[i][0]), cases[i][1]);
}

static void test_traditional_is_simplified(void **state)
{
    (void)state;
    assert_string_equal(norm("產出指標"), "产出指标");
    assert_string_equal(norm("滿意度指標"), "满意度指标");
    assert_string_equal(norm("其中:當年財政撥款"), "其中:当年财政拨款");
    assert_string_equal(norm("麗江市古城區"), "丽江市古城区");
    /* One-to-many: OpenCC's first candidate (麵 → 面 麺). */
    assert_string_equal(norm("麵"), "面");
    /* A character that is its own candidate is also simplified text: 乾县, 於 (a surname). */
    assert_string_equal(norm("乾县於"), "乾县於");
    /* Simplified text and everything else are unchanged. */
    assert_string_equal(norm("项目支出绩效自评表"), "项目支出绩效自评表");
    assert_string_equal(norm("DRG 2.0"), "DRG 2.0");
    /* Beyond the BMP: 𠁞 (U+2005E) → 𠀾 (U+2003E), by the sorted pairs. */
    assert_string_equal(norm("\xF0\xA0\x81\x9E"), "\xF0\xA0\x80\xBE");
    assert_int_equal(jx_simplify(0x9805), 0x9879); /* 項 → 项 */
    assert_int_equal(jx_simplify(0x9879), 0x9879);
    assert_int_equal(jx_simplify(0x33FF), 0x33FF);
    assert_int_equal(jx_simplify(0x10FFFF), 0x10FFFF);
}

static void test_t2s_table_is_sorted(void **state)
{
    (void)state;
    /* jx_simplify searches the pairs beyond the BMP by halves. */
    assert_true(jx_t2s_astral_count > 0);
    for (size_t i = 1; i < jx_t2s_astral_count; i++)
        assert_true(jx_t2s_astral[i - 1].traditional < jx_t2s_astral[i].traditional);
    for (size_t i = 0; i < jx_t2s_astral_count; i++)
        assert_int_equal(jx_simplify(jx_t2s_astral[i].traditional), jx_t2s_astral[i].simplified);
    assert_true(jx_t2s_bmp_count <= 0x10000 - JX_T2S_BMP_FIRST);
}

static void test_dash_placeholders_are_empty(void **state)
{
    (void)state;
    const char *dashes[] = {"—", "——", "--", "-", "－", "–", " — "};
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
        assert_string_equal(norm(dashes[i]), "");
    assert_string_equal(norm("-100.00%"), "-100.00%");
    assert_string_equal(norm("一"), "一"); /* only a number column makes it a dash */
}

static void test_split_tab_line(void **state)
{
    (void)state;
    const char *line = "\t任务 1\t保障单位职工工资福利支出\t完成\t154.45\t\t\t";
    jx_row row;
    assert_true(jx_grid_split_line(arena, line, strlen(line), 266, '\t', &row));
    assert_int_equal(row.ncells, 5); /* trailing empty cells dropped */
    assert_int_equal(row.line, 266);
    assert_string_equal(row.cells[0].text, "");
    assert_string_equal(row.cells[1].text, "任务 1");
    assert_string_equal(row.cells[1].norm, "任务1");
    assert_int_equal(row.cells[4].col, 5);
    assert_int_equal(row.cells[4].line, 266);
}

static void test_pipe_rows(void **state)
{
    (void)state;
    char sep = 0;
    assert_true(jx_line_is_row("| 项目 | 金额 |", strlen("| 项目 | 金额 |"), &sep));
    assert_int_equal(sep, '|');
    assert_false(jx_line_is_row("a | b", 5, &sep));
    assert_false(jx_line_is_row("plain prose", 11, &sep));
    jx_row row;
    const char *line = "| 合计 | 2,129.35 |";
    assert_true(jx_grid_split_line(arena, line, strlen(line), 3, '|', &row));
    assert_int_equal(row.ncells, 2);
    assert_string_equal(row.cells[0].norm, "合计");
    assert_string_equal(row.cells[1].norm, "2,129.35");
}

static void test_lone_yi_in_number_column(void **state)
{
    (void)state;
    /* Seed 001, 整体支出绩效自评表: 得分 column holds 一 for a dash. */
    const char *lines[] = {
        "年度主要任务完成情况\t任务 1\t保障单位职工工资福利支出\t完成\t154.45\t3\t100%\t一",
        "\t金额合计\t\t\t526.04\t10\t100%\t10",
        "\t一\t二\t三\t四",
    };
    jx_row rows[3];
    for (size_t i = 0; i < 3; i++)
        assert_true(jx_grid_split_line(arena, lines[i], strlen(lines[i]),
                                       (uint32_t)(266 + i), '\t', &rows[i]));
    jx_grid grid = {rows, 3, 0};
    jx_grid_finish(arena, &grid);
    assert_int_equal(grid.ncols, 8);
    assert_string_equal(rows[0].cells[7].norm, "");
    assert_string_equal(rows[0].cells[7].text, "一");
    assert_string_equal(rows[2].cells[1].norm, "一"); /* a text column keeps it */
}

static void test_csv_quoting(void **state)
{
    (void)state;
    const char *csv = "项目,\"金额,万元\",\"说明\"\"引号\"\"\"\r\n"
                      "合计,\"2,129.35\",\"两行\n说明\"\n"
                      "\n"
                      "208,119.68,\n";
    jx_grid grid = {0};
    jx_error err = {0};
    assert_int_equal(jx_grid_from_delimited(arena, csv, strlen(csv), ',', &grid, &err), JX_OK);
    assert_int_equal(grid.nrows, 3);
    assert_string_equal(grid.rows[0].cells[1].text, "金额,万元");
    assert_string_equal(grid.rows[0].cells[2].text, "说明\"引号\"");
    assert_string_equal(grid.rows[1].cells[1].norm, "2,129.35");
    assert_string_equal(grid.rows[1].cells[2].text, "两行\n说明");
    assert_int_equal(grid.rows[1].line, 2);
    assert_int_equal(grid.rows[2].line, 5);
    assert_int_equal(grid.rows[2].ncells, 2);
    assert_int_equal(grid.ncols, 3);
}

static void test_csv_unterminated_quote(void **state)
{
    (void)state;
    const char *csv = "a,b\nc,\"open\nstill open\n";
    jx_grid grid = {0};
    jx_error err = {0};
    assert_int_equal(jx_grid_from_delimited(arena, csv, strlen(csv), ',', &grid, &err),
                     JX_ERR_FORMAT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "unterminated"));
}

static void test_tsv_has_no_quoting(void **state)
{
    (void)state;
    const char *tsv = "科目代码\t科目名称\t\"决算数\"\n208\t社会保障和就业支出\t119.68\n";
    jx_grid grid = {0};
    jx_error err = {0};
    assert_int_equal(jx_grid_from_delimited(arena, tsv, strlen(tsv), '\t', &grid, &err), JX_OK);
    assert_int_equal(grid.nrows, 2);
    assert_string_equal(grid.rows[0].cells[2].text, "\"决算数\"");
    assert_string_equal(grid.rows[1].cells[2].norm, "119.68");
}

static void test_utf8_trim_partial(void **state)
{
    (void)state;
    char cut[] = "合计\xE5\x90"; /* 合计 and two of 各's three bytes */
    jx_utf8_trim_partial(cut);
    assert_string_equal(cut, "合计");
    char whole[] = "合计各";
    jx_utf8_trim_partial(whole);
    assert_string_equal(whole, "合计各");
    char ascii[] = "abc";
    jx_utf8_trim_partial(ascii);
    assert_string_equal(ascii, "abc");
    char lone[] = "\xE5";
    jx_utf8_trim_partial(lone);
    assert_string_equal(lone, "");
}

/* A finding that quotes a long row label is cut, never mid-character. */
static void test_long_message_stays_utf8(void **state)
{
    (void)state;
    FILE *f = fopen("tests/fixtures/long_label_message.tsv", "rb");
    assert_non_null(f);
    fclose(f);
    jx_error err = {0};
    jx_document *doc = jx_document_load("tests/fixtures/long_label_message.tsv", JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_rules rules;
    assert_int_equal(jx_rules_load("national", "rules", &rules, &err), JX_OK);
    jx_report *report = jx_evaluate(doc, &rules, &err);
    assert_non_null(report);
    size_t long_ones = 0;
    for (size_t i = 0; i < report->nfindings; i++) {
        const char *m = report->findings[i].message;
        assert_true(jx_utf8_valid((const unsigned char *)m, strlen(m), NULL));
        long_ones += strlen(m) > JX_MESSAGE_MAX - 8;
    }
    assert_true(long_ones > 0); /* the fixture does produce a cut message */
    jx_report_free(report);
    jx_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spaces_inside_words_and_numbers),
        cmocka_unit_test(test_ascii_words_keep_one_space),
        cmocka_unit_test(test_markup_is_stripped),
        cmocka_unit_test(test_full_width_is_folded),
        cmocka_unit_test(test_pinyin_readings_are_dropped),
        cmocka_unit_test(test_real_brackets_stay),
        cmocka_unit_test(test_traditional_is_simplified),
        cmocka_unit_test(test_t2s_table_is_sorted),
        cmocka_unit_test(test_dash_placeholders_are_empty),
        cmocka_unit_test(test_split_tab_line),
        cmocka_unit_test(test_pipe_rows),
        cmocka_unit_test(test_lone_yi_in_number_column),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_unterminated_quote),
        cmocka_unit_test(test_tsv_has_no_quoting),
        cmocka_unit_test(test_utf8_trim_partial),
        cmocka_unit_test(test_long_message_stays_utf8),
    };
    return cmocka_run_group_tests_name("grid", tests, setup, teardown);
}
