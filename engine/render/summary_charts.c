/*
 * summary_charts.c — the sheet 图表 (summary_xlsx.h): what a reviewer looks
 * at first across hundreds of documents, each on a page of its own with its
 * data beside it: how far the declared totals are from the recomputed ones,
 * how many errors the documents hold, which findings come up most.
 *
 * The workbook streams its sheets to disk (constant memory), so libxlsxwriter
 * cannot read a chart's data back for the values a chart caches; they are
 * given with each series, as the cells hold them, and every program shows
 * the chart alike before it recalculates.
 */
#include "summary_xlsx.h"

/* Where each block starts; each prints on a page of its own. */
#define BLOCK_DIFFERENCES 0
#define BLOCK_ERRORS 30
#define BLOCK_CODES 60
#define CHART_COL 3          /* D: the chart to the right of its data */
#define CHART_COLUMNS 12     /* D … O, under the chart */
#define BAR_COLOR 0x4472C4   /* blue: a count */
#define AGREE_COLOR 0x70AD47 /* green: the bin where nothing is wrong */

/* A chart's cached values: the strings or numbers its cells hold. */
static bool cache_range(lxw_series_range *r, const char *const *labels, const double *values,
                        size_t n)
{
    if (r == NULL || r->data_cache == NULL)
        return false;
    r->ignore_cache = LXW_TRUE; /* libxlsxwriter leaves a cache it is given alone */
    r->has_string_cache = labels != NULL;
    r->num_data_points = (uint16_t)n;
    for (size_t i = 0; i < n; i++) {
        lxw_series_data_point *p = calloc(1, sizeof *p);
        if (p == NULL)
            return false;
        STAILQ_INSERT_TAIL(r->data_cache, p, list_pointers); /* freed with the chart */
        if (labels) {
            p->is_string = LXW_TRUE;
            if ((p->string = strdup(labels[i])) == NULL)
                return false;
        } else {
            p->number = values[i];
        }
    }
    return true;
}

typedef struct {
    uint8_t type; /* LXW_CHART_COLUMN or LXW_CHART_BAR */
    const char *title, *category_name, *value_name;
    lxw_row_t first; /* the data's first row: labels in A, counts in B */
    size_t n;
    const char *const *labels;
    const double *values;
    long agree; /* the point drawn apart (green), -1 for none */
    double y_scale;
} chart_spec;

static lxw_chart *make_chart(summary_book *b, const chart_spec *s)
{
    lxw_chart *chart = workbook_add_chart(b->w.book, s->type);
    if (chart == NULL)
        return NULL;
    char categories[64], values[64];
    snprintf(categories, sizeof categories, "='%s'!$A$%u:$A$%u", SHEET_CHARTS,
             (unsigned)s->first + 1, (unsigned)(s->first + s->n));
    snprintf(values, sizeof values, "='%s'!$B$%u:$B$%u", SHEET_CHARTS, (unsigned)s->first + 1,
             (unsigned)(s->first + s->n));
    lxw_chart_series *series = chart_add_series(chart, categories, values);
    if (series == NULL || !cache_range(series->categories, s->labels, NULL, s->n)
        || !cache_range(series->values, NULL, s->values, s->n))
        return NULL;
    char face[sizeof b->form.font_name];
    snprintf(face, sizeof face, "%s", b->form.font_name);
    lxw_chart_font title = {
        .name = face, .size = 12, .bold = LXW_TRUE, .charset = (uint8_t)b->form.font_charset};
    lxw_chart_font text = {.name = face, .size = 9, .charset = (uint8_t)b->form.font_charset};
    chart_title_set_name(chart, s->title);
    chart_title_set_name_font(chart, &title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    /* A bar chart's categories run up its y axis, a column chart's along x. */
    bool bar = s->type == LXW_CHART_BAR;
    lxw_chart_axis *category = bar ? chart->y_axis : chart->x_axis;
    lxw_chart_axis *value = bar ? chart->x_axis : chart->y_axis;
    if (s->category_name) /* a bar chart's labels say it: its title would crowd them */
        chart_axis_set_name(category, s->category_name);
    chart_axis_set_name(value, s->value_name);
    chart_axis_set_name_font(category, &text);
    chart_axis_set_name_font(value, &text);
    chart_axis_set_num_font(category, &text);
    chart_axis_set_num_font(value, &text);
    chart_axis_set_min(value, 0);
    chart_axis_set_num_format(value, "0");
    if (bar) { /* the most frequent on top, as the table lists them; the counts below */
        chart_axis_set_reverse(category);
        chart_axis_set_crossing_max(category);
    }
    lxw_chart_fill fill = {.color = BAR_COLOR};
    chart_series_set_fill(series, &fill);
    chart_set_series_gap(chart, 60);
    chart_series_set_labels(series);
    chart_series_set_labels_font(series, &text);
    if (s->agree >= 0 && (size_t)s->agree < s->n) {
        lxw_chart_fill plain = {.color = BAR_COLOR}, apart = {.color = AGREE_COLOR};
        lxw_chart_point points[DIFF_BINS > ERROR_BINS ? DIFF_BINS : ERROR_BINS];
        lxw_chart_point *list[sizeof points / sizeof points[0] + 1];
        size_t n = s->n < sizeof points / sizeof points[0] ? s->n
                                                           : sizeof points / sizeof points[0];
        for (size_t i = 0; i < n; i++) {
            points[i] = (lxw_chart_point){.fill = (long)i == s->agree ? &apart : &plain};
            list[i] = &points[i];
        }
        list[n] = NULL;
        chart_series_set_points(series, list);
    }
    return chart;
}

/* A block's data: its heading, the table header, a row per bin, a total, notes. */
static lxw_row_t data_table(summary_book *b, lxw_worksheet *ws, lxw_row_t row, const char *heading,
                            const char *label_header, const char *count_header,
                            const char *const *labels, const double *counts, size_t n)
{
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row++, 0, heading, b->section);
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row, 0, label_header, b->f.header);
    jx_summary_text(b, ws, row++, 1, count_header, b->f.header);
    double total = 0;
    for (size_t i = 0; i < n; i++, row++) {
        jx_summary_row_lines(b, ws, row, 1);
        jx_summary_text(b, ws, row, 0, labels[i], b->f.label);
        jx_summary_number(b, ws, row, 1, counts[i], b->f.count);
        total += counts[i];
    }
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row, 0, "合计", b->f.label);
    jx_summary_number(b, ws, row++, 1, total, b->f.count);
    return row;
}

static void note(summary_book *b, lxw_worksheet *ws, lxw_row_t row, const char *text)
{
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row, 0, text, b->explain);
}

static void place(summary_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_chart *chart,
                  double y_scale)
{
    if (chart == NULL) {
        jx_xlsx_fail(&b->w, "chart", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    lxw_chart_options at = {.x_offset = 8, .x_scale = 1.6, .y_scale = y_scale};
    lxw_error e = worksheet_insert_chart_opt(ws, row, CHART_COL, chart, &at);
    if (e)
        jx_xlsx_fail(&b->w, "chart", e);
}

void jx_summary_write_charts(summary_book *b, lxw_worksheet *ws)
{
    int widths[3 + CHART_COLUMNS] = {22, 10, 22};
    for (size_t i = 3; i < sizeof widths / sizeof widths[0]; i++)
        widths[i] = 9;
    jx_summary_set_columns(b, widths, sizeof widths / sizeof widths[0]);
    jx_summary_frame(b, ws, false, 0);
    lxw_row_t breaks[] = {BLOCK_ERRORS, BLOCK_CODES, 0};
    const summary_tally *t = &b->tally;
    char text[256];

    /* 一: the differences of the totals. */
    const char *diff_labels[DIFF_BINS];
    double diff_counts[DIFF_BINS];
    for (size_t i = 0; i < DIFF_BINS; i++) {
        diff_labels[i] = jx_summary_diff_bin_label(i);
        diff_counts[i] = (double)t->diff_bins[i];
    }
    lxw_row_t row = data_table(b, ws, BLOCK_DIFFERENCES, "一、申报总分与复核总分的差额分布",
                               "差额区间（分）", "评分表数", diff_labels, diff_counts, DIFF_BINS);
    note(b, ws, row++, "差额＝申报总分－复核总分（分）。");
    note(b, ws, row++, "“1～5”指 1≤差额<5，“-5～-1”指 -5<差额≤-1，余类推。");
    snprintf(text, sizeof text, "未计入：未申报总分或表格不完整、未重算总分的评分表 %zu 张。",
             t->cards_uncompared);
    note(b, ws, row++, text);
    chart_spec diff = {LXW_CHART_COLUMN,
                       "申报总分与复核总分的差额分布",
                       "差额（分）",
                       "评分表数",
                       BLOCK_DIFFERENCES + 2,
                       DIFF_BINS,
                       diff_labels,
                       diff_counts,
                       4,
                       1.7};
    place(b, ws, BLOCK_DIFFERENCES + 1, make_chart(b, &diff), diff.y_scale);

    /* 二: the documents by their errors. */
    const char *error_labels[ERROR_BINS];
    double error_counts[ERROR_BINS];
    for (size_t i = 0; i < ERROR_BINS; i++) {
        error_labels[i] = jx_summary_error_bin_label(i);
        error_counts[i] = (double)t->error_bins[i];
    }
    row = data_table(b, ws, BLOCK_ERRORS, "二、文件按错误数分布", "错误数", "文件数", error_labels,
                     error_counts, ERROR_BINS);
    snprintf(text, sizeof text,
             "只计已复核的文件（含沿用上次结果的 %zu 个）；未能读取的 %zu 个不计。", t->reused,
             t->failed);
    note(b, ws, row++, text);
    chart_spec errors = {
        LXW_CHART_COLUMN, "文件按错误数分布", "错误数",     "文件数", BLOCK_ERRORS + 2,
        ERROR_BINS,       error_labels,       error_counts, 0,        1.7};
    place(b, ws, BLOCK_ERRORS + 1, make_chart(b, &errors), errors.y_scale);

    /* 三: the most frequent codes. */
    size_t n = t->ncodes < TOP_CODES ? t->ncodes : TOP_CODES;
    const char *code_labels[TOP_CODES];
    double code_counts[TOP_CODES];
    for (size_t i = 0; i < n; i++) {
        code_labels[i] = t->codes[i].title[0] ? t->codes[i].title : t->codes[i].code;
        code_counts[i] = (double)t->codes[i].findings;
    }
    snprintf(text, sizeof text, "三、出现最多的问题（前 %d 项，按问题数）", TOP_CODES);
    row = BLOCK_CODES;
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row++, 0, text, b->section);
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row, 0, "问题", b->f.header);
    jx_summary_text(b, ws, row, 1, "问题数", b->f.header);
    jx_summary_text(b, ws, row++, 2, "代码", b->f.header);
    for (size_t i = 0; i < n; i++, row++) {
        jx_summary_row_lines(b, ws, row, 1);
        jx_summary_text(b, ws, row, 0, code_labels[i], b->f.text);
        jx_summary_number(b, ws, row, 1, code_counts[i], b->f.count);
        jx_summary_text(b, ws, row, 2, t->codes[i].code, b->f.text);
    }
    note(b, ws, row++, n ? "全部问题代码及其涉及的文件数见“问题代码”表。" : "本次没有发现问题。");
    if (n > 0) {
        chart_spec codes = {LXW_CHART_BAR, "出现最多的问题", NULL, "问题数", BLOCK_CODES + 2, n,
                            code_labels,   code_counts,      -1,   1.9};
        place(b, ws, BLOCK_CODES + 1, make_chart(b, &codes), codes.y_scale);
    }
    worksheet_set_h_pagebreaks(ws, breaks);
    worksheet_print_area(ws, 0, 0, BLOCK_CODES + 29,
                         (lxw_col_t)(sizeof widths / sizeof widths[0] - 1));
}
