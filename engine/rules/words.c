/*
 * words.c — a rule set's judgement words ([words], jx_words_list) matched
 * against a cell's text: which words a check looks for is the rule set's,
 * how they are matched is said here once.
 */
#include "rules.h"

#include <string.h>

bool jx_rule_words_in(const jx_rules *rules, jx_words_list list, const char *text)
{
    const jx_rule_words *w = &rules->words[list];
    for (size_t i = 0; text != NULL && i < w->n; i++)
        if (strstr(text, w->word[i]) != NULL)
            return true;
    return false;
}

bool jx_rule_words_is(const jx_rules *rules, jx_words_list list, const char *text)
{
    const jx_rule_words *w = &rules->words[list];
    for (size_t i = 0; text != NULL && i < w->n; i++)
        if (strcmp(text, w->word[i]) == 0)
            return true;
    return false;
}
