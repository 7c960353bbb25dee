/*
 * summary_xlsx.c — the run's workbook for a reviewer (jx_summary_write):
 * 总览, what was run and what it found, on one page; 文件, a row per
 * document, each linked to its own workbook; 评分表, a row per scorecard;
 * 问题代码, the findings by code; 图表, the charts. Every sheet prints on A4
 * landscape, a page wide, its header row on every page, in the face of the
 * documents' workbooks (宋体, GB2312 declared).
 *
 * Here: jx_summary_write (the file made safely, as a document's workbook
 * is), the book's life, the sheets' order and 总览. summary_xlsx.h lists
 * the rest.
 */
#include "summary_xlsx.h"

#include <sys/stat.h>

/* ------------------------------------------------------------ the form */

/*
 * The face and the page of every sheet: those of templates/summary.ini, the
 * 审核摘要 a document's workbook opens with, so a reviewer reads the summary
 * and the workbooks alike. jx_summary_write takes no templates: the summary
 * is not a form a province lays out.
 */
static void summary_form(jx_template *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "run_summary");
    snprintf(t->kind, sizeof t->kind, "summary");
    snprintf(t->title, sizeof t->title, "绩效自评复核汇总");
    snprintf(t->font_name, sizeof t->font_name, "宋体");
    t->font_charset = JX_CHARSET_GB2312;
    t->font_size = 10;
    t->title_size = 16;
    t->header_fill = 0xD9D9D9;
    t->corrected_fill = 0xFFC7CE;
    t->landscape = true;
    t->paper = 9; /* A4 */
    t->fit_width = 1;
    t->margin_mm = 10;
    /* the summary's name, the page, the sheet: &N would count the whole
     * workbook's pages in LibreOffice */
    snprintf(t->footer, sizeof t->footer, "&L{file}&C第 &P 页&R&A");
}

/* ------------------------------------------------------------ 总览 */

enum { OV_LABEL, OV_A, OV_B, OV_C, OV_NOTE, OV_COLUMNS };

static const int overview_widths[OV_COLUMNS] = {26, 12, 12, 12, 52};

/* A row of a section's table: a label, three numbers (or blanks), a note. */
typedef struct {
    const char *label;
    double values[3];
    lxw_format *formats[3]; /* NULL: left blank */
    const char *note;
} overview_row;

static lxw_row_t section(summary_book *b, lxw_worksheet *ws, lxw_row_t row, const char *title,
                         const char *const headers[OV_COLUMNS])
{
    row++; /* a blank line above */
    jx_summary_row_lines(b, ws, row, 1);
    jx_summary_text(b, ws, row++, 0, title, b->section);
    if (headers) {
        jx_summary_row_lines(b, ws, row, 1);
        for (lxw_col_t c = 0; c < OV_COLUMNS; c++)
            jx_summary_text(b, ws, row, c, headers[c], b->f.header);
        row++;
    }
    return row;
}

static lxw_row_t table_rows(summary_book *b, lxw_worksheet *ws, lxw_row_t row,
                            const overview_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++, row++) {
        jx_summary_row_lines(b, ws, row, jx_summary_text_lines(b, OV_NOTE, rows[i].note));
        jx_summary_text(b, ws, row, OV_LABEL, rows[i].label, b->f.label);
        for (size_t k = 0; k < 3; k++) {
            lxw_col_t col = (lxw_col_t)(OV_A + k);
            if (rows[i].formats[k])
                jx_summary_number(b, ws, row, col, rows[i].values[k], rows[i].formats[k]);
            else
                jx_summary_blank(b, ws, row, col, b->f.count);
        }
        jx_summary_text(b, ws, row, OV_NOTE, rows[i].note, b->f.text);
    }
    return row;
}

static double share(size_t part, size_t whole)
{
    return whole ? (double)part / (double)whole : 0;
}

/* The scorecards whose totals differ most, their files linked. */
static lxw_row_t largest_differences(summary_book *b, lxw_worksheet *ws, lxw_row_t row)
{
    const summary_tally *t = &b->tally;
    char title[96];
    snprintf(title, sizeof title, "申报总分与复核总分相差最大的评分表（前 %zu 张）", t->ntop);
    static const char *const headers[OV_COLUMNS] = {"文件", "差额", "申报总分", "复核总分", "项目"};
    row = section(b, ws, row, title, headers);
    for (size_t i = 0; i < t->ntop && b->w.status == JX_OK; i++, row++) {
        const jx_summary_doc *d = jx_summary_row(b->summary, t->top[i].doc);
        const jx_summary_card *c = &d->cards[t->top[i].card];
        const char *link = d->workbook[0] ? jx_summary_link(&b->links, d->workbook) : NULL;
        size_t lines = link ? 1 : jx_summary_text_lines(b, OV_LABEL, d->path);
        size_t k = jx_summary_text_lines(b, OV_NOTE, c->title);
        jx_summary_row_lines(b, ws, row, k > lines ? k : lines);
        jx_summary_url(b, ws, row, OV_LABEL, link, d->path, b->link);
        jx_summary_put_value(b, ws, row, OV_A, c->difference, true);
        jx_summary_put_value(b, ws, row, OV_B, c->declared_total, false);
        jx_summary_put_value(b, ws, row, OV_C, c->computed_total, false);
        jx_summary_text(b, ws, row, OV_NOTE, c->title, b->f.text);
    }
    return row;
}

/* 各表说明: each sheet linked, what it shows in a line or two. */
static lxw_row_t reading_guide(summary_book *b, lxw_worksheet *ws, lxw_row_t row)
{
    static const struct {
        const char *sheet;
        const char *lines[2];
    } guide[] = {
        {SHEET_DOCUMENTS,
         {"每个文件一行，按本次运行的顺序：单位、年度、规则集、评分表数和问题数；",
          "未能复核的写明原因。点“复核工作簿”列打开该文件的复核工作簿。"}},
        {SHEET_CARDS,
         {"每张评分表一行：申报总分、复核总分和差额（不为 0 的标色）、等级、问题数；",
          "点文件名打开其复核工作簿。"}},
        {SHEET_CODES,
         {"每类问题一行：名称、严重程度、涉及的文件数和问题数，按问题数从多到少。", NULL}},
        {SHEET_CHARTS, {"差额分布、文件按错误数分布、出现最多的问题。", NULL}},
    };
    row = section(b, ws, row, "四、各表说明", NULL);
    for (size_t i = 0; i < sizeof guide / sizeof guide[0]; i++) {
        char url[64];
        snprintf(url, sizeof url, "internal:'%s'!A1", guide[i].sheet);
        for (size_t k = 0; k < 2 && guide[i].lines[k]; k++, row++) {
            jx_summary_row_lines(b, ws, row, 1);
            if (k == 0)
                jx_summary_url(b, ws, row, OV_LABEL, url, guide[i].sheet, b->link);
            jx_summary_text(b, ws, row, OV_A, guide[i].lines[k], b->explain);
        }
    }
    static const char *const how[] = {
        "各表表头有筛选按钮，可按任一列筛选、排序；表头在滚动和打印时始终可见。",
        "数字均为数值，可直接求和、排序；总分保留原表的小数位。",
    };
    for (size_t i = 0; i < sizeof how / sizeof how[0]; i++, row++) {
        jx_summary_row_lines(b, ws, row, 1);
        jx_summary_text(b, ws, row, OV_LABEL, how[i], b->explain);
    }
    return row;
}

static void write_overview(summary_book *b, lxw_worksheet *ws)
{
    const summary_tally *t = &b->tally;
    jx_summary_set_columns(b, overview_widths, OV_COLUMNS);
    jx_summary_frame(b, ws, false, 0);
    worksheet_set_row(ws, 0, b->form.title_size * 1.8, NULL);
    jx_summary_text(b, ws, 0, 0, b->form.title, b->title);
    char line[256];
    snprintf(line, sizeof line,
             "jixiao %s 复核 %zu 个文件的结果汇总。先看本页，再按下方说明查看各表。", jx_version(),
             t->docs);
    jx_summary_row_lines(b, ws, 1, 1);
    jx_summary_text(b, ws, 1, 0, line, b->explain);
    lxw_format *count = b->f.count, *pct = b->percent;

    static const char *const run_headers[OV_COLUMNS] = {"项目", "文件数", "占比", "评分表数",
                                                        "说明"};
    lxw_row_t row = section(b, ws, 2, "一、运行概况", run_headers);
    overview_row run[] = {
        {"文件总数",
         {(double)t->docs, 1, (double)t->cards},
         {count, pct, count},
         "本次汇总的全部文件"},
        {"本次复核",
         {(double)t->checked, share(t->checked, t->docs), (double)t->cards_checked},
         {count, pct, count},
         "本次读取并复核的文件"},
        {"沿用上次结果",
         {(double)t->reused, share(t->reused, t->docs), (double)t->cards_reused},
         {count, pct, count},
         "内容与上次相同，沿用上次复核结果的文件"},
        {"未能读取",
         {(double)t->failed, share(t->failed, t->docs), 0},
         {count, pct, NULL},
         "无法读取或复核的文件，原因见“文件”表的“未能复核的原因”列"},
    };
    row = table_rows(b, ws, row, run, sizeof run / sizeof run[0]);

    static const char *const sev_headers[OV_COLUMNS] = {"严重程度", "问题数", "涉及文件数",
                                                        "涉及文件占比", "说明"};
    row = section(b, ws, row, "二、发现的问题（按严重程度）", sev_headers);
    size_t read = t->checked + t->reused;
    overview_row severities[] = {
        {"错误",
         {(double)t->findings[0], (double)t->docs_with[0], share(t->docs_with[0], read)},
         {count, count, pct},
         "计算上的矛盾：合计、执行率、得分、总分等与其组成不符，应更正"},
        {"警告",
         {(double)t->findings[1], (double)t->docs_with[1], share(t->docs_with[1], read)},
         {count, count, pct},
         "与规则或判断不符：得分不合规则、缺少偏差原因等，应核实"},
        {"提示",
         {(double)t->findings[2], (double)t->docs_with[2], share(t->docs_with[2], read)},
         {count, count, pct},
         "四舍五入的尾差、小数位不足等，供参考"},
        {"合计",
         {(double)(t->findings[0] + t->findings[1] + t->findings[2]), 0, 0},
         {count, NULL, NULL},
         "占比按已复核的文件（含沿用上次结果的）计"},
    };
    row = table_rows(b, ws, row, severities, sizeof severities / sizeof severities[0]);

    static const char *const total_headers[OV_COLUMNS] = {"结果", "评分表数", "占比", "涉及文件数",
                                                          "说明"};
    row = section(b, ws, row, "三、总分核对（申报总分与复核总分）", total_headers);
    overview_row totals[] = {
        {"一致",
         {(double)t->cards_agree, share(t->cards_agree, t->cards), 0},
         {count, pct, NULL},
         "差额为 0"},
        {"不一致",
         {(double)t->cards_differ, share(t->cards_differ, t->cards), (double)t->docs_differ},
         {count, pct, count},
         "差额不为 0：相差最大的见下表，全部见“评分表”表（按“差额”筛选）"},
        {"无法比较",
         {(double)t->cards_uncompared, share(t->cards_uncompared, t->cards), 0},
         {count, pct, NULL},
         "未申报总分，或表格不完整、未重算总分"},
    };
    row = table_rows(b, ws, row, totals, sizeof totals / sizeof totals[0]);
    if (t->ntop > 0)
        row = largest_differences(b, ws, row);
    reading_guide(b, ws, row);
}

/* ------------------------------------------------------------ the workbook */

typedef struct {
    const jx_summary *summary;
    const char *target;
} summary_job;

static void book_free(summary_book *b)
{
    jx_summary_tally_free(&b->tally);
    jx_summary_links_close(&b->links);
    jx_buf_free(&b->w.text[0]);
    jx_buf_free(&b->w.text[1]);
    free(b->w.sheet_names);
    free(b->w.formats);
    free(b);
}

/* Writes the workbook at `path` (the temporary jx_write_file_safely made). */
static jx_status write_summary(const char *path, void *ctx, jx_error *err)
{
    const summary_job *job = ctx;
    summary_book *b = calloc(1, sizeof *b);
    if (b == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    b->summary = job->summary;
    b->w.err = err;
    summary_form(&b->form);
    jx_buf name;
    jx_buf_init(&name);
    jx_xlsx_file_name(&name, job->target);
    b->file_name = name.data;
    if (name.failed || !jx_summary_links_open(&b->links, job->target)
        || !jx_summary_tally_make(b)) {
        jx_buf_free(&name);
        book_free(b);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    /* Each sheet's rows go to a temporary file as they are written. */
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    b->w.book = workbook_new_opt(path, &options);
    if (b->w.book == NULL) {
        jx_buf_free(&name);
        book_free(b);
        jx_error_set(err, JX_ERR_IO, 0, "cannot create the workbook");
        return JX_ERR_IO;
    }
    jx_summary_make_formats(b);
    static const char *const names[] = {SHEET_OVERVIEW, SHEET_DOCUMENTS, SHEET_CARDS, SHEET_CODES,
                                        SHEET_CHARTS};
    lxw_worksheet *ws[sizeof names / sizeof names[0]];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((ws[i] = workbook_add_worksheet(b->w.book, names[i])) == NULL)
            jx_xlsx_fail(&b->w, "worksheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (b->w.status == JX_OK)
        write_overview(b, ws[0]);
    if (b->w.status == JX_OK)
        jx_summary_write_documents(b, ws[1]);
    if (b->w.status == JX_OK)
        jx_summary_write_cards(b, ws[2]);
    if (b->w.status == JX_OK)
        jx_summary_write_codes(b, ws[3]);
    if (b->w.status == JX_OK)
        jx_summary_write_charts(b, ws[4]);
    lxw_error e = workbook_close(b->w.book);
    if (e && b->w.status == JX_OK) {
        b->w.status = JX_ERR_IO;
        jx_error_set(err, JX_ERR_IO, 0, "writing the workbook: %s", lxw_strerror(e));
    }
    jx_xlsx_declare_charsets(&b->w, path); /* what libxlsxwriter could not write */
    jx_status status = b->w.status;
    jx_buf_free(&name);
    book_free(b);
    return status;
}

jx_status jx_summary_write(const jx_summary *summary, const char *target, jx_error *err)
{
    /* Never over a document of the run, nor over its workbook. */
    struct stat st;
    if (stat(target, &st) == 0)
        for (size_t i = 0; i < jx_summary_count(summary); i++) {
            const jx_summary_doc *d = jx_summary_row(summary, i);
            const char *hit = jx_same_file(target, d->path)                         ? d->path
                              : d->workbook[0] && jx_same_file(target, d->workbook) ? d->workbook
                                                                                    : NULL;
            if (hit) {
                jx_error_set(err, JX_ERR_IO, 0, "%s: the summary would overwrite %s", target, hit);
                return JX_ERR_IO;
            }
        }
    summary_job job = {summary, target};
    return jx_write_file_safely(target, write_summary, &job, err);
}
