/* test_findings.c — the finding codes are declared once (engine/check/
 * findings.def): README's Findings table is that list, word for word. */
#include "testutil.h"

#include "render.h"

/* README's table rows, "| `code` | 名称 | severities | meaning |", in order. */
static char *readme_findings_table(void)
{
    char *table = strstr(readme_text(), "| code | 名称 | severity | what it means |");
    assert_non_null(table);
    char *end = strstr(table, "\n\n");
    assert_non_null(end);
    *end = '\0';
    return table;
}

static void test_readme_table_is_the_declared_list(void **state)
{
    (void)state;
    char *line = strchr(readme_findings_table(), '\n');
    line = line ? strchr(line + 1, '\n') : NULL; /* past the |---| rule */
    size_t i = 0;
    for (; line && line[1]; i++) {
        line++;
        char *next = strchr(line, '\n');
        if (next)
            *next = '\0';
        assert_true(i < JX_CODE_COUNT);
        const jx_code_info *c = jx_code_info_of((jx_code)i);
        char want[4096];
        snprintf(want, sizeof want, "| `%s` | %s | %s | %s |", c->name, c->title, c->severities,
                 c->meaning);
        if (strcmp(line, want) != 0)
            fail_msg("README's Findings row %zu differs from findings.def:\n  README: %s\n  .def:   %s",
                     i + 1, line, want);
        line = next;
    }
    assert_int_equal(i, JX_CODE_COUNT);
}

static void test_codes_by_name(void **state)
{
    (void)state;
    const jx_code_info *c = jx_code_info_named("task_sum");
    assert_non_null(c);
    assert_ptr_equal(c, jx_code_info_of(JX_CODE_task_sum));
    assert_int_equal(c->corrects, JX_CORRECTS_SUM);
    assert_int_equal(jx_code_info_named("hier_sum")->corrects, JX_CORRECTS_NONE);
    assert_int_equal(jx_code_info_of(JX_CODE_exec_rate)->corrects, JX_CORRECTS_VALUE);
    assert_null(jx_code_info_named("no_such_code"));
    assert_null(jx_code_info_named(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_table_is_the_declared_list),
        cmocka_unit_test(test_codes_by_name),
    };
    return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
