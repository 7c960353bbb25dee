/*
 * test_pdf_layout.c — a PDF's pages made into rows (pdf_layout.c), from
 * pages drawn here by hand: glyphs where a printer puts them, rulings where
 * a form draws its lines. Ruled tables with merged cells, open sides and
 * short rows; wrapped cells; tables without rules; a table continued across
 * pages (its header repeated, a row and a merged label cut by the break);
 * page numbers and running heads; paragraphs wrapped over lines and pages.
 */
#include "testutil.h"

#define PAGE_W 842.0f
#define PAGE_H 595.0f

typedef struct {
    jx_pdf_page page;
    size_t glyphs_cap, rules_cap;
} drawn_page;

static void page_begin(drawn_page *d, uint32_t number)
{
    memset(d, 0, sizeof *d);
    d->page.number = number;
    d->page.width = PAGE_W;
    d->page.height = PAGE_H;
}

static void page_end(drawn_page *d)
{
    free(d->page.glyphs);
    free(d->page.rules);
}

/* Text set on a baseline from x: an ideograph one em wide, anything else half. */
static float text_at(drawn_page *d, float x, float baseline, float size, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t k = jx_utf8_next(text + i, n - i, &cp);
        assert_true(k > 0);
        i += k;
        float adv = (cp < 0x80 ? 0.5f : 1.0f) * size;
        d->page.glyphs = jx_grow(d->page.glyphs, &d->glyphs_cap, d->page.nglyphs + 1, sizeof *d->page.glyphs);
        assert_non_null(d->page.glyphs);
        d->page.glyphs[d->page.nglyphs++] = (jx_pdf_glyph){cp, x, baseline - 0.85f * size, x + adv,
                                                           baseline + 0.2f * size, x, baseline, adv, size, 0};
        x += adv;
    }
    return x;
}

static void rule(drawn_page *d, float x0, float y0, float x1, float y1)
{
    d->page.rules = jx_grow(d->page.rules, &d->rules_cap, d->page.nrules + 1, sizeof *d->page.rules);
    assert_non_null(d->page.rules);
    d->page.rules[d->page.nrules++] = (jx_pdf_rule){x0, y0, x1, y1};
}

/* A full grid: every line of xs across ys and back. */
static void grid(drawn_page *d, const float *xs, size_t nx, const float *ys, size_t ny)
{
    for (size_t i = 0; i < ny; i++)
        rule(d, xs[0], ys[i], xs[nx - 1], ys[i]);
    for (size_t i = 0; i < nx; i++)
        rule(d, xs[i], ys[0], xs[i], ys[ny - 1]);
}

static jx_status lay_out(drawn_page *pages, size_t n, jx_arena *arena, jx_source *src, jx_error *err)
{
    jx_pdf_layout *l = jx_pdf_layout_new(arena);
    assert_non_null(l);
    jx_status st = JX_OK;
    for (size_t i = 0; st == JX_OK && i < n; i++)
        st = jx_pdf_layout_page(l, &pages[i].page, err);
    if (st == JX_OK)
        st = jx_pdf_layout_finish(l, src, err);
    jx_pdf_layout_free(l);
    return st;
}

/* 70 ideographs "甲" and the like, for lines that fill the text's width. */
static const char *repeat(char *buf, const char *ch, int n, const char *tail)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(buf, ch);
    strcat(buf, tail);
    return buf;
}

static const jx_source_cell *cell_at(const jx_source_row *row, uint32_t col)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (row->cells[c].col == col)
            return &row->cells[c];
    return NULL;
}

static const char *text_at_cell(const jx_source_row *row, uint32_t col)
{
    const jx_source_cell *c = cell_at(row, col);
    return c ? c->text : "(none)";
}

/* A title above a 3×3 ruled table: 项目资金 merged over two rows (the line
 * between them is not drawn in its column), a cell merged over two columns. */
static void test_ruled_table_with_merges(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    text_at(&d, 300, 60, 14, "项目支出绩效自评表");
    const float xs[] = {50, 150, 250, 350}, ys[] = {100, 120, 140, 160};
    rule(&d, 50, 100, 350, 100);
    rule(&d, 150, 120, 350, 120); /* not across the first column: 项目资金 spans rows 1–2 */
    rule(&d, 50, 140, 350, 140);
    rule(&d, 50, 160, 350, 160);
    for (size_t i = 0; i < 4; i++)
        if (i != 2)
            rule(&d, xs[i], ys[0], xs[i], ys[3]);
    rule(&d, 250, 100, 250, 140); /* the last row: columns 1–2 merged */
    text_at(&d, 55, 135, 10, "项目资金");
    text_at(&d, 155, 115, 10, "年初预算数");
    text_at(&d, 255, 115, 10, "全年执行数");
    text_at(&d, 155, 135, 10, "100");
    text_at(&d, 255, 135, 10, "99.5");
    text_at(&d, 55, 155, 10, "说明");
    text_at(&d, 200, 155, 10, "无");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.kind, JX_SOURCE_PDF);
    assert_int_equal(src.nrows, 4);
    assert_true(src.rows[0].prose);
    assert_string_equal(src.rows[0].cells[0].text, "项目支出绩效自评表");
    assert_int_equal(src.rows[0].page, 1);
    assert_int_equal(src.rows[0].row, 1); /* the page's first line */
    const jx_source_row *r1 = &src.rows[1], *r2 = &src.rows[2], *r3 = &src.rows[3];
    assert_false(r1->prose);
    assert_int_equal(r1->part, 1);
    assert_int_equal(r1->row, 1);
    assert_int_equal(r1->width, 3);
    assert_int_equal(r1->page, 1);
    const jx_source_cell *label = cell_at(r1, 0);
    assert_non_null(label);
    assert_string_equal(label->text, "项目资金");
    assert_int_equal(label->rowspan, 2);
    assert_string_equal(text_at_cell(r1, 1), "年初预算数");
    assert_string_equal(text_at_cell(r1, 2), "全年执行数");
    assert_null(cell_at(r2, 0)); /* under the span */
    assert_string_equal(text_at_cell(r2, 1), "100");
    assert_string_equal(text_at_cell(r2, 2), "99.5");
    assert_string_equal(text_at_cell(r3, 0), "说明");
    const jx_source_cell *wide = cell_at(r3, 1);
    assert_non_null(wide);
    assert_int_equal(wide->colspan, 2);
    assert_string_equal(wide->text, "无");
    jx_arena_free(arena);
    page_end(&d);
}

/* A cell's lines joined: Chinese without a space, words with one, a number
 * the wrap broke without one. */
static void test_wrapped_cells(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    const float xs[] = {50, 110, 170, 230}, ys[] = {100, 140};
    grid(&d, xs, 4, ys, 2);
    text_at(&d, 52, 112, 10, "保障离休");
    text_at(&d, 52, 124, 10, "老干部");
    text_at(&d, 112, 112, 10, "total");
    text_at(&d, 112, 124, 10, "amount");
    text_at(&d, 172, 112, 10, "1234567");
    text_at(&d, 172, 124, 10, "8.90");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    /* a one-row table is still a table: three cells */
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 1);
    assert_string_equal(text_at_cell(&src.rows[0], 0), "保障离休老干部");
    assert_string_equal(text_at_cell(&src.rows[0], 1), "total amount");
    assert_string_equal(text_at_cell(&src.rows[0], 2), "12345678.90");
    jx_arena_free(arena);
    page_end(&d);
}

/* No outer verticals (an open-sided form), and a short row whose missing
 * cells are no cells: no empty span is made of them. A lone frame is no table. */
static void test_open_sides_and_short_rows(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    for (float y = 100; y <= 160; y += 20)
        rule(&d, 50, y, 350, y);
    rule(&d, 150, 100, 150, 160);
    rule(&d, 250, 100, 250, 140); /* the last row has two cells: 50–150 and 150–350 */
    text_at(&d, 55, 115, 10, "指标");
    text_at(&d, 155, 115, 10, "分值");
    text_at(&d, 255, 115, 10, "得分");
    text_at(&d, 55, 135, 10, "时效");
    text_at(&d, 155, 135, 10, "10");
    text_at(&d, 255, 135, 10, "9");
    text_at(&d, 55, 155, 10, "合计");
    text_at(&d, 155, 155, 10, "10");
    /* a boxed note below: a frame, read as a line */
    rule(&d, 50, 300, 350, 300);
    rule(&d, 50, 330, 350, 330);
    rule(&d, 50, 300, 50, 330);
    rule(&d, 350, 300, 350, 330);
    text_at(&d, 55, 320, 10, "注：本表金额单位为万元");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 4);
    assert_int_equal(src.rows[0].width, 3);
    assert_string_equal(text_at_cell(&src.rows[0], 0), "指标");
    assert_string_equal(text_at_cell(&src.rows[1], 2), "9");
    assert_string_equal(text_at_cell(&src.rows[2], 1), "10");
    assert_int_equal(cell_at(&src.rows[2], 1)->colspan, 2); /* 150–350, all sides drawn */
    assert_true(src.rows[3].prose);
    assert_string_equal(src.rows[3].cells[0].text, "注：本表金额单位为万元");
    jx_arena_free(arena);
    page_end(&d);
}

/* Lines whose stretches line up in columns are a table without rules; a
 * stretch across two columns spans them; a single line with a wide gap is prose. */
static void test_borderless_table(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    text_at(&d, 50, 80, 10, "编制单位：某局");
    text_at(&d, 400, 80, 10, "单位：万元");
    text_at(&d, 50, 110, 10, "项目");
    text_at(&d, 200, 110, 10, "预算数");
    text_at(&d, 300, 110, 10, "决算数");
    text_at(&d, 50, 125, 10, "基本支出");
    text_at(&d, 210, 125, 10, "120.5");
    text_at(&d, 310, 125, 10, "118.2");
    text_at(&d, 50, 140, 10, "项目支出");
    text_at(&d, 215, 140, 10, "80.0");
    text_at(&d, 315, 140, 10, "79.9");
    text_at(&d, 50, 155, 10, "合计（含基本支出和项目支出两项）");
    text_at(&d, 315, 155, 10, "198.1");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 5);
    assert_true(src.rows[0].prose);
    assert_string_equal(src.rows[0].cells[0].text, "编制单位：某局 单位：万元");
    for (size_t i = 1; i < 5; i++) {
        assert_false(src.rows[i].prose);
        assert_int_equal(src.rows[i].part, 1);
        assert_int_equal(src.rows[i].width, 3);
    }
    assert_string_equal(text_at_cell(&src.rows[1], 1), "预算数");
    assert_string_equal(text_at_cell(&src.rows[2], 2), "118.2");
    assert_string_equal(text_at_cell(&src.rows[3], 0), "项目支出");
    const jx_source_cell *total = cell_at(&src.rows[4], 0);
    assert_string_equal(total->text, "合计（含基本支出和项目支出两项）");
    assert_int_equal(total->colspan, 2);
    assert_string_equal(text_at_cell(&src.rows[4], 2), "198.1");
    jx_arena_free(arena);
    page_end(&d);
}

/* Rows of a 3-column table from y, 20 points each; row texts "a|b|c". */
static void table_rows(drawn_page *d, float y, const char *const (*rows)[3], size_t n, bool label_merged)
{
    const float xs[] = {50, 150, 450, 550};
    for (size_t r = 0; r <= n; r++)
        rule(d, label_merged && r > 0 && r < n ? 150 : 50, y + 20 * (float)r, 550, y + 20 * (float)r);
    for (size_t i = 0; i < 4; i++)
        rule(d, xs[i], y, xs[i], y + 20 * (float)n);
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < 3; c++)
            if (rows[r][c][0])
                text_at(d, xs[c] + 2, y + 20 * (float)r + 15, 10, rows[r][c]);
}

/* A table that ends page 1 goes on at the top of page 2 with the same
 * columns: one table; its repeated header dropped; the page numbers at the
 * foot left out; the rows keep their pages. A row the break cut (its text
 * ran on to the cell's side) is one row; a merged label cut by the break
 * spans on. */
static void test_table_across_pages(void **state)
{
    (void)state;
    drawn_page d[3];
    static const char *const head[][3] = {{"指标", "指标内容说明与完成情况", "分值"}};
    static const char *const p1[][3] = {{"指标", "指标内容说明与完成情况", "分值"},
                                        {"产出", "数量", "20"},
                                        {"", "质量", "20"},
                                        {"效益", "", "30"}};
    static const char *const p2[][3] = {{"指标", "指标内容说明与完成情况", "分值"},
                                        {"", "百分之九十八以上", ""},
                                        {"满意度", "满意", "30"}};
    static const char *const p3[][3] = {{"合计", "", "100"}};
    (void)head;
    page_begin(&d[0], 1);
    table_rows(&d[0], 450, p1, 4, false);
    /* 产出 spans rows 2–3: the line between them is not drawn in its column */
    d[0].page.nrules = 0;
    const float xs[] = {50, 150, 450, 550};
    for (size_t r = 0; r <= 4; r++)
        rule(&d[0], r == 2 ? 150 : 50, 450 + 20 * (float)r, 550, 450 + 20 * (float)r);
    for (size_t i = 0; i < 4; i++)
        rule(&d[0], xs[i], 450, xs[i], 530);
    text_at(&d[0], 400, 575, 9, "- 1 -");
    page_begin(&d[1], 2);
    table_rows(&d[1], 40, p2, 3, false);
    text_at(&d[1], 400, 575, 9, "- 2 -");
    page_begin(&d[2], 3);
    table_rows(&d[2], 40, p3, 1, false);
    text_at(&d[2], 400, 575, 9, "- 3 -");
    /* the break cuts a long cell: its first line runs to the cell's right side */
    char line[256];
    text_at(&d[0], 152, 525, 10, repeat(line, "参", 29, ""));
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(d, 3, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 6);
    for (size_t i = 0; i < src.nrows; i++) {
        assert_false(src.rows[i].prose); /* no page number came through */
        assert_int_equal(src.rows[i].part, 1);
        assert_int_equal(src.rows[i].row, i + 1);
    }
    assert_int_equal(src.rows[0].page, 1);
    assert_string_equal(text_at_cell(&src.rows[1], 0), "产出");
    assert_int_equal(cell_at(&src.rows[1], 0)->rowspan, 2);
    assert_string_equal(text_at_cell(&src.rows[3], 1), repeat(line, "参", 29, "百分之九十八以上"));
    assert_string_equal(text_at_cell(&src.rows[3], 2), "30");
    assert_int_equal(src.rows[3].page, 1);
    assert_string_equal(text_at_cell(&src.rows[4], 0), "满意度");
    assert_int_equal(src.rows[4].page, 2);
    assert_string_equal(text_at_cell(&src.rows[5], 0), "合计"); /* on a third page */
    assert_int_equal(src.rows[5].page, 3);
    jx_arena_free(arena);
    for (size_t i = 0; i < 3; i++)
        page_end(&d[i]);
}

/* "第 N 页 共 3 页" at the foot of every page, in a size no larger than the
 * text, is left out; a title larger than the text that starts every page
 * stays (a card a page). */
static void test_running_heads(void **state)
{
    (void)state;
    drawn_page d[3];
    for (uint32_t p = 0; p < 3; p++) {
        page_begin(&d[p], p + 1);
        text_at(&d[p], 300, 40, 16, "项目支出绩效自评表");
        text_at(&d[p], 50, 100, 10, "项目名称：某某项目");
        char foot[64];
        snprintf(foot, sizeof foot, "第 %u 页 共 3 页", p + 1);
        text_at(&d[p], 380, 580, 9, foot);
    }
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(d, 3, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 6);
    for (size_t i = 0; i < src.nrows; i++) {
        assert_null(strstr(src.rows[i].cells[0].text, "页"));
        assert_int_equal(src.rows[i].page, i / 2 + 1);
    }
    assert_string_equal(src.rows[4].cells[0].text, "项目支出绩效自评表");
    jx_arena_free(arena);
    for (size_t i = 0; i < 3; i++)
        page_end(&d[i]);
}

/* A one-page document: its page number at the foot repeats on no other page,
 * and is still left out (only a number and dashes); a short line of text at
 * the foot is not. */
static void test_page_number_alone(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    text_at(&d, 50, 100, 10, "项目名称：某某项目");
    text_at(&d, 400, 575, 9, "— 1 —");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 1);
    assert_string_equal(src.rows[0].cells[0].text, "项目名称：某某项目");
    jx_arena_free(arena);
    page_end(&d);
    page_begin(&d, 1);
    text_at(&d, 50, 100, 10, "项目名称：某某项目");
    text_at(&d, 400, 575, 9, "单位负责人：张三");
    arena = jx_arena_new();
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 2);
    jx_arena_free(arena);
    page_end(&d);
}

/* A paragraph's lines that run to the text's right edge are one paragraph,
 * also across a page; a line ending in 。 ends one even when full; a short
 * line ends one. */
static void test_paragraphs(void **state)
{
    (void)state;
    drawn_page d[2];
    char line[512];
    page_begin(&d[0], 1);
    page_begin(&d[1], 2);
    text_at(&d[0], 70, 100, 10, repeat(line, "甲", 70, "")); /* indented, to 770 */
    text_at(&d[0], 50, 115, 10, repeat(line, "乙", 72, "")); /* to 770 */
    text_at(&d[0], 50, 130, 10, "丙丙。");
    text_at(&d[0], 70, 160, 10, repeat(line, "丁", 70, ""));
    text_at(&d[0], 50, 175, 10, repeat(line, "戊", 72, "")); /* goes on to page 2 */
    text_at(&d[1], 50, 100, 10, "己己己");
    text_at(&d[1], 50, 130, 10, repeat(line, "庚", 71, "。")); /* full, but ends a sentence */
    text_at(&d[1], 50, 145, 10, "辛辛辛");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(d, 2, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 4);
    const char *first = src.rows[0].cells[0].text;
    assert_int_equal(strlen(first), 3 * (70 + 72 + 3));
    assert_string_equal(first + strlen(first) - 9, "丙丙。");
    assert_int_equal(src.rows[0].page, 1);
    assert_int_equal(src.rows[0].row, 1);
    const char *across = src.rows[1].cells[0].text;
    assert_int_equal(strlen(across), 3 * (70 + 72 + 3));
    assert_string_equal(across + strlen(across) - 9, "己己己");
    assert_int_equal(src.rows[1].page, 1);
    assert_int_equal(src.rows[1].row, 4);
    assert_int_equal(src.rows[2].page, 2);
    assert_int_equal(src.rows[2].row, 2);
    assert_string_equal(src.rows[3].cells[0].text, "辛辛辛");
    jx_arena_free(arena);
    page_end(&d[0]);
    page_end(&d[1]);
}

/* A card's funds rows and its indicator rows are ruled differently; the page
 * breaks between them: the continuation (with lines the first part lacks) is
 * still the same table, on the columns of both; the row the break cut joins. */
static void test_continued_with_other_columns(void **state)
{
    (void)state;
    drawn_page d[2];
    char line[256];
    page_begin(&d[0], 1);
    page_begin(&d[1], 2);
    /* page 1: columns 50|150|350|550; rows 500–520 and 520–560 */
    rule(&d[0], 50, 500, 550, 500);
    rule(&d[0], 50, 520, 550, 520);
    rule(&d[0], 50, 560, 550, 560);
    static const float xs1[] = {50, 150, 350, 550};
    for (size_t i = 0; i < 4; i++)
        rule(&d[0], xs1[i], 500, xs1[i], 560);
    text_at(&d[0], 52, 515, 10, "年度资金总额");
    text_at(&d[0], 152, 515, 10, "100");
    text_at(&d[0], 352, 515, 10, "99");
    text_at(&d[0], 52, 535, 10, "总体目标");
    text_at(&d[0], 152, 535, 10, repeat(line, "标", 19, "")); /* to 342: runs on to its side */
    /* page 2: columns 50|150|250|350|450|550; the cut row, then two rows */
    for (float y = 40; y <= 100; y += 20)
        rule(&d[1], 50, y, 550, y);
    static const float xs2[] = {50, 150, 250, 350, 450, 550};
    for (size_t i = 0; i < 6; i++)
        rule(&d[1], xs2[i], i == 2 || i == 4 ? 60 : 40, xs2[i], 100);
    text_at(&d[1], 152, 55, 10, "续完");
    text_at(&d[1], 52, 75, 10, "产出指标");
    text_at(&d[1], 152, 75, 10, "数量");
    text_at(&d[1], 452, 75, 10, "10");
    text_at(&d[1], 52, 95, 10, "效益指标");
    text_at(&d[1], 452, 95, 10, "20");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(d, 2, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(src.rows[i].part, 1);
        assert_int_equal(src.rows[i].width, 5);
    }
    const jx_source_cell *amount = cell_at(&src.rows[0], 1);
    assert_string_equal(amount->text, "100");
    assert_int_equal(amount->colspan, 2); /* 150–350 on the union of columns */
    assert_string_equal(text_at_cell(&src.rows[0], 3), "99");
    assert_string_equal(text_at_cell(&src.rows[1], 1), repeat(line, "标", 19, "续完"));
    assert_string_equal(text_at_cell(&src.rows[2], 0), "产出指标");
    assert_string_equal(text_at_cell(&src.rows[2], 4), "10");
    assert_int_equal(src.rows[2].page, 2);
    assert_string_equal(text_at_cell(&src.rows[3], 4), "20");
    jx_arena_free(arena);
    page_end(&d[0]);
    page_end(&d[1]);
}

/* A line that wrapped early because its next word (letters and digits, no
 * break inside) did not fit still goes on into the next line. */
static void test_paragraph_wrapped_before_a_word(void **state)
{
    (void)state;
    drawn_page d;
    char line[512];
    page_begin(&d, 1);
    text_at(&d, 50, 100, 10, repeat(line, "甲", 72, "")); /* the text's width: to 770 */
    text_at(&d, 50, 115, 10, repeat(line, "乙", 68, "")); /* to 730: "(shu)55.93" did not fit */
    text_at(&d, 50, 130, 10, "(shu)55.93万元。");
    text_at(&d, 50, 160, 10, repeat(line, "丙", 60, "")); /* to 650: a paragraph's end */
    text_at(&d, 50, 175, 10, "1. 教育支出");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 3);
    const char *p = src.rows[0].cells[0].text;
    assert_string_equal(p + strlen(p) - strlen("乙(shu)55.93万元。"), "乙(shu)55.93万元。");
    assert_string_equal(src.rows[2].cells[0].text, "1. 教育支出");
    jx_arena_free(arena);
    page_end(&d);
}

/* A glyph drawn twice over itself is read once; a space glyph between two
 * ideographs is kept; a gap between two words is a space, between two
 * ideographs nothing. */
static void test_spaces_and_overprint(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    text_at(&d, 50, 100, 10, "年初预算");
    text_at(&d, 50.3f, 100, 10, "年初预算"); /* overprinted, a fake bold */
    float x = text_at(&d, 90, 100, 10, " 129.45");
    text_at(&d, x + 1, 100, 10, "万元");
    x = text_at(&d, 50, 130, 10, "total");
    text_at(&d, x + 4, 130, 10, "amount");
    x = text_at(&d, 50, 160, 10, "合");
    text_at(&d, x + 3, 160, 10, "计");
    /* justified: every glyph 3 points apart, the words 9 */
    x = 50;
    for (const char *p = "1234.5 kg"; *p; p++) {
        char one[2] = {*p, 0};
        if (*p != ' ')
            x = text_at(&d, x, 190, 10, one) + 3;
        else
            x += 6;
    }
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 4);
    assert_string_equal(src.rows[0].cells[0].text, "年初预算 129.45万元");
    assert_string_equal(src.rows[3].cells[0].text, "1234.5 kg");
    assert_string_equal(src.rows[1].cells[0].text, "total amount");
    assert_string_equal(src.rows[2].cells[0].text, "合计");
    jx_arena_free(arena);
    page_end(&d);
}

/* A label set sideways in a narrow merged cell (its glyphs running down the
 * page) reads in its own order. */
static void test_turned_label(void **state)
{
    (void)state;
    drawn_page d;
    page_begin(&d, 1);
    const float xs[] = {50, 70, 200}, ys[] = {100, 150, 200};
    rule(&d, 50, 100, 200, 100);
    rule(&d, 70, 150, 200, 150);
    rule(&d, 50, 200, 200, 200);
    for (size_t i = 0; i < 3; i++)
        rule(&d, xs[i], ys[0], xs[i], ys[2]);
    static const char *const label[] = {"绩", "效", "指", "标"};
    for (size_t i = 0; i < 4; i++) {
        uint32_t cp = 0;
        jx_utf8_next(label[i], 3, &cp);
        float y = 110 + 20 * (float)i; /* running down: along is y, across is -x */
        d.page.glyphs = jx_grow(d.page.glyphs, &d.glyphs_cap, d.page.nglyphs + 1, sizeof *d.page.glyphs);
        d.page.glyphs[d.page.nglyphs++] = (jx_pdf_glyph){cp, 55, y, 65, y + 10, y, -62, 10, 10, 1};
    }
    text_at(&d, 75, 130, 10, "产出指标");
    text_at(&d, 75, 180, 10, "效益指标");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(&d, 1, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 2);
    const jx_source_cell *c = cell_at(&src.rows[0], 0);
    assert_non_null(c);
    assert_int_equal(c->rowspan, 2);
    assert_string_equal(c->text, "绩效指标");
    assert_string_equal(text_at_cell(&src.rows[1], 1), "效益指标");
    jx_arena_free(arena);
    page_end(&d);
}

/* Pages with nothing, or with rulings that make no table (a hatch of
 * thousands of lines, ticks), or glyphs off the page, lay out without error. */
static void test_degenerate_pages(void **state)
{
    (void)state;
    drawn_page d[2];
    page_begin(&d[0], 1);
    page_begin(&d[1], 2);
    for (int i = 0; i < 9000; i++)
        rule(&d[1], 10, 10 + (float)i * 0.05f, 800, 10 + (float)i * 0.05f);
    rule(&d[1], 5, 5, 5, 6);
    text_at(&d[1], -100, -50, 10, "页外");
    text_at(&d[1], 100, 400, 0, "零号字");
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(lay_out(d, 2, arena, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 2);
    jx_arena_free(arena);
    page_end(&d[0]);
    page_end(&d[1]);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(jx_sniff_pdf((const unsigned char *)"%PDF-1.7\n", 9));
    assert_true(jx_sniff_pdf((const unsigned char *)"\r\n\x00junk%PDF-1.4", 15));
    assert_false(jx_sniff_pdf((const unsigned char *)"项目\t%PD", 9));
    assert_false(jx_sniff_pdf((const unsigned char *)"", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruled_table_with_merges),
        cmocka_unit_test(test_wrapped_cells),
        cmocka_unit_test(test_open_sides_and_short_rows),
        cmocka_unit_test(test_borderless_table),
        cmocka_unit_test(test_table_across_pages),
        cmocka_unit_test(test_running_heads),
        cmocka_unit_test(test_page_number_alone),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_continued_with_other_columns),
        cmocka_unit_test(test_paragraph_wrapped_before_a_word),
        cmocka_unit_test(test_spaces_and_overprint),
        cmocka_unit_test(test_turned_label),
        cmocka_unit_test(test_degenerate_pages),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
