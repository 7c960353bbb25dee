/*
 * pdf_text.c — the text of a PDF's glyphs (pdf.h): glyphs sorted into lines
 * by baseline and along them, a space where the page has one or leaves a
 * word gap between letters, a glyph overprinted on itself once, a cell's
 * wrapped lines joined.
 */
#include "pdf.h"

bool jx_pdf_is_space(uint32_t r)
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
bool jx_pdf_space_between(uint32_t before, uint32_t after)
{
    if (!is_ascii_alnum(before) && before != '.' && before != ',')
        return false;
    if (!is_ascii_alnum(after))
        return false;
    return !(is_numeric_rune(before) && is_numeric_rune(after));
}

/* ------------------------------------------------------------ text of glyphs */

static int compare_key_lines(const void *a, const void *b)
{
    const jx_pdf_key *x = a, *y = b;
    if (x->turn != y->turn)
        return x->turn < y->turn ? -1 : 1;
    if (x->across != y->across)
        return x->across < y->across ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int compare_key_along(const void *a, const void *b)
{
    const jx_pdf_key *x = a, *y = b;
    if (x->along != y->along)
        return x->along < y->along ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Sorts keys into lines (by turn, then baseline), each line by its glyphs'
 * place along it; *lines is malloc'd. False: no memory. */
bool jx_pdf_lines_of(const jx_pdf_glyph *glyphs, jx_pdf_key *keys, size_t n, jx_pdf_key_line **lines,
                     size_t *nlines)
{
    *lines = NULL;
    *nlines = 0;
    if (n == 0)
        return true;
    qsort(keys, n, sizeof *keys, compare_key_lines);
    jx_pdf_key_line *out = malloc(n * sizeof *out);
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
        out[m++] = (jx_pdf_key_line){i, j - i, keys[i].across, size};
        i = j;
    }
    *lines = out;
    *nlines = m;
    return true;
}

void jx_pdf_text_join(jx_pdf_text *t, const char *more, size_t n)
{
    if (t->failed || n == 0)
        return;
    uint32_t last = jx_pdf_last_rune(t->s, t->len), first = 0;
    jx_utf8_next(more, n, &first);
    bool space = t->len > 0 && jx_pdf_space_between(last, first);
    char *grown = jx_grow(t->s, &t->cap, t->len + n + 1, 1);
    if (grown == NULL) {
        t->failed = true;
        return;
    }
    t->s = grown;
    if (space)
        t->s[t->len++] = ' ';
    memcpy(t->s + t->len, more, n);
    t->len += n;
}

static void text_put(jx_pdf_text *t, uint32_t rune)
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
uint32_t jx_pdf_last_rune(const char *s, size_t len)
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
static float usual_gap(const jx_pdf_glyph *glyphs, const jx_pdf_key *keys, size_t count)
{
    float gaps[64];
    size_t n = 0;
    const jx_pdf_glyph *prev = NULL;
    for (size_t i = 0; i < count && n < sizeof gaps / sizeof *gaps; i++) {
        const jx_pdf_glyph *g = &glyphs[keys[i].index];
        if (jx_pdf_is_space(g->rune))
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
void jx_pdf_run_text(jx_pdf_text *t, const jx_pdf_glyph *glyphs, const jx_pdf_key *keys,
                        size_t count)
{
    const jx_pdf_glyph *prev = NULL;
    bool pending_space = false;
    float usual = usual_gap(glyphs, keys, count);
    for (size_t i = 0; i < count; i++) {
        const jx_pdf_glyph *g = &glyphs[keys[i].index];
        if (jx_pdf_is_space(g->rune)) {
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
 * one before it (space_between); *last_left, *last_right and *last_size:
 * where its last line starts and ends and the size of its text. NULL: no
 * memory; "" for no text. */
const char *jx_pdf_cell_text(jx_arena *arena, const jx_pdf_glyph *glyphs, jx_pdf_key *keys,
                             size_t n, float *last_left, float *last_right, float *last_size,
                             bool *nomem)
{
    jx_pdf_key_line *lines = NULL;
    size_t nlines = 0;
    if (!jx_pdf_lines_of(glyphs, keys, n, &lines, &nlines)) {
        *nomem = true;
        return NULL;
    }
    jx_pdf_text t = {0}, line = {0};
    for (size_t l = 0; l < nlines; l++) {
        line.len = 0;
        jx_pdf_run_text(&line, glyphs, keys + lines[l].first, lines[l].count);
        t.failed |= line.failed;
        jx_pdf_text_join(&t, line.s, line.len);
    }
    free(line.s);
    *last_left = 0;
    *last_right = 0;
    *last_size = 0;
    if (nlines > 0) {
        const jx_pdf_key_line *last = &lines[nlines - 1];
        for (size_t i = 0; i < last->count; i++)
            if (!jx_pdf_is_space(glyphs[keys[last->first + i].index].rune))
            {
                const jx_pdf_glyph *g = &glyphs[keys[last->first + i].index];
                *last_left = *last_right == 0 ? g->x0 : fmin2(*last_left, g->x0);
                *last_right = fmax2(*last_right, g->x1);
            }
        *last_size = last->size;
    }
    free(lines);
    const char *out = t.failed ? NULL : jx_arena_strndup(arena, t.s ? t.s : "", t.len);
    free(t.s);
    if (out == NULL)
        *nomem = true;
    return out;
}
