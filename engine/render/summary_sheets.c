/*
 * summary_sheets.c — the summary's lists (summary_xlsx.h): the columns of
 * summary_fields.def, the run's tallies, and the sheets 文件 (a row per
 * document), 评分表 (a row per scorecard) and 问题代码 (a row per finding
 * code, the most frequent first).
 */
#include "summary_xlsx.h"

#include <stddef.h>

/* ------------------------------------------------------------ the columns */

/* Each line of summary_fields.def names a member of the type it says. */
#define IS_TEXT(x) _Generic((x), const char * : 1, default : 0)
#define IS_COUNT(x) _Generic((x), size_t : 1, default : 0)
#define IS_FLAG(x) _Generic((x), bool : 1, default : 0)
#define IS_VALUE(x) _Generic((x), jx_summary_value : 1, default : 0)
#define JX_SUMMARY_DOC_FIELD(member, type, header, width)                                          \
    _Static_assert(IS_##type(((jx_summary_doc *)0)->member) && (width) > 0,                        \
                   "summary_fields.def: jx_summary_doc." #member " is not " #type);
#define JX_SUMMARY_CARD_FIELD(member, type, header, width)                                         \
    _Static_assert(IS_##type(((jx_summary_card *)0)->member) && (width) > 0,                       \
                   "summary_fields.def: jx_summary_card." #member " is not " #type);
#include "summary_fields.def"

static const summary_column doc_columns[] = {
#define JX_SUMMARY_DOC_FIELD(member, type, header, width)                                          \
    {#member, SUMMARY_##type, header, width, offsetof(jx_summary_doc, member)},
#include "summary_fields.def"
};

static const summary_column card_columns[] = {
#define JX_SUMMARY_CARD_FIELD(member, type, header, width)                                         \
    {#member, SUMMARY_##type, header, width, offsetof(jx_summary_card, member)},
#include "summary_fields.def"
};

#define NDOC (sizeof doc_columns / sizeof doc_columns[0])
#define NCARD (sizeof card_columns / sizeof card_columns[0])
/* The sheet of scorecards leads with the document's path and unit. */
_Static_assert(NDOC <= JX_TEMPLATE_MAX_COLUMNS && NCARD + 2 <= JX_TEMPLATE_MAX_COLUMNS,
               "summary_fields.def: more columns than a sheet's form holds");

/* The document column for `member` (path, unit, …); NULL for none. */
static const summary_column *doc_column(const char *member)
{
    for (size_t i = 0; i < NDOC; i++)
        if (strcmp(doc_columns[i].member, member) == 0)
            return &doc_columns[i];
    return NULL;
}

/* What a column's cells are besides their type, by the member they show. */
typedef enum {
    ROLE_PLAIN,
    ROLE_KIND,       /* kinds of scorecards: shown in Chinese */
    ROLE_WORKBOOK,   /* the document's own workbook: a link */
    ROLE_FAILURE,    /* why it could not be checked: filled */
    ROLE_DIFFERENCE, /* declared − recomputed: highlighted when not 0 */
    ROLE_SCREEN      /* for the screen only (a hash): not printed */
} column_role;

static column_role role_of(const summary_column *c)
{
    static const struct {
        const char *member;
        column_role role;
    } roles[] = {{"kind", ROLE_KIND},
                 {"workbook", ROLE_WORKBOOK},
                 {"failure", ROLE_FAILURE},
                 {"difference", ROLE_DIFFERENCE},
                 {"sha256", ROLE_SCREEN}};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].member, c->member) == 0)
            return roles[i].role;
    return ROLE_PLAIN;
}

static const char *text_of(const void *row, const summary_column *c)
{
    const char *text = *(const char *const *)((const char *)row + c->offset);
    return text ? text : "";
}

static size_t count_of(const void *row, const summary_column *c)
{
    return *(const size_t *)((const char *)row + c->offset);
}

static bool flag_of(const void *row, const summary_column *c)
{
    return *(const bool *)((const char *)row + c->offset);
}

static jx_summary_value value_of(const void *row, const summary_column *c)
{
    return *(const jx_summary_value *)((const char *)row + c->offset);
}

/* The kinds of scorecards as a reviewer names them; a kind this list lacks as it is. */
static void kind_words(jx_buf *out, const char *kinds)
{
    static const struct {
        const char *name, *words;
    } words[] = {{"project", "项目"},    {"department", "部门整体"}, {"special_fund", "专项资金"},
                 {"target", "绩效目标"}, {"ledger", "财务报表"},     {"other", "其他"}};
    jx_buf_clear(out);
    jx_buf_puts(out, "");
    for (const char *p = kinds; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *shown = NULL;
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !shown; i++)
            if (strlen(words[i].name) == n && memcmp(words[i].name, p, n) == 0)
                shown = words[i].words;
        if (out->len)
            jx_buf_puts(out, "、");
        if (shown)
            jx_buf_puts(out, shown);
        else
            jx_buf_append(out, p, n);
        p += n + (end != NULL);
    }
}

/* ------------------------------------------------------------ tallies */

const char *jx_summary_diff_bin_label(size_t bin)
{
    static const char *const labels[DIFF_BINS] = {"≤-10", "-10～-5", "-5～-1", "-1～0", "0（一致）",
                                                  "0～1", "1～5",    "5～10",  "≥10"};
    return bin < DIFF_BINS ? labels[bin] : "";
}

const char *jx_summary_error_bin_label(size_t bin)
{
    static const char *const labels[ERROR_BINS] = {"0", "1", "2", "3～5", "6～10", "11及以上"};
    return bin < ERROR_BINS ? labels[bin] : "";
}

/* The bin of a difference: by its size, each bin holding its lower end
 * (1～5 is 1 ≤ d < 5, -5～-1 is -5 < d ≤ -1), counted exactly in micros. */
/* |d|, whatever a row taken from elsewhere holds. */
static int64_t magnitude(int64_t d)
{
    return d >= 0 ? d : d == INT64_MIN ? INT64_MAX : -d;
}

static size_t diff_bin(int64_t d)
{
    int64_t m = magnitude(d);
    size_t step = m == 0 ? 0 : m < JX_MICRO ? 1 : m < 5 * JX_MICRO ? 2 : m < 10 * JX_MICRO ? 3 : 4;
    return d < 0 ? 4 - step : 4 + step;
}

static size_t error_bin(size_t errors)
{
    return errors <= 2 ? errors : errors <= 5 ? 3 : errors <= 10 ? 4 : 5;
}

/* The tally of a code: findings.def's in its order, another after them. */
static code_tally *code_entry(summary_tally *t, const char *code)
{
    const jx_code_info *info = jx_code_info_named(code);
    if (info != NULL)
        return &t->codes[info - jx_code_info_of((jx_code)0)];
    for (size_t i = JX_CODE_COUNT; i < t->ncodes; i++)
        if (strcmp(t->codes[i].code, code) == 0)
            return &t->codes[i];
    code_tally *codes = jx_grow(t->codes, &t->codes_cap, t->ncodes + 1, sizeof *codes);
    if (codes == NULL)
        return NULL;
    t->codes = codes;
    code_tally *e = &t->codes[t->ncodes];
    memset(e, 0, sizeof *e);
    e->code = code;
    e->title = "";
    e->order = t->ncodes++;
    return e;
}

static void note_difference(summary_tally *t, size_t doc, size_t card, int64_t d)
{
    int64_t m = magnitude(d);
    size_t at = t->ntop;
    while (at > 0 && t->top[at - 1].magnitude < m)
        at--;
    if (at >= TOP_DIFFERENCES)
        return;
    size_t last = t->ntop < TOP_DIFFERENCES ? t->ntop : TOP_DIFFERENCES - 1;
    memmove(&t->top[at + 1], &t->top[at], (last - at) * sizeof t->top[0]);
    t->top[at] = (card_ref){doc, card, m};
    if (t->ntop < TOP_DIFFERENCES)
        t->ntop++;
}

static int by_frequency(const void *a, const void *b)
{
    const code_tally *x = a, *y = b;
    if (x->findings != y->findings)
        return x->findings > y->findings ? -1 : 1;
    if (x->docs != y->docs)
        return x->docs > y->docs ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

bool jx_summary_tally_make(summary_book *b)
{
    summary_tally *t = &b->tally;
    memset(t, 0, sizeof *t);
    t->codes = calloc(JX_CODE_COUNT, sizeof *t->codes);
    if (t->codes == NULL)
        return false;
    t->codes_cap = t->ncodes = JX_CODE_COUNT;
    for (size_t c = 0; c < JX_CODE_COUNT; c++) {
        const jx_code_info *info = jx_code_info_of((jx_code)c);
        t->codes[c] = (code_tally){.code = info->name, .title = info->title, .order = c};
    }
    t->docs = jx_summary_count(b->summary);
    for (size_t i = 0; i < t->docs; i++) {
        const jx_summary_doc *d = jx_summary_row(b->summary, i);
        if (d->failure[0]) {
            t->failed++;
            continue;
        }
        *(d->reused ? &t->reused : &t->checked) += 1;
        *(d->reused ? &t->cards_reused : &t->cards_checked) += d->ncards;
        t->cards += d->ncards;
        size_t by[3] = {d->errors, d->warnings, d->infos};
        for (size_t s = 0; s < 3; s++) {
            t->findings[s] += by[s];
            t->docs_with[s] += by[s] > 0;
        }
        t->error_bins[error_bin(d->errors)]++;
        bool differ = false;
        for (size_t c = 0; c < d->ncards; c++) {
            jx_summary_value v = d->cards[c].difference;
            if (!v.has) {
                t->cards_uncompared++;
                continue;
            }
            t->diff_bins[diff_bin(v.micros)]++;
            if (v.micros == 0) {
                t->cards_agree++;
            } else {
                t->cards_differ++;
                differ = true;
                note_difference(t, i, c, v.micros);
            }
        }
        t->docs_differ += differ;
        for (size_t k = 0; k < d->ncodes; k++) {
            const jx_summary_code *sc = &d->codes[k];
            code_tally *e = code_entry(t, sc->code);
            if (e == NULL)
                return false;
            e->findings += sc->count;
            e->by_severity[jx_xlsx_severity_index(sc->severity)] += sc->count;
            if (e->last_doc != i + 1) {
                e->docs++;
                e->last_doc = i + 1;
            }
        }
    }
    /* The codes found, the most frequent first. */
    size_t kept = 0;
    for (size_t i = 0; i < t->ncodes; i++)
        if (t->codes[i].findings > 0)
            t->codes[kept++] = t->codes[i];
    t->ncodes = kept;
    if (kept > 1)
        qsort(t->codes, kept, sizeof *t->codes, by_frequency);
    return true;
}

void jx_summary_tally_free(summary_tally *t)
{
    free(t->codes);
    memset(t, 0, sizeof *t);
}

/* A list's header row: the columns' headers, grey, as tall as the longest. */
static void header_row(summary_book *b, lxw_worksheet *ws, const summary_column *const *cols,
                       size_t n)
{
    size_t lines = 1;
    for (size_t i = 0; i < n; i++) {
        size_t k = jx_summary_text_lines(b, (lxw_col_t)i, cols[i]->header);
        lines = k > lines ? k : lines;
    }
    jx_summary_row_lines(b, ws, 0, lines);
    for (size_t i = 0; i < n; i++)
        jx_summary_text(b, ws, 0, (lxw_col_t)i, cols[i]->header, b->f.header);
}

/* ------------------------------------------------------------ one row */

/* What a text column shows for a row: a kind in Chinese, the text else. */
static const char *shown_text(const summary_column *c, const void *row, jx_buf *scratch)
{
    if (role_of(c) != ROLE_KIND)
        return text_of(row, c);
    kind_words(scratch, text_of(row, c));
    return scratch->failed ? text_of(row, c) : scratch->data;
}

/*
 * The cells of `n` columns from `first` on: each from its own row (a
 * document's, or a card's). `failed`: the document was not checked, its
 * counts are left blank rather than read as 0. `link`: the document's
 * workbook, linked from its 复核工作簿 cell and from `link_col` when that is
 * a column of these.
 */
typedef struct {
    const summary_column *col;
    const void *row;
} cell_source;

/* Whether the cell of column i holds the link. */
static bool linked(const summary_column *c, size_t i, const char *link, size_t link_col)
{
    return link != NULL && (role_of(c) == ROLE_WORKBOOK || i == link_col);
}

static void write_row(summary_book *b, lxw_worksheet *ws, lxw_row_t r, const cell_source *cells,
                      size_t n, bool failed, const char *link, size_t link_col, jx_buf *scratch)
{
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        /* A column for the screen only is not printed: its text (a hash)
         * must not make the printed row taller. */
        if (cells[i].col->type == SUMMARY_TEXT && role_of(cells[i].col) != ROLE_SCREEN &&
            !linked(cells[i].col, i, link, link_col)) {
            size_t k = jx_summary_text_lines(b, (lxw_col_t)i,
                                             shown_text(cells[i].col, cells[i].row, scratch));
            lines = k > lines ? k : lines;
        }
    jx_summary_row_lines(b, ws, r, lines);
    for (size_t i = 0; i < n && b->w.status == JX_OK; i++) {
        const summary_column *c = cells[i].col;
        const void *row = cells[i].row;
        lxw_col_t col = (lxw_col_t)i;
        column_role role = role_of(c);
        switch (c->type) {
        case SUMMARY_TEXT: {
            const char *text = shown_text(c, row, scratch);
            if (linked(c, i, link, link_col) && text[0])
                jx_summary_url(b, ws, r, col, link, text, b->link);
            else
                jx_summary_text(b, ws, r, col, text,
                                role == ROLE_FAILURE && text[0] ? b->failure : b->f.text);
            break;
        }
        case SUMMARY_COUNT:
            if (failed)
                jx_summary_blank(b, ws, r, col, b->f.count);
            else
                jx_summary_number(b, ws, r, col, (double)count_of(row, c), b->f.count);
            break;
        case SUMMARY_FLAG:
            jx_summary_text(b, ws, r, col, flag_of(row, c) ? "是" : "否", b->f.label);
            break;
        case SUMMARY_VALUE: {
            jx_summary_value v = value_of(row, c);
            jx_summary_put_value(b, ws, r, col, v,
                                 role == ROLE_DIFFERENCE && v.has && v.micros != 0);
            break;
        }
        }
    }
}

/* ------------------------------------------------------------ 文件 */

/* The printed columns: all but the screen's own at the end (a hash). */
static lxw_col_t printed_columns(const summary_column *const *cols, size_t n)
{
    while (n > 0 && role_of(cols[n - 1]) == ROLE_SCREEN)
        n--;
    return (lxw_col_t)n;
}

void jx_summary_write_documents(summary_book *b, lxw_worksheet *ws)
{
    const summary_column *cols[JX_TEMPLATE_MAX_COLUMNS];
    int widths[JX_TEMPLATE_MAX_COLUMNS];
    for (size_t i = 0; i < NDOC; i++) {
        cols[i] = &doc_columns[i];
        widths[i] = doc_columns[i].width;
    }
    jx_summary_set_columns(b, widths, NDOC);
    jx_summary_frame(b, ws, true, printed_columns(cols, NDOC));
    header_row(b, ws, cols, NDOC);
    jx_buf scratch;
    jx_buf_init(&scratch);
    size_t n = jx_summary_count(b->summary);
    cell_source cells[JX_TEMPLATE_MAX_COLUMNS];
    for (size_t i = 0; i < n && b->w.status == JX_OK; i++) {
        const jx_summary_doc *d = jx_summary_row(b->summary, i);
        for (size_t c = 0; c < NDOC; c++)
            cells[c] = (cell_source){&doc_columns[c], d};
        const char *link = d->workbook[0] ? jx_summary_link(&b->links, d->workbook) : NULL;
        write_row(b, ws, (lxw_row_t)(i + 1), cells, NDOC, d->failure[0] != '\0', link, SIZE_MAX,
                  &scratch);
    }
    jx_buf_free(&scratch);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(NDOC - 1));
    worksheet_freeze_panes(ws, 1, 1);
}

/* ------------------------------------------------------------ 评分表 */

void jx_summary_write_cards(summary_book *b, lxw_worksheet *ws)
{
    const summary_column *cols[JX_TEMPLATE_MAX_COLUMNS];
    int widths[JX_TEMPLATE_MAX_COLUMNS];
    size_t n = 0, lead = 0;
    static const char *const leading[] = {"path", "unit"}; /* the document's, first */
    for (size_t i = 0; i < 2; i++)
        if ((cols[n] = doc_column(leading[i])) != NULL)
            n++;
    lead = n;
    for (size_t i = 0; i < NCARD; i++)
        cols[n++] = &card_columns[i];
    for (size_t i = 0; i < n; i++)
        widths[i] = cols[i]->width;
    jx_summary_set_columns(b, widths, n);
    jx_summary_frame(b, ws, true, printed_columns(cols, n));
    header_row(b, ws, cols, n);
    jx_buf scratch;
    jx_buf_init(&scratch);
    cell_source cells[JX_TEMPLATE_MAX_COLUMNS];
    lxw_row_t r = 1;
    for (size_t i = 0; i < jx_summary_count(b->summary) && b->w.status == JX_OK; i++) {
        const jx_summary_doc *d = jx_summary_row(b->summary, i);
        if (d->failure[0] || d->ncards == 0)
            continue;
        for (size_t k = 0; k < d->ncards && b->w.status == JX_OK; k++) {
            for (size_t c = 0; c < n; c++)
                cells[c] = (cell_source){cols[c], c < lead ? (const void *)d : &d->cards[k]};
            /* A card whose totals differ links its path to the document's
             * workbook, where the corrections are: the ones to open. (Every
             * link costs libxlsxwriter 1.5 KB until the file is closed; 文件
             * links every document.) */
            const jx_summary_value *diff = &d->cards[k].difference;
            const char *link = d->workbook[0] && diff->has && diff->micros != 0
                                   ? jx_summary_link(&b->links, d->workbook)
                                   : NULL;
            write_row(b, ws, r++, cells, n, false, link, 0, &scratch);
        }
    }
    jx_buf_free(&scratch);
    worksheet_autofilter(ws, 0, 0, r - 1, (lxw_col_t)(n - 1));
    worksheet_freeze_panes(ws, 1, 1);
}

/* ------------------------------------------------------------ 问题代码 */

void jx_summary_write_codes(summary_book *b, lxw_worksheet *ws)
{
    static const struct {
        const char *header;
        int width;
    } cols[] = {{"代码", 26},       {"名称", 24},         {"严重程度", 16},
                {"涉及文件数", 11}, {"涉及文件占比", 11}, {"问题数", 9},
                {"其中错误", 9},    {"其中警告", 9},      {"其中提示", 9}};
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    int widths[NCOLS];
    for (size_t i = 0; i < NCOLS; i++)
        widths[i] = cols[i].width;
    jx_summary_set_columns(b, widths, NCOLS);
    jx_summary_frame(b, ws, true, NCOLS);
    jx_summary_row_lines(b, ws, 0, 1);
    for (size_t i = 0; i < NCOLS; i++)
        jx_summary_text(b, ws, 0, (lxw_col_t)i, cols[i].header, b->f.header);
    const summary_tally *t = &b->tally;
    size_t read = t->checked + t->reused;
    for (size_t i = 0; i < t->ncodes && b->w.status == JX_OK; i++) {
        const code_tally *e = &t->codes[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        char severities[32] = "";
        for (size_t s = 0; s < 3; s++)
            if (e->by_severity[s])
                snprintf(severities + strlen(severities), sizeof severities - strlen(severities),
                         "%s%s", severities[0] ? "、" : "",
                         jx_xlsx_severity_word(s == 0   ? JX_SEV_ERROR
                                               : s == 1 ? JX_SEV_WARNING
                                                        : JX_SEV_INFO));
        size_t lines = 1;
        const char *texts[3] = {e->code, e->title, severities};
        for (lxw_col_t c = 0; c < 3; c++) {
            size_t k = jx_summary_text_lines(b, c, texts[c]);
            lines = k > lines ? k : lines;
        }
        jx_summary_row_lines(b, ws, r, lines);
        jx_summary_text(b, ws, r, 0, e->code, b->f.text);
        jx_summary_text(b, ws, r, 1, e->title, b->f.text);
        jx_summary_text(b, ws, r, 2, severities, b->f.label);
        jx_summary_number(b, ws, r, 3, (double)e->docs, b->f.count);
        if (read > 0)
            jx_summary_number(b, ws, r, 4, (double)e->docs / (double)read, b->percent);
        else
            jx_summary_blank(b, ws, r, 4, b->percent);
        jx_summary_number(b, ws, r, 5, (double)e->findings, b->f.count);
        for (size_t s = 0; s < 3; s++)
            jx_summary_number(b, ws, r, (lxw_col_t)(6 + s), (double)e->by_severity[s], b->f.count);
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->ncodes, NCOLS - 1);
    worksheet_freeze_panes(ws, 1, 0);
}
