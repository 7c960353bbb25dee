/*
 * arith.c — the arithmetic a rule set defines: the execution score (in
 * proportion or by tiers), the grade of a total, and how far a sum of
 * rounded amounts may miss (the rounding tail).
 */
#include "rules.h"

#include <stdint.h>

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v; /* differences of accepted values: far from INT64_MIN */
}

int64_t jx_execution_weight(const jx_rules *rules, const jx_scorecard *card,
                            const jx_value *row_weight)
{
    return row_weight                  ? row_weight->num.micros
         : card->has_execution_weight ? card->execution_weight.micros
                                       : rules->execution_weight;
}

/* The execution score the rule set gives for a rate (percent micros). */
int64_t jx_execution_score(const jx_rules *rules, int64_t weight, int64_t rate_pct)
{
    if (rules->exec_formula == JX_EXEC_TIERS) {
        for (size_t i = 0; i < rules->ntiers; i++)
            if (rate_pct >= rules->tiers[i].min_rate_percent)
                return jx_decimal_mul(weight, rules->tiers[i].fraction);
        return 0;
    }
    int64_t ratio = rate_pct / 100;
    if (ratio > rules->exec_cap)
        ratio = rules->exec_cap;
    if (ratio < 0)
        ratio = 0;
    return jx_decimal_mul(weight, ratio);
}

const char *jx_grade_of(const jx_rules *rules, int64_t score)
{
    for (size_t i = 0; i < rules->ngrades; i++)
        if (score >= rules->grades[i].min_score)
            return rules->grades[i].name;
    return "";
}

bool jx_cut_off_not_rounded(const jx_number *declared, int64_t exact)
{
    int64_t unit = 1;
    for (int k = declared->decimals; k < 6; k++)
        unit *= 10;
    return exact >= 0 && exact - exact % unit == declared->micros;
}

bool jx_rounding_tail(const jx_rules *rules, int64_t diff, size_t items)
{
    /*
     * Each printed item is off its true amount by at most half a printed
     * unit, and so is the printed total: n items can miss their total by
     * (n + 1) / 2 units, never less than one unit (0.01 万元, the rule
     * set's amount tolerance). More than that is not rounding.
     */
    int64_t unit = rules->amount_tolerance;
    int64_t allowance = unit * (int64_t)(items + 1) / 2;
    if (allowance < unit)
        allowance = unit;
    return diff != 0 && abs64(diff) <= allowance;
}

