/*
 * ledger.c — grid → financial table model: which standard form a table is,
 * its classification codes, its amount columns named by header words, the
 * sides of a two-sided table and the three groups of the basic expenditure
 * detail. Column roles come from header words, never from positions.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ words */

static bool has(const char *s, const char *word)
{
    return s != NULL && strstr(s, word) != NULL;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* A classification code: 3, 5 or 7 digits; returns the count, 0 otherwise. */
static int code_digits(const char *norm)
{
    size_t n = strlen(norm);
    if (!all_digits(norm) || (n != 3 && n != 5 && n != 7))
        return 0;
    return (int)n;
}

/* The standard form of a ledger by its title's words (forms/ledgers.ini [titles]),
 * tried in this order. */
static jx_ledger_form form_of(const jx_forms *forms, const jx_table *t)
{
    /* The forms one title word decides, tried first. */
    static const struct {
        jx_form_list title;
        jx_ledger_form form;
    } by_one_word[] = {
        {JX_FW_LT_THREE_PUBLIC, JX_FORM_THREE_PUBLIC}, {JX_FW_LT_OFFICE_RUNNING, JX_FORM_OFFICE_RUNNING},
        {JX_FW_LT_PROCUREMENT, JX_FORM_PROCUREMENT},   {JX_FW_LT_FUND, JX_FORM_FUND},
        {JX_FW_LT_STATE_CAPITAL, JX_FORM_STATE_CAPITAL},
        {JX_FW_LT_SPECIAL_PROJECTS, JX_FORM_SPECIAL_PROJECTS},
    };
    const char *title = t->title_norm != NULL ? t->title_norm : "";
    for (size_t i = 0; i < sizeof by_one_word / sizeof by_one_word[0]; i++)
        if (jx_forms_match(forms, by_one_word[i].title, title))
            return by_one_word[i].form;
#define TITLE(list) jx_forms_match(forms, (list), title)
    if (TITLE(JX_FW_LT_BASIC)) {
        if (TITLE(JX_FW_LT_BASIC_FUNCTIONAL))
            return JX_FORM_BASIC_FUNCTIONAL;
        if (TITLE(JX_FW_LT_BASIC_ECONOMIC) && TITLE(JX_FW_LT_BASIC_ECONOMIC_ALSO))
            return JX_FORM_BASIC_ECONOMIC;
        return JX_FORM_BASIC_DETAIL;
    }
    if (TITLE(JX_FW_LT_FISCAL) && TITLE(JX_FW_LT_FISCAL_SUMMARY))
        return JX_FORM_FISCAL_SUMMARY;
    if (TITLE(JX_FW_LT_SUMMARY))
        return JX_FORM_SUMMARY;
    if (TITLE(JX_FW_LT_GENERAL)) {
        if (TITLE(JX_FW_LT_GENERAL_ECONOMIC))
            return JX_FORM_GENERAL_ECONOMIC;
        return JX_FORM_GENERAL;
    }
    if (TITLE(JX_FW_LT_INCOME))
        return JX_FORM_INCOME;
    if (TITLE(JX_FW_LT_EXPENSE))
        return JX_FORM_EXPENSE;
#undef TITLE
    return JX_FORM_OTHER;
}

static bool economic_form(jx_ledger_form form)
{
    return form == JX_FORM_BASIC_DETAIL || form == JX_FORM_BASIC_ECONOMIC
        || form == JX_FORM_GENERAL_ECONOMIC || form == JX_FORM_OFFICE_RUNNING;
}

/* ------------------------------------------------------------ grid access */

static const jx_cell *cell_at(const jx_row *row, size_t col)
{
    return col < row->ncells ? &row->cells[col] : NULL;
}

static const char *norm_at(const jx_row *row, size_t col)
{
    const jx_cell *c = cell_at(row, col);
    return c ? c->norm : "";
}

static jx_value value_of(const jx_cell *cell)
{
    jx_value v = {cell, {0}};
    if (cell)
        jx_number_parse(cell->norm, &v.num);
    return v;
}

static bool is_amount(const jx_cell *cell)
{
    jx_number num;
    return cell && jx_number_parse(cell->norm, &num) == JX_NUM_VALUE && !num.percent
        && num.cmp == JX_CMP_NONE && num.unit[0] == '\0';
}

/* The 栏次 row numbers the columns: its cells are 栏次, 行次 or digits only. */
static bool is_column_number_row(const jx_forms *forms, const jx_row *row)
{
    bool digits = false;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *n = row->cells[c].norm;
        if (*n == '\0' || jx_forms_match(forms, JX_FW_LC_NUMBER, n))
            continue;
        if (!all_digits(n))
            return false;
        digits = true;
    }
    return digits;
}

/* Rows that are header: the table's count, but never past the first row with a code. */
static size_t header_rows(const jx_table *t)
{
    size_t h = t->header_rows < t->grid.nrows ? t->header_rows : t->grid.nrows;
    for (size_t r = 0; r < h; r++)
        if (code_digits(norm_at(&t->grid.rows[r], 0)) && is_amount(cell_at(&t->grid.rows[r], 2)))
            return r;
    return h;
}

/* A header cell's own words: empty for blanks, 栏次 numbers and bare digits. */
static const jx_cell *own_header(const jx_forms *forms, const jx_table *t, size_t r,
                                 size_t col)
{
    const jx_row *row = &t->grid.rows[r];
    if (is_column_number_row(forms, row))
        return NULL;
    const jx_cell *c = cell_at(row, col);
    if (c == NULL || c->norm[0] == '\0' || all_digits(c->norm))
        return NULL;
    return c;
}

/* The bottom-most header cell of a column, and the row it stands in. */
static const jx_cell *column_header(const jx_forms *forms, const jx_table *t, size_t h,
                                    size_t col, size_t *at)
{
    for (size_t r = h; r-- > 0;) {
        const jx_cell *c = own_header(forms, t, r, col);
        if (c) {
            *at = r;
            return c;
        }
    }
    return NULL;
}

/* The header above row r at col, carried from the left over merged (blank) cells. */
static const char *header_above(const jx_forms *forms, const jx_table *t, size_t r,
                                size_t col, size_t from)
{
    if (r == 0)
        return "";
    const jx_row *row = &t->grid.rows[r - 1];
    if (is_column_number_row(forms, row))
        return "";
    for (size_t c = col + 1; c-- > from;) {
        const char *n = norm_at(row, c);
        if (*n)
            return n;
    }
    return "";
}

/* A total row's label (forms/ledgers.ini [rows]): 合计, or 本年支出合计. */
static bool is_total_name(const jx_forms *forms, const char *name)
{
    return jx_forms_match(forms, JX_FW_LR_TOTAL, name)
        || (jx_forms_match(forms, JX_FW_LR_YEAR, name)
            && jx_forms_match(forms, JX_FW_LR_YEAR_TOTAL, name));
}

/* Header words of columns that hold no amounts (forms/ledgers.ini [columns] label). */
static bool is_label_header(const jx_forms *forms, const char *name)
{
    return jx_forms_match(forms, JX_FW_LC_LABEL, name);
}

/* "一、" 0, "1、"/"1." 1, "(1)" 2; JX_OUTLINE_NONE for none. */
static int outline_of(const char *label)
{
    const char *p = label;
    if (*p == '(') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
        return *p == ')' && p > label + 1 ? 2 : JX_OUTLINE_NONE;
    }
    if (*p >= '0' && *p <= '9') {
        while (*p >= '0' && *p <= '9')
            p++;
        return starts_with(p, "、") || *p == '.' ? 1 : JX_OUTLINE_NONE;
    }
    bool numeral = false;
    for (size_t n; (n = jx_numeral_length(p)) > 0; p += n)
        numeral = true;
    return numeral && starts_with(p, "、") ? 0 : JX_OUTLINE_NONE;
}

/* ------------------------------------------------------------ building */

typedef struct {
    jx_arena *arena;
    const jx_forms *forms;
    const jx_table *table;
    jx_ledger *ledger;
    size_t h;              /* header rows */
} builder;

static jx_ledger_block *add_block(builder *b, const char *side, size_t ncolumns, size_t nrows)
{
    jx_ledger *l = b->ledger;
    jx_ledger_block *grown = jx_arena_alloc(b->arena, (l->nblocks + 1) * sizeof *grown);
    if (grown == NULL)
        return NULL;
    if (l->nblocks)
        memcpy(grown, l->blocks, l->nblocks * sizeof *grown);
    l->blocks = grown;
    jx_ledger_block *blk = &l->blocks[l->nblocks++];
    blk->side = side;
    blk->codes = JX_CODES_NONE;
    blk->columns = jx_arena_alloc(b->arena, (ncolumns ? ncolumns : 1) * sizeof *blk->columns);
    blk->rows = jx_arena_alloc(b->arena, (nrows ? nrows : 1) * sizeof *blk->rows);
    if (blk->columns == NULL || blk->rows == NULL)
        return NULL;
    return blk;
}

static jx_ledger_row *add_row(builder *b, jx_ledger_block *blk, const jx_row *src)
{
    jx_ledger_row *row = &blk->rows[blk->nrows++];
    memset(row, 0, sizeof *row);
    row->code = row->name = "";
    row->line = src->line;
    row->outline = JX_OUTLINE_NONE;
    row->values = jx_arena_alloc(b->arena, (blk->ncolumns ? blk->ncolumns : 1) * sizeof(jx_value));
    return row->values ? row : NULL;
}

/* A row with the block's amounts read from their columns. */
static jx_ledger_row *add_row_with_values(builder *b, jx_ledger_block *blk, const jx_row *src)
{
    jx_ledger_row *row = add_row(b, blk, src);
    for (size_t k = 0; row && k < blk->ncolumns; k++)
        row->values[k] = value_of(cell_at(src, blk->columns[k].col));
    return row;
}

/* Whether a source row carries anything: a label, or an amount in the block's columns. */
static bool has_content(const jx_ledger_block *blk, const jx_row *src, const jx_cell *label)
{
    bool any = label && label->norm[0];
    for (size_t k = 0; k < blk->ncolumns && !any; k++)
        any = is_amount(cell_at(src, blk->columns[k].col));
    return any;
}

static void set_label(const jx_forms *forms, jx_ledger_row *row, const jx_cell *label)
{
    row->label = label;
    row->name = label ? label->norm : "";
    row->outline = outline_of(row->name);
    row->is_grand_total = jx_forms_match(forms, JX_FW_LR_GRAND_TOTAL, row->name)
                       && !jx_forms_match(forms, JX_FW_LR_YEAR, row->name);
    row->is_total = !row->is_grand_total && is_total_name(forms, row->name);
}

/* Adds the amount columns in [from, to) of the header to a block. */
static void add_columns(builder *b, jx_ledger_block *blk, size_t from, size_t to, const char *group_default)
{
    const jx_table *t = b->table;
    for (size_t c = from; c < to; c++) {
        size_t at = 0;
        const jx_cell *head = column_header(b->forms, t, b->h, c, &at);
        if (head == NULL || is_label_header(b->forms, head->norm))
            continue;
        bool numbers = false;
        for (size_t r = b->h; r < t->grid.nrows && !numbers; r++)
            numbers = is_amount(cell_at(&t->grid.rows[r], c));
        if (!numbers && t->grid.nrows > b->h + 1)
            continue;
        jx_ledger_column *col = &blk->columns[blk->ncolumns++];
        col->header = head;
        col->name = head->norm;
        col->group = header_above(b->forms, t, at, c, from);
        if (col->group[0] == '\0')
            col->group = group_default;
        col->col = c;
        col->is_total = is_total_name(b->forms, head->norm)
                     || jx_forms_match(b->forms, JX_FW_LC_TOTAL, head->norm);
    }
}

/* Code and name columns of a plain table; false when it has no code column. */
static bool find_code_column(const jx_forms *forms, const jx_table *t, size_t h,
                             size_t *code_col)
{
    for (size_t c = 0; c < t->grid.ncols; c++) {
        size_t at;
        const jx_cell *head = column_header(forms, t, h, c, &at);
        if (head && jx_forms_match(forms, JX_FW_LC_CODE, head->norm))
            return *code_col = c, true;
    }
    /* Headers that only say 项目: the column whose data are codes. */
    for (size_t c = 0; c < t->grid.ncols; c++)
        for (size_t r = h; r < t->grid.nrows; r++)
            if (code_digits(norm_at(&t->grid.rows[r], c)))
                return *code_col = c, true;
    return false;
}

static bool build_plain(builder *b)
{
    const jx_table *t = b->table;
    size_t code_col = 0, name_col = 0;
    bool coded = find_code_column(b->forms, t, b->h, &code_col);
    name_col = coded ? code_col + 1 : 0;
    jx_ledger_block *blk = add_block(b, "", t->grid.ncols, t->grid.nrows);
    if (blk == NULL)
        return false;
    add_columns(b, blk, name_col + 1, t->grid.ncols, "");
    blk->codes = !coded ? JX_CODES_NONE
               : economic_form(b->ledger->form) ? JX_CODES_ECONOMIC : JX_CODES_FUNCTIONAL;
    for (size_t r = b->h; r < t->grid.nrows; r++) {
        const jx_row *src = &t->grid.rows[r];
        const jx_cell *code = coded ? cell_at(src, code_col) : NULL;
        const jx_cell *name = cell_at(src, name_col);
        /* 合计 printed in the code column, or in the name column. */
        const jx_cell *label = name && name->norm[0] ? name : code;
        int digits = code ? code_digits(code->norm) : 0;
        if (label == NULL || label->norm[0] == '\0') {
            if (digits == 0)
                continue;
        }
        jx_ledger_row *row = add_row_with_values(b, blk, src);
        if (row == NULL)
            return false;
        set_label(b->forms, row, digits && name && name->norm[0] ? name : label);
        if (digits) {
            row->code = code->norm;
            row->digits = digits;
            row->is_total = row->is_grand_total = false;
        }
    }
    return true;
}

/* ------------------------------------------------------------ two-sided */

/* The header row that names the sides: the one with two or more label columns. */
static bool side_columns(const jx_forms *forms, const jx_table *t, size_t h, size_t *row_at,
                         size_t cols[8], size_t *n)
{
    for (size_t r = 0; r < h; r++) {
        const jx_row *row = &t->grid.rows[r];
        *n = 0;
        for (size_t c = 0; c < row->ncells && *n < 8; c++) {
            const char *s = row->cells[c].norm;
            /* 项目 (项目 栏次), or 支出功能分类科目（按大类）: not 项目支出, not 科目名称. */
            if (jx_forms_match(forms, JX_FW_LC_SIDE, s)
                || (jx_forms_match(forms, JX_FW_LC_SIDE_SUBJECT, s)
                    && jx_forms_match(forms, JX_FW_LC_SIDE_SUBJECT_ALSO, s)
                    && !jx_forms_match(forms, JX_FW_LC_CODE, s)))
                cols[(*n)++] = c;
        }
        if (*n >= 2) {
            *row_at = r;
            return true;
        }
    }
    return false;
}

static bool build_two_sided(builder *b, size_t side_row, const size_t *label_cols, size_t nsides)
{
    const jx_table *t = b->table;
    for (size_t s = 0; s < nsides; s++) {
        size_t from = label_cols[s];
        size_t to = s + 1 < nsides ? label_cols[s + 1] : t->grid.ncols;
        const char *side = header_above(b->forms, t, side_row, from, 0);
        if (side[0] == '\0')
            side = norm_at(&t->grid.rows[side_row], from);
        jx_ledger_block *blk = add_block(b, side, to - from, t->grid.nrows);
        if (blk == NULL)
            return false;
        add_columns(b, blk, from + 1, to, side);
        for (size_t r = b->h; r < t->grid.nrows; r++) {
            const jx_row *src = &t->grid.rows[r];
            const jx_cell *label = cell_at(src, from);
            if (!has_content(blk, src, label))
                continue;
            jx_ledger_row *row = add_row_with_values(b, blk, src);
            if (row == NULL)
                return false;
            set_label(b->forms, row, label);
        }
    }
    return true;
}

/* ------------------------------------------------------------ basic detail */

/* The groups of a code/name/amount table printed side by side: their code columns. */
static size_t code_groups(const jx_forms *forms, const jx_table *t, size_t h, size_t cols[4])
{
    size_t n = 0;
    if (h == 0)
        return 0;
    const jx_row *row = &t->grid.rows[h - 1];
    for (size_t c = 0; c < row->ncells && n < 4; c++)
        if (jx_forms_match(forms, JX_FW_LC_CODE, row->cells[c].norm))
            cols[n++] = c;
    return n;
}

/* The amount printed after a label cell on the closing row (人员经费合计 …). */
static jx_value value_after(const jx_forms *forms, const jx_row *row, jx_form_list label)
{
    jx_value none = {NULL, {0}};
    for (size_t c = 0; c < row->ncells; c++) {
        if (!jx_forms_match(forms, label, row->cells[c].norm))
            continue;
        for (size_t k = c + 1; k < row->ncells; k++) {
            const jx_cell *cell = &row->cells[k];
            if (is_amount(cell))
                return value_of(cell);
            if (cell->norm[0])
                break;
        }
        return none;
    }
    return none;
}

/* An amount cell that holds the next group's code: the PDF shifted the row left. */
static bool shifted_code(const jx_cell *amount, const jx_cell *next_code)
{
    return amount && code_digits(amount->norm) && amount->norm[0] == '3'
        && (next_code == NULL || next_code->norm[0] == '\0');
}

static bool build_groups(builder *b, const size_t *code_cols, size_t ngroups)
{
    const jx_table *t = b->table;
    jx_ledger_block *blk = add_block(b, "", 1, t->grid.nrows * ngroups);
    if (blk == NULL)
        return false;
    blk->codes = JX_CODES_ECONOMIC;
    jx_ledger_column *col = &blk->columns[blk->ncolumns++];
    col->header = cell_at(&t->grid.rows[b->h - 1], code_cols[0] + 2);
    col->name = col->header ? col->header->norm : "决算数";
    col->group = "";
    col->col = code_cols[0] + 2;
    for (size_t g = 0; g < ngroups; g++) {
        for (size_t r = b->h; r < t->grid.nrows; r++) {
            const jx_row *src = &t->grid.rows[r];
            const jx_cell *code = cell_at(src, code_cols[g]);
            const jx_cell *name = cell_at(src, code_cols[g] + 1);
            const jx_cell *amount = cell_at(src, code_cols[g] + 2);
            if (g > 0 && (code == NULL || code->norm[0] == '\0')) {
                const jx_cell *before = cell_at(src, code_cols[g - 1] + 2);
                if (shifted_code(before, code))
                    code = before;
            }
            if (g + 1 < ngroups && shifted_code(amount, cell_at(src, code_cols[g + 1])))
                amount = NULL;
            if (code == NULL || !code_digits(code->norm)) {
                if (g == 0) {
                    jx_value staff = value_after(b->forms, src, JX_FW_LR_STAFF_TOTAL);
                    jx_value office = value_after(b->forms, src, JX_FW_LR_OFFICE_TOTAL);
                    if (staff.cell)
                        b->ledger->staff_total = staff;
                    if (office.cell)
                        b->ledger->office_total = office;
                }
                continue;
            }
            jx_ledger_row *row = add_row(b, blk, src);
            if (row == NULL)
                return false;
            set_label(b->forms, row, name);
            row->is_total = row->is_grand_total = false;
            row->code = code->norm;
            row->digits = code_digits(code->norm);
            row->values[0] = value_of(amount);
        }
    }
    return true;
}

/* ------------------------------------------------------------ “三公” */

const jx_public_role_words jx_public_roles[] = {
#define JX_PUBLIC_ROLE(role, columns, phrases, name)                                        \
    {JX_PUBLIC_##role, JX_FW_##columns, JX_FW_##phrases},
#include "public_roles.def"
};
const size_t jx_public_nroles = sizeof jx_public_roles / sizeof jx_public_roles[0];

const char *jx_public_role_name(jx_public_role role)
{
    switch (role) {
#define JX_PUBLIC_ROLE(role, columns, phrases, name)                                        \
    case JX_PUBLIC_##role:                                                                  \
        return name;
#include "public_roles.def"
    case JX_PUBLIC_NONE: break;
    }
    return "";
}


/* A “三公” column's role by its header (forms/ledgers.ini [three_public]), tried in
 * public_roles.def's order. */
static jx_public_role public_role_of(const jx_forms *forms, const char *name)
{
    for (size_t i = 0; i < jx_public_nroles; i++)
        if (jx_forms_match(forms, jx_public_roles[i].columns, name))
            return jx_public_roles[i].role;
    return JX_PUBLIC_NONE;
}

/* The words above an instance's first column that say which figures it holds. */
static const char *instance_label(const jx_forms *forms, const jx_table *t, size_t h,
                                  size_t col)
{
    for (size_t r = 0; r < h; r++) {
        const jx_row *row = &t->grid.rows[r];
        if (is_column_number_row(forms, row))
            continue;
        for (size_t c = col + 1; c-- > 0;) {
            const char *n = norm_at(row, c);
            if (*n == '\0')
                continue;
            if (jx_forms_match(forms, JX_FW_LC_INSTANCE, n))
                return n;
            break;
        }
    }
    return "";
}

/*
 * A “三公” table: columns by role, the items repeated side by side for
 * 预算数 and 决算数 (or 上年, 当年, 增减) as instances; a role seen again
 * starts the next instance. Its headers nest three or four rows deep and
 * PDF extraction shifts them, so roles come from each column's own bottom
 * header word, and a 小计 is the car subtotal when the car items follow it.
 */
static bool build_three_public(builder *b)
{
    const jx_table *t = b->table;
    size_t ncols = t->grid.ncols;
    jx_ledger_block *blk = add_block(b, "", ncols, t->grid.nrows);
    jx_public_role *roles = jx_arena_alloc(b->arena, (ncols ? ncols : 1) * sizeof *roles);
    const jx_cell **heads = jx_arena_alloc(b->arena, (ncols ? ncols : 1) * sizeof *heads);
    if (blk == NULL || roles == NULL || heads == NULL)
        return false;
    for (size_t c = 0; c < ncols; c++) {
        size_t at = 0;
        heads[c] = column_header(b->forms, t, b->h, c, &at);
        roles[c] = heads[c] ? public_role_of(b->forms, heads[c]->norm) : JX_PUBLIC_NONE;
    }
    for (size_t c = 0; c + 1 < ncols; c++)
        if (roles[c] == JX_PUBLIC_SUBTOTAL
            && (roles[c + 1] == JX_PUBLIC_CAR_BUY || roles[c + 1] == JX_PUBLIC_CAR_RUN))
            roles[c] = JX_PUBLIC_CAR;
    size_t first_role = ncols, instance = 0;
    unsigned seen = 0;
    const char *label = "";
    for (size_t c = 0; c < ncols; c++) {
        if (roles[c] == JX_PUBLIC_NONE)
            continue;
        if (first_role == ncols)
            first_role = c;
        unsigned bit = 1u << roles[c];
        if (seen & bit) {
            instance++;
            seen = 0;
        }
        if (seen == 0)
            label = instance_label(b->forms, t, b->h, c);
        seen |= bit;
        jx_ledger_column *col = &blk->columns[blk->ncolumns++];
        col->header = heads[c];
        col->name = heads[c]->norm;
        col->group = label;
        col->col = c;
        col->is_total = false; /* its totals nest by role, not by position */
        col->role = roles[c];
        col->instance = instance;
    }
    for (size_t r = b->h; r < t->grid.nrows; r++) {
        const jx_row *src = &t->grid.rows[r];
        if (!has_content(blk, src, NULL))
            continue;
        jx_ledger_row *row = add_row_with_values(b, blk, src);
        if (row == NULL)
            return false;
        /* The label columns before the first amount: a unit code, then its name. */
        const jx_cell *label_cell = NULL;
        for (size_t c = 0; c < first_role && c < src->ncells; c++) {
            const jx_cell *cell = &src->cells[c];
            if (cell->norm[0] == '\0')
                continue;
            if (all_digits(cell->norm) && row->code[0] == '\0')
                row->code = cell->norm;
            else
                label_cell = cell;
        }
        set_label(b->forms, row, label_cell);
    }
    return true;
}

/* ------------------------------------------------------------ 政府采购 */

/*
 * A procurement table's outline: (一) over 1. over (1). The two-sided
 * tables number their outline 一、 > 1、 > (1) and never print (一), so it
 * is read here rather than in outline_of.
 */
static int procurement_level(const char *label)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (*label == '(') {
        for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++) {
            size_t n = strlen(numerals[i]);
            if (strncmp(label + 1, numerals[i], n) == 0 && label[1 + n] == ')')
                return 0;
        }
    }
    int outline = outline_of(label);
    return outline == 1 ? 1 : outline == 2 ? 2 : JX_OUTLINE_NONE;
}

/* The first header column whose bottom-most words hold `word`; ncols if none. */
static size_t header_column(const jx_forms *forms, const jx_table *t, size_t h,
                            jx_form_list words)
{
    for (size_t c = 0; c < t->grid.ncols; c++) {
        size_t at = 0;
        const jx_cell *head = column_header(forms, t, h, c, &at);
        if (head && jx_forms_match(forms, words, head->norm))
            return c;
    }
    return t->grid.ncols;
}

/*
 * The 政府采购 tables: the 决算's 政府采购支出情况表 (one 金额 column, rows
 * outlined (一) 合计 > 1. 货物 …, and 其中 rows that break down the row above)
 * and the 预算's 政府采购预算表 (数量 and 预算金额 columns; a 合计 row, unit
 * rows with their 单位编码 — 962 over its sub-unit 962001 — and the items
 * bought, each with its 采购目录). Their other headers are codes and words.
 */
static bool build_procurement(builder *b)
{
    const jx_table *t = b->table;
    size_t ncols = t->grid.ncols;
    jx_ledger_block *blk = add_block(b, "", ncols, t->grid.nrows);
    if (blk == NULL)
        return false;
    for (size_t c = 0; c < ncols; c++) {
        size_t at = 0;
        const jx_cell *head = column_header(b->forms, t, b->h, c, &at);
        if (head == NULL || !jx_forms_match(b->forms, JX_FW_LP_AMOUNT, head->norm))
            continue;
        jx_ledger_column *col = &blk->columns[blk->ncolumns++];
        memset(col, 0, sizeof *col);
        col->header = head;
        col->name = head->norm;
        col->group = "";
        col->col = c;
    }
    size_t unit_col = header_column(b->forms, t, b->h, JX_FW_LP_UNIT);
    size_t item_col = header_column(b->forms, t, b->h, JX_FW_LP_ITEM);
    size_t catalogue_col = header_column(b->forms, t, b->h, JX_FW_LP_CATALOGUE);
    size_t label_col = item_col < ncols ? item_col : 0;
    for (size_t r = b->h; r < t->grid.nrows; r++) {
        const jx_row *src = &t->grid.rows[r];
        const jx_cell *label = cell_at(src, label_col);
        const jx_cell *unit = unit_col < ncols ? cell_at(src, unit_col) : NULL;
        if (!has_content(blk, src, label))
            continue;
        jx_ledger_row *row = add_row_with_values(b, blk, src);
        if (row == NULL)
            return false;
        set_label(b->forms, row, label);
        row->outline = procurement_level(row->name);
        row->among = jx_forms_match(b->forms, JX_FW_LR_AMONG, row->name);
        if (unit && all_digits(unit->norm))
            row->code = unit->norm;
        if (catalogue_col < ncols && cell_at(src, catalogue_col))
            row->catalogue = cell_at(src, catalogue_col);
    }
    return true;
}

/* ------------------------------------------------------------ entry points */

jx_ledger *jx_ledger_build(jx_arena *arena, const jx_forms *forms, const jx_table *table)
{
    if (table->kind != JX_KIND_LEDGER || table->grid.nrows == 0)
        return NULL;
    jx_ledger *l = jx_arena_alloc(arena, sizeof *l);
    if (l == NULL)
        return NULL;
    l->table = table;
    l->form = form_of(forms, table);
    l->budget = jx_forms_match(forms, JX_FW_LT_BUDGET, table->title_norm)
             && !jx_forms_match(forms, JX_FW_LT_FINAL, table->title_norm);
    builder b = {arena, forms, table, l, header_rows(table)};
    size_t cols[8], n = 0, side_row = 0;
    bool ok;
    if (l->form == JX_FORM_THREE_PUBLIC)
        ok = build_three_public(&b);
    else if (l->form == JX_FORM_PROCUREMENT)
        ok = build_procurement(&b);
    else if (l->form == JX_FORM_BASIC_DETAIL && (n = code_groups(forms, table, b.h, cols)) >= 2)
        ok = build_groups(&b, cols, n);
    else if (side_columns(forms, table, b.h, &side_row, cols, &n))
        ok = build_two_sided(&b, side_row, cols, n);
    else
        ok = build_plain(&b);
    return ok ? l : NULL;
}

const jx_ledger_column *jx_ledger_column_named(const jx_ledger_block *block, const char *name,
                                               bool exact)
{
    for (size_t k = 0; k < block->ncolumns; k++)
        if (exact ? strcmp(block->columns[k].name, name) == 0 : has(block->columns[k].name, name))
            return &block->columns[k];
    return NULL;
}

const jx_ledger_row *jx_ledger_row_coded(const jx_ledger_block *block, const char *code)
{
    for (size_t i = 0; i < block->nrows; i++)
        if (strcmp(block->rows[i].code, code) == 0)
            return &block->rows[i];
    return NULL;
}

const jx_ledger_row *jx_ledger_total_row(const jx_ledger_block *block)
{
    for (size_t i = 0; i < block->nrows; i++)
        if (block->rows[i].is_total && block->rows[i].digits == 0)
            return &block->rows[i];
    return NULL;
}

const jx_value *jx_ledger_value(const jx_ledger_block *block, const jx_ledger_row *row,
                                const jx_ledger_column *column)
{
    if (column < block->columns || column >= block->columns + block->ncolumns)
        return NULL;
    return &row->values[column - block->columns];
}

bool jx_ledger_set_build(jx_ledger_set *set, const jx_document *doc)
{
    memset(set, 0, sizeof *set);
    set->arena = jx_arena_new();
    if (set->arena == NULL)
        return false;
    set->items = jx_arena_alloc(set->arena, (doc->ntables ? doc->ntables : 1) * sizeof *set->items);
    if (set->items == NULL)
        return false;
    for (size_t k = 0; k < doc->ntables; k++) {
        if (doc->tables[k].kind != JX_KIND_LEDGER)
            continue;
        jx_ledger *l = jx_ledger_build(set->arena, doc->forms, &doc->tables[k]);
        if (l == NULL)
            continue;
        set->items[set->n++] = l;
        if (set->first[l->form] == NULL)
            set->first[l->form] = l;
    }
    return true;
}

void jx_ledger_set_free(jx_ledger_set *set)
{
    jx_arena_free(set->arena);
    memset(set, 0, sizeof *set);
}

const jx_ledger *jx_ledger_find(const jx_ledger_set *set, jx_ledger_form form)
{
    return (size_t)form < sizeof set->first / sizeof set->first[0] ? set->first[form] : NULL;
}
