/* test_workbook.c — where `jixiao score` puts a workbook: safe names, whole
 * files or none, never over the input. (The sheets themselves are read back
 * by tests/suites/xlsx.sh.) */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* The workbook name of an input, in a buffer of `size` bytes. */
static const char *name_of(const char *input, char *name, size_t size)
{
    assert_int_equal(jx_workbook_name(input, name, size, NULL), JX_OK);
    return name;
}

static void test_names_are_safe(void **state)
{
    (void)state;
    char name[64];
    assert_string_equal(name_of("tests/samples/000_897a8446687f37a7.txt", name, sizeof name),
                        "000_897a8446687f37a7.xlsx");
    assert_string_equal(name_of("a:b*c?\"d\".txt", name, sizeof name), "a_b_c__d_.xlsx");
    assert_string_equal(name_of("dir/.hidden", name, sizeof name), "_hidden.xlsx");
    assert_string_equal(name_of("-rf.tsv", name, sizeof name), "_rf.xlsx");
    assert_string_equal(name_of("", name, sizeof name), "_.xlsx");
    /* Cut to fit, never inside a character: 20 bytes hold 4 CJK characters and .xlsx. */
    assert_string_equal(name_of("神木市医疗保障局决算.txt", name, 20), "神木市医.xlsx");
    /* No room for any name is an error, not a silent "". */
    jx_error err = {0};
    assert_int_equal(jx_workbook_name("x.txt", name, 6, &err), JX_ERR_FORMAT);
    assert_string_equal(name, "");
    assert_true(err.message[0] != '\0');
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static jx_templates *shipped_templates(void)
{
    jx_error err = {0};
    jx_templates *set = NULL;
    if (jx_templates_load("templates", &set, &err) != JX_OK)
        fail_msg("templates: %s", err.message);
    return set;
}

static jx_report *checked_sample(jx_document **doc, jx_rules *rules)
{
    jx_error err = {0};
    *doc = jx_document_load("tests/samples/000_897a8446687f37a7.txt", JX_FORMAT_AUTO, &err);
    assert_non_null(*doc);
    assert_int_equal(jx_rules_load("shaanxi", "rules", rules, &err), JX_OK);
    jx_report *report = jx_evaluate(*doc, rules, &err);
    assert_non_null(report);
    return report;
}

static void test_written_whole_and_never_over_the_input(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-workbook-XXXXXX";
    assert_non_null(mkdtemp(dir));
    jx_error err = {0};
    jx_document *doc;
    jx_rules rules;
    jx_report *report = checked_sample(&doc, &rules);
    jx_templates *templates = shipped_templates();
    char written[4096];
    snprintf(written, sizeof written, "%s/000_897a8446687f37a7.xlsx", dir);
    assert_int_equal(jx_write_workbook_file(report, written, templates, NULL, &err), JX_OK);
    struct stat st;
    assert_int_equal(stat(written, &st), 0);
    assert_true(st.st_size > 1000);
    assert_int_equal(files_in(dir), 1); /* no temporary left beside it */

    /* A target that is the document itself is refused, and the document stays. */
    assert_int_equal(jx_write_workbook_file(report, doc->name, templates, NULL, &err),
                     JX_ERR_IO);
    assert_non_null(strstr(err.message, "overwrite the input"));

    /* A template the set lacks fails the workbook, leaving nothing behind. */
    char other[4200];
    snprintf(other, sizeof other, "%s/other.xlsx", dir);
    jx_templates *empty = jx_templates_new(&err);
    assert_non_null(empty);
    assert_int_equal(jx_write_workbook_file(report, other, empty, NULL, &err), JX_ERR_FORMAT);
    assert_non_null(strstr(err.message, "summary"));
    assert_int_equal(files_in(dir), 1);
    jx_templates_free(empty);

    /* A directory without the templates is refused when the set is loaded. */
    jx_templates *none = NULL;
    assert_int_not_equal(jx_templates_load("/nonexistent", &none, &err), JX_OK);
    assert_null(none);
    assert_non_null(strstr(err.message, "/nonexistent/summary.ini"));

    jx_templates_free(templates);
    unlink(written);
    rmdir(dir);
    jx_report_free(report);
    jx_document_free(doc);
}

/* Issue 8.2: a link planted where a temporary might go is never followed. */
static void test_planted_links_are_never_followed(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-workbook-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char victim[4200], link[4300], target[4200];
    snprintf(victim, sizeof victim, "%s/victim.txt", dir);
    write_file(victim, "precious\n");
    /* Every name the old scheme could pick (.NAME.xlsx.PID.tmp), and the target's. */
    snprintf(link, sizeof link, "%s/.out.xlsx.%ld.tmp", dir, (long)getpid());
    assert_int_equal(symlink(victim, link), 0);
    jx_error err = {0};
    jx_document *doc;
    jx_rules rules;
    jx_report *report = checked_sample(&doc, &rules);
    jx_templates *templates = shipped_templates();
    snprintf(target, sizeof target, "%s/out.xlsx", dir);
    assert_int_equal(jx_write_workbook_file(report, target, templates, NULL, &err), JX_OK);
    jx_templates_free(templates);
    struct stat st;
    assert_int_equal(stat(victim, &st), 0);
    assert_int_equal(st.st_size, (off_t)strlen("precious\n"));
    assert_int_equal(lstat(target, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(files_in(dir), 3); /* victim, the link, the workbook: no temporary */
    unlink(link);
    unlink(target);
    unlink(victim);
    rmdir(dir);
    jx_report_free(report);
    jx_document_free(doc);
}

/* One part of a written workbook (an .xlsx is a zip), NUL-terminated; the caller frees it. */
static char *workbook_part(const char *path, const char *name)
{
    int error = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &error);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, name, 0, &st), 0);
    char *text = calloc(1, (size_t)st.size + 1);
    assert_non_null(text);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    return text;
}

/* Issue 13.7: every financial table on a sheet of its own, after the cards
 * and before 问题清单, and no sheet repeating 问题清单 (决算表审核). */
static void test_financial_tables_have_their_sheets(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-workbook-XXXXXX";
    assert_non_null(mkdtemp(dir));
    jx_error err = {0};
    jx_document *doc;
    jx_rules rules;
    jx_report *report = checked_sample(&doc, &rules);
    jx_templates *templates = shipped_templates();
    char path[4200];
    snprintf(path, sizeof path, "%s/000.xlsx", dir);
    assert_int_equal(jx_write_workbook_file(report, path, templates, NULL, &err), JX_OK);
    char *book = workbook_part(path, "xl/workbook.xml");
    assert_null(strstr(book, "决算表审核"));
    /* The sheets in order: 审核摘要, the cards, the ledgers (财务表N title), 问题清单. */
    const char *at = strstr(book, "name=\"审核摘要\"");
    assert_non_null(at);
    size_t ledgers = 0;
    for (size_t i = 0; i < report->ncards; i++) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "%zu ", report->cards[i].card->table->index);
        at = strstr(at + 1, "<sheet ");
        assert_non_null(at);
        assert_non_null(strstr(at, prefix)); /* 项目自评3 … */
    }
    for (size_t i = 0; i < doc->ntables; i++) {
        const jx_table *t = &doc->tables[i];
        if (t->kind != JX_KIND_LEDGER)
            continue;
        char name[256];
        snprintf(name, sizeof name, "<sheet name=\"财务表%zu %s\"", t->index, t->title);
        const char *next = strstr(at + 1, "<sheet ");
        assert_non_null(next);
        if (strncmp(next, name, strlen(name)) != 0)
            fail_msg("sheet %zu: want %s, got %.80s", i + 1, name, next);
        at = next;
        ledgers++;
    }
    assert_int_equal(ledgers, 9); /* 公开01表 … 公开09表 */
    at = strstr(at + 1, "<sheet ");
    assert_non_null(at);
    assert_int_equal(strncmp(at, "<sheet name=\"问题清单\"", strlen("<sheet name=\"问题清单\"")), 0);
    assert_null(strstr(at + 1, "<sheet "));
    free(book);
    /* A finding about a ledger's cell is in a comment: its cell's, on its sheet. */
    bool commented = false;
    char *message = NULL;
    for (size_t i = 0; i < report->nfindings && message == NULL; i++) {
        const jx_finding *f = &report->findings[i];
        if (f->table && f->table->kind == JX_KIND_LEDGER && f->cell)
            message = strdup(f->message);
    }
    assert_non_null(message);
    for (size_t k = 1; k <= 32 && !commented; k++) {
        char part[64];
        snprintf(part, sizeof part, "xl/comments%zu.xml", k);
        int error = 0;
        zip_t *z = zip_open(path, ZIP_RDONLY, &error);
        assert_non_null(z);
        bool there = zip_name_locate(z, part, 0) >= 0;
        zip_close(z);
        if (!there)
            continue;
        char *comments = workbook_part(path, part);
        commented = strstr(comments, message) != NULL;
        free(comments);
    }
    assert_true(commented);
    free(message);
    jx_templates_free(templates);
    unlink(path);
    rmdir(dir);
    jx_report_free(report);
    jx_document_free(doc);
}

/* Issue 8.11 and 8.12: distinct names within a run, never an input's, within NAME_MAX. */
static void test_plan_gives_every_input_its_own_workbook(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-plan-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char same[4200];
    snprintf(same, sizeof same, "%s/x.xlsx", dir); /* an input named like x.txt's workbook */
    write_file(same, "");
    char longname[300];
    memset(longname, 'a', 250);
    snprintf(longname + 250, sizeof longname - 250, ".txt");
    const char *inputs[] = {"d1/x.txt", "d2/x.txt", same, "x.csv", longname};
    char **targets = NULL;
    jx_error err = {0};
    assert_int_equal(jx_workbook_plan(inputs, 5, dir, &targets, &err), JX_OK);
    char want[4300];
    snprintf(want, sizeof want, "%s/x~2.xlsx", dir); /* x.xlsx is an input */
    assert_string_equal(targets[0], want);
    snprintf(want, sizeof want, "%s/x~3.xlsx", dir);
    assert_string_equal(targets[1], want);
    snprintf(want, sizeof want, "%s/x~4.xlsx", dir);
    assert_string_equal(targets[2], want);
    snprintf(want, sizeof want, "%s/x~5.xlsx", dir);
    assert_string_equal(targets[3], want);
    const char *base = strrchr(targets[4], '/') + 1;
    assert_true(strlen(base) <= 255 - 8);
    assert_non_null(strstr(base, ".xlsx"));
    jx_workbook_plan_free(targets, 5);
    unlink(same);
    rmdir(dir);
}

/* A run over folders: each workbook named after the document's place in
 * its folder, distinct whatever the number of documents. */
static void test_plan_by_place_at_scale(void **state)
{
    (void)state;
    enum { N = 20000 };
    char **inputs = calloc(N, sizeof *inputs), **names = calloc(N, sizeof *names);
    assert_non_null(inputs);
    assert_non_null(names);
    for (size_t i = 0; i < N; i++) {
        inputs[i] = malloc(64);
        names[i] = malloc(64);
        snprintf(inputs[i], 64, "/nonexistent/unit%zu/2024/自评.txt", i / 2);
        snprintf(names[i], 64, "unit%zu_2024_自评.txt", i / 2); /* every name twice */
    }
    char **targets = NULL;
    jx_error err = {0};
    assert_int_equal(jx_workbook_plan_named((const char *const *)inputs,
                                            (const char *const *)names, N, "/tmp", &targets,
                                            &err),
                     JX_OK);
    assert_string_equal(targets[0], "/tmp/unit0_2024_自评.xlsx");
    assert_string_equal(targets[1], "/tmp/unit0_2024_自评~2.xlsx");
    assert_string_equal(targets[N - 1], "/tmp/unit9999_2024_自评~2.xlsx");
    jx_workbook_plan_free(targets, N);
    /* Without names: named after the inputs, all alike but for the suffix. */
    assert_int_equal(jx_workbook_plan((const char *const *)inputs, 3, "/tmp", &targets, &err),
                     JX_OK);
    assert_string_equal(targets[2], "/tmp/自评~3.xlsx");
    jx_workbook_plan_free(targets, 3);
    for (size_t i = 0; i < N; i++) {
        free(inputs[i]);
        free(names[i]);
    }
    free(inputs);
    free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_safe),
        cmocka_unit_test(test_written_whole_and_never_over_the_input),
        cmocka_unit_test(test_planted_links_are_never_followed),
        cmocka_unit_test(test_financial_tables_have_their_sheets),
        cmocka_unit_test(test_plan_gives_every_input_its_own_workbook),
        cmocka_unit_test(test_plan_by_place_at_scale),
    };
    return cmocka_run_group_tests_name("workbook", tests, NULL, NULL);
}
