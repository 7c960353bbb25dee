/* error.c — filling a jx_error: status, line and a message that stays UTF-8. */
#include "base.h"

#include <stdio.h>

void jx_error_set(jx_error *err, jx_status status, uint32_t line,
                  const char *fmt, ...)
{
    if (err == NULL)
        return;
    err->status = status;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(err->message); /* a cut message must stay UTF-8 */
}

