/*
 * run.c — many documents at once: a pool of workers takes the inputs in
 * order, each document's output waits in its slot until every earlier one
 * is written, so the output is the same bytes whatever the number of
 * workers; a progress line; a signal stops the run cleanly.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "run.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ messages and progress */

/* Whether a progress line is on the terminal now (it is cleared before
 * anything else is written to standard error). Written by the calling
 * thread only. */
static bool progress_shown;
/* Whether the run shows progress at all (cli_run.progress). */
static bool progress_on;

void cli_stderr(const char *text, size_t len)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = false;
    }
    fwrite(text, 1, len, stderr);
}

void cli_say(jx_buf *msgs, const char *fmt, ...)
{
    char raw[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    jx_text_escape(msgs, raw, strlen(raw), JX_TEXT_TERMINAL, 0, NULL);
    jx_buf_puts(msgs, "\n");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* h:mm:ss, or m:ss under an hour. */
static void clock_text(char *buf, size_t size, double seconds)
{
    unsigned long s = seconds > 0 ? (unsigned long)(seconds + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
}

typedef struct {
    bool on;
    double started, shown;
} progress;

/* "jixiao: 1200/2000 documents (60%), 185.2/s, 0:06 elapsed, 0:04 left",
 * redrawn at most four times a second. */
static void progress_show(progress *p, size_t done, size_t total, bool last)
{
    if (!p->on)
        return;
    double now = now_seconds();
    if (!last && now - p->shown < 0.25)
        return;
    p->shown = now;
    double elapsed = now - p->started;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    char spent[32], left[32];
    clock_text(spent, sizeof spent, elapsed);
    clock_text(left, sizeof left, rate > 0 ? (double)(total - done) / rate : 0);
    fprintf(stderr, "\r\033[Kjixiao: %zu/%zu documents (%zu%%), %.1f/s, %s elapsed, %s left",
            done, total, total ? done * 100 / total : 100, rate, spent, left);
    progress_shown = true;
    if (last) {
        fputc('\n', stderr);
        progress_shown = false;
    }
    fflush(stderr);
}

/* ------------------------------------------------------------ signals */

/* The stop signal received, 0 for none: set by the handler, read by all. */
static volatile sig_atomic_t stop_signal;

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NSTOP (sizeof stop_signals / sizeof stop_signals[0])

/* The first stop lets the documents begun finish; a second one (Ctrl-C
 * again, when one of them takes too long) ends the command at once. */
static void on_stop(int sig)
{
    if (stop_signal != 0) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
}

static void catch_stops(struct sigaction saved[NSTOP])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NSTOP; i++)
        sigaction(stop_signals[i], &sa, &saved[i]);
}

/* Gives the signals back their handling, and a stop its effect. */
static void release_stops(const struct sigaction saved[NSTOP])
{
    for (size_t i = 0; i < NSTOP; i++)
        sigaction(stop_signals[i], &saved[i], NULL);
    if (stop_signal != 0) {
        fflush(stdout);
        raise(stop_signal);
    }
}

/* ------------------------------------------------------------ the pool */

typedef struct {
    cli_job job;
    bool done;
} slot;

typedef struct {
    const cli_run *run;
    slot *slots;
    size_t window;         /* slots: how far the workers may run ahead of the output */
    size_t next;           /* the next input a worker takes */
    size_t emitted;        /* inputs written */
    bool halted;           /* output failed: no job starts any more */
    pthread_mutex_t lock;
    pthread_cond_t taken;  /* a slot is free again */
    pthread_cond_t done;   /* a job is done */
} pool;

static void job_reset(cli_job *job, const cli_run *run, size_t index)
{
    job->index = index;
    job->path = run->paths[index];
    jx_buf_clear(&job->out);
    jx_buf_clear(&job->msgs);
    job->status = 0;
    job->result = NULL;
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->next < p->run->njobs && p->next - p->emitted >= p->window && !stop_signal &&
               !p->halted)
            pthread_cond_wait(&p->taken, &p->lock);
        if (p->next >= p->run->njobs || stop_signal || p->halted) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        size_t i = p->next++;
        slot *s = &p->slots[i % p->window];
        pthread_mutex_unlock(&p->lock);
        job_reset(&s->job, p->run, i);
        p->run->work(&s->job, p->run->ctx);
        pthread_mutex_lock(&p->lock);
        s->done = true;
        pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->lock);
    }
}

/* Writes a job's messages and output; false when standard output fails. */
static bool write_job(const cli_job *job)
{
    if (job->msgs.len)
        cli_stderr(job->msgs.data, job->msgs.len);
    if (job->out.failed || job->msgs.failed) {
        cli_stderr("jixiao: out of memory while rendering\n", 38);
        return false;
    }
    if (job->out.len == 0)
        return true;
    /* Output to the same terminal must not run on from the progress line,
     * nor wait in stdout's buffer while the next progress line is drawn. */
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = false;
    }
    if (fwrite(job->out.data, 1, job->out.len, stdout) != job->out.len ||
        (progress_on && fflush(stdout) != 0)) {
        perror("jixiao: writing output");
        return false;
    }
    return true;
}

/* Waits for job i, or for the run to stop before it started; true when it is done. */
static bool wait_for(pool *p, size_t i)
{
    slot *s = &p->slots[i % p->window];
    pthread_mutex_lock(&p->lock);
    while (!s->done && !((stop_signal || p->halted) && i >= p->next)) {
        /* Woken at least ten times a second to see a stop. */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000;
        if (until.tv_nsec >= 1000 * 1000 * 1000) {
            until.tv_sec++;
            until.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&p->done, &p->lock, &until);
    }
    bool done = s->done;
    pthread_mutex_unlock(&p->lock);
    return done;
}

static void free_slot(pool *p, size_t i)
{
    slot *s = &p->slots[i % p->window];
    pthread_mutex_lock(&p->lock);
    s->done = false;
    p->emitted++;
    pthread_cond_broadcast(&p->taken);
    pthread_mutex_unlock(&p->lock);
}

int cli_run_jobs(const cli_run *run)
{
    unsigned threads = run->threads ? run->threads : 1;
    if (threads > run->njobs)
        threads = run->njobs ? (unsigned)run->njobs : 1;
    pool p = {.run = run, .window = (size_t)threads * 4};
    p.slots = calloc(p.window, sizeof *p.slots);
    pthread_t *ids = calloc(threads, sizeof *ids);
    if (p.slots == NULL || ids == NULL) {
        free(p.slots);
        free(ids);
        cli_stderr("jixiao: out of memory\n", 22);
        return 2;
    }
    for (size_t i = 0; i < p.window; i++) {
        jx_buf_init(&p.slots[i].job.out);
        jx_buf_init(&p.slots[i].job.msgs);
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.taken, NULL);
    pthread_cond_init(&p.done, NULL);
    struct sigaction saved[NSTOP];
    catch_stops(saved);
    progress bar = {.on = run->progress, .started = now_seconds()};
    progress_on = run->progress;

    unsigned started = 0;
    if (threads > 1) {
        jx_threads_prepare();
        for (; started < threads; started++)
            if (pthread_create(&ids[started], NULL, worker, &p) != 0)
                break;
    }
    int status = 0;
    for (size_t i = 0; i < run->njobs; i++) {
        slot *s = &p.slots[i % p.window];
        if (started == 0) {
            /* One worker: this thread does the work, then writes it. */
            if (stop_signal || p.halted)
                break;
            job_reset(&s->job, run, i);
            p.next = i + 1;
            run->work(&s->job, run->ctx);
            s->done = true;
        } else if (!wait_for(&p, i)) {
            break;
        }
        if (status == 0) {
            bool emitted = run->emit(&s->job, run->ctx);
            if (!write_job(&s->job) || !emitted)
                status = 2;
        } else if (run->discard) {
            run->discard(&s->job, run->ctx);
        }
        free_slot(&p, i);
        if (status == 0)
            progress_show(&bar, i + 1, run->njobs, false);
        if (status != 0 && !p.halted) {
            /* Output failed: let no further job start, finish those started. */
            pthread_mutex_lock(&p.lock);
            p.halted = true;
            pthread_cond_broadcast(&p.taken);
            pthread_mutex_unlock(&p.lock);
        }
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    /* Jobs done but not written (the run stopped): their results freed. */
    for (size_t i = 0; i < p.window; i++) {
        if (p.slots[i].done && run->discard)
            run->discard(&p.slots[i].job, run->ctx);
        jx_buf_free(&p.slots[i].job.out);
        jx_buf_free(&p.slots[i].job.msgs);
    }
    if (status == 0 && !stop_signal && run->njobs > 0)
        progress_show(&bar, run->njobs, run->njobs, true);
    else if (progress_shown)
        cli_stderr("\n", 1);
    pthread_cond_destroy(&p.done);
    pthread_cond_destroy(&p.taken);
    pthread_mutex_destroy(&p.lock);
    free(p.slots);
    free(ids);
    if (fflush(stdout) != 0) {
        perror("jixiao: writing output");
        status = 2;
    }
    release_stops(saved);
    return status;
}

unsigned cli_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}
