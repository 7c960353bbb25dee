/*
 * file.c — reading a file jixiao is given: the one reader for documents,
 * rule sets and templates. Only a regular file is read; its size is checked
 * before reading, and at most the limit is read.
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular file is, for the message. */
static const char *file_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a plain file";
}

/* Refuses what is not a regular file; "is a directory" keeps its old words. */
static jx_status check_regular(const struct stat *sb, jx_error *err)
{
    if (S_ISREG(sb->st_mode))
        return JX_OK;
    if (S_ISDIR(sb->st_mode))
        jx_error_set(err, JX_ERR_IO, 0, "is a directory");
    else
        jx_error_set(err, JX_ERR_IO, 0, "not a regular file (%s)", file_kind(sb->st_mode));
    return JX_ERR_IO;
}

/* "512 MB", or bytes when the limit is no whole number of MB. */
static void limit_words(char *buf, size_t size, size_t limit)
{
    if (limit >= ((size_t)1 << 20) && limit % ((size_t)1 << 20) == 0)
        snprintf(buf, size, "%zu MB", limit >> 20);
    else
        snprintf(buf, size, "%zu bytes", limit);
}

static jx_status too_large(size_t limit, uintmax_t size, jx_error *err)
{
    char words[32];
    limit_words(words, sizeof words, limit);
    if (size > 0)
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "larger than %s (%ju bytes)", words, size);
    else
        jx_error_set(err, JX_ERR_TOO_LARGE, 0, "larger than %s (it grew while being read)",
                     words);
    return JX_ERR_TOO_LARGE;
}

/* Reads the open regular file fd, at most limit + 1 bytes; `hint` is its size. */
static jx_status read_fd(int fd, size_t limit, size_t hint, unsigned char **bytes, size_t *size,
                         jx_error *err)
{
    /* Room for the size fstat gave plus one byte, so one more read sees the
     * end; a file that grows is read on, but never past limit + 1 bytes. */
    size_t cap = hint < 4096 ? 4096 : hint + 1;
    if (cap > limit + 1)
        cap = limit + 1;
    unsigned char *buf = malloc(cap + 1); /* + the NUL */
    size_t len = 0;
    while (buf != NULL) {
        if (len == cap) {
            if (len > limit)
                break;
            size_t bigger = cap > (limit + 1) / 2 ? limit + 1 : cap * 2;
            unsigned char *grown = realloc(buf, bigger + 1);
            if (grown == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap = bigger;
        }
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            jx_error_set(err, JX_ERR_IO, 0, "read error: %s", strerror(errno));
            free(buf);
            return JX_ERR_IO;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    if (buf == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    if (len > limit) {
        free(buf);
        return too_large(limit, 0, err);
    }
    buf[len] = 0;
    *bytes = buf;
    *size = len;
    return JX_OK;
}

jx_status jx_read_file(const char *path, size_t limit, unsigned char **bytes, size_t *size,
                       jx_error *err)
{
    *bytes = NULL;
    *size = 0;
    if (path == NULL || limit >= SIZE_MAX - 1) {
        jx_error_set(err, JX_ERR_IO, 0, "no file or no limit");
        return JX_ERR_IO;
    }
    /* stat first, so a device is never opened (opening some has effects)... */
    struct stat sb;
    if (stat(path, &sb) != 0) {
        jx_error_set(err, JX_ERR_IO, 0, "%s", strerror(errno));
        return JX_ERR_IO;
    }
    jx_status status = check_regular(&sb, err);
    if (status != JX_OK)
        return status;
    /* ...then open without blocking (a FIFO swapped in meanwhile would wait
     * for a writer) and judge what was really opened. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        jx_error_set(err, JX_ERR_IO, 0, "%s", strerror(errno));
        return JX_ERR_IO;
    }
    int flags;
    if (fstat(fd, &sb) != 0) {
        jx_error_set(err, JX_ERR_IO, 0, "%s", strerror(errno));
        status = JX_ERR_IO;
    } else if ((status = check_regular(&sb, err)) != JX_OK) {
        /* refused: not a regular file */
    } else if (sb.st_size < 0 || (uintmax_t)sb.st_size > limit) {
        status = too_large(limit, (uintmax_t)sb.st_size, err); /* before reading a byte */
    } else if ((flags = fcntl(fd, F_GETFL)) < 0 ||
               fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        jx_error_set(err, JX_ERR_IO, 0, "%s", strerror(errno));
        status = JX_ERR_IO;
    } else {
        status = read_fd(fd, limit, (size_t)sb.st_size, bytes, size, err);
    }
    close(fd);
    return status;
}


jx_status jx_input_read(const char *path, unsigned char **bytes, size_t *len, jx_error *err)
{
    return jx_read_file(path, JX_MAX_INPUT_BYTES, bytes, len, err);
}
