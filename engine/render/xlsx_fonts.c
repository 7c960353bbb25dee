/*
 * xlsx_fonts.c — what libxlsxwriter cannot declare of a font: its character
 * set. A template's face (宋体) is declared with the script it is for
 * (<charset val="134"/>, GB2312), so a viewer without the face stands in one
 * for Chinese, not a Japanese sans. libxlsxwriter 1.1.4 keeps
 * format_set_font_charset but writes nothing; so once the workbook is
 * closed, its xl/styles.xml gets the declaration after each such font's
 * <family>, the archive copied through memory (libzip) and written back
 * over the same file, which the caller holds open (workbook_file.c): the
 * file is rewritten, never replaced.
 */
#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#define STYLES "xl/styles.xml"

void jx_xlsx_note_font(writer *w, const jx_template *t)
{
    for (size_t i = 0; i < w->nfonts; i++)
        if (strcmp(w->fonts[i].name, t->font_name) == 0)
            return;
    if (w->nfonts == FONTS_MAX)
        return; /* more faces than kinds of sheets: the rest undeclared */
    snprintf(w->fonts[w->nfonts].name, sizeof w->fonts[w->nfonts].name, "%s", t->font_name);
    w->fonts[w->nfonts++].charset = t->font_charset;
}

/* The first `needle` in hay[0, n), NULL for none. */
static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

/* A face's name as an XML attribute holds it (as libxlsxwriter escapes it). */
static void attr_escaped(const char *name, jx_buf *out)
{
    for (const char *p = name; *p; p++) {
        switch (*p) {
        case '&': jx_buf_puts(out, "&amp;"); break;
        case '<': jx_buf_puts(out, "&lt;"); break;
        case '>': jx_buf_puts(out, "&gt;"); break;
        case '"': jx_buf_puts(out, "&quot;"); break;
        default: jx_buf_append(out, p, 1);
        }
    }
}

/* The charset declared for a face named in styles.xml (<name val="NAME"/>), 0 for none. */
static int charset_of(const writer *w, const char *name, size_t len)
{
    for (size_t i = 0; i < w->nfonts; i++) {
        jx_buf escaped;
        jx_buf_init(&escaped);
        jx_buf_puts(&escaped, "");
        attr_escaped(w->fonts[i].name, &escaped);
        bool same = !escaped.failed && escaped.len == len && memcmp(escaped.data, name, len) == 0;
        jx_buf_free(&escaped);
        if (same)
            return w->fonts[i].charset;
    }
    return 0;
}

/* styles.xml with <charset val="N"/> in each font of a declared face, after
 * its <family> (CT_Font's order: … name, family, charset, scheme). */
static bool add_charsets(const writer *w, const char *xml, size_t len, jx_buf *out)
{
    const char *p = xml, *end = xml + len;
    for (;;) {
        const char *font = find(p, (size_t)(end - p), "<font>");
        const char *close = font ? find(font, (size_t)(end - font), "</font>") : NULL;
        if (close == NULL)
            break;
        jx_buf_append(out, p, (size_t)(font - p));
        size_t n = (size_t)(close - font);
        const char *name = find(font, n, "<name val=\"");
        const char *name_end = name ? find(name + 11, (size_t)(close - name - 11), "\"/>") : NULL;
        int charset = name_end ? charset_of(w, name + 11, (size_t)(name_end - name - 11)) : 0;
        const char *family = find(font, n, "<family ");
        const char *after = family ? find(family, (size_t)(close - family), "/>") : NULL;
        if (charset > 0 && find(font, n, "<charset ") == NULL) {
            const char *at = after ? after + 2 : name_end + 3;
            jx_buf_append(out, font, (size_t)(at - font));
            jx_buf_printf(out, "<charset val=\"%d\"/>", charset);
            jx_buf_append(out, at, (size_t)(close - at));
        } else {
            jx_buf_append(out, font, n);
        }
        p = close;
    }
    jx_buf_append(out, p, (size_t)(end - p));
    return !out->failed;
}

/* An entry's bytes, malloc'd; NULL when it cannot be read. */
static char *read_entry(zip_t *z, zip_uint64_t i, zip_uint64_t *size)
{
    zip_stat_t st;
    if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > SIZE_MAX - 1)
        return NULL;
    char *data = malloc(st.size + 1);
    zip_file_t *f = data ? zip_fopen_index(z, i, 0) : NULL;
    if (f == NULL) {
        free(data);
        return NULL;
    }
    zip_int64_t got = zip_fread(f, data, st.size);
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(data);
        return NULL;
    }
    *size = st.size;
    return data;
}

/* The whole archive again, in memory, styles.xml declared; NULL on failure. */
static zip_source_t *rebuilt(const writer *w, zip_t *in)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *out = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    zip_error_fini(&ze);
    if (out == NULL) {
        if (src)
            zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src); /* it outlives the archive written into it */
    bool ok = true;
    zip_int64_t n = zip_get_num_entries(in, 0);
    for (zip_int64_t i = 0; ok && i < n; i++) {
        const char *name = zip_get_name(in, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (name == NULL) {
            ok = false;
            break;
        }
        if (strcmp(name, STYLES) != 0) {
            /* Another part is copied as it was compressed: never inflated,
             * so a large workbook's sheets take no memory or time here. */
            zip_source_t *same = zip_source_zip(out, in, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
            if (same == NULL || zip_file_add(out, name, same, ZIP_FL_ENC_UTF_8) < 0) {
                if (same)
                    zip_source_free(same);
                ok = false;
            }
            continue;
        }
        zip_uint64_t size = 0;
        char *data = read_entry(in, (zip_uint64_t)i, &size);
        if (data == NULL) {
            ok = false;
            break;
        }
        jx_buf styles;
        jx_buf_init(&styles);
        ok = add_charsets(w, data, (size_t)size, &styles);
        free(data);
        data = ok ? styles.data : NULL; /* the buffer's memory, handed on */
        size = styles.len;
        if (!ok)
            jx_buf_free(&styles);
        zip_source_t *entry = data ? zip_source_buffer(out, data, size, 1) : NULL;
        if (entry == NULL) {
            free(data);
            ok = false;
        } else if (zip_file_add(out, name, entry, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(entry);
            ok = false;
        }
    }
    if (!ok) {
        zip_discard(out);
        zip_source_free(src);
        return NULL;
    }
    if (zip_close(out) != 0) {
        zip_discard(out);
        zip_source_free(src);
        return NULL;
    }
    return src;
}

/* Writes the source's bytes over the file at path (truncated first). */
static bool write_over(zip_source_t *src, const char *path)
{
    zip_stat_t st;
    if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) != 0)
        return false;
    /* path is /proc/self/fd/N, the file the caller holds (a link by design), or
     * its own fresh temporary; the caller checks it is still the file written. */
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    bool ok = fd >= 0;
    char chunk[65536];
    zip_uint64_t left = st.size;
    while (ok && left > 0) {
        zip_int64_t got = zip_source_read(src, chunk, left < sizeof chunk ? left : sizeof chunk);
        if (got <= 0) {
            ok = false;
            break;
        }
        for (zip_int64_t done = 0; ok && done < got;) {
            ssize_t put = write(fd, chunk + done, (size_t)(got - done));
            if (put < 0 && errno == EINTR)
                continue;
            ok = put > 0;
            done += put > 0 ? put : 0;
        }
        left -= (zip_uint64_t)got;
    }
    zip_source_close(src);
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    return ok;
}

void jx_xlsx_declare_charsets(writer *w, const char *path)
{
    bool any = false;
    for (size_t i = 0; i < w->nfonts; i++)
        any |= w->fonts[i].charset > 0;
    if (!any || w->status != JX_OK)
        return;
    int err = 0;
    zip_t *in = zip_open(path, ZIP_RDONLY, &err);
    zip_source_t *src = in ? rebuilt(w, in) : NULL;
    bool ok = src != NULL && write_over(src, path);
    if (src)
        zip_source_free(src);
    if (in)
        zip_discard(in);
    if (!ok) {
        w->status = JX_ERR_IO;
        jx_error_set(w->err, JX_ERR_IO, 0, "declaring the fonts' character set: %s",
                     err ? "cannot read the workbook back" : "cannot rewrite the workbook");
    }
}
