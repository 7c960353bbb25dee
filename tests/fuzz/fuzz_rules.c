/*
 * fuzz_rules — libFuzzer target for rule-set files and their inheritance,
 * the way `jixiao check --rules NAME` and `jixiao rules NAME` read them.
 *
 * Input: up to three INI texts separated by a line "#---": a.ini, b.ini,
 * c.ini (a later separator stays in c.ini). They are written into a private
 * rules directory beside copies of the repository's rule sets, so
 * `inherits = b`, `inherits = c`, `inherits = a` (a cycle) and
 * `inherits = national` all resolve. Then:
 *   - jx_rules_load("a", dir) reads the set; an error is fine, and must say
 *     why;
 *   - jx_rules_parse of a's text with an in-memory resolver over the same
 *     texts must agree with it (status; on success, the same rendering);
 *   - a set that loads is rendered (jx_render_rules: UTF-8), and the
 *     rendering must read back as the same set ("a rendered set reads
 *     back"), then it checks a fixed document (tests/fuzz/fixed/cards.txt:
 *     department, project, special-fund and target cards and two ledgers):
 *     report, JSON and text as in fuzz_oracle.h, and the workbook, every
 *     XML part of it well-formed (grade names and units from the rule set
 *     reach the sheets);
 *   - jx_rules_pick over the directory still picks a set for the fixed
 *     document: one broken file among the rule sets must not stop
 *     `--rules auto` for every document.
 * No crash, leak or undefined behaviour whatever the files hold.
 *
 * $JX_FUZZ_ROOT is the repository root (default: the working directory).
 */
#define FUZZ_NAME "fuzz_rules"
#include "fuzz_oracle.h"
#include "fuzz_xlsx.h"

#define PARTS 3
#define SEPARATOR "#---"
#define MAX_BASES 16

static char rules_dir[FUZZ_PATH_MAX], templates_dir[FUZZ_PATH_MAX], out_dir[FUZZ_PATH_MAX];
static jx_document *fixed_doc;

/* The texts the in-memory resolver knows: a, b, c of this input and the
 * repository's sets. */
typedef struct {
    const char *name[PARTS + MAX_BASES];
    const char *text[PARTS + MAX_BASES];
    size_t n;
} text_source;

static text_source repo_sets; /* the repository's sets, read once */

static void copy_repo_sets(void)
{
    char repo_rules[FUZZ_PATH_MAX];
    fuzz_path(repo_rules, sizeof repo_rules, "rules");
    static char names[MAX_BASES][JX_RULES_NAME_MAX];
    size_t n = 0;
    require(jx_rules_list(repo_rules, names, MAX_BASES, &n, NULL) == JX_OK && n > 0,
            "the repository has rule sets (set JX_FUZZ_ROOT)");
    for (size_t i = 0; i < n; i++) {
        char from[FUZZ_PATH_MAX], to[FUZZ_PATH_MAX];
        require(snprintf(from, sizeof from, "%s/%s.ini", repo_rules, names[i]) < (int)sizeof from &&
                    snprintf(to, sizeof to, "%s/%s.ini", rules_dir, names[i]) < (int)sizeof to,
                "harness path fits");
        size_t len;
        char *text = fuzz_read_file(from, &len);
        fuzz_write_file(to, text, len);
        repo_sets.name[repo_sets.n] = names[i];
        repo_sets.text[repo_sets.n] = text; /* kept for the process's life */
        repo_sets.n++;
    }
}

static void setup(void)
{
    static bool ready;
    if (ready)
        return;
    fuzz_subdir(rules_dir, "rules");
    fuzz_subdir(out_dir, "out");
    fuzz_path(templates_dir, sizeof templates_dir, "templates");
    copy_repo_sets();
    char path[FUZZ_PATH_MAX];
    fuzz_path(path, sizeof path, "tests/fuzz/fixed/cards.txt");
    jx_error err;
    memset(&err, 0, sizeof err);
    fixed_doc = jx_document_load(path, JX_FORMAT_AUTO, &err);
    require(fixed_doc != NULL, "the fixed document parses");
    ready = true;
}

/* Splits the input at lines "#---" into at most PARTS NUL-terminated texts
 * (a NUL inside a text ends it, as it ends a C string); returns how many. */
static char *copy_text(const uint8_t *data, size_t n)
{
    char *text = malloc(n + 1);
    require(text != NULL, "memory");
    if (n > 0)
        memcpy(text, data, n);
    text[n] = '\0';
    return text;
}

static size_t split_parts(const uint8_t *data, size_t size, char *parts[PARTS])
{
    size_t n = 0, start = 0, at = 0, k = strlen(SEPARATOR);
    while (at < size && n < PARTS - 1) {
        const uint8_t *lf = memchr(data + at, '\n', size - at);
        size_t end = lf ? (size_t)(lf - data) : size, len = end - at;
        if (len > 0 && data[end - 1] == '\r')
            len--;
        size_t next = lf ? end + 1 : size;
        if (len == k && memcmp(data + at, SEPARATOR, k) == 0) {
            parts[n++] = copy_text(data + start, at - start);
            start = next;
        }
        at = next;
    }
    parts[n++] = copy_text(data + start, size - start);
    return n;
}

static jx_status memory_resolve(const char *name, const char **text, const char **path,
                                jx_error *err, void *ctx)
{
    (void)err;
    const text_source *src = ctx;
    *text = NULL;
    *path = NULL;
    for (size_t i = 0; i < src->n; i++) {
        if (strcmp(src->name[i], name) == 0) {
            *text = src->text[i];
            return JX_OK;
        }
    }
    return JX_OK; /* NULL text: "no such rule set" */
}

/* The rendering from its "[ruleset]" on: the header names the file read. */
static const char *rendered_body(const jx_buf *out)
{
    const char *body = out->len ? strstr(out->data, "[ruleset]") : NULL;
    return body != NULL ? body : "";
}

static void render(jx_buf *out, const jx_rules *rules)
{
    jx_buf_init(out);
    jx_render_rules(out, rules);
    require(!out->failed, "rules buffer failed without memory pressure");
    require(out->len > 0 && strlen(out->data) == out->len, "rendered rules are text");
    require(utf8_valid(out->data, out->len), "rendered rules are valid UTF-8");
}

/* The rendering reads back as the same set. */
static void check_round_trip(const jx_buf *first, text_source *src)
{
    jx_rules *again = malloc(sizeof *again);
    require(again != NULL, "memory");
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_status st = jx_rules_parse(rendered_body(first), "rendered.ini", again, memory_resolve,
                                  src, &err);
    if (st != JX_OK)
        fprintf(stderr, "fuzz_rules: rendered set: line %u: %s\n", err.line, err.message);
    require(st == JX_OK, "a rendered rule set reads back");
    jx_buf second;
    render(&second, again);
    require(strcmp(rendered_body(first), rendered_body(&second)) == 0,
            "a rendered rule set reads back as the same set");
    jx_buf_free(&second);
    free(again);
}

static void check_with_document(const jx_rules *rules)
{
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_report *report = jx_evaluate(fixed_doc, rules, &err);
    require(report != NULL, "evaluate without memory pressure");
    check_report(fixed_doc, report);
    char path[FUZZ_PATH_MAX];
    require(snprintf(path, sizeof path, "%s/cards.xlsx", out_dir) < (int)sizeof path,
            "harness path fits");
    if (fuzz_write_workbook(path, report, fuzz_templates(templates_dir), &err) == JX_OK)
        check_xlsx(path);
    else
        require(err.message[0] != '\0', "a failed workbook says why");
    fuzz_clear_dir(out_dir);
    jx_report_free(report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    char *parts[PARTS] = {NULL};
    size_t nparts = split_parts(data, size, parts);
    static const char *const names[PARTS] = {"a", "b", "c"};
    text_source src = repo_sets;
    for (size_t i = 0; i < PARTS; i++) {
        char path[FUZZ_PATH_MAX];
        require(snprintf(path, sizeof path, "%s/%s.ini", rules_dir, names[i]) < (int)sizeof path,
                "harness path fits");
        if (i < nparts) {
            fuzz_write_file(path, parts[i], strlen(parts[i]));
            src.name[src.n] = names[i];
            src.text[src.n] = parts[i];
            src.n++;
        } else {
            unlink(path);
        }
    }

    jx_rules *rules = malloc(sizeof *rules), *mem = malloc(sizeof *mem);
    require(rules != NULL && mem != NULL, "memory");
    jx_error err, mem_err;
    memset(&err, 0, sizeof err);
    memset(&mem_err, 0, sizeof mem_err);
    jx_status st = jx_rules_load("a", rules_dir, rules, &err);
    jx_status mem_st = jx_rules_parse(parts[0], "a.ini", mem, memory_resolve, &src, &mem_err);
    require(memchr(err.message, '\0', sizeof err.message) != NULL &&
                memchr(mem_err.message, '\0', sizeof mem_err.message) != NULL,
            "error messages are terminated");
    require(utf8_string(err.message) && utf8_string(mem_err.message),
            "error messages are UTF-8");
    require((st == JX_OK) == (mem_st == JX_OK),
            "jx_rules_load and jx_rules_parse agree on the same texts");
    if (st != JX_OK) {
        require(err.message[0] != '\0', "a refused rule set says why");
    } else {
        jx_buf out, mem_out;
        render(&out, rules);
        render(&mem_out, mem);
        require(strcmp(rendered_body(&out), rendered_body(&mem_out)) == 0,
                "jx_rules_load and jx_rules_parse read the same set");
        check_round_trip(&out, &src);
        jx_buf_free(&mem_out);
        jx_buf_free(&out);
        check_with_document(rules);
    }
    /* `--rules auto` over the directory: a broken file beside the good sets
     * must not stop every document. */
    memset(&err, 0, sizeof err);
    st = jx_rules_pick(fixed_doc, rules_dir, rules, &err);
    if (st != JX_OK)
        fprintf(stderr, "fuzz_rules: jx_rules_pick: %s\n", err.message);
    require(st == JX_OK, "a broken rule file does not stop --rules auto");
    free(mem);
    free(rules);
    for (size_t i = 0; i < nparts; i++)
        free(parts[i]);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
