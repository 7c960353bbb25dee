/*
 * read.h — the readers: a file people hold (a workbook, a Word document, a
 * web page) made into a source: rows of cells with their spans and their
 * place in the file, and lines of prose, in reading order. One file per
 * format behind one table (jx_readers, read.c), as curl's vtls backends.
 * Uses text and base; the stages after it (parse: segmentation) see only
 * the source.
 *
 * A reader never prints, never exits and keeps no state between calls.
 * Everything it makes lives in the arena it is given. It refuses a hostile
 * file with a clear error (JX_ERR_FORMAT, or JX_ERR_TOO_LARGE for limits)
 * whose message names the part of the file (`xl/worksheets/sheet2.xml:
 * …`, `word/document.xml: …`, `line 12: …`); the caller adds the file name.
 */
#ifndef JX_READ_H
#define JX_READ_H

#include "text.h"

/* ------------------------------------------------------------ limits */

/* A container's parts, expanded, at most this many bytes all together, and
 * no part expanded more than this many times its stored size: a zip bomb
 * is refused before it is inflated. */
#define JX_READ_MAX_EXPANDED (256u << 20)
#define JX_READ_MAX_RATIO 200u
/* Cells of one source, rows of one sheet or table, columns of one row,
 * shared strings of one workbook, nesting of tables: past these a file is
 * refused (JX_ERR_TOO_LARGE), never read for minutes. */
#define JX_READ_MAX_CELLS 4000000u
#define JX_READ_MAX_ROWS 1048576u
#define JX_READ_MAX_COLS 16384u
#define JX_READ_MAX_STRINGS 2000000u
#define JX_READ_MAX_NESTING 32u
/* A PDF: its pages; the memory its library may take for one file (fonts,
 * streams, the page being read: a stream that inflates past it is refused,
 * not swapped); the glyphs one page may show, and what one page and the
 * whole document may draw (glyphs, path segments, clips and groups, shown
 * or hidden) before it is refused as no document a person reads. */
#define JX_READ_MAX_PAGES 10000u
#define JX_READ_PDF_MEMORY ((size_t)768 << 20)
#define JX_READ_PDF_PAGE_GLYPHS 400000u
#define JX_READ_PDF_PAGE_WORK 2000000u
#define JX_READ_PDF_WORK 20000000u
/* What a PDF's pages' content streams may inflate to, all together, and the
 * seconds its library may interpret it for (content that draws nothing,
 * spaces by the gigabyte or a form drawn a billion times, escapes the
 * budgets above), past which it is stopped. */
#define JX_READ_PDF_CONTENT ((size_t)1 << 30)
#define JX_READ_PDF_SECONDS 60u

/* ------------------------------------------------------------ the source */

typedef enum {
    JX_SOURCE_XLSX, /* also .xlsm (macros never run) */
    JX_SOURCE_XLS,  /* BIFF8 */
    JX_SOURCE_DOCX,
    JX_SOURCE_HTML,
    JX_SOURCE_PDF,
    JX_SOURCE_COUNT
} jx_source_kind;

/* One cell as the file shows it. */
typedef struct {
    const char *text;   /* UTF-8, as displayed: a number in the cell's format (0.9374
                           with 0.00% is "93.74%", 2224.1 with 0.00 is "2224.10",
                           #,##0.00 keeps its commas), a formula's cached value, a
                           date as YYYY-MM-DD; TAB, CR and LF inside become spaces */
    uint32_t col;       /* 0-based column: a workbook's column (A = 0); a table's
                           grid column (after the spans of the rows above) */
    uint32_t rowspan;   /* 1 for a plain cell; a merged cell is its top-left cell */
    uint32_t colspan;   /*   with the span, the cells it covers are absent */
} jx_source_cell;

/* One row of a table, or one line of prose (ncells 1, col 0, part_row 0 … see below). */
typedef struct {
    jx_source_cell *cells; /* in column order, only cells with text or a span */
    size_t ncells;
    uint32_t part;      /* a workbook's sheet (0-based, into jx_source.parts); a
                           document's or page's table (1-based), 0 for prose */
    uint32_t row;       /* a sheet's row (1-based, as Excel numbers it); a table's
                           row (1-based); for prose, the paragraph's number (1-based),
                           or in a PDF the line's number on its page */
    bool prose;         /* a paragraph or heading outside any table (DOCX, HTML, PDF) */
    uint32_t width;     /* the columns the row spans in the source, its empty cells at
                           the end included (a row of 9 cells whose last 6 are empty is
                           9 wide, as a text export writes it); 0: as far as its cells */
    uint32_t page;      /* a PDF's page (1-based) the row or line is on; 0 elsewhere */
} jx_source_row;

typedef struct {
    jx_source_kind kind;
    jx_source_row *rows;   /* in reading order: sheet by sheet, top to bottom;
                              paragraphs and tables as the document runs */
    size_t nrows;
    const char **parts;    /* the sheets' names (workbooks); NULL otherwise */
    size_t nparts;
    const char *note;      /* what the reader left out, said once: "hidden sheet
                              '汇总' read", "2 embedded images ignored"; "" */
} jx_source;

/* ------------------------------------------------------------ readers (read.c) */

typedef struct {
    const char *name;          /* "xlsx", …: in messages and JSON */
    jx_source_kind kind;
    /* Whether the bytes are this format, from their content: a zip holding
     * xl/workbook.xml, the BIFF compound file, <html …>. */
    bool (*sniff)(const unsigned char *bytes, size_t len);
    /* Reads the whole file into out (arena-owned). */
    jx_status (*read)(jx_arena *arena, const unsigned char *bytes, size_t len,
                      jx_source *out, jx_error *err);
    const char *names;         /* file name endings a folder's file is taken by: "xlsx xlsm" */
} jx_reader;

/* The reader whose sniff accepts the bytes; NULL for plain text. */
const jx_reader *jx_reader_for(const unsigned char *bytes, size_t len);
/* The reader whose names (readers.def) hold a file name's ending ("XLSX" as
 * "xlsx"); NULL for none. */
const jx_reader *jx_reader_named(const char *ending);
/* Whether ending is one of the space-separated words of names, ignoring ASCII case. */
bool jx_name_ending_in(const char *ending, const char *names);

/* The readers, one file each. */
jx_status jx_read_xlsx(jx_arena *arena, const unsigned char *bytes, size_t len,
                       jx_source *out, jx_error *err);
bool jx_sniff_xlsx(const unsigned char *bytes, size_t len);
jx_status jx_read_xls(jx_arena *arena, const unsigned char *bytes, size_t len,
                      jx_source *out, jx_error *err);
bool jx_sniff_xls(const unsigned char *bytes, size_t len);
/* Registers libgsf's types the .xls reader uses, before threads read (threads.c). */
void jx_xls_prepare_threads(void);
jx_status jx_read_docx(jx_arena *arena, const unsigned char *bytes, size_t len,
                       jx_source *out, jx_error *err);
bool jx_sniff_docx(const unsigned char *bytes, size_t len);
jx_status jx_read_html(jx_arena *arena, const unsigned char *bytes, size_t len,
                       jx_source *out, jx_error *err);
bool jx_sniff_html(const unsigned char *bytes, size_t len);
jx_status jx_read_pdf(jx_arena *arena, const unsigned char *bytes, size_t len,
                      jx_source *out, jx_error *err);
bool jx_sniff_pdf(const unsigned char *bytes, size_t len);

/* ------------------------------------------------------------ pdf_*.c: a PDF's pages made into rows */

/*
 * What read_pdf.c takes from each page, in points on the page as a reader
 * sees it (y down, a rotated page turned upright), and the layout (pdf_*.c) makes
 * into rows: tables from the rulings that draw them (cells from the grid
 * the lines form, a side left undrawn between two cells merges them), the
 * text of a cell from the glyphs inside it (its wrapped lines joined), the
 * other glyphs as lines, lines whose stretches of text line up in columns
 * as a table without rules, then over the whole document: page numbers and
 * running heads left out, a table continued on the next page joined to its
 * start (its repeated header dropped), a paragraph's wrapped lines joined.
 * Geometry only: no PDF here, so the tests give it pages made by hand.
 */
typedef struct {
    uint32_t rune;        /* Unicode; U+FFFD where the font maps none */
    float x0, y0, x1, y1; /* its box on the page */
    float along, across;  /* its origin in the frame of its own line: along the
                             baseline, and the baseline's place across it */
    float advance, size;  /* in points */
    uint8_t turn;         /* quarter turns from the page's text (a label set
                             sideways in a narrow cell): 0 upright */
} jx_pdf_glyph;

/* A ruling: horizontal (y0 == y1) or vertical (x0 == x1), x0 <= x1, y0 <= y1. */
typedef struct {
    float x0, y0, x1, y1;
} jx_pdf_rule;

typedef struct {
    uint32_t number;      /* 1-based */
    float width, height;
    jx_pdf_glyph *glyphs; /* reordered by the layout */
    size_t nglyphs;
    jx_pdf_rule *rules;   /* reordered by the layout */
    size_t nrules;
} jx_pdf_page;

typedef struct jx_pdf_layout jx_pdf_layout;
jx_pdf_layout *jx_pdf_layout_new(jx_arena *arena); /* the source's arena; NULL: no memory */
void jx_pdf_layout_free(jx_pdf_layout *layout);
/* The next page, laid out into tables and lines (kept until the end). */
jx_status jx_pdf_layout_page(jx_pdf_layout *layout, jx_pdf_page *page, jx_error *err);
/* The document's rows, in reading order, into out (rows and kind; the note is
 * the caller's). */
jx_status jx_pdf_layout_finish(jx_pdf_layout *layout, jx_source *out, jx_error *err);

/* ------------------------------------------------------------ numfmt.c: Excel's number formats, for the workbook readers */

/* A number format parsed from its code ("0.00%", "#,##0.00_ ", "G/通用格式",
 * "yyyy\"年\"m\"月\"d\"日\""); arena-owned and immutable. */
typedef struct jx_numfmt jx_numfmt;
/* The longest text jx_numfmt_display writes, with its NUL. */
#define JX_NUMFMT_TEXT_MAX 1024

/* The code of built-in format `id` (ECMA-376 Part 1 §18.8.30; the locale's
 * ones as zh-CN Excel has them); NULL for an id without one (General). */
const char *jx_numfmt_builtin(uint32_t id);
/* Parses a code; never refuses one (what it does not render shows as
 * General). NULL only when the arena is out of memory. */
jx_numfmt *jx_numfmt_parse(jx_arena *arena, const char *code);
/* The text a cell shows for a stored number (the file's decimal string,
 * "0.9374", "2.6749999999999998") in fmt (NULL: General), with exact decimal
 * arithmetic: dates as YYYY-MM-DD from the serial (1900 system, or 1904 when
 * date1904), times as HH:MM[:SS]. False when stored is no number. */
bool jx_numfmt_display(const jx_numfmt *fmt, const char *stored, bool date1904,
                       char out[JX_NUMFMT_TEXT_MAX]);

/* ------------------------------------------------------------ sheet.c: sheets laid out as rows, for the workbook readers */

/*
 * The rows of a workbook's sheets, built sheet by sheet: a reader begins a
 * sheet, gives its cells with text (in any order; of two at one place the
 * later counts) and its merged areas, and ends it. Then merges become spans
 * on their top-left cell (an empty cell where the sheet has none) and the
 * cells under them are left out; overlapping merges are refused; merges
 * covering more than JX_READ_MAX_CELLS cells are clipped to the sheet's last
 * row and column (noted), or refused. Errors name the sheet's part.
 */
typedef struct jx_sheets jx_sheets;
jx_sheets *jx_sheets_new(jx_arena *arena); /* the source's arena; NULL: no memory */
void jx_sheets_free(jx_sheets *sheets);
/* The next sheet: its part (for messages), its name (for notes), its index in parts. */
void jx_sheets_begin(jx_sheets *sheets, const char *part_name, const char *sheet_name,
                     uint32_t part);
/* A place the sheet has a cell, with or without text (a formatted empty
 * cell): how far the sheet and that row reach (a row's width). */
void jx_sheets_touch(jx_sheets *sheets, uint32_t row, uint32_t col);
/* A cell with text (kept, not copied) at a 1-based row and 0-based column. */
jx_status jx_sheets_cell(jx_sheets *sheets, uint32_t row, uint32_t col, const char *text,
                         jx_error *err);
jx_status jx_sheets_merge(jx_sheets *sheets, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                          jx_error *err);
/* Lays the sheet out and adds its rows. */
jx_status jx_sheets_end(jx_sheets *sheets, jx_error *err);
/* What was left out or clipped, said once in the source's note. */
void jx_sheets_note(jx_sheets *sheets, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The rows of every sheet and the note, into out. */
jx_status jx_sheets_finish(jx_sheets *sheets, jx_source *out, jx_error *err);
/* "AB12": column 27, row 12. */
const char *jx_cell_name(uint32_t row, uint32_t col, char buf[16]);

/* ------------------------------------------------------------ zip.c: the container, for xlsx and docx */

/* An Office file saved with a password (an OLE compound file naming
 * EncryptionInfo): refused as "encrypted: save it without a password first". */
bool jx_encrypted_office_file(const unsigned char *bytes, size_t len);

typedef struct jx_zip jx_zip;
/* Opens a zip held in memory; JX_ERR_FORMAT for a corrupt one, and for an
 * encrypted workbook (an OLE compound file holding EncryptionInfo: "encrypted:
 * save it without a password first"). */
jx_status jx_zip_open(const unsigned char *bytes, size_t len, jx_zip **out, jx_error *err);
/* Whether the zip holds a part of this name. */
bool jx_zip_has(const jx_zip *zip, const char *name);
/* A part, inflated into the arena (NUL-terminated; *len without the NUL),
 * within the limits above (the budget is the zip's, over all parts read). */
jx_status jx_zip_part(jx_zip *zip, jx_arena *arena, const char *name, char **data, size_t *len,
                      jx_error *err);
void jx_zip_close(jx_zip *zip);

#endif /* JX_READ_H */
