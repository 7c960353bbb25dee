/*
 * check.c — jx_evaluate: one table of checks, walked in order over a
 * document and its models; the findings sorted for a reader at the end.
 *
 * What every check reads is built here once: the ledger models and which
 * lines are prose (each family built its own before, the ledgers twice).
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *family;
    void (*run)(const jx_check_context *ctx);
} checks[] = {
    {"scorecards", jx_check_cards},
    {"number limits", jx_check_number_limits},
    {"ledger sums", jx_check_ledger_sums},
    {"economic classes", jx_check_economic_classes},
    {"scorecard against ledgers", jx_check_ledger_links},
    {"prose", jx_check_narrative},
    {"prose item lists", jx_check_narrative_items},
    {"prose parts and changes", jx_check_narrative_parts},
};

static jx_report *out_of_memory(jx_report *report, jx_error *err)
{
    jx_report_free(report);
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return NULL;
}

/* Each prose line normalised once: three families of checks read them. */
static const char **prose_norms(jx_arena *arena, const jx_document *doc, const bool *prose)
{
    if (prose == NULL)
        return NULL;
    const char **norms = jx_arena_alloc(arena, (doc->nlines ? doc->nlines : 1) * sizeof *norms);
    if (norms == NULL)
        return NULL;
    for (size_t i = 0; i < doc->nlines; i++) {
        norms[i] = NULL;
        if (prose[i]
            && (norms[i] = jx_cell_normalize(arena, doc->lines[i].text, strlen(doc->lines[i].text))) == NULL)
            return NULL;
    }
    return norms;
}

jx_report *jx_evaluate(const jx_document *doc, const jx_rules *rules, jx_error *err)
{
    jx_report *report = calloc(1, sizeof *report);
    if (report == NULL)
        return out_of_memory(NULL, err);
    report->doc = doc;
    report->rules = rules;
    size_t cards = 0;
    for (size_t k = 0; k < doc->ntables; k++)
        cards += doc->tables[k].scorecard != NULL;
    report->cards = calloc(cards ? cards : 1, sizeof(jx_card_result));
    jx_ledger_set ledgers;
    bool built = jx_ledger_set_build(&ledgers, doc);
    bool *prose = jx_prose_lines(doc);
    jx_arena *arena = jx_arena_new();
    const char **norms = arena ? prose_norms(arena, doc, prose) : NULL;
    if (report->cards == NULL || !built || prose == NULL || norms == NULL) {
        free(prose);
        jx_arena_free(arena);
        jx_ledger_set_free(&ledgers);
        return out_of_memory(report, err);
    }
    jx_check_context ctx = {report, doc, rules, &ledgers, prose, norms};
    for (size_t i = 0; i < sizeof checks / sizeof checks[0] && !report->failed; i++)
        checks[i].run(&ctx);
    free(prose);
    jx_arena_free(arena);
    jx_ledger_set_free(&ledgers);
    if (report->failed) /* a finding could not be added: the report is incomplete */
        return out_of_memory(report, err);
    jx_report_sort(report);
    return report;
}
