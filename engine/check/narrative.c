/*
 * narrative.c — the numbers the prose of a document states about its own
 * tables: a project's 自评得分, 全年预算数, 全年执行数 (实际支出) and 执行率
 * against its scorecard; 基本支出, 人员经费, 公用经费 and 机关运行经费
 * against the financial tables. Each contradiction is a `narrative`
 * finding on the sentence's line, with the quoted and the table value.
 *
 * A sentence refers to a scorecard when it names the project, when the
 * heading it stands under names it, when it speaks of 整体支出 and the
 * document has one department-wide card, or when its 全年预算数 and 全年执行数
 * are the card's own. A score that refers to no card and equals no card's
 * total is reported too: it cannot be traced to any table.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Headings are short; a longer line is prose. */
#define HEADING_MAX_BYTES 120

typedef struct {
    jx_report *report;
    const jx_document *doc;
    const jx_forms *forms;      /* the document's: forms/prose.ini gives the words */
    const jx_rules *rules;
    const jx_ledger_set *ledgers;
    jx_arena *arena;
    const char *heading;        /* the last heading line above, normalised */
    uint32_t line;
    /* Built once, so that a sentence never asks every card (many cards made it quadratic). */
    jx_card_index *cards;
    const jx_scorecard *department; /* the last department-wide card */
    size_t departments;
    const char *heading_seen;   /* the heading by_heading answers for */
    const jx_scorecard *by_heading;
    /* The lists a sentence (and its heading) may hold a word of: the others are not asked. */
    jx_phrase_index *phrases;
    uint64_t may, heading_may;
    /* Every card's declared 总分 得分, sorted; and as a message lists them. */
    int64_t *totals;
    size_t ntotals;
    char totals_text[256];
} reader;

typedef jx_quoted quoted;

/* ------------------------------------------------------------ text */

static bool has(const char *s, const char *word)
{
    return strstr(s, word) != NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (is_digit(*s))
            return true;
    return false;
}

static bool is_heading(const char *norm)
{
    size_t n = strlen(norm);
    if (n == 0 || n > HEADING_MAX_BYTES || has(norm, "。"))
        return false;
    if (norm[0] == '#')
        return true;
    if (n >= 3 && strcmp(norm + n - 3, "：") == 0)
        return true;
    if (norm[n - 1] == ':')
        return true;
    /* 一、… (一)… 1.… outline markers, with no full stop. */
    return !has(norm, "。") && (starts_with(norm, "(") || is_digit(norm[0]) || has(norm, "、"));
}

/* Characters of `name` in overlapping pairs found in `text`, as a share of its pairs (0..100). */
static int pair_overlap(const char *name, const char *text)
{
    size_t pairs = 0, found = 0, left = strlen(name);
    const char *p = name;
    while (*p) {
        uint32_t cp;
        size_t a = jx_utf8_next(p, left, &cp);
        if (p[a] == '\0')
            break;
        size_t b = jx_utf8_next(p + a, left - a, &cp);
        char pair[16];
        if (a + b < sizeof pair) {
            memcpy(pair, p, a + b);
            pair[a + b] = '\0';
            pairs++;
            found += strstr(text, pair) != NULL;
        }
        p += a;
        left -= a;
    }
    return pairs ? (int)(found * 100 / pairs) : 0;
}

/* The lists of the sentence and its parts: the phrase index says which may match. */
static const jx_form_list sentence_lists[] = {
    JX_FW_PC_SCORE, JX_FW_PC_BUDGET, JX_FW_PC_EXECUTED, JX_FW_PC_RATE, JX_FW_PC_SCORE_NAMED,
    JX_FW_PC_EVALUATION, JX_FW_PC_DEPARTMENT,
    JX_FW_PF_GENERAL_BASIC, JX_FW_PF_BASIC, JX_FW_PF_PROJECT, JX_FW_PF_STAFF, JX_FW_PF_OFFICE,
    JX_FW_PF_OFFICE_RUNNING, JX_FW_PF_EXPENSE_CONTEXT, JX_FW_PF_DETAIL_CONTEXT,
    JX_FW_PP_TOPIC, JX_FW_PP_SUBTOTAL, JX_FW_PP_ABROAD, JX_FW_PP_CAR, JX_FW_PP_CAR_BUY,
    JX_FW_PP_CAR_RUN, JX_FW_PP_RECEPTION, JX_FW_PP_MEETING, JX_FW_PP_TRAINING, JX_FW_PP_BUDGET,
    JX_FW_PP_FINAL, JX_FW_PP_UP, JX_FW_PP_DOWN, JX_FW_PP_RATE,
    JX_FW_PB_TOPIC, JX_FW_PB_TOTAL, JX_FW_PB_GOODS, JX_FW_PB_WORKS, JX_FW_PB_SERVICES,
    JX_FW_PB_SME, JX_FW_PB_SMALL,
};

/* Whether s (the sentence or a part of it) may hold a word of the list. */
static bool may(const reader *r, jx_form_list list)
{
    return jx_phrase_may(r->phrases, r->may, list);
}

/* jx_quote_after_list, for s the sentence or a part of it. */
static bool quote(const reader *r, const char *s, jx_form_list list, quoted *q)
{
    return may(r, list) && jx_quote_after_list(r->forms, s, list, q);
}

/* jx_forms_match, for s the sentence or a part of it. */
static bool names(const reader *r, const char *s, jx_form_list list)
{
    return may(r, list) && jx_forms_match(r->forms, list, s);
}

/* Whether the sentence, or the heading it stands under, holds a topic word of `list`. */
static bool about(const reader *r, const char *s, jx_form_list list)
{
    return names(r, s, list)
        || (r->heading && jx_phrase_may(r->phrases, r->heading_may, list)
            && jx_forms_match(r->forms, list, r->heading));
}

/* ------------------------------------------------------------ findings */

static const char *fmt_num(char *buf, size_t size, const jx_number *num)
{
    int n = jx_decimal_format(buf, size, num->micros, num->decimals);
    if (num->percent && n > 0 && (size_t)n + 1 < size)
        strcat(buf, "%");
    return buf;
}

static jx_finding *add(reader *r, const jx_table *table, jx_severity severity, const char *row,
                       const char *column, const quoted *q, int64_t table_value, int decimals,
                       bool percent)
{
    jx_finding *f = jx_report_add(r->report, NULL, table, JX_CODE_narrative, severity, r->line, NULL,
                                  row, column);
    if (f)
        f->declared = q->num;
    jx_finding_computed(f, table_value, decimals, percent);
    return f;
}

/* ------------------------------------------------------------ scorecards */

typedef struct {
    const jx_scorecard *card;
    const jx_value *initial, *budget, *executed, *rate;
    bool has_total;
} card_facts;

static card_facts facts_of(const jx_scorecard *card)
{
    card_facts f = {card, NULL, NULL, NULL, NULL, false};
    for (size_t i = 0; i < card->nfunds; i++)
        if (card->funds[i].is_total) {
            f.initial = &card->funds[i].initial;
            f.budget = &card->funds[i].budget;
            f.executed = &card->funds[i].executed;
            f.rate = &card->funds[i].rate;
            f.has_total = true;
            return f;
        }
    for (size_t i = 0; i < card->ntasks; i++)
        if (card->tasks[i].is_total) {
            f.budget = &card->tasks[i].budget_total;
            f.executed = &card->tasks[i].exec_total;
            f.rate = &card->tasks[i].rate;
            f.has_total = true;
        }
    return f;
}

/* The scorecard a sentence speaks of; NULL when it cannot be told. */
static const jx_scorecard *card_of(reader *r, const char *sentence, const quoted *budget,
                                   const quoted *executed)
{
    /* The first card the sentence names; one department-wide card for 整体支出; the last
       card with its money; the last card its heading names. */
    const jx_scorecard *named = jx_card_named_in(r->cards, sentence);
    if (named)
        return named;
    if (r->departments == 1 && names(r, sentence, JX_FW_PC_DEPARTMENT))
        return r->department;
    const jx_scorecard *by_money = budget && executed
        ? jx_card_with_money(r->cards, budget->num.micros, executed->num.micros) : NULL;
    if (by_money)
        return by_money;
    if (r->heading == NULL)
        return NULL;
    if (r->heading != r->heading_seen) {
        r->heading_seen = r->heading;
        r->by_heading = jx_card_of_heading(r->cards, r->heading, pair_overlap);
    }
    return r->by_heading;
}

/* Whether some card's 总分 得分 agrees with a quoted score. */
static bool some_total_agrees(const reader *r, const jx_number *score)
{
    /* Rounding is monotone: the least total that rounds to the score or above decides. */
    size_t lo = 0, hi = r->ntotals;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (jx_decimal_round(r->totals[mid], score->decimals) < score->micros)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->ntotals && jx_decimal_agrees(score, r->totals[lo]);
}

static int micros_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static const char *table_line_text(char *buf, size_t size, const jx_value *v)
{
    jx_format(buf, size, "第%u行", v && v->cell ? v->cell->line : 0);
    return buf;
}

/* A quoted amount against the card's; an info when they differ by a rounding tail. */
static void compare_money(reader *r, const jx_scorecard *card, const quoted *q, const jx_value *v,
                          const jx_value *initial, const char *what)
{
    if (v == NULL || v->num.kind != JX_NUM_VALUE || v->num.percent || q->num.micros == v->num.micros)
        return;
    int64_t diff = q->num.micros - v->num.micros;
    bool tail = jx_rounding_tail(r->rules, diff, 1);
    jx_finding *f = add(r, card->table, tail ? JX_SEV_INFO : JX_SEV_ERROR, card->name, what, q,
                        v->num.micros, v->num.decimals, false);
    char a[48], b[48], at[32];
    bool is_initial = initial && initial->num.kind == JX_NUM_VALUE
                      && initial->num.micros == q->num.micros;
    jx_finding_message(f, "文字称“%s”的%s为%s万元，而其绩效自评表（%s）为%s%s", card->name, what,
                       fmt_num(a, sizeof a, &q->num), table_line_text(at, sizeof at, v),
                       fmt_num(b, sizeof b, &v->num),
                       tail ? "，相差在尾差范围内。"
                       : is_initial ? "；文字引用的是年初预算数，应为全年预算数。" : "，文字与表格应一致。");
}

/*
 * A sentence that quotes a budget, the spending and the rate of a project no
 * table of the document holds (a report with its tables elsewhere): the rate
 * against its own two amounts, at the precision printed; cut off rather than
 * rounded (99.98 printed 99) is an info.
 */
static void check_own_rate(reader *r, const quoted *budget, const quoted *executed,
                           const quoted *rate)
{
    int64_t pct;
    if (budget->num.micros <= 0
        || !jx_decimal_muldiv(executed->num.micros, 100 * JX_MICRO, budget->num.micros, &pct)
        || jx_decimal_agrees(&rate->num, pct))
        return;
    int decimals = rate->num.decimals;
    bool truncated = jx_cut_off_not_rounded(&rate->num, pct);
    jx_finding *f = add(r, NULL, truncated ? JX_SEV_INFO : JX_SEV_ERROR, "", "执行率", rate,
                        jx_decimal_round(pct, decimals), decimals, true);
    char a[48], b[48], c[48], d[48];
    jx_decimal_format(d, sizeof d, pct, r->rules->rate_decimals);
    jx_finding_message(f, truncated ? "文字称执行率%s，而所引执行数/预算数 = %s/%s = %s%%，四舍五入不是%s（文中是截断的）。"
                                    : "文字称执行率%s，而所引执行数/预算数 = %s/%s = %s%%。",
                       fmt_num(a, sizeof a, &rate->num), fmt_num(b, sizeof b, &executed->num),
                       fmt_num(c, sizeof c, &budget->num), d, a);
}

static void check_card_sentence(reader *r, const char *s)
{
    quoted score, budget, executed, rate;
    /* "得分为0分" for an evaluation of 0 projects is a placeholder, not a score. */
    bool has_score = quote(r, s, JX_FW_PC_SCORE, &score)
                  && (score.points || names(r, s, JX_FW_PC_SCORE_NAMED))
                  && !score.num.percent && score.num.micros != 0;
    bool has_budget = quote(r, s, JX_FW_PC_BUDGET, &budget) && budget.wan;
    bool has_exec = quote(r, s, JX_FW_PC_EXECUTED, &executed) && executed.wan;
    bool has_rate = quote(r, s, JX_FW_PC_RATE, &rate) && rate.num.percent;
    if (!has_score && !has_budget && !has_exec)
        return;
    const jx_scorecard *card = card_of(r, s, has_budget ? &budget : NULL, has_exec ? &executed : NULL);
    char a[48], b[48], at[32];
    if (card) {
        card_facts facts = facts_of(card);
        const jx_value *total = &card->total_score;
        if (has_score && total->num.kind == JX_NUM_VALUE && !jx_decimal_agrees(&score.num, total->num.micros)) {
            jx_finding *f = add(r, card->table, JX_SEV_ERROR, card->name, "得分", &score,
                                total->num.micros, total->num.decimals, false);
            jx_finding_message(f, "文字称“%s”自评得分%s分，而其绩效自评表总分得分（%s）为%s。", card->name,
                               fmt_num(a, sizeof a, &score.num), table_line_text(at, sizeof at, total),
                               fmt_num(b, sizeof b, &total->num));
        }
        if (!facts.has_total)
            return;
        if (has_budget)
            compare_money(r, card, &budget, facts.budget, facts.initial, "全年预算数");
        if (has_exec)
            compare_money(r, card, &executed, facts.executed, NULL, "全年执行数");
        int64_t pct;
        if (has_rate && has_budget && has_exec && facts.budget->num.micros > 0
            && jx_decimal_muldiv(facts.executed->num.micros, 100 * JX_MICRO, facts.budget->num.micros, &pct)
            && !jx_decimal_agrees(&rate.num, pct)) {
            jx_finding *f = add(r, card->table, JX_SEV_ERROR, card->name, "执行率", &rate, pct,
                                r->rules->rate_decimals, true);
            char c[48];
            jx_decimal_format(c, sizeof c, pct, r->rules->rate_decimals);
            jx_finding_message(f, "文字称“%s”执行率%s，而其绩效自评表的全年执行数/全年预算数 = %s/%s = %s%%。",
                               card->name, fmt_num(a, sizeof a, &rate.num),
                               fmt_num(at, sizeof at, &facts.executed->num),
                               fmt_num(b, sizeof b, &facts.budget->num), c);
        }
        return;
    }
    if (has_rate && has_budget && has_exec)
        check_own_rate(r, &budget, &executed, &rate);
    if (!has_score || !names(r, s, JX_FW_PC_EVALUATION))
        return;
    /* A score that names no card: does any card have it? */
    if (r->ntotals == 0 || some_total_agrees(r, &score.num))
        return;
    size_t cards = r->ntotals;
    const char *totals = r->totals_text;
    jx_finding *f = jx_report_add(r->report, NULL, NULL, JX_CODE_narrative, JX_SEV_WARNING, r->line, NULL,
                                  "", "得分");
    if (f)
        f->declared = score.num;
    jx_finding_message(f, "文字称自评得分%s分，但文中%zu张绩效自评表的总分得分（%s）中没有这个分数，无从核对。",
                       fmt_num(b, sizeof b, &score.num), cards, totals);
}

/* ------------------------------------------------------------ financial tables */

typedef struct {
    const char *word;       /* what the prose names, in findings */
    jx_form_list phrases;   /* the phrases it is quoted after (forms/prose.ini [funds]) */
    jx_form_list context;   /* topic words the sentence (or its heading) must hold; COUNT: none */
    jx_ledger_form form;    /* the table that holds it */
    const char *column;     /* the column of its 合计 row; NULL: the detail's closing row */
    bool staff;             /* 人员经费合计 rather than 公用经费合计 */
} ledger_fact;

static const jx_value *fact_value(const reader *r, const ledger_fact *fact, const jx_table **table)
{
    const jx_ledger *l = jx_ledger_find(r->ledgers, fact->form);
    if (l == NULL || l->budget)
        return NULL;
    *table = l->table;
    if (fact->column == NULL) {
        const jx_value *v = fact->staff ? &l->staff_total : &l->office_total;
        return v->num.kind == JX_NUM_VALUE ? v : NULL;
    }
    for (size_t b = 0; b < l->nblocks; b++) {
        const jx_ledger_block *blk = &l->blocks[b];
        const jx_ledger_column *col = fact->column[0] ? jx_ledger_column_named(blk, fact->column, true)
                                                      : (blk->ncolumns ? &blk->columns[0] : NULL);
        const jx_ledger_row *total = jx_ledger_total_row(blk);
        if (col && total) {
            const jx_value *v = jx_ledger_value(blk, total, col);
            return v && v->num.kind == JX_NUM_VALUE ? v : NULL;
        }
    }
    return NULL;
}

static void check_ledger_sentence(reader *r, const char *s)
{
    static const ledger_fact facts[] = {
        {"一般公共预算财政拨款基本支出", JX_FW_PF_GENERAL_BASIC, JX_FW_COUNT, JX_FORM_GENERAL,
         "基本支出", false},
        {"基本支出", JX_FW_PF_BASIC, JX_FW_PF_EXPENSE_CONTEXT, JX_FORM_EXPENSE, "基本支出", false},
        {"项目支出", JX_FW_PF_PROJECT, JX_FW_PF_EXPENSE_CONTEXT, JX_FORM_EXPENSE, "项目支出", false},
        {"人员经费", JX_FW_PF_STAFF, JX_FW_PF_DETAIL_CONTEXT, JX_FORM_BASIC_DETAIL, NULL, true},
        {"公用经费", JX_FW_PF_OFFICE, JX_FW_PF_DETAIL_CONTEXT, JX_FORM_BASIC_DETAIL, NULL, false},
        {"机关运行经费支出", JX_FW_PF_OFFICE_RUNNING, JX_FW_COUNT, JX_FORM_OFFICE_RUNNING, "", false},
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        const ledger_fact *fact = &facts[i];
        if (fact->context != JX_FW_COUNT && !about(r, s, fact->context))
            continue;
        quoted q;
        if (!quote(r, s, fact->phrases, &q) || !(q.wan || q.yuan)
            || q.num.percent)
            continue;
        const jx_table *table = NULL;
        const jx_value *v = fact_value(r, fact, &table);
        if (v == NULL)
            continue;
        if (q.num.micros == v->num.micros && q.wan)
            continue;
        char a[48], b[48];
        int64_t diff = q.num.micros - v->num.micros;
        bool tail = q.wan && jx_rounding_tail(r->rules, diff, 1);
        jx_severity sev = tail ? JX_SEV_INFO : q.num.micros == v->num.micros ? JX_SEV_WARNING : JX_SEV_ERROR;
        jx_finding *f = add(r, table, sev, fact->word,
                            fact->column && fact->column[0] ? fact->column : fact->word, &q,
                            v->num.micros, v->num.decimals, false);
        jx_finding_message(f, "文字称%s%s%s，而%s《%s》（第%u行）为%s万元%s", fact->word,
                           fmt_num(a, sizeof a, &q.num), q.wan ? "万元" : "元（单位应为万元）",
                           table->number, table->title, v->cell ? v->cell->line : 0,
                           fmt_num(b, sizeof b, &v->num),
                           tail ? "，相差在尾差范围内。"
                           : sev == JX_SEV_WARNING ? "，数额相同而单位不同。" : "，文字与表格应一致。");
    }
}

/* ------------------------------------------------------------ “三公” */


/* The item a clause names before its first figure: the last such word there; NONE if none. */
static jx_public_role public_subject(const reader *r, const char *clause, const char **at)
{
    const jx_forms *forms = r->forms;
    /* The first figure: a number in 万元 or percent, not the year (2024年度). */
    const char *digit = clause;
    for (; *digit; digit++) {
        quoted q;
        if (is_digit(*digit) && (digit == clause || !is_digit(digit[-1]))
            && jx_number_at(forms, digit, &q) && (q.wan || q.num.percent))
            break;
    }
    jx_public_role role = JX_PUBLIC_NONE;
    *at = NULL;
    /* The items by their phrases (forms/prose.ini [three_public], public_roles.def);
     * words in file order, the first of two at one place wins. */
    for (size_t i = 0; i < jx_public_nroles; i++) {
        if (jx_public_roles[i].phrases == JX_FW_COUNT || !may(r, jx_public_roles[i].phrases))
            continue;
        const jx_word_list *l = &forms->lists[jx_public_roles[i].phrases];
        for (size_t w = 0; w < l->n; w++)
            for (const char *p = strstr(clause, l->words[w].word); p && p < digit;
                 p = strstr(p + 1, l->words[w].word))
                if (*at == NULL || p > *at) {
                    *at = p;
                    role = jx_public_roles[i].role;
                }
    }
    return role;
}

/*
 * The table's figure for an item: the first row whose label (or the label
 * of its instance) holds `which` (预算, 决算, 当年, 增减). The 三公 total is
 * the 三公 小计 where the table prints one beside 合计, else 合计.
 */
/* The figure of a “三公” item in the instance (row or column group) a `which`
 * word names and no `unless` word does (JX_FW_COUNT: none). */
static const jx_value *public_figure(const jx_forms *forms, const jx_ledger *l,
                                     jx_public_role role, jx_form_list which,
                                     jx_form_list unless)
{
    const jx_ledger_block *blk = &l->blocks[0];
    bool subtotal = false;
    for (size_t k = 0; k < blk->ncolumns; k++)
        subtotal |= blk->columns[k].role == JX_PUBLIC_SUBTOTAL;
    if (role == JX_PUBLIC_SUBTOTAL && !subtotal)
        role = JX_PUBLIC_ALL;
    for (size_t i = 0; i < blk->nrows; i++)
        for (size_t k = 0; k < blk->ncolumns; k++) {
            const jx_ledger_column *col = &blk->columns[k];
            const jx_ledger_row *row = &blk->rows[i];
            if (col->role != role)
                continue;
            bool named = jx_forms_match(forms, which, row->name)
                      || jx_forms_match(forms, which, col->group);
            bool other = unless != JX_FW_COUNT
                      && (jx_forms_match(forms, unless, row->name)
                          || jx_forms_match(forms, unless, col->group));
            if (named && !other)
                return &row->values[k];
        }
    return NULL;
}

/* The first amount in 万元 after `p`, before the clause's next comma. */
static bool amount_after(const jx_forms *forms, const char *p, quoted *q)
{
    for (; *p && *p != ','; p++)
        if (is_digit(*p))
            return jx_number_at(forms, p, q) && q->wan && !q->num.percent;
    return false;
}

static void compare_public(reader *r, const jx_ledger *l, const char *role_name,
                           const quoted *q, const jx_value *v, const char *which, bool negative)
{
    int64_t table = v->num.kind == JX_NUM_VALUE ? v->num.micros : 0;
    int64_t said = negative ? -q->num.micros : q->num.micros;
    if (said == table)
        return;
    bool tail = jx_rounding_tail(r->rules, said - table, 1);
    jx_finding *f = add(r, l->table, tail ? JX_SEV_INFO : JX_SEV_ERROR, role_name, which, q, table,
                        v->num.kind == JX_NUM_VALUE ? v->num.decimals : 2, false);
    char a[48], b[48];
    jx_decimal_format(b, sizeof b, table, v->num.kind == JX_NUM_VALUE ? v->num.decimals : 2);
    jx_finding_message(f, "文字称%s的%s为%s%s万元，而%s《%s》（第%u行）为%s万元%s", role_name, which,
                       negative ? "减少" : "", fmt_num(a, sizeof a, &q->num), l->table->number,
                       l->table->title, v->cell ? v->cell->line : l->table->line_start,
                       v->num.kind == JX_NUM_VALUE ? b : "空白即0",
                       tail ? "，相差在尾差范围内。" : "，文字与表格应一致。");
}

/* The prose says “三公”经费 for the table's 小计; the rest by their standard names. */
static const char *public_name(jx_public_role role)
{
    return role == JX_PUBLIC_SUBTOTAL ? "“三公”经费" : jx_public_role_name(role);
}

/*
 * One clause (up to ；or 其中), comma part by comma part: a part that names
 * an item before its figure makes it the subject of what follows; the
 * budget and actual amounts quoted for one subject make its 完成预算的 X%.
 */
static void check_public_clause(reader *r, const jx_ledger *l, char *clause)
{
    const jx_forms *forms = r->forms;
    jx_public_role subject = JX_PUBLIC_NONE;
    quoted budget, final, change, rate;
    bool has_budget = false, has_final = false;
    for (char *part = clause; part && *part;) {
        char *comma = strchr(part, ',');
        if (comma)
            *comma = '\0';
        const char *at;
        jx_public_role named = public_subject(r, part, &at);
        if (named != JX_PUBLIC_NONE && named != subject) {
            subject = named;
            has_budget = has_final = false;
        }
        if (subject != JX_PUBLIC_NONE) {
            const char *name = public_name(subject);
            const jx_value *v;
            if (l->budget) {
                /* A budget states the year's figure right after the item. */
                if (at && amount_after(forms, at, &budget) && (v = public_figure(forms, l, subject, JX_FW_TP_CURRENT, JX_FW_COUNT)))
                    compare_public(r, l, name, &budget, v, "当年预算数", false);
            } else {
                quoted q;
                if (quote(r, part, JX_FW_PP_BUDGET, &q) && q.wan) {
                    budget = q;
                    has_budget = true;
                    if ((v = public_figure(forms, l, subject, JX_FW_TP_BUDGET, JX_FW_TP_FINAL)))
                        compare_public(r, l, name, &budget, v, "预算数", false);
                }
                if (quote(r, part, JX_FW_PP_FINAL, &q) && q.wan) {
                    final = q;
                    has_final = true;
                    if ((v = public_figure(forms, l, subject, JX_FW_TP_FINAL, JX_FW_COUNT)))
                        compare_public(r, l, name, &final, v, "决算数", false);
                }
            }
            bool up = quote(r, part, JX_FW_PP_UP, &change) && change.wan;
            bool down = !up && quote(r, part, JX_FW_PP_DOWN, &change) && change.wan;
            if ((up || down) && (v = public_figure(forms, l, subject, JX_FW_TP_CHANGE, JX_FW_COUNT)))
                compare_public(r, l, name, &change, v, "增减变化", down);
            int64_t pct;
            if (has_budget && has_final && budget.num.micros > 0
                && quote(r, part, JX_FW_PP_RATE, &rate) && rate.num.percent
                && jx_decimal_muldiv(final.num.micros, 100 * JX_MICRO, budget.num.micros, &pct)
                && !jx_decimal_agrees(&rate.num, pct)) {
                jx_finding *f = add(r, l->table, JX_SEV_ERROR, name, "完成预算", &rate, pct,
                                    r->rules->rate_decimals, true);
                char a[48], b[48], c[48], d[48];
                jx_decimal_format(d, sizeof d, pct, r->rules->rate_decimals);
                jx_finding_message(f, "文字称%s完成预算的%s，而其所引决算数/预算数 = %s/%s = %s%%。", name,
                                   fmt_num(a, sizeof a, &rate.num), fmt_num(b, sizeof b, &final.num),
                                   fmt_num(c, sizeof c, &budget.num), d);
            }
        }
        part = comma ? comma + 1 : NULL;
    }
}

/*
 * A sentence about the “三公” funds, clause by clause (；, 其中): the
 * budget, the actual spending and the change the prose quotes for each
 * item against the 三公 table, and its 完成预算的 X% against its own two
 * amounts. In a budget document the first amount after the item is the
 * year's budget (当年).
 */
static void check_public_sentence(reader *r, const char *s)
{
    const jx_ledger *l = jx_ledger_find(r->ledgers, JX_FORM_THREE_PUBLIC);
    if (l == NULL || l->nblocks == 0 || l->blocks[0].nrows == 0)
        return;
    if (!about(r, s, JX_FW_PP_TOPIC))
        return;
    char *copy = jx_arena_strndup(r->arena, s, strlen(s));
    if (copy == NULL) {
        r->report->failed = true;
        return;
    }
    for (char *clause = copy; clause && *clause;) {
        char *next = NULL, *semi = strchr(clause, ';'), *among = strstr(clause + 1, "其中");
        if (semi && (among == NULL || semi < among)) {
            *semi = '\0';
            next = semi + 1;
        } else if (among) {
            *among = '\0';
            next = among + strlen("其中");
        }
        check_public_clause(r, l, clause);
        clause = next;
    }
}

/* ------------------------------------------------------------ 政府采购 */

/* The figures of the 政府采购 section, in the order the prose quotes them. */
enum { BUY_TOTAL, BUY_GOODS, BUY_WORKS, BUY_SERVICES, BUY_SME, BUY_SMALL, BUY_FIGURES };

/* Its words are forms/prose.ini [procurement]'s: one key for the phrases, one for the row. */
static const struct {
    const char *name;          /* in messages */
    jx_form_list phrases;      /* the words the prose puts before it */
    jx_form_list row;          /* the 决算 table's row that holds it: its name's words */
    char catalogue;            /* the budget table's 采购目录 category: A 货物, B 工程, C 服务 */
} buy_figures[BUY_FIGURES] = {
    {"政府采购总额", JX_FW_PB_TOTAL, JX_FW_PB_TOTAL_ROW, 0},
    {"货物", JX_FW_PB_GOODS, JX_FW_PB_GOODS_ROW, 'A'},
    {"工程", JX_FW_PB_WORKS, JX_FW_PB_WORKS_ROW, 'B'},
    {"服务", JX_FW_PB_SERVICES, JX_FW_PB_SERVICES_ROW, 'C'},
    {"授予中小企业合同金额", JX_FW_PB_SME, JX_FW_PB_SME_ROW, 0},
    {"授予小微企业合同金额", JX_FW_PB_SMALL, JX_FW_PB_SMALL_ROW, 0},
};

/* What the procurement table says a figure is: its amount (blank is 0) and the line it stands on. */
typedef struct {
    bool known;
    int64_t micros;
    uint32_t line;
} buy_figure;

static bool is_buy_value(const jx_value *v)
{
    return v->num.kind == JX_NUM_VALUE && !v->num.percent;
}

/*
 * The table's figures. The 决算 table prints each in its own row; the
 * budget table lists the items bought under 合计, so a category is the sum
 * of the items whose 采购目录 code starts with its letter — known only when
 * every item carries such a code.
 */
static void buy_figures_of(const jx_forms *forms, const jx_ledger *l, buy_figure out[BUY_FIGURES])
{
    memset(out, 0, BUY_FIGURES * sizeof *out);
    if (l->nblocks == 0)
        return;
    const jx_ledger_block *blk = &l->blocks[0];
    const jx_ledger_column *col = jx_ledger_column_named(blk, "金额", false);
    if (col == NULL)
        return;
    size_t k = (size_t)(col - blk->columns);
    const jx_ledger_row *total = jx_ledger_total_row(blk);
    if (total) {
        out[BUY_TOTAL] = (buy_figure){true, is_buy_value(&total->values[k]) ? total->values[k].num.micros : 0,
                                      total->line};
        bool coded = true, overflow = false;
        size_t items = 0;
        for (size_t i = 0; i < blk->nrows; i++) {
            const jx_ledger_row *row = &blk->rows[i];
            if (row->is_total || row->code[0] || row->among)
                continue;
            char letter = row->catalogue ? row->catalogue->norm[0] : 0;
            coded = coded && (letter == 'A' || letter == 'B' || letter == 'C');
            items++;
            for (size_t f = BUY_GOODS; f <= BUY_SERVICES; f++)
                if (letter == buy_figures[f].catalogue) {
                    if (is_buy_value(&row->values[k]))
                        jx_sum_add(&out[f].micros, row->values[k].num.micros, &overflow);
                    out[f].line = out[f].line ? out[f].line : row->line;
                }
        }
        for (size_t f = BUY_GOODS; f <= BUY_SERVICES; f++) {
            out[f].known = coded && items > 0 && !overflow; /* too large: not judged */
            if (out[f].line == 0)
                out[f].line = total->line;
        }
        return;
    }
    for (size_t f = 0; f < BUY_FIGURES; f++)
        for (size_t i = 0; i < blk->nrows && !out[f].known; i++) {
            const jx_ledger_row *row = &blk->rows[i];
            bool named = jx_forms_match(forms, buy_figures[f].row, row->name);
            /* 中小企业 is the whole of which 小微 is a part; 合计 is the first outline item's. */
            if (f == BUY_SME)
                named = named && !row->among;
            if (f == BUY_TOTAL)
                named = named && row->outline == 0;
            if (named)
                out[f] = (buy_figure){true, is_buy_value(&row->values[k]) ? row->values[k].num.micros : 0,
                                      row->line};
        }
}

static void check_buy_figure(reader *r, const jx_ledger *l, size_t f, const quoted *q,
                             const buy_figure *table)
{
    if (!table->known || q->num.micros == table->micros)
        return;
    bool tail = jx_rounding_tail(r->rules, q->num.micros - table->micros, 1);
    jx_finding *finding = add(r, l->table, tail ? JX_SEV_INFO : JX_SEV_ERROR, buy_figures[f].name,
                              l->budget ? "预算金额" : "金额", q, table->micros, 2, false);
    char a[48], b[48];
    jx_decimal_format(b, sizeof b, table->micros, 2);
    jx_finding_message(finding, "文字称%s为%s万元，而%s《%s》（第%u行%s）为%s万元%s", buy_figures[f].name,
                       fmt_num(a, sizeof a, &q->num), l->table->number, l->table->title, table->line,
                       l->budget && f != BUY_TOTAL ? "起，按采购目录分类合计" : "", b,
                       tail ? "，相差在尾差范围内。" : "，文字与表格应一致。");
}

/*
 * A sentence of the 政府采购 section: each figure it quotes against the
 * procurement table; without one, the total it quotes against the 货物,
 * 工程 and 服务 it quotes with it.
 */
static void check_procurement_sentence(reader *r, const char *s)
{
    if (!about(r, s, JX_FW_PB_TOPIC))
        return;
    quoted q[BUY_FIGURES];
    bool said[BUY_FIGURES];
    for (size_t f = 0; f < BUY_FIGURES; f++)
        said[f] = quote(r, s, buy_figures[f].phrases, &q[f]) && q[f].wan
               && !q[f].num.percent;
    const jx_ledger *l = jx_ledger_find(r->ledgers, JX_FORM_PROCUREMENT);
    if (l) {
        buy_figure table[BUY_FIGURES];
        buy_figures_of(r->forms, l, table);
        for (size_t f = 0; f < BUY_FIGURES; f++)
            if (said[f])
                check_buy_figure(r, l, f, &q[f], &table[f]);
        return;
    }
    if (!said[BUY_TOTAL] || !said[BUY_GOODS] || !said[BUY_WORKS] || !said[BUY_SERVICES])
        return;
    int64_t parts = q[BUY_GOODS].num.micros + q[BUY_WORKS].num.micros + q[BUY_SERVICES].num.micros;
    if (parts == q[BUY_TOTAL].num.micros)
        return;
    bool tail = jx_rounding_tail(r->rules, q[BUY_TOTAL].num.micros - parts, 3);
    jx_finding *f = add(r, NULL, tail ? JX_SEV_INFO : JX_SEV_ERROR, buy_figures[BUY_TOTAL].name,
                        "金额", &q[BUY_TOTAL], parts, 2, false);
    char a[48], b[48], c[48], d[48], e[48];
    jx_decimal_format(e, sizeof e, parts, 2);
    jx_finding_message(f, "文字称政府采购总额为%s万元，而所列货物%s、工程%s、服务%s万元之和为%s万元%s",
                       fmt_num(a, sizeof a, &q[BUY_TOTAL].num), fmt_num(b, sizeof b, &q[BUY_GOODS].num),
                       fmt_num(c, sizeof c, &q[BUY_WORKS].num), fmt_num(d, sizeof d, &q[BUY_SERVICES].num),
                       e, tail ? "，相差在尾差范围内。" : "；文中没有政府采购表可查，总额与分项应一致。");
}

/* ------------------------------------------------------------ entry */

/* The cards, once: the index, the department-wide card and every declared total. */
static bool index_cards(reader *r)
{
    const jx_document *doc = r->doc;
    if ((r->cards = jx_card_index_build(doc)) == NULL)
        return false;
    r->totals = malloc((doc->ntables ? doc->ntables : 1) * sizeof *r->totals);
    if (r->totals == NULL)
        return false;
    size_t named = 0;
    char a[48];
    for (size_t k = 0; k < doc->ntables; k++) {
        const jx_scorecard *c = doc->tables[k].scorecard;
        if (c == NULL)
            continue;
        if (c->kind == JX_KIND_DEPARTMENT) {
            r->department = c;
            r->departments++;
        }
        if (c->total_score.num.kind != JX_NUM_VALUE)
            continue;
        r->totals[r->ntotals++] = c->total_score.num.micros;
        size_t used = strlen(r->totals_text);
        if (used + 1 < sizeof r->totals_text)
            jx_format(r->totals_text + used, sizeof r->totals_text - used, "%s%s", named++ ? "、" : "",
                     fmt_num(a, sizeof a, &c->total_score.num));
    }
    qsort(r->totals, r->ntotals, sizeof *r->totals, micros_cmp);
    return true;
}

void jx_check_narrative(const jx_check_context *ctx)
{
    jx_report *report = ctx->report;
    const jx_document *doc = ctx->doc;
    reader r = {.report = report, .doc = doc, .forms = doc->forms, .rules = ctx->rules,
                .ledgers = ctx->ledgers};
    if ((r.arena = jx_arena_new()) == NULL || !index_cards(&r)
        || (r.phrases = jx_phrase_index_build(r.forms, sentence_lists,
                                              sizeof sentence_lists / sizeof sentence_lists[0]))
               == NULL) {
        report->failed = true;
        free(r.totals);
        jx_card_index_free(r.cards);
        jx_phrase_index_free(r.phrases);
        jx_arena_free(r.arena);
        return;
    }
    for (size_t i = 0; i < doc->nlines; i++) {
        const jx_line *line = &doc->lines[i];
        const char *norm = ctx->prose_norms[i];
        if (norm == NULL)
            continue;
        if (is_heading(norm)) {
            r.heading = norm;
            r.heading_may = jx_phrase_scan(r.phrases, norm);
            continue;
        }
        r.line = line->line;
        if (!has_digit(norm))
            continue; /* no sentence of it quotes a figure (below) */
        /* One sentence at a time: a figure belongs to the subject of its sentence. */
        char *copy = jx_arena_strndup(r.arena, norm, strlen(norm));
        if (copy == NULL) {
            report->failed = true;
            break;
        }
        for (char *s = copy; s && *s;) {
            char *end = strstr(s, "。");
            if (end)
                *end = '\0';
            /* Every check below compares a figure the sentence quotes, and a
             * figure starts with a digit (jx_number_at): a sentence with none
             * is passed over without asking each check's phrases for it. */
            if (has_digit(s)) {
                r.may = jx_phrase_scan(r.phrases, s);
                check_card_sentence(&r, s);
                check_ledger_sentence(&r, s);
                check_public_sentence(&r, s);
                check_procurement_sentence(&r, s);
            }
            s = end ? end + strlen("。") : NULL;
        }
    }
    free(r.totals);
    jx_card_index_free(r.cards);
    jx_phrase_index_free(r.phrases);
    jx_arena_free(r.arena);
}
