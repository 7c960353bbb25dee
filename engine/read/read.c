/*
 * read.c — the table of readers (readers.def) and the choice among them by
 * a file's content, never by its name alone: a workbook saved as .txt is
 * still read as a workbook, a web page saved as .xls still as a page.
 */
#include "read.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const jx_reader readers[] = {
#define JX_READER(name, kind, sniff, read, names) {name, kind, sniff, read, names},
#include "readers.def"
#undef JX_READER
    {NULL, JX_SOURCE_COUNT, NULL, NULL, NULL} /* the end */
};

const jx_reader *jx_reader_for(const unsigned char *bytes, size_t len)
{
    for (const jx_reader *r = readers; r->name != NULL; r++)
        if (r->sniff(bytes, len))
            return r;
    return NULL;
}

/* Whether `ending` (a file name's, after its last dot) is one of the
 * space-separated words of `names`, ignoring ASCII case. */
bool jx_name_ending_in(const char *ending, const char *names)
{
    size_t n = strlen(ending);
    for (const char *w = names; *w;) {
        size_t len = strcspn(w, " ");
        if (len == n && n > 0 && strncasecmp(w, ending, n) == 0)
            return true;
        w += len;
        w += strspn(w, " ");
    }
    return false;
}

const jx_reader *jx_reader_named(const char *ending)
{
    for (const jx_reader *r = readers; r->name != NULL; r++)
        if (jx_name_ending_in(ending, r->names))
            return r;
    return NULL;
}
