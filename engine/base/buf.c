/* buf.c — the growable output buffer renderers write into. */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jx_buf_init(jx_buf *buf)
{
    memset(buf, 0, sizeof *buf);
}

void jx_buf_free(jx_buf *buf)
{
    free(buf->data);
    memset(buf, 0, sizeof *buf);
}

void jx_buf_clear(jx_buf *buf)
{
    buf->len = 0;
    buf->failed = false;
    if (buf->data)
        buf->data[0] = '\0';
}

static bool buf_reserve(jx_buf *buf, size_t extra)
{
    if (buf->failed)
        return false;
    if (extra > SIZE_MAX / 2 - buf->len) {
        buf->failed = true;
        return false;
    }
    size_t want = buf->len + extra + 1;
    if (want <= buf->cap)
        return true;
    size_t cap = buf->cap ? buf->cap : 4096;
    while (cap < want)
        cap *= 2;
    char *data = realloc(buf->data, cap);
    if (data == NULL) {
        buf->failed = true;
        return false;
    }
    buf->data = data;
    buf->cap = cap;
    return true;
}

void jx_buf_append(jx_buf *buf, const char *s, size_t n)
{
    if (!buf_reserve(buf, n))
        return;
    memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
}

void jx_buf_puts(jx_buf *buf, const char *s)
{
    jx_buf_append(buf, s, strlen(s));
}

void jx_buf_printf(jx_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(buf, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

void jx_buf_uint(jx_buf *buf, uint64_t v)
{
    /* Cells are rendered by the million: skip printf's format parsing. */
    char digits[24];
    size_t n = sizeof digits;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    jx_buf_append(buf, digits + n, sizeof digits - n);
}

/*
 * A JSON string that is valid UTF-8 whatever the bytes: controls as \u00XX,
 * a byte that is not UTF-8 (a file name's, say) as the text \xNN, and
 * U+2028/U+2029 escaped so the line is also a JavaScript string.
 */
void jx_buf_json_string(jx_buf *buf, const char *s)
{
    jx_buf_append(buf, "\"", 1);
    if (s == NULL)
        s = "";
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char tmp[12];
        size_t len = 1;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                snprintf(tmp, sizeof tmp, "\\u%04x", c);
                esc = tmp;
            } else if (c >= 0x80) {
                const unsigned char *u = (const unsigned char *)s + i;
                /* Most of a document is three-byte CJK: valid there, nothing to escape. */
                if (c >= 0xE3 && c <= 0xEC && i + 2 < n && (u[1] & 0xC0) == 0x80
                    && (u[2] & 0xC0) == 0x80) {
                    i += 3;
                    continue;
                }
                uint32_t cp;
                len = jx_utf8_next(s + i, n - i, &cp);
                if (cp == 0xFFFD && len == 1)
                    snprintf(tmp, sizeof tmp, "\\\\x%02x", c);
                else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
                    snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
                else
                    tmp[0] = '\0';
                esc = tmp[0] ? tmp : NULL;
            }
        }
        if (esc) {
            jx_buf_append(buf, s + run, i - run);
            jx_buf_puts(buf, esc);
            run = i + len;
        }
        i += len;
    }
    jx_buf_append(buf, s + run, n - run);
    jx_buf_append(buf, "\"", 1);
}
