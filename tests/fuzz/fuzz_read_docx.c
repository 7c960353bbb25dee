/*
 * fuzz_read_docx — libFuzzer target for the Word reader (engine/read/read_docx.c).
 *
 * Input: bytes. A zip (PK\3\4 first) goes to jx_read_docx as it is: the
 * container, its budget, a corrupt or lying zip. Anything else is first
 * stored, uncompressed, as word/document.xml of a zip made here with
 * libzip, so that mutations reach the XML walker instead of dying on a CRC.
 *
 * Contracts: a read that succeeds was sniffed as a Word document and gives
 * rows within the limits, each with a cell; prose rows are part 0, one cell
 * at column 0, numbered upwards; table rows are part >= 1 with rows numbered
 * upwards within their table; cells in column order without overlap, spans
 * >= 1 and within JX_READ_MAX_COLS, text UTF-8 on one line without
 * surrounding blanks, empty only for a span. A refused file gives no rows
 * and a one-line UTF-8 message naming the part or the container. libxml2
 * prints nothing (the program's handlers, set here, are never reached) and
 * its handlers are given back. No crash, leak or undefined behaviour.
 */
#define FUZZ_NAME "fuzz_read_docx"
#include "fuzz_oracle.h"

#include "read.h"
#include "fuzz_source.h"

#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <zip.h>

/* The program's libxml2 handlers: the library never prints, so the reader
 * must reach neither, and must give them back as it found them. */
static int handlers_mark;

static void printed_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    require(false, "the reader never lets libxml2 print (generic handler)");
}

static void printed_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
    require(false, "the reader never lets libxml2 print (structured handler)");
}

/* data stored as word/document.xml of a new zip; NULL when libzip fails. */
static unsigned char *zip_of_document(const uint8_t *data, size_t size, size_t *len)
{
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, NULL);
    zip_t *z = out ? zip_open_from_source(out, ZIP_TRUNCATE, NULL) : NULL;
    if (z == NULL) {
        zip_source_free(out);
        return NULL;
    }
    zip_source_keep(out); /* outlives zip_close, which writes the zip into it */
    zip_source_t *part = zip_source_buffer(z, data, size, 0);
    zip_int64_t index = part ? zip_file_add(z, "word/document.xml", part, 0) : -1;
    if (index < 0)
        zip_source_free(part);
    else
        zip_set_file_compression(z, (zip_uint64_t)index, ZIP_CM_STORE, 0);
    bool written = index >= 0 && zip_close(z) == 0;
    if (!written)
        zip_discard(z);
    unsigned char *bytes = NULL;
    zip_stat_t st;
    if (written && zip_source_stat(out, &st) == 0 && (st.valid & ZIP_STAT_SIZE)
        && zip_source_open(out) == 0) {
        bytes = malloc(st.size ? st.size : 1);
        if (bytes != NULL && zip_source_read(out, bytes, st.size) != (zip_int64_t)st.size) {
            free(bytes);
            bytes = NULL;
        }
        *len = (size_t)st.size;
        zip_source_close(out);
    }
    zip_source_free(out);
    return bytes;
}

static void check_source(const jx_source *src)
{
    require(src->kind == JX_SOURCE_DOCX, "the source is a docx's");
    require(src->note != NULL && utf8_string(src->note) && one_line_text(src->note),
            "the note is one line of UTF-8");
    require(src->parts == NULL && src->nparts == 0, "a document has no sheets");
    require(src->nrows == 0 || src->rows != NULL, "rows are there when counted");
    require(src->nrows <= JX_READ_MAX_CELLS, "rows within the limit");
    uint32_t max_part = 0;
    for (size_t i = 0; i < src->nrows; i++)
        if (src->rows[i].part > max_part)
            max_part = src->rows[i].part;
    uint32_t *last_row = calloc((size_t)max_part + 1, sizeof *last_row);
    require(last_row != NULL, "memory for the check");
    size_t cells = 0;
    for (size_t i = 0; i < src->nrows; i++) {
        const jx_source_row *row = &src->rows[i];
        require(row->ncells >= 1 && row->cells != NULL, "a row has a cell");
        require(row->ncells <= JX_READ_MAX_COLS, "a row within JX_READ_MAX_COLS cells");
        if (row->prose) {
            require(row->part == 0, "prose is part 0");
            require(row->ncells == 1 && row->cells[0].col == 0, "prose is one cell at column 0");
            require(row->cells[0].rowspan == 1 && row->cells[0].colspan == 1,
                    "prose spans nothing");
        } else {
            require(row->part >= 1, "a table row's part is its table, from 1");
            require(row->row >= 1 && row->row <= JX_READ_MAX_ROWS, "a table row within the limit");
        }
        /* Paragraphs (part 0) and each table's rows are numbered upwards. */
        require(row->row > last_row[row->part], "rows numbered upwards within their part");
        last_row[row->part] = row->row;
        uint32_t min_col = 0;
        for (size_t k = 0; k < row->ncells; k++) {
            check_cell(&row->cells[k], min_col);
            min_col = row->cells[k].col + row->cells[k].colspan;
        }
        cells += row->ncells;
    }
    require(cells <= JX_READ_MAX_CELLS, "cells within JX_READ_MAX_CELLS");
    free(last_row);
}

static void check_refusal(jx_status st, const jx_source *src, const jx_error *err)
{
    static const char *const starts[] = {"word/", "not a readable zip", "encrypted", "out of memory"};
    check_refusal_names(st, src, err, starts, sizeof starts / sizeof starts[0],
                        "the message names the part or the container");
    require(strncmp(err->message, "out of memory", 13) != 0 || strcmp(err->message, "out of memory") == 0,
            "out of memory says nothing more");
}

static void read_one(const unsigned char *bytes, size_t len)
{
    jx_arena *arena = jx_arena_new();
    require(arena != NULL, "an arena");
    jx_source src;
    jx_error err;
    memset(&err, 0, sizeof err);
    xmlSetGenericErrorFunc(&handlers_mark, printed_generic);
    xmlSetStructuredErrorFunc(&handlers_mark, printed_structured);
    jx_status st = jx_read_docx(arena, bytes, len, &src, &err);
    require(xmlGenericError == printed_generic && xmlGenericErrorContext == &handlers_mark
                && xmlStructuredError == printed_structured
                && xmlStructuredErrorContext == &handlers_mark,
            "libxml2's handlers given back as they were");
    if (st == JX_OK) {
        require(jx_sniff_docx(bytes, len), "what reads was sniffed as a Word document");
        check_source(&src);
    } else {
        check_refusal(st, &src, &err);
    }
    jx_arena_free(arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
        read_one(data, size);
        return 0;
    }
    size_t len = 0;
    unsigned char *zip = zip_of_document(data, size, &len);
    require(zip != NULL, "libzip stores the document");
    read_one(zip, len);
    free(zip);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
