/*
 * xlsx.h — the parts of the corrected workbook (jx_write_workbook; xlsx.c
 * says what the workbook holds), for the files that write it only. Not
 * installed; its functions are jx_xlsx_ and, like everything of the library
 * that jixiao.h does not mark JX_API, hidden (-fvisibility=hidden).
 *
 *   xlsx_cells.c   how anything reaches a cell: formats, text made safe,
 *                  strings and comments, rows' heights, the first failure
 *   xlsx_places.c  what the writer knows of the document's cells: where each
 *                  was written, which finding corrects it, what does not apply
 *   xlsx_sums.c    live sums: cells gathered, SUM within Excel's limits
 *                  (helper cells past them), formulas with cached values
 *   xlsx_page.c    what frames a sheet: its form, its name, its page and footer
 *   xlsx_card.c    one scorecard's sheet: funds, tasks, management,
 *                  indicators, 小计, 总分
 *   xlsx_lists.c   the list sheets: 审核摘要, 问题清单 (and 决算表审核)
 *   xlsx.c         jx_write_workbook: the writer's life, the sheets' order
 *
 * A file calls only those listed above it (make layers forbids a cycle).
 */
#ifndef JX_XLSX_H
#define JX_XLSX_H

#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define SHEET_NAME_MAX 31   /* Excel's limit, in characters */
#define SHEET_NAME_BYTES (SHEET_NAME_MAX * 4 + 1)
#define ROWS_MAX 1048576    /* rows of a worksheet */

/* ------------------------------------------------------------ row heights */

/*
 * Spreadsheets do not grow a row to fit wrapped text written by a program,
 * so the lines each row needs are estimated from the text's display width
 * (a CJK character is two units, as column widths count them).
 */
#define HEIGHT_ROWS 4096

typedef struct {
    uint8_t lines[HEIGHT_ROWS];
    lxw_row_t rows;          /* one past the last row noted */
} row_heights;

/* ------------------------------------------------------------ the writer and its sheets */

/* Where a document cell was written: findings link to it. */
typedef struct {
    const jx_cell *cell;
    size_t sheet;          /* index into writer.sheet_names */
    lxw_row_t row;
    lxw_col_t col;
    bool numeric;          /* the value written there, for sums that use it */
    int64_t value;
} placed_cell;

typedef struct {
    lxw_format *title, *subtitle, *header, *text, *label, *amount, *rate, *score,
               *amount_fixed, *rate_fixed, *score_fixed, *link, *count;
} formats;

typedef struct {
    lxw_workbook *book;
    const jx_report *report;
    const jx_templates *templates;
    jx_error *err;
    jx_status status;
    char (*sheet_names)[SHEET_NAME_BYTES];
    size_t nsheets, sheets_cap;
    jx_ptrmap sheet_name_set;  /* folded names, Excel's names being case-blind */
    placed_cell *placed;
    size_t nplaced, placed_cap;
    jx_ptrmap placed_at;       /* cell → index into placed: the first place written */
    jx_ptrmap corrections;     /* cell → index of the finding that corrects it */
    jx_ptrmap not_applicable;  /* score cell → index of its not_applicable finding */
    bool *card_table;          /* by table index: the table is a scorecard */
    jx_buf text[2];            /* scratch: text made safe for the workbook */
    jx_workbook_notes *notes;
} writer;

/* One scorecard sheet being written. */
typedef struct {
    writer *w;
    const jx_template *tpl;
    const jx_card_result *result;
    const jx_scorecard *card;
    lxw_worksheet *ws;
    size_t sheet;
    formats f;
    lxw_row_t row;         /* next row to write */
    row_heights heights;
    bool headed;           /* a block's header row has been written: */
    lxw_row_t first_header;  /* the first, repeated on every page when no other is */
    bool repeats;          /* the indicators' header repeats */
    lxw_col_t helper_col;  /* beyond the form: partial sums of long SUMs, hidden */
    lxw_row_t helper_rows; /* helper cells used so far */
} sheet;

/* A list sheet: 审核摘要, 问题清单 or 决算表审核. */
typedef struct {
    writer *w;
    lxw_worksheet *ws;
    const jx_template *tpl;
    formats f;
    row_heights heights;
    size_t sheet;          /* index into writer.sheet_names */
    size_t links;          /* hyperlinks written: a sheet holds LINKS_MAX */
} list_sheet;

/* ------------------------------------------------------------ references */

/*
 * Cells gathered for a SUM, written as ranges where rows run on. Every cell
 * added is in the formula and in the cached sum alike: the list grows as it
 * must, and a list that could not grow fails the workbook (jx_xlsx_write_sum).
 */
typedef struct {
    lxw_row_t row;
    lxw_col_t col;
    int64_t value;         /* what the cell holds, for cached partial sums */
} cell_ref;

typedef struct {
    cell_ref *refs;
    size_t n, cap;
    int64_t sum;           /* of the values the cells hold, for the cached result */
    bool overflow;         /* the sum is too large for an exact decimal: */
    double approx;         /* then the cache holds what a spreadsheet computes */
    bool failed;           /* out of memory */
} ref_list;

/* ------------------------------------------------------------ xlsx_cells.c */

void jx_xlsx_note_height(row_heights *h, const jx_template *t, lxw_row_t row, lxw_col_t first,
                         lxw_col_t last, const char *text);
void jx_xlsx_apply_heights(lxw_worksheet *ws, const row_heights *h, const jx_template *t);
formats jx_xlsx_make_formats(lxw_workbook *book, const jx_template *t);
double jx_xlsx_to_double(int64_t micros);
void jx_xlsx_fail(writer *w, const char *what, lxw_error e);
const char *jx_xlsx_xml_text(writer *w, int slot, const char *text, size_t max, bool *cut);
const char *jx_xlsx_cell_text(writer *w, size_t sheet_index, lxw_row_t row, lxw_col_t col,
                              const char *text);
void jx_xlsx_put_string(writer *w, lxw_worksheet *ws, size_t sheet_index, lxw_row_t row,
                        lxw_col_t col, lxw_row_t last_row, lxw_col_t last_col, const char *text,
                        lxw_format *fmt);
void jx_xlsx_put_comment(writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                         const char *text);

/* ------------------------------------------------------------ xlsx_places.c */

void jx_xlsx_remember_value(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                            lxw_col_t col, bool numeric, int64_t value);
void jx_xlsx_remember_cell(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                           lxw_col_t col);
const placed_cell *jx_xlsx_find_placed(const writer *w, const jx_cell *cell);
bool jx_xlsx_written_value(const writer *w, const jx_value *v, int64_t *value);
bool jx_xlsx_index_findings(writer *w);
const jx_finding *jx_xlsx_correction_of(const writer *w, const jx_cell *cell);
bool jx_xlsx_is_not_applicable(const writer *w, const jx_cell *score);
bool jx_xlsx_is_card_table(const writer *w, const jx_table *table);

/* ------------------------------------------------------------ xlsx_sums.c */

void jx_xlsx_refs_add(ref_list *l, lxw_row_t row, lxw_col_t col, int64_t value);
void jx_xlsx_refs_add_sum(ref_list *l, lxw_row_t row, lxw_col_t col, const ref_list *part);
void jx_xlsx_refs_clear(ref_list *l);
void jx_xlsx_refs_free(ref_list *l);
void jx_xlsx_sum_expr(sheet *s, const ref_list *l, jx_buf *out);
void jx_xlsx_write_formula(sheet *s, lxw_row_t row, const jx_form_field *field,
                           const char *formula, double cached, lxw_format *fmt);
void jx_xlsx_write_sum(sheet *s, lxw_row_t row, const jx_form_field *field, const ref_list *l,
                       lxw_format *fmt);

/* ------------------------------------------------------------ xlsx_page.c */

const jx_template *jx_xlsx_template_for(writer *w, const char *name);
const jx_form_field *jx_xlsx_field_of(const jx_form_block *b, const char *name);
const char *jx_xlsx_sheet_name(writer *w, const char *prefix, const char *name);
void jx_xlsx_setup_page(writer *w, lxw_worksheet *ws, const jx_template *t, const char *source);

/* ------------------------------------------------------------ xlsx_card.c */

void jx_xlsx_write_card_sheet(writer *w, const jx_card_result *result, const char *source);

/* ------------------------------------------------------------ xlsx_lists.c */

bool jx_xlsx_list_open(writer *w, list_sheet *l, const char *template_name,
                       const char *name_override, const char *source);
void jx_xlsx_write_summary(writer *w, list_sheet *l, size_t first_card_sheet);
void jx_xlsx_write_findings(writer *w, bool ledgers_only, const char *sheet_override,
                            const char *source);

#endif /* JX_XLSX_H */
