/* test_decode.c — jx_decode: encodings, line ends, refusal of binary input. */
#include "testutil.h"
#include "render.h"

#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

/* One decode's results; every test gets a fresh arena. */
typedef struct {
    jx_arena *arena;
    char *text;
    size_t len;
    jx_encoding enc;
    jx_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->arena = jx_arena_new();
    f->enc = (jx_encoding)-1; /* so a test sees whether decode set it */
    *state = f;
    return f->arena ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    jx_arena_free(f->arena);
    free(f);
    return 0;
}

/* Decodes a malloc'd copy of exactly `size` bytes, so ASan sees overreads. */
static jx_status run(fixture *f, const void *bytes, size_t size)
{
    unsigned char *copy = size ? malloc(size) : NULL;
    if (size)
        memcpy(copy, bytes, size);
    jx_status st = jx_decode(f->arena, copy, size, &f->text, &f->len, &f->enc,
                             &f->err);
    free(copy);
    return st;
}

/* Asserts a successful decode to exactly `want` in encoding `enc`. */
static void expect_text(fixture *f, const void *bytes, size_t size,
                        const char *want, jx_encoding enc)
{
    assert_int_equal(run(f, bytes, size), JX_OK);
    assert_int_equal(f->err.status, JX_OK);
    assert_non_null(f->text);
    assert_int_equal(f->len, strlen(want));
    assert_string_equal(f->text, want);
    assert_int_equal(f->enc, enc);
}

/* Asserts refusal as not text with exactly the message `want`. */
static void expect_refusal(fixture *f, const void *bytes, size_t size,
                           const char *want)
{
    assert_int_equal(run(f, bytes, size), JX_ERR_NOT_TEXT);
    assert_int_equal(f->err.status, JX_ERR_NOT_TEXT);
    assert_null(f->text);
    assert_string_equal(f->err.message, want);
}

#define LIT(s) (s), (sizeof(s) - 1) /* a string literal's bytes, no NUL */

/* UTF-16 bytes with a BOM from code units, into buf; returns the length. */
static size_t utf16(unsigned char *buf, const uint16_t *units, size_t n,
                    bool big_endian)
{
    size_t o = 0;
    uint16_t all[64] = {0xFEFF};
    assert_true(n < 64);
    memcpy(all + 1, units, n * sizeof *units);
    for (size_t i = 0; i <= n; i++) {
        unsigned char hi = (unsigned char)(all[i] >> 8);
        unsigned char lo = (unsigned char)(all[i] & 0xFF);
        buf[o++] = big_endian ? hi : lo;
        buf[o++] = big_endian ? lo : hi;
    }
    return o;
}

/* ------------------------------------------------------------ UTF-8 */

static void test_utf8_chinese(void **state)
{
    const char *s = "项目支出绩效自评表\n指标\t得分\n";
    expect_text(*state, s, strlen(s), s, JX_ENC_UTF8);
}

static void test_utf8_bom_stripped(void **state)
{
    expect_text(*state, LIT("\xEF\xBB\xBF得分\t90\n"), "得分\t90\n",
                JX_ENC_UTF8_BOM);
}

static void test_utf8_bom_only(void **state)
{
    expect_text(*state, LIT("\xEF\xBB\xBF"), "", JX_ENC_UTF8_BOM);
}

static void test_utf8_bom_then_invalid(void **state)
{
    /* The BOM says UTF-8, so invalid bytes are refused, not tried as GB18030. */
    expect_refusal(*state, LIT("\xEF\xBB\xBF" "ab\xC1\xC6"),
                   "invalid UTF-8 at offset 5 after a UTF-8 BOM");
}

static void test_crlf_folded(void **state)
{
    expect_text(*state, LIT("a\r\nb\r\n"), "a\nb\n", JX_ENC_UTF8);
}

static void test_lone_cr_folded(void **state)
{
    expect_text(*state, LIT("a\rb\r"), "a\nb\n", JX_ENC_UTF8);
}

static void test_mixed_line_ends(void **state)
{
    /* \r\r\n is a lone CR then a CRLF: two line ends. */
    expect_text(*state, LIT("a\r\nb\rc\n\r\nd\r\r\ne\r"),
                "a\nb\nc\n\nd\n\ne\n", JX_ENC_UTF8);
}

static void test_empty(void **state)
{
    fixture *f = *state;
    expect_text(f, "", 0, "", JX_ENC_UTF8);
    expect_text(f, NULL, 0, "", JX_ENC_UTF8);
}

static void test_large_single_line(void **state)
{
    fixture *f = *state;
    const size_t n = (size_t)8 * 1024 * 1024;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    assert_int_equal(run(f, big, n), JX_OK);
    assert_int_equal(f->len, n);
    assert_int_equal(f->enc, JX_ENC_UTF8);
    assert_memory_equal(f->text, big, n);
    assert_int_equal(f->text[n], '\0');
    free(big);
}

static void test_too_large(void **state)
{
    fixture *f = *state;
    /* The size is checked before any byte is read, so a small buffer will do. */
    static const unsigned char few[4] = "abc";
    assert_int_equal(jx_decode(f->arena, few, JX_MAX_INPUT_BYTES + 1, &f->text,
                               &f->len, &f->enc, &f->err),
                     JX_ERR_TOO_LARGE);
    assert_int_equal(f->err.status, JX_ERR_TOO_LARGE);
    assert_null(f->text);
}

/* ------------------------------------------------------------ UTF-16 */

/* 𠮷 (U+20BB7, a surrogate pair) 医疗 TAB 1 CR LF 2 CR */
static const uint16_t sample16[] = {0xD842, 0xDFB7, 0x533B, 0x7597, '\t',
                                    '1', '\r', '\n', '2', '\r'};
#define SAMPLE16_UTF8 "\xF0\xA0\xAE\xB7" "医疗\t1\n2\n"

static void test_utf16le(void **state)
{
    unsigned char buf[160];
    size_t n = utf16(buf, sample16, sizeof sample16 / 2, false);
    assert_memory_equal(buf, "\xFF\xFE\x42\xD8\xB7\xDF", 6);
    expect_text(*state, buf, n, SAMPLE16_UTF8, JX_ENC_UTF16LE);
}

static void test_utf16be(void **state)
{
    unsigned char buf[160];
    size_t n = utf16(buf, sample16, sizeof sample16 / 2, true);
    assert_memory_equal(buf, "\xFE\xFF\xD8\x42\xDF\xB7", 6);
    expect_text(*state, buf, n, SAMPLE16_UTF8, JX_ENC_UTF16BE);
}

static void test_utf16_all_cjk(void **state)
{
    /* Every unit widens to 3 UTF-8 bytes: the worst case for the buffer. */
    static const uint16_t units[] = {0x533B, 0x7597, 0x533B, 0x7597, 0x533B,
                                     0x7597, 0xFFFD, 0x4FDD};
    unsigned char buf[32];
    size_t n = utf16(buf, units, 8, false);
    expect_text(*state, buf, n, "医疗医疗医疗\xEF\xBF\xBD保", JX_ENC_UTF16LE);
}

static void test_utf16_bom_only(void **state)
{
    expect_text(*state, LIT("\xFE\xFF"), "", JX_ENC_UTF16BE);
}

static void test_utf16_odd_length(void **state)
{
    fixture *f = *state;
    expect_refusal(f, LIT("\xFF\xFE\x41"), "odd byte count (3) for utf-16le");
    expect_refusal(f, LIT("\xFE\xFF\x53\x3B\x75"),
                   "odd byte count (5) for utf-16be");
}

static void test_utf16_unpaired_surrogate(void **state)
{
    fixture *f = *state;
    unsigned char buf[32];
    /* A high surrogate followed by a letter, not a low surrogate. */
    static const uint16_t high_then_a[] = {'x', 0xD842, 'a'};
    size_t n = utf16(buf, high_then_a, 3, false);
    expect_refusal(f, buf, n, "unpaired UTF-16 surrogate at offset 4");
    /* A high surrogate as the last unit. */
    static const uint16_t high_at_end[] = {'x', 0xD842};
    n = utf16(buf, high_at_end, 2, true);
    expect_refusal(f, buf, n, "unpaired UTF-16 surrogate at offset 4");
    /* A low surrogate on its own. */
    static const uint16_t lone_low[] = {0xDFB7, 'a'};
    n = utf16(buf, lone_low, 2, false);
    expect_refusal(f, buf, n, "unpaired UTF-16 surrogate at offset 2");
}

static void test_utf16_nul_refused(void **state)
{
    unsigned char buf[32];
    static const uint16_t units[] = {'a', 'b', 0, 'c'};
    size_t n = utf16(buf, units, 4, false);
    expect_refusal(*state, buf, n, "NUL character (U+0000) at offset 6");
}

/* ------------------------------------------------------------ GB18030 */

static void test_gbk_literal(void **state)
{
    /* printf '医疗保障局\t得分\r\n' | iconv -f UTF-8 -t GB18030 | xxd -i */
    static const unsigned char gbk[] = {
        0xd2, 0xbd, 0xc1, 0xc6, 0xb1, 0xa3, 0xd5, 0xcf, 0xbe, 0xd6, 0x09,
        0xb5, 0xc3, 0xb7, 0xd6, 0x0d, 0x0a};
    expect_text(*state, gbk, sizeof gbk, "医疗保障局\t得分\n", JX_ENC_GB18030);
}

/* Converts UTF-8 to GB18030 with iconv; the result is malloc'd. */
static unsigned char *to_gb18030(const char *utf8, size_t *out_len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 2 + 16, outleft = cap;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    char *inp = (char *)utf8, *outp = (char *)out;
    assert_int_equal(iconv(cd, &inp, &inleft, &outp, &outleft), 0);
    assert_int_equal(inleft, 0);
    iconv_close(cd);
    *out_len = cap - outleft;
    return out;
}

static void test_gb18030_four_byte(void **state)
{
    /* 𠮷 is outside GBK: GB18030 spells it with four bytes 95 34 B2 35. It is
     * an unlikely character, kept while a quarter of the text at most. */
    static const unsigned char gb[] = {0x95, 0x34, 0xb2, 0x35, 0xd2, 0xbd, 0xc1, 0xc6, 0xb1, 0xa3};
    expect_text(*state, gb, sizeof gb, "\xF0\xA0\xAE\xB7" "医疗保", JX_ENC_GB18030);
}

static void test_gb18030_unlikely_share(void **state)
{
    fixture *f = *state;
    /* 1 of 4 unlikely (𠮷 医疗保) is the most that passes; 1 of 3 is refused. */
    static const unsigned char one_in_three[] = {0x95, 0x34, 0xb2, 0x35, 0xd2, 0xbd, 0xc1, 0xc6};
    expect_refusal(f, one_in_three, sizeof one_in_three,
                   "neither UTF-8 nor plausible GB18030: 1 of 3 non-ASCII characters unlikely");
    /* ASCII does not count either way: only the characters GB18030 decided. */
    expect_refusal(f, LIT("plain ASCII text, a lot of it, then \x95\x34\xb2\x35 and \xd2\xbd"),
                   "neither UTF-8 nor plausible GB18030: 1 of 2 non-ASCII characters unlikely");
    /* A private-use character (GBK's user-defined AAA1 → U+E000) is unlikely. */
    expect_refusal(f, LIT("\xaa\xa1\xd2\xbd"),
                   "neither UTF-8 nor plausible GB18030: 1 of 2 non-ASCII characters unlikely");
}

static void test_latin1_refused(void **state)
{
    fixture *f = *state;
    /* "Müller Straße" in Latin-1: FC 6C and DF 65 are GBK extension ideographs. */
    expect_refusal(f, LIT("M\xfcller Stra\xdf" "e\n"),
                   "neither UTF-8 nor plausible GB18030: 2 of 2 non-ASCII characters unlikely");
    /* "Génération élève": a letter after each accent, so GB18030 decodes it. */
    expect_refusal(f, LIT("G\xe9n\xe9ration \xe9l\xe8ve\n"),
                   "neither UTF-8 nor plausible GB18030: 4 of 4 non-ASCII characters unlikely");
}

static void test_random_high_bytes_refused(void **state)
{
    fixture *f = *state;
    /* Random pairs that GB18030 decodes: lead 81..FE, trail 40..7E or 80..FE. */
    unsigned char buf[4000];
    uint32_t x = 2024;
    for (size_t i = 0; i < sizeof buf; i += 2) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(0x81 + (x >> 16) % 126);
        x = x * 1103515245u + 12345u;
        unsigned trail = 0x40 + (x >> 16) % 190;
        buf[i + 1] = (unsigned char)(trail >= 0x7F ? trail + 1 : trail);
    }
    assert_int_equal(run(f, buf, sizeof buf), JX_ERR_NOT_TEXT);
    assert_null(f->text);
    assert_non_null(strstr(f->err.message, "neither UTF-8 nor plausible GB18030: "));
    assert_non_null(strstr(f->err.message, " of 2000 non-ASCII characters unlikely"));
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return s;
}

static void test_gb18030_seeds_plausible(void **state)
{
    /* The five seeds converted with iconv still decode, to the same text. */
    static const char *const seeds[] = JX_SEED_PATHS;
    for (size_t i = 0; i < 5; i++) {
        size_t len, n;
        char *utf8 = slurp(seeds[i], &len);
        assert_null(memchr(utf8, '\r', len)); /* so the decoded text is the file */
        unsigned char *gb = to_gb18030(utf8, &n);
        fixture *f = *state;
        if (run(f, gb, n) != JX_OK)
            fail_msg("%s as GB18030: %s", seeds[i], f->err.message);
        assert_int_equal(f->enc, JX_ENC_GB18030);
        assert_int_equal(f->len, len);
        assert_memory_equal(f->text, utf8, len);
        free(gb);
        free(utf8);
    }
}

static void test_gb18030_round_trip(void **state)
{
    const char *table =
        "2024年度项目支出绩效自评表\n"
        "项目名称\t医疗保障服务能力提升\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t参保人数\t≥95%\t96.3%\t10\t10\n"
        "效益指标\t社会效益\t群众满意度（％）\t≥90\t92\t10\t9.6\n"
        "合计\t\t\t\t\t100\t95.74\n"
        "罕见字：\xF0\xA0\xAE\xB7\n";
    size_t n = 0;
    unsigned char *gb = to_gb18030(table, &n);
    assert_true(n < strlen(table)); /* really converted: GB is shorter */
    expect_text(*state, gb, n, table, JX_ENC_GB18030);
    free(gb);
}

static void test_not_utf8_not_gb18030(void **state)
{
    fixture *f = *state;
    /* 疗 (C1 C6) is GBK, not UTF-8; 0xFF is never a GB18030 byte. */
    expect_refusal(f, LIT("ab\xC1\xC6\xFF"),
                   "invalid UTF-8 at offset 2 and not GB18030 at offset 4");
    /* A truncated two-byte sequence at the end (iconv's EINVAL). */
    expect_refusal(f, LIT("\xC1\xC6\xC1"),
                   "invalid UTF-8 at offset 0 and not GB18030 at offset 2");
}

/* ------------------------------------------------------------ binary */

static void test_nul_byte(void **state)
{
    fixture *f = *state;
    expect_refusal(f, LIT("hello\0world"), "NUL byte at offset 5");
    assert_non_null(strstr(f->err.message, "NUL"));
    /* Offsets count the BOM. */
    expect_refusal(f, LIT("\xEF\xBB\xBF" "a\0"), "NUL byte at offset 4");
}

static void test_random_binary(void **state)
{
    unsigned char buf[4096];
    uint32_t x = 12345;
    size_t nuls = 0;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u; /* a fixed LCG: same bytes every run */
        buf[i] = (unsigned char)(x >> 16);
        nuls += buf[i] == 0;
    }
    buf[0] = 'P'; /* no accidental BOM */
    assert_true(nuls > 0);
    fixture *f = *state;
    assert_int_equal(run(f, buf, sizeof buf), JX_ERR_NOT_TEXT);
    assert_null(f->text);
    assert_non_null(strstr(f->err.message, "NUL byte at offset"));
}

/* A buffer of `total` characters: `controls` × ESC, then 'a's. */
static char *with_controls(size_t total, size_t controls)
{
    char *s = malloc(total);
    assert_non_null(s);
    memset(s, 'a', total);
    memset(s, 0x1B, controls);
    return s;
}

static void test_control_characters(void **state)
{
    fixture *f = *state;
    /* Exactly 1% is tolerated and kept... */
    char *s = with_controls(100, 1);
    assert_int_equal(run(f, s, 100), JX_OK);
    assert_int_equal(f->len, 100);
    assert_int_equal(f->text[0], 0x1B);
    free(s);
    /* ...more than 1% is binary. */
    s = with_controls(99, 1);
    expect_refusal(f, s, 99, "control characters: not text");
    free(s);
    /* TAB, LF, CR, FF and VT are text, however many. */
    expect_text(f, LIT("\t\f\v\n"), "\t\f\v\n", JX_ENC_UTF8);
}

static void test_encoding_names(void **state)
{
    (void)state;
    assert_string_equal(jx_encoding_name(JX_ENC_UTF8), "utf-8");
    assert_string_equal(jx_encoding_name(JX_ENC_UTF8_BOM), "utf-8-bom");
    assert_string_equal(jx_encoding_name(JX_ENC_UTF16LE), "utf-16le");
    assert_string_equal(jx_encoding_name(JX_ENC_UTF16BE), "utf-16be");
    assert_string_equal(jx_encoding_name(JX_ENC_GB18030), "gb18030");
    assert_string_equal(jx_encoding_note(JX_ENC_GB18030), "assumed: not valid UTF-8");
    assert_string_equal(jx_encoding_note(JX_ENC_UTF8), "");
    assert_string_equal(jx_encoding_note(JX_ENC_UTF16LE), "declared by a byte-order mark");
}

/* ------------------------------------------------------------ reading files */

static void remove_dir(const char *dir)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* 8.15: a FIFO, a device and a file beyond the limit are refused unread. */
static void test_load_not_regular(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_decode_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64], big[64];
    snprintf(fifo, sizeof fifo, "%s/fifo.txt", dir);
    snprintf(big, sizeof big, "%s/big.txt", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    FILE *fp = fopen(big, "wb");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), (off_t)600 << 20), 0); /* sparse */
    fclose(fp);

    alarm(10); /* a FIFO opened for reading waits for a writer: fail, do not hang */
    jx_error err;
    assert_null(jx_document_load(fifo, JX_FORMAT_AUTO, &err));
    assert_int_equal(err.status, JX_ERR_IO);
    assert_string_equal(err.message, "not a regular file (a FIFO)");
    assert_null(jx_document_load("/dev/zero", JX_FORMAT_AUTO, &err));
    assert_int_equal(err.status, JX_ERR_IO);
    assert_string_equal(err.message, "not a regular file (a character device)");
    assert_null(jx_document_load(big, JX_FORMAT_AUTO, &err));
    assert_int_equal(err.status, JX_ERR_TOO_LARGE);
    assert_string_equal(err.message, "larger than 512 MB (629145600 bytes)");
    alarm(0);
    remove_dir(dir);
}

static void test_read_file_limit(void **state)
{
    (void)state;
    char dir[] = "/tmp/jx_decode_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/ten.txt", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("0123456789", fp);
    fclose(fp);
    unsigned char *bytes;
    size_t n;
    jx_error err;
    /* Exactly the limit is read, NUL-terminated; one byte over is refused. */
    assert_int_equal(jx_read_file(path, 10, &bytes, &n, &err), JX_OK);
    assert_int_equal(n, 10);
    assert_string_equal((char *)bytes, "0123456789");
    free(bytes);
    assert_int_equal(jx_read_file(path, 9, &bytes, &n, &err), JX_ERR_TOO_LARGE);
    assert_null(bytes);
    assert_string_equal(err.message, "larger than 9 bytes (10 bytes)");
    /* A file whose size says 0 but that reads on (as /proc files do) is read
     * no further than the limit + 1 and refused. */
    assert_int_equal(jx_read_file("/proc/self/maps", 16, &bytes, &n, &err), JX_ERR_TOO_LARGE);
    assert_string_equal(err.message, "larger than 16 bytes (it grew while being read)");
    assert_int_equal(jx_read_file(dir, 16, &bytes, &n, &err), JX_ERR_IO);
    assert_string_equal(err.message, "is a directory");
    remove_dir(dir);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_utf8_chinese),
        T(test_utf8_bom_stripped),
        T(test_utf8_bom_only),
        T(test_utf8_bom_then_invalid),
        T(test_crlf_folded),
        T(test_lone_cr_folded),
        T(test_mixed_line_ends),
        T(test_empty),
        T(test_large_single_line),
        T(test_too_large),
        T(test_utf16le),
        T(test_utf16be),
        T(test_utf16_all_cjk),
        T(test_utf16_bom_only),
        T(test_utf16_odd_length),
        T(test_utf16_unpaired_surrogate),
        T(test_utf16_nul_refused),
        T(test_gbk_literal),
        T(test_gb18030_four_byte),
        T(test_gb18030_unlikely_share),
        T(test_latin1_refused),
        T(test_random_high_bytes_refused),
        T(test_gb18030_seeds_plausible),
        T(test_gb18030_round_trip),
        T(test_not_utf8_not_gb18030),
        T(test_nul_byte),
        T(test_random_binary),
        T(test_control_characters),
        T(test_encoding_names),
        T(test_load_not_regular),
        T(test_read_file_limit),
    };
    return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
