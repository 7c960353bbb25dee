/*
 * classify.c — which model a table is: a scorecard (project, department-wide,
 * special fund), a target table, a financial table, or something else.
 * Decided by the words of the form itself (title and header cells), which
 * are national, not by any region's rules: forms/tables.ini gives the words,
 * this file the order they are tried in.
 */
#include "model.h"

/* Header words are looked for in the first rows only: data rows hold prose. */
#define CLASSIFY_ROWS 40

/* Whether the table's title is one of the list's words (forms/tables.ini). */
static bool title_has(const jx_forms *forms, const jx_table *t, jx_form_list list)
{
    return jx_forms_match(forms, list, t->title_norm != NULL ? t->title_norm : "");
}

/* Whether some cell in the first rows is one of the list's words. */
static bool has_cell(const jx_forms *forms, const jx_table *t, jx_form_list list)
{
    size_t rows = t->grid.nrows < CLASSIFY_ROWS ? t->grid.nrows : CLASSIFY_ROWS;
    for (size_t r = 0; r < rows; r++) {
        const jx_row *row = &t->grid.rows[r];
        for (size_t c = 0; c < row->ncells; c++)
            if (jx_forms_match(forms, list, row->cells[c].norm))
                return true;
    }
    return false;
}

static bool is_target_table(const jx_forms *forms, const jx_table *t)
{
    if (title_has(forms, t, JX_FW_TBL_TARGET_TITLE))
        return true;
    /* Indicators with values to reach but nothing scored: a target table. */
    return has_cell(forms, t, JX_FW_TBL_CARD_INDICATORS)
        && has_cell(forms, t, JX_FW_TBL_TARGET_VALUES)
        && !has_cell(forms, t, JX_FW_TBL_CARD_SCORED);
}

static bool is_special_fund(const jx_forms *forms, const jx_table *t)
{
    return title_has(forms, t, JX_FW_TBL_SPECIAL_TITLE)
        || (title_has(forms, t, JX_FW_TBL_SPECIAL_FUND_TITLE)
            && title_has(forms, t, JX_FW_TBL_SPECIAL_EVAL_TITLE));
}

static bool is_scorecard(const jx_forms *forms, const jx_table *t)
{
    if (title_has(forms, t, JX_FW_TBL_CARD_TITLE))
        return true;
    return has_cell(forms, t, JX_FW_TBL_CARD_INDICATORS)
        && has_cell(forms, t, JX_FW_TBL_CARD_SCORED);
}

static bool is_department(const jx_forms *forms, const jx_table *t)
{
    if (title_has(forms, t, JX_FW_TBL_DEPT_TITLE))
        return true;
    if (title_has(forms, t, JX_FW_TBL_DEPT_PROJECT_TITLE)
        || has_cell(forms, t, JX_FW_TBL_DEPT_PROJECT_HEADER))
        return false;
    return has_cell(forms, t, JX_FW_TBL_DEPT_HEADER);
}

static bool is_ledger(const jx_forms *forms, const jx_table *t)
{
    /* A numbered table (表1, 附表3 …) is a ledger, whatever its words. */
    if (t->number[0] != '\0')
        return true;
    return title_has(forms, t, JX_FW_TBL_LEDGER_TITLE)
        || has_cell(forms, t, JX_FW_TBL_LEDGER_HEADER);
}

jx_table_kind jx_classify_table(const jx_forms *forms, const jx_table *t)
{
    if (is_target_table(forms, t))
        return JX_KIND_TARGET;
    if (is_special_fund(forms, t))
        return JX_KIND_SPECIAL_FUND;
    if (is_scorecard(forms, t))
        return is_department(forms, t) ? JX_KIND_DEPARTMENT : JX_KIND_PROJECT;
    /* A table of contents lists ledgers by name and whether each is empty. */
    if (has_cell(forms, t, JX_FW_TBL_CONTENTS_HEADER))
        return JX_KIND_OTHER;
    if (is_ledger(forms, t))
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
