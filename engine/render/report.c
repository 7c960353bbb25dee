/* report.c — renders parsed documents as JSON Lines and as a text outline. */
#include "render.h"

#include <string.h>

static void json_key(jx_buf *out, const char *key, bool first)
{
    if (!first)
        jx_buf_append(out, ",", 1);
    jx_buf_json_string(out, key);
    jx_buf_append(out, ":", 1);
}

static void json_cell(jx_buf *out, const jx_document *doc, const jx_cell *cell)
{
    jx_buf_puts(out, "{\"text\":");
    jx_buf_json_string(out, cell->text);
    jx_buf_puts(out, ",\"norm\":");
    jx_buf_json_string(out, cell->norm);
    jx_buf_puts(out, ",\"line\":");
    jx_buf_uint(out, cell->line);
    jx_buf_puts(out, ",\"col\":");
    jx_buf_uint(out, cell->col);
    /* A merged cell of a workbook, Word file or page says what it covers. */
    if (cell->rowspan > 1)
        jx_buf_printf(out, ",\"rowspan\":%u", cell->rowspan);
    if (cell->colspan > 1)
        jx_buf_printf(out, ",\"colspan\":%u", cell->colspan);
    /* A PDF's cell says its page (a table may run over several). */
    if (doc->places != NULL && cell->line >= 1 && cell->line <= doc->nlines
        && doc->places[cell->line - 1].page)
        jx_buf_printf(out, ",\"page\":%u", doc->places[cell->line - 1].page);
    jx_buf_append(out, "}", 1);
}

static void json_table(jx_buf *out, const jx_document *doc, const jx_table *t)
{
    jx_buf_printf(out, "{\"index\":%zu", t->index);
    json_key(out, "title", false);
    jx_buf_json_string(out, t->title);
    json_key(out, "kind", false);
    jx_buf_json_string(out, jx_table_kind_name(t->kind));
    json_key(out, "number", false);
    jx_buf_json_string(out, t->number);
    json_key(out, "year", false);
    jx_buf_json_string(out, t->year);
    json_key(out, "unit", false);
    jx_buf_json_string(out, t->unit);
    json_key(out, "org", false);
    jx_buf_json_string(out, t->org);
    jx_buf_printf(out, ",\"title_line\":%u,\"line_start\":%u,\"line_end\":%u"
                       ",\"header_rows\":%zu,\"continuations\":%zu,\"columns\":%zu,\"rows\":[",
                  t->title_line, t->line_start, t->line_end, t->header_rows,
                  t->continuations, t->grid.ncols);
    for (size_t r = 0; r < t->grid.nrows; r++) {
        const jx_row *row = &t->grid.rows[r];
        jx_buf_puts(out, r ? ",[" : "[");
        for (size_t c = 0; c < row->ncells; c++) {
            if (c)
                jx_buf_append(out, ",", 1);
            json_cell(out, doc, &row->cells[c]);
        }
        jx_buf_append(out, "]", 1);
    }
    jx_buf_puts(out, "]");
    if (t->scorecard) {
        jx_buf_puts(out, ",\"scorecard\":");
        jx_render_scorecard_json(out, t->scorecard);
    }
    jx_buf_puts(out, "}");
}

void jx_render_parse_json(jx_buf *out, const jx_document *doc)
{
    jx_buf_puts(out, "{\"file\":");
    jx_buf_json_string(out, doc->name);
    json_key(out, "encoding", false);
    jx_buf_json_string(out, jx_encoding_name(doc->encoding));
    json_key(out, "format", false);
    jx_buf_json_string(out, doc->format ? doc->format : "text");
    jx_buf_printf(out, ",\"lines\":%zu,\"tables\":[", doc->nlines);
    for (size_t k = 0; k < doc->ntables; k++) {
        if (k)
            jx_buf_append(out, ",", 1);
        json_table(out, doc, &doc->tables[k]);
    }
    jx_buf_puts(out, "]}\n");
}

void jx_render_parse_text(jx_buf *out, const jx_document *doc)
{
    size_t start = out->len; /* what the document wrote is escaped at the end */
    /* A page or workbook says what it was read as; text its encoding, as before. */
    bool source = doc->places != NULL;
    jx_buf_printf(out, "%s  (%s, %zu %s, %zu tables)\n", doc->name,
                  source ? doc->format : jx_encoding_name(doc->encoding), doc->nlines,
                  source ? "rows" : "lines", doc->ntables);
    for (size_t k = 0; k < doc->ntables; k++) {
        const jx_table *t = &doc->tables[k];
        jx_buf_printf(out, "  %3zu  %-12s lines %u-%u  %zu×%zu  header %zu", t->index,
                      jx_table_kind_name(t->kind), t->line_start, t->line_end,
                      t->grid.nrows, t->grid.ncols, t->header_rows);
        if (t->continuations)
            jx_buf_printf(out, "  +%zu page break%s", t->continuations,
                          t->continuations > 1 ? "s" : "");
        jx_buf_printf(out, "\n       %s", t->title[0] ? t->title : "(untitled)");
        if (t->number[0])
            jx_buf_printf(out, "  [%s]", t->number);
        if (t->year[0])
            jx_buf_printf(out, "  %s", t->year);
        if (t->unit[0])
            jx_buf_printf(out, "  单位:%s", t->unit);
        jx_buf_puts(out, "\n");
    }
    jx_buf_escape_from(out, start);
}

/* ------------------------------------------------------------ scorecard model */

static void json_value(jx_buf *out, const char *key, const jx_value *v)
{
    jx_buf_printf(out, ",\"%s\":", key);
    if (v->cell == NULL) {
        jx_buf_puts(out, "null");
        return;
    }
    jx_buf_puts(out, "{\"text\":");
    jx_buf_json_string(out, v->cell->text);
    jx_buf_puts(out, ",\"value\":");
    jx_buf_json_number(out, &v->num);
    if (v->num.kind == JX_NUM_VALUE) {
        jx_buf_printf(out, ",\"decimals\":%u", v->num.decimals);
        if (v->num.percent)
            jx_buf_puts(out, ",\"percent\":true");
        if (v->num.cmp != JX_CMP_NONE) {
            jx_buf_puts(out, ",\"comparator\":");
            jx_buf_json_string(out, jx_comparator_symbol(v->num.cmp));
        }
        if (v->num.unit[0]) {
            jx_buf_puts(out, ",\"unit\":");
            jx_buf_json_string(out, v->num.unit);
        }
    }
    jx_buf_printf(out, ",\"line\":%u,\"col\":%u}", v->cell->line, v->cell->col);
}

static void json_text(jx_buf *out, const char *key, const char *text)
{
    jx_buf_printf(out, ",\"%s\":", key);
    jx_buf_json_string(out, text);
}

/* The keys a row writes itself, before its fields: where it is and what it is. */
typedef void row_keys(jx_buf *out, const void *row);

static void funds_keys(jx_buf *out, const void *row)
{
    const jx_funds_row *f = row;
    jx_buf_printf(out, "{\"line\":%u,\"total\":%s", f->line, f->is_total ? "true" : "false");
}

static void task_keys(jx_buf *out, const void *row)
{
    const jx_task_row *t = row;
    jx_buf_printf(out, "{\"line\":%u,\"total\":%s", t->line, t->is_total ? "true" : "false");
}

static void management_keys(jx_buf *out, const void *row)
{
    jx_buf_printf(out, "{\"line\":%u", ((const jx_management_row *)row)->line);
}

static void indicator_keys(jx_buf *out, const void *row)
{
    const jx_indicator *ind = row;
    jx_buf_printf(out, "{\"line\":%u,\"category\":%zu,\"placeholder\":%s,\"part\":%s", ind->line,
                  ind->category, ind->placeholder ? "true" : "false", ind->part ? "true" : "false");
}

/* A block's rows (n of `size` bytes): each its own keys, then its fields in fields.def's order. */
static void json_rows(jx_buf *out, jx_card_block block, const void *rows, size_t n, size_t size,
                      row_keys *keys)
{
    jx_buf_printf(out, ",\"%s\":[", jx_card_block_name(block));
    jx_field_list fields = jx_block_fields(block);
    for (size_t i = 0; i < n; i++) {
        const void *row = (const char *)rows + i * size;
        if (i)
            jx_buf_append(out, ",", 1);
        keys(out, row);
        for (size_t k = 0; k < fields.n; k++) {
            const jx_field *f = &fields.fields[k];
            if (f->holds == JX_HOLDS_TEXT)
                json_text(out, f->name, jx_field_text(f, row));
            else
                json_value(out, f->name, jx_field_value(f, row));
        }
        jx_buf_puts(out, "}");
    }
    jx_buf_puts(out, "]");
}

static void json_categories(jx_buf *out, const jx_scorecard *card)
{
    jx_buf_puts(out, ",\"categories\":[");
    for (size_t i = 0; i < card->ncategories; i++) {
        const jx_category *c = &card->categories[i];
        jx_buf_puts(out, i ? ",{\"name\":" : "{\"name\":");
        jx_buf_json_string(out, c->name);
        jx_buf_puts(out, ",\"declared_weight\":");
        if (c->has_declared_weight)
            jx_buf_json_number(out, &c->declared_weight);
        else
            jx_buf_puts(out, "null");
        jx_buf_printf(out, ",\"line\":%u}", c->cell ? c->cell->line : 0);
    }
    jx_buf_puts(out, "]");
}

void jx_render_scorecard_json(jx_buf *out, const jx_scorecard *card)
{
    jx_buf_puts(out, "{\"kind\":");
    jx_buf_json_string(out, jx_table_kind_name(card->kind));
    json_text(out, "name", card->name);
    json_text(out, "year", card->table->year);
    json_text(out, "department", card->department);
    json_text(out, "implementer", card->implementer);
    json_text(out, "goal_label", card->goal_label);
    json_text(out, "goal_expected", card->goal_expected);
    json_text(out, "goal_actual", card->goal_actual);
    json_rows(out, JX_BLOCK_funds, card->funds, card->nfunds, sizeof *card->funds, funds_keys);
    json_rows(out, JX_BLOCK_tasks, card->tasks, card->ntasks, sizeof *card->tasks, task_keys);
    json_rows(out, JX_BLOCK_management, card->management, card->nmanagement,
              sizeof *card->management, management_keys);
    json_categories(out, card);
    json_rows(out, JX_BLOCK_indicators, card->indicators, card->nindicators,
              sizeof *card->indicators, indicator_keys);
    jx_buf_printf(out, ",\"total_line\":%u", card->total_line);
    json_value(out, "total_weight", &card->total_weight);
    json_value(out, "total_score", &card->total_score);
    /* Only where a form prints them, so the JSON of the forms that do not keeps its keys. */
    if (card->header_total.cell != NULL)
        json_value(out, "header_total", &card->header_total);
    if (card->has_execution_weight) {
        jx_buf_puts(out, ",\"execution_weight\":");
        jx_buf_json_number(out, &card->execution_weight);
    }
    jx_buf_puts(out, "}");
}
