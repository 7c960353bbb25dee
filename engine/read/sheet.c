/*
 * sheet.c — a workbook's sheets laid out as rows of the source, for the
 * workbook readers: what a sheet holds once its file format is read (cells
 * at a row and column, merged areas), whatever the format.
 *
 * Cells come in any order; of two at one place the later counts, as the
 * last write would. A merged area puts its spans on its top-left cell (an
 * empty cell where the sheet has none: the top of a merge is still a cell
 * of the table) and the cells under it are left out. Overlapping merges are
 * refused, as Excel refuses them. Merges stay as written while what they
 * cover stays within JX_READ_MAX_CELLS (a reader of the source may lay spans
 * out cell by cell); past that (A1:XFD1048576, whole rows or columns) each
 * is clipped to the sheet's last row and column, said in the note, and
 * refused if that is still too much. Nothing costs memory per covered cell:
 * covering visits the cells that exist, within a work budget.
 *
 * A row's width is where its last cell ends, with or without text: a
 * formatted empty cell at the end (a ruled table's blank 备注) is a column
 * of that row, as a text export writes it.
 */
#include "read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MERGE_WORK ((uint64_t)64 << 20) /* steps to check and cover merged cells */
#define NOTES_SHOWN 8u

typedef struct {
    uint32_t row, col; /* 1-based row, 0-based column */
    uint32_t rowspan, colspan;
    uint32_t seq; /* its order in the file */
    bool covered; /* under another cell's merge */
    const char *text;
} sheet_cell;

typedef struct {
    uint32_t r1, c1, r2, c2;
} area;

struct jx_sheets {
    jx_arena *arena;
    /* The sheet being read. */
    const char *part_name, *sheet_name;
    uint32_t part;
    sheet_cell *cells;
    size_t ncells, cells_cap;
    area *merges;
    size_t nmerges, merges_cap;
    uint32_t last_row, last_col; /* the extent of its cells: 0, or the row / column + 1 */
    uint32_t *row_ends;          /* by row - 1 up to last_row: its last touched column + 1 */
    size_t row_ends_cap;
    bool touch_failed; /* out of memory for row_ends: said at the sheet's end */
    /* All sheets. */
    uint64_t work;
    jx_source_row *rows;
    size_t nrows, rows_cap;
    size_t total_cells;
    jx_buf note;
    unsigned notes;
};

jx_sheets *jx_sheets_new(jx_arena *arena)
{
    jx_sheets *s = calloc(1, sizeof *s);
    if (s != NULL) {
        s->arena = arena;
        jx_buf_init(&s->note);
    }
    return s;
}

void jx_sheets_free(jx_sheets *s)
{
    if (s == NULL)
        return;
    free(s->cells);
    free(s->merges);
    free(s->row_ends);
    free(s->rows);
    jx_buf_free(&s->note);
    free(s);
}

void jx_sheets_begin(jx_sheets *s, const char *part_name, const char *sheet_name, uint32_t part)
{
    s->part_name = part_name;
    s->sheet_name = sheet_name;
    s->part = part;
    s->ncells = s->nmerges = 0;
    if (s->row_ends_cap > 0) /* the rows the sheet before reached */
        memset(s->row_ends, 0,
               (s->last_row < s->row_ends_cap ? s->last_row : s->row_ends_cap)
                   * sizeof *s->row_ends);
    s->last_row = s->last_col = 0;
    s->touch_failed = false;
}

void jx_sheets_note(jx_sheets *s, const char *fmt, ...)
{
    if (s->notes++ >= NOTES_SHOWN)
        return;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(what);
    if (s->note.len > 0)
        jx_buf_puts(&s->note, "; ");
    jx_buf_puts(&s->note, what);
}

const char *jx_cell_name(uint32_t row, uint32_t col, char buf[16])
{
    char letters[8];
    int n = 0;
    for (uint32_t c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n > 0)
        buf[k++] = letters[--n];
    snprintf(buf + k, 16 - (size_t)k, "%u", row);
    return buf;
}

static jx_status fail(jx_sheets *s, jx_error *err, jx_status status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "xl/worksheets/sheet2.xml: …": the part says where. */
static jx_status fail(jx_sheets *s, jx_error *err, jx_status status, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    jx_error_set(err, status, 0, "%s: %s", s->part_name, what);
    return status;
}

static jx_status out_of_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

void jx_sheets_touch(jx_sheets *s, uint32_t row, uint32_t col)
{
    if (row > s->last_row)
        s->last_row = row;
    if (col + 1 > s->last_col)
        s->last_col = col + 1;
    if (row == 0 || row > JX_READ_MAX_ROWS || s->touch_failed)
        return; /* the readers refuse such rows themselves */
    if (row > s->row_ends_cap) {
        size_t had = s->row_ends_cap;
        uint32_t *grown = jx_grow(s->row_ends, &s->row_ends_cap, row, sizeof *grown);
        if (grown == NULL) {
            s->touch_failed = true;
            return;
        }
        memset(grown + had, 0, (s->row_ends_cap - had) * sizeof *grown);
        s->row_ends = grown;
    }
    if (col + 1 > s->row_ends[row - 1])
        s->row_ends[row - 1] = col + 1;
}

jx_status jx_sheets_cell(jx_sheets *s, uint32_t row, uint32_t col, const char *text, jx_error *err)
{
    if (s->total_cells + s->ncells >= JX_READ_MAX_CELLS)
        return fail(s, err, JX_ERR_TOO_LARGE, "more than %u cells", JX_READ_MAX_CELLS);
    sheet_cell *grown = jx_grow(s->cells, &s->cells_cap, s->ncells + 1, sizeof *grown);
    if (grown == NULL)
        return out_of_memory(err);
    s->cells = grown;
    s->cells[s->ncells] = (sheet_cell){row, col, 1, 1, (uint32_t)s->ncells, false, text};
    s->ncells++;
    jx_sheets_touch(s, row, col);
    return JX_OK;
}

jx_status jx_sheets_merge(jx_sheets *s, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                          jx_error *err)
{
    area a = {r1 < r2 ? r1 : r2, c1 < c2 ? c1 : c2, r1 < r2 ? r2 : r1, c1 < c2 ? c2 : c1};
    if (a.r1 == a.r2 && a.c1 == a.c2)
        return JX_OK; /* one cell: nothing merged */
    if (s->nmerges == JX_READ_MAX_CELLS)
        return fail(s, err, JX_ERR_TOO_LARGE, "more than %u merged cells", JX_READ_MAX_CELLS);
    area *grown = jx_grow(s->merges, &s->merges_cap, s->nmerges + 1, sizeof *grown);
    if (grown == NULL)
        return out_of_memory(err);
    s->merges = grown;
    s->merges[s->nmerges++] = a;
    jx_sheets_touch(s, a.r1, a.c1); /* its top-left cell is a cell of the sheet */
    return JX_OK;
}

/* ------------------------------------------------------------ laying out */

static int compare_cells(const void *a, const void *b)
{
    const sheet_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int compare_areas(const void *a, const void *b)
{
    const area *x = a, *y = b;
    if (x->r1 != y->r1)
        return x->r1 < y->r1 ? -1 : 1;
    return x->c1 < y->c1 ? -1 : x->c1 > y->c1;
}

static bool same_place(const sheet_cell *a, const sheet_cell *b)
{
    return a->row == b->row && a->col == b->col;
}

/* Cells in row and column order, one per place (the later in the file). */
static void sort_cells(jx_sheets *s)
{
    bool sorted = true;
    for (size_t i = 1; i < s->ncells && sorted; i++)
        sorted = compare_cells(&s->cells[i - 1], &s->cells[i]) < 0
                 && !same_place(&s->cells[i - 1], &s->cells[i]);
    if (sorted)
        return;
    qsort(s->cells, s->ncells, sizeof *s->cells, compare_cells);
    size_t n = 0;
    for (size_t i = 0; i < s->ncells; i++) {
        if (n > 0 && same_place(&s->cells[n - 1], &s->cells[i]))
            n--;
        s->cells[n++] = s->cells[i];
    }
    s->ncells = n;
}

/* The first cell at or after (row, col), in sorted cells [lo, hi). */
static size_t lower_bound(const sheet_cell *cells, size_t lo, size_t hi, uint32_t row, uint32_t col)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cells[mid].row < row || (cells[mid].row == row && cells[mid].col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static jx_status spend(jx_sheets *s, jx_error *err)
{
    if (++s->work <= MERGE_WORK)
        return JX_OK;
    return fail(s, err, JX_ERR_TOO_LARGE, "merged cells too many or too large to resolve");
}

/* Sorted by top row, each merge is compared with those that start before it ends. */
static jx_status check_overlaps(jx_sheets *s, jx_error *err)
{
    qsort(s->merges, s->nmerges, sizeof *s->merges, compare_areas);
    for (size_t i = 0; i < s->nmerges; i++) {
        const area *a = &s->merges[i];
        for (size_t j = i + 1; j < s->nmerges && s->merges[j].r1 <= a->r2; j++) {
            const area *b = &s->merges[j];
            if (spend(s, err) != JX_OK)
                return JX_ERR_TOO_LARGE;
            if (b->c1 <= a->c2 && a->c1 <= b->c2) {
                char a1[16], a2[16], b1[16], b2[16];
                return fail(s, err, JX_ERR_FORMAT, "merged cells %s:%s and %s:%s overlap",
                            jx_cell_name(a->r1, a->c1, a1), jx_cell_name(a->r2, a->c2, a2),
                            jx_cell_name(b->r1, b->c1, b1), jx_cell_name(b->r2, b->c2, b2));
            }
        }
    }
    return JX_OK;
}

static uint64_t merged_area(const jx_sheets *s)
{
    uint64_t total = 0;
    for (size_t i = 0; i < s->nmerges; i++)
        total += (uint64_t)(s->merges[i].r2 - s->merges[i].r1 + 1)
                 * (s->merges[i].c2 - s->merges[i].c1 + 1);
    return total;
}

/* Past JX_READ_MAX_CELLS covered, every merge ends at the sheet's last row and column. */
static jx_status clip_merges(jx_sheets *s, jx_error *err)
{
    if (merged_area(s) <= JX_READ_MAX_CELLS)
        return JX_OK;
    for (size_t i = 0; i < s->nmerges; i++) {
        area *m = &s->merges[i];
        uint32_t r2 = m->r2 < s->last_row ? m->r2 : s->last_row;
        uint32_t c2 = m->c2 + 1 < s->last_col ? m->c2 : s->last_col - 1;
        if (r2 != m->r2 || c2 != m->c2) {
            char a1[16], a2[16], b2[16];
            jx_sheets_note(s, "merged cells %s:%s of sheet '%s' clipped to %s:%s, its last cell",
                           jx_cell_name(m->r1, m->c1, a1), jx_cell_name(m->r2, m->c2, a2),
                           s->sheet_name, a1, jx_cell_name(r2, c2, b2));
        }
        m->r2 = r2;
        m->c2 = c2;
    }
    return merged_area(s) <= JX_READ_MAX_CELLS
               ? JX_OK
               : fail(s, err, JX_ERR_TOO_LARGE, "merged cells cover more than %u cells",
                      JX_READ_MAX_CELLS);
}

/* Each top-left cell gets its spans, and the cells under a merge are marked. */
static jx_status apply_merges(jx_sheets *s, jx_error *err)
{
    size_t had = s->ncells;
    for (size_t i = 0; i < s->nmerges; i++) {
        const area *m = &s->merges[i];
        size_t at = lower_bound(s->cells, 0, had, m->r1, m->c1);
        sheet_cell *top = at < had && s->cells[at].row == m->r1 && s->cells[at].col == m->c1
                              ? &s->cells[at]
                              : NULL;
        if (top == NULL && (m->r2 > m->r1 || m->c2 > m->c1)) {
            jx_status st = jx_sheets_cell(s, m->r1, m->c1, "", err);
            if (st != JX_OK)
                return st;
            top = &s->cells[s->ncells - 1];
        }
        if (top != NULL) {
            top->rowspan = m->r2 - m->r1 + 1;
            top->colspan = m->c2 - m->c1 + 1;
        }
    }
    if (s->ncells > had)
        qsort(s->cells, s->ncells, sizeof *s->cells, compare_cells);
    for (size_t i = 0; i < s->nmerges; i++) {
        const area *m = &s->merges[i];
        size_t at = lower_bound(s->cells, 0, s->ncells, m->r1, m->c1);
        while (at < s->ncells && s->cells[at].row <= m->r2) {
            sheet_cell *c = &s->cells[at];
            if (c->col < m->c1) { /* on to the merge's first column in this row */
                at = lower_bound(s->cells, at, s->ncells, c->row, m->c1);
            } else if (c->col > m->c2) { /* and to the next row that has cells */
                at = lower_bound(s->cells, at, s->ncells, c->row + 1, m->c1);
            } else {
                c->covered |= c->row != m->r1 || c->col != m->c1;
                at++;
            }
            if (spend(s, err) != JX_OK)
                return JX_ERR_TOO_LARGE;
        }
    }
    return JX_OK;
}

jx_status jx_sheets_end(jx_sheets *s, jx_error *err)
{
    if (s->touch_failed)
        return out_of_memory(err);
    sort_cells(s);
    jx_status st = JX_OK;
    if (s->nmerges > 0 && (st = check_overlaps(s, err)) == JX_OK
        && (st = clip_merges(s, err)) == JX_OK)
        st = apply_merges(s, err);
    if (st != JX_OK)
        return st;
    size_t ncells = 0, nrows = 0;
    uint32_t last = 0; /* rows are 1-based */
    for (size_t i = 0; i < s->ncells; i++) {
        if (s->cells[i].covered)
            continue;
        ncells++;
        nrows += s->cells[i].row != last;
        last = s->cells[i].row;
    }
    if (ncells == 0)
        return JX_OK;
    if (s->total_cells + ncells > JX_READ_MAX_CELLS)
        return fail(s, err, JX_ERR_TOO_LARGE, "more than %u cells", JX_READ_MAX_CELLS);
    jx_source_cell *cells = jx_arena_alloc(s->arena, ncells * sizeof *cells);
    jx_source_row *grown = jx_grow(s->rows, &s->rows_cap, s->nrows + nrows, sizeof *grown);
    if (grown != NULL)
        s->rows = grown;
    if (grown == NULL || cells == NULL)
        return out_of_memory(err);
    jx_source_row *row = NULL;
    last = 0;
    for (size_t i = 0; i < s->ncells; i++) {
        const sheet_cell *c = &s->cells[i];
        if (c->covered)
            continue;
        if (c->row != last) {
            row = &s->rows[s->nrows++];
            uint32_t end = c->row - 1 < s->row_ends_cap ? s->row_ends[c->row - 1] : 0;
            *row = (jx_source_row){cells, 0, s->part, c->row, false, end, 0};
            last = c->row;
        }
        *cells++ = (jx_source_cell){c->text, c->col, c->rowspan, c->colspan};
        row->ncells++;
        if (c->col + c->colspan > row->width) /* a merge reaching past the touched cells */
            row->width = c->col + c->colspan;
    }
    s->total_cells += ncells;
    return JX_OK;
}

jx_status jx_sheets_finish(jx_sheets *s, jx_source *out, jx_error *err)
{
    if (s->notes > NOTES_SHOWN)
        jx_buf_printf(&s->note, "; %u more", s->notes - NOTES_SHOWN);
    const char *note = s->note.len ? jx_arena_strndup(s->arena, s->note.data, s->note.len) : "";
    jx_source_row *rows = s->nrows ? jx_arena_alloc(s->arena, s->nrows * sizeof *rows) : NULL;
    if (note == NULL || (s->nrows > 0 && rows == NULL) || s->note.failed)
        return out_of_memory(err);
    if (s->nrows > 0)
        memcpy(rows, s->rows, s->nrows * sizeof *rows);
    out->rows = rows;
    out->nrows = s->nrows;
    out->note = note;
    return JX_OK;
}
