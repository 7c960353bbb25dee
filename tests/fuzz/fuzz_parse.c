/*
 * fuzz_parse — libFuzzer target for the document parser and renderers.
 *
 * Each input is parsed as text, CSV and TSV; every document is rendered as
 * JSON and as a text outline. The first 256 bytes also go through the
 * number parser. Failing with a jx_error is fine; what this looks for is
 * crashes, leaks and undefined behaviour (under ASan/UBSan), and breaches of
 * the contracts jixiao.h promises, which abort like a crash:
 *   - decoded lines are valid UTF-8 without CR, numbered 1, 2, …;
 *   - tables point at existing lines, grids are as wide as their widest row;
 *   - the JSON rendering is exactly one valid JSON object plus LF, in UTF-8;
 *   - a parsed number formats back to the same value.
 *
 *   clang -fsanitize=fuzzer,address,undefined …      libFuzzer (tests/fuzz/fuzz.sh)
 *   cc -DJX_FUZZ_STANDALONE -fsanitize=address,undefined …  deterministic smoke
 *       test (fuzz_standalone.h): for each file given, the file itself, 64
 *       truncations and 500 seeded mutations; prints
 *       "fuzz_parse smoke: N inputs, 0 crashes".
 *
 * The contracts live in fuzz_oracle.h, shared with the other targets.
 */
#define FUZZ_NAME "fuzz_parse"
#include "fuzz_oracle.h"

#include <unistd.h>

#define NUMBER_MAX 256

/* ------------------------------------------------------------ documents */

static void check_number(const char *text);

static void check_lines(const jx_document *doc)
{
    require(doc->lines != NULL || doc->nlines == 0, "lines present");
    for (size_t i = 0; i < doc->nlines; i++) {
        const jx_line *l = &doc->lines[i];
        require(l->line == i + 1, "lines numbered 1, 2, …");
        require(utf8_string(l->text), "decoded line is valid UTF-8");
        require(strchr(l->text, '\r') == NULL, "CR folded into LF");
    }
}

static void check_grid(const jx_document *doc, const jx_grid *grid)
{
    size_t widest = 0;
    for (size_t r = 0; r < grid->nrows; r++) {
        const jx_row *row = &grid->rows[r];
        if (row->ncells > widest)
            widest = row->ncells;
        for (size_t c = 0; c < row->ncells; c++) {
            const jx_cell *cell = &row->cells[c];
            require(utf8_string(cell->text), "cell text is valid UTF-8");
            require(utf8_string(cell->norm), "cell norm is valid UTF-8");
            require(cell->line >= 1 && cell->line <= doc->nlines,
                    "cell line within the document");
            /* Real cells reach the number parser in shapes a 256-byte
             * prefix of the input rarely has. */
            check_number(cell->text);
            check_number(cell->norm);
        }
    }
    require(grid->ncols == widest, "grid ncols is the widest row");
}

static void check_table(const jx_document *doc, const jx_table *t, size_t i)
{
    require(t->index == i + 1, "table index is 1-based position");
    require(utf8_string(t->title) && utf8_string(t->number) &&
                utf8_string(t->year) && utf8_string(t->unit) && utf8_string(t->org),
            "table strings are set (\"\" when absent) and valid UTF-8");
    require(jx_table_kind_name(t->kind) != NULL, "table kind has a name");
    require(t->line_start <= t->line_end && t->line_end <= doc->nlines,
            "table lines within the document");
    require(t->title_line <= doc->nlines, "title line within the document");
    require(t->header_rows <= t->grid.nrows, "header rows within the grid");
    check_grid(doc, &t->grid);
}

static void check_document(const jx_document *doc)
{
    require(jx_encoding_name(doc->encoding) != NULL, "encoding has a name");
    check_lines(doc);
    require(doc->tables != NULL || doc->ntables == 0, "tables present");
    for (size_t i = 0; i < doc->ntables; i++)
        check_table(doc, &doc->tables[i], i);
}

/* ------------------------------------------------------------ check */

/* A rule set in the syntax of the rules/ files, with tiers so both formulas run. */
static const char fuzz_rules_ini[] =
    "[ruleset]\nname = fuzz\ndescription = fuzzing\n"
    "[weights]\n产出指标 = 50\n效益指标 = 30\n满意度指标 = 10\n预算执行率 = 10\ntotal = 100\n"
    "[execution]\nformula = tiers\ntier = 90% : 1\ntier = 60% : 0.6\nindicator = 项目预算数\n"
    "[indicators]\ndeviation_zero_when_met = yes\n"
    "[units]\nscale = 元 -> 万元 : 0.0001\nsame = 人 = 人次\n";

#ifdef JX_FUZZ_STANDALONE
/*
 * The smoke test also writes a workbook now and then: the writer must take
 * whatever the checks made of a broken document. (libFuzzer runs skip it:
 * a file per input would slow them down a hundredfold.)
 */
static unsigned long workbooks_due;

static void fuzz_workbook(const jx_report *report)
{
    if (workbooks_due++ % 32 != 0)
        return;
    char path[] = "/tmp/jixiao-fuzz-XXXXXX";
    int fd = mkstemp(path);
    require(fd >= 0, "a temporary file");
    close(fd);
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = fuzz_write_workbook(path, report, fuzz_templates("templates"), &err);
    require(st == JX_OK || err.message[0] != '\0', "a failed workbook says why");
    unlink(path);
}
#else
static void fuzz_workbook(const jx_report *report)
{
    (void)report;
}
#endif

static void fuzz_check(const jx_document *doc)
{
    static jx_rules rules; /* the harness's own, parsed once; the library keeps none */
    static bool loaded;
    if (!loaded) {
        jx_error err;
        memset(&err, 0, sizeof err);
        require(jx_rules_parse(fuzz_rules_ini, "fuzz.ini", &rules, NULL, NULL, &err) == JX_OK,
                "the harness's rule set parses");
        loaded = true;
    }
    for (int formula = 0; formula < 2; formula++) {
        rules.exec_formula = formula ? JX_EXEC_TIERS : JX_EXEC_PROPORTIONAL;
        jx_error err;
        memset(&err, 0, sizeof err);
        jx_report *report = jx_evaluate(doc, &rules, &err);
        require(report != NULL, "evaluate without memory pressure");
        check_report(doc, report);
        if (formula == 0)
            fuzz_workbook(report);
        jx_report_free(report);
    }
}

/* The input as a rule file: refused or read, never a crash. */
static void fuzz_rules(const uint8_t *data, size_t size)
{
    size_t n = size < 65536 ? size : 65536;
    char *text = malloc(n + 1);
    require(text != NULL, "memory");
    memcpy(text, data, n);
    text[n] = '\0';
    jx_rules *rules = malloc(sizeof *rules);
    require(rules != NULL, "memory");
    jx_error err;
    memset(&err, 0, sizeof err);
    if (jx_rules_parse(text, "fuzz.ini", rules, NULL, NULL, &err) == JX_OK) {
        jx_buf out;
        jx_buf_init(&out);
        jx_render_rules(&out, rules);
        require(utf8_valid(out.data, out.len), "rendered rules are valid UTF-8");
        jx_buf_free(&out);
    } else {
        require(memchr(err.message, '\0', sizeof err.message) != NULL, "error terminated");
    }
    free(rules);
    free(text);
}

static void fuzz_document(const uint8_t *data, size_t size,
                          jx_input_format format, const char *name)
{
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_document *doc = jx_document_parse(name, data, size, format, &err);
    if (doc == NULL) {
        require(err.status != JX_OK, "a failed parse sets err->status");
        require(memchr(err.message, '\0', sizeof err.message) != NULL,
                "error message is terminated");
        return;
    }
    check_document(doc);

    jx_buf out;
    jx_buf_init(&out);
    jx_render_parse_json(&out, doc);
    check_json_line(&out);
    jx_buf_free(&out);

    jx_buf_init(&out);
    jx_render_parse_text(&out, doc);
    require(!out.failed, "text buffer failed without memory pressure");
    require(utf8_valid(out.data, out.len), "text outline is valid UTF-8");
    jx_buf_free(&out);

    fuzz_check(doc);
    jx_document_free(doc);
}

/* ------------------------------------------------------------ numbers */

/* A value printed with 6 decimals must parse back to itself. */
static void check_number_roundtrip(const jx_number *num)
{
    char text[64];
    int n = jx_decimal_format(text, sizeof text, num->micros, 6);
    require(n > 0 && (size_t)n < sizeof text && strlen(text) == (size_t)n,
            "jx_decimal_format length");
    jx_number back;
    require(jx_number_parse(text, &back) == JX_NUM_VALUE &&
                back.micros == num->micros,
            "jx_decimal_format output parses back to the same micros");
}

static void check_number(const char *text)
{
    jx_number num;
    jx_number_kind kind = jx_number_parse(text, &num);
    require(kind == num.kind, "returned kind equals out->kind");
    require(num.decimals <= 6, "decimals capped at 6");
    require(memchr(num.unit, '\0', sizeof num.unit) != NULL, "unit terminated");
    require(utf8_string(num.unit), "unit is valid UTF-8");
    require(jx_comparator_symbol(num.cmp) != NULL, "comparator has a symbol");
    if (kind != JX_NUM_VALUE)
        return;
    for (int d = 0; d <= 6; d++)
        (void)jx_decimal_round(num.micros, d); /* UBSan watches the arithmetic */
    check_number_roundtrip(&num);
}

static void fuzz_number(const uint8_t *data, size_t size)
{
    char text[NUMBER_MAX + 1];
    size_t n = size < NUMBER_MAX ? size : NUMBER_MAX;
    if (n > 0)
        memcpy(text, data, n);
    text[n] = '\0';
    check_number(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_document(data, size, JX_FORMAT_TEXT, "fuzz.txt");
    fuzz_document(data, size, JX_FORMAT_CSV, "fuzz.csv");
    fuzz_document(data, size, JX_FORMAT_TSV, "fuzz.tsv");
    fuzz_number(data, size);
    fuzz_rules(data, size);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
