/*
 * summary.c — the rows a run keeps of each document (jx_summary): taken from
 * a report, a failure or another row, copied into one arena, so the reports
 * can be freed as the run goes on.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

struct jx_summary {
    jx_arena *arena;
    jx_summary_doc *rows;
    size_t nrows, cap;
};

jx_summary *jx_summary_new(jx_error *err)
{
    jx_summary *s = calloc(1, sizeof *s);
    if (s != NULL && (s->arena = jx_arena_new()) != NULL)
        return s;
    free(s);
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return NULL;
}

void jx_summary_free(jx_summary *summary)
{
    if (summary == NULL)
        return;
    jx_arena_free(summary->arena);
    free(summary->rows);
    free(summary);
}

size_t jx_summary_count(const jx_summary *summary)
{
    return summary->nrows;
}

const jx_summary_doc *jx_summary_row(const jx_summary *summary, size_t i)
{
    return i < summary->nrows ? &summary->rows[i] : NULL;
}

/* A copy of s in the summary's arena ("" for NULL); NULL when memory runs out. */
static const char *keep(jx_summary *s, const char *text)
{
    return jx_arena_strndup(s->arena, text ? text : "", text ? strlen(text) : 0);
}

/* The next row, zeroed; NULL when memory runs out. */
static jx_summary_doc *next_row(jx_summary *s)
{
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        jx_summary_doc *rows = realloc(s->rows, cap * sizeof *rows);
        if (rows == NULL)
            return NULL;
        s->rows = rows;
        s->cap = cap;
    }
    jx_summary_doc *row = &s->rows[s->nrows];
    memset(row, 0, sizeof *row);
    return row;
}

static jx_status out_of_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

/* The unit a document is of: a department's card names it; else a card's
 * implementer or department; else a table's 编制单位. */
const char *jx_report_unit(const jx_report *report)
{
    for (size_t i = 0; i < report->ncards; i++)
        if (report->cards[i].card->kind == JX_KIND_DEPARTMENT && report->cards[i].card->name[0])
            return report->cards[i].card->name;
    for (size_t i = 0; i < report->ncards; i++) {
        const jx_scorecard *c = report->cards[i].card;
        if (c->implementer[0])
            return c->implementer;
        if (c->department[0])
            return c->department;
    }
    const jx_document *doc = report->doc;
    for (size_t i = 0; i < doc->ntables; i++)
        if (doc->tables[i].org[0])
            return doc->tables[i].org;
    return "";
}

/* The year the first table that gives one names: 2024年度. */
const char *jx_report_year(const jx_report *report)
{
    const jx_document *doc = report->doc;
    for (size_t i = 0; i < doc->ntables; i++)
        if (doc->tables[i].year[0])
            return doc->tables[i].year;
    return "";
}

/* The kinds of the document's scorecards, each once, in order; else
 * "ledger" when it has financial tables, else "other". */
static const char *document_kind(jx_summary *s, const jx_report *report)
{
    jx_buf kinds;
    jx_buf_init(&kinds);
    for (size_t i = 0; i < report->ncards; i++) {
        const char *name = jx_table_kind_name(report->cards[i].card->kind);
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = report->cards[j].card->kind == report->cards[i].card->kind;
        if (!seen) {
            if (kinds.len)
                jx_buf_puts(&kinds, ",");
            jx_buf_puts(&kinds, name);
        }
    }
    bool ledger = false;
    for (size_t i = 0; i < report->doc->ntables && !ledger; i++)
        ledger = report->doc->tables[i].kind == JX_KIND_LEDGER;
    const char *kind = kinds.failed ? NULL
                       : kinds.len  ? keep(s, kinds.data)
                       : keep(s, ledger ? "ledger" : "other");
    jx_buf_free(&kinds);
    return kind;
}

static jx_summary_value declared_value(const jx_number *n)
{
    jx_summary_value v = {0};
    if (n->kind == JX_NUM_VALUE) {
        v.has = true;
        v.micros = n->micros;
        v.decimals = n->decimals;
    }
    return v;
}

static bool card_row(jx_summary *s, const jx_card_result *r, jx_summary_card *out)
{
    memset(out, 0, sizeof *out);
    out->title = keep(s, r->card->name);
    out->kind = keep(s, jx_table_kind_name(r->card->kind));
    out->grade_declared = keep(s, r->grade_declared);
    out->grade_computed = keep(s, r->grade_computed);
    out->declared_total = declared_value(&r->declared_total);
    if (r->has_computed_total) {
        out->computed_total.has = true;
        out->computed_total.micros = r->computed_total;
        out->computed_total.decimals = r->computed_decimals;
    }
    if (out->declared_total.has && out->computed_total.has &&
        jx_decimal_sub(out->declared_total.micros, out->computed_total.micros,
                       &out->difference.micros)) {
        out->difference.has = true;
        out->difference.decimals = out->declared_total.decimals > out->computed_total.decimals
                                       ? out->declared_total.decimals
                                       : out->computed_total.decimals;
    }
    out->errors = r->errors;
    out->warnings = r->warnings;
    out->infos = r->infos;
    return out->title && out->kind && out->grade_declared && out->grade_computed;
}

/* The findings counted by code and severity, in findings.def's order and
 * the more severe first. */
static bool code_counts(jx_summary *s, const jx_report *report, jx_summary_doc *row)
{
    size_t counts[JX_CODE_COUNT][3] = {{0}};
    const jx_code_info *first = jx_code_info_of((jx_code)0);
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_finding *f = &report->findings[i];
        const jx_code_info *info = jx_code_info_named(f->code);
        if (info != NULL && f->severity <= JX_SEV_ERROR)
            counts[info - first][f->severity]++;
    }
    size_t n = 0;
    for (size_t c = 0; c < JX_CODE_COUNT; c++)
        for (int sev = 0; sev < 3; sev++)
            n += counts[c][sev] > 0;
    if (n == 0)
        return true;
    row->codes = jx_arena_alloc(s->arena, n * sizeof *row->codes);
    if (row->codes == NULL)
        return false;
    for (size_t c = 0; c < JX_CODE_COUNT; c++)
        for (int sev = JX_SEV_ERROR; sev >= JX_SEV_INFO; sev--)
            if (counts[c][sev] > 0)
                row->codes[row->ncodes++] = (jx_summary_code){
                    jx_code_info_of((jx_code)c)->name, (jx_severity)sev, counts[c][sev]};
    return true;
}

jx_status jx_summary_add_report(jx_summary *summary, const jx_report *report, const char *path,
                                const char *workbook, const char *sha256, jx_error *err)
{
    jx_summary_doc *row = next_row(summary);
    if (row == NULL)
        return out_of_memory(err);
    const jx_rules *rules = report->rules;
    row->path = keep(summary, path);
    row->workbook = keep(summary, workbook);
    row->sha256 = keep(summary, sha256);
    row->format = keep(summary, report->doc->format);
    row->unit = keep(summary, jx_report_unit(report));
    row->province = keep(summary, rules->province);
    row->year = keep(summary, jx_report_year(report));
    row->kind = document_kind(summary, report);
    row->rules = keep(summary, rules->name);
    row->failure = keep(summary, "");
    row->errors = report->errors;
    row->warnings = report->warnings;
    row->infos = report->infos;
    bool ok = row->path && row->workbook && row->sha256 && row->format && row->unit &&
              row->province && row->year && row->kind && row->rules && row->failure;
    if (ok && report->ncards > 0) {
        row->cards = jx_arena_alloc(summary->arena, report->ncards * sizeof *row->cards);
        ok = row->cards != NULL;
        for (size_t i = 0; ok && i < report->ncards; i++)
            ok = card_row(summary, &report->cards[i], &row->cards[row->ncards++]);
    }
    if (!ok || !code_counts(summary, report, row))
        return out_of_memory(err);
    summary->nrows++;
    return JX_OK;
}

jx_status jx_summary_add_failure(jx_summary *summary, const char *path, const char *why,
                                 jx_error *err)
{
    jx_summary_doc failed = {.path = path, .failure = why && why[0] ? why : "unreadable"};
    return jx_summary_add_row(summary, &failed, err);
}

jx_status jx_summary_add_row(jx_summary *summary, const jx_summary_doc *from, jx_error *err)
{
    jx_summary_doc *row = next_row(summary);
    if (row == NULL)
        return out_of_memory(err);
    *row = *from;
    row->path = keep(summary, from->path);
    row->workbook = keep(summary, from->workbook);
    row->sha256 = keep(summary, from->sha256);
    row->format = keep(summary, from->format);
    row->unit = keep(summary, from->unit);
    row->province = keep(summary, from->province);
    row->year = keep(summary, from->year);
    row->kind = keep(summary, from->kind);
    row->rules = keep(summary, from->rules);
    row->failure = keep(summary, from->failure);
    bool ok = row->path && row->workbook && row->sha256 && row->format && row->unit &&
              row->province && row->year && row->kind && row->rules && row->failure;
    row->cards = NULL;
    row->codes = NULL;
    if (ok && from->ncards > 0) {
        row->cards = jx_arena_alloc(summary->arena, from->ncards * sizeof *row->cards);
        ok = row->cards != NULL;
        for (size_t i = 0; ok && i < from->ncards; i++) {
            jx_summary_card *c = &row->cards[i];
            *c = from->cards[i];
            c->title = keep(summary, c->title);
            c->kind = keep(summary, c->kind);
            c->grade_declared = keep(summary, c->grade_declared);
            c->grade_computed = keep(summary, c->grade_computed);
            ok = c->title && c->kind && c->grade_declared && c->grade_computed;
        }
    }
    if (ok && from->ncodes > 0) {
        row->codes = jx_arena_alloc(summary->arena, from->ncodes * sizeof *row->codes);
        ok = row->codes != NULL;
        for (size_t i = 0; ok && i < from->ncodes; i++) {
            row->codes[i] = from->codes[i];
            row->codes[i].code = keep(summary, from->codes[i].code);
            ok = row->codes[i].code != NULL;
        }
    }
    if (!ok)
        return out_of_memory(err);
    summary->nrows++;
    return JX_OK;
}
