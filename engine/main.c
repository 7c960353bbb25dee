/* main.c — the `jixiao` command: arguments in, library calls, output out. */
#include "jixiao.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: jixiao parse [--format json|text] FILE...\n"
    "       jixiao --version | --help\n"
    "\n"
    "  parse   the tables of each document: JSON Lines (one object per document)\n"
    "          or a readable outline with --format text\n"
    "\n"
    "exit status: 0 done, 2 bad usage or an unreadable input\n";

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

static void report_error(const char *path, const jx_error *err)
{
    const char *prefix = err->status == JX_ERR_NOT_TEXT ? "not a text document (" : "";
    const char *suffix = err->status == JX_ERR_NOT_TEXT ? ")" : "";
    if (err->line > 0)
        fprintf(stderr, "jixiao: %s:%u: %s%s%s\n", path, err->line, prefix, err->message, suffix);
    else
        fprintf(stderr, "jixiao: %s: %s%s%s\n", path, prefix, err->message, suffix);
}

static int cmd_parse(int argc, char **argv)
{
    bool json = true;
    int first = argc;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "json") == 0)
                json = true;
            else if (strcmp(f, "text") == 0)
                json = false;
            else
                return bad_usage("--format takes json or text");
        } else if (strncmp(argv[i], "--format=", 9) == 0) {
            json = strcmp(argv[i] + 9, "text") != 0;
            if (json && strcmp(argv[i] + 9, "json") != 0)
                return bad_usage("--format takes json or text");
        } else if (strcmp(argv[i], "--") == 0) {
            first = i + 1;
            break;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "jixiao: unknown option %s\n", argv[i]);
            return bad_usage("see usage");
        } else {
            first = i;
            break;
        }
    }
    if (first >= argc)
        return bad_usage("parse needs at least one FILE");
    int status = 0;
    for (int i = first; i < argc; i++) {
        jx_error err = {0};
        jx_document *doc = jx_document_load(argv[i], JX_FORMAT_AUTO, &err);
        if (doc == NULL) {
            report_error(argv[i], &err);
            status = 2;
            continue;
        }
        jx_buf out;
        jx_buf_init(&out);
        if (json)
            jx_render_parse_json(&out, doc);
        else
            jx_render_parse_text(&out, doc);
        bool ok = write_all(&out);
        jx_buf_free(&out);
        jx_document_free(doc);
        if (!ok)
            return 2;
    }
    if (fflush(stdout) != 0) {
        perror("jixiao: writing output");
        return 2;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return bad_usage("missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("jixiao %s\n", JX_VERSION);
        return 0;
    }
    if (strcmp(cmd, "parse") == 0)
        return cmd_parse(argc - 2, argv + 2);
    fprintf(stderr, "jixiao: unknown command '%s'\n", cmd);
    return bad_usage("see usage");
}
