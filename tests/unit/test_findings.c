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

/* jx_format writes what snprintf writes, cut at every size: the messages'
 * conversions by itself, the others by vsnprintf. */
static void test_format_is_snprintf(void **state)
{
    (void)state;
    char want[128], got[128];
    for (size_t size = 1; size <= sizeof want; size++) {
#define SAME(...)                                                                          \
    do {                                                                                   \
        memset(want, 'x', sizeof want);                                                    \
        memset(got, 'x', sizeof got);                                                      \
        snprintf(want, size, __VA_ARGS__);                                                 \
        jx_format(got, size, __VA_ARGS__);                                                 \
        assert_memory_equal(got, want, sizeof want);                                       \
    } while (0)
        SAME("“%s”行的%s为%s，而%s之和为%s；%s", "合计", "本年支出", "12.30", "基本支出、项目支出",
             "12.03", "相差0.27，超出尾差范围。");
        SAME("相差%s，在%zu项金额各按%s万元四舍五入可能产生的尾差之内。", "0.02", (size_t)17, "0.01");
        SAME("第%u行 %u%% %zu", 0u, 4294967295u, (size_t)18446744073709551615ull);
        SAME("%%s%s%%%%", "");
        SAME("no conversion");
        SAME("%s", "");
        SAME("%d and %.3s: %s", -42, "abcdef", "vsnprintf"); /* not the messages': vsnprintf */
#undef SAME
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_table_is_the_declared_list),
        cmocka_unit_test(test_codes_by_name),
        cmocka_unit_test(test_format_is_snprintf),
    };
    return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
