/*
 * fuzz_template — libFuzzer target for form templates (templates/NAME.ini),
 * the way `jixiao score` reads them.
 *
 * Input: one template as INI text (a NUL ends it, as it ends a C string).
 * jx_template_parse reads it; an error is fine and must say why. A template
 * that parses replaces the repository's template of its kind (project,
 * department, special_fund, target, summary or findings) in a private copy
 * of templates/, and a workbook is written for a fixed document
 * (tests/fuzz/fixed/cards.txt: department, project, special-fund and target
 * cards and two ledgers, so every kind of sheet is made) under a file name
 * with an ampersand, with that directory. Contracts: the workbook is written
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

#define MAX_TEMPLATES 16

static char templates_dir[FUZZ_PATH_MAX], out_dir[FUZZ_PATH_MAX];
static jx_report *fixed_report;

/* The repository's templates, to put back after each input. */
static struct {
    char name[JX_RULES_NAME_MAX];
    char *text;
    size_t len;
} originals[MAX_TEMPLATES];
static size_t noriginals;

static void copy_repo_templates(void)
{
    static const char *const kinds[] = {"project", "department", "special_fund",
                                        "target",  "summary",    "findings"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char rel[FUZZ_PATH_MAX], from[FUZZ_PATH_MAX], to[FUZZ_PATH_MAX];
        snprintf(rel, sizeof rel, "templates/%s.ini", kinds[i]);
        fuzz_path(from, sizeof from, rel);
        require(snprintf(to, sizeof to, "%s/%s.ini", templates_dir, kinds[i]) < (int)sizeof to,
                "harness path fits");
        snprintf(originals[noriginals].name, sizeof originals[0].name, "%s", kinds[i]);
        originals[noriginals].text = fuzz_read_file(from, &originals[noriginals].len);
        fuzz_write_file(to, originals[noriginals].text, originals[noriginals].len);
        noriginals++;
    }
}

static void setup(void)
{
    static bool ready;
    if (ready)
        return;
    fuzz_subdir(templates_dir, "templates");
    fuzz_subdir(out_dir, "out");
    copy_repo_templates();
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
    fixed_report = jx_evaluate(doc, &rules);
    require(fixed_report != NULL, "evaluate without memory pressure");
    /* doc and report live as long as the process. */
    ready = true;
}

static size_t original_of(const char *kind)
{
    for (size_t i = 0; i < noriginals; i++)
        if (strcmp(originals[i].name, kind) == 0)
            return i;
    return noriginals;
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
        size_t k = original_of(tpl->kind);
        require(k < noriginals, "a template's kind is one the writer uses");
        char file[FUZZ_PATH_MAX], path[FUZZ_PATH_MAX];
        require(snprintf(file, sizeof file, "%s/%s.ini", templates_dir, tpl->kind) <
                        (int)sizeof file &&
                    snprintf(path, sizeof path, "%s/cards.xlsx", out_dir) < (int)sizeof path,
                "harness path fits");
        fuzz_write_file(file, text, strlen(text));
        memset(&err, 0, sizeof err);
        if (fuzz_write_workbook(path, fixed_report, templates_dir, &err) == JX_OK)
            check_xlsx(path);
        else
            require(err.message[0] != '\0', "a failed workbook says why");
        fuzz_clear_dir(out_dir);
        fuzz_write_file(file, originals[k].text, originals[k].len);
    }
    free(tpl);
    free(text);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
