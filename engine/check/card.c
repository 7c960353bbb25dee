/*
 * card.c — recomputes what arithmetic and the rule set decide for each
 * scorecard and reports every contradiction as a located finding.
 *
 * Declared values are compared at the precision they were printed with
 * (DESIGN.md § Numbers); recomputed values carry the rule set's precision.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define HUNDRED (100 * JX_MICRO)

typedef struct {
    jx_report *report;
    const jx_rules *rules;
    const jx_table *table;
    const jx_scorecard *card;
    jx_card_result *result;
    bool copy_follows;          /* the next table is this one again (its title, its year
                                   or none): a page of a published copy cut this one */
} eval;

/* What a card adds up to, declared and recomputed, built while checking. */
typedef struct {
    int64_t weights;          /* Σ declared 分值 that count towards 总分 */
    int64_t scores;           /* Σ declared 得分 */
    int64_t recomputed;       /* Σ scores as the rules give them */
    int64_t na_weights;       /* weights of indicators that do not apply */
    bool overflow;            /* a sum above reached JX_AMOUNT_LIMIT: no total is judged */
    bool execution_scored;    /* a funds or task row counts the execution score */
    bool unweighted;          /* a score with no 分值 is counted */
    bool blank_score;         /* a 分值 with an empty 得分 */
    int64_t blank_weight;
    const char *blank_row;
    uint32_t blank_line;
} tally;

/* ------------------------------------------------------------ findings */

static int fmt_dec(char *buf, size_t size, int64_t micros, int decimals)
{
    return jx_decimal_format(buf, size, micros, decimals);
}

/* "95.74%" or "9.6": a declared number as printed, for messages. */
static const char *fmt_declared(char *buf, size_t size, const jx_number *num)
{
    if (num->kind != JX_NUM_VALUE) {
        jx_format(buf, size, "空白");
        return buf;
    }
    int n = fmt_dec(buf, size, num->micros, num->decimals);
    if (num->percent && n > 0 && (size_t)n + 1 < size)
        strcat(buf, "%");
    return buf;
}

static const char *fmt_computed(char *buf, size_t size, int64_t micros, int decimals,
                                bool percent)
{
    int n = fmt_dec(buf, size, micros, decimals);
    /* Sums print as the document would: 20, not 20.00; 526.05 stays. */
    if (!percent && n > 0 && memchr(buf, '.', (size_t)n) != NULL) {
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (percent && n > 0 && (size_t)n + 1 < size)
        strcat(buf, "%");
    return buf;
}

static jx_finding *add_finding(eval *e, jx_code code, jx_severity severity,
                               uint32_t line, const jx_cell *cell, const char *row,
                               const char *column)
{
    return jx_report_add(e->report, e->result, e->table, code, severity, line, cell, row,
                         column);
}

/* ------------------------------------------------------------ small helpers */

static bool has_value(const jx_value *v)
{
    return v != NULL && v->num.kind == JX_NUM_VALUE;
}

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

/*
 * Compares a declared score with the rule's: disagreement at the declared
 * precision is reported with `code`; agreement only because the document
 * printed fewer decimals than the rule gives is an info.
 */
static void compare_score(eval *e, jx_code code, jx_severity severity,
                          const jx_value *declared, int64_t expected, const char *row,
                          const char *column, const char *why)
{
    int d = e->rules->exec_score_decimals;
    char a[48], b[48];
    if (!has_value(declared))
        return;
    if (!jx_decimal_agrees(&declared->num, expected)) {
        jx_finding *f = add_finding(e, code, severity, 0, declared->cell, row, column);
        jx_finding_computed(f, expected, d, false);
        jx_finding_message(f, "“%s”的%s应为%s（%s），表中为%s。", row, column,
                    fmt_computed(a, sizeof a, expected, d, false), why,
                    fmt_declared(b, sizeof b, &declared->num));
    } else if (declared->num.decimals < d
               && jx_decimal_round(expected, d) != jx_decimal_round(declared->num.micros, d)) {
        jx_finding *f = add_finding(e, code, JX_SEV_INFO, 0, declared->cell, row, column);
        jx_finding_computed(f, expected, d, false);
        jx_finding_message(f, "“%s”的%s按规则为%s，表中只填到%u位小数（%s），精度不足。", row, column,
                    fmt_computed(a, sizeof a, expected, d, false), declared->num.decimals,
                    fmt_declared(b, sizeof b, &declared->num));
    }
}

/* ------------------------------------------------------------ execution rates */

/* executed / budget as percent micros; false when it cannot be computed. */
static bool compute_rate(const jx_value *budget, const jx_value *executed, int64_t *pct)
{
    if (!has_value(budget) || !has_value(executed) || budget->num.micros <= 0
        || budget->num.percent || executed->num.percent)
        return false;
    return jx_decimal_muldiv(executed->num.micros, HUNDRED, budget->num.micros, pct);
}

/*
 * A printed share as percent micros: 76% as printed, or a plain ratio of at
 * most 1.5 (1 for 100%, 0.76 for 76%), which some forms print instead; false
 * for anything else.
 */
static bool share_as_percent(const jx_number *share, jx_number *out)
{
    *out = *share;
    if (share->percent)
        return true;
    if (share->micros < 0 || share->micros > JX_MICRO * 3 / 2)
        return false;
    out->micros = share->micros * 100;
    out->percent = true;
    out->decimals = share->decimals > 2 ? (uint8_t)(share->decimals - 2) : 0;
    return true;
}

/* Whether a printed rate agrees with pct (percent micros), as a percent or a ratio. */
static bool rate_agrees(const jx_number *rate, int64_t pct)
{
    jx_number as_percent;
    return jx_decimal_agrees(rate, pct)
        || (!rate->percent && share_as_percent(rate, &as_percent)
            && jx_decimal_agrees(&as_percent, pct));
}

/*
 * Checks a row's 执行率 against 全年执行数 / 全年预算数. A rate that matches
 * 执行数 / 年初预算数 instead was computed on the wrong base: said so.
 */
static bool check_rate(eval *e, const char *row, const jx_value *initial,
                       const jx_value *budget, const jx_value *executed,
                       const jx_value *rate, bool is_total, int64_t *pct)
{
    if (!compute_rate(budget, executed, pct))
        return false;
    int d = e->rules->rate_decimals;
    char a[48], b[48], c[48], x[48], y[48];
    if (has_value(rate) && !rate_agrees(&rate->num, *pct)) {
        int64_t initial_pct;
        bool on_initial = has_value(initial) && initial->num.micros != budget->num.micros
            && compute_rate(initial, executed, &initial_pct)
            && jx_decimal_agrees(&rate->num, initial_pct);
        jx_finding *f = add_finding(e, JX_CODE_exec_rate, JX_SEV_ERROR, 0, rate->cell, row, "执行率");
        jx_finding_computed(f, *pct, d, true);
        if (on_initial)
            jx_finding_message(f, "“%s”的执行率%s是按年初预算数%s计算的；执行率应为全年执行数/全年预算数 = %s/%s = %s。",
                        row, fmt_declared(a, sizeof a, &rate->num),
                        fmt_declared(b, sizeof b, &initial->num),
                        fmt_declared(x, sizeof x, &executed->num),
                        fmt_declared(y, sizeof y, &budget->num),
                        fmt_computed(c, sizeof c, *pct, d, true));
        else
            jx_finding_message(f, "“%s”的执行率应为全年执行数/全年预算数 = %s/%s = %s，表中为%s。", row,
                        fmt_declared(x, sizeof x, &executed->num),
                        fmt_declared(y, sizeof y, &budget->num),
                        fmt_computed(c, sizeof c, *pct, d, true),
                        fmt_declared(a, sizeof a, &rate->num));
    }
    if (is_total && *pct > e->rules->over_execution_percent) {
        jx_finding *f = add_finding(e, JX_CODE_over_execution, JX_SEV_WARNING, 0,
                                    executed->cell, row, "全年执行数");
        jx_finding_computed(f, *pct, d, true);
        jx_finding_message(f, "“%s”全年执行数%s超过全年预算数%s（执行率%s），超支部分按满分计，应说明原因。", row,
                    fmt_declared(x, sizeof x, &executed->num), fmt_declared(y, sizeof y, &budget->num),
                    fmt_computed(c, sizeof c, *pct, d, true));
    }
    return true;
}

/* The row that carries the execution score: its weight, rate and score. */
static void check_execution_score(eval *e, tally *t, const char *row, uint32_t line,
                                  const jx_value *weight, const jx_value *score,
                                  bool have_rate, int64_t pct)
{
    int64_t w = jx_execution_weight(e->rules, e->card, has_value(weight) ? weight : NULL);
    if (!has_value(weight) && !has_value(score))
        return; /* a row with no 分值 is not scored (其中 rows) */
    t->execution_scored = true;
    jx_sum_add(&t->weights, w, &t->overflow);
    if (has_value(score))
        jx_sum_add(&t->scores, score->num.micros, &t->overflow);
    if (!have_rate) {
        if (has_value(score))
            jx_sum_add(&t->recomputed, score->num.micros > w ? w : score->num.micros, &t->overflow);
        return;
    }
    int64_t expected = jx_decimal_round(jx_execution_score(e->rules, w, pct), e->rules->exec_score_decimals);
    jx_sum_add(&t->recomputed, expected, &t->overflow);
    if (has_value(score)) {
        compare_score(e, JX_CODE_exec_score, JX_SEV_WARNING, score, expected, row, "得分",
                      e->rules->exec_formula == JX_EXEC_TIERS ? "按执行率分档计分"
                                                              : "分值×执行率，超过100%按100%计");
    } else {
        char a[48];
        jx_finding *f = add_finding(e, JX_CODE_exec_score, JX_SEV_WARNING, line, NULL, row, "得分");
        jx_finding_computed(f, expected, e->rules->exec_score_decimals, false);
        jx_finding_message(f, "“%s”有分值但得分未填写；按执行率应得%s分。", row,
                    fmt_computed(a, sizeof a, expected, e->rules->exec_score_decimals, false));
    }
    if (!has_value(score)) {
        t->blank_score = true;
        t->blank_weight = w;
        t->blank_row = row;
        t->blank_line = line;
    }
}

/* ------------------------------------------------------------ sums */

static void report_overflow(eval *e, uint32_t line, const jx_cell *cell, const char *row,
                            const char *column)
{
    jx_report_overflow(e->report, e->result, e->table, line, cell, row, column);
}

/* Reports `declared` against a sum of `items` values, tails within tolerance as info. */
static void check_sum(eval *e, jx_code code, const jx_value *declared, int64_t sum,
                      bool overflow, size_t items, const char *row, const char *column,
                      const char *what)
{
    if (!has_value(declared) || declared->num.percent)
        return;
    if (overflow) {
        report_overflow(e, 0, declared->cell, row, column);
        return;
    }
    int64_t diff = abs64(declared->num.micros - sum);
    if (diff == 0)
        return;
    bool tail = jx_rounding_tail(e->rules, diff, items);
    char a[48], b[48];
    jx_finding *f = add_finding(e, code, tail ? JX_SEV_INFO : JX_SEV_ERROR, 0, declared->cell,
                                row, column);
    jx_finding_computed(f, sum, declared->num.decimals < 2 ? 2 : declared->num.decimals, false);
    jx_finding_message(f, tail ? "“%s”的%s为%s，%s之和为%s，差额在四舍五入尾差之内。"
                        : "“%s”的%s为%s，而%s之和为%s。",
                row, column, fmt_declared(a, sizeof a, &declared->num), what,
                fmt_computed(b, sizeof b, sum, 2, false));
}

/* A field that adds up over rows, and what messages call its column. */
typedef struct {
    jx_field_id field;
    const char *column;
} summed_column;

/* What a row holds in a summed column. */
static const jx_value *column_value(const summed_column *c, const void *row)
{
    return jx_field_value(jx_field_of(c->field), row);
}

/* A block's rows that add up to one of them: n rows of `size` bytes. */
typedef struct {
    const void *rows;
    size_t n, size;
    const void *total;
    bool (*is_part)(const void *row, const void *total);
    const char *total_name;   /* the total's label in messages */
    jx_code code;
    const char *parts;        /* what messages call the parts: 其中各项, 各任务 */
} summed_rows;

/* The total's value in a column against the sum of its parts'. */
static void check_column_total(eval *e, const summed_rows *r, const summed_column *c)
{
    int64_t sum = 0;
    size_t items = 0;
    bool overflow = false;
    for (size_t i = 0; i < r->n; i++) {
        const void *row = (const char *)r->rows + i * r->size;
        const jx_value *v = column_value(c, row);
        if (r->is_part(row, r->total) && has_value(v)) {
            jx_sum_add(&sum, v->num.micros, &overflow);
            items++;
        }
    }
    if (items > 0)
        check_sum(e, r->code, column_value(c, r->total), sum, overflow, items, r->total_name,
                  c->column, r->parts);
}

/* A funds total's parts are the block's other rows (其中:当年财政拨款, 上年结转资金, …). */
static bool funds_part(const void *row, const void *total)
{
    return row != total;
}

/* 金额合计's parts are the task rows: any other total is not one. */
static bool task_part(const void *row, const void *total)
{
    (void)total;
    return !((const jx_task_row *)row)->is_total;
}

/* 年度资金总额 = its 其中 rows, column by column. */
static void check_funds_subrows(eval *e)
{
    static const summed_column columns[] = {{JX_FIELD_funds_initial, "年初预算数"},
        {JX_FIELD_funds_budget, "全年预算数"}, {JX_FIELD_funds_executed, "全年执行数"}};
    const jx_scorecard *card = e->card;
    const jx_funds_row *total = NULL;
    for (size_t i = 0; i < card->nfunds; i++)
        if (card->funds[i].is_total && total == NULL)
            total = &card->funds[i];
    if (total == NULL)
        return;
    summed_rows rows = {card->funds, card->nfunds, sizeof *card->funds, total, funds_part,
                        total->label, JX_CODE_subrow_mismatch, "其中各项"};
    for (size_t k = 0; k < sizeof columns / sizeof columns[0]; k++)
        check_column_total(e, &rows, &columns[k]);
}

static void check_funds(eval *e, tally *t, bool *have_pct, int64_t *exec_pct)
{
    const jx_scorecard *card = e->card;
    for (size_t i = 0; i < card->nfunds; i++) {
        const jx_funds_row *f = &card->funds[i];
        int64_t pct = 0;
        bool ok = check_rate(e, f->label, &f->initial, &f->budget, &f->executed, &f->rate,
                             f->is_total, &pct);
        if (f->is_total && !*have_pct) {
            *have_pct = ok;
            *exec_pct = pct;
            if (card->kind != JX_KIND_TARGET)
                check_execution_score(e, t, f->label, f->line, &f->weight, &f->score, ok, pct);
        }
    }
    check_funds_subrows(e);
}

/* ------------------------------------------------------------ department tasks */

/* A 总额 is followed by its parts, as in fields.def (model.h asserts it). */
static const summed_column task_columns[] = {
    {JX_FIELD_tasks_budget_total, "全年预算数·总额"},
    {JX_FIELD_tasks_budget_fiscal, "全年预算数·财政拨款"},
    {JX_FIELD_tasks_budget_other, "全年预算数·其他资金"},
    {JX_FIELD_tasks_exec_total, "全年执行数·总额"},
    {JX_FIELD_tasks_exec_fiscal, "全年执行数·财政拨款"},
    {JX_FIELD_tasks_exec_other, "全年执行数·其他资金"},
    {JX_FIELD_tasks_weight, "分值"}};

/* 总额 = 财政拨款 + 其他资金, for budget and execution, on one row. */
static void check_task_parts(eval *e, const jx_task_row *t)
{
    for (int group = 0; group < 2; group++) {
        const jx_value *total = column_value(&task_columns[group * 3], t);
        const jx_value *a = column_value(&task_columns[group * 3 + 1], t);
        const jx_value *b = column_value(&task_columns[group * 3 + 2], t);
        if (!has_value(total) || (!has_value(a) && !has_value(b)))
            continue;
        int64_t sum = 0;
        bool overflow = false;
        jx_sum_add(&sum, has_value(a) ? a->num.micros : 0, &overflow);
        jx_sum_add(&sum, has_value(b) ? b->num.micros : 0, &overflow);
        check_sum(e, JX_CODE_subrow_mismatch, total, sum, overflow, 2, t->name, task_columns[group * 3].column,
                  "财政拨款与其他资金");
    }
}

static void check_tasks(eval *e, tally *t, bool *have_pct, int64_t *exec_pct)
{
    const jx_scorecard *card = e->card;
    const jx_task_row *total = NULL;
    for (size_t i = 0; i < card->ntasks; i++) {
        const jx_task_row *task = &card->tasks[i];
        if (task->is_total && total == NULL)
            total = task;
        check_task_parts(e, task);
        int64_t pct = 0;
        bool ok = check_rate(e, task->name, NULL, &task->budget_total, &task->exec_total,
                             &task->rate, task->is_total, &pct);
        if (task == total && !*have_pct && card->kind != JX_KIND_TARGET) {
            *have_pct = ok;
            *exec_pct = pct;
            check_execution_score(e, t, task->name, task->line, &task->weight, &task->score,
                                  ok, pct);
        }
    }
    if (total == NULL)
        return;
    /* 金额合计 = the task rows, column by column. */
    summed_rows rows = {card->tasks, card->ntasks, sizeof *card->tasks, total, task_part,
                        total->name, JX_CODE_task_sum, "各任务"};
    for (size_t k = 0; k < sizeof task_columns / sizeof task_columns[0]; k++)
        check_column_total(e, &rows, &task_columns[k]);
}

/* ------------------------------------------------------------ 资金管理情况 */

static void check_score_bounds(eval *e, tally *t, const jx_value *weight, const jx_value *score,
                               const char *row)
{
    if (!has_value(weight) || !has_value(score))
        return;
    if (score->num.micros > weight->num.micros) {
        char a[48], b[48];
        jx_finding *f = add_finding(e, JX_CODE_score_over_weight, JX_SEV_ERROR, 0, score->cell, row, "得分");
        jx_finding_computed(f, weight->num.micros, weight->num.decimals, false);
        jx_finding_message(f, "“%s”得分%s超过分值%s。", row, fmt_declared(a, sizeof a, &score->num),
                    fmt_declared(b, sizeof b, &weight->num));
    }
    (void)t;
}

static void check_management(eval *e, tally *t)
{
    const jx_scorecard *card = e->card;
    if (card->nmanagement == 0)
        return;
    int64_t weights = 0;
    for (size_t i = 0; i < card->nmanagement; i++) {
        const jx_management_row *m = &card->management[i];
        check_score_bounds(e, t, &m->weight, &m->score, m->item);
        if (has_value(&m->weight)) {
            jx_sum_add(&weights, m->weight.num.micros, &t->overflow);
            jx_sum_add(&t->weights, m->weight.num.micros, &t->overflow);
        }
        if (has_value(&m->score)) {
            jx_sum_add(&t->scores, m->score.num.micros, &t->overflow);
            int64_t capped = m->score.num.micros;
            if (has_value(&m->weight) && capped > m->weight.num.micros)
                capped = m->weight.num.micros;
            jx_sum_add(&t->recomputed, capped, &t->overflow);
        }
    }
    int64_t expected = e->rules->management_weight;
    if (expected > 0 && weights != expected && !t->overflow) {
        char a[48], b[48];
        jx_finding *f = add_finding(e, JX_CODE_category_weight, JX_SEV_WARNING, card->management[0].line,
                                    NULL, "资金管理情况", "分值");
        if (f) /* the block prints no total: what its weights add up to stands for it */
            f->declared = (jx_number){.kind = JX_NUM_VALUE, .micros = weights, .decimals = 0};
        jx_finding_computed(f, expected, 0, false);
        jx_finding_message(f, "资金管理情况各项分值合计%s，规则（%s）规定为%s。",
                    fmt_computed(a, sizeof a, weights, 2, false), e->rules->name,
                    fmt_computed(b, sizeof b, expected, 0, false));
    }
}

/* ------------------------------------------------------------ indicators */

static const char *indicator_name(const jx_indicator *ind)
{
    return ind->level3[0] ? ind->level3 : ind->level2[0] ? ind->level2 : ind->level1;
}

/* Same unit, or units the rule set declares equivalent (factor 1). */
typedef enum { UNITS_SAME, UNITS_SCALED, UNITS_UNRELATED } unit_relation;

static unit_relation relate_units(const jx_rules *rules, const jx_number *a, const jx_number *b)
{
    if (a->percent != b->percent)
        return UNITS_UNRELATED;
    if (strcmp(a->unit, b->unit) == 0)
        return UNITS_SAME;
    for (size_t i = 0; i < rules->nunits; i++) {
        const jx_unit_rule *u = &rules->units[i];
        bool match = (strcmp(u->from, a->unit) == 0 && strcmp(u->to, b->unit) == 0)
                  || (strcmp(u->from, b->unit) == 0 && strcmp(u->to, a->unit) == 0);
        if (match)
            return u->factor == JX_MICRO ? UNITS_SAME : UNITS_SCALED;
    }
    return UNITS_UNRELATED;
}

/* Less is better for ≤ and <, and for a cost with no comparator (a budget cap). */
static bool less_is_better(const jx_rules *rules, const jx_indicator *ind)
{
    jx_comparator cmp = ind->target.num.cmp;
    if (cmp == JX_CMP_LE || cmp == JX_CMP_LT)
        return true;
    return cmp == JX_CMP_NONE && (jx_rule_words_in(rules, JX_WORDS_COST, ind->level1)
                                  || jx_rule_words_in(rules, JX_WORDS_COST, ind->level2)
                                  || jx_rule_words_in(rules, JX_WORDS_CEILING, ind->level3));
}

static bool target_met(const jx_rules *rules, const jx_indicator *ind)
{
    int64_t t = ind->target.num.micros, a = ind->actual.num.micros;
    switch (ind->target.num.cmp) {
    case JX_CMP_GT: return a > t;
    case JX_CMP_LT: return a < t;
    case JX_CMP_LE: return a <= t;
    case JX_CMP_GE: case JX_CMP_EQ: return a >= t;
    case JX_CMP_NONE: break;
    }
    return less_is_better(rules, ind) ? a <= t : a >= t;
}

/* The score the proportional rule gives a missed quantitative target. */
static int64_t proportional_score(const jx_rules *rules, const jx_indicator *ind,
                                  int64_t weight)
{
    int64_t t = ind->target.num.micros, a = ind->actual.num.micros, ratio = 0;
    if (less_is_better(rules, ind)) {
        if (a <= 0 || !jx_decimal_div(t, a, &ratio))
            return 0;
    } else if (t <= 0 || !jx_decimal_div(a, t, &ratio)) {
        return 0;
    }
    if (ratio > JX_MICRO)
        ratio = JX_MICRO;
    return jx_decimal_mul(weight, ratio < 0 ? 0 : ratio);
}

static bool blank_reason(const jx_rules *rules, const char *note)
{
    return note[0] == '\0' || jx_rule_words_is(rules, JX_WORDS_NO_EXPLANATION, note);
}

/* An indicator that does not apply: 不适用, or 0 with a note that there was none. */
static bool not_applicable(const jx_rules *rules, const jx_indicator *ind)
{
    if (jx_rule_words_in(rules, JX_WORDS_NOT_APPLICABLE, ind->target.cell ? ind->target.cell->norm : NULL)
        || jx_rule_words_in(rules, JX_WORDS_NOT_APPLICABLE, ind->actual.cell ? ind->actual.cell->norm : NULL)
        || jx_rule_words_in(rules, JX_WORDS_NOT_APPLICABLE, ind->note))
        return true;
    bool zero = has_value(&ind->actual) && ind->actual.num.micros == 0;
    return zero && jx_rule_words_in(rules, JX_WORDS_NOT_INCURRED, ind->note);
}

static void check_deviation(eval *e, const jx_indicator *ind, bool comparable, bool met)
{
    if (!has_value(&ind->deviation) || !comparable || ind->target.num.micros == 0)
        return;
    int64_t dev = 0;
    /* Accepted values are below JX_AMOUNT_LIMIT, so their difference fits;
     * a deviation too large to hold is not judged. */
    if (!(met && e->rules->deviation_zero_when_met)
        && !jx_decimal_muldiv(ind->actual.num.micros - ind->target.num.micros, HUNDRED,
                              ind->target.num.micros, &dev))
        return;
    if (jx_decimal_agrees(&ind->deviation.num, dev))
        return;
    char a[48], b[48];
    jx_finding *f = add_finding(e, JX_CODE_deviation, JX_SEV_WARNING, 0, ind->deviation.cell,
                                indicator_name(ind), "偏差度");
    jx_finding_computed(f, dev, 2, true);
    jx_finding_message(f, "“%s”的偏差度应为%s（%s），表中为%s。", indicator_name(ind),
                fmt_computed(a, sizeof a, dev, 2, true),
                met && e->rules->deviation_zero_when_met ? "目标已完成，偏差度为0"
                                                         : "(实际值-目标值)/目标值",
                fmt_declared(b, sizeof b, &ind->deviation.num));
}

/*
 * A qualitative indicator (明显提高, 达成预期, 定性) is never recomputed; its
 * 实际完成值 names a tier whose bounds the score must keep: 达成 at least
 * `qualitative_achieved` of the weight, 部分达成 from `qualitative_partly`
 * below that, 未达成 below `qualitative_partly`.
 */
static int64_t check_qualitative(eval *e, const jx_indicator *ind, int64_t weight)
{
    if (!has_value(&ind->score))
        return 0;
    int64_t score = ind->score.num.micros > weight ? weight : ind->score.num.micros;
    if (ind->target.num.kind == JX_NUM_VALUE || ind->actual.cell == NULL)
        return score;
    const char *actual = ind->actual.cell->norm;
    int64_t lo = 0, hi = weight;
    const char *tier;
    int64_t achieved = jx_decimal_mul(weight, e->rules->qualitative_achieved);
    int64_t partly = jx_decimal_mul(weight, e->rules->qualitative_partly);
    if (jx_rule_words_in(e->rules, JX_WORDS_MISSED, actual)) {
        tier = "未达成";
        hi = partly;
    } else if (jx_rule_words_in(e->rules, JX_WORDS_PARTLY, actual)) {
        tier = "部分达成";
        lo = partly;
        hi = achieved;
    } else if (jx_rule_words_in(e->rules, JX_WORDS_ACHIEVED, actual)) {
        tier = "达成";
        lo = achieved;
    } else {
        return score;
    }
    if (score >= lo && score <= hi)
        return score;
    char a[48], b[48], c[48];
    jx_finding *f = add_finding(e, JX_CODE_indicator_score, JX_SEV_WARNING, 0, ind->score.cell,
                                indicator_name(ind), "得分");
    jx_finding_computed(f, score < lo ? lo : hi, e->rules->indicator_score_decimals, false);
    jx_finding_message(f, "“%s”实际完成情况为“%s”（%s），得分应在%s至%s之间，表中为%s。", indicator_name(ind),
                ind->actual.cell->text, tier, fmt_computed(a, sizeof a, lo, 2, false),
                fmt_computed(b, sizeof b, hi, 2, false), fmt_declared(c, sizeof c, &ind->score.num));
    return score < lo ? lo : hi; /* the nearest score the tier allows */
}

/* The rule's score for a quantitative indicator; false when the rule does not decide it. */
static bool rule_score(eval *e, const jx_indicator *ind, int64_t weight, bool *met,
                       bool *comparable)
{
    *comparable = false;
    *met = false;
    if (!has_value(&ind->target) || !has_value(&ind->actual))
        return false;
    unit_relation rel = relate_units(e->rules, &ind->target.num, &ind->actual.num);
    if (rel == UNITS_SCALED) {
        char a[48], b[48];
        jx_finding *f = add_finding(e, JX_CODE_unit_mismatch, JX_SEV_WARNING, 0, ind->actual.cell,
                                    indicator_name(ind), "实际完成值");
        jx_finding_message(f, "“%s”的年度指标值以“%s”计（%s），实际完成值却以“%s”计（%s），单位不一致，无法比较。",
                    indicator_name(ind), ind->target.num.unit,
                    fmt_declared(a, sizeof a, &ind->target.num), ind->actual.num.unit,
                    fmt_declared(b, sizeof b, &ind->actual.num));
        return false;
    }
    if (rel != UNITS_SAME)
        return false;
    *comparable = true;
    *met = target_met(e->rules, ind);
    (void)weight;
    return e->rules->recompute_quantitative;
}

/* 得分系数 × 指标权重 = 指标得分 (重庆's list): the score the printed coefficient
 * gives. A coefficient printed as a ratio (1, 0.8) is read as one. */
static void check_coefficient(eval *e, const jx_indicator *ind, int64_t weight, const char *name)
{
    const jx_value *k = &ind->coefficient, *s = &ind->score;
    jx_number pct;
    int64_t expected = 0;
    if (!has_value(k) || !has_value(s) || k->num.micros < 0 || !share_as_percent(&k->num, &pct)
        || !jx_decimal_muldiv(weight, pct.micros, HUNDRED, &expected))
        return;
    expected = jx_decimal_round(expected, e->rules->indicator_score_decimals);
    if (!jx_decimal_agrees(&s->num, expected))
        compare_score(e, JX_CODE_indicator_score, JX_SEV_WARNING, s, expected, name, "得分",
                      "得分系数×指标权重");
}

static void check_indicator(eval *e, tally *t, const jx_indicator *ind, bool have_pct,
                            int64_t exec_pct)
{
    const char *name = indicator_name(ind);
    const jx_value *w = &ind->weight, *s = &ind->score;
    if (has_value(w))
        jx_sum_add(&t->weights, w->num.micros, &t->overflow);
    if (has_value(s))
        jx_sum_add(&t->scores, s->num.micros, &t->overflow);
    if (!has_value(w)) {
        /* A score without a 分值 (a form that prints none): the rules can
         * judge nothing, the score stands as printed, and the weights no
         * longer tell the total's scale. */
        if (has_value(s)) {
            jx_sum_add(&t->recomputed, s->num.micros, &t->overflow);
            t->unweighted = true;
        }
        return;
    }
    int64_t weight = w->num.micros;
    int64_t declared = has_value(s) ? s->num.micros : 0;
    int64_t expected = declared > weight ? weight : declared;
    char a[48], b[48];
    check_score_bounds(e, t, w, s, name);

    /* A form that prints 单项指标得分 and 权重占比 (河北) converts the item's
     * score by the share; an item score that is already the item's full
     * weight, multiplied by the share again, is counted twice. */
    const jx_value *item = &ind->item_score;
    int64_t twice = 0;
    bool reweighted = has_value(item) && has_value(s) && item->num.micros == weight
                   && jx_decimal_muldiv(item->num.micros, weight, 100 * JX_MICRO, &twice)
                   && jx_decimal_agrees(&s->num, twice) && twice != weight;
    check_coefficient(e, ind, weight, name);
    bool na = not_applicable(e->rules, ind);
    bool met = false, comparable = false;
    bool decided = rule_score(e, ind, weight, &met, &comparable);
    if (na && declared < weight) {
        jx_finding *f = add_finding(e, JX_CODE_not_applicable, JX_SEV_WARNING, 0, s->cell, name, "得分");
        jx_finding_message(f, "“%s”不适用（%s），不应计%s分，应从总分中剔除后按适用指标折算到%s分。",
                    name, ind->note[0] ? ind->note : "无此事项",
                    fmt_declared(a, sizeof a, &s->num),
                    fmt_computed(b, sizeof b, e->rules->total_weight, 0, false));
        jx_sum_add(&t->na_weights, weight, &t->overflow);
        return;
    }
    /* The rule's execution indicator carries the execution score only on a
     * form whose funds block scores none: where both have a 分值 (both count
     * towards 总分), the indicator is an indicator like any other, and
     * scoring it by the rate too would count the execution twice. */
    bool ruled = false; /* the rules give this score, */
    jx_code ruled_code = JX_CODE_indicator_score; /* by this code's rule */
    if (e->rules->execution_indicator[0] && !t->execution_scored
        && strcmp(name, e->rules->execution_indicator) == 0 && have_pct) {
        ruled = true;
        ruled_code = JX_CODE_exec_score;
        expected = jx_decimal_round(jx_execution_score(e->rules, weight, exec_pct),
                                    e->rules->exec_score_decimals);
        compare_score(e, JX_CODE_exec_score, JX_SEV_WARNING, s, expected, name, "得分",
                      "规则以此项反映预算执行率：分值×执行率");
    } else if (decided) {
        ruled = true;
        /* The declared score is compared with the exact share, not with the share
         * already rounded to the rule's decimals: 2 × 97.30% = 1.946 printed as
         * 1.9 is short of decimals, not wrong (1.95 rounded again would be 2.0). */
        int64_t exact = met ? weight : proportional_score(e->rules, ind, weight);
        expected = jx_decimal_round(exact, e->rules->indicator_score_decimals);
        if (!met && has_value(s) && declared == weight && expected < weight) {
            jx_finding *f = add_finding(e, JX_CODE_target_missed_full_score, JX_SEV_WARNING, 0, s->cell,
                                        name, "得分");
            jx_finding_computed(f, expected, e->rules->indicator_score_decimals, false);
            jx_finding_message(f, "“%s”未达到年度指标值（%s，实际%s）却得满分%s；按比例应得%s分。", name,
                        ind->target.cell->text, ind->actual.cell->text,
                        fmt_declared(a, sizeof a, &s->num),
                        fmt_computed(b, sizeof b, expected, e->rules->indicator_score_decimals, false));
        } else if (reweighted && met) {
            compare_score(e, JX_CODE_indicator_score, JX_SEV_WARNING, s, expected, name, "得分",
                          "单项指标得分已按权重计满分，又乘权重占比，重复折算");
        } else if (declared <= weight) { /* above the weight is reported already */
            compare_score(e, JX_CODE_indicator_score, JX_SEV_WARNING, s, exact, name, "得分",
                          met ? "目标已完成应得满分"
                              : less_is_better(e->rules, ind) ? "未完成，按 分值×目标值/实际值 计"
                                                    : "未完成，按 分值×实际值/目标值 计");
        }
    } else {
        expected = check_qualitative(e, ind, weight);
    }
    /* A blank 得分 the rules decide counts as they give it: said, so the
     * corrected card fills it and its total is the one stated. */
    if (!has_value(s) && ruled) {
        jx_finding *f = add_finding(e, ruled_code, JX_SEV_WARNING, ind->line, NULL, name, "得分");
        jx_finding_computed(f, expected, e->rules->indicator_score_decimals, false);
        jx_finding_message(f, "“%s”有分值%s但得分未填写；按规则应得%s分。", name,
                    fmt_declared(a, sizeof a, &w->num),
                    fmt_computed(b, sizeof b, expected, e->rules->indicator_score_decimals, false));
    }
    jx_sum_add(&t->recomputed, expected, &t->overflow);
    check_deviation(e, ind, comparable, met);
    /* A deduction that is a double conversion, not a shortfall, needs no reason;
     * a form with no column for the reason (山西's card) cannot give one. */
    if (has_value(s) && declared < weight && !reweighted && e->card->has_reason_column
        && blank_reason(e->rules, ind->note)) {
        jx_finding *f = add_finding(e, JX_CODE_missing_reason, JX_SEV_WARNING, 0, s->cell, name,
                                    "偏差原因分析及改进措施");
        jx_finding_message(f, "“%s”扣了分（%s/%s）却未填写偏差原因分析及改进措施。", name,
                    fmt_declared(a, sizeof a, &s->num), fmt_declared(b, sizeof b, &w->num));
    }
}

/* Each category's indicator weights against its declared (N分), or the rule set's. */
typedef struct {
    int64_t sum;
    size_t n;
    uint8_t decimals;
    bool overflow;
    bool omitted;               /* a row of the group says rows were left out (……) */
} category_tally;

/*
 * Partial tables (a page cut, an excerpt) are read, not judged for what is
 * missing. A card is headless when its top is gone: no title, no name, no
 * funds, task or management block, only indicator rows (a page's tail). A
 * group is whole when something closes it (the next group, or the 总分 row),
 * its top is there (not the first group of a headless card) and no row says
 * rows were left out (……).
 */
static bool card_headless(const jx_scorecard *card)
{
    return (card->table->title == NULL || card->table->title[0] == '\0')
        && (card->name == NULL || card->name[0] == '\0') && card->nfunds == 0
        && card->ntasks == 0 && card->nmanagement == 0;
}

/* A cell of dots only (……, ..., 。。。): rows left out of the table. */
static bool is_omission_mark(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return false;
    static const char *const dots[] = {"…", "⋯", "。", "."};
    while (*s) {
        size_t k = 0;
        while (k < sizeof dots / sizeof dots[0] && strncmp(s, dots[k], strlen(dots[k])) != 0)
            k++;
        if (k == sizeof dots / sizeof dots[0])
            return false;
        s += strlen(dots[k]);
    }
    return true;
}

static bool category_whole(const jx_scorecard *card, size_t c, const category_tally *t)
{
    if (card_headless(card) && c == 0)
        return false;
    if (c + 1 >= card->ncategories && card->total_line == 0)
        return false;
    return !t->omitted;
}

static void check_categories(eval *e)
{
    const jx_scorecard *card = e->card;
    /* One pass over the indicators: groups × indicators grew with the square of a card. */
    category_tally *tallies = calloc(card->ncategories ? card->ncategories : 1, sizeof *tallies);
    if (tallies == NULL) {
        e->report->failed = true;
        return;
    }
    for (size_t i = 0; i < card->nindicators; i++) {
        size_t c = card->indicators[i].category;
        if (c < card->ncategories && is_omission_mark(card->indicators[i].level3))
            tallies[c].omitted = true;
        if (c >= card->ncategories || !has_value(&card->indicators[i].weight))
            continue;
        const jx_number *w = &card->indicators[i].weight.num;
        jx_sum_add(&tallies[c].sum, w->micros, &tallies[c].overflow);
        if (w->decimals > tallies[c].decimals)
            tallies[c].decimals = w->decimals;
        tallies[c].n++;
    }
    for (size_t c = 0; c < card->ncategories; c++) {
        const jx_category *cat = &card->categories[c];
        int64_t sum = tallies[c].sum;
        size_t n = tallies[c].n;
        uint8_t decimals = tallies[c].decimals;
        bool overflow = tallies[c].overflow;
        if (n == 0 || !category_whole(card, c, &tallies[c]))
            continue; /* what is missing would be judged */
        if (overflow) {
            report_overflow(e, 0, cat->cell, cat->name, "分值");
            continue;
        }
        char a[48], b[48];
        if (cat->has_declared_weight) {
            if (sum == cat->declared_weight.micros)
                continue;
            jx_finding *f = add_finding(e, JX_CODE_category_weight, JX_SEV_ERROR, 0, cat->cell,
                                        cat->name, "分值");
            if (f)
                f->declared = cat->declared_weight;
            jx_finding_computed(f, sum, 0, false);
            jx_finding_message(f, "%s标明%s分，其下各指标分值合计%s分。", cat->name,
                        fmt_declared(a, sizeof a, &cat->declared_weight),
                        fmt_computed(b, sizeof b, sum, 2, false));
            continue;
        }
        for (size_t r = 0; r < e->rules->ncategories; r++) {
            const jx_category_weight *rw = &e->rules->categories[r];
            if (strcmp(rw->name, cat->name) != 0 || rw->weight == sum)
                continue;
            jx_finding *f = add_finding(e, JX_CODE_category_weight, JX_SEV_WARNING, 0, cat->cell,
                                        cat->name, "分值");
            if (f) /* the document declares no weight: what it adds up to stands for it */
                f->declared = (jx_number){.kind = JX_NUM_VALUE, .micros = sum, .decimals = decimals};
            jx_finding_computed(f, rw->weight, 0, false);
            jx_finding_message(f, "%s各指标分值合计%s分，规则（%s）规定为%s分。", cat->name,
                        fmt_computed(a, sizeof a, sum, 2, false), e->rules->name,
                        fmt_computed(b, sizeof b, rw->weight, 0, false));
        }
    }
    free(tallies);
}

/* ------------------------------------------------------------ 其中 parts */

/* Whether a value is an amount the parts can add up to: a number, no percent,
 * in the total's unit. */
static bool same_kind_of_amount(const jx_value *v, const jx_value *total)
{
    return has_value(v) && !v->num.percent && strcmp(v->num.unit, total->num.unit) == 0;
}

/* An indicator's value against the sum of its 其中 rows' (from, to): only
 * when every part holds an amount of the indicator's kind (180只 and 12头 are
 * not summed into 192只). */
static void check_part_sum(eval *e, const jx_indicator *total, size_t from, size_t to,
                           jx_field_id field, const char *column)
{
    const jx_value *tv = jx_field_value(jx_field_of(field), total);
    if (!has_value(tv) || tv->num.percent)
        return;
    int64_t sum = 0;
    bool overflow = false;
    for (size_t j = from; j < to; j++) {
        const jx_value *v = jx_field_value(jx_field_of(field), &e->card->indicators[j]);
        if (!same_kind_of_amount(v, tv))
            return;
        jx_sum_add(&sum, v->num.micros, &overflow);
    }
    check_sum(e, JX_CODE_subrow_mismatch, tv, sum, overflow, to - from, total->level3, column,
              "其中各项");
}

static void check_indicator_parts(eval *e)
{
    const jx_scorecard *card = e->card;
    for (size_t i = 0; i < card->nindicators; i++) {
        const jx_indicator *ind = &card->indicators[i];
        if (ind->part)
            continue;
        size_t end = i + 1;
        while (end < card->nindicators && card->indicators[end].part)
            end++;
        if (end == i + 1)
            continue;
        check_part_sum(e, ind, i + 1, end, JX_FIELD_indicators_target, "年度指标值");
        check_part_sum(e, ind, i + 1, end, JX_FIELD_indicators_actual, "实际完成值");
        i = end - 1;
    }
}

/* ------------------------------------------------------------ totals */

/*
 * A declared total score against the scores it sums. The finding states the
 * total the corrected card shows: the sum of the scores as the rules give
 * them, the printed scores' sum where the rules correct none. A total that
 * adds up the printed scores while the rules give some of them otherwise
 * follows them too (total_recomputed), so no changed total goes unexplained.
 */
static void check_total_score(eval *e, const tally *t, const jx_value *declared, const char *row,
                              const char *said, uint32_t line)
{
    char a[48], b[48], c[48], why[200] = "";
    if (!jx_decimal_agrees(&declared->num, t->scores)) {
        jx_finding *f = add_finding(e, JX_CODE_score_total, JX_SEV_ERROR, line, declared->cell, row, "得分");
        jx_finding_computed(f, t->recomputed, 2, false);
        int64_t gap = declared->num.micros - t->scores;
        if (t->blank_score && gap > 0 && gap <= t->blank_weight)
            jx_format(why, sizeof why, "；差额%s出自“%s”空白的得分，总分默认计入了未填写的分数",
                     fmt_computed(c, sizeof c, gap, 2, false), t->blank_row);
        if (t->recomputed != t->scores)
            jx_finding_message(f, "%s为%s，而各项得分之和为%s%s；各项得分按规则修正后合计为%s。", said,
                        fmt_declared(a, sizeof a, &declared->num), fmt_computed(b, sizeof b, t->scores, 2, false),
                        why, fmt_computed(c, sizeof c, t->recomputed, 2, false));
        else
            jx_finding_message(f, "%s为%s，而各项得分之和为%s%s。", said, fmt_declared(a, sizeof a, &declared->num),
                        fmt_computed(b, sizeof b, t->scores, 2, false), why);
    } else if (!jx_decimal_agrees(&declared->num, t->recomputed)) {
        jx_finding *f = add_finding(e, JX_CODE_total_recomputed, JX_SEV_WARNING, line, declared->cell, row,
                                    "得分");
        jx_finding_computed(f, t->recomputed, 2, false);
        jx_finding_message(f, "%s%s等于表中各项得分之和；各项得分按规则修正后，合计应为%s。", said,
                    fmt_declared(a, sizeof a, &declared->num), fmt_computed(b, sizeof b, t->recomputed, 2, false));
    }
}

static void check_totals(eval *e, const tally *t)
{
    const jx_scorecard *card = e->card;
    const jx_value *tw = &card->total_weight, *ts = &card->total_score;
    char a[48], b[48];
    if (t->overflow) {
        /* No total can be judged, nor computed: say so once, at 总分. */
        report_overflow(e, card->total_line, ts->cell ? ts->cell : tw->cell, "总分", "分值与得分");
        e->result->declared_total = ts->num;
        e->result->grade_declared = "";
        e->result->grade_computed = "";
        return;
    }
    /* A headless card's 总分 counts rows that are not there. */
    bool whole = !card_headless(card);
    if (whole && has_value(tw) && tw->num.micros != t->weights) {
        jx_finding *f = add_finding(e, JX_CODE_weight_total, JX_SEV_ERROR, card->total_line, tw->cell,
                                    "总分", "分值");
        jx_finding_computed(f, t->weights, 2, false);
        jx_finding_message(f, "总分的分值为%s，而预算执行率与各指标分值之和为%s。",
                    fmt_declared(a, sizeof a, &tw->num), fmt_computed(b, sizeof b, t->weights, 2, false));
    } else if (whole && has_value(tw) && tw->num.micros != e->rules->total_weight) {
        jx_finding *f = add_finding(e, JX_CODE_weight_total, JX_SEV_WARNING, card->total_line, tw->cell,
                                    "总分", "分值");
        jx_finding_computed(f, e->rules->total_weight, 0, false);
        jx_finding_message(f, "总分的分值为%s，规则（%s）规定总分为%s。", fmt_declared(a, sizeof a, &tw->num),
                    e->rules->name, fmt_computed(b, sizeof b, e->rules->total_weight, 0, false));
    }
    if (whole && has_value(ts))
        check_total_score(e, t, ts, "总分", "总分得分", card->total_line);
    /* A total printed in the header (自评总分 | 97.6) stands for a 总分 row the
     * card lacks; judged only when the card is all there: its weights add up to
     * the rule's total (a cut card's do not). */
    const jx_value *hs = &card->header_total;
    bool all_there = t->weights == e->rules->total_weight;
    if (!has_value(ts) && has_value(hs) && whole && all_there)
        check_total_score(e, t, hs, "自评总分", "表头自评总分", 0);
    bool from_header = !has_value(ts) && has_value(hs);
    if (from_header)
        ts = hs; /* the declared total, and its grade, are the header's */
    /*
     * The recomputed total is on the rule set's scale: indicators that do not
     * apply leave it, and weights that do not add up to it are scaled to it.
     */
    int64_t total = t->recomputed;
    int64_t counted = t->weights - t->na_weights;
    bool scaled = counted > 0 && counted != e->rules->total_weight && !t->unweighted
               && jx_decimal_muldiv(total, e->rules->total_weight, counted, &total);
    /* A card cut before its end (no 总分 row where the document ends) or
     * whose top is gone (its 合计 counts rows that are not there), with
     * weights short of the rule's total, has no total to recompute: scaling
     * what is there would invent the rest. */
    bool cut = (!whole || (e->table->ends_document && card->total_line == 0)) && !all_there;
    jx_card_result *r = e->result;
    r->declared_total = ts->num;
    r->partial = cut && card->kind != JX_KIND_TARGET && t->weights > 0;
    r->has_computed_total = card->kind != JX_KIND_TARGET && t->weights > 0 && !cut;
    r->computed_decimals = (uint8_t)e->rules->exec_score_decimals;
    r->computed_total = jx_decimal_round(total, r->computed_decimals);
    r->computed_sum = t->recomputed;
    r->counted_weight = counted;
    r->scaled = scaled;
    r->grade_declared = has_value(ts) ? jx_grade_of(e->rules, ts->num.micros) : "";
    r->grade_computed = r->has_computed_total ? jx_grade_of(e->rules, r->computed_total) : "";
    if (has_value(ts) && r->has_computed_total && (all_there || !from_header)
        && strcmp(r->grade_declared, r->grade_computed) != 0) {
        jx_finding *f = add_finding(e, JX_CODE_grade, JX_SEV_WARNING, card->total_line, ts->cell, "总分", "等级");
        jx_finding_computed(f, r->computed_total, r->computed_decimals, false);
        jx_finding_message(f, "按自评总分%s为“%s”，重新计算后总分%s，等级应为“%s”。",
                    fmt_declared(a, sizeof a, &ts->num), r->grade_declared,
                    fmt_computed(b, sizeof b, r->computed_total, r->computed_decimals, false),
                    r->grade_computed);
    }
}

/* ------------------------------------------------------------ one card */

static void check_structure(eval *e)
{
    const jx_scorecard *card = e->card;
    size_t real = 0;
    for (size_t i = 0; i < card->nindicators; i++)
        real += !card->indicators[i].placeholder;
    /* A card that ends the document may have been cut before its indicators
     * (an excerpt, a lost page): read, not reported. */
    if (real == 0 && !e->table->ends_document && !e->copy_follows) {
        jx_finding *f = add_finding(e, JX_CODE_parse, JX_SEV_WARNING, e->table->line_start, NULL,
                                    "", "");
        jx_finding_message(f, "表“%s”中没有识别出绩效指标（未找到“一级指标”表头）。", e->table->title);
    }
}

static void evaluate_card(eval *e)
{
    const jx_scorecard *card = e->card;
    tally t = {0};
    bool have_pct = false;
    int64_t exec_pct = 0;
    check_structure(e);
    check_funds(e, &t, &have_pct, &exec_pct);
    check_tasks(e, &t, &have_pct, &exec_pct);
    if (card->kind == JX_KIND_TARGET) {
        e->result->grade_declared = e->result->grade_computed = "";
        return;
    }
    check_management(e, &t);
    for (size_t i = 0; i < card->nindicators; i++)
        if (!card->indicators[i].placeholder)
            check_indicator(e, &t, &card->indicators[i], have_pct, exec_pct);
    check_indicator_parts(e);
    check_categories(e);
    check_totals(e, &t);
}

/* Whether two titles are one: equal, or one is the other and its year in
 * brackets (…自评表(2024年度) and …自评表 over a (2024年度) line). */
static bool same_title(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0 || lb == 0)
        return false;
    const char *longer = la >= lb ? a : b;
    size_t shorter = la >= lb ? lb : la;
    return strncmp(a, b, shorter) == 0 && (la == lb || longer[shorter] == '(');
}

void jx_check_cards(const jx_check_context *ctx)
{
    const jx_document *doc = ctx->doc;
    jx_report *report = ctx->report;
    for (size_t k = 0; k < doc->ntables; k++) {
        const jx_table *table = &doc->tables[k];
        if (table->scorecard == NULL)
            continue;
        jx_card_result *r = &report->cards[report->ncards++];
        r->card = table->scorecard;
        r->grade_declared = r->grade_computed = "";
        bool copy_follows = k + 1 < doc->ntables
                         && same_title(table->title_norm, doc->tables[k + 1].title_norm);
        eval e = {report, ctx->rules, table, table->scorecard, r, copy_follows};
        evaluate_card(&e);
    }
}

