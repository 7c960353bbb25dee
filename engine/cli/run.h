/*
 * run.h — the command's run over many documents: workers that read and
 * check them at once, their output written in the inputs' order, a progress
 * line, and a clean stop on a signal (run.c).
 */
#ifndef JX_CLI_RUN_H
#define JX_CLI_RUN_H

#include "jixiao.h"

#include <stdbool.h>
#include <stddef.h>

/* One document's work: what it writes, kept until its turn comes. */
typedef struct {
    size_t index;          /* its place among the inputs */
    const char *path;
    jx_buf out;            /* for standard output */
    jx_buf msgs;           /* for standard error: whole lines, made safe (cli_say) */
    int status;            /* 0, 1 (findings of severity error), 2 (it failed) */
    void *result;          /* the command's, for `emit`; freed by it */
} cli_job;

typedef struct {
    const char *const *paths;
    size_t njobs;
    unsigned threads;      /* 1: everything on the calling thread */
    bool progress;         /* a progress line on standard error */
    /* Reads and checks job->path into the job; runs on a worker, never prints. */
    void (*work)(cli_job *job, void *ctx);
    /* In input order, on the calling thread, before the job's messages and
     * output are written (it may add to them); frees job->result. False
     * stops the run (a failure it has said). */
    bool (*emit)(cli_job *job, void *ctx);
    /* Frees job->result of a job that will not be emitted (the run stopped). */
    void (*discard)(cli_job *job, void *ctx);
    void *ctx;
} cli_run;

/*
 * Runs every job, writing each one's messages and output in input order.
 * Returns 0 when all were emitted, 2 when writing output or `emit` failed.
 * On SIGINT, SIGTERM, SIGHUP or SIGQUIT no job starts; those started finish
 * (a workbook is never left half written), are emitted, and the signal then
 * takes effect.
 */
int cli_run_jobs(const cli_run *run);

/* Appends a line for standard error, made safe for a terminal (a name or a
 * document's words may hold control characters). */
void cli_say(jx_buf *msgs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes to standard error, first clearing the progress line if one is shown. */
void cli_stderr(const char *text, size_t len);

/* The number of cores this process may run on; at least 1. */
unsigned cli_cores(void);

#endif /* JX_CLI_RUN_H */
