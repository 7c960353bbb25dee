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

/* The ASCII characters that begin markup (< &), a markdown marker (* _ #) or
 * a pinyin reading ((), as bits by code: 0x00..0x3F, then 0x40..0x7F. */
#define ASCII_BIT(c) ((uint64_t)1 << ((c)&63))
static const uint64_t special_low = ASCII_BIT('<') | ASCII_BIT('&') | ASCII_BIT('*')
                                  | ASCII_BIT('#') | ASCII_BIT('(');
static const uint64_t special_high = ASCII_BIT('_');

/*
 * An ASCII character that comes out as it is wherever it stands: printable,
 * and none of what starts markup, a markdown marker, a pinyin reading or a
 * space.
 */
static inline bool is_plain_ascii(unsigned char c)
{
    return c > ' ' && c < 0x7F && ((c < 64 ? special_low : special_high) >> (c & 63) & 1) == 0;
}

/* The code point of the three bytes at u (a lead and two continuation bytes). */
static inline uint32_t three_byte_cp(const unsigned char *u)
{
    return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
}

/*
 * Where the run of characters from u[i] that the normaliser writes as they
 * are ends: plain ASCII, and any other character no table folds (width,
 * with fold_script the simplified table) that is no space and no U+FFFD:
 * ideographs (U+3400..U+9FFF, three bytes, tested first), CJK punctuation,
 * Latin letters with accents. Nearly every character of a document is one:
 * the run is copied whole.
 */
/* The length of the non-ASCII character at u if the normaliser writes it as
 * it is (see plain_run_end), else 0: the characters other than ideographs,
 * rarer, judged apart so that the loop over ideographs stays small. */
static size_t other_plain_length(const unsigned char *u, size_t avail, bool fold_script)
{
    uint32_t cp;
    size_t n = jx_utf8_next_multibyte((const char *)u, avail, &cp);
    /* U+FFFD also stands for bytes that are no UTF-8; U+3000 is a space. */
    if (cp == 0xFFFD || jx_fold_width(cp) != cp || jx_is_space(cp))
        return 0;
    if (fold_script && cp >= JX_T2S_BMP_FIRST && jx_simplify(cp) != cp)
        return 0; /* a traditional character */
    return n;
}

static inline size_t plain_run_end(const unsigned char *u, size_t i, size_t len, bool fold_script)
{
    const uint16_t *t2s = jx_t2s_bmp;
    const size_t t2s_count = jx_t2s_bmp_count;
    while (i < len) {
        unsigned c = u[i];
        if (c < 0x80) {
            if (!is_plain_ascii((unsigned char)c))
                break;
            i++;
            continue;
        }
        /* U+4000..U+9FFF, one after the other: ideographs, none a space or
         * folded for width; with fold_script, none the table simplifies. */
        size_t start = i;
        while (len - i >= 3 && (unsigned)u[i] - 0xE4 <= 0xE9 - 0xE4) {
            unsigned c1 = u[i + 1], c2 = u[i + 2];
            if (!(c1 & c2 & 0x80) || ((c1 | c2) & 0x40))
                break; /* not two continuation bytes */
            if (fold_script) {
                size_t at = ((size_t)(u[i] & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F))
                          - JX_T2S_BMP_FIRST;
                if (at < t2s_count && t2s[at] != 0 && t2s[at] != at + JX_T2S_BMP_FIRST)
                    break; /* a traditional character */
            }
            i += 3;
        }
        if (i > start)
            continue;
        size_t n = other_plain_length(u + i, len - i, fold_script);
        if (n == 0)
            break;
        i += n;
    }
    return i;
}

/* The code point of the character at u (a plain run's: well-formed). */
static inline uint32_t plain_cp(const unsigned char *u, size_t avail)
{
    uint32_t cp;
    jx_utf8_next((const char *)u, avail, &cp);
    return cp;
}

/* The code point of the last character of the plain run u[run..end). */
static inline uint32_t plain_last_cp(const unsigned char *u, size_t run, size_t end)
{
    size_t at = end - 1;
    while (at > run && (u[at] & 0xC0) == 0x80)
        at--;
    return plain_cp(u + at, end - at);
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
        /* A run of characters written as they are: only a space before it
         * is judged, as below. Anything else takes the general path. */
        size_t run = i;
        i = plain_run_end(u, i, len, fold_script);
        if (i > run) {
            if (pending_space && !space_is_noise(prev, plain_cp(u + run, i - run)))
                out[o++] = ' ';
            pending_space = false;
            memcpy(out + o, text + run, i - run);
            o += i - run;
            prev = u[i - 1] < 0x80 ? u[i - 1] : plain_last_cp(u, run, i);
            continue;
        }
        /* Two more cases are common enough to settle here, as the general
         * path below would: ASCII white space (a space pending), and a
         * full-width form (U+FF01..U+FF5E: ，：（）％) folded to its ASCII
         * character, unless it is a bracket that may open a pinyin reading. */
        if (u[i] == ' ' || (u[i] >= '\t' && u[i] <= '\r')) {
            pending_space = prev != 0;
            i++;
            continue;
        }
        if (u[i] == 0xEF && len - i >= 3
            && ((u[i + 1] == 0xBC && u[i + 2] >= 0x81 && u[i + 2] <= 0xBF)
                || (u[i + 1] == 0xBD && u[i + 2] >= 0x80 && u[i + 2] <= 0x9E))) {
            uint32_t ascii = three_byte_cp(u + i) - 0xFEE0;
            if (!(fold_script && ascii == '(' && jx_is_ideograph(prev))) {
                if (pending_space && !space_is_noise(prev, ascii))
                    out[o++] = ' ';
                pending_space = false;
                out[o++] = (char)ascii;
                prev = ascii;
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
    return plain_run_end((const unsigned char *)text, 0, len, true) == len;
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
    /* Most cells are one plain run: their own norm, found without writing. */
    if (jx_takes_fast_paths(text, len) && !jx_is_dash_placeholder(text))
        return text;
    if (len >= NORM_SCRATCH)
        return jx_cell_normalize(arena, text, len);
    char scratch[NORM_SCRATCH];
    size_t n = normalize(text, len, scratch, true);
    if (n == len && memcmp(scratch, text, len) == 0)
        return text;
    return jx_arena_strndup(arena, scratch, n);
}
