/* test_ini.c — the strict INI schema engine (engine/base/ini_schema.c) on a
 * grammar of its own: lookup, the generic kinds, a module's kind through
 * read_custom, duplicate keys, rendering back. */
#include "testutil.h"

/* ------------------------------------------------------------ a small grammar */

typedef struct {
    char name[16];
    char note[8];
    bool on;
    int count;
    int custom;
} demo;

enum { SEC_A, SEC_B, SEC_N };
static const char *const demo_sections[SEC_N] = {"a", "b"};

enum { DEMO_EVEN = JX_INI_CUSTOM, DEMO_UNREAD };

#define FIELD(f) JX_INI_FIELD(demo, f)

static const jx_ini_key_spec demo_keys[] = {
    {SEC_A, "name", JX_INI_NAME, FIELD(name), false, 0, 0},
    {SEC_A, "note", JX_INI_TEXT, FIELD(note), true, 0, 0},
    {SEC_B, "on", JX_INI_BOOL, FIELD(on), false, 0, 0},
    {SEC_B, "count", JX_INI_WHOLE, FIELD(count), false, 2, 12},
    {SEC_B, "even", DEMO_EVEN, FIELD(custom), false, 0, 0},
    {SEC_B, "odd", DEMO_UNREAD, FIELD(custom), false, 0, 0},
    {SEC_B, "note", JX_INI_BOOL, FIELD(count), false, 0, 0}, /* the wrong size */
};

static int demo_find(const char *name)
{
    for (int i = 0; i < SEC_N; i++) {
        if (strcmp(demo_sections[i], name) == 0)
            return i;
    }
    return -1;
}

/* An even whole number; every other kind is the engine's "internal error". */
static bool read_even(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, void *field)
{
    if (spec->kind != DEMO_EVEN)
        return false; /* reported by the caller's check below */
    int v = atoi(value);
    if (v % 2 != 0)
        return jx_ini_fail(ini, ini->line, "key '%s': odd", spec->key);
    *(int *)field = v;
    return true;
}

static const jx_ini_schema demo_schema = {
    demo_find, demo_keys, sizeof demo_keys / sizeof demo_keys[0], "demo", read_even};

typedef struct {
    jx_ini ini;
    demo out;
    jx_error err;
    int others;
} run_state;

/* The schema's keys first, as rules.c and template.c do; then counts the
 * keys the schema leaves to the module. */
static jx_ini_key_result demo_key(void *user, int section, const char *key, const char *value)
{
    run_state *st = user;
    jx_ini_key_result scalar = jx_ini_apply_key(&st->ini, section, key, value);
    if (scalar != JX_INI_KEY_UNKNOWN)
        return scalar;
    if (strcmp(key, "extra") != 0)
        return JX_INI_KEY_UNKNOWN;
    st->others++;
    return JX_INI_KEY_OK;
}

static jx_status run(run_state *st, const char *text)
{
    memset(st, 0, sizeof *st);
    jx_ini_init(&st->ini, &demo_schema, &st->out, demo_key, st, &st->err);
    return jx_ini_run(&st->ini, text);
}

static void expect_error(const char *text, uint32_t line, const char *message)
{
    run_state st;
    jx_status status = run(&st, text);
    if (status != JX_ERR_FORMAT || st.err.line != line || strcmp(st.err.message, message) != 0)
        fail_msg("got status %d line %u '%s'\nwant line %u '%s'\nin:\n%s", (int)status, st.err.line,
                 st.err.message, line, message, text);
}

/* ------------------------------------------------------------ tests */

static void test_lookup(void **state)
{
    (void)state;
    assert_ptr_equal(jx_ini_key_find(&demo_schema, SEC_A, "name"), &demo_keys[0]);
    assert_ptr_equal(jx_ini_key_find(&demo_schema, SEC_B, "note"), &demo_keys[6]);
    assert_null(jx_ini_key_find(&demo_schema, SEC_B, "name")); /* another section's key */
    assert_null(jx_ini_key_find(&demo_schema, SEC_A, "Name"));
    assert_null(jx_ini_key_find(NULL, SEC_A, "name"));
    jx_ini bare = {0}; /* no schema: every key is the module's */
    assert_int_equal(jx_ini_apply_key(&bare, SEC_A, "name", "x"), JX_INI_KEY_UNKNOWN);
}

static void test_reads_into_fields(void **state)
{
    (void)state;
    run_state st;
    assert_int_equal(run(&st, "[a]\nname = x-1\nnote =\n[b]\non = yes\ncount = 012\neven = 4\n"
                              "extra = 1\nextra = 2\n"),
                     JX_OK);
    assert_string_equal(st.out.name, "x-1");
    assert_string_equal(st.out.note, "");
    assert_true(st.out.on);
    assert_int_equal(st.out.count, 12);
    assert_int_equal(st.out.custom, 4);
    assert_int_equal(st.others, 2); /* keys outside the schema reach on_key, repeats and all */
    assert_int_equal(jx_ini_key_line(&st.ini, SEC_A, "name"), 2);
    assert_int_equal(jx_ini_key_line(&st.ini, SEC_B, "even"), 7);
    assert_int_equal(jx_ini_key_line(&st.ini, SEC_B, "odd"), 0);   /* not given */
    assert_int_equal(jx_ini_key_line(&st.ini, SEC_B, "extra"), 0); /* not a schema key */
}

static void test_duplicates(void **state)
{
    (void)state;
    expect_error("[a]\nname = x\nnote = y\nname = x\n", 4, "duplicate key 'name' in [a]");
    expect_error("[b]\non = no\n[a]\nnote = y\n[b]\n", 5,
                 "section [b] given twice (first on line 1)");
    /* A key is counted once its line is read, valid or not. */
    run_state st;
    assert_int_equal(run(&st, "[a]\nname = x\n[b]\ncount = 1\n"), JX_ERR_FORMAT);
    assert_int_equal(jx_ini_key_line(&st.ini, SEC_B, "count"), 4);
    /* Each run starts afresh. */
    assert_int_equal(run(&st, "[a]\nname = y\n"), JX_OK);
    assert_int_equal(jx_ini_key_line(&st.ini, SEC_B, "count"), 0);
}

static void test_generic_errors(void **state)
{
    (void)state;
    expect_error("[a]\nname =\n", 2, "key 'name': empty");
    expect_error("[a]\nname = abcdefghijklmnop\n", 2, "key 'name': longer than 15 bytes");
    expect_error("[a]\nname = a b\n", 2,
                 "key 'name': not a demo name (letters, digits, '_', '-'): 'a b'");
    expect_error("[a]\nnote = 12345678\n", 2, "key 'note': longer than 7 bytes");
    expect_error("[b]\non = true\n", 2, "key 'on': expected yes or no: 'true'");
    expect_error("[b]\ncount = 1\n", 2, "key 'count': expected a whole number from 2 to 12: '1'");
    expect_error("[b]\ncount = 13\n", 2, "key 'count': expected a whole number from 2 to 12: '13'");
    expect_error("[b]\ncount = 00004\n", 2,
                 "key 'count': expected a whole number from 2 to 12: '00004'");
    expect_error("[b]\ncount = -4\n", 2, "key 'count': expected a whole number from 2 to 12: '-4'");
    expect_error("[b]\ncount =\n", 2, "key 'count': expected a whole number from 2 to 12: ''");
    expect_error("[b]\nmissing = 1\n", 2, "unknown key 'missing' in [b]");
}

static void test_custom_and_internal_errors(void **state)
{
    (void)state;
    expect_error("[b]\neven = 3\n", 2, "key 'even': odd");
    /* A reader that fails without a word, a field of the wrong size: never silent. */
    run_state st;
    assert_int_equal(run(&st, "[b]\nodd = 3\n"), JX_ERR_FORMAT);
    expect_error("[b]\nnote = yes\n", 2, "key 'note': internal error");

    jx_ini_schema too_many = demo_schema;
    too_many.nkeys = JX_INI_MAX_KEYS + 1;
    memset(&st, 0, sizeof st);
    jx_ini_init(&st.ini, &too_many, &st.out, demo_key, &st, &st.err);
    assert_int_equal(jx_ini_run(&st.ini, "[a]\n"), JX_ERR_FORMAT);
    assert_string_equal(st.err.message,
                        "internal error: no INI schema, or more than 32 keys in it");
    jx_ini_init(&st.ini, NULL, &st.out, demo_key, &st, &st.err);
    assert_int_equal(jx_ini_run(&st.ini, "[a]\n"), JX_ERR_FORMAT);
}

static void test_render(void **state)
{
    (void)state;
    demo d = {"x", "", true, 7, 4};
    jx_buf out;
    jx_buf_init(&out);
    for (size_t i = 0; i < 5; i++)
        assert_true(jx_ini_render_key(&out, &demo_keys[i], &d) == (i != 4));
    assert_non_null(out.data);
    assert_string_equal(out.data, "name = x\nnote =\non = yes\ncount = 7\n");
    jx_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_reads_into_fields),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_generic_errors),
        cmocka_unit_test(test_custom_and_internal_errors),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
