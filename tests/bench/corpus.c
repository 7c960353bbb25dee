/*
 * corpus — deterministic benchmark corpus generator.
 *
 *   corpus SRC_DIR OUT_DIR N
 *
 * Reads the *.txt files of SRC_DIR (sorted by name) and writes OUT_DIR/doc_000000.txt …
 * doc_<N-1>.txt, cycling through the sources. Each document is varied with a
 * PRNG seeded by its index, so the same arguments always give byte-identical
 * output and any document can be regenerated on its own:
 *   - every ASCII digit is replaced by a pseudo-random digit; the first digit
 *     of a run stays non-zero when it was, so numbers keep their width and
 *     separators (',', '.', '%', TAB, LF) are untouched: tables keep their shape;
 *   - the seed documents' place names are replaced by one county name per
 *     document, so unit names differ between documents.
 * Exit status: 0 on success, 2 on any error (message on stderr).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The place names that occur in tests/samples; longest first would matter
 * only if one were a prefix of another, which none is. */
static const char *const seed_places[] = {
    "西宁市城中区", "神木市", "镇安县", "孟州市", "汉阴县",
};

/* Replacements of varied byte length, so offsets shift between documents. */
static const char *const counties[] = {
    "府谷县", "靖边县", "定边县", "米脂县", "佳县",   "吴堡县", "清涧县",
    "子洲县", "榆林市横山区", "宁陕县", "石泉县", "紫阳县", "岚皋县",
    "平利县", "旬阳市", "白河县", "沁阳市", "温县",   "大通回族土族自治县",
    "西宁市城北区",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
    char *name;
    unsigned char *data;
    size_t len;
} source;

typedef struct {
    unsigned char *data;
    size_t len, cap;
} outbuf;

static void die(const char *what, const char *path)
{
    fprintf(stderr, "corpus: %s %s: %s\n", what, path, strerror(errno));
    exit(2);
}

static void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL) {
        fprintf(stderr, "corpus: out of memory\n");
        exit(2);
    }
    return q;
}

/* ------------------------------------------------------------------ PRNG */

/* splitmix64 turns a small seed (0, 1, 2 …) into a well-mixed, non-zero
 * xorshift state; xorshift64* then gives the stream. */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static unsigned random_below(uint64_t *state, unsigned n)
{
    return (unsigned)((next_random(state) >> 32) % n);
}

/* ------------------------------------------------------------------ input */

static int has_txt_suffix(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

static int compare_sources(const void *a, const void *b)
{
    return strcmp(((const source *)a)->name, ((const source *)b)->name);
}

static void read_file(const char *path, source *src)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        die("cannot open", path);
    size_t cap = 65536, len = 0;
    unsigned char *data = xrealloc(NULL, cap);
    size_t got;
    while ((got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            data = xrealloc(data, cap *= 2);
    }
    if (ferror(f))
        die("cannot read", path);
    fclose(f);
    src->data = data;
    src->len = len;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = xrealloc(NULL, n);
    snprintf(path, n, "%s/%s", dir, name);
    return path;
}

/* Loads every *.txt of dir, sorted by name; returns the count. */
static size_t load_sources(const char *dir, source **out)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        die("cannot open directory", dir);
    source *srcs = NULL;
    size_t n = 0;
    struct dirent *ent;
    errno = 0;
    while ((ent = readdir(d)) != NULL) {
        if (has_txt_suffix(ent->d_name)) {
            srcs = xrealloc(srcs, (n + 1) * sizeof *srcs);
            srcs[n].name = join_path(dir, ent->d_name);
            n++;
        }
        errno = 0;
    }
    if (errno != 0)
        die("cannot read directory", dir);
    closedir(d);
    qsort(srcs, n, sizeof *srcs, compare_sources);
    for (size_t i = 0; i < n; i++)
        read_file(srcs[i].name, &srcs[i]);
    *out = srcs;
    return n;
}

/* ------------------------------------------------------------------ output */

static void out_append(outbuf *out, const void *s, size_t n)
{
    if (out->len + n > out->cap) {
        while (out->len + n > out->cap)
            out->cap = out->cap ? out->cap * 2 : 65536;
        out->data = xrealloc(out->data, out->cap);
    }
    memcpy(out->data + out->len, s, n);
    out->len += n;
}

static void write_file(const char *path, const outbuf *out)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        die("cannot create", path);
    if (fwrite(out->data, 1, out->len, f) != out->len || fflush(f) != 0)
        die("cannot write", path);
    if (fclose(f) != 0)
        die("cannot write", path);
}

/* ------------------------------------------------------------------ variation */

/* Length of the seed place name starting at p, 0 if none does. */
static size_t place_at(const unsigned char *p, size_t avail)
{
    for (size_t i = 0; i < COUNT(seed_places); i++) {
        size_t n = strlen(seed_places[i]);
        if (n <= avail && memcmp(p, seed_places[i], n) == 0)
            return n;
    }
    return 0;
}

/* Copies the digit run at p with every digit replaced; returns its length. */
static size_t vary_digits(const unsigned char *p, size_t avail, uint64_t *rng,
                          outbuf *out)
{
    size_t n = 0;
    while (n < avail && p[n] >= '0' && p[n] <= '9') {
        char c;
        if (n == 0 && p[0] != '0')
            c = (char)('1' + random_below(rng, 9)); /* no new leading zero */
        else
            c = (char)('0' + random_below(rng, 10));
        out_append(out, &c, 1);
        n++;
    }
    return n;
}

/* Builds document `index` from src into out. ASCII digits and the place
 * names are never part of a multi-byte UTF-8 sequence, so a byte scan is
 * safe. */
static void vary_document(const source *src, uint64_t index, outbuf *out)
{
    uint64_t rng = splitmix64(index);
    if (rng == 0)
        rng = 1; /* xorshift must not start at zero */
    const char *county = counties[random_below(&rng, COUNT(counties))];
    size_t county_len = strlen(county);

    out->len = 0;
    size_t i = 0;
    while (i < src->len) {
        const unsigned char *p = src->data + i;
        size_t avail = src->len - i;
        size_t n;
        if (*p >= '0' && *p <= '9') {
            i += vary_digits(p, avail, &rng, out);
        } else if (*p >= 0x80 && (n = place_at(p, avail)) > 0) {
            out_append(out, county, county_len);
            i += n;
        } else {
            out_append(out, p, 1);
            i++;
        }
    }
}

/* ------------------------------------------------------------------ main */

static unsigned long parse_count(const char *s)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || n > 100000000ul) {
        fprintf(stderr, "corpus: N must be a number 0..100000000, not '%s'\n", s);
        exit(2);
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: corpus SRC_DIR OUT_DIR N\n");
        return 2;
    }
    unsigned long ndocs = parse_count(argv[3]);
    source *srcs;
    size_t nsrcs = load_sources(argv[1], &srcs);
    if (nsrcs == 0) {
        fprintf(stderr, "corpus: no *.txt files in %s\n", argv[1]);
        return 2;
    }
    if (mkdir(argv[2], 0777) != 0 && errno != EEXIST)
        die("cannot create directory", argv[2]);

    outbuf out = {0};
    char name[32];
    for (unsigned long i = 0; i < ndocs; i++) {
        vary_document(&srcs[i % nsrcs], i, &out);
        snprintf(name, sizeof name, "doc_%06lu.txt", i);
        char *path = join_path(argv[2], name);
        write_file(path, &out);
        free(path);
    }

    free(out.data);
    for (size_t i = 0; i < nsrcs; i++) {
        free(srcs[i].name);
        free(srcs[i].data);
    }
    free(srcs);
    return 0;
}
