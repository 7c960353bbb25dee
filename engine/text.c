/* text.c — UTF-8 decoding and character classes shared by the parsers. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

size_t jx_utf8_next(const char *str, size_t avail, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (avail == 0) {
        *cp = 0;
        return 0;
    }
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (avail < need) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need;
}

size_t jx_utf8_put(char *out, uint32_t cp)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool jx_utf8_valid(const unsigned char *s, size_t n, size_t *bad_offset)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = jx_utf8_next((const char *)s + i, n - i, &cp);
        /* A decoded U+FFFD is valid only when it was spelled out (EF BF BD). */
        if (cp == 0xFFFD && len == 1) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += len;
    }
    return true;
}

uint32_t jx_fold_width(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFF01 + 0x21;
    switch (cp) {
    case 0x3000: /* ideographic space */
    case 0x00A0: /* no-break space */
        return ' ';
    case 0x2212: /* minus sign */
        return '-';
    default:
        return cp;
    }
}

bool jx_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF)     /* unified ideographs */
        || (cp >= 0x3400 && cp <= 0x4DBF)     /* extension A */
        || (cp >= 0x20000 && cp <= 0x2FA1F)   /* extensions B.. and compat */
        || (cp >= 0xF900 && cp <= 0xFAFF)     /* compatibility ideographs */
        || (cp >= 0x3001 && cp <= 0x303F)     /* CJK punctuation: 、。〈〉《》「」【】 */
        || (cp >= 0x2010 && cp <= 0x2027)     /* dashes, quotes “” ‘’, … */
        || (cp >= 0xFF01 && cp <= 0xFF65);    /* full-width forms */
}

bool jx_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v'
        || cp == '\f' || cp == 0x00A0 || cp == 0x3000 || cp == 0xFEFF
        || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F;
}

bool jx_is_dash_placeholder(const char *norm)
{
    /* Runs of one dash-like character: -, --, —, ——, –, ―, ─, －. */
    static const char *const dashes[] = {"-", "\xE2\x80\x94" /* — */,
        "\xE2\x80\x93" /* – */, "\xE2\x80\x95" /* ― */, "\xE2\x94\x80" /* ─ */,
        "\xEF\xBC\x8D" /* － */};
    if (norm == NULL || *norm == '\0')
        return false;
    for (size_t d = 0; d < sizeof dashes / sizeof dashes[0]; d++) {
        size_t dl = strlen(dashes[d]);
        const char *p = norm;
        size_t count = 0;
        while (strncmp(p, dashes[d], dl) == 0) {
            p += dl;
            count++;
        }
        if (*p == '\0' && count > 0 && count <= 6)
            return true;
    }
    return false;
}

void jx_utf8_trim_partial(char *s)
{
    /* Back up over continuation bytes to the last lead byte, and drop that
     * character if its sequence is not complete. */
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    uint32_t cp;
    size_t len = jx_utf8_next(s + start - 1, n - (start - 1), &cp);
    if (cp == 0xFFFD && len == 1)
        s[start - 1] = '\0';
}

void jx_error_set(jx_error *err, jx_status status, uint32_t line,
                  const char *fmt, ...)
{
    if (err == NULL)
        return;
    err->status = status;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(err->message); /* a cut message must stay UTF-8 */
}

/*
 * The one place where text from a document or a file name is made safe to
 * show. Valid UTF-8 passes; a byte that is not UTF-8 becomes \xNN, so a file
 * name is rendered losslessly (a backslash of its own becomes \\ where the
 * caller asks for that). What else happens to a character depends on where
 * it goes (jx_text_target).
 */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

size_t jx_text_escape(jx_buf *out, const char *s, size_t n, jx_text_target target,
                      size_t max_units, bool *cut)
{
    size_t units = 0; /* UTF-16 code units written: how Excel counts characters */
    size_t run = 0;   /* start of the bytes passed through unchanged */
    size_t i = 0;
    if (cut)
        *cut = false;
    while (i < n) {
        uint32_t cp;
        size_t len = jx_utf8_next(s + i, n - i, &cp);
        bool invalid = cp == 0xFFFD && len == 1;
        char rep[16];
        size_t rep_len = 0;
        if (invalid) {
            rep_len = (size_t)snprintf(rep, sizeof rep, "\\x%02x", (unsigned char)s[i]);
        } else if (target == JX_TEXT_NAME && cp == '\\') {
            rep_len = (size_t)snprintf(rep, sizeof rep, "\\\\");
        } else if (target == JX_TEXT_XML) {
            /* XML 1.0 has no C0 controls but TAB and LF, no U+FFFE/U+FFFF:
             * control pictures (U+2400..) keep them visible, one character each. */
            if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F)
                rep_len = jx_utf8_put(rep, cp == 0x7F ? 0x2421 : 0x2400 + cp);
            else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF)
                rep_len = jx_utf8_put(rep, 0xFFFD);
        } else if (is_control(cp) && !(cp == '\n' && target == JX_TEXT_TERMINAL)) {
            rep_len = (size_t)(cp < 0x80 ? snprintf(rep, sizeof rep, "\\x%02x", (unsigned)cp)
                                         : snprintf(rep, sizeof rep, "\\u%04x", (unsigned)cp));
        }
        size_t add = rep_len && target != JX_TEXT_XML ? rep_len : cp >= 0x10000 ? 2 : 1;
        if (max_units && units + add > max_units) {
            if (cut)
                *cut = true;
            break;
        }
        if (rep_len) {
            jx_buf_append(out, s + run, i - run);
            jx_buf_append(out, rep, rep_len);
            run = i + len;
        }
        units += add;
        i += len;
    }
    jx_buf_append(out, s + run, i - run);
    return i;
}

void jx_buf_escape_from(jx_buf *buf, size_t start)
{
    if (buf->failed || start >= buf->len)
        return;
    /* Most output needs nothing: look before copying. */
    bool clean = true;
    for (size_t i = start; i < buf->len && clean; i++) {
        unsigned char c = (unsigned char)buf->data[i];
        clean = (c >= 0x20 && c != 0x7F && c < 0x80) || c == '\n';
    }
    if (clean || jx_utf8_valid((const unsigned char *)buf->data + start, buf->len - start, NULL)) {
        /* Valid UTF-8 may still hold controls: look again, per character. */
        bool any = false;
        for (size_t i = start; i < buf->len && !any;) {
            uint32_t cp;
            i += jx_utf8_next(buf->data + i, buf->len - i, &cp);
            any = cp != '\n' && is_control(cp);
        }
        if (!any)
            return;
    }
    jx_buf tail;
    jx_buf_init(&tail);
    jx_text_escape(&tail, buf->data + start, buf->len - start, JX_TEXT_TERMINAL, 0, NULL);
    buf->len = start;
    if (tail.failed)
        buf->failed = true;
    else
        jx_buf_append(buf, tail.data, tail.len);
    jx_buf_free(&tail);
}
