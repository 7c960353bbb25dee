/*
 * ledger_link.c — a department-wide scorecard against the 决算 tables
 * (cross_table): its task rows name the same money as the expenditure
 * tables (人员经费, 公用经费, 基本支出, 项目支出) and its 金额合计 is the
 * year's total expenditure. A task is matched by the words of its name and
 * content, never by position; a task that names none of them is left alone.
 */
#include "check.h"

#include <string.h>

/* What a task's words say it spent, and where the 决算 tables hold that money. */
typedef struct {
    jx_form_list words;        /* forms/prose.ini [ledger_links]: in the task's name or content */
    const char *what;          /* the money, in messages */
    jx_ledger_form form;
    const char *column;        /* the 合计 row's column; NULL: the detail's closing row */
    bool staff;                /* 人员经费合计 rather than 公用经费合计 */
} task_money;

static const task_money moneys[] = {
    {JX_FW_PL_STAFF, "人员经费", JX_FORM_BASIC_DETAIL, NULL, true},
    {JX_FW_PL_OFFICE, "公用经费", JX_FORM_BASIC_DETAIL, NULL, false},
    {JX_FW_PL_BASIC, "基本支出", JX_FORM_EXPENSE, "基本支出", false},
    {JX_FW_PL_PROJECT, "项目支出", JX_FORM_EXPENSE, "项目支出", false},
};

static bool names(const jx_forms *forms, const jx_task_row *task, const task_money *m)
{
    return (task->name && jx_forms_match(forms, m->words, task->name))
        || (task->content && jx_forms_match(forms, m->words, task->content));
}

static bool is_amount(const jx_value *v)
{
    return v && v->num.kind == JX_NUM_VALUE && !v->num.percent;
}

/* The value of a 决算 table's 合计 row in `column`, or of the detail's closing row. */
static const jx_value *ledger_money(const jx_ledger_set *set, jx_ledger_form form,
                                    const char *column, bool staff, const jx_table **table)
{
    const jx_ledger *l = jx_ledger_find(set, form);
    if (l == NULL || l->budget)
        return NULL;
    *table = l->table;
    if (column == NULL) {
        const jx_value *v = staff ? &l->staff_total : &l->office_total;
        return is_amount(v) ? v : NULL;
    }
    for (size_t b = 0; b < l->nblocks; b++) {
        const jx_ledger_column *col = jx_ledger_column_named(&l->blocks[b], column, true);
        const jx_ledger_row *total = jx_ledger_total_row(&l->blocks[b]);
        if (col && total) {
            const jx_value *v = jx_ledger_value(&l->blocks[b], total, col);
            return is_amount(v) ? v : NULL;
        }
    }
    return NULL;
}

static void compare(jx_report *report, const jx_rules *rules, const jx_scorecard *card,
                    const jx_task_row *task, const char *what, const jx_value *ledger,
                    const jx_table *table)
{
    const jx_value *exec = &task->exec_total;
    if (!is_amount(exec) || exec->num.micros == ledger->num.micros)
        return;
    int64_t diff = exec->num.micros - ledger->num.micros;
    bool tail = jx_rounding_tail(rules, diff, 1);
    jx_finding *f = jx_report_add(report, NULL, card->table, JX_CODE_cross_table,
                                  tail ? JX_SEV_INFO : JX_SEV_ERROR, task->line, exec->cell,
                                  task->name, "全年执行数·总额");
    jx_finding_computed(f, ledger->num.micros, ledger->num.decimals, false);
    char a[48], b[48];
    jx_decimal_format(a, sizeof a, exec->num.micros, exec->num.decimals);
    jx_decimal_format(b, sizeof b, ledger->num.micros, ledger->num.decimals);
    jx_finding_message(f, "部门整体支出绩效自评表“%s”（%s）的全年执行数为%s，而%s《%s》（第%u行）为%s%s",
                       task->name, what, a, table->number, table->title,
                       ledger->cell ? ledger->cell->line : 0, b,
                       tail ? "，相差在尾差范围内。" : "，两表应一致。");
}

void jx_check_ledger_links(const jx_check_context *ctx)
{
    jx_report *report = ctx->report;
    const jx_document *doc = ctx->doc;
    const jx_rules *rules = ctx->rules;
    const jx_ledger_set *set = ctx->ledgers;
    const jx_scorecard *card = NULL;
    size_t departments = 0;
    for (size_t k = 0; k < doc->ntables; k++) {
        const jx_scorecard *c = doc->tables[k].scorecard;
        if (c && c->kind == JX_KIND_DEPARTMENT && c->ntasks) {
            card = c;
            departments++;
        }
    }
    /* With several department cards the tables cannot tell which one they total. */
    if (departments != 1)
        return;
    for (size_t i = 0; i < card->ntasks; i++) {
        const jx_task_row *task = &card->tasks[i];
        const jx_table *table = NULL;
        const jx_value *v;
        if (task->is_total) {
            if ((v = ledger_money(set, JX_FORM_EXPENSE, "本年支出合计", false, &table)))
                compare(report, rules, card, task, "本年支出合计", v, table);
            continue;
        }
        /* One kind of money per task: a task naming two is not a link. */
        const task_money *match = NULL;
        size_t matches = 0;
        for (size_t m = 0; m < sizeof moneys / sizeof moneys[0]; m++)
            if (names(doc->forms, task, &moneys[m])) {
                match = &moneys[m];
                matches++;
            }
        if (matches == 1
            && (v = ledger_money(set, match->form, match->column, match->staff, &table)))
            compare(report, rules, card, task, match->what, v, table);
    }
}
