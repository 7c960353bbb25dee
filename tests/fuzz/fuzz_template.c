/*
 * fuzz_template — libFuzzer target for form templates (templates/NAME.ini),
 * the way `jixiao score` reads them.
 *
 * Input: one template as INI text (a NUL ends it, as it ends a C string).
 * jx_template_parse reads it; an error is fine and must say why. A template
 * that parses replaces the repository's template of its kind (project,
 * department, special_fund, target, summary, findings or ledger) in a set built in
 * memory from the repository's templates/ (jx_templates_put), and a workbook
 * is written with that set for a fixed document
 * (tests/fuzz/fixed/cards.txt: department, project, special-fund and target
 * cards and two ledgers, so every kind of sheet is made) under a file name
 * with an ampersand. Contracts: the workbook is written
 * or refused with a message, and every .xml, .rels and .vml part of a
 * written one is well-formed XML (fuzz_xlsx.h) — titles, headers, sheet
 * names, number formats and the footer (Excel footer codes; {file} is the
 * source name) all come from the template. No crash, leak or undefined
 * behaviour, inside libxlsxwriter included.
 *
 * $JX_FUZZ_ROOT is the repository root (default: the working directory).
 */
#define FUZZ_NAME "fuzz_template"
#include "fuzz_oracle.h"
#include "fuzz_xlsx.h"

static char out_dir[FUZZ_PATH_MAX];
static jx_report *fixed_report;

/* The kinds of template a workbook uses: the set holds the repository's. */
static const char *const kinds[] = {"project", "department", "special_fund", "target",
                                    "summary", "findings",   "ledger"};
#define NKINDS (sizeof kinds / sizeof kinds[0])
static const jx_templates *originals; /* loaded from templates/ */
static jx_templates *working;         /* the originals, one replaced per input */

static void build_sets(void)
{
    char dir[FUZZ_PATH_MAX];
    fuzz_path(dir, sizeof dir, "templates");
    originals = fuzz_templates(dir);
    jx_error err;
    memset(&err, 0, sizeof err);
    working = jx_templates_new(&err);
    require(working != NULL, "memory");
    for (size_t i = 0; i < NKINDS; i++)
        require(jx_templates_put(working, kinds[i], jx_templates_get(originals, kinds[i]), &err)
                    == JX_OK,
                "the set takes the repository's templates");
}

static void setup(void)
{
    static bool ready;
    if (ready)
        return;
    fuzz_subdir(out_dir, "out");
    build_sets();
    char path[FUZZ_PATH_MAX], rules_dir[FUZZ_PATH_MAX];
    fuzz_path(path, sizeof path, "tests/fuzz/fixed/cards.txt");
    fuzz_path(rules_dir, sizeof rules_dir, "rules");
    size_t len;
    char *text = fuzz_read_file(path, &len);
    jx_error err;
    memset(&err, 0, sizeof err);
    /* The name reaches every footer through {file}: & must stay literal. */
    jx_document *doc = jx_document_parse("R&D 2024 cards.txt", (const unsigned char *)text, len,
                                         JX_FORMAT_TEXT, &err);
    free(text);
    require(doc != NULL, "the fixed document parses");
    static jx_rules rules; /* the harness's own, for the process's life */
    require(jx_rules_load("national", rules_dir, &rules, &err) == JX_OK,
            "the national rule set loads");
    fixed_report = jx_evaluate(doc, &rules, &err);
    require(fixed_report != NULL, "evaluate without memory pressure");
    /* doc, report and the sets live as long as the process. */
    ready = true;
}

static size_t kind_index(const char *kind)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(kinds[i], kind) == 0)
            return i;
    return NKINDS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    char *text = malloc(size + 1);
    require(text != NULL, "memory");
    if (size > 0)
        memcpy(text, data, size);
    text[size] = '\0';

    jx_template *tpl = malloc(sizeof *tpl);
    require(tpl != NULL, "memory");
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = jx_template_parse(text, "fuzz.ini", tpl, &err);
    require(memchr(err.message, '\0', sizeof err.message) != NULL, "error message terminated");
    if (st != JX_OK) {
        require(err.message[0] != '\0', "a refused template says why");
    } else {
        size_t k = kind_index(tpl->kind);
        require(k < NKINDS, "a template's kind is one the writer uses");
        char path[FUZZ_PATH_MAX];
        require(snprintf(path, sizeof path, "%s/cards.xlsx", out_dir) < (int)sizeof path,
                "harness path fits");
        memset(&err, 0, sizeof err);
        require(jx_templates_put(working, kinds[k], tpl, &err) == JX_OK, "the set takes it");
        if (fuzz_write_workbook(path, fixed_report, working, &err) == JX_OK)
            check_xlsx(path);
        else
            require(err.message[0] != '\0', "a failed workbook says why");
        fuzz_clear_dir(out_dir);
        require(jx_templates_put(working, kinds[k], jx_templates_get(originals, kinds[k]), &err)
                    == JX_OK,
                "the original goes back");
    }
    free(tpl);
    free(text);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
