/* test_store.c — the findings database (engine/render/store.c) and the rules
 * key (engine/rules/fingerprint.c): the seeds' reports are recorded and found
 * again with equal rows; another key, another version and a failure are
 * never found; a file that is not jixiao's database (not SQLite, cut short,
 * damaged, another program's, another schema) is refused with its name; the
 * schema README documents is the one created; the key follows every file it
 * covers. */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NSEEDS 5

/* The seeds checked by the national rule set, each with its summary row. */
typedef struct {
    jx_document *doc[NSEEDS];
    jx_report *report[NSEEDS];
    char sha256[NSEEDS][JX_SHA256_HEX];
    jx_summary *summary; /* row i is seed i's */
    jx_rules rules;
    char dir[64]; /* a private folder for the databases */
} fixture;

static int setup(void **state)
{
    static const char *const paths[NSEEDS] = JX_SEED_PATHS;
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    jx_error err = {0};
    assert_int_equal(jx_rules_load("national", "rules", &fx->rules, &err), JX_OK);
    fx->summary = jx_summary_new(&err);
    assert_non_null(fx->summary);
    for (size_t i = 0; i < NSEEDS; i++) {
        unsigned char *bytes = NULL;
        size_t len = 0;
        assert_int_equal(jx_input_read(paths[i], &bytes, &len, &err), JX_OK);
        jx_sha256_hex(bytes, len, fx->sha256[i]);
        fx->doc[i] = jx_document_parse_with(paths[i], bytes, len, JX_FORMAT_AUTO, NULL, &err);
        free(bytes);
        assert_non_null(fx->doc[i]);
        fx->report[i] = jx_evaluate(fx->doc[i], &fx->rules, &err);
        assert_non_null(fx->report[i]);
        assert_int_equal(
            jx_summary_add_report(fx->summary, fx->report[i], paths[i], "", fx->sha256[i], &err),
            JX_OK);
    }
    snprintf(fx->dir, sizeof fx->dir, "/tmp/jx_store_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    for (size_t i = 0; i < NSEEDS; i++) {
        jx_report_free(fx->report[i]);
        jx_document_free(fx->doc[i]);
    }
    jx_summary_free(fx->summary);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(fx);
    return 0;
}

/* A fresh path in the fixture's folder (the last four stay valid). */
static const char *db_path(fixture *fx, const char *name)
{
    static char paths[4][128];
    static unsigned next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", fx->dir, name);
    unlink(path);
    return path;
}

static const jx_summary_doc *row_of(const fixture *fx, size_t i)
{
    return jx_summary_row(fx->summary, i);
}

/* Records every seed in a new database at path, under key. */
static void record_seeds(fixture *fx, const char *path, const char *key)
{
    jx_error err = {0};
    jx_store *store = NULL;
    if (jx_store_open(path, "check", key, &store, &err) != JX_OK)
        fail_msg("%s", err.message);
    for (size_t i = 0; i < NSEEDS; i++)
        if (jx_store_put(store, fx->report[i], row_of(fx, i), &err) != JX_OK)
            fail_msg("%s", err.message);
    assert_int_equal(jx_store_close(store, NSEEDS, 0, 0, &err), JX_OK);
}

/* One integer an SQL statement gives, read with SQLite itself. */
static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static void assert_value_equal(jx_summary_value a, jx_summary_value b)
{
    assert_int_equal(a.has, b.has);
    if (a.has) {
        assert_int_equal(a.micros, b.micros);
        assert_int_equal(a.decimals, b.decimals);
    }
}

#define CMP_TEXT(a, b) assert_string_equal(a, b)
#define CMP_COUNT(a, b) assert_int_equal(a, b)
#define CMP_FLAG(a, b) ((void)0) /* reused: set by the lookup */
#define CMP_VALUE(a, b) assert_value_equal(a, b)

/* A row found again is the row recorded: every column of summary_fields.def,
 * its cards and its counts by code. */
static void assert_rows_equal(const jx_summary_doc *want, const jx_summary_doc *got)
{
#define JX_SUMMARY_DOC_FIELD(member, type, header, width) CMP_##type(want->member, got->member);
#include "summary_fields.def"
    assert_true(got->reused);
    assert_int_equal(got->ncards, want->ncards);
    for (size_t c = 0; c < want->ncards; c++) {
        const jx_summary_card *a = &want->cards[c], *b = &got->cards[c];
#define JX_SUMMARY_CARD_FIELD(member, type, header, width) CMP_##type(a->member, b->member);
#include "summary_fields.def"
    }
    assert_int_equal(got->ncodes, want->ncodes);
    for (size_t k = 0; k < want->ncodes; k++) {
        assert_string_equal(got->codes[k].code, want->codes[k].code);
        assert_int_equal(got->codes[k].severity, want->codes[k].severity);
        assert_int_equal(got->codes[k].count, want->codes[k].count);
    }
}

/* ------------------------------------------------------------ recording and finding */

static void test_put_then_lookup(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "seeds.sqlite");
    record_seeds(fx, path, "key-A");

    /* Every finding of every report is a row; the run says what it did. */
    size_t findings = 0, cards = 0;
    for (size_t i = 0; i < NSEEDS; i++) {
        findings += fx->report[i]->nfindings;
        cards += fx->report[i]->ncards;
    }
    assert_true(findings > 0 && cards > 0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), NSEEDS);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM scorecards"), cards);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM findings"), findings);
    assert_int_equal(sql_int(path, "SELECT checked FROM runs"), NSEEDS);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM runs WHERE finished IS NOT NULL "
                                   "AND command = 'check' AND rules_key = 'key-A'"),
                     1);
    assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x4A584442);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 1);

    /* A finding as a reviewer queries it: its card, place, values as text. */
    assert_int_equal(
        sql_int(path, "SELECT count(*) FROM findings f JOIN documents d ON d.id = f.document_id "
                      "JOIN scorecards s ON s.document_id = d.id AND s.position = f.scorecard "
                      "WHERE d.path LIKE '%001_0783382fd8294bcc.txt' AND f.code = 'exec_rate' "
                      "AND f.line = 324 AND f.place LIKE '第324行第%列' AND f.declared = '29.3%' "
                      "AND f.computed = '100.00' AND f.computed_percent = 1 "
                      "AND f.row_label = '年度资金总额' AND f.column_name = '执行率' "
                      "AND s.title = '离休老干医药费' AND f.severity = 'error'"),
        1);
    /* Totals are exact decimal text, never REAL. */
    assert_int_equal(sql_int(path,
                             "SELECT count(*) FROM scorecards WHERE typeof(declared_total) "
                             "NOT IN ('text', 'null') OR typeof(computed_total) NOT IN "
                             "('text', 'null') OR typeof(difference) NOT IN ('text', 'null')"),
                     0);

    jx_error err = {0};
    jx_store *store = NULL;
    assert_int_equal(jx_store_open(path, "check", "key-A", &store, &err), JX_OK);
    jx_summary *found = jx_summary_new(&err);
    assert_non_null(found);
    for (size_t i = 0; i < NSEEDS; i++) {
        bool hit = false;
        assert_int_equal(jx_store_lookup(store, fx->sha256[i], found, &hit, &err), JX_OK);
        assert_true(hit);
        assert_int_equal(jx_summary_count(found), i + 1);
        assert_rows_equal(row_of(fx, i), jx_summary_row(found, i));
    }
    /* Without a summary it only says whether. */
    bool hit = false;
    assert_int_equal(jx_store_lookup(store, fx->sha256[0], NULL, &hit, &err), JX_OK);
    assert_true(hit);
    assert_int_equal(jx_summary_count(found), NSEEDS);
    /* Bytes never recorded, and no hash at all, are not known. */
    assert_int_equal(jx_store_lookup(store, "00", found, &hit, &err), JX_OK);
    assert_false(hit);
    assert_int_equal(jx_store_lookup(store, "", found, &hit, &err), JX_OK);
    assert_false(hit);
    assert_int_equal(jx_store_close(store, 0, NSEEDS, 0, &err), JX_OK);
    jx_summary_free(found);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM runs"), 2);
    assert_int_equal(sql_int(path, "SELECT reused FROM runs WHERE id = 2"), NSEEDS);
}

static void test_other_key_or_version_not_found(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "keys.sqlite");
    record_seeds(fx, path, "key-A");
    jx_error err = {0};
    jx_store *store = NULL;
    bool hit = true;
    assert_int_equal(jx_store_open(path, "check", "key-B", &store, &err), JX_OK);
    assert_int_equal(jx_store_lookup(store, fx->sha256[1], NULL, &hit, &err), JX_OK);
    assert_false(hit);
    assert_int_equal(jx_store_close(store, 0, 0, 0, &err), JX_OK);

    /* Recorded by another jixiao: checked otherwise, so checked again. */
    sql_exec(path, "UPDATE documents SET version = '0.0.1'");
    assert_int_equal(jx_store_open(path, "check", "key-A", &store, &err), JX_OK);
    assert_int_equal(jx_store_lookup(store, fx->sha256[1], NULL, &hit, &err), JX_OK);
    assert_false(hit);
    assert_int_equal(jx_store_close(store, 0, 0, 0, &err), JX_OK);
}

static void test_failures_never_found(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "failures.sqlite");
    jx_error err = {0};
    jx_store *store = NULL;
    assert_int_equal(jx_store_open(path, "score", "key-A", &store, &err), JX_OK);
    jx_summary_doc failed = *row_of(fx, 2);
    failed.failure = "out of memory";
    failed.ncards = 0;
    failed.cards = NULL;
    assert_int_equal(jx_store_put_failure(store, &failed, &err), JX_OK);
    jx_summary_doc unsaid = {.path = "x.pdf", .sha256 = fx->sha256[3], .failure = ""};
    assert_int_equal(jx_store_put_failure(store, &unsaid, &err), JX_OK);
    jx_summary_doc unread = {.path = "gone.txt", .failure = "No such file or directory"};
    assert_int_equal(jx_store_put_failure(store, &unread, &err), JX_OK);
    bool hit = true;
    assert_int_equal(jx_store_lookup(store, fx->sha256[2], NULL, &hit, &err), JX_OK);
    assert_false(hit);
    assert_int_equal(jx_store_lookup(store, fx->sha256[3], NULL, &hit, &err), JX_OK);
    assert_false(hit);
    /* Checked at last: the document replaces its failure and is found. */
    assert_int_equal(jx_store_put(store, fx->report[2], row_of(fx, 2), &err), JX_OK);
    assert_int_equal(jx_store_lookup(store, fx->sha256[2], NULL, &hit, &err), JX_OK);
    assert_true(hit);
    assert_int_equal(jx_store_close(store, 1, 0, 2, &err), JX_OK);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 3);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents WHERE failure = 'unreadable' "
                                   "AND path = 'x.pdf'"),
                     1);
    assert_int_equal(sql_int(path, "SELECT failed FROM runs"), 2);
}

static void test_put_again_replaces(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "again.sqlite");
    record_seeds(fx, path, "key-A");
    record_seeds(fx, path, "key-A");
    jx_error err = {0};
    jx_store *store = NULL;
    assert_int_equal(jx_store_open(path, "check", "key-A", &store, &err), JX_OK);
    for (int k = 0; k < 3; k++)
        assert_int_equal(jx_store_put(store, fx->report[1], row_of(fx, 1), &err), JX_OK);
    assert_int_equal(jx_store_close(store, 3, 0, 0, &err), JX_OK);
    size_t findings = 0;
    for (size_t i = 0; i < NSEEDS; i++)
        findings += fx->report[i]->nfindings;
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), NSEEDS);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM findings"), findings);
    /* Another key is another record of the same bytes. */
    record_seeds(fx, path, "key-B");
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 2 * NSEEDS);
}

/* One process's run: n documents (the seeds under made-up hashes from
 * `first` on), each looked up first as a run does; false on any error. */
static bool run_of(fixture *fx, const char *path, size_t first, size_t n, char *why, size_t size)
{
    jx_error err = {0};
    jx_store *store = NULL;
    bool ok = jx_store_open(path, "check", "key-A", &store, &err) == JX_OK;
    for (size_t k = first; ok && k < first + n; k++) {
        jx_summary_doc row = *row_of(fx, k % NSEEDS);
        char sha[JX_SHA256_HEX];
        snprintf(sha, sizeof sha, "%064zx", k);
        row.sha256 = sha;
        bool hit = true;
        ok = jx_store_lookup(store, sha, NULL, &hit, &err) == JX_OK && !hit
             && jx_store_put(store, fx->report[k % NSEEDS], &row, &err) == JX_OK;
    }
    if (store != NULL && jx_store_close(store, n, 0, 0, ok ? &err : NULL) != JX_OK)
        ok = false;
    if (!ok)
        snprintf(why, size, "%s", err.message);
    return ok;
}

/* Two processes create and write one database at once: each waits for the
 * other's batches, neither fails, nothing is lost. */
static void test_two_processes_share_a_file(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "shared.sqlite");
    char why[256] = "";
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        bool ok = run_of(fx, path, 100000, 600, why, sizeof why);
        if (!ok)
            fprintf(stderr, "child: %s\n", why);
        _exit(ok ? 0 : 1);
    }
    bool ok = run_of(fx, path, 0, 600, why, sizeof why);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    if (!ok)
        fail_msg("parent: %s", why);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 1200);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM runs WHERE checked = 600 AND finished "
                                   "IS NOT NULL"),
                     2);
    assert_int_equal(sql_int(path, "SELECT count(DISTINCT run_id) FROM documents"), 2);
}

/* ------------------------------------------------------------ refusals */

static void write_file(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static long file_size(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return (long)sb.st_size;
}

/* Opening path fails with status, a message naming it and saying `says`. */
static void assert_refused(const char *path, jx_status status, const char *says)
{
    jx_error err = {0};
    jx_store *store = (jx_store *)&err; /* must be reset */
    jx_status got = jx_store_open(path, "check", "key-A", &store, &err);
    if (got == JX_OK)
        fail_msg("%s: opened, expected: %s", path, says);
    assert_null(store);
    assert_int_equal(got, status);
    assert_int_equal(err.status, status);
    if (strstr(err.message, path) == NULL || strstr(err.message, says) == NULL)
        fail_msg("'%s' should name %s and say '%s'", err.message, path, says);
}

static void test_refuses_what_is_not_sqlite(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "notes.txt");
    static const char text[] = "这不是数据库。 This is a text file, long enough to hold a header "
                               "of one hundred bytes, and then some more text.\n";
    write_file(path, text, sizeof text - 1);
    assert_refused(path, JX_ERR_FORMAT, "not a SQLite database");
    write_file(path, "SQLite format 3", 16); /* the magic alone */
    assert_refused(path, JX_ERR_FORMAT, "not a SQLite database");
    assert_int_equal(file_size(path), 16); /* left as it was */
    /* A folder, and a link (never followed, whatever it points to). */
    assert_refused(fx->dir, JX_ERR_IO, "not a regular file");
    const char *link = db_path(fx, "link.sqlite");
    record_seeds(fx, db_path(fx, "target.sqlite"), "key-A");
    assert_int_equal(symlink("target.sqlite", link), 0);
    assert_refused(link, JX_ERR_IO, "symbolic link");
    assert_refused("/nonexistent-dir/x.sqlite", JX_ERR_IO, "cannot");
}

static void test_refuses_truncated(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "cut.sqlite");
    record_seeds(fx, path, "key-A");
    long size = file_size(path);
    assert_true(size > 8 * 4096);
    assert_int_equal(truncate(path, size / 2), 0); /* whole pages, fewer than counted */
    assert_refused(path, JX_ERR_FORMAT, "damaged: cut short");
    assert_int_equal(truncate(path, 4096 + 100), 0); /* inside a page */
    assert_refused(path, JX_ERR_FORMAT, "damaged: cut short");
    assert_int_equal(truncate(path, 60), 0); /* inside the header */
    assert_refused(path, JX_ERR_FORMAT, "not a SQLite database");
}

static void test_refuses_damaged_pages(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "damaged.sqlite");
    record_seeds(fx, path, "key-A");
    /* Every page after the first (the schema's) overwritten: the tables'
     * pages are noise. Open or lookup must say so, never crash. */
    long size = file_size(path);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 4096, SEEK_SET), 0);
    for (long i = 4096; i < size; i++)
        fputc((int)((i * 2654435761u) >> 13) & 0xff, f);
    assert_int_equal(fclose(f), 0);
    jx_error err = {0};
    jx_store *store = NULL;
    jx_status st = jx_store_open(path, "check", "key-A", &store, &err);
    if (st == JX_OK) {
        jx_summary *into = jx_summary_new(&err);
        bool hit = false;
        st = jx_store_lookup(store, fx->sha256[0], into, &hit, &err);
        jx_error ignored;
        jx_store_close(store, 0, 0, 0, &ignored);
        jx_summary_free(into);
    } else {
        assert_null(store);
    }
    assert_int_equal(st, JX_ERR_FORMAT);
    if (strstr(err.message, path) == NULL || strstr(err.message, "damaged") == NULL)
        fail_msg("'%s' should name %s and say it is damaged", err.message, path);
}

static void test_refuses_foreign_databases(void **state)
{
    fixture *fx = *state;
    /* Another program's database: refused, not written. */
    const char *path = db_path(fx, "other.sqlite");
    sql_exec(path, "CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT);"
                   "INSERT INTO documents (name) VALUES ('mine')");
    long before = file_size(path);
    assert_refused(path, JX_ERR_FORMAT, "not a jixiao findings database");
    assert_int_equal(file_size(path), before);
    unsigned char header[20];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(header, 1, sizeof header, f), sizeof header);
    fclose(f);
    assert_int_equal(header[18], 1); /* still a rollback journal's, not switched to WAL */

    /* jixiao's, of another schema version. */
    path = db_path(fx, "v2.sqlite");
    record_seeds(fx, path, "key-A");
    sql_exec(path, "PRAGMA user_version = 2");
    assert_refused(path, JX_ERR_FORMAT, "schema version 2");

    /* jixiao's by its ids, but a table changed or gone, or a trigger added. */
    path = db_path(fx, "altered.sqlite");
    record_seeds(fx, path, "key-A");
    sql_exec(path, "ALTER TABLE findings ADD COLUMN note TEXT");
    assert_refused(path, JX_ERR_FORMAT, "its table findings differs");
    path = db_path(fx, "dropped.sqlite");
    record_seeds(fx, path, "key-A");
    sql_exec(path, "DROP TABLE runs");
    assert_refused(path, JX_ERR_FORMAT, "its table runs is missing");
    path = db_path(fx, "trigger.sqlite");
    record_seeds(fx, path, "key-A");
    sql_exec(path, "CREATE TRIGGER t AFTER INSERT ON documents BEGIN DELETE FROM runs; END");
    assert_refused(path, JX_ERR_FORMAT, "triggers");
}

/* ------------------------------------------------------------ the schema */

/* Text with runs of white space made one space. */
static char *squeeze(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    assert_non_null(out);
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        bool space = *p == ' ' || *p == '\n' || *p == '\t';
        if (space && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = space ? ' ' : *p;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

/* README's "Findings database" gives every table and index as created. */
static void test_readme_gives_the_schema(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "schema.sqlite");
    record_seeds(fx, path, "key-A");
    const char *readme = readme_text();
    const char *section = strstr(readme, "\n## Findings database");
    assert_non_null(section);
    const char *block = strstr(section, "```sql\n");
    assert_non_null(block);
    block += strlen("```sql\n");
    const char *end = strstr(block, "```");
    assert_non_null(end);
    char *sql = malloc((size_t)(end - block) + 1);
    assert_non_null(sql);
    memcpy(sql, block, (size_t)(end - block));
    sql[end - block] = '\0';
    char *documented = squeeze(sql);

    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT "
                                        "NULL AND name NOT LIKE 'sqlite%' ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    size_t objects = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *created = squeeze((const char *)sqlite3_column_text(st, 1));
        size_t n = strlen(created);
        char *with_end = malloc(n + 2);
        assert_non_null(with_end);
        snprintf(with_end, n + 2, "%s;", created);
        if (strstr(documented, with_end) == NULL)
            fail_msg("README's Findings database lacks %s as created:\n%s",
                     sqlite3_column_text(st, 0), created);
        free(with_end);
        free(created);
        objects++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    size_t creates = 0;
    for (const char *p = documented; (p = strstr(p, "CREATE ")) != NULL; p++)
        creates++;
    assert_int_equal(creates, objects); /* and nothing more */
    assert_int_equal(objects, 10);      /* four tables, six indexes */
    free(documented);
    free(sql);
}

/* ------------------------------------------------------------ speed */

/* The process's CPU time: what the store costs, whatever else the machine runs. */
static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 2,000 documents (the seeds under made-up hashes) are recorded in batches:
 * far faster than one transaction each would allow. */
static void test_many_puts_are_fast(void **state)
{
    fixture *fx = *state;
    const char *path = db_path(fx, "many.sqlite");
    jx_error err = {0};
    jx_store *store = NULL;
    assert_int_equal(jx_store_open(path, "check", "key-A", &store, &err), JX_OK);
    size_t findings = 0;
    double start = seconds_now();
    for (size_t k = 0; k < 2000; k++) {
        jx_summary_doc row = *row_of(fx, k % NSEEDS);
        char sha[JX_SHA256_HEX];
        snprintf(sha, sizeof sha, "%064zx", k);
        row.sha256 = sha;
        if (jx_store_put(store, fx->report[k % NSEEDS], &row, &err) != JX_OK)
            fail_msg("%s", err.message);
        findings += fx->report[k % NSEEDS]->nfindings;
    }
    assert_int_equal(jx_store_close(store, 2000, 0, 0, &err), JX_OK);
    double seconds = seconds_now() - start;
    print_message(
        "store: 2000 documents, %zu findings recorded in %.3f s of CPU (%.0f documents/s)\n",
        findings, seconds, 2000 / seconds);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM documents"), 2000);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM findings"), findings);
    assert_true(seconds < 4.0); /* about 0.35 s in a release build, 1.7 s under ASan */
}

/* ------------------------------------------------------------ the rules key */

static void copy_file(const char *from, const char *to)
{
    unsigned char *bytes;
    size_t n;
    jx_error err;
    assert_int_equal(jx_read_file(from, 1 << 26, &bytes, &n, &err), JX_OK);
    write_file(to, bytes, n);
    free(bytes);
}

static void key_of(const char *choice, const char *rules, const char *forms,
                   char out[JX_SHA256_HEX])
{
    jx_error err = {0};
    if (jx_rules_fingerprint(choice, rules, forms, out, &err) != JX_OK)
        fail_msg("%s", err.message);
    assert_int_equal(strlen(out), 64);
}

static void test_fingerprint_follows_its_files(void **state)
{
    fixture *fx = *state;
    char rules[128], forms[128], path[256];
    snprintf(rules, sizeof rules, "%s/rules", fx->dir);
    snprintf(forms, sizeof forms, "%s/forms", fx->dir);
    assert_int_equal(mkdir(rules, 0700), 0);
    assert_int_equal(mkdir(forms, 0700), 0);
    static const char *const files[] = {"national.ini", "shaanxi.ini", "henan.ini",
                                        JX_GAZETTEER_FILE};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char from[64];
        snprintf(from, sizeof from, "rules/%s", files[i]);
        snprintf(path, sizeof path, "%s/%s", rules, files[i]);
        copy_file(from, path);
    }
    copy_file("forms/tables.ini", (snprintf(path, sizeof path, "%s/tables.ini", forms), path));

    char a[JX_SHA256_HEX], b[JX_SHA256_HEX];
    key_of("auto", rules, NULL, a);
    key_of("auto", rules, NULL, b);
    assert_string_equal(a, b); /* a key, not a nonce */
    key_of("national", rules, NULL, b);
    assert_string_not_equal(a, b); /* the choice */
    key_of("auto", rules, forms, b);
    assert_string_not_equal(a, b); /* forms read from a folder */
    key_of("auto", "rules", NULL, b);
    assert_string_not_equal(a, b); /* other rule sets */

    /* A rule file changes by one byte: another key. */
    snprintf(path, sizeof path, "%s/henan.ini", rules);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs(";\n", f);
    fclose(f);
    key_of("auto", rules, NULL, b);
    assert_string_not_equal(a, b);
    /* A rule set more, the gazetteer changed or gone, each matter; what is
     * no rule set (another extension, a hidden file) does not. */
    char c[JX_SHA256_HEX], d[JX_SHA256_HEX];
    snprintf(path, sizeof path, "%s/README.txt", rules);
    write_file(path, "notes", 5);
    snprintf(path, sizeof path, "%s/.#henan.ini", rules);
    write_file(path, "lock", 4);
    key_of("auto", rules, NULL, c);
    assert_string_equal(b, c);
    snprintf(path, sizeof path, "%s/extra.ini", rules);
    write_file(path, "", 0);
    key_of("auto", rules, NULL, c);
    assert_string_not_equal(b, c);
    snprintf(path, sizeof path, "%s/%s", rules, JX_GAZETTEER_FILE);
    f = fopen(path, "ab");
    assert_non_null(f);
    fputs("\n", f);
    fclose(f);
    key_of("auto", rules, NULL, d);
    assert_string_not_equal(c, d);
    assert_int_equal(unlink(path), 0);
    key_of("auto", rules, NULL, c);
    assert_string_not_equal(c, d);
    /* A form changes. */
    key_of("auto", rules, forms, c);
    snprintf(path, sizeof path, "%s/tables.ini", forms);
    f = fopen(path, "ab");
    assert_non_null(f);
    fputs(";\n", f);
    fclose(f);
    key_of("auto", rules, forms, d);
    assert_string_not_equal(c, d);
    /* A rule set chosen by path: its own bytes count. */
    snprintf(path, sizeof path, "%s/extra.ini", rules);
    key_of(path, rules, NULL, c);
    write_file(path, "; mine\n", 7);
    key_of(path, rules, NULL, d);
    assert_string_not_equal(c, d);

    /* What cannot be read is an error naming it. */
    jx_error err = {0};
    char out[JX_SHA256_HEX];
    snprintf(path, sizeof path, "%s/%s", rules, JX_GAZETTEER_FILE);
    assert_int_equal(mkdir(path, 0700), 0); /* a folder where the gazetteer goes */
    assert_int_equal(jx_rules_fingerprint("auto", rules, NULL, out, &err), JX_ERR_IO);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(jx_rules_fingerprint("auto", "/nonexistent-rules", NULL, out, &err),
                     JX_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent-rules"));
    assert_int_equal(jx_rules_fingerprint("/nonexistent/mine.ini", "rules", NULL, out, &err),
                     JX_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent/mine.ini"));
    assert_int_equal(jx_rules_fingerprint("auto", "rules", "/nonexistent-forms", out, &err),
                     JX_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent-forms"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_then_lookup),
        cmocka_unit_test(test_other_key_or_version_not_found),
        cmocka_unit_test(test_failures_never_found),
        cmocka_unit_test(test_put_again_replaces),
        cmocka_unit_test(test_two_processes_share_a_file),
        cmocka_unit_test(test_refuses_what_is_not_sqlite),
        cmocka_unit_test(test_refuses_truncated),
        cmocka_unit_test(test_refuses_damaged_pages),
        cmocka_unit_test(test_refuses_foreign_databases),
        cmocka_unit_test(test_readme_gives_the_schema),
        cmocka_unit_test(test_many_puts_are_fast),
        cmocka_unit_test(test_fingerprint_follows_its_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
