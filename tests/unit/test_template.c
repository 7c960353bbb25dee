/* test_template.c — form templates: the shipped INI files, defaults, strict
 * parsing with line numbers, loading by name or path, finding blocks. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ helpers */

static void load_ok(const char *name, jx_template *t)
{
    jx_error err;
    if (jx_template_load(name, "templates", t, &err) != JX_OK)
        fail_msg("load %s: %s:%u: %s", name, t->path, err.line, err.message);
}

static void parse_ok(const char *text, jx_template *t)
{
    jx_error err;
    if (jx_template_parse(text, "mem.ini", t, &err) != JX_OK)
        fail_msg("parse: line %u: %s\n%s", err.line, err.message, text);
}

/* The exact status, line and message an INI text must fail with. */
static void expect_error(const char *text, uint32_t line, const char *message)
{
    jx_template t;
    jx_error err;
    jx_status status = jx_template_parse(text, "mem.ini", &t, &err);
    if (status != JX_ERR_FORMAT || err.line != line || strcmp(err.message, message) != 0)
        fail_msg("got status %d line %u '%s'\nwant status %d line %u '%s'\nin:\n%s",
                 (int)status, err.line, err.message, (int)JX_ERR_FORMAT, line, message, text);
}

static const jx_form_block *block_ok(const jx_template *t, const char *name)
{
    const jx_form_block *b = jx_template_block(t, name);
    if (b == NULL)
        fail_msg("%s: no block [%s]", t->name, name);
    assert_string_equal(b->name, name);
    return b;
}

static const jx_form_field *field_ok(const jx_form_block *b, const char *name)
{
    for (size_t i = 0; i < b->nfields; i++) {
        if (strcmp(b->fields[i].field, name) == 0)
            return &b->fields[i];
    }
    fail_msg("[%s]: no field %s", b->name, name);
    return NULL;
}

static bool has_field(const jx_form_block *b, const char *name)
{
    for (size_t i = 0; i < b->nfields; i++) {
        if (strcmp(b->fields[i].field, name) == 0)
            return true;
    }
    return false;
}

/* A field's columns (0-based, A = 0) and header. */
static void expect_field(const jx_form_block *b, const char *name, int first, int last,
                         const char *header)
{
    const jx_form_field *f = field_ok(b, name);
    if (f->first != first || f->last != last || strcmp(f->header, header) != 0)
        fail_msg("[%s] %s: got %c:%c '%s', want %c:%c '%s'", b->name, name, 'A' + f->first,
                 'A' + f->last, f->header, 'A' + first, 'A' + last, header);
}

/* Every template prints the same page: A4 landscape, one page wide, 宋体. */
static void expect_print_setup(const jx_template *t)
{
    assert_string_equal(t->font_name, "宋体");
    assert_int_equal(t->font_size, 10);
    assert_int_equal(t->title_size, 16);
    assert_int_equal(t->header_fill, 0xD9D9D9);
    assert_int_equal(t->corrected_fill, 0xFFC7CE);
    assert_string_equal(t->amount_format, "0.00");
    assert_string_equal(t->rate_format, "0.00%");
    assert_string_equal(t->score_format, "0.00");
    assert_true(t->landscape);
    assert_int_equal(t->paper, 9);
    assert_int_equal(t->fit_width, 1);
    assert_int_equal(t->margin_mm, 10);
    assert_string_equal(t->footer, "&L{file}&C第 &P 页 共 &N 页");
}

/* ------------------------------------------------------------ shipped templates */

static void test_project(void **state)
{
    (void)state;
    jx_template t;
    load_ok("project", &t);
    assert_string_equal(t.name, "project");
    assert_string_equal(t.path, "templates/project.ini");
    assert_string_equal(t.kind, "project");
    assert_string_equal(t.title, "项目支出绩效自评表");
    assert_string_equal(t.sheet_name, "项目自评");
    expect_print_setup(&t);
    assert_int_equal(t.ncolumns, 9);
    assert_int_equal(t.column_width_tenths[0], 120); /* 一级指标 */
    assert_int_equal(t.column_width_tenths[2], 280); /* 三级指标 */
    assert_int_equal(t.column_width_tenths[8], 300); /* 偏差原因分析及改进措施 */
    /* funds, management, goals, indicators, grade, corrections, signature */
    assert_int_equal(t.nblocks, 7);
    assert_int_equal(t.font_charset, JX_CHARSET_GB2312);
    assert_null(jx_template_block(&t, "tasks"));
    expect_field(block_ok(&t, "goals"), "expected", 2, 4, "预期目标");
    expect_field(block_ok(&t, "grade"), "computed", 7, 8, "重算：");
    expect_field(block_ok(&t, "corrections"), "reason", 7, 8, "修正原因");
    /* The lines to sign take two rows: 单位负责人 shares 填报单位's columns. */
    const jx_form_block *sign = block_ok(&t, "signature");
    assert_int_equal(sign->nfields, 5);
    expect_field(sign, "head", 0, 1, "单位负责人：");

    const jx_form_block *funds = block_ok(&t, "funds");
    assert_int_equal(funds->nfields, 7);
    assert_string_equal(funds->fields[0].field, "label"); /* the order written */
    expect_field(funds, "label", 0, 1, "项目资金(万元)");
    expect_field(funds, "budget", 3, 3, "全年预算数(A)");
    expect_field(funds, "executed", 4, 4, "全年执行数(B)");
    expect_field(funds, "rate", 6, 6, "执行率(B/A)");
    expect_field(funds, "score", 7, 7, "得分");

    const jx_form_block *management = block_ok(&t, "management");
    assert_int_equal(management->nfields, 5);
    expect_field(management, "description", 2, 4, "情况说明");
    expect_field(management, "note", 7, 8, "存在问题和改进措施");

    const jx_form_block *ind = block_ok(&t, "indicators");
    assert_int_equal(ind->nfields, 9);
    expect_field(ind, "level1", 0, 0, "一级指标");
    expect_field(ind, "level2", 1, 1, "二级指标");
    expect_field(ind, "level3", 2, 2, "三级指标");
    expect_field(ind, "target", 3, 3, "年度指标值");
    expect_field(ind, "actual", 4, 4, "实际完成值");
    expect_field(ind, "weight", 5, 5, "分值");
    expect_field(ind, "score", 6, 6, "得分");
    expect_field(ind, "deviation", 7, 7, "偏差度");
    expect_field(ind, "note", 8, 8, "偏差原因分析及改进措施");
}

static void test_special_fund(void **state)
{
    (void)state;
    jx_template t;
    load_ok("special_fund", &t);
    assert_string_equal(t.name, "special_fund");
    assert_string_equal(t.kind, "special_fund");
    assert_string_equal(t.title, "中央直达专项资金绩效自评表");
    assert_string_equal(t.sheet_name, "专项资金自评");
    expect_print_setup(&t);
    assert_int_equal(t.ncolumns, 8);
    assert_null(jx_template_block(&t, "management"));
    const jx_form_block *funds = block_ok(&t, "funds");
    expect_field(funds, "label", 0, 1, "项目资金(万元)");
    expect_field(funds, "score", 7, 7, "得分");
    const jx_form_block *ind = block_ok(&t, "indicators");
    assert_int_equal(ind->nfields, 8);
    assert_false(has_field(ind, "deviation"));
    expect_field(ind, "note", 7, 7, "偏差原因分析及改进措施");
}

static void test_department(void **state)
{
    (void)state;
    jx_template t;
    load_ok("department", &t);
    assert_string_equal(t.kind, "department");
    assert_string_equal(t.title, "部门整体支出绩效自评表");
    assert_string_equal(t.sheet_name, "部门整体自评");
    expect_print_setup(&t);
    assert_int_equal(t.ncolumns, 13);

    const jx_form_block *tasks = block_ok(&t, "tasks");
    assert_int_equal(tasks->nfields, 12);
    expect_field(tasks, "name", 0, 1, "任务名称");
    expect_field(tasks, "content", 2, 2, "主要内容");
    expect_field(tasks, "status", 3, 3, "完成情况");
    expect_field(tasks, "budget_total", 4, 4, "全年预算数 总额");
    expect_field(tasks, "exec_other", 9, 9, "全年执行数 其他资金");
    expect_field(tasks, "score", 12, 12, "得分");

    const jx_form_block *ind = block_ok(&t, "indicators");
    expect_field(ind, "level3", 2, 2, "指标内容");
    expect_field(ind, "deviation", 7, 7, "偏差度");
    expect_field(ind, "note", 8, 12, "偏差原因分析及改进措施");

    /* Henan's 部门整体支出情况: its rate and score under the tasks' ones. */
    const jx_form_block *funds = block_ok(&t, "funds");
    expect_field(funds, "budget", 4, 6, "全年预算数");
    expect_field(funds, "rate", 11, 11, "执行率");
}

static void test_target(void **state)
{
    (void)state;
    jx_template t;
    load_ok("target", &t);
    assert_string_equal(t.kind, "target");
    assert_string_equal(t.title, "绩效目标表");
    expect_print_setup(&t);
    assert_int_equal(t.ncolumns, 7);

    const jx_form_block *ind = block_ok(&t, "indicators");
    assert_int_equal(ind->nfields, 5);
    assert_false(has_field(ind, "actual"));
    assert_false(has_field(ind, "weight"));
    assert_false(has_field(ind, "score"));
    expect_field(ind, "level3", 2, 2, "指标内容");
    expect_field(ind, "target", 3, 5, "指标值");
    expect_field(ind, "note", 6, 6, "备注");

    const jx_form_block *funds = block_ok(&t, "funds");
    assert_int_equal(funds->nfields, 2);
    expect_field(funds, "budget", 3, 3, "金额");

    const jx_form_block *tasks = block_ok(&t, "tasks");
    assert_int_equal(tasks->nfields, 5);
    expect_field(tasks, "budget_other", 5, 5, "预算金额 其他资金");
}

static void test_summary(void **state)
{
    (void)state;
    static const char *const headers[] = {
        "序号", "名称", "类型", "单位", "规则", "自评总分", "重算总分",
        "差额", "自评等级", "重算等级", "错误", "警告", "提示", "链接",
    };
    jx_template t;
    load_ok("summary", &t);
    assert_string_equal(t.kind, "summary");
    assert_string_equal(t.sheet_name, "审核摘要");
    assert_string_equal(t.title, "审核摘要");
    expect_print_setup(&t);
    assert_int_equal(t.nblocks, 1);
    const jx_form_block *b = block_ok(&t, "summary");
    assert_int_equal(b->nfields, 14);
    assert_int_equal(t.ncolumns, 14);
    for (size_t i = 0; i < b->nfields; i++) {
        assert_int_equal(b->fields[i].first, i); /* one column each, A to N */
        assert_string_equal(b->fields[i].header, headers[i]);
    }
    assert_string_equal(b->fields[13].field, "link");
}

static void test_findings(void **state)
{
    (void)state;
    static const char *const headers[] = {
        "严重程度", "代码", "位置", "表", "行", "列", "表中值", "重算值", "说明",
    };
    jx_template t;
    load_ok("findings", &t);
    assert_string_equal(t.kind, "findings");
    assert_string_equal(t.sheet_name, "问题清单");
    expect_print_setup(&t);
    const jx_form_block *b = block_ok(&t, "findings");
    assert_int_equal(b->nfields, 9);
    for (size_t i = 0; i < b->nfields; i++)
        assert_string_equal(b->fields[i].header, headers[i]);
    expect_field(b, "message", 8, 8, "说明");
    assert_int_equal(t.column_width_tenths[8], 440);
}

/* The financial tables' sheets: no fixed fields, the room of a text column
 * and of an amount column, each the width of the column its field is on. */
static void test_ledger(void **state)
{
    (void)state;
    jx_template t;
    load_ok("ledger", &t);
    assert_string_equal(t.kind, "ledger");
    assert_string_equal(t.sheet_name, "财务表");
    assert_string_equal(t.title, "财务报表");
    expect_print_setup(&t);
    assert_int_equal(t.nblocks, 1);
    const jx_form_block *b = block_ok(&t, "ledger");
    assert_int_equal(b->nfields, 2);
    expect_field(b, "label", 0, 0, "项目");
    expect_field(b, "amount", 1, 1, "金额");
    assert_int_equal(t.column_width_tenths[0], 400);
    assert_int_equal(t.column_width_tenths[1], 120);
}

/* What holds for every shipped template: fields on declared, distinct
 * columns, and a sheet narrow enough to print one page wide legibly. */
static void test_all_shipped_fit(void **state)
{
    (void)state;
    static const char *const names[] = {"project", "special_fund", "department", "target",
                                        "summary", "findings",     "ledger"};
    for (size_t n = 0; n < sizeof names / sizeof names[0]; n++) {
        jx_template t;
        load_ok(names[n], &t);
        assert_string_equal(t.name, names[n]);
        int total = 0;
        for (size_t c = 0; c < t.ncolumns; c++) {
            assert_true(t.column_width_tenths[c] >= 60);
            total += t.column_width_tenths[c];
        }
        if (total > 1600)
            fail_msg("%s: %d.%d characters wide", names[n], total / 10, total % 10);
        for (size_t b = 0; b < t.nblocks; b++) {
            const jx_form_block *block = &t.blocks[b];
            bool used[JX_TEMPLATE_MAX_COLUMNS] = {false};
            /* the lines to sign share columns row by row */
            bool rows = strcmp(block->name, "signature") == 0;
            for (size_t i = 0; i < block->nfields; i++) {
                const jx_form_field *f = &block->fields[i];
                assert_true(f->first <= f->last && f->last < t.ncolumns);
                assert_true(f->header[0] != '\0');
                for (int c = f->first; c <= f->last && !rows; c++) {
                    assert_false(used[c]);
                    used[c] = true;
                }
            }
        }
    }
}

/* ------------------------------------------------------------ reading */

static void test_defaults(void **state)
{
    (void)state;
    jx_template t;
    memset(&t, 0xAB, sizeof t);
    parse_ok("[template]\n"
             "kind = project\n"
             "[columns]\n"
             "A = 10\n"
             "[indicators]\n"
             "level1 = A\n",
             &t);
    assert_string_equal(t.name, "mem"); /* from the path */
    assert_string_equal(t.path, "mem.ini");
    assert_string_equal(t.title, "");
    assert_string_equal(t.sheet_name, "");
    expect_print_setup(&t);
    assert_int_equal(t.ncolumns, 1);
    assert_int_equal(t.column_width_tenths[0], 100);
    assert_int_equal(t.column_width_tenths[1], 0);
    assert_int_equal(t.nblocks, 1);
    assert_int_equal(t.blocks[0].nfields, 1);
    assert_string_equal(t.blocks[0].fields[0].header, "");
}

static void test_values(void **state)
{
    (void)state;
    jx_template t;
    parse_ok("[template]\n"
             "name = custom-1\n"
             "kind = target\n"
             "sheet = 目标 A\n"
             "[font]\n"
             "name = Noto Serif CJK SC\n"
             "size = 9\n"
             "title_size = 14\n"
             "[colors]\n"
             "header = #a0b1C2\n"
             "corrected = #000000\n"
             "[formats]\n"
             "amount = #,##0.00;-#,##0.00\n"
             "[page]\n"
             "orientation = portrait\n"
             "paper = letter\n"
             "fit_width = 0\n"
             "margin_mm = 0\n"
             "footer =\n"
             "[indicators]\n"
             "note = C : E |  说明 | 备注  \n"
             "level1 = A\n"
             "level2 = B|\n"
             "[columns]\n"
             "E = 7.5\n"
             "A = 12.5\n"
             "C = 0.1\n"
             "B = 255\n"
             "D = 10.0\n",
             &t);
    assert_string_equal(t.name, "custom-1");
    assert_string_equal(t.sheet_name, "目标 A");
    assert_string_equal(t.font_name, "Noto Serif CJK SC");
    assert_int_equal(t.font_size, 9);
    assert_int_equal(t.title_size, 14);
    assert_int_equal(t.header_fill, 0xA0B1C2);
    assert_int_equal(t.corrected_fill, 0);
    assert_string_equal(t.amount_format, "#,##0.00;-#,##0.00");
    assert_string_equal(t.rate_format, "0.00%");
    assert_false(t.landscape);
    assert_int_equal(t.paper, 1);
    assert_int_equal(t.fit_width, 0);
    assert_int_equal(t.margin_mm, 0);
    assert_string_equal(t.footer, "");
    assert_int_equal(t.ncolumns, 5);
    assert_int_equal(t.column_width_tenths[0], 125);
    assert_int_equal(t.column_width_tenths[1], 2550);
    assert_int_equal(t.column_width_tenths[2], 1);
    assert_int_equal(t.column_width_tenths[3], 100);
    assert_int_equal(t.column_width_tenths[4], 75);
    /* Fields keep the order they are written in. */
    const jx_form_block *ind = block_ok(&t, "indicators");
    assert_string_equal(ind->fields[0].field, "note");
    assert_string_equal(ind->fields[1].field, "level1");
    expect_field(ind, "note", 2, 4, "说明 | 备注");
    expect_field(ind, "level2", 1, 1, "");

    parse_ok("[template]\nkind = summary\n[page]\npaper = a3\n[columns]\nA = 1\n"
             "[summary]\nname = A\n",
             &t);
    assert_int_equal(t.paper, 8);
    assert_true(t.landscape);
}

static void test_block_lookup(void **state)
{
    (void)state;
    jx_template t;
    parse_ok("[template]\nkind = project\n[columns]\nA = 8\nB = 8\n"
             "[indicators]\nlevel1 = A\n[funds]\nlabel = A:B\n",
             &t);
    assert_int_equal(t.nblocks, 2);
    assert_ptr_equal(jx_template_block(&t, "indicators"), &t.blocks[0]);
    assert_ptr_equal(jx_template_block(&t, "funds"), &t.blocks[1]);
    assert_null(jx_template_block(&t, "tasks"));
    assert_null(jx_template_block(&t, "fund"));
    assert_null(jx_template_block(&t, NULL));
    assert_null(jx_template_block(NULL, "funds"));
}

/* ------------------------------------------------------------ errors */

/* A valid head, so that errors below can be placed on known lines. */
#define HEAD "[template]\nkind = project\n[columns]\nA = 10\nB = 10\nC = 20\n" /* lines 1-6 */
#define IND "[indicators]\nlevel1 = A\n"                                     /* lines 7-8 */

static void test_error_sections_and_keys(void **state)
{
    (void)state;
    expect_error(HEAD IND "[pagee]\norientation = portrait\n", 9, "unknown section [pagee]");
    expect_error(HEAD IND "[page]\nfoo = 1\n", 10, "unknown key 'foo' in [page]");
    expect_error(HEAD IND "[page]\n  width = x\n", 10, "unknown key 'width' in [page]");
    expect_error("kind = project\n", 1, "key 'kind' before any [section]");
    expect_error(HEAD IND "[template]\n", 9, "section [template] given twice (first on line 1)");
    expect_error(HEAD IND "[font]\nsize = 10\nsize = 11\n", 11, "duplicate key 'size' in [font]");
    expect_error(HEAD IND "[page\n", 9, "expected ']' to end the section name");
    expect_error(HEAD IND "just words\n", 9, "expected 'key = value' or '[section]'");
    expect_error(HEAD "; a comment\n\n" IND "[template]\ntitle = x\n", 11,
                 "section [template] given twice (first on line 1)");
}

static void test_error_values(void **state)
{
    (void)state;
    expect_error(HEAD IND "[font]\nsize = 0\n", 10,
                 "key 'size': expected a whole number from 1 to 409: '0'");
    expect_error(HEAD IND "[font]\ntitle_size = 10.5\n", 10,
                 "key 'title_size': expected a whole number from 1 to 409: '10.5'");
    expect_error(HEAD IND "[font]\nname =\n", 10, "key 'name': empty");
    expect_error(HEAD IND "[page]\nfit_width = -1\n", 10,
                 "key 'fit_width': expected a whole number from 0 to 100: '-1'");
    expect_error(HEAD IND "[page]\norientation = Landscape\n", 10,
                 "key 'orientation': expected landscape or portrait: 'Landscape'");
    expect_error(HEAD IND "[page]\npaper = b5\n", 10,
                 "key 'paper': expected a4, a3 or letter: 'b5'");
    expect_error(HEAD IND "[page]\nfooter = &L{file} {page}\n", 10,
                 "key 'footer': unknown placeholder (only {file}): '&L{file} {page}'");
    /* Issue 8.1: an image placeholder in a footer made libxlsxwriter free it twice. */
    expect_error(HEAD IND "[page]\nfooter = &L&G {file}\n", 10,
                 "key 'footer': a footer holds no picture (&G, &[Picture]): '&L&G {file}'");
    expect_error(HEAD IND "[page]\nfooter = &C&[Picture]\n", 10,
                 "key 'footer': a footer holds no picture (&G, &[Picture]): '&C&[Picture]'");
    expect_error(HEAD IND "[page]\nfooter = R&Q\n", 10,
                 "key 'footer': '&Q' is no footer code (write && for an &): 'R&Q'");
    expect_error(HEAD IND "[formats]\namount = 0.00000000000000000000000000000000\n", 10,
                 "key 'amount': longer than 31 bytes");
    expect_error(HEAD IND "[template]\n", 9, "section [template] given twice (first on line 1)");
    expect_error("[template]\nkind = projects\n", 2,
                 "key 'kind': expected project, department, special_fund, target, summary, "
                 "findings or ledger: 'projects'");
    expect_error("[template]\nkind = project\nkind = target\n", 3,
                 "duplicate key 'kind' in [template]");
}

static void test_error_colors(void **state)
{
    (void)state;
    expect_error(HEAD IND "[colors]\nheader = #FFF\n", 10,
                 "key 'header': expected a colour #RRGGBB: '#FFF'");
    expect_error(HEAD IND "[colors]\ncorrected = FFC7CE\n", 10,
                 "key 'corrected': expected a colour #RRGGBB: 'FFC7CE'");
    expect_error(HEAD IND "[colors]\nheader = #GG0000\n", 10,
                 "key 'header': expected a colour #RRGGBB: '#GG0000'");
    expect_error(HEAD IND "[colors]\nheader = #D9D9D9D9\n", 10,
                 "key 'header': expected a colour #RRGGBB: '#D9D9D9D9'");
}

static void test_error_names(void **state)
{
    (void)state;
    expect_error("[template]\nkind = project\nsheet = 项目/自评\n", 3,
                 "key 'sheet': '/' is not allowed in a sheet name: '项目/自评'");
    expect_error("[template]\nsheet = a[1]\n", 2,
                 "key 'sheet': '[' is not allowed in a sheet name: 'a[1]'");
    expect_error("[template]\nsheet = 'quoted'\n", 2,
                 "key 'sheet': a sheet name may not start or end with an apostrophe: "
                 "''quoted''");
    /* Eight CJK characters are 24 bytes. */
    expect_error("[template]\nsheet = 部门整体支出自评\n", 2, "key 'sheet': longer than 20 bytes");
    expect_error("[template]\nsheet =\n", 2, "key 'sheet': empty");
    expect_error("[template]\nname = ../etc\n", 2,
                 "key 'name': not a template name (letters, digits, '_', '-'): '../etc'");
    expect_error("[template]\nname = 项目\n", 2,
                 "key 'name': not a template name (letters, digits, '_', '-'): '项目'");
}

static void test_error_columns(void **state)
{
    (void)state;
    expect_error("[template]\nkind = project\n[columns]\nA = 10\nB = x\n", 5,
                 "key 'B': not a number: 'x'");
    expect_error("[columns]\nA = 12.55\n", 2, "key 'A': more than one decimal: '12.55'");
    expect_error("[columns]\nA = 0\n", 2, "key 'A': must be above 0: '0'");
    expect_error("[columns]\nA = 255.1\n", 2, "key 'A': above 255: '255.1'");
    expect_error("[columns]\nA = 12%\n", 2, "key 'A': expected a width without '%': '12%'");
    expect_error("[columns]\nA = -3\n", 2, "key 'A': not a number: '-3'");
    expect_error("[columns]\na = 3\n", 2,
                 "unknown key 'a' in [columns]: columns are letters A to Z");
    expect_error("[columns]\nAA = 3\n", 2,
                 "unknown key 'AA' in [columns]: columns are letters A to Z");
    expect_error("[columns]\nA = 3\nA = 4\n", 3, "duplicate key 'A' in [columns]");
    /* A gap: D is declared (line 7) but C is not. */
    expect_error("[template]\nkind = project\n[columns]\nA = 10\nB = 10\n; C forgotten\n"
                 "D = 10\n" IND,
                 7, "column D is declared but C is not");
    expect_error("[template]\nkind = project\n[columns]\nB = 10\n" IND, 4,
                 "column B is declared but A is not");
    expect_error("[template]\nkind = project\n[indicators]\nlevel1 = A\n", 0,
                 "no [columns]: a template declares its columns (A = width, …)");
    expect_error("[template]\nkind = project\n[indicators]\nlevel1 = A\n[columns]\n", 5,
                 "no [columns]: a template declares its columns (A = width, …)");
}

static void test_error_fields(void **state)
{
    (void)state;
    expect_error(HEAD IND "level2 = A-C\n", 9,
                 "key 'level2': expected a column range like C or C:E: 'A-C'");
    expect_error(HEAD IND "level2 = b\n", 9,
                 "key 'level2': expected a column range like C or C:E: 'b'");
    expect_error(HEAD IND "level2 = | 二级指标\n", 9,
                 "key 'level2': expected a column range like C or C:E: ''");
    expect_error(HEAD IND "level2 = B:C:D\n", 9,
                 "key 'level2': expected a column range like C or C:E: 'B:C:D'");
    expect_error(HEAD IND "level2 = C:B\n", 9, "key 'level2': columns C:B run backwards");
    expect_error(HEAD IND "level2 = B\nlevel2 = C\n", 10,
                 "duplicate key 'level2' in [indicators]");
    expect_error(HEAD IND "level2 = B:C\ntarget = C\n", 10,
                 "key 'target': columns C overlap 'level2' (B:C)");
    expect_error(HEAD IND "level2 = A:B\n", 9, "key 'level2': columns A:B overlap 'level1' (A)");
    /* A field a block does not have. */
    expect_error(HEAD IND "[funds]\nactual = B\n", 10, "unknown key 'actual' in [funds]");
    expect_error(HEAD IND "Level2 = B\n", 9, "unknown key 'Level2' in [indicators]");
    /* Columns are checked once the file is read, at the field's line. */
    expect_error(HEAD IND "level2 = B\nnote = C:F | 说明\ntarget = G\n", 10,
                 "key 'note': column F is not declared in [columns]");
    expect_error(HEAD IND "level3 = "
                          "C | 一二三四五六七八九十一二三四五六七八九十一二\n",
                 9, "key 'level3': header longer than 63 bytes");
}

static void test_error_kinds_and_blocks(void **state)
{
    (void)state;
    expect_error("[columns]\nA = 10\n" IND, 0, "key 'kind' is required in [template]");
    expect_error("[template]\ntitle = 表\n[columns]\nA = 10\n" IND, 1,
                 "key 'kind' is required in [template]");
    expect_error(HEAD "[funds]\nlabel = A:B\n", 1, "a project template needs [indicators]");
    expect_error("[template]\nkind = summary\n[columns]\nA = 8\n" IND, 5,
                 "[indicators] does not belong in a summary template");
    expect_error("[template]\nkind = findings\n[columns]\nA = 8\n[summary]\nname = A\n", 5,
                 "[summary] does not belong in a findings template");
    expect_error("[template]\nkind = findings\n[columns]\nA = 8\n", 1,
                 "a findings template needs [findings]");
    expect_error(HEAD IND "[management]\n; nothing yet\n", 9, "[management] places no fields");
    /* The face's script: gb2312, big5 or none. */
    expect_error("[template]\nkind = project\n[font]\ncharset = latin\n", 4,
                 "key 'charset': expected gb2312, big5 or none: 'latin'");
    /* The form's own blocks belong to scorecard forms, with their own fields. */
    expect_error("[template]\nkind = summary\n[columns]\nA = 8\n[summary]\nname = A\n"
                 "[signature]\nunit = A\n", 7, "[signature] does not belong in a summary template");
    expect_error(HEAD IND "[corrections]\nmark = A\nlevel1 = B\n", 11,
                 "unknown key 'level1' in [corrections]");
    expect_error(HEAD IND "[grade]\nlabel = A\ndeclared = A\n", 11,
                 "key 'declared': columns A overlap 'label' (A)");
    /* A ledger template has [ledger] and no other block; no other kind has [ledger]. */
    expect_error("[template]\nkind = ledger\n[columns]\nA = 8\n", 1,
                 "a ledger template needs [ledger]");
    expect_error("[template]\nkind = ledger\n[columns]\nA = 8\n[ledger]\nlabel = A\n"
                 "[findings]\ncode = A\n", 7, "[findings] does not belong in a ledger template");
    expect_error(HEAD IND "[ledger]\nlabel = A\n", 9,
                 "[ledger] does not belong in a project template");
    expect_error("[template]\nkind = ledger\n[columns]\nA = 8\n[ledger]\nlevel1 = A\n", 6,
                 "unknown key 'level1' in [ledger]");
    expect_error("[template]\nkind = ledger\n[columns]\nA = 8\n[ledger]\nlabel = A\namount = A\n",
                 7, "key 'amount': columns A overlap 'label' (A)");

    /* The lines to sign share columns: a field on a taken column starts the next row. */
    jx_template t;
    jx_error err;
    assert_int_equal(jx_template_parse(HEAD IND "[signature]\nunit = A:B\ndate = C\nhead = A\n"
                                       "phone = B:C\n", "x.ini", &t, &err), JX_OK);
    expect_field(jx_template_block(&t, "signature"), "phone", 1, 2, "");
}

static void test_error_text(void **state)
{
    (void)state;
    char line[300];
    memset(line, 'x', sizeof line);
    memcpy(line, "title = ", 8);
    line[sizeof line - 1] = '\0';
    char text[400];
    snprintf(text, sizeof text, "[template]\n%s\n", line);
    expect_error(text, 2, "line longer than 198 bytes");
    expect_error("[template]\nkind = project\ntitle = \xff\xfe\n", 3, "not UTF-8");

    jx_template t;
    jx_error err;
    assert_int_equal(jx_template_parse(NULL, "x.ini", &t, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "no INI text");
    /* err may be NULL */
    assert_int_equal(jx_template_parse("[bad", NULL, &t, NULL), JX_ERR_FORMAT);
}

/* ------------------------------------------------------------ loading */

static void test_load_refuses_bad_names(void **state)
{
    (void)state;
    jx_template t;
    jx_error err;
    assert_int_equal(jx_template_load("../etc/passwd", "templates", &t, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "'../etc/passwd' is neither a template name (letters, "
                                     "digits, '_', '-') nor a path ending in .ini");
    assert_int_equal(jx_template_load("", "templates", &t, &err), JX_ERR_FORMAT);
    assert_int_equal(jx_template_load(NULL, "templates", &t, &err), JX_ERR_FORMAT);
    assert_int_equal(jx_template_load("a b", NULL, &t, NULL), JX_ERR_FORMAT);
}

static void test_load_missing(void **state)
{
    (void)state;
    jx_template t;
    jx_error err;
    assert_int_equal(jx_template_load("no_such_form", "templates", &t, &err), JX_ERR_IO);
    assert_string_equal(err.message, "No such file or directory");
    assert_string_equal(t.path, "templates/no_such_form.ini");
    assert_int_equal(jx_template_load("no/such/dir/x.ini", NULL, &t, &err), JX_ERR_IO);
    assert_string_equal(t.path, "no/such/dir/x.ini");
}

static void test_load_default_dir_and_path(void **state)
{
    (void)state;
    jx_template t;
    jx_error err;
    assert_int_equal(jx_template_load("summary", NULL, &t, &err), JX_OK);
    assert_string_equal(t.path, "templates/summary.ini");
    assert_int_equal(jx_template_load("templates/findings.ini", "elsewhere", &t, &err), JX_OK);
    assert_string_equal(t.name, "findings");
    assert_string_equal(t.path, "templates/findings.ini");
}

/* A file given by path, without a name key, is called after the file; an
 * error in it carries its line and leaves the path for the message. */
static void test_load_custom_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_template_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char good[64], bad[64];
    snprintf(good, sizeof good, "%s/my-form.ini", dir);
    snprintf(bad, sizeof bad, "%s/bad.ini", dir);
    FILE *f = fopen(good, "w");
    assert_non_null(f);
    fputs("; a custom form\n[template]\nkind = target\n[columns]\nA = 20\nB = 30\n"
          "[indicators]\nlevel3 = A\ntarget = B | 目标值\n", f);
    fclose(f);
    f = fopen(bad, "w");
    assert_non_null(f);
    fputs("[template]\nkind = target\n[columns]\nA = 20\n[indicators]\ntarget = B\n", f);
    fclose(f);

    jx_template t;
    jx_error err;
    jx_status status = jx_template_load(good, "templates", &t, &err);
    if (status != JX_OK)
        fail_msg("%s:%u: %s", good, err.line, err.message);
    assert_string_equal(t.name, "my-form");
    assert_string_equal(t.path, good);
    expect_field(block_ok(&t, "indicators"), "target", 1, 1, "目标值");

    assert_int_equal(jx_template_load(bad, "templates", &t, &err), JX_ERR_FORMAT);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.message, "key 'target': column B is not declared in [columns]");
    assert_string_equal(t.path, bad);

    /* A directory named like a template is no template. */
    char sub[64];
    snprintf(sub, sizeof sub, "%s/dir.ini", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(jx_template_load(sub, NULL, &t, &err), JX_ERR_IO);
    assert_string_equal(err.message, "is a directory");

    /* 8.15: nor a FIFO (which must not hang the read), a device or a huge file. */
    char fifo[64], zero[64], big[64];
    snprintf(fifo, sizeof fifo, "%s/fifo.ini", dir);
    snprintf(zero, sizeof zero, "%s/zero.ini", dir);
    snprintf(big, sizeof big, "%s/big.ini", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(symlink("/dev/zero", zero), 0);
    f = fopen(big, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)1 << 30), 0); /* sparse */
    fclose(f);
    alarm(10);
    assert_int_equal(jx_template_load(fifo, NULL, &t, &err), JX_ERR_IO);
    assert_string_equal(err.message, "not a regular file (a FIFO)");
    assert_int_equal(jx_template_load(zero, NULL, &t, &err), JX_ERR_IO);
    assert_string_equal(err.message, "not a regular file (a character device)");
    assert_int_equal(jx_template_load(big, NULL, &t, &err), JX_ERR_TOO_LARGE);
    assert_string_equal(err.message, "larger than 1 MB (1073741824 bytes): not a template");
    alarm(0);
    unlink(fifo);
    unlink(zero);
    unlink(big);

    rmdir(sub);
    unlink(good);
    unlink(bad);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_project),
        cmocka_unit_test(test_special_fund),
        cmocka_unit_test(test_department),
        cmocka_unit_test(test_target),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_findings),
        cmocka_unit_test(test_ledger),
        cmocka_unit_test(test_all_shipped_fit),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_block_lookup),
        cmocka_unit_test(test_error_sections_and_keys),
        cmocka_unit_test(test_error_values),
        cmocka_unit_test(test_error_colors),
        cmocka_unit_test(test_error_names),
        cmocka_unit_test(test_error_columns),
        cmocka_unit_test(test_error_fields),
        cmocka_unit_test(test_error_kinds_and_blocks),
        cmocka_unit_test(test_error_text),
        cmocka_unit_test(test_load_refuses_bad_names),
        cmocka_unit_test(test_load_missing),
        cmocka_unit_test(test_load_default_dir_and_path),
        cmocka_unit_test(test_load_custom_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
