/*
 * model.h — the models of a document's tables, built once per document:
 * the kind of each table, the scorecard of a scorecard or target table, the
 * ledger of a financial table, and the prose reader. Uses parse, text, base.
 *
 * A ledger models a financial table (决算 公开01表…公开11表, budget 表1…表13).
 * A ledger is one or more blocks; a block is a list of rows, each with a
 * label (and a classification code where the form has one), and a set of
 * amount columns named by their header words. A plain table is one block;
 * a two-sided table (收入 | 支出) is one block per side; the basic
 * expenditure detail printed as three code/name/amount groups side by side
 * is one block read group after group.
 */
#ifndef JX_MODEL_H
#define JX_MODEL_H

#include "parse.h"

/* Which standard form a table is, by its title (and number when printed). */
typedef enum {
    JX_FORM_OTHER = 0,
    JX_FORM_SUMMARY,          /* 收入支出决算总表 / 部门综合预算收支总表 */
    JX_FORM_FISCAL_SUMMARY,   /* 财政拨款收入支出决算总表 / 财政拨款收支总表 */
    JX_FORM_INCOME,           /* 收入决算表 */
    JX_FORM_EXPENSE,          /* 支出决算表 */
    JX_FORM_GENERAL,          /* 一般公共预算财政拨款支出决算表 / 一般公共预算支出明细表(功能) */
    JX_FORM_GENERAL_ECONOMIC, /* 一般公共预算支出明细表(按支出经济分类科目) */
    JX_FORM_BASIC_DETAIL,     /* 一般公共预算财政拨款基本支出决算(明细)表: three groups */
    JX_FORM_BASIC_FUNCTIONAL, /* 基本支出明细表(按支出功能分类科目) */
    JX_FORM_BASIC_ECONOMIC,   /* 基本支出明细表(按支出经济分类科目) */
    JX_FORM_FUND,             /* 政府性基金 */
    JX_FORM_STATE_CAPITAL,    /* 国有资本经营 */
    JX_FORM_THREE_PUBLIC,     /* “三公”经费 */
    JX_FORM_OFFICE_RUNNING,   /* 机关运行经费 */
    JX_FORM_PROCUREMENT,      /* 政府采购 */
    JX_FORM_SPECIAL_PROJECTS  /* 专项业务经费支出表 */
} jx_ledger_form;

typedef enum {
    JX_CODES_NONE = 0,
    JX_CODES_FUNCTIONAL,      /* 208, 20805, 2080505 */
    JX_CODES_ECONOMIC         /* 301, 30101 */
} jx_code_kind;

/* What a column of a “三公” table holds (public_roles.def). */
typedef enum {
    JX_PUBLIC_NONE = 0,
#define JX_PUBLIC_ROLE(role, columns, phrases, name) JX_PUBLIC_##role,
#include "public_roles.def"
} jx_public_role;

/* A role's words: the header words of its column and the phrases the prose
 * names it with (JX_FW_COUNT for none), in the order headers are tried. */
typedef struct {
    jx_public_role role;
    jx_form_list columns, phrases;
} jx_public_role_words;

extern const jx_public_role_words jx_public_roles[];
extern const size_t jx_public_nroles;

/* The standard name of what a “三公” column holds, as the forms print it ("" for none). */
const char *jx_public_role_name(jx_public_role role);

typedef struct {
    const jx_cell *header;    /* the header cell that names it */
    const char *name;         /* its words: 本年支出合计, 基本支出, 合计 */
    const char *group;        /* the header above it (本年支出), "" */
    size_t col;               /* 0-based grid column */
    bool is_total;            /* 合计, 小计, 本年支出合计: the sum of the columns after it */
    /* “三公” tables: the column's role and which repetition of the items it belongs to
       (预算数 | 决算数, or 上年 | 当年 | 增减变化情况 side by side); group names it. */
    jx_public_role role;
    size_t instance;
} jx_ledger_column;

/* Outline markers of two-sided tables: 一、 > 1、/1. > (1). */
#define JX_OUTLINE_NONE (-1)

typedef struct {
    const char *code;         /* "2080505", "301"; "" */
    const char *name;         /* 科目名称, or the row's label */
    const jx_cell *label;     /* the cell holding the name */
    uint32_t line;
    int digits;               /* 3/5/7 for a code, 0 without */
    int outline;              /* 0 一、 1 1、 2 (1); JX_OUTLINE_NONE */
    bool is_total;            /* 合计 / 本年收入合计 / 本年支出合计 */
    bool is_grand_total;      /* 总计 */
    bool among;               /* 其中：… a part of the row above, not one of its siblings */
    jx_value *values;         /* one per column of the block */
    /* 政府采购 budget (表12): the 采购目录 cell, whose first letter is the national
       catalogue's category (A 货物, B 工程, C 服务); NULL elsewhere. */
    const jx_cell *catalogue;
} jx_ledger_row;

typedef struct {
    const char *side;         /* 收入, 支出, "" */
    jx_code_kind codes;
    jx_ledger_column *columns;
    size_t ncolumns;
    jx_ledger_row *rows;
    size_t nrows;
} jx_ledger_block;

typedef struct {
    const jx_table *table;
    jx_ledger_form form;
    bool budget;              /* a 预算 table (预算数) rather than a 决算 */
    jx_ledger_block *blocks;
    size_t nblocks;
    /* The basic expenditure detail's closing row. */
    jx_value staff_total;     /* 人员经费合计 */
    jx_value office_total;    /* 公用经费合计 */
} jx_ledger;

/* Builds the model of a ledger table in `arena`; NULL when it is not one or memory runs out. */
jx_ledger *jx_ledger_build(jx_arena *arena, const jx_forms *forms, const jx_table *table);

/* The column of a block whose name is `name` (or contains it, when !exact); NULL if none. */
const jx_ledger_column *jx_ledger_column_named(const jx_ledger_block *block, const char *name,
                                               bool exact);
/* The first row of a block with this code, NULL if none. */
const jx_ledger_row *jx_ledger_row_coded(const jx_ledger_block *block, const char *code);
/* The block's 合计 row (is_total, no code), NULL if none. */
const jx_ledger_row *jx_ledger_total_row(const jx_ledger_block *block);
/* A row's value in a column, NULL when the column is not the block's. */
const jx_value *jx_ledger_value(const jx_ledger_block *block, const jx_ledger_row *row,
                                const jx_ledger_column *column);

/* Every ledger of a document, built once for the checks. */
typedef struct {
    jx_arena *arena;
    jx_ledger **items;
    size_t n;
    /* The first ledger of each form: the prose asks for one per sentence. */
    const jx_ledger *first[JX_FORM_SPECIAL_PROJECTS + 1];
} jx_ledger_set;

bool jx_ledger_set_build(jx_ledger_set *set, const jx_document *doc);
void jx_ledger_set_free(jx_ledger_set *set);
/* The first ledger of this form, NULL if none. */
const jx_ledger *jx_ledger_find(const jx_ledger_set *set, jx_ledger_form form);

/* ------------------------------------------------------------ fields.c */

/* The blocks of a scorecard's rows (fields.def), as templates name them. */
typedef enum {
#define JX_FIELD_BLOCK(block) JX_BLOCK_##block,
#include "fields.def"
    JX_BLOCK_COUNT
} jx_card_block;

/* Every field of fields.def, in its order: JX_FIELD_funds_label, … */
typedef enum {
#define JX_FIELD(block, type, member, holds, style, role, header) JX_FIELD_##block##_##member,
#include "fields.def"
    JX_FIELD_COUNT
} jx_field_id;

/* A task's 总额 is 财政拨款 + 其他资金: the checks and the workbook find the
 * parts as the two fields after it. */
_Static_assert(JX_FIELD_tasks_budget_fiscal == JX_FIELD_tasks_budget_total + 1
                   && JX_FIELD_tasks_budget_other == JX_FIELD_tasks_budget_total + 2
                   && JX_FIELD_tasks_exec_fiscal == JX_FIELD_tasks_exec_total + 1
                   && JX_FIELD_tasks_exec_other == JX_FIELD_tasks_exec_total + 2,
               "fields.def: a task's 总额 is followed by its parts");

/* What a field's member is. */
typedef enum {
    JX_HOLDS_TEXT,            /* const char *: never NULL in a built row */
    JX_HOLDS_VALUE            /* jx_value */
} jx_field_holds;

/* How the workbook prints a field where nothing corrects it (fields.def). */
typedef enum {
    JX_STYLE_AMOUNT,          /* the template's amount format */
    JX_STYLE_RATE,            /* its rate format */
    JX_STYLE_SCORE,           /* its score format */
    JX_STYLE_LABEL,           /* a row's name */
    JX_STYLE_PLAIN,           /* text */
    JX_STYLE_PRINTED          /* a number at the decimals the document printed it with
                                 (a head count stays 3590, not 3590.00) */
} jx_field_style;

/* What fields.def says of a field. */
typedef struct {
    jx_field_id id;
    jx_card_block block;
    const char *name;         /* the member: its JSON key and its name in a template */
    jx_field_holds holds;
    jx_field_style style;
    size_t offset;            /* of the member in the block's row struct */
    const char *header;       /* the workbook's header when the template gives none */
} jx_field;

/* A block's fields, in fields.def's order. */
typedef struct {
    const jx_field *fields;
    size_t n;
} jx_field_list;

const jx_field *jx_field_of(jx_field_id id);
jx_field_list jx_block_fields(jx_card_block block);
/* The block a template section names ("funds"); JX_BLOCK_COUNT for none. */
jx_card_block jx_card_block_named(const char *name);
/* Its name: "funds", …; "" for none. */
const char *jx_card_block_name(jx_card_block block);
/* A block's field of that name; NULL for none (or no block). */
const jx_field *jx_field_named(jx_card_block block, const char *name);
/* What a field holds in `row`, a row of the field's block (jx_funds_row, …). */
const jx_value *jx_field_value(const jx_field *field, const void *row);
const char *jx_field_text(const jx_field *field, const void *row);

/* ------------------------------------------------------------ scorecard.c */

/* Builds the scorecard model of a scorecard or target table (no-op otherwise). */
jx_status jx_scorecard_build(jx_arena *arena, const jx_forms *forms, jx_table *table);

/* ------------------------------------------------------------ classify.c */

/* The kind of a table, by the words of forms/tables.ini. */
jx_table_kind jx_classify_table(const jx_forms *forms, const jx_table *table);


/* ------------------------------------------------------------ prose.c */

/* A number the prose states, with what follows it. */
typedef struct {
    jx_number num;
    bool wan;                 /* followed by 万元 */
    bool yuan;                /* followed by 元 alone */
    bool points;              /* followed by 分 */
} jx_quoted;

/* The number right after p (skipping the links of forms/prose.ini: 为, 是, :, 了, 达到) and
   its unit words; false when none follows. */
bool jx_number_at(const jx_forms *forms, const char *p, jx_quoted *q);
/* The first number (skipping the links) after one of `keys` in a normalised sentence: of
   the keys found with a number after them, the earliest (on a tie, the first of keys). */
bool jx_quote_after(const jx_forms *forms, const char *s, const jx_form_word *keys, size_t nkeys,
                    jx_quoted *q);
/* The same with the phrases of a forms list (forms/prose.ini), in file order. */
bool jx_quote_after_list(const jx_forms *forms, const char *s, jx_form_list keys, jx_quoted *q);
/*
 * Which source lines are prose: prose[i] for doc->lines[i], false for a
 * table's rows and any line with a TAB. Malloc'd (the caller frees it);
 * NULL when memory runs out.
 */
bool *jx_prose_lines(const jx_document *doc);

/* ------------------------------------------------------------ document.c */

/* Classifies every table and builds its model (after segmentation). */
jx_status jx_build_models(jx_document *doc, const jx_forms *forms);

#endif /* JX_MODEL_H */
