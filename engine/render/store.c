/*
 * store.c — the findings database (--db FILE, SQLite): every run, every
 * document checked with its scorecards and findings, so that reviewers can
 * query a province's documents and a later run can skip a document checked
 * alike before (same bytes, rules key and jixiao version).
 *
 * The schema is README's "Findings database"; the columns of documents and
 * scorecards are generated from summary_fields.def, as the summary
 * workbook's are. A database is jixiao's when its application_id is
 * STORE_APPLICATION_ID, its user_version STORE_SCHEMA_VERSION, and its four
 * tables are the ones created here, word for word; anything else is refused
 * before a byte of it is written. The run's row is committed at open.
 * Documents are written in batches: a write transaction is begun at the
 * first document after a commit, and committed once it holds STORE_BATCH
 * documents or is STORE_BATCH_SECONDS old (judged at each put and lookup),
 * and at close, so a run that is killed loses at most its last batch, and
 * another process on the file waits at most that long plus one document's
 * check (up to STORE_BUSY_MS). Each document is a savepoint of its own: one
 * that fails to be written leaves nothing. Values are bound, never spliced
 * into SQL.
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STORE_APPLICATION_ID 0x4A584442 /* "JXDB" */
#define STORE_SCHEMA_VERSION 1
#define STORE_BATCH 256       /* documents per transaction, at most */
#define STORE_BATCH_SECONDS 1 /* and a transaction's age, at most, at a put or lookup */
#define STORE_BUSY_MS 30000   /* how long to wait for another process's transaction */

/* ------------------------------------------------------------ the schema */

/* A column of summary_fields.def as SQL: money and scores as exact decimal text. */
#define COLUMN_TEXT(m) #m " TEXT NOT NULL"
#define COLUMN_COUNT(m) #m " INTEGER NOT NULL CHECK (" #m " >= 0)"
#define COLUMN_FLAG(m) #m " INTEGER NOT NULL CHECK (" #m " IN (0, 1))"
#define COLUMN_VALUE(m) #m " TEXT"

/* The SQL a line per column, as README prints it. */
/* clang-format off */
static const char create_runs[] =
    "CREATE TABLE runs (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    started TEXT NOT NULL,\n"
    "    finished TEXT,\n"
    "    version TEXT NOT NULL,\n"
    "    command TEXT NOT NULL,\n"
    "    rules_key TEXT NOT NULL,\n"
    "    checked INTEGER NOT NULL,\n"
    "    reused INTEGER NOT NULL,\n"
    "    failed INTEGER NOT NULL\n"
    ")";

static const char create_documents[] =
    "CREATE TABLE documents (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    run_id INTEGER NOT NULL REFERENCES runs (id),\n"
    "    rules_key TEXT NOT NULL,\n"
    "    version TEXT NOT NULL"
#define JX_SUMMARY_DOC_FIELD(member, type, header, width) ",\n    " COLUMN_##type(member)
#include "summary_fields.def"
    "\n)";

static const char create_scorecards[] =
    "CREATE TABLE scorecards (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,\n"
    "    position INTEGER NOT NULL"
#define JX_SUMMARY_CARD_FIELD(member, type, header, width) ",\n    " COLUMN_##type(member)
#include "summary_fields.def"
    "\n)";

static const char create_findings[] =
    "CREATE TABLE findings (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,\n"
    "    scorecard INTEGER,\n"
    "    code TEXT NOT NULL,\n"
    "    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),\n"
    "    line INTEGER NOT NULL,\n"
    "    place TEXT NOT NULL,\n"
    "    table_title TEXT NOT NULL,\n"
    "    row_label TEXT NOT NULL,\n"
    "    column_name TEXT NOT NULL,\n"
    "    declared TEXT,\n"
    "    computed TEXT,\n"
    "    computed_percent INTEGER NOT NULL CHECK (computed_percent IN (0, 1)),\n"
    "    message TEXT NOT NULL\n"
    ")";

static const struct {
    const char *name;
    const char *sql;
} store_tables[] = {
    {"runs", create_runs},
    {"documents", create_documents},
    {"scorecards", create_scorecards},
    {"findings", create_findings},
};

static const char *const store_indexes[] = {
    "CREATE INDEX documents_unit ON documents (unit)",
    "CREATE INDEX documents_year ON documents (year)",
    "CREATE INDEX documents_content ON documents (sha256, rules_key, version)",
    "CREATE INDEX scorecards_document ON scorecards (document_id)",
    "CREATE INDEX findings_document ON findings (document_id)",
    "CREATE INDEX findings_code ON findings (code)",
};

/* ------------------------------------------------------------ the statements */

#define DOC_NAMES_(member, type, header, width) ", " #member
#define DOC_PARAMS_(member, type, header, width) ", ?"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static const char sql_new_run[] =
    "INSERT INTO runs (started, version, command, rules_key, checked, reused, failed) "
    "VALUES (" NOW ", ?, ?, ?, 0, 0, 0)";
static const char sql_end_run[] =
    "UPDATE runs SET finished = " NOW ", checked = ?, reused = ?, failed = ? WHERE id = ?";

static const char sql_put_doc[] =
    "INSERT INTO documents (run_id, rules_key, version"
#define JX_SUMMARY_DOC_FIELD DOC_NAMES_
#include "summary_fields.def"
    ") VALUES (?, ?, ?"
#define JX_SUMMARY_DOC_FIELD DOC_PARAMS_
#include "summary_fields.def"
    ")";

static const char sql_put_card[] =
    "INSERT INTO scorecards (document_id, position"
#define JX_SUMMARY_CARD_FIELD DOC_NAMES_
#include "summary_fields.def"
    ") VALUES (?, ?"
#define JX_SUMMARY_CARD_FIELD DOC_PARAMS_
#include "summary_fields.def"
    ")";

static const char sql_put_finding[] =
    "INSERT INTO findings (document_id, scorecard, code, severity, line, place, table_title, "
    "row_label, column_name, declared, computed, computed_percent, message) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* A document recorded again replaces its earlier row; a failure replaces
 * only an earlier failure. */
static const char sql_drop_same[] =
    "DELETE FROM documents WHERE sha256 = ? AND rules_key = ? AND version = ?";
static const char sql_drop_failed[] =
    "DELETE FROM documents WHERE sha256 = ? AND rules_key = ? AND version = ? AND failure <> ''";

static const char sql_find_doc[] =
    "SELECT id"
#define JX_SUMMARY_DOC_FIELD DOC_NAMES_
#include "summary_fields.def"
    " FROM documents WHERE sha256 = ? AND rules_key = ? AND version = ? AND failure = '' "
    "ORDER BY id DESC LIMIT 1";

static const char sql_get_cards[] =
    "SELECT position"
#define JX_SUMMARY_CARD_FIELD DOC_NAMES_
#include "summary_fields.def"
    " FROM scorecards WHERE document_id = ? ORDER BY position, id";

static const char sql_get_codes[] =
    "SELECT code, severity, count(*) FROM findings WHERE document_id = ? GROUP BY code, severity";

/* clang-format on */

enum {
    ST_NEW_RUN,
    ST_END_RUN,
    ST_PUT_DOC,
    ST_PUT_CARD,
    ST_PUT_FINDING,
    ST_DROP_SAME,
    ST_DROP_FAILED,
    ST_FIND_DOC,
    ST_GET_CARDS,
    ST_GET_CODES,
    ST_BEGIN,
    ST_COMMIT,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_COUNT
};

static const char *const store_sql[ST_COUNT] = {
    [ST_NEW_RUN] = sql_new_run,
    [ST_END_RUN] = sql_end_run,
    [ST_PUT_DOC] = sql_put_doc,
    [ST_PUT_CARD] = sql_put_card,
    [ST_PUT_FINDING] = sql_put_finding,
    [ST_DROP_SAME] = sql_drop_same,
    [ST_DROP_FAILED] = sql_drop_failed,
    [ST_FIND_DOC] = sql_find_doc,
    [ST_GET_CARDS] = sql_get_cards,
    [ST_GET_CODES] = sql_get_codes,
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_SAVEPOINT] = "SAVEPOINT document",
    [ST_RELEASE] = "RELEASE document",
    [ST_ROLLBACK_TO] = "ROLLBACK TO document",
};

struct jx_store {
    sqlite3 *db;
    char *path; /* as given, for messages */
    char *rules_key;
    int64_t run_id;
    sqlite3_stmt *st[ST_COUNT];
    size_t batch_docs; /* documents written in the open transaction */
    struct timespec batch_start;
};

/* ------------------------------------------------------------ errors */

/*
 * An error of SQLite as the caller reads it, naming the file: what the
 * database is (not SQLite, damaged, locked) or what could not be done, and
 * SQLite's own words.
 */
static jx_status sqlite_error(const char *path, sqlite3 *db, int rc, const char *doing,
                              jx_error *err)
{
    const char *said = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    jx_status status = JX_ERR_IO;
    const char *what = doing;
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        status = JX_ERR_FORMAT;
        what = "not a SQLite database";
        break;
    case SQLITE_CORRUPT:
        status = JX_ERR_FORMAT;
        what = "the database is damaged";
        break;
    case SQLITE_NOMEM: status = JX_ERR_NOMEM; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: what = "the database is in use by another process"; break;
    case SQLITE_CANTOPEN:
        if (rc == SQLITE_CANTOPEN_SYMLINK)
            what = "is a symbolic link, not followed";
        break;
    default: break;
    }
    int sys_errno = db != NULL ? sqlite3_system_errno(db) : 0;
    const char *because = sys_errno != 0 && (rc & 0xff) != SQLITE_NOTADB
                                  && (rc & 0xff) != SQLITE_CORRUPT
                              ? strerror(sys_errno)
                              : NULL;
    if (strcmp(what, doing) == 0 || status == JX_ERR_NOMEM)
        jx_error_set(err, status, 0, "%s: %s (%s%s%s)", path, doing, said, because ? ": " : "",
                     because ? because : "");
    else
        jx_error_set(err, status, 0, "%s: %s: %s (%s%s%s)", path, what, doing, said,
                     because ? ": " : "", because ? because : "");
    return status;
}

static jx_status store_error(const jx_store *s, int rc, const char *doing, jx_error *err)
{
    return sqlite_error(s->path, s->db, rc, doing, err);
}

static jx_status out_of_memory(jx_error *err)
{
    jx_error_set(err, JX_ERR_NOMEM, 0, "out of memory");
    return JX_ERR_NOMEM;
}

/* Runs a statement to its end and readies it for the next use. */
static jx_status step_done(jx_store *s, int which, const char *doing, jx_error *err)
{
    sqlite3_stmt *st = s->st[which];
    int rc = sqlite3_step(st);
    jx_status status = JX_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = store_error(s, rc, doing, err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return status;
}

/* ------------------------------------------------------------ binding */

static bool bind_text(sqlite3_stmt *st, int i, const char *text)
{
    return sqlite3_bind_text(st, i, text != NULL ? text : "", -1, SQLITE_STATIC) == SQLITE_OK;
}

static bool bind_size(sqlite3_stmt *st, int i, size_t n)
{
    return sqlite3_bind_int64(st, i, n > (size_t)INT64_MAX ? INT64_MAX : (int64_t)n) == SQLITE_OK;
}

static bool bind_TEXT(sqlite3_stmt *st, int i, const char *text)
{
    return bind_text(st, i, text);
}

static bool bind_COUNT(sqlite3_stmt *st, int i, size_t n)
{
    return bind_size(st, i, n);
}

static bool bind_FLAG(sqlite3_stmt *st, int i, bool flag)
{
    return sqlite3_bind_int(st, i, flag ? 1 : 0) == SQLITE_OK;
}

/* An exact decimal at its decimals ("-1.50"), or NULL when there is none. */
static bool bind_VALUE(sqlite3_stmt *st, int i, jx_summary_value v)
{
    if (!v.has)
        return sqlite3_bind_null(st, i) == SQLITE_OK;
    char digits[48];
    jx_decimal_format(digits, sizeof digits, v.micros, v.decimals);
    return sqlite3_bind_text(st, i, digits, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

/* ------------------------------------------------------------ reading back */

/* What reading a column gave. */
typedef enum { READ_OK, READ_BAD, READ_NOMEM } read_result;

static read_result read_TEXT(jx_arena *arena, sqlite3_stmt *st, int i, const char **out)
{
    const unsigned char *text = sqlite3_column_text(st, i);
    int n = sqlite3_column_bytes(st, i);
    *out = text != NULL ? jx_arena_strndup(arena, (const char *)text, (size_t)n)
                        : jx_arena_strndup(arena, "", 0);
    return *out != NULL ? READ_OK : READ_NOMEM;
}

static read_result read_COUNT(jx_arena *arena, sqlite3_stmt *st, int i, size_t *out)
{
    (void)arena;
    int64_t n = sqlite3_column_int64(st, i);
    *out = n < 0 ? 0 : (size_t)n;
    return READ_OK;
}

static read_result read_FLAG(jx_arena *arena, sqlite3_stmt *st, int i, bool *out)
{
    (void)arena;
    *out = sqlite3_column_int64(st, i) != 0;
    return READ_OK;
}

/* An exact decimal as bind_VALUE writes it: -?digits(.digits{1,6})?, below
 * JX_AMOUNT_LIMIT. Anything else is not a value jixiao wrote. */
static bool parse_value(const char *text, jx_summary_value *out)
{
    const char *p = text;
    bool negative = *p == '-';
    if (negative)
        p++;
    uint64_t whole = 0;
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        whole = whole * 10 + (uint64_t)(*p - '0');
        if (whole >= (uint64_t)JX_AMOUNT_LIMIT / JX_MICRO)
            return false;
    }
    if (digits == 0)
        return false;
    uint64_t fraction = 0;
    int decimals = 0;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9' && decimals < 6; p++, decimals++)
            fraction = fraction * 10 + (uint64_t)(*p - '0');
        if (decimals == 0)
            return false;
    }
    if (*p != '\0')
        return false;
    for (int d = decimals; d < 6; d++)
        fraction *= 10;
    uint64_t micros = whole * (uint64_t)JX_MICRO + fraction;
    if (micros >= (uint64_t)JX_AMOUNT_LIMIT)
        return false;
    out->has = true;
    out->micros = negative ? -(int64_t)micros : (int64_t)micros;
    out->decimals = (uint8_t)decimals;
    return true;
}

static read_result read_VALUE(jx_arena *arena, sqlite3_stmt *st, int i, jx_summary_value *out)
{
    (void)arena;
    memset(out, 0, sizeof *out);
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return READ_OK;
    const unsigned char *text = sqlite3_column_text(st, i);
    if (text == NULL)
        return READ_NOMEM;
    return parse_value((const char *)text, out) ? READ_OK : READ_BAD;
}

/* The status of a column that did not read: what jixiao would not have
 * written there, or no memory. */
static jx_status read_failed(const char *path, read_result r, const char *what, jx_error *err)
{
    if (r == READ_NOMEM)
        return out_of_memory(err);
    jx_error_set(err, JX_ERR_FORMAT, 0,
                 "%s: the database is damaged: a document's %s is not as jixiao writes it", path,
                 what);
    return JX_ERR_FORMAT;
}

/* ------------------------------------------------------------ batches */

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* A write transaction, begun when none is open (waiting for another
 * process's to end, up to STORE_BUSY_MS). */
static jx_status batch_begin(jx_store *s, jx_error *err)
{
    if (!sqlite3_get_autocommit(s->db))
        return JX_OK;
    jx_status status = step_done(s, ST_BEGIN, "cannot begin writing", err);
    if (status == JX_OK) {
        s->batch_docs = 0;
        clock_gettime(CLOCK_MONOTONIC, &s->batch_start);
    }
    return status;
}

static jx_status batch_commit(jx_store *s, jx_error *err)
{
    if (sqlite3_get_autocommit(s->db))
        return JX_OK;
    return step_done(s, ST_COMMIT, "cannot commit what was recorded", err);
}

/* Commits the open transaction once it holds STORE_BATCH documents or is
 * STORE_BATCH_SECONDS old, so that another process waits little and a run
 * that is killed loses little. */
static jx_status batch_commit_if_due(jx_store *s, jx_error *err)
{
    if (sqlite3_get_autocommit(s->db))
        return JX_OK;
    if (s->batch_docs < STORE_BATCH && seconds_since(&s->batch_start) < STORE_BATCH_SECONDS)
        return JX_OK;
    return batch_commit(s, err);
}

/* ------------------------------------------------------------ opening */

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Whether path + suffix is a file with something in it (a journal to replay). */
static bool has_journal(const char *path, const char *suffix)
{
    size_t n = strlen(path) + strlen(suffix) + 1;
    char *name = malloc(n);
    if (name == NULL)
        return true; /* cannot tell: judge nothing by the size */
    snprintf(name, n, "%s%s", path, suffix);
    struct stat sb;
    bool has = stat(name, &sb) == 0 && sb.st_size > 0;
    free(name);
    return has;
}

/*
 * What the file is before SQLite reads it: none (a new database), empty, or
 * a SQLite database whose size is what its header says. A file of another
 * kind, or one cut short, is refused with what it is; SQLite would find
 * the damage only when it reads the missing pages.
 */
static jx_status check_file(const char *path, jx_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return JX_OK;
        jx_error_set(err, JX_ERR_IO, 0, "%s: %s", path,
                     errno == ELOOP ? "is a symbolic link, not followed" : strerror(errno));
        return JX_ERR_IO;
    }
    struct stat sb;
    unsigned char header[100];
    ssize_t got = 0;
    jx_status status = JX_OK;
    if (fstat(fd, &sb) != 0) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: %s", path, strerror(errno));
        status = JX_ERR_IO;
    } else if (!S_ISREG(sb.st_mode)) {
        jx_error_set(err, JX_ERR_IO, 0, "%s: not a regular file", path);
        status = JX_ERR_IO;
    } else if (sb.st_size > 0) {
        got = read(fd, header, sizeof header);
        if (got < 0) {
            jx_error_set(err, JX_ERR_IO, 0, "%s: %s", path, strerror(errno));
            status = JX_ERR_IO;
        }
    }
    close(fd);
    if (status != JX_OK || sb.st_size == 0)
        return status;
    if ((size_t)got < sizeof header || memcmp(header, "SQLite format 3", 16) != 0) {
        jx_error_set(err, JX_ERR_FORMAT, 0,
                     "%s: not a SQLite database, so not a findings database (it does not "
                     "begin as one)",
                     path);
        return JX_ERR_FORMAT;
    }
    uint32_t page = (uint32_t)header[16] << 8 | header[17];
    if (page == 1)
        page = 65536;
    if (page < 512 || (page & (page - 1)) != 0) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: the database is damaged (a page size of %u)", path,
                     page);
        return JX_ERR_FORMAT;
    }
    if (has_journal(path, "-wal") || has_journal(path, "-journal"))
        return JX_OK; /* the file is what a journal completes */
    uint64_t size = (uint64_t)sb.st_size;
    uint32_t pages = be32(header + 28);
    bool counted = be32(header + 24) == be32(header + 92) && pages > 0;
    if ((counted && (uint64_t)pages * page > size) || size % page != 0) {
        jx_error_set(
            err, JX_ERR_FORMAT, 0,
            "%s: the database is damaged: cut short (%llu bytes, not the %llu its "
            "header counts)",
            path, (unsigned long long)size,
            (unsigned long long)(counted ? (uint64_t)pages * page : (size / page + 1) * page));
        return JX_ERR_FORMAT;
    }
    return JX_OK;
}

/* One integer a statement gives (a PRAGMA, a count). */
static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(st);
    return rc;
}

static jx_status exec(jx_store *s, const char *sql, const char *doing, jx_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? JX_OK : store_error(s, rc, doing, err);
}

static jx_status create_schema(jx_store *s, jx_error *err)
{
    char pragmas[128];
    snprintf(pragmas, sizeof pragmas, "PRAGMA application_id = %d; PRAGMA user_version = %d",
             STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
    jx_status status = exec(s, pragmas, "cannot create the findings database", err);
    for (size_t i = 0; status == JX_OK && i < sizeof store_tables / sizeof store_tables[0]; i++)
        status = exec(s, store_tables[i].sql, "cannot create the findings database", err);
    for (size_t i = 0; status == JX_OK && i < sizeof store_indexes / sizeof store_indexes[0]; i++)
        status = exec(s, store_indexes[i], "cannot create the findings database", err);
    return status;
}

/* Whether a database is jixiao's of this schema: its ids, and its tables as
 * create_schema makes them (no trigger of anyone else's fires on a write). */
static jx_status check_schema(jx_store *s, int64_t application_id, int64_t version, jx_error *err)
{
    if (application_id != STORE_APPLICATION_ID) {
        jx_error_set(err, JX_ERR_FORMAT, 0,
                     "%s: not a jixiao findings database (a SQLite database of another "
                     "program, application_id %lld)",
                     s->path, (long long)application_id);
        return JX_ERR_FORMAT;
    }
    if (version != STORE_SCHEMA_VERSION) {
        jx_error_set(err, JX_ERR_FORMAT, 0,
                     "%s: a jixiao findings database of schema version %lld; jixiao %s "
                     "reads version %d only",
                     s->path, (long long)version, jx_version(), STORE_SCHEMA_VERSION);
        return JX_ERR_FORMAT;
    }
    int64_t triggers = 0;
    int rc = query_int(s->db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
                       &triggers);
    if (rc != SQLITE_OK)
        return store_error(s, rc, "cannot read the schema", err);
    if (triggers > 0) {
        jx_error_set(err, JX_ERR_FORMAT, 0,
                     "%s: not a findings database as jixiao makes them (it has triggers)", s->path);
        return JX_ERR_FORMAT;
    }
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(
        s->db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_error(s, rc, "cannot read the schema", err);
    jx_status status = JX_OK;
    for (size_t i = 0; status == JX_OK && i < sizeof store_tables / sizeof store_tables[0]; i++) {
        sqlite3_bind_text(st, 1, store_tables[i].name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        const unsigned char *sql = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            status = store_error(s, rc, "cannot read the schema", err);
        } else if (sql == NULL || strcmp((const char *)sql, store_tables[i].sql) != 0) {
            jx_error_set(err, JX_ERR_FORMAT, 0,
                         "%s: not a findings database of schema version %d as jixiao makes "
                         "them (its table %s %s)",
                         s->path, STORE_SCHEMA_VERSION, store_tables[i].name,
                         sql == NULL ? "is missing" : "differs");
            status = JX_ERR_FORMAT;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return status;
}

/* Creates the schema in a new database, or checks an existing one's, in
 * one write transaction, so two processes creating one file do not race. */
static jx_status adopt(jx_store *s, jx_error *err)
{
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_error(s, rc, "cannot be read", err);
    int64_t application_id = 0, version = 0, objects = 0;
    rc = query_int(s->db, "PRAGMA application_id", &application_id);
    if (rc == SQLITE_OK)
        rc = query_int(s->db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = query_int(s->db, "SELECT count(*) FROM sqlite_master", &objects);
    jx_status status;
    bool created = rc == SQLITE_OK && application_id == 0 && version == 0 && objects == 0;
    if (rc != SQLITE_OK)
        status = store_error(s, rc, "cannot be read", err);
    else if (created)
        status = create_schema(s, err);
    else
        status = check_schema(s, application_id, version, err);
    if (status == JX_OK) {
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            status = store_error(
                s, rc, created ? "cannot create the findings database" : "cannot be read", err);
    }
    if (status != JX_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

static void store_free(jx_store *s)
{
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s->rules_key);
    free(s);
}

jx_status jx_store_open(const char *path, const char *command, const char *rules_key,
                        jx_store **out, jx_error *err)
{
    *out = NULL;
    if (path == NULL || path[0] == '\0') {
        jx_error_set(err, JX_ERR_IO, 0, "no findings database named");
        return JX_ERR_IO;
    }
    jx_status status = check_file(path, err);
    if (status != JX_OK)
        return status;
    jx_store *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(path)) == NULL
        || (s->rules_key = strdup(rules_key != NULL ? rules_key : "")) == NULL) {
        if (s != NULL)
            free(s->path);
        free(s);
        return out_of_memory(err);
    }
    int rc = sqlite3_open_v2(path, &s->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW
                                 | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        status = s->db != NULL ? store_error(s, rc, "cannot be opened", err) : out_of_memory(err);
        store_free(s);
        return status;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    /* What a database brings must not run with our rights: no functions
     * with side effects in its schema, no writes to the schema by SQL. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    status = exec(s, "PRAGMA cell_size_check = ON; PRAGMA foreign_keys = ON", "cannot be opened",
                  err);
    if (status == JX_OK)
        status = adopt(s, err);
    /* WAL: readers go on while a run writes; a commit does not wait for the disk. */
    if (status == JX_OK)
        status = exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
                      "cannot be opened", err);
    for (int i = 0; status == JX_OK && i < ST_COUNT; i++) {
        rc = sqlite3_prepare_v3(s->db, store_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                                NULL);
        if (rc != SQLITE_OK)
            status = store_error(s, rc, "not a findings database as jixiao makes them", err);
    }
    if (status == JX_OK)
        status = batch_begin(s, err);
    if (status == JX_OK) {
        sqlite3_stmt *st = s->st[ST_NEW_RUN];
        if (!bind_text(st, 1, jx_version()) || !bind_text(st, 2, command)
            || !bind_text(st, 3, s->rules_key))
            status = out_of_memory(err);
        else
            status = step_done(s, ST_NEW_RUN, "cannot record the run", err);
        s->run_id = sqlite3_last_insert_rowid(s->db);
    }
    if (status == JX_OK) /* the run is there for all to see; no lock is held while idle */
        status = batch_commit(s, err);
    if (status != JX_OK) {
        store_free(s);
        return status;
    }
    *out = s;
    return JX_OK;
}

/* ------------------------------------------------------------ lookup */

/* A document's findings counted by code and severity, as jx_summary_add_report
 * counts them: codes jixiao knows, in findings.def's order, the more severe
 * first. */
static jx_status read_codes(jx_store *s, int64_t doc_id, jx_arena *arena, jx_summary_doc *row,
                            jx_error *err)
{
    size_t counts[JX_CODE_COUNT][3] = {{0}};
    const jx_code_info *first = jx_code_info_of((jx_code)0);
    sqlite3_stmt *st = s->st[ST_GET_CODES];
    sqlite3_bind_int64(st, 1, doc_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *code = sqlite3_column_text(st, 0);
        const unsigned char *severity = sqlite3_column_text(st, 1);
        int64_t n = sqlite3_column_int64(st, 2);
        const jx_code_info *info = code ? jx_code_info_named((const char *)code) : NULL;
        for (int sev = JX_SEV_INFO; info != NULL && severity && sev <= JX_SEV_ERROR; sev++)
            if (strcmp((const char *)severity, jx_severity_name((jx_severity)sev)) == 0 && n > 0)
                counts[info - first][sev] += (size_t)n;
    }
    jx_status status = rc == SQLITE_DONE ? JX_OK
                                         : store_error(s, rc, "cannot look up a document", err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (status != JX_OK)
        return status;
    size_t n = 0;
    for (size_t c = 0; c < JX_CODE_COUNT; c++)
        for (int sev = 0; sev < 3; sev++)
            n += counts[c][sev] > 0;
    if (n == 0)
        return JX_OK;
    row->codes = jx_arena_alloc(arena, n * sizeof *row->codes);
    if (row->codes == NULL)
        return out_of_memory(err);
    for (size_t c = 0; c < JX_CODE_COUNT; c++)
        for (int sev = JX_SEV_ERROR; sev >= JX_SEV_INFO; sev--)
            if (counts[c][sev] > 0)
                row->codes[row->ncodes++] = (jx_summary_code){jx_code_info_of((jx_code)c)->name,
                                                              (jx_severity)sev, counts[c][sev]};
    return JX_OK;
}

static jx_status read_cards(jx_store *s, int64_t doc_id, jx_arena *arena, jx_summary_doc *row,
                            jx_error *err)
{
    sqlite3_stmt *st = s->st[ST_GET_CARDS];
    sqlite3_bind_int64(st, 1, doc_id);
    size_t cap = 0;
    jx_status status = JX_OK;
    int rc;
    while (status == JX_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (row->ncards == cap) {
            size_t more = cap ? cap * 2 : 8;
            jx_summary_card *cards = jx_arena_alloc(arena, more * sizeof *cards);
            if (cards == NULL) {
                status = out_of_memory(err);
                break;
            }
            if (row->ncards)
                memcpy(cards, row->cards, row->ncards * sizeof *cards);
            row->cards = cards;
            cap = more;
        }
        jx_summary_card *card = &row->cards[row->ncards];
        int col = 0;
        read_result r = READ_OK;
#define JX_SUMMARY_CARD_FIELD(member, type, header, width)                                         \
    if (r == READ_OK && (r = read_##type(arena, st, ++col, &card->member)) != READ_OK)             \
        status = read_failed(s->path, r, "scorecard's " #member, err);
#include "summary_fields.def"
        if (r == READ_OK)
            row->ncards++;
    }
    if (status == JX_OK && rc != SQLITE_DONE)
        status = store_error(s, rc, "cannot look up a document", err);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return status;
}

jx_status jx_store_lookup(jx_store *store, const char *sha256, jx_summary *into, bool *found,
                          jx_error *err)
{
    *found = false;
    if (sha256 == NULL || sha256[0] == '\0')
        return JX_OK; /* a document not hashed is never known */
    jx_status status = batch_commit_if_due(store, err);
    if (status != JX_OK)
        return status;
    sqlite3_stmt *st = store->st[ST_FIND_DOC];
    if (!bind_text(st, 1, sha256) || !bind_text(st, 2, store->rules_key)
        || !bind_text(st, 3, jx_version()))
        return out_of_memory(err);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        status = rc == SQLITE_DONE ? JX_OK
                                   : store_error(store, rc, "cannot look up a document", err);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return status;
    }
    if (into == NULL) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        *found = true;
        return JX_OK;
    }
    jx_arena *arena = jx_arena_new();
    if (arena == NULL) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return out_of_memory(err);
    }
    jx_summary_doc row;
    memset(&row, 0, sizeof row);
    int64_t doc_id = sqlite3_column_int64(st, 0);
    int col = 0;
    read_result r = READ_OK;
#define JX_SUMMARY_DOC_FIELD(member, type, header, width)                                          \
    if (r == READ_OK && (r = read_##type(arena, st, ++col, &row.member)) != READ_OK)               \
        status = read_failed(store->path, r, #member, err);
#include "summary_fields.def"
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    row.cards = NULL;
    row.ncards = 0;
    if (status == JX_OK)
        status = read_cards(store, doc_id, arena, &row, err);
    if (status == JX_OK)
        status = read_codes(store, doc_id, arena, &row, err);
    if (status == JX_OK) {
        row.reused = true;
        status = jx_summary_add_row(into, &row, err);
    }
    jx_arena_free(arena);
    if (status == JX_OK)
        *found = true;
    return status;
}

/* ------------------------------------------------------------ put */

/* A declared value as the document printed it: ≥95%, 871.44, 3590人次; NULL
 * for a blank or text. */
static bool bind_declared(sqlite3_stmt *st, int i, const jx_number *n)
{
    if (n->kind != JX_NUM_VALUE)
        return sqlite3_bind_null(st, i) == SQLITE_OK;
    char text[48 + JX_UNIT_MAX + 8], digits[48];
    jx_decimal_format(digits, sizeof digits, n->micros, n->decimals);
    snprintf(text, sizeof text, "%s%s%s%s", jx_comparator_symbol(n->cmp), digits,
             n->percent ? "%" : "", n->unit);
    return sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

static bool bind_computed(sqlite3_stmt *st, int i, const jx_finding *f)
{
    if (!f->has_computed)
        return sqlite3_bind_null(st, i) == SQLITE_OK;
    char digits[48];
    jx_decimal_format(digits, sizeof digits, f->computed, f->computed_decimals);
    return sqlite3_bind_text(st, i, digits, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

/* The document's row; *id its rowid. */
static jx_status put_document(jx_store *s, const jx_summary_doc *row, int64_t *id, jx_error *err)
{
    sqlite3_stmt *st = s->st[ST_PUT_DOC];
    bool ok = sqlite3_bind_int64(st, 1, s->run_id) == SQLITE_OK && bind_text(st, 2, s->rules_key)
              && bind_text(st, 3, jx_version());
    int col = 3;
#define JX_SUMMARY_DOC_FIELD(member, type, header, width)                                          \
    ok = ok && bind_##type(st, ++col, row->member);
#include "summary_fields.def"
    if (!ok) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return out_of_memory(err);
    }
    jx_status status = step_done(s, ST_PUT_DOC, "cannot record a document", err);
    *id = sqlite3_last_insert_rowid(s->db);
    return status;
}

static jx_status put_cards(jx_store *s, const jx_summary_doc *row, int64_t doc_id, jx_error *err)
{
    sqlite3_stmt *st = s->st[ST_PUT_CARD];
    jx_status status = JX_OK;
    for (size_t i = 0; status == JX_OK && i < row->ncards; i++) {
        const jx_summary_card *card = &row->cards[i];
        bool ok = sqlite3_bind_int64(st, 1, doc_id) == SQLITE_OK && bind_size(st, 2, i + 1);
        int col = 2;
#define JX_SUMMARY_CARD_FIELD(member, type, header, width)                                         \
    ok = ok && bind_##type(st, ++col, card->member);
#include "summary_fields.def"
        status = ok ? step_done(s, ST_PUT_CARD, "cannot record a scorecard", err)
                    : out_of_memory(err);
    }
    return status;
}

static jx_status put_findings(jx_store *s, const jx_report *report, int64_t doc_id, jx_error *err)
{
    sqlite3_stmt *st = s->st[ST_PUT_FINDING];
    jx_status status = JX_OK;
    size_t card = 0; /* findings are by table, cards in table order: a cursor */
    for (size_t i = 0; status == JX_OK && i < report->nfindings; i++) {
        const jx_finding *f = &report->findings[i];
        size_t position = 0;
        if (f->table != NULL) {
            if (card >= report->ncards || report->cards[card].card->table != f->table)
                for (card = 0; card < report->ncards; card++)
                    if (report->cards[card].card->table == f->table)
                        break;
            if (card < report->ncards)
                position = card + 1;
        }
        char place[320];
        jx_document_place(report->doc, f->line, f->cell ? f->cell->col : 0, place, sizeof place);
        bool ok = sqlite3_bind_int64(st, 1, doc_id) == SQLITE_OK
                  && (position ? bind_size(st, 2, position) : sqlite3_bind_null(st, 2) == SQLITE_OK)
                  && bind_text(st, 3, f->code) && bind_text(st, 4, jx_severity_name(f->severity))
                  && sqlite3_bind_int64(st, 5, f->line) == SQLITE_OK
                  && sqlite3_bind_text(st, 6, place, -1, SQLITE_TRANSIENT) == SQLITE_OK
                  && bind_text(st, 7, f->table ? f->table->title : "") && bind_text(st, 8, f->row)
                  && bind_text(st, 9, f->column) && bind_declared(st, 10, &f->declared)
                  && bind_computed(st, 11, f)
                  && sqlite3_bind_int(st, 12, f->has_computed && f->computed_percent) == SQLITE_OK
                  && bind_text(st, 13, f->message);
        status = ok ? step_done(s, ST_PUT_FINDING, "cannot record a finding", err)
                    : out_of_memory(err);
    }
    return status;
}

/* One document, all of it or nothing (a savepoint), in the open batch. */
static jx_status put_row(jx_store *s, const jx_report *report, const jx_summary_doc *row,
                         jx_error *err)
{
    jx_status status = batch_begin(s, err);
    if (status != JX_OK)
        return status;
    status = step_done(s, ST_SAVEPOINT, "cannot record a document", err);
    if (status != JX_OK)
        return status;
    if (row->sha256 != NULL && row->sha256[0] != '\0') {
        int which = report != NULL ? ST_DROP_SAME : ST_DROP_FAILED;
        sqlite3_stmt *st = s->st[which];
        status = bind_text(st, 1, row->sha256) && bind_text(st, 2, s->rules_key)
                         && bind_text(st, 3, jx_version())
                     ? step_done(s, which, "cannot replace a document", err)
                     : out_of_memory(err);
    }
    int64_t id = 0;
    if (status == JX_OK)
        status = put_document(s, row, &id, err);
    if (status == JX_OK)
        status = put_cards(s, row, id, err);
    if (status == JX_OK && report != NULL)
        status = put_findings(s, report, id, err);
    if (status != JX_OK) {
        /* Undo this document (when SQLite has not undone the batch already). */
        if (!sqlite3_get_autocommit(s->db)) {
            step_done(s, ST_ROLLBACK_TO, "", NULL);
            step_done(s, ST_RELEASE, "", NULL);
        }
        return status;
    }
    status = step_done(s, ST_RELEASE, "cannot record a document", err);
    if (status != JX_OK)
        return status;
    s->batch_docs++;
    return batch_commit_if_due(s, err);
}

jx_status jx_store_put(jx_store *store, const jx_report *report, const jx_summary_doc *row,
                       jx_error *err)
{
    if (report == NULL || row == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: no document to record", store->path);
        return JX_ERR_FORMAT;
    }
    return put_row(store, report, row, err);
}

jx_status jx_store_put_failure(jx_store *store, const jx_summary_doc *row, jx_error *err)
{
    if (row == NULL) {
        jx_error_set(err, JX_ERR_FORMAT, 0, "%s: no document to record", store->path);
        return JX_ERR_FORMAT;
    }
    /* A failure always says why, so no lookup takes it for a checked document. */
    jx_summary_doc failed = *row;
    if (failed.failure == NULL || failed.failure[0] == '\0')
        failed.failure = "unreadable";
    return put_row(store, NULL, &failed, err);
}

/* ------------------------------------------------------------ close */

jx_status jx_store_close(jx_store *store, size_t checked, size_t reused, size_t failed,
                         jx_error *err)
{
    if (store == NULL)
        return JX_OK;
    jx_status status = batch_begin(store, err);
    if (status == JX_OK) {
        sqlite3_stmt *st = store->st[ST_END_RUN];
        bool ok = bind_size(st, 1, checked) && bind_size(st, 2, reused) && bind_size(st, 3, failed)
                  && sqlite3_bind_int64(st, 4, store->run_id) == SQLITE_OK;
        status = ok ? step_done(store, ST_END_RUN, "cannot record the run", err)
                    : out_of_memory(err);
    }
    jx_status committed = batch_commit(store, status == JX_OK ? err : NULL);
    if (status == JX_OK)
        status = committed;
    if (status == JX_OK)
        sqlite3_exec(store->db, "PRAGMA analysis_limit = 1000; PRAGMA optimize", NULL, NULL,
                     NULL); /* statistics for the queries, sampled: quick on any size */
    store_free(store);
    return status;
}
