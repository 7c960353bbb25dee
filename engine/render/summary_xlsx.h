/*
 * summary_xlsx.h — the parts of a run's summary workbook (jx_summary_write),
 * for the files that write it only. Not installed; hidden like the rest of
 * the library.
 *
 *   summary_links.c   a document's workbook as a link relative to the
 *                     summary's own folder
 *   summary_cells.c   the formats and the cells, rows' heights, each sheet's
 *                     columns and print set-up
 *   summary_sheets.c  the columns (summary_fields.def), the run's tallies,
 *                     the sheets 文件, 评分表, 问题代码
 *   summary_charts.c  the sheet 图表: the tallies charted, their data beside
 *   summary_xlsx.c    jx_summary_write: the file, the book's life, 总览
 *
 * A file calls only those listed above it (make layers forbids a cycle). The
 * cells are written as xlsx.h writes them (xlsx_cells.c: text made valid
 * XML and cut to a cell, formats in the form's face; xlsx_fonts.c: the
 * face's character set; xlsx_page.c: page and footer).
 *
 * The workbook is written in libxlsxwriter's constant-memory mode: each
 * sheet's rows go to disk in order as they are written, so 10,000 documents
 * take little memory. Every sheet is therefore written top to bottom, once,
 * from tallies made before the first row; nothing is merged; a chart's
 * cached values are given with it (the sheet's data cannot be read back).
 */
#ifndef JX_SUMMARY_XLSX_H
#define JX_SUMMARY_XLSX_H

#include "xlsx.h"

/* ------------------------------------------------------------ summary_links.c */

typedef struct {
    char *dir;      /* the summary's folder, absolute and resolved */
    jx_buf url;     /* the last link made */
    char *last_dir; /* the last workbook folder resolved, and what it resolved to */
    char *last_real;
} summary_links;

/* The links of a summary to be written at `target`; false when memory runs out. */
bool jx_summary_links_open(summary_links *l, const char *target);
/* "external:REL" for the workbook at `path` (as the run names it), relative
 * to the summary's folder; NULL when it cannot be a link (no path, text no
 * link may hold, too long). Valid until the next call. */
const char *jx_summary_link(summary_links *l, const char *path);
void jx_summary_links_close(summary_links *l);

/* ------------------------------------------------------------ the book */

/* The types of summary_fields.def. */
typedef enum { SUMMARY_TEXT, SUMMARY_COUNT, SUMMARY_FLAG, SUMMARY_VALUE } summary_type;

/* One column of summary_fields.def: a member of jx_summary_doc or jx_summary_card. */
typedef struct {
    const char *member;
    summary_type type;
    const char *header;
    int width;     /* characters */
    size_t offset; /* of the member in its struct */
} summary_column;

/* The bins the charts count in. */
#define DIFF_BINS 9        /* declared − recomputed: ≤−10 … 0 … ≥10 */
#define ERROR_BINS 6       /* errors of a document: 0, 1, 2, 3–5, 6–10, 11 and more */
#define TOP_DIFFERENCES 20 /* the overview lists the largest */
#define TOP_CODES 15       /* the chart of codes shows the most frequent */

/* One finding code over the run. */
typedef struct {
    const char *code;
    const char *title; /* findings.def's Chinese name; "" for a code it lacks */
    size_t docs;       /* documents with it */
    size_t findings;
    size_t by_severity[3]; /* 错误, 警告, 提示 (jx_xlsx_severity_index) */
    size_t order;          /* findings.def's order, unknown codes after */
    size_t last_doc;       /* 1 + the last document counted */
} code_tally;

/* A scorecard whose totals differ. */
typedef struct {
    size_t doc, card;
    int64_t magnitude; /* |declared − recomputed|, micros */
} card_ref;

/* What the run adds up to, counted before anything is written. */
typedef struct {
    size_t docs, checked, reused, failed;
    size_t cards, cards_checked, cards_reused;
    size_t findings[3];  /* by severity index */
    size_t docs_with[3]; /* documents with at least one of that severity */
    size_t cards_agree, cards_differ, cards_uncompared;
    size_t docs_differ; /* documents with a card whose totals differ */
    size_t diff_bins[DIFF_BINS];
    size_t error_bins[ERROR_BINS];
    code_tally *codes; /* the codes found, most frequent first */
    size_t ncodes, codes_cap;
    card_ref top[TOP_DIFFERENCES]; /* the largest differences, largest first */
    size_t ntop;
} summary_tally;

/* The book being written. */
typedef struct {
    writer w; /* the workbook and what xlsx_cells.c keeps (w.book, w.err, …) */
    const jx_summary *summary;
    const char *file_name; /* the summary's own name, for the footers */
    jx_template form;      /* the face and the page of every sheet */
    jx_template page;      /* the form with the columns of the sheet being written */
    formats f;             /* xlsx_cells.c's formats in the form's face */
    lxw_format *title, *section, *explain, *percent, *failure, *value[2][7];
    lxw_format *link; /* a link's text on one line, shrunk to fit: a program
                              may not wrap a cell that holds a link (LibreOffice) */
    summary_tally tally;
    summary_links links;
    size_t sheet_links; /* hyperlinks on the sheet being written */
} summary_book;

/* ------------------------------------------------------------ summary_cells.c */

void jx_summary_make_formats(summary_book *b);
/* The sheet's columns, as the page: widths, and the row heights they give. */
void jx_summary_set_columns(summary_book *b, const int *widths, size_t n);
/* The sheet's print set-up: the form's page, the header row repeated,
 * the footer; columns [0, print_cols) printed (0: all). */
void jx_summary_frame(summary_book *b, lxw_worksheet *ws, bool header_row, lxw_col_t print_cols);

void jx_summary_text(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     const char *text, lxw_format *fmt);
void jx_summary_number(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                       double value, lxw_format *fmt);
void jx_summary_blank(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      lxw_format *fmt);
/* An exact decimal at its decimals; highlighted (bold, filled) when asked; blank for none. */
void jx_summary_put_value(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                          jx_summary_value v, bool highlight);
/* A link within the workbook ("internal:'文件'!A1") or to a file ("external:…");
 * the text alone when url is NULL or the sheet holds all the links it may. */
void jx_summary_url(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    const char *url, const char *text, lxw_format *fmt);
/* A row's height for the lines its texts take in the page's columns. */
void jx_summary_row_lines(summary_book *b, lxw_worksheet *ws, lxw_row_t row, size_t lines);
size_t jx_summary_text_lines(const summary_book *b, lxw_col_t col, const char *text);

/* ------------------------------------------------------------ summary_sheets.c */

/* The labels of the bins, in order. */
const char *jx_summary_diff_bin_label(size_t bin);
const char *jx_summary_error_bin_label(size_t bin);

bool jx_summary_tally_make(summary_book *b);
void jx_summary_tally_free(summary_tally *t);

void jx_summary_write_documents(summary_book *b, lxw_worksheet *ws);
void jx_summary_write_cards(summary_book *b, lxw_worksheet *ws);
void jx_summary_write_codes(summary_book *b, lxw_worksheet *ws);

/* ------------------------------------------------------------ summary_charts.c */

void jx_summary_write_charts(summary_book *b, lxw_worksheet *ws);

/* The sheets, in the workbook's order. */
#define SHEET_OVERVIEW "总览"
#define SHEET_DOCUMENTS "文件"
#define SHEET_CARDS "评分表"
#define SHEET_CODES "问题代码"
#define SHEET_CHARTS "图表"

#endif /* JX_SUMMARY_XLSX_H */
