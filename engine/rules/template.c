/*
 * template.c — form templates: how one kind of sheet is laid out and
 * printed, read from templates/NAME.ini with inih through ini.c, the way
 * rule sets are. The grammar is described at the top of templates/project.ini.
 *
 * Reading is strict for the reason rule sets are: a misspelt key, a column
 * outside the sheet or two fields on one cell would otherwise print a form
 * that looks right and is not. The first error is reported with its line.
 *
 * Keys may come in any order, so what depends on more than one key (every
 * field's columns are declared, [columns] has no gap, the kind has the
 * blocks it needs) is checked once the whole file is read, at the line of
 * the key that is wrong.
 */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

/* Where templates live when the caller names no directory. */
#define DEFAULT_TEMPLATES_DIR "templates"

/* What errors call a template file. */
#define TEMPLATE_NOUN "template"

/* A sheet name is at most 31 characters in Excel; the writer appends a
 * number to a prefix, so a template's name or prefix is kept shorter. */
#define SHEET_NAME_MAX 20

/* Excel's limits: font sizes 1..409 points, columns up to 255 characters wide. */
#define FONT_POINTS_MAX 409
#define WIDTH_TENTHS_MAX 2550

/* Beyond these a page setup is a typing error, not a choice. */
#define FIT_PAGES_MAX 100
#define MARGIN_MM_MAX 100

/* A width is given in tenths of a character: micros per tenth. */
#define MICROS_PER_TENTH (JX_MICRO / 10)

#define DEFAULT_FOOTER "&L{file}&C第 &P 页 共 &N 页"
#define FILE_PLACEHOLDER "{file}"

/* Excel paper codes. */
#define PAPER_LETTER 1
#define PAPER_A3 8
#define PAPER_A4 9

/* ------------------------------------------------------------ sections */

typedef enum {
    SEC_TEMPLATE,
    SEC_FONT,
    SEC_COLORS,
    SEC_FORMATS,
    SEC_PAGE,
    SEC_COLUMNS,
    SEC_FUNDS, /* the blocks, from here on */
    SEC_TASKS,
    SEC_MANAGEMENT,
    SEC_GOALS,
    SEC_INDICATORS,
    SEC_GRADE,
    SEC_CORRECTIONS,
    SEC_SIGNATURE,
    SEC_SUMMARY,
    SEC_FINDINGS,
    SEC_LEDGER,
    SEC_COUNT
} section_id;

#define FIRST_BLOCK SEC_FUNDS

_Static_assert(SEC_COUNT <= JX_INI_MAX_SECTIONS, "the INI reader tracks too few sections");
/* A template holds the blocks of its kind: a scorecard's eight at the most
 * (block_allowed), a list's or a ledger's one. */
_Static_assert(SEC_SIGNATURE + 1 - FIRST_BLOCK <= JX_TEMPLATE_MAX_BLOCKS, "room for every block");

static const char *const section_names[SEC_COUNT] = {
    "template", "font",  "colors",     "formats",    "page",    "columns",
    "funds",    "tasks", "management", "goals",   "indicators", "grade",
    "corrections", "signature", "summary", "findings", "ledger",
};

static int section_find(const char *name)
{
    for (int i = 0; i < SEC_COUNT; i++) {
        if (strcmp(section_names[i], name) == 0)
            return i;
    }
    return -1;
}

static bool is_block(int section)
{
    return section >= FIRST_BLOCK && section < SEC_COUNT;
}

/* ------------------------------------------------------------ blocks and kinds */

/* The fields the blocks that are no rows of a scorecard may place; a
 * scorecard block places the fields of fields.def. A form's own blocks:
 * [goals] 年度总体目标 (预期目标, 实际完成情况); [grade] the 自评等级 declared
 * and recomputed; [corrections] the 修正说明 under the card, one line per
 * numbered mark; [signature] the lines to sign and stamp. The lists' blocks:
 * [summary] one row per card (jx_card_result), [findings] one per finding.
 * A financial table's sheet lays out the table as printed: [ledger] says how
 * wide its columns may be, by their role — a text column (项目, 科目名称,
 * 科目代码) as wide as its text up to its field's column, an amount column
 * its field's column wide (wider where a number needs it). */
static const char *const goals_fields[] = {"label", "expected", "actual"};
static const char *const grade_fields[] = {"label", "declared", "computed"};
static const char *const corrections_fields[] = {
    "mark", "cell", "item", "declared", "computed", "reason",
};
static const char *const signature_fields[] = {"unit", "head", "preparer", "phone", "date"};
static const char *const summary_fields[] = {
    "index",          "name",          "kind",       "unit",     "rules",
    "declared_total", "computed_total", "difference", "grade_declared",
    "grade_computed", "errors",        "warnings",   "infos",    "link",
};
static const char *const findings_fields[] = {
    "severity", "code", "location", "table", "row", "column", "declared", "computed", "message",
};
static const char *const ledger_fields[] = {"label", "amount"};

typedef struct {
    const char *const *names;
    size_t n;
} field_list;

#define FIELDS(list) {list, sizeof list / sizeof list[0]}

static bool field_allowed(int section, const char *field)
{
    jx_card_block card_block = jx_card_block_named(section_names[section]);
    if (card_block != JX_BLOCK_COUNT)
        return jx_field_named(card_block, field) != NULL;
    field_list list = section == SEC_GOALS         ? (field_list)FIELDS(goals_fields)
                    : section == SEC_GRADE         ? (field_list)FIELDS(grade_fields)
                    : section == SEC_CORRECTIONS   ? (field_list)FIELDS(corrections_fields)
                    : section == SEC_SIGNATURE     ? (field_list)FIELDS(signature_fields)
                    : section == SEC_SUMMARY       ? (field_list)FIELDS(summary_fields)
                    : section == SEC_LEDGER        ? (field_list)FIELDS(ledger_fields)
                                                   : (field_list)FIELDS(findings_fields);
    for (size_t i = 0; i < list.n; i++) {
        if (strcmp(list.names[i], field) == 0)
            return true;
    }
    return false;
}

/*
 * A scorecard form may have any of the scorecard blocks (the writer leaves
 * out what a card has not) and needs [indicators]; a list sheet, and a
 * financial table's, has its own block and nothing else.
 */
typedef struct {
    const char *name;
    section_id required; /* the block it cannot do without */
    bool list;           /* summary, findings, ledger: only `required` is allowed */
} kind_spec;

static const kind_spec kinds[] = {
    {"project", SEC_INDICATORS, false}, {"department", SEC_INDICATORS, false},
    {"special_fund", SEC_INDICATORS, false}, {"target", SEC_INDICATORS, false},
    {"summary", SEC_SUMMARY, true},       {"findings", SEC_FINDINGS, true},
    {"ledger", SEC_LEDGER, true},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

static const kind_spec *kind_find(const char *name)
{
    for (size_t i = 0; i < NKINDS; i++) {
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    }
    return NULL;
}

static bool block_allowed(const kind_spec *kind, int section)
{
    return kind->list ? section == (int)kind->required : section <= SEC_SIGNATURE;
}

/* ------------------------------------------------------------ scalar keys */

/* The kinds of value only templates have, read by read_custom below; text
 * and whole numbers are the schema engine's (ini_schema.c). */
enum {
    VAL_NAME = JX_INI_CUSTOM, /* [A-Za-z0-9_-]+, one message for all that is not */
    VAL_KIND,                 /* a kind of kinds[] */
    VAL_SHEET,                /* an Excel sheet name (or prefix) */
    VAL_FOOTER,               /* Excel footer codes, {file} for the source file */
    VAL_COLOR,                /* #RRGGBB */
    VAL_ORIENTATION,          /* landscape | portrait */
    VAL_PAPER,                /* a4 | a3 | letter */
    VAL_CHARSET               /* gb2312 | big5 | none */
};

#define FIELD(f) JX_INI_FIELD(jx_template, f)

static const jx_ini_key_spec scalar_keys[] = {
    {SEC_TEMPLATE, "name", VAL_NAME, FIELD(name), false, 0, 0},
    {SEC_TEMPLATE, "kind", VAL_KIND, FIELD(kind), false, 0, 0},
    {SEC_TEMPLATE, "title", JX_INI_TEXT, FIELD(title), true, 0, 0},
    {SEC_TEMPLATE, "sheet", VAL_SHEET, offsetof(jx_template, sheet_name), SHEET_NAME_MAX + 1, false,
     0, 0},
    {SEC_FONT, "name", JX_INI_TEXT, FIELD(font_name), false, 0, 0},
    {SEC_FONT, "charset", VAL_CHARSET, FIELD(font_charset), false, 0, 0},
    {SEC_FONT, "size", JX_INI_WHOLE, FIELD(font_size), false, 1, FONT_POINTS_MAX},
    {SEC_FONT, "title_size", JX_INI_WHOLE, FIELD(title_size), false, 1, FONT_POINTS_MAX},
    {SEC_COLORS, "header", VAL_COLOR, FIELD(header_fill), false, 0, 0},
    {SEC_COLORS, "corrected", VAL_COLOR, FIELD(corrected_fill), false, 0, 0},
    {SEC_FORMATS, "amount", JX_INI_TEXT, FIELD(amount_format), false, 0, 0},
    {SEC_FORMATS, "rate", JX_INI_TEXT, FIELD(rate_format), false, 0, 0},
    {SEC_FORMATS, "score", JX_INI_TEXT, FIELD(score_format), false, 0, 0},
    {SEC_PAGE, "orientation", VAL_ORIENTATION, FIELD(landscape), false, 0, 0},
    {SEC_PAGE, "paper", VAL_PAPER, FIELD(paper), false, 0, 0},
    {SEC_PAGE, "fit_width", JX_INI_WHOLE, FIELD(fit_width), false, 0, FIT_PAGES_MAX},
    {SEC_PAGE, "margin_mm", JX_INI_WHOLE, FIELD(margin_mm), false, 0, MARGIN_MM_MAX},
    {SEC_PAGE, "footer", VAL_FOOTER, FIELD(footer), true, 0, 0},
};

#define NSCALARS (sizeof scalar_keys / sizeof scalar_keys[0])
_Static_assert(NSCALARS <= JX_INI_MAX_KEYS, "the INI reader tracks too few keys");

/* What applies where a template says nothing. */
static void set_defaults(jx_template *t)
{
    memset(t, 0, sizeof *t);
    strcpy(t->font_name, "宋体");
    t->font_charset = JX_CHARSET_GB2312;
    t->font_size = 10;
    t->title_size = 16;
    t->header_fill = 0xD9D9D9;
    t->corrected_fill = 0xFFC7CE;
    strcpy(t->amount_format, "0.00");
    strcpy(t->rate_format, "0.00%");
    strcpy(t->score_format, "0.00");
    t->landscape = true;
    t->paper = PAPER_A4;
    t->fit_width = 1;
    t->margin_mm = 10;
    strcpy(t->footer, DEFAULT_FOOTER);
}

/* ------------------------------------------------------------ parse state */

typedef struct {
    jx_ini ini;                 /* the reader: line, section and key lines, error */
    jx_template *out;
    uint32_t column_line[JX_TEMPLATE_MAX_COLUMNS]; /* where a column is declared; 0: not */
    uint32_t field_line[JX_TEMPLATE_MAX_BLOCKS][JX_TEMPLATE_MAX_FIELDS];
} parse_state;

/* Both record the first error only and return false, so callers can `return fail…`. */
#define fail_at(st, line, ...) jx_ini_fail(&(st)->ini, (line), __VA_ARGS__)
#define fail(st, ...) fail_at((st), (st)->ini.line, __VA_ARGS__)

/* ------------------------------------------------------------ values */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_digit(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Every way of not being a name (empty, too long, a bad character) is told
 * the one way, unlike a rule set's JX_INI_NAME. */
static bool read_name(parse_state *st, const jx_ini_key_spec *spec, const char *value, char *dst)
{
    if (!jx_ini_valid_name(value))
        return fail(st, "key '%s': not a template name (letters, digits, '_', '-'): '%s'",
                    spec->key, value);
    return jx_ini_read_text(&st->ini, spec, value, dst);
}

static bool read_kind(parse_state *st, const jx_ini_key_spec *spec, const char *value, char *dst)
{
    if (kind_find(value) == NULL)
        return fail(st,
                    "key '%s': expected project, department, special_fund, target, summary, "
                    "findings or ledger: '%s'", spec->key, value);
    return jx_ini_read_text(&st->ini, spec, value, dst);
}

/* Excel refuses these in a sheet name, and a name that starts or ends with an apostrophe. */
static bool read_sheet(parse_state *st, const jx_ini_key_spec *spec, const char *value, char *dst)
{
    const char *bad = value + strcspn(value, "[]:*?/\\");
    if (*bad != '\0')
        return fail(st, "key '%s': '%c' is not allowed in a sheet name: '%s'", spec->key, *bad,
                    value);
    size_t n = strlen(value);
    if (n > 0 && (value[0] == '\'' || value[n - 1] == '\''))
        return fail(st, "key '%s': a sheet name may not start or end with an apostrophe: '%s'",
                    spec->key, value);
    return jx_ini_read_text(&st->ini, spec, value, dst);
}

/*
 * {file} is the only placeholder: another would be printed as it stands.
 * A footer is printed, not pictured: &G and &[Picture] ask for an image
 * (and make libxlsxwriter 1.1.4 free the footer twice), so they are refused;
 * an & that starts no code the spreadsheet knows is refused too (&& is an &).
 */
static bool read_footer(parse_state *st, const jx_ini_key_spec *spec, const char *value, char *dst)
{
    for (const char *p = strchr(value, '{'); p != NULL; p = strchr(p + 1, '{')) {
        if (strncmp(p, FILE_PLACEHOLDER, strlen(FILE_PLACEHOLDER)) != 0)
            return fail(st, "key '%s': unknown placeholder (only %s): '%s'", spec->key,
                        FILE_PLACEHOLDER, value);
    }
    if (strstr(value, "&G") || strstr(value, "&[Picture]")) /* even after &&: the bytes count */
        return fail(st, "key '%s': a footer holds no picture (&G, &[Picture]): '%s'",
                    spec->key, value);
    for (const char *p = strchr(value, '&'); p != NULL; p = strchr(p + 1, '&')) {
        if (p[1] == '\0' || strchr("&PNDTFALCRBIUSEXYZKOH\"+-0123456789[", p[1]) == NULL)
            return fail(st, "key '%s': '&%c' is no footer code (write && for an &): '%s'",
                        spec->key, p[1] ? p[1] : ' ', value);
        if (p[1] == '&')
            p++;
    }
    return jx_ini_read_text(&st->ini, spec, value, dst);
}

/* #RRGGBB → 0xRRGGBB. The short form #RGB is refused: it is easily misread. */
static bool read_color(parse_state *st, const jx_ini_key_spec *spec, const char *value,
                       uint32_t *out)
{
    uint32_t rgb = 0;
    bool ok = value[0] == '#' && strlen(value) == 7;
    for (size_t i = 1; ok && i < 7; i++) {
        int d = hex_digit(value[i]);
        ok = d >= 0;
        rgb = rgb << 4 | (uint32_t)(d >= 0 ? d : 0);
    }
    if (!ok)
        return fail(st, "key '%s': expected a colour #RRGGBB: '%s'", spec->key, value);
    *out = rgb;
    return true;
}

static bool read_orientation(parse_state *st, const jx_ini_key_spec *spec, const char *value,
                             bool *landscape)
{
    if (strcmp(value, "landscape") != 0 && strcmp(value, "portrait") != 0)
        return fail(st, "key '%s': expected landscape or portrait: '%s'", spec->key, value);
    *landscape = value[0] == 'l';
    return true;
}

static bool read_paper(parse_state *st, const jx_ini_key_spec *spec, const char *value, int *paper)
{
    if (strcmp(value, "a4") == 0)
        *paper = PAPER_A4;
    else if (strcmp(value, "a3") == 0)
        *paper = PAPER_A3;
    else if (strcmp(value, "letter") == 0)
        *paper = PAPER_LETTER;
    else
        return fail(st, "key '%s': expected a4, a3 or letter: '%s'", spec->key, value);
    return true;
}

/* The font's character set as a spreadsheet declares it (ECMA-376 §18.4.1):
 * a viewer without the face stands in one of that script, not a Japanese
 * one for 宋体. */
static bool read_charset(parse_state *st, const jx_ini_key_spec *spec, const char *value, int *charset)
{
    if (strcmp(value, "gb2312") == 0)
        *charset = JX_CHARSET_GB2312;
    else if (strcmp(value, "big5") == 0)
        *charset = JX_CHARSET_BIG5;
    else if (strcmp(value, "none") == 0)
        *charset = 0;
    else
        return fail(st, "key '%s': expected gb2312, big5 or none: '%s'", spec->key, value);
    return true;
}

/* The template kinds of scalar_keys: ini.out is st->out. */
static bool read_custom(jx_ini *ini, const jx_ini_key_spec *spec, const char *value, void *field)
{
    parse_state *st = ini->user;
    switch (spec->kind) {
    case VAL_NAME: return read_name(st, spec, value, field);
    case VAL_KIND: return read_kind(st, spec, value, field);
    case VAL_SHEET: return read_sheet(st, spec, value, field);
    case VAL_FOOTER: return read_footer(st, spec, value, field);
    case VAL_COLOR: return read_color(st, spec, value, field);
    case VAL_ORIENTATION: return read_orientation(st, spec, value, field);
    case VAL_PAPER: return read_paper(st, spec, value, field);
    case VAL_CHARSET: return read_charset(st, spec, value, field);
    default: break;
    }
    return fail(st, "key '%s': internal error", spec->key);
}

static const jx_ini_schema schema = {section_find, scalar_keys, NSCALARS, TEMPLATE_NOUN,
                                     read_custom};

/* ------------------------------------------------------------ [columns] */

/* "A" … "Z" → 0 … 25; -1 for anything else. */
static int column_index(const char *key)
{
    if (key[0] >= 'A' && key[0] <= 'Z' && key[1] == '\0')
        return key[0] - 'A';
    return -1;
}

/* A = 12.5: a width in characters with at most one decimal, kept as tenths. */
static bool read_width(parse_state *st, const char *key, const char *value, int *tenths)
{
    int64_t micros;
    bool percent;
    if (!jx_decimal_read_strict(value, &micros, &percent))
        return fail(st, "key '%s': not a number: '%s'", key, value);
    if (percent)
        return fail(st, "key '%s': expected a width without '%%': '%s'", key, value);
    if (micros % MICROS_PER_TENTH != 0)
        return fail(st, "key '%s': more than one decimal: '%s'", key, value);
    if (micros == 0)
        return fail(st, "key '%s': must be above 0: '%s'", key, value);
    if (micros / MICROS_PER_TENTH > WIDTH_TENTHS_MAX)
        return fail(st, "key '%s': above %d: '%s'", key, WIDTH_TENTHS_MAX / 10, value);
    *tenths = (int)(micros / MICROS_PER_TENTH);
    return true;
}

static bool set_column(parse_state *st, const char *key, const char *value)
{
    int col = column_index(key);
    if (col < 0)
        return fail(st, "unknown key '%s' in [columns]: columns are letters A to Z", key);
    if (st->column_line[col] != 0)
        return fail(st, "duplicate key '%s' in [columns]", key);
    if (!read_width(st, key, value, &st->out->column_width_tenths[col]))
        return false;
    st->column_line[col] = st->ini.line;
    if ((size_t)col + 1 > st->out->ncolumns)
        st->out->ncolumns = (size_t)col + 1;
    return true;
}

/* ------------------------------------------------------------ block fields */

/* "D" or "D:F" for messages. */
static void format_range(char buf[4], uint8_t first, uint8_t last)
{
    buf[0] = (char)('A' + first);
    buf[1] = first == last ? '\0' : ':';
    buf[2] = (char)('A' + last);
    buf[3] = '\0';
}

/* One column letter at *p, blanks around it skipped. */
static bool read_letter(const char **p, uint8_t *col)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
    if (**p < 'A' || **p > 'Z')
        return false;
    *col = (uint8_t)(**p - 'A');
    (*p)++;
    while (**p == ' ' || **p == '\t')
        (*p)++;
    return true;
}

/* "C" or "C:E", up to the end of s[0..n). */
static bool read_range(const char *s, size_t n, uint8_t *first, uint8_t *last)
{
    char range[16];
    if (n >= sizeof range)
        return false;
    memcpy(range, s, n);
    range[n] = '\0';
    const char *p = range;
    if (!read_letter(&p, first))
        return false;
    *last = *first;
    if (*p == ':') {
        p++;
        if (!read_letter(&p, last))
            return false;
    }
    return *p == '\0';
}

/* The block of a section, added when its first field is read; NULL when full. */
static jx_form_block *block_for(jx_template *t, int section, size_t *index)
{
    const char *name = section_names[section];
    for (size_t i = 0; i < t->nblocks; i++) {
        if (strcmp(t->blocks[i].name, name) == 0) {
            *index = i;
            return &t->blocks[i];
        }
    }
    if (t->nblocks == JX_TEMPLATE_MAX_BLOCKS)
        return NULL;
    jx_form_block *block = &t->blocks[t->nblocks];
    memcpy(block->name, name, strlen(name) + 1);
    *index = t->nblocks++;
    return block;
}

/* A field appears once in a block and shares no column with another of it:
 * two fields on one cell would overwrite each other. */
static bool check_new_field(parse_state *st, const jx_form_block *block, const jx_form_field *f)
{
    for (size_t i = 0; i < block->nfields; i++) {
        const jx_form_field *other = &block->fields[i];
        if (strcmp(other->field, f->field) == 0)
            return fail(st, "duplicate key '%s' in [%s]", f->field, block->name);
        /* The lines to sign are laid out in rows: a field that shares a
         * column with one already on the row starts the next row. */
        bool rows = strcmp(block->name, "signature") == 0;
        if (f->first <= other->last && other->first <= f->last && !rows) {
            char mine[4], theirs[4];
            format_range(mine, f->first, f->last);
            format_range(theirs, other->first, other->last);
            return fail(st, "key '%s': columns %s overlap '%s' (%s)", f->field, mine,
                        other->field, theirs);
        }
    }
    return true;
}

/* level3 = C:E | 三级指标 */
static bool read_field(parse_state *st, const char *key, const char *value, jx_form_field *f)
{
    memset(f, 0, sizeof *f);
    memcpy(f->field, key, strlen(key) + 1); /* allowed names are short */
    const char *bar = strchr(value, '|');
    size_t range_len = bar != NULL ? (size_t)(bar - value) : strlen(value);
    if (!read_range(value, range_len, &f->first, &f->last))
        return fail(st, "key '%s': expected a column range like C or C:E: '%.*s'", key,
                    (int)range_len, value);
    if (f->first > f->last) {
        char shown[4];
        format_range(shown, f->first, f->last);
        return fail(st, "key '%s': columns %s run backwards", key, shown);
    }
    if (bar != NULL && !jx_ini_copy_trimmed(bar + 1, strlen(bar + 1), f->header, sizeof f->header))
        return fail(st, "key '%s': header longer than %zu bytes", key, sizeof f->header - 1);
    return true;
}

static jx_ini_key_result add_field(parse_state *st, int section, const char *key,
                                   const char *value)
{
    if (!field_allowed(section, key))
        return JX_INI_KEY_UNKNOWN;
    jx_form_field field;
    if (!read_field(st, key, value, &field))
        return JX_INI_KEY_FAILED;
    size_t index;
    jx_form_block *block = block_for(st->out, section, &index);
    if (block == NULL || block->nfields == JX_TEMPLATE_MAX_FIELDS) {
        fail(st, "key '%s': too many fields in [%s]", key, section_names[section]);
        return JX_INI_KEY_FAILED;
    }
    if (!check_new_field(st, block, &field))
        return JX_INI_KEY_FAILED;
    st->field_line[index][block->nfields] = st->ini.line;
    block->fields[block->nfields++] = field;
    return JX_INI_KEY_OK;
}

/* ------------------------------------------------------------ the handler */

static jx_ini_key_result handle_key(void *user, int section, const char *key,
                                    const char *value)
{
    parse_state *st = user;
    if (section == SEC_COLUMNS)
        return set_column(st, key, value) ? JX_INI_KEY_OK : JX_INI_KEY_FAILED;
    if (is_block(section))
        return add_field(st, section, key, value);
    return jx_ini_apply_key(&st->ini, section, key, value); /* scalar_keys */
}

/* ------------------------------------------------------------ whole-file checks */

/* Columns run A, B, C… : the first missing one below the last declared is a gap. */
static bool check_columns(parse_state *st)
{
    const jx_template *t = st->out;
    if (t->ncolumns == 0)
        return fail_at(st, st->ini.section_line[SEC_COLUMNS],
                       "no [columns]: a template declares its columns (A = width, …)");
    for (size_t col = 0; col < t->ncolumns; col++) {
        if (st->column_line[col] != 0)
            continue;
        size_t next = col + 1;
        while (st->column_line[next] == 0)
            next++; /* ends at the last declared column */
        return fail_at(st, st->column_line[next], "column %c is declared but %c is not",
                       (char)('A' + next), (char)('A' + col));
    }
    return true;
}

/* Every field's columns are among those declared. */
static bool check_field_columns(parse_state *st)
{
    const jx_template *t = st->out;
    for (size_t b = 0; b < t->nblocks; b++) {
        const jx_form_block *block = &t->blocks[b];
        for (size_t i = 0; i < block->nfields; i++) {
            const jx_form_field *f = &block->fields[i];
            if (f->last >= t->ncolumns)
                return fail_at(st, st->field_line[b][i],
                               "key '%s': column %c is not declared in [columns]", f->field,
                               (char)('A' + f->last));
        }
    }
    return true;
}

/* The kind is given, and its blocks are the ones it may have. */
static bool check_blocks(parse_state *st)
{
    const jx_template *t = st->out;
    uint32_t template_line = st->ini.section_line[SEC_TEMPLATE];
    const kind_spec *kind = kind_find(t->kind);
    if (kind == NULL)
        return fail_at(st, template_line, "key 'kind' is required in [template]");
    for (int s = FIRST_BLOCK; s < SEC_COUNT; s++) {
        uint32_t line = st->ini.section_line[s];
        if (line == 0)
            continue;
        if (!block_allowed(kind, s))
            return fail_at(st, line, "[%s] does not belong in a %s template", section_names[s],
                           kind->name);
        if (jx_template_block(t, section_names[s]) == NULL)
            return fail_at(st, line, "[%s] places no fields", section_names[s]);
    }
    if (jx_template_block(t, section_names[kind->required]) == NULL)
        return fail_at(st, template_line, "a %s template needs [%s]", kind->name,
                       section_names[kind->required]);
    return true;
}

static jx_status finish_template(parse_state *st)
{
    if (check_blocks(st) && check_columns(st))
        check_field_columns(st);
    return st->ini.failed ? JX_ERR_FORMAT : JX_OK;
}

/* ------------------------------------------------------------ reading */

static jx_status parse_template(const char *text, const char *path, jx_template *out,
                                jx_error *err)
{
    set_defaults(out);
    if (!jx_ini_set_path(out->path, sizeof out->path, path, err))
        return JX_ERR_FORMAT;
    jx_status status = jx_ini_check_text(text, err);
    if (status != JX_OK)
        return status;
    parse_state *st = calloc(1, sizeof *st);
    if (st == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    st->out = out;
    jx_ini_init(&st->ini, &schema, out, handle_key, st, err);
    status = jx_ini_run(&st->ini, text);
    if (status == JX_OK)
        status = finish_template(st);
    /* Without a `name` key a template is called after its file. */
    if (status == JX_OK && out->name[0] == '\0' && path != NULL)
        jx_ini_name_from_path(path, out->name);
    free(st);
    return status;
}

jx_status jx_template_parse(const char *ini_text, const char *path, jx_template *out,
                            jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    return parse_template(ini_text, path, out, err);
}

jx_status jx_template_load(const char *name_or_path, const char *templates_dir,
                           jx_template *out, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    const char *dir = templates_dir != NULL ? templates_dir : DEFAULT_TEMPLATES_DIR;
    char path[JX_RULES_PATH_MAX];
    jx_status status = jx_ini_locate(name_or_path, dir, TEMPLATE_NOUN, path, NULL, err);
    if (status != JX_OK)
        return status;
    jx_ini_set_path(out->path, sizeof out->path, path, err);
    char *text;
    status = jx_ini_read_file(path, TEMPLATE_NOUN, &text, err);
    if (status == JX_OK)
        status = parse_template(text, path, out, err);
    free(text);
    return status;
}

const jx_form_block *jx_template_block(const jx_template *t, const char *name)
{
    for (size_t i = 0; t != NULL && name != NULL && i < t->nblocks; i++) {
        if (strcmp(t->blocks[i].name, name) == 0)
            return &t->blocks[i];
    }
    return NULL;
}

/* ------------------------------------------------------------ the set */

typedef struct {
    char name[JX_RULES_NAME_MAX];
    jx_template t;
} named_template;

struct jx_templates {
    named_template *items;
    size_t n, cap;
};

/* The templates a workbook uses: its two lists, then one per scorecard kind,
 * then the financial tables' sheets. */
static const char *const workbook_templates[] = {"summary", "findings",     "project", "department",
                                                 "special_fund", "target", "ledger"};
#define NWORKBOOK_TEMPLATES (sizeof workbook_templates / sizeof workbook_templates[0])

jx_templates *jx_templates_new(jx_error *err)
{
    jx_templates *set = calloc(1, sizeof *set);
    if (set == NULL)
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return set;
}

void jx_templates_free(jx_templates *set)
{
    if (set == NULL)
        return;
    free(set->items);
    free(set);
}

const jx_template *jx_templates_get(const jx_templates *set, const char *name)
{
    for (size_t i = 0; set != NULL && name != NULL && i < set->n; i++)
        if (strcmp(set->items[i].name, name) == 0)
            return &set->items[i].t;
    return NULL;
}

jx_status jx_templates_put(jx_templates *set, const char *name, const jx_template *t,
                           jx_error *err)
{
    if (set == NULL || t == NULL || name == NULL || name[0] == '\0'
        || strlen(name) >= JX_RULES_NAME_MAX) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "a template is put under a name of 1 to %d bytes",
                     JX_RULES_NAME_MAX - 1);
        return JX_ERR_FORMAT;
    }
    size_t i = 0;
    while (i < set->n && strcmp(set->items[i].name, name) != 0)
        i++;
    if (i == set->n) {
        named_template *grown = jx_grow(set->items, &set->cap, set->n + 1, sizeof *grown);
        if (grown == NULL) {
            jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
            return JX_ERR_NOMEM;
        }
        set->items = grown;
        set->n++;
        memcpy(set->items[i].name, name, strlen(name) + 1);
    }
    set->items[i].t = *t;
    return JX_OK;
}

jx_status jx_templates_load(const char *templates_dir, jx_templates **out, jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    *out = NULL;
    jx_templates *set = jx_templates_new(err);
    jx_template *t = malloc(sizeof *t);
    jx_status status = set != NULL && t != NULL ? JX_OK : JX_ERR_NOMEM;
    if (status != JX_OK)
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; status == JX_OK && i < NWORKBOOK_TEMPLATES; i++) {
        const char *name = workbook_templates[i];
        jx_error e = {0};
        status = jx_template_load(name, templates_dir, t, &e);
        if (status == JX_OK) {
            status = jx_templates_put(set, name, t, err);
        } else {
            /* The message names the file: a set is many of them. */
            const char *path = t->path[0] ? t->path : name;
            if (e.line > 0)
                jx_error_set(err, status, 0, "%s:%u: %s", path, e.line, e.message);
            else
                jx_error_set(err, status, 0, "%s: %s", path, e.message);
        }
    }
    free(t);
    if (status != JX_OK) {
        jx_templates_free(set);
        return status;
    }
    *out = set;
    return JX_OK;
}
