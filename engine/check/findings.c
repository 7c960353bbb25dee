/*
 * findings.c — the findings container of a check: a finding added at its
 * place with its severity counted, its computed value and message set, and
 * the findings put in the order a reader wants (table, line, as found).
 */
#include "check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const jx_code_info codes[JX_CODE_COUNT] = {
#define JX_FINDING(code, title, severities, corrects, meaning) \
    {#code, title, severities, JX_CORRECTS_##corrects, meaning},
#include "findings.def"
#undef JX_FINDING
};

const jx_code_info *jx_code_info_of(jx_code code)
{
    return &codes[code < JX_CODE_COUNT ? code : 0];
}

const jx_code_info *jx_code_info_named(const char *name)
{
    for (size_t i = 0; name && i < JX_CODE_COUNT; i++)
        if (strcmp(codes[i].name, name) == 0)
            return &codes[i];
    return NULL;
}

/* A finding at a cell whose number is `declared` (NULL: parse the cell's). */
static jx_finding *add(jx_report *r, jx_card_result *card, const jx_table *table, jx_code code,
                       jx_severity severity, uint32_t line, const jx_cell *cell,
                       const jx_number *declared, const char *row, const char *column)
{
    if (r->failed)
        return NULL;
    jx_finding *grown = jx_grow(r->findings, &r->findings_cap, r->nfindings + 1,
                                sizeof(jx_finding));
    if (grown == NULL) {
        r->failed = true;
        return NULL;
    }
    r->findings = grown;
    jx_finding *f = &r->findings[r->nfindings++];
    memset(f, 0, sizeof *f);
    f->order = r->nfindings - 1;
    f->code = jx_code_info_of(code)->name;
    f->severity = severity;
    f->line = cell ? cell->line : line;
    f->table = table;
    f->cell = cell;
    f->row = row ? row : "";
    f->column = column ? column : "";
    if (cell && declared)
        f->declared = *declared;
    else if (cell)
        jx_number_parse(cell->norm, &f->declared);
    size_t *count = severity == JX_SEV_ERROR ? &r->errors
                  : severity == JX_SEV_WARNING ? &r->warnings : &r->infos;
    (*count)++;
    if (card) {
        count = severity == JX_SEV_ERROR ? &card->errors
              : severity == JX_SEV_WARNING ? &card->warnings : &card->infos;
        (*count)++;
    }
    return f;
}

jx_finding *jx_report_add(jx_report *r, jx_card_result *card, const jx_table *table,
                          jx_code code, jx_severity severity, uint32_t line,
                          const jx_cell *cell, const char *row, const char *column)
{
    return add(r, card, table, code, severity, line, cell, NULL, row, column);
}

jx_finding *jx_report_add_value(jx_report *r, jx_card_result *card, const jx_table *table,
                                jx_code code, jx_severity severity, uint32_t line,
                                const jx_value *v, const char *row, const char *column)
{
    return add(r, card, table, code, severity, line, v ? v->cell : NULL, v ? &v->num : NULL,
               row, column);
}

void jx_finding_computed(jx_finding *f, int64_t micros, int decimals, bool percent)
{
    if (f == NULL)
        return;
    f->has_computed = true;
    f->computed = jx_decimal_round(micros, decimals);
    f->computed_decimals = (uint8_t)decimals;
    f->computed_percent = percent;
}

/* Whether fmt converts nothing but %s, %u, %zu and %%: what every message
 * and part of one is written with. */
static bool plain_format(const char *fmt)
{
    for (const char *p = strchr(fmt, '%'); p != NULL; p = strchr(p, '%')) {
        p++;
        if (*p == 's' || *p == 'u' || *p == '%')
            p++;
        else if (p[0] == 'z' && p[1] == 'u')
            p += 2;
        else
            return false;
    }
    return true;
}

/* Appends n bytes to out[*at..size-1), as far as they fit. */
static void put(char *out, size_t size, size_t *at, const char *s, size_t n)
{
    size_t room = size - 1 - *at;
    if (n > room)
        n = room;
    memcpy(out + *at, s, n);
    *at += n;
}

static void put_unsigned(char *out, size_t size, size_t *at, uint64_t v)
{
    char digits[24];
    put(out, size, at, digits, (size_t)(jx_put_uint(digits, v) - digits));
}

void jx_format_v(char *out, size_t size, const char *fmt, va_list ap)
{
    if (size == 0)
        return;
    if (!plain_format(fmt)) {
        vsnprintf(out, size, fmt, ap);
        return;
    }
    size_t at = 0;
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (pct == NULL) {
            put(out, size, &at, p, strlen(p));
            break;
        }
        put(out, size, &at, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == 's') {
            const char *arg = va_arg(ap, const char *);
            if (arg == NULL)
                arg = "(null)"; /* as glibc prints it */
            put(out, size, &at, arg, strlen(arg));
            p++;
        } else if (*p == 'u') {
            put_unsigned(out, size, &at, va_arg(ap, unsigned));
            p++;
        } else if (*p == 'z') {
            put_unsigned(out, size, &at, va_arg(ap, size_t));
            p += 2;
        } else {
            put(out, size, &at, "%", 1);
            p++;
        }
    }
    out[at] = '\0';
}

void jx_format(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    jx_format_v(out, size, fmt, ap);
    va_end(ap);
}

void jx_finding_message(jx_finding *f, const char *fmt, ...)
{
    if (f == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    jx_format_v(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(f->message); /* a long quote may be cut mid-character */
}

const char *jx_severity_name(jx_severity severity)
{
    switch (severity) {
    case JX_SEV_ERROR: return "error";
    case JX_SEV_WARNING: return "warning";
    case JX_SEV_INFO: break;
    }
    return "info";
}

static int compare_findings(const void *x, const void *y)
{
    const jx_finding *a = x, *b = y;
    /* Findings of no table (prose) come after every table's. */
    size_t ta = a->table ? a->table->index : SIZE_MAX, tb = b->table ? b->table->index : SIZE_MAX;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

void jx_report_free(jx_report *report)
{
    if (report == NULL)
        return;
    free(report->findings);
    free(report->cards);
    free(report);
}
jx_finding *jx_report_overflow(jx_report *report, jx_card_result *card, const jx_table *table,
                               uint32_t line, const jx_cell *cell, const char *row,
                               const char *column)
{
    jx_finding *f = jx_report_add(report, card, table, JX_CODE_amount_overflow, JX_SEV_ERROR,
                                  line, cell, row, column);
    jx_finding_message(f, "“%s”的%s所涉数字之和超出可精确计算的范围（绝对值须小于4.6万亿），未能核对。",
                       row, column);
    return f;
}

void jx_report_sort(jx_report *report)
{
    if (report->nfindings > 1)
        qsort(report->findings, report->nfindings, sizeof(jx_finding), compare_findings);
}
