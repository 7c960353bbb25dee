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

/*
 * jx_decode of bytes the caller malloc'd and gives up if they serve: with a
 * writable byte after the `size` (jx_read_file's NUL), UTF-8 is decoded in
 * place and the block becomes the arena's (*adopted; the caller must not
 * free it then). A document's text is then never copied.
 */
jx_status jx_decode_owned(jx_arena *arena, unsigned char *bytes, size_t size, char **text,
                          size_t *text_len, jx_encoding *encoding, bool *adopted,
                          jx_error *err);

/* ------------------------------------------------------------ chars.c */

/*
 * Folds full-width forms to ASCII (U+FF01..U+FF5E, U+3000 ideographic
 * space) and a few look-alikes used as dashes; other code points unchanged.
 */
uint32_t jx_fold_width(uint32_t cp);

bool jx_is_cjk(uint32_t cp);          /* ideographs and CJK punctuation */
bool jx_is_ideograph(uint32_t cp);    /* ideographs only: what a reading follows */
bool jx_is_dash_placeholder(const char *norm); /* "—", "——", "--", "-", … */
/* The length of the Chinese numeral 一 … 十 s starts with (an outline's
 * marker: 三、, (十二)), 0 for none. */
size_t jx_numeral_length(const char *s);

/* ASCII and Unicode white space. Inline: the normaliser asks it of every
 * character it does not copy straight through. */
static inline bool jx_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r'); /* TAB LF VT FF CR */
    return cp == 0x00A0 || cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B)
        || cp == 0x202F || cp == 0x205F;
}

/* ------------------------------------------------------------ number.c */

/* *sum += v, or *overflow set (and *sum kept) when the result would reach
 * JX_AMOUNT_LIMIT: every running total of amounts, weights or scores adds
 * through here, so none can wrap. */
void jx_sum_add(int64_t *sum, int64_t v, bool *overflow);

/* The i-th spelling of a comparator the number grammar reads (">=", "不低于"),
 * NULL past the last: for the tests, which check each is read. */
const char *jx_comparator_spelling(size_t i);

/* ------------------------------------------------------------ number.c: output */

/* A decimal with exactly `decimals` decimals; a number as JSON (null unless a value). */
void jx_buf_decimal(jx_buf *buf, int64_t micros, int decimals);
/* The longest decimal written: a sign, 20 digits, a point and 6 decimals. */
#define JX_DECIMAL_TEXT_MAX 32
/* The same into out (JX_DECIMAL_TEXT_MAX bytes, no NUL); returns the length. */
size_t jx_decimal_text(char *out, int64_t micros, int decimals);
void jx_buf_json_number(jx_buf *buf, const jx_number *num);

/* ------------------------------------------------------------ pinyin.c */

/*
 * The length of a pinyin reading at s, which starts just after its opening
 * bracket: one lower-case syllable with a tone mark and the closing ) or ）
 * ("xiàng)" → 7 bytes); 0 when s holds anything else (A), (万元), (m).
 */
size_t jx_pinyin_annotation_length(const char *s, size_t avail);

/* ------------------------------------------------------------ simplify.c */

/*
 * A traditional character's simplified form (項 → 项, 績 → 绩), from OpenCC's
 * table (forms/t2s.tsv, compiled in as t2s_table.c); other code points
 * unchanged. Never longer in UTF-8 than cp.
 */
static inline uint32_t jx_simplify(uint32_t cp);

/* The generated table (build-aux/embed_t2s.sh): the BMP indexed from
 * JX_T2S_BMP_FIRST (0 for a character that stays), and the characters
 * beyond the BMP as pairs sorted by their traditional code point. */
#define JX_T2S_BMP_FIRST 0x3400u
typedef struct {
    uint32_t traditional, simplified;
} jx_t2s_pair;
extern JX_HIDDEN const uint16_t jx_t2s_bmp[];
extern JX_HIDDEN const size_t jx_t2s_bmp_count;
extern JX_HIDDEN const jx_t2s_pair jx_t2s_astral[];
extern JX_HIDDEN const size_t jx_t2s_astral_count;

/* jx_simplify beyond the BMP: a binary search of the pairs (simplify.c). */
uint32_t jx_simplify_astral(uint32_t cp);

static inline uint32_t jx_simplify(uint32_t cp)
{
    /* Every CJK character of every cell comes through here: the BMP, where
     * nearly all of them are, is one index into the table. */
    if (cp < 0x10000) {
        uint32_t at = cp - JX_T2S_BMP_FIRST; /* wraps below the table: too large */
        if (at < jx_t2s_bmp_count && jx_t2s_bmp[at] != 0)
            return jx_t2s_bmp[at];
        return cp;
    }
    return jx_simplify_astral(cp);
}

/* ------------------------------------------------------------ normalize.c */

/* Normalises one cell's text (see jx_cell.norm); result in the arena. */
const char *jx_cell_normalize(jx_arena *arena, const char *text, size_t len);

/* The norm of a cell whose text is `text` (len bytes and a NUL, kept as long
 * as the norm is): the text itself when normalising changes nothing, as for
 * most cells, else a copy in the arena. */
const char *jx_cell_norm_of(jx_arena *arena, const char *text, size_t len);

/* The same in the characters printed: traditional characters and pinyin
 * readings stay. A table's title is quoted so (jx_table.title), and matched
 * in its normalised form (jx_table.title_norm). */
const char *jx_cell_tidy(jx_arena *arena, const char *text, size_t len);

/*
 * Normalises a cell's text (see jx_cell.norm) into out, which needs len + 1
 * bytes: no replacement is longer than what it replaces. Returns the length.
 */
size_t jx_normalize_into(const char *text, size_t len, char *out);
/* Whether every character of text[0..len) is one the normaliser writes as it
 * is wherever it stands (plain ASCII, characters no table folds, no spaces):
 * then normalising gives the text itself, or "" for a run of dashes. */
bool jx_takes_fast_paths(const char *text, size_t len);
/* jx_cell_tidy into out (len + 1 bytes): a cell shown without the markup of
 * a web page or markdown, in the characters printed. */
size_t jx_tidy_into(const char *text, size_t len, char *out);

/* An unsigned decimal typed by a person (rule sets, templates): digits,
 * optionally '.' and 1..6 digits, optionally '%'; no signs, units, separators
 * or exponents (number.c). */
bool jx_decimal_read_strict(const char *s, int64_t *micros, bool *percent);

/* ------------------------------------------------------------ forms.c */

/*
 * The vocabulary of the forms (forms/NAME.ini): per block and role, the words a
 * cell is compared with. The files are compiled into the library
 * (forms_builtin.c, generated by the Makefile from forms/NAME.ini); a caller may
 * pass forms read from a folder instead (jx_forms_load, $JIXIAO_FORMS).
 * A jx_forms is immutable once read; its words live in its arena.
 */
typedef enum { JX_MATCH_EXACT, JX_MATCH_PREFIX, JX_MATCH_SUFFIX, JX_MATCH_CONTAINS } jx_match;

typedef struct {
    const char *word;
    size_t len;
    jx_match how; /* word, word*, *word or *word* in the file */
} jx_form_word;

/* A list's words, in file order, and what settles most comparisons at once:
 * the first characters of its `word` and `word*` words, as bits of a key
 * (forms.c), and where its other words (`*word`, `*word*`, found elsewhere
 * in a cell) stand among them. Kept by the reader as it adds words. */
typedef struct {
    const jx_form_word *words;
    size_t n;
    uint64_t heads[4];
    const uint32_t *anywhere; /* indices into words */
    size_t nanywhere;
} jx_word_list;

/* Every list the library reads, by file, section and key (forms.def). */
typedef enum {
#define JX_FORM_LIST(id, file, section, key) JX_FW_##id,
#include "forms.def"
    JX_FW_COUNT
} jx_form_list;

struct jx_forms {
    jx_arena *arena; /* owns the words; jx_forms_free frees it */
    jx_word_list lists[JX_FW_COUNT];
};

/*
 * The key of the first character of s in a list's filter: a text that
 * starts with a word starts with the word's first character (its bytes up to
 * three; words are UTF-8), so it has the word's key.
 */
static inline unsigned jx_forms_head_key(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0xC0 || u[1] == '\0')
        return u[0];
    if (u[0] < 0xE0 || u[2] == '\0')
        return (u[0] * 31u + u[1]) & 255;
    return (u[0] * 961u + u[1] * 31u + u[2]) & 255;
}

/* jx_forms_match past its filter: head says whether norm's first character
 * is one a `word` or `word*` of the list starts with. */
bool jx_forms_match_words(const jx_word_list *l, const char *norm, bool head);

/* Whether norm is one of the list's words (each by its own mode). Inline for
 * the filter, which settles most of the many calls (every cell is compared
 * with several lists): no word of the list starts as norm does, and the list
 * has no `*word` or `*word*`. */
static inline bool jx_forms_match(const jx_forms *forms, jx_form_list list, const char *norm)
{
    const jx_word_list *l = &forms->lists[list];
    unsigned key = jx_forms_head_key(norm);
    bool head = (l->heads[key >> 6] >> (key & 63) & 1) != 0;
    if (!head && l->nanywhere == 0)
        return false;
    return jx_forms_match_words(l, norm, head);
}

/* The length of the first of the list's `word` or `word*` words that norm starts
 * with, 0 for none: where the text after a label (单位:万元) begins. */
size_t jx_forms_prefix(const jx_forms *forms, jx_form_list list, const char *norm);
/* Whether norm holds the characters of one of the list's words (four or more
 * distinct ones) in another order: OCR of a header cell printed on two lines
 * interleaves them (全年完成值 read as 年成值全完值). A last resort, for a
 * column no word names. */
bool jx_forms_match_scrambled(const jx_forms *forms, jx_form_list list, const char *norm);

/* Reads the built-in forms into *out, words in arena (the caller's: a document's). */
jx_status jx_forms_builtin(jx_arena *arena, jx_forms *out, jx_error *err);

/* The files compiled in: forms/NAME.ini's text (generated forms_builtin.c). */
typedef struct {
    const char *name;
    const char *text;
} jx_forms_file;
extern const jx_forms_file jx_forms_builtin_files[];
extern const size_t jx_forms_builtin_count;

#endif /* JX_TEXT_H */
