/* threads.c — setting up, once, what the readers' libraries share between threads. */
#include "read.h"

#include <libxml/parser.h>

/* libxml2 sets up its global tables on first use, which two threads must
 * not do at once; the other libraries (libzip, libgsf, MuPDF with a context
 * per document) need nothing. */
void jx_threads_prepare(void)
{
    xmlInitParser();
}
