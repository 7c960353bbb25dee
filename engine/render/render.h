/*
 * render.h — what the library writes: JSON and text for parse and check,
 * the workbook and its file. Uses every earlier stage.
 */
#ifndef JX_RENDER_H
#define JX_RENDER_H

#include "check.h"

#endif /* JX_RENDER_H */
