/* decode.c — a document's bytes to UTF-8 text with LF line ends. */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* What one decoder produced; copied to the caller's out-parameters on success. */
typedef struct {
    char *text;
    size_t len;
    jx_encoding encoding;
    /* The caller's malloc'd bytes when it offers them (jx_decode_owned):
     * UTF-8 is then decoded in place, and the block becomes the arena's. */
    unsigned char *owned;
    bool adopted;
} jx_decoded;

const char *jx_encoding_name(jx_encoding encoding)
{
    switch (encoding) {
    case JX_ENC_UTF8:     return "utf-8";
    case JX_ENC_UTF8_BOM: return "utf-8-bom";
    case JX_ENC_UTF16LE:  return "utf-16le";
    case JX_ENC_UTF16BE:  return "utf-16be";
    case JX_ENC_GB18030:  return "gb18030";
    }
    return "unknown";
}

const char *jx_encoding_note(jx_encoding encoding)
{
    switch (encoding) {
    case JX_ENC_UTF8:     return "";
    case JX_ENC_UTF8_BOM:
    case JX_ENC_UTF16LE:
    case JX_ENC_UTF16BE:  return "declared by a byte-order mark";
    case JX_ENC_GB18030:  return "assumed: not valid UTF-8";
    }
    return "";
}

/* ------------------------------------------------------------ final text */

static bool is_allowed_control(unsigned char c)
{
    return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Bytes below 0x20 other than the line and page controls: what binary holds. */
static bool is_stray_control(unsigned char c)
{
    return c < 0x20 && !is_allowed_control(c);
}

/* Whether some byte of the eight in `word` is below 0x20 (exact: a borrow
 * from a lower byte flags a higher one only when the lower one is flagged). */
static bool word_has_control(uint64_t word)
{
    return ((word - 0x2020202020202020u) & ~word & 0x8080808080808080u) != 0;
}

/* The stray controls of s[0..n), looked for eight bytes at a time. */
static size_t stray_controls(const char *s, size_t n)
{
    size_t controls = 0, i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (word_has_control(word))
            for (size_t k = 0; k < 8; k++)
                controls += is_stray_control((unsigned char)s[i + k]);
    }
    for (; i < n; i++)
        controls += is_stray_control((unsigned char)s[i]);
    return controls;
}

/*
 * Text extracted from PDFs carries the odd stray control character, so one
 * is tolerated; a document where they exceed 1% of the characters is binary.
 * `s` is valid UTF-8, so counting non-continuation bytes counts characters.
 * `controls` is the count of stray controls (stray_controls, or the UTF-8
 * validation's): nearly every document has none, and its characters are
 * counted only when it has some.
 */
static bool looks_binary(const char *s, size_t n, size_t controls)
{
    if (controls == 0)
        return false;
    uint64_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return (uint64_t)controls * 100 > chars;
}

/* Copies src into dst folding CRLF and lone CR to LF; returns the new length.
 * The runs between CRs (all of a file with LF line ends) are copied at once.
 * dst may be src: folding never moves a byte forward. */
static size_t fold_line_ends(char *dst, const char *src, size_t n)
{
    size_t o = 0, i = 0;
    while (i < n) {
        const char *cr = memchr(src + i, '\r', n - i);
        size_t run = cr ? (size_t)(cr - (src + i)) : n - i;
        if (dst + o != src + i)
            memmove(dst + o, src + i, run);
        o += run;
        i += run;
        if (cr == NULL)
            break;
        dst[o++] = '\n';
        i += i + 1 < n && src[i + 1] == '\n' ? 2 : 1;
    }
    dst[o] = '\0';
    return o;
}

/* Every decoder ends here: valid UTF-8 in, arena copy with LF line ends out.
 * UTF-8 the caller offered (out->owned) is folded where it lies instead, and
 * the arena takes its block: no copy of a document's text is made. */
static jx_status emit(jx_arena *arena, const char *src, size_t n, size_t controls,
                      jx_encoding encoding, jx_decoded *out, jx_error *err)
{
    if (looks_binary(src, n, controls)) {
        jx_error_set(err, JX_ERR_NOT_TEXT, 0, "control characters: not text");
        return JX_ERR_NOT_TEXT;
    }
    if (out->owned != NULL) { /* src lies in it: only the UTF-8 path keeps it set */
        if (!jx_arena_adopt(arena, out->owned)) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory decoding %zu bytes", n);
            return JX_ERR_NOMEM;
        }
        out->adopted = true;
        out->text = (char *)src; /* the caller's bytes are ours now */
        out->len = fold_line_ends(out->text, src, n);
        out->encoding = encoding;
        return JX_OK;
    }
    char *text = jx_arena_chars(arena, n + 1); /* folding never grows text */
    if (text == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory decoding %zu bytes", n);
        return JX_ERR_NOMEM;
    }
    out->len = fold_line_ends(text, src, n);
    out->text = text;
    out->encoding = encoding;
    return JX_OK;
}

/* ------------------------------------------------------------ UTF-16 */

static uint32_t utf16_unit(const unsigned char *p, bool big_endian)
{
    return big_endian ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

/*
 * Decodes n bytes of UTF-16 (n even) into dst, which has room for 3 bytes
 * per code unit. `base` is the offset of `in` in the file, for messages.
 */
static jx_status utf16_to_utf8(const unsigned char *in, size_t n,
                               bool big_endian, size_t base, char *dst,
                               size_t *dst_len, jx_error *err)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 2) {
        uint32_t cp = utf16_unit(in + i, big_endian);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 4 <= n) {
            uint32_t low = utf16_unit(in + i + 2, big_endian);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                         "unpaired UTF-16 surrogate at offset %zu", base + i);
            return JX_ERR_NOT_TEXT;
        }
        if (cp == 0) {
            jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                         "NUL character (U+0000) at offset %zu", base + i);
            return JX_ERR_NOT_TEXT;
        }
        o += jx_utf8_put(dst + o, cp);
    }
    *dst_len = o;
    return JX_OK;
}

static jx_status decode_utf16(jx_arena *arena, const unsigned char *in,
                              size_t n, bool big_endian, jx_decoded *out,
                              jx_error *err)
{
    const size_t base = 2; /* the BOM */
    jx_encoding encoding = big_endian ? JX_ENC_UTF16BE : JX_ENC_UTF16LE;
    if (n % 2 != 0) {
        jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                     "odd byte count (%zu) for %s", base + n,
                     jx_encoding_name(encoding));
        return JX_ERR_NOT_TEXT;
    }
    /* A BMP code unit takes at most 3 UTF-8 bytes; a pair of units, 4. */
    char *utf8 = malloc(n / 2 * 3 + 1);
    if (utf8 == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory decoding %zu bytes", n);
        return JX_ERR_NOMEM;
    }
    size_t len = 0;
    jx_status st = utf16_to_utf8(in, n, big_endian, base, utf8, &len, err);
    out->owned = NULL; /* the text is in utf8, a buffer of this function's */
    if (st == JX_OK)
        st = emit(arena, utf8, len, stray_controls(utf8, len), encoding, out, err);
    free(utf8);
    return st;
}

/* ------------------------------------------------------------ GB18030 */

/* Outcome of one iconv run, so the caller can word the message. */
typedef enum { GB_OK, GB_BAD_INPUT, GB_NO_CONVERTER, GB_NOMEM } gb_result;

/* Doubles a malloc'd buffer; on failure the old buffer is left to the caller. */
static bool grow(char **buf, size_t *cap)
{
    if (*cap > SIZE_MAX / 2)
        return false;
    char *bigger = realloc(*buf, *cap * 2);
    if (bigger == NULL)
        return false;
    *buf = bigger;
    *cap *= 2;
    return true;
}

/*
 * Runs iconv over all of `in` into a malloc'd buffer. GB18030 needs at most
 * 1.5 output bytes per input byte; growing on E2BIG is only a safety net.
 * On GB_BAD_INPUT, *bad is the offset of the offending sequence.
 */
static gb_result iconv_all(iconv_t cd, const unsigned char *in, size_t n,
                           char **out, size_t *out_len, size_t *bad)
{
    size_t cap = n + n / 2 + 16, used = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return GB_NOMEM;
    char *inp = (char *)in; /* iconv's signature is not const; it only reads */
    size_t inleft = n;
    for (;;) {
        char *outp = buf + used;
        size_t outleft = cap - used;
        size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
        used = (size_t)(outp - buf);
        if (r != (size_t)-1)
            break; /* all consumed; GB18030 is stateless, nothing to flush */
        if (errno != E2BIG) { /* EILSEQ, or EINVAL: truncated at the end */
            *bad = (size_t)(inp - (char *)in);
            free(buf);
            return GB_BAD_INPUT;
        }
        if (!grow(&buf, &cap)) {
            free(buf);
            return GB_NOMEM;
        }
    }
    *out = buf;
    *out_len = used;
    return GB_OK;
}

static gb_result gb18030_to_utf8(const unsigned char *in, size_t n,
                                 char **out, size_t *out_len, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return GB_NO_CONVERTER;
    gb_result result = iconv_all(cd, in, n, out, out_len, bad);
    iconv_close(cd);
    return result;
}

/*
 * Any bytes that are not UTF-8 may happen to decode as GB18030, whose
 * two-byte space is dense: Latin-1 "Müller" (FC 6C), Big5 or random bytes
 * come out as rare ideographs and private-use characters. Chinese text in
 * GB18030 is ASCII plus GB2312 (both bytes 0xA1..0xFE: common hanzi, CJK
 * punctuation, full-width forms, the symbols of rows 1..9). So a non-ASCII
 * character is unlikely when it is
 *   - a four-byte sequence (outside GBK: supplementary planes, scripts a
 *     Chinese form never uses),
 *   - a private-use code point (GBK's user-defined areas, unassigned cells),
 *   - a two-byte sequence outside GB2312 (a GBK extension: traditional and
 *     rare ideographs; a trail byte below 0xA1 is also what a Latin-1 letter
 *     followed by ASCII becomes).
 * The five seed documents converted to GB18030 have 2 unlikely characters
 * (〇, 決) in about 63 000; Latin-1 text has nearly all of them unlikely,
 * Big5 about 60%, random two-byte pairs about 70%. More than a quarter is
 * refused: a hundred times what real text shows, and well under gibberish.
 */
#define GB_UNLIKELY_SHARE_DENOMINATOR 4 /* refuse when unlikely × 4 > characters */

/* Whether the non-ASCII character at in[0..len) (len 2 or 4), decoded as cp, is unlikely. */
static bool gb_unlikely(const unsigned char *in, size_t len, uint32_t cp)
{
    if (len != 2)
        return true;
    if (cp >= 0xE000 && cp <= 0xF8FF)
        return true;
    return in[0] < 0xA1 || in[0] > 0xF7 || in[1] < 0xA1;
}

/*
 * Walks the GB18030 bytes (known to be valid) and their UTF-8 decoding in
 * step, one character each, and refuses text whose non-ASCII characters are
 * mostly unlikely.
 */
static jx_status plausible_gb18030(const unsigned char *in, size_t n, const char *utf8,
                                   size_t utf8_len, jx_error *err)
{
    size_t chars = 0, unlikely = 0, o = 0;
    for (size_t i = 0; i < n && o < utf8_len;) {
        uint32_t cp;
        o += jx_utf8_next(utf8 + o, utf8_len - o, &cp);
        if (in[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = i + 1 < n && in[i + 1] >= 0x30 && in[i + 1] <= 0x39 ? 4 : 2;
        if (len > n - i)
            len = n - i;
        chars++;
        unlikely += gb_unlikely(in + i, len, cp);
        i += len;
    }
    if (unlikely * GB_UNLIKELY_SHARE_DENOMINATOR <= chars)
        return JX_OK;
    jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                 "neither UTF-8 nor plausible GB18030: %zu of %zu non-ASCII characters unlikely",
                 unlikely, chars);
    return JX_ERR_NOT_TEXT;
}

/* The fallback for bytes that are not UTF-8; utf8_bad is where UTF-8 failed. */
static jx_status decode_gb18030(jx_arena *arena, const unsigned char *in,
                                size_t n, size_t utf8_bad, jx_decoded *out,
                                jx_error *err)
{
    char *utf8 = NULL;
    size_t len = 0, gb_bad = 0;
    switch (gb18030_to_utf8(in, n, &utf8, &len, &gb_bad)) {
    case GB_OK:
        break;
    case GB_BAD_INPUT:
        jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                     "invalid UTF-8 at offset %zu and not GB18030 at offset %zu",
                     utf8_bad, gb_bad);
        return JX_ERR_NOT_TEXT;
    case GB_NO_CONVERTER:
        jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                     "invalid UTF-8 at offset %zu and no GB18030 converter",
                     utf8_bad);
        return JX_ERR_NOT_TEXT;
    case GB_NOMEM:
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory decoding %zu bytes", n);
        return JX_ERR_NOMEM;
    }
    jx_status st = plausible_gb18030(in, n, utf8, len, err);
    out->owned = NULL; /* the text is in utf8, a buffer of this function's */
    if (st == JX_OK)
        st = emit(arena, utf8, len, stray_controls(utf8, len), JX_ENC_GB18030, out, err);
    free(utf8);
    return st;
}

/* ------------------------------------------------------------ UTF-8 */

/*
 * UTF-8 with or without a BOM (`base` is 3 or 0, the offset of `in` in the
 * file). A NUL byte means binary whatever the encoding, so it is checked
 * first. Without a BOM, bytes that are not UTF-8 are tried as GB18030; with
 * one, the file has said what it is and is refused instead.
 */
static jx_status decode_utf8(jx_arena *arena, const unsigned char *in,
                             size_t n, size_t base, jx_decoded *out,
                             jx_error *err)
{
    const unsigned char *nul = memchr(in, '\0', n);
    if (nul != NULL) {
        jx_error_set(err, JX_ERR_NOT_TEXT, 0, "NUL byte at offset %zu",
                     base + (size_t)(nul - in));
        return JX_ERR_NOT_TEXT;
    }
    size_t bad = 0, controls = 0;
    if (jx_utf8_scan(in, n, &bad, &controls))
        return emit(arena, (const char *)in, n, controls,
                    base ? JX_ENC_UTF8_BOM : JX_ENC_UTF8, out, err);
    if (base == 0)
        return decode_gb18030(arena, in, n, bad, out, err);
    jx_error_set(err, JX_ERR_NOT_TEXT, 0,
                 "invalid UTF-8 at offset %zu after a UTF-8 BOM", base + bad);
    return JX_ERR_NOT_TEXT;
}

/* ------------------------------------------------------------ entry */

static bool has_prefix(const unsigned char *bytes, size_t size,
                       const char *prefix, size_t len)
{
    return size >= len && memcmp(bytes, prefix, len) == 0;
}

static jx_status decode_any(jx_arena *arena, const unsigned char *bytes,
                            size_t size, jx_decoded *out, jx_error *err)
{
    if (has_prefix(bytes, size, "\xEF\xBB\xBF", 3))
        return decode_utf8(arena, bytes + 3, size - 3, 3, out, err);
    if (has_prefix(bytes, size, "\xFF\xFE", 2))
        return decode_utf16(arena, bytes + 2, size - 2, false, out, err);
    if (has_prefix(bytes, size, "\xFE\xFF", 2))
        return decode_utf16(arena, bytes + 2, size - 2, true, out, err);
    return decode_utf8(arena, bytes, size, 0, out, err);
}

static jx_status decode(jx_arena *arena, const unsigned char *bytes, size_t size, char **text,
                        size_t *text_len, jx_encoding *encoding, jx_decoded *out, jx_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
    if (text == NULL || (bytes == NULL && size > 0)) {
        jx_error_set(err, JX_ERR_IO, 0, "jx_decode: no input or no output");
        return JX_ERR_IO;
    }
    *text = NULL;
    if (text_len != NULL)
        *text_len = 0;
    if (encoding != NULL)
        *encoding = JX_ENC_UTF8;
    if (size > JX_MAX_INPUT_BYTES) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0,
                     "%zu bytes, more than the limit of %zu", size,
                     JX_MAX_INPUT_BYTES);
        return JX_ERR_TOO_LARGE;
    }
    /* An empty file goes through the UTF-8 path: bytes may be NULL then. */
    static const unsigned char empty[1] = {0};
    if (size == 0)
        out->owned = NULL;
    jx_status st = decode_any(arena, size ? bytes : empty, size, out, err);
    if (st != JX_OK)
        return st;
    *text = out->text;
    if (text_len != NULL)
        *text_len = out->len;
    if (encoding != NULL)
        *encoding = out->encoding;
    return JX_OK;
}

jx_status jx_decode(jx_arena *arena, const unsigned char *bytes, size_t size,
                    char **text, size_t *text_len, jx_encoding *encoding,
                    jx_error *err)
{
    jx_decoded out = {NULL, 0, JX_ENC_UTF8, NULL, false};
    return decode(arena, bytes, size, text, text_len, encoding, &out, err);
}

jx_status jx_decode_owned(jx_arena *arena, unsigned char *bytes, size_t size, char **text,
                          size_t *text_len, jx_encoding *encoding, bool *adopted,
                          jx_error *err)
{
    jx_decoded out = {NULL, 0, JX_ENC_UTF8, bytes, false};
    jx_status st = decode(arena, bytes, size, text, text_len, encoding, &out, err);
    *adopted = out.adopted;
    return st;
}
