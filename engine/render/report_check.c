/* report_check.c — renders `jixiao check` reports: JSON Lines and text. */
#include "render.h"

#include <string.h>

static void json_computed(jx_buf *out, const jx_finding *f)
{
    if (!f->has_computed) {
        jx_buf_puts(out, "null");
        return;
    }
    jx_buf_decimal(out, f->computed, f->computed_decimals);
}

static void json_card(jx_buf *out, const jx_card_result *r)
{
    const jx_table *t = r->card->table;
    jx_buf_printf(out, "{\"table\":%zu,\"table_title\":", t->index);
    jx_buf_json_string(out, t->title);
    jx_buf_puts(out, ",\"name\":");
    jx_buf_json_string(out, r->card->name);
    jx_buf_puts(out, ",\"kind\":");
    jx_buf_json_string(out, jx_table_kind_name(r->card->kind));
    jx_buf_printf(out, ",\"line\":%u,\"declared_total\":", t->line_start);
    jx_buf_json_number(out, &r->declared_total);
    jx_buf_puts(out, ",\"computed_total\":");
    if (r->has_computed_total) {
        jx_buf_decimal(out, r->computed_total, r->computed_decimals);
    } else {
        jx_buf_puts(out, "null");
    }
    /* What the corrected card's 总分 row adds up to, and whether computed_total
     * is that sum scaled to the rule set's total (weights off 100, 不适用). */
    jx_buf_puts(out, ",\"computed_sum\":");
    if (r->has_computed_total)
        jx_buf_decimal(out, r->computed_sum, 2);
    else
        jx_buf_puts(out, "null");
    jx_buf_printf(out, ",\"scaled\":%s", r->has_computed_total && r->scaled ? "true" : "false");
    jx_buf_printf(out, ",\"partial\":%s", r->partial ? "true" : "false");
    jx_buf_puts(out, ",\"grade_declared\":");
    if (r->grade_declared[0])
        jx_buf_json_string(out, r->grade_declared);
    else
        jx_buf_puts(out, "null");
    jx_buf_puts(out, ",\"grade_computed\":");
    if (r->grade_computed[0])
        jx_buf_json_string(out, r->grade_computed);
    else
        jx_buf_puts(out, "null");
    jx_buf_printf(out, ",\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu}", r->errors,
                  r->warnings, r->infos);
}

/* Where a finding is in a workbook, Word file or web page, in its own terms:
 * "place" as a person reads it, and its parts (sheet and cell; table, row and
 * column; paragraph). Nothing for text, whose line and col are the file's. */
static void json_source_place(jx_buf *out, const jx_document *doc, const jx_finding *f)
{
    if (doc->places == NULL || f->line == 0 || f->line > doc->nlines)
        return;
    uint32_t col = f->cell ? f->cell->col : 0;
    char place[320];
    jx_document_place(doc, f->line, col, place, sizeof place);
    jx_buf_puts(out, ",\"place\":");
    jx_buf_json_string(out, place);
    const jx_place *p = &doc->places[f->line - 1];
    if (p->page)
        jx_buf_printf(out, ",\"page\":%u", p->page);
    if (p->prose && p->page) {
        jx_buf_printf(out, ",\"page_line\":%u", p->row);
    } else if (p->prose) {
        jx_buf_printf(out, ",\"paragraph\":%u", p->row);
    } else if (doc->parts != NULL && p->part < doc->nparts) {
        jx_buf_puts(out, ",\"sheet\":");
        jx_buf_json_string(out, doc->parts[p->part]);
        const char *bang = strrchr(place, '!');
        jx_buf_puts(out, ",\"cell\":");
        jx_buf_json_string(out, bang ? bang + 1 : "");
    } else {
        jx_buf_printf(out, ",\"source_table\":%u,\"source_row\":%u", p->part, p->row);
        if (col)
            jx_buf_printf(out, ",\"source_col\":%u", col);
    }
}

static void json_finding(jx_buf *out, const jx_document *doc, const jx_finding *f)
{
    jx_buf_puts(out, "{\"code\":");
    jx_buf_json_string(out, f->code);
    jx_buf_puts(out, ",\"severity\":");
    jx_buf_json_string(out, jx_severity_name(f->severity));
    jx_buf_printf(out, ",\"line\":%u,\"col\":", f->line);
    if (f->cell)
        jx_buf_uint(out, f->cell->col);
    else
        jx_buf_puts(out, "null");
    json_source_place(out, doc, f);
    jx_buf_printf(out, ",\"table\":%zu,\"table_title\":", f->table ? f->table->index : 0);
    jx_buf_json_string(out, f->table ? f->table->title : "");
    jx_buf_puts(out, ",\"row\":");
    jx_buf_json_string(out, f->row);
    jx_buf_puts(out, ",\"column\":");
    jx_buf_json_string(out, f->column);
    jx_buf_puts(out, ",\"declared\":");
    jx_buf_json_number(out, &f->declared);
    jx_buf_puts(out, ",\"computed\":");
    json_computed(out, f);
    jx_buf_puts(out, ",\"message\":");
    jx_buf_json_string(out, f->message);
    jx_buf_puts(out, "}");
}

void jx_render_check_json(jx_buf *out, const jx_report *report)
{
    jx_buf_puts(out, "{\"file\":");
    jx_buf_json_string(out, report->doc->name);
    jx_buf_puts(out, ",\"rules\":");
    jx_buf_json_string(out, report->rules->name);
    jx_buf_puts(out, ",\"encoding\":");
    jx_buf_json_string(out, jx_encoding_name(report->doc->encoding));
    jx_buf_puts(out, ",\"format\":");
    jx_buf_json_string(out, report->doc->format ? report->doc->format : "text");
    if (report->doc->note && report->doc->note[0]) {
        jx_buf_puts(out, ",\"note\":");
        jx_buf_json_string(out, report->doc->note);
    }
    jx_buf_puts(out, ",\"scorecards\":[");
    for (size_t i = 0; i < report->ncards; i++) {
        if (i)
            jx_buf_append(out, ",", 1);
        json_card(out, &report->cards[i]);
    }
    jx_buf_puts(out, "],\"findings\":[");
    for (size_t i = 0; i < report->nfindings; i++) {
        if (i)
            jx_buf_append(out, ",", 1);
        json_finding(out, report->doc, &report->findings[i]);
    }
    jx_buf_printf(out, "],\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu}\n", report->errors,
                  report->warnings, report->infos);
}

/* ------------------------------------------------------------ text */

static void text_number(jx_buf *out, const jx_number *num)
{
    char digits[48];
    if (num->kind != JX_NUM_VALUE) {
        jx_buf_puts(out, "(空白)");
        return;
    }
    jx_decimal_format(digits, sizeof digits, num->micros, num->decimals);
    jx_buf_puts(out, digits);
    if (num->percent)
        jx_buf_puts(out, "%");
}

static void text_finding(jx_buf *out, const jx_report *report, const jx_finding *f)
{
    if (report->doc->places != NULL) {
        char place[320];
        jx_document_place(report->doc, f->line, f->cell ? f->cell->col : 0, place, sizeof place);
        jx_buf_printf(out, "    %s (%s)  %-7s %-24s", report->doc->name, place,
                      jx_severity_name(f->severity), f->code);
    } else {
        jx_buf_printf(out, "    %s:%u  %-7s %-24s", report->doc->name, f->line,
                      jx_severity_name(f->severity), f->code);
    }
    if (f->row[0] || f->column[0])
        jx_buf_printf(out, " %s%s%s", f->row, f->row[0] && f->column[0] ? " · " : "", f->column);
    if (f->declared.kind == JX_NUM_VALUE || f->has_computed) {
        jx_buf_puts(out, ": ");
        text_number(out, &f->declared);
        if (f->has_computed) {
            char digits[48];
            jx_decimal_format(digits, sizeof digits, f->computed, f->computed_decimals);
            jx_buf_printf(out, " → %s%s", digits, f->computed_percent ? "%" : "");
        }
    }
    jx_buf_printf(out, "\n        %s\n", f->message);
}

static void text_card_header(jx_buf *out, const jx_card_result *r)
{
    const jx_table *t = r->card->table;
    jx_buf_printf(out, "  [%zu] %s (%s, lines %u-%u)", t->index, t->title[0] ? t->title : r->card->name,
                  jx_table_kind_name(r->card->kind), t->line_start, t->line_end);
    if (r->card->name[0] && strcmp(r->card->name, t->title) != 0)
        jx_buf_printf(out, " %s", r->card->name);
    if (r->has_computed_total) {
        char digits[48];
        jx_decimal_format(digits, sizeof digits, r->computed_total, r->computed_decimals);
        jx_buf_puts(out, "\n      总分 ");
        text_number(out, &r->declared_total);
        jx_buf_printf(out, " → %s", digits);
        if (r->grade_declared[0] || r->grade_computed[0])
            jx_buf_printf(out, "   等级 %s → %s", r->grade_declared[0] ? r->grade_declared : "-",
                          r->grade_computed[0] ? r->grade_computed : "-");
    } else if (r->partial) {
        jx_buf_puts(out, "\n      总分 ");
        text_number(out, &r->declared_total);
        jx_buf_puts(out, " → 不重算（表格不完整）");
    }
    jx_buf_puts(out, "\n");
}

/* The table's card, if any: cards are in table order, so a cursor walks them once. */
static const jx_card_result *card_of(const jx_report *report, const jx_table *table,
                                     size_t *cursor)
{
    if (*cursor < report->ncards && report->cards[*cursor].card->table == table)
        return &report->cards[(*cursor)++];
    return NULL;
}

/* Tables in document order: each scorecard, and each other table with findings. */
void jx_render_check_text(jx_buf *out, const jx_report *report)
{
    size_t start = out->len; /* what the document wrote is escaped at the end */
    const jx_document *doc = report->doc;
    jx_buf_printf(out, "%s  (rules: %s)\n", doc->name, report->rules->name);
    if (jx_encoding_note(doc->encoding)[0]) /* plain UTF-8 goes without saying */
        jx_buf_printf(out, "  encoding: %s (%s)\n", jx_encoding_name(doc->encoding),
                      jx_encoding_note(doc->encoding));
    size_t k = 0; /* findings are sorted by table, then line */
    size_t next_card = 0;
    for (size_t t = 0; t < doc->ntables; t++) {
        const jx_table *table = &doc->tables[t];
        const jx_card_result *card = card_of(report, table, &next_card);
        bool has_findings = k < report->nfindings && report->findings[k].table == table;
        if (card)
            text_card_header(out, card);
        else if (has_findings)
            jx_buf_printf(out, "  [%zu] %s (%s, lines %u-%u)\n", table->index,
                          table->title[0] ? table->title : "(untitled)",
                          jx_table_kind_name(table->kind), table->line_start, table->line_end);
        for (; k < report->nfindings && report->findings[k].table == table; k++)
            text_finding(out, report, &report->findings[k]);
    }
    for (; k < report->nfindings; k++) /* findings of no table: prose */
        text_finding(out, report, &report->findings[k]);
    jx_buf_printf(out, "  %s: %zu scorecards, %zu errors, %zu warnings, %zu info\n\n",
                  doc->name, report->ncards, report->errors, report->warnings, report->infos);
    jx_buf_escape_from(out, start);
}
