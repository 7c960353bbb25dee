/* report_check.c — renders `jixiao check` reports: JSON Lines and text. */
#include "render.h"

#include <string.h>

/* A literal appended without printf or strlen: JSON Lines of a large run hold
 * hundreds of thousands of findings, and printf's format parsing was a tenth
 * of checking a document. */

static void json_bool(jx_buf *out, bool b)
{
    if (b)
        JX_BUF_LIT(out, "true");
    else
        JX_BUF_LIT(out, "false");
}

static void json_card(jx_buf *out, const jx_card_result *r)
{
    const jx_table *t = r->card->table;
    JX_BUF_LIT(out, "{\"table\":");
    jx_buf_uint(out, t->index);
    JX_BUF_LIT(out, ",\"table_title\":");
    jx_buf_json_string(out, t->title);
    JX_BUF_LIT(out, ",\"name\":");
    jx_buf_json_string(out, r->card->name);
    JX_BUF_LIT(out, ",\"kind\":");
    jx_buf_json_string(out, jx_table_kind_name(r->card->kind));
    JX_BUF_LIT(out, ",\"line\":");
    jx_buf_uint(out, t->line_start);
    JX_BUF_LIT(out, ",\"declared_total\":");
    jx_buf_json_number(out, &r->declared_total);
    JX_BUF_LIT(out, ",\"computed_total\":");
    if (r->has_computed_total) {
        jx_buf_decimal(out, r->computed_total, r->computed_decimals);
    } else {
        JX_BUF_LIT(out, "null");
    }
    /* What the corrected card's 总分 row adds up to, and whether computed_total
     * is that sum scaled to the rule set's total (weights off 100, 不适用). */
    JX_BUF_LIT(out, ",\"computed_sum\":");
    if (r->has_computed_total)
        jx_buf_decimal(out, r->computed_sum, 2);
    else
        JX_BUF_LIT(out, "null");
    JX_BUF_LIT(out, ",\"scaled\":");
    json_bool(out, r->has_computed_total && r->scaled);
    JX_BUF_LIT(out, ",\"partial\":");
    json_bool(out, r->partial);
    JX_BUF_LIT(out, ",\"grade_declared\":");
    if (r->grade_declared[0])
        jx_buf_json_string(out, r->grade_declared);
    else
        JX_BUF_LIT(out, "null");
    JX_BUF_LIT(out, ",\"grade_computed\":");
    if (r->grade_computed[0])
        jx_buf_json_string(out, r->grade_computed);
    else
        JX_BUF_LIT(out, "null");
    JX_BUF_LIT(out, ",\"errors\":");
    jx_buf_uint(out, r->errors);
    JX_BUF_LIT(out, ",\"warnings\":");
    jx_buf_uint(out, r->warnings);
    JX_BUF_LIT(out, ",\"infos\":");
    jx_buf_uint(out, r->infos);
    JX_BUF_LIT(out, "}");
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
    JX_BUF_LIT(out, ",\"place\":");
    jx_buf_json_string(out, place);
    const jx_place *p = &doc->places[f->line - 1];
    if (p->page) {
        JX_BUF_LIT(out, ",\"page\":");
        jx_buf_uint(out, p->page);
    }
    if (p->prose && p->page) {
        JX_BUF_LIT(out, ",\"page_line\":");
        jx_buf_uint(out, p->row);
    } else if (p->prose) {
        JX_BUF_LIT(out, ",\"paragraph\":");
        jx_buf_uint(out, p->row);
    } else if (doc->parts != NULL && p->part < doc->nparts) {
        JX_BUF_LIT(out, ",\"sheet\":");
        jx_buf_json_string(out, doc->parts[p->part]);
        const char *bang = strrchr(place, '!');
        JX_BUF_LIT(out, ",\"cell\":");
        jx_buf_json_string(out, bang ? bang + 1 : "");
    } else {
        JX_BUF_LIT(out, ",\"source_table\":");
        jx_buf_uint(out, p->part);
        JX_BUF_LIT(out, ",\"source_row\":");
        jx_buf_uint(out, p->row);
        if (col) {
            JX_BUF_LIT(out, ",\"source_col\":");
            jx_buf_uint(out, col);
        }
    }
}

/*
 * A string as JSON, escaped once while the findings repeat it: the findings
 * of a table follow each other and share its title, and most share their row
 * or column with the one before. The escaped text is kept beside the output
 * (a copy out of the output itself would not survive its growing).
 */
typedef struct {
    const char *source; /* the string last escaped, NULL for none */
    jx_buf escaped;
} json_memo;

static void json_string_memo(jx_buf *out, json_memo *m, const char *s)
{
    if (s == NULL)
        s = "";
    if (m->source == NULL || (s != m->source && strcmp(s, m->source) != 0)) {
        jx_buf_clear(&m->escaped);
        jx_buf_json_string(&m->escaped, s);
        m->source = s;
    }
    if (m->escaped.failed)
        out->failed = true; /* what it holds is incomplete: so is the output */
    else
        jx_buf_append(out, m->escaped.data, m->escaped.len);
}

typedef struct {
    json_memo title, row, column;
} finding_memos;

/*
 * The short pieces of a finding (keys, integers, decimals) gathered on the
 * stack and appended at once: a finding was some twenty appends, each a
 * call, a bounds test and a memcpy of a few bytes.
 */
typedef struct {
    char text[256];
    size_t len;
} pieces;

#define PIECE(p, literal) piece_put((p), (literal), sizeof(literal) - 1)

static void piece_put(pieces *p, const char *s, size_t n)
{
    memcpy(p->text + p->len, s, n); /* a finding's pieces stay far below the size */
    p->len += n;
}

static void piece_uint(pieces *p, uint64_t v)
{
    p->len = (size_t)(jx_put_uint(p->text + p->len, v) - p->text); /* far below the size */
}

/* A decimal as jx_buf_decimal writes it (nothing when it writes nothing). */
static void piece_decimal(pieces *p, int64_t micros, int decimals)
{
    char digits[48];
    int n = jx_decimal_format(digits, sizeof digits, micros, decimals);
    if (n > 0 && (size_t)n < sizeof digits)
        piece_put(p, digits, (size_t)n);
}

static void flush(jx_buf *out, pieces *p)
{
    jx_buf_append(out, p->text, p->len);
    p->len = 0;
}

static void json_finding(jx_buf *out, const jx_document *doc, const jx_finding *f,
                         finding_memos *memo)
{
    /* A code is an identifier of findings.def and a severity's name a word:
     * neither holds anything JSON escapes. */
    pieces p = {.len = 0};
    PIECE(&p, "{\"code\":\"");
    piece_put(&p, f->code, strlen(f->code));
    PIECE(&p, "\",\"severity\":\"");
    const char *severity = jx_severity_name(f->severity);
    piece_put(&p, severity, strlen(severity));
    PIECE(&p, "\",\"line\":");
    piece_uint(&p, f->line);
    PIECE(&p, ",\"col\":");
    if (f->cell)
        piece_uint(&p, f->cell->col);
    else
        PIECE(&p, "null");
    flush(out, &p);
    json_source_place(out, doc, f);
    PIECE(&p, ",\"table\":");
    piece_uint(&p, f->table ? f->table->index : 0);
    PIECE(&p, ",\"table_title\":");
    flush(out, &p);
    json_string_memo(out, &memo->title, f->table ? f->table->title : "");
    JX_BUF_LIT(out, ",\"row\":");
    json_string_memo(out, &memo->row, f->row);
    JX_BUF_LIT(out, ",\"column\":");
    json_string_memo(out, &memo->column, f->column);
    PIECE(&p, ",\"declared\":");
    if (f->declared.kind == JX_NUM_VALUE)
        piece_decimal(&p, f->declared.micros, f->declared.decimals);
    else
        PIECE(&p, "null");
    PIECE(&p, ",\"computed\":");
    if (f->has_computed)
        piece_decimal(&p, f->computed, f->computed_decimals);
    else
        PIECE(&p, "null");
    PIECE(&p, ",\"message\":");
    flush(out, &p);
    jx_buf_json_string(out, f->message);
    JX_BUF_LIT(out, "}");
}

void jx_render_check_json(jx_buf *out, const jx_report *report)
{
    JX_BUF_LIT(out, "{\"file\":");
    jx_buf_json_string(out, report->doc->name);
    JX_BUF_LIT(out, ",\"rules\":");
    jx_buf_json_string(out, report->rules->name);
    JX_BUF_LIT(out, ",\"encoding\":");
    jx_buf_json_string(out, jx_encoding_name(report->doc->encoding));
    JX_BUF_LIT(out, ",\"format\":");
    jx_buf_json_string(out, report->doc->format ? report->doc->format : "text");
    if (report->doc->note && report->doc->note[0]) {
        JX_BUF_LIT(out, ",\"note\":");
        jx_buf_json_string(out, report->doc->note);
    }
    JX_BUF_LIT(out, ",\"scorecards\":[");
    for (size_t i = 0; i < report->ncards; i++) {
        if (i)
            JX_BUF_LIT(out, ",");
        json_card(out, &report->cards[i]);
    }
    JX_BUF_LIT(out, "],\"findings\":[");
    finding_memos memo = {0};
    jx_buf_init(&memo.title.escaped);
    jx_buf_init(&memo.row.escaped);
    jx_buf_init(&memo.column.escaped);
    for (size_t i = 0; i < report->nfindings; i++) {
        if (i)
            JX_BUF_LIT(out, ",");
        json_finding(out, report->doc, &report->findings[i], &memo);
    }
    jx_buf_free(&memo.title.escaped);
    jx_buf_free(&memo.row.escaped);
    jx_buf_free(&memo.column.escaped);
    JX_BUF_LIT(out, "],\"errors\":");
    jx_buf_uint(out, report->errors);
    JX_BUF_LIT(out, ",\"warnings\":");
    jx_buf_uint(out, report->warnings);
    JX_BUF_LIT(out, ",\"infos\":");
    jx_buf_uint(out, report->infos);
    JX_BUF_LIT(out, "}\n");
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
