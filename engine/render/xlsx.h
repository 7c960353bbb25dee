/*
 * xlsx.h — the parts of the corrected workbook (jx_write_workbook; xlsx.c
 * says what the workbook holds), for the files that write it only. Not
 * installed; its functions are jx_xlsx_ and, like everything of the library
 * that jixiao.h does not mark JX_API, hidden (-fvisibility=hidden).
 *
 *   xlsx_fonts.c   what libxlsxwriter cannot declare of a font: its character
 *                  set, written into the closed workbook's styles
 *   xlsx_cells.c   how anything reaches a cell: formats, text made safe,
 *                  strings and comments, rows' heights, the first failure
 *   xlsx_places.c  what the writer knows of the document's cells: where each
 *                  was written, which finding corrects it, what does not apply
 *   xlsx_sums.c    live sums: cells gathered, SUM within Excel's limits
 *                  (helper cells past them), formulas with cached values
 *   xlsx_page.c    what frames a sheet: its form, its name, its page and footer
 *   xlsx_sheet.c   writing on a card's sheet: a text over columns or in a field,
 *                  a block's header row
 *   xlsx_marks.c   a card's numbered marks on corrected cells and its 修正说明
 *   xlsx_form.c    a card's own blocks around its rows: title, identification,
 *                  年度总体目标, 自评等级, the lines to sign
 *   xlsx_card.c    one scorecard's sheet: funds, tasks, management,
 *                  indicators, 小计, 总分
 *   xlsx_ledger.c  one financial table's sheet: the table as printed, the
 *                  cells findings are about flagged
 *   xlsx_lists.c   the list sheets: 审核摘要, 问题清单
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
    uint8_t points[HEIGHT_ROWS]; /* a height set outright (a title, a line to sign); 0 for none */
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
               *link, *count, *note;
} formats;

/* A cell's look, what a format is made of: each look's format is made once
 * per workbook (xlsx_cells.c). */
typedef struct {
    char font[32];
    char num[96];          /* the number format; empty for none */
    int size;              /* points */
    bool bold, underline, wrap, shrink;
    uint8_t halign;        /* LXW_ALIGN_*, 0 for none (always centred vertically) */
    uint8_t border;        /* LXW_BORDER_* all round */
    uint8_t pattern;       /* LXW_PATTERN_*, 0 for no fill */
    uint32_t font_color;   /* 0 for the default */
    uint32_t fg, bg;       /* the fill's pattern and background colours */
} format_key;

typedef struct {
    format_key key;
    uint32_t hash;
    lxw_format *format;
} format_entry;

/* The distinct faces of a workbook's templates, at the most (one per kind of sheet). */
#define FONTS_MAX 16

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
    const jx_finding **table_findings; /* the findings grouped by table, */
    size_t *table_first;       /* table i's from table_first[i] to table_first[i + 1] */
    jx_buf text[2];            /* scratch: text made safe for the workbook */
    jx_workbook_notes *notes;
    struct {                   /* the faces the sheets use and their character */
        char name[32];         /*   sets, declared once the workbook is closed */
        int charset;           /*   (xlsx_fonts.c) */
    } fonts[FONTS_MAX];
    size_t nfonts;
    format_entry *formats;     /* every format made, by its look */
    size_t nformats, formats_cap;
} writer;

/*
 * A numbered mark on a corrected cell of a card, and its line in the card's
 * 修正说明: where, what the document printed, what the cell holds now, why.
 */
typedef struct {
    lxw_row_t row;
    lxw_col_t col;
    const jx_finding *finding;   /* the finding that corrects it; NULL when the
                                    arithmetic of another correction does */
    char item[160];              /* 总分 · 得分 */
    char declared[96];           /* as printed, or 空白 */
    char computed[48];           /* as the cell shows it */
    char reason[JX_MESSAGE_MAX + 160];   /* a finding's message and a note */
} card_mark;

/* The pages a card's sheet is cut into by hand, at the most. */
#define CARD_BREAKS_MAX 64

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
    lxw_row_t page_start;  /* the first row of the page being filled (as Excel measures) */
    lxw_row_t breaks[CARD_BREAKS_MAX + 1]; /* the pages' first rows, 0-terminated */
    size_t nbreaks;
    lxw_col_t helper_col;  /* beyond the form: partial sums of long SUMs, hidden */
    lxw_row_t helper_rows; /* helper cells used so far */
    lxw_format *as_printed[2][7]; /* [percent][decimals]: a number at its printed precision */
    card_mark *marks;      /* numbered from 1, in the order written */
    size_t nmarks, marks_cap;
} sheet;

/* A list sheet: 审核摘要 or 问题清单. */
typedef struct {
    writer *w;
    lxw_worksheet *ws;
    const jx_template *tpl;
    formats f;
    row_heights heights;
    size_t sheet;          /* index into writer.sheet_names */
    size_t links;          /* hyperlinks written: a sheet holds LINKS_MAX */
    const char *source;    /* the source's name, for the footer written last */
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

/* ------------------------------------------------------------ xlsx_fonts.c */

void jx_xlsx_note_font(writer *w, const jx_template *t);
void jx_xlsx_declare_charsets(writer *w, const char *path);

/* ------------------------------------------------------------ xlsx_cells.c */

size_t jx_xlsx_display_width(const char *text);
/* A line of text's height in a template's font, in points. */
double jx_xlsx_line_points(const jx_template *t);
size_t jx_xlsx_text_lines(const jx_template *t, lxw_col_t first, lxw_col_t last, const char *text);
double jx_xlsx_lines_points(const jx_template *t, size_t lines);
void jx_xlsx_note_lines(row_heights *h, lxw_row_t row, size_t lines);
void jx_xlsx_note_height(row_heights *h, const jx_template *t, lxw_row_t row, lxw_col_t first,
                         lxw_col_t last, const char *text);
void jx_xlsx_apply_heights(lxw_worksheet *ws, const row_heights *h, const jx_template *t,
                           lxw_row_t rows);
void jx_xlsx_set_height(lxw_worksheet *ws, row_heights *h, lxw_row_t row, double points);
double jx_xlsx_rows_points(const row_heights *h, const jx_template *t, lxw_row_t from, lxw_row_t to);
formats jx_xlsx_make_formats(writer *w, const jx_template *t);
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
const char *jx_xlsx_severity_word(jx_severity severity);
size_t jx_xlsx_severity_index(jx_severity severity);
void jx_xlsx_printed_pattern(char *out, size_t size, int decimals, bool percent, bool thousands);
lxw_format *jx_xlsx_number_format(writer *w, const jx_template *t, const char *num);
/* A ledger's cell a finding is about: bold in a double frame (num NULL: text). */
lxw_format *jx_xlsx_flagged_format(writer *w, const jx_template *t, const char *num);
lxw_format *jx_xlsx_marked_format(writer *w, const jx_template *t, const char *num,
                                  const char *mark);
/* A look (xlsx_cells.c): the template's face framed and wrapped as asked, or
 * a number format's; a writer changes what it needs and asks for the format,
 * made once per workbook (never change a format it returns: others share it). */
format_key jx_xlsx_face_key(const jx_template *t, bool border, bool wrap);
format_key jx_xlsx_number_key(const jx_template *t, const char *num);
lxw_format *jx_xlsx_format(writer *w, const format_key *k);

/* ------------------------------------------------------------ xlsx_places.c */

void jx_xlsx_remember_value(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                            lxw_col_t col, bool numeric, int64_t value);
void jx_xlsx_remember_cell(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                           lxw_col_t col);
const placed_cell *jx_xlsx_find_placed(const writer *w, const jx_cell *cell);
bool jx_xlsx_written_value(const writer *w, const jx_value *v, int64_t *value);
bool jx_xlsx_index_findings(writer *w);
const jx_finding *jx_xlsx_correction_of(const writer *w, const jx_cell *cell);
const jx_finding *jx_xlsx_not_applicable(const writer *w, const jx_cell *score);
const jx_finding *jx_xlsx_finding_at(const writer *w, const jx_table *table, const jx_cell *cell,
                                     jx_code code);
const jx_finding *jx_xlsx_blank_finding(const writer *w, const jx_table *table, uint32_t line,
                                        jx_code code);
bool jx_xlsx_is_card_table(const writer *w, const jx_table *table);
const jx_finding *const *jx_xlsx_table_findings(const writer *w, const jx_table *table, size_t *n);
const jx_cell *jx_xlsx_finding_cell(const writer *w, const jx_finding *f);

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
void jx_xlsx_file_name(jx_buf *out, const char *path);
const jx_form_field *jx_xlsx_field_of(const jx_form_block *b, const char *name);
const char *jx_xlsx_sheet_name(writer *w, const char *prefix, const char *name);
void jx_xlsx_setup_page(lxw_worksheet *ws, const jx_template *t);
void jx_xlsx_set_footer(writer *w, lxw_worksheet *ws, const jx_template *t, const char *source,
                        unsigned pages);
double jx_xlsx_page_rows_points(const jx_template *t);
double jx_xlsx_page_capacity(const jx_template *t);
lxw_col_t jx_xlsx_last_column(const jx_template *t);
lxw_col_t jx_xlsx_block_last(const jx_form_block *b);
unsigned jx_xlsx_cut_list_pages(lxw_worksheet *ws, const row_heights *h, const jx_template *t,
                                lxw_row_t repeated, lxw_row_t rows);

/* ------------------------------------------------------------ xlsx_sheet.c */

void jx_xlsx_sheet_text(sheet *s, lxw_row_t row, lxw_col_t first, lxw_col_t last, const char *text,
                        lxw_format *fmt);
void jx_xlsx_field_text(sheet *s, const jx_form_block *b, lxw_row_t row, const char *field,
                        const char *text, lxw_format *fmt);
/* A field's header: the template's words, else the word `standard` gives for
 * the field (pairs of field and word, NULL-terminated). */
const char *jx_xlsx_header_word(const jx_form_field *f, const char *const *standard);
/* A block's header row; `skip` names a field written by the caller (NULL: none). */
void jx_xlsx_block_headers(sheet *s, const jx_form_block *b, lxw_row_t row,
                           const char *const *standard, const char *skip);

/* ------------------------------------------------------------ xlsx_marks.c */

/* What a mark says of its cell. */
typedef struct {
    const jx_cell *declared;     /* the document's cell, NULL for a blank: */
    const char *declared_text;   /* or what it printed, when not the cell's text */
    const jx_finding *finding;   /* the finding that corrects it, or NULL: */
    const char *row, *column;    /* then what the cell is */
    const char *computed;        /* the value as the cell shows it, or NULL: */
    int64_t shown;               /* then the number it shows, */
    int decimals;                /* at these decimals */
    bool percent;
    const char *reason;          /* why it changed, where no finding says */
    const char *note;            /* said after the finding's message */
} mark_info;

typedef enum { MARK_AMOUNT, MARK_RATE, MARK_SCORE, MARK_TEXT } mark_style;

lxw_format *jx_xlsx_mark(sheet *s, lxw_row_t row, lxw_col_t col, mark_style style,
                         const mark_info *info);
const char *jx_xlsx_mark_label(size_t n, char *buf, size_t size);
void jx_xlsx_format_value(char *buf, size_t size, int64_t micros, int decimals, bool percent);
void jx_xlsx_write_legend(sheet *s);
void jx_xlsx_write_corrections(sheet *s);
void jx_xlsx_marks_free(sheet *s);

/* ------------------------------------------------------------ xlsx_form.c */

void jx_xlsx_write_identification(sheet *s);
void jx_xlsx_write_goals(sheet *s);
void jx_xlsx_write_grade(sheet *s);
void jx_xlsx_write_signature(sheet *s);

/* ------------------------------------------------------------ xlsx_card.c */

void jx_xlsx_write_card_sheet(writer *w, const jx_card_result *result, const char *source);

/* ------------------------------------------------------------ xlsx_ledger.c */

void jx_xlsx_write_ledger_sheet(writer *w, const jx_table *table, const char *source);

/* ------------------------------------------------------------ xlsx_lists.c */

bool jx_xlsx_list_open(writer *w, list_sheet *l, const char *template_name,
                       const char *name_override, const char *source);
void jx_xlsx_write_summary(writer *w, list_sheet *l, size_t first_card_sheet, const char *source);
void jx_xlsx_write_findings(writer *w, const char *source);

#endif /* JX_XLSX_H */
