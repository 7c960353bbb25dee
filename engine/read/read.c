/*
 * read.c — the table of readers (readers.def) and the choice among them by
 * a file's content, never by its name alone: a workbook saved as .txt is
 * still read as a workbook, a web page saved as .xls still as a page.
 */
#include "read.h"

#include <stddef.h>

static const jx_reader readers[] = {
#define JX_READER(name, kind, sniff, read) {name, kind, sniff, read},
#include "readers.def"
#undef JX_READER
    {NULL, JX_SOURCE_COUNT, NULL, NULL} /* the end */
};

const jx_reader *jx_reader_for(const unsigned char *bytes, size_t len)
{
    for (const jx_reader *r = readers; r->name != NULL; r++)
        if (r->sniff(bytes, len))
            return r;
    return NULL;
}
