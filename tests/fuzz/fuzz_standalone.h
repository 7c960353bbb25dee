/*
 * fuzz_standalone.h — a deterministic driver for any fuzz target, so a
 * sanitizer build can run it in `make test` without libFuzzer and with
 * reproducible results. Include it at the end of a target, after
 * LLVMFuzzerTestOneInput, inside #ifdef JX_FUZZ_STANDALONE.
 *
 *   TARGET FILE…         for each file: the file itself, JX_FUZZ_TRUNCATIONS
 *                        truncations and JX_FUZZ_MUTATIONS seeded mutations
 *   TARGET --once FILE…  each file exactly once, as libFuzzer replays a
 *                        reproducer (the regression inputs)
 *
 * Ends with "NAME smoke: N inputs, 0 crashes"; a crash aborts before it.
 * With $JX_FUZZ_LAST_INPUT set, each input is first written to that file,
 * so a crash leaves its reproducer there (for `TARGET --once FILE`).
 * -DJX_FUZZ_MUTATIONS=n and -DJX_FUZZ_TRUNCATIONS=n trade coverage for time
 * in slow sanitizer builds.
 */
#ifndef JX_FUZZ_STANDALONE_H
#define JX_FUZZ_STANDALONE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef JX_FUZZ_MUTATIONS
#define JX_FUZZ_MUTATIONS 500
#endif
#ifndef JX_FUZZ_TRUNCATIONS
#define JX_FUZZ_TRUNCATIONS 64
#endif
#define MAX_OPS 4

typedef struct {
    unsigned char *data;
    size_t len, cap;
} bytes;

static unsigned long long inputs_run;

static void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (q == NULL) {
        fprintf(stderr, "%s smoke: out of memory\n", FUZZ_NAME);
        exit(2);
    }
    return q;
}

/* $JX_FUZZ_LAST_INPUT: a file that holds the input being run, so a crash
 * of the smoke test leaves its reproducer behind. */
static const char *last_input_path;

static void save_input(const unsigned char *data, size_t len)
{
    FILE *f = fopen(last_input_path, "wb");
    if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        perror(last_input_path);
        exit(2);
    }
}

static void run_input(const unsigned char *data, size_t len)
{
    if (last_input_path != NULL)
        save_input(data, len);
    /* A private copy, so ASan sees any read past the input's end. */
    unsigned char *copy = xrealloc(NULL, len);
    if (len > 0)
        memcpy(copy, data, len);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    inputs_run++;
}

/* xorshift64*: fixed, portable, no rand() state shared with the library. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static size_t random_below(uint64_t *rng, size_t n)
{
    return n == 0 ? 0 : (size_t)(next_random(rng) % n);
}

/* FNV-1a of the content: each file's mutations depend on it alone, not on
 * the order of the arguments. */
static uint64_t seed_of(const unsigned char *data, size_t len)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 0x100000001B3ull;
    return h ? h : 1;
}

/*
 * Moves `at` back to the start of a UTF-8 character. One invalid byte makes
 * the decoder refuse the whole input (JX_ERR_NOT_TEXT), so edits that should
 * reach the segmenter and the renderers cut and splice only there; flips,
 * the explicit bad bytes and a few truncations still feed the decoder
 * broken sequences.
 */
static size_t char_start(const unsigned char *data, size_t len, size_t at)
{
    while (at > 0 && at < len && (data[at] & 0xC0) == 0x80)
        at--;
    return at;
}

static size_t random_position(const bytes *b, uint64_t *rng)
{
    return char_start(b->data, b->len, random_below(rng, b->len + 1));
}

static void bytes_reserve(bytes *b, size_t extra)
{
    if (b->len + extra > b->cap) {
        b->cap = (b->len + extra) * 2;
        b->data = xrealloc(b->data, b->cap);
    }
}

static void bytes_insert(bytes *b, size_t at, const void *s, size_t n)
{
    if (n == 0)
        return; /* b->data may still be NULL: no mem* calls on it */
    bytes_reserve(b, n);
    memmove(b->data + at + n, b->data + at, b->len - at);
    memcpy(b->data + at, s, n);
    b->len += n;
}

/*
 * Bytes and tokens the tokenizer, decoder, number parser and INI readers
 * care about. The hazards — footer codes, control characters, the
 * non-characters U+FFFE and U+FFFF, amounts near the int64 range — are the
 * ones that broke workbooks and sums before; tests/fuzz/regressions holds
 * one input for each.
 */
static const struct {
    const char *s;
    size_t n;
} tokens[] = {
    {"\t", 1}, {"\n", 1}, {"\r", 1}, {"\0", 1}, {"\xff", 1}, {"|", 1},
    {"\"", 1}, {",", 1}, {"\t\t\t", 3}, {"\r\n", 2}, {"\xef\xbb\xbf", 3},
    {"\xe2\x80\x94", 3} /* — */, {"%", 1}, {"1E+06", 5}, {"\xe2\x89\xa5", 3} /* ≥ */,
    {"\xe4\xb8\x87\xe5\x85\x83", 6} /* 万元 */, {"\xe4\xb8\x80", 3} /* 一 */,
    {"\xef\xbc\x91", 3} /* １ */, {"<p>", 3}, {"**", 2}, {"-", 1}, {".", 1},
    {"|---|", 5}, {"\xe7\xbb\xa9\xe6\x95\x88\xe8\x87\xaa\xe8\xaf\x84\xe8\xa1\xa8", 15}
    /* 绩效自评表 */,
    {"\xe5", 1} /* a lone UTF-8 lead byte */,
    /* INI: sections, keys, comments, inheritance, the rule files' separator */
    {"\n[", 2}, {" = ", 3}, {";", 1}, {"\ninherits = b\n", 14}, {"\n#---\n", 6},
#ifndef JX_FUZZ_NO_HAZARDS
    {"&G", 2}, {"&[Picture]", 10}, {"&", 1}, {"\x01", 1}, {"\x1f", 1},
    {"\xef\xbf\xbe", 3} /* U+FFFE */, {"\xef\xbf\xbf", 3} /* U+FFFF */,
    {"8999999999999", 13}, {"150000000000", 12},
#endif
};

static void mutate_flip(bytes *b, uint64_t *rng)
{
    if (b->len > 0)
        b->data[random_below(rng, b->len)] ^= (unsigned char)(1u << random_below(rng, 8));
}

static void mutate_insert(bytes *b, uint64_t *rng)
{
    size_t t = random_below(rng, sizeof tokens / sizeof tokens[0]);
    bytes_insert(b, random_position(b, rng), tokens[t].s, tokens[t].n);
}

static void mutate_random_byte(bytes *b, uint64_t *rng)
{
    unsigned char c = (unsigned char)next_random(rng);
    bytes_insert(b, random_position(b, rng), &c, 1);
}

/* A random whole-character span of at most `max` bytes (n may be 0). */
static void random_span(const bytes *b, uint64_t *rng, size_t max,
                        size_t *from, size_t *n)
{
    size_t start = random_position(b, rng);
    size_t room = b->len - start < max ? b->len - start : max;
    size_t end = char_start(b->data, b->len, start + random_below(rng, room + 1));
    *from = start;
    *n = end - start;
}

static void mutate_duplicate(bytes *b, uint64_t *rng)
{
    size_t from, n;
    random_span(b, rng, 4096, &from, &n);
    if (n == 0)
        return;
    size_t to = random_position(b, rng);
    unsigned char *chunk = xrealloc(NULL, n);
    memcpy(chunk, b->data + from, n);
    bytes_insert(b, to, chunk, n);
    free(chunk);
}

static void mutate_delete(bytes *b, uint64_t *rng)
{
    size_t from, n;
    random_span(b, rng, 256, &from, &n);
    if (n == 0)
        return;
    memmove(b->data + from, b->data + from + n, b->len - from - n);
    b->len -= n;
}

/* Offset of the start of line k (0-based); b->len when there is none. */
static size_t line_start(const bytes *b, size_t k)
{
    size_t i = 0;
    while (k > 0 && i < b->len) {
        const unsigned char *lf = memchr(b->data + i, '\n', b->len - i);
        if (lf == NULL)
            return b->len;
        i = (size_t)(lf - b->data) + 1;
        k--;
    }
    return i;
}

static size_t line_end(const bytes *b, size_t start)
{
    const unsigned char *lf = memchr(b->data + start, '\n', b->len - start);
    return lf ? (size_t)(lf - b->data) : b->len;
}

/* Swaps two lines (without their LFs): moves table rows into prose, headers
 * below data, continuation rows out of their table, keys out of sections. */
static void mutate_swap_lines(bytes *b, uint64_t *rng)
{
    size_t nlines = 1;
    for (size_t i = 0; i < b->len; i++)
        nlines += b->data[i] == '\n';
    size_t x = random_below(rng, nlines), y = random_below(rng, nlines);
    if (x == y)
        return;
    if (x > y) {
        size_t t = x;
        x = y;
        y = t;
    }
    size_t a0 = line_start(b, x), a1 = line_end(b, a0);
    size_t b0 = line_start(b, y), b1 = line_end(b, b0);
    bytes out = {NULL, 0, 0};
    bytes_insert(&out, out.len, b->data, a0);
    bytes_insert(&out, out.len, b->data + b0, b1 - b0);
    bytes_insert(&out, out.len, b->data + a1, b0 - a1);
    bytes_insert(&out, out.len, b->data + a0, a1 - a0);
    bytes_insert(&out, out.len, b->data + b1, b->len - b1);
    free(b->data);
    *b = out;
}

static void mutate(bytes *b, uint64_t *rng)
{
    static void (*const ops[])(bytes *, uint64_t *) = {
        mutate_flip,      mutate_insert, mutate_random_byte,
        mutate_duplicate, mutate_delete, mutate_swap_lines,
    };
    size_t nops = 1 + random_below(rng, MAX_OPS);
    for (size_t i = 0; i < nops; i++)
        ops[random_below(rng, sizeof ops / sizeof ops[0])](b, rng);
}

static void smoke_file(const unsigned char *data, size_t len)
{
    run_input(data, len);
    for (size_t k = 0; k < JX_FUZZ_TRUNCATIONS; k++) {
        size_t cut = len * k / JX_FUZZ_TRUNCATIONS;
        /* Every 4th cut may split a character: a truncated extraction. */
        run_input(data, k % 4 == 3 ? cut : char_start(data, len, cut));
    }

    uint64_t rng = seed_of(data, len);
    bytes b = {NULL, 0, 0};
    for (int m = 0; m < JX_FUZZ_MUTATIONS; m++) {
        b.len = 0;
        bytes_insert(&b, 0, data, len);
        mutate(&b, &rng);
        run_input(b.data, b.len);
    }
    free(b.data);
}

static unsigned char *smoke_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 65536, n = 0, got;
    unsigned char *data = xrealloc(NULL, cap);
    while ((got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            data = xrealloc(data, cap *= 2);
    }
    if (ferror(f)) {
        perror(path);
        exit(2);
    }
    fclose(f);
    *len = n;
    return data;
}

int main(int argc, char **argv)
{
    int first = 1;
    last_input_path = getenv("JX_FUZZ_LAST_INPUT");
    if (last_input_path != NULL && last_input_path[0] == '\0')
        last_input_path = NULL;
    bool once = argc > 1 && strcmp(argv[1], "--once") == 0;
    if (once)
        first = 2;
    if (argc <= first) {
        fprintf(stderr, "usage: %s [--once] FILE...\n", argv[0]);
        return 2;
    }
    for (int i = first; i < argc; i++) {
        size_t len;
        unsigned char *data = smoke_read_file(argv[i], &len);
        if (once) {
            fprintf(stderr, "%s smoke: %s\n", FUZZ_NAME, argv[i]);
            run_input(data, len);
        } else {
            smoke_file(data, len);
        }
        free(data);
    }
    printf("%s smoke: %llu inputs, 0 crashes\n", FUZZ_NAME, inputs_run);
    return 0;
}

#endif /* JX_FUZZ_STANDALONE_H */
