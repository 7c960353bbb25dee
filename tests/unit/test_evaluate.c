/*
 * test_evaluate.c — recomputation and findings: the contradictions of the
 * seeds that a reviewer found by reading them, one scorecard under two rule
 * sets, each rule on a small card built for it, and the fixtures written so
 * that each finding code has a document (tests/suites/findings.sh).
 */
#include "testutil.h"

static const char *const seeds[] = JX_SEED_PATHS;

#define M(x) micros_of(#x)

typedef struct {
    jx_document *doc;
    jx_rules rules;
    jx_report *report;
} checked;

static void check_doc(checked *c, jx_document *doc, const char *rules)
{
    jx_error err = {0};
    c->doc = doc;
    jx_status st = strcmp(rules, "auto") == 0 ? jx_rules_pick(doc, "rules", &c->rules, &err)
                                               : jx_rules_load(rules, "rules", &c->rules, &err);
    if (st != JX_OK)
        fail_msg("rules %s: %s", rules, err.message);
    c->report = jx_evaluate(doc, &c->rules, &err);
    assert_non_null(c->report);
    assert_false(c->report->failed);
}

static void check_file(checked *c, const char *path, const char *rules)
{
    jx_error err = {0};
    jx_document *doc = jx_document_load(path, JX_FORMAT_AUTO, &err);
    if (doc == NULL)
        fail_msg("%s: %s", path, err.message);
    check_doc(c, doc, rules);
}

static void check_text(checked *c, const char *text, const char *rules)
{
    jx_error err = {0};
    jx_document *doc = jx_document_parse("card.txt", (const unsigned char *)text, strlen(text),
                                         JX_FORMAT_TEXT, &err);
    if (doc == NULL)
        fail_msg("card: %s", err.message);
    check_doc(c, doc, rules);
}

static void release(checked *c)
{
    jx_report_free(c->report);
    jx_document_free(c->doc);
}

/* The finding with this code on this line (and column, when given). */
static const jx_finding *find(const checked *c, const char *code, uint32_t line,
                              const char *column)
{
    for (size_t i = 0; i < c->report->nfindings; i++) {
        const jx_finding *f = &c->report->findings[i];
        if (strcmp(f->code, code) == 0 && f->line == line
            && (column == NULL || strcmp(f->column, column) == 0))
            return f;
    }
    fail_msg("no %s finding on line %u%s%s", code, line, column ? " in " : "", column ? column : "");
    return NULL;
}

static size_t count_code(const checked *c, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < c->report->nfindings; i++)
        n += strcmp(c->report->findings[i].code, code) == 0;
    return n;
}

static const jx_card_result *card_result(const checked *c, size_t table_index)
{
    for (size_t i = 0; i < c->report->ncards; i++)
        if (c->report->cards[i].card->table->index == table_index)
            return &c->report->cards[i];
    fail_msg("no scorecard in table %zu", table_index);
    return NULL;
}

/* ------------------------------------------------------------ the seeds */

static void test_seed_000_category_weights(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[0], "auto");
    assert_string_equal(c.rules.name, "shaanxi");
    /* 产出指标(50分) holds four rows of 15 = 60 in the project table. */
    const jx_finding *f = find(&c, "category_weight", 373, NULL);
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(50));
    assert_int_equal(f->computed, M(60));
    find(&c, "category_weight", 377, NULL);
    find(&c, "category_weight", 378, NULL);
    find(&c, "category_weight", 345, NULL); /* department: 效益指标(30分) holds 20 */
    /* 14 of 15 agrees with the proportional 14.05 at the printed precision. */
    f = find(&c, "indicator_score", 373, "得分");
    assert_int_equal(f->severity, JX_SEV_INFO);
    assert_int_equal(f->computed, M(14.05));
    assert_int_equal(count_code(&c, "indicator_score"), 1);
    assert_int_equal(card_result(&c, 3)->computed_total, M(98.42));
    release(&c);
}

static void test_seed_001_department_and_rates(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[1], "auto");
    assert_string_equal(c.rules.name, "shaanxi");
    /* Its rows add up to 120 against a 总分 of 100. */
    const jx_finding *f = find(&c, "weight_total", 291, NULL);
    assert_int_equal(f->computed, M(120));
    /* 金额合计's 全年执行数·财政拨款 871.44 against task rows of 526.03. */
    f = find(&c, "task_sum", 269, "全年执行数·财政拨款");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(871.44));
    assert_int_equal(f->computed, M(526.03));
    /* 29.3% = 23.44 / 80 (年初预算数), not / 23.44 (全年预算数). */
    f = find(&c, "exec_rate", 324, "执行率");
    assert_int_equal(f->computed, M(100));
    assert_non_null(strstr(f->message, "年初预算数"));
    f = find(&c, "exec_rate", 352, "执行率");
    assert_int_equal(f->computed, M(99.39));
    /* A rounding tail of 0.01 over three rows is info, not an error. */
    f = find(&c, "task_sum", 269, "全年预算数·总额");
    assert_int_equal(f->severity, JX_SEV_INFO);
    release(&c);
}

static void test_seed_002_department_rate(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[2], "auto");
    assert_string_equal(c.rules.name, "henan");
    const jx_finding *f = find(&c, "exec_rate", 508, "执行率");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(99.56));
    assert_int_equal(f->computed, M(108.45));
    find(&c, "over_execution", 508, NULL);
    f = find(&c, "not_applicable", 531, "得分");
    assert_int_equal(f->severity, JX_SEV_WARNING);
    find(&c, "unit_mismatch", 567, NULL);
    /* Henan weights: 资金管理 20, 预算执行率 10, indicators 70 add up. */
    assert_int_equal(count_code(&c, "weight_total"), 0);
    assert_int_equal(count_code(&c, "category_weight"), 0);
    release(&c);
}

static void test_seed_003_blank_score_in_total(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[3], "auto");
    assert_string_equal(c.rules.name, "qinghai");
    const jx_finding *f = find(&c, "score_total", 548, "得分");
    assert_int_equal(f->declared.micros, M(98.5));
    /* The printed scores add up to 89.5, the blank one counted as 9 by the
     * printed total; the rules' scores (8.56 for the blank) add up to 98.56. */
    assert_int_equal(f->computed, M(98.56));
    assert_non_null(strstr(f->message, "89.5"));
    assert_non_null(strstr(f->message, "空白"));
    f = find(&c, "target_missed_full_score", 565, "得分");
    assert_int_equal(f->computed, M(8.7));
    release(&c);
}

/* Layout is parsed, not reported: no seed yields a parse finding, and the
 * target-only tables of the budget document yield none at all (its financial
 * tables have findings of their own, test_ledger.c). */
static void test_layout_makes_no_finding(void **state)
{
    (void)state;
    for (size_t s = 0; s < 5; s++) {
        checked c;
        check_file(&c, seeds[s], "auto");
        assert_int_equal(count_code(&c, "parse"), 0);
        for (size_t i = 0; s == 4 && i < c.report->nfindings; i++) {
            const jx_table *t = c.report->findings[i].table;
            assert_true(t == NULL || t->kind != JX_KIND_TARGET);
        }
        release(&c);
    }
}

static void test_one_card_under_two_rule_sets(void **state)
{
    (void)state;
    checked national, qinghai;
    check_file(&national, seeds[3], "national");
    check_file(&qinghai, seeds[3], "qinghai");
    /* The funds block scores the execution (分值 10, 得分 left blank) and
     * 成本指标 项目预算数 has 分值 10 of its own: both count towards 100, so
     * Qinghai's execution indicator is an indicator like any other here, as
     * nationally (a met cost target: 10), and the blank funds 得分 is the
     * execution's: 10 × 402.51/470 = 8.56. Scoring both by the rate would
     * count the execution twice. */
    const jx_finding *n = find(&national, "indicator_score", 541, "得分");
    const jx_finding *q = find(&qinghai, "indicator_score", 541, "得分");
    assert_int_equal(n->computed, M(10));
    assert_int_equal(q->computed, M(10));
    assert_int_equal(find(&qinghai, "exec_score", 534, "得分")->computed, M(8.56));
    assert_int_equal(card_result(&national, 13)->computed_total, M(98.56));
    assert_int_equal(card_result(&qinghai, 13)->computed_total, M(98.56));
    /* The total the findings state is the one the corrected card shows:
     * 80 + 8.56 + 10, not the printed scores' 89.5. */
    const jx_finding *total = find(&qinghai, "score_total", 548, "得分");
    assert_int_equal(total->computed, M(98.56));
    assert_int_equal(card_result(&qinghai, 13)->computed_sum, M(98.56));
    assert_false(card_result(&qinghai, 13)->scaled);
    assert_non_null(strstr(total->message, "89.5"));
    /* National also wants 效益指标 at 30; Qinghai declares no category weights. */
    find(&national, "category_weight", 545, NULL);
    assert_int_equal(count_code(&qinghai, "category_weight"), 0);
    release(&national);
    release(&qinghai);
}

/* Where the funds block scores nothing (no 分值), Qinghai's 项目预算数 carries
 * the execution score: 10 × 80/100 = 8. */
static void test_execution_indicator_without_funds_weight(void **state)
{
    (void)state;
    static const char qinghai_card[] =
        "测试项目支出绩效自评表\n\n"
        "项目名称\t测试项目\n"
        "项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t100\t100\t80\t\t80%\t\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际指标值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t成本指标\t经济成本指标\t项目预算数\t100万元\t80万元\t10\t10\t\n"
        "\t产出指标\t数量指标\t培训人数\t≥100人\t100人\t90\t90\t\n"
        "总分\t\t\t\t\t\t100\t100\t\n";
    checked c;
    check_text(&c, qinghai_card, "qinghai");
    const jx_finding *f = find(&c, "exec_score", 7, "得分");
    assert_int_equal(f->computed, M(8));
    /* The printed total adds the printed scores up; the rules' total is 98. */
    f = find(&c, "total_recomputed", 9, "得分");
    assert_int_equal(f->computed, M(98));
    assert_int_equal(f->severity, JX_SEV_WARNING);
    assert_int_equal(count_code(&c, "score_total"), 0);
    assert_int_equal(card_result(&c, 1)->computed_total, M(98));
    release(&c);
}

/* ------------------------------------------------------------ each rule */

static const char card[] =
    "测试项目支出绩效自评表\n\n"
    "项目名称\t测试项目\n"
    "项目资金(万元)\t\t年初预算数\t全年预算数(A)\t全年执行数(B)\t分值\t执行率(B/A)\t得分\n"
    "\t年度资金总额\t100\t100\t80\t10\t80%\t8\n"
    "\t其中:当年财政拨款\t100\t100\t75\t—\t75%\t—\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "\t产出指标(50分)\t数量指标\t培训人数\t≥100人\t80人\t20\t20\t\n"
    "\t\t质量指标\t差错率\t≤2%\t4%\t20\t15\t\n"
    "\t\t时效指标\t完成时间\t≤10天\t8天\t10\t12\t\n"
    "\t效益指标(30分)\t社会效益指标\t知晓率\t≥90%\t95%\t30\t30\t\n"
    "\t满意度指标(10分)\t服务对象满意度指标\t满意度\t≥90%\t不适用\t10\t0\t本年无服务对象\n"
    "总分\t\t\t\t\t\t100\t90\t\n";

static void test_rules_on_a_small_card(void **state)
{
    (void)state;
    checked c;
    check_text(&c, card, "national");
    /* Missed (80 of ≥100) but full marks: 20 × 80/100 = 16. */
    const jx_finding *f = find(&c, "target_missed_full_score", 8, NULL);
    assert_int_equal(f->computed, M(16));
    /* Less is better: 20 × 2/4 = 10, not 15; and no reason given. */
    f = find(&c, "indicator_score", 9, NULL);
    assert_int_equal(f->computed, M(10));
    find(&c, "missing_reason", 9, NULL);
    /* 12 of 10. */
    find(&c, "score_over_weight", 10, NULL);
    /* 不适用 scored 0: left out and the rest scaled. */
    find(&c, "not_applicable", 12, NULL);
    /* 年度资金总额 80 against its 其中 row 75. */
    f = find(&c, "subrow_mismatch", 5, "全年执行数");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    /* 8+20+15+12+30+0 = 85, declared 90; 优 by 90, 良 recomputed. */
    f = find(&c, "score_total", 13, NULL);
    assert_non_null(strstr(f->message, "85"));
    /* Its corrected value is what the corrected card's 总分 row sums:
     * 8 + 16 + 10 + 10 + 30 = 74 (the 不适用 row left out). */
    assert_int_equal(f->computed, M(74));
    const jx_card_result *r = card_result(&c, 1);
    assert_int_equal(r->computed_sum, M(74));
    /* Recomputed: 74 over 90 applicable points → 82.22. */
    assert_int_equal(r->counted_weight, M(90));
    assert_true(r->scaled);
    assert_int_equal(r->computed_total, M(82.22));
    assert_string_equal(r->grade_declared, "优");
    assert_string_equal(r->grade_computed, "良");
    find(&c, "grade", 13, NULL);
    assert_int_equal(c.report->errors, 3); /* score_over_weight, subrow_mismatch, score_total */
    release(&c);
}

/* A province that scores execution in tiers: 80% reaches the 60% tier only. */
static jx_status tiers_base(const char *name, const char **text, const char **path,
                            jx_error *err, void *ctx)
{
    (void)ctx;
    (void)err;
    if (strcmp(name, "national") != 0)
        return JX_ERR_IO;
    *text = "[ruleset]\nname = national\n[weights]\n产出指标 = 50\n效益指标 = 30\n"
            "满意度指标 = 10\n预算执行率 = 10\ntotal = 100\n";
    *path = "national.ini";
    return JX_OK;
}

static void test_execution_in_tiers(void **state)
{
    (void)state;
    static const char ini[] =
        "[ruleset]\nname = tiered\ninherits = national\n"
        "[execution]\nformula = tiers\ntier = 60% : 0.6\ntier = 90% : 1\n";
    jx_rules rules;
    jx_error err = {0};
    assert_int_equal(jx_rules_parse(ini, "tiered.ini", &rules, tiers_base, NULL, &err), JX_OK);
    assert_int_equal(rules.exec_formula, JX_EXEC_TIERS);
    jx_document *doc = jx_document_parse("card.txt", (const unsigned char *)card, strlen(card),
                                         JX_FORMAT_TEXT, &err);
    assert_non_null(doc);
    jx_report *report = jx_evaluate(doc, &rules, &err);
    assert_non_null(report);
    const jx_finding *found = NULL;
    for (size_t i = 0; i < report->nfindings; i++)
        if (strcmp(report->findings[i].code, "exec_score") == 0)
            found = &report->findings[i];
    assert_non_null(found);
    assert_int_equal(found->line, 5);
    assert_int_equal(found->computed, M(6)); /* 10 × 0.6, not 10 × 80% = 8 */
    jx_report_free(report);
    jx_document_free(doc);
}

static void test_qualitative_tiers(void **state)
{
    (void)state;
    static const char text[] =
        "定性指标自评表\n\n"
        "项目名称\t定性\t\t\t\t\t\t\t\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t效益指标\t社会效益指标\t群众获得感\t达成预期\t达成\t10\t7\t宣传不足\n"
        "\t\t\t政策知晓\t明显提高\t部分达成\t10\t9\t覆盖不全\n"
        "\t\t\t服务改进\t有所提高\t未达成\t10\t5\t人员不足\n"
        "\t\t\t制度建设\t完善\t已完成\t10\t10\t\n";
    checked c;
    check_text(&c, text, "national");
    /* 达成: at least 0.8 of 10; 部分达成: 6 to 8; 未达成: below 6 is right. */
    const jx_finding *f = find(&c, "indicator_score", 5, NULL);
    assert_int_equal(f->computed, M(8));
    f = find(&c, "indicator_score", 6, NULL);
    assert_int_equal(f->computed, M(8));
    assert_int_equal(count_code(&c, "indicator_score"), 2);
    release(&c);
}

/* The judgement words are the rule set's: a set that says 无需考核 means "does
 * not apply" finds the indicator so marked, which national does not. */
static void test_judgement_words_are_the_rule_sets(void **state)
{
    (void)state;
    static const char text[] =
        "测试项目支出绩效自评表\n\n"
        "项目名称\t测试项目\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "\t产出指标\t数量指标\t培训人数\t≥100人\t100人\t50\t50\t\n"
        "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t无需考核\t50\t0\t\n";
    checked c;
    check_text(&c, text, "national");
    assert_int_equal(count_code(&c, "not_applicable"), 0);
    release(&c);

    char dir[] = "/tmp/jx_words_XXXXXX", path[64], cmd[160];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp rules/national.ini %s/", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/local.ini", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[ruleset]\nname = local\ninherits = national\n[words]\nnot_applicable = 无需考核\n", f);
    fclose(f);
    check_text(&c, text, path);
    find(&c, "not_applicable", 6, NULL);
    release(&c);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* ------------------------------------------------------------ partial tables */

/* A card cut inside its first group (an excerpt's end, a lost page): the group
 * is not summed against its (50分), the rows that are there are still judged. */
static void test_cut_group_is_read_not_judged(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/partial_cut_group.txt", "national");
    assert_int_equal(count_code(&c, "category_weight"), 0);
    find(&c, "score_over_weight", 15, "得分"); /* 8 of 6, in the cut group */
    release(&c);

    /* The same group closed by a 总分 row, without the …… row, is summed. */
    static const char whole[] =
        "项目支出绩效自评表\n\n项目名称\t禁毒经费\n"
        "年度绩效指标完成情况\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "\t产出指标(50分)\t数量指标\t场次\t≥1场\t1场\t12\t12\n"
        "\t\t\t试剂数量\t≥2400份\t3200份\t12\t12\n"
        "总分\t\t\t\t\t\t24\t24\n";
    check_text(&c, whole, "national");
    find(&c, "category_weight", 5, NULL);
    release(&c);
}

/* The tail of a card whose top is gone (no title, name or funds): its 合计
 * counts rows that are not there, so neither it nor the first group is judged. */
static void test_headless_card_is_read_not_judged(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/partial_headless.txt", "national");
    const jx_card_result *r = card_result(&c, 1);
    assert_non_null(r);
    assert_int_equal(count_code(&c, "weight_total"), 0);
    assert_int_equal(count_code(&c, "category_weight"), 0);
    assert_int_equal(c.report->errors + c.report->warnings, 0);
    release(&c);
}

/* 重庆's department card cut in its indicators, split by a PDF export (lost
 * merged cells), its 全年完成值 header read by OCR as 年成值全完值: one card,
 * the missed 政府采购执行率 (72.74% of 100%) and 党性教育培训次数 (12 of 26)
 * with full marks are found; the header's 自评总分 is not judged, no total is
 * recomputed, and the card is not reported for its missing end. */
static void test_department_card_split_and_cut(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/department_split_by_merged_cells.txt", "chongqing");
    assert_int_equal(c.report->ncards, 1);
    const jx_card_result *r = card_result(&c, 1);
    assert_non_null(r);
    assert_true(r->partial);
    assert_false(r->has_computed_total);
    find(&c, "target_missed_full_score", 20, "得分");
    find(&c, "target_missed_full_score", 28, "得分");
    assert_int_equal(c.report->errors, 0);
    assert_int_equal(c.report->warnings, 2);
    release(&c);
}

/* A form that declares its execution weight in the funds header (预算执行情况
 * (20分), 得分(20分*执行率)), prints the rate as a ratio (1 for 100%) and has a
 * page number on a line of its own inside the table: scored out of 20, the
 * ratio agrees, the page number is no part of a cell. */
static void test_execution_weight_in_header(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/execution_weight_in_header.txt", "national");
    assert_int_equal(count_code(&c, "exec_rate"), 0);
    assert_int_equal(count_code(&c, "exec_score"), 0);
    assert_int_equal(count_code(&c, "score_total"), 0); /* 20+20+10+10+40 = 100 */
    release(&c);

    static const char spent[] =
        "测试项目自评表\n\n项目名称\t测试\n"
        "预算执行情况(万元)(20分)\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分(20分*执行率)\n"
        "年度财政资金总额\t2\t1.5\t0.75\t20\n";
    check_text(&c, spent, "national");
    assert_int_equal(count_code(&c, "exec_rate"), 0); /* 0.75 is 75% */
    const jx_finding *f = find(&c, "exec_score", 5, "得分");
    assert_int_equal(f->computed, M(15)); /* 20 × 75%, not the rule's 10 × 75% */
    release(&c);
}

/* Targets met but points deducted with no reason (a 云南 form in traditional
 * characters whose 实际完成值 | 分值 | 得分 head the row above its levels). */
static void test_met_targets_scored_below_weight(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/traditional_pinyin.txt", "national");
    static const uint32_t lines[] = {13, 14, 15, 16};
    static const char *const expected[] = {"10", "20", "20", "30"};
    for (size_t i = 0; i < 4; i++) {
        const jx_finding *f = find(&c, "indicator_score", lines[i], "得分");
        assert_int_equal(f->computed, micros_of(expected[i]));
        find(&c, "missing_reason", lines[i], NULL);
    }
    /* 满意度's 得分 is blank (its row cut short): met, so 10 by the rules, said. */
    const jx_finding *blank = find(&c, "indicator_score", 17, "得分");
    assert_int_equal(blank->declared.kind, JX_NUM_EMPTY);
    assert_int_equal(blank->computed, M(10));
    assert_int_equal(count_code(&c, "indicator_score"), 5);
    release(&c);
}

/* A total printed in the header (自评总分) is the declared total of a card with
 * no 总分 row: judged when the card's weights are all there, not when it is cut. */
static void test_total_printed_in_the_header(void **state)
{
    (void)state;
    static const char whole[] =
        "测试项目绩效自评表\n\n自评总分\t95\n项目名称\t测试项目\n"
        "项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        "\t年度资金总额\t100\t100\t100\t10\t100%\t10\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "\t产出指标\t数量指标\t人数\t≥100人\t100人\t50\t50\n"
        "\t效益指标\t社会效益指标\t知晓率\t≥90%\t95%\t30\t30\n"
        "\t满意度指标\t满意度指标\t满意度\t≥90%\t95%\t10\t10\n";
    checked c;
    check_text(&c, whole, "national");
    const jx_finding *f = find(&c, "score_total", 3, "得分");
    assert_int_equal(f->computed, M(100));
    assert_int_equal(card_result(&c, 1)->declared_total.micros, M(95));
    release(&c);

    /* Cut before its 满意度 row: 90 of 100 points are there, nothing is judged. */
    char cut[sizeof whole];
    memcpy(cut, whole, sizeof whole);
    *strstr(cut, "\t满意度指标") = '\0';
    check_text(&c, cut, "national");
    assert_int_equal(count_code(&c, "score_total"), 0);
    assert_int_equal(count_code(&c, "grade"), 0);
    release(&c);
}

/* 单项指标得分 | 权重占比(%) | 单项指标折算得分 (a 河北 export): an item score that is
 * already the item's full weight, multiplied by the share again (25 × 25% =
 * 6.25), is flagged as counted twice, with no call for a deviation reason. */
static void test_weight_share_applied_twice(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/weight_share_twice.txt", "national");
    const jx_finding *f = find(&c, "indicator_score", 11, "得分");
    assert_int_equal(f->computed, M(25));
    assert_non_null(strstr(f->message, "重复折算"));
    assert_int_equal(count_code(&c, "indicator_score"), 4);
    assert_int_equal(count_code(&c, "missing_reason"), 0);
    release(&c);
}

/* Rates measured against a ceiling (控制率, 调整率, 结余率: the rule set's
 * [words] ceiling) meet their target from below; a missed 执行率 with full
 * marks is still found (a 重庆 department list's indicators). */
static void test_ceiling_rates(void **state)
{
    (void)state;
    static const char text[] =
        "部门整体绩效自评表\n\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "\t管理指标\t预算管理\t财政供养人员控制率\t100%\t92%\t2\t2\n"
        "\t\t\t预算调整率\t3%\t0\t2\t2\n"
        "\t\t\t结转结余率\t2%\t0\t2\t2\n"
        "\t\t\t政府采购执行率\t100%\t72.74%\t2\t2\n";
    checked c;
    check_text(&c, text, "national");
    const jx_finding *f = find(&c, "target_missed_full_score", 7, "得分");
    assert_int_equal(f->computed, M(1.45)); /* 2 × 72.74 / 100 */
    assert_int_equal(count_code(&c, "target_missed_full_score"), 1);
    assert_int_equal(count_code(&c, "indicator_score"), 0);
    release(&c);
}

/* 得分系数 × 指标权重 = 指标得分 (a 重庆 department list): a score the printed
 * coefficient does not give is reported; one it gives is not. */
static void test_score_coefficient(void **state)
{
    (void)state;
    static const char text[] =
        "部门整体绩效自评表\n\n"
        "指标名称\t计量单位\t指标性质\t年初指标值\t调整指标值\t全年完成值\t得分系数(%)\t指标权重(分)\t指标得分(分)\n"
        "基础信息完善\t%\t\t100%\t\t100%\t100%\t1\t1\n"
        "预算完成率\t%\t\t70%\t\t76%\t100%\t2\t2\n"
        "会议费控制\t%\t\t100%\t\t100%\t50%\t2\t2\n";
    checked c;
    check_text(&c, text, "national");
    const jx_finding *f = find(&c, "indicator_score", 6, "得分");
    assert_int_equal(f->computed, M(1)); /* 2 × 50% */
    assert_non_null(strstr(f->message, "得分系数"));
    assert_int_equal(count_code(&c, "indicator_score"), 1);
    release(&c);
}

static void test_json_report(void **state)
{
    (void)state;
    checked c;
    check_text(&c, card, "national");
    jx_buf out;
    jx_buf_init(&out);
    jx_render_check_json(&out, c.report);
    assert_false(out.failed);
    assert_non_null(strstr(out.data, "\"rules\":\"national\""));
    assert_non_null(strstr(out.data, "\"declared_total\":90,\"computed_total\":82.22"));
    assert_non_null(strstr(out.data, "\"code\":\"score_over_weight\",\"severity\":\"error\",\"line\":10"));
    /* A blank is null: the 其中 row's 得分 is a dash. */
    assert_int_equal(out.data[out.len - 1], '\n');
    assert_null(memchr(out.data, '\n', out.len - 1));
    jx_buf_free(&out);
    release(&c);
}

/* ------------------------------------------------------------ fixtures for each finding */

/*
 * A Henan card (tests/fixtures/henan_card.txt, cut from the 孟州市 seed):
 * its 资金管理 weights add up to 21 against the rule's 20; one 偏差度 is not
 * (实际 − 目标) / 目标 of a missed target, another is not 0 for a met one.
 */
static void test_henan_management_and_deviation(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/henan_card.txt", "auto");
    assert_string_equal(c.rules.name, "henan");
    const jx_finding *f = find(&c, "category_weight", 11, "分值");
    assert_int_equal(f->severity, JX_SEV_WARNING);
    assert_int_equal(f->computed, M(20));
    assert_non_null(strstr(f->message, "21"));
    assert_int_equal(count_code(&c, "category_weight"), 1);
    /* (97 − 99) / 99 = −2.02%, printed −2.00%. */
    f = find(&c, "deviation", 23, "偏差度");
    assert_int_equal(f->computed, M(-2.02));
    assert_int_equal(f->declared.micros, M(-2));
    /* 92% of ≥90% is met: 0, printed 2.22%. */
    f = find(&c, "deviation", 27, "偏差度");
    assert_int_equal(f->computed, 0);
    assert_int_equal(count_code(&c, "deviation"), 2);
    /* The weights still add up to 100, and the missed target is scored right. */
    assert_int_equal(count_code(&c, "weight_total"), 0);
    assert_int_equal(count_code(&c, "indicator_score"), 0);
    release(&c);
}

/*
 * tests/fixtures/card_findings.txt: the bounds of the rules, each just past
 * the line or just within it.
 */
static void test_bounds_of_the_rules(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/card_findings.txt", "auto");
    assert_string_equal(c.rules.name, "national");
    /* 85.64 against 其中 rows of 50.62 + 35.00: 0.02 over two items is more
     * than the (2 + 1) / 2 units rounding can make. */
    const jx_finding *f = find(&c, "subrow_mismatch", 11, "全年执行数");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(85.62));
    /* 86% for 85.64%: agrees at the precision printed; so do 84% and 87.5%. */
    assert_int_equal(count_code(&c, "exec_rate"), 0);
    /* 10.5 of 10 is over, however little. */
    f = find(&c, "score_over_weight", 17, "得分");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(10));
    /* Prose quoting 85.59 for 85.64: one amount 0.05 off is no rounding tail. */
    f = find(&c, "narrative", 5, NULL);
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(85.64));
    /* 不适用 leaves the total: (8.56 + 16 + 10 + 10 + 28.33) × 100 / 90. */
    assert_int_equal(card_result(&c, 1)->computed_total, M(80.99));
    find(&c, "grade", 20, NULL);
    /* The second card's weights add up to its 总分 of 90, the rule set's total is 100. */
    f = find(&c, "weight_total", 30, "分值");
    assert_int_equal(f->severity, JX_SEV_WARNING);
    assert_int_equal(f->computed, M(100));
    assert_int_equal(card_result(&c, 2)->computed_total, M(100));
    release(&c);
}

/* A 决算说明 that gives the budget as the gap to the final figure (甘肃, in
 * traditional characters): 1741.75 spent, 55.93 more than the budget, is
 * 103.32% of it, not the 100% the sentence says. The same sentence with
 * 103.32%, or with the gap the other way and 97%, agrees. */
static void test_narrative_budget_given_as_gap(void **state)
{
    (void)state;
    static const char said[] =
        "三、一般公共預算財政撥款支出決算情況。\n"
        "2017年度,本單位一般公共預算財政撥款支出總計1741.75萬元,與上年相比減少53.7萬元,"
        "降低2.99%;完成年初預算100%,決算數大於預算數55.93萬元,主要原因:工資調標。\n";
    checked c;
    check_text(&c, said, "national");
    const jx_finding *f = find(&c, "narrative", 2, NULL);
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(103));
    release(&c);

    static const char *const agree[] = {
        "三、一般公共预算财政拨款支出决算情况。\n"
        "本单位一般公共预算财政拨款支出总计1741.75万元,完成年初预算103.32%,决算数大于预算数55.93万元。\n",
        "三、一般公共预算财政拨款支出决算情况。\n"
        "本单位一般公共预算财政拨款支出总计1741.75万元,完成年初预算97%,决算数小于预算数55.93万元。\n"};
    for (size_t i = 0; i < sizeof agree / sizeof agree[0]; i++) {
        check_text(&c, agree[i], "national");
        assert_int_equal(count_code(&c, "narrative"), 0);
        release(&c);
    }
}

/* A report whose tables are elsewhere quotes budget, spending and rate in one
 * sentence: the rate against its own amounts. 99% for 99.985% is cut off, not
 * rounded (an info); 98% is wrong; 99.99% agrees. */
static void test_narrative_rate_against_its_own_amounts(void **state)
{
    (void)state;
    static const struct {
        const char *rate;
        int severity; /* -1: no finding */
    } cases[] = {{"99%", JX_SEV_INFO}, {"98%", JX_SEV_ERROR}, {"99.99%", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "1、执行率情况。\n2021年奖助学金项目实际下达预算2596万元,全年度实际总支出2595.6208万元,"
                 "项目预算执行率%s。\n", cases[i].rate);
        checked c;
        check_text(&c, text, "national");
        if (cases[i].severity < 0) {
            assert_int_equal(count_code(&c, "narrative"), 0);
        } else {
            const jx_finding *f = find(&c, "narrative", 2, "执行率");
            assert_int_equal(f->severity, cases[i].severity);
        }
        release(&c);
    }
}

/* 其中 rows under a weighted indicator add up to it, when they are amounts of
 * its kind: 1.5 + 5 + 20 + 3 亩 is 29.5 亩, not 30; 180只 and 12头 are not
 * summed; the document as published (tests/fixtures/indicator_parts.txt)
 * adds up. */
static void test_indicator_parts_add_up(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/indicator_parts.txt", "national");
    assert_int_equal(count_code(&c, "subrow_mismatch"), 0);
    release(&c);

    static const char text[] =
        "测试自评表\n\n项目名称\t测试\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\n"
        "\t产出指标\t数量指标\t种植面积\t20\t29.5亩\t30亩\t20\n"
        "\t\t\t其中桃树种植面积\t\t1.5亩\t1.5亩\n"
        "\t\t\t其中露天蔬菜\t\t28亩\t28亩\n"
        "\t\t\t养殖数量\t10\t192只\t192只\t10\n"
        "\t\t\t其中羊养殖数量\t\t180只\t180只\n"
        "\t\t\t其中猪养殖数量\t\t12头\t12头\n";
    check_text(&c, text, "national");
    const jx_finding *f = find(&c, "subrow_mismatch", 5, "实际完成值");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(29.5));
    assert_int_equal(count_code(&c, "subrow_mismatch"), 1);
    release(&c);
}

/* 湖北's 100-point 项目决策 / 项目管理 / 项目绩效 card (realworld 118, completed
 * by hand past its cut): the 绩效 block has no 分值 column, each second-level
 * label declares its one indicator's weight (数量指标15分). Read with the
 * province's set, whose 预算执行率 = 20 is for the other 湖北 form: this one's
 * funds block scores nothing, so the weights are the card's own 100 and the
 * header's 自评总分 69 is judged against the 94 its rows add up to. */
static void test_hubei_decision_framework(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/hubei_decision_framework.txt", "hubei");
    const jx_card_result *r = card_result(&c, 1);
    assert_non_null(r);
    assert_false(r->partial);
    assert_true(r->has_computed_total);
    assert_int_equal(r->computed_total, M(94));
    const jx_finding *f = find(&c, "score_total", 3, "得分");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(94));
    assert_int_equal(count_code(&c, "category_weight"), 0);
    assert_int_equal(count_code(&c, "weight_total"), 0);
    const jx_scorecard *sc = c.doc->tables[0].scorecard;
    size_t from_labels = 0;
    for (size_t i = 0; i < sc->nindicators; i++)
        from_labels += sc->indicators[i].weight_from_level2;
    assert_int_equal(from_labels, 6);
    release(&c);
}

/* A web page that prints a card, cut by its page before the indicators, then
 * the same card again (its title with or without the year): the cut copy is
 * not reported for lacking indicators. Followed by another card, it is. */
static void test_card_cut_by_its_copy(void **state)
{
    (void)state;
    static const char *const next_titles[] = {"动物防疫项目绩效目标自评表", "其他项目绩效自评表"};
    for (size_t i = 0; i < 2; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "动物防疫项目绩效目标自评表(2024年度)\n"
                 "项目名称\t动物防疫补助\n"
                 "资金投入情况(万元)\t\t全年预算数(A)\t全年执行数(B)\t预算执行率\n"
                 "\t年度资金总额:\t390\t390\t100%%\n"
                 "\n%s\n(2024年度)\n"
                 "项目名称\t动物防疫补助\n"
                 "资金投入情况(万元)\t\t全年预算数(A)\t全年执行数(B)\t预算执行率\n"
                 "\t年度资金总额:\t390\t390\t100%%\n",
                 next_titles[i]);
        checked c;
        check_text(&c, text, "national");
        assert_int_equal(c.report->ncards, 2);
        if (i == 0)
            assert_int_equal(count_code(&c, "parse"), 0);
        else
            find(&c, "parse", 2, NULL);
        release(&c);
    }
}

/* A sentence's own amounts (check/narrative_parts.c): a total and its 其中
 * parts, each part's share, a change on the year before. Each case is one
 * prose line after a heading; `column` is the finding's, NULL for none. */
static void test_narrative_parts_and_changes(void **state)
{
    (void)state;
    static const struct {
        const char *sentence;
        const char *column;
        int severity;
    } cases[] = {
        {"本单位收入为1687.45万元,其中:财政拨款收入1516.64万元,占89.88%;事业收入170.81万元,占10.12%;"
         "其他收入0万元,占0%。", NULL, 0},
        {"本单位收入为1687.45万元,其中:财政拨款收入1516.64万元,占89.98%;事业收入170.81万元,占10.12%。",
         "占比", JX_SEV_ERROR},
        {"本单位收入为1687.45万元,其中:财政拨款收入1516.64万元,占89.87%;事业收入170.81万元,占10.12%。",
         "占比", JX_SEV_INFO}, /* 89.877% cut off */
        {"本单位支出为1942.57万元。其中:基本支出1121.09万元;项目支出831.48万元。", "其中各项", JX_SEV_ERROR},
        {"本单位支出为1942.57万元,其中基本支出1121.09万元,项目支出811.48万元。", "其中各项", JX_SEV_WARNING},
        {"项目资金全年预算数2089元:其中中央资金1777万元,占比85.06%;省级资金312万元,占比14.94%。",
         "金额单位", JX_SEV_WARNING},
        {"财政拨款收入总计1516.64万元,与上年相比减少58.49万元,降低3.77%。", "降幅", JX_SEV_ERROR},
        {"财政拨款收入总计1516.64万元,与上年相比减少58.49万元,降低3.71%。", NULL, 0},
        {"“三公”经费支出预算为1.92万元,支出决算为1.92万元,其中:因公出国费用预算0万元,支出决算为0万元;"
         "公务用车购置及运行维护费预算1.92万元,支出决算为1.92万元。", NULL, 0},
        {"财政拨款收入1996.62万元,其中一般公共预算拨款收入1996.62万元,较上年增加54.86万元,主要原因是"
         "根据省市文件要求纳入监测范围的农村易返贫致贫人口参保缴费按照人均不低于190元标准补助,"
         "其中县级由原来的15元/人增加至135元/人。", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "二、收入支出决算情况\n%s\n", cases[i].sentence);
        checked c;
        check_text(&c, text, "national");
        if (cases[i].column == NULL) {
            if (count_code(&c, "narrative") != 0)
                fail_msg("case %zu: %s", i, c.report->findings[0].message);
        } else {
            const jx_finding *f = find(&c, "narrative", 2, cases[i].column);
            if (f->severity != (jx_severity)cases[i].severity)
                fail_msg("case %zu: severity %d: %s", i, f->severity, f->message);
        }
        release(&c);
    }
}

/* Two sides of 公开01表 closing on different 总计 (tests/fixtures/balance_sides.txt). */
static void test_balance_of_two_sides(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/balance_sides.txt", "auto");
    const jx_finding *f = find(&c, "balance", 42, NULL);
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(2129.53));
    assert_int_equal(f->computed, M(2129.35));
    /* The 支出 side is within a rounding tail of its items: an info only. */
    f = find(&c, "hier_sum", 39, NULL);
    assert_int_equal(f->severity, JX_SEV_INFO);
    assert_int_equal(c.report->errors, 1);
    release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_000_category_weights),
        cmocka_unit_test(test_seed_001_department_and_rates),
        cmocka_unit_test(test_seed_002_department_rate),
        cmocka_unit_test(test_seed_003_blank_score_in_total),
        cmocka_unit_test(test_layout_makes_no_finding),
        cmocka_unit_test(test_one_card_under_two_rule_sets),
        cmocka_unit_test(test_execution_indicator_without_funds_weight),
        cmocka_unit_test(test_rules_on_a_small_card),
        cmocka_unit_test(test_execution_in_tiers),
        cmocka_unit_test(test_qualitative_tiers),
        cmocka_unit_test(test_judgement_words_are_the_rule_sets),
        cmocka_unit_test(test_cut_group_is_read_not_judged),
        cmocka_unit_test(test_headless_card_is_read_not_judged),
        cmocka_unit_test(test_department_card_split_and_cut),
        cmocka_unit_test(test_narrative_budget_given_as_gap),
        cmocka_unit_test(test_narrative_parts_and_changes),
        cmocka_unit_test(test_card_cut_by_its_copy),
        cmocka_unit_test(test_hubei_decision_framework),
        cmocka_unit_test(test_indicator_parts_add_up),
        cmocka_unit_test(test_narrative_rate_against_its_own_amounts),
        cmocka_unit_test(test_execution_weight_in_header),
        cmocka_unit_test(test_met_targets_scored_below_weight),
        cmocka_unit_test(test_total_printed_in_the_header),
        cmocka_unit_test(test_weight_share_applied_twice),
        cmocka_unit_test(test_ceiling_rates),
        cmocka_unit_test(test_score_coefficient),
        cmocka_unit_test(test_json_report),
        cmocka_unit_test(test_henan_management_and_deviation),
        cmocka_unit_test(test_bounds_of_the_rules),
        cmocka_unit_test(test_balance_of_two_sides),
    };
    return cmocka_run_group_tests_name("evaluate", tests, NULL, NULL);
}
