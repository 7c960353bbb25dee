/*
 * pdf_document.c — a PDF's pages made into one source (pdf.h): page numbers
 * and running heads left out, a ruled table continued on the next page
 * joined to its start (its repeated header dropped, a row or a merged label
 * the break cut joined again), a paragraph's wrapped lines joined, then the
 * rows in reading order.
 */
#include "pdf.h"

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
        else if (!(jx_pdf_is_space(cp) || cp == '-' || cp == '/' || cp == '.' || cp == 0xB7
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
 * shorter document), at the top in a size no larger than the document's
 * text. A title that starts page after page (a card a page) is larger than
 * the text, and stays. */
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
            /* A title set larger than the text may start page after page;
             * nothing but a running foot ends them (a sheet scaled to fit the
             * page prints its text smaller than its footer). */
            if (top && it->line->size > body_size + 0.5f)
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

/* The first cell of row r (cells are by row): a binary search. */
static size_t first_of_row(const grid_table *a, uint32_t r)
{
    size_t lo = 0, hi = a->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->cells[mid].row < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether two rows hold the same cells (columns, widths, text). */
static bool same_row(const grid_table *a, uint32_t ra, const grid_table *b, uint32_t rb)
{
    size_t ia = first_of_row(a, ra), ib = first_of_row(b, rb);
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
#define LAST_ROW_SEARCH 4096u
static grid_cell *last_row_cell(grid_table *t, uint32_t col)
{
    /* within the last cells: a table joined over a thousand pages is not
     * searched whole at each page (a label spanning further up is not found) */
    size_t stop = t->ncells > LAST_ROW_SEARCH ? t->ncells - LAST_ROW_SEARCH : 0;
    for (size_t i = t->ncells; i-- > stop;) {
        grid_cell *c = &t->cells[i];
        if (c->col == col && c->row + c->rowspan == t->nrows)
            return c;
    }
    return NULL;
}

/* Whether a cell's text is a number alone (the rest of a broken row never is:
 * a number does not wrap). */
static bool number_alone(const char *text)
{
    bool digit = false;
    for (const char *p = text; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digit = true;
        else if (!(*p == '.' || *p == ',' || *p == '%' || *p == '-' || *p == ' '))
            return false;
    }
    return digit;
}

/* Whether row r of u goes on with t's last row, the page having broken the
 * row (Word and LibreOffice let a row break across pages): each of its
 * cells with text continues a cell of t's last row, at the same column and as
 * wide, whose text ran on from side to side, and is no number. A row of its
 * own has cells that do not (a number, a short label). */
static bool continues_row(grid_table *t, const grid_table *u, uint32_t r)
{
    bool any = false;
    for (size_t i = 0; i < u->ncells; i++) {
        const grid_cell *c = &u->cells[i];
        if (c->row != r || *c->text == '\0')
            continue;
        if (number_alone(c->text))
            return false;
        const grid_cell *above = last_row_cell(t, c->col);
        if (above == NULL || above->colspan != c->colspan || !above->runs_on || *above->text == '\0')
            return false;
        any = true;
    }
    return any;
}

/* A cell's text goes on with the text the page break carried to the next
 * page (the rest of a broken row). False: no memory. */
static bool join_cell_text(jx_arena *arena, grid_cell *cell, const char *more)
{
    jx_pdf_text t = {0};
    jx_pdf_text_join(&t, cell->text, strlen(cell->text));
    jx_pdf_text_join(&t, more, strlen(more));
    const char *joined = t.failed ? NULL : jx_arena_strndup(arena, t.s, t.len);
    free(t.s);
    if (joined != NULL)
        cell->text = joined;
    return joined != NULL;
}

/* Appends u's rows to t: its first `skip` rows, its repeated header, left
 * out; a row the page broke joined to t's last; an empty cell that goes on
 * with a merged cell of t's last row (a merged label the page cut) made part
 * of it. */
static bool append_table(jx_arena *arena, grid_table *t, const grid_table *u, uint32_t skip)
{
    bool broken_row = skip < u->nrows && continues_row(t, u, skip);
    uint32_t from = skip + broken_row; /* u's first row appended as a row */
    uint32_t nrows = t->nrows + u->nrows - from;
    /* room for twice what is needed: a table over P pages is copied log P
     * times, not P times */
    grid_cell *cells = t->cells;
    uint32_t *pages = t->row_page;
    if (t->ncells + u->ncells > t->cells_cap) {
        size_t cap = 2 * (t->ncells + u->ncells);
        cells = jx_arena_alloc(arena, cap * sizeof *cells + 1);
        if (cells == NULL)
            return false;
        memcpy(cells, t->cells, t->ncells * sizeof *cells);
        t->cells_cap = cap;
    }
    if (nrows > t->rows_cap) {
        uint32_t cap = nrows <= UINT32_MAX / 2 ? 2 * nrows : nrows;
        pages = jx_arena_alloc(arena, (size_t)cap * sizeof *pages);
        if (pages == NULL)
            return false;
        memcpy(pages, t->row_page, t->nrows * sizeof *pages);
        t->rows_cap = cap;
    }
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
            if (above != NULL && *c.text && !join_cell_text(arena, above, c.text))
                return false;
            if (above != NULL && c.rowspan > 1)
                above->rowspan += c.rowspan - 1;
            continue;
        }
        /* a merged cell the page cut (a part spans rows): one cell, its text
         * where it shows (Word sets it in the upper part, Calc may centre it
         * in the lower) */
        if (above != NULL && (above->rowspan > 1 || c.rowspan > 1)
            && (*c.text == '\0' || *above->text == '\0')) {
            if (*above->text == '\0')
                above->text = c.text;
            above->rowspan += c.rowspan;
            continue;
        }
        c.row = c.row - from + t->nrows;
        if (c.row + c.rowspan > nrows)
            c.rowspan = nrows - c.row;
        cells[n++] = c;
    }
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

/* Whether row r of a has two cells with text at least (a header does). */
static bool row_has_text(const grid_table *a, uint32_t r)
{
    unsigned n = 0;
    for (size_t i = first_of_row(a, r); i < a->ncells && a->cells[i].row == r && n < 2; i++)
        n += *a->cells[i].text != '\0';
    return n >= 2;
}

/* How many of u's first rows repeat rows of t: the header a program repeats
 * at the top of each page (Word's heading rows are the table's first; a
 * workbook's print titles may be the header of its indicators, lower down).
 * The longest run of the rows of t's first page (at most
 * REPEATED_HEADER_ROWS) that u's first rows equal, its first row with text in
 * two cells at least. */
static uint32_t repeated_rows(const grid_table *t, const grid_table *u)
{
    uint32_t best = 0;
    if (u->nrows < 2 || !row_has_text(u, 0))
        return 0;
    /* a header repeats rows of the table's first page */
    for (uint32_t from = 0; from < t->nrows && t->row_page[from] == t->row_page[0]; from++) {
        uint32_t k = 0;
        while (k < REPEATED_HEADER_ROWS && k + 1 < u->nrows && from + k < t->nrows
               && same_row(t, from + k, u, k))
            k++;
        if (k > best)
            best = k;
    }
    return best;
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
            grid_cell *uc = xs ? jx_arena_alloc(l->arena, (u_own->ncells + 1) * sizeof *uc) : NULL;
            if (uc == NULL)
                return false;
            if (ncols != t->ncols) { /* t gains columns: its cells on them (a copy) */
                grid_cell *tc = jx_arena_alloc(l->arena, (t->ncells + 1) * sizeof *tc);
                if (tc == NULL)
                    return false;
                regrid_cells(t, xs, ncols, tc);
                t->cells = tc;
                t->cells_cap = t->ncells;
                t->xs = xs;
                t->ncols = ncols;
            }
            regrid_cells(u_own, t->xs, t->ncols, uc);
            grid_table regridded = *u_own;
            regridded.cells = uc;
            regridded.xs = t->xs;
            regridded.ncols = t->ncols;
            const grid_table *u = &regridded;
            if (!append_table(l->arena, it->table, u, repeated_rows(t, u)))
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
/* The paragraph being joined, line after line, in a buffer grown by
 * doubling: joining N lines costs their length, not N times it. */
typedef struct {
    jx_source_row *row; /* whose one cell gets the text */
    jx_pdf_text text;
    bool joined;        /* a line was added to the row's own */
} paragraph;

static bool paragraph_add(paragraph *p, const char *more)
{
    jx_pdf_text_join(&p->text, more, strlen(more));
    return !p->text.failed;
}

/* Gives the row its joined text. False: no memory. */
static bool paragraph_end(jx_arena *arena, paragraph *p)
{
    if (p->row != NULL && p->joined) {
        const char *text = jx_arena_strndup(arena, p->text.s, p->text.len);
        if (text == NULL)
            return false;
        p->row->cells[0].text = text;
    }
    p->row = NULL;
    p->text.len = 0;
    p->joined = false;
    return true;
}

jx_status jx_pdf_layout_finish(jx_pdf_layout *l, jx_source *out, jx_error *err)
{
    float *left = NULL, *right = NULL;
    paragraph para = {NULL, {NULL, 0, 0, false}, false};
    if (!mark_margins(l) || !join_tables(l))
        goto nomem;
    left = malloc((l->npages ? l->npages : 1) * sizeof *left);
    right = malloc((l->npages ? l->npages : 1) * sizeof *right);
    if (left == NULL || right == NULL)
        goto nomem;
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
    if (rows == NULL || cells == NULL)
        goto nomem;
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
            if (!paragraph_end(l->arena, &para))
                goto nomem;
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
        const char *text = line_text(l->arena, it->line);
        if (text == NULL)
            goto nomem;
        if (last_line != NULL && continues(last_line, it, para_prev, left, right)) {
            if (!paragraph_add(&para, text))
                goto nomem;
            para.joined = true;
            para_prev = last_line;
            last_line = it;
            continue;
        }
        if (!paragraph_end(l->arena, &para))
            goto nomem;
        cells[c] = (jx_source_cell){text, 0, 1, 1};
        rows[r++] = (jx_source_row){cells + c, 1, 0, it->line->number, true, 1, it->page};
        c++;
        para.row = &rows[r - 1];
        if (!paragraph_add(&para, text))
            goto nomem;
        para_prev = NULL;
        last_line = it;
    }
    if (!paragraph_end(l->arena, &para))
        goto nomem;
    free(para.text.s);
    free(left);
    free(right);
    out->kind = JX_SOURCE_PDF;
    out->rows = rows;
    out->nrows = r;
    return JX_OK;
nomem:
    free(para.text.s);
    free(left);
    free(right);
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
