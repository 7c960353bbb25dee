/*
 * inputs.c — the documents of a run: files as named, folders walked for the
 * files a reader recognises, in an order that does not depend on the file
 * system (jx_inputs_collect).
 */
#include "read.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The plain-text documents' name endings: text with TAB or | tables, and a
 * whole-file CSV or TSV table (parse/source.c reads them by these names). */
#define TEXT_NAMES "txt text md csv tsv"

/* How deep a folder is walked: far beyond any archive's layout (province /
 * city / county / unit / year), and a bound for a tree that has no end. */
#define MAX_DEPTH 32

/* How much of a file without a known name is read to try the readers'
 * signatures: a workbook's zip is read whole, as its central directory,
 * at the end, says what it holds. */
#define SNIFF_LIMIT ((size_t)64 * 1024 * 1024)

typedef struct {
    char **paths;
    size_t n, cap;
    size_t skipped;
    jx_error *err;
} collected;

static jx_status out_of_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

static jx_status add_path(collected *c, const char *path)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        char **paths = realloc(c->paths, cap * sizeof *paths);
        if (paths == NULL)
            return out_of_memory(c->err);
        c->paths = paths;
        c->cap = cap;
    }
    size_t len = strlen(path);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return out_of_memory(c->err);
    memcpy(copy, path, len + 1);
    c->paths[c->n++] = copy;
    return JX_OK;
}

/* Whether a folder's file is a document: by its name's ending, else by a
 * reader's signature in its content. A file that cannot be read is not
 * one here; named on the command line it would say why. */
static bool is_document(const char *path, const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot != NULL && dot != name) {
        if (jx_name_ending_in(dot + 1, TEXT_NAMES) || jx_reader_named(dot + 1) != NULL)
            return true;
    }
    unsigned char *bytes = NULL;
    size_t len = 0;
    jx_error ignored = {0};
    if (jx_read_file(path, SNIFF_LIMIT, &bytes, &len, &ignored) != JX_OK)
        return false;
    bool known = jx_reader_for(bytes, len) != NULL;
    free(bytes);
    return known;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Entries a walk never takes: hidden ones (.git, .DS_Store) and, counted as
 * skipped, an office program's lock file (~$name.xlsx). */
static bool is_hidden(const char *name)
{
    return name[0] == '.';
}

static bool is_lock_file(const char *name)
{
    return name[0] == '~' && name[1] == '$';
}

static jx_status walk(collected *c, const char *dir, int depth)
{
    if (depth > MAX_DEPTH) {
        jx_error_set(c->err, JX_ERR_IO, 0, "%s: folders nested more than %d deep", dir,
                     MAX_DEPTH);
        return JX_ERR_IO;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        jx_error_set(c->err, JX_ERR_IO, 0, "%s: %s", dir, strerror(errno));
        return JX_ERR_IO;
    }
    /* The entries first, sorted, then each walked: the order is the names'
     * bytes at every level, whatever order the file system lists them in. */
    char **names = NULL;
    size_t n = 0, cap = 0;
    jx_status st = JX_OK;
    for (struct dirent *e; st == JX_OK && (e = readdir(d)) != NULL;) {
        if (is_hidden(e->d_name))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **grown = realloc(names, ncap * sizeof *grown);
            if (grown == NULL) {
                st = out_of_memory(c->err);
                break;
            }
            names = grown;
            cap = ncap;
        }
        size_t len = strlen(e->d_name);
        if ((names[n] = malloc(len + 1)) == NULL) {
            st = out_of_memory(c->err);
            break;
        }
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    if (st == JX_OK)
        qsort(names, n, sizeof *names, by_bytes);
    size_t dirlen = strlen(dir);
    bool slash = dirlen > 0 && dir[dirlen - 1] == '/';
    char path[PATH_MAX];
    for (size_t i = 0; st == JX_OK && i < n; i++) {
        int len = snprintf(path, sizeof path, "%s%s%s", dir, slash ? "" : "/", names[i]);
        if (len < 0 || (size_t)len >= sizeof path) {
            c->skipped++;
            continue;
        }
        struct stat sb;
        /* A link is not followed into a folder (a link back up would never
         * end); a link to a file is taken as the file. */
        if (lstat(path, &sb) != 0) {
            c->skipped++;
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = walk(c, path, depth + 1);
            continue;
        }
        if (S_ISLNK(sb.st_mode) && (stat(path, &sb) != 0 || S_ISDIR(sb.st_mode))) {
            c->skipped++;
            continue;
        }
        if (!S_ISREG(sb.st_mode) || is_lock_file(names[i]) || !is_document(path, names[i]))
            c->skipped++;
        else
            st = add_path(c, path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

jx_status jx_inputs_collect(const char *const *args, size_t nargs, char ***paths, size_t *count,
                            size_t *skipped, jx_error *err)
{
    collected c = {.err = err};
    jx_status st = JX_OK;
    for (size_t i = 0; st == JX_OK && i < nargs; i++) {
        struct stat sb;
        if (stat(args[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            st = walk(&c, args[i], 0);
        } else {
            /* A file named is the user's choice: taken as it is, and one
             * that cannot be read says so when it is read. */
            st = add_path(&c, args[i]);
        }
    }
    if (st != JX_OK) {
        jx_inputs_free(c.paths, c.n);
        *paths = NULL;
        *count = 0;
        *skipped = 0;
        return st;
    }
    *paths = c.paths;
    *count = c.n;
    *skipped = c.skipped;
    return JX_OK;
}

void jx_inputs_free(char **paths, size_t count)
{
    for (size_t i = 0; paths && i < count; i++)
        free(paths[i]);
    free(paths);
}
