/* test_read_docx.c — the Word reader: order, merges, nesting, revisions, hostile files.
 * The fixtures are made by tests/fixtures/docx/make.py (python-docx). */
#include "testutil.h"

#include "read.h"

#include <libxml/globals.h>
#include <libxml/xmlerror.h>

#define FIXTURES "tests/fixtures/docx/"

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

typedef struct {
    jx_status status;
    jx_source src;
    jx_error err;
    bool sniffed;
    char shown[4096]; /* the source, one line per row (show_source) */
} read_result;

/* The source as text: "P3 text" for the third paragraph, "T2.1 [0]a [1 2x1]b"
 * for row 1 of table 2 (a cell's grid column, then rowspan x colspan when it
 * spans). */
static void show_source(const jx_source *src, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *row = &src->rows[i];
        if (row->prose) {
            assert_int_equal(row->part, 0);
            assert_int_equal(row->ncells, 1);
            n += (size_t)snprintf(out + n, size - n, "P%u %s\n", row->row, row->cells[0].text);
        } else {
            n += (size_t)snprintf(out + n, size - n, "T%u.%u", row->part, row->row);
            for (size_t c = 0; c < row->ncells; c++) {
                const jx_source_cell *cell = &row->cells[c];
                if (cell->rowspan > 1 || cell->colspan > 1)
                    n += (size_t)snprintf(out + n, size - n, " [%u %ux%u]%s", cell->col,
                                          cell->rowspan, cell->colspan, cell->text);
                else
                    n += (size_t)snprintf(out + n, size - n, " [%u]%s", cell->col, cell->text);
            }
            n += (size_t)snprintf(out + n, size - n, "\n");
        }
        assert_true(n < size);
    }
}

static void read_bytes(const unsigned char *bytes, size_t len, read_result *r)
{
    memset(r, 0, sizeof *r);
    r->sniffed = jx_sniff_docx(bytes, len);
    r->status = jx_read_docx(arena, bytes, len, &r->src, &r->err);
    if (r->status == JX_OK)
        show_source(&r->src, r->shown, sizeof r->shown);
    else
        assert_true(r->err.message[0] != '\0');
}

static void read_fixture(const char *name, read_result *r)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    unsigned char *bytes;
    size_t len;
    jx_error err = {0};
    assert_int_equal(jx_read_file(path, 1u << 20, &bytes, &len, &err), JX_OK);
    read_bytes(bytes, len, r);
    free(bytes);
}

/* ------------------------------------------------------------ structure */

static void test_paragraphs_and_tables_in_order(void **state)
{
    (void)state;
    read_result r;
    read_fixture("order.docx", &r);
    assert_true(r.sniffed);
    assert_int_equal(r.status, JX_OK);
    assert_int_equal(r.src.kind, JX_SOURCE_DOCX);
    /* Paragraph 2 is empty: counted, not kept. A tab and a line break are
     * spaces; a cell's two paragraphs are joined by one; the empty cell
     * (2, 1) is absent. */
    assert_string_equal(r.shown, "P1 项目支出绩效自评表\n"
                                 "P3 编制单位：某县 单位：万元 （2024年度）\n"
                                 "T1.1 [0]项目 [1]金额\n"
                                 "T1.2 [0]人员经费 [1]1,086.05\n"
                                 "P4 两表之间\n"
                                 "T2.1 [0]指标 [1]分值 [2]得分\n"
                                 "T2.2 [0]数量指标 （完成率） [2]10\n"
                                 "P5 结尾\n");
    assert_null(r.src.parts);
    assert_int_equal(r.src.nparts, 0);
    /* The header's text is left out, and said to be. */
    assert_string_equal(r.src.note, "headers and footers ignored");
}

static void test_merges_spans_and_grid_before(void **state)
{
    (void)state;
    read_result r;
    read_fixture("merges.docx", &r);
    assert_int_equal(r.status, JX_OK);
    assert_string_equal(r.shown,
                        /* gridSpan 2; vMerge restart over three rows, the
                         * covered cells absent; gridBefore 1 starts row 5 at
                         * column 1. */
                        "T1.1 [0 1x2]一级指标 [2]分值 [3]得分\n"
                        "T1.2 [0 3x1]产出指标 [1]数量指标 [2]10 [3]10\n"
                        "T1.3 [1]质量指标 [2]20 [3]18\n"
                        "T1.4 [1]时效指标 [2 1x2]30\n"
                        "T1.5 [1]合计 [2]60 [3]58\n"
                        "P1 块\n"
                        /* A block: gridSpan 2 with vMerge under it. */
                        "T2.1 [0 2x2]左上四格 [2]右1\n"
                        "T2.2 [2]右2\n"
                        "T2.3 [0]下1 [1]下2 [2]下3\n"
                        /* The old w:hMerge restart/continue. */
                        "T3.1 [0 1x2]旧式合并 [2]右\n"
                        "T3.2 [0]甲 [1]乙 [2]丙\n");
    assert_string_equal(r.src.note, "");
}

static void test_merges_that_cannot_continue(void **state)
{
    (void)state;
    read_result r;
    read_fixture("edges.docx", &r);
    assert_int_equal(r.status, JX_OK);
    /* A continuation with nothing above is a cell; B's merge stops at the
     * plain cell y, so the continuation under y spans nothing; the short
     * row 4 ends A's merge, so row 5's continuation does not reach it. */
    assert_string_equal(r.shown, "T1.1 [0]孤 [1 3x1]A [2]B\n"
                                 "T1.2 [0]x [2]y\n"
                                 "T1.3 [0]z\n"
                                 "T1.4 [0]短\n"
                                 "T1.5 [0]w\n");
}

static void test_nested_table_is_a_table_of_its_own(void **state)
{
    (void)state;
    read_result r;
    read_fixture("nested.docx", &r);
    assert_int_equal(r.status, JX_OK);
    /* Numbered after its parent, its rows after the parent's row that holds
     * it; its text is not in the parent's cell (外4 only). */
    assert_string_equal(r.shown, "P1 嵌套表\n"
                                 "T1.1 [0]外1 [1]外2\n"
                                 "T1.2 [0]外3 [1]外4\n"
                                 "T2.1 [0]内1 [1]内2\n"
                                 "T2.2 [0]内3 [1]内4\n"
                                 "T3.1 [0]后表\n");
}

static void test_revisions_fields_and_what_is_left_out(void **state)
{
    (void)state;
    read_result r;
    read_fixture("revisions.docx", &r);
    assert_int_equal(r.status, JX_OK);
    /* Inserted text kept, deleted and moved-away text dropped; a field shows
     * its result, never its code; a text box (twice, in mc:Choice and
     * mc:Fallback) is not read; a deleted row is gone and not counted, a
     * deleted cell's neighbours move left. */
    assert_string_equal(r.shown, "P1 执行率95.74%\n"
                                 "P2 第7页\n"
                                 "P3 12页合计\n"
                                 "P4 留下的挪来的\n"
                                 "P5 正文\n"
                                 "P6 脚注在此\n"
                                 "T1.1 [0]项目 [1]金额\n"
                                 "T1.2 [0]保留的行 [1]2\n"
                                 "T1.3 [0]左移 [1]3\n");
    assert_string_equal(r.src.note, "footnotes ignored; comments ignored; text boxes ignored");
}

static void test_nesting_to_the_limit(void **state)
{
    (void)state;
    read_result r;
    read_fixture("deep32.docx", &r);
    assert_int_equal(r.status, JX_OK);
    /* 32 tables one in another: only the innermost has text. */
    assert_string_equal(r.shown, "T32.1 [0]最里层\n");
}

/* ------------------------------------------------------------ refused */

static void test_deep_nesting_refused(void **state)
{
    (void)state;
    read_result r;
    read_fixture("deep50.docx", &r);
    assert_int_equal(r.status, JX_ERR_TOO_LARGE);
    assert_string_equal(r.err.message, "word/document.xml: tables nested more than 32 deep");
    assert_null(r.src.rows);
    assert_int_equal(r.src.nrows, 0);
}

static void test_wide_span_refused(void **state)
{
    (void)state;
    read_result r;
    read_fixture("wide.docx", &r);
    assert_int_equal(r.status, JX_ERR_TOO_LARGE);
    assert_string_equal(r.err.message,
                        "word/document.xml: table 1 row 1: a cell spans more than 16384 columns");
}

static void test_doctype_and_entities_refused(void **state)
{
    (void)state;
    read_result r;
    /* Billion laughs: refused before anything is expanded (libxml2 sees the
     * loop while reading ahead, or the reader sees the DOCTYPE first). */
    read_fixture("doctype.docx", &r);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_true(strncmp(r.err.message, "word/document.xml: ", 19) == 0);
    /* An external entity: /etc/passwd is never read. */
    read_fixture("xxe.docx", &r);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_string_equal(r.err.message,
                        "word/document.xml: has a DOCTYPE, which Word never writes: refused");
    assert_null(strstr(r.err.message, "root:"));
}

static void test_malformed_xml_refused(void **state)
{
    (void)state;
    read_result r;
    read_fixture("malformed.docx", &r);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_non_null(strstr(r.err.message, "word/document.xml: not well-formed XML (line 2: "));
}

/* A program's own libxml2 handlers, to see whether the reader reaches them. */
static int reached;

static void count_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    reached++;
}

static void count_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
    reached++;
}

static void test_libxml2_prints_nothing_and_is_given_back(void **state)
{
    (void)state;
    xmlSetGenericErrorFunc(&reached, count_generic);
    xmlSetStructuredErrorFunc(&reached, count_structured);
    read_result r;
    /* A failed UTF-16 conversion: reported by libxml2 with no parser at
     * hand, to the thread's handlers (stderr by default). */
    read_fixture("utf16.docx", &r);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_string_equal(r.err.message, "word/document.xml: not well-formed XML (input conversion "
                                       "failed due to input error, bytes 0x00 0xD8 0x00 0xD8)");
    read_fixture("malformed.docx", &r);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_int_equal(reached, 0);
    assert_true(xmlGenericError == count_generic && xmlGenericErrorContext == &reached);
    assert_true(xmlStructuredError == count_structured && xmlStructuredErrorContext == &reached);
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlSetStructuredErrorFunc(NULL, NULL);
}

static void test_corrupt_zip_refused(void **state)
{
    (void)state;
    read_result r;
    /* Cut short: still taken for a Word document (it names the part), so
     * that it is refused as a corrupt one rather than read as text. */
    read_fixture("corrupt.docx", &r);
    assert_true(r.sniffed);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_non_null(strstr(r.err.message, "not a readable zip"));
}

static void test_other_zip_is_no_docx(void **state)
{
    (void)state;
    read_result r;
    read_fixture("workbook.docx", &r); /* xl/workbook.xml, whatever its name says */
    assert_false(r.sniffed);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_string_equal(r.err.message, "word/document.xml: missing from the zip");
}

static void test_encrypted_refused(void **state)
{
    (void)state;
    /* What Word saves with a password: an OLE compound file naming an
     * EncryptionInfo stream (UTF-16LE). */
    unsigned char bytes[512] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    static const char name[] = "EncryptionInfo";
    for (size_t i = 0; name[i]; i++)
        bytes[256 + 2 * i] = (unsigned char)name[i];
    read_result r;
    read_bytes(bytes, sizeof bytes, &r);
    assert_false(r.sniffed);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    assert_non_null(strstr(r.err.message, "encrypted"));
}

static void test_sniff_by_content(void **state)
{
    (void)state;
    static const unsigned char text[] = "PK\x03\x04 but no zip";
    assert_false(jx_sniff_docx(text, 3));
    assert_false(jx_sniff_docx((const unsigned char *)"", 0));
    read_result r;
    read_bytes(text, sizeof text - 1, &r);
    assert_false(r.sniffed);
    assert_int_equal(r.status, JX_ERR_FORMAT);
    /* The table of readers picks docx for a Word document, by its bytes. */
    unsigned char *bytes;
    size_t len;
    jx_error err = {0};
    assert_int_equal(jx_read_file(FIXTURES "order.docx", 1u << 20, &bytes, &len, &err), JX_OK);
    const jx_reader *reader = jx_reader_for(bytes, len);
    assert_non_null(reader);
    assert_string_equal(reader->name, "docx");
    assert_int_equal(reader->kind, JX_SOURCE_DOCX);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paragraphs_and_tables_in_order),
        cmocka_unit_test(test_merges_spans_and_grid_before),
        cmocka_unit_test(test_merges_that_cannot_continue),
        cmocka_unit_test(test_nested_table_is_a_table_of_its_own),
        cmocka_unit_test(test_revisions_fields_and_what_is_left_out),
        cmocka_unit_test(test_nesting_to_the_limit),
        cmocka_unit_test(test_deep_nesting_refused),
        cmocka_unit_test(test_wide_span_refused),
        cmocka_unit_test(test_doctype_and_entities_refused),
        cmocka_unit_test(test_malformed_xml_refused),
        cmocka_unit_test(test_libxml2_prints_nothing_and_is_given_back),
        cmocka_unit_test(test_corrupt_zip_refused),
        cmocka_unit_test(test_other_zip_is_no_docx),
        cmocka_unit_test(test_encrypted_refused),
        cmocka_unit_test(test_sniff_by_content),
    };
    return cmocka_run_group_tests_name("read_docx", tests, setup, teardown);
}
