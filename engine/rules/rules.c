/*
 * rules.c — rule sets: read from INI (inih), inherit, load by name, list,
 * pick by the place names a document mentions, render back to INI.
 *
 * The INI grammar is documented in rules/national.ini. Reading is strict: an
 * unknown section or key, a malformed value or a list that overflows its
 * array is an error naming the line, because a rule set that silently
 * ignores a misspelt key scores documents by rules nobody wrote.
 *
 * The lines reach inih through ini.c's line source, which counts them
 * (Debian builds inih without INI_HANDLER_LINENO), checks section headers
 * and stops at the first error; ini.c also reads and locates the files.
 * Templates (template.c) are read the same way.
 *
 * A file with `inherits = BASE` is read twice: once on its own, on top of
 * the defaults, which finds its errors in line order and learns BASE; then
 * once more on top of BASE. Bases are parsed here, not by the resolver, so
 * the chain of names being parsed is known and cycles can be refused.
 *
 * `--rules auto` counts, per document, each province's mentions through the
 * gazetteer (gazetteer.c) and each set's [match] words, and takes the set
 * whose province and words are mentioned most.
 *
 * jx_rules_load takes NAME (rules_dir/NAME.ini) or a path ending in .ini;
 * anything else is refused, "../etc/passwd" included, since a name becomes
 * part of a path. A file given by path finds its bases beside it, then in
 * rules_dir, so a custom set can say `inherits = national`.
 */
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* At most this many `inherits` levels above a rule set. */
#define MAX_INHERIT_DEPTH 8

/* A description is one line: with "description = " in front it must fit
 * inih's 200-byte line, or a rendered set would not read back. */
#define DESCRIPTION_MAX 181

/* What errors call a rule file: "not a rule set name", "not a rule set". */
#define RULES_NOUN "rule set"

/* Where rule sets live when the caller names no directory. */
#define DEFAULT_RULES_DIR "rules"

/* `--rules auto` looks at no more rule sets than this. */
#define PICK_MAX_SETS 256

/* Rendered `words =` lines stop growing past this many bytes. */
#define WORDS_LINE_BYTES 120

/* Largest number a rule may hold: far above any weight or percent. */
#define VALUE_MAX (1000000 * JX_MICRO)

/* ------------------------------------------------------------ sections */

typedef enum {
    SEC_RULESET,
    SEC_MATCH,
    SEC_WEIGHTS,
    SEC_EXECUTION,
    SEC_INDICATORS,
    SEC_GRADES,
    SEC_TOLERANCE,
    SEC_UNITS,
    SEC_WORDS,
    SEC_COUNT
} section_id;

/* Names, and the one-line comment jx_render_rules writes under each. */
static const struct {
    const char *name;
    const char *comment;
} sections[SEC_COUNT] = {
    {"ruleset", "名称、说明、继承的基础规则集 (name, description, base set)"},
    {"match", "--rules auto: 文档提及本省 (省、市、县名) 及这些词最多时选用本规则集"},
    {"weights", "一级指标分值; total 总分, 预算执行率, 资金管理"},
    {"execution", "预算执行率得分: proportional 按比例封顶 cap, 或 tiers 分档"},
    {"indicators", "绩效指标得分: 定量按比例重算, 定性 达成/部分达成 的下限比例"},
    {"grades", "等级: 名称 = 最低得分"},
    {"tolerance", "尾差容许: amount 万元, score 分, rate 百分点"},
    {"units", "单位: scale = 原单位 -> 目标单位 : 系数; same = 单位 = 同义单位"},
    {"words", "判断用语: 定性完成程度, 不适用, 未发生, 无偏差说明 (整格), 成本指标"},
};

/* The keys of [words], by jx_words_list. */
static const char *const words_keys[JX_WORDS_COUNT] = {
    [JX_WORDS_MISSED] = "missed",
    [JX_WORDS_PARTLY] = "partly",
    [JX_WORDS_ACHIEVED] = "achieved",
    [JX_WORDS_NOT_APPLICABLE] = "not_applicable",
    [JX_WORDS_NOT_INCURRED] = "not_incurred",
    [JX_WORDS_NO_EXPLANATION] = "no_explanation",
    [JX_WORDS_COST] = "cost",
    [JX_WORDS_CEILING] = "ceiling",
};

_Static_assert(SEC_COUNT <= JX_INI_MAX_SECTIONS, "the INI reader tracks too few sections");

static int section_find(const char *name)
{
    for (int i = 0; i < SEC_COUNT; i++) {
        if (strcmp(sections[i].name, name) == 0)
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------ scalar keys */

/* The kinds of value only rule sets have, read by read_custom below; names,
 * text and yes/no are the schema engine's (ini_schema.c). */
enum {
    VAL_POINTS = JX_INI_CUSTOM, /* a decimal without '%' */
    VAL_RATIO,                  /* 0.8 or 80%, stored as ratio micros */
    VAL_PERCENT,                /* 90 or 90%, stored as percent micros */
    VAL_DECIMALS,               /* a whole number 0..6 */
    VAL_FORMULA                 /* proportional | tiers */
};

/* Numbers: min 1 refuses 0 (no value is negative); max is the largest
 * accepted micros. */
#define FIELD(f) JX_INI_FIELD(jx_rules, f)
#define RATIO_ONE JX_MICRO

/*
 * The keys with one value each, in the order jx_render_rules writes them.
 * The list-valued keys (words, categories, clear, tier, grades, scale,
 * same) are handled by their own functions below.
 */
static const jx_ini_key_spec scalar_keys[] = {
    {SEC_RULESET, "name", JX_INI_NAME, FIELD(name), false, 0, 0},
    {SEC_RULESET, "title", JX_INI_TEXT, FIELD(title), true, 0, 0},
    {SEC_RULESET, "description", JX_INI_TEXT, offsetof(jx_rules, description), DESCRIPTION_MAX,
     true, 0, 0},
    {SEC_RULESET, "inherits", JX_INI_NAME, FIELD(inherits), true, 0, 0},
    {SEC_MATCH, "province", JX_INI_TEXT, FIELD(province), true, 0, 0},
    {SEC_WEIGHTS, "total", VAL_POINTS, FIELD(total_weight), false, 1, VALUE_MAX},
    {SEC_WEIGHTS, "预算执行率", VAL_POINTS, FIELD(execution_weight), false, 0, VALUE_MAX},
    {SEC_WEIGHTS, "资金管理", VAL_POINTS, FIELD(management_weight), false, 0, VALUE_MAX},
    {SEC_EXECUTION, "formula", VAL_FORMULA, FIELD(exec_formula), false, 0, 0},
    {SEC_EXECUTION, "cap", VAL_RATIO, FIELD(exec_cap), false, 1, VALUE_MAX},
    {SEC_EXECUTION, "score_decimals", VAL_DECIMALS, FIELD(exec_score_decimals), false, 0, 0},
    {SEC_EXECUTION, "rate_decimals", VAL_DECIMALS, FIELD(rate_decimals), false, 0, 0},
    {SEC_EXECUTION, "over_execution", VAL_PERCENT, FIELD(over_execution_percent), false, 1,
     VALUE_MAX},
    {SEC_EXECUTION, "indicator", JX_INI_TEXT, FIELD(execution_indicator), true, 0, 0},
    {SEC_INDICATORS, "recompute_quantitative", JX_INI_BOOL, FIELD(recompute_quantitative), false, 0,
     0},
    {SEC_INDICATORS, "score_decimals", VAL_DECIMALS, FIELD(indicator_score_decimals), false, 0, 0},
    {SEC_INDICATORS, "qualitative_achieved", VAL_RATIO, FIELD(qualitative_achieved), false, 0,
     RATIO_ONE},
    {SEC_INDICATORS, "qualitative_partly", VAL_RATIO, FIELD(qualitative_partly), false, 0,
     RATIO_ONE},
    {SEC_INDICATORS, "deviation_zero_when_met", JX_INI_BOOL, FIELD(deviation_zero_when_met), false,
     0, 0},
    {SEC_TOLERANCE, "amount", VAL_POINTS, FIELD(amount_tolerance), false, 0, VALUE_MAX},
    {SEC_TOLERANCE, "score", VAL_POINTS, FIELD(score_tolerance), false, 0, VALUE_MAX},
    {SEC_TOLERANCE, "rate", VAL_PERCENT, FIELD(rate_tolerance), false, 0, VALUE_MAX},
};

#define NSCALARS (sizeof scalar_keys / sizeof scalar_keys[0])
_Static_assert(NSCALARS <= JX_INI_MAX_KEYS, "the INI reader tracks too few keys");

/* ------------------------------------------------------------ defaults */

/* What applies where a file (and its bases) say nothing. */
static void set_defaults(jx_rules *r)
{
    static const jx_grade default_grades[] = {
        {"优", 90 * JX_MICRO}, {"良", 80 * JX_MICRO}, {"中", 60 * JX_MICRO}, {"差", 0},
    };
    memset(r, 0, sizeof *r);
    r->total_weight = 100 * JX_MICRO;
    r->execution_weight = 10 * JX_MICRO;
    r->exec_formula = JX_EXEC_PROPORTIONAL;
    r->exec_cap = RATIO_ONE;
    r->exec_score_decimals = 2;
    r->rate_decimals = 2;
    r->over_execution_percent = 100 * JX_MICRO;
    r->recompute_quantitative = true;
    r->indicator_score_decimals = 2;
    r->qualitative_achieved = RATIO_ONE / 10 * 8;
    r->qualitative_partly = RATIO_ONE / 10 * 6;
    memcpy(r->grades, default_grades, sizeof default_grades);
    r->ngrades = sizeof default_grades / sizeof default_grades[0];
    r->amount_tolerance = JX_MICRO / 100;
    r->score_tolerance = JX_MICRO / 100;
    r->rate_tolerance = JX_MICRO / 100;
}

/* ------------------------------------------------------------ small helpers */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Writes micros with as few decimals as show it exactly: "50", "0.0001". */
static void format_exact(char *buf, size_t size, int64_t micros)
{
    int64_t step = JX_MICRO;
    int decimals = 0;
    while (micros % step != 0) {
        step /= 10;
        decimals++;
    }
    jx_decimal_format(buf, size, micros, decimals);
}

/* ------------------------------------------------------------ parse state */

/* One pass of inih over one file. */
typedef struct {
    jx_ini ini;                       /* the reader: line, section and key lines, error */
    jx_rules *out;

    bool category_from_file[JX_RULES_MAX_CATEGORIES];
    bool clear_seen, clear;           /* [weights] clear = yes */
    bool tiers_started;               /* a list given in a file replaces the */
    bool grades_started;              /* inherited one: these say whether    */
    bool units_started;               /* this file has begun its own         */
    bool words_started[JX_WORDS_COUNT];
} parse_state;

/* Both record the first error only and return false, so callers can `return fail…`. */
#define fail_at(st, line, ...) jx_ini_fail(&(st)->ini, (line), __VA_ARGS__)
#define fail(st, ...) fail_at((st), (st)->ini.line, __VA_ARGS__)

/* ------------------------------------------------------------ values */

/* Reads a number of one of the numeric kinds and checks its bounds. */
static bool read_number(parse_state *st, const char *key, const char *value, int kind,
                        bool positive, int64_t max, int64_t *out)
{
    int64_t v;
    bool percent;
    if (!jx_decimal_read_strict(value, &v, &percent))
        return fail(st, "key '%s': not a number: '%s'", key, value);
    if (percent && kind == VAL_POINTS)
        return fail(st, "key '%s': expected a number without '%%': '%s'", key, value);
    if (percent && kind == VAL_RATIO) {
        if (v % 100 != 0)
            return fail(st, "key '%s': more than 6 decimals as a ratio: '%s'", key, value);
        v /= 100;
    }
    if (positive && v == 0)
        return fail(st, "key '%s': must be above 0: '%s'", key, value);
    if (max > 0 && v > max) {
        char limit[32];
        format_exact(limit, sizeof limit, max);
        return fail(st, "key '%s': above %s: '%s'", key, limit, value);
    }
    *out = v;
    return true;
}

static bool read_decimals(parse_state *st, const char *key, const char *value, int *out)
{
    if (value[0] < '0' || value[0] > '6' || value[1] != '\0')
        return fail(st, "key '%s': expected a whole number 0 to 6: '%s'", key, value);
    *out = value[0] - '0';
    return true;
}

static bool read_formula(parse_state *st, const char *key, const char *value,
                         jx_exec_formula *out)
{
    if (strcmp(value, "proportional") == 0)
        *out = JX_EXEC_PROPORTIONAL;
    else if (strcmp(value, "tiers") == 0)
        *out = JX_EXEC_TIERS;
    else
        return fail(st, "key '%s': expected proportional or tiers: '%s'", key, value);
    return true;
}

/* The rule-set kinds of scalar_keys: ini.out is st->out. */
static bool read_custom(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, void *field)
{
    parse_state *st = ini->user;
    switch (spec->kind) {
    case VAL_POINTS:
    case VAL_RATIO:
    case VAL_PERCENT:
        if (spec->size != sizeof(int64_t))
            break;
        return read_number(st, spec->key, value, spec->kind, spec->min > 0, spec->max, field);
    case VAL_DECIMALS:
        if (spec->size != sizeof(int))
            break;
        return read_decimals(st, spec->key, value, field);
    case VAL_FORMULA:
        if (spec->size != sizeof(jx_exec_formula))
            break;
        return read_formula(st, spec->key, value, field);
    default: break;
    }
    return fail(st, "key '%s': internal error", spec->key);
}

static const jx_ini_schema schema = {section_find, scalar_keys, NSCALARS, RULES_NOUN, read_custom};

/* ------------------------------------------------------------ word lists */

/* A list of words: [match] words, and each key of [words]. */
typedef struct {
    const char *key;
    char (*words)[48];
    size_t *n;
} word_list;

static bool add_word(parse_state *st, const word_list *list, const char *word)
{
    for (size_t i = 0; i < *list->n; i++) {
        if (strcmp(list->words[i], word) == 0)
            return fail(st, "key '%s': '%s' given twice", list->key, word);
    }
    size_t max = list->words == st->out->match ? JX_RULES_MAX_MATCH : JX_RULES_MAX_WORDS;
    if (*list->n == max)
        return fail(st, "key '%s': too many words (at most %zu)", list->key, max);
    memcpy(list->words[(*list->n)++], word, strlen(word) + 1);
    return true;
}

/* KEY = 陕西, 榆林, …: the key may repeat, each adds to the list. */
static bool add_words(parse_state *st, const word_list *list, const char *value)
{
    const char *p = value;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char word[sizeof st->out->match[0]];
        if (!jx_ini_copy_trimmed(p, n, word, sizeof word))
            return fail(st, "key '%s': a word longer than %zu bytes in '%s'", list->key,
                        sizeof word - 1, value);
        if (word[0] == '\0')
            return fail(st, "key '%s': empty word in '%s'", list->key, value);
        /* A word must read back from `jixiao rules`: ';' and '#' start comments there. */
        if (strpbrk(word, ";#") != NULL)
            return fail(st, "key '%s': a word may not hold ';' or '#': '%s'", list->key, word);
        if (!add_word(st, list, word))
            return false;
        if (comma == NULL)
            return true;
        p = comma + 1;
    }
}

static bool add_match_words(parse_state *st, const char *value)
{
    word_list list = {"words", st->out->match, &st->out->nmatch};
    return add_words(st, &list, value);
}

/* [words] KEY = …: a list given in a file replaces the inherited one. */
static bool add_judgement_words(parse_state *st, const char *key, const char *value,
                                bool *known)
{
    for (int k = 0; k < JX_WORDS_COUNT; k++) {
        if (strcmp(words_keys[k], key) != 0)
            continue;
        jx_rule_words *w = &st->out->words[k];
        if (!st->words_started[k]) {
            memset(w, 0, sizeof *w);
            st->words_started[k] = true;
        }
        word_list list = {words_keys[k], w->word, &w->n};
        return add_words(st, &list, value);
    }
    *known = false;
    return false;
}

/* ------------------------------------------------------------ [weights] */

/* A child's category replaces the inherited one of the same name. */
static bool set_category(parse_state *st, const char *key, const char *value)
{
    jx_rules *r = st->out;
    int64_t weight;
    if (strlen(key) >= sizeof r->categories[0].name)
        return fail(st, "key '%s': category name longer than %zu bytes", key,
                    sizeof r->categories[0].name - 1);
    if (!read_number(st, key, value, VAL_POINTS, false, VALUE_MAX, &weight))
        return false;
    size_t i = 0;
    while (i < r->ncategories && strcmp(r->categories[i].name, key) != 0)
        i++;
    if (i < r->ncategories && st->category_from_file[i])
        return fail(st, "duplicate key '%s' in [weights]", key);
    if (i == JX_RULES_MAX_CATEGORIES)
        return fail(st, "key '%s': too many categories (at most %d)", key,
                    JX_RULES_MAX_CATEGORIES);
    if (i == r->ncategories) {
        memcpy(r->categories[i].name, key, strlen(key) + 1);
        r->ncategories++;
    }
    r->categories[i].weight = weight;
    st->category_from_file[i] = true;
    return true;
}

/* `clear = yes` is recorded here and acted on before the file is applied to
 * its base, so it drops inherited categories wherever it stands. */
static bool set_clear(parse_state *st, const char *value)
{
    if (st->clear_seen)
        return fail(st, "duplicate key 'clear' in [weights]");
    st->clear_seen = true;
    return jx_ini_read_bool(&st->ini, "clear", value, &st->clear);
}

static void clear_categories(jx_rules *r)
{
    memset(r->categories, 0, sizeof r->categories);
    r->ncategories = 0;
}

/* ------------------------------------------------------------ [execution] tier */

/* tier = 90% : 1.0 — a rate of at least 90% earns the whole weight. */
static bool add_tier(parse_state *st, const char *value)
{
    jx_rules *r = st->out;
    const char *colon = strchr(value, ':');
    char bound[32], fraction[32];
    if (colon == NULL || strchr(colon + 1, ':') != NULL ||
        !jx_ini_copy_trimmed(value, (size_t)(colon - value), bound, sizeof bound) ||
        !jx_ini_copy_trimmed(colon + 1, strlen(colon + 1), fraction, sizeof fraction))
        return fail(st, "key 'tier': expected 'RATE%% : FRACTION': '%s'", value);

    jx_exec_tier tier;
    if (!read_number(st, "tier", bound, VAL_PERCENT, false, VALUE_MAX, &tier.min_rate_percent) ||
        !read_number(st, "tier", fraction, VAL_RATIO, false, RATIO_ONE, &tier.fraction))
        return false;
    if (!st->tiers_started) {
        memset(r->tiers, 0, sizeof r->tiers);
        r->ntiers = 0;
        st->tiers_started = true;
    }
    for (size_t i = 0; i < r->ntiers; i++) {
        if (r->tiers[i].min_rate_percent == tier.min_rate_percent) {
            char shown[32];
            format_exact(shown, sizeof shown, tier.min_rate_percent);
            return fail(st, "key 'tier': two tiers start at %s%%", shown);
        }
    }
    if (r->ntiers == JX_RULES_MAX_TIERS)
        return fail(st, "key 'tier': too many tiers (at most %d)", JX_RULES_MAX_TIERS);
    r->tiers[r->ntiers++] = tier;
    return true;
}

/* ------------------------------------------------------------ [grades] */

/* 优 = 90: any name is a grade, so there is no unknown key in [grades]. */
static bool set_grade(parse_state *st, const char *key, const char *value)
{
    jx_rules *r = st->out;
    jx_grade grade;
    if (strlen(key) >= sizeof grade.name)
        return fail(st, "key '%s': grade name longer than %zu bytes", key,
                    sizeof grade.name - 1);
    if (!read_number(st, key, value, VAL_POINTS, false, VALUE_MAX, &grade.min_score))
        return false;
    memset(grade.name, 0, sizeof grade.name);
    memcpy(grade.name, key, strlen(key));
    if (!st->grades_started) {
        memset(r->grades, 0, sizeof r->grades);
        r->ngrades = 0;
        st->grades_started = true;
    }
    for (size_t i = 0; i < r->ngrades; i++) {
        if (strcmp(r->grades[i].name, key) == 0)
            return fail(st, "duplicate key '%s' in [grades]", key);
        if (r->grades[i].min_score == grade.min_score)
            return fail(st, "key '%s': grade '%s' starts at the same score", key,
                        r->grades[i].name);
    }
    if (r->ngrades == JX_RULES_MAX_GRADES)
        return fail(st, "key '%s': too many grades (at most %d)", key, JX_RULES_MAX_GRADES);
    r->grades[r->ngrades++] = grade;
    return true;
}

/* ------------------------------------------------------------ [units] */

/* A unit as jx_number_parse reports one: short, no digits, no separators. */
static bool read_unit(const char *s, size_t n, char unit[JX_UNIT_MAX])
{
    if (!jx_ini_copy_trimmed(s, n, unit, JX_UNIT_MAX) || unit[0] == '\0')
        return false;
    for (const char *p = unit; *p != '\0'; p++) {
        if (is_digit(*p) || is_blank(*p) || strchr(":=;,%<>", *p) != NULL)
            return false;
    }
    return true;
}

static bool add_unit(parse_state *st, const char *key, const jx_unit_rule *unit)
{
    jx_rules *r = st->out;
    if (strcmp(unit->from, unit->to) == 0)
        return fail(st, "key '%s': a unit is related to itself: '%s'", key, unit->from);
    if (!st->units_started) {
        memset(r->units, 0, sizeof r->units);
        r->nunits = 0;
        st->units_started = true;
    }
    for (size_t i = 0; i < r->nunits; i++) {
        if (strcmp(r->units[i].from, unit->from) == 0 && strcmp(r->units[i].to, unit->to) == 0)
            return fail(st, "key '%s': %s and %s are related twice", key, unit->from, unit->to);
    }
    if (r->nunits == JX_RULES_MAX_UNITS)
        return fail(st, "key '%s': too many unit rules (at most %d)", key, JX_RULES_MAX_UNITS);
    r->units[r->nunits++] = *unit;
    return true;
}

/* scale = 元 -> 万元 : 0.0001 */
static bool add_scale(parse_state *st, const char *value)
{
    jx_unit_rule unit;
    memset(&unit, 0, sizeof unit);
    const char *arrow = strstr(value, "->");
    const char *colon = arrow != NULL ? strchr(arrow, ':') : NULL;
    char factor[32];
    if (colon == NULL || !read_unit(value, (size_t)(arrow - value), unit.from) ||
        !read_unit(arrow + 2, (size_t)(colon - arrow - 2), unit.to) ||
        !jx_ini_copy_trimmed(colon + 1, strlen(colon + 1), factor, sizeof factor))
        return fail(st, "key 'scale': expected 'FROM -> TO : FACTOR': '%s'", value);
    if (!read_number(st, "scale", factor, VAL_POINTS, true, VALUE_MAX, &unit.factor))
        return false;
    return add_unit(st, "scale", &unit);
}

/* same = 人 = 人次: two spellings of one unit (factor 1). */
static bool add_same(parse_state *st, const char *value)
{
    jx_unit_rule unit;
    memset(&unit, 0, sizeof unit);
    const char *eq = strchr(value, '=');
    if (eq == NULL || !read_unit(value, (size_t)(eq - value), unit.from) ||
        !read_unit(eq + 1, strlen(eq + 1), unit.to))
        return fail(st, "key 'same': expected 'UNIT = UNIT': '%s'", value);
    unit.factor = JX_MICRO;
    return add_unit(st, "same", &unit);
}

/* ------------------------------------------------------------ the handler */

/* The keys that are not in scalar_keys; false with no error: unknown. */
static bool apply_list_key(parse_state *st, int section, const char *key, const char *value,
                           bool *known)
{
    *known = true;
    switch (section) {
    case SEC_MATCH:
        if (strcmp(key, "words") == 0)
            return add_match_words(st, value);
        break;
    case SEC_WEIGHTS:
        if (strcmp(key, "clear") == 0)
            return set_clear(st, value);
        /* Category names end in 指标, so a misspelt key is not a category. */
        if (jx_ends_with(key, "指标"))
            return set_category(st, key, value);
        break;
    case SEC_EXECUTION:
        if (strcmp(key, "tier") == 0)
            return add_tier(st, value);
        break;
    case SEC_GRADES:
        return set_grade(st, key, value);
    case SEC_UNITS:
        if (strcmp(key, "scale") == 0)
            return add_scale(st, value);
        if (strcmp(key, "same") == 0)
            return add_same(st, value);
        break;
    case SEC_WORDS:
        return add_judgement_words(st, key, value, known);
    default:
        break;
    }
    *known = false;
    return false;
}

static jx_ini_key_result handle_key(void *user, int section, const char *key,
                                    const char *value)
{
    parse_state *st = user;
    jx_ini_key_result scalar = jx_ini_apply_key(&st->ini, section, key, value);
    if (scalar != JX_INI_KEY_UNKNOWN)
        return scalar;
    bool known;
    if (apply_list_key(st, section, key, value, &known))
        return JX_INI_KEY_OK;
    return known ? JX_INI_KEY_FAILED : JX_INI_KEY_UNKNOWN;
}

/* Applies the keys of text to st->out. */
static jx_status run_pass(parse_state *st, const char *text, jx_rules *out, jx_error *err)
{
    memset(st, 0, sizeof *st);
    st->out = out;
    jx_ini_init(&st->ini, &schema, out, handle_key, st, err);
    return jx_ini_run(&st->ini, text);
}

/* ------------------------------------------------------------ consistency */

static void sort_tiers(jx_rules *r)
{
    for (size_t i = 1; i < r->ntiers; i++) {
        jx_exec_tier t = r->tiers[i];
        size_t j = i;
        for (; j > 0 && r->tiers[j - 1].min_rate_percent < t.min_rate_percent; j--)
            r->tiers[j] = r->tiers[j - 1];
        r->tiers[j] = t;
    }
}

static void sort_grades(jx_rules *r)
{
    for (size_t i = 1; i < r->ngrades; i++) {
        jx_grade g = r->grades[i];
        size_t j = i;
        for (; j > 0 && r->grades[j - 1].min_score < g.min_score; j--)
            r->grades[j] = r->grades[j - 1];
        r->grades[j] = g;
    }
}

/* Categories, 预算执行率 and 资金管理 make up the total; with no categories
 * declared (forms that give none) they only must not exceed it. */
static bool check_weights(parse_state *st)
{
    const jx_rules *r = st->out;
    int64_t sum = 0;
    bool overflow = false;
    jx_sum_add(&sum, r->execution_weight, &overflow);
    jx_sum_add(&sum, r->management_weight, &overflow);
    for (size_t i = 0; i < r->ncategories; i++)
        jx_sum_add(&sum, r->categories[i].weight, &overflow);
    bool ok = !overflow && (r->ncategories > 0 ? sum == r->total_weight : sum <= r->total_weight);
    if (ok)
        return true;
    char have[32], total[32];
    format_exact(have, sizeof have, sum);
    format_exact(total, sizeof total, r->total_weight);
    return fail_at(st, st->ini.section_line[SEC_WEIGHTS],
                   "weights add up to %s (categories, 预算执行率, 资金管理), total is %s",
                   have, total);
}

/* What no single key can check: run on the finished set. */
static jx_status finish_rules(parse_state *st)
{
    jx_rules *r = st->out;
    sort_tiers(r);
    sort_grades(r);
    if (r->exec_formula == JX_EXEC_TIERS && r->ntiers == 0)
        fail_at(st, st->ini.section_line[SEC_EXECUTION],
                "formula = tiers needs at least one 'tier = RATE%% : FRACTION'");
    else if (r->qualitative_partly > r->qualitative_achieved)
        fail_at(st, st->ini.section_line[SEC_INDICATORS],
                "qualitative_partly is above qualitative_achieved");
    else if (r->ngrades == 0)
        fail_at(st, st->ini.section_line[SEC_GRADES], "no grades");
    else
        check_weights(st);
    return st->ini.failed ? JX_ERR_FORMAT : JX_OK;
}

/* ------------------------------------------------------------ inheritance */

/* The rule sets being parsed, outermost first, and where bases come from. */
typedef struct {
    jx_rules_resolver resolve;
    void *ctx;
    const char *names[MAX_INHERIT_DEPTH];
    size_t depth;
} inherit_chain;

static jx_status parse_set(const char *text, const char *path, jx_rules *out,
                           inherit_chain *chain, size_t *levels, jx_error *err);

/* Without a `name` key a set is called after its file: rules/henan.ini → henan. */
static void name_from_path(jx_rules *r, const char *path)
{
    if (r->name[0] == '\0' && path != NULL)
        jx_ini_name_from_path(path, r->name);
}

/* Prefixes an error from a base with the base's name, path and line, and
 * moves it to the `inherits` line of the file being read. */
static void wrap_base_error(jx_error *err, const char *base, const char *base_path,
                            uint32_t inherits_line)
{
    char inner[sizeof err->message];
    memcpy(inner, err->message, sizeof inner);
    /* jx_error_set truncates: a long chain of names keeps its start. */
    if (base_path != NULL && err->line > 0)
        jx_error_set(err, err->status, inherits_line, "inherits '%s': %s:%u: %s", base,
                     base_path, err->line, inner);
    else if (base_path != NULL)
        jx_error_set(err, err->status, inherits_line, "inherits '%s': %s: %s", base, base_path,
                     inner);
    else
        jx_error_set(err, err->status, inherits_line, "inherits '%s': %s", base, inner);
}

static bool in_chain(const inherit_chain *chain, const char *name)
{
    for (size_t i = 0; i < chain->depth; i++) {
        if (strcmp(chain->names[i], name) == 0)
            return true;
    }
    return false;
}

static jx_status refuse_cycle(const inherit_chain *chain, const char *base, uint32_t line,
                              jx_error *err)
{
    char trail[sizeof err->message] = ""; /* "a -> b -> " */
    size_t len = 0;
    for (size_t i = 0; i < chain->depth && len < sizeof trail; i++) {
        int n = snprintf(trail + len, sizeof trail - len, "%s -> ", chain->names[i]);
        len += n > 0 ? (size_t)n : 0;
    }
    if (len > sizeof trail - 1)
        len = sizeof trail - 1;
    jx_error_set(err, JX_ERR_FORMAT, line, "inherits cycle: %.*s%s", (int)len, trail, base);
    return JX_ERR_FORMAT;
}

/* Fetches BASE through the resolver and parses it (and its bases) into out. */
static jx_status resolve_and_parse(const char *base, uint32_t line, inherit_chain *chain,
                                   jx_rules *out, size_t *levels, jx_error *err)
{
    if (chain->resolve == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, line, "inherits '%s': no way to find base rule sets",
                     base);
        return JX_ERR_FORMAT;
    }
    const char *text = NULL, *base_path = NULL;
    jx_status status = chain->resolve(base, &text, &base_path, err, chain->ctx);
    if (status == JX_OK && text == NULL) {
        jx_error_set(err, JX_ERR_IO, 0, "no such rule set");
        status = JX_ERR_IO;
    }
    if (status != JX_OK) {
        wrap_base_error(err, base, NULL, line);
        return status;
    }
    if (base_path == NULL)
        base_path = base;
    status = parse_set(text, base_path, out, chain, levels, err);
    if (status != JX_OK)
        wrap_base_error(err, base, base_path, line);
    return status;
}

/* Parses the base of `own` (its first pass) into out, refusing cycles and
 * chains deeper than MAX_INHERIT_DEPTH. */
static jx_status parse_base(const jx_rules *own, uint32_t line, inherit_chain *chain,
                            jx_rules *out, size_t *levels, jx_error *err)
{
    if (chain->depth == MAX_INHERIT_DEPTH) {
        jx_error_set(err, JX_ERR_FORMAT, line, "inherits '%s': more than %d levels of inherits",
                     own->inherits, MAX_INHERIT_DEPTH);
        return JX_ERR_FORMAT;
    }
    chain->names[chain->depth++] = own->name;
    jx_status status;
    if (in_chain(chain, own->inherits))
        status = refuse_cycle(chain, own->inherits, line, err);
    else
        status = resolve_and_parse(own->inherits, line, chain, out, levels, err);
    chain->depth--;
    return status;
}

/* A child starts from its base's rules, not from its base's identity. */
static void reset_identity(jx_rules *r)
{
    memset(r->name, 0, sizeof r->name);
    memset(r->title, 0, sizeof r->title);
    memset(r->description, 0, sizeof r->description);
    memset(r->inherits, 0, sizeof r->inherits);
    memset(r->province, 0, sizeof r->province);
    memset(r->match, 0, sizeof r->match);
    r->nmatch = 0;
}

/* Second pass: the file's keys on top of its parsed base (already in out). */
static jx_status apply_over_base(const char *text, const char *path, const jx_rules *own,
                                 const parse_state *first, inherit_chain *chain,
                                 jx_rules *out, size_t *levels, jx_error *err)
{
    uint32_t inherits_line = jx_ini_key_line(&first->ini, SEC_RULESET, "inherits");
    jx_status status = parse_base(own, inherits_line, chain, out, levels, err);
    if (status != JX_OK)
        return status;
    (*levels)++;
    reset_identity(out);
    if (first->clear)
        clear_categories(out);
    parse_state st;
    status = run_pass(&st, text, out, err);
    if (status == JX_OK) {
        name_from_path(out, path);
        status = finish_rules(&st);
    }
    return status;
}

/* Reads one rule set and, through the chain, its bases; *levels counts them. */
static jx_status parse_set(const char *text, const char *path, jx_rules *out,
                           inherit_chain *chain, size_t *levels, jx_error *err)
{
    *levels = 0;
    memset(out, 0, sizeof *out);
    if (!jx_ini_set_path(out->path, sizeof out->path, path, err))
        return JX_ERR_FORMAT;
    /* Text must be UTF-8: names and words are compared byte for byte. */
    jx_status status = jx_ini_check_text(text, err);
    if (status != JX_OK)
        return status;

    /* The first pass works on a heap copy: the chain holds one per level. */
    jx_rules *own = malloc(sizeof *own);
    if (own == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    set_defaults(own);
    parse_state first;
    status = run_pass(&first, text, own, err);
    if (status == JX_OK) {
        name_from_path(own, path);
        if (own->inherits[0] != '\0') {
            status = apply_over_base(text, path, own, &first, chain, out, levels, err);
        } else {
            status = finish_rules(&first);
            *out = *own;
        }
    }
    free(own);
    /* The base's path was there; the caller wants ours. */
    jx_ini_set_path(out->path, sizeof out->path, path, err);
    return status;
}

jx_status jx_rules_parse(const char *ini_text, const char *path, jx_rules *out,
                         jx_rules_resolver resolve, void *ctx, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    inherit_chain chain = {resolve, ctx, {NULL}, 0};
    size_t levels;
    return parse_set(ini_text, path, out, &chain, &levels, err);
}

/* ------------------------------------------------------------ files */

/* Bases named by a file, read from `dir` (the file's own directory) or else
 * from `fallback` (the rules directory, for a file given by path), kept
 * until the load is done. */
typedef struct {
    char dir[JX_RULES_PATH_MAX];
    char fallback[JX_RULES_PATH_MAX];
    char *texts[MAX_INHERIT_DEPTH];
    char paths[MAX_INHERIT_DEPTH][JX_RULES_PATH_MAX];
    size_t n;
} file_source;

static jx_status file_resolve(const char *name, const char **text, const char **path,
                              jx_error *err, void *ctx)
{
    file_source *src = ctx;
    if (src->n == MAX_INHERIT_DEPTH) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "more than %d levels of inherits",
                     MAX_INHERIT_DEPTH);
        return JX_ERR_FORMAT;
    }
    char *file = src->paths[src->n];
    if (!jx_ini_join_path(file, JX_RULES_PATH_MAX, src->dir, name)) {
        jx_error_set(err, JX_ERR_IO, 0, "path too long");
        return JX_ERR_IO;
    }
    char *buf;
    jx_status status = jx_ini_read_file(file, RULES_NOUN, &buf, err);
    char other[JX_RULES_PATH_MAX];
    if (status == JX_ERR_IO && src->fallback[0] != '\0' &&
        jx_ini_join_path(other, sizeof other, src->fallback, name) &&
        jx_ini_read_file(other, RULES_NOUN, &buf, NULL) == JX_OK) {
        memcpy(file, other, sizeof other);
        status = JX_OK;
    }
    if (status != JX_OK) {
        char reason[sizeof err->message];
        memcpy(reason, err->message, sizeof reason);
        jx_error_set(err, status, err->line, "%s: %s", file, reason);
        return status;
    }
    src->texts[src->n++] = buf;
    *text = buf;
    *path = file;
    return JX_OK;
}

static jx_status load_set(const char *arg, const char *rules_dir, jx_rules *out, size_t *levels,
                          jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    *levels = 0;
    file_source *src = calloc(1, sizeof *src);
    if (src == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    char path[JX_RULES_PATH_MAX];
    char *text = NULL;
    const char *dir = rules_dir != NULL ? rules_dir : DEFAULT_RULES_DIR;
    /* A name becomes part of a path and must not climb out of the directory;
     * a path's own directory is where its bases are looked for first. */
    jx_status status = jx_ini_locate(arg, dir, RULES_NOUN, path, src->dir, err);
    if (status == JX_OK && strcmp(src->dir, dir) != 0 && strlen(dir) < sizeof src->fallback)
        memcpy(src->fallback, dir, strlen(dir) + 1);
    if (status == JX_OK) {
        jx_ini_set_path(out->path, sizeof out->path, path, err);
        status = jx_ini_read_file(path, RULES_NOUN, &text, err);
    }
    if (status == JX_OK) {
        inherit_chain chain = {file_resolve, src, {NULL}, 0};
        status = parse_set(text, path, out, &chain, levels, err);
    }
    free(text);
    for (size_t i = 0; i < src->n; i++)
        free(src->texts[i]);
    free(src);
    return status;
}

jx_status jx_rules_load(const char *name_or_path, const char *rules_dir, jx_rules *out,
                        jx_error *err)
{
    size_t levels;
    return load_set(name_or_path, rules_dir, out, &levels, err);
}

/* ------------------------------------------------------------ listing */

/* "henan.ini" → "henan" when that is a valid name. */
static bool ini_stem(const char *file, char stem[JX_RULES_NAME_MAX])
{
    if (!jx_ends_with(file, ".ini"))
        return false;
    size_t n = strlen(file) - 4;
    if (n == 0 || n >= JX_RULES_NAME_MAX)
        return false;
    memcpy(stem, file, n);
    stem[n] = '\0';
    return jx_ini_valid_name(stem);
}

static bool is_regular_file(const char *dir, const char *file)
{
    char path[JX_RULES_PATH_MAX + 256];
    int n = snprintf(path, sizeof path, "%s/%s", dir, file);
    struct stat sb;
    return n > 0 && (size_t)n < sizeof path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Inserts into a sorted list of at most max names, dropping the last when full. */
static size_t insert_sorted(char names[][JX_RULES_NAME_MAX], size_t n, size_t max,
                            const char *name)
{
    size_t pos = 0;
    while (pos < n && strcmp(names[pos], name) < 0)
        pos++;
    if (pos == max)
        return n;
    size_t last = n < max ? n : max - 1;
    memmove(names[pos + 1], names[pos], (last - pos) * sizeof names[0]);
    memset(names[pos], 0, sizeof names[0]);
    memcpy(names[pos], name, strlen(name));
    return n < max ? n + 1 : n;
}

jx_status jx_rules_list(const char *rules_dir, char names[][JX_RULES_NAME_MAX], size_t max,
                        size_t *count, jx_error *err)
{
    const char *dir = rules_dir != NULL ? rules_dir : DEFAULT_RULES_DIR;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL) {
        jx_error_set(err, JX_ERR_IO, 0, "%s", strerror(errno));
        return JX_ERR_IO;
    }
    if (names == NULL || max == 0) {
        closedir(d);
        return JX_OK;
    }
    size_t n = 0;
    const struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        char stem[JX_RULES_NAME_MAX];
        if (ini_stem(entry->d_name, stem) && is_regular_file(dir, entry->d_name))
            n = insert_sorted(names, n, max, stem);
    }
    closedir(d);
    *count = n;
    return JX_OK;
}

/* ------------------------------------------------------------ picking */

_Static_assert(JX_RULES_MAX_MATCH <= JX_COUNT_WORDS_MAX, "jx_count_words counts too few words");

/* What one document names: each province's mentions, counted once. */
typedef struct {
    const jx_document *doc;
    const jx_gazetteer *gazetteer;
    const char *gazetteer_path; /* for messages */
    size_t mentions[JX_GAZETTEER_MAX_PROVINCES];
    bool has_set[JX_GAZETTEER_MAX_PROVINCES]; /* a set that loaded names it */
} pick_context;

static size_t count_match_words(const jx_document *doc, const jx_rules *rules)
{
    if (doc == NULL)
        return 0;
    return jx_count_words(doc->text, doc->text_len, (const char (*)[48])rules->match,
                          rules->nmatch);
}

/* A set's mentions: its province's and its words'. A province the gazetteer
 * does not know is an error, so that a misspelt one is said, not silently
 * never picked. */
static jx_status count_mentions(pick_context *pc, const jx_rules *set, size_t *count,
                                jx_error *why)
{
    *count = count_match_words(pc->doc, set);
    if (set->province[0] == '\0')
        return JX_OK;
    size_t p = jx_gazetteer_find_province(pc->gazetteer, set->province);
    if (p == JX_NO_PROVINCE) {
        jx_error_set(why, JX_ERR_FORMAT, 0, "[match] province '%s': not in %s", set->province,
                     pc->gazetteer != NULL ? pc->gazetteer_path : "a gazetteer (none was read)");
        return JX_ERR_FORMAT;
    }
    pc->has_set[p] = true;
    *count += pc->mentions[p];
    return JX_OK;
}

/* Rule sets `--rules auto` could not read, reported once the pick is decided. */
typedef struct {
    size_t index;          /* into the names */
    char path[JX_RULES_PATH_MAX];
    jx_error err;
} skipped_set;

typedef struct {
    skipped_set *items;
    size_t n, cap;
} skipped_list;

static jx_status skip(skipped_list *skipped, size_t index, const char *path, const jx_error *why,
                      jx_error *err)
{
    skipped_set *grown =
        jx_grow(skipped->items, &skipped->cap, skipped->n + 1, sizeof *skipped->items);
    if (grown == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    skipped->items = grown;
    skipped_set *s = &skipped->items[skipped->n++];
    s->index = index;
    memcpy(s->path, path, sizeof s->path);
    s->err = *why;
    return JX_OK;
}

/* The most mentioned set wins; ties go to the one with fewer bases, then to
 * name order, which is the order the sets are visited in. A set that does
 * not load is skipped: one broken file must not stop every document. A
 * province no set names, mentioned more than the winner, wins for national:
 * a document of 安徽 that names 西安 once is no Shaanxi document. */
/* Where the candidates come from: the files, read now, or a catalog read once. */
typedef struct {
    const char *dir;
    char (*names)[JX_RULES_NAME_MAX];
    size_t n;
    const jx_rules_catalog *catalog; /* NULL: read the files */
} set_source;

struct jx_rules_catalog {
    char dir[JX_RULES_PATH_MAX];
    size_t n;
    char (*names)[JX_RULES_NAME_MAX];
    jx_rules *sets;        /* sets[i] as read (its path even when it failed) */
    size_t *levels;
    jx_status *status;
    jx_error *errors;
};

/* Candidate i of a source: read into *buffer, or the catalog's own (a set is
 * some 12 KB: copying every candidate for every document cost more than
 * counting its words); its status. */
static jx_status source_get(const set_source *src, size_t i, jx_rules *buffer,
                            const jx_rules **out, size_t *levels, jx_error *why)
{
    if (src->catalog == NULL) {
        *out = buffer;
        return load_set(src->names[i], src->dir, buffer, levels, why);
    }
    *out = &src->catalog->sets[i];
    *levels = src->catalog->levels[i];
    *why = src->catalog->errors[i];
    return src->catalog->status[i];
}

static jx_status pick_best(pick_context *pc, const set_source *src, jx_rules *buffer,
                           jx_rules *out, size_t *best_count, skipped_list *skipped,
                           jx_error *err)
{
    size_t best_levels = 0;
    *best_count = 0;
    const jx_rules *best = NULL; /* a catalog's set, copied out once decided */
    for (size_t i = 0; i < src->n; i++) {
        size_t levels, count = 0;
        jx_error why;
        const jx_rules *candidate;
        jx_status status = source_get(src, i, buffer, &candidate, &levels, &why);
        if (status == JX_ERR_NOMEM) {
            *err = why;
            return status;
        }
        if (status == JX_OK)
            status = count_mentions(pc, candidate, &count, &why);
        if (status != JX_OK) {
            if (skip(skipped, i, candidate->path, &why, err) != JX_OK)
                return JX_ERR_NOMEM;
            continue;
        }
        if (count > *best_count || (count > 0 && count == *best_count && levels < best_levels)) {
            if (candidate == buffer)
                *out = *candidate;
            best = candidate == buffer ? NULL : candidate;
            *best_count = count;
            best_levels = levels;
        }
    }
    if (best != NULL)
        *out = *best;
    for (size_t p = 0; p < jx_gazetteer_province_count(pc->gazetteer); p++) {
        if (!pc->has_set[p] && pc->mentions[p] > *best_count)
            *best_count = 0;
    }
    return JX_OK;
}

jx_status jx_rules_pick(const jx_document *doc, const char *rules_dir, jx_rules *out,
                        jx_error *err)
{
    return jx_rules_pick_skipping(doc, rules_dir, out, NULL, NULL, err);
}

static jx_status catalog_national(const jx_rules_catalog *catalog, jx_rules *out, jx_error *err);

static jx_status pick(const jx_document *doc, const char *dir, const jx_rules_catalog *catalog,
                      const jx_gazetteer *gazetteer, const char *gazetteer_path, jx_rules *out,
                      jx_rules_skip_handler on_skip, void *ctx, jx_error *err)
{
    char (*names)[JX_RULES_NAME_MAX] = catalog ? NULL : malloc(PICK_MAX_SETS * sizeof *names);
    jx_rules *candidate = malloc(sizeof *candidate);
    pick_context *pc = calloc(1, sizeof *pc);
    skipped_list skipped = {NULL, 0, 0};
    jx_status status = JX_OK;
    bool fallback = false;
    if ((catalog == NULL && names == NULL) || candidate == NULL || pc == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        status = JX_ERR_NOMEM;
    } else {
        pc->doc = doc;
        pc->gazetteer = gazetteer;
        pc->gazetteer_path = gazetteer_path;
        if (doc != NULL)
            jx_gazetteer_mentions(gazetteer, doc->text, doc->text_len, pc->mentions);
        /* An unreadable directory is no candidates: the fallback says why. */
        set_source src = {dir, names, 0, catalog};
        if (catalog != NULL) {
            src.names = catalog->names;
            src.n = catalog->n;
        } else {
            jx_rules_list(dir, names, PICK_MAX_SETS, &src.n, NULL);
        }
        size_t best_count;
        status = pick_best(pc, &src, candidate, out, &best_count, &skipped, err);
        fallback = status == JX_OK && best_count == 0;
        if (fallback) /* as if named: a broken national fails here, with its error */
            status = catalog ? catalog_national(catalog, out, err)
                             : jx_rules_load("national", dir, out, err);
        names = catalog ? NULL : names;
    }
    const char (*listed)[JX_RULES_NAME_MAX] = catalog ? (const char (*)[JX_RULES_NAME_MAX])catalog->names
                                                      : (const char (*)[JX_RULES_NAME_MAX])names;
    for (size_t i = 0; on_skip != NULL && status != JX_ERR_NOMEM && i < skipped.n; i++) {
        const skipped_set *s = &skipped.items[i];
        if (!(fallback && status != JX_OK && strcmp(listed[s->index], "national") == 0))
            on_skip(s->path, &s->err, ctx); /* a failed fallback is the error, not a skip */
    }
    free(skipped.items);
    free(names);
    free(candidate);
    free(pc);
    return status;
}

/* The rules directory (or the default) and the gazetteer's path in it; false
 * when the path does not fit. */
static bool gazetteer_path_in(const char *rules_dir, const char **dir,
                              char path[JX_RULES_PATH_MAX])
{
    *dir = rules_dir != NULL ? rules_dir : DEFAULT_RULES_DIR;
    return snprintf(path, JX_RULES_PATH_MAX, "%s/%s", *dir, JX_GAZETTEER_FILE)
        < JX_RULES_PATH_MAX;
}

/* A pick among the files of rules_dir, or among a catalog read from it once. */
static jx_status pick_in(const jx_document *doc, const char *rules_dir,
                         const jx_rules_catalog *catalog, const jx_gazetteer *gazetteer,
                         jx_rules *out, jx_rules_skip_handler on_skip, void *ctx, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    const char *dir;
    char path[JX_RULES_PATH_MAX];
    bool fits = gazetteer_path_in(rules_dir, &dir, path);
    return pick(doc, dir, catalog, gazetteer, fits ? path : JX_GAZETTEER_FILE, out, on_skip, ctx,
                err);
}

jx_status jx_rules_pick_with(const jx_document *doc, const char *rules_dir,
                             const jx_gazetteer *gazetteer, jx_rules *out,
                             jx_rules_skip_handler on_skip, void *ctx, jx_error *err)
{
    return pick_in(doc, rules_dir, NULL, gazetteer, out, on_skip, ctx, err);
}

/* ------------------------------------------------------------ a catalog read once */

/* The catalog's national set, as jx_rules_load would give it: missing or
 * broken is the pick's error. */
static jx_status catalog_national(const jx_rules_catalog *catalog, jx_rules *out, jx_error *err)
{
    for (size_t i = 0; i < catalog->n; i++)
        if (strcmp(catalog->names[i], "national") == 0) {
            *out = catalog->sets[i];
            *err = catalog->errors[i];
            return catalog->status[i];
        }
    return jx_rules_load("national", catalog->dir, out, err);
}

jx_status jx_rules_catalog_load(const char *rules_dir, jx_rules_catalog **out, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    *out = NULL;
    const char *dir = rules_dir != NULL ? rules_dir : DEFAULT_RULES_DIR;
    jx_rules_catalog *c = calloc(1, sizeof *c);
    if (c == NULL || strlen(dir) >= sizeof c->dir)
        goto fail;
    memcpy(c->dir, dir, strlen(dir) + 1);
    c->names = malloc(PICK_MAX_SETS * sizeof *c->names);
    if (c->names == NULL)
        goto fail;
    jx_rules_list(dir, c->names, PICK_MAX_SETS, &c->n, NULL);
    size_t n = c->n ? c->n : 1;
    c->sets = calloc(n, sizeof *c->sets);
    c->levels = calloc(n, sizeof *c->levels);
    c->status = calloc(n, sizeof *c->status);
    c->errors = calloc(n, sizeof *c->errors);
    if (c->sets == NULL || c->levels == NULL || c->status == NULL || c->errors == NULL)
        goto fail;
    for (size_t i = 0; i < c->n; i++) {
        c->status[i] = load_set(c->names[i], dir, &c->sets[i], &c->levels[i], &c->errors[i]);
        if (c->status[i] == JX_ERR_NOMEM)
            goto fail;
    }
    *out = c;
    return JX_OK;
fail:
    jx_rules_catalog_free(c);
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

void jx_rules_catalog_free(jx_rules_catalog *catalog)
{
    if (catalog == NULL)
        return;
    free(catalog->names);
    free(catalog->sets);
    free(catalog->levels);
    free(catalog->status);
    free(catalog->errors);
    free(catalog);
}

jx_status jx_rules_pick_from(const jx_document *doc, const jx_rules_catalog *catalog,
                             const jx_gazetteer *gazetteer, jx_rules *out,
                             jx_rules_skip_handler on_skip, void *ctx, jx_error *err)
{
    return pick_in(doc, catalog->dir, catalog, gazetteer, out, on_skip, ctx, err);
}

jx_status jx_rules_pick_skipping(const jx_document *doc, const char *rules_dir, jx_rules *out,
                                 jx_rules_skip_handler on_skip, void *ctx, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    const char *dir;
    char path[JX_RULES_PATH_MAX];
    if (!gazetteer_path_in(rules_dir, &dir, path)) {
        jx_error_set(err, JX_ERR_IO, 0, "path too long");
        return JX_ERR_IO;
    }
    /* Read on every call: a caller with many documents reads it once and
     * calls jx_rules_pick_with. None there is none; a broken one fails. */
    jx_gazetteer *gazetteer = NULL;
    jx_status status = jx_gazetteer_load(path, &gazetteer, err);
    if (status == JX_ERR_IO) {
        memset(err, 0, sizeof *err);
        status = JX_OK;
    }
    if (status != JX_OK) {
        memset(out, 0, sizeof *out);
        jx_ini_set_path(out->path, sizeof out->path, path, NULL);
        return status;
    }
    status = pick(doc, dir, NULL, gazetteer, path, out, on_skip, ctx, err);
    jx_gazetteer_free(gazetteer);
    return status;
}

/* ------------------------------------------------------------ rendering */

static void render_decimal(jx_buf *out, int64_t micros, const char *suffix)
{
    char num[32];
    format_exact(num, sizeof num, micros);
    jx_buf_puts(out, num);
    jx_buf_puts(out, suffix);
}

static void render_scalar(jx_buf *out, const jx_rules *r, const jx_ini_key_spec *spec)
{
    if (jx_ini_render_key(out, spec, r))
        return; /* a name, a text, a yes/no */
    const void *field = (const char *)r + spec->offset;
    jx_buf_printf(out, "%s = ", spec->key);
    switch (spec->kind) {
    case VAL_POINTS:
    case VAL_RATIO:
        render_decimal(out, *(const int64_t *)field, "");
        break;
    case VAL_PERCENT:
        render_decimal(out, *(const int64_t *)field, "%");
        break;
    case VAL_DECIMALS: jx_buf_printf(out, "%d", *(const int *)field); break;
    case VAL_FORMULA:
        jx_buf_puts(out, *(const jx_exec_formula *)field == JX_EXEC_TIERS ? "tiers"
                                                                          : "proportional");
        break;
    default: break;
    }
    jx_buf_puts(out, "\n");
}

/* Several `KEY =` lines, so that no line outgrows inih's line buffer. */
static void render_words(jx_buf *out, const char *key, const char (*words)[48], size_t n)
{
    size_t line_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        if (line_bytes == 0) {
            jx_buf_printf(out, "%s = ", key);
        } else {
            jx_buf_puts(out, ", ");
        }
        jx_buf_puts(out, words[i]);
        line_bytes += strlen(words[i]) + 2;
        if (line_bytes >= WORDS_LINE_BYTES || i + 1 == n) {
            jx_buf_puts(out, "\n");
            line_bytes = 0;
        }
    }
}

static void render_lists(jx_buf *out, const jx_rules *r, int section)
{
    switch (section) {
    case SEC_MATCH:
        render_words(out, "words", (const char (*)[48])r->match, r->nmatch);
        break;
    case SEC_WORDS:
        for (int k = 0; k < JX_WORDS_COUNT; k++)
            render_words(out, words_keys[k], (const char (*)[48])r->words[k].word,
                         r->words[k].n);
        break;
    case SEC_WEIGHTS:
        if (r->inherits[0] != '\0')
            jx_buf_puts(out, "clear = yes\n"); /* the categories below are all of them */
        for (size_t i = 0; i < r->ncategories; i++) {
            jx_buf_printf(out, "%s = ", r->categories[i].name);
            render_decimal(out, r->categories[i].weight, "\n");
        }
        break;
    case SEC_EXECUTION:
        for (size_t i = 0; i < r->ntiers; i++) {
            jx_buf_puts(out, "tier = ");
            render_decimal(out, r->tiers[i].min_rate_percent, "% : ");
            render_decimal(out, r->tiers[i].fraction, "\n");
        }
        break;
    case SEC_GRADES:
        for (size_t i = 0; i < r->ngrades; i++) {
            jx_buf_printf(out, "%s = ", r->grades[i].name);
            render_decimal(out, r->grades[i].min_score, "\n");
        }
        break;
    case SEC_UNITS:
        for (size_t i = 0; i < r->nunits; i++) {
            const jx_unit_rule *u = &r->units[i];
            if (u->factor == JX_MICRO) {
                jx_buf_printf(out, "same = %s = %s\n", u->from, u->to);
            } else {
                jx_buf_printf(out, "scale = %s -> %s : ", u->from, u->to);
                render_decimal(out, u->factor, "\n");
            }
        }
        break;
    default:
        break;
    }
}

void jx_render_rules(jx_buf *out, const jx_rules *rules)
{
    /* Printed as read: the reader refuses control characters (TAB, a blank, aside), so
     * nothing here can drive a terminal, and escaping would change what reads back. */
    jx_buf_printf(out, "; rule set %s, every key as it applies after inheritance\n",
                  rules->name);
    if (rules->path[0] != '\0')
        jx_buf_printf(out, "; read from %s\n", rules->path);
    for (int s = 0; s < SEC_COUNT; s++) {
        jx_buf_printf(out, "\n[%s]\n; %s\n", sections[s].name, sections[s].comment);
        /* Categories lead their section, as the forms list them before the total. */
        if (s == SEC_WEIGHTS)
            render_lists(out, rules, s);
        for (size_t i = 0; i < NSCALARS; i++) {
            if ((int)scalar_keys[i].section == s)
                render_scalar(out, rules, &scalar_keys[i]);
        }
        if (s != SEC_WEIGHTS)
            render_lists(out, rules, s);
    }
}
