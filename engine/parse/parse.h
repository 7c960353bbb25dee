/*
 * parse.h — bytes made grids and tables: lines split into cells, CSV/TSV,
 * and segmentation into tables with their titles. Uses read, text and base.
 */
#ifndef JX_PARSE_H
#define JX_PARSE_H

#include "read.h"

/* ------------------------------------------------------------ grid.c */


/* Growable arrays allocated with malloc, handed to the arena when done. */
typedef struct {
    jx_row *rows;
    size_t nrows, cap;
} jx_row_list;

bool jx_row_list_push(jx_row_list *list, const jx_row *row);

/* Splits one source line into cells (TAB, or |pipe| markdown rows). */
bool jx_grid_split_line(jx_arena *arena, const char *line, size_t len,
                        uint32_t lineno, char separator, jx_row *row);

/* Whether a source line is a table row (contains a TAB, or is a |pipe| row). */
bool jx_line_is_row(const char *line, size_t len, char *separator);
/* Whether a line without a TAB is a |pipe| row (markdown): its first
 * character after spaces is a pipe and another follows. */
bool jx_line_is_pipe_row(const char *line, size_t len);

/* After rows are final: a lone 一 in a column that holds numbers is a dash. */
void jx_grid_finish(jx_arena *arena, jx_grid *grid);

/* Parses RFC 4180 CSV (or TSV) text as one grid. */
jx_status jx_grid_from_delimited(jx_arena *arena, const char *text, size_t len,
                                 char separator, jx_grid *grid, jx_error *err);

/* ------------------------------------------------------------ source.c */

/* A reader's source made the document's lines (one per row or paragraph,
 * cells at their columns between TABs), text, places, parts and note. */
jx_status jx_lines_from_source(jx_document *doc, const jx_source *src, size_t **row_of_line,
                               jx_error *err);
/* After segmentation: each table cell of a merged range gets its span
 * (row_of_line: the source row of each line, SIZE_MAX for a blank one). */
void jx_spans_from_source(jx_document *doc, const jx_source *src, const size_t *row_of_line);

/* ------------------------------------------------------------ segment.c */

/* Finds the tables of a text document (doc->lines set). */
jx_status jx_segment(jx_document *doc, jx_error *err);

/* Makes a CSV/TSV grid the document's one table. */
jx_status jx_segment_delimited(jx_document *doc, const jx_grid *grid, jx_error *err);

#endif /* JX_PARSE_H */
