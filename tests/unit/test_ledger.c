/*
 * test_ledger.c — the financial table model and its checks (hier_sum,
 * column_identity, cross_table) and the prose against the tables
 * (narrative): the contradictions a reviewer found by reading the seeds,
 * rounding tails reported as info, and tables that add up left alone.
 */
#include "testutil.h"

#include "render.h"

static const char *const seeds[] = JX_SEED_PATHS;

#define M(x) micros_of(#x)

typedef struct {
    jx_document *doc;
    jx_rules rules;
    jx_report *report;
} checked;

static void check_file(checked *c, const char *path)
{
    jx_error err = {0};
    c->doc = jx_document_load(path, JX_FORMAT_AUTO, &err);
    if (c->doc == NULL)
        fail_msg("%s: %s", path, err.message);
    if (jx_rules_pick(c->doc, "rules", &c->rules, &err) != JX_OK)
        fail_msg("rules: %s", err.message);
    c->report = jx_evaluate(c->doc, &c->rules, &err);
    assert_non_null(c->report);
    assert_false(c->report->failed);
}

static void release(checked *c)
{
    jx_report_free(c->report);
    jx_document_free(c->doc);
}

/* The finding with this code on this line and column. */
static const jx_finding *find(const checked *c, const char *code, uint32_t line, const char *column)
{
    for (size_t i = 0; i < c->report->nfindings; i++) {
        const jx_finding *f = &c->report->findings[i];
        if (strcmp(f->code, code) == 0 && f->line == line && strcmp(f->column, column) == 0)
            return f;
    }
    fail_msg("no %s finding on line %u in %s", code, line, column);
    return NULL;
}

static bool is_ledger_code(const char *code)
{
    return strcmp(code, "hier_sum") == 0 || strcmp(code, "column_identity") == 0
        || strcmp(code, "cross_table") == 0 || strcmp(code, "balance") == 0;
}

/* ------------------------------------------------------------ the model */

static void test_model_of_the_seeds_tables(void **state)
{
    (void)state;
    jx_error err = {0};
    jx_document *doc = jx_document_load(seeds[2], JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_ledger_set set;
    assert_true(jx_ledger_set_build(&set, doc));

    /* 公开01表: two sides, each closing on 总计. */
    const jx_ledger *summary = jx_ledger_find(&set, JX_FORM_SUMMARY);
    assert_non_null(summary);
    assert_int_equal(summary->nblocks, 2);
    assert_string_equal(summary->blocks[0].side, "收入");
    assert_string_equal(summary->blocks[1].side, "支出");

    /* 公开03表: functional codes; 本年支出合计 the total of the columns after it. */
    const jx_ledger *expense = jx_ledger_find(&set, JX_FORM_EXPENSE);
    assert_non_null(expense);
    const jx_ledger_block *blk = &expense->blocks[0];
    assert_int_equal(blk->codes, JX_CODES_FUNCTIONAL);
    const jx_ledger_column *total = jx_ledger_column_named(blk, "本年支出合计", true);
    assert_non_null(total);
    assert_true(total->is_total);
    assert_non_null(jx_ledger_column_named(blk, "对附属单位补助支出", true));
    const jx_ledger_row *row = jx_ledger_row_coded(blk, "2101399");
    assert_non_null(row);
    assert_int_equal(row->digits, 7);
    assert_int_equal(jx_ledger_value(blk, row, jx_ledger_column_named(blk, "项目支出", true))->num.micros,
                     M(46.11));

    /* 公开06表: three groups read as one list of economic codes, a page break between. */
    const jx_ledger *detail = jx_ledger_find(&set, JX_FORM_BASIC_DETAIL);
    assert_non_null(detail);
    blk = &detail->blocks[0];
    assert_int_equal(blk->codes, JX_CODES_ECONOMIC);
    assert_non_null(jx_ledger_row_coded(blk, "30299"));   /* second group, after the break */
    assert_non_null(jx_ledger_row_coded(blk, "39999"));   /* third group */
    assert_int_equal(jx_ledger_row_coded(blk, "30229")->values[0].num.micros, M(3.15));
    assert_int_equal(detail->staff_total.num.micros, M(331.33));
    assert_int_equal(detail->office_total.num.micros, M(33.62));

    jx_ledger_set_free(&set);
    jx_document_free(doc);
}

/* A row the PDF shifted left: 劳务费's amount cell holds the next group's code 399. */
static void test_shifted_group_code(void **state)
{
    (void)state;
    jx_error err = {0};
    jx_document *doc = jx_document_load("tests/fixtures/ledger_adds_up.txt", JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_ledger_set set;
    assert_true(jx_ledger_set_build(&set, doc));
    const jx_ledger *detail = jx_ledger_find(&set, JX_FORM_BASIC_DETAIL);
    assert_non_null(detail);
    const jx_ledger_row *row = jx_ledger_row_coded(&detail->blocks[0], "399");
    assert_non_null(row);
    assert_string_equal(row->name, "其他支出");
    assert_int_equal(jx_ledger_row_coded(&detail->blocks[0], "30226")->values[0].num.kind,
                     JX_NUM_EMPTY);
    jx_ledger_set_free(&set);
    jx_document_free(doc);
}

/* ------------------------------------------------------------ “三公” */

/* The column of a 三公 block with this role in this instance. */
static const jx_ledger_column *public_col(const jx_ledger_block *blk, size_t instance,
                                          jx_public_role role)
{
    for (size_t k = 0; k < blk->ncolumns; k++)
        if (blk->columns[k].instance == instance && blk->columns[k].role == role)
            return &blk->columns[k];
    return NULL;
}

static void test_three_public_model(void **state)
{
    (void)state;
    jx_error err = {0};
    /* 003: 预算数 | 决算数 side by side, its top header shifted one column left. */
    jx_document *doc = jx_document_load(seeds[3], JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_ledger_set set;
    assert_true(jx_ledger_set_build(&set, doc));
    const jx_ledger *l = jx_ledger_find(&set, JX_FORM_THREE_PUBLIC);
    assert_non_null(l);
    const jx_ledger_block *blk = &l->blocks[0];
    assert_int_equal(blk->ncolumns, 12);
    assert_int_equal(blk->nrows, 1);
    const jx_ledger_column *col = public_col(blk, 1, JX_PUBLIC_ALL);
    assert_non_null(col);
    assert_int_equal(col->col, 6);
    assert_string_equal(col->group, "“三公”经费决算数");
    assert_int_equal(public_col(blk, 0, JX_PUBLIC_CAR)->col, 2); /* 小计 over 购置费 */
    assert_int_equal(public_col(blk, 1, JX_PUBLIC_CAR_RUN)->col, 10);
    assert_null(public_col(blk, 2, JX_PUBLIC_ALL));
    jx_ledger_set_free(&set);
    jx_document_free(doc);

    /* 001: 预算数 and 决算数 rows; the first 小计 is the 三公 one, the second the car's. */
    doc = jx_document_load(seeds[1], JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_true(jx_ledger_set_build(&set, doc));
    blk = &jx_ledger_find(&set, JX_FORM_THREE_PUBLIC)->blocks[0];
    assert_int_equal(blk->nrows, 2);
    assert_string_equal(blk->rows[1].name, "决算数");
    assert_int_equal(public_col(blk, 0, JX_PUBLIC_SUBTOTAL)->col, 1);
    assert_int_equal(public_col(blk, 0, JX_PUBLIC_CAR)->col, 4);
    assert_int_equal(public_col(blk, 0, JX_PUBLIC_RECEPTION)->col, 3);
    assert_int_equal(jx_ledger_value(blk, &blk->rows[1], public_col(blk, 0, JX_PUBLIC_MEETING))->num.micros,
                     M(1.10));
    jx_ledger_set_free(&set);
    jx_document_free(doc);

    /* 004 表13: 上年 | 当年 | 增减变化情况, each with 合计 and the 三公 小计. */
    doc = jx_document_load(seeds[4], JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_true(jx_ledger_set_build(&set, doc));
    l = jx_ledger_find(&set, JX_FORM_THREE_PUBLIC);
    assert_true(l->budget);
    blk = &l->blocks[0];
    assert_int_equal(blk->nrows, 3);
    assert_string_equal(blk->rows[1].code, "962");
    assert_string_equal(public_col(blk, 2, JX_PUBLIC_ALL)->group, "增减变化情况");
    assert_int_equal(public_col(blk, 1, JX_PUBLIC_SUBTOTAL)->col, 11);
    assert_int_equal(jx_ledger_value(blk, &blk->rows[0], public_col(blk, 2, JX_PUBLIC_ALL))->num.micros,
                     M(0.4));
    jx_ledger_set_free(&set);
    jx_document_free(doc);
}

/* The seeds' 三公 tables and the prose about them agree: nothing to report. */
static void test_three_public_seeds_agree(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        checked c;
        check_file(&c, seeds[i]);
        for (size_t k = 0; k < c.report->nfindings; k++) {
            const jx_finding *f = &c.report->findings[k];
            if (f->table && strstr(f->table->title, "三公"))
                fail_msg("%s:%u: %s %s", seeds[i], f->line, f->code, f->message);
        }
        release(&c);
    }
}

/* 003's table and prose, 001's prose, with one figure changed in each. */
static void test_three_public_final_wrong(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/three_public_final.txt");
    /* 决算 car subtotal 1.92 over 购置费 (blank) + 运行维护费 1.29. */
    const jx_finding *f = find(&c, "column_identity", 17, "公务用车购置及运行维护费");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(1.92));
    assert_int_equal(f->computed, M(1.29));
    assert_int_equal(f->cell->col, 9);
    /* 因公出国 spent 0.5 in the prose, blank (0) in the table. */
    f = find(&c, "narrative", 5, "决算数");
    assert_string_equal(f->row, "因公出国（境）费");
    assert_int_equal(f->declared.micros, M(0.5));
    assert_int_equal(f->computed, 0);
    /* 0.32 / 0.6 = 53.33%, not 35.3%. */
    f = find(&c, "narrative", 23, "完成预算");
    assert_int_equal(f->computed, M(53.33));
    /* 001's prose against 003's table: a different document's figures. */
    assert_int_equal(find(&c, "narrative", 23, "预算数")->computed, M(1.92));
    assert_int_equal(c.report->errors, 5);
    release(&c);
}

/* 004's 表13 and prose: 增减 合计 changed to 0.5, 会议费 quoted as 0.6. */
static void test_three_public_budget_wrong(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/three_public_budget.txt");
    const jx_finding *f = find(&c, "column_identity", 17, "合计");
    assert_int_equal(f->cell->col, 19);
    assert_int_equal(f->declared.micros, M(0.5));
    assert_int_equal(f->computed, M(0.4));
    f = find(&c, "narrative", 5, "当年预算数");
    assert_string_equal(f->row, "会议费");
    assert_int_equal(f->computed, M(0.5));
    /* The 增减 cell is reported once, though both its row sum and 当年 − 上年 miss it. */
    assert_int_equal(c.report->errors, 2);
    release(&c);
}

/* ------------------------------------------------------------ scorecard ↔ ledger */

/* 000's department card totals 2129.34 against 公开03表's 2129.35: a tail; its tasks agree. */
static void test_department_card_against_ledger(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[0]);
    const jx_finding *f = find(&c, "cross_table", 336, "全年执行数·总额");
    assert_int_equal(f->severity, JX_SEV_INFO);
    assert_int_equal(f->declared.micros, M(2129.34));
    assert_int_equal(f->computed, M(2129.35));
    size_t links = 0;
    for (size_t k = 0; k < c.report->nfindings; k++)
        links += strcmp(c.report->findings[k].column, "全年执行数·总额") == 0
              && strcmp(c.report->findings[k].code, "cross_table") == 0;
    assert_int_equal(links, 1); /* 人员经费 1072.81, 公用经费 53.05, 项目支出 1003.48 agree */
    release(&c);
    /* 001: 工资福利 154.45, 正常运转 6.27, 项目支出 365.33, 合计 526.04 all agree. */
    check_file(&c, seeds[1]);
    for (size_t k = 0; k < c.report->nfindings; k++)
        assert_false(strcmp(c.report->findings[k].code, "cross_table") == 0
                     && strcmp(c.report->findings[k].column, "全年执行数·总额") == 0);
    release(&c);
}

/* ------------------------------------------------------------ the seeds' contradictions */

static void test_001_class_302_short_of_its_items(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[1]);
    const jx_finding *f = find(&c, "hier_sum", 624, "决算数");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_string_equal(f->row, "商品和服务支出");
    assert_string_equal(f->table->number, "公开06表");
    assert_int_equal(f->declared.micros, M(6.27));
    assert_int_equal(f->computed, M(6.21));
    /* 人员经费 in the prose is 301 alone; the table's 人员经费合计 is 301 + 303. */
    f = find(&c, "narrative", 157, "人员经费");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(153.78));
    assert_int_equal(f->computed, M(154.45));
    release(&c);
}

static void test_004_special_column_of_the_total_row(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[4]);
    const char *codes[] = {"hier_sum", "column_identity", "cross_table"};
    for (size_t i = 0; i < 3; i++) {
        const jx_finding *f = find(&c, codes[i], 419, "专项业务经费支出");
        assert_int_equal(f->severity, JX_SEV_ERROR);
        assert_string_equal(f->table->number, "表6");
        assert_string_equal(f->row, "合计");
        assert_int_equal(f->declared.micros, M(1621.65));
        assert_int_equal(f->computed, M(1654.14));
    }
    const jx_finding *f = find(&c, "cross_table", 419, "专项业务经费支出");
    assert_non_null(strstr(f->message, "表5"));
    assert_non_null(strstr(f->message, "第391行"));
    /* 表5, which agrees with its classes and its columns, is not blamed. */
    for (size_t i = 0; i < c.report->nfindings; i++)
        assert_true(c.report->findings[i].line != 391);
    /* 表1: 专项业务经费支出 left blank over items that add up to it. */
    f = find(&c, "hier_sum", 316, "预算数");
    assert_int_equal(f->declared.kind, JX_NUM_EMPTY);
    assert_int_equal(f->computed, M(1654.14));
    release(&c);
}

static void test_003_prose_against_its_scorecards(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[3]);
    const jx_finding *f = find(&c, "narrative", 523, "全年执行数");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(97.36));
    assert_int_equal(f->computed, M(79.36));
    assert_string_equal(f->row, "医疗服务与保障能力提升补助资金");
    f = find(&c, "narrative", 523, "得分");
    assert_int_equal(f->declared.micros, M(93.5));
    assert_int_equal(f->computed, M(98.5));
    f = find(&c, "narrative", 519, "得分");
    assert_string_equal(f->row, "公务员医疗补助");
    assert_int_equal(f->declared.micros, M(93.5));
    assert_int_equal(f->computed, M(98.5));
    /* The same sentences' 全年预算数 and 执行率 agree with the tables. */
    for (size_t i = 0; i < c.report->nfindings; i++) {
        const jx_finding *g = &c.report->findings[i];
        if (strcmp(g->code, "narrative") == 0)
            assert_true(strcmp(g->column, "全年预算数") != 0 && strcmp(g->column, "执行率") != 0);
    }
    release(&c);
}

static void test_002_prose_score_of_no_table(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[2]);
    const jx_finding *f = find(&c, "narrative", 438, "得分");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(9.60));
    assert_int_equal(f->computed, M(99));
    f = find(&c, "narrative", 444, "得分");
    assert_int_equal(f->severity, JX_SEV_WARNING);
    assert_null(f->table);
    assert_int_equal(f->declared.micros, M(9.60));
    /* "得分99分" and "得分99.56分" of line 446 are the cards' own totals. */
    for (size_t i = 0; i < c.report->nfindings; i++)
        assert_true(c.report->findings[i].line != 446);
    release(&c);
}

/* ------------------------------------------------------------ rounding tails */

static void test_rounding_tail_rule(void **state)
{
    (void)state;
    jx_rules rules;
    jx_error err = {0};
    assert_int_equal(jx_rules_load("national", "rules", &rules, &err), JX_OK);
    assert_true(jx_rounding_tail(&rules, M(0.01), 1));
    assert_true(jx_rounding_tail(&rules, M(-0.01), 2));
    assert_true(jx_rounding_tail(&rules, M(0.02), 10));
    assert_false(jx_rounding_tail(&rules, M(0.02), 1));
    assert_false(jx_rounding_tail(&rules, M(0.06), 6));
    assert_false(jx_rounding_tail(&rules, 0, 3));
}

/*
 * Every difference of 0.01 per summed item in the seeds' tables is an info:
 * the seeds carry many (公开02/03/05 class rows, 301 工资福利支出, 基本支出).
 */
static void test_seed_tails_are_info(void **state)
{
    (void)state;
    size_t tails = 0;
    for (size_t s = 0; s < 5; s++) {
        checked c;
        check_file(&c, seeds[s]);
        for (size_t i = 0; i < c.report->nfindings; i++) {
            const jx_finding *f = &c.report->findings[i];
            if (!is_ledger_code(f->code) || f->declared.kind != JX_NUM_VALUE || !f->has_computed)
                continue;
            int64_t diff = f->declared.micros - f->computed;
            if (diff < 0)
                diff = -diff;
            if (diff <= M(0.02)) {
                assert_int_equal(f->severity, JX_SEV_INFO);
                tails++;
            }
        }
        release(&c);
    }
    assert_true(tails >= 50);
}

/* ------------------------------------------------------------ no false alarms */

static void test_tables_that_add_up(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/ledger_adds_up.txt");
    assert_int_equal(c.report->nfindings, 0);
    release(&c);
    /* 003's 公开06表 adds up but for one tail, shifted 399 row included. */
    check_file(&c, seeds[3]);
    size_t in_detail = 0;
    for (size_t i = 0; i < c.report->nfindings; i++) {
        const jx_finding *f = &c.report->findings[i];
        if (f->table && strcmp(f->table->number, "公开06表") == 0) {
            in_detail++;
            assert_int_equal(f->severity, JX_SEV_INFO);
            assert_int_equal(f->line, 267);
        }
    }
    assert_int_equal(in_detail, 1);
    release(&c);
}

static void test_a_wrong_sum_is_an_error(void **state)
{
    (void)state;
    static const char text[] =
        "支出决算表\n\n公开03表\n\n"
        "项目\t\t本年支出合计\t基本支出\t项目支出\n"
        "科目代码\t科目名称\t\t\t\n"
        "\t合计\t100.00\t60.00\t40.00\n"
        "210\t卫生健康支出\t100.00\t60.00\t40.00\n"
        "21015\t医疗保障管理事务\t100.00\t60.00\t40.00\n"
        "2101501\t行政运行\t60.00\t60.00\t\n"
        "2101506\t医疗保障经办事务\t30.00\t\t30.00\n";
    jx_error err = {0};
    checked c;
    c.doc = jx_document_parse("t.txt", (const unsigned char *)text, strlen(text), JX_FORMAT_TEXT, &err);
    assert_non_null(c.doc);
    assert_int_equal(jx_rules_load("national", "rules", &c.rules, &err), JX_OK);
    c.report = jx_evaluate(c.doc, &c.rules, &err);
    const jx_finding *f = find(&c, "hier_sum", 9, "项目支出");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->computed, M(30));
    f = find(&c, "hier_sum", 9, "本年支出合计");
    assert_int_equal(f->computed, M(90));
    /* The class is counted with its 款 as their 项 say: one finding, not three. */
    size_t errors = 0;
    for (size_t i = 0; i < c.report->nfindings; i++)
        errors += c.report->findings[i].severity == JX_SEV_ERROR;
    assert_int_equal(errors, 2);
    release(&c);
}

/* ------------------------------------------------------------ 政府采购 */

/* The findings of a report on one table (by its number), and on the prose of one section. */
static size_t findings_on(const checked *c, const char *number, const char *row_word)
{
    size_t n = 0;
    for (size_t i = 0; i < c->report->nfindings; i++) {
        const jx_finding *f = &c->report->findings[i];
        bool on_table = number && f->table && strcmp(f->table->number, number) == 0;
        bool on_row = row_word && strstr(f->row, row_word) != NULL;
        n += on_table || on_row;
    }
    return n;
}

static void test_procurement_model(void **state)
{
    (void)state;
    jx_error err = {0};
    /* 003 公开11表: (一) over 1.–3., (二) with its 其中 row. */
    jx_document *doc = jx_document_load(seeds[3], JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_ledger_set set;
    assert_true(jx_ledger_set_build(&set, doc));
    const jx_ledger *l = jx_ledger_find(&set, JX_FORM_PROCUREMENT);
    assert_non_null(l);
    const jx_ledger_block *blk = &l->blocks[0];
    assert_int_equal(blk->ncolumns, 1);
    assert_string_equal(blk->columns[0].name, "金额");
    assert_int_equal(blk->nrows, 6);
    assert_int_equal(blk->rows[0].outline, 0);
    assert_int_equal(blk->rows[3].outline, 1);
    assert_int_equal(blk->rows[4].outline, 0);
    assert_true(blk->rows[5].among);
    assert_false(blk->rows[4].among);
    jx_ledger_set_free(&set);
    jx_document_free(doc);
    /* 004 表12: 数量 and 预算金额; 合计, units 962 and 962001, two items with their 采购目录. */
    doc = jx_document_load(seeds[4], JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_true(jx_ledger_set_build(&set, doc));
    l = jx_ledger_find(&set, JX_FORM_PROCUREMENT);
    blk = &l->blocks[0];
    assert_int_equal(blk->ncolumns, 2);
    assert_string_equal(blk->columns[0].name, "数量");
    assert_string_equal(blk->columns[1].name, "预算金额");
    assert_int_equal(blk->nrows, 5);
    assert_true(blk->rows[0].is_total);
    assert_string_equal(blk->rows[1].code, "962");
    assert_string_equal(blk->rows[2].code, "962001");
    assert_string_equal(blk->rows[3].code, "");
    assert_string_equal(blk->rows[3].catalogue->norm, "A02010105台式计算机");
    assert_int_equal(blk->rows[4].values[1].num.micros, M(0.6));
    jx_ledger_set_free(&set);
    jx_document_free(doc);
}

/* The seeds' procurement tables add up and their prose agrees with them (or with itself). */
static void test_procurement_seeds_agree(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        checked c;
        check_file(&c, seeds[i]);
        for (size_t k = 0; k < c.report->nfindings; k++) {
            const jx_finding *f = &c.report->findings[k];
            bool ledger_code = strcmp(f->code, "hier_sum") == 0 || strcmp(f->code, "narrative") == 0;
            if (ledger_code && ((f->table && strstr(f->table->title, "政府采购")) || strstr(f->row, "政府采购")))
                fail_msg("%s:%u: %s %s", seeds[i], f->line, f->code, f->message);
        }
        release(&c);
    }
}

/* 003's table with 服务 9.75 and 小微 13.73; its prose with 货物 3.61. */
static void test_procurement_final_wrong(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/procurement_final.txt");
    const jx_finding *f = find(&c, "hier_sum", 14, "金额");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(12.73));
    assert_int_equal(f->computed, M(12.91)); /* 3.16 + blank + 9.75 */
    f = find(&c, "hier_sum", 19, "金额");
    assert_int_equal(f->declared.micros, M(13.73));
    assert_int_equal(f->computed, M(12.73)); /* a part above its whole */
    assert_int_equal(find(&c, "narrative", 3, "金额")->computed, M(3.16));
    size_t prose = 0;
    for (size_t i = 0; i < c.report->nfindings; i++)
        prose += strcmp(c.report->findings[i].code, "narrative") == 0;
    assert_int_equal(prose, 3); /* 货物 3.61 ≠ 3.16, 服务 9.57 ≠ 9.75, 小微 12.73 ≠ 13.73 */
    assert_int_equal(c.report->errors, 5);
    release(&c);
}

/* 004's 表12 with the printer at 0.8 and 合计's 数量 at 8. */
static void test_procurement_budget_wrong(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/procurement_budget.txt");
    const jx_finding *f = find(&c, "hier_sum", 13, "数量");
    assert_int_equal(f->declared.micros, M(8));
    assert_int_equal(f->computed, M(9));
    assert_int_equal(find(&c, "hier_sum", 13, "预算金额")->computed, M(4.4));
    assert_int_equal(find(&c, "hier_sum", 14, "预算金额")->computed, M(4.4)); /* 962 */
    assert_int_equal(find(&c, "hier_sum", 15, "预算金额")->computed, M(4.4)); /* 962001 */
    /* The prose's 货物 4.2 against the items whose 采购目录 starts with A: 3.6 + 0.8. */
    f = find(&c, "narrative", 3, "预算金额");
    assert_string_equal(f->row, "货物");
    assert_int_equal(f->computed, M(4.4));
    assert_int_equal(c.report->errors, 5);
    release(&c);
}

/* 000 has no procurement table: its prose total against its own parts. */
static void test_procurement_prose_own_sum(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/procurement_prose.txt");
    const jx_finding *f = find(&c, "narrative", 3, "金额");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_int_equal(f->declared.micros, M(208.36));
    assert_int_equal(f->computed, M(208.81));
    assert_int_equal(c.report->nfindings, 1);
    release(&c);
    check_file(&c, seeds[0]);
    assert_int_equal(findings_on(&c, NULL, "政府采购"), 0);
    release(&c);
}

/* ------------------------------------------------------------ prose per functional item */

/* The narrative findings of a report in one column. */
static size_t narrative_in(const checked *c, const char *column)
{
    size_t n = 0;
    for (size_t i = 0; i < c->report->nfindings; i++)
        n += strcmp(c->report->findings[i].code, "narrative") == 0
          && strcmp(c->report->findings[i].column, column) == 0;
    return n;
}

/* 001: two items quote 100% of a 年初预算 of 0, one 106.3% where 137.7/129.45 is 106.37%. */
static void test_001_item_percents(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[1]);
    /* Item 1's sentence runs over a blank line: 年初预算为0 (line 135) … 100% (line 137). */
    const jx_finding *f = find(&c, "narrative", 137, "完成年初预算");
    assert_int_equal(f->severity, JX_SEV_WARNING);
    assert_string_equal(f->row, "机关事业单位基本养老保险缴费支出");
    assert_false(f->has_computed);
    assert_int_equal(find(&c, "narrative", 139, "完成年初预算")->severity, JX_SEV_WARNING);
    /* 137.7 / 129.45 = 106.37%: cut off to 106.3, not rounded — a rounding slip. */
    f = find(&c, "narrative", 145, "完成年初预算");
    assert_int_equal(f->severity, JX_SEV_INFO);
    assert_int_equal(f->declared.micros, M(106.3));
    assert_int_equal(f->computed, M(106.4));
    assert_int_equal(narrative_in(&c, "完成年初预算"), 3);
    /* Every 支出决算 agrees with 公开05表 (137.7 as printed; 9.68 against 2080505). */
    assert_int_equal(narrative_in(&c, "支出决算"), 0);
    release(&c);
    /* 000, 002, 003: every item and overall sentence agrees at its precision. */
    size_t others[] = {0, 2, 3};
    for (size_t i = 0; i < 3; i++) {
        check_file(&c, seeds[others[i]]);
        assert_int_equal(narrative_in(&c, "完成年初预算") + narrative_in(&c, "支出决算"), 0);
        release(&c);
    }
}

/* 002's items against 公开03表 (it prints no 公开05表), three figures changed. */
static void test_item_figures_wrong(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/narrative_items_final.txt");
    /* 事业单位医疗 16.40 against 2101102's 16.04, not against 其他行政事业单位医疗支出. */
    const jx_finding *f = find(&c, "narrative", 44, "支出决算");
    assert_int_equal(f->severity, JX_SEV_ERROR);
    assert_string_equal(f->row, "事业单位医疗");
    assert_string_equal(f->table->number, "公开03表");
    assert_int_equal(f->declared.micros, M(16.40));
    assert_int_equal(f->computed, M(16.04));
    /* 46.11 / 48.22 = 95.62%, printed 95.26%. */
    f = find(&c, "narrative", 52, "完成年初预算");
    assert_int_equal(f->computed, M(95.62));
    /* 年初预算 0: a warning, no quotient. */
    assert_int_equal(find(&c, "narrative", 38, "完成年初预算")->severity, JX_SEV_WARNING);
    assert_int_equal(narrative_in(&c, "支出决算") + narrative_in(&c, "完成年初预算"), 3);
    release(&c);
}

/* 003's items listed under 类 headings, against 公开05表: one item and the overall total changed. */
static void test_item_under_class_heading(void **state)
{
    (void)state;
    checked c;
    check_file(&c, "tests/fixtures/narrative_items_nested.txt");
    const jx_finding *f = find(&c, "narrative", 47, "支出决算");
    assert_string_equal(f->row, "公务员医疗补助");
    assert_int_equal(f->computed, M(404.66));
    f = find(&c, "narrative", 33, "支出决算");
    assert_string_equal(f->row, "合计");
    assert_string_equal(f->table->number, "公开05表");
    assert_int_equal(f->declared.micros, M(656.38));
    assert_int_equal(f->computed, M(665.38));
    assert_int_equal(narrative_in(&c, "支出决算") + narrative_in(&c, "完成年初预算"), 2);
    release(&c);
}

/* 004's 收支总表 (表1) and 财政拨款收支总表 (表4) by economic class against 表6:
 * 商品和服务 35.00 holds 表6's 30.8 plus its 资本性支出 4.2, left blank. */
static void test_budget_economic_classes(void **state)
{
    (void)state;
    checked c;
    check_file(&c, seeds[4]);
    static const struct { uint32_t line; const char *declared, *computed; } want[] = {
        {312, "47.60", "43.4"}, {313, NULL, "4.2"}, {318, "35.00", "30.8"}, {322, NULL, "4.2"},
        {357, "47.60", "43.4"}, {358, NULL, "4.2"}, {363, "35.00", "30.8"}, {367, NULL, "4.2"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const jx_finding *f = find(&c, "cross_table", want[i].line, "预算数");
        assert_int_equal(f->severity, JX_SEV_ERROR);
        assert_int_equal(f->computed, micros_of(want[i].computed));
        if (want[i].declared)
            assert_int_equal(f->declared.micros, micros_of(want[i].declared));
        else
            assert_null(f->cell);
    }
    /* The classes that agree (工资福利 329.88, 个人和家庭 124.53, 社会保障基金 1494.61) make none. */
    size_t economic = 0;
    for (size_t i = 0; i < c.report->nfindings; i++)
        economic += strcmp(c.report->findings[i].column, "预算数") == 0
            && strcmp(c.report->findings[i].code, "cross_table") == 0;
    assert_int_equal(economic, 8);
    release(&c);
}

/* A ledger's form is read from forms/ledgers.ini: a 三公 table titled 公务经费 is no
 * 三公 table with the built-in words, and is one once a copied forms folder adds the
 * word to [titles] three_public; the document keeps the words it was read with, so the
 * folder's forms may be freed before the ledgers are built. */
static void test_ledger_title_from_a_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_forms_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1200], path[64];
    snprintf(path, sizeof path, "%s/three_public.txt", dir);
    snprintf(cmd, sizeof cmd,
             "cp forms/*.ini %s/ && sed -i 's/^three_public = .*/&, *公务经费*/' %s/ledgers.ini "
             "&& sed 's/^财政拨款“三公”经费支出决算表$/财政拨款公务经费支出决算表/' "
             "tests/fixtures/three_public_final.txt > %s && grep -q '^财政拨款公务经费' %s",
             dir, dir, path, path);
    assert_int_equal(system(cmd), 0);
    jx_error err = {0};
    jx_document *doc = jx_document_load(path, JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_ledger_set set;
    assert_true(jx_ledger_set_build(&set, doc));
    assert_null(jx_ledger_find(&set, JX_FORM_THREE_PUBLIC));
    jx_ledger_set_free(&set);
    jx_document_free(doc);

    jx_forms *forms = NULL;
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_OK);
    doc = jx_document_load_with(path, JX_FORMAT_AUTO, forms, &err);
    assert_non_null(doc);
    assert_true(jx_ledger_set_build(&set, doc));
    const jx_ledger *l = jx_ledger_find(&set, JX_FORM_THREE_PUBLIC);
    assert_non_null(l);
    assert_string_equal(l->table->title, "财政拨款公务经费支出决算表");
    jx_ledger_set_free(&set);
    jx_document_free(doc);
    jx_forms_free(forms); /* the document borrowed them: freed after it */
    assert_int_equal(system(strcat(strcpy(cmd, "rm -r "), dir)), 0);
}

/* The prose's words are read from forms/prose.ini: 000's procurement sentence with its
 * 货物 quoted after 政府采购货物类支出 names no 货物 figure with the built-in words (so
 * its total is not summed), and does once a copied forms folder adds the phrase to
 * [procurement] goods; a phrase written with '*' is an error naming its line and key. */
static void test_prose_phrase_from_a_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_forms_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1200], path[64];
    snprintf(path, sizeof path, "%s/procurement.txt", dir);
    snprintf(cmd, sizeof cmd,
             "cp forms/*.ini %s/ && sed -i 's/^goods = .*/&, 政府采购货物类支出/' %s/prose.ini "
             "&& sed 's/政府采购货物支出129.87/政府采购货物类支出129.87/' "
             "tests/fixtures/procurement_prose.txt > %s && grep -q '货物类支出129.87' %s",
             dir, dir, path, path);
    assert_int_equal(system(cmd), 0);
    checked c;
    check_file(&c, path);
    assert_int_equal(narrative_in(&c, "金额"), 0);
    release(&c);

    jx_error err = {0};
    jx_forms *forms = NULL;
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_OK);
    c.doc = jx_document_load_with(path, JX_FORMAT_AUTO, forms, &err);
    assert_non_null(c.doc);
    assert_int_equal(jx_rules_pick(c.doc, "rules", &c.rules, &err), JX_OK);
    c.report = jx_evaluate(c.doc, &c.rules, &err);
    assert_non_null(c.report);
    const jx_finding *f = find(&c, "narrative", 3, "金额");
    assert_int_equal(f->declared.micros, M(208.36));
    assert_int_equal(f->computed, M(208.81)); /* 129.87 + 0 + 78.94 */
    assert_int_equal(narrative_in(&c, "金额"), 1);
    release(&c);
    jx_forms_free(forms);

    snprintf(cmd, sizeof cmd, "sed -i 's/^budget = 全年预算数,/budget = *全年预算数*,/' %s/prose.ini",
             dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(jx_forms_load(dir, &forms, &err), JX_ERR_FORMAT);
    assert_null(forms);
    assert_non_null(strstr(err.message, "prose.ini:"));
    assert_non_null(strstr(err.message, "'budget': a phrase is written without '*'"));
    assert_int_equal(system(strcat(strcpy(cmd, "rm -r "), dir)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_of_the_seeds_tables),
        cmocka_unit_test(test_shifted_group_code),
        cmocka_unit_test(test_001_class_302_short_of_its_items),
        cmocka_unit_test(test_004_special_column_of_the_total_row),
        cmocka_unit_test(test_003_prose_against_its_scorecards),
        cmocka_unit_test(test_002_prose_score_of_no_table),
        cmocka_unit_test(test_rounding_tail_rule),
        cmocka_unit_test(test_seed_tails_are_info),
        cmocka_unit_test(test_tables_that_add_up),
        cmocka_unit_test(test_a_wrong_sum_is_an_error),
        cmocka_unit_test(test_three_public_model),
        cmocka_unit_test(test_three_public_seeds_agree),
        cmocka_unit_test(test_three_public_final_wrong),
        cmocka_unit_test(test_three_public_budget_wrong),
        cmocka_unit_test(test_department_card_against_ledger),
        cmocka_unit_test(test_procurement_model),
        cmocka_unit_test(test_procurement_seeds_agree),
        cmocka_unit_test(test_procurement_final_wrong),
        cmocka_unit_test(test_procurement_budget_wrong),
        cmocka_unit_test(test_procurement_prose_own_sum),
        cmocka_unit_test(test_001_item_percents),
        cmocka_unit_test(test_item_figures_wrong),
        cmocka_unit_test(test_item_under_class_heading),
        cmocka_unit_test(test_budget_economic_classes),
        cmocka_unit_test(test_ledger_title_from_a_folder),
        cmocka_unit_test(test_prose_phrase_from_a_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
