/* threads.c — setting up, once, what the readers' libraries share between threads. */
#include "read.h"

#include <libxml/parser.h>

/* libxml2 sets up its global tables on first use, and libgsf registers its
 * types on first use, which two threads must not do at once; libzip and
 * MuPDF (a context per document) need nothing. */
void jx_threads_prepare(void)
{
    xmlInitParser();
    jx_xls_prepare_threads();
}
