/* main.c — the `jixiao` command: arguments in, the run set up, exit status out. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: jixiao check [--rules auto|NAME|PATH] [--format text|json] [RUN OPTIONS] PATH...\n"
    "       jixiao score [--rules auto|NAME|PATH] [-o DIR] [RUN OPTIONS] PATH...\n"
    "       jixiao parse [--format json|text] [-j N] [--quiet] PATH...\n"
    "       jixiao rules [NAME]\n"
    "       jixiao --version | --help\n"
    "\n"
    "  check   recompute every score and total; report each contradiction\n"
    "  score   write a corrected workbook per document into DIR (default out/)\n"
    "  parse   the tables and scorecard models of each document (JSON Lines,\n"
    "          or a readable outline with --format text)\n"
    "  rules   list the rule sets, or print one\n"
    "\n"
    "PATH is a file or a folder; a folder is read with its subfolders, and the\n"
    "files in it that are documents (by content or name) are taken in name order.\n"
    "\n"
    "RUN OPTIONS\n"
    "  -j N, --jobs N    documents read at once (default: every core); the output\n"
    "                    is the same, in the same order, whatever N\n"
    "  --quiet           no progress line (it is shown only on a terminal)\n"
    "  --summary F.xlsx  one workbook for the whole run: documents, scorecards,\n"
    "                    finding codes, charts\n"
    "  --db F.sqlite     record documents, scorecards and findings in SQLite; a\n"
    "                    document recorded unchanged (same bytes, rule sets and\n"
    "                    version) is not checked again\n"
    "\n"
    "Rule sets and templates are read from $JIXIAO_RULES and $JIXIAO_TEMPLATES,\n"
    "else rules/ and templates/ beside the command, else ../share/jixiao/ from it.\n"
    "The forms' words are built in; $JIXIAO_FORMS names a folder of forms/NAME.ini\n"
    "to read instead.\n"
    "exit status: 0 clean, 1 findings of severity error (check, score),\n"
    "             2 bad usage or an unreadable input\n";

/* A message for the terminal, made safe (cli_say) and written now. */
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
    cli_say(&line, "%s", raw);
    if (!line.failed)
        cli_stderr(line.data, line.len);
    jx_buf_free(&line);
}

static int bad_usage(const char *what)
{
    fprintf(stderr, "jixiao: %s\n%s", what, usage);
    return 2;
}

static void report_error(const char *path, const jx_error *err)
{
    jx_buf line;
    jx_buf_init(&line);
    cli_say_error(&line, path, err);
    if (!line.failed)
        cli_stderr(line.data, line.len);
    jx_buf_free(&line);
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

typedef struct {
    bool json;
    const char *rules;      /* auto, a name or a path */
    const char *out_dir;    /* score */
    const char *summary;    /* --summary FILE, NULL */
    const char *db;         /* --db FILE, NULL */
    unsigned jobs;          /* 0: every core */
    bool quiet;
    char **paths;           /* the PATHs */
    int npaths;
} options;

/* Which options a command takes. */
enum { TAKES_RULES = 1, TAKES_OUTPUT = 2, TAKES_RECORDS = 4 };

/* An option's value: "--name=V", "--name V" or "-x V" (advancing *i), or
 * "-xV" for a short alias (-j4, as make takes it). NULL when arg is not the
 * option. */
static const char *option_value(int argc, char **argv, int *i, const char *name,
                                const char *alias)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) == 0 && arg[n] == '=')
        return arg + n + 1;
    if (alias && strlen(alias) == 2 && strncmp(arg, alias, 2) == 0 && arg[2] != '\0')
        return arg + 2;
    if ((strcmp(arg, name) == 0 || (alias && strcmp(arg, alias) == 0)) && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

/* Reads the options; the PATHs follow (or come after --). Returns 0 or an exit status. */
static int read_options(int argc, char **argv, bool json_default, int takes, options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->json = json_default;
    opt->rules = "auto";
    opt->out_dir = "out";
    int i = 0;
    for (; i < argc; i++) {
        const char *arg = argv[i], *value;
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if ((value = option_value(argc, argv, &i, "--format", NULL)) != NULL) {
            if (strcmp(value, "json") != 0 && strcmp(value, "text") != 0)
                return bad_usage("--format takes json or text");
            opt->json = strcmp(value, "json") == 0;
        } else if ((value = option_value(argc, argv, &i, "--jobs", "-j")) != NULL) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(value, &end, 10);
            if (errno || end == value || *end || value[0] == '-' || n == 0 || n > 1024)
                return bad_usage("-j takes a number of jobs from 1 to 1024");
            opt->jobs = (unsigned)n;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            opt->quiet = true;
        } else if ((takes & TAKES_RULES) &&
                   (value = option_value(argc, argv, &i, "--rules", NULL)) != NULL) {
            opt->rules = value;
        } else if ((takes & TAKES_OUTPUT) &&
                   (value = option_value(argc, argv, &i, "--output", "-o")) != NULL) {
            opt->out_dir = value;
        } else if ((takes & TAKES_RECORDS) &&
                   (value = option_value(argc, argv, &i, "--summary", NULL)) != NULL) {
            opt->summary = value;
        } else if ((takes & TAKES_RECORDS) &&
                   (value = option_value(argc, argv, &i, "--db", NULL)) != NULL) {
            opt->db = value;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            say("jixiao: unknown option %s", arg);
            return bad_usage("see usage");
        } else {
            break;
        }
    }
    if (i >= argc)
        return bad_usage("at least one PATH is needed");
    opt->paths = argv + i;
    opt->npaths = argc - i;
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

/* What a run sets up before its first document and takes down after its last. */
typedef struct {
    cli_command cmd;
    char **inputs;
    size_t ninputs;
    char **targets;
    jx_gazetteer *gazetteer;
    jx_rules_catalog *catalog;
    jx_templates *templates;
    char rules_buf[PATH_MAX + 32];
} run_setup;

static void setup_free(run_setup *s)
{
    jx_templates_free(s->templates);
    jx_workbook_plan_free(s->targets, s->ninputs);
    jx_rules_catalog_free(s->catalog);
    jx_gazetteer_free(s->gazetteer);
    jx_inputs_free(s->inputs, s->ninputs);
    jx_summary_free(s->cmd.summary);
    jx_buf_free(&s->cmd.skipped_sets);
}

/* The documents of the PATHs; 0 or an exit status. */
static int collect_inputs(const options *opt, run_setup *s)
{
    jx_error err = {0};
    size_t skipped = 0;
    if (jx_inputs_collect((const char *const *)opt->paths, (size_t)opt->npaths, &s->inputs,
                          &s->ninputs, &skipped, &err) != JX_OK) {
        say("jixiao: %s", err.message);
        return 2;
    }
    if (skipped > 0)
        say("jixiao: %zu file%s in the folders %s not a document: skipped", skipped,
            skipped > 1 ? "s" : "", skipped > 1 ? "are" : "is");
    if (s->ninputs == 0) {
        say("jixiao: no documents in the folders given");
        return 2;
    }
    return 0;
}

/* The gazetteer and the catalog `--rules auto` picks with, read once: a
 * gazetteer that cannot be read stops the run (a missing one only narrows
 * the pick). 0 or an exit status. */
static int read_rule_sets(run_setup *s)
{
    const char *dir = s->cmd.rules_dir;
    if (strcmp(s->cmd.rules_choice, "auto") != 0)
        return 0;
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, JX_GAZETTEER_FILE);
    jx_error err = {0};
    jx_status st = jx_gazetteer_load(path, &s->gazetteer, &err);
    if (st != JX_OK && !(st == JX_ERR_IO && access(path, F_OK) != 0)) {
        report_error(path, &err);
        return 2;
    }
    if (jx_rules_catalog_load(dir, &s->catalog, &err) != JX_OK) {
        report_error(dir, &err);
        return 2;
    }
    s->cmd.gazetteer = s->gazetteer;
    s->cmd.catalog = s->catalog;
    return 0;
}

/* What a document found in a folder PATH names its workbook after: its path
 * within that folder, a name of its own (县教育局/2024/自评.txt →
 * 县教育局_2024_自评.txt); NULL (its own name) for a file named as it is,
 * and when memory runs out. */
static char *place_name(const options *opt, const char *input)
{
    for (int a = 0; a < opt->npaths; a++) {
        const char *dir = opt->paths[a];
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            n--;
        if (strncmp(input, dir, n) != 0 || input[n] != '/' || !is_dir(dir))
            continue;
        char *name = strdup(input + n + 1);
        for (char *p = name; p && *p; p++)
            if (*p == '/')
                *p = '_';
        return name;
    }
    return NULL;
}

/* score: the folder, every workbook's name (none overwrites another), the
 * templates (a bad one stops the run before any workbook). */
static int plan_workbooks(const options *opt, run_setup *s)
{
    jx_error err = {0};
    if (!is_dir(opt->out_dir) && mkdir(opt->out_dir, 0777) != 0) {
        say("jixiao: %s: %s", opt->out_dir, strerror(errno));
        return 2;
    }
    char **names = calloc(s->ninputs ? s->ninputs : 1, sizeof *names);
    if (names == NULL) {
        say("jixiao: out of memory");
        return 2;
    }
    for (size_t i = 0; i < s->ninputs; i++)
        names[i] = place_name(opt, s->inputs[i]);
    jx_status st = jx_workbook_plan_named((const char *const *)s->inputs,
                                          (const char *const *)names, s->ninputs, opt->out_dir,
                                          &s->targets, &err);
    for (size_t i = 0; i < s->ninputs; i++)
        free(names[i]);
    free(names);
    if (st != JX_OK) {
        say("jixiao: %s", err.message);
        return 2;
    }
    char tbuf[PATH_MAX + 32];
    if (jx_templates_load(data_dir("templates", "JIXIAO_TEMPLATES", tbuf, sizeof tbuf),
                          &s->templates, &err) != JX_OK) {
        say("jixiao: %s", err.message);
        return 2;
    }
    s->cmd.targets = s->targets;
    s->cmd.templates = s->templates;
    return 0;
}

/* --db: the store, opened with the key of what decides the findings. */
static int open_store(const options *opt, run_setup *s, const char *forms_dir)
{
    char key[JX_SHA256_HEX];
    jx_error err = {0};
    if (jx_rules_fingerprint(s->cmd.rules_choice, s->cmd.rules_dir, forms_dir, key, &err) !=
            JX_OK ||
        jx_store_open(opt->db, s->cmd.name, key, &s->cmd.store, &err) != JX_OK) {
        say("jixiao: %s", err.message);
        return 2;
    }
    return 0;
}

/* After the last document: the store closed, the summary written, what was
 * reused said. 0 or an exit status. */
static int finish_records(const options *opt, run_setup *s)
{
    cli_command *cmd = &s->cmd;
    jx_error err = {0};
    int status = 0;
    if (cmd->store != NULL) {
        jx_store *store = cmd->store;
        cmd->store = NULL;
        if (jx_store_close(store, cmd->checked, cmd->reused, cmd->failed, &err) != JX_OK) {
            say("jixiao: %s", err.message);
            status = 2;
        }
        if (cmd->reused > 0)
            say("jixiao: %zu document%s unchanged since %s recorded %s: not checked again",
                cmd->reused, cmd->reused > 1 ? "s" : "", opt->db,
                cmd->reused > 1 ? "them" : "it");
    }
    if (opt->summary != NULL && cmd->summary != NULL) {
        if (jx_summary_write(cmd->summary, opt->summary, &err) != JX_OK) {
            say("jixiao: %s", err.message);
            status = 2;
        } else if (!opt->quiet) {
            say("jixiao: wrote the summary of %zu documents to %s",
                jx_summary_count(cmd->summary), opt->summary);
        }
    }
    return status;
}

/* The forms documents are read by (built in, or $JIXIAO_FORMS's), read once. */
static jx_forms *forms;

/* parse, check or score over the PATHs' documents. */
static int run_command(const char *name, int argc, char **argv)
{
    bool parse = strcmp(name, "parse") == 0, score = strcmp(name, "score") == 0;
    options opt;
    int takes = parse ? 0 : TAKES_RULES | TAKES_RECORDS | (score ? TAKES_OUTPUT : 0);
    int st = read_options(argc, argv, parse, takes, &opt);
    if (st)
        return st;
    run_setup s;
    memset(&s, 0, sizeof s);
    s.cmd.name = name;
    s.cmd.json = opt.json;
    s.cmd.rules_choice = opt.rules;
    s.cmd.forms = forms;
    jx_buf_init(&s.cmd.skipped_sets);
    pthread_mutex_init(&s.cmd.store_lock, NULL);
    const char *forms_dir = getenv("JIXIAO_FORMS");
    if (forms_dir && !forms_dir[0])
        forms_dir = NULL;
    if (!parse)
        s.cmd.rules_dir = rules_dir(s.rules_buf, sizeof s.rules_buf);
    jx_error err = {0};
    st = collect_inputs(&opt, &s);
    if (st == 0 && !parse)
        st = read_rule_sets(&s);
    if (st == 0 && score)
        st = plan_workbooks(&opt, &s);
    if (st == 0 && (opt.summary || opt.db) && (s.cmd.summary = jx_summary_new(&err)) == NULL) {
        say("jixiao: %s", err.message);
        st = 2;
    }
    if (st == 0 && opt.db)
        st = open_store(&opt, &s, forms_dir);
    if (st == 0) {
        cli_run run = {
            .paths = (const char *const *)s.inputs,
            .njobs = s.ninputs,
            .threads = opt.jobs ? opt.jobs : cli_cores(),
            .progress = !opt.quiet && isatty(STDERR_FILENO),
            .work = parse ? cli_parse_work : cli_check_work,
            .emit = parse ? cli_parse_emit : cli_check_emit,
            .discard = parse ? NULL : cli_check_discard,
            .ctx = &s.cmd,
        };
        int run_status = cli_run_jobs(&run);
        int records = finish_records(&opt, &s);
        st = run_status ? run_status : records ? records : s.cmd.status;
    }
    if (s.cmd.store != NULL) {
        jx_store_close(s.cmd.store, s.cmd.checked, s.cmd.reused, s.cmd.failed, &err);
        s.cmd.store = NULL;
    }
    pthread_mutex_destroy(&s.cmd.store_lock);
    setup_free(&s);
    return st;
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
    if (strcmp(cmd, "parse") == 0 || strcmp(cmd, "check") == 0 || strcmp(cmd, "score") == 0) {
        /* Read once for every document: $JIXIAO_FORMS, else the built-in forms. */
        const char *dir = getenv("JIXIAO_FORMS");
        jx_error err = {0};
        if (jx_forms_load(dir && dir[0] ? dir : NULL, &forms, &err) != JX_OK) {
            say("jixiao: %s", err.message);
            return 2;
        }
        int status = run_command(cmd, argc - 2, argv + 2);
        jx_forms_free(forms);
        return status;
    }
    say("jixiao: unknown command '%s'", cmd);
    return bad_usage("see usage");
}
