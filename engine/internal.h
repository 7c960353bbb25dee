/*
 * Declarations shared between the library's files; not part of the API.
 */
#ifndef JX_INTERNAL_H
#define JX_INTERNAL_H

#include "jixiao.h"

#include <stdarg.h>

/* ------------------------------------------------------------ text.c: UTF-8 */

/*
 * Decodes one code point at s (at most `avail` bytes). Returns its length in
 * bytes (1..4) and stores it in *cp; an invalid sequence yields U+FFFD and a
 * length of 1, so a scanner always advances.
 */
size_t jx_utf8_next(const char *s, size_t avail, uint32_t *cp);

/* Encodes cp into out (room for 4 bytes); returns the length. */
size_t jx_utf8_put(char *out, uint32_t cp);

/* Cuts a character that truncation left incomplete at the end of s. */
void jx_utf8_trim_partial(char *s);

/* Whether [s, s+n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool jx_utf8_valid(const unsigned char *s, size_t n, size_t *bad_offset);

/*
 * Folds full-width forms to ASCII (U+FF01..U+FF5E, U+3000 ideographic
 * space) and a few look-alikes used as dashes; other code points unchanged.
 */
uint32_t jx_fold_width(uint32_t cp);

bool jx_is_cjk(uint32_t cp);          /* ideographs and CJK punctuation */
bool jx_is_space(uint32_t cp);        /* ASCII and Unicode white space */
bool jx_is_dash_placeholder(const char *norm); /* "—", "——", "--", "-", … */

/* ------------------------------------------------------------ arena.c */

/*
 * Grows a malloc'd array to hold `need` items of `size` bytes, doubling its
 * capacity. Returns the array (moved, maybe) or NULL when memory runs out,
 * in which case the old array and *cap are left as they were.
 */
void *jx_grow(void *items, size_t *cap, size_t need, size_t size);

/* ------------------------------------------------------------ number.c */

/* *sum += v, or *overflow set (and *sum kept) when the result would reach
 * JX_AMOUNT_LIMIT: every running total of amounts, weights or scores adds
 * through here, so none can wrap. */
void jx_sum_add(int64_t *sum, int64_t v, bool *overflow);

/* ------------------------------------------------------------ ptrmap.c */

/* Pointer → index, open addressing; zero-initialise, then put and get. */
typedef struct {
    const void *key;
    size_t value;
} jx_ptrmap_entry;

typedef struct {
    jx_ptrmap_entry *slots;
    size_t cap, count;
} jx_ptrmap;

bool jx_ptrmap_put(jx_ptrmap *m, const void *key, size_t value); /* false: no memory */
bool jx_ptrmap_get(const jx_ptrmap *m, const void *key, size_t *value);
void jx_ptrmap_free(jx_ptrmap *m);

/* ------------------------------------------------------------ buf.c */

/* A decimal with exactly `decimals` decimals; a number as JSON (null unless a value). */
void jx_buf_decimal(jx_buf *buf, int64_t micros, int decimals);
void jx_buf_json_number(jx_buf *buf, const jx_number *num);

/* Escapes, in place, what a terminal must not receive in buf[start..]: a
 * text renderer's last step (see JX_TEXT_TERMINAL). */
void jx_buf_escape_from(jx_buf *buf, size_t start);

/* ------------------------------------------------------------ error helpers */

void jx_error_set(jx_error *err, jx_status status, uint32_t line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ------------------------------------------------------------ document.c: files */

/*
 * The one way the library reads a file (documents, rule sets, templates):
 * refuses what is not a regular file ("is a directory", "not a regular file
 * (a FIFO)"), opening it with O_NONBLOCK so a FIFO cannot hang the read;
 * refuses a file larger than `limit` by its size, before reading a byte; and
 * reads at most limit + 1 bytes, so a file that grows while read is refused
 * too (JX_ERR_TOO_LARGE). *bytes is malloc'd with a NUL after *size bytes.
 * Messages do not name the path: the caller does.
 */
jx_status jx_read_file(const char *path, size_t limit, unsigned char **bytes, size_t *size,
                       jx_error *err);

/* ------------------------------------------------------------ grid.c */

/*
 * Normalises a cell's text (see jx_cell.norm) into out, which needs len + 1
 * bytes: no replacement is longer than what it replaces. Returns the length.
 */
size_t jx_normalize_into(const char *text, size_t len, char *out);

/* Growable arrays allocated with malloc, handed to the arena when done. */
typedef struct {
    jx_row *rows;
    size_t nrows, cap;
} jx_row_list;

bool jx_row_list_push(jx_row_list *list, const jx_row *row);

/* Splits one source line into cells (TAB, or |pipe| markdown rows). */
bool jx_grid_split_line(jx_arena *arena, const char *line, size_t len,
                        uint32_t lineno, char separator, jx_row *row);

/* Whether a source line is a table row (contains a TAB, or is a |pipe| row). */
bool jx_line_is_row(const char *line, size_t len, char *separator);

/* After rows are final: a lone 一 in a column that holds numbers is a dash. */
void jx_grid_finish(jx_arena *arena, jx_grid *grid);

/* Parses RFC 4180 CSV (or TSV) text as one grid. */
jx_status jx_grid_from_delimited(jx_arena *arena, const char *text, size_t len,
                                 char separator, jx_grid *grid, jx_error *err);

/* ------------------------------------------------------------ segment.c */

/* Finds the tables of a text document (doc->lines set). */
jx_status jx_segment(jx_document *doc, jx_error *err);

/* Makes a CSV/TSV grid the document's one table. */
jx_status jx_segment_delimited(jx_document *doc, const jx_grid *grid, jx_error *err);

/* ------------------------------------------------------------ scorecard.c */

/* Builds the scorecard model of a scorecard or target table (no-op otherwise). */
jx_status jx_scorecard_build(jx_arena *arena, jx_table *table);

/* ------------------------------------------------------------ evaluate.c */

/*
 * Adds a finding to a report (counted for `card` too when given); NULL when
 * memory runs out (report->failed is set). The checks of every file use it.
 */
jx_finding *jx_report_add(jx_report *report, jx_card_result *card, const jx_table *table,
                          const char *code, jx_severity severity, uint32_t line,
                          const jx_cell *cell, const char *row, const char *column);
void jx_finding_computed(jx_finding *f, int64_t micros, int decimals, bool percent);

/*
 * Whether a sum of `items` printed amounts may miss its printed total by
 * `diff` through rounding alone (a tail, 尾差): an info, not an error.
 */
bool jx_rounding_tail(const jx_rules *rules, int64_t diff, size_t items);

/* The execution score a rule set gives a weight at a rate (percent micros). */
int64_t jx_execution_score(const jx_rules *rules, int64_t weight, int64_t rate_pct);
void jx_finding_message(jx_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------ classify.c */

jx_table_kind jx_classify_table(const jx_table *table);

/* ------------------------------------------------------------ ini.c */

/*
 * Strict INI reading for rule sets and templates: inih fed by our own line
 * source, which counts lines (Debian's inih has no INI_HANDLER_LINENO),
 * drops indentation, hides comments, checks section headers and stops at
 * the first error. Errors are JX_ERR_FORMAT with the line, never the path.
 */
#define JX_INI_MAX_SECTIONS 16

typedef enum {
    JX_INI_KEY_OK,
    JX_INI_KEY_FAILED,  /* the handler reported the error with jx_ini_fail */
    JX_INI_KEY_UNKNOWN  /* the reader reports "unknown key 'k' in [s]" */
} jx_ini_key_result;

/* One key of the section with id `section` (from find_section). */
typedef jx_ini_key_result (*jx_ini_key_handler)(void *user, int section, const char *key,
                                                const char *value);

typedef struct {
    int (*find_section)(const char *name); /* 0 .. JX_INI_MAX_SECTIONS-1, -1 if unknown */
    jx_ini_key_handler on_key;
    void *user;
    jx_error *err;
    /* Kept by jx_ini_run: */
    bool failed;
    const char *next;                            /* the rest of the text */
    uint32_t line;                               /* the line last handed to inih */
    uint32_t section_line[JX_INI_MAX_SECTIONS];  /* where each section starts; 0: absent */
} jx_ini;

/* Reads text (checked with jx_ini_check_text) key by key into ini->on_key. */
jx_status jx_ini_run(jx_ini *ini, const char *text);

/* Records the first error only; returns false so callers can `return jx_ini_fail(…)`. */
bool jx_ini_fail(jx_ini *ini, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Refuses NULL and text that is not UTF-8 (with the line of the bad byte). */
jx_status jx_ini_check_text(const char *text, jx_error *err);

/* A small text file, NUL-terminated, malloc'd; `what` ("rule set") names it in errors. */
jx_status jx_ini_read_file(const char *path, const char *what, char **text, jx_error *err);

/* NAME → dir/NAME.ini; an argument ending in .ini is a path, and file_dir (may be NULL)
 * gets its directory. Anything else is refused: a name must not climb out of dir. */
jx_status jx_ini_locate(const char *arg, const char *dir, const char *what,
                        char path[JX_RULES_PATH_MAX], char file_dir[JX_RULES_PATH_MAX],
                        jx_error *err);

/* dir/NAME.ini into out; false when it does not fit. */
bool jx_ini_join_path(char *out, size_t size, const char *dir, const char *name);
/* [A-Za-z0-9_-]+, shorter than JX_RULES_NAME_MAX: a name becomes a file name. */
bool jx_ini_valid_name(const char *s);
/* "dir/henan.ini" → "henan"; false (name untouched) when that is no valid name. */
bool jx_ini_name_from_path(const char *path, char name[JX_RULES_NAME_MAX]);
/* Copies s[0..n) without surrounding blanks; false when it does not fit. */
bool jx_ini_copy_trimmed(const char *s, size_t n, char *dst, size_t size);
/* An unsigned decimal typed by a person: digits, optionally '.' and 1..6 digits,
 * optionally '%'; no signs, units, separators or exponents. */
bool jx_ini_read_decimal(const char *s, int64_t *micros, bool *percent);
bool jx_ends_with(const char *s, const char *suffix);

#endif /* JX_INTERNAL_H */
