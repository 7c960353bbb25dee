/*
 * fuzz_source.h — the contracts every reader's source keeps, for the reader
 * targets (fuzz_read_docx, fuzz_read_pdf, fuzz_read_xls): one-line text, and
 * a cell within read.h's limits. Include after fuzz_oracle.h (require,
 * utf8_string) and read.h.
 */
#ifndef JX_FUZZ_SOURCE_H
#define JX_FUZZ_SOURCE_H

/* No TAB, CR, LF or other control character. */
static bool one_line_text(const char *s)
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

#endif /* JX_FUZZ_SOURCE_H */
