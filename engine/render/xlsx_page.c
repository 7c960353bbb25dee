/*
 * xlsx_page.c — what frames a sheet (xlsx.h): the form it is laid out by (a
 * template of the set, its fields by name), a name Excel accepts that no
 * other sheet has, and its printed page: orientation, paper, margins,
 * columns' widths and the footer that names the source. Every sheet,
 * scorecard or list, is framed the same way.
 */
#include "xlsx.h"

/* The footer stands this far above the paper's edge, and the body stops this
 * far above it at the least: a footer line of 9–10 points fits between them
 * whole, never clipped through its glyphs. */
#define FOOTER_MARGIN_MM 6.0
#define BODY_ABOVE_FOOTER_MM 16.0

/* ------------------------------------------------------------ forms */

/* A form of the set; one the set lacks fails the workbook. */
const jx_template *jx_xlsx_template_for(writer *w, const char *name)
{
    const jx_template *t = jx_templates_get(w->templates, name);
    if (t == NULL && w->status == JX_OK) {
        w->status = JX_ERR_FORMAT;
        jx_error_set(w->err, JX_ERR_FORMAT, 0, "no template '%s' among the templates", name);
    }
    return t;
}

const jx_form_field *jx_xlsx_field_of(const jx_form_block *b, const char *name)
{
    for (size_t i = 0; b && i < b->nfields; i++)
        if (strcmp(b->fields[i].field, name) == 0)
            return &b->fields[i];
    return NULL;
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
const char *jx_xlsx_sheet_name(writer *w, const char *prefix, const char *name)
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
    const char *safe = jx_xlsx_xml_text(w, 1, base, 0, NULL);
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
/*
 * The sheet's footer from its template: {file} the source's name and, when
 * the sheet's pages are known (a card cut into pages by hand), &N the count
 * of this sheet's: a spreadsheet's &N counts the whole workbook's in
 * LibreOffice, so a card of 2 pages read 第 1 页 共 76 页.
 */
void jx_xlsx_set_footer(writer *w, lxw_worksheet *ws, const jx_template *t, const char *source,
                        unsigned pages)
{
    const char *footer_template = t->footer;
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
    for (const char *p = footer_template; *p;) {
        if (strncmp(p, "{file}", 6) == 0) {
            jx_buf_puts(&footer, file.data);
            p += 6;
        } else if (p[0] == '&' && p[1] == '&') { /* an escaped &, kept */
            jx_buf_append(&footer, p, 2);
            p += 2;
        } else if (p[0] == '&' && p[1] == 'N' && pages > 0) {
            jx_buf_printf(&footer, "%u", pages);
            p += 2;
        } else {
            jx_buf_append(&footer, p++, 1);
        }
    }
    if (!footer.failed && !file.failed) {
        /* libxlsxwriter looks for the bytes "&G" and "&[Picture]", escaped or not. */
        for (char *p = footer.data; (p = strchr(p, '&')) != NULL; p++)
            if (p[1] == 'G' || strncmp(p + 1, "[Picture]", 9) == 0)
                *p = ' ';
        /* At most 255 characters, never ending in a lone & (it would escape nothing). */
        jx_xlsx_xml_text(w, 1, footer.data, 255, NULL);
        jx_buf *b = &w->text[1];
        size_t amps = 0;
        while (amps < b->len && b->data[b->len - 1 - amps] == '&')
            amps++;
        if (amps % 2)
            b->data[--b->len] = '\0';
        lxw_header_footer_options options = {FOOTER_MARGIN_MM / 25.4, NULL, NULL, NULL};
        lxw_error e = worksheet_set_footer_opt(ws, b->failed ? "" : b->data, &options);
        if (e)
            jx_xlsx_fail(w, "footer", e);
    }
    jx_buf_free(&file);
    jx_buf_free(&footer);
}

void jx_xlsx_setup_page(lxw_worksheet *ws, const jx_template *t)
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
    /* columns of one width side by side: one range */
    for (size_t c = 0, end; c < t->ncolumns; c = end) {
        for (end = c + 1; end < t->ncolumns; end++)
            if (t->column_width_tenths[end] != t->column_width_tenths[c])
                break;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)(end - 1),
                             t->column_width_tenths[c] / 10.0, NULL);
    }
}

/*
 * What one printed page holds of a sheet's rows, in the sheet's own points:
 * the paper's height less the margins, enlarged by the scale fitting the
 * sheet to the page's width shrinks it by. Column widths count characters of
 * the default font (7 pixels each, 5 more per column; 0.75 point a pixel).
 */
double jx_xlsx_page_rows_points(const jx_template *t)
{
    double short_mm = t->paper == 8 ? 297 : t->paper == 1 ? 215.9 : 210,
           long_mm = t->paper == 8 ? 420 : t->paper == 1 ? 279.4 : 297;
    double width_mm = t->landscape ? long_mm : short_mm, height_mm = t->landscape ? short_mm : long_mm;
    double bottom = t->margin_mm > BODY_ABOVE_FOOTER_MM ? t->margin_mm : BODY_ABOVE_FOOTER_MM;
    double body = (height_mm - t->margin_mm - bottom) / 25.4 * 72;
    double printable = (width_mm - 2.0 * t->margin_mm) / 25.4 * 72, columns = 0;
    for (size_t c = 0; c < t->ncolumns; c++)
        columns += (t->column_width_tenths[c] / 10.0 * 7 + 5) * 0.75;
    double scale = t->fit_width > 0 && columns > printable ? printable / columns : 1;
    return body / scale;
}

/* What jixiao puts on a page when it cuts a sheet into pages: a little less
 * than a page holds, the rows' heights being estimates. */
double jx_xlsx_page_capacity(const jx_template *t)
{
    return jx_xlsx_page_rows_points(t) * 0.95;
}

/*
 * A list's pages cut by hand, as Excel measures its rows (all set): each
 * page as full as it holds, the header row `repeated` (repeated on every
 * page; past the sheet's rows for none) counted on each page after the
 * first. Left to the program, each fills a page to its own idea of the
 * body (Calc stops up to a line short): the same rows, other pages. Gives
 * the count of pages, for the footer.
 */
unsigned jx_xlsx_cut_list_pages(lxw_worksheet *ws, const row_heights *h, const jx_template *t,
                                lxw_row_t repeated, lxw_row_t rows)
{
    lxw_row_t breaks[LXW_BREAKS_MAX + 1];
    size_t n = 0;
    double page = jx_xlsx_page_capacity(t);
    double header = repeated < rows ? jx_xlsx_rows_points(h, t, repeated, repeated + 1) : 0;
    double used = 0;
    for (lxw_row_t r = 0; r < rows && n < LXW_BREAKS_MAX; r++) {
        double row = jx_xlsx_rows_points(h, t, r, r + 1);
        if (used + row > page && used > header && r > repeated) {
            breaks[n++] = r;
            used = header;
        }
        used += row;
    }
    breaks[n] = 0;
    if (n > 0)
        worksheet_set_h_pagebreaks(ws, breaks);
    /* The pages, when every break was the writer's (a list of more pages
     * than Excel takes breaks goes on as the program breaks it): 0 else. */
    return n < LXW_BREAKS_MAX ? (unsigned)n + 1 : 0;
}

/* The sheet's last column, and the last a block places a field on. */
lxw_col_t jx_xlsx_last_column(const jx_template *t)
{
    return t->ncolumns > 0 ? (lxw_col_t)(t->ncolumns - 1) : 0;
}

lxw_col_t jx_xlsx_block_last(const jx_form_block *b)
{
    lxw_col_t last = 0;
    for (size_t i = 0; i < b->nfields; i++)
        if (b->fields[i].last > last)
            last = b->fields[i].last;
    return last;
}

/* A file's name as a footer shows it: the last part of its path, escaped
 * losslessly (its bytes may not be text); out is cleared first. */
void jx_xlsx_file_name(jx_buf *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    jx_buf_clear(out);
    jx_buf_puts(out, "");
    jx_text_escape(out, base, strlen(base), JX_TEXT_NAME, 0, NULL);
}
