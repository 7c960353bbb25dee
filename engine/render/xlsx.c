/*
 * xlsx.c — the corrected workbook of a checked document (libxlsxwriter):
 * 审核摘要, one sheet per scorecard laid out by its form template, 问题清单.
 *
 * Corrected cells are filled and carry a comment with the declared value
 * and the reason. Arithmetic the rule set decides is written as a live
 * formula with its recomputed value cached, so a spreadsheet shows the right
 * numbers before and after it recalculates. Text from a document is always
 * written as a string, never as a formula.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define SHEET_NAME_MAX 31   /* Excel's limit, in characters */
#define SHEET_NAME_BYTES (SHEET_NAME_MAX * 4 + 1)
#define CELL_TEXT_MAX 32767 /* Excel's limit for a cell's text, in characters */
#define ROWS_MAX 1048576    /* rows of a worksheet */
#define LINKS_MAX 65530     /* hyperlinks of a worksheet (LXW_MAX_NUMBER_URLS) */
/* A formula holds at most 8,192 characters and a function 255 arguments: longer
 * sums are split over helper cells beyond the printed columns (see sum_expr). */
#define FORMULA_CHARS_MAX 8000
#define FUNCTION_ARGS_MAX 255
#define SUM_CHUNK_ARGS 200

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

static size_t display_width(const char *text)
{
    size_t width = 0;
    for (const char *p = text; *p;) {
        uint32_t cp;
        p += jx_utf8_next(p, strlen(p), &cp);
        width += cp < 0x1100 ? 1 : 2;
    }
    return width;
}

static void note_height(row_heights *h, const jx_template *t, lxw_row_t row, lxw_col_t first,
                        lxw_col_t last, const char *text)
{
    if (row >= HEIGHT_ROWS || text == NULL)
        return;
    size_t span = 0; /* tenths of a character */
    for (lxw_col_t c = first; c <= last && c < t->ncolumns; c++)
        span += (size_t)t->column_width_tenths[c];
    if (span <= 10) /* a column one character wide or less holds no estimate */
        return;
    size_t lines = (display_width(text) * 10 + span - 11) / (span - 10);
    if (lines > 12)
        lines = 12;
    if (lines > h->lines[row])
        h->lines[row] = (uint8_t)lines;
    if (row + 1 > h->rows)
        h->rows = row + 1;
}

static void apply_heights(lxw_worksheet *ws, const row_heights *h, const jx_template *t)
{
    double line = t->font_size * 1.4;
    for (lxw_row_t r = 0; r < h->rows; r++)
        if (h->lines[r] > 1)
            worksheet_set_row(ws, r, line * h->lines[r], NULL);
}

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

/* ------------------------------------------------------------ formats */

/* Excel's font family for serif faces such as 宋体 (ECMA-376 §18.8.18). */
#define FONT_FAMILY_ROMAN 1
/* The footer stands this far above the paper's edge, and the body stops this
 * far above it at the least: a footer line of 9–10 points fits between them
 * whole, never clipped through its glyphs. */
#define FOOTER_MARGIN_MM 6.0
#define BODY_ABOVE_FOOTER_MM 16.0

static lxw_format *new_format(lxw_workbook *book, const jx_template *t, bool border)
{
    lxw_format *f = workbook_add_format(book);
    format_set_font_name(f, t->font_name);
    /* 宋体 is a serif face: declared so, a viewer without it stands in a
     * serif. (Its GB2312 charset cannot be declared: libxlsxwriter 1.1.4
     * keeps format_set_font_charset but writes no <charset>.) */
    format_set_font_family(f, FONT_FAMILY_ROMAN);
    format_set_font_size(f, t->font_size);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    if (border)
        format_set_border(f, LXW_BORDER_THIN);
    return f;
}

static lxw_format *number_format(lxw_workbook *book, const jx_template *t, const char *num,
                                 bool corrected)
{
    lxw_format *f = new_format(book, t, true);
    format_set_num_format(f, num);
    format_set_align(f, LXW_ALIGN_RIGHT);
    if (corrected) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, t->corrected_fill);
    }
    return f;
}

static formats make_formats(lxw_workbook *book, const jx_template *t)
{
    formats f;
    f.title = new_format(book, t, false);
    format_set_font_size(f.title, t->title_size);
    format_set_bold(f.title);
    format_set_align(f.title, LXW_ALIGN_CENTER);
    f.subtitle = new_format(book, t, false);
    format_set_align(f.subtitle, LXW_ALIGN_CENTER);
    f.header = new_format(book, t, true);
    format_set_bold(f.header);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_pattern(f.header, LXW_PATTERN_SOLID);
    format_set_bg_color(f.header, t->header_fill);
    f.text = new_format(book, t, true);
    f.label = new_format(book, t, true);
    format_set_align(f.label, LXW_ALIGN_CENTER);
    f.amount = number_format(book, t, t->amount_format, false);
    f.rate = number_format(book, t, t->rate_format, false);
    f.score = number_format(book, t, t->score_format, false);
    f.amount_fixed = number_format(book, t, t->amount_format, true);
    f.rate_fixed = number_format(book, t, t->rate_format, true);
    f.score_fixed = number_format(book, t, t->score_format, true);
    f.count = number_format(book, t, "0", false);
    f.link = new_format(book, t, true);
    format_set_underline(f.link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(f.link, LXW_COLOR_BLUE);
    return f;
}

/* ------------------------------------------------------------ small helpers */

/* Micros to a spreadsheet number: the boundary where exact decimals end. */
static double to_double(int64_t micros)
{
    return (double)micros / (double)JX_MICRO;
}

static void fail(writer *w, const char *what, lxw_error e)
{
    if (w->status != JX_OK)
        return;
    w->status = JX_ERR_IO;
    jx_error_set(w->err, JX_ERR_IO, 0, "%s: %s", what, lxw_strerror(e));
}

/* ------------------------------------------------------------ text */

static size_t utf16_units(const char *text)
{
    size_t units = 0;
    for (size_t i = 0, n = strlen(text); i < n;) {
        uint32_t cp;
        i += jx_utf8_next(text + i, n - i, &cp);
        units += cp >= 0x10000 ? 2 : 1;
    }
    return units;
}

/*
 * Every string that reaches the workbook passes here: made valid XML text
 * (jx_text_escape) and cut to `max` characters. The result lives in the
 * writer's scratch `slot` until the next call for that slot.
 */
static const char *xml_text(writer *w, int slot, const char *text, size_t max, bool *cut)
{
    jx_buf *b = &w->text[slot];
    b->len = 0;
    jx_buf_puts(b, ""); /* a valid empty string even for NULL text */
    if (text)
        jx_text_escape(b, text, strlen(text), JX_TEXT_XML, max, cut);
    if (b->failed) {
        if (w->status == JX_OK) {
            w->status = JX_ERR_NOMEM;
            jx_error_set(w->err, JX_ERR_NOMEM, 0, "out of memory");
        }
        return "";
    }
    return b->data;
}

/*
 * A cell's text: a text longer than a cell holds keeps as much as fits and
 * says, in the cell, that the rest was cut; the notes tell the caller where.
 */
static const char *cell_text(writer *w, size_t sheet_index, lxw_row_t row, lxw_col_t col,
                             const char *text)
{
    bool cut = false;
    const char *safe = xml_text(w, 0, text, CELL_TEXT_MAX, &cut);
    if (!cut)
        return safe;
    /* The note is about 40 characters: keep room for it. */
    xml_text(w, 0, text, CELL_TEXT_MAX - 64, NULL);
    jx_buf_printf(&w->text[0], "……〔原文共%zu字，超出电子表格单元格%d字的上限，其后从略〕",
                  utf16_units(text), CELL_TEXT_MAX);
    if (w->notes && w->notes->cells_cut++ == 0) {
        char ref[16];
        lxw_rowcol_to_cell(ref, row, col);
        snprintf(w->notes->first_cut, sizeof w->notes->first_cut, "'%s'!%s",
                 w->sheet_names[sheet_index], ref);
        jx_utf8_trim_partial(w->notes->first_cut);
    }
    return w->text[0].failed ? "" : w->text[0].data;
}

/* Text into a cell or a merged range; the one way strings reach a sheet. */
static void put_string(writer *w, lxw_worksheet *ws, size_t sheet_index, lxw_row_t row,
                       lxw_col_t col, lxw_row_t last_row, lxw_col_t last_col, const char *text,
                       lxw_format *fmt)
{
    const char *safe = cell_text(w, sheet_index, row, col, text);
    lxw_error e = last_row > row || last_col > col
        ? worksheet_merge_range(ws, row, col, last_row, last_col, safe, fmt)
        : worksheet_write_string(ws, row, col, safe, fmt);
    if (e)
        fail(w, "write", e);
}

static void put_comment(writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        const char *text)
{
    lxw_error e = worksheet_write_comment(ws, row, col, xml_text(w, 0, text, CELL_TEXT_MAX, NULL));
    if (e)
        fail(w, "comment", e);
}

/* ------------------------------------------------------------ places and corrections */

static void remember_value(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                           lxw_col_t col, bool numeric, int64_t value)
{
    if (cell == NULL)
        return;
    placed_cell *p = jx_grow(w->placed, &w->placed_cap, w->nplaced + 1, sizeof *p);
    if (p == NULL) {
        w->status = JX_ERR_NOMEM;
        jx_error_set(w->err, JX_ERR_NOMEM, 0, "out of memory");
        return;
    }
    w->placed = p;
    size_t at;
    if (!jx_ptrmap_get(&w->placed_at, cell, &at)
        && !jx_ptrmap_put(&w->placed_at, cell, w->nplaced)) {
        w->status = JX_ERR_NOMEM;
        jx_error_set(w->err, JX_ERR_NOMEM, 0, "out of memory");
        return;
    }
    w->placed[w->nplaced++] = (placed_cell){cell, sheet_index, row, col, numeric, value};
}

static void remember_cell(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                          lxw_col_t col)
{
    remember_value(w, cell, sheet_index, row, col, false, 0);
}

static const placed_cell *find_placed(const writer *w, const jx_cell *cell)
{
    size_t at;
    return jx_ptrmap_get(&w->placed_at, cell, &at) ? &w->placed[at] : NULL;
}

/*
 * The exact value a document cell holds in the workbook: a correction made
 * upstream (a row's 总额 made the sum of its parts) flows into the formulas
 * that use the cell, so their cached results are what a spreadsheet gets.
 */
static bool written_value(const writer *w, const jx_value *v, int64_t *value)
{
    const placed_cell *p = find_placed(w, v->cell);
    if (p && p->numeric) {
        *value = p->value;
        return true;
    }
    if (v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0' && v->num.cmp == JX_CMP_NONE) {
        *value = v->num.micros;
        return true;
    }
    return false;
}

/*
 * Indexes the findings once: for each cell, the most severe finding whose
 * computed value corrects it (the first of equals), and the score cells that
 * do not apply; which tables are scorecards.
 */
static bool index_findings(writer *w)
{
    const jx_report *report = w->report;
    const char *not_applicable = jx_code_info_of(JX_CODE_not_applicable)->name;
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_finding *f = &report->findings[i];
        if (f->cell == NULL)
            continue;
        if (strcmp(f->code, not_applicable) == 0) {
            size_t seen;
            if (!jx_ptrmap_get(&w->not_applicable, f->cell, &seen)
                && !jx_ptrmap_put(&w->not_applicable, f->cell, i))
                return false;
        }
        if (!f->has_computed)
            continue;
        const jx_code_info *code = jx_code_info_named(f->code);
        bool corrects = code && code->corrects != JX_CORRECTS_NONE; /* findings.def says */
        size_t best;
        if (corrects && (!jx_ptrmap_get(&w->corrections, f->cell, &best)
                         || f->severity > report->findings[best].severity)
            && !jx_ptrmap_put(&w->corrections, f->cell, i))
            return false;
    }
    const jx_document *doc = report->doc;
    w->card_table = calloc(doc->ntables ? doc->ntables : 1, sizeof *w->card_table);
    if (w->card_table == NULL)
        return false;
    for (size_t i = 0; i < report->ncards; i++) {
        const jx_table *t = report->cards[i].card->table;
        if (t >= doc->tables && t < doc->tables + doc->ntables)
            w->card_table[t - doc->tables] = true;
    }
    return true;
}

/* The most severe finding about a cell whose computed value corrects it. */
static const jx_finding *correction_of(const writer *w, const jx_cell *cell)
{
    size_t i;
    return jx_ptrmap_get(&w->corrections, cell, &i) ? &w->report->findings[i] : NULL;
}

/* The comment on a corrected cell: what the document said and why it changed. */
static void comment_correction(sheet *s, lxw_row_t row, lxw_col_t col, const jx_cell *cell,
                               const char *reason)
{
    char text[JX_MESSAGE_MAX + 128];
    snprintf(text, sizeof text, "原表中为：%s\n%s", cell && cell->text[0] ? cell->text : "（空白）",
             reason);
    jx_utf8_trim_partial(text);
    put_comment(s->w, s->ws, row, col, text);
}

static void write_text(sheet *s, lxw_row_t row, lxw_col_t first, lxw_col_t last,
                       const char *text, lxw_format *fmt)
{
    if (fmt != s->f.title)
        note_height(&s->heights, s->tpl, row, first, last, text);
    put_string(s->w, s->ws, s->sheet, row, first, row, last, text, fmt);
}

/* A declared value as written in the document: number if it is one, text else. */
static void write_value(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *v,
                        lxw_format *numfmt)
{
    if (v->cell == NULL || v->num.kind == JX_NUM_EMPTY) {
        write_text(s, row, field->first, field->last, v->cell ? v->cell->text : "", s->f.text);
        return;
    }
    bool plain = v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0'
        && v->num.cmp == JX_CMP_NONE;
    if (!plain) {
        write_text(s, row, field->first, field->last, v->cell->text, s->f.text);
    } else {
        int64_t micros = v->num.percent ? v->num.micros / 100 : v->num.micros;
        if (v->num.percent)
            numfmt = s->f.rate; /* 100% stays a percent whatever the column */
        if (field->first < field->last)
            worksheet_merge_range(s->ws, row, field->first, row, field->last, "", numfmt);
        lxw_error e = worksheet_write_number(s->ws, row, field->first, to_double(micros), numfmt);
        if (e)
            fail(s->w, "write", e);
        remember_value(s->w, v->cell, s->sheet, row, field->first, true, v->num.micros);
        return;
    }
    remember_cell(s->w, v->cell, s->sheet, row, field->first);
}

/* ------------------------------------------------------------ references */

/*
 * Cells gathered for a SUM, written as ranges where rows run on. Every cell
 * added is in the formula and in the cached sum alike: the list grows as it
 * must, and a list that could not grow fails the workbook (write_sum).
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

static void refs_add(ref_list *l, lxw_row_t row, lxw_col_t col, int64_t value)
{
    cell_ref *refs = jx_grow(l->refs, &l->cap, l->n + 1, sizeof(cell_ref));
    if (refs == NULL) {
        l->failed = true;
        return;
    }
    l->refs = refs;
    l->refs[l->n++] = (cell_ref){row, col, value};
    l->approx += to_double(value);
    if (!jx_decimal_add(l->sum, value, &l->sum))
        l->overflow = true;
}

/* Adds a cell that holds the sum of another list (a 小计): its overflow carries on. */
static void refs_add_sum(ref_list *l, lxw_row_t row, lxw_col_t col, const ref_list *part)
{
    refs_add(l, row, col, part->sum);
    if (part->overflow) {
        l->overflow = true;
        l->approx += part->approx - to_double(part->sum);
    }
}

/* Empties a list for reuse, keeping its memory. */
static void refs_clear(ref_list *l)
{
    l->n = 0;
    l->sum = 0;
    l->overflow = false;
    l->approx = 0;
}

static void refs_free(ref_list *l)
{
    free(l->refs);
    memset(l, 0, sizeof *l);
}

/* One argument of a SUM from refs[i]: a cell, or a range where rows run on. Returns the next i. */
static size_t refs_argument(const cell_ref *r, size_t i, size_t n, jx_buf *out)
{
    char a[16], b[16];
    size_t j = i;
    while (j + 1 < n && r[j + 1].col == r[i].col && r[j + 1].row == r[j].row + 1)
        j++;
    lxw_rowcol_to_cell(a, r[i].row, r[i].col);
    jx_buf_puts(out, a);
    if (j > i) {
        lxw_rowcol_to_cell(b, r[j].row, r[j].col);
        jx_buf_printf(out, ":%s", b);
    }
    return j + 1;
}

/* Exact sum of refs[i..j) (false when it does not fit). */
static bool refs_sum(const cell_ref *r, size_t i, size_t j, int64_t *sum)
{
    *sum = 0;
    for (; i < j; i++)
        if (!jx_decimal_add(*sum, r[i].value, sum))
            return false;
    return true;
}

/* `cached` is what a spreadsheet computes: exact decimals made a number at last. */
static void write_formula_at(sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                             double cached, lxw_format *fmt)
{
    lxw_error e = worksheet_write_formula_num(s->ws, row, col, formula, fmt, cached);
    if (e)
        fail(s->w, "formula", e);
}

/*
 * "SUM(F10:F14,F17,H3)" for a list of cells, within Excel's limits (255
 * arguments, 8,192 characters a formula): a list too long for one formula is
 * summed in chunks into helper cells in a hidden column beyond the form, and
 * the expression sums that column's range. Works for any length.
 */
static void sum_expr(sheet *s, const ref_list *l, jx_buf *out)
{
    jx_buf args;
    jx_buf_init(&args);
    size_t nargs = 0;
    for (size_t i = 0; i < l->n; nargs++) {
        if (nargs)
            jx_buf_puts(&args, ",");
        i = refs_argument(l->refs, i, l->n, &args);
    }
    if (nargs <= SUM_CHUNK_ARGS && args.len <= FORMULA_CHARS_MAX / 3) {
        jx_buf_printf(out, "SUM(%s)", nargs ? args.data : "0");
        if (args.failed)
            out->failed = true;
        jx_buf_free(&args);
        return;
    }
    if (s->helper_rows == 0)
        worksheet_set_column_opt(s->ws, s->helper_col, s->helper_col, 12, NULL,
                                 &(lxw_row_col_options){.hidden = 1});
    lxw_row_t first = s->helper_rows;
    jx_buf chunk, formula;
    jx_buf_init(&chunk);
    jx_buf_init(&formula);
    for (size_t i = 0; i < l->n && s->w->status == JX_OK;) {
        size_t start = i, k = 0;
        chunk.len = 0;
        while (i < l->n && k < SUM_CHUNK_ARGS && chunk.len < FORMULA_CHARS_MAX / 2) {
            if (k++)
                jx_buf_puts(&chunk, ",");
            i = refs_argument(l->refs, i, l->n, &chunk);
        }
        int64_t part = 0;
        double cached = 0;
        if (refs_sum(l->refs, start, i, &part))
            cached = to_double(part);
        else /* too large to be exact: what the spreadsheet computes */
            for (size_t r = start; r < i; r++)
                cached += to_double(l->refs[r].value);
        formula.len = 0;
        jx_buf_printf(&formula, "=SUM(%s)", chunk.data);
        if (chunk.failed || formula.failed || s->helper_rows + 1 >= ROWS_MAX) {
            out->failed = true;
            break;
        }
        write_formula_at(s, s->helper_rows++, s->helper_col, formula.data, cached, NULL);
    }
    char a[16], b[16];
    lxw_rowcol_to_cell(a, first, s->helper_col);
    lxw_rowcol_to_cell(b, s->helper_rows > first ? s->helper_rows - 1 : first, s->helper_col);
    jx_buf_printf(out, "SUM(%s:%s)", a, b);
    jx_buf_free(&chunk);
    jx_buf_free(&formula);
    jx_buf_free(&args);
}

static void write_formula(sheet *s, lxw_row_t row, const jx_form_field *field,
                          const char *formula, double cached, lxw_format *fmt)
{
    if (field->first < field->last)
        worksheet_merge_range(s->ws, row, field->first, row, field->last, "", fmt);
    write_formula_at(s, row, field->first, formula, cached, fmt);
}

/* =SUM(refs), or a plain value when there is nothing to add. */
static void write_sum(sheet *s, lxw_row_t row, const jx_form_field *field, const ref_list *l,
                      lxw_format *fmt)
{
    jx_buf formula;
    jx_buf_init(&formula);
    jx_buf_puts(&formula, "=");
    sum_expr(s, l, &formula);
    if (formula.failed || l->failed)
        fail(s->w, "formula", LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        write_formula(s, row, field, formula.data, l->overflow ? l->approx : to_double(l->sum),
                      fmt);
    if (l->overflow)
        put_comment(s->w, s->ws, row, field->first,
                    "合计超出可精确计算的范围（绝对值不超过4.6万亿），请核对原表数字。");
    jx_buf_free(&formula);
}

static const jx_form_field *field_of(const jx_form_block *b, const char *name)
{
    for (size_t i = 0; b && i < b->nfields; i++)
        if (strcmp(b->fields[i].field, name) == 0)
            return &b->fields[i];
    return NULL;
}

/* The standard words of the forms (fields.def), for a template that leaves a header out. */
static const char *standard_header(const jx_form_block *b, const jx_form_field *f)
{
    const jx_field *field = jx_field_named(jx_card_block_named(b->name), f->field);
    return field ? field->header : f->field;
}

static void write_block_header(sheet *s, const jx_form_block *b)
{
    if (!s->headed) {
        s->headed = true;
        s->first_header = s->row;
    }
    for (size_t i = 0; i < b->nfields; i++) {
        const jx_form_field *f = &b->fields[i];
        write_text(s, s->row, f->first, f->last, f->header[0] ? f->header : standard_header(b, f),
                   s->f.header);
    }
    s->row++;
}

/* The template's format for a field's style (fields.def). */
static lxw_format *style_format(const sheet *s, jx_field_style style)
{
    switch (style) {
    case JX_STYLE_AMOUNT: return s->f.amount;
    case JX_STYLE_RATE: return s->f.rate;
    case JX_STYLE_SCORE: return s->f.score;
    case JX_STYLE_LABEL: return s->f.label;
    case JX_STYLE_PLAIN: break;
    }
    return s->f.text;
}

/* A field as the model row holds it, in its style: what no arithmetic corrects. */
static void write_field(sheet *s, lxw_row_t row, const jx_form_field *at, const jx_field *field,
                        const void *model_row)
{
    lxw_format *fmt = style_format(s, field->style);
    if (field->holds == JX_HOLDS_TEXT)
        write_text(s, row, at->first, at->last, jx_field_text(field, model_row), fmt);
    else
        write_value(s, row, at, jx_field_value(field, model_row), fmt);
}

/* A value cell that a finding corrects: the computed value, filled, commented. */
static bool write_corrected(sheet *s, lxw_row_t row, const jx_form_field *field,
                            const jx_value *v, bool percent)
{
    const jx_finding *fix = correction_of(s->w, v->cell);
    if (fix == NULL)
        return false;
    int64_t micros = percent ? fix->computed / 100 : fix->computed;
    lxw_format *fmt = percent ? s->f.rate_fixed : s->f.score_fixed;
    if (field->first < field->last)
        worksheet_merge_range(s->ws, row, field->first, row, field->last, "", fmt);
    lxw_error e = worksheet_write_number(s->ws, row, field->first, to_double(micros), fmt);
    if (e)
        fail(s->w, "write", e);
    comment_correction(s, row, field->first, v->cell, fix->message);
    remember_value(s->w, v->cell, s->sheet, row, field->first, true, fix->computed);
    return true;
}

/* ------------------------------------------------------------ scorecard blocks */

typedef struct {
    ref_list weights;      /* summed into 总分's 分值 */
    ref_list scores;       /* summed into 总分's 得分 */
    ref_list na_weights;   /* weights of indicators that do not apply */
} totals;

static bool plain_value(const jx_value *v)
{
    return v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0' && v->num.cmp == JX_CMP_NONE;
}

/*
 * An amount that arithmetic corrects to the sum of its parts: a live SUM
 * whose cached result is the exact sum of what the parts hold. `code` names
 * the finding that decides it here: a 金额合计 is the sum of its task rows
 * (task_sum), a row's 总额 the sum of its parts (subrow_mismatch).
 */
static void write_amount(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *v,
                         const ref_list *parts, jx_code code)
{
    const jx_finding *fix = correction_of(s->w, v->cell);
    if (fix && parts && parts->n > 0 && code < JX_CODE_COUNT
        && strcmp(fix->code, jx_code_info_of(code)->name) == 0
        && fix->severity > JX_SEV_INFO) {
        write_sum(s, row, field, parts, s->f.amount_fixed);
        comment_correction(s, row, field->first, v->cell, fix->message);
        remember_value(s->w, v->cell, s->sheet, row, field->first, true, parts->sum);
        return;
    }
    write_value(s, row, field, v, s->f.amount);
}

/* Adds a part to a sum: its place in the sheet and the value it holds there. */
static void add_part(sheet *s, ref_list *parts, lxw_row_t row, lxw_col_t col, const jx_value *v)
{
    int64_t value = 0;
    written_value(s->w, v, &value);
    refs_add(parts, row, col, value);
}

/* 执行率 = 全年执行数 / 全年预算数, live; a rate that cannot be computed stays as printed. */
static bool write_rate(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *rate,
                       const jx_value *budget, lxw_col_t budget_col, const jx_value *executed,
                       lxw_col_t executed_col, int64_t *pct)
{
    if (field == NULL)
        return false;
    int64_t a = 0, b = 0;
    if (!written_value(s->w, budget, &a) || !written_value(s->w, executed, &b) || a <= 0
        || !jx_decimal_muldiv(b, 100 * JX_MICRO, a, pct)) {
        if (rate->cell && rate->num.kind == JX_NUM_VALUE) {
            jx_value as_percent = *rate;
            as_percent.num.percent = true;
            write_value(s, row, field, &as_percent, s->f.rate);
        } else {
            write_value(s, row, field, rate, s->f.rate);
        }
        return false;
    }
    char bref[16], eref[16], formula[64];
    lxw_rowcol_to_cell(bref, row, budget_col);
    lxw_rowcol_to_cell(eref, row, executed_col);
    snprintf(formula, sizeof formula, "=ROUND(%s/%s,4)", eref, bref);
    int64_t ratio = jx_decimal_round(*pct / 100, 4);
    const jx_finding *fix = correction_of(s->w, rate->cell);
    /* A rate off only because an amount it divides was corrected is corrected too. */
    bool differs = fix || (rate->num.kind == JX_NUM_VALUE && !jx_decimal_agrees(&rate->num, *pct));
    write_formula(s, row, field, formula, to_double(ratio), differs ? s->f.rate_fixed : s->f.rate);
    if (differs)
        comment_correction(s, row, field->first, rate->cell,
                           fix ? fix->message : "执行率按更正后的金额重新计算。");
    remember_cell(s->w, rate->cell, s->sheet, row, field->first);
    return true;
}

/*
 * The execution score of the row that carries it: 分值 × min(执行率, cap),
 * live; the tiered rule, which no formula here expresses, as a value.
 */
static void write_execution_score(sheet *s, lxw_row_t row, const jx_form_field *field,
                                  const jx_value *weight, lxw_col_t weight_col,
                                  const jx_value *score, lxw_col_t rate_col, bool have_rate,
                                  int64_t pct, totals *t)
{
    const jx_rules *rules = s->w->report->rules;
    int64_t w = plain_value(weight) ? weight->num.micros : rules->execution_weight;
    refs_add(&t->weights, row, weight_col, w);
    if (!have_rate) {
        write_value(s, row, field, score, s->f.score);
        if (score->num.kind == JX_NUM_VALUE)
            refs_add(&t->scores, row, field->first, score->num.micros);
        return;
    }
    int d = rules->exec_score_decimals;
    int64_t expected = jx_decimal_round(jx_execution_score(rules, w, pct), d);
    bool differs = score->num.kind != JX_NUM_VALUE || score->num.micros != expected;
    const jx_finding *fix = correction_of(s->w, score->cell);
    lxw_format *fmt = differs ? s->f.score_fixed : s->f.score;
    if (rules->exec_formula == JX_EXEC_PROPORTIONAL) {
        char wexpr[32], rref[16], cap[32], formula[112];
        /* A blank 分值 takes the rule's weight, written into the formula. */
        if (plain_value(weight))
            lxw_rowcol_to_cell(wexpr, row, weight_col);
        else
            jx_decimal_format(wexpr, sizeof wexpr, w, 6);
        lxw_rowcol_to_cell(rref, row, rate_col);
        jx_decimal_format(cap, sizeof cap, rules->exec_cap, 6);
        snprintf(formula, sizeof formula, "=ROUND(%s*MIN(%s,%s),%d)", wexpr, rref, cap, d);
        write_formula(s, row, field, formula, to_double(expected), fmt);
    } else {
        if (field->first < field->last)
            worksheet_merge_range(s->ws, row, field->first, row, field->last, "", fmt);
        worksheet_write_number(s->ws, row, field->first, to_double(expected), fmt);
        if (!differs)
            put_comment(s->w, s->ws, row, field->first, "按规则分档计分，公式无法表达，填写计算结果。");
    }
    if (differs)
        comment_correction(s, row, field->first, score->cell,
                           fix ? fix->message : "按规则重新计算的预算执行率得分。");
    remember_cell(s->w, score->cell, s->sheet, row, field->first);
    refs_add(&t->scores, row, field->first, expected);
}

/* The next field of `fields` the template places, from *k on, and where (*at); NULL after the
 * last. Fields are written in fields.def's order, whatever the template's. */
static const jx_field *next_placed(const jx_form_block *b, jx_field_list fields, size_t *k,
                                   const jx_form_field **at)
{
    for (; *k < fields.n; ++*k) {
        *at = field_of(b, fields.fields[*k].name);
        if (*at)
            return &fields.fields[(*k)++];
    }
    return NULL;
}

/* A funds amount; a total's parts are the other rows of the block, in the same column. */
static void write_funds_amount(sheet *s, const jx_form_block *b, lxw_row_t first, size_t i,
                               const jx_form_field *at, const jx_field *field)
{
    (void)b;
    const jx_scorecard *card = s->card;
    const jx_funds_row *f = &card->funds[i];
    ref_list parts = {.n = 0};
    for (size_t j = 0; f->is_total && j < card->nfunds; j++) {
        const jx_value *sv = jx_field_value(field, &card->funds[j]);
        if (j != i && sv->num.kind == JX_NUM_VALUE)
            add_part(s, &parts, first + (lxw_row_t)j, at->first, sv);
    }
    write_amount(s, first + (lxw_row_t)i, at, jx_field_value(field, f),
                 f->is_total ? &parts : NULL, JX_CODE_subrow_mismatch);
    refs_free(&parts);
}

/*
 * A task amount. A 金额合计 is the sum of the task rows (task_sum); a row's
 * 总额 is the sum of its 财政拨款 and 其他资金 (subrow_mismatch), the two
 * fields after it in fields.def.
 */
static void write_task_amount(sheet *s, const jx_form_block *b, lxw_row_t first, size_t i,
                              const jx_form_field *at, const jx_field *field)
{
    const jx_scorecard *card = s->card;
    const jx_task_row *task = &card->tasks[i];
    lxw_row_t row = first + (lxw_row_t)i;
    ref_list parts = {.n = 0};
    jx_code code = JX_CODE_COUNT; /* none: a part is not a sum */
    if (task->is_total) {
        code = JX_CODE_task_sum;
        for (size_t j = 0; j < card->ntasks; j++) {
            const jx_value *v = jx_field_value(field, &card->tasks[j]);
            if (!card->tasks[j].is_total && v->num.kind == JX_NUM_VALUE)
                add_part(s, &parts, first + (lxw_row_t)j, at->first, v);
        }
    } else if (field->id == JX_FIELD_tasks_budget_total
               || field->id == JX_FIELD_tasks_exec_total) {
        code = JX_CODE_subrow_mismatch;
        for (jx_field_id part = field->id + 1; part <= field->id + 2; part++) {
            const jx_form_field *pf = field_of(b, jx_field_of(part)->name);
            const jx_value *v = jx_field_value(jx_field_of(part), task);
            if (pf && v->num.kind == JX_NUM_VALUE)
                add_part(s, &parts, row, pf->first, v);
        }
    }
    write_amount(s, row, at, jx_field_value(field, task), &parts, code);
    refs_free(&parts);
}

/* Whether a row may carry the card's execution score (the first that may does): a total. */
static bool funds_row_scores(const void *row)
{
    return ((const jx_funds_row *)row)->is_total;
}

/* A 金额合计 scores only where the form gives it a 分值 or 得分. */
static bool task_row_scores(const void *row)
{
    const jx_task_row *task = row;
    return task->is_total && (task->weight.cell || task->score.cell);
}

/*
 * A block whose rows are rated on their execution, funds or tasks: amounts
 * (a total's live sums), 执行率 live on the amounts it divides, and the
 * card's execution score on its first total.
 */
typedef struct {
    jx_card_block block;
    const void *rows;                 /* card->funds or card->tasks */
    size_t n, size;
    const char *budget, *executed;    /* the fields 执行率 divides */
    bool (*scores)(const void *row);
    void (*write_amount)(sheet *s, const jx_form_block *b, lxw_row_t first, size_t i,
                         const jx_form_field *at, const jx_field *field);
} rated_block;

static void write_rated_block(sheet *s, const rated_block *rb, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, jx_card_block_name(rb->block));
    if (b == NULL || rb->n == 0)
        return;
    write_block_header(s, b);
    const jx_field *budget = jx_field_named(rb->block, rb->budget),
                   *executed = jx_field_named(rb->block, rb->executed),
                   *weight = jx_field_named(rb->block, "weight"),
                   *rate = jx_field_named(rb->block, "rate"),
                   *score = jx_field_named(rb->block, "score");
    const jx_form_field *budget_at = field_of(b, rb->budget),
                        *executed_at = field_of(b, rb->executed),
                        *weight_at = field_of(b, "weight"), *rate_at = field_of(b, "rate");
    jx_field_list fields = jx_block_fields(rb->block);
    lxw_row_t first = s->row;
    bool scored = false;
    for (size_t i = 0; i < rb->n; i++) {
        const void *r = (const char *)rb->rows + i * rb->size;
        lxw_row_t row = s->row++;
        int64_t pct = 0;
        bool have_rate = false;
        const jx_field *field;
        const jx_form_field *at;
        for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
            if (field == rate && budget_at && executed_at) {
                have_rate = write_rate(s, row, at, jx_field_value(rate, r),
                                       jx_field_value(budget, r), budget_at->first,
                                       jx_field_value(executed, r), executed_at->first, &pct);
            } else if (field == score && !scored && rb->scores(r)
                       && s->card->kind != JX_KIND_TARGET && weight_at && rate_at) {
                scored = true;
                write_execution_score(s, row, at, jx_field_value(weight, r), weight_at->first,
                                      jx_field_value(score, r), rate_at->first, have_rate, pct, t);
            } else if (field->style == JX_STYLE_AMOUNT) {
                rb->write_amount(s, b, first, i, at, field);
            } else {
                write_field(s, row, at, field, r); /* text, 分值, a rate or score as printed */
            }
        }
    }
}

static void write_funds(sheet *s, totals *t)
{
    const jx_scorecard *card = s->card;
    write_rated_block(s, &(rated_block){JX_BLOCK_funds, card->funds, card->nfunds,
                                        sizeof *card->funds, "budget", "executed",
                                        funds_row_scores, write_funds_amount}, t);
}

static void write_tasks(sheet *s, totals *t)
{
    const jx_scorecard *card = s->card;
    write_rated_block(s, &(rated_block){JX_BLOCK_tasks, card->tasks, card->ntasks,
                                        sizeof *card->tasks, "budget_total", "exec_total",
                                        task_row_scores, write_task_amount}, t);
}

/* A 分值 as printed, added to the weights a 小计 or 总分 sums. */
static void write_weight(sheet *s, lxw_row_t row, const jx_form_field *at, const jx_value *weight,
                         ref_list *weights)
{
    write_value(s, row, at, weight, s->f.score);
    if (weight->num.kind == JX_NUM_VALUE)
        refs_add(weights, row, at->first, weight->num.micros);
}

static void write_management(sheet *s, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, "management");
    const jx_scorecard *card = s->card;
    if (b == NULL || card->nmanagement == 0)
        return;
    write_block_header(s, b);
    jx_field_list fields = jx_block_fields(JX_BLOCK_management);
    for (size_t i = 0; i < card->nmanagement; i++) {
        const jx_management_row *m = &card->management[i];
        lxw_row_t row = s->row++;
        const jx_field *field;
        const jx_form_field *at;
        for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
            switch (field->id) {
            case JX_FIELD_management_weight:
                write_weight(s, row, at, &m->weight, &t->weights);
                break;
            case JX_FIELD_management_score: {
                const jx_finding *fix = correction_of(s->w, m->score.cell);
                if (!write_corrected(s, row, at, &m->score, false))
                    write_value(s, row, at, &m->score, s->f.score);
                int64_t v = fix ? fix->computed : m->score.num.micros;
                if (m->score.num.kind == JX_NUM_VALUE)
                    refs_add(&t->scores, row, at->first, v);
                break;
            }
            default:
                write_field(s, row, at, field, m);
            }
        }
    }
}

/* ------------------------------------------------------------ indicators */

static bool is_not_applicable(const writer *w, const jx_cell *score)
{
    size_t i;
    return jx_ptrmap_get(&w->not_applicable, score, &i);
}

/* How many rows from `i` on share the level (merged cells on the form). */
static size_t run_length(const jx_scorecard *card, size_t i, bool level2)
{
    size_t n = 1;
    while (i + n < card->nindicators) {
        const jx_indicator *a = &card->indicators[i], *b = &card->indicators[i + n];
        if (strcmp(a->level1, b->level1) != 0 || (level2 && strcmp(a->level2, b->level2) != 0))
            break;
        n++;
    }
    return n;
}

static void write_level(sheet *s, const jx_form_field *f, lxw_row_t row, size_t rows,
                        const char *text)
{
    if (f == NULL)
        return;
    put_string(s->w, s->ws, s->sheet, row, f->first, row + (lxw_row_t)rows - 1, f->last, text,
               s->f.label);
}

static void write_indicator_score(sheet *s, lxw_row_t row, const jx_form_field *score,
                                  const jx_indicator *ind, ref_list *scores, totals *t,
                                  lxw_col_t weight_col)
{
    if (is_not_applicable(s->w, ind->score.cell)) {
        /* Text, so SUM leaves it out; its weight leaves the total's base. */
        write_text(s, row, score->first, score->last, "不适用", s->f.score_fixed);
        comment_correction(s, row, score->first, ind->score.cell,
                           "此项不适用，不计分，总分按适用指标折算。");
        remember_cell(s->w, ind->score.cell, s->sheet, row, score->first);
        if (ind->weight.num.kind == JX_NUM_VALUE)
            refs_add(&t->na_weights, row, weight_col, ind->weight.num.micros);
        return;
    }
    const jx_finding *fix = correction_of(s->w, ind->score.cell);
    if (!write_corrected(s, row, score, &ind->score, false))
        write_value(s, row, score, &ind->score, s->f.score);
    int64_t v = fix ? fix->computed : ind->score.num.micros;
    if (fix || ind->score.num.kind == JX_NUM_VALUE)
        refs_add(scores, row, score->first, v);
}

/* An indicator's row; its level1 and level2 are merged over their rows by the caller. */
static void write_indicator_row(sheet *s, const jx_form_block *b, const jx_indicator *ind,
                                ref_list *weights, ref_list *scores, totals *t)
{
    const jx_form_field *weight = field_of(b, "weight");
    jx_field_list fields = jx_block_fields(JX_BLOCK_indicators);
    lxw_row_t row = s->row++;
    const jx_field *field;
    const jx_form_field *at;
    for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
        switch (field->id) {
        case JX_FIELD_indicators_level1:
        case JX_FIELD_indicators_level2:
            break;
        case JX_FIELD_indicators_weight:
            write_weight(s, row, at, &ind->weight, weights);
            break;
        case JX_FIELD_indicators_score:
            if (weight)
                write_indicator_score(s, row, at, ind, scores, t, weight->first);
            break;
        case JX_FIELD_indicators_deviation:
            if (!write_corrected(s, row, at, &ind->deviation, true))
                write_value(s, row, at, &ind->deviation, s->f.rate);
            break;
        default:
            write_field(s, row, at, field, ind);
        }
    }
}

/* A 小计 row per first-level group: live sums of its weights and scores. */
static void write_subtotal(sheet *s, const jx_form_block *b, const jx_category *cat,
                           const ref_list *weights, const ref_list *scores, totals *t)
{
    const jx_form_field *weight = field_of(b, "weight"), *score = field_of(b, "score");
    if (weight == NULL || score == NULL)
        return;
    lxw_row_t row = s->row++;
    char label[160];
    snprintf(label, sizeof label, "%s 小计", cat->name);
    jx_utf8_trim_partial(label);
    lxw_col_t first = b->fields[0].first, last = (lxw_col_t)(weight->first - 1);
    for (size_t i = 0; i < b->nfields; i++)
        if (b->fields[i].first < first)
            first = b->fields[i].first;
    if (last >= first)
        write_text(s, row, first, last, label, s->f.header);
    bool wrong = cat->has_declared_weight && cat->declared_weight.micros != weights->sum;
    write_sum(s, row, weight, weights, wrong ? s->f.score_fixed : s->f.score);
    if (wrong) {
        char msg[JX_MESSAGE_MAX];
        char a[48], c[48];
        jx_decimal_format(a, sizeof a, cat->declared_weight.micros, cat->declared_weight.decimals);
        jx_decimal_format(c, sizeof c, weights->sum, 2);
        snprintf(msg, sizeof msg, "%s标明%s分，其下各指标分值合计%s分。", cat->name, a, c);
        jx_utf8_trim_partial(msg);
        comment_correction(s, row, weight->first, cat->cell, msg);
    }
    write_sum(s, row, score, scores, s->f.score);
    refs_add_sum(&t->weights, row, weight->first, weights);
    refs_add_sum(&t->scores, row, score->first, scores);
}

static void write_indicators(sheet *s, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, "indicators");
    const jx_scorecard *card = s->card;
    if (b == NULL || card->nindicators == 0)
        return;
    /* 偏差度 is Henan's: a card that prints none gets no such column. */
    jx_form_block block = *b;
    bool any_deviation = false;
    for (size_t i = 0; i < card->nindicators; i++)
        any_deviation = any_deviation || card->indicators[i].deviation.cell != NULL;
    if (!any_deviation) {
        size_t n = 0;
        for (size_t i = 0; i < block.nfields; i++)
            if (strcmp(block.fields[i].field, "deviation") != 0)
                block.fields[n++] = block.fields[i];
        block.nfields = n;
    }
    b = &block;
    lxw_row_t header = s->row;
    write_block_header(s, b);
    worksheet_repeat_rows(s->ws, header, header);
    s->repeats = true;
    const jx_form_field *l1 = field_of(b, "level1"), *l2 = field_of(b, "level2");
    ref_list weights = {.n = 0}, scores = {.n = 0};
    for (size_t i = 0; i < card->nindicators;) {
        size_t group = run_length(card, i, false);
        write_level(s, l1, s->row, group, card->indicators[i].level1);
        refs_clear(&weights);
        refs_clear(&scores);
        for (size_t j = i; j < i + group;) {
            size_t sub = run_length(card, j, true);
            if (sub > i + group - j)
                sub = i + group - j;
            write_level(s, l2, s->row + (lxw_row_t)(j - i), sub, card->indicators[j].level2);
            j += sub;
        }
        for (size_t j = i; j < i + group; j++) {
            write_indicator_row(s, b, &card->indicators[j], &weights, &scores, t);
        }
        if (card->kind != JX_KIND_TARGET && weights.n > 0)
            write_subtotal(s, b, &card->categories[card->indicators[i].category], &weights,
                           &scores, t);
        i += group;
    }
    refs_free(&weights);
    refs_free(&scores);
}

/* ------------------------------------------------------------ 总分 */

static void write_total(sheet *s, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, "indicators");
    const jx_form_field *weight = field_of(b, "weight"), *score = field_of(b, "score");
    if (weight == NULL || score == NULL || s->card->kind == JX_KIND_TARGET)
        return;
    const jx_scorecard *card = s->card;
    const jx_card_result *r = s->result;
    const jx_rules *rules = s->w->report->rules;
    lxw_row_t row = s->row++;
    /* A card cut before its end has no 总分 to recompute: its rows are summed as
     * they are, neither scaled nor marked as a correction. */
    bool partial = r->partial;
    write_text(s, row, b->fields[0].first, (lxw_col_t)(weight->first - 1),
               partial ? "已列各项合计（表格不完整，不重算总分）" : "总分", s->f.header);
    /* 分值 */
    bool weight_wrong = card->total_weight.num.kind == JX_NUM_VALUE
        && card->total_weight.num.micros != t->weights.sum;
    write_sum(s, row, weight, &t->weights, weight_wrong ? s->f.score_fixed : s->f.score);
    if (weight_wrong)
        comment_correction(s, row, weight->first, card->total_weight.cell,
                           "总分的分值按各项分值之和计算。");
    remember_cell(s->w, card->total_weight.cell, s->sheet, row, weight->first);
    /* 得分: the sum, scaled to the rule set's total when weights do not add up to it. */
    char wref[16], total[32];
    lxw_rowcol_to_cell(wref, row, weight->first);
    jx_decimal_format(total, sizeof total, rules->total_weight, 6);
    int d = rules->exec_score_decimals;
    int64_t counted = 0;
    bool scaled = !partial && !t->weights.overflow && !t->na_weights.overflow
        && jx_decimal_sub(t->weights.sum, t->na_weights.sum, &counted) && counted > 0
        && counted != rules->total_weight;
    jx_buf formula;
    jx_buf_init(&formula);
    jx_buf_puts(&formula, "=ROUND(");
    sum_expr(s, &t->scores, &formula);
    if (scaled) {
        jx_buf_printf(&formula, "*%s/(%s-", total, wref);
        sum_expr(s, &t->na_weights, &formula);
        jx_buf_puts(&formula, ")");
    }
    jx_buf_printf(&formula, ",%d)", d);
    if (formula.failed || t->scores.failed || t->na_weights.failed) {
        fail(s->w, "formula", LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        /* The cached result is what the formula gives on the cells as written;
         * past exact decimals (the check says so), what a spreadsheet computes. */
        int64_t cached = t->scores.sum;
        bool exact = !t->scores.overflow
            && (!scaled || jx_decimal_muldiv(cached, rules->total_weight, counted, &cached));
        cached = jx_decimal_round(cached, d);
        double approx = t->scores.approx, unit = 1;
        if (scaled)
            approx = approx * to_double(rules->total_weight) / to_double(counted);
        for (int k = 0; k < d; k++)
            unit *= 10;
        if (approx * unit < 9e18 && approx * unit > -9e18) /* ROUND(…, d) as the formula does */
            approx = (double)(long long)(approx * unit + (approx >= 0 ? 0.5 : -0.5)) / unit;
        const jx_number *declared = &card->total_score.num;
        bool differs = !partial
            && (!exact || declared->kind != JX_NUM_VALUE || declared->micros != cached);
        jx_form_field at = *score;
        write_formula(s, row, &at, formula.data, exact ? to_double(cached) : approx,
                      differs ? s->f.score_fixed : s->f.score);
        if (differs) {
            char msg[256], a[48];
            jx_decimal_format(a, sizeof a, cached, d);
            snprintf(msg, sizeof msg, "按规则（%s）重新计算的总分为%s，等级“%s”（原为“%s”）。", rules->name, a,
                     r->grade_computed, r->grade_declared[0] ? r->grade_declared : "-");
            comment_correction(s, row, score->first, card->total_score.cell, msg);
        }
        remember_cell(s->w, card->total_score.cell, s->sheet, row, score->first);
    }
    jx_buf_free(&formula);
}

/* ------------------------------------------------------------ sheets */

/* A name's key for uniqueness: Excel compares sheet names without case. */
static void fold_name(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (; name[n] && n + 1 < size; n++)
        out[n] = name[n] >= 'A' && name[n] <= 'Z' ? (char)(name[n] - 'A' + 'a') : name[n];
    out[n] = '\0';
}

static bool name_taken(const writer *w, const char *name)
{
    char key[SHEET_NAME_BYTES];
    fold_name(name, key, sizeof key);
    for (size_t i = 0; i < w->nsheets; i++) {
        char other[SHEET_NAME_BYTES];
        fold_name(w->sheet_names[i], other, sizeof other);
        if (strcmp(key, other) == 0)
            return true;
    }
    return false;
}

/*
 * A new sheet's name, noted in the writer: at most 31 characters, none of
 * []:*?/\' or a control character, not empty, unique in the workbook (a
 * number in parentheses makes it so, however many sheets share a base).
 * Returns NULL when memory runs out.
 */
static const char *sheet_name(writer *w, const char *prefix, const char *name)
{
    char (*names)[SHEET_NAME_BYTES] = jx_grow(w->sheet_names, &w->sheets_cap, w->nsheets + 1,
                                              sizeof *w->sheet_names);
    if (names == NULL)
        return NULL;
    w->sheet_names = names;
    char *out = w->sheet_names[w->nsheets];
    char base[256];
    snprintf(base, sizeof base, "%s%s", prefix, name);
    jx_utf8_trim_partial(base);
    const char *safe = xml_text(w, 1, base, 0, NULL);
    char chars[SHEET_NAME_MAX][5];
    size_t nchars = 0;
    for (const char *p = safe; *p && nchars < SHEET_NAME_MAX;) {
        uint32_t cp;
        size_t len = jx_utf8_next(p, strlen(p), &cp);
        /* Control pictures stand for controls: a name gets _ for them as for []:*?/\'. */
        bool bad = (len == 1 && strchr("[]:*?/\\'", *p)) || cp < 0x20
            || (cp >= 0x2400 && cp <= 0x2421) || cp == 0xFFFD;
        if (bad)
            snprintf(chars[nchars], sizeof chars[0], "_");
        else
            snprintf(chars[nchars], sizeof chars[0], "%.*s", (int)len, p);
        nchars++;
        p += len;
    }
    if (nchars == 0)
        snprintf(chars[nchars++], sizeof chars[0], "_");
    for (unsigned long k = 1;; k++) {
        char suffix[24] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, "(%lu)", k);
        size_t keep = nchars, room = SHEET_NAME_MAX - strlen(suffix);
        if (keep > room)
            keep = room;
        size_t n = 0;
        for (size_t i = 0; i < keep; i++)
            n += (size_t)snprintf(out + n, SHEET_NAME_BYTES - n, "%s", chars[i]);
        snprintf(out + n, SHEET_NAME_BYTES - n, "%s", suffix);
        if (!name_taken(w, out))
            break;
    }
    w->nsheets++;
    return out;
}

/*
 * The page footer: the template's, with {file} the source's name. libxlsxwriter
 * reads &G and &[Picture] as image placeholders (and 1.1.4 frees the footer
 * twice when it finds one with no image): the file name's & becomes the
 * full-width ＆, and a template can hold neither (template.c refuses them; any
 * that got here lose their &). At most 255 characters, valid XML.
 */
static void set_footer(writer *w, lxw_worksheet *ws, const char *footer_template,
                       const char *source)
{
    jx_buf file, footer;
    jx_buf_init(&file);
    jx_buf_init(&footer);
    jx_buf_puts(&file, "");
    jx_buf_puts(&footer, "");
    for (const char *p = source; *p; p++) {
        if (*p == '&')
            jx_buf_puts(&file, "\xEF\xBC\x86"); /* ＆ */
        else
            jx_buf_append(&file, p, 1);
    }
    const char *at = strstr(footer_template, "{file}");
    if (at) {
        jx_buf_append(&footer, footer_template, (size_t)(at - footer_template));
        jx_buf_puts(&footer, file.data);
        jx_buf_puts(&footer, at + strlen("{file}"));
    } else {
        jx_buf_puts(&footer, footer_template);
    }
    if (!footer.failed && !file.failed) {
        /* libxlsxwriter looks for the bytes "&G" and "&[Picture]", escaped or not. */
        for (char *p = footer.data; (p = strchr(p, '&')) != NULL; p++)
            if (p[1] == 'G' || strncmp(p + 1, "[Picture]", 9) == 0)
                *p = ' ';
        /* At most 255 characters, never ending in a lone & (it would escape nothing). */
        xml_text(w, 1, footer.data, 255, NULL);
        jx_buf *b = &w->text[1];
        size_t amps = 0;
        while (amps < b->len && b->data[b->len - 1 - amps] == '&')
            amps++;
        if (amps % 2)
            b->data[--b->len] = '\0';
        lxw_header_footer_options options = {FOOTER_MARGIN_MM / 25.4, NULL, NULL, NULL};
        lxw_error e = worksheet_set_footer_opt(ws, b->failed ? "" : b->data, &options);
        if (e)
            fail(w, "footer", e);
    }
    jx_buf_free(&file);
    jx_buf_free(&footer);
}

static void setup_page(writer *w, lxw_worksheet *ws, const jx_template *t, const char *source)
{
    if (t->landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_set_paper(ws, (uint8_t)t->paper);
    if (t->fit_width > 0)
        worksheet_fit_to_pages(ws, (uint16_t)t->fit_width, 0);
    double inch = t->margin_mm / 25.4;
    double bottom = (t->margin_mm > BODY_ABOVE_FOOTER_MM ? t->margin_mm : BODY_ABOVE_FOOTER_MM) / 25.4;
    worksheet_set_margins(ws, inch, inch, inch, bottom);
    /* each form's pages numbered from 1, not on from the sheet before */
    worksheet_set_start_page(ws, 1);
    set_footer(w, ws, t->footer, source);
    for (size_t c = 0; c < t->ncolumns; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->column_width_tenths[c] / 10.0,
                             NULL);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void write_identification(sheet *s, lxw_col_t last)
{
    const jx_scorecard *card = s->card;
    const jx_table *table = card->table;
    write_text(s, s->row, 0, last, s->tpl->title, s->f.title);
    worksheet_set_row(s->ws, s->row, 28, NULL);
    s->row++;
    char sub[256];
    snprintf(sub, sizeof sub, "%s%s%s", table->year[0] ? "(" : "", table->year,
             table->year[0] ? ")" : "");
    write_text(s, s->row++, 0, last, sub, s->f.subtitle);
    bool department = card->kind == JX_KIND_DEPARTMENT;
    lxw_col_t split = last > 3 ? last / 2 : 1;
    write_text(s, s->row, 0, 0, department ? "部门(单位)名称" : "项目名称", s->f.label);
    write_text(s, s->row, 1, last, card->name, s->f.text);
    s->row++;
    if (!department && (card->department[0] || card->implementer[0])) {
        write_text(s, s->row, 0, 0, "主管部门", s->f.label);
        write_text(s, s->row, 1, split - 1 > 1 ? split - 1 : 1, card->department, s->f.text);
        write_text(s, s->row, split, split, "实施单位", s->f.label);
        write_text(s, s->row, split + 1 <= last ? split + 1 : last, last, card->implementer,
                   s->f.text);
        s->row++;
    }
}

/* A form of the set; one the set lacks fails the workbook. */
static const jx_template *template_for(writer *w, const char *name)
{
    const jx_template *t = jx_templates_get(w->templates, name);
    if (t == NULL && w->status == JX_OK) {
        w->status = JX_ERR_FORMAT;
        jx_error_set(w->err, JX_ERR_FORMAT, 0, "no template '%s' among the templates", name);
    }
    return t;
}

static void write_card_sheet(writer *w, const jx_card_result *result, const char *source)
{
    const jx_scorecard *card = result->card;
    const jx_template *tpl = template_for(w, jx_table_kind_name(card->kind));
    if (tpl == NULL)
        return;
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s%zu ", tpl->sheet_name, card->table->index);
    const char *name = sheet_name(w, prefix, card->name[0] ? card->name : card->table->title);
    lxw_worksheet *ws = name ? workbook_add_worksheet(w->book, name) : NULL;
    if (ws == NULL) {
        fail(w, "worksheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    sheet s = {.w = w, .tpl = tpl, .result = result, .card = card, .ws = ws,
               .sheet = w->nsheets - 1, .row = 0,
               .helper_col = (lxw_col_t)(tpl->ncolumns + 1)};
    s.f = make_formats(w->book, tpl);
    setup_page(w, ws, tpl, source);
    lxw_col_t last = tpl->ncolumns > 0 ? (lxw_col_t)(tpl->ncolumns - 1) : 0;
    write_identification(&s, last);
    totals t;
    memset(&t, 0, sizeof t);
    write_funds(&s, &t);
    write_tasks(&s, &t);
    write_management(&s, &t);
    write_indicators(&s, &t);
    write_total(&s, &t);
    refs_free(&t.weights);
    refs_free(&t.scores);
    refs_free(&t.na_weights);
    /* A card with no indicators still prints its header on every page. */
    if (!s.repeats && s.headed)
        worksheet_repeat_rows(ws, s.first_header, s.first_header);
    apply_heights(ws, &s.heights, tpl);
}

/* ------------------------------------------------------------ 审核摘要 and 问题清单 */

typedef struct {
    writer *w;
    lxw_worksheet *ws;
    const jx_template *tpl;
    formats f;
    row_heights heights;
    size_t sheet;          /* index into writer.sheet_names */
    size_t links;          /* hyperlinks written: a sheet holds LINKS_MAX */
} list_sheet;

static void list_text(list_sheet *l, lxw_row_t row, const jx_form_field *f, const char *text)
{
    if (f == NULL)
        return;
    note_height(&l->heights, l->tpl, row, f->first, f->last, text);
    put_string(l->w, l->ws, l->sheet, row, f->first, row, f->last, text, l->f.text);
}

static void list_number(list_sheet *l, lxw_row_t row, const jx_form_field *f, bool present,
                        int64_t micros, bool percent)
{
    if (f == NULL)
        return;
    if (!present) {
        list_text(l, row, f, "");
        return;
    }
    worksheet_write_number(l->ws, row, f->first, to_double(percent ? micros / 100 : micros),
                           percent ? l->f.rate : l->f.score);
}

/* A list sheet; `name` overrides the template's sheet name when given. */
static bool list_open(writer *w, list_sheet *l, const char *template_name,
                      const char *name_override, const char *source)
{
    memset(l, 0, sizeof *l);
    l->w = w;
    l->tpl = template_for(w, template_name);
    if (l->tpl == NULL)
        return false;
    const char *wanted = name_override ? name_override
                       : l->tpl->sheet_name[0] ? l->tpl->sheet_name : template_name;
    const char *name = sheet_name(w, "", wanted);
    l->ws = name ? workbook_add_worksheet(w->book, name) : NULL;
    if (l->ws == NULL) {
        fail(w, "worksheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return false;
    }
    l->sheet = w->nsheets - 1;
    l->f = make_formats(w->book, l->tpl);
    setup_page(w, l->ws, l->tpl, source);
    return true;
}

static const jx_form_block *list_header(list_sheet *l, const char *block)
{
    const jx_form_block *b = jx_template_block(l->tpl, block);
    if (b == NULL)
        return NULL;
    for (size_t i = 0; i < b->nfields; i++) {
        const jx_form_field *f = &b->fields[i];
        const char *text = f->header[0] ? f->header : f->field;
        put_string(l->w, l->ws, l->sheet, 0, f->first, 0, f->last, text, l->f.header);
    }
    worksheet_freeze_panes(l->ws, 1, 0);
    worksheet_repeat_rows(l->ws, 0, 0);
    return b;
}

static size_t sheet_of_card(const writer *w, const jx_card_result *r, size_t first_card_sheet)
{
    return first_card_sheet + (size_t)(r - w->report->cards);
}

static void write_link(list_sheet *l, lxw_row_t row, const jx_form_field *f,
                       const char *target_sheet, const char *cell, const char *text)
{
    if (l->links >= LINKS_MAX) { /* a sheet holds no more: the place as text */
        list_text(l, row, f, text);
        return;
    }
    char url[256];
    snprintf(url, sizeof url, "internal:'%s'!%s", target_sheet, cell);
    const char *safe = cell_text(l->w, l->sheet, row, f->first, text);
    lxw_error e = worksheet_write_url_opt(l->ws, row, f->first, url, l->f.link, safe, NULL);
    if (e)
        fail(l->w, "link", e);
    l->links++;
}

/* A severity as the workbook says it. */
static const char *severity_label(jx_severity severity)
{
    switch (severity) {
    case JX_SEV_ERROR: return "错误";
    case JX_SEV_WARNING: return "警告";
    case JX_SEV_INFO: break;
    }
    return "提示";
}

/* The summary's count columns, by severity (jx_severity's order). */
static const char *const severity_fields[3] = {"errors", "warnings", "infos"};

static bool is_card_table(const writer *w, const jx_table *table);

/*
 * Under the cards: every finding of the document counted by severity and by
 * the part it is in — a scorecard, another table (the financial tables), the
 * prose — and all of them, a live sum of the parts that equals what 问题清单
 * lists. The cards' own rows count only what is on each card.
 */
static void write_summary_parts(writer *w, list_sheet *l, const jx_form_block *b, lxw_row_t first)
{
    static const char *const parts[] = {"自评表中的问题", "财务报表等其他表格中的问题",
                                        "文字说明中的问题", "全部问题（即问题清单所列）"};
    const jx_form_field *label = field_of(b, "name");
    if (label == NULL)
        return;
    const jx_report *report = w->report;
    size_t counts[3][3] = {{0}};
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_finding *f = &report->findings[i];
        size_t part = f->table == NULL ? 2 : is_card_table(w, f->table) ? 0 : 1;
        size_t sev = f->severity == JX_SEV_ERROR ? 0 : f->severity == JX_SEV_WARNING ? 1 : 2;
        counts[part][sev]++;
    }
    for (size_t p = 0; p < 4; p++) {
        lxw_row_t row = first + (lxw_row_t)p;
        list_text(l, row, label, parts[p]);
        for (size_t k = 0; k < 3; k++) {
            const jx_form_field *f = field_of(b, severity_fields[k]);
            if (f == NULL)
                continue;
            if (p < 3) {
                worksheet_write_number(l->ws, row, f->first, (double)counts[p][k], l->f.count);
                continue;
            }
            char a[16], z[16], formula[64];
            lxw_rowcol_to_cell(a, first, f->first);
            lxw_rowcol_to_cell(z, first + 2, f->first);
            snprintf(formula, sizeof formula, "=SUM(%s:%s)", a, z);
            size_t all = counts[0][k] + counts[1][k] + counts[2][k];
            worksheet_write_formula_num(l->ws, row, f->first, formula, l->f.count, (double)all);
        }
    }
}

static void write_summary(writer *w, list_sheet *l, size_t first_card_sheet)
{
    const jx_form_block *b = list_header(l, "summary");
    if (b == NULL)
        return;
    const jx_report *report = w->report;
    lxw_row_t row = 1;
    for (size_t i = 0; i < report->ncards; i++, row++) {
        const jx_card_result *r = &report->cards[i];
        const jx_scorecard *card = r->card;
        char index[24];
        snprintf(index, sizeof index, "%zu", i + 1);
        const char *unit = card->implementer[0] ? card->implementer
                         : card->department[0] ? card->department : card->table->org;
        list_text(l, row, field_of(b, "index"), index);
        list_text(l, row, field_of(b, "name"), card->name[0] ? card->name : card->table->title);
        /* the card's kind and the rule set by their Chinese names: the form's
         * title (its template's) and the set's title */
        const jx_template *form = template_for(w, jx_table_kind_name(card->kind));
        list_text(l, row, field_of(b, "kind"),
                  form && form->title[0] ? form->title : jx_table_kind_name(card->kind));
        list_text(l, row, field_of(b, "unit"), unit);
        list_text(l, row, field_of(b, "rules"),
                  report->rules->title[0] ? report->rules->title : report->rules->name);
        bool declared = r->declared_total.kind == JX_NUM_VALUE;
        list_number(l, row, field_of(b, "declared_total"), declared, r->declared_total.micros, false);
        if (r->partial)
            list_text(l, row, field_of(b, "computed_total"), "表格不完整，不重算");
        else
            list_number(l, row, field_of(b, "computed_total"), r->has_computed_total,
                        r->computed_total, false);
        const jx_form_field *diff = field_of(b, "difference");
        const jx_form_field *dt = field_of(b, "declared_total"), *ct = field_of(b, "computed_total");
        if (diff && dt && ct && declared && r->has_computed_total) {
            char a[16], c[16], formula[64];
            lxw_rowcol_to_cell(a, row, dt->first);
            lxw_rowcol_to_cell(c, row, ct->first);
            snprintf(formula, sizeof formula, "=%s-%s", c, a);
            worksheet_write_formula_num(l->ws, row, diff->first, formula, l->f.score,
                                        to_double(r->computed_total - r->declared_total.micros));
        } else {
            list_text(l, row, diff, "");
        }
        list_text(l, row, field_of(b, "grade_declared"), r->grade_declared);
        list_text(l, row, field_of(b, "grade_computed"), r->grade_computed);
        const size_t counts[3] = {r->errors, r->warnings, r->infos};
        for (size_t k = 0; k < 3; k++) {
            const jx_form_field *f = field_of(b, severity_fields[k]);
            if (f)
                worksheet_write_number(l->ws, row, f->first, (double)counts[k], l->f.count);
        }
        const jx_form_field *link = field_of(b, "link");
        if (link)
            write_link(l, row, link, w->sheet_names[sheet_of_card(w, r, first_card_sheet)], "A1",
                       w->sheet_names[sheet_of_card(w, r, first_card_sheet)]);
    }
    /* 合计: how many cards, and the findings they carry. */
    list_text(l, row, field_of(b, "index"), "合计");
    char count[32];
    snprintf(count, sizeof count, "%zu 张自评表", report->ncards);
    list_text(l, row, field_of(b, "name"), count);
    for (size_t k = 0; k < 3; k++) {
        const jx_form_field *f = field_of(b, severity_fields[k]);
        if (f == NULL || report->ncards == 0)
            continue;
        char a[16], z[16], formula[64];
        lxw_rowcol_to_cell(a, 1, f->first);
        lxw_rowcol_to_cell(z, row - 1, f->first);
        snprintf(formula, sizeof formula, "=SUM(%s:%s)", a, z);
        size_t n = 0;
        for (size_t i = 0; i < report->ncards; i++)
            n += k == 0 ? report->cards[i].errors : k == 1 ? report->cards[i].warnings
                                                            : report->cards[i].infos;
        worksheet_write_formula_num(l->ws, row, f->first, formula, l->f.count, (double)n);
    }
    lxw_col_t last = 0;
    for (size_t i = 0; i < b->nfields; i++)
        if (b->fields[i].last > last)
            last = b->fields[i].last;
    worksheet_autofilter(l->ws, 0, 0, row - 1, last);
    write_summary_parts(w, l, b, row + 2);
    apply_heights(l->ws, &l->heights, l->tpl);
}

static int by_severity_then_place(const void *x, const void *y)
{
    const jx_finding *a = *(const jx_finding *const *)x, *b = *(const jx_finding *const *)y;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order); /* findings are by place already */
}

static bool is_card_table(const writer *w, const jx_table *table)
{
    const jx_document *doc = w->report->doc;
    return table && table >= doc->tables && table < doc->tables + doc->ntables
        && w->card_table[table - doc->tables];
}

static void finish_findings_sheet(list_sheet *l, const jx_form_block *b, lxw_row_t rows)
{
    if (rows > 0) {
        lxw_col_t last = 0;
        for (size_t i = 0; i < b->nfields; i++)
            if (b->fields[i].last > last)
                last = b->fields[i].last;
        worksheet_autofilter(l->ws, 0, 0, rows, last);
    }
    apply_heights(l->ws, &l->heights, l->tpl);
}

/*
 * 问题清单 (every finding) or 决算表审核 (those of other tables and prose),
 * most severe first. A list longer than a worksheet's rows goes on in
 * sheets of the same name numbered (2), (3), …: no finding is left out.
 */
static void write_findings(writer *w, bool ledgers_only, const char *sheet_override,
                           const char *source)
{
    const jx_report *report = w->report;
    const jx_finding **order = malloc((report->nfindings ? report->nfindings : 1) * sizeof *order);
    if (order == NULL) {
        fail(w, "findings", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < report->nfindings; i++)
        if (!ledgers_only || !is_card_table(w, report->findings[i].table))
            order[n++] = &report->findings[i];
    qsort(order, n, sizeof *order, by_severity_then_place);
    list_sheet l;
    const jx_form_block *b = NULL;
    lxw_row_t row = 0;
    for (size_t i = 0; i == 0 || i < n; i++) {
        if (b == NULL || row + 1 >= ROWS_MAX) {
            if (b)
                finish_findings_sheet(&l, b, row);
            b = NULL;
            if (w->status != JX_OK || !list_open(w, &l, "findings", sheet_override, source)
                || (b = list_header(&l, "findings")) == NULL)
                break;
            row = 0;
        }
        if (i >= n)
            break;
        const jx_finding *f = order[i];
        row++;
        char location[300], table[200];
        /* In the source's own terms: file:line for text, Sheet1!C12, 表2 第5行第3列
         * or 第12段 for a workbook, Word file or page. */
        if (w->report->doc->places != NULL) {
            char place[200];
            jx_document_place(w->report->doc, f->line, f->cell ? f->cell->col : 0, place,
                              sizeof place);
            snprintf(location, sizeof location, "%s (%s)", source, place);
        } else {
            snprintf(location, sizeof location, "%s:%u", source, f->line);
        }
        snprintf(table, sizeof table, "%zu %s", f->table ? f->table->index : 0,
                 f->table ? f->table->title : "");
        jx_utf8_trim_partial(location);
        jx_utf8_trim_partial(table);
        list_text(&l, row, field_of(b, "severity"), severity_label(f->severity));
        /* the code by its Chinese name, the code itself beside it (JSON's, the README's) */
        const jx_code_info *info = jx_code_info_named(f->code);
        char code[160];
        if (info != NULL)
            snprintf(code, sizeof code, "%s（%s）", info->title, f->code);
        list_text(&l, row, field_of(b, "code"), info != NULL ? code : f->code);
        const jx_form_field *loc = field_of(b, "location");
        const placed_cell *p = find_placed(w, f->cell);
        if (loc && p) {
            char cell[16];
            lxw_rowcol_to_cell(cell, p->row, p->col);
            write_link(&l, row, loc, w->sheet_names[p->sheet], cell, location);
        } else {
            list_text(&l, row, loc, location);
        }
        list_text(&l, row, field_of(b, "table"), f->table ? table : "");
        list_text(&l, row, field_of(b, "row"), f->row);
        list_text(&l, row, field_of(b, "column"), f->column);
        bool pct = f->declared.percent;
        list_number(&l, row, field_of(b, "declared"), f->declared.kind == JX_NUM_VALUE,
                    f->declared.micros, pct);
        list_number(&l, row, field_of(b, "computed"), f->has_computed, f->computed,
                    f->computed_percent);
        list_text(&l, row, field_of(b, "message"), f->message);
    }
    if (b)
        finish_findings_sheet(&l, b, row);
    free(order);
}

static void writer_free(writer *w)
{
    free(w->placed);
    free(w->sheet_names);
    free(w->card_table);
    jx_ptrmap_free(&w->placed_at);
    jx_ptrmap_free(&w->corrections);
    jx_ptrmap_free(&w->not_applicable);
    jx_buf_free(&w->text[0]);
    jx_buf_free(&w->text[1]);
    free(w);
}

jx_status jx_write_workbook(const char *path, const jx_report *report,
                            const jx_templates *templates, jx_workbook_notes *notes,
                            jx_error *err)
{
    if (notes)
        memset(notes, 0, sizeof *notes);
    writer *w = calloc(1, sizeof *w);
    if (w == NULL || (w->report = report, !index_findings(w))) {
        if (w)
            writer_free(w);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    w->templates = templates;
    w->err = err;
    w->notes = notes;
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    w->book = workbook_new_opt(path, &options);
    if (w->book == NULL) {
        jx_error_set(err, JX_ERR_IO, 0, "cannot create the workbook");
        writer_free(w);
        return JX_ERR_IO;
    }
    /* The source's name as bytes may not be text: shown escaped, losslessly. */
    jx_buf source;
    jx_buf_init(&source);
    const char *base = base_name(report->doc->name);
    jx_buf_puts(&source, "");
    jx_text_escape(&source, base, strlen(base), JX_TEXT_NAME, 0, NULL);
    if (source.failed)
        fail(w, "file name", LXW_ERROR_MEMORY_MALLOC_FAILED);
    list_sheet summary = {0};
    bool have_summary = w->status == JX_OK
        && list_open(w, &summary, "summary", NULL, source.data);
    size_t first_card_sheet = w->nsheets;
    for (size_t i = 0; i < report->ncards && w->status == JX_OK; i++)
        write_card_sheet(w, &report->cards[i], source.data);
    if (w->status == JX_OK)
        write_findings(w, false, NULL, source.data);
    /* Findings of the financial tables and prose also get a sheet of their own. */
    bool any_ledger = false;
    for (size_t i = 0; i < report->nfindings && !any_ledger; i++)
        any_ledger = !is_card_table(w, report->findings[i].table);
    if (w->status == JX_OK && any_ledger)
        write_findings(w, true, "决算表审核", source.data);
    if (w->status == JX_OK && have_summary)
        write_summary(w, &summary, first_card_sheet);
    lxw_error e = workbook_close(w->book);
    if (e && w->status == JX_OK) {
        w->status = JX_ERR_IO;
        jx_error_set(err, JX_ERR_IO, 0, "writing the workbook: %s", lxw_strerror(e));
    }
    jx_status status = w->status;
    jx_buf_free(&source);
    writer_free(w);
    return status;
}
