/*
 * grid.c — the grid type: source lines → rows of cells, cell normalisation,
 * and CSV/TSV files read as one grid.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ normalisation */

#define JX_TAG_MAX 256

/* Skips an HTML tag or entity at s; returns bytes consumed, or 0 if none. */
static size_t markup_length(const char *s, size_t avail, uint32_t *entity)
{
    *entity = 0;
    if (s[0] == '<' && avail > 1
        && (s[1] == '/' || s[1] == '!' || ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))) {
        /* A bounded search keeps a stray '<' from making the scan quadratic. */
        const char *end = memchr(s, '>', avail < JX_TAG_MAX ? avail : JX_TAG_MAX);
        return end ? (size_t)(end - s) + 1 : 0;
    }
    if (s[0] == '&') {
        static const struct { const char *name; uint32_t cp; } entities[] = {
            {"&nbsp;", ' '}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
            {"&quot;", '"'}, {"&#39;", '\''}, {"&emsp;", ' '}, {"&ensp;", ' '}};
        for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
            size_t n = strlen(entities[i].name);
            if (n <= avail && memcmp(s, entities[i].name, n) == 0) {
                *entity = entities[i].cp;
                return n;
            }
        }
    }
    return 0;
}

static bool is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static bool is_comparator(uint32_t cp)
{
    return cp == '<' || cp == '>' || cp == '=' || cp == 0x2265 || cp == 0x2264
        || cp == 0x2267 || cp == 0x2266;
}

/*
 * PDF extraction puts spaces inside words and numbers ("产出 指标 (50 分)",
 * "2, 129. 35"). A space survives only between two ASCII words, where it
 * separates them ("DRG 2.0" keeps one, "15 人" loses it).
 */
static bool space_is_noise(uint32_t before, uint32_t after)
{
    if (jx_is_cjk(before) || jx_is_cjk(after))
        return true;
    if ((is_digit(before) || before == ',' || before == '.') && (is_digit(after) || after == '.' || after == ',' || after == '%'))
        return true;
    if (is_comparator(before) && (is_digit(after) || after == '.'))
        return true;
    if (before == '(' || after == ')' || after == '%' || after == ',' || after == ':' || after == ';')
        return true;
    return !(is_ascii_alnum(before) && is_ascii_alnum(after))
        && !(is_ascii_alnum(before) || is_ascii_alnum(after));
}

/* Markdown emphasis and heading markers carry no content in a cell. */
static size_t markdown_marker_length(const char *s, size_t avail, bool at_start)
{
    if (avail >= 2 && ((s[0] == '*' && s[1] == '*') || (s[0] == '_' && s[1] == '_')))
        return 2;
    if (at_start && s[0] == '#') {
        size_t n = 0;
        while (n < avail && n < 6 && s[n] == '#')
            n++;
        if (n < avail && (s[n] == ' ' || s[n] == '\t'))
            return n + 1;
    }
    return 0;
}

size_t jx_normalize_into(const char *text, size_t len, char *out)
{
    size_t o = 0, i = 0;
    uint32_t prev = 0;      /* last code point written, 0 at start */
    bool pending_space = false;
    while (i < len) {
        uint32_t entity;
        size_t skip = markup_length(text + i, len - i, &entity);
        if (skip > 0 && entity == 0) {
            i += skip;
            pending_space = pending_space || prev != 0;
            continue;
        }
        size_t md = markdown_marker_length(text + i, len - i, o == 0 && !pending_space);
        if (md > 0 && skip == 0) {
            i += md;
            continue;
        }
        uint32_t cp;
        size_t n = skip > 0 ? skip : jx_utf8_next(text + i, len - i, &cp);
        if (skip > 0)
            cp = entity;
        i += n;
        cp = jx_fold_width(cp);
        if (jx_is_space(cp) || cp == 0xFFFD) {
            pending_space = prev != 0;
            continue;
        }
        if (pending_space && !space_is_noise(prev, cp))
            out[o++] = ' ';
        pending_space = false;
        o += jx_utf8_put(out + o, cp);
        prev = cp;
    }
    out[o] = '\0';
    if (jx_is_dash_placeholder(out))
        out[o = 0] = '\0';
    return o;
}

const char *jx_cell_normalize(jx_arena *arena, const char *text, size_t len)
{
    /* Folding never lengthens: full-width (3 bytes) becomes ASCII (1). */
    char *out = jx_arena_alloc(arena, len + 1);
    if (out != NULL)
        jx_normalize_into(text, len, out);
    return out;
}

/* ------------------------------------------------------------ rows */

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

bool jx_line_is_row(const char *line, size_t len, char *separator)
{
    if (memchr(line, '\t', len) != NULL) {
        *separator = '\t';
        return true;
    }
    size_t i = 0;
    while (i < len && line[i] == ' ')
        i++;
    if (i < len && line[i] == '|' && memchr(line + i + 1, '|', len - i - 1) != NULL) {
        *separator = '|';
        return true;
    }
    return false;
}

static void trim_span(const char **s, size_t *n)
{
    while (*n > 0 && ((*s)[0] == ' ' || (*s)[0] == '\r')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

bool jx_grid_split_line(jx_arena *arena, const char *line, size_t len,
                        uint32_t lineno, char separator, jx_row *row)
{
    const char *p = line, *end = line + len;
    if (separator == '|') {
        /* |a|b| : the outer pipes open and close the row, they are no cells. */
        while (p < end && *p == ' ')
            p++;
        if (p < end && *p == '|')
            p++;
        while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
            end--;
        if (end > p && end[-1] == '|')
            end--;
    }
    size_t count = 1;
    for (const char *q = p; q < end; q++)
        count += *q == separator;
    jx_cell *cells = jx_arena_alloc(arena, count * sizeof(jx_cell));
    if (cells == NULL)
        return false;
    size_t n = 0, last_filled = 0;
    const char *start = p;
    for (const char *q = p;; q++) {
        if (q == end || *q == separator) {
            const char *s = start;
            size_t sl = (size_t)(q - start);
            trim_span(&s, &sl);
            jx_cell *c = &cells[n++];
            c->text = jx_arena_strndup(arena, s, sl);
            c->norm = jx_cell_normalize(arena, s, sl);
            if (c->text == NULL || c->norm == NULL)
                return false;
            c->line = lineno;
            c->col = (uint32_t)n;
            if (!is_blank(s, sl))
                last_filled = n;
            start = q + 1;
            if (q == end)
                break;
        }
    }
    /* Trailing empty cells are the tail of merged cells: no content, no column. */
    row->cells = cells;
    row->ncells = last_filled;
    row->line = lineno;
    return true;
}

bool jx_row_list_push(jx_row_list *list, const jx_row *row)
{
    jx_row *rows = jx_grow(list->rows, &list->cap, list->nrows + 1, sizeof(jx_row));
    if (rows == NULL)
        return false;
    list->rows = rows;
    list->rows[list->nrows++] = *row;
    return true;
}

/* ------------------------------------------------------------ grid finish */

static bool norm_is_numeric(const char *norm)
{
    jx_number num;
    return jx_number_parse(norm, &num) == JX_NUM_VALUE;
}

void jx_grid_finish(jx_arena *arena, jx_grid *grid)
{
    (void)arena;
    grid->ncols = 0;
    for (size_t r = 0; r < grid->nrows; r++)
        if (grid->rows[r].ncells > grid->ncols)
            grid->ncols = grid->rows[r].ncells;
    if (grid->ncols == 0)
        return;
    /* A lone 一 is a misread dash where the column otherwise holds numbers. */
    bool *numeric = calloc(grid->ncols, sizeof(bool));
    if (numeric == NULL)
        return; /* the placeholder stays text: a weaker reading, not an error */
    for (size_t r = 0; r < grid->nrows; r++) {
        const jx_row *row = &grid->rows[r];
        for (size_t c = 0; c < row->ncells; c++)
            if (!numeric[c] && norm_is_numeric(row->cells[c].norm))
                numeric[c] = true;
    }
    for (size_t r = 0; r < grid->nrows; r++) {
        jx_row *row = &grid->rows[r];
        for (size_t c = 0; c < row->ncells; c++)
            if (numeric[c] && strcmp(row->cells[c].norm, "\xE4\xB8\x80") == 0)
                row->cells[c].norm = "";
    }
    free(numeric);
}

/* ------------------------------------------------------------ CSV / TSV */

typedef struct {
    jx_arena *arena;
    jx_row_list list;
    jx_cell *cells;
    size_t ncells, cap;
    char *field;
    size_t flen, fcap;
} delimited_reader;

static bool field_push(delimited_reader *rd, char ch)
{
    char *field = jx_grow(rd->field, &rd->fcap, rd->flen + 1, 1);
    if (field == NULL)
        return false;
    rd->field = field;
    rd->field[rd->flen++] = ch;
    return true;
}

static bool cell_push(delimited_reader *rd, uint32_t line)
{
    jx_cell *cells = jx_grow(rd->cells, &rd->cap, rd->ncells + 1, sizeof(jx_cell));
    if (cells == NULL)
        return false;
    rd->cells = cells;
    const char *s = rd->field ? rd->field : "";
    size_t n = rd->flen;
    trim_span(&s, &n);
    jx_cell *cell = &rd->cells[rd->ncells++];
    cell->text = jx_arena_strndup(rd->arena, s, n);
    cell->norm = jx_cell_normalize(rd->arena, s, n);
    cell->line = line;
    cell->col = (uint32_t)rd->ncells;
    rd->flen = 0;
    return cell->text != NULL && cell->norm != NULL;
}

static bool row_push(delimited_reader *rd, uint32_t line)
{
    size_t filled = rd->ncells;
    while (filled > 0 && rd->cells[filled - 1].text[0] == '\0')
        filled--;
    if (filled > 0) {
        jx_cell *cells = jx_arena_alloc(rd->arena, filled * sizeof(jx_cell));
        if (cells == NULL)
            return false;
        memcpy(cells, rd->cells, filled * sizeof(jx_cell));
        if (!jx_row_list_push(&rd->list, &(jx_row){cells, filled, line}))
            return false;
    }
    rd->ncells = 0;
    return true;
}

jx_status jx_grid_from_delimited(jx_arena *arena, const char *text, size_t len,
                                 char separator, jx_grid *grid, jx_error *err)
{
    delimited_reader rd = {.arena = arena};
    bool quoting = separator == ',';
    bool in_quotes = false, ok = true;
    uint32_t line = 1, row_line = 1, cell_line = 1, quote_line = 0;
    for (size_t i = 0; i < len && ok; i++) {
        char ch = text[i];
        if (in_quotes) {
            if (ch == '"' && i + 1 < len && text[i + 1] == '"') {
                ok = field_push(&rd, '"');
                i++;
            } else if (ch == '"') {
                in_quotes = false;
            } else {
                line += ch == '\n';
                ok = field_push(&rd, ch);
            }
        } else if (quoting && ch == '"' && rd.flen == 0) {
            in_quotes = true;
            quote_line = line;
        } else if (ch == separator) {
            ok = cell_push(&rd, cell_line);
            cell_line = line;
        } else if (ch == '\n') {
            ok = cell_push(&rd, cell_line) && row_push(&rd, row_line);
            line++;
            row_line = cell_line = line;
        } else {
            ok = field_push(&rd, ch);
        }
    }
    jx_status status = JX_OK;
    if (ok && in_quotes) {
        jx_error_set(err, JX_ERR_FORMAT, quote_line,
                     "unterminated quoted field opened on line %u", quote_line);
        status = JX_ERR_FORMAT;
    } else if (ok && (rd.flen > 0 || rd.ncells > 0)) {
        ok = cell_push(&rd, cell_line) && row_push(&rd, row_line);
    }
    if (!ok) {
        jx_error_set(err, JX_ERR_NOMEM, line, "out of memory");
        status = JX_ERR_NOMEM;
    }
    if (status == JX_OK) {
        size_t bytes = rd.list.nrows * sizeof(jx_row);
        grid->rows = jx_arena_alloc(arena, bytes ? bytes : 1);
        if (grid->rows == NULL) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
            status = JX_ERR_NOMEM;
        } else {
            if (bytes)
                memcpy(grid->rows, rd.list.rows, bytes);
            grid->nrows = rd.list.nrows;
            jx_grid_finish(arena, grid);
        }
    }
    free(rd.list.rows);
    free(rd.cells);
    free(rd.field);
    return status;
}
