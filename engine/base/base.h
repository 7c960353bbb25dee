/*
 * base.h — the base layer: memory, UTF-8, output buffers and escaping, errors,
 * the file reader, the strict INI reader and its schema engine. Every later
 * stage may use it.
 */
#ifndef JX_BASE_H
#define JX_BASE_H

#include "jixiao.h"

#include <stdarg.h>
#include <string.h>

/* A symbol of the library only, for the data tables one stage reads in its
 * inner loops (compiled from build/gen): code built position-independent
 * (libjixiao.so) then reaches them directly, not through the global offset
 * table on every access. */
#if defined(__GNUC__) || defined(__clang__)
#define JX_HIDDEN __attribute__((visibility("hidden")))
#else
#define JX_HIDDEN
#endif

/* ------------------------------------------------------------ utf8.c */

/*
 * The length of the well-formed UTF-8 sequence whose lead byte (0x80 or
 * more) is s[0], with n bytes available; 0 when there is none: a stray
 * continuation byte, an overlong form, a surrogate, a code point past
 * U+10FFFF, or a sequence cut short. Checked by bytes, without decoding:
 * scanners that only need to know (validation, escaping) run it on every
 * character of a document.
 */
static inline size_t jx_utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        return (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ? 0 : 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        return (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F) ? 0 : 4;
    }
    return 0;
}

/*
 * The end of the run of three-byte characters at s[i..n) whose lead bytes
 * are in [lo, hi] and not ED (a surrogate's), taken two at a time: the
 * leads are range-checked and the four continuation bytes tested together
 * (all 10xxxxxx). Chinese text is such runs; the scanners that must look at
 * every character (validation, escaping) step over them here. With lo at
 * least E1, every such character is well-formed.
 */
static inline size_t jx_three_byte_run(const unsigned char *s, size_t i, size_t n,
                                       unsigned char lo, unsigned char hi)
{
    const unsigned width = (unsigned)hi - lo;
    while (n - i >= 6) {
        unsigned a = s[i], b = s[i + 3];
        if (a - lo > width || b - lo > width || a == 0xED || b == 0xED)
            break;
        unsigned all = s[i + 1] & s[i + 2] & s[i + 4] & s[i + 5];
        unsigned any = s[i + 1] | s[i + 2] | s[i + 4] | s[i + 5];
        if (!(all & 0x80) || (any & 0x40))
            break;
        i += 6;
    }
    if (n - i >= 3 && (unsigned)s[i] - lo <= width && s[i] != 0xED
        && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
        i += 3;
    return i;
}

/* jx_utf8_next past its ASCII case (utf8.c). */
size_t jx_utf8_next_multibyte(const char *s, size_t avail, uint32_t *cp);

/*
 * Decodes one code point at s (at most `avail` bytes). Returns its length in
 * bytes (1..4) and stores it in *cp; an invalid sequence yields U+FFFD and a
 * length of 1, so a scanner always advances. Inline for its ASCII case: every
 * scanner of the library steps through text with it.
 */
static inline size_t jx_utf8_next(const char *s, size_t avail, uint32_t *cp)
{
    if (avail > 0 && (unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    return jx_utf8_next_multibyte(s, avail, cp);
}

/* Encodes cp into out (room for 4 bytes); returns the length. */
size_t jx_utf8_put(char *out, uint32_t cp);

/* Cuts a character that truncation left incomplete at the end of s. */
void jx_utf8_trim_partial(char *s);

/* Whether [s, s+n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool jx_utf8_valid(const unsigned char *s, size_t n, size_t *bad_offset);
/* The same, also counting into *stray (when not NULL) the bytes below 0x20
 * other than TAB, LF, VT, FF and CR: a decoder judges binary in one pass. */
bool jx_utf8_scan(const unsigned char *s, size_t n, size_t *bad_offset, size_t *stray);

/* ------------------------------------------------------------ arena.c */

/* Every object of a parsed document lives in one arena, freed at once. */
jx_arena *jx_arena_new(void);
void jx_arena_free(jx_arena *arena);
void *jx_arena_alloc(jx_arena *arena, size_t size);            /* zeroed */
char *jx_arena_strndup(jx_arena *arena, const char *s, size_t n);
/* n bytes for text, not zeroed and not aligned: strings packed one after the
 * other (NULL for n == 0 or no memory). */
char *jx_arena_chars(jx_arena *arena, size_t n);
/* Makes block (malloc'd) the arena's: freed with it. False when memory runs
 * out, and then the block is still the caller's. */
bool jx_arena_adopt(jx_arena *arena, void *block);

/*
 * Grows a malloc'd array to hold `need` items of `size` bytes, doubling its
 * capacity. Returns the array (moved, maybe) or NULL when memory runs out,
 * in which case the old array and *cap are left as they were.
 */
void *jx_grow(void *items, size_t *cap, size_t need, size_t size);

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

/* ------------------------------------------------------------ error.c */

void jx_error_set(jx_error *err, jx_status status, uint32_t line,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ------------------------------------------------------------ buf.c */

void jx_buf_json_string(jx_buf *buf, const char *s); /* quoted, escaped */
void jx_buf_uint(jx_buf *buf, uint64_t value);        /* decimal digits */

/* s[0..n) escaped as the inside of a JSON string (jx_buf_json_string) into
 * out, which has room for 6 × n bytes; returns the bytes written. n must not
 * end inside a character that goes on after it. */
size_t jx_json_escape_into(char *out, const char *s, size_t n);

/* value's decimal digits at out (room for 20); returns the end. Counted
 * first, then written from the last digit back: no copy. */
static inline char *jx_put_uint(char *out, uint64_t value)
{
    size_t n = 1;
    for (uint64_t rest = value; rest >= 10; rest /= 10)
        n++;
    char *end = out + n;
    do {
        *--end = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0);
    return out + n;
}

/* Room for n more bytes at the end of buf, and the NUL after them: where to
 * write them, or NULL when memory runs out (buf->failed). A renderer that
 * knows how much it may write fills the room and then counts what it wrote
 * (jx_buf_wrote), instead of appending piece by piece. */
char *jx_buf_room(jx_buf *buf, size_t n);
static inline void jx_buf_wrote(jx_buf *buf, size_t n)
{
    buf->len += n;
    buf->data[buf->len] = '\0';
}

/* Appends a string literal, its length known when compiled. */
#define JX_BUF_LIT(buf, literal) jx_buf_append((buf), "" literal, sizeof(literal) - 1)

/* ------------------------------------------------------------ escape.c */

/* Escapes, in place, what a terminal must not receive in buf[start..]: a
 * text renderer's last step (see JX_TEXT_TERMINAL). */
void jx_buf_escape_from(jx_buf *buf, size_t start);
/* ------------------------------------------------------------ file.c */

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

/* ------------------------------------------------------------ ini.c */

/*
 * Strict INI reading for rule sets and templates: inih fed by our own line
 * source, which counts lines (Debian's inih has no INI_HANDLER_LINENO),
 * drops indentation, hides comments, checks section headers and stops at
 * the first error. Errors are JX_ERR_FORMAT with the line, never the path.
 */
#define JX_INI_MAX_SECTIONS 20
#define JX_INI_MAX_KEYS 32 /* keys of a schema (ini_schema.c) */

typedef enum {
    JX_INI_KEY_OK,
    JX_INI_KEY_FAILED,  /* the handler reported the error with jx_ini_fail */
    JX_INI_KEY_UNKNOWN  /* the reader reports "unknown key 'k' in [s]" */
} jx_ini_key_result;

/* One key of the section with id `section` (from the schema's find_section). */
typedef jx_ini_key_result (*jx_ini_key_handler)(void *user, int section, const char *key,
                                                const char *value);

typedef struct jx_ini_schema jx_ini_schema; /* the grammar: sections, one-value keys */

typedef struct jx_ini {
    const jx_ini_schema *schema;
    void *out;                   /* the struct the schema's offsets point into */
    jx_ini_key_handler on_key;
    void *user;
    jx_error *err;
    /* Kept by jx_ini_run: */
    bool failed;
    const char *next;                            /* the rest of the text */
    uint32_t line;                               /* the line last handed to inih */
    const char *section;                         /* during on_key: its section's name */
    uint32_t section_line[JX_INI_MAX_SECTIONS];  /* where each section starts; 0: absent */
    uint32_t key_line[JX_INI_MAX_KEYS];          /* where each schema key is given; 0: not */
} jx_ini;

/* Sets ini up to read a grammar into out; handler(user, …) gets every key. */
void jx_ini_init(jx_ini *ini, const jx_ini_schema *schema, void *out, jx_ini_key_handler handler,
                 void *user, jx_error *err);

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

/* ------------------------------------------------------------ ini_schema.c */

/*
 * One strict schema engine for the keys of a grammar that hold one value
 * each (rule sets, templates): a static const table of jx_ini_key_spec, in
 * the order the module renders them. A grammar's on_key hands each key to
 * jx_ini_apply_key first, which looks it up in ini->schema, refuses a key
 * given twice ("duplicate key 'k' in [s]"), and reads the value into
 * ini->out at the key's offset:
 * the kinds below here, a module's own kinds (from JX_INI_CUSTOM on) through
 * schema->read_custom. Nothing of it is mutable: what a pass has seen is in
 * ini->key_line.
 */
enum {
    JX_INI_TEXT,  /* one line of text, shorter than size; "" only if may_be_empty */
    JX_INI_NAME,  /* TEXT of [A-Za-z0-9_-] only: it becomes a file name */
    JX_INI_BOOL,  /* yes | no, into a bool */
    JX_INI_WHOLE, /* digits only, from min to max, into an int */
    JX_INI_CUSTOM /* the first of a module's own kinds */
};

typedef struct {
    int section; /* the grammar's section id (its find_section) */
    const char *key;
    int kind;      /* JX_INI_TEXT … or a module kind from JX_INI_CUSTOM on */
    size_t offset; /* of the field in the output struct */
    size_t size;   /* of the field; text kinds: longest value + 1 */
    bool may_be_empty;
    int64_t min, max; /* numbers: the bounds (the module's kinds say how they apply) */
} jx_ini_key_spec;

/* offset and size of a field f of type: a spec's FIELD(f). */
#define JX_INI_FIELD(type, f) offsetof(type, f), sizeof(((type *)0)->f)

/* Reads a value of a module kind into field; reports its own errors with jx_ini_fail. */
typedef bool (*jx_ini_custom_reader)(jx_ini *ini, const jx_ini_key_spec *spec, const char *value,
                                     void *field);

struct jx_ini_schema {
    int (*find_section)(const char *name); /* 0 .. JX_INI_MAX_SECTIONS-1, -1 if unknown */
    const jx_ini_key_spec *keys;
    size_t nkeys;                     /* at most JX_INI_MAX_KEYS */
    const char *noun;                 /* JX_INI_NAME: "not a NOUN name" */
    jx_ini_custom_reader read_custom; /* kinds from JX_INI_CUSTOM on; may be NULL */
};

const jx_ini_key_spec *jx_ini_key_find(const jx_ini_schema *schema, int section, const char *key);

/* From on_key: reads the key if ini->schema has it; JX_INI_KEY_UNKNOWN if not
 * (the grammar's own keys, or an unknown one). */
jx_ini_key_result jx_ini_apply_key(jx_ini *ini, int section, const char *key, const char *value);

/* The line where the last pass gave a schema key; 0: it did not. */
uint32_t jx_ini_key_line(const jx_ini *ini, int section, const char *key);

/* The generic readers, for a module's kinds that check a value and then store it. */
bool jx_ini_read_text(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, char *dst);
bool jx_ini_read_bool(jx_ini *ini, const char *key, const char *value, bool *out);

/* "key = value\n" for a key of the generic kinds, read back from base (the output
 * struct); false, writing nothing, for a module's kind. */
bool jx_ini_render_key(jx_buf *out, const jx_ini_key_spec *spec, const void *base);

/* A file's path into dst[size] (zero-filled; NULL: ""); false, with an error
 * in err, when it does not fit. Rule sets and templates keep where they were
 * read from. */
bool jx_ini_set_path(char *dst, size_t size, const char *path, jx_error *err);

/* dir/NAME.ini into out; false when it does not fit. */
bool jx_ini_join_path(char *out, size_t size, const char *dir, const char *name);
/* [A-Za-z0-9_-]+, shorter than JX_RULES_NAME_MAX: a name becomes a file name. */
bool jx_ini_valid_name(const char *s);
/* "dir/henan.ini" → "henan"; false (name untouched) when that is no valid name. */
bool jx_ini_name_from_path(const char *path, char name[JX_RULES_NAME_MAX]);
/* Copies s[0..n) without surrounding blanks; false when it does not fit. */
bool jx_ini_copy_trimmed(const char *s, size_t n, char *dst, size_t size);
bool jx_ends_with(const char *s, const char *suffix);

/* ------------------------------------------------------------ occurrences.c */

#define JX_COUNT_WORDS_MAX 64

/* The occurrences in text[0..len) of the words (each NUL-terminated within 48
 * bytes; at most JX_COUNT_WORDS_MAX), summed; a word's occurrences do not
 * overlap each other. A document's text is not one C string (its line ends
 * are NULs once split), so this works on bytes; a word never spans lines. */
size_t jx_count_words(const char *text, size_t len, const char (*words)[48], size_t nwords);

/* ------------------------------------------------------------ name_index.c */

/* Names are grouped by this many leading bytes (two Chinese characters); no
 * name is shorter. */
#define JX_NAME_INDEX_PREFIX 6
/* A text's first JX_NAME_INDEX_PREFIX bytes as one number (two loads, not a
 * loop of six: a scan computes it at every character; any one-to-one packing
 * groups alike, this one follows the machine's byte order), its slot in a
 * table of nslots (a power of two), and its bit in a filter of 2^(64 - shift)
 * bits: the product's top bits, which the slot leaves out. The name index and
 * the phrase index (check/phrases.c) key their tables so. */
static inline uint64_t jx_prefix_key(const unsigned char *s)
{
    _Static_assert(JX_NAME_INDEX_PREFIX == 6, "jx_prefix_key reads six bytes");
    uint32_t head;
    uint16_t tail;
    memcpy(&head, s, sizeof head);
    memcpy(&tail, s + 4, sizeof tail);
    return (uint64_t)tail << 32 | head;
}

static inline size_t jx_prefix_slot(uint64_t key, size_t nslots)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 40) & (nslots - 1);
}

static inline size_t jx_prefix_filter_bit(uint64_t key, unsigned shift)
{
    return (size_t)((key * UINT64_C(0xD6E8FEB86659FD93)) >> shift);
}

/* The value of a spelling that was added with two different values. */
#define JX_NAME_AMBIGUOUS UINT32_MAX

/* Many names, each with a value, found in a text leftmost and longest first:
 * new, add every name, finish, then next over a text. */
typedef struct jx_name_index jx_name_index;
jx_name_index *jx_name_index_new(void); /* NULL: no memory */
void jx_name_index_free(jx_name_index *ix);
/* false: no memory, a name shorter than JX_NAME_INDEX_PREFIX, or finished. */
bool jx_name_index_add(jx_name_index *ix, const char *name, size_t len, uint32_t value);
bool jx_name_index_finish(jx_name_index *ix); /* false: no memory */
size_t jx_name_index_size(const jx_name_index *ix); /* distinct spellings, once finished */
/* The next name at or after *pos in text[0..len): its length (0 when none is
 * left) and *value; *pos moves past it, so names found never overlap. */
size_t jx_name_index_next(const jx_name_index *ix, const char *text, size_t len, size_t *pos,
                          uint32_t *value);

#endif /* JX_BASE_H */
