/*
 * segment.c — finds the tables inside a document: runs of TAB-separated (or
 * |pipe|) lines, joined across page breaks, with the title, table number,
 * year, unit and compiling unit read from the lines above them.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* How far above a table its title and meta lines may stand. */
#define TITLE_SCAN_LINES 8
#define HEADING_SCAN_LINES 40
/* A title is short; a longer line, or one with a full stop, is prose. */
#define TITLE_MAX_CHARS 60
/* Lines of a lost merged cell's text between two runs of one table. */
#define INNER_TEXT_LINES_MAX 3

typedef struct {
    size_t first, last;  /* indices into doc->lines, inclusive */
    jx_row_list list;    /* malloc'd while segmenting */
    size_t continuations;
} block;

typedef struct {
    block *items;
    size_t n, cap;
} block_list;

/* What segmentation asks of a line again and again, found once per line. */
typedef struct {
    size_t len;      /* strlen of its text */
    size_t fields;   /* TAB-separated fields: 1 + its TABs */
    char sep;        /* '\t' or '|' for a table row (jx_line_is_row), else 0 */
} line_facts;

/* A document being segmented: the facts of each of its lines beside it, and
 * each line's norm once it was asked for (the lines above and between tables
 * are read again for each table near them). */
typedef struct {
    jx_document *doc;
    line_facts *facts;  /* doc->nlines of them, malloc'd */
    const char **norms; /* doc->nlines, calloc'd: NULL until asked */
    jx_arena *scratch;  /* what is read only to decide (the lines' norms), freed after */
} segmenter;

/* ------------------------------------------------------------ small text tests */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "(2024年度)", "2024年度", "（2023 年度）" after normalisation. */
static bool parse_year_line(const char *norm, const char **year_start, size_t *year_len)
{
    const char *p = norm;
    bool bracket = *p == '(';
    if (bracket)
        p++;
    const char *start = p;
    for (int i = 0; i < 4; i++, p++)
        if (!is_ascii_digit(*p))
            return false;
    if (starts_with(p, "年度"))
        p += strlen("年度");
    else if (starts_with(p, "年"))
        p += strlen("年");
    else
        return false;
    size_t len = (size_t)(p - start);
    if (bracket && *p == ')')
        p++;
    if (*p != '\0')
        return false;
    *year_start = start;
    *year_len = len;
    return true;
}

/* "公开01表", "表14", "表 4". */
static bool is_table_number(const char *norm)
{
    const char *p = norm;
    if (starts_with(p, "公开"))
        p += strlen("公开");
    bool before = starts_with(p, "表");
    if (before)
        p += strlen("表");
    int digits = 0;
    while (is_ascii_digit(*p)) {
        p++;
        digits++;
    }
    if (digits == 0 || digits > 3)
        return false;
    if (!before) {
        if (!starts_with(p, "表"))
            return false;
        p += strlen("表");
    }
    return *p == '\0';
}

/* The text after a label of the list (a '(' before the label is skipped); NULL
 * when norm starts with none. */
static const char *after_prefix(const jx_forms *forms, jx_form_list labels, const char *norm)
{
    const char *p = norm;
    if (*p == '(')
        p++;
    size_t n = jx_forms_prefix(forms, labels, p);
    return n ? p + n : NULL;
}

/* "单位:万元" → "万元" (forms/tables.ini [meta] unit). */
static const char *unit_value(const jx_forms *forms, const char *norm)
{
    return after_prefix(forms, JX_FW_TBL_META_UNIT, norm);
}

/* "编制部门:神木市医疗保障局" → the unit that compiled the table. */
static const char *org_value(const jx_forms *forms, const char *norm)
{
    return after_prefix(forms, JX_FW_TBL_META_ORG, norm);
}

/* Titles have no sentence punctuation; full-width commas were folded to ASCII. */
static bool is_prose(const char *norm)
{
    return strstr(norm, "。") != NULL || strchr(norm, ',') != NULL
        || strchr(norm, ';') != NULL || utf8_chars(norm) > TITLE_MAX_CHARS;
}

/* "第三部分 …", "二、…", "(三)…", "# …": headings of the document's outline. */
static bool is_heading(const char *raw, const char *norm)
{
    if (raw[0] == '#')
        return true;
    if (starts_with(norm, "第") && strstr(norm, "部分") != NULL)
        return true;
    const char *p = norm;
    bool bracket = *p == '(';
    if (bracket)
        p++;
    bool numeral = false;
    for (size_t n; (n = jx_numeral_length(p)) > 0; p += n)
        numeral = true;
    if (!numeral)
        return false;
    return bracket ? *p == ')' : starts_with(p, "、");
}

/* ------------------------------------------------------------ meta of a table */

/* The title as printed (tidied) for quoting, and normalised for matching. */
typedef struct {
    const char *title, *title_norm, *number, *year, *unit, *org;
    uint32_t title_line;
} table_meta;

static const char *dup(jx_arena *arena, const char *s, size_t n)
{
    const char *d = jx_arena_strndup(arena, s, n);
    return d ? d : "";
}

/* Takes a meta line's value (unit, year, number, compiling unit); false if it is none. */
static bool absorb_meta(jx_arena *arena, const jx_forms *forms, const char *norm,
                        table_meta *meta)
{
    const char *v, *year;
    size_t year_len;
    if ((v = unit_value(forms, norm)) != NULL) {
        size_t n = strlen(v);
        if (n > 0 && v[n - 1] == ')')
            n--;
        if (!meta->unit[0])
            meta->unit = dup(arena, v, n);
        return true;
    }
    if (parse_year_line(norm, &year, &year_len)) {
        if (!meta->year[0])
            meta->year = dup(arena, year, year_len);
        return true;
    }
    if (is_table_number(norm)) {
        if (!meta->number[0])
            meta->number = dup(arena, norm, strlen(norm));
        return true;
    }
    if (jx_forms_prefix(forms, JX_FW_TBL_META_OTHER, norm) > 0)
        return true; /* 填报日期:…: meta, but nothing the table keeps */
    if ((v = org_value(forms, norm)) != NULL) {
        if (!meta->org[0])
            meta->org = dup(arena, v, strlen(v));
        return true;
    }
    return false;
}

/*
 * A line of several meta items set apart by spaces (a web page's
 * "部门：孟州市医疗保障局&nbsp;&nbsp;2024年度&nbsp;&nbsp;单位：万元", where a
 * text export had TABs): each item taken alone, when every one is meta. The
 * raw text is split, since the normalised one has lost the spaces.
 */
static bool is_ideographic_space(const char *p)
{
    return p[0] == '\xE3' && p[1] == '\x80' && p[2] == '\x80'; /* U+3000; stops at a NUL */
}

static bool absorb_spaced_meta(jx_arena *arena, jx_arena *scratch, const jx_forms *forms,
                               const char *raw,
                               table_meta *meta)
{
    table_meta trial = *meta;
    size_t items = 0;
    for (const char *p = raw; *p;) {
        size_t gap = strspn(p, " \t");
        if (is_ideographic_space(p + gap))
            gap += 3;
        if (gap > 0) {
            p += gap;
            continue;
        }
        const char *end = p;
        while (*end && *end != ' ' && *end != '\t' && !is_ideographic_space(end))
            end++;
        const char *norm = jx_cell_normalize(scratch, p, (size_t)(end - p));
        if (norm == NULL || norm[0] == '\0' || !absorb_meta(arena, forms, norm, &trial))
            return false;
        items++;
        p = end;
    }
    if (items < 2)
        return false;
    *meta = trial;
    return true;
}

static const char *strip_trailing_colon(jx_arena *arena, const char *norm)
{
    size_t n = strlen(norm);
    while (n > 0 && norm[n - 1] == ':')
        n--;
    return dup(arena, norm, n);
}

static const char *line_norm(const segmenter *sg, const jx_line *line)
{
    const char **cached = &sg->norms[line->line - 1];
    if (*cached != NULL)
        return *cached;
    size_t len = sg->facts[line->line - 1].len;
    /* Long lines are prose whatever they say: skip normalising them. */
    if (len > 4 * TITLE_MAX_CHARS * 3)
        return *cached = "。";
    const char *n = jx_cell_normalize(sg->scratch, line->text, len);
    return *cached = n ? n : "";
}

/* The line, tidied but in the characters printed, without a trailing colon. */
static const char *line_tidy(jx_arena *arena, const char *text)
{
    const char *t = jx_cell_tidy(arena, text, strlen(text));
    return strip_trailing_colon(arena, t ? t : "");
}

/* A title is quoted as printed and matched normalised, as a cell is. */
static void set_title(jx_arena *arena, table_meta *meta, const char *text, const char *norm,
                      uint32_t line)
{
    meta->title = line_tidy(arena, text);
    meta->title_norm = strip_trailing_colon(arena, norm);
    meta->title_line = line;
}

/* The nearest outline heading above a table, for tables that have no title. */
static void heading_title(const segmenter *sg, size_t first, size_t floor, table_meta *meta)
{
    jx_document *doc = sg->doc;
    for (size_t i = first, seen = 0; i > floor && seen < HEADING_SCAN_LINES; seen++) {
        const jx_line *line = &doc->lines[--i];
        if (line->text[0] == '\0')
            continue;
        const char *norm = line_norm(sg, line);
        if (!is_prose(norm) && is_heading(line->text, norm)) {
            set_title(doc->arena, meta, line->text, norm, line->line);
            return;
        }
    }
}

static const char *joined(jx_arena *arena, const char *head, const char *tail)
{
    size_t a = strlen(head), b = strlen(tail);
    char *out = jx_arena_alloc(arena, a + b + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, head, a);
    memcpy(out + a, tail, b + 1);
    return out;
}

static void prepend_title(jx_arena *arena, table_meta *meta, const char *head_text,
                          const char *head_norm, uint32_t line)
{
    const char *head = jx_cell_tidy(arena, head_text, strlen(head_text));
    const char *title = head ? joined(arena, head, meta->title) : NULL;
    const char *title_norm = joined(arena, head_norm, meta->title_norm);
    if (title == NULL || title_norm == NULL)
        return;
    meta->title = title;
    meta->title_norm = title_norm;
    meta->title_line = line;
}

/*
 * Reads the lines above a table, nearest first: meta lines (unit, year, table
 * number, compiling unit) in any order, and the nearest other line as the
 * title unless it is prose. A short organisation name right above the title
 * is its first half, split by the PDF (镇安县医疗保障局 / 职工体检费项目支出绩效自评表).
 */
static void read_title(const segmenter *sg, size_t first, size_t floor, table_meta *meta)
{
    jx_document *doc = sg->doc;
    size_t i = first, nonblank = 0;
    bool have_title = false, adjacent = false;
    while (i > floor && nonblank < TITLE_SCAN_LINES) {
        const jx_line *line = &doc->lines[--i];
        if (line->text[0] == '\0')
            continue;
        nonblank++;
        const char *norm = line_norm(sg, line);
        if (norm[0] == '\0')
            continue;
        if (absorb_spaced_meta(doc->arena, sg->scratch, doc->forms, line->text, meta)
            || absorb_meta(doc->arena, doc->forms, norm, meta)) {
            adjacent = false;
            continue;
        }
        if (have_title) {
            if (adjacent && utf8_chars(norm) <= 30
                && jx_forms_match(doc->forms, JX_FW_TBL_META_ORG_SUFFIX, norm)
                && !is_heading(line->text, norm))
                prepend_title(doc->arena, meta, line->text, norm, line->line);
            break;
        }
        if (jx_forms_match(doc->forms, JX_FW_TBL_META_NOTE, norm) || is_prose(norm))
            break;
        set_title(doc->arena, meta, line->text, norm, line->line);
        have_title = adjacent = true;
    }
    if (!have_title)
        heading_title(sg, first, floor, meta);
}

static table_meta empty_meta(void)
{
    return (table_meta){"", "", "", "", "", "", 0};
}

/* ------------------------------------------------------------ blocks of rows */

static size_t filled_cells(const jx_row *row)
{
    size_t n = 0;
    for (size_t c = 0; c < row->ncells; c++)
        n += row->cells[c].norm[0] != '\0' || row->cells[c].text[0] != '\0';
    return n;
}

/* A markdown table's |---|:---:| line separates header from body; no data. */
static bool is_rule_row(const jx_row *row)
{
    size_t rules = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *t = row->cells[c].text;
        if (t[0] == '\0')
            continue;
        size_t dashes = 0;
        for (const char *p = t; *p; p++) {
            if (*p == '-')
                dashes++;
            else if (*p != ':' && *p != ' ')
                return false;
        }
        if (dashes < 3)
            return false;
        rules++;
    }
    return rules > 0;
}

static bool list_push(block_list *list, const block *b)
{
    block *items = jx_grow(list->items, &list->cap, list->n + 1, sizeof(block));
    if (items == NULL)
        return false;
    list->items = items;
    list->items[list->n++] = *b;
    return true;
}

/* The facts of every line, NULL when memory runs out. TABs are found with
 * memchr: a table row has a few, prose none. */
static line_facts *facts_of_lines(const jx_document *doc)
{
    line_facts *facts = malloc((doc->nlines ? doc->nlines : 1) * sizeof *facts);
    if (facts == NULL)
        return NULL;
    for (size_t i = 0; i < doc->nlines; i++) {
        const char *text = doc->lines[i].text;
        line_facts *f = &facts[i];
        f->len = strlen(text);
        f->fields = 1;
        for (const char *p = text; (p = memchr(p, '\t', f->len - (size_t)(p - text))) != NULL; p++)
            f->fields++;
        /* A TAB makes a row; a line without is one if it is a |pipe| row. */
        if (f->fields > 1)
            f->sep = '\t';
        else if (!jx_line_is_pipe_row(text, f->len))
            f->sep = 0;
        else
            f->sep = '|';
    }
    return facts;
}

static bool is_row_line(const segmenter *sg, size_t i)
{
    return sg->facts[i].sep != 0;
}

/*
 * A PDF cell that wraps its text can leave the rest of it on a line of its
 * own between two rows. Such a line has no TAB and is not a title or meta
 * line (those stand apart from tables).
 */
/* A title's last word (…自评表), also before the year a title often ends with:
 * 部门预算项目支出绩效自评表(2023年度). */
static bool ends_like_title(const segmenter *sg, const char *norm)
{
    if (jx_forms_match(sg->doc->forms, JX_FW_TBL_META_TITLE_END, norm))
        return true;
    const char *open = strrchr(norm, '(');
    const char *year;
    size_t year_len;
    if (open == NULL || open == norm || !parse_year_line(open, &year, &year_len))
        return false;
    const char *title = jx_arena_strndup(sg->scratch, norm, (size_t)(open - norm));
    return title != NULL && jx_forms_match(sg->doc->forms, JX_FW_TBL_META_TITLE_END, title);
}

/*
 * A line between two runs of rows that belongs to the table around it: a
 * merged label cell the export put on a line of its own (绩效指标, 已实施情况:)
 * or a wrapped cell's text. Anything that starts a table of its own (a title,
 * a table number, a heading, a meta line, an attachment) does not, nor does a
 * paragraph a reader found outside every table (a Word file's, a page's, a
 * PDF's sentence between two tables).
 */
static bool is_inner_text_line(const segmenter *sg, const jx_line *line)
{
    jx_document *doc = sg->doc;
    if (doc->places != NULL && line->line >= 1 && line->line <= doc->nlines
        && doc->places[line->line - 1].prose)
        return false;
    const char *norm = line_norm(sg, line);
    table_meta meta = empty_meta();
    return norm[0] != '\0' && !ends_like_title(sg, norm) && !is_table_number(norm)
        && !is_heading(line->text, norm) && !absorb_meta(doc->arena, doc->forms, norm, &meta)
        && !jx_forms_match(doc->forms, JX_FW_TBL_META_ATTACHMENT, norm)
        && !jx_forms_match(doc->forms, JX_FW_TBL_META_NOTE, norm);
}

static bool is_wrapped_cell_line(const segmenter *sg, size_t i)
{
    if (i == 0 || i + 1 >= sg->doc->nlines || !is_row_line(sg, i - 1) || !is_row_line(sg, i + 1))
        return false;
    return is_inner_text_line(sg, &sg->doc->lines[i]);
}

static int compare_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

/* The field count most lines of a run have: the table's width as printed
 * (the widest of equally common counts). 0 when memory runs out. */
static size_t usual_width(const segmenter *sg, size_t first, size_t last)
{
    size_t n = last - first + 1, best = 0, best_count = 0;
    size_t *widths = malloc(n * sizeof(size_t));
    if (widths == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        widths[i] = sg->facts[first + i].fields;
    qsort(widths, n, sizeof(size_t), compare_size);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && widths[j] == widths[i])
            j++;
        if (j - i >= best_count) {
            best = widths[i];
            best_count = j - i;
        }
        i = j;
    }
    free(widths);
    return best;
}

static bool last_field_filled(const char *text, size_t n)
{
    while (n > 0 && text[n - 1] == ' ')
        n--;
    return n > 0 && text[n - 1] != '\t';
}

/* Appends `more` to the row's last cell, as a wrapped line continues it. */
static bool extend_last_cell(jx_arena *arena, jx_row *row, const char *more)
{
    if (row->ncells == 0)
        return true;
    jx_cell *c = &row->cells[row->ncells - 1];
    size_t a = strlen(c->text), b = strlen(more);
    char *text = jx_arena_alloc(arena, a + b + 1);
    if (text == NULL)
        return false;
    memcpy(text, c->text, a);
    memcpy(text + a, more, b + 1);
    c->text = text;
    c->norm = jx_cell_normalize(arena, text, a + b);
    return c->norm != NULL;
}

/* Joins a row whose last cell wrapped onto the next line with that line's row. */
static bool join_wrapped_row(jx_arena *arena, jx_row *row, const jx_row *rest)
{
    if (!extend_last_cell(arena, row, rest->cells[0].text))
        return false;
    size_t n = row->ncells + rest->ncells - 1;
    jx_cell *cells = jx_arena_alloc(arena, n * sizeof(jx_cell));
    if (cells == NULL)
        return false;
    memcpy(cells, row->cells, row->ncells * sizeof(jx_cell));
    memcpy(cells + row->ncells, rest->cells + 1, (rest->ncells - 1) * sizeof(jx_cell));
    row->cells = cells;
    row->ncells = n;
    return true;
}

/*
 * Whether row line `i` continues row line `i - 1` whose last cell wrapped:
 * both are narrower than the table and together make exactly its width.
 */
/* Header words of the forms: a line holding one starts a header, no wrapped tail. */
static bool has_header_word(const jx_forms *forms, const jx_row *row)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (jx_forms_match(forms, JX_FW_TBL_ROWS_HEADER, row->cells[c].norm))
            return true;
    return false;
}

/*
 * Whether row line `i` continues row line `i - 1` whose last cell wrapped:
 * both are narrower than the table and together make exactly its width, the
 * first has a few cells (a two-cell 项目名称 line is a row of its own) and
 * the second is no header.
 */
static bool continues_wrapped_row(const segmenter *sg, size_t i, size_t width, const jx_row *row)
{
    const char *prev = sg->doc->lines[i - 1].text, *text = sg->doc->lines[i].text;
    size_t a = sg->facts[i - 1].fields, b = sg->facts[i].fields;
    return a >= 3 && a < width && b < width && a + b - 1 == width
        && last_field_filled(prev, sg->facts[i - 1].len) && text[0] != '\t' && text[0] != '\0'
        && !has_header_word(sg->doc->forms, row);
}

/* A 续表 mark is a few words: a longer line is no mark. */
#define CONTINUED_MARK_MAX 32

/*
 * A page number a PDF or Word export leaves on a line of its own inside a
 * table ("2、", "12、", "3"), or the mark a form prints where it goes on over
 * a page (续表: [tables.ini] [meta] continued): neither a row nor a wrapped
 * cell's tail; the rows on both sides are one table.
 */
static bool is_page_marker(const segmenter *sg, const jx_line *line)
{
    jx_document *doc = sg->doc;
    const char *text = line->text;
    size_t digits = strspn(text, "0123456789");
    if (digits >= 1 && digits <= 3 && (text[digits] == '\0' || strcmp(text + digits, "、") == 0))
        return true;
    return strlen(text) <= CONTINUED_MARK_MAX
        && jx_forms_match(doc->forms, JX_FW_TBL_META_CONTINUED, line_norm(sg, line));
}

/* Finds where a run of row lines (with wrapped-cell lines inside) ends. */
static size_t run_end(const segmenter *sg, size_t first)
{
    jx_document *doc = sg->doc;
    size_t last = first;
    for (size_t i = first + 1; i < doc->nlines; i++) {
        if (is_row_line(sg, i))
            last = i;
        else if (!is_page_marker(sg, &doc->lines[i]) && !is_wrapped_cell_line(sg, i))
            break;
    }
    return last;
}

/*
 * A run of row lines is a table when it has two lines or more and some line
 * has two filled cells: a stray TAB in a paragraph makes no table.
 */
static jx_status collect_blocks(const segmenter *sg, block_list *list)
{
    jx_document *doc = sg->doc;
    size_t i = 0;
    while (i < doc->nlines) {
        /* A lone row line is prose with a stray TAB: not worth splitting. A
         * table's one row in a workbook, Word file or page is a table all the
         * same (a header with no data under it): the source says so. */
        bool source_row = doc->places != NULL && !doc->places[i].prose;
        if (!is_row_line(sg, i)) {
            i++;
            continue;
        }
        size_t last = run_end(sg, i);
        if (last == i && !source_row) {
            i++;
            continue;
        }
        block b = {.first = i, .last = last};
        size_t width = usual_width(sg, b.first, b.last);
        size_t widest = 0, lines = 0;
        bool joinable = false; /* the previous row may take a wrapped part */
        for (; i <= b.last; i++) {
            const jx_line *line = &doc->lines[i];
            const line_facts *f = &sg->facts[i];
            if (f->sep == 0) {
                if (is_page_marker(sg, line))
                    continue; /* keeps the row above open for a wrapped tail */
                if (b.list.nrows > 0 && !extend_last_cell(doc->arena, &b.list.rows[b.list.nrows - 1], line->text))
                    goto nomem;
                joinable = false;
                continue;
            }
            jx_row row;
            if (!jx_grid_split_line(doc->arena, line->text, f->len, line->line, f->sep, &row))
                goto nomem;
            lines++;
            if (joinable && f->sep == '\t' && row.ncells > 0 && continues_wrapped_row(sg, i, width, &row)) {
                if (!join_wrapped_row(doc->arena, &b.list.rows[b.list.nrows - 1], &row))
                    goto nomem;
                joinable = false;
                continue;
            }
            size_t filled = filled_cells(&row);
            if (filled > widest)
                widest = filled;
            joinable = row.ncells > 0 && !is_rule_row(&row);
            if (joinable && !jx_row_list_push(&b.list, &row))
                goto nomem;
        }
        if ((lines >= 2 || source_row) && widest >= 2 && b.list.nrows > 0) {
            if (!list_push(list, &b))
                goto nomem;
        } else {
            free(b.list.rows);
        }
        continue;
nomem:
        free(b.list.rows);
        return JX_ERR_NOMEM;
    }
    return JX_OK;
}

static bool rows_equal(const jx_row *a, const jx_row *b)
{
    if (a->ncells != b->ncells)
        return false;
    for (size_t c = 0; c < a->ncells; c++)
        if (strcmp(a->cells[c].norm, b->cells[c].norm) != 0)
            return false;
    return true;
}

static size_t block_width(const block *b)
{
    size_t w = 0;
    for (size_t r = 0; r < b->list.nrows; r++)
        if (b->list.rows[r].ncells > w)
            w = b->list.rows[r].ncells;
    return w;
}

/* Blank lines, and the marks a page break leaves (a page number, 续表). */
static bool only_blank_lines(const segmenter *sg, size_t from, size_t to)
{
    jx_document *doc = sg->doc;
    for (size_t i = from; i < to; i++)
        if (doc->lines[i].text[0] != '\0' && strspn(doc->lines[i].text, " \t") != strlen(doc->lines[i].text)
            && !is_page_marker(sg, &doc->lines[i]))
            return false;
    return true;
}

/*
 * Whether the lines between two runs hold only blanks, page numbers and a
 * few inner text lines (at least one, unless trailing: a gap of blank lines
 * is a page break, judged by the header instead). Such a gap gives the
 * second run no title of its own, so it is the first run's table, split where
 * a PDF export lost a merged cell's TABs. After a document's last table
 * (trailing), blank lines and short labels (公共服务, the next row's first
 * cell) say nothing else follows it; a sentence is the text after a table.
 */
static bool gap_is_inner_text(const segmenter *sg, size_t from, size_t to, bool trailing)
{
    jx_document *doc = sg->doc;
    size_t text_lines = 0;
    for (size_t i = from; i < to; i++) {
        const jx_line *line = &doc->lines[i];
        if (strspn(line->text, " \t") == strlen(line->text) || is_page_marker(sg, line))
            continue;
        if (++text_lines > INNER_TEXT_LINES_MAX || !is_inner_text_line(sg, line)
            || (trailing && is_prose(line_norm(sg, line))))
            return false;
    }
    return text_lines > 0 || trailing;
}

/* Each inner text line of a gap becomes a one-cell row: it is a cell's text. */
static bool push_inner_text_rows(const segmenter *sg, jx_row_list *rows, size_t from, size_t to)
{
    jx_document *doc = sg->doc;
    for (size_t i = from; i < to; i++) {
        const jx_line *line = &doc->lines[i];
        if (strspn(line->text, " \t") == strlen(line->text) || is_page_marker(sg, line))
            continue;
        jx_row row;
        if (!jx_grid_split_line(doc->arena, line->text, strlen(line->text), line->line, '\t', &row)
            || !jx_row_list_push(rows, &row))
            return false;
    }
    return true;
}

/*
 * A page break splits a table into runs separated by blank lines only; the
 * second run repeats the header or keeps the same width. Repeated header
 * rows are dropped: they are layout, not data.
 */
static jx_status join_page_breaks(const segmenter *sg, block_list *list)
{
    size_t out = 0;
    for (size_t k = 0; k < list->n; k++) {
        block *next = &list->items[k];
        block *prev = out > 0 ? &list->items[out - 1] : NULL;
        bool repeats = prev && next->list.nrows > 0 && rows_equal(&prev->list.rows[0], &next->list.rows[0]);
        if (prev && !repeats && gap_is_inner_text(sg, prev->last + 1, next->first, false)) {
            if (!push_inner_text_rows(sg, &prev->list, prev->last + 1, next->first))
                return JX_ERR_NOMEM;
            for (size_t r = 0; r < next->list.nrows; r++)
                if (!jx_row_list_push(&prev->list, &next->list.rows[r]))
                    return JX_ERR_NOMEM;
            prev->last = next->last;
            free(next->list.rows);
            next->list.rows = NULL;
            continue;
        }
        if (prev && only_blank_lines(sg, prev->last + 1, next->first)
            && (repeats || block_width(prev) == block_width(next))) {
            size_t skip = 0;
            while (repeats && skip < next->list.nrows && skip < prev->list.nrows
                   && rows_equal(&prev->list.rows[skip], &next->list.rows[skip]))
                skip++;
            for (size_t r = skip; r < next->list.nrows; r++)
                if (!jx_row_list_push(&prev->list, &next->list.rows[r]))
                    return JX_ERR_NOMEM;
            prev->last = next->last;
            prev->continuations += 1 + next->continuations;
            free(next->list.rows);
            next->list.rows = NULL;
            continue;
        }
        list->items[out++] = *next;
    }
    list->n = out;
    return JX_OK;
}

/*
 * A page break a workbook, Word file or web page kept inside one table (no
 * blank lines: one run of rows) repeats the header rows where the page turned:
 * rows equal to the table's first rows, when those are a header, are layout
 * and dropped, each repeat counted as a page break joined.
 */
/* Whether a row has text and no cell that reads as a number. */
static bool words_only(const jx_row *row)
{
    size_t filled = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *norm = row->cells[c].norm;
        if (norm[0] == '\0')
            continue;
        jx_number num;
        if (jx_number_parse(norm, &num) == JX_NUM_VALUE)
            return false;
        filled++;
    }
    return filled > 0;
}

static void drop_repeated_headers(block *b)
{
    jx_row *rows = b->list.rows;
    size_t n = b->list.nrows;
    /* A header: its first row names columns, holds no amount (a data row
     * repeated word for word is no header, and it would hold one). */
    if (n < 3 || !words_only(&rows[0]))
        return;
    size_t out = 1;
    for (size_t r = 1; r < n;) {
        size_t k = 0;
        while (r > 1 && r + k < n && k < r && rows_equal(&rows[r + k], &rows[k]))
            k++;
        if (k > 0) {
            r += k;
            b->continuations++;
            continue;
        }
        rows[out++] = rows[r++];
    }
    b->list.nrows = out;
}

/* ------------------------------------------------------------ finishing tables */

/* A row of meta cells only: "部门:孟州市医疗保障局 | 2024年度 | 单位:万元". */
static bool absorb_meta_row(jx_arena *arena, const jx_forms *forms, const jx_row *row,
                            table_meta *meta)
{
    size_t filled = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *norm = row->cells[c].norm, *year;
        size_t year_len;
        if (norm[0] == '\0')
            continue;
        filled++;
        if (unit_value(forms, norm) == NULL && org_value(forms, norm) == NULL
            && !parse_year_line(norm, &year, &year_len))
            return false;
    }
    if (filled == 0)
        return false;
    for (size_t c = 0; c < row->ncells; c++)
        if (row->cells[c].norm[0] != '\0')
            absorb_meta(arena, forms, row->cells[c].norm, meta);
    return true;
}

/* A 栏次 row numbers the columns (1, 2, 3 …); it is header, not data. */
static bool is_column_number_row(const jx_forms *forms, const jx_row *row)
{
    long expect = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *norm = row->cells[c].norm;
        if (jx_forms_match(forms, JX_FW_TBL_ROWS_COLUMN_NUMBER, norm))
            return true;
        if (norm[0] == '\0')
            continue;
        char *end;
        long v = strtol(norm, &end, 10);
        if (*end != '\0' || (expect > 0 && v != expect + 1) || (expect == 0 && v != 1))
            return false;
        expect = v;
    }
    return expect >= 2;
}

static bool is_subject_code(const char *norm)
{
    size_t n = strlen(norm);
    return (n == 3 || n == 5 || n == 7) && strspn(norm, "0123456789") == n;
}

/*
 * A data row holds an amount, or is a total or subject-code row whose other
 * cells are all numbers or blank (an empty published table has such a 合计
 * row). A 合计 heading among text headings (三公 tables) is header.
 */
static bool is_data_row(const jx_forms *forms, const jx_row *row)
{
    if (is_column_number_row(forms, row))
        return false;
    size_t first = 0;
    while (first < row->ncells && row->cells[first].norm[0] == '\0')
        first++;
    if (first == row->ncells)
        return false;
    const char *name = row->cells[first].norm;
    bool names_total = jx_forms_match(forms, JX_FW_TBL_ROWS_TOTAL, name) || is_subject_code(name);
    bool rest_numeric = true, any_number = false;
    for (size_t c = 0; c < row->ncells; c++) {
        jx_number num;
        jx_number_kind kind = jx_number_parse(row->cells[c].norm, &num);
        any_number = any_number || kind == JX_NUM_VALUE;
        if (c > first && kind == JX_NUM_TEXT)
            rest_numeric = false;
    }
    return (names_total && rest_numeric) || any_number;
}

static size_t count_header_rows(const jx_forms *forms, const jx_grid *grid)
{
    size_t after_column_numbers = 0;
    for (size_t r = 0; r < grid->nrows; r++) {
        if (is_data_row(forms, &grid->rows[r]))
            return r;
        if (is_column_number_row(forms, &grid->rows[r]))
            after_column_numbers = r + 1;
    }
    /* No data (an empty published table): the header ends at its 栏次 row. */
    if (after_column_numbers > 0)
        return after_column_numbers;
    return grid->nrows > 1 ? 1 : grid->nrows;
}

static const char *year_from_title(jx_arena *arena, const char *title)
{
    const char *p = title;
    for (int i = 0; i < 4; i++, p++)
        if (!is_ascii_digit(*p))
            return "";
    if (!starts_with(p, "年"))
        return "";
    return dup(arena, title, (size_t)(p - title) + strlen("年"));
}

/* Moves a block's rows into the arena as the table's grid, with its meta. */
static jx_status finish_table(jx_document *doc, jx_table *table, jx_row *rows,
                              size_t nrows, table_meta *meta)
{
    size_t skip = 0;
    while (skip < nrows && absorb_meta_row(doc->arena, doc->forms, &rows[skip], meta))
        skip++;
    nrows -= skip;
    rows += skip;
    table->grid.rows = jx_arena_alloc(doc->arena, (nrows ? nrows : 1) * sizeof(jx_row));
    if (table->grid.rows == NULL)
        return JX_ERR_NOMEM;
    if (nrows)
        memcpy(table->grid.rows, rows, nrows * sizeof(jx_row));
    table->grid.nrows = nrows;
    jx_grid_finish(doc->arena, &table->grid);
    if (!meta->year[0])
        meta->year = year_from_title(doc->arena, meta->title_norm);
    table->title = meta->title;
    table->title_norm = meta->title_norm;
    table->title_line = meta->title_line;
    table->number = meta->number;
    table->year = meta->year;
    table->unit = meta->unit;
    table->org = meta->org;
    table->line_start = nrows ? table->grid.rows[0].line : 0;
    table->line_end = nrows ? table->grid.rows[nrows - 1].line : 0;
    table->header_rows = count_header_rows(doc->forms, &table->grid);
    return JX_OK; /* its kind and model come after, in the model stage */
}

jx_status jx_segment(jx_document *doc, jx_error *err)
{
    block_list list = {0};
    segmenter sg = {doc, facts_of_lines(doc), calloc(doc->nlines ? doc->nlines : 1, sizeof(char *)),
                    jx_arena_new()};
    jx_status st = sg.facts && sg.norms && sg.scratch ? collect_blocks(&sg, &list) : JX_ERR_NOMEM;
    if (st == JX_OK)
        st = join_page_breaks(&sg, &list);
    for (size_t k = 0; st == JX_OK && k < list.n; k++)
        drop_repeated_headers(&list.items[k]);
    if (st == JX_OK && list.n > 0) {
        doc->tables = jx_arena_alloc(doc->arena, list.n * sizeof(jx_table));
        if (doc->tables == NULL)
            st = JX_ERR_NOMEM;
    }
    for (size_t k = 0; st == JX_OK && k < list.n; k++) {
        block *b = &list.items[k];
        jx_table *table = &doc->tables[k];
        table_meta meta = empty_meta();
        size_t floor = k > 0 ? list.items[k - 1].last + 1 : 0;
        read_title(&sg, b->first, floor, &meta);
        table->index = k + 1;
        table->continuations = b->continuations;
        table->ends_document = k + 1 == list.n && gap_is_inner_text(&sg, b->last + 1, doc->nlines, true);
        st = finish_table(doc, table, b->list.rows, b->list.nrows, &meta);
        doc->ntables = k + 1;
    }
    for (size_t k = 0; k < list.n; k++)
        free(list.items[k].list.rows);
    free(list.items);
    free(sg.facts);
    free(sg.norms);
    jx_arena_free(sg.scratch);
    if (st != JX_OK)
        jx_error_set(err, st, 0, "out of memory");
    return st;
}

/*
 * A CSV or TSV file is one table. Its leading one-cell rows play the part of
 * the lines above a table in a text document: title and meta.
 */
jx_status jx_segment_delimited(jx_document *doc, const jx_grid *grid, jx_error *err)
{
    table_meta meta = empty_meta();
    size_t skip = 0;
    while (skip < grid->nrows && filled_cells(&grid->rows[skip]) == 1) {
        const jx_row *row = &grid->rows[skip];
        const char *norm = "", *text = "";
        for (size_t c = 0; c < row->ncells; c++)
            if (row->cells[c].norm[0] != '\0') {
                norm = row->cells[c].norm;
                text = row->cells[c].text;
            }
        if (!absorb_meta(doc->arena, doc->forms, norm, &meta)) {
            if (meta.title[0] || is_prose(norm))
                break;
            set_title(doc->arena, &meta, text, norm, row->line);
        }
        skip++;
    }
    if (skip == grid->nrows)
        return JX_OK; /* no rows left: a list of lines, not a table */
    doc->tables = jx_arena_alloc(doc->arena, sizeof(jx_table));
    if (doc->tables == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    doc->ntables = 1;
    doc->tables[0].index = 1;
    doc->tables[0].ends_document = true;
    jx_status st = finish_table(doc, &doc->tables[0], grid->rows + skip,
                                grid->nrows - skip, &meta);
    if (st != JX_OK)
        jx_error_set(err, st, 0, "out of memory");
    return st;
}
