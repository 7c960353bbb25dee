/*
 * ledger_economic.c — a budget's 收支总表 (表1, 表4) prints its spending by
 * economic class twice, by 部门预算 classes (301 …) and by 政府预算 classes
 * (501 …); the 一般公共预算支出明细表 by economic class (表6) lists the same
 * money item by item with both codes. Each class of the summary must equal
 * the detail's (cross_table).
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* The economic classes (forms/ledgers.ini [department_classes] and
 * [government_classes]): the list of a class's names, and its code. */
typedef struct {
    jx_form_list names;
    const char *code;
} economic_class;

static const economic_class classes[] = {
#define JX_FORM_LIST(id, file, section, key)
#define JX_FORM_CLASS(id, file, section, code) {JX_FW_##id, #code},
#include "forms.def"
};

/* The name of a summary row without its outline marker: 1、 (1) 一、 */
static const char *bare_name(const char *name)
{
    const char *p = name;
    if (*p == '(') {
        const char *close = strchr(p, ')');
        return close ? close + 1 : p;
    }
    const char *mark = strstr(p, "、");
    return mark && mark - p <= 6 ? mark + strlen("、") : p;
}

/*
 * The code of a summary row: "(2)商品和服务支出" → 302, "2、机关商品和服务支出"
 * → 502; in a government-class block, "对个人和家庭的补助" → 509.
 */
static const char *class_of(const jx_forms *forms, const char *name, bool government_block)
{
    const char *p = bare_name(name);
    /* The block's own list first: a name both lists hold is its class there. */
    for (int pass = 0; pass < 2; pass++) {
        bool government = pass == 0 ? government_block : !government_block;
        for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
            if ((classes[i].code[0] == '5') == government
                && jx_forms_match(forms, classes[i].names, p))
                return classes[i].code;
    }
    return NULL;
}

/* The 表6 column a summary group compares with: basic spending or 专项. */
typedef struct {
    const char *group_words;   /* the summary's outline-1 row: 人员经费和公用经费 / 专项业务经费 */
    const char *columns[2];    /* the detail's columns that make it */
} group_map;

static const group_map groups[] = {
    {"人员经费和公用经费", {"人员经费支出", "公用经费支出"}},
    {"专项业务经费", {"专项业务经费支出", NULL}},
};

static bool plain(const jx_value *v)
{
    return v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0' && !v->num.percent;
}

static int64_t amount(const jx_value *v)
{
    return plain(v) ? v->num.micros : 0;
}

/* The government-class code printed beside a detail row (表6's 政府经济科目编码). */
static const char *government_code(const jx_table *t, size_t code_col, uint32_t line)
{
    for (size_t r = 0; r < t->grid.nrows; r++) {
        const jx_row *row = &t->grid.rows[r];
        if (row->line == line)
            return code_col < row->ncells ? row->cells[code_col].norm : "";
    }
    return "";
}

static size_t government_code_column(const jx_forms *forms, const jx_table *t)
{
    for (size_t r = 0; r < t->header_rows && r < t->grid.nrows; r++)
        for (size_t c = 0; c < t->grid.rows[r].ncells; c++)
            if (jx_forms_match(forms, JX_FW_LE_GOVERNMENT_CODE, t->grid.rows[r].cells[c].norm))
                return c;
    return SIZE_MAX;
}

/*
 * What the detail holds for a class, in the given columns: 部门 classes by
 * their 3-digit rows, 政府 classes by summing the items whose government code
 * starts with the class.
 */
static bool detail_amount(const jx_forms *forms, const jx_ledger *detail, const char *code,
                          const char *const *columns, size_t ncolumns, int64_t *sum)
{
    const jx_ledger_block *blk = &detail->blocks[0];
    bool government = code[0] == '5';
    size_t gcol = government ? government_code_column(forms, detail->table) : 0;
    if (government && gcol == SIZE_MAX)
        return false;
    *sum = 0;
    for (size_t k = 0; k < ncolumns && columns[k]; k++) {
        const jx_ledger_column *col = jx_ledger_column_named(blk, columns[k], true);
        if (col == NULL)
            return false;
        for (size_t i = 0; i < blk->nrows; i++) {
            const jx_ledger_row *row = &blk->rows[i];
            bool match = government
                ? row->digits == 5 && strncmp(government_code(detail->table, gcol, row->line), code, 3) == 0
                : row->digits == 3 && strcmp(row->code, code) == 0;
            bool overflow = false;
            if (match)
                jx_sum_add(sum, amount(jx_ledger_value(blk, row, col)), &overflow);
            if (overflow)
                return false; /* too large to be exact: not judged */
        }
    }
    return true;
}

static void report_class(jx_report *report, const jx_rules *rules, const jx_ledger *summary,
                         const jx_ledger_row *row, const jx_value *v, const jx_ledger *detail,
                         int64_t expected, const char *what)
{
    int64_t declared = amount(v);
    if (declared == expected)
        return;
    int64_t diff = declared - expected;
    bool tail = jx_rounding_tail(rules, diff, 1);
    jx_finding *f = jx_report_add(report, NULL, summary->table, JX_CODE_cross_table,
                                  tail ? JX_SEV_INFO : JX_SEV_ERROR, row->line,
                                  v->cell && v->cell->norm[0] ? v->cell : NULL, row->name, "预算数");
    jx_finding_computed(f, expected, 2, false);
    char a[48], b[48];
    jx_decimal_format(a, sizeof a, declared, 2);
    jx_decimal_format(b, sizeof b, expected, 2);
    jx_finding_message(f, "“%s”%s为%s，而%s《%s》中此类合计为%s%s", row->name, what,
                       plain(v) ? a : "空白", detail->table->number, detail->table->title, b,
                       tail ? "，相差在尾差范围内。" : "，两表应一致。");
}

/* One economic block of a summary: each class row against the detail. */
static void check_block(const jx_check_context *ctx, const jx_ledger *summary,
                        const jx_ledger_block *blk, const jx_ledger *detail)
{
    /* A block of 政府预算 classes names its 机关 classes. */
    bool government_block = false;
    for (size_t i = 0; i < blk->nrows; i++) {
        const char *code = class_of(ctx->doc->forms, blk->rows[i].name, false);
        government_block = government_block || (code && code[0] == '5');
    }
    const group_map *group = NULL;
    for (size_t i = 0; i < blk->nrows; i++) {
        const jx_ledger_row *row = &blk->rows[i];
        if (row->outline <= 1) {
            group = NULL;
            for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
                if (strstr(row->name, groups[g].group_words))
                    group = &groups[g];
        }
        const char *code = class_of(ctx->doc->forms, row->name, government_block);
        if (code == NULL || blk->ncolumns == 0)
            continue;
        bool government = code[0] == '5';
        /* 部门 classes sit under a group (basic or 专项); 政府 classes stand alone. */
        static const char *const all[] = {"合计", NULL};
        const char *const *columns = government ? all : group ? group->columns : NULL;
        if (columns == NULL)
            continue;
        int64_t expected;
        if (!detail_amount(ctx->doc->forms, detail, code, columns, 2, &expected))
            continue;
        const jx_value *v = &row->values[0];
        if (!plain(v) && expected == 0)
            continue;
        report_class(ctx->report, ctx->rules, summary, row, v, detail,
                     expected, government ? "（政府预算经济分类）" : "（部门预算经济分类）");
    }
}

void jx_check_economic_classes(const jx_check_context *ctx)
{
    const jx_ledger_set *set = ctx->ledgers;
    const jx_ledger *detail = jx_ledger_find(set, JX_FORM_GENERAL_ECONOMIC);
    if (detail == NULL || detail->nblocks == 0 || !detail->budget)
        return;
    for (size_t i = 0; i < set->n; i++) {
        const jx_ledger *l = set->items[i];
        if (!l->budget || (l->form != JX_FORM_SUMMARY && l->form != JX_FORM_FISCAL_SUMMARY))
            continue;
        for (size_t b = 0; b < l->nblocks; b++)
            if (strcmp(l->blocks[b].side, "支出") == 0)
                check_block(ctx, l, &l->blocks[b], detail);
    }
}
