/*
 * fuzz_source.h — the contracts every reader's source keeps, for the reader
 * targets (fuzz_read_docx, fuzz_read_pdf, fuzz_read_xls, fuzz_read_xlsx):
 * one-line text, a cell within read.h's limits, a workbook's rows, and a
 * refusal. Include after fuzz_oracle.h (require, utf8_string) and read.h.
 */
#ifndef JX_FUZZ_SOURCE_H
#define JX_FUZZ_SOURCE_H

/* No TAB, CR, LF or other control character. */
static inline bool one_line_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

/* A cell at column min_col or after: UTF-8 on one line, trimmed, empty only
 * for a span, its spans at least 1 and within the limits. */
static inline void check_cell(const jx_source_cell *c, uint32_t min_col)
{
    require(c->text != NULL && utf8_string(c->text), "a cell's text is UTF-8");
    require(one_line_text(c->text), "a cell's text has no TAB, CR, LF or other control");
    size_t n = strlen(c->text);
    require(n == 0 || (c->text[0] != ' ' && c->text[n - 1] != ' '), "a cell's text is trimmed");
    require(c->rowspan >= 1 && c->colspan >= 1, "spans are at least 1");
    require(n > 0 || c->rowspan > 1 || c->colspan > 1, "an empty cell is kept only for its span");
    require(c->col >= min_col, "cells in column order, not overlapping");
    require(c->colspan <= JX_READ_MAX_COLS && c->col <= JX_READ_MAX_COLS - c->colspan,
            "a cell within JX_READ_MAX_COLS");
    require(c->rowspan <= JX_READ_MAX_ROWS, "a rowspan within JX_READ_MAX_ROWS");
}

/* A workbook's rows (xlsx, xls): each of a named sheet, in sheet and row
 * order, no prose; its cells' text clean (the target says how strictly), in
 * column order clear of each other's spans, within the limits, a sheet's
 * merged area too; with width_checked, a row's width reaches its last cell. */
static inline void check_sheet_rows(const jx_source *src, bool (*clean)(const char *),
                                    bool width_checked)
{
    require(src->nrows == 0 || src->rows != NULL, "rows are there");
    size_t cells = 0;
    uint64_t merged = 0;
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *r = &src->rows[i];
        require(r->part < src->nparts, "a row's sheet is one of the parts");
        require(r->row >= 1 && r->row <= JX_READ_MAX_ROWS, "a row's number is a sheet row");
        require(!r->prose, "a workbook has no prose");
        require(r->ncells >= 1 && r->cells != NULL, "a row has a cell");
        if (i > 0) {
            const jx_source_row *q = &src->rows[i - 1];
            require(q->part < r->part || (q->part == r->part && q->row < r->row),
                    "rows in sheet and row order, each once");
            if (q->part != r->part)
                merged = 0;
        }
        for (size_t k = 0; k < r->ncells; k++) {
            const jx_source_cell *c = &r->cells[k];
            require(c->text != NULL && utf8_string(c->text), "cell text is UTF-8");
            require(clean(c->text), "no TAB, CR, LF or control character in a cell");
            require(c->rowspan >= 1 && c->colspan >= 1, "spans are at least 1");
            require(c->text[0] != '\0' || c->rowspan > 1 || c->colspan > 1,
                    "a cell has text or a span");
            require(c->col < JX_READ_MAX_COLS && c->colspan <= JX_READ_MAX_COLS - c->col,
                    "a cell and its span stay within the columns");
            require(c->rowspan - 1 <= JX_READ_MAX_ROWS - r->row, "a span stays within the rows");
            if (k + 1 < r->ncells)
                require(c->col + c->colspan <= r->cells[k + 1].col,
                        "cells in column order, clear of each other's spans");
            if (c->rowspan > 1 || c->colspan > 1)
                merged += (uint64_t)c->rowspan * c->colspan;
        }
        if (width_checked) {
            const jx_source_cell *last = &r->cells[r->ncells - 1];
            require(r->width >= last->col + last->colspan && r->width <= JX_READ_MAX_COLS,
                    "a row's width reaches its last cell, within the columns");
        }
        require(merged <= JX_READ_MAX_CELLS, "a sheet's merged area within JX_READ_MAX_CELLS");
        cells += r->ncells;
    }
    require(cells <= JX_READ_MAX_CELLS, "at most JX_READ_MAX_CELLS cells");
}

/* A refusal: FORMAT, TOO_LARGE or NOMEM; a terminated, non-empty, one-line
 * UTF-8 message that starts with one of `starts` (what it names: `named`);
 * no rows. */
static inline void check_refusal_names(jx_status st, const jx_source *src, const jx_error *err,
                                       const char *const *starts, size_t nstarts,
                                       const char *named)
{
    require(st == JX_ERR_FORMAT || st == JX_ERR_TOO_LARGE || st == JX_ERR_NOMEM,
            "a refusal is FORMAT, TOO_LARGE or NOMEM");
    require(memchr(err->message, '\0', sizeof err->message) != NULL, "error message terminated");
    require(err->message[0] != '\0', "a refused file says why");
    require(utf8_string(err->message) && one_line_text(err->message),
            "the message is one line of UTF-8");
    bool found = false;
    for (size_t i = 0; i < nstarts; i++)
        found |= strncmp(err->message, starts[i], strlen(starts[i])) == 0;
    require(found, named);
    require(src->rows == NULL && src->nrows == 0, "a refused file gives no rows");
}

#endif /* JX_FUZZ_SOURCE_H */
