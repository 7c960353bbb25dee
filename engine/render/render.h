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

#endif /* JX_RENDER_H */
