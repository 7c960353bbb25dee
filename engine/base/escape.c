/*
 * escape.c — the one place where text from a document or a file name is made
 * safe for where it goes: a terminal, a file name shown losslessly, or the
 * XML of a workbook (see jx_text_target).
 */
#include "base.h"

#include <stdio.h>
#include <string.h>

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
        /* Valid UTF-8 may still hold controls. In valid UTF-8 a C0 control or
         * DEL is its own byte and a C1 control is C2 80..C2 9F, so bytes tell
         * (no decoding: this runs over every line the command prints). */
        bool any = false;
        for (size_t i = start; i < buf->len && !any; i++) {
            unsigned char c = (unsigned char)buf->data[i];
            any = (c < 0x20 && c != '\n') || c == 0x7F
               || (c == 0xC2 && i + 1 < buf->len && (unsigned char)buf->data[i + 1] <= 0x9F);
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
