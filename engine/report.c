/* report.c — renders parsed documents as JSON Lines and as a text outline. */
#include "internal.h"

#include <string.h>

static void json_key(jx_buf *out, const char *key, bool first)
{
    if (!first)
        jx_buf_append(out, ",", 1);
    jx_buf_json_string(out, key);
    jx_buf_append(out, ":", 1);
}

static void json_cell(jx_buf *out, const jx_cell *cell)
{
    jx_buf_puts(out, "{\"text\":");
    jx_buf_json_string(out, cell->text);
    jx_buf_puts(out, ",\"norm\":");
    jx_buf_json_string(out, cell->norm);
    jx_buf_puts(out, ",\"line\":");
    jx_buf_uint(out, cell->line);
    jx_buf_puts(out, ",\"col\":");
    jx_buf_uint(out, cell->col);
    jx_buf_append(out, "}", 1);
}

static void json_table(jx_buf *out, const jx_table *t)
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
            json_cell(out, &row->cells[c]);
        }
        jx_buf_append(out, "]", 1);
    }
    jx_buf_puts(out, "]}");
}

void jx_render_parse_json(jx_buf *out, const jx_document *doc)
{
    jx_buf_puts(out, "{\"file\":");
    jx_buf_json_string(out, doc->name);
    json_key(out, "encoding", false);
    jx_buf_json_string(out, jx_encoding_name(doc->encoding));
    jx_buf_printf(out, ",\"lines\":%zu,\"tables\":[", doc->nlines);
    for (size_t k = 0; k < doc->ntables; k++) {
        if (k)
            jx_buf_append(out, ",", 1);
        json_table(out, &doc->tables[k]);
    }
    jx_buf_puts(out, "]}\n");
}

void jx_render_parse_text(jx_buf *out, const jx_document *doc)
{
    jx_buf_printf(out, "%s  (%s, %zu lines, %zu tables)\n", doc->name,
                  jx_encoding_name(doc->encoding), doc->nlines, doc->ntables);
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
}
