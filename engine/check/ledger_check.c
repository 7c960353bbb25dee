/*
 * ledger_check.c — the sums of the financial tables: parents against their
 * children (hier_sum), a row's total column against its parts
 * (column_identity), the two sides of a two-sided table (balance) and the
 * identities between tables (cross_table, DOMAIN.md § 4).
 *
 * Amounts are printed rounded to 0.01 万元, so a sum of printed items may
 * miss its printed total by a rounding tail (尾差); within the rule set's
 * tolerance that is an info, beyond it an error.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    jx_report *report;
    const jx_rules *rules;
    const jx_ledger_set *set;
    const jx_forms *forms;      /* the document's: the words of its rows and columns */
    /*
     * Cells a sum found wrong and what the sum says they should hold: a
     * parent's sum counts the corrected child, and a later identity blames
     * the wrong cell rather than its row's total.
     */
    struct bad_cell {
        const jx_cell *cell;
        int64_t expected;
    } *bad;
    size_t nbad, bad_cap;
    /*
     * An open-addressing index of `bad` by cell (entry index + 1, 0 empty;
     * a power of two, at most half full): every sum looks its children up
     * here, and a scan of the list made a table with many wrong rows
     * quadratic.
     */
    size_t *bad_slots;
    size_t bad_nslots;
} checker;

/* ------------------------------------------------------------ helpers */

static int64_t abs64(int64_t v)
{
    return v < 0 ? -v : v;
}

static bool has_value(const jx_value *v)
{
    return v != NULL && v->num.kind == JX_NUM_VALUE && !v->num.percent;
}

static int64_t amount(const jx_value *v)
{
    return has_value(v) ? v->num.micros : 0;
}

static const char *fmt(char *buf, size_t size, int64_t micros, int decimals)
{
    jx_decimal_format(buf, size, micros, decimals);
    return buf;
}

static const char *fmt_value(char *buf, size_t size, const jx_value *v)
{
    if (!has_value(v)) {
        jx_format(buf, size, "空白");
        return buf;
    }
    return fmt(buf, size, v->num.micros, v->num.decimals);
}

/* What a list of summed values adds up to. */
typedef struct {
    int64_t sum;
    bool overflow;    /* the sum reached JX_AMOUNT_LIMIT: it is not judged */
    size_t items;     /* values that carry an amount other than 0 */
    size_t printed;   /* values printed at all */
    int decimals;
} tally;

static void tally_add(tally *t, const jx_value *v)
{
    if (!has_value(v))
        return;
    jx_sum_add(&t->sum, v->num.micros, &t->overflow);
    t->printed++;
    t->items += v->num.micros != 0;
    if (v->num.decimals > t->decimals)
        t->decimals = v->num.decimals;
}

static size_t bad_slot_of(const jx_cell *cell, size_t nslots)
{
    /* Fibonacci hashing of the address: cells are arena objects, so the low bits repeat. */
    uint64_t h = (uint64_t)(uintptr_t)cell * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (nslots - 1);
}

static const struct bad_cell *find_bad(const checker *c, const jx_cell *cell)
{
    if (cell == NULL || c->bad_nslots == 0)
        return NULL;
    for (size_t s = bad_slot_of(cell, c->bad_nslots);; s = (s + 1) & (c->bad_nslots - 1)) {
        size_t e = c->bad_slots[s];
        if (e == 0)
            return NULL;
        if (c->bad[e - 1].cell == cell)
            return &c->bad[e - 1];
    }
}

/* Indexes entry `e` (0-based) unless its cell is indexed already: the first entry answers. */
static void bad_index(size_t *slots, size_t nslots, const struct bad_cell *bad, size_t e)
{
    size_t s = bad_slot_of(bad[e].cell, nslots);
    while (slots[s] != 0) {
        if (bad[slots[s] - 1].cell == bad[e].cell)
            return;
        s = (s + 1) & (nslots - 1);
    }
    slots[s] = e + 1;
}

static void mark_bad(checker *c, const jx_cell *cell, int64_t expected)
{
    if (cell == NULL)
        return;
    struct bad_cell *grown = jx_grow(c->bad, &c->bad_cap, c->nbad + 1, sizeof *c->bad);
    if (grown == NULL) {
        c->report->failed = true;
        return;
    }
    c->bad = grown;
    if (2 * (c->nbad + 1) > c->bad_nslots) {
        size_t nslots = c->bad_nslots ? 2 * c->bad_nslots : 64;
        size_t *slots = calloc(nslots, sizeof *slots);
        if (slots == NULL) {
            c->report->failed = true;
            return;
        }
        for (size_t e = 0; e < c->nbad; e++)
            bad_index(slots, nslots, c->bad, e);
        free(c->bad_slots);
        c->bad_slots = slots;
        c->bad_nslots = nslots;
    }
    c->bad[c->nbad] = (struct bad_cell){cell, expected};
    bad_index(c->bad_slots, c->bad_nslots, c->bad, c->nbad);
    c->nbad++;
}

static bool is_bad(const checker *c, const jx_cell *cell)
{
    return find_bad(c, cell) != NULL;
}

/*
 * Adds a child to a parent's sum. A child left blank over items that add up
 * counts as its items say; a printed child counts as printed, since either
 * it or its items may be the wrong ones, and its parent is judged on what
 * the table shows.
 */
static void tally_child(const checker *c, tally *t, const jx_value *v)
{
    const struct bad_cell *bad = v && !has_value(v) ? find_bad(c, v->cell) : NULL;
    if (bad == NULL) {
        tally_add(t, v);
        return;
    }
    jx_sum_add(&t->sum, bad->expected, &t->overflow);
    t->printed++;
    t->items += bad->expected != 0;
    if (t->decimals < 2)
        t->decimals = 2;
}

/*
 * Compares a declared amount with the sum it should be. Returns the finding
 * (NULL when they agree): an error, or an info for a rounding tail.
 */
static jx_finding *compare_sum(checker *c, const jx_table *table, jx_code code,
                               const jx_value *declared, uint32_t line, const tally *t,
                               const char *row, const char *column)
{
    if (t->overflow) {
        /* Said once, and no sum message follows: the caller sees agreement. */
        jx_report_overflow(c->report, NULL, table, line, declared ? declared->cell : NULL, row,
                           column);
        return NULL;
    }
    int64_t diff = amount(declared) - t->sum;
    if (diff == 0)
        return NULL;
    bool tail = has_value(declared) && jx_rounding_tail(c->rules, diff, t->items);
    jx_finding *f = jx_report_add_value(c->report, NULL, table, code,
                                        tail ? JX_SEV_INFO : JX_SEV_ERROR, line, declared, row,
                                        column);
    int d = t->decimals > 0 ? t->decimals : 2;
    if (declared && has_value(declared) && declared->num.decimals > d)
        d = declared->num.decimals;
    jx_finding_computed(f, t->sum, d, false);
    if (!tail && declared)
        mark_bad(c, declared->cell, t->sum);
    return f;
}

/* The sentence closing a sum message: the gap, and whether it is a tail. */
static void close_message(char *out, size_t size, const checker *c, const jx_finding *f,
                          const jx_value *declared, const tally *t)
{
    char a[48], b[48];
    int64_t diff = amount(declared) - t->sum;
    if (f->severity == JX_SEV_INFO)
        jx_format(out, size, "相差%s，在%zu项金额各按%s万元四舍五入可能产生的尾差之内。",
                 fmt(a, sizeof a, abs64(diff), 2), t->items,
                 fmt(b, sizeof b, c->rules->amount_tolerance, 2));
    else if (!has_value(declared))
        jx_format(out, size, "该栏空白，应填%s。", fmt(a, sizeof a, t->sum, 2));
    else
        jx_format(out, size, "相差%s，超出尾差范围。", fmt(a, sizeof a, abs64(diff), 2));
}

/* ------------------------------------------------------------ hier_sum: codes */

/*
 * A parent code's children are the rows whose code is the parent's and two
 * more digits. Rows are grouped by code once (sorted, then searched), so a
 * table of n coded rows costs n·log n rather than a scan of every row for
 * each parent. Parents printed twice with one code form one group: each is
 * judged on the same children, as each was when it scanned the table.
 */
typedef struct {
    const char *code;
    size_t row;
} coded_row;

static int coded_row_cmp(const void *a, const void *b)
{
    const coded_row *x = a, *y = b;
    int d = strcmp(x->code, y->code);
    return d ? d : (x->row > y->row) - (x->row < y->row);
}

/* The group (index into `groups`) whose code is the first `digits` of `code`; SIZE_MAX if none. */
static size_t parent_group(const coded_row *groups, size_t ngroups, const char *code, size_t digits)
{
    size_t lo = 0, hi = ngroups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strncmp(groups[mid].code, code, digits);
        if (d == 0 && groups[mid].code[digits] != '\0')
            d = 1; /* a longer code sorts after its prefix */
        if (d == 0)
            return mid;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

static void check_code_parents(checker *c, const jx_ledger *l, const jx_ledger_block *blk)
{
    size_t n = blk->nrows;
    if (n == 0)
        return;
    coded_row *groups = malloc(n * sizeof *groups);    /* 款 groups, then 类 groups */
    size_t *group_of = malloc(n * sizeof *group_of);   /* a parent's group */
    size_t *parent_of = malloc(n * sizeof *parent_of); /* a child's parent group, SIZE_MAX */
    size_t *children = calloc(n, sizeof *children);
    tally *tallies = malloc(n * sizeof *tallies);
    if (!groups || !group_of || !parent_of || !children || !tallies) {
        c->report->failed = true;
        goto done;
    }
    static const int levels[2] = {5, 3};
    size_t first[3] = {0}; /* groups of levels[i] are [first[i], first[i + 1]) */
    for (size_t li = 0; li < 2; li++) {
        size_t from = first[li], m = from;
        for (size_t i = 0; i < n; i++)
            if (blk->rows[i].digits == levels[li])
                groups[m++] = (coded_row){blk->rows[i].code, i};
        qsort(groups + from, m - from, sizeof *groups, coded_row_cmp);
        /* One group per distinct code; group_of maps each parent row to it. */
        size_t distinct = from;
        for (size_t g = from; g < m; g++) {
            if (distinct == from || strcmp(groups[distinct - 1].code, groups[g].code) != 0)
                groups[distinct++] = groups[g];
            group_of[groups[g].row] = distinct - 1;
        }
        first[li + 1] = distinct;
    }
    for (size_t i = 0; i < n; i++) {
        int d = blk->rows[i].digits;
        size_t li = d == 7 ? 0 : d == 5 ? 1 : 2;
        parent_of[i] = SIZE_MAX;
        if (li < 2) {
            size_t g = parent_group(groups + first[li], first[li + 1] - first[li],
                                    blk->rows[i].code, (size_t)levels[li]);
            if (g != SIZE_MAX) {
                parent_of[i] = first[li] + g;
                children[parent_of[i]]++;
            }
        }
    }
    for (size_t k = 0; k < blk->ncolumns; k++) {
        const jx_ledger_column *col = &blk->columns[k];
        /* 款 before 类, so that a 类 counts its 款 as their own 项 say they should be. */
        for (size_t li = 0; li < 2; li++) {
            memset(tallies + first[li], 0, (first[li + 1] - first[li]) * sizeof *tallies);
            for (size_t i = 0; i < n; i++)
                if (blk->rows[i].digits == levels[li] + 2 && parent_of[i] != SIZE_MAX)
                    tally_child(c, &tallies[parent_of[i]], &blk->rows[i].values[k]);
            for (size_t p = 0; p < n; p++) {
                const jx_ledger_row *parent = &blk->rows[p];
                if (parent->digits != levels[li])
                    continue;
                const tally *t = &tallies[group_of[p]];
                const jx_value *v = &parent->values[k];
                /* Children listed without amounts in this column say nothing about it. */
                if (children[group_of[p]] == 0 || t->printed == 0)
                    continue;
                jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, v, parent->line, t,
                                            parent->name, col->name);
                if (f == NULL)
                    continue;
                char a[48], b[48], tail[256];
                close_message(tail, sizeof tail, c, f, v, t);
                jx_finding_message(f, "科目“%s %s”的%s为%s，而其%zu个下级科目之和为%s；%s",
                                   parent->code, parent->name, col->name, fmt_value(a, sizeof a, v),
                                   children[group_of[p]], fmt(b, sizeof b, t->sum, 2), tail);
            }
        }
    }
done:
    free(groups);
    free(group_of);
    free(parent_of);
    free(children);
    free(tallies);
}

/* 合计 against the 类 (or economic class) rows. */
static void check_code_total(checker *c, const jx_ledger *l, const jx_ledger_block *blk)
{
    const jx_ledger_row *total = jx_ledger_total_row(blk);
    if (total == NULL)
        return;
    for (size_t k = 0; k < blk->ncolumns; k++) {
        tally t = {0};
        size_t classes = 0;
        for (size_t i = 0; i < blk->nrows; i++)
            if (blk->rows[i].digits == 3) {
                classes++;
                tally_child(c, &t, &blk->rows[i].values[k]);
            }
        if (classes == 0 || (t.printed == 0 && !has_value(&total->values[k])))
            continue;
        const jx_value *v = &total->values[k];
        jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, v, total->line, &t, total->name,
                                    blk->columns[k].name);
        if (f == NULL)
            continue;
        char a[48], b[48], tail[256];
        close_message(tail, sizeof tail, c, f, v, &t);
        jx_finding_message(f, "“%s”行的%s为%s，而%zu个类级科目之和为%s；%s", total->name,
                           blk->columns[k].name, fmt_value(a, sizeof a, v), classes,
                           fmt(b, sizeof b, t.sum, 2), tail);
    }
}

/* 人员经费合计 = 301 + 303; 公用经费合计 = the other classes (DOMAIN.md § 4). */
static void check_staff_office(checker *c, const jx_ledger *l)
{
    if (l->nblocks == 0 || l->blocks[0].codes != JX_CODES_ECONOMIC || l->form != JX_FORM_BASIC_DETAIL)
        return;
    const jx_ledger_block *blk = &l->blocks[0];
    tally staff = {0}, office = {0};
    for (size_t i = 0; i < blk->nrows; i++) {
        const jx_ledger_row *row = &blk->rows[i];
        if (row->digits != 3)
            continue;
        bool is_staff = strcmp(row->code, "301") == 0 || strcmp(row->code, "303") == 0;
        tally_add(is_staff ? &staff : &office, &row->values[0]);
    }
    struct {
        const jx_value *v;
        const tally *t;
        const char *name, *parts;
    } totals[] = {{&l->staff_total, &staff, "人员经费合计", "301工资福利支出与303对个人和家庭的补助"},
                  {&l->office_total, &office, "公用经费合计", "301、303以外各类经济科目"}};
    for (size_t i = 0; i < 2; i++) {
        if (totals[i].v->cell == NULL)
            continue;
        jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, totals[i].v, totals[i].v->cell->line,
                                    totals[i].t, totals[i].name, blk->columns[0].name);
        if (f == NULL)
            continue;
        char a[48], b[48], tail[256];
        close_message(tail, sizeof tail, c, f, totals[i].v, totals[i].t);
        jx_finding_message(f, "%s为%s，而%s之和为%s；%s", totals[i].name,
                           fmt_value(a, sizeof a, totals[i].v), totals[i].parts,
                           fmt(b, sizeof b, totals[i].t->sum, 2), tail);
    }
}

/* ------------------------------------------------------------ hier_sum: outlines */

/* Rows of a two-sided table carried into 总计 besides the year's total. */
static bool is_carry_row(const jx_forms *forms, const jx_ledger_row *row)
{
    return row->outline == JX_OUTLINE_NONE && !row->is_total && !row->is_grand_total
        && jx_forms_match(forms, JX_FW_LR_CARRY, row->name);
}

/* A numbered item against the items one level below it (1、 against its (1)…). */
static void check_outline_parents(checker *c, const jx_ledger *l, const jx_ledger_block *blk,
                                  size_t k, size_t from, size_t to)
{
    /* Deepest items first, so that a parent counts its children as their own items say. */
    for (size_t p = to; p-- > from;) {
        const jx_ledger_row *parent = &blk->rows[p];
        if (parent->outline == JX_OUTLINE_NONE)
            continue;
        tally t = {0};
        size_t children = 0;
        for (size_t i = p + 1; i < to; i++) {
            const jx_ledger_row *row = &blk->rows[i];
            if (row->outline != JX_OUTLINE_NONE && row->outline <= parent->outline)
                break;
            if (row->outline == parent->outline + 1) {
                children++;
                tally_child(c, &t, &row->values[k]);
            }
        }
        if (children == 0 || t.printed == 0)
            continue;
        const jx_value *v = &parent->values[k];
        jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, v, parent->line, &t, parent->name,
                                    blk->columns[k].name);
        if (f == NULL)
            continue;
        char a[48], b[48], tail[256];
        close_message(tail, sizeof tail, c, f, v, &t);
        jx_finding_message(f, "“%s”的%s为%s，而其下%zu项之和为%s；%s", parent->name,
                           blk->columns[k].name, fmt_value(a, sizeof a, v), children,
                           fmt(b, sizeof b, t.sum, 2), tail);
    }
}

static void check_outline_block(checker *c, const jx_ledger *l, const jx_ledger_block *blk)
{
    for (size_t k = 0; k < blk->ncolumns; k++) {
        size_t start = 0;
        const jx_ledger_row *year_total = NULL;
        for (size_t i = 0; i < blk->nrows; i++) {
            const jx_ledger_row *row = &blk->rows[i];
            if (row->is_total && year_total == NULL) {
                /* The year's total: the items of the highest outline level above it. */
                int top = JX_OUTLINE_NONE;
                for (size_t j = start; j < i; j++)
                    if (blk->rows[j].outline != JX_OUTLINE_NONE
                        && (top == JX_OUTLINE_NONE || blk->rows[j].outline < top))
                        top = blk->rows[j].outline;
                tally t = {0};
                check_outline_parents(c, l, blk, k, start, i);
                for (size_t j = start; j < i; j++)
                    if (top != JX_OUTLINE_NONE && blk->rows[j].outline == top)
                        tally_child(c, &t, &blk->rows[j].values[k]);
                year_total = row;
                if (top == JX_OUTLINE_NONE || (t.printed == 0 && !has_value(&row->values[k])))
                    continue;
                jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, &row->values[k], row->line, &t,
                                            row->name, blk->columns[k].name);
                if (f) {
                    char a[48], b[48], tail[256];
                    close_message(tail, sizeof tail, c, f, &row->values[k], &t);
                    jx_finding_message(f, "“%s”的%s为%s，而上列各项之和为%s；%s", row->name,
                                       blk->columns[k].name, fmt_value(a, sizeof a, &row->values[k]),
                                       fmt(b, sizeof b, t.sum, 2), tail);
                }
            } else if (row->is_grand_total && year_total != NULL) {
                tally t = {0};
                tally_add(&t, &year_total->values[k]);
                size_t ycount = (size_t)(year_total - blk->rows);
                for (size_t j = ycount + 1; j < i; j++) {
                    if (jx_forms_match(c->forms, JX_FW_LR_AMONG, blk->rows[j].name))
                        break; /* what follows breaks down the row above */
                    if (is_carry_row(c->forms, &blk->rows[j]))
                        tally_add(&t, &blk->rows[j].values[k]);
                }
                if (t.printed == 0 && !has_value(&row->values[k]))
                    break;
                jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, &row->values[k], row->line, &t,
                                            row->name, blk->columns[k].name);
                if (f) {
                    char a[48], b[48], tail[256];
                    close_message(tail, sizeof tail, c, f, &row->values[k], &t);
                    jx_finding_message(f, "“%s”的%s为%s，而“%s”与结转结余各行之和为%s；%s", row->name,
                                       blk->columns[k].name, fmt_value(a, sizeof a, &row->values[k]),
                                       year_total->name, fmt(b, sizeof b, t.sum, 2), tail);
                }
                break;
            }
        }
    }
}

/* The two sides of a two-sided table close on the same 总计. */
static void check_balance(checker *c, const jx_ledger *l)
{
    const jx_value *first = NULL;
    const jx_ledger_block *first_blk = NULL;
    for (size_t b = 0; b < l->nblocks; b++) {
        const jx_ledger_block *blk = &l->blocks[b];
        if (blk->ncolumns == 0)
            continue;
        for (size_t i = 0; i < blk->nrows; i++) {
            if (!blk->rows[i].is_grand_total)
                continue;
            const jx_value *v = &blk->rows[i].values[0];
            if (!has_value(v))
                break;
            if (first == NULL) {
                first = v;
                first_blk = blk;
            } else if (v->num.micros != first->num.micros) {
                jx_finding *f = jx_report_add_value(c->report, NULL, l->table, JX_CODE_balance,
                                                    JX_SEV_ERROR, 0, v, blk->rows[i].name,
                                                    blk->columns[0].name);
                jx_finding_computed(f, first->num.micros, first->num.decimals, false);
                char a[48], b2[48];
                jx_finding_message(f, "%s方总计为%s，而%s方总计为%s，两方应相等。", blk->side,
                                   fmt_value(a, sizeof a, v), first_blk->side,
                                   fmt_value(b2, sizeof b2, first));
            }
            break;
        }
    }
}

/* 表10: the unit's row against its numbered projects. */
static void check_project_list(checker *c, const jx_ledger *l)
{
    if (l->form != JX_FORM_SPECIAL_PROJECTS || l->nblocks == 0)
        return;
    const jx_ledger_block *blk = &l->blocks[0];
    for (size_t k = 0; k < blk->ncolumns; k++)
        for (size_t p = 0; p < blk->nrows; p++) {
            const jx_ledger_row *unit = &blk->rows[p];
            if (unit->outline != JX_OUTLINE_NONE)
                continue;
            tally t = {0};
            size_t items = 0;
            for (size_t i = p + 1; i < blk->nrows && blk->rows[i].outline != JX_OUTLINE_NONE; i++) {
                items++;
                tally_add(&t, &blk->rows[i].values[k]);
            }
            if (items == 0)
                continue;
            jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, &unit->values[k], unit->line, &t,
                                        unit->name, blk->columns[k].name);
            if (f) {
                char a[48], b[48], tail[256];
                close_message(tail, sizeof tail, c, f, &unit->values[k], &t);
                jx_finding_message(f, "“%s”的%s为%s，而其下%zu个项目之和为%s；%s", unit->name,
                                   blk->columns[k].name, fmt_value(a, sizeof a, &unit->values[k]),
                                   items, fmt(b, sizeof b, t.sum, 2), tail);
            }
        }
}

/* ------------------------------------------------------------ hier_sum: 政府采购 */

/* Whether a row stands below `parent` in a procurement table's hierarchy. */
static bool procurement_child(const jx_ledger_row *parent, const jx_ledger_row *row)
{
    if (parent->outline != JX_OUTLINE_NONE)
        return row->outline == parent->outline + 1;
    /* Under 合计 or a unit: the items bought, which carry neither a code nor an outline. */
    return row->code[0] == '\0' && row->outline == JX_OUTLINE_NONE && !row->is_total;
}

/* Whether a row closes the rows under `parent`: a row of its own level or above, another unit. */
static bool procurement_ends(const jx_ledger_row *parent, const jx_ledger_row *row)
{
    if (row->among)
        return false;
    if (parent->outline != JX_OUTLINE_NONE)
        return row->is_total || row->code[0]
            || (row->outline != JX_OUTLINE_NONE && row->outline <= parent->outline);
    if (row->is_total)
        return true;
    /* A unit's sub-units (962 → 962001) stand inside it; any other unit ends it. */
    return row->code[0] && !parent->is_total
        && strncmp(row->code, parent->code, strlen(parent->code)) != 0;
}

/* 其中 row against the row it breaks down: a part cannot exceed its whole. */
static void check_procurement_part(checker *c, const jx_ledger *l, const jx_ledger_block *blk,
                                   size_t i, size_t k)
{
    const jx_ledger_row *part = &blk->rows[i], *whole = NULL;
    for (size_t j = i; j-- > 0;)
        if (!blk->rows[j].among) {
            whole = &blk->rows[j];
            break;
        }
    const jx_value *pv = &part->values[k];
    const jx_value *wv = whole ? &whole->values[k] : NULL;
    if (whole == NULL || !has_value(pv) || amount(pv) <= amount(wv))
        return;
    jx_finding *f = jx_report_add_value(c->report, NULL, l->table, JX_CODE_hier_sum, JX_SEV_ERROR,
                                        part->line, pv, part->name, blk->columns[k].name);
    jx_finding_computed(f, amount(wv), 2, false);
    char a[48], b[48];
    jx_finding_message(f, "“%s”为%s，超过了它所属的“%s”（%s）；其中数不能大于总数。", part->name,
                       fmt_value(a, sizeof a, pv), whole->name, fmt_value(b, sizeof b, wv));
}

/*
 * 政府采购 tables: 合计 and each unit against the items under it, an
 * outline item ((一) 合计) against its numbered items (1. 货物 + 2. 工程 +
 * 3. 服务), and a 其中 row no larger than its whole — column by column.
 */
static void check_procurement(checker *c, const jx_ledger *l)
{
    if (l->form != JX_FORM_PROCUREMENT || l->nblocks == 0)
        return;
    const jx_ledger_block *blk = &l->blocks[0];
    for (size_t k = 0; k < blk->ncolumns; k++)
        for (size_t p = 0; p < blk->nrows; p++) {
            const jx_ledger_row *parent = &blk->rows[p];
            if (parent->among) {
                check_procurement_part(c, l, blk, p, k);
                continue;
            }
            if (!parent->is_total && parent->code[0] == '\0' && parent->outline == JX_OUTLINE_NONE)
                continue;
            tally t = {0};
            size_t items = 0;
            for (size_t i = p + 1; i < blk->nrows && !procurement_ends(parent, &blk->rows[i]); i++)
                if (!blk->rows[i].among && procurement_child(parent, &blk->rows[i])) {
                    items++;
                    tally_add(&t, &blk->rows[i].values[k]);
                }
            if (items == 0 || t.printed == 0)
                continue;
            jx_finding *f = compare_sum(c, l->table, JX_CODE_hier_sum, &parent->values[k], parent->line,
                                        &t, parent->name, blk->columns[k].name);
            if (f == NULL)
                continue;
            char a[48], b[48], tail[256];
            /* 数量 counts pieces: whole numbers, which no rounding of 万元 excuses. */
            bool count = jx_forms_match(c->forms, JX_FW_LC_COUNT, blk->columns[k].name);
            if (count) {
                jx_finding_computed(f, t.sum, 0, false);
                jx_format(tail, sizeof tail, "件数应一致。");
            } else {
                close_message(tail, sizeof tail, c, f, &parent->values[k], &t);
            }
            jx_finding_message(f, "“%s%s%s”的%s为%s，而其下%zu项之和为%s；%s", parent->code,
                               parent->code[0] ? " " : "", parent->name, blk->columns[k].name,
                               fmt_value(a, sizeof a, &parent->values[k]), items,
                               fmt(b, sizeof b, t.sum, count ? 0 : 2), tail);
        }
}

/* ------------------------------------------------------------ column_identity */

/* The columns a total column sums: those after it under the same header, up to the next total. */
static size_t parts_of(const jx_ledger_block *blk, size_t k, size_t *parts, size_t max)
{
    size_t n = 0;
    for (size_t j = k + 1; j < blk->ncolumns && n < max; j++) {
        if (blk->columns[j].is_total || strcmp(blk->columns[j].group, blk->columns[k].group) != 0)
            break;
        parts[n++] = j;
    }
    return n;
}

static void check_row_identity(checker *c, const jx_ledger *l, const jx_ledger_block *blk,
                               const jx_ledger_row *row, size_t k, const size_t *parts, size_t nparts)
{
    const jx_value *total = &row->values[k];
    tally t = {0};
    const jx_value *suspect = NULL;
    size_t nsuspects = 0;
    for (size_t i = 0; i < nparts; i++) {
        const jx_value *v = &row->values[parts[i]];
        tally_add(&t, v);
        if (has_value(v) && is_bad(c, v->cell)) {
            suspect = v;
            nsuspects++;
        }
    }
    /* Parts not printed at all are not shown, not zero. */
    if (t.printed == 0 || t.overflow)
        return;
    int64_t diff = amount(total) - t.sum;
    if (diff == 0)
        return;
    char names[256] = "", a[48], b[48], tail[256];
    for (size_t i = 0; i < nparts; i++) {
        size_t used = strlen(names);
        jx_format(names + used, sizeof names - used, "%s%s", i ? "、" : "", blk->columns[parts[i]].name);
    }
    bool tail_ok = has_value(total) && jx_rounding_tail(c->rules, diff, t.items);
    if (!tail_ok && nsuspects == 1 && !is_bad(c, total->cell)) {
        /* The total agrees with its column; the part that a sum found wrong is at fault. */
        int64_t others = t.sum - suspect->num.micros, expected = 0; /* both below the limit */
        if (!jx_decimal_sub(amount(total), others, &expected))
            return;
        size_t col = 0;
        for (size_t i = 0; i < nparts; i++)
            if (&row->values[parts[i]] == suspect)
                col = parts[i];
        jx_finding *f = jx_report_add_value(c->report, NULL, l->table, JX_CODE_column_identity,
                                            JX_SEV_ERROR, 0, suspect, row->name,
                                            blk->columns[col].name);
        jx_finding_computed(f, expected, 2, false);
        jx_finding_message(f, "“%s”行的%s应为%s − 其余各栏 = %s，表中为%s（%s之和应等于%s）。", row->name,
                           blk->columns[col].name, fmt_value(a, sizeof a, total),
                           fmt(b, sizeof b, expected, 2), fmt_value(tail, sizeof tail, suspect), names,
                           blk->columns[k].name);
        return;
    }
    jx_finding *f = compare_sum(c, l->table, JX_CODE_column_identity, total, row->line, &t, row->name,
                                blk->columns[k].name);
    if (f == NULL)
        return;
    close_message(tail, sizeof tail, c, f, total, &t);
    jx_finding_message(f, "“%s”行的%s为%s，而%s之和为%s；%s", row->name, blk->columns[k].name,
                       fmt_value(a, sizeof a, total), names, fmt(b, sizeof b, t.sum, 2), tail);
}

static void check_columns(checker *c, const jx_ledger *l, const jx_ledger_block *blk)
{
    for (size_t k = 0; k < blk->ncolumns; k++) {
        if (!blk->columns[k].is_total)
            continue;
        size_t parts[16];
        size_t nparts = parts_of(blk, k, parts, 16);
        if (nparts < 2)
            continue;
        for (size_t i = 0; i < blk->nrows; i++)
            check_row_identity(c, l, blk, &blk->rows[i], k, parts, nparts);
    }
}

/* ------------------------------------------------------------ column_identity: “三公” */

/* The column of an instance with this role, NULL if the table has none. */
static const jx_ledger_column *public_column(const jx_ledger_block *blk, size_t instance,
                                             jx_public_role role)
{
    for (size_t k = 0; k < blk->ncolumns; k++)
        if (blk->columns[k].instance == instance && blk->columns[k].role == role)
            return &blk->columns[k];
    return NULL;
}

static size_t public_instances(const jx_ledger_block *blk)
{
    size_t n = 0;
    for (size_t k = 0; k < blk->ncolumns; k++)
        if (blk->columns[k].instance + 1 > n)
            n = blk->columns[k].instance + 1;
    return n;
}

/* The row's name in a message: its label, else what its instance holds. */
static const char *public_row_name(const jx_ledger_row *row, const jx_ledger_column *col)
{
    return row->name[0] ? row->name : col->group;
}

/* One nesting of a “三公” row: `total` against `parts` (a missing car column counts its items). */
static void check_public_sum(checker *c, const jx_ledger *l, const jx_ledger_block *blk,
                             const jx_ledger_row *row, size_t instance, jx_public_role total_role,
                             const jx_public_role *parts, size_t nparts)
{
    const jx_ledger_column *total_col = public_column(blk, instance, total_role);
    if (total_col == NULL)
        return;
    tally t = {0};
    char names[256] = "";
    size_t named = 0;
    for (size_t i = 0; i < nparts; i++) {
        const jx_ledger_column *col = public_column(blk, instance, parts[i]);
        if (col == NULL && parts[i] == JX_PUBLIC_CAR) {
            static const jx_public_role car[] = {JX_PUBLIC_CAR_BUY, JX_PUBLIC_CAR_RUN};
            for (size_t j = 0; j < 2; j++) {
                const jx_ledger_column *item = public_column(blk, instance, car[j]);
                if (item == NULL)
                    continue;
                tally_child(c, &t, jx_ledger_value(blk, row, item));
                size_t used = strlen(names);
                jx_format(names + used, sizeof names - used, "%s%s", named++ ? "、" : "",
                         jx_public_role_name(car[j]));
            }
            continue;
        }
        if (col == NULL)
            continue;
        tally_child(c, &t, jx_ledger_value(blk, row, col));
        size_t used = strlen(names);
        jx_format(names + used, sizeof names - used, "%s%s", named++ ? "、" : "",
                 jx_public_role_name(parts[i]));
    }
    /* Items left blank are not shown, not zero (the same rule as any column sum). */
    if (named < 2 && total_role != JX_PUBLIC_ALL && total_role != JX_PUBLIC_SUBTOTAL)
        return;
    if (t.printed == 0)
        return;
    const jx_value *v = jx_ledger_value(blk, row, total_col);
    const char *row_name = public_row_name(row, total_col);
    jx_finding *f = compare_sum(c, l->table, JX_CODE_column_identity, v, row->line, &t, row_name,
                                jx_public_role_name(total_role));
    if (f == NULL)
        return;
    char a[48], b[48], tail[256];
    close_message(tail, sizeof tail, c, f, v, &t);
    jx_finding_message(f, "“%s”行%s的%s为%s，而%s之和为%s；%s", row_name,
                       row_name == total_col->group ? "" : total_col->group,
                       jx_public_role_name(total_role), fmt_value(a, sizeof a, v), names,
                       fmt(b, sizeof b, t.sum, 2), tail);
}

/* 增减变化情况 = 当年 − 上年, column by column. */
static void check_public_change(checker *c, const jx_ledger *l, const jx_ledger_block *blk,
                                const jx_ledger_row *row, size_t ninstances)
{
    size_t before = ninstances, now = ninstances, change = ninstances;
    for (size_t k = 0; k < blk->ncolumns; k++) {
        const char *g = blk->columns[k].group;
        size_t *slot = jx_forms_match(c->forms, JX_FW_LC_CHANGE, g)   ? &change
                     : jx_forms_match(c->forms, JX_FW_LC_BEFORE, g) ? &before
                     : jx_forms_match(c->forms, JX_FW_LC_NOW, g)    ? &now
                                                                    : NULL;
        if (slot && *slot == ninstances)
            *slot = blk->columns[k].instance;
    }
    if (before == ninstances || now == ninstances || change == ninstances)
        return;
    for (size_t k = 0; k < blk->ncolumns; k++) {
        const jx_ledger_column *col = &blk->columns[k];
        if (col->instance != change)
            continue;
        const jx_ledger_column *was = public_column(blk, before, col->role);
        const jx_ledger_column *is = public_column(blk, now, col->role);
        if (was == NULL || is == NULL)
            continue;
        const jx_value *v = jx_ledger_value(blk, row, col);
        const jx_value *vw = jx_ledger_value(blk, row, was), *vi = jx_ledger_value(blk, row, is);
        /* A change its own row's sum already found wrong is reported once. */
        if ((!has_value(v) && !has_value(vw) && !has_value(vi)) || is_bad(c, v->cell))
            continue;
        tally t = {0};
        tally_add(&t, vi);
        jx_sum_add(&t.sum, -amount(vw), &t.overflow);
        t.items += amount(vw) != 0;
        if (t.decimals < 2)
            t.decimals = 2;
        const char *role = jx_public_role_name(col->role);
        jx_finding *f = compare_sum(c, l->table, JX_CODE_column_identity, v, row->line, &t,
                                    public_row_name(row, col), role);
        if (f == NULL)
            continue;
        char a[48], b[48], d[48], e[48], tail[256];
        close_message(tail, sizeof tail, c, f, v, &t);
        jx_finding_message(f, "“%s”行%s的增减变化为%s，而当年%s − 上年%s = %s；%s",
                           public_row_name(row, col), role, fmt_value(a, sizeof a, v),
                           fmt(d, sizeof d, amount(vi), 2), fmt(e, sizeof e, amount(vw), 2),
                           fmt(b, sizeof b, t.sum, 2), tail);
    }
}

/*
 * A “三公” table row by row, instance by instance: the car subtotal, then
 * the 三公 subtotal, then 合计 (the 三公 items alone, or the subtotal with
 * 会议费 and 培训费 where the table prints both), then 增减 = 当年 − 上年.
 */
static void check_three_public(checker *c, const jx_ledger *l)
{
    if (l->form != JX_FORM_THREE_PUBLIC || l->nblocks == 0)
        return;
    const jx_ledger_block *blk = &l->blocks[0];
    size_t ninstances = public_instances(blk);
    static const jx_public_role car[] = {JX_PUBLIC_CAR_BUY, JX_PUBLIC_CAR_RUN};
    static const jx_public_role items[] = {JX_PUBLIC_ABROAD, JX_PUBLIC_CAR, JX_PUBLIC_RECEPTION};
    static const jx_public_role all[] = {JX_PUBLIC_SUBTOTAL, JX_PUBLIC_MEETING, JX_PUBLIC_TRAINING};
    for (size_t i = 0; i < blk->nrows; i++) {
        const jx_ledger_row *row = &blk->rows[i];
        for (size_t n = 0; n < ninstances; n++) {
            check_public_sum(c, l, blk, row, n, JX_PUBLIC_CAR, car, 2);
            check_public_sum(c, l, blk, row, n, JX_PUBLIC_SUBTOTAL, items, 3);
            if (public_column(blk, n, JX_PUBLIC_SUBTOTAL))
                check_public_sum(c, l, blk, row, n, JX_PUBLIC_ALL, all, 3);
            else
                check_public_sum(c, l, blk, row, n, JX_PUBLIC_ALL, items, 3);
        }
        check_public_change(c, l, blk, row, ninstances);
    }
}

/* ------------------------------------------------------------ cross_table */

/* A value of a ledger: the block (side) and row chosen by a test, in the named column. */
typedef struct {
    const jx_ledger *ledger;
    const jx_ledger_block *block;
    const jx_ledger_row *row;
    const jx_value *value;
    const char *column;
} located;

static bool locate(const jx_ledger *l, const char *side, bool (*pick)(const jx_ledger_row *),
                   const char *column, bool exact, located *out)
{
    if (l == NULL)
        return false;
    for (size_t b = 0; b < l->nblocks; b++) {
        const jx_ledger_block *blk = &l->blocks[b];
        if (side && strstr(blk->side, side) == NULL)
            continue;
        const jx_ledger_column *col = column ? jx_ledger_column_named(blk, column, exact)
                                             : (blk->ncolumns ? &blk->columns[0] : NULL);
        if (col == NULL)
            continue;
        for (size_t i = 0; i < blk->nrows; i++)
            if (pick(&blk->rows[i])) {
                *out = (located){l, blk, &blk->rows[i], jx_ledger_value(blk, &blk->rows[i], col),
                                 col->name};
                return has_value(out->value);
            }
    }
    return false;
}

static bool pick_total(const jx_ledger_row *row)
{
    return row->is_total && row->digits == 0;
}

/* Reports b against a (or a against b when a's cell is the one a sum found wrong). */
static void compare_tables(checker *c, const located *a, const located *b, const char *what)
{
    if (a->value->num.micros == b->value->num.micros)
        return;
    const located *wrong = b, *right = a;
    if (is_bad(c, a->value->cell) && !is_bad(c, b->value->cell)) {
        wrong = a;
        right = b;
    }
    int64_t diff = wrong->value->num.micros - right->value->num.micros;
    bool tail = jx_rounding_tail(c->rules, diff, 1);
    jx_finding *f = jx_report_add_value(c->report, NULL, wrong->ledger->table, JX_CODE_cross_table,
                                        tail ? JX_SEV_INFO : JX_SEV_ERROR, 0, wrong->value,
                                        wrong->row->name, wrong->column);
    jx_finding_computed(f, right->value->num.micros, 2, false);
    char x[48], y[48];
    const jx_table *rt = right->ledger->table;
    jx_finding_message(f, "%s：本表%s为%s，而%s《%s》（第%u行）为%s%s", what, wrong->column,
                       fmt_value(x, sizeof x, wrong->value), rt->number[0] ? rt->number : "",
                       rt->title, right->value->cell->line, fmt_value(y, sizeof y, right->value),
                       tail ? "，相差在尾差范围内。" : "，两表应一致。");
}

static void cross_totals(checker *c, jx_ledger_form fa, const char *side_a, const char *col_a,
                         jx_ledger_form fb, const char *side_b, const char *col_b, const char *what)
{
    located a, b;
    if (locate(jx_ledger_find(c->set, fa), side_a, pick_total, col_a, false, &a)
        && locate(jx_ledger_find(c->set, fb), side_b, pick_total, col_b, false, &b))
        compare_tables(c, &a, &b, what);
}

/* 基本支出 of 公开05 against 人员经费合计 + 公用经费合计 of 公开06. */
static void cross_basic(checker *c)
{
    const jx_ledger *detail = jx_ledger_find(c->set, JX_FORM_BASIC_DETAIL);
    located general;
    if (detail == NULL || !has_value(&detail->staff_total) || !has_value(&detail->office_total)
        || !locate(jx_ledger_find(c->set, JX_FORM_GENERAL), NULL, pick_total, "基本支出", true,
                   &general))
        return;
    tally t = {0};
    tally_add(&t, &detail->staff_total);
    tally_add(&t, &detail->office_total);
    if (t.overflow)
        return;
    int64_t diff = general.value->num.micros - t.sum;
    if (diff == 0)
        return;
    bool tail = jx_rounding_tail(c->rules, diff, t.items);
    jx_finding *f = jx_report_add_value(c->report, NULL, general.ledger->table,
                                        JX_CODE_cross_table, tail ? JX_SEV_INFO : JX_SEV_ERROR, 0,
                                        general.value, general.row->name, general.column);
    jx_finding_computed(f, t.sum, 2, false);
    char a[48], b[48], d[48];
    jx_finding_message(f, "本表基本支出为%s，而%s《%s》的人员经费合计与公用经费合计之和为%s；相差%s%s",
                       fmt_value(a, sizeof a, general.value), detail->table->number,
                       detail->table->title, fmt(b, sizeof b, t.sum, 2),
                       fmt(d, sizeof d, abs64(diff), 2),
                       tail ? "，在尾差范围内。" : "，应一致。");
}

static void check_cross_tables(checker *c)
{
    /* 决算 (DOMAIN.md § 4) */
    cross_totals(c, JX_FORM_SUMMARY, "收入", NULL, JX_FORM_INCOME, NULL, "本年收入合计",
                 "收入支出决算总表的本年收入合计应等于收入决算表的合计");
    cross_totals(c, JX_FORM_SUMMARY, "支出", NULL, JX_FORM_EXPENSE, NULL, "本年支出合计",
                 "收入支出决算总表的本年支出合计应等于支出决算表的合计");
    cross_totals(c, JX_FORM_FISCAL_SUMMARY, "支出", "一般公共预算", JX_FORM_GENERAL, NULL, "小计",
                 "财政拨款收入支出决算总表的一般公共预算财政拨款支出应等于一般公共预算财政拨款支出决算表的合计");
    cross_basic(c);
    /* 预算: the same money by function and by economic class, in total and in basic expenditure */
    static const char *const columns[] = {"合计", "人员经费支出", "公用经费支出", "专项业务经费支出"};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        cross_totals(c, JX_FORM_GENERAL, NULL, columns[i], JX_FORM_GENERAL_ECONOMIC, NULL, columns[i],
                     "一般公共预算支出按功能分类与按经济分类的合计应一致");
        cross_totals(c, JX_FORM_BASIC_FUNCTIONAL, NULL, columns[i], JX_FORM_BASIC_ECONOMIC, NULL,
                     columns[i], "基本支出按功能分类与按经济分类的合计应一致");
    }
    cross_totals(c, JX_FORM_GENERAL, NULL, "人员经费支出", JX_FORM_BASIC_FUNCTIONAL, NULL,
                 "人员经费支出", "一般公共预算支出明细表与基本支出明细表的人员经费应一致");
    cross_totals(c, JX_FORM_GENERAL, NULL, "公用经费支出", JX_FORM_BASIC_FUNCTIONAL, NULL,
                 "公用经费支出", "一般公共预算支出明细表与基本支出明细表的公用经费应一致");
    /* 表10 lists the 专项业务经费 that 表5 totals. */
    located a, b;
    const jx_ledger *projects = jx_ledger_find(c->set, JX_FORM_SPECIAL_PROJECTS);
    if (projects && projects->nblocks && projects->blocks[0].nrows
        && projects->blocks[0].ncolumns
        && locate(jx_ledger_find(c->set, JX_FORM_GENERAL), NULL, pick_total, "专项业务经费支出", true, &a)) {
        const jx_ledger_block *blk = &projects->blocks[0];
        b = (located){projects, blk, &blk->rows[0], &blk->rows[0].values[0], blk->columns[0].name};
        if (has_value(b.value) && blk->rows[0].outline == JX_OUTLINE_NONE)
            compare_tables(c, &a, &b, "专项业务经费支出表的项目金额应等于一般公共预算支出明细表的专项业务经费支出合计");
    }
}

/* ------------------------------------------------------------ entry */

void jx_check_ledger_sums(const jx_check_context *ctx)
{
    const jx_ledger_set *set = ctx->ledgers;
    checker c = {ctx->report, ctx->rules, set, ctx->doc->forms, NULL, 0, 0, NULL, 0};
    for (size_t i = 0; i < set->n; i++) {
        const jx_ledger *l = set->items[i];
        if (l->form == JX_FORM_PROCUREMENT) {
            check_procurement(&c, l);
            continue;
        }
        for (size_t b = 0; b < l->nblocks; b++) {
            const jx_ledger_block *blk = &l->blocks[b];
            if (blk->codes != JX_CODES_NONE) {
                check_code_parents(&c, l, blk);
                check_code_total(&c, l, blk);
            } else {
                check_outline_block(&c, l, blk);
            }
        }
        check_staff_office(&c, l);
        check_project_list(&c, l);
        check_three_public(&c, l);
        check_balance(&c, l);
    }
    /* Identities between columns and tables blame the cells the sums found wrong. */
    for (size_t i = 0; i < set->n; i++)
        for (size_t b = 0; b < set->items[i]->nblocks; b++)
            check_columns(&c, set->items[i], &set->items[i]->blocks[b]);
    check_cross_tables(&c);
    free(c.bad);
    free(c.bad_slots);
}
