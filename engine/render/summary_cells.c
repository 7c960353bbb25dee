/*
 * summary_cells.c — how the summary's cells are written (summary_xlsx.h):
 * its formats in the form's face, text, numbers, exact decimals and links
 * through xlsx_cells.c, each row as tall as its wrapped text, and each
 * sheet's columns and print set-up through xlsx_page.c. The first failure
 * is kept (jx_xlsx_fail) and the rest of the book is not written.
 */
#include "summary_xlsx.h"

#define LINKS_MAX 65530 /* hyperlinks of a worksheet (LXW_MAX_NUMBER_URLS) */
#define FAILURE_FILL 0xFCE4D6

void jx_summary_make_formats(summary_book *b)
{
    const jx_template *t = &b->form;
    b->f = jx_xlsx_make_formats(&b->w, t); /* notes the face for its character set */
    format_key k = jx_xlsx_face_key(t, false, false);
    k.size = t->title_size;
    k.bold = true;
    b->title = jx_xlsx_format(&b->w, &k);
    k.size = t->font_size + 1;
    b->section = jx_xlsx_format(&b->w, &k);
    k = jx_xlsx_face_key(t, false, false);
    b->explain = jx_xlsx_format(&b->w, &k);
    b->percent = jx_xlsx_number_format(&b->w, t, "0.0%");
    k = jx_xlsx_face_key(t, true, false);
    k.underline = true;
    k.font_color = LXW_COLOR_BLUE;
    k.shrink = true;
    b->link = jx_xlsx_format(&b->w, &k);
    k = jx_xlsx_face_key(t, true, true);
    k.pattern = LXW_PATTERN_SOLID;
    k.bg = FAILURE_FILL;
    b->failure = jx_xlsx_format(&b->w, &k);
    for (int hi = 0; hi < 2; hi++)
        for (int d = 0; d <= 6; d++) {
            char pattern[16];
            jx_xlsx_printed_pattern(pattern, sizeof pattern, d, false, false);
            k = jx_xlsx_number_key(t, pattern);
            if (hi) { /* bold on a fill: apart from the header's grey in grey-scale too */
                k.bold = true;
                k.pattern = LXW_PATTERN_SOLID;
                k.bg = t->corrected_fill;
            }
            b->value[hi][d] = jx_xlsx_format(&b->w, &k);
        }
}

void jx_summary_text(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     const char *text, lxw_format *fmt)
{
    const char *safe = jx_xlsx_cell_text(&b->w, 0, row, col, text);
    lxw_error e = worksheet_write_string(ws, row, col, safe, fmt);
    if (e)
        jx_xlsx_fail(&b->w, "write", e);
}

void jx_summary_number(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                       double value, lxw_format *fmt)
{
    lxw_error e = worksheet_write_number(ws, row, col, value, fmt);
    if (e)
        jx_xlsx_fail(&b->w, "write", e);
}

void jx_summary_blank(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      lxw_format *fmt)
{
    lxw_error e = worksheet_write_blank(ws, row, col, fmt);
    if (e)
        jx_xlsx_fail(&b->w, "write", e);
}

void jx_summary_put_value(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                          jx_summary_value v, bool highlight)
{
    int decimals = v.decimals > 6 ? 6 : v.decimals;
    lxw_format *fmt = b->value[highlight][decimals];
    if (!v.has)
        jx_summary_blank(b, ws, row, col, fmt);
    else /* the exact decimal becomes a double here, and only here */
        jx_summary_number(b, ws, row, col, jx_xlsx_to_double(v.micros), fmt);
}

void jx_summary_url(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                    const char *url, const char *text, lxw_format *fmt)
{
    if (url == NULL || b->sheet_links >= LINKS_MAX) { /* past Excel's links: the text */
        jx_summary_text(b, ws, row, col, text, b->f.text);
        return;
    }
    /* The link, then its text over it: libxlsxwriter would show a file
     * link's text with its slashes turned to backslashes. */
    lxw_error e = worksheet_write_url_opt(ws, row, col, url, fmt, NULL, NULL);
    if (e) {
        jx_xlsx_fail(&b->w, "link", e);
        return;
    }
    b->sheet_links++;
    jx_summary_text(b, ws, row, col, text, fmt);
}

size_t jx_summary_text_lines(const summary_book *b, lxw_col_t col, const char *text)
{
    return jx_xlsx_text_lines(&b->page, col, col, text);
}

void jx_summary_row_lines(summary_book *b, lxw_worksheet *ws, lxw_row_t row, size_t lines)
{
    worksheet_set_row(ws, row, jx_xlsx_lines_points(&b->page, lines ? lines : 1), NULL);
}

void jx_summary_set_columns(summary_book *b, const int *widths, size_t n)
{
    b->page = b->form;
    b->page.ncolumns = n < JX_TEMPLATE_MAX_COLUMNS ? n : JX_TEMPLATE_MAX_COLUMNS;
    for (size_t i = 0; i < b->page.ncolumns; i++)
        b->page.column_width_tenths[i] = widths[i] * 10;
}

void jx_summary_frame(summary_book *b, lxw_worksheet *ws, bool header_row, lxw_col_t print_cols)
{
    jx_xlsx_setup_page(ws, &b->page); /* landscape A4, a page wide, margins, widths */
    jx_xlsx_set_footer(&b->w, ws, &b->page, b->file_name, 0);
    if (header_row)
        worksheet_repeat_rows(ws, 0, 0);
    if (print_cols > 0 && print_cols < b->page.ncolumns)
        worksheet_print_area(ws, 0, 0, LXW_ROW_MAX - 1, print_cols - 1);
    b->sheet_links = 0;
}
