/*
 * narrative_items.c — the prose's account of general-budget spending item
 * by item ("1. 社会保障和就业支出（类）行政事业单位养老支出（款）事业单位
 * 离退休（项）。年初预算6.17万元，支出决算5.49万元，完成年初预算的88.98%")
 * and its overall sentence ("年初预算为…，支出决算为…，完成年初预算的…%"):
 * the percent against 支出决算 / 年初预算 at the precision printed, and
 * 支出决算 against the item's row of 公开05表 (公开03表 when there is no
 * 公开05表) or its 合计. Each contradiction is a `narrative` finding on the
 * line that prints the figure.
 *
 * PDF extraction breaks a sentence over two lines with a blank line between,
 * so an item is read with the lines that continue it, up to its full stop,
 * the next item or a heading.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* Lines joined into one item; a longer run is not one sentence broken by a page. */
#define ITEM_LINES 4

typedef struct {
    jx_report *report;
    const jx_rules *rules;
    const jx_forms *forms;          /* the document's: forms/prose.ini [items] */
    const jx_table *table;          /* 公开05表, else 公开03表; NULL if neither */
    const jx_ledger_block *block;
    const jx_ledger_column *column; /* its total column (小计, 本年支出合计) */
} item_checker;

/* One item's text, and the source line each joined piece starts on. */
typedef struct {
    char text[2048];
    size_t starts[ITEM_LINES];
    uint32_t lines[ITEM_LINES];
    size_t npieces;
} item_text;

static bool has(const char *s, const char *word)
{
    return strstr(s, word) != NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
    /* The first two bytes settle most (every prose line is asked for ten
     * numerals); s[1] is read only when s[0] matched, so is no NUL. */
    if (prefix[0] == '\0')
        return true;
    if (s[0] != prefix[0] || (prefix[1] != '\0' && s[1] != prefix[1]))
        return false;
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* After an item's number (1. 1、 (1)): its words; NULL when the line is not numbered. */
static const char *after_number(const char *s)
{
    const char *p = s;
    bool paren = *p == '(';
    if (paren)
        p++;
    const char *digits = p;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == digits)
        return NULL;
    if (paren)
        return *p == ')' ? p + 1 : NULL;
    if (*p == '.')
        return p + 1;
    return starts_with(p, "、") ? p + strlen("、") : NULL;
}

/* A heading that ends an item: markdown, or 一、/ 六、 numbering. */
static bool is_section_heading(const char *s)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (s[0] == '#')
        return true;
    for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
        if (starts_with(s, numerals[i]) && has(s, "、") && strstr(s, "、") - s <= 6)
            return true;
    return false;
}

/* The line of the piece of an item that holds byte `at`. */
static uint32_t line_at(const item_text *item, const char *at)
{
    size_t off = (size_t)(at - item->text);
    uint32_t line = item->lines[0];
    for (size_t i = 0; i < item->npieces; i++)
        if (item->starts[i] <= off)
            line = item->lines[i];
    return line;
}

/* The words between `from` and `marker` ((类), (款), (项)), copied into `out`; false if absent. */
static bool name_before(const char *from, const char *marker, char *out, size_t size,
                        const char **after)
{
    const char *m = strstr(from, marker);
    if (m == NULL || (size_t)(m - from) >= size)
        return false;
    memcpy(out, from, (size_t)(m - from));
    out[m - from] = '\0';
    *after = m + strlen(marker);
    return true;
}

/* Names agree when one holds the other: the prose adds or drops 支出 (行政单位医疗支出). */
static bool same_name(const char *a, const char *b)
{
    return a[0] && b[0] && (strcmp(a, b) == 0 || has(a, b) || has(b, a));
}

/* A quoted figure and where it stands in the item. */
typedef struct {
    jx_quoted q;
    const char *at;
    bool said;
} figure;

/* The figure after the first phrase of `keys` (in file order) that is followed by one of its kind. */
static figure figure_after(const jx_forms *forms, const char *s, jx_form_list keys, bool percent)
{
    figure f;
    memset(&f, 0, sizeof f);
    const jx_word_list *l = &forms->lists[keys];
    for (size_t i = 0; i < l->n; i++) {
        const char *p = strstr(s, l->words[i].word);
        if (p && jx_quote_after(forms, p, &l->words[i], 1, &f.q) && f.q.num.percent == percent
            && (percent || f.q.wan)) {
            f.at = p;
            f.said = true;
            return f;
        }
    }
    return f;
}

static const char *fmt_number(char *buf, size_t size, const jx_number *num)
{
    int n = jx_decimal_format(buf, size, num->micros, num->decimals);
    if (num->percent && n > 0 && (size_t)n + 1 < size)
        strcat(buf, "%");
    return buf;
}

/* (a) 完成年初预算的 X% against 支出决算 / 年初预算, at the precision printed. */
static void check_rate(item_checker *c, const item_text *item, const char *label, const char *what,
                       const figure *initial, const figure *final, const figure *rate)
{
    if (!initial->said || !final->said || !rate->said)
        return;
    char a[48], b[48], d[48], e[48];
    uint32_t line = line_at(item, rate->at);
    if (initial->q.num.micros == 0) {
        jx_finding *f = jx_report_add(c->report, NULL, NULL, JX_CODE_narrative, JX_SEV_WARNING, line, NULL,
                                      label, "完成年初预算");
        if (f)
            f->declared = rate->q.num;
        jx_finding_message(f, "文字称“%s”完成年初预算的%s，但年初预算为0，支出决算%s万元无从计算完成比例；应说明为年初未列预算的新增支出。",
                           what, fmt_number(a, sizeof a, &rate->q.num),
                           fmt_number(b, sizeof b, &final->q.num));
        return;
    }
    int64_t pct;
    if (!jx_decimal_muldiv(final->q.num.micros, 100 * JX_MICRO, initial->q.num.micros, &pct)
        || jx_decimal_agrees(&rate->q.num, pct))
        return;
    int decimals = rate->q.num.decimals;
    /* Cut off rather than rounded (106.37 printed 106.3): a rounding slip, not a contradiction. */
    bool truncated = jx_cut_off_not_rounded(&rate->q.num, pct);
    jx_finding *f = jx_report_add(c->report, NULL, NULL, JX_CODE_narrative,
                                  truncated ? JX_SEV_INFO : JX_SEV_ERROR, line, NULL, label,
                                  "完成年初预算");
    if (f)
        f->declared = rate->q.num;
    jx_finding_computed(f, jx_decimal_round(pct, decimals), decimals, true);
    jx_decimal_format(e, sizeof e, pct, decimals);
    jx_finding_message(f, truncated ? "文字称“%s”完成年初预算的%s，所引支出决算/年初预算 = %s/%s，四舍五入应为%s%%（文中是截断的）。"
                                    : "文字称“%s”完成年初预算的%s，而所引支出决算/年初预算 = %s/%s = %s%%（四舍五入）。",
                       what, fmt_number(a, sizeof a, &rate->q.num), fmt_number(b, sizeof b, &final->q.num),
                       fmt_number(d, sizeof d, &initial->q.num), e);
}

/* (b), (c) 支出决算 against a row of the table (the finding's row is the table's: it outlives the prose). */
static void check_final(item_checker *c, const item_text *item, const char *what,
                        const figure *final, const jx_ledger_row *row)
{
    if (!final->said || row == NULL)
        return;
    const jx_value *v = jx_ledger_value(c->block, row, c->column);
    bool printed = v && v->num.kind == JX_NUM_VALUE && !v->num.percent;
    int64_t table = printed ? v->num.micros : 0;
    if (final->q.num.micros == table)
        return;
    bool tail = jx_rounding_tail(c->rules, final->q.num.micros - table, 1);
    jx_finding *f = jx_report_add(c->report, NULL, c->table, JX_CODE_narrative,
                                  tail ? JX_SEV_INFO : JX_SEV_ERROR, line_at(item, final->at), NULL,
                                  row->name[0] ? row->name : what, "支出决算");
    if (f)
        f->declared = final->q.num;
    jx_finding_computed(f, table, printed ? v->num.decimals : 2, false);
    char a[48], b[48];
    jx_decimal_format(b, sizeof b, table, printed ? v->num.decimals : 2);
    jx_finding_message(f, "文字称“%s”支出决算%s万元，而%s《%s》%s%s“%s”行（第%u行）的%s为%s万元%s", what,
                       fmt_number(a, sizeof a, &final->q.num), c->table->number, c->table->title,
                       row->code, row->code[0] ? " " : "", row->name, row->line, c->column->name,
                       printed ? b : "空白即0", tail ? "，相差在尾差范围内。" : "，文字与表格应一致。");
}

/* Whether a 项 row stands under the named 款 and 类 (the 类 when the prose names one). */
static bool under(const jx_ledger_block *blk, const jx_ledger_row *row, const char *class_name,
                  const char *kuan)
{
    char code[8];
    const jx_ledger_row *parent;
    snprintf(code, sizeof code, "%.5s", row->code);
    if ((parent = jx_ledger_row_coded(blk, code)) == NULL || !same_name(parent->name, kuan))
        return false;
    snprintf(code, sizeof code, "%.3s", row->code);
    return class_name[0] == '\0'
        || ((parent = jx_ledger_row_coded(blk, code)) != NULL && same_name(parent->name, class_name));
}

/*
 * The 项 row named under the named 类 and 款; NULL unless exactly one row
 * fits. A name printed as in the table wins; only without one does a name
 * that holds or is held by the table's count (行政单位医疗支出 for 行政单位医疗),
 * since 事业单位医疗 is held by 其他行政事业单位医疗支出 too.
 */
static const jx_ledger_row *item_row(const item_checker *c, const char *class_name,
                                     const char *kuan, const char *xiang)
{
    const jx_ledger_block *blk = c->block;
    for (int exact = 1; exact >= 0; exact--) {
        const jx_ledger_row *found = NULL;
        size_t matches = 0;
        for (size_t i = 0; i < blk->nrows; i++) {
            const jx_ledger_row *row = &blk->rows[i];
            bool named = exact ? strcmp(row->name, xiang) == 0 : same_name(row->name, xiang);
            if (row->digits == 7 && named && under(blk, row, class_name, kuan)) {
                found = row;
                matches++;
            }
        }
        if (matches > 0)
            return matches == 1 ? found : NULL;
    }
    return NULL;
}

/* One numbered item: its 类/款/项 names, then its three figures. */
static void check_item(item_checker *c, const item_text *item, const char *words, char *class_name,
                       size_t class_size)
{
    char cls[256] = "", kuan[256], xiang[256];
    const char *p = words, *next;
    if (name_before(p, "(类)", cls, sizeof cls, &next)) {
        p = next;
        jx_format(class_name, class_size, "%s", cls);
    }
    if (!name_before(p, "(款)", kuan, sizeof kuan, &next) || !name_before(next, "(项)", xiang, sizeof xiang, &p))
        return;
    figure initial = figure_after(c->forms, p, JX_FW_PI_INITIAL, false);
    figure final = figure_after(c->forms, p, JX_FW_PI_FINAL, false);
    figure rate = figure_after(c->forms, p, JX_FW_PI_RATE, true);
    const jx_ledger_row *row = c->table ? item_row(c, class_name, kuan, xiang) : NULL;
    /* A finding's row must outlive this item's text: the table's name, else the kind of row. */
    check_rate(c, item, row ? row->name : "功能分类科目（项）", xiang, &initial, &final, &rate);
    check_final(c, item, xiang, &final, row);
}

/* The sentence on the whole general budget: its percent, and 支出决算 against 合计. */
static void check_overall(item_checker *c, const item_text *item)
{
    const char *s = item->text;
    if (!jx_forms_match(c->forms, JX_FW_PI_OVERALL, s) || has(s, "(项)"))
        return;
    figure initial = figure_after(c->forms, s, JX_FW_PI_INITIAL, false);
    figure final = figure_after(c->forms, s, JX_FW_PI_FINAL, false);
    figure rate = figure_after(c->forms, s, JX_FW_PI_RATE, true);
    const char *what = "一般公共预算财政拨款支出";
    if (!initial.said && final.said) {
        /* 决算数大于预算数 55.93万元: the budget is the final figure less the gap. */
        figure above = figure_after(c->forms, s, JX_FW_PI_ABOVE_BUDGET, false);
        figure below = figure_after(c->forms, s, JX_FW_PI_BELOW_BUDGET, false);
        const figure *gap = above.said ? &above : below.said ? &below : NULL;
        if (gap != NULL) {
            initial = *gap;
            initial.q.num.micros = above.said ? final.q.num.micros - gap->q.num.micros
                                              : final.q.num.micros + gap->q.num.micros;
            if (initial.q.num.decimals < final.q.num.decimals)
                initial.q.num.decimals = final.q.num.decimals;
            what = above.said ? "一般公共预算财政拨款支出（年初预算按“决算数大于预算数”推得）"
                              : "一般公共预算财政拨款支出（年初预算按“决算数小于预算数”推得）";
        }
    }
    if (!initial.said || !final.said)
        return;
    check_rate(c, item, "一般公共预算财政拨款支出", what, &initial, &final, &rate);
    if (c->table)
        check_final(c, item, "一般公共预算财政拨款支出", &final, jx_ledger_total_row(c->block));
}

/* The table the items are read against and its total column. */
static void pick_table(item_checker *c, const jx_ledger_set *set)
{
    const jx_ledger *l = jx_ledger_find(set, JX_FORM_GENERAL);
    if (l == NULL || l->budget || l->nblocks == 0)
        l = jx_ledger_find(set, JX_FORM_EXPENSE);
    if (l == NULL || l->budget || l->nblocks == 0 || l->blocks[0].codes != JX_CODES_FUNCTIONAL
        || l->blocks[0].ncolumns == 0)
        return;
    c->table = l->table;
    c->block = &l->blocks[0];
    c->column = &c->block->columns[0];
    for (size_t k = 0; k < c->block->ncolumns; k++)
        if (c->block->columns[k].is_total) {
            c->column = &c->block->columns[k];
            break;
        }
}

/* Appends a line's text to an item; false when it does not fit. */
static bool append(item_text *item, const char *norm, uint32_t line)
{
    size_t used = strlen(item->text), n = strlen(norm);
    if (item->npieces == ITEM_LINES || used + n + 1 > sizeof item->text)
        return false;
    item->starts[item->npieces] = used;
    item->lines[item->npieces++] = line;
    memcpy(item->text + used, norm, n + 1);
    return true;
}

void jx_check_narrative_items(const jx_check_context *ctx)
{
    jx_report *report = ctx->report;
    const jx_document *doc = ctx->doc;
    const jx_rules *rules = ctx->rules;
    const jx_ledger_set *set = ctx->ledgers;
    item_checker c = {report, rules, doc->forms, NULL, NULL, NULL};
    pick_table(&c, set);
    const char *const *norms = ctx->prose_norms; /* NULL for table rows */
    char class_name[256] = "";
    item_text item;
    for (size_t i = 0; i < doc->nlines; i++) {
        const char *norm = norms[i];
        if (norm == NULL || norm[0] == '\0')
            continue;
        if (is_section_heading(norm))
            class_name[0] = '\0';
        const char *words = after_number(norm);
        bool overall = words == NULL && jx_forms_match(doc->forms, JX_FW_PI_OVERALL_LINE, norm);
        if (words == NULL && !overall)
            continue;
        if (words && has(words, "(类)") && !has(words, "(项)")) {
            /* 1. 社会保障和就业支出（类） heads the items (1)… below it. */
            const char *end;
            char cls[256];
            if (name_before(words, "(类)", cls, sizeof cls, &end) && end[0] == '\0')
                jx_format(class_name, sizeof class_name, "%s", cls);
            continue;
        }
        memset(&item, 0, sizeof item);
        append(&item, norm, doc->lines[i].line);
        /* Join the lines that continue the sentence, across blank lines. */
        for (size_t j = i + 1; j < doc->nlines && !ends_with(item.text, "。"); j++) {
            if (norms[j] == NULL)
                break;
            if (norms[j][0] == '\0')
                continue;
            if (after_number(norms[j]) || is_section_heading(norms[j])
                || !append(&item, norms[j], doc->lines[j].line))
                break;
            i = j;
        }
        if (overall)
            check_overall(&c, &item);
        else if (has(item.text, "(项)"))
            check_item(&c, &item, after_number(item.text), class_name, sizeof class_name);
    }
}
