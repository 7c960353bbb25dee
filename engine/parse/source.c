/*
 * source.c — a reader's source (a workbook, Word file or web page made rows
 * of cells) made the lines every later stage reads, so that segmentation,
 * titles, prose and the checks work on it as on text: each row a line of
 * its cells at their columns, separated by TABs (a gap is an empty field),
 * each paragraph a line. Each line remembers where it came from (its sheet
 * and row, its table and row, its paragraph: jx_document.places), and each
 * table cell of a merged range gets its span back after segmentation.
 */
#include "parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const source_formats[JX_SOURCE_COUNT] = {
    [JX_SOURCE_XLSX] = "xlsx", [JX_SOURCE_XLS] = "xls", [JX_SOURCE_DOCX] = "docx",
    [JX_SOURCE_HTML] = "html", [JX_SOURCE_PDF] = "pdf"};

/* Appends a cell's text with the characters a line cannot hold (TAB, CR,
 * LF, NUL never occur: a reader made them spaces) made spaces again, so a
 * reader's slip cannot split a row. */
static void put_text(char **at, const char *text)
{
    for (const char *p = text; *p; p++)
        *(*at)++ = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
}

/* A row whose one cell spans all its columns (a caption, a note, a title set
 * in the table) is a line of text, as a text export writes it: no TABs. */
static bool spans_whole_row(const jx_source_row *row)
{
    return row->ncells == 1 && row->cells[0].col == 0 && row->cells[0].colspan >= row->width;
}

/* Whether an empty row, or a new sheet, lies between two rows: a blank line
 * there, as in text, where blank lines end a table's run of rows. */
static bool gap_before(const jx_source *src, size_t i)
{
    if (i == 0 || (src->kind != JX_SOURCE_XLSX && src->kind != JX_SOURCE_XLS))
        return false;
    const jx_source_row *prev = &src->rows[i - 1], *row = &src->rows[i];
    return prev->part != row->part || row->row > prev->row + 1;
}

jx_status jx_lines_from_source(jx_document *doc, const jx_source *src, size_t **row_of_line,
                               jx_error *err)
{
    /* One pass to size the text, one to write it. */
    size_t bytes = 1, gaps = 0;
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *row = &src->rows[i];
        if (gap_before(src, i)) {
            gaps++;
            bytes++;
        }
        uint32_t col = 0;
        for (size_t c = 0; c < row->ncells; c++) {
            if (row->cells[c].col < col) {
                jx_error_set(err, JX_ERR_FORMAT, 0, "row %u: cells out of column order", row->row);
                return JX_ERR_FORMAT;
            }
            bytes += row->cells[c].col - col + strlen(row->cells[c].text);
            col = row->cells[c].col;
        }
        if (row->width > col + 1 && !spans_whole_row(row))
            bytes += row->width - (col + 1);
        bytes += 1; /* the line's end */
    }
    if (src->nrows + gaps >= UINT32_MAX) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "more lines than a document may hold");
        return JX_ERR_TOO_LARGE;
    }
    size_t n = src->nrows + gaps;
    char *text = jx_arena_alloc(doc->arena, bytes);
    jx_line *lines = jx_arena_alloc(doc->arena, (n ? n : 1) * sizeof *lines);
    jx_place *places = jx_arena_alloc(doc->arena, (n ? n : 1) * sizeof *places);
    size_t *rows_of = jx_arena_alloc(doc->arena, (n ? n : 1) * sizeof *rows_of);
    if (text == NULL || lines == NULL || places == NULL || rows_of == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    char *at = text;
    size_t li = 0;
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *row = &src->rows[i];
        if (gap_before(src, i)) {
            const jx_source_row *prev = &src->rows[i - 1];
            lines[li].line = (uint32_t)(li + 1);
            lines[li].text = at;
            rows_of[li] = SIZE_MAX;
            places[li++] = (jx_place){prev->part, prev->row + 1, false, prev->page};
            *at++ = '\0';
        }
        lines[li].line = (uint32_t)(li + 1);
        lines[li].text = at;
        rows_of[li] = i;
        places[li++] = (jx_place){row->part, row->row, row->prose, row->page};
        uint32_t col = 0;
        for (size_t c = 0; c < row->ncells; c++) {
            for (; col < row->cells[c].col; col++)
                *at++ = '\t';
            put_text(&at, row->cells[c].text);
        }
        /* Its empty cells at the end: a text export writes their TABs, and the
         * segmenter tells a short row (a wrapped cell's tail) by its fields. */
        for (; row->ncells > 0 && !spans_whole_row(row) && col + 1 < row->width; col++)
            *at++ = '\t';
        *at++ = '\0';
    }
    *at = '\0';
    doc->text = text;
    doc->text_len = (size_t)(at - text);
    doc->lines = lines;
    doc->nlines = n;
    doc->places = places;
    doc->format = source_formats[src->kind];
    doc->parts = src->parts;
    doc->nparts = src->nparts;
    doc->note = src->note ? src->note : "";
    *row_of_line = rows_of;
    return JX_OK;
}

/* The source cell at a line's field (1-based), NULL for an empty field. */
static const jx_source_cell *source_cell(const jx_source_row *row, uint32_t field)
{
    size_t lo = 0, hi = row->ncells;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (row->cells[mid].col + 1 < field)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < row->ncells && row->cells[lo].col + 1 == field ? &row->cells[lo] : NULL;
}

void jx_spans_from_source(jx_document *doc, const jx_source *src, const size_t *row_of_line)
{
    for (size_t k = 0; k < doc->ntables; k++) {
        jx_grid *grid = &doc->tables[k].grid;
        for (size_t r = 0; r < grid->nrows; r++)
            for (size_t c = 0; c < grid->rows[r].ncells; c++) {
                jx_cell *cell = &grid->rows[r].cells[c];
                if (cell->line == 0 || cell->line > doc->nlines
                    || row_of_line[cell->line - 1] >= src->nrows)
                    continue;
                const jx_source_cell *from =
                    source_cell(&src->rows[row_of_line[cell->line - 1]], cell->col);
                if (from != NULL) {
                    cell->rowspan = from->rowspan;
                    cell->colspan = from->colspan;
                }
            }
    }
}

/* A column's letters as a workbook names it: 0 → A, 27 → AB. */
static void column_letters(uint32_t col, char out[8])
{
    char rev[8];
    size_t n = 0;
    uint64_t v = (uint64_t)col + 1;
    while (v > 0 && n < sizeof rev - 1) {
        rev[n++] = (char)('A' + (v - 1) % 26);
        v = (v - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

/* A sheet's name as a reference writes it: quoted when it is not plain. */
static bool plain_sheet_name(const char *name)
{
    if (name[0] == '\0')
        return false;
    for (const char *p = name; *p; p++)
        if (*p == ' ' || *p == '\'' || *p == '!' || *p == '-' || *p == '(' || *p == ')')
            return false;
    return true;
}

int jx_document_place(const jx_document *doc, uint32_t line, uint32_t col, char *buf, size_t size)
{
    if (doc->places == NULL || line == 0 || line > doc->nlines)
        return col ? snprintf(buf, size, "第%u行第%u列", line, col) : snprintf(buf, size, "第%u行", line);
    const jx_place *p = &doc->places[line - 1];
    if (p->page) /* a PDF: the page, then the table's row and column or the page's line */
        return p->prose ? snprintf(buf, size, "第%u页第%u行", p->page, p->row)
               : col    ? snprintf(buf, size, "第%u页 表%u 第%u行第%u列", p->page, p->part, p->row, col)
                        : snprintf(buf, size, "第%u页 表%u 第%u行", p->page, p->part, p->row);
    if (p->prose)
        return snprintf(buf, size, "第%u段", p->row);
    if (doc->parts != NULL && p->part < doc->nparts) {
        char letters[8];
        column_letters(col ? col - 1 : 0, letters);
        const char *sheet = doc->parts[p->part];
        return plain_sheet_name(sheet) ? snprintf(buf, size, "%s!%s%u", sheet, letters, p->row)
                                       : snprintf(buf, size, "'%s'!%s%u", sheet, letters, p->row);
    }
    return col ? snprintf(buf, size, "表%u 第%u行第%u列", p->part, p->row, col)
               : snprintf(buf, size, "表%u 第%u行", p->part, p->row);
}
