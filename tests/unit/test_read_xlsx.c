/*
 * test_read_xlsx.c — the .xlsx reader (engine/read/read_xlsx.c) and Excel's
 * number formats (engine/read/numfmt.c).
 *
 * Most workbooks are built here, in memory, from XML written out in the
 * test (libzip), so each test shows exactly what the file holds: rich text,
 * phonetic runs, inline strings, cached formula values, styles. One file
 * made by openpyxl (tests/fuzz/seeds/xlsx/scorecard.xlsx, written by
 * tests/fuzz/seeds/xlsx/make.py) stands for a real producer.
 */
#include "testutil.h"

#include "read.h"

#include <time.h>
#include <unistd.h>
#include <zip.h>

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

/* ------------------------------------------------------------ building workbooks */

typedef struct {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
} part;

#define NS                                                                                         \
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                         \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* A zip of the parts, in memory (malloc'd). */
static unsigned char *zip_of(const part *parts, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        size_t size = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(z, parts[i].data, size, 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t size = zip_source_tell(src);
    assert_true(size > 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    unsigned char *bytes = malloc((size_t)size);
    assert_non_null(bytes);
    assert_int_equal(zip_source_read(src, bytes, (zip_uint64_t)size), size);
    zip_source_close(src);
    zip_source_free(src);
    *len = (size_t)size;
    return bytes;
}

static const char workbook_one_sheet[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<workbook " NS
    "><sheets><sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_one_sheet[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL "styles\" Target=\"/xl/styles.xml\"/>"
    "</Relationships>";
static const char no_strings[] = "<sst " NS "/>";
static const char no_styles[] = "<styleSheet " NS "/>";

/* A one-sheet workbook of sheetData (and what follows it), shared strings and styles. */
static unsigned char *one_sheet(const char *sheet_data, const char *strings, const char *styles,
                                size_t *len)
{
    static char sheet[1 << 20];
    snprintf(sheet, sizeof sheet, "<worksheet " NS ">%s</worksheet>", sheet_data);
    part parts[] = {
        {"xl/workbook.xml", workbook_one_sheet, 0},
        {"xl/_rels/workbook.xml.rels", rels_one_sheet, 0},
        {"xl/worksheets/sheet1.xml", sheet, 0},
        {"xl/sharedStrings.xml", strings ? strings : no_strings, 0},
        {"xl/styles.xml", styles ? styles : no_styles, 0},
    };
    return zip_of(parts, 5, len);
}

static jx_status read_bytes(const unsigned char *bytes, size_t len, jx_source *src, jx_error *err)
{
    memset(err, 0, sizeof *err);
    return jx_read_xlsx(arena, bytes, len, src, err);
}

/* Reads a one-sheet workbook that must read. */
static jx_source read_one(const char *sheet_data, const char *strings, const char *styles)
{
    size_t len;
    unsigned char *bytes = one_sheet(sheet_data, strings, styles, &len);
    jx_source src;
    jx_error err;
    jx_status st = read_bytes(bytes, len, &src, &err);
    if (st != JX_OK)
        fail_msg("read: %s", err.message);
    free(bytes);
    return src;
}

/* Reads a one-sheet workbook that must be refused with `status`; its message. */
static const char *refused(const char *sheet_data, const char *strings, const char *styles,
                           jx_status status)
{
    static jx_error err;
    size_t len;
    unsigned char *bytes = one_sheet(sheet_data, strings, styles, &len);
    jx_source src;
    jx_status got = read_bytes(bytes, len, &src, &err);
    if (got != status)
        fail_msg("status %d, not %d: %s", got, status, err.message);
    assert_true(err.message[0] != '\0');
    assert_int_equal(src.nrows, 0);
    free(bytes);
    return err.message;
}

static const jx_source_row *row_of(const jx_source *src, uint32_t part_index, uint32_t row)
{
    for (size_t i = 0; i < src->nrows; i++)
        if (src->rows[i].part == part_index && src->rows[i].row == row)
            return &src->rows[i];
    return NULL;
}

/* The text of the cell at (row, col) of sheet 0; NULL when absent. */
static const char *text_at(const jx_source *src, uint32_t row, uint32_t col)
{
    const jx_source_row *r = row_of(src, 0, row);
    for (size_t i = 0; r != NULL && i < r->ncells; i++)
        if (r->cells[i].col == col)
            return r->cells[i].text;
    return NULL;
}

static const jx_source_cell *cell_at(const jx_source *src, uint32_t row, uint32_t col)
{
    const jx_source_row *r = row_of(src, 0, row);
    for (size_t i = 0; r != NULL && i < r->ncells; i++)
        if (r->cells[i].col == col)
            return &r->cells[i];
    return NULL;
}

/* ------------------------------------------------------------ number formats */

static const char *shown(const char *code, const char *stored)
{
    static char out[JX_NUMFMT_TEXT_MAX];
    const jx_numfmt *fmt = code ? jx_numfmt_parse(arena, code) : NULL;
    if (!jx_numfmt_display(fmt, stored, false, out))
        return "(no number)";
    return out;
}

static void test_numfmt_as_the_cell_shows(void **state)
{
    (void)state;
    assert_string_equal(shown("0.00%", "0.9374"), "93.74%");
    assert_string_equal(shown("0%", "0.955"), "96%");
    assert_string_equal(shown("0.00", "2224.1"), "2224.10");
    assert_string_equal(shown("#,##0.00", "1234567.891"), "1,234,567.89");
    assert_string_equal(shown("#,##0", "999.5"), "1,000");
    assert_string_equal(shown("0", "-0.4"), "0"); /* no "-0" */
    assert_string_equal(shown(NULL, "0.30000000000000004"), "0.3");
    assert_string_equal(shown("General", "2224.1"), "2224.1");
    assert_string_equal(shown("General", "-17"), "-17");
    assert_string_equal(shown("General", "1E-10"), "1E-10");
    assert_string_equal(shown("General", "1.5E+20"), "1.5E+20");
    /* 15 significant digits first, as Excel: 2.675 is stored as
     * 2.67499999999999982236431605997495353221893310546875 and shows 2.68. */
    assert_string_equal(shown("0.00", "2.6749999999999998"), "2.68");
    assert_string_equal(shown("0.00", "1.005"), "1.01");
    assert_string_equal(shown("0.00", "9.995"), "10.00");
    /* Chinese Excel's own codes. */
    assert_string_equal(shown("G/通用格式", "12.5"), "12.5");
    assert_string_equal(shown("0.00_ ", "3"), "3.00");
    assert_string_equal(shown("0.00\"万元\"", "12.5"), "12.50万元");
    assert_string_equal(shown("[$¥-804]#,##0.00", "5"), "¥5.00");
    assert_string_equal(shown("0.00_);[Red]\\(0.00\\)", "-5"), "(5.00)");
    const char *accounting = jx_numfmt_builtin(43);
    assert_string_equal(shown(accounting, "0"), "-");
    assert_string_equal(shown(accounting, "-1234.5"), "-1,234.50");
    assert_string_equal(shown("#,##0,", "1234567"), "1,235");
    assert_string_equal(shown("0.00E+00", "123456"), "1.23E+05");
    assert_string_equal(shown("0.0#", "3.1"), "3.1");
    assert_string_equal(shown("000000", "123"), "000123");
    assert_string_equal(shown("@", "12.50"), "12.5");
    assert_string_equal(shown(";;;", "7"), "");
    assert_string_equal(shown("0.00", "not a number"), "(no number)");
}

static void test_numfmt_dates(void **state)
{
    (void)state;
    assert_string_equal(shown(jx_numfmt_builtin(14), "45292"), "2024-01-01");
    assert_string_equal(shown("yyyy\"年\"m\"月\"d\"日\"", "45000"), "2023-03-15");
    /* Excel's 1900 system has a 29 February 1900, serial 60, and a day 0. */
    assert_string_equal(shown("yyyy-mm-dd", "59"), "1900-02-28");
    assert_string_equal(shown("yyyy-mm-dd", "60"), "1900-02-29");
    assert_string_equal(shown("yyyy-mm-dd", "61"), "1900-03-01");
    assert_string_equal(shown("yyyy-mm-dd", "0"), "1900-01-00");
    assert_string_equal(shown("h:mm", "0.5416666666666666"), "13:00");
    assert_string_equal(shown(jx_numfmt_builtin(22), "45292.75"), "2024-01-01 18:00");
    assert_string_equal(shown("yyyy-mm-dd", "-1"), "-1"); /* no date: as General */
    char out[JX_NUMFMT_TEXT_MAX];
    assert_true(jx_numfmt_display(jx_numfmt_parse(arena, "yyyy-mm-dd"), "0", true, out));
    assert_string_equal(out, "1904-01-01");
    assert_true(jx_numfmt_display(jx_numfmt_parse(arena, "yyyy-mm-dd"), "43831", true, out));
    assert_string_equal(out, "2024-01-02");
}

/* ------------------------------------------------------------ cells */

static void test_strings_shared_inline_rich(void **state)
{
    (void)state;
    const char
        *strings = "<sst " NS " count=\"3\" uniqueCount=\"3\">"
                   "<si><t>项目名称</t></si>"
                   /* rich text: runs joined; the phonetic run is a reading, not shown */
                   "<si><r><rPr><b/></rPr><t>预算</t></r><r><t xml:space=\"preserve\"> 执行</t></r>"
                   "<rPh sb=\"0\" eb=\"2\"><t>yusuan</t></rPh><phoneticPr fontId=\"1\"/></si>"
                   /* Excel's escape of a carriage return, and a real line break */
                   "<si><t>第一行_x000D_\n第二行\t完</t></si>"
                   "</sst>";
    jx_source src = read_one(
        "<sheetData><row r=\"1\">"
        "<c r=\"A1\" t=\"s\"><v>0</v></c>"
        "<c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><t>内联</t><rPh><t>x</t></rPh></is></c>"
        "<c r=\"E1\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c>"
        "<c r=\"F1\" t=\"str\"><f>A1&amp;\"!\"</f><v>项目名称!</v></c>"
        "<c r=\"G1\" t=\"b\"><v>1</v></c>"
        "<c r=\"H1\" t=\"b\"><v>0</v></c>"
        "<c r=\"I1\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
        "<c r=\"J1\" t=\"s\"/>"                               /* no value: not a cell with text */
        "<c r=\"K1\" t=\"inlineStr\"><is><t>   </t></is></c>" /* blank */
        "</row></sheetData>",
        strings, NULL);
    assert_int_equal(src.kind, JX_SOURCE_XLSX);
    assert_int_equal(src.nrows, 1);
    assert_int_equal(src.rows[0].ncells, 9);
    assert_string_equal(text_at(&src, 1, 0), "项目名称");
    assert_string_equal(text_at(&src, 1, 1), "预算 执行");
    assert_string_equal(text_at(&src, 1, 2), "第一行  第二行 完");
    assert_string_equal(text_at(&src, 1, 3), "内联");
    assert_string_equal(text_at(&src, 1, 4), "富文本");
    assert_string_equal(text_at(&src, 1, 5), "项目名称!");
    assert_string_equal(text_at(&src, 1, 6), "TRUE");
    assert_string_equal(text_at(&src, 1, 7), "FALSE");
    assert_string_equal(text_at(&src, 1, 8), "#N/A");
    assert_null(text_at(&src, 1, 9));
    assert_null(text_at(&src, 1, 10));
    assert_string_equal(src.note, "");
}

/* cellXfs: 0 General, 1 0.00%, 2 0.00, 3 #,##0.00, 4 date, 5 custom 0.00_ , 6 G/通用格式, 7 text */
static const char styles[] =
    "<styleSheet " NS ">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"176\" formatCode=\"0.00_ \"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"G/通用格式\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"10\"/></cellStyleXfs>"
    "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"10\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"2\"/><xf numFmtId=\"4\"/><xf numFmtId=\"14\"/><xf numFmtId=\"176\"/>"
    "<xf numFmtId=\"177\"/><xf numFmtId=\"49\"/></cellXfs>"
    "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"176\" formatCode=\"0.0000\"/></dxf></dxfs>"
    "</styleSheet>";

static void test_numbers_in_their_formats(void **state)
{
    (void)state;
    jx_source src = read_one(
        "<sheetData><row r=\"2\">"
        "<c r=\"A2\" s=\"1\"><v>0.9374</v></c>"
        "<c r=\"B2\" s=\"2\"><v>2224.1</v></c>"
        "<c r=\"C2\" s=\"3\"><v>1234567.891</v></c>"
        "<c r=\"D2\"><v>0.30000000000000004</v></c>"
        "<c r=\"E2\" s=\"4\"><v>45366</v></c>"
        "<c r=\"F2\" s=\"5\"><v>88</v></c>"
        "<c r=\"G2\" s=\"6\"><v>12.5</v></c>"
        "<c r=\"H2\" s=\"7\"><v>1086.05</v></c>"
        "<c r=\"I2\" s=\"99\"><v>7</v></c>"                  /* no such style: General */
        "<c r=\"J2\" s=\"2\"><f>B2*2</f><v>4448.2</v></c>"   /* a formula: its cached value */
        "<c r=\"K2\" s=\"2\" t=\"n\"><f>B2/0</f></c>"        /* no cached value: no text */
        "<c r=\"L2\" t=\"d\"><v>2024-03-15T00:00:00</v></c>" /* strict OOXML dates */
        "<c r=\"M2\" t=\"d\"><v>2024-03-15T13:45:00Z</v></c>"
        "</row></sheetData>",
        NULL, styles);
    assert_string_equal(text_at(&src, 2, 0), "93.74%");
    assert_string_equal(text_at(&src, 2, 1), "2224.10");
    assert_string_equal(text_at(&src, 2, 2), "1,234,567.89");
    assert_string_equal(text_at(&src, 2, 3), "0.3");
    assert_string_equal(text_at(&src, 2, 4), "2024-03-15");
    assert_string_equal(text_at(&src, 2, 5), "88.00"); /* not the dxf's 0.0000 */
    assert_string_equal(text_at(&src, 2, 6), "12.5");
    assert_string_equal(text_at(&src, 2, 7), "1086.05");
    assert_string_equal(text_at(&src, 2, 8), "7");
    assert_string_equal(text_at(&src, 2, 9), "4448.20");
    assert_null(text_at(&src, 2, 10));
    assert_string_equal(text_at(&src, 2, 11), "2024-03-15");
    assert_string_equal(text_at(&src, 2, 12), "2024-03-15 13:45:00");
}

static void test_date1904(void **state)
{
    (void)state;
    static const char workbook[] =
        "<workbook " NS "><workbookPr date1904=\"1\"/>"
        "<sheets><sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char sheet[] =
        "<worksheet " NS "><sheetData><row r=\"1\">"
        "<c r=\"A1\" s=\"4\"><v>43831</v></c></row></sheetData></worksheet>";
    part parts[] = {
        {"xl/workbook.xml", workbook, 0},       {"xl/_rels/workbook.xml.rels", rels_one_sheet, 0},
        {"xl/worksheets/sheet1.xml", sheet, 0}, {"xl/sharedStrings.xml", no_strings, 0},
        {"xl/styles.xml", styles, 0},
    };
    size_t len;
    unsigned char *bytes = zip_of(parts, 5, &len);
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(bytes, len, &src, &err), JX_OK);
    assert_string_equal(text_at(&src, 1, 0), "2024-01-02");
    free(bytes);
}

static void test_places_of_cells(void **state)
{
    (void)state;
    jx_source src = read_one(
        "<sheetData>"
        "<row r=\"3\"><c r=\"AA3\" t=\"inlineStr\"><is><t>AA</t></is></c>"
        "<c t=\"inlineStr\"><is><t>AB</t></is></c></row>"               /* no r: after AA3 */
        "<row><c t=\"inlineStr\"><is><t>A4</t></is></c></row>"          /* no r: row 4 */
        "<row r=\"9\"><c r=\"C9\"><v>3</v></c><c r=\"A9\"><v>1</v></c>" /* out of order */
        "<c r=\"C9\"><v>33</v></c></row>"                               /* twice: the later */
        "<row r=\"10\"><c r=\"A10\" s=\"0\"/></row>"                    /* no text: no row */
        "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>end</t></is></c></row>"
        "</sheetData>",
        NULL, NULL);
    assert_int_equal(src.nrows, 4);
    assert_int_equal(src.rows[0].row, 3);
    assert_int_equal(src.rows[0].cells[0].col, 26);
    assert_string_equal(src.rows[0].cells[0].text, "AA");
    assert_int_equal(src.rows[0].cells[1].col, 27);
    assert_int_equal(src.rows[1].row, 4);
    assert_int_equal(src.rows[1].cells[0].col, 0);
    assert_int_equal(src.rows[2].row, 9);
    assert_int_equal(src.rows[2].ncells, 2);
    assert_string_equal(src.rows[2].cells[0].text, "1");
    assert_string_equal(src.rows[2].cells[1].text, "33");
    assert_int_equal(src.rows[3].row, 1048576);
    assert_int_equal(src.rows[3].cells[0].col, 16383);
    for (size_t i = 0; i < src.nrows; i++) {
        assert_int_equal(src.rows[i].part, 0);
        assert_false(src.rows[i].prose);
        for (size_t k = 0; k < src.rows[i].ncells; k++)
            assert_int_equal(src.rows[i].cells[k].rowspan * src.rows[i].cells[k].colspan, 1);
    }
}

static void test_merged_cells(void **state)
{
    (void)state;
    jx_source src = read_one(
        "<sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>项目支出绩效自评表</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>under the merge</t></is></c></row>"
        "<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>also under</t></is></c>"
        "<c r=\"D2\" t=\"inlineStr\"><is><t>beside</t></is></c></row>"
        "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>产出指标</t></is></c>"
        "<c r=\"B4\" t=\"inlineStr\"><is><t>数量</t></is></c></row>"
        "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>质量</t></is></c></row>"
        "</sheetData>"
        "<mergeCells count=\"3\"><mergeCell ref=\"A1:C2\"/><mergeCell ref=\"A4:A6\"/>"
        "<mergeCell ref=\"E8:F8\"/></mergeCells>",
        NULL, NULL);
    const jx_source_cell *title = cell_at(&src, 1, 0);
    assert_non_null(title);
    assert_int_equal(title->rowspan, 2);
    assert_int_equal(title->colspan, 3);
    assert_null(cell_at(&src, 1, 1)); /* covered: absent */
    assert_null(cell_at(&src, 2, 2));
    assert_string_equal(text_at(&src, 2, 3), "beside");
    assert_int_equal(row_of(&src, 0, 2)->ncells, 1);
    assert_int_equal(cell_at(&src, 4, 0)->rowspan, 3); /* past the last row the sheet has */
    assert_string_equal(text_at(&src, 5, 1), "质量");
    /* An empty merge is a cell too: the top of a merge is a row. */
    const jx_source_cell *empty = cell_at(&src, 8, 4);
    assert_non_null(empty);
    assert_string_equal(empty->text, "");
    assert_int_equal(empty->colspan, 2);
    assert_string_equal(src.note, "");
}

static void test_overlapping_merges_refused(void **state)
{
    (void)state;
    const char *msg = refused("<sheetData/><mergeCells><mergeCell ref=\"A2:D2\"/>"
                              "<mergeCell ref=\"B1:B3\"/></mergeCells>",
                              NULL, NULL, JX_ERR_FORMAT);
    assert_non_null(strstr(msg, "xl/worksheets/sheet1.xml: "));
    assert_non_null(strstr(msg, "overlap"));
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_whole_sheet_merge_clipped(void **state)
{
    (void)state;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    jx_source src = read_one(
        "<sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c></row>"
        "<row r=\"5\"><c r=\"C5\" t=\"inlineStr\"><is><t>under it</t></is></c></row>"
        "</sheetData><mergeCells><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
        NULL, NULL);
    assert_true(seconds_since(&t0) < 2.0);
    assert_int_equal(src.nrows, 1);
    assert_int_equal(src.rows[0].cells[0].rowspan, 5);
    assert_int_equal(src.rows[0].cells[0].colspan, 3);
    assert_string_equal(
        src.note, "merged cells A1:XFD1048576 of sheet '表1' clipped to A1:C5, its last cell");
    /* With a cell at the sheet's very end there is nothing to clip to: refused. */
    const char *msg = refused(
        "<sheetData><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>"
        "<mergeCells><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>",
        NULL, NULL, JX_ERR_TOO_LARGE);
    assert_string_equal(msg,
                        "xl/worksheets/sheet1.xml: merged cells cover more than 4000000 cells");
}

/* ------------------------------------------------------------ sheets */

static void test_sheets_in_order_hidden_noted(void **state)
{
    (void)state;
    static const char workbook[] =
        "<workbook " NS "><sheets>"
        "<sheet name=\"封面\" sheetId=\"1\" r:id=\"rId1\"/>"
        "<sheet name=\"汇总\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
        "<sheet name=\"图表\" sheetId=\"3\" r:id=\"rId3\"/>"
        "<sheet name=\"明细\" sheetId=\"4\" r:id=\"rId4\"/>"
        "</sheets></workbook>";
    static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId4\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet9.xml\"/>"
        "<Relationship Id=\"rId1\" Type=\"" REL
        "worksheet\" Target=\"./worksheets/../worksheets/a.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/b.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"" REL "chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
        "</Relationships>";
    static const char a[] = "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                            "<is><t>cover</t></is></c></row></sheetData></worksheet>";
    static const char b[] = "<worksheet " NS "><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\">"
                            "<is><t>secret</t></is></c></row></sheetData></worksheet>";
    static const char d[] = "<worksheet " NS "><sheetData><row r=\"7\"><c r=\"A7\"><v>1</v></c>"
                            "</row></sheetData></worksheet>";
    part parts[] = {
        {"xl/workbook.xml", workbook, 0},   {"xl/_rels/workbook.xml.rels", rels, 0},
        {"xl/worksheets/a.xml", a, 0},      {"xl/worksheets/b.xml", b, 0},
        {"xl/worksheets/sheet9.xml", d, 0},
    };
    size_t len;
    unsigned char *bytes = zip_of(parts, 5, &len);
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(bytes, len, &src, &err), JX_OK);
    assert_int_equal(src.nparts, 3);
    assert_string_equal(src.parts[0], "封面");
    assert_string_equal(src.parts[1], "汇总");
    assert_string_equal(src.parts[2], "明细");
    assert_int_equal(src.nrows, 3);
    assert_int_equal(src.rows[0].part, 0);
    assert_int_equal(src.rows[1].part, 1);
    assert_int_equal(src.rows[1].row, 2);
    assert_string_equal(src.rows[1].cells[0].text, "secret");
    assert_int_equal(src.rows[2].part, 2);
    assert_int_equal(src.rows[2].row, 7);
    assert_string_equal(src.note, "hidden sheet '汇总' read; chartsheet '图表' skipped");
    free(bytes);
}

static void test_note_said_once(void **state)
{
    (void)state;
    /* Ten hidden sheets, all the same part: eight are named, the rest counted. */
    char workbook[4096], rels[8192];
    int n = snprintf(workbook, sizeof workbook, "<workbook " NS "><sheets>");
    int m = snprintf(rels, sizeof rels,
                     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                     "relationships\">");
    for (int i = 0; i < 10; i++) {
        n += snprintf(workbook + n, sizeof workbook - (size_t)n,
                      "<sheet name=\"表%d\" sheetId=\"%d\" state=\"hidden\" r:id=\"rId%d\"/>", i,
                      i + 1, i);
        m += snprintf(rels + m, sizeof rels - (size_t)m,
                      "<Relationship Id=\"rId%d\" Type=\"" REL "worksheet\" Target=\"s.xml\"/>", i);
    }
    snprintf(workbook + n, sizeof workbook - (size_t)n, "</sheets></workbook>");
    snprintf(rels + m, sizeof rels - (size_t)m, "</Relationships>");
    part parts[] = {
        {"xl/workbook.xml", workbook, 0},
        {"xl/_rels/workbook.xml.rels", rels, 0},
        {"xl/s.xml",
         "<worksheet " NS "><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>", 0},
    };
    size_t len;
    unsigned char *bytes = zip_of(parts, 3, &len);
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(bytes, len, &src, &err), JX_OK);
    assert_int_equal(src.nparts, 10);
    assert_int_equal(src.nrows, 10);
    assert_int_equal(src.rows[9].part, 9);
    assert_string_equal(src.note,
                        "hidden sheet '表0' read; hidden sheet '表1' read; hidden sheet '表2' "
                        "read; hidden sheet '表3' read; hidden sheet '表4' read; hidden "
                        "sheet '表5' read; hidden sheet '表6' read; hidden sheet '表7' read; "
                        "2 more");
    free(bytes);
}

static void test_sniff_and_table(void **state)
{
    (void)state;
    size_t len;
    unsigned char *bytes = one_sheet("<sheetData/>", NULL, NULL, &len);
    assert_true(jx_sniff_xlsx(bytes, len));
    const jx_reader *r = jx_reader_for(bytes, len);
    assert_non_null(r);
    assert_string_equal(r->name, "xlsx");
    assert_int_equal(r->kind, JX_SOURCE_XLSX);
    free(bytes);
    /* A zip that is no workbook (a .docx), and plain text. */
    part docx[] = {{"word/document.xml", "<w:document/>", 0}};
    bytes = zip_of(docx, 1, &len);
    assert_false(jx_sniff_xlsx(bytes, len));
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(bytes, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "xl/workbook.xml: missing from the zip: not a workbook");
    free(bytes);
    assert_false(jx_sniff_xlsx((const unsigned char *)"PK\3\4 not really", 16));
    assert_false(jx_sniff_xlsx((const unsigned char *)"项目,金额\n", 14));
    assert_false(jx_sniff_xlsx(NULL, 0));
}

/* ------------------------------------------------------------ hostile files */

static void test_corrupt_zip(void **state)
{
    (void)state;
    size_t len;
    unsigned char *bytes = one_sheet("<sheetData/>", NULL, NULL, &len);
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(bytes, len / 2, &src, &err), JX_ERR_FORMAT);
    assert_non_null(strstr(err.message, "zip"));
    for (size_t i = 40; i < len - 40; i += 7)
        bytes[i] ^= 0x5A;
    assert_int_not_equal(read_bytes(bytes, len, &src, &err), JX_OK);
    assert_true(err.message[0] != '\0');
    free(bytes);
}

static void test_broken_xml_names_its_part(void **state)
{
    (void)state;
    const char *msg = refused("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData>",
                              NULL, NULL, JX_ERR_FORMAT);
    assert_non_null(strstr(msg, "xl/worksheets/sheet1.xml: line 1: "));
    msg = refused("<sheetData/>", "<sst " NS "><si><t>x</si></sst>", NULL, JX_ERR_FORMAT);
    assert_non_null(strstr(msg, "xl/sharedStrings.xml: line 1: "));
    msg = refused("<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row></sheetData>",
                  NULL, NULL, JX_ERR_FORMAT);
    assert_string_equal(msg, "xl/worksheets/sheet1.xml: cell A1: no shared string '5' (of 0)");
    msg = refused("<sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData>", NULL,
                  NULL, JX_ERR_TOO_LARGE);
    assert_non_null(strstr(msg, "xl/worksheets/sheet1.xml: cell 'XFE1': past XFD1048576"));
    msg = refused("<sheetData><row r=\"1048577\"/></sheetData>", NULL, NULL, JX_ERR_TOO_LARGE);
    assert_non_null(strstr(msg, "xl/worksheets/sheet1.xml: row '1048577'"));
    msg = refused("<sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData>", NULL, NULL,
                  JX_ERR_FORMAT);
    assert_non_null(strstr(msg, "not a cell reference"));
    /* Cells and rows without their number run past the end of the sheet. */
    msg = refused("<sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>"
                  "</sheetData>",
                  NULL, NULL, JX_ERR_TOO_LARGE);
    assert_string_equal(msg, "xl/worksheets/sheet1.xml: row 1: more than 16384 columns");
    msg = refused("<sheetData><row r=\"1048576\"/><row/></sheetData>", NULL, NULL,
                  JX_ERR_TOO_LARGE);
    assert_string_equal(msg, "xl/worksheets/sheet1.xml: more than 1048576 rows");
}

/* libxml2 reports encoding errors through its thread's handlers, which
 * print to stderr: the reader catches them (fuzz_read_xlsx found it). */
static void test_nothing_printed(void **state)
{
    (void)state;
    static const char ucs4[] = "\0\0\0<\0\0\0w\0\0\0\0\0\0\0\0\xff\xff\xff\xff";
    part parts[] = {
        {"xl/workbook.xml", workbook_one_sheet, 0},
        {"xl/_rels/workbook.xml.rels", rels_one_sheet, 0},
        {"xl/worksheets/sheet1.xml", ucs4, sizeof ucs4 - 1},
    };
    size_t len;
    unsigned char *bytes = zip_of(parts, 3, &len);
    FILE *captured = tmpfile();
    assert_non_null(captured);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0 && dup2(fileno(captured), 2) >= 0);
    jx_source src;
    jx_error err;
    jx_status st = read_bytes(bytes, len, &src, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long printed = ftell(captured) > 0 ? ftell(captured) : lseek(fileno(captured), 0, SEEK_END);
    fclose(captured);
    free(bytes);
    assert_int_equal(st, JX_ERR_FORMAT);
    assert_non_null(strstr(err.message, "xl/worksheets/sheet1.xml: "));
    assert_int_equal(printed, 0);
}

static void test_entities_refused(void **state)
{
    (void)state;
    static const char laughs[] = "<?xml version=\"1.0\"?><!DOCTYPE sst ["
                                 "<!ENTITY a \"lollollollollollollollollollol\">"
                                 "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
                                 "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                                 "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
                                 "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                                 "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g "
                                 "\"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
                                 "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i "
                                 "\"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">"
                                 "]><sst " NS "><si><t>&i;</t></si></sst>";
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *msg = refused("<sheetData/>", laughs, NULL, JX_ERR_FORMAT);
    assert_true(seconds_since(&t0) < 2.0);
    assert_non_null(strstr(msg, "xl/sharedStrings.xml: "));
    /* A DOCTYPE without entities (or with an external one) is refused as well. */
    msg = refused("<sheetData/>",
                  "<!DOCTYPE sst SYSTEM \"file:///etc/passwd\"><sst " NS "><si><t>x</t></si></sst>",
                  NULL, JX_ERR_FORMAT);
    assert_string_equal(msg, "xl/sharedStrings.xml: a DOCTYPE, which no workbook part has: "
                             "refused (entities are never expanded)");
}

/* The 16th byte of a local header (compressed size at 18, uncompressed at
 * 22) and of a central one (20, 24): sizes as a zip bomb declares them. */
static void declare_size(unsigned char *bytes, size_t len, const char *name, uint32_t size)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + 46 + n <= len; i++) {
        size_t at = 0;
        if (memcmp(bytes + i, "PK\3\4", 4) == 0 && memcmp(bytes + i + 30, name, n) == 0)
            at = i + 22;
        else if (memcmp(bytes + i, "PK\1\2", 4) == 0 && memcmp(bytes + i + 46, name, n) == 0)
            at = i + 24;
        for (int k = 0; at && k < 4; k++)
            bytes[at + (size_t)k] = (unsigned char)(size >> (8 * k));
    }
}

static void test_zip_bombs(void **state)
{
    (void)state;
    /* 8 MB of one byte deflates to a few KB: past 200 times its stored size. */
    size_t big = (size_t)8 << 20;
    char *zeros = malloc(big);
    assert_non_null(zeros);
    memset(zeros, '0', big);
    part parts[] = {
        {"xl/workbook.xml", workbook_one_sheet, 0},
        {"xl/_rels/workbook.xml.rels", rels_one_sheet, 0},
        {"xl/worksheets/sheet1.xml", zeros, big},
    };
    size_t len;
    unsigned char *bytes = zip_of(parts, 3, &len);
    assert_true(len < big / 200);
    jx_source src;
    jx_error err;
    if (read_bytes(bytes, len, &src, &err) != JX_ERR_TOO_LARGE)
        fail_msg("%s", err.message);
    assert_non_null(strstr(err.message, "xl/worksheets/sheet1.xml: expands to 8388608 bytes"));
    free(bytes);
    free(zeros);
    /* A part that declares 4 GB: refused by what it declares, before a byte is inflated. */
    bytes = one_sheet("<sheetData/>", NULL, NULL, &len);
    declare_size(bytes, len, "xl/worksheets/sheet1.xml", 0xFFFFFFF0u);
    assert_int_equal(read_bytes(bytes, len, &src, &err), JX_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "xl/worksheets/sheet1.xml: expands to 4294967280 bytes"));
    free(bytes);
}

static void test_encrypted_workbook(void **state)
{
    (void)state;
    /* An OLE compound file whose directory names EncryptionInfo: what Excel
     * saves with a password. */
    unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *name = "EncryptionInfo";
    for (size_t i = 0; name[i]; i++)
        ole[512 + 2 * i] = (unsigned char)name[i];
    assert_true(jx_sniff_xlsx(ole, sizeof ole));
    assert_string_equal(jx_reader_for(ole, sizeof ole)->name, "xlsx");
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(ole, sizeof ole, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "encrypted: save it without a password first");
    /* The same file without EncryptionInfo (an .xls) is not claimed. */
    memset(ole + 512, 0, 64);
    assert_false(jx_sniff_xlsx(ole, sizeof ole));
}

static void test_many_shared_strings(void **state)
{
    (void)state;
    enum { N = 100000 };
    size_t cap = (size_t)N * 32 + 256, n = 0;
    char *strings = malloc(cap);
    assert_non_null(strings);
    n += (size_t)snprintf(strings + n, cap - n, "<sst " NS " count=\"%d\">", N);
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(strings + n, cap - n, "<si><t>项目%d</t></si>", i);
    snprintf(strings + n, cap - n, "</sst>");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    jx_source src = read_one("<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                             "<c r=\"B1\" t=\"s\"><v>99999</v></c></row></sheetData>",
                             strings, NULL);
    double seconds = seconds_since(&t0);
    print_message("  10^5 shared strings read in %.3f s (sanitizer build)\n", seconds);
    assert_true(seconds < 5.0);
    assert_string_equal(text_at(&src, 1, 0), "项目0");
    assert_string_equal(text_at(&src, 1, 1), "项目99999");
    free(strings);
}

/* ------------------------------------------------------------ a real producer */

static void test_openpyxl_workbook(void **state)
{
    (void)state;
    unsigned char *bytes;
    size_t len;
    jx_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(
        jx_read_file("tests/fuzz/seeds/xlsx/scorecard.xlsx", 1 << 20, &bytes, &len, &err), JX_OK);
    assert_true(jx_sniff_xlsx(bytes, len));
    jx_source src;
    assert_int_equal(read_bytes(bytes, len, &src, &err), JX_OK);
    assert_int_equal(src.nparts, 3);
    assert_string_equal(src.parts[0], "项目支出绩效自评表");
    assert_string_equal(src.note, "hidden sheet '备查' read");
    const jx_source_cell *title = cell_at(&src, 1, 0);
    assert_string_equal(title->text, "项目支出绩效自评表");
    assert_int_equal(title->colspan, 6);
    assert_string_equal(text_at(&src, 3, 0), "人员经费");
    assert_string_equal(text_at(&src, 3, 1), "2224.10");
    assert_string_equal(text_at(&src, 3, 2), "1,086.05");
    assert_string_equal(text_at(&src, 3, 3), "93.74%");
    assert_string_equal(text_at(&src, 3, 4), "2024-03-15");
    assert_int_equal(cell_at(&src, 5, 0)->rowspan, 3);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numfmt_as_the_cell_shows),
        cmocka_unit_test(test_numfmt_dates),
        cmocka_unit_test(test_strings_shared_inline_rich),
        cmocka_unit_test(test_numbers_in_their_formats),
        cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_places_of_cells),
        cmocka_unit_test(test_merged_cells),
        cmocka_unit_test(test_overlapping_merges_refused),
        cmocka_unit_test(test_whole_sheet_merge_clipped),
        cmocka_unit_test(test_sheets_in_order_hidden_noted),
        cmocka_unit_test(test_note_said_once),
        cmocka_unit_test(test_sniff_and_table),
        cmocka_unit_test(test_corrupt_zip),
        cmocka_unit_test(test_broken_xml_names_its_part),
        cmocka_unit_test(test_nothing_printed),
        cmocka_unit_test(test_entities_refused),
        cmocka_unit_test(test_zip_bombs),
        cmocka_unit_test(test_encrypted_workbook),
        cmocka_unit_test(test_many_shared_strings),
        cmocka_unit_test(test_openpyxl_workbook),
    };
    return cmocka_run_group_tests_name("read_xlsx", tests, setup, teardown);
}
