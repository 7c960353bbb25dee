/*
 * test_scorecard.c — the scorecard models of the five seeds: every indicator
 * row counted by hand, the rows PDF extraction slid sideways read right, and
 * merged cells carried forward.
 */
#include "testutil.h"

#include <unistd.h>

static const char *const seeds[] = JX_SEED_PATHS;

static jx_document *load(const char *path)
{
    jx_error err = {0};
    jx_document *doc = jx_document_load(path, JX_FORMAT_AUTO, &err);
    if (doc == NULL)
        fail_msg("%s: %s", path, err.message);
    return doc;
}

static const jx_scorecard *card_at(const jx_document *doc, size_t table_index)
{
    assert_true(table_index >= 1 && table_index <= doc->ntables);
    const jx_scorecard *card = doc->tables[table_index - 1].scorecard;
    assert_non_null(card);
    return card;
}

static const jx_indicator *indicator_on(const jx_scorecard *card, uint32_t line)
{
    for (size_t i = 0; i < card->nindicators; i++)
        if (card->indicators[i].line == line)
            return &card->indicators[i];
    fail_msg("no indicator on line %u", line);
    return NULL;
}

static void assert_value(const jx_value *v, int64_t micros)
{
    assert_non_null(v->cell);
    assert_int_equal(v->num.kind, JX_NUM_VALUE);
    assert_int_equal(v->num.micros, micros);
}

#define M(x) micros_of(#x)

/* Rows of indicators in each scorecard, counted in the documents. */
static void test_indicator_counts(void **state)
{
    (void)state;
    static const struct {
        size_t seed, table, indicators, placeholders, categories;
    } want[] = {
        {0, 2, 9, 0, 3},  {0, 3, 6, 0, 3},  {0, 4, 6, 0, 3},
        {1, 1, 18, 0, 3}, {1, 2, 9, 0, 3},  {1, 3, 11, 0, 3}, {1, 4, 7, 0, 3},
        {2, 8, 23, 0, 3}, {2, 9, 13, 4, 4}, {2, 10, 10, 3, 4},
        {3, 13, 7, 0, 4}, {3, 14, 7, 0, 4},
        {4, 15, 12, 3, 3}, {4, 16, 9, 3, 3}, {4, 17, 9, 3, 3}, {4, 18, 9, 3, 3},
        {4, 19, 13, 3, 3}, {4, 20, 27, 2, 3},
    };
    jx_document *docs[5];
    for (size_t s = 0; s < 5; s++)
        docs[s] = load(seeds[s]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const jx_scorecard *card = card_at(docs[want[i].seed], want[i].table);
        size_t placeholders = 0;
        for (size_t k = 0; k < card->nindicators; k++)
            placeholders += card->indicators[k].placeholder;
        if (card->nindicators != want[i].indicators || placeholders != want[i].placeholders
            || card->ncategories != want[i].categories)
            fail_msg("seed %zu table %zu: %zu indicators (%zu placeholders), %zu categories",
                     want[i].seed, want[i].table, card->nindicators, placeholders,
                     card->ncategories);
    }
    /* Every table of a scorecard kind has a model, and no other table has. */
    for (size_t s = 0; s < 5; s++) {
        for (size_t k = 0; k < docs[s]->ntables; k++) {
            const jx_table *t = &docs[s]->tables[k];
            bool scored = t->kind == JX_KIND_PROJECT || t->kind == JX_KIND_DEPARTMENT
                || t->kind == JX_KIND_SPECIAL_FUND || t->kind == JX_KIND_TARGET;
            assert_int_equal(scored, t->scorecard != NULL);
        }
        jx_document_free(docs[s]);
    }
}

/* In scored cards, every real indicator row yields a weight and a score. */
static void test_every_scored_row_has_weight_and_score(void **state)
{
    (void)state;
    for (size_t s = 0; s < 4; s++) {
        jx_document *doc = load(seeds[s]);
        for (size_t k = 0; k < doc->ntables; k++) {
            const jx_scorecard *card = doc->tables[k].scorecard;
            if (card == NULL || card->kind == JX_KIND_TARGET)
                continue;
            for (size_t i = 0; i < card->nindicators; i++) {
                const jx_indicator *ind = &card->indicators[i];
                if (ind->placeholder)
                    continue;
                if (ind->weight.num.kind != JX_NUM_VALUE || ind->score.num.kind != JX_NUM_VALUE
                    || ind->level1[0] == '\0' || ind->level2[0] == '\0' || ind->level3[0] == '\0')
                    fail_msg("%s:%u: indicator read incompletely (%s|%s|%s)", seeds[s], ind->line,
                             ind->level1, ind->level2, ind->level3);
            }
            assert_int_equal(card->total_weight.num.kind, JX_NUM_VALUE);
            assert_int_equal(card->total_score.num.kind, JX_NUM_VALUE);
        }
        jx_document_free(doc);
    }
}

static void test_shifted_rows_of_seed_000(void **state)
{
    (void)state;
    jx_document *doc = load(seeds[0]);
    const jx_scorecard *dept = card_at(doc, 2);
    assert_string_equal(dept->name, "神木市医疗保障局");
    /* Line 344 lost its 一级 and 二级 cells and slid two columns left. */
    const jx_indicator *ind = indicator_on(dept, 344);
    assert_string_equal(ind->level1, "产出指标(50分)");
    assert_string_equal(ind->level2, "成本指标");
    assert_string_equal(ind->level3, "项目预算控制率");
    assert_value(&ind->weight, M(10));
    assert_value(&ind->score, M(10));
    /* Line 347 starts a category one column left of its header. */
    ind = indicator_on(dept, 347);
    assert_string_equal(ind->level2, "服务对象满意度指标");
    assert_string_equal(dept->categories[ind->category].name, "满意度指标");
    assert_true(dept->categories[ind->category].has_declared_weight);
    assert_int_equal(dept->categories[ind->category].declared_weight.micros, M(10));
    /* The 总分 row's numbers stand two columns right of 分值 and 得分. */
    assert_value(&dept->total_weight, M(100));
    assert_value(&dept->total_score, M(99.6));
    assert_int_equal(dept->ntasks, 4);
    assert_true(dept->tasks[3].is_total);
    assert_value(&dept->tasks[3].exec_total, M(2129.34));
    assert_value(&dept->tasks[3].score, M(9.6));

    const jx_scorecard *project = card_at(doc, 3);
    assert_string_equal(project->name, "国有破产倒闭企业退休人员医疗费补助");
    assert_string_equal(project->department, "神木市医疗保障局");
    assert_int_equal(project->nfunds, 4);
    assert_true(project->funds[0].is_total);
    assert_value(&project->funds[0].budget, M(435.95));
    assert_value(&project->funds[0].executed, M(408.67));
    assert_value(&project->funds[0].rate, M(93.74));
    assert_true(project->funds[0].rate.num.percent);
    ind = indicator_on(project, 373);
    assert_int_equal(ind->target.num.cmp, JX_CMP_GE);
    assert_string_equal(ind->target.num.unit, "人次");
    assert_string_equal(ind->note, "人员正常死亡及转退");
    jx_document_free(doc);
}

static void test_shifted_rows_of_seed_001(void **state)
{
    (void)state;
    jx_document *doc = load(seeds[1]);
    const jx_scorecard *dept = card_at(doc, 1);
    /* 金额合计 slid one column right: 871.44 is 全年执行数·财政拨款. */
    const jx_task_row *total = &dept->tasks[dept->ntasks - 1];
    assert_true(total->is_total);
    assert_value(&total->budget_total, M(526.04));
    assert_value(&total->exec_total, M(526.04));
    assert_value(&total->exec_fiscal, M(871.44));
    assert_value(&total->weight, M(10));
    assert_value(&total->score, M(10));
    /* A lone 一 in the 得分 column is a dash. */
    assert_string_equal(dept->tasks[0].score.cell->text, "一");
    assert_string_equal(dept->tasks[0].score.cell->norm, "");
    /* 成本指标 under 产出指标(50分) is a second level (Shaanxi). */
    const jx_indicator *ind = indicator_on(dept, 282);
    assert_string_equal(ind->level2, "成本指标");
    assert_string_equal(ind->level3, "职工体检费");
    assert_value(&ind->weight, M(5));
    /* Lines 287-289 lost cells on the left, each differently. */
    ind = indicator_on(dept, 287);
    assert_string_equal(ind->level2, "社会效益指标");
    assert_string_equal(ind->level3, "提高全县参保人员的参保积极性");
    ind = indicator_on(dept, 288);
    assert_string_equal(ind->level1, "效益指标(30分)");
    assert_string_equal(ind->level2, "生态效益指标");
    assert_value(&ind->score, M(10));
    ind = indicator_on(dept, 289);
    assert_string_equal(ind->level2, "可持续影响指标");
    assert_value(&ind->weight, M(10));
    ind = indicator_on(dept, 280);
    assert_string_equal(ind->level3, "2023年度");
    assert_value(&ind->weight, M(3));
    /* The 离休老干 funds block: 年初 80, 全年 23.44. */
    const jx_scorecard *retirees = card_at(doc, 2);
    assert_value(&retirees->funds[0].initial, M(80));
    assert_value(&retirees->funds[0].budget, M(23.44));
    ind = indicator_on(retirees, 334);
    assert_string_equal(ind->level3, "13个离休老干预计医疗费");
    assert_value(&ind->actual, M(23.44));
    assert_string_equal(ind->note, "按照实际离休人员报销金额确定预算");
    jx_document_free(doc);
}

static void test_henan_and_qinghai_forms(void **state)
{
    (void)state;
    jx_document *doc = load(seeds[2]);
    const jx_scorecard *dept = card_at(doc, 8);
    assert_value(&dept->funds[0].rate, M(99.56));
    assert_false(dept->funds[0].rate.num.percent);
    assert_int_equal(dept->ntasks, 7);
    const jx_indicator *ind = indicator_on(dept, 543);
    assert_string_equal(ind->level1, "产出指标");
    assert_string_equal(ind->level2, "履职目标实现");
    assert_value(&ind->deviation, M(0));
    const jx_scorecard *relief = card_at(doc, 9);
    assert_int_equal(relief->nmanagement, 4);
    assert_string_equal(relief->management[0].item, "安排科学性");
    assert_value(&relief->management[3].score, M(5));
    ind = indicator_on(relief, 567);
    assert_string_equal(ind->level1, "成本指标");
    assert_string_equal(ind->actual.num.unit, "元");
    assert_value(&ind->deviation, M(17.58));
    assert_true(indicator_on(relief, 568)->placeholder);
    jx_document_free(doc);

    doc = load(seeds[3]);
    const jx_scorecard *card = card_at(doc, 13);
    /* The funds header is one column left of its data. */
    assert_value(&card->funds[0].initial, M(470));
    assert_value(&card->funds[0].budget, M(470));
    assert_value(&card->funds[0].executed, M(402.51));
    assert_value(&card->funds[0].weight, M(10));
    assert_value(&card->funds[0].rate, M(86));
    assert_int_equal(card->funds[0].score.num.kind, JX_NUM_EMPTY);
    assert_string_equal(card->categories[0].name, "成本指标");
    assert_false(card->categories[0].has_declared_weight);
    jx_document_free(doc);
}

static void test_target_tables(void **state)
{
    (void)state;
    jx_document *doc = load(seeds[4]);
    const jx_scorecard *card = card_at(doc, 15);
    assert_string_equal(card->name, "医保重点工作经费");
    assert_value(&card->funds[0].budget, M(41));
    const jx_indicator *ind = indicator_on(card, 581);
    assert_int_equal(ind->target.num.cmp, JX_CMP_GT);
    assert_string_equal(ind->target.num.unit, "万人");
    const jx_scorecard *dept = card_at(doc, 19);
    assert_int_equal(dept->ntasks, 4);
    assert_value(&dept->tasks[3].budget_total, M(1996.62));
    assert_value(&dept->tasks[3].budget_fiscal, M(1996.62));
    /* Rows 683-685 slid sideways; their levels are put back. */
    ind = indicator_on(dept, 683);
    assert_string_equal(ind->level1, "效益指标");
    assert_string_equal(ind->level2, "经济效益指标");
    ind = indicator_on(dept, 685);
    assert_string_equal(ind->level2, "社会效益指标");
    assert_value(&ind->target, M(100));
    jx_document_free(doc);
}

/* 全年实际值 is a word of forms/scorecard.ini's actual role: the values under it are read. */
static void test_actual_value_synonym(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/annual_actual_synonym.txt");
    const jx_scorecard *card = card_at(doc, 1);
    assert_int_equal(card->nindicators, 3);
    assert_int_equal(card->indicators[0].actual.num.kind, JX_NUM_VALUE);
    assert_value(&card->indicators[0].actual, M(120));
    assert_string_equal(card->indicators[0].actual.num.unit, "人");
    assert_value(&card->indicators[2].actual, M(92));
    jx_document_free(doc);
}

/* A header cell OCR read with its two lines interleaved (年成值全完值 for
 * 全年完成值) takes the actual role: its characters are those of an actual word.
 * A cell missing one of the word's characters, or with one more, does not. */
static void test_scrambled_header_word(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/department_split_by_merged_cells.txt");
    const jx_scorecard *card = card_at(doc, 1);
    const jx_indicator *ind = indicator_on(card, 20); /* 政府采购执行率 */
    assert_string_equal(ind->level3, "政府采购执行率");
    assert_value(&ind->target, M(100));
    assert_value(&ind->actual, M(72.74));
    assert_value(&ind->coefficient, M(100));
    jx_document_free(doc);

    static const struct {
        const char *header;
        bool read;
    } cases[] = {{"年成值全完值", true}, {"成年全值", false},
                 {"年成全完", false}, {"年成值全完值差", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "测试自评表\n\n项目名称\t测试\n"
                 "指标名称\t年初指标值\t%s\t指标权重(分)\t指标得分(分)\n"
                 "培训人数\t100人\t80人\t10\t10\n", cases[i].header);
        jx_error err = {0};
        doc = jx_document_parse("t.txt", (const unsigned char *)text, strlen(text),
                                JX_FORMAT_AUTO, &err);
        assert_non_null(doc);
        card = card_at(doc, 1);
        assert_int_equal(card->nindicators, 1);
        if ((card->indicators[0].actual.num.kind == JX_NUM_VALUE) != cases[i].read)
            fail_msg("header %s: actual %s", cases[i].header, cases[i].read ? "not read" : "read");
        jx_document_free(doc);
    }
}

/* 安徽's village card: weighted indicators broken down by 其中 rows with no
 * weight (其中桃树种植面积 under ★补助各类瓜果蔬菜种植面积): parts, not indicators
 * missing their weight. */
static void test_indicator_parts(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/indicator_parts.txt");
    const jx_scorecard *card = card_at(doc, 1);
    const jx_indicator *whole = indicator_on(card, 12);
    assert_false(whole->part);
    assert_value(&whole->weight, M(20));
    assert_value(&whole->target, M(29.5));
    size_t parts = 0;
    for (size_t i = 0; i < card->nindicators; i++)
        if (card->indicators[i].part) {
            parts++;
            assert_int_equal(card->indicators[i].weight.num.kind, JX_NUM_EMPTY);
        }
    assert_int_equal(parts, 7); /* 4 + 1 + 2 */
    assert_true(indicator_on(card, 13)->part);
    assert_value(&indicator_on(card, 13)->target, M(1.5));
    jx_document_free(doc);
}

/* A card from a mirror site (realworld 108): traditional characters, some with
 * a pinyin reading (項(xiàng)目, 指標(biāo)值). It reads as the simplified card would;
 * the cells keep the text as printed. */
static void test_traditional_card_with_pinyin(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/traditional_pinyin.txt");
    assert_int_equal(doc->ntables, 1);
    const jx_table *table = &doc->tables[0];
    assert_int_equal(table->kind, JX_KIND_PROJECT);
    assert_string_equal(table->title, "2020年度項(xiàng)目支出績效自評表");
    assert_string_equal(table->title_norm, "2020年度项目支出绩效自评表");
    assert_string_equal(table->grid.rows[0].cells[0].text, "項(xiàng)目名稱");
    assert_string_equal(table->grid.rows[0].cells[0].norm, "项目名称");
    const jx_scorecard *card = card_at(doc, 1);
    assert_string_equal(card->department, "丽江市自然资源和规划局");
    assert_int_equal(card->nfunds, 4);
    assert_true(card->funds[0].is_total);
    assert_value(&card->funds[0].budget, M(7.29));
    assert_value(&card->funds[0].executed, M(7.29));
    assert_value(&card->funds[0].rate, M(100));
    assert_value(&card->funds[0].score, M(10));
    assert_string_equal(card->funds[1].label, "其中:当年财政拨款");
    assert_int_equal(card->nindicators, 5);
    assert_int_equal(card->ncategories, 3);
    const jx_indicator *first = indicator_on(card, 13);
    assert_string_equal(first->level1, "产出指标");
    assert_string_equal(first->level2, "数量指标");
    assert_value(&first->target, M(72890));
    /* 实际完成值 | 分值 | 得分 stand in the header row above the levels' row. */
    assert_value(&first->actual, M(72890));
    assert_value(&first->weight, M(10));
    assert_value(&first->score, M(9));
    assert_string_equal(indicator_on(card, 17)->level1, "满意度指标");
    jx_document_free(doc);
}

/* The 项目决策 / 项目管理 framework (a 湖北 city's form): 项目权重 heads the
 * first-level column, whose names carry their weight without brackets
 * (项目决策 2 分), 评价内容 the indicators, 自评分 the score; the form's own
 * title is found above its 填报日期 line. */
static void test_decision_management_framework(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/decision_management_framework.txt");
    assert_int_equal(doc->ntables, 1);
    const jx_scorecard *card = card_at(doc, 1);
    assert_string_equal(card->table->title, "广水市财政预算支出项目绩效目标自评表");
    assert_int_equal(card->ncategories, 2);
    assert_string_equal(card->categories[0].name, "项目决策");
    assert_true(card->categories[0].has_declared_weight);
    assert_int_equal(card->categories[0].declared_weight.micros, M(2));
    assert_string_equal(card->categories[1].name, "项目管理");
    assert_int_equal(card->categories[1].declared_weight.micros, M(13));
    assert_int_equal(card->nindicators, 5);
    const jx_indicator *watch = indicator_on(card, 15);
    assert_string_equal(watch->level3, "运行监管");
    assert_value(&watch->weight, M(4));
    assert_value(&watch->score, M(3));
    jx_document_free(doc);
}

/* Forms read from a folder (a copy of forms/ without 全年实际值) replace the built-in
 * ones; a broken file is refused with its path, line and key. */
/* A card's only table, read from a fixture. */
static const jx_scorecard *only_card(const jx_document *doc)
{
    assert_int_equal(doc->ntables, 1);
    return card_at(doc, 1);
}

static void assert_target(const jx_value *v, jx_comparator cmp, int64_t micros, bool percent,
                          const char *unit)
{
    assert_value(v, micros);
    assert_int_equal(v->num.cmp, cmp);
    assert_int_equal(v->num.percent, percent);
    assert_string_equal(v->num.unit, unit);
}

/* Sichuan's form: 指标性质 | 指标值 | 度量单位 in columns of their own, 完成值,
 * 权重, a 合计 row; funds with 年初预算, 调整后预算数, 预算执行数, 预算执行率. */
static void test_comparator_and_unit_columns(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/comparator_unit_columns.txt");
    const jx_scorecard *card = only_card(doc);
    assert_true(card->nfunds >= 1);
    assert_true(card->funds[0].is_total);
    assert_value(&card->funds[0].initial, 0);
    assert_value(&card->funds[0].budget, M(3.36));
    assert_value(&card->funds[0].executed, M(3.36));
    assert_value(&card->funds[0].rate, M(100));
    assert_value(&card->funds[0].weight, M(10));
    assert_value(&card->funds[0].score, M(10));
    assert_int_equal(card->nindicators, 2);
    const jx_indicator *eq = indicator_on(card, 11);
    assert_target(&eq->target, JX_CMP_EQ, M(100), false, "");
    const jx_indicator *cost = indicator_on(card, 12);
    assert_string_equal(cost->level3, "成本控制数");
    assert_target(&cost->target, JX_CMP_LE, M(30), false, "万元");
    assert_string_equal(cost->target.cell->text, "≤30万元");
    assert_int_equal(cost->target.cell->line, 12);
    assert_string_equal(cost->actual.cell->norm, "完成");
    assert_value(&cost->weight, M(90));
    assert_value(&cost->score, M(90));
    assert_int_equal(card->total_line, 13);
    assert_value(&card->total_weight, M(100));
    jx_document_free(doc);
}

/* Hebei's export: 预期指标值 over 符号 | (value) | 单位, 自评得分 over
 * 单项指标得分 | 权重占比 | 单项指标折算得分, the value column unnamed and its
 * header cell dropped; 指标分值 beside them holds no weight. */
static void test_two_row_header(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/two_row_header.txt");
    const jx_scorecard *card = only_card(doc);
    assert_int_equal(card->nindicators, 4);
    const jx_indicator *ind = indicator_on(card, 5);
    assert_string_equal(ind->level1, "产出指标");
    assert_string_equal(ind->level2, "质量指标");
    assert_string_equal(ind->level3, "符合条件申报对象覆盖率");
    assert_target(&ind->target, JX_CMP_GE, M(98), true, "");
    assert_int_equal(ind->target.cell->col, 7);
    assert_value(&ind->actual, M(100));
    assert_value(&ind->item_score, M(25));
    assert_value(&ind->weight, M(25));
    assert_value(&ind->score, M(6.25));
    ind = indicator_on(card, 7);
    assert_string_equal(ind->level1, "效果指标");
    assert_target(&ind->target, JX_CMP_GE, M(75), true, "");
    assert_value(&ind->weight, M(30));
    assert_value(&ind->score, M(9));
    jx_document_free(doc);
}

/* Chongqing's export: indicators by 指标名称 with no levels, 计量单位,
 * 指标性质 holding 定量指标 (no comparator), 年初指标值 with an empty
 * 调整指标值, 得分系数, 指标权重(分), 指标得分(分), 是否核心指标. */
static void test_indicator_name_list(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/indicator_name_list.txt");
    const jx_scorecard *card = only_card(doc);
    assert_int_equal(card->nindicators, 4);
    const jx_indicator *ind = indicator_on(card, 4);
    assert_string_equal(ind->level3, "财政供养人员控制率");
    assert_target(&ind->target, JX_CMP_NONE, M(100), true, "");
    assert_value(&ind->coefficient, M(100));
    assert_true(ind->coefficient.num.percent);
    assert_value(&ind->weight, M(2));
    assert_value(&ind->score, M(2));
    ind = indicator_on(card, 6);
    assert_value(&ind->weight, M(1));
    assert_value(&ind->score, M(1));
    jx_document_free(doc);
}

/* Hubei's form: 预算数(A), 执行数(B), 执行率(B/A), 得分(20分*执行率); no
 * 一级指标 header, the target in 年初目标值(A) and the actual in 实际完成值(B). */
static void test_marked_funds_columns(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/marked_funds_columns.txt");
    const jx_scorecard *card = only_card(doc);
    assert_int_equal(card->nfunds, 1);
    assert_true(card->funds[0].is_total);
    assert_value(&card->funds[0].budget, M(1.56));
    assert_value(&card->funds[0].executed, M(1.56));
    assert_value(&card->funds[0].rate, M(1));
    assert_value(&card->funds[0].score, M(20));
    assert_int_equal(card->nindicators, 3);
    const jx_indicator *ind = indicator_on(card, 7);
    assert_string_equal(ind->level2, "数量指标");
    assert_string_equal(ind->level3, "补贴渔船数");
    assert_value(&ind->target, M(6));
    assert_value(&ind->actual, M(6));
    assert_value(&ind->score, M(20));
    assert_int_equal(card->total_line, 10);
    assert_value(&card->total_score, M(100));
    jx_document_free(doc);
}

static void test_forms_from_a_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_forms_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], cmd[600];
    snprintf(path, sizeof path, "%s/scorecard.ini", dir);
    snprintf(cmd, sizeof cmd, "cp forms/*.ini %s/ && sed -i 's/, 全年实际值$//' %s", dir, path);
    assert_int_equal(system(cmd), 0);
    jx_error err = {0};
    jx_forms *forms = NULL;
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_OK);
    jx_document *doc = jx_document_load_with("tests/fixtures/annual_actual_synonym.txt",
                                             JX_FORMAT_AUTO, forms, &err);
    assert_non_null(doc);
    const jx_scorecard *card = card_at(doc, 1);
    assert_null(card->indicators[0].actual.cell); /* no column has the actual role */
    jx_document_free(doc);
    jx_forms_free(forms);

    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("note = 存在*问题\n", f); /* under [management], the last section */
    fclose(f);
    forms = NULL;
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_ERR_FORMAT);
    assert_null(forms);
    char want[300];
    snprintf(want, sizeof want, "%s:", path);
    assert_non_null(strstr(err.message, want));
    assert_non_null(strstr(err.message, "'note'"));
    assert_int_equal(system(strcat(strcpy(cmd, "rm -r "), dir)), 0);
}

/* forms/tables.ini decides the kind: a title word added to [department] in a copied
 * folder makes the project card of the fixture a department's. */
static void test_table_kind_from_a_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_forms_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "cp forms/*.ini %s/ && sed -i 's/^title = \\*整体\\*$/&, *全年实际值项目*/' "
             "%s/tables.ini && grep -q '全年实际值项目' %s/tables.ini",
             dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    jx_document *doc = load("tests/fixtures/annual_actual_synonym.txt");
    assert_int_equal(card_at(doc, 1)->kind, JX_KIND_PROJECT);
    jx_document_free(doc);
    jx_error err = {0};
    jx_forms *forms = NULL;
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_OK);
    doc = jx_document_load_with("tests/fixtures/annual_actual_synonym.txt", JX_FORMAT_AUTO,
                                forms, &err);
    assert_non_null(doc);
    assert_int_equal(card_at(doc, 1)->kind, JX_KIND_DEPARTMENT);
    assert_int_equal(card_at(doc, 1)->nindicators, 3);
    jx_document_free(doc);
    jx_forms_free(forms);
    assert_int_equal(system(strcat(strcpy(cmd, "rm -r "), dir)), 0);
}

/* The labels of forms/scorecard.ini are data too: a card whose name row reads 项目全称
 * has no name with the built-in forms, and its name once a copied folder adds the word
 * to [identification] name. */
static void test_identification_label_from_a_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_forms_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1200], card_path[64];
    snprintf(card_path, sizeof card_path, "%s/card.txt", dir);
    snprintf(cmd, sizeof cmd,
             "cp forms/*.ini %s/ && sed -i 's/^name = 项目名称, /&项目全称, /' %s/scorecard.ini "
             "&& grep -q '项目全称' %s/scorecard.ini && sed 's/^项目名称\t/项目全称\t/' "
             "tests/fixtures/annual_actual_synonym.txt > %s && grep -q '^项目全称' %s",
             dir, dir, dir, card_path, card_path);
    assert_int_equal(system(cmd), 0);
    jx_document *doc = load(card_path);
    assert_string_equal(card_at(doc, 1)->name, "");
    jx_document_free(doc);
    jx_error err = {0};
    jx_forms *forms = NULL;
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_OK);
    doc = jx_document_load_with(card_path, JX_FORMAT_AUTO, forms, &err);
    assert_non_null(doc);
    assert_string_equal(card_at(doc, 1)->name, "全年实际值项目");
    assert_int_equal(card_at(doc, 1)->nindicators, 3);
    jx_document_free(doc);
    jx_forms_free(forms);
    assert_int_equal(system(strcat(strcpy(cmd, "rm -r "), dir)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicator_counts),
        cmocka_unit_test(test_every_scored_row_has_weight_and_score),
        cmocka_unit_test(test_shifted_rows_of_seed_000),
        cmocka_unit_test(test_shifted_rows_of_seed_001),
        cmocka_unit_test(test_henan_and_qinghai_forms),
        cmocka_unit_test(test_target_tables),
        cmocka_unit_test(test_actual_value_synonym),
        cmocka_unit_test(test_comparator_and_unit_columns),
        cmocka_unit_test(test_two_row_header),
        cmocka_unit_test(test_indicator_name_list),
        cmocka_unit_test(test_marked_funds_columns),
        cmocka_unit_test(test_scrambled_header_word),
        cmocka_unit_test(test_indicator_parts),
        cmocka_unit_test(test_traditional_card_with_pinyin),
        cmocka_unit_test(test_decision_management_framework),
        cmocka_unit_test(test_forms_from_a_folder),
        cmocka_unit_test(test_table_kind_from_a_folder),
        cmocka_unit_test(test_identification_label_from_a_folder),
    };
    return cmocka_run_group_tests_name("scorecard", tests, NULL, NULL);
}
