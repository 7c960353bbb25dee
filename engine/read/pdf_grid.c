/*
 * pdf_grid.c — a PDF page's ruled tables (pdf.h): rulings merged where they
 * continue one another, grouped where they touch; a group with two or more
 * lines each way is a table, its grid the distinct places of its lines, a
 * cell a run of grid squares with no line drawn between them (a merged cell).
 */
#include "pdf.h"

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

/* Whether a ruling runs from one edge to the next at least (a border does;
 * the underline of a link in a cell stops short of its sides). */
static bool draws_a_side(const ruling *r, const float *edges, size_t nedges)
{
    for (size_t k = 0; k + 1 < nedges; k++)
        if (r->from <= edges[k] + RULE_GAP && r->to >= edges[k + 1] - RULE_GAP)
            return true;
    return false;
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
        hmin = fmin2(hmin, g->h[i].from);
        hmax = fmax2(hmax, g->h[i].to);
    }
    for (size_t i = 0; i < g->nv; i++) {
        xs[i] = g->v[i].at;
        vmin = fmin2(vmin, g->v[i].from);
        vmax = fmax2(vmax, g->v[i].to);
    }
    qsort(xs, g->nv, sizeof *xs, compare_float);
    size_t nx = cluster_values(xs, g->nv);
    /* a side left open (a table without its outer verticals): its edge from
     * where the horizontal lines end */
    nx = add_edge(xs, nx, hmin);
    nx = add_edge(xs, nx, hmax);
    /* a row's edge is a horizontal line that draws a whole side of a column
     * at least; one that only underlines a cell's text (a link) is none */
    size_t ny = 0;
    for (size_t i = 0; i < g->nh; i++)
        if (draws_a_side(&g->h[i], xs, nx))
            ys[ny++] = g->h[i].at;
    qsort(ys, ny, sizeof *ys, compare_float);
    ny = cluster_values(ys, ny);
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
            /* the table's top and bottom may be where a page cut a merged
             * cell, left undrawn: a side there need not be */
            bool top_open = c->row == 0, bottom_open = c->row + c->rowspan == nrows;
            for (uint32_t k = c->col; closed && k < c->col + c->colspan; k++)
                closed = (top_open || hside[c->row * ncols + k])
                      && (bottom_open || hside[(c->row + c->rowspan) * ncols + k]);
            c->text = closed ? "" : NULL; /* NULL: open, dropped unless it gets text */
        }
        memcpy(kept, cells, ncells * sizeof *kept);
        *t = (grid_table){xs[0], ys[0], xs[nx - 1], ys[ny - 1], (uint32_t)nrows, (uint32_t)ncols,
                          edges, kept, ncells, NULL, true, 0, 0};
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

static int compare_ruling_group(const void *a, const void *b)
{
    const ruling *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return compare_ruling(a, b);
}

void jx_pdf_free_page_tables(jx_pdf_page_table *tables, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(tables[i].ys);
        free(tables[i].cellof);
    }
    free(tables);
}

/* The ruled tables of a page: page_tables malloc'd (with their maps). */
jx_status jx_pdf_ruled_tables(jx_arena *arena, jx_pdf_page *page, jx_pdf_page_table **tables,
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
    jx_pdf_page_table *out = NULL;
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
        if (!grid_of(arena, &rg, &t, &ys, &cellof)) {
            st = JX_ERR_NOMEM;
            break;
        }
        if (t == NULL)
            continue;
        jx_pdf_page_table *grown = jx_grow(out, &out_cap, nout + 1, sizeof *grown);
        if (grown == NULL) {
            free(ys);
            free(cellof);
            st = JX_ERR_NOMEM;
            break;
        }
        out = grown;
        out[nout++] = (jx_pdf_page_table){t, ys, cellof};
    }
    if (st != JX_OK) {
        jx_pdf_free_page_tables(out, nout);
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
bool jx_pdf_place_glyph(const jx_pdf_page_table *tables, size_t ntables, const jx_pdf_glyph *g,
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
