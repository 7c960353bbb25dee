/*
 * fuzz_store — libFuzzer target for the findings database (--db FILE,
 * engine/render/store.c): what a file planted or damaged where a run's
 * database goes can do to it.
 *
 * Input: the bytes of a database file. They are written to a file of the
 * target's own (nothing beside it: no journal, no WAL), padded with zeros to
 * whole pages of the size its header names (an edit that moves bytes would
 * otherwise only ever test the refusal of a file cut short, which
 * tests/unit/test_store.c does), and opened as a store. A store that opens
 * is asked for the documents the seeds hold (the SHA-256s "aaa…", "bbb…" and
 * "ccc…" under the rules key "fuzz-key", tests/fuzz/seeds/store/make.py) with
 * a summary to rebuild their rows into, records a fixed report
 * (tests/fuzz/fixed/card.txt under the national rules) and a failure, looks
 * the report up again and is closed. Contracts: every refusal or error has a
 * status that says what failed (not SQLite or damaged is FORMAT, a file that
 * cannot be used IO, or NOMEM) and a message that names the file; a refused
 * store is not returned; a row found has every string, its cards, and counts
 * by codes findings.def declares. No crash, leak, hang or undefined
 * behaviour.
 *
 * $JX_FUZZ_ROOT is the repository root (default: the working directory).
 */
#define FUZZ_NAME "fuzz_store"
#include "fuzz_oracle.h"
#include "fuzz_xlsx.h"

#include "check.h" /* jx_code_info_named: the codes findings.def declares */

static char db_path[FUZZ_PATH_MAX];
static jx_report *fixed_report;
static jx_summary *fixed_rows; /* row 0: the fixed report's */

static void setup(void)
{
    static bool ready;
    if (ready)
        return;
    char dir[FUZZ_PATH_MAX], path[FUZZ_PATH_MAX], rules_dir[FUZZ_PATH_MAX];
    fuzz_subdir(dir, "store");
    require(snprintf(db_path, sizeof db_path, "%s/runs.sqlite", dir) < (int)sizeof db_path,
            "harness path fits");
    fuzz_path(path, sizeof path, "tests/fuzz/fixed/card.txt");
    fuzz_path(rules_dir, sizeof rules_dir, "rules");
    size_t len;
    char *text = fuzz_read_file(path, &len);
    jx_error err;
    memset(&err, 0, sizeof err);
    jx_document *doc =
        jx_document_parse("card.txt", (const unsigned char *)text, len, JX_FORMAT_TEXT, &err);
    free(text);
    require(doc != NULL, "the fixed document parses");
    static jx_rules rules; /* the harness's own, for the process's life */
    require(jx_rules_load("national", rules_dir, &rules, &err) == JX_OK,
            "the national rule set loads");
    fixed_report = jx_evaluate(doc, &rules, &err);
    require(fixed_report != NULL, "evaluate without memory pressure");
    fixed_rows = jx_summary_new(&err);
    require(fixed_rows != NULL, "memory");
    char sha[JX_SHA256_HEX];
    memset(sha, 'f', 64);
    sha[64] = '\0';
    require(jx_summary_add_report(fixed_rows, fixed_report, "card.txt", "", sha, &err) == JX_OK,
            "the fixed report's row");
    /* doc, report and rows live as long as the process. */
    ready = true;
}

/* Removes the database and what SQLite may have left beside it. */
static void remove_database(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char path[FUZZ_PATH_MAX + 16];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(path, sizeof path, "%s%s", db_path, suffixes[i]);
        unlink(path);
    }
}

/* An error of the store: a status that says what failed, a message naming the file. */
static void check_error(jx_status st, const jx_error *err, const char *what)
{
    require(memchr(err->message, '\0', sizeof err->message) != NULL, "error message terminated");
    require(st == JX_ERR_FORMAT || st == JX_ERR_IO || st == JX_ERR_NOMEM, what);
    require(err->status == st, "the error's status is the one returned");
    require(st == JX_ERR_NOMEM || strstr(err->message, db_path) != NULL,
            "a store's error names its file");
}

/* A row a lookup rebuilt: every string there, counts by a known code. */
static void check_row(const jx_summary_doc *row)
{
    require(row != NULL, "a row found is added");
    require(row->path && row->workbook && row->sha256 && row->format && row->unit &&
                row->province && row->year && row->kind && row->rules && row->failure,
            "a row found has every string");
    require(row->reused, "a row found is marked reused");
    require(row->failure[0] == '\0', "a failure is never found");
    require(row->ncards == 0 || row->cards != NULL, "a row's cards are there");
    for (size_t i = 0; i < row->ncards; i++) {
        const jx_summary_card *c = &row->cards[i];
        require(c->title && c->kind && c->grade_declared && c->grade_computed,
                "a card found has every string");
        require(!c->declared_total.has || c->declared_total.decimals <= 6,
                "a total has at most six decimals");
    }
    for (size_t i = 0; i < row->ncodes; i++) {
        require(row->codes[i].code != NULL && jx_code_info_named(row->codes[i].code) != NULL,
                "a count is by a code findings.def declares");
        require(row->codes[i].count > 0, "a code counted occurs");
        require(row->codes[i].severity <= JX_SEV_ERROR, "a code's severity is one of three");
    }
}

static void lookup(jx_store *store, char letter, jx_summary *into)
{
    char sha[JX_SHA256_HEX];
    memset(sha, letter, 64);
    sha[64] = '\0';
    jx_error err;
    memset(&err, 0, sizeof err);
    bool found = false;
    size_t before = jx_summary_count(into);
    jx_status st = jx_store_lookup(store, sha, into, &found, &err);
    if (st != JX_OK) {
        check_error(st, &err, "a lookup fails as FORMAT, IO or NOMEM");
        require(!found && jx_summary_count(into) == before, "a failed lookup adds nothing");
        return;
    }
    require(jx_summary_count(into) == before + (found ? 1 : 0), "a row per document found");
    if (found)
        check_row(jx_summary_row(into, before));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    remove_database();
    size_t page = 512;
    if (size >= 100 && memcmp(data, "SQLite format 3", 16) == 0) {
        size_t named = (size_t)data[16] << 8 | data[17];
        page = named == 1 ? 65536 : named >= 512 && (named & (named - 1)) == 0 ? named : 512;
    }
    size_t padded = (size + page - 1) / page * page;
    unsigned char *bytes = calloc(padded ? padded : 1, 1);
    require(bytes != NULL, "memory");
    if (size > 0)
        memcpy(bytes, data, size);
    fuzz_write_file(db_path, bytes, padded);
    free(bytes);

    jx_error err;
    memset(&err, 0, sizeof err);
    jx_store *store = (jx_store *)&err; /* must be reset either way */
    jx_status st = jx_store_open(db_path, "check", "fuzz-key", &store, &err);
    if (st != JX_OK) {
        check_error(st, &err, "a refused database is FORMAT, IO or NOMEM");
        require(store == NULL, "a refused store is not returned");
        require(err.message[0] != '\0', "a refused database says why");
        remove_database();
        return 0;
    }
    require(store != NULL, "an open store is returned");
    jx_summary *into = jx_summary_new(&err);
    require(into != NULL, "memory");
    lookup(store, 'a', into);
    lookup(store, 'b', into);
    lookup(store, 'c', into);

    memset(&err, 0, sizeof err);
    st = jx_store_put(store, fixed_report, jx_summary_row(fixed_rows, 0), &err);
    if (st != JX_OK)
        check_error(st, &err, "a put fails as FORMAT, IO or NOMEM");
    jx_summary_doc failed = {.path = "gone.txt", .sha256 = "", .failure = "unreadable"};
    memset(&err, 0, sizeof err);
    st = jx_store_put_failure(store, &failed, &err);
    if (st != JX_OK)
        check_error(st, &err, "a failure's put fails as FORMAT, IO or NOMEM");
    lookup(store, 'f', into);

    memset(&err, 0, sizeof err);
    st = jx_store_close(store, 1, 0, 1, &err);
    if (st != JX_OK)
        check_error(st, &err, "a close fails as FORMAT, IO or NOMEM");
    jx_summary_free(into);
    remove_database();
    return 0;
}

#ifdef JX_FUZZ_STANDALONE
#include "fuzz_standalone.h"
#endif
