/*
 * test_read_xls.c — the .xls reader (engine/read/read_xls.c).
 *
 * Two kinds of workbook: files LibreOffice saved as .xls 97-2003 from
 * workbooks openpyxl wrote (tests/fixtures/xls, made by its make.sh), which
 * stand for a real producer; and Workbook streams built here record by
 * record and put in a compound file by libgsf's writer, so a test shows
 * exactly which records a file holds: strings split across CONTINUE
 * records, every kind of cell record, the 1904 date system, corrupt and
 * hostile streams.
 */
#include "testutil.h"

#include "read.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

static jx_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = jx_arena_new();
    return arena == NULL;
}

static int teardown(void **state)
{
    (void)state;
    jx_arena_free(arena);
    return 0;
}

/* ------------------------------------------------------------ building streams */

typedef struct {
    unsigned char *data;
    size_t len, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put8(bytes *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put16(bytes *b, unsigned v)
{
    put8(b, v & 0xFF);
    put8(b, (v >> 8) & 0xFF);
}

static void put32(bytes *b, uint32_t v)
{
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

static void put_double(bytes *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put32(b, (uint32_t)bits);
    put32(b, (uint32_t)(bits >> 32));
}

static void patch16(bytes *b, size_t at, unsigned v)
{
    b->data[at] = v & 0xFF;
    b->data[at + 1] = (v >> 8) & 0xFF;
}

static void patch32(bytes *b, size_t at, uint32_t v)
{
    patch16(b, at, v & 0xFFFF);
    patch16(b, at + 2, v >> 16);
}

/* A record: its header now, its length when it ends (rec_end). */
static size_t rec(bytes *b, unsigned type)
{
    size_t at = b->len;
    put16(b, type);
    put16(b, 0);
    return at;
}

static void rec_end(bytes *b, size_t at)
{
    patch16(b, at + 2, (unsigned)(b->len - at - 4));
}

static void bof(bytes *b, unsigned kind)
{
    size_t at = rec(b, 0x0809);
    put16(b, 0x0600);
    put16(b, kind);
    put32(b, 0x07CC0DBB); /* build, year */
    put32(b, 0);
    put32(b, 0x0206);
    rec_end(b, at);
}

static void eof(bytes *b)
{
    rec_end(b, rec(b, 0x000A));
}

/* UTF-8 as UTF-16LE characters (16-bit, option byte 1) or, when every
 * character is below U+0100 and eight_bit, as their low bytes (option 0). */
static void put_chars(bytes *b, const char *s, bool eight_bit, size_t *count)
{
    bytes units = {NULL, 0, 0};
    size_t n = 0, len = strlen(s);
    bool fits = true;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += jx_utf8_next(s + i, len - i, &cp);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put16(&units, 0xD800 + (cp >> 10));
            put16(&units, 0xDC00 + (cp & 0x3FF));
            n += 2;
        } else {
            put16(&units, cp);
            n++;
        }
        fits &= cp < 0x100;
    }
    *count = n;
    if (eight_bit && fits) {
        put8(b, 0);
        for (size_t i = 0; i < n; i++)
            put8(b, units.data[2 * i]);
    } else {
        put8(b, 1);
        put(b, units.data, units.len);
    }
    free(units.data);
}

/* An XLUnicodeString: a 16-bit count, then put_chars. */
static void put_string(bytes *b, const char *s, bool eight_bit)
{
    size_t at = b->len, n;
    put16(b, 0);
    put_chars(b, s, eight_bit, &n);
    patch16(b, at, (unsigned)n);
}

/* BOUNDSHEET8; returns where its offset goes (patch32 it to the sheet's BOF). */
static size_t boundsheet(bytes *b, const char *name, unsigned state, unsigned kind)
{
    size_t at = rec(b, 0x0085), offset = b->len;
    put32(b, 0);
    put8(b, state);
    put8(b, kind);
    size_t count = b->len, n;
    put8(b, 0);
    put_chars(b, name, false, &n);
    b->data[count] = (unsigned char)n;
    rec_end(b, at);
    return offset;
}

static void sst(bytes *b, const char *const *strings, size_t n)
{
    size_t at = rec(b, 0x00FC);
    put32(b, (uint32_t)n);
    put32(b, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        put_string(b, strings[i], true);
    rec_end(b, at);
}

static void cell_head(bytes *b, unsigned row, unsigned col, unsigned xf)
{
    put16(b, row);
    put16(b, col);
    put16(b, xf);
}

static void labelsst(bytes *b, unsigned row, unsigned col, uint32_t index)
{
    size_t at = rec(b, 0x00FD);
    cell_head(b, row, col, 0);
    put32(b, index);
    rec_end(b, at);
}

static void number(bytes *b, unsigned row, unsigned col, unsigned xf, double v)
{
    size_t at = rec(b, 0x0203);
    cell_head(b, row, col, xf);
    put_double(b, v);
    rec_end(b, at);
}

static void rk(bytes *b, unsigned row, unsigned col, unsigned xf, uint32_t value)
{
    size_t at = rec(b, 0x027E);
    cell_head(b, row, col, xf);
    put32(b, value);
    rec_end(b, at);
}

static void label(bytes *b, unsigned row, unsigned col, const char *s)
{
    size_t at = rec(b, 0x0204);
    cell_head(b, row, col, 0);
    put_string(b, s, true);
    rec_end(b, at);
}

static void xf(bytes *b, unsigned format_id)
{
    size_t at = rec(b, 0x00E0);
    put16(b, 0);
    put16(b, format_id);
    for (int i = 0; i < 16; i++)
        put8(b, 0);
    rec_end(b, at);
}

static void format(bytes *b, unsigned id, const char *code)
{
    size_t at = rec(b, 0x041E);
    put16(b, id);
    put_string(b, code, true);
    rec_end(b, at);
}

static void merge(bytes *b, unsigned r1, unsigned r2, unsigned c1, unsigned c2)
{
    size_t at = rec(b, 0x00E5);
    put16(b, 1);
    put16(b, r1);
    put16(b, r2);
    put16(b, c1);
    put16(b, c2);
    rec_end(b, at);
}

/* The stream in a compound file of its own, written by libgsf (malloc'd). */
static unsigned char *ole_of(const char *stream_name, const bytes *stream, size_t *len)
{
    GsfOutput *memory = gsf_output_memory_new();
    GsfOutfile *ole = gsf_outfile_msole_new(memory);
    assert_non_null(ole);
    GsfOutput *child = gsf_outfile_new_child(ole, stream_name, FALSE);
    assert_non_null(child);
    assert_true(gsf_output_write(child, stream->len, stream->data));
    assert_true(gsf_output_close(child));
    assert_true(gsf_output_close(GSF_OUTPUT(ole)));
    *len = (size_t)gsf_output_size(memory);
    unsigned char *out = malloc(*len);
    assert_non_null(out);
    memcpy(out, gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(memory)), *len);
    g_object_unref(child);
    g_object_unref(ole);
    g_object_unref(memory);
    return out;
}

/* A workbook of one sheet "S1" whose records between its BOF and EOF are
 * `body`, with `globals` (may be NULL) before the BOUNDSHEET8. */
static bytes one_sheet_stream(const bytes *globals, const bytes *body)
{
    bytes s = {NULL, 0, 0};
    bof(&s, 0x0005);
    if (globals != NULL)
        put(&s, globals->data, globals->len);
    size_t offset = boundsheet(&s, "S1", 0, 0);
    eof(&s);
    patch32(&s, offset, (uint32_t)s.len);
    bof(&s, 0x0010);
    if (body != NULL)
        put(&s, body->data, body->len);
    eof(&s);
    return s;
}

static jx_status read_bytes(const unsigned char *data, size_t len, jx_source *src, jx_error *err)
{
    memset(err, 0, sizeof *err);
    return jx_read_xls(arena, data, len, src, err);
}

static jx_status read_stream(const bytes *stream, jx_source *src, jx_error *err)
{
    size_t len;
    unsigned char *file = ole_of("Workbook", stream, &len);
    jx_status st = read_bytes(file, len, src, err);
    free(file);
    return st;
}

/* Reads a one-sheet workbook that must read. */
static jx_source read_one(const bytes *globals, const bytes *body)
{
    bytes s = one_sheet_stream(globals, body);
    jx_source src;
    jx_error err;
    if (read_stream(&s, &src, &err) != JX_OK)
        fail_msg("read: %s", err.message);
    free(s.data);
    return src;
}

/* A stream that must be refused with `status`: its message. */
static const char *refused(const bytes *stream, jx_status status)
{
    static jx_error err;
    jx_source src;
    jx_status got = read_stream(stream, &src, &err);
    if (got != status)
        fail_msg("status %d, not %d: %s", got, status, err.message);
    assert_true(err.message[0] != '\0');
    assert_int_equal(src.nrows, 0);
    assert_int_equal(src.nparts, 0);
    return err.message;
}

static jx_source read_fixture(const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "tests/fixtures/xls/%s", name);
    unsigned char *data;
    size_t len;
    jx_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(jx_read_file(path, 1 << 20, &data, &len, &err), JX_OK);
    assert_true(jx_sniff_xls(data, len));
    const jx_reader *r = jx_reader_for(data, len);
    assert_non_null(r);
    assert_string_equal(r->name, "xls");
    jx_source src;
    if (read_bytes(data, len, &src, &err) != JX_OK)
        fail_msg("%s: %s", name, err.message);
    free(data);
    return src;
}

static const jx_source_row *row_of(const jx_source *src, uint32_t part_index, uint32_t row)
{
    for (size_t i = 0; i < src->nrows; i++)
        if (src->rows[i].part == part_index && src->rows[i].row == row)
            return &src->rows[i];
    return NULL;
}

static const jx_source_cell *cell_in(const jx_source *src, uint32_t part_index, uint32_t row,
                                     uint32_t col)
{
    const jx_source_row *r = row_of(src, part_index, row);
    for (size_t i = 0; r != NULL && i < r->ncells; i++)
        if (r->cells[i].col == col)
            return &r->cells[i];
    return NULL;
}

/* The text at (row, col) of sheet 0; NULL when there is no cell. */
static const char *text_at(const jx_source *src, uint32_t row, uint32_t col)
{
    const jx_source_cell *c = cell_in(src, 0, row, col);
    return c != NULL ? c->text : NULL;
}

/* ------------------------------------------------------------ a real producer */

static void test_scorecard_fixture(void **state)
{
    (void)state;
    jx_source src = read_fixture("scorecard.xls");
    assert_int_equal(src.kind, JX_SOURCE_XLS);
    assert_int_equal(src.nparts, 3);
    assert_string_equal(src.parts[0], "项目支出绩效自评表");
    assert_string_equal(src.parts[1], "第二页");
    assert_string_equal(src.parts[2], "备查");
    assert_string_equal(src.note, "hidden sheet '备查' read");
    const jx_source_cell *title = cell_in(&src, 0, 1, 0);
    assert_string_equal(title->text, "项目支出绩效自评表");
    assert_int_equal(title->colspan, 6);
    assert_int_equal(title->rowspan, 1);
    assert_int_equal(row_of(&src, 0, 1)->ncells, 1);
    /* Numbers in their formats, a date, a formula's cached value. */
    assert_string_equal(text_at(&src, 3, 0), "人员经费");
    assert_string_equal(text_at(&src, 3, 1), "2224.10");
    assert_string_equal(text_at(&src, 3, 2), "1,086.05");
    assert_string_equal(text_at(&src, 3, 3), "93.74%");
    assert_string_equal(text_at(&src, 3, 4), "2024-03-15");
    assert_string_equal(text_at(&src, 3, 5), "3,310.15");
    assert_string_equal(text_at(&src, 4, 1), "1,234,567.89");
    assert_string_equal(text_at(&src, 4, 2), "12.50万元");
    assert_string_equal(text_at(&src, 4, 3), "96%");
    assert_string_equal(text_at(&src, 4, 4), "2024-01-01 18:00");
    assert_string_equal(text_at(&src, 4, 5), "人员经费（合计）"); /* a string formula: STRING */
    /* A label over three rows, integers and a decimal as RK, booleans and an error. */
    const jx_source_cell *label = cell_in(&src, 0, 5, 0);
    assert_string_equal(label->text, "产出指标");
    assert_int_equal(label->rowspan, 3);
    assert_null(cell_in(&src, 0, 6, 0));
    assert_string_equal(text_at(&src, 5, 2), "100");
    assert_string_equal(text_at(&src, 6, 2), "-17");
    assert_string_equal(text_at(&src, 7, 2), "95.5");
    assert_string_equal(text_at(&src, 5, 3), "TRUE");
    assert_string_equal(text_at(&src, 6, 3), "#DIV/0!");
    assert_string_equal(text_at(&src, 7, 3), "TRUE");
    assert_string_equal(text_at(&src, 5, 4), "1.5E+20");
    assert_string_equal(text_at(&src, 6, 4), "1E-10");
    assert_string_equal(text_at(&src, 7, 4), "0.3");
    /* The ruled row is as wide as its rules; the blank cell is no cell. */
    assert_int_equal(row_of(&src, 0, 8)->width, 9);
    assert_int_equal(row_of(&src, 0, 8)->ncells, 1);
    assert_int_equal(row_of(&src, 0, 3)->width, 6);
    assert_null(row_of(&src, 0, 10));
    /* The second sheet, its chart's records skipped; the hidden one read. */
    assert_string_equal(cell_in(&src, 1, 1, 1)->text, "金额");
    assert_string_equal(cell_in(&src, 1, 5, 0)->text, "2025");
    assert_string_equal(cell_in(&src, 1, 5, 1)->text, "50");
    assert_string_equal(cell_in(&src, 2, 2, 1)->text, "secret");
    assert_int_equal(src.nrows, 8 + 5 + 1);
}

static void test_strings_fixture(void **state)
{
    (void)state;
    jx_source src = read_fixture("strings.xls");
    assert_int_equal(src.nparts, 1);
    char want[128];
    for (uint32_t i = 1; i <= 150; i++) {
        snprintf(want, sizeof want, "项目%u：衔接资金绩效目标完成情况", i);
        assert_string_equal(text_at(&src, i, 0), want);
        snprintf(want, sizeof want, "Indicator %u, Latin-1: café", i);
        assert_string_equal(text_at(&src, i, 1), want);
    }
    assert_string_equal(text_at(&src, 1, 3), "EncryptionInfo（加密信息）");
    assert_int_equal(src.nrows, 150);
}

/* An .xls whose cells say EncryptionInfo (UTF-16LE, as a compound file's
 * directory names the stream of an encrypted .xlsx) is still an .xls. */
static void test_sniffs(void **state)
{
    (void)state;
    unsigned char *data;
    size_t len;
    jx_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(jx_read_file("tests/fixtures/xls/strings.xls", 1 << 20, &data, &len, &err),
                     JX_OK);
    assert_false(jx_sniff_xlsx(data, len));
    assert_true(jx_sniff_xls(data, len));
    assert_string_equal(jx_reader_for(data, len)->name, "xls");
    free(data);
    /* A compound file without a Workbook stream (a .doc), text, nothing. */
    bytes doc = {NULL, 0, 0};
    put(&doc, "not a workbook", 14);
    unsigned char *file = ole_of("WordDocument", &doc, &len);
    assert_false(jx_sniff_xls(file, len));
    jx_source src;
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "no Workbook stream: a compound file, but no Excel workbook");
    free(file);
    free(doc.data);
    assert_false(jx_sniff_xls((const unsigned char *)"项目,金额\n", 14));
    assert_false(jx_sniff_xls(NULL, 0));
    assert_int_equal(read_bytes((const unsigned char *)"PK\3\4", 4, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "not a compound file (no OLE2 signature): not an .xls");
}

static void test_hostile_fixtures(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool sniffed;
        const char *message;
    } cases[] = {
        {"encrypted.xls", true, "encrypted: save it without a password first"},
        {"truncated.xls", false, "not a readable compound file: "},
        {"garbage.xls", false, "not a readable compound file: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "tests/fixtures/xls/%s", cases[i].name);
        unsigned char *data;
        size_t len;
        jx_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(jx_read_file(path, 1 << 20, &data, &len, &err), JX_OK);
        assert_int_equal(jx_sniff_xls(data, len), cases[i].sniffed);
        assert_false(jx_sniff_xlsx(data, len));
        jx_source src;
        assert_int_equal(read_bytes(data, len, &src, &err), JX_ERR_FORMAT);
        if (strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("%s: %s", cases[i].name, err.message);
        assert_int_equal(src.nrows, 0);
        free(data);
    }
}

/* ------------------------------------------------------------ strings */

/* The SST's strings go on in CONTINUE records: the characters of a string
 * split between records start again with an option byte (8-bit, then
 * 16-bit here), while its header, rich-text runs and phonetic data run on
 * as plain bytes. */
static void test_strings_across_continue(void **state)
{
    (void)state;
    bytes g = {NULL, 0, 0};
    size_t at = rec(&g, 0x00FC);
    put32(&g, 4);
    put32(&g, 4);
    /* 0: "abcdef", 8-bit, split after "abc"; the rest 16-bit "dé项". */
    put16(&g, 6);
    put8(&g, 0);
    put(&g, "abc", 3);
    rec_end(&g, at);
    at = rec(&g, 0x003C);
    put8(&g, 1);
    put16(&g, 'd');
    put16(&g, 0xE9);
    put16(&g, 0x9879);
    /* 1: rich (2 runs) and phonetic (5 bytes) with TAB and a lone surrogate;
     * its runs split between records. */
    put16(&g, 3);
    put8(&g, 0x0D); /* 16-bit, phonetic, rich */
    put16(&g, 2);
    put32(&g, 5);
    put16(&g, 'x');
    put16(&g, '\t');
    put16(&g, 0xD800);
    put32(&g, 0x00010000);
    rec_end(&g, at);
    at = rec(&g, 0x003C);
    put32(&g, 0x00020002);
    put(&g, "\1\2\3\4\5", 5);
    /* 2: a string whose header ends one record and characters start the next. */
    put16(&g, 2);
    put8(&g, 0);
    rec_end(&g, at);
    at = rec(&g, 0x003C);
    put8(&g, 1);       /* the characters' option byte: 16-bit */
    put16(&g, 0xD83D); /* U+1F600 as a surrogate pair */
    put16(&g, 0xDE00);
    /* 3: empty. */
    put16(&g, 0);
    put8(&g, 0);
    rec_end(&g, at);
    bytes body = {NULL, 0, 0};
    for (unsigned i = 0; i < 4; i++)
        labelsst(&body, 0, i, i);
    jx_source src = read_one(&g, &body);
    assert_string_equal(text_at(&src, 1, 0), "abcdé项");
    assert_string_equal(text_at(&src, 1, 1), "x \xEF\xBF\xBD"); /* TAB a space, U+FFFD */
    assert_string_equal(text_at(&src, 1, 2), "\xF0\x9F\x98\x80");
    assert_null(text_at(&src, 1, 3));               /* empty: no cell */
    assert_int_equal(row_of(&src, 0, 1)->width, 4); /* but a place */
    free(g.data);
    free(body.data);
}

static void test_strings_cut_off(void **state)
{
    (void)state;
    /* Characters cut off at the end of the SST with no CONTINUE after it. */
    bytes g = {NULL, 0, 0};
    size_t at = rec(&g, 0x00FC);
    put32(&g, 1);
    put32(&g, 1);
    put16(&g, 10);
    put8(&g, 0);
    put(&g, "abc", 3);
    rec_end(&g, at);
    bytes s = one_sheet_stream(&g, NULL);
    char want[96];
    snprintf(want, sizeof want,
             "Workbook stream, record at 0x%zX: shared string cut off after 3 of 10 characters",
             (size_t)20);
    assert_string_equal(refused(&s, JX_ERR_FORMAT), want);
    free(s.data);
    /* Phonetic data past the end of the stream's records. */
    g.len = 0;
    at = rec(&g, 0x00FC);
    put32(&g, 1);
    put32(&g, 1);
    put16(&g, 1);
    put8(&g, 0x04);
    put32(&g, 0xFFFFFFFF);
    put8(&g, 'a');
    rec_end(&g, at);
    s = one_sheet_stream(&g, NULL);
    assert_non_null(strstr(refused(&s, JX_ERR_FORMAT), ": shared string cut off"));
    free(s.data);
    /* A LABELSST naming a string the SST does not have. */
    g.len = 0;
    static const char *const one[] = {"only"};
    sst(&g, one, 1);
    bytes body = {NULL, 0, 0};
    labelsst(&body, 1, 1, 5);
    s = one_sheet_stream(&g, &body);
    assert_non_null(strstr(refused(&s, JX_ERR_FORMAT), ": cell B2: no shared string 5 (of 1)"));
    free(s.data);
    free(body.data);
    free(g.data);
}

/* ------------------------------------------------------------ cells */

static void test_cell_records(void **state)
{
    (void)state;
    bytes g = {NULL, 0, 0};
    xf(&g, 0);  /* 0: General */
    xf(&g, 2);  /* 1: 0.00 */
    xf(&g, 10); /* 2: 0.00% */
    xf(&g, 14); /* 3: a date */
    bytes b = {NULL, 0, 0};
    /* RK: integers, integers / 100, a double's high bits, negative. */
    rk(&b, 0, 0, 0, (100u << 2) | 2);
    rk(&b, 0, 1, 0, (12345u << 2) | 3);
    rk(&b, 0, 2, 0, ((uint32_t)-17 << 2) | 2);
    rk(&b, 0, 3, 1, 0x3FF80000u); /* 1.5 */
    rk(&b, 0, 4, 3, (45292u << 2) | 2);
    /* MULRK: three numbers in a row. */
    size_t at = rec(&b, 0x00BD);
    put16(&b, 1);
    put16(&b, 2);
    for (unsigned i = 0; i < 3; i++) {
        put16(&b, 2);
        put32(&b, ((90u + i) << 2) | 3); /* 0.9, 0.91, 0.92 as percents */
    }
    put16(&b, 4);
    rec_end(&b, at);
    /* NUMBER: shortest decimals, as an .xlsx stores them. */
    number(&b, 2, 0, 0, 0.1 + 0.2);
    number(&b, 2, 1, 1, 2.675);
    number(&b, 2, 2, 0, -0.0);
    number(&b, 2, 3, 0, 123456789012345678.0);
    number(&b, 2, 4, 1, NAN);
    number(&b, 2, 5, 9, 7); /* an XF the workbook does not have: General */
    /* LABEL (8-bit and 16-bit) and RSTRING with its runs after the text. */
    label(&b, 3, 0, "plain");
    label(&b, 3, 1, "汉字\r\n换行");
    at = rec(&b, 0x00D6);
    cell_head(&b, 3, 2, 0);
    put_string(&b, "rich", true);
    put16(&b, 1);
    put32(&b, 0);
    rec_end(&b, at);
    /* BOOLERR: a boolean and an error. */
    at = rec(&b, 0x0205);
    cell_head(&b, 4, 0, 0);
    put8(&b, 1);
    put8(&b, 0);
    rec_end(&b, at);
    at = rec(&b, 0x0205);
    cell_head(&b, 4, 1, 0);
    put8(&b, 0x2A);
    put8(&b, 1);
    rec_end(&b, at);
    /* FORMULA: a number in its format, a string after a SHRFMLA, FALSE, #REF!, "". */
    static const unsigned char number_value[8] = {0, 0, 0, 0, 0, 0, 0xF8, 0x3F}; /* 1.5 */
    static const unsigned char special[4][8] = {
        {0, 0, 0, 0, 0, 0, 0xFF, 0xFF},
        {1, 0, 0, 0, 0, 0, 0xFF, 0xFF},
        {2, 0, 0x17, 0, 0, 0, 0xFF, 0xFF},
        {3, 0, 0, 0, 0, 0, 0xFF, 0xFF},
    };
    for (unsigned i = 0; i < 5; i++) {
        at = rec(&b, 0x0006);
        cell_head(&b, 5, i, i == 0 ? 1 : 0);
        put(&b, i == 0 ? number_value : special[i - 1], 8);
        put16(&b, 0);
        put32(&b, 0);
        put16(&b, 0); /* an empty formula */
        rec_end(&b, at);
        if (i == 1) {
            rec_end(&b, rec(&b, 0x04BC)); /* SHRFMLA between a formula and its STRING */
            at = rec(&b, 0x0207);
            put_string(&b, "公式结果", false);
            rec_end(&b, at);
        }
    }
    /* A STRING no formula waits for: nothing. */
    at = rec(&b, 0x0207);
    put_string(&b, "stray", true);
    rec_end(&b, at);
    /* BLANK and MULBLANK: places, no text, the row's width. */
    label(&b, 6, 0, "x");
    at = rec(&b, 0x0201);
    cell_head(&b, 6, 3, 0);
    rec_end(&b, at);
    at = rec(&b, 0x00BE);
    put16(&b, 6);
    put16(&b, 4);
    put16(&b, 0);
    put16(&b, 0);
    put16(&b, 0);
    put16(&b, 6);
    rec_end(&b, at);
    jx_source src = read_one(&g, &b);
    assert_string_equal(text_at(&src, 1, 0), "100");
    assert_string_equal(text_at(&src, 1, 1), "123.45");
    assert_string_equal(text_at(&src, 1, 2), "-17");
    assert_string_equal(text_at(&src, 1, 3), "1.50");
    assert_string_equal(text_at(&src, 1, 4), "2024-01-01");
    assert_string_equal(text_at(&src, 2, 2), "90.00%");
    assert_string_equal(text_at(&src, 2, 3), "91.00%");
    assert_string_equal(text_at(&src, 2, 4), "92.00%");
    assert_string_equal(text_at(&src, 3, 0), "0.3");
    assert_string_equal(text_at(&src, 3, 1), "2.68"); /* 2.675 shown at 15 digits first */
    assert_string_equal(text_at(&src, 3, 2), "0");
    assert_string_equal(text_at(&src, 3, 3), "1.23456789012346E+17");
    assert_string_equal(text_at(&src, 3, 4), "#NUM!");
    assert_string_equal(text_at(&src, 3, 5), "7");
    assert_string_equal(text_at(&src, 4, 0), "plain");
    assert_string_equal(text_at(&src, 4, 1), "汉字  换行");
    assert_string_equal(text_at(&src, 4, 2), "rich");
    assert_string_equal(text_at(&src, 5, 0), "TRUE");
    assert_string_equal(text_at(&src, 5, 1), "#N/A");
    assert_string_equal(text_at(&src, 6, 0), "1.50");
    assert_string_equal(text_at(&src, 6, 1), "公式结果");
    assert_string_equal(text_at(&src, 6, 2), "FALSE");
    assert_string_equal(text_at(&src, 6, 3), "#REF!");
    assert_null(text_at(&src, 6, 4));
    assert_int_equal(row_of(&src, 0, 6)->width, 5);
    assert_int_equal(row_of(&src, 0, 7)->ncells, 1);
    assert_int_equal(row_of(&src, 0, 7)->width, 7);
    assert_int_equal(src.nrows, 7);
    free(g.data);
    free(b.data);
}

/* FORMAT records: a custom code by its id, a built-in id given the
 * locale's code (the last FORMAT of an id counts); DATEMODE 1904. */
static void test_formats_and_1904(void **state)
{
    (void)state;
    bytes g = {NULL, 0, 0};
    size_t at = rec(&g, 0x0022);
    put16(&g, 1);
    rec_end(&g, at);
    format(&g, 164, "0.0\"分\"");
    format(&g, 7, "#,##0.000");
    format(&g, 7, "\"¥\"#,##0.00");
    xf(&g, 164);
    xf(&g, 7);
    xf(&g, 14);
    bytes b = {NULL, 0, 0};
    number(&b, 0, 0, 0, 9.25);
    number(&b, 0, 1, 1, 1234.5);
    number(&b, 0, 2, 2, 0);
    number(&b, 0, 3, 2, 43831);
    jx_source src = read_one(&g, &b);
    assert_string_equal(text_at(&src, 1, 0), "9.3分");
    assert_string_equal(text_at(&src, 1, 1), "¥1,234.50");
    assert_string_equal(text_at(&src, 1, 2), "1904-01-01");
    assert_string_equal(text_at(&src, 1, 3), "2024-01-02");
    free(g.data);
    free(b.data);
}

static void test_merged_cells(void **state)
{
    (void)state;
    static const char *const strings[] = {"绩效指标", "产出指标"};
    bytes g = {NULL, 0, 0};
    sst(&g, strings, 2);
    bytes b = {NULL, 0, 0};
    labelsst(&b, 0, 0, 0);
    labelsst(&b, 1, 0, 1);
    labelsst(&b, 0, 1, 0); /* under the first merge: left out */
    merge(&b, 0, 0, 0, 3);
    size_t at = rec(&b, 0x00E5); /* two in one record, one with nothing at its top */
    put16(&b, 2);
    put16(&b, 1);
    put16(&b, 3);
    put16(&b, 0);
    put16(&b, 0);
    put16(&b, 5);
    put16(&b, 6);
    put16(&b, 2);
    put16(&b, 4);
    rec_end(&b, at);
    jx_source src = read_one(&g, &b);
    const jx_source_cell *c = cell_in(&src, 0, 1, 0);
    assert_int_equal(c->colspan, 4);
    assert_int_equal(row_of(&src, 0, 1)->width, 4);
    c = cell_in(&src, 0, 2, 0);
    assert_string_equal(c->text, "产出指标");
    assert_int_equal(c->rowspan, 3);
    c = cell_in(&src, 0, 6, 2);
    assert_string_equal(c->text, "");
    assert_int_equal(c->rowspan, 2);
    assert_int_equal(c->colspan, 3);
    /* Overlapping merges: refused by sheet.c, naming the sheet. */
    merge(&b, 0, 1, 2, 2);
    bytes s = one_sheet_stream(&g, &b);
    assert_string_equal(refused(&s, JX_ERR_FORMAT),
                        "Workbook stream, sheet 'S1': merged cells A1:D1 and C1:C2 overlap");
    free(s.data);
    free(g.data);
    free(b.data);
}

/* ------------------------------------------------------------ sheets */

static void test_sheets_in_order(void **state)
{
    (void)state;
    bytes s = {NULL, 0, 0};
    bof(&s, 0x0005);
    size_t cover = boundsheet(&s, "封面", 0, 0);
    size_t chart = boundsheet(&s, "图表", 0, 2);
    size_t secret = boundsheet(&s, "汇总", 2, 0);
    size_t macro = boundsheet(&s, "宏", 1, 1);
    size_t detail = boundsheet(&s, "明细", 1, 0);
    eof(&s);
    patch32(&s, cover, (uint32_t)s.len);
    bof(&s, 0x0010);
    label(&s, 0, 0, "cover");
    /* A chart inside the sheet, its records (a cell's among them) its own. */
    bof(&s, 0x0020);
    label(&s, 9, 9, "in the chart");
    bof(&s, 0x0020);
    eof(&s);
    eof(&s);
    label(&s, 1, 0, "after the chart");
    eof(&s);
    patch32(&s, chart, (uint32_t)s.len);
    bof(&s, 0x0020);
    eof(&s);
    patch32(&s, secret, (uint32_t)s.len);
    bof(&s, 0x0010);
    label(&s, 1, 1, "secret");
    eof(&s);
    patch32(&s, macro, 0); /* never read */
    patch32(&s, detail, (uint32_t)s.len);
    bof(&s, 0x0010);
    number(&s, 6, 0, 0, 1);
    eof(&s);
    jx_source src;
    jx_error err;
    assert_int_equal(read_stream(&s, &src, &err), JX_OK);
    assert_int_equal(src.nparts, 3);
    assert_string_equal(src.parts[0], "封面");
    assert_string_equal(src.parts[1], "汇总");
    assert_string_equal(src.parts[2], "明细");
    assert_int_equal(src.nrows, 4);
    assert_string_equal(src.rows[0].cells[0].text, "cover");
    assert_string_equal(src.rows[1].cells[0].text, "after the chart");
    assert_int_equal(src.rows[2].part, 1);
    assert_int_equal(src.rows[2].row, 2);
    assert_int_equal(src.rows[3].part, 2);
    assert_int_equal(src.rows[3].row, 7);
    assert_string_equal(src.note, "chartsheet '图表' skipped; very hidden sheet '汇总' read; "
                                  "macrosheet '宏' skipped; hidden sheet '明细' read");
    free(s.data);
}

/* ------------------------------------------------------------ corrupt and hostile streams */

static void test_corrupt_records(void **state)
{
    (void)state;
    char want[200];
    /* A record whose length runs past the stream. */
    bytes s = {NULL, 0, 0};
    bof(&s, 0x0005);
    size_t at = rec(&s, 0x00FC);
    put32(&s, 0);
    patch16(&s, at + 2, 200);
    snprintf(want, sizeof want,
             "Workbook stream, record at 0x%zX: record 0x00FC of 200 bytes runs past the end of "
             "the stream (%zu bytes)",
             at, s.len);
    assert_string_equal(refused(&s, JX_ERR_FORMAT), want);
    /* Cut inside a record's header. */
    s.len = at + 2;
    snprintf(want, sizeof want,
             "Workbook stream, record at 0x%zX: cut off in its header (2 of 4 bytes)", at);
    assert_string_equal(refused(&s, JX_ERR_FORMAT), want);
    /* The globals without their EOF; no sheets. */
    s.len = at;
    assert_string_equal(refused(&s, JX_ERR_FORMAT),
                        "Workbook stream: ends inside the workbook globals, before their EOF");
    eof(&s);
    assert_string_equal(refused(&s, JX_ERR_FORMAT),
                        "Workbook stream: no sheets (no BOUNDSHEET8 record)");
    free(s.data);

    /* A sheet without its EOF, one not starting with a worksheet BOF, one
     * past the stream, a MULRK of the wrong size, a short NUMBER. */
    bytes body = {NULL, 0, 0};
    label(&body, 0, 0, "x");
    s = one_sheet_stream(NULL, &body);
    s.len -= 4;
    assert_string_equal(refused(&s, JX_ERR_FORMAT),
                        "Workbook stream: sheet 'S1' ends without its EOF record");
    free(s.data);
    s = one_sheet_stream(NULL, &body);
    size_t sheet_bof = s.len - body.len - 4 - 20;
    s.data[sheet_bof + 6] = 0x20; /* a chart's BOF */
    snprintf(want, sizeof want,
             "Workbook stream, record at 0x%zX: sheet 'S1' starts here, but with no worksheet BOF",
             sheet_bof);
    assert_string_equal(refused(&s, JX_ERR_FORMAT), want);
    free(s.data);
    s = one_sheet_stream(NULL, &body);
    patch32(&s, 20 + 4, 0x7FFFFFF0);
    snprintf(want, sizeof want,
             "Workbook stream: sheet 'S1' starts at 0x7FFFFFF0, past the end of the stream (%zu "
             "bytes)",
             s.len);
    assert_string_equal(refused(&s, JX_ERR_FORMAT), want);
    free(s.data);
    body.len = 0;
    at = rec(&body, 0x00BD);
    put16(&body, 0);
    put16(&body, 0);
    put16(&body, 0);
    put32(&body, 2);
    put8(&body, 0);
    rec_end(&body, at);
    s = one_sheet_stream(NULL, &body);
    assert_non_null(
        strstr(refused(&s, JX_ERR_FORMAT), ": MULRK record of 11 bytes: not 6 per cell"));
    free(s.data);
    body.len = 0;
    at = rec(&body, 0x0203);
    put16(&body, 0);
    rec_end(&body, at);
    s = one_sheet_stream(NULL, &body);
    assert_non_null(
        strstr(refused(&s, JX_ERR_FORMAT), ": NUMBER record of 2 bytes, shorter than its 14"));
    free(s.data);
    /* Past the columns a source may have, and merges past them. */
    body.len = 0;
    number(&body, 0, 16384, 0, 1);
    s = one_sheet_stream(NULL, &body);
    assert_non_null(strstr(refused(&s, JX_ERR_TOO_LARGE), ": row 1: more than 16384 columns"));
    free(s.data);
    body.len = 0;
    merge(&body, 0, 65535, 0, 65535);
    s = one_sheet_stream(NULL, &body);
    assert_non_null(strstr(refused(&s, JX_ERR_TOO_LARGE), ": merged cells past column 16384"));
    free(s.data);
    /* Charts nested past MAX_NESTING. */
    body.len = 0;
    for (int i = 0; i < 9; i++)
        bof(&body, 0x0020);
    s = one_sheet_stream(NULL, &body);
    assert_non_null(strstr(refused(&s, JX_ERR_FORMAT), ": substreams nested more than 8 deep"));
    free(s.data);
    free(body.data);
}

/* Two sheets at one offset: each record is read once, or the file is refused
 * (4096 sheets at one offset would read a large sheet 4096 times). */
static void test_overlapping_sheets(void **state)
{
    (void)state;
    bytes s = {NULL, 0, 0};
    bof(&s, 0x0005);
    size_t a = boundsheet(&s, "A", 0, 0), b = boundsheet(&s, "B", 0, 0);
    eof(&s);
    patch32(&s, a, (uint32_t)s.len);
    patch32(&s, b, (uint32_t)s.len);
    bof(&s, 0x0010);
    label(&s, 0, 0, "x");
    eof(&s);
    assert_non_null(strstr(refused(&s, JX_ERR_FORMAT),
                           ": sheet 'B' runs into records already read (its substream overlaps "
                           "another)"));
    free(s.data);
}

static void test_old_and_encrypted(void **state)
{
    (void)state;
    /* BIFF5 (Excel 95), in a Book stream. */
    bytes s = {NULL, 0, 0};
    size_t at = rec(&s, 0x0809);
    put16(&s, 0x0500);
    put16(&s, 0x0005);
    put32(&s, 0);
    rec_end(&s, at);
    eof(&s);
    size_t len;
    unsigned char *file = ole_of("Book", &s, &len);
    assert_true(jx_sniff_xls(file, len));
    jx_source src;
    jx_error err;
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "Book stream, record at 0x0: BIFF5 (Excel 95) workbook: save "
                                     "it as .xls 97-2003 or .xlsx");
    free(file);
    /* Excel 4.0's BOF; another version number. */
    s.len = 0;
    at = rec(&s, 0x0409);
    put32(&s, 0);
    rec_end(&s, at);
    assert_string_equal(refused(&s, JX_ERR_FORMAT),
                        "Workbook stream, record at 0x0: Excel 2.x-4.0 workbook: save it as .xls "
                        "97-2003 or .xlsx");
    s.len = 0;
    at = rec(&s, 0x0809);
    put16(&s, 0x0700);
    put16(&s, 0x0005);
    rec_end(&s, at);
    assert_string_equal(refused(&s, JX_ERR_FORMAT),
                        "Workbook stream, record at 0x0: BOF version 0x0700, not BIFF8: save it as "
                        ".xls 97-2003 or .xlsx");
    /* FILEPASS: encrypted. */
    s.len = 0;
    bof(&s, 0x0005);
    at = rec(&s, 0x002F);
    put16(&s, 0);
    put16(&s, 0x1234);
    put16(&s, 0x5678);
    rec_end(&s, at);
    assert_string_equal(refused(&s, JX_ERR_FORMAT), "encrypted: save it without a password first");
    /* An empty stream. */
    s.len = 0;
    file = ole_of("Workbook", &s, &len);
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "Workbook stream: empty");
    free(file);
    free(s.data);
}

/* A compound file whose directory chains n entries one under the next:
 * libgsf recurses once per entry (see read_xls.c). */
static unsigned char *deep_directory(size_t n, size_t *len)
{
    size_t per = 4, ndir = (n + 1 + per - 1) / per, nfat = 1;
    while (nfat * 128 < nfat + ndir)
        nfat++;
    bytes b = {NULL, 0, 0};
    put(&b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    while (b.len < 0x18)
        put8(&b, 0);
    put16(&b, 0x3E);
    put16(&b, 3);
    put16(&b, 0xFFFE);
    put16(&b, 9);
    put16(&b, 6);
    while (b.len < 0x2C)
        put8(&b, 0);
    put32(&b, (uint32_t)nfat);
    put32(&b, (uint32_t)nfat); /* the directory's first sector */
    put32(&b, 0);
    put32(&b, 4096);
    put32(&b, 0xFFFFFFFE);
    put32(&b, 0);
    put32(&b, 0xFFFFFFFE);
    put32(&b, 0);
    for (uint32_t i = 0; i < 109; i++)
        put32(&b, i < nfat ? i : 0xFFFFFFFF);
    for (size_t i = 0; i < nfat * 128; i++) {
        uint32_t v = i < nfat               ? 0xFFFFFFFD
                     : i < nfat + ndir - 1  ? (uint32_t)i + 1
                     : i == nfat + ndir - 1 ? 0xFFFFFFFE
                                            : 0xFFFFFFFF;
        put32(&b, v);
    }
    for (size_t e = 0; e < ndir * per; e++) {
        unsigned char entry[128] = {0};
        if (e <= n) {
            entry[0] = e == 0 ? 'R' : 's';
            entry[64] = 4;
            entry[66] = e == 0 ? 5 : 2;
            entry[67] = 1;
            uint32_t left = 0xFFFFFFFF, right = e > 0 && e < n ? (uint32_t)e + 1 : 0xFFFFFFFF;
            uint32_t child = e == 0 && n > 0 ? 1 : 0xFFFFFFFF;
            for (int k = 0; k < 4; k++) {
                entry[68 + k] = (unsigned char)(left >> (8 * k));
                entry[72 + k] = (unsigned char)(right >> (8 * k));
                entry[76 + k] = (unsigned char)(child >> (8 * k));
                entry[116 + k] = (unsigned char)(0xFFFFFFFEu >> (8 * k));
            }
        }
        put(&b, entry, sizeof entry);
    }
    *len = b.len;
    return b.data;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_compound_file_guards(void **state)
{
    (void)state;
    jx_source src;
    jx_error err;
    size_t len;
    /* 2,000 entries: libgsf reads them (no Workbook among them). */
    unsigned char *file = deep_directory(2000, &len);
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message, "no Workbook stream: a compound file, but no Excel workbook");
    free(file);
    /* 40,000 (a 5 MB file that overflows an 8 MB stack in libgsf): refused at once. */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    file = deep_directory(40000, &len);
    assert_false(jx_sniff_xls(file, len));
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message,
                        "not a readable compound file: more directory entries than a workbook has");
    assert_true(seconds_since(&t0) < 2.0);
    /* Sectors of 128 bytes, and a block table larger than the file. */
    file[0x1E] = 7;
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message,
                        "not a readable compound file: sector sizes other than 512 or 4096 bytes");
    file[0x1E] = 9;
    file[0x2C] = 0xFF;
    file[0x2D] = 0xFF;
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message,
                        "not a readable compound file: a block table larger than the file");
    free(file);
    /* A root entry with a sibling, which libgsf would leak (found by
     * fuzz_read_xls): refused. */
    bytes body = {NULL, 0, 0};
    label(&body, 0, 0, "x");
    bytes stream = one_sheet_stream(NULL, &body);
    file = ole_of("Workbook", &stream, &len);
    assert_int_equal(read_bytes(file, len, &src, &err), JX_OK);
    size_t root = 512 + 512 * (size_t)(file[0x30] | file[0x31] << 8);
    file[root + 72] = 1;
    file[root + 73] = file[root + 74] = file[root + 75] = 0;
    assert_false(jx_sniff_xls(file, len));
    assert_int_equal(read_bytes(file, len, &src, &err), JX_ERR_FORMAT);
    assert_string_equal(err.message,
                        "not a readable compound file: a root directory entry with siblings");
    free(file);
    free(stream.data);
    free(body.data);
    /* Past 16 MB: refused by its size. */
    size_t big = ((size_t)16 << 20) + 1;
    file = calloc(big, 1);
    assert_non_null(file);
    memcpy(file, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    assert_int_equal(read_bytes(file, big, &src, &err), JX_ERR_TOO_LARGE);
    assert_string_equal(err.message, "larger than 16 MB: an .xls is read up to 16 MB (save it as "
                                     ".xlsx)");
    free(file);
}

static unsigned handled;

static void count_message(const gchar *domain, GLogLevelFlags level, const gchar *message,
                          gpointer data)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
    handled++;
}

/* libgsf warns through GLib (a directory entry of an unknown type, here),
 * which prints to stderr: the reader catches it, and a program's own
 * handler is there again after the read. */
static void test_nothing_printed(void **state)
{
    (void)state;
    size_t len;
    unsigned char *file = deep_directory(3, &len);
    file[len - 4 * 128 + 128 + 66] = 7; /* entry 1: no such type */
    guint mine = g_log_set_handler("libgsf:msole", G_LOG_LEVEL_WARNING, count_message, NULL);
    FILE *captured = tmpfile();
    assert_non_null(captured);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0 && dup2(fileno(captured), 2) >= 0);
    jx_source src;
    jx_error err;
    jx_status st = read_bytes(file, len, &src, &err);
    bool sniffed = jx_sniff_xls(file, len);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long printed = lseek(fileno(captured), 0, SEEK_END);
    fclose(captured);
    assert_int_equal(st, JX_ERR_FORMAT);
    assert_false(sniffed);
    assert_int_equal(printed, 0);
    assert_int_equal(handled, 0);
    g_log("libgsf:msole", G_LOG_LEVEL_WARNING, "the program's own");
    assert_int_equal(handled, 1);
    g_log_remove_handler("libgsf:msole", mine);
    free(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scorecard_fixture),
        cmocka_unit_test(test_strings_fixture),
        cmocka_unit_test(test_sniffs),
        cmocka_unit_test(test_hostile_fixtures),
        cmocka_unit_test(test_strings_across_continue),
        cmocka_unit_test(test_strings_cut_off),
        cmocka_unit_test(test_cell_records),
        cmocka_unit_test(test_formats_and_1904),
        cmocka_unit_test(test_merged_cells),
        cmocka_unit_test(test_sheets_in_order),
        cmocka_unit_test(test_corrupt_records),
        cmocka_unit_test(test_overlapping_sheets),
        cmocka_unit_test(test_old_and_encrypted),
        cmocka_unit_test(test_compound_file_guards),
        cmocka_unit_test(test_nothing_printed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
