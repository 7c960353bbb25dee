/*
 * xlsx_marks.c — what makes a card's corrections visible on paper. A comment
 * does not print and a fill alone prints as grey as a header, so every
 * corrected cell carries a numbered mark (①, ②, …) in its own figures, and
 * under the card a 修正说明 lists each mark: the cell, what the document
 * printed, what the cell holds now and why; then the card's findings that
 * correct no cell, so a signed printout holds every finding about the card.
 */
#include "xlsx.h"

/* ①–⑳, ㉑–㉟, ㊱–㊿: circled numbers print in every CJK font; past 50, [51]. */
const char *jx_xlsx_mark_label(size_t n, char *buf, size_t size)
{
    unsigned cp = n >= 1 && n <= 20  ? 0x2460 + (unsigned)(n - 1)
                : n >= 21 && n <= 35 ? 0x3251 + (unsigned)(n - 21)
                : n >= 36 && n <= 50 ? 0x32B1 + (unsigned)(n - 36)
                                     : 0;
    if (cp == 0) {
        snprintf(buf, size, "[%zu]", n);
        return buf;
    }
    if (size < 4) {
        buf[0] = '\0';
        return buf;
    }
    buf[0] = (char)(0xE0 | (cp >> 12));
    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = (char)(0x80 | (cp & 0x3F));
    buf[3] = '\0';
    return buf;
}

void jx_xlsx_format_value(char *buf, size_t size, int64_t micros, int decimals, bool percent)
{
    int n = jx_decimal_format(buf, size, micros, decimals);
    if (percent && n > 0 && (size_t)n + 1 < size)
        strcat(buf, "%");
}

static void copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
    jx_utf8_trim_partial(dst);
}

lxw_format *jx_xlsx_mark(sheet *s, lxw_row_t row, lxw_col_t col, mark_style style,
                         const mark_info *info)
{
    const jx_template *t = s->tpl;
    const char *num = style == MARK_AMOUNT ? t->amount_format
                    : style == MARK_RATE   ? t->rate_format
                    : style == MARK_SCORE  ? t->score_format
                                           : NULL;
    /* what the cell is written with when no memory is left (the workbook fails) */
    lxw_format *plain = style == MARK_AMOUNT ? s->f.amount
                      : style == MARK_RATE   ? s->f.rate
                      : style == MARK_SCORE  ? s->f.score
                                             : s->f.label;
    if (s->nmarks == s->marks_cap) {
        size_t cap = s->marks_cap ? s->marks_cap * 2 : 8;
        card_mark *grown = realloc(s->marks, cap * sizeof *grown);
        if (grown == NULL) {
            jx_xlsx_fail(s->w, "mark", LXW_ERROR_MEMORY_MALLOC_FAILED);
            return plain;
        }
        s->marks = grown;
        s->marks_cap = cap;
    }
    card_mark *m = &s->marks[s->nmarks++];
    memset(m, 0, sizeof *m);
    m->row = row;
    m->col = col;
    m->finding = info->finding;
    const jx_finding *f = info->finding;
    const char *r = f ? f->row : info->row, *c = f ? f->column : info->column;
    snprintf(m->item, sizeof m->item, "%s%s%s", r ? r : "", r && r[0] && c && c[0] ? " · " : "",
             c ? c : "");
    jx_utf8_trim_partial(m->item);
    copy_text(m->declared, sizeof m->declared,
              info->declared_text                          ? info->declared_text
              : info->declared && info->declared->text[0] ? info->declared->text
                                                            : "空白");
    if (info->computed)
        copy_text(m->computed, sizeof m->computed, info->computed);
    else
        jx_xlsx_format_value(m->computed, sizeof m->computed, info->shown, info->decimals,
                             info->percent);
    if (f && info->note)
        snprintf(m->reason, sizeof m->reason, "%s（%s。）", f->message, info->note);
    else
        snprintf(m->reason, sizeof m->reason, "%s", f ? f->message : info->reason ? info->reason : "");
    jx_utf8_trim_partial(m->reason);

    char label[16], comment[JX_MESSAGE_MAX + 400];
    jx_xlsx_mark_label(s->nmarks, label, sizeof label);
    snprintf(comment, sizeof comment, "%s 原表中为：%s\n%s", label, m->declared, m->reason);
    jx_utf8_trim_partial(comment);
    jx_xlsx_put_comment(s->w, s->ws, row, col, comment);
    lxw_format *fmt = jx_xlsx_marked_format(s->w, t, num, label);
    if (fmt == NULL)
        jx_xlsx_fail(s->w, "mark", LXW_ERROR_MEMORY_MALLOC_FAILED);
    return fmt ? fmt : plain;
}

/* A finding about the card whose mark is on none of its cells. */
static bool marked(const sheet *s, const jx_finding *f)
{
    for (size_t i = 0; i < s->nmarks; i++) {
        if (s->marks[i].finding == f)
            return true;
    }
    return false;
}

/* Where the source has it, in the source's terms: 第519行, 表2 第5行第3列, 第3页第12行. */
static void source_place(const sheet *s, const jx_finding *f, char *out, size_t size)
{
    const jx_document *doc = s->w->report->doc;
    if (doc->places != NULL)
        jx_document_place(doc, f->line, f->cell ? f->cell->col : 0, out, size);
    else
        snprintf(out, size, "第%u行", (unsigned)f->line);
    jx_utf8_trim_partial(out);
}

/* The card's findings whose mark is on none of its cells. */
static size_t unmarked_findings(const sheet *s)
{
    size_t nabout, n = 0;
    const jx_finding *const *about = jx_xlsx_table_findings(s->w, s->card->table, &nabout);
    for (size_t i = 0; i < nabout; i++) {
        const jx_finding *f = about[i];
        if (!marked(s, f))
            n++;
    }
    return n;
}

/* One line under the form saying what the marks mean and where they are explained. */
void jx_xlsx_write_legend(sheet *s)
{
    if (jx_template_block(s->tpl, "corrections") == NULL)
        return;
    lxw_col_t last = jx_xlsx_last_column(s->tpl);
    const jx_rules *rules = s->w->report->rules;
    char legend[512];
    if (s->nmarks > 0)
        snprintf(legend, sizeof legend,
                 "注：带编号（①②…）、加粗并有点状底纹的数值是审核修正后的数值；原表数值和修正原因见本表所附修正说明，"
                 "修正依据%s规则。",
                 rules->title[0] ? rules->title : rules->name);
    else if (unmarked_findings(s) > 0)
        snprintf(legend, sizeof legend, "注：本表数值均按原表填列，审核未作修正；审核发现的问题见本表所附修正说明。");
    else
        snprintf(legend, sizeof legend, "注：本表数值均按原表填列，审核未作修正，也未发现问题。");
    s->row++; /* a blank line under the form */
    jx_xlsx_note_height(&s->heights, s->tpl, s->row, 0, last, legend);
    jx_xlsx_put_string(s->w, s->ws, s->sheet, s->row, 0, s->row, last, legend, s->f.note);
    s->row++;
}

void jx_xlsx_write_corrections(sheet *s)
{
    const jx_form_block *b = jx_template_block(s->tpl, "corrections");
    if (b == NULL || (s->nmarks == 0 && unmarked_findings(s) == 0))
        return;
    lxw_col_t last = jx_xlsx_last_column(s->tpl);
    s->row++; /* a blank line above */
    jx_xlsx_put_string(s->w, s->ws, s->sheet, s->row, 0, s->row, last, "附：修正说明", s->f.header);
    s->row++;
    static const char *const standard[] = {"mark", "标记", "cell", "单元格", "item", "项目",
                                           "declared", "原值", "computed", "修正值", "reason",
                                           "修正原因", NULL};
    jx_xlsx_block_headers(s, b, s->row++, standard, NULL);
    char label[16], cell[96];
    for (size_t i = 0; i < s->nmarks; i++) {
        const card_mark *m = &s->marks[i];
        lxw_row_t row = s->row++;
        lxw_rowcol_to_cell(cell, m->row, m->col);
        jx_xlsx_field_text(s, b, row, "mark", jx_xlsx_mark_label(i + 1, label, sizeof label), s->f.label);
        jx_xlsx_field_text(s, b, row, "cell", cell, s->f.label);
        jx_xlsx_field_text(s, b, row, "item", m->item, s->f.text);
        jx_xlsx_field_text(s, b, row, "declared", m->declared, s->f.text);
        jx_xlsx_field_text(s, b, row, "computed", m->computed, s->f.text);
        jx_xlsx_field_text(s, b, row, "reason", m->reason, s->f.text);
    }
    /* The card's other findings: no cell changes, each is said where it applies. */
    size_t nabout;
    const jx_finding *const *about = jx_xlsx_table_findings(s->w, s->card->table, &nabout);
    for (size_t i = 0; i < nabout; i++) {
        const jx_finding *f = about[i];
        if (marked(s, f))
            continue;
        lxw_row_t row = s->row++;
        const placed_cell *p = f->cell ? jx_xlsx_find_placed(s->w, f->cell) : NULL;
        if (p && p->sheet == s->sheet)
            lxw_rowcol_to_cell(cell, p->row, p->col);
        else if (f->line) /* the prose, or a cell not on this sheet: its place in the source */
            source_place(s, f, cell, sizeof cell);
        else
            snprintf(cell, sizeof cell, "—");
        char item[200], declared[96], computed[48] = "—";
        snprintf(item, sizeof item, "%s%s%s", f->row, f->row[0] && f->column[0] ? " · " : "",
                 f->column);
        jx_utf8_trim_partial(item);
        if (f->cell && f->cell->text[0])
            copy_text(declared, sizeof declared, f->cell->text);
        else if (f->declared.kind == JX_NUM_VALUE)
            jx_xlsx_format_value(declared, sizeof declared, f->declared.micros, f->declared.decimals,
                                 f->declared.percent);
        else
            snprintf(declared, sizeof declared, "%s", f->declared.kind == JX_NUM_EMPTY ? "空白" : "—");
        /* What it should be, where the finding says: the cell is not changed
         * (the prose is wrong, or no arithmetic decides the cell). */
        if (f->has_computed)
            jx_xlsx_format_value(computed, sizeof computed, f->computed, f->computed_decimals,
                                 f->computed_percent);
        jx_xlsx_field_text(s, b, row, "mark", jx_xlsx_severity_word(f->severity), s->f.label);
        jx_xlsx_field_text(s, b, row, "cell", cell, s->f.label);
        jx_xlsx_field_text(s, b, row, "item", item, s->f.text);
        jx_xlsx_field_text(s, b, row, "declared", declared, s->f.text);
        jx_xlsx_field_text(s, b, row, "computed", computed, s->f.text);
        jx_xlsx_field_text(s, b, row, "reason", f->message, s->f.text);
    }
}

void jx_xlsx_marks_free(sheet *s)
{
    free(s->marks);
    s->marks = NULL;
    s->nmarks = s->marks_cap = 0;
}
