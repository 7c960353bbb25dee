/*
 * xlsx_cells.c — how anything reaches a cell of the workbook (xlsx.h): the
 * formats a template asks for, text made valid XML and cut to what a cell
 * holds (saying so in the cell), strings and comments, the rows' heights
 * estimated for wrapped text, and the first failure noted. One place for
 * these, so that no sheet writes a string or makes a format its own way.
 */
#include "xlsx.h"

#define CELL_TEXT_MAX 32767 /* Excel's limit for a cell's text, in characters */

/* ------------------------------------------------------------ row heights */

/* A one-line row: a line of a CJK face and the cell's padding. Not 15, the
 * default libxlsxwriter leaves unwritten: a row with no height of its own
 * is fitted to its font by the program that opens it, each differently. */
#define DEFAULT_ROW_POINTS 15.5

/* A CJK face sets its lines about 1.45 em apart. */
double jx_xlsx_line_points(const jx_template *t)
{
    return t->font_size * 1.5;
}

size_t jx_xlsx_display_width(const char *text)
{
    size_t width = 0;
    for (size_t i = 0, n = strlen(text); i < n;) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) { /* ASCII: one unit */
            width++;
            i++;
            continue;
        }
        if (c >= 0xE2 && c <= 0xEF && c != 0xED && i + 2 < n
            && ((unsigned char)text[i + 1] & 0xC0) == 0x80
            && ((unsigned char)text[i + 2] & 0xC0) == 0x80) {
            width += 2; /* U+2000..U+FFFF, not a surrogate: hanzi, CJK punctuation */
            i += 3;
            continue;
        }
        uint32_t cp;
        i += jx_utf8_next(text + i, n - i, &cp);
        /* CJK fonts set 。，“”·— and the like full width, as they do hanzi. */
        width += cp < 0x2000 && cp != 0xB7 ? 1 : 2;
    }
    return width;
}

/* The lines a text takes wrapped over columns [first, last]; 0 for no estimate. */
size_t jx_xlsx_text_lines(const jx_template *t, lxw_col_t first, lxw_col_t last, const char *text)
{
    if (text == NULL)
        return 0;
    size_t span = 0; /* tenths of a character */
    for (lxw_col_t c = first; c <= last && c < t->ncolumns; c++)
        span += (size_t)t->column_width_tenths[c];
    if (span <= 10) /* a column one character wide or less holds no estimate */
        return 0;
    /* A tenth of the span is kept for the cell's padding and for the words
     * a line cannot break inside. */
    size_t usable = span - span / 10 - 10;
    size_t lines = (jx_xlsx_display_width(text) * 10 + usable - 1) / usable;
    return lines > 12 ? 12 : lines;
}

void jx_xlsx_note_height(row_heights *h, const jx_template *t, lxw_row_t row, lxw_col_t first,
                         lxw_col_t last, const char *text)
{
    jx_xlsx_note_lines(h, row, jx_xlsx_text_lines(t, first, last, text));
}

void jx_xlsx_note_lines(row_heights *h, lxw_row_t row, size_t lines)
{
    if (row >= HEIGHT_ROWS)
        return;
    if (lines > 12)
        lines = 12;
    if (lines > h->lines[row])
        h->lines[row] = (uint8_t)lines;
    if (row + 1 > h->rows)
        h->rows = row + 1;
}

/* The height a row of `lines` lines prints at, in the sheet's points. */
double jx_xlsx_lines_points(const jx_template *t, size_t lines)
{
    double pts = jx_xlsx_line_points(t) * (double)lines;
    return pts > DEFAULT_ROW_POINTS ? pts : DEFAULT_ROW_POINTS;
}


/*
 * Every row gets its height set, the one-line rows too: a spreadsheet fits a
 * row with no height of its own to its font (LibreOffice a CJK face's lines,
 * taller than the 15 points Excel keeps), and the pages jixiao cuts a card
 * into are only right if every program prints the rows it measured.
 */
void jx_xlsx_apply_heights(lxw_worksheet *ws, const row_heights *h, const jx_template *t,
                           lxw_row_t rows)
{
    for (lxw_row_t r = 0; r < rows && r < HEIGHT_ROWS; r++) { /* past them, one line each */
        if (h->points[r] && h->lines[r] <= 1)
            continue; /* set outright already */
        worksheet_set_row(ws, r, jx_xlsx_rows_points(h, t, r, r + 1), NULL);
    }
}

void jx_xlsx_set_height(lxw_worksheet *ws, row_heights *h, lxw_row_t row, double points)
{
    worksheet_set_row(ws, row, points, NULL);
    if (row < HEIGHT_ROWS) {
        h->points[row] = (uint8_t)(points < 255 ? points : 255);
        if (row + 1 > h->rows)
            h->rows = row + 1;
    }
}


/* The height rows [from, to) print at, as set or estimated, in the sheet's points. */
double jx_xlsx_rows_points(const row_heights *h, const jx_template *t, lxw_row_t from, lxw_row_t to)
{
    double sum = 0;
    for (lxw_row_t r = from; r < to; r++) {
        double pts = DEFAULT_ROW_POINTS;
        if (r < HEIGHT_ROWS) {
            if (h->lines[r] > 1 && jx_xlsx_line_points(t) * h->lines[r] > pts)
                pts = jx_xlsx_line_points(t) * h->lines[r];
            if (h->points[r] > pts || (h->points[r] && h->lines[r] <= 1))
                pts = h->points[r];
        }
        sum += pts;
    }
    return sum;
}

/* ------------------------------------------------------------ formats */

/* The dots over a corrected cell's fill: mid grey, light on screen, plain on paper. */
#define CORRECTED_DOTS 0x808080

/* Excel's font family for serif faces such as 宋体 (ECMA-376 §18.8.18). */
#define FONT_FAMILY_ROMAN 1

/*
 * Every format is made once per workbook: a format asked for again, by
 * another sheet or another card, is the one made first. libxlsxwriter
 * resolves a format to its style when a cell using it is written out, by
 * hashing it unless it is the format that style was first made from: a
 * second object of the same look would be hashed again for each of its cells.
 */
static bool same_key(const format_key *a, const format_key *b)
{
    return a->size == b->size && a->bold == b->bold && a->underline == b->underline
        && a->wrap == b->wrap && a->shrink == b->shrink && a->halign == b->halign
        && a->border == b->border && a->pattern == b->pattern && a->font_color == b->font_color
        && a->fg == b->fg && a->bg == b->bg && strcmp(a->font, b->font) == 0
        && strcmp(a->num, b->num) == 0;
}

static uint32_t key_hash(const format_key *k)
{
    uint32_t h = 2166136261u;
    for (const char *p = k->num; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    uint32_t bits = (uint32_t)k->size << 20 ^ ((uint32_t)k->bold << 8 | (uint32_t)k->underline << 9
        | (uint32_t)k->wrap << 10 | (uint32_t)k->shrink << 11 | (uint32_t)k->halign << 12
        | (uint32_t)k->border << 16 | (uint32_t)k->pattern << 24);
    return (h ^ bits) * 16777619u ^ k->bg ^ k->fg << 1;
}

/* The format of a look, made the first time it is asked for; NULL when no
 * memory is left (the workbook fails). */
static lxw_format *format_for(writer *w, const format_key *k)
{
    uint32_t h = key_hash(k);
    for (size_t i = 0; i < w->nformats; i++)
        if (w->formats[i].hash == h && same_key(&w->formats[i].key, k))
            return w->formats[i].format;
    if (w->nformats == w->formats_cap) {
        size_t cap = w->formats_cap ? w->formats_cap * 2 : 64;
        format_entry *grown = realloc(w->formats, cap * sizeof *grown);
        if (grown == NULL) {
            jx_xlsx_fail(w, "format", LXW_ERROR_MEMORY_MALLOC_FAILED);
            return NULL;
        }
        w->formats = grown;
        w->formats_cap = cap;
    }
    lxw_format *f = workbook_add_format(w->book);
    if (f == NULL) {
        jx_xlsx_fail(w, "format", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    format_set_font_name(f, k->font);
    /* 宋体 is a serif face: declared so, a viewer without it stands in a
     * serif. Its script (GB2312) libxlsxwriter cannot declare (1.1.4 keeps
     * format_set_font_charset but writes no <charset>): xlsx_fonts.c writes
     * it into the closed workbook. */
    format_set_font_family(f, FONT_FAMILY_ROMAN);
    format_set_font_size(f, k->size);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (k->wrap)
        format_set_text_wrap(f);
    if (k->border)
        format_set_border(f, k->border);
    if (k->num[0])
        format_set_num_format(f, k->num);
    if (k->halign)
        format_set_align(f, k->halign);
    if (k->shrink)
        format_set_shrink(f);
    if (k->bold)
        format_set_bold(f);
    if (k->underline)
        format_set_underline(f, LXW_UNDERLINE_SINGLE);
    if (k->font_color)
        format_set_font_color(f, k->font_color);
    if (k->pattern) {
        format_set_pattern(f, k->pattern);
        if (k->pattern != LXW_PATTERN_SOLID)
            format_set_fg_color(f, k->fg);
        format_set_bg_color(f, k->bg);
    }
    w->formats[w->nformats++] = (format_entry){*k, h, f};
    return f;
}

/* The template's face, vertically centred; framed in thin lines or not. */
static format_key base_key(const jx_template *t, bool border, bool wrap)
{
    format_key k;
    memset(&k, 0, sizeof k);
    snprintf(k.font, sizeof k.font, "%s", t->font_name);
    k.size = t->font_size;
    k.wrap = wrap;
    k.border = border ? LXW_BORDER_THIN : LXW_BORDER_NONE;
    return k;
}

/*
 * A corrected cell's look: the template's fill under sparse dots and bold
 * figures. On paper in grey-scale a flat fill is as grey as the header's
 * (#FFC7CE and #D9D9D9 print alike); the dots and the weight do not.
 */
static void set_corrected_look(format_key *k, const jx_template *t)
{
    k->pattern = LXW_PATTERN_GRAY_125;
    k->fg = CORRECTED_DOTS;
    k->bg = t->corrected_fill;
    k->bold = true;
}

static format_key number_key(const jx_template *t, const char *num)
{
    format_key k = base_key(t, true, true);
    snprintf(k.num, sizeof k.num, "%s", num);
    k.halign = LXW_ALIGN_RIGHT;
    return k;
}

/* A number format at the decimals (at most 6) a number was printed with:
 * 0.00, 0.0%, #,##0.00 where it had thousands separators. */
void jx_xlsx_printed_pattern(char *out, size_t size, int decimals, bool percent, bool thousands)
{
    int n = snprintf(out, size, "%s", thousands ? "#,##0" : "0");
    if (decimals > 0 && n > 0 && (size_t)n < size)
        n += snprintf(out + n, size - (size_t)n, ".%.*s", decimals > 6 ? 6 : decimals, "000000");
    if (percent && n > 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n, "%%");
}

format_key jx_xlsx_face_key(const jx_template *t, bool border, bool wrap)
{
    return base_key(t, border, wrap);
}

format_key jx_xlsx_number_key(const jx_template *t, const char *num)
{
    return number_key(t, num);
}

lxw_format *jx_xlsx_format(writer *w, const format_key *k)
{
    return format_for(w, k);
}

lxw_format *jx_xlsx_number_format(writer *w, const jx_template *t, const char *num)
{
    format_key k = number_key(t, num);
    return format_for(w, &k);
}

lxw_format *jx_xlsx_flagged_format(writer *w, const jx_template *t, const char *num)
{
    format_key k = number_key(t, num ? num : "General");
    if (num == NULL)
        k.halign = LXW_ALIGN_LEFT;
    k.bold = true;
    k.border = LXW_BORDER_DOUBLE;
    return format_for(w, &k);
}

lxw_format *jx_xlsx_marked_format(writer *w, const jx_template *t, const char *num,
                                  const char *mark)
{
    format_key k;
    if (num == NULL) { /* text: the mark is written into it */
        k = base_key(t, true, true);
        k.halign = LXW_ALIGN_CENTER;
    } else {
        /* The mark is a literal of the number format: the cell stays a
         * number (sums and formulas read it) and prints "98.56 ①". A narrow
         * column shrinks it to fit rather than print ### in its place. */
        k = base_key(t, true, false);
        snprintf(k.num, sizeof k.num, "%s\" %s\"", num, mark);
        k.halign = LXW_ALIGN_RIGHT;
        k.shrink = true;
    }
    set_corrected_look(&k, t);
    return format_for(w, &k);
}

formats jx_xlsx_make_formats(writer *w, const jx_template *t)
{
    jx_xlsx_note_font(w, t);
    formats f;
    format_key k = base_key(t, false, true);
    k.size = t->title_size;
    k.bold = true;
    k.halign = LXW_ALIGN_CENTER;
    f.title = format_for(w, &k);
    k = base_key(t, false, true);
    k.halign = LXW_ALIGN_CENTER;
    f.subtitle = format_for(w, &k);
    k = base_key(t, true, true);
    k.bold = true;
    k.halign = LXW_ALIGN_CENTER;
    k.pattern = LXW_PATTERN_SOLID;
    k.bg = t->header_fill;
    f.header = format_for(w, &k);
    k = base_key(t, true, true);
    f.text = format_for(w, &k);
    k.halign = LXW_ALIGN_CENTER;
    f.label = format_for(w, &k);
    f.amount = jx_xlsx_number_format(w, t, t->amount_format);
    f.rate = jx_xlsx_number_format(w, t, t->rate_format);
    f.score = jx_xlsx_number_format(w, t, t->score_format);
    f.count = jx_xlsx_number_format(w, t, "0");
    k = base_key(t, false, true); /* a line under a form: no border */
    k.halign = LXW_ALIGN_LEFT;
    f.note = format_for(w, &k);
    k = base_key(t, true, true);
    k.underline = true;
    k.font_color = LXW_COLOR_BLUE;
    f.link = format_for(w, &k);
    return f;
}

/* ------------------------------------------------------------ small helpers */

/* Micros to a spreadsheet number: the boundary where exact decimals end. */
double jx_xlsx_to_double(int64_t micros)
{
    return (double)micros / (double)JX_MICRO;
}

void jx_xlsx_fail(writer *w, const char *what, lxw_error e)
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
const char *jx_xlsx_xml_text(writer *w, int slot, const char *text, size_t max, bool *cut)
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
const char *jx_xlsx_cell_text(writer *w, size_t sheet_index, lxw_row_t row, lxw_col_t col,
                              const char *text)
{
    bool cut = false;
    const char *safe = jx_xlsx_xml_text(w, 0, text, CELL_TEXT_MAX, &cut);
    if (!cut)
        return safe;
    /* The note is about 40 characters: keep room for it. */
    jx_xlsx_xml_text(w, 0, text, CELL_TEXT_MAX - 64, NULL);
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
void jx_xlsx_put_string(writer *w, lxw_worksheet *ws, size_t sheet_index, lxw_row_t row,
                        lxw_col_t col, lxw_row_t last_row, lxw_col_t last_col, const char *text,
                        lxw_format *fmt)
{
    const char *safe = jx_xlsx_cell_text(w, sheet_index, row, col, text);
    lxw_error e;
    if (last_row == row && last_col == col) {
        e = worksheet_write_string(ws, row, col, safe, fmt);
    } else if (fmt && !fmt->left && !fmt->right && !fmt->top && !fmt->bottom && !fmt->pattern) {
        /* A range no frame or fill shows (a title, a line under a form): its
         * other cells would be blanks of nothing to see, left unwritten. */
        e = worksheet_merge_range(ws, row, col, last_row, last_col, "", NULL);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(ws, row, col, safe, fmt);
    } else {
        /* A framed range: each cell carries the frame, as Excel draws a
         * merged range's borders from the cells along its edges. */
        e = worksheet_merge_range(ws, row, col, last_row, last_col, safe, fmt);
    }
    if (e)
        jx_xlsx_fail(w, "write", e);
}

void jx_xlsx_put_comment(writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                         const char *text)
{
    lxw_error e = worksheet_write_comment(ws, row, col,
                                          jx_xlsx_xml_text(w, 0, text, CELL_TEXT_MAX, NULL));
    if (e)
        jx_xlsx_fail(w, "comment", e);
}

/* A severity as the workbook says it, and its place in a count by severity. */
const char *jx_xlsx_severity_word(jx_severity severity)
{
    return severity == JX_SEV_ERROR ? "错误" : severity == JX_SEV_WARNING ? "警告" : "提示";
}

size_t jx_xlsx_severity_index(jx_severity severity)
{
    return severity == JX_SEV_ERROR ? 0 : severity == JX_SEV_WARNING ? 1 : 2;
}
