/*
 * xlsx_ledger.c — one financial table's sheet (xlsx.h): the table as the
 * document prints it (公开05表, a budget's 表6 …), laid out by
 * templates/ledger.ini, so that a finding of the table links to its cell.
 *
 * On top the table's title, then a line with its number, year, 编制单位 and
 * unit where the document gives them; then every row of the grid, each cell
 * in its column: merged cells merged (none over a cell with text), the
 * header rows in the header's format and repeated on every printed page,
 * a number as a number in the decimals and thousands separators it was
 * printed with, anything else (and codes: a 科目代码 or 行次 column's cells)
 * as text, never a formula. Columns are as wide as what they hold, within
 * the template's widths for a text column and an amount column. Every cell
 * written is remembered: 问题清单 links to it.
 *
 * No finding changes a financial table's value (findings.def: NONE). A cell
 * some finding is about — or, for a blank cell, its row's label — is bold
 * in a double frame, which prints in grey-scale apart from the header's
 * solid grey and a card's corrected cells' dots, and its comment gives each
 * finding's severity (错误, 警告, 提示), its name and its sentence. A note
 * under the table says so, with the counts.
 */
#include "xlsx.h"

#define COLS_MAX 16384          /* columns of a worksheet (LXW_COL_MAX) */
#define DECIMALS_MAX 6          /* jx_number keeps at most 6 */
#define HEADER_WORD_MAX 8       /* a header cell's width a column keeps room for;
                                   a longer header wraps */
#define TEXT_WIDTH_MIN 4.0      /* characters */
#define PADDING 2.0             /* characters beside the widest number */
#define LABEL_WIDTH_DEFAULT 40.0 /* when the template places no label field */
#define AMOUNT_WIDTH_DEFAULT 14.0
#define TITLE_POINTS 28.0       /* the title's row, as a card's */
#define COLUMN_WIDTH_MAX 255.0  /* Excel's widest column, in characters */
#define ROW_POINTS_MAX 409.0    /* Excel's highest row */
/* Blank cells are written to draw a short row's borders out to the table's
 * width, while the grid stays within this many cells. */
#define PAD_CELLS_MAX 2000000

/* A finding about a cell of the table (the cell, or its row's label). */
typedef struct {
    const jx_cell *cell;
    const jx_finding *finding;
} flag;

typedef struct {
    writer *w;
    const jx_template *tpl;
    const jx_table *table;
    lxw_worksheet *ws;
    size_t sheet;
    formats f;
    /* numbers by [flagged][percent][thousands][decimals]; text flagged */
    lxw_format *numbers[2][2][2][DECIMALS_MAX + 1];
    lxw_format *flagged_text;
    size_t ncols;          /* columns of the grid the sheet holds */
    size_t nrows;          /* rows of the grid the sheet holds */
    size_t header_rows;
    lxw_row_t top;         /* the sheet row of the grid's first row */
    double *width;         /* each column's, in characters */
    bool *code;            /* a column of codes or numbering: its cells stay text */
    size_t *covered_to;    /* by column: the grid row a merge above covers up to (excl.) */
    char *tidy;            /* scratch: a cell's text without markup */
    size_t tidy_cap;
    flag *flags;           /* grouped by cell, most severe first */
    size_t nflags;
    jx_ptrmap flag_at;     /* cell → its first flag */
    size_t placed[3];      /* findings flagged on the sheet, by severity */
    size_t findings;       /* the table's findings */
} ledger_sheet;

/* ------------------------------------------------------------ cells */

static const jx_cell *cell_at(const jx_row *row, size_t col)
{
    return col < row->ncells ? &row->cells[col] : NULL;
}

static bool has_text(const jx_cell *c)
{
    return c != NULL && c->text[0] != '\0';
}

/*
 * A cell's text as printed, less the markup a web page or markdown put
 * round it (<b>合计</b>, **合计**, &nbsp;): then the text tidied as a title
 * is (jx_cell_tidy). Valid until the next call.
 */
static const char *shown_text(ledger_sheet *s, const jx_cell *cell)
{
    const char *t = cell->text;
    if (strchr(t, '<') == NULL && strchr(t, '&') == NULL && strstr(t, "**") == NULL
        && strstr(t, "__") == NULL && t[0] != '#')
        return t;
    size_t len = strlen(t);
    char *grown = jx_grow(s->tidy, &s->tidy_cap, len + 1, 1);
    if (grown == NULL)
        return t;
    s->tidy = grown;
    /* a dash placeholder tidies to nothing: it is printed as it stands */
    return jx_tidy_into(t, len, s->tidy) > 0 ? s->tidy : t;
}

/* A cell written as a number: a data cell, outside a code column, whose
 * normalised text is a plain decimal (a percent allowed; no comparator, no
 * unit, no code a spreadsheet mangled, no leading zero such as 01). */
static bool as_number(const ledger_sheet *s, size_t r, size_t c, const jx_cell *cell,
                      jx_number *num)
{
    if (r < s->header_rows || s->code[c] || cell == NULL || cell->norm[0] == '\0')
        return false;
    const char *n = cell->norm[0] == '-' ? cell->norm + 1 : cell->norm;
    if (n[0] == '0' && n[1] >= '0' && n[1] <= '9')
        return false;
    return jx_number_parse(cell->norm, num) == JX_NUM_VALUE && num->cmp == JX_CMP_NONE
        && num->unit[0] == '\0' && !num->corrupt_code;
}

/* A column whose header names codes or numbering (科目代码, 功能分类科目编码, 行次, 栏次). */
static void find_code_columns(ledger_sheet *s)
{
    const jx_forms *forms = s->w->report->doc->forms;
    if (forms == NULL)
        return;
    for (size_t r = 0; r < s->header_rows; r++) {
        const jx_row *row = &s->table->grid.rows[r];
        for (size_t c = 0; c < row->ncells && c < s->ncols; c++) {
            const char *norm = row->cells[c].norm;
            if (norm[0] && (jx_forms_match(forms, JX_FW_LC_CODE, norm)
                            || jx_forms_match(forms, JX_FW_LC_NUMBER, norm)))
                s->code[c] = true;
        }
    }
}

/* ------------------------------------------------------------ widths and heights */

static double field_width(const jx_template *t, const char *field, double fallback)
{
    const jx_form_field *f = jx_xlsx_field_of(jx_template_block(t, "ledger"), field);
    return f && f->first < t->ncolumns ? t->column_width_tenths[f->first] / 10.0 : fallback;
}

/* The width a text of `chars` needs to stand on one line: a tenth of a
 * cell's width and a character are taken for its padding (lines_for). */
static double text_room(double chars)
{
    return (double)(long)((chars + 1.0) / 0.9 + 0.95);
}

/*
 * Each column's width: a column of numbers (more numbers than texts among
 * its data cells) the template's amount width, wider where a number needs
 * more; a column of text as wide as its widest text and header word (at
 * most HEADER_WORD_MAX of a header), within the template's label width.
 */
static void set_widths(ledger_sheet *s)
{
    const jx_grid *g = &s->table->grid;
    double label_max = field_width(s->tpl, "label", LABEL_WIDTH_DEFAULT),
           amount = field_width(s->tpl, "amount", AMOUNT_WIDTH_DEFAULT);
    if (label_max < TEXT_WIDTH_MIN)
        label_max = TEXT_WIDTH_MIN;
    size_t *numbers = calloc(s->ncols ? s->ncols : 1, sizeof *numbers);
    size_t *texts = calloc(s->ncols ? s->ncols : 1, sizeof *texts);
    double *widest_number = calloc(s->ncols ? s->ncols : 1, sizeof *widest_number);
    double *widest_text = calloc(s->ncols ? s->ncols : 1, sizeof *widest_text);
    if (!numbers || !texts || !widest_number || !widest_text) {
        jx_xlsx_fail(s->w, "ledger", LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        for (size_t r = 0; r < s->nrows; r++) {
            const jx_row *row = &g->rows[r];
            for (size_t c = 0; c < row->ncells && c < s->ncols; c++) {
                const jx_cell *cell = &row->cells[c];
                if (!has_text(cell) || cell->colspan > 1)
                    continue;
                jx_number num;
                if (as_number(s, r, c, cell, &num)) {
                    double wd = (double)jx_xlsx_display_width(cell->norm);
                    numbers[c]++;
                    if (wd > widest_number[c])
                        widest_number[c] = wd;
                    continue;
                }
                double wd = (double)jx_xlsx_display_width(shown_text(s, cell));
                if (r < s->header_rows && wd > HEADER_WORD_MAX)
                    wd = HEADER_WORD_MAX;
                else if (r >= s->header_rows)
                    texts[c]++;
                if (wd > widest_text[c])
                    widest_text[c] = wd;
            }
        }
        for (size_t c = 0; c < s->ncols; c++) {
            double need = widest_number[c] + PADDING;
            if (numbers[c] > 0 && numbers[c] >= texts[c]) {
                s->width[c] = need > amount ? need : amount;
            } else {
                /* the widest text on one line, as lines_for counts a line's room */
                double wd = text_room(widest_text[c] > widest_number[c] ? widest_text[c]
                                                                         : widest_number[c]);
                s->width[c] = wd < TEXT_WIDTH_MIN ? TEXT_WIDTH_MIN : wd > label_max ? label_max : wd;
                if (s->width[c] < need) /* a number in it still shows whole */
                    s->width[c] = need;
            }
            if (s->width[c] > COLUMN_WIDTH_MAX)
                s->width[c] = COLUMN_WIDTH_MAX;
        }
        /* columns of one width side by side: one range */
        for (size_t c = 0, end; c < s->ncols; c = end) {
            for (end = c + 1; end < s->ncols && s->width[end] == s->width[c]; end++)
                ;
            worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)(end - 1), s->width[c], NULL);
        }
    }
    free(numbers);
    free(texts);
    free(widest_number);
    free(widest_text);
}

/* The lines a text needs across columns [first, last] at `scale` times the
 * body's size, as a card estimates them: a tenth of the room kept for the
 * cell's padding and for words a line cannot break inside. */
static size_t lines_for(const ledger_sheet *s, size_t first, size_t last, const char *text,
                        double scale)
{
    double span = 0;
    for (size_t c = first; c <= last && c < s->ncols; c++)
        span += s->width[c];
    double usable = span * 0.9 - 1.0;
    if (usable < 1.0 || text == NULL)
        return 1;
    double need = (double)jx_xlsx_display_width(text) * scale;
    size_t lines = (size_t)((need + usable - 0.001) / usable);
    return lines < 1 ? 1 : lines;
}

static void set_height(ledger_sheet *s, lxw_row_t row, double points)
{
    if (points > ROW_POINTS_MAX)
        points = ROW_POINTS_MAX;
    worksheet_set_row(s->ws, row, points, NULL);
}

/* ------------------------------------------------------------ formats */

/* A number's format as printed: 1,234.50 → #,##0.00; 85.6% → 0.0%. */
static lxw_format *number_format(ledger_sheet *s, const jx_number *num, bool flagged)
{
    int d = num->decimals > DECIMALS_MAX ? DECIMALS_MAX : num->decimals;
    lxw_format **slot = &s->numbers[flagged][num->percent][num->thousands][d];
    if (*slot == NULL) {
        char pattern[32];
        jx_xlsx_printed_pattern(pattern, sizeof pattern, d, num->percent, num->thousands);
        *slot = flagged ? jx_xlsx_flagged_format(s->w, s->tpl, pattern)
                        : jx_xlsx_number_format(s->w, s->tpl, pattern);
    }
    return *slot;
}

/* A flagged text cell: the text's look, bold in a double frame. */
static lxw_format *flagged_text(ledger_sheet *s)
{
    if (s->flagged_text == NULL)
        s->flagged_text = jx_xlsx_flagged_format(s->w, s->tpl, NULL);
    return s->flagged_text;
}

/* ------------------------------------------------------------ findings */

static int by_cell_then_severity(const void *x, const void *y)
{
    const flag *a = x, *b = y;
    uintptr_t p = (uintptr_t)a->cell, q = (uintptr_t)b->cell;
    if (p != q)
        return p < q ? -1 : 1;
    if (a->finding->severity != b->finding->severity)
        return a->finding->severity > b->finding->severity ? -1 : 1;
    return (a->finding->order > b->finding->order) - (a->finding->order < b->finding->order);
}

/* The table's findings, grouped by the cell each is about. */
static bool gather_flags(ledger_sheet *s)
{
    size_t n;
    const jx_finding *const *list = jx_xlsx_table_findings(s->w, s->table, &n);
    s->findings = n;
    s->flags = malloc((n ? n : 1) * sizeof *s->flags);
    if (s->flags == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const jx_cell *cell = jx_xlsx_finding_cell(s->w, list[i]);
        if (cell != NULL)
            s->flags[s->nflags++] = (flag){cell, list[i]};
    }
    qsort(s->flags, s->nflags, sizeof *s->flags, by_cell_then_severity);
    for (size_t i = 0; i < s->nflags; i++)
        if ((i == 0 || s->flags[i - 1].cell != s->flags[i].cell)
            && !jx_ptrmap_put(&s->flag_at, s->flags[i].cell, i))
            return false;
    return true;
}

/* A flagged cell's comment: each finding about it, its severity, name and sentence. */
static void comment_findings(ledger_sheet *s, size_t first, lxw_row_t row, lxw_col_t col)
{
    jx_buf text;
    jx_buf_init(&text);
    for (size_t i = first; i < s->nflags && s->flags[i].cell == s->flags[first].cell; i++) {
        const jx_finding *f = s->flags[i].finding;
        const jx_code_info *info = jx_code_info_named(f->code);
        jx_buf_printf(&text, "%s%s（%s）：%s", i > first ? "\n" : "", jx_xlsx_severity_word(f->severity),
                      info ? info->title : f->code, f->message);
        s->placed[jx_xlsx_severity_index(f->severity)]++;
    }
    if (text.failed)
        jx_xlsx_fail(s->w, "comment", LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        jx_xlsx_put_comment(s->w, s->ws, row, col, text.data);
    jx_buf_free(&text);
}

/* ------------------------------------------------------------ the sheet's parts */

static lxw_col_t last_col(const ledger_sheet *s)
{
    return s->ncols > 0 ? (lxw_col_t)(s->ncols - 1) : 0;
}

/* A line across the table: the title, the line under it, the note. */
static void put_line(ledger_sheet *s, lxw_row_t row, const char *text, lxw_format *fmt,
                     double scale, double min_points)
{
    jx_xlsx_put_string(s->w, s->ws, s->sheet, row, 0, row, last_col(s), text, fmt);
    size_t lines = lines_for(s, 0, last_col(s), text, scale);
    double points = (double)lines * jx_xlsx_line_points(s->tpl) * scale + (scale > 1 ? 4.0 : 0.0);
    if (points < min_points)
        points = min_points;
    if (lines > 1 || min_points > 0)
        set_height(s, row, points);
}

/* The line under the title: 公开05表　编制单位：…　2024年度　单位：万元. */
static bool write_subtitle(ledger_sheet *s, lxw_row_t row)
{
    const jx_table *t = s->table;
    char line[512] = "";
    size_t n = 0;
    const char *parts[4][2] = {{"", t->number}, {"编制单位：", t->org}, {"", t->year},
                               {"单位：", t->unit}};
    for (size_t i = 0; i < 4; i++) {
        if (parts[i][1] == NULL || parts[i][1][0] == '\0')
            continue;
        int k = snprintf(line + n, sizeof line - n, "%s%s%s", n ? "　　" : "", parts[i][0],
                         parts[i][1]);
        if (k < 0 || (size_t)k >= sizeof line - n)
            break;
        n += (size_t)k;
    }
    if (n == 0)
        return false;
    jx_utf8_trim_partial(line);
    put_line(s, row, line, s->f.subtitle, 1.0, 0);
    return true;
}

/*
 * A cell's merge, within the table and the sheet, over no cell with text and
 * no other merge: its last row and column (the cell's own when it spans
 * nothing).
 */
static void merge_extent(ledger_sheet *s, size_t r, size_t c, const jx_cell *cell, size_t *last_r,
                         size_t *last_c)
{
    const jx_grid *g = &s->table->grid;
    size_t cs = cell->colspan > 1 ? cell->colspan : 1, rs = cell->rowspan > 1 ? cell->rowspan : 1;
    size_t lc = c;
    while (lc + 1 < c + cs && lc + 1 < s->ncols && s->covered_to[lc + 1] <= r
           && !has_text(cell_at(&g->rows[r], lc + 1)))
        lc++;
    size_t lr = r;
    while (lr + 1 < r + rs && lr + 1 < s->nrows) {
        const jx_row *below = &g->rows[lr + 1];
        bool clear = true;
        for (size_t k = c; k <= lc && k < below->ncells && clear; k++)
            clear = !has_text(&below->cells[k]);
        if (!clear)
            break;
        lr++;
    }
    *last_r = lr;
    *last_c = lc;
}

static void write_cell(ledger_sheet *s, size_t r, size_t c, const jx_cell *cell, size_t *lines)
{
    lxw_row_t row = s->top + (lxw_row_t)r;
    size_t last_r = r, last_c = c;
    if (cell->rowspan > 1 || cell->colspan > 1)
        merge_extent(s, r, c, cell, &last_r, &last_c);
    for (size_t k = c; k <= last_c; k++)
        s->covered_to[k] = last_r + 1;
    size_t first_flag;
    bool flagged = jx_ptrmap_get(&s->flag_at, cell, &first_flag);
    jx_number num;
    bool numeric = as_number(s, r, c, cell, &num);
    bool merged = last_r > r || last_c > c;
    lxw_row_t lr = s->top + (lxw_row_t)last_r;
    if (numeric) {
        lxw_format *fmt = number_format(s, &num, flagged);
        double value = num.percent ? (double)num.micros / (100.0 * JX_MICRO)
                                   : jx_xlsx_to_double(num.micros);
        lxw_error e = merged ? worksheet_merge_range(s->ws, row, (lxw_col_t)c, lr,
                                                     (lxw_col_t)last_c, "", fmt)
                             : LXW_NO_ERROR;
        if (e == LXW_NO_ERROR)
            e = worksheet_write_number(s->ws, row, (lxw_col_t)c, value, fmt);
        if (e)
            jx_xlsx_fail(s->w, "write", e);
    } else {
        lxw_format *fmt = flagged ? flagged_text(s) : r < s->header_rows ? s->f.header : s->f.text;
        const char *text = shown_text(s, cell);
        if (last_r == r) {
            size_t n = lines_for(s, c, last_c, text, 1.0);
            if (n > *lines)
                *lines = n;
        }
        jx_xlsx_put_string(s->w, s->ws, s->sheet, row, (lxw_col_t)c, lr, (lxw_col_t)last_c,
                           text, fmt);
    }
    jx_xlsx_remember_value(s->w, cell, s->sheet, row, (lxw_col_t)c, numeric, numeric ? num.micros : 0);
    if (flagged)
        comment_findings(s, first_flag, row, (lxw_col_t)c);
}

static void write_rows(ledger_sheet *s)
{
    const jx_grid *g = &s->table->grid;
    bool pad = (uint64_t)s->nrows * s->ncols <= PAD_CELLS_MAX;
    for (size_t r = 0; r < s->nrows && s->w->status == JX_OK; r++) {
        const jx_row *row = &g->rows[r];
        lxw_row_t at = s->top + (lxw_row_t)r;
        lxw_format *blank = r < s->header_rows ? s->f.header : s->f.text;
        size_t lines = 1;
        size_t end = pad ? s->ncols : row->ncells < s->ncols ? row->ncells : s->ncols;
        for (size_t c = 0; c < end; c++) {
            if (s->covered_to[c] > r) /* under a merge: written with it */
                continue;
            const jx_cell *cell = cell_at(row, c);
            if (cell != NULL)
                write_cell(s, r, c, cell, &lines);
            else
                worksheet_write_blank(s->ws, at, (lxw_col_t)c, blank);
        }
        if (lines > 1)
            set_height(s, at, (double)lines * jx_xlsx_line_points(s->tpl));
    }
}

/* Under the table: what it holds and what the audit found in it. */
static void write_note(ledger_sheet *s, lxw_row_t row, size_t rows_cut)
{
    jx_buf note;
    jx_buf_init(&note);
    size_t on_sheet = s->placed[0] + s->placed[1] + s->placed[2];
    jx_buf_puts(&note, "注：本表按原表填列，数值未作修改");
    if (on_sheet > 0)
        jx_buf_printf(&note, "；加粗并加双线框的单元格是审核发现问题之处（错误%zu个、警告%zu个、提示%zu个），"
                      "问题见其批注和问题清单", s->placed[0], s->placed[1], s->placed[2]);
    if (s->findings > on_sheet)
        jx_buf_printf(&note, "；另有%zu个问题涉及本表而不在表内单元格（如文字说明所引数字），见问题清单",
                      s->findings - on_sheet);
    if (s->findings == 0)
        jx_buf_puts(&note, "；审核未发现本表的问题");
    if (rows_cut > 0)
        jx_buf_printf(&note, "；本表共%zu行，超出电子表格的行数上限，其后%zu行从略",
                      s->table->grid.nrows, rows_cut);
    jx_buf_puts(&note, "。");
    if (note.failed)
        jx_xlsx_fail(s->w, "note", LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        put_line(s, row, note.data, s->f.note, 1.0, 0);
    jx_buf_free(&note);
}

/* ------------------------------------------------------------ the sheet */

/* The sheet's page: the template's, without its columns (the table's are set here). */
static void setup_page(ledger_sheet *s, const char *source)
{
    jx_template *frame = malloc(sizeof *frame);
    if (frame == NULL) {
        jx_xlsx_fail(s->w, "ledger", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    *frame = *s->tpl;
    frame->ncolumns = 0;
    jx_xlsx_setup_page(s->ws, frame);
    jx_xlsx_set_footer(s->w, s->ws, frame, source, 0);
    free(frame);
}

static void ledger_free(ledger_sheet *s)
{
    free(s->width);
    free(s->code);
    free(s->covered_to);
    free(s->tidy);
    free(s->flags);
    jx_ptrmap_free(&s->flag_at);
}

void jx_xlsx_write_ledger_sheet(writer *w, const jx_table *table, const char *source)
{
    const jx_template *tpl = jx_xlsx_template_for(w, "ledger");
    if (tpl == NULL)
        return;
    const char *title = table->title && table->title[0] ? table->title : tpl->title;
    const char *named = table->title && table->title[0] ? table->title : table->number;
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s%zu%s", tpl->sheet_name, table->index,
             named && named[0] ? " " : "");
    const char *name = jx_xlsx_sheet_name(w, prefix, named ? named : "");
    lxw_worksheet *ws = name ? workbook_add_worksheet(w->book, name) : NULL;
    if (ws == NULL) {
        jx_xlsx_fail(w, "worksheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    ledger_sheet s = {.w = w, .tpl = tpl, .table = table, .ws = ws, .sheet = w->nsheets - 1};
    s.f = jx_xlsx_make_formats(w, tpl);
    setup_page(&s, source);
    const jx_grid *g = &table->grid;
    s.ncols = g->ncols > 0 ? (g->ncols < COLS_MAX ? g->ncols : COLS_MAX) : 1;
    s.header_rows = table->header_rows < g->nrows ? table->header_rows : g->nrows;
    s.width = calloc(s.ncols, sizeof *s.width);
    s.code = calloc(s.ncols, sizeof *s.code);
    s.covered_to = calloc(s.ncols, sizeof *s.covered_to);
    if (s.width == NULL || s.code == NULL || s.covered_to == NULL || !gather_flags(&s)) {
        jx_xlsx_fail(w, "ledger", LXW_ERROR_MEMORY_MALLOC_FAILED);
        ledger_free(&s);
        return;
    }
    /* The title, the line under it, the grid, a blank line and the note: the
     * grid's rows past a worksheet's are left out, and the note says so. */
    s.top = 1;
    s.nrows = g->nrows;
    size_t room = ROWS_MAX - 4;
    if (s.nrows > room)
        s.nrows = room;
    if (s.header_rows > s.nrows)
        s.header_rows = s.nrows;
    find_code_columns(&s);
    set_widths(&s);
    put_line(&s, 0, title, s.f.title, (double)tpl->title_size / tpl->font_size, TITLE_POINTS);
    if (write_subtitle(&s, 1))
        s.top = 2;
    write_rows(&s);
    lxw_row_t end = s.top + (lxw_row_t)s.nrows;
    if (s.header_rows > 0) {
        worksheet_repeat_rows(ws, s.top, s.top + (lxw_row_t)s.header_rows - 1);
        worksheet_freeze_panes(ws, s.top + (lxw_row_t)s.header_rows, 0);
    }
    if (w->status == JX_OK)
        write_note(&s, end + 1, g->nrows - s.nrows);
    ledger_free(&s);
}
