/*
 * render.h — what the library writes: JSON and text for parse and check,
 * the workbook and its file, the summary of a run. Uses every earlier stage.
 */
#ifndef JX_RENDER_H
#define JX_RENDER_H

#include "check.h"

/* ------------------------------------------------------------ report.c */

/* A scorecard model as one JSON object (part of `jixiao parse`). */
void jx_render_scorecard_json(jx_buf *out, const jx_scorecard *card);

/* ------------------------------------------------------------ summary.c */

/* The unit a document is of: a department card's name, else a card's
 * implementer or department, else a table's 编制单位; "" when none. */
const char *jx_report_unit(const jx_report *report);
/* The year its first table that gives one names (2024年度); "". */
const char *jx_report_year(const jx_report *report);

/* ------------------------------------------------------------ workbook_file.c */

/* Fills the file at `path` (a temporary's name); fails with err set. */
typedef jx_status (*jx_file_writer)(const char *path, void *ctx, jx_error *err);

/*
 * Makes `target` safely, as jx_write_workbook_file does: `write` fills a
 * temporary beside it (unpredictable name, created exclusively, never
 * through a link), which is synced and renamed; nothing is left on failure.
 * Errors name the target (a writer's JX_ERR_FORMAT is left as it names it).
 */
jx_status jx_write_file_safely(const char *target, jx_file_writer write, void *ctx,
                               jx_error *err);
/* Whether two paths name one existing file (device and inode). */
bool jx_same_file(const char *a, const char *b);

#endif /* JX_RENDER_H */
