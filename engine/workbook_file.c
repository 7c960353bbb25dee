/*
 * workbook_file.c — where a workbook goes: a safe name beside the others in
 * the output directory, written under a temporary name and renamed when
 * complete, so an interrupted run leaves no half-written file and an input is
 * never overwritten.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void jx_workbook_name(const char *input, char *out, size_t size)
{
    if (size < 7) {
        if (size)
            out[0] = '\0';
        return;
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
}

static bool same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

jx_status jx_write_workbook_file(const jx_report *report, const char *input,
                                 const char *out_dir, const char *templates_dir,
                                 char *written, size_t written_size, jx_error *err)
{
    char name[512], target[4096], temp[4096 + 64];
    jx_workbook_name(input, name, sizeof name);
    if ((size_t)snprintf(target, sizeof target, "%s/%s", out_dir, name) >= sizeof target) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: output path too long", out_dir);
        return JX_ERR_IO;
    }
    if (written_size)
        snprintf(written, written_size, "%s", target);
    if (same_file(target, input)) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: the workbook would overwrite the input", target);
        return JX_ERR_IO;
    }
    snprintf(temp, sizeof temp, "%s/.%s.%ld.tmp", out_dir, name, (long)getpid());
    jx_status st = jx_write_workbook(temp, report, templates_dir, err);
    if (st != JX_OK) {
        unlink(temp);
        /* A template error names its own file and line; others concern the target. */
        if (st != JX_ERR_FORMAT) {
            char reason[sizeof err->message];
            snprintf(reason, sizeof reason, "%s", err->message);
            jx_error_set(err, st, 0, "%s: %s", target, reason);
        }
        return st;
    }
    if (rename(temp, target) != 0) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: %s", target, strerror(errno));
        unlink(temp);
        return JX_ERR_IO;
    }
    return JX_OK;
}
