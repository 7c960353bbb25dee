/* test_phrases.c — the phrase index (engine/check/phrases.c): a list it says
 * a text may not hold a word of holds none there, on texts made of the
 * lists' own words, pieces of them and other bytes (broken UTF-8 too). */
#include "testutil.h"

static const jx_form_list lists[] = {
    JX_FW_PC_SCORE, JX_FW_PC_BUDGET, JX_FW_PC_EVALUATION, JX_FW_PF_BASIC,
    JX_FW_PF_EXPENSE_CONTEXT, JX_FW_PP_TOPIC, JX_FW_PP_BUDGET, JX_FW_PB_TOTAL,
    JX_FW_PA_SHARE, /* 占: shorter than a key, always asked */
    JX_FW_PR_LINKS, /* 为, :, … */
};
#define NLISTS (sizeof lists / sizeof lists[0])

/* Whether the text holds a word of the list anywhere. */
static bool holds(const jx_forms *forms, jx_form_list list, const char *text)
{
    const jx_word_list *l = &forms->lists[list];
    for (size_t i = 0; i < l->n; i++)
        if (strstr(text, l->words[i].word) != NULL)
            return true;
    return false;
}

static void test_no_word_missed(void **state)
{
    (void)state;
    jx_arena *arena = jx_arena_new();
    jx_forms forms;
    jx_error err;
    assert_int_equal(jx_forms_builtin(arena, &forms, &err), JX_OK);
    jx_phrase_index *ix = jx_phrase_index_build(&forms, lists, NLISTS);
    assert_non_null(ix);
    /* Pieces: whole words, a word's first character, filler, broken UTF-8. */
    const char *pieces[64];
    size_t npieces = 0;
    for (size_t k = 0; k < NLISTS && npieces < 40; k++) {
        const jx_word_list *l = &forms.lists[lists[k]];
        for (size_t i = 0; i < l->n && i < 3; i++)
            pieces[npieces++] = l->words[i].word;
    }
    static const char *const filler[] = {"预", "得", "分", "，", "12.5", "万元", "\xE9", "\x80", "\xE5\x85"};
    for (size_t i = 0; i < sizeof filler / sizeof filler[0]; i++)
        pieces[npieces++] = filler[i];
    uint32_t seed = 7;
    size_t marked = 0, held = 0;
    for (int round = 0; round < 2000; round++) {
        char text[512] = "";
        size_t len = 0;
        for (int p = 0; p < 6; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 16) % npieces];
            size_t n = strlen(piece);
            if (len + n + 1 > sizeof text)
                break;
            memcpy(text + len, piece, n + 1);
            len += n;
        }
        uint64_t may = jx_phrase_scan(ix, text);
        for (size_t k = 0; k < NLISTS; k++) {
            bool h = holds(&forms, lists[k], text);
            held += h;
            marked += jx_phrase_may(ix, may, lists[k]);
            if (h && !jx_phrase_may(ix, may, lists[k]))
                fail_msg("list %zu holds a word of \"%s\" but is not marked", k, text);
        }
    }
    assert_true(held > 1000);          /* the texts do hold words */
    assert_true(marked < 2000 * NLISTS); /* and the index does rule lists out */
    /* A list not indexed is always asked. */
    assert_true(jx_phrase_may(ix, 0, JX_FW_PB_SME));
    jx_phrase_index_free(ix);
    jx_arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_word_missed),
    };
    return cmocka_run_group_tests_name("phrases", tests, NULL, NULL);
}
