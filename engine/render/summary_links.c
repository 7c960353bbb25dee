/*
 * summary_links.c — a document's workbook as the summary links it
 * (summary_xlsx.h): a path relative to the summary's own folder
 * (../out/x.xlsx), so that the summary and the workbooks, moved or copied
 * together, still open one another. A folder is resolved (realpath) where
 * it exists, else made absolute from its text alone.
 */
/* realpath (an XSI function; the build asks for POSIX 2008 only) */
#define _XOPEN_SOURCE 700

#include "summary_xlsx.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* A link Excel opens holds 2,079 characters at most, escapes counted: kept
 * under that with room to spare. */
#define URL_MAX 2000

/* The working folder, malloc'd; NULL when it cannot be had. */
static char *working_folder(void)
{
    for (size_t size = PATH_MAX;; size *= 2) {
        char *buf = malloc(size);
        if (buf == NULL)
            return NULL;
        if (getcwd(buf, size) != NULL)
            return buf;
        free(buf);
        if (errno != ERANGE || size > ((size_t)1 << 20))
            return NULL;
    }
}

/* `path` absolute, ".", ".." and repeated slashes resolved by the text alone;
 * malloc'd, NULL when memory runs out or there is no working folder. */
static char *absolute_by_text(const char *path)
{
    char *cwd = path[0] == '/' ? NULL : working_folder();
    if (path[0] != '/' && cwd == NULL)
        return NULL;
    size_t n = (cwd ? strlen(cwd) + 1 : 0) + strlen(path);
    char *joined = malloc(n + 1), *out = malloc(n + 2);
    if (joined == NULL || out == NULL) {
        free(cwd);
        free(joined);
        free(out);
        return NULL;
    }
    snprintf(joined, n + 1, "%s%s%s", cwd ? cwd : "", cwd ? "/" : "", path);
    free(cwd);
    size_t len = 0;
    for (const char *p = joined; *p;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t k = (size_t)(end - p);
        if (k == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else if (k > 0 && !(k == 1 && p[0] == '.')) {
            out[len++] = '/';
            memcpy(out + len, p, k);
            len += k;
        }
        p = end;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    free(joined);
    return out;
}

/* A folder absolute: resolved when it exists, else by its text; malloc'd. */
static char *absolute_folder(const char *dir)
{
    char *real = realpath(dir, NULL);
    return real ? real : absolute_by_text(dir);
}

bool jx_summary_links_open(summary_links *l, const char *target)
{
    memset(l, 0, sizeof *l);
    jx_buf_init(&l->url);
    const char *slash = strrchr(target, '/');
    char *dir = slash ? strndup(target, slash == target ? 1 : (size_t)(slash - target))
                      : strdup(".");
    if (dir == NULL)
        return false;
    l->dir = absolute_folder(dir); /* NULL without a working folder: no links then */
    free(dir);
    return true;
}

void jx_summary_links_close(summary_links *l)
{
    free(l->dir);
    free(l->last_dir);
    free(l->last_real);
    jx_buf_free(&l->url);
    memset(l, 0, sizeof *l);
}

/* Whether text can stand in a link: UTF-8 without control characters. */
static bool linkable(const char *text)
{
    size_t n = strlen(text);
    if (n == 0 || !jx_utf8_valid((const unsigned char *)text, n, NULL))
        return false;
    for (const char *p = text; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* The resolved folder of a workbook's folder text, kept for the next row
 * (a run's workbooks share one). NULL when memory runs out. */
static const char *resolved(summary_links *l, const char *dir, size_t len)
{
    if (l->last_dir && strlen(l->last_dir) == len && memcmp(l->last_dir, dir, len) == 0)
        return l->last_real;
    free(l->last_dir);
    free(l->last_real);
    l->last_dir = strndup(dir, len);
    l->last_real = l->last_dir ? absolute_folder(len ? l->last_dir : ".") : NULL;
    if (l->last_real == NULL) {
        free(l->last_dir);
        l->last_dir = NULL;
    }
    return l->last_real;
}

/* Appends a part of a path as a link holds it: % and # escaped, which
 * libxlsxwriter would otherwise take for an escape and a place. */
static void append_part(jx_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%')
            jx_buf_puts(out, "%25");
        else if (s[i] == '#')
            jx_buf_puts(out, "%23");
        else
            jx_buf_append(out, s + i, 1);
    }
}

/* The link's length as Excel counts it: characters, an escaped one as three. */
static size_t url_length(const char *url)
{
    size_t n = 0;
    for (const char *p = url; *p;) {
        uint32_t cp;
        size_t k = jx_utf8_next(p, strlen(p), &cp);
        bool plain = cp >= 0x80 || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')
                     || (cp >= 'A' && cp <= 'Z') || strchr("-_.~/:%", (int)cp) != NULL;
        n += plain ? 1 : 3;
        p += k;
    }
    return n;
}

const char *jx_summary_link(summary_links *l, const char *path)
{
    if (l->dir == NULL || path == NULL || !linkable(path))
        return NULL;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (*base == '\0')
        return NULL;
    size_t dir_len = slash ? (slash == path ? 1 : (size_t)(slash - path)) : 0;
    const char *to = resolved(l, path, dir_len);
    if (to == NULL)
        return NULL;
    /* The folders' common part, whole names only (the root as ""). */
    const char *from = strcmp(l->dir, "/") == 0 ? "" : l->dir;
    if (strcmp(to, "/") == 0)
        to = "";
    size_t common = 0;
    for (size_t i = 0;; i++) {
        bool end_from = from[i] == '\0' || from[i] == '/', end_to = to[i] == '\0' || to[i] == '/';
        if (end_from && end_to)
            common = i;
        if (from[i] == '\0' || to[i] == '\0' || from[i] != to[i])
            break;
    }
    jx_buf *u = &l->url;
    jx_buf_clear(u);
    jx_buf_puts(u, "external:");
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            jx_buf_puts(u, "../");
    const char *rest = to + common;
    while (*rest == '/')
        rest++;
    append_part(u, rest, strlen(rest));
    if (*rest)
        jx_buf_puts(u, "/");
    append_part(u, base, strlen(base));
    if (u->failed || url_length(u->data + strlen("external:")) > URL_MAX)
        return NULL;
    return u->data;
}
