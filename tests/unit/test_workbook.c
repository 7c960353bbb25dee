/* test_workbook.c — where `jixiao score` puts a workbook: safe names, whole
 * files or none, never over the input. (The sheets themselves are read back
 * by tests/suites/xlsx.sh.) */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_safe),
        cmocka_unit_test(test_written_whole_and_never_over_the_input),
        cmocka_unit_test(test_planted_links_are_never_followed),
        cmocka_unit_test(test_plan_gives_every_input_its_own_workbook),
    };
    return cmocka_run_group_tests_name("workbook", tests, NULL, NULL);
}
