/*
 * read_docx.c — a Word document (.docx) made into a source: word/document.xml
 * read with libxml2's streaming reader, paragraphs outside tables as prose
 * and table rows as cells at their grid column with their spans, in the
 * order the document runs.
 *
 * What a reader of the printed page sees is what is kept: deleted revisions
 * (w:del, w:moveFrom, w:delText) and field codes (w:instrText) are dropped,
 * inserted revisions and fields' displayed results kept. Headers, footers,
 * footnotes, endnotes, comments and text boxes hold no part of a
 * self-evaluation table; they are left out, and the note says so when they
 * held text.
 *
 * Nested tables: a table inside a cell is a table of its own, numbered after
 * its parent (in the order tables begin), its rows following the parent's
 * row that holds it; its text is not also put into the parent's cell, so no
 * figure is read twice.
 */
#include "read.h"

#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCUMENT_PART "word/document.xml"

/* WordprocessingML as Word writes it (transitional), and as ISO 29500
 * strict names it; markup compatibility for mc:AlternateContent. */
static const char w_ns[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char w_ns_strict[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char mc_ns[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* ------------------------------------------------------------ the elements read */

typedef enum {
    EL_OTHER,
    EL_P,   /* a paragraph */
    EL_R,   /* a run: w:tab, w:br, w:cr count only inside one */
    EL_T,   /* a run's text */
    EL_TAB, /* run content shown as a space */
    EL_PTAB,
    EL_BR,
    EL_CR,
    EL_NB_HYPHEN, /* a non-breaking hyphen: shown as '-' */
    EL_TBL,
    EL_TR,
    EL_TC,
    EL_TRPR, /* a row's properties: w:gridBefore, w:del */
    EL_TCPR, /* a cell's properties: w:gridSpan, w:vMerge, w:hMerge, w:del */
    EL_GRID_BEFORE,
    EL_GRID_SPAN,
    EL_VMERGE,
    EL_HMERGE,
    EL_DEL,       /* deleted revision: content dropped; empty in trPr/tcPr: row/cell deleted */
    EL_MOVE_FROM, /* text moved away from here: dropped, it is shown at its w:moveTo */
    EL_TXBX,      /* a text box's content: skipped (a paragraph inside a run) */
    EL_FALLBACK   /* mc:Fallback: the same content again for older readers */
} element;

static const struct {
    const char *name;
    element el;
} w_elements[] = {
    {"p", EL_P},
    {"r", EL_R},
    {"t", EL_T},
    {"tab", EL_TAB},
    {"ptab", EL_PTAB},
    {"br", EL_BR},
    {"cr", EL_CR},
    {"noBreakHyphen", EL_NB_HYPHEN},
    {"tbl", EL_TBL},
    {"tr", EL_TR},
    {"tc", EL_TC},
    {"trPr", EL_TRPR},
    {"tcPr", EL_TCPR},
    {"gridBefore", EL_GRID_BEFORE},
    {"gridSpan", EL_GRID_SPAN},
    {"vMerge", EL_VMERGE},
    {"hMerge", EL_HMERGE},
    {"del", EL_DEL},
    {"moveFrom", EL_MOVE_FROM},
    {"txbxContent", EL_TXBX},
};

static element element_of(xmlTextReaderPtr reader)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(reader);
    const char *name = (const char *)xmlTextReaderConstLocalName(reader);
    if (ns == NULL || name == NULL)
        return EL_OTHER;
    if (strcmp(ns, mc_ns) == 0)
        return strcmp(name, "Fallback") == 0 ? EL_FALLBACK : EL_OTHER;
    if (strcmp(ns, w_ns) != 0 && strcmp(ns, w_ns_strict) != 0)
        return EL_OTHER;
    for (size_t i = 0; i < sizeof w_elements / sizeof w_elements[0]; i++)
        if (strcmp(name, w_elements[i].name) == 0)
            return w_elements[i].el;
    return EL_OTHER;
}

/* ------------------------------------------------------------ the walker's state */

typedef struct {
    char *s; /* malloc'd; NUL-terminated once anything was added */
    size_t len, cap;
} text_buf;

typedef enum { MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE } merge_kind;

/* A cell as read, kept until its row ends: only then are merges resolved
 * (a deleted row must not extend a merge above it). */
typedef struct {
    const char *text; /* arena; "" when empty */
    uint32_t col, colspan;
    merge_kind vmerge, hmerge;
} pending_cell;

/* The vertical merge open at a grid column: the cell that began it. */
typedef struct {
    size_t slot;       /* its row among the rows being built */
    size_t cell;       /* its index in that row's cells */
    uint32_t last_row; /* the last table row it covers; 0: none open */
} open_merge;

/* The body (frames[0]) or one open table. Each has its own paragraph, so a
 * nested table's text goes to its own cells, never into its parent's. */
typedef struct {
    text_buf para;
    unsigned p_depth; /* w:p open in this frame (more than 1 only in a broken file) */
    /* Tables only: */
    uint32_t number; /* 1-based, in the order tables begin */
    uint32_t rows;   /* rows finished (deleted ones are not counted) */
    unsigned tr_depth, tc_depth, trpr_depth, tcpr_depth;
    bool row_open, row_deleted, cell_open, cell_deleted;
    size_t slot;       /* the open row's place among the rows being built */
    uint32_t col;      /* the next grid column of the open row */
    pending_cell cell; /* the open cell's spans and merges */
    text_buf cell_text;
    pending_cell *cells; /* the open row's cells */
    size_t ncells, cells_cap;
    open_merge *open; /* by grid column */
    size_t open_cap;
} frame;

typedef struct {
    jx_arena *arena;
    const char *part; /* named in every message */
    jx_error *err;
    frame frames[JX_READ_MAX_NESTING + 1];
    unsigned depth;      /* tables open: frames[depth] is the innermost */
    uint32_t tables;     /* tables begun */
    uint32_t paragraphs; /* paragraphs outside tables, empty ones too */
    jx_source_row *rows; /* malloc'd; copied into the arena at the end */
    size_t nrows, rows_cap;
    size_t ncells; /* cells kept, over all rows */
    unsigned run_depth, t_depth;
    unsigned skip_depth; /* inside a subtree whose text is not the document's */
    bool skip_textbox;   /*   which is a text box */
    bool textbox_text;   /* a skipped text box held text */
    char xml_error[160]; /* libxml2's first error, for the message */
    int xml_error_line;
} walker;

static jx_status fail(walker *w, jx_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An error naming the part, as every message of a reader does. */
static jx_status fail(walker *w, jx_status status, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jx_error_set(w->err, status, 0, "%s: %s", w->part, msg);
    return status;
}

static jx_status no_memory(walker *w)
{
    jx_error_set(w->err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

/* Appends s[0..n), TAB, CR, LF and other control characters as spaces:
 * the source's text is one line per cell. */
static bool buf_add(text_buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1)
        return false;
    char *grown = jx_grow(b->s, &b->cap, b->len + n + 1, 1);
    if (grown == NULL)
        return false;
    b->s = grown;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        b->s[b->len++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
    }
    b->s[b->len] = '\0';
    return true;
}

/* The buffer's text without surrounding blanks, in the arena ("" if none). */
static const char *buf_trimmed(walker *w, const text_buf *b)
{
    size_t start = 0, end = b->len;
    while (start < end && b->s[start] == ' ')
        start++;
    while (end > start && b->s[end - 1] == ' ')
        end--;
    if (start == end)
        return "";
    return jx_arena_strndup(w->arena, b->s + start, end - start);
}

/* A new row at the end of the rows being built; its cells come later. */
static jx_status push_row(walker *w, uint32_t part, uint32_t row, bool prose, size_t *slot)
{
    /* Every row costs memory even before it has cells; a file of empty rows
     * is refused at the same count as a file of cells. */
    if (w->nrows >= JX_READ_MAX_CELLS)
        return fail(w, JX_ERR_TOO_LARGE, "more than %u rows and paragraphs", JX_READ_MAX_CELLS);
    jx_source_row *grown = jx_grow(w->rows, &w->rows_cap, w->nrows + 1, sizeof *grown);
    if (grown == NULL)
        return no_memory(w);
    w->rows = grown;
    w->rows[w->nrows] = (jx_source_row){NULL, 0, part, row, prose, prose ? 1 : 0, 0};
    *slot = w->nrows++;
    return JX_OK;
}

/* ------------------------------------------------------------ paragraphs */

/* A paragraph ends: outside tables it is a line of prose (numbered even when
 * empty, so the numbers are the document's); in a cell, it joins the cell's
 * text after a space. */
static jx_status end_paragraph(walker *w, frame *f)
{
    jx_status st = JX_OK;
    if (w->depth == 0) {
        w->paragraphs++;
        const char *text = f->para.len ? buf_trimmed(w, &f->para) : "";
        if (text == NULL)
            return no_memory(w);
        if (text[0] != '\0') {
            size_t slot;
            jx_source_cell *cell = jx_arena_alloc(w->arena, sizeof *cell);
            if (cell == NULL)
                return no_memory(w);
            if (w->ncells >= JX_READ_MAX_CELLS)
                return fail(w, JX_ERR_TOO_LARGE, "more than %u cells", JX_READ_MAX_CELLS);
            if ((st = push_row(w, 0, w->paragraphs, true, &slot)) != JX_OK)
                return st;
            *cell = (jx_source_cell){text, 0, 1, 1};
            w->rows[slot].cells = cell;
            w->rows[slot].ncells = 1;
            w->ncells++;
        }
    } else if (f->cell_open && f->para.len > 0) {
        bool both = f->cell_text.len > 0;
        if ((both && !buf_add(&f->cell_text, " ", 1))
            || !buf_add(&f->cell_text, f->para.s, f->para.len))
            return no_memory(w);
    }
    f->para.len = 0;
    return JX_OK;
}

/* ------------------------------------------------------------ tables */

static jx_status begin_table(walker *w)
{
    if (w->depth >= JX_READ_MAX_NESTING)
        return fail(w, JX_ERR_TOO_LARGE, "tables nested more than %u deep", JX_READ_MAX_NESTING);
    frame *f = &w->frames[++w->depth];
    /* The buffers of an earlier table at this depth are kept for reuse. */
    f->para.len = 0;
    f->cell_text.len = 0;
    f->p_depth = f->tr_depth = f->tc_depth = f->trpr_depth = f->tcpr_depth = 0;
    f->row_open = f->row_deleted = f->cell_open = f->cell_deleted = false;
    f->ncells = 0;
    f->rows = 0;
    f->number = ++w->tables;
    if (f->open != NULL)
        memset(f->open, 0, f->open_cap * sizeof *f->open);
    return JX_OK;
}

/* The row's place is taken when it begins, so that a table nested in one
 * of its cells follows it rather than coming first. */
static jx_status begin_row(walker *w, frame *f)
{
    f->row_open = true;
    f->row_deleted = false;
    f->col = 0;
    f->ncells = 0;
    return push_row(w, f->number, 0, false, &f->slot);
}

static void begin_cell(frame *f)
{
    f->cell_open = true;
    f->cell_deleted = false;
    f->cell = (pending_cell){"", 0, 1, MERGE_NONE, MERGE_NONE};
    f->cell_text.len = 0;
}

static jx_status end_cell(walker *w, frame *f)
{
    f->cell_open = false;
    /* A deleted cell (tracked change) is gone once accepted: the cells after
     * it move left, as Word shows them after accepting. */
    if (f->cell_deleted || f->row_deleted)
        return JX_OK;
    uint32_t span = f->cell.colspan;
    if (span > JX_READ_MAX_COLS || f->col > JX_READ_MAX_COLS - span)
        return fail(w, JX_ERR_TOO_LARGE, "table %u row %u: wider than %u columns", f->number,
                    f->rows + 1, JX_READ_MAX_COLS);
    const char *text = f->cell_text.len ? buf_trimmed(w, &f->cell_text) : "";
    if (text == NULL)
        return no_memory(w);
    pending_cell *grown = jx_grow(f->cells, &f->cells_cap, f->ncells + 1, sizeof *grown);
    if (grown == NULL)
        return no_memory(w);
    f->cells = grown;
    f->cell.text = text;
    f->cell.col = f->col;
    f->cells[f->ncells++] = f->cell;
    f->col += span;
    return JX_OK;
}

/* The vertical merge slot of a grid column, grown on demand (zeroed: none open). */
static open_merge *merge_at(frame *f, uint32_t col)
{
    if (col >= f->open_cap) {
        size_t old = f->open_cap;
        open_merge *grown = jx_grow(f->open, &f->open_cap, (size_t)col + 1, sizeof *grown);
        if (grown == NULL)
            return NULL;
        memset(grown + old, 0, (f->open_cap - old) * sizeof *grown);
        f->open = grown;
    }
    return &f->open[col];
}

/* A row ends: its cells are resolved against the merges above and beside
 * them and stored. A w:vMerge continuation adds a row to the merge begun
 * right above it in the same grid column and is not a cell of its own; one
 * with nothing right above to continue begins a merge of its own. An
 * old-style w:hMerge continuation widens the cell before it. Empty plain
 * cells are not kept (the source holds cells with text or a span); a merge's
 * first cell is, until the end shows whether it spans anything. */
static jx_status end_row(walker *w, frame *f)
{
    f->row_open = false;
    if (f->row_deleted)
        return JX_OK; /* its slot stays empty and is dropped at the end */
    if (f->rows >= JX_READ_MAX_ROWS)
        return fail(w, JX_ERR_TOO_LARGE, "table %u: more than %u rows", f->number,
                    JX_READ_MAX_ROWS);
    uint32_t row = ++f->rows;
    jx_source_row *out = &w->rows[f->slot];
    out->row = row;
    if (f->ncells == 0)
        return JX_OK;
    /* The row's width, its empty cells at the end included (read.h). */
    const pending_cell *last = &f->cells[f->ncells - 1];
    out->width = last->col + last->colspan;
    jx_source_cell *cells = jx_arena_alloc(w->arena, f->ncells * sizeof *cells);
    if (cells == NULL)
        return no_memory(w);
    size_t n = 0;
    bool widening = false; /* the last kept cell is a w:hMerge run's first */
    for (size_t i = 0; i < f->ncells; i++) {
        const pending_cell *p = &f->cells[i];
        if (p->hmerge == MERGE_CONTINUE && widening
            && cells[n - 1].col + cells[n - 1].colspan == p->col) {
            cells[n - 1].colspan += p->colspan; /* within the row's width, checked per cell */
            continue;
        }
        open_merge *m = p->vmerge != MERGE_NONE ? merge_at(f, p->col) : NULL;
        if (p->vmerge != MERGE_NONE && m == NULL)
            return no_memory(w);
        if (p->vmerge == MERGE_CONTINUE && m->last_row != 0 && m->last_row == row - 1) {
            w->rows[m->slot].cells[m->cell].rowspan++;
            m->last_row = row;
            widening = false;
            continue;
        }
        widening = p->hmerge == MERGE_RESTART;
        if (p->text[0] == '\0' && p->colspan == 1 && p->vmerge == MERGE_NONE && !widening)
            continue;
        if (w->ncells >= JX_READ_MAX_CELLS)
            return fail(w, JX_ERR_TOO_LARGE, "more than %u cells", JX_READ_MAX_CELLS);
        if (p->vmerge != MERGE_NONE)
            *m = (open_merge){f->slot, n, row};
        cells[n++] = (jx_source_cell){p->text, p->col, 1, p->colspan};
        w->ncells++;
    }
    out->cells = cells;
    out->ncells = n;
    return JX_OK;
}

/* ------------------------------------------------------------ attributes */

/* w:val of the current element, parsed as a count; `absent` when it has
 * none or it is no count; past JX_READ_MAX_COLS it is JX_READ_MAX_COLS + 1,
 * so a huge span is refused, never wrapped. */
static uint32_t val_count(xmlTextReaderPtr reader, uint32_t absent)
{
    xmlChar *val = xmlTextReaderGetAttributeNs(reader, BAD_CAST "val",
                                               xmlTextReaderConstNamespaceUri(reader));
    if (val == NULL)
        return absent;
    uint32_t n = 0;
    const xmlChar *p = val;
    while (*p == ' ')
        p++;
    if (*p < '0' || *p > '9')
        n = absent;
    for (; *p >= '0' && *p <= '9'; p++)
        if (n <= JX_READ_MAX_COLS)
            n = n * 10 + (uint32_t)(*p - '0');
    xmlFree(val);
    return n > JX_READ_MAX_COLS ? JX_READ_MAX_COLS + 1 : n;
}

/* w:vMerge and w:hMerge: "restart" begins a merge; no value or "continue"
 * carries one on. */
static merge_kind val_merge(xmlTextReaderPtr reader)
{
    xmlChar *val = xmlTextReaderGetAttributeNs(reader, BAD_CAST "val",
                                               xmlTextReaderConstNamespaceUri(reader));
    merge_kind kind = val != NULL && xmlStrcmp(val, BAD_CAST "restart") == 0 ? MERGE_RESTART
                                                                             : MERGE_CONTINUE;
    xmlFree(val);
    return kind;
}

/* ------------------------------------------------------------ the walk */

static jx_status add_text(walker *w, const char *s, size_t n)
{
    frame *f = &w->frames[w->depth];
    if (f->p_depth == 0)
        return JX_OK; /* a run outside any paragraph shows nothing */
    return buf_add(&f->para, s, n) ? JX_OK : no_memory(w);
}

static jx_status start_element(walker *w, xmlTextReaderPtr reader, element el, bool empty)
{
    frame *f = &w->frames[w->depth];
    bool in_table = w->depth > 0;
    switch (el) {
    case EL_P: f->p_depth++; return JX_OK;
    case EL_R: w->run_depth++; return JX_OK;
    case EL_T: w->t_depth++; return JX_OK;
    case EL_TAB:
    case EL_PTAB:
    case EL_BR:
    case EL_CR: return w->run_depth > 0 ? add_text(w, " ", 1) : JX_OK;
    case EL_NB_HYPHEN: return w->run_depth > 0 ? add_text(w, "-", 1) : JX_OK;
    case EL_TBL: return begin_table(w);
    case EL_TR:
        if (in_table && f->tr_depth++ == 0)
            return begin_row(w, f);
        return JX_OK;
    case EL_TC:
        if (in_table && f->tc_depth++ == 0 && f->row_open)
            begin_cell(f);
        return JX_OK;
    case EL_TRPR:
        if (in_table && f->row_open && !f->cell_open)
            f->trpr_depth++;
        return JX_OK;
    case EL_TCPR:
        if (in_table && f->cell_open)
            f->tcpr_depth++;
        return JX_OK;
    case EL_GRID_BEFORE:
        /* Grid columns the row leaves out before its first cell. */
        if (f->trpr_depth > 0 && f->ncells == 0) {
            uint32_t before = val_count(reader, 0);
            if (before > JX_READ_MAX_COLS)
                return fail(w, JX_ERR_TOO_LARGE, "table %u row %u: wider than %u columns",
                            f->number, f->rows + 1, JX_READ_MAX_COLS);
            f->col = before;
        }
        return JX_OK;
    case EL_GRID_SPAN:
        if (f->tcpr_depth > 0) {
            uint32_t span = val_count(reader, 1);
            if (span > JX_READ_MAX_COLS)
                return fail(w, JX_ERR_TOO_LARGE,
                            "table %u row %u: a cell spans more than %u columns", f->number,
                            f->rows + 1, JX_READ_MAX_COLS);
            f->cell.colspan = span ? span : 1;
        }
        return JX_OK;
    case EL_VMERGE:
        if (f->tcpr_depth > 0)
            f->cell.vmerge = val_merge(reader);
        return JX_OK;
    case EL_HMERGE:
        if (f->tcpr_depth > 0)
            f->cell.hmerge = val_merge(reader);
        return JX_OK;
    case EL_DEL:
        if (f->tcpr_depth > 0)
            f->cell_deleted = true;
        else if (f->trpr_depth > 0)
            f->row_deleted = true;
        else if (!empty) {
            w->skip_depth = 1;
            w->skip_textbox = false;
        }
        return JX_OK;
    case EL_MOVE_FROM:
    case EL_FALLBACK:
    case EL_TXBX:
        if (!empty) {
            w->skip_depth = 1;
            w->skip_textbox = el == EL_TXBX;
        }
        return JX_OK;
    case EL_OTHER: return JX_OK;
    }
    return JX_OK;
}

static jx_status end_element(walker *w, element el)
{
    frame *f = &w->frames[w->depth];
    bool in_table = w->depth > 0;
    switch (el) {
    case EL_P:
        if (f->p_depth > 0 && --f->p_depth == 0)
            return end_paragraph(w, f);
        return JX_OK;
    case EL_R:
        if (w->run_depth > 0)
            w->run_depth--;
        return JX_OK;
    case EL_T:
        if (w->t_depth > 0)
            w->t_depth--;
        return JX_OK;
    case EL_TBL:
        if (w->depth > 0)
            w->depth--;
        return JX_OK;
    case EL_TR:
        if (in_table && f->tr_depth > 0 && --f->tr_depth == 0 && f->row_open)
            return end_row(w, f);
        return JX_OK;
    case EL_TC:
        if (in_table && f->tc_depth > 0 && --f->tc_depth == 0 && f->cell_open)
            return end_cell(w, f);
        return JX_OK;
    case EL_TRPR:
        if (f->trpr_depth > 0)
            f->trpr_depth--;
        return JX_OK;
    case EL_TCPR:
        if (f->tcpr_depth > 0)
            f->tcpr_depth--;
        return JX_OK;
    default: return JX_OK;
    }
}

/* libxml2's first error, kept for the message; nothing is printed. */
static void on_xml_error(void *arg, xmlErrorPtr e)
{
    walker *w = arg;
    if (e == NULL || e->level < XML_ERR_ERROR || w->xml_error[0] != '\0')
        return;
    snprintf(w->xml_error, sizeof w->xml_error, "%s", e->message ? e->message : "malformed");
    /* One line: libxml2 breaks some messages ("indicate encoding !\nBytes: …")
     * and quotes the file's own characters in others (a namespace URI). */
    for (char *c = w->xml_error; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = ' ';
    size_t n = strlen(w->xml_error);
    while (n > 0 && w->xml_error[n - 1] == ' ')
        w->xml_error[--n] = '\0';
    jx_utf8_trim_partial(w->xml_error);
    w->xml_error_line = e->line;
}

/* libxml2 reports a few errors (a failed encoding conversion, "xmlParseChunk:
 * encoder error") with no parser at hand, to the calling thread's handlers,
 * which print to stderr unless told otherwise. The library never prints:
 * for the length of a parse they are pointed at the walker (the first error
 * becomes the message) and at silence, then given back as they were, so a
 * program's own use of libxml2 is left as it found it. */
typedef struct {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} thread_handlers;

static void ignore_message(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static thread_handlers quiet_handlers(walker *w)
{
    thread_handlers saved = {xmlGenericError, xmlGenericErrorContext, xmlStructuredError,
                             xmlStructuredErrorContext};
    xmlSetGenericErrorFunc(NULL, ignore_message);
    xmlSetStructuredErrorFunc(w, on_xml_error);
    return saved;
}

static void restore_handlers(const thread_handlers *saved)
{
    xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
    xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* One node of the stream. */
static jx_status visit(walker *w, xmlTextReaderPtr reader)
{
    int type = xmlTextReaderNodeType(reader);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
        /* Office never writes one; a DTD is how entity expansion and
         * external entities get in (billion laughs, XXE). */
        jx_error_set(w->err, JX_ERR_FORMAT, 0,
                     "%s: has a DOCTYPE, which Word never writes: refused", w->part);
        return JX_ERR_FORMAT;
    }
    if (w->skip_depth > 0) {
        if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(reader))
            w->skip_depth++;
        else if (type == XML_READER_TYPE_END_ELEMENT)
            w->skip_depth--;
        else if (w->skip_textbox && type == XML_READER_TYPE_TEXT) {
            const char *s = (const char *)xmlTextReaderConstValue(reader);
            if (s != NULL && !is_blank(s))
                w->textbox_text = true;
        }
        return JX_OK;
    }
    switch (type) {
    case XML_READER_TYPE_ELEMENT: {
        element el = element_of(reader);
        bool empty = xmlTextReaderIsEmptyElement(reader) == 1;
        jx_status st = start_element(w, reader, el, empty);
        /* An empty element has no end node: it ends where it starts. */
        if (st == JX_OK && empty && w->skip_depth == 0)
            st = end_element(w, el);
        return st;
    }
    case XML_READER_TYPE_END_ELEMENT: return end_element(w, element_of(reader));
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        if (w->t_depth > 0) {
            const char *s = (const char *)xmlTextReaderConstValue(reader);
            if (s != NULL)
                return add_text(w, s, strlen(s));
        }
        return JX_OK;
    default: return JX_OK;
    }
}

/* The rows as the source holds them: a merge's first cell that spans
 * nothing after all, and with it a row left with no cell, are dropped. */
static jx_status finish(walker *w, jx_source *out)
{
    size_t kept = 0;
    for (size_t i = 0; i < w->nrows; i++) {
        jx_source_row *row = &w->rows[i];
        size_t n = 0;
        for (size_t k = 0; k < row->ncells; k++) {
            jx_source_cell c = row->cells[k];
            if (c.text[0] != '\0' || c.rowspan > 1 || c.colspan > 1)
                row->cells[n++] = c;
        }
        row->ncells = n;
        if (n > 0)
            w->rows[kept++] = *row;
    }
    out->rows = kept ? jx_arena_alloc(w->arena, kept * sizeof *out->rows) : NULL;
    if (kept && out->rows == NULL)
        return no_memory(w);
    if (kept)
        memcpy(out->rows, w->rows, kept * sizeof *out->rows);
    out->nrows = kept;
    return JX_OK;
}

static void walker_free(walker *w)
{
    for (size_t i = 0; i <= JX_READ_MAX_NESTING; i++) {
        free(w->frames[i].para.s);
        free(w->frames[i].cell_text.s);
        free(w->frames[i].cells);
        free(w->frames[i].open);
    }
    free(w->rows);
}

/* Reads one WordprocessingML part (the body, or a header, footnotes, …:
 * anything made of w:p and w:tbl) into out->rows. *textbox_text: whether a
 * skipped text box held text. */
static jx_status walk_part(jx_arena *arena, const char *part, const char *xml, size_t len,
                           jx_source *out, bool *textbox_text, jx_error *err)
{
    if (len > INT_MAX) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "%s: larger than 2 GB", part);
        return JX_ERR_TOO_LARGE;
    }
    walker *w = calloc(1, sizeof *w);
    if (w == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    w->arena = arena;
    w->part = part;
    w->err = err;
    thread_handlers saved = quiet_handlers(w);
    /* No entity substitution, no DTD loaded, no network; libxml2's own
     * limits (depth, text size, entity amplification) stay on: no
     * XML_PARSE_HUGE. NOERROR/NOWARNING: the library never prints. */
    xmlTextReaderPtr reader = xmlReaderForMemory(
        xml, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (reader == NULL) {
        restore_handlers(&saved);
        walker_free(w);
        free(w);
        jx_error_set(err, JX_ERR_NOMEM, 0, "%s: cannot be parsed (out of memory)", part);
        return JX_ERR_NOMEM;
    }
    xmlTextReaderSetStructuredErrorHandler(reader, on_xml_error, w);
    jx_status st = JX_OK;
    int more = 0;
    while (st == JX_OK && (more = xmlTextReaderRead(reader)) == 1)
        st = visit(w, reader);
    if (st == JX_OK && more != 0) {
        if (w->xml_error[0] != '\0' && w->xml_error_line > 0)
            jx_error_set(err, JX_ERR_FORMAT, 0, "%s: not well-formed XML (line %d: %s)", part,
                         w->xml_error_line, w->xml_error);
        else if (w->xml_error[0] != '\0') /* an encoding's conversion knows no line */
            jx_error_set(err, JX_ERR_FORMAT, 0, "%s: not well-formed XML (%s)", part, w->xml_error);
        else
            jx_error_set(err, JX_ERR_FORMAT, 0, "%s: not well-formed XML", part);
        st = JX_ERR_FORMAT;
    }
    xmlFreeTextReader(reader);
    restore_handlers(&saved);
    if (st == JX_OK)
        st = finish(w, out);
    *textbox_text = w->textbox_text;
    walker_free(w);
    free(w);
    return st;
}

/* ------------------------------------------------------------ what is left out */

/* Whether a part that is not read holds any text: read in an arena of its
 * own, thrown away. A part that cannot be read counts as holding text, so
 * the note still says it was left out. */
static bool part_has_text(jx_zip *zip, const char *name)
{
    jx_arena *scratch = jx_arena_new();
    if (scratch == NULL)
        return true;
    jx_error err;
    char *xml;
    size_t len;
    jx_source src;
    bool textbox = false;
    bool has = jx_zip_part(zip, scratch, name, &xml, &len, &err) != JX_OK
               || walk_part(scratch, name, xml, len, &src, &textbox, &err) != JX_OK || src.nrows > 0
               || textbox;
    jx_arena_free(scratch);
    return has;
}

/* Word numbers its headers and footers header1.xml, footer1.xml, …; a
 * document with more sections than this is rare, and its first ones say
 * whether headers had text. */
#define NOTE_MAX_NUMBERED 16

static bool numbered_parts_have_text(jx_zip *zip, const char *stem)
{
    for (unsigned i = 1; i <= NOTE_MAX_NUMBERED; i++) {
        char name[64];
        snprintf(name, sizeof name, "word/%s%u.xml", stem, i);
        if (jx_zip_has(zip, name) && part_has_text(zip, name))
            return true;
    }
    return false;
}

static jx_status make_note(jx_arena *arena, jx_zip *zip, bool textbox_text, jx_source *out,
                           jx_error *err)
{
    const char *left_out[5];
    size_t n = 0;
    if (numbered_parts_have_text(zip, "header") || numbered_parts_have_text(zip, "footer"))
        left_out[n++] = "headers and footers ignored";
    static const struct {
        const char *part, *said;
    } single[] = {
        {"word/footnotes.xml", "footnotes ignored"},
        {"word/endnotes.xml", "endnotes ignored"},
        {"word/comments.xml", "comments ignored"},
    };
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++)
        if (jx_zip_has(zip, single[i].part) && part_has_text(zip, single[i].part))
            left_out[n++] = single[i].said;
    if (textbox_text)
        left_out[n++] = "text boxes ignored";
    size_t size = 1;
    for (size_t i = 0; i < n; i++)
        size += strlen(left_out[i]) + 2;
    char *note = jx_arena_alloc(arena, size);
    if (note == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            strcat(note, "; ");
        strcat(note, left_out[i]);
    }
    out->note = note;
    return JX_OK;
}

/* ------------------------------------------------------------ the reader */

/* A zip (local file header PK\3\4 first) holding word/document.xml. A zip
 * libzip cannot open is still taken for a Word document when its bytes name
 * the part, so that it is refused as a corrupt .docx rather than as binary
 * text. */
bool jx_sniff_docx(const unsigned char *bytes, size_t len)
{
    static const unsigned char local_header[] = {'P', 'K', 3, 4};
    if (len < sizeof local_header || memcmp(bytes, local_header, sizeof local_header) != 0)
        return false;
    jx_zip *zip;
    jx_error err;
    if (jx_zip_open(bytes, len, &zip, &err) == JX_OK) {
        bool has = jx_zip_has(zip, DOCUMENT_PART);
        jx_zip_close(zip);
        return has;
    }
    static const char name[] = DOCUMENT_PART;
    size_t n = sizeof name - 1;
    for (size_t i = 0; i + n <= len; i++)
        if (bytes[i] == 'w' && memcmp(bytes + i, name, n) == 0)
            return true;
    return false;
}

jx_status jx_read_docx(jx_arena *arena, const unsigned char *bytes, size_t len, jx_source *out,
                       jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = JX_SOURCE_DOCX;
    out->note = "";
    jx_zip *zip;
    jx_status st = jx_zip_open(bytes, len, &zip, err);
    if (st != JX_OK)
        return st;
    char *xml;
    size_t xml_len;
    bool textbox_text = false;
    st = jx_zip_part(zip, arena, DOCUMENT_PART, &xml, &xml_len, err);
    if (st == JX_OK)
        st = walk_part(arena, DOCUMENT_PART, xml, xml_len, out, &textbox_text, err);
    if (st == JX_OK)
        st = make_note(arena, zip, textbox_text, out, err);
    jx_zip_close(zip);
    if (st != JX_OK) {
        out->rows = NULL;
        out->nrows = 0;
    }
    return st;
}
