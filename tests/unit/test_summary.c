/* test_summary.c — the run's summary workbook (jx_summary_write): built from
 * the seeds' real reports, a document that could not be read, a row taken
 * from an earlier run and one made by hand; its sheets, columns, links,
 * numbers and charts read back from the file; written safely, never over an
 * input; 10,000 documents in constant memory.
 *
 * With JX_SUMMARY_KEEP=DIR the workbook stays in DIR/summary/汇总.xlsx with
 * what it must hold in DIR/expected.json, for tests/xlsx/summary_workbook.py
 * (tests/suites/summary.sh). */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

/* ------------------------------------------------------------ helpers */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    char *data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    data[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return data;
}

/* One part of a written workbook, NUL-terminated; NULL when it has none. */
static char *workbook_part(const char *path, const char *name)
{
    int error = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &error);
    assert_non_null(z);
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0) {
        zip_close(z);
        return NULL;
    }
    char *text = calloc(1, (size_t)st.size + 1);
    assert_non_null(text);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    return text;
}

/* (Not strstr in a loop: the sanitizer's measures the whole text each time.) */
static size_t occurrences(const char *text, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = text; *p; p++)
        if (*p == needle[0] && strncmp(p, needle, k) == 0) {
            n++;
            p += k - 1;
        }
    return n;
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    closedir(d);
    return n;
}

static void remove_tree(const char *dir)
{
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ------------------------------------------------------------ the run */

typedef struct {
    char dir[4096];    /* DIR: in/ (none), out/ the workbooks, summary/ the summary */
    char target[4200]; /* DIR/summary/汇总.xlsx */
    jx_summary *summary;
    size_t seeds; /* rows from the seeds' reports */
} run;

static const char *const seeds[] = JX_SEED_PATHS;
#define NSEEDS (sizeof seeds / sizeof seeds[0])

static void make_dir(const char *path)
{
    assert_int_equal(mkdir(path, 0700), 0);
}

/* The seeds checked by the national rules, each with its workbook written;
 * then a failure, the first row again as taken from an earlier run, and a
 * row by hand whose names need escaping, with an unknown code. */
static void build_run(run *r, const char *keep)
{
    memset(r, 0, sizeof *r);
    if (keep) {
        snprintf(r->dir, sizeof r->dir, "%s", keep);
    } else {
        snprintf(r->dir, sizeof r->dir, "/tmp/jixiao-summary-XXXXXX");
        assert_non_null(mkdtemp(r->dir));
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/out", r->dir);
    make_dir(path);
    snprintf(path, sizeof path, "%s/summary", r->dir);
    make_dir(path);
    snprintf(r->target, sizeof r->target, "%s/summary/汇总.xlsx", r->dir);
    jx_error err = {0};
    r->summary = jx_summary_new(&err);
    assert_non_null(r->summary);
    static jx_rules rules;
    if (jx_rules_load("national", "rules", &rules, &err) != JX_OK)
        fail_msg("rules: %s", err.message);
    jx_templates *templates = NULL;
    if (jx_templates_load("templates", &templates, &err) != JX_OK)
        fail_msg("templates: %s", err.message);
    char **targets = NULL;
    snprintf(path, sizeof path, "%s/out", r->dir);
    assert_int_equal(jx_workbook_plan(seeds, NSEEDS, path, &targets, &err), JX_OK);
    for (size_t i = 0; i < NSEEDS; i++) {
        jx_document *doc = jx_document_load(seeds[i], JX_FORMAT_AUTO, &err);
        assert_non_null(doc);
        jx_report *report = jx_evaluate(doc, &rules, &err);
        assert_non_null(report);
        assert_int_equal(jx_write_workbook_file(report, targets[i], templates, NULL, &err), JX_OK);
        size_t len;
        char *bytes = read_all(seeds[i], &len);
        char sha[JX_SHA256_HEX];
        jx_sha256_hex((const unsigned char *)bytes, len, sha);
        free(bytes);
        assert_int_equal(jx_summary_add_report(r->summary, report, seeds[i], targets[i], sha, &err),
                         JX_OK);
        jx_report_free(report);
        jx_document_free(doc);
    }
    jx_workbook_plan_free(targets, NSEEDS);
    jx_templates_free(templates);
    r->seeds = NSEEDS;
    assert_int_equal(jx_summary_add_failure(r->summary, "in/扫描件.pdf",
                                            "无法读取：PDF 中没有文字（扫描件）", &err),
                     JX_OK);
    jx_summary_doc copy = *jx_summary_row(r->summary, 0);
    copy.path = "in/上次已复核.txt";
    copy.reused = true;
    assert_int_equal(jx_summary_add_row(r->summary, &copy, &err), JX_OK);
    jx_summary_card cards[2] = {
        {.title = "=HYPERLINK(\"x\") 项目",
         .kind = "project",
         .declared_total = {true, 95500000, 1},
         .computed_total = {true, 92250000, 2},
         .difference = {true, 3250000, 2},
         .grade_declared = "优",
         .grade_computed = "优",
         .errors = 2,
         .warnings = 1},
        {.title = "未申报总分的项目",
         .kind = "target",
         .computed_total = {true, 80000000, 2},
         .grade_declared = "",
         .grade_computed = "良"},
    };
    jx_summary_code codes[2] = {{"exec_rate", JX_SEV_ERROR, 2}, {"legacy_code", JX_SEV_WARNING, 1}};
    snprintf(path, sizeof path, "%s/out/项目 #1 50%%.xlsx", r->dir);
    jx_summary_doc hand = {.path = "in/项目 #1 50%.txt",
                           .workbook = path,
                           .sha256 = "",
                           .format = "text",
                           .unit = "+某单位",
                           .province = "陕西",
                           .year = "2024年度",
                           .kind = "project,target",
                           .rules = "shaanxi",
                           .failure = "",
                           .errors = 2,
                           .warnings = 1,
                           .cards = cards,
                           .ncards = 2,
                           .codes = codes,
                           .ncodes = 2};
    assert_int_equal(jx_summary_add_row(r->summary, &hand, &err), JX_OK);
}

static void free_run(run *r, bool remove)
{
    jx_summary_free(r->summary);
    if (remove)
        remove_tree(r->dir);
}

/* ------------------------------------------------------------ expectations */

static void json_value(jx_buf *b, jx_summary_value v)
{
    if (!v.has) {
        jx_buf_puts(b, "null");
        return;
    }
    char text[64];
    jx_decimal_format(text, sizeof text, v.micros, v.decimals);
    jx_buf_printf(b, "{\"text\": \"%s\", \"decimals\": %u}", text, (unsigned)v.decimals);
}

/* What the workbook must hold, from the summary's rows: for the read-back. */
static void write_expected(const run *r, const char *path)
{
    jx_buf b;
    jx_buf_init(&b);
    jx_buf_puts(&b, "{\"summary\": ");
    jx_buf_json_string(&b, r->target);
    jx_buf_puts(&b, ",\n \"documents\": [");
    for (size_t i = 0; i < jx_summary_count(r->summary); i++) {
        const jx_summary_doc *d = jx_summary_row(r->summary, i);
        jx_buf_puts(&b, i ? ",\n  {" : "\n  {");
#define JX_SUMMARY_DOC_FIELD(member, type, header, width) JSON_##type(member, d->member)
#define JSON_TEXT(m, v)                                                                            \
    jx_buf_puts(&b, "\"" #m "\": "), jx_buf_json_string(&b, v), jx_buf_puts(&b, ", ");
#define JSON_COUNT(m, v) jx_buf_printf(&b, "\"%s\": %zu, ", #m, (size_t)(v));
#define JSON_FLAG(m, v) jx_buf_printf(&b, "\"%s\": %s, ", #m, (v) ? "true" : "false");
#define JSON_VALUE(m, v) jx_buf_puts(&b, "\"" #m "\": "), json_value(&b, v), jx_buf_puts(&b, ", ");
#include "summary_fields.def"
        jx_buf_puts(&b, "\"cards\": [");
        for (size_t k = 0; k < d->ncards; k++) {
            const jx_summary_card *c = &d->cards[k];
            jx_buf_puts(&b, k ? ", {" : "{");
#define JX_SUMMARY_CARD_FIELD(member, type, header, width) JSON_##type(member, c->member)
#include "summary_fields.def"
            jx_buf_puts(&b, "\"_\": 0}");
        }
        jx_buf_puts(&b, "], \"codes\": [");
        for (size_t k = 0; k < d->ncodes; k++) {
            jx_buf_puts(&b, k ? ", [" : "[");
            jx_buf_json_string(&b, d->codes[k].code);
            jx_buf_printf(&b, ", \"%s\", %zu]", jx_severity_name(d->codes[k].severity),
                          d->codes[k].count);
        }
        jx_buf_puts(&b, "]}");
    }
    jx_buf_puts(&b, "]}\n");
    assert_false(b.failed);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
    assert_int_equal(fclose(f), 0);
    jx_buf_free(&b);
}

/* ------------------------------------------------------------ tests */

/* The sheets in order; 文件's and 评分表's headers summary_fields.def's. */
static void check_sheets(const char *path, const run *r)
{
    char *book = workbook_part(path, "xl/workbook.xml");
    assert_non_null(book);
    const char *names[] = {"总览", "文件", "评分表", "问题代码", "图表"};
    const char *at = book;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "<sheet name=\"%s\"", names[i]);
        const char *next = strstr(at, "<sheet ");
        assert_non_null(next);
        if (strncmp(next, want, strlen(want)) != 0)
            fail_msg("sheet %zu: want %s, got %.60s", i + 1, want, next);
        at = next + 1;
    }
    assert_null(strstr(at, "<sheet "));
    /* autofilters are defined names of 文件, 评分表, 问题代码 */
    assert_int_equal(occurrences(book, "_xlnm._FilterDatabase"), 3);
    assert_int_equal(occurrences(book, "_xlnm.Print_Titles"), 3);
    free(book);

    char *docs = workbook_part(path, "xl/worksheets/sheet2.xml");
    assert_non_null(docs);
    /* one row per document and the header */
    assert_int_equal(occurrences(docs, "<row "), jx_summary_count(r->summary) + 1);
    const char *h = docs;
#define JX_SUMMARY_DOC_FIELD(member, type, header, width)                                          \
    h = strstr(h, "<t>" header "</t>");                                                            \
    if (h == NULL)                                                                                 \
        fail_msg("文件: no header %s, in summary_fields.def's order", header);
#include "summary_fields.def"
    assert_non_null(strstr(docs, "<pane xSplit=\"1\" ySplit=\"1\""));
    assert_non_null(strstr(docs, "<autoFilter ref=\"A1:"));
    assert_non_null(strstr(docs, "<pageSetup paperSize=\"9\""));
    assert_non_null(strstr(docs, "orientation=\"landscape\""));
    assert_non_null(strstr(docs, "fitToHeight=\"0\""));
    assert_non_null(strstr(docs, "&amp;P"));
    /* the failure's reason in its row; its counts left blank, not 0 */
    assert_non_null(strstr(docs, "无法读取：PDF 中没有文字（扫描件）"));
    /* text that looks like a formula stays text */
    assert_null(strstr(docs, "<f>"));
    free(docs);

    char *cards = workbook_part(path, "xl/worksheets/sheet3.xml");
    assert_non_null(cards);
    size_t ncards = 0;
    for (size_t i = 0; i < jx_summary_count(r->summary); i++)
        ncards += jx_summary_row(r->summary, i)->failure[0] ? 0
                                                            : jx_summary_row(r->summary, i)->ncards;
    assert_int_equal(occurrences(cards, "<row "), ncards + 1);
    h = strstr(cards, "<t>文件</t>");
    assert_non_null(h);
    h = strstr(h, "<t>单位</t>");
    assert_non_null(h);
#define JX_SUMMARY_CARD_FIELD(member, type, header, width)                                         \
    h = strstr(h, "<t>" header "</t>");                                                            \
    if (h == NULL)                                                                                 \
        fail_msg("评分表: no header %s, in summary_fields.def's order", header);
#include "summary_fields.def"
    /* the hand-made card: 95.5 − 92.25 = 3.25, a number shown with its two decimals */
    assert_non_null(strstr(cards, "<v>95.5</v>"));
    assert_non_null(strstr(cards, "<v>92.25</v>"));
    assert_non_null(strstr(cards, "<v>3.25</v>"));
    assert_non_null(strstr(cards, "<t>=HYPERLINK(\"x\") 项目</t>"));
    assert_null(strstr(cards, "<f>"));
    free(cards);
}

/* Each document's workbook linked relative to the summary's folder. */
static void check_links(const char *path, const run *r)
{
    char *rels = workbook_part(path, "xl/worksheets/_rels/sheet2.xml.rels");
    assert_non_null(rels);
    for (size_t i = 0; i < r->seeds; i++) {
        const jx_summary_doc *d = jx_summary_row(r->summary, i);
        char want[512];
        snprintf(want, sizeof want, "Target=\"..\\out\\%s\"", strrchr(d->workbook, '/') + 1);
        if (strstr(rels, want) == NULL)
            fail_msg("no link %s in %s", want, rels);
    }
    /* # and % escaped, the space too: never taken for a place in the file */
    assert_non_null(strstr(rels, "Target=\"..\\out\\项目%20%231%2050%25.xlsx\""));
    /* the failure has no workbook, the copied row links the first's */
    assert_int_equal(occurrences(rels, "TargetMode=\"External\""), r->seeds + 2);
    free(rels);
}

static void check_charts_and_fonts(const char *path)
{
    for (int i = 1; i <= 3; i++) {
        char part[64];
        snprintf(part, sizeof part, "xl/charts/chart%d.xml", i);
        char *chart = workbook_part(path, part);
        if (chart == NULL)
            fail_msg("no %s", part);
        /* categories as text, cached with their values: shown alike everywhere */
        assert_non_null(strstr(chart, "<c:strCache>"));
        assert_non_null(strstr(chart, "<c:numCache>"));
        assert_non_null(strstr(chart, "'图表'!$A$"));
        assert_non_null(strstr(chart, "<c:title>"));
        free(chart);
    }
    char *chart = workbook_part(path, "xl/charts/chart1.xml");
    assert_non_null(strstr(chart, "差额分布"));
    assert_non_null(strstr(chart, "评分表数"));
    free(chart);
    char *styles = workbook_part(path, "xl/styles.xml");
    assert_non_null(
        strstr(styles, "<name val=\"宋体\"/><family val=\"1\"/><charset val=\"134\"/>"));
    free(styles);
}

static void test_summary_workbook(void **state)
{
    (void)state;
    const char *keep = getenv("JX_SUMMARY_KEEP");
    run r;
    build_run(&r, keep);
    jx_error err = {0};
    if (jx_summary_write(r.summary, r.target, &err) != JX_OK)
        fail_msg("jx_summary_write: %s", err.message);
    char folder[4200];
    snprintf(folder, sizeof folder, "%s/summary", r.dir);
    assert_int_equal(files_in(folder), 1); /* no temporary left beside it */
    check_sheets(r.target, &r);
    check_links(r.target, &r);
    check_charts_and_fonts(r.target);

    /* Written again over itself: replaced whole. */
    assert_int_equal(jx_summary_write(r.summary, r.target, &err), JX_OK);
    assert_int_equal(files_in(folder), 1);
    if (keep) {
        char expected[4300];
        snprintf(expected, sizeof expected, "%s/expected.json", keep);
        write_expected(&r, expected);
    }
    free_run(&r, keep == NULL);
}

/* Never over a document of the run or its workbook; errors name the target. */
static void test_written_safely(void **state)
{
    (void)state;
    run r;
    build_run(&r, NULL);
    jx_error err = {0};
    const jx_summary_doc *first = jx_summary_row(r.summary, 0);
    size_t before;
    char *bytes = read_all(first->workbook, &before);
    free(bytes);
    assert_int_equal(jx_summary_write(r.summary, first->workbook, &err), JX_ERR_IO);
    assert_non_null(strstr(err.message, first->workbook));
    assert_non_null(strstr(err.message, "would overwrite"));
    size_t after;
    bytes = read_all(first->workbook, &after);
    free(bytes);
    assert_int_equal(before, after);
    assert_int_equal(jx_summary_write(r.summary, first->path, &err), JX_ERR_IO);
    assert_non_null(strstr(err.message, "would overwrite"));

    /* A folder that does not exist: the error names the file. */
    char missing[4300];
    snprintf(missing, sizeof missing, "%s/no/such/汇总.xlsx", r.dir);
    assert_int_equal(jx_summary_write(r.summary, missing, &err), JX_ERR_IO);
    assert_int_equal(strncmp(err.message, missing, strlen(missing)), 0);
    /* A folder it may not write to (root writes anywhere: nothing to see then). */
    char locked[4300], target[4400];
    snprintf(locked, sizeof locked, "%s/locked", r.dir);
    make_dir(locked);
    assert_int_equal(chmod(locked, 0500), 0);
    snprintf(target, sizeof target, "%s/汇总.xlsx", locked);
    if (access(locked, W_OK) != 0) {
        assert_int_equal(jx_summary_write(r.summary, target, &err), JX_ERR_IO);
        assert_int_equal(strncmp(err.message, target, strlen(target)), 0);
        assert_int_equal(files_in(locked), 0);
    }
    assert_int_equal(chmod(locked, 0700), 0);
    free_run(&r, true);
}

/* No document at all: every sheet still there, with its header; no chart of codes. */
static void test_empty_summary(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-summary-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[4200];
    snprintf(target, sizeof target, "%s/empty.xlsx", dir);
    jx_error err = {0};
    jx_summary *s = jx_summary_new(&err);
    assert_non_null(s);
    assert_int_equal(jx_summary_write(s, target, &err), JX_OK);
    char *book = workbook_part(target, "xl/workbook.xml");
    assert_non_null(strstr(book, "<sheet name=\"图表\""));
    free(book);
    char *docs = workbook_part(target, "xl/worksheets/sheet2.xml");
    assert_int_equal(occurrences(docs, "<row "), 1);
    free(docs);
    char *chart = workbook_part(target, "xl/charts/chart3.xml");
    assert_null(chart); /* nothing found: two charts, no list of codes */
    jx_summary_free(s);
    remove_tree(dir);
}

/* A name that is not text: shown with its bytes escaped, never a link. */
static void test_names_that_are_not_text(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-summary-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[4200];
    snprintf(target, sizeof target, "%s/s.xlsx", dir);
    jx_error err = {0};
    jx_summary *s = jx_summary_new(&err);
    assert_non_null(s);
    jx_summary_doc d = {.path = "in/bad\xff\x01.txt",
                        .workbook = "out/bad\xff.xlsx",
                        .sha256 = "",
                        .format = "text",
                        .unit = "单位\x07",
                        .province = "",
                        .year = "",
                        .kind = "project",
                        .rules = "national",
                        .failure = ""};
    assert_int_equal(jx_summary_add_row(s, &d, &err), JX_OK);
    assert_int_equal(jx_summary_write(s, target, &err), JX_OK);
    char *docs = workbook_part(target, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(docs, "<t>in/bad\\xff\xe2\x90\x81.txt</t>")); /* \xff, ␁ */
    assert_non_null(strstr(docs, "<t>out/bad\\xff.xlsx</t>"));
    assert_non_null(strstr(docs, "<t>单位\xe2\x90\x87</t>")); /* ␇ */
    assert_null(strstr(docs, "<hyperlink "));
    free(docs);
    assert_null(workbook_part(target, "xl/worksheets/_rels/sheet2.xml.rels"));
    jx_summary_free(s);
    remove_tree(dir);
}

/* 10,000 documents of 3 cards each write in seconds and modest memory. */
static void test_ten_thousand_documents(void **state)
{
    (void)state;
    if (getenv("JX_SUMMARY_KEEP")) /* the suite reads the small run back; this one ran already */
        skip();
    char dir[] = "/tmp/jixiao-summary-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[4200];
    snprintf(target, sizeof target, "%s/big.xlsx", dir);
    jx_error err = {0};
    jx_summary *s = jx_summary_new(&err);
    assert_non_null(s);
    enum { DOCS = 10000 };
    for (size_t i = 0; i < DOCS; i++) {
        char path[256], workbook[256], title[3][96];
        snprintf(path, sizeof path,
                 "省级/第%zu批/%05zu_某县某局2024年度部门整体支出绩效自评报告.pdf", i / 500, i);
        snprintf(workbook, sizeof workbook,
                 "out/%05zu_某县某局2024年度部门整体支出绩效自评报告.xlsx", i);
        jx_summary_card cards[3];
        for (size_t k = 0; k < 3; k++) {
            snprintf(title[k], sizeof title[k], "第%zu号项目资金%zu", i, k);
            int64_t declared = (int64_t)(85 + (i + k) % 15) * JX_MICRO;
            int64_t computed = declared - (int64_t)((i * 7 + k) % 23) * 250000;
            cards[k] = (jx_summary_card){.title = title[k],
                                         .kind = "project",
                                         .declared_total = {true, declared, 0},
                                         .computed_total = {true, computed, 2},
                                         .difference = {true, declared - computed, 2},
                                         .grade_declared = "优",
                                         .grade_computed = "良",
                                         .errors = i % 4,
                                         .warnings = k,
                                         .infos = 1};
        }
        jx_summary_code codes[2] = {{"score_total", JX_SEV_ERROR, i % 4},
                                    {"exec_rate", JX_SEV_ERROR, 1 + i % 3}};
        jx_summary_doc d = {.path = path,
                            .workbook = workbook,
                            .sha256 = "",
                            .format = "pdf",
                            .unit = "某县某局",
                            .province = "陕西",
                            .year = "2024年度",
                            .kind = "department,project",
                            .rules = "shaanxi",
                            .failure = "",
                            .errors = i % 13,
                            .warnings = 2,
                            .infos = 3,
                            .cards = cards,
                            .ncards = 3,
                            .codes = codes,
                            .ncodes = i % 4 ? 2 : 1};
        assert_int_equal(jx_summary_add_row(s, &d, &err), JX_OK);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (jx_summary_write(s, target, &err) != JX_OK)
        fail_msg("jx_summary_write: %s", err.message);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("10,000 documents, 30,000 scorecards: written in %.2f s under the sanitizers\n",
                  seconds);
    assert_true(seconds < 60); /* seconds, even instrumented: nothing quadratic */
    char *docs = workbook_part(target, "xl/worksheets/sheet2.xml");
    assert_int_equal(occurrences(docs, "<row "), DOCS + 1);
    free(docs);
    char *cards = workbook_part(target, "xl/worksheets/sheet3.xml");
    assert_int_equal(occurrences(cards, "<row "), 3 * DOCS + 1);
    free(cards);
    jx_summary_free(s);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_workbook),
        cmocka_unit_test(test_written_safely),
        cmocka_unit_test(test_empty_summary),
        cmocka_unit_test(test_names_that_are_not_text),
        cmocka_unit_test(test_ten_thousand_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
