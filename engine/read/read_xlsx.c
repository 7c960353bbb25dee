/*
 * read_xlsx.c — an Excel workbook (.xlsx, .xlsm) as a source: every
 * worksheet, in workbook order, as rows of cells showing what Excel shows.
 *
 * The parts are read with zip.c (within its inflation budget) and libxml2's
 * streaming reader: no DTD is loaded, no entity is substituted, a DOCTYPE
 * is refused outright (OOXML parts have none), no network, and libxml2's
 * default limits stay (no XML_PARSE_HUGE). Nothing is printed: libxml2's
 * messages are caught and the first one becomes the error.
 *
 * What a cell shows: a shared or inline string (rich-text runs joined, the
 * phonetic runs <rPh> left out), a formula's cached value (formulas are
 * never evaluated), TRUE/FALSE, an error such as #N/A, or a number in its
 * cell format (numfmt.c: exact decimals, dates as YYYY-MM-DD).
 *
 * Where a cell is (r="C12", or after the cell before it) and the merged
 * areas go to sheet.c, which lays each sheet out as rows: spans on the
 * top-left cell of a merge, the cells under it left out.
 */
#include "read.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Beyond what any real workbook has, below what could take minutes. */
#define MAX_SHEETS 4096u
#define MAX_STYLES 262144u /* cell formats and number formats, each */

typedef struct {
    const char *id, *type, *target;
} relation;

typedef struct {
    const char *name, *state, *rid;
} sheet_entry;

typedef struct {
    uint32_t id;
    const jx_numfmt *fmt;
} custom_format;

typedef struct {
    jx_arena *arena;   /* the source's: what the rows hold */
    jx_arena *scratch; /* for the read alone: relationships, formats, names */
    jx_zip *zip;
    jx_error *err;
    bool date1904;
    relation *rels;
    size_t nrels;
    const char **strings;
    size_t nstrings, strings_cap;
    const jx_numfmt **xf_formats; /* by cellXfs index: the s of a cell */
    size_t nxf;
    jx_sheets *sheets; /* the rows, laid out sheet by sheet */
    jx_buf text;       /* the text of the element being read */
} workbook;

/* One XML part being read. */
typedef struct {
    workbook *wb;
    const char *name;
    jx_arena *bytes; /* holds the inflated part, freed with it */
    xmlTextReaderPtr reader;
    bool xml_failed;
    int line;
    char message[160];
    /* libxml2's own handlers of this thread, put back when the part closes. */
    xmlGenericErrorFunc saved_generic;
    void *saved_generic_context;
    xmlStructuredErrorFunc saved_structured;
    void *saved_structured_context;
    bool redirected;
} part;

/* ------------------------------------------------------------ errors */

static jx_status fail(workbook *wb, jx_status status, const char *part_name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "xl/worksheets/sheet2.xml: …": the part names where, the caller adds the file. */
static jx_status fail(workbook *wb, jx_status status, const char *part_name, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(what);
    jx_error_set(wb->err, status, 0, "%s: %s", part_name, what);
    return status;
}

static jx_status out_of_memory(workbook *wb)
{
    jx_error_set(wb->err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

/* ------------------------------------------------------------ XML parts */

static void ignore_message(void *arg, const char *fmt, ...)
{
    (void)arg;
    (void)fmt;
}

static void on_xml_error(void *arg, xmlErrorPtr e)
{
    part *p = arg;
    if (p->xml_failed || e == NULL || e->level < XML_ERR_ERROR)
        return;
    p->xml_failed = true;
    p->line = e->line;
    snprintf(p->message, sizeof p->message, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(p->message);
    while (n > 0 && (p->message[n - 1] == '\n' || p->message[n - 1] == ' '))
        p->message[--n] = '\0';
    jx_utf8_trim_partial(p->message);
}

static void part_close(part *p)
{
    if (p->reader != NULL)
        xmlFreeTextReader(p->reader);
    if (p->redirected) {
        xmlSetGenericErrorFunc(p->saved_generic_context, p->saved_generic);
        xmlSetStructuredErrorFunc(p->saved_structured_context, p->saved_structured);
    }
    jx_arena_free(p->bytes);
    p->reader = NULL;
    p->bytes = NULL;
    p->redirected = false;
}

static jx_status part_open(workbook *wb, part *p, const char *name)
{
    memset(p, 0, sizeof *p);
    p->wb = wb;
    p->name = name;
    p->bytes = jx_arena_new();
    if (p->bytes == NULL)
        return out_of_memory(wb);
    char *data;
    size_t len;
    jx_status st = jx_zip_part(wb->zip, p->bytes, name, &data, &len, wb->err);
    if (st != JX_OK)
        return st;
    if (len > (size_t)INT32_MAX) /* libxml2 takes an int; the zip budget is far below */
        return fail(wb, JX_ERR_TOO_LARGE, name, "too large");
    /* libxml2's encoding and input layers report through the thread's
     * handlers, not the reader's, and would print to stderr: from now until
     * the part closes they report to it. */
    p->saved_generic = xmlGenericError;
    p->saved_generic_context = xmlGenericErrorContext;
    p->saved_structured = xmlStructuredError;
    p->saved_structured_context = xmlStructuredErrorContext;
    p->redirected = true;
    xmlSetGenericErrorFunc(p, ignore_message);
    xmlSetStructuredErrorFunc(p, on_xml_error);
    /* No entity substitution (XML_PARSE_NOENT), DTD loading or XML_PARSE_HUGE. */
    p->reader = xmlReaderForMemory(data, (int)len, name, NULL,
                                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (p->reader == NULL)
        return out_of_memory(wb);
    xmlTextReaderSetStructuredErrorHandler(p->reader, on_xml_error, p);
    return JX_OK;
}

/* The next node: 1, 0 at the end of the part, -1 with the error set. */
static int part_next(part *p)
{
    int rc = xmlTextReaderRead(p->reader);
    if (rc == 1 && xmlTextReaderNodeType(p->reader) == XML_READER_TYPE_DOCUMENT_TYPE) {
        fail(p->wb, JX_ERR_FORMAT, p->name,
             "a DOCTYPE, which no workbook part has: refused (entities are never expanded)");
        return -1;
    }
    if (p->xml_failed || rc < 0) {
        if (p->xml_failed)
            fail(p->wb, JX_ERR_FORMAT, p->name, "line %d: %s", p->line, p->message);
        else
            fail(p->wb, JX_ERR_FORMAT, p->name, "not well-formed XML");
        return -1;
    }
    return rc;
}

/* The error of a part that ended (rc 0) or failed (rc -1, already said). */
static jx_status part_ended(part *p, int rc)
{
    if (rc < 0)
        return p->wb->err->status;
    return fail(p->wb, JX_ERR_FORMAT, p->name, "ends inside an element");
}

static bool named(const part *p, const char *local)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(p->reader);
    return name != NULL && strcmp(name, local) == 0;
}

static bool at_start(const part *p, const char *local)
{
    return xmlTextReaderNodeType(p->reader) == XML_READER_TYPE_ELEMENT && named(p, local);
}

static bool at_end(const part *p, const char *local)
{
    return xmlTextReaderNodeType(p->reader) == XML_READER_TYPE_END_ELEMENT && named(p, local);
}

static bool opens(const part *p)
{
    return xmlTextReaderIsEmptyElement(p->reader) != 1;
}

/* The value of the current element's attribute by its local name, whatever
 * its prefix (r:id); the reader is left on the attribute: see attr_*. */
static const char *find_attr(const part *p, const char *local)
{
    for (int rc = xmlTextReaderMoveToFirstAttribute(p->reader); rc == 1;
         rc = xmlTextReaderMoveToNextAttribute(p->reader)) {
        if (xmlTextReaderIsNamespaceDecl(p->reader) == 1 || !named(p, local))
            continue;
        const char *value = (const char *)xmlTextReaderConstValue(p->reader);
        return value != NULL ? value : "";
    }
    return NULL;
}

/* Into buf (cut to fit; "" when absent). */
static bool attr_small(const part *p, const char *local, char *buf, size_t size)
{
    const char *value = find_attr(p, local);
    snprintf(buf, size, "%s", value != NULL ? value : "");
    jx_utf8_trim_partial(buf);
    xmlTextReaderMoveToElement(p->reader);
    return value != NULL;
}

/* Into the arena; *out is NULL when absent. */
static jx_status attr_copy(const part *p, const char *local, jx_arena *arena, const char **out)
{
    const char *value = find_attr(p, local);
    *out = value != NULL ? jx_arena_strndup(arena, value, strlen(value)) : NULL;
    xmlTextReaderMoveToElement(p->reader);
    return value != NULL && *out == NULL ? out_of_memory(p->wb) : JX_OK;
}

static bool is_text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
           || type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* The text of the element the reader is on, appended to out: for a string
 * item (<si>, <is>: rich) the text of its <t> and of its runs' <t>, the
 * phonetic runs <rPh> (a reading of the characters, not shown) left out;
 * for <v> its own text. The reader ends on the element's end. */
static jx_status element_text(part *p, bool rich, jx_buf *out)
{
    if (!opens(p))
        return JX_OK;
    int depth = xmlTextReaderDepth(p->reader);
    int skip = -1, t_depth = rich ? -1 : depth, rc;
    while ((rc = part_next(p)) == 1) {
        int type = xmlTextReaderNodeType(p->reader), d = xmlTextReaderDepth(p->reader);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (d == depth)
                return out->failed ? out_of_memory(p->wb) : JX_OK;
            if (d == skip)
                skip = -1;
            else if (d == t_depth)
                t_depth = -1;
        } else if (skip >= 0) {
            continue;
        } else if (type == XML_READER_TYPE_ELEMENT && opens(p)) {
            if (named(p, "rPh"))
                skip = d;
            else if (rich && t_depth < 0 && named(p, "t"))
                t_depth = d;
        } else if (is_text_node(type) && t_depth >= 0 && d == t_depth + 1) {
            const char *v = (const char *)xmlTextReaderConstValue(p->reader);
            if (v != NULL)
                jx_buf_append(out, v, strlen(v));
        }
    }
    return part_ended(p, rc);
}

/* ------------------------------------------------------------ text and references */

static int hex_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* A cell's text as shown, into the arena: OOXML's escapes _xHHHH_ decoded
 * (Excel writes _x000D_ for a carriage return), then TAB, CR, LF and the
 * other control characters as spaces. Never longer than s. */
static const char *shown_text(jx_arena *arena, const char *s, size_t len)
{
    char *out = jx_arena_alloc(arena, len + 1);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        bool escape = s[i] == '_' && len - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_';
        for (size_t k = 2; escape && k < 6; k++) {
            int h = hex_value(s[i + k]);
            escape = h >= 0;
            cp = cp * 16 + (uint32_t)(h >= 0 ? h : 0);
        }
        if (escape) {
            i += 7;
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; /* half a surrogate pair is no character */
            n += jx_utf8_put(out + n, cp < 0x20 || cp == 0x7F ? ' ' : cp);
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        out[n++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
    }
    out[n] = '\0';
    return out;
}

static bool blank(const char *s)
{
    while (*s == ' ')
        s++;
    return *s == '\0';
}

static bool parse_uint(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* "C12" → column 2, row 12. FORMAT for no reference, TOO_LARGE past XFD1048576. */
static jx_status parse_ref(const char *s, uint32_t *col, uint32_t *row)
{
    uint64_t c = 0, r = 0;
    size_t letters = 0, digits = 0;
    for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++, letters++)
        if (c <= JX_READ_MAX_COLS)
            c = c * 26 + (uint64_t)((*s | 0x20) - 'a' + 1);
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        if (r <= JX_READ_MAX_ROWS)
            r = r * 10 + (uint64_t)(*s - '0');
    if (letters == 0 || digits == 0 || r == 0 || *s != '\0')
        return JX_ERR_FORMAT;
    if (c > JX_READ_MAX_COLS || r > JX_READ_MAX_ROWS)
        return JX_ERR_TOO_LARGE;
    *col = (uint32_t)(c - 1);
    *row = (uint32_t)r;
    return JX_OK;
}

/* ------------------------------------------------------------ the workbook's parts */

static int compare_relations(const void *a, const void *b)
{
    return strcmp(((const relation *)a)->id, ((const relation *)b)->id);
}

static const relation *find_relation(const workbook *wb, const char *id)
{
    relation key = {id, NULL, NULL};
    return wb->nrels ? bsearch(&key, wb->rels, wb->nrels, sizeof key, compare_relations) : NULL;
}

/* The first relationship of a type ("…/styles"), for the parts a workbook has one of. */
static const relation *relation_of_type(const workbook *wb, const char *suffix)
{
    for (size_t i = 0; i < wb->nrels; i++)
        if (jx_ends_with(wb->rels[i].type, suffix))
            return &wb->rels[i];
    return NULL;
}

/* A relationship's target as a part name: relative to xl/, where
 * workbook.xml is, or from the package's root when it starts with '/'. */
static const char *part_name(workbook *wb, const char *target)
{
    size_t len = strlen(target);
    char *out = jx_arena_alloc(wb->scratch, len + 4);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    const char *p = target;
    if (*p == '/')
        p++;
    else
        memcpy(out, "xl/", n = 3);
    while (*p != '\0') { /* each segment kept is followed by '/' */
        const char *segment = p;
        while (*p != '\0' && *p != '/')
            p++;
        size_t k = (size_t)(p - segment);
        if (*p == '/')
            p++;
        if (k == 2 && segment[0] == '.' && segment[1] == '.') {
            n -= n > 0;
            while (n > 0 && out[n - 1] != '/')
                n--;
        } else if (k > 0 && !(k == 1 && segment[0] == '.')) {
            memcpy(out + n, segment, k);
            n += k;
            out[n++] = '/';
        }
    }
    out[n - (n > 0)] = '\0';
    return out;
}

static jx_status read_relations(workbook *wb)
{
    static const char name[] = "xl/_rels/workbook.xml.rels";
    part p;
    jx_status st = part_open(wb, &p, name);
    size_t cap = 0;
    int rc = 1;
    while (st == JX_OK && (rc = part_next(&p)) == 1) {
        if (!at_start(&p, "Relationship"))
            continue;
        relation r;
        const char *mode;
        if ((st = attr_copy(&p, "Id", wb->scratch, &r.id)) != JX_OK
            || (st = attr_copy(&p, "Type", wb->scratch, &r.type)) != JX_OK
            || (st = attr_copy(&p, "Target", wb->scratch, &r.target)) != JX_OK
            || (st = attr_copy(&p, "TargetMode", wb->scratch, &mode)) != JX_OK)
            break;
        if (r.id == NULL || r.type == NULL || r.target == NULL
            || (mode != NULL && strcmp(mode, "External") == 0))
            continue;
        relation *grown = jx_grow(wb->rels, &cap, wb->nrels + 1, sizeof *grown);
        if (grown == NULL) {
            st = out_of_memory(wb);
            break;
        }
        wb->rels = grown;
        wb->rels[wb->nrels++] = r;
    }
    if (st == JX_OK && rc < 0)
        st = wb->err->status;
    part_close(&p);
    if (st == JX_OK && wb->nrels > 0)
        qsort(wb->rels, wb->nrels, sizeof *wb->rels, compare_relations);
    return st;
}

/* xl/workbook.xml: the 1904 date system and the sheets, in order. */
static jx_status read_sheet_list(workbook *wb, sheet_entry **sheets, size_t *nsheets)
{
    static const char name[] = "xl/workbook.xml";
    part p;
    jx_status st = part_open(wb, &p, name);
    size_t cap = 0;
    int rc = 1;
    while (st == JX_OK && (rc = part_next(&p)) == 1) {
        if (at_start(&p, "workbookPr")) {
            char v[8];
            attr_small(&p, "date1904", v, sizeof v);
            wb->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
        } else if (at_start(&p, "sheet")) {
            if (*nsheets == MAX_SHEETS) {
                st = fail(wb, JX_ERR_TOO_LARGE, name, "more than %u sheets", MAX_SHEETS);
                break;
            }
            sheet_entry e;
            if ((st = attr_copy(&p, "name", wb->scratch, &e.name)) != JX_OK
                || (st = attr_copy(&p, "state", wb->scratch, &e.state)) != JX_OK
                || (st = attr_copy(&p, "id", wb->scratch, &e.rid)) != JX_OK)
                break;
            const char *shown = shown_text(wb->scratch, e.name ? e.name : "",
                                           e.name ? strlen(e.name) : 0);
            sheet_entry *grown = jx_grow(*sheets, &cap, *nsheets + 1, sizeof *grown);
            if (grown == NULL || shown == NULL) {
                st = out_of_memory(wb);
                break;
            }
            e.name = shown;
            *sheets = grown;
            (*sheets)[(*nsheets)++] = e;
        }
    }
    if (st == JX_OK && rc < 0)
        st = wb->err->status;
    part_close(&p);
    if (st == JX_OK && *nsheets == 0)
        st = fail(wb, JX_ERR_FORMAT, name, "no sheets");
    return st;
}

static int compare_formats(const void *a, const void *b)
{
    uint32_t x = ((const custom_format *)a)->id, y = ((const custom_format *)b)->id;
    return x < y ? -1 : x > y;
}

/* The number format of each cell format (cellXfs): a custom <numFmt> of
 * <numFmts> by its id, else the built-in one. */
static jx_status read_styles(workbook *wb, const char *name)
{
    part p;
    jx_status st = part_open(wb, &p, name);
    custom_format *customs = NULL;
    uint32_t *xf_ids = NULL;
    size_t ncustoms = 0, customs_cap = 0, nxf = 0, xf_cap = 0;
    bool in_numfmts = false, in_xfs = false;
    int rc = 1;
    while (st == JX_OK && (rc = part_next(&p)) == 1) {
        if (at_end(&p, "numFmts") || at_end(&p, "cellXfs")) {
            in_numfmts = in_xfs = false;
        } else if (at_start(&p, "numFmts") || at_start(&p, "cellXfs")) {
            in_numfmts = named(&p, "numFmts") && opens(&p);
            in_xfs = named(&p, "cellXfs") && opens(&p);
        } else if (in_numfmts && at_start(&p, "numFmt")) {
            char id[16];
            const char *code;
            if ((st = attr_copy(&p, "formatCode", wb->scratch, &code)) != JX_OK)
                break;
            custom_format f = {0, NULL};
            if (!attr_small(&p, "numFmtId", id, sizeof id) || !parse_uint(id, UINT32_MAX, &f.id)
                || code == NULL)
                continue; /* a format no cell can name */
            if (ncustoms == MAX_STYLES) {
                st = fail(wb, JX_ERR_TOO_LARGE, name, "more than %u number formats", MAX_STYLES);
                break;
            }
            custom_format *grown = jx_grow(customs, &customs_cap, ncustoms + 1, sizeof *grown);
            f.fmt = jx_numfmt_parse(wb->scratch, code);
            if (grown == NULL || f.fmt == NULL) {
                customs = grown ? grown : customs;
                st = out_of_memory(wb);
                break;
            }
            customs = grown;
            customs[ncustoms++] = f;
        } else if (in_xfs && at_start(&p, "xf")) {
            char id[16];
            uint32_t fmt_id = 0;
            if (attr_small(&p, "numFmtId", id, sizeof id) && !parse_uint(id, UINT32_MAX, &fmt_id))
                fmt_id = 0;
            if (nxf == MAX_STYLES) {
                st = fail(wb, JX_ERR_TOO_LARGE, name, "more than %u cell formats", MAX_STYLES);
                break;
            }
            uint32_t *grown = jx_grow(xf_ids, &xf_cap, nxf + 1, sizeof *grown);
            if (grown == NULL) {
                st = out_of_memory(wb);
                break;
            }
            xf_ids = grown;
            xf_ids[nxf++] = fmt_id;
        }
    }
    if (st == JX_OK && rc < 0)
        st = wb->err->status;
    part_close(&p);
    if (st == JX_OK && nxf > 0) {
        if (ncustoms > 0)
            qsort(customs, ncustoms, sizeof *customs, compare_formats);
        const jx_numfmt *builtins[64] = {NULL}; /* each parsed once */
        wb->xf_formats = jx_arena_alloc(wb->scratch, nxf * sizeof *wb->xf_formats);
        if (wb->xf_formats == NULL)
            st = out_of_memory(wb);
        for (size_t i = 0; st == JX_OK && i < nxf; i++) {
            custom_format key = {xf_ids[i], NULL};
            const custom_format *c = ncustoms ? bsearch(&key, customs, ncustoms, sizeof key,
                                                        compare_formats)
                                              : NULL;
            const char *code = jx_numfmt_builtin(xf_ids[i]);
            if (c != NULL) {
                wb->xf_formats[i] = c->fmt;
            } else if (code != NULL && xf_ids[i] < 64) {
                if (builtins[xf_ids[i]] == NULL)
                    builtins[xf_ids[i]] = jx_numfmt_parse(wb->scratch, code);
                if ((wb->xf_formats[i] = builtins[xf_ids[i]]) == NULL)
                    st = out_of_memory(wb);
            }
        }
        wb->nxf = st == JX_OK ? nxf : 0;
    }
    free(customs);
    free(xf_ids);
    return st;
}

/* The shared strings (<si>), as shown, in the source's arena: cells point at them. */
static jx_status read_strings(workbook *wb, const char *name)
{
    part p;
    jx_status st = part_open(wb, &p, name);
    int rc = 1;
    while (st == JX_OK && (rc = part_next(&p)) == 1) {
        if (!at_start(&p, "si"))
            continue;
        if (wb->nstrings == JX_READ_MAX_STRINGS) {
            st = fail(wb, JX_ERR_TOO_LARGE, name, "more than %u shared strings",
                      JX_READ_MAX_STRINGS);
            break;
        }
        jx_buf_clear(&wb->text);
        if ((st = element_text(&p, true, &wb->text)) != JX_OK)
            break;
        const char *s = shown_text(wb->arena, wb->text.data ? wb->text.data : "", wb->text.len);
        const char **grown = jx_grow(wb->strings, &wb->strings_cap, wb->nstrings + 1,
                                     sizeof *grown);
        if (grown == NULL || s == NULL) {
            st = out_of_memory(wb);
            break;
        }
        wb->strings = grown;
        wb->strings[wb->nstrings++] = s;
    }
    if (st == JX_OK && rc < 0)
        st = wb->err->status;
    part_close(&p);
    return st;
}

/* ------------------------------------------------------------ cells */

/* What a cell with a value shows, by its type (t) and format (s). */
static jx_status cell_text(workbook *wb, part *p, const char *type, const char *style,
                           bool inline_string, const char *where, const char **out)
{
    const char *v = wb->text.data ? wb->text.data : "";
    if (strcmp(type, "s") == 0 && !inline_string) {
        uint32_t index;
        if (!parse_uint(v, UINT32_MAX, &index) || index >= wb->nstrings)
            return fail(wb, JX_ERR_FORMAT, p->name, "cell %s: no shared string '%.20s' (of %zu)",
                        where, v, wb->nstrings);
        *out = wb->strings[index];
        return JX_OK;
    }
    char shown[JX_NUMFMT_TEXT_MAX];
    if (strcmp(type, "b") == 0 && !inline_string && (strcmp(v, "1") == 0 || strcmp(v, "0") == 0)) {
        *out = v[0] == '1' ? "TRUE" : "FALSE";
        return JX_OK;
    }
    if (strcmp(type, "d") == 0 && !inline_string && wb->text.len >= 10) {
        /* An ISO 8601 date (strict OOXML): its day, and its time unless midnight. */
        size_t n = wb->text.len > 19 ? 19 : wb->text.len;
        if (n == 19 && strncmp(v + 10, "T00:00:00", 9) == 0)
            n = 10;
        *out = shown_text(wb->arena, v, n);
        if (*out != NULL && n > 10)
            ((char *)*out)[10] = ' ';
        return *out ? JX_OK : out_of_memory(wb);
    }
    bool text_type = inline_string || strcmp(type, "inlineStr") == 0 || strcmp(type, "str") == 0
                     || strcmp(type, "e") == 0 || strcmp(type, "s") == 0 || strcmp(type, "b") == 0;
    uint32_t xf = 0;
    const jx_numfmt *fmt = NULL;
    if (style[0] != '\0' && parse_uint(style, UINT32_MAX, &xf) && xf < wb->nxf)
        fmt = wb->xf_formats[xf];
    if (!text_type && jx_numfmt_display(fmt, v, wb->date1904, shown))
        *out = jx_arena_strndup(wb->arena, shown, strlen(shown));
    else
        *out = shown_text(wb->arena, v, wb->text.len);
    return *out ? JX_OK : out_of_memory(wb);
}

/* One <c>: where it is (r, or after the cell before it), its value and its text. */
static jx_status read_cell(workbook *wb, part *p, uint32_t *row, uint32_t *next_col)
{
    char ref[24] = "", type[16] = "", style[16] = "";
    for (int rc = xmlTextReaderMoveToFirstAttribute(p->reader); rc == 1;
         rc = xmlTextReaderMoveToNextAttribute(p->reader)) {
        const char *v = (const char *)xmlTextReaderConstValue(p->reader);
        char *dst = named(p, "r") ? ref : named(p, "t") ? type : named(p, "s") ? style : NULL;
        if (dst != NULL && v != NULL && xmlTextReaderIsNamespaceDecl(p->reader) != 1)
            snprintf(dst, dst == ref ? sizeof ref : sizeof type, "%s", v);
    }
    xmlTextReaderMoveToElement(p->reader);
    uint32_t r = *row > 0 ? *row : 1, c = *next_col;
    if (ref[0] != '\0') {
        jx_status st = parse_ref(ref, &c, &r);
        if (st != JX_OK)
            return fail(wb, st, p->name, "cell '%s': %s", ref,
                        st == JX_ERR_TOO_LARGE ? "past XFD1048576, the end of a sheet"
                                               : "not a cell reference");
    }
    if (c >= JX_READ_MAX_COLS)
        return fail(wb, JX_ERR_TOO_LARGE, p->name, "row %u: more than %u columns", r,
                    JX_READ_MAX_COLS);
    *row = r;
    *next_col = c + 1;
    jx_sheets_touch(wb->sheets, r, c);

    bool has_value = false, inline_string = false;
    if (opens(p)) {
        int depth = xmlTextReaderDepth(p->reader), rc;
        while ((rc = part_next(p)) == 1) {
            if (xmlTextReaderNodeType(p->reader) == XML_READER_TYPE_END_ELEMENT
                && xmlTextReaderDepth(p->reader) == depth)
                break;
            if (xmlTextReaderNodeType(p->reader) != XML_READER_TYPE_ELEMENT
                || xmlTextReaderDepth(p->reader) != depth + 1 || !(named(p, "v") || named(p, "is")))
                continue; /* <f>: the formula; its cached value is the <v> */
            inline_string = named(p, "is");
            has_value = true;
            jx_buf_clear(&wb->text);
            jx_status st = element_text(p, inline_string, &wb->text);
            if (st != JX_OK)
                return st;
        }
        if (rc != 1)
            return part_ended(p, rc);
    }
    if (!has_value)
        return JX_OK;
    char where[16];
    const char *text = NULL;
    jx_status st = cell_text(wb, p, type, style, inline_string, jx_cell_name(r, c, where), &text);
    if (st != JX_OK || blank(text))
        return st;
    return jx_sheets_cell(wb->sheets, r, c, text, wb->err);
}

/* <mergeCell ref="A1:C2">. */
static jx_status read_merge(workbook *wb, part *p)
{
    char ref[48], *colon;
    attr_small(p, "ref", ref, sizeof ref);
    if ((colon = strchr(ref, ':')) == NULL)
        return JX_OK; /* one cell: nothing merged */
    *colon = '\0';
    uint32_t r1, c1, r2, c2;
    jx_status st = parse_ref(ref, &c1, &r1);
    if (st == JX_OK)
        st = parse_ref(colon + 1, &c2, &r2);
    if (st != JX_OK)
        return fail(wb, st, p->name, "merged cells '%s:%s': %s", ref, colon + 1,
                    st == JX_ERR_TOO_LARGE ? "past XFD1048576" : "not a range");
    return jx_sheets_merge(wb->sheets, r1, c1, r2, c2, wb->err);
}

/* ------------------------------------------------------------ sheets */

/* One worksheet part: its cells (in <sheetData>) and merges (in <mergeCells>). */
static jx_status read_sheet(workbook *wb, const char *name, const char *sheet, uint32_t index)
{
    jx_sheets_begin(wb->sheets, name, sheet, index);
    part p;
    jx_status st = part_open(wb, &p, name);
    uint32_t row = 0, next_col = 0;
    bool in_data = false, in_merges = false;
    int rc = 1;
    while (st == JX_OK && (rc = part_next(&p)) == 1) {
        if (at_end(&p, "sheetData") || at_end(&p, "mergeCells")) {
            in_data = in_merges = false;
        } else if (xmlTextReaderNodeType(p.reader) != XML_READER_TYPE_ELEMENT) {
            continue;
        } else if (named(&p, "sheetData") || named(&p, "mergeCells")) {
            in_data = named(&p, "sheetData") && opens(&p);
            in_merges = named(&p, "mergeCells") && opens(&p);
        } else if (in_data && named(&p, "row")) {
            char r[16];
            if (!attr_small(&p, "r", r, sizeof r))
                row++; /* a row without its number follows the one before */
            else if (!parse_uint(r, JX_READ_MAX_ROWS, &row) || row == 0)
                st = fail(wb,
                          strspn(r, "0123456789") == strlen(r) && strspn(r, "0") < strlen(r)
                              ? JX_ERR_TOO_LARGE
                              : JX_ERR_FORMAT,
                          name, "row '%s': not a row from 1 to %u", r, JX_READ_MAX_ROWS);
            if (st == JX_OK && row > JX_READ_MAX_ROWS)
                st = fail(wb, JX_ERR_TOO_LARGE, name, "more than %u rows", JX_READ_MAX_ROWS);
            next_col = 0;
        } else if (in_data && named(&p, "c")) {
            st = read_cell(wb, &p, &row, &next_col);
        } else if (in_merges && named(&p, "mergeCell")) {
            st = read_merge(wb, &p);
        }
    }
    if (st == JX_OK && rc < 0)
        st = wb->err->status;
    part_close(&p);
    return st == JX_OK ? jx_sheets_end(wb->sheets, wb->err) : st;
}

/* ------------------------------------------------------------ the reader */

static const char *state_note(const char *state)
{
    return state == NULL                      ? NULL
           : strcmp(state, "hidden") == 0     ? "hidden"
           : strcmp(state, "veryHidden") == 0 ? "very hidden"
                                              : NULL;
}

/* The sheets in workbook order: worksheets read, the others named in the note. */
static jx_status read_workbook(workbook *wb, jx_source *out)
{
    if (!jx_zip_has(wb->zip, "xl/workbook.xml"))
        return fail(wb, JX_ERR_FORMAT, "xl/workbook.xml", "missing from the zip: not a workbook");
    sheet_entry *sheets = NULL;
    size_t nsheets = 0;
    jx_status st = read_relations(wb);
    if (st == JX_OK)
        st = read_sheet_list(wb, &sheets, &nsheets);
    /* The styles and the shared strings: by relationship, else where Excel
     * puts them; a workbook may have neither (then every cell is General,
     * and a cell naming a shared string is refused). */
    static const char *const types[] = {"/styles", "/sharedStrings"};
    static const char *const usual[] = {"xl/styles.xml", "xl/sharedStrings.xml"};
    for (int k = 0; k < 2 && st == JX_OK; k++) {
        const relation *r = relation_of_type(wb, types[k]);
        const char *name = r ? part_name(wb, r->target) : usual[k];
        if (name == NULL)
            st = out_of_memory(wb);
        else if (jx_zip_has(wb->zip, name))
            st = k == 0 ? read_styles(wb, name) : read_strings(wb, name);
    }
    const char **parts = st == JX_OK ? jx_arena_alloc(wb->arena, nsheets * sizeof *parts) : NULL;
    if (st == JX_OK && parts == NULL)
        st = out_of_memory(wb);
    size_t nparts = 0;
    for (size_t i = 0; i < nsheets && st == JX_OK; i++) {
        const sheet_entry *e = &sheets[i];
        const relation *r = e->rid ? find_relation(wb, e->rid) : NULL;
        if (r == NULL) {
            st = fail(wb, JX_ERR_FORMAT, "xl/workbook.xml", "sheet '%s': no relationship '%s'",
                      e->name, e->rid ? e->rid : "");
            break;
        }
        const char *kind = strrchr(r->type, '/');
        if (kind == NULL || strcmp(kind, "/worksheet") != 0) {
            jx_sheets_note(wb->sheets, "%s '%s' skipped", kind ? kind + 1 : "sheet", e->name);
            continue;
        }
        const char *name = part_name(wb, r->target);
        parts[nparts] = jx_arena_strndup(wb->arena, e->name, strlen(e->name));
        if (name == NULL || parts[nparts] == NULL) {
            st = out_of_memory(wb);
            break;
        }
        if (state_note(e->state) != NULL)
            jx_sheets_note(wb->sheets, "%s sheet '%s' read", state_note(e->state), e->name);
        st = read_sheet(wb, name, e->name, (uint32_t)nparts);
        nparts++;
    }
    free(sheets);
    if (st != JX_OK)
        return st;
    if ((st = jx_sheets_finish(wb->sheets, out, wb->err)) != JX_OK)
        return st;
    out->parts = parts;
    out->nparts = nparts;
    return JX_OK;
}

/* A workbook saved with a password (jx_encrypted_office_file) is claimed
 * here so that jx_read_xlsx can say so (zip.c refuses it with "encrypted:
 * save it without a password first"); a password-protected .docx looks the
 * same and gets the same answer; an .xls, which names a Workbook stream, is
 * read_xls.c's (its cells may say EncryptionInfo). */
bool jx_sniff_xlsx(const unsigned char *bytes, size_t len)
{
    static const unsigned char zip_magic[] = {'P', 'K', 3, 4};
    if (jx_encrypted_office_file(bytes, len))
        return true;
    if (len < sizeof zip_magic || memcmp(bytes, zip_magic, sizeof zip_magic) != 0)
        return false;
    jx_zip *zip;
    jx_error err;
    if (jx_zip_open(bytes, len, &zip, &err) != JX_OK)
        return false;
    bool workbook_inside = jx_zip_has(zip, "xl/workbook.xml");
    jx_zip_close(zip);
    return workbook_inside;
}

jx_status jx_read_xlsx(jx_arena *arena, const unsigned char *bytes, size_t len, jx_source *out,
                       jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = JX_SOURCE_XLSX;
    out->note = "";
    workbook wb;
    memset(&wb, 0, sizeof wb);
    wb.arena = arena;
    wb.err = err;
    jx_buf_init(&wb.text);
    jx_status st = jx_zip_open(bytes, len, &wb.zip, err);
    if (st == JX_OK
        && ((wb.scratch = jx_arena_new()) == NULL || (wb.sheets = jx_sheets_new(arena)) == NULL))
        st = out_of_memory(&wb);
    if (st == JX_OK)
        st = read_workbook(&wb, out);
    if (st != JX_OK) {
        memset(out, 0, sizeof *out);
        out->kind = JX_SOURCE_XLSX;
        out->note = "";
    }
    jx_zip_close(wb.zip);
    jx_arena_free(wb.scratch);
    jx_sheets_free(wb.sheets);
    free(wb.rels);
    free(wb.strings);
    jx_buf_free(&wb.text);
    return st;
}
