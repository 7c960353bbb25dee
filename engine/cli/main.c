/* main.c — the `jixiao` command: arguments in, library calls, output out. */
#include "jixiao.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: jixiao check [--rules auto|NAME|PATH] [--format text|json] FILE...\n"
    "       jixiao score [--rules auto|NAME|PATH] [-o DIR] FILE...\n"
    "       jixiao parse [--format json|text] FILE...\n"
    "       jixiao rules [NAME]\n"
    "       jixiao --version | --help\n"
    "\n"
    "  check   recompute every score and total; report each contradiction\n"
    "  score   write a corrected workbook per document into DIR (default out/)\n"
    "  parse   the tables and scorecard models of each document (JSON Lines,\n"
    "          or a readable outline with --format text)\n"
    "  rules   list the rule sets, or print one\n"
    "\n"
    "Rule sets and templates are read from $JIXIAO_RULES and $JIXIAO_TEMPLATES,\n"
    "else rules/ and templates/ beside the command, else ../share/jixiao/ from it.\n"
    "The forms' words are built in; $JIXIAO_FORMS names a folder of forms/NAME.ini\n"
    "to read instead.\n"
    "exit status: 0 clean, 1 findings of severity error (check, score),\n"
    "             2 bad usage or an unreadable input\n";

static int bad_usage(const char *what)
{
    fprintf(stderr, "jixiao: %s\n%s", what, usage);
    return 2;
}

static bool write_all(const jx_buf *buf)
{
    if (buf->failed) {
        fprintf(stderr, "jixiao: out of memory while rendering\n");
        return false;
    }
    if (buf->len && fwrite(buf->data, 1, buf->len, stdout) != buf->len) {
        perror("jixiao: writing output");
        return false;
    }
    return true;
}

static bool flush_stdout(void)
{
    if (fflush(stdout) == 0)
        return true;
    perror("jixiao: writing output");
    return false;
}

/*
 * A message for the terminal: a file name or a document's words may hold
 * control characters or bytes that are not text; they are shown escaped.
 */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    char raw[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    jx_buf line;
    jx_buf_init(&line);
    jx_text_escape(&line, raw, strlen(raw), JX_TEXT_TERMINAL, 0, NULL);
    if (!line.failed)
        fprintf(stderr, "%s\n", line.data ? line.data : "");
    jx_buf_free(&line);
}

static void report_error(const char *path, const jx_error *err)
{
    const char *prefix = err->status == JX_ERR_NOT_TEXT ? "not a text document (" : "";
    const char *suffix = err->status == JX_ERR_NOT_TEXT ? ")" : "";
    if (err->line > 0)
        say("jixiao: %s:%u: %s%s%s", path, err->line, prefix, err->message, suffix);
    else
        say("jixiao: %s: %s%s%s", path, prefix, err->message, suffix);
}

/*
 * The forms documents are read by, read once by main() before a command that
 * reads documents (the folder $JIXIAO_FORMS names, else the built-in copy)
 * and freed when it ends.
 */
static jx_forms *forms;

/*
 * The gazetteer `--rules auto` finds each document's places with, read once
 * from the rules directory before the first document of check or score (a
 * few ms; per document it was most of the pick) and freed when the command
 * ends. NULL when there is none: the sets that name a province are then
 * said as skipped.
 */
static jx_gazetteer *gazetteer;

/* The rule sets `--rules auto` chooses among, read once with the gazetteer
 * (reading them for each document was a fifth of check's time). */
static jx_rules_catalog *catalog;

/* 0, or 2 after reporting a gazetteer that cannot be read: it stops the run
 * as a broken form does, before any document. */
static int read_gazetteer(const char *rules_choice, const char *dir)
{
    if (strcmp(rules_choice, "auto") != 0 || gazetteer != NULL)
        return 0;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, JX_GAZETTEER_FILE);
    jx_error err = {0};
    jx_status st = jx_gazetteer_load(path, &gazetteer, &err);
    if (st != JX_OK && !(st == JX_ERR_IO && access(path, F_OK) != 0)) {
        report_error(path, &err);
        return 2;
    }
    if (jx_rules_catalog_load(dir, &catalog, &err) != JX_OK) {
        report_error(dir, &err);
        return 2;
    }
    return 0;
}

typedef struct {
    bool json;
    const char *rules;  /* auto, a name or a path */
    int first;          /* index of the first FILE */
} options;

/* Reads --format and --rules; the FILEs follow. Returns 0 or an exit status. */
static int read_options(int argc, char **argv, bool json_default, bool takes_rules,
                        options *opt)
{
    opt->json = json_default;
    opt->rules = "auto";
    opt->first = argc;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *value = NULL;
        if (strncmp(arg, "--format=", 9) == 0)
            value = arg + 9;
        else if (strcmp(arg, "--format") == 0 && i + 1 < argc)
            value = argv[++i];
        if (value) {
            if (strcmp(value, "json") != 0 && strcmp(value, "text") != 0)
                return bad_usage("--format takes json or text");
            opt->json = strcmp(value, "json") == 0;
            continue;
        }
        if (takes_rules && strncmp(arg, "--rules=", 8) == 0) {
            opt->rules = arg + 8;
        } else if (takes_rules && strcmp(arg, "--rules") == 0 && i + 1 < argc) {
            opt->rules = argv[++i];
        } else if (strcmp(arg, "--") == 0) {
            opt->first = i + 1;
            break;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            say("jixiao: unknown option %s", arg);
            return bad_usage("see usage");
        } else {
            opt->first = i;
            break;
        }
    }
    if (opt->first >= argc)
        return bad_usage("at least one FILE is needed");
    return 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Where rule sets or templates live: $JIXIAO_RULES / $JIXIAO_TEMPLATES, else
 * NAME/ beside the command (a build tree), else ../share/jixiao/NAME from it
 * (an installation), else NAME/ in the working directory.
 */
static const char *data_dir(const char *name, const char *env_var, char *buf, size_t size)
{
    const char *env = getenv(env_var);
    if (env && env[0])
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/%s", exe, name);
            if (is_dir(buf))
                return buf;
            snprintf(buf, size, "%s/../share/jixiao/%s", exe, name);
            if (is_dir(buf))
                return buf;
        }
    }
    return name;
}

static const char *rules_dir(char *buf, size_t size)
{
    return data_dir("rules", "JIXIAO_RULES", buf, size);
}

static int cmd_parse(int argc, char **argv)
{
    options opt;
    int st = read_options(argc, argv, true, false, &opt);
    if (st)
        return st;
    int status = 0;
    /* One buffer for every document: freeing a buffer of a few hundred KB per
     * document gave its pages back to the kernel, to fault them in again. */
    jx_buf out;
    jx_buf_init(&out);
    for (int i = opt.first; i < argc; i++) {
        jx_error err = {0};
        jx_document *doc = jx_document_load_with(argv[i], JX_FORMAT_AUTO, forms, &err);
        if (doc == NULL) {
            report_error(argv[i], &err);
            status = 2;
            continue;
        }
        jx_buf_clear(&out);
        if (opt.json)
            jx_render_parse_json(&out, doc);
        else
            jx_render_parse_text(&out, doc);
        bool ok = write_all(&out);
        jx_document_free(doc);
        if (!ok) {
            jx_buf_free(&out);
            return 2;
        }
    }
    jx_buf_free(&out);
    return flush_stdout() ? status : 2;
}

/* A rule set `--rules auto` skipped as unreadable: said once per run. */
static void report_skipped(const char *path, const jx_error *err, void *ctx)
{
    static char seen[64][JX_RULES_PATH_MAX];
    static size_t nseen;
    (void)ctx;
    for (size_t i = 0; i < nseen; i++)
        if (strcmp(seen[i], path) == 0)
            return;
    if (nseen < sizeof seen / sizeof seen[0])
        snprintf(seen[nseen++], sizeof seen[0], "%s", path);
    if (err->line > 0)
        say("jixiao: %s:%u: %s (skipped by --rules auto)", path, err->line, err->message);
    else
        say("jixiao: %s: %s (skipped by --rules auto)", path, err->message);
}

/* Loads the rule set a document is checked by; false after reporting why not. */
static bool load_rules(const char *choice, const jx_document *doc, const char *dir,
                       jx_rules *rules)
{
    jx_error err = {0};
    jx_status st = strcmp(choice, "auto") == 0
                       ? (catalog ? jx_rules_pick_from(doc, catalog, gazetteer, rules, report_skipped, NULL, &err)
                                  : jx_rules_pick_with(doc, dir, gazetteer, rules, report_skipped, NULL, &err))
                       : jx_rules_load(choice, dir, rules, &err);
    if (st == JX_OK)
        return true;
    report_error(rules->path[0] ? rules->path : choice, &err);
    return false;
}

/* A document, the rule set it is checked by, and the report. */
typedef struct {
    jx_document *doc;
    jx_rules *rules;
    jx_report *report;
} checked;

static void checked_free(checked *c)
{
    jx_report_free(c->report);
    free(c->rules);
    jx_document_free(c->doc);
}

/* Loads, picks the rules and evaluates; false after reporting why not. */
static bool check_file(const char *path, const char *rules_choice, const char *dir, checked *c)
{
    jx_error err = {0};
    memset(c, 0, sizeof *c);
    c->doc = jx_document_load_with(path, JX_FORMAT_AUTO, forms, &err);
    if (c->doc == NULL) {
        report_error(path, &err);
        return false;
    }
    c->rules = calloc(1, sizeof *c->rules);
    if (c->rules == NULL || !load_rules(rules_choice, c->doc, dir, c->rules)) {
        checked_free(c);
        return false;
    }
    c->report = jx_evaluate(c->doc, c->rules, &err);
    if (c->report == NULL) {
        report_error(path, &err);
        checked_free(c);
        return false;
    }
    return true;
}

static int cmd_check(int argc, char **argv)
{
    options opt;
    int st = read_options(argc, argv, false, true, &opt);
    if (st)
        return st;
    char dirbuf[PATH_MAX + 32];
    const char *dir = rules_dir(dirbuf, sizeof dirbuf);
    if (read_gazetteer(opt.rules, dir) != 0)
        return 2;
    int status = 0;
    for (int i = opt.first; i < argc; i++) {
        checked c;
        if (!check_file(argv[i], opt.rules, dir, &c)) {
            status = 2;
            continue;
        }
        jx_buf out;
        jx_buf_init(&out);
        if (opt.json)
            jx_render_check_json(&out, c.report);
        else
            jx_render_check_text(&out, c.report);
        bool ok = write_all(&out);
        jx_buf_free(&out);
        if (c.report->errors > 0 && status == 0)
            status = 1;
        checked_free(&c);
        if (!ok)
            return 2;
    }
    return flush_stdout() ? status : 2;
}

/*
 * One workbook, and the line that says so; false after reporting why not.
 * The signals a user sends to stop jixiao wait while a workbook is written,
 * so a stop never leaves a temporary file behind: the workbook is finished
 * (or removed) first, and then the signal takes effect.
 */
static bool write_workbook_file(const checked *c, const char *target,
                                const jx_templates *templates)
{
    jx_error err = {0};
    jx_workbook_notes notes;
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigaddset(&stop, SIGQUIT);
    sigprocmask(SIG_BLOCK, &stop, &old);
    jx_status st = jx_write_workbook_file(c->report, target, templates, &notes, &err);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (st != JX_OK) {
        say("jixiao: %s", err.message);
        return false;
    }
    jx_buf line;
    jx_buf_init(&line);
    jx_buf_puts(&line, "jixiao: wrote ");
    jx_text_escape(&line, target, strlen(target), JX_TEXT_NAME, 0, NULL);
    jx_buf_printf(&line, " (%zu scorecards: %zu errors, %zu warnings, %zu info)\n",
                  c->report->ncards, c->report->errors, c->report->warnings, c->report->infos);
    bool ok = write_all(&line);
    jx_buf_free(&line);
    if (notes.cells_cut > 0)
        say("jixiao: %s: %zu cell%s longer than a spreadsheet cell holds (32,767 characters) "
            "cut with a note, the first at %s", target, notes.cells_cut,
            notes.cells_cut > 1 ? "s" : "", notes.first_cut);
    return ok;
}

static int cmd_score(int argc, char **argv)
{
    const char *out_dir = "out";
    /* -o DIR is score's own; the rest are check's options. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (rest == NULL)
        return 2;
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
            out_dir = argv[++i];
        else
            rest[nrest++] = argv[i];
    }
    options opt;
    int st = read_options(nrest, rest, false, true, &opt);
    if (st) {
        free(rest);
        return st;
    }
    if (!is_dir(out_dir) && mkdir(out_dir, 0777) != 0) {
        say("jixiao: %s: %s", out_dir, strerror(errno));
        free(rest);
        return 2;
    }
    /* Every input's workbook is named before any is written: none overwrites another. */
    size_t ninputs = (size_t)(nrest - opt.first);
    char **targets = NULL;
    jx_error err = {0};
    if (jx_workbook_plan((const char *const *)rest + opt.first, ninputs, out_dir, &targets,
                         &err) != JX_OK) {
        say("jixiao: %s", err.message);
        free(rest);
        return 2;
    }
    char rbuf[PATH_MAX + 32], tbuf[PATH_MAX + 32];
    const char *rules = rules_dir(rbuf, sizeof rbuf);
    if (read_gazetteer(opt.rules, rules) != 0) {
        jx_workbook_plan_free(targets, ninputs);
        free(rest);
        return 2;
    }
    /* The forms are read once, before any workbook: a bad one stops the run. */
    jx_templates *templates = NULL;
    if (jx_templates_load(data_dir("templates", "JIXIAO_TEMPLATES", tbuf, sizeof tbuf),
                          &templates, &err) != JX_OK) {
        say("jixiao: %s", err.message);
        jx_workbook_plan_free(targets, ninputs);
        free(rest);
        return 2;
    }
    int status = 0;
    for (int i = opt.first; i < nrest; i++) {
        checked c;
        if (!check_file(rest[i], opt.rules, rules, &c)) {
            status = 2;
            continue;
        }
        if (!write_workbook_file(&c, targets[i - opt.first], templates))
            status = 2;
        else if (c.report->errors > 0 && status == 0)
            status = 1;
        checked_free(&c);
    }
    jx_templates_free(templates);
    jx_workbook_plan_free(targets, ninputs);
    free(rest);
    return flush_stdout() ? status : 2;
}

static int cmd_rules(int argc, char **argv)
{
    char dirbuf[PATH_MAX + 32];
    const char *dir = rules_dir(dirbuf, sizeof dirbuf);
    if (argc > 1)
        return bad_usage("rules takes at most one NAME");
    jx_rules *rules = calloc(1, sizeof *rules);
    if (rules == NULL)
        return 2;
    jx_buf out;
    jx_buf_init(&out);
    int status = 0;
    if (argc == 1) {
        jx_error err = {0};
        if (jx_rules_load(argv[0], dir, rules, &err) != JX_OK) {
            report_error(rules->path[0] ? rules->path : argv[0], &err);
            status = 2;
        } else {
            jx_render_rules(&out, rules);
        }
    } else {
        char names[64][JX_RULES_NAME_MAX];
        size_t n = 0;
        jx_error list_err = {0};
        if (jx_rules_list(dir, names, 64, &n, &list_err) != JX_OK) {
            report_error(dir, &list_err);
            status = 2;
        } else if (n == 0) {
            say("jixiao: no rule sets in %s", dir);
            status = 2;
        }
        for (size_t i = 0; i < n; i++) {
            jx_error err = {0};
            char line[JX_RULES_NAME_MAX + sizeof err.message + 64];
            if (jx_rules_load(names[i], dir, rules, &err) == JX_OK)
                snprintf(line, sizeof line, "%-12s %s\n", rules->name, rules->description);
            else
                snprintf(line, sizeof line, "%-12s (unreadable: %s)\n", names[i], err.message);
            jx_text_escape(&out, line, strlen(line), JX_TEXT_TERMINAL, 0, NULL);
        }
    }
    if (status == 0 && (!write_all(&out) || !flush_stdout()))
        status = 2; /* a full disk or a closed pipe is a failure, not silence */
    jx_buf_free(&out);
    free(rules);
    return status;
}

/*
 * The command reads documents one after another, each into memory it frees
 * before the next. glibc would hand the top of its heap back to the kernel
 * after each and fault the same pages in again (37 page faults a document,
 * 5% of a parse); fixed thresholds keep the heap for the next document.
 * Blocks of 1 MB and more still get their own mapping, so a large document's
 * growing buffers are remapped rather than copied (its peak memory 114 MB,
 * 139 MB with every block on the heap).
 */
static void keep_heap_between_documents(void)
{
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_heap_between_documents();
    if (argc < 2)
        return bad_usage("missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("jixiao %s\n", jx_version());
        return 0;
    }
    if (strcmp(cmd, "rules") == 0)
        return cmd_rules(argc - 2, argv + 2);
    int (*run)(int, char **) = strcmp(cmd, "parse") == 0 ? cmd_parse
                             : strcmp(cmd, "check") == 0 ? cmd_check
                             : strcmp(cmd, "score") == 0 ? cmd_score
                                                         : NULL;
    if (run != NULL) {
        /* Read once for every document: $JIXIAO_FORMS, else the built-in forms. */
        const char *dir = getenv("JIXIAO_FORMS");
        jx_error err = {0};
        if (jx_forms_load(dir && dir[0] ? dir : NULL, &forms, &err) != JX_OK) {
            say("jixiao: %s", err.message);
            return 2;
        }
        int status = run(argc - 2, argv + 2);
        jx_gazetteer_free(gazetteer);
        jx_rules_catalog_free(catalog);
        jx_forms_free(forms);
        return status;
    }
    say("jixiao: unknown command '%s'", cmd);
    return bad_usage("see usage");
}
