/*
 * measure — run one command and report its wall time and peak memory.
 *
 *   measure LABEL OUTFILE -- CMD ARGS...
 *
 * Runs CMD with stdout redirected to OUTFILE (/dev/null allowed) and prints
 *   LABEL wall_s=<s.mmm> cpu_s=<s.mmm> maxrss_kb=<kb> exit=<status>
 * cpu_s is the user and system time of CMD and the children it waited for:
 * throughput "per CPU second" does not depend on how busy the machine is.
 * The exit status is the child's (128+signal if it was killed), or 2 when
 * the command could not be started. GNU time is not part of coreutils and
 * bash's `time` gives no memory figure, hence this tool.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* wait4 is BSD/GNU, not POSIX; declare it rather than widen the feature
 * macros for the whole file. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Child side: stdout to out_fd, then exec. On failure the errno goes back
 * through err_fd (close-on-exec, so a successful exec just closes it) and
 * the parent reports it; the child never prints.
 */
static void run_child(int out_fd, int err_fd, char **cmd)
{
    if (dup2(out_fd, STDOUT_FILENO) >= 0)
        execvp(cmd[0], cmd);
    int e = errno;
    ssize_t ignored = write(err_fd, &e, sizeof e);
    (void)ignored;
    _exit(127);
}

/* Returns the errno the child sent back, or 0 if its exec succeeded. */
static int exec_error(int err_fd)
{
    int e = 0;
    ssize_t n;
    do
        n = read(err_fd, &e, sizeof e);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)sizeof e ? e : 0;
}

static int exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 5 || strcmp(argv[3], "--") != 0) {
        fprintf(stderr, "usage: measure LABEL OUTFILE -- CMD ARGS...\n");
        return 2;
    }
    const char *label = argv[1], *outfile = argv[2];
    char **cmd = argv + 4;

    int out_fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out_fd < 0) {
        fprintf(stderr, "measure: cannot open %s: %s\n", outfile, strerror(errno));
        return 2;
    }
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0 || fcntl(pipe_fd[1], F_SETFD, FD_CLOEXEC) != 0) {
        fprintf(stderr, "measure: pipe: %s\n", strerror(errno));
        return 2;
    }

    double start = now_seconds();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "measure: fork: %s\n", strerror(errno));
        return 2;
    }
    if (pid == 0)
        run_child(out_fd, pipe_fd[1], cmd);
    close(pipe_fd[1]);
    close(out_fd);

    int err = exec_error(pipe_fd[0]);
    close(pipe_fd[0]);
    int status;
    struct rusage ru;
    pid_t got;
    do
        got = wait4(pid, &status, 0, &ru);
    while (got < 0 && errno == EINTR);
    double wall = now_seconds() - start;
    if (got < 0) {
        fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
        return 2;
    }
    if (err != 0) {
        fprintf(stderr, "measure: cannot run %s: %s\n", cmd[0], strerror(err));
        return 2;
    }

    int code = exit_code(status);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    printf("%s wall_s=%.3f cpu_s=%.3f maxrss_kb=%ld exit=%d\n", label, wall, cpu, ru.ru_maxrss,
           code);
    return fflush(stdout) == 0 ? code : 2;
}
