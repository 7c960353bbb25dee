/*
 * grid.c — the grid type: source lines → rows of cells, cell normalisation,
 * and CSV/TSV files read as one grid.
 */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ normalisation */


/* ------------------------------------------------------------ rows */

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

bool jx_line_is_pipe_row(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && line[i] == ' ')
        i++;
    return i < len && line[i] == '|' && memchr(line + i + 1, '|', len - i - 1) != NULL;
}

bool jx_line_is_row(const char *line, size_t len, char *separator)
{
    if (memchr(line, '\t', len) != NULL) {
        *separator = '\t';
        return true;
    }
    if (jx_line_is_pipe_row(line, len)) {
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
    /* The cells are read into scratch memory and kept up to the last filled
     * one: the empty cells a merged range leaves at the end of a row (often
     * half of a form's) take no room in the document. */
    jx_cell stack[64];
    jx_cell *scratch = stack;
    size_t cap = sizeof stack / sizeof stack[0];
    /* The cells' texts, packed in one block: each trimmed field and its NUL,
     * the NUL in place of the separator after it (and of the line's end). */
    char *texts = jx_arena_chars(arena, (size_t)(end - p) + 1);
    bool ok = texts != NULL;
    size_t n = 0, last_filled = 0;
    for (const char *start = p; ok;) {
        const char *q = memchr(start, separator, (size_t)(end - start));
        if (q == NULL)
            q = end;
        if (n == cap) {
            jx_cell *grown = malloc(2 * cap * sizeof *grown);
            if (grown == NULL) {
                ok = false;
                break;
            }
            memcpy(grown, scratch, n * sizeof *grown);
            if (scratch != stack)
                free(scratch);
            scratch = grown;
            cap *= 2;
        }
        const char *s = start;
        size_t sl = (size_t)(q - start);
        trim_span(&s, &sl);
        memcpy(texts, s, sl);
        texts[sl] = '\0';
        jx_cell *c = &scratch[n++];
        c->text = texts;
        c->norm = jx_cell_norm_of(arena, texts, sl);
        ok = c->norm != NULL;
        texts += sl + 1;
        c->line = lineno;
        c->col = (uint32_t)n;
        c->rowspan = c->colspan = 1;
        if (!is_blank(s, sl))
            last_filled = n;
        if (q == end)
            break;
        start = q + 1;
    }
    /* A row with no filled cell keeps its first, blank, as it always had one. */
    size_t kept = last_filled ? last_filled : 1;
    jx_cell *cells = ok ? jx_arena_alloc(arena, kept * sizeof(jx_cell)) : NULL;
    if (cells != NULL)
        memcpy(cells, scratch, kept * sizeof(jx_cell));
    if (scratch != stack)
        free(scratch);
    if (cells == NULL)
        return false;
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

/* Whether norm is 一 alone (byte by byte: its NUL stops the comparison). */
static bool is_lone_yi(const char *norm)
{
    return norm[0] == '\xE4' && norm[1] == '\xB8' && norm[2] == '\x80' && norm[3] == '\0';
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
            if (numeric[c] && is_lone_yi(row->cells[c].norm))
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
    cell->rowspan = cell->colspan = 1;
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
