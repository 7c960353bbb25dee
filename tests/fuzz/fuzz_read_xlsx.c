/*
 * fuzz_read_xlsx — libFuzzer target for the .xlsx reader
 * (engine/read/read_xlsx.c, with numfmt.c and zip.c under it).
 *
 * Input: the bytes of a file, handed to jx_read_xlsx as they are. A refusal
 * is fine and must say why (JX_ERR_FORMAT or JX_ERR_TOO_LARGE, a non-empty
 * UTF-8 message, no rows). A file that reads was sniffed as a workbook and
 * gives a source within the limits of read.h: rows of a sheet it names, in
 * sheet and row order, each with a cell; cells in column order, their spans
 * at least 1 and clear of the next cell, the merged area of a sheet within
 * JX_READ_MAX_CELLS, text in UTF-8 without TAB, CR or LF. No crash, leak or
 * undefined behaviour.
 *
 * Most byte mutations of a zip break a CRC and never reach the XML, so under
 * libFuzzer a custom mutator (three times in four) inflates one part, lets
 * libFuzzer mutate it and stores the zip again with valid CRCs: the input
 * is still raw bytes of a file, but the fuzzer gets past the container.
 * The fourth time the bytes themselves are mutated, for the container.
 */
#define FUZZ_NAME "fuzz_read_xlsx"
#include "fuzz_oracle.h"

#include "read.h"
#include "fuzz_source.h"

/* No character below U+0020 (a workbook's text may keep a DEL). */
static bool no_control(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20)
            return false;
    return true;
}

static void check_source(const jx_source *src)
{
    require(src->kind == JX_SOURCE_XLSX, "the source is a workbook's");
    require(utf8_string(src->note), "the note is UTF-8");
    for (size_t p = 0; p < src->nparts; p++)
        require(utf8_string(src->parts[p]), "sheet names are UTF-8");
    check_sheet_rows(src, no_control, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jx_arena *arena = jx_arena_new();
    require(arena != NULL, "an arena");
    jx_source src;
    jx_error err;
    memset(&err, 0, sizeof err);
    bool sniffed = jx_sniff_xlsx(data, size);
    jx_status st = jx_read_xlsx(arena, data, size, &src, &err);
    require(memchr(err.message, '\0', sizeof err.message) != NULL, "error message terminated");
    if (st != JX_OK) {
        require(st == JX_ERR_FORMAT || st == JX_ERR_TOO_LARGE || st == JX_ERR_NOMEM,
                "a refusal is FORMAT or TOO_LARGE");
        require(err.message[0] != '\0' && utf8_string(err.message), "a refused file says why");
        require(src.nrows == 0 && src.rows == NULL && src.nparts == 0, "a refused file has no rows");
    } else {
        require(sniffed, "a file that reads is sniffed as a workbook");
        check_source(&src);
    }
    jx_arena_free(arena);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#else
/* ------------------------------------------------------------ the mutator */

#include <zip.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define PART_MAX ((zip_uint64_t)1 << 18) /* a part is mutated only below this size */

/* Entry `index` of src, inflated (malloc'd); NULL when it cannot be. */
static uint8_t *inflate_entry(zip_t *src, zip_uint64_t index, size_t *len, size_t room)
{
    zip_stat_t st;
    if (zip_stat_index(src, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)
        || st.size > PART_MAX)
        return NULL;
    uint8_t *buf = malloc((size_t)st.size + room + 1);
    zip_file_t *f = buf ? zip_fopen_index(src, index, 0) : NULL;
    zip_int64_t got = f ? zip_fread(f, buf, st.size) : -1;
    if (f)
        zip_fclose(f);
    if (got != (zip_int64_t)st.size) {
        free(buf);
        return NULL;
    }
    *len = (size_t)st.size;
    return buf;
}

/* The zip in src again, entry `which` replaced by part[0..len), every entry
 * stored; its bytes into out (at most max), or 0. */
static size_t rezip(zip_t *src, zip_uint64_t which, const uint8_t *part, size_t len, uint8_t *out,
                    size_t max)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *dst = buf ? zip_open_from_source(buf, ZIP_TRUNCATE, &ze) : NULL;
    size_t result = 0;
    if (dst == NULL) {
        if (buf)
            zip_source_free(buf);
        zip_error_fini(&ze);
        return 0;
    }
    zip_source_keep(buf);
    zip_int64_t n = zip_get_num_entries(src, 0);
    bool ok = true;
    for (zip_int64_t i = 0; i < n && ok; i++) {
        const char *name = zip_get_name(src, (zip_uint64_t)i, 0);
        zip_source_t *s = (zip_uint64_t)i == which
                              ? zip_source_buffer(dst, part, len, 0)
                              : zip_source_zip(dst, src, (zip_uint64_t)i, 0, 0, -1);
        zip_int64_t at = name && s ? zip_file_add(dst, name, s, ZIP_FL_ENC_GUESS) : -1;
        if (at < 0) {
            if (s)
                zip_source_free(s);
            ok = false;
        } else {
            zip_set_file_compression(dst, (zip_uint64_t)at, ZIP_CM_STORE, 0);
        }
    }
    if (!ok || zip_close(dst) != 0) {
        zip_discard(dst);
        zip_source_free(buf);
        zip_error_fini(&ze);
        return 0;
    }
    zip_int64_t size = -1;
    if (zip_source_open(buf) == 0) {
        if (zip_source_seek(buf, 0, SEEK_END) == 0)
            size = zip_source_tell(buf);
        if (size > 0 && (size_t)size <= max && zip_source_seek(buf, 0, SEEK_SET) == 0
            && zip_source_read(buf, out, (zip_uint64_t)size) == size)
            result = (size_t)size;
        zip_source_close(buf);
    }
    zip_source_free(buf);
    zip_error_fini(&ze);
    return result;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (seed % 4 == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *in = zip_source_buffer_create(data, size, 0, &ze);
    zip_t *src = in ? zip_open_from_source(in, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (src == NULL) {
        if (in)
            zip_source_free(in);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    zip_int64_t n = zip_get_num_entries(src, 0);
    size_t result = 0, len = 0, room = max_size / 2 + 64;
    zip_uint64_t which = n > 0 ? (zip_uint64_t)(seed / 4) % (zip_uint64_t)n : 0;
    uint8_t *part = n > 0 ? inflate_entry(src, which, &len, room) : NULL;
    if (part != NULL) {
        len = LLVMFuzzerMutate(part, len, len + room);
        /* The zip is rebuilt in a copy: data is still src's buffer. */
        uint8_t *out = malloc(max_size);
        if (out != NULL && (result = rezip(src, which, part, len, out, max_size)) > 0) {
            zip_discard(src);
            src = NULL;
            memcpy(data, out, result);
        }
        free(out);
        free(part);
    }
    if (src != NULL)
        zip_discard(src);
    return result > 0 ? result : LLVMFuzzerMutate(data, size, max_size);
}
#endif
