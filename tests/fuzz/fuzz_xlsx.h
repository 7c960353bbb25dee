/*
 * fuzz_xlsx.h — the workbook oracle and the file system around it, for the
 * targets that write workbooks (fuzz_workbook.c, fuzz_rules.c,
 * fuzz_template.c). Include fuzz_oracle.h first. Link with
 * `pkg-config --libs libxml-2.0 libzip`.
 *
 *   check_xlsx(path): the file is a consistent ZIP archive holding
 *       [Content_Types].xml, _rels/.rels and xl/workbook.xml, and EVERY part
 *       whose name ends in .xml, .rels or .vml is well-formed XML 1.0 with
 *       well-formed namespaces to libxml2 (no recovery, no network): a
 *       control character, U+FFFE or U+FFFF, a stray & or < or a byte that
 *       is not UTF-8 in any string the workbook carries aborts the run.
 *
 *   fuzz_root(): the repository root, from $JX_FUZZ_ROOT ("." when unset):
 *       rules/, templates/ and tests/fuzz/fixed/ are found under it.
 *   fuzz_workdir(): a private directory made once per process under
 *       $TMPDIR (/tmp), removed at exit; fuzz_subdir() makes one inside it.
 */
#ifndef JX_FUZZ_XLSX_H
#define JX_FUZZ_XLSX_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <zip.h>

#define FUZZ_PATH_MAX 4096

/* ------------------------------------------------------------ files */

static inline const char *fuzz_root(void)
{
    const char *root = getenv("JX_FUZZ_ROOT");
    return root != NULL && root[0] != '\0' ? root : ".";
}

/* root/rel into out (static storage of the caller). */
static inline void fuzz_path(char *out, size_t size, const char *rel)
{
    int n = snprintf(out, size, "%s/%s", fuzz_root(), rel);
    require(n > 0 && (size_t)n < size, "harness path fits");
}

/* The whole file, NUL-terminated; the harness cannot run without it. */
static inline char *fuzz_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: %s: %s (set JX_FUZZ_ROOT to the repository)\n", FUZZ_NAME,
                path, strerror(errno));
        exit(2);
    }
    size_t cap = 65536, n = 0, got;
    char *data = malloc(cap + 1);
    require(data != NULL, "memory");
    while ((got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            data = realloc(data, cap + 1);
            require(data != NULL, "memory");
        }
    }
    require(!ferror(f), "harness file read");
    fclose(f);
    data[n] = '\0';
    if (len != NULL)
        *len = n;
    return data;
}

static inline void fuzz_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    require(f != NULL, "harness can create its files");
    require(len == 0 || fwrite(data, 1, len, f) == len, "harness file written");
    require(fclose(f) == 0, "harness file closed");
}

/* Removes every entry of dir, emptying and removing subdirectories;
 * returns how many entries dir held. */
static inline size_t fuzz_clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    require(d != NULL, "harness work directory readable");
    size_t n = 0;
    struct dirent *e;
    char path[FUZZ_PATH_MAX];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int len = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        require(len > 0 && (size_t)len < sizeof path, "harness path fits");
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            fuzz_clear_dir(path);
            rmdir(path);
        } else {
            unlink(path);
        }
        n++;
    }
    closedir(d);
    return n;
}

static char fuzz_workdir_path[FUZZ_PATH_MAX];

static inline void fuzz_workdir_remove(void)
{
    if (fuzz_workdir_path[0] != '\0') {
        fuzz_clear_dir(fuzz_workdir_path);
        rmdir(fuzz_workdir_path);
    }
}

/* The process's private directory, made on first use. */
static inline const char *fuzz_workdir(void)
{
    if (fuzz_workdir_path[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(fuzz_workdir_path, sizeof fuzz_workdir_path, "%s/jixiao-%s-XXXXXX",
                 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", FUZZ_NAME);
        require(mkdtemp(fuzz_workdir_path) != NULL, "harness can make a temporary directory");
        atexit(fuzz_workdir_remove);
    }
    return fuzz_workdir_path;
}

/* workdir/name as a directory, made when missing; out has FUZZ_PATH_MAX bytes. */
static inline void fuzz_subdir(char *out, const char *name)
{
    int n = snprintf(out, FUZZ_PATH_MAX, "%s/%s", fuzz_workdir(), name);
    require(n > 0 && n < FUZZ_PATH_MAX, "harness path fits");
    require(mkdir(out, 0700) == 0 || errno == EEXIST, "harness can make a directory");
}

/* ------------------------------------------------------------ writing */

/* `jixiao score` for one input: the workbook named after `input` in out_dir;
 * its path goes to written (FUZZ_PATH_MAX bytes). */
static inline jx_status fuzz_write_workbook_file(const jx_report *report, const char *input,
                                                 const char *out_dir,
                                                 const jx_templates *templates,
                                                 char *written, jx_error *err)
{
    char **targets = NULL;
    jx_status st = jx_workbook_plan(&input, 1, out_dir, &targets, err);
    if (st != JX_OK) {
        written[0] = '\0';
        return st;
    }
    require(targets != NULL && targets[0] != NULL, "a plan names a workbook per input");
    snprintf(written, FUZZ_PATH_MAX, "%s", targets[0]);
    jx_workbook_notes notes;
    memset(&notes, 0, sizeof notes);
    st = jx_write_workbook_file(report, targets[0], templates, &notes, err);
    jx_workbook_plan_free(targets, 1);
    return st;
}

/* ------------------------------------------------------------ XML oracle */

static int xml_errors;
static const char *xml_part;

#if LIBXML_VERSION >= 21200
static void xml_error(void *ctx, const xmlError *e)
#else
static void xml_error(void *ctx, xmlErrorPtr e)
#endif
{
    (void)ctx;
    if (e == NULL || e->level < XML_ERR_ERROR)
        return;
    xml_errors++;
    fprintf(stderr, "%s: %s:%d: XML error %d: %s", FUZZ_NAME, xml_part ? xml_part : "?",
            e->line, e->code, e->message ? e->message : "(no message)\n");
}

static inline bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static inline void check_xml_part(const char *name, const char *data, size_t len)
{
    require(len < (size_t)1 << 30, "XML part below 1 GiB");
    xml_errors = 0;
    xml_part = name;
    xmlSetStructuredErrorFunc(NULL, xml_error);
    xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET);
    if (doc == NULL || xml_errors > 0)
        fprintf(stderr, "%s: workbook part %s is not well-formed XML\n", FUZZ_NAME, name);
    require(doc != NULL && xml_errors == 0, "every XML part of a workbook is well-formed");
    xmlFreeDoc(doc);
    xml_part = NULL;
}

/* Opens the workbook at path and parses every XML part of it. */
static inline void check_xlsx(const char *path)
{
    static bool xml_ready;
    if (!xml_ready) {
        xmlInitParser();
        xml_ready = true;
    }
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (z == NULL) {
        fprintf(stderr, "%s: %s: not a consistent ZIP archive (libzip error %d)\n", FUZZ_NAME,
                path, zerr);
        abort();
    }
    zip_int64_t n = zip_get_num_entries(z, 0);
    bool content_types = false, rels = false, workbook = false;
    size_t sheets = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        require(zip_stat_index(z, (zip_uint64_t)i, 0, &st) == 0 &&
                    (st.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE)) ==
                        (ZIP_STAT_NAME | ZIP_STAT_SIZE),
                "ZIP entry has a name and a size");
        const char *name = st.name;
        content_types = content_types || strcmp(name, "[Content_Types].xml") == 0;
        rels = rels || strcmp(name, "_rels/.rels") == 0;
        workbook = workbook || strcmp(name, "xl/workbook.xml") == 0;
        sheets += strncmp(name, "xl/worksheets/sheet", 19) == 0 && ends_with(name, ".xml");
        if (!ends_with(name, ".xml") && !ends_with(name, ".rels") && !ends_with(name, ".vml"))
            continue;
        require(st.size < (zip_uint64_t)1 << 30, "XML part below 1 GiB");
        size_t len = (size_t)st.size;
        char *data = malloc(len + 1);
        require(data != NULL, "memory");
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        require(f != NULL, "ZIP entry opens");
        require(zip_fread(f, data, len) == (zip_int64_t)len, "ZIP entry reads whole");
        require(zip_fclose(f) == 0, "ZIP entry's checksum matches");
        check_xml_part(name, data, len);
        free(data);
    }
    require(content_types && rels && workbook, "workbook has its package parts");
    require(sheets > 0, "workbook has a worksheet");
    zip_discard(z);
}

#endif /* JX_FUZZ_XLSX_H */
