/*
 * scorecard.c — a scorecard grid becomes a scorecard model.
 *
 * A scorecard is a stack of sections, each opened by a header row whose
 * words give the columns their roles (一级指标, 年度指标值, 分值, 得分 …):
 * identification, funds block, tasks, 资金管理情况, goals, indicators, 总分.
 * Column roles come from header words, never fixed positions, and each data
 * row is aligned to its header by the shift that fits its cells best: PDF
 * extraction drops merged cells and slides rows sideways, by one or more
 * columns, and the same card may do it differently on every row.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* How far a row may have slid against its header. */
#define MAX_SHIFT 4
#define MAX_ROLES 24

typedef enum {
    ROLE_L1, ROLE_L2, ROLE_L3, ROLE_TARGET, ROLE_ACTUAL, ROLE_WEIGHT, ROLE_SCORE,
    ROLE_DEVIATION, ROLE_NOTE,
    ROLE_INITIAL, ROLE_BUDGET, ROLE_EXECUTED, ROLE_RATE,
    ROLE_TASK_NAME, ROLE_TASK_CONTENT, ROLE_TASK_STATUS,
    ROLE_BUDGET_TOTAL, ROLE_BUDGET_FISCAL, ROLE_BUDGET_OTHER,
    ROLE_EXEC_TOTAL, ROLE_EXEC_FISCAL, ROLE_EXEC_OTHER,
    ROLE_DESCRIPTION,
    ROLE_TARGET_INITIAL, ROLE_COMPARATOR, ROLE_UNIT, ROLE_ITEM_SCORE, ROLE_COEFFICIENT,
    ROLE_UNREAD,
    ROLE_COUNT,
    ROLE_NONE = ROLE_COUNT /* fields.def: a field the reader works out itself */
} role;

/* What a role's cell should hold, for judging how well a row fits. */
typedef enum { FIT_TEXT, FIT_ANY, FIT_AMOUNT, FIT_RATE, FIT_FREE } fit_kind;

typedef struct {
    role r;
    size_t col;       /* 0-based column in the header */
    size_t span_end;  /* the role owns [col, span_end): merged header cells */
} role_col;

typedef struct {
    role_col cols[MAX_ROLES];
    size_t n;
    int shift;        /* the last row's shift, preferred on ties */
} layout;

typedef enum {
    SECTION_NONE, SECTION_FUNDS, SECTION_TARGET_FUNDS, SECTION_TASKS,
    SECTION_MANAGEMENT, SECTION_GOALS, SECTION_INDICATORS
} section;

/* ------------------------------------------------------------ words of the form */

static bool is(const char *norm, const char *word)
{
    return strcmp(norm, word) == 0;
}

static fit_kind role_fit(role r)
{
    switch (r) {
    case ROLE_L1: case ROLE_L2: case ROLE_L3: case ROLE_TASK_NAME:
    case ROLE_COMPARATOR: case ROLE_UNIT:
        return FIT_TEXT;
    case ROLE_TARGET: case ROLE_TARGET_INITIAL: case ROLE_ACTUAL: case ROLE_TASK_CONTENT:
    case ROLE_TASK_STATUS:
        return FIT_ANY;
    case ROLE_NOTE: case ROLE_DESCRIPTION: case ROLE_UNREAD:
        return FIT_FREE;
    case ROLE_RATE: case ROLE_DEVIATION: case ROLE_COEFFICIENT:
        return FIT_RATE;
    default:
        return FIT_AMOUNT;
    }
}

/* A section's header words (forms/scorecard.ini), in the order they are tried. */
typedef struct {
    jx_form_list words;
    role r;
} role_words;

static const role_words any_block_roles[] = {
    {JX_FW_ANY_WEIGHT, ROLE_WEIGHT}, {JX_FW_ANY_SCORE, ROLE_SCORE}, {JX_FW_ANY_RATE, ROLE_RATE},
    {JX_FW_ANY_UNREAD, ROLE_UNREAD}};
static const role_words indicator_roles[] = {
    {JX_FW_IND_L1, ROLE_L1}, {JX_FW_IND_L2, ROLE_L2}, {JX_FW_IND_L3, ROLE_L3},
    {JX_FW_IND_TARGET_INITIAL, ROLE_TARGET_INITIAL}, {JX_FW_IND_TARGET, ROLE_TARGET},
    {JX_FW_IND_ACTUAL, ROLE_ACTUAL}, {JX_FW_IND_COMPARATOR, ROLE_COMPARATOR},
    {JX_FW_IND_UNIT, ROLE_UNIT}, {JX_FW_IND_ITEM_SCORE, ROLE_ITEM_SCORE},
    {JX_FW_IND_COEFFICIENT, ROLE_COEFFICIENT},
    {JX_FW_IND_DEVIATION, ROLE_DEVIATION}, {JX_FW_IND_NOTE, ROLE_NOTE}};
static const role_words funds_roles[] = {
    {JX_FW_FUNDS_INITIAL, ROLE_INITIAL}, {JX_FW_FUNDS_BUDGET, ROLE_BUDGET},
    {JX_FW_FUNDS_EXECUTED, ROLE_EXECUTED}};
static const role_words task_roles[] = {
    {JX_FW_TASK_NAME, ROLE_TASK_NAME}, {JX_FW_TASK_CONTENT, ROLE_TASK_CONTENT},
    {JX_FW_TASK_STATUS, ROLE_TASK_STATUS}, {JX_FW_TASK_BUDGET, ROLE_BUDGET_TOTAL},
    {JX_FW_TASK_EXECUTED, ROLE_EXEC_TOTAL}};
static const role_words management_roles[] = {
    {JX_FW_MGMT_DESCRIPTION, ROLE_DESCRIPTION}, {JX_FW_MGMT_NOTE, ROLE_NOTE}};

static role role_among(const jx_forms *forms, const role_words *roles, size_t n,
                       const char *norm)
{
    for (size_t i = 0; i < n; i++)
        if (jx_forms_match(forms, roles[i].words, norm))
            return roles[i].r;
    return ROLE_COUNT;
}

#define ROLES_OF(a) (a), sizeof(a) / sizeof((a)[0])

/* The role a header cell names within a section; ROLE_COUNT for none. */
static role header_role(const jx_forms *forms, section s, const char *norm)
{
    if (norm[0] == '\0')
        return ROLE_COUNT;
    role r = role_among(forms, ROLES_OF(any_block_roles), norm);
    if (r != ROLE_COUNT)
        return r;
    switch (s) {
    case SECTION_INDICATORS: return role_among(forms, ROLES_OF(indicator_roles), norm);
    case SECTION_FUNDS: return role_among(forms, ROLES_OF(funds_roles), norm);
    case SECTION_TASKS: return role_among(forms, ROLES_OF(task_roles), norm);
    case SECTION_MANAGEMENT: return role_among(forms, ROLES_OF(management_roles), norm);
    default: return ROLE_COUNT;
    }
}

/* First-level indicator names of the national form and its regional variants
 * (forms/scorecard.ini [levels] level1). */
static bool is_level1_name(const jx_forms *forms, const char *name)
{
    return jx_forms_match(forms, JX_FW_LEVEL1, name);
}

/* Names that are only ever second-level, whatever column they slid into. */
static bool is_level2_only_name(const jx_forms *forms, const char *name)
{
    return jx_forms_match(forms, JX_FW_LEVEL2_ONLY, name);
}

/* ------------------------------------------------------------ rows */

static const char *first_filled(const jx_row *row, size_t *col)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (row->cells[c].norm[0] != '\0') {
            if (col)
                *col = c;
            return row->cells[c].norm;
        }
    return "";
}

/* Whether a cell of the row is one of the list's words. */
static bool row_has_word(const jx_forms *forms, const jx_row *row, jx_form_list list)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (jx_forms_match(forms, list, row->cells[c].norm))
            return true;
    return false;
}

static const jx_cell *cell_at(const jx_row *row, long col)
{
    return col >= 0 && (size_t)col < row->ncells ? &row->cells[col] : NULL;
}

static jx_value value_of(const jx_cell *cell)
{
    jx_value v = {cell, {0}};
    if (cell)
        jx_number_parse(cell->norm, &v.num);
    return v;
}

/* ------------------------------------------------------------ layouts */

static void layout_add(layout *lay, role r, size_t col)
{
    if (lay->n < MAX_ROLES)
        lay->cols[lay->n++] = (role_col){r, col, col + 1};
}

/* A role owns the merged cells after it, up to the next role's column. */
static void layout_close_spans(layout *lay, size_t width)
{
    for (size_t i = 0; i < lay->n; i++) {
        size_t end = width > lay->cols[i].col ? width : lay->cols[i].col + 1;
        for (size_t j = 0; j < lay->n; j++)
            if (lay->cols[j].col > lay->cols[i].col && lay->cols[j].col < end)
                end = lay->cols[j].col;
        lay->cols[i].span_end = end;
    }
}

static const role_col *layout_find(const layout *lay, role r);

/*
 * A header cell no word names may be one whose characters OCR interleaved
 * (年成值全完值 for 全年完成值): it takes the role whose word it scrambles,
 * if no other column has that role.
 */
static void layout_add_scrambled(const jx_forms *forms, layout *lay, const jx_row *header)
{
    for (size_t c = 0; c < header->ncells; c++) {
        const char *norm = header->cells[c].norm;
        if (norm[0] == '\0' || header_role(forms, SECTION_INDICATORS, norm) != ROLE_COUNT)
            continue;
        for (size_t i = 0; i < sizeof indicator_roles / sizeof indicator_roles[0]; i++) {
            role r = indicator_roles[i].r;
            if (layout_find(lay, r) == NULL
                && jx_forms_match_scrambled(forms, indicator_roles[i].words, norm)) {
                layout_add(lay, r, c);
                break;
            }
        }
    }
}

static layout layout_from_header(const jx_forms *forms, section s, const jx_row *header,
                                 size_t width)
{
    layout lay = {.n = 0, .shift = 0};
    bool unnamed = false;
    for (size_t c = 0; c < header->ncells; c++) {
        role r = header_role(forms, s, header->cells[c].norm);
        if (r != ROLE_COUNT)
            layout_add(&lay, r, c);
        else
            unnamed |= header->cells[c].norm[0] != '\0';
    }
    if (unnamed && s == SECTION_INDICATORS)
        layout_add_scrambled(forms, &lay, header);
    layout_close_spans(&lay, width);
    return lay;
}

/*
 * Department tasks put 总额/财政拨款/其他资金 under 全年预算数 and 全年执行数
 * in a second header row: each sub-column takes its group's role.
 */
static void layout_add_task_subheader(const jx_forms *forms, layout *lay, const jx_row *sub,
                                      size_t width)
{
    for (size_t c = 0; c < sub->ncells; c++) {
        const char *norm = sub->cells[c].norm;
        int part = jx_forms_match(forms, JX_FW_TASK_PART_TOTAL, norm)    ? 0
                 : jx_forms_match(forms, JX_FW_TASK_PART_FISCAL, norm) ? 1
                 : jx_forms_match(forms, JX_FW_TASK_PART_OTHER, norm)  ? 2
                                                                       : -1;
        if (part < 0)
            continue;
        role group = ROLE_COUNT;
        size_t group_col = 0;
        for (size_t i = 0; i < lay->n; i++)
            if ((lay->cols[i].r == ROLE_BUDGET_TOTAL || lay->cols[i].r == ROLE_EXEC_TOTAL)
                && lay->cols[i].col <= c && lay->cols[i].col >= group_col) {
                group = lay->cols[i].r;
                group_col = lay->cols[i].col;
            }
        if (group == ROLE_COUNT)
            continue;
        role r = (role)(group + part);
        bool known = false;
        for (size_t i = 0; i < lay->n; i++)
            if (lay->cols[i].r == r) {
                lay->cols[i].col = c; /* the sub-column is where the amount is */
                known = true;
            }
        if (!known)
            layout_add(lay, r, c);
    }
    layout_close_spans(lay, width);
}

/*
 * Two-row headers: a top cell spans the columns a second row names. The
 * groups are the forms' own: a target (年度指标值, 预期指标值) over its
 * comparator, value and unit (指标性质 | 指标值 | 度量单位), a score (自评得分)
 * over the item score, the weight and the converted score (单项指标得分 |
 * 权重占比 | 折算得分). The group a sub-header role belongs to, by the role of
 * its top cell; ROLE_COUNT for none.
 */
static role group_head(role sub)
{
    switch (sub) {
    case ROLE_COMPARATOR: case ROLE_UNIT: case ROLE_TARGET: case ROLE_TARGET_INITIAL:
        return ROLE_TARGET;
    case ROLE_ITEM_SCORE: case ROLE_WEIGHT: case ROLE_SCORE: case ROLE_COEFFICIENT:
        return ROLE_SCORE;
    default:
        return ROLE_COUNT;
    }
}

static bool heads_group(role top, role head)
{
    return head == ROLE_TARGET ? top == ROLE_TARGET || top == ROLE_TARGET_INITIAL
                               : top == head;
}

/*
 * A header printed over two rows whose levels stand in the lower one: the row
 * above names the columns the lower row leaves blank (绩效指标 … 年度指标值 …
 * 实际完成值 | 分值 | 得分 over 一级指标 | 二级指标 | 三级指标 | 指标性质 |
 * 指标值 | 度量单位). A column takes the lowest row's role; the row above
 * counts only if it names at least two indicator roles.
 */
static void layout_fill_from_above(const jx_forms *forms, layout *lay, const jx_row *above,
                                   size_t width)
{
    size_t named = 0;
    for (size_t c = 0; c < above->ncells; c++)
        named += header_role(forms, SECTION_INDICATORS, above->cells[c].norm) != ROLE_COUNT;
    if (named < 2)
        return;
    bool added = false;
    for (size_t c = 0; c < above->ncells; c++) {
        role r = header_role(forms, SECTION_INDICATORS, above->cells[c].norm);
        bool taken = r == ROLE_COUNT;
        for (size_t i = 0; i < lay->n && !taken; i++)
            taken = lay->cols[i].col == c || lay->cols[i].r == r
                 || (heads_group(r, ROLE_TARGET) && heads_group(lay->cols[i].r, ROLE_TARGET));
        if (!taken) {
            layout_add(lay, r, c);
            added = true;
        }
    }
    if (added)
        layout_close_spans(lay, width);
}

/* A second header row: every filled cell names a role of the section. */
static bool is_subheader(const jx_forms *forms, section s, const jx_row *row)
{
    size_t filled = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *norm = row->cells[c].norm;
        if (norm[0] == '\0')
            continue;
        if (header_role(forms, s, norm) == ROLE_COUNT)
            return false;
        filled++;
    }
    return filled > 0;
}

/* The sub-header cells that sit under the top cell at `col` (the last top
 * cell of their group at or left of them), in column order. */
static size_t group_members(const jx_forms *forms, section s, const jx_row *top, size_t col,
                            role head, const jx_row *sub, role *out, size_t max)
{
    size_t n = 0;
    for (size_t c = 0; c < sub->ncells && n < max; c++) {
        role r = header_role(forms, s, sub->cells[c].norm);
        if (r == ROLE_COUNT || group_head(r) != head)
            continue;
        size_t owner = SIZE_MAX, first = SIZE_MAX;
        for (size_t t = 0; t < top->ncells; t++)
            if (heads_group(header_role(forms, s, top->cells[t].norm), head)) {
                if (first == SIZE_MAX)
                    first = t;
                if (t <= c)
                    owner = t;
            }
        if ((owner == SIZE_MAX ? first : owner) == col)
            out[n++] = r;
    }
    return n;
}

/*
 * Rebuilds the layout from a header printed over two rows. The top row's
 * cells keep their order; a group cell is replaced by the roles under it.
 * Extraction keeps or drops the empty cells a merged top cell leaves, and
 * may drop the unnamed value cell between 符号 and 单位 too: the columns are
 * counted from the top row, each group taking as many as it has roles
 * (its own role put back between comparator and unit when no sub-cell
 * names it), less the empty top cells already standing for them.
 */
static void layout_merge_subheader(const jx_forms *forms, section s, layout *lay,
                                   const jx_row *top, const jx_row *sub, size_t width)
{
    layout merged = {.n = 0, .shift = 0};
    size_t extra = 0;
    for (size_t c = 0; c < top->ncells; c++) {
        role r = header_role(forms, s, top->cells[c].norm);
        if (r == ROLE_COUNT)
            continue;
        role head = heads_group(r, ROLE_TARGET) ? ROLE_TARGET : r == ROLE_SCORE ? ROLE_SCORE
                                                                                 : ROLE_COUNT;
        role leaves[MAX_ROLES];
        size_t k = head == ROLE_COUNT ? 0
                 : group_members(forms, s, top, c, head, sub, leaves, MAX_ROLES - 1);
        if (k == 0) {
            layout_add(&merged, r, c + extra);
            continue;
        }
        if (head == ROLE_TARGET) {
            bool named = false;
            size_t at = k;
            for (size_t i = 0; i < k; i++) {
                named |= leaves[i] == ROLE_TARGET || leaves[i] == ROLE_TARGET_INITIAL;
                if (leaves[i] == ROLE_COMPARATOR)
                    at = i + 1;
                else if (leaves[i] == ROLE_UNIT && at == k)
                    at = i;
            }
            if (!named) {
                memmove(leaves + at + 1, leaves + at, (k - at) * sizeof leaves[0]);
                leaves[at] = r;
                k++;
            }
        }
        size_t empty = 0;
        while (empty + 1 < k && c + 1 + empty < top->ncells
               && top->cells[c + 1 + empty].norm[0] == '\0')
            empty++;
        for (size_t i = 0; i < k; i++)
            layout_add(&merged, leaves[i], c + extra + i);
        extra += k - 1 - empty;
        c += empty;
    }
    /* A role the sub-header names is the one read; the top row's own cell of
     * that role (指标分值 beside 自评得分 over 权重占比) is read for nothing. */
    for (size_t i = 0; i < merged.n; i++)
        for (size_t j = i + 1; j < merged.n; j++)
            if (merged.cols[j].r == merged.cols[i].r)
                merged.cols[i].r = ROLE_UNREAD;
    layout_close_spans(&merged, width > top->ncells + extra ? width : top->ncells + extra);
    *lay = merged;
}

static const role_col *layout_find(const layout *lay, role r)
{
    for (size_t i = 0; i < lay->n; i++)
        if (lay->cols[i].r == r)
            return &lay->cols[i];
    return NULL;
}

static size_t layout_first_col(const layout *lay)
{
    size_t first = SIZE_MAX;
    for (size_t i = 0; i < lay->n; i++)
        if (lay->cols[i].col < first)
            first = lay->cols[i].col;
    return first;
}

/* ------------------------------------------------------------ alignment */

/* A bare number: no unit, no comparator. */
static bool is_plain_number(const jx_number *num)
{
    return num->kind == JX_NUM_VALUE && num->unit[0] == '\0' && num->cmp == JX_CMP_NONE;
}

static int fit_cell(fit_kind kind, const jx_number *num, bool filled)
{
    if (!filled)
        return 0;
    switch (kind) {
    case FIT_TEXT:
        /* "2023年度" is a name; a bare 10, 95% or ≤41万元 is not. */
        return is_plain_number(num) || (num->kind == JX_NUM_VALUE && num->cmp != JX_CMP_NONE)
            ? -2 : 1;
    case FIT_ANY:
        return 1;
    case FIT_AMOUNT:
        return is_plain_number(num) && !num->percent ? 2 : num->kind == JX_NUM_VALUE ? -1 : -3;
    case FIT_RATE:
        return is_plain_number(num) ? 2 : -3;
    case FIT_FREE:
        return 0;
    }
    return 0;
}

/* First-level names that never stand in the second-level column. */
static bool is_level1_only_name(const jx_forms *forms, const char *name)
{
    return is_level1_name(forms, name) && !jx_forms_match(forms, JX_FW_LEVEL1_OR_2, name);
}

/* Level names tell which column they belong in, wherever the row slid. */
static int fit_level(const jx_forms *forms, role r, const char *norm)
{
    /* 成本指标 is first-level in Henan and Qinghai, second-level in Shaanxi. */
    if (r == ROLE_L1)
        return is_level1_only_name(forms, norm) ? 2 : is_level2_only_name(forms, norm) ? -1 : 0;
    if (r == ROLE_L2)
        return is_level2_only_name(forms, norm) ? 2 : is_level1_only_name(forms, norm) ? -1 : 0;
    return 0;
}

/* Header columns up to this many have their owner looked up in a table;
 * a wider layout (never a real form) asks the roles column by column. */
#define OWNER_TABLE_MAX 128

/*
 * What judging a row's slides needs of the row and the layout, found once
 * for all the shifts tried: each cell's number and whether it is filled, the
 * level fit of its name (asked lazily: only text under a level role needs
 * it), and which role owns each header column.
 */
typedef struct {
    const jx_forms *forms;
    const jx_row *row;
    const layout *lay;
    const jx_number *nums;
    long first;                     /* layout_first_col, as a long */
    const role_col *target, *actual;
    size_t span;                    /* header columns in the table below */
    signed char owner[OWNER_TABLE_MAX]; /* index into lay->cols, -1 for none */
    signed char *level;             /* per cell: fit_level under L1 and L2, lazily */
} fit_context;

/* Marks a level fit not yet asked (fit_level gives -1..2). */
#define LEVEL_UNKNOWN 100

static const role_col *owner_of(const fit_context *fc, long hcol)
{
    if (fc->span > 0) {
        if (hcol < 0 || hcol >= (long)fc->span)
            return NULL;
        int i = fc->owner[hcol];
        return i < 0 ? NULL : &fc->lay->cols[i];
    }
    /* The last role whose columns hold hcol, as the table records it. */
    const role_col *owner = NULL;
    for (size_t i = 0; i < fc->lay->n; i++)
        if (hcol >= (long)fc->lay->cols[i].col && hcol < (long)fc->lay->cols[i].span_end)
            owner = &fc->lay->cols[i];
    return owner;
}

static int cell_level_fit(fit_context *fc, size_t c, role r)
{
    if (r != ROLE_L1 && r != ROLE_L2)
        return 0; /* fit_level judges the level columns only */
    signed char *slot = &fc->level[2 * c + (r == ROLE_L2)];
    if (*slot == LEVEL_UNKNOWN)
        *slot = (signed char)fit_level(fc->forms, r, fc->row->cells[c].norm);
    return *slot;
}

/* Target and actual are alike (same unit, both percents, or both words). */
static int fit_target_actual(const fit_context *fc, int shift)
{
    const jx_row *row = fc->row;
    const role_col *t = fc->target, *a = fc->actual;
    if (t == NULL || a == NULL)
        return 0;
    long tc = (long)t->col + shift, ac = (long)a->col + shift;
    if (!cell_at(row, tc) || !cell_at(row, ac) || row->cells[tc].norm[0] == '\0'
        || row->cells[ac].norm[0] == '\0')
        return 0;
    const jx_number *x = &fc->nums[tc], *y = &fc->nums[ac];
    if (x->kind != y->kind)
        return 0;
    if (x->kind != JX_NUM_VALUE)
        return 1;
    return x->percent == y->percent && strcmp(x->unit, y->unit) == 0;
}

/*
 * How well `row` reads when slid by `shift` against the layout: each cell
 * scores by what its role expects, a cell outside every role is lost, and
 * each column of slide costs a point, so a row stays put unless sliding
 * explains it clearly better.
 */
static int fit_score(fit_context *fc, int shift)
{
    const jx_row *row = fc->row;
    int score = -abs(shift);
    for (size_t c = 0; c < row->ncells; c++) {
        bool filled = row->cells[c].norm[0] != '\0';
        long hcol = (long)c - shift; /* the header column this cell falls under */
        const role_col *owner = owner_of(fc, hcol);
        if (owner == NULL) {
            /* Left of the roles is the row's label; elsewhere a cell is lost. */
            if (filled && hcol >= fc->first)
                score -= 1;
            continue;
        }
        fit_kind kind = role_fit(owner->r);
        if (hcol == (long)owner->col) {
            score += fit_cell(kind, &fc->nums[c], filled);
            if (filled && kind == FIT_TEXT)
                score += cell_level_fit(fc, c, owner->r);
        } else if (filled && kind == FIT_TEXT && fc->nums[c].kind == JX_NUM_VALUE) {
            score -= 1; /* a value in a name's merged cells belongs elsewhere */
        }
    }
    return score + fit_target_actual(fc, shift);
}

/*
 * The numbers of the row being read, parsed once: its slides are judged by
 * them and its fields read from them (a cell was parsed again for every
 * role that read it).
 */
typedef struct {
    const jx_row *row; /* whose cells nums holds; NULL for none yet */
    jx_number *nums;   /* malloc'd, cap of them */
    size_t cap;
} row_numbers;

/* The numbers of row's cells, NULL when memory runs out. */
static const jx_number *numbers_of(row_numbers *rn, const jx_row *row)
{
    if (rn->row == row)
        return rn->nums;
    if (row->ncells > rn->cap) {
        jx_number *nums = jx_grow(rn->nums, &rn->cap, row->ncells, sizeof *nums);
        if (nums == NULL)
            return NULL;
        rn->nums = nums;
    }
    for (size_t c = 0; c < row->ncells; c++)
        jx_number_parse(row->cells[c].norm, &rn->nums[c]);
    rn->row = row;
    return rn->nums;
}

static int best_shift(const jx_forms *forms, const jx_row *row, const layout *lay,
                      row_numbers *rn)
{
    signed char level_stack[2 * 64];
    bool small = row->ncells <= 64;
    const jx_number *nums = numbers_of(rn, row);
    signed char *level = small ? level_stack : malloc(2 * row->ncells);
    if (nums == NULL || level == NULL) {
        if (!small)
            free(level);
        return lay->shift;
    }
    memset(level, LEVEL_UNKNOWN, 2 * row->ncells);
    fit_context fc = {.forms = forms, .row = row, .lay = lay, .nums = nums,
                      .first = (long)layout_first_col(lay), .target = layout_find(lay, ROLE_TARGET),
                      .actual = layout_find(lay, ROLE_ACTUAL), .span = 0, .level = level};
    size_t span = 0;
    for (size_t i = 0; i < lay->n; i++)
        if (lay->cols[i].span_end > span)
            span = lay->cols[i].span_end;
    if (span <= OWNER_TABLE_MAX && lay->n <= 127) {
        memset(fc.owner, -1, span);
        for (size_t i = 0; i < lay->n; i++) /* later roles win, as owner_of's loop */
            for (size_t h = lay->cols[i].col; h < lay->cols[i].span_end; h++)
                fc.owner[h] = (signed char)i;
        fc.span = span;
    }
    int best = lay->shift, best_score = fit_score(&fc, lay->shift);
    for (int shift = -MAX_SHIFT; shift <= MAX_SHIFT; shift++) {
        /* The previous row's shift scored first: judged again it would tie
         * with itself or lose to a better one found meanwhile. */
        if (shift == lay->shift)
            continue;
        int score = fit_score(&fc, shift);
        /* Ties go to the previous row's shift, then to the smaller slide. */
        if (score > best_score
            || (score == best_score && best != lay->shift && abs(shift) < abs(best))) {
            best = shift;
            best_score = score;
        }
    }
    if (!small)
        free(level);
    return best;
}

/* The value of a role's cell; its number from rn when rn holds the row's. */
static jx_value role_value(const jx_row *row, const layout *lay, role r, int shift,
                           const row_numbers *rn)
{
    const role_col *rc = layout_find(lay, r);
    if (rc == NULL)
        return value_of(NULL);
    long col = (long)rc->col + shift;
    const jx_cell *cell = cell_at(row, col);
    if (cell != NULL && rn->row == row)
        return (jx_value){cell, rn->nums[col]};
    return value_of(cell);
}

/* The text of a role's cells, merged span included, joined by spaces. */
static const char *role_text(jx_arena *arena, const jx_row *row, const layout *lay,
                             role r, int shift)
{
    const role_col *rc = layout_find(lay, r);
    if (rc == NULL)
        return "";
    size_t len = 0;
    for (size_t c = rc->col; c < rc->span_end; c++) {
        const jx_cell *cell = cell_at(row, (long)c + shift);
        if (cell && cell->norm[0])
            len += strlen(cell->norm) + 1;
    }
    if (len == 0)
        return "";
    char *text = jx_arena_alloc(arena, len);
    if (text == NULL)
        return "";
    size_t n = 0;
    for (size_t c = rc->col; c < rc->span_end; c++) {
        const jx_cell *cell = cell_at(row, (long)c + shift);
        if (cell && cell->norm[0]) {
            if (n)
                text[n++] = ' ';
            size_t k = strlen(cell->norm);
            memcpy(text + n, cell->norm, k);
            n += k;
        }
    }
    text[n] = '\0';
    return text;
}

/* The row's label: the nearest text left of its first role after the shift. */
static const char *row_label(const jx_row *row, const layout *lay, int shift)
{
    long first = (long)layout_first_col(lay) + shift;
    for (long c = first - 1; c >= 0; c--) {
        const jx_cell *cell = cell_at(row, c);
        if (cell && cell->norm[0]) {
            jx_number num;
            if (jx_number_parse(cell->norm, &num) != JX_NUM_VALUE)
                return cell->norm;
        }
    }
    return "";
}

/* ------------------------------------------------------------ building */

typedef struct {
    jx_arena *arena;
    const jx_forms *forms;
    jx_scorecard *card;
    const jx_grid *grid;
    section current;
    layout lay;
    /* Merged 一级/二级 cells: the values above carry down. */
    const char *level1, *level2;
    const jx_cell *level1_cell;
    jx_value level2_weight;     /* the current second-level label's (15分) */
    /* A merged 一级/二级 cell of a workbook, Word file or page says which rows
     * it covers: the last line it reaches, 0 where the source gave no span
     * (text: a blank cell carries the name above down, as a merge would). */
    uint32_t level1_last_line, level2_last_line;
    bool expect_task_subheader;
    const jx_row *header;       /* the section's header row, for a second one under it */
    const jx_row *above;        /* the row read before this one */
    bool goal_seen_expected;
    row_numbers numbers;        /* the numbers of the row last judged */
} builder;

static const char *dup_str(jx_arena *arena, const char *s)
{
    const char *d = jx_arena_strndup(arena, s, strlen(s));
    return d ? d : "";
}

/* The start of a weight written after a name without brackets: the digits
 * (and decimal point) before a closing 分 (项目决策2分 → "2分"); NULL for none. */
static const char *bare_weight_start(const char *norm, size_t n)
{
    size_t fen = strlen("分");
    if (n <= fen || strcmp(norm + n - fen, "分") != 0)
        return NULL;
    size_t start = n - fen;
    while (start > 0 && ((norm[start - 1] >= '0' && norm[start - 1] <= '9') || norm[start - 1] == '.'))
        start--;
    return start < n - fen && start > 0 ? norm + start : NULL;
}

/* The points written in norm[0..len) (the text before a 分): a plain number,
 * no unit or percent. */
static bool points_in(const char *norm, size_t len, jx_number *out)
{
    char inner[32];
    if (len == 0 || len >= sizeof inner)
        return false;
    memcpy(inner, norm, len);
    inner[len] = '\0';
    return jx_number_parse(inner, out) == JX_NUM_VALUE && out->unit[0] == '\0' && !out->percent;
}

/* "产出指标(50分)" → name 产出指标, weight 50; "项目决策2分" likewise. */
static void split_declared_weight(jx_arena *arena, const char *norm, jx_category *cat)
{
    const char *open = strrchr(norm, '(');
    size_t n = strlen(norm);
    cat->name = dup_str(arena, norm);
    bool bracketed = open != NULL && n >= 4 && strcmp(norm + n - 4, "分)") == 0;
    const char *weight = bracketed ? open + 1 : bare_weight_start(norm, n);
    if (weight == NULL)
        return;
    size_t len = (size_t)(norm + n - strlen(bracketed ? "分)" : "分") - weight);
    if (!points_in(weight, len, &cat->declared_weight))
        return;
    cat->has_declared_weight = true;
    cat->name = jx_arena_strndup(arena, norm, (size_t)((bracketed ? open : weight) - norm));
    if (cat->name == NULL)
        cat->name = "";
}

static size_t category_index(builder *b, const char *level1, const jx_cell *cell)
{
    jx_category probe = {0};
    split_declared_weight(b->arena, level1, &probe);
    for (size_t i = 0; i < b->card->ncategories; i++)
        if (is(b->card->categories[i].name, probe.name))
            return i;
    probe.cell = cell;
    b->card->categories[b->card->ncategories] = probe;
    return b->card->ncategories++;
}

static const char *join_texts(jx_arena *arena, const char *a, const char *b)
{
    if (a[0] == '\0')
        return b;
    if (b[0] == '\0')
        return a;
    size_t x = strlen(a), y = strlen(b);
    char *s = jx_arena_alloc(arena, x + y + 2);
    if (s == NULL)
        return a;
    memcpy(s, a, x);
    s[x] = ' ';
    memcpy(s + x + 1, b, y + 1);
    return s;
}

/*
 * Puts the level names of a slid row back where they belong: a second-level
 * name (数量指标, 社会效益指标 …) never is a first-level one, and a name in the
 * first-level column that is no first-level name continues the current one.
 */
static void settle_levels(builder *b, const char **l1, const char **l2, const char **l3)
{
    bool declared = (*l1)[0] && strstr(*l1, "分)") != NULL;
    if ((*l1)[0] && !declared
        && (is_level2_only_name(b->forms, *l1)
            || (!is_level1_name(b->forms, *l1) && b->level1 != NULL))) {
        *l3 = join_texts(b->arena, *l2, *l3);
        *l2 = *l1;
        *l1 = "";
    }
    /* Content slid into the second-level column under a known second level. */
    if ((*l2)[0] && (*l3)[0] == '\0' && (*l1)[0] == '\0' && b->level2 != NULL
        && !is_level2_only_name(b->forms, *l2)) {
        *l3 = *l2;
        *l2 = "";
    }
}

/* The header role each field of fields.def is read from; ROLE_NONE for the
 * fields the builders below work out themselves. */
static const role field_roles[JX_FIELD_COUNT] = {
#define JX_FIELD(block, type, member, holds, style, role, header) \
    [JX_FIELD_##block##_##member] = ROLE_##role,
#include "fields.def"
};

/* The fields of a row of `block` that their roles' columns fill: `out` is the row. */
static void read_role_fields(builder *b, const jx_row *row, int shift, jx_card_block block,
                             void *out)
{
    jx_field_list fields = jx_block_fields(block);
    for (size_t i = 0; i < fields.n; i++) {
        const jx_field *f = &fields.fields[i];
        role r = field_roles[f->id];
        if (r == ROLE_NONE)
            continue;
        char *member = (char *)out + f->offset;
        if (f->holds == JX_HOLDS_VALUE)
            *(jx_value *)member = role_value(row, &b->lay, r, shift, &b->numbers);
        else
            *(const char **)member = role_text(b->arena, row, &b->lay, r, shift);
    }
}

/* The comparator a cell holds alone (≥, >=, 不低于): what the number grammar
 * reads before a bare number. 定量指标 in a 指标性质 column is none. */
static jx_comparator comparator_only(const char *norm)
{
    char probe[64];
    size_t n = strlen(norm);
    if (n == 0 || n + 2 > sizeof probe)
        return JX_CMP_NONE;
    memcpy(probe, norm, n);
    memcpy(probe + n, "1", 2);
    jx_number num;
    bool alone = jx_number_parse(probe, &num) == JX_NUM_VALUE && num.unit[0] == '\0'
        && !num.percent && num.micros == 1000000;
    return alone ? num.cmp : JX_CMP_NONE;
}

/*
 * Forms that print the comparator and the unit in columns of their own
 * (>= | 98 | %(百分比)) state one value: it is read joined, ≥98%, so the
 * checks see what a form with one column would say. The unit's gloss in
 * parentheses (%(百分比)) is the form's explanation, not the unit. The joined
 * cell stands where the number does.
 */
static jx_value joined_value(builder *b, jx_value v, const jx_cell *cmp, const jx_cell *unit)
{
    if (v.cell == NULL || v.num.kind != JX_NUM_VALUE)
        return v;
    jx_comparator comparator = cmp && v.num.cmp == JX_CMP_NONE
        ? comparator_only(cmp->norm) : JX_CMP_NONE;
    const char *prefix = jx_comparator_symbol(comparator);
    size_t unit_len = 0;
    if (unit && v.num.unit[0] == '\0' && !v.num.percent) {
        const char *gloss = strchr(unit->norm, '(');
        unit_len = gloss ? (size_t)(gloss - unit->norm) : strlen(unit->norm);
    }
    if (prefix[0] == '\0' && unit_len == 0)
        return v;
    size_t p = strlen(prefix), n = strlen(v.cell->norm);
    char *text = jx_arena_alloc(b->arena, p + n + unit_len + 1);
    jx_cell *cell = jx_arena_alloc(b->arena, sizeof *cell);
    if (text == NULL || cell == NULL)
        return v;
    memcpy(text, prefix, p);
    memcpy(text + p, v.cell->norm, n);
    if (unit_len > 0)
        memcpy(text + p + n, unit->norm, unit_len);
    text[p + n + unit_len] = '\0';
    jx_value joined = {cell, {0}};
    if (jx_number_parse(text, &joined.num) != JX_NUM_VALUE)
        return v;
    *cell = (jx_cell){.text = text, .norm = text, .line = v.cell->line, .col = v.cell->col,
                      .rowspan = 1, .colspan = 1};
    return joined;
}

static const jx_cell *role_cell(const jx_row *row, const layout *lay, role r, int shift)
{
    const role_col *rc = layout_find(lay, r);
    const jx_cell *cell = rc ? cell_at(row, (long)rc->col + shift) : NULL;
    return cell && cell->norm[0] ? cell : NULL;
}

/* The target in force: the adjusted one (调整指标值) where filled, else the one
 * set at the start of the year (年初指标值); comparator and unit joined. */
static void read_target_and_actual(builder *b, const jx_row *row, int shift, jx_indicator *ind)
{
    if (ind->target.num.kind == JX_NUM_EMPTY) {
        jx_value initial = role_value(row, &b->lay, ROLE_TARGET_INITIAL, shift, &b->numbers);
        if (initial.cell != NULL)
            ind->target = initial;
    }
    const jx_cell *cmp = role_cell(row, &b->lay, ROLE_COMPARATOR, shift);
    const jx_cell *unit = role_cell(row, &b->lay, ROLE_UNIT, shift);
    ind->target = joined_value(b, ind->target, cmp, unit);
    ind->actual = joined_value(b, ind->actual, NULL, unit);
}

/* The last line a merged cell covers; 0 for a cell with no span of rows. */
static uint32_t span_last_line(const jx_cell *cell)
{
    return cell != NULL && cell->rowspan > 1 ? cell->line + cell->rowspan - 1 : 0;
}

static void add_indicator(builder *b, const jx_row *row)
{
    size_t first = 0;
    if (jx_forms_match(b->forms, JX_FW_LEVEL_SUBTOTAL, first_filled(row, &first)))
        return; /* a group's 小计: it sums the rows above */
    int shift = best_shift(b->forms, row, &b->lay, &b->numbers);
    b->lay.shift = shift;
    jx_indicator ind = {0};
    const char *l1 = role_text(b->arena, row, &b->lay, ROLE_L1, shift);
    const char *l2 = role_text(b->arena, row, &b->lay, ROLE_L2, shift);
    const char *l3 = role_text(b->arena, row, &b->lay, ROLE_L3, shift);
    /* Past the rows its span covers, a blank level cell is blank: the name
     * above does not carry down. A cell that held a slid name is no blank. */
    bool l1_blank = !l1[0] && shift == 0, l2_blank = !l2[0] && shift == 0; /* a slid row's cells are guesses */
    settle_levels(b, &l1, &l2, &l3);
    if (l1_blank && b->level1_last_line && row->line > b->level1_last_line) {
        b->level1 = NULL;
        b->level1_cell = NULL;
        b->level1_last_line = 0;
    }
    if (l2_blank && !l2[0] && b->level2_last_line && row->line > b->level2_last_line) {
        b->level2 = NULL;
        b->level2_weight = (jx_value){0};
        b->level2_last_line = 0;
    }
    if (l1[0]) {
        const role_col *rc = layout_find(&b->lay, ROLE_L1);
        b->level1 = l1;
        b->level1_cell = rc ? cell_at(row, (long)rc->col + shift) : NULL;
        b->level1_last_line = span_last_line(b->level1_cell);
        b->level2 = NULL;
        b->level2_weight = (jx_value){0};
        b->level2_last_line = 0;
    }
    if (l2[0]) {
        b->level2_last_line = span_last_line(role_cell(row, &b->lay, ROLE_L2, shift));
        /* 数量指标15分: the group's weight, the name without it. */
        jx_category label = {0};
        split_declared_weight(b->arena, l2, &label);
        b->level2 = label.name;
        b->level2_weight = (jx_value){0};
        if (label.has_declared_weight) {
            b->level2_weight.num = label.declared_weight;
            b->level2_weight.cell = role_cell(row, &b->lay, ROLE_L2, shift);
        }
    }
    ind.level1 = b->level1 ? b->level1 : "";
    ind.level2 = b->level2 ? b->level2 : "";
    ind.level2_weight = b->level2_weight;
    ind.level3 = l3;
    ind.line = row->line;
    read_role_fields(b, row, shift, JX_BLOCK_indicators, &ind);
    read_target_and_actual(b, row, shift, &ind);
    b->card->has_reason_column |= layout_find(&b->lay, ROLE_NOTE) != NULL;
    ind.placeholder = l3[0] == '\0' && ind.target.num.kind == JX_NUM_EMPTY
        && ind.actual.num.kind == JX_NUM_EMPTY && ind.weight.num.kind == JX_NUM_EMPTY
        && ind.score.num.kind == JX_NUM_EMPTY;
    ind.part = ind.weight.num.kind == JX_NUM_EMPTY && l3[0] != '\0'
        && jx_forms_match(b->forms, JX_FW_LEVEL_PART, l3);
    ind.category = category_index(b, ind.level1, b->level1_cell);
    b->card->indicators[b->card->nindicators++] = ind;
}

static void add_funds_row(builder *b, const jx_row *row)
{
    int shift = best_shift(b->forms, row, &b->lay, &b->numbers);
    b->lay.shift = shift;
    jx_funds_row f = {0};
    f.label = row_label(row, &b->lay, shift);
    f.line = row->line;
    f.is_total = jx_forms_match(b->forms, JX_FW_FUNDS_TOTAL_ROW, f.label);
    read_role_fields(b, row, shift, JX_BLOCK_funds, &f);
    b->card->funds[b->card->nfunds++] = f;
}

/* A target table's 资金金额 rows: a label and one amount, no header. */
static void add_target_funds_row(builder *b, const jx_row *row)
{
    jx_funds_row f = {0};
    f.line = row->line;
    size_t first = 0;
    first_filled(row, &first);
    for (size_t c = 0; c < row->ncells; c++) {
        const jx_cell *cell = &row->cells[c];
        jx_value v = value_of(cell);
        if (v.num.kind == JX_NUM_VALUE && f.budget.cell == NULL)
            f.budget = v;
        else if (v.num.kind == JX_NUM_TEXT && !(c == first && jx_forms_match(b->forms, JX_FW_TFUNDS_OPENS, cell->norm)))
            f.label = f.label ? f.label : cell->norm;
    }
    if (f.label == NULL)
        f.label = "";
    f.is_total = jx_forms_match(b->forms, JX_FW_TFUNDS_TOTAL_ROW, f.label);
    b->card->funds[b->card->nfunds++] = f;
}

static void add_task(builder *b, const jx_row *row)
{
    int shift = best_shift(b->forms, row, &b->lay, &b->numbers);
    b->lay.shift = shift;
    jx_task_row t = {0};
    read_role_fields(b, row, shift, JX_BLOCK_tasks, &t);
    if (t.name[0] == '\0') /* a form without a 任务名称 column names the task in its label */
        t.name = row_label(row, &b->lay, shift);
    t.line = row->line;
    t.is_total = jx_forms_match(b->forms, JX_FW_TASK_TOTAL_ROW, t.name);
    b->card->tasks[b->card->ntasks++] = t;
}

static void add_management_row(builder *b, const jx_row *row)
{
    int shift = best_shift(b->forms, row, &b->lay, &b->numbers);
    b->lay.shift = shift;
    jx_management_row m = {0};
    m.item = row_label(row, &b->lay, shift);
    read_role_fields(b, row, shift, JX_BLOCK_management, &m);
    m.line = row->line;
    b->card->management[b->card->nmanagement++] = m;
}

/* Goal rows hold the expected goal first, then what was achieved. */
static void add_goal_text(builder *b, const jx_row *row)
{
    for (size_t c = 0; c < row->ncells; c++) {
        const char *norm = row->cells[c].norm;
        if (norm[0] == '\0')
            continue;
        if (jx_forms_match(b->forms, JX_FW_GOALS_SKIP, norm)) {
            /* the block's own label, the first one that opens it */
            if (b->card->goal_label[0] == '\0' && jx_forms_match(b->forms, JX_FW_GOALS_OPENS, norm))
                b->card->goal_label = norm;
            continue;
        }
        if (b->card->goal_expected[0] == '\0')
            b->card->goal_expected = norm;
        else if (b->card->goal_actual[0] == '\0')
            b->card->goal_actual = norm;
    }
}

/* The 总分 row: total weight and score under the indicators' 分值 and 得分. */
static void set_total(builder *b, const jx_row *row)
{
    b->card->total_line = row->line;
    if (layout_find(&b->lay, ROLE_WEIGHT) && layout_find(&b->lay, ROLE_SCORE)) {
        layout totals = {.n = 0, .shift = b->lay.shift};
        layout_add(&totals, ROLE_WEIGHT, layout_find(&b->lay, ROLE_WEIGHT)->col);
        layout_add(&totals, ROLE_SCORE, layout_find(&b->lay, ROLE_SCORE)->col);
        layout_close_spans(&totals, 0);
        totals.shift = 0;
        int shift = best_shift(b->forms, row, &totals, &b->numbers);
        b->card->total_weight = role_value(row, &totals, ROLE_WEIGHT, shift, &b->numbers);
        b->card->total_score = role_value(row, &totals, ROLE_SCORE, shift, &b->numbers);
        return;
    }
    /* No header to go by: the last two numbers are 分值 and 得分. */
    const jx_cell *found[2] = {NULL, NULL};
    for (size_t c = 0; c < row->ncells; c++) {
        jx_number num;
        if (jx_number_parse(row->cells[c].norm, &num) == JX_NUM_VALUE) {
            found[0] = found[1];
            found[1] = &row->cells[c];
        }
    }
    b->card->total_weight = value_of(found[0]);
    b->card->total_score = value_of(found[1]);
}

/* The value cell after a label in an identification row, up to the next label
 * (a word of the list stop; JX_FW_COUNT for none). */
static const char *id_value(const jx_forms *forms, const jx_row *row, size_t from,
                            jx_form_list stop)
{
    for (size_t c = from + 1; c < row->ncells; c++) {
        const char *norm = row->cells[c].norm;
        if (stop != JX_FW_COUNT && jx_forms_match(forms, stop, norm))
            return "";
        if (norm[0])
            return norm;
    }
    return "";
}

/* The total a header row prints after its label (自评总分 | 97.6, 项目总得分 | 99分);
 * true when the row holds one. */
static bool read_header_total(builder *b, const jx_row *row)
{
    for (size_t c = 0; c < row->ncells; c++) {
        if (!jx_forms_match(b->forms, JX_FW_ID_TOTAL, row->cells[c].norm))
            continue;
        for (size_t k = c + 1; k < row->ncells; k++) {
            const char *norm = row->cells[k].norm;
            if (norm[0] == '\0')
                continue;
            jx_value v = value_of(&row->cells[k]);
            if (v.num.kind == JX_NUM_VALUE && !v.num.percent
                && (v.num.unit[0] == '\0' || strcmp(v.num.unit, "分") == 0))
                b->card->header_total = v;
            break;
        }
        return true;
    }
    return false;
}

static bool read_identification(builder *b, const jx_row *row)
{
    size_t first = 0;
    const char *label = first_filled(row, &first);
    bool has_total = read_header_total(b, row);
    if (has_total && jx_forms_match(b->forms, JX_FW_ID_TOTAL, label))
        return true;
    if (jx_forms_match(b->forms, JX_FW_ID_NAME, label)) {
        b->card->name = id_value(b->forms, row, first, JX_FW_COUNT);
        return true;
    }
    if (jx_forms_match(b->forms, JX_FW_ID_DEPARTMENT, label)) {
        b->card->department = id_value(b->forms, row, first, JX_FW_ID_IMPLEMENTER);
        for (size_t c = first + 1; c < row->ncells; c++)
            if (jx_forms_match(b->forms, JX_FW_ID_IMPLEMENTER, row->cells[c].norm))
                b->card->implementer = id_value(b->forms, row, c, JX_FW_COUNT);
        return true;
    }
    return false;
}

/* The points a header cell declares: 预算执行情况(20分), 得分(20分*执行率). */
static bool declared_points(const char *norm, jx_number *out)
{
    for (const char *open = strchr(norm, '('); open != NULL; open = strchr(open + 1, '(')) {
        const char *mark = strstr(open + 1, "分");
        if (mark != NULL && points_in(open + 1, (size_t)(mark - (open + 1)), out)
            && out->cmp == JX_CMP_NONE)
            return true;
    }
    return false;
}

static void open_section(builder *b, section s, const jx_row *header)
{
    for (size_t c = 0; s == SECTION_FUNDS && !b->card->has_execution_weight && c < header->ncells; c++)
        b->card->has_execution_weight = declared_points(header->cells[c].norm, &b->card->execution_weight);
    b->current = s;
    b->lay = layout_from_header(b->forms, s, header, b->grid->ncols);
    b->expect_task_subheader = s == SECTION_TASKS;
    b->header = s == SECTION_INDICATORS || s == SECTION_FUNDS ? header : NULL;
}

/* An indicators header: 一级指标, or a list of indicators by name with the
 * value to reach (指标名称 … 年初指标值), which has no levels. */
static bool is_indicators_header(const jx_forms *forms, const jx_row *row)
{
    return row_has_word(forms, row, JX_FW_IND_L1)
        || (row_has_word(forms, row, JX_FW_IND_L3)
            && (row_has_word(forms, row, JX_FW_IND_TARGET)
                || row_has_word(forms, row, JX_FW_IND_TARGET_INITIAL)));
}

/* A funds header: what was spent against a budget, the one in force or, on
 * forms that print only that, the one set at the start of the year. */
static bool is_funds_header(const jx_forms *forms, const jx_row *row)
{
    return row_has_word(forms, row, JX_FW_FUNDS_EXECUTED)
        && (row_has_word(forms, row, JX_FW_FUNDS_BUDGET)
            || row_has_word(forms, row, JX_FW_FUNDS_INITIAL));
}

/* Reads one row: a section header opens a section, anything else is its data. */
static void read_row(builder *b, const jx_row *row)
{
    size_t first = 0;
    const char *lead = first_filled(row, &first);
    if (lead[0] == '\0')
        return;
    if (b->expect_task_subheader && row_has_word(b->forms, row, JX_FW_TASK_PART_TOTAL)) {
        layout_add_task_subheader(b->forms, &b->lay, row, b->grid->ncols);
        b->expect_task_subheader = false;
        return;
    }
    b->expect_task_subheader = false;
    const jx_row *header = b->header;
    b->header = NULL;
    if (header != NULL && is_subheader(b->forms, b->current, row)
        && !is_indicators_header(b->forms, row)) {
        layout_merge_subheader(b->forms, b->current, &b->lay, header, row, b->grid->ncols);
        return;
    }
    if (jx_forms_match(b->forms, JX_FW_TOTAL_OPENS, lead)) {
        set_total(b, row);
        b->current = SECTION_NONE;
    } else if (jx_forms_match(b->forms, JX_FW_TRAILER_OPENS, lead)) {
        b->current = SECTION_NONE; /* under the form: no block's rows */
    } else if (read_identification(b, row)) {
        b->current = SECTION_NONE;
    } else if (is_indicators_header(b->forms, row)) {
        open_section(b, SECTION_INDICATORS, row);
        if (b->above != NULL)
            layout_fill_from_above(b->forms, &b->lay, b->above, b->grid->ncols);
        b->level1 = b->level2 = NULL;
    } else if (row_has_word(b->forms, row, JX_FW_TASK_NAME)) {
        open_section(b, SECTION_TASKS, row);
    } else if (is_funds_header(b->forms, row)) {
        open_section(b, SECTION_FUNDS, row);
    } else if (jx_forms_match(b->forms, JX_FW_MGMT_OPENS, lead)) {
        open_section(b, SECTION_MANAGEMENT, row);
    } else if (jx_forms_match(b->forms, JX_FW_TFUNDS_OPENS, lead)) {
        b->current = SECTION_TARGET_FUNDS;
        add_target_funds_row(b, row);
    } else if (b->current != SECTION_INDICATORS
               && (jx_forms_match(b->forms, JX_FW_GOALS_OPENS, lead)
                   || row_has_word(b->forms, row, JX_FW_GOALS_OPENS_ANY_CELL))) {
        b->current = SECTION_GOALS;
        add_goal_text(b, row);
    } else {
        switch (b->current) {
        case SECTION_INDICATORS: add_indicator(b, row); break;
        case SECTION_FUNDS: add_funds_row(b, row); break;
        case SECTION_TARGET_FUNDS: add_target_funds_row(b, row); break;
        case SECTION_TASKS: add_task(b, row); break;
        case SECTION_MANAGEMENT: add_management_row(b, row); break;
        case SECTION_GOALS: add_goal_text(b, row); break;
        case SECTION_NONE: break;
        }
    }
}

/*
 * A form with no 分值 column declares weights on its second-level labels
 * (湖北: 数量指标15分 | 采购设备 | … | 自评分): a group's one indicator with no
 * weight of its own has the group's. Several indicators share it in a way
 * the form does not say, so they keep none.
 */
static void weights_from_level2(jx_scorecard *card)
{
    for (size_t i = 0; i < card->nindicators;) {
        jx_indicator *first = &card->indicators[i];
        size_t end = i + 1, members = !first->part && !first->placeholder;
        while (end < card->nindicators && card->indicators[end].level2 == first->level2
               && card->indicators[end].level1 == first->level1) {
            members += !card->indicators[end].part && !card->indicators[end].placeholder;
            end++;
        }
        if (members == 1 && first->level2_weight.num.kind == JX_NUM_VALUE)
            for (size_t k = i; k < end; k++) {
                jx_indicator *ind = &card->indicators[k];
                if (!ind->part && !ind->placeholder && ind->weight.num.kind == JX_NUM_EMPTY) {
                    ind->weight = ind->level2_weight;
                    ind->weight_from_level2 = true;
                }
            }
        i = end;
    }
}

static bool is_scorecard_kind(jx_table_kind kind)
{
    return kind == JX_KIND_PROJECT || kind == JX_KIND_DEPARTMENT
        || kind == JX_KIND_SPECIAL_FUND || kind == JX_KIND_TARGET;
}

/* A list built in scratch memory, kept in the arena at its size: a card's
 * lists are sized by its rows while it is read (each row yields at most one
 * item of one kind), but hold a fraction of them. NULL when memory runs out. */
static void *keep(jx_arena *arena, void *scratch, size_t n, size_t size)
{
    void *kept = jx_arena_alloc(arena, (n ? n : 1) * size);
    if (kept != NULL && n > 0)
        memcpy(kept, scratch, n * size);
    free(scratch);
    return kept;
}

jx_status jx_scorecard_build(jx_arena *arena, const jx_forms *forms, jx_table *table)
{
    if (!is_scorecard_kind(table->kind))
        return JX_OK;
    size_t n = table->grid.nrows ? table->grid.nrows : 1;
    jx_scorecard *card = jx_arena_alloc(arena, sizeof *card);
    if (card == NULL)
        return JX_ERR_NOMEM;
    card->funds = malloc(n * sizeof(jx_funds_row));
    card->tasks = malloc(n * sizeof(jx_task_row));
    card->management = malloc(n * sizeof(jx_management_row));
    card->categories = malloc(n * sizeof(jx_category));
    card->indicators = malloc(n * sizeof(jx_indicator));
    if (!card->funds || !card->tasks || !card->management || !card->categories
        || !card->indicators) {
        free(card->funds);
        free(card->tasks);
        free(card->management);
        free(card->categories);
        free(card->indicators);
        return JX_ERR_NOMEM;
    }
    card->table = table;
    card->kind = table->kind;
    card->name = card->department = card->implementer = "";
    card->goal_expected = card->goal_actual = card->goal_label = "";
    builder b = {.arena = arena, .forms = forms, .card = card, .grid = &table->grid};
    for (size_t r = 0; r < table->grid.nrows; r++) {
        b.above = r > 0 ? &table->grid.rows[r - 1] : NULL;
        read_row(&b, &table->grid.rows[r]);
    }
    free(b.numbers.nums);
    card->funds = keep(arena, card->funds, card->nfunds, sizeof(jx_funds_row));
    card->tasks = keep(arena, card->tasks, card->ntasks, sizeof(jx_task_row));
    card->management = keep(arena, card->management, card->nmanagement, sizeof(jx_management_row));
    card->categories = keep(arena, card->categories, card->ncategories, sizeof(jx_category));
    card->indicators = keep(arena, card->indicators, card->nindicators, sizeof(jx_indicator));
    if (!card->funds || !card->tasks || !card->management || !card->categories
        || !card->indicators)
        return JX_ERR_NOMEM;
    weights_from_level2(card);
    table->scorecard = card;
    return JX_OK;
}
