/*
 * test_segment.c — tables found in documents: fixtures cut from the seeds
 * (tests/fixtures), the five seeds whole (tests/samples), other encodings,
 * and inputs built to break the parser.
 */
#include "testutil.h"

#include <iconv.h>

static jx_document *load(const char *path)
{
    jx_error err = {0};
    jx_document *doc = jx_document_load(path, JX_FORMAT_AUTO, &err);
    if (doc == NULL)
        fail_msg("%s: %s", path, err.message);
    return doc;
}

static const jx_cell *cell(const jx_table *t, size_t row, size_t col)
{
    assert_true(row < t->grid.nrows);
    assert_true(col < t->grid.rows[row].ncells);
    return &t->grid.rows[row].cells[col];
}

/* ------------------------------------------------------------ fixtures */

static void test_page_break_with_repeated_header(void **state)
{
    (void)state;
    /* 公开06表 of seed 000: the header repeats after the page break. */
    jx_document *doc = load("tests/fixtures/page_break_header.txt");
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "一般公共预算财政拨款基本支出决算明细表");
    assert_string_equal(t->number, "公开06表");
    assert_string_equal(t->unit, "万元");
    assert_string_equal(t->org, "神木市医疗保障局");
    assert_int_equal(t->continuations, 1);
    assert_int_equal(t->header_rows, 1);
    assert_int_equal(t->grid.nrows, 1 + 30 + 4); /* header, 30 rows, 4 after the break */
    for (size_t r = 1; r < t->grid.nrows; r++)
        assert_string_not_equal(t->grid.rows[r].cells[0].norm, "科目代码");
    assert_int_equal(t->line_start, 9);
    assert_int_equal(t->line_end, 45);
    assert_int_equal(t->kind, JX_KIND_LEDGER);
    jx_document_free(doc);
}

static void test_page_break_two_sided(void **state)
{
    (void)state;
    /* 公开01表 of seed 002: split after 行次 23, three header rows repeated. */
    jx_document *doc = load("tests/fixtures/page_break_two_sided.txt");
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "收入支出决算总表");
    assert_string_equal(t->year, "2024年度");
    assert_string_equal(t->org, "孟州市医疗保障局");
    assert_int_equal(t->header_rows, 3);
    assert_int_equal(t->grid.nrows, 3 + 23 + 8);
    assert_string_equal(cell(t, 26, 1)->norm, "24");
    assert_int_equal(cell(t, 26, 1)->line, 43);
    jx_document_free(doc);
}

static void test_title_split_over_two_lines(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/split_title.txt");
    /* The stray 总分 row from the previous page is no table. */
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "镇安县医疗保障局医疗保障事务管理项目支出绩效自评表");
    assert_int_equal(t->title_line, 3);
    assert_string_equal(t->year, "2023年度");
    assert_int_equal(t->kind, JX_KIND_PROJECT);
    assert_int_equal(t->line_start, 9);
    assert_int_equal(t->line_end, 30);
    assert_string_equal(cell(t, 2, 2)->norm, "年初预算数");
    assert_string_equal(cell(t, 10, 1)->norm, "产出指标(50分)");
    jx_document_free(doc);
}

static void test_meta_row_inside_table(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/meta_row.txt");
    assert_int_equal(doc->ntables, 2);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "政府性基金预算财政拨款收入支出决算表");
    assert_string_equal(t->number, "公开07表");
    assert_string_equal(t->year, "2024年度");
    assert_string_equal(t->unit, "万元");
    assert_string_equal(t->org, "孟州市医疗保障局");
    assert_int_equal(t->line_start, 6); /* the meta row (line 5) is no row */
    assert_int_equal(t->grid.nrows, 4);
    assert_int_equal(t->header_rows, 3);
    assert_string_equal(doc->tables[1].number, "公开08表");
    jx_document_free(doc);
}

static void test_table_number_above_title(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/numbered_title.txt");
    assert_int_equal(doc->ntables, 2);
    assert_string_equal(doc->tables[0].title,
                        "2024年部门综合预算一般公共预算基本支出明细表(支出经济分类科目)");
    assert_string_equal(doc->tables[0].number, "表8");
    assert_string_equal(doc->tables[0].year, "2024年");
    assert_string_equal(doc->tables[1].title, "2024年部门综合预算政府性基金收支表");
    assert_string_equal(doc->tables[1].number, "表9");
    jx_document_free(doc);
}

static void test_markdown_rule_row_is_dropped(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/markdown_rule.txt");
    assert_int_equal(doc->ntables, 2);
    const jx_table *empty = &doc->tables[0];
    assert_string_equal(empty->title, "2024年部门综合预算财政拨款上年结转资金支出表");
    assert_int_equal(empty->grid.nrows, 1);
    assert_int_equal(doc->tables[1].grid.nrows, 7);
    assert_string_equal(doc->tables[1].number, "表12");
    jx_document_free(doc);
}

static void test_untitled_table_takes_heading(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/untitled_table.txt");
    assert_int_equal(doc->ntables, 1);
    assert_string_equal(doc->tables[0].title, "二、部门决算单位构成");
    assert_int_equal(doc->tables[0].kind, JX_KIND_OTHER);
    assert_int_equal(doc->tables[0].grid.nrows, 4);
    jx_document_free(doc);
}

static void test_wrapped_cells_are_joined(void **state)
{
    (void)state;
    /* Seed 001's 离休老干医药费 table with two cells wrapped by the PDF. */
    jx_document *doc = load("tests/fixtures/wrapped_cells.txt");
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_int_equal(t->grid.nrows, 6);
    /* A wrapped cell whose row goes on after it: the rows are joined. */
    assert_string_equal(cell(t, 1, 3)->norm, "保障13名离休老干部就医用药");
    assert_int_equal(cell(t, 1, 3)->line, 6);
    assert_string_equal(cell(t, 1, 4)->norm, "100%");
    assert_int_equal(cell(t, 1, 4)->line, 7);
    assert_int_equal(cell(t, 1, 4)->col, 2);
    assert_int_equal(t->grid.rows[1].ncells, 8);
    /* A wrapped last cell: its line has no TAB and joins the cell. */
    assert_string_equal(cell(t, 3, 8)->norm, "按照实际离休人员报销金额确定预算");
    assert_string_equal(cell(t, 4, 3)->norm, "2023年底");
    assert_int_equal(t->line_end, 12);
    jx_document_free(doc);
}

static jx_document *parse_text(const char *text)
{
    jx_error err = {0};
    jx_document *doc = jx_document_parse("t.txt", (const unsigned char *)text, strlen(text),
                                         JX_FORMAT_AUTO, &err);
    if (doc == NULL)
        fail_msg("%s", err.message);
    return doc;
}

/* 重庆's department card as a PDF export left it: the goal's merged cell as two
 * lines of text around a page number, the 绩效指标 label cell on a line of its
 * own, another page number. One table, the label lines kept as one-cell rows. */
static void test_table_split_by_lost_merged_cells(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/department_split_by_merged_cells.txt");
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "部门整体绩效自评表");
    assert_int_equal(t->kind, JX_KIND_DEPARTMENT);
    assert_int_equal(t->line_start, 3);
    assert_int_equal(t->line_end, 32);
    bool label = false;
    for (size_t r = 0; r < t->grid.nrows; r++)
        label |= strcmp(t->grid.rows[r].cells[0].norm, "绩效指标") == 0 && t->grid.rows[r].ncells == 1;
    assert_true(label);
    jx_document_free(doc);

    /* A target table whose 已实施情况: and 未实施情况及原因: rows lost their TABs. */
    doc = load("tests/fixtures/target_split_by_labels.txt");
    assert_int_equal(doc->ntables, 1);
    assert_int_equal(doc->tables[0].kind, JX_KIND_TARGET);
    jx_document_free(doc);
}

/* What starts a table of its own is no lost cell: a title, an attachment
 * number, a note, a heading, or more lines than a cell's text. */
static void test_gap_that_starts_a_table(void **state)
{
    (void)state;
    static const char *const gaps[] = {
        "第二张自评表\n", "附件2\n", "注:以上为测试\n", "二、绩效指标\n",
        "第一行\n第二行\n第三行\n第四行\n"};
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "甲\t乙\t丙\n1\t2\t3\n4\t5\t6\n%s"
                 "丁\t戊\t己\t庚\n7\t8\t9\t10\n", gaps[i]);
        jx_document *doc = parse_text(text);
        if (doc->ntables != 2)
            fail_msg("gap %zu: %zu tables", i, doc->ntables);
        jx_document_free(doc);
    }
    /* A label line (and a page number) between them: one table. */
    jx_document *doc = parse_text("甲\t乙\t丙\n1\t2\t3\n4\t5\t6\n绩效指标\n3、\n"
                                  "丁\t戊\t己\t庚\n7\t8\t9\t10\n");
    assert_int_equal(doc->ntables, 1);
    assert_int_equal(doc->tables[0].grid.nrows, 6);
    assert_int_equal(doc->tables[0].grid.rows[3].line, 4);
    jx_document_free(doc);
}

static void test_pipe_table_and_prose(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/pipe_and_prose.md");
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "数据");
    assert_int_equal(t->grid.nrows, 3);
    assert_int_equal(t->header_rows, 1);
    assert_string_equal(cell(t, 2, 2)->norm, "1,933.54");
    assert_int_equal(t->kind, JX_KIND_LEDGER);
    jx_document_free(doc);
}

static void test_csv_document(void **state)
{
    (void)state;
    jx_document *doc = load("tests/fixtures/ledger.csv");
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "收入决算表");
    assert_string_equal(t->unit, "万元");
    assert_int_equal(t->grid.nrows, 3);
    assert_int_equal(t->header_rows, 1);
    assert_int_equal(t->line_start, 3);
    assert_string_equal(cell(t, 1, 2)->norm, "2,129.35");
    jx_document_free(doc);
}

/* ------------------------------------------------------------ the seeds */

static const char *const seeds[] = JX_SEED_PATHS;

static size_t count_kind(const jx_document *doc, jx_table_kind kind)
{
    size_t n = 0;
    for (size_t k = 0; k < doc->ntables; k++)
        n += doc->tables[k].kind == kind;
    return n;
}

static void test_seed_table_counts(void **state)
{
    (void)state;
    /* Counted by hand in each document; see tests/golden/parse for all tables. */
    static const struct { size_t tables, scorecards, targets, ledgers; } want[] = {
        {14, 3, 0, 9}, {13, 4, 0, 8}, {10, 3, 0, 7}, {14, 2, 0, 11}, {20, 0, 6, 11}};
    for (size_t s = 0; s < 5; s++) {
        jx_document *doc = load(seeds[s]);
        size_t scorecards = count_kind(doc, JX_KIND_PROJECT)
            + count_kind(doc, JX_KIND_DEPARTMENT) + count_kind(doc, JX_KIND_SPECIAL_FUND);
        if (doc->ntables != want[s].tables || scorecards != want[s].scorecards
            || count_kind(doc, JX_KIND_TARGET) != want[s].targets
            || count_kind(doc, JX_KIND_LEDGER) != want[s].ledgers)
            fail_msg("%s: %zu tables, %zu scorecards, %zu targets, %zu ledgers", seeds[s],
                     doc->ntables, scorecards, count_kind(doc, JX_KIND_TARGET),
                     count_kind(doc, JX_KIND_LEDGER));
        jx_document_free(doc);
    }
}

static void test_seed_scorecard_kinds(void **state)
{
    (void)state;
    jx_document *doc = load(seeds[0]);
    assert_int_equal(doc->tables[1].kind, JX_KIND_DEPARTMENT);
    assert_int_equal(doc->tables[2].kind, JX_KIND_PROJECT);
    assert_int_equal(doc->tables[3].kind, JX_KIND_SPECIAL_FUND);
    assert_int_equal(doc->tables[1].line_start, 330);
    assert_int_equal(doc->tables[1].line_end, 349);
    jx_document_free(doc);
    doc = load(seeds[2]);
    assert_string_equal(doc->tables[7].title, "部门整体自评表");
    assert_int_equal(doc->tables[7].kind, JX_KIND_DEPARTMENT);
    assert_int_equal(doc->tables[8].kind, JX_KIND_PROJECT);
    jx_document_free(doc);
}

/* Every row of every seed table comes from a TAB line, and no prose line
 * (a line without TAB) falls inside a table's line range. */
static void test_seed_no_prose_in_tables(void **state)
{
    (void)state;
    for (size_t s = 0; s < 5; s++) {
        jx_document *doc = load(seeds[s]);
        for (size_t k = 0; k < doc->ntables; k++) {
            const jx_table *t = &doc->tables[k];
            for (uint32_t l = t->line_start; l <= t->line_end; l++) {
                const char *text = doc->lines[l - 1].text;
                if (text[0] != '\0' && strchr(text, '\t') == NULL)
                    fail_msg("%s: prose line %u inside table %zu", seeds[s], l, t->index);
            }
            if (k > 0 && t->line_start <= doc->tables[k - 1].line_end)
                fail_msg("%s: tables %zu and %zu overlap", seeds[s], k, k + 1);
        }
        jx_document_free(doc);
    }
}

/* ------------------------------------------------------------ encodings */

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc((size_t)n + 1);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return bytes;
}

static unsigned char *to_gb18030(const unsigned char *utf8, size_t n, size_t *out_len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t cap = n * 2 + 16, left = cap;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    char *in = (char *)utf8, *o = (char *)out;
    size_t inleft = n;
    assert_true(iconv(cd, &in, &inleft, &o, &left) != (size_t)-1);
    iconv_close(cd);
    *out_len = cap - left;
    return out;
}

static void assert_same_tables(const jx_document *a, const jx_document *b)
{
    assert_int_equal(a->ntables, b->ntables);
    for (size_t k = 0; k < a->ntables; k++) {
        const jx_table *x = &a->tables[k], *y = &b->tables[k];
        assert_string_equal(x->title, y->title);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->line_start, y->line_start);
        assert_int_equal(x->line_end, y->line_end);
        assert_int_equal(x->grid.nrows, y->grid.nrows);
        for (size_t r = 0; r < x->grid.nrows; r++) {
            assert_int_equal(x->grid.rows[r].ncells, y->grid.rows[r].ncells);
            for (size_t c = 0; c < x->grid.rows[r].ncells; c++)
                assert_string_equal(x->grid.rows[r].cells[c].text, y->grid.rows[r].cells[c].text);
        }
    }
}

static void test_gb18030_copy_parses_the_same(void **state)
{
    (void)state;
    for (size_t s = 0; s < 5; s++) {
        size_t n, gn;
        unsigned char *utf8 = read_file(seeds[s], &n);
        unsigned char *gb = to_gb18030(utf8, n, &gn);
        jx_error err = {0};
        jx_document *a = jx_document_parse("seed.txt", utf8, n, JX_FORMAT_AUTO, &err);
        jx_document *b = jx_document_parse("seed.txt", gb, gn, JX_FORMAT_AUTO, &err);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(a->encoding, JX_ENC_UTF8);
        assert_int_equal(b->encoding, JX_ENC_GB18030);
        assert_same_tables(a, b);
        jx_document_free(a);
        jx_document_free(b);
        free(utf8);
        free(gb);
    }
}

static void test_crlf_copy_parses_the_same(void **state)
{
    (void)state;
    size_t n;
    unsigned char *utf8 = read_file(seeds[1], &n);
    unsigned char *crlf = malloc(2 * n + 1);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (utf8[i] == '\n')
            crlf[m++] = '\r';
        crlf[m++] = utf8[i];
    }
    jx_error err = {0};
    jx_document *a = jx_document_parse("a.txt", utf8, n, JX_FORMAT_AUTO, &err);
    jx_document *b = jx_document_parse("b.txt", crlf, m, JX_FORMAT_AUTO, &err);
    assert_same_tables(a, b);
    jx_document_free(a);
    jx_document_free(b);
    free(utf8);
    free(crlf);
}

/* ------------------------------------------------------------ hostile inputs */

static void test_empty_document(void **state)
{
    (void)state;
    jx_error err = {0};
    jx_document *doc = jx_document_parse("empty.txt", (const unsigned char *)"", 0,
                                         JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_int_equal(doc->ntables, 0);
    jx_document_free(doc);
    doc = jx_document_parse("empty.csv", (const unsigned char *)"", 0, JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_int_equal(doc->ntables, 0);
    jx_document_free(doc);
}

static void test_binary_is_refused(void **state)
{
    (void)state;
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    jx_error err = {0};
    assert_null(jx_document_parse("x.txt", png, sizeof png, JX_FORMAT_AUTO, &err));
    assert_int_equal(err.status, JX_ERR_NOT_TEXT);
    assert_non_null(strstr(err.message, "NUL"));
}

static void test_one_64mb_line(void **state)
{
    (void)state;
    size_t n = (size_t)64 << 20;
    unsigned char *bytes = malloc(n);
    assert_non_null(bytes);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)("预算执行率\t"[i % 16]);
    n -= n % 16; /* whole characters only */
    jx_error err = {0};
    jx_document *doc = jx_document_parse("long.txt", bytes, n, JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_int_equal(doc->nlines, 1);
    assert_int_equal(doc->ntables, 0); /* one line is no table, however wide */
    jx_document_free(doc);
    free(bytes);
}

static void test_ten_thousand_columns(void **state)
{
    (void)state;
    const size_t cols = 10000, rows = 3;
    size_t cap = rows * cols * 12 + 64, n = 0;
    char *text = malloc(cap);
    n += (size_t)snprintf(text + n, cap - n, "宽表\n");
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cols; c++)
            n += (size_t)snprintf(text + n, cap - n, "%s%zu.%02zu", c ? "\t" : "", r * cols + c, c % 100);
        text[n++] = '\n';
    }
    jx_error err = {0};
    jx_document *doc = jx_document_parse("wide.txt", (unsigned char *)text, n, JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_int_equal(doc->ntables, 1);
    const jx_table *t = &doc->tables[0];
    assert_string_equal(t->title, "宽表");
    assert_int_equal(t->grid.ncols, cols);
    assert_int_equal(t->grid.nrows, rows);
    assert_string_equal(cell(t, 2, 9999)->norm, "29999.99");
    assert_int_equal(cell(t, 2, 9999)->col, 10000);
    jx_buf out;
    jx_buf_init(&out);
    jx_render_parse_json(&out, doc);
    assert_false(out.failed);
    assert_non_null(strstr(out.data, "\"29999.99\""));
    jx_buf_free(&out);
    jx_document_free(doc);
    free(text);
}

static void test_missing_file(void **state)
{
    (void)state;
    jx_error err = {0};
    assert_null(jx_document_load("tests/fixtures/no-such-file.txt", JX_FORMAT_AUTO, &err));
    assert_int_equal(err.status, JX_ERR_IO);
    assert_null(jx_document_load("tests/fixtures", JX_FORMAT_AUTO, &err));
    assert_int_equal(err.status, JX_ERR_IO);
}

/* The segmenter's words are the forms': a unit label added to a copied
 * forms/tables.ini ([meta] unit) is read as the table's unit. */
static void test_meta_words_from_a_forms_folder(void **state)
{
    (void)state;
    static const char text[] = "测试支出决算表\n计量单位:万元\n"
                               "科目名称\t决算数\n基本支出\t10\n项目支出\t5\n合计\t15\n";
    jx_error err = {0};
    jx_document *doc = jx_document_parse("t.txt", (const unsigned char *)text, strlen(text),
                                         JX_FORMAT_TEXT, &err);
    assert_non_null(doc);
    assert_int_equal(doc->ntables, 1);
    assert_string_equal(doc->tables[0].unit, "");
    jx_document_free(doc);

    char dir[] = "/tmp/jx_meta_XXXXXX", cmd[160];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cp forms/*.ini %s/ && sed -i 's/^unit = 金额单位:/unit = 计量单位:*, 金额单位:/' "
             "%s/tables.ini", dir, dir);
    assert_int_equal(system(cmd), 0);
    jx_forms *forms = NULL;
    if (jx_forms_load(dir, &forms, &err) != JX_OK)
        fail_msg("%s", err.message);
    doc = jx_document_parse_with("t.txt", (const unsigned char *)text, strlen(text),
                                 JX_FORMAT_TEXT, forms, &err);
    assert_non_null(doc);
    assert_string_equal(doc->tables[0].unit, "万元");
    assert_string_equal(doc->tables[0].title, "测试支出决算表");
    jx_document_free(doc);
    jx_forms_free(forms);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_break_with_repeated_header),
        cmocka_unit_test(test_page_break_two_sided),
        cmocka_unit_test(test_title_split_over_two_lines),
        cmocka_unit_test(test_meta_row_inside_table),
        cmocka_unit_test(test_table_number_above_title),
        cmocka_unit_test(test_markdown_rule_row_is_dropped),
        cmocka_unit_test(test_untitled_table_takes_heading),
        cmocka_unit_test(test_wrapped_cells_are_joined),
        cmocka_unit_test(test_table_split_by_lost_merged_cells),
        cmocka_unit_test(test_gap_that_starts_a_table),
        cmocka_unit_test(test_pipe_table_and_prose),
        cmocka_unit_test(test_csv_document),
        cmocka_unit_test(test_seed_table_counts),
        cmocka_unit_test(test_seed_scorecard_kinds),
        cmocka_unit_test(test_seed_no_prose_in_tables),
        cmocka_unit_test(test_gb18030_copy_parses_the_same),
        cmocka_unit_test(test_crlf_copy_parses_the_same),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_binary_is_refused),
        cmocka_unit_test(test_one_64mb_line),
        cmocka_unit_test(test_ten_thousand_columns),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_meta_words_from_a_forms_folder),
    };
    return cmocka_run_group_tests_name("segment", tests, NULL, NULL);
}
