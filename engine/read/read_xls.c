/*
 * read_xls.c — an Excel 97-2003 workbook (.xls, BIFF8) as a source: every
 * worksheet, in workbook order, as rows of cells showing what Excel shows,
 * as read_xlsx.c does for .xlsx.
 *
 * The file is an OLE2 compound document. libgsf reads it from memory and
 * hands over its Workbook stream ("Book" in files older than Excel 97).
 * libgsf was written for files people open on purpose: on a crafted
 * directory it recurses once per entry (a 5 MB file overflows an 8 MB
 * stack) and keeps its entries sorted in quadratic time; it sizes a stack
 * buffer by its block tables (up to a 32nd of the file); it leaks the
 * siblings of a root entry. So the bytes are checked before it sees them
 * (compound_hazard: fixed header fields and one byte per 128): at most
 * MAX_FILE_BYTES; MS-CFB's sector sizes; a block table no larger than the
 * file needs; a root entry without siblings; and at most
 * MAX_DIRECTORY_SLOTS places where libgsf could find a directory entry,
 * which bounds its recursion (about 4 MB of stack at worst) and its sort
 * (half a second). Its GLib warnings go to a handler of ours for the length
 * of the call, never to stderr.
 *
 * The stream is a run of BIFF records (MS-XLS): the workbook globals (the
 * shared strings, number formats, cell formats, 1904 dates, the sheets and
 * where their records start), then each sheet's records from its BOF to its
 * EOF, an embedded chart's records nested inside. Every record's length is
 * checked against the stream, every loop ends with the stream, and a corrupt
 * record is refused with its offset ("Workbook stream, record at 0x1A2C: …").
 *
 * What a cell shows: a shared or inline string (rich-text runs and phonetic
 * data skipped), a formula's cached value (never evaluated), TRUE/FALSE, an
 * error such as #N/A, or a number in its cell format (numfmt.c). Where cells
 * are and the merged areas go to sheet.c, as for .xlsx.
 */
#include "read.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input-proxy.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-shared-memory.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Beyond what any real workbook has, below what could take minutes. */
#define MAX_SHEETS 4096u
#define MAX_STYLES 262144u /* cell formats and number formats, each */
#define MAX_NESTING 8u     /* substreams inside a sheet (its charts) */
/* The limits that keep libgsf safe (see the top). A BIFF8 sheet holds at
 * most 65536 rows of 256 columns: a scorecard is kilobytes, and a workbook
 * past this is saved as .xlsx. */
#define MAX_FILE_BYTES ((size_t)16 << 20)
#define MAX_DIRECTORY_SLOTS 16384u
#define SPARE_FAT_SECTORS 8u /* block-table sectors past what the file needs */

enum { /* record types (MS-XLS 2.3) */
       REC_FORMULA = 0x0006,
       REC_EOF = 0x000A,
       REC_DATEMODE = 0x0022,
       REC_FILEPASS = 0x002F,
       REC_CONTINUE = 0x003C,
       REC_CODEPAGE = 0x0042,
       REC_BOUNDSHEET = 0x0085,
       REC_MULRK = 0x00BD,
       REC_MULBLANK = 0x00BE,
       REC_RSTRING = 0x00D6,
       REC_XF = 0x00E0,
       REC_MERGEDCELLS = 0x00E5,
       REC_SST = 0x00FC,
       REC_LABELSST = 0x00FD,
       REC_BLANK = 0x0201,
       REC_NUMBER = 0x0203,
       REC_LABEL = 0x0204,
       REC_BOOLERR = 0x0205,
       REC_STRING = 0x0207,
       REC_RK = 0x027E,
       REC_FORMAT = 0x041E,
       REC_BOF = 0x0809,
};

enum { /* a BOF record's substream types */
       BOF_GLOBALS = 0x0005,
       BOF_WORKSHEET = 0x0010,
};

static const unsigned char ole_magic[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

typedef struct {
    size_t at; /* its header's offset in the stream */
    uint16_t type, len;
    const unsigned char *body;
} record;

typedef struct {
    const char *name; /* in the source's arena */
    uint32_t offset;  /* of its BOF record in the stream */
    uint8_t state;    /* 0 visible, 1 hidden, 2 very hidden */
    uint8_t kind;     /* 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module */
} sheet_entry;

typedef struct {
    uint32_t id;
    uint32_t seq; /* its order: of two FORMAT records with one id the later counts */
    const jx_numfmt *fmt;
} custom_format;

typedef struct {
    jx_arena *arena;   /* the source's: what the rows hold */
    jx_arena *scratch; /* for the read alone: formats, messages' names */
    jx_error *err;
    const char *stream; /* "Workbook": messages name it */
    const unsigned char *data;
    size_t len;
    uint64_t scanned; /* bytes of records read, over the globals and every sheet */
    bool date1904;
    const char **strings; /* the shared strings, as shown */
    size_t nstrings, strings_cap;
    custom_format *formats;
    size_t nformats, formats_cap;
    uint16_t *xf_ids; /* each cell format's number format id, in XF order */
    size_t nxf, xf_cap;
    const jx_numfmt **xf_formats; /* by a cell's XF index */
    sheet_entry *list;
    size_t nlist, list_cap;
    jx_sheets *sheets; /* the rows, laid out sheet by sheet */
    jx_buf text;       /* the string being decoded */
} workbook;

/* ------------------------------------------------------------ errors */

static jx_status fail_at(workbook *wb, jx_status status, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static jx_status fail_stream(workbook *wb, jx_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "Workbook stream, record at 0x1A2C: …": where in the stream, for the
 * caller to add the file's name. */
static jx_status fail_at(workbook *wb, jx_status status, size_t at, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(what);
    jx_error_set(wb->err, status, 0, "%s stream, record at 0x%zX: %s", wb->stream, at, what);
    return status;
}

static jx_status fail_stream(workbook *wb, jx_status status, const char *fmt, ...)
{
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    jx_utf8_trim_partial(what);
    jx_error_set(wb->err, status, 0, "%s stream: %s", wb->stream, what);
    return status;
}

static jx_status out_of_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double get_double(const unsigned char *p)
{
    uint64_t bits = (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* ------------------------------------------------------------ the compound file (libgsf) */

/*
 * libgsf registers each of its GObject types the first time it is asked
 * for, with no lock: two threads reading their first .xls at once can
 * register one twice and crash (seen in gsf_input_proxy_new_section). The
 * types the reader uses are registered here, once, before threads start.
 */
void jx_xls_prepare_threads(void)
{
    g_type_ensure(GSF_INPUT_MEMORY_TYPE);
    g_type_ensure(GSF_SHARED_MEMORY_TYPE);
    g_type_ensure(GSF_INFILE_MSOLE_TYPE);
    g_type_ensure(GSF_INPUT_PROXY_TYPE);
}

/* The GLib log domains libgsf reports in (its own, and GLib's checks of
 * what it calls): for the length of a call they go to swallow(). */
static const char *const gsf_domains[] = {"libgsf", "libgsf:msole", "GLib", "GLib-GObject"};
#define NDOMAINS (sizeof gsf_domains / sizeof gsf_domains[0])

typedef struct {
    guint ids[NDOMAINS];
} quiet;

static void swallow(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

/* A handler added to a domain goes before the program's own, and removing
 * it gives theirs back. */
static void quiet_begin(quiet *q)
{
    for (size_t i = 0; i < NDOMAINS; i++)
        q->ids[i] = g_log_set_handler(
            gsf_domains[i],
            (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION), swallow,
            NULL);
}

static void quiet_end(const quiet *q)
{
    for (size_t i = 0; i < NDOMAINS; i++)
        g_log_remove_handler(gsf_domains[i], q->ids[i]);
}

/* Why libgsf must not be handed these bytes (see the top); NULL: it may.
 * Only fixed header fields and the type byte of each 128-byte slot are
 * looked at: the container itself is libgsf's to read. */
static const char *compound_hazard(const unsigned char *bytes, size_t len)
{
    if (len < 512)
        return "shorter than its 512-byte header";
    unsigned shift = get16(bytes + 0x1E), mini_shift = get16(bytes + 0x20);
    if ((shift != 9 && shift != 12) || mini_shift != 6)
        return "sector sizes other than 512 or 4096 bytes";
    size_t sector = (size_t)1 << shift, per_fat_sector = sector / 4;
    size_t sectors = (len - 512 + sector - 1) / sector;
    if (get32(bytes + 0x2C) > (sectors + per_fat_sector - 1) / per_fat_sector + SPARE_FAT_SECTORS)
        return "a block table larger than the file";
    /* The root entry has no siblings (MS-CFB 2.6.4); libgsf would read
     * them as more roots and keep none, leaking each. */
    uint64_t root = (uint64_t)(sector > 512 ? sector : 512)
                    + (uint64_t)get32(bytes + 0x30) * sector;
    if (root <= len - 128
        && (get32(bytes + root + 68) != 0xFFFFFFFFu || get32(bytes + root + 72) != 0xFFFFFFFFu))
        return "a root directory entry with siblings";
    /* Directory entries sit at 128-byte boundaries; libgsf follows one only
     * when its type is storage (1), stream (2, of a size within the file) or
     * root (5): a bound on what it could follow, however the file links them. */
    size_t slots = 0;
    for (size_t at = 512; len - at >= 128; at += 128) {
        unsigned char type = bytes[at + 66];
        if ((type == 1 || type == 5 || (type == 2 && get32(bytes + at + 120) <= len))
            && ++slots > MAX_DIRECTORY_SLOTS)
            return "more directory entries than a workbook has";
    }
    return NULL;
}

static bool same_name(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if ((*a | 0x20) != (*b | 0x20))
            return false;
    return *a == *b;
}

/* The workbook stream of a compound file, read into *data (malloc'd) when
 * data is not NULL. Its name goes to *name; *encrypted says whether the file
 * has an EncryptionInfo stream. */
static jx_status workbook_stream(const unsigned char *bytes, size_t len, const char **name,
                                 bool *encrypted, unsigned char **data, size_t *data_len,
                                 jx_error *err)
{
    *name = NULL;
    *encrypted = false;
    if (len > MAX_FILE_BYTES) {
        jx_error_set(err, JX_ERR_TOO_LARGE, 0,
                     "larger than %zu MB: an .xls is read up to %zu MB (save it as .xlsx)",
                     MAX_FILE_BYTES >> 20, MAX_FILE_BYTES >> 20);
        return JX_ERR_TOO_LARGE;
    }
    const char *hazard = compound_hazard(bytes, len);
    if (hazard != NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "not a readable compound file: %s", hazard);
        return JX_ERR_FORMAT;
    }
    quiet q;
    quiet_begin(&q);
    jx_status st = JX_OK;
    GError *gerr = NULL;
    GsfInput *input = gsf_input_memory_new(bytes, (gsf_off_t)len, FALSE);
    GsfInfile *ole = input != NULL ? gsf_infile_msole_new(input, &gerr) : NULL;
    GsfInput *stream = NULL;
    if (ole == NULL) {
        char why[160];
        snprintf(why, sizeof why, "%s", gerr != NULL ? gerr->message : "out of memory");
        jx_utf8_trim_partial(why);
        jx_error_set(err, JX_ERR_FORMAT, 0, "not a readable compound file: %s", why);
        st = JX_ERR_FORMAT;
    } else {
        /* "Workbook" (BIFF8) before "Book" (BIFF5): Excel 97 could save both. */
        int n = gsf_infile_num_children(ole), workbook_at = -1, book_at = -1;
        for (int i = 0; i < n; i++) {
            const char *child = gsf_infile_name_by_index(ole, i);
            if (child == NULL)
                continue;
            if (same_name(child, "Workbook"))
                workbook_at = i;
            else if (same_name(child, "Book"))
                book_at = i;
            else if (same_name(child, "EncryptionInfo"))
                *encrypted = true;
        }
        int which = workbook_at >= 0 ? workbook_at : book_at;
        if (which < 0) {
            jx_error_set(err, JX_ERR_FORMAT, 0,
                         "no Workbook stream: a compound file, but no Excel workbook");
            st = JX_ERR_FORMAT;
        } else {
            *name = workbook_at >= 0 ? "Workbook" : "Book";
        }
        if (st == JX_OK && data != NULL) {
            stream = gsf_infile_child_by_index(ole, which);
            gsf_off_t size = stream != NULL ? gsf_input_size(stream) : -1;
            if (stream == NULL || size < 0 || (uint64_t)size > len) {
                jx_error_set(err, JX_ERR_FORMAT, 0, "%s stream: cannot be opened", *name);
                st = JX_ERR_FORMAT;
            } else if (size == 0) {
                jx_error_set(err, JX_ERR_FORMAT, 0, "%s stream: empty", *name);
                st = JX_ERR_FORMAT;
            } else if ((*data = malloc((size_t)size)) == NULL) {
                st = out_of_memory(err);
            } else if (gsf_input_read(stream, (size_t)size, *data) == NULL) {
                jx_error_set(err, JX_ERR_FORMAT, 0,
                             "%s stream: its %lld bytes cannot be read (a truncated file?)", *name,
                             (long long)size);
                st = JX_ERR_FORMAT;
            } else {
                *data_len = (size_t)size;
            }
        }
    }
    if (stream != NULL)
        g_object_unref(stream);
    if (ole != NULL)
        g_object_unref(ole);
    if (input != NULL)
        g_object_unref(input);
    if (gerr != NULL)
        g_error_free(gerr);
    quiet_end(&q);
    return st;
}

/* ------------------------------------------------------------ records */

/* The record at *pos, and *pos past it: 1; 0 at the end of the stream; -1
 * with the error set. */
static int read_record(workbook *wb, size_t *pos, record *r)
{
    size_t at = *pos;
    if (at >= wb->len)
        return 0;
    if (wb->len - at < 4) {
        fail_at(wb, JX_ERR_FORMAT, at, "cut off in its header (%zu of 4 bytes)", wb->len - at);
        return -1;
    }
    r->at = at;
    r->type = get16(wb->data + at);
    r->len = get16(wb->data + at + 2);
    if (r->len > wb->len - at - 4) {
        fail_at(wb, JX_ERR_FORMAT, at,
                "record 0x%04X of %u bytes runs past the end of the stream (%zu bytes)", r->type,
                r->len, wb->len);
        return -1;
    }
    r->body = wb->data + at + 4;
    *pos = at + 4 + r->len;
    return 1;
}

static jx_status too_short(workbook *wb, const record *r, const char *name, unsigned need)
{
    return fail_at(wb, JX_ERR_FORMAT, r->at, "%s record of %u bytes, shorter than its %u", name,
                   r->len, need);
}

/*
 * A record's body and the CONTINUE records after it, read as one run of
 * bytes (the shared strings fill 8224-byte records and go on in CONTINUE
 * records). The characters of a string split between two records are the
 * one place the split shows: the second record begins with a new option
 * byte, saying whether the rest is 8-bit or 16-bit (MS-XLS 2.5.293).
 */
typedef struct {
    workbook *wb;
    size_t at;                    /* the record being read, for messages */
    const unsigned char *p, *end; /* its bytes not read yet */
    size_t next;                  /* where the record after it starts */
} cursor;

static void cursor_start(cursor *c, workbook *wb, const record *r, size_t skip)
{
    c->wb = wb;
    c->at = r->at;
    c->p = r->body + (skip < r->len ? skip : r->len);
    c->end = r->body + r->len;
    c->next = r->at + 4 + r->len;
}

/* On to the next record if it is a CONTINUE: 1; 0 when none follows; -1 with the error set. */
static int cursor_continue(cursor *c)
{
    workbook *wb = c->wb;
    if (c->next >= wb->len || wb->len - c->next < 4 || get16(wb->data + c->next) != REC_CONTINUE)
        return 0;
    size_t pos = c->next;
    record r;
    int rc = read_record(wb, &pos, &r);
    if (rc != 1)
        return rc;
    c->at = r.at;
    c->p = r.body;
    c->end = r.body + r.len;
    c->next = pos;
    return 1;
}

/* n bytes into out (NULL: skipped), across CONTINUE records. */
static jx_status cursor_bytes(cursor *c, unsigned char *out, size_t n, const char *what)
{
    while (n > 0) {
        if (c->p == c->end) {
            int rc = cursor_continue(c);
            if (rc < 0)
                return c->wb->err->status;
            if (rc == 0)
                return fail_at(c->wb, JX_ERR_FORMAT, c->at, "%s cut off", what);
            continue;
        }
        size_t k = (size_t)(c->end - c->p) < n ? (size_t)(c->end - c->p) : n;
        if (out != NULL) {
            memcpy(out, c->p, k);
            out += k;
        }
        c->p += k;
        n -= k;
    }
    return JX_OK;
}

/* Whether the run has ended: the record's bytes read and no CONTINUE after it. */
static int cursor_ended(cursor *c)
{
    while (c->p == c->end) {
        int rc = cursor_continue(c);
        if (rc <= 0)
            return rc < 0 ? -1 : 1;
    }
    return 0;
}

static void put_code_point(jx_buf *out, uint32_t cp)
{
    char bytes[4];
    jx_buf_append(out, bytes, jx_utf8_put(bytes, cp));
}

/* One UTF-16 unit as shown: pairs of surrogates joined, a lone half as
 * U+FFFD; TAB, CR, LF and the other control characters as spaces. */
static void put_unit(jx_buf *out, uint32_t unit, uint32_t *high)
{
    if (*high != 0) {
        uint32_t pending = *high;
        *high = 0;
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
            put_code_point(out, 0x10000 + ((pending - 0xD800) << 10) + (unit - 0xDC00));
            return;
        }
        put_code_point(out, 0xFFFD);
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        *high = unit;
        return;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        unit = 0xFFFD;
    put_code_point(out, unit < 0x20 || unit == 0x7F ? ' ' : unit);
}

/*
 * cch characters into out, as shown. BIFF8 stores a string 16-bit, or
 * "compressed" as the low bytes of its UTF-16 units when all are below
 * U+0100 (MS-XLS 2.5.294): so an 8-bit string is Latin-1, whatever the
 * CODEPAGE record says (that is for BIFF5 and older, refused here).
 */
static jx_status cursor_chars(cursor *c, uint32_t cch, bool wide, jx_buf *out, const char *what)
{
    uint32_t high = 0;
    for (uint32_t i = 0; i < cch;) {
        if (c->p == c->end) {
            int rc = cursor_continue(c);
            if (rc < 0)
                return c->wb->err->status;
            if (rc == 0 || c->p == c->end)
                return fail_at(c->wb, JX_ERR_FORMAT, c->at, "%s cut off after %u of %u characters",
                               what, i, cch);
            wide = (*c->p++ & 1) != 0; /* the characters go on 8-bit or 16-bit */
            continue;
        }
        if (wide) {
            if (c->end - c->p < 2)
                return fail_at(c->wb, JX_ERR_FORMAT, c->at, "%s: a character split between records",
                               what);
            put_unit(out, get16(c->p), &high);
            c->p += 2;
        } else {
            put_unit(out, *c->p++, &high);
        }
        i++;
    }
    if (high != 0)
        put_code_point(out, 0xFFFD);
    return out->failed ? out_of_memory(c->wb->err) : JX_OK;
}

/* An XLUnicodeString (a 16-bit count, an option byte, the characters), or
 * with short_count a ShortXLUnicodeString (an 8-bit count): its text into
 * the arena. */
static jx_status cursor_string(cursor *c, bool short_count, jx_arena *arena, const char *what,
                               const char **out)
{
    unsigned char head[3];
    size_t n = short_count ? 2 : 3;
    jx_status st = cursor_bytes(c, head, n, what);
    if (st != JX_OK)
        return st;
    uint32_t cch = short_count ? head[0] : get16(head);
    jx_buf *text = &c->wb->text;
    jx_buf_clear(text);
    if ((st = cursor_chars(c, cch, (head[n - 1] & 1) != 0, text, what)) != JX_OK)
        return st;
    *out = jx_arena_strndup(arena, text->data ? text->data : "", text->len);
    return *out != NULL ? JX_OK : out_of_memory(c->wb->err);
}

/* ------------------------------------------------------------ the workbook globals */

/* SST: the shared strings, each an XLUnicodeRichExtendedString (MS-XLS
 * 2.5.293): its count and option byte, the number of rich-text runs and the
 * size of the phonetic (Far East) data when it has them, the characters,
 * then the runs and the phonetic data, which a cell does not show. */
static jx_status read_sst(workbook *wb, const record *r, size_t *pos)
{
    if (r->len < 8)
        return too_short(wb, r, "SST", 8);
    uint32_t unique = get32(r->body + 4);
    cursor c;
    cursor_start(&c, wb, r, 8);
    jx_status st = JX_OK;
    /* Those there are, when a writer declared more than it wrote. */
    for (uint32_t i = 0; i < unique && st == JX_OK; i++) {
        int ended = cursor_ended(&c);
        if (ended != 0) {
            if (ended < 0)
                st = wb->err->status;
            break;
        }
        if (wb->nstrings == JX_READ_MAX_STRINGS)
            return fail_at(wb, JX_ERR_TOO_LARGE, c.at, "more than %u shared strings",
                           JX_READ_MAX_STRINGS);
        unsigned char head[3], more[4];
        if ((st = cursor_bytes(&c, head, 3, "shared string")) != JX_OK)
            break;
        uint32_t runs = 0, phonetic = 0;
        if ((head[2] & 0x08) && (st = cursor_bytes(&c, more, 2, "shared string")) == JX_OK)
            runs = get16(more);
        if (st == JX_OK && (head[2] & 0x04)
            && (st = cursor_bytes(&c, more, 4, "shared string")) == JX_OK)
            phonetic = get32(more);
        jx_buf_clear(&wb->text);
        if (st != JX_OK
            || (st = cursor_chars(&c, get16(head), head[2] & 1, &wb->text, "shared string"))
                   != JX_OK
            || (st = cursor_bytes(&c, NULL, (size_t)runs * 4 + phonetic, "shared string")) != JX_OK)
            break;
        const char *s = jx_arena_strndup(wb->arena, wb->text.data ? wb->text.data : "",
                                         wb->text.len);
        const char **grown = jx_grow(wb->strings, &wb->strings_cap, wb->nstrings + 1,
                                     sizeof *grown);
        if (s == NULL || grown == NULL)
            return out_of_memory(wb->err);
        wb->strings = grown;
        wb->strings[wb->nstrings++] = s;
    }
    *pos = c.next;
    return st;
}

/* BOUNDSHEET8: a sheet's name, state, kind and where its records start. */
static jx_status read_boundsheet(workbook *wb, const record *r)
{
    if (r->len < 8)
        return too_short(wb, r, "BOUNDSHEET8", 8);
    if (wb->nlist == MAX_SHEETS)
        return fail_at(wb, JX_ERR_TOO_LARGE, r->at, "more than %u sheets", MAX_SHEETS);
    sheet_entry e = {NULL, get32(r->body), (uint8_t)(r->body[4] & 3), r->body[5]};
    cursor c;
    cursor_start(&c, wb, r, 6);
    jx_status st = cursor_string(&c, true, wb->arena, "sheet name", &e.name);
    if (st != JX_OK)
        return st;
    sheet_entry *grown = jx_grow(wb->list, &wb->list_cap, wb->nlist + 1, sizeof *grown);
    if (grown == NULL)
        return out_of_memory(wb->err);
    wb->list = grown;
    wb->list[wb->nlist++] = e;
    return JX_OK;
}

/* FORMAT: a number format's id and code. */
static jx_status read_format(workbook *wb, const record *r)
{
    if (r->len < 5)
        return too_short(wb, r, "FORMAT", 5);
    if (wb->nformats == MAX_STYLES)
        return fail_at(wb, JX_ERR_TOO_LARGE, r->at, "more than %u number formats", MAX_STYLES);
    cursor c;
    cursor_start(&c, wb, r, 2);
    const char *code;
    jx_status st = cursor_string(&c, false, wb->scratch, "number format", &code);
    if (st != JX_OK)
        return st;
    custom_format f = {get16(r->body), (uint32_t)wb->nformats, jx_numfmt_parse(wb->scratch, code)};
    custom_format *grown = jx_grow(wb->formats, &wb->formats_cap, wb->nformats + 1, sizeof *grown);
    if (f.fmt == NULL || grown == NULL)
        return out_of_memory(wb->err);
    wb->formats = grown;
    wb->formats[wb->nformats++] = f;
    return JX_OK;
}

/* XF: a cell format, of which a cell names one by its index; what matters
 * here is its number format's id. */
static jx_status read_xf(workbook *wb, const record *r)
{
    if (r->len < 4)
        return too_short(wb, r, "XF", 4);
    if (wb->nxf == MAX_STYLES)
        return fail_at(wb, JX_ERR_TOO_LARGE, r->at, "more than %u cell formats", MAX_STYLES);
    uint16_t *grown = jx_grow(wb->xf_ids, &wb->xf_cap, wb->nxf + 1, sizeof *grown);
    if (grown == NULL)
        return out_of_memory(wb->err);
    wb->xf_ids = grown;
    wb->xf_ids[wb->nxf++] = get16(r->body + 2);
    return JX_OK;
}

/* The first record: a BOF of BIFF8's version for the workbook globals. */
static jx_status check_bof(workbook *wb, const record *r)
{
    if (r->type != REC_BOF || r->len < 4) {
        if (r->type == 0x0009 || r->type == 0x0209 || r->type == 0x0409)
            return fail_at(wb, JX_ERR_FORMAT, r->at,
                           "Excel 2.x-4.0 workbook: save it as .xls 97-2003 or .xlsx");
        return fail_at(wb, JX_ERR_FORMAT, r->at, "no BOF record (0x%04X): not a workbook stream",
                       r->type);
    }
    uint16_t version = get16(r->body), kind = get16(r->body + 2);
    if (version == 0x0500)
        return fail_at(wb, JX_ERR_FORMAT, r->at,
                       "BIFF5 (Excel 95) workbook: save it as .xls 97-2003 or .xlsx");
    if (version != 0x0600)
        return fail_at(wb, JX_ERR_FORMAT, r->at,
                       "BOF version 0x%04X, not BIFF8: save it as .xls 97-2003 or .xlsx", version);
    if (kind != BOF_GLOBALS)
        return fail_at(wb, JX_ERR_FORMAT, r->at,
                       "the stream starts with substream type 0x%04X, not the workbook globals",
                       kind);
    return JX_OK;
}

static jx_status read_globals(workbook *wb)
{
    size_t pos = 0;
    record r;
    int rc = read_record(wb, &pos, &r);
    if (rc <= 0)
        return rc < 0 ? wb->err->status : fail_stream(wb, JX_ERR_FORMAT, "empty");
    wb->scanned += 4u + r.len;
    jx_status st = check_bof(wb, &r);
    while (st == JX_OK && (rc = read_record(wb, &pos, &r)) == 1) {
        wb->scanned += 4u + r.len;
        switch (r.type) {
        case REC_EOF: return JX_OK;
        case REC_BOF:
            return fail_at(wb, JX_ERR_FORMAT, r.at, "a BOF record before the globals' EOF");
        case REC_FILEPASS:
            jx_error_set(wb->err, JX_ERR_FORMAT, 0, "encrypted: save it without a password first");
            return JX_ERR_FORMAT;
        case REC_SST: st = read_sst(wb, &r, &pos); break;
        case REC_BOUNDSHEET: st = read_boundsheet(wb, &r); break;
        case REC_FORMAT: st = read_format(wb, &r); break;
        case REC_XF: st = read_xf(wb, &r); break;
        case REC_DATEMODE:
            if (r.len < 2)
                return too_short(wb, &r, "DATEMODE", 2);
            wb->date1904 = get16(r.body) == 1;
            break;
        case REC_CODEPAGE: /* BIFF8's strings are UTF-16 whatever it says (cursor_chars) */
        default: break;
        }
    }
    if (st != JX_OK || rc < 0)
        return st != JX_OK ? st : wb->err->status;
    return fail_stream(wb, JX_ERR_FORMAT, "ends inside the workbook globals, before their EOF");
}

static int compare_formats(const void *a, const void *b)
{
    const custom_format *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Each cell format's number format: a FORMAT record's code for its id (the
 * last of them), else the built-in one (General for an unknown id). */
static jx_status resolve_formats(workbook *wb)
{
    if (wb->nxf == 0)
        return JX_OK;
    if (wb->nformats > 0)
        qsort(wb->formats, wb->nformats, sizeof *wb->formats, compare_formats);
    size_t kept = 0; /* the last of each id */
    for (size_t i = 0; i < wb->nformats; i++) {
        if (kept > 0 && wb->formats[kept - 1].id == wb->formats[i].id)
            kept--;
        wb->formats[kept++] = wb->formats[i];
    }
    wb->nformats = kept;
    wb->xf_formats = jx_arena_alloc(wb->scratch, wb->nxf * sizeof *wb->xf_formats);
    if (wb->xf_formats == NULL)
        return out_of_memory(wb->err);
    const jx_numfmt *builtins[64] = {NULL}; /* each parsed once */
    for (size_t i = 0; i < wb->nxf; i++) {
        custom_format key = {wb->xf_ids[i], 0, NULL};
        const custom_format *c = NULL;
        size_t lo = 0, hi = wb->nformats;
        while (lo < hi) { /* by id alone: one per id now */
            size_t mid = lo + (hi - lo) / 2;
            if (wb->formats[mid].id < key.id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < wb->nformats && wb->formats[lo].id == key.id)
            c = &wb->formats[lo];
        const char *code = jx_numfmt_builtin(key.id);
        if (c != NULL) {
            wb->xf_formats[i] = c->fmt;
        } else if (code != NULL && key.id < 64) {
            if (builtins[key.id] == NULL
                && (builtins[key.id] = jx_numfmt_parse(wb->scratch, code)) == NULL)
                return out_of_memory(wb->err);
            wb->xf_formats[i] = builtins[key.id];
        }
    }
    return JX_OK;
}

/* ------------------------------------------------------------ cells */

/* A stored double as the decimal text numfmt.c reads ("2.2241E3"): the
 * shortest that reads back as the same double, which is what Excel and
 * LibreOffice write in an .xlsx's <v>; numfmt.c then rounds it to Excel's 15
 * digits, so a workbook shows the same saved either way. The digits are
 * taken out of printf's text (strtod reads it in the same locale), so the
 * locale's decimal point cannot get in. False for an infinity or a NaN. */
static bool number_text(double v, char out[32])
{
    if (!isfinite(v))
        return false;
    char buf[64];
    for (int precision = 15; precision <= 17; precision++) { /* 17 always reads back */
        int n = snprintf(buf, sizeof buf, "%.*e", precision - 1, v);
        if (n <= 0 || (size_t)n >= sizeof buf)
            return false;
        if (strtod(buf, NULL) == v)
            break;
    }
    const char *p = buf;
    bool negative = *p == '-';
    p += negative;
    char digits[17];
    int nd = 0;
    for (; *p != '\0' && *p != 'e' && *p != 'E'; p++)
        if (*p >= '0' && *p <= '9' && nd < 17)
            digits[nd++] = *p;
    if (nd < 15 || *p == '\0')
        return false;
    long exponent = strtol(p + 1, NULL, 10);
    if (digits[0] == '0') { /* zero, and -0 */
        strcpy(out, "0");
        return true;
    }
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    size_t k = 0;
    if (negative)
        out[k++] = '-';
    out[k++] = digits[0];
    if (nd > 1) {
        out[k++] = '.';
        memcpy(out + k, digits + 1, (size_t)nd - 1);
        k += (size_t)nd - 1;
    }
    snprintf(out + k, 32 - k, "E%ld", exponent);
    return true;
}

/* An RK number (MS-XLS 2.5.217): a 30-bit integer or the high 30 bits of
 * a double, divided by 100 when its lowest bit says so. */
static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        int64_t i = (int64_t)(rk >> 2);
        if (rk & 0x80000000u) /* the sign of a 30-bit integer */
            i -= (int64_t)1 << 30;
        v = (double)i;
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

static bool blank(const char *s)
{
    while (*s == ' ')
        s++;
    return *s == '\0';
}

/* A cell record's place: touched (a formatted empty cell counts for the
 * row's width) and within the columns a source may have. */
static jx_status cell_place(workbook *wb, const record *r, uint16_t rw, uint32_t col)
{
    if (col >= JX_READ_MAX_COLS)
        return fail_at(wb, JX_ERR_TOO_LARGE, r->at, "row %u: more than %u columns", rw + 1u,
                       JX_READ_MAX_COLS);
    jx_sheets_touch(wb->sheets, rw + 1u, col);
    return JX_OK;
}

static jx_status put_text(workbook *wb, const record *r, uint16_t rw, uint32_t col,
                          const char *text)
{
    jx_status st = cell_place(wb, r, rw, col);
    if (st != JX_OK || blank(text))
        return st;
    return jx_sheets_cell(wb->sheets, rw + 1u, col, text, wb->err);
}

/* A number as its cell format (XF) shows it. */
static jx_status put_number(workbook *wb, const record *r, uint16_t rw, uint32_t col, uint16_t xf,
                            double v)
{
    char stored[32], shown[JX_NUMFMT_TEXT_MAX];
    const char *text = "#NUM!"; /* no number Excel keeps */
    if (number_text(v, stored)) {
        const jx_numfmt *fmt = xf < wb->nxf ? wb->xf_formats[xf] : NULL;
        text = jx_numfmt_display(fmt, stored, wb->date1904, shown) ? shown : stored;
    }
    const char *copy = jx_arena_strndup(wb->arena, text, strlen(text));
    return copy != NULL ? put_text(wb, r, rw, col, copy) : out_of_memory(wb->err);
}

/* BOOLERR's and a formula's error codes (MS-XLS 2.5.97.2). */
static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    case 0x2B: return "#GETTING_DATA";
    default: return "#N/A";
    }
}

/* The cell of a formula whose cached value is a string: the STRING record
 * after it holds the text. */
typedef struct {
    bool waiting;
    uint16_t rw;
    uint32_t col;
} pending_string;

static jx_status read_formula(workbook *wb, const record *r, pending_string *pending)
{
    if (r->len < 14)
        return too_short(wb, r, "FORMULA", 14);
    uint16_t rw = get16(r->body), col = get16(r->body + 2), xf = get16(r->body + 4);
    const unsigned char *value = r->body + 6;
    if (get16(value + 6) != 0xFFFF) /* a number */
        return put_number(wb, r, rw, col, xf, get_double(value));
    switch (value[0]) {
    case 0: /* a string, in the STRING record that follows */
        *pending = (pending_string){true, rw, col};
        return cell_place(wb, r, rw, col);
    case 1: return put_text(wb, r, rw, col, value[2] ? "TRUE" : "FALSE");
    case 2: return put_text(wb, r, rw, col, error_text(value[2]));
    default: /* 3: the empty string */ return cell_place(wb, r, rw, col);
    }
}

/* MULRK: numbers in a row of cells; MULBLANK: formatted empty cells. */
static jx_status read_multiple(workbook *wb, const record *r)
{
    bool numbers = r->type == REC_MULRK;
    unsigned each = numbers ? 6 : 2;
    if (r->len < 6 || (r->len - 6) % each != 0)
        return fail_at(wb, JX_ERR_FORMAT, r->at, "%s record of %u bytes: not %u per cell",
                       numbers ? "MULRK" : "MULBLANK", r->len, each);
    uint16_t rw = get16(r->body), first = get16(r->body + 2);
    size_t n = (size_t)(r->len - 6) / each;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *cell = r->body + 4 + i * each;
        uint32_t col = first + (uint32_t)i;
        jx_status st = numbers ? put_number(wb, r, rw, col, get16(cell), rk_value(get32(cell + 2)))
                               : cell_place(wb, r, rw, col);
        if (st != JX_OK)
            return st;
    }
    return JX_OK;
}

static jx_status read_merges(workbook *wb, const record *r)
{
    if (r->len < 2)
        return too_short(wb, r, "MERGEDCELLS", 2);
    unsigned n = get16(r->body);
    if (r->len < 2 + 8 * n)
        return too_short(wb, r, "MERGEDCELLS", 2 + 8 * n);
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *ref = r->body + 2 + 8 * i;
        uint32_t r1 = get16(ref) + 1u, r2 = get16(ref + 2) + 1u;
        uint32_t c1 = get16(ref + 4), c2 = get16(ref + 6);
        if (c1 >= JX_READ_MAX_COLS || c2 >= JX_READ_MAX_COLS)
            return fail_at(wb, JX_ERR_TOO_LARGE, r->at, "merged cells past column %u",
                           JX_READ_MAX_COLS);
        jx_status st = jx_sheets_merge(wb->sheets, r1, c1, r2, c2, wb->err);
        if (st != JX_OK)
            return st;
    }
    return JX_OK;
}

/* One record of a sheet's own (not of a chart inside it). */
static jx_status read_cell_record(workbook *wb, const record *r, pending_string *pending)
{
    static const struct {
        uint16_t type;
        uint16_t need;
        const char *name;
    } sizes[] = {
        {REC_NUMBER, 14, "NUMBER"}, {REC_RK, 10, "RK"},          {REC_LABELSST, 10, "LABELSST"},
        {REC_LABEL, 9, "LABEL"},    {REC_RSTRING, 9, "RSTRING"}, {REC_BOOLERR, 8, "BOOLERR"},
        {REC_BLANK, 6, "BLANK"},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (r->type == sizes[i].type && r->len < sizes[i].need)
            return too_short(wb, r, sizes[i].name, sizes[i].need);
    const unsigned char *b = r->body;
    switch (r->type) { /* a cell's record: no STRING to come is the last formula's */
    case REC_NUMBER:
    case REC_RK:
    case REC_MULRK:
    case REC_MULBLANK:
    case REC_LABELSST:
    case REC_LABEL:
    case REC_RSTRING:
    case REC_BOOLERR:
    case REC_FORMULA:
    case REC_BLANK: pending->waiting = false; break;
    default: /* SHRFMLA, ARRAY, TABLE may come between a formula and its STRING */ break;
    }
    switch (r->type) {
    case REC_NUMBER:
        return put_number(wb, r, get16(b), get16(b + 2), get16(b + 4), get_double(b + 6));
    case REC_RK:
        return put_number(wb, r, get16(b), get16(b + 2), get16(b + 4), rk_value(get32(b + 6)));
    case REC_MULRK:
    case REC_MULBLANK: return read_multiple(wb, r);
    case REC_LABELSST: {
        uint32_t index = get32(b + 6);
        if (index >= wb->nstrings) {
            char where[16];
            return fail_at(wb, JX_ERR_FORMAT, r->at, "cell %s: no shared string %u (of %zu)",
                           jx_cell_name(get16(b) + 1u, get16(b + 2), where), index, wb->nstrings);
        }
        return put_text(wb, r, get16(b), get16(b + 2), wb->strings[index]);
    }
    case REC_LABEL:
    case REC_RSTRING: { /* its own string; RSTRING's runs after it are not shown */
        cursor c;
        cursor_start(&c, wb, r, 6);
        const char *text;
        jx_status st = cursor_string(&c, false, wb->arena, "cell text", &text);
        return st != JX_OK ? st : put_text(wb, r, get16(b), get16(b + 2), text);
    }
    case REC_BOOLERR:
        return put_text(wb, r, get16(b), get16(b + 2),
                        b[7]   ? error_text(b[6])
                        : b[6] ? "TRUE"
                               : "FALSE");
    case REC_FORMULA: return read_formula(wb, r, pending);
    case REC_STRING: {
        if (!pending->waiting)
            return JX_OK; /* no formula waits for it */
        pending->waiting = false;
        cursor c;
        cursor_start(&c, wb, r, 0);
        const char *text;
        jx_status st = cursor_string(&c, false, wb->arena, "formula string", &text);
        return st != JX_OK ? st : put_text(wb, r, pending->rw, pending->col, text);
    }
    case REC_BLANK: return cell_place(wb, r, get16(b), get16(b + 2));
    case REC_MERGEDCELLS: return read_merges(wb, r);
    default: return JX_OK;
    }
}

/* ------------------------------------------------------------ sheets */

/* One worksheet: its records from its BOF to its EOF, a chart's substream
 * inside it skipped whole. */
static jx_status read_sheet(workbook *wb, const sheet_entry *e, uint32_t index)
{
    /* sheet.c's messages name the sheet: "Workbook stream, sheet '表1': …". */
    size_t n = strlen(wb->stream) + strlen(e->name) + 32;
    char *part = jx_arena_alloc(wb->scratch, n);
    if (part == NULL)
        return out_of_memory(wb->err);
    snprintf(part, n, "%s stream, sheet '%s'", wb->stream, e->name);
    jx_sheets_begin(wb->sheets, part, e->name, index);
    size_t pos = e->offset;
    record r;
    int rc = read_record(wb, &pos, &r);
    if (rc <= 0)
        return rc < 0 ? wb->err->status
                      : fail_stream(wb, JX_ERR_FORMAT,
                                    "sheet '%s' starts at 0x%X, past the end of the stream (%zu "
                                    "bytes)",
                                    e->name, e->offset, wb->len);
    if (r.type != REC_BOF || r.len < 4 || get16(r.body + 2) != BOF_WORKSHEET)
        return fail_at(wb, JX_ERR_FORMAT, r.at, "sheet '%s' starts here, but with no worksheet BOF",
                       e->name);
    wb->scanned += 4u + r.len;
    unsigned depth = 0;
    pending_string pending = {false, 0, 0};
    jx_status st = JX_OK;
    while (st == JX_OK && (rc = read_record(wb, &pos, &r)) == 1) {
        /* Sheets and globals together read each record once: past the
         * stream's length, two sheets share records (overlapping offsets)
         * and a crafted file would be read over and over. */
        if ((wb->scanned += 4u + r.len) > wb->len)
            return fail_at(wb, JX_ERR_FORMAT, r.at,
                           "sheet '%s' runs into records already read (its substream overlaps "
                           "another)",
                           e->name);
        if (r.type == REC_BOF) {
            if (++depth > MAX_NESTING)
                return fail_at(wb, JX_ERR_FORMAT, r.at, "substreams nested more than %u deep",
                               MAX_NESTING);
        } else if (r.type == REC_EOF) {
            if (depth == 0)
                return jx_sheets_end(wb->sheets, wb->err);
            depth--;
        } else if (depth == 0) {
            st = read_cell_record(wb, &r, &pending);
        }
    }
    if (st != JX_OK || rc < 0)
        return st != JX_OK ? st : wb->err->status;
    return fail_stream(wb, JX_ERR_FORMAT, "sheet '%s' ends without its EOF record", e->name);
}

/* ------------------------------------------------------------ the reader */

static const char *kind_name(uint8_t kind)
{
    switch (kind) {
    case 1: return "macrosheet";
    case 2: return "chartsheet";
    case 6: return "VBA module";
    default: return "sheet";
    }
}

/* The sheets in workbook order: worksheets read, the others named in the note. */
static jx_status read_workbook(workbook *wb, jx_source *out)
{
    jx_status st = read_globals(wb);
    if (st == JX_OK)
        st = resolve_formats(wb);
    if (st == JX_OK && wb->nlist == 0)
        st = fail_stream(wb, JX_ERR_FORMAT, "no sheets (no BOUNDSHEET8 record)");
    const char **parts = st == JX_OK ? jx_arena_alloc(wb->arena, wb->nlist * sizeof *parts) : NULL;
    if (st == JX_OK && parts == NULL)
        st = out_of_memory(wb->err);
    size_t nparts = 0;
    for (size_t i = 0; i < wb->nlist && st == JX_OK; i++) {
        const sheet_entry *e = &wb->list[i];
        if (e->kind != 0) { /* 0: a worksheet or a dialog sheet, whose BOF says worksheet */
            jx_sheets_note(wb->sheets, "%s '%s' skipped", kind_name(e->kind), e->name);
            continue;
        }
        if (e->state != 0)
            jx_sheets_note(wb->sheets, "%s sheet '%s' read",
                           e->state == 1 ? "hidden" : "very hidden", e->name);
        parts[nparts] = e->name;
        st = read_sheet(wb, e, (uint32_t)nparts);
        nparts++;
    }
    if (st != JX_OK)
        return st;
    if ((st = jx_sheets_finish(wb->sheets, out, wb->err)) != JX_OK)
        return st;
    out->parts = parts;
    out->nparts = nparts;
    return JX_OK;
}

bool jx_sniff_xls(const unsigned char *bytes, size_t len)
{
    if (len < sizeof ole_magic || memcmp(bytes, ole_magic, sizeof ole_magic) != 0)
        return false;
    const char *name;
    bool encrypted;
    jx_error err;
    return workbook_stream(bytes, len, &name, &encrypted, NULL, NULL, &err) == JX_OK;
}

jx_status jx_read_xls(jx_arena *arena, const unsigned char *bytes, size_t len, jx_source *out,
                      jx_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = JX_SOURCE_XLS;
    out->note = "";
    workbook wb;
    memset(&wb, 0, sizeof wb);
    wb.arena = arena;
    wb.err = err;
    jx_buf_init(&wb.text);
    unsigned char *data = NULL;
    bool encrypted = false;
    jx_status st;
    if (len < sizeof ole_magic || memcmp(bytes, ole_magic, sizeof ole_magic) != 0) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "not a compound file (no OLE2 signature): not an .xls");
        st = JX_ERR_FORMAT;
    } else {
        st = workbook_stream(bytes, len, &wb.stream, &encrypted, &data, &wb.len, err);
    }
    if (st == JX_OK && encrypted) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "encrypted: save it without a password first");
        st = JX_ERR_FORMAT;
    }
    wb.data = data;
    if (st == JX_OK
        && ((wb.scratch = jx_arena_new()) == NULL || (wb.sheets = jx_sheets_new(arena)) == NULL))
        st = out_of_memory(err);
    if (st == JX_OK)
        st = read_workbook(&wb, out);
    if (st != JX_OK) {
        memset(out, 0, sizeof *out);
        out->kind = JX_SOURCE_XLS;
        out->note = "";
    }
    free(data);
    jx_arena_free(wb.scratch);
    jx_sheets_free(wb.sheets);
    free(wb.strings);
    free(wb.formats);
    free(wb.xf_ids);
    free(wb.list);
    jx_buf_free(&wb.text);
    return st;
}
