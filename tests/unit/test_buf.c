/* test_buf.c — the output buffer (engine/base/buf.c): JSON strings, which
 * every cell of `jixiao parse` goes through, escaped as the format and the
 * promise of valid UTF-8 require, and the room a renderer writes into. */
#include "testutil.h"

/* s as one JSON string, NUL-terminated in a static buffer. */
static const char *json_of(const char *s)
{
    static char out[1024];
    jx_buf buf;
    jx_buf_init(&buf);
    jx_buf_json_string(&buf, s);
    assert_false(buf.failed);
    assert_true(buf.len < sizeof out);
    memcpy(out, buf.data, buf.len + 1);
    jx_buf_free(&buf);
    return out;
}

static void test_json_plain(void **state)
{
    (void)state;
    assert_string_equal(json_of(""), "\"\"");
    assert_string_equal(json_of(NULL), "\"\"");
    assert_string_equal(json_of("abc 12.5%"), "\"abc 12.5%\"");
    assert_string_equal(json_of("项目支出绩效自评表"), "\"项目支出绩效自评表\"");
    assert_string_equal(json_of("é ≥ 𠀀"), "\"é ≥ 𠀀\""); /* two-, three-, four-byte UTF-8 */
}

static void test_json_escapes(void **state)
{
    (void)state;
    assert_string_equal(json_of("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_string_equal(json_of("\n\r\t"), "\"\\n\\r\\t\"");
    assert_string_equal(json_of("\x01x\x1f\x7f"), "\"\\u0001x\\u001f\\u007f\"");
    /* C1 controls (U+0080..U+009F) and the JavaScript line ends. */
    assert_string_equal(json_of("\xC2\x80\xC2\x9F\xC2\xA0"), "\"\\u0080\\u009f\xC2\xA0\"");
    assert_string_equal(json_of("x\xE2\x80\xA8y\xE2\x80\xA9z\xE2\x80\xA7"),
                        "\"x\\u2028y\\u2029z\xE2\x80\xA7\"");
}

static void test_json_invalid_utf8(void **state)
{
    (void)state;
    /* A byte that is no UTF-8 becomes the text \xNN, one byte at a time. */
    assert_string_equal(json_of("a\xFF"), "\"a\\\\xff\"");
    assert_string_equal(json_of("\xE4\xB8"), "\"\\\\xe4\\\\xb8\""); /* cut short */
    assert_string_equal(json_of("\xC0\xAF"), "\"\\\\xc0\\\\xaf\"");   /* overlong */
    assert_string_equal(json_of("\xED\xA0\x80"), "\"\\\\xed\\\\xa0\\\\x80\""); /* surrogate */
    assert_string_equal(json_of("\xF4\x90\x80\x80"), "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
    assert_string_equal(json_of("\xE0\x9F\xBF"), "\"\\\\xe0\\\\x9f\\\\xbf\"");
}

/* A text longer than the pieces it is escaped in: every byte once, in order. */
static void test_json_long(void **state)
{
    (void)state;
    size_t n = 3 * 5000 + 7;
    char *s = malloc(n + 1);
    assert_non_null(s);
    size_t k = 0;
    while (k + 3 <= n - 7) {
        memcpy(s + k, "表", 3);
        k += 3;
    }
    memcpy(s + k, "\"\x01\xFF", 3);
    k += 3;
    s[k] = '\0';
    jx_buf buf;
    jx_buf_init(&buf);
    jx_buf_append(&buf, "x", 1);
    jx_buf_json_string(&buf, s);
    assert_int_equal(buf.len, 1 + 1 + (k - 3) + 2 + 6 + 5 + 1);
    assert_memory_equal(buf.data + 2, s, k - 3);
    assert_string_equal(buf.data + 2 + k - 3, "\\\"\\u0001\\\\xff\"");
    jx_buf_free(&buf);
    free(s);
}

static void test_room(void **state)
{
    (void)state;
    jx_buf buf;
    jx_buf_init(&buf);
    JX_BUF_LIT(&buf, "ab");
    char *room = jx_buf_room(&buf, 10000);
    assert_non_null(room);
    memcpy(room, "cd", 2);
    jx_buf_wrote(&buf, 2);
    assert_int_equal(buf.len, 4);
    assert_string_equal(buf.data, "abcd"); /* NUL-terminated as appending keeps it */
    jx_buf_free(&buf);
}

/* printf formats into the room the buffer has, and again after growing it
 * when the text does not fit: either way the same text, NUL-terminated. */
static void test_printf(void **state)
{
    (void)state;
    jx_buf buf;
    jx_buf_init(&buf);
    jx_buf_printf(&buf, "%s", ""); /* an empty text still makes a NUL-terminated buffer */
    assert_non_null(buf.data);
    assert_int_equal(buf.len, 0);
    jx_buf_printf(&buf, "a%db", 12);
    assert_string_equal(buf.data, "a12b");
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    jx_buf_printf(&buf, "<%s>", big); /* longer than the room: formatted twice */
    assert_int_equal(buf.len, 4 + 2 + sizeof big - 1);
    assert_memory_equal(buf.data, "a12b<x", 6);
    assert_string_equal(buf.data + buf.len - 2, "x>");
    jx_buf_printf(&buf, "%u", 7u); /* fits in the room left */
    assert_string_equal(buf.data + buf.len - 3, "x>7");
    jx_buf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_plain),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_invalid_utf8),
        cmocka_unit_test(test_json_long),
        cmocka_unit_test(test_room),
        cmocka_unit_test(test_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
