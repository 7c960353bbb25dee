/*
 * zip.c — the container of .xlsx and .docx, read with libzip from memory.
 * Every part is inflated within a budget: the sizes the zip declares are
 * checked before inflating (all parts together at most
 * JX_READ_MAX_EXPANDED, each at most JX_READ_MAX_RATIO times its stored
 * size), and a part that inflates past what it declared is cut off and
 * refused, so a zip bomb or a lying header costs a bounded amount of work.
 */
#include "read.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct jx_zip {
    zip_t *archive;
    uint64_t spent;   /* bytes inflated so far, over all parts */
};

/* An OLE compound file (D0 CF 11 E0 …) that names an EncryptionInfo stream
 * (UTF-16LE in its directory): what Office makes of a workbook or document
 * saved with a password. */
/* Whether name appears in the bytes as UTF-16LE, as a compound file's directory holds it. */
static bool names_utf16(const unsigned char *bytes, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + 2 * n <= len; i++) {
        size_t k = 0;
        while (k < n && bytes[i + 2 * k] == (unsigned char)name[k] && bytes[i + 2 * k + 1] == 0)
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* One that names a Workbook or Book stream is an .xls (whose cells may say
 * EncryptionInfo): read_xls.c judges it. */
bool jx_encrypted_office_file(const unsigned char *bytes, size_t len)
{
    static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (len < sizeof ole || memcmp(bytes, ole, sizeof ole) != 0)
        return false;
    return names_utf16(bytes, len, "EncryptionInfo") && !names_utf16(bytes, len, "Workbook")
        && !names_utf16(bytes, len, "Book");
}

jx_status jx_zip_open(const unsigned char *bytes, size_t len, jx_zip **out, jx_error *err)
{
    *out = NULL;
    if (jx_encrypted_office_file(bytes, len)) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "encrypted: save it without a password first");
        return JX_ERR_FORMAT;
    }
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    zip_t *archive = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
    if (archive == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "not a readable zip: %s", zip_error_strerror(&zerr));
        if (src)
            zip_source_free(src);
        zip_error_fini(&zerr);
        return JX_ERR_FORMAT;
    }
    zip_error_fini(&zerr);
    jx_zip *zip = calloc(1, sizeof *zip);
    if (zip == NULL) {
        zip_discard(archive);
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    zip->archive = archive;
    *out = zip;
    return JX_OK;
}

bool jx_zip_has(const jx_zip *zip, const char *name)
{
    return zip_name_locate(zip->archive, name, 0) >= 0;
}

jx_status jx_zip_part(jx_zip *zip, jx_arena *arena, const char *name, char **data, size_t *len,
                      jx_error *err)
{
    *data = NULL;
    *len = 0;
    zip_int64_t index = zip_name_locate(zip->archive, name, 0);
    zip_stat_t st;
    if (index < 0 || zip_stat_index(zip->archive, (zip_uint64_t)index, 0, &st) != 0
        || !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: missing from the zip", name);
        return JX_ERR_FORMAT;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: encrypted: save it without a password first", name);
        return JX_ERR_FORMAT;
    }
    if (st.size > JX_READ_MAX_EXPANDED - zip->spent
        || (st.size > 4096 && st.size / (st.comp_size ? st.comp_size : 1) > JX_READ_MAX_RATIO)) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0,
                     "%s: expands to %llu bytes from %llu: refused as a zip bomb (at most %u MB "
                     "in all, %u times its stored size)",
                     name, (unsigned long long)st.size, (unsigned long long)st.comp_size,
                     JX_READ_MAX_EXPANDED >> 20, JX_READ_MAX_RATIO);
        return JX_ERR_TOO_LARGE;
    }
    char *buf = jx_arena_alloc(arena, (size_t)st.size + 1);
    zip_file_t *file = buf ? zip_fopen_index(zip->archive, (zip_uint64_t)index, 0) : NULL;
    if (buf == NULL) {
        jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
        return JX_ERR_NOMEM;
    }
    if (file == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: cannot be opened: %s", name,
                     zip_strerror(zip->archive));
        return JX_ERR_FORMAT;
    }
    /* Read what it declared, then one byte more: a part that inflates past
     * its declared size lies about it. */
    zip_int64_t got = zip_fread(file, buf, st.size);
    char extra;
    zip_int64_t more = got == (zip_int64_t)st.size ? zip_fread(file, &extra, 1) : 0;
    zip_fclose(file);
    if (got != (zip_int64_t)st.size || more != 0) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: corrupt (inflates to other than its declared %llu bytes)",
                     name, (unsigned long long)st.size);
        return JX_ERR_FORMAT;
    }
    buf[st.size] = '\0';
    zip->spent += st.size;
    *data = buf;
    *len = (size_t)st.size;
    return JX_OK;
}

void jx_zip_close(jx_zip *zip)
{
    if (zip == NULL)
        return;
    zip_discard(zip->archive);
    free(zip);
}
