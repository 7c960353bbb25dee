/*
 * work.c — one document's work for parse, check and score (on a worker:
 * nothing printed, everything into the job), and what is done with it in
 * input order (the summary's row, the store's, the exit status).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_say_error(jx_buf *msgs, const char *path, const jx_error *err)
{
    const char *prefix = err->status == JX_ERR_NOT_TEXT ? "not a text document (" : "";
    const char *suffix = err->status == JX_ERR_NOT_TEXT ? ")" : "";
    if (err->line > 0)
        cli_say(msgs, "jixiao: %s:%u: %s%s%s", path, err->line, prefix, err->message, suffix);
    else
        cli_say(msgs, "jixiao: %s: %s%s%s", path, prefix, err->message, suffix);
}

/* ------------------------------------------------------------ parse */

void cli_parse_work(cli_job *job, void *ctx)
{
    const cli_command *cmd = ctx;
    jx_error err = {0};
    jx_document *doc = jx_document_load_with(job->path, JX_FORMAT_AUTO, cmd->forms, &err);
    if (doc == NULL) {
        cli_say_error(&job->msgs, job->path, &err);
        job->status = 2;
        return;
    }
    if (cmd->json)
        jx_render_parse_json(&job->out, doc);
    else
        jx_render_parse_text(&job->out, doc);
    jx_document_free(doc);
}

bool cli_parse_emit(cli_job *job, void *ctx)
{
    cli_command *cmd = ctx;
    if (job->status > cmd->status)
        cmd->status = job->status;
    return true;
}

/* ------------------------------------------------------------ check and score */

/* What a document's check leaves for its turn in the output. */
typedef struct {
    jx_document *doc;
    jx_rules *rules;
    jx_report *report;
    jx_summary *reused;        /* its row from the store, when it is unchanged */
    char sha256[JX_SHA256_HEX];
    char why[JX_MESSAGE_MAX];  /* why it could not be checked; "" */
    jx_buf skips;              /* lines on rule sets the pick skipped */
} outcome;

static void outcome_free(outcome *o)
{
    if (o == NULL)
        return;
    jx_report_free(o->report);
    free(o->rules);
    jx_document_free(o->doc);
    jx_summary_free(o->reused);
    jx_buf_free(&o->skips);
    free(o);
}

static void failed(cli_job *job, outcome *o, const char *path, const jx_error *err)
{
    cli_say_error(&job->msgs, path, err);
    snprintf(o->why, sizeof o->why, "%s", err->message);
    job->status = 2;
}

/* A rule set `--rules auto` skipped as unreadable: kept with the job, said
 * once per run when its turn comes (cli_check_emit). */
static void note_skipped_set(const char *path, const jx_error *err, void *ctx)
{
    outcome *o = ctx;
    if (err->line > 0)
        cli_say(&o->skips, "jixiao: %s:%u: %s (skipped by --rules auto)", path, err->line,
                err->message);
    else
        cli_say(&o->skips, "jixiao: %s: %s (skipped by --rules auto)", path, err->message);
}

static bool load_rules(const cli_command *cmd, cli_job *job, outcome *o)
{
    jx_error err = {0};
    jx_status st;
    if (strcmp(cmd->rules_choice, "auto") != 0)
        st = jx_rules_load(cmd->rules_choice, cmd->rules_dir, o->rules, &err);
    else if (cmd->catalog != NULL)
        st = jx_rules_pick_from(o->doc, cmd->catalog, cmd->gazetteer, o->rules,
                                note_skipped_set, o, &err);
    else
        st = jx_rules_pick_with(o->doc, cmd->rules_dir, cmd->gazetteer, o->rules,
                                note_skipped_set, o, &err);
    if (st == JX_OK)
        return true;
    failed(job, o, o->rules->path[0] ? o->rules->path : cmd->rules_choice, &err);
    return false;
}

/* With a store: the document's bytes hashed and looked up before they are
 * parsed; an unchanged document (and, for score, its workbook there) is not
 * checked again. Returns the document parsed, or NULL (reused, or failed). */
static jx_document *load_or_reuse(cli_command *cmd, cli_job *job, outcome *o)
{
    jx_error err = {0};
    if (cmd->store == NULL) {
        jx_document *doc = jx_document_load_with(job->path, JX_FORMAT_AUTO, cmd->forms, &err);
        if (doc == NULL)
            failed(job, o, job->path, &err);
        return doc;
    }
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (jx_input_read(job->path, &bytes, &len, &err) != JX_OK) {
        failed(job, o, job->path, &err);
        return NULL;
    }
    jx_sha256_hex(bytes, len, o->sha256);
    bool workbook_there = cmd->targets == NULL || access(cmd->targets[job->index], F_OK) == 0;
    if (workbook_there && (o->reused = jx_summary_new(&err)) != NULL) {
        bool found = false;
        pthread_mutex_lock(&cmd->store_lock);
        jx_status st = jx_store_lookup(cmd->store, o->sha256, o->reused, &found, &err);
        pthread_mutex_unlock(&cmd->store_lock);
        if (st == JX_OK && found) {
            free(bytes);
            const jx_summary_doc *row = jx_summary_row(o->reused, 0);
            job->status = row != NULL && row->errors > 0 ? 1 : 0;
            return NULL;
        }
        jx_summary_free(o->reused);
        o->reused = NULL;
        if (st != JX_OK) {
            free(bytes);
            failed(job, o, job->path, &err);
            return NULL;
        }
    }
    jx_document *doc =
        jx_document_parse_with(job->path, bytes, len, JX_FORMAT_AUTO, cmd->forms, &err);
    free(bytes);
    if (doc == NULL)
        failed(job, o, job->path, &err);
    return doc;
}

/* score: the workbook, and the line that says so. */
static void write_workbook(const cli_command *cmd, cli_job *job, const outcome *o)
{
    const char *target = cmd->targets[job->index];
    jx_error err = {0};
    jx_workbook_notes notes;
    if (jx_write_workbook_file(o->report, target, cmd->templates, &notes, &err) != JX_OK) {
        cli_say(&job->msgs, "jixiao: %s", err.message);
        job->status = 2;
        return;
    }
    jx_buf_puts(&job->out, "jixiao: wrote ");
    jx_text_escape(&job->out, target, strlen(target), JX_TEXT_NAME, 0, NULL);
    jx_buf_printf(&job->out, " (%zu scorecards: %zu errors, %zu warnings, %zu info)\n",
                  o->report->ncards, o->report->errors, o->report->warnings, o->report->infos);
    if (notes.cells_cut > 0)
        cli_say(&job->msgs,
                "jixiao: %s: %zu cell%s longer than a spreadsheet cell holds (32,767 "
                "characters) cut with a note, the first at %s",
                target, notes.cells_cut, notes.cells_cut > 1 ? "s" : "", notes.first_cut);
}

void cli_check_work(cli_job *job, void *ctx)
{
    cli_command *cmd = ctx;
    outcome *o = calloc(1, sizeof *o);
    if (o == NULL) {
        cli_say(&job->msgs, "jixiao: %s: out of memory", job->path);
        job->status = 2;
        return;
    }
    jx_buf_init(&o->skips);
    job->result = o;
    if ((o->doc = load_or_reuse(cmd, job, o)) == NULL)
        return;
    jx_error err = {0};
    o->rules = calloc(1, sizeof *o->rules);
    if (o->rules == NULL) {
        err.status = JX_ERR_NOMEM;
        snprintf(err.message, sizeof err.message, "out of memory");
        failed(job, o, job->path, &err);
        return;
    }
    if (!load_rules(cmd, job, o))
        return;
    if ((o->report = jx_evaluate(o->doc, o->rules, &err)) == NULL) {
        failed(job, o, job->path, &err);
        return;
    }
    if (cmd->targets != NULL)
        write_workbook(cmd, job, o);
    else if (cmd->json)
        jx_render_check_json(&job->out, o->report);
    else
        jx_render_check_text(&job->out, o->report);
    if (job->status == 0 && o->report->errors > 0)
        job->status = 1;
    if (cmd->summary == NULL) {
        /* Nothing more is made of it: its memory goes back now, not when
         * its turn comes. */
        jx_report_free(o->report);
        o->report = NULL;
        free(o->rules);
        o->rules = NULL;
        jx_document_free(o->doc);
        o->doc = NULL;
    }
}

/* The lines on skipped rule sets not said before in this run. */
static void say_new_skips(cli_command *cmd, cli_job *job, const outcome *o)
{
    if (o->skips.len == 0)
        return;
    jx_buf fresh;
    jx_buf_init(&fresh);
    for (const char *line = o->skips.data; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
        bool seen = false;
        for (const char *s = cmd->skipped_sets.data; s && *s && !seen;) {
            const char *e = strchr(s, '\n');
            size_t n = e ? (size_t)(e - s) + 1 : strlen(s);
            seen = n == len && memcmp(s, line, len) == 0;
            s += n;
        }
        if (!seen) {
            jx_buf_append(&cmd->skipped_sets, line, len);
            jx_buf_append(&fresh, line, len);
        }
        line += len;
    }
    /* Said where the pick said it: before the document's own lines. */
    jx_buf_append(&fresh, job->msgs.data ? job->msgs.data : "", job->msgs.len);
    jx_buf_clear(&job->msgs);
    jx_buf_append(&job->msgs, fresh.data ? fresh.data : "", fresh.len);
    jx_buf_free(&fresh);
}

/* The summary's row and the store's for a document that could not be checked. */
static bool record_failure(cli_command *cmd, cli_job *job, const outcome *o)
{
    jx_error err = {0};
    jx_summary_doc row = {.path = job->path, .workbook = "", .sha256 = o ? o->sha256 : "",
                          .format = "", .unit = "", .province = "", .year = "", .kind = "",
                          .rules = "", .failure = o && o->why[0] ? o->why : "unreadable"};
    if (jx_summary_add_row(cmd->summary, &row, &err) != JX_OK)
        return false;
    if (cmd->store == NULL)
        return true;
    pthread_mutex_lock(&cmd->store_lock);
    jx_status st = jx_store_put_failure(cmd->store, &row, &err);
    pthread_mutex_unlock(&cmd->store_lock);
    if (st != JX_OK)
        cli_say(&job->msgs, "jixiao: %s", err.message);
    return st == JX_OK;
}

static bool record(cli_command *cmd, cli_job *job, outcome *o)
{
    jx_error err = {0};
    if (o != NULL && o->reused != NULL) {
        /* The row as recorded, under the name and workbook of this run. */
        jx_summary_doc row = *jx_summary_row(o->reused, 0);
        row.path = job->path;
        row.workbook = cmd->targets ? cmd->targets[job->index] : "";
        return jx_summary_add_row(cmd->summary, &row, &err) == JX_OK;
    }
    if (o == NULL || o->report == NULL)
        return record_failure(cmd, job, o);
    const char *workbook = cmd->targets ? cmd->targets[job->index] : NULL;
    if (jx_summary_add_report(cmd->summary, o->report, job->path, workbook, o->sha256, &err) !=
        JX_OK)
        return false;
    if (cmd->store == NULL)
        return true;
    const jx_summary_doc *row = jx_summary_row(cmd->summary, jx_summary_count(cmd->summary) - 1);
    pthread_mutex_lock(&cmd->store_lock);
    jx_status st = jx_store_put(cmd->store, o->report, row, &err);
    pthread_mutex_unlock(&cmd->store_lock);
    if (st != JX_OK)
        cli_say(&job->msgs, "jixiao: %s", err.message);
    return st == JX_OK;
}

bool cli_check_emit(cli_job *job, void *ctx)
{
    cli_command *cmd = ctx;
    outcome *o = job->result;
    if (o != NULL)
        say_new_skips(cmd, job, o);
    bool ok = true;
    if (o != NULL && o->reused != NULL)
        cmd->reused++;
    else if (job->status == 2)
        cmd->failed++;
    else
        cmd->checked++;
    if (cmd->summary != NULL && !record(cmd, job, o)) {
        cli_say(&job->msgs, "jixiao: %s: could not be recorded (out of memory or the store failed)",
                job->path);
        ok = false;
    }
    if (job->status > cmd->status)
        cmd->status = job->status;
    outcome_free(o);
    job->result = NULL;
    if (!ok)
        cmd->status = 2;
    return ok;
}

void cli_check_discard(cli_job *job, void *ctx)
{
    (void)ctx;
    outcome_free(job->result);
    job->result = NULL;
}
