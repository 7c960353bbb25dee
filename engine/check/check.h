/*
 * check.h — the checks: the findings container, the context every check
 * reads, and the families of checks one orchestrator (check.c) walks in
 * order. Uses rules, model, parse, text, base.
 */
#ifndef JX_CHECK_H
#define JX_CHECK_H

#include "rules.h"

#include <stdarg.h>

/* ------------------------------------------------------------ findings.c */

/* The finding codes of findings.def, as names the compiler checks. */
typedef enum {
#define JX_FINDING(code, title, severities, corrects, meaning) JX_CODE_##code,
#include "findings.def"
#undef JX_FINDING
    JX_CODE_COUNT
} jx_code;

/* How the corrected workbook shows a finding's computed value (findings.def). */
typedef enum {
    JX_CORRECTS_NONE,   /* it does not: the cell stays as printed */
    JX_CORRECTS_VALUE,  /* the computed value replaces the cell's */
    JX_CORRECTS_SUM     /* a live SUM of the parts (an error or warning, not a tail) */
} jx_corrects;

/* What findings.def says of a code. */
typedef struct {
    const char *name;        /* "hier_sum": the code in JSON and the workbook */
    const char *title;       /* 上下级合计不符: its name in Chinese */
    const char *severities;  /* as README's table gives them */
    jx_corrects corrects;
    const char *meaning;     /* README's line for it */
} jx_code_info;

const jx_code_info *jx_code_info_of(jx_code code);
/* The code named so (a finding's f->code), NULL for no code. */
const jx_code_info *jx_code_info_named(const char *name);

/*
 * Adds a finding to a report (counted for `card` too when given); NULL when
 * memory runs out (report->failed is set). The checks of every file use it.
 */
jx_finding *jx_report_add(jx_report *report, jx_card_result *card, const jx_table *table,
                          jx_code code, jx_severity severity, uint32_t line,
                          const jx_cell *cell, const char *row, const char *column);
/*
 * The same at a value's cell, its declared number taken from the value: only
 * for a value whose num is its cell's norm as jx_number_parse reads it, as
 * every value of a ledger is (model/ledger.c's value_of). A finding parsed
 * its cell again, and most findings are a ledger's: that parse was a fifth
 * of adding them. (A scorecard's values are not all so: a group's weight is
 * read out of its label, 数量指标15分.)
 */
jx_finding *jx_report_add_value(jx_report *report, jx_card_result *card, const jx_table *table,
                                jx_code code, jx_severity severity, uint32_t line,
                                const jx_value *v, const char *row, const char *column);
void jx_finding_computed(jx_finding *f, int64_t micros, int decimals, bool percent);

void jx_finding_message(jx_finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * snprintf for messages and their parts: %s, %u, %zu and %% are written
 * here, anything else by vsnprintf. A finding's sentence was a tenth of
 * checking a document, most of it vsnprintf finding its way through the
 * generality a message never uses. Cut and terminated as snprintf would.
 */
void jx_format(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void jx_format_v(char *out, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* A sum too large to hold exactly (amount_overflow), said at the figure it should have checked. */
jx_finding *jx_report_overflow(jx_report *report, jx_card_result *card, const jx_table *table,
                               uint32_t line, const jx_cell *cell, const char *row,
                               const char *column);

/* Puts the findings in a reader's order: by table, then line, then as found. */
void jx_report_sort(jx_report *report);

/* ------------------------------------------------------------ check.c */

/* What every check reads, built once per check of a document, and the report it adds to. */
typedef struct {
    jx_report *report;
    const jx_document *doc;
    const jx_rules *rules;
    const jx_ledger_set *ledgers;  /* every financial table's model */
    const bool *prose;             /* prose[i]: doc->lines[i] is prose, not a table row */
    const char *const *prose_norms;/* each prose line normalised once, for every prose
                                      check; NULL for a table row */
} jx_check_context;

/* The families of checks, one per file, walked in this order by jx_evaluate. */
void jx_check_cards(const jx_check_context *ctx);            /* card.c: each scorecard */
void jx_check_number_limits(const jx_check_context *ctx);    /* limits.c */
void jx_check_ledger_sums(const jx_check_context *ctx);      /* ledger_check.c */
void jx_check_economic_classes(const jx_check_context *ctx); /* ledger_economic.c */
void jx_check_ledger_links(const jx_check_context *ctx);     /* ledger_link.c */
void jx_check_narrative(const jx_check_context *ctx);        /* narrative.c */
void jx_check_narrative_items(const jx_check_context *ctx);  /* narrative_items.c */
void jx_check_narrative_parts(const jx_check_context *ctx);  /* narrative_parts.c */

/* ------------------------------------------------------------ narrative_cards.c */

/*
 * The scorecards the prose may name, indexed once per document; every card
 * but target tables, in table order.
 */
typedef struct jx_card_index jx_card_index;
jx_card_index *jx_card_index_build(const jx_document *doc); /* NULL: no memory */
void jx_card_index_free(jx_card_index *ix);
/* The first card whose name (3 characters or more; not department-wide) the text holds. */
const jx_scorecard *jx_card_named_in(const jx_card_index *ix, const char *text);
/* The last such card whose name's character pairs are at least 75% in the heading
   (`overlap` counts them, 0..100). */
const jx_scorecard *jx_card_of_heading(jx_card_index *ix, const char *heading,
                                       int (*overlap)(const char *name, const char *text));
/* The last card whose total row's 全年预算数 and 全年执行数 are these amounts. */
const jx_scorecard *jx_card_with_money(const jx_card_index *ix, int64_t budget, int64_t executed);

/* ------------------------------------------------------------ phrases.c */

/*
 * Which of some forms lists a text may hold a word of: a list does only if
 * the text holds its word's first two characters, and those are indexed
 * once per document. jx_phrase_scan walks a text once and gives the lists it
 * may match, as bits in the order given to the build; jx_phrase_may says
 * whether one list is among them (a list not indexed: yes). What a list
 * may not match, it does not: the caller need not ask it (the text or any
 * part of it).
 */
#define JX_PHRASE_LISTS_MAX 64
typedef struct jx_phrase_index jx_phrase_index;
jx_phrase_index *jx_phrase_index_build(const jx_forms *forms, const jx_form_list *lists,
                                       size_t nlists); /* NULL: no memory, or too many lists */
void jx_phrase_index_free(jx_phrase_index *ix);
uint64_t jx_phrase_scan(const jx_phrase_index *ix, const char *text);
bool jx_phrase_may(const jx_phrase_index *ix, uint64_t found, jx_form_list list);

#endif /* JX_CHECK_H */
