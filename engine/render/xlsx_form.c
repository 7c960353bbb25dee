/*
 * xlsx_form.c — the blocks of the official form around a card's rows: its
 * title as the document printed it (the unit's name in it), the year, the
 * project and its departments; 年度总体目标 (预期目标, 实际完成情况); the
 * 自评等级 declared and recomputed; and the lines a budget office signs and
 * stamps. Each block but the title is placed by the template ([goals],
 * [grade], [signature]): a template that leaves one out leaves it out.
 */
#include "xlsx.h"

/* The form's title is the document's own where it names the form (a unit's
 * name and 整体支出绩效自评表); the template's where the document printed none. */
static const char *card_title(const sheet *s)
{
    const jx_table *table = s->card->table;
    return table->title && table->title[0] ? table->title : s->tpl->title;
}

void jx_xlsx_write_identification(sheet *s)
{
    const jx_scorecard *card = s->card;
    const jx_table *table = card->table;
    lxw_col_t last = jx_xlsx_last_column(s->tpl);
    jx_xlsx_sheet_text(s, s->row, 0, last, card_title(s), s->f.title);
    jx_xlsx_set_height(s->ws, &s->heights, s->row, 28);
    s->row++;
    char sub[256];
    snprintf(sub, sizeof sub, "%s%s%s", table->year[0] ? "(" : "", table->year,
             table->year[0] ? ")" : "");
    jx_xlsx_sheet_text(s, s->row++, 0, last, sub, s->f.subtitle);
    bool department = card->kind == JX_KIND_DEPARTMENT;
    lxw_col_t split = last > 3 ? last / 2 : 1;
    jx_xlsx_sheet_text(s, s->row, 0, 0, department ? "部门(单位)名称" : "项目名称", s->f.label);
    jx_xlsx_sheet_text(s, s->row, 1, last, card->name, s->f.text);
    s->row++;
    if (!department && (card->department[0] || card->implementer[0])) {
        jx_xlsx_sheet_text(s, s->row, 0, 0, "主管部门", s->f.label);
        jx_xlsx_sheet_text(s, s->row, 1, split - 1 > 1 ? split - 1 : 1, card->department, s->f.text);
        jx_xlsx_sheet_text(s, s->row, split, split, "实施单位", s->f.label);
        jx_xlsx_sheet_text(s, s->row, split + 1 <= last ? split + 1 : last, last, card->implementer, s->f.text);
        s->row++;
    }
}

/* 年度总体目标: what was expected and what was done, as the document says it. */
void jx_xlsx_write_goals(sheet *s)
{
    const jx_form_block *b = jx_template_block(s->tpl, "goals");
    const jx_scorecard *card = s->card;
    bool expected = card->goal_expected && card->goal_expected[0],
         actual = card->goal_actual && card->goal_actual[0];
    if (b == NULL || (!expected && !actual))
        return;
    static const char *const standard[] = {"label", "年度总体目标", "expected", "预期目标",
                                           "actual", "实际完成情况", NULL};
    const jx_form_field *label = jx_xlsx_field_of(b, "label");
    lxw_row_t head = s->row++, row = s->row++;
    jx_xlsx_block_headers(s, b, head, standard, "label");
    /* The label stands over both rows, as the form merges it, in the
     * document's own words (Henan's 年度履职目标), else the template's. */
    if (label)
        jx_xlsx_put_string(s->w, s->ws, s->sheet, head, label->first, row, label->last,
                           card->goal_label[0] ? card->goal_label
                           : label->header[0]  ? label->header
                                               : "年度总体目标",
                           s->f.header);
    jx_xlsx_field_text(s, b, row, "expected", expected ? card->goal_expected : "", s->f.text);
    jx_xlsx_field_text(s, b, row, "actual", actual ? card->goal_actual : "", s->f.text);
}

/* 自评等级: the grade of the printed total and the grade of the recomputed one. */
void jx_xlsx_write_grade(sheet *s)
{
    const jx_form_block *b = jx_template_block(s->tpl, "grade");
    const jx_card_result *r = s->result;
    if (b == NULL || s->card->kind == JX_KIND_TARGET)
        return;
    const jx_form_field *label = jx_xlsx_field_of(b, "label"),
                        *declared = jx_xlsx_field_of(b, "declared"),
                        *computed = jx_xlsx_field_of(b, "computed");
    lxw_row_t row = s->row++;
    if (label)
        jx_xlsx_sheet_text(s, row, label->first, label->last, label->header[0] ? label->header : "自评等级",
            s->f.header);
    char text[160];
    if (declared) {
        snprintf(text, sizeof text, "%s%s", declared->header[0] ? declared->header : "自评：",
                 r->grade_declared[0] ? r->grade_declared : "未填");
        jx_xlsx_sheet_text(s, row, declared->first, declared->last, text, s->f.label);
    }
    if (computed == NULL)
        return;
    const char *grade = r->has_computed_total ? r->grade_computed : "不重算";
    snprintf(text, sizeof text, "%s%s", computed->header[0] ? computed->header : "重算：", grade);
    const jx_cell *cell = s->card->total_score.cell;
    const jx_finding *fix = jx_xlsx_finding_at(s->w, s->card->table, cell, JX_CODE_grade);
    if (fix == NULL) {
        jx_xlsx_sheet_text(s, row, computed->first, computed->last, text, s->f.label);
        return;
    }
    lxw_format *fmt = jx_xlsx_mark(s, row, computed->first, MARK_TEXT,
                                   &(mark_info){.declared = NULL, .finding = fix, .computed = grade});
    char label_text[16];
    snprintf(text + strlen(text), sizeof text - strlen(text), "%s",
             jx_xlsx_mark_label(s->nmarks, label_text, sizeof label_text));
    jx_xlsx_sheet_text(s, row, computed->first, computed->last, text, fmt);
}

/*
 * The lines to sign: 填报单位（盖章）with the unit the card names, then
 * blanks to fill by hand. Fields that share a column with one already on
 * the row start the next row (the template lays them out).
 */
void jx_xlsx_write_signature(sheet *s)
{
    const jx_form_block *b = jx_template_block(s->tpl, "signature");
    if (b == NULL)
        return;
    static const char *const standard[] = {"unit", "填报单位（盖章）：", "head", "单位负责人：",
                                           "preparer", "填表人：", "phone", "联系电话：",
                                           "date", "填报日期：", NULL};
    const jx_scorecard *card = s->card;
    const char *unit = card->implementer[0]                  ? card->implementer
                     : card->kind == JX_KIND_DEPARTMENT ? card->name
                                                          : card->department;
    s->row++; /* a blank line above */
    lxw_row_t row = s->row;
    size_t row_start = 0; /* the first field on the current row */
    for (size_t i = 0; i < b->nfields; i++) {
        const jx_form_field *f = &b->fields[i];
        for (size_t j = row_start; j < i; j++) {
            if (b->fields[j].first <= f->last && f->first <= b->fields[j].last) {
                row++; /* a column taken on this row: the next row */
                row_start = i;
                break;
            }
        }
        char text[320];
        snprintf(text, sizeof text, "%s%s", jx_xlsx_header_word(f, standard),
                 strcmp(f->field, "unit") == 0 ? unit : "");
        jx_utf8_trim_partial(text);
        jx_xlsx_sheet_text(s, row, f->first, f->last, text, s->f.note);
        /* Room to sign by hand. */
        jx_xlsx_set_height(s->ws, &s->heights, row, s->tpl->font_size * 2.4);
    }
    s->row = row + 1;
}
