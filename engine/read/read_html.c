/*
 * read_html.c — a web page (决算, 预算 and 自评表 published as HTML): every
 * <table> with its rowspan and colspan, the text outside tables as prose
 * paragraphs, in the page's order. libxml2's HTML parser builds the tree
 * (it recovers from the broken markup pages are full of, loads nothing from
 * the network and expands no entities beyond HTML's own).
 *
 * The page's declared charset decides the decoding; a page that says
 * GB2312 or GBK is read as GB18030, the superset (pages declared GB2312
 * hold GBK characters, and strict GB2312 loses them).
 *
 * A table that holds another table is layout, not data (whole pages are set
 * in one): its cells are read as the page's flow, paragraphs and tables in
 * order. A data table's nested table, were there one, is its own table.
 */
#include "read.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The bytes sniffed and searched for a charset: a page declares it early. */
#define HTML_SNIFF_BYTES 4096
/* HTML's own caps (rowspan 65534, colspan 1000), kept within the readers' limits. */
#define HTML_MAX_ROWSPAN 65534u
#define HTML_MAX_COLSPAN 1000u

/* ------------------------------------------------------------ sniffing */

static const unsigned char *skip_space_and_bom(const unsigned char *p, const unsigned char *end)
{
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* Whether [p, end) holds `word`, ASCII case folded. */
static const unsigned char *find_folded(const unsigned char *p, const unsigned char *end,
                                        const char *word)
{
    size_t n = strlen(word);
    for (; p + n <= end; p++)
        if (strncasecmp((const char *)p, word, n) == 0)
            return p;
    return NULL;
}

bool jx_sniff_html(const unsigned char *bytes, size_t len)
{
    const unsigned char *end = bytes + (len < HTML_SNIFF_BYTES ? len : HTML_SNIFF_BYTES);
    const unsigned char *p = skip_space_and_bom(bytes, end);
    if (p == end || *p != '<')
        return false;
    return find_folded(p, end, "<!doctype html") == p || find_folded(p, end, "<html") != NULL
        || find_folded(p, end, "<table") != NULL;
}

/* The charset a page declares (<meta charset=…>, content="…; charset=…"),
 * GB2312 and GBK read as GB18030; NULL to let libxml2 decide (UTF-8, a BOM). */
static const char *declared_encoding(const unsigned char *bytes, size_t len)
{
    const unsigned char *end = bytes + (len < HTML_SNIFF_BYTES ? len : HTML_SNIFF_BYTES);
    const unsigned char *p = find_folded(bytes, end, "charset");
    if (p == NULL)
        return NULL;
    p += strlen("charset");
    while (p < end && (*p == ' ' || *p == '=' || *p == '"' || *p == '\''))
        p++;
    static const struct {
        const char *declared, *read_as;
    } charsets[] = {{"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"gb18030", "GB18030"},
                    {"x-gbk", "GB18030"}, {"big5", "BIG5"}, {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}};
    for (size_t i = 0; i < sizeof charsets / sizeof charsets[0]; i++) {
        size_t n = strlen(charsets[i].declared);
        if ((size_t)(end - p) >= n && strncasecmp((const char *)p, charsets[i].declared, n) == 0)
            return charsets[i].read_as;
    }
    return NULL;
}

/* ------------------------------------------------------------ the reader's state */

typedef struct {
    jx_arena *arena;
    jx_source *out;
    jx_source_row *rows;      /* malloc'd while growing, moved to the arena at the end */
    size_t nrows, cap;
    size_t cells;             /* over the whole page, against JX_READ_MAX_CELLS */
    uint32_t tables;          /* tables numbered so far */
    uint32_t paragraphs;      /* prose paragraphs numbered so far */
    char *para;               /* the paragraph being gathered (malloc'd) */
    size_t para_len, para_cap;
    jx_error *err;
    jx_status status;
} html_reader;

static bool fail(html_reader *r, jx_status status, const char *fmt, const char *detail)
{
    if (r->status == JX_OK) {
        r->status = status;
        jx_error_set(r->err, status, 0, fmt, detail);
    }
    return false;
}

static bool is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name != NULL
        && strcasecmp((const char *)n->name, name) == 0;
}

static bool is_any(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (is_element(n, *names))
            return true;
    return false;
}

/* Elements whose content is never shown. */
static const char *const hidden_elements[] = {"script", "style", "head", "noscript", "template",
                                              "title", NULL};
/* Elements that end a paragraph of flow text. */
static const char *const block_elements[] = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "blockquote", "pre", "center", "hr", "form",
    "address", "figure", "figcaption", "main", "nav", "aside", "caption", NULL};

/* Appends text, whitespace collapsed to one space (HTML shows it so). */
static bool text_append(char **buf, size_t *len, size_t *cap, const char *text)
{
    for (const char *p = text; *p; p++) {
        bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
        /* U+00A0 (&nbsp;) is a space too. */
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
            space = true;
            p++;
        }
        if (space && (*len == 0 || (*buf)[*len - 1] == ' '))
            continue;
        if (*len + 2 > *cap) {
            size_t grown = *cap ? 2 * *cap : 256;
            char *next = realloc(*buf, grown);
            if (next == NULL)
                return false;
            *buf = next;
            *cap = grown;
        }
        (*buf)[(*len)++] = space ? ' ' : *p;
        (*buf)[*len] = '\0';
    }
    return true;
}

static const char *trimmed_copy(html_reader *r, const char *s, size_t len)
{
    while (len > 0 && s[0] == ' ') {
        s++;
        len--;
    }
    while (len > 0 && s[len - 1] == ' ')
        len--;
    const char *copy = jx_arena_strndup(r->arena, s, len);
    if (copy == NULL)
        fail(r, JX_ERR_NOMEM, "%s", "out of memory");
    return copy;
}

static bool push_row(html_reader *r, const jx_source_row *row)
{
    if (r->nrows >= JX_READ_MAX_ROWS)
        return fail(r, JX_ERR_TOO_LARGE, "%s", "more rows than a page may hold");
    jx_source_row *grown = jx_grow(r->rows, &r->cap, r->nrows + 1, sizeof *r->rows);
    if (grown == NULL)
        return fail(r, JX_ERR_NOMEM, "%s", "out of memory");
    r->rows = grown;
    r->rows[r->nrows++] = *row;
    return true;
}

/* The paragraph gathered so far becomes a prose row (if it has text). */
static bool flush_paragraph(html_reader *r)
{
    if (r->para_len == 0)
        return true;
    const char *text = trimmed_copy(r, r->para, r->para_len);
    r->para_len = 0;
    if (text == NULL)
        return false;
    if (text[0] == '\0')
        return true;
    jx_source_cell *cell = jx_arena_alloc(r->arena, sizeof *cell);
    if (cell == NULL)
        return fail(r, JX_ERR_NOMEM, "%s", "out of memory");
    *cell = (jx_source_cell){text, 0, 1, 1};
    jx_source_row row = {cell, 1, 0, ++r->paragraphs, true, 1, 0};
    return push_row(r, &row);
}

/* ------------------------------------------------------------ tables */

/* A cell's text: its descendants' text, nested tables left out (they are read
 * as tables of their own only in a layout table, which is not read as one). */
static bool gather_cell_text(const xmlNode *n, char **buf, size_t *len, size_t *cap)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && !text_append(buf, len, cap, (const char *)c->content))
                return false;
        } else if (c->type == XML_ELEMENT_NODE && !is_any(c, hidden_elements)
                   && !is_element(c, "table")) {
            if (is_any(c, block_elements) && !text_append(buf, len, cap, " "))
                return false;
            if (!gather_cell_text(c, buf, len, cap))
                return false;
        }
    }
    return true;
}

static bool has_table_inside(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (is_element(c, "table") || has_table_inside(c)))
            return true;
    return false;
}

/* The rows of a table, its own only: in thead, tbody, tfoot or directly. */
static size_t collect_rows(const xmlNode *table, const xmlNode **rows, size_t max)
{
    size_t n = 0;
    for (const xmlNode *c = table->children; c; c = c->next) {
        if (is_element(c, "tr")) {
            if (rows && n < max)
                rows[n] = c;
            n++;
        } else if (is_element(c, "thead") || is_element(c, "tbody") || is_element(c, "tfoot")) {
            for (const xmlNode *g = c->children; g; g = g->next)
                if (is_element(g, "tr")) {
                    if (rows && n < max)
                        rows[n] = g;
                    n++;
                }
        }
    }
    return n;
}

static uint32_t span_attribute(const xmlNode *cell, const char *name, uint32_t cap)
{
    xmlChar *value = xmlGetProp(cell, (const xmlChar *)name);
    uint32_t span = 1;
    if (value != NULL) {
        char *end;
        long v = strtol((const char *)value, &end, 10);
        span = v < 1 ? 1 : v > (long)cap ? cap : (uint32_t)v;
        xmlFree(value);
    }
    return span;
}

/* Columns still covered by a rowspan from a row above: remaining rows per column. */
typedef struct {
    uint32_t *left;
    size_t ncols;
} coverage;

static bool cover(coverage *cov, size_t upto)
{
    if (upto <= cov->ncols)
        return true;
    uint32_t *grown = realloc(cov->left, upto * sizeof *grown);
    if (grown == NULL)
        return false;
    memset(grown + cov->ncols, 0, (upto - cov->ncols) * sizeof *grown);
    cov->left = grown;
    cov->ncols = upto;
    return true;
}

static bool read_table_row(html_reader *r, const xmlNode *tr, uint32_t table, uint32_t rowno,
                           uint32_t rows_left, coverage *cov)
{
    jx_source_cell *cells = NULL;
    size_t ncells = 0, cap = 0;
    size_t col = 0;
    char *buf = NULL;
    size_t len = 0, bcap = 0;
    bool ok = true;
    for (const xmlNode *c = tr->children; c && ok; c = c->next) {
        if (!is_element(c, "td") && !is_element(c, "th"))
            continue;
        while (col < cov->ncols && cov->left[col] > 0)
            col++;
        uint32_t colspan = span_attribute(c, "colspan", HTML_MAX_COLSPAN);
        uint32_t rowspan = span_attribute(c, "rowspan", HTML_MAX_ROWSPAN);
        if (rowspan > rows_left) /* a span past the table's last row ends there */
            rowspan = rows_left;
        if (col + colspan > JX_READ_MAX_COLS) {
            ok = fail(r, JX_ERR_TOO_LARGE, "table %s: more columns than a table may hold", "");
            break;
        }
        if (!cover(cov, col + colspan)) {
            ok = fail(r, JX_ERR_NOMEM, "%s", "out of memory");
            break;
        }
        for (size_t k = col; k < col + colspan; k++)
            cov->left[k] = rowspan; /* this row included: decremented after the row */
        len = 0;
        if (!gather_cell_text(c, &buf, &len, &bcap)) {
            ok = fail(r, JX_ERR_NOMEM, "%s", "out of memory");
            break;
        }
        const char *text = trimmed_copy(r, buf ? buf : "", len);
        if (text == NULL) {
            ok = false;
            break;
        }
        if (text[0] != '\0' || rowspan > 1 || colspan > 1) {
            if (++r->cells > JX_READ_MAX_CELLS) {
                ok = fail(r, JX_ERR_TOO_LARGE, "%s", "more cells than a page may hold");
                break;
            }
            jx_source_cell *grown = jx_grow(cells, &cap, ncells + 1, sizeof *cells);
            if (grown == NULL) {
                ok = fail(r, JX_ERR_NOMEM, "%s", "out of memory");
                break;
            }
            cells = grown;
            cells[ncells++] = (jx_source_cell){text, (uint32_t)col, rowspan, colspan};
        }
        col += colspan;
    }
    for (size_t k = 0; k < cov->ncols; k++)
        if (cov->left[k] > 0)
            cov->left[k]--;
    free(buf);
    if (ok && ncells > 0) {
        jx_source_cell *kept = jx_arena_alloc(r->arena, ncells * sizeof *kept);
        if (kept == NULL) {
            ok = fail(r, JX_ERR_NOMEM, "%s", "out of memory");
        } else {
            memcpy(kept, cells, ncells * sizeof *kept);
            jx_source_row row = {kept, ncells, table, rowno, false, (uint32_t)col, 0};
            ok = push_row(r, &row);
        }
    }
    free(cells);
    return ok;
}

static bool read_data_table(html_reader *r, const xmlNode *table)
{
    size_t n = collect_rows(table, NULL, 0);
    if (n > JX_READ_MAX_ROWS)
        return fail(r, JX_ERR_TOO_LARGE, "%s", "a table with more rows than a page may hold");
    const xmlNode **rows = malloc((n ? n : 1) * sizeof *rows);
    if (rows == NULL)
        return fail(r, JX_ERR_NOMEM, "%s", "out of memory");
    collect_rows(table, rows, n);
    uint32_t number = ++r->tables;
    coverage cov = {NULL, 0};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = read_table_row(r, rows[i], number, (uint32_t)(i + 1), (uint32_t)(n - i), &cov);
    free(cov.left);
    free(rows);
    return ok;
}

/* ------------------------------------------------------------ the flow */

static bool read_flow(html_reader *r, const xmlNode *n, unsigned depth)
{
    if (depth > 4 * JX_READ_MAX_NESTING)
        return fail(r, JX_ERR_TOO_LARGE, "%s", "elements nested deeper than a page may be");
    for (const xmlNode *c = n->children; c && r->status == JX_OK; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && !text_append(&r->para, &r->para_len, &r->para_cap,
                                           (const char *)c->content))
                return fail(r, JX_ERR_NOMEM, "%s", "out of memory");
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || is_any(c, hidden_elements))
            continue;
        if (is_element(c, "table")) {
            if (!flush_paragraph(r))
                return false;
            /* A table of tables is the page's layout: read its cells as flow. */
            if (has_table_inside(c) ? !read_flow(r, c, depth + 1) : !read_data_table(r, c))
                return false;
            continue;
        }
        bool block = is_any(c, block_elements) || is_element(c, "tr") || is_element(c, "td")
                  || is_element(c, "th");
        if (block && !flush_paragraph(r))
            return false;
        if (!read_flow(r, c, depth + 1))
            return false;
        if (block && !flush_paragraph(r))
            return false;
    }
    return r->status == JX_OK;
}

jx_status jx_read_html(jx_arena *arena, const unsigned char *bytes, size_t len,
                       jx_source *out, jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = JX_SOURCE_HTML;
    out->note = "";
    if (len > (size_t)INT32_MAX) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "a page larger than 2 GB");
        return JX_ERR_TOO_LARGE;
    }
    /* Recover from broken markup; no network, no messages on stderr. */
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
    htmlDocPtr page = htmlReadMemory((const char *)bytes, (int)len, NULL,
                                     declared_encoding(bytes, len), options);
    if (page == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "not a readable HTML page");
        return JX_ERR_FORMAT;
    }
    html_reader r = {.arena = arena, .out = out, .err = err, .status = JX_OK};
    const xmlNode *root = xmlDocGetRootElement(page);
    if (root != NULL && read_flow(&r, root, 0))
        flush_paragraph(&r);
    xmlFreeDoc(page);
    free(r.para);
    if (r.status == JX_OK && r.nrows > 0) {
        out->rows = jx_arena_alloc(arena, r.nrows * sizeof *out->rows);
        if (out->rows == NULL)
            fail(&r, JX_ERR_NOMEM, "%s", "out of memory");
        else
            memcpy(out->rows, r.rows, r.nrows * sizeof *out->rows);
        out->nrows = r.nrows;
    }
    free(r.rows);
    if (r.status != JX_OK)
        memset(out, 0, sizeof *out);
    return r.status;
}
