/* document.c — a document's life: read the bytes, decode, split lines, segment. */
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    if (n < s)
        return false;
    for (size_t i = 0; i < s; i++) {
        char c = name[n - s + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

static jx_input_format format_from_name(const char *name)
{
    if (has_suffix(name, ".csv"))
        return JX_FORMAT_CSV;
    if (has_suffix(name, ".tsv"))
        return JX_FORMAT_TSV;
    return JX_FORMAT_TEXT;
}

/* ------------------------------------------------------------ reading files */

/* ------------------------------------------------------------ documents */

static bool split_lines(jx_document *doc)
{
    /* One pass with memchr, which looks at many bytes at once: the lines
     * are gathered in scratch memory and kept in the arena at their count. */
    char *text = (char *)doc->text;
    const size_t len = doc->text_len;
    jx_line *lines = NULL;
    size_t n = 0, cap = 0;
    /* The decoded text is ours: cut it into NUL-terminated lines in place. A
     * final LF opens no further line (an empty text is one empty line). */
    char *start = text;
    for (;;) {
        char *lf = memchr(start, '\n', len - (size_t)(start - text));
        if (lf == NULL && start == text + len && n > 0)
            break;
        if (n == cap) {
            jx_line *grown = n < UINT32_MAX - 1 ? jx_grow(lines, &cap, n + 1, sizeof *lines) : NULL;
            if (grown == NULL) {
                free(lines);
                return false;
            }
            lines = grown;
        }
        lines[n].line = (uint32_t)(n + 1);
        lines[n].text = start;
        n++;
        if (lf == NULL) {
            start[len - (size_t)(start - text)] = '\0';
            break;
        }
        *lf = '\0';
        start = lf + 1;
    }
    doc->lines = jx_arena_alloc(doc->arena, n * sizeof(jx_line));
    if (doc->lines != NULL)
        memcpy(doc->lines, lines, n * sizeof(jx_line));
    free(lines);
    doc->nlines = n;
    return doc->lines != NULL;
}

jx_document *jx_document_parse(const char *name, const unsigned char *bytes,
                               size_t size, jx_input_format format,
                               jx_error *err)
{
    return jx_document_parse_with(name, bytes, size, format, NULL, err);
}

/*
 * A document from bytes; `owned` is bytes when the caller malloc'd them (with
 * a writable byte after them) and gives them up if they serve: text is then
 * decoded in place and *adopted says the document's arena took them.
 */
static jx_document *parse_bytes(const char *name, const unsigned char *bytes, size_t size,
                                unsigned char *owned, bool *adopted, jx_input_format format,
                                const jx_forms *forms, jx_error *err)
{
    *adopted = false;
    if (name == NULL)
        name = "";
    if (size > JX_MAX_INPUT_BYTES) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "larger than %zu MB",
                     JX_MAX_INPUT_BYTES >> 20);
        return NULL;
    }
    jx_arena *arena = jx_arena_new();
    jx_document *doc = arena ? jx_arena_alloc(arena, sizeof *doc) : NULL;
    if (doc == NULL) {
        jx_arena_free(arena);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    doc->arena = arena;
    doc->name = jx_arena_strndup(arena, name, strlen(name));
    doc->format = "text";
    doc->note = "";
    /* A workbook, Word file or web page, known by its content, is read by its
     * reader; anything else is decoded as text. */
    const jx_reader *reader = format == JX_FORMAT_AUTO ? jx_reader_for(bytes, size) : NULL;
    jx_source source = {0};
    size_t *row_of_line = NULL;
    char *text = NULL;
    jx_status st = reader ? reader->read(arena, bytes, size, &source, err)
                   : owned ? jx_decode_owned(arena, owned, size, &text, &doc->text_len,
                                             &doc->encoding, adopted, err)
                           : jx_decode(arena, bytes, size, &text, &doc->text_len, &doc->encoding, err);
    if (st == JX_OK && reader)
        st = jx_lines_from_source(doc, &source, &row_of_line, err);
    if (st != JX_OK) {
        jx_arena_free(arena); /* and the bytes, if it took them */
        return NULL;
    }
    if (!reader)
        doc->text = text;
    /* The document keeps the forms it was read with, for the segmenter, the
     * models and the checks that read its ledgers: the caller's (borrowed:
     * they outlive the document, as jixiao.h says), else the built-in ones
     * read into its arena (microseconds, and no state kept between
     * documents). Borrowing keeps a command that reads thousands of
     * documents from copying the words each time. */
    const jx_forms *used = forms;
    if (forms == NULL) {
        jx_forms *own = jx_arena_alloc(arena, sizeof *own);
        if (own == NULL) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
            st = JX_ERR_NOMEM;
        } else {
            st = jx_forms_builtin(arena, own, err);
        }
        used = own;
    }
    doc->forms = used;
    if (format == JX_FORMAT_AUTO)
        format = format_from_name(name);
    if (st != JX_OK) {
        /* nothing more to read */
    } else if (reader) {
        st = jx_segment(doc, err);
        if (st == JX_OK)
            jx_spans_from_source(doc, &source, row_of_line);
    } else if (format == JX_FORMAT_CSV || format == JX_FORMAT_TSV) {
        doc->format = format == JX_FORMAT_CSV ? "csv" : "tsv";
        /* The delimited reader needs the text whole, before lines are cut. */
        jx_grid grid = {0};
        st = jx_grid_from_delimited(arena, text, doc->text_len,
                                    format == JX_FORMAT_CSV ? ',' : '\t', &grid, err);
        if (st == JX_OK)
            st = jx_segment_delimited(doc, &grid, err);
        if (st == JX_OK && !split_lines(doc)) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
            st = JX_ERR_NOMEM;
        }
    } else if (!split_lines(doc)) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        st = JX_ERR_NOMEM;
    } else {
        st = jx_segment(doc, err);
    }
    if (st == JX_OK && (st = jx_build_models(doc, used)) != JX_OK)
        jx_error_set(err, st, 0, "out of memory");
    if (st != JX_OK) {
        jx_arena_free(arena);
        return NULL;
    }
    return doc;
}

jx_document *jx_document_parse_with(const char *name, const unsigned char *bytes,
                                    size_t size, jx_input_format format,
                                    const jx_forms *forms, jx_error *err)
{
    bool adopted;
    return parse_bytes(name, bytes, size, NULL, &adopted, format, forms, err);
}

jx_status jx_build_models(jx_document *doc, const jx_forms *forms)
{
    for (size_t k = 0; k < doc->ntables; k++) {
        jx_table *table = &doc->tables[k];
        table->kind = jx_classify_table(forms, table);
        jx_status st = jx_scorecard_build(doc->arena, forms, table);
        if (st != JX_OK)
            return st;
    }
    return JX_OK;
}

jx_document *jx_document_load(const char *path, jx_input_format format,
                              jx_error *err)
{
    return jx_document_load_with(path, format, NULL, err);
}

jx_document *jx_document_load_with(const char *path, jx_input_format format,
                                   const jx_forms *forms, jx_error *err)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (jx_read_file(path, JX_MAX_INPUT_BYTES, &bytes, &len, err) != JX_OK)
        return NULL;
    /* The bytes read are the text's, decoded where they lie (jx_read_file
     * leaves a NUL after them). */
    bool adopted;
    jx_document *doc = parse_bytes(path, bytes, len, bytes, &adopted, format, forms, err);
    if (!adopted)
        free(bytes);
    return doc;
}

void jx_document_free(jx_document *doc)
{
    if (doc)
        jx_arena_free(doc->arena);
}
