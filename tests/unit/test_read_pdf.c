/*
 * test_read_pdf.c — PDFs written here by hand, read through MuPDF: a ruled
 * table with text in a standard font; the same page with /Rotate 90, and
 * drawn sideways on a portrait page (both read upright); a page that is one
 * image (a scan: "scanned, no text layer"); a page with a little text and a
 * scan beside it (noted); broken files; the page in a finding's place.
 */
#include "testutil.h"

/* A one-page PDF (or `pages` copies of the page) with correct xref offsets. */
static unsigned char *make_pdf(const char *content, int rotate, unsigned pages, size_t *len)
{
    size_t cap = 4096 + strlen(content) * 2 + (size_t)pages * 64;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t offsets[8], at = 0;
    at += (size_t)snprintf(buf + at, cap - at, "%%PDF-1.4\n%%\xE2\xE3\xCF\xD3\n");
    offsets[1] = at;
    at += (size_t)snprintf(buf + at, cap - at, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    offsets[2] = at;
    at += (size_t)snprintf(buf + at, cap - at, "2 0 obj\n<< /Type /Pages /Count %u /Kids [", pages);
    for (unsigned i = 0; i < pages; i++)
        at += (size_t)snprintf(buf + at, cap - at, "3 0 R ");
    at += (size_t)snprintf(buf + at, cap - at, "] >>\nendobj\n");
    offsets[3] = at;
    at += (size_t)snprintf(buf + at, cap - at,
                           "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d "
                           "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n",
                           rotate);
    offsets[4] = at;
    at += (size_t)snprintf(buf + at, cap - at, "4 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
                           strlen(content) + 1, content);
    offsets[5] = at;
    at += (size_t)snprintf(buf + at, cap - at,
                           "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
    size_t xref = at;
    at += (size_t)snprintf(buf + at, cap - at, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%010zu 00000 n \n", offsets[i]);
    at += (size_t)snprintf(buf + at, cap - at, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    *len = at;
    return (unsigned char *)buf;
}

/* A 3-column ruled table, 2 rows, at the top of a portrait page (PDF space, y up). */
#define TABLE_CONTENT                                                                   \
    "0.5 w 50 800 m 350 800 l S 50 780 m 350 780 l S 50 760 m 350 760 l S "             \
    "50 800 m 50 760 l S 150 800 m 150 760 l S 250 800 m 250 760 l S 350 800 m 350 760 l S " \
    "BT /F1 14 Tf 120 815 Td (Scorecard 2024) Tj ET "                                   \
    "BT /F1 10 Tf 55 786 Td (Item) Tj ET BT /F1 10 Tf 155 786 Td (Weight) Tj ET "        \
    "BT /F1 10 Tf 255 786 Td (Score) Tj ET BT /F1 10 Tf 55 766 Td (Output) Tj ET "        \
    "BT /F1 10 Tf 155 766 Td (50) Tj ET BT /F1 10 Tf 255 766 Td (48.5) Tj ET"

static void read_bytes(const unsigned char *pdf, size_t len, jx_arena *arena, jx_source *src,
                       jx_status want, jx_error *err)
{
    assert_true(jx_sniff_pdf(pdf, len));
    assert_int_equal(jx_read_pdf(arena, pdf, len, src, err), want);
}

static void assert_table(const jx_source *src)
{
    assert_int_equal(src->kind, JX_SOURCE_PDF);
    assert_int_equal(src->nrows, 3);
    assert_true(src->rows[0].prose);
    assert_string_equal(src->rows[0].cells[0].text, "Scorecard 2024");
    const jx_source_row *r1 = &src->rows[1], *r2 = &src->rows[2];
    assert_false(r1->prose);
    assert_int_equal(r1->part, 1);
    assert_int_equal(r1->width, 3);
    assert_int_equal(r1->ncells, 3);
    assert_string_equal(r1->cells[0].text, "Item");
    assert_string_equal(r1->cells[2].text, "Score");
    assert_int_equal(r2->ncells, 3);
    assert_string_equal(r2->cells[1].text, "50");
    assert_string_equal(r2->cells[2].text, "48.5");
    assert_int_equal(r2->cells[2].col, 2);
    assert_int_equal(r2->page, 1);
}

static void test_ruled_table(void **state)
{
    (void)state;
    size_t len;
    unsigned char *pdf = make_pdf(TABLE_CONTENT, 0, 1, &len);
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    read_bytes(pdf, len, arena, &src, JX_OK, &err);
    assert_table(&src);
    assert_string_equal(src.note, "");
    jx_arena_free(arena);
    free(pdf);
}

/* Borders as Word and WPS export them: thin filled rectangles, one per cell
 * side; a grey shading behind the header (a wide fill) is no line. */
static void test_filled_borders(void **state)
{
    (void)state;
    static const char content[] =
        "0.9 g 50 780 300 20 re f 0 g "
        "50 799.75 300 0.5 re f 50 779.75 300 0.5 re f 50 759.75 300 0.5 re f "
        "49.75 760 0.5 40 re f 149.75 760 0.5 40 re f 249.75 760 0.5 40 re f 349.75 760 0.5 40 re f "
        "BT /F1 14 Tf 120 815 Td (Scorecard 2024) Tj ET "
        "BT /F1 10 Tf 55 786 Td (Item) Tj ET BT /F1 10 Tf 155 786 Td (Weight) Tj ET "
        "BT /F1 10 Tf 255 786 Td (Score) Tj ET BT /F1 10 Tf 55 766 Td (Output) Tj ET "
        "BT /F1 10 Tf 155 766 Td (50) Tj ET BT /F1 10 Tf 255 766 Td (48.5) Tj ET";
    size_t len;
    unsigned char *pdf = make_pdf(content, 0, 1, &len);
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    read_bytes(pdf, len, arena, &src, JX_OK, &err);
    assert_table(&src);
    jx_arena_free(arena);
    free(pdf);
}

/* A page turned by /Rotate, and one whose content is set sideways (text
 * running up a portrait page): both read as the table, upright. */
static void test_turned_pages(void **state)
{
    (void)state;
    for (int rotate = 90; rotate <= 270; rotate += 90) {
        size_t len;
        unsigned char *pdf = make_pdf(TABLE_CONTENT, rotate, 1, &len);
        jx_arena *arena = jx_arena_new();
        jx_source src;
        jx_error err = {0};
        read_bytes(pdf, len, arena, &src, JX_OK, &err);
        assert_table(&src);
        jx_arena_free(arena);
        free(pdf);
    }
    /* the content turned a quarter against the clock inside a portrait page */
    char content[2048];
    snprintf(content, sizeof content, "q 0 1 -1 0 842 0 cm %s Q", TABLE_CONTENT);
    size_t len;
    unsigned char *pdf = make_pdf(content, 0, 1, &len);
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    read_bytes(pdf, len, arena, &src, JX_OK, &err);
    assert_table(&src);
    jx_arena_free(arena);
    free(pdf);
}

/* A page that is only an image: a scan without a text layer. */
static void test_scanned(void **state)
{
    (void)state;
    size_t len;
    unsigned char *pdf =
        make_pdf("q 500 0 0 700 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 00FFFF00> EI Q", 0, 2, &len);
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    read_bytes(pdf, len, arena, &src, JX_ERR_FORMAT, &err);
    assert_string_equal(err.message, "scanned, no text layer: run OCR first");
    jx_arena_free(arena);
    free(pdf);
}

/* A scan with an OCR layer: the image, and the recognised text drawn
 * invisibly (render mode 3) over it: the text is read. */
static void test_ocr_layer(void **state)
{
    (void)state;
    size_t len;
    unsigned char *pdf = make_pdf("q 500 0 0 700 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 00FFFF00> EI Q "
                                  "BT 3 Tr /F1 12 Tf 100 700 Td (Total score 98.5) Tj ET",
                                  0, 1, &len);
    jx_arena *arena = jx_arena_new();
    jx_source src;
    jx_error err = {0};
    read_bytes(pdf, len, arena, &src, JX_OK, &err);
    assert_int_equal(src.nrows, 1);
    assert_string_equal(src.rows[0].cells[0].text, "Total score 98.5");
    jx_arena_free(arena);
    free(pdf);
}

/* Broken files: a clear error, never a crash. A file cut short is repaired
 * by MuPDF where it can be, else refused. */
static void test_broken(void **state)
{
    (void)state;
    static const char *const bad[] = {"%PDF-1.4\n", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n",
                                      "%PDF-\xff\xfe garbage \x00\x01 stream endstream"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jx_arena *arena = jx_arena_new();
        jx_source src;
        jx_error err = {0};
        size_t n = i == 2 ? 30 : strlen(bad[i]);
        jx_status st = jx_read_pdf(arena, (const unsigned char *)bad[i], n, &src, &err);
        assert_int_equal(st, JX_ERR_FORMAT);
        assert_true(strlen(err.message) > 0);
        jx_arena_free(arena);
    }
    size_t len;
    unsigned char *pdf = make_pdf(TABLE_CONTENT, 0, 1, &len);
    for (size_t cut = 16; cut < len; cut += len / 7) {
        jx_arena *arena = jx_arena_new();
        jx_source src;
        jx_error err = {0};
        jx_status st = jx_read_pdf(arena, pdf, cut, &src, &err);
        assert_true(st == JX_OK || st == JX_ERR_FORMAT);
        jx_arena_free(arena);
    }
    free(pdf);
}

/* Through the library: a finding in a PDF's table says its page, table, row
 * and column. */
static void test_place_of_finding(void **state)
{
    (void)state;
    static const char content[] =
        "0.5 w 50 800 m 450 800 l S 50 780 m 450 780 l S 50 760 m 450 760 l S 50 740 m 450 740 l S "
        "50 800 m 50 740 l S 150 800 m 150 740 l S 250 800 m 250 740 l S 350 800 m 350 740 l S "
        "450 800 m 450 740 l S "
        "BT /F1 10 Tf 55 786 Td (X) Tj ET BT /F1 10 Tf 155 786 Td (Y) Tj ET "
        "BT /F1 10 Tf 255 786 Td (Z) Tj ET BT /F1 10 Tf 355 786 Td (W) Tj ET "
        "BT /F1 10 Tf 55 766 Td (a) Tj ET BT /F1 10 Tf 155 766 Td (1) Tj ET "
        "BT /F1 10 Tf 255 766 Td (2) Tj ET BT /F1 10 Tf 355 766 Td (3) Tj ET "
        "BT /F1 10 Tf 55 746 Td (b) Tj ET BT /F1 10 Tf 155 746 Td (4) Tj ET "
        "BT /F1 10 Tf 255 746 Td (5) Tj ET BT /F1 10 Tf 355 746 Td (6) Tj ET";
    size_t len;
    unsigned char *pdf = make_pdf(content, 0, 1, &len);
    jx_error err = {0};
    jx_document *doc = jx_document_parse("t.pdf", pdf, len, JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    assert_string_equal(doc->format, "pdf");
    assert_non_null(doc->places);
    char place[128];
    assert_true(doc->nlines >= 3);
    jx_document_place(doc, 2, 3, place, sizeof place);
    assert_string_equal(place, "第1页 表1 第2行第3列");
    jx_document_place(doc, 3, 0, place, sizeof place);
    assert_string_equal(place, "第1页 表1 第3行");
    jx_document_free(doc);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruled_table),
        cmocka_unit_test(test_filled_borders),
        cmocka_unit_test(test_turned_pages),
        cmocka_unit_test(test_scanned),
        cmocka_unit_test(test_ocr_layer),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_place_of_finding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
