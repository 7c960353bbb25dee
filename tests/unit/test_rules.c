/* test_rules.c — rule sets: the shipped INI files, strict parsing with line
 * numbers, inheritance, listing, picking by place names, rendering. */
#include "testutil.h"

#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>

#define M(x) ((int64_t)(x) * JX_MICRO) /* whole units as micros */

/* ------------------------------------------------------------ helpers */

static void load_ok(const char *name, jx_rules *r)
{
    jx_error err;
    jx_status status = jx_rules_load(name, "rules", r, &err);
    if (status != JX_OK)
        fail_msg("load %s: %s:%u: %s", name, r->path, err.line, err.message);
}

static bool has_word(const jx_rules *r, const char *word)
{
    for (size_t i = 0; i < r->nmatch; i++) {
        if (strcmp(r->match[i], word) == 0)
            return true;
    }
    return false;
}

static int64_t category_weight(const jx_rules *r, const char *name)
{
    for (size_t i = 0; i < r->ncategories; i++) {
        if (strcmp(r->categories[i].name, name) == 0)
            return r->categories[i].weight;
    }
    fail_msg("%s: no category %s", r->name, name);
    return -1;
}

/* In-memory rule files, served by name to jx_rules_parse. */
typedef struct {
    const char *name;
    const char *text;
} memory_file;

typedef struct {
    const memory_file *files;
    size_t nfiles;
} memory_dir;

static jx_status memory_resolve(const char *name, const char **text, const char **path,
                                jx_error *err, void *ctx)
{
    const memory_dir *dir = ctx;
    for (size_t i = 0; i < dir->nfiles; i++) {
        if (strcmp(dir->files[i].name, name) == 0) {
            *text = dir->files[i].text;
            *path = dir->files[i].name;
            return JX_OK;
        }
    }
    err->status = JX_ERR_IO;
    err->line = 0;
    snprintf(err->message, sizeof err->message, "no file %s", name);
    return JX_ERR_IO;
}

static jx_status parse_memory(const char *text, const memory_file *files, size_t nfiles,
                              jx_rules *r, jx_error *err)
{
    memory_dir dir = {files, nfiles};
    return jx_rules_parse(text, "top.ini", r, memory_resolve, &dir, err);
}

static void parse_ok(const char *text, const memory_file *files, size_t nfiles, jx_rules *r)
{
    jx_error err;
    if (parse_memory(text, files, nfiles, r, &err) != JX_OK)
        fail_msg("parse: line %u: %s", err.line, err.message);
}

/* The exact status, line and message an INI text must fail with. */
static void expect_error(const char *text, jx_status status, uint32_t line, const char *message)
{
    jx_rules r;
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status got = jx_rules_parse(text, "t.ini", &r, NULL, NULL, &err);
    if (got != status || err.status != status || err.line != line ||
        strcmp(err.message, message) != 0)
        fail_msg("got status %d line %u \"%s\"\nwant status %d line %u \"%s\"\nfor: %s", (int)got,
                 err.line, err.message, (int)status, line, message, text);
}

/* ------------------------------------------------------------ shipped sets */

static void test_national(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("national", &r);
    assert_string_equal(r.name, "national");
    assert_string_equal(r.path, "rules/national.ini");
    assert_string_equal(r.inherits, "");
    assert_int_equal(r.nmatch, 0);
    assert_int_equal(r.ncategories, 3);
    assert_string_equal(r.categories[0].name, "产出指标");
    assert_int_equal(r.categories[0].weight, M(50));
    assert_string_equal(r.categories[1].name, "效益指标");
    assert_int_equal(r.categories[1].weight, M(30));
    assert_string_equal(r.categories[2].name, "满意度指标");
    assert_int_equal(r.categories[2].weight, M(10));
    assert_int_equal(r.total_weight, M(100));
    assert_int_equal(r.execution_weight, M(10));
    assert_int_equal(r.management_weight, 0);
    assert_int_equal(r.exec_formula, JX_EXEC_PROPORTIONAL);
    assert_int_equal(r.exec_cap, JX_MICRO); /* written "100%" */
    assert_int_equal(r.ntiers, 0);
    assert_int_equal(r.exec_score_decimals, 2);
    assert_int_equal(r.rate_decimals, 2);
    assert_int_equal(r.over_execution_percent, M(100));
    assert_string_equal(r.execution_indicator, "");
    assert_true(r.recompute_quantitative);
    assert_int_equal(r.indicator_score_decimals, 2);
    assert_int_equal(r.qualitative_achieved, 800000);
    assert_int_equal(r.qualitative_partly, 600000);
    assert_false(r.deviation_zero_when_met);
    assert_int_equal(r.ngrades, 4);
    assert_string_equal(r.grades[0].name, "优");
    assert_int_equal(r.grades[0].min_score, M(90));
    assert_string_equal(r.grades[1].name, "良");
    assert_int_equal(r.grades[1].min_score, M(80));
    assert_string_equal(r.grades[2].name, "中");
    assert_int_equal(r.grades[2].min_score, M(60));
    assert_string_equal(r.grades[3].name, "差");
    assert_int_equal(r.grades[3].min_score, 0);
    assert_int_equal(r.amount_tolerance, 10000);
    assert_int_equal(r.score_tolerance, 10000);
    assert_int_equal(r.rate_tolerance, 10000);
}

static void test_national_units(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("national", &r);
    assert_int_equal(r.nunits, 4);
    assert_string_equal(r.units[0].from, "元");
    assert_string_equal(r.units[0].to, "万元");
    assert_int_equal(r.units[0].factor, 100); /* 0.0001 */
    assert_string_equal(r.units[2].from, "亿元");
    assert_int_equal(r.units[2].factor, M(10000));
    assert_string_equal(r.units[3].from, "人");
    assert_string_equal(r.units[3].to, "人次");
    assert_int_equal(r.units[3].factor, JX_MICRO);
}

static void test_shaanxi(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("shaanxi", &r);
    assert_string_equal(r.name, "shaanxi");
    assert_string_equal(r.path, "rules/shaanxi.ini");
    assert_string_equal(r.inherits, "national");
    assert_true(strstr(r.description, "陕西") != NULL);
    /* Inherited unchanged from national. */
    assert_int_equal(r.ncategories, 3);
    assert_int_equal(category_weight(&r, "产出指标"), M(50));
    assert_int_equal(category_weight(&r, "效益指标"), M(30));
    assert_int_equal(category_weight(&r, "满意度指标"), M(10));
    assert_int_equal(r.execution_weight, M(10));
    assert_int_equal(r.exec_cap, JX_MICRO);
    assert_int_equal(r.ngrades, 4);
    assert_int_equal(r.nunits, 4);
    /* Its province (the gazetteer knows its places) and the zones it lacks. */
    assert_string_equal(r.province, "陕西");
    assert_int_equal(r.nmatch, 2);
    assert_true(has_word(&r, "杨凌示范区"));
    assert_false(has_word(&r, "神木"));
}

static void test_henan(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("henan", &r);
    assert_string_equal(r.inherits, "national");
    assert_int_equal(r.ncategories, 0); /* clear = yes: the form declares none */
    assert_int_equal(r.management_weight, M(20));
    assert_int_equal(r.execution_weight, M(10));
    assert_int_equal(r.total_weight, M(100));
    assert_true(r.deviation_zero_when_met);
    assert_int_equal(r.over_execution_percent, M(100));
    assert_int_equal(r.exec_formula, JX_EXEC_PROPORTIONAL);
    assert_int_equal(r.qualitative_achieved, 800000); /* inherited */
    assert_string_equal(r.province, "河南");
    assert_int_equal(r.nmatch, 0);
}

static void test_qinghai(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("qinghai", &r);
    assert_string_equal(r.inherits, "national");
    assert_string_equal(r.execution_indicator, "项目预算数");
    assert_int_equal(r.ncategories, 0);
    assert_int_equal(r.exec_formula, JX_EXEC_PROPORTIONAL);
    assert_int_equal(r.execution_weight, M(10));
    assert_int_equal(r.management_weight, 0);
    assert_false(r.deviation_zero_when_met);
    assert_string_equal(r.province, "青海");
    assert_int_equal(r.nmatch, 0);
}

/* A path ending in .ini is read as is; its base is found beside it. */
static void test_load_by_path(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("rules/henan.ini", &r);
    assert_string_equal(r.path, "rules/henan.ini");
    assert_string_equal(r.name, "henan");
    assert_int_equal(r.management_weight, M(20));
    assert_int_equal(r.ngrades, 4); /* from national, found in rules/ */
}

/* A file given by path finds its base beside it, or else in the rules directory. */
static void test_load_custom_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_rules_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/custom.ini", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[ruleset]\ninherits = national\n[execution]\ncap = 0.9\n", f);
    fclose(f);

    jx_rules r;
    jx_error err;
    assert_int_equal(jx_rules_load(path, "rules", &r, &err), JX_OK);
    assert_string_equal(r.path, path);
    assert_string_equal(r.name, "custom");
    assert_int_equal(r.exec_cap, 900000);
    assert_int_equal(category_weight(&r, "产出指标"), M(50));

    assert_int_equal(jx_rules_load(path, "no/such/dir", &r, &err), JX_ERR_IO);
    assert_int_equal(err.line, 2);
    char want[256];
    snprintf(want, sizeof want, "inherits 'national': %s/national.ini: No such file or directory",
             dir);
    assert_string_equal(err.message, want);
    assert_string_equal(r.path, path);
    remove(path);
    rmdir(dir);
}

/* ------------------------------------------------------------ parsing */

static void test_defaults(void **state)
{
    (void)state;
    jx_rules r;
    jx_error err;
    assert_int_equal(jx_rules_parse("; nothing but a comment\n", "dir/plain.ini", &r, NULL, NULL,
                                    &err),
                     JX_OK);
    assert_string_equal(r.name, "plain"); /* from the file name */
    assert_string_equal(r.path, "dir/plain.ini");
    assert_int_equal(r.ncategories, 0);
    assert_int_equal(r.total_weight, M(100));
    assert_int_equal(r.execution_weight, M(10));
    assert_int_equal(r.exec_formula, JX_EXEC_PROPORTIONAL);
    assert_int_equal(r.exec_cap, JX_MICRO);
    assert_int_equal(r.exec_score_decimals, 2);
    assert_int_equal(r.rate_decimals, 2);
    assert_int_equal(r.over_execution_percent, M(100));
    assert_true(r.recompute_quantitative);
    assert_int_equal(r.indicator_score_decimals, 2);
    assert_int_equal(r.qualitative_achieved, 800000);
    assert_int_equal(r.qualitative_partly, 600000);
    assert_int_equal(r.ngrades, 4);
    assert_string_equal(r.grades[3].name, "差");
    assert_int_equal(r.amount_tolerance, 10000);
    assert_int_equal(r.rate_tolerance, 10000);
}

/* "90%" and "90" are the same percent; a ratio may be "1" or "100%". */
static void test_number_forms(void **state)
{
    (void)state;
    jx_rules r;
    parse_ok("[execution]\ncap = 1.05\nover_execution = 110\n"
             "[indicators]\nqualitative_achieved = 85%\nqualitative_partly = 0.625\n"
             "[tolerance]\nrate = 0.5%\namount = 0.000001\n",
             NULL, 0, &r);
    assert_int_equal(r.exec_cap, 1050000);
    assert_int_equal(r.over_execution_percent, M(110));
    assert_int_equal(r.qualitative_achieved, 850000);
    assert_int_equal(r.qualitative_partly, 625000);
    assert_int_equal(r.rate_tolerance, 500000);
    assert_int_equal(r.amount_tolerance, 1);
}

static void test_tiers_sorted(void **state)
{
    (void)state;
    jx_rules r;
    parse_ok("[execution]\nformula = tiers\n"
             "tier = 60% : 0.6\n"
             "tier = 90%:1\n"
             "tier = 0 : 0\n"
             "tier = 75.5% : 80%\n",
             NULL, 0, &r);
    assert_int_equal(r.exec_formula, JX_EXEC_TIERS);
    assert_int_equal(r.ntiers, 4);
    assert_int_equal(r.tiers[0].min_rate_percent, M(90));
    assert_int_equal(r.tiers[0].fraction, JX_MICRO);
    assert_int_equal(r.tiers[1].min_rate_percent, 75500000);
    assert_int_equal(r.tiers[1].fraction, 800000);
    assert_int_equal(r.tiers[2].min_rate_percent, M(60));
    assert_int_equal(r.tiers[2].fraction, 600000);
    assert_int_equal(r.tiers[3].min_rate_percent, 0);
    assert_int_equal(r.tiers[3].fraction, 0);
}

static void test_grades_sorted(void **state)
{
    (void)state;
    jx_rules r;
    parse_ok("[grades]\nC = 60\nD = 0\nA = 85.5\nB = 70\n", NULL, 0, &r);
    assert_int_equal(r.ngrades, 4); /* replaces the default four */
    assert_string_equal(r.grades[0].name, "A");
    assert_int_equal(r.grades[0].min_score, 85500000);
    assert_string_equal(r.grades[1].name, "B");
    assert_string_equal(r.grades[2].name, "C");
    assert_string_equal(r.grades[3].name, "D");
}

static void test_units(void **state)
{
    (void)state;
    jx_rules r;
    parse_ok("[units]\nscale = 元 -> 万元 : 0.0001\nsame = 人 = 人次\nscale = 元/人/年->元/人 : 1\n"
             "same=户=户次\n",
             NULL, 0, &r);
    assert_int_equal(r.nunits, 4);
    assert_string_equal(r.units[0].from, "元");
    assert_string_equal(r.units[0].to, "万元");
    assert_int_equal(r.units[0].factor, 100);
    assert_string_equal(r.units[1].from, "人");
    assert_string_equal(r.units[1].to, "人次");
    assert_int_equal(r.units[1].factor, JX_MICRO);
    assert_string_equal(r.units[2].from, "元/人/年");
    assert_string_equal(r.units[2].to, "元/人");
    assert_string_equal(r.units[3].from, "户");
    assert_string_equal(r.units[3].to, "户次");
}

static void test_match_words(void **state)
{
    (void)state;
    jx_rules r;
    parse_ok("[match]\nwords = 甲地, 乙地,丙地\nwords = 丁地\n", NULL, 0, &r);
    assert_int_equal(r.nmatch, 4);
    assert_string_equal(r.match[0], "甲地");
    assert_string_equal(r.match[2], "丙地");
    assert_string_equal(r.match[3], "丁地");
}

/* Indentation is not a continuation; comments may be long; CRLF and a BOM are fine. */
static void test_layout(void **state)
{
    (void)state;
    char text[1024];
    char comment[400];
    memset(comment, 'x', sizeof comment - 1);
    comment[sizeof comment - 1] = '\0';
    snprintf(text, sizeof text,
             "\xEF\xBB\xBF; %s\r\n[execution]\r\n    cap = 0.9   ; inline comment\r\n"
             "\tscore_decimals = 1\r\n",
             comment);
    jx_rules r;
    parse_ok(text, NULL, 0, &r);
    assert_int_equal(r.exec_cap, 900000);
    assert_int_equal(r.exec_score_decimals, 1);
}

/* ------------------------------------------------------------ inheritance */

static const char base_text[] = "[ruleset]\n"
                                "name = base\n"
                                "[weights]\n"
                                "产出指标 = 50\n"
                                "效益指标 = 30\n"
                                "满意度指标 = 10\n"
                                "[execution]\n"
                                "formula = tiers\n"
                                "tier = 90% : 1\n"
                                "tier = 60% : 0.5\n"
                                "[grades]\n"
                                "好 = 80\n"
                                "坏 = 0\n"
                                "[match]\n"
                                "words = 基地\n";

static void test_inherit_override(void **state)
{
    (void)state;
    const memory_file files[] = {{"base", base_text}};
    jx_rules r;
    parse_ok("[ruleset]\nname = child\ninherits = base\n"
             "[weights]\n产出指标 = 40\n成本指标 = 10\n"
             "[execution]\ntier = 100% : 1\n",
             files, 1, &r);
    assert_string_equal(r.name, "child");
    assert_string_equal(r.inherits, "base");
    assert_string_equal(r.path, "top.ini");
    assert_int_equal(r.nmatch, 0); /* match words are not inherited */
    assert_int_equal(r.ncategories, 4);
    assert_string_equal(r.categories[0].name, "产出指标");
    assert_int_equal(r.categories[0].weight, M(40)); /* overridden in place */
    assert_int_equal(category_weight(&r, "效益指标"), M(30));
    assert_int_equal(category_weight(&r, "满意度指标"), M(10));
    assert_string_equal(r.categories[3].name, "成本指标");
    assert_int_equal(r.categories[3].weight, M(10));
    assert_int_equal(r.exec_formula, JX_EXEC_TIERS); /* inherited */
    assert_int_equal(r.ntiers, 1);                   /* replaced */
    assert_int_equal(r.tiers[0].min_rate_percent, M(100));
    assert_int_equal(r.ngrades, 2); /* inherited */
    assert_string_equal(r.grades[0].name, "好");
}

static void test_inherit_clear(void **state)
{
    (void)state;
    const memory_file files[] = {{"base", base_text}};
    jx_rules r;
    /* clear stands after a category: it still drops only the inherited ones. */
    parse_ok("[ruleset]\ninherits = base\n[weights]\n成本指标 = 70\nclear = yes\n预算执行率 = 10\n"
             "资金管理 = 20\n",
             files, 1, &r);
    assert_string_equal(r.name, "top"); /* from "top.ini" */
    assert_int_equal(r.ncategories, 1);
    assert_string_equal(r.categories[0].name, "成本指标");
    assert_int_equal(r.management_weight, M(20));
}

static void test_inherit_cycle(void **state)
{
    (void)state;
    const memory_file files[] = {
        {"a", "[ruleset]\nname = a\ninherits = b\n"},
        {"b", "; b\n[ruleset]\nname = b\ninherits = a\n"},
    };
    jx_rules r;
    jx_error err;
    jx_status status = parse_memory("[ruleset]\nname = a\n\ninherits = b\n", files, 2, &r, &err);
    assert_int_equal(status, JX_ERR_FORMAT);
    assert_int_equal(err.status, JX_ERR_FORMAT);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.message, "inherits 'b': b:4: inherits cycle: a -> b -> a");
}

static void test_inherit_self(void **state)
{
    (void)state;
    jx_rules r;
    jx_error err;
    assert_int_equal(parse_memory("[ruleset]\ninherits = top\n", NULL, 0, &r, &err), JX_ERR_FORMAT);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, "inherits cycle: top -> top");
}

/* s0 inherits s1 … inherits s<last>: 8 levels are fine, 9 are not. */
static jx_status parse_chain(size_t last, jx_error *err, jx_rules *r)
{
    char texts[10][64];
    char names[10][8];
    memory_file files[10];
    for (size_t i = 0; i <= last; i++) {
        snprintf(names[i], sizeof names[i], "s%zu", i);
        if (i < last)
            snprintf(texts[i], sizeof texts[i], "[ruleset]\ninherits = s%zu\n", i + 1);
        else
            snprintf(texts[i], sizeof texts[i], "[grades]\n顶 = 1\n");
        files[i].name = names[i];
        files[i].text = texts[i];
    }
    memory_dir dir = {files, last + 1};
    return jx_rules_parse(texts[0], "s0", r, memory_resolve, &dir, err);
}

static void test_inherit_depth(void **state)
{
    (void)state;
    jx_rules r;
    jx_error err;
    assert_int_equal(parse_chain(8, &err, &r), JX_OK);
    assert_string_equal(r.grades[0].name, "顶");
    assert_int_equal(parse_chain(9, &err, &r), JX_ERR_FORMAT);
    assert_int_equal(err.line, 2);
    assert_true(strstr(err.message, "more than 8 levels of inherits") != NULL);
}

static void test_inherit_missing(void **state)
{
    (void)state;
    jx_rules r;
    jx_error err;
    assert_int_equal(parse_memory("[ruleset]\ninherits = nowhere\n", NULL, 0, &r, &err), JX_ERR_IO);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.message, "inherits 'nowhere': no file nowhere");
    assert_int_equal(jx_rules_parse("[ruleset]\ninherits = x\n", "t", &r, NULL, NULL, &err),
                     JX_ERR_FORMAT);
    assert_int_equal(err.line, 2);
}

/* An error inside a base names the base's file and line. */
static void test_inherit_base_error(void **state)
{
    (void)state;
    const memory_file files[] = {{"base", "[execution]\ncap = x\n"}};
    jx_rules r;
    jx_error err;
    assert_int_equal(parse_memory("\n[ruleset]\ninherits = base\n", files, 1, &r, &err),
                     JX_ERR_FORMAT);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "inherits 'base': base:2: key 'cap': not a number: 'x'");
}

/* ------------------------------------------------------------ errors */

static void test_error_unknown_key(void **state)
{
    (void)state;
    expect_error("[ruleset]\nname = x\n\n[execution]\ncap = 1\nfoo = 2\n", JX_ERR_FORMAT, 6,
                 "unknown key 'foo' in [execution]");
    expect_error("[weights]\ntotl = 100\n", JX_ERR_FORMAT, 2, "unknown key 'totl' in [weights]");
    /* A control character would reach a terminal (jixiao rules) or a footer. */
    expect_error("[ruleset]\nname = x\ndescription = a\x1b]0;pwned\x07b\n", JX_ERR_FORMAT, 3,
                 "control character U+001B");
    expect_error("[ruleset]\nname = x\xc2\x85\n", JX_ERR_FORMAT, 2, "control character U+0085");
    /* U+FFFF in a template's number format made its styles.xml invalid (fuzz_template). */
    expect_error("[ruleset]\nname = x\ndescription = a\xef\xbf\xbf\n", JX_ERR_FORMAT, 3,
                 "not a character: U+FFFF");
    /* A word with ';' read back from `jixiao rules` as a comment (fuzz_rules). */
    expect_error("[match]\nwords = 甲, 乙,; 丙\n", JX_ERR_FORMAT, 2,
                 "key 'words': a word may not hold ';' or '#': '; 丙'");
    expect_error("cap = 1\n", JX_ERR_FORMAT, 1, "key 'cap' before any [section]");
}

static void test_error_unknown_section(void **state)
{
    (void)state;
    expect_error("[ruleset]\nname = x\n[execusion]\ncap = 1\n", JX_ERR_FORMAT, 3,
                 "unknown section [execusion]");
    /* Caught even with no key under it. */
    expect_error("[ruleset]\n[foo]\n", JX_ERR_FORMAT, 2, "unknown section [foo]");
    expect_error("[grades]\n优 = 90\n[grades]\n", JX_ERR_FORMAT, 3,
                 "section [grades] given twice (first on line 1)");
}

static void test_error_bad_number(void **state)
{
    (void)state;
    expect_error("[execution]\n; c\ncap = abc\n", JX_ERR_FORMAT, 3,
                 "key 'cap': not a number: 'abc'");
    expect_error("[weights]\n产出指标 = 5O\n", JX_ERR_FORMAT, 2,
                 "key '产出指标': not a number: '5O'");
    expect_error("[weights]\ntotal = -100\n", JX_ERR_FORMAT, 2,
                 "key 'total': not a number: '-100'");
    expect_error("[weights]\ntotal = 1,000\n", JX_ERR_FORMAT, 2,
                 "key 'total': not a number: '1,000'");
    expect_error("[tolerance]\nscore = 0.0000001\n", JX_ERR_FORMAT, 2,
                 "key 'score': not a number: '0.0000001'");
    expect_error("[weights]\ntotal = 100%\n", JX_ERR_FORMAT, 2,
                 "key 'total': expected a number without '%': '100%'");
    expect_error("[indicators]\nqualitative_achieved = 1.2\n", JX_ERR_FORMAT, 2,
                 "key 'qualitative_achieved': above 1: '1.2'");
    expect_error("[execution]\ncap = 0\n", JX_ERR_FORMAT, 2, "key 'cap': must be above 0: '0'");
    expect_error("[execution]\ncap = 12.3456789%\n", JX_ERR_FORMAT, 2,
                 "key 'cap': not a number: '12.3456789%'");
    expect_error("[execution]\ncap = 12.345678%\n", JX_ERR_FORMAT, 2,
                 "key 'cap': more than 6 decimals as a ratio: '12.345678%'");
    expect_error("[execution]\nscore_decimals = 7\n", JX_ERR_FORMAT, 2,
                 "key 'score_decimals': expected a whole number 0 to 6: '7'");
}

static void test_error_bad_enum(void **state)
{
    (void)state;
    expect_error("[execution]\nformula = linear\n", JX_ERR_FORMAT, 2,
                 "key 'formula': expected proportional or tiers: 'linear'");
    expect_error("[indicators]\n\nrecompute_quantitative = true\n", JX_ERR_FORMAT, 3,
                 "key 'recompute_quantitative': expected yes or no: 'true'");
    expect_error("[weights]\nclear = 1\n", JX_ERR_FORMAT, 2, "key 'clear': expected yes or no: '1'");
}

static void test_error_too_many(void **state)
{
    (void)state;
    char text[2048] = "[execution]\nformula = tiers\n";
    for (int i = 0; i < JX_RULES_MAX_TIERS + 1; i++) {
        char line[64];
        snprintf(line, sizeof line, "tier = %d%% : 0.5\n", i * 5);
        strcat(text, line);
    }
    /* line 1 [execution], 2 formula, tiers on 3..19: the 17th is line 19 */
    expect_error(text, JX_ERR_FORMAT, 19, "key 'tier': too many tiers (at most 16)");

    char grades[1024] = "[grades]\n";
    for (int i = 0; i < JX_RULES_MAX_GRADES + 1; i++) {
        char line[64];
        snprintf(line, sizeof line, "G%d = %d\n", i, i * 10);
        strcat(grades, line);
    }
    expect_error(grades, JX_ERR_FORMAT, 10, "key 'G8': too many grades (at most 8)");

    char words[2048] = "[match]\n";
    for (int i = 0; i < JX_RULES_MAX_MATCH + 1; i++) {
        char line[64];
        snprintf(line, sizeof line, "words = w%d\n", i);
        strcat(words, line);
    }
    expect_error(words, JX_ERR_FORMAT, 66, "key 'words': too many words (at most 64)");
}

static void test_error_too_long(void **state)
{
    (void)state;
    expect_error("[grades]\n优秀优秀优秀 = 90\n", JX_ERR_FORMAT, 2,
                 "key '优秀优秀优秀': grade name longer than 15 bytes");
    expect_error("[match]\nwords = 甲, 一二三四五六七八九十一二三四五六七\n", JX_ERR_FORMAT, 2,
                 "key 'words': a word longer than 47 bytes in '甲, "
                 "一二三四五六七八九十一二三四五六七'");
    char text[512];
    char value[300];
    memset(value, 'v', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    snprintf(text, sizeof text, "[ruleset]\ndescription = %s\n", value);
    expect_error(text, JX_ERR_FORMAT, 2, "line longer than 198 bytes");
    value[185] = '\0'; /* fits the line, not the field */
    snprintf(text, sizeof text, "[ruleset]\ndescription=%s\n", value);
    expect_error(text, JX_ERR_FORMAT, 2, "key 'description': longer than 180 bytes");
}

static void test_error_shapes(void **state)
{
    (void)state;
    expect_error("[ruleset]\nname x\n", JX_ERR_FORMAT, 2, "expected 'key = value' or '[section]'");
    expect_error("[ruleset]\nname: x\n", JX_ERR_FORMAT, 2, "expected 'key = value' or '[section]'");
    expect_error("[ruleset\n", JX_ERR_FORMAT, 1, "expected ']' to end the section name");
    expect_error("[ruleset] x\n", JX_ERR_FORMAT, 1, "text after the section name");
    expect_error("[execution]\ncap = 1\ncap = 1\n", JX_ERR_FORMAT, 3,
                 "duplicate key 'cap' in [execution]");
    expect_error("[weights]\n产出指标 = 1\n产出指标 = 2\n", JX_ERR_FORMAT, 3,
                 "duplicate key '产出指标' in [weights]");
    expect_error("[execution]\ntier = 90%\n", JX_ERR_FORMAT, 2,
                 "key 'tier': expected 'RATE% : FRACTION': '90%'");
    expect_error("[execution]\ntier = 90% : 1\ntier = 90 : 0.5\n", JX_ERR_FORMAT, 3,
                 "key 'tier': two tiers start at 90%");
    expect_error("[units]\nscale = 元 : 0.0001\n", JX_ERR_FORMAT, 2,
                 "key 'scale': expected 'FROM -> TO : FACTOR': '元 : 0.0001'");
    expect_error("[units]\nsame = 人 人次\n", JX_ERR_FORMAT, 2,
                 "key 'same': expected 'UNIT = UNIT': '人 人次'");
    expect_error("[units]\nscale = 元 -> 元 : 1\n", JX_ERR_FORMAT, 2,
                 "key 'scale': a unit is related to itself: '元'");
    expect_error("[ruleset]\nname = 陕西\n", JX_ERR_FORMAT, 2,
                 "key 'name': not a rule set name (letters, digits, '_', '-'): '陕西'");
    expect_error("[ruleset]\n\xff\n", JX_ERR_FORMAT, 2, "not UTF-8");
}

/* Checks on the finished set name the section they concern. */
static void test_error_consistency(void **state)
{
    (void)state;
    expect_error("[weights]\n产出指标 = 50\n效益指标 = 30\n满意度指标 = 5\n", JX_ERR_FORMAT, 1,
                 "weights add up to 95 (categories, 预算执行率, 资金管理), total is 100");
    expect_error("\n[weights]\n预算执行率 = 60\n资金管理 = 50\n", JX_ERR_FORMAT, 2,
                 "weights add up to 110 (categories, 预算执行率, 资金管理), total is 100");
    expect_error("[ruleset]\n[execution]\nformula = tiers\n", JX_ERR_FORMAT, 2,
                 "formula = tiers needs at least one 'tier = RATE% : FRACTION'");
    expect_error("[indicators]\nqualitative_partly = 0.9\n", JX_ERR_FORMAT, 1,
                 "qualitative_partly is above qualitative_achieved");
}

static void test_bad_names(void **state)
{
    (void)state;
    jx_rules r;
    jx_error err;
    assert_int_equal(jx_rules_load("../etc/passwd", "rules", &r, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "'../etc/passwd' is neither a rule set name (letters, "
                                     "digits, '_', '-') nor a path ending in .ini");
    assert_int_equal(jx_rules_load("a b", "rules", &r, &err), JX_ERR_FORMAT);
    assert_int_equal(jx_rules_load("", "rules", &r, &err), JX_ERR_FORMAT);
    expect_error("[ruleset]\ninherits = ../etc/passwd\n", JX_ERR_FORMAT, 2,
                 "key 'inherits': not a rule set name (letters, digits, '_', '-'): "
                 "'../etc/passwd'");
    expect_error("[ruleset]\ninherits = a b\n", JX_ERR_FORMAT, 2,
                 "key 'inherits': not a rule set name (letters, digits, '_', '-'): 'a b'");
}

static void test_missing_file(void **state)
{
    (void)state;
    jx_rules r;
    jx_error err;
    assert_int_equal(jx_rules_load("no_such_set", "rules", &r, &err), JX_ERR_IO);
    assert_int_equal(err.status, JX_ERR_IO);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "No such file or directory");
    assert_string_equal(r.path, "rules/no_such_set.ini");
    assert_int_equal(jx_rules_load("national", "no/such/dir", &r, &err), JX_ERR_IO);
    assert_string_equal(r.path, "no/such/dir/national.ini");
}

/* ------------------------------------------------------------ list and pick */

static void test_list(void **state)
{
    (void)state;
    char names[16][JX_RULES_NAME_MAX];
    size_t n = 0;
    jx_error err = {0};
    assert_int_equal(jx_rules_list("rules", names, 16, &n, &err), JX_OK);
    assert_true(n >= 4);
    const char *want[] = {"henan", "national", "qinghai", "shaanxi"};
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(names[i - 1], names[i]) >= 0)
            fail_msg("not sorted: %s before %s", names[i - 1], names[i]);
        for (size_t k = 0; k < 4; k++)
            found += strcmp(names[i], want[k]) == 0;
    }
    assert_int_equal(found, 4);

    /* Bounded, keeping the first names in order. */
    char two[2][JX_RULES_NAME_MAX];
    size_t m = 0;
    assert_int_equal(jx_rules_list("rules", two, 2, &m, &err), JX_OK);
    assert_int_equal(m, 2);
    assert_string_equal(two[0], names[0]);
    assert_string_equal(two[1], names[1]);
    /* A directory that cannot be read is an error, not an empty list. */
    assert_int_equal(jx_rules_list("no/such/dir", names, 16, &m, &err), JX_ERR_IO);
    assert_int_equal(m, 0);
    assert_true(err.message[0] != '\0');
}

static void expect_pick(const char *sample, const char *want)
{
    jx_error err;
    jx_document *doc = jx_document_load(sample, JX_FORMAT_AUTO, &err);
    if (doc == NULL)
        fail_msg("%s: %s", sample, err.message);
    jx_rules r;
    jx_status status = jx_rules_pick(doc, "rules", &r, &err);
    jx_document_free(doc);
    if (status != JX_OK)
        fail_msg("%s: pick: %s", sample, err.message);
    if (strcmp(r.name, want) != 0)
        fail_msg("%s: picked %s, want %s", sample, r.name, want);
}

static void test_pick_samples(void **state)
{
    (void)state;
    expect_pick("tests/samples/000_897a8446687f37a7.txt", "shaanxi");
    expect_pick("tests/samples/001_0783382fd8294bcc.txt", "shaanxi");
    expect_pick("tests/samples/002_38b4c4c87c11fa2f.txt", "henan");
    expect_pick("tests/samples/003_5010c9f98508a758.txt", "qinghai");
    expect_pick("tests/samples/004_8293b46e2578b690.txt", "shaanxi");
}

static void test_pick_national(void **state)
{
    (void)state;
    static const char text[] = "项目支出绩效自评表\n项目名称\t某项目\n总分\t100\t95\n";
    jx_error err;
    jx_document *doc =
        jx_document_parse("plain.txt", (const unsigned char *)text, sizeof text - 1,
                          JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_rules r;
    assert_int_equal(jx_rules_pick(doc, "rules", &r, &err), JX_OK);
    assert_string_equal(r.name, "national");
    jx_document_free(doc);
}

/* ------------------------------------------------------------ broken and odd files */

static void copy_file(const char *from, const char *to)
{
    char buf[4096];
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

/* A fresh directory holding copies of the shipped rule sets and the
 * gazetteer, so tests may break one or add a province. */
static void copy_rules_dir(char dir[32])
{
    strcpy(dir, "/tmp/jx_rules_XXXXXX");
    assert_non_null(mkdtemp(dir));
    static const char *const files[] = {"national.ini", "henan.ini", "qinghai.ini", "shaanxi.ini",
                                        JX_GAZETTEER_FILE};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char from[64], to[64];
        snprintf(from, sizeof from, "rules/%s", files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        copy_file(from, to);
    }
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[96];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(const char *dir)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static jx_document *parse_text(const char *text)
{
    jx_error err;
    jx_document *doc = jx_document_parse("t.txt", (const unsigned char *)text, strlen(text),
                                         JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    return doc;
}

/* What jx_rules_pick_skipping reported. */
typedef struct {
    char paths[8][JX_RULES_PATH_MAX];
    jx_error errs[8];
    size_t n;
} skip_log;

static void log_skip(const char *path, const jx_error *err, void *ctx)
{
    skip_log *log = ctx;
    assert_true(log->n < 8);
    snprintf(log->paths[log->n], sizeof log->paths[0], "%s", path);
    log->errs[log->n++] = *err;
}

/* 8.14: one broken file in the rules folder does not stop `--rules auto`. */
static void test_pick_skips_broken(void **state)
{
    (void)state;
    char dir[32];
    copy_rules_dir(dir);
    write_file(dir, "broken.ini", "[ruleset]\nname = broken\nx = 1\n");
    jx_error err;
    jx_document *doc = jx_document_load("tests/samples/002_38b4c4c87c11fa2f.txt",
                                        JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_rules r;
    jx_status status = jx_rules_pick(doc, dir, &r, &err);
    if (status != JX_OK)
        fail_msg("pick: %s: %s", r.path, err.message);
    assert_string_equal(r.name, "henan");
    assert_int_equal(err.status, JX_OK);

    /* Named, it still fails, with its line. */
    assert_int_equal(jx_rules_load("broken", dir, &r, &err), JX_ERR_FORMAT);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "unknown key 'x' in [ruleset]");
    jx_document_free(doc);
    remove_dir(dir);
}

static void test_pick_reports_skipped(void **state)
{
    (void)state;
    char dir[32];
    copy_rules_dir(dir);
    write_file(dir, "broken.ini", "[ruleset]\nname = broken\nx = 1\n");
    jx_document *doc = parse_text("西宁市城中区\n");
    jx_rules r;
    jx_error err;
    skip_log log = {.n = 0};
    assert_int_equal(jx_rules_pick_skipping(doc, dir, &r, log_skip, &log, &err), JX_OK);
    assert_string_equal(r.name, "qinghai");
    assert_int_equal(log.n, 1);
    char want[64];
    snprintf(want, sizeof want, "%s/broken.ini", dir);
    assert_string_equal(log.paths[0], want);
    assert_int_equal(log.errs[0].status, JX_ERR_FORMAT);
    assert_int_equal(log.errs[0].line, 3);
    assert_string_equal(log.errs[0].message, "unknown key 'x' in [ruleset]");
    /* A broken base: the sets that inherit it are skipped too, each said. */
    write_file(dir, "national.ini", "[ruleset]\nname = national\n[weights]\ntotal = lots\n");
    write_file(dir, "mine.ini", "[ruleset]\nname = mine\n[match]\nwords = 西宁\n");
    log.n = 0;
    assert_int_equal(jx_rules_pick_skipping(doc, dir, &r, log_skip, &log, &err), JX_OK);
    assert_string_equal(r.name, "mine");
    assert_int_equal(log.n, 5); /* broken, national and the three that inherit it */
    jx_document_free(doc);
    remove_dir(dir);
}

/* With nothing matched, national is loaded as if named: broken, it fails the pick. */
static void test_pick_broken_national(void **state)
{
    (void)state;
    char dir[32];
    copy_rules_dir(dir);
    write_file(dir, "national.ini", "[ruleset]\nname = national\n[weights]\ntotal = lots\n");
    jx_document *doc = parse_text("no place named\n");
    jx_rules r;
    jx_error err;
    assert_int_equal(jx_rules_pick(doc, dir, &r, &err), JX_ERR_FORMAT);
    assert_int_equal(err.line, 4);
    char want[64];
    snprintf(want, sizeof want, "%s/national.ini", dir);
    assert_string_equal(r.path, want);
    /* The failure is the error; national is not also said as skipped. */
    skip_log log = {.n = 0};
    assert_int_equal(jx_rules_pick_skipping(doc, dir, &r, log_skip, &log, &err), JX_ERR_FORMAT);
    assert_int_equal(log.n, 3); /* henan, qinghai, shaanxi: their base is broken */
    for (size_t i = 0; i < log.n; i++)
        assert_null(strstr(log.paths[i], "national"));
    jx_document_free(doc);
    remove_dir(dir);
}

/* A catalog read once picks as the files read each time do: every sample and
 * realworld excerpt, the skipped sets said alike, a broken national failing
 * the pick with its error. */
static void test_pick_from_catalog(void **state)
{
    (void)state;
    jx_error err;
    jx_gazetteer *gaz = NULL;
    assert_int_equal(jx_gazetteer_load("rules/" JX_GAZETTEER_FILE, &gaz, &err), JX_OK);
    jx_rules_catalog *catalog = NULL;
    assert_int_equal(jx_rules_catalog_load("rules", &catalog, &err), JX_OK);
    static const char *const docs[] = {
        "tests/samples/000_897a8446687f37a7.txt", "tests/samples/002_38b4c4c87c11fa2f.txt",
        "tests/samples/003_5010c9f98508a758.txt", "tests/realworld/108.txt",
        "tests/realworld/118.txt", "tests/realworld/130.txt", "tests/realworld/142.txt"};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        jx_document *doc = jx_document_load(docs[i], JX_FORMAT_AUTO, &err);
        assert_non_null(doc);
        jx_rules a, b;
        assert_int_equal(jx_rules_pick_with(doc, "rules", gaz, &a, NULL, NULL, &err), JX_OK);
        assert_int_equal(jx_rules_pick_from(doc, catalog, gaz, &b, NULL, NULL, &err), JX_OK);
        if (strcmp(a.name, b.name) != 0 || strcmp(a.path, b.path) != 0
            || a.total_weight != b.total_weight || a.execution_weight != b.execution_weight
            || a.ncategories != b.ncategories || a.nmatch != b.nmatch)
            fail_msg("%s: files pick %s, catalog %s", docs[i], a.name, b.name);
        jx_document_free(doc);
    }
    jx_rules_catalog_free(catalog);

    char dir[32];
    copy_rules_dir(dir);
    write_file(dir, "broken.ini", "[ruleset]\nname = broken\nx = 1\n");
    assert_int_equal(jx_rules_catalog_load(dir, &catalog, &err), JX_OK);
    jx_document *doc = parse_text("西宁市城中区\n");
    jx_rules r;
    skip_log log = {.n = 0};
    assert_int_equal(jx_rules_pick_from(doc, catalog, gaz, &r, log_skip, &log, &err), JX_OK);
    assert_string_equal(r.name, "qinghai");
    assert_int_equal(log.n, 1);
    assert_int_equal(log.errs[0].line, 3);
    jx_rules_catalog_free(catalog);
    jx_document_free(doc);

    write_file(dir, "national.ini", "[ruleset]\nname = national\n[weights]\ntotal = lots\n");
    assert_int_equal(jx_rules_catalog_load(dir, &catalog, &err), JX_OK);
    doc = parse_text("no place named\n");
    log.n = 0;
    assert_int_equal(jx_rules_pick_from(doc, catalog, gaz, &r, log_skip, &log, &err), JX_ERR_FORMAT);
    assert_int_equal(err.line, 4);
    for (size_t i = 0; i < log.n; i++)
        assert_null(strstr(log.paths[i], "national"));
    jx_rules_catalog_free(catalog);
    jx_document_free(doc);
    jx_gazetteer_free(gaz);
    remove_dir(dir);
}

/* 8.15: a FIFO, a device and a huge file are refused before anything is read. */
static void test_rules_not_regular(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_rules_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64], zero[64], big[64], custom[64];
    snprintf(fifo, sizeof fifo, "%s/fifo.ini", dir);
    snprintf(zero, sizeof zero, "%s/zero.ini", dir);
    snprintf(big, sizeof big, "%s/big.ini", dir);
    snprintf(custom, sizeof custom, "%s/custom.ini", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(symlink("/dev/zero", zero), 0);
    FILE *f = fopen(big, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)2 << 30), 0); /* sparse: 2 GB of nothing */
    fclose(f);
    write_file(dir, "custom.ini", "[ruleset]\ninherits = fifo\n");

    alarm(10); /* a FIFO opened for reading waits for a writer: fail, do not hang */
    jx_rules r;
    jx_error err;
    assert_int_equal(jx_rules_load(fifo, "rules", &r, &err), JX_ERR_IO);
    assert_string_equal(err.message, "not a regular file (a FIFO)");
    assert_string_equal(r.path, fifo);
    assert_int_equal(jx_rules_load(custom, "rules", &r, &err), JX_ERR_IO);
    char want[160];
    snprintf(want, sizeof want, "inherits 'fifo': %s: not a regular file (a FIFO)", fifo);
    assert_string_equal(err.message, want);
    assert_int_equal(jx_rules_load(zero, "rules", &r, &err), JX_ERR_IO);
    assert_string_equal(err.message, "not a regular file (a character device)");
    assert_int_equal(jx_rules_load(big, "rules", &r, &err), JX_ERR_TOO_LARGE);
    assert_string_equal(err.message, "larger than 1 MB (2147483648 bytes): not a rule set");
    alarm(0);
    remove_dir(dir);
}

/* ------------------------------------------------------------ rendering */

/* Field by field, so a failure says which field differs. */
static void expect_equal_rules(const jx_rules *a, const jx_rules *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->description, b->description);
    assert_string_equal(a->path, b->path);
    assert_string_equal(a->inherits, b->inherits);
    assert_int_equal(a->nmatch, b->nmatch);
    for (size_t i = 0; i < a->nmatch; i++)
        assert_string_equal(a->match[i], b->match[i]);
    assert_int_equal(a->ncategories, b->ncategories);
    for (size_t i = 0; i < a->ncategories; i++) {
        assert_string_equal(a->categories[i].name, b->categories[i].name);
        assert_int_equal(a->categories[i].weight, b->categories[i].weight);
    }
    assert_int_equal(a->total_weight, b->total_weight);
    assert_int_equal(a->execution_weight, b->execution_weight);
    assert_int_equal(a->management_weight, b->management_weight);
    assert_int_equal(a->exec_formula, b->exec_formula);
    assert_int_equal(a->exec_cap, b->exec_cap);
    assert_int_equal(a->ntiers, b->ntiers);
    for (size_t i = 0; i < a->ntiers; i++) {
        assert_int_equal(a->tiers[i].min_rate_percent, b->tiers[i].min_rate_percent);
        assert_int_equal(a->tiers[i].fraction, b->tiers[i].fraction);
    }
    assert_int_equal(a->exec_score_decimals, b->exec_score_decimals);
    assert_int_equal(a->rate_decimals, b->rate_decimals);
    assert_int_equal(a->over_execution_percent, b->over_execution_percent);
    assert_string_equal(a->execution_indicator, b->execution_indicator);
    assert_int_equal(a->recompute_quantitative, b->recompute_quantitative);
    assert_int_equal(a->indicator_score_decimals, b->indicator_score_decimals);
    assert_int_equal(a->qualitative_achieved, b->qualitative_achieved);
    assert_int_equal(a->qualitative_partly, b->qualitative_partly);
    assert_int_equal(a->deviation_zero_when_met, b->deviation_zero_when_met);
    assert_int_equal(a->ngrades, b->ngrades);
    for (size_t i = 0; i < a->ngrades; i++) {
        assert_string_equal(a->grades[i].name, b->grades[i].name);
        assert_int_equal(a->grades[i].min_score, b->grades[i].min_score);
    }
    assert_int_equal(a->amount_tolerance, b->amount_tolerance);
    assert_int_equal(a->score_tolerance, b->score_tolerance);
    assert_int_equal(a->rate_tolerance, b->rate_tolerance);
    assert_int_equal(a->nunits, b->nunits);
    for (size_t i = 0; i < a->nunits; i++) {
        assert_string_equal(a->units[i].from, b->units[i].from);
        assert_string_equal(a->units[i].to, b->units[i].to);
        assert_int_equal(a->units[i].factor, b->units[i].factor);
    }
}

/* Bases for re-parsing rendered text: each one rendered from rules/ too. */
typedef struct {
    jx_buf texts[8];
    size_t n;
} rendered_bases;

static jx_status rendered_resolve(const char *name, const char **text, const char **path,
                                  jx_error *err, void *ctx)
{
    rendered_bases *bases = ctx;
    if (bases->n == 8)
        return JX_ERR_FORMAT;
    jx_rules base;
    jx_status status = jx_rules_load(name, "rules", &base, err);
    if (status != JX_OK)
        return status;
    jx_buf *buf = &bases->texts[bases->n++];
    jx_buf_init(buf);
    jx_render_rules(buf, &base);
    jx_buf_append(buf, "", 1); /* NUL */
    *text = buf->data;
    *path = name;
    return JX_OK;
}

static void expect_round_trip(const char *name)
{
    jx_rules r, again;
    load_ok(name, &r);
    jx_buf out;
    jx_buf_init(&out);
    jx_render_rules(&out, &r);
    jx_buf_append(&out, "", 1);
    assert_false(out.failed);

    rendered_bases bases;
    memset(&bases, 0, sizeof bases);
    jx_error err;
    jx_status status = jx_rules_parse(out.data, r.path, &again, rendered_resolve, &bases, &err);
    if (status != JX_OK)
        fail_msg("%s: rendered text does not parse: line %u: %s\n%s", name, err.line,
                 err.message, out.data);
    expect_equal_rules(&r, &again);
    for (size_t i = 0; i < bases.n; i++)
        jx_buf_free(&bases.texts[i]);
    jx_buf_free(&out);
}

static void test_render_round_trip(void **state)
{
    (void)state;
    expect_round_trip("national");
    expect_round_trip("shaanxi");
    expect_round_trip("henan");
    expect_round_trip("qinghai");
}

static void test_render_round_trip_lists(void **state)
{
    (void)state;
    jx_rules r, again;
    parse_ok("[execution]\nformula = tiers\ntier = 60% : 0.6\ntier = 99.5% : 1\n"
             "[grades]\nA = 90\nB = 0\n[units]\nscale = 千元 -> 元 : 1000\n",
             NULL, 0, &r);
    jx_buf out;
    jx_buf_init(&out);
    jx_render_rules(&out, &r);
    jx_buf_append(&out, "", 1);
    jx_error err;
    if (jx_rules_parse(out.data, r.path, &again, NULL, NULL, &err) != JX_OK)
        fail_msg("line %u: %s\n%s", err.line, err.message, out.data);
    expect_equal_rules(&r, &again);
    assert_non_null(strstr(out.data, "\ntier = 99.5% : 1\ntier = 60% : 0.6\n"));
    assert_non_null(strstr(out.data, "\nscale = 千元 -> 元 : 1000\n"));
    jx_buf_free(&out);
}

/* What `jixiao rules shaanxi` shows: inherited values spelled out. */
static void test_render_text(void **state)
{
    (void)state;
    jx_rules r;
    load_ok("shaanxi", &r);
    jx_buf out;
    jx_buf_init(&out);
    jx_render_rules(&out, &r);
    jx_buf_append(&out, "", 1);
    const char *lines[] = {
        "\n[ruleset]\n;",
        "\nname = shaanxi\n",
        "\ninherits = national\n",
        "\nprovince = 陕西\nwords = 杨凌示范区, 西咸新区\n",
        "\n[weights]\n;",
        "\nclear = yes\n产出指标 = 50\n效益指标 = 30\n满意度指标 = 10\n",
        "\ntotal = 100\n预算执行率 = 10\n资金管理 = 0\n",
        ("\nformula = proportional\ncap = 1\nscore_decimals = 2\nrate_decimals = 2\n"
         "over_execution = 100%\nindicator =\n"),
        "\nqualitative_achieved = 0.8\nqualitative_partly = 0.6\n",
        "\n优 = 90\n良 = 80\n中 = 60\n差 = 0\n",
        "\namount = 0.01\nscore = 0.01\nrate = 0.01%\n",
        "\nscale = 元 -> 万元 : 0.0001\n",
        "\nsame = 人 = 人次\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (strstr(out.data, lines[i]) == NULL)
            fail_msg("rendered text lacks \"%s\":\n%s", lines[i], out.data);
    }
    jx_buf_free(&out);
}

/* ------------------------------------------------------------ the pick by province */

/* What `--rules auto` picks for text in dir. */
static void expect_pick_text(const char *dir, const char *text, const char *want)
{
    jx_document *doc = parse_text(text);
    jx_rules r;
    jx_error err;
    jx_status status = jx_rules_pick(doc, dir, &r, &err);
    jx_document_free(doc);
    if (status != JX_OK)
        fail_msg("%s: pick: %s", text, err.message);
    if (strcmp(r.name, want) != 0)
        fail_msg("%s: picked %s, want %s", text, r.name, want);
}

/* Issue 10.5: a unit anywhere in China gets its province's set, from the
 * gazetteer, without a rule file listing its name. */
static void test_pick_by_gazetteer(void **state)
{
    (void)state;
    char dir[32];
    copy_rules_dir(dir);
    write_file(dir, "anhui.ini",
               "[ruleset]\nname = anhui\ninherits = national\n[match]\nprovince = 安徽\n");
    write_file(dir, "yunnan.ini",
               "[ruleset]\nname = yunnan\ninherits = national\n[match]\nprovince = 云南省\n");
    expect_pick_text(dir, "神木市医疗保障局\n", "shaanxi");
    expect_pick_text(dir, "濉溪县医疗保障局\n", "anhui");
    expect_pick_text(dir, "丽江市古城区财政局\n", "yunnan");
    /* An ambiguous county alone decides nothing; beside its city it does. */
    expect_pick_text(dir, "鼓楼区财政局\n", "national");
    expect_pick_text(dir, "城中区医疗保障局\n", "national");
    expect_pick_text(dir, "西宁市城中区医疗保障局\n", "qinghai");
    /* A province without a set: national, even where another set's
     * province is named less. */
    expect_pick_text(dir, "福州市鼓楼区财政局\n", "national");
    expect_pick_text(dir, "福建省福州市鼓楼区财政局 赴西安市学习\n", "national");
    /* ... and named as often as a set's province, the set wins, as ties do. */
    expect_pick_text(dir, "福州市 西安市\n", "shaanxi");
    /* The province most named wins among sets. */
    expect_pick_text(dir, "淮北市濉溪县，合肥市，赴西安市学习\n", "anhui");
    /* Without the set, the same document gets national. */
    char path[96];
    snprintf(path, sizeof path, "%s/anhui.ini", dir);
    assert_int_equal(remove(path), 0);
    expect_pick_text(dir, "淮北市濉溪县，合肥市，赴西安市学习\n", "national");
    remove_dir(dir);
}

/* [match] words still add to a set's mentions: zones no gazetteer lists. */
static void test_pick_words_and_province(void **state)
{
    (void)state;
    char dir[32];
    copy_rules_dir(dir);
    expect_pick_text(dir, "杨凌示范区农业局\n", "shaanxi");
    /* A province the gazetteer does not know: the set is skipped and said. */
    write_file(dir, "typo.ini", "[ruleset]\nname = typo\n[match]\nprovince = 陝西\n");
    jx_document *doc = parse_text("神木市\n");
    jx_rules r;
    jx_error err;
    skip_log log = {.n = 0};
    assert_int_equal(jx_rules_pick_skipping(doc, dir, &r, log_skip, &log, &err), JX_OK);
    assert_string_equal(r.name, "shaanxi");
    assert_int_equal(log.n, 1);
    assert_non_null(strstr(log.errs[0].message, "province '陝西': not in"));
    /* No gazetteer in the directory: sets that name a province are skipped. */
    char path[96];
    snprintf(path, sizeof path, "%s/%s", dir, JX_GAZETTEER_FILE);
    assert_int_equal(remove(path), 0);
    log.n = 0;
    assert_int_equal(jx_rules_pick_skipping(doc, dir, &r, log_skip, &log, &err), JX_OK);
    assert_string_equal(r.name, "national");
    assert_int_equal(log.n, 4); /* henan, qinghai, shaanxi, typo */
    /* A malformed gazetteer fails the pick, naming its file and line. */
    write_file(dir, JX_GAZETTEER_FILE, "610000\t陕西省\t\t陕西省\n");
    assert_int_equal(jx_rules_pick(doc, dir, &r, &err), JX_ERR_FORMAT);
    assert_string_equal(r.path, path);
    assert_int_equal(err.line, 1);
    /* The same pick with a gazetteer read once by the caller. */
    jx_gazetteer *g = NULL;
    assert_int_equal(jx_gazetteer_load("rules/" JX_GAZETTEER_FILE, &g, &err), JX_OK);
    assert_int_equal(jx_rules_pick_with(doc, dir, g, &r, NULL, NULL, &err), JX_OK);
    assert_string_equal(r.name, "shaanxi");
    jx_gazetteer_free(g);
    jx_document_free(doc);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_national),
        cmocka_unit_test(test_national_units),
        cmocka_unit_test(test_shaanxi),
        cmocka_unit_test(test_henan),
        cmocka_unit_test(test_qinghai),
        cmocka_unit_test(test_load_by_path),
        cmocka_unit_test(test_load_custom_path),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_number_forms),
        cmocka_unit_test(test_tiers_sorted),
        cmocka_unit_test(test_grades_sorted),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_match_words),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_inherit_override),
        cmocka_unit_test(test_inherit_clear),
        cmocka_unit_test(test_inherit_cycle),
        cmocka_unit_test(test_inherit_self),
        cmocka_unit_test(test_inherit_depth),
        cmocka_unit_test(test_inherit_missing),
        cmocka_unit_test(test_inherit_base_error),
        cmocka_unit_test(test_error_unknown_key),
        cmocka_unit_test(test_error_unknown_section),
        cmocka_unit_test(test_error_bad_number),
        cmocka_unit_test(test_error_bad_enum),
        cmocka_unit_test(test_error_too_many),
        cmocka_unit_test(test_error_too_long),
        cmocka_unit_test(test_error_shapes),
        cmocka_unit_test(test_error_consistency),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_list),
        cmocka_unit_test(test_pick_samples),
        cmocka_unit_test(test_pick_national),
        cmocka_unit_test(test_pick_by_gazetteer),
        cmocka_unit_test(test_pick_words_and_province),
        cmocka_unit_test(test_pick_skips_broken),
        cmocka_unit_test(test_pick_reports_skipped),
        cmocka_unit_test(test_pick_broken_national),
        cmocka_unit_test(test_pick_from_catalog),
        cmocka_unit_test(test_rules_not_regular),
        cmocka_unit_test(test_render_round_trip),
        cmocka_unit_test(test_render_round_trip_lists),
        cmocka_unit_test(test_render_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
