/*
 * xlsx.c — the corrected workbook of a checked document (libxlsxwriter):
 * 审核摘要, one sheet per scorecard laid out by its form template, one per
 * financial table as the document prints it, 问题清单. No sheet repeats
 * another: a finding is listed once, in 问题清单, and linked to its cell.
 *
 * Corrected cells are filled and carry a comment with the declared value
 * and the reason. Arithmetic the rule set decides is written as a live
 * formula with its recomputed value cached, so a spreadsheet shows the right
 * numbers before and after it recalculates. Text from a document is always
 * written as a string, never as a formula.
 *
 * Here: jx_write_workbook, the writer's life (its index of the findings made
 * first, everything freed last) and the order of the sheets. How a cell is
 * written and what each sheet holds are in the files xlsx.h lists.
 */
#include "xlsx.h"

static void writer_free(writer *w)
{
    free(w->formats);
    free(w->placed);
    free(w->sheet_names);
    free(w->card_table);
    free(w->table_findings);
    free(w->table_first);
    jx_ptrmap_free(&w->placed_at);
    jx_ptrmap_free(&w->corrections);
    jx_ptrmap_free(&w->not_applicable);
    jx_buf_free(&w->text[0]);
    jx_buf_free(&w->text[1]);
    free(w);
}

jx_status jx_write_workbook(const char *path, const jx_report *report,
                            const jx_templates *templates, jx_workbook_notes *notes,
                            jx_error *err)
{
    if (notes)
        memset(notes, 0, sizeof *notes);
    writer *w = calloc(1, sizeof *w);
    if (w == NULL || (w->report = report, !jx_xlsx_index_findings(w))) {
        if (w)
            writer_free(w);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    w->templates = templates;
    w->err = err;
    w->notes = notes;
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    w->book = workbook_new_opt(path, &options);
    if (w->book == NULL) {
        jx_error_set(err, JX_ERR_IO, 0, "cannot create the workbook");
        writer_free(w);
        return JX_ERR_IO;
    }
    jx_buf source;
    jx_buf_init(&source);
    jx_xlsx_file_name(&source, report->doc->name);
    if (source.failed)
        jx_xlsx_fail(w, "file name", LXW_ERROR_MEMORY_MALLOC_FAILED);
    list_sheet summary = {0};
    bool have_summary = w->status == JX_OK
        && jx_xlsx_list_open(w, &summary, "summary", NULL, source.data);
    size_t first_card_sheet = w->nsheets;
    for (size_t i = 0; i < report->ncards && w->status == JX_OK; i++)
        jx_xlsx_write_card_sheet(w, &report->cards[i], source.data);
    /* The financial tables, each on a sheet of its own: their findings link there. */
    const jx_document *doc = report->doc;
    for (size_t i = 0; i < doc->ntables && w->status == JX_OK; i++)
        if (doc->tables[i].kind == JX_KIND_LEDGER && !jx_xlsx_is_card_table(w, &doc->tables[i]))
            jx_xlsx_write_ledger_sheet(w, &doc->tables[i], source.data);
    if (w->status == JX_OK)
        jx_xlsx_write_findings(w, source.data);
    if (w->status == JX_OK && have_summary)
        jx_xlsx_write_summary(w, &summary, first_card_sheet, source.data);
    lxw_error e = workbook_close(w->book);
    if (e && w->status == JX_OK) {
        w->status = JX_ERR_IO;
        jx_error_set(err, JX_ERR_IO, 0, "writing the workbook: %s", lxw_strerror(e));
    }
    jx_xlsx_declare_charsets(w, path); /* what libxlsxwriter could not write */
    jx_status status = w->status;
    jx_buf_free(&source);
    writer_free(w);
    return status;
}
