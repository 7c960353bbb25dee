/*
 * xlsx_sums.c — live sums (xlsx.h): cells gathered with the values they
 * hold, written as a SUM within Excel's limits (a list too long for one
 * formula is summed in chunks in hidden helper cells), its result cached as
 * the exact sum so that a spreadsheet shows it before it recalculates. The
 * sheets say only what to add.
 */
#include "xlsx.h"

/* A formula holds at most 8,192 characters and a function 255 arguments: longer
 * sums are split over helper cells beyond the printed columns (see jx_xlsx_sum_expr). */
#define FORMULA_CHARS_MAX 8000
#define FUNCTION_ARGS_MAX 255
#define SUM_CHUNK_ARGS 200

/* ------------------------------------------------------------ references */

void jx_xlsx_refs_add(ref_list *l, lxw_row_t row, lxw_col_t col, int64_t value)
{
    cell_ref *refs = jx_grow(l->refs, &l->cap, l->n + 1, sizeof(cell_ref));
    if (refs == NULL) {
        l->failed = true;
        return;
    }
    l->refs = refs;
    l->refs[l->n++] = (cell_ref){row, col, value};
    l->approx += jx_xlsx_to_double(value);
    if (!jx_decimal_add(l->sum, value, &l->sum))
        l->overflow = true;
}

/* Adds a cell that holds the sum of another list (a 小计): its overflow carries on. */
void jx_xlsx_refs_add_sum(ref_list *l, lxw_row_t row, lxw_col_t col, const ref_list *part)
{
    jx_xlsx_refs_add(l, row, col, part->sum);
    if (part->overflow) {
        l->overflow = true;
        l->approx += part->approx - jx_xlsx_to_double(part->sum);
    }
}

/* Empties a list for reuse, keeping its memory. */
void jx_xlsx_refs_clear(ref_list *l)
{
    l->n = 0;
    l->sum = 0;
    l->overflow = false;
    l->approx = 0;
}

void jx_xlsx_refs_free(ref_list *l)
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
        jx_xlsx_fail(s->w, "formula", e);
}

/*
 * "SUM(F10:F14,F17,H3)" for a list of cells, within Excel's limits (255
 * arguments, 8,192 characters a formula): a list too long for one formula is
 * summed in chunks into helper cells in a hidden column beyond the form, and
 * the expression sums that column's range. Works for any length.
 */
void jx_xlsx_sum_expr(sheet *s, const ref_list *l, jx_buf *out)
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
            cached = jx_xlsx_to_double(part);
        else /* too large to be exact: what the spreadsheet computes */
            for (size_t r = start; r < i; r++)
                cached += jx_xlsx_to_double(l->refs[r].value);
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

void jx_xlsx_write_formula(sheet *s, lxw_row_t row, const jx_form_field *field,
                           const char *formula, double cached, lxw_format *fmt)
{
    if (field->first < field->last)
        worksheet_merge_range(s->ws, row, field->first, row, field->last, "", fmt);
    write_formula_at(s, row, field->first, formula, cached, fmt);
}

/* =SUM(refs), or a plain value when there is nothing to add. */
void jx_xlsx_write_sum(sheet *s, lxw_row_t row, const jx_form_field *field, const ref_list *l,
                       lxw_format *fmt)
{
    jx_buf formula;
    jx_buf_init(&formula);
    jx_buf_puts(&formula, "=");
    jx_xlsx_sum_expr(s, l, &formula);
    if (formula.failed || l->failed)
        jx_xlsx_fail(s->w, "formula", LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        jx_xlsx_write_formula(s, row, field, formula.data,
                              l->overflow ? l->approx : jx_xlsx_to_double(l->sum), fmt);
    if (l->overflow)
        jx_xlsx_put_comment(s->w, s->ws, row, field->first,
                            "合计超出可精确计算的范围（绝对值不超过4.6万亿），请核对原表数字。");
    jx_buf_free(&formula);
}
