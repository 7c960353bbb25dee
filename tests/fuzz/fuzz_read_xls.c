/*
 * fuzz_read_xls — libFuzzer target for the .xls reader
 * (engine/read/read_xls.c, with libgsf under it and numfmt.c and sheet.c
 * after it).
 *
 * Input: bytes. A compound file (the OLE2 signature first) goes to
 * jx_read_xls as it is: the guards, libgsf, a stream cut short. Anything
 * else is first stored as the Workbook stream of a compound file written
 * here by libgsf, so that mutations reach the BIFF records instead of
 * dying in the container (tests/fuzz/seeds/xls holds both kinds).
 *
 * Contracts: a file that reads was sniffed as an .xls and gives a source
 * within the limits of read.h: rows of a sheet it names, in sheet and row
 * order, each with a cell; cells in column order, their spans at least 1
 * and clear of the next cell, a sheet's merged area within
 * JX_READ_MAX_CELLS, text in UTF-8 without TAB, CR or LF; a row's width at
 * least where its last cell ends. A refusal is FORMAT, TOO_LARGE or NOMEM
 * with a one-line UTF-8 message naming the stream or the container, and no
 * rows. libgsf prints nothing: the program's GLib handlers for its
 * domains, set here, are never reached during a read and are there again
 * after it. No crash, leak or undefined behaviour.
 */
#define FUZZ_NAME "fuzz_read_xls"
#include "fuzz_oracle.h"

#include "read.h"
#include "fuzz_source.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output.h>

static const char *const domains[] = {"libgsf", "libgsf:msole", "GLib", "GLib-GObject"};
#define NDOMAINS (sizeof domains / sizeof domains[0])

/* The program's handlers: reaching one while reading means libgsf's
 * message would have been printed. */
static bool reading;
static unsigned reached;

static void program_handler(const gchar *domain, GLogLevelFlags level, const gchar *message,
                            gpointer data)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
    require(!reading, "the reader never lets libgsf or GLib print");
    reached++;
}

static void set_program_handlers(void)
{
    static bool set;
    if (set)
        return;
    for (size_t i = 0; i < NDOMAINS; i++)
        g_log_set_handler(domains[i], G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL, program_handler,
                          NULL);
    set = true;
}

/* data as the Workbook stream of a compound file; NULL when libgsf fails. */
static unsigned char *ole_of_stream(const uint8_t *data, size_t size, size_t *len)
{
    GsfOutput *memory = gsf_output_memory_new();
    GsfOutfile *ole = memory ? gsf_outfile_msole_new(memory) : NULL;
    GsfOutput *child = ole ? gsf_outfile_new_child(ole, "Workbook", FALSE) : NULL;
    bool written = child != NULL && (size == 0 || gsf_output_write(child, size, data))
                   && gsf_output_close(child) && gsf_output_close(GSF_OUTPUT(ole));
    unsigned char *bytes = NULL;
    if (written) {
        *len = (size_t)gsf_output_size(memory);
        bytes = malloc(*len ? *len : 1);
        if (bytes != NULL && *len > 0)
            memcpy(bytes, gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(memory)), *len);
    }
    if (child != NULL)
        g_object_unref(child);
    if (ole != NULL)
        g_object_unref(ole);
    if (memory != NULL)
        g_object_unref(memory);
    return bytes;
}

static void check_source(const jx_source *src)
{
    require(src->kind == JX_SOURCE_XLS, "the source is an .xls's");
    require(src->note != NULL && utf8_string(src->note) && one_line_text(src->note),
            "the note is one line of UTF-8");
    for (size_t p = 0; p < src->nparts; p++)
        require(utf8_string(src->parts[p]) && one_line_text(src->parts[p]),
                "sheet names are one line of UTF-8");
    check_sheet_rows(src, one_line_text, true);
}

static void check_refusal(jx_status st, const jx_source *src, const jx_error *err)
{
    static const char *const starts[] = {
        "Workbook stream", "Book stream",       "not a readable compound file",
        "encrypted",       "no Workbook stream", "larger than",
        "out of memory",
    };
    check_refusal_names(st, src, err, starts, sizeof starts / sizeof starts[0],
                        "the message names the stream or the container");
    require(src->nparts == 0, "a refused file gives no sheets");
}

static void read_one(const unsigned char *bytes, size_t len)
{
    jx_arena *arena = jx_arena_new();
    require(arena != NULL, "an arena");
    jx_source src;
    jx_error err;
    memset(&err, 0, sizeof err);
    reading = true;
    bool sniffed = jx_sniff_xls(bytes, len);
    jx_status st = jx_read_xls(arena, bytes, len, &src, &err);
    reading = false;
    /* The program's handlers are theirs again: each domain reaches one. */
    unsigned before = reached;
    for (size_t i = 0; i < NDOMAINS; i++)
        g_log(domains[i], G_LOG_LEVEL_WARNING, "after the read");
    require(reached == before + NDOMAINS, "the program's GLib handlers given back");
    if (st == JX_OK) {
        require(sniffed, "a file that reads is sniffed as an .xls");
        check_source(&src);
    } else {
        check_refusal(st, &src, &err);
    }
    jx_arena_free(arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char ole_magic[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    set_program_handlers();
    if (size >= sizeof ole_magic && memcmp(data, ole_magic, sizeof ole_magic) == 0) {
        read_one(data, size);
        return 0;
    }
    size_t len = 0;
    unsigned char *file = ole_of_stream(data, size, &len);
    require(file != NULL, "libgsf stores the stream");
    read_one(file, len);
    free(file);
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
