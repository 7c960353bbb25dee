/*
 * pdf.h — the parts of the PDF layout (read.h says what it does), for the
 * files that make it only:
 *
 *   pdf_text.c      the text of glyphs: lines by baseline, spaces, wrapped lines
 *   pdf_grid.c      ruled tables: rulings merged and grouped, the grid, the cells
 *   pdf_page.c      a page: glyphs to cells and lines, tables without rules
 *   pdf_document.c  the document: page numbers and running heads, tables and
 *                   rows continued across pages, paragraphs, the rows
 *
 * Distances are in points and in ems of the text's size; the thresholds are
 * what the forms' printouts (Word, WPS, Excel and LibreOffice exports) need.
 */
#ifndef JX_PDF_H
#define JX_PDF_H

#include "read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rulings closer than this are one line (a double rule, a line drawn twice). */
#define RULE_JOIN 2.0f
/* A break this short in a ruling is none (cell borders drawn cell by cell). */
#define RULE_GAP 2.5f
/* Rulings shorter than this are ticks, not lines. */
#define RULE_MIN 3.0f
/* A side of a grid square is drawn when rulings cover this much of it. */
#define EDGE_COVER 0.6f
/* A table with more grid squares than this is refused as no table. */
#define GRID_MAX_SQUARES 2000000u
/* Rulings on one page past which no tables are looked for (a chart, a hatch). */
#define PAGE_MAX_RULES 8192u
/* Glyphs whose baselines differ by less than this (ems) share a line. */
#define LINE_ACROSS 0.5f
/* A gap wider than this (ems) between glyphs of a line separates stretches. */
#define STRETCH_GAP 1.5f
/* A gap wider than this (ems) between two letters or digits is a space. */
#define WORD_GAP 0.25f
/* Baselines of a table without rules at most this far apart (ems). */
#define BORDERLESS_LEADING 3.0f
/* Page numbers and running heads: within this share of the page's top or
 * bottom, at most this many characters. */
#define MARGIN_BAND 0.12f
#define MARGIN_CHARS 40u
/* Continued tables: their columns agree within this (points). */
#define CONTINUED_COLUMNS 3.0f
/* A cell's text runs on to its right side when it ends within this (ems). */
#define RUNS_ON 2.0f
/* A repeated header: at most this many rows. */
#define REPEATED_HEADER_ROWS 6u
/* A line runs to the text's right edge when it ends within this (ems). */
#define PARAGRAPH_RIGHT 1.5f
/* A paragraph's lines are at most this far apart (ems, baseline to baseline). */
#define PARAGRAPH_LEADING 1.9f

/* ------------------------------------------------------------ what a page is made into */

typedef struct {
    float x0, x1, size;
    const char *text;
} jx_pdf_stretch;

typedef struct {
    jx_pdf_stretch *stretches;
    uint32_t nstretches;
    uint32_t number;    /* on its page, top to bottom, among the lines outside ruled tables */
    float x0, x1, top, baseline, size;
    float lead;         /* the width of its first word of letters and digits (no
                           break inside: the line above may end short by it) */
} text_line;

typedef struct {
    uint32_t row, col, rowspan, colspan;
    const char *text;
    bool runs_on;       /* its last line of text reaches the cell's right side:
                           text that may go on where the page breaks the row */
} grid_cell;

typedef struct {
    float x0, y0, x1, y1;
    uint32_t nrows, ncols;
    float *xs;          /* ncols + 1 column edges */
    grid_cell *cells;   /* by row, then column */
    size_t ncells;
    uint32_t *row_page; /* each row's page */
    bool ruled;
    size_t cells_cap;   /* a table joined across pages: room in cells and */
    uint32_t rows_cap;  /*   row_page, so a page's rows are appended, not the table copied */
} grid_table;

typedef struct {
    grid_table *table;  /* or */
    text_line *line;
    uint32_t page;
    uint32_t last_page; /* a table joined across pages: its last */
    float top, bottom;
    bool margin;        /* a page number or running head: left out */
    bool joined;        /* continued into the item before it: left out */
} layout_item;

struct jx_pdf_layout {
    jx_arena *arena;
    layout_item *items; /* malloc'd */
    size_t nitems, items_cap;
    float *page_height; /* per page, malloc'd */
    size_t npages, pages_cap;
};

/* ------------------------------------------------------------ small helpers */

static inline float fmin2(float a, float b) { return a < b ? a : b; }
static inline float fmax2(float a, float b) { return a > b ? a : b; }

static inline int compare_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The first index of sorted xs[0..n) whose value exceeds v. */
static inline size_t upper_bound(const float *xs, size_t n, float v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (xs[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The index of the value of sorted xs[0..n) within tol of v, or n. */
static inline size_t nearest(const float *xs, size_t n, float v, float tol)
{
    size_t i = upper_bound(xs, n, v);
    size_t best = n;
    float best_d = tol;
    for (size_t k = i > 0 ? i - 1 : 0; k < n && k <= i; k++) {
        float d = fabsf(xs[k] - v);
        if (d <= best_d) {
            best = k;
            best_d = d;
        }
    }
    return best;
}

/* ------------------------------------------------------------ pdf_text.c */

/* A glyph to sort: its place in its line's frame, its index in the page's glyphs. */
typedef struct {
    float across, along;
    uint32_t index;
    uint8_t turn;
} jx_pdf_key;

/* A line of sorted keys. */
typedef struct {
    size_t first, count; /* into the keys */
    float across, size;
} jx_pdf_key_line;

/* A growing string, malloc'd. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} jx_pdf_text;

/* A space of any width (U+0020, U+00A0, U+3000, U+2000–U+200B) or a TAB. */
bool jx_pdf_is_space(uint32_t r);
/* Whether two pieces of text set on either side of a line break are joined
 * by a space: words of Latin letters are; a number broken by the wrap, and
 * Chinese, are not. */
bool jx_pdf_space_between(uint32_t before, uint32_t after);
/* The last character of s[0, len), or 0. */
uint32_t jx_pdf_last_rune(const char *s, size_t len);
/* Appends more[0, n) to t as the next line of one text (a cell's, a
 * paragraph's): a space between them only where jx_pdf_space_between says.
 * Out of memory: t->failed. */
void jx_pdf_text_join(jx_pdf_text *t, const char *more, size_t n);
/* Sorts keys into lines (by turn, then baseline), each line by its glyphs'
 * place along it; *lines is malloc'd. False: no memory. */
bool jx_pdf_lines_of(const jx_pdf_glyph *glyphs, jx_pdf_key *keys, size_t n, jx_pdf_key_line **lines,
                     size_t *nlines);
/* Writes keys[first, first + count) of one line: a space where the line has
 * one, or a word gap (wider than the line's usual gap) between two letters or
 * digits; a glyph drawn twice over itself (a bold made by overprinting) once. */
void jx_pdf_run_text(jx_pdf_text *t, const jx_pdf_glyph *glyphs, const jx_pdf_key *keys,
                     size_t count);
/* The text of a cell: its lines top to bottom, a wrapped line joined to the
 * one before it (space_between); *last_left, *last_right and *last_size:
 * where its last line starts and ends and the size of its text. NULL: no
 * memory; "" for no text. */
const char *jx_pdf_cell_text(jx_arena *arena, const jx_pdf_glyph *glyphs, jx_pdf_key *keys,
                             size_t n, float *last_left, float *last_right, float *last_size,
                             bool *nomem);

/* ------------------------------------------------------------ pdf_grid.c */

typedef struct {
    grid_table *table;
    float *ys;          /* nrows + 1 row edges, malloc'd */
    int32_t *cellof;    /* square -> cell, malloc'd */
} jx_pdf_page_table;

/* The ruled tables of a page, malloc'd with their maps (free them with
 * jx_pdf_free_page_tables); the tables themselves in the arena. */
jx_status jx_pdf_ruled_tables(jx_arena *arena, jx_pdf_page *page, jx_pdf_page_table **tables,
                             size_t *ntables, jx_error *err);
/* The table and cell a glyph's middle falls in: the smallest table holding it. */
bool jx_pdf_place_glyph(const jx_pdf_page_table *tables, size_t ntables, const jx_pdf_glyph *g,
                        size_t *table, int32_t *cell);
void jx_pdf_free_page_tables(jx_pdf_page_table *tables, size_t n);

#endif /* JX_PDF_H */
