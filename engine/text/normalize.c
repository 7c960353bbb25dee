/*
 * normalize.c — a cell's text as the checks read it: markup and markdown
 * markers stripped, full-width forms and traditional characters folded,
 * pinyin readings dropped, spaces inside CJK text and numbers removed
 * (jx_cell.norm). The original text is kept beside it.
 */
#include "text.h"

#include <string.h>

/* An HTML tag is short; a longer run after < is text. */
#define JX_TAG_MAX 256

/* Skips an HTML tag or entity at s; returns bytes consumed, or 0 if none. */
static size_t markup_length(const char *s, size_t avail, uint32_t *entity)
{
    *entity = 0;
    if (s[0] == '<' && avail > 1
        && (s[1] == '/' || s[1] == '!' || ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))) {
        /* A bounded search keeps a stray '<' from making the scan quadratic. */
        const char *end = memchr(s, '>', avail < JX_TAG_MAX ? avail : JX_TAG_MAX);
        return end ? (size_t)(end - s) + 1 : 0;
    }
    if (s[0] == '&') {
        static const struct { const char *name; uint32_t cp; } entities[] = {
            {"&nbsp;", ' '}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
            {"&quot;", '"'}, {"&#39;", '\''}, {"&emsp;", ' '}, {"&ensp;", ' '}};
        for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
            size_t n = strlen(entities[i].name);
            if (n <= avail && memcmp(s, entities[i].name, n) == 0) {
                *entity = entities[i].cp;
                return n;
            }
        }
    }
    return 0;
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static bool is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

static bool is_comparator(uint32_t cp)
{
    return cp == '<' || cp == '>' || cp == '=' || cp == 0x2265 || cp == 0x2264
        || cp == 0x2267 || cp == 0x2266;
}

/*
 * PDF extraction puts spaces inside words and numbers ("产出 指标 (50 分)",
 * "2, 129. 35"). A space survives only between two ASCII words, where it
 * separates them ("DRG 2.0" keeps one, "15 人" loses it).
 */
static bool space_is_noise(uint32_t before, uint32_t after)
{
    if (jx_is_cjk(before) || jx_is_cjk(after))
        return true;
    if ((is_digit(before) || before == ',' || before == '.') && (is_digit(after) || after == '.' || after == ',' || after == '%'))
        return true;
    if (is_comparator(before) && (is_digit(after) || after == '.'))
        return true;
    if (before == '(' || after == ')' || after == '%' || after == ',' || after == ':' || after == ';')
        return true;
    return !(is_ascii_alnum(before) && is_ascii_alnum(after))
        && !(is_ascii_alnum(before) || is_ascii_alnum(after));
}

/* Markdown emphasis and heading markers carry no content in a cell. */
static size_t markdown_marker_length(const char *s, size_t avail, bool at_start)
{
    if (avail >= 2 && ((s[0] == '*' && s[1] == '*') || (s[0] == '_' && s[1] == '_')))
        return 2;
    if (at_start && s[0] == '#') {
        size_t n = 0;
        while (n < avail && n < 6 && s[n] == '#')
            n++;
        if (n < avail && (s[n] == ' ' || s[n] == '\t'))
            return n + 1;
    }
    return 0;
}

/*
 * An ASCII character that comes out as it is wherever it stands: printable,
 * and none of what starts markup (< &), a markdown marker (* _ #), a pinyin
 * reading (() or a space.
 */
static bool is_plain_ascii(unsigned char c)
{
    return c > ' ' && c < 0x7F && c != '<' && c != '&' && c != '*' && c != '_' && c != '#'
        && c != '(';
}

/* fold_script: traditional characters folded and pinyin readings dropped
 * (for matching), or left as printed (for quoting a title). */
static size_t normalize(const char *text, size_t len, char *out, bool fold_script)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t o = 0, i = 0;
    uint32_t prev = 0;      /* last code point written, 0 at start */
    bool pending_space = false;
    while (i < len) {
        /* Two fast paths take nearly every character of a document: plain
         * ASCII, and an ideograph (U+3400..U+9FFF, three bytes) that no table
         * folds. Both are written as they are; only a space before them is
         * judged, as below. Anything else takes the general path. */
        if (is_plain_ascii(u[i])) {
            if (pending_space && !space_is_noise(prev, u[i]))
                out[o++] = ' ';
            pending_space = false;
            prev = u[i];
            out[o++] = text[i++];
            continue;
        }
        if (u[i] >= 0xE3 && u[i] <= 0xE9 && len - i >= 3 && (u[i + 1] & 0xC0) == 0x80
            && (u[i + 2] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(u[i] & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6
                        | (u[i + 2] & 0x3F);
            if (cp >= 0x3400 && (!fold_script || jx_simplify(cp) == cp)) {
                if (pending_space && !space_is_noise(prev, cp))
                    out[o++] = ' ';
                pending_space = false;
                prev = cp;
                memcpy(out + o, text + i, 3);
                o += 3;
                i += 3;
                continue;
            }
        }
        uint32_t entity;
        size_t skip = markup_length(text + i, len - i, &entity);
        if (skip > 0 && entity == 0) {
            i += skip;
            pending_space = pending_space || prev != 0;
            continue;
        }
        size_t md = markdown_marker_length(text + i, len - i, o == 0 && !pending_space);
        if (md > 0 && skip == 0) {
            i += md;
            continue;
        }
        uint32_t cp;
        size_t n = skip > 0 ? skip : jx_utf8_next(text + i, len - i, &cp);
        if (skip > 0)
            cp = entity;
        i += n;
        /* Mirror sites print the forms in traditional characters, some with
         * a pinyin reading after them (項(xiàng)目, 指標(biāo)值, spaces between
         * dropped as elsewhere): the forms' words are simplified and plain
         * (pinyin.c says which brackets are a reading). */
        cp = jx_fold_width(cp);
        if (fold_script && cp >= JX_T2S_BMP_FIRST)
            cp = jx_simplify(cp);
        if (fold_script && cp == '(' && skip == 0 && jx_is_ideograph(prev)) {
            size_t reading = jx_pinyin_annotation_length(text + i, len - i);
            if (reading > 0) {
                i += reading;
                continue;
            }
        }
        if (jx_is_space(cp) || cp == 0xFFFD) {
            pending_space = prev != 0;
            continue;
        }
        if (pending_space && !space_is_noise(prev, cp))
            out[o++] = ' ';
        pending_space = false;
        o += jx_utf8_put(out + o, cp);
        prev = cp;
    }
    out[o] = '\0';
    if (jx_is_dash_placeholder(out))
        out[o = 0] = '\0';
    return o;
}

bool jx_takes_fast_paths(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (is_plain_ascii(u[i])) {
            i++;
            continue;
        }
        if (u[i] < 0xE3 || u[i] > 0xE9 || len - i < 3 || (u[i + 1] & 0xC0) != 0x80
            || (u[i + 2] & 0xC0) != 0x80)
            return false;
        uint32_t cp = (uint32_t)(u[i] & 0x0F) << 12 | (uint32_t)(u[i + 1] & 0x3F) << 6
                    | (u[i + 2] & 0x3F);
        if (cp < 0x3400 || jx_simplify(cp) != cp)
            return false;
        i += 3;
    }
    return true;
}

size_t jx_normalize_into(const char *text, size_t len, char *out)
{
    return normalize(text, len, out, true);
}

size_t jx_tidy_into(const char *text, size_t len, char *out)
{
    return normalize(text, len, out, false);
}

const char *jx_cell_normalize(jx_arena *arena, const char *text, size_t len)
{
    /* Folding never lengthens: full-width (3 bytes) becomes ASCII (1), a
     * simplified character is no longer than its traditional one. */
    char *out = len < SIZE_MAX / 2 ? jx_arena_chars(arena, len + 1) : NULL;
    if (out != NULL)
        normalize(text, len, out, true);
    return out;
}

const char *jx_cell_tidy(jx_arena *arena, const char *text, size_t len)
{
    char *out = len < SIZE_MAX / 2 ? jx_arena_chars(arena, len + 1) : NULL;
    if (out != NULL)
        normalize(text, len, out, false);
    return out;
}

/* Cells up to this long are normalised on the stack, and kept only when they changed. */
#define NORM_SCRATCH 512

const char *jx_cell_norm_of(jx_arena *arena, const char *text, size_t len)
{
    if (len >= NORM_SCRATCH)
        return jx_cell_normalize(arena, text, len);
    char scratch[NORM_SCRATCH];
    size_t n = normalize(text, len, scratch, true);
    if (n == len && memcmp(scratch, text, len) == 0)
        return text;
    return jx_arena_strndup(arena, scratch, n);
}
