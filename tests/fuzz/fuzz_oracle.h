/*
 * fuzz_oracle.h — the contracts every fuzz target checks, shared by
 * fuzz_parse.c, fuzz_workbook.c, fuzz_rules.c and fuzz_template.c.
 *
 * A broken contract aborts like a crash, so libFuzzer saves a reproducer:
 *   - require(): any promise of jixiao.h;
 *   - utf8_valid(): well-formed UTF-8 (no overlongs, surrogates or code
 *     points past U+10FFFF);
 *   - check_json_line(): exactly one RFC 8259 JSON object plus LF, in UTF-8;
 *   - check_report(): a report's counts and findings, and its JSON and text
 *     renderings.
 *
 * Define FUZZ_NAME before including it to name the target in messages.
 * Everything here is static inline, so a target may use any part of it.
 */
#ifndef JX_FUZZ_ORACLE_H
#define JX_FUZZ_ORACLE_H

#include "jixiao.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_NAME
#define FUZZ_NAME "fuzz"
#endif

#define JSON_MAX_DEPTH 200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ------------------------------------------------------------ invariants */

/*
 * $JX_FUZZ_IGNORE: contracts not to enforce, as '|'-separated parts of their
 * text ("JSON is valid UTF-8|broken rule file"), so a long run can look past
 * a known fault whose fix has not landed; the breach is still printed.
 */
static inline bool ignored(const char *what)
{
    static const char *list;
    static bool read;
    if (!read) {
        list = getenv("JX_FUZZ_IGNORE");
        read = true;
    }
    for (const char *p = list; p != NULL && *p != '\0';) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        for (const char *w = what; n > 0 && *w != '\0'; w++)
            if (strncmp(w, p, n) == 0)
                return true;
        p += n + (bar != NULL);
    }
    return false;
}

static inline void require(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "%s: contract broken: %s\n", FUZZ_NAME, what);
        if (!ignored(what))
            abort();
    }
}

/* Length of the well-formed UTF-8 sequence at s (no overlongs, surrogates
 * or code points past U+10FFFF), 0 if malformed. */
static inline size_t utf8_seq(const unsigned char *s, size_t avail)
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

static inline bool utf8_valid(const char *s, size_t n)
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

static inline bool utf8_string(const char *s)
{
    return s != NULL && utf8_valid(s, strlen(s));
}

/* ------------------------------------------------------------ JSON check */

/* A strict RFC 8259 recogniser over [p, end); UTF-8 is checked beforehand. */
typedef struct {
    const char *p, *end;
    int depth;
} json_in;

static inline bool json_value(json_in *in);

static inline void json_space(json_in *in)
{
    while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' ||
                               *in->p == '\n' || *in->p == '\r'))
        in->p++;
}

static inline bool json_eat(json_in *in, char c)
{
    json_space(in);
    if (in->p < in->end && *in->p == c) {
        in->p++;
        return true;
    }
    return false;
}

static inline bool json_literal(json_in *in, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(in->end - in->p) < n || memcmp(in->p, word, n) != 0)
        return false;
    in->p += n;
    return true;
}

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline size_t json_digits(json_in *in)
{
    size_t n = 0;
    while (in->p < in->end && is_digit(*in->p)) {
        in->p++;
        n++;
    }
    return n;
}

static inline bool json_number(json_in *in)
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

static inline bool json_escape(json_in *in)
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

static inline bool json_string(json_in *in)
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
static inline bool json_sequence(json_in *in, char close, bool (*item)(json_in *))
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

static inline bool json_member(json_in *in)
{
    return json_string(in) && json_eat(in, ':') && json_value(in);
}

static inline bool json_value(json_in *in)
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

/* `jixiao parse` and `jixiao check --format json` output: one JSON object
 * on one LF-terminated line. */
static inline void check_json_line(const jx_buf *out)
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

/* ------------------------------------------------------------ reports */

/*
 * What `jixiao check` promises of a report: counts that add up, findings
 * inside the document with a message, and both renderings. The text report
 * echoes the file name as given, so it is held to UTF-8 only when the name
 * is; the JSON must be valid whatever the name holds.
 */
static inline void check_report(const jx_document *doc, const jx_report *report)
{
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
    require(!out.failed, "text buffer failed without memory pressure");
    if (utf8_string(doc->name))
        require(utf8_valid(out.data, out.len), "check text is valid UTF-8");
    jx_buf_free(&out);
}

/* ------------------------------------------------------------ workbooks */

/* The templates of a directory (the repository's templates/), loaded once and
 * kept for the process's life, as `jixiao score` keeps them for a run. */
static inline const jx_templates *fuzz_templates(const char *dir)
{
    static jx_templates *set;
    if (set == NULL) {
        jx_error err;
        memset(&err, 0, sizeof err);
        require(jx_templates_load(dir, &set, &err) == JX_OK, "the repository's templates load");
    }
    return set;
}

/* A workbook at `path`; what had to be cut to fit is noted and not checked here. */
static inline jx_status fuzz_write_workbook(const char *path, const jx_report *report,
                                            const jx_templates *templates, jx_error *err)
{
    jx_workbook_notes notes;
    memset(&notes, 0, sizeof notes);
    return jx_write_workbook(path, report, templates, &notes, err);
}

#endif /* JX_FUZZ_ORACLE_H */

