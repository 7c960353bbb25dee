/*
 * text.h — text as the forms hold it: character classes, the cell normaliser,
 * exact decimals (parsing, checked arithmetic, output). Uses base only.
 */
#ifndef JX_TEXT_H
#define JX_TEXT_H

#include "base.h"

/* ------------------------------------------------------------ decode.c */

/*
 * Decodes a document's bytes to UTF-8 with LF line ends (CRLF and CR are
 * folded). UTF-8 with or without BOM and UTF-16 with BOM are recognised;
 * bytes that are not valid UTF-8 are tried as GB18030, and kept only when
 * they read as Chinese: more than a quarter of unlikely characters (four-byte
 * sequences, private use, GBK extensions) is gibberish. NUL bytes or bytes
 * that fit no encoding give JX_ERR_NOT_TEXT with the reason in err->message.
 * The result is NUL-terminated and allocated in the arena.
 */
jx_status jx_decode(jx_arena *arena, const unsigned char *bytes, size_t size,
                    char **text, size_t *text_len, jx_encoding *encoding,
                    jx_error *err);

/* ------------------------------------------------------------ chars.c */

/*
 * Folds full-width forms to ASCII (U+FF01..U+FF5E, U+3000 ideographic
 * space) and a few look-alikes used as dashes; other code points unchanged.
 */
uint32_t jx_fold_width(uint32_t cp);

bool jx_is_cjk(uint32_t cp);          /* ideographs and CJK punctuation */
bool jx_is_space(uint32_t cp);        /* ASCII and Unicode white space */
bool jx_is_dash_placeholder(const char *norm); /* "—", "——", "--", "-", … */

/* ------------------------------------------------------------ number.c */

/* *sum += v, or *overflow set (and *sum kept) when the result would reach
 * JX_AMOUNT_LIMIT: every running total of amounts, weights or scores adds
 * through here, so none can wrap. */
void jx_sum_add(int64_t *sum, int64_t v, bool *overflow);

/* ------------------------------------------------------------ number.c: output */

/* A decimal with exactly `decimals` decimals; a number as JSON (null unless a value). */
void jx_buf_decimal(jx_buf *buf, int64_t micros, int decimals);
void jx_buf_json_number(jx_buf *buf, const jx_number *num);

/* ------------------------------------------------------------ normalize.c */

/* Normalises one cell's text (see jx_cell.norm); result in the arena. */
const char *jx_cell_normalize(jx_arena *arena, const char *text, size_t len);

/*
 * Normalises a cell's text (see jx_cell.norm) into out, which needs len + 1
 * bytes: no replacement is longer than what it replaces. Returns the length.
 */
size_t jx_normalize_into(const char *text, size_t len, char *out);

/* An unsigned decimal typed by a person (rule sets, templates): digits,
 * optionally '.' and 1..6 digits, optionally '%'; no signs, units, separators
 * or exponents (number.c). */
bool jx_decimal_read_strict(const char *s, int64_t *micros, bool *percent);

#endif /* JX_TEXT_H */
