/* test_fields.c — the fields of a scorecard's rows are declared once
 * (engine/model/fields.def): README's Templates table lists them, block by
 * block, and the table finds each member where the struct has it. */
#include "testutil.h"

static const char *const block_names[JX_BLOCK_COUNT] = {
#define JX_FIELD_BLOCK(block) #block,
#include "fields.def"
};

/* README's row for a block, "| `[funds]` | `label initial …` |", without its newline. */
static void readme_row(const char *block, char *row, size_t size)
{
    char opening[64];
    snprintf(opening, sizeof opening, "\n| `[%s]` |", block);
    const char *start = strstr(readme_text(), opening);
    if (start == NULL)
        fail_msg("README's Templates table has no row for [%s]", block);
    start++;
    size_t len = strcspn(start, "\n");
    assert_true(len < size);
    memcpy(row, start, len);
    row[len] = '\0';
}

static void test_readme_lists_the_declared_fields(void **state)
{
    (void)state;
    for (int b = 0; b < JX_BLOCK_COUNT; b++) {
        char want[512], have[512];
        int n = snprintf(want, sizeof want, "| `[%s]` | `", block_names[b]);
        jx_field_list fields = jx_block_fields((jx_card_block)b);
        for (size_t i = 0; i < fields.n; i++)
            n += snprintf(want + n, sizeof want - (size_t)n, "%s%s", i ? " " : "",
                          fields.fields[i].name);
        snprintf(want + n, sizeof want - (size_t)n, "` |");
        readme_row(block_names[b], have, sizeof have);
        if (strcmp(have, want) != 0)
            fail_msg("README's [%s] row differs from fields.def:\n  README: %s\n  .def:   %s",
                     block_names[b], have, want);
    }
}

/* Each field lies in its own block's run, and the runs cover the table. */
static void test_blocks_hold_their_fields(void **state)
{
    (void)state;
    size_t total = 0;
    for (int b = 0; b < JX_BLOCK_COUNT; b++) {
        assert_int_equal(jx_card_block_named(block_names[b]), b);
        jx_field_list fields = jx_block_fields((jx_card_block)b);
        assert_true(fields.n > 0);
        for (size_t i = 0; i < fields.n; i++) {
            const jx_field *f = &fields.fields[i];
            if (f->block != (jx_card_block)b)
                fail_msg("fields.def: %s.%s is listed under [%s]", block_names[f->block],
                         f->name, block_names[b]);
            assert_ptr_equal(jx_field_of(f->id), f);
            assert_ptr_equal(jx_field_named((jx_card_block)b, f->name), f);
        }
        total += fields.n;
    }
    assert_int_equal(total, JX_FIELD_COUNT);
    assert_int_equal(jx_card_block_named("summary"), JX_BLOCK_COUNT);
    assert_null(jx_field_named(JX_BLOCK_funds, "level1"));
    assert_null(jx_field_named(JX_BLOCK_COUNT, "label"));
    assert_int_equal(jx_block_fields(JX_BLOCK_COUNT).n, 0);
}

static void test_members_are_found_where_the_struct_has_them(void **state)
{
    (void)state;
    jx_task_row task = {.name = "任务一", .content = "内容"};
    const jx_field *other = jx_field_of(JX_FIELD_tasks_budget_other);
    assert_string_equal(other->name, "budget_other");
    assert_int_equal(other->holds, JX_HOLDS_VALUE);
    assert_int_equal(other->style, JX_STYLE_AMOUNT);
    assert_ptr_equal(jx_field_value(other, &task), &task.budget_other);
    assert_null(jx_field_text(other, &task));
    const jx_field *content = jx_field_named(JX_BLOCK_tasks, "content");
    assert_string_equal(jx_field_text(content, &task), "内容");
    assert_null(jx_field_value(content, &task));
    jx_indicator ind = {.note = "备注"};
    assert_ptr_equal(jx_field_value(jx_field_of(JX_FIELD_indicators_deviation), &ind),
                     &ind.deviation);
    assert_string_equal(jx_field_text(jx_field_of(JX_FIELD_indicators_note), &ind), "备注");
    assert_string_equal(jx_field_of(JX_FIELD_funds_initial)->header, "年初预算数");
    assert_int_equal(jx_field_of(JX_FIELD_funds_rate)->style, JX_STYLE_RATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_lists_the_declared_fields),
        cmocka_unit_test(test_blocks_hold_their_fields),
        cmocka_unit_test(test_members_are_found_where_the_struct_has_them),
    };
    return cmocka_run_group_tests_name("fields", tests, NULL, NULL);
}
