/*
 * test_read_html.c — web pages: tables with rowspan and colspan, prose in
 * order, the declared charset, a table of tables read as layout, and pages
 * built to break the reader (deep nesting, absurd spans, entities).
 */
#include "testutil.h"

#include <iconv.h>

static jx_status read_page(jx_arena *arena, const char *page, jx_source *src, jx_error *err)
{
    return jx_read_html(arena, (const unsigned char *)page, strlen(page), src, err);
}

static const jx_source_cell *cell_at(const jx_source_row *row, uint32_t col)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (row->cells[c].col == col)
            return &row->cells[c];
    return NULL;
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const pages[] = {"<!DOCTYPE html><html></html>", "\xEF\xBB\xBF  <html lang=zh>",
                                        "<table><tr><td>1</td></tr></table>", "\n<HTML><BODY>"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        assert_true(jx_sniff_html((const unsigned char *)pages[i], strlen(pages[i])));
    static const char *const texts[] = {"项目\t1\t2\n", "| a | b |\n", "PK\x03\x04", "", "<p>no html tag"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        assert_false(jx_sniff_html((const unsigned char *)texts[i], strlen(texts[i])));
}

/* Paragraphs and a table in the page's order; rowspan and colspan give the
 * grid columns, the covered cells are absent, empty cells at the end count. */
static void test_table_with_spans(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><title>不读</title><script>var x = '<table>';</script></head><body>"
        "<h2>项目支出绩效自评表</h2><p>单位：万元</p>"
        "<table><tbody>"
        "<tr><td>项目名称</td><td colspan=\"3\">禁毒经费</td><td></td></tr>"
        "<tr><td rowspan=\"2\">项目资金</td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td></tr>"
        "<tr><td>100</td><td>100<br>万元</td><td>&nbsp;99 </td></tr>"
        "</tbody></table><p>说明：<b>无</b>。</p></body></html>";
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(read_page(arena, page, &src, &err), JX_OK);
    assert_int_equal(src.kind, JX_SOURCE_HTML);
    assert_int_equal(src.nrows, 6);
    assert_true(src.rows[0].prose);
    assert_string_equal(src.rows[0].cells[0].text, "项目支出绩效自评表");
    assert_int_equal(src.rows[1].row, 2); /* the second paragraph */
    const jx_source_row *r1 = &src.rows[2], *r2 = &src.rows[3], *r3 = &src.rows[4];
    assert_false(r1->prose);
    assert_int_equal(r1->part, 1);
    assert_int_equal(r1->row, 1);
    assert_int_equal(r1->width, 5);
    assert_int_equal(cell_at(r1, 1)->colspan, 3);
    assert_string_equal(cell_at(r1, 1)->text, "禁毒经费");
    assert_int_equal(cell_at(r2, 0)->rowspan, 2);
    assert_null(cell_at(r3, 0)); /* covered by 项目资金 */
    assert_string_equal(cell_at(r3, 1)->text, "100");
    assert_string_equal(cell_at(r3, 2)->text, "100 万元");
    assert_string_equal(cell_at(r3, 3)->text, "99");
    assert_true(src.rows[5].prose);
    assert_string_equal(src.rows[5].cells[0].text, "说明：无。");
    jx_arena_free(arena);
}

/* A page declared GB2312 holding a GBK-only character reads as GB18030. */
static void test_gb2312_page(void **state)
{
    (void)state;
    static const char utf8[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                               "charset=gb2312\"></head><body><table><tr><td>镕基</td><td>—</td>"
                               "</tr></table></body></html>";
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char gb[512], *in = (char *)utf8, *out = gb;
    size_t inleft = strlen(utf8), outleft = sizeof gb;
    assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(jx_read_html(arena, (unsigned char *)gb, (size_t)(out - gb), &src, &err), JX_OK);
    assert_int_equal(src.nrows, 1);
    assert_string_equal(src.rows[0].cells[0].text, "镕基");
    assert_string_equal(src.rows[0].cells[1].text, "—");
    jx_arena_free(arena);
}

/* A page set in one big table: its cells are the page's flow; the data
 * table inside is table 1. */
static void test_layout_table(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><table><tr><td><p>标题</p><table><tr><td>a</td><td>1</td></tr></table>"
        "<p>正文。</p></td></tr></table></body></html>";
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    assert_int_equal(read_page(arena, page, &src, &err), JX_OK);
    assert_int_equal(src.nrows, 3);
    assert_true(src.rows[0].prose);
    assert_int_equal(src.rows[1].part, 1);
    assert_string_equal(src.rows[1].cells[1].text, "1");
    assert_true(src.rows[2].prose);
    jx_arena_free(arena);
}

/* Pages built to break it: spans past every bound are clipped to the table,
 * nesting past the limit is refused, entities are not expanded into bombs. */
static void test_hostile_pages(void **state)
{
    (void)state;
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    static const char spans[] = "<table><tr><td rowspan=\"999999999\" colspan=\"999999999\">x</td>"
                                "<td colspan=\"-5\">y</td></tr><tr><td>z</td></tr></table>";
    assert_int_equal(read_page(arena, spans, &src, &err), JX_OK);
    assert_int_equal(src.rows[0].cells[0].rowspan, 2);    /* the table's rows */
    assert_int_equal(src.rows[0].cells[0].colspan, 1000); /* HTML's own cap */
    assert_int_equal(src.rows[0].cells[1].colspan, 1);
    assert_int_equal(src.rows[1].cells[0].col, 1000); /* after the 1000 columns x covers */

    /* 300 nested divs: refused with a clear message, not a stack overflow. */
    char deep[8192] = "<html><body>";
    for (int i = 0; i < 300; i++)
        strcat(deep, "<div>");
    strcat(deep, "x</body></html>");
    jx_status st = read_page(arena, deep, &src, &err);
    assert_true(st == JX_OK || st == JX_ERR_TOO_LARGE);
    if (st != JX_OK)
        assert_non_null(strstr(err.message, "nested"));

    static const char laughs[] =
        "<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><html><body><p>&c;&c;&c;</p></body></html>";
    st = read_page(arena, laughs, &src, &err);
    if (st == JX_OK)
        for (size_t i = 0; i < src.nrows; i++)
            assert_true(strlen(src.rows[i].cells[0].text) < 1000);
    jx_arena_free(arena);
}

/* A page as a document: tables found, findings placed in the page's terms. */
static void test_page_as_document(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><p>项目支出绩效自评表</p><table>"
        "<tr><td>项目名称</td><td colspan=\"8\">测试项目</td></tr>"
        "<tr><td>绩效指标</td><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td>"
        "<td>实际完成值</td><td>分值</td><td>得分</td><td>偏差原因分析及改进措施</td></tr>"
        "<tr><td></td><td>产出指标</td><td>数量指标</td><td>培训人数</td><td>≥100人</td><td>120人</td>"
        "<td>50</td><td>55</td><td></td></tr></table></body></html>";
    jx_error err = {0};
    jx_document *doc = jx_document_parse("page.html", (const unsigned char *)page, strlen(page),
                                         JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_string_equal(doc->format, "html");
    assert_int_equal(doc->ntables, 1);
    assert_int_equal(doc->tables[0].kind, JX_KIND_PROJECT);
    assert_int_equal(doc->tables[0].grid.rows[0].cells[1].colspan, 8);
    char place[64];
    jx_document_place(doc, 4, 8, place, sizeof place); /* 得分 55 */
    assert_string_equal(place, "表1 第3行第8列");
    jx_document_place(doc, 1, 0, place, sizeof place);
    assert_string_equal(place, "第1段");
    jx_document_free(doc);
}

/* A first-level cell merged over two rows: the third row's blank level is
 * blank, where text (which lost the merge) carries the name down. */
static void test_level_span_ends(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><p>项目支出绩效自评表</p><table>"
        "<tr><td>项目名称</td><td colspan=\"6\">测试项目</td></tr>"
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td><td>实际完成值</td>"
        "<td>分值</td><td>得分</td></tr>"
        "<tr><td rowspan=\"2\">产出指标</td><td>数量指标</td><td>人数</td><td>100人</td><td>100人</td>"
        "<td>10</td><td>10</td></tr>"
        "<tr><td>质量指标</td><td>合格率</td><td>100%</td><td>100%</td><td>10</td><td>10</td></tr>"
        "<tr><td></td><td>时效指标</td><td>及时率</td><td>100%</td><td>100%</td><td>10</td><td>10</td></tr>"
        "</table></body></html>";
    jx_error err = {0};
    jx_document *doc = jx_document_parse("page.html", (const unsigned char *)page, strlen(page),
                                         JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    const jx_scorecard *card = doc->tables[0].scorecard;
    assert_non_null(card);
    assert_int_equal(card->nindicators, 3);
    assert_string_equal(card->indicators[0].level1, "产出指标");
    assert_string_equal(card->indicators[1].level1, "产出指标");
    assert_string_equal(card->indicators[2].level1, "");
    jx_document_free(doc);
}

/* A row's empty cells at the end count, as a text export writes their TABs:
 * the segmenter tells a short row (a wrapped cell's tail) by its fields. */
static void test_row_width_in_lines(void **state)
{
    (void)state;
    static const char page[] = "<html><body><table>"
                               "<tr><td>项目</td><td>金额</td><td></td><td></td></tr>"
                               "<tr><td colspan=\"4\">注：整行</td></tr>"
                               "<tr><td>合计</td><td>1</td><td>2</td><td>3</td></tr>"
                               "</table></body></html>";
    jx_error err = {0};
    jx_document *doc = jx_document_parse("page.html", (const unsigned char *)page, strlen(page),
                                         JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_int_equal(doc->nlines, 3);
    assert_string_equal(doc->lines[0].text, "项目\t金额\t\t");
    assert_string_equal(doc->lines[1].text, "注：整行"); /* a row one cell spans is a line */
    assert_string_equal(doc->lines[2].text, "合计\t1\t2\t3");
    jx_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_table_with_spans),
        cmocka_unit_test(test_gb2312_page),
        cmocka_unit_test(test_layout_table),
        cmocka_unit_test(test_hostile_pages),
        cmocka_unit_test(test_page_as_document),
        cmocka_unit_test(test_level_span_ends),
        cmocka_unit_test(test_row_width_in_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
