/*
 * fuzz_read_pdf — libFuzzer target for the PDF reader (engine/read/read_pdf.c
 * with MuPDF under it and pdf_layout.c after it).
 *
 * Input: bytes. What jx_sniff_pdf takes for a PDF goes to jx_read_pdf as it
 * is: the xref and its repair, the objects, the streams and their filters,
 * the budgets. Anything else is first stored as the content stream of the
 * one page of a PDF written here, whose resources are fonts (/F1 Helvetica,
 * /F2 and /F3 Chinese by UniGB-UCS2-H and -V, /F4 a Type3 font), an image
 * /Im1, a form /Fm1 and a graphics state /GS1 (tests/fuzz/seeds/pdf/make.py
 * writes the same for its seeds), so that mutations reach the interpreter,
 * our device and the layout instead of dying in the xref.
 *
 * Contracts: a read that succeeds was sniffed as a PDF and gives rows within
 * the limits of read.h, on pages 1 to JX_READ_MAX_PAGES in page order; prose
 * rows are part 0, one cell at column 0 spanning nothing, each number once
 * on its page; table rows are part >= 1, the tables numbered 1, 2, …
 * as they come, each table's rows 1, 2, … in order; cells in column order
 * without overlap, within the row's width and the table's rows, spans >= 1,
 * text UTF-8 on one line without surrounding blanks, empty only for a span;
 * the note one line of UTF-8. A refused file gives FORMAT, TOO_LARGE or
 * NOMEM, a one-line UTF-8 message naming the PDF, the page or the budget,
 * and no rows. No crash, leak or undefined behaviour.
 *
 * Also that a page's lines are numbered upwards in the order they are read
 * (a 20-point title beside a raised 8-point 单位：万元 once was line 2 read
 * before line 1: tests/fuzz/regressions/fuzz_read_pdf/line_order_title_and_unit.content).
 */
#define FUZZ_NAME "fuzz_read_pdf"
#include "fuzz_oracle.h"

#include "read.h"
#include "fuzz_source.h"

/* ------------------------------------------------------------ the wrapper */

typedef struct {
    unsigned char *data;
    size_t len, cap;
    size_t offsets[10]; /* objects 1 to 9 */
} pdf_out;

static void put(pdf_out *o, const void *s, size_t n)
{
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->data = realloc(o->data, o->cap);
        require(o->data != NULL, "memory for the wrapper");
    }
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

static void puts_(pdf_out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void object(pdf_out *o, int n, const char *body)
{
    char head[32];
    o->offsets[n] = o->len;
    snprintf(head, sizeof head, "%d 0 obj\n", n);
    puts_(o, head);
    puts_(o, body);
    puts_(o, "\nendobj\n");
}

static void stream(pdf_out *o, int n, const char *dict, const void *data, size_t size)
{
    char head[64];
    o->offsets[n] = o->len;
    snprintf(head, sizeof head, "%d 0 obj\n<<", n);
    puts_(o, head);
    puts_(o, dict);
    snprintf(head, sizeof head, "/Length %zu>>\nstream\n", size);
    puts_(o, head);
    if (size > 0)
        put(o, data, size);
    puts_(o, "\nendstream\nendobj\n");
}

#define CID_FONT                                                                                   \
    "<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light"                                      \
    "/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 4>>"                                \
    "/FontDescriptor<</Type/FontDescriptor/FontName/STSong-Light/Flags 4"                          \
    "/FontBBox[-25 -254 1000 880]/ItalicAngle 0/Ascent 880/Descent -120"                           \
    "/CapHeight 880/StemV 93>>/DW 1000>>"

/* A PDF of one A4 page whose content stream is data (malloc'd). */
static unsigned char *pdf_of_content(const uint8_t *data, size_t size, size_t *len)
{
    pdf_out o = {NULL, 0, 0, {0}};
    puts_(&o, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    object(&o, 1, "<</Type/Catalog/Pages 2 0 R>>");
    object(&o, 2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    object(&o, 3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources 4 0 R/Contents 9 0 R>>");
    object(&o, 4,
           "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
           "/F2<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-H"
           "/DescendantFonts[" CID_FONT "]>>"
           "/F3<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/UniGB-UCS2-V"
           "/DescendantFonts[" CID_FONT "]>>"
           "/F4<</Type/Font/Subtype/Type3/FontBBox[0 0 750 750]/FontMatrix[0.001 0 0 0.001 0 0]"
           "/CharProcs<</square 5 0 R/bar 6 0 R>>/Encoding<</Type/Encoding/Differences[65/square/bar]>>"
           "/FirstChar 65/LastChar 66/Widths[1000 1000]/Resources<<>>>>>>"
           "/XObject<</Im1 7 0 R/Fm1 8 0 R>>/ExtGState<</GS1<</CA 0.5/ca 0.5>>>>>>");
    static const char square[] = "750 0 0 0 750 750 d1 0 0 750 750 re f";
    static const char bar[] = "750 0 d0 0 300 750 100 re f";
    static const char form[] = "0 0 m 300 0 l S BT /F1 9 Tf 0 4 Td (In a form) Tj ET";
    stream(&o, 5, "", square, sizeof square - 1);
    stream(&o, 6, "", bar, sizeof bar - 1);
    stream(&o, 7, "/Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceGray/BitsPerComponent 8",
           "\x00\xff\xff\x00", 4);
    stream(&o, 8, "/Type/XObject/Subtype/Form/BBox[0 0 300 20]/Resources 4 0 R", form, sizeof form - 1);
    stream(&o, 9, "", data, size);
    size_t xref = o.len;
    char line[64];
    puts_(&o, "xref\n0 10\n0000000000 65535 f \n");
    for (int n = 1; n <= 9; n++) {
        snprintf(line, sizeof line, "%010zu 00000 n \n", o.offsets[n]);
        puts_(&o, line);
    }
    snprintf(line, sizeof line, "trailer\n<</Size 10/Root 1 0 R>>\nstartxref\n%zu\n%%%%EOF\n", xref);
    puts_(&o, line);
    *len = o.len;
    return o.data;
}

/* ------------------------------------------------------------ the contracts */

static void check_source(const jx_source *src)
{
    require(src->kind == JX_SOURCE_PDF, "the source is a PDF's");
    require(src->note != NULL && utf8_string(src->note) && one_line_text(src->note),
            "the note is one line of UTF-8");
    require(src->parts == NULL && src->nparts == 0, "a PDF has no sheets");
    require(src->nrows == 0 || src->rows != NULL, "rows are there when counted");
    require(src->nrows <= JX_READ_MAX_ROWS, "rows within the limit");
    size_t cells = 0;
    uint32_t page = 1, tables = 0, prose_line = 0;
    size_t page_start = 0; /* the page's first row */
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *row = &src->rows[i];
        require(row->page >= 1 && row->page <= JX_READ_MAX_PAGES, "a row's page is a page");
        require(row->page >= page, "rows in page order");
        if (row->page != page) {
            prose_line = 0;
            page_start = i;
        }
        page = row->page;
        require(row->ncells <= JX_READ_MAX_COLS, "a row within JX_READ_MAX_COLS cells");
        require(row->ncells == 0 || row->cells != NULL, "cells are there when counted");
        if (row->prose) {
            require(row->part == 0, "prose is part 0");
            require(row->ncells == 1 && row->cells[0].col == 0, "prose is one cell at column 0");
            require(row->cells[0].rowspan == 1 && row->cells[0].colspan == 1, "prose spans nothing");
            require(row->cells[0].text[0] != '\0', "a line of prose has text");
            require(row->row >= 1, "a line's number counts from 1");
            for (size_t k = page_start; k < i; k++)
                require(!src->rows[k].prose || src->rows[k].row != row->row,
                        "each line's number once on its page");
            require(row->row > prose_line, "lines numbered upwards within their page");
            prose_line = row->row;
        } else {
            /* a table's first row opens the next table; the others follow it */
            bool first = row->part == tables + 1 && row->row == 1;
            bool next = i > 0 && row->part == tables && !src->rows[i - 1].prose
                        && src->rows[i - 1].part == tables && row->row == src->rows[i - 1].row + 1;
            require(first || next, "tables numbered as they come, their rows 1, 2, … in order");
            tables = row->part;
            require(row->row <= JX_READ_MAX_ROWS, "a table row within the limit");
            require(row->width >= 1 && row->width <= JX_READ_MAX_COLS, "a table's width is its columns");
        }
        uint32_t min_col = 0;
        for (size_t k = 0; k < row->ncells; k++) {
            check_cell(&row->cells[k], min_col);
            min_col = row->cells[k].col + row->cells[k].colspan;
        }
        require(min_col <= row->width, "a row's cells within its width");
        cells += row->ncells;
    }
    (void)prose_line;
    require(cells <= JX_READ_MAX_CELLS, "cells within JX_READ_MAX_CELLS");
    /* a rowspan ends within its table */
    for (size_t i = 0; i < src->nrows;) {
        size_t j = i + 1;
        if (!src->rows[i].prose)
            while (j < src->nrows && !src->rows[j].prose && src->rows[j].part == src->rows[i].part)
                j++;
        uint32_t last = src->rows[j - 1].row;
        for (size_t r = i; r < j; r++)
            for (size_t k = 0; k < src->rows[r].ncells; k++)
                require(src->rows[r].cells[k].rowspan - 1 <= last - src->rows[r].row,
                        "a rowspan ends within its table");
        i = j;
    }
}

static void check_refusal(jx_status st, const jx_source *src, const jx_error *err)
{
    static const char *const starts[] = {
        "PDF", "page ", "encrypted", "scanned, no text layer", "more than", "out of memory",
    };
    check_refusal_names(st, src, err, starts, sizeof starts / sizeof starts[0],
                        "the message names the PDF, the page or the budget");
    require(st != JX_ERR_TOO_LARGE || strncmp(err->message, "encrypted", 9) != 0,
            "a password is a format error, not a size");
}

static void read_one(const unsigned char *bytes, size_t len)
{
    jx_arena *arena = jx_arena_new();
    require(arena != NULL, "an arena");
    /* zeroed, as its one caller (jx_document_read) hands it over */
    jx_source src;
    memset(&src, 0, sizeof src);
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = jx_read_pdf(arena, bytes, len, &src, &err);
    if (st == JX_OK) {
        require(jx_sniff_pdf(bytes, len), "what reads was sniffed as a PDF");
        check_source(&src);
    } else {
        check_refusal(st, &src, &err);
    }
    jx_arena_free(arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (jx_sniff_pdf(data, size)) {
        read_one(data, size);
        return 0;
    }
    size_t len = 0;
    unsigned char *pdf = pdf_of_content(data, size, &len);
    require(jx_sniff_pdf(pdf, len), "the wrapper is a PDF");
    read_one(pdf, len);
    free(pdf);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
