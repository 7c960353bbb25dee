/*
 * fingerprint.c — the rules key of a run (jx_rules_fingerprint): one SHA-256
 * over everything besides a document's bytes and jixiao's version that
 * decides its findings, so a findings database can tell a document checked
 * alike before from one to check again.
 *
 * Hashed, in this order, each file as its label, its name, its length and its
 * bytes (so no two lists of files hash alike):
 *   - the --rules choice as given ("auto", a name, or a path);
 *   - a choice that is a path (NAME.ini): that file, and every *.ini beside
 *     it, where its bases are looked for first;
 *   - every *.ini of rules_dir (the sets `auto` picks from and bases), in
 *     byte order of their names;
 *   - rules_dir/JX_GAZETTEER_FILE, or a mark that there is none (a pick then
 *     goes by words alone);
 *   - when forms_dir is given, every .ini file of forms_dir in byte order.
 * A directory's entries that are hidden or not regular files are none of its
 * rule sets (jx_rules_list skips them too). A file that is listed but cannot
 * be read, or a directory that cannot be listed, is JX_ERR_IO naming it.
 */
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_RULES_DIR "rules"
/* A rule file, the gazetteer or a form larger than this is not one. */
#define FINGERPRINT_FILE_LIMIT ((size_t)256 * 1024 * 1024)

/* The label, a NUL, the text and a NUL: one field of the hashed stream. */
static void hash_field(struct sha256_ctx *ctx, const char *label, const char *text)
{
    sha256_update(ctx, strlen(label) + 1, (const uint8_t *)label);
    sha256_update(ctx, strlen(text) + 1, (const uint8_t *)text);
}

/* path joined as dir/name, malloc'd; NULL when memory runs out. */
static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path != NULL)
        snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static jx_status out_of_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

/* Hashes one file: its label, name, length and bytes. */
static jx_status hash_file(struct sha256_ctx *ctx, const char *label, const char *name,
                           const char *path, jx_error *err)
{
    unsigned char *bytes;
    size_t size;
    jx_error why = {0};
    jx_status status = jx_read_file(path, FINGERPRINT_FILE_LIMIT, &bytes, &size, &why);
    if (status != JX_OK) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: cannot be read for the rules key: %s", path,
                     why.message);
        return JX_ERR_IO;
    }
    char length[32];
    snprintf(length, sizeof length, "%zu", size);
    hash_field(ctx, label, name);
    hash_field(ctx, "length", length);
    sha256_update(ctx, size, bytes);
    free(bytes);
    return JX_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The *.ini regular files of dir, sorted by name (bytes). */
static jx_status ini_files(const char *dir, char ***out, size_t *count, jx_error *err)
{
    *out = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: cannot be listed for the rules key: %s", dir,
                     strerror(errno));
        return JX_ERR_IO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    jx_status status = JX_OK;
    const struct dirent *entry;
    while (status == JX_OK && (entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        if (name[0] == '.' || !jx_ends_with(name, ".ini"))
            continue;
        char *path = join(dir, name);
        struct stat sb;
        bool regular = path != NULL && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        free(path);
        if (path == NULL) {
            status = out_of_memory(err);
        } else if (regular) {
            if (n == cap) {
                size_t more = cap ? cap * 2 : 32;
                char **grown = realloc(names, more * sizeof *grown);
                if (grown == NULL) {
                    status = out_of_memory(err);
                    break;
                }
                names = grown;
                cap = more;
            }
            if ((names[n] = strdup(name)) == NULL)
                status = out_of_memory(err);
            else
                n++;
        }
    }
    closedir(d);
    if (status != JX_OK) {
        free_names(names, n);
        return status;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, compare_names);
    *out = names;
    *count = n;
    return JX_OK;
}

/* Hashes every *.ini of dir, in order, under label. */
static jx_status hash_folder(struct sha256_ctx *ctx, const char *label, const char *dir,
                             jx_error *err)
{
    char **names;
    size_t n;
    jx_status status = ini_files(dir, &names, &n, err);
    if (status != JX_OK)
        return status;
    hash_field(ctx, "folder", label);
    for (size_t i = 0; status == JX_OK && i < n; i++) {
        char *path = join(dir, names[i]);
        status = path ? hash_file(ctx, label, names[i], path, err) : out_of_memory(err);
        free(path);
    }
    char files[32];
    snprintf(files, sizeof files, "%zu", n);
    hash_field(ctx, "files", files);
    free_names(names, n);
    return status;
}

/* The directory part of a path ("." when none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (dir != NULL) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    return dir;
}

static jx_status hash_gazetteer(struct sha256_ctx *ctx, const char *rules_dir, jx_error *err)
{
    char *path = join(rules_dir, JX_GAZETTEER_FILE);
    if (path == NULL)
        return out_of_memory(err);
    struct stat sb;
    jx_status status = JX_OK;
    if (stat(path, &sb) != 0 && errno == ENOENT)
        hash_field(ctx, "gazetteer", "(none)"); /* the pick counts words alone */
    else
        status = hash_file(ctx, "gazetteer", JX_GAZETTEER_FILE, path, err);
    free(path);
    return status;
}

jx_status jx_rules_fingerprint(const char *rules_choice, const char *rules_dir,
                               const char *forms_dir, char out[JX_SHA256_HEX], jx_error *err)
{
    static const char hex[] = "0123456789abcdef";
    out[0] = '\0';
    const char *choice = rules_choice != NULL ? rules_choice : "";
    const char *dir = rules_dir != NULL ? rules_dir : DEFAULT_RULES_DIR;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    hash_field(&ctx, "jixiao rules key", "1");
    hash_field(&ctx, "choice", choice);
    jx_status status = JX_OK;
    if (jx_ends_with(choice, ".ini")) { /* a rule set given by path, its bases beside it */
        char *own = dir_of(choice);
        status = own == NULL ? out_of_memory(err) : hash_file(&ctx, "chosen", choice, choice, err);
        if (status == JX_OK)
            status = hash_folder(&ctx, "beside", own, err);
        free(own);
    }
    if (status == JX_OK)
        status = hash_folder(&ctx, "rules", dir, err);
    if (status == JX_OK)
        status = hash_gazetteer(&ctx, dir, err);
    if (status == JX_OK && forms_dir != NULL)
        status = hash_folder(&ctx, "forms", forms_dir, err);
    if (status != JX_OK)
        return status;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[2 * sizeof digest] = '\0';
    return JX_OK;
}
