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

char *jx_buf_room(jx_buf *buf, size_t n)
{
    return buf_reserve(buf, n) ? buf->data + buf->len : NULL;
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
    if (buf->failed)
        return;
    /* Formatted straight into the room the buffer has, which nearly always
     * holds it; only a text that does not fit is formatted again after the
     * buffer grew (the check reports print every finding this way). */
    size_t room = buf->data ? buf->cap - buf->len : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room ? buf->data + buf->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (room) /* vsnprintf may have left a partial text: cut it */
            buf->data[buf->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        if (!buf_reserve(buf, (size_t)n)) {
            if (buf->data)
                buf->data[buf->len] = '\0';
            return;
        }
        va_start(ap, fmt);
        vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    buf->len += (size_t)n;
}

void jx_buf_uint(jx_buf *buf, uint64_t v)
{
    /* Cells are rendered by the million: skip printf's format parsing. */
    char *out = jx_buf_room(buf, 20);
    if (out != NULL)
        jx_buf_wrote(buf, (size_t)(jx_put_uint(out, v) - out));
}

/* ------------------------------------------------------------ JSON strings */

/* The ASCII bytes a JSON string cannot hold as they are: the quote, the
 * backslash, C0 controls and DEL. */
static bool json_ascii_escaped(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c == 0x7F;
}

/* Writes what the byte or character at s[0..len) becomes, when it is escaped
 * (len 0: a byte that is no UTF-8); returns the bytes written, 0 for none. */
static size_t json_escape_at(const unsigned char *s, size_t len, char *out)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char c = s[0];
    if (len == 0) { /* \xNN as text: the string stays valid UTF-8 */
        memcpy(out, "\\\\x", 3);
        out[3] = hex[c >> 4];
        out[4] = hex[c & 0xF];
        return 5;
    }
    uint32_t cp;
    if (len == 1) {
        switch (c) {
        case '"': memcpy(out, "\\\"", 2); return 2;
        case '\\': memcpy(out, "\\\\", 2); return 2;
        case '\n': memcpy(out, "\\n", 2); return 2;
        case '\r': memcpy(out, "\\r", 2); return 2;
        case '\t': memcpy(out, "\\t", 2); return 2;
        default:
            if (!json_ascii_escaped(c))
                return 0;
            cp = c;
        }
    } else if (len == 2 && c == 0xC2 && s[1] <= 0x9F) {
        cp = s[1]; /* a C1 control, U+0080..U+009F */
    } else if (len == 3 && c == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
        cp = s[2] == 0xA8 ? 0x2028 : 0x2029;
    } else {
        return 0;
    }
    memcpy(out, "\\u", 2);
    out[2] = hex[cp >> 12 & 0xF];
    out[3] = hex[cp >> 8 & 0xF];
    out[4] = hex[cp >> 4 & 0xF];
    out[5] = hex[cp & 0xF];
    return 6;
}

/*
 * The loop below copies runs of bytes that need nothing and stops only at
 * what it must look at. A byte's class: 0 passes (printable ASCII, and the
 * continuation bytes a lead byte's check has passed over), 1 is escaped
 * ASCII, 2 starts a three-byte sequence that is most of Chinese text, 3 any
 * other lead or stray byte, checked in full.
 */
static unsigned char json_class(unsigned char c)
{
    if (c < 0x80)
        return json_ascii_escaped(c) ? 1 : 0;
    return c >= 0xE3 && c <= 0xE9 ? 2 : 3;
}

size_t jx_json_escape_into(char *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    char *o = out;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        size_t len = 1;
        for (;;) {
            if (i == n)
                break;
            unsigned char k = json_class(s[i]);
            if (k == 0) {
                i++;
                continue;
            }
            /* U+3000..U+9FFF: no control, no line separator, never overlong. */
            if (k == 2) {
                size_t past = jx_three_byte_run(s, i, n, 0xE3, 0xE9);
                if (past > i) {
                    i = past;
                    continue;
                }
            }
            if (k == 1)
                break;
            len = jx_utf8_sequence(s + i, n - i);
            if (len == 0 || (s[i] == 0xC2 && s[i + 1] <= 0x9F)
                || (s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)))
                break;
            i += len;
        }
        memcpy(o, s + run, i - run);
        o += i - run;
        if (i == n)
            break;
        if (s[i] < 0x80)
            len = 1;
        o += json_escape_at(s + i, len, o);
        i += len ? len : 1;
    }
    return (size_t)(o - out);
}

/* Input bytes escaped per reservation: the output of one piece is at most
 * six times as long, so a long text is not reserved for all at once. */
#define JSON_PIECE 4096

/*
 * A JSON string that is valid UTF-8 whatever the bytes: controls as \u00XX,
 * a byte that is not UTF-8 (a file name's, say) as the text \xNN, and
 * U+2028/U+2029 escaped so the line is also a JavaScript string. Every cell
 * of a document comes through here (or jx_json_escape_into): it writes into
 * the buffer's room directly, copying the runs that need nothing at once.
 */
void jx_buf_json_string(jx_buf *buf, const char *str)
{
    const char *s = str ? str : "";
    size_t n = strlen(s), i = 0;
    char *out = jx_buf_room(buf, 1);
    if (out == NULL)
        return;
    *out = '"';
    jx_buf_wrote(buf, 1);
    while (i < n) {
        /* A piece ends before a character, never inside one: a sequence is
         * at most four bytes, so a lead byte that could begin one holding
         * s[end] is at most three bytes back; without one, no character
         * holds both s[end - 1] and s[end]. */
        size_t end = n - i > JSON_PIECE ? i + JSON_PIECE : n;
        if (end < n) {
            size_t b = end;
            while (b > end - 3 && ((unsigned char)s[b] & 0xC0) == 0x80)
                b--;
            if (((unsigned char)s[b] & 0xC0) != 0x80)
                end = b;
        }
        out = jx_buf_room(buf, 6 * (end - i));
        if (out == NULL)
            return;
        jx_buf_wrote(buf, jx_json_escape_into(out, s + i, end - i));
        i = end;
    }
    JX_BUF_LIT(buf, "\"");
}
