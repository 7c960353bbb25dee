/*
 * rules.h — rule sets and templates read from INI, and the arithmetic a rule
 * set defines. Uses model, parse, text, base.
 */
#ifndef JX_RULES_H
#define JX_RULES_H

#include "model.h"

/* ------------------------------------------------------------ template.c */

/* A block of a template by name, NULL when the template has none. */
const jx_form_block *jx_template_block(const jx_template *t, const char *name);

/* ------------------------------------------------------------ arith.c */

/*
 * Whether a sum of `items` printed amounts may miss its printed total by
 * `diff` through rounding alone (a tail, 尾差): an info, not an error.
 */
bool jx_rounding_tail(const jx_rules *rules, int64_t diff, size_t items);

/* Whether a declared figure is the exact one cut off at its printed decimals
 * rather than rounded (106.37 printed 106.3): a slip, an info, not a contradiction. */
bool jx_cut_off_not_rounded(const jx_number *declared, int64_t exact);

/* The weight a card's execution score is of: the row's 分值 (row_weight,
 * NULL when the row prints none), else what the form's funds header declares
 * (预算执行情况(20分)), else the rule set's. */
int64_t jx_execution_weight(const jx_rules *rules, const jx_scorecard *card,
                            const jx_value *row_weight);

/* The execution score a rule set gives a weight at a rate (percent micros). */
int64_t jx_execution_score(const jx_rules *rules, int64_t weight, int64_t rate_pct);

/* The grade (优, 良, …) a rule set gives a total; "" when none applies. */
const char *jx_grade_of(const jx_rules *rules, int64_t score);

/* ------------------------------------------------------------ gazetteer.c */

/* No province: what jx_gazetteer_find_province returns for a name it lacks. */
#define JX_NO_PROVINCE SIZE_MAX

/* The number of provinces, at most JX_GAZETTEER_MAX_PROVINCES. */
#define JX_GAZETTEER_MAX_PROVINCES 64
size_t jx_gazetteer_province_count(const jx_gazetteer *g);
const char *jx_gazetteer_province_name(const jx_gazetteer *g, size_t province);
/* A province by its full name (陕西省) or its short one (陕西). */
size_t jx_gazetteer_find_province(const jx_gazetteer *g, const char *name);
/* How often text[0..len) names each province: mentions[p] for p below
 * jx_gazetteer_province_count (the caller's array, zeroed here). */
void jx_gazetteer_mentions(const jx_gazetteer *g, const char *text, size_t len,
                           size_t mentions[JX_GAZETTEER_MAX_PROVINCES]);

/* ------------------------------------------------------------ words.c */

/* Whether text (NULL: none) holds one of the list's words. */
bool jx_rule_words_in(const jx_rules *rules, jx_words_list list, const char *text);

/* Whether text (NULL: none) is one of the list's words, whole. */
bool jx_rule_words_is(const jx_rules *rules, jx_words_list list, const char *text);

#endif /* JX_RULES_H */
