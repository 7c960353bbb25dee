/*
 * fuzz_parse — libFuzzer target for the document parser and renderers.
 *
 * Each input is parsed as text, CSV and TSV; every document is rendered as
 * JSON and as a text outline. The first 256 bytes also go through the
 * number parser. Failing with a jx_error is fine; what this looks for is
 * crashes, leaks and undefined behaviour (under ASan/UBSan), and breaches of
 * the contracts jixiao.h promises, which abort like a crash:
 *   - decoded lines are valid UTF-8 without CR, numbered 1, 2, …;
 *   - tables point at existing lines, grids are as wide as their widest row;
 *   - the JSON rendering is exactly one valid JSON object plus LF, in UTF-8;
 *   - a parsed number formats back to the same value.
 *
 *   clang -fsanitize=fuzzer,address,undefined …      libFuzzer (tests/fuzz/fuzz.sh)
 *   cc -DJX_FUZZ_STANDALONE -fsanitize=address,undefined …  deterministic smoke
 *       test: for each file given, the file itself, 64 truncations and 500
 *       seeded mutations; prints "fuzz smoke: N inputs, 0 crashes".
 */
#include "jixiao.h"

#include <unistd.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NUMBER_MAX 256
#define JSON_MAX_DEPTH 200

/* ------------------------------------------------------------ invariants */

static void require(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_parse: contract broken: %s\n", what);
        abort();
    }
}

/* Length of the well-formed UTF-8 sequence at s (no overlongs, surrogates
 * or code points past U+10FFFF), 0 if malformed. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || n > avail)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

static bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

static bool utf8_string(const char *s)
{
    return s != NULL && utf8_valid(s, strlen(s));
}

/* ------------------------------------------------------------ JSON check */

/* A strict RFC 8259 recogniser over [p, end); UTF-8 is checked beforehand. */
typedef struct {
    const char *p, *end;
    int depth;
} json_in;

static bool json_value(json_in *in);

static void json_space(json_in *in)
{
    while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' ||
                               *in->p == '\n' || *in->p == '\r'))
        in->p++;
}

static bool json_eat(json_in *in, char c)
{
    json_space(in);
    if (in->p < in->end && *in->p == c) {
        in->p++;
        return true;
    }
    return false;
}

static bool json_literal(json_in *in, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(in->end - in->p) < n || memcmp(in->p, word, n) != 0)
        return false;
    in->p += n;
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t json_digits(json_in *in)
{
    size_t n = 0;
    while (in->p < in->end && is_digit(*in->p)) {
        in->p++;
        n++;
    }
    return n;
}

static bool json_number(json_in *in)
{
    if (in->p < in->end && *in->p == '-')
        in->p++;
    if (in->p < in->end && *in->p == '0')
        in->p++;
    else if (json_digits(in) == 0)
        return false;
    if (in->p < in->end && *in->p == '.') {
        in->p++;
        if (json_digits(in) == 0)
            return false;
    }
    if (in->p < in->end && (*in->p == 'e' || *in->p == 'E')) {
        in->p++;
        if (in->p < in->end && (*in->p == '+' || *in->p == '-'))
            in->p++;
        if (json_digits(in) == 0)
            return false;
    }
    return true;
}

static bool json_escape(json_in *in)
{
    if (in->p >= in->end)
        return false;
    char c = *in->p++;
    if (strchr("\"\\/bfnrt", c) != NULL)
        return true;
    if (c != 'u' || in->end - in->p < 4)
        return false;
    for (int i = 0; i < 4; i++, in->p++)
        if (strchr("0123456789abcdefABCDEF", *in->p) == NULL)
            return false;
    return true;
}

static bool json_string(json_in *in)
{
    if (!json_eat(in, '"'))
        return false;
    while (in->p < in->end) {
        unsigned char c = (unsigned char)*in->p++;
        if (c == '"')
            return true;
        if (c < 0x20)
            return false; /* control characters must be escaped */
        if (c == '\\' && !json_escape(in))
            return false;
    }
    return false;
}

/* Members or elements up to `close`, each parsed by `item`. */
static bool json_sequence(json_in *in, char close, bool (*item)(json_in *))
{
    if (++in->depth > JSON_MAX_DEPTH)
        return false;
    if (json_eat(in, close)) {
        in->depth--;
        return true;
    }
    do {
        if (!item(in))
            return false;
    } while (json_eat(in, ','));
    in->depth--;
    return json_eat(in, close);
}

static bool json_member(json_in *in)
{
    return json_string(in) && json_eat(in, ':') && json_value(in);
}

static bool json_value(json_in *in)
{
    json_space(in);
    if (in->p >= in->end)
        return false;
    switch (*in->p) {
    case '{':
        in->p++;
        return json_sequence(in, '}', json_member);
    case '[':
        in->p++;
        return json_sequence(in, ']', json_value);
    case '"':
        return json_string(in);
    case 't':
        return json_literal(in, "true");
    case 'f':
        return json_literal(in, "false");
    case 'n':
        return json_literal(in, "null");
    default:
        return json_number(in);
    }
}

/* `jixiao parse` output: one JSON object on one LF-terminated line. */
static void check_json_line(const jx_buf *out)
{
    require(!out->failed, "JSON buffer failed without memory pressure");
    require(out->len > 0 && out->data[out->len - 1] == '\n', "JSON line ends in LF");
    size_t n = out->len - 1;
    require(memchr(out->data, '\n', n) == NULL, "JSON is a single line");
    require(utf8_valid(out->data, n), "JSON is valid UTF-8");
    json_in in = {out->data, out->data + n, 0};
    json_space(&in);
    require(in.p < in.end && *in.p == '{', "JSON line is an object");
    require(json_value(&in), "JSON is well-formed");
    json_space(&in);
    require(in.p == in.end, "nothing follows the JSON object");
}

/* ------------------------------------------------------------ documents */

static void check_number(const char *text);

static void check_lines(const jx_document *doc)
{
    require(doc->lines != NULL || doc->nlines == 0, "lines present");
    for (size_t i = 0; i < doc->nlines; i++) {
        const jx_line *l = &doc->lines[i];
        require(l->line == i + 1, "lines numbered 1, 2, …");
        require(utf8_string(l->text), "decoded line is valid UTF-8");
        require(strchr(l->text, '\r') == NULL, "CR folded into LF");
    }
}

static void check_grid(const jx_document *doc, const jx_grid *grid)
{
    size_t widest = 0;
    for (size_t r = 0; r < grid->nrows; r++) {
        const jx_row *row = &grid->rows[r];
        if (row->ncells > widest)
            widest = row->ncells;
        for (size_t c = 0; c < row->ncells; c++) {
            const jx_cell *cell = &row->cells[c];
            require(utf8_string(cell->text), "cell text is valid UTF-8");
            require(utf8_string(cell->norm), "cell norm is valid UTF-8");
            require(cell->line >= 1 && cell->line <= doc->nlines,
                    "cell line within the document");
            /* Real cells reach the number parser in shapes a 256-byte
             * prefix of the input rarely has. */
            check_number(cell->text);
            check_number(cell->norm);
        }
    }
    require(grid->ncols == widest, "grid ncols is the widest row");
}

static void check_table(const jx_document *doc, const jx_table *t, size_t i)
{
    require(t->index == i + 1, "table index is 1-based position");
    require(utf8_string(t->title) && utf8_string(t->number) &&
                utf8_string(t->year) && utf8_string(t->unit) && utf8_string(t->org),
            "table strings are set (\"\" when absent) and valid UTF-8");
    require(jx_table_kind_name(t->kind) != NULL, "table kind has a name");
    require(t->line_start <= t->line_end && t->line_end <= doc->nlines,
            "table lines within the document");
    require(t->title_line <= doc->nlines, "title line within the document");
    require(t->header_rows <= t->grid.nrows, "header rows within the grid");
    check_grid(doc, &t->grid);
}

static void check_document(const jx_document *doc)
{
    require(jx_encoding_name(doc->encoding) != NULL, "encoding has a name");
    check_lines(doc);
    require(doc->tables != NULL || doc->ntables == 0, "tables present");
    for (size_t i = 0; i < doc->ntables; i++)
        check_table(doc, &doc->tables[i], i);
}

/* ------------------------------------------------------------ check */

/* A rule set in the syntax of the rules/ files, with tiers so both formulas run. */
static const char fuzz_rules_ini[] =
    "[ruleset]\nname = fuzz\ndescription = fuzzing\n"
    "[weights]\n产出指标 = 50\n效益指标 = 30\n满意度指标 = 10\n预算执行率 = 10\ntotal = 100\n"
    "[execution]\nformula = tiers\ntier = 90% : 1\ntier = 60% : 0.6\nindicator = 项目预算数\n"
    "[indicators]\ndeviation_zero_when_met = yes\n"
    "[units]\nscale = 元 -> 万元 : 0.0001\nsame = 人 = 人次\n";

#ifdef JX_FUZZ_STANDALONE
/*
 * The smoke test also writes a workbook now and then: the writer must take
 * whatever the checks made of a broken document. (libFuzzer runs skip it:
 * a file per input would slow them down a hundredfold.)
 */
static unsigned long workbooks_due;

static void fuzz_workbook(const jx_report *report)
{
    if (workbooks_due++ % 32 != 0)
        return;
    char path[] = "/tmp/jixiao-fuzz-XXXXXX";
    int fd = mkstemp(path);
    require(fd >= 0, "a temporary file");
    close(fd);
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = jx_write_workbook(path, report, "templates", &err);
    require(st == JX_OK || err.message[0] != '\0', "a failed workbook says why");
    unlink(path);
}
#else
static void fuzz_workbook(const jx_report *report)
{
    (void)report;
}
#endif

static void fuzz_check(const jx_document *doc)
{
    static jx_rules rules; /* the harness's own, parsed once; the library keeps none */
    static bool loaded;
    if (!loaded) {
        jx_error err;
        memset(&err, 0, sizeof err);
        require(jx_rules_parse(fuzz_rules_ini, "fuzz.ini", &rules, NULL, NULL, &err) == JX_OK,
                "the harness's rule set parses");
        loaded = true;
    }
    for (int formula = 0; formula < 2; formula++) {
        rules.exec_formula = formula ? JX_EXEC_TIERS : JX_EXEC_PROPORTIONAL;
        jx_report *report = jx_evaluate(doc, &rules);
        require(report != NULL, "evaluate without memory pressure");
        require(report->errors + report->warnings + report->infos == report->nfindings,
                "severity counts add up");
        for (size_t i = 0; i < report->nfindings; i++) {
            const jx_finding *f = &report->findings[i];
            require(f->line <= doc->nlines, "finding lines are in the document");
            require(utf8_string(f->message) && f->message[0] != '\0', "finding message");
        }
        jx_buf out;
        jx_buf_init(&out);
        jx_render_check_json(&out, report);
        check_json_line(&out);
        jx_buf_free(&out);
        jx_buf_init(&out);
        jx_render_check_text(&out, report);
        require(utf8_valid(out.data, out.len), "check text is valid UTF-8");
        jx_buf_free(&out);
        if (formula == 0)
            fuzz_workbook(report);
        jx_report_free(report);
    }
}

/* The input as a rule file: refused or read, never a crash. */
static void fuzz_rules(const uint8_t *data, size_t size)
{
    size_t n = size < 65536 ? size : 65536;
    char *text = malloc(n + 1);
    require(text != NULL, "memory");
    memcpy(text, data, n);
    text[n] = '\0';
    jx_rules *rules = malloc(sizeof *rules);
    require(rules != NULL, "memory");
    jx_error err;
    memset(&err, 0, sizeof err);
    if (jx_rules_parse(text, "fuzz.ini", rules, NULL, NULL, &err) == JX_OK) {
        jx_buf out;
        jx_buf_init(&out);
        jx_render_rules(&out, rules);
        require(utf8_valid(out.data, out.len), "rendered rules are valid UTF-8");
        jx_buf_free(&out);
    } else {
        require(memchr(err.message, '\0', sizeof err.message) != NULL, "error terminated");
    }
    free(rules);
    free(text);
}

static void fuzz_document(const uint8_t *data, size_t size,
                          jx_input_format format, const char *name)
{
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_document *doc = jx_document_parse(name, data, size, format, &err);
    if (doc == NULL) {
        require(err.status != JX_OK, "a failed parse sets err->status");
        require(memchr(err.message, '\0', sizeof err.message) != NULL,
                "error message is terminated");
        return;
    }
    check_document(doc);

    jx_buf out;
    jx_buf_init(&out);
    jx_render_parse_json(&out, doc);
    check_json_line(&out);
    jx_buf_free(&out);

    jx_buf_init(&out);
    jx_render_parse_text(&out, doc);
    require(!out.failed, "text buffer failed without memory pressure");
    require(utf8_valid(out.data, out.len), "text outline is valid UTF-8");
    jx_buf_free(&out);

    fuzz_check(doc);
    jx_document_free(doc);
}

/* ------------------------------------------------------------ numbers */

/* A value printed with 6 decimals must parse back to itself. */
static void check_number_roundtrip(const jx_number *num)
{
    char text[64];
    int n = jx_decimal_format(text, sizeof text, num->micros, 6);
    require(n > 0 && (size_t)n < sizeof text && strlen(text) == (size_t)n,
            "jx_decimal_format length");
    jx_number back;
    require(jx_number_parse(text, &back) == JX_NUM_VALUE &&
                back.micros == num->micros,
            "jx_decimal_format output parses back to the same micros");
}

static void check_number(const char *text)
{
    jx_number num;
    jx_number_kind kind = jx_number_parse(text, &num);
    require(kind == num.kind, "returned kind equals out->kind");
    require(num.decimals <= 6, "decimals capped at 6");
    require(memchr(num.unit, '\0', sizeof num.unit) != NULL, "unit terminated");
    require(utf8_string(num.unit), "unit is valid UTF-8");
    require(jx_comparator_symbol(num.cmp) != NULL, "comparator has a symbol");
    if (kind != JX_NUM_VALUE)
        return;
    for (int d = 0; d <= 6; d++)
        (void)jx_decimal_round(num.micros, d); /* UBSan watches the arithmetic */
    check_number_roundtrip(&num);
}

static void fuzz_number(const uint8_t *data, size_t size)
{
    char text[NUMBER_MAX + 1];
    size_t n = size < NUMBER_MAX ? size : NUMBER_MAX;
    if (n > 0)
        memcpy(text, data, n);
    text[n] = '\0';
    check_number(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_document(data, size, JX_FORMAT_TEXT, "fuzz.txt");
    fuzz_document(data, size, JX_FORMAT_CSV, "fuzz.csv");
    fuzz_document(data, size, JX_FORMAT_TSV, "fuzz.tsv");
    fuzz_number(data, size);
    fuzz_rules(data, size);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
/* ------------------------------------------------------------ smoke test
 *
 * Without libFuzzer: a fixed set of inputs derived from each file, so a
 * sanitizer build can run it in `make test` with reproducible results.
 */

/* -DJX_FUZZ_MUTATIONS=n trades coverage for time in slow sanitizer builds. */
#ifndef JX_FUZZ_MUTATIONS
#define JX_FUZZ_MUTATIONS 500
#endif
#define TRUNCATIONS 64
#define MAX_OPS 4

typedef struct {
    unsigned char *data;
    size_t len, cap;
} bytes;

static unsigned long long inputs_run;

static void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL) {
        fprintf(stderr, "fuzz smoke: out of memory\n");
        exit(2);
    }
    return q;
}

static void run_input(const unsigned char *data, size_t len)
{
    /* A private copy, so ASan sees any read past the input's end. */
    unsigned char *copy = xrealloc(NULL, len);
    if (len > 0)
        memcpy(copy, data, len);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    inputs_run++;
}

/* xorshift64*: fixed, portable, no rand() state shared with the library. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static size_t random_below(uint64_t *rng, size_t n)
{
    return n == 0 ? 0 : (size_t)(next_random(rng) % n);
}

/* FNV-1a of the content: each file's mutations depend on it alone, not on
 * the order of the arguments. */
static uint64_t seed_of(const unsigned char *data, size_t len)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 0x100000001B3ull;
    return h ? h : 1;
}

/*
 * Moves `at` back to the start of a UTF-8 character. One invalid byte makes
 * the decoder refuse the whole input (JX_ERR_NOT_TEXT), so edits that should
 * reach the segmenter and the renderers cut and splice only there; flips,
 * the explicit bad bytes and a few truncations still feed the decoder
 * broken sequences.
 */
static size_t char_start(const unsigned char *data, size_t len, size_t at)
{
    while (at > 0 && at < len && (data[at] & 0xC0) == 0x80)
        at--;
    return at;
}

static size_t random_position(const bytes *b, uint64_t *rng)
{
    return char_start(b->data, b->len, random_below(rng, b->len + 1));
}

static void bytes_reserve(bytes *b, size_t extra)
{
    if (b->len + extra > b->cap) {
        b->cap = (b->len + extra) * 2;
        b->data = xrealloc(b->data, b->cap);
    }
}

static void bytes_insert(bytes *b, size_t at, const void *s, size_t n)
{
    if (n == 0)
        return; /* b->data may still be NULL: no mem* calls on it */
    bytes_reserve(b, n);
    memmove(b->data + at + n, b->data + at, b->len - at);
    memcpy(b->data + at, s, n);
    b->len += n;
}

/* Bytes and tokens the tokenizer, decoder and number parser care about. */
static const struct {
    const char *s;
    size_t n;
} tokens[] = {
    {"\t", 1}, {"\n", 1}, {"\r", 1}, {"\0", 1}, {"\xff", 1}, {"|", 1},
    {"\"", 1}, {",", 1}, {"\t\t\t", 3}, {"\r\n", 2}, {"\xef\xbb\xbf", 3},
    {"\xe2\x80\x94", 3} /* — */, {"%", 1}, {"1E+06", 5}, {"\xe2\x89\xa5", 3} /* ≥ */,
    {"\xe4\xb8\x87\xe5\x85\x83", 6} /* 万元 */, {"\xe4\xb8\x80", 3} /* 一 */,
    {"\xef\xbc\x91", 3} /* １ */, {"<p>", 3}, {"**", 2}, {"-", 1}, {".", 1},
    {"|---|", 5}, {"\xe7\xbb\xa9\xe6\x95\x88\xe8\x87\xaa\xe8\xaf\x84\xe8\xa1\xa8", 15}
    /* 绩效自评表 */,
    {"\xe5", 1} /* a lone UTF-8 lead byte */,
};

static void mutate_flip(bytes *b, uint64_t *rng)
{
    if (b->len > 0)
        b->data[random_below(rng, b->len)] ^= (unsigned char)(1u << random_below(rng, 8));
}

static void mutate_insert(bytes *b, uint64_t *rng)
{
    size_t t = random_below(rng, sizeof tokens / sizeof tokens[0]);
    bytes_insert(b, random_position(b, rng), tokens[t].s, tokens[t].n);
}

static void mutate_random_byte(bytes *b, uint64_t *rng)
{
    unsigned char c = (unsigned char)next_random(rng);
    bytes_insert(b, random_position(b, rng), &c, 1);
}

/* A random whole-character span of at most `max` bytes (n may be 0). */
static void random_span(const bytes *b, uint64_t *rng, size_t max,
                        size_t *from, size_t *n)
{
    size_t start = random_position(b, rng);
    size_t room = b->len - start < max ? b->len - start : max;
    size_t end = char_start(b->data, b->len, start + random_below(rng, room + 1));
    *from = start;
    *n = end - start;
}

static void mutate_duplicate(bytes *b, uint64_t *rng)
{
    size_t from, n;
    random_span(b, rng, 4096, &from, &n);
    if (n == 0)
        return;
    size_t to = random_position(b, rng);
    unsigned char *chunk = xrealloc(NULL, n);
    memcpy(chunk, b->data + from, n);
    bytes_insert(b, to, chunk, n);
    free(chunk);
}

static void mutate_delete(bytes *b, uint64_t *rng)
{
    size_t from, n;
    random_span(b, rng, 256, &from, &n);
    if (n == 0)
        return;
    memmove(b->data + from, b->data + from + n, b->len - from - n);
    b->len -= n;
}

/* Offset of the start of line k (0-based); b->len when there is none. */
static size_t line_start(const bytes *b, size_t k)
{
    size_t i = 0;
    while (k > 0 && i < b->len) {
        const unsigned char *lf = memchr(b->data + i, '\n', b->len - i);
        if (lf == NULL)
            return b->len;
        i = (size_t)(lf - b->data) + 1;
        k--;
    }
    return i;
}

static size_t line_end(const bytes *b, size_t start)
{
    const unsigned char *lf = memchr(b->data + start, '\n', b->len - start);
    return lf ? (size_t)(lf - b->data) : b->len;
}

/* Swaps two lines (without their LFs): moves table rows into prose, headers
 * below data, continuation rows out of their table. */
static void mutate_swap_lines(bytes *b, uint64_t *rng)
{
    size_t nlines = 1;
    for (size_t i = 0; i < b->len; i++)
        nlines += b->data[i] == '\n';
    size_t x = random_below(rng, nlines), y = random_below(rng, nlines);
    if (x == y)
        return;
    if (x > y) {
        size_t t = x;
        x = y;
        y = t;
    }
    size_t a0 = line_start(b, x), a1 = line_end(b, a0);
    size_t b0 = line_start(b, y), b1 = line_end(b, b0);
    bytes out = {NULL, 0, 0};
    bytes_insert(&out, out.len, b->data, a0);
    bytes_insert(&out, out.len, b->data + b0, b1 - b0);
    bytes_insert(&out, out.len, b->data + a1, b0 - a1);
    bytes_insert(&out, out.len, b->data + a0, a1 - a0);
    bytes_insert(&out, out.len, b->data + b1, b->len - b1);
    free(b->data);
    *b = out;
}

static void mutate(bytes *b, uint64_t *rng)
{
    static void (*const ops[])(bytes *, uint64_t *) = {
        mutate_flip,      mutate_insert, mutate_random_byte,
        mutate_duplicate, mutate_delete, mutate_swap_lines,
    };
    size_t nops = 1 + random_below(rng, MAX_OPS);
    for (size_t i = 0; i < nops; i++)
        ops[random_below(rng, sizeof ops / sizeof ops[0])](b, rng);
}

static void smoke_file(const unsigned char *data, size_t len)
{
    run_input(data, len);
    for (size_t k = 0; k < TRUNCATIONS; k++) {
        size_t cut = len * k / TRUNCATIONS;
        /* Every 4th cut may split a character: a truncated extraction. */
        run_input(data, k % 4 == 3 ? cut : char_start(data, len, cut));
    }

    uint64_t rng = seed_of(data, len);
    bytes b = {NULL, 0, 0};
    for (int m = 0; m < JX_FUZZ_MUTATIONS; m++) {
        b.len = 0;
        bytes_insert(&b, 0, data, len);
        mutate(&b, &rng);
        run_input(b.data, b.len);
    }
    free(b.data);
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 65536, n = 0, got;
    unsigned char *data = xrealloc(NULL, cap);
    while ((got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            data = xrealloc(data, cap *= 2);
    }
    if (ferror(f)) {
        perror(path);
        exit(2);
    }
    fclose(f);
    *len = n;
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        size_t len;
        unsigned char *data = read_file(argv[i], &len);
        smoke_file(data, len);
        free(data);
    }
    printf("fuzz smoke: %llu inputs, 0 crashes\n", inputs_run);
    return 0;
}
#endif /* JX_FUZZ_STANDALONE */
