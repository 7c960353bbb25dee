/* report.c — renders parsed documents as JSON Lines and as a text outline. */
#include "render.h"

#include <string.h>

/* ,"key": with the key spelled in the code (nothing to escape). */
#define JSON_KEY(out, key) JX_BUF_LIT(out, ",\"" key "\":")

/* ,"key":N */
static void json_uint(jx_buf *out, const char *key_colon, size_t key_len, uint64_t v)
{
    jx_buf_append(out, key_colon, key_len);
    jx_buf_uint(out, v);
}
#define JSON_UINT(out, key, v) json_uint(out, ",\"" key "\":", sizeof(",\"" key "\":") - 1, (v))

/* A cell longer than this is written piece by piece (jx_buf_json_string);
 * shorter ones, nearly all, in one room of the buffer. */
#define CELL_ROOM_MAX 65536

/* The keys, line and column of a cell, with nothing to escape: at most this long. */
#define CELL_KEYS_MAX 160

static char *put(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}
#define PUT_LIT(o, literal) put((o), "" literal, sizeof(literal) - 1)

/* ,"key":N in room o (the key spelled in the code). */
#define PUT_UINT(o, key, v) jx_put_uint(PUT_LIT((o), ",\"" key "\":"), (v))

/* A cell as JSON, after a comma when it is not its row's first. */
static void json_cell(jx_buf *out, const jx_document *doc, const jx_cell *cell, bool comma)
{
    size_t text_len = strlen(cell->text);
    /* Most cells need no normalising: their norm is their text, written again
     * as it was escaped a moment ago. */
    bool same = cell->norm == cell->text || strcmp(cell->norm, cell->text) == 0;
    size_t norm_len = same ? 0 : strlen(cell->norm);
    char *room = text_len + norm_len <= CELL_ROOM_MAX
        ? jx_buf_room(out, 6 * (text_len + norm_len) + 6 * text_len + CELL_KEYS_MAX) : NULL;
    if (room == NULL) { /* a long cell, or no memory (then nothing is written) */
        if (comma)
            JX_BUF_LIT(out, ",");
        JX_BUF_LIT(out, "{\"text\":");
        jx_buf_json_string(out, cell->text);
        JX_BUF_LIT(out, ",\"norm\":");
        jx_buf_json_string(out, cell->norm);
        room = jx_buf_room(out, CELL_KEYS_MAX);
        if (room == NULL)
            return;
    } else {
        char *o = room;
        if (comma)
            *o++ = ',';
        o = PUT_LIT(o, "{\"text\":\"");
        char *text = o;
        o += jx_json_escape_into(o, cell->text, text_len);
        size_t escaped = (size_t)(o - text);
        o = PUT_LIT(o, "\",\"norm\":\"");
        o = same ? put(o, text, escaped) : o + jx_json_escape_into(o, cell->norm, norm_len);
        *o++ = '"';
        jx_buf_wrote(out, (size_t)(o - room));
        room = o;
    }
    char *o = PUT_UINT(room, "line", cell->line);
    o = PUT_UINT(o, "col", cell->col);
    /* A merged cell of a workbook, Word file or page says what it covers. */
    if (cell->rowspan > 1)
        o = PUT_UINT(o, "rowspan", cell->rowspan);
    if (cell->colspan > 1)
        o = PUT_UINT(o, "colspan", cell->colspan);
    /* A PDF's cell says its page (a table may run over several). */
    if (doc->places != NULL && cell->line >= 1 && cell->line <= doc->nlines
        && doc->places[cell->line - 1].page)
        o = PUT_UINT(o, "page", doc->places[cell->line - 1].page);
    *o++ = '}';
    jx_buf_wrote(out, (size_t)(o - room));
}

static void json_table(jx_buf *out, const jx_document *doc, const jx_table *t)
{
    JX_BUF_LIT(out, "{\"index\":");
    jx_buf_uint(out, t->index);
    JSON_KEY(out, "title");
    jx_buf_json_string(out, t->title);
    JSON_KEY(out, "kind");
    jx_buf_json_string(out, jx_table_kind_name(t->kind));
    JSON_KEY(out, "number");
    jx_buf_json_string(out, t->number);
    JSON_KEY(out, "year");
    jx_buf_json_string(out, t->year);
    JSON_KEY(out, "unit");
    jx_buf_json_string(out, t->unit);
    JSON_KEY(out, "org");
    jx_buf_json_string(out, t->org);
    JSON_UINT(out, "title_line", t->title_line);
    JSON_UINT(out, "line_start", t->line_start);
    JSON_UINT(out, "line_end", t->line_end);
    JSON_UINT(out, "header_rows", t->header_rows);
    JSON_UINT(out, "continuations", t->continuations);
    JSON_UINT(out, "columns", t->grid.ncols);
    JX_BUF_LIT(out, ",\"rows\":[");
    for (size_t r = 0; r < t->grid.nrows; r++) {
        const jx_row *row = &t->grid.rows[r];
        if (r)
            JX_BUF_LIT(out, ",[");
        else
            JX_BUF_LIT(out, "[");
        for (size_t c = 0; c < row->ncells; c++)
            json_cell(out, doc, &row->cells[c], c > 0);
        JX_BUF_LIT(out, "]");
    }
    JX_BUF_LIT(out, "]");
    if (t->scorecard) {
        JX_BUF_LIT(out, ",\"scorecard\":");
        jx_render_scorecard_json(out, t->scorecard);
    }
    JX_BUF_LIT(out, "}");
}

void jx_render_parse_json(jx_buf *out, const jx_document *doc)
{
    JX_BUF_LIT(out, "{\"file\":");
    jx_buf_json_string(out, doc->name);
    JSON_KEY(out, "encoding");
    jx_buf_json_string(out, jx_encoding_name(doc->encoding));
    JSON_KEY(out, "format");
    jx_buf_json_string(out, doc->format ? doc->format : "text");
    JSON_UINT(out, "lines", doc->nlines);
    JX_BUF_LIT(out, ",\"tables\":[");
    for (size_t k = 0; k < doc->ntables; k++) {
        if (k)
            JX_BUF_LIT(out, ",");
        json_table(out, doc, &doc->tables[k]);
    }
    JX_BUF_LIT(out, "]}\n");
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

/* ,"key": for a key of fields.def (plain ASCII: nothing to escape). */
static void json_field_key(jx_buf *out, const char *key)
{
    size_t n = strlen(key);
    char *room = jx_buf_room(out, n + 4);
    if (room == NULL)
        return;
    room[0] = ',';
    room[1] = '"';
    memcpy(room + 2, key, n);
    room[n + 2] = '"';
    room[n + 3] = ':';
    jx_buf_wrote(out, n + 4);
}

/* A value's keys past its text, and its number: at most this long (the key
 * of fields.def and the unit counted apart). */
#define VALUE_KEYS_MAX 200

static char *put_escaped(char *o, const char *s, size_t n)
{
    *o++ = '"';
    o += jx_json_escape_into(o, s, n);
    *o++ = '"';
    return o;
}

static void json_value(jx_buf *out, const char *key, const jx_value *v)
{
    size_t key_len = strlen(key);
    const jx_cell *cell = v->cell;
    size_t text_len = cell ? strlen(cell->text) : 0;
    const char *unit = v->num.kind == JX_NUM_VALUE ? v->num.unit : "";
    size_t unit_len = strlen(unit);
    /* One room for the whole value, as for a cell (a long text: piece by piece). */
    char *room = text_len <= CELL_ROOM_MAX
        ? jx_buf_room(out, key_len + 6 * (text_len + unit_len) + VALUE_KEYS_MAX) : NULL;
    if (room == NULL) {
        json_field_key(out, key);
        if (cell == NULL) {
            JX_BUF_LIT(out, "null");
            return;
        }
        JX_BUF_LIT(out, "{\"text\":");
        jx_buf_json_string(out, cell->text);
        room = jx_buf_room(out, 6 * unit_len + VALUE_KEYS_MAX);
        if (room == NULL)
            return;
    } else {
        char *o = PUT_LIT(room, ",\"");
        o = put(o, key, key_len);
        o = PUT_LIT(o, "\":");
        if (cell == NULL) {
            o = PUT_LIT(o, "null");
            jx_buf_wrote(out, (size_t)(o - room));
            return;
        }
        o = PUT_LIT(o, "{\"text\":");
        o = put_escaped(o, cell->text, text_len);
        jx_buf_wrote(out, (size_t)(o - room));
        room = o;
    }
    char *o = PUT_LIT(room, ",\"value\":");
    if (v->num.kind == JX_NUM_VALUE) {
        o += jx_decimal_text(o, v->num.micros, v->num.decimals);
        o = PUT_UINT(o, "decimals", v->num.decimals);
        if (v->num.percent)
            o = PUT_LIT(o, ",\"percent\":true");
        if (v->num.cmp != JX_CMP_NONE) {
            const char *symbol = jx_comparator_symbol(v->num.cmp);
            o = PUT_LIT(o, ",\"comparator\":");
            o = put_escaped(o, symbol, strlen(symbol));
        }
        if (unit_len > 0) {
            o = PUT_LIT(o, ",\"unit\":");
            o = put_escaped(o, unit, unit_len);
        }
    } else {
        o = PUT_LIT(o, "null");
    }
    o = PUT_UINT(o, "line", cell->line);
    o = PUT_UINT(o, "col", cell->col);
    *o++ = '}';
    jx_buf_wrote(out, (size_t)(o - room));
}

static void json_text(jx_buf *out, const char *key, const char *text)
{
    size_t key_len = strlen(key), text_len = strlen(text);
    char *room = text_len <= CELL_ROOM_MAX ? jx_buf_room(out, key_len + 6 * text_len + 8) : NULL;
    if (room == NULL) {
        json_field_key(out, key);
        jx_buf_json_string(out, text);
        return;
    }
    char *o = PUT_LIT(room, ",\"");
    o = put(o, key, key_len);
    o = PUT_LIT(o, "\":");
    o = put_escaped(o, text, text_len);
    jx_buf_wrote(out, (size_t)(o - room));
}

static void json_bool(jx_buf *out, const char *key_colon, size_t key_len, bool v)
{
    jx_buf_append(out, key_colon, key_len);
    if (v)
        JX_BUF_LIT(out, "true");
    else
        JX_BUF_LIT(out, "false");
}
#define JSON_BOOL(out, key, v) json_bool(out, ",\"" key "\":", sizeof(",\"" key "\":") - 1, (v))

/* The keys a row writes itself, before its fields: where it is and what it is. */
typedef void row_keys(jx_buf *out, const void *row);

static void row_line(jx_buf *out, uint32_t line)
{
    JX_BUF_LIT(out, "{\"line\":");
    jx_buf_uint(out, line);
}

static void funds_keys(jx_buf *out, const void *row)
{
    const jx_funds_row *f = row;
    row_line(out, f->line);
    JSON_BOOL(out, "total", f->is_total);
}

static void task_keys(jx_buf *out, const void *row)
{
    const jx_task_row *t = row;
    row_line(out, t->line);
    JSON_BOOL(out, "total", t->is_total);
}

static void management_keys(jx_buf *out, const void *row)
{
    row_line(out, ((const jx_management_row *)row)->line);
}

static void indicator_keys(jx_buf *out, const void *row)
{
    const jx_indicator *ind = row;
    row_line(out, ind->line);
    JSON_UINT(out, "category", ind->category);
    JSON_BOOL(out, "placeholder", ind->placeholder);
    JSON_BOOL(out, "part", ind->part);
}

/* A block's rows (n of `size` bytes): each its own keys, then its fields in fields.def's order. */
static void json_rows(jx_buf *out, jx_card_block block, const void *rows, size_t n, size_t size,
                      row_keys *keys)
{
    json_field_key(out, jx_card_block_name(block));
    JX_BUF_LIT(out, "[");
    jx_field_list fields = jx_block_fields(block);
    for (size_t i = 0; i < n; i++) {
        const void *row = (const char *)rows + i * size;
        if (i)
            JX_BUF_LIT(out, ",");
        keys(out, row);
        for (size_t k = 0; k < fields.n; k++) {
            const jx_field *f = &fields.fields[k];
            if (f->holds == JX_HOLDS_TEXT)
                json_text(out, f->name, jx_field_text(f, row));
            else
                json_value(out, f->name, jx_field_value(f, row));
        }
        JX_BUF_LIT(out, "}");
    }
    JX_BUF_LIT(out, "]");
}

static void json_categories(jx_buf *out, const jx_scorecard *card)
{
    JX_BUF_LIT(out, ",\"categories\":[");
    for (size_t i = 0; i < card->ncategories; i++) {
        const jx_category *c = &card->categories[i];
        if (i)
            JX_BUF_LIT(out, ",{\"name\":");
        else
            JX_BUF_LIT(out, "{\"name\":");
        jx_buf_json_string(out, c->name);
        JX_BUF_LIT(out, ",\"declared_weight\":");
        if (c->has_declared_weight)
            jx_buf_json_number(out, &c->declared_weight);
        else
            JX_BUF_LIT(out, "null");
        JSON_UINT(out, "line", c->cell ? c->cell->line : 0);
        JX_BUF_LIT(out, "}");
    }
    JX_BUF_LIT(out, "]");
}

void jx_render_scorecard_json(jx_buf *out, const jx_scorecard *card)
{
    JX_BUF_LIT(out, "{\"kind\":");
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
    JSON_UINT(out, "total_line", card->total_line);
    json_value(out, "total_weight", &card->total_weight);
    json_value(out, "total_score", &card->total_score);
    /* Only where a form prints them, so the JSON of the forms that do not keeps its keys. */
    if (card->header_total.cell != NULL)
        json_value(out, "header_total", &card->header_total);
    if (card->has_execution_weight) {
        JX_BUF_LIT(out, ",\"execution_weight\":");
        jx_buf_json_number(out, &card->execution_weight);
    }
    JX_BUF_LIT(out, "}");
}
