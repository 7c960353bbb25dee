/*
 * xlsx_places.c — what the workbook's writer knows of the document's cells
 * (xlsx.h): where each was written (findings link there, sums add the value
 * written) and, from the findings indexed once, which finding corrects a
 * cell, which score cells do not apply, which tables are scorecards. The
 * lookups every sheet makes, none of them writing a cell. Also each
 * table's findings, and the cell a finding is about where it names only
 * its row (a blank cell of a financial table): the row's label.
 */
#include "xlsx.h"

void jx_xlsx_remember_value(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                            lxw_col_t col, bool numeric, int64_t value)
{
    if (cell == NULL)
        return;
    placed_cell *p = jx_grow(w->placed, &w->placed_cap, w->nplaced + 1, sizeof *p);
    if (p == NULL) {
        w->status = JX_ERR_NOMEM;
        jx_error_set(w->err, JX_ERR_NOMEM, 0, "out of memory");
        return;
    }
    w->placed = p;
    size_t at;
    if (!jx_ptrmap_get(&w->placed_at, cell, &at)
        && !jx_ptrmap_put(&w->placed_at, cell, w->nplaced)) {
        w->status = JX_ERR_NOMEM;
        jx_error_set(w->err, JX_ERR_NOMEM, 0, "out of memory");
        return;
    }
    w->placed[w->nplaced++] = (placed_cell){cell, sheet_index, row, col, numeric, value};
}

void jx_xlsx_remember_cell(writer *w, const jx_cell *cell, size_t sheet_index, lxw_row_t row,
                           lxw_col_t col)
{
    jx_xlsx_remember_value(w, cell, sheet_index, row, col, false, 0);
}

const placed_cell *jx_xlsx_find_placed(const writer *w, const jx_cell *cell)
{
    size_t at;
    return jx_ptrmap_get(&w->placed_at, cell, &at) ? &w->placed[at] : NULL;
}

/*
 * The exact value a document cell holds in the workbook: a correction made
 * upstream (a row's 总额 made the sum of its parts) flows into the formulas
 * that use the cell, so their cached results are what a spreadsheet gets.
 */
bool jx_xlsx_written_value(const writer *w, const jx_value *v, int64_t *value)
{
    const placed_cell *p = jx_xlsx_find_placed(w, v->cell);
    if (p && p->numeric) {
        *value = p->value;
        return true;
    }
    if (v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0' && v->num.cmp == JX_CMP_NONE) {
        *value = v->num.micros;
        return true;
    }
    return false;
}

static bool index_by_table(writer *w);

/*
 * Indexes the findings once: for each cell, the most severe finding whose
 * computed value corrects it (the first of equals), and the score cells that
 * do not apply; which tables are scorecards; each table's findings.
 */
bool jx_xlsx_index_findings(writer *w)
{
    const jx_report *report = w->report;
    const char *not_applicable = jx_code_info_of(JX_CODE_not_applicable)->name;
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_finding *f = &report->findings[i];
        if (f->cell == NULL)
            continue;
        if (strcmp(f->code, not_applicable) == 0) {
            size_t seen;
            if (!jx_ptrmap_get(&w->not_applicable, f->cell, &seen)
                && !jx_ptrmap_put(&w->not_applicable, f->cell, i))
                return false;
        }
        if (!f->has_computed)
            continue;
        const jx_code_info *code = jx_code_info_named(f->code);
        bool corrects = code && code->corrects != JX_CORRECTS_NONE; /* findings.def says */
        size_t best;
        if (corrects && (!jx_ptrmap_get(&w->corrections, f->cell, &best)
                         || f->severity > report->findings[best].severity)
            && !jx_ptrmap_put(&w->corrections, f->cell, i))
            return false;
    }
    const jx_document *doc = report->doc;
    w->card_table = calloc(doc->ntables ? doc->ntables : 1, sizeof *w->card_table);
    if (w->card_table == NULL)
        return false;
    for (size_t i = 0; i < report->ncards; i++) {
        const jx_table *t = report->cards[i].card->table;
        if (t >= doc->tables && t < doc->tables + doc->ntables)
            w->card_table[t - doc->tables] = true;
    }
    return index_by_table(w);
}

/* The findings of each table, in the report's order: table_findings from
 * table_first[i] to table_first[i + 1] are table i's (a counting sort). */
static bool index_by_table(writer *w)
{
    const jx_report *report = w->report;
    const jx_document *doc = report->doc;
    w->table_first = calloc(doc->ntables + 2, sizeof *w->table_first);
    w->table_findings = malloc((report->nfindings ? report->nfindings : 1)
                               * sizeof *w->table_findings);
    if (w->table_first == NULL || w->table_findings == NULL)
        return false;
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_table *t = report->findings[i].table;
        if (t >= doc->tables && t < doc->tables + doc->ntables)
            w->table_first[(size_t)(t - doc->tables) + 2]++;
    }
    for (size_t k = 2; k < doc->ntables + 2; k++)
        w->table_first[k] += w->table_first[k - 1];
    for (size_t i = 0; i < report->nfindings; i++) {
        const jx_table *t = report->findings[i].table;
        if (t >= doc->tables && t < doc->tables + doc->ntables)
            w->table_findings[w->table_first[(size_t)(t - doc->tables) + 1]++] = &report->findings[i];
    }
    return true;
}

const jx_finding *const *jx_xlsx_table_findings(const writer *w, const jx_table *table, size_t *n)
{
    const jx_document *doc = w->report->doc;
    *n = 0;
    if (table == NULL || table < doc->tables || table >= doc->tables + doc->ntables)
        return NULL;
    size_t k = (size_t)(table - doc->tables);
    *n = w->table_first[k + 1] - w->table_first[k];
    return w->table_findings + w->table_first[k];
}

/* The row of a table printed on a line (rows are in the order of their
 * lines), NULL when the line is none of its rows': a finding in the prose. */
static const jx_row *row_on_line(const jx_table *table, uint32_t line)
{
    size_t lo = 0, hi = table->grid.nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table->grid.rows[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < table->grid.nrows && table->grid.rows[lo].line == line ? &table->grid.rows[lo]
                                                                        : NULL;
}

/*
 * The document cell a finding is about: its cell, or for a finding of a
 * financial table that names none (a blank), the label of its row — the
 * cell that says the row the finding names (本年支出总计, on the right side
 * of a two-sided table), else the row's first cell with text. A
 * scorecard's blanks are its sheet's own (jx_xlsx_blank_finding); the
 * prose has no cell.
 */
const jx_cell *jx_xlsx_finding_cell(const writer *w, const jx_finding *f)
{
    if (f->cell != NULL || f->table == NULL || f->table->kind != JX_KIND_LEDGER
        || jx_xlsx_is_card_table(w, f->table))
        return f->cell;
    const jx_row *row = row_on_line(f->table, f->line);
    if (row == NULL || row->ncells == 0)
        return NULL;
    for (size_t c = 0; f->row != NULL && f->row[0] != '\0' && c < row->ncells; c++)
        if (strcmp(row->cells[c].norm, f->row) == 0)
            return &row->cells[c];
    for (size_t c = 0; c < row->ncells; c++)
        if (row->cells[c].text[0] != '\0')
            return &row->cells[c];
    return &row->cells[0];
}

/* The most severe finding about a cell whose computed value corrects it. */
const jx_finding *jx_xlsx_correction_of(const writer *w, const jx_cell *cell)
{
    size_t i;
    return jx_ptrmap_get(&w->corrections, cell, &i) ? &w->report->findings[i] : NULL;
}

const jx_finding *jx_xlsx_not_applicable(const writer *w, const jx_cell *score)
{
    size_t i;
    return jx_ptrmap_get(&w->not_applicable, score, &i) ? &w->report->findings[i] : NULL;
}

/* The finding of `code` about a blank cell of a table (a finding names no cell
 * for a blank), on its row's line (0: any; the execution score's is one a card). */
const jx_finding *jx_xlsx_blank_finding(const writer *w, const jx_table *table, uint32_t line,
                                        jx_code code)
{
    const char *name = jx_code_info_of(code)->name;
    size_t n;
    const jx_finding *const *about = jx_xlsx_table_findings(w, table, &n);
    for (size_t i = 0; i < n; i++) {
        const jx_finding *f = about[i];
        if (f->cell == NULL && f->has_computed && (line == 0 || f->line == line)
            && strcmp(f->code, name) == 0)
            return f;
    }
    return NULL;
}

/* The first finding of `code` about a cell of a table. */
const jx_finding *jx_xlsx_finding_at(const writer *w, const jx_table *table, const jx_cell *cell,
                                     jx_code code)
{
    const char *name = jx_code_info_of(code)->name;
    size_t n;
    const jx_finding *const *about = jx_xlsx_table_findings(w, table, &n);
    for (size_t i = 0; cell && i < n; i++) {
        const jx_finding *f = about[i];
        if (f->cell == cell && strcmp(f->code, name) == 0)
            return f;
    }
    return NULL;
}

bool jx_xlsx_is_card_table(const writer *w, const jx_table *table)
{
    const jx_document *doc = w->report->doc;
    return table && table >= doc->tables && table < doc->tables + doc->ntables
        && w->card_table[table - doc->tables];
}
