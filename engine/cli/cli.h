/*
 * cli.h — what the command's files share: the options of a run and the
 * per-document work of parse, check and score (work.c).
 */
#ifndef JX_CLI_H
#define JX_CLI_H

#include "run.h"

#include <pthread.h>

/* The sets and files a run reads once and every worker borrows. */
typedef struct {
    const char *name;              /* parse, check, score */
    bool json;
    const char *rules_choice;      /* auto, a name or a path */
    const char *rules_dir;
    const jx_forms *forms;
    const jx_gazetteer *gazetteer; /* NULL: none (or not auto) */
    const jx_rules_catalog *catalog;
    const jx_templates *templates; /* score */
    char *const *targets;          /* score: each input's workbook */
    jx_summary *summary;           /* NULL unless --summary or --db */
    jx_store *store;               /* NULL unless --db */
    pthread_mutex_t store_lock;    /* the store is used by one thread at a time */
    /* What the run found, counted as the documents are emitted. */
    int status;
    size_t checked, reused, failed;
    jx_buf skipped_sets;           /* the lines said about rule sets --rules auto skipped */
} cli_command;

/* Why a file could not be read or used, as a line for standard error:
 * "jixiao: PATH[:LINE]: message" (work.c). */
void cli_say_error(jx_buf *msgs, const char *path, const jx_error *err);

void cli_parse_work(cli_job *job, void *ctx);
void cli_check_work(cli_job *job, void *ctx);
bool cli_check_emit(cli_job *job, void *ctx);
void cli_check_discard(cli_job *job, void *ctx);
bool cli_parse_emit(cli_job *job, void *ctx);

#endif /* JX_CLI_H */
