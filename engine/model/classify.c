/*
 * classify.c — which model a table is: a scorecard (project, department-wide,
 * special fund), a target table, a financial table, or something else.
 * Decided by the words of the form itself (title and header cells), which
 * are national, not by any region's rules.
 */
#include "model.h"

#include <string.h>

/* Header words are looked for in the first rows only: data rows hold prose. */
#define CLASSIFY_ROWS 40

static bool contains(const char *s, const char *word)
{
    return s != NULL && strstr(s, word) != NULL;
}

/* Whether some cell in the first rows reads `word` (or starts with it, when prefix). */
static bool has_cell(const jx_table *t, const char *word, bool prefix)
{
    size_t n = strlen(word);
    size_t rows = t->grid.nrows < CLASSIFY_ROWS ? t->grid.nrows : CLASSIFY_ROWS;
    for (size_t r = 0; r < rows; r++) {
        const jx_row *row = &t->grid.rows[r];
        for (size_t c = 0; c < row->ncells; c++) {
            const char *norm = row->cells[c].norm;
            if (prefix ? strncmp(norm, word, n) == 0 : strcmp(norm, word) == 0)
                return true;
        }
    }
    return false;
}

static bool is_target_table(const jx_table *t)
{
    if (contains(t->title, "目标表"))
        return true;
    /* Indicators with values to reach but nothing scored: a target table. */
    return has_cell(t, "一级指标", false) && (has_cell(t, "指标值", false) || has_cell(t, "年度指标值", false))
        && !has_cell(t, "得分", false) && !has_cell(t, "分值", false);
}

static bool is_special_fund(const jx_table *t)
{
    return contains(t->title, "中央直达")
        || (contains(t->title, "专项资金") && contains(t->title, "自评"));
}

static bool is_scorecard(const jx_table *t)
{
    if (contains(t->title, "自评"))
        return true;
    return has_cell(t, "一级指标", false) && (has_cell(t, "得分", false) || has_cell(t, "分值", false));
}

static bool is_department(const jx_table *t)
{
    if (contains(t->title, "整体"))
        return true;
    if (contains(t->title, "项目") || has_cell(t, "项目名称", false))
        return false;
    return has_cell(t, "任务名称", false) || has_cell(t, "部门(单位)名称", false)
        || has_cell(t, "单位名称", false) || has_cell(t, "部门整体支出情况", false);
}

static bool is_ledger(const jx_table *t)
{
    static const char *const title_words[] = {"决算表", "预算表", "总表", "明细表",
        "支出表", "收入表", "收支表", "情况表", "决算总表"};
    static const char *const header_words[] = {"科目代码", "科目名称", "科目编码",
        "功能分类科目编码", "功能分类科目代码", "功能科目编码", "部门经济科目编码",
        "经济分类编码", "行次", "栏次", "决算数", "预算数"};
    if (t->number[0] != '\0')
        return true;
    for (size_t i = 0; i < sizeof title_words / sizeof title_words[0]; i++)
        if (contains(t->title, title_words[i]))
            return true;
    for (size_t i = 0; i < sizeof header_words / sizeof header_words[0]; i++)
        if (has_cell(t, header_words[i], true))
            return true;
    return false;
}

jx_table_kind jx_classify_table(const jx_table *t)
{
    if (is_target_table(t))
        return JX_KIND_TARGET;
    if (is_special_fund(t))
        return JX_KIND_SPECIAL_FUND;
    if (is_scorecard(t))
        return is_department(t) ? JX_KIND_DEPARTMENT : JX_KIND_PROJECT;
    /* A table of contents lists ledgers by name and whether each is empty. */
    if (has_cell(t, "是否空表", false))
        return JX_KIND_OTHER;
    if (is_ledger(t))
        return JX_KIND_LEDGER;
    return JX_KIND_OTHER;
}

const char *jx_table_kind_name(jx_table_kind kind)
{
    switch (kind) {
    case JX_KIND_PROJECT: return "project";
    case JX_KIND_DEPARTMENT: return "department";
    case JX_KIND_SPECIAL_FUND: return "special_fund";
    case JX_KIND_TARGET: return "target";
    case JX_KIND_LEDGER: return "ledger";
    case JX_KIND_OTHER: break;
    }
    return "other";
}
