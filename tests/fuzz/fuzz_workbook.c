/*
 * fuzz_workbook — libFuzzer target for the way of `jixiao score`: a file
 * name and a document → parse → rule set → check → workbook, with every XML
 * part of the workbook parsed back as the validity oracle.
 *
 * Input: the first line, up to 255 bytes before its LF, is the FILE NAME —
 * raw bytes, anything but '/' and NUL (both become '_'), so names with &G,
 * control characters or broken UTF-8 reach the check report and the sheet
 * footers; the rest is the document. An input with no LF in its first 256
 * bytes is all document, named "fuzz.txt". The name's extension chooses
 * the reader (.csv, .tsv, else text), as in the command.
 *
 * Then, like the command: the rule set is picked by the place names the
 * document mentions (jx_rules_pick over the repository's rules/), the check
 * report is rendered as JSON (one valid JSON object in UTF-8, whatever the
 * name holds) and as text, and the workbook goes through
 * jx_write_workbook_file into a private directory with the repository's
 * templates/ (whose footers carry {file}, the name). Contracts:
 *   - JX_OK: the workbook exists under a file name without control or
 *     reserved characters, is a consistent ZIP archive, and every .xml,
 *     .rels and .vml part of it is well-formed XML (fuzz_xlsx.h);
 *     nothing else is left in the directory;
 *   - an error: a message, and no file left behind (no half-written
 *     workbook, no temporary);
 *   - no crash, leak or undefined behaviour, inside libxlsxwriter included.
 *
 * $JX_FUZZ_ROOT is the repository root (default: the working directory).
 *
 *   clang -fsanitize=fuzzer,address,undefined …   libFuzzer (tests/fuzz/fuzz.sh)
 *   cc -DJX_FUZZ_STANDALONE …                      smoke test (tests/suites/fuzz.sh)
 */
#define FUZZ_NAME "fuzz_workbook"
#include "fuzz_oracle.h"
#include "fuzz_xlsx.h"

/* The name line: at most this many bytes before its LF. */
#define NAME_MAX_BYTES 255

static char rules_dir[FUZZ_PATH_MAX], templates_dir[FUZZ_PATH_MAX], out_dir[FUZZ_PATH_MAX];

static void setup(void)
{
    static bool ready;
    if (ready)
        return;
    fuzz_path(rules_dir, sizeof rules_dir, "rules");
    fuzz_path(templates_dir, sizeof templates_dir, "templates");
    fuzz_subdir(out_dir, "out");
    /* Fail early, not on the first input, when the repository is not found. */
    size_t len;
    char path[FUZZ_PATH_MAX];
    fuzz_path(path, sizeof path, "rules/national.ini");
    free(fuzz_read_file(path, &len));
    ready = true;
}

/* Splits the input into the name and the document. */
static void split_input(const uint8_t *data, size_t size, char name[NAME_MAX_BYTES + 1],
                        const uint8_t **body, size_t *body_len)
{
    size_t scan = size < NAME_MAX_BYTES + 1 ? size : NAME_MAX_BYTES + 1;
    const uint8_t *lf = memchr(data, '\n', scan);
    if (lf == NULL) {
        strcpy(name, "fuzz.txt");
        *body = data;
        *body_len = size;
        return;
    }
    size_t n = (size_t)(lf - data);
    for (size_t i = 0; i < n; i++)
        name[i] = data[i] == '/' || data[i] == '\0' ? '_' : (char)data[i];
    name[n] = '\0';
    *body = lf + 1;
    *body_len = size - n - 1;
}

/* The workbook's own file name holds no control or reserved character. */
static void check_workbook_name(const char *written)
{
    const char *base = strrchr(written, '/');
    base = base ? base + 1 : written;
    require(base[0] != '\0' && base[0] != '.' && ends_with(base, ".xlsx"),
            "workbook name is NAME.xlsx");
    for (const unsigned char *p = (const unsigned char *)base; *p; p++)
        require(*p >= 0x20 && *p != 0x7f && strchr("\\:*?\"<>|", *p) == NULL,
                "workbook name has no control or reserved character");
}

static void write_and_check(const jx_report *report, const char *name)
{
    jx_error err;
    memset(&err, 0, sizeof err);
    char written[FUZZ_PATH_MAX] = "";
    jx_status st = fuzz_write_workbook_file(report, name, out_dir, fuzz_templates(templates_dir),
                                            written, &err);
    if (st == JX_OK) {
        struct stat sb;
        require(stat(written, &sb) == 0 && S_ISREG(sb.st_mode),
                "a workbook reported written exists");
        check_workbook_name(written);
        check_xlsx(written);
        require(fuzz_clear_dir(out_dir) == 1, "the workbook and nothing else is left");
    } else {
        require(err.message[0] != '\0' && memchr(err.message, '\0', sizeof err.message),
                "a failed workbook says why");
        require(fuzz_clear_dir(out_dir) == 0, "a failed workbook leaves no file behind");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    char name[NAME_MAX_BYTES + 1];
    const uint8_t *body;
    size_t body_len;
    split_input(data, size, name, &body, &body_len);

    jx_error err;
    memset(&err, 0, sizeof err);
    jx_document *doc = jx_document_parse(name, body, body_len, JX_FORMAT_AUTO, &err);
    if (doc == NULL) {
        require(err.status != JX_OK, "a failed parse sets err->status");
        require(memchr(err.message, '\0', sizeof err.message) != NULL,
                "error message is terminated");
        return 0;
    }
    jx_rules *rules = malloc(sizeof *rules);
    require(rules != NULL, "memory");
    memset(&err, 0, sizeof err);
    require(jx_rules_pick(doc, rules_dir, rules, &err) == JX_OK,
            "the repository's rule sets load");
    jx_report *report = jx_evaluate(doc, rules, &err);
    require(report != NULL, "evaluate without memory pressure");
    check_report(doc, report);
    write_and_check(report, name);
    jx_report_free(report);
    free(rules);
    jx_document_free(doc);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
