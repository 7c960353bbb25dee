/* test_occurrences.c — jx_count_words (engine/base/occurrences.c) against a
 * plain count word by word, on hand-made texts and random ones: the one-pass
 * count `--rules auto` ranks rule sets by. */
#include "testutil.h"

/* The reference: each word's non-overlapping occurrences, counted alone. */
static size_t naive(const char *text, size_t len, const char (*words)[48], size_t n)
{
    size_t total = 0;
    for (size_t w = 0; w < n; w++) {
        size_t k = strlen(words[w]);
        for (size_t i = 0; k > 0 && i + k <= len;)
            if (memcmp(text + i, words[w], k) == 0) {
                total++;
                i += k;
            } else {
                i++;
            }
    }
    return total;
}

static void test_hand_made(void **state)
{
    (void)state;
    static const char words[][48] = {"陕西", "榆林", "神木", "aa", "x"};
    static const char text[] = "陕西省榆林市神木市，陕西陕西。aaa x\0榆林";
    size_t len = sizeof text - 1; /* a NUL inside, as a split document has */
    assert_int_equal(jx_count_words(text, len, words, 5), naive(text, len, words, 5));
    assert_int_equal(jx_count_words(text, len, words, 5), 8); /* 陕西 3, 榆林 2, 神木, aa, x */
    assert_int_equal(jx_count_words(text, len, words, 0), 0);
    assert_int_equal(jx_count_words(NULL, 0, words, 5), 0);
    /* A word cut off at the end of the text is not there. */
    assert_int_equal(jx_count_words("陕", 3, words, 1), 0);
}

static void test_random_texts(void **state)
{
    (void)state;
    /* Characters that share lead bytes, as Chinese text does, and broken
     * UTF-8 (a lead byte alone, a continuation byte alone): the pass steps
     * over whole characters, and must count what a comparison at every byte
     * counts. */
    static const char *const alphabet[] = {"陕", "西", "榆", "林", "市", "县", "a", "b", "，",
                                           "\xE9", "\x99", "\xE9\x99"};
    static const char words[][48] = {"陕西", "西榆", "林市", "市县市", "a", "ab", "陕陕陕",
                                     "\x99\x95西", "\xE9陕"};
    size_t nalpha = sizeof alphabet / sizeof alphabet[0];
    uint32_t seed = 12345;
    for (int round = 0; round < 400; round++) {
        char text[2048];
        size_t len = 0;
        for (int c = 0; c < 300; c++) {
            seed = seed * 1103515245u + 12345u;
            const char *ch = alphabet[(seed >> 16) % (round < 200 ? 9 : nalpha)];
            memcpy(text + len, ch, strlen(ch));
            len += strlen(ch);
        }
        assert_int_equal(jx_count_words(text, len, words, 7), naive(text, len, words, 7));
        /* A word that begins inside a character: every byte is a start. */
        assert_int_equal(jx_count_words(text, len, words, 9), naive(text, len, words, 9));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_made),
        cmocka_unit_test(test_random_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
