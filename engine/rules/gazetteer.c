/*
 * gazetteer.c — the divisions of China read from rules/gazetteer.tsv, and
 * how often a text names each province through them.
 *
 * The file is generated once by rules/gazetteer.js; only it is read at run
 * time. Each line: code (six digits), name, city, province, short name, TAB
 * between; '#' starts a comment line. Every spelling below is indexed with
 * its province (base/name_index.c), and a spelling two provinces share
 * (朝阳区: 北京 and 长春; 鼓楼区: four cities) is kept as ambiguous: it is
 * found, so that nothing shorter inside it is counted, but counts for no
 * province. The spellings of a division:
 *   - its name in full: 神木市, 濉溪县, 古城区, 榆林市, 陕西省;
 *   - its short name where the file gives one (provinces, prefectures and
 *     county-level cities only: 陕西, 榆林, 神木; the script leaves out
 *     stems that are words);
 *   - a county after its city, in full or short (丽江市古城区, 丽江古城区),
 *     or, with no city, after its province (北京市朝阳区, 北京朝阳区): so an
 *     ambiguous county decides only with its city written before it.
 * Found leftmost and longest first, a text's names never overlap: 西宁市城中区
 * is one mention of 青海, not also 西宁市's.
 */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A gazetteer larger than this is not one: 3,300 lines take 150 KB. */
#define GAZETTEER_FILE_MAX ((size_t)16 << 20)

/* The longest field: names are a few characters, 中沙群岛的岛礁及其海域 is 33 bytes. */
#define FIELD_MAX 120

enum { F_CODE, F_NAME, F_CITY, F_PROVINCE, F_SHORT, NFIELDS };

typedef struct {
    char name[JX_RULES_NAME_MAX];
    char short_name[JX_RULES_NAME_MAX];
} province_names;

struct jx_gazetteer {
    province_names provinces[JX_GAZETTEER_MAX_PROVINCES];
    size_t nprovinces;
    size_t ndivisions;
    jx_name_index *names;
};

/* One line's fields, pointing into the text (NUL-terminated there). */
typedef struct {
    const char *field[NFIELDS];
    size_t province;
    uint32_t line;
} division;

typedef struct {
    division *items;
    size_t n, cap;
} division_list;

static jx_status fail(jx_error *err, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static jx_status fail(jx_error *err, uint32_t line, const char *fmt, ...)
{
    char message[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    jx_error_set(err, JX_ERR_FORMAT, line, "%s", message);
    return JX_ERR_FORMAT;
}

static jx_status no_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

static const char *const field_names[NFIELDS] = {"code", "name", "city", "province", "short"};

/* Checks one field: a code of six digits; names of two characters or more. */
static jx_status check_field(int f, const char *s, uint32_t line, jx_error *err)
{
    size_t n = strlen(s);
    if (n > FIELD_MAX)
        return fail(err, line, "%s: longer than %d bytes", field_names[f], FIELD_MAX);
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return fail(err, line, "%s: a control character", field_names[f]);
    }
    if (f == F_CODE) {
        bool digits = n == 6;
        for (size_t i = 0; digits && i < n; i++)
            digits = s[i] >= '0' && s[i] <= '9';
        return digits ? JX_OK : fail(err, line, "code: not six digits: '%s'", s);
    }
    bool optional = f == F_CITY || f == F_SHORT;
    if (n == 0 && !optional)
        return fail(err, line, "%s: empty", field_names[f]);
    if (n > 0 && n < JX_NAME_INDEX_PREFIX)
        return fail(err, line, "%s: shorter than two Chinese characters", field_names[f]);
    if ((f == F_PROVINCE || f == F_SHORT) && n >= JX_RULES_NAME_MAX)
        return fail(err, line, "%s: longer than %d bytes", field_names[f], JX_RULES_NAME_MAX - 1);
    return JX_OK;
}

/* The province's index, added when new. */
static jx_status province_of(jx_gazetteer *g, const char *name, uint32_t line, size_t *out,
                             jx_error *err)
{
    for (size_t p = 0; p < g->nprovinces; p++) {
        if (strcmp(g->provinces[p].name, name) == 0) {
            *out = p;
            return JX_OK;
        }
    }
    if (g->nprovinces == JX_GAZETTEER_MAX_PROVINCES)
        return fail(err, line, "more than %d provinces", JX_GAZETTEER_MAX_PROVINCES);
    memcpy(g->provinces[g->nprovinces].name, name, strlen(name) + 1);
    *out = g->nprovinces++;
    return JX_OK;
}

/* Splits one line (NUL-terminated, in place) into a division. */
static jx_status read_line(jx_gazetteer *g, char *s, uint32_t line, division *d, jx_error *err)
{
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == '\r')
        s[--n] = '\0';
    int f = 0;
    d->field[f++] = s;
    for (char *p = s; *p != '\0'; p++) {
        if (*p != '\t')
            continue;
        *p = '\0';
        if (f == NFIELDS)
            return fail(err, line, "more than five fields (code, name, city, province, short)");
        d->field[f++] = p + 1;
    }
    if (f != NFIELDS)
        return fail(err, line, "fewer than five fields (code, name, city, province, short)");
    for (int i = 0; i < NFIELDS; i++) {
        jx_status status = check_field(i, d->field[i], line, err);
        if (status != JX_OK)
            return status;
    }
    d->line = line;
    return province_of(g, d->field[F_PROVINCE], line, &d->province, err);
}

static jx_status read_lines(jx_gazetteer *g, char *text, division_list *list, jx_error *err)
{
    uint32_t line = 0;
    for (char *s = text; s != NULL && *s != '\0';) {
        char *end = strchr(s, '\n');
        if (end != NULL)
            *end = '\0';
        line++;
        if (*s != '#' && *s != '\0' && strcmp(s, "\r") != 0) {
            division *grown = jx_grow(list->items, &list->cap, list->n + 1, sizeof *grown);
            if (grown == NULL)
                return no_memory(err);
            list->items = grown;
            jx_status status = read_line(g, s, line, &list->items[list->n], err);
            if (status != JX_OK)
                return status;
            list->n++;
        }
        s = end != NULL ? end + 1 : NULL;
    }
    return JX_OK;
}

static bool is_province_row(const division *d)
{
    return strcmp(d->field[F_CODE] + 2, "0000") == 0;
}

static bool is_prefecture_row(const division *d)
{
    return !is_province_row(d) && strcmp(d->field[F_CODE] + 4, "00") == 0;
}

/* Province rows give the provinces' short names (陕西省 → 陕西). */
static void read_province_shorts(jx_gazetteer *g, const division_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        const division *d = &list->items[i];
        if (is_province_row(d) && strcmp(d->field[F_NAME], d->field[F_PROVINCE]) == 0)
            memcpy(g->provinces[d->province].short_name, d->field[F_SHORT],
                   strlen(d->field[F_SHORT]) + 1);
    }
}

/* The prefecture row of a county's city, found by the county's code
 * (610881 → 610800) and checked by name; NULL when the file has none. */
static const division *city_row(const division_list *list, const uint32_t *by_code,
                                const division *county)
{
    if (county->field[F_CITY][0] == '\0')
        return NULL;
    int code4 = atoi(county->field[F_CODE]) / 100;
    uint32_t at = by_code[code4];
    if (at == 0)
        return NULL;
    const division *city = &list->items[at - 1];
    return strcmp(city->field[F_NAME], county->field[F_CITY]) == 0 ? city : NULL;
}

static bool add_name(jx_gazetteer *g, const char *name, size_t province)
{
    return jx_name_index_add(g->names, name, strlen(name), (uint32_t)province);
}

/* PARENT + county: the spelling that decides an ambiguous county. */
static bool add_pair(jx_gazetteer *g, const char *parent, const char *county, size_t province)
{
    if (parent[0] == '\0')
        return true;
    char pair[2 * FIELD_MAX + 1];
    size_t a = strlen(parent), b = strlen(county);
    memcpy(pair, parent, a);
    memcpy(pair + a, county, b + 1);
    return add_name(g, pair, province);
}

static jx_status index_names(jx_gazetteer *g, const division_list *list, jx_error *err)
{
    /* 1-based rows of the prefectures by the first four digits of their code. */
    uint32_t *by_code = calloc(10000, sizeof *by_code);
    if (by_code == NULL)
        return no_memory(err);
    for (size_t i = 0; i < list->n; i++) {
        if (is_prefecture_row(&list->items[i]))
            by_code[atoi(list->items[i].field[F_CODE]) / 100] = (uint32_t)i + 1;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < list->n; i++) {
        const division *d = &list->items[i];
        size_t p = d->province;
        ok = add_name(g, d->field[F_NAME], p)
             && (d->field[F_SHORT][0] == '\0' || add_name(g, d->field[F_SHORT], p));
        if (!ok || is_province_row(d) || is_prefecture_row(d))
            continue;
        const division *city = city_row(list, by_code, d);
        if (d->field[F_CITY][0] != '\0') {
            ok = add_pair(g, d->field[F_CITY], d->field[F_NAME], p)
                 && (city == NULL || add_pair(g, city->field[F_SHORT], d->field[F_NAME], p));
        } else {
            ok = add_pair(g, d->field[F_PROVINCE], d->field[F_NAME], p)
                 && add_pair(g, g->provinces[p].short_name, d->field[F_NAME], p);
        }
    }
    free(by_code);
    return ok && jx_name_index_finish(g->names) ? JX_OK : no_memory(err);
}

jx_status jx_gazetteer_parse(const char *text, size_t len, jx_gazetteer **out, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    *out = NULL;
    if (text == NULL)
        return fail(err, 0, "no text");
    size_t bad;
    if (!jx_utf8_valid((const unsigned char *)text, len, &bad)) {
        uint32_t line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        return fail(err, line, "not UTF-8");
    }
    if (memchr(text, '\0', len) != NULL)
        return fail(err, 0, "a NUL byte: not a gazetteer");
    char *copy = malloc(len + 1);
    jx_gazetteer *g = calloc(1, sizeof *g);
    division_list list = {NULL, 0, 0};
    jx_status status = JX_OK;
    if (copy == NULL || g == NULL || (g->names = jx_name_index_new()) == NULL) {
        status = no_memory(err);
    } else {
        memcpy(copy, text, len);
        copy[len] = '\0';
        status = read_lines(g, copy, &list, err);
    }
    if (status == JX_OK && list.n == 0)
        status = fail(err, 0, "no divisions: not a gazetteer");
    if (status == JX_OK) {
        read_province_shorts(g, &list);
        g->ndivisions = list.n;
        status = index_names(g, &list, err);
    }
    free(list.items);
    free(copy);
    if (status != JX_OK) {
        jx_gazetteer_free(g);
        return status;
    }
    *out = g;
    return JX_OK;
}

jx_status jx_gazetteer_load(const char *path, jx_gazetteer **out, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    *out = NULL;
    unsigned char *bytes;
    size_t len;
    jx_status status = jx_read_file(path, GAZETTEER_FILE_MAX, &bytes, &len, err);
    if (status != JX_OK)
        return status;
    status = jx_gazetteer_parse((const char *)bytes, len, out, err);
    free(bytes);
    return status;
}

void jx_gazetteer_free(jx_gazetteer *gazetteer)
{
    if (gazetteer == NULL)
        return;
    jx_name_index_free(gazetteer->names);
    free(gazetteer);
}

size_t jx_gazetteer_province_count(const jx_gazetteer *g)
{
    return g != NULL ? g->nprovinces : 0;
}

const char *jx_gazetteer_province_name(const jx_gazetteer *g, size_t province)
{
    return g != NULL && province < g->nprovinces ? g->provinces[province].name : "";
}

size_t jx_gazetteer_find_province(const jx_gazetteer *g, const char *name)
{
    for (size_t p = 0; g != NULL && name[0] != '\0' && p < g->nprovinces; p++) {
        if (strcmp(g->provinces[p].name, name) == 0
            || strcmp(g->provinces[p].short_name, name) == 0)
            return p;
    }
    return JX_NO_PROVINCE;
}

void jx_gazetteer_mentions(const jx_gazetteer *g, const char *text, size_t len,
                           size_t mentions[JX_GAZETTEER_MAX_PROVINCES])
{
    memset(mentions, 0, JX_GAZETTEER_MAX_PROVINCES * sizeof mentions[0]);
    if (g == NULL || text == NULL)
        return;
    size_t pos = 0;
    uint32_t province;
    while (jx_name_index_next(g->names, text, len, &pos, &province) > 0) {
        if (province != JX_NAME_AMBIGUOUS && province < g->nprovinces)
            mentions[province]++;
    }
}
