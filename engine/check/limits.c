/*
 * limits.c — numbers too large to hold exactly (JX_AMOUNT_LIMIT) are not
 * values: the checks leave them out, and this says so at each such cell.
 */
#include "check.h"

#include <string.h>

/*
 * A number too large to hold exactly (JX_AMOUNT_LIMIT) is not a value: the
 * checks leave it out, and this says so at its cell, in every table a model
 * reads (a table of no known kind may hold account numbers and the like).
 */
/* Past the limit a number has 13 integer digits, or an exponent: most cells
 * have neither. Every cell of every table is asked, and most of their bytes
 * are Chinese: strcspn passes over those many at a time. */
static bool may_be_too_large(const char *norm)
{
    size_t digits = 0;
    for (const char *p = norm; p && *p;) {
        p += strcspn(p, "0123456789Ee");
        if (*p == 'E' || *p == 'e')
            return true;
        for (; *p >= '0' && *p <= '9'; p++)
            digits++;
    }
    return digits >= 13;
}

void jx_check_number_limits(const jx_check_context *ctx)
{
    jx_report *report = ctx->report;
    const jx_document *doc = ctx->doc;
    size_t card = 0;
    for (size_t k = 0; k < doc->ntables; k++) {
        const jx_table *table = &doc->tables[k];
        jx_card_result *result = table->scorecard ? &report->cards[card++] : NULL;
        if (table->kind == JX_KIND_OTHER)
            continue;
        for (size_t r = 0; r < table->grid.nrows; r++) {
            const jx_row *row = &table->grid.rows[r];
            for (size_t c = 0; c < row->ncells; c++) {
                const jx_cell *cell = &row->cells[c];
                jx_number num;
                if (!may_be_too_large(cell->norm) || jx_number_parse(cell->norm, &num) != JX_NUM_TEXT
                    || !num.too_large)
                    continue;
                jx_finding *f = jx_report_add(report, result, table, JX_CODE_amount_too_large,
                                              JX_SEV_ERROR, cell->line, cell, "", "");
                jx_finding_message(f, "数字“%s”超出可精确计算的范围（绝对值须小于4.6万亿），"
                                      "未作为数值参与核对。", cell->text);
            }
        }
    }
}

