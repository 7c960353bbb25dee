/*
 * xlsx_lists.c — the list sheets (xlsx.h): 审核摘要, what was checked (the
 * file, its unit and year, the rule set), every finding counted by part and
 * severity, then a row for each scorecard (its totals, grades and findings,
 * a link to its sheet); 问题清单, every finding most severe first (the tips
 * apart), linked to the cell it is about (on a card's sheet or a financial
 * table's), going on in numbered sheets past a worksheet's rows.
 */
#include "xlsx.h"

#define LINKS_MAX 65530     /* hyperlinks of a worksheet (LXW_MAX_NUMBER_URLS) */

static void list_text(list_sheet *l, lxw_row_t row, const jx_form_field *f, const char *text)
{
    if (f == NULL)
        return;
    jx_xlsx_note_height(&l->heights, l->tpl, row, f->first, f->last, text);
    jx_xlsx_put_string(l->w, l->ws, l->sheet, row, f->first, row, f->last, text, l->f.text);
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
    worksheet_write_number(l->ws, row, f->first, jx_xlsx_to_double(percent ? micros / 100 : micros),
                           percent ? l->f.rate : l->f.score);
}

/* A list sheet; `name` overrides the template's sheet name when given. */
bool jx_xlsx_list_open(writer *w, list_sheet *l, const char *template_name,
                       const char *name_override, const char *source)
{
    memset(l, 0, sizeof *l);
    l->w = w;
    l->tpl = jx_xlsx_template_for(w, template_name);
    if (l->tpl == NULL)
        return false;
    const char *wanted = name_override ? name_override
                       : l->tpl->sheet_name[0] ? l->tpl->sheet_name : template_name;
    const char *name = jx_xlsx_sheet_name(w, "", wanted);
    l->ws = name ? workbook_add_worksheet(w->book, name) : NULL;
    if (l->ws == NULL) {
        jx_xlsx_fail(w, "worksheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return false;
    }
    l->sheet = w->nsheets - 1;
    l->f = jx_xlsx_make_formats(w, l->tpl);
    jx_xlsx_setup_page(l->ws, l->tpl);
    l->source = source; /* the footer, which counts the pages, is written last */
    return true;
}

/* A list's header row at `row`, repeated on every printed page. */
static const jx_form_block *list_header_at(list_sheet *l, const char *block, lxw_row_t row)
{
    const jx_form_block *b = jx_template_block(l->tpl, block);
    if (b == NULL)
        return NULL;
    for (size_t i = 0; i < b->nfields; i++) {
        const jx_form_field *f = &b->fields[i];
        const char *text = f->header[0] ? f->header : f->field;
        jx_xlsx_put_string(l->w, l->ws, l->sheet, row, f->first, row, f->last, text, l->f.header);
    }
    worksheet_repeat_rows(l->ws, row, row);
    return b;
}

/* A list whose header is its first row, frozen on screen. */
static const jx_form_block *list_header(list_sheet *l, const char *block)
{
    const jx_form_block *b = list_header_at(l, block, 0);
    if (b)
        worksheet_freeze_panes(l->ws, 1, 0);
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
    const char *safe = jx_xlsx_cell_text(l->w, l->sheet, row, f->first, text);
    lxw_error e = worksheet_write_url_opt(l->ws, row, f->first, url, l->f.link, safe, NULL);
    if (e)
        jx_xlsx_fail(l->w, "link", e);
    l->links++;
}

/* The summary's count columns, by severity (jx_severity's order). */
static const char *const severity_fields[3] = {"errors", "warnings", "infos"};

/*
 * Every finding of the document counted by part (the scorecards, the other
 * tables: the financial ones, the prose) and severity; 全部问题 a live SUM of
 * the parts, equal to what 问题清单 lists. Under a header row at `first`.
 */
static lxw_row_t write_summary_parts(writer *w, list_sheet *l, const jx_form_block *b,
                                     lxw_row_t first)
{
    static const char *const parts[] = {"自评表中的问题", "财务报表等其他表格中的问题",
                                        "文字说明中的问题", "全部问题（即问题清单所列）"};
    static const char *const heads[] = {"错误", "警告", "提示"};
    const jx_form_field *label = jx_xlsx_field_of(b, "name");
    if (label == NULL)
        return first;
    jx_xlsx_put_string(w, l->ws, l->sheet, first, label->first, first, label->last, "问题所在",
                       l->f.header);
    for (size_t k = 0; k < 3; k++) {
        const jx_form_field *f = jx_xlsx_field_of(b, severity_fields[k]);
        if (f)
            jx_xlsx_put_string(w, l->ws, l->sheet, first, f->first, first, f->last, heads[k],
                               l->f.header);
    }
    const jx_report *report = w->report;
    size_t counts[3][3] = {{0}};
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_finding *f = &report->findings[i];
        size_t part = f->table == NULL ? 2 : jx_xlsx_is_card_table(w, f->table) ? 0 : 1;
        counts[part][jx_xlsx_severity_index(f->severity)]++;
    }
    for (size_t p = 0; p < 4; p++) {
        lxw_row_t row = first + 1 + (lxw_row_t)p;
        list_text(l, row, label, parts[p]);
        for (size_t k = 0; k < 3; k++) {
            const jx_form_field *f = jx_xlsx_field_of(b, severity_fields[k]);
            if (f == NULL)
                continue;
            if (p < 3) {
                worksheet_write_number(l->ws, row, f->first, (double)counts[p][k], l->f.count);
                continue;
            }
            char a[16], z[16], formula[64];
            lxw_rowcol_to_cell(a, first + 1, f->first);
            lxw_rowcol_to_cell(z, first + 3, f->first);
            snprintf(formula, sizeof formula, "=SUM(%s:%s)", a, z);
            size_t all = counts[0][k] + counts[1][k] + counts[2][k];
            worksheet_write_formula_num(l->ws, row, f->first, formula, l->f.count, (double)all);
        }
    }
    return first + 5;
}

/* The lines that say what was checked: title, file, unit, year, rule set. */
static lxw_row_t write_summary_head(writer *w, list_sheet *l, const jx_form_block *b,
                                    const char *source)
{
    lxw_col_t last = jx_xlsx_block_last(b);
    jx_xlsx_put_string(w, l->ws, l->sheet, 0, 0, 0, last, l->tpl->title, l->f.title);
    jx_xlsx_set_height(l->ws, &l->heights, 0, 28);
    const jx_rules *rules = w->report->rules;
    char rule_text[JX_RULES_TEXT_MAX + 160];
    snprintf(rule_text, sizeof rule_text, "%s（%s）", rules->title[0] ? rules->title : rules->name,
             rules->name);
    jx_utf8_trim_partial(rule_text);
    const char *const lines[][2] = {
        {"文件", source},
        {"单位", jx_report_unit(w->report)},
        {"年度", jx_report_year(w->report)},
        {"规则", rule_text},
    };
    lxw_row_t row = 1;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++, row++) {
        jx_xlsx_put_string(w, l->ws, l->sheet, row, 0, row, 0, lines[i][0], l->f.label);
        jx_xlsx_note_height(&l->heights, l->tpl, row, 1, last, lines[i][1]);
        jx_xlsx_put_string(w, l->ws, l->sheet, row, 1, row, last, lines[i][1], l->f.text);
    }
    return row + 1;
}

void jx_xlsx_write_summary(writer *w, list_sheet *l, size_t first_card_sheet, const char *source)
{
    const jx_form_block *form = jx_template_block(l->tpl, "summary");
    if (form == NULL)
        return;
    const jx_report *report = w->report;
    lxw_row_t row = write_summary_head(w, l, form, source);
    row = write_summary_parts(w, l, form, row) + 1;
    lxw_row_t header = row;
    const jx_form_block *b = list_header_at(l, "summary", header);
    row++;
    size_t all[3] = {0}; /* the cards' findings, for 合计's cached sums */
    for (size_t i = 0; i < report->ncards; i++, row++) {
        const jx_card_result *r = &report->cards[i];
        const jx_scorecard *card = r->card;
        const char *unit = card->implementer[0] ? card->implementer
                         : card->department[0] ? card->department : card->table->org;
        const jx_form_field *index = jx_xlsx_field_of(b, "index");
        if (index)
            worksheet_write_number(l->ws, row, index->first, (double)(i + 1), l->f.count);
        list_text(l, row, jx_xlsx_field_of(b, "name"),
                  card->name[0] ? card->name : card->table->title);
        /* the card's kind and the rule set by their Chinese names: the form's
         * title (its template's) and the set's title */
        const jx_template *kind = jx_xlsx_template_for(w, jx_table_kind_name(card->kind));
        list_text(l, row, jx_xlsx_field_of(b, "kind"),
                  kind && kind->title[0] ? kind->title : jx_table_kind_name(card->kind));
        list_text(l, row, jx_xlsx_field_of(b, "unit"), unit);
        list_text(l, row, jx_xlsx_field_of(b, "rules"),
                  report->rules->title[0] ? report->rules->title : report->rules->name);
        bool declared = r->declared_total.kind == JX_NUM_VALUE;
        list_number(l, row, jx_xlsx_field_of(b, "declared_total"), declared,
                    r->declared_total.micros, false);
        if (r->partial)
            list_text(l, row, jx_xlsx_field_of(b, "computed_total"), "表格不完整，不重算");
        else
            list_number(l, row, jx_xlsx_field_of(b, "computed_total"), r->has_computed_total,
                        r->computed_total, false);
        const jx_form_field *diff = jx_xlsx_field_of(b, "difference");
        const jx_form_field *dt = jx_xlsx_field_of(b, "declared_total"),
                            *ct = jx_xlsx_field_of(b, "computed_total");
        if (diff && dt && ct && declared && r->has_computed_total) {
            char a[16], c[16], formula[64];
            lxw_rowcol_to_cell(a, row, dt->first);
            lxw_rowcol_to_cell(c, row, ct->first);
            snprintf(formula, sizeof formula, "=%s-%s", c, a);
            worksheet_write_formula_num(l->ws, row, diff->first, formula, l->f.score,
                                        jx_xlsx_to_double(r->computed_total
                                                          - r->declared_total.micros));
        } else {
            list_text(l, row, diff, "");
        }
        list_text(l, row, jx_xlsx_field_of(b, "grade_declared"), r->grade_declared);
        list_text(l, row, jx_xlsx_field_of(b, "grade_computed"), r->grade_computed);
        /* The card's findings: those about its table, as the parts count them. */
        size_t counts[3] = {0}, n;
        const jx_finding *const *about = jx_xlsx_table_findings(w, card->table, &n);
        for (size_t k = 0; k < n; k++)
            counts[jx_xlsx_severity_index(about[k]->severity)]++;
        for (size_t k = 0; k < 3; k++) {
            all[k] += counts[k];
            const jx_form_field *f = jx_xlsx_field_of(b, severity_fields[k]);
            if (f)
                worksheet_write_number(l->ws, row, f->first, (double)counts[k], l->f.count);
        }
        const jx_form_field *link = jx_xlsx_field_of(b, "link");
        if (link) {
            /* The link reads the sheet's number (项目自评13): its name would
             * not fit, and a spreadsheet does not wrap a link. */
            const char *target = w->sheet_names[sheet_of_card(w, r, first_card_sheet)];
            char text[SHEET_NAME_BYTES];
            snprintf(text, sizeof text, "%s", target);
            char *space = strchr(text, ' ');
            if (space)
                *space = '\0';
            write_link(l, row, link, target, "A1", text);
        }
    }
    /* 合计: how many cards, and the findings they carry. */
    const jx_form_field *index = jx_xlsx_field_of(b, "index");
    if (index)
        jx_xlsx_put_string(w, l->ws, l->sheet, row, index->first, row, index->last, "合计", l->f.text);
    char count[32];
    snprintf(count, sizeof count, "%zu 张自评表", report->ncards);
    list_text(l, row, jx_xlsx_field_of(b, "name"), count);
    for (size_t k = 0; k < 3; k++) {
        const jx_form_field *f = jx_xlsx_field_of(b, severity_fields[k]);
        if (f == NULL || report->ncards == 0)
            continue;
        char a[16], z[16], formula[64];
        lxw_rowcol_to_cell(a, header + 1, f->first);
        lxw_rowcol_to_cell(z, row - 1, f->first);
        snprintf(formula, sizeof formula, "=SUM(%s:%s)", a, z);
        worksheet_write_formula_num(l->ws, row, f->first, formula, l->f.count, (double)all[k]);
    }
    lxw_col_t last = jx_xlsx_block_last(b);
    worksheet_autofilter(l->ws, header, 0, row - 1, last);
    jx_xlsx_apply_heights(l->ws, &l->heights, l->tpl, row + 1);
    jx_xlsx_set_footer(w, l->ws, l->tpl, l->source,
                       jx_xlsx_cut_list_pages(l->ws, &l->heights, l->tpl, header, row + 1));
}

static int by_severity_then_place(const void *x, const void *y)
{
    const jx_finding *a = *(const jx_finding *const *)x, *b = *(const jx_finding *const *)y;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order); /* findings are by place already */
}

static void finish_findings_sheet(list_sheet *l, const jx_form_block *b, lxw_row_t rows)
{
    if (rows > 0) {
        lxw_col_t last = jx_xlsx_block_last(b);
        worksheet_autofilter(l->ws, 0, 0, rows, last);
    }
    jx_xlsx_apply_heights(l->ws, &l->heights, l->tpl, rows + 1);
    jx_xlsx_set_footer(l->w, l->ws, l->tpl, l->source,
                       jx_xlsx_cut_list_pages(l->ws, &l->heights, l->tpl, 0, rows + 1));
}

/*
 * 问题清单: every finding, most severe first. A list longer than a
 * worksheet's rows goes on in sheets of the same name numbered (2), (3), …:
 * no finding is left out.
 */
void jx_xlsx_write_findings(writer *w, const char *source)
{
    const jx_report *report = w->report;
    const jx_finding **order = malloc((report->nfindings ? report->nfindings : 1) * sizeof *order);
    if (order == NULL) {
        jx_xlsx_fail(w, "findings", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < report->nfindings; i++)
        order[n++] = &report->findings[i];
    qsort(order, n, sizeof *order, by_severity_then_place);
    list_sheet l;
    const jx_form_block *b = NULL;
    lxw_row_t row = 0;
    for (size_t i = 0; i == 0 || i < n; i++) {
        if (b == NULL || row + 2 >= ROWS_MAX) { /* a finding, and the tips' line */
            if (b)
                finish_findings_sheet(&l, b, row);
            b = NULL;
            if (w->status != JX_OK || !jx_xlsx_list_open(w, &l, "findings", NULL, source)
                || (b = list_header(&l, "findings")) == NULL)
                break;
            row = 0;
        }
        if (i >= n)
            break;
        const jx_finding *f = order[i];
        row++;
        /* The tips (rounding tails, low precision) stand apart, under a line of their own. */
        if (f->severity == JX_SEV_INFO && (i == 0 || order[i - 1]->severity != JX_SEV_INFO)) {
            lxw_col_t last = jx_xlsx_block_last(b);
            jx_xlsx_put_string(w, l.ws, l.sheet, row, 0, row, last,
                               "以下为提示：四舍五入的尾差、填写精度不足等，不作为错误或警告。", l.f.header);
            row++;
        }
        char location[300], table[200];
        /* In the source's own terms: 第12行 for text, Sheet1!C12, 表2 第5行第3列 or
         * 第12段 for a workbook, Word file or page. The file is the footer's and
         * the summary's: a long name here would be cut, a link not wrapping. */
        if (w->report->doc->places != NULL)
            jx_document_place(w->report->doc, f->line, f->cell ? f->cell->col : 0, location,
                              sizeof location);
        else
            snprintf(location, sizeof location, "第%u行", (unsigned)f->line);
        snprintf(table, sizeof table, "%zu %s", f->table ? f->table->index : 0,
                 f->table ? f->table->title : "");
        jx_utf8_trim_partial(location);
        jx_utf8_trim_partial(table);
        list_text(&l, row, jx_xlsx_field_of(b, "severity"), jx_xlsx_severity_word(f->severity));
        /* the code by its Chinese name, the code itself beside it (JSON's, the README's) */
        const jx_code_info *info = jx_code_info_named(f->code);
        char code[160];
        if (info != NULL)
            snprintf(code, sizeof code, "%s（%s）", info->title, f->code);
        list_text(&l, row, jx_xlsx_field_of(b, "code"), info != NULL ? code : f->code);
        const jx_form_field *loc = jx_xlsx_field_of(b, "location");
        const placed_cell *p = jx_xlsx_find_placed(w, jx_xlsx_finding_cell(w, f));
        if (loc && p) {
            char cell[16];
            lxw_rowcol_to_cell(cell, p->row, p->col);
            write_link(&l, row, loc, w->sheet_names[p->sheet], cell, location);
        } else {
            list_text(&l, row, loc, location);
        }
        list_text(&l, row, jx_xlsx_field_of(b, "table"), f->table ? table : "");
        list_text(&l, row, jx_xlsx_field_of(b, "row"), f->row);
        list_text(&l, row, jx_xlsx_field_of(b, "column"), f->column);
        bool pct = f->declared.percent;
        list_number(&l, row, jx_xlsx_field_of(b, "declared"), f->declared.kind == JX_NUM_VALUE,
                    f->declared.micros, pct);
        list_number(&l, row, jx_xlsx_field_of(b, "computed"), f->has_computed, f->computed,
                    f->computed_percent);
        list_text(&l, row, jx_xlsx_field_of(b, "message"), f->message);
    }
    if (b)
        finish_findings_sheet(&l, b, row);
    free(order);
}
