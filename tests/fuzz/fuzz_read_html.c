/*
 * fuzz_read_html — libFuzzer target for the web-page reader (issue 11.1).
 *
 * Input: bytes, as a page fetched from a government site. jx_read_html reads
 * them; a refusal must say why. A page that reads has rows within the
 * readers' limits: cells in strictly increasing columns, spans of at least 1,
 * no text with a TAB or a line break, prose rows of one cell in no table,
 * table rows numbered within their table. Read as a document (through the
 * sniff and the segmenter), every finding place is printable. No crash, leak
 * or undefined behaviour.
 */
#define FUZZ_NAME "fuzz_read_html"
#include "fuzz_oracle.h"

#include "render.h"

static void check_source(const jx_source *src)
{
    require(src->nrows <= JX_READ_MAX_ROWS, "rows within the limit");
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *row = &src->rows[i];
        require(row->ncells > 0, "a row has a cell");
        require(!row->prose || (row->part == 0 && row->ncells == 1), "prose is one cell, no table");
        require(row->prose || row->part >= 1, "a table row names its table");
        require(row->row >= 1, "rows are numbered from 1");
        for (size_t c = 0; c < row->ncells; c++) {
            const jx_source_cell *cell = &row->cells[c];
            require(c == 0 || cell->col > row->cells[c - 1].col, "cells in increasing columns");
            require(cell->rowspan >= 1 && cell->colspan >= 1, "spans of at least 1");
            require(cell->col < JX_READ_MAX_COLS, "columns within the limit");
            require(strpbrk(cell->text, "\t\n\r") == NULL, "no TAB or line break in a cell");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jx_arena *arena = jx_arena_new();
    if (arena == NULL)
        return 0;
    jx_source src;
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = jx_read_html(arena, data, size, &src, &err);
    require(memchr(err.message, '\0', sizeof err.message) != NULL, "error message terminated");
    if (st != JX_OK)
        require(err.message[0] != '\0', "a refused page says why");
    else
        check_source(&src);
    jx_arena_free(arena);

    /* The same bytes as a document: a page when they sniff as one. */
    jx_document *doc = jx_document_parse("page.html", data, size, JX_FORMAT_AUTO, &err);
    if (doc != NULL) {
        char place[320];
        for (size_t i = 0; i < doc->nlines; i++)
            require(jx_document_place(doc, doc->lines[i].line, 1, place, sizeof place) > 0,
                    "every line has a place");
        jx_document_free(doc);
    }
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
