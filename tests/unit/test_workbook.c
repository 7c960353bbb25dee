/* test_workbook.c — where `jixiao score` puts a workbook: safe names, whole
 * files or none, never over the input. (The sheets themselves are read back
 * by tests/suites/xlsx.sh.) */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_names_are_safe(void **state)
{
    (void)state;
    char name[64];
    jx_workbook_name("tests/samples/000_897a8446687f37a7.txt", name, sizeof name);
    assert_string_equal(name, "000_897a8446687f37a7.xlsx");
    jx_workbook_name("a:b*c?\"d\".txt", name, sizeof name);
    assert_string_equal(name, "a_b_c__d_.xlsx");
    jx_workbook_name("dir/.hidden", name, sizeof name);
    assert_string_equal(name, "_hidden.xlsx");
    jx_workbook_name("-rf.tsv", name, sizeof name);
    assert_string_equal(name, "_rf.xlsx");
    jx_workbook_name("", name, sizeof name);
    assert_string_equal(name, "_.xlsx");
    /* Cut to fit, never inside a character: 20 bytes hold 4 CJK characters and .xlsx. */
    jx_workbook_name("神木市医疗保障局决算.txt", name, 20);
    assert_string_equal(name, "神木市医.xlsx");
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

static void test_written_whole_and_never_over_the_input(void **state)
{
    (void)state;
    char dir[] = "/tmp/jixiao-workbook-XXXXXX";
    assert_non_null(mkdtemp(dir));
    jx_error err = {0};
    jx_document *doc = jx_document_load("tests/samples/000_897a8446687f37a7.txt", JX_FORMAT_AUTO, &err);
    assert_non_null(doc);
    jx_rules rules;
    assert_int_equal(jx_rules_load("shaanxi", "rules", &rules, &err), JX_OK);
    jx_report *report = jx_evaluate(doc, &rules);
    assert_non_null(report);
    char written[4096];
    assert_int_equal(jx_write_workbook_file(report, doc->name, dir, "templates", written,
                                            sizeof written, &err), JX_OK);
    assert_non_null(strstr(written, "/000_897a8446687f37a7.xlsx"));
    struct stat st;
    assert_int_equal(stat(written, &st), 0);
    assert_true(st.st_size > 1000);
    assert_int_equal(files_in(dir), 1); /* no temporary left beside it */

    /* An input named like its workbook, in the output directory, stays as it was. */
    char input[4200];
    snprintf(input, sizeof input, "%s/same.xlsx", dir);
    FILE *f = fopen(input, "wb");
    assert_non_null(f);
    fputs("not a workbook\n", f);
    fclose(f);
    assert_int_equal(jx_write_workbook_file(report, input, dir, "templates", written,
                                            sizeof written, &err), JX_ERR_IO);
    assert_non_null(strstr(err.message, "overwrite the input"));
    assert_int_equal(stat(input, &st), 0);
    assert_int_equal(st.st_size, (off_t)strlen("not a workbook\n"));

    /* A missing template fails the workbook, leaving nothing behind. */
    assert_int_not_equal(jx_write_workbook_file(report, "other.txt", dir, "/nonexistent",
                                                written, sizeof written, &err), JX_OK);
    assert_int_equal(files_in(dir), 2);
    assert_non_null(strstr(err.message, "other.xlsx"));

    unlink(input);
    snprintf(input, sizeof input, "%s/000_897a8446687f37a7.xlsx", dir);
    unlink(input);
    rmdir(dir);
    jx_report_free(report);
    jx_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_safe),
        cmocka_unit_test(test_written_whole_and_never_over_the_input),
    };
    return cmocka_run_group_tests_name("workbook", tests, NULL, NULL);
}
