/*
 * workbook_file.c — where workbooks go: a distinct, safe name for every input
 * of a run, chosen before anything is written; each workbook written into a
 * temporary file that nobody else can have prepared (unpredictable name,
 * created exclusively, never through a link), synced and renamed when
 * complete, so an interrupted run leaves no half-written file and neither an
 * input nor another input's workbook is ever overwritten.
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

/* Room a name keeps for the suffix that makes it distinct: "~99999". */
#define DISTINCT_SUFFIX_MAX 8

jx_status jx_workbook_name(const char *input, char *out, size_t size, jx_error *err)
{
    /* A file name holds at most NAME_MAX bytes, whatever the buffer. */
    if (size > NAME_MAX + 1 - DISTINCT_SUFFIX_MAX)
        size = NAME_MAX + 1 - DISTINCT_SUFFIX_MAX;
    if (size < 7) {
        if (size)
            out[0] = '\0';
        jx_error_set(err, JX_ERR_FORMAT, 0, "no room for a workbook name in %zu bytes", size);
        return JX_ERR_FORMAT;
    }
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t n = 0;
    for (size_t i = 0; i < len && n + 6 < size; i++) {
        unsigned char ch = (unsigned char)base[i];
        bool bad = ch < 0x20 || ch == 0x7f || strchr("/\\:*?\"<>|", ch) != NULL
            || (n == 0 && (ch == '.' || ch == '-'));
        out[n++] = bad ? '_' : (char)ch;
    }
    out[n] = '\0';
    jx_utf8_trim_partial(out); /* a long name may be cut inside a character */
    n = strlen(out);
    if (n == 0)
        out[n++] = '_';
    snprintf(out + n, size - n, ".xlsx");
    return JX_OK;
}

/* ------------------------------------------------------------ the plan */

typedef struct {
    dev_t dev;
    ino_t ino;
    bool exists;
} file_id;

static file_id id_of(const char *path)
{
    struct stat st;
    file_id id = {0, 0, false};
    if (stat(path, &st) == 0)
        id = (file_id){st.st_dev, st.st_ino, true};
    return id;
}

static bool same_id(file_id a, file_id b)
{
    return a.exists && b.exists && a.dev == b.dev && a.ino == b.ino;
}

/*
 * What the plan has taken, found in constant time (a run of 10,000 documents
 * would otherwise compare each candidate with every target and every input):
 * the targets named so far by their paths, the inputs by their files.
 */
typedef struct {
    size_t *slots; /* index + 1 into the targets or the inputs; 0 empty */
    size_t mask;
} taken_set;

static uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static uint64_t id_hash(file_id id)
{
    return ((uint64_t)id.dev * 1099511628211u) ^ ((uint64_t)id.ino * 0x9E3779B97F4A7C15u);
}

static bool taken_init(taken_set *t, size_t n)
{
    size_t size = 16;
    while (size < 2 * n + 2)
        size *= 2;
    t->slots = calloc(size, sizeof *t->slots);
    t->mask = size - 1;
    return t->slots != NULL;
}

/* Adds index i under hash h (the set is never more than half full). */
static void taken_add(taken_set *t, uint64_t h, size_t i)
{
    size_t k = (size_t)h & t->mask;
    while (t->slots[k])
        k = (k + 1) & t->mask;
    t->slots[k] = i + 1;
}

static bool target_taken(const taken_set *t, char *const *targets, const char *path)
{
    for (size_t k = (size_t)text_hash(path) & t->mask; t->slots[k]; k = (k + 1) & t->mask)
        if (strcmp(targets[t->slots[k] - 1], path) == 0)
            return true;
    return false;
}

static bool input_taken(const taken_set *t, const file_id *ids, const char *path)
{
    file_id id = id_of(path);
    if (!id.exists)
        return false;
    for (size_t k = (size_t)id_hash(id) & t->mask; t->slots[k]; k = (k + 1) & t->mask)
        if (same_id(id, ids[t->slots[k] - 1]))
            return true;
    return false;
}

jx_status jx_workbook_plan(const char *const *inputs, size_t n, const char *out_dir,
                           char ***targets_out, jx_error *err)
{
    return jx_workbook_plan_named(inputs, NULL, n, out_dir, targets_out, err);
}

jx_status jx_workbook_plan_named(const char *const *inputs, const char *const *names, size_t n,
                                 const char *out_dir, char ***targets_out, jx_error *err)
{
    *targets_out = NULL;
    char **targets = calloc(n ? n : 1, sizeof *targets);
    file_id *ids = calloc(n ? n : 1, sizeof *ids);
    taken_set by_path = {0}, by_file = {0};
    if (targets == NULL || ids == NULL || !taken_init(&by_path, n) || !taken_init(&by_file, n)) {
        free(targets);
        free(ids);
        free(by_path.slots);
        free(by_file.slots);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        ids[i] = id_of(inputs[i]);
        if (ids[i].exists)
            taken_add(&by_file, id_hash(ids[i]), i);
    }
    jx_status status = JX_OK;
    for (size_t i = 0; i < n && status == JX_OK; i++) {
        char name[NAME_MAX + 1];
        const char *after = names && names[i] ? names[i] : inputs[i];
        jx_workbook_name(after, name, sizeof name, NULL); /* NAME_MAX + 1 always fits */
        size_t stem = strlen(name) - strlen(".xlsx");
        for (unsigned long k = 1;; k++) {
            char candidate[NAME_MAX + 1];
            if (k == 1)
                snprintf(candidate, sizeof candidate, "%s", name);
            else
                snprintf(candidate, sizeof candidate, "%.*s~%lu.xlsx", (int)stem, name, k);
            size_t size = strlen(out_dir) + strlen(candidate) + 2;
            char *path = malloc(size);
            if (path == NULL) {
                jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
                status = JX_ERR_NOMEM;
                break;
            }
            snprintf(path, size, "%s/%s", out_dir, candidate);
            /* Taken: by an earlier input's workbook, or it is one of the inputs. */
            if (!target_taken(&by_path, targets, path) && !input_taken(&by_file, ids, path)) {
                targets[i] = path;
                taken_add(&by_path, text_hash(path), i);
                break;
            }
            free(path);
        }
    }
    free(ids);
    free(by_path.slots);
    free(by_file.slots);
    if (status != JX_OK) {
        jx_workbook_plan_free(targets, n);
        return status;
    }
    *targets_out = targets;
    return JX_OK;
}

void jx_workbook_plan_free(char **targets, size_t n)
{
    for (size_t i = 0; targets && i < n; i++)
        free(targets[i]);
    free(targets);
}

/* ------------------------------------------------------------ one workbook */

/*
 * The mode a new file gets (0666 less the umask): the temporary starts 0600,
 * and the umask can only be read this way without changing it.
 */
static mode_t new_file_mode(void)
{
    mode_t mode = 0600; /* when the umask cannot be read: private */
    FILE *f = fopen("/proc/self/status", "re");
    if (f == NULL)
        return mode;
    char line[256];
    unsigned int mask;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Umask: %o", &mask) == 1) {
            mode = (mode_t)(0666 & ~mask);
            break;
        }
    fclose(f);
    return mode;
}

static jx_status io_error(jx_error *err, const char *target, const char *what)
{
    jx_error_set(err, JX_ERR_IO, 0, "%s: %s%s%s", target, what, errno ? ": " : "",
                 errno ? strerror(errno) : "");
    return JX_ERR_IO;
}

/*
 * Writes a file safely: `write` fills a temporary file beside `target` that
 * only this call can have made (unpredictable name, created exclusively,
 * never through a link), given to it by a name that reaches that file
 * whatever becomes of the temporary's name (/proc/self/fd/N); then it is
 * given the mode a new file gets, synced and renamed. On failure nothing is
 * left. A writer's error is said of the target, except a JX_ERR_FORMAT,
 * which names its own file and line (a template's).
 */
jx_status jx_write_file_safely(const char *target, jx_file_writer write, void *ctx,
                               jx_error *err)
{
    jx_error scratch;
    if (err == NULL)
        err = &scratch;
    const char *slash = strrchr(target, '/');
    size_t dir_len = slash ? (size_t)(slash - target) : 0;
    char *temp = malloc(dir_len + 32);
    if (temp == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    /* Short, whatever the target's length: a long name still fits NAME_MAX. */
    snprintf(temp, dir_len + 32, "%.*s%s.jixiao-XXXXXX", (int)dir_len, target, slash ? "/" : "");
    int fd = mkstemp(temp); /* O_CREAT|O_EXCL: never opens a planted file or link */
    if (fd < 0) {
        jx_status st = io_error(err, target, "cannot create a temporary file beside it");
        free(temp);
        return st;
    }
    /*
     * libxlsxwriter opens its output by name; /proc/self/fd/N names the file
     * this descriptor holds, not whatever the temporary's name points to by now.
     */
    char through_fd[64];
    snprintf(through_fd, sizeof through_fd, "/proc/self/fd/%d", fd);
    struct stat st_fd;
    bool proc = access(through_fd, W_OK) == 0;
    jx_status st = write(proc ? through_fd : temp, ctx, err);
    if (st != JX_OK) {
        /* A template error names its own file and line; others concern the target. */
        if (st != JX_ERR_FORMAT) {
            char reason[sizeof err->message];
            snprintf(reason, sizeof reason, "%s", err->message);
            jx_error_set(err, st, 0, "%s: %s", target, reason);
        }
    } else if (fchmod(fd, new_file_mode()) != 0 || fsync(fd) != 0) {
        st = io_error(err, target, "cannot write the file");
    } else {
        /* What is renamed must still be the file written: a regular file, ours. */
        struct stat st_name;
        if (fstat(fd, &st_fd) != 0 || lstat(temp, &st_name) != 0 || !S_ISREG(st_name.st_mode)
            || st_name.st_dev != st_fd.st_dev || st_name.st_ino != st_fd.st_ino) {
            errno = 0;
            st = io_error(err, target, "the temporary file was replaced while it was written");
        } else if (rename(temp, target) != 0) {
            st = io_error(err, target, "cannot rename the temporary file");
        }
    }
    if (st != JX_OK) {
        /* Remove our temporary only: if its name was taken over, leave it be. */
        struct stat st_name;
        if (fstat(fd, &st_fd) == 0 && lstat(temp, &st_name) == 0
            && st_name.st_dev == st_fd.st_dev && st_name.st_ino == st_fd.st_ino)
            unlink(temp);
    }
    close(fd);
    if (st == JX_OK && dir_len > 0) {
        /* The rename itself is durable once the directory is synced. */
        temp[dir_len] = '\0';
        int dfd = open(temp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    free(temp);
    return st;
}

bool jx_same_file(const char *a, const char *b)
{
    return same_id(id_of(a), id_of(b));
}

/* What jx_write_workbook_file hands jx_write_file_safely. */
typedef struct {
    const jx_report *report;
    const jx_templates *templates;
    jx_workbook_notes *notes;
} workbook_job;

static jx_status write_workbook(const char *path, void *ctx, jx_error *err)
{
    const workbook_job *job = ctx;
    return jx_write_workbook(path, job->report, job->templates, job->notes, err);
}

jx_status jx_write_workbook_file(const jx_report *report, const char *target,
                                 const jx_templates *templates, jx_workbook_notes *notes,
                                 jx_error *err)
{
    if (jx_same_file(target, report->doc->name)) {
        errno = 0;
        return io_error(err, target, "the workbook would overwrite the input");
    }
    workbook_job job = {report, templates, notes};
    return jx_write_file_safely(target, write_workbook, &job, err);
}
