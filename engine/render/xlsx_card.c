/*
 * xlsx_card.c — one scorecard's sheet (xlsx.h), laid out by its kind's
 * template: the identification, the funds and tasks (amounts, a total's
 * live sums, 执行率 and the execution score as formulas), the management
 * rows, the indicators merged by level with a 小计 for each group, and 总分;
 * the form's own blocks around them are xlsx_form.c's. A corrected cell
 * carries a numbered mark (xlsx_marks.c) and says in a comment what the
 * document said.
 */
#include "xlsx.h"

/* ------------------------------------------------------------ cells */

/* A corrected cell's numbered mark (xlsx_marks.c): its format, with the
 * value the cell now shows. */
static lxw_format *mark_cell(sheet *s, lxw_row_t row, lxw_col_t col, mark_style style,
                             const jx_cell *declared, const jx_finding *fix, const char *row_label,
                             const char *column_label, int64_t shown, int decimals, bool percent,
                             const char *reason)
{
    return jx_xlsx_mark(s, row, col, style,
                        &(mark_info){.declared = declared, .finding = fix, .row = row_label,
                                     .column = column_label, .shown = shown, .decimals = decimals,
                                     .percent = percent, .reason = reason});
}

/* A declared value as written in the document: number if it is one, text else. */
static void write_value(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *v,
                        lxw_format *numfmt)
{
    if (v->cell == NULL || v->num.kind == JX_NUM_EMPTY) {
        jx_xlsx_sheet_text(s, row, field->first, field->last, v->cell ? v->cell->text : "", s->f.text);
        return;
    }
    bool plain = v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0'
        && v->num.cmp == JX_CMP_NONE;
    if (!plain) {
        jx_xlsx_sheet_text(s, row, field->first, field->last, v->cell->text, s->f.text);
    } else {
        int64_t micros = v->num.percent ? v->num.micros / 100 : v->num.micros;
        if (v->num.percent && (numfmt == s->f.amount || numfmt == s->f.score))
            numfmt = s->f.rate; /* 100% stays a percent whatever the column */
        if (field->first < field->last)
            worksheet_merge_range(s->ws, row, field->first, row, field->last, "", numfmt);
        lxw_error e = worksheet_write_number(s->ws, row, field->first, jx_xlsx_to_double(micros),
                                             numfmt);
        if (e)
            jx_xlsx_fail(s->w, "write", e);
        jx_xlsx_remember_value(s->w, v->cell, s->sheet, row, field->first, true, v->num.micros);
        return;
    }
    jx_xlsx_remember_cell(s->w, v->cell, s->sheet, row, field->first);
}

/* The standard words of the forms (fields.def), for a template that leaves a header out. */
static const char *standard_header(const jx_form_block *b, const jx_form_field *f)
{
    const jx_field *field = jx_field_named(jx_card_block_named(b->name), f->field);
    return field ? field->header : f->field;
}

static void write_block_header(sheet *s, const jx_form_block *b)
{
    for (size_t i = 0; i < b->nfields; i++) {
        const jx_form_field *f = &b->fields[i];
        jx_xlsx_sheet_text(s, s->row, f->first, f->last, f->header[0] ? f->header : standard_header(b, f),
                   s->f.header);
    }
    s->row++;
}

/* The template's format for a field's style (fields.def). */
static lxw_format *style_format(const sheet *s, jx_field_style style)
{
    switch (style) {
    case JX_STYLE_AMOUNT: return s->f.amount;
    case JX_STYLE_RATE: return s->f.rate;
    case JX_STYLE_SCORE: return s->f.score;
    case JX_STYLE_LABEL: return s->f.label;
    case JX_STYLE_PLAIN:
    case JX_STYLE_PRINTED: break; /* a number's format is its own: write_field */
    }
    return s->f.text;
}

/* A field as the model row holds it, in its style: what no arithmetic corrects. */
static lxw_format *rate_as_printed(sheet *s, int decimals);
static lxw_format *number_as_printed(sheet *s, int decimals);

static void write_field(sheet *s, lxw_row_t row, const jx_form_field *at, const jx_field *field,
                        const void *model_row)
{
    lxw_format *fmt = style_format(s, field->style);
    if (field->style == JX_STYLE_PRINTED && field->holds == JX_HOLDS_VALUE) {
        const jx_number *num = &jx_field_value(field, model_row)->num;
        fmt = num->percent ? rate_as_printed(s, num->decimals) : number_as_printed(s, num->decimals);
    }
    if (field->holds == JX_HOLDS_TEXT)
        jx_xlsx_sheet_text(s, row, at->first, at->last, jx_field_text(field, model_row), fmt);
    else
        write_value(s, row, at, jx_field_value(field, model_row), fmt);
}

/* A value cell that a finding corrects: the computed value, filled, commented. */
static bool write_fixed(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *v,
                        bool percent, const jx_finding *fix)
{
    if (fix == NULL)
        return false;
    int64_t micros = percent ? fix->computed / 100 : fix->computed;
    lxw_format *fmt = mark_cell(s, row, field->first, percent ? MARK_RATE : MARK_SCORE, v->cell, fix,
                                NULL, NULL, fix->computed, fix->computed_decimals, percent, NULL);
    if (field->first < field->last)
        worksheet_merge_range(s->ws, row, field->first, row, field->last, "", fmt);
    lxw_error e = worksheet_write_number(s->ws, row, field->first, jx_xlsx_to_double(micros), fmt);
    if (e)
        jx_xlsx_fail(s->w, "write", e);
    jx_xlsx_remember_value(s->w, v->cell, s->sheet, row, field->first, true, fix->computed);
    return true;
}

static bool write_corrected(sheet *s, lxw_row_t row, const jx_form_field *field,
                            const jx_value *v, bool percent)
{
    return write_fixed(s, row, field, v, percent, jx_xlsx_correction_of(s->w, v->cell));
}

/* ------------------------------------------------------------ scorecard blocks */

typedef struct {
    ref_list weights;      /* summed into 总分's 分值 */
    ref_list scores;       /* summed into 总分's 得分 */
    ref_list na_weights;   /* weights of indicators that do not apply */
} totals;

static bool plain_value(const jx_value *v)
{
    return v->num.kind == JX_NUM_VALUE && v->num.unit[0] == '\0' && v->num.cmp == JX_CMP_NONE;
}

/*
 * An amount that arithmetic corrects to the sum of its parts: a live SUM
 * whose cached result is the exact sum of what the parts hold. `code` names
 * the finding that decides it here: a 金额合计 is the sum of its task rows
 * (task_sum), a row's 总额 the sum of its parts (subrow_mismatch).
 */
static void write_amount(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *v,
                         const ref_list *parts, jx_code code, bool follow_parts)
{
    const jx_finding *fix = jx_xlsx_correction_of(s->w, v->cell);
    bool corrected = fix && code < JX_CODE_COUNT && strcmp(fix->code, jx_code_info_of(code)->name) == 0
                  && fix->severity > JX_SEV_INFO;
    if (parts && parts->n > 0 && (corrected || follow_parts)) {
        bool differs = v->num.kind != JX_NUM_VALUE || v->num.micros != parts->sum;
        lxw_format *fmt = s->f.amount;
        if (differs)
            fmt = jx_xlsx_mark(s, row, field->first, MARK_AMOUNT,
                               &(mark_info){.declared = v->cell, .finding = fix,
                                            .computed = NULL, .shown = parts->sum, .decimals = 2,
                                            .reason = "按各组成项（含已更正的）之和计算。",
                                            .note = corrected ? NULL
                                                  : "同组金额已更正，此数按各组成项之和重新计算"});
        jx_xlsx_write_sum(s, row, field, parts, fmt);
        jx_xlsx_remember_value(s->w, v->cell, s->sheet, row, field->first, true, parts->sum);
        return;
    }
    write_value(s, row, field, v, s->f.amount);
}

/* Adds a part to a sum: its place in the sheet and the value it holds there. */
static void add_part(sheet *s, ref_list *parts, lxw_row_t row, lxw_col_t col, const jx_value *v)
{
    int64_t value = 0;
    jx_xlsx_written_value(s->w, v, &value);
    jx_xlsx_refs_add(parts, row, col, value);
}

/*
 * A number's format at the decimals the document printed it with: a live
 * rate that agrees with the printed one at its precision shows as printed
 * (86% for 85.64%, not a silent change), a target or an actual keeps its
 * decimals (a head count stays 3590). One format per precision, made once.
 */
static lxw_format *as_printed(sheet *s, int decimals, bool percent)
{
    lxw_format *fallback = percent ? s->f.rate : s->f.amount;
    if (decimals < 0 || decimals > 6)
        return fallback;
    lxw_format **made = &s->as_printed[percent][decimals];
    if (*made == NULL) {
        char num[32];
        jx_xlsx_printed_pattern(num, sizeof num, decimals, percent, false);
        *made = jx_xlsx_number_format(s->w, s->tpl, num);
    }
    return *made ? *made : fallback;
}

static lxw_format *rate_as_printed(sheet *s, int decimals)
{
    return as_printed(s, decimals, true);
}

static lxw_format *number_as_printed(sheet *s, int decimals)
{
    return as_printed(s, decimals, false);
}

/* 执行率 = 全年执行数 / 全年预算数, live; a rate that cannot be computed stays as printed. */
static bool write_rate(sheet *s, lxw_row_t row, const jx_form_field *field, const jx_value *rate,
                       const jx_value *budget, lxw_col_t budget_col, const jx_value *executed,
                       lxw_col_t executed_col, int64_t *pct)
{
    if (field == NULL)
        return false;
    int64_t a = 0, b = 0;
    if (!jx_xlsx_written_value(s->w, budget, &a) || !jx_xlsx_written_value(s->w, executed, &b)
        || a <= 0 || !jx_decimal_muldiv(b, 100 * JX_MICRO, a, pct)) {
        if (rate->cell && rate->num.kind == JX_NUM_VALUE) {
            jx_value as_percent = *rate;
            as_percent.num.percent = true;
            write_value(s, row, field, &as_percent, s->f.rate);
        } else {
            write_value(s, row, field, rate, s->f.rate);
        }
        return false;
    }
    char bref[16], eref[16], formula[64];
    lxw_rowcol_to_cell(bref, row, budget_col);
    lxw_rowcol_to_cell(eref, row, executed_col);
    snprintf(formula, sizeof formula, "=ROUND(%s/%s,4)", eref, bref);
    int64_t ratio = jx_decimal_round(*pct / 100, 4);
    const jx_finding *fix = jx_xlsx_correction_of(s->w, rate->cell);
    /* A rate off only because an amount it divides was corrected is corrected too. */
    bool differs = fix || (rate->num.kind == JX_NUM_VALUE && !jx_decimal_agrees(&rate->num, *pct));
    lxw_format *fmt = s->f.rate;
    if (differs)
        fmt = mark_cell(s, row, field->first, MARK_RATE, rate->cell, fix, "执行率", NULL,
                        jx_decimal_round(*pct, 2), 2, true, "执行率按更正后的金额重新计算。");
    else if (rate->num.kind == JX_NUM_VALUE)
        fmt = rate_as_printed(s, rate->num.decimals); /* 86% stays 86%, not 85.64% */
    jx_xlsx_write_formula(s, row, field, formula, jx_xlsx_to_double(ratio), fmt);
    jx_xlsx_remember_cell(s->w, rate->cell, s->sheet, row, field->first);
    return true;
}

/*
 * The execution score of the row that carries it: 分值 × min(执行率, cap),
 * live; the tiered rule, which no formula here expresses, as a value.
 */
static void write_execution_score(sheet *s, lxw_row_t row, const jx_form_field *field,
                                  const jx_value *weight, lxw_col_t weight_col,
                                  const jx_value *score, lxw_col_t rate_col, bool have_rate,
                                  int64_t pct, totals *t)
{
    const jx_rules *rules = s->w->report->rules;
    const jx_scorecard *card = s->card;
    if (!plain_value(weight) && score->num.kind != JX_NUM_VALUE) {
        write_value(s, row, field, score, s->f.score); /* no 分值, no 得分: not scored */
        return;
    }
    int64_t w = jx_execution_weight(rules, card, plain_value(weight) ? weight : NULL);
    if (!plain_value(weight)) {
        /* The weight the score is of, where the sums can read it: the form's
         * header's or the rule's, said so. */
        worksheet_write_number(s->ws, row, weight_col, jx_xlsx_to_double(w), s->f.score);
        jx_xlsx_put_comment(s->w, s->ws, row, weight_col,
                            card->has_execution_weight ? "分值取自表头所列的预算执行分值。"
                                                       : "表中未填分值，按规则的预算执行分值计。");
    }
    jx_xlsx_refs_add(&t->weights, row, weight_col, w);
    if (!have_rate) {
        write_value(s, row, field, score, s->f.score);
        if (score->num.kind == JX_NUM_VALUE)
            jx_xlsx_refs_add(&t->scores, row, field->first, score->num.micros);
        return;
    }
    int d = rules->exec_score_decimals;
    int64_t expected = jx_decimal_round(jx_execution_score(rules, w, pct), d);
    bool differs = score->num.kind != JX_NUM_VALUE || score->num.micros != expected;
    const jx_finding *fix = jx_xlsx_correction_of(s->w, score->cell);
    if (fix == NULL && score->num.kind == JX_NUM_EMPTY) /* a blank 得分: a finding of no cell */
        fix = jx_xlsx_blank_finding(s->w, card->table, 0, JX_CODE_exec_score);
    lxw_format *fmt = s->f.score;
    if (differs)
        fmt = mark_cell(s, row, field->first, MARK_SCORE, score->cell, fix, "预算执行率", "得分", expected,
                        d, false, "按规则重新计算的预算执行率得分。");
    if (rules->exec_formula == JX_EXEC_PROPORTIONAL) {
        char wexpr[32], rref[16], cap[32], formula[112];
        /* A blank 分值 takes the rule's weight, written into the formula. */
        if (plain_value(weight))
            lxw_rowcol_to_cell(wexpr, row, weight_col);
        else
            jx_decimal_format(wexpr, sizeof wexpr, w, 6);
        lxw_rowcol_to_cell(rref, row, rate_col);
        jx_decimal_format(cap, sizeof cap, rules->exec_cap, 6);
        snprintf(formula, sizeof formula, "=ROUND(%s*MIN(%s,%s),%d)", wexpr, rref, cap, d);
        jx_xlsx_write_formula(s, row, field, formula, jx_xlsx_to_double(expected), fmt);
    } else {
        if (field->first < field->last)
            worksheet_merge_range(s->ws, row, field->first, row, field->last, "", fmt);
        worksheet_write_number(s->ws, row, field->first, jx_xlsx_to_double(expected), fmt);
        if (!differs)
            jx_xlsx_put_comment(s->w, s->ws, row, field->first, "按规则分档计分，公式无法表达，填写计算结果。");
    }
    jx_xlsx_remember_cell(s->w, score->cell, s->sheet, row, field->first);
    jx_xlsx_refs_add(&t->scores, row, field->first, expected);
}

/* The next field of `fields` the template places, from *k on, and where (*at); NULL after the
 * last. Fields are written in fields.def's order, whatever the template's. */
static const jx_field *next_placed(const jx_form_block *b, jx_field_list fields, size_t *k,
                                   const jx_form_field **at)
{
    for (; *k < fields.n; ++*k) {
        *at = jx_xlsx_field_of(b, fields.fields[*k].name);
        if (*at)
            return &fields.fields[(*k)++];
    }
    return NULL;
}

/* A funds amount; a total's parts are the other rows of the block, in the same column. */
static void write_funds_amount(sheet *s, const jx_form_block *b, lxw_row_t first, size_t i,
                               const jx_form_field *at, const jx_field *field)
{
    (void)b;
    const jx_scorecard *card = s->card;
    const jx_funds_row *f = &card->funds[i];
    ref_list parts = {.n = 0};
    for (size_t j = 0; f->is_total && j < card->nfunds; j++) {
        const jx_value *sv = jx_field_value(field, &card->funds[j]);
        if (j != i && sv->num.kind == JX_NUM_VALUE)
            add_part(s, &parts, first + (lxw_row_t)j, at->first, sv);
    }
    write_amount(s, first + (lxw_row_t)i, at, jx_field_value(field, f),
                 f->is_total ? &parts : NULL, JX_CODE_subrow_mismatch, false);
    jx_xlsx_refs_free(&parts);
}

/*
 * A task amount. A 金额合计 is the sum of the task rows (task_sum); a row's
 * 总额 is the sum of its 财政拨款 and 其他资金 (subrow_mismatch), the two
 * fields after it in fields.def.
 */
/* A value the writer changed: what it wrote differs from what was printed. */
static bool rewritten(const sheet *s, const jx_value *v)
{
    int64_t written = 0;
    return v->num.kind == JX_NUM_VALUE && jx_xlsx_written_value(s->w, v, &written)
        && written != v->num.micros;
}

/*
 * Whether a 金额合计's amount follows its task rows although no finding of
 * its own corrects it: a task above was changed in its column, or another
 * amount of its group (全年预算数 or 全年执行数: 总额, 财政拨款, 其他资金) on
 * the row was corrected. Else the row would stop adding up (a 财政拨款 of
 * 526.03 beside a 总额 of 526.04).
 */
static bool total_follows_tasks(const sheet *s, const jx_field *field, size_t total)
{
    const jx_scorecard *card = s->card;
    for (size_t j = 0; j < card->ntasks; j++) {
        if (j != total && !card->tasks[j].is_total && rewritten(s, jx_field_value(field, &card->tasks[j])))
            return true;
    }
    jx_field_id group = field->id <= JX_FIELD_tasks_budget_other ? JX_FIELD_tasks_budget_total
                                                                  : JX_FIELD_tasks_exec_total;
    for (jx_field_id id = group; id <= group + 2; id++) {
        const jx_finding *fix = jx_xlsx_correction_of(s->w, jx_field_value(jx_field_of(id), &card->tasks[total])->cell);
        if (fix && fix->severity > JX_SEV_INFO)
            return true;
    }
    return false;
}

/*
 * A task amount. A 金额合计 is the sum of the task rows (task_sum); a row's
 * 总额 is the sum of its 财政拨款 and 其他资金 (subrow_mismatch), the two
 * fields after it in fields.def.
 */
static void write_task_amount(sheet *s, const jx_form_block *b, lxw_row_t first, size_t i,
                              const jx_form_field *at, const jx_field *field)
{
    const jx_scorecard *card = s->card;
    const jx_task_row *task = &card->tasks[i];
    lxw_row_t row = first + (lxw_row_t)i;
    ref_list parts = {.n = 0};
    jx_code code = JX_CODE_COUNT; /* none: a part is not a sum */
    bool follow = false;
    if (task->is_total) {
        code = JX_CODE_task_sum;
        for (size_t j = 0; j < card->ntasks; j++) {
            const jx_value *v = jx_field_value(field, &card->tasks[j]);
            if (!card->tasks[j].is_total && v->num.kind == JX_NUM_VALUE)
                add_part(s, &parts, first + (lxw_row_t)j, at->first, v);
        }
        follow = total_follows_tasks(s, field, i);
    } else if (field->id == JX_FIELD_tasks_budget_total
               || field->id == JX_FIELD_tasks_exec_total) {
        code = JX_CODE_subrow_mismatch;
        for (jx_field_id part = field->id + 1; part <= field->id + 2; part++) {
            const jx_form_field *pf = jx_xlsx_field_of(b, jx_field_of(part)->name);
            const jx_value *v = jx_field_value(jx_field_of(part), task);
            if (pf && v->num.kind == JX_NUM_VALUE)
                add_part(s, &parts, row, pf->first, v);
        }
    }
    write_amount(s, row, at, jx_field_value(field, task), &parts, code, follow);
    jx_xlsx_refs_free(&parts);
}

/* Whether a row may carry the card's execution score (the first that may does): a total. */
static bool funds_row_scores(const void *row)
{
    return ((const jx_funds_row *)row)->is_total;
}

/* A 金额合计 scores only where the form gives it a 分值 or 得分. */
static bool task_row_scores(const void *row)
{
    const jx_task_row *task = row;
    return task->is_total && (task->weight.cell || task->score.cell);
}

/*
 * A block whose rows are rated on their execution, funds or tasks: amounts
 * (a total's live sums), 执行率 live on the amounts it divides, and the
 * card's execution score on its first total.
 */
typedef struct {
    jx_card_block block;
    const void *rows;                 /* card->funds or card->tasks */
    size_t n, size;
    const char *budget, *executed;    /* the fields 执行率 divides */
    bool (*scores)(const void *row);
    void (*write_amount)(sheet *s, const jx_form_block *b, lxw_row_t first, size_t i,
                         const jx_form_field *at, const jx_field *field);
} rated_block;

/*
 * A form's block without the fields `unused` marks (a card prints no such
 * column: Henan's tasks have no amounts, most cards no 偏差度), their columns
 * given to a field beside them: the text field to the left first, else the
 * field to the right, else any to the left. No empty column cuts the form.
 */
static bool is_text_field(const jx_form_block *block, const jx_form_field *f)
{
    const jx_field *field = jx_field_named(jx_card_block_named(block->name), f->field);
    return field && field->holds == JX_HOLDS_TEXT;
}

static jx_form_field *touching(jx_form_block *kept, unsigned col, bool left)
{
    for (size_t k = 0; k < kept->nfields; k++) {
        jx_form_field *f = &kept->fields[k];
        if (left ? f->last + 1u == col : f->first == col + 1u)
            return f;
    }
    return NULL;
}

static void drop_fields(jx_form_block *block, const bool *unused)
{
    jx_form_block kept = *block;
    kept.nfields = 0;
    jx_form_field gone[JX_TEMPLATE_MAX_FIELDS];
    size_t ngone = 0;
    for (size_t i = 0; i < block->nfields; i++) {
        if (!unused[i])
            kept.fields[kept.nfields++] = block->fields[i];
        else
            gone[ngone++] = block->fields[i];
    }
    for (size_t i = 1; i < ngone; i++) /* by column: a run passes on from field to field */
        for (size_t j = i; j > 0 && gone[j].first < gone[j - 1].first; j--) {
            jx_form_field x = gone[j];
            gone[j] = gone[j - 1];
            gone[j - 1] = x;
        }
    bool given[JX_TEMPLATE_MAX_FIELDS] = {false};
    for (size_t i = 0; i < ngone; i++) {
        jx_form_field *left = touching(&kept, gone[i].first, true);
        if (left && is_text_field(block, left)) {
            left->last = gone[i].last;
            given[i] = true;
        }
    }
    for (size_t i = ngone; i-- > 0;) {
        jx_form_field *right = given[i] ? NULL : touching(&kept, gone[i].last, false);
        if (right) {
            right->first = gone[i].first;
            given[i] = true;
        }
    }
    for (size_t i = 0; i < ngone; i++) {
        jx_form_field *left = given[i] ? NULL : touching(&kept, gone[i].first, true);
        if (left)
            left->last = gone[i].last;
    }
    *block = kept;
}

/*
 * Adjacent text fields share their columns by what they hold: after a block
 * lost its empty amounts, Henan's 主要内容 (long) and 完成情况 (short) split
 * the room by their text, not the one beside the gap taking all of it.
 * demand[k] is field k's text width summed over the card's rows.
 */
static void share_columns(const jx_template *t, jx_form_block *block, const size_t *demand)
{
    for (size_t k = 0; k + 1 < block->nfields; k++) {
        jx_form_field *a = &block->fields[k], *b = &block->fields[k + 1];
        if (b->first != a->last + 1u || !is_text_field(block, a) || !is_text_field(block, b)
            || demand[k] == 0 || demand[k + 1] == 0)
            continue;
        unsigned first = a->first, last = b->last;
        /* the split that brings each field's share of the width nearest its share of the text */
        unsigned best = a->last;
        double best_gap = 1e300, total = 0;
        for (unsigned c = first; c <= last; c++)
            total += t->column_width_tenths[c];
        double want = (double)demand[k] / (double)(demand[k] + demand[k + 1]);
        double width = 0;
        for (unsigned split = first; split < last; split++) {
            width += t->column_width_tenths[split];
            double gap = width / total - want;
            if (gap < 0)
                gap = -gap;
            if (gap < best_gap) {
                best_gap = gap;
                best = split;
            }
        }
        a->last = (uint8_t)best;
        b->first = (uint8_t)(best + 1);
    }
}

/* Whether any row of the block prints a value in the field (text fields always count). */
static bool column_printed(const rated_block *rb, const char *name)
{
    const jx_field *field = jx_field_named(rb->block, name);
    if (field == NULL || field->holds != JX_HOLDS_VALUE)
        return true;
    for (size_t i = 0; i < rb->n; i++) {
        if (jx_field_value(field, (const char *)rb->rows + i * rb->size)->cell != NULL)
            return true;
    }
    return false;
}

static void write_rated_block(sheet *s, const rated_block *rb, totals *t)
{
    const jx_form_block *form = jx_template_block(s->tpl, jx_card_block_name(rb->block));
    if (form == NULL || rb->n == 0)
        return;
    /* The amounts, rates and scores the card's rows print none of leave the
     * form; but a rate the amounts give, and a score a 分值 asks for, are
     * written though the document left them blank. */
    jx_form_block block = *form;
    bool unused[JX_TEMPLATE_MAX_FIELDS] = {false};
    for (size_t k = 0; k < block.nfields; k++)
        unused[k] = !column_printed(rb, block.fields[k].field);
    for (size_t k = 0; k < block.nfields; k++) {
        const char *name = block.fields[k].field;
        if (strcmp(name, "rate") == 0)
            unused[k] = unused[k] && !(column_printed(rb, rb->budget) && column_printed(rb, rb->executed));
        else if (strcmp(name, "score") == 0)
            unused[k] = unused[k] && !column_printed(rb, "weight");
        else if (strcmp(name, "weight") == 0) /* the header's (预算执行情况(20分)) goes here */
            unused[k] = unused[k] && !(rb->block == JX_BLOCK_funds && s->card->has_execution_weight);
    }
    drop_fields(&block, unused);
    size_t demand[JX_TEMPLATE_MAX_FIELDS] = {0};
    for (size_t k = 0; k < block.nfields; k++) {
        const jx_field *field = jx_field_named(rb->block, block.fields[k].field);
        for (size_t i = 0; field && field->holds == JX_HOLDS_TEXT && i < rb->n; i++)
            demand[k] += jx_xlsx_display_width(jx_field_text(field, (const char *)rb->rows + i * rb->size));
    }
    share_columns(s->tpl, &block, demand);
    const jx_form_block *b = &block;
    write_block_header(s, b);
    const jx_field *budget = jx_field_named(rb->block, rb->budget),
                   *executed = jx_field_named(rb->block, rb->executed),
                   *weight = jx_field_named(rb->block, "weight"),
                   *rate = jx_field_named(rb->block, "rate"),
                   *score = jx_field_named(rb->block, "score");
    const jx_form_field *budget_at = jx_xlsx_field_of(b, rb->budget),
                        *executed_at = jx_xlsx_field_of(b, rb->executed),
                        *weight_at = jx_xlsx_field_of(b, "weight"),
                        *rate_at = jx_xlsx_field_of(b, "rate");
    jx_field_list fields = jx_block_fields(rb->block);
    lxw_row_t first = s->row;
    bool scored = false;
    for (size_t i = 0; i < rb->n; i++) {
        const void *r = (const char *)rb->rows + i * rb->size;
        lxw_row_t row = s->row++;
        int64_t pct = 0;
        bool have_rate = false;
        const jx_field *field;
        const jx_form_field *at;
        for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
            if (field == rate && budget_at && executed_at) {
                have_rate = write_rate(s, row, at, jx_field_value(rate, r),
                                       jx_field_value(budget, r), budget_at->first,
                                       jx_field_value(executed, r), executed_at->first, &pct);
            } else if (field == score && !scored && rb->scores(r)
                       && s->card->kind != JX_KIND_TARGET && weight_at && rate_at) {
                scored = true;
                write_execution_score(s, row, at, jx_field_value(weight, r), weight_at->first,
                                      jx_field_value(score, r), rate_at->first, have_rate, pct, t);
            } else if (field->style == JX_STYLE_AMOUNT) {
                rb->write_amount(s, b, first, i, at, field);
            } else {
                write_field(s, row, at, field, r); /* text, 分值, a rate or score as printed */
            }
        }
    }
}

static void write_funds(sheet *s, totals *t)
{
    const jx_scorecard *card = s->card;
    write_rated_block(s, &(rated_block){JX_BLOCK_funds, card->funds, card->nfunds,
                                        sizeof *card->funds, "budget", "executed",
                                        funds_row_scores, write_funds_amount}, t);
}

static void write_tasks(sheet *s, totals *t)
{
    const jx_scorecard *card = s->card;
    write_rated_block(s, &(rated_block){JX_BLOCK_tasks, card->tasks, card->ntasks,
                                        sizeof *card->tasks, "budget_total", "exec_total",
                                        task_row_scores, write_task_amount}, t);
}

/* A 分值 as printed, added to the weights a 小计 or 总分 sums. */
static void write_weight(sheet *s, lxw_row_t row, const jx_form_field *at, const jx_value *weight,
                         ref_list *weights)
{
    write_value(s, row, at, weight, s->f.score);
    if (weight->num.kind == JX_NUM_VALUE)
        jx_xlsx_refs_add(weights, row, at->first, weight->num.micros);
}

static void write_management(sheet *s, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, "management");
    const jx_scorecard *card = s->card;
    if (b == NULL || card->nmanagement == 0)
        return;
    write_block_header(s, b);
    jx_field_list fields = jx_block_fields(JX_BLOCK_management);
    for (size_t i = 0; i < card->nmanagement; i++) {
        const jx_management_row *m = &card->management[i];
        lxw_row_t row = s->row++;
        const jx_field *field;
        const jx_form_field *at;
        for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
            switch (field->id) {
            case JX_FIELD_management_weight:
                write_weight(s, row, at, &m->weight, &t->weights);
                break;
            case JX_FIELD_management_score: {
                const jx_finding *fix = jx_xlsx_correction_of(s->w, m->score.cell);
                if (!write_corrected(s, row, at, &m->score, false))
                    write_value(s, row, at, &m->score, s->f.score);
                int64_t v = fix ? fix->computed : m->score.num.micros;
                if (m->score.num.kind == JX_NUM_VALUE)
                    jx_xlsx_refs_add(&t->scores, row, at->first, v);
                break;
            }
            default:
                write_field(s, row, at, field, m);
            }
        }
    }
}

/* ------------------------------------------------------------ indicators */

/* How many rows from `i` on share the level (merged cells on the form). */
static size_t run_length(const jx_scorecard *card, size_t i, bool level2)
{
    size_t n = 1;
    while (i + n < card->nindicators) {
        const jx_indicator *a = &card->indicators[i], *b = &card->indicators[i + n];
        if (strcmp(a->level1, b->level1) != 0 || (level2 && strcmp(a->level2, b->level2) != 0))
            break;
        n++;
    }
    return n;
}

static void write_level(sheet *s, const jx_form_field *f, lxw_row_t row, size_t rows,
                        const char *text)
{
    if (f == NULL)
        return;
    jx_xlsx_put_string(s->w, s->ws, s->sheet, row, f->first, row + (lxw_row_t)rows - 1, f->last,
                       text, s->f.label);
    /* A name longer than its rows hold (a line each, at the least) makes the
     * last of them taller, or it would print cut. */
    size_t lines = jx_xlsx_text_lines(s->tpl, f->first, f->last, text);
    if (lines > rows)
        jx_xlsx_note_lines(&s->heights, row + (lxw_row_t)rows - 1, lines - (rows - 1));
}

static void write_indicator_score(sheet *s, lxw_row_t row, const jx_form_field *score,
                                  const jx_indicator *ind, ref_list *scores, totals *t,
                                  lxw_col_t weight_col)
{
    const jx_finding *na = jx_xlsx_not_applicable(s->w, ind->score.cell);
    if (na) {
        /* Text, so SUM leaves it out; its weight leaves the total's base. */
        lxw_format *fmt = jx_xlsx_mark(s, row, score->first, MARK_TEXT,
                                       &(mark_info){.declared = ind->score.cell, .finding = na,
                                                    .computed = "不适用（不计分）"});
        char text[32];
        snprintf(text, sizeof text, "不适用%s", jx_xlsx_mark_label(s->nmarks, (char[16]){0}, 16));
        jx_xlsx_sheet_text(s, row, score->first, score->last, text, fmt);
        jx_xlsx_remember_cell(s->w, ind->score.cell, s->sheet, row, score->first);
        if (ind->weight.num.kind == JX_NUM_VALUE)
            jx_xlsx_refs_add(&t->na_weights, row, weight_col, ind->weight.num.micros);
        return;
    }
    const jx_finding *fix = jx_xlsx_correction_of(s->w, ind->score.cell);
    if (fix == NULL && ind->score.num.kind == JX_NUM_EMPTY) /* a blank 得分 the rules decide */
        fix = jx_xlsx_blank_finding(s->w, s->card->table, ind->line, JX_CODE_indicator_score);
    if (fix == NULL && ind->score.num.kind == JX_NUM_EMPTY)
        fix = jx_xlsx_blank_finding(s->w, s->card->table, ind->line, JX_CODE_exec_score);
    if (!write_fixed(s, row, score, &ind->score, false, fix))
        write_value(s, row, score, &ind->score, s->f.score);
    int64_t v = fix ? fix->computed : ind->score.num.micros;
    if (fix || ind->score.num.kind == JX_NUM_VALUE)
        jx_xlsx_refs_add(scores, row, score->first, v);
}

/* An indicator's row; its level1 and level2 are merged over their rows by the caller. */
static void write_indicator_row(sheet *s, const jx_form_block *b, const jx_indicator *ind,
                                ref_list *weights, ref_list *scores, totals *t)
{
    const jx_form_field *weight = jx_xlsx_field_of(b, "weight");
    jx_field_list fields = jx_block_fields(JX_BLOCK_indicators);
    lxw_row_t row = s->row++;
    const jx_field *field;
    const jx_form_field *at;
    for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
        switch (field->id) {
        case JX_FIELD_indicators_level1:
        case JX_FIELD_indicators_level2:
            break;
        case JX_FIELD_indicators_weight:
            write_weight(s, row, at, &ind->weight, weights);
            break;
        case JX_FIELD_indicators_score:
            if (weight)
                write_indicator_score(s, row, at, ind, scores, t, weight->first);
            break;
        case JX_FIELD_indicators_deviation:
            if (!write_corrected(s, row, at, &ind->deviation, true))
                write_value(s, row, at, &ind->deviation, s->f.rate);
            break;
        default:
            write_field(s, row, at, field, ind);
        }
    }
}

/* A 小计 row per first-level group: live sums of its weights and scores. */
static void write_subtotal(sheet *s, const jx_form_block *b, const jx_category *cat,
                           const ref_list *weights, const ref_list *scores, totals *t)
{
    const jx_form_field *weight = jx_xlsx_field_of(b, "weight"),
                        *score = jx_xlsx_field_of(b, "score");
    if (weight == NULL || score == NULL)
        return;
    lxw_row_t row = s->row++;
    char label[160];
    snprintf(label, sizeof label, "%s 小计", cat->name);
    jx_utf8_trim_partial(label);
    lxw_col_t first = b->fields[0].first, last = (lxw_col_t)(weight->first - 1);
    for (size_t i = 0; i < b->nfields; i++)
        if (b->fields[i].first < first)
            first = b->fields[i].first;
    if (last >= first)
        jx_xlsx_sheet_text(s, row, first, last, label, s->f.header);
    bool wrong = cat->has_declared_weight && cat->declared_weight.micros != weights->sum;
    lxw_format *fmt = s->f.score;
    if (wrong) {
        char msg[JX_MESSAGE_MAX];
        char a[48], c[48];
        jx_decimal_format(a, sizeof a, cat->declared_weight.micros, cat->declared_weight.decimals);
        jx_decimal_format(c, sizeof c, weights->sum, 2);
        snprintf(msg, sizeof msg, "%s标明%s分，其下各指标分值合计%s分。", cat->name, a, c);
        jx_utf8_trim_partial(msg);
        fmt = jx_xlsx_mark(s, row, weight->first, MARK_SCORE,
                           &(mark_info){.declared = cat->cell, .declared_text = a,
                                        .finding = jx_xlsx_finding_at(s->w, s->card->table,
                                                                      cat->cell,
                                                                      JX_CODE_category_weight),
                                        .row = label, .column = "分值", .shown = weights->sum,
                                        .decimals = 2, .reason = msg});
    }
    jx_xlsx_write_sum(s, row, weight, weights, fmt);
    jx_xlsx_write_sum(s, row, score, scores, s->f.score);
    jx_xlsx_refs_add_sum(&t->weights, row, weight->first, weights);
    jx_xlsx_refs_add_sum(&t->scores, row, score->first, scores);
}

/* ------------------------------------------------------------ pages */

/*
 * A card is cut into pages by hand, as Excel measures its rows (a character
 * of the default font 7 pixels wide; LibreOffice, standing a wider face in
 * for Calibri, shrinks the sheet further and fits more, never less): a
 * block that would not fit under the rows above starts the next page, and
 * an indicators' group that moves there goes under 续表 and the header
 * again. No rows repeat by the spreadsheet's print titles, which would
 * print the indicators' header above the 修正说明 too.
 */
static double page_capacity(const sheet *s)
{
    return jx_xlsx_page_capacity(s->tpl);
}

static bool room_for(const sheet *s, double needed)
{
    return jx_xlsx_rows_points(&s->heights, s->tpl, s->page_start, s->row) + needed
        <= page_capacity(s);
}

static void break_before(sheet *s, lxw_row_t row)
{
    if (row <= s->page_start || s->nbreaks == CARD_BREAKS_MAX)
        return;
    s->breaks[s->nbreaks++] = row;
    s->page_start = row;
}

/* What was written from `first` on moves to the next page if it overflowed
 * this one and fits a page of its own. */
static void keep_together(sheet *s, lxw_row_t first)
{
    double block = jx_xlsx_rows_points(&s->heights, s->tpl, first, s->row);
    if (!room_for(s, 0) && block <= page_capacity(s))
        break_before(s, first);
}

static void continue_on_next_page(sheet *s, const jx_form_block *b)
{
    break_before(s, s->row);
    lxw_col_t last = jx_xlsx_last_column(s->tpl);
    jx_xlsx_sheet_text(s, s->row++, 0, last, "（续表）", s->f.note);
    write_block_header(s, b);
}

/* The height an indicator's row will print at: its longest text's lines. */
static double indicator_row_points(const sheet *s, const jx_form_block *b, const jx_indicator *ind)
{
    size_t lines = 1;
    const jx_field *field;
    const jx_form_field *at;
    jx_field_list fields = jx_block_fields(JX_BLOCK_indicators);
    for (size_t k = 0; (field = next_placed(b, fields, &k, &at)) != NULL;) {
        const char *text = field->holds == JX_HOLDS_TEXT ? jx_field_text(field, ind)
                         : jx_field_value(field, ind)->cell ? jx_field_value(field, ind)->cell->text
                                                            : "";
        if (field->id == JX_FIELD_indicators_level1 || field->id == JX_FIELD_indicators_level2)
            continue; /* merged down the group's rows */
        size_t n = jx_xlsx_text_lines(s->tpl, at->first, at->last, text);
        if (n > lines)
            lines = n;
    }
    return jx_xlsx_lines_points(s->tpl, lines);
}

/* A group's rows, its 小计, and for a scored card's last group 总分 and the
 * grade under it (a total is not left alone at the top of a page). */
static double group_points(const sheet *s, const jx_form_block *b, size_t i, size_t group)
{
    const jx_scorecard *card = s->card;
    bool last = i + group >= card->nindicators && card->kind != JX_KIND_TARGET;
    double needed = jx_xlsx_lines_points(s->tpl, 1) * (last ? 4 : 1);
    double rows = 0;
    for (size_t j = i; j < i + group && j < card->nindicators; j++)
        rows += indicator_row_points(s, b, &card->indicators[j]);
    /* The group's name merged down its rows needs lines of its own. */
    const jx_form_field *l1 = jx_xlsx_field_of(b, "level1");
    size_t lines = l1 ? jx_xlsx_text_lines(s->tpl, l1->first, l1->last, card->indicators[i].level1) : 0;
    double name = jx_xlsx_lines_points(s->tpl, lines);
    return needed + (rows > name ? rows : name);
}

static void write_indicators(sheet *s, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, "indicators");
    const jx_scorecard *card = s->card;
    if (b == NULL || card->nindicators == 0)
        return;
    /* 偏差度 is Henan's: a card that prints none gets no such column. */
    jx_form_block block = *b;
    bool any_deviation = false;
    for (size_t i = 0; i < card->nindicators; i++)
        any_deviation = any_deviation || card->indicators[i].deviation.cell != NULL;
    bool unused[JX_TEMPLATE_MAX_FIELDS] = {false};
    for (size_t k = 0; k < block.nfields; k++)
        unused[k] = !any_deviation && strcmp(block.fields[k].field, "deviation") == 0;
    drop_fields(&block, unused);
    b = &block;
    /* The header with no group under it would stand alone at a page's foot. */
    double first_group = group_points(s, b, 0, run_length(card, 0, false));
    if (!room_for(s, jx_xlsx_lines_points(s->tpl, 2) + first_group))
        break_before(s, s->row);
    write_block_header(s, b);
    const jx_form_field *l1 = jx_xlsx_field_of(b, "level1"), *l2 = jx_xlsx_field_of(b, "level2");
    ref_list weights = {.n = 0}, scores = {.n = 0};
    for (size_t i = 0; i < card->nindicators;) {
        size_t group = run_length(card, i, false);
        /* A group that would not fit under the rows above starts the next
         * page, under 续表 and the header again (a group is never cut: its
         * names are merged down its rows). */
        double needed = group_points(s, b, i, group);
        if (!room_for(s, needed) && i > 0 && needed <= page_capacity(s))
            continue_on_next_page(s, b);
        write_level(s, l1, s->row, group, card->indicators[i].level1);
        /* the group's label is where its declared weight is (产出指标(50分)):
         * a finding about that weight links here */
        if (l1 && card->ncategories > card->indicators[i].category)
            jx_xlsx_remember_cell(s->w, card->categories[card->indicators[i].category].cell, s->sheet,
                                  s->row, l1->first);
        jx_xlsx_refs_clear(&weights);
        jx_xlsx_refs_clear(&scores);
        for (size_t j = i; j < i + group;) {
            size_t sub = run_length(card, j, true);
            if (sub > i + group - j)
                sub = i + group - j;
            write_level(s, l2, s->row + (lxw_row_t)(j - i), sub, card->indicators[j].level2);
            j += sub;
        }
        lxw_row_t group_start = s->row;
        for (size_t j = i; j < i + group; j++) {
            write_indicator_row(s, b, &card->indicators[j], &weights, &scores, t);
        }
        if (card->kind != JX_KIND_TARGET && (weights.n > 0 || scores.n > 0))
            write_subtotal(s, b, &card->categories[card->indicators[i].category], &weights,
                           &scores, t);
        /* Taller than estimated (a name's lines): it starts the next page still. */
        keep_together(s, group_start);
        i += group;
    }
    jx_xlsx_refs_free(&weights);
    jx_xlsx_refs_free(&scores);
}

/* ------------------------------------------------------------ 总分 */

/* ROUND(value, d) as a spreadsheet computes it on doubles. */
static double round_like_formula(double approx, int d)
{
    double unit = 1;
    for (int k = 0; k < d; k++)
        unit *= 10;
    if (approx * unit < 9e18 && approx * unit > -9e18)
        approx = (double)(long long)(approx * unit + (approx >= 0 ? 0.5 : -0.5)) / unit;
    return approx;
}

/*
 * 总分: 分值 and 得分 are live sums of the rows above, 得分 the sum of the
 * scores as corrected: the total the findings state (score_total,
 * total_recomputed). Where the weights counted add up to another total than
 * the rule set's (weights off 100, 不适用 rows left out), a row under it
 * scales that sum to the rule's total, saying so: the total the grade is of.
 */
static void write_total(sheet *s, totals *t)
{
    const jx_form_block *b = jx_template_block(s->tpl, "indicators");
    const jx_form_field *weight = jx_xlsx_field_of(b, "weight"),
                        *score = jx_xlsx_field_of(b, "score");
    if (weight == NULL || score == NULL || s->card->kind == JX_KIND_TARGET)
        return;
    const jx_scorecard *card = s->card;
    const jx_card_result *r = s->result;
    const jx_rules *rules = s->w->report->rules;
    lxw_row_t row = s->row++;
    lxw_col_t label_last = (lxw_col_t)(weight->first - 1);
    /* A card cut before its end has no 总分 to recompute: its rows are summed as
     * they are, neither scaled nor marked as a correction. */
    bool partial = r->partial;
    jx_xlsx_sheet_text(s, row, b->fields[0].first, label_last,
               partial ? "已列各项合计（表格不完整，不重算总分）" : "总分", s->f.header);
    /* 分值 */
    /* Past exact decimals the sum says so itself (jx_xlsx_write_sum): no mark. */
    bool weight_wrong = !partial && !t->weights.overflow && card->total_weight.num.kind == JX_NUM_VALUE
        && card->total_weight.num.micros != t->weights.sum;
    lxw_format *fmt = s->f.score;
    if (weight_wrong)
        fmt = mark_cell(s, row, weight->first, MARK_SCORE, card->total_weight.cell,
                        jx_xlsx_finding_at(s->w, card->table, card->total_weight.cell,
                                           JX_CODE_weight_total),
                        "总分", "分值", t->weights.sum, 2, false, "总分的分值按各项分值之和计算。");
    jx_xlsx_write_sum(s, row, weight, &t->weights, fmt);
    jx_xlsx_remember_cell(s->w, card->total_weight.cell, s->sheet, row, weight->first);
    /* 得分: the sum of the scores as corrected. */
    int d = 2;
    jx_buf formula;
    jx_buf_init(&formula);
    jx_buf_puts(&formula, "=ROUND(");
    jx_xlsx_sum_expr(s, &t->scores, &formula);
    jx_buf_printf(&formula, ",%d)", d);
    bool exact = !t->scores.overflow;
    int64_t sum = jx_decimal_round(t->scores.sum, d);
    double cached = exact ? jx_xlsx_to_double(sum) : round_like_formula(t->scores.approx, d);
    if (formula.failed || t->scores.failed || t->na_weights.failed) {
        jx_xlsx_fail(s->w, "formula", LXW_ERROR_MEMORY_MALLOC_FAILED);
        jx_buf_free(&formula);
        return;
    }
    const jx_number *declared = &card->total_score.num;
    bool differs = !partial && exact && (declared->kind != JX_NUM_VALUE || declared->micros != sum);
    fmt = s->f.score;
    if (differs) {
        const jx_cell *declared_cell = card->total_score.cell;
        const jx_finding *fix = jx_xlsx_finding_at(s->w, card->table, declared_cell, JX_CODE_score_total);
        if (fix == NULL)
            fix = jx_xlsx_finding_at(s->w, card->table, declared_cell, JX_CODE_total_recomputed);
        fmt = mark_cell(s, row, score->first, MARK_SCORE, card->total_score.cell, fix, "总分", "得分",
                        sum, d, false, "总分按各项得分（含修正）之和计算。");
    }
    jx_form_field at = *score;
    jx_xlsx_write_formula(s, row, &at, formula.data, cached, fmt);
    jx_xlsx_remember_cell(s->w, card->total_score.cell, s->sheet, row, score->first);
    jx_buf_free(&formula);

    /* Scaled as the check scaled it (a score with no readable 分值 stops it). */
    int64_t counted = 0;
    bool scaled = !partial && r->scaled && !t->weights.overflow && !t->na_weights.overflow
        && jx_decimal_sub(t->weights.sum, t->na_weights.sum, &counted) && counted > 0
        && counted != rules->total_weight;
    if (!scaled)
        return;
    /* The scaled total, on a row of its own: the document has no such cell. */
    lxw_row_t srow = s->row++;
    char total[32], counted_text[32], label[256], wref[16], sref[16];
    jx_decimal_format(total, sizeof total, rules->total_weight, 0);
    jx_decimal_format(counted_text, sizeof counted_text, counted, 2);
    snprintf(label, sizeof label, "折算总分（按%s分计：得分合计×%s÷计分分值%s）", total, total, counted_text);
    jx_xlsx_sheet_text(s, srow, b->fields[0].first, label_last, label, s->f.header);
    lxw_rowcol_to_cell(wref, row, weight->first);
    lxw_rowcol_to_cell(sref, row, score->first);
    int sd = rules->exec_score_decimals;
    jx_buf_init(&formula);
    jx_buf_printf(&formula, "=ROUND(%s*%s/(%s-", sref, total, wref);
    jx_xlsx_sum_expr(s, &t->na_weights, &formula);
    jx_buf_printf(&formula, "),%d)", sd);
    int64_t scaled_total = 0;
    bool scaled_exact = exact && jx_decimal_muldiv(sum, rules->total_weight, counted, &scaled_total);
    double scaled_cached = scaled_exact
        ? jx_xlsx_to_double(jx_decimal_round(scaled_total, sd))
        : round_like_formula(cached * jx_xlsx_to_double(rules->total_weight) / jx_xlsx_to_double(counted), sd);
    if (formula.failed)
        jx_xlsx_fail(s->w, "formula", LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        jx_xlsx_write_formula(s, srow, &at, formula.data, scaled_cached, s->f.score);
    jx_buf_free(&formula);
}

/* ------------------------------------------------------------ the sheet */


void jx_xlsx_write_card_sheet(writer *w, const jx_card_result *result, const char *source)
{
    const jx_scorecard *card = result->card;
    const jx_template *tpl = jx_xlsx_template_for(w, jx_table_kind_name(card->kind));
    if (tpl == NULL)
        return;
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s%zu ", tpl->sheet_name, card->table->index);
    const char *name =
        jx_xlsx_sheet_name(w, prefix, card->name[0] ? card->name : card->table->title);
    lxw_worksheet *ws = name ? workbook_add_worksheet(w->book, name) : NULL;
    if (ws == NULL) {
        jx_xlsx_fail(w, "worksheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    sheet s = {.w = w, .tpl = tpl, .result = result, .card = card, .ws = ws,
               .sheet = w->nsheets - 1, .row = 0,
               .helper_col = (lxw_col_t)(tpl->ncolumns + 1)};
    s.f = jx_xlsx_make_formats(w, tpl);
    jx_xlsx_setup_page(ws, tpl);
    jx_xlsx_write_identification(&s);
    totals t;
    memset(&t, 0, sizeof t);
    lxw_row_t first = s.row;
    write_funds(&s, &t);
    keep_together(&s, first);
    first = s.row;
    write_tasks(&s, &t);
    keep_together(&s, first);
    first = s.row;
    write_management(&s, &t);
    keep_together(&s, first);
    first = s.row;
    jx_xlsx_write_goals(&s);
    keep_together(&s, first);
    write_indicators(&s, &t);
    write_total(&s, &t);
    jx_xlsx_refs_free(&t.weights);
    jx_xlsx_refs_free(&t.scores);
    jx_xlsx_refs_free(&t.na_weights);
    jx_xlsx_write_grade(&s);
    first = s.row;
    jx_xlsx_write_legend(&s);
    jx_xlsx_write_signature(&s);
    keep_together(&s, first);
    first = s.row;
    jx_xlsx_write_corrections(&s);
    keep_together(&s, first);
    jx_xlsx_marks_free(&s);
    if (s.nbreaks > 0)
        worksheet_set_h_pagebreaks(ws, s.breaks);
    /* The pages it was cut into; the footer counts them (the card's, not the
     * workbook's) when each holds what it was given. A block taller than a
     * page breaks where the program breaks it: then the program counts. */
    bool counted = true;
    for (size_t k = 0; k <= s.nbreaks && counted; k++) {
        lxw_row_t from = k == 0 ? 0 : s.breaks[k - 1], to = k < s.nbreaks ? s.breaks[k] : s.row;
        counted = jx_xlsx_rows_points(&s.heights, tpl, from, to) <= jx_xlsx_page_rows_points(tpl);
    }
    jx_xlsx_set_footer(w, ws, tpl, source, counted ? (unsigned)s.nbreaks + 1 : 0);
    jx_xlsx_apply_heights(ws, &s.heights, tpl, s.row);
}
