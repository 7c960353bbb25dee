/*
 * render.h — what the library writes: JSON and text for parse and check,
 * the workbook and its file. Uses every earlier stage.
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

#endif /* JX_RENDER_H */
