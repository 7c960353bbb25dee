/*
 * pdf_page.c — one PDF page laid out (pdf.h): its ruled tables, each glyph
 * to the cell its middle is in, the rest grouped into lines cut into
 * stretches at wide gaps, lines whose stretches line up as a table without
 * rules; the page's tables and lines kept in reading order for the document.
 */
#include "pdf.h"

static bool push_item(jx_pdf_layout *l, layout_item item)
{
    layout_item *grown = jx_grow(l->items, &l->items_cap, l->nitems + 1, sizeof *grown);
    if (grown == NULL)
        return false;
    l->items = grown;
    l->items[l->nitems++] = item;
    return true;
}

/* Lines of the glyphs outside tables, cut into stretches at wide gaps. */
static jx_status free_lines(jx_pdf_layout *l, const jx_pdf_page *page, jx_pdf_key *keys, size_t n,
                            text_line **out, size_t *nout, jx_error *err)
{
    *out = NULL;
    *nout = 0;
    jx_pdf_key_line *lines = NULL;
    size_t nlines = 0;
    if (!jx_pdf_lines_of(page->glyphs, keys, n, &lines, &nlines))
        goto nomem;
    text_line *made = nlines ? jx_arena_alloc(l->arena, nlines * sizeof *made) : NULL;
    if (nlines && made == NULL)
        goto nomem;
    size_t m = 0;
    for (size_t i = 0; i < nlines; i++) {
        const jx_pdf_key *k = keys + lines[i].first;
        size_t count = lines[i].count;
        /* the stretches: cut where the gap between two non-space glyphs is wide */
        jx_pdf_stretch parts[64];
        size_t nparts = 0, start = 0;
        const jx_pdf_glyph *prev = NULL;
        float x0 = 0, x1 = 0, top = 0, bottom = 0;
        bool any = false;
        for (size_t j = 0; j <= count; j++) {
            const jx_pdf_glyph *g = j < count ? &page->glyphs[k[j].index] : NULL;
            if (g != NULL && jx_pdf_is_space(g->rune))
                continue;
            bool cut = g == NULL
                || (prev != NULL && g->along - (prev->along + prev->advance) > STRETCH_GAP * lines[i].size
                    && nparts + 1 < sizeof parts / sizeof *parts);
            if (cut && prev != NULL) {
                jx_pdf_text t = {0};
                jx_pdf_run_text(&t, page->glyphs, k + start, j - start);
                const char *text = t.failed ? NULL : jx_arena_strndup(l->arena, t.s ? t.s : "", t.len);
                free(t.s);
                if (text == NULL)
                    goto nomem;
                float sx0 = page->glyphs[k[start].index].x0, sx1 = prev->x1;
                for (size_t q = start; q < j; q++) {
                    const jx_pdf_glyph *h = &page->glyphs[k[q].index];
                    if (!jx_pdf_is_space(h->rune)) {
                        sx0 = fmin2(sx0, h->x0);
                        sx1 = fmax2(sx1, h->x1);
                    }
                }
                if (*text)
                    parts[nparts++] = (jx_pdf_stretch){sx0, sx1, lines[i].size, text};
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
        jx_pdf_stretch *kept = jx_arena_alloc(l->arena, nparts * sizeof *kept);
        if (kept == NULL)
            goto nomem;
        memcpy(kept, parts, nparts * sizeof *kept);
        /* an upright line sits on its baseline; a turned one is placed by its box */
        const jx_pdf_glyph *g0 = &page->glyphs[k[0].index];
        float baseline = g0->turn == 0 ? g0->across : bottom;
        float lead = 0;
        for (size_t j = 0; j < count; j++) {
            const jx_pdf_glyph *g = &page->glyphs[k[j].index];
            if (jx_pdf_is_space(g->rune) || jx_is_cjk(g->rune))
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
            const jx_pdf_stretch *st = &lines[i].stretches[s];
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
                      (uint32_t)(b - a), (uint32_t)ncols, xs, cells, m, NULL, false, 0, 0};
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
    jx_pdf_page_table *tables = NULL;
    size_t ntables = 0;
    jx_status st = jx_pdf_ruled_tables(l->arena, page, &tables, &ntables, err);
    if (st != JX_OK)
        return st;
    size_t n = page->nglyphs;
    jx_pdf_key *free_keys = malloc((n ? n : 1) * sizeof *free_keys);
    size_t nfree = 0;
    /* glyphs per cell: a cell index for each glyph, then counted */
    int64_t *placed = malloc((n ? n : 1) * sizeof *placed); /* table << 32 | cell, or -1 */
    size_t first_item = l->nitems;
    bool nomem = free_keys == NULL || placed == NULL;
    for (size_t i = 0; !nomem && i < n; i++) {
        const jx_pdf_glyph *g = &page->glyphs[i];
        size_t table = 0;
        int32_t cell = -1;
        if (ntables && jx_pdf_place_glyph(tables, ntables, g, &table, &cell) && cell >= 0) {
            placed[i] = (int64_t)table << 32 | (uint32_t)cell;
        } else {
            placed[i] = -1;
            free_keys[nfree++] = (jx_pdf_key){g->across, g->along, (uint32_t)i, g->turn};
        }
    }
    /* the cells' text */
    for (size_t ti = 0; !nomem && ti < ntables; ti++) {
        grid_table *t = tables[ti].table;
        size_t *count = calloc(t->ncells + 1, sizeof *count);
        jx_pdf_key *keys = malloc((n ? n : 1) * sizeof *keys);
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
                keys[fill[(uint32_t)placed[i]]++] = (jx_pdf_key){g->across, g->along, (uint32_t)i, g->turn};
            }
        free(fill);
        size_t kept = 0;
        for (size_t c = 0; !nomem && c < t->ncells; c++) {
            size_t a = count[c], b = count[c + 1];
            if (b > a) {
                float left = 0, right = 0, size = 0;
                grid_cell *cell = &t->cells[c];
                const char *text = jx_pdf_cell_text(l->arena, page->glyphs, keys + a, b - a, &left, &right,
                                                    &size, &nomem);
                if (text != NULL && *text) {
                    /* runs on: its last line fills the cell from side to side, as
                     * wrapped text does (a number set right does not start at the left) */
                    float x0 = t->xs[cell->col], x1 = t->xs[cell->col + cell->colspan];
                    cell->text = text;
                    cell->runs_on = x1 - right <= RUNS_ON * size && left - x0 <= RUNS_ON * size;
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
    jx_pdf_free_page_tables(tables, ntables);
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
    /* the lines numbered as they are read, top to bottom (a large title's
     * top stands above a small line beside it whose baseline is higher); the
     * lines of a table without rules count */
    uint32_t number = 0;
    for (size_t k = first_item; k < l->nitems; k++) {
        layout_item *it = &l->items[k];
        if (it->line != NULL)
            it->line->number = ++number;
        else if (!it->table->ruled)
            number += it->table->nrows;
    }
    return JX_OK;
}
