/*
 * pdf_layout.c — a PDF's pages, as glyphs and rulings (read_pdf.c), made
 * into the rows of a source (read.h says what it does; this file says how).
 *
 * A page: its rulings are merged where they continue one another; rulings
 * that touch form a group, and a group with two or more lines each way is a
 * table. Its grid is the distinct places of its vertical and horizontal
 * lines; a cell is a run of grid squares with no line drawn between them (a
 * merged cell), found left to right and top to bottom. Each glyph goes to the
 * cell its middle is in; the rest are grouped into lines by baseline and cut
 * into stretches where a wide gap separates them. Consecutive lines of two or
 * more stretches that line up are a table without rules; its columns are the
 * spans of x the stretches of its fullest lines cover.
 *
 * The document: a short line at a page's top or bottom edge that repeats on
 * the next or previous page (digits aside), or that is only a number and
 * dashes, is a page number or running head and is left out. A ruled table
 * that ends a page and one that starts the next with the same columns are one
 * table; the rows of its start the continuation repeats are dropped. Lines
 * that run to the right edge of the text and go on at its left are one
 * paragraph, on one page or across two.
 *
 * Distances are in points and in ems of the text's size; the thresholds below
 * are what the forms' printouts (Word, WPS, Excel and LibreOffice exports) need.
 */
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

typedef struct {
    float x0, x1, size;
    const char *text;
} stretch;

typedef struct {
    stretch *stretches;
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

/* ------------------------------------------------------------ helpers */

static float fmin2(float a, float b) { return a < b ? a : b; }
static float fmax2(float a, float b) { return a > b ? a : b; }

static int compare_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The first index of sorted xs[0..n) whose value exceeds v. */
static size_t upper_bound(const float *xs, size_t n, float v)
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
static size_t nearest(const float *xs, size_t n, float v, float tol)
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

static bool is_space_rune(uint32_t r)
{
    return r == ' ' || r == 0xA0 || r == 0x3000 || r == '\t' || (r >= 0x2000 && r <= 0x200B);
}

static bool is_ascii_alnum(uint32_t r)
{
    return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
}

static bool is_numeric_rune(uint32_t r)
{
    return (r >= '0' && r <= '9') || r == '.' || r == ',' || r == '%';
}

/* Whether two pieces of text set on either side of a line break are joined
 * by a space: words of Latin letters are; a number broken by the wrap, and
 * Chinese, are not. */
static bool space_between(uint32_t before, uint32_t after)
{
    if (!is_ascii_alnum(before) && before != '.' && before != ',')
        return false;
    if (!is_ascii_alnum(after))
        return false;
    return !(is_numeric_rune(before) && is_numeric_rune(after));
}

/* ------------------------------------------------------------ text of glyphs */

typedef struct {
    float across, along;
    uint32_t index;
    uint8_t turn;
} glyph_key;

static int compare_key_lines(const void *a, const void *b)
{
    const glyph_key *x = a, *y = b;
    if (x->turn != y->turn)
        return x->turn < y->turn ? -1 : 1;
    if (x->across != y->across)
        return x->across < y->across ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int compare_key_along(const void *a, const void *b)
{
    const glyph_key *x = a, *y = b;
    if (x->along != y->along)
        return x->along < y->along ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

typedef struct {
    size_t first, count; /* into the keys */
    float across, size;
} key_line;

/* Sorts keys into lines (by turn, then baseline), each line by its glyphs'
 * place along it; *lines is malloc'd. False: no memory. */
static bool lines_of(const jx_pdf_glyph *glyphs, glyph_key *keys, size_t n, key_line **lines,
                     size_t *nlines)
{
    *lines = NULL;
    *nlines = 0;
    if (n == 0)
        return true;
    qsort(keys, n, sizeof *keys, compare_key_lines);
    key_line *out = malloc(n * sizeof *out);
    if (out == NULL)
        return false;
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        const jx_pdf_glyph *g = &glyphs[keys[i].index];
        float size = g->size > 0 ? g->size : 1;
        size_t j = i + 1;
        while (j < n && keys[j].turn == keys[i].turn
               && keys[j].across - keys[i].across <= LINE_ACROSS * size)
            j++;
        qsort(keys + i, j - i, sizeof *keys, compare_key_along);
        out[m++] = (key_line){i, j - i, keys[i].across, size};
        i = j;
    }
    *lines = out;
    *nlines = m;
    return true;
}

/* A growing string, malloc'd. */
typedef struct {
    char *s;
    size_t len, cap;
    bool failed;
} text_buf;

static void text_put(text_buf *t, uint32_t rune)
{
    if (t->failed)
        return;
    char *grown = jx_grow(t->s, &t->cap, t->len + 5, 1);
    if (grown == NULL) {
        t->failed = true;
        return;
    }
    t->s = grown;
    t->len += jx_utf8_put(t->s + t->len, rune);
}

/* The last character of s[0, len), or 0. */
static uint32_t last_rune(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    jx_utf8_next(s + i, len - i, &cp);
    return cp;
}

/* The usual gap between neighbouring glyphs of a line (justified text spreads
 * them all): the median of the first ones, 0 when they touch. */
static float usual_gap(const jx_pdf_glyph *glyphs, const glyph_key *keys, size_t count)
{
    float gaps[64];
    size_t n = 0;
    const jx_pdf_glyph *prev = NULL;
    for (size_t i = 0; i < count && n < sizeof gaps / sizeof *gaps; i++) {
        const jx_pdf_glyph *g = &glyphs[keys[i].index];
        if (is_space_rune(g->rune))
            continue;
        if (prev != NULL)
            gaps[n++] = fmax2(0, g->along - (prev->along + prev->advance));
        prev = g;
    }
    if (n == 0)
        return 0;
    qsort(gaps, n, sizeof *gaps, compare_float);
    return gaps[n / 2];
}

/* Writes keys[first, first + count) of one line: a space where the line has
 * one, or a word gap (wider than the line's usual gap) between two letters or
 * digits; a glyph drawn twice over itself (a bold made by overprinting) once. */
static void text_of_run(text_buf *t, const jx_pdf_glyph *glyphs, const glyph_key *keys,
                        size_t count)
{
    const jx_pdf_glyph *prev = NULL;
    bool pending_space = false;
    float usual = usual_gap(glyphs, keys, count);
    for (size_t i = 0; i < count; i++) {
        const jx_pdf_glyph *g = &glyphs[keys[i].index];
        if (is_space_rune(g->rune)) {
            pending_space = prev != NULL;
            continue;
        }
        if (g->rune < 0x20 || g->rune == 0x7F)
            continue;
        if (prev != NULL) {
            float end = prev->along + prev->advance;
            float size = prev->size > 0 ? prev->size : 1;
            if (g->rune == prev->rune && fabsf(g->along - prev->along) < 0.3f * fmax2(prev->advance, 0.1f * size))
                continue; /* overprinted */
            bool cjk = jx_is_cjk(prev->rune) || jx_is_cjk(g->rune);
            float word_gap = fmax2(WORD_GAP * size, usual + 0.15f * size);
            if (pending_space || (!cjk && g->along - end > word_gap))
                text_put(t, ' ');
        }
        text_put(t, g->rune);
        prev = g;
        pending_space = false;
    }
}

/* The text of a cell: its lines top to bottom, a wrapped line joined to the
 * one before it (space_between); *last_right and *last_size: where its last
 * line ends and the size of its text. NULL: no memory; "" for no text. */
static const char *cell_text(jx_arena *arena, const jx_pdf_glyph *glyphs, glyph_key *keys,
                             size_t n, float *last_right, float *last_size, bool *nomem)
{
    key_line *lines = NULL;
    size_t nlines = 0;
    if (!lines_of(glyphs, keys, n, &lines, &nlines)) {
        *nomem = true;
        return NULL;
    }
    text_buf t = {0};
    for (size_t l = 0; l < nlines; l++) {
        size_t before = t.len;
        uint32_t last = last_rune(t.s, t.len);
        text_of_run(&t, glyphs, keys + lines[l].first, lines[l].count);
        if (before > 0 && t.len > before && !t.failed) {
            uint32_t first = 0;
            jx_utf8_next(t.s + before, t.len - before, &first);
            if (space_between(last, first)) {
                char *grown = jx_grow(t.s, &t.cap, t.len + 1, 1);
                if (grown == NULL) {
                    t.failed = true;
                } else {
                    t.s = grown;
                    memmove(t.s + before + 1, t.s + before, t.len - before);
                    t.s[before] = ' ';
                    t.len++;
                }
            }
        }
    }
    *last_right = 0;
    *last_size = 0;
    if (nlines > 0) {
        const key_line *last = &lines[nlines - 1];
        for (size_t i = 0; i < last->count; i++)
            if (!is_space_rune(glyphs[keys[last->first + i].index].rune))
                *last_right = fmax2(*last_right, glyphs[keys[last->first + i].index].x1);
        *last_size = last->size;
    }
    free(lines);
    const char *out = t.failed ? NULL : jx_arena_strndup(arena, t.s ? t.s : "", t.len);
    free(t.s);
    if (out == NULL)
        *nomem = true;
    return out;
}

/* ------------------------------------------------------------ rulings */

/* A ruling along one axis: at its y (horizontal) or x (vertical), from..to along. */
typedef struct {
    float at, from, to;
    uint32_t group;
} ruling;

static int compare_ruling(const void *a, const void *b)
{
    const ruling *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (x->from > y->from) - (x->from < y->from);
}

static int compare_ruling_from(const void *a, const void *b)
{
    const ruling *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

/* Merges rulings that continue one another (at within RULE_JOIN, gaps within
 * RULE_GAP); returns how many remain. */
static size_t merge_rulings(ruling *r, size_t n)
{
    qsort(r, n, sizeof *r, compare_ruling);
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && r[j].at - r[i].at <= RULE_JOIN)
            j++;
        qsort(r + i, j - i, sizeof *r, compare_ruling_from);
        float at = r[i].at;
        for (size_t k = i; k < j;) {
            ruling m = {at, r[k].from, r[k].to, 0};
            size_t e = k + 1;
            while (e < j && r[e].from <= m.to + RULE_GAP) {
                m.to = fmax2(m.to, r[e].to);
                e++;
            }
            if (m.to - m.from >= RULE_MIN)
                r[out++] = m;
            k = e;
        }
        i = j;
    }
    return out;
}

static uint32_t find_root(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Cluster sorted values within RULE_JOIN; returns how many (in place, as means). */
static size_t cluster_values(float *v, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        float sum = v[i];
        while (j < n && v[j] - v[i] <= RULE_JOIN)
            sum += v[j++];
        v[out++] = sum / (float)(j - i);
        i = j;
    }
    return out;
}

/* ------------------------------------------------------------ ruled tables */

typedef struct {
    const ruling *h, *v; /* the group's rulings */
    size_t nh, nv;
} ruling_group;

/* Adds v to the sorted edges unless one is within RULE_JOIN. */
static size_t add_edge(float *edges, size_t n, float v)
{
    if (nearest(edges, n, v, RULE_JOIN) < n)
        return n;
    size_t at = upper_bound(edges, n, v);
    memmove(edges + at + 1, edges + at, (n - at) * sizeof *edges);
    edges[at] = v;
    return n + 1;
}

/* Marks the grid sides a ruling draws: along its length, each interval
 * [edges[k], edges[k+1]) it covers EDGE_COVER of. */
static void mark_sides(const ruling *r, const float *edges, size_t nedges, const float *lines,
                       size_t nlines, uint8_t *sides, size_t stride)
{
    size_t line = nearest(lines, nlines, r->at, RULE_JOIN * 1.5f);
    if (line == nlines)
        return;
    size_t k = upper_bound(edges, nedges, r->from);
    k = k > 0 ? k - 1 : 0;
    for (; k + 1 < nedges && edges[k] < r->to; k++) {
        float len = edges[k + 1] - edges[k];
        float cover = fmin2(r->to, edges[k + 1]) - fmax2(r->from, edges[k]);
        if (len > 0 && cover >= EDGE_COVER * len)
            sides[line * stride + k] = 1;
    }
}

/* The grid of one group of rulings, its cells (anchors in row-major order),
 * its row edges and the square -> cell map (both malloc'd). NULL table: no
 * table here (a frame, a hatch); false: no memory. */
static bool grid_of(jx_arena *arena, const ruling_group *g, grid_table **out, float **row_edges,
                    int32_t **square_cell)
{
    *out = NULL;
    *row_edges = NULL;
    *square_cell = NULL;
    float *xs = malloc((g->nv + 2) * sizeof *xs);
    float *ys = malloc((g->nh + 2) * sizeof *ys);
    if (xs == NULL || ys == NULL) {
        free(xs);
        free(ys);
        return false;
    }
    float hmin = g->h[0].from, hmax = g->h[0].to, vmin = g->v[0].from, vmax = g->v[0].to;
    for (size_t i = 0; i < g->nh; i++) {
        ys[i] = g->h[i].at;
        hmin = fmin2(hmin, g->h[i].from);
        hmax = fmax2(hmax, g->h[i].to);
    }
    for (size_t i = 0; i < g->nv; i++) {
        xs[i] = g->v[i].at;
        vmin = fmin2(vmin, g->v[i].from);
        vmax = fmax2(vmax, g->v[i].to);
    }
    qsort(xs, g->nv, sizeof *xs, compare_float);
    qsort(ys, g->nh, sizeof *ys, compare_float);
    size_t nx = cluster_values(xs, g->nv), ny = cluster_values(ys, g->nh);
    /* a side left open (a table without its outer verticals): its edge from
     * where the horizontal lines end */
    nx = add_edge(xs, nx, hmin);
    nx = add_edge(xs, nx, hmax);
    ny = add_edge(ys, ny, vmin);
    ny = add_edge(ys, ny, vmax);
    size_t ncols = nx - 1, nrows = ny - 1;
    if (nx < 2 || ny < 2 || (ncols == 1 && nrows == 1) || ncols * nrows > GRID_MAX_SQUARES) {
        free(xs);
        free(ys);
        return true; /* a frame, or a hatch: no table */
    }
    uint8_t *vside = calloc(nrows * (ncols + 1), 1); /* [row][edge x] */
    uint8_t *hside = calloc((nrows + 1) * ncols, 1); /* [edge y][col] */
    int32_t *cellof = malloc(nrows * ncols * sizeof *cellof);
    grid_cell *cells = NULL;
    size_t ncells = 0, cells_cap = 0;
    bool ok = vside != NULL && hside != NULL && cellof != NULL;
    if (ok) {
        /* vside is [row][x]: a vertical ruling at xs[line] marks rows; stored
         * transposed through a scratch of [x][row] */
        uint8_t *vt = calloc((ncols + 1) * nrows, 1);
        ok = vt != NULL;
        for (size_t i = 0; ok && i < g->nv; i++)
            mark_sides(&g->v[i], ys, ny, xs, nx, vt, nrows);
        for (size_t x = 0; ok && x <= ncols; x++)
            for (size_t r = 0; r < nrows; r++)
                vside[r * (ncols + 1) + x] = vt[x * nrows + r];
        free(vt);
        for (size_t i = 0; ok && i < g->nh; i++)
            mark_sides(&g->h[i], xs, nx, ys, ny, hside, ncols);
    }
    for (size_t i = 0; ok && i < nrows * ncols; i++)
        cellof[i] = -1;
    for (size_t r = 0; ok && r < nrows; r++) {
        for (size_t c = 0; ok && c < ncols; c++) {
            if (cellof[r * ncols + c] >= 0)
                continue;
            size_t c1 = c;
            while (c1 + 1 < ncols && !vside[r * (ncols + 1) + c1 + 1] && cellof[r * ncols + c1 + 1] < 0)
                c1++;
            size_t r1 = r;
            for (;;) {
                if (r1 + 1 >= nrows)
                    break;
                bool open = true;
                for (size_t k = c; open && k <= c1; k++)
                    open = !hside[(r1 + 1) * ncols + k] && cellof[(r1 + 1) * ncols + k] < 0;
                if (!open)
                    break;
                r1++;
            }
            grid_cell *grown = jx_grow(cells, &cells_cap, ncells + 1, sizeof *cells);
            if (grown == NULL) {
                ok = false;
                break;
            }
            cells = grown;
            cells[ncells] = (grid_cell){(uint32_t)r, (uint32_t)c, (uint32_t)(r1 - r + 1),
                                        (uint32_t)(c1 - c + 1), NULL, false};
            for (size_t rr = r; rr <= r1; rr++)
                for (size_t cc = c; cc <= c1; cc++)
                    cellof[rr * ncols + cc] = (int32_t)ncells;
            ncells++;
        }
    }
    grid_table *t = ok ? jx_arena_alloc(arena, sizeof *t) : NULL;
    float *edges = t ? jx_arena_alloc(arena, nx * sizeof *edges) : NULL;
    grid_cell *kept = t && ncells ? jx_arena_alloc(arena, ncells * sizeof *kept) : NULL;
    ok = t != NULL && edges != NULL && (ncells == 0 || kept != NULL);
    if (ok) {
        memcpy(edges, xs, nx * sizeof *edges);
        /* An empty cell is kept only when all its sides are drawn (a merged
         * empty cell of the form); the open squares beside a short row are
         * outside the table. */
        for (size_t i = 0; i < ncells; i++) {
            grid_cell *c = &cells[i];
            bool closed = true;
            for (uint32_t r = c->row; closed && r < c->row + c->rowspan; r++)
                closed = vside[r * (ncols + 1) + c->col] && vside[r * (ncols + 1) + c->col + c->colspan];
            for (uint32_t k = c->col; closed && k < c->col + c->colspan; k++)
                closed = hside[c->row * ncols + k] && hside[(c->row + c->rowspan) * ncols + k];
            c->text = closed ? "" : NULL; /* NULL: open, dropped unless it gets text */
        }
        memcpy(kept, cells, ncells * sizeof *kept);
        *t = (grid_table){xs[0], ys[0], xs[nx - 1], ys[ny - 1], (uint32_t)nrows, (uint32_t)ncols,
                          edges, kept, ncells, NULL, true};
        *out = t;
        *row_edges = ys;
        *square_cell = cellof;
        ys = NULL;
        cellof = NULL;
    }
    free(cells);
    free(cellof);
    free(vside);
    free(hside);
    free(xs);
    free(ys);
    return ok;
}

/* ------------------------------------------------------------ pages */

typedef struct {
    grid_table *table;
    float *ys;          /* nrows + 1 row edges, malloc'd */
    int32_t *cellof;    /* square -> cell, malloc'd */
} page_table;

static void free_page_tables(page_table *tables, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(tables[i].ys);
        free(tables[i].cellof);
    }
    free(tables);
}

static int compare_ruling_group(const void *a, const void *b)
{
    const ruling *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return compare_ruling(a, b);
}

static bool push_item(jx_pdf_layout *l, layout_item item)
{
    layout_item *grown = jx_grow(l->items, &l->items_cap, l->nitems + 1, sizeof *grown);
    if (grown == NULL)
        return false;
    l->items = grown;
    l->items[l->nitems++] = item;
    return true;
}

/* The ruled tables of a page: page_tables malloc'd (with their maps). */
static jx_status find_ruled_tables(jx_pdf_layout *l, jx_pdf_page *page, page_table **tables,
                                   size_t *ntables, jx_error *err)
{
    *tables = NULL;
    *ntables = 0;
    size_t n = page->nrules;
    if (n == 0)
        return JX_OK;
    ruling *h = malloc(n * sizeof *h), *v = malloc(n * sizeof *v);
    size_t nh = 0, nv = 0;
    if (h == NULL || v == NULL) {
        free(h);
        free(v);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const jx_pdf_rule *r = &page->rules[i];
        if (r->y0 == r->y1 && r->x1 - r->x0 >= RULE_MIN)
            h[nh++] = (ruling){r->y0, r->x0, r->x1, 0};
        else if (r->x0 == r->x1 && r->y1 - r->y0 >= RULE_MIN)
            v[nv++] = (ruling){r->x0, r->y0, r->y1, 0};
    }
    nh = merge_rulings(h, nh);
    nv = merge_rulings(v, nv);
    jx_status st = JX_OK;
    if (nh < 2 || nv < 2 || nh > PAGE_MAX_RULES || nv > PAGE_MAX_RULES)
        goto done;
    uint32_t *parent = malloc((nh + nv) * sizeof *parent);
    if (parent == NULL) {
        st = JX_ERR_NOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < nh + nv; i++)
        parent[i] = i;
    /* v is sorted by x: the verticals a horizontal line crosses are a range */
    float *vx = malloc(nv * sizeof *vx);
    if (vx == NULL) {
        free(parent);
        st = JX_ERR_NOMEM;
        goto done;
    }
    for (size_t j = 0; j < nv; j++)
        vx[j] = v[j].at;
    for (size_t i = 0; i < nh; i++) {
        size_t j = upper_bound(vx, nv, h[i].from - RULE_GAP - 0.001f);
        while (j > 0 && vx[j - 1] >= h[i].from - RULE_GAP)
            j--;
        for (; j < nv && vx[j] <= h[i].to + RULE_GAP; j++)
            if (h[i].at >= v[j].from - RULE_GAP && h[i].at <= v[j].to + RULE_GAP) {
                uint32_t a = find_root(parent, (uint32_t)i), b = find_root(parent, (uint32_t)(nh + j));
                if (a != b)
                    parent[a] = b;
            }
    }
    free(vx);
    for (size_t i = 0; i < nh; i++)
        h[i].group = find_root(parent, (uint32_t)i);
    for (size_t j = 0; j < nv; j++)
        v[j].group = find_root(parent, (uint32_t)(nh + j));
    free(parent);
    /* each group: its rulings gathered (both sorted by group), its grid made */
    qsort(h, nh, sizeof *h, compare_ruling_group);
    qsort(v, nv, sizeof *v, compare_ruling_group);
    page_table *out = NULL;
    size_t nout = 0, out_cap = 0;
    for (size_t i = 0, j = 0; st == JX_OK && i < nh;) {
        uint32_t group = h[i].group;
        size_t a = i;
        while (i < nh && h[i].group == group)
            i++;
        while (j < nv && v[j].group < group)
            j++;
        size_t b = j;
        while (j < nv && v[j].group == group)
            j++;
        if (i - a < 2 || j - b < 2)
            continue;
        ruling_group rg = {h + a, v + b, i - a, j - b};
        grid_table *t = NULL;
        float *ys = NULL;
        int32_t *cellof = NULL;
        if (!grid_of(l->arena, &rg, &t, &ys, &cellof)) {
            st = JX_ERR_NOMEM;
            break;
        }
        if (t == NULL)
            continue;
        page_table *grown = jx_grow(out, &out_cap, nout + 1, sizeof *grown);
        if (grown == NULL) {
            free(ys);
            free(cellof);
            st = JX_ERR_NOMEM;
            break;
        }
        out = grown;
        out[nout++] = (page_table){t, ys, cellof};
    }
    if (st != JX_OK) {
        free_page_tables(out, nout);
        goto done;
    }
    *tables = out;
    *ntables = nout;
done:
    free(h);
    free(v);
    if (st == JX_ERR_NOMEM)
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return st;
}

/* The table and cell a glyph's middle falls in: the smallest table holding it. */
static bool place_glyph(const page_table *tables, size_t ntables, const jx_pdf_glyph *g,
                        size_t *table, int32_t *cell)
{
    float cx = (g->x0 + g->x1) / 2, cy = (g->y0 + g->y1) / 2;
    bool found = false;
    float best_area = 0;
    for (size_t i = 0; i < ntables; i++) {
        const grid_table *t = tables[i].table;
        if (cx < t->x0 || cx > t->x1 || cy < t->y0 || cy > t->y1)
            continue;
        float area = (t->x1 - t->x0) * (t->y1 - t->y0);
        if (found && area >= best_area)
            continue;
        size_t c = upper_bound(t->xs, t->ncols + 1, cx), r = upper_bound(tables[i].ys, t->nrows + 1, cy);
        c = c > 0 ? c - 1 : 0;
        r = r > 0 ? r - 1 : 0;
        if (c >= t->ncols)
            c = t->ncols - 1;
        if (r >= t->nrows)
            r = t->nrows - 1;
        *table = i;
        *cell = tables[i].cellof[r * t->ncols + c];
        best_area = area;
        found = true;
    }
    return found;
}

/* Lines of the glyphs outside tables, cut into stretches at wide gaps. */
static jx_status free_lines(jx_pdf_layout *l, const jx_pdf_page *page, glyph_key *keys, size_t n,
                            text_line **out, size_t *nout, jx_error *err)
{
    *out = NULL;
    *nout = 0;
    key_line *lines = NULL;
    size_t nlines = 0;
    if (!lines_of(page->glyphs, keys, n, &lines, &nlines))
        goto nomem;
    text_line *made = nlines ? jx_arena_alloc(l->arena, nlines * sizeof *made) : NULL;
    if (nlines && made == NULL)
        goto nomem;
    size_t m = 0;
    for (size_t i = 0; i < nlines; i++) {
        const glyph_key *k = keys + lines[i].first;
        size_t count = lines[i].count;
        /* the stretches: cut where the gap between two non-space glyphs is wide */
        stretch parts[64];
        size_t nparts = 0, start = 0;
        const jx_pdf_glyph *prev = NULL;
        float x0 = 0, x1 = 0, top = 0, bottom = 0;
        bool any = false;
        for (size_t j = 0; j <= count; j++) {
            const jx_pdf_glyph *g = j < count ? &page->glyphs[k[j].index] : NULL;
            if (g != NULL && is_space_rune(g->rune))
                continue;
            bool cut = g == NULL
                || (prev != NULL && g->along - (prev->along + prev->advance) > STRETCH_GAP * lines[i].size
                    && nparts + 1 < sizeof parts / sizeof *parts);
            if (cut && prev != NULL) {
                text_buf t = {0};
                text_of_run(&t, page->glyphs, k + start, j - start);
                const char *text = t.failed ? NULL : jx_arena_strndup(l->arena, t.s ? t.s : "", t.len);
                free(t.s);
                if (text == NULL)
                    goto nomem;
                float sx0 = page->glyphs[k[start].index].x0, sx1 = prev->x1;
                for (size_t q = start; q < j; q++) {
                    const jx_pdf_glyph *h = &page->glyphs[k[q].index];
                    if (!is_space_rune(h->rune)) {
                        sx0 = fmin2(sx0, h->x0);
                        sx1 = fmax2(sx1, h->x1);
                    }
                }
                if (*text)
                    parts[nparts++] = (stretch){sx0, sx1, lines[i].size, text};
                start = j;
            }
            if (g == NULL)
                break;
            if (!any) {
                x0 = g->x0;
                x1 = g->x1;
                top = g->y0;
                bottom = g->y1;
                any = true;
            }
            x0 = fmin2(x0, g->x0);
            x1 = fmax2(x1, g->x1);
            top = fmin2(top, g->y0);
            bottom = fmax2(bottom, g->y1);
            prev = g;
        }
        if (nparts == 0)
            continue;
        stretch *kept = jx_arena_alloc(l->arena, nparts * sizeof *kept);
        if (kept == NULL)
            goto nomem;
        memcpy(kept, parts, nparts * sizeof *kept);
        /* an upright line sits on its baseline; a turned one is placed by its box */
        const jx_pdf_glyph *g0 = &page->glyphs[k[0].index];
        float baseline = g0->turn == 0 ? g0->across : bottom;
        float lead = 0;
        for (size_t j = 0; j < count; j++) {
            const jx_pdf_glyph *g = &page->glyphs[k[j].index];
            if (is_space_rune(g->rune) || jx_is_cjk(g->rune))
                break;
            lead = g->x1 - x0;
        }
        made[m++] = (text_line){kept, (uint32_t)nparts, 0, x0, x1, top, baseline, lines[i].size, lead};
    }
    free(lines);
    *out = made;
    *nout = m;
    return JX_OK;
nomem:
    free(lines);
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

static int compare_line_top(const void *a, const void *b)
{
    const text_line *x = a, *y = b;
    if (x->baseline != y->baseline)
        return x->baseline < y->baseline ? -1 : 1;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Whether each stretch of a line falls in one of the columns. */
static bool line_aligned(const text_line *line, float (*spans)[2], size_t ncols)
{
    for (uint32_t s = 0; s < line->nstretches; s++) {
        bool in = false;
        for (size_t c = 0; !in && c < ncols; c++)
            in = fmin2(line->stretches[s].x1, spans[c][1]) - fmax2(line->stretches[s].x0, spans[c][0]) > 0;
        if (!in)
            return false;
    }
    return true;
}

/* Whether a run of lines [*a, *b) (each of two or more stretches, or one
 * between two such) lines up as a table; its columns into a grid. Lines at
 * its ends with a stretch outside every column (a title block's 单位：万元
 * above it) are left out of it: *a and *b say which lines it took. */
static grid_table *borderless_table(jx_arena *arena, const text_line *lines, size_t *first_line,
                                    size_t *end_line, bool *nomem)
{
    size_t a = *first_line, b = *end_line;
    /* columns: the x spans of the stretches of the fullest lines */
    uint32_t most = 0;
    for (size_t i = a; i < b; i++)
        if (lines[i].nstretches > most)
            most = lines[i].nstretches;
    size_t nspans = 0;
    for (size_t i = a; i < b; i++)
        if (lines[i].nstretches == most)
            nspans += most;
    float (*spans)[2] = malloc(nspans * sizeof *spans);
    if (spans == NULL) {
        *nomem = true;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = a; i < b; i++)
        if (lines[i].nstretches == most)
            for (uint32_t s = 0; s < most; s++) {
                spans[k][0] = lines[i].stretches[s].x0;
                spans[k][1] = lines[i].stretches[s].x1;
                k++;
            }
    qsort(spans, nspans, sizeof *spans, compare_float);
    size_t ncols = 0;
    for (size_t i = 0; i < nspans; i++) {
        if (ncols > 0 && spans[i][0] <= spans[ncols - 1][1] + 1.0f) {
            spans[ncols - 1][1] = fmax2(spans[ncols - 1][1], spans[i][1]);
        } else {
            spans[ncols][0] = spans[i][0];
            spans[ncols][1] = spans[i][1];
            ncols++;
        }
    }
    while (a < b && !line_aligned(&lines[a], spans, ncols))
        a++;
    while (b > a && !line_aligned(&lines[b - 1], spans, ncols))
        b--;
    size_t multi = 0;
    for (size_t i = a; i < b; i++)
        multi += lines[i].nstretches >= 2;
    if (ncols < 2 || multi < 2) {
        free(spans);
        return NULL;
    }
    *first_line = a;
    *end_line = b;
    /* each stretch to the columns it covers (or the nearest) */
    size_t ncells = 0;
    for (size_t i = a; i < b; i++)
        ncells += lines[i].nstretches;
    grid_table *t = jx_arena_alloc(arena, sizeof *t);
    float *xs = jx_arena_alloc(arena, (ncols + 1) * sizeof *xs);
    grid_cell *cells = jx_arena_alloc(arena, ncells * sizeof *cells);
    if (t == NULL || xs == NULL || cells == NULL) {
        free(spans);
        *nomem = true;
        return NULL;
    }
    for (size_t c = 0; c < ncols; c++)
        xs[c] = c == 0 ? spans[0][0] : (spans[c - 1][1] + spans[c][0]) / 2;
    xs[ncols] = spans[ncols - 1][1];
    size_t m = 0;
    uint32_t last_col = UINT32_MAX;
    for (size_t i = a; i < b; i++) {
        last_col = UINT32_MAX;
        for (uint32_t s = 0; s < lines[i].nstretches; s++) {
            const stretch *st = &lines[i].stretches[s];
            uint32_t first = UINT32_MAX, last = 0;
            for (uint32_t c = 0; c < ncols; c++)
                if (fmin2(st->x1, spans[c][1]) - fmax2(st->x0, spans[c][0]) > 0) {
                    if (first == UINT32_MAX)
                        first = c;
                    last = c;
                }
            if (first == UINT32_MAX) { /* in a gap: the nearest column */
                float mid = (st->x0 + st->x1) / 2, best = 0;
                for (uint32_t c = 0; c < ncols; c++) {
                    float d = fminf(fabsf(mid - spans[c][0]), fabsf(mid - spans[c][1]));
                    if (first == UINT32_MAX || d < best) {
                        first = c;
                        best = d;
                    }
                }
                last = first;
            }
            if (last_col != UINT32_MAX && first <= last_col) { /* two stretches in one column */
                grid_cell *prev = &cells[m - 1];
                size_t la = strlen(prev->text), lb = strlen(st->text);
                char *joined = jx_arena_alloc(arena, la + lb + 2);
                if (joined == NULL) {
                    free(spans);
                    *nomem = true;
                    return NULL;
                }
                memcpy(joined, prev->text, la);
                joined[la] = ' ';
                memcpy(joined + la + 1, st->text, lb);
                prev->text = joined;
                if (last > last_col) {
                    prev->colspan = last - prev->col + 1;
                    last_col = last;
                }
                continue;
            }
            cells[m++] = (grid_cell){(uint32_t)(i - a), first, 1, last - first + 1, st->text, false};
            last_col = last;
        }
    }
    free(spans);
    *t = (grid_table){lines[a].x0, lines[a].top, lines[a].x1, lines[b - 1].baseline,
                      (uint32_t)(b - a), (uint32_t)ncols, xs, cells, m, NULL, false};
    for (size_t i = a; i < b; i++) {
        t->x0 = fmin2(t->x0, lines[i].x0);
        t->x1 = fmax2(t->x1, lines[i].x1);
    }
    return t;
}

static int compare_items(const void *a, const void *b)
{
    const layout_item *x = a, *y = b;
    if (x->top != y->top)
        return x->top < y->top ? -1 : 1;
    return 0;
}

jx_status jx_pdf_layout_page(jx_pdf_layout *l, jx_pdf_page *page, jx_error *err)
{
    float *heights = jx_grow(l->page_height, &l->pages_cap, l->npages + 1, sizeof *heights);
    if (heights == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    l->page_height = heights;
    l->page_height[l->npages++] = page->height;
    page_table *tables = NULL;
    size_t ntables = 0;
    jx_status st = find_ruled_tables(l, page, &tables, &ntables, err);
    if (st != JX_OK)
        return st;
    size_t n = page->nglyphs;
    glyph_key *free_keys = malloc((n ? n : 1) * sizeof *free_keys);
    size_t nfree = 0;
    /* glyphs per cell: a cell index for each glyph, then counted */
    int64_t *placed = malloc((n ? n : 1) * sizeof *placed); /* table << 32 | cell, or -1 */
    size_t first_item = l->nitems;
    bool nomem = free_keys == NULL || placed == NULL;
    for (size_t i = 0; !nomem && i < n; i++) {
        const jx_pdf_glyph *g = &page->glyphs[i];
        size_t table = 0;
        int32_t cell = -1;
        if (ntables && place_glyph(tables, ntables, g, &table, &cell) && cell >= 0) {
            placed[i] = (int64_t)table << 32 | (uint32_t)cell;
        } else {
            placed[i] = -1;
            free_keys[nfree++] = (glyph_key){g->across, g->along, (uint32_t)i, g->turn};
        }
    }
    /* the cells' text */
    for (size_t ti = 0; !nomem && ti < ntables; ti++) {
        grid_table *t = tables[ti].table;
        size_t *count = calloc(t->ncells + 1, sizeof *count);
        glyph_key *keys = malloc((n ? n : 1) * sizeof *keys);
        if (count == NULL || keys == NULL) {
            free(count);
            free(keys);
            nomem = true;
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (placed[i] >= 0 && (size_t)(placed[i] >> 32) == ti)
                count[(uint32_t)placed[i] + 1]++;
        for (size_t c = 1; c <= t->ncells; c++)
            count[c] += count[c - 1];
        size_t *fill = malloc((t->ncells + 1) * sizeof *fill);
        if (fill == NULL) {
            free(count);
            free(keys);
            nomem = true;
            break;
        }
        memcpy(fill, count, (t->ncells + 1) * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            if (placed[i] >= 0 && (size_t)(placed[i] >> 32) == ti) {
                const jx_pdf_glyph *g = &page->glyphs[i];
                keys[fill[(uint32_t)placed[i]]++] = (glyph_key){g->across, g->along, (uint32_t)i, g->turn};
            }
        free(fill);
        size_t kept = 0;
        for (size_t c = 0; !nomem && c < t->ncells; c++) {
            size_t a = count[c], b = count[c + 1];
            if (b > a) {
                float right = 0, size = 0;
                grid_cell *cell = &t->cells[c];
                const char *text = cell_text(l->arena, page->glyphs, keys + a, b - a, &right, &size, &nomem);
                if (text != NULL && *text) {
                    cell->text = text;
                    cell->runs_on = t->xs[cell->col + cell->colspan] - right <= RUNS_ON * size;
                }
            }
            if (t->cells[c].text != NULL)
                t->cells[kept++] = t->cells[c];
        }
        t->ncells = kept;
        free(count);
        free(keys);
        t->row_page = jx_arena_alloc(l->arena, t->nrows * sizeof *t->row_page);
        if (t->row_page == NULL)
            nomem = true;
        for (uint32_t r = 0; !nomem && r < t->nrows; r++)
            t->row_page[r] = page->number;
        if (!nomem && !push_item(l, (layout_item){t, NULL, page->number, page->number, t->y0, t->y1, false, false}))
            nomem = true;
    }
    free_page_tables(tables, ntables);
    free(placed);
    /* the lines outside tables; runs that line up as tables without rules */
    text_line *lines = NULL;
    size_t nlines = 0;
    if (!nomem) {
        st = free_lines(l, page, free_keys, nfree, &lines, &nlines, err);
        if (st != JX_OK) {
            free(free_keys);
            return st;
        }
    }
    free(free_keys);
    if (nlines)
        qsort(lines, nlines, sizeof *lines, compare_line_top);
    for (size_t i = 0; i < nlines; i++)
        lines[i].number = (uint32_t)(i + 1);
    for (size_t i = 0; !nomem && i < nlines;) {
        size_t j = i;
        /* a run: lines of two or more stretches, close below one another; one
         * line of one stretch may sit between two of them */
        while (j < nlines) {
            const text_line *cur = &lines[j];
            bool close = j == i || cur->baseline - lines[j - 1].baseline <= BORDERLESS_LEADING * cur->size;
            if (!close)
                break;
            if (cur->nstretches >= 2) {
                j++;
                continue;
            }
            if (j > i && j + 1 < nlines && lines[j + 1].nstretches >= 2
                && lines[j + 1].baseline - cur->baseline <= BORDERLESS_LEADING * cur->size) {
                j++;
                continue;
            }
            break;
        }
        size_t multi = 0;
        for (size_t k = i; k < j; k++)
            multi += lines[k].nstretches >= 2;
        size_t ta = i, tb = j;
        grid_table *t = multi >= 2 ? borderless_table(l->arena, lines, &ta, &tb, &nomem) : NULL;
        if (t != NULL) {
            t->row_page = jx_arena_alloc(l->arena, t->nrows * sizeof *t->row_page);
            if (t->row_page == NULL) {
                nomem = true;
                break;
            }
            for (uint32_t r = 0; r < t->nrows; r++)
                t->row_page[r] = page->number;
            for (size_t k = i; !nomem && k < j; k++) {
                if (k == ta)
                    nomem = !push_item(l, (layout_item){t, NULL, page->number, page->number, lines[ta].top, lines[tb - 1].baseline, false, false});
                if (!nomem && (k < ta || k >= tb))
                    nomem = !push_item(l, (layout_item){NULL, &lines[k], page->number, page->number, lines[k].top, lines[k].baseline, false, false});
            }
            i = j;
            continue;
        }
        size_t end = j > i ? j : i + 1;
        for (size_t k = i; !nomem && k < end; k++)
            if (!push_item(l, (layout_item){NULL, &lines[k], page->number, page->number, lines[k].top, lines[k].baseline, false, false}))
                nomem = true;
        i = end;
    }
    if (nomem) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    if (l->nitems > first_item)
        qsort(l->items + first_item, l->nitems - first_item, sizeof *l->items, compare_items);
    return JX_OK;
}

/* ------------------------------------------------------------ the document */

/* A line's text, its stretches joined by a space. */
static const char *line_text(jx_arena *arena, const text_line *line)
{
    if (line->nstretches == 1)
        return line->stretches[0].text;
    size_t len = 0;
    for (uint32_t s = 0; s < line->nstretches; s++)
        len += strlen(line->stretches[s].text) + 1;
    char *out = jx_arena_alloc(arena, len + 1);
    if (out == NULL)
        return NULL;
    size_t at = 0;
    for (uint32_t s = 0; s < line->nstretches; s++) {
        size_t n = strlen(line->stretches[s].text);
        if (s)
            out[at++] = ' ';
        memcpy(out + at, line->stretches[s].text, n);
        at += n;
    }
    out[at] = '\0';
    return out;
}

/* A line's text with each run of digits as '#' and without spaces, for
 * comparing running heads and page numbers across pages. */
static void masked(const char *text, char *out, size_t size)
{
    size_t at = 0;
    bool in_digits = false;
    for (const char *p = text; *p && at + 1 < size; p++) {
        if (*p >= '0' && *p <= '9') {
            if (!in_digits)
                out[at++] = '#';
            in_digits = true;
            continue;
        }
        in_digits = false;
        if (*p != ' ')
            out[at++] = *p;
    }
    out[at] = '\0';
}

/* Only digits, spaces and dashes or dots: "- 3 -", "3", "—3—", "·3·", "3/12". */
static bool number_only(const char *text)
{
    bool digit = false;
    size_t i = 0, n = strlen(text);
    while (i < n) {
        uint32_t cp = 0;
        size_t k = jx_utf8_next(text + i, n - i, &cp);
        if (k == 0)
            return false;
        i += k;
        if (cp >= '0' && cp <= '9')
            digit = true;
        else if (!(is_space_rune(cp) || cp == '-' || cp == '/' || cp == '.' || cp == 0xB7
                   || cp == 0x2010 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2212
                   || cp == 0x2015 || cp == 0xFF0D || cp == 0x30FB))
            return false;
    }
    return digit;
}

/* A margin candidate of a page: its first (top) or last (bottom) item, when a
 * short line in the band at that edge. pages[p - 1] is the page's first item,
 * pages[p] the next page's. */
static const layout_item *margin_candidate(const jx_pdf_layout *l, const size_t *pages, uint32_t p,
                                           bool top)
{
    size_t a = pages[p - 1], b = pages[p];
    if (a == b)
        return NULL;
    const layout_item *it = &l->items[top ? a : b - 1];
    if (it->line == NULL)
        return NULL;
    float h = l->page_height[p - 1];
    if (top ? it->top > MARGIN_BAND * h : it->bottom < (1 - MARGIN_BAND) * h)
        return NULL;
    size_t chars = 0;
    for (uint32_t s = 0; s < it->line->nstretches; s++)
        for (const char *q = it->line->stretches[s].text; *q; q++)
            chars += (*q & 0xC0) != 0x80;
    return chars <= MARGIN_CHARS ? it : NULL;
}

typedef struct {
    char masked[128];
    size_t item;
} margin_text;

static int compare_margin_text(const void *a, const void *b)
{
    return strcmp(((const margin_text *)a)->masked, ((const margin_text *)b)->masked);
}

static int compare_size(const void *a, const void *b)
{
    return compare_float(a, b);
}

/* Page numbers and running heads: a short line in the band at a page's top or
 * bottom that is only a number (and dashes), or whose text (digits aside)
 * stands at that edge of at least MARGIN_PAGES pages (of every page, in a
 * shorter document) in a size no larger than the document's text. A title
 * that starts page after page (a card a page) is larger than the text, and
 * stays. */
#define MARGIN_PAGES 3u
static bool mark_margins(jx_pdf_layout *l)
{
    size_t *pages = malloc((l->npages + 1) * sizeof *pages);
    margin_text *seen = malloc((2 * l->npages + 1) * sizeof *seen);
    float *sizes = malloc((l->nitems + 1) * sizeof *sizes);
    if (pages == NULL || seen == NULL || sizes == NULL) {
        free(pages);
        free(seen);
        free(sizes);
        return false;
    }
    size_t i = 0, nsizes = 0;
    for (uint32_t p = 1; p <= l->npages; p++) {
        pages[p - 1] = i;
        while (i < l->nitems && l->items[i].page == p)
            i++;
    }
    pages[l->npages] = i;
    for (size_t k = 0; k < l->nitems; k++)
        if (l->items[k].line != NULL)
            sizes[nsizes++] = l->items[k].line->size;
    qsort(sizes, nsizes, sizeof *sizes, compare_size);
    float body_size = nsizes ? sizes[nsizes / 2] : 0;
    free(sizes);
    bool ok = true;
    for (int top = 0; ok && top < 2; top++) {
        size_t nseen = 0;
        for (uint32_t p = 1; p <= l->npages; p++) {
            const layout_item *it = margin_candidate(l, pages, p, top);
            const char *text = it ? line_text(l->arena, it->line) : NULL;
            if (it != NULL && text == NULL) {
                ok = false;
                break;
            }
            if (text == NULL)
                continue;
            if (number_only(text)) {
                l->items[it - l->items].margin = true;
                continue;
            }
            if (it->line->size > body_size + 0.5f)
                continue;
            masked(text, seen[nseen].masked, sizeof seen[nseen].masked);
            seen[nseen++].item = (size_t)(it - l->items);
        }
        qsort(seen, nseen, sizeof *seen, compare_margin_text);
        size_t need = l->npages < MARGIN_PAGES ? l->npages : MARGIN_PAGES;
        for (size_t a = 0; ok && a < nseen;) {
            size_t b = a + 1;
            while (b < nseen && strcmp(seen[a].masked, seen[b].masked) == 0)
                b++;
            if (b - a >= need && need >= 2)
                for (size_t k = a; k < b; k++)
                    l->items[seen[k].item].margin = true;
            a = b;
        }
    }
    free(pages);
    free(seen);
    return ok;
}

static bool same_row(const grid_table *a, uint32_t ra, const grid_table *b, uint32_t rb)
{
    size_t ia = 0, ib = 0;
    while (ia < a->ncells && a->cells[ia].row != ra)
        ia++;
    while (ib < b->ncells && b->cells[ib].row != rb)
        ib++;
    for (;;) {
        bool ea = ia >= a->ncells || a->cells[ia].row != ra, eb = ib >= b->ncells || b->cells[ib].row != rb;
        if (ea || eb)
            return ea && eb;
        const grid_cell *x = &a->cells[ia++], *y = &b->cells[ib++];
        if (x->col != y->col || x->colspan != y->colspan || strcmp(x->text, y->text) != 0)
            return false;
    }
}

/* The cell of t at column col covering its last row, or NULL. */
static grid_cell *last_row_cell(grid_table *t, uint32_t col)
{
    for (size_t i = t->ncells; i-- > 0;) {
        grid_cell *c = &t->cells[i];
        if (c->col == col && c->row + c->rowspan == t->nrows)
            return c;
    }
    return NULL;
}

/* Whether row r of u goes on with t's last row, the page having broken the
 * row (Word and LibreOffice let a row break across pages): each of its
 * cells with text continues a cell of t's last row, at the same column and as
 * wide, whose text ran on to its right side. A row of its own has cells that
 * do not (a number, a short label). */
static bool continues_row(grid_table *t, const grid_table *u, uint32_t r)
{
    bool any = false;
    for (size_t i = 0; i < u->ncells; i++) {
        const grid_cell *c = &u->cells[i];
        if (c->row != r || *c->text == '\0')
            continue;
        const grid_cell *above = last_row_cell(t, c->col);
        if (above == NULL || above->colspan != c->colspan || !above->runs_on || *above->text == '\0')
            return false;
        any = true;
    }
    return any;
}

static bool join_text(jx_arena *arena, const char **text, const char *more);

/* Appends u's rows to t: its first `skip` rows, its repeated header, left
 * out; a row the page broke joined to t's last; an empty cell that goes on
 * with a merged cell of t's last row (a merged label the page cut) made part
 * of it. */
static bool append_table(jx_arena *arena, grid_table *t, const grid_table *u, uint32_t skip)
{
    bool broken_row = skip < u->nrows && continues_row(t, u, skip);
    uint32_t from = skip + broken_row; /* u's first row appended as a row */
    uint32_t nrows = t->nrows + u->nrows - from;
    grid_cell *cells = jx_arena_alloc(arena, (t->ncells + u->ncells) * sizeof *cells + 1);
    uint32_t *pages = jx_arena_alloc(arena, (nrows ? nrows : 1) * sizeof *pages);
    if (cells == NULL || pages == NULL)
        return false;
    memcpy(cells, t->cells, t->ncells * sizeof *cells);
    grid_table joined = *t;
    joined.cells = cells;
    size_t n = t->ncells;
    for (size_t i = 0; i < u->ncells; i++) {
        grid_cell c = u->cells[i];
        if (c.row < skip)
            continue;
        grid_cell *above = c.row == skip ? last_row_cell(&joined, c.col) : NULL;
        if (above != NULL && above->colspan != c.colspan)
            above = NULL;
        if (broken_row && c.row == skip) {
            /* the broken row's text goes on in the cell above; a cell of it
             * spanning further down keeps the rest of its rows */
            if (above != NULL && *c.text && !join_text(arena, &above->text, c.text))
                return false;
            if (above != NULL && c.rowspan > 1)
                above->rowspan += c.rowspan - 1;
            continue;
        }
        if (above != NULL && *c.text == '\0' && above->rowspan > 1 && *above->text) {
            above->rowspan += c.rowspan; /* a merged cell the page cut */
            continue;
        }
        c.row = c.row - from + t->nrows;
        if (c.row + c.rowspan > nrows)
            c.rowspan = nrows - c.row;
        cells[n++] = c;
    }
    memcpy(pages, t->row_page, t->nrows * sizeof *pages);
    memcpy(pages + t->nrows, u->row_page + from, (u->nrows - from) * sizeof *pages);
    t->cells = cells;
    t->ncells = n;
    t->row_page = pages;
    t->nrows = nrows;
    return true;
}

/* How many of a's inner column edges b also has (within CONTINUED_COLUMNS). */
static uint32_t shared_edges(const grid_table *a, const grid_table *b)
{
    uint32_t n = 0;
    for (uint32_t c = 1; c < a->ncols; c++)
        n += nearest(b->xs, b->ncols + 1, a->xs[c], CONTINUED_COLUMNS) <= b->ncols;
    return n;
}

/* Whether u, at the top of the next page, can go on with t: the same outer
 * edges, and most of the lines between them in common (a card's funds rows
 * and its indicator rows are ruled differently: the page may break between). */
static bool columns_agree(const grid_table *t, const grid_table *u)
{
    if (fabsf(t->xs[0] - u->xs[0]) > CONTINUED_COLUMNS
        || fabsf(t->xs[t->ncols] - u->xs[u->ncols]) > CONTINUED_COLUMNS)
        return false;
    uint32_t inner_t = t->ncols - 1, inner_u = u->ncols - 1;
    if (inner_t == 0 || inner_u == 0)
        return inner_t == inner_u;
    uint32_t fewer = inner_t < inner_u ? inner_t : inner_u;
    uint32_t st = shared_edges(t, u), su = shared_edges(u, t);
    return 2 * st >= fewer && 2 * su >= fewer;
}

/* t's cells on the columns xs (its own edges among them, within
 * CONTINUED_COLUMNS), into cells (t->ncells of them). */
static void regrid_cells(const grid_table *t, const float *xs, uint32_t ncols, grid_cell *cells)
{
    for (size_t i = 0; i < t->ncells; i++) {
        grid_cell c = t->cells[i];
        size_t a = nearest(xs, ncols + 1, t->xs[c.col], CONTINUED_COLUMNS);
        size_t b = nearest(xs, ncols + 1, t->xs[c.col + c.colspan], CONTINUED_COLUMNS);
        if (a <= ncols && b <= ncols && b > a) {
            c.col = (uint32_t)a;
            c.colspan = (uint32_t)(b - a);
        }
        cells[i] = c;
    }
}

/* The edges of both tables, those within CONTINUED_COLUMNS of one another
 * one edge (t's place kept); *ncols the columns they make. NULL: no memory. */
static float *union_edges(jx_arena *arena, const grid_table *t, const grid_table *u, uint32_t *ncols)
{
    size_t n = (size_t)t->ncols + u->ncols + 2;
    float *xs = jx_arena_alloc(arena, n * sizeof *xs);
    if (xs == NULL)
        return NULL;
    size_t m = 0;
    for (uint32_t c = 0; c <= t->ncols; c++)
        xs[m++] = t->xs[c];
    for (uint32_t c = 0; c <= u->ncols; c++)
        if (nearest(t->xs, t->ncols + 1, u->xs[c], CONTINUED_COLUMNS) > t->ncols)
            xs[m++] = u->xs[c];
    qsort(xs, m, sizeof *xs, compare_float);
    *ncols = (uint32_t)(m - 1);
    return xs;
}

/* Joins each ruled table that ends a page to one that starts the next with the same columns. */
static bool join_tables(jx_pdf_layout *l)
{
    for (size_t i = 0; i < l->nitems; i++) {
        layout_item *it = &l->items[i];
        if (it->table == NULL || !it->table->ruled || it->margin || it->joined)
            continue;
        for (;;) {
            /* it must be the last body item of its last page, the next the first of the next page */
            size_t j = i + 1;
            while (j < l->nitems && (l->items[j].margin || l->items[j].joined))
                j++;
            if (j >= l->nitems)
                break;
            layout_item *next = &l->items[j];
            if (next->page != it->last_page + 1 || next->table == NULL || !next->table->ruled)
                break;
            bool later_on_page = false;
            for (size_t k = i + 1; k < j; k++)
                later_on_page |= !l->items[k].margin && !l->items[k].joined && l->items[k].page == it->last_page;
            if (later_on_page)
                break;
            grid_table *t = it->table;
            const grid_table *u_own = next->table;
            if (!columns_agree(t, u_own))
                break;
            /* both on the union of their columns */
            uint32_t ncols = 0;
            float *xs = union_edges(l->arena, t, u_own, &ncols);
            grid_cell *tc = xs ? jx_arena_alloc(l->arena, (t->ncells + 1) * sizeof *tc) : NULL;
            grid_cell *uc = tc ? jx_arena_alloc(l->arena, (u_own->ncells + 1) * sizeof *uc) : NULL;
            if (uc == NULL)
                return false;
            regrid_cells(t, xs, ncols, tc);
            regrid_cells(u_own, xs, ncols, uc);
            t->cells = tc;
            t->xs = xs;
            t->ncols = ncols;
            grid_table regridded = *u_own;
            regridded.cells = uc;
            regridded.xs = xs;
            regridded.ncols = ncols;
            const grid_table *u = &regridded;
            uint32_t skip = 0;
            for (uint32_t k = 1; k <= REPEATED_HEADER_ROWS && k < u->nrows && k < t->nrows; k++) {
                bool all = true;
                for (uint32_t r = 0; all && r < k; r++)
                    all = same_row(t, r, u, r);
                if (all)
                    skip = k;
                else
                    break;
            }
            if (!append_table(l->arena, it->table, u, skip))
                return false;
            it->last_page = next->last_page;
            it->bottom = next->bottom;
            next->joined = true;
        }
    }
    return true;
}

/* The text's left and right edges on each page: the outermost ends of its
 * lines of prose. */
static void text_edges(const jx_pdf_layout *l, float *left, float *right)
{
    for (size_t p = 0; p < l->npages; p++) {
        left[p] = 1e30f;
        right[p] = -1e30f;
    }
    for (size_t i = 0; i < l->nitems; i++) {
        const layout_item *it = &l->items[i];
        if (it->line == NULL || it->margin || it->page == 0 || it->page > l->npages)
            continue;
        left[it->page - 1] = fmin2(left[it->page - 1], it->line->x0);
        right[it->page - 1] = fmax2(right[it->page - 1], it->line->x1);
    }
}

/* Whether line b goes on with line a's paragraph. */
static bool continues(const layout_item *ia, const layout_item *ib, const layout_item *before,
                      const float *left, const float *right)
{
    const text_line *a = ia->line, *b = ib->line;
    if (a == NULL || b == NULL || a->nstretches != 1 || b->nstretches != 1)
        return false;
    float size = a->size;
    if (fabsf(a->size - b->size) > 0.15f * size)
        return false;
    uint32_t pa = ia->page - 1, pb = ib->page - 1;
    if (a->x1 < right[pa] - PARAGRAPH_RIGHT * size - b->lead)
        return false; /* a stops short of the right edge (by more than b's first
                         word, which would not fit): its paragraph ends */
    if (a->x0 > left[pa] + 3 * size || b->x0 > a->x0 + 0.5f * size || b->x0 > left[pb] + 0.5f * size)
        return false; /* a is centred, or b indented: a new paragraph */
    const char *t = a->stretches[0].text;
    size_t n = strlen(t);
    if (n >= 3 && (strcmp(t + n - 3, "\xE3\x80\x82") == 0 || strcmp(t + n - 3, "\xEF\xBC\x9A") == 0))
        return false; /* 。 or ： ends a paragraph where a line is full */
    if (ia->page == ib->page) {
        float leading = b->baseline - a->baseline;
        if (leading <= 0 || leading > PARAGRAPH_LEADING * size)
            return false;
        if (before != NULL && before->line != NULL && before->page == ia->page) {
            float was = a->baseline - before->line->baseline;
            if (fabsf(leading - was) > 0.25f * size)
                return false;
        }
    } else if (ib->page != ia->page + 1) {
        return false;
    }
    return true;
}

/* Appends b's text to a paragraph being built. */
static bool join_text(jx_arena *arena, const char **text, const char *more)
{
    size_t la = strlen(*text), lb = strlen(more);
    uint32_t last = last_rune(*text, la), first = 0;
    jx_utf8_next(more, lb, &first);
    bool space = space_between(last, first);
    char *out = jx_arena_alloc(arena, la + lb + 2);
    if (out == NULL)
        return false;
    memcpy(out, *text, la);
    size_t at = la;
    if (space)
        out[at++] = ' ';
    memcpy(out + at, more, lb);
    out[at + lb] = '\0';
    *text = out;
    return true;
}

jx_status jx_pdf_layout_finish(jx_pdf_layout *l, jx_source *out, jx_error *err)
{
    if (!mark_margins(l) || !join_tables(l))
        goto nomem;
    float *left = malloc((l->npages ? l->npages : 1) * sizeof *left);
    float *right = malloc((l->npages ? l->npages : 1) * sizeof *right);
    if (left == NULL || right == NULL) {
        free(left);
        free(right);
        goto nomem;
    }
    text_edges(l, left, right);
    /* count the rows: a table's rows, a paragraph per run of joined lines */
    size_t nrows = 0, ncells = 0;
    for (size_t i = 0; i < l->nitems; i++) {
        const layout_item *it = &l->items[i];
        if (it->margin || it->joined)
            continue;
        if (it->table) {
            nrows += it->table->nrows;
            ncells += it->table->ncells;
        } else {
            nrows++;
            ncells++;
        }
    }
    if (nrows > JX_READ_MAX_ROWS || ncells > JX_READ_MAX_CELLS) {
        free(left);
        free(right);
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "more than %u rows or %u cells", JX_READ_MAX_ROWS,
                     JX_READ_MAX_CELLS);
        return JX_ERR_TOO_LARGE;
    }
    jx_source_row *rows = jx_arena_alloc(l->arena, (nrows ? nrows : 1) * sizeof *rows);
    jx_source_cell *cells = jx_arena_alloc(l->arena, (ncells ? ncells : 1) * sizeof *cells);
    if (rows == NULL || cells == NULL) {
        free(left);
        free(right);
        goto nomem;
    }
    size_t r = 0, c = 0;
    uint32_t table_number = 0;
    const layout_item *para_prev = NULL; /* the line before the last one joined */
    const layout_item *last_line = NULL;
    for (size_t i = 0; i < l->nitems; i++) {
        const layout_item *it = &l->items[i];
        if (it->margin || it->joined)
            continue;
        if (it->table) {
            const grid_table *t = it->table;
            table_number++;
            size_t k = 0;
            for (uint32_t row = 0; row < t->nrows; row++) {
                jx_source_row *out_row = &rows[r++];
                *out_row = (jx_source_row){cells + c, 0, table_number, row + 1, false, t->ncols,
                                           t->row_page[row]};
                for (; k < t->ncells && t->cells[k].row == row; k++) {
                    const grid_cell *g = &t->cells[k];
                    if (*g->text == '\0' && g->rowspan == 1 && g->colspan == 1)
                        continue;
                    cells[c++] = (jx_source_cell){g->text, g->col, g->rowspan, g->colspan};
                    out_row->ncells++;
                }
            }
            last_line = NULL;
            continue;
        }
        if (last_line != NULL && continues(last_line, it, para_prev, left, right)) {
            jx_source_row *prev_row = &rows[r - 1];
            const char *text = prev_row->cells[0].text;
            const char *more = line_text(l->arena, it->line);
            if (more == NULL || !join_text(l->arena, &text, more)) {
                free(left);
                free(right);
                goto nomem;
            }
            prev_row->cells[0].text = text;
            para_prev = last_line;
            last_line = it;
            continue;
        }
        const char *text = line_text(l->arena, it->line);
        if (text == NULL) {
            free(left);
            free(right);
            goto nomem;
        }
        cells[c] = (jx_source_cell){text, 0, 1, 1};
        rows[r++] = (jx_source_row){cells + c, 1, 0, it->line->number, true, 1, it->page};
        c++;
        para_prev = NULL;
        last_line = it;
    }
    free(left);
    free(right);
    out->kind = JX_SOURCE_PDF;
    out->rows = rows;
    out->nrows = r;
    return JX_OK;
nomem:
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

jx_pdf_layout *jx_pdf_layout_new(jx_arena *arena)
{
    jx_pdf_layout *l = calloc(1, sizeof *l);
    if (l != NULL)
        l->arena = arena;
    return l;
}

void jx_pdf_layout_free(jx_pdf_layout *l)
{
    if (l == NULL)
        return;
    free(l->items);
    free(l->page_height);
    free(l);
}
