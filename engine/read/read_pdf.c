/*
 * read_pdf.c — a published PDF (部门决算, 部门预算, 绩效自评 as the offices
 * print them): each page's glyphs and rulings taken from MuPDF, laid out
 * into tables and lines by pdf_page.c and pdf_document.c.
 *
 * MuPDF interprets the page; a device of ours receives what it draws: text
 * (visible, and invisible, as an OCR layer over a scan is) as glyphs with
 * their place, advance and Unicode; strokes and thin filled rectangles that
 * run straight across or down as rulings; images, only counted (a page of
 * images and no text is a scan). A page set sideways (most of its text runs
 * down or up) is turned upright first.
 *
 * MuPDF runs in a context of its own per file, with our allocator: it may
 * take JX_READ_PDF_MEMORY all together, so a stream that inflates to
 * gigabytes is refused, not swapped; its warnings are never printed.
 * A page that shows more than JX_READ_PDF_PAGE_GLYPHS glyphs, or draws more
 * than JX_READ_PDF_PAGE_WORK glyphs, path segments and clips (a document
 * more than JX_READ_PDF_WORK), is refused (JX_ERR_TOO_LARGE): no
 * page a person reads does, and a hostile one would be read for minutes.
 * The pages' content streams may inflate to JX_READ_PDF_CONTENT all
 * together, and MuPDF may interpret a file for JX_READ_PDF_SECONDS (a
 * watchdog thread stops it: content that draws nothing escapes every other
 * budget). A password is refused ("encrypted"); a PDF whose owner password only
 * restricts copying (the empty user password opens it) is read.
 */
#include "read.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

/* MuPDF's cache of fonts and images for one file. */
#define PDF_STORE_BYTES ((size_t)64 << 20)
/* A filled rectangle this thin (points) is a ruling. */
#define PDF_RULE_THICKNESS 2.5f
/* The share of glyphs turned one way past which a page is turned back. */
#define PDF_TURNED_SHARE 0.6

/* ------------------------------------------------------------ memory */

/* What MuPDF has allocated, counted through a header before each block. */
typedef struct {
    size_t used;
    bool over; /* a request refused for the budget, not by the system */
} pdf_memory;

#define PDF_HEADER 16u

static void *pdf_malloc(void *user, size_t size)
{
    pdf_memory *m = user;
    if (size > JX_READ_PDF_MEMORY - PDF_HEADER || m->used > JX_READ_PDF_MEMORY - PDF_HEADER - size) {
        m->over = true;
        return NULL;
    }
    unsigned char *p = malloc(size + PDF_HEADER);
    if (p == NULL)
        return NULL;
    memcpy(p, &size, sizeof size);
    m->used += size + PDF_HEADER;
    return p + PDF_HEADER;
}

static void pdf_free(void *user, void *ptr)
{
    if (ptr == NULL)
        return;
    pdf_memory *m = user;
    unsigned char *p = (unsigned char *)ptr - PDF_HEADER;
    size_t size;
    memcpy(&size, p, sizeof size);
    m->used -= size + PDF_HEADER;
    free(p);
}

static void *pdf_realloc(void *user, void *ptr, size_t size)
{
    if (ptr == NULL)
        return pdf_malloc(user, size);
    pdf_memory *m = user;
    unsigned char *p = (unsigned char *)ptr - PDF_HEADER;
    size_t old;
    memcpy(&old, p, sizeof old);
    if (size > old
        && (size > JX_READ_PDF_MEMORY - PDF_HEADER || m->used - old > JX_READ_PDF_MEMORY - PDF_HEADER - size)) {
        m->over = true;
        return NULL;
    }
    unsigned char *q = realloc(p, size + PDF_HEADER);
    if (q == NULL)
        return NULL;
    memcpy(q, &size, sizeof size);
    m->used = m->used - old + size;
    return q + PDF_HEADER;
}

/* ------------------------------------------------------------ a page's drawing */

/* A glyph as drawn, before the page is turned upright. */
typedef struct {
    uint32_t rune;
    float ox, oy;     /* origin */
    float dx, dy;     /* the baseline's direction, unit */
    float advance, size;
    fz_rect seen;     /* where it is read (place_of) */
} drawn_glyph;

typedef struct {
    drawn_glyph *glyphs;
    size_t nglyphs, glyphs_cap;
    jx_pdf_rule *rules;
    size_t nrules, rules_cap;
    size_t work;      /* what the page drew (path segments, glyphs, clips, groups):
                         its budget */
    size_t doc_work;  /* the same over the document so far */
    size_t images;
    /* what is visible: the page, narrowed by each clip in force (a cell's
     * text cut at its side, a label drawn off the page, are not read) */
    fz_rect *clips;
    size_t nclips, clips_cap;
    unsigned hidden;  /* inside a soft mask's or a tile's definition: not drawn as such */
    bool too_large;   /* a budget was spent: the error is JX_ERR_TOO_LARGE */
    char limit[64];   /* which */
    /* a path being walked */
    fz_matrix ctm;
    float sx, sy, cx, cy; /* subpath start, current point (device space) */
    bool filled;          /* walking a fill: rectangles only */
    float poly[5][2];     /* a filled subpath's first points */
    int npoly;
    bool poly_straight;
} page_drawing;

typedef struct {
    fz_device base;
    page_drawing *page;
} collect_device;

/* Counts what a page draws, seen or hidden, and stops it past the page's
 * budget or the document's (10,000 pages each just under the page's budget
 * would be read for hours). */
static void spend(fz_context *ctx, page_drawing *d, size_t n)
{
    d->work += n;
    d->doc_work += n;
    if (d->work > JX_READ_PDF_PAGE_WORK || d->doc_work > JX_READ_PDF_WORK) {
        d->too_large = true;
        if (d->work > JX_READ_PDF_PAGE_WORK)
            snprintf(d->limit, sizeof d->limit, "draws more than %u glyphs and path segments",
                     JX_READ_PDF_PAGE_WORK);
        else
            snprintf(d->limit, sizeof d->limit, "the document draws more than %u glyphs and path segments",
                     JX_READ_PDF_WORK);
        fz_throw(ctx, FZ_ERROR_GENERIC, "too much drawn");
    }
}

static fz_rect visible(const page_drawing *d)
{
    return d->nclips ? d->clips[d->nclips - 1] : fz_infinite_rect;
}

/* A clip begins: what is visible narrows to its box. */
static void push_clip(fz_context *ctx, page_drawing *d, fz_rect box)
{
    spend(ctx, d, 1);
    fz_rect *grown = jx_grow(d->clips, &d->clips_cap, d->nclips + 1, sizeof *grown);
    if (grown == NULL)
        fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
    d->clips = grown;
    d->clips[d->nclips] = fz_intersect_rect(visible(d), box);
    d->nclips++;
}

/* Where a glyph is read: the part of its box that shows, when a tenth of it
 * shows at least (a line cut through by its cell's side is placed by what
 * shows of it, in its own cell). What a clip hides, or what lies off the
 * page, is not read: Calc draws a merged label the page break cut where its
 * middle falls, clipped on the page above and again on the page below.
 * False: not read. */
static bool place_of(const page_drawing *d, float ox, float oy, float dx, float dy, float advance,
                     float size, fz_rect *place)
{
    float ux = dy, uy = -dx; /* up, a quarter turn from the baseline (y down) */
    float w = advance > 0 ? advance : size / 2;
    float xs[4] = {ox + ux * 0.85f * size, ox + dx * w + ux * 0.85f * size, ox - ux * 0.2f * size,
                   ox + dx * w - ux * 0.2f * size};
    float ys[4] = {oy + uy * 0.85f * size, oy + dy * w + uy * 0.85f * size, oy - uy * 0.2f * size,
                   oy + dy * w - uy * 0.2f * size};
    fz_rect box = {xs[0], ys[0], xs[0], ys[0]};
    for (int k = 1; k < 4; k++) {
        box.x0 = fminf(box.x0, xs[k]), box.x1 = fmaxf(box.x1, xs[k]);
        box.y0 = fminf(box.y0, ys[k]), box.y1 = fmaxf(box.y1, ys[k]);
    }
    float area = (box.x1 - box.x0) * (box.y1 - box.y0);
    *place = fz_intersect_rect(box, visible(d));
    return area > 0 && !fz_is_empty_rect(*place)
        && (place->x1 - place->x0) * (place->y1 - place->y0) >= 0.1f * area;
}

static void add_rule(fz_context *ctx, page_drawing *d, float x0, float y0, float x1, float y1)
{
    jx_pdf_rule r;
    if (fabsf(y1 - y0) <= 0.5f) {
        float y = (y0 + y1) / 2;
        r = (jx_pdf_rule){fminf(x0, x1), y, fmaxf(x0, x1), y};
    } else if (fabsf(x1 - x0) <= 0.5f) {
        float x = (x0 + x1) / 2;
        r = (jx_pdf_rule){x, fminf(y0, y1), x, fmaxf(y0, y1)};
    } else {
        return; /* slanted: no ruling */
    }
    if (!isfinite(r.x0) || !isfinite(r.y0) || !isfinite(r.x1) || !isfinite(r.y1) || d->hidden)
        return;
    fz_rect v = visible(d); /* the part that shows */
    r.x0 = fmaxf(r.x0, v.x0 - 1), r.x1 = fminf(r.x1, v.x1 + 1);
    r.y0 = fmaxf(r.y0, v.y0 - 1), r.y1 = fminf(r.y1, v.y1 + 1);
    if (r.x0 > r.x1 || r.y0 > r.y1)
        return;
    jx_pdf_rule *grown = jx_grow(d->rules, &d->rules_cap, d->nrules + 1, sizeof *grown);
    if (grown == NULL)
        fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
    d->rules = grown;
    d->rules[d->nrules++] = r;
}

/* A filled subpath ends: a thin axis-aligned rectangle is a ruling along its middle. */
static void close_fill(fz_context *ctx, page_drawing *d)
{
    if (d->filled && d->poly_straight && (d->npoly == 4 || d->npoly == 5)) {
        float x0 = d->poly[0][0], y0 = d->poly[0][1], x1 = x0, y1 = y0;
        for (int i = 1; i < d->npoly; i++) {
            x0 = fminf(x0, d->poly[i][0]);
            x1 = fmaxf(x1, d->poly[i][0]);
            y0 = fminf(y0, d->poly[i][1]);
            y1 = fmaxf(y1, d->poly[i][1]);
        }
        if (y1 - y0 <= PDF_RULE_THICKNESS && x1 - x0 > y1 - y0)
            add_rule(ctx, d, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
        else if (x1 - x0 <= PDF_RULE_THICKNESS && y1 - y0 > x1 - x0)
            add_rule(ctx, d, (x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
    }
    d->npoly = 0;
    d->poly_straight = true;
}

static void walk_point(fz_context *ctx, page_drawing *d, float x, float y)
{
    fz_point p = fz_transform_point_xy(x, y, d->ctm);
    spend(ctx, d, 1);
    if (d->filled) {
        if (d->npoly > 0 && fabsf(p.x - d->cx) > 0.01f && fabsf(p.y - d->cy) > 0.01f)
            d->poly_straight = false;
        if (d->npoly < 5)
            d->poly[d->npoly][0] = p.x, d->poly[d->npoly][1] = p.y;
        d->npoly++;
    } else {
        add_rule(ctx, d, d->cx, d->cy, p.x, p.y);
    }
    d->cx = p.x;
    d->cy = p.y;
}

static void walk_moveto(fz_context *ctx, void *arg, float x, float y)
{
    page_drawing *d = arg;
    if (d->filled)
        close_fill(ctx, d);
    fz_point p = fz_transform_point_xy(x, y, d->ctm);
    spend(ctx, d, 1);
    d->sx = d->cx = p.x;
    d->sy = d->cy = p.y;
    if (d->filled) {
        d->poly[0][0] = p.x, d->poly[0][1] = p.y;
        d->npoly = 1;
    }
}

static void walk_lineto(fz_context *ctx, void *arg, float x, float y)
{
    walk_point(ctx, arg, x, y);
}

static void walk_curveto(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2, float x3,
                         float y3)
{
    page_drawing *d = arg;
    (void)x1, (void)y1, (void)x2, (void)y2;
    fz_point p = fz_transform_point_xy(x3, y3, d->ctm);
    spend(ctx, d, 1);
    d->poly_straight = false; /* a curve: no rectangle, no ruling */
    d->cx = p.x;
    d->cy = p.y;
}

static void walk_closepath(fz_context *ctx, void *arg)
{
    page_drawing *d = arg;
    if (!d->filled && (d->cx != d->sx || d->cy != d->sy))
        add_rule(ctx, d, d->cx, d->cy, d->sx, d->sy);
    d->cx = d->sx;
    d->cy = d->sy;
}

static void walk_rectto(fz_context *ctx, void *arg, float x0, float y0, float x1, float y1)
{
    walk_moveto(ctx, arg, x0, y0);
    walk_lineto(ctx, arg, x1, y0);
    walk_lineto(ctx, arg, x1, y1);
    walk_lineto(ctx, arg, x0, y1);
    walk_closepath(ctx, arg);
}

static const fz_path_walker rule_walker = {walk_moveto, walk_lineto, walk_curveto, walk_closepath,
                                           NULL, NULL, NULL, walk_rectto};

/* Whether a colour would not show on white paper. */
static bool invisible(fz_colorspace *cs, const float *color, float alpha)
{
    if (alpha <= 0.05f)
        return true;
    int n = cs ? fz_colorspace_n(NULL, cs) : 0;
    if (n == 1)
        return color[0] >= 0.95f;
    if (n == 3)
        return color[0] >= 0.95f && color[1] >= 0.95f && color[2] >= 0.95f;
    if (n == 4)
        return color[0] <= 0.05f && color[1] <= 0.05f && color[2] <= 0.05f && color[3] <= 0.05f;
    return false;
}

static void walk_path(fz_context *ctx, page_drawing *d, const fz_path *path, fz_matrix ctm, bool filled)
{
    d->ctm = ctm;
    d->filled = filled;
    d->npoly = 0;
    d->poly_straight = true;
    d->sx = d->sy = d->cx = d->cy = 0;
    fz_walk_path(ctx, path, &rule_walker, d);
    if (filled)
        close_fill(ctx, d);
}

static void dev_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                          fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
                          fz_color_params params)
{
    (void)even_odd, (void)params;
    if (!invisible(cs, color, alpha))
        walk_path(ctx, ((collect_device *)dev)->page, path, ctm, true);
}

static void dev_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                            const fz_stroke_state *stroke, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params params)
{
    (void)stroke, (void)params;
    if (!invisible(cs, color, alpha))
        walk_path(ctx, ((collect_device *)dev)->page, path, ctm, false);
}

static void add_glyphs(fz_context *ctx, page_drawing *d, const fz_text *text, fz_matrix ctm)
{
    for (const fz_text_span *span = text->head; span != NULL; span = span->next) {
        for (int i = 0; i < span->len; i++) {
            const fz_text_item *item = &span->items[i];
            spend(ctx, d, 1);
            if (item->ucs < 0)
                continue; /* a glyph of several, its text on the first */
            if (d->nglyphs >= JX_READ_PDF_PAGE_GLYPHS) {
                d->too_large = true;
                snprintf(d->limit, sizeof d->limit, "more than %u glyphs", JX_READ_PDF_PAGE_GLYPHS);
                fz_throw(ctx, FZ_ERROR_GENERIC, "page draws too much text");
            }
            fz_matrix trm = span->trm;
            trm.e = item->x;
            trm.f = item->y;
            fz_matrix m = fz_concat(trm, ctm);
            float len = sqrtf(m.a * m.a + m.b * m.b);
            float size = sqrtf(m.c * m.c + m.d * m.d);
            if (!(len > 0.01f) || !isfinite(len) || !isfinite(m.e) || !isfinite(m.f))
                continue;
            float dx = m.a / len, dy = m.b / len;
            if (span->wmode) { /* vertical writing: the glyphs stack downward */
                float t = dx;
                dx = -dy;
                dy = t;
            }
            float advance = item->gid >= 0 ? fz_advance_glyph(ctx, span->font, item->gid, span->wmode) * len : 0;
            if (!isfinite(advance) || advance < 0)
                advance = 0;
            fz_rect seen;
            if (d->hidden || !place_of(d, m.e, m.f, dx, dy, advance, size, &seen))
                continue; /* hidden by a clip, or off the page */
            drawn_glyph *grown = jx_grow(d->glyphs, &d->glyphs_cap, d->nglyphs + 1, sizeof *grown);
            if (grown == NULL)
                fz_throw(ctx, FZ_ERROR_MEMORY, "out of memory");
            d->glyphs = grown;
            d->glyphs[d->nglyphs++] = (drawn_glyph){(uint32_t)item->ucs, m.e, m.f, dx, dy, advance, size, seen};
        }
    }
}

static void dev_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_colorspace *cs, const float *color, float alpha, fz_color_params params)
{
    (void)cs, (void)color, (void)alpha, (void)params;
    add_glyphs(ctx, ((collect_device *)dev)->page, text, ctm);
}

static void dev_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                            const fz_stroke_state *stroke, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params params)
{
    (void)stroke, (void)cs, (void)color, (void)alpha, (void)params;
    add_glyphs(ctx, ((collect_device *)dev)->page, text, ctm);
}

/* Text as a clip (render modes 4–7): its glyphs are read where they are
 * painted (fill_text), not where they only clip. */
static void dev_clip_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_rect scissor)
{
    (void)scissor;
    push_clip(ctx, ((collect_device *)dev)->page, fz_bound_text(ctx, text, NULL, ctm));
}

static void dev_clip_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                                 const fz_stroke_state *stroke, fz_matrix ctm, fz_rect scissor)
{
    (void)scissor;
    push_clip(ctx, ((collect_device *)dev)->page, fz_bound_text(ctx, text, stroke, ctm));
}

static void dev_clip_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                          fz_matrix ctm, fz_rect scissor)
{
    (void)even_odd, (void)scissor;
    push_clip(ctx, ((collect_device *)dev)->page, fz_bound_path(ctx, path, NULL, ctm));
}

static void dev_clip_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                                 const fz_stroke_state *stroke, fz_matrix ctm, fz_rect scissor)
{
    (void)scissor;
    push_clip(ctx, ((collect_device *)dev)->page, fz_bound_path(ctx, path, stroke, ctm));
}

static void dev_clip_image_mask(fz_context *ctx, fz_device *dev, fz_image *image, fz_matrix ctm,
                                fz_rect scissor)
{
    (void)image, (void)scissor;
    push_clip(ctx, ((collect_device *)dev)->page, fz_transform_rect(fz_unit_rect, ctm));
}

static void dev_pop_clip(fz_context *ctx, fz_device *dev)
{
    page_drawing *d = ((collect_device *)dev)->page;
    spend(ctx, d, 1);
    if (d->nclips > 1) /* the page itself stays */
        d->nclips--;
}

/* A soft mask: what draws it is no content; once made, it clips like a
 * clip until its pop_clip. */
static void dev_begin_mask(fz_context *ctx, fz_device *dev, fz_rect area, int luminosity,
                           fz_colorspace *cs, const float *bc, fz_color_params params)
{
    (void)area, (void)luminosity, (void)cs, (void)bc, (void)params;
    page_drawing *d = ((collect_device *)dev)->page;
    spend(ctx, d, 1);
    d->hidden++;
}

static void dev_end_mask(fz_context *ctx, fz_device *dev)
{
    page_drawing *d = ((collect_device *)dev)->page;
    if (d->hidden)
        d->hidden--;
    push_clip(ctx, d, visible(d));
}

/* A tiled pattern's cell: drawn over and over, no text or lines of the page. */
static int dev_begin_tile(fz_context *ctx, fz_device *dev, fz_rect area, fz_rect view, float xstep,
                          float ystep, fz_matrix ctm, int id)
{
    (void)area, (void)view, (void)xstep, (void)ystep, (void)ctm, (void)id;
    page_drawing *d = ((collect_device *)dev)->page;
    spend(ctx, d, 1);
    d->hidden++;
    return 0;
}

static void dev_end_tile(fz_context *ctx, fz_device *dev)
{
    (void)ctx;
    page_drawing *d = ((collect_device *)dev)->page;
    if (d->hidden)
        d->hidden--;
}

/* Groups nest content without changing what shows; each is counted, so a
 * page of forms nested a million deep spends its budget. */
static void dev_begin_group(fz_context *ctx, fz_device *dev, fz_rect area, fz_colorspace *cs,
                            int isolated, int knockout, int blendmode, float alpha)
{
    (void)area, (void)cs, (void)isolated, (void)knockout, (void)blendmode, (void)alpha;
    spend(ctx, ((collect_device *)dev)->page, 1);
}

/* Invisible text: an OCR layer over a scan, read as the page's text. */
static void dev_ignore_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm)
{
    add_glyphs(ctx, ((collect_device *)dev)->page, text, ctm);
}

static void dev_fill_image(fz_context *ctx, fz_device *dev, fz_image *image, fz_matrix ctm,
                           float alpha, fz_color_params params)
{
    (void)ctx, (void)image, (void)ctm, (void)alpha, (void)params;
    ((collect_device *)dev)->page->images++;
}

static fz_device *new_collect_device(fz_context *ctx, page_drawing *page)
{
    collect_device *dev = fz_new_derived_device(ctx, collect_device);
    dev->base.fill_path = dev_fill_path;
    dev->base.stroke_path = dev_stroke_path;
    dev->base.fill_text = dev_fill_text;
    dev->base.stroke_text = dev_stroke_text;
    dev->base.clip_text = dev_clip_text;
    dev->base.clip_stroke_text = dev_clip_stroke_text;
    dev->base.ignore_text = dev_ignore_text;
    dev->base.fill_image = dev_fill_image;
    dev->base.clip_path = dev_clip_path;
    dev->base.clip_stroke_path = dev_clip_stroke_path;
    dev->base.clip_image_mask = dev_clip_image_mask;
    dev->base.pop_clip = dev_pop_clip;
    dev->base.begin_mask = dev_begin_mask;
    dev->base.end_mask = dev_end_mask;
    dev->base.begin_tile = dev_begin_tile;
    dev->base.end_tile = dev_end_tile;
    dev->base.begin_group = dev_begin_group;
    dev->page = page;
    return &dev->base;
}

/* ------------------------------------------------------------ turning a page upright */

/* Quarter turns of a direction in y-down space: (1,0) 0, (0,1) 1, (-1,0) 2, (0,-1) 3. */
static uint8_t quarter_of(float dx, float dy)
{
    if (fabsf(dx) >= fabsf(dy))
        return dx >= 0 ? 0 : 2;
    return dy >= 0 ? 1 : 3;
}

/* A point turned back by `turn` quarters on a page w × h (the page becomes
 * h × w for odd turns). */
static void turn_point(uint8_t turn, float w, float h, float x, float y, float *ox, float *oy)
{
    switch (turn & 3) {
    case 1: *ox = y, *oy = w - x; break;
    case 2: *ox = w - x, *oy = h - y; break;
    case 3: *ox = h - y, *oy = x; break;
    default: *ox = x, *oy = y; break;
    }
}

/* A rectangle turned back so, its corners ordered again. */
static fz_rect turn_rect(uint8_t turn, float w, float h, fz_rect r)
{
    float ax, ay, bx, by;
    turn_point(turn, w, h, r.x0, r.y0, &ax, &ay);
    turn_point(turn, w, h, r.x1, r.y1, &bx, &by);
    return fz_make_rect(fminf(ax, bx), fminf(ay, by), fmaxf(ax, bx), fmaxf(ay, by));
}

static void turn_vector(uint8_t turn, float x, float y, float *ox, float *oy)
{
    switch (turn & 3) {
    case 1: *ox = y, *oy = -x; break;
    case 2: *ox = -x, *oy = -y; break;
    case 3: *ox = -y, *oy = x; break;
    default: *ox = x, *oy = y; break;
    }
}

/* The page's glyphs and rulings as the layout takes them: turned upright
 * when most of its text runs another way; each glyph's box and the frame of
 * its own line. False: no memory. */
static bool upright_page(page_drawing *d, float w, float h, jx_pdf_page *out, jx_pdf_glyph **glyphs,
                         size_t *glyphs_cap)
{
    size_t count[4] = {0, 0, 0, 0}, total = 0;
    for (size_t i = 0; i < d->nglyphs; i++)
        if (d->glyphs[i].rune != ' ') {
            count[quarter_of(d->glyphs[i].dx, d->glyphs[i].dy)]++;
            total++;
        }
    uint8_t page_turn = 0;
    for (uint8_t t = 1; t < 4; t++)
        if (total > 0 && (double)count[t] > PDF_TURNED_SHARE * (double)total)
            page_turn = t;
    jx_pdf_glyph *g = jx_grow(*glyphs, glyphs_cap, d->nglyphs ? d->nglyphs : 1, sizeof *g);
    if (g == NULL)
        return false;
    *glyphs = g;
    size_t n = 0;
    for (size_t i = 0; i < d->nglyphs; i++) {
        const drawn_glyph *dg = &d->glyphs[i];
        if (dg->rune == 0 || dg->rune == 0xFEFF || (dg->rune >= 0xD800 && dg->rune <= 0xDFFF) || dg->rune > 0x10FFFF)
            continue;
        float ox, oy, dx, dy;
        turn_point(page_turn, w, h, dg->ox, dg->oy, &ox, &oy);
        turn_vector(page_turn, dg->dx, dg->dy, &dx, &dy);
        uint8_t turn = quarter_of(dx, dy);
        /* its box: the part that shows (a line cut by its cell's side is
         * placed by what shows of it), turned with the page */
        fz_rect box = turn_rect(page_turn, w, h, dg->seen);
        jx_pdf_glyph *o = &g[n++];
        o->rune = dg->rune;
        o->x0 = box.x0;
        o->x1 = box.x1;
        o->y0 = box.y0;
        o->y1 = box.y1;
        float along_x, along_y;
        turn_vector(turn, ox, oy, &along_x, &along_y);
        o->along = along_x;
        o->across = along_y;
        o->advance = dg->advance;
        o->size = dg->size;
        o->turn = turn;
    }
    for (size_t i = 0; i < d->nrules; i++) {
        jx_pdf_rule *r = &d->rules[i];
        fz_rect turned = turn_rect(page_turn, w, h, fz_make_rect(r->x0, r->y0, r->x1, r->y1));
        *r = (jx_pdf_rule){turned.x0, turned.y0, turned.x1, turned.y1};
    }
    bool odd = page_turn & 1;
    out->width = odd ? h : w;
    out->height = odd ? w : h;
    out->glyphs = g;
    out->nglyphs = n;
    out->rules = d->rules;
    out->nrules = d->nrules;
    return true;
}

/* ------------------------------------------------------------ the document */

/* MuPDF's warnings and errors: never printed (a refusal's message comes
 * from fz_caught_message; a repaired file's warnings say nothing a reviewer
 * can act on). */
static void quiet(void *user, const char *message)
{
    (void)user, (void)message;
}

typedef struct {
    fz_context *ctx;
    pdf_memory *memory;
    pdf_document *doc;
    int pages;
    size_t content_bytes; /* the pages' content streams, inflated, so far */
    fz_cookie *cookie;    /* its abort set when JX_READ_PDF_SECONDS have passed */
} pdf_file;

/* ------------------------------------------------------------ the time a file may take */

/* A thread that sets the cookie's abort at the deadline, unless told first
 * that the file is read: MuPDF looks at abort before each token of a content
 * stream, its own or a form's, so content that draws nothing (spaces by the
 * gigabyte, paths never painted, a form drawn a billion times) is stopped.
 * Setting abort from another thread is how MuPDF means a run to be stopped. */
typedef struct {
    mtx_t lock;
    cnd_t wake;
    bool done, started;
    fz_cookie *cookie;
    struct timespec deadline;
    thrd_t thread;
} watchdog;

static int watch(void *arg)
{
    watchdog *w = arg;
    mtx_lock(&w->lock);
    while (!w->done)
        if (cnd_timedwait(&w->wake, &w->lock, &w->deadline) == thrd_timedout) {
            w->cookie->abort = 1;
            break;
        }
    mtx_unlock(&w->lock);
    return 0;
}

/* False: no thread (the file is read without a deadline). */
static bool watchdog_start(watchdog *w, fz_cookie *cookie)
{
    w->done = w->started = false;
    w->cookie = cookie;
    if (timespec_get(&w->deadline, TIME_UTC) != TIME_UTC)
        return false;
    w->deadline.tv_sec += JX_READ_PDF_SECONDS;
    if (mtx_init(&w->lock, mtx_plain) != thrd_success)
        return false;
    if (cnd_init(&w->wake) != thrd_success) {
        mtx_destroy(&w->lock);
        return false;
    }
    if (thrd_create(&w->thread, watch, w) != thrd_success) {
        cnd_destroy(&w->wake);
        mtx_destroy(&w->lock);
        return false;
    }
    w->started = true;
    return true;
}

static void watchdog_stop(watchdog *w)
{
    if (!w->started)
        return;
    mtx_lock(&w->lock);
    w->done = true;
    cnd_signal(&w->wake);
    mtx_unlock(&w->lock);
    thrd_join(w->thread, NULL);
    cnd_destroy(&w->wake);
    mtx_destroy(&w->lock);
}

/* Opens the document; JX_ERR_FORMAT for a broken or encrypted one. */
static jx_status open_pdf(pdf_file *f, const unsigned char *bytes, size_t len, jx_error *err)
{
    fz_context *ctx = f->ctx;
    fz_stream *stm = NULL;
    pdf_document *doc = NULL;
    fz_var(stm);
    fz_var(doc);
    int pages = 0, locked = 0;
    fz_try(ctx) {
        stm = fz_open_memory(ctx, bytes, len);
        doc = pdf_open_document_with_stream(ctx, stm);
        locked = pdf_needs_password(ctx, doc) && !pdf_authenticate_password(ctx, doc, "");
        if (!locked)
            pages = pdf_count_pages(ctx, doc);
    }
    fz_always(ctx) {
        fz_drop_stream(ctx, stm);
    }
    fz_catch(ctx) {
        bool over = f->memory->over;
        pdf_drop_document(ctx, doc);
        if (over) {
            jx_error_set(err, JX_ERR_TOO_LARGE, 0, "PDF: needs more than %zu MB to open",
                         JX_READ_PDF_MEMORY >> 20);
            return JX_ERR_TOO_LARGE;
        }
        jx_error_set(err, JX_ERR_FORMAT, 0, "PDF: cannot be opened: %s", fz_caught_message(ctx));
        return JX_ERR_FORMAT;
    }
    if (locked) {
        pdf_drop_document(ctx, doc);
        jx_error_set(err, JX_ERR_FORMAT, 0, "encrypted: the PDF needs a password; save it without one first");
        return JX_ERR_FORMAT;
    }
    if (pages <= 0) {
        pdf_drop_document(ctx, doc);
        jx_error_set(err, JX_ERR_FORMAT, 0, "PDF: no pages");
        return JX_ERR_FORMAT;
    }
    if ((unsigned)pages > JX_READ_MAX_PAGES) {
        pdf_drop_document(ctx, doc);
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "PDF: %d pages, more than %u", pages, JX_READ_MAX_PAGES);
        return JX_ERR_TOO_LARGE;
    }
    f->doc = doc;
    f->pages = pages;
    return JX_OK;
}

/* Runs page `index` through the collecting device into d (emptied first).
 * JX_OK, JX_ERR_TOO_LARGE for a budget spent, JX_ERR_FORMAT for a page
 * MuPDF cannot read (its message in err). */
static jx_status draw_page(pdf_file *f, int index, page_drawing *d, float *w, float *h, jx_error *err)
{
    fz_context *ctx = f->ctx;
    fz_page *page = NULL;
    fz_device *dev = NULL;
    fz_stream *contents = NULL;
    fz_var(page);
    fz_var(dev);
    fz_var(contents);
    d->nglyphs = d->nrules = d->work = d->images = 0;
    d->nclips = 0;
    d->hidden = 0;
    d->too_large = false;
    /* a refusal of the budget MuPDF got over on an earlier page (a font too
     * large, read with a stand-in) is not this page's */
    f->memory->over = false;
    fz_rect box = fz_empty_rect;
    fz_try(ctx) {
        page = fz_load_page(ctx, (fz_document *)f->doc, index);
        /* the page's content inflated first, counted for the whole file: a
         * stream of spaces by the gigabyte, shared by every page, is refused
         * before it is interpreted page after page */
        pdf_obj *streams = pdf_page_contents(ctx, (pdf_page *)page);
        if (streams != NULL) {
            contents = pdf_open_contents_stream(ctx, f->doc, streams);
            for (size_t n; (n = fz_skip(ctx, contents, (size_t)1 << 20)) > 0;) {
                f->content_bytes += n;
                if (f->content_bytes > JX_READ_PDF_CONTENT) {
                    d->too_large = true;
                    snprintf(d->limit, sizeof d->limit, "the pages' content inflates to more than %zu MB",
                             JX_READ_PDF_CONTENT >> 20);
                    fz_throw(ctx, FZ_ERROR_GENERIC, "too much content");
                }
            }
        }
        box = fz_bound_page(ctx, page);
        /* nothing off the page shows */
        push_clip(ctx, d, fz_make_rect(0, 0, box.x1 - box.x0, box.y1 - box.y0));
        dev = new_collect_device(ctx, d);
        /* the page's own box at the origin */
        fz_run_page(ctx, page, dev, fz_translate(-box.x0, -box.y0), f->cookie);
        fz_close_device(ctx, dev);
    }
    fz_always(ctx) {
        fz_drop_stream(ctx, contents);
        fz_drop_device(ctx, dev);
        fz_drop_page(ctx, page);
    }
    fz_catch(ctx) {
        if (d->too_large || f->memory->over) {
            jx_error_set(err, JX_ERR_TOO_LARGE, 0, "page %d: %s", index + 1,
                         d->too_large ? d->limit : "needs more memory than a PDF may take");
            return JX_ERR_TOO_LARGE;
        }
        jx_error_set(err, JX_ERR_FORMAT, 0, "page %d: %s", index + 1, fz_caught_message(ctx));
        return JX_ERR_FORMAT;
    }
    if (f->cookie != NULL && f->cookie->abort) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "page %d: the file takes more than %u s to read",
                     index + 1, JX_READ_PDF_SECONDS);
        return JX_ERR_TOO_LARGE;
    }
    *w = box.x1 - box.x0;
    *h = box.y1 - box.y0;
    if (!isfinite(*w) || !isfinite(*h) || *w <= 0 || *h <= 0)
        *w = *h = 0;
    return JX_OK;
}

/* A list of page numbers for a note: "3, 5–7". */
static void note_pages(char *out, size_t size, const uint32_t *pages, size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && at + 24 < size;) {
        size_t j = i;
        while (j + 1 < n && pages[j + 1] == pages[j] + 1)
            j++;
        int k = j > i ? snprintf(out + at, size - at, "%s%u–%u", at ? ", " : "", pages[i], pages[j])
                      : snprintf(out + at, size - at, "%s%u", at ? ", " : "", pages[i]);
        if (k < 0)
            break;
        at += (size_t)k;
        i = j + 1;
    }
}

static jx_status read_pages(pdf_file *f, jx_arena *arena, jx_source *out, jx_error *err)
{
    jx_pdf_layout *layout = jx_pdf_layout_new(arena);
    page_drawing d = {0};
    jx_pdf_glyph *glyphs = NULL;
    size_t glyphs_cap = 0;
    uint32_t *scanned = malloc((size_t)f->pages * sizeof *scanned), *broken = malloc((size_t)f->pages * sizeof *broken);
    size_t nscanned = 0, nbroken = 0, text_glyphs = 0, unmapped = 0;
    char broken_why[sizeof ((jx_error *)0)->message] = "";
    jx_status st = layout && scanned && broken ? JX_OK : JX_ERR_NOMEM;
    if (st != JX_OK)
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    for (int i = 0; st == JX_OK && i < f->pages; i++) {
        float w = 0, h = 0;
        jx_error page_err = {0};
        st = draw_page(f, i, &d, &w, &h, &page_err);
        if (st == JX_ERR_FORMAT) {
            /* one page MuPDF cannot read: the others are read, the note says which */
            if (nbroken == 0)
                snprintf(broken_why, sizeof broken_why, "%s", page_err.message);
            broken[nbroken++] = (uint32_t)i + 1;
            st = JX_OK;
            d.nglyphs = d.nrules = 0;
        } else if (st != JX_OK) {
            *err = page_err;
            break;
        }
        size_t seen = 0;
        for (size_t k = 0; k < d.nglyphs; k++)
            if (d.glyphs[k].rune != ' ') {
                seen++;
                unmapped += d.glyphs[k].rune == 0xFFFD;
            }
        text_glyphs += seen;
        if (seen == 0 && d.images > 0)
            scanned[nscanned++] = (uint32_t)i + 1;
        jx_pdf_page page = {(uint32_t)i + 1, 0, 0, NULL, 0, NULL, 0};
        if (!upright_page(&d, w, h, &page, &glyphs, &glyphs_cap)) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
            st = JX_ERR_NOMEM;
            break;
        }
        st = jx_pdf_layout_page(layout, &page, err);
    }
    if (st == JX_OK && text_glyphs == 0) {
        jx_error_set(err, JX_ERR_FORMAT, 0, nscanned ? "scanned, no text layer: run OCR first"
                                                     : "PDF: no text on any page");
        st = JX_ERR_FORMAT;
    } else if (st == JX_OK && unmapped * 2 > text_glyphs) {
        jx_error_set(err, JX_ERR_FORMAT, 0,
                     "PDF: its fonts map most glyphs to no text (no ToUnicode): run OCR first");
        st = JX_ERR_FORMAT;
    }
    if (st == JX_OK)
        st = jx_pdf_layout_finish(layout, out, err);
    if (st == JX_OK) {
        char scans[160], fails[160], note[800];
        note_pages(scans, sizeof scans, scanned, nscanned);
        note_pages(fails, sizeof fails, broken, nbroken);
        int k = 0;
        note[0] = '\0';
        if (nscanned)
            k = snprintf(note, sizeof note, "page%s %s scanned, no text layer (run OCR first)",
                         nscanned > 1 ? "s" : "", scans);
        if (nbroken && k >= 0 && (size_t)k < sizeof note)
            snprintf(note + k, sizeof note - (size_t)k, "%spage%s %s unreadable (%s)", k ? "; " : "",
                     nbroken > 1 ? "s" : "", fails, broken_why);
        out->note = jx_arena_strndup(arena, note, strlen(note));
        if (out->note == NULL) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
            st = JX_ERR_NOMEM;
        }
    }
    free(scanned);
    free(broken);
    free(glyphs);
    free(d.glyphs);
    free(d.rules);
    free(d.clips);
    jx_pdf_layout_free(layout);
    return st;
}

jx_status jx_read_pdf(jx_arena *arena, const unsigned char *bytes, size_t len, jx_source *out,
                      jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = JX_SOURCE_PDF;
    out->note = "";
    pdf_memory memory = {0, false};
    fz_alloc_context alloc = {&memory, pdf_malloc, pdf_realloc, pdf_free};
    fz_context *ctx = fz_new_context(&alloc, NULL, PDF_STORE_BYTES);
    if (ctx == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    fz_set_warning_callback(ctx, quiet, NULL);
    fz_set_error_callback(ctx, quiet, NULL);
    fz_cookie cookie;
    memset(&cookie, 0, sizeof cookie);
    watchdog dog;
    pdf_file f = {ctx, &memory, NULL, 0, 0, watchdog_start(&dog, &cookie) ? &cookie : NULL};
    jx_status st = open_pdf(&f, bytes, len, err);
    if (st == JX_OK)
        st = read_pages(&f, arena, out, err);
    watchdog_stop(&dog);
    pdf_drop_document(ctx, f.doc);
    fz_drop_context(ctx);
    return st;
}

bool jx_sniff_pdf(const unsigned char *bytes, size_t len)
{
    /* the header may follow a little junk (the format allows 1024 bytes) */
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(bytes + i, "%PDF-", 5) == 0)
            return true;
    return false;
}
