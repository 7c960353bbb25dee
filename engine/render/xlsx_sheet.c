/*
 * xlsx_sheet.c — writing on a card's sheet (xlsx.h): a text over a span of
 * columns, its row made tall enough to show it; a text in a block's field;
 * a block's header row, each field's header the template's words or the
 * standard word. The card, its form's own blocks and its 修正说明 all write
 * through these.
 */
#include "xlsx.h"

void jx_xlsx_sheet_text(sheet *s, lxw_row_t row, lxw_col_t first, lxw_col_t last, const char *text,
                        lxw_format *fmt)
{
    if (fmt != s->f.title) /* a title's row has its height set */
        jx_xlsx_note_height(&s->heights, s->tpl, row, first, last, text);
    jx_xlsx_put_string(s->w, s->ws, s->sheet, row, first, row, last, text, fmt);
}

void jx_xlsx_field_text(sheet *s, const jx_form_block *b, lxw_row_t row, const char *field,
                        const char *text, lxw_format *fmt)
{
    const jx_form_field *at = jx_xlsx_field_of(b, field);
    if (at)
        jx_xlsx_sheet_text(s, row, at->first, at->last, text, fmt);
}

const char *jx_xlsx_header_word(const jx_form_field *f, const char *const *standard)
{
    for (size_t k = 0; f->header[0] == '\0' && standard[k]; k += 2) {
        if (strcmp(standard[k], f->field) == 0)
            return standard[k + 1];
    }
    return f->header;
}

void jx_xlsx_block_headers(sheet *s, const jx_form_block *b, lxw_row_t row,
                           const char *const *standard, const char *skip)
{
    for (size_t i = 0; i < b->nfields; i++) {
        const jx_form_field *f = &b->fields[i];
        if (skip == NULL || strcmp(f->field, skip) != 0)
            jx_xlsx_sheet_text(s, row, f->first, f->last, jx_xlsx_header_word(f, standard),
                               s->f.header);
    }
}
