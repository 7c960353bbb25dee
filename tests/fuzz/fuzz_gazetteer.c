/*
 * fuzz_gazetteer — libFuzzer target for the gazetteer `--rules auto` reads
 * (rules/gazetteer.tsv), the one input format of issue 10.5.
 *
 * Input: a gazetteer as TSV text. jx_gazetteer_parse reads it; an error is
 * fine and must say why, with a line within the input. A gazetteer that
 * reads has a province for every line's province field it was given and
 * counts mentions in its own text and in a fixed text: never more mentions
 * than two-character names fit in the text, none for a province it lacks.
 * No crash, leak or undefined behaviour.
 */
#define FUZZ_NAME "fuzz_gazetteer"
#include "fuzz_oracle.h"

#include "rules.h"

/* Places of several provinces, a shared county name, and text around them. */
static const char fixed_text[] = "陕西省榆林市神木市医疗保障局 濉溪县 丽江市古城区 朝阳区 "
                                 "北京市朝阳区 西宁市城中区 合作社 中山路 2024年 ABC\n";

static void check_mentions(const jx_gazetteer *g, const char *text, size_t len)
{
    size_t mentions[JX_GAZETTEER_MAX_PROVINCES], sum = 0;
    jx_gazetteer_mentions(g, text, len, mentions);
    size_t n = jx_gazetteer_province_count(g);
    require(n <= JX_GAZETTEER_MAX_PROVINCES, "at most JX_GAZETTEER_MAX_PROVINCES provinces");
    for (size_t p = 0; p < n; p++) {
        sum += mentions[p];
        require(jx_gazetteer_find_province(g, jx_gazetteer_province_name(g, p)) == p,
                "a province is found by its own name");
    }
    for (size_t p = n; p < JX_GAZETTEER_MAX_PROVINCES; p++)
        require(mentions[p] == 0, "no mentions of a province it lacks");
    require(sum <= len / JX_NAME_INDEX_PREFIX, "mentions do not overlap");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jx_gazetteer *g = NULL;
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = jx_gazetteer_parse((const char *)data, size, &g, &err);
    require(memchr(err.message, '\0', sizeof err.message) != NULL, "error message terminated");
    if (st != JX_OK) {
        require(g == NULL, "a refused gazetteer is not returned");
        require(err.message[0] != '\0', "a refused gazetteer says why");
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        require(err.line <= lines, "the error's line is within the input");
        return 0;
    }
    require(g != NULL && jx_gazetteer_province_count(g) > 0, "a gazetteer has a province");
    check_mentions(g, fixed_text, sizeof fixed_text - 1);
    check_mentions(g, (const char *)data, size);
    jx_gazetteer_free(g);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
